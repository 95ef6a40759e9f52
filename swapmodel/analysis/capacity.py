"""Capacity analyses for notebook 05: ceilings, metadata that a set of pages adds, what an empty
device of a given size costs, what a sizing rule costs at swapon, the behaviour a device's size
changes (vm_swap_full(), the overcommit heuristic), the break-even between dynamic and static
layouts, the provisioning a fallback target needs, and the reverse map's operations. Prices come
from `swapmodel.model.cost` with each design's full ledger."""

from __future__ import annotations

import numpy as np
import pandas as pd

from swapmodel.analysis.simulate import simulate_churn
from swapmodel.analysis.sweep import sweep
from swapmodel.base.errors import ParameterError, check_range
from swapmodel.base.geometry import (GIB_BYTES, MIB_BYTES, PAGE_SIZE_BYTES,
                                     SWAPFILE_CLUSTER_SLOTS, TIB_BYTES)
from swapmodel.model import breakeven
from swapmodel.model.ceilings import ceiling_bytes, ceiling_slots
from swapmodel.model.cost import cost, per_entry_components
from swapmodel.model.lookup import Step, step_costs
from swapmodel.model.occupancy import scenario
from swapmodel.sources.capacity import CONSOLIDATION_FILE, Ceiling, SizingRule, load_consolidation
from swapmodel.sources.questions import Validation
from swapmodel.sources.designs import get_design, posted_shares_cluster_cache



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
            "seed": seed, "not_whole_pct": float(np.mean([r["not_whole_pct"] for r in half]))}


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
    """How a design allocates: two layers or one, and whether its posted code shares one per-CPU
    cluster cache between them (rules.toml, per_cpu_cluster_cache)."""
    return get_design(design).virtual_over_physical, posted_shares_cluster_cache(design)


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
    ledger = load_consolidation(path)
    design, base = ledger.design, ledger.baseline
    fields, totals = [], []
    for state in states:
        base_parts = per_entry_components(base, state)
        design_parts = per_entry_components(design, state)
        replaced_total = 0.0
        for f in ledger.fields:
            names = f.replaces.get(state, ())
            missing = [n for n in names if n not in base_parts]
            if missing:
                raise ParameterError(f"{path.name}: field {f.name!r} replaces {missing}, not components of {base}")
            replaced = sum(base_parts[n] for n in names)
            replaced_total += replaced
            fields.append({"state": state, "field": f.name, "descriptor_bytes": f.bytes,
                           "replaces": ", ".join(names) or "(new state)", "replaced_bytes": replaced})
        totals.append({"state": state, "descriptor_struct_bytes": sum(f.bytes for f in ledger.fields),
                       "descriptor_allocated_bytes": design_parts[ledger.descriptor],
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


RMAP_COMPONENTS = {"vswap-rfc-v1": "backing vswap_rmap xa_node", "vswap-v3": "backing swap_table (reverse map)",
                   "vswap-v6": "backing swap_table (reverse map)", "vswap-ste-v2": "backing swap_table",
                   "p4-rfc-ghost": "backing swap_table"}
"""Design -> the component of its full ledger (data/designs/) that holds its physical-to-virtual
reverse map. vswap-rfc-v1: the vswap_rmap XArray (DEFINE_XARRAY(vswap_rmap), RFC v2 cover
https://lore.kernel.org/all/20250429233848.3093350-1-nphamcs@gmail.com/, data/designs/vswap.toml);
vswap-v3 and vswap-v6: the physical device's swap table re-used for the reverse mapping (v3 cover,
https://lore.kernel.org/all/20260208215839.87595-1-nphamcs@gmail.com/: 'Re-use swap table for the
reverse mapping'); vswap-ste-v2 and p4-rfc-ghost: the physical device's own swap table, whose entry
names the virtual (ghost) slot (their `backing` designs in data/designs/)."""


def rmap_cost(designs=None, components: dict[str, str] | None = None) -> pd.DataFrame:
    """Question 6.3 (memory): the reverse map's bytes per disk-resident entry of each design (the
    named backing component, a full dense physical device) and per GiB of disk-resident pages.
    `components` defaults to RMAP_COMPONENTS, `designs` to its keys."""
    components = RMAP_COMPONENTS if components is None else components
    designs = list(components) if designs is None else designs
    rows = []
    for d in designs:
        per = per_entry_components(d, "disk")
        name = components[d]
        rows.append({"design": d, "rmap_component": name, "bytes_per_disk_entry": per[name],
                     "mib_per_gib_on_disk": per[name] * (GIB_BYTES // PAGE_SIZE_BYTES) / MIB_BYTES})
    return pd.DataFrame(rows)


def rmap_percent_of_ram(hosts: pd.DataFrame, bytes_per_disk_entry: float) -> float:
    """Question 6.3 (memory): a reverse map of `bytes_per_disk_entry` per disk-resident entry as a
    share of RAM (%), averaged over the fleet draw `hosts` (columns disk_share: disk-resident share
    of the swapped pages; cold_share: swapped pages over RAM pages): mean(d x c) x bytes / PAGE_SIZE."""
    return float(np.mean(hosts.disk_share * hosts.cold_share)) * 100 * bytes_per_disk_entry / PAGE_SIZE_BYTES


PAGE_SHIFT = PAGE_SIZE_BYTES.bit_length() - 1
X86_SWP_OFFSET_FIRST_BIT = 9
"""x86-64: _PAGE_BIT_PROTNONE + 1, the lowest PTE bit of a swap offset (arch/x86/include/asm/pgtable_64.h)."""
X86_SWP_OFFSET_BITS = 64 - (X86_SWP_OFFSET_FIRST_BIT + 5)
"""x86-64: the offset sits above SWP_OFFSET_SHIFT = SWP_OFFSET_FIRST_BIT + SWP_TYPE_BITS (5), stored
inverted: 50 bits, which is what generic_max_swapfile_size() (mm/swapfile.c) finds."""
L1TF_SYSFS = "/sys/devices/system/cpu/vulnerabilities/l1tf"


def x86_swap_ceiling_table(device_slots: int, cache_bits=(36, 39, 42, 44, 46, 48)) -> pd.DataFrame:
    """Question 4.23: the most slots one swapfile.c device holds on x86-64, without and with the
    L1TF cap, per value of boot_cpu_data.x86_cache_bits.

    arch_max_swapfile_size() (arch/x86/mm/init.c; the form since v6.0, unchanged to v6.18) returns
    generic_max_swapfile_size() (2**X86_SWP_OFFSET_BITS pages: never binding), except where
    boot_cpu_has_bug(X86_BUG_L1TF) and l1tf_mitigation != L1TF_MITIGATION_OFF: then
    min(that, l1tf_pfn_limit() << (PAGE_SHIFT - SWP_OFFSET_FIRST_BIT)), with l1tf_pfn_limit() =
    BIT_ULL(x86_cache_bits - 1 - PAGE_SHIFT) (arch/x86/include/asm/processor.h): the inverted swap PTE
    must stay below MAX_PA/2. read_swap_header() truncates a larger swap header to it; `device_slots`
    (swap_info_struct->max, an unsigned int) caps it as well. x86_cache_bits is x86_phys_bits, raised
    to 44 on the Intel client parts set_min_cache_bits() lists (arch/x86/kernel/cpu/intel.c, since v6.10;
    override_cache_bits() in bugs.c before)."""
    generic = 1 << X86_SWP_OFFSET_BITS
    rows = []
    for bits in cache_bits:
        bits = int(check_range("x86_cache_bits", bits, PAGE_SHIFT + 1, 64))
        l1tf = (1 << (bits - 1 - PAGE_SHIFT)) << (PAGE_SHIFT - X86_SWP_OFFSET_FIRST_BIT)
        without, with_l1tf = min(generic, device_slots), min(generic, l1tf, device_slots)
        rows.append({"x86_cache_bits": bits, "l1tf_cap_slots": l1tf, "l1tf_cap_tib": l1tf * PAGE_SIZE_BYTES / TIB_BYTES,
                     "ceiling_without_l1tf_tib": without * PAGE_SIZE_BYTES / TIB_BYTES,
                     "ceiling_with_l1tf_tib": with_l1tf * PAGE_SIZE_BYTES / TIB_BYTES,
                     "l1tf_cap_binds": bool(l1tf < device_slots)})
    return pd.DataFrame(rows)


def l1tf_status(path: str = L1TF_SYSFS) -> str:
    """What the running kernel reports for L1TF (read-only), 'unknown' where the file is absent."""
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return "unknown"


MEMCG_ID_COMPONENTS = ("swap_cgroup", "swap_cgroup map", "memcg_table", "backing swap_cgroup", "backing memcg_table")
"""Components that store the memory cgroup a swapped page is charged to."""


def memcg_id_bytes(designs, state: str = "disk") -> pd.Series:
    """Bytes per used entry in `state` (full dense device) of the components that record each
    entry's memcg, for the designs that have the state."""
    return pd.Series({d: sum(v for k, v in per_entry_components(d, state).items() if k in MEMCG_ID_COMPONENTS)
                      for d in designs if state in get_design(d).states})


def vm_swap_full_table(rules: list[SizingRule], swapped_shares, grown_cluster_fills) -> pd.DataFrame:
    """Question 4.17: whether vm_swap_full() holds, per device sizing and swapped share of RAM.

    vm_swap_full() is `atomic_long_read(&nr_swap_pages) * 2 < total_swap_pages` (mm/swap.h, Linux
    v6.18); swapon adds the device's si->pages to total_swap_pages, so a device of `factor` x RAM
    holding a share c of RAM is full when c / factor > 1/2, i.e. above c = factor / 2. A device grown
    cluster by cluster (si->pages = used clusters x 512) is full when its used clusters are more than
    half occupied, whatever c. One device (the only swap space). When full, do_swap_page() frees the
    swap cache of every swapped-in folio (should_try_to_free_swap() via mem_cgroup_swap_full(),
    which returns true when vm_swap_full()), and the allocator reclaims swap-cache-only slots it
    meets (cluster_scan_range(), swap_reclaim_full_clusters())."""
    rows = []
    for c in swapped_shares:
        c = float(check_range("swapped share of RAM", c, 0, 1000))
        for r in rules:
            fill = min(1.0, c / r.factor)
            rows.append({"device": f"static, {r.name}", "swapped_share_of_ram": c, "device_fill": fill,
                         "full_above_swapped_share": r.factor / 2, "vm_swap_full": bool(fill > 0.5)})
        for f in grown_cluster_fills:
            f = float(check_range("grown cluster fill", f, 0, 1))
            rows.append({"device": f"grown by cluster, {f:.0%} of used clusters' slots in use", "swapped_share_of_ram": c,
                         "device_fill": f, "full_above_swapped_share": 0.0 if f > 0.5 else float("inf"),
                         "vm_swap_full": bool(f > 0.5)})
    return pd.DataFrame(rows)


def swap_cache_prices(designs) -> pd.DataFrame:
    """Question 4.17: what keeping or dropping the swap cache of a swapped-in page costs, per design.

    Kept (vm_swap_full() false): the page keeps its slot as swap-cache-only; the design's metadata
    for an entry in state `swapcache` stays allocated (full ledger, full dense device: bytes per
    cache-only slot, MiB per GiB of such pages). A disk-backed page reclaimed again unmodified is
    then dropped without a write (PAGE_SIZE of write I/O saved); a zswap-backed one saves nothing,
    since zswap_load() frees the compressed copy and dirties the folio when it reads into the swap
    cache (mm/zswap.c, v6.18). Dropped (full): the metadata goes at swap-in, and that clean
    disk-backed page costs a new PAGE_SIZE write when reclaimed again."""
    rows = []
    for d in designs:
        if "swapcache" not in get_design(d).states:
            continue
        per = sum(per_entry_components(d, "swapcache").values())
        rows.append({"design": d, "cache_only_bytes_per_slot": per,
                     "mib_per_gib_cache_only": per * (GIB_BYTES // PAGE_SIZE_BYTES) / MIB_BYTES,
                     "write_saved_bytes_disk": PAGE_SIZE_BYTES, "write_saved_bytes_zswap": 0})
    return pd.DataFrame(rows)


def overcommit_limits(rules: list[SizingRule], swapped_shares, overcommit_ratio_percent: float = 50.0) -> pd.DataFrame:
    """Question 4.17: what the device's size does to the overcommit checks, in multiples of RAM.

    __vm_enough_memory() (mm/util.c, v6.18) refuses, under OVERCOMMIT_GUESS (the default), one
    request larger than totalram_pages() + total_swap_pages; under OVERCOMMIT_NEVER it refuses once
    the committed total passes vm_commit_limit() = RAM x overcommit_ratio / 100 + total_swap_pages
    (hugetlb and the admin and user reserves left out). A static device counts its whole size; a
    device grown cluster by cluster counts about what is swapped (c)."""
    ratio = float(check_range("overcommit_ratio_percent", overcommit_ratio_percent, 0, 10000)) / 100
    rows = []
    for c in swapped_shares:
        c = float(check_range("swapped share of RAM", c, 0, 1000))
        sizes = [(f"static, {r.name}", r.factor) for r in rules] + [("grown by cluster", c)]
        for name, swap in sizes:
            rows.append({"device": name, "swapped_share_of_ram": c, "total_swap_x_ram": swap,
                         "guess_largest_request_x_ram": 1 + swap, "never_commit_limit_x_ram": ratio + swap})
    return pd.DataFrame(rows)


RMAP_CHASE_STEPS = (Step("index", "physical swap table: the reverse map (Pointer-tagged vswap slot)"),
                    Step("xarray", "vswap cluster XArray (vswap_only_has_cache)", "clusters"),
                    Step("lock", "vswap cluster lock"),
                    Step("descriptor", "swp_desc swap_count and in_swapcache"))
"""What vswap v3-v5's physical allocator does for each allocated slot it meets: swap_cache_only()
-> swap_only_has_cache() -> swp_slot_to_swp_entry() reads the reverse map, then
vswap_only_has_cache() finds the descriptor (vswap v3 PATCH 13/20, mm/swapfile.c,
https://lore.kernel.org/all/20260208215839.87595-14-nphamcs@gmail.com/). The scan reads the slots
of one cluster in order, so the reverse-map read is priced at L1."""
RMAP_BIT_STEPS = (Step("index", "physical swap table: SWP_RMAP_CACHE_ONLY bit (swap_rmap_is_cache_only)"),)
"""vswap v6 and STE: the cache-only bit on the reverse-map entry, read in place ('The physical
reclaim scanner reads it directly instead of chasing the rmap into the vswap layer')."""
SWAP_MAP_STEPS = (Step("index", "swap_map byte == SWAP_HAS_CACHE"),)
"""Linux 6.18: cluster_scan_range() compares the slot's swap_map byte."""


def rmap_operations(cluster_fills, latency_ns: dict, atomic_ns: float, used_clusters: float,
                    cold: str = "L3") -> pd.DataFrame:
    """Question 6.3: the reverse map's reads on the physical allocator's scan against its writes.

    Writes: vswap_rmap_set() once when a physical slot is allocated for a virtual one (zswap
    writeback or a reject going to disk) and once when it is freed (swap_slots_put_map() clears
    it): 2 per disk residency; v6 adds an atomic OR and AND of the cache-only bit when the entry
    becomes swap-cache-only and is referenced again. Reads: order-0 allocation scans a cluster
    forward; every allocated slot it passes is checked for swap-cache-only. With the cluster's slots
    in use independently with probability f, the allocated slots passed before the first free one
    are geometric, f / (1 - f) per allocation; a full-cluster reclaim (swap_reclaim_full_clusters(),
    when vm_swap_full()) checks all 512. Per design family, the nanoseconds of one check
    (`swapmodel.model.lookup` step prices) and per allocation."""
    families = (("vswap-v3 and vswap-v5 (rmap chase)", RMAP_CHASE_STEPS), ("vswap-v6 (rmap bit)", RMAP_BIT_STEPS),
                ("linux-6.18 (swap_map byte)", SWAP_MAP_STEPS))
    rows = []
    for f in cluster_fills:
        f = float(check_range("cluster fill", f, 0, 0.999))
        passed = f / (1 - f)
        for family, steps in families:
            ns = sum(c["ns"] for c in step_costs(steps, latency_ns, atomic_ns, cold, used_clusters))
            rows.append({"cluster_fill": f, "family": family, "checks_per_allocation": passed,
                         "ns_per_check": ns, "ns_per_allocation": passed * ns,
                         "ns_per_full_cluster_reclaim_scan": SWAPFILE_CLUSTER_SLOTS * ns,
                         "rmap_writes_per_disk_residency": 2 if family.startswith("vswap") else 0})
    return pd.DataFrame(rows)


def claim_validation(claims: pd.DataFrame, ids, column: str = "full_swap_layer", what: str = "") -> list[Validation]:
    """Validation rows for the published claims `ids` (rows of `swapmodel.analysis.claims.evaluate_all()`):
    the published value against the model's `column` (full ledger, swap layer only by default) for
    the claim's own case."""
    by_id = claims.set_index("id")
    rows = []
    for i in ids:
        c = by_id.loc[i]
        model = float(c[column])
        if not np.isfinite(model):
            model = float(c["reproduced"])
        rows.append(Validation(f"data/claims/overhead.toml {i} ({c.who}, {c.date}: {c.quantity}){what}",
                               float(c.published), model, str(c.unit)))
    return rows
