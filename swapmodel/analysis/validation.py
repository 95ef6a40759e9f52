"""Model against measurement: the recorded live runs (data/kernel/live/) and the kernel snapshot
next to what the catalogue, the cost model and the allocator simulator predict."""

from __future__ import annotations


import numpy as np
import pandas as pd

from swapmodel.analysis.simulate import SMALL_FOLIOS, simulate_churn
from swapmodel.model.cost import cost, unused_bytes_per_slot
from swapmodel.sources.designs import get_design
from swapmodel.kernel.snapshot import SLAB_FIELDS
from swapmodel.sources.designs import read_structs_file
from swapmodel.model.occupancy import Dense
from swapmodel.model.zsmalloc import footprint_bytes


def catalogue_diff(snapshot: dict) -> list[dict]:
    """Catalogue constants with BTF evidence next to the snapshot's values, one row each;
    `equal` is None, and `not_compared` says why, where the catalogue's size belongs to another
    kernel generation or a posting, or where the kernel lacks the item (a post-6.18 structure, or
    a zswap cache before zswap was first enabled)."""
    raw = read_structs_file()
    rows = []
    for key, s in raw["struct"].items():
        btf_name = key.split("@")[0]
        kernel = snapshot["struct_sizes"].get(btf_name)
        if s["evidence"] != "BTF" and kernel is None:
            continue
        rows.append({"item": f"struct {key}", "evidence": s["evidence"], "catalogue": s["bytes"], "kernel": kernel,
                     "equal": _equal(s["evidence"], s["bytes"], kernel), "not_compared": _why_not(s["evidence"], kernel)})
    for key, s in raw.get("slab", {}).items():
        if s["evidence"] != "sysfs":
            continue
        geo = snapshot["slab"].get(s.get("sysfs", key)) or {}
        for f in SLAB_FIELDS:
            rows.append({"item": f"slab {s.get('sysfs', key)}.{f}", "evidence": "sysfs", "catalogue": s[f],
                         "kernel": geo.get(f), "equal": _equal("BTF", s[f], geo.get(f)),
                         "not_compared": _why_not("BTF", geo.get(f))})
    return rows


def _equal(evidence: str, catalogue, kernel):
    """True or False for a BTF-evidenced constant the kernel has; None otherwise."""
    if evidence != "BTF" or kernel is None:
        return None
    return kernel == catalogue


def _why_not(evidence: str, kernel) -> str:
    """Why a row is not compared ("" when it is)."""
    if evidence != "BTF":
        return "the catalogue's size is another generation's or a posting's"
    return "" if kernel is not None else "not in this kernel (or its cache not created yet)"


def _error_pct(model: float, measured: float) -> float:
    return 100.0 * (model - measured) / measured if measured else float("nan")


def struct_table(snapshots: list[dict]) -> pd.DataFrame:
    """Catalogue constants with BTF or sysfs evidence against kernel snapshots, newest first: each
    row from the first snapshot that has the item (a zswap slab cache exists only in a boot that
    enabled zswap), naming the snapshot's kernel build."""
    rows = {}
    for snap in snapshots:
        for r in catalogue_diff(snap):
            if r["item"] not in rows or (rows[r["item"]]["kernel"] is None and r["kernel"] is not None):
                rows[r["item"]] = {**r, "snapshot": snap["kernel_release"]}
    return pd.DataFrame(list(rows.values()))


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


def _small(settings: dict) -> dict:
    """The simulator's small-folio region for a live churn record (mainline's -s) or none."""
    return SMALL_FOLIOS["tools-mm"] if settings.get("small_mib") else {}


def churn_curves(records: list[dict], sim_seeds=range(3)) -> pd.DataFrame:
    """Live fallback per iteration next to the simulator (6.18 rules) on the same device, region,
    order and swap-in mode; the simulator is averaged over `sim_seeds`. One run per record, named
    by its settings, length and UTC time (two records of the same settings are two runs), with
    whether zswap had been enabled since boot before it (`zswap_enabled_before`)."""
    rows = []
    for rec in records:
        s = rec["settings"]
        zswap = bool(rec.get("zswap_enabled_since_boot_before_run"))
        label = (f"{s['device_mib']} MiB, order {s['order']}{', aligned' if s.get('aligned') else ''}"
                 f"{', small folios' if s.get('small_mib') else ''}{', large swap-in' if s.get('large_folio_swapin') else ''}"
                 f", {len(rec['iterations'])} iterations, {rec.get('taken_at_utc', '')}"
                 f"{', zswap enabled before' if zswap else ''}")
        plain = not (s.get("aligned") or s.get("small_mib") or s.get("large_folio_swapin"))
        for r in rec["iterations"]:
            rows.append({"run": label, "plain": plain, "zswap_enabled_before": zswap, "source": "kernel",
                         "device_mib": s["device_mib"], "order": s["order"], "iteration": r["iteration"],
                         "fallback_pct": r["fallback_pct"]})
        for seed in sim_seeds:
            sim = simulate_churn(device_mib=s["device_mib"], region_mib=s["region_mib"], order=s["order"],
                                 iterations=len(rec["iterations"]), seed=seed, aligned=s["aligned"],
                                 mthp_swapin=bool(s.get("large_folio_swapin")), rules="linux-6.18", **_small(s))
            rows += [{"run": label, "plain": plain, "zswap_enabled_before": zswap, "source": "simulator",
                      "device_mib": s["device_mib"],
                      "order": s["order"], "iteration": r["iteration"], "fallback_pct": r["fallback_pct"]}
                     for r in sim.iterations()]
    return pd.DataFrame(rows)


def plateau_table(curves: pd.DataFrame, region_mib: float = 60.0) -> pd.DataFrame:
    """Mean fallback over the second half of each run, kernel against simulator, with the error."""
    rows = []
    for run, sub in curves.groupby("run", sort=False):
        half = sub["iteration"].max() // 2
        late = sub[sub["iteration"] > half].groupby("source")["fallback_pct"].mean()
        rows.append({"run": run, "plain": bool(sub["plain"].iloc[0]), "order": int(sub["order"].iloc[0]),
                     "iterations": int(sub["iteration"].max()),
                     "zswap_enabled_before": bool(sub["zswap_enabled_before"].iloc[0]),
                     "device_over_region": sub["device_mib"].iloc[0] / region_mib,
                     "kernel_plateau_pct": late.get("kernel", np.nan),
                     "simulator_plateau_pct": late.get("simulator", np.nan),
                     "difference_points": late.get("simulator", np.nan) - late.get("kernel", np.nan)})
    return pd.DataFrame(rows).sort_values("device_over_region")


def one_run_per_size(plateau: pd.DataFrame, order: int = 4) -> pd.DataFrame:
    """The plain runs of one order (unaligned, no small folios, no large swap-in) on a host where
    zswap was never enabled, one per device size: the longest, then the newest (several records of
    one size are never averaged), smallest device first."""
    rows = plateau[plateau["plain"] & (plateau["order"] == order) & ~plateau["zswap_enabled_before"]]
    return (rows.sort_values(["iterations", "run"]).drop_duplicates("device_over_region", keep="last")
            .sort_values("device_over_region"))


def device_size_series(plateau: pd.DataFrame, order: int = 4) -> pd.DataFrame:
    """The plateau against device size (`one_run_per_size`), kernel and simulator as two sources."""
    return one_run_per_size(plateau, order).melt(id_vars=["run", "device_over_region"], value_vars=["kernel_plateau_pct", "simulator_plateau_pct"],
                     var_name="source", value_name="plateau_pct").replace(
        {"source": {"kernel_plateau_pct": "kernel", "simulator_plateau_pct": "simulator, 6.18 rules"}})
