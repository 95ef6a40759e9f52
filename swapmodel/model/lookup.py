"""CPU cost of finding a swapped page, per design family, scenario and host kind (questions 6.4,
4.1, 4.20, 4.15), priced with this machine's measured latencies.

The steps of data/published/lookup_paths.toml (read by sources.lookup_paths) are dependent memory
accesses and atomics. Each is priced at a cache level: a small hot array (`index`) at L1; the upper
levels of an XArray at L2 (shared by every lookup); the XArray leaf, per-cluster tables and
descriptors at `cold` (L3 when the metadata the workload touches fits the last-level cache, DRAM
when it does not); a lock at one atomic read-modify-write (queued_spin_lock; the unlock is a
release store). An XArray of k keys has ceil(log64 k) levels (XA_CHUNK_SHIFT 6). A per-CPU
most-recently-used cluster cache (vswap v6) replaces the walk, with probability `mru_hit_rate`, by
one L1 load.

Two host kinds (sources.lookup_paths.HOST_KINDS). On a `zswap-never-enabled` host zswap_load()
returns before its tree (mm/zswap.c, zswap_never_enabled(), since v6.11), so a fault takes no
zswap step and no fault finds its page in zswap. On a `zswap-writeback` host a fault that misses
the swap cache walks the zswap tree of its 64 MiB (zswap_tree_walk): the tree's nodes follow the
share of entries in zswap. A kernel built with CONFIG_ZSWAP_DEFAULT_ON never counts as never
enabled (`zswap_ever_enabled`): its static key starts true.
"""

from __future__ import annotations

import math

import pandas as pd

from swapmodel.base.errors import ParameterError, check_choice, check_range
from swapmodel.base.geometry import (GIB_BYTES, PAGE_SIZE_BYTES, SWAPFILE_CLUSTER_SLOTS, XA_CHUNK_SHIFT,
                                     XA_CHUNK_SLOTS, ZSWAP_TREE_SLOTS)
from swapmodel.sources.lookup_paths import HOST_KINDS, KINDS, SCENARIOS, LookupPath, Step, load_paths

__all__ = ["HOST_KINDS", "KINDS", "MRU_DESIGNS", "SCENARIOS", "USED_CLUSTERS", "LookupPath", "Step", "fault_cost",
           "host_kind", "lines_per_entry", "load_paths", "lock_ns", "lock_wait_ns", "step_costs", "walk_ns", "xarray_levels", "zswap_ever_enabled",
           "zswap_tree_walk"]

MRU_DESIGNS = ("vswap-v6",)
"""Designs with the per-CPU vswap cluster lookup cache (v6 cover: 'Per-CPU lookup cache for vswap
cluster to reduce xarray indirection overhead')."""
USED_CLUSTERS = 32 * GIB_BYTES // PAGE_SIZE_BYTES // SWAPFILE_CLUSTER_SLOTS
"""Clusters in use when a caller gives none: a 32 GiB swap space in use (16384 clusters), notebook
06's default `swap_gib`."""
HOST_SCENARIOS = {"zswap-never-enabled": ("swapcache", "disk", "zero"),
                  "zswap-writeback": ("swapcache", "zswap", "disk", "zero")}
"""Scenarios a host kind has: a never-enabled host holds no entry in zswap."""


def zswap_ever_enabled(enabled_since_boot: bool, config_zswap_default_on: bool) -> bool:
    """Whether zswap_never_enabled() is false on a host: zswap was enabled at some point since boot
    (zswap_setup() then sets the static key zswap_ever_enabled), or the kernel was built with
    CONFIG_ZSWAP_DEFAULT_ON, whose DEFINE_STATIC_KEY_MAYBE(CONFIG_ZSWAP_DEFAULT_ON, zswap_ever_enabled)
    starts the key true whatever zswap.enabled says (mm/zswap.c since v6.11,
    https://lore.kernel.org/all/20240611024516.1375191-2-yosryahmed@google.com/)."""
    return bool(enabled_since_boot) or bool(config_zswap_default_on)


def host_kind(enabled_since_boot: bool, config_zswap_default_on: bool) -> str:
    """The host kind a fault is priced on: `zswap-writeback` once zswap counts as ever enabled,
    `zswap-never-enabled` otherwise."""
    return "zswap-writeback" if zswap_ever_enabled(enabled_since_boot, config_zswap_default_on) else "zswap-never-enabled"


def xarray_levels(keys: float) -> int:
    """Levels of an XArray holding `keys` dense keys: ceil(log64 keys), at least 1."""
    keys = float(check_range("keys", keys, 1))
    return max(1, math.ceil(math.log(keys, 1 << XA_CHUNK_SHIFT) - 1e-12))


def walk_ns(keys: float, latency_ns: dict, cold: str) -> float:
    """One uncached XArray walk over `keys` dense keys: its upper levels at L2, its leaf at `cold`."""
    return (xarray_levels(keys) - 1) * latency_ns["L2"] + latency_ns[cold]


def zswap_tree_walk(zswap_share: float, hit: bool, latency_ns: dict, cold: str, swap_pages: float) -> tuple[float, float]:
    """(dependent loads, ns) of zswap_load()'s xa_load on the zswap tree of the entry's 64 MiB.

    Parameters
    ----------
    zswap_share : share of the tree's slots whose entry is in zswap, [0, 1] (slots used densely;
        zswap entries scattered uniformly among them: assumed).
    hit : True when the entry is in zswap (a zswap fault), False for a miss (a disk fault).
    swap_pages : pages of the swap space in use; sets the tree's height.

    Notes
    -----
    mm/zswap.c (v6.12, v6.18): one XArray per ZSWAP_TREE_SLOTS (16384) slots, indexed by the full
    swap offset, so the tree of a high offset is as tall as the whole space's offsets
    (xarray_levels(swap_pages)) and the nodes above its 64 MiB are a chain present whenever the tree
    holds an entry. A node covering c of the tree's slots is present with probability
    1 - (1 - zswap_share)**c; a miss walks down to the first absent one, the last node it loads cold
    and those above it at L2. An empty tree costs the load of its head (L1). A hit loads every level.
    """
    z = float(check_range("zswap_share", zswap_share, 0, 1))
    levels = xarray_levels(check_range("swap_pages", swap_pages, 1))
    if hit:
        if z == 0:
            raise ParameterError("zswap_share: a zswap hit needs a share in (0, 1]")
        return float(levels), (levels - 1) * latency_ns["L2"] + latency_ns[cold]
    # present[j]: the node at depth j below the root (j = 0 the root, levels - 1 the leaf)
    covers = [min(XA_CHUNK_SLOTS ** (levels - j), ZSWAP_TREE_SLOTS) for j in range(levels)]
    present = [1 - (1 - z) ** c for c in covers]
    loads = (1 - present[0]) + sum(present)
    ns = (1 - present[0]) * latency_ns["L1d"]
    for j in range(levels):
        deepest = present[j] - (present[j + 1] if j + 1 < levels else 0.0)
        ns += deepest * (j * latency_ns["L2"] + latency_ns[cold])
    return loads, ns


def lock_ns(atomic_ns: float, transfer_ns: float, other_cpu_share: float) -> float:
    """Mean cost of taking a lock: an uncontended atomic, or a cache-line transfer when another CPU
    held the line last (a share `other_cpu_share` of the takes)."""
    p = float(check_range("other_cpu_share", other_cpu_share, 0, 1))
    return p * transfer_ns + (1 - p) * atomic_ns


def step_costs(steps, latency_ns: dict, atomic_ns: float, cold: str, used_clusters: float,
               mru_hit_rate: float = 0.0, zswap_share: float = 0.0, zswap_hit: bool = False) -> list[dict]:
    """Each step's dependent loads, atomics and nanoseconds (a `zswap` XArray step priced by
    zswap_tree_walk at `zswap_share`, a hit when `zswap_hit`)."""
    check_choice("cold", cold, ("L2", "L3", "DRAM"))
    check_range("mru_hit_rate", mru_hit_rate, 0, 1)
    rows = []
    for st in steps:
        if st.kind == "index":
            loads, atomics, ns = 1, 0, latency_ns["L1d"]
        elif st.kind in ("table", "descriptor"):
            loads, atomics, ns = 1, 0, latency_ns[cold]
        elif st.kind in ("atomic", "lock"):
            loads, atomics, ns = 0, 1, atomic_ns
        elif st.keys == "zswap":
            (loads, ns), atomics = zswap_tree_walk(zswap_share, zswap_hit, latency_ns, cold,
                                                   used_clusters * SWAPFILE_CLUSTER_SLOTS), 0
        else:
            keys = used_clusters if st.keys == "clusters" else st.keys
            levels = xarray_levels(keys)
            walk = walk_ns(keys, latency_ns, cold)
            hit = mru_hit_rate if st.mru else 0.0
            loads = hit * 1 + (1 - hit) * levels
            ns = hit * latency_ns["L1d"] + (1 - hit) * walk
            atomics = 0
        rows.append({"step": st.what, "kind": st.kind, "loads": loads, "atomics": atomics, "ns": ns,
                     "source": st.source})
    return rows


def fault_cost(latency_ns: dict, atomic_ns: float, cold: str = "L3", used_clusters: float = USED_CLUSTERS,
               mru_hit_rate: float = 0.0, *, host: str, zswap_share: float | None = None,
               lookup_paths=None) -> pd.DataFrame:
    """Nanoseconds, dependent loads and atomics to reach a swapped page on a `host` host, per family,
    design and scenario (the MRU hit rate applies to the designs of MRU_DESIGNS).

    `zswap_share` (the share of the swap space's entries in zswap, [0, 1]) is required on a
    zswap-writeback host and must be 0 or absent on a never-enabled one. A never-enabled host has
    no zswap scenario."""
    check_choice("host", host, HOST_KINDS)
    if host == "zswap-never-enabled":
        if zswap_share:
            raise ParameterError(f"zswap_share={zswap_share!r}: a zswap-never-enabled host holds no entry in zswap (0)")
        zswap_share = 0.0
    elif zswap_share is None:
        raise ParameterError("zswap_share: needed on a zswap-writeback host, a share in [0, 1]")
    check_range("zswap_share", zswap_share, 0, 1)
    rows = []
    for p in lookup_paths or load_paths():
        for design in p.designs:
            hit = mru_hit_rate if design in MRU_DESIGNS else 0.0
            for scenario in p.scenarios:
                if scenario not in HOST_SCENARIOS[host]:
                    continue
                # a zswap fault finds its entry: the tree holds at least it
                share = max(zswap_share, 1.0 / ZSWAP_TREE_SLOTS) if scenario == "zswap" else zswap_share
                costs = step_costs(p.steps(scenario, host), latency_ns, atomic_ns, cold, used_clusters, hit,
                                   share, scenario == "zswap")
                rows.append({"family": p.family, "design": design, "host": host, "scenario": scenario,
                             "loads": sum(c["loads"] for c in costs), "atomics": sum(c["atomics"] for c in costs),
                             "ns": sum(c["ns"] for c in costs)})
    return pd.DataFrame(rows)


def lines_per_entry(entry_bytes: float, line_bytes: int = 64) -> float:
    """Mean cache lines one entry of a packed array of `entry_bytes`-byte entries touches: 1 +
    (entry_bytes - gcd(entry_bytes, line_bytes)) / line_bytes (a 24 B descriptor: 1.25, two of every
    eight straddle a line; an 8 B word: 1)."""
    b = int(check_range("entry_bytes", entry_bytes, 1, line_bytes))
    return 1 + (b - math.gcd(b, line_bytes)) / line_bytes


def lock_wait_ns(takes_per_s: float, locks: float, hold_ns: float) -> float:
    """Mean wait for a spinlock before taking it, bounded as an M/M/1 queue: `takes_per_s` takes
    spread evenly over `locks` independent locks, each held `hold_ns`; utilisation rho = rate per
    lock x hold, wait = rho / (1 - rho) x hold (exponential holds: above the M/D/1 wait of a fixed
    hold). A ParameterError when rho >= 1 (the lock saturates: no steady state)."""
    rate = float(check_range("takes_per_s", takes_per_s, 0)) / float(check_range("locks", locks, 1))
    hold = float(check_range("hold_ns", hold_ns, 0))
    rho = rate * hold * 1e-9
    if rho >= 1:
        raise ParameterError(f"takes_per_s={takes_per_s!r}: utilisation {rho:.2f} of each lock, must be below 1")
    return rho / (1 - rho) * hold
