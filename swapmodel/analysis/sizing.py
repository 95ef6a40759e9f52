"""What to provision on one host, per design (`swapmodel size`, and notebook 05's explorer in report/widgets.py).

From RAM, the compression ratio of the host's anonymous memory, the share of RAM it swaps, how it
swaps (behind zswap, to zram, to a swapfile) and a fallback target: the zswap share z
(swapmodel.model.hosts), the device size over the swapped pages k that keeps the share of mTHP
swap-outs not leaving whole under the target (the churn simulator, swapmodel.analysis.capacity),
the device or ghost size to provision, what it costs at swapon, what the swapped pages then cost,
and the fallback to expect at that size.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from swapmodel.analysis import capacity
from swapmodel.analysis.fleet import zswap_only
from swapmodel.base.errors import ParameterError, check_choice, check_range
from swapmodel.base.geometry import GIB_BYTES, MIB_BYTES, PAGE_SIZE_BYTES
from swapmodel.model import breakeven
from swapmodel.model.hosts import zswap_share
from swapmodel.sources.designs import get_design

BACKENDS = ("zswap", "zram", "swapfile")
SIZING_DESIGNS = ("linux-6.18", "swap-table-p4", "ghost-redirect", "p4-rfc-ghost", "vswap-v3", "vswap-v6",
                  "vswap-ste-v2")
SWEEP_RATIOS = (1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 3.0)


@lru_cache(maxsize=32)
def fallback_by_size(design: str, order: int, large_swapin: bool, seeds: tuple = (1, 2),
                     iterations: int = 40) -> tuple[tuple[float, float], ...]:
    """(device size over working set, share of mTHP swap-outs not leaving whole, %) over
    SWEEP_RATIOS for the design's allocator (the tools-mm churn, 60 MiB working set)."""
    runs = capacity.whole_folio_sweep([design], [order], SWEEP_RATIOS, list(seeds), iterations, 60.0,
                                      large_swapin=(large_swapin,))
    mean = runs.groupby("device_over_region").not_whole_pct.mean()
    return tuple((float(k), float(v)) for k, v in mean.items())


def size_for(ram_gib: float, compression: float, cold_share: float = 0.25, backend: str = "zswap",
             target_fallback_pct: float = 1.0, pool_percent: float = 20.0, order: int = 4,
             large_swapin: bool = False, designs=SIZING_DESIGNS) -> pd.DataFrame:
    """One row per design: what to provision on this host and what it costs.

    `provision_gib` is the swap (or static ghost) device of a static design, or the physical device
    behind a dynamic space (none when zswap holds everything); `swapon_mib` the metadata taken
    before anything is swapped; `in_use_mib` the metadata with the host's swapped pages in place;
    `expected_fallback_pct` the churn simulator's share of mTHP swap-outs not leaving whole at
    that size (NaN: no device, nothing to fragment)."""
    ram = float(check_range("ram_gib", ram_gib, 1 / 1024, 1 << 24))
    ratio = float(check_range("compression", compression, 1.0, 1000.0))
    cold = float(check_range("cold_share", cold_share, 1e-4, 10.0))
    check_choice("backend", backend, BACKENDS)
    target = float(check_range("target_fallback_pct", target_fallback_pct, 0.0, 100.0))
    pool = float(check_range("pool_percent", pool_percent, 0.0, 100.0))
    order = int(check_range("order", order, 1, 9))
    for d in designs:
        get_design(d)
    z = zswap_share(ratio, cold, pool) if backend == "zswap" else 0.0
    swapped_pages = cold * ram * GIB_BYTES / PAGE_SIZE_BYTES
    rows = []
    for d in designs:
        runs_as = d if backend == "zswap" else (zswap_only(d) or d)
        price = breakeven.entry_price(runs_as, z)
        if price is None:
            rows.append({"design": d, "runs_as": runs_as, "note": "cannot hold pages outside zswap"})
            continue
        static = not get_design(runs_as).dynamic
        needs_device = static or z < 1
        curve = fallback_by_size(runs_as, order, large_swapin) if needs_device else ()
        ok = [k for k, v in curve if v < target]
        k = min(ok) if ok else (float("nan") if needs_device else 0.0)
        # b(z) already counts the provisioned slots per used entry at u = 1 (all of them for a static
        # design, the 1 - z on disk for a dynamic one); provisioning k times that runs them at u = 1/k
        device_pages = k * swapped_pages * (1.0 if static else 1 - z)
        swapon = price.per_provisioned_bytes * k * swapped_pages
        rows.append({"design": d, "runs_as": runs_as, "zswap_share": z, "k": k,
                     "provision_gib": device_pages * PAGE_SIZE_BYTES / GIB_BYTES,
                     "swapon_mib": swapon / MIB_BYTES,
                     "in_use_mib": (price.per_entry_bytes * swapped_pages + swapon) / MIB_BYTES,
                     "expected_fallback_pct": dict(curve).get(k, float("nan")), "note": _note(needs_device, ok, curve,
                                                                                               target)})
    table = pd.DataFrame(rows)
    if table.empty:
        raise ParameterError("design: give at least one design")
    return table


def _note(needs_device: bool, ok: list, curve, target: float) -> str:
    """What a blank device size or fallback means, in words."""
    if not needs_device:
        return "no swap device (everything in zswap): nothing to fragment"
    if not ok:
        return f"no device up to {max(k for k, _ in curve):g}x the swapped set keeps fallback under {target:g} %"
    return ""
