"""Read-only facts about the running kernel: BTF struct sizes, slab geometry, size-changing config.

`take()` gathers them; `swapmodel.sources.kernel_records.write_snapshot()` stores a snapshot and
`swapmodel.analysis.validation.catalogue_diff()` compares it with the design catalogue. The
snapshot also records zswap's state (enabled now, ever enabled since boot, debugfs counters when
readable) and the THP `enabled` files as they were when it was taken: zswap's slab caches exist
only once zswap was enabled, so a snapshot says which case its slab geometry describes.
"""

from __future__ import annotations

import gzip
import hashlib
import platform
from pathlib import Path

from swapmodel.kernel.btf import VMLINUX_BTF, BTF
from swapmodel.kernel.state import PROC, SYS, thp_enabled, zswap_state

SLAB_ROOT = Path("/sys/kernel/slab")

STRUCTS = (
    "swap_info_struct", "swap_cluster_info", "swap_table", "swap_cgroup", "swap_cgroup_ctrl", "zswap_entry",
    "xa_node", "xarray", "address_space", "zspage", "zpdesc", "zs_pool", "size_class", "folio", "page",
    "percpu_swap_cluster", "swap_sequential_cluster", "swap_extent", "vm_struct", "vmap_area", "maple_node",
)
"""Structures the issue asks for, plus what the catalogue's derived sizes use."""

LATER_STRUCTS = ("swp_desc", "vswap_cluster", "swap_memcg_table", "swap_cluster_info_dynamic")
"""Structures of post-6.18 designs: reported as absent when this kernel lacks them, never guessed."""

SLAB_CACHES = ("radix_tree_node", "zswap_entry", "zs_handle-zswap1", "zspage-zswap1", "kmalloc-96",
               "kmalloc-128", "kmalloc-1k", "kmalloc-2k", "kmalloc-4k", "maple_node")
"""zswap_entry and the zswap pool's caches exist only once zswap has been enabled since boot
(6.18 defers zswap_setup()); a snapshot taken before that reports them absent."""
SLAB_FIELDS = ("object_size", "slab_size", "objs_per_slab", "order")

CONFIG_ITEMS = ("CONFIG_SWAP", "CONFIG_ZSWAP", "CONFIG_ZSMALLOC", "CONFIG_ZSMALLOC_CHAIN_SIZE", "CONFIG_THP_SWAP",
                "CONFIG_MEMCG", "CONFIG_MEMCG_V1", "CONFIG_NUMA", "CONFIG_NODES_SHIFT", "CONFIG_NR_CPUS",
                "CONFIG_SLUB", "CONFIG_SLAB_FREELIST_HARDENED", "CONFIG_READ_ONLY_THP_FOR_FS",
                "CONFIG_DEBUG_SPINLOCK", "CONFIG_LOCKDEP", "CONFIG_BASE_SMALL", "CONFIG_ZRAM",
                "CONFIG_TRANSPARENT_HUGEPAGE", "CONFIG_PGTABLE_LEVELS")


def struct_sizes(btf: BTF) -> dict[str, int | None]:
    """Byte sizes of STRUCTS and LATER_STRUCTS (None when absent), plus any struct named *vswap*."""
    names = list(STRUCTS) + list(LATER_STRUCTS) + [n for n in btf.names_containing("vswap") if n not in LATER_STRUCTS]
    return {n: (btf.size(n) if btf.has(n) else None) for n in names}


def slab_geometry(root: Path = SLAB_ROOT) -> dict[str, dict | None]:
    """object_size, slab_size, objs_per_slab, order of each cache in SLAB_CACHES (None if absent),
    with the cache a merged alias points to."""
    out: dict[str, dict | None] = {}
    for cache in SLAB_CACHES:
        d = root / cache
        if not d.exists():
            out[cache] = None
            continue
        geo = {f: int((d / f).read_text()) for f in SLAB_FIELDS}
        if d.is_symlink():
            geo["alias_of"] = d.resolve().name
        out[cache] = geo
    return out


def kernel_config(path: Path = Path("/proc/config.gz")) -> dict[str, str]:
    """CONFIG_ITEMS from the running kernel's config ('n' when not set)."""
    if not path.exists():
        return {}
    values = {}
    for line in gzip.decompress(path.read_bytes()).decode().splitlines():
        key, _, value = line.partition("=")
        if key in CONFIG_ITEMS:
            values[key] = value
    return {k: values.get(k, "n") for k in CONFIG_ITEMS}


def take(btf_path: Path = VMLINUX_BTF, proc: Path = PROC, sys: Path = SYS) -> dict:
    """A snapshot of this kernel: version, BTF sizes, slab geometry, config, and the zswap and THP
    state it was taken in."""
    btf = BTF.from_path(btf_path)
    blob = Path(btf_path).read_bytes()
    proc_version = Path(proc) / "version"
    return {
        "kernel_release": platform.release(),
        "proc_version": proc_version.read_text().strip() if proc_version.exists() else "",
        "machine": platform.machine(),
        "btf": {"path": str(btf_path), "bytes": len(blob), "md5": hashlib.md5(blob).hexdigest()},
        "struct_sizes": struct_sizes(btf),
        "slab": slab_geometry(Path(sys) / "kernel/slab"),
        "config": kernel_config(Path(proc) / "config.gz"),
        "zswap": zswap_state(sys, proc),
        "thp_enabled": thp_enabled(sys),
        "generated_by": "swapmodel kernel snapshot (read-only)",
    }
