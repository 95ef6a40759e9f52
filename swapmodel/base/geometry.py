"""Geometry of the swap space and of the XArray, with the kernel source each constant comes from."""

from swapmodel.base.errors import check_range

PAGE_SIZE_BYTES = 4096
"""x86-64 with 4 KiB pages (PAGE_SHIFT = 12, arch/x86/include/asm/page_types.h), the architecture of
every table here."""

SWAPFILE_CLUSTER_SLOTS = 512
"""Slots per cluster: SWAPFILE_CLUSTER = HPAGE_PMD_NR with CONFIG_THP_SWAP=y
(https://elixir.bootlin.com/linux/v6.18/source/mm/swap.h); this machine has CONFIG_THP_SWAP=y."""

XA_CHUNK_SHIFT = 6
"""Slots per XArray node = 1 << XA_CHUNK_SHIFT = 64 when CONFIG_BASE_SMALL=n
(https://elixir.bootlin.com/linux/v6.18/source/include/linux/xarray.h)."""

XA_CHUNK_SLOTS = 1 << XA_CHUNK_SHIFT

ZSWAP_TREE_SLOTS = 1 << 14
"""Swap slots per zswap tree: one XArray per 64 MiB of swap space (ZSWAP_ADDRESS_SPACE_SHIFT 14,
https://elixir.bootlin.com/linux/v6.18/source/mm/zswap.c)."""

STATES = ("zswap", "disk", "zero", "swapcache", "writeback")
"""Entry states: compressed in zswap; on a disk slot; zero-filled (flag only); in the swap cache with
no backing (cache-only); written back from zswap to disk."""

UNITS = ("slot", "cluster", "used_cluster", "entry", "xarray_node")
"""What a component is paid per: provisioned slot, provisioned cluster, cluster holding at least one
entry, entry in given states, XArray node needed by the keys of given states."""

SPACES = ("swap", "backing")
"""`swap` is the space the PTE's swp_entry_t names (a physical device, a ghost device or virtual swap);
`backing` is the physical device behind a virtual or redirected entry."""


KIB_BYTES = 1 << 10
MIB_BYTES = 1 << 20
GIB_BYTES = 1 << 30
TIB_BYTES = 1 << 40

PAGES_PER_MIB = MIB_BYTES // PAGE_SIZE_BYTES
"""4 KiB pages (swap slots) per MiB: 256. Convert MiB to pages with this one constant."""

DENSE_SAMPLE_ENTRIES = 1 << 20
"""Entries of the densely filled device that per-page figures are priced on (large enough that
the last partial cluster and XArray node change the result by less than 0.01 %)."""


MAX_SWAP_SLOTS = 1 << 42
"""Largest swap space the closed forms accept: 2**42 slots = 16 PiB, above the largest posted
ceiling (~8 PB for STE v2). Up to here slot counts are exact in a float64 and the random-placement
probabilities stay accurate (tests/test_occupancy.py); beyond it a ParameterError says so."""


MAX_SWAP_GIB = MAX_SWAP_SLOTS * PAGE_SIZE_BYTES // GIB_BYTES


def slots_from_gib(gib):
    """Number of 4 KiB slots in `gib` GiB of swap, 0 to MAX_SWAP_GIB (16 PiB)."""
    gib = check_range("swap_gib", gib, 0, MAX_SWAP_GIB)
    return gib * GIB_BYTES // PAGE_SIZE_BYTES
