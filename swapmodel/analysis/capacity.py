"""Capacity analyses for notebook 05: ceilings, metadata that a set of pages adds, what an empty
device of a given size costs, and what a sizing rule costs at swapon. Prices come from
`swapmodel.model.cost` with each design's full ledger."""

from __future__ import annotations

import pandas as pd

from swapmodel.base.geometry import PAGE_SIZE_BYTES, SWAPFILE_CLUSTER_SLOTS, TIB_BYTES
from swapmodel.model.ceilings import ceiling_bytes, ceiling_slots
from swapmodel.model.cost import cost
from swapmodel.model.occupancy import scenario
from swapmodel.sources.capacity import Ceiling, SizingRule
from swapmodel.sources.designs import get_design


def ceiling_table(ceilings: list[Ceiling]) -> pd.DataFrame:
    """One row per ceiling: slots, TiB, basis, how it is derived and its source."""
    return pd.DataFrame([{"design": c.design, "basis": c.basis, "slots": ceiling_slots(c),
                          "TiB": ceiling_bytes(c) / TIB_BYTES, "how": c.note, "source": c.source} for c in ceilings])


def _total(design: str, slots: float, used: float, state: str, placement: str = "dense") -> float:
    return float(cost(design, scenario(slots, used, {state: 1.0}, placement)).total_bytes[0])


def added_metadata(designs, device_slots: float, pages: float, states=("disk", "zero"),
                   placements=("dense", "random")) -> pd.DataFrame:
    """Metadata `pages` entries add to an otherwise empty device of `device_slots` slots, per
    design, entry state (where the design has it) and placement: MiB in all and bytes per page."""
    rows = []
    for d in designs:
        for state in states:
            if state not in get_design(d).states:
                continue
            for placement in placements:
                added = (_total(d, device_slots, pages / device_slots, state, placement)
                         - _total(d, device_slots, 0.0, state, placement))
                rows.append({"design": d, "state": state, "placement": placement, "added_mib": added / 2**20,
                             "bytes_per_page": added / pages})
    return pd.DataFrame(rows)


def empty_device(designs, slots: float, state: str = "zswap") -> pd.DataFrame:
    """Per design: what a swapped-on, empty space of `slots` slots costs (MiB, and bytes per
    provisioned slot), and what one full cluster of `state` entries then adds (KiB)."""
    rows = []
    for d in designs:
        empty = _total(d, slots, 0.0, state)
        cluster = _total(d, SWAPFILE_CLUSTER_SLOTS, 1.0, state) - _total(d, SWAPFILE_CLUSTER_SLOTS, 0.0, state)
        rows.append({"design": d, "empty_mib": empty / 2**20, "per_slot_bytes": empty / slots,
                     "per_used_cluster_kib": cluster / 1024})
    return pd.DataFrame(rows).set_index("design")


def rule_cost(per_slot_bytes: pd.Series, rules: list[SizingRule]) -> pd.DataFrame:
    """Metadata taken at swapon by a device sized by each rule, as a share of RAM: bytes per
    provisioned slot x the rule's factor / page size."""
    return pd.DataFrame([{"design": d, "rule": r.name, "rule_basis": r.basis,
                          "percent_of_ram": 100 * b * r.factor / PAGE_SIZE_BYTES}
                         for d, b in per_slot_bytes.items() for r in rules])
