"""Bytes per page of swap space, the measure of the 2026 per-page figures (question 7.7).

LWN's report of Kairui Song's LSF/MM/BPF 2026 session (https://lwn.net/Articles/1072657/, 18 May
2026) gives the swap subsystem's overhead as a range "between three and 11 bytes per page": the low
end is an empty device (static bytes per provisioned slot), the high end a full one. So the measure
here is the swap layer's metadata divided by the pages of swap space (provisioned slots; for a
design whose swap space is dynamic, the pages of the swap space it is given), priced by
`swapmodel.model.cost.cost` for each design at each used fraction and zswap share (the rest of the
swapped pages on disk). zswap's own bookkeeping (zswap_entry, handle, zswap tree) is shown beside
it (`with_zswap_B_per_page`), not counted against the goal, as the published figures do not count it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from swapmodel.base.errors import ParameterError, check_range
from swapmodel.base.geometry import slots_from_gib
from swapmodel.model.cost import cost
from swapmodel.model.occupancy import scenario
from swapmodel.sources.designs import get_design

GOAL_B_PER_PAGE = 3.0
"""The long-term cap, 'to cut the maximum overhead to three bytes per page' (LWN, 18 May 2026)."""
GOAL_LEDGERS = (("swap-table-p4", "kairui-song-lsfmm-goal"), ("swap-table-p4-rfc", "kairui-song-rfc-3"),
                ("swap-table-p4-rfc", "kairui-song-rfc-1"))
"""The stated reductions, each a restated ledger of the design it starts from (data/designs/)."""


def _mix(zswap_share: float) -> dict[str, float]:
    if zswap_share == 1.0:
        return {"zswap": 1.0}
    if zswap_share == 0.0:
        return {"disk": 1.0}
    return {"zswap": float(zswap_share), "disk": 1.0 - float(zswap_share)}


def per_page_grid(designs, swap_gib: float, used_fractions, zswap_shares, placement: str = "dense",
                  ledgers=GOAL_LEDGERS) -> pd.DataFrame:
    """Bytes per page of swap space for every design (full ledger) and every (design, ledger) of
    `ledgers`, at each used fraction and zswap share: columns design, ledger, zswap_share,
    used_fraction, swap_B_per_page (swap layer), with_zswap_B_per_page (plus zswap's bookkeeping),
    swap_B_per_used_page (swap layer per swapped page; NaN when nothing is swapped). A design
    without a state of the mix (no disk: ghost-rfc) is left out of that share."""
    check_range("swap_gib", swap_gib, 0)
    used = np.asarray(check_range("used_fractions", used_fractions, 0.0, 1.0), dtype=float)
    shares = np.asarray(check_range("zswap_shares", zswap_shares, 0.0, 1.0), dtype=float)
    if used.ndim != 1 or shares.ndim != 1 or not used.size or not shares.size:
        raise ParameterError("used_fractions and zswap_shares must be non-empty lists of numbers in [0, 1]")
    slots = slots_from_gib(swap_gib)
    cases = [(d, "full") for d in designs] + [tuple(x) for x in ledgers]
    rows = []
    for z in shares:
        mix = _mix(float(z))
        occ = scenario(np.full(used.shape, slots), used, mix, placement=placement)
        entries = occ.entries(tuple(mix))
        for name, ledger in cases:
            d = get_design(name)
            if not set(mix) <= set(d.states):
                continue
            b = cost(d, occ, ledger)
            swap = sum(b.bytes[i] for i, c in enumerate(b.components) if c.layer == "swap")
            rows.append(pd.DataFrame({
                "design": name, "ledger": ledger, "zswap_share": float(z), "used_fraction": used,
                "swap_B_per_page": swap / slots, "with_zswap_B_per_page": b.total_bytes / slots,
                "swap_B_per_used_page": np.where(entries > 0, swap / np.maximum(entries, 1), np.nan)}))
    return pd.concat(rows, ignore_index=True)


REACH_STEPS = 1000
"""goal_reach resolves the used fraction to 1/REACH_STEPS."""


def goal_reach(designs, swap_gib: float, zswap_shares, placement: str = "dense", ledgers=GOAL_LEDGERS,
               goal_b_per_page: float = GOAL_B_PER_PAGE) -> pd.DataFrame:
    """Per (design, ledger, zswap share): the swap layer's bytes per page empty (used 0) and full
    (used 1), per swapped page when full, the largest used fraction (to 1/REACH_STEPS) up to which
    it stays within `goal_b_per_page` (NaN: not even when empty), and `meets_goal` (the whole range
    0..1 within it: the 0-3 goal). Priced on a grid of REACH_STEPS + 1 used fractions."""
    check_range("goal_b_per_page", goal_b_per_page, 0)
    used = np.linspace(0.0, 1.0, REACH_STEPS + 1)
    grid = per_page_grid(designs, swap_gib, used, zswap_shares, placement, ledgers)
    out = []
    for (design, ledger, z), g in grid.groupby(["design", "ledger", "zswap_share"], sort=False):
        over = g.loc[g["swap_B_per_page"] > goal_b_per_page + 1e-9, "used_fraction"]
        first_over = over.min() if len(over) else np.inf
        within = g.loc[g["used_fraction"] < first_over, "used_fraction"]
        out.append({"placement": placement, "swap_gib": float(swap_gib), "design": design, "ledger": ledger, "zswap_share": z,
                    "empty_B_per_page": float(g["swap_B_per_page"].iloc[0]),
                    "full_B_per_page": float(g["swap_B_per_page"].iloc[-1]),
                    "full_with_zswap_B_per_page": float(g["with_zswap_B_per_page"].iloc[-1]),
                    "full_B_per_used_page": float(g["swap_B_per_used_page"].iloc[-1]),
                    "max_used_within_goal": float(within.max()) if len(within) else np.nan,
                    "meets_goal": bool(first_over == np.inf)})
    return pd.DataFrame(out)


REACH_SHARES = (0.0, 0.25, 0.5, 0.75, 1.0)
"""The zswap shares question 7.7 is answered at (the rest of the swapped pages on disk)."""
