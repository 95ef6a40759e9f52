"""Time to free swap entries (questions 6.5, 4.9): which parameters flip the sign between Kairui
Song's free-time regressions and Nhat Pham's improvement.

Freeing an entry is a short list of dependent loads and atomics per entry, plus a lock per batch of
entries that share a cluster (the project's reading of the free paths):
- Linux 6.18 (swap table): clear the slot's swap table word and count (one cold load, one atomic);
  a zswap entry also leaves the zswap tree (zswap_invalidate: xa_erase, a walk of the per-64 MiB
  XArray and a locked store) and frees its zsmalloc object and zswap_entry (zs_free: the class
  lock; kmem_cache_free: one atomic); one cluster lock per batch (swap_entries_free works cluster
  by cluster, mm/swapfile.c).
- vswap v3-v6: find the virtual cluster (XArray walk, or the v6 per-CPU cache), read the descriptor
  (cold) and drop its count under the cluster lock; a disk entry frees its physical slot too (a
  second cluster, lock and table: the "double free"), batched only by the later batched-free fix;
  a zswap entry frees the zsmalloc object and zswap_entry but has no zswap tree to leave.
- STE v2 / phase IV dynamic ghost: the cluster through the cluster_info_pool XArray, the
  virtual_table word, then as vswap for the physical slot.
Batches span as many entries as consecutive frees that fall in one cluster: about 512 when frees
come in slot order, 1 when they come in random slot order (`in_order_share` mixes the two). A
zsmalloc free waits behind page migration for rho / (1 - rho) x `migrate_hold_ns` (a lock busy rho
of the time, M/M/1 mean wait), in every design that frees to zsmalloc (zswap, and zram "disk").
"""

from __future__ import annotations

import pandas as pd

from swapmodel.base.errors import check_choice, check_range
from swapmodel.base.geometry import SWAPFILE_CLUSTER_SLOTS
from swapmodel.model.lookup import walk_ns

FAMILIES = ("linux-6.18", "vswap v3-v6", "STE / dynamic ghost")
BACKENDS = ("disk", "zram")


def free_ns_per_entry(family: str, latency_ns: dict, atomic_ns: float, zswap_share: float, in_order_share: float,
                      backend: str = "disk", cold: str = "L3", used_clusters: float = 16384, mru_hit_rate: float = 0.0,
                      physical_batched: bool = True, migrate_rho: float = 0.0, migrate_hold_ns: float = 1000.0) -> float:
    """Mean nanoseconds to free one swap entry of `family`."""
    check_choice("family", family, FAMILIES)
    check_choice("backend", backend, BACKENDS)
    check_choice("cold", cold, ("L2", "L3", "DRAM"))
    z = float(check_range("zswap_share", zswap_share, 0, 1))
    order = float(check_range("in_order_share", in_order_share, 0, 1))
    hit = float(check_range("mru_hit_rate", mru_hit_rate, 0, 1))
    rho = float(check_range("migrate_rho", migrate_rho, 0, 0.99))
    check_range("migrate_hold_ns", migrate_hold_ns, 0, 1e9)
    l1, c = latency_ns["L1d"], latency_ns[cold]
    batch = 1.0 / (order / SWAPFILE_CLUSTER_SLOTS + (1 - order))  # mean entries per cluster run
    lock_per_entry = atomic_ns / batch

    def walk(keys):
        return walk_ns(keys, latency_ns, cold)

    zs_wait = rho / (1 - rho) * migrate_hold_ns
    zsmalloc_free = c + atomic_ns + zs_wait          # zs_free: the object's zspage, the class lock, migration
    slab_free = atomic_ns                            # kmem_cache_free fast path: one cmpxchg
    zswap_tail = zsmalloc_free + slab_free
    device_free = zsmalloc_free if backend == "zram" else 0.0   # zram's slot free calls zs_free too
    slot = c + atomic_ns + lock_per_entry            # table word or descriptor, count drop, batch lock

    if family == "linux-6.18":
        return slot + z * (walk(16384) + atomic_ns + zswap_tail) + (1 - z) * device_free
    if family == "vswap v3-v6":
        virtual = hit * l1 + (1 - hit) * walk(used_clusters) + slot
    else:
        virtual = walk(used_clusters) + slot
    physical = c + atomic_ns + (lock_per_entry if physical_batched else atomic_ns)
    return virtual + z * zswap_tail + (1 - z) * (physical + device_free)


def sign_table(latency_ns: dict, atomic_ns: float, zswap_shares, in_order_shares, backends=BACKENDS,
               physical_batched=(True, False), migrate_rho: float = 0.0, cold: str = "L3") -> pd.DataFrame:
    """Free time per entry of each family against 6.18 over the parameters that decide the sign."""
    rows = []
    for be in backends:
        for z in zswap_shares:
            for o in in_order_shares:
                for batched in physical_batched:
                    base = free_ns_per_entry("linux-6.18", latency_ns, atomic_ns, z, o, be, cold,
                                             migrate_rho=migrate_rho)
                    for fam in FAMILIES[1:]:
                        ns = free_ns_per_entry(fam, latency_ns, atomic_ns, z, o, be, cold,
                                               physical_batched=batched, migrate_rho=migrate_rho)
                        rows.append({"backend": be, "zswap_share": z, "in_order_share": o,
                                     "physical_batched": batched, "family": fam, "ns_per_entry": ns,
                                     "baseline_ns_per_entry": base, "change_pct": 100 * (ns - base) / base})
    return pd.DataFrame(rows)
