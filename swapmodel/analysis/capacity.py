"""Capacity analyses for notebook 05: ceilings, metadata that a set of pages adds, what an empty
device of a given size costs, what a sizing rule costs at swapon, the break-even between dynamic
and static layouts, and the provisioning a fallback target needs. Prices come from
`swapmodel.model.cost` with each design's full ledger."""

from __future__ import annotations

import numpy as np
import pandas as pd

from swapmodel.analysis.simulate import simulate_churn
from swapmodel.analysis.sweep import sweep
from swapmodel.base import paths
from swapmodel.base.errors import ParameterError
from swapmodel.base.geometry import (GIB_BYTES, MIB_BYTES, PAGE_SIZE_BYTES,
                                     SWAPFILE_CLUSTER_SLOTS, TIB_BYTES)
from swapmodel.model import breakeven
from swapmodel.model.ceilings import ceiling_bytes, ceiling_slots
from swapmodel.model.cost import cost, per_entry_components
from swapmodel.model.occupancy import scenario
from swapmodel.sources.capacity import Ceiling, SizingRule
from swapmodel.sources.designs import get_design
from swapmodel.sources.files import read_toml

CONSOLIDATION_FILE = paths.DATA / "capacity" / "consolidation.toml"


def ceiling_table(ceilings: list[Ceiling]) -> pd.DataFrame:
    """One row per ceiling: slots, TiB, basis, how it is derived and its source."""
    return pd.DataFrame([{"design": c.design, "basis": c.basis, "slots": ceiling_slots(c),
                          "TiB": ceiling_bytes(c) / TIB_BYTES, "how": c.note, "source": c.source} for c in ceilings])


def _total(design: str, slots: float, used: float, state: str, placement: str = "dense") -> float:
    return float(cost(design, scenario(slots, used, {state: 1.0}, placement)).total_bytes[0])


def added_metadata(designs, device_slots: float, pages: float, states=("disk", "zero"),
                   placements=("dense", "random")) -> pd.DataFrame:
    """Metadata `pages` entries add to an otherwise empty device of `device_slots` slots, per
    design, entry state (where the design has it) and placement: MiB in all and bytes per page."""
    rows = []
    for d in designs:
        for state in states:
            if state not in get_design(d).states:
                continue
            for placement in placements:
                added = (_total(d, device_slots, pages / device_slots, state, placement)
                         - _total(d, device_slots, 0.0, state, placement))
                rows.append({"design": d, "state": state, "placement": placement, "added_mib": added / 2**20,
                             "bytes_per_page": added / pages})
    return pd.DataFrame(rows)


def empty_device(designs, slots: float, state: str = "zswap") -> pd.DataFrame:
    """Per design: what a swapped-on, empty space of `slots` slots costs (MiB, and bytes per
    provisioned slot), and what one full cluster of `state` entries then adds (KiB)."""
    rows = []
    for d in designs:
        empty = _total(d, slots, 0.0, state)
        cluster = _total(d, SWAPFILE_CLUSTER_SLOTS, 1.0, state) - _total(d, SWAPFILE_CLUSTER_SLOTS, 0.0, state)
        rows.append({"design": d, "empty_mib": empty / 2**20, "per_slot_bytes": empty / slots,
                     "per_used_cluster_kib": cluster / 1024})
    return pd.DataFrame(rows).set_index("design")


def rule_cost(per_slot_bytes: pd.Series, rules: list[SizingRule]) -> pd.DataFrame:
    """Metadata taken at swapon by a device sized by each rule, as a share of RAM: bytes per
    provisioned slot x the rule's factor / page size."""
    return pd.DataFrame([{"design": d, "rule": r.name, "rule_basis": r.basis,
                          "percent_of_ram": 100 * b * r.factor / PAGE_SIZE_BYTES}
                         for d, b in per_slot_bytes.items() for r in rules])


def break_even_table(designs, baselines, zswap_shares) -> pd.DataFrame:
    """Per design, baseline and zswap share z: a(z) and b(z) of both (swapmodel.model.breakeven), the
    utilisations (cheaper_from_u, cheaper_to_u] at which the design costs less per used entry than
    the baseline, and `cheaper_below_u`: u* when that range starts at 0 (1: always; 0: not at low
    utilisation)."""
    rows = []
    for z in zswap_shares:
        base = {b: breakeven.entry_price(b, z) for b in baselines}
        for d in designs:
            price = breakeven.entry_price(d, z)
            if price is None:
                continue
            for b, bp in base.items():
                lo, hi = breakeven.cheaper_range(price, bp)
                rows.append({"design": d, "baseline": b, "zswap_share": z,
                             "per_entry_bytes": price.per_entry_bytes, "per_provisioned_bytes": price.per_provisioned_bytes,
                             "baseline_per_entry_bytes": bp.per_entry_bytes,
                             "baseline_per_provisioned_bytes": bp.per_provisioned_bytes,
                             "cheaper_from_u": lo, "cheaper_to_u": hi,
                             "cheaper_below_u": hi if lo == 0.0 else 0.0})
    return pd.DataFrame(rows)


def _whole_folio(design, order, ratio, seed, iterations, region_mib, large_swapin):
    device = float(np.ceil(region_mib * ratio))
    rows = simulate_churn(design=design, order=order, device_mib=device, region_mib=region_mib,
                          iterations=iterations, seed=seed, aligned=large_swapin).iterations()
    half = rows[len(rows) // 2:]
    return {"design": design, "order": order, "large_swapin": large_swapin, "device_over_region": ratio,
            "seed": seed, "not_whole_pct": float(np.mean([r["fallback_pct"] + r["reactivated_pct"] for r in half]))}


def whole_folio_sweep(designs, orders, ratios, seeds, iterations: int, region_mib: float,
                      large_swapin=(False, True), executor=None) -> pd.DataFrame:
    """Second-half mean share of mTHP swap-outs that do not leave as one folio (split by a static
    device: swpout_fallback; reactivated by a two-layer one) against the physical device's size
    over the working set, per design, order and swap-in mode (tools-mm churn)."""
    grid = [dict(design=d, order=o, ratio=r, seed=s, iterations=iterations, region_mib=region_mib, large_swapin=m)
            for d in designs for o in orders for m in large_swapin for r in ratios for s in seeds]
    return pd.DataFrame(sweep(_whole_folio, grid, executor))


def provisioning_needed(folios: pd.DataFrame, target_pct: float) -> pd.DataFrame:
    """Per design, order and swap-in mode: the smallest device size over working set (k) of the sweep
    whose mean share not kept whole is below `target_pct`, and the utilisation 1/k it allows (NaN:
    no size of the sweep is enough)."""
    mean = folios.groupby(["design", "order", "large_swapin", "device_over_region"], sort=False)["not_whole_pct"].mean()
    rows = []
    for (d, o, m), group in mean.groupby(level=[0, 1, 2], sort=False):
        ok = [k for (_, _, _, k), v in group.items() if v < target_pct]
        k = min(ok) if ok else float("nan")
        rows.append({"design": d, "order": o, "large_swapin": m, "k_needed": k, "utilisation": 1.0 / k})
    return pd.DataFrame(rows)


def _allocator(design: str) -> tuple[bool, bool]:
    d = get_design(design)
    return d.virtual_over_physical, d.shares_cluster_cache


def cost_at_provisioning(designs, zswap_shares, k_needed: dict[str, float]) -> pd.DataFrame:
    """Bytes per used entry of each design at zswap share z when its provisioned space runs at the
    utilisation 1/k its fallback target allows. k comes from `k_needed[design]`, or for a design
    not swept from a swept one that allocates alike (same two-layer and shared-cache flags)."""
    rows = []
    for d in designs:
        alike = [k for other, k in k_needed.items() if _allocator(other) == _allocator(d)]
        k = k_needed.get(d, alike[0] if alike else float("nan"))
        for z in zswap_shares:
            price = breakeven.entry_price(d, z)
            if price is None:
                continue
            rows.append({"design": d, "zswap_share": z, "k": k,
                         "bytes_per_entry": float(price.at(1.0 / k)) if k == k else float("nan")})
    return pd.DataFrame(rows)


def rule_utilisation(rules: list[SizingRule], swapped_share_of_ram: float) -> pd.DataFrame:
    """Utilisation u of a device sized by each rule when `swapped_share_of_ram` of RAM is swapped
    out: u = share / factor (above 1 the device is too small to hold it)."""
    return pd.DataFrame([{"rule": r.name, "rule_basis": r.basis, "factor": r.factor,
                          "utilisation": swapped_share_of_ram / r.factor} for r in rules])


def consolidation_ledger(path=CONSOLIDATION_FILE, states=("zswap", "disk")) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Question J1: per descriptor field and backend, the descriptor's bytes against the bytes per
    used entry of the baseline components it replaces (full ledgers, a full dense device); and per
    backend, the descriptor as allocated, what it replaces, and the net bytes per used entry of the
    design against the baseline (everything else included: physical device, reverse map)."""
    raw = read_toml(path)
    design, base = raw["design"], raw["baseline"]
    fields, totals = [], []
    for state in states:
        base_parts = per_entry_components(base, state)
        design_parts = per_entry_components(design, state)
        replaced_total = 0.0
        for f in raw["field"]:
            names = f.get(f"replaces_{state}", [])
            missing = [n for n in names if n not in base_parts]
            if missing:
                raise ParameterError(f"{path.name}: field {f['name']!r} replaces {missing}, not components of {base}")
            replaced = sum(base_parts[n] for n in names)
            replaced_total += replaced
            fields.append({"state": state, "field": f["name"], "descriptor_bytes": f["bytes"],
                           "replaces": ", ".join(names) or "(new state)", "replaced_bytes": replaced})
        totals.append({"state": state, "descriptor_struct_bytes": sum(f["bytes"] for f in raw["field"]),
                       "descriptor_allocated_bytes": design_parts[raw["descriptor"]],
                       "replaced_bytes": replaced_total,
                       "design_bytes": sum(design_parts.values()), "baseline_bytes": sum(base_parts.values()),
                       "net_new_bytes": sum(design_parts.values()) - sum(base_parts.values())})
    return pd.DataFrame(fields), pd.DataFrame(totals)


def layer_split(designs, states) -> pd.DataFrame:
    """Question 4.19: bytes per used entry in each state, split between the space the PTE names
    (top: virtual or swap device) and the physical device behind it (bottom), and between the swap
    layer and zswap's bookkeeping."""
    rows = []
    for d in designs:
        for state in states:
            if state not in get_design(d).states:
                continue
            parts = get_design(d).full.components
            per = per_entry_components(d, state)
            top = sum(v for k, v in per.items() if not k.startswith("backing "))
            zswap_layer = sum(per[c.name] for c in parts if c.layer == "zswap" and c.space == "swap")
            rows.append({"design": d, "state": state, "top_bytes": top - zswap_layer, "zswap_bytes": zswap_layer,
                         "bottom_bytes": sum(per.values()) - top, "total_bytes": sum(per.values())})
    return pd.DataFrame(rows)


def rmap_cost(designs, components: dict[str, str]) -> pd.DataFrame:
    """Question 6.3 (memory): the reverse map's bytes per disk-resident entry of each design (the
    named backing component, a full dense physical device) and per GiB of disk-resident pages."""
    rows = []
    for d in designs:
        per = per_entry_components(d, "disk")
        name = components[d]
        rows.append({"design": d, "rmap_component": name, "bytes_per_disk_entry": per[name],
                     "mib_per_gib_on_disk": per[name] * (GIB_BYTES // PAGE_SIZE_BYTES) / MIB_BYTES})
    return pd.DataFrame(rows)


MEMCG_ID_COMPONENTS = ("swap_cgroup", "swap_cgroup map", "memcg_table", "backing swap_cgroup", "backing memcg_table")
"""Components that store the memory cgroup a swapped page is charged to."""


def memcg_id_bytes(designs, state: str = "disk") -> pd.Series:
    """Bytes per used entry in `state` (full dense device) of the components that record each
    entry's memcg, for the designs that have the state."""
    return pd.Series({d: sum(v for k, v in per_entry_components(d, state).items() if k in MEMCG_ID_COMPONENTS)
                      for d in designs if state in get_design(d).states})
