"""Analyses for notebook 04: virtual space over physical devices, the kernel's own test against
this kernel, small folios among large ones, several CPUs, and the sparse worst case.

Every table comes from the allocator simulator (`simulate_churn`), the live records in
data/kernel/live/, the published runs (data/published/) or the cost model; nothing is typed in.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from swapmodel.allocator import CHUNK_ORDER
from swapmodel.allocator.params import ChurnParams
from swapmodel.analysis.simulate import (SMALL_FOLIOS, T1_FLAGS, VIRTUAL_RULES, policy_for, simulate_churn,
                                         simulate_steady)
from swapmodel.analysis.sweep import sweep
from swapmodel.analysis.validation import churn_curves, plateau_table
from swapmodel.base.errors import ParameterError, check_choice
from swapmodel.base.geometry import MIB_BYTES, PAGE_SIZE_BYTES
from swapmodel.base.geometry import SWAPFILE_CLUSTER_SLOTS as CLUSTER
from swapmodel.model.cost import cost
from swapmodel.model.occupancy import ClusterCounts, KeySet
from swapmodel.model import thp_swapin
from swapmodel.model.sparse_index import STRUCTURES, index_bytes, strided_ids
from swapmodel.sources.designs import get_design, posted_shares_cluster_cache
from swapmodel.sources.kernel_records import load_live_records
from swapmodel.sources.published import published_t1
from swapmodel.sources.questions import Validation

LAST = 10
"""Iterations averaged at the end of a run (the issue's 'last-10-iteration mean')."""


def is_layered(design: str) -> bool:
    """The design puts a virtual space over a physical device (catalogue key virtual_over_physical)."""
    return get_design(design).virtual_over_physical


def _last_mean(rows, key="fallback_pct", last=LAST) -> float:
    return float(np.mean([r[key] for r in rows[-last:]]))


def live_selftest_runs(variant: str = "posted-v1") -> pd.DataFrame:
    """This kernel's runs of thp_swap_allocator_test (data/kernel/live/selftest-*.json): one row per
    run with its device, flags, zswap state and last-10-iteration fallback."""
    rows = []
    for r in load_live_records("selftest"):
        st = r["settings"]
        if st["variant"] != variant:
            continue
        rows.append({"device_mib": st["device_mib"], "test_flags": st["flags"] or "(none)",
                     "kernel": r["kernel_release"], "zswap_enabled_before": r["zswap_enabled_since_boot_before_run"],
                     "taken_at_utc": r["taken_at_utc"], "live_last10_pct": _last_mean(r["iterations"]),
                     "live_pct": [x["fallback_pct"] for x in r["iterations"]]})
    return pd.DataFrame(rows)


def _selftest_sim(device_mib, small, seed, iterations):
    extra = SMALL_FOLIOS["kernel-selftest"] if small else {}
    rows = simulate_churn(workload="kernel-selftest", device_mib=device_mib, iterations=iterations, seed=seed,
                          **extra).iterations()
    return {"device_mib": device_mib, "test_flags": "-s" if small else "(none)", "seed": seed,
            "sim_last10_pct": _last_mean(rows), "sim_pct": [r["fallback_pct"] for r in rows]}


def selftest_against_live(seeds, iterations: int = 100, executor=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per device size and flag set of the live runs: the live last-10 mean and the simulator's
    mean and sd over `seeds` (kernel-selftest workload, 6.18 rules); and the per-seed runs."""
    live = live_selftest_runs()
    keys = sorted({(float(d), f == "-s") for d, f in zip(live["device_mib"], live["test_flags"])})
    grid = [dict(device_mib=d, small=s, seed=seed, iterations=iterations) for d, s in keys for seed in seeds]
    sim = pd.DataFrame(sweep(_selftest_sim, grid, executor))
    agg = sim.groupby(["device_mib", "test_flags"])["sim_last10_pct"].agg(sim_mean="mean", sim_sd="std").reset_index()
    per_live = live.groupby(["device_mib", "test_flags"])["live_last10_pct"].agg(live_mean="mean", live_runs="count")
    table = agg.merge(per_live.reset_index(), on=["device_mib", "test_flags"])
    table["difference_points"] = table["sim_mean"] - table["live_mean"]
    return table, sim


VIRTUAL_CAPS = ("default", "device")
"""How large the virtual space of a two-layer design may grow: `default` the simulator's cap (8x the
working set, ChurnParams.dynamic_cap_mib), `device` as large as the physical device under it."""

CLUSTER_CACHES = ("posted", "shared")
"""The per-CPU cluster cache of a two-layer design's virtual allocations: `posted` as each design's
posted code keeps it (rule per_cpu_cluster_cache of data/designs/rules.toml: vswap-v3 and vswap-v6
in PATCH v3 09/20, vswap-ste-v2 in RFC v2 2/7 keep a cache of their own), `shared` one cache with the
physical device (6.18's percpu_swap_cluster, as the RFC v1 discussion of 1-2 Jun 2026 read STE)."""


def _shared_cache(design: str, cluster_cache: str) -> bool | None:
    if not is_layered(design):
        return None
    return True if cluster_cache == "shared" else posted_shares_cluster_cache(design)


def _layered_plateau(design, ratio, seed, iterations, region_mib, workload, aligned, virtual_cap="default",
                     order=CHUNK_ORDER, cluster_cache="posted", virtual_rules="code"):
    device = float(np.ceil(region_mib * ratio))
    cap = device if virtual_cap == "device" and is_layered(design) else None
    rows = simulate_churn(design=design, device_mib=device, region_mib=region_mib, iterations=iterations, seed=seed,
                          workload=workload, aligned=aligned, dynamic_cap_mib=cap, order=order,
                          shared_cluster_cache=_shared_cache(design, cluster_cache),
                          virtual_rules=virtual_rules).iterations()
    half = rows[len(rows) // 2:]
    return {"design": design, "device_over_region": ratio, "seed": seed, "device_mib": device,
            "virtual_cap": virtual_cap, "order": order, "large_swapin": aligned, "cluster_cache": cluster_cache,
            "virtual_rules": virtual_rules,
            "fallback_pct": float(np.mean([r["fallback_pct"] for r in half])),
            "reactivated_pct": float(np.mean([r["reactivated_pct"] for r in half])),
            "split_of_attempts_pct": float(np.mean([r["split_of_attempts_pct"] for r in half])),
            "reclaimed_again_pages": float(np.mean([r["layers"]["physical"].get("reclaimed_again_pages", 0)
                                                    for r in half])),
            "virtual_clusters": float(np.mean([r["layers"].get("virtual", {}).get("clusters_mapped", np.nan)
                                               for r in half])),
            "not_split_or_kept_pct": float(np.mean([r["not_whole_pct"] for r in half])),
            "nospace_pages": float(np.mean([r["nospace_pages"] for r in half]))}


def layered_fill_sweep(designs, ratios, seeds, iterations: int, region_mib: float, workload: str = "tools-mm",
                       aligned: bool = False, virtual_cap: str = "default", executor=None, orders=(CHUNK_ORDER,),
                       swapin_modes=None, cluster_cache: str = "posted", virtual_rules: str = "code") -> pd.DataFrame:
    """Second-half means of the split share (swpout_fallback) and the reactivated share of large
    folios against physical device size / working set, for static and two-layer designs; a
    two-layer design's virtual space capped as `virtual_cap` says (VIRTUAL_CAPS) and its per-CPU
    cluster cache as `cluster_cache` says (CLUSTER_CACHES); per folio order in `orders` and swap-in
    mode (`swapin_modes`: large-folio swap-in True/False; default `aligned` alone); the virtual
    layer under its code's rules or the former assumptions (`virtual_rules`, simulate.VIRTUAL_RULES).
    Notebooks 04 and 05 both take the shares and the provisioning they need from this one sweep."""
    check_choice("virtual_cap", virtual_cap, VIRTUAL_CAPS)
    check_choice("cluster_cache", cluster_cache, CLUSTER_CACHES)
    check_choice("virtual_rules", virtual_rules, VIRTUAL_RULES)
    modes = (aligned,) if swapin_modes is None else tuple(swapin_modes)
    grid = [dict(design=d, ratio=r, seed=s, iterations=iterations, region_mib=region_mib, workload=workload,
                 aligned=m, virtual_cap=virtual_cap, order=int(o), cluster_cache=cluster_cache,
                 virtual_rules=virtual_rules)
            for d in designs for o in orders for m in modes for r in ratios for s in seeds]
    return pd.DataFrame(sweep(_layered_plateau, grid, executor))


def _layers_over_time(design, seed, iterations, device_mib, region_mib, every, virtual_rules="code"):
    result = simulate_churn(design=design, device_mib=device_mib, region_mib=region_mib, iterations=iterations,
                            seed=seed, snapshot_every=every, virtual_rules=virtual_rules)
    out = []
    by_iteration = {r["iteration"]: r for r in result.iterations()}
    for done, counts in result.snapshots:
        r = by_iteration[done]
        live = int(counts.sum())
        occ = result.occupancy("disk", counts)
        out.append({"design": design, "seed": seed, "iteration": done, "virtual_rules": virtual_rules, "live_entries": live,
                    "virtual_clusters": r["layers"].get("virtual", {}).get("clusters_mapped", np.nan),
                    "physical_clusters": r["layers"]["physical"]["clusters_in_use"],
                    "dense_clusters": -(-live // 512),
                    "bytes_per_live_entry": float(cost(design, occ).total_bytes[0]) / max(live, 1)})
    return out


def layers_over_time(designs, seeds, iterations: int, device_mib: float, region_mib: float, every: int = 5,
                     executor=None, virtual_rules: str = "code") -> pd.DataFrame:
    """Clusters each layer holds (the virtual layer's clusters mapped, a pinned empty one included),
    and metadata bytes per live entry (entries priced on disk, with their physical slots), every
    `every` iterations of the churn, the virtual layer under `virtual_rules`."""
    check_choice("virtual_rules", virtual_rules, VIRTUAL_RULES)
    grid = [dict(design=d, seed=s, iterations=iterations, device_mib=device_mib, region_mib=region_mib, every=every,
                 virtual_rules=virtual_rules) for d in designs for s in seeds]
    return pd.DataFrame([row for rows in sweep(_layers_over_time, grid, executor) for row in rows])


def _cpus(design, n_cpus, shared, seed, iterations, device_mib, region_mib, virtual_rules="code"):
    rows = simulate_churn(design=design, n_cpus=n_cpus, shared_cluster_cache=shared, seed=seed, iterations=iterations,
                          device_mib=device_mib, region_mib=region_mib, virtual_rules=virtual_rules).iterations()
    half = rows[len(rows) // 2:]
    calls = sum(r.get("allocator_calls", 0) for r in half)
    return {"design": design, "n_cpus": n_cpus, "shared_cluster_cache": shared, "seed": seed, "virtual_rules": virtual_rules,
            "fallback_pct": float(np.mean([r["fallback_pct"] for r in half])),
            "reactivated_pct": float(np.mean([r["reactivated_pct"] for r in half])),
            "not_whole_pct": float(np.mean([r["not_whole_pct"] for r in half])),
            "thrash_per_100_allocations": 100.0 * sum(r.get("cluster_cache_thrash", 0) for r in half) / calls if calls else 0.0}


def cpu_sweep(designs, n_cpus_list, seeds, iterations: int, device_mib: float, region_mib: float,
              executor=None, virtual_rules: str = "code") -> pd.DataFrame:
    """Fallback, reactivation and per-CPU cluster cache thrash against reclaiming CPUs, with the
    cache shared between the virtual and the physical layer (6.18's percpu_swap_cluster) or not;
    the virtual layer under `virtual_rules`."""
    check_choice("virtual_rules", virtual_rules, VIRTUAL_RULES)
    grid = [dict(design=d, n_cpus=n, shared=sh, seed=s, iterations=iterations, device_mib=device_mib,
                 region_mib=region_mib, virtual_rules=virtual_rules) for d in designs for n in n_cpus_list
            for sh in ((True, False) if is_layered(d) else (True,)) for s in seeds]
    return pd.DataFrame(sweep(_cpus, grid, executor))


def sparse_worst_case(designs, n_live: int, strides, state: str = "zswap") -> pd.DataFrame:
    """Metadata per live entry when one live entry pins each of `n_live` clusters spaced `stride`
    cluster ids apart (the adversarial occupancy), priced with each design's full ledger, beside the
    dense case (every slot of the same clusters live)."""
    rows = []
    for d in designs:
        dense = KeySet({state: np.arange(n_live * 512)})
        dense_b = float(cost(d, dense).total_bytes[0]) / (n_live * 512)
        for stride in strides:
            ids = strided_ids(n_live, stride)
            b = float(cost(d, KeySet({state: ids * 512})).total_bytes[0]) / n_live
            rows.append({"design": d, "stride_clusters": stride, "bytes_per_live_entry": b,
                         "dense_bytes_per_entry": dense_b, "ratio_to_dense": b / dense_b})
    return pd.DataFrame(rows)


def index_structures(n_live: int, strides) -> pd.DataFrame:
    """Bytes per live cluster of the cluster-id index, for each structure and spread."""
    rows = []
    for stride in strides:
        ids = strided_ids(n_live, stride)
        for s in STRUCTURES:
            rows.append({"structure": s, "stride_clusters": stride, "bytes_per_live_cluster": index_bytes(s, ids) / n_live})
    return pd.DataFrame(rows)


def _thp(design, seed, iterations, device_mib, region_mib, virtual_rules="code"):
    rows = simulate_churn(design=design, seed=seed, iterations=iterations, device_mib=device_mib,
                          region_mib=region_mib, aligned=True, mthp_swapin=True, virtual_rules=virtual_rules).iterations()
    half = rows[len(rows) // 2:]
    ok = sum(r["thp_swpin"] for r in half)
    denied = sum(r["thp_swpin_denied"] for r in half)
    return {"design": design, "seed": seed, "virtual_rules": virtual_rules, "thp_swpin": ok, "thp_swpin_denied": denied,
            "eligible_pct": 100.0 * ok / (ok + denied) if ok + denied else float("nan")}


def thp_swapin_eligibility(designs, seeds, iterations: int, device_mib: float, region_mib: float,
                           executor=None, virtual_rules: str = "code") -> pd.DataFrame:
    """Share of aligned chunk swap-ins that come back as one large folio (their entries are one
    aligned run on one backend, no zswap: vswap_can_swapin_thp's conditions in a zram-only churn);
    the virtual layer under `virtual_rules`."""
    check_choice("virtual_rules", virtual_rules, VIRTUAL_RULES)
    grid = [dict(design=d, seed=s, iterations=iterations, device_mib=device_mib, region_mib=region_mib,
                 virtual_rules=virtual_rules) for d in designs for s in seeds]
    return pd.DataFrame(sweep(_thp, grid, executor))


def _free_space(design, seed, iterations, device_mib, region_mib, virtual_rules="code"):
    result = simulate_churn(design=design, seed=seed, iterations=iterations, device_mib=device_mib,
                            region_mib=region_mib, virtual_rules=virtual_rules)
    phys = result.final["physical"]
    last = result.iterations()[-1]
    return {"design": design, "seed": seed, "virtual_rules": virtual_rules, "free_slots": phys["free_slots"],
            "free_aligned_runs": phys["free_aligned_order4_runs"], "compacted_runs": phys["compacted_order4_runs"],
            "large_folios_not_written": last["swpout_fallback"] + last["reactivated"]}


def physical_free_space(designs, seeds, iterations: int, device_mib: float, region_mib: float,
                        executor=None, virtual_rules: str = "code") -> pd.DataFrame:
    """The physical device's free space at the end of an order-4 churn: free slots, free aligned
    64 KiB runs, the runs compaction of the same free slots would give, and the large folios of
    the last iteration that were split or kept in memory; the virtual layer under `virtual_rules`."""
    check_choice("virtual_rules", virtual_rules, VIRTUAL_RULES)
    grid = [dict(design=d, seed=s, iterations=iterations, device_mib=device_mib, region_mib=region_mib,
                 virtual_rules=virtual_rules) for d in designs for s in seeds]
    return pd.DataFrame(sweep(_free_space, grid, executor))


def swapin_whole_share(eligibility: pd.DataFrame, zswap_shares, order: int = CHUNK_ORDER) -> pd.DataFrame:
    """Per design and zswap share, the share of chunk swap-ins that come back as one folio: the
    contiguity rule's eligible share (`thp_swapin_eligibility`, zram only, mean over seeds) times
    the share the backend rule lets through (model.thp_swapin), under both writeback bounds."""
    contiguous = eligibility.groupby("design", sort=False)["eligible_pct"].mean() / 100
    out = thp_swapin.denied_table(list(contiguous.index), [float(z) for z in zswap_shares], order)
    for wb in thp_swapin.WRITEBACK:
        out[f"whole_pct_{wb}_writeback"] = 100 * out.design.map(contiguous) * (1 - out[f"denied_{wb}_writeback"])
    return out


WRITEBACK_BATCH_ORDERS = (0, CHUNK_ORDER)
"""zswap's page-at-a-time writeback, and batched contiguous writeback of a 64 KiB run."""


def _writeback(design, batch_order, seed, device_mib, pool_mib, events, n_cpus, virtual_rules="code"):
    result = simulate_steady(design, device_mib=device_mib, zswap_pool_mib=pool_mib, events=events,
                             window=max(1, events // 20), seed=seed, n_cpus=n_cpus, writeback_batch_order=batch_order,
                             virtual_rules=virtual_rules)
    rows = result.run.windows
    half = rows[len(rows) // 2:]
    backing = [result.occupancy(w).backing_counts for w in range(len(rows) // 2, len(rows))]
    chunks = sum(r["written_back_chunks"] for r in half)
    together = sum(r["written_back_chunks_contiguous"] for r in half)
    return {"design": design, "writeback_batch_order": batch_order, "seed": seed, "virtual_rules": virtual_rules,
            "zswap_writeback": result.params["zswap_writeback"],
            "written_back_entries": float(np.mean([r["writeback"] for r in half])),
            "rejected_pages": float(np.mean([r["rejected"] for r in half])),
            "written_back_chunks": chunks / len(half), "contiguous_pct": 100.0 * together / chunks if chunks else float("nan"),
            "backing_fill": float(np.mean([r["backing_slots_in_use"] for r in half])) * PAGE_SIZE_BYTES / (device_mib * MIB_BYTES),
            "backing_slots_in_use": float(np.mean([r["backing_slots_in_use"] for r in half])),
            "backing_clusters_in_use": float(np.mean([0 if b is None else np.count_nonzero(b.counts.sum(axis=1))
                                                      for b in backing]))}


def written_back_contiguity(designs, seeds, device_mib: float, pool_mib: float, events: int,
                            batch_orders=WRITEBACK_BATCH_ORDERS, n_cpus: int = 2, executor=None,
                            virtual_rules: str = "code") -> pd.DataFrame:
    """zswap writeback to the physical device in the steady state (default order mix, half the
    folios freed page by page): the share of wholly written-back 64 KiB virtual chunks whose
    physical slots are consecutive, with page-at-a-time (batch order 0) or batched contiguous
    writeback, over the second half of the run; and the physical slots and clusters written-back
    entries hold (the clusters whose tables only zswap writeback uses); the written-back and rejected
    pages per window. Chunks whose folio was rejected by zswap (to a physical slot of its order at once,
    under zswap.c's store limits) count as written back. The virtual layer under `virtual_rules`."""
    check_choice("virtual_rules", virtual_rules, VIRTUAL_RULES)
    grid = [dict(design=d, batch_order=int(k), seed=s, device_mib=device_mib, pool_mib=pool_mib, events=events,
                 n_cpus=n_cpus, virtual_rules=virtual_rules) for d in designs for k in batch_orders for s in seeds]
    return pd.DataFrame(sweep(_writeback, grid, executor))


def packed(occ: ClusterCounts) -> ClusterCounts:
    """The same entries, state by state, packed into the fewest swap-space clusters (512 slots each);
    the backing device's occupancy unchanged."""
    totals = occ.counts.sum(axis=0)
    n = max(1, -(-int(totals.sum()) // CLUSTER))
    table = np.zeros((n, totals.size), np.int64)
    position = 0
    for state, count in enumerate(totals):
        while count > 0:
            c, room = position // CLUSTER, CLUSTER - position % CLUSTER
            put = min(room, int(count))
            table[c, state] += put
            position += put
            count -= put
    backing = None if occ.backing_counts is None else occ.backing_counts.counts
    return ClusterCounts(table, backing_counts=backing, backing_slots=occ.backing_slots_total)


def _steady_sparsity(design, cache_only_fraction, seed, device_mib, pool_mib, events, cache_lifetime_events,
                     virtual_rules="code"):
    result = simulate_steady(design, device_mib=device_mib, zswap_pool_mib=pool_mib, events=events,
                             window=max(1, events // 20), seed=seed, cache_only_fraction=cache_only_fraction,
                             cache_lifetime_events=cache_lifetime_events, virtual_rules=virtual_rules)
    rows = []
    for w in range(len(result.windows) // 2, len(result.windows)):
        occ = result.occupancy(w)
        live = float(occ.entries(("zswap", "writeback", "disk", "swapcache"))[0])
        rows.append({"used_clusters": result.windows[w]["used_clusters"], "dense_clusters": -(-live // CLUSTER),
                     "bytes_per_live_entry": float(cost(design, occ).total_bytes[0]) / live if live else np.nan,
                     "packed_bytes_per_live_entry": float(cost(design, packed(occ)).total_bytes[0]) / live if live else np.nan})
    mean = pd.DataFrame(rows).mean()
    return {"design": design, "cache_only_fraction": cache_only_fraction, "seed": seed, "virtual_rules": virtual_rules,
            "used_clusters": mean.used_clusters, "dense_clusters": mean.dense_clusters,
            "clusters_over_dense": mean.used_clusters / mean.dense_clusters,
            "bytes_per_live_entry": mean.bytes_per_live_entry, "packed_bytes_per_live_entry": mean.packed_bytes_per_live_entry,
            "sparsity_bytes_per_live_entry": mean.bytes_per_live_entry - mean.packed_bytes_per_live_entry}


def steady_sparsity(designs, cache_only_fractions, seeds, device_mib: float, pool_mib: float, events: int,
                    cache_lifetime_events: int, executor=None, virtual_rules: str = "code") -> pd.DataFrame:
    """A long-running vswap space: the steady state (default order mix and lifetimes, half the folios
    freed page by page, a share of those frees leaving cache-only entries for
    `cache_lifetime_events`) through a zswap pool with writeback. Second-half means of the virtual
    clusters mapped, the clusters the live entries need packed, and metadata per live entry priced
    with each design's full ledger, as found and with the same entries packed (their difference is
    what the spread costs); the virtual layer under `virtual_rules`."""
    check_choice("virtual_rules", virtual_rules, VIRTUAL_RULES)
    grid = [dict(design=d, cache_only_fraction=float(c), seed=s, device_mib=device_mib, pool_mib=pool_mib,
                 events=events, cache_lifetime_events=cache_lifetime_events, virtual_rules=virtual_rules)
            for d in designs for c in cache_only_fractions for s in seeds]
    return pd.DataFrame(sweep(_steady_sparsity, grid, executor))


def aligned_small_on_this_kernel(seeds, iterations: int = 100) -> pd.DataFrame:
    """Mainline's '-a -s' churn on this kernel (live records with aligned swap-in, a small-folio
    region and page-by-page swap-in) beside the simulator under the 6.18 rules: mean fallback,
    iterations above 0 % and maximum, one row per live run and one per seed."""
    rows = []
    for r in load_live_records("churn"):
        st = r["settings"]
        if st.get("aligned") and st.get("small_mib") and not st.get("large_folio_swapin"):
            pct = np.array([x["fallback_pct"] for x in r["iterations"]])
            rows.append({"source": f"kernel {r['kernel_release']}, seed {st['seed']}", "iterations": pct.size,
                         "mean_pct": pct.mean(), "nonzero_iterations": int(np.count_nonzero(pct)),
                         "max_pct": pct.max()})
    for s in seeds:
        pct = np.array([x["fallback_pct"] for x in simulate_churn(iterations=iterations, seed=s,
                                                                  **T1_FLAGS["-a -s"]).iterations()])
        rows.append({"source": "simulator, 6.18 rules", "iterations": pct.size, "mean_pct": pct.mean(),
                     "nonzero_iterations": int(np.count_nonzero(pct)), "max_pct": pct.max()})
    return pd.DataFrame(rows)


FALLBACK_FLOOR_PCT = 1.0
"""Two fallback shares both at most this (percentage points) agree whatever their ratio: about two
of the ~230 64 KiB folios a churn iteration swaps out, below a run's resolution."""


def live_churn_plateaus(sim_seeds=range(3)) -> pd.DataFrame:
    """This kernel's churn runs (data/kernel/live/churn-*: Linux 6.18 on zram) beside the simulator
    under the 6.18 rules on the same device, region, order and swap-in mode, as second-half means
    (analysis.validation.churn_curves and plateau_table, the comparison of notebook 03)."""
    records = load_live_records("churn")
    region = {float(r["settings"]["region_mib"]) for r in records}
    if len(region) != 1:
        raise ParameterError(f"live churn records with several working sets {sorted(region)}: compare them one by one")
    return plateau_table(churn_curves(records, sim_seeds), region_mib=region.pop())


def _t1_run(flags, seed, iterations):
    rows = simulate_churn(rules="linux-6.12", iterations=iterations, seed=seed, **T1_FLAGS[flags]).iterations()
    return {"flags": flags or "(none)", "seed": seed, "pct": [r["fallback_pct"] for r in rows]}


def t1_plateaus(seeds, executor=None) -> pd.DataFrame:
    """The published 6.12 runs of table T1 (data/published/fragmentation_t1.toml: Chris Li's v5
    cover, 64 MiB zram, 60 MiB of 64 KiB folios) against the simulator under the 6.12 rules, one row
    per flag set: for the runs printed iteration by iteration, the mean over the second half of the
    printed iterations; for '-a' (printed as 'all 0.00 %') and '-a -s' (only its nonzero iterations
    printed), the mean over all of them. Every run of the file with a flag set in T1_FLAGS, Barry
    Song's 'mthp-swapin' run (large-folio swap-in on the 6.12 allocator) included."""
    published = published_t1()
    n_iterations = {}
    for flags in [f for f in published if f in T1_FLAGS]:
        run = published[flags]
        n_iterations[flags] = (max(i for i, _, _ in run["iterations"]) if "iterations" in run
                               else int(run.get("total_iterations", 100)))
    grid = [dict(flags=f, seed=s, iterations=n) for f, n in n_iterations.items() for s in seeds]
    sims = sweep(_t1_run, grid, executor)
    rows = []
    for flags, n in n_iterations.items():
        run = published[flags]
        if "iterations" in run:
            late = [100.0 * fb / (ok + fb) for i, ok, fb in run["iterations"] if i > n // 2]
            start, pub = n // 2, float(np.mean(late))
        elif "nonzero" in run:
            start, pub = 0, sum(100.0 * fb / (ok + fb) for _, ok, fb in run["nonzero"]) / n
        else:
            start, pub = 0, float(run["all_fallback_pct"])
        model = float(np.mean([np.mean(r["pct"][start:]) for r in sims if r["flags"] == (flags or "(none)")]))
        rows.append({"flags": flags or "(none)", "iterations": n, "averaged_from": start + 1, "published_pct": pub,
                     "model_pct": model, "source": run["source"]})
    return pd.DataFrame(rows)


def fallback_validation(live: pd.DataFrame, t1: pd.DataFrame, selftest: pd.DataFrame | None = None,
                        runs=None) -> list[Validation]:
    """Validation rows for an answer about swap-out fallback: every live churn run of this kernel
    (`live_churn_plateaus`; only the runs named in `runs` when given), every live run of the posted
    selftest (`selftest_against_live`'s table, when given) and every published T1 run
    (`t1_plateaus`), each against the simulator's value for the same case, in % of large-folio
    swap-outs split; shares both under FALLBACK_FLOOR_PCT agree."""
    out = []
    for r in (selftest.itertuples() if selftest is not None and runs is None else ()):
        out.append(Validation(f"data/kernel/live/selftest-* (posted selftest, {r.device_mib:g} MiB zram, flags "
                              f"{r.test_flags}, Linux 6.18, last-10 mean) against the simulator's kernel-selftest "
                              "workload", float(r.live_mean), float(r.sim_mean), "% of 64 KiB swap-outs split",
                              floor=FALLBACK_FLOOR_PCT))
    for r in live.itertuples():
        if runs is not None and r.run not in runs:
            continue
        out.append(Validation(f"data/kernel/live/churn-* ({r.run}, Linux 6.18 on zram, second-half mean) against "
                              "the simulator's linux-6.18 rules", float(r.kernel_plateau_pct),
                              float(r.simulator_plateau_pct), "% of large-folio swap-outs split",
                              floor=FALLBACK_FLOOR_PCT))
    for r in t1.itertuples():
        who = ("Barry Song's large-folio swap-in posting" if "21cnbao" in str(getattr(r, "source", ""))
               else "Chris Li's v5 cover")
        out.append(Validation(f"data/published/fragmentation_t1.toml run {r.flags} ({who}, Linux 6.12 "
                              f"allocator, iterations {r.averaged_from}-{r.iterations}) against the simulator's "
                              "linux-6.12 rules", float(r.published_pct), float(r.model_pct),
                              "% of 64 KiB swap-outs split", floor=FALLBACK_FLOOR_PCT))
    return out


def fill_curve(fill: pd.DataFrame, column: str, designs) -> pd.Series:
    """Mean of `column` over seeds and `designs` at each physical device size / working set of a
    `layered_fill_sweep` table: the curve an operating point is one point of."""
    sub = fill[fill.design.isin(list(designs))]
    return sub.groupby("device_over_region")[column].mean()


def smallest_ratio_below(fill: pd.DataFrame, column: str, designs, threshold_pct: float) -> float:
    """The smallest device size / working set of the sweep at which the mean of `column` falls below
    `threshold_pct`; NaN where no swept size does."""
    curve = fill_curve(fill, column, designs)
    below = curve[curve < threshold_pct]
    return float(below.index.min()) if len(below) else float("nan")


def provisioning_needed(fill: pd.DataFrame, target_pct: float, column: str = "not_split_or_kept_pct") -> pd.DataFrame:
    """Per design, folio order and swap-in mode of a `layered_fill_sweep` table: the smallest swept
    device size over the swapped set (k) whose mean share of swap-outs not leaving whole (split or
    reactivated) is below `target_pct`, and the utilisation 1/k it allows (NaN: no swept size is
    enough). The over-provisioning both notebook 04 (4.10) and notebook 05 (6.1) quote."""
    rows = []
    for (d, o, m), group in fill.groupby(["design", "order", "large_swapin"], sort=False):
        k = smallest_ratio_below(group, column, [d], target_pct)
        rows.append({"design": d, "order": int(o), "large_swapin": bool(m), "k_needed": k,
                     "utilisation": 1.0 / k if k == k else float("nan")})
    return pd.DataFrame(rows)


def live_large_swapin(records=None) -> pd.DataFrame:
    """This kernel's churn runs with large-folio swap-in (data/kernel/live/churn-*,
    large_folio_swapin): per run (named by its settings and the UTC time it was taken), the share of
    mTHP swap-ins that came back as one folio, swpin / (swpin + swpin_fallback), summed over the run."""
    rows = []
    for r in records if records is not None else load_live_records("churn"):
        st = r["settings"]
        if not st.get("large_folio_swapin"):
            continue
        ok = sum(x.get("swpin", 0) for x in r["iterations"])
        fb = sum(x.get("swpin_fallback", 0) for x in r["iterations"])
        rows.append({"run": f"{st['device_mib']} MiB, order {st['order']}, seed {st['seed']}, {len(r['iterations'])} "
                            f"iterations, taken {r['taken_at_utc']}", "swpin": ok, "swpin_fallback": fb,
                     "whole_pct": 100.0 * ok / (ok + fb) if ok + fb else float("nan")})
    return pd.DataFrame(rows)


REACTIVATED = "reactivated share of 64 KiB swap-outs"
NOT_WHOLE = "share of 64 KiB swap-outs not leaving whole (split or reactivated)"


def k_quantity(target_pct: float, order: int = CHUNK_ORDER) -> str:
    """Value.quantity of the provisioning `provisioning_needed` finds, for answers 4.10 and 6.1."""
    return (f"smallest swept device size / swapped set with under {target_pct:g} % of "
            f"{(PAGE_SIZE_BYTES << order) >> 10} KiB swap-outs not whole")


def fill_scope(region_mib: float, cluster_cache: str = "posted", ratio: float | None = None,
               order: int = CHUNK_ORDER, large_swapin: bool = False) -> str:
    """Value.scope of a number from `layered_fill_sweep`: the churn, the folio size, the swap-in
    mode, the per-CPU cluster cache of the virtual layer and, for a point of the curve, the device
    size over the swapped set. Two answers quoting one number give it this same scope."""
    check_choice("cluster_cache", cluster_cache, CLUSTER_CACHES)
    cache = {"posted": "each layer's own per-CPU cluster cache (posted code)",
             "shared": "one per-CPU cluster cache shared by both layers (what-if)"}[cluster_cache]
    swapin = "large-folio swap-in" if large_swapin else "page-by-page swap-in"
    text = f"tools-mm churn of {region_mib:g} MiB, {(PAGE_SIZE_BYTES << order) >> 10} KiB folios, {swapin}, {cache}"
    return text + (f", device {ratio:g}x the swapped set" if ratio is not None else "")


def virtual_cap_clusters(design: str, region_mib: float) -> int:
    """Clusters the virtual space of two-layer `design` may map in a churn of `region_mib` of
    folios under the simulator's default cap (ChurnParams.dynamic_cap_mib unset: 8 times the
    working set, the factor of p4-rfc-ghost's ghost device, which Kairui Song's phase IV RFC sizes
    at 8x RAM, data/capacity/ceilings.toml rule '8x RAM'): the bound a mapped-cluster count of
    `layers_over_time` can reach. 0 for a one-layer design."""
    params = ChurnParams(region_mib=region_mib, device_mib=region_mib)
    return params.virtual_pages(policy_for(design)) // CLUSTER


FLAT_CLUSTER_ARRAY_STRUCT = "swap_cluster_info@6.18"
"""The element of linux-6.18's si->cluster_info (data/designs/structs.toml, BTF of 6.18.44)."""


VSWAP_V3_CLUSTER_ID_BITS = 32
"""vswap-v3's cluster ids are the u32 of xa_alloc() (MAX_VSWAP = (U32_MAX << 9) + 511 slots, PATCH v3
09/20, data/designs/rules.toml virtual_space_cap): (2^32 - 1) whole clusters."""
SWAPFILE_MAX_FIELD_BITS = 32
"""swap_info_struct->max, a 4-byte unsigned int in 6.18 (BTF of 6.18.44; data/capacity/ceilings.toml
linux-6.18), until vswap-ste-v2's RFC v2 7/7 widens it to unsigned long."""


def virtual_space_ceilings(known=()) -> list:
    """Ceilings that data/capacity/ceilings.toml does not record, for the dynamic designs notebook 04
    prices (designs named in `known` are skipped):
    vswap-v3 (read): its virtual_space_cap rule in data/designs/rules.toml, cluster ids in u32;
    p4-rfc-ghost (assumed): the ghost device is a swapfile.c device, so its si->max is taken as 6.18's
    32-bit field (16 TiB); the p4 patches were not read for this, and the alternative (a widened field,
    as vswap-ste-v2's RFC v2 7/7 does it) would make every swept stride legal."""
    from swapmodel.sources.capacity import Ceiling
    from swapmodel.sources.designs import design_rules

    out = []
    cap = [r for r in design_rules("vswap-v3") if r.rule == "virtual_space_cap"]
    if "vswap-v3" not in known and cap:
        if "U32_MAX" not in cap[0].value:
            raise ParameterError("rules.toml virtual_space_cap for vswap-v3 no longer names U32_MAX cluster ids: "
                                 "re-read VSWAP_V3_CLUSTER_ID_BITS")
        out.append(Ceiling("vswap-v3", "cluster_ids", VSWAP_V3_CLUSTER_ID_BITS, 0.0, "independent", cap[0].value,
                           cap[0].source))
    if "p4-rfc-ghost" not in known:
        out.append(Ceiling(
            "p4-rfc-ghost", "aligned_field", SWAPFILE_MAX_FIELD_BITS, 0.0, "assumed",
            "assumed: the ghost device is a swapfile.c device (alloc_swap_scan_dynamic) whose si->max is taken as "
            "6.18's unsigned int; not read in the p4 patches",
            "assumed from https://lore.kernel.org/all/20260220-swap-table-p4-v1-0-104795d19815@tencent.com/ (the ghost "
            "device is a swapfile.c device) and BTF struct swap_info_struct, member max (6.18.44); the widening is "
            "https://lore.kernel.org/all/20260612193738.2183968-8-nphamcs@gmail.com/ (STE RFC v2 7/7), later"))
    return out


def flat_cluster_array(n_live: int, strides, struct: str = FLAT_CLUSTER_ARRAY_STRUCT) -> pd.DataFrame:
    """linux-6.18's cluster metadata per live cluster when `n_live` live clusters sit `stride`
    cluster ids apart (ids 0, stride, ..., (n_live - 1) stride), for each of `strides`.

    linux-6.18 keeps no cluster-id index: si->cluster_info is a flat array of struct
    swap_cluster_info, one element per cluster of the device, allocated once at swapon
    (mm/swapfile.c v6.18, setup_clusters(): kvcalloc(nr_clusters, sizeof(*cluster_info),
    GFP_KERNEL), nr_clusters = DIV_ROUND_UP(maxpages, SWAPFILE_CLUSTER); the function as swap table
    phase I left it, https://lore.kernel.org/all/20250905191357.78298-14-ryncsn@gmail.com/). A
    spread of ids needs a device of (n_live - 1) x stride + 1 clusters, and the array costs
    sizeof(struct swap_cluster_info) for each of them, live or not:
    bytes per live cluster = ((n_live - 1) x stride + 1) x sizeof / n_live."""
    if not (isinstance(n_live, (int, np.integer)) and n_live >= 1):
        raise ParameterError(f"n_live={n_live!r} must be a whole number of at least 1 live cluster")
    from swapmodel.sources.designs import load_structs

    element = load_structs()[struct].bytes
    rows = []
    for s in strides:
        if int(s) < 1:
            raise ParameterError(f"stride={s!r} must be at least 1 cluster id")
        clusters = (int(n_live) - 1) * int(s) + 1
        rows.append({"design": "linux-6.18", "structure": "flat array (si->cluster_info)", "stride_clusters": int(s),
                     "device_clusters": clusters, "element_bytes": float(element),
                     "array_bytes": float(clusters * element), "bytes_per_live_cluster": clusters * element / n_live})
    return pd.DataFrame(rows)
