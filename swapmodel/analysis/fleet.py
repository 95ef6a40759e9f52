"""Fleet analyses for notebook 05 (questions 6.2, 4.8, 4.11, 4.16, 6.8, J2, J3): the disk-resident
share of a fleet mix, the expected and 95th-percentile metadata per entry of each design over it,
the share of hosts for which a dynamic design costs less than static provisioning, and each of
these as a function of the weights nobody measured (the share of hosts behind zswap, the share
zswap writes back whatever its pool holds) with the weight at which each verdict flips. Hosts come
from `swapmodel.model.hosts`; prices from `swapmodel.model.breakeven` (full ledgers)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from swapmodel.analysis.simulate import simulate_steady
from swapmodel.analysis.sweep import sweep
from swapmodel.base.errors import ParameterError, check_range
from swapmodel.base.geometry import PAGE_SIZE_BYTES, PAGES_PER_MIB
from swapmodel.model import breakeven
from swapmodel.model.hosts import (curve_flip, ghost_ratio_flip, linear_flip, page_footprint_bytes, ratio_flip,
                                   sample_hosts)
from swapmodel.sources.designs import get_design
from swapmodel.sources.fleet_mix import FleetMix

Z_GRID = np.linspace(0.0, 1.0, 41)
"""zswap shares at which a(z) and b(z) are priced; between them they are interpolated (both are
linear in z for dense packing, up to the rounding of partial clusters and XArray nodes)."""


def _steady_point(pool_over_live, lifetime, seed, events, device_mib, fill):
    pool_mib = round(pool_over_live * fill * device_mib * PAGES_PER_MIB) / PAGES_PER_MIB  # whole 4 KiB pages
    r = simulate_steady("linux-6.18", device_mib=device_mib, zswap_pool_mib=pool_mib, events=events,
                        window=events // 5, order_mix={0: 1.0}, page_free_fraction=0.0, seed=seed,
                        lifetime=lifetime, lifetime_sigma=1.5, target_fill=fill)
    occ = r.occupancy(-1)
    zswap, back = occ.entries(("zswap",))[0], occ.entries(("writeback", "disk"))[0]
    live = zswap + back
    return {"pool_over_live": pool_over_live, "lifetime": lifetime, "seed": seed,
            "pool_over_live_reached": pool_mib * PAGES_PER_MIB / live,
            "disk_share_simulated": back / live,
            "disk_share_closed_form": max(0.0, 1.0 - pool_mib * PAGES_PER_MIB / live)}


def steady_disk_share(pool_over_live, lifetimes, seeds, events: int = 100_000, device_mib: float = 256.0,
                      fill: float = 0.8, executor=None) -> pd.DataFrame:
    """The steady-state simulator's disk-resident share (zswap with in-place writeback, order-0
    pages) against the closed form 1 - min(1, pool pages / live pages), per pool size over the
    live swapped pages and lifetime distribution."""
    grid = [dict(pool_over_live=p, lifetime=lt, seed=s, events=events, device_mib=device_mib, fill=fill)
            for p in pool_over_live for lt in lifetimes for s in seeds]
    return pd.DataFrame(sweep(_steady_point, grid, executor))


def zswap_only(design: str) -> str | None:
    """The design a host without zswap runs instead of `design`: a ghost device fronts zswap only,
    so such a host swaps straight to the ghost design's physical device (its `backing` design);
    None for every other design."""
    d = get_design(design)
    return d.backing if d.family == "ghost" or (d.dynamic and not d.virtual_over_physical) else None


def price_grid(designs) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """a(z) and b(z) of each design, and of the design a host without zswap runs instead
    (zswap_only), on Z_GRID; a design that cannot hold disk pages (no disk state) is left out."""
    out = {}
    for d in [*designs, *filter(None, map(zswap_only, designs))]:
        prices = [breakeven.entry_price(d, z) for z in Z_GRID]
        if any(p is None for p in prices):
            continue
        out[d] = (np.array([p.per_entry_bytes for p in prices]), np.array([p.per_provisioned_bytes for p in prices]))
    return out


def host_bytes(hosts: pd.DataFrame, prices: dict, rule_factor: float, designs=None) -> pd.DataFrame:
    """Bytes per used entry of each design on each host: a(z) + b(z) / u with the host's zswap
    share z and u = cold share / rule_factor (a device sized `rule_factor` x RAM; at most 1). A
    host without zswap pays what the design's zswap_only() stand-in costs."""
    factor = float(check_range("rule_factor", rule_factor, 1e-3, 1e3))
    u = np.minimum(1.0, hosts.cold_share.to_numpy() / factor)
    z = hosts.zswap_share.to_numpy()
    on = hosts.uses_zswap.to_numpy()

    def at(d):
        a, b = prices[d]
        return np.interp(z, Z_GRID, a) + np.interp(z, Z_GRID, b) / u

    cols = {}
    for d in designs or prices:
        if d not in prices:
            continue
        direct = zswap_only(d)
        cols[d] = np.where(on, at(d), at(direct)) if direct else at(d)
    return pd.concat([hosts.reset_index(drop=True), pd.DataFrame(cols)], axis=1)


def fleet_summary(per_host: pd.DataFrame, designs) -> pd.DataFrame:
    """Per design: expected bytes per entry over the fleet (hosts weighted by their swapped pages,
    i.e. cold share) and the median and 95th percentile over hosts."""
    w = per_host.cold_share.to_numpy()
    rows = []
    for d in designs:
        if d not in per_host:
            continue
        x = per_host[d].to_numpy()
        rows.append({"design": d, "expected_bytes": float(np.sum(w * x) / np.sum(w)),
                     "median_bytes": float(np.median(x)), "p95_bytes": float(np.percentile(x, 95))})
    return pd.DataFrame(rows)


def disk_share_summary(hosts: pd.DataFrame) -> pd.DataFrame:
    """The disk-resident share's distribution over hosts, in all and per backend."""
    groups = [("all hosts", hosts)] + list(hosts.groupby("backend", sort=False))
    return pd.DataFrame([{"hosts": name, "n": len(g), "mean": g.disk_share.mean(),
                          "entry_weighted_mean": float(np.average(g.disk_share, weights=g.cold_share)),
                          "median": g.disk_share.median(), "p95": g.disk_share.quantile(0.95),
                          "share_above_half": float((g.disk_share > 0.5).mean())} for name, g in groups])


def cheaper_share_curve(mix: FleetMix, zswap_weights, designs, baseline: str, rule_factor: float,
                        n_hosts: int, seed: int) -> pd.DataFrame:
    """Share of hosts (and of swapped pages) on which each design costs less per used entry than
    `baseline`, as the weight of zswap hosts in the mix goes over `zswap_weights` (the other
    backends keep their proportions)."""
    prices = price_grid([*designs, baseline])
    rows = []
    for wz in zswap_weights:
        wz = float(check_range("zswap weight", wz, 0, 1))
        others = sum(b.weight for b in mix.backends if not b.zswap) or 1.0
        zsw = sum(b.weight for b in mix.backends if b.zswap) or 1.0
        backends = tuple(replace(b, weight=(wz * b.weight / zsw) if b.zswap else ((1 - wz) * b.weight / others))
                         for b in mix.backends)
        per_host = host_bytes(sample_hosts(replace(mix, backends=backends), n_hosts, seed), prices, rule_factor,
                              [*designs, baseline])
        for d in designs:
            if d not in per_host:
                continue
            cheaper = (per_host[d] < per_host[baseline]).to_numpy()
            rows.append({"zswap_host_weight": wz, "design": d, "baseline": baseline,
                         "share_of_hosts": float(cheaper.mean()),
                         "share_of_entries": float(np.average(cheaper, weights=per_host.cold_share))})
    return pd.DataFrame(rows)


def ghost_sizing(hosts: pd.DataFrame, rules, pool_percents) -> pd.DataFrame:
    """For a ghost device of `factor` x RAM slots in front of zswap with no writeback, per sizing
    rule and pool limit, over the hosts' compression ratios: the pages zswap could hold as a
    multiple of RAM (pool_percent / 100 x PAGE_SIZE / f), the share of hosts whose device runs out
    of slots while the pool still has room (swap-outs fail early: OOM sooner than the memory
    allows) under unbounded pressure (swap demand beyond the device), the share that runs out so at
    the host's own drawn demand (cold share above `factor`), and the mean share of the advertised swap that can never be used (free(1) shows it as
    free swap, which delays the OOM decision)."""
    rows = []
    footprint = np.array([page_footprint_bytes(r) for r in hosts.ratio.to_numpy()])
    cold = hosts.cold_share.to_numpy()  # the host's swap demand as a share of RAM
    for pool in pool_percents:
        holdable = float(check_range("pool_percent", pool, 0, 100)) / 100 * PAGE_SIZE_BYTES / footprint  # x RAM
        for r in rules:
            unusable = np.maximum(0.0, 1.0 - holdable / r.factor)
            rows.append({"rule": r.name, "rule_basis": r.basis, "factor": r.factor, "pool_percent": pool,
                         "median_holdable_x_ram": float(np.median(holdable)),
                         "runs_out_share": float(np.mean(r.factor < holdable)),
                         "runs_out_at_drawn_demand_share": float(np.mean((r.factor < holdable)
                                                                         & (cold > r.factor))),
                         "unusable_share_mean": float(unusable.mean()),
                         "unusable_share_p95": float(np.percentile(unusable, 95))})
    return pd.DataFrame(rows)


def widest_gulf(hosts: pd.DataFrame, prices: dict, rules, designs) -> pd.DataFrame:
    """Question J3: per sizing rule, the host where the designs differ most, per used entry and as
    a share of RAM (bytes per entry x swapped pages / RAM pages), with the dearest and cheapest
    design there."""
    rows = []
    for r in rules:
        per_host = host_bytes(hosts, prices, r.factor, designs)
        table = per_host[list(designs)]
        gulf = (table.max(axis=1) - table.min(axis=1)).to_numpy()
        ram_pct = 100 * gulf * per_host.cold_share.to_numpy() / PAGE_SIZE_BYTES
        for measure, values in (("per entry", gulf), ("share of RAM", ram_pct)):
            i = int(np.argmax(values))
            rows.append({"rule": r.name, "widest": measure, "gulf_bytes_per_entry": float(gulf[i]),
                         "gulf_percent_of_ram": float(ram_pct[i]), "dearest": table.iloc[i].idxmax(),
                         "cheapest": table.iloc[i].idxmin(), "backend": per_host.backend.iloc[i],
                         "service": per_host.service.iloc[i], "zswap_share": float(per_host.zswap_share.iloc[i]),
                         "cold_share": float(per_host.cold_share.iloc[i])})
    return pd.DataFrame(rows)


def _groups(per_host: pd.DataFrame):
    """The two groups whose weights the mix assumes: hosts behind zswap and the rest."""
    on = per_host.uses_zswap.to_numpy()
    return {"zswap": per_host[on], "other": per_host[~on]}


def zswap_weight_curves(per_host: pd.DataFrame, designs, baselines, weights) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each fleet quantity of one draw as a function of the share w of hosts behind zswap, in closed
    form (each group keeps its hosts; swapped pages weight the per-entry averages), and the w at
    which each verdict flips.

    Quantities: the swapped pages' mean disk-resident share (6.2; flips where it is half), the
    share of hosts with more than half on disk (4.8; flips at half), per design and baseline the
    share of hosts where the design costs less (J2; flips at half: "the majority") and the ratio of
    their expected bytes per entry (flips at 1). Shares of hosts are w s_zswap + (1 - w) s_other
    (`linear_flip`); a swapped-page-weighted mean is a ratio of two such lines (`ratio_flip`).
    Returns (curves: weight, quantity, design, baseline, value; flips: quantity, design, baseline,
    level, flip_weight)."""
    g = _groups(per_host)
    if any(len(x) == 0 for x in g.values()):
        raise ParameterError("per_host needs hosts behind zswap and hosts without it to separate the two groups")
    m = {k: float(x.cold_share.mean()) for k, x in g.items()}

    def wmean(x, col):
        return float(np.average(x[col], weights=x.cold_share))

    lines = []  # (quantity, design, baseline, level, num0, num1, den0, den1): value = num(w) / den(w)
    lines.append(("mean disk share", "", "", 0.5, m["other"] * wmean(g["other"], "disk_share"),
                  m["zswap"] * wmean(g["zswap"], "disk_share"), m["other"], m["zswap"]))
    lines.append(("hosts over half on disk", "", "", 0.5, float((g["other"].disk_share > 0.5).mean()),
                  float((g["zswap"].disk_share > 0.5).mean()), 1.0, 1.0))
    for b in baselines:
        for d in designs:
            if d == b or d not in per_host or b not in per_host:
                continue
            cheaper = {k: float((x[d] < x[b]).mean()) for k, x in g.items()}
            lines.append(("hosts where cheaper", d, b, 0.5, cheaper["other"], cheaper["zswap"], 1.0, 1.0))
            lines.append(("expected bytes ratio", d, b, 1.0, m["other"] * wmean(g["other"], d),
                          m["zswap"] * wmean(g["zswap"], d), m["other"] * wmean(g["other"], b),
                          m["zswap"] * wmean(g["zswap"], b)))
    curves, flips = [], []
    for q, d, b, level, n0, n1, d0, d1 in lines:
        for w in weights:
            w = float(check_range("zswap host weight", w, 0, 1))
            curves.append({"zswap_host_weight": w, "quantity": q, "design": d, "baseline": b,
                           "value": (n0 + (n1 - n0) * w) / (d0 + (d1 - d0) * w)})
        flip = linear_flip(n0, n1, level) if d0 == d1 == 1.0 else ratio_flip(n0, n1, d0, d1, level)
        flips.append({"quantity": q, "design": d, "baseline": b, "level": level, "flip_weight": flip,
                      "at_zero": n0 / d0, "at_one": n1 / d1})
    return pd.DataFrame(curves), pd.DataFrame(flips)


def writeback_share_sweep(mix: FleetMix, shares, designs, baselines, rule_factor: float, n_hosts: int,
                          seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The fleet quantities of `zswap_weight_curves` at the mix's weights, as the share w of a zswap
    host's swapped pages written back whatever the pool holds (shrinker, proactive reclaim) goes
    over `shares` (one draw per share, the same seed); and per quantity the w at which its verdict
    flips (interpolated between grid points, `curve_flip`; NaN: not inside the grid)."""
    shares = sorted(float(check_range("writeback share", w, 0, 1)) for w in shares)
    prices = price_grid([*designs, *baselines])
    rows = []
    for w in shares:
        per_host = host_bytes(sample_hosts(replace(mix, writeback_share=w), n_hosts, seed), prices, rule_factor,
                              [*designs, *baselines])
        zs = per_host[per_host.uses_zswap]
        rows.append({"writeback_share": w, "quantity": "mean disk share", "design": "", "baseline": "",
                     "value": float(np.average(per_host.disk_share, weights=per_host.cold_share))})
        rows.append({"writeback_share": w, "quantity": "zswap hosts' mean disk share", "design": "", "baseline": "",
                     "value": float(np.average(zs.disk_share, weights=zs.cold_share))})
        rows.append({"writeback_share": w, "quantity": "hosts over half on disk", "design": "", "baseline": "",
                     "value": float((per_host.disk_share > 0.5).mean())})
        for b in baselines:
            for d in designs:
                if d == b or d not in per_host or b not in per_host:
                    continue
                rows.append({"writeback_share": w, "quantity": "hosts where cheaper", "design": d, "baseline": b,
                             "value": float((per_host[d] < per_host[b]).mean())})
                rows.append({"writeback_share": w, "quantity": "expected bytes ratio", "design": d, "baseline": b,
                             "value": float(np.average(per_host[d], weights=per_host.cold_share)
                                            / np.average(per_host[b], weights=per_host.cold_share))})
    curves = pd.DataFrame(rows)
    levels = {"mean disk share": 0.5, "zswap hosts' mean disk share": 0.5, "hosts over half on disk": 0.5,
              "hosts where cheaper": 0.5, "expected bytes ratio": 1.0}
    flips = [{"quantity": q, "design": d, "baseline": b, "level": levels[q],
              "flip_writeback_share": curve_flip(c.writeback_share, c.value, levels[q]) if len(c) > 1 else float("nan")}
             for (q, d, b), c in curves.groupby(["quantity", "design", "baseline"], sort=False)]
    return curves, pd.DataFrame(flips)


def host_ratio_flip(prices: dict, design: str, baseline: str, rule_factor: float, cold_share: float,
                    target: float) -> float:
    """The disk-resident share d of one host (the rest in zswap) at which `design` costs `target`
    times `baseline` per used entry, devices sized `rule_factor` x RAM and `cold_share` of RAM
    swapped: each cost is a(z) + b(z) / u, linear in d = 1 - z, so `ratio_flip` gives d in closed
    form (NaN: no d in [0, 1] reaches it)."""
    u = min(1.0, float(check_range("cold_share", cold_share, 1e-6, 10)) / float(check_range("rule_factor", rule_factor, 1e-3, 1e3)))

    def cost(name, z):
        a, b = prices[name]
        return float(np.interp(z, Z_GRID, a) + np.interp(z, Z_GRID, b) / u)

    return ratio_flip(cost(design, 1.0), cost(design, 0.0), cost(baseline, 1.0), cost(baseline, 0.0), target)


def pair_gulf(hosts: pd.DataFrame, prices: dict, rules, pairs) -> pd.DataFrame:
    """Question J3 between named designs: per sizing rule and pair (x, y), the host of the draw where
    |x - y| per used entry is widest, and the one where it is widest as a share of RAM (bytes per
    entry x swapped pages / RAM pages), with which of the two is dearer there."""
    rows = []
    for r in rules:
        for x, y in pairs:
            per_host = host_bytes(hosts, prices, r.factor, [x, y])
            diff = (per_host[x] - per_host[y]).to_numpy()
            gulf = np.abs(diff)
            ram_pct = 100 * gulf * per_host.cold_share.to_numpy() / PAGE_SIZE_BYTES
            for measure, values in (("per entry", gulf), ("share of RAM", ram_pct)):
                i = int(np.argmax(values))
                rows.append({"rule": r.name, "factor": r.factor, "pair": f"{x} vs {y}", "widest": measure,
                             "gulf_bytes_per_entry": float(gulf[i]), "gulf_percent_of_ram": float(ram_pct[i]),
                             "dearer": x if diff[i] > 0 else y, "backend": per_host.backend.iloc[i],
                             "zswap_share": float(per_host.zswap_share.iloc[i]),
                             "cold_share": float(per_host.cold_share.iloc[i]),
                             "fleet_mean_gulf_bytes": float(np.average(gulf, weights=per_host.cold_share))})
    return pd.DataFrame(rows)


def gulf_ram_flip(prices: dict, x: str, y: str, rule_factor: float, zswap_share: float, level_percent: float,
                  uses_zswap: bool = True) -> float:
    """The swapped share of RAM at which the gulf between x and y reaches `level_percent` % of RAM
    on a host with `zswap_share` of its swapped pages in zswap, devices sized `rule_factor` x RAM:
    the gulf as a share of RAM is |da c + db factor| / PAGE_SIZE with c the swapped share
    (u = c / factor; da, db the differences of a and b), so
    c = (level x PAGE_SIZE / 100 - sign(da) db factor) / |da| (inf when da = 0). On a host without
    zswap (`uses_zswap` False) each design is priced as what such a host runs (`zswap_only`), as in
    `host_bytes`."""
    if not uses_zswap:
        x, y = zswap_only(x) or x, zswap_only(y) or y
    z = float(check_range("zswap_share", zswap_share, 0, 1))
    factor = float(check_range("rule_factor", rule_factor, 1e-3, 1e3))
    level = float(check_range("level_percent", level_percent, 0, 100))
    da = float(np.interp(z, Z_GRID, prices[x][0]) - np.interp(z, Z_GRID, prices[y][0]))
    db = float(np.interp(z, Z_GRID, prices[x][1]) - np.interp(z, Z_GRID, prices[y][1]))
    if da == 0:
        return float("inf")
    return (level * PAGE_SIZE_BYTES / 100 - db * factor * np.sign(da)) / abs(da)


def ghost_flip_table(rules, pool_percents, hosts: pd.DataFrame) -> pd.DataFrame:
    """Questions 6.8 and 4.16 against the assumed compression mix: per sizing rule and pool limit,
    the compression ratio above which a ghost device of that size runs out of slots before the pool
    fills (`ghost_ratio_flip`), and the share of the draw's hosts that compress better than it (the
    mix's point on that curve)."""
    ratios = hosts.ratio.to_numpy()
    return pd.DataFrame([{"rule": r.name, "factor": r.factor, "pool_percent": pool,
                          "runs_out_above_ratio": (flip := ghost_ratio_flip(r.factor, pool)),
                          "hosts_above": float(np.mean(ratios > flip))}
                         for pool in pool_percents for r in rules])
