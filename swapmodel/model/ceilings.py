"""Address-space ceilings of one swap space, and the RAM size at which a sizing rule reaches them.

slots(kind="aligned_field", bits)   = ALIGN_DOWN(2**bits - 1, SWAPFILE_CLUSTER)
slots(kind="cluster_ids", bits)     = (2**bits - 1) * SWAPFILE_CLUSTER
slots(kind="bytes", bytes)          = bytes // page size
A rule sizing swap at `factor` x RAM binds once factor x RAM exceeds the ceiling's bytes.
A spread of `n_live` cluster ids `stride` apart (ids 0, stride, ..., (n_live - 1) stride) fits a
ceiling of C whole clusters only while (n_live - 1) x stride <= C - 1.
"""

from __future__ import annotations

import pandas as pd

from swapmodel.base.errors import ParameterError

from swapmodel.base.geometry import GIB_BYTES, PAGE_SIZE_BYTES, SWAPFILE_CLUSTER_SLOTS, TIB_BYTES
from swapmodel.sources.capacity import Ceiling, SizingRule


def ceiling_slots(c: Ceiling) -> int:
    """Slots of `c` (see the module docstring)."""
    if c.kind == "aligned_field":
        top = (1 << c.bits) - 1
        return top - top % SWAPFILE_CLUSTER_SLOTS
    if c.kind == "cluster_ids":
        return ((1 << c.bits) - 1) * SWAPFILE_CLUSTER_SLOTS
    return int(c.bytes // PAGE_SIZE_BYTES)


def ceiling_bytes(c: Ceiling) -> int:
    """Bytes of swap that `c`'s slots hold."""
    return ceiling_slots(c) * PAGE_SIZE_BYTES


def binding_table(ceilings: list[Ceiling], rules: list[SizingRule]) -> pd.DataFrame:
    """Per ceiling and sizing rule: the ceiling in bytes, and the RAM above which the rule's swap size
    exceeds it (GiB)."""
    rows = []
    for c in ceilings:
        limit = ceiling_bytes(c)
        for r in rules:
            rows.append({"design": c.design, "ceiling_basis": c.basis, "ceiling_slots": ceiling_slots(c),
                         "ceiling_tib": limit / TIB_BYTES, "rule": r.name, "rule_basis": r.basis,
                         "binds_above_ram_gib": limit / r.factor / GIB_BYTES})
    return pd.DataFrame(rows)


def ceiling_clusters(c: Ceiling) -> int:
    """Whole clusters (SWAPFILE_CLUSTER slots each) of `c`: cluster ids 0 to this minus 1."""
    return ceiling_slots(c) // SWAPFILE_CLUSTER_SLOTS


def widest_stride_clusters(c: Ceiling, n_live: int) -> int:
    """The largest stride (cluster ids between two live clusters) at which `n_live` evenly spaced
    live clusters, the first at id 0, still fit under `c`: floor((clusters - 1) / (n_live - 1))."""
    if not (isinstance(n_live, int) and n_live >= 2):
        raise ParameterError(f"n_live={n_live!r} must be a whole number of at least 2 live clusters")
    return (ceiling_clusters(c) - 1) // (n_live - 1)


def stride_table(ceilings: list[Ceiling], n_live: int, strides) -> pd.DataFrame:
    """Per ceiling: its size, the widest legal stride for `n_live` live clusters, and whether each
    of `strides` fits (the highest cluster id a spread needs, against the ceiling's clusters)."""
    rows = []
    for c in ceilings:
        widest = widest_stride_clusters(c, n_live)
        for s in strides:
            rows.append({"design": c.design, "ceiling_basis": c.basis, "ceiling_tib": ceiling_bytes(c) / TIB_BYTES,
                         "ceiling_clusters": ceiling_clusters(c), "widest_stride_clusters": widest,
                         "stride_clusters": int(s), "highest_cluster_id": (n_live - 1) * int(s),
                         "fits": (n_live - 1) * int(s) <= ceiling_clusters(c) - 1, "source": c.source})
    return pd.DataFrame(rows)
