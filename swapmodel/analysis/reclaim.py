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
from swapmodel.sources.swapin_rules import load_swapin_rules
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


def runs_to_resolve(base_mean: float, base_spread: float, mean: float, spread: float, max_runs: int = 1000) -> int:
    """The fewest runs per arm (2..max_runs) at which Welch's p for the change from the baseline falls
    below 0.05, reading the posted spreads as standard deviations: the flip point of an assumed run
    count. 0 when no count up to max_runs resolves it."""
    for n in range(2, int(max_runs) + 1):
        if welch_p(Arm("baseline", base_mean, base_spread, n, False), Arm("new", mean, spread, n, False)) < 0.05:
            return n
    return 0


def counter_changes(counters: list[Counter], workload: str, runs: int | None = None) -> pd.DataFrame:
    """Each posted counter's change from the baseline arm per arm, with Welch's p and 95 % interval
    at the run count assumed for the table (the posting gives none; `runs` overrides it), and the
    fewest runs per arm at which the change would be resolved (`runs_to_resolve`)."""
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
                     "ci95_high": hi, "welch_p": welch_p(a, b), "runs": n, "resolved": welch_p(a, b) < 0.05,
                     "runs_to_resolve": runs_to_resolve(a.mean, a.spread, b.mean, b.spread)})
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


# --- 7.1: the machine, and the min-watermark risk as a function of its assumed inputs -----------------

def ram_for_min_free_kib(target_kib: float, thp_zones: int = 0) -> float:
    """The smallest low memory (KiB) whose default min_free_kbytes (`min_free_kbytes`, the
    calculate_min_free_kbytes and khugepaged formulas) reaches `target_kib`: 0.0 where every size
    does (the target is at most the 128 KiB floor), inf where none does (above the 262144 KiB clamp
    with THP off). min_free_kbytes never falls as memory grows, so a bisection finds it."""
    target = float(check_range("target_kib", target_kib, 0))
    low, high = 1, 2**50
    if min_free_kbytes(low, thp_zones) >= target:
        return 0.0
    if min_free_kbytes(high, thp_zones) < target:
        return math.inf
    while high - low > 1:
        mid = (low + high) // 2
        if min_free_kbytes(mid, thp_zones) >= target:
            high = mid
        else:
            low = mid
    return float(high)


KBUILD_VM_MIB = (1465.0, 4095.0)
"""RAM and swap device of Kairui Song's kernel-build VM (data/published/measurements.toml kbuild_kairui_v3_j12)."""


def small_machine(ram_mib: float, swap_mib: float, thp_zones: int, cpus: list[int], orders_open: int,
                  zoneinfo: dict) -> pd.DataFrame:
    """The machine 7.1 prices, one row per input with its value and where it comes from: RAM and
    swap device (Kairui Song's kernel-build VM, data/published/measurements.toml
    kbuild_kairui_v3_j12), THP (assumed), the min reserve the kernel's formula gives it, the CPUs
    reclaiming at once (an assumed input: its CPU count was not posted), and this VM's measured
    min_free_kbytes beside the formula's value for it (the check of the formula)."""
    ram = float(check_range("small_ram_mib", ram_mib, 64, 2**24))
    swap = float(check_range("small_swap_mib", swap_mib, 2, 2**30))
    orders = int(check_range("orders_open", orders_open, 1, 10))
    managed = {z[0]: z[1] for z in zoneinfo["zones"]}
    here = min_free_kbytes(sum(managed.values()) * PAGE_SIZE_BYTES / KIB_BYTES, thp_zones=len(managed))
    posted = "Kairui Song's kernel-build VM, data/published/measurements.toml kbuild_kairui_v3_j12: 'Mem 1465 MB, NVMe swap 4095 MB'"
    rows = [
        ("ram_mib", ram, "MiB", posted if ram == KBUILD_VM_MIB[0] else "assumed: parameter small_ram_mib"),
        ("swap_device_mib", swap, "MiB", posted if swap == KBUILD_VM_MIB[1] else "assumed: parameter small_swap_mib"),
        ("swap_device_clusters", swap * 2**20 // CLUSTER_RECLAIM_BYTES, "clusters", "swap_device_mib / 2 MiB (512 slots of 4 KiB)"),
        ("thp_zones", thp_zones, "zones", "assumed (not posted); 0 = THP off, so khugepaged does not raise min_free_kbytes"),
        ("min_free_kib", min_free_kbytes(ram * 2**20 / KIB_BYTES, thp_zones), "KiB",
         "mm/page_alloc.c calculate_min_free_kbytes (and mm/khugepaged.c set_recommended_min_free_kbytes with THP on)"),
        ("min_free_kib_thp_on_2_zones", min_free_kbytes(ram * 2**20 / KIB_BYTES, 2), "KiB",
         "the alternative: THP on over DMA and DMA32 (a machine below 4 GiB)"),
        ("cpus_max", max(int(c) for c in cpus), "CPUs",
         "assumed input: parameter reclaim_cpus" + ("; 52 is the CPU count of Nhat Pham's host (32 GB): a composite point, not a "
                                           "posted machine" if max(int(c) for c in cpus) == 52 else "")),
        ("clusters_open_at_cpus_max", max(int(c) for c in cpus) * orders, "clusters", "one new cluster per CPU and open order (the per-CPU cluster caches)"),
        ("this_vm_min_free_kib_measured", zoneinfo["min_free_kbytes"], "KiB",
         f"/proc/sys/vm/min_free_kbytes on this VM ({zoneinfo['kernel']}, {zoneinfo['taken_at_utc']}), read only"),
        ("this_vm_min_free_kib_formula", here, "KiB", f"the same formulas with THP on over this VM's {len(managed)} zones"),
    ]
    return pd.DataFrame(rows, columns=["quantity", "value", "unit", "source"])


def reserve_by_ram(table: pd.DataFrame, ram_mib: list[float], cpus: list[int], orders_open: int = 1,
                   thp_zones: int = 0) -> pd.DataFrame:
    """The min-watermark risk as a function of the machine's memory: per RAM size, design and CPU
    count, the metadata held before any reclaimed page is freed (`reserve_exposure`), its share of
    the default min reserve, and whether it reaches the part of the reserve the design's flags let
    it take from inside reclaim (`exceeds_may_take`: the whole reserve without __GFP_NOMEMALLOC;
    for linux-6.18 half, where its allocation fails and the swap-out is skipped instead)."""
    frames = []
    for ram in ram_mib:
        ram = float(check_range("ram_mib", ram, 1, 2**40))
        mf = min_free_kbytes(ram * 2**20 / KIB_BYTES, thp_zones)
        e = reserve_exposure(table, mf, cpus, orders_open)
        e.insert(0, "min_free_kib", mf)
        e.insert(0, "ram_mib", ram)
        e["exceeds_may_take"] = e.held_kib >= e.may_take_kib_in_reclaim
        frames.append(e.drop(columns=["may_take_kib_flags_only"]))
    return pd.concat(frames, ignore_index=True)


def reserve_flips(table: pd.DataFrame, min_free_kib: float, cpus: list[int], orders_open: int = 1,
                  thp_zones_on: int = 2) -> pd.DataFrame:
    """Where the risk flips, per design and CPU count: the RAM below which the metadata held by that
    many reclaimers reaches the part of the min reserve the design may take from inside reclaim
    (THP off, and THP on over `thp_zones_on` zones), and, on a machine with `min_free_kib`, the CPU
    count at which it does. held = cpus x orders_open x bytes per cluster; the reserve it needs is
    held / may-take share; the RAM follows from `ram_for_min_free_kib` (THP off, in closed form:
    (needed KiB)^2 / 16 KiB)."""
    check_range("min_free_kib", min_free_kib, 1)
    orders = int(check_range("orders_open", orders_open, 1, 10))
    rows = []
    for n in cpus:
        n = int(check_range("cpus", n, 1, 65536))
        for r in table.itertuples():
            held_kib = n * orders * r.bytes_per_cluster / KIB_BYTES
            share = r.reserve_share_in_reclaim
            needed = held_kib / share if share > 0 else math.inf
            rows.append({"design": r.design, "cpus": n, "held_kib": held_kib, "may_take_share": share,
                         "reserve_needed_kib": needed,
                         "ram_mib_below_which_thp_off": ram_for_min_free_kib(needed, 0) * KIB_BYTES / 2**20
                         if math.isfinite(needed) else 0.0,
                         "ram_mib_below_which_thp_on": ram_for_min_free_kib(needed, thp_zones_on) * KIB_BYTES / 2**20
                         if math.isfinite(needed) else 0.0,
                         "cpus_at_which": math.ceil(share * min_free_kib / (orders * r.bytes_per_cluster / KIB_BYTES))
                         if share > 0 else math.inf,
                         "cluster_frees_times_metadata": CLUSTER_RECLAIM_BYTES / r.bytes_per_cluster})
    return pd.DataFrame(rows)


# --- 7.3: what the posted counters need from the design -----------------------------------------

def counter_explanation(changes: pd.DataFrame, shares: pd.DataFrame, sys_s: dict, readahead_us_per_page: float,
                        arm: str = "vss_v5") -> pd.DataFrame:
    """Per workload, what `arm`'s posted counter changes (`counter_changes`) need from the design:
    the extra readahead pages and the CPU they cost at most (`readahead_us_per_page` each, an upper
    bound) beside the arm's system-time change; the clusters its reclaimed pages (pgsteal, kswapd +
    direct, `kswapd_share`) open at 512 pages each and the page migrations each would need to
    explain the pgmigrate rise; the fall of kswapd's share of reclaim (points)."""
    us = float(check_range("readahead_us_per_page", readahead_us_per_page, 0.01, 100000))
    ch = changes.set_index(["workload", "counter", "arm"])
    rows = []
    for w in changes.workload.unique():
        sh = shares[shares.workload == w].set_index("arm")
        extra_ra = float(ch.loc[(w, "swap_ra", arm), "change"])
        clusters = float(sh.loc[arm, "reclaimed_pages"]) / SWAPFILE_CLUSTER_SLOTS
        rows.append({"workload": w, "arm": arm, "extra_readahead_pages": extra_ra,
                     "readahead_cpu_bound_s": extra_ra * us * 1e-6,
                     "sys_change_s": sys_s[(w, arm)][0] - sys_s[(w, "baseline")][0],
                     "clusters_opened": clusters,
                     "pgmigrate_change": float(ch.loc[(w, "pgmigrate", arm), "change"]),
                     "migrations_per_cluster": float(ch.loc[(w, "pgmigrate", arm), "change"]) / clusters,
                     "kswapd_share_fall_points": 100 * (float(sh.loc["baseline", "kswapd_share"])
                                                        - float(sh.loc[arm, "kswapd_share"]))})
    return pd.DataFrame(rows)


def sys_time_table(sys_s: dict) -> pd.DataFrame:
    """The posted system time of the counter runs, one row per workload and arm (s)."""
    return pd.DataFrame([{"workload": w, "arm": a, "sys_s": m, "spread_s": s} for (w, a), (m, s) in sys_s.items()])


def same_rule_table(changes: pd.DataFrame, counters: tuple[str, ...] = ("swap_ra", "pgmigrate"),
                    source_arm: str = "vss_v5") -> pd.DataFrame:
    """`same_rule_rows` per workload and counter; a row resolves only where both its own change and
    `source_arm`'s are resolved."""
    resolved = changes.set_index(["workload", "counter", "arm"]).resolved
    frames = []
    for w in changes.workload.unique():
        for c in counters:
            rows = same_rule_rows(changes[changes.workload == w], c, source_arm).assign(workload=w)
            rows["resolves"] = [bool(r.resolved and resolved[(w, c, source_arm)]) for r in rows.itertuples()]
            frames.append(rows)
    return pd.concat(frames, ignore_index=True)


# --- 7.5: the lock-contention bound of the 52-worker runs ----------------------------------------

USEMEM_CONC_WORKERS = 52
"""Nhat Pham's usemem concurrency series: 52 workers of 300 MB each, random access, zram (data/published/benchmarks.toml)."""
USEMEM_CONC_MIB_PER_WORKER = 300


def latency_inputs(records: list[dict]) -> pd.DataFrame:
    """This VM's medians over its live latency records (data/kernel/live/latency-*.json): atomic
    read-modify-write, line transfer between its two vCPUs, L2 and DRAM load (ns)."""
    if not records:
        raise ParameterError("records must hold at least one live latency record (swapmodel measure latency)")
    def median(key, level=None):
        vals = [r["latency_ns"][level] if level else r.get(key) for r in records]
        return float(pd.Series(vals, dtype=float).dropna().median()), int(pd.Series(vals, dtype=float).notna().sum())
    rows = []
    for quantity, key, level in (("atomic_rmw", "atomic_rmw_ns", None), ("line_transfer", "line_transfer_ns", None),
                                 ("L2", None, "L2"), ("DRAM", None, "DRAM")):
        ns, n = median(key, level)
        rows.append({"quantity": quantity, "ns": ns, "records": n})
    return pd.DataFrame(rows)


def contention_bound(comparisons: list[Comparison], locks_per_page: float, atomic_ns: float, transfer_ns: float,
                     cross_socket_factor: float) -> pd.DataFrame:
    """Each published 52-worker step (`step_ci`) beside the contention model (`contention_model_s`
    with every page of 52 x 300 MB touched once, a floor on the operations): the model at
    `locks_per_page` takes per page, with transfers `cross_socket_factor` dearer, the upper bound per
    page the step's 95 % interval leaves, and the lock takes per page at which the model would
    reach that bound (the assumed input's flip). The first comparison is the reference of
    `change_from_first` (each arm's mean against the first one's, Welch's p)."""
    pages = USEMEM_CONC_WORKERS * USEMEM_CONC_MIB_PER_WORKER * 2**20 / PAGE_SIZE_BYTES
    per_take = contention_model_s(pages, 1, USEMEM_CONC_WORKERS, atomic_ns, transfer_ns)
    per_take_x = contention_model_s(pages, 1, USEMEM_CONC_WORKERS, atomic_ns, transfer_ns, cross_socket_factor)
    check_range("locks_per_page", locks_per_page, 0, 1000)
    rows = []
    for c in comparisons:
        r = step_ci(c)
        r["baseline_s"], r["runs"] = c.baseline.mean, c.new.runs
        first = comparisons[0].new
        r["change_from_first"] = c.new.mean - first.mean
        r["welch_p_from_first"] = welch_p(first, c.new) if c is not comparisons[0] else 1.0
        r["resolved_from_first"] = bool(r["welch_p_from_first"] < 0.05)
        r["model_s"] = per_take * locks_per_page
        r["model_s_cross_socket"] = per_take_x * locks_per_page
        r["upper_ns_per_page"] = max(r["ci95_high"], 0.0) * 1e9 / pages
        r["upper_transfers_per_page"] = r["upper_ns_per_page"] / transfer_ns
        r["locks_per_page_at_bound"] = max(r["ci95_high"], 0.0) / per_take
        r["locks_per_page_at_bound_cross_socket"] = max(r["ci95_high"], 0.0) / per_take_x
        rows.append(r)
    return pd.DataFrame(rows)


# --- 7.6: writeback and large-folio swap-in after it ---------------------------------------------

def writeback_extra_table(atomics: int, cold_loads: int, atomic_ns: float, l2_ns: float, dram_ns: float) -> pd.DataFrame:
    """`writeback_extra_ns` with the metadata hot (L2) and cold (DRAM)."""
    return pd.DataFrame([{"metadata": level, "extra_ns_per_page": writeback_extra_ns(atomics, cold_loads, atomic_ns, ns)}
                         for level, ns in (("L2", l2_ns), ("DRAM", dram_ns))])


def adjacency_for_whole_share(order: int, share: float = 0.5) -> float:
    """The adjacency p at which `whole_swapin_share(order, p)` equals `share`: share ** (1 / (2**order - 1))."""
    k = int(check_range("order", order, 1, 9))
    s = float(check_range("share", share, 0, 1))
    return float(s ** (1 / ((1 << k) - 1)))


def _swapin_rules(designs: list[str]) -> dict:
    rules = load_swapin_rules()
    for d in designs:
        if d not in rules:
            raise ParameterError(f"design={d!r} has no large-folio swap-in rule; have: {', '.join(sorted(rules))}")
    return rules


def whole_swapin_by_adjacency(designs: list[str], orders: list[int], next_adjacent: list[float]) -> pd.DataFrame:
    """Share of written-back order-k ranges each design brings in as one folio, as a function of the
    adjacency p of the slots writeback gave them (an assumed input). The design's large-folio
    swap-in rule (swapmodel.sources.swapin_rules, data/published/thp_swapin.toml) decides:
    `zswap_never_enabled` (alloc_swap_folio falls back to order 0 once zswap was ever enabled, which
    writeback implies) gives 0 at every p; `uniform_backing` (vswap_can_swapin_thp: all on
    consecutive swapfile slots) gives `whole_swapin_share(k, p)` = p ** (2**k - 1)."""
    rules = _swapin_rules(designs)
    rows = []
    for d in designs:
        for k in orders:
            for p in next_adjacent:
                share = float(whole_swapin_share(k, p)) if rules[d].rule == "uniform_backing" else 0.0
                rows.append({"design": d, "rule": rules[d].rule, "order": int(k), "next_adjacent": float(p),
                             "whole_swapin_share": share})
    return pd.DataFrame(rows)


def whole_swapin_flips(designs: list[str], orders: list[int], share: float = 0.5) -> pd.DataFrame:
    """Per design and order, the adjacency above which at least `share` of written-back ranges come
    in whole (`adjacency_for_whole_share`); NaN where the design's rule brings none in at any p."""
    rules = _swapin_rules(designs)
    return pd.DataFrame([{"design": d, "rule": rules[d].rule, "order": int(k),
                          "next_adjacent_at_half": adjacency_for_whole_share(k, share)
                          if rules[d].rule == "uniform_backing" else math.nan}
                         for d in designs for k in orders])
