"""Monte-Carlo model of the swap slot allocator (mm/swapfile.c) under churn, for every design.

Design variants (research/fragmentation.md section 3):
- static: a device of fixed size (Linux 6.12 / 6.18 and the swap-table phases; Chris Li's ghost
  swapfile, which is a static device that never writes back);
- dynamic: clusters are mapped on demand and unmapped when free (Kairui Song's dynamic ghost
  swapfile; virtual swap, whose virtual clusters grow on demand). An order-k request that finds no
  space maps a new cluster instead of failing, up to `dynamic_cap_mib`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from swapmodel.allocator import core
from swapmodel.allocator.churn import N_STATS, S_FALLBACK, S_NOSPACE, S_ORDER0, S_SWPOUT, iterate, warm_up
from swapmodel.designs import get_design
from swapmodel.errors import ParameterError, check_choice
from swapmodel.geometry import MIB_BYTES, PAGE_SIZE_BYTES, STATES
from swapmodel.occupancy import ClusterCounts

RULES = {"linux-6.18": core.RULES_6_18, "linux-6.12": core.RULES_6_12}
MIB_PAGES = MIB_BYTES // PAGE_SIZE_BYTES


def _positive(name, value, integer=False):
    if integer and (not float(value).is_integer()):
        raise ParameterError(f"{name}={value!r} must be a whole number")
    if not np.isfinite(value) or value <= 0:
        raise ParameterError(f"{name}={value!r} must be > 0")
    return value


def _pages(name, mib):
    _positive(name, mib)
    pages = mib * MIB_PAGES
    if not float(pages).is_integer():
        raise ParameterError(f"{name}={mib!r} MiB is not a whole number of 4 KiB pages")
    return int(pages)


def device_summary(d) -> dict:
    """Clusters by list and order, and slot use, of a simulated device (its occupancy summary)."""
    length = d.ls[:, core.H_LEN]
    lists = {"free": int(length[core.L_FREE]), "full": int(length[core.L_FULL])}
    for o in range(core.SWAP_NR_ORDERS):
        if length[core.L_NONFULL + o]:
            lists[f"nonfull[{o}]"] = int(length[core.L_NONFULL + o])
        if length[core.L_FRAG + o]:
            lists[f"frag[{o}]"] = int(length[core.L_FRAG + o])
    count, order = d.cl[:, core.C_COUNT], d.cl[:, core.C_ORDER]
    used = count > 0
    orders = {f"order {o}": int(np.count_nonzero(used & (order == o))) for o in range(core.SWAP_NR_ORDERS)
              if np.any(used & (order == o))}
    return {
        "clusters_by_list": lists,
        "used_clusters_by_order": orders,
        "used_clusters": int(np.count_nonzero(used)),
        "slots_in_use": int(d.g[core.G_INUSE]),
        "usable_slots": int(d.g[core.G_USABLE]),
        "entries_by_state": {"swapped (count > 0)": int(np.count_nonzero(d.slot == core.SLOT_USED)),
                             "swap cache only": int(np.count_nonzero(d.slot == core.SLOT_CACHE))},
    }


@dataclass
class ChurnResult:
    """Per-iteration swpout / swpout_fallback of the large-folio order, and the final occupancy."""

    params: dict
    stats: np.ndarray
    final: dict
    cluster_counts: np.ndarray
    snapshots: list = field(default_factory=list)

    def iterations(self) -> list[dict]:
        rows = []
        for it in range(1, self.stats.shape[0]):
            swpout, fallback = int(self.stats[it, S_SWPOUT]), int(self.stats[it, S_FALLBACK])
            total = swpout + fallback
            rows.append({
                "iteration": it,
                "swpout": swpout,
                "swpout_fallback": fallback,
                "fallback_pct": 100.0 * fallback / total if total else 0.0,
                "order0_swpout": int(self.stats[it, S_ORDER0]),
                "nospace_pages": int(self.stats[it, S_NOSPACE]),
            })
        return rows

    def occupancy(self, state: str = "disk", counts: np.ndarray | None = None) -> ClusterCounts:
        """The final (or a snapshot's) slot use as a ClusterCounts occupancy, every entry in `state`.
        For a design with a backing device, disk entries also hold a physical slot: the physical
        device is the configured device size (or the entries, if more), packed densely."""
        check_choice("state", state, STATES)
        per_cluster = self.cluster_counts if counts is None else counts
        table = np.zeros((per_cluster.size, len(STATES)), np.int64)
        table[:, STATES.index(state)] = per_cluster
        backing = max(int(self.params["device_mib"] * MIB_PAGES), int(per_cluster.sum()))
        return ClusterCounts(table, swap_slots=per_cluster.size * core.CLUSTER, backing_slots=backing)

    def to_json(self) -> dict:
        return {"params": self.params, "iterations": self.iterations(), "occupancy": self.final}


def simulate_churn(device_mib: float = 64, region_mib: float = 60, order: int = 4, iterations: int = 100,
                   seed: int = 1, aligned: bool = False, small_mib: float = 0, rules: str = "linux-6.18",
                   design: str = "linux-6.18", mthp_swapin: bool = False, swapin_mib: float = 16,
                   dontneed_mib: float = 16, small_swapin_mib: float = 1, dynamic_cap_mib: float | None = None,
                   snapshot_every: int = 0) -> ChurnResult:
    """Run the churn test; `design` picks the variant (static or dynamic), `rules` the allocator."""
    check_choice("rules", rules, tuple(RULES))
    dynamic = get_design(design).dynamic
    if not 0 <= order <= core.PMD_ORDER or int(order) != order:
        raise ParameterError(f"order={order!r} is outside the allowed range [0, {core.PMD_ORDER}] "
                             f"(a cluster holds 2**{core.PMD_ORDER} slots)")
    _positive("iterations", iterations, integer=True)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ParameterError(f"seed={seed!r} must be a whole number >= 0")
    device_pages = _pages("device_mib", device_mib)
    region_pages = _pages("region_mib", region_mib)
    nr = 1 << order
    if region_pages % nr:
        raise ParameterError(f"region_mib={region_mib!r} is not a whole number of order-{order} folios")
    small_pages = _pages("small_mib", small_mib) if small_mib else 0
    if not dynamic and region_pages + small_pages > device_pages:
        raise ParameterError(
            f"region_mib + small_mib = {region_mib + small_mib:g} MiB is larger than device_mib={device_mib:g} "
            f"and design {design!r} cannot grow; allowed: at most device_mib")
    n_swapin = (_pages("swapin_mib", swapin_mib) // (nr if aligned else 1))
    n_dontneed = _pages("dontneed_mib", dontneed_mib) // nr
    n_small = _pages("small_swapin_mib", small_swapin_mib) if small_pages else 0
    capacity = device_pages
    if dynamic:
        cap = dynamic_cap_mib if dynamic_cap_mib is not None else 8 * (region_mib + small_mib)
        capacity = max(_pages("dynamic_cap_mib", cap), region_pages + small_pages + core.CLUSTER)
    d = core.new_device(capacity, n_cpus=1, rules=RULES[rules], dynamic=dynamic)

    rng = np.random.default_rng(np.random.SeedSequence(seed))
    n_chunks = region_pages // nr
    swapin = rng.integers(0, n_chunks if aligned else region_pages, size=(iterations, n_swapin))
    dontneed = rng.integers(0, n_chunks, size=(iterations, n_dontneed))
    small = rng.integers(0, max(small_pages, 1), size=(iterations, n_small))
    slots = np.full(region_pages, -1, np.int64)
    large = np.zeros(n_chunks, np.bool_)
    small_slots = np.full(small_pages, -1, np.int64)
    stats = np.zeros((iterations + 1, N_STATS), np.int64)

    warm_up(*d, slots, large, small_slots, order, stats)
    snapshots = []
    step = snapshot_every or iterations
    for done in range(0, iterations, step):
        todo = slice(done, min(done + step, iterations))
        iterate(*d, slots, large, small_slots, order, swapin[todo], dontneed[todo], small[todo], aligned,
                mthp_swapin, stats, done + 1)
        if snapshot_every:
            snapshots.append((todo.stop, d.cl[:, core.C_COUNT].astype(np.int64)))
    params = dict(device_mib=device_mib, region_mib=region_mib, order=order, iterations=iterations, seed=seed,
                  aligned=aligned, small_mib=small_mib, rules=rules, design=design, mthp_swapin=mthp_swapin,
                  dynamic=dynamic, capacity_mib=capacity / MIB_PAGES, allocator_events=int(d.g[core.G_EVENTS]))
    counts = d.cl[:, core.C_COUNT].astype(np.int64)
    if not dynamic:
        counts[0] -= 1  # the header slot is no entry
    return ChurnResult(params, stats, device_summary(d), counts, snapshots)


LIFETIMES = ("exponential", "lognormal", "fixed")
SNAPSHOT_STATES = ("disk", "zswap", "writeback", "swapcache")
"""Entry state of a slot in a steady-state snapshot, by the simulator's state code 0..3."""


@dataclass
class SteadyResult:
    """Per-window counters of a steady-state run, with cluster snapshots that `cost` can price."""

    params: dict
    windows: list
    snapshots: np.ndarray
    backing_snapshots: np.ndarray

    def occupancy(self, window: int = -1) -> ClusterCounts:
        """The window's slot use as a ClusterCounts occupancy (front and backing device)."""
        snap = self.snapshots[window]
        table = np.zeros((snap.shape[0], len(STATES)), np.int64)
        for code, state in enumerate(SNAPSHOT_STATES):
            table[:, STATES.index(state)] += snap[:, code]
        backing = None
        if self.backing_snapshots.shape[1] > 1:
            backing = np.zeros((self.backing_snapshots.shape[1], len(STATES)), np.int64)
            backing[:, STATES.index("writeback")] = self.backing_snapshots[window]
        return ClusterCounts(table, backing_counts=backing)


def _order_mix(order_mix: dict) -> tuple[np.ndarray, np.ndarray]:
    orders = np.array([int(o) for o in order_mix], np.int64)
    weights = np.array([float(w) for w in order_mix.values()])
    if orders.size == 0 or np.any(orders < 0) or np.any(orders > core.PMD_ORDER):
        raise ParameterError(f"order_mix: orders must lie in [0, {core.PMD_ORDER}], got {sorted(order_mix)}")
    if np.any(weights < 0) or not np.isclose(weights.sum(), 1.0):
        raise ParameterError(f"order_mix: fractions must be >= 0 and sum to 1 (got {weights.sum():g})")
    return orders, weights


def simulate_steady(device_mib: float = 1024, design: str = "linux-6.18", rules: str = "linux-6.18",
                    n_cpus: int = 2, order_mix: dict | None = None, target_fill: float = 0.8,
                    lifetime: str = "exponential", lifetime_sigma: float = 1.0, page_free_fraction: float = 0.5,
                    cache_only_fraction: float = 0.0, cache_lifetime_events: int = 1000, events: int = 200_000,
                    window: int = 20_000, seed: int = 1, zswap_pool_mib: float = 0, backing_mib: float | None = None,
                    dynamic_cap_mib: float | None = None) -> SteadyResult:
    """Steady-state churn: one folio swap-out per event (orders from `order_mix`, by folio count),
    lifetimes from `lifetime` scaled so live pages settle near `target_fill` of `device_mib`."""
    from swapmodel.allocator.steady import (N_W, W_BACKING_INUSE, W_CACHE_ONLY, W_FALLBACK, W_INUSE, W_NOSPACE,
                                            W_REJECT, W_SWPOUT, W_USED_CLUSTERS, W_WRITEBACK, WB_BACKING,
                                            WB_IN_PLACE, WB_NONE, run_steady)

    check_choice("rules", rules, tuple(RULES))
    check_choice("lifetime", lifetime, LIFETIMES)
    d_design = get_design(design)
    orders, weights = _order_mix(order_mix or {0: 0.5, 4: 0.5})
    for name, value in (("target_fill", target_fill), ("page_free_fraction", page_free_fraction),
                        ("cache_only_fraction", cache_only_fraction)):
        if not 0 <= value <= 1:
            raise ParameterError(f"{name}={value!r} is outside the allowed range [0, 1]")
    _positive("events", events, integer=True)
    _positive("window", window, integer=True)
    _positive("n_cpus", n_cpus, integer=True)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ParameterError(f"seed={seed!r} must be a whole number >= 0")
    device_pages = _pages("device_mib", device_mib)
    dynamic = d_design.dynamic
    capacity = _pages("dynamic_cap_mib", dynamic_cap_mib or 8 * device_mib) if dynamic else device_pages
    pool_pages = _pages("zswap_pool_mib", zswap_pool_mib) if zswap_pool_mib else 0
    if pool_pages and "zswap" not in d_design.states:
        d_design.check_state("zswap", "zswap_pool_mib")
    if d_design.backing_states:
        wb_mode = WB_BACKING
    elif "writeback" in d_design.states:
        wb_mode = WB_IN_PLACE
    else:
        wb_mode = WB_NONE
    if not pool_pages and "disk" not in d_design.states:
        d_design.check_state("disk", "zswap_pool_mib=0 (entries on disk)")
    back_pages = _pages("backing_mib", backing_mib or device_mib) if (pool_pages and wb_mode == WB_BACKING) else core.CLUSTER

    ss = np.random.SeedSequence(seed)
    rng = np.random.default_rng(ss)
    folio_orders = rng.choice(orders, size=events, p=weights)
    mean_pages = float(np.sum(weights * (1 << orders)))
    mean_life = target_fill * device_pages / (mean_pages * (1 - page_free_fraction / 2))
    if lifetime == "exponential":
        lifetimes = rng.exponential(mean_life, size=events)
    elif lifetime == "lognormal":
        lifetimes = rng.lognormal(np.log(mean_life) - lifetime_sigma**2 / 2, lifetime_sigma, size=events)
    else:
        lifetimes = np.full(events, mean_life)
    lifetimes = np.maximum(1, lifetimes).astype(np.int64)
    page_free = rng.random(events) < page_free_fraction
    cpus = np.arange(events, dtype=np.int64) % n_cpus
    rng_seed = int(ss.spawn(1)[0].generate_state(1)[0] % (2**31))

    d = core.new_device(capacity, n_cpus=n_cpus, rules=RULES[rules], dynamic=dynamic)
    back = core.new_device(back_pages, n_cpus=n_cpus, rules=RULES[rules], dynamic=False)
    n_windows = -(-events // window)
    stats = np.zeros((n_windows, N_W), np.int64)
    snaps = np.zeros((n_windows, d.cl.shape[0], 4), np.int32)
    back_snaps = np.zeros((n_windows, back.cl.shape[0]), np.int32)
    lru = np.empty(int(np.sum(1 << folio_orders)) + 1 if pool_pages else 1, np.int64)
    run_steady(*d, *back, folio_orders, cpus, lifetimes, page_free, rng_seed, cache_only_fraction,
               cache_lifetime_events, pool_pages, wb_mode, window, stats, snaps, back_snaps, lru)
    rows = []
    for w in range(n_windows):
        row = {"window": w, "events": int(min((w + 1) * window, events))}
        for o in orders:
            ok, fb = int(stats[w, W_SWPOUT + o]), int(stats[w, W_FALLBACK + o])
            row[f"swpout[{o}]"] = ok
            if o > 0:
                row[f"swpout_fallback[{o}]"] = fb
                row[f"fallback_pct[{o}]"] = 100.0 * fb / (ok + fb) if ok + fb else 0.0
        row.update(fill=float(stats[w, W_INUSE]) / device_pages, used_clusters=int(stats[w, W_USED_CLUSTERS]),
                   cache_only_slots=int(stats[w, W_CACHE_ONLY]), nospace_pages=int(stats[w, W_NOSPACE]),
                   writeback=int(stats[w, W_WRITEBACK]), rejected=int(stats[w, W_REJECT]),
                   backing_slots_in_use=int(stats[w, W_BACKING_INUSE]))
        rows.append(row)
    params = dict(device_mib=device_mib, design=design, rules=rules, n_cpus=n_cpus,
                  order_mix={int(k): float(v) for k, v in (order_mix or {0: 0.5, 4: 0.5}).items()},
                  target_fill=target_fill, lifetime=lifetime, page_free_fraction=page_free_fraction,
                  cache_only_fraction=cache_only_fraction, events=events, window=window, seed=seed,
                  zswap_pool_mib=zswap_pool_mib, dynamic=dynamic, mean_lifetime_events=mean_life,
                  allocator_events=int(d.g[core.G_EVENTS] + back.g[core.G_EVENTS]))
    return SteadyResult(params, rows, snaps, back_snaps if wb_mode == WB_BACKING and pool_pages else back_snaps[:, :1])


def published_t1() -> dict:
    """Table T1 (data/published/fragmentation_t1.toml) keyed by flags, e.g. '', '-s', '-a -s', 'mthp-swapin'."""
    import tomllib

    from swapmodel import paths

    raw = tomllib.loads((paths.DATA / "published" / "fragmentation_t1.toml").read_text())
    return {" ".join(r["flags"]): r for r in raw["run"]}


T1_FLAGS = {"": {}, "-s": {"small_mib": 4}, "-a": {"aligned": True}, "-a -s": {"aligned": True, "small_mib": 4},
            "mthp-swapin": {"mthp_swapin": True}}
"""simulate_churn() arguments for each flag set of Barry Song's test (-a aligned swap-in, -s 4 MiB small folios)."""


def coupon_collector_chunks(n_chunks: int, picks: int) -> float:
    """Expected distinct chunks hit by `picks` uniform picks with replacement out of `n_chunks`:
    n (1 - (1 - 1/n)**picks) (research/fragmentation.md section 4, item 5)."""
    return n_chunks * (1.0 - (1.0 - 1.0 / n_chunks) ** picks)


def aligned_block_free_probability(occupancy: float, order: int) -> float:
    """Probability that a naturally aligned 2**order-slot block is free when slots are occupied
    independently with probability `occupancy`: (1 - u)**(2**order) (fragmentation.md section 4, item 4)."""
    return (1.0 - occupancy) ** (1 << order)
