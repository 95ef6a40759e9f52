"""The free-path model (`swapmodel.model.free_path`) against what was measured: every published
free-time comparison in data/ (questions 6.5, 4.9, 6.9) and this kernel's own free time
(`kernel.free_time`), each as a validation row with its resolution from the power analysis.

Per swapped entry: usemem times each process's own munmap (vm-scalability usemem.c, timing_free()
called in do_units() of every `-n` process), so a posted free time is a process's, and the entries
it freed are its share of the swapped set: at least (workload - memory) / processes where the
workload exceeds memory (the per-entry change is then an upper bound on its size), otherwise at
most workload / processes (every page swapped: a lower bound on its size).

Resolution: a comparison of benchmarks.toml resolves where Welch's p < 5 % under the larger of its
posted spreads (`power.judged_comparisons`); a measurement posted without spreads
(measurements.toml) is judged under a borrowed spread, the largest relative standard deviation
posted for a free time of the same kind (one process, or many concurrent ones).
"""

from __future__ import annotations

import pandas as pd

from swapmodel.analysis import power
from swapmodel.base.errors import ParameterError
from swapmodel.base.geometry import GIB_BYTES, PAGE_SIZE_BYTES
from swapmodel.model.free_path import free_ns_per_entry, migrate_rho_for_wait_ns
from swapmodel.model.lookup import USED_CLUSTERS
from swapmodel.sources.benchmarks import Arm, load_benchmarks, load_measurements
from swapmodel.sources.questions import Validation

NS_PER_UNIT = {"us": 1e3, "ms": 1e6, "s": 1e9}

FREE_CASES = (
    # (key: a benchmarks.toml id or shared measurement key, or a measurements.toml table; what ran;
    #  model family; backend; zswap share; share freed in slot order), read from each run's setup:
    # a `usemem -n 1` process swaps its region out in order and frees it at exit in address order,
    # so in slot order (share 1); `-R` touches its pages at random (0); Kairui Song's devices (PMEM,
    # and the unnamed device of the v3 run under global pressure) hold disk entries; Nhat Pham's
    # zram runs free zram slots (zs_free per slot); his STE run keeps its entries in zswap.
    ("kairui-usemem-free-vswap", "Kairui Song: vswap-v3, usemem -n 1 56G", "vswap-v3", "disk", 0.0, 1.0),
    ("free_kairui_v5", "Kairui Song: vswap-v5 + batched free, usemem -n 1 56G, PMEM", "vswap-v5 and vswap-v6", "disk", 0.0, 1.0),
    ("free_kairui_v5_32_workers", "Kairui Song: vswap-v5 + batched free, usemem -R -n 32 622M, PMEM", "vswap-v5 and vswap-v6",
     "disk", 0.0, 0.0),
    ("usemem-conc-free", "Nhat Pham: vswap-v5, usemem -R, 52 workers x 300M, zram", "vswap-v5 and vswap-v6", "zram", 0.0, 0.0),
    ("v6-usemem-single-free", "Nhat Pham: vswap-v6, usemem -n 1 56G, zram", "vswap-v5 and vswap-v6", "zram", 0.0, 1.0),
    ("ste-usemem-free", "Nhat Pham: vswap-ste-v2, usemem 56G, zswap", "vswap-ste-v2 and p4-rfc-ghost", "disk", 1.0, 1.0),
)


def _borrowed_relative_sd(multi_process: bool) -> tuple[float, str]:
    """The largest relative standard deviation of any free-time arm posted in benchmarks.toml with
    one process (or with several), and the posting it comes from."""
    arms = [(arm.spread / arm.mean, c.id) for c in load_benchmarks() if c.metric == "free time"
            and (c.processes > 1) == multi_process for arm in (c.baseline, c.new)]
    if not arms:
        raise ParameterError(f"benchmarks.toml: no free-time comparison with {'several' if multi_process else 'one'} "
                             "process(es) to borrow a spread from")
    return max(arms)


def published_free(key: str) -> dict:
    """One published free-time comparison: the means, the change (percent, and nanoseconds per
    swapped entry of one process with the bound it is), Welch's p and 95 % interval (under the
    larger posted spread, or a borrowed one), whether it resolves, and its url."""
    measured = load_measurements()
    if key in measured:
        m = measured[key]
        if "runs" not in m:
            raise ParameterError(f"measurements.toml: {key}: a free-time comparison needs runs")
        unit, runs, procs = "us", int(m["runs"]), int(m.get("processes", 1))
        before, after, workload, memory, url = m["before_us"], m["after_us"], m["workload_gib"], m["memory_gib"], m["url"]
        rel, source = _borrowed_relative_sd(procs > 1)
        p = power.welch_p_relative(before, after, runs, rel)
        a = Arm("before", before, before * rel, runs, False)
        b = Arm("after", after, after * rel, runs, False)
        spread = f"no spread posted; sd {rel:.1%} of the mean borrowed from {source}"
    else:
        groups = power.postings_by_comparison(load_benchmarks())
        group = groups.get(key) or next((g for g in groups.values() if key in [c.id for c in g]), None)
        if group is None:
            raise ParameterError(f"free-time comparison {key!r} is in neither benchmarks.toml nor measurements.toml")
        c = power.larger_spread(group)
        if c.workload_gib is None or c.memory_gib is None:
            raise ParameterError(f"benchmarks.toml: {c.id}: a free-time comparison needs workload_gib and memory_gib")
        a, b, unit, runs, procs = c.baseline, c.new, c.unit, min(c.baseline.runs, c.new.runs), c.processes
        before, after, workload, memory, url = a.mean, b.mean, c.workload_gib, c.memory_gib, c.url
        p = power.welch_p(a, b)
        spread = (f"sd {a.spread:g} and {b.spread:g} {unit}" + (f" (the larger of {len(group)} postings: "
                  + ", ".join(f"{g.id} {g.baseline.spread:g}/{g.new.spread:g}" for g in group) + ")"
                  if len(group) > 1 else ""))
    low, high = power.difference_ci(a, b)
    swapped_gib = workload - memory
    entries = (swapped_gib if swapped_gib > 0 else workload) * GIB_BYTES / PAGE_SIZE_BYTES / procs
    per_entry = NS_PER_UNIT[unit] / entries
    return {"before": before, "after": after, "unit": unit, "runs": runs, "processes": procs,
            "change_pct": 100 * (after - before) / before, "change_ns_per_swapped_entry": (after - before) * per_entry,
            "entries_per_process": entries,
            "entry_bound": "upper bound (entries: at least the workload beyond memory)" if swapped_gib > 0
            else "lower bound (entries: at most every page of the workload)",
            "ci95_low_ns_per_entry": low * per_entry, "ci95_high_ns_per_entry": high * per_entry,
            "welch_p": p, "resolves": bool(p < power.ALPHA), "spread": spread, "url": url}


def published_change(key: str) -> tuple[float, float, str]:
    """A published free time's change: percent, nanoseconds per swapped entry of one process (see
    the module note), and its url."""
    f = published_free(key)
    return f["change_pct"], f["change_ns_per_swapped_entry"], f["url"]


def published_vs_model(latency_ns: dict, atomic_ns: float, cold: str, migrate_rho: float = 0.0,
                       used_clusters: float = USED_CLUSTERS) -> pd.DataFrame:
    """Each published free-time comparison (FREE_CASES) beside the model's change for its case:
    whether it resolves, its 95 % interval per entry and whether the model's change lies in it."""
    rows = []
    for key, ran, family, backend, z, in_order in FREE_CASES:
        base = free_ns_per_entry("linux-6.18", latency_ns, atomic_ns, z, in_order, backend, cold, migrate_rho=migrate_rho)
        new = free_ns_per_entry(family, latency_ns, atomic_ns, z, in_order, backend, cold, used_clusters,
                                migrate_rho=migrate_rho)
        f = published_free(key)
        model = new - base
        rows.append({"source": key, "posting": ran, "model family": family, "backend": backend, "zswap_share": z,
                     "in_order_share": in_order, "processes": f["processes"], "runs": f["runs"],
                     "published_change_pct": f["change_pct"], "model_change_pct": 100 * model / base,
                     "published_change_ns_per_swapped_entry": f["change_ns_per_swapped_entry"],
                     "model_change_ns_per_entry": model,
                     "model_over_published": model / f["change_ns_per_swapped_entry"],
                     "entry_bound": f["entry_bound"], "welch_p": f["welch_p"], "resolves": f["resolves"],
                     "ci95_low_ns_per_entry": f["ci95_low_ns_per_entry"],
                     "ci95_high_ns_per_entry": f["ci95_high_ns_per_entry"],
                     "model_in_ci95": bool(f["ci95_low_ns_per_entry"] <= model <= f["ci95_high_ns_per_entry"]),
                     "spread": f["spread"], "url": f["url"]})
    return pd.DataFrame(rows)


def interval_excludes(low: float, high: float, model: float, entry_bound: str) -> bool:
    """Whether a published 95 % interval per entry excludes the model's change whatever the true entry
    count: the per-entry interval is [low, high] x k with k <= 1 where it is an upper bound on the
    per-entry size (more entries than assumed) and k >= 1 where it is a lower bound (fewer). Over
    those k the interval sweeps [min(low, 0), max(high, 0)] (upper bound) or, for a lower bound,
    everything when it straddles 0, else everything from it away from 0."""
    if entry_bound.startswith("upper"):
        return not (min(low, 0.0) <= model <= max(high, 0.0))
    if low <= 0.0 <= high:
        return False
    return model < low if low > 0 else model > high


def validation_rows(check: pd.DataFrame) -> list[Validation]:
    """`published_vs_model` as validation rows: the published change per swapped entry against the
    model's per entry, resolved as the power analysis says, or where the published 95 % interval
    excludes the model's change for any true entry count (`interval_excludes`): a run that does not
    resolve a change can still rule out the model's."""
    rows = []
    for r in check.itertuples():
        excludes = interval_excludes(float(r.ci95_low_ns_per_entry), float(r.ci95_high_ns_per_entry),
                                     float(r.model_change_ns_per_entry), str(r.entry_bound))
        note = ("; the change is not resolved but its 95 % interval excludes the model's"
                if excludes and not r.resolves else "")
        rows.append(Validation(against=f"{r.source} ({r.posting}; {r.runs} runs, {r.spread}; per-entry {r.entry_bound}"
                                       f"{note})",
                               published=float(r.published_change_ns_per_swapped_entry),
                               model=float(r.model_change_ns_per_entry), unit="ns per swapped entry",
                               resolves=bool(r.resolves) or excludes))
    return rows


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


def measured_validation_rows(measured: pd.DataFrame) -> list[Validation]:
    """`measured_vs_model` as validation rows (a measured time, not a comparison: it resolves)."""
    return [Validation(against=f"data/kernel/live free records: linux-6.18 frees a zram entry, {r.free_order} order "
                               f"(median of {r.runs} munmap runs, {r.measured_min_ns:.0f}-{r.measured_max_ns:.0f} ns)",
                       published=float(r.measured_median_ns), model=float(r.model_ns), unit="ns per entry")
            for r in measured.itertuples()]


def compaction_bound(check: pd.DataFrame, source: str, migrate_hold_ns: float = 1000.0) -> dict:
    """What zsmalloc migration contention must add to the baseline's frees, beyond the new
    kernel's, for the model to meet a published change: the extra wait per zs_free() (model change
    minus published change, ns per swapped entry; both kernels free a zram slot with zs_free), and
    the share of time migration would have to hold the zsmalloc lock in the baseline's runs, with
    the new kernel's at zero (`migrate_rho_for_wait_ns`, at `migrate_hold_ns` per migration); the
    same to reach the top of the run's 95 % interval; and, where every page may have been swapped
    (a lower-bound row), the share of a process's pages that must have been swapped for the model's
    change to lie above that interval."""
    row = check.set_index("source").loc[source]
    if row.model_change_ns_per_entry <= 0:
        raise ParameterError(f"compaction_bound: the model's change for {source} is not a slowdown")
    need = float(row.model_change_ns_per_entry - row.published_change_ns_per_swapped_entry)
    upper = float(row.model_change_ns_per_entry - row.ci95_high_ns_per_entry)  # to reach the interval's top
    return {"extra_wait_ns": need, "baseline_rho": migrate_rho_for_wait_ns(max(need, 0.0), migrate_hold_ns),
            "extra_wait_to_interval_ns": upper, "baseline_rho_to_interval": migrate_rho_for_wait_ns(max(upper, 0.0),
                                                                                                    migrate_hold_ns),
            "migrate_hold_ns": migrate_hold_ns,
            "swapped_share_for_model_above_interval": (float(row.ci95_high_ns_per_entry / row.model_change_ns_per_entry)
                                                       if row.entry_bound.startswith("lower") else float("nan"))}
