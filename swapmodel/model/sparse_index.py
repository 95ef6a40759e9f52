"""Memory of an index over a sparse set of cluster ids, three ways.

A dynamic swap space (vswap, the dynamic ghost swapfile, the Swap Table Edition) finds a cluster's
metadata from its id through an index. Yosry Ahmed asked whether an XArray suits a sparse id space
("Maybe a maple tree? :)", 3 Jun 2026,
https://lore.kernel.org/all/CAKEwX=M7zH=+83xeOnZcrHKt4jCo6hCB3qVLqWpfLquMcRbyUQ@mail.gmail.com/), and
STE v5 reportedly moves to a VM_SPARSE vmalloc array (secondary source: a digest of the thread,
not the posting). Node sizes come from the catalogue (data/designs/structs.toml, BTF of 6.18.44):

- XArray: exact node count of lib/xarray.c's rules (`xarray_nodes_for_keys`), xa_node objects.
- maple tree (lib/maple_tree.c): a leaf (maple_range_64) holds 16 ranges; every id is its own
  range (each points to a different cluster) and every gap between ids is a NULL range. Internal
  nodes of an allocation tree (MT_FLAGS_ALLOC_RANGE, needed to allocate ids as xa_alloc() does)
  are maple_arange_64 with 10 slots. `packing="full"` fills every node (a lower bound); "half"
  fills them to half, the least a balanced maple tree keeps outside the root.
- VM_SPARSE array: one pointer (8 B) per id in a virtually contiguous array whose pages are
  populated on first touch: one 4 KiB page per 512-id window holding a live id.
"""

from __future__ import annotations

import math

import numpy as np

from swapmodel.base.errors import ParameterError
from swapmodel.base.geometry import PAGE_SIZE_BYTES
from swapmodel.model.occupancy import xarray_nodes_for_keys
from swapmodel.sources.designs import load_structs

MAPLE_RANGE64_SLOTS = 16
"""Slots of a maple tree leaf: maple_range_64 has 15 pivots (BTF: pivot is 120 B) and 16 slots."""
MAPLE_ARANGE64_SLOTS = 10
"""Slots of an allocation-range internal node (include/linux/maple_tree.h)."""
POINTER_BYTES = 8
STRUCTURES = ("xarray", "maple", "vmalloc")


def _ids(cluster_ids) -> np.ndarray:
    ids = np.unique(np.asarray(cluster_ids, dtype=np.int64))
    if ids.size and ids[0] < 0:
        raise ParameterError("cluster_ids: ids must be >= 0")
    return ids


def xarray_bytes(cluster_ids) -> float:
    """xa_node footprint of an XArray holding `cluster_ids` (exact node count)."""
    return xarray_nodes_for_keys(_ids(cluster_ids)) * load_structs()["xa_node"].footprint_bytes


def maple_bytes(cluster_ids, packing: str = "full") -> float:
    """maple_node footprint of a maple tree mapping each id to its own cluster (see module doc)."""
    if packing not in ("full", "half"):
        raise ParameterError(f"packing={packing!r} must be 'full' or 'half'")
    ids = _ids(cluster_ids)
    if ids.size == 0:
        return 0.0
    gaps = int(np.count_nonzero(np.diff(ids) > 1)) + (1 if ids[0] > 0 else 0) + 1  # and the tail to ULONG_MAX
    ranges = ids.size + gaps
    fill = 1.0 if packing == "full" else 0.5
    nodes = math.ceil(ranges / (MAPLE_RANGE64_SLOTS * fill))
    level = nodes
    while level > 1:
        level = math.ceil(level / (MAPLE_ARANGE64_SLOTS * fill))
        nodes += level
    return nodes * load_structs()["maple_node"].footprint_bytes


def vmalloc_bytes(cluster_ids) -> float:
    """Populated pages of a sparse vmalloc array of one pointer per id."""
    ids = _ids(cluster_ids)
    per_page = PAGE_SIZE_BYTES // POINTER_BYTES
    return float(np.unique(ids // per_page).size * PAGE_SIZE_BYTES)


def index_bytes(structure: str, cluster_ids) -> float:
    """Bytes of the index `structure` ("xarray", "maple" with full nodes, "vmalloc") over `cluster_ids`."""
    if structure == "xarray":
        return xarray_bytes(cluster_ids)
    if structure == "maple":
        return maple_bytes(cluster_ids)
    if structure == "vmalloc":
        return vmalloc_bytes(cluster_ids)
    raise ParameterError(f"structure={structure!r} must be one of {', '.join(STRUCTURES)}")


def strided_ids(n_live: int, stride: int) -> np.ndarray:
    """`n_live` cluster ids `stride` apart: the adversarial spread of one live cluster per window."""
    if not (isinstance(n_live, (int, np.integer)) and 1 <= n_live <= 1 << 26):
        raise ParameterError(f"n_live={n_live!r} must be a whole number in [1, {1 << 26}]")
    if not (isinstance(stride, (int, np.integer)) and 1 <= stride <= 1 << 32):
        raise ParameterError(f"stride={stride!r} must be a whole number in [1, {1 << 32}]")
    return np.arange(n_live, dtype=np.int64) * int(stride)
