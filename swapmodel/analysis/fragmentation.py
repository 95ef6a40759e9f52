"""Fragmentation analyses for notebook 02: tidy tables from the allocator simulator, and the
metadata each design pays for the occupancies the simulator leaves behind (priced with `cost`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from swapmodel.analysis.convergence import batch_means
from swapmodel.analysis.simulate import T1_FLAGS, simulate_churn, simulate_steady
from swapmodel.sources.published import published_t1
from swapmodel.model.cost import cost
from swapmodel.sources.designs import get_design
from swapmodel.analysis.sweep import sweep


def _fallback_rows(result, **labels) -> list[dict]:
    return [{**labels, "iteration": r["iteration"], "fallback_pct": r["fallback_pct"]} for r in result.iterations()]


def _churn_fallback(**kwargs) -> list[dict]:
    labels = {k: kwargs.pop(k) for k in ("label",) if k in kwargs}
    result = simulate_churn(**kwargs)
    return _fallback_rows(result, **labels, **{k: kwargs[k] for k in ("seed", "design", "order", "rules", "device_mib")
                                               if k in kwargs})


def t1_comparison(seeds, iterations: int, executor=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Simulated fallback per iteration under the 6.12 rules for each T1 flag set, and the published rows."""
    grid = [dict(label=flags or "(none)", rules="linux-6.12", iterations=iterations, seed=s, **T1_FLAGS[flags])
            for flags in ("", "-s", "-a", "-a -s") for s in seeds]
    sim = pd.DataFrame([row for rows in sweep(_churn_fallback, grid, executor) for row in rows])
    published = []
    for flags, run in published_t1().items():
        if flags == "mthp-swapin":
            continue
        label = flags or "(none)"
        rows = run.get("iterations") or run.get("nonzero", [])
        for it, ok, fb in rows:
            if it <= iterations:
                published.append({"label": label, "iteration": it, "fallback_pct": 100.0 * fb / (ok + fb)})
    return sim, pd.DataFrame(published)


def _t1_as(seed, iterations, swap_slots_cache, n_cpus):
    rows = simulate_churn(rules="linux-6.12", iterations=iterations, seed=seed, swap_slots_cache=swap_slots_cache,
                          n_cpus=n_cpus, **T1_FLAGS["-a -s"]).iterations()
    pct = np.array([r["fallback_pct"] for r in rows])
    return {"seed": seed, "swap_slots_cache": swap_slots_cache, "n_cpus": n_cpus, "mean_pct": pct.mean(),
            "nonzero_iterations": int(np.count_nonzero(pct)), "max_pct": pct.max()}


def t1_aligned_small(seeds, iterations: int = 100, n_cpus_list=(1, 2), executor=None) -> tuple[pd.DataFrame, dict]:
    """The published '-a -s' run (6.12) against the simulator with and without the swap slots
    cache, on 1 or more reclaiming CPUs: mean fallback over the run, iterations above 0 %, maximum."""
    grid = [dict(seed=s, iterations=iterations, swap_slots_cache=c, n_cpus=n) for c in (False, True)
            for n in n_cpus_list for s in seeds]
    sim = pd.DataFrame(sweep(_t1_as, grid, executor))
    run = published_t1()["-a -s"]
    pct = [100.0 * f / (o + f) for _, o, f in run["nonzero"]]
    published = {"mean_pct": sum(pct) / run["total_iterations"], "nonzero_iterations": len(pct), "max_pct": max(pct)}
    return sim, published


def design_churn(designs, orders, seeds, iterations: int, device_mib: float, region_mib: float, aligned: bool,
                 rules: str = "linux-6.18", executor=None) -> pd.DataFrame:
    """Fallback per iteration for each design and mTHP order (same churn, same seeds)."""
    grid = [dict(design=d, order=o, seed=s, iterations=iterations, device_mib=device_mib, region_mib=region_mib,
                 aligned=aligned, rules=rules) for d in designs for o in orders for s in seeds]
    return pd.DataFrame([row for rows in sweep(_churn_fallback, grid, executor) for row in rows])


def _plateau(design, order, seed, iterations, device_mib, region_mib, aligned, rules):
    result = simulate_churn(design=design, order=order, seed=seed, iterations=iterations, device_mib=device_mib,
                            region_mib=region_mib, aligned=aligned, rules=rules)
    pct = [r["fallback_pct"] for r in result.iterations()]
    return {"design": design, "order": order, "seed": seed, "device_mib": device_mib,
            "device_over_region": device_mib / region_mib, "plateau_fallback_pct": float(np.mean(pct[len(pct) // 2:]))}


def fill_sweep(ratios, orders, seeds, iterations: int, region_mib: float, aligned: bool, design: str = "linux-6.18",
               rules: str = "linux-6.18", executor=None) -> pd.DataFrame:
    """Plateau fallback (mean over the second half of the iterations) against device size relative
    to the working set, for a static design."""
    grid = []
    for ratio in ratios:
        device = float(np.ceil(region_mib * ratio))  # whole MiB
        for o in orders:
            for s in seeds:
                grid.append(dict(design=design, order=o, seed=s, iterations=iterations, device_mib=device,
                                 region_mib=region_mib, aligned=aligned, rules=rules))
    return pd.DataFrame(sweep(_plateau, grid, executor))


def priced_state(design: str, preferred: str) -> str:
    """The state churn entries are priced in: `preferred` if the design has it, else zswap."""
    return preferred if preferred in get_design(design).states else "zswap"


def _metadata_over_time(design, order, seed, iterations, device_mib, region_mib, aligned, rules, every, state):
    result = simulate_churn(design=design, order=order, seed=seed, iterations=iterations, device_mib=device_mib,
                            region_mib=region_mib, aligned=aligned, rules=rules, snapshot_every=every)
    priced = priced_state(design, state)
    rows = []
    for done, counts in result.snapshots:
        occ = result.occupancy(priced, counts)
        live = float(occ.entries((priced,))[0])
        breakdown = cost(design, occ)
        rows.append({"design": design, "order": order, "seed": seed, "iteration": done, "state": priced,
                     "live_entries": live, "used_clusters": int(np.count_nonzero(counts)),
                     "metadata_bytes": float(breakdown.total_bytes[0]),
                     "bytes_per_live_entry": float(breakdown.total_bytes[0]) / live})
    return rows


def metadata_over_time(designs, order: int, seeds, iterations: int, device_mib: float, region_mib: float,
                       aligned: bool, every: int = 5, state: str = "disk", rules: str = "linux-6.18",
                       executor=None) -> pd.DataFrame:
    """Metadata bytes per live entry of each design along the churn run: the simulator's cluster
    occupancy every `every` iterations, priced with the design's full ledger."""
    grid = [dict(design=d, order=order, seed=s, iterations=iterations, device_mib=device_mib, region_mib=region_mib,
                 aligned=aligned, rules=rules, every=every, state=state) for d in designs for s in seeds]
    return pd.DataFrame([row for rows in sweep(_metadata_over_time, grid, executor) for row in rows])


def _steady_metadata(design, device_mib, pool_mib, events, window, page_free_fraction, seed):
    result = simulate_steady(device_mib=device_mib, design=design, zswap_pool_mib=pool_mib, events=events,
                             window=window, page_free_fraction=page_free_fraction, target_fill=0.8, seed=seed)
    rows = []
    for w, row in enumerate(result.windows):
        occ = result.occupancy(w)
        live = float(occ.entries(("zswap", "writeback", "disk", "swapcache"))[0])
        total = float(cost(design, occ).total_bytes[0])
        rows.append({"design": design, "seed": seed, "events": row["events"], "fallback_pct": row.get("fallback_pct[4]", 0.0),
                     "written_back": row["writeback"], "rejected": row["rejected"],
                     "backing_slots_in_use": row["backing_slots_in_use"], "live_entries": live,
                     "zswap_share": float(occ.entries(("zswap",))[0]) / live if live else np.nan,
                     "bytes_per_live_entry": total / live if live else np.nan})
    return rows


def steady_zswap_metadata(designs, seeds, device_mib: float, pool_mib: float, events: int, window: int,
                          page_free_fraction: float = 0.5, executor=None) -> pd.DataFrame:
    """Steady state through a zswap pool of `pool_mib` that writes back (in place on a static
    device, to a physical slot for virtual designs, not at all for the ghost swapfile): per window,
    fallback, writeback, rejects and metadata bytes per live entry priced with `cost`."""
    grid = [dict(design=d, device_mib=device_mib, pool_mib=pool_mib, events=events, window=window,
                 page_free_fraction=page_free_fraction, seed=s) for d in designs for s in seeds]
    return pd.DataFrame([row for rows in sweep(_steady_metadata, grid, executor) for row in rows])


def steady_convergence(steady: pd.DataFrame, metrics) -> pd.DataFrame:
    """Per design, seed and metric: the batch-means verdict on the run's windows (see
    swapmodel.analysis.convergence), with the mean and 95 % half-width of the second half."""
    rows = []
    for (design, seed), run in steady.sort_values("events").groupby(["design", "seed"]):
        for metric in metrics:
            v = batch_means(run[metric].to_numpy(), batches=min(5, max(2, len(run) // 2)))
            rows.append({"design": design, "seed": seed, "metric": metric, "mean": round(v.mean, 3),
                         "half_width_95": round(v.half_width, 3), "verdict": v.label})
    return pd.DataFrame(rows)


def worst_cases(churn: pd.DataFrame, fill: pd.DataFrame, metadata: pd.DataFrame) -> pd.DataFrame:
    """Per design: the highest mean fallback (and at which order), the highest plateau over device
    sizes, and the highest metadata bytes per live entry seen."""
    rows = []
    for design in churn["design"].unique():
        by_order = churn[churn["design"] == design].groupby("order")["fallback_pct"].mean()
        meta = metadata[metadata["design"] == design]
        row = {"design": design, "worst mean fallback %": by_order.max(), "at order": int(by_order.idxmax())}
        sub = fill[fill["design"] == design]
        if len(sub):
            worst = sub.groupby(["order", "device_over_region"])["plateau_fallback_pct"].mean()
            row["worst plateau %"] = worst.max()
            order, ratio = worst.idxmax()
            row["at order, device/region"] = f"{int(order)}, {float(ratio):.2f}"
        if len(meta):
            row["max bytes per live entry"] = meta["bytes_per_live_entry"].max()
            row["max used clusters"] = int(meta["used_clusters"].max())
        rows.append(row)
    return pd.DataFrame(rows).set_index("design")


def fill_summary(fill: pd.DataFrame) -> pd.DataFrame:
    """Plateau fallback per order and device size: mean, lowest and highest over seeds."""
    g = fill.groupby(["order", "device_over_region"])["plateau_fallback_pct"]
    return g.agg(mean="mean", low="min", high="max").reset_index()
