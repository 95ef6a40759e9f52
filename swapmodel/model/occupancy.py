"""Occupancies: how a swap space is used, in the terms a design's components are paid per.

Every occupancy answers four questions for the swap space (the one the PTE names) and for the
backing space (the physical device behind virtual or redirected entries), vectorised over a batch:
provisioned slots, entries in given states, clusters holding such entries, and XArray nodes needed
to index them. Four kinds:

- Dense: entries packed from slot 0, each state's entries contiguous (closed forms).
- Random: entries at uniformly random distinct slots (closed forms, expectations).
- ClusterCounts: explicit per-cluster counts by state, e.g. a simulator snapshot (one occupancy).
- KeySet: explicit slot numbers by state (exact; one occupancy).

Cluster and XArray geometry come from swapmodel.base.geometry (SWAPFILE_CLUSTER, XA_CHUNK_SHIFT).
"""

from __future__ import annotations

import numpy as np
from scipy.special import gammaln

from swapmodel.base.errors import ParameterError, check_choice, check_range
from swapmodel.base.geometry import MAX_SWAP_SLOTS, STATES, SWAPFILE_CLUSTER_SLOTS, XA_CHUNK_SHIFT, XA_CHUNK_SLOTS

CLUSTER_SHIFT = SWAPFILE_CLUSTER_SLOTS.bit_length() - 1
MAX_XA_LEVELS = 64 // XA_CHUNK_SHIFT + 1


# ---------------------------------------------------------------- XArray node counts


def _tree_span(tree_span_slots):
    """None, or a whole number of slots per XArray in [1, MAX_SWAP_SLOTS]."""
    if tree_span_slots is None:
        return None
    span = check_range("tree_span_slots", tree_span_slots, 1, MAX_SWAP_SLOTS)
    if span.ndim or span != np.floor(span):
        raise ParameterError(f"tree_span_slots={tree_span_slots!r} must be one whole number in [1, {MAX_SWAP_SLOTS}]")
    return int(span)


def xarray_nodes_for_keys(keys, tree_span_slots: int | None = None) -> int:
    """Exact number of xa_node objects holding `keys`, one XArray per `tree_span_slots` keys.

    Rules of lib/xarray.c: a node has 64 slots; a tree's height is the smallest h with
    64**h > its largest index; an XArray whose only index is 0 keeps the entry in xa_head (no node).

    Parameters
    ----------
    keys : array_like of int
        Slot numbers, 0 to MAX_SWAP_SLOTS - 1 (duplicates count once).
    tree_span_slots : int, optional
        Keys per XArray (e.g. 2**14 for the swap cache's 64 MiB address spaces); None: one tree.
    """
    raw = np.asarray(keys)
    if raw.size and (raw.dtype.kind not in "iuf" or not np.all(np.isfinite(raw)) or np.any(raw != np.floor(raw))):
        raise ParameterError("keys: slot numbers must be whole numbers")
    keys = np.unique(raw.astype(np.int64))
    if keys.size == 0:
        return 0
    if keys[0] < 0 or keys[-1] >= MAX_SWAP_SLOTS:
        raise ParameterError(f"keys: slot numbers must lie in [0, {MAX_SWAP_SLOTS - 1}]")
    span = _tree_span(tree_span_slots)
    if span:
        tree, local = np.divmod(keys, span)
    else:
        tree, local = np.zeros_like(keys), keys
    starts = np.flatnonzero(np.r_[True, tree[1:] != tree[:-1]])
    tree_max = np.maximum.reduceat(local, starts)
    height = np.zeros_like(tree_max)
    for level in range(1, MAX_XA_LEVELS + 1):
        height += tree_max >= XA_CHUNK_SLOTS ** (level - 1)
    key_height = np.repeat(height, np.diff(np.r_[starts, keys.size]))
    nodes = 0
    for level in range(1, int(height.max()) + 1):
        mask = key_height >= level
        # a node is one (tree, index >> 6 * level) pair; sorted keys keep equal pairs adjacent
        t, node = tree[mask], local[mask] >> (XA_CHUNK_SHIFT * level)
        nodes += int(np.count_nonzero(np.r_[True, (t[1:] != t[:-1]) | (node[1:] != node[:-1])]))
    return int(nodes)


def _chain(m):
    """Nodes of one XArray holding indices 0..m-1 (closed form, vectorised)."""
    m = np.asarray(m, dtype=float)
    total = np.zeros_like(m)
    for level in range(1, MAX_XA_LEVELS + 1):
        exists = (m - 1) >= XA_CHUNK_SLOTS ** (level - 1)
        if not np.any(exists):
            break
        total += np.where(exists, np.ceil(m / XA_CHUNK_SLOTS**level), 0.0)
    return total


def xarray_nodes_dense(n_keys, tree_span_slots: int | None = None):
    """Nodes for keys 0..n-1 split into XArrays of `tree_span_slots` indices (closed form).
    `n_keys`: whole numbers in [0, MAX_SWAP_SLOTS]."""
    n = _counts("n_keys", n_keys)
    tree_span_slots = _tree_span(tree_span_slots)
    if not tree_span_slots:
        return _chain(n)
    full, rest = np.divmod(n, tree_span_slots)
    return full * _chain(tree_span_slots) + _chain(rest)


def _h(x):
    """(1 - x) log(1 - x) + x for 0 <= x < 1, accurate for small x (series sum x**k / (k (k - 1)))."""
    x = np.asarray(x, dtype=float)
    small = x < 1e-3
    xs = np.where(small, x, 0.0)
    series = xs**2 / 2 + xs**3 / 6 + xs**4 / 12 + xs**5 / 20 + xs**6 / 30
    with np.errstate(divide="ignore", invalid="ignore"):
        direct = (1 - x) * np.log1p(-np.minimum(x, 1.0)) + x
    return np.where(small, series, direct)


def _log_p_block_empty_em(s, n, b):
    """log C(S-b, n) / C(S, n) = sum_{j<b} log(1 - n / (S - j)) by the Euler-Maclaurin formula with
    its first correction: integral + (f(0) - f(b)) / 2 + (f'(b) - f'(0)) / 12. Needs S - n - b >> 1."""
    integral = b * np.log1p(-n / s) - (s - n) * _h(b / (s - n)) + s * _h(b / s)
    f0, fb = np.log1p(-n / s), np.log1p(-n / (s - b))
    d0, db = 1 / s - 1 / (s - n), 1 / (s - b) - 1 / (s - n - b)
    return integral + (f0 - fb) / 2 + (db - d0) / 12


def p_block_empty(space_slots, n_keys, block_slots):
    """Probability that a block of `block_slots` slots holds none of `n_keys` keys placed uniformly
    at random on distinct slots of `space_slots` (hypergeometric: C(S-b, n) / C(S, n)).

    Far from the full space (S - n - b >= 64) the log-probability is summed by Euler-Maclaurin,
    which stays accurate to ~1e-12 at any size the model accepts (up to MAX_SWAP_SLOTS); near it,
    log-gamma differences are used, where the numbers are small enough for them to be exact."""
    s = np.asarray(space_slots, dtype=float)
    n = np.asarray(n_keys, dtype=float)
    b = np.minimum(np.asarray(block_slots, dtype=float), s)
    ok = (s - b) >= n
    far = (s - n - b) >= 64
    with np.errstate(invalid="ignore", divide="ignore"):
        safe_s, safe_n, safe_b = np.where(far, s, 2.0 ** 20), np.where(far, n, 1.0), np.where(far, b, 1.0)
        log_em = _log_p_block_empty_em(safe_s, safe_n, safe_b)
        log_gamma = (gammaln(s - b + 1) + gammaln(s - n + 1) - gammaln(s + 1)
                     - gammaln(np.where(ok, s - b - n, 0) + 1))
    logp = np.where(far, log_em, log_gamma)
    return np.where(n <= 0, 1.0, np.where(ok, np.exp(np.minimum(logp, 0.0)), 0.0))


def xarray_nodes_random(n_keys, space_slots, key_slots: int = 1, tree_span_keys: int | None = None):
    """Expected nodes when `n_keys` entries sit at random distinct slots of `space_slots` and the
    XArray is keyed by slot (key_slots=1) or by cluster (key_slots=512).

    Each tree is taken at full height (its largest index near the end of its span), which
    overcounts by at most one node per tree when a tree holds very few keys.
    """
    s = check_range("space_slots", space_slots, 0, MAX_SWAP_SLOTS)
    n = _counts("n_keys", n_keys)
    try:
        np.broadcast(s, n)
    except ValueError:
        raise ParameterError(f"n_keys and space_slots have shapes {n.shape} and {s.shape}, which do not broadcast; "
                             "allowed: equal shapes or scalars") from None
    if np.any(n > s):
        raise ParameterError("n_keys is more than space_slots: each key needs its own slot; "
                             "allowed: 0 to space_slots")
    tree_span_keys = _tree_span(tree_span_keys)
    key_space = np.maximum(s / key_slots, 1.0)
    span = key_space if tree_span_keys is None else np.minimum(float(tree_span_keys), key_space)
    total = np.zeros(np.broadcast(s, n).shape)
    for level in range(1, MAX_XA_LEVELS + 1):
        exists = (span - 1) >= XA_CHUNK_SLOTS ** (level - 1)
        if not np.any(exists):
            break
        block = np.minimum(float(XA_CHUNK_SLOTS**level), span)
        nonempty = 1.0 - p_block_empty(s, n, block * key_slots)
        total += np.where(exists, key_space / block * nonempty, 0.0)
    return np.where(n > 0, total, 0.0)


def _counts(name, value):
    """Whole-number counts in [0, MAX_SWAP_SLOTS] as a float array."""
    arr = check_range(name, value, 0, MAX_SWAP_SLOTS)
    if np.any(arr != np.floor(arr)):
        raise ParameterError(f"{name}={value!r} must be whole numbers in [0, {MAX_SWAP_SLOTS}]")
    return arr


# ---------------------------------------------------------------- occupancies


def clusters(slots):
    """Provisioned clusters for `slots` slots (a partial last cluster counts)."""
    return np.ceil(np.asarray(slots, dtype=float) / SWAPFILE_CLUSTER_SLOTS)


def _states(states) -> tuple[str, ...]:
    states = tuple(states)
    for s in states:
        check_choice("state", s, STATES)
    return states


class Occupancy:
    """Interface every occupancy provides; arrays have shape (size,)."""

    size: int

    def slots(self, space: str) -> np.ndarray:
        raise NotImplementedError

    def entries(self, states) -> np.ndarray:
        raise NotImplementedError

    def used_clusters(self, space: str, states) -> np.ndarray:
        raise NotImplementedError

    def xarray_nodes(self, space: str, states, index: str = "slot", tree_span_slots: int | None = None) -> np.ndarray:
        raise NotImplementedError


class _Counted(Occupancy):
    """Shared constructor for occupancies given as entry counts per state."""

    def __init__(self, swap_slots, entries: dict, backing_slots=0):
        for s in entries:
            check_choice("entries", s, STATES)
        self.swap_slots = check_range("swap_slots", swap_slots, 0, MAX_SWAP_SLOTS)
        self.backing_slots = check_range("backing_slots", backing_slots, 0, MAX_SWAP_SLOTS)
        counts = {s: check_range(f"entries[{s!r}]", entries.get(s, 0), 0) for s in STATES}
        try:
            shape = np.broadcast(self.swap_slots, self.backing_slots, *counts.values()).shape or (1,)
        except ValueError:
            raise ParameterError("swap_slots, backing_slots and entries must be scalars or arrays of one shape") from None
        self.swap_slots = np.broadcast_to(self.swap_slots, shape).astype(float)
        self.backing_slots = np.broadcast_to(self.backing_slots, shape).astype(float)
        self._entries = {s: np.broadcast_to(v, shape).astype(float) for s, v in counts.items()}
        self.size = int(np.prod(shape))
        total = self.entries(STATES)
        if np.any(total > self.swap_slots):
            raise ParameterError(
                f"entries: {int(total.max())} entries do not fit in swap_slots={int(self.swap_slots.min())}; "
                "the allowed range is 0 to swap_slots"
            )

    def slots(self, space):
        return self.swap_slots if space == "swap" else self.backing_slots

    def entries(self, states):
        return sum((self._entries[s] for s in _states(states)), np.zeros_like(self.swap_slots))


class Dense(_Counted):
    """Entries packed from slot 0; each state's entries form one contiguous run."""

    def used_clusters(self, space, states):
        return clusters(self.entries(states))

    def xarray_nodes(self, space, states, index="slot", tree_span_slots=None):
        if index == "cluster":
            return xarray_nodes_dense(self.used_clusters(space, states))
        return xarray_nodes_dense(self.entries(states), tree_span_slots)


class Random(_Counted):
    """Entries at uniformly random distinct slots of the space (expectations)."""

    def used_clusters(self, space, states):
        s = self.slots(space)
        return clusters(s) * (1.0 - p_block_empty(s, self.entries(states), SWAPFILE_CLUSTER_SLOTS))

    def xarray_nodes(self, space, states, index="slot", tree_span_slots=None):
        s, n = self.slots(space), self.entries(states)
        if index == "cluster":
            return xarray_nodes_random(n, s, key_slots=SWAPFILE_CLUSTER_SLOTS)
        return xarray_nodes_random(n, s, tree_span_keys=tree_span_slots)


class _Explicit(Occupancy):
    """One occupancy given cluster by cluster; the backing space, unless given, is packed densely."""

    size = 1

    def _backing(self) -> Dense:
        counts = {s: self._swap_entries(s) for s in STATES}
        return Dense(self.swap_slots_total, counts, backing_slots=self.backing_slots_total)

    def slots(self, space):
        return np.array([self.swap_slots_total if space == "swap" else self.backing_slots_total], dtype=float)

    def entries(self, states):
        return np.array([sum(self._swap_entries(s) for s in _states(states))], dtype=float)


class ClusterCounts(_Explicit):
    """Per-cluster entry counts by state: `counts[c, i]` entries of STATES[i] in cluster c.

    Positions inside a cluster are unknown, so XArray leaves are expectations for entries at random
    positions of their cluster; upper XArray levels are exact. `backing_counts` has the same shape
    for the backing device; without it, backing entries are packed densely.
    """

    def __init__(self, counts, swap_slots=None, backing_counts=None, backing_slots=0):
        self.counts = np.asarray(counts, dtype=np.int64)
        if self.counts.ndim != 2 or self.counts.shape[1] != len(STATES):
            raise ParameterError(f"counts: expected shape (clusters, {len(STATES)}) for states {STATES}")
        if np.any(self.counts < 0) or np.any(self.counts.sum(axis=1) > SWAPFILE_CLUSTER_SLOTS):
            raise ParameterError(f"counts: each cluster holds 0 to {SWAPFILE_CLUSTER_SLOTS} entries")
        n_clusters = self.counts.shape[0]
        self.swap_slots_total = float(n_clusters * SWAPFILE_CLUSTER_SLOTS if swap_slots is None else swap_slots)
        if self.swap_slots_total < (n_clusters - 1) * SWAPFILE_CLUSTER_SLOTS:
            raise ParameterError(f"swap_slots={swap_slots} is smaller than the {n_clusters} clusters given")
        self.backing_counts = None if backing_counts is None else ClusterCounts(backing_counts)
        self.backing_slots_total = float(check_range("backing_slots", backing_slots, 0))
        if self.backing_counts is not None:
            self.backing_slots_total = max(self.backing_slots_total, self.backing_counts.swap_slots_total)

    def _swap_entries(self, state):
        return float(self.counts[:, STATES.index(state)].sum())

    def _per_cluster(self, states):
        return self.counts[:, [STATES.index(s) for s in _states(states)]].sum(axis=1)

    def used_clusters(self, space, states):
        if space == "backing":
            if self.backing_counts is None:
                return self._backing().used_clusters(space, states)
            return self.backing_counts.used_clusters("swap", states)
        return np.array([float(np.count_nonzero(self._per_cluster(states)))])

    def xarray_nodes(self, space, states, index="slot", tree_span_slots=None):
        if space == "backing":
            if self.backing_counts is None:
                return self._backing().xarray_nodes(space, states, index, tree_span_slots)
            return self.backing_counts.xarray_nodes("swap", states, index, tree_span_slots)
        k = self._per_cluster(states)
        used = np.flatnonzero(k)
        if index == "cluster":
            return np.array([float(xarray_nodes_for_keys(used))])
        if used.size == 0:
            return np.array([0.0])
        leaves_per_cluster = SWAPFILE_CLUSTER_SLOTS // XA_CHUNK_SLOTS
        empty_leaf = p_block_empty(SWAPFILE_CLUSTER_SLOTS, k[used], XA_CHUNK_SLOTS)
        leaves = float(np.sum(leaves_per_cluster * (1.0 - empty_leaf)))
        # Upper levels: exact from the used clusters; each tree's height from the last slot of its
        # last used cluster.
        top_slots = (used << CLUSTER_SHIFT) + SWAPFILE_CLUSTER_SLOTS - 1
        upper = xarray_nodes_for_keys(top_slots, tree_span_slots) - used.size
        return np.array([leaves + upper])


class KeySet(_Explicit):
    """Explicit slot numbers by state (`keys[state]`), and optionally on the backing device."""

    def __init__(self, keys: dict, swap_slots=None, backing_keys: dict | None = None, backing_slots=0):
        self.keys = {s: np.unique(np.asarray(keys.get(s, []), dtype=np.int64)) for s in STATES}
        for s in keys:
            check_choice("keys", s, STATES)
        allkeys = np.concatenate(list(self.keys.values()))
        if allkeys.size and allkeys.min() < 0:
            raise ParameterError("keys: slot numbers must be >= 0")
        if allkeys.size != np.unique(allkeys).size:
            raise ParameterError("keys: a slot holds one entry; the same slot appears under two states")
        highest = int(allkeys.max()) + 1 if allkeys.size else 0
        self.swap_slots_total = float(highest if swap_slots is None else swap_slots)
        if self.swap_slots_total < highest:
            raise ParameterError(f"swap_slots={swap_slots} is smaller than the highest key + 1 ({highest})")
        self.backing_keys = None if backing_keys is None else KeySet(backing_keys, swap_slots=backing_slots or None)
        self.backing_slots_total = float(check_range("backing_slots", backing_slots, 0))
        if self.backing_keys is not None:
            self.backing_slots_total = max(self.backing_slots_total, self.backing_keys.swap_slots_total)

    def _swap_entries(self, state):
        return float(self.keys[state].size)

    def _keys(self, states):
        return np.concatenate([self.keys[s] for s in _states(states)]) if states else np.array([], np.int64)

    def used_clusters(self, space, states):
        if space == "backing":
            if self.backing_keys is None:
                return self._backing().used_clusters(space, states)
            return self.backing_keys.used_clusters("swap", states)
        return np.array([float(np.unique(self._keys(states) >> CLUSTER_SHIFT).size)])

    def xarray_nodes(self, space, states, index="slot", tree_span_slots=None):
        if space == "backing":
            if self.backing_keys is None:
                return self._backing().xarray_nodes(space, states, index, tree_span_slots)
            return self.backing_keys.xarray_nodes("swap", states, index, tree_span_slots)
        keys = self._keys(states)
        if index == "cluster":
            keys = np.unique(keys >> CLUSTER_SHIFT)
            tree_span_slots = None
        return np.array([float(xarray_nodes_for_keys(keys, tree_span_slots))])


# ---------------------------------------------------------------- scenarios


def scenario(swap_slots, used_fraction, mix=None, placement: str = "dense", backing_slots=None):
    """A device of `swap_slots` slots with `used_fraction` of them holding entries split by `mix`.

    Parameters
    ----------
    swap_slots : float or array
        Provisioned slots, 0 to MAX_SWAP_SLOTS (2**42, 16 PiB of 4 KiB pages).
    used_fraction : float or array
        Share of the slots holding entries, 0 to 1.
    mix : dict of str to float, optional
        Entry state (zswap, disk, zero, swapcache, writeback) -> share, shares in [0, 1] summing
        to 1; default all zswap.
    placement : {"dense", "random"}
        Entries packed from slot 0, or at uniformly random distinct slots (expectations).
    backing_slots : float or array, optional
        Slots of the physical device behind a virtual design.

    The backing device, for designs that have one, defaults to `swap_slots` slots when the mix puts
    entries on disk and to none otherwise (Nhat Pham's zswap-only vswap case has no swapfile).
    Vectorised: `swap_slots` and `used_fraction` may be arrays.
    """
    check_choice("placement", placement, ("dense", "random"))
    mix = {"zswap": 1.0} if mix is None else dict(mix)
    for s, f in mix.items():
        check_choice("mix", s, STATES)
        check_range(f"mix[{s!r}]", f, 0.0, 1.0)
    if abs(sum(mix.values()) - 1.0) > 1e-9:
        raise ParameterError(f"mix: fractions must sum to 1 (got {sum(mix.values()):g})")
    slots = np.floor(check_range("swap_slots", swap_slots, 0, MAX_SWAP_SLOTS))
    used = check_range("used_fraction", used_fraction, 0.0, 1.0)
    try:
        np.broadcast_shapes(np.shape(slots), np.shape(used))
    except ValueError:
        raise ParameterError(f"swap_slots (shape {np.shape(slots)}) and used_fraction (shape {np.shape(used)}) "
                             "must be scalars or arrays of one shape") from None
    total = np.floor(used * slots + 1e-9)
    counts = {s: np.floor(total * f + 1e-9) for s, f in mix.items()}
    largest = max(mix, key=mix.get)
    counts[largest] = counts[largest] + (total - sum(counts.values()))
    if backing_slots is None:
        on_disk = mix.get("disk", 0) + mix.get("writeback", 0)
        backing_slots = slots if on_disk > 0 else 0
    cls = Dense if placement == "dense" else Random
    return cls(slots, counts, backing_slots=backing_slots)
