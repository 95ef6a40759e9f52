"""cost(design, occupancy): the bytes of kernel metadata a design needs for an occupancy.

One function serves the analytical model, the simulator snapshots, the notebooks and the command
line. The result is a Breakdown: one row per component, one column per occupancy in the batch;
`frame()` gives the tidy table (component, unit, bytes) that sums to `total_bytes`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from swapmodel.sources.designs import Component, Design, get_design, load_catalogue
from swapmodel.base.errors import ParameterError, check_range
from swapmodel.base.geometry import DENSE_SAMPLE_ENTRIES, STATES
from swapmodel.model.occupancy import Dense, Occupancy, clusters

@dataclass(frozen=True)
class Breakdown:
    """Bytes per component (rows) and occupancy (columns) for one design and ledger."""

    design: str
    ledger: str
    components: tuple[Component, ...]
    bytes: np.ndarray

    @property
    def total_bytes(self) -> np.ndarray:
        return self.bytes.sum(axis=0)

    def frame(self) -> pd.DataFrame:
        """Tidy table: one row per occupancy and component, with unit, space, source and bytes."""
        n = self.bytes.shape[1]
        rows = len(self.components)
        return pd.DataFrame(
            {
                "occupancy": np.tile(np.arange(n), rows),
                "design": self.design,
                "ledger": self.ledger,
                "component": np.repeat([c.name for c in self.components], n),
                "space": np.repeat([c.space for c in self.components], n),
                "unit": np.repeat([c.per for c in self.components], n),
                "source": np.repeat([c.source for c in self.components], n),
                "bytes": self.bytes.ravel(),
            }
        )


def _objects(c: Component, design: Design, occ: Occupancy, memo: dict) -> np.ndarray:
    """How many objects of component `c` the occupancy needs (fractional for expectations)."""
    space_states = design.states if c.space == "swap" else design.backing_states

    def once(key, fn):
        if key not in memo:
            memo[key] = fn()
        return memo[key]

    if c.per == "slot":
        return np.ceil(occ.slots(c.space) / c.slots_per_object)
    if c.per == "cluster":
        return clusters(occ.slots(c.space))
    if c.per == "used_cluster":
        states = c.states or space_states
        return once(("used", c.space, states), lambda: occ.used_clusters(c.space, states))
    if c.per == "entry":
        return occ.entries(c.states)
    if c.index == "cluster":
        return once(("xa-cluster", c.space, space_states), lambda: occ.xarray_nodes(c.space, space_states, "cluster"))
    states = tuple(s for s in c.states if s in space_states)
    key = ("xa", c.space, states, c.tree_span_slots)
    return once(key, lambda: occ.xarray_nodes(c.space, states, "slot", c.tree_span_slots))


def check_fits(design: Design, occ: Occupancy) -> None:
    """Raise ParameterError when the occupancy uses states the design lacks or overflows its backing."""
    for s in STATES:
        if s not in design.states and np.any(occ.entries((s,)) > 0):
            design.check_state(s, parameter="occupancy state")
    if design.backing_states:
        need = occ.entries(design.backing_states)
        have = occ.slots("backing")
        if np.any(need > have):
            raise ParameterError(
                f"backing_slots={int(np.min(have))} cannot hold {int(np.max(need))} entries in states "
                f"{', '.join(design.backing_states)} for design {design.name!r}; allowed: backing_slots >= those entries"
            )


def cost(design: Design | str, occupancy: Occupancy, ledger: str = "full") -> Breakdown:
    """Bytes of metadata each component of `design`'s `ledger` needs for every occupancy in the batch.

    Parameters
    ----------
    design : Design or str
        A design of the catalogue (data/designs/), or its name.
    occupancy : Occupancy
        How the swap space is used: Dense, Random, ClusterCounts or KeySet (swapmodel.model.occupancy),
        a batch of `occupancy.size` cases.
    ledger : str
        "full" (every component, with its kernel source) or the name of a claimed ledger.

    Returns
    -------
    Breakdown
        bytes[component, case] with the components in ledger order; `total_bytes` sums them and
        `frame()` gives the tidy table.

    Notes
    -----
    Objects per component follow its unit: provisioned slots (divided by `slots_per_object`),
    provisioned clusters, used clusters, entries in the named states, or XArray nodes for the keys
    of those states; each object costs its slab or page footprint (data/designs/structs.toml).
    """
    if isinstance(design, str):
        design = get_design(design)
    led = design.ledger(ledger)
    check_fits(design, occupancy)
    memo: dict = {}
    rows = [_objects(c, design, occupancy, memo) * c.footprint_bytes for c in led.components]
    return Breakdown(design.name, led.name, led.components, np.vstack(rows).astype(float))


def bytes_per_page(design: Design | str, state: str, ledger: str = "full", entries: int = DENSE_SAMPLE_ENTRIES) -> float:
    """Bytes per page of a device filled densely with `entries` pages in `state`: static metadata of
    the device plus everything each entry needs (the basis of references/per-page-budgets.md)."""
    if isinstance(design, str):
        design = get_design(design)
    design.check_state(state)
    check_range("entries", entries, 1)
    backing = entries if state in design.backing_states else 0
    occ = Dense(entries, {state: entries}, backing_slots=backing)
    return float(cost(design, occ, ledger).total_bytes[0] / entries)


def per_entry_components(design: Design | str, state: str, entries: int = DENSE_SAMPLE_ENTRIES) -> dict[str, float]:
    """Bytes per used entry of each full-ledger component (backing ones named "backing <name>"), on
    a device full of `entries` entries in `state` (and a physical device just as full)."""
    if isinstance(design, str):
        design = get_design(design)
    design.check_state(state)
    backing = entries if state in design.backing_states else 0
    b = cost(design, Dense(entries, {state: entries}, backing_slots=backing))
    return {("backing " if c.space == "backing" else "") + c.name: float(b.bytes[i, 0]) / entries
            for i, c in enumerate(b.components)}


def unused_bytes_per_slot(design: Design | str, ledger: str = "full", slots: int = DENSE_SAMPLE_ENTRIES) -> float:
    """Bytes per provisioned slot of an empty device: the swap device, or for a design whose swap
    space is dynamic, its physical backing device."""
    if isinstance(design, str):
        design = get_design(design)
    backing = slots if design.backing_states else 0
    occ = Dense(slots, {}, backing_slots=backing)
    return float(cost(design, occ, ledger).total_bytes[0] / slots)


def per_state_table(designs=None, ledger: str = "full", folio_pages: int = 16) -> pd.DataFrame:
    """Bytes per page in each entry state, per unused slot, and per `folio_pages`-page large folio,
    for every design (NaN where a design has no such state).

    A large folio is stored page by page in every design here; a design whose zswap rejects large
    folios (Linux 6.12) sends the whole folio to disk, so its zswap folio is priced on disk.
    """
    check_range("folio_pages", folio_pages, 1)
    catalogue = load_catalogue()
    names = list(catalogue) if designs is None else list(designs)
    rows = []
    for name in names:
        d = get_design(name)
        row = {"design": name}
        for s in STATES:
            row[s] = bytes_per_page(d, s, ledger) if s in d.states else np.nan
        row["unused slot"] = unused_bytes_per_slot(d, ledger)
        zswap_folio_state = "zswap" if d.large_folio_zswap else "disk"
        row[f"{folio_pages}-page folio, zswap"] = folio_pages * row.get(zswap_folio_state, np.nan)
        row[f"{folio_pages}-page folio, disk"] = folio_pages * row["disk"]
        rows.append(row)
    return pd.DataFrame(rows).set_index("design")
