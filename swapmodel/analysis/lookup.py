"""Per-CPU MRU cluster cache hit rate over access traces, and lookup cost per fault against
locality (notebook 06; questions 6.4, 4.20).

A trace is the sequence of swapped pages a workload faults on: sequential, strided, Zipf-popular or
uniformly random over a swap space of `space_pages` pages; faults go to `n_cpus` CPUs either in
turn (threads of one process interleaving over one region) or in blocks (each CPU faulting its own
contiguous stretch of the trace). vswap v6 keeps, per CPU, the last cluster it looked up; a fault
whose page lies in that cluster skips the XArray walk. The share of faults whose previous use of
the same cluster came from another CPU is what a shared per-cluster lock line costs in transfers.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from swapmodel.analysis.power import difference_ci, welch_p
from swapmodel.analysis.sweep import sweep
from swapmodel.base.errors import check_choice, check_range
from swapmodel.base.geometry import MIB_BYTES, PAGE_SIZE_BYTES, SWAPFILE_CLUSTER_SLOTS
from swapmodel.model.lookup import fault_cost, load_paths, lock_wait_ns, step_costs, zswap_tree_walk

USEMEM_SERIES = (
    # (step, comparison id whose arm the step starts from, its arm, comparison id it ends at, its arm):
    # Nhat Pham's single-process usemem series (14 Apr 2026, benchmarks.toml usemem-single-sys-*), each
    # step between the arms it changed; the same message posts these runs' reclaim counters, so a step
    # divides by the pages they reclaimed. Its runs per arm are not stated: a step resolves only if it
    # resolves at MIN_PLAUSIBLE_RUNS
    ("vswap v5", "usemem-single-sys-v5", "baseline", "usemem-single-sys-v5", "new"),
    ("lookup optimisations, the rmap bit among them", "usemem-single-sys-v5", "new",
     "usemem-single-sys-newopt", "new"),
    ("per-CPU cluster cache", "usemem-single-sys-newopt", "new", "usemem-single-sys-cc", "new"),
)
USEMEM_CONC_SERIES = (
    # the 52-worker series (20 Apr 2026 and the v6 cover, series-usemem-conc-sys-*, v6-usemem-conc-sys):
    # no reclaim counters were posted for it, so a step is divided by the workload's pages
    ("vswap v5", "series-usemem-conc-sys-v5", "baseline", "series-usemem-conc-sys-v5", "new"),
    ("lookup optimisations, the rmap bit among them", "series-usemem-conc-sys-v5", "new",
     "series-usemem-conc-sys-newopt", "new"),
    ("per-CPU cluster cache", "series-usemem-conc-sys-newopt", "new", "series-usemem-conc-sys-cc", "new"),
    ("vswap v6 (its cover, against 6.19)", "v6-usemem-conc-sys", "baseline", "v6-usemem-conc-sys", "new"),
)
MIN_PLAUSIBLE_RUNS = 3  # the fewest runs behind a posted "mean +/- spread" (assumed)
USEMEM_CONC_WORKERS = 52
USEMEM_CONC_MIB_PER_WORKER = 300
"""Nhat Pham's usemem concurrency runs (benchmarks.toml series-usemem-conc-*, 'usemem concurrency, 52
workers x 300M random, zram, 16G'): one process per CPU, each over its own 300 MiB."""
USEMEM_CONC_PAGES = USEMEM_CONC_WORKERS * USEMEM_CONC_MIB_PER_WORKER * MIB_BYTES // PAGE_SIZE_BYTES
PATTERNS = ("sequential", "strided", "zipf", "uniform")
ASSIGNMENTS = ("interleaved", "blocks")


def trace(pattern: str, n_faults: int, space_pages: int, seed: int, stride_pages: int = 64,
          zipf_a: float = 1.2) -> np.ndarray:
    """Page numbers of `n_faults` faults over a space of `space_pages` pages."""
    check_choice("pattern", pattern, PATTERNS)
    n = int(check_range("n_faults", n_faults, 1, 1e8))
    space = int(check_range("space_pages", space_pages, SWAPFILE_CLUSTER_SLOTS, 1 << 40))
    rng = np.random.default_rng(seed)
    if pattern == "sequential":
        return np.arange(n, dtype=np.int64) % space
    if pattern == "strided":
        stride = int(check_range("stride_pages", stride_pages, 1, space))
        return (np.arange(n, dtype=np.int64) * stride) % space
    if pattern == "uniform":
        return rng.integers(0, space, n)
    a = float(check_range("zipf_a", zipf_a, 1.0001, 10))
    # Zipf-popular pages, scattered over the space by a fixed random permutation of ranks
    ranks = np.minimum(rng.zipf(a, n) - 1, space - 1)
    return (ranks * 2654435761) % space


def mru_hits(pages: np.ndarray, n_cpus: int, assignment: str = "interleaved") -> tuple[float, float]:
    """(hit rate of a one-entry per-CPU cluster cache, share of faults whose cluster was last used
    by another CPU) for `pages` faulted on `n_cpus` CPUs."""
    check_choice("assignment", assignment, ASSIGNMENTS)
    cpus = int(check_range("n_cpus", n_cpus, 1, 4096))
    clusters = np.asarray(pages, dtype=np.int64) // SWAPFILE_CLUSTER_SLOTS
    n = clusters.size
    cpu = np.arange(n) % cpus if assignment == "interleaved" else (np.arange(n) * cpus) // n
    hits = 0
    for c in range(cpus):
        seq = clusters[cpu == c]
        hits += int(np.count_nonzero(seq[1:] == seq[:-1]))
    # the previous fault on the same cluster, by any CPU: was it another CPU?
    order = np.lexsort((np.arange(n), clusters))
    same = clusters[order][1:] == clusters[order][:-1]
    other = np.count_nonzero(same & (cpu[order][1:] != cpu[order][:-1]))
    return hits / n, other / n


def _point(pattern, n_cpus, assignment, n_faults, space_pages, seed):
    hit, other = mru_hits(trace(pattern, n_faults, space_pages, seed), n_cpus, assignment)
    return {"pattern": pattern, "n_cpus": n_cpus, "assignment": assignment, "seed": seed,
            "mru_hit_rate": hit, "other_cpu_share": other}


def hit_rate_sweep(patterns, cpu_counts, assignments, n_faults: int, space_pages: int, seeds,
                   executor=None) -> pd.DataFrame:
    """MRU hit rate and other-CPU share over patterns, CPU counts, assignments and seeds."""
    grid = [dict(pattern=p, n_cpus=c, assignment=a, n_faults=n_faults, space_pages=space_pages, seed=s)
            for p in patterns for c in cpu_counts for a in assignments for s in seeds]
    return pd.DataFrame(sweep(_point, grid, executor))


def cost_by_locality(hits: pd.DataFrame, latency_ns: dict, atomic_ns: float, cold: str, used_clusters: float,
                     scenario: str = "zswap", *, host: str, zswap_share: float | None = None,
                     transfer_ns: float | None = None) -> pd.DataFrame:
    """Nanoseconds per fault in `scenario` on a `host` host (model.lookup.fault_cost) for each design
    at each locality's mean MRU hit rate; a fault whose cluster was last locked by another CPU pays
    a transfer of the lock line (`transfer_ns`; L3 when not given) in place of the uncontended atomic
    (vswap's descriptor is read under the cluster lock)."""
    rows = []
    mean = hits.groupby(["pattern", "n_cpus", "assignment"], sort=False)[["mru_hit_rate", "other_cpu_share"]].mean()
    move = latency_ns["L3"] if transfer_ns is None else float(transfer_ns)
    for (pattern, cpus, assignment), r in mean.iterrows():
        costs = fault_cost(latency_ns, atomic_ns, cold, used_clusters, r.mru_hit_rate, host=host, zswap_share=zswap_share)
        costs = costs[costs.scenario == scenario].copy()
        locked = costs.design.str.startswith("vswap-v")
        costs.loc[locked, "ns"] += r.other_cpu_share * (move - (atomic_ns if transfer_ns is not None else 0.0))
        for row in costs.itertuples():
            rows.append({"pattern": pattern, "n_cpus": cpus, "assignment": assignment, "host": host,
                         "scenario": scenario, "design": row.design, "mru_hit_rate": r.mru_hit_rate,
                         "other_cpu_share": r.other_cpu_share, "ns": row.ns})
    return pd.DataFrame(rows)


def series_steps(comparisons, pages: float, walk_ns: float, series=USEMEM_SERIES,
                 per: str = "reclaimed_page", runs_assumed: bool = True) -> pd.DataFrame:
    """Each step of a usemem series (USEMEM_SERIES, or USEMEM_CONC_SERIES with per='workload_page'):
    the change in system time with Welch's 95 % interval and p, per page (`pages`: the pages the runs
    reclaimed, or the workload's pages where no counter was posted), and in uncached cluster-XArray
    walks of `walk_ns`. `resolves`: Welch p < 0.05, at MIN_PLAUSIBLE_RUNS per arm too where the runs
    are assumed. A step per workload page resolves by its own (stated) runs too: its assumed
    denominator scales the published and the modelled figure alike, so the ratio between them is the
    ratio of the totals (model ns x pages against the measured seconds) whatever the page count."""
    check_range("pages", pages, 1)
    check_range("walk_ns", walk_ns, 1e-3)
    check_choice("per", per, ("reclaimed_page", "workload_page"))
    by_id = {c.id: c for c in comparisons}
    rows = []
    for step, a_id, a_arm, b_id, b_arm in series:
        a, b = getattr(by_id[a_id], a_arm), getattr(by_id[b_id], b_arm)
        low, high = difference_ci(a, b)
        fewest = [dataclasses.replace(arm, runs=MIN_PLAUSIBLE_RUNS) for arm in (a, b)]
        p_fewest = welch_p(*fewest) if runs_assumed else welch_p(a, b)
        per_page = 1e9 / pages
        rows.append({"step": step, "from": a.label, "to": b.label, "runs": min(a.runs, b.runs),
                     "sys_change_s": b.mean - a.mean, "sys_change_pct": 100 * (b.mean - a.mean) / a.mean,
                     "welch_p": welch_p(a, b), "page": per.replace("_", " "), "ns_per_page": (b.mean - a.mean) * per_page,
                     "ci95_low_ns": low * per_page, "ci95_high_ns": high * per_page,
                     "walks_equivalent": (b.mean - a.mean) * per_page / walk_ns,
                     "welch_p_fewest_runs": p_fewest,
                     "resolves": bool(max(welch_p(a, b), p_fewest) < 0.05)})
    return pd.DataFrame(rows)


STEP_DESIGNS = {
    # the design whose fault path each USEMEM_SERIES step changes, and how its model change is taken
    "vswap v5": "vswap-v3",  # v5 keeps v3's path (cluster XArray, cluster lock, descriptor); no per-CPU cache
    "lookup optimisations, the rmap bit among them": None,  # no fault-path step of the model changes
    "per-CPU cluster cache": "vswap-v6",  # the cache's own saving: the walk spared at the MRU hit rate
    "vswap v6 (its cover, against 6.19)": "vswap-v6",
}


def series_validation(steps: pd.DataFrame, per_fault: pd.DataFrame, hit_rate: float, latency_ns: dict,
                      other_cpu_share: float = 0.0, transfer_ns: float = 0.0, atomic_ns: float = 0.0,
                      walk: float = 0.0) -> pd.DataFrame:
    """The model's change in fault-lookup nanoseconds per page beside each usemem series step
    (series_steps), one disk fault per page (reclaimed, or of the workload) on the host of `per_fault` (the series ran on
    zram: a never-enabled host unless zswap was on; the posting does not say), 6.19 priced as
    linux-6.18. With `other_cpu_share` > 0, the vswap cluster lock pays a line transfer
    (`transfer_ns`) in place of the atomic on that share of faults (52 workers on one region).
    `hit_rate`: the per-CPU cluster cache's hit rate for the series' access order (sequential for
    usemem without -R, uniform random with it). `resolves`: series_steps' verdict."""
    fault = per_fault[per_fault.scenario == "disk"].set_index("design").ns
    contention = other_cpu_share * (transfer_ns - atomic_ns)
    rows = []
    for r in steps.itertuples():
        design = STEP_DESIGNS[r.step]
        if design is None:
            model, how = 0.0, "no modelled fault-path step changes"
        elif r.step == "per-CPU cluster cache":
            model, how = -hit_rate * (walk - latency_ns["L1d"]), "cluster walk spared at the MRU hit rate of the series' access order"
        else:
            model, how = float(fault[design] - fault["linux-6.18"]) + contention, "one disk-fault lookup per page"
        rows.append({"step": r.step, "page": r.page, "published_ns_per_page": r.ns_per_page, "model_ns_per_page": model,
                     "welch_p": r.welch_p, "resolves": bool(r.resolves), "model_is": how})
    return pd.DataFrame(rows)


def zswap_miss_table(zswap_shares, latency_ns: dict, cold: str, used_clusters: float) -> pd.DataFrame:
    """A disk fault's zswap tree miss on a zswap-writeback host (model.lookup.zswap_tree_walk) over the
    share of entries in zswap, beside the hit of a zswap fault."""
    pages = used_clusters * SWAPFILE_CLUSTER_SLOTS
    hit_loads, hit_ns = zswap_tree_walk(1.0, True, latency_ns, cold, pages)
    rows = []
    for z in zswap_shares:
        loads, ns = zswap_tree_walk(z, False, latency_ns, cold, pages)
        rows.append({"zswap_share": z, "miss_loads": loads, "miss_ns": ns, "hit_loads": hit_loads, "hit_ns": hit_ns})
    return pd.DataFrame(rows)


def path_table(designs, scenario: str, hosts, latency_ns: dict, atomic_ns: float, cold: str, used_clusters: float,
               zswap_share: float) -> pd.DataFrame:
    """Each step of each design's `scenario` path on each host kind: what it loads, its nanoseconds
    and the code it cites (data/published/lookup_paths.toml)."""
    rows = []
    for p in load_paths():
        for design in (d for d in p.designs if d in designs):
            for host in hosts:
                z = zswap_share if host == "zswap-writeback" else 0.0
                for c in step_costs(p.steps(scenario, host), latency_ns, atomic_ns, cold, used_clusters,
                                    zswap_share=z, zswap_hit=scenario == "zswap"):
                    rows.append({"design": design, "host": host, **c})
    return pd.DataFrame(rows)


def usemem_lock_wait(reclaimed_pages: float, baseline_sys_s: float, hold_random_ns: float,
                     hold_shared_ns: float) -> pd.DataFrame:
    """Bounds on the cluster-lock wait per fault in the usemem concurrency runs (model.lookup.lock_wait_ns):
    faults at most as fast as one per reclaimed page over the baseline's system time spread over its
    USEMEM_CONC_WORKERS CPUs, either over the clusters of the workers' regions (random faults; a lock held
    for `hold_random_ns`) or all on one cluster (CPUs faulting one region in turn; held `hold_shared_ns`)."""
    rate = float(check_range("reclaimed_pages", reclaimed_pages, 1)) / (
        float(check_range("baseline_sys_s", baseline_sys_s, 1e-3)) / USEMEM_CONC_WORKERS)
    clusters = USEMEM_CONC_WORKERS * USEMEM_CONC_MIB_PER_WORKER * MIB_BYTES / (PAGE_SIZE_BYTES * SWAPFILE_CLUSTER_SLOTS)
    rows = []
    for case, locks, hold in (("random, over the workers' clusters", clusters, hold_random_ns),
                              ("every CPU on one cluster", 1.0, hold_shared_ns)):
        rho = rate / locks * hold * 1e-9
        wait = lock_wait_ns(rate, locks, hold) if rho < 1 else float("inf")
        rows.append({"case": case, "faults_per_s": rate, "locks": locks, "hold_ns": hold, "utilisation": rho,
                     "wait_ns": wait})
    return pd.DataFrame(rows)
