"""Steady-state workloads, compiled: folios of a mix of orders are swapped out one per event and
freed when their lifetime ends; lifetimes are scaled so the device settles at a target fill.

- Whole or page-by-page frees: a folio is freed at once (MADV_DONTNEED, exit) or, with probability
  `page_free_fraction`, page by page over its lifetime (order-0 swap-in), which leaves 1-slot holes.
- Cache-only slots: a page-by-page free leaves its slot in the swap cache with probability
  `cache_only_fraction`, pinning it until released `cache_lifetime` events later or reclaimed by
  the allocator (vm_swap_full), as SWAP_HAS_CACHE slots are in 6.18.
- zswap with writeback: with `pool_pages` > 0 every stored page is in zswap; when the pool is full
  the oldest entry is written back (FIFO approximation of zswap's LRU): in place for a static
  device (the slot was reserved at store time), to a newly allocated order-0 slot of the backing
  device for virtual swap, or not at all for the ghost swapfile (the store is rejected).
A failed order-k allocation splits the folio into 2**k order-0 allocations (swpout_fallback).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from swapmodel.allocator import core

WB_IN_PLACE, WB_BACKING, WB_NONE = 0, 1, 2

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
N_W = W_BACKING_INUSE + 1

# record kind for a cache-only slot to release; a positive kind is a number of pages to free
K_RELEASE_CACHE = 0


# per-slot metadata packed in one int32 (one cache miss per slot): state, swap-in flag, generation
M_STATE, M_SWAPIN, M_GEN_SHIFT = 3, 4, 3
GEN_BITS = 19
GEN_MASK = (1 << GEN_BITS) - 1
K_SHIFT = GEN_BITS
S_SHIFT = GEN_BITS + 10


@njit(cache=True, inline="always")
def _gen(meta, s):
    return (meta[s] >> M_GEN_SHIFT) & GEN_MASK


@njit(cache=True, inline="always")
def _bump(meta, s):
    """A new generation for slot s: records scheduled for its previous use are stale."""
    meta[s] += 1 << M_GEN_SHIFT


@njit(cache=True, inline="always")
def _schedule(head, nodes, free_top, t, s, k, gen):
    """Calendar queue: put record (first slot s, kind k, generation; packed in one int64) due at
    event time t in bucket t mod len(head). nodes[r] = (record, next, due time)."""
    r = free_top[0]
    free_top[0] = nodes[r, 1]
    b = t & (head.size - 1)
    nodes[r, 0] = (s << S_SHIFT) | (k << K_SHIFT) | (gen & GEN_MASK)
    nodes[r, 1] = head[b]
    nodes[r, 2] = t
    head[b] = r


@njit(cache=True)
def run_steady(slot, bits, cl, ls, pcp, g, heap, bslot, bbits, bcl, bls, bpcp, bg, bheap, orders, cpus, lifetimes, page_free, rng_seed, cache_only_fraction, cache_lifetime,
               pool_pages, wb_mode, window, stats, snaps, back_snaps, lru):
    """One folio swap-out per event, frees by lifetime; per-page draws use numba's generator seeded
    with `rng_seed` (derived from the caller's SeedSequence). A slot's `state`: 0 on the device
    (no zswap), 1 in zswap, 2 written back. Stats and snapshots are taken every `window` events."""
    np.random.seed(rng_seed)
    n_slots = slot.size
    meta = np.zeros(n_slots, np.int32)
    back_slot = np.full(n_slots if pool_pages > 0 else 1, -1, np.int64)
    cap = 2 * n_slots + 16
    buckets = 1 << max(10, int(np.ceil(np.log2(max(n_slots // 4, 1)))))
    head = np.full(buckets, -1, np.int64)
    nodes = np.empty((cap, 3), np.int64)
    nodes[:, 1] = np.arange(1, cap + 1)
    free_top = np.zeros(1, np.int64)
    lru_gen = np.empty(lru.size, np.int32)
    lru_head, lru_tail = 0, 0
    in_pool = 0
    pages = np.empty(1 << core.PMD_ORDER, np.int64)
    for t in range(orders.size):
        # frees whose time has come
        b = t & (buckets - 1)
        prev = -1
        r = head[b]
        while r >= 0:
            following = nodes[r, 1]
            if nodes[r, 2] != t:
                prev = r
                r = following
                continue
            if prev < 0:
                head[b] = following
            else:
                nodes[prev, 1] = following
            rec = nodes[r, 0]
            nodes[r, 1] = free_top[0]
            free_top[0] = r
            r = following
            s, k = rec >> S_SHIFT, (rec >> K_SHIFT) & 1023
            if _gen(meta, s) != rec & GEN_MASK:
                continue
            if k == K_RELEASE_CACHE:
                if slot[s] == core.SLOT_CACHE:
                    core.free_range(slot, bits, cl, ls, g, heap, s, 1)
                continue
            whole = True
            for v in range(s, s + k):
                state = meta[v] & M_STATE
                if state == 1:
                    in_pool -= 1
                if state == 2 and back_slot[v] >= 0:
                    core.free_range(bslot, bbits, bcl, bls, bg, bheap, back_slot[v], 1)
                    back_slot[v] = -1
                swapin = meta[v] & M_SWAPIN
                meta[v] &= ~(M_STATE | M_SWAPIN)
                _bump(meta, v)
                if swapin and np.random.random() < cache_only_fraction:
                    core.mark_cache_only(slot, bits, v)
                    _schedule(head, nodes, free_top, t + cache_lifetime, v, K_RELEASE_CACHE, _gen(meta, v))
                    whole = False
            if whole:
                core.free_range(slot, bits, cl, ls, g, heap, s, k)
            else:
                for v in range(s, s + k):
                    if slot[v] == core.SLOT_USED:
                        core.free_range(slot, bits, cl, ls, g, heap, v, 1)
        # swap out one folio
        order = orders[t]
        cpu = cpus[t]
        nr = 1 << order
        row = t // window
        first = core.alloc(slot, bits, cl, ls, pcp, g, heap, order, cpu)
        if first >= 0:
            stats[row, W_SWPOUT + order] += 1
            for i in range(nr):
                pages[i] = first + i
        else:
            if order > 0:
                stats[row, W_FALLBACK + order] += 1
                for i in range(nr):
                    pages[i] = core.alloc(slot, bits, cl, ls, pcp, g, heap, 0, cpu)
            else:
                pages[0] = -1
        # a folio on contiguous slots without zswap and freed whole gets one record
        one_record = first >= 0 and pool_pages == 0 and not page_free[t]
        for i in range(nr):
            s = pages[i]
            if s < 0:
                stats[row, W_NOSPACE] += 1
                continue
            _bump(meta, s)
            if page_free[t]:
                meta[s] |= M_SWAPIN
            life = lifetimes[t]
            if page_free[t]:
                life = max(1, int(life * np.random.random()))
            if pool_pages > 0:
                if in_pool >= pool_pages:
                    # pool full: write back the oldest live zswap entry (FIFO for zswap's LRU)
                    done = False
                    while lru_head < lru_tail:
                        v, vg = lru[lru_head], lru_gen[lru_head]
                        if _gen(meta, v) != vg or (meta[v] & M_STATE) != 1:
                            lru_head += 1
                            continue
                        if wb_mode == WB_NONE:
                            break
                        if wb_mode == WB_BACKING:
                            b = core.alloc(bslot, bbits, bcl, bls, bpcp, bg, bheap, 0, cpu)
                            if b < 0:
                                break
                            back_slot[v] = b
                        lru_head += 1
                        meta[v] = (meta[v] & ~M_STATE) | 2
                        in_pool -= 1
                        stats[row, W_WRITEBACK] += 1
                        done = True
                        break
                    if not done:
                        stats[row, W_REJECT] += 1
                        _bump(meta, s)
                        meta[s] &= ~(M_STATE | M_SWAPIN)
                        core.free_range(slot, bits, cl, ls, g, heap, s, 1)
                        continue
                meta[s] = (meta[s] & ~M_STATE) | 1
                in_pool += 1
                lru[lru_tail] = s
                lru_gen[lru_tail] = _gen(meta, s)
                lru_tail += 1
            if not one_record:
                _schedule(head, nodes, free_top, t + life, s, 1, _gen(meta, s))
        if one_record:
            _schedule(head, nodes, free_top, t + lifetimes[t], first, nr, _gen(meta, first))
        if (t + 1) % window == 0:
            stats[row, W_INUSE] = g[core.G_INUSE]
            stats[row, W_USED_CLUSTERS] = np.count_nonzero(cl[:, core.C_COUNT] > 0)
            stats[row, W_CACHE_ONLY] = np.count_nonzero(slot == core.SLOT_CACHE)
            stats[row, W_BACKING_INUSE] = bg[core.G_INUSE]
            for s in range(n_slots):
                v = slot[s]
                if v == core.SLOT_USED:
                    snaps[row, s >> core.CLUSTER_SHIFT, meta[s] & M_STATE] += 1
                elif v == core.SLOT_CACHE:
                    snaps[row, s >> core.CLUSTER_SHIFT, 3] += 1
            for c in range(bcl.shape[0]):
                back_snaps[row, c] = bcl[c, core.C_COUNT]
