"""The free-path model (`swapmodel.model.free_path`) against what was measured: the published
free-time comparisons (questions 6.5, 4.9) and this kernel's own free time (`kernel.free_time`)."""

from __future__ import annotations

import pandas as pd

from swapmodel.base.geometry import GIB_BYTES, PAGE_SIZE_BYTES
from swapmodel.model.free_path import free_ns_per_entry
from swapmodel.model.lookup import USED_CLUSTERS
from swapmodel.sources.benchmarks import load_benchmarks, load_measurements

NS_PER_UNIT = {"us": 1e3, "ms": 1e6, "s": 1e9}

FREE_CASES = (
    # (source in benchmarks.toml or measurements.toml, what ran, model family, backend, zswap share,
    #  share freed in slot order), read from each run's setup: a single `usemem -n 1` process swaps
    # its region out in order and frees it at exit in address order (share 1); `-R -n 32` touches
    # its pages at random (0); Kairui Song's devices (PMEM, and the unnamed device of the v3 run
    # under global pressure) hold disk entries; Nhat Pham's STE run keeps its entries in zswap.
    ("kairui-usemem-free-vswap", "Kairui Song: vswap v3, usemem -n 1 56G", "vswap v3", "disk", 0.0, 1.0),
    ("free_kairui_v5", "Kairui Song: vswap v5 + batched free, usemem -n 1 56G, PMEM", "vswap v4-v6", "disk", 0.0, 1.0),
    ("free_kairui_v5_32_workers", "Kairui Song: vswap v5 + batched free, usemem -R -n 32, PMEM", "vswap v4-v6",
     "disk", 0.0, 0.0),
    ("ste-usemem-free", "Nhat Pham: STE v2, usemem 56G, zswap", "STE / dynamic ghost", "disk", 1.0, 1.0),
)


def published_change(source: str) -> tuple[float, float, str]:
    """A published free time's change: percent, nanoseconds per swapped entry (entries: at least
    the workload beyond the machine's memory), and its url."""
    measured = load_measurements()
    if source in measured:
        m = measured[source]
        before, after, unit = m["before_us"], m["after_us"], "us"
        gib, url = m["workload_gib"] - m["memory_gib"], m["url"]
    else:
        c = {c.id: c for c in load_benchmarks()}[source]
        before, after, unit = c.baseline.mean, c.new.mean, c.unit
        gib, url = c.workload_gib - c.memory_gib, c.url
    entries = gib * GIB_BYTES / PAGE_SIZE_BYTES
    return 100 * (after - before) / before, (after - before) * NS_PER_UNIT[unit] / entries, url


def published_vs_model(latency_ns: dict, atomic_ns: float, cold: str, migrate_rho: float = 0.0,
                       used_clusters: float = USED_CLUSTERS) -> pd.DataFrame:
    """Each published free-time comparison (FREE_CASES) beside the model's change for its case."""
    rows = []
    for source, ran, family, backend, z, in_order in FREE_CASES:
        base = free_ns_per_entry("linux-6.18", latency_ns, atomic_ns, z, in_order, backend, cold, migrate_rho=migrate_rho)
        new = free_ns_per_entry(family, latency_ns, atomic_ns, z, in_order, backend, cold, used_clusters,
                                migrate_rho=migrate_rho)
        change, per_entry, url = published_change(source)
        rows.append({"posting": ran, "model family": family, "zswap_share": z, "in_order_share": in_order,
                     "published_change_pct": change, "model_change_pct": 100 * (new - base) / base,
                     "published_change_ns_per_swapped_entry": per_entry, "model_change_ns_per_entry": new - base,
                     "url": url})
    return pd.DataFrame(rows)


def measured_vs_model(records: list[dict], latency_ns: dict, atomic_ns: float, cold: str,
                      migrate_rho: float = 0.0) -> pd.DataFrame:
    """This kernel's free time per zram entry (live `free` records), per slot order, beside the
    model's 6.18 free of a zram entry."""
    runs = pd.DataFrame([r for rec in records for r in rec["runs"]])
    out = runs.groupby("order", sort=False).agg(runs=("ns_per_entry", "size"),
                                                measured_median_ns=("ns_per_entry", "median"),
                                                measured_min_ns=("ns_per_entry", "min"),
                                                measured_max_ns=("ns_per_entry", "max")).reset_index()
    out = out.rename(columns={"order": "free_order"})  # slot or random order of the frees, not a folio order
    out["model_ns"] = [free_ns_per_entry("linux-6.18", latency_ns, atomic_ns, 0.0, 1.0 if o == "slot" else 0.0, "zram",
                                         cold, migrate_rho=migrate_rho) for o in out.free_order]
    out["model_over_measured"] = out.model_ns / out.measured_median_ns
    return out
