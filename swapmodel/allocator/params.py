"""Typed records for the simulator: the swap space's policy and the parameters of each workload.

Every record checks its fields when it is built (types, ranges, whole numbers) and estimates the
memory a run will allocate, so that bad input ends in a ParameterError naming the field and its
allowed range before anything large is allocated. The allocator knows nothing of the design
catalogue: `swapmodel.analysis.simulate` maps a design to its `SpacePolicy`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields

import numpy as np

from swapmodel.allocator.core import MIB_PAGES, PMD_ORDER
from swapmodel.base.errors import ParameterError, check_choice
from swapmodel.base.geometry import MIB_BYTES, SWAPFILE_CLUSTER_SLOTS
from swapmodel.base.memory import check_memory

MAX_DEVICE_MIB = float(1 << 24)
"""16 TiB: the largest simulated device. Cluster indices are int32 in the compiled core, and the
memory guard refuses long before this on a 24 GiB machine."""
MAX_SEED = 2**63 - 1
RULES = ("linux-6.18", "linux-6.12")
WRITEBACK = ("in_place", "backing", "none")
LIFETIMES = ("exponential", "lognormal", "fixed")
WORKLOADS = ("tools-mm", "kernel-selftest")
BACKINGS = ("zram", "disk")


def _whole(name: str, value, low: int, high: int) -> int:
    """`value` as an int in [low, high]; bools, non-integral numbers and non-numbers are errors."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ParameterError(f"{name}={value!r} must be a whole number in [{low}, {high}]")
    if not math.isfinite(value) or float(value) != int(value):
        raise ParameterError(f"{name}={value!r} must be a whole number in [{low}, {high}]")
    if not low <= int(value) <= high:
        raise ParameterError(f"{name}={value!r} is outside the allowed range [{low}, {high}]")
    return int(value)


def _real(name: str, value, low: float, high: float, low_open: bool = False) -> float:
    """`value` as a finite float in [low, high] (or (low, high] with `low_open`)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ParameterError(f"{name}={value!r} must be a number in {'(' if low_open else '['}{low:g}, {high:g}]")
    v = float(value) + 0.0  # -0.0 becomes 0.0
    if not math.isfinite(v) or v > high or v < low or (low_open and v == low):
        raise ParameterError(f"{name}={value!r} is outside the allowed range {'(' if low_open else '['}{low:g}, {high:g}]")
    return v


def _flag(name: str, value) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise ParameterError(f"{name}={value!r} must be True or False")
    return bool(value)


def _pages(name: str, mib: float) -> int:
    """Whole 4 KiB pages in `mib` MiB; an error when `mib` is not a whole number of pages."""
    pages = mib * MIB_PAGES
    if not float(pages).is_integer():
        raise ParameterError(f"{name}={mib!r} MiB is not a whole number of 4 KiB pages")
    return int(pages)


@dataclass(frozen=True)
class SpacePolicy:
    """What the simulated swap space is, as far as the allocator is concerned.

    Parameters
    ----------
    dynamic : bool
        True when clusters are mapped on demand and unmapped when free (virtual swap, the dynamic
        ghost swapfile); False for a static device of fixed size with a header slot.
    writeback : {"in_place", "backing", "none"}
        What happens to the oldest zswap entry when the pool is full: written to the slot it
        already holds (a static device), to a newly allocated order-0 slot of a backing device
        (virtual designs), or never (Chris Li's ghost swapfile, whose store is then rejected).
    zswap : bool
        The design can keep entries in zswap.
    disk : bool
        The design can keep entries on a slot of its own swap space without zswap.
    virtual_over_physical : bool
        A swap-out without zswap takes a virtual slot at unmap (a dynamic space) and a physical
        slot of the folio's order at writeout on the physical device; a large folio that finds
        none is reactivated, not split (vswap). False: the churn runs on the physical device.
    shared_cluster_cache : bool
        The virtual and the physical device share one per-CPU cluster cache per order, as two
        swapfile.c devices share 6.18's percpu_swap_cluster (si[order], offset[order]).
    """

    dynamic: bool = False
    writeback: str = "in_place"
    zswap: bool = True
    disk: bool = True
    virtual_over_physical: bool = False
    shared_cluster_cache: bool = False

    def __post_init__(self):
        for name in ("dynamic", "zswap", "disk", "virtual_over_physical", "shared_cluster_cache"):
            _flag(name, getattr(self, name))
        check_choice("writeback", self.writeback, WRITEBACK)


@dataclass(frozen=True)
class ChurnParams:
    """The churn workload (Barry Song's thp_swap_allocator_test, generalised to order k).

    Parameters
    ----------
    workload : {"tools-mm", "kernel-selftest"}
        "tools-mm": the program mainline carries as tools/mm/thp_swap_allocator_test.c (since
        v6.11): warm-up, then per iteration swap-in, MADV_DONTNEED and refault, pageout.
        "kernel-selftest": the version posted to selftests/mm on 2024-06-20: the region starts
        untouched, no swap-in; per iteration random chunks are DONTNEED'd and rewritten, then paged out.
    device_mib : float
        Size of the swap device in MiB, (0, 16 TiB]; whole 4 KiB pages. For a dynamic space the
        physical capacity is `dynamic_cap_mib` instead.
    region_mib : float
        Working set of order-`order` folios in MiB, (0, 16 TiB]; whole folios.
    order : int
        mTHP order of the large folios, 0 to 9 (4 is 64 KiB).
    iterations : int
        Churn iterations after the warm-up, 1 to 100,000.
    seed : int
        Seed of the run's `numpy.random.SeedSequence`, 0 to 2**63 - 1.
    aligned : bool
        Swap in whole aligned 2**order-page chunks instead of single pages.
    small_mib : float
        Size of the small-folio (order 0) region in MiB, [0, 16 TiB]; 0 for none.
    rules : {"linux-6.18", "linux-6.12"}
        Allocator rule set of mm/swapfile.c.
    mthp_swapin : bool
        A chunk whose slots form one aligned run swaps in as one large folio.
    swapin_mib, dontneed_mib, small_swapin_mib : float
        Bytes swapped in, freed (MADV_DONTNEED) and swapped in (tools-mm) or DONTNEED'd and
        rewritten (kernel-selftest) in the small region per iteration, in MiB, [0, 16 TiB]
        (16, 16 and 1 MiB in tools/mm; 0, 16 and 0.75 MiB in the selftest). Both free the slot of a
        small page and leave it resident, which is all the allocator sees.
    dynamic_cap_mib : float or None
        Largest virtual space a two-layer design may map, in MiB; None: 8 times the working set.
    snapshot_every : int
        Keep the per-cluster occupancy every this many iterations, 0 (never) to `iterations`.
    n_cpus : int
        CPUs that reclaim, 1 to 64: 512-page reclaim batches run on CPU 0, 1, ..., each with its
        own per-CPU cluster cache (and, under 6.12 rules, swap slots cache).
    backing : {"zram", "disk"}
        The physical device. zram is SWP_SYNCHRONOUS_IO: only it swaps in whole large folios
        (`mthp_swapin`); for the allocator the two are otherwise alike in this workload (each
        swap-in is a write fault that frees the slot).
    swap_slots_cache : bool
        6.12 rules: order-0 slots come through the per-CPU swap slots cache (mm/swap_slots.c, as
        in the kernel until 6.14); False leaves it out (for comparison only).
    shared_cluster_cache : bool or None
        Two-layer designs: whether the virtual and the physical device share one per-CPU cluster
        cache per order (an allocation on one layer then evicts the other layer's cached
        cluster); None: as the design does (SpacePolicy.shared_cluster_cache).
    """

    workload: str = "tools-mm"
    device_mib: float = 64
    region_mib: float = 60
    order: int = 4
    iterations: int = 100
    seed: int = 1
    aligned: bool = False
    small_mib: float = 0
    rules: str = "linux-6.18"
    mthp_swapin: bool = False
    swapin_mib: float = 16
    dontneed_mib: float = 16
    small_swapin_mib: float = 1
    dynamic_cap_mib: float | None = None
    snapshot_every: int = 0
    n_cpus: int = 1
    backing: str = "zram"
    shared_cluster_cache: bool | None = None
    swap_slots_cache: bool = True

    def __post_init__(self):
        set_ = object.__setattr__
        check_choice("workload", self.workload, WORKLOADS)
        check_choice("backing", self.backing, BACKINGS)
        set_(self, "n_cpus", _whole("n_cpus", self.n_cpus, 1, 64))
        set_(self, "swap_slots_cache", _flag("swap_slots_cache", self.swap_slots_cache))
        if self.shared_cluster_cache is not None:
            set_(self, "shared_cluster_cache", _flag("shared_cluster_cache", self.shared_cluster_cache))
        set_(self, "device_mib", _real("device_mib", self.device_mib, 0, MAX_DEVICE_MIB, low_open=True))
        set_(self, "region_mib", _real("region_mib", self.region_mib, 0, MAX_DEVICE_MIB, low_open=True))
        set_(self, "order", _whole("order", self.order, 0, PMD_ORDER))
        set_(self, "iterations", _whole("iterations", self.iterations, 1, 100_000))
        set_(self, "seed", _whole("seed", self.seed, 0, MAX_SEED))
        for name in ("aligned", "mthp_swapin"):
            set_(self, name, _flag(name, getattr(self, name)))
        if self.mthp_swapin and self.backing != "zram":
            raise ParameterError(f"mthp_swapin=True needs backing='zram' (large folios swap in only from "
                                 f"SWP_SYNCHRONOUS_IO devices), not backing={self.backing!r}")
        for name in ("small_mib", "swapin_mib", "dontneed_mib", "small_swapin_mib"):
            set_(self, name, _real(name, getattr(self, name), 0, MAX_DEVICE_MIB))
        check_choice("rules", self.rules, RULES)
        if self.dynamic_cap_mib is not None:
            set_(self, "dynamic_cap_mib", _real("dynamic_cap_mib", self.dynamic_cap_mib, 0, MAX_DEVICE_MIB, low_open=True))
        set_(self, "snapshot_every", _whole("snapshot_every", self.snapshot_every, 0, self.iterations))
        for name in ("device_mib", "region_mib", "small_mib", "swapin_mib", "dontneed_mib", "small_swapin_mib"):
            _pages(name, getattr(self, name))
        if self.region_pages % (1 << self.order):
            raise ParameterError(f"region_mib={self.region_mib!r} is not a whole number of order-{self.order} folios")

    @property
    def region_pages(self) -> int:
        return _pages("region_mib", self.region_mib)

    @property
    def small_pages(self) -> int:
        return _pages("small_mib", self.small_mib)

    def capacity_pages(self, policy: SpacePolicy) -> int:
        """Slots of the physical device. A one-layer device must hold the working set (it cannot
        grow); under a virtual layer a smaller device only means more reactivations."""
        device = _pages("device_mib", self.device_mib)
        working = self.region_pages + self.small_pages
        if not policy.virtual_over_physical and working > device:
            raise ParameterError(
                f"region_mib + small_mib = {self.region_mib + self.small_mib:g} MiB is larger than "
                f"device_mib={self.device_mib:g} and a static device cannot grow; allowed: at most device_mib")
        return device

    def virtual_pages(self, policy: SpacePolicy) -> int:
        """Slots the virtual space may map (two-layer designs), 0 otherwise."""
        if not policy.virtual_over_physical:
            return 0
        working = self.region_pages + self.small_pages
        cap = self.dynamic_cap_mib if self.dynamic_cap_mib is not None else 8 * (self.region_mib + self.small_mib)
        return max(_pages("dynamic_cap_mib", min(cap, MAX_DEVICE_MIB)), working + SWAPFILE_CLUSTER_SLOTS)

    def picks_per_iteration(self) -> tuple[int, int, int]:
        """Random picks drawn per iteration: pages (or aligned chunks) swapped in, chunks freed,
        small-region pages swapped in."""
        nr = 1 << self.order
        if self.workload == "kernel-selftest":
            swapin = 0
        else:
            swapin = _pages("swapin_mib", self.swapin_mib) // (nr if self.aligned else 1)
        return (swapin,
                _pages("dontneed_mib", self.dontneed_mib) // nr,
                _pages("small_swapin_mib", self.small_swapin_mib) if self.small_pages else 0)

    def memory_bytes(self, policy: SpacePolicy) -> int:
        """Estimated peak bytes the run allocates: per slot of the device and of the virtual space
        (slot state 1 B, two bitmaps 0.25 B, cluster table 20/512 B, counts for snapshots; virtual
        to physical map 8 B), per page of the region (slot map 8 B, held virtual slot 8 B per
        chunk), and the pre-drawn picks of every iteration (8 B each)."""
        virtual = self.virtual_pages(policy)
        slots = self.capacity_pages(policy) + virtual
        picks_per_iteration = sum(self.picks_per_iteration())
        snapshots = (self.iterations // self.snapshot_every if self.snapshot_every else 0) + 1
        clusters = -(-slots // SWAPFILE_CLUSTER_SLOTS)
        return int(slots * 1.25 + 8 * virtual + clusters * (20 + 8 * snapshots)
                   + 8 * (self.region_pages + self.small_pages) + 8 * self.iterations * picks_per_iteration)


@dataclass(frozen=True)
class SteadyParams:
    """The steady-state workload: one folio swap-out per event, freed when its lifetime ends.

    Parameters
    ----------
    device_mib : float
        Swap device in MiB, (0, 16 TiB]; whole pages. Lifetimes are scaled so that live pages
        settle near `target_fill` of it.
    rules : {"linux-6.18", "linux-6.12"}
        Allocator rule set.
    n_cpus : int
        CPUs, 1 to 1024; events go to CPUs in turn, each with its per-CPU cluster cache.
    order_mix : dict of int to float
        Folio order (0 to 9) -> share of swapped-out folios; shares >= 0 summing to 1.
    target_fill : float
        Share of the device that live pages settle at, [0, 1].
    lifetime : {"exponential", "lognormal", "fixed"}
        Distribution of folio lifetimes, in events.
    lifetime_sigma : float
        Shape of the lognormal lifetime, (0, 10].
    page_free_fraction : float
        Share of folios freed page by page over their lifetime (order-0 swap-in), [0, 1].
    cache_only_fraction : float
        Share of page-by-page frees that leave the slot in the swap cache only, [0, 1].
    cache_lifetime_events : int
        Events a cache-only slot stays pinned, 1 to 10**9.
    events : int
        Folio swap-outs, 1 to 10**9 (the memory guard bounds it further).
    window : int
        Events per statistics window and occupancy snapshot, 1 to `events`.
    seed : int
        Seed of the run's SeedSequence, 0 to 2**63 - 1.
    zswap_pool_mib : float
        zswap pool limit in MiB, [0, 16 TiB]; 0 means no zswap (pages go to the device).
    backing_mib : float or None
        Backing device for virtual designs' writeback, MiB; None: `device_mib`.
    dynamic_cap_mib : float or None
        Largest space a dynamic design may map, MiB; None: 8 times `device_mib`.
    writeback_batch_order : int
        Batched contiguous writeback to the backing device, 0 to 9: 0 writes zswap entries back
        one page at a time (zswap's shrinker); k > 0 writes an aligned run of 2**k virtual entries
        still in zswap back into one order-k backing allocation.
    """

    device_mib: float = 1024
    rules: str = "linux-6.18"
    n_cpus: int = 2
    order_mix: dict = field(default_factory=lambda: {0: 0.5, 4: 0.5})
    target_fill: float = 0.8
    lifetime: str = "exponential"
    lifetime_sigma: float = 1.0
    page_free_fraction: float = 0.5
    cache_only_fraction: float = 0.0
    cache_lifetime_events: int = 1000
    events: int = 200_000
    window: int = 20_000
    seed: int = 1
    zswap_pool_mib: float = 0
    backing_mib: float | None = None
    dynamic_cap_mib: float | None = None
    writeback_batch_order: int = 0

    def __post_init__(self):
        set_ = object.__setattr__
        set_(self, "device_mib", _real("device_mib", self.device_mib, 0, MAX_DEVICE_MIB, low_open=True))
        set_(self, "writeback_batch_order", _whole("writeback_batch_order", self.writeback_batch_order, 0,
                                                   PMD_ORDER))
        _pages("device_mib", self.device_mib)
        check_choice("rules", self.rules, RULES)
        set_(self, "n_cpus", _whole("n_cpus", self.n_cpus, 1, 1024))
        set_(self, "order_mix", _order_mix(self.order_mix))
        for name in ("target_fill", "page_free_fraction", "cache_only_fraction"):
            set_(self, name, _real(name, getattr(self, name), 0.0, 1.0))
        check_choice("lifetime", self.lifetime, LIFETIMES)
        set_(self, "lifetime_sigma", _real("lifetime_sigma", self.lifetime_sigma, 0.0, 10.0, low_open=True))
        set_(self, "cache_lifetime_events", _whole("cache_lifetime_events", self.cache_lifetime_events, 1, 10**9))
        set_(self, "events", _whole("events", self.events, 1, 10**9))
        set_(self, "window", _whole("window", self.window, 1, self.events))
        set_(self, "seed", _whole("seed", self.seed, 0, MAX_SEED))
        set_(self, "zswap_pool_mib", _real("zswap_pool_mib", self.zswap_pool_mib, 0, MAX_DEVICE_MIB))
        _pages("zswap_pool_mib", self.zswap_pool_mib)
        for name in ("backing_mib", "dynamic_cap_mib"):
            if getattr(self, name) is not None:
                set_(self, name, _real(name, getattr(self, name), 0, MAX_DEVICE_MIB, low_open=True))
                _pages(name, getattr(self, name))

    @property
    def device_pages(self) -> int:
        return _pages("device_mib", self.device_mib)

    @property
    def pool_pages(self) -> int:
        return _pages("zswap_pool_mib", self.zswap_pool_mib)

    def capacity_pages(self, policy: SpacePolicy) -> int:
        if not policy.dynamic:
            return self.device_pages
        cap = self.dynamic_cap_mib if self.dynamic_cap_mib is not None else min(8 * self.device_mib, MAX_DEVICE_MIB)
        return _pages("dynamic_cap_mib", cap)

    def backing_pages(self, policy: SpacePolicy) -> int:
        if self.pool_pages and policy.writeback == "backing":
            return _pages("backing_mib", self.backing_mib if self.backing_mib is not None else self.device_mib)
        return SWAPFILE_CLUSTER_SLOTS

    def memory_bytes(self, policy: SpacePolicy) -> int:
        """Estimated peak bytes: per event the drawn trace (order 8 B, CPU 8 B, lifetime 8 B, flag
        1 B, float draws 16 B); per slot of the space and the backing device the allocator state
        (1.25 B), the slot metadata (4 B), the free calendar (48 B per record slot, two per slot)
        and the backing map (8 B with zswap); per window the snapshots (16 B per cluster); the
        zswap LRU (12 B per page swapped out, with zswap)."""
        slots = self.capacity_pages(policy)
        back = self.backing_pages(policy)
        n_windows = -(-self.events // self.window)
        clusters = -(-slots // SWAPFILE_CLUSTER_SLOTS) + -(-back // SWAPFILE_CLUSTER_SLOTS)
        mean_pages = sum(w * (1 << o) for o, w in self.order_mix.items())
        lru = 12 * self.events * mean_pages if self.pool_pages else 0
        return int(self.events * 41 + (slots + back) * 1.25 + slots * (4 + 48 + (8 if self.pool_pages else 0))
                   + clusters * 20 + n_windows * clusters * 20 + lru)


def _order_mix(order_mix) -> dict[int, float]:
    """{order: share}: orders whole numbers in [0, 9], shares finite, >= 0, summing to 1."""
    if not isinstance(order_mix, dict) or not order_mix:
        raise ParameterError(f"order_mix={order_mix!r} must be a non-empty mapping of order (0 to {PMD_ORDER}) to share")
    out = {}
    for o, w in order_mix.items():
        order = _whole("order_mix order", o, 0, PMD_ORDER)
        out[order] = out.get(order, 0.0) + _real(f"order_mix[{order}]", w, 0.0, 1.0)
    if not math.isclose(sum(out.values()), 1.0, abs_tol=1e-9):
        raise ParameterError(f"order_mix: shares must sum to 1 (got {sum(out.values()):g})")
    return out


def from_kwargs(record, kwargs: dict):
    """Build `record` (a params class) from keyword arguments; unknown names are a ParameterError."""
    names = {f.name for f in fields(record)}
    unknown = sorted(set(kwargs) - names)
    if unknown:
        raise ParameterError(f"{unknown} are not parameters of {record.__name__}; it takes: {', '.join(sorted(names))}")
    return record(**kwargs)


GUARD_FACTOR = 1.3
GUARD_FIXED_BYTES = 64 * MIB_BYTES
"""Margin of the memory guard over `memory_bytes()`: measured peaks (ru_maxrss) of three runs were
67, 389 and 710 MiB against raw estimates of 10, 292 and 631 MiB (temporaries of numpy's drawing
and ~50 MiB of loaded compiled code), all inside 1.3 x estimate + 64 MiB."""


def guard(params, policy: SpacePolicy) -> int:
    """Refuse a run whose estimated memory, with the measured margin, exceeds what is available
    (see base.memory); return the guarded estimate in bytes."""
    return check_memory(type(params).__name__, int(GUARD_FACTOR * params.memory_bytes(policy) + GUARD_FIXED_BYTES))
