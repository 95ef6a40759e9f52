"""Comparisons across designs and ledgers, as tidy tables for notebooks and the command line."""

from __future__ import annotations

import numpy as np
import pandas as pd

from swapmodel.model.cost import cost
from swapmodel.sources.designs import get_design, load_catalogue
from swapmodel.base.errors import check_range
from swapmodel.base.geometry import DENSE_SAMPLE_ENTRIES, MIB_BYTES, slots_from_gib
from swapmodel.model.occupancy import Dense, scenario

def backend_mixes(zswap_share: float) -> dict[str, dict[str, float]]:
    """The three backends the overhead figures compare: all zswap, all disk, and a mix."""
    share = float(check_range("zswap_share", zswap_share, 0.0, 1.0))
    mixed = {"zswap": share, "disk": 1.0 - share} if 0 < share < 1 else ({"zswap": 1.0} if share == 1 else {"disk": 1.0})
    return {"zswap": {"zswap": 1.0}, "disk": {"disk": 1.0}, f"{share:.0%} zswap, rest disk": mixed}


def utilisation_sweep(designs, swap_gib: float, used_fractions, mixes: dict[str, dict], ledger: str = "full",
                      placement: str = "dense") -> pd.DataFrame:
    """Total metadata (MiB) of each design over used fractions of a `swap_gib` GiB swap space, for
    each backend mix; a design without a state in a mix is left out of that panel."""
    check_range("swap_gib", swap_gib, 0)
    used = check_range("used_fractions", used_fractions, 0.0, 1.0)
    slots = slots_from_gib(swap_gib)
    rows = []
    for backend, mix in mixes.items():
        occ = scenario(np.full(used.shape, slots), used, mix, placement=placement)
        for name in designs:
            d = get_design(name)
            if not set(mix) <= set(d.states):
                continue
            total = cost(d, occ, ledger).total_bytes
            rows.append(pd.DataFrame({"design": name, "family": d.family, "backend": backend,
                                      "used_fraction": used, "MiB": total / MIB_BYTES}))
    return pd.concat(rows, ignore_index=True)


def ledger_gap(design: str, ledger: str, state: str, entries: int = DENSE_SAMPLE_ENTRIES, min_bytes: float = 0.01) -> pd.DataFrame:
    """What a claimed ledger leaves out: per component, full minus claimed bytes per page for a
    device filled densely with `entries` pages in `state` (steps under `min_bytes` are dropped;
    attrs hold both totals, so the steps may not add up to their difference exactly)."""
    d = get_design(design)
    d.check_state(state)
    backing = entries if state in d.backing_states else 0
    occ = Dense(entries, {state: entries}, backing_slots=backing)
    parts = []
    for name in (ledger, "full"):
        f = cost(d, occ, name).frame()
        f["key"] = f["component"] + np.where(f["space"] == "backing", " (backing)", "")
        parts.append(f.groupby("key", sort=False)["bytes"].sum() / entries)
    claimed, full = parts
    keys = list(dict.fromkeys([*full.index, *claimed.index]))
    delta = full.reindex(keys, fill_value=0.0) - claimed.reindex(keys, fill_value=0.0)
    gap = pd.DataFrame({"component": keys, "delta": delta.to_numpy()})
    gap = gap[np.abs(gap["delta"]) >= min_bytes].reset_index(drop=True)
    gap.attrs.update(claimed=float(claimed.sum()), full=float(full.sum()))
    return gap


def claimed_ledgers(designs=None) -> list[tuple[str, str]]:
    """(design, ledger) for every claimed ledger in the catalogue, optionally limited to `designs`."""
    names = list(load_catalogue()) if designs is None else designs
    return [(n, led) for n in names for led in get_design(n).claimed]
