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
N_STATS = 4
BATCH_PAGES = 512
RESIDENT = -1
"""Page-to-slot map value of a page in memory (any value >= 0 is the slot of a swapped page)."""
UNTOUCHED = -2
"""Page-to-slot map value of a page never written (kernel-selftest: nothing to page out)."""


@njit(cache=True)
def _swapin_page(slot, bits, cl, ls, pcp, g, heap, slots, large, p, order, mthp_swapin):
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
            core.free_range(slot, bits, cl, ls, g, heap, first, nr)
            for i in range(nr):
                slots[base + i] = RESIDENT
            large[chunk] = True
            return
    core.free_range(slot, bits, cl, ls, g, heap, slots[p], 1)
    slots[p] = RESIDENT


@njit(cache=True)
def _free_chunk(slot, bits, cl, ls, pcp, g, heap, slots, base, nr):
    """Free the swapped pages of a chunk, one call per contiguous run (free_swap_and_cache_nr)."""
    i = 0
    while i < nr:
        s = slots[base + i]
        if s < 0:
            i += 1
            continue
        j = i + 1
        while j < nr and slots[base + j] == s + (j - i) and ((s + (j - i)) >> core.CLUSTER_SHIFT) == (s >> core.CLUSTER_SHIFT):
            j += 1
        core.free_range(slot, bits, cl, ls, g, heap, s, j - i)
        for k in range(i, j):
            slots[base + k] = RESIDENT
        i = j


@njit(cache=True)
def _pageout(slot, bits, cl, ls, pcp, g, heap, slots, large, order, stats, it):
    """MADV_PAGEOUT over the region: per 512-page batch, large folios first try order `order`."""
    n_pages = slots.size
    nr = 1 << order
    queue_page = np.empty(2 * BATCH_PAGES, np.int64)
    queue_order = np.empty(2 * BATCH_PAGES, np.int64)
    for start in range(0, n_pages, BATCH_PAGES):
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
                large[p >> o] = False
                s = core.alloc(slot, bits, cl, ls, pcp, g, heap, o, 0)
                if s >= 0:
                    for i in range(1 << o):
                        slots[p + i] = s + i
                    stats[it, S_SWPOUT] += 1
                    continue
                stats[it, S_FALLBACK] += 1
                for i in range(1, 1 << o):
                    queue_page[n] = p + i
                    queue_order[n] = 0
                    n += 1
            s = core.alloc(slot, bits, cl, ls, pcp, g, heap, 0, 0)
            if s >= 0:
                slots[p] = s
                stats[it, S_ORDER0] += 1
            else:
                stats[it, S_NOSPACE] += 1


@njit(cache=True)
def warm_up(slot, bits, cl, ls, pcp, g, heap, slots, large, small_slots, order, stats):
    """Fault the whole region as order-k folios and page everything out (row 0 of `stats`)."""
    for c in range(large.size):
        large[c] = order > 0
    _pageout(slot, bits, cl, ls, pcp, g, heap, slots, large, order, stats, 0)
    _pageout(slot, bits, cl, ls, pcp, g, heap, small_slots, np.zeros(0, np.bool_), 0, stats, 0)


@njit(cache=True)
def iterate(slot, bits, cl, ls, pcp, g, heap, slots, large, small_slots, order, swapin, dontneed, small_swapin, aligned, mthp_swapin, stats, row0):
    """One churn iteration per row of the pick arrays; stats go to rows row0, row0 + 1, ..."""
    nr = 1 << order
    for it in range(swapin.shape[0]):
        row = row0 + it
        for pick in swapin[it]:
            if aligned:
                for i in range(nr):
                    _swapin_page(slot, bits, cl, ls, pcp, g, heap, slots, large, pick * nr + i, order, mthp_swapin)
            else:
                _swapin_page(slot, bits, cl, ls, pcp, g, heap, slots, large, pick, order, mthp_swapin)
        for c in dontneed[it]:
            _free_chunk(slot, bits, cl, ls, pcp, g, heap, slots, c * nr, nr)
            for i in range(nr):  # rewritten: a new folio
                slots[c * nr + i] = RESIDENT
            large[c] = order > 0
        for p in small_swapin[it]:
            if small_slots[p] >= 0:
                core.free_range(slot, bits, cl, ls, g, heap, small_slots[p], 1)
            small_slots[p] = RESIDENT
        _pageout(slot, bits, cl, ls, pcp, g, heap, slots, large, order, stats, row)
        _pageout(slot, bits, cl, ls, pcp, g, heap, small_slots, np.zeros(0, np.bool_), 0, stats, row)


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
class ChurnRun:
    """Per-iteration swpout / swpout_fallback of the large-folio order, and the final occupancy:
    `cluster_counts[c]` live entries in cluster c (the header slot excluded), and `snapshots`, a
    list of (iterations done, cluster counts)."""

    params: dict
    stats: np.ndarray
    final: dict
    cluster_counts: np.ndarray
    snapshots: list = field(default_factory=list)

    def iterations(self) -> list[dict]:
        """One row per iteration with the kernel's counter names and the fallback share."""
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

    def to_json(self) -> dict:
        return {"params": self.params, "iterations": self.iterations(), "occupancy": self.final}


def run_churn(params: ChurnParams, policy: SpacePolicy) -> ChurnRun:
    """Run the churn workload `params` on a space of `policy` (static device or dynamic space).

    All random picks are drawn up front from `numpy.random.default_rng(SeedSequence(params.seed))`
    and handed to the compiled loop, so a seed gives the same run on any executor. The run's
    memory is estimated and checked before anything is allocated (`params.memory_bytes`).
    """
    guard(params, policy)
    capacity = params.capacity_pages(policy)
    order, nr = params.order, 1 << params.order
    region_pages, small_pages = params.region_pages, params.small_pages
    d = core.new_device(capacity, n_cpus=1, rules=core.RULE_SETS[params.rules], dynamic=policy.dynamic)

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
    small_slots = np.full(small_pages, UNTOUCHED if selftest else RESIDENT, np.int64)
    stats = np.zeros((iterations + 1, N_STATS), np.int64)

    if not selftest:
        warm_up(*d, slots, large, small_slots, order, stats)
    snapshots = []
    step = params.snapshot_every or iterations
    for done in range(0, iterations, step):
        todo = slice(done, min(done + step, iterations))
        iterate(*d, slots, large, small_slots, order, swapin[todo], dontneed[todo], small[todo], params.aligned,
                params.mthp_swapin, stats, done + 1)
        if params.snapshot_every:
            snapshots.append((todo.stop, d.cl[:, core.C_COUNT].astype(np.int64)))
    counts = d.cl[:, core.C_COUNT].astype(np.int64)
    if not policy.dynamic:
        counts[0] -= 1  # the header slot is no entry
    run_params = {**{f: getattr(params, f) for f in params.__dataclass_fields__}, "dynamic": policy.dynamic,
                  "capacity_mib": capacity / core.MIB_PAGES, "allocator_events": int(d.g[core.G_EVENTS])}
    return ChurnRun(run_params, stats, device_summary(d), counts, snapshots)
