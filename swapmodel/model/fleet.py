"""The fleet's zswap share and disk-resident share (question 6.2), in closed form.

A host swaps out `cold_share` of its RAM; zswap holds at most `pool_percent` % of RAM in zsmalloc
memory, so with each page taking f bytes there (the zsmalloc footprint of a page compressed
`ratio` times, swapmodel.model.zsmalloc) the pool holds pool_percent/100 x RAM / f pages, and the
rest has been written back:

    z = min(1, (pool_percent / 100) x PAGE_SIZE / (cold_share x f)),   disk-resident share = 1 - z

In steady state zswap's shrinker keeps the pool full and writes back the oldest entries, so the
written-back share settles at this capacity bound whatever the lifetimes; notebook 05 checks it
against the steady-state simulator over pool sizes and lifetime distributions.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from swapmodel.base.errors import check_range
from swapmodel.base.geometry import PAGE_SIZE_BYTES
from swapmodel.model import zsmalloc
from swapmodel.sources.fleet import FleetMix


def page_footprint_bytes(ratio: float) -> float:
    """zsmalloc memory of one page compressed `ratio` times (a whole page when incompressible)."""
    ratio = float(check_range("ratio", ratio, 1.0))
    return zsmalloc.footprint_bytes(min(PAGE_SIZE_BYTES, int(np.ceil(PAGE_SIZE_BYTES / ratio))))


def zswap_share(ratio: float, cold_share: float, pool_percent: float) -> float:
    """Share of a host's swapped pages that zswap holds in steady state (the rest is on disk)."""
    cold = float(check_range("cold_share", cold_share, 1e-9))
    pool = float(check_range("pool_percent", pool_percent, 0, 100))
    return min(1.0, pool / 100 * PAGE_SIZE_BYTES / (cold * page_footprint_bytes(ratio)))


def sample_hosts(mix: FleetMix, n_hosts: int, seed: int) -> pd.DataFrame:
    """`n_hosts` hosts of the mix: backend and service class by weight, the class's ratio times a
    lognormal factor (at least 1), a cold share uniform in the mix's range; with the zswap share z
    (0 for a host that swaps straight to a device) and the disk-resident share 1 - z."""
    n = int(check_range("n_hosts", n_hosts, 1, 10_000_000))
    rng = np.random.default_rng(seed)
    backend = _draw(rng, [b.weight for b in mix.backends], n)
    cls = _draw(rng, [c.weight for c in mix.services], n)
    ratio = np.maximum(1.0, np.array([mix.services[i].ratio for i in cls]) * rng.lognormal(0.0, mix.ratio_sigma, n))
    cold = rng.uniform(mix.cold_low, mix.cold_high, n)
    uses_zswap = np.array([mix.backends[i].zswap for i in backend])
    z = np.array([zswap_share(r, c, mix.pool_percent) if on else 0.0 for r, c, on in zip(ratio, cold, uses_zswap)])
    return pd.DataFrame({"backend": [mix.backends[i].name for i in backend], "uses_zswap": uses_zswap,
                         "service": [mix.services[i].name for i in cls], "ratio": ratio, "cold_share": cold,
                         "zswap_share": z, "disk_share": 1.0 - z})


def _draw(rng: np.random.Generator, weights, n: int) -> np.ndarray:
    w = np.asarray(weights, dtype=float)
    return rng.choice(len(w), size=n, p=w / w.sum())
