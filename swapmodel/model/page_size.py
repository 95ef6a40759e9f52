"""What changes with the page size (4, 16 or 64 KiB, as arm64 kernels build; issue 9 item 10).

SWAPFILE_CLUSTER is HPAGE_PMD_NR = 1 << (PMD_SHIFT - PAGE_SHIFT) (mm/swap.h); on arm64 PMD_SHIFT is
ARM64_HW_PGTABLE_LEVEL_SHIFT(2) = (PAGE_SHIFT - 3) x 2 + 3 (arch/arm64/include/asm/pgtable-hwdef.h):
21, 25 and 29 for 4, 16 and 64 KiB pages, so a cluster holds 512, 2048 and 8192 slots. The XArray
keeps 64 slots per node (XA_CHUNK_SHIFT 6 unless CONFIG_BASE_SMALL), and a swap address space or
zswap tree still spans 1 << SWAP_ADDRESS_SPACE_SHIFT = 16384 pages.

Each full-ledger component priced at 4 KiB is rescaled by what it is paid per: per slot and per
entry components keep their bytes per slot or entry; an array with one element per cluster slot
(`slot_array`: swap_table, memcg_table, virtual_table, vswap descriptors) grows with the cluster;
fixed per-cluster structures and cluster-keyed XArrays are spread over f = cluster slots / 512
times more slots. Slab footprints are kept at their 4 KiB values (objects per slab differ a
little with the page size: not modelled).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from swapmodel.base.errors import ParameterError
from swapmodel.base.geometry import DENSE_SAMPLE_ENTRIES, SWAPFILE_CLUSTER_SLOTS
from swapmodel.model.cost import cost
from swapmodel.model.occupancy import Dense, KeySet
from swapmodel.sources.designs import Component, get_design

ARM64_PAGE_SHIFTS = {4096: 12, 16384: 14, 65536: 16}


def cluster_slots(page_size_bytes: int) -> int:
    """SWAPFILE_CLUSTER for an arm64 kernel with this page size."""
    if page_size_bytes not in ARM64_PAGE_SHIFTS:
        raise ParameterError(f"page_size_bytes={page_size_bytes}; choose one of {sorted(ARM64_PAGE_SHIFTS)}")
    shift = ARM64_PAGE_SHIFTS[page_size_bytes]
    pmd_shift = (shift - 3) * 2 + 3
    return 1 << (pmd_shift - shift)


def _scale(c: Component, f: float, sparse: bool) -> float:
    """Factor on a 4 KiB component's bytes per used entry when clusters hold f times more slots."""
    if c.per in ("slot", "entry") or (c.per == "xarray_node" and c.index == "slot"):
        return 1.0
    if c.per == "used_cluster" and c.slot_array:
        return f if sparse else 1.0        # one per used cluster, f times larger
    return 1.0 if sparse else 1.0 / f      # fixed per cluster, or a cluster-keyed index


def _breakdown(design: str, occ) -> tuple[list[Component], np.ndarray]:
    b = cost(design, occ)
    return list(b.components), b.bytes[:, 0]


def page_size_table(designs, page_sizes=(4096, 16384, 65536), state: str = "disk",
                    entries: int = DENSE_SAMPLE_ENTRIES) -> pd.DataFrame:
    """Per design and page size: static bytes per provisioned slot, dynamic bytes per used entry
    in `state` (a full dense device) and per live entry when every used cluster holds one entry (the
    sparse worst case), each also as a share of the page it describes."""
    rows = []
    for d in designs:
        design = get_design(d)
        if state not in design.states:
            continue
        backing = entries if state in design.backing_states else 0
        comps, empty = _breakdown(d, Dense(entries, {}, backing_slots=backing))
        _, full = _breakdown(d, Dense(entries, {state: entries}, backing_slots=backing))
        n_sparse = entries // SWAPFILE_CLUSTER_SLOTS
        sparse_keys = {state: np.arange(n_sparse) * SWAPFILE_CLUSTER_SLOTS}
        _, sparse = _breakdown(d, KeySet(sparse_keys, swap_slots=entries, backing_slots=backing))
        for page in page_sizes:
            f = cluster_slots(page) / SWAPFILE_CLUSTER_SLOTS
            static = sum(e * _scale(c, f, False) for c, e in zip(comps, empty)) / entries
            dense = sum((x - e) * _scale(c, f, False) for c, x, e in zip(comps, full, empty)) / entries
            worst = sum((x - e) * _scale(c, f, True) for c, x, e in zip(comps, sparse, empty)) / n_sparse
            rows.append({"design": d, "page_size_kib": page // 1024, "cluster_slots": cluster_slots(page),
                         "static_bytes_per_slot": static, "dense_bytes_per_entry": dense,
                         "sparse_bytes_per_live_entry": worst,
                         "static_percent_of_page": 100 * static / page, "dense_percent_of_page": 100 * dense / page,
                         "sparse_percent_of_page": 100 * worst / page})
    return pd.DataFrame(rows)


