"""The swap slot allocator of mm/swapfile.c as a compiled state machine (numba).

Two rule sets, each read in the kernel source:

- RULES_6_18: Linux v6.18, with the 6.18 series "mm, swap: improve cluster scan strategy"
  (https://lore.kernel.org/r/20250806161748.76651-1-ryncsn@gmail.com). The entry point is
  `folio_alloc_swap()`; on one device it is `swap_alloc_fast()` (the per-CPU cached offset if
  `cluster_is_usable()`), then `cluster_alloc_swap_entry()`, the slow path `swap_alloc_slow()`
  takes per device: all of nonfull[order]; then one free cluster; then, when `vm_swap_full()`,
  `swap_reclaim_full_clusters()` of one full cluster; then one frag[order] cluster; order 0 then
  steals from frag[o] and nonfull[o], o = 1..9. Each cluster is taken with
  `isolate_lock_cluster()` and scanned with `alloc_swap_scan_cluster()`, which ends in
  `relocate_cluster()`; `swap_entries_free()` frees.
- RULES_6_12: the allocator of Chris Li's "mTHP swap allocator base on swap cluster order" v5
  with Kairui Song's reclaim patches (https://lore.kernel.org/all/20240730-swap-allocator-v5-0-cb9c148b9297@kernel.org/),
  `cluster_alloc_swap_entry_6_12()`: per-CPU `next[order]` scanned without an order check; then
  the first free cluster; then full-cluster reclaim; then every nonfull[order] cluster, each
  moved to frag first; then up to frag_cluster_nr[order] frag clusters, rotated; then order-0
  stealing. Order-0 folios take their slot from the per-CPU swap slots cache of mm/swap_slots.c
  (removed in 6.15 by Kairui Song's "mm, swap: remove swap slot cache"):
  `refill_swap_slots_cache()` reserves up to SWAP_SLOTS_CACHE_SIZE = SWAP_BATCH = 64 order-0 slots
  at once through `get_swap_pages()`, one `cluster_alloc_swap_entry()` each;
  `check_cache_active()` turns the cache off and drains it when fewer than 2 * 64 free slots per
  online CPU remain, and on again above 5 * 64 (include/linux/swap_slots.h).

The function names were checked against mm/swapfile.c as posted in diffs against the 6.17/6.18
tree (isolate_lock_cluster, alloc_swap_scan_cluster, cluster_alloc_swap_entry, swap_alloc_fast,
swap_alloc_slow, folio_alloc_swap, swap_entries_free); in the kernel `swap_alloc_fast()` and
`swap_alloc_slow()` are separate functions, and so they are here.

A cluster has 512 slots (SWAPFILE_CLUSTER); its order is set by its first allocation and reset when
it becomes free; an order-k request needs 2**k free slots at a naturally aligned offset. The
device is a namedtuple of arrays (`Dev`, the role of `struct swap_info_struct`); every compiled
function takes it as `si` and unpacks the arrays it needs at entry.

Numba caches compiled code per source file and does not notice when a function in another module
that it calls has changed: after editing this file, delete the __pycache__ folders of
swapmodel/allocator (CI always starts from a clean clone).

Simplifications, each marked SIMPLIFICATION below: one swap device; no discard (zram and our
loop devices have none); no locking or concurrency (CPUs interleave event by event); a cache-only
slot is reclaimed at once when the kernel would call __try_to_reclaim_swap() on it.
"""

from __future__ import annotations

from collections import namedtuple

import numpy as np
from numba import njit
from numba.cpython.unsafe.numbers import trailing_zeros

from swapmodel.base.geometry import SWAPFILE_CLUSTER_SLOTS

CLUSTER = SWAPFILE_CLUSTER_SLOTS
CLUSTER_SHIFT = CLUSTER.bit_length() - 1
SWAP_NR_ORDERS = 10
"""PMD_ORDER + 1 with CONFIG_THP_SWAP (include/linux/swap.h)."""
PMD_ORDER = 9

RULES_6_18 = 0
RULES_6_12 = 1
RULES_VSWAP = 2
"""The virtual allocator of vswap-v3 and vswap-v6 (mm/vswap.c vswap_alloc(), PATCH v3 09/20,
https://lore.kernel.org/all/20260208215839.87595-10-nphamcs@gmail.com/; the same in v6,
intel-lab-lkp/linux mm/vswap.c at commit 03fb548d59749312f06692580cd097b047864574): a dynamic space
only, see `vswap_alloc`."""
RULE_SETS = {"linux-6.18": RULES_6_18, "linux-6.12": RULES_6_12}

# Slot states (the role of swap_map plus the swap table in 6.18), as `slot_states()` reports them;
# the compiled code keeps them as two bits per slot (free, cache-only) in `bits`: a used slot has
# neither, a bad one is slot 0 of a static device or past G_SLOTS.
SLOT_FREE = 0
SLOT_USED = 1        # swap count > 0
SLOT_CACHE = 2       # count 0, folio still in the swap cache (SWAP_HAS_CACHE only)
SLOT_BAD = 3         # header slot 0: counted as used forever (swap_cluster_setup_bad_slot)

# Lists: free, full, nonfull[o], frag[o]; -1 = isolated (CLUSTER_FLAG_NONE).
L_NONE = -1
L_FREE = 0
L_FULL = 1
L_NONFULL = 2
L_FRAG = L_NONFULL + SWAP_NR_ORDERS
N_LISTS = L_FRAG + SWAP_NR_ORDERS
NIL = -1

# Columns of the cluster table `cl` and the list table `ls`
C_COUNT, C_ORDER, C_LIST, C_PREV, C_NEXT, C_FLAGS = 0, 1, 2, 3, 4, 5
N_C = 6
F_FULL, F_CACHED = 1, 2
"""C_FLAGS bits of the vswap allocator (struct vswap_cluster's `full` and `cached`, mm/vswap.c, PATCH v3
09/20); 0 under the swapfile.c rules."""
H_HEAD, H_TAIL, H_LEN = 0, 1, 2

# Scalars in `g`
G_USABLE = 0       # usable slots (total_swap_pages)
G_INUSE = 1        # allocated slots, cache-only included (inuse_pages)
G_RULES = 2
G_DYNAMIC = 3      # 1: clusters are mapped on demand and unmapped when free (dynamic ghost / vswap)
G_HEAP = 4         # dynamic: number of unmapped cluster ids in the min-heap
G_EVENTS = 5       # allocator and free calls, for the benchmark
G_SLOTS_CACHE = 6  # 6.12: the swap slots cache is active (1), inactive (0), or not modelled (-1)
G_SLOTS = 7        # slots of the device (or space); those past it in the last cluster are bad
G_CACHE_RECLAIM = 8  # 1: cache-only slots are reclaimed when vm_swap_full() (mm/swapfile.c); 0: never
G_PIN = 9          # vswap rules: 1: a cluster cached on a CPU stays mapped while empty (refcount pin); 0: unmapped when empty
G_SIZE = 10

# Columns of the per-CPU table `pcp`: the cached offset of each order (percpu_cluster->next[order]
# in 6.12, percpu_swap_cluster.offset[order] in 6.18), then the 6.12 swap slots cache: entries
# left, index of the next one, the reserved slots.
SWAP_SLOTS_CACHE_SIZE = 64
"""SWAP_BATCH (include/linux/swap.h), the size of a per-CPU swap slots cache (6.12)."""
THRESHOLD_ACTIVATE_SWAP_SLOTS_CACHE = 5 * SWAP_SLOTS_CACHE_SIZE
THRESHOLD_DEACTIVATE_SWAP_SLOTS_CACHE = 2 * SWAP_SLOTS_CACHE_SIZE
P_SC_NR = SWAP_NR_ORDERS
P_SC_CUR = SWAP_NR_ORDERS + 1
P_SC_SLOTS = SWAP_NR_ORDERS + 2
P_SIZE = P_SC_SLOTS + SWAP_SLOTS_CACHE_SIZE

Dev = namedtuple("Dev", "bits cl ls pcp g heap")
"""A device (the allocator's `struct swap_info_struct`) as six arrays: the slot states as two
bitmaps interleaved word by word (`bits[w, 0]`: free slots w*64..w*64+63, `bits[w, 1]`: the
cache-only ones; one 16-byte pair per 64 slots, so the two bits of a slot share a cache line and a
cluster's 512 slots fill two lines), which let a scan test 64 slots at a time; per cluster count,
order, list, prev, next (`struct swap_cluster_info`); per list head, tail, length; per-CPU cached
offsets by order and the 6.12 swap slots cache; scalars; the dynamic min-heap. Compiled functions
take the record as `si` and unpack it at entry. `slot_states()` gives the per-slot states."""


def new_device(n_slots: int, n_cpus: int = 1, rules: int = RULES_6_18, dynamic: bool = False,
               cache_reclaim: bool = True, pin_cached: bool = False) -> Dev:
    """A swapped-on device of `n_slots` slots (static), or a dynamic space of up to `n_slots` slots.

    Static: slot 0 holds the swap header and is counted as used, so cluster 0 starts on
    nonfull[0] (setup_clusters() in 6.18); every other cluster is free, in index order.
    Dynamic: no header; free cluster ids come from a min-heap, as xa_alloc() gives the lowest free id.
    `rules` RULES_VSWAP (dynamic only) takes vswap-v3's allocator; `cache_reclaim` False never
    reclaims cache-only slots (vswap's rule); `pin_cached` keeps an empty cluster a CPU caches
    mapped (vswap-v3's refcount, RULES_VSWAP only).
    """
    if rules == RULES_VSWAP and not dynamic:
        raise ValueError("RULES_VSWAP is the allocator of a dynamic virtual space")
    n_clusters = -(-n_slots // CLUSTER)
    cl = np.zeros((n_clusters, N_C), np.int32)
    cl[:, C_LIST] = L_NONE
    cl[:, C_PREV] = NIL
    cl[:, C_NEXT] = NIL
    ls = np.zeros((N_LISTS, 3), np.int32)
    ls[:, H_HEAD] = NIL
    ls[:, H_TAIL] = NIL
    pcp = np.full((n_cpus, P_SIZE), -1, np.int64)
    pcp[:, P_SC_NR] = 0
    pcp[:, P_SC_CUR] = 0
    bits = np.zeros((n_clusters * CLUSTER // 64, 2), np.uint64)
    # every slot free but the header slot (static) and those past the end of the device in the
    # last cluster, which are unusable like bad slots
    free = np.ones(n_clusters * CLUSTER, np.bool_)
    free[n_slots:] = False
    if not dynamic:
        free[0] = False
    bits[:, 0] = np.packbits(free, bitorder="little").view("<u8")
    d = Dev(bits, cl, ls, pcp, np.zeros(G_SIZE, np.int64), np.zeros(n_clusters, np.int32))
    d.g[G_RULES] = rules
    d.g[G_DYNAMIC] = int(dynamic)
    d.g[G_SLOTS] = n_slots
    d.g[G_CACHE_RECLAIM] = int(cache_reclaim)
    d.g[G_PIN] = int(pin_cached)
    _setup(d, n_slots, n_clusters * CLUSTER - n_slots, dynamic)
    return d


def slot_states(d: Dev) -> np.ndarray:
    """The state of every slot of device `d` (SLOT_FREE, SLOT_USED, SLOT_CACHE, SLOT_BAD; int8, one
    per slot of its clusters), read from its bitmaps."""
    n = d.bits.shape[0] * 64
    free = np.unpackbits(np.ascontiguousarray(d.bits[:, 0]).view(np.uint8), bitorder="little").astype(np.bool_)
    cache = np.unpackbits(np.ascontiguousarray(d.bits[:, 1]).view(np.uint8), bitorder="little").astype(np.bool_)
    out = np.full(n, SLOT_USED, np.int8)
    out[free] = SLOT_FREE
    out[cache] = SLOT_CACHE
    out[int(d.g[G_SLOTS]):] = SLOT_BAD
    if not d.g[G_DYNAMIC]:
        out[0] = SLOT_BAD
    return out


@njit(cache=True, _nrt=False)
def _setup(si, n_slots, tail, dynamic):
    """setup_clusters(): usable slots, the header slot and the unusable tail counted as used, each
    cluster on nonfull[0] (partly used), the free list (static) or the heap of unmapped ids (dynamic)."""
    bits, cl, ls, pcp, g, heap = si
    n_clusters = cl.shape[0]
    g[G_USABLE] = n_slots
    if tail:
        cl[n_clusters - 1, C_COUNT] = tail
    if not dynamic:
        cl[0, C_COUNT] += 1
        g[G_USABLE] = n_slots - 1
    for ci in range(n_clusters):
        if cl[ci, C_COUNT] > 0:
            if g[G_RULES] == RULES_VSWAP:
                continue  # the unusable tail past the space: never on a partial list, never mapped
            list_add_tail(cl, ls, ci, L_NONFULL + 0)
        elif dynamic:
            heap_push(heap, g, ci)
        else:
            list_add_tail(cl, ls, ci, L_FREE)


# ------------------------------------------------------------------ bitmaps

ONE = np.uint64(1)


B_FREE, B_CACHE = 0, 1
"""Columns of `bits`: free slots, cache-only slots."""
ALL = np.uint64(0xFFFFFFFFFFFFFFFF)


@njit(cache=True, inline="always", _nrt=False)
def _word_mask(s, end):
    """Bits of slots [s, end) in the 64-slot word of `s` (end <= the word's end)."""
    n = end - s
    if n >= 64:
        return ALL
    return ((ONE << np.uint64(n)) - ONE) << np.uint64(s & 63)


@njit(cache=True, inline="always", _nrt=False)
def _candidates(bits, word, full):
    """Slots of a 64-slot word that may start an allocation: free ones, and cache-only ones when
    vm_swap_full() allows reclaiming them."""
    w = bits[word, B_FREE]
    if full:
        w |= bits[word, B_CACHE]
    return w


@njit(cache=True, inline="always", _nrt=False)
def _lowest_bit(w):
    """Index of the lowest set bit of a non-zero word (count trailing zeros)."""
    return int(trailing_zeros(w))


@njit(cache=True, inline="always", _nrt=False)
def slot_is_cache(si, s):
    """Slot `s` is cache-only (swap count 0, SWAP_HAS_CACHE)."""
    return (si.bits[s >> 6, B_CACHE] >> np.uint64(s & 63)) & ONE != 0


@njit(cache=True, inline="always", _nrt=False)
def slot_is_used(si, s):
    """Slot `s` has a swap count (neither free, cache-only nor bad)."""
    if s >= si.g[G_SLOTS] or (s == 0 and not si.g[G_DYNAMIC]):
        return False
    w = si.bits[s >> 6, B_FREE] | si.bits[s >> 6, B_CACHE]
    return (w >> np.uint64(s & 63)) & ONE == 0


# ------------------------------------------------------------------ lists


@njit(cache=True, inline="always", _nrt=False)
def list_del(cl, ls, ci):
    """list_del_init() of cluster `ci` from the list it is on (its flags become CLUSTER_FLAG_NONE)."""
    lst = cl[ci, C_LIST]
    if lst == L_NONE:
        return
    p, n = cl[ci, C_PREV], cl[ci, C_NEXT]
    if p != NIL:
        cl[p, C_NEXT] = n
    else:
        ls[lst, H_HEAD] = n
    if n != NIL:
        cl[n, C_PREV] = p
    else:
        ls[lst, H_TAIL] = p
    ls[lst, H_LEN] -= 1
    cl[ci, C_LIST] = L_NONE
    cl[ci, C_PREV] = NIL
    cl[ci, C_NEXT] = NIL


@njit(cache=True, inline="always", _nrt=False)
def list_add_tail(cl, ls, ci, lst):
    """list_move_tail(): off its list, onto the tail of `lst`."""
    list_del(cl, ls, ci)
    t = ls[lst, H_TAIL]
    cl[ci, C_PREV] = t
    cl[ci, C_NEXT] = NIL
    if t != NIL:
        cl[t, C_NEXT] = ci
    else:
        ls[lst, H_HEAD] = ci
    ls[lst, H_TAIL] = ci
    ls[lst, H_LEN] += 1
    cl[ci, C_LIST] = lst


@njit(cache=True, inline="always", _nrt=False)
def heap_push(heap, g, ci):
    """Return cluster id `ci` to the dynamic space's min-heap of unmapped ids."""
    i = g[G_HEAP]
    heap[i] = ci
    g[G_HEAP] = i + 1
    while i > 0:
        parent = (i - 1) >> 1
        if heap[parent] <= heap[i]:
            break
        heap[parent], heap[i] = heap[i], heap[parent]
        i = parent


@njit(cache=True, inline="always", _nrt=False)
def heap_pop(heap, g):
    """The lowest unmapped cluster id of a dynamic space (as xa_alloc() gives), or NIL."""
    n = g[G_HEAP]
    if n == 0:
        return NIL
    top = heap[0]
    n -= 1
    g[G_HEAP] = n
    heap[0] = heap[n]
    i = 0
    while True:
        left, right, small = 2 * i + 1, 2 * i + 2, i
        if left < n and heap[left] < heap[small]:
            small = left
        if right < n and heap[right] < heap[small]:
            small = right
        if small == i:
            break
        heap[small], heap[i] = heap[i], heap[small]
        i = small
    return top


@njit(cache=True, inline="always", _nrt=False)
def isolate_lock_cluster(si, lst):
    """isolate_lock_cluster() (mm/swapfile.c, v6.18): take the first cluster off list `lst`
    (its flags become CLUSTER_FLAG_NONE). No locking here (SIMPLIFICATION).

    Parameters
    ----------
    si : Dev
        The device.
    lst : int
        List id: L_FREE, L_FULL, L_NONFULL + order or L_FRAG + order.

    Returns
    -------
    int
        The cluster index, or NIL when the list is empty.
    """
    cl, ls = si.cl, si.ls
    ci = ls[lst, H_HEAD]
    if ci != NIL:
        list_del(cl, ls, ci)
    return ci


@njit(cache=True, inline="always", _nrt=False)
def isolate_free_cluster(si):
    """isolate_lock_cluster(si, &si->free_clusters) (v6.18): the head of the free list; for a
    dynamic space, the lowest unmapped cluster id (mapping it). Returns the cluster index or NIL."""
    if si.g[G_DYNAMIC]:
        return heap_pop(si.heap, si.g)
    return isolate_lock_cluster(si, L_FREE)


@njit(cache=True, inline="always", _nrt=False)
def free_cluster(si, ci):
    """free_cluster() / __free_cluster() (v6.18): cluster `ci` to the free list tail, order reset
    (6.18 also frees the swap table). A dynamic space unmaps the cluster instead (SIMPLIFICATION:
    at once, not via RCU)."""
    cl, ls, g = si.cl, si.ls, si.g
    cl[ci, C_ORDER] = 0
    cl[ci, C_FLAGS] = 0
    if g[G_DYNAMIC]:
        list_del(cl, ls, ci)
        heap_push(si.heap, g, ci)
    else:
        list_add_tail(cl, ls, ci, L_FREE)


@njit(cache=True, inline="always", _nrt=False)
def relocate_cluster(si, ci):
    """relocate_cluster() (v6.18): cluster `ci` empty -> free; partial -> frag[order]; full -> full."""
    cl, ls = si.cl, si.ls
    count = cl[ci, C_COUNT]
    if count == 0:
        free_cluster(si, ci)
    elif count != CLUSTER:
        if cl[ci, C_LIST] != L_FRAG + cl[ci, C_ORDER]:
            list_add_tail(cl, ls, ci, L_FRAG + cl[ci, C_ORDER])
    elif cl[ci, C_LIST] != L_FULL:
        list_add_tail(cl, ls, ci, L_FULL)


# ------------------------------------------------------------------ freeing


@njit(cache=True, _nrt=False)
def swap_entries_free(si, start, nr):
    """swap_entries_free() (mm/swapfile.c, v6.18) / dec_cluster_info_page() (v6.12): free slots
    [start, start + nr) of one cluster; an emptied cluster goes to the free list
    (free_cluster()), a partial one to nonfull[order] (partial_free_cluster()).

    Parameters
    ----------
    si : Dev
        The device.
    start : int
        First slot (swap offset), in slots from the start of the device.
    nr : int
        Number of slots, 1 to 512; all in the cluster of `start`.
    """
    bits, cl, ls, pcp, g, heap = si
    g[G_EVENTS] += 1
    ci = start >> CLUSTER_SHIFT
    s, end = start, start + nr
    while s < end:
        word_end = min(((s >> 6) + 1) << 6, end)
        m = _word_mask(s, word_end)
        bits[s >> 6, B_FREE] |= m
        bits[s >> 6, B_CACHE] &= ~m
        s = word_end
    cl[ci, C_COUNT] -= nr
    g[G_INUSE] -= nr
    if g[G_RULES] == RULES_VSWAP:
        release_vswap_slots(si, ci)
    elif cl[ci, C_COUNT] == 0:
        free_cluster(si, ci)
    elif cl[ci, C_LIST] != L_NONFULL + cl[ci, C_ORDER]:
        list_add_tail(cl, ls, ci, L_NONFULL + cl[ci, C_ORDER])


@njit(cache=True, inline="always", _nrt=False)
def mark_cache_only(si, s):
    """The swap count of slot `s` dropped to 0 while its folio stays in the swap cache
    (SWAP_HAS_CACHE only)."""
    si.bits[s >> 6, B_CACHE] |= ONE << np.uint64(s & 63)


# ------------------------------------------------------------------ allocation


@njit(cache=True, inline="always", _nrt=False)
def vm_swap_full(g):
    """vm_swap_full(): nr_swap_pages * 2 < total_swap_pages (include/linux/swap.h)."""
    return (g[G_USABLE] - g[G_INUSE]) * 2 < g[G_USABLE]


@njit(cache=True, inline="always", _nrt=False)
def may_reclaim_cache(g):
    """The allocator may reclaim cache-only slots now: vm_swap_full(), on a space whose rules reclaim
    them at all (G_CACHE_RECLAIM). vswap never does on its virtual space: vswap-v3/v6 take only
    bitmap-free slots (intel-lab-lkp/linux mm/vswap.c at commit 03fb548d5974, vswap_alloc_from_cluster),
    vswap-ste-v2's cluster_scan_range() treats a cached vswap slot as taken and cluster_alloc_swap_entry()
    skips swap_reclaim_full_clusters() for vswap (RFC v2 2/7,
    https://lore.kernel.org/all/20260612193738.2183968-3-nphamcs@gmail.com/)."""
    return g[G_CACHE_RECLAIM] != 0 and vm_swap_full(g)


@njit(cache=True, inline="always", _nrt=False)
def cluster_is_usable(cl, ci, order):
    """cluster_is_usable() (v6.18): not full (or discarding), and empty or of this order (any for order 0)."""
    if cl[ci, C_LIST] == L_FULL:
        return False
    if order == 0:
        return True
    return cl[ci, C_COUNT] == 0 or cl[ci, C_ORDER] == order


@njit(cache=True, inline="always", _nrt=False)
def cluster_scan_range(si, start, nr):
    """cluster_scan_range() + cluster_reclaim_range() (v6.18): True when slots [start, start + nr)
    are free, after reclaiming cache-only slots if vm_swap_full() (SIMPLIFICATION: reclaim always
    succeeds). The range is tested 64 slots at a time."""
    bits, g = si.bits, si.g
    need_reclaim = False
    s, end = start, start + nr
    while s < end:
        word_end = min(((s >> 6) + 1) << 6, end)
        m = _word_mask(s, word_end)
        free = bits[s >> 6, B_FREE] & m
        if free != m:
            if (free | (bits[s >> 6, B_CACHE] & m)) != m:
                return False  # a used or bad slot
            if not may_reclaim_cache(g):
                return False
            need_reclaim = True
        s = word_end
    if need_reclaim:
        s = start
        while s < end:
            word_end = min(((s >> 6) + 1) << 6, end)
            cache = bits[s >> 6, B_CACHE] & _word_mask(s, word_end)
            base = (s >> 6) << 6
            while cache != 0:  # lowest first
                swap_entries_free(si, base + _lowest_bit(cache), 1)
                cache &= cache - ONE
            s = word_end
    return True


@njit(cache=True, inline="always", _nrt=False)
def cluster_alloc_range(si, ci, start, order):
    """cluster_alloc_range() (v6.18): the first allocation in a cluster sets its order; 6.12 also
    moves a cluster taken from the free list to nonfull[order], and a full one to the full list."""
    bits, cl, ls, g = si.bits, si.cl, si.ls, si.g
    nr = 1 << order
    if cl[ci, C_COUNT] == 0:
        cl[ci, C_ORDER] = order
        if g[G_RULES] == RULES_6_12 and nr < CLUSTER:
            list_add_tail(cl, ls, ci, L_NONFULL + order)
    s, end = start, start + nr
    while s < end:
        word_end = min(((s >> 6) + 1) << 6, end)
        bits[s >> 6, B_FREE] &= ~_word_mask(s, word_end)
        s = word_end
    cl[ci, C_COUNT] += nr
    g[G_INUSE] += nr
    if g[G_RULES] == RULES_6_12 and cl[ci, C_COUNT] == CLUSTER:
        list_add_tail(cl, ls, ci, L_FULL)


@njit(cache=True, _nrt=False)
def alloc_swap_scan_cluster(si, ci, offset, order, cpu):
    """alloc_swap_scan_cluster() (mm/swapfile.c, v6.18; the same scan in v6.12): forward from
    `offset` in steps of 2**order for a free, naturally aligned range; then relocate_cluster()
    (6.18) and the next offset into the per-CPU cache (invalid when nothing was found or the
    cluster is full).

    Parameters
    ----------
    si : Dev
        The device.
    ci : int
        Cluster index (the cluster holds slots [ci * 512, ci * 512 + 512)).
    offset : int
        Slot to start the scan at, in slots from the start of the device, inside cluster `ci`.
    order : int
        Folio order, 0 to 9: the scan wants 2**order slots.
    cpu : int
        CPU whose per-CPU cluster cache (percpu_swap_cluster.offset[order]) is updated.

    Returns
    -------
    int
        The first slot allocated, or -1.
    """
    bits, cl, ls, pcp, g, heap = si
    nr = 1 << order
    end = (ci << CLUSTER_SHIFT) + CLUSTER - nr
    found = -1
    nxt = -1
    if cl[ci, C_COUNT] + nr <= CLUSTER:
        off = offset
        full = may_reclaim_cache(g)
        while off <= end:
            # skip, a word at a time, positions whose first slot can be neither free nor reclaimed
            cand = _candidates(bits, off >> 6, full) >> np.uint64(off & 63)
            if cand == 0:
                off = ((off >> 6) + 1) << 6
                if order > 6:
                    off = (off + nr - 1) & ~(nr - 1)
                continue
            if order == 0:
                off += _lowest_bit(cand)
            elif (cand & ONE) == 0:
                off += nr
                continue
            if cluster_scan_range(si, off, nr):
                if cl[ci, C_COUNT] == 0 and cl[ci, C_LIST] == L_FREE:
                    list_del(cl, ls, ci)
                cluster_alloc_range(si, ci, off, order)
                found = off
                off += nr
                if cl[ci, C_COUNT] < CLUSTER and off <= end:
                    nxt = off
                break
            off += nr
    if g[G_RULES] == RULES_6_18:
        relocate_cluster(si, ci)
    elif cl[ci, C_COUNT] == 0 and cl[ci, C_LIST] == L_NONE:
        free_cluster(si, ci)
    pcp[cpu, order] = nxt
    return found


@njit(cache=True, _nrt=False)
def swap_reclaim_full_clusters(si):
    """swap_reclaim_full_clusters(si, false) (v6.18): scan one full cluster (rotated to the tail)
    and reclaim its cache-only slots."""
    cl, ls, bits = si.cl, si.ls, si.bits
    ci = ls[L_FULL, H_HEAD]
    if ci == NIL:
        return
    list_add_tail(cl, ls, ci, L_FULL)
    first_word = (ci << CLUSTER_SHIFT) >> 6
    for word in range(first_word, first_word + CLUSTER // 64):
        while bits[word, B_CACHE] != 0:  # cache-only slots of this word, lowest first
            swap_entries_free(si, (word << 6) + _lowest_bit(bits[word, B_CACHE]), 1)


@njit(cache=True, _nrt=False)
def _steal_order0(si, cpu):
    """The order-0 stealing at the end of cluster_alloc_swap_entry() (v6.18 and v6.12): from
    clusters of order 1..9, all of frag[o], then all of nonfull[o]. Returns a slot or -1.
    SIMPLIFICATION: each list is scanned at most once per call (the kernel relies on order 0
    never failing in a non-full cluster)."""
    cl, ls, g = si.cl, si.ls, si.g
    for o in range(1, SWAP_NR_ORDERS):
        for base in (L_FRAG, L_NONFULL):
            lst = base + o
            for _ in range(ls[lst, H_LEN]):
                ci = ls[lst, H_HEAD]
                if ci == NIL:
                    break
                if g[G_RULES] == RULES_6_18:
                    list_del(cl, ls, ci)
                found = alloc_swap_scan_cluster(si, ci, ci << CLUSTER_SHIFT, 0, cpu)
                if found >= 0:
                    return found
                if g[G_RULES] == RULES_6_12 and cl[ci, C_LIST] == lst:
                    list_add_tail(cl, ls, ci, lst)
    return -1


@njit(cache=True, inline="always", _nrt=False)
def swap_alloc_fast(si, order, cpu):
    """swap_alloc_fast() (mm/swapfile.c, v6.18): the CPU's cached cluster
    (percpu_swap_cluster.offset[order]), if still cluster_is_usable() for this order; an empty one
    is scanned from its start.

    Parameters
    ----------
    si : Dev
        The device (one device: percpu_swap_cluster.si[order] is always this one).
    order : int
        Folio order, 0 to 9.
    cpu : int
        CPU index, 0 to n_cpus - 1.

    Returns
    -------
    int
        The first slot allocated, or -1.
    """
    off = si.pcp[cpu, order]
    if off >= 0:
        ci = off >> CLUSTER_SHIFT
        if cluster_is_usable(si.cl, ci, order):
            if si.cl[ci, C_COUNT] == 0:
                off = ci << CLUSTER_SHIFT
            return alloc_swap_scan_cluster(si, ci, off, order, cpu)
    return -1


@njit(cache=True, inline="always", _nrt=False)
def cluster_alloc_swap_entry(si, order, cpu):
    """cluster_alloc_swap_entry() (mm/swapfile.c, v6.18, device without SWP_PAGE_DISCARD), the
    slow path swap_alloc_slow() takes on our one device: all of nonfull[order], one free cluster,
    swap_reclaim_full_clusters() when vm_swap_full(), one frag[order] cluster, then (order 0 only)
    stealing from higher orders.

    Parameters
    ----------
    si : Dev
        The device.
    order : int
        Folio order, 0 to 9.
    cpu : int
        CPU index whose per-CPU cluster cache each scan updates.

    Returns
    -------
    int
        The first slot allocated, or -1.
    """
    ls = si.ls
    if order < PMD_ORDER:
        for _ in range(ls[L_NONFULL + order, H_LEN]):
            ci = isolate_lock_cluster(si, L_NONFULL + order)
            if ci == NIL:
                break
            found = alloc_swap_scan_cluster(si, ci, ci << CLUSTER_SHIFT, order, cpu)
            if found >= 0:
                return found
    ci = isolate_free_cluster(si)
    if ci != NIL:
        found = alloc_swap_scan_cluster(si, ci, ci << CLUSTER_SHIFT, order, cpu)
        if found >= 0:
            return found
    if may_reclaim_cache(si.g):
        swap_reclaim_full_clusters(si)
    if order < PMD_ORDER:
        ci = isolate_lock_cluster(si, L_FRAG + order)
        if ci != NIL:
            found = alloc_swap_scan_cluster(si, ci, ci << CLUSTER_SHIFT, order, cpu)
            if found >= 0:
                return found
    if order > 0:
        return -1
    return _steal_order0(si, cpu)


@njit(cache=True, inline="always", _nrt=False)
def cluster_alloc_swap_entry_6_12(si, order, cpu):
    """cluster_alloc_swap_entry() of v6.12 (Chris Li's v5 series with Kairui Song's reclaim
    patches): the per-CPU next[order] scanned without an order check; then the first free cluster
    (must succeed); full-cluster reclaim; every nonfull[order] cluster, each moved to frag first;
    up to frag_cluster_nr[order] frag clusters, rotated; order-0 stealing. Parameters and return
    value as `cluster_alloc_swap_entry`."""
    cl, ls, pcp, g = si.cl, si.ls, si.pcp, si.g
    off = pcp[cpu, order]
    if off >= 0:
        found = alloc_swap_scan_cluster(si, off >> CLUSTER_SHIFT, off, order, cpu)
        if found >= 0:
            return found
    # the first free cluster must succeed
    ci = heap_pop(si.heap, g) if g[G_DYNAMIC] else ls[L_FREE, H_HEAD]
    if ci != NIL:
        return alloc_swap_scan_cluster(si, ci, ci << CLUSTER_SHIFT, order, cpu)
    if may_reclaim_cache(g):
        swap_reclaim_full_clusters(si)
    if order < PMD_ORDER:
        frags = 0
        for _ in range(ls[L_NONFULL + order, H_LEN]):
            ci = ls[L_NONFULL + order, H_HEAD]
            if ci == NIL:
                break
            list_add_tail(cl, ls, ci, L_FRAG + order)
            found = alloc_swap_scan_cluster(si, ci, ci << CLUSTER_SHIFT, order, cpu)
            frags += 1
            if found >= 0:
                return found
        while frags < ls[L_FRAG + order, H_LEN]:
            ci = ls[L_FRAG + order, H_HEAD]
            list_add_tail(cl, ls, ci, L_FRAG + order)
            found = alloc_swap_scan_cluster(si, ci, ci << CLUSTER_SHIFT, order, cpu)
            frags += 1
            if found >= 0:
                return found
    if order > 0:
        return -1
    return _steal_order0(si, cpu)


@njit(cache=True, _nrt=False)
def check_cache_active(si):
    """check_cache_active() (mm/swap_slots.c, v6.12): switch the swap slots cache on above 5 * 64
    free slots per CPU; below 2 * 64 switch it off and drain every CPU's cache
    (swapcache_free_entries() of the reserved slots). Returns whether the cache is active."""
    pcp, g = si.pcp, si.g
    free = g[G_USABLE] - g[G_INUSE]
    n_cpus = pcp.shape[0]
    if not g[G_SLOTS_CACHE]:
        if free > n_cpus * THRESHOLD_ACTIVATE_SWAP_SLOTS_CACHE:
            g[G_SLOTS_CACHE] = 1
        return g[G_SLOTS_CACHE] == 1
    if free < n_cpus * THRESHOLD_DEACTIVATE_SWAP_SLOTS_CACHE:
        g[G_SLOTS_CACHE] = 0
        for c in range(n_cpus):
            for i in range(pcp[c, P_SC_CUR], pcp[c, P_SC_CUR] + pcp[c, P_SC_NR]):
                swap_entries_free(si, pcp[c, P_SC_SLOTS + i], 1)
            pcp[c, P_SC_NR] = 0
            pcp[c, P_SC_CUR] = 0
    return g[G_SLOTS_CACHE] == 1


@njit(cache=True, _nrt=False)
def folio_alloc_swap_slots_cache(si, cpu):
    """folio_alloc_swap() of an order-0 folio in v6.12 (mm/swap_slots.c): from the per-CPU swap
    slots cache, refilled with min(64, free slots) order-0 slots (refill_swap_slots_cache(),
    get_swap_pages(SWAP_SLOTS_CACHE_SIZE, slots, 0)); directly from the allocator when the cache
    is off or the refill found nothing. Returns a slot or -1."""
    pcp, g = si.pcp, si.g
    if check_cache_active(si):
        if pcp[cpu, P_SC_NR] == 0:
            goal = min(SWAP_SLOTS_CACHE_SIZE, g[G_USABLE] - g[G_INUSE])
            n = 0
            while n < goal:
                s = cluster_alloc_swap_entry_6_12(si, 0, cpu)
                if s < 0:
                    break
                pcp[cpu, P_SC_SLOTS + n] = s
                n += 1
            pcp[cpu, P_SC_NR] = n
            pcp[cpu, P_SC_CUR] = 0
        if pcp[cpu, P_SC_NR] > 0:
            s = pcp[cpu, P_SC_SLOTS + pcp[cpu, P_SC_CUR]]
            pcp[cpu, P_SC_CUR] += 1
            pcp[cpu, P_SC_NR] -= 1
            return s
    return cluster_alloc_swap_entry_6_12(si, 0, cpu)


@njit(cache=True, _nrt=False)
def folio_alloc_swap(si, order, cpu):
    """folio_alloc_swap() (mm/swapfile.c, v6.18; mm/swap_slots.c in v6.12) for an order-`order`
    folio on CPU `cpu`, under the device's rule set: 6.18 swap_alloc_fast() then the slow path
    cluster_alloc_swap_entry(); 6.12 the swap slots cache for order 0 (unless not modelled), else
    its cluster_alloc_swap_entry().

    Parameters
    ----------
    si : Dev
        The device.
    order : int
        Folio order, 0 to 9 (2**order slots, naturally aligned).
    cpu : int
        CPU index, 0 to n_cpus - 1.

    Returns
    -------
    int
        The first of the 2**order slots allocated, or -1 (no space of this order).
    """
    g = si.g
    g[G_EVENTS] += 1
    if g[G_RULES] == RULES_VSWAP:
        return vswap_alloc(si, order, cpu)
    if g[G_RULES] == RULES_6_18:
        found = swap_alloc_fast(si, order, cpu)
        if found >= 0:
            return found
        return cluster_alloc_swap_entry(si, order, cpu)
    if order == 0 and g[G_SLOTS_CACHE] >= 0:
        return folio_alloc_swap_slots_cache(si, cpu)
    return cluster_alloc_swap_entry_6_12(si, order, cpu)


# ------------------------------------------------------------------ vswap-v3's virtual allocator
#
# mm/vswap.c of vswap v3 (PATCH v3 09/20, https://lore.kernel.org/all/20260208215839.87595-10-nphamcs@gmail.com/:
# vswap_alloc, vswap_alloc_from_cluster, cluster_is_alloc_candidate, release_vswap_slot, vswap_cluster_free),
# unchanged in v6 (intel-lab-lkp/linux mm/vswap.c at commit 03fb548d59749312f06692580cd097b047864574,
# folio_alloc_swap, vswap_alloc_from_cluster). A cluster serves the order of its first allocation for its
# whole life; its `partial_clusters_lists[order]` is nonfull[order] here, its per-CPU cache
# (percpu_vswap_cluster.clusters[order]) is pcp[cpu, order] holding a cluster id; there is no frag list and
# no order-0 stealing. The refcount is the allocated slots plus one while a CPU caches the cluster
# (F_CACHED), so an empty cached cluster stays mapped (G_PIN; G_PIN = 0 runs the former assumption: unmapped
# the moment it empties). SIMPLIFICATION: no locking (spin_trylock never fails); the kvfree_rcu delay is not
# modelled.

_ALIGNED = np.array([0xFFFFFFFFFFFFFFFF, 0x5555555555555555, 0x1111111111111111, 0x0101010101010101,
                     0x0001000100010001, 0x0000000100000001, 0x0000000000000001], np.uint64)
"""Per order 0..6, the bits of a 64-slot word at which a naturally aligned run of 2**order slots starts."""


@njit(cache=True, inline="always", _nrt=False)
def cluster_is_alloc_candidate(cl, ci, order):
    """cluster_is_alloc_candidate() (mm/vswap.c, v3): count + 2**order <= 512."""
    return cl[ci, C_COUNT] + (1 << order) <= CLUSTER


@njit(cache=True, _nrt=False)
def vswap_find_area(bits, ci, order):
    """bitmap_find_next_zero_area(bitmap, 512, start, nr, nr - 1) as vswap_alloc_from_cluster() calls it:
    the first free naturally aligned run of 2**order slots of cluster `ci`, from slot 0 (from 2**order in
    cluster 0, whose slot 0 is never handed out: `i = cluster->id ? 0 : nr`). Free slots only: a
    cache-only slot is taken. Returns the first slot or -1."""
    nr = 1 << order
    first_word = ci << (CLUSTER_SHIFT - 6)
    start = nr if ci == 0 else 0
    if order <= 6:
        for w in range(start >> 6, CLUSTER // 64):
            r = bits[first_word + w, B_FREE]
            if w == start >> 6 and (start & 63):
                r &= ~((ONE << np.uint64(start & 63)) - ONE)
            step = 1
            while step < nr:
                r &= r >> np.uint64(step)
                step <<= 1
            r &= _ALIGNED[order]
            if r != 0:
                return ((first_word + w) << 6) + _lowest_bit(r)
        return -1
    words = nr >> 6
    for w in range(start >> 6, CLUSTER // 64, words):
        ok = True
        for k in range(words):
            if bits[first_word + w + k, B_FREE] != ALL:
                ok = False
                break
        if ok:
            return (first_word + w) << 6
    return -1


@njit(cache=True, inline="always", _nrt=False)
def vswap_alloc_from_cluster(si, ci, order):
    """vswap_alloc_from_cluster() (mm/vswap.c, v3): if cluster_is_alloc_candidate(), the first free
    aligned run of the cluster's order, allocated. Returns its first slot or -1."""
    bits, cl, g = si.bits, si.cl, si.g
    if not cluster_is_alloc_candidate(cl, ci, order):
        return -1
    s = vswap_find_area(bits, ci, order)
    if s < 0:
        return -1
    nr = 1 << order
    t, end = s, s + nr
    while t < end:
        word_end = min(((t >> 6) + 1) << 6, end)
        bits[t >> 6, B_FREE] &= ~_word_mask(t, word_end)
        t = word_end
    cl[ci, C_COUNT] += nr
    g[G_INUSE] += nr
    return s


@njit(cache=True, inline="always", _nrt=False)
def vswap_cluster_free(si, ci):
    """vswap_cluster_free() (mm/vswap.c, v3): off its partial list, its id erased from vswap_cluster_map
    (back to the pool of free ids), order and flags reset."""
    free_cluster(si, ci)


@njit(cache=True, inline="always", _nrt=False)
def vswap_uncache(si, cpu, order):
    """The CPU drops its cached cluster of `order` (this_cpu_write(clusters[order], NULL), cached = false,
    refcount_dec); an emptied cluster whose last reference that was is freed (vswap_cpu_dead's
    refcount_dec_and_test)."""
    cl, pcp = si.cl, si.pcp
    ci = pcp[cpu, order]
    if ci < 0:
        return
    pcp[cpu, order] = -1
    cl[ci, C_FLAGS] &= ~F_CACHED
    if cl[ci, C_COUNT] == 0:
        vswap_cluster_free(si, ci)


@njit(cache=True, inline="always", _nrt=False)
def release_vswap_slots(si, ci):
    """release_vswap_slot() (mm/vswap.c, v3) after slots of cluster `ci` were cleared: the cluster is
    freed when its refcount (slots + per-CPU pin) reaches 0; a cluster marked full that can take a
    folio of its order again goes back on the tail of partial_clusters_lists[order] unless cached.
    G_PIN = 0 (the former assumption): an empty cluster is unmapped even while cached."""
    cl, ls, g = si.cl, si.ls, si.g
    flags = cl[ci, C_FLAGS]
    order = cl[ci, C_ORDER]
    if cl[ci, C_COUNT] == 0 and (not (flags & F_CACHED) or not g[G_PIN]):
        if flags & F_CACHED:
            for c in range(si.pcp.shape[0]):
                if si.pcp[c, order] == ci:
                    si.pcp[c, order] = -1
        vswap_cluster_free(si, ci)
    elif (flags & F_FULL) and cluster_is_alloc_candidate(cl, ci, order):
        cl[ci, C_FLAGS] = flags & ~F_FULL
        if not (flags & F_CACHED):
            list_add_tail(cl, ls, ci, L_NONFULL + order)


@njit(cache=True, _nrt=False)
def vswap_alloc(si, order, cpu):
    """vswap_alloc() (mm/vswap.c, PATCH v3 09/20; v6 the same): the CPU's cached cluster of `order`; then
    the uncached partial clusters of that order, head first (each taken off the list; one that cannot
    give a run is marked full); then a new cluster at the lowest free id (xa_alloc() with
    XA_FLAGS_TRACK_FREE; an order-9 cluster from id 1, since cluster 0 keeps its first 2**order slots
    free). The cluster the run came from is cached on the CPU if it can take another folio of its order
    and the CPU's cached one cannot, else put at the head of the partial list. Returns the first slot or -1."""
    cl, ls, pcp, g, heap = si.cl, si.ls, si.pcp, si.g, si.heap
    found = -1
    need_caching = True
    ci = pcp[cpu, order]
    if ci >= 0:
        found = vswap_alloc_from_cluster(si, ci, order)
        need_caching = found < 0
        if found < 0 or not cluster_is_alloc_candidate(cl, ci, order):
            pcp[cpu, order] = -1
            cl[ci, C_FLAGS] = (cl[ci, C_FLAGS] & ~F_CACHED) | F_FULL
    if found < 0:
        lst = L_NONFULL + order
        while ls[lst, H_HEAD] != NIL:
            ci = isolate_lock_cluster(si, lst)
            found = vswap_alloc_from_cluster(si, ci, order)
            if found < 0 or not cluster_is_alloc_candidate(cl, ci, order):
                cl[ci, C_FLAGS] |= F_FULL
                need_caching = False
            else:
                cl[ci, C_FLAGS] &= ~F_FULL
                need_caching = True
            if found >= 0:
                break
    if found < 0:
        if order == PMD_ORDER and g[G_HEAP] > 0 and heap[0] == 0:
            heap_pop(heap, g)            # limit.min = 1: cluster 0 cannot hold a PMD-sized folio
            ci = heap_pop(heap, g)
            heap_push(heap, g, 0)
        else:
            ci = heap_pop(heap, g)
        if ci == NIL:
            return -1
        cl[ci, C_ORDER] = order
        cl[ci, C_FLAGS] = 0
        found = vswap_alloc_from_cluster(si, ci, order)
        need_caching = cluster_is_alloc_candidate(cl, ci, order)
    if need_caching:
        local = pcp[cpu, order]
        if local != ci:
            if local >= 0:
                need_caching = not cluster_is_alloc_candidate(cl, local, order)
                if need_caching:
                    vswap_uncache(si, cpu, order)
            if cluster_is_alloc_candidate(cl, ci, order):
                if need_caching:
                    pcp[cpu, order] = ci
                    cl[ci, C_FLAGS] |= F_CACHED
                else:
                    list_del(cl, ls, ci)
                    # list_add(): the head of partial_clusters_lists[order]
                    lst = L_NONFULL + order
                    h = ls[lst, H_HEAD]
                    cl[ci, C_PREV] = NIL
                    cl[ci, C_NEXT] = h
                    if h != NIL:
                        cl[h, C_PREV] = ci
                    else:
                        ls[lst, H_TAIL] = ci
                    ls[lst, H_HEAD] = ci
                    ls[lst, H_LEN] += 1
                    cl[ci, C_LIST] = lst
    return found


@njit(cache=True, inline="always", _nrt=False)
def drop_cached_cluster(si, cpu, order):
    """The CPU's cached cluster of `order` is evicted (the shared per-CPU cache what-if): under the
    swapfile.c rules the cached offset is forgotten; under vswap's the cluster loses its per-CPU pin
    (freed if empty) and, if it can take another folio of its order, goes to the tail of the partial
    list, else is marked full, as vswap_alloc() leaves a cluster it stops caching (a what-if: no posted
    code evicts vswap's cache)."""
    if si.g[G_RULES] != RULES_VSWAP:
        si.pcp[cpu, order] = -1
        return
    ci = si.pcp[cpu, order]
    if ci < 0:
        return
    vswap_uncache(si, cpu, order)
    cl = si.cl
    if cl[ci, C_COUNT] == 0:
        return  # freed by vswap_uncache
    if cluster_is_alloc_candidate(cl, ci, order):
        list_add_tail(cl, si.ls, ci, L_NONFULL + order)
    else:
        cl[ci, C_FLAGS] |= F_FULL


def clusters_mapped(cl: np.ndarray) -> int:
    """Clusters of a space that hold slots or are pinned by a CPU's cache (vswap rules)."""
    return int(np.count_nonzero((cl[:, C_COUNT] > 0) | ((cl[:, C_FLAGS] & F_CACHED) != 0)))
