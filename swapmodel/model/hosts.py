"""A host's zswap share and disk-resident share (question 6.2), in closed form, and samples of hosts drawn from a fleet mix.

A host swaps out `cold_share` of its RAM; zswap holds at most `pool_percent` % of RAM in zsmalloc
memory, so with each page taking f bytes there (the zsmalloc footprint of a page compressed
`ratio` times, swapmodel.model.zsmalloc) the pool holds pool_percent/100 x RAM / f pages, and the
rest has been written back:

    z = min(1 - w, (pool_percent / 100) x PAGE_SIZE / (cold_share x f)),   disk-resident share = 1 - z

w is the share of swapped pages that zswap's shrinker (zswap.shrinker_enabled) and proactive
reclaim (memory.reclaim) write back whatever the pool holds; with w = 0 only pool overflow goes to
disk. In steady state the pool stays full and the oldest entries are written back, so the
written-back share settles at this capacity bound whatever the lifetimes; notebook 05 checks it
(w = 0) against the steady-state simulator over pool sizes and lifetime distributions.

The fleet answers depend on weights nobody measured (the share of hosts behind zswap, w). Where
an answer's quantity is linear in such a weight, `linear_flip` and `ratio_flip` give, in closed
form, the weight at which its verdict flips; `ghost_ratio_flip` gives the compression ratio above
which a ghost device of a given size runs out of slots before zswap's pool fills.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from swapmodel.base.errors import ParameterError, check_range
from swapmodel.base.geometry import PAGE_SIZE_BYTES
from swapmodel.model import zsmalloc
from swapmodel.sources.fleet_mix import FleetMix


def page_footprint_bytes(ratio: float) -> float:
    """zsmalloc memory of one page compressed `ratio` times (a whole page when incompressible)."""
    ratio = float(check_range("ratio", ratio, 1.0))
    return zsmalloc.footprint_bytes(min(PAGE_SIZE_BYTES, int(np.ceil(PAGE_SIZE_BYTES / ratio))))


def zswap_share(ratio: float, cold_share: float, pool_percent: float, writeback_share: float = 0.0) -> float:
    """Share of a host's swapped pages that zswap holds in steady state (the rest is on disk):
    what the pool holds, at most 1 - `writeback_share` (the share the shrinker and proactive
    writeback move to disk whatever the pool holds)."""
    cold = float(check_range("cold_share", cold_share, 1e-9))
    pool = float(check_range("pool_percent", pool_percent, 0, 100))
    w = float(check_range("writeback_share", writeback_share, 0, 1))
    return min(1.0 - w, pool / 100 * PAGE_SIZE_BYTES / (cold * page_footprint_bytes(ratio)))


def linear_flip(at_zero: float, at_one: float, level: float) -> float:
    """The input x in [0, 1] at which a quantity linear in x, q(x) = at_zero + (at_one - at_zero) x,
    equals `level`; NaN when it does not cross `level` inside [0, 1] (or is constant).

    A fleet quantity is linear in the share x of hosts behind zswap when the two groups of hosts
    keep their own values: the share of hosts with some property is x s_zswap + (1 - x) s_other."""
    a, b, y = (float(check_range(n, v)) for n, v in (("at_zero", at_zero), ("at_one", at_one), ("level", level)))
    if a == b:
        return float("nan")
    x = (y - a) / (b - a)
    return x if 0.0 <= x <= 1.0 else float("nan")


def ratio_flip(num_at_zero: float, num_at_one: float, den_at_zero: float, den_at_one: float,
               target: float) -> float:
    """The input x in [0, 1] at which (n0 + (n1 - n0) x) / (d0 + (d1 - d0) x) = target, both linear
    in x: x = (target d0 - n0) / ((n1 - n0) - target (d1 - d0)); NaN when there is no crossing in
    [0, 1]. A fleet's expected bytes per entry is such a ratio in the share of zswap hosts (weights:
    swapped pages), and one host's bytes per entry is linear in its disk-resident share."""
    n0, n1, d0, d1, t = (float(check_range(n, v)) for n, v in (("num_at_zero", num_at_zero), ("num_at_one", num_at_one),
                                                             ("den_at_zero", den_at_zero), ("den_at_one", den_at_one),
                                                             ("target", target)))
    slope = (n1 - n0) - t * (d1 - d0)
    if slope == 0:
        return float("nan")
    x = (t * d0 - n0) / slope
    return x if 0.0 <= x <= 1.0 else float("nan")


def ghost_ratio_flip(factor: float, pool_percent: float, max_ratio: float = 64.0) -> float:
    """The compression ratio above which a ghost device of `factor` x RAM slots runs out of slots
    before zswap's pool (`pool_percent` % of RAM) fills: the smallest ratio r with
    pool_percent / 100 x PAGE_SIZE / f(r) > factor, f the zsmalloc footprint of a page (a step
    function, non-increasing in r); found by bisection to 1e-6. inf when no r up to `max_ratio`
    reaches it, 1.0 when even incompressible pages overflow the device first."""
    factor = float(check_range("factor", factor, 1e-6))
    pool = float(check_range("pool_percent", pool_percent, 0, 100))
    footprint_needed = pool / 100 * PAGE_SIZE_BYTES / factor  # bytes per page at which holdable = factor

    def overflows(r):
        return page_footprint_bytes(r) < footprint_needed

    if overflows(1.0):
        return 1.0
    if not overflows(max_ratio):
        return float("inf")
    lo, hi = 1.0, float(max_ratio)
    while hi - lo > 1e-6:
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if overflows(mid) else (mid, hi)
    return hi


def sample_hosts(mix: FleetMix, n_hosts: int, seed: int) -> pd.DataFrame:
    """`n_hosts` hosts of the mix: backend and service class by weight, the class's ratio times a
    lognormal factor (at least 1), a cold share uniform in the mix's range; with the zswap share z
    (0 for a host that swaps straight to a device; at most 1 - the mix's writeback share behind
    zswap) and the disk-resident share 1 - z."""
    n = int(check_range("n_hosts", n_hosts, 1, 10_000_000))
    rng = np.random.default_rng(seed)
    backend = _draw(rng, [b.weight for b in mix.backends], n)
    cls = _draw(rng, [c.weight for c in mix.services], n)
    ratio = np.maximum(1.0, np.array([mix.services[i].ratio for i in cls]) * rng.lognormal(0.0, mix.ratio_sigma, n))
    cold = rng.uniform(mix.cold_low, mix.cold_high, n)
    uses_zswap = np.array([mix.backends[i].zswap for i in backend])
    z = np.array([zswap_share(r, c, mix.pool_percent, mix.writeback_share) if on else 0.0
                  for r, c, on in zip(ratio, cold, uses_zswap)])
    return pd.DataFrame({"backend": [mix.backends[i].name for i in backend], "uses_zswap": uses_zswap,
                         "service": [mix.services[i].name for i in cls], "ratio": ratio, "cold_share": cold,
                         "zswap_share": z, "disk_share": 1.0 - z})


def _draw(rng: np.random.Generator, weights, n: int) -> np.ndarray:
    w = np.asarray(weights, dtype=float)
    return rng.choice(len(w), size=n, p=w / w.sum())


def curve_flip(xs, ys, level: float) -> float:
    """The first x at which the piecewise-linear curve through (xs, ys) (xs increasing) reaches
    `level`, interpolated between the two grid points around the crossing; NaN when it never does."""
    x = np.asarray(check_range("xs", xs), dtype=float)
    y = np.asarray(check_range("ys", ys), dtype=float)
    if x.shape != y.shape or x.size < 2 or np.any(np.diff(x) <= 0):
        raise ParameterError(f"xs and ys must be increasing xs of the same length >= 2, got {x.size} and {y.size}")
    d = y - float(level)
    if d[0] == 0:
        return float(x[0])
    for i in range(1, x.size):
        if d[i] == 0 or np.sign(d[i]) != np.sign(d[i - 1]):
            return float(x[i - 1] + (x[i] - x[i - 1]) * d[i - 1] / (d[i - 1] - d[i]))
    return float("nan")
