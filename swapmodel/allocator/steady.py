"""Steady-state workloads, compiled: folios of a mix of orders are swapped out one per event and
freed when their lifetime ends; lifetimes are scaled so the device settles at a target fill.

- Whole or page-by-page frees: a folio is freed at once (MADV_DONTNEED, exit) or, with probability
  `page_free_fraction`, page by page over its lifetime (order-0 swap-in), which leaves 1-slot holes.
- Cache-only slots: a page-by-page free leaves its slot in the swap cache with probability
  `cache_only_fraction`, pinning it until released `cache_lifetime` events later or reclaimed by
  the allocator (vm_swap_full), as SWAP_HAS_CACHE slots are in 6.18.
- zswap with writeback: with `pool_pages` > 0 every stored page is in zswap. Under the former
  assumption (SpacePolicy.zswap_writeback = "sync_fifo", and always for a static device or the
  ghost swapfile) when the pool is full the oldest entry is written back at once (FIFO
  approximation of zswap's LRU): in place for a static device (the slot was reserved at store
  time), to a newly allocated order-0 slot of the backing device for virtual swap, or not at all
  for the ghost swapfile (the store is rejected). Under mm/zswap.c's rules ("shrinker", vswap-v3
  and v6) a store is rejected from the moment the pool reaches its limit until it has fallen to
  ZSWAP_ACCEPT_THR_PERCENT of it, the rejected folio takes a backing slot of its order at once, and
  shrink_worker writes back oldest first down to that threshold; "no_writeback" (vswap-ste-v2 RFC
  v2) keeps the limits and writes nothing back. With
  `writeback_batch_order` k > 0 (batched contiguous writeback, a proposal, not kernel code) the
  oldest entry goes back together with the LRU entries that continue its aligned 2**k virtual run,
  into one order-k backing allocation when the whole run is still in zswap.
A failed order-k allocation splits the folio into 2**k order-0 allocations (swpout_fallback).
"""

from __future__ import annotations

from collections import namedtuple
from dataclasses import dataclass, field

import numpy as np
from numba import njit

from swapmodel.allocator import core
from swapmodel.allocator.params import SpacePolicy, SteadyParams, guard
from swapmodel.base.errors import ParameterError

WB_IN_PLACE, WB_BACKING, WB_NONE = 0, 1, 2
WB_MODES = {"in_place": WB_IN_PLACE, "backing": WB_BACKING, "none": WB_NONE}

Trace = namedtuple("Trace", "orders cpus lifetimes page_free")
"""Per event: the folio's order, the CPU that swaps it out, its lifetime in events, and whether it
is freed page by page; drawn in Python from the run's SeedSequence."""
Knobs = namedtuple("Knobs", "cache_only_fraction cache_lifetime pool_pages wb_mode wb_batch_order window "
                            "zswap_mode accept_pages")
"""Scalars of the compiled loop (see SteadyParams and SpacePolicy; `accept_pages` the pool size a
rejecting zswap accepts stores again at, accept_thr_percent of the pool)."""
ZSWAP_ACCEPT_THR_PERCENT = 90
"""zswap's accept_threshold_percent default (mm/zswap.c v6.18: `static unsigned int zswap_accept_thr_percent
= 90;`, module parameter accept_threshold_percent): a rejecting pool accepts stores again at this share
of its limit (zswap_accept_thr_pages)."""
Z_SYNC_FIFO, Z_SHRINKER, Z_NO_WRITEBACK = 0, 1, 2
Z_MODES = {"sync_fifo": Z_SYNC_FIFO, "shrinker": Z_SHRINKER, "no_writeback": Z_NO_WRITEBACK}
Z_HEAD, Z_TAIL, Z_POOL, Z_FULL, Z_SIZE = 0, 1, 2, 3, 4
"""The zswap state of a run: LRU head and tail, pages in the pool, zswap_pool_reached_full."""


@njit(cache=True)
def _write_back_oldest(lru, lru_gen, meta, back_slot, back, zs, wb_mode, wb_batch_order, cpu):
    """Write the oldest live zswap entry back (stale LRU records skipped): in place, or to a newly
    allocated order-0 slot of the backing device (with `wb_batch_order` k > 0, the aligned 2**k
    virtual run it starts, if still wholly in zswap, to one order-k slot run). Returns the entries
    written; 0 when there is none or the mode writes nothing back (ghost); -1 when the backing device
    has no slot."""
    while zs[Z_HEAD] < zs[Z_TAIL]:
        head = zs[Z_HEAD]
        v, vg = lru[head], lru_gen[head]
        if _gen(meta, v) != vg or (meta[v] & M_STATE) != 1:
            zs[Z_HEAD] = head + 1
            continue
        if wb_mode == WB_NONE:
            return 0
        nb = 1
        if wb_mode == WB_BACKING:
            b = -1
            run = 1 << wb_batch_order
            if wb_batch_order > 0 and v % run == 0 and head + run <= zs[Z_TAIL]:
                whole_run = True
                for i in range(1, run):
                    w = lru[head + i]
                    if w != v + i or _gen(meta, w) != lru_gen[head + i] or (meta[w] & M_STATE) != 1:
                        whole_run = False
                        break
                if whole_run:
                    b = core.folio_alloc_swap(back, wb_batch_order, cpu)
                    if b >= 0:
                        nb = run
            if b < 0:
                b = core.folio_alloc_swap(back, 0, cpu)
            if b < 0:
                return -1
            for i in range(nb):
                back_slot[v + i] = b + i
        for i in range(nb):
            meta[v + i] = (meta[v + i] & ~M_STATE) | 2
        zs[Z_HEAD] = head + nb
        zs[Z_POOL] -= nb
        return nb
    return 0
Out = namedtuple("Out", "stats snaps back_snaps lru")
"""Outputs the compiled loop fills: per-window counters, per-window per-cluster counts by state on
the swap space and the backing device, and the zswap LRU's working storage."""

# per-window stats columns: swpout[o], fallback[o] for o < 10, then scalars
W_SWPOUT = 0
W_FALLBACK = core.SWAP_NR_ORDERS
W_NOSPACE = 2 * core.SWAP_NR_ORDERS
W_WRITEBACK = W_NOSPACE + 1
W_REJECT = W_WRITEBACK + 1
W_INUSE = W_REJECT + 1
W_USED_CLUSTERS = W_INUSE + 1
W_CACHE_ONLY = W_USED_CLUSTERS + 1
W_BACKING_INUSE = W_CACHE_ONLY + 1
W_WB_CHUNKS = W_BACKING_INUSE + 1             # aligned CHUNK_ORDER virtual chunks wholly written back
W_WB_CHUNKS_CONTIGUOUS = W_WB_CHUNKS + 1      # ... whose backing slots are consecutive
N_W = W_WB_CHUNKS_CONTIGUOUS + 1
CHUNK_ORDER = 4
"""The 64 KiB chunk (order 4) whose backing contiguity the snapshots count: consecutive physical slots
are one sequential I/O and, under the vswap swap-table edition's rule (vswap_can_swapin_thp), a
large-folio swap-in."""

# record kind for a cache-only slot to release; a positive kind is a number of pages to free
K_RELEASE_CACHE = 0

# A free record packed in one int64: first slot, kind (pages to free, or K_RELEASE_CACHE), whether
# the pages are freed by order-0 swap-in (they may stay cache-only), and the lap of its due time
# (due >> log2(buckets)), which tells records of one bucket apart.
R_S_SHIFT, R_K_SHIFT, R_SWAPIN_SHIFT = 31, 21, 20
LAP_MASK = (1 << R_SWAPIN_SHIFT) - 1

# The calendar of frees: one 64-byte line per event time (modulo the number of buckets), a header
# word (records held inline, and 1 + the first overflow node) and seven inline records, oldest
# first; records that find the line full, or its overflow in use, go to an overflow chain of
# nodes (record, next), newest first, so every overflow record is newer than every inline one.
# Due records are taken newest first (overflow, then inline from the last), the order a
# singly linked calendar with insertion at the head gives. Reading the bucket of each event in
# turn is sequential; scheduling writes one line; a free touches the slot's bitmap word.
CAL_WORDS, CAL_INLINE = 8, 7
H_COUNT_BITS = 3
Calendar = namedtuple("Calendar", "buckets nodes pool")
"""The free calendar: buckets (n, 8) int64 on 64-byte lines; overflow nodes (capacity, 2): record,
next; pool: first free node, next unused node, records scheduled, records sent to overflow,
log2 of the number of buckets."""
P_FREE, P_BUMP, P_PUSHED, P_OVERFLOW, P_SHIFT = 0, 1, 2, 3, 4


def new_calendar(n_slots: int, events: int) -> Calendar:
    """An empty calendar for a space of `n_slots` slots over `events` events: a power of two of
    buckets, n_slots / 4 but at least 1024 and no more than needed to give every event its own,
    aligned to cache lines; overflow room for two records per slot (a page record and a
    cache-release record), left untouched (so unmapped) until used."""
    n = 1 << max(10, int(np.ceil(np.log2(max(n_slots // 4, 1)))))
    n = max(1024, min(n, 1 << int(np.ceil(np.log2(max(events, 1))))))
    raw = np.zeros(n * CAL_WORDS + CAL_WORDS, np.int64)
    skip = (-raw.ctypes.data % 64) // 8
    buckets = raw[skip:skip + n * CAL_WORDS].reshape(n, CAL_WORDS)
    pool = np.zeros(5, np.int64)
    pool[P_FREE] = -1
    pool[P_SHIFT] = n.bit_length() - 1
    return Calendar(buckets, np.empty((2 * n_slots + 16, 2), np.int64), pool)


@njit(cache=True, inline="always")
def _schedule(cal, t, s, k, swapin):
    """Put the record (first slot s, kind k, order-0 swap-in flag) due at event time t into the
    calendar: inline in its bucket's line if there is room and no overflow, else at the head of
    the bucket's overflow chain."""
    buckets, nodes, pool = cal
    b = t & (buckets.shape[0] - 1)
    rec = (s << R_S_SHIFT) | (k << R_K_SHIFT) | (swapin << R_SWAPIN_SHIFT) | (t >> pool[P_SHIFT])
    pool[P_PUSHED] += 1
    h = buckets[b, 0]
    n = h & ((1 << H_COUNT_BITS) - 1)
    first = (h >> H_COUNT_BITS) - 1
    if first < 0 and n < CAL_INLINE:
        buckets[b, 1 + n] = rec
        buckets[b, 0] = h + 1
        return
    pool[P_OVERFLOW] += 1
    r = pool[P_FREE]
    if r >= 0:
        pool[P_FREE] = nodes[r, 1]
    else:
        r = pool[P_BUMP]
        pool[P_BUMP] = r + 1
    nodes[r, 0] = rec
    nodes[r, 1] = first
    buckets[b, 0] = n | ((r + 1) << H_COUNT_BITS)


@njit(cache=True, inline="always")
def _take_due(cal, t, due):
    """Move the records due at event time t out of the calendar into `due` (grown when full),
    newest first; returns (due, count)."""
    buckets, nodes, pool = cal
    b = t & (buckets.shape[0] - 1)
    h = buckets[b, 0]
    if h == 0:
        return due, 0
    lap = t >> pool[P_SHIFT]
    m = 0
    first = (h >> H_COUNT_BITS) - 1
    prev = -1
    r = first
    while r >= 0:
        following = nodes[r, 1]
        rec = nodes[r, 0]
        if rec & LAP_MASK == lap:
            if m == due.size:
                due = _grow(due)
            due[m] = rec
            m += 1
            if prev < 0:
                first = following
            else:
                nodes[prev, 1] = following
            nodes[r, 1] = pool[P_FREE]
            pool[P_FREE] = r
        else:
            prev = r
        r = following
    n = h & ((1 << H_COUNT_BITS) - 1)
    for i in range(n - 1, -1, -1):
        rec = buckets[b, 1 + i]
        if rec & LAP_MASK == lap:
            if m == due.size:
                due = _grow(due)
            due[m] = rec
            m += 1
    kept = 0
    for i in range(n):
        rec = buckets[b, 1 + i]
        if rec & LAP_MASK != lap:
            buckets[b, 1 + kept] = rec
            kept += 1
    buckets[b, 0] = kept | ((first + 1) << H_COUNT_BITS)
    return due, m


@njit(cache=True)
def _grow(a):
    b = np.empty(2 * a.size, a.dtype)
    b[:a.size] = a
    return b


# per-slot metadata of a zswap run, packed in one int32: state, generation
M_STATE, M_GEN_SHIFT = 3, 3
GEN_BITS = 19
GEN_MASK = (1 << GEN_BITS) - 1


@njit(cache=True, inline="always")
def _gen(meta, s):
    return (meta[s] >> M_GEN_SHIFT) & GEN_MASK


@njit(cache=True, inline="always")
def _bump(meta, s):
    """A new generation for slot s: zswap LRU entries for its previous use are stale."""
    meta[s] += 1 << M_GEN_SHIFT


_POP1 = np.uint64(0x5555555555555555)
_POP2 = np.uint64(0x3333333333333333)
_POP4 = np.uint64(0x0F0F0F0F0F0F0F0F)
_POP8 = np.uint64(0x0101010101010101)


@njit(cache=True, inline="always")
def _popcount(w):
    w = w - ((w >> np.uint64(1)) & _POP1)
    w = (w & _POP2) + ((w >> np.uint64(2)) & _POP2)
    w = (w + (w >> np.uint64(4))) & _POP4
    return int((w * _POP8) >> np.uint64(56))


_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)


@njit(cache=True, inline="always")
def _uniform(state):
    """Next uniform draw in [0, 1) from a SplitMix64 stream whose 64-bit state the caller seeded
    from its SeedSequence (Steele, Lea and Flood, OOPSLA 2014)."""
    state[0] += _GOLDEN
    z = state[0]
    z = (z ^ (z >> np.uint64(30))) * _MIX1
    z = (z ^ (z >> np.uint64(27))) * _MIX2
    z = z ^ (z >> np.uint64(31))
    return float(z >> np.uint64(11)) * (1.0 / 9007199254740992.0)


@njit(cache=True)
def run_steady(dev, back, trace, knobs, rng_state, out, cal):
    """One folio swap-out per event, frees by lifetime from the calendar `cal`. Per-page draws
    (page-by-page lifetimes, cache-only frees) come from `rng_state`, a SplitMix64 state seeded
    from the caller's SeedSequence. With zswap a slot's `state` is kept: 0 on the device, 1 in
    zswap, 2 written back; without zswap no per-slot array beyond the device's bitmaps is touched
    (a cache-only slot's release is recognised as its own by the event that made it cache-only).
    Stats and snapshots are taken every `window` events."""
    cl = dev.cl
    orders, cpus, lifetimes, page_free = trace
    cache_only_fraction, cache_lifetime, pool_pages, wb_mode, wb_batch_order, window, zswap_mode, accept_pages = knobs
    stats, snaps, back_snaps, lru = out
    n_slots = cl.shape[0] * core.CLUSTER
    events = orders.size
    zswap = pool_pages > 0
    meta = np.zeros(n_slots if zswap else 1, np.int32)
    back_slot = np.full(n_slots if zswap else 1, -1, np.int64)
    cached_at = np.full(n_slots if cache_only_fraction > 0 else 1, -1, np.int64)
    due = np.empty(64, np.int64)
    lru_gen = np.empty(lru.size, np.int32)
    zs = np.zeros(Z_SIZE, np.int64)
    rejected_to = np.empty(1 << core.PMD_ORDER, np.int64)
    pages = np.empty(1 << core.PMD_ORDER, np.int64)
    for t in range(events):
        # frees whose time has come
        due, n_due = _take_due(cal, t, due)
        for j in range(n_due):
            rec = due[j]
            s, k = rec >> R_S_SHIFT, (rec >> R_K_SHIFT) & 1023
            swapin = (rec >> R_SWAPIN_SHIFT) & 1
            if k == K_RELEASE_CACHE:
                # still cache-only since the event that scheduled this release (not reclaimed)
                if core.slot_is_cache(dev, s) and cached_at[s] == t - cache_lifetime:
                    core.swap_entries_free(dev, s, 1)
                continue
            whole = True
            for v in range(s, s + k):
                if zswap:
                    state = meta[v] & M_STATE
                    if state == 1:
                        zs[Z_POOL] -= 1
                    if state == 2 and back_slot[v] >= 0:
                        core.swap_entries_free(back, back_slot[v], 1)
                        back_slot[v] = -1
                    meta[v] &= ~M_STATE
                    _bump(meta, v)
                if swapin and _uniform(rng_state) < cache_only_fraction:
                    core.mark_cache_only(dev, v)
                    cached_at[v] = t
                    if t + cache_lifetime < events:
                        _schedule(cal, t + cache_lifetime, v, K_RELEASE_CACHE, 0)
                    whole = False
            if whole:
                core.swap_entries_free(dev, s, k)
            else:
                for v in range(s, s + k):
                    if core.slot_is_used(dev, v):
                        core.swap_entries_free(dev, v, 1)
        # swap out one folio
        order = orders[t]
        cpu = cpus[t]
        nr = 1 << order
        row = t // window
        first = core.folio_alloc_swap(dev, order, cpu)
        if first >= 0:
            stats[row, W_SWPOUT + order] += 1
            for i in range(nr):
                pages[i] = first + i
        else:
            if order > 0:
                stats[row, W_FALLBACK + order] += 1
                for i in range(nr):
                    pages[i] = core.folio_alloc_swap(dev, 0, cpu)
            else:
                pages[0] = -1
        # a folio on contiguous slots without zswap and freed whole gets one record
        one_record = first >= 0 and not zswap and not page_free[t]
        accept = True
        if zswap and zswap_mode != Z_SYNC_FIFO:
            # zswap_store() -> zswap_check_limits() (mm/zswap.c, v6.18), once per folio: rejected from
            # the moment the pool reaches max_pool_percent until it has fallen to accept_thr_percent
            if zs[Z_POOL] >= pool_pages:
                zs[Z_FULL] = 1
            elif zs[Z_FULL] and zs[Z_POOL] <= accept_pages:
                zs[Z_FULL] = 0
            accept = zs[Z_FULL] == 0
            if not accept:
                # swap_writeout()'s fallback: the folio to a physical slot of its order at once
                # (vswap_alloc_swap_slot, PATCH v3 14/20; folio_realloc_swap, vswap-ste-v2 RFC v2); none
                # of that order: the folio is reactivated (no_physical_slot), here left unswapped
                stats[row, W_REJECT] += nr
                if first >= 0:
                    b = core.folio_alloc_swap(back, order, cpu)
                    for i in range(nr):
                        rejected_to[i] = b + i if b >= 0 else -1
                else:
                    for i in range(nr):
                        rejected_to[i] = core.folio_alloc_swap(back, 0, cpu) if pages[i] >= 0 else -1
        for i in range(nr):
            s = pages[i]
            if s < 0:
                stats[row, W_NOSPACE] += 1
                continue
            if zswap:
                _bump(meta, s)
            life = lifetimes[t]
            if page_free[t]:
                life = max(1, int(life * _uniform(rng_state)))
            if zswap and not accept:
                if rejected_to[i] < 0:
                    stats[row, W_NOSPACE] += 1
                    _bump(meta, s)
                    meta[s] &= ~M_STATE
                    core.swap_entries_free(dev, s, 1)
                    continue
                meta[s] = (meta[s] & ~M_STATE) | 2
                back_slot[s] = rejected_to[i]
            elif zswap:
                if zswap_mode == Z_SYNC_FIFO and zs[Z_POOL] >= pool_pages:
                    # pool full: write back the oldest live zswap entry (FIFO for zswap's LRU), at once
                    nb = _write_back_oldest(lru, lru_gen, meta, back_slot, back, zs, wb_mode, wb_batch_order, cpu)
                    if nb > 0:
                        stats[row, W_WRITEBACK] += nb
                    else:
                        stats[row, W_REJECT] += 1
                        _bump(meta, s)
                        meta[s] &= ~M_STATE
                        core.swap_entries_free(dev, s, 1)
                        continue
                meta[s] = (meta[s] & ~M_STATE) | 1
                zs[Z_POOL] += 1
                lru[zs[Z_TAIL]] = s
                lru_gen[zs[Z_TAIL]] = _gen(meta, s)
                zs[Z_TAIL] += 1
            if not one_record and t + life < events:  # a record due after the run never fires
                _schedule(cal, t + life, s, 1, 1 if page_free[t] else 0)
        if not accept and zswap_mode == Z_SHRINKER:
            # the rejection queued zswap_shrink_work: shrink_worker() writes back, oldest first, one entry
            # at a time, while zswap_total_pages() > zswap_accept_thr_pages() (mm/zswap.c, v6.18).
            # SIMPLIFICATION: the worker finishes before the next swap-out; one memcg; the second chance
            # of an entry stored referenced (shrink_memcg_cb's LRU_ROTATE) does not change which entries
            # go first among those stored before the last full walk, so the LRU is a FIFO
            while zs[Z_POOL] > accept_pages:
                nb = _write_back_oldest(lru, lru_gen, meta, back_slot, back, zs, wb_mode, wb_batch_order, cpu)
                if nb <= 0:
                    break
                stats[row, W_WRITEBACK] += nb
        if one_record and t + lifetimes[t] < events:
            _schedule(cal, t + lifetimes[t], first, nr, 0)
        if (t + 1) % window == 0:
            _snapshot(dev, back, meta, back_slot, zswap, wb_mode, out, row)


@njit(cache=True)
def _snapshot(dev, back, meta, back_slot, zswap, wb_mode, out, row):
    """The end-of-window counters and per-cluster counts by state, read from the bitmaps (a used
    slot is neither free nor cache-only; the header slot and the tail past G_SLOTS are bad)."""
    bits, cl, g = dev.bits, dev.cl, dev.g
    stats, snaps, back_snaps = out.stats, out.snaps, out.back_snaps
    n_slots = cl.shape[0] * core.CLUSTER
    stats[row, W_INUSE] = g[core.G_INUSE]
    stats[row, W_USED_CLUSTERS] = np.count_nonzero((cl[:, core.C_COUNT] > 0) | ((cl[:, core.C_FLAGS] & core.F_CACHED) != 0))
    stats[row, W_BACKING_INUSE] = back.g[core.G_INUSE]
    cache_only = 0
    for w in range(bits.shape[0]):
        cache = bits[w, core.B_CACHE]
        used = ~(bits[w, core.B_FREE] | cache)
        base = w << 6
        if base + 64 > g[core.G_SLOTS]:  # bad tail
            used &= core._word_mask(base, g[core.G_SLOTS]) if g[core.G_SLOTS] > base else np.uint64(0)
        if w == 0 and not g[core.G_DYNAMIC]:
            used &= ~core.ONE  # the header slot
        c = base >> core.CLUSTER_SHIFT
        n_cache = _popcount(cache)
        cache_only += n_cache
        snaps[row, c, 3] += n_cache
        if not zswap:
            snaps[row, c, 0] += _popcount(used)
            continue
        while used != 0:
            s = base + int(core._lowest_bit(used))
            snaps[row, c, meta[s] & M_STATE] += 1
            used &= used - core.ONE
    stats[row, W_CACHE_ONLY] = cache_only
    for c in range(back.cl.shape[0]):
        back_snaps[row, c] = back.cl[c, core.C_COUNT]
    if wb_mode == WB_BACKING and zswap:
        chunk = 1 << CHUNK_ORDER
        for base in range(0, n_slots - chunk + 1, chunk):
            first = back_slot[base]
            written = first >= 0
            contiguous = written
            for i in range(chunk):
                if not core.slot_is_used(dev, base + i) or (meta[base + i] & M_STATE) != 2 or back_slot[base + i] < 0:
                    written = False
                    break
                if back_slot[base + i] != first + i:
                    contiguous = False
            if written:
                stats[row, W_WB_CHUNKS] += 1
                if contiguous:
                    stats[row, W_WB_CHUNKS_CONTIGUOUS] += 1


@dataclass
class SteadyRun:
    """Per-window counters of a steady-state run, with per-cluster snapshots by state:
    `snapshots[w, c, k]` slots of cluster c in state SNAPSHOT_STATES[k] at the end of window w,
    and `backing_snapshots[w, c]` used slots of backing cluster c (one column when there is none).
    `calendar`: the free calendar's size and use (buckets, records scheduled, records that went to
    an overflow node, trace events), from which the benchmark counts the cache lines an event
    touches."""

    params: dict
    windows: list
    snapshots: np.ndarray
    backing_snapshots: np.ndarray
    calendar: dict = field(default_factory=dict)


SNAPSHOT_STATES = ("disk", "zswap", "writeback", "swapcache")
"""Entry state of a slot in a steady-state snapshot, by the simulator's state code 0..3."""


def draw_trace(params: SteadyParams, rng: np.random.Generator) -> tuple[Trace, float]:
    """Orders, CPUs, lifetimes and page-by-page flags of every event, and the mean lifetime that
    makes live pages settle near `target_fill` of the device."""
    orders = np.array(list(params.order_mix), np.int64)
    weights = np.array(list(params.order_mix.values()))
    events = params.events
    folio_orders = rng.choice(orders, size=events, p=weights / weights.sum())
    mean_pages = float(np.sum(weights * (1 << orders)))
    mean_life = params.target_fill * params.device_pages / (mean_pages * (1 - params.page_free_fraction / 2))
    if params.lifetime == "exponential":
        lifetimes = rng.exponential(mean_life, size=events)
    elif params.lifetime == "lognormal":
        sigma = params.lifetime_sigma
        lifetimes = rng.lognormal(np.log(mean_life) - sigma**2 / 2, sigma, size=events)
    else:
        lifetimes = np.full(events, mean_life)
    lifetimes = np.minimum(np.maximum(1, lifetimes), 2**62).astype(np.int64)
    page_free = rng.random(events) < params.page_free_fraction
    cpus = np.arange(events, dtype=np.int64) % params.n_cpus
    return Trace(folio_orders, cpus, lifetimes, page_free), mean_life


def run_steady_state(params: SteadyParams, policy: SpacePolicy) -> SteadyRun:
    """Run the steady-state workload `params` on a space of `policy`.

    The trace is drawn from `default_rng(SeedSequence(seed))`, and the compiled loop's per-page
    draws from a SplitMix64 state spawned from the same SeedSequence, so a seed gives the same run
    on any executor. Memory is estimated and checked before anything is allocated.
    """
    if params.pool_pages and not policy.zswap:
        raise ParameterError("zswap_pool_mib must be 0 for a design without zswap; allowed: 0")
    if not params.pool_pages and not policy.disk:
        raise ParameterError("zswap_pool_mib must be > 0 for a design without disk slots "
                             "(entries live in zswap); allowed: (0, device size]")
    guard(params, policy)
    ss = np.random.SeedSequence(params.seed)
    trace, mean_life = draw_trace(params, np.random.default_rng(ss))
    rng_state = ss.spawn(1)[0].generate_state(1, np.uint64)
    pool_pages = params.pool_pages
    wb_mode = WB_MODES[policy.writeback]
    capacity = params.capacity_pages(policy)
    rules = core.RULE_SETS[params.rules]
    space_rules = policy.virtual_device_rules(rules) if policy.dynamic else {"rules": rules}
    d = core.new_device(capacity, n_cpus=params.n_cpus, dynamic=policy.dynamic, **space_rules)
    back = core.new_device(params.backing_pages(policy), n_cpus=params.n_cpus, rules=rules, dynamic=False)
    window = params.window
    n_windows = -(-params.events // window)
    stats = np.zeros((n_windows, N_W), np.int64)
    snaps = np.zeros((n_windows, d.cl.shape[0], 4), np.int32)
    back_snaps = np.zeros((n_windows, back.cl.shape[0]), np.int32)
    lru = np.empty(int(np.sum(1 << trace.orders)) + 1 if pool_pages else 1, np.int64)
    zswap_mode = Z_MODES[policy.zswap_writeback]
    if zswap_mode != Z_SYNC_FIFO and wb_mode != WB_BACKING:
        raise ParameterError(f"zswap_writeback={policy.zswap_writeback!r} models a virtual design's writeback to a "
                             "backing device; allowed with writeback='backing' only (else: sync_fifo)")
    accept_pages = pool_pages * ZSWAP_ACCEPT_THR_PERCENT // 100
    knobs = Knobs(params.cache_only_fraction, params.cache_lifetime_events, pool_pages, wb_mode,
                  params.writeback_batch_order, window, zswap_mode, accept_pages)
    cal = new_calendar(d.cl.shape[0] * core.CLUSTER, params.events)
    run_steady(d, back, trace, knobs, rng_state, Out(stats, snaps, back_snaps, lru), cal)
    rows = []
    orders = sorted(params.order_mix)
    for w in range(n_windows):
        row = {"window": w, "events": int(min((w + 1) * window, params.events))}
        for o in orders:
            ok, fb = int(stats[w, W_SWPOUT + o]), int(stats[w, W_FALLBACK + o])
            row[f"swpout[{o}]"] = ok
            if o > 0:
                row[f"swpout_fallback[{o}]"] = fb
                row[f"fallback_pct[{o}]"] = 100.0 * fb / (ok + fb) if ok + fb else 0.0
        row.update(fill=float(stats[w, W_INUSE]) / params.device_pages, used_clusters=int(stats[w, W_USED_CLUSTERS]),
                   cache_only_slots=int(stats[w, W_CACHE_ONLY]), nospace_pages=int(stats[w, W_NOSPACE]),
                   writeback=int(stats[w, W_WRITEBACK]), rejected=int(stats[w, W_REJECT]),
                   backing_slots_in_use=int(stats[w, W_BACKING_INUSE]),
                   written_back_chunks=int(stats[w, W_WB_CHUNKS]),
                   written_back_chunks_contiguous=int(stats[w, W_WB_CHUNKS_CONTIGUOUS]))
        rows.append(row)
    run_params = {**{f: getattr(params, f) for f in params.__dataclass_fields__}, "dynamic": policy.dynamic,
                  "writeback_mode": policy.writeback, "mean_lifetime_events": mean_life,
                  "allocator_events": int(d.g[core.G_EVENTS] + back.g[core.G_EVENTS])}
    backing = back_snaps if wb_mode == WB_BACKING and pool_pages else back_snaps[:, :1]
    calendar = {"buckets": int(cal.buckets.shape[0]), "records": int(cal.pool[P_PUSHED]),
                "overflow_records": int(cal.pool[P_OVERFLOW]), "trace_events": int(params.events)}
    return SteadyRun(run_params, rows, snaps, backing, calendar)
