"""Whole-workload slowdowns under global pressure (question 4.9) read as swap traffic: how many
swapped pages an extra cost per page needs to account for a published rise in system time.

Kairui Song's kernel builds on vswap v3 (measurements.toml `kbuild_kairui_v3_*`) posted system
times but no swap counters, so the traffic is the unknown: for each per-page extra cost (measured
by someone else, or priced by this project's models) the traffic that cost needs is
extra system seconds / extra nanoseconds per page.
"""

from __future__ import annotations

import pandas as pd

from swapmodel.base.errors import ParameterError, check_range
from swapmodel.base.geometry import GIB_BYTES, PAGE_SIZE_BYTES
from swapmodel.model.free_path import change_against_618_ns
from swapmodel.sources.benchmarks import load_measurements

KBUILDS = ("kbuild_kairui_v3_j12", "kbuild_kairui_v3_j48")
FREE_FAMILIES = {"vswap-v3": "vswap-v3", "vswap-v6": "vswap-v5 and vswap-v6", "vswap-ste-v2": "vswap-ste-v2 and p4-rfc-ghost",
                 "p4-rfc-ghost": "vswap-ste-v2 and p4-rfc-ghost"}
"""The free-path family (model.free_path.FAMILIES) of each design a workload comparison ran."""
BUILD_RUNS = (
    # (run: measurements.toml key or benchmarks.toml id, design, host kind the posting states (None: not
    # stated, priced on both), what the posting says of the backend, traffic assumed: MiB swapped per build)
    ("kbuild_kairui_v3_j12", "vswap-v3", None, "NVMe swap 4095 MB; zswap not stated", 1465),
    ("kbuild_kairui_v3_j48", "vswap-v3", None, "NVMe swap 32767 MB; zswap not stated", 3877),
    ("v3-kbuild-zswap-sys", "vswap-v3", "zswap-writeback", "zswap ('Kernel build, zswap')", 3072),
    ("v3-kbuild-ssd-sys", "vswap-v3", None, "SSD swap; whether zswap was ever enabled since boot not stated", 3072),
    ("v6-kbuild-sys", "vswap-v6", None, "backend not stated", 3072),
    ("ste-kbuild-sys", "vswap-ste-v2", "zswap-writeback", "zswap (zstd)", 3072),
)
"""Every published kernel build of a vswap design against its baseline. Traffic is not posted for any:
each is priced at one memory limit's worth of pages swapped per build (the VM's memory for Kairui
Song's, memory.max 3G for Nhat Pham's), an assumed input the row names."""


def pages_to_explain(extra_s: float, ns_per_page: float) -> float:
    """Swapped pages an extra `ns_per_page` per page needs to add up to `extra_s` seconds."""
    check_range("ns_per_page", ns_per_page, 1e-3, 1e9)
    return float(extra_s) * 1e9 / ns_per_page


def model_extra_ns_per_page(per_fault: pd.DataFrame, latency_ns: dict, atomic_ns: float, cold: str,
                            used_clusters: float, zswap_share: float = 0.0, backend: str = "disk",
                            design: str = "vswap-v3") -> float:
    """The model's extra nanoseconds per swapped page of `design` (vswap v3 by default) over 6.18 on
    the host of `per_fault` (model.lookup.fault_cost for one host kind): one fault lookup, a zswap hit
    with probability `zswap_share` and otherwise a disk fault, and one free in random slot order (a
    build's processes exit in address order over slots reclaim handed out in LRU order)."""
    hosts = set(per_fault.host)
    if len(hosts) != 1:
        raise ParameterError(f"per_fault: one host kind expected, got {sorted(hosts)}")
    z = float(check_range("zswap_share", zswap_share, 0, 1))
    if z and hosts == {"zswap-never-enabled"}:
        raise ParameterError(f"zswap_share={z!r}: a zswap-never-enabled host holds no entry in zswap (0)")
    fault = per_fault.set_index(["design", "scenario"]).ns
    lookup = (1 - z) * (fault[(design, "disk")] - fault[("linux-6.18", "disk")])
    if z:
        lookup += z * (fault[(design, "zswap")] - fault[("linux-6.18", "zswap")])
    family = FREE_FAMILIES[design]
    return float(lookup) + change_against_618_ns(family, latency_ns, atomic_ns, z, 0.0, backend, cold, used_clusters)


def kbuild_traffic(costs_ns_per_page: dict[str, float]) -> pd.DataFrame:
    """For each published kernel build and each named per-page cost: the build's extra system time
    and the swap traffic (pages, GiB, and GiB per GiB of the VM's memory) that cost needs; a cost of
    0 or less (the model's saving on a zswap-writeback host) explains no slowdown at any traffic
    (NaN)."""
    measured = load_measurements()
    rows = []
    for name in KBUILDS:
        m = measured[name]
        extra_s = m["after_sys_s"] - m["before_sys_s"]
        for cost, ns in costs_ns_per_page.items():
            pages = pages_to_explain(extra_s, ns) if ns > 0 else float("nan")
            gib = pages * PAGE_SIZE_BYTES / GIB_BYTES
            rows.append({"build": name, "memory_mib": m["memory_mib"], "extra_sys_s": extra_s,
                         "sys_change_pct": 100 * extra_s / m["before_sys_s"], "cost": cost, "ns_per_page": ns,
                         "pages_needed": pages, "gib_needed": gib, "memory_multiples": gib * 1024 / m["memory_mib"]})
    return pd.DataFrame(rows)


def build_validation(per_fault_by_host: dict, latency_ns: dict, atomic_ns: float, cold: str, used_clusters: float,
                     zswap_share: float, comparisons, resolved_ids) -> pd.DataFrame:
    """For every kernel build of BUILD_RUNS and each host kind it may have run on: the published change
    in system time (%) beside the model's (model_extra_ns_per_page at the assumed traffic over the
    baseline's system time). `per_fault_by_host`: model.lookup.fault_cost per host kind; zswap hosts
    fault from zswap with probability `zswap_share`. `resolves`: the comparison is resolved by its
    own runs (`resolved_ids`, from analysis.power); Kairui Song's builds posted no spread, so never."""
    measured = load_measurements()
    by_id = {c.id: c for c in comparisons}
    rows = []
    for run, design, stated, backend, traffic_mib in BUILD_RUNS:
        if run in measured:
            m = measured[run]
            base_s, new_s, resolves = m["before_sys_s"], m["after_sys_s"], False
        else:
            c = by_id[run]
            base_s, new_s, resolves = c.baseline.mean, c.new.mean, run in resolved_ids
        pages = traffic_mib * (1 << 20) / PAGE_SIZE_BYTES
        for host in ((stated,) if stated else tuple(per_fault_by_host)):
            z = zswap_share if host == "zswap-writeback" else 0.0
            ns = model_extra_ns_per_page(per_fault_by_host[host], latency_ns, atomic_ns, cold, used_clusters, z,
                                         "disk", design)
            rows.append({"run": run, "design": design, "host": host, "host_stated": stated is not None,
                         "backend": backend, "traffic_mib": traffic_mib, "baseline_sys_s": base_s,
                         "published_pct": 100 * (new_s - base_s) / base_s, "model_ns_per_page": ns,
                         "model_pct": 100 * ns * pages * 1e-9 / base_s, "resolves": resolves})
    return pd.DataFrame(rows)
