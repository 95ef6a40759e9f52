"""Reclaim paths (notebook 07, questions 7.1-7.6): what each design allocates inside reclaim and
against which reserve, who is charged for it, what the posted reclaim counters say about each
design, hibernation capacity, the lock-contention bound of the 52-worker runs, and the extra work
of zswap writeback.

Allocations and rules come from data/published/reclaim_paths.toml (each with its source and
whether it was read or assumed); watermark arithmetic follows mm/page_alloc.c
(calculate_min_free_kbytes, __setup_per_zone_wmarks, __zone_watermark_ok) and mm/khugepaged.c
(set_recommended_min_free_kbytes)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from swapmodel.analysis.power import difference_ci, welch_p
from swapmodel.base.errors import ParameterError, check_range
from swapmodel.base.geometry import GIB_BYTES, KIB_BYTES, PAGE_SIZE_BYTES, SWAPFILE_CLUSTER_SLOTS
from swapmodel.sources.benchmarks import Arm, Comparison
from swapmodel.sources.reclaim_paths import Allocation, Counter

CLUSTER_RECLAIM_BYTES = SWAPFILE_CLUSTER_SLOTS * PAGE_SIZE_BYTES
"""Memory one cluster's worth of swapped-out 4 KiB pages frees (2 MiB)."""
MIN_FREE_KBYTES_CLAMP = (128, 262144)
"""calculate_min_free_kbytes clamps int_sqrt(lowmem_kbytes * 16) to [128, 262144] KiB (mm/page_alloc.c)."""
PAGEBLOCK_PAGES = 512
"""pageblock_nr_pages on x86-64 with 4 KiB pages (pageblock_order = HPAGE_PMD_ORDER = 9)."""
MIGRATE_PCPTYPES = 3
"""Unmovable, movable, reclaimable (include/linux/mmzone.h), used by set_recommended_min_free_kbytes."""
WATERMARK_SCALE_DIVISOR = 10000
"""__setup_per_zone_wmarks: the gap is max(min/4, managed * watermark_scale_factor / 10000)."""


def min_free_kbytes(lowmem_kib: float, thp_zones: int = 0) -> int:
    """The kernel's default min_free_kbytes for `lowmem_kib` of low memory.

    calculate_min_free_kbytes: int_sqrt(lowmem_kbytes * 16) clamped to [128, 262144]. With THP on,
    khugepaged's set_recommended_min_free_kbytes raises it to pageblock_nr_pages * nr_zones *
    (2 + MIGRATE_PCPTYPES^2) pages, at most 5 % of low memory (`thp_zones` = zones up to ZONE_NORMAL;
    0 = THP off). Low memory is taken as the managed memory (the kernel uses nr_free_buffer_pages,
    the managed pages above each zone's high watermark: a few MiB less)."""
    lowmem = float(check_range("lowmem_kib", lowmem_kib, 1, 2**50))
    zones = int(check_range("thp_zones", thp_zones, 0, 8))
    value = min(max(math.isqrt(int(lowmem * 16)), MIN_FREE_KBYTES_CLAMP[0]), MIN_FREE_KBYTES_CLAMP[1])
    if zones:
        pages = PAGEBLOCK_PAGES * zones * (2 + MIGRATE_PCPTYPES**2)
        pages = min(pages, int(lowmem * KIB_BYTES / PAGE_SIZE_BYTES) // 20)
        value = max(value, pages * PAGE_SIZE_BYTES // KIB_BYTES)
    return int(value)


def zone_watermarks(min_free_kib: int, managed_pages: dict[str, int], watermark_scale_factor: int = 10) -> pd.DataFrame:
    """Each zone's min, low and high watermark (pages) as __setup_per_zone_wmarks sets them: min is
    the zone's share of min_free_kbytes by managed pages; low and high add one and two gaps of
    max(min / 4, managed * watermark_scale_factor / 10000)."""
    check_range("min_free_kib", min_free_kib, 1)
    total = sum(managed_pages.values())
    if total <= 0:
        raise ParameterError("managed_pages must hold at least one page")
    pages_min = min_free_kib * KIB_BYTES // PAGE_SIZE_BYTES
    rows = []
    for zone, managed in managed_pages.items():
        zmin = pages_min * managed // total
        gap = max(zmin >> 2, managed * watermark_scale_factor // WATERMARK_SCALE_DIVISOR)
        rows.append({"zone": zone, "managed": managed, "min": zmin, "low": zmin + gap, "high": zmin + 2 * gap})
    return pd.DataFrame(rows)


def reserve_share(high: bool, nonblock: bool, nomemalloc: bool, in_reclaim: bool) -> float:
    """The share of the min watermark's reserve an allocation may take (free pages may fall to
    (1 - share) x min). __zone_watermark_ok: __GFP_HIGH lowers the floor to min/2, a non-blocking
    one (GFP_ATOMIC) by a further quarter, to 3/8 of min. From a task in reclaim (PF_MEMALLOC) an
    allocation without __GFP_NOMEMALLOC ignores the watermarks (rule `pfmemalloc`, assumed): it may
    take the whole reserve."""
    if in_reclaim and not nomemalloc:
        return 1.0
    if not high:
        return 0.0
    floor = 0.5 * (0.75 if nonblock else 1.0)
    return 1.0 - floor


def per_cluster(allocations: list[Allocation], designs: list[str]) -> pd.DataFrame:
    """Per design, the metadata allocated when the swap-out path opens one cluster (virtual and
    physical layers): how many allocations, how many bytes, the highest page order, the share of
    the min reserve the most privileged of them may take (in reclaim, and under the flags alone),
    the bytes charged to no memory cgroup, and whether any of it rests on an assumed reading."""
    rows = []
    for d in designs:
        mine = [a for a in allocations if a.design == d]
        if not mine:
            raise ParameterError(f"design={d!r} has no allocation in reclaim_paths.toml; have: "
                                 f"{', '.join(sorted({a.design for a in allocations}))}")
        rows.append({
            "design": d,
            "allocations_per_cluster": sum(1 / a.per_clusters for a in mine),
            "bytes_per_cluster": sum(a.bytes / a.per_clusters for a in mine),
            "virtual_bytes": sum(a.bytes / a.per_clusters for a in mine if a.layer == "virtual"),
            "physical_bytes": sum(a.bytes / a.per_clusters for a in mine if a.layer == "physical"),
            "highest_order": max(a.order for a in mine),
            "reserve_share_in_reclaim": max(reserve_share(a.high, a.nonblock, a.nomemalloc, True) for a in mine),
            "reserve_share_flags_only": max(reserve_share(a.high, a.nonblock, a.nomemalloc, False) for a in mine),
            "unaccounted_bytes": sum(a.bytes / a.per_clusters for a in mine if not a.account),
            "any_assumed": any(a.status == "assumed" for a in mine),
        })
    return pd.DataFrame(rows)


def reclaim_pass(table: pd.DataFrame, reclaimed_pages: float, fill: float = 1.0) -> pd.DataFrame:
    """Allocations and bytes a reclaim pass of `reclaimed_pages` swapped-out pages makes, when each
    cluster it opens is filled to `fill` before the next one opens (1: dense; a cluster of 512 slots
    per design, SWAPFILE_CLUSTER and VSWAP_CLUSTER_SHIFT = HPAGE_PMD_ORDER)."""
    pages = float(check_range("reclaimed_pages", reclaimed_pages, 1, 2**50))
    f = float(check_range("fill", fill, 1 / SWAPFILE_CLUSTER_SLOTS, 1))
    clusters = math.ceil(pages / (SWAPFILE_CLUSTER_SLOTS * f))
    out = table[["design"]].copy()
    out["clusters"] = clusters
    out["allocations"] = table.allocations_per_cluster * clusters
    out["metadata_kib"] = table.bytes_per_cluster * clusters / KIB_BYTES
    out["metadata_per_reclaimed"] = table.bytes_per_cluster * clusters / (pages * PAGE_SIZE_BYTES)
    return out


def reserve_exposure(table: pd.DataFrame, min_free_kib: float, cpus: list[int], orders_open: int = 1) -> pd.DataFrame:
    """The metadata that reclaimers on `cpus` CPUs can hold before any page they reclaim is freed:
    each CPU opens at most one new cluster per order it swaps out (the per-CPU cluster caches of
    swapfile.c and vswap), so n_cpus x orders_open clusters; against the min reserve and the part of
    it the design's flags may take, in reclaim (PF_MEMALLOC rule) and by the flags alone."""
    check_range("min_free_kib", min_free_kib, 1)
    orders = int(check_range("orders_open", orders_open, 1, 10))
    rows = []
    for n in cpus:
        n = int(check_range("cpus", n, 1, 65536))
        for r in table.itertuples():
            held = n * orders * r.bytes_per_cluster
            reserve = min_free_kib * KIB_BYTES
            rows.append({"design": r.design, "cpus": n, "held_kib": held / KIB_BYTES,
                         "share_of_min": held / reserve,
                         "may_take_kib_in_reclaim": reserve * r.reserve_share_in_reclaim / KIB_BYTES,
                         "may_take_kib_flags_only": reserve * r.reserve_share_flags_only / KIB_BYTES})
    return pd.DataFrame(rows)


def unaccounted(table: pd.DataFrame, fills: list[float]) -> pd.DataFrame:
    """Metadata no memory cgroup is charged for, per GiB a cgroup swaps out, at each cluster fill
    (1: dense; 1/512: one live entry per cluster, the sparse worst case), and as a share of the
    swapped memory itself."""
    rows = []
    entries_per_gib = GIB_BYTES / PAGE_SIZE_BYTES
    for f in fills:
        f = float(check_range("fill", f, 1 / SWAPFILE_CLUSTER_SLOTS, 1))
        for r in table.itertuples():
            per_entry = r.unaccounted_bytes / (SWAPFILE_CLUSTER_SLOTS * f)
            rows.append({"design": r.design, "fill": f, "bytes_per_entry": per_entry,
                         "mib_per_gib_swapped": per_entry * entries_per_gib / 2**20,
                         "share_of_swapped": per_entry / PAGE_SIZE_BYTES})
    return pd.DataFrame(rows)


def counter_changes(counters: list[Counter], workload: str, runs: int | None = None) -> pd.DataFrame:
    """Each posted counter's change from the baseline arm per arm, with Welch's p and 95 % interval
    at the run count assumed for the table (the posting gives none; `runs` overrides it)."""
    mine = [c for c in counters if c.workload == workload]
    if not mine:
        raise ParameterError(f"workload={workload!r}; have: {', '.join(sorted({c.workload for c in counters}))}")
    base = {c.counter: c for c in mine if c.arm == "baseline"}
    rows = []
    for c in mine:
        if c.arm == "baseline":
            continue
        n = int(runs if runs is not None else c.runs_assumed)
        a = Arm("baseline", base[c.counter].mean, base[c.counter].spread, n, False)
        b = Arm(c.arm, c.mean, c.spread, n, False)
        lo, hi = difference_ci(a, b)
        rows.append({"workload": workload, "counter": c.counter, "arm": c.arm, "baseline": a.mean, "value": b.mean,
                     "change": b.mean - a.mean, "change_pct": 100 * (b.mean - a.mean) / a.mean, "ci95_low": lo,
                     "ci95_high": hi, "welch_p": welch_p(a, b), "runs": n, "resolved": welch_p(a, b) < 0.05})
    return pd.DataFrame(rows)


def same_rule_rows(changes: pd.DataFrame, counter: str, source_arm: str = "vss_v5",
                   arms: tuple[str, ...] = ("new_opt_v2", "cc_v2")) -> pd.DataFrame:
    """The prediction of a rule the later arms did not change (the allocation of a cluster object,
    the zero-page readahead path): each later arm's change from the baseline equals `source_arm`'s.
    Returns per arm the published change and the predicted one."""
    sub = changes[changes.counter == counter].set_index("arm")
    predicted = float(sub.loc[source_arm, "change"])
    return pd.DataFrame([{"counter": counter, "arm": a, "published_change": float(sub.loc[a, "change"]),
                          "predicted_change": predicted, "resolved": bool(sub.loc[a, "resolved"])} for a in arms])


def kswapd_share(counters: list[Counter], workload: str) -> pd.DataFrame:
    """pgsteal_kswapd / (pgsteal_kswapd + pgsteal_direct) per arm: the share of reclaim kswapd did."""
    by = {(c.counter, c.arm): c.mean for c in counters if c.workload == workload}
    arms = [a for (k, a) in by if k == "pgsteal_kswapd"]
    return pd.DataFrame([{"arm": a, "kswapd_share": by[("pgsteal_kswapd", a)]
                          / (by[("pgsteal_kswapd", a)] + by[("pgsteal_direct", a)]),
                          "reclaimed_pages": by[("pgsteal_kswapd", a)] + by[("pgsteal_direct", a)]} for a in arms])


def hibernation_free_gib(device_gib: float, swapped_gib: float, zswap_shares: list[float]) -> pd.DataFrame:
    """Free physical swap left for a hibernation image (which takes physical slots directly: rule
    `hibernation-slot`). Under linux-6.18 every swapped entry holds a slot on the device, zswap ones
    included (the slot is taken at swap-out); under a virtual layer (vswap-v3..v6, vswap-ste-v2,
    p4-rfc-ghost over a physical device) only the disk-resident ones do."""
    dev = float(check_range("device_gib", device_gib, 0.001, 2**40))
    used = float(check_range("swapped_gib", swapped_gib, 0, 2**40))
    rows = []
    for z in zswap_shares:
        z = float(check_range("zswap_share", z, 0, 1))
        static_held, virtual_held = used, used * (1 - z)
        rows.append({"zswap_share": z, "linux-6.18_free_gib": max(dev - static_held, 0.0),
                     "virtual_layer_free_gib": max(dev - virtual_held, 0.0),
                     "fits_6.18": dev >= static_held, "fits_virtual": dev >= virtual_held})
    return pd.DataFrame(rows)


def step_ci(c: Comparison) -> dict:
    """One published comparison's change (new - baseline) with Welch's 95 % interval and p."""
    lo, hi = difference_ci(c.baseline, c.new)
    return {"id": c.id, "change": c.new.mean - c.baseline.mean, "ci95_low": lo, "ci95_high": hi,
            "welch_p": welch_p(c.baseline, c.new), "resolved": welch_p(c.baseline, c.new) < 0.05}


def contention_model_s(pages: float, locks_per_page: float, n_cpus: int, atomic_ns: float, transfer_ns: float,
                       cross_socket_factor: float = 1.0) -> float:
    """Extra system time (s) of a cluster lock taken `locks_per_page` times per page, when each take
    finds the line last written by another CPU with probability 1 - 1/n_cpus (random access spread
    over all CPUs) and then pays a line transfer instead of a local atomic; `cross_socket_factor`
    scales the transfer for CPUs on other sockets (not measurable on this 2-CPU VM)."""
    check_range("pages", pages, 0)
    check_range("locks_per_page", locks_per_page, 0, 1000)
    n = int(check_range("n_cpus", n_cpus, 1, 65536))
    k = float(check_range("cross_socket_factor", cross_socket_factor, 1, 100))
    other = 1 - 1 / n
    return float(pages * locks_per_page * other * (transfer_ns * k - atomic_ns) * 1e-9)


def writeback_extra_ns(atomics: int, cold_loads: int, atomic_ns: float, load_ns: float) -> float:
    """Extra CPU per written-back page of a design whose zswap writeback also takes a physical slot:
    `atomics` atomic operations (slot allocation lock, memcg swap charge, descriptor lock) and
    `cold_loads` loads of metadata not in cache (rule `writeback-slot`)."""
    check_range("atomics", atomics, 0, 100)
    check_range("cold_loads", cold_loads, 0, 100)
    return float(atomics * atomic_ns + cold_loads * load_ns)


def whole_swapin_share(order: int, next_adjacent: np.ndarray | float) -> np.ndarray:
    """Share of written-back order-`order` ranges a design whose whole-folio swap-in needs
    contiguous physical slots (vswap_can_swapin_thp) can bring in whole, when each next page of the
    range lands on the next slot with probability `next_adjacent` (an assumed input: 1 when the
    range is written back together into a free run, near 0 when pages go back one by one in LRU
    order over a fragmented device): next_adjacent ** (2**order - 1)."""
    k = int(check_range("order", order, 0, 9))
    q = check_range("next_adjacent", next_adjacent, 0, 1)
    return np.power(q, (1 << k) - 1)
