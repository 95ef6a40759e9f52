"""CPU cost of finding a swapped page, per design family and scenario (questions 6.4, 4.1, 4.20,
4.15), priced with this machine's measured latencies.

The steps of data/published/lookup_paths.toml are dependent memory accesses and atomics. Each is
priced at a cache level: a small hot array (`index`) at L1; the upper levels of an XArray at L2
(shared by every lookup); the XArray leaf, per-cluster tables and descriptors at `cold` (L3 when
the metadata the workload touches fits the last-level cache, DRAM when it does not); a lock at one
atomic read-modify-write (queued_spin_lock; the unlock is a release store). An XArray of k keys has
ceil(log64 k) levels (XA_CHUNK_SHIFT 6). A per-CPU most-recently-used cluster cache (vswap v6)
replaces the walk, with probability `mru_hit_rate`, by one L1 load.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from swapmodel.base import paths
from swapmodel.base.errors import ParameterError, check_choice, check_range
from swapmodel.base.geometry import GIB_BYTES, PAGE_SIZE_BYTES, SWAPFILE_CLUSTER_SLOTS, XA_CHUNK_SHIFT
from swapmodel.sources.files import read_toml

PATHS_FILE = paths.PUBLISHED / "lookup_paths.toml"
KINDS = ("index", "table", "xarray", "descriptor", "atomic", "lock")
SCENARIOS = ("swapcache", "zswap", "disk", "zero")
MRU_DESIGNS = ("vswap-v6",)
"""Designs with the per-CPU vswap cluster lookup cache (v6 cover: 'Per-CPU lookup cache for vswap
cluster to reduce xarray indirection overhead')."""
USED_CLUSTERS = 32 * GIB_BYTES // PAGE_SIZE_BYTES // SWAPFILE_CLUSTER_SLOTS
"""Clusters in use when a caller gives none: a 32 GiB swap space in use (16384 clusters), notebook
06's default `swap_gib`."""


@dataclass(frozen=True)
class Step:
    kind: str
    what: str
    keys: int | str = 0
    mru: bool = False


@dataclass(frozen=True)
class LookupPath:
    family: str
    designs: tuple[str, ...]
    source: str
    scenarios: dict


def load_paths(path=PATHS_FILE) -> list[LookupPath]:
    """The lookup paths, every step checked."""
    out = []
    for i, raw in enumerate(read_toml(path).get("path", [])):
        where = f"{path.name}: path {raw.get('family', i + 1)!r}"
        if not raw.get("source") or not raw.get("designs"):
            raise ParameterError(f"{where}: needs designs and a source")
        scenarios = {}
        for name, steps in raw.get("scenario", {}).items():
            check_choice(f"{where}: scenario", name, SCENARIOS)
            parsed = []
            for st in steps:
                kind = check_choice(f"{where}, {name}: kind", st.get("kind"), KINDS)
                keys = st.get("keys", 0)
                if kind == "xarray" and not (keys == "clusters" or (isinstance(keys, int) and keys >= 1)):
                    raise ParameterError(f"{where}, {name}: an xarray step needs keys (a count >= 1 or 'clusters')")
                parsed.append(Step(kind, st.get("what", ""), keys, bool(st.get("mru", False))))
            scenarios[name] = tuple(parsed)
        out.append(LookupPath(raw["family"], tuple(raw["designs"]), raw["source"], scenarios))
    return out


def xarray_levels(keys: float) -> int:
    """Levels of an XArray holding `keys` dense keys: ceil(log64 keys), at least 1."""
    keys = float(check_range("keys", keys, 1))
    return max(1, math.ceil(math.log(keys, 1 << XA_CHUNK_SHIFT) - 1e-12))


def walk_ns(keys: float, latency_ns: dict, cold: str) -> float:
    """One uncached XArray walk over `keys` dense keys: its upper levels at L2, its leaf at `cold`."""
    return (xarray_levels(keys) - 1) * latency_ns["L2"] + latency_ns[cold]


def lock_ns(atomic_ns: float, transfer_ns: float, other_cpu_share: float) -> float:
    """Mean cost of taking a lock: an uncontended atomic, or a cache-line transfer when another CPU
    held the line last (a share `other_cpu_share` of the takes)."""
    p = float(check_range("other_cpu_share", other_cpu_share, 0, 1))
    return p * transfer_ns + (1 - p) * atomic_ns


def step_costs(steps, latency_ns: dict, atomic_ns: float, cold: str, used_clusters: float,
               mru_hit_rate: float = 0.0) -> list[dict]:
    """Each step's dependent loads, atomics and nanoseconds."""
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
        else:
            keys = used_clusters if st.keys == "clusters" else st.keys
            levels = xarray_levels(keys)
            walk = walk_ns(keys, latency_ns, cold)
            hit = mru_hit_rate if st.mru else 0.0
            loads = hit * 1 + (1 - hit) * levels
            ns = hit * latency_ns["L1d"] + (1 - hit) * walk
            atomics = 0
        rows.append({"step": st.what, "kind": st.kind, "loads": loads, "atomics": atomics, "ns": ns})
    return rows


def fault_cost(latency_ns: dict, atomic_ns: float, cold: str = "L3", used_clusters: float = USED_CLUSTERS,
               mru_hit_rate: float = 0.0, lookup_paths=None) -> pd.DataFrame:
    """Nanoseconds, dependent loads and atomics to reach a swapped page, per family, design and
    scenario (the MRU hit rate applies to the designs of MRU_DESIGNS)."""
    rows = []
    for p in lookup_paths or load_paths():
        for design in p.designs:
            hit = mru_hit_rate if design in MRU_DESIGNS else 0.0
            for scenario, steps in p.scenarios.items():
                costs = step_costs(steps, latency_ns, atomic_ns, cold, used_clusters, hit)
                rows.append({"family": p.family, "design": design, "scenario": scenario,
                             "loads": sum(c["loads"] for c in costs), "atomics": sum(c["atomics"] for c in costs),
                             "ns": sum(c["ns"] for c in costs)})
    return pd.DataFrame(rows)
