"""Time to free swap entries (questions 6.5, 4.9): which parameters flip the sign between Kairui
Song's free-time regressions and Nhat Pham's improvement.

Freeing an entry is a short list of dependent loads and atomics, some per entry and some per run
of entries freed together in one cluster:
- Linux 6.18 (swap table): the slot's 8 B swap table word and its count (a load and an atomic);
  one cluster lock per run (swap_entries_free works cluster by cluster, mm/swapfile.c); every
  entry, batched or not, calls zswap_invalidate() from swap_range_free(), and a zswap entry leaves
  the per-64 MiB zswap tree there (xa_erase: a walk and the tree's xa_lock) and frees its zsmalloc
  object and zswap_entry (zs_free: the object's zspage and the class lock; kmem_cache_free: one
  atomic).
- vswap-v3: find the virtual cluster (an XArray walk, or the per-CPU cache of v6) and lock it for
  every entry, read its 24 B descriptor and drop its count; a disk entry also frees its physical
  slot, again per entry (the "double free"); a zswap entry frees its zsmalloc object and
  zswap_entry but has no tree to leave. Kairui Song measured this version.
- vswap-v5 and vswap-v6: the same, with one cluster lookup and lock per run ("Fix poor swap free batching
  behavior", v4; "Batch per-entry operations where possible (vswap_free for e.g)", v6).
- vswap-ste-v2 and p4-rfc-ghost: swapfile.c's per-cluster free on a dynamic cluster found
  through the cluster_info_pool XArray once per run; an 8 B virtual_table word per entry; the
  physical slot as vswap-v5 and vswap-v6.
Entries freed in slot order share the cache lines of their words (8 per line for an 8 B word,
64/24 for a 24 B descriptor) and of the XArray leaves that index them; frees in random order pay
a cold line each. A run spans about 512 entries in slot order and 1 in random order
(`in_order_share` mixes the two). A zsmalloc free waits behind page migration for
rho / (1 - rho) x `migrate_hold_ns` (a lock busy rho of the time, M/M/1 mean wait), in every design
that frees to zsmalloc (zswap, and zram "disk"). Not priced: contention between CPUs freeing
concurrently (a single process exiting frees on one CPU), the XArray node a leaf's last erase
frees, and the memcg uncharge, which every design does per run.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from swapmodel.base.errors import check_choice, check_range
from swapmodel.base.geometry import SWAPFILE_CLUSTER_SLOTS, ZSWAP_TREE_SLOTS
from swapmodel.model.lookup import USED_CLUSTERS, xarray_levels
from swapmodel.sources.designs import load_structs

FAMILIES = ("linux-6.18", "vswap-v3", "vswap-v5 and vswap-v6", "vswap-ste-v2 and p4-rfc-ghost")
DESCRIPTOR_FAMILIES = FAMILIES[1:3]
"""The families that free through vswap's 24 B swp_desc and its per-CPU cluster cache (v3-v6)."""
BACKENDS = ("disk", "zram")
CACHE_LINE_BYTES = 64
"""x86-64's cache line (this machine: /sys/devices/system/cpu/cpu0/cache/index0/coherency_line_size)."""


@cache
def _entry_bytes() -> tuple[float, float]:
    """Bytes of one swap table word (struct swap_table over its 512 slots, BTF; also a virtual_table
    word and an XArray slot) and of vswap's descriptor (swp_desc@v3), from the catalogue."""
    structs = load_structs()
    return structs["swap_table"].bytes / SWAPFILE_CLUSTER_SLOTS, structs["swp_desc@v3"].bytes


def free_ns_per_entry(family: str, latency_ns: dict, atomic_ns: float, zswap_share: float, in_order_share: float,
                      backend: str = "disk", cold: str = "L3", used_clusters: float = USED_CLUSTERS, mru_hit_rate: float = 0.0,
                      migrate_rho: float = 0.0, migrate_hold_ns: float = 1000.0) -> float:
    """Mean nanoseconds to free one swap entry of `family`."""
    check_choice("family", family, FAMILIES)
    check_choice("backend", backend, BACKENDS)
    check_choice("cold", cold, ("L2", "L3", "DRAM"))
    z = float(check_range("zswap_share", zswap_share, 0, 1))
    order = float(check_range("in_order_share", in_order_share, 0, 1))
    hit = float(check_range("mru_hit_rate", mru_hit_rate, 0, 1))
    rho = float(check_range("migrate_rho", migrate_rho, 0, 0.99))
    check_range("migrate_hold_ns", migrate_hold_ns, 0, 1e9)
    check_range("used_clusters", used_clusters, 1)
    l1, l2, c = latency_ns["L1d"], latency_ns["L2"], latency_ns[cold]
    word_bytes, descriptor_bytes = _entry_bytes()
    run = 1.0 / (order / SWAPFILE_CLUSTER_SLOTS + (1 - order))  # mean entries freed per cluster run

    def line(entries_per_line):
        """The cold line holding an entry's word: shared with its neighbours when freed in order."""
        return order * c / entries_per_line + (1 - order) * c

    def walk(keys, entries_per_key):
        """An XArray walk: upper levels at L2, the leaf slot's line shared by in-order neighbours."""
        return (xarray_levels(keys) - 1) * l2 + line(CACHE_LINE_BYTES / word_bytes * entries_per_key)

    word = line(CACHE_LINE_BYTES / word_bytes)
    zsmalloc_free = c + atomic_ns + rho / (1 - rho) * migrate_hold_ns  # the zspage, the class lock, migration
    zswap_tail = zsmalloc_free + atomic_ns                             # and kmem_cache_free's cmpxchg
    device_free = zsmalloc_free if backend == "zram" else 0.0          # zram's slot free calls zs_free too

    if family == "linux-6.18":
        zswap_erase = walk(ZSWAP_TREE_SLOTS, 1) + atomic_ns
        return word + atomic_ns + atomic_ns / run + z * (zswap_erase + zswap_tail) + (1 - z) * device_free
    batched = family != "vswap-v3"
    per_run = 1.0 / run if batched else 1.0
    cluster_walk = walk(used_clusters, SWAPFILE_CLUSTER_SLOTS)
    find = (hit * l1 + (1 - hit) * cluster_walk) if family in DESCRIPTOR_FAMILIES else cluster_walk
    entry = line(CACHE_LINE_BYTES / descriptor_bytes) if family in DESCRIPTOR_FAMILIES else word
    virtual = find * per_run + entry + atomic_ns + atomic_ns * per_run
    physical = word + atomic_ns + atomic_ns * per_run
    return virtual + z * zswap_tail + (1 - z) * (physical + device_free)


def change_against_618_ns(family: str, latency_ns: dict, atomic_ns: float, zswap_share: float,
                          in_order_share: float, backend: str = "disk", cold: str = "L3",
                          used_clusters: float = USED_CLUSTERS, migrate_rho: float = 0.0) -> float:
    """Nanoseconds per entry `family` takes to free more than 6.18 does (negative: less)."""
    return (free_ns_per_entry(family, latency_ns, atomic_ns, zswap_share, in_order_share, backend, cold, used_clusters,
                              migrate_rho=migrate_rho)
            - free_ns_per_entry("linux-6.18", latency_ns, atomic_ns, zswap_share, in_order_share, backend, cold,
                                migrate_rho=migrate_rho))


def sign_flip_zswap_share(family: str, latency_ns: dict, atomic_ns: float, in_order_share: float,
                          backend: str = "disk", cold: str = "L3", used_clusters: float = USED_CLUSTERS,
                          migrate_rho: float = 0.0) -> float:
    """The share of freed entries in zswap at which `family` frees as fast as 6.18: its change
    against 6.18 is linear in the share (every term is a mix of a zswap and a device cost), so the
    root is d(0) / (d(0) - d(1)). NaN when the sign is the same over the whole range 0-1."""
    d0, d1 = (change_against_618_ns(family, latency_ns, atomic_ns, z, in_order_share, backend, cold, used_clusters,
                                    migrate_rho) for z in (0.0, 1.0))
    if d0 == d1 or (d0 > 0) == (d1 > 0):
        return float("nan")
    return d0 / (d0 - d1)


def sign_table(latency_ns: dict, atomic_ns: float, zswap_shares, in_order_shares, backends=BACKENDS,
               migrate_rho: float = 0.0, cold: str = "L3", used_clusters: float = USED_CLUSTERS) -> pd.DataFrame:
    """Free time per entry of each family against 6.18 over the parameters that decide the sign."""
    rows = []
    for be in backends:
        for z in zswap_shares:
            for o in in_order_shares:
                base = free_ns_per_entry("linux-6.18", latency_ns, atomic_ns, z, o, be, cold, migrate_rho=migrate_rho)
                for fam in FAMILIES[1:]:
                    ns = free_ns_per_entry(fam, latency_ns, atomic_ns, z, o, be, cold, used_clusters,
                                           migrate_rho=migrate_rho)
                    rows.append({"backend": be, "zswap_share": z, "in_order_share": o, "family": fam,
                                 "ns_per_entry": ns, "baseline_ns_per_entry": base,
                                 "change_pct": 100 * (ns - base) / base})
    return pd.DataFrame(rows)


def sign_flip_table(latency_ns: dict, atomic_ns: float, in_order_shares, backends=BACKENDS, migrate_rho: float = 0.0,
                    cold: str = "L3", used_clusters: float = USED_CLUSTERS) -> pd.DataFrame:
    """The zswap share at which each family frees as fast as 6.18 (`sign_flip_zswap_share`, NaN where
    the sign never flips), per backend and share freed in slot order; `slower_below`: the family is
    slower than 6.18 at the shares below it."""
    rows = []
    for be in backends:
        for o in in_order_shares:
            for fam in FAMILIES[1:]:
                z = sign_flip_zswap_share(fam, latency_ns, atomic_ns, o, be, cold, used_clusters, migrate_rho)
                at_zero = change_against_618_ns(fam, latency_ns, atomic_ns, 0.0, o, be, cold, used_clusters, migrate_rho)
                rows.append({"backend": be, "in_order_share": o, "family": fam, "zswap_share_at_parity": z,
                             "slower_below": bool(at_zero > 0)})
    return pd.DataFrame(rows)


def migrate_rho_for_wait_ns(wait_ns: float, migrate_hold_ns: float = 1000.0) -> float:
    """The share of time page migration must hold the zsmalloc lock for a zs_free() to wait
    `wait_ns` on average: the inverse of the M/M/1 wait rho / (1 - rho) x `migrate_hold_ns` that
    `free_ns_per_entry` charges. 0 for no wait; approaches 1 as the wait grows without bound."""
    check_range("wait_ns", wait_ns, 0, 1e12)
    hold = float(check_range("migrate_hold_ns", migrate_hold_ns, 1e-9, 1e9))
    x = float(wait_ns) / hold
    return x / (1 + x)
