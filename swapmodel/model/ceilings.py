"""Address-space ceilings of one swap space, and the RAM size at which a sizing rule reaches them.

slots(kind="aligned_field", bits)   = ALIGN_DOWN(2**bits - 1, SWAPFILE_CLUSTER)
slots(kind="cluster_ids", bits)     = (2**bits - 1) * SWAPFILE_CLUSTER
slots(kind="bytes", bytes)          = bytes // page size
A rule sizing swap at `factor` x RAM binds once factor x RAM exceeds the ceiling's bytes.
"""

from __future__ import annotations

import pandas as pd

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
