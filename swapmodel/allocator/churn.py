"""The churn workloads of Barry Song's thp_swap_allocator_test, generalised to order k, compiled.

Two versions of the program exist, and each is a workload here:

- "tools-mm": tools/mm/thp_swap_allocator_test.c, the version mainline carries since v6.11 (V2,
  https://lore.kernel.org/r/20240622071231.576056-1-21cnbao@gmail.com; read in torvalds/linux at
  v6.11-rc2). A region of order-k folios is paged out once (warm-up); then each iteration
  steps 1-4 below.
- "kernel-selftest": the version posted to tools/testing/selftests/mm on 2024-06-20
  (https://lore.kernel.org/r/20240620002648.75204-1-21cnbao@gmail.com), never merged in that
  form. No warm-up and no swap-in: the region starts untouched (a posix_memalign() mapping), and
  each iteration does steps 2 (the DONTNEED'd chunk is rewritten, so an untouched chunk becomes a
  new folio), 3 (with -s: 192 random 4 KiB DONTNEED + rewrite in a 1 MiB NOHUGEPAGE region) and 4;
  untouched pages are never paged out.

Each iteration of "tools-mm":
1. swaps in `swapin_pages` random pages (with replacement): page by page, or with `aligned` in whole
   aligned 2**k-page chunks; a swapped-in page frees its slot at once, as the zram
   (SWP_SYNCHRONOUS_IO) path does; with `mthp_swapin` a chunk whose slots are one aligned run comes
   back as one large folio (Barry Song's "large folios swap-in for sync io devices");
2. frees `dontneed_chunks` random chunks (MADV_DONTNEED) and refaults each as a new order-k folio;
3. swaps in pages of the optional small-folio region;
4. pages out everything resident (MADV_PAGEOUT), in address order, 512 pages per reclaim_pages()
   batch (one PMD range, mm/madvise.c); a large folio that gets no slots is split: its head retries
   at order 0 at once and its tails join the end of the batch (shrink_folio_list() in mm/vmscan.c).
"""

from __future__ import annotations

from collections import namedtuple
from dataclasses import dataclass, field

import numpy as np
from numba import njit

from swapmodel.allocator import core
from swapmodel.allocator.params import ChurnParams, SpacePolicy, guard
from swapmodel.base.geometry import PAGES_PER_MIB

# stats columns per iteration
S_SWPOUT, S_FALLBACK, S_ORDER0, S_NOSPACE = 0, 1, 2, 3
S_REACTIVATED, S_REACTIVATED_PAGES = 4, 5      # two layers: folios kept in memory, pages reclaimed again
S_THRASH, S_ALLOCS = 6, 7                      # cached clusters evicted by the other layer; allocator calls
S_THP_SWAPIN, S_THP_SWAPIN_DENIED = 8, 9       # mthp_swapin: chunks back as one folio / page by page
S_VIRTUAL_CLUSTERS, S_PHYSICAL_CLUSTERS = 10, 11  # clusters in use at the end of the iteration
N_STATS = 12
BATCH_PAGES = 512
RESIDENT = -1
"""Page-to-slot map value of a page in memory (any value >= 0 is the slot of a swapped page)."""
UNTOUCHED = -2
"""Page-to-slot map value of a page never written (kernel-selftest: nothing to page out)."""
HELD = -3
"""Map values HELD - v (<= HELD): an order-0 page in memory that keeps virtual slot v, reactivated
because the physical device had no slot (rule no_physical_slot = "reactivate")."""
PHYSICAL, VIRTUAL = 0, 1
"""Layer ids in the shared per-CPU cluster cache."""

# The compiled functions take grouped records (Space, Region, Knobs, Picks, below) and unpack them
# where they use them. They run without numba's reference counting (_nrt=False, as in core), so
# that reading an array out of a record costs no atomic increment; every array they use is
# allocated by run_churn() and kept alive by it for the call.

Space = namedtuple("Space", "phys virt v2p vheld owner clock queue")
"""The swap space of a churn run: the physical device (`core.Dev`); for a two-layer design the
virtual space over it (a dynamic `core.Dev`; a one-cluster dummy otherwise), the physical slot
behind each virtual slot (`v2p`, -1: none), the virtual slots a reactivated chunk still holds
(`vheld`, per chunk of the region, -1: none); per CPU and order the layer that last used the
shared per-CPU cluster cache (`owner`); the count of reclaim batches so far (`clock[0]`),
which picks the CPU of the next batch; and the folio list of one reclaim batch (`queue`: page,
order; 2 x 1024), allocated here so that the compiled code allocates nothing."""
Region = namedtuple("Region", "slots large small_slots small_large")
"""The memory the test maps: per page of the order-k region its slot (>= 0), RESIDENT or
UNTOUCHED; per chunk whether it is one resident large folio; per page of the small-folio region
its slot or state, and its (empty) large-folio flags."""
Knobs = namedtuple("Knobs", "layered shared order aligned mthp_swapin reactivate0")
"""Scalars of a churn run: two layers; the layers share the per-CPU cluster cache; the region's
folio order; aligned swap-in; large-folio swap-in (see ChurnParams); an order-0 page that finds no
physical slot is reactivated and keeps its virtual slot (SpacePolicy.no_physical_slot)."""
Picks = namedtuple("Picks", "swapin dontneed small_swapin")
"""Random picks per iteration (one row each): pages or aligned chunks swapped in, chunks freed and
refaulted, small-region pages swapped in; drawn in Python from the run's SeedSequence."""


@njit(cache=True, inline="always", _nrt=False)
def _claim(owner, dev, cpu, order, layer, shared, st):
    """6.18's percpu_swap_cluster keeps one (si, offset) per CPU and order for all devices: when
    `layer` allocates after the other one did, its own cached offset is gone (a thrash event if
    it still pointed into a usable cluster). `st` is the iteration's row of counters."""
    if shared and owner[cpu, order] != layer:
        if dev.pcp[cpu, order] >= 0:
            st[S_THRASH] += 1
        core.drop_cached_cluster(dev, cpu, order)
        owner[cpu, order] = layer


@njit(cache=True, inline="always", _nrt=False)
def _release(space, layered, start, nr):
    """Free `nr` entries from map value `start` (one cluster): the physical slots, and with two
    layers first the physical slots behind the virtual ones (one swap_entries_free() call per
    contiguous run)."""
    if not layered:
        core.swap_entries_free(space.phys, start, nr)
        return
    v2p = space.v2p
    i = 0
    while i < nr:
        ps = v2p[start + i]
        j = i + 1
        while (j < nr and ps >= 0 and v2p[start + j] == ps + (j - i)
               and ((ps + (j - i)) >> core.CLUSTER_SHIFT) == (ps >> core.CLUSTER_SHIFT)):
            j += 1
        if ps >= 0:
            core.swap_entries_free(space.phys, ps, j - i)
        for k in range(i, j):
            v2p[start + k] = -1
        i = j
    core.swap_entries_free(space.virt, start, nr)


@njit(cache=True, inline="always", _nrt=False)
def _swapin_page(space, knobs, slots, large, p, st):
    """A write fault on page `p` of the region: its slot is freed at once (SWP_SYNCHRONOUS_IO);
    with `mthp_swapin` a chunk whose slots are one aligned run comes back as one large folio. A
    reactivated order-0 page still in the swap cache keeps its virtual slot until this write fault,
    which frees it (do_swap_page(): should_try_to_free_swap() on a write fault, mm/memory.c v6.18)."""
    if slots[p] < 0:
        if slots[p] <= HELD:
            core.swap_entries_free(space.virt, HELD - slots[p], 1)
            slots[p] = RESIDENT
        return
    order = knobs.order
    nr = 1 << order
    chunk = p >> order
    base = chunk << order
    if knobs.mthp_swapin and order > 0:
        first = slots[base]
        run = first >= 0 and first % nr == 0
        for i in range(1, nr):
            if slots[base + i] != first + i:
                run = False
                break
        if run:
            st[S_THP_SWAPIN] += 1
            _release(space, knobs.layered, first, nr)
            for i in range(nr):
                slots[base + i] = RESIDENT
            large[chunk] = True
            return
        st[S_THP_SWAPIN_DENIED] += 1
    _release(space, knobs.layered, slots[p], 1)
    slots[p] = RESIDENT


@njit(cache=True, _nrt=False)
def _free_chunk(space, layered, slots, chunk, nr):
    """MADV_DONTNEED of chunk `chunk` (`nr` pages): free its swapped pages, one call per
    contiguous run (free_swap_and_cache_nr), and the virtual slots a reactivated folio still holds."""
    base = chunk * nr
    i = 0
    while i < nr:
        s = slots[base + i]
        if s < 0:
            if s <= HELD:  # a reactivated page's virtual slot
                core.swap_entries_free(space.virt, HELD - s, 1)
                slots[base + i] = RESIDENT
            i += 1
            continue
        j = i + 1
        while j < nr and slots[base + j] == s + (j - i) and ((s + (j - i)) >> core.CLUSTER_SHIFT) == (s >> core.CLUSTER_SHIFT):
            j += 1
        _release(space, layered, s, j - i)
        for k in range(i, j):
            slots[base + k] = RESIDENT
        i = j
    vheld = space.vheld
    if layered and vheld.size and vheld[chunk] >= 0:
        core.swap_entries_free(space.virt, vheld[chunk], nr)
        vheld[chunk] = -1


@njit(cache=True, inline="always", _nrt=False)
def _swap_out_large_folio(space, knobs, slots, large, p, order, cpu, st):
    """shrink_folio_list() (mm/vmscan.c) for the large folio at page `p`: folio_alloc_swap() of
    its order. One layer: the folio leaves whole or gets no slots (swpout_fallback). Two layers: a
    virtual slot at unmap (kept from an earlier reactivation if it has one), then a physical slot
    of the same order at writeout; no physical slot reactivates the folio, which keeps its virtual
    slots; no virtual slot falls back.

    Returns
    -------
    bool
        False when the folio gets no slots and must be split (the caller's order-0 fallback).
    """
    c = p >> order
    large[c] = False
    if knobs.layered:
        vheld = space.vheld
        v = vheld[c]
        if v < 0:
            _claim(space.owner, space.virt, cpu, order, VIRTUAL, knobs.shared, st)
            st[S_ALLOCS] += 1
            v = core.folio_alloc_swap(space.virt, order, cpu)
        if v >= 0:
            _claim(space.owner, space.phys, cpu, order, PHYSICAL, knobs.shared, st)
            st[S_ALLOCS] += 1
            s = core.folio_alloc_swap(space.phys, order, cpu)
            if s >= 0:
                v2p = space.v2p
                for i in range(1 << order):
                    slots[p + i] = v + i
                    v2p[v + i] = s + i
                vheld[c] = -1
                st[S_SWPOUT] += 1
            else:
                vheld[c] = v
                large[c] = True
                st[S_REACTIVATED] += 1
                st[S_REACTIVATED_PAGES] += 1 << order
            return True
    else:
        st[S_ALLOCS] += 1
        s = core.folio_alloc_swap(space.phys, order, cpu)
        if s >= 0:
            for i in range(1 << order):
                slots[p + i] = s + i
            st[S_SWPOUT] += 1
            return True
    st[S_FALLBACK] += 1
    return False


@njit(cache=True, inline="always", _nrt=False)
def _swap_out_page(space, knobs, slots, p, cpu, st):
    """The order-0 swap-out of page `p` (a small folio, or a page of a split large one): one slot,
    or with two layers a virtual and then a physical one; no slot leaves the page in memory
    (nospace). With two layers and no physical slot, the page either gives its virtual slot back
    (the former assumption) or, as vswap's code does for every order, is reactivated and keeps it
    for the next reclaim (knobs.reactivate0: swap_writeout() returns AOP_WRITEPAGE_ACTIVATE when
    vswap_alloc_swap_slot() finds no slot of the folio's order, mm/page_io.c in PATCH v3 14/20,
    https://lore.kernel.org/all/20260208215839.87595-15-nphamcs@gmail.com/; v6 the same,
    intel-lab-lkp/linux mm/vswap.c at 03fb548d5974, vswap_alloc_swap_slot; vswap-ste-v2 RFC v2 2/7
    swap_writeout)."""
    if knobs.layered:
        held = slots[p] <= HELD
        if held:
            v = HELD - slots[p]
        else:
            _claim(space.owner, space.virt, cpu, 0, VIRTUAL, knobs.shared, st)
            st[S_ALLOCS] += 1
            v = core.folio_alloc_swap(space.virt, 0, cpu)
        if v >= 0:
            _claim(space.owner, space.phys, cpu, 0, PHYSICAL, knobs.shared, st)
            st[S_ALLOCS] += 1
            s = core.folio_alloc_swap(space.phys, 0, cpu)
            if s >= 0:
                slots[p] = v
                space.v2p[v] = s
                st[S_ORDER0] += 1
                return
            if knobs.reactivate0:
                slots[p] = HELD - v
                st[S_REACTIVATED_PAGES] += 1
            else:
                core.swap_entries_free(space.virt, v, 1)
        st[S_NOSPACE] += 1
        return
    st[S_ALLOCS] += 1
    s = core.folio_alloc_swap(space.phys, 0, cpu)
    if s >= 0:
        slots[p] = s
        st[S_ORDER0] += 1
    else:
        st[S_NOSPACE] += 1


@njit(cache=True, _nrt=False)
def _pageout(space, knobs, slots, large, order, st):
    """MADV_PAGEOUT over a region of order-`order` folios (`slots`, `large` per chunk): per
    512-page batch (one PMD range, on the next CPU in turn), every resident folio in address
    order. A large folio that gets no slots is split: its head retries at order 0 at once and its
    tails join the end of the batch (shrink_folio_list() in mm/vmscan.c)."""
    n_pages = slots.size
    nr = 1 << order
    n_cpus = space.phys.pcp.shape[0]
    clock = space.clock
    queue_page, queue_order = space.queue[0], space.queue[1]
    for start in range(0, n_pages, BATCH_PAGES):
        cpu = clock[0] % n_cpus
        clock[0] += 1
        end = min(start + BATCH_PAGES, n_pages)
        n = 0
        p = start
        while p < end:
            if order > 0 and large[p >> order]:
                queue_page[n] = p
                queue_order[n] = order
                n += 1
                p += nr
                continue
            if slots[p] == RESIDENT or slots[p] <= HELD:
                queue_page[n] = p
                queue_order[n] = 0
                n += 1
            p += 1
        q = 0
        while q < n:
            p, o = queue_page[q], queue_order[q]
            q += 1
            if o > 0:
                if _swap_out_large_folio(space, knobs, slots, large, p, o, cpu, st):
                    continue
                for i in range(1, 1 << o):
                    queue_page[n] = p + i
                    queue_order[n] = 0
                    n += 1
            _swap_out_page(space, knobs, slots, p, cpu, st)


@njit(cache=True, _nrt=False)
def _clusters_in_use(cl):
    """Clusters holding slots, or pinned empty by a CPU's cache (vswap rules: still mapped)."""
    n = 0
    for ci in range(cl.shape[0]):
        if cl[ci, core.C_COUNT] > 0 or cl[ci, core.C_FLAGS] & core.F_CACHED:
            n += 1
    return n


@njit(cache=True, _nrt=False)
def iterate(space, knobs, region, picks, stats, row0):
    """One churn iteration per row of the pick arrays; counters go to rows row0, row0 + 1, ...
    of `stats` (row 0 with row0 = 0 and no picks: the tools-mm warm-up, which pages out the
    whole region)."""
    slots, large, small_slots, no_large = region
    swapin, dontneed, small_swapin = picks
    order = knobs.order
    nr = 1 << order
    for it in range(max(swapin.shape[0], 1)):
        st = stats[row0 + it]
        if swapin.shape[0]:
            for pick in swapin[it]:
                if knobs.aligned:
                    for i in range(nr):
                        _swapin_page(space, knobs, slots, large, pick * nr + i, st)
                else:
                    _swapin_page(space, knobs, slots, large, pick, st)
            for c in dontneed[it]:
                _free_chunk(space, knobs.layered, slots, c, nr)
                for i in range(nr):  # rewritten: a new folio
                    slots[c * nr + i] = RESIDENT
                large[c] = order > 0
            for p in small_swapin[it]:
                if small_slots[p] >= 0:
                    _release(space, knobs.layered, small_slots[p], 1)
                elif small_slots[p] <= HELD:  # DONTNEED'd or rewritten: its held virtual slot freed
                    core.swap_entries_free(space.virt, HELD - small_slots[p], 1)
                small_slots[p] = RESIDENT
        _pageout(space, knobs, slots, large, order, st)
        _pageout(space, knobs, small_slots, no_large, 0, st)
        st[S_PHYSICAL_CLUSTERS] = _clusters_in_use(space.phys.cl)
        if knobs.layered:
            st[S_VIRTUAL_CLUSTERS] = _clusters_in_use(space.virt.cl)


def device_summary(d, folio_order: int = 0) -> dict:
    """Clusters by list and order, and slot use, of a simulated device (its occupancy summary), with
    its free space: free slots, free naturally aligned 2**folio_order runs, and the runs the same
    free slots would give if compacted (free slots // 2**folio_order)."""
    length = d.ls[:, core.H_LEN]
    lists = {"free": int(length[core.L_FREE]), "full": int(length[core.L_FULL])}
    for o in range(core.SWAP_NR_ORDERS):
        if length[core.L_NONFULL + o]:
            lists[f"nonfull[{o}]"] = int(length[core.L_NONFULL + o])
        if length[core.L_FRAG + o]:
            lists[f"frag[{o}]"] = int(length[core.L_FRAG + o])
    count, order = d.cl[:, core.C_COUNT], d.cl[:, core.C_ORDER]
    used = count > 0
    slot = core.slot_states(d)
    orders = {f"order {o}": int(np.count_nonzero(used & (order == o))) for o in range(core.SWAP_NR_ORDERS)
              if np.any(used & (order == o))}
    return {
        "clusters_by_list": lists,
        "used_clusters_by_order": orders,
        "used_clusters": int(np.count_nonzero(used)),
        "slots_in_use": int(d.g[core.G_INUSE]),
        "usable_slots": int(d.g[core.G_USABLE]),
        "entries_by_state": {"swapped (count > 0)": int(np.count_nonzero(slot == core.SLOT_USED)),
                             "swap cache only": int(np.count_nonzero(slot == core.SLOT_CACHE))},
        "free_slots": int(np.count_nonzero(slot == core.SLOT_FREE)),
        f"free_aligned_order{folio_order}_runs": int(np.count_nonzero(
            (slot.reshape(-1, 1 << folio_order) == core.SLOT_FREE).all(axis=1))),
        f"compacted_order{folio_order}_runs": int(np.count_nonzero(slot == core.SLOT_FREE)) >> folio_order,
    }


@dataclass
class ChurnRun:
    """Per-iteration counters and the final occupancy of a churn run: `cluster_counts[c]` live
    entries in cluster c of the space the design's entries live in (the virtual space for a
    two-layer design, else the device; the header slot excluded), and `snapshots`, a list of
    (iterations done, cluster counts). `physical_counts`: the physical device's clusters of a
    two-layer run (None for one layer)."""

    params: dict
    stats: np.ndarray
    final: dict
    cluster_counts: np.ndarray
    snapshots: list = field(default_factory=list)
    physical_counts: np.ndarray | None = None

    @property
    def layered(self) -> bool:
        return self.physical_counts is not None

    def iterations(self) -> list[dict]:
        """One row per iteration with the kernel's counter names (hugepages-<size>/stats: swpout,
        swpout_fallback) and the fallback share as the kernel's counters give it (swpout_fallback /
        (swpout + swpout_fallback)); `reactivated` counts large folios kept in memory because the
        physical device had no slot of their order (two layers only: swap_writeout() returns
        AOP_WRITEPAGE_ACTIVATE and neither counter moves). Over all large-folio swap-out attempts
        (whole, split or reactivated, which add up to 100 %): `reactivated_pct`,
        `split_of_attempts_pct` and `not_whole_pct`. The per-layer figures sit under `layers`."""
        rows = []
        for it in range(1, self.stats.shape[0]):
            st = self.stats[it]
            swpout, fallback = int(st[S_SWPOUT]), int(st[S_FALLBACK])
            total = swpout + fallback
            attempts = total + int(st[S_REACTIVATED])  # each large-folio swap-out: whole, split or reactivated
            row = {
                "iteration": it,
                "swpout": swpout,
                "swpout_fallback": fallback,
                "fallback_pct": 100.0 * fallback / total if total else 0.0,
                "reactivated": int(st[S_REACTIVATED]),
                "reactivated_pct": 100.0 * st[S_REACTIVATED] / attempts if attempts else 0.0,
                "split_of_attempts_pct": 100.0 * fallback / attempts if attempts else 0.0,
                "not_whole_pct": 100.0 * (fallback + st[S_REACTIVATED]) / attempts if attempts else 0.0,
                "order0_swpout": int(st[S_ORDER0]),
                "nospace_pages": int(st[S_NOSPACE]),
                "thp_swpin": int(st[S_THP_SWAPIN]),
                "thp_swpin_denied": int(st[S_THP_SWAPIN_DENIED]),
            }
            physical = {"clusters_in_use": int(st[S_PHYSICAL_CLUSTERS])}
            if self.layered:
                physical.update({"swpout": swpout, "swpout_fallback": 0, "reactivated": int(st[S_REACTIVATED]),
                                 "reclaimed_again_pages": int(st[S_REACTIVATED_PAGES]),
                                 "order0_slots": int(st[S_ORDER0])})
                row["layers"] = {"virtual": {"swpout": swpout + int(st[S_REACTIVATED]), "swpout_fallback": fallback,
                                             "clusters_mapped": int(st[S_VIRTUAL_CLUSTERS])},
                                 "physical": physical}
                row["cluster_cache_thrash"] = int(st[S_THRASH])
                row["allocator_calls"] = int(st[S_ALLOCS])
            else:
                row["layers"] = {"physical": physical}
            rows.append(row)
        return rows

    def to_json(self) -> dict:
        return {"params": self.params, "iterations": self.iterations(), "occupancy": self.final}


def _header_free(counts: np.ndarray, static: bool) -> np.ndarray:
    counts = counts.astype(np.int64)
    if static:
        counts[0] -= 1  # the header slot is no entry
    return counts


def run_churn(params: ChurnParams, policy: SpacePolicy) -> ChurnRun:
    """Run the churn workload `params` on the space of `policy`: a device of `device_mib` under
    the rules of `params.rules`, and for a `virtual_over_physical` design a dynamic virtual space
    over it (lowest free cluster id first, as xa_alloc() gives).

    All random picks are drawn up front from `numpy.random.default_rng(SeedSequence(params.seed))`
    and handed to the compiled loop, so a seed gives the same run on any executor. The run's
    memory is estimated and checked before anything is allocated (`params.memory_bytes`).
    """
    guard(params, policy)
    layered = policy.virtual_over_physical
    order, nr = params.order, 1 << params.order
    region_pages, small_pages = params.region_pages, params.small_pages
    rules = core.RULE_SETS[params.rules]
    d = core.new_device(params.capacity_pages(policy), n_cpus=params.n_cpus, rules=rules)
    if not params.swap_slots_cache:
        d.g[core.G_SLOTS_CACHE] = -1
    virtual_pages = params.virtual_pages(policy)
    v = core.new_device(max(virtual_pages, core.CLUSTER), n_cpus=params.n_cpus, dynamic=True,
                        **policy.virtual_device_rules(rules))
    v2p = np.full(virtual_pages if layered else 0, -1, np.int64)

    rng = np.random.default_rng(np.random.SeedSequence(params.seed))
    n_chunks = region_pages // nr
    n_swapin, n_dontneed, n_small = params.picks_per_iteration()
    iterations = params.iterations
    swapin = rng.integers(0, n_chunks if params.aligned else region_pages, size=(iterations, n_swapin))
    dontneed = rng.integers(0, n_chunks, size=(iterations, n_dontneed))
    small = rng.integers(0, max(small_pages, 1), size=(iterations, n_small))
    selftest = params.workload == "kernel-selftest"
    slots = np.full(region_pages, UNTOUCHED if selftest else RESIDENT, np.int64)
    large = np.zeros(n_chunks, np.bool_)
    vheld = np.full(n_chunks if layered else 0, -1, np.int64)
    small_slots = np.full(small_pages, UNTOUCHED if selftest else RESIDENT, np.int64)
    stats = np.zeros((iterations + 1, N_STATS), np.int64)
    owner = np.full((params.n_cpus, core.SWAP_NR_ORDERS), -1, np.int8)
    clock = np.zeros(1, np.int64)
    shared = policy.shared_cluster_cache if params.shared_cluster_cache is None else params.shared_cluster_cache
    space = Space(d, v, v2p, vheld, owner, clock, np.empty((2, 2 * BATCH_PAGES), np.int64))
    knobs = Knobs(bool(layered), bool(shared), int(order), bool(params.aligned), bool(params.mthp_swapin),
                  policy.no_physical_slot == "reactivate")
    region = Region(slots, large, small_slots, np.zeros(0, np.bool_))

    if not selftest:
        large[:] = order > 0
        none = np.zeros((0, 0), np.int64)
        iterate(space, knobs, region, Picks(none, none, none), stats, 0)
    snapshots = []
    step = params.snapshot_every or iterations
    entries = v if layered else d  # the space the design's entries live in
    for done in range(0, iterations, step):
        todo = slice(done, min(done + step, iterations))
        iterate(space, knobs, region, Picks(swapin[todo], dontneed[todo], small[todo]), stats, done + 1)
        if params.snapshot_every:
            snapshots.append((todo.stop, _header_free(entries.cl[:, core.C_COUNT], not layered)))
    run_params = {**{f: getattr(params, f) for f in params.__dataclass_fields__},
                  "virtual_over_physical": layered, "shared_cluster_cache": bool(layered and shared),
                  "capacity_mib": params.capacity_pages(policy) / PAGES_PER_MIB,
                  "virtual_cap_mib": virtual_pages / PAGES_PER_MIB,
                  "allocator_events": int(d.g[core.G_EVENTS] + (v.g[core.G_EVENTS] if layered else 0))}
    final = {"physical": device_summary(d, order)}
    if layered:
        final["virtual"] = device_summary(v, order)
    return ChurnRun(run_params, stats, final, _header_free(entries.cl[:, core.C_COUNT], not layered), snapshots,
                    _header_free(d.cl[:, core.C_COUNT], True) if layered else None)
