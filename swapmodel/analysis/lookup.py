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

import numpy as np
import pandas as pd

from swapmodel.analysis.power import difference_ci, welch_p
from swapmodel.analysis.sweep import sweep
from swapmodel.base.errors import check_choice, check_range
from swapmodel.base.geometry import SWAPFILE_CLUSTER_SLOTS
from swapmodel.model.lookup import fault_cost

USEMEM_SERIES = (
    # (step, comparison id whose arm the step starts from, its arm, comparison id it ends at, its arm):
    # Nhat Pham's usemem concurrency series (benchmarks.toml), each step between the arms it changed
    ("vswap v5", "series-usemem-conc-sys-v5", "baseline", "series-usemem-conc-sys-v5", "new"),
    ("lookup optimisations, the rmap bit among them", "series-usemem-conc-sys-v5", "new",
     "series-usemem-conc-sys-newopt", "new"),
    ("per-CPU cluster cache", "series-usemem-conc-sys-newopt", "new", "series-usemem-conc-sys-cc", "new"),
    ("vswap v6 (its cover, against 6.19)", "v6-usemem-conc-sys", "baseline", "v6-usemem-conc-sys", "new"),
)
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
                     scenario: str = "zswap") -> pd.DataFrame:
    """Nanoseconds per fault in `scenario` for each design at each locality's mean MRU hit rate;
    a fault whose cluster was last locked by another CPU pays one L3 transfer of the lock line
    (vswap's descriptor is read under the cluster lock)."""
    rows = []
    mean = hits.groupby(["pattern", "n_cpus", "assignment"], sort=False)[["mru_hit_rate", "other_cpu_share"]].mean()
    for (pattern, cpus, assignment), r in mean.iterrows():
        costs = fault_cost(latency_ns, atomic_ns, cold, used_clusters, r.mru_hit_rate)
        costs = costs[costs.scenario == scenario].copy()
        locked = costs.design.str.startswith("vswap-v")
        costs.loc[locked, "ns"] += r.other_cpu_share * latency_ns["L3"]
        for row in costs.itertuples():
            rows.append({"pattern": pattern, "n_cpus": cpus, "assignment": assignment, "design": row.design,
                         "mru_hit_rate": r.mru_hit_rate, "ns": row.ns})
    return pd.DataFrame(rows)


def series_steps(comparisons, reclaimed_pages: float, walk_ns: float) -> pd.DataFrame:
    """Each step of the usemem concurrency series (USEMEM_SERIES): the change in system time with
    Welch's 95 % interval and p, per reclaimed page, and in uncached cluster-XArray walks."""
    check_range("reclaimed_pages", reclaimed_pages, 1)
    check_range("walk_ns", walk_ns, 1e-3)
    by_id = {c.id: c for c in comparisons}
    rows = []
    for step, a_id, a_arm, b_id, b_arm in USEMEM_SERIES:
        a, b = getattr(by_id[a_id], a_arm), getattr(by_id[b_id], b_arm)
        low, high = difference_ci(a, b)
        per_page = 1e9 / reclaimed_pages
        rows.append({"step": step, "from": a.label, "to": b.label, "sys_change_s": b.mean - a.mean,
                     "sys_change_pct": 100 * (b.mean - a.mean) / a.mean, "welch_p": welch_p(a, b),
                     "ns_per_reclaimed_page": (b.mean - a.mean) * per_page, "ci95_low_ns": low * per_page,
                     "ci95_high_ns": high * per_page, "walks_equivalent": (b.mean - a.mean) * per_page / walk_ns})
    return pd.DataFrame(rows)
