"""Whole-workload slowdowns under global pressure (question 4.9) read as swap traffic: how many
swapped pages an extra cost per page needs to account for a published rise in system time.

Kairui Song's kernel builds on vswap v3 (measurements.toml `kbuild_kairui_v3_*`) posted system
times but no swap counters, so the traffic is the unknown: for each per-page extra cost (measured
by someone else, or priced by this project's models) the traffic that cost needs is
extra system seconds / extra nanoseconds per page.
"""

from __future__ import annotations

import pandas as pd

from swapmodel.base.errors import check_range
from swapmodel.base.geometry import GIB_BYTES, PAGE_SIZE_BYTES
from swapmodel.model.free_path import change_against_618_ns
from swapmodel.sources.benchmarks import load_measurements

KBUILDS = ("kbuild_kairui_v3_j12", "kbuild_kairui_v3_j48")


def pages_to_explain(extra_s: float, ns_per_page: float) -> float:
    """Swapped pages an extra `ns_per_page` per page needs to add up to `extra_s` seconds."""
    check_range("ns_per_page", ns_per_page, 1e-3, 1e9)
    return float(extra_s) * 1e9 / ns_per_page


def model_extra_ns_per_page(per_fault: pd.DataFrame, latency_ns: dict, atomic_ns: float, cold: str,
                            used_clusters: float) -> float:
    """The model's extra nanoseconds per swapped page of vswap v3 over 6.18 on a disk device: one
    disk-fault lookup (`per_fault`, model.lookup.fault_cost) and one free in random slot order (a
    build's processes exit in address order over slots reclaim handed out in LRU order)."""
    fault = per_fault.set_index(["design", "scenario"]).ns
    return (float(fault[("vswap-v3", "disk")] - fault[("linux-6.18", "disk")])
            + change_against_618_ns("vswap v3", latency_ns, atomic_ns, 0.0, 0.0, "disk", cold, used_clusters))


def kbuild_traffic(costs_ns_per_page: dict[str, float]) -> pd.DataFrame:
    """For each published kernel build and each named per-page cost: the build's extra system time
    and the swap traffic (pages, GiB, and GiB per GiB of the VM's memory) that cost needs."""
    measured = load_measurements()
    rows = []
    for name in KBUILDS:
        m = measured[name]
        extra_s = m["after_sys_s"] - m["before_sys_s"]
        for cost, ns in costs_ns_per_page.items():
            pages = pages_to_explain(extra_s, ns)
            gib = pages * PAGE_SIZE_BYTES / GIB_BYTES
            rows.append({"build": name, "memory_mib": m["memory_mib"], "extra_sys_s": extra_s,
                         "sys_change_pct": 100 * extra_s / m["before_sys_s"], "cost": cost, "ns_per_page": ns,
                         "pages_needed": pages, "gib_needed": gib, "memory_multiples": gib * 1024 / m["memory_mib"]})
    return pd.DataFrame(rows)
