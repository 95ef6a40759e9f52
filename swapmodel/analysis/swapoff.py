"""Swapoff cost per design (questions 6.10, 4.13, 4.18; the CPU side of 6.3 and 4.5).

Linux 6.18 (legacy and swap table alike) swapoff, try_to_unuse() in mm/swapfile.c: walk the page
tables of every anon VMA of every process, read each swapped page back once, install it in every
PTE that maps it. Measured on this kernel (swapmodel.kernel.swapoff), its time is fitted as

    T = t0 + c_read x pages + c_install x (sharing x pages) + c_walk x (sharing x resident pages)

per backend, on some swapped sizes, and predicted on the others. The other designs keep the same
per-step costs but change the steps, as their postings describe them (not measurable on 6.18):
vswap v3-v6 faults each page in behind its virtual slot with no page-table walk, leaving every PTE
to a later minor fault ("we only have to fault the page in and have the virtual swap slot points
to the page ... No need to perform any page table walking", RFC v1); STE and the phase IV dynamic
ghost reverse each physical slot through the rmap in O(1) (Kairui Song, 2 Jun 2026) and then do the
same. Reads follow the order of the walk for 6.18 (scattered on a device whose slots do not follow
virtual addresses) and slot order for the reverse designs (sequential); device latencies are
parameters.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import nnls

from swapmodel.base.errors import ParameterError, check_range
from swapmodel.base.geometry import MIB_BYTES, PAGE_SIZE_BYTES

TERMS = ("t0_s", "read_s_per_page", "install_s_per_pte", "walk_s_per_pte")
PAGES_PER_MIB = MIB_BYTES // PAGE_SIZE_BYTES


def _features(runs: pd.DataFrame) -> np.ndarray:
    pages = runs.swap_used_kib.to_numpy() / (PAGE_SIZE_BYTES / 1024)
    resident = runs.resident_mib.to_numpy() * PAGES_PER_MIB
    share = runs.sharing.to_numpy()
    return np.column_stack([np.ones(len(runs)), pages, share * pages, share * resident])


def calibrate(runs: pd.DataFrame, column: str = "wall_s") -> pd.Series:
    """Non-negative least-squares coefficients of the swapoff time model (TERMS) for one backend."""
    if len(runs) < len(TERMS):
        raise ParameterError(f"calibrate: {len(runs)} runs cannot fit {len(TERMS)} coefficients")
    coef, _ = nnls(_features(runs), runs[column].to_numpy())
    return pd.Series(coef, index=list(TERMS))


def predict(runs: pd.DataFrame, coef: pd.Series) -> np.ndarray:
    """Model time of each run."""
    return _features(runs) @ coef.to_numpy()


def calibrate_and_predict(runs: pd.DataFrame, calibration_mib, column: str = "wall_s") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per backend: fit on the runs whose swapped size is in `calibration_mib`, predict every run.
    Returns the coefficients and the runs with `predicted_s`, `error_pct` and `held_out`."""
    coefs, out = [], []
    for backend, group in runs.groupby("backend", sort=False):
        held_out = ~group.swapped_mib.isin(calibration_mib)
        coef = calibrate(group[~held_out], column)
        coefs.append({"backend": backend, **coef.to_dict()})
        g = group.copy()
        g["predicted_s"] = predict(g, coef)
        g["error_pct"] = 100 * (g.predicted_s - g[column]) / g[column]
        g["held_out"] = held_out
        out.append(g)
    return pd.DataFrame(coefs), pd.concat(out, ignore_index=True)


def design_swapoff(coef: pd.Series, swapped_pages: float, sharing: float, mapped_pages: float,
                   read_random_s: float, read_sequential_s: float, scattered_share: float = 1.0) -> pd.DataFrame:
    """Swapoff time per design family with the calibrated per-step costs of one backend, for
    `swapped_pages` each mapped by `sharing` processes, `mapped_pages` more PTEs walked, and device
    reads of `read_random_s` (scattered) or `read_sequential_s` (in slot order) per page;
    `scattered_share` of a walk's reads land out of slot order. `deferred_s` is the work left to
    minor faults after a swapoff that installs no PTE."""
    for name, v in (("swapped_pages", swapped_pages), ("mapped_pages", mapped_pages)):
        check_range(name, v, 0, 1e13)
    check_range("sharing", sharing, 1, 1e6)
    check_range("read latency", [read_random_s, read_sequential_s], 0, 1)
    check_range("scattered_share", scattered_share, 0, 1)
    t0, read_cpu, install, walk = (float(coef[t]) for t in TERMS)
    walk_ptes = sharing * (swapped_pages + mapped_pages)
    walk_read = scattered_share * read_random_s + (1 - scattered_share) * read_sequential_s
    rows = [
        ("legacy / swap table (6.18)", "page-table walk, reads in walk order, every PTE installed",
         t0 + walk * walk_ptes + swapped_pages * (read_cpu + walk_read) + install * sharing * swapped_pages, 0.0),
        ("vswap v3-v6", "no walk: each page faulted in behind its virtual slot, reads in slot order",
         t0 + swapped_pages * (read_cpu + read_sequential_s + install), install * sharing * swapped_pages),
        ("STE / phase IV dynamic ghost", "physical slot to virtual slot through the rmap, O(1) per entry",
         t0 + swapped_pages * (read_cpu + read_sequential_s + install), install * sharing * swapped_pages),
    ]
    return pd.DataFrame([{"design": d, "how": how, "swapoff_s": t, "deferred_s": deferred}
                         for d, how, t, deferred in rows])


def scattered_share_for_gap(coef: pd.Series, swapped_pages: float, mapped_pages: float, read_random_s: float,
                            gap_s: float) -> float:
    """The share of a legacy walk's reads that must land out of slot order for the model's
    legacy-minus-vswap swapoff time to equal `gap_s` (0 when the in-order gap already reaches it;
    a fit to one published gap, not a prediction)."""
    in_order = design_swapoff(coef, swapped_pages, 1, mapped_pages, read_random_s, 0.0, scattered_share=0.0)
    model_gap = float(in_order.swapoff_s.iloc[0] - in_order.swapoff_s.iloc[1])
    return max(0.0, (gap_s - model_gap) / (swapped_pages * read_random_s)) if read_random_s > 0 else 0.0
