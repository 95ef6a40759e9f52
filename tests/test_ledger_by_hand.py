"""Every design's full ledger, priced by hand on one occupancy where each component is paid.

The occupancy: a 256 MiB swap space (65,536 slots, 128 clusters, four 64 MiB XArray spans) holding
16,384 zswap entries and 16,384 entries of a second state (disk, or swapcache / writeback where the
design has no disk state), packed from slot 0; a design with a physical backing device gets one of
32,768 slots. The arithmetic below uses kernel sizes (BTF of 6.18.44, /sys/kernel/slab, posted
field lists), not the catalogue, so deleting or changing any component fails here.
"""

import pytest

from swapmodel.model.cost import cost
from swapmodel.model.occupancy import Dense
from swapmodel.sources.designs import load_catalogue

S = 65536              # provisioned slots
C = S // 512           # provisioned clusters (SWAPFILE_CLUSTER 512)
Z = 16384              # zswap entries; the second state holds as many
USED = 2 * Z // 512    # used clusters of the swap space
B = 32768              # backing slots
B_USED = Z // 512      # used backing clusters (the disk or writeback entries)
NODE = 8192 / 14       # xa_node (576 B) in radix_tree_node: 14 per order-1 slab (sysfs)
TREE = 261             # nodes of a full 16384-key XArray: 256 leaves, 4, 1
TWO_TREES = 2 * TREE   # the 32768 entries of both states, per 64 MiB span
FLAT_32K = 512 + 8 + 1  # one XArray of 32768 dense keys (no span)
ZE = 4096 / 73         # zswap_entry (56 B): 73 per 4 KiB slab (sysfs)
HANDLE = 4096 / 512    # zs_handle: 512 per 4 KiB slab (sysfs)
ZSWAP = Z * ZE + Z * HANDLE
XA_TREE_HEADS = S / 16384 * 16                       # struct xarray (16 B) per 64 MiB
STATIC_6_18 = S * 1 + S / 2 * 4 + S / 8 + C * 32      # swap_map, swap_cgroup (2 ids in 4 B), zeromap, cluster info (BTF 32 B)
DYN_CLUSTER = 4096 / 42                             # swap_cluster_info_dynamic (80 B) in kmalloc-96: 42 per 4 KiB

HAND = {
    "linux-6.12": ("disk", {
        "swap_map": S, "swap_cgroup": S * 2, "swap_cgroup map": S / 2048 * 8, "zeromap": S / 8,
        "swap_cluster_info": C * 24, "swapper_spaces": S / 16384 * 192, "zswap_trees": XA_TREE_HEADS,
        "swap cache xa_node": TWO_TREES * NODE, "zswap tree xa_node": TREE * NODE,
        "zswap_entry": Z * ZE, "zsmalloc handle": Z * HANDLE}),
    "linux-6.18": ("disk", {
        "swap_map": S, "swap_cgroup": S / 2 * 4, "zeromap": S / 8, "swap_cluster_info": C * 32,
        "zswap_trees": XA_TREE_HEADS, "zswap tree xa_node": TREE * NODE, "zswap_entry": Z * ZE,
        "zsmalloc handle": Z * HANDLE, "swap_table": USED * 4096}),
    "ghost-rfc": ("swapcache", {
        "swap_map": S, "swap_cgroup": S / 2 * 4, "zeromap": S / 8, "swap_cluster_info": C * 32,
        "zswap_trees": XA_TREE_HEADS, "zswap tree xa_node": TREE * NODE, "zswap_entry": Z * ZE,
        "zsmalloc handle": Z * HANDLE, "swap_table": USED * 4096}),
    "ghost-redirect": ("writeback", {
        "swap_map": S, "swap_cgroup": S / 2 * 4, "zeromap": S / 8, "swap_cluster_info": C * 32,
        "zswap_trees": XA_TREE_HEADS, "zswap tree xa_node": TREE * NODE, "zswap_entry": Z * ZE,
        "zsmalloc handle": Z * HANDLE, "swap_table": USED * 4096, "redirect": Z * 4,
        "backing swap_map": B, "backing swap_cgroup": B / 2 * 4, "backing zeromap": B / 8,
        "backing swap_cluster_info": B / 512 * 32, "backing zswap_trees": B / 16384 * 16,
        "backing swap_table": B_USED * 4096}),
    "swap-table-p3": ("disk", {
        "swap_cgroup": S / 2 * 4, "zeromap": S / 8, "swap_cluster_info": C * 40, "zswap_trees": XA_TREE_HEADS,
        "zswap tree xa_node": TREE * NODE, "zswap_entry": Z * ZE, "zsmalloc handle": Z * HANDLE,
        "swap_table": USED * 4096}),
    "swap-table-p4-rfc": ("disk", {
        "swap_cluster_info": C * 40, "zswap_trees": XA_TREE_HEADS, "zswap tree xa_node": TREE * NODE,
        "zswap_entry": Z * ZE, "zsmalloc handle": Z * HANDLE, "swap_table": USED * 4096}),
    "swap-table-p4": ("disk", {
        "swap_cluster_info": C * 48, "zswap_trees": XA_TREE_HEADS, "zswap tree xa_node": TREE * NODE,
        "zswap_entry": Z * ZE, "zsmalloc handle": Z * HANDLE, "swap_table": USED * 4096,
        "memcg_table": USED * 1024}),
    "p4-rfc-ghost": ("disk", {
        "zswap_entry": Z * ZE, "zsmalloc handle": Z * HANDLE, "swap_table": USED * 4096,
        "swap_cluster_info_dynamic": USED * DYN_CLUSTER, "virtual_table": USED * 4096,
        "cluster_info_pool xa_node": 1 * NODE,
        "backing swap_cluster_info": B / 512 * 40, "backing zswap_trees": B / 16384 * 16,
        "backing swap_table": B_USED * 4096}),
    "vswap-rfc-v1": ("disk", {
        "swp_desc": 2 * Z * 64, "vswap_map xa_node": FLAT_32K * NODE, "swap cache xa_node": TWO_TREES * NODE,
        "zswap tree xa_node": TREE * NODE, "zswap_entry": Z * ZE, "zsmalloc handle": Z * HANDLE,
        "backing vswap_rmap xa_node": TREE * NODE, "backing swap_map": B, "backing swap_cluster_info": B / 512 * 24}),
    "vswap-rfc-v2": ("disk", {
        "swp_desc": 2 * Z * 4096 / 85, "vswap_map xa_node": FLAT_32K * NODE, "swap cache xa_node": TWO_TREES * NODE,
        "zswap tree xa_node": TREE * NODE, "zswap_entry": Z * ZE, "zsmalloc handle": Z * HANDLE,
        "backing vswap_rmap xa_node": TREE * NODE, "backing swap_map": B, "backing swap_cluster_info": B / 512 * 24}),
    "vswap-v3": ("disk", {
        "vswap_cluster": USED * 16384, "vswap cluster xa_node": 1 * NODE, "zswap_entry": Z * ZE,
        "zsmalloc handle": Z * HANDLE, "backing allocation bitmaps": B * 2 / 8,
        "backing swap_cluster_info": B / 512 * 32, "backing swap_table (reverse map)": B_USED * 4096}),
    "vswap-v6": ("disk", {
        "vswap_cluster header": USED * 128, "vswap descriptors": USED * (3 * 4096 + 72 + 72 + 24),
        "vswap cluster xa_node": 1 * NODE, "zswap_entry": Z * ZE, "zsmalloc handle": Z * HANDLE,
        "backing allocation bitmaps": B * 2 / 8, "backing swap_cluster_info": B / 512 * 32,
        "backing swap_table (reverse map)": B_USED * 4096}),
    "vswap-ste-v2": ("disk", {
        "swap_cluster_info_dynamic": USED * DYN_CLUSTER, "virtual_table": USED * 4096, "swap_table": USED * 4096,
        "memcg_table": USED * 1024, "cluster_info_pool xa_node": 1 * NODE, "zswap_entry": Z * ZE,
        "zsmalloc handle": Z * HANDLE, "backing swap_cluster_info": B / 512 * 48,
        "backing zswap_trees": B / 16384 * 16, "backing swap_table": B_USED * 4096}),
}
HAND["swap-table-p2"] = HAND["linux-6.18"]   # phase II changed no metadata
# the mm CI tree form (linux-mm/linux-mm mm/swap.h 898e3201, mm/vswap.h 0822e81d): ci_dyn 48 + 4 + 4 + 16 + 8
# = 80 B in kmalloc-96, kcalloc(512, 8) = 4096 B, the same objects as RFC v2; v5 is known only second hand
HAND["vswap-ste-mm"] = HAND["vswap-ste-v5"] = HAND["vswap-ste-v2"]
# vswap v5 (20 Mar 2026): the v6 cover dates the descriptor array split to v5 -> v6, so v5 keeps v3's
# 16 KiB vswap_cluster (24 B swp_desc x 512 + header, kvzalloc order 2)
HAND["vswap-v5"] = HAND["vswap-v3"]


def test_every_design_is_priced_by_hand():
    assert set(HAND) == set(load_catalogue())


@pytest.mark.parametrize("design", sorted(HAND))
def test_full_ledger_component_by_component(design):
    second, expected = HAND[design]
    d = load_catalogue()[design]
    occ = Dense(S, {"zswap": Z, second: Z}, backing_slots=B if d.backing_states else 0)
    b = cost(design, occ)
    got = {("backing " if c.space == "backing" else "") + c.name: float(b.bytes[i, 0]) for i, c in enumerate(b.components)}
    assert set(got) == set(expected)
    for name, value in expected.items():
        assert got[name] == pytest.approx(value, rel=1e-12), name
    assert b.total_bytes[0] == pytest.approx(sum(expected.values()), rel=1e-12)
