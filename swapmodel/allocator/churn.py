"""The churn workload of research/fragmentation.md section 2.0 (Barry Song's thp_swap_allocator_test V2,
https://lore.kernel.org/r/20240622071231.576056-1-21cnbao@gmail.com), generalised to order k, compiled.

A region of order-k folios is paged out once (warm-up); then each iteration
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

import numpy as np
from numba import njit

from swapmodel.allocator import core

# stats columns per iteration
S_SWPOUT, S_FALLBACK, S_ORDER0, S_NOSPACE = 0, 1, 2, 3
N_STATS = 4
BATCH_PAGES = 512


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
                slots[base + i] = -1
            large[chunk] = True
            return
    core.free_range(slot, bits, cl, ls, g, heap, slots[p], 1)
    slots[p] = -1


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
            slots[base + k] = -1
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
            if slots[p] < 0:
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
            large[c] = order > 0
        for p in small_swapin[it]:
            if small_slots[p] >= 0:
                core.free_range(slot, bits, cl, ls, g, heap, small_slots[p], 1)
                small_slots[p] = -1
        _pageout(slot, bits, cl, ls, pcp, g, heap, slots, large, order, stats, row)
        _pageout(slot, bits, cl, ls, pcp, g, heap, small_slots, np.zeros(0, np.bool_), 0, stats, row)
