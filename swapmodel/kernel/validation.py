"""Model against measurement: the recorded live runs (data/kernel/live/) and the kernel snapshot
next to what the catalogue, the cost model and the allocator simulator predict."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pandas as pd

from swapmodel.allocator import simulate_churn
from swapmodel.cost import cost, unused_bytes_per_slot
from swapmodel.designs import get_design
from swapmodel.kernel import snapshot
from swapmodel.kernel.experiments import LIVE_DATA
from swapmodel.occupancy import Dense
from swapmodel.zsmalloc import footprint_bytes


def load_records(kind: str, directory: Path = LIVE_DATA) -> list[dict]:
    """Every recorded live run of `kind` (churn, static, zswap), oldest first."""
    return [json.loads(p.read_text()) for p in sorted(directory.glob(f"{kind}-*.json"))]


def _error_pct(model: float, measured: float) -> float:
    return 100.0 * (model - measured) / measured if measured else float("nan")


def struct_table(snap: dict) -> pd.DataFrame:
    """Catalogue constants with BTF evidence against the kernel snapshot."""
    return pd.DataFrame(snapshot.catalogue_diff(snap))


def static_table(records: list[dict], design: str = "linux-6.18") -> pd.DataFrame:
    """Memory taken at swapon per provisioned slot (VmallocUsed + Slab deltas) against the model's
    static bytes per slot of `design` (the kernel's own generation)."""
    model = unused_bytes_per_slot(design)
    rows = []
    for rec in records:
        for r in rec["rows"]:
            measured = (r["delta_VmallocUsed"] + r["delta_Slab"]) / r["slots"]
            rows.append({"size_mib": r["size_mib"], "measured_bytes_per_slot": measured,
                         "vmalloc_bytes_per_slot": r["delta_VmallocUsed"] / r["slots"],
                         "slab_bytes_per_slot": r["delta_Slab"] / r["slots"], "model_bytes_per_slot": model,
                         "error_pct": _error_pct(model, measured)})
    return pd.DataFrame(rows)


def zswap_table(records: list[dict], design: str = "linux-6.18") -> pd.DataFrame:
    """Slab bytes and XArray nodes per stored zswap page against the model's slab-allocated
    per-entry components (zswap_entry, handle, zswap XArray nodes)."""
    d = get_design(design)
    n = 1 << 16
    b = cost(d, Dense(n, {"zswap": n}))
    names = [c.name for c in b.components]
    per_entry = {name: b.bytes[names.index(name), 0] / n for name in ("zswap_entry", "zsmalloc handle", "zswap tree xa_node")}
    node = d.full.component("zswap tree xa_node").footprint_bytes
    rows = []
    for rec in records:
        r = rec["result"]
        model_slab = sum(per_entry.values())
        rows += [
            {"quantity": "slab bytes per stored page", "measured": r["slab_bytes_per_stored_page"],
             "model": model_slab, "error_pct": _error_pct(model_slab, r["slab_bytes_per_stored_page"])},
            {"quantity": "radix_tree_node objects per stored page", "measured": r["radix_tree_nodes_per_stored_page"],
             "model": per_entry["zswap tree xa_node"] / node,
             "error_pct": _error_pct(per_entry["zswap tree xa_node"] / node, r["radix_tree_nodes_per_stored_page"])},
        ]
        # compressed length of a page of n random bytes then zeros: at least n, at most
        # lzo1x_worst_compress(n) = n + n/16 + 64 + 3 + 2 (include/linux/lzo.h,
        # https://elixir.bootlin.com/linux/v6.18/source/include/linux/lzo.h); zs_malloc adds the 8-byte handle
        n = rec["settings"]["random_bytes_per_page"]
        for label, length in (("shortest", n), ("longest", n + n // 16 + 64 + 3 + 2)):
            model = footprint_bytes(length + 8)
            rows.append({"quantity": f"pool bytes per stored page ({label} compressed length {length} B)",
                         "measured": r["pool_bytes_per_stored_page"], "model": model,
                         "error_pct": _error_pct(model, r["pool_bytes_per_stored_page"])})
    return pd.DataFrame(rows)


def churn_curves(records: list[dict], sim_seeds=range(3)) -> pd.DataFrame:
    """Live fallback per iteration next to the simulator (6.18 rules) on the same device, region,
    order and swap-in mode; the simulator is averaged over `sim_seeds`."""
    rows = []
    for rec in records:
        s = rec["settings"]
        label = f"{s['device_mib']} MiB, order {s['order']}{', large swap-in' if s.get('large_folio_swapin') else ''}"
        for r in rec["iterations"]:
            rows.append({"run": label, "source": "kernel", "device_mib": s["device_mib"], "order": s["order"],
                         "iteration": r["iteration"], "fallback_pct": r["fallback_pct"]})
        for seed in sim_seeds:
            sim = simulate_churn(device_mib=s["device_mib"], region_mib=s["region_mib"], order=s["order"],
                                 iterations=len(rec["iterations"]), seed=seed, aligned=s["aligned"],
                                 mthp_swapin=bool(s.get("large_folio_swapin")), rules="linux-6.18")
            rows += [{"run": label, "source": "simulator", "device_mib": s["device_mib"], "order": s["order"],
                      "iteration": r["iteration"], "fallback_pct": r["fallback_pct"]} for r in sim.iterations()]
    return pd.DataFrame(rows)


def plateau_table(curves: pd.DataFrame, region_mib: float = 60.0) -> pd.DataFrame:
    """Mean fallback over the second half of each run, kernel against simulator, with the error."""
    rows = []
    for run, sub in curves.groupby("run", sort=False):
        half = sub["iteration"].max() // 2
        late = sub[sub["iteration"] > half].groupby("source")["fallback_pct"].mean()
        rows.append({"run": run, "device_over_region": sub["device_mib"].iloc[0] / region_mib,
                     "kernel_plateau_pct": late.get("kernel", np.nan),
                     "simulator_plateau_pct": late.get("simulator", np.nan),
                     "difference_points": late.get("simulator", np.nan) - late.get("kernel", np.nan)})
    return pd.DataFrame(rows).sort_values("device_over_region")


def speed_table(records: list[dict]) -> pd.DataFrame:
    """Wall time of the kernel run against the simulator on the same churn workload."""
    rows = []
    for rec in records:
        s = rec["settings"]
        start = time.perf_counter()
        simulate_churn(device_mib=s["device_mib"], region_mib=s["region_mib"], order=s["order"],
                       iterations=len(rec["iterations"]), seed=s["seed"], aligned=s["aligned"],
                       mthp_swapin=bool(s.get("large_folio_swapin")))
        sim_s = time.perf_counter() - start
        rows.append({"device_mib": s["device_mib"], "order": s["order"], "iterations": len(rec["iterations"]),
                     "kernel_seconds": rec["wall_seconds"], "simulator_seconds": sim_s,
                     "speedup": rec["wall_seconds"] / sim_s})
    return pd.DataFrame(rows)
