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

from dataclasses import dataclass, field

import numpy as np
from numba import njit

from swapmodel.allocator import core
from swapmodel.allocator.params import ChurnParams, SpacePolicy, guard

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
PHYSICAL, VIRTUAL = 0, 1
"""Layer ids in the shared per-CPU cluster cache."""


@njit(cache=True, inline="always")
def _claim(owner, pcp, cpu, order, layer, shared, stats, row):
    """6.18's percpu_swap_cluster keeps one (si, offset) per CPU and order for all devices: when
    `layer` allocates after the other one did, its own cached offset is gone (a thrash event if
    it still pointed into a usable cluster)."""
    if shared and owner[cpu, order] != layer:
        if pcp[cpu, order] >= 0:
            stats[row, S_THRASH] += 1
        pcp[cpu, order] = -1
        owner[cpu, order] = layer


@njit(cache=True, inline="always")
def _release(slot, bits, cl, ls, pcp, g, heap, vslot, vbits, vcl, vls, vpcp, vg, vheap, v2p, layered, start, nr):
    """Free `nr` entries from map value `start` (one cluster): the physical slots, and with two
    layers first the physical slots behind the virtual ones (one call per contiguous run)."""
    if not layered:
        core.free_range(slot, bits, cl, ls, g, heap, start, nr)
        return
    i = 0
    while i < nr:
        ps = v2p[start + i]
        j = i + 1
        while (j < nr and ps >= 0 and v2p[start + j] == ps + (j - i)
               and ((ps + (j - i)) >> core.CLUSTER_SHIFT) == (ps >> core.CLUSTER_SHIFT)):
            j += 1
        if ps >= 0:
            core.free_range(slot, bits, cl, ls, g, heap, ps, j - i)
        for k in range(i, j):
            v2p[start + k] = -1
        i = j
    core.free_range(vslot, vbits, vcl, vls, vg, vheap, start, nr)


@njit(cache=True, inline="always")
def _swapin_page(slot, bits, cl, ls, pcp, g, heap, vslot, vbits, vcl, vls, vpcp, vg, vheap, v2p, layered,
                 slots, large, p, order, mthp_swapin, stats, row):
    if slots[p] < 0:
        return
    nr = 1 << order
    chunk = p >> order
    base = chunk << order
    if mthp_swapin and order > 0:
        first = slots[base]
        run = first >= 0 and first % nr == 0
        for i in range(1, nr):
            if slots[base + i] != first + i:
                run = False
                break
        if run:
            stats[row, S_THP_SWAPIN] += 1
            _release(slot, bits, cl, ls, pcp, g, heap, vslot, vbits, vcl, vls, vpcp, vg, vheap, v2p, layered, first, nr)
            for i in range(nr):
                slots[base + i] = RESIDENT
            large[chunk] = True
            return
        stats[row, S_THP_SWAPIN_DENIED] += 1
    _release(slot, bits, cl, ls, pcp, g, heap, vslot, vbits, vcl, vls, vpcp, vg, vheap, v2p, layered, slots[p], 1)
    slots[p] = RESIDENT


@njit(cache=True)
def _free_chunk(slot, bits, cl, ls, pcp, g, heap, vslot, vbits, vcl, vls, vpcp, vg, vheap, v2p, vheld, layered,
                slots, chunk, nr):
    """MADV_DONTNEED of a chunk: free its swapped pages, one call per contiguous run
    (free_swap_and_cache_nr), and the virtual slots a reactivated folio still holds."""
    base = chunk * nr
    i = 0
    while i < nr:
        s = slots[base + i]
        if s < 0:
            i += 1
            continue
        j = i + 1
        while j < nr and slots[base + j] == s + (j - i) and ((s + (j - i)) >> core.CLUSTER_SHIFT) == (s >> core.CLUSTER_SHIFT):
            j += 1
        _release(slot, bits, cl, ls, pcp, g, heap, vslot, vbits, vcl, vls, vpcp, vg, vheap, v2p, layered, s, j - i)
        for k in range(i, j):
            slots[base + k] = RESIDENT
        i = j
    if layered and vheld.size and vheld[chunk] >= 0:
        core.free_range(vslot, vbits, vcl, vls, vg, vheap, vheld[chunk], nr)
        vheld[chunk] = -1


@njit(cache=True)
def _pageout(slot, bits, cl, ls, pcp, g, heap, vslot, vbits, vcl, vls, vpcp, vg, vheap, v2p, vheld, owner, clock,
             layered, shared, slots, large, order, stats, row):
    """MADV_PAGEOUT over the region: per 512-page batch (on the next CPU in turn), large folios
    first try order `order`. One layer: a large folio that gets no slots is split. Two layers: a
    virtual slot at unmap, then a physical slot of the same order at writeout; a folio that gets
    no physical slot is reactivated and keeps its virtual slots."""
    n_pages = slots.size
    nr = 1 << order
    n_cpus = pcp.shape[0]
    queue_page = np.empty(2 * BATCH_PAGES, np.int64)
    queue_order = np.empty(2 * BATCH_PAGES, np.int64)
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
            if slots[p] == RESIDENT:
                queue_page[n] = p
                queue_order[n] = 0
                n += 1
            p += 1
        q = 0
        while q < n:
            p, o = queue_page[q], queue_order[q]
            q += 1
            if o > 0:
                c = p >> o
                large[c] = False
                if layered:
                    v = vheld[c]
                    if v < 0:
                        _claim(owner, vpcp, cpu, o, VIRTUAL, shared, stats, row)
                        stats[row, S_ALLOCS] += 1
                        v = core.alloc(vslot, vbits, vcl, vls, vpcp, vg, vheap, o, cpu)
                    if v >= 0:
                        _claim(owner, pcp, cpu, o, PHYSICAL, shared, stats, row)
                        stats[row, S_ALLOCS] += 1
                        s = core.alloc(slot, bits, cl, ls, pcp, g, heap, o, cpu)
                        if s >= 0:
                            for i in range(1 << o):
                                slots[p + i] = v + i
                                v2p[v + i] = s + i
                            vheld[c] = -1
                            stats[row, S_SWPOUT] += 1
                        else:
                            vheld[c] = v
                            large[c] = True
                            stats[row, S_REACTIVATED] += 1
                            stats[row, S_REACTIVATED_PAGES] += 1 << o
                        continue
                else:
                    stats[row, S_ALLOCS] += 1
                    s = core.alloc(slot, bits, cl, ls, pcp, g, heap, o, cpu)
                    if s >= 0:
                        for i in range(1 << o):
                            slots[p + i] = s + i
                        stats[row, S_SWPOUT] += 1
                        continue
                stats[row, S_FALLBACK] += 1
                for i in range(1, 1 << o):
                    queue_page[n] = p + i
                    queue_order[n] = 0
                    n += 1
            if layered:
                _claim(owner, vpcp, cpu, 0, VIRTUAL, shared, stats, row)
                stats[row, S_ALLOCS] += 1
                v = core.alloc(vslot, vbits, vcl, vls, vpcp, vg, vheap, 0, cpu)
                if v >= 0:
                    _claim(owner, pcp, cpu, 0, PHYSICAL, shared, stats, row)
                    stats[row, S_ALLOCS] += 1
                    s = core.alloc(slot, bits, cl, ls, pcp, g, heap, 0, cpu)
                    if s >= 0:
                        slots[p] = v
                        v2p[v] = s
                        stats[row, S_ORDER0] += 1
                        continue
                    core.free_range(vslot, vbits, vcl, vls, vg, vheap, v, 1)
                stats[row, S_NOSPACE] += 1
                continue
            stats[row, S_ALLOCS] += 1
            s = core.alloc(slot, bits, cl, ls, pcp, g, heap, 0, cpu)
            if s >= 0:
                slots[p] = s
                stats[row, S_ORDER0] += 1
            else:
                stats[row, S_NOSPACE] += 1


@njit(cache=True)
def _clusters_in_use(cl):
    n = 0
    for ci in range(cl.shape[0]):
        if cl[ci, core.C_COUNT] > 0:
            n += 1
    return n


@njit(cache=True)
def iterate(slot, bits, cl, ls, pcp, g, heap, vslot, vbits, vcl, vls, vpcp, vg, vheap, v2p, vheld, owner, clock,
            layered, shared, slots, large, small_slots, order, swapin, dontneed, small_swapin, aligned, mthp_swapin,
            stats, row0):
    """One churn iteration per row of the pick arrays; stats go to rows row0, row0 + 1, ...
    (row 0 with row0 = 0 and no picks: the tools-mm warm-up, which pages out the whole region)."""
    nr = 1 << order
    no_large = np.zeros(0, np.bool_)
    for it in range(max(swapin.shape[0], 1)):
        row = row0 + it
        if swapin.shape[0]:
            for pick in swapin[it]:
                if aligned:
                    for i in range(nr):
                        _swapin_page(slot, bits, cl, ls, pcp, g, heap, vslot, vbits, vcl, vls, vpcp, vg, vheap, v2p,
                                     layered, slots, large, pick * nr + i, order, mthp_swapin, stats, row)
                else:
                    _swapin_page(slot, bits, cl, ls, pcp, g, heap, vslot, vbits, vcl, vls, vpcp, vg, vheap, v2p,
                                 layered, slots, large, pick, order, mthp_swapin, stats, row)
            for c in dontneed[it]:
                _free_chunk(slot, bits, cl, ls, pcp, g, heap, vslot, vbits, vcl, vls, vpcp, vg, vheap, v2p, vheld,
                            layered, slots, c, nr)
                for i in range(nr):  # rewritten: a new folio
                    slots[c * nr + i] = RESIDENT
                large[c] = order > 0
            for p in small_swapin[it]:
                if small_slots[p] >= 0:
                    _release(slot, bits, cl, ls, pcp, g, heap, vslot, vbits, vcl, vls, vpcp, vg, vheap, v2p, layered,
                             small_slots[p], 1)
                small_slots[p] = RESIDENT
        _pageout(slot, bits, cl, ls, pcp, g, heap, vslot, vbits, vcl, vls, vpcp, vg, vheap, v2p, vheld, owner, clock,
                 layered, shared, slots, large, order, stats, row)
        _pageout(slot, bits, cl, ls, pcp, g, heap, vslot, vbits, vcl, vls, vpcp, vg, vheap, v2p, vheld, owner, clock,
                 layered, shared, small_slots, no_large, 0, stats, row)
        stats[row, S_PHYSICAL_CLUSTERS] = _clusters_in_use(cl)
        if layered:
            stats[row, S_VIRTUAL_CLUSTERS] = _clusters_in_use(vcl)


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
        "free_slots": int(np.count_nonzero(d.slot == core.SLOT_FREE)),
        f"free_aligned_order{folio_order}_runs": int(np.count_nonzero(
            (d.slot.reshape(-1, 1 << folio_order) == core.SLOT_FREE).all(axis=1))),
        f"compacted_order{folio_order}_runs": int(np.count_nonzero(d.slot == core.SLOT_FREE)) >> folio_order,
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
        swpout_fallback) and the fallback share; `reactivated` counts large folios kept in memory
        because the physical device had no slot of their order (two layers only), and the
        per-layer figures sit under `layers`."""
        rows = []
        for it in range(1, self.stats.shape[0]):
            st = self.stats[it]
            swpout, fallback = int(st[S_SWPOUT]), int(st[S_FALLBACK])
            total = swpout + fallback
            row = {
                "iteration": it,
                "swpout": swpout,
                "swpout_fallback": fallback,
                "fallback_pct": 100.0 * fallback / total if total else 0.0,
                "reactivated": int(st[S_REACTIVATED]),
                "reactivated_pct": 100.0 * st[S_REACTIVATED] / (total + st[S_REACTIVATED]) if total + st[S_REACTIVATED] else 0.0,
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
    v = core.new_device(max(virtual_pages, core.CLUSTER), n_cpus=params.n_cpus, rules=rules, dynamic=True)
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
    state = (*d, *v, v2p, vheld, owner, clock, layered, shared, slots, large, small_slots, order)

    if not selftest:
        large[:] = order > 0
        none = np.zeros((0, 0), np.int64)
        iterate(*state, none, none, none, params.aligned, params.mthp_swapin, stats, 0)
    snapshots = []
    step = params.snapshot_every or iterations
    space = v if layered else d
    for done in range(0, iterations, step):
        todo = slice(done, min(done + step, iterations))
        iterate(*state, swapin[todo], dontneed[todo], small[todo], params.aligned, params.mthp_swapin, stats, done + 1)
        if params.snapshot_every:
            snapshots.append((todo.stop, _header_free(space.cl[:, core.C_COUNT], not layered)))
    run_params = {**{f: getattr(params, f) for f in params.__dataclass_fields__},
                  "virtual_over_physical": layered, "shared_cluster_cache": bool(layered and shared),
                  "capacity_mib": params.capacity_pages(policy) / core.MIB_PAGES,
                  "virtual_cap_mib": virtual_pages / core.MIB_PAGES,
                  "allocator_events": int(d.g[core.G_EVENTS] + (v.g[core.G_EVENTS] if layered else 0))}
    final = {"physical": device_summary(d, order)}
    if layered:
        final["virtual"] = device_summary(v, order)
    return ChurnRun(run_params, stats, final, _header_free(space.cl[:, core.C_COUNT], not layered), snapshots,
                    _header_free(d.cl[:, core.C_COUNT], True) if layered else None)
