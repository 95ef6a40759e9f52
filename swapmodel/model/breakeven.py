"""Break-even between dynamic and static swap layouts (question 6.1), in closed form.

A design's metadata per used entry, at zswap share z (the rest on disk) and utilisation u of the
static space it provisions (used entries / provisioned slots), is

    c(u, z) = a(z) + b(z) / u

a(z): bytes every used entry needs (descriptors, tables of used clusters, XArray nodes, zswap
bookkeeping); b(z): bytes per provisioned static slot times the provisioned slots each used entry
brings at u = 1. A static design provisions one slot per entry, zswap or disk, so b = its static
bytes per slot. A design whose swap space is dynamic provisions only a physical device for its
disk entries, assumed run at the same utilisation u, so b = (1 - z) x the physical device's static
bytes per slot; with z = 1 it provisions nothing. a and b are read off `cost()` with the full
ledgers at two utilisations (c is exactly linear in 1/u for dense packing).

Two designs X and Y cost the same where a_X + b_X / u = a_Y + b_Y / u:

    u* = (b_X - b_Y) / (a_Y - a_X)

so a design with the larger a and the smaller b (a dynamic one) is cheaper below u*, for every u
when it is no larger in both, and never when it is larger in both.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from swapmodel.base.errors import check_range
from swapmodel.base.geometry import DENSE_SAMPLE_ENTRIES
from swapmodel.model.cost import cost
from swapmodel.model.occupancy import Dense
from swapmodel.sources.designs import Design, get_design


MIN_UTILISATION = 1e-6
"""Smallest utilisation priced: one used entry per million provisioned slots."""


@dataclass(frozen=True)
class EntryPrice:
    """c(u) = per_entry_bytes + per_provisioned_bytes / u for one design at one zswap share."""

    design: str
    zswap_share: float
    per_entry_bytes: float
    per_provisioned_bytes: float

    def at(self, utilisation):
        """Bytes per used entry at utilisation `utilisation` (0 < u <= 1) of the provisioned space."""
        u = check_range("utilisation", utilisation, MIN_UTILISATION, 1)
        return self.per_entry_bytes + self.per_provisioned_bytes / u


def _disk_state(design: Design) -> str | None:
    """The state a page not in zswap takes: disk, or for a zswap-fronting ghost, written back."""
    for state in ("disk", "writeback"):
        if state in design.states:
            return state
    return None


def _total(design: Design, z: float, u: float, entries: int) -> float:
    """Full-ledger bytes for `entries` used entries, a share z in zswap, every provisioned static
    space (the swap device unless the design's space is dynamic; the backing device for the pages
    not in zswap) at utilisation u."""
    zswap = round(z * entries)
    other = entries - zswap
    counts = {"zswap": zswap, _disk_state(design): other} if other else {"zswap": zswap}
    swap_slots = entries if design.dynamic else np.ceil(entries / u)
    backing = np.ceil(other / u) if design.backing_states else 0
    return float(cost(design, Dense(swap_slots, counts, backing_slots=backing)).total_bytes[0])


def entry_price(design: str, zswap_share: float, entries: int = DENSE_SAMPLE_ENTRIES) -> EntryPrice | None:
    """a(z) and b(z) of `design` at zswap share `zswap_share`, with the full ledger; None when the
    design cannot hold the pages that are not in zswap (Chris Li's ghost RFC has no disk state)."""
    z = check_range("zswap_share", zswap_share, 0, 1)
    d = get_design(design)
    if z < 1 and _disk_state(d) is None:
        return None
    full = _total(d, z, 1.0, entries) / entries
    half = _total(d, z, 0.5, entries) / entries
    b = half - full
    return EntryPrice(design, z, full - b, b)


def crossover_utilisation(x: EntryPrice, y: EntryPrice) -> float:
    """u* = (b_x - b_y) / (a_y - a_x), where x and y cost the same per used entry (inf when a_x = a_y)."""
    da = y.per_entry_bytes - x.per_entry_bytes
    db = x.per_provisioned_bytes - y.per_provisioned_bytes
    return float("inf") if da == 0 else db / da


def cheaper_range(x: EntryPrice, y: EntryPrice) -> tuple[float, float]:
    """The utilisations (lo, hi], within (0, 1], at which x costs less per used entry than y; empty
    (lo == hi) when it never does. x - y = (a_x - a_y) + (b_x - b_y) / u is monotone in u, so the
    range is (0, u*] when x pays more per entry and less per provisioned slot (a dynamic layout
    against a static one), (u*, 1] in the opposite case, everything or nothing otherwise."""
    da = x.per_entry_bytes - y.per_entry_bytes
    db = x.per_provisioned_bytes - y.per_provisioned_bytes
    if da <= 0 and db <= 0:
        return (0.0, 1.0) if (da < 0 or db < 0) else (0.0, 0.0)
    if da >= 0 and db >= 0:
        return (0.0, 0.0)
    u_star = crossover_utilisation(x, y)
    if da > 0:  # dearer per entry, cheaper per slot: wins at low utilisation
        return (0.0, float(min(1.0, u_star)))
    return (float(min(1.0, u_star)), 1.0)
