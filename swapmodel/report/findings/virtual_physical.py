"""The answers of notebook 04 (virtual swap over physical devices): W2, 4.14, 4.10, W1, 4.27, 4.24,
W3, 4.26, 6.7, 4.25, 6.6.

Every number is read from a table the notebook saves under reports/04_virtual_physical/ (the
allocator simulator's sweeps, this kernel's live runs and the published T1 runs beside the
simulator, the sparse worst case and its index structures, the address-space ceilings) or comes
from a package function (`swapmodel.analysis.layers`: the scopes and quantities of shared numbers,
the validation rows, the virtual space's cap; `swapmodel.model.thp_swapin`: the backend rules of
large-folio swap-in).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from swapmodel.analysis import layers
from swapmodel.model import thp_swapin
from swapmodel.report.answers import Answer, Validation, Value, make_answer
from swapmodel.sources.swapin_rules import load_swapin_rules

NOTEBOOK = "04_virtual_physical"
TABLES = {name: None for name in (
    "selftest_vs_live", "virtual_physical_fill", "swap_equals_ram", "virtual_capped_at_device", "layers_over_time",
    "physical_free_space", "cpu_sweep", "virtual_physical_fill_shared_cache", "sparse_worst_case",
    "index_structures", "index_at_widest_stride", "flat_cluster_array", "stride_ceilings", "steady_sparsity",
    "thp_swapin", "thp_swapin_backend", "written_back_contiguity", "live_churn_plateaus", "t1_plateaus",
    "live_large_swapin", "provisioning_needed", "virtual_physical_fill_former", "swap_equals_ram_former",
    "virtual_capped_at_device_former", "layers_over_time_former", "physical_free_space_former", "cpu_sweep_former",
    "virtual_physical_fill_shared_cache_former", "steady_sparsity_former", "thp_swapin_former",
    "written_back_contiguity_former")}

PCT = "% of 64 KiB swap-outs"
REACTIVATION_RULE = ("vswap-v3's swap_writeout() (mm/page_io.c in patch 14/20 of v3, "
                     "https://lore.kernel.org/all/20260208215839.87595-15-nphamcs@gmail.com/) reactivates a folio whose "
                     "physical slot allocation fails: 'if (!vswap_alloc_swap_slot(folio)) { folio_mark_dirty(folio); "
                     "return AOP_WRITEPAGE_ACTIVATE; }'")
CACHE_RULE = ("each two-layer design's per-CPU cluster cache as its posted code keeps it (data/designs/rules.toml, "
              "per_cpu_cluster_cache: vswap-v3's percpu_vswap_cluster, PATCH v3 09/20; vswap-ste-v2's "
              "percpu_vswap_cluster.offset, RFC v2 2/7: a cache of its own, not the physical device's; the shared "
              "cache read from the Swap Table Edition v1 discussion is run as the shared-cache what-if), so the simulator's "
              "vswap-v3 and vswap-ste-v2 allocate alike and their curves coincide")
CODE_RULES = (
    "the virtual layer under each design's posted code as data/designs/rules.toml reads it (issue 21): vswap-v3's own "
    "allocator, mm/vswap.c vswap_alloc() of PATCH v3 09/20 (https://lore.kernel.org/all/20260208215839.87595-10-"
    "nphamcs@gmail.com/: one order per virtual cluster for its life, the CPU's cached cluster, then "
    "partial_clusters_lists[order], then a new cluster at the lowest free id; no frag list, no order-0 stealing; the "
    "first free aligned run; an empty cluster a CPU caches stays mapped), vswap-ste-v2 swapfile.c's allocator on its "
    "vswap device (RFC v2 2/7, https://lore.kernel.org/all/20260612193738.2183968-3-nphamcs@gmail.com/, vswap_alloc); "
    "both reactivate a folio of any order that finds no physical slot of its order, keeping its virtual slots "
    "(swap_writeout's AOP_WRITEPAGE_ACTIVATE, v3 14/20, RFC v2 2/7), and never reclaim cache-only virtual slots")
FORMER_RULES = (
    "Beside it, labelled 'under the former assumption', the simulator's assumptions before the code was read (tables "
    "*_former): linux-6.18's allocator rules on the dynamic virtual space, an order-0 page giving its virtual slot back "
    "when no physical slot is free, vm_swap_full() reclaim of cache-only virtual slots, an emptied cluster unmapped at "
    "once, zswap written back synchronously when a store finds the pool full.")
FORMER = "under the former assumption"


def former_text(code: dict, former: dict, points=None) -> str:
    """' Under the former assumption: ...' with the former curves, or a sentence that they are the same."""
    if all(np.allclose(code[d].values, former[d].values) for d in code):
        return f" The same {FORMER} (the physical device decides every reactivation; the virtual allocator only picks ids)."
    return f" {FORMER.capitalize()}: {per_design_text(former, points)}."


CEILING_ONLY = {"vswap-ste-v1": "Swap Table Edition v1 (RFC of 28 May 2026)"}
"""Ceilings of data/capacity/ceilings.toml kept for a posting that is not a catalogue design, by the name prose uses."""
CEILING_KIND = {"linux-6.18": "swapfile.c's 32-bit si->max, ", "vswap-ste-v1": "the same field, ",
                "vswap-ste-v2": "cluster ids in u32 after RFC v2 7/7, which lifts 2/7's 16 TiB: ",
                "vswap-ste-v5": "reported secondhand, ", "vswap-v3": "MAX_VSWAP, cluster ids in u32, ",
                "p4-rfc-ghost": "assumed: swapfile.c's 32-bit si->max, "}
"""How each design's ceiling arises, as data/capacity/ceilings.toml records it (its note); vswap-v3's from
its virtual_space_cap rule (data/designs/rules.toml, PATCH v3 09/20), p4-rfc-ghost's assumed
(layers.virtual_space_ceilings)."""
SWAPIN_SOURCE = ("The contiguity rule against this kernel's large-folio swap-ins (section 9: every mTHP swap-in of its "
                 "zram churn runs came back whole, 0 % swap-out fallback in the mainline selftest); the backend rules "
                 "read in each design's code (data/published/thp_swapin.toml), their closed forms in "
                 "tests/test_thp_swapin.py. Not measured with zswap: enabling it would disable large-folio swap-in on "
                 "this machine until reboot, which is the mainline rule itself.")
Z_EXAMPLE = 0.25
"""The zswap share 4.25 works its denied shares out at."""
STE_PATCH_STATE = ("vswap-ste-v2 as the simulator runs it (a simulator rule, labelled, not one patch's code): "
                   "RFC v2 2/7's disabled writeback (zswap_writeback_entry() returning -EINVAL for its entries) "
                   "together with the physical fallback of the patch after it (a folio zswap rejects takes a "
                   "physical slot); in 2/7 itself a rejected folio is reactivated ('physical disk backing fallback "
                   "comes in the next patch', the commit message of the series' RFC v1 2/5, "
                   "https://lore.kernel.org/all/20260528212955.1912856-3-nphamcs@gmail.com/; data/designs/rules.toml "
                   "no_physical_slot reads the same in RFC v2 2/7), and once the fallback exists writeback "
                   "is enabled too (data/designs/rules.toml zswap_writeback: 'later the physical slot is taken by "
                   "folio_realloc_swap() at writeback'), so no posted patch has both rules; the alternative (writeback "
                   "as vswap-v3's) is not run")
"""The patch state the steady-state runs of vswap-ste-v2 combine (4.27, 6.7)."""



def spread(frame: pd.DataFrame, column: str, ratio: float) -> tuple[float, float, float]:
    """Mean, min and max over the rows of `frame` at device size / working set `ratio`."""
    sub = frame[frame.device_over_region == ratio][column]
    return float(sub.mean()), float(sub.min()), float(sub.max())


def curve_text(curve: pd.Series, points=None) -> str:
    """'67 % at 1x, 31 % at 1.3x, ...' for the swept sizes (or the named ones)."""
    keep = [r for r in curve.index if points is None or r in points]
    return ", ".join(f"{curve[r]:.0f} % at {r:g}x" for r in keep)


def same_curves(curves: dict) -> list[tuple[str, pd.Series]]:
    """The designs whose curves are equal, grouped: [(names, curve), ...] in design order."""
    groups = []
    for d, c in curves.items():
        for names, other in groups:
            if np.allclose(c.values, other.values):
                names.append(d)
                break
        else:
            groups.append(([d], c))
    return [(" and ".join(n), c) for n, c in groups]


def per_design_text(curves: dict, points=None) -> str:
    return "; ".join(f"{names}: {curve_text(c, points)}" for names, c in same_curves(curves))


def span(values) -> str:
    lo_, hi_ = round(float(values.min())), round(float(values.max()))
    return f"{lo_}" if lo_ == hi_ else f"{lo_}-{hi_}"


def answers(tables: dict[str, pd.DataFrame], params: dict) -> list[Answer]:
    """Every answer of notebook 04 from its saved tables and its parameters (`params`: the
    notebook's parameters cell; the answers use the designs, sizes, seeds and targets it ran)."""
    t = tables
    designs = list(params["designs"])
    fill_ratios = [float(r) for r in params["fill_ratios"]]
    region_mib, device_mib = float(params["region_mib"]), float(params["device_mib"])
    seed_list = [int(s) for s in params["seeds"]]
    target = float(params["target_fallback_pct"])
    swapped_share = float(params["swapped_share_of_ram"])
    cpu_counts = [int(n) for n in params["cpu_counts"]]
    n_live = int(params["sparse_live_clusters"])
    layered = [d for d in designs if layers.is_layered(d)]
    dynamic = [d for d in designs if d != "linux-6.18"]
    layered_names = " and ".join(layered)

    fill, fill_shared, capped, at_ram = (t["virtual_physical_fill"], t["virtual_physical_fill_shared_cache"],
                                         t["virtual_capped_at_device"], t["swap_equals_ram"])
    st_table = t["selftest_vs_live"]
    worst_gap = float(st_table["difference_points"].abs().max())
    live_plateaus, t1 = t["live_churn_plateaus"], t["t1_plateaus"]
    fallback_rows = layers.fallback_validation(live_plateaus, t1, st_table)
    page_by_page = [r for r in live_plateaus.run if "aligned" not in r and "large swap-in" not in r]
    physical_rows = layers.fallback_validation(live_plateaus, t1.iloc[:0], runs=[r for r in page_by_page if "order 4" in r])
    contiguous = t["thp_swapin"].groupby("design", sort=False)["eligible_pct"].mean() / 100
    contiguous_f = t["thp_swapin_former"].groupby("design", sort=False)["eligible_pct"].mean() / 100
    swapin_rows = [Validation(f"data/kernel/live/churn-* ({r.run}, large-folio swap-in, Linux 6.18 on zram): mTHP "
                              "swap-ins back as one folio, against the simulator's contiguous share for linux-6.18 "
                              "(aligned churn)", float(r.whole_pct), 100 * float(contiguous["linux-6.18"]),
                              "% of mTHP swap-ins")
                   for r in t["live_large_swapin"].itertuples()] if "linux-6.18" in contiguous.index else []

    vs = fill[fill.design.isin(layered)]
    static = fill[fill.design == "linux-6.18"]
    r1 = min(fill_ratios)
    shown_ratios = [r for r in fill_ratios if r in (r1, 1.2, 1.3, 1.5, 2.0, max(fill_ratios))]
    smean, slow, shigh = spread(static, "fallback_pct", r1)
    v_fallback = float(vs.fallback_pct.max())
    # One computation per (design, quantity, scope): each design's own curve from the one fill sweep (each layer's
    # own per-CPU cache, as the posted code keeps it), the shared-cache what-if from fill_shared, and the
    # provisioning k from layers.provisioning_needed (the function notebook 05's 6.1 uses on the same sweep).
    react = {d: layers.fill_curve(fill, "reactivated_pct", [d]) for d in layered}
    react_shared = {d: layers.fill_curve(fill_shared, "reactivated_pct", [d]) for d in layered}
    react_spread = {d: spread(fill[fill.design == d], "reactivated_pct", r1) for d in layered}
    split_static = layers.fill_curve(fill, "fallback_pct", ["linux-6.18"])
    k_of = t["provisioning_needed"].set_index("design").k_needed
    ratio_static = float(k_of["linux-6.18"])
    ram_ratio = 1.0 / swapped_share
    ram_static = float(at_ram[at_ram.design == "linux-6.18"].fallback_pct.mean())
    ram_virtual = {d: float(at_ram[at_ram.design == d].reactivated_pct.mean()) for d in layered}
    cap_split = {d: layers.fill_curve(capped, "split_of_attempts_pct", [d]) for d in layered}
    cap_kept = {d: layers.fill_curve(capped, "reactivated_pct", [d]) for d in layered}
    cap_nospace = {d: layers.fill_curve(capped, "nospace_pages", [d]) for d in layered}
    # the same sweeps under the former assumptions (tables *_former)
    fill_f, capped_f = t["virtual_physical_fill_former"], t["virtual_capped_at_device_former"]
    react_f = {d: layers.fill_curve(fill_f, "reactivated_pct", [d]) for d in layered}
    react_shared_f = {d: layers.fill_curve(t["virtual_physical_fill_shared_cache_former"], "reactivated_pct", [d])
                      for d in layered}
    cap_split_f = {d: layers.fill_curve(capped_f, "split_of_attempts_pct", [d]) for d in layered}
    cap_kept_f = {d: layers.fill_curve(capped_f, "reactivated_pct", [d]) for d in layered}
    cap_nospace_f = {d: layers.fill_curve(capped_f, "nospace_pages", [d]) for d in layered}
    ram_f = t["swap_equals_ram_former"]
    ram_virtual_f = {d: float(ram_f[ram_f.design == d].reactivated_pct.mean()) for d in layered}
    k_f = layers.provisioning_needed(fill_f, target).set_index("design").k_needed

    def capped_text(split, kept, nospace, r):
        return "; ".join(f"{d} splits {split[d][r]:.0f} % and reactivates {kept[d][r]:.0f} % of its 64 KiB folio "
                         f"swap-out attempts at {r:g}x (the rest leave whole), and leaves {nospace[d][r]:.0f} pages a pageout in memory without a slot"
                         for d in layered)
    scope_posted = {r: layers.fill_scope(region_mib, "posted", r) for r in fill_ratios}
    scope_shared = {r: layers.fill_scope(region_mib, "shared", r) for r in fill_ratios}
    scope_k = layers.fill_scope(region_mib, "posted")
    k_quantity = layers.k_quantity(target)

    def react_value(d, r, label, shared=False):
        curve = (react_shared if shared else react)[d]
        return Value(float(curve[r]), PCT, label, design=d, quantity=layers.REACTIVATED,
                     scope=(scope_shared if shared else scope_posted)[r])

    def k_value(d, label):
        return Value(float(k_of[d]), "device size / swapped set", label, design=d, quantity=k_quantity, scope=scope_k)

    def needs(ratio):
        return f"{ratio:g}x" if ratio == ratio else f"more than {max(fill_ratios):g}x"

    def k_text():
        return "; ".join(f"{names} at {needs(float(k_of[names.split(' and ')[0]]))}"
                         for names, _ in same_curves({d: pd.Series([k_of[d]]) for d in layered}))

    def below(k):
        return (f"less than {1 / k:.0%}" if k == k else
                f"less than {1 / max(fill_ratios):.0%} at most (no swept size gets under {target:g} %)")

    assumption = (f"Churn of mainline's thp_swap_allocator_test generalised: {region_mib:g} MiB of 64 KiB folios, "
                  f"page-by-page swap-in, 6.18 allocator rules on the physical device, {CODE_RULES}. {FORMER_RULES} "
                  f"Seeds {seed_list}, "
                  f"second half of {int(params['iterations'])} iterations, one CPU; {REACTIVATION_RULE}, applied to "
                  f"each two-layer design; {CACHE_RULE}; the virtual space capped at 8x the working set unless stated; "
                  "no zswap. Every page of the working set is swapped out each iteration, so a device of 1x the "
                  "working set is full: the adversarial case.")
    validated = (f"Every live and published swap-out fallback of this kind in data/ (section 9): the simulator's 6.18 "
                 f"rules are within {worst_gap:.1f} points of this kernel's posted-selftest runs and within a few points "
                 "of its churn runs; the 6.12 rules reproduce the published T1 runs. The rows check the static rules "
                 "the physical layer uses; the virtual layer has no kernel to measure against: its rules are the "
                 "postings'.")
    shared_text = (f"With one per-CPU cluster cache shared by both layers (a what-if; section 5, 4.24) the curve is "
                   f"{per_design_text(react_shared, shown_ratios)}.")
    out = []
    out.append(make_answer(
        NOTEBOOK, "W2",
        f"Under {layered_names}, with the virtual space capped at 8x the working set (the simulator's default), a 64 KiB "
        f"folio is never split (swpout_fallback {v_fallback:.0f} % at every size swept), "
        f"and that is true by construction: the modelled rule, {REACTIVATION_RULE}, turns every failed physical "
        "allocation into a reactivation, and a virtual space capped at 8x the working set always has a free cluster for "
        "the virtual allocation. What remains is the reactivated share (worse than a split for reclaim: the folio is not "
        "reclaimed at all and is scanned again), a curve over the physical device "
        f"size (device / swapped set), with each layer's own per-CPU cluster cache (the posted code): "
        f"{per_design_text(react, shown_ratios)}, against a static linux-6.18 device's "
        f"split share of {curve_text(split_static, shown_ratios)}."
        + former_text(react, react_f, shown_ratios)
        + f" {shared_text} With the virtual space no larger than the physical device the virtual allocation can fail "
        "too: " + capped_text(cap_split, cap_kept, cap_nospace, r1)
        + f" (vswap-v3's order-0 pages find no order-0 virtual cluster: its clusters keep order 4 for life and order 0 "
        "steals from none; a page left without a slot is an order-0 folio whose folio_alloc_swap() failed, sent to "
        "activate_locked_split: a reactivation the 64 KiB shares do not count, so the 0 % hides them); "
        f"{FORMER}: " + capped_text(cap_split_f, cap_kept_f, cap_nospace_f, r1) + ".",
        [Value(v_fallback, PCT, f"{layered_names} swpout_fallback, virtual space 8x the working set")]
        + [react_value(d, r, f"{d} reactivated at {r:g}x, own per-CPU caches") for d in layered for r in fill_ratios]
        + [react_value(d, r, f"{d} reactivated at {r:g}x, shared per-CPU cache", shared=True) for d in layered
           for r in fill_ratios]
        + [Value(float(split_static[r]), PCT, f"linux-6.18 split at {r:g}x") for r in fill_ratios]
        + [Value(float(cap_split[d][r1]), PCT, f"{d} split at {r1:g}x, virtual space = device") for d in layered]
        + [Value(float(cap_kept[d][r1]), PCT, f"{d} reactivated at {r1:g}x, virtual space = device") for d in layered]
        + [Value(float(cap_nospace[d][r1]), "pages per pageout", f"{d} pages left without a slot at {r1:g}x, virtual "
                 "space = device") for d in layered]
        + [Value(float(react_f[d][r]), PCT, f"{d} reactivated at {r:g}x, {FORMER}") for d in layered for r in fill_ratios]
        + [Value(float(cap_split_f[d][r1]), PCT, f"{d} split at {r1:g}x, virtual space = device, {FORMER}")
           for d in layered],
        assumption, validated, validation=fallback_rows,
        evidence=['table virtual_physical_fill', 'figure virtual_physical_fill', 'table selftest_vs_live', 'table provisioning_needed']))
    out.append(make_answer(
        NOTEBOOK, "4.14",
        f"The share of 64 KiB folio swap-outs reactivated instead of split is a curve over the physical device size "
        f"(device / swapped set). With each layer's own per-CPU cluster cache, as the posted code keeps it: "
        f"{per_design_text(react)}; it falls below {target:g} % for {k_text()}, where a static linux-6.18 "
        f"device's splits do at {needs(ratio_static)}. {shared_text} Each reactivation repeats the reclaim of 16 pages "
        f"(about {float(vs[vs.device_over_region == r1].reclaimed_again_pages.mean()):.0f} pages per iteration at "
        f"{r1:g}x, a full device). At swap = RAM with {swapped_share:.0%} of RAM swapped (device {ram_ratio:g}x "
        "the swapped set) the share is " + ", ".join(f"{ram_virtual[d]:.1f} % ({d})" for d in layered) + "."
        + former_text(react, react_f) + f" The provisioning k {FORMER}: "
        + ", ".join(f"{needs(float(k_f[d]))} ({d})" for d in layered) + ".",
        [Value(react_spread[d][0], PCT, f"{d} reactivated at {r1:g}x (full device), own per-CPU caches",
               react_spread[d][1], react_spread[d][2], design=d, quantity=layers.REACTIVATED, scope=scope_posted[r1])
         for d in layered]
        + [react_value(d, r, f"{d} reactivated at {r:g}x, own per-CPU caches") for d in layered for r in fill_ratios[1:]]
        + [react_value(d, r, f"{d} reactivated at {r:g}x, shared per-CPU cache", shared=True) for d in layered
           for r in fill_ratios]
        + [k_value(d, f"{d}: smallest device size with under {target:g} % reactivated") for d in layered
           if k_of[d] == k_of[d]]
        + [Value(ram_virtual[d], PCT, f"{d} reactivated at swap = RAM, {swapped_share:.0%} of RAM swapped")
           for d in layered]
        + [Value(float(react_f[d][r1]), PCT, f"{d} reactivated at {r1:g}x, {FORMER}") for d in layered],
        assumption, validated, validation=fallback_rows,
        evidence=['table virtual_physical_fill', 'table virtual_physical_fill_shared_cache', 'figure virtual_physical_fill']))
    out.append(make_answer(
        NOTEBOOK, "4.10",
        f"A 1:1 swap device (swap size = RAM) has no fragmentation issue while {below(ratio_static)} of RAM is "
        "swapped out, and has one above it"
        + (f" (the flip lies between the swept sizes {max(r for r in fill_ratios if r < ratio_static):g}x and "
           f"{ratio_static:g}x the swapped set, {1 / ratio_static:.0%}-{1 / max(r for r in fill_ratios if r < ratio_static):.0%} "
           "of RAM swapped" if ratio_static == ratio_static and any(r < ratio_static for r in fill_ratios) else " (")
        + f"; found in a {region_mib:g} MiB churn that swaps every page each iteration, a small worst-case workload, "
        "with linux-6.18's allocator standing in for a 1:1 ghost device, which is not simulated). Kairui Song (10 Feb 2026), on the v3 cover's point that a swapfile for "
        "zswap must be sized a priori: 'In most cases, having a 1:1 virtual swap setup is enough ... There won't even be "
        "any fragmentation issue either, since if the physical memory size is identical to swap space, then you can "
        "always find a matching part.' Read as swap size = RAM (the natural reading), the "
        f"flip point is a device {needs(ratio_static)} the swapped set, from the sweep of 4.14 (at "
        f"{1 / ratio_static:.0%} of RAM swapped and more, more than {target:g} % of 64 KiB swap-outs fail to leave "
        f"whole in this churn). With {swapped_share:.0%} of RAM "
        f"swapped (notebook 05's operating point, u = {swapped_share:g}, the device {ram_ratio:g}x the swapped set) "
        f"a static linux-6.18 device splits {ram_static:.1f} % of 64 KiB swap-outs and "
        + ", ".join(f"{d} reactivates {ram_virtual[d]:.1f} %" for d in layered)
        + f"; to stay under {target:g} % (the same k as 6.1, from the same sweep) the static device needs "
        f"{needs(ratio_static)} the swapped set (while {below(ratio_static)} of RAM is swapped out), and "
        + "; ".join(f"{d} {needs(float(k_of[d]))} ({below(float(k_of[d]))})" for d in layered)
        + ", with each layer's own per-CPU cluster cache (the posted code). Read as virtual space = physical device: a "
        "slot for every entry, but not an aligned run (nor, in vswap-v3's clusters of one order each, an order-0 cluster for "
        "the pages swapped in one by one), so the virtual allocation itself fails: "
        + "; ".join(f"{d} splits {curve_text(cap_split[d], [r1, 1.5])} and leaves {cap_nospace[d][r1]:.0f} pages a "
                    f"pageout in memory without a slot at {r1:g}x (reactivated order-0 pages)" for d in layered)
        + f" ({FORMER}: " + "; ".join(f"{d} splits {curve_text(cap_split_f[d], [r1, 1.5])}" for d in layered)
        + "; swap = RAM: " + ", ".join(f"{d} reactivates {ram_virtual_f[d]:.1f} %" for d in layered)
        + f"). Adversarial case, labelled as such (device = swapped set, every page swapped each iteration): linux-6.18 "
        f"splits {smean:.0f} % and " + ", ".join(f"{d} reactivates {react[d][r1]:.0f} %" for d in layered)
        + " ('a matching part' exists in count, not in contiguity).",
        [Value(ram_static, PCT, f"swap = RAM, {swapped_share:.0%} of RAM swapped: linux-6.18 split")]
        + [Value(ram_virtual[d], PCT, f"swap = RAM, {swapped_share:.0%} of RAM swapped: {d} reactivated")
           for d in layered]
        + [k_value(d, f"{d}: smallest device size / swapped set under {target:g} % not whole")
           for d in ["linux-6.18", *layered] if k_of[d] == k_of[d]]
        + [Value(1 / float(k_of[d]), "share of RAM swapped", f"{d}: largest swapped share at swap = RAM under "
                 f"{target:g} %") for d in ["linux-6.18", *layered] if k_of[d] == k_of[d]]
        + [Value(float(cap_split[d][r]), PCT, f"virtual space = device, {d} split at {r:g}x")
           for d in layered for r in (r1, 1.5) if r in cap_split[d].index]
        + [Value(float(cap_nospace[d][r1]), "pages per pageout", f"virtual space = device, {d} pages left without a "
                 f"slot at {r1:g}x") for d in layered]
        + [Value(float(cap_split_f[d][r]), PCT, f"virtual space = device, {d} split at {r:g}x, {FORMER}")
           for d in layered for r in (r1, 1.5) if r in cap_split_f[d].index]
        + [Value(smean, PCT, f"adversarial full device ({r1:g}x): linux-6.18 split", slow, shigh)]
        + [Value(react_spread[d][0], PCT, f"adversarial full device ({r1:g}x): {d} reactivated", react_spread[d][1],
                 react_spread[d][2], design=d, quantity=layers.REACTIVATED, scope=scope_posted[r1]) for d in layered],
        assumption + f" Swap = RAM placed as in notebook 05 (u = swapped share / 1): {swapped_share:g} of RAM "
        "swapped; the virtual-space reading caps the virtual space at the physical device (dynamic_cap_mib).",
        validated + " The quote: https://lore.kernel.org/all/CAMgjq7AQNGK-a=AOgvn4-V+zGO21QMbMTVbrYSW_R2oDSLoC+A@mail.gmail.com/",
        validation=fallback_rows,
        evidence=['table swap_equals_ram', 'table virtual_capped_at_device', 'figure virtual_physical_fill']))

    over_time = t["layers_over_time"]
    last = over_time[over_time.iteration == over_time.iteration.max()].groupby("design")[
        ["virtual_clusters", "physical_clusters", "dense_clusters", "bytes_per_live_entry"]].mean()
    v_last = last.loc[layered]
    free_mean = t["physical_free_space"].groupby("design")[
        ["free_slots", "free_aligned_runs", "compacted_runs", "large_folios_not_written"]].mean()
    fm = free_mean.loc[layered]
    cap_clusters = {d: layers.virtual_cap_clusters(d, region_mib) for d in layered}
    at_cap = [d for d in layered if v_last.loc[d, "virtual_clusters"] >= cap_clusters[d]]
    over_f = t["layers_over_time_former"]
    v_last_f = over_f[over_f.iteration == over_f.iteration.max()].groupby("design")["virtual_clusters"].mean()

    def cache_of(d):
        return ("its per-CPU cluster cache, shared with the physical device in this run, loses its cluster on most "
                "allocations (4.24) and each loss takes a fresh free cluster until the cap stops it"
                if layers.posted_shares_cluster_cache(d) else
                "it took a fresh free cluster until the cap stopped it")

    out.append(make_answer(
        NOTEBOOK, "W1",
        f"Counted as clusters mapped, which measures sparsity, not fragmentation: after {int(over_time.iteration.max())} "
        "iterations the virtual space maps "
        + ", ".join(f"{v_last.loc[d, 'virtual_clusters']:.0f} clusters ({d})" for d in layered)
        + f" for {v_last['dense_clusters'].mean():.0f} clusters' worth of live entries, while the {device_mib:g} MiB "
        f"physical device holds them in {v_last['physical_clusters'].mean():.0f}, which is every cluster it has (a full "
        "static device cannot spread further, so that count carries no information). That is how far each layer spreads "
        "its live entries over the clusters it maps (what a dynamic design pays per-cluster metadata for); it does not "
        "say whether an aligned 64 KiB run can be found, which is what fragmentation costs mTHP swap-out: the physical "
        f"device ends with {fm.free_aligned_runs.mean():.0f} free aligned runs in {fm.free_slots.mean():.0f} free slots "
        "(4.27), while the dynamic virtual space always has free clusters, so the virtual layer does not fragment in "
        "that sense at all until its cap. "
        + "; ".join(f"{d}'s {v_last.loc[d, 'virtual_clusters']:.0f} is the cap itself ({cap_clusters[d]} clusters, 8x "
                    f"the working set), not a count of sparsity: {cache_of(d)}, so the number measures the cap, not a "
                    "steady state" for d in at_cap)
        + (". " if at_cap else "")
        + "With the virtual space no larger than the device it maps "
        + ", ".join(f"{float(capped[(capped.design == d) & (capped.device_over_region == r1)].virtual_clusters.mean()):.0f} "
                    f"({d})" for d in layered)
        + f" at {r1:g}x. {FORMER.capitalize()}: "
        + ", ".join(f"{v_last_f[d]:.0f} clusters ({d})" for d in layered)
        + ((f"; the code's rules move the count by at most "
            f"{max(abs(v_last.loc[d, 'virtual_clusters'] - v_last_f[d]) for d in layered):.0f} clusters"
            if max(abs(v_last.loc[d, 'virtual_clusters'] - v_last_f[d]) for d in layered) >= 0.5
            else "; the code's rules do not change the count")
           + ": in this "
           "churn every virtual allocation is of order 4 and succeeds, so vswap-v3's per-order clusters and its per-CPU "
           "pin change which ids are taken, not how many clusters hold the live entries."),
        [Value(float(v_last.loc[d, "virtual_clusters"]), "clusters", f"{d} virtual, mapped") for d in layered]
        + [Value(float(v_last_f[d]), "clusters", f"{d} virtual, mapped, {FORMER}") for d in layered]
        + [Value(float(v_last["physical_clusters"].mean()), "clusters", "physical, holding entries"),
           Value(float(v_last["dense_clusters"].mean()), "clusters", "dense minimum for the live entries"),
           Value(float(cap_clusters[layered[0]]), "clusters", "virtual space cap (8x the working set)"),
           Value(float(fm.free_aligned_runs.mean()), "runs", "physical free aligned 64 KiB runs")],
        assumption + " Virtual cap 8x the working set (dynamic_cap_mib default, layers.virtual_cap_clusters; "
        "p4-rfc-ghost hardcodes 8x RAM for its ghost device, Kairui Song).",
        validated + " No published or measured count of mapped virtual clusters exists in data/: no row.",
        status="answered",
        evidence=['table layers_over_time', 'figure layers_over_time', 'table physical_free_space']))

    wb = t["written_back_contiguity"]
    wbm = wb.groupby("writeback_batch_order")[["contiguous_pct", "backing_fill", "written_back_chunks",
                                               "backing_clusters_in_use", "backing_slots_in_use"]].mean()
    paged, batched = layers.WRITEBACK_BATCH_ORDERS
    cols = ["contiguous_pct", "written_back_chunks", "written_back_entries", "rejected_pages"]
    wbd = wb.groupby(["design", "writeback_batch_order"])[cols].mean()
    wbd_f = t["written_back_contiguity_former"].groupby(["design", "writeback_batch_order"])[cols].mean()
    out.append(make_answer(
        NOTEBOOK, "4.27",
        f"On a {device_mib:g} MiB device churned by {region_mib:g} MiB of 64 KiB folios, the physical space under "
        f"{layered_names} ends with {fm.free_slots.mean():.0f} free slots but {fm.free_aligned_runs.mean():.0f} free "
        f"aligned 64 KiB runs; compacting the same free slots would give {fm.compacted_runs.mean():.0f} runs (an upper "
        f"bound by construction: every free slot moved, at no cost), against {fm.large_folios_not_written.mean():.0f} "
        "folios reactivated in the last iteration (the two-layer device holds fewer entries: the pages reactivated "
        "never reached it, which is where most of its extra free slots come from). A static linux-6.18 device "
        + (f"keeps {free_mean.loc['linux-6.18', 'free_slots']:.0f} free slots and "
           f"{free_mean.loc['linux-6.18', 'free_aligned_runs']:.0f} aligned runs. " if "linux-6.18" in free_mean.index
           else "")
        + "Written back under zswap.c's rules (stores rejected from the full pool down to its accept threshold, the "
        "rejected folio to a physical slot of its order at once, the shrinker writing back one entry at a time, oldest "
        "first): " + "; ".join(
            f"{d} writes back {wbd.loc[(d, paged), 'written_back_entries']:.0f} entries and sends "
            f"{wbd.loc[(d, paged), 'rejected_pages']:.0f} rejected pages whole to the physical device per window, and "
            f"{wbd.loc[(d, paged), 'contiguous_pct']:.1f} % of its 64 KiB chunks held wholly on the physical device "
            "(written back or rejected by zswap) sit on consecutive physical slots" for d in layered)
        + f" (physical device {100 * wbm.loc[paged, 'backing_fill']:.0f} % full, one operating point, not swept; "
        "vswap-ste-v2 writes nothing back, so what reaches the device is whole rejected folios, consecutive by "
        f"construction: {STE_PATCH_STATE}). {FORMER.capitalize()} (synchronous writeback of the oldest entry whenever a "
        "store finds the pool full): " + ", ".join(f"{wbd_f.loc[(d, paged), 'contiguous_pct']:.1f} % ({d})"
                                                   for d in layered) + ". "
        + f"Batched contiguous writeback's {wbd.loc[(layered[0], batched), 'contiguous_pct']:.0f} % ({layered[0]}) is "
        "true by construction: the modelled rule "
        "(swapmodel.allocator.steady, writeback_batch_order 4; the thread's proposal in Nhat Pham's v3 cover, not kernel "
        "code) writes a 64 KiB virtual run still wholly in zswap with one order-4 physical allocation, so every chunk it "
        "writes is consecutive; the number that carries information is how many chunks it writes that way "
        f"({wbd.loc[(layered[0], batched), 'written_back_chunks']:.0f} per window, against "
        f"{wbd.loc[(layered[0], paged), 'written_back_chunks']:.0f} "
        "chunks wholly written back page by page, almost none of them consecutive). The written-back entries hold "
        f"{wbm.loc[paged, 'backing_clusters_in_use']:.0f} physical clusters "
        f"({wbm.loc[paged, 'backing_slots_in_use'] / max(wbm.loc[paged, 'backing_clusters_in_use'], 1):.0f} "
        "entries each), the clusters whose memcg tables vswap-ste-v2's patch 6 skips (4.22).",
        [Value(float(fm.free_slots.mean()), "slots", f"{layered_names} physical free slots"),
         Value(float(fm.free_aligned_runs.mean()), "runs", "free aligned 64 KiB runs"),
         Value(float(fm.compacted_runs.mean()), "runs", "after compaction (upper bound)"),
         Value(float(fm.large_folios_not_written.mean()), "folios", "reactivated, last iteration"),
         Value(float(wbd.loc[(layered[0], batched), "contiguous_pct"]), "% of chunks wholly on the physical device",
               f"{layered[0]} consecutive, batched writeback (true by construction)")]
        + [Value(float(wbd.loc[(d, paged), "contiguous_pct"]), "% of chunks wholly on the physical device",
                 f"{d} consecutive, page-at-a-time writeback") for d in layered]
        + [Value(float(wbd_f.loc[(d, paged), "contiguous_pct"]), "% of chunks wholly on the physical device",
                 f"{d} consecutive, page-at-a-time writeback, {FORMER}") for d in layered]
        + [Value(float(wbd.loc[(d, paged), "rejected_pages"]), "pages per window", f"{d} rejected by zswap to the "
                 "physical device") for d in layered]
        + [Value(float(wbm.loc[paged, "backing_clusters_in_use"]), "clusters", "physical clusters holding written-back entries")],
        assumption + " Writeback: the steady state of section 8 (" + f"{int(params['writeback_events'])} swap-outs, a "
        f"{float(params['writeback_pool_mib']):g} MiB pool, zswap's LRU as a FIFO, 2 CPUs; zswap.c's store limits with the "
        "90 % accept threshold, the shrinker finishing before the next swap-out); a batch is written when the "
        "oldest entry starts an aligned 64 KiB virtual run that is still wholly in zswap.",
        validated + " The rows are this kernel's page-by-page churn runs on a static device (the physical layer's "
        "fragmentation); no measurement of free aligned runs or of writeback contiguity exists in data/. The one "
        "published compaction figure, Moon and Kang's 'up to 48.18 %' (data/published/moon_kang_vswap.toml, an "
        "unrelated design of the same name), is a performance gain whose workload and metric are unread: no model "
        "quantity to set beside it, so no row. The writeback "
        "allocations follow the 6.18 allocator rules; the batched variant is not kernel code.",
        validation=physical_rows,
        evidence=['table written_back_contiguity']))

    cpus = t["cpu_sweep"]
    thr = cpus[cpus.design.isin(layered)].groupby(["shared_cluster_cache", "n_cpus"])[
        ["thrash_per_100_allocations", "reactivated_pct"]].mean()
    lo, hi = thr.loc[True].thrash_per_100_allocations.min(), thr.loc[True].thrash_per_100_allocations.max()
    cpu_ratio = float(np.ceil(device_mib)) / region_mib
    thr_f = t["cpu_sweep_former"].groupby(["shared_cluster_cache", "n_cpus"])["thrash_per_100_allocations"].mean()
    lo_f, hi_f = thr_f.loc[True].min(), thr_f.loc[True].max()
    out.append(make_answer(
        NOTEBOOK, "4.24",
        "Neither design's posted code shares the cache: vswap-v3 keeps its own percpu_vswap_cluster (PATCH v3 09/20) "
        "and vswap-ste-v2's RFC v2 2/7 its own percpu_vswap_cluster.offset, though its virtual device is a swapfile.c "
        "device (data/designs/rules.toml, per_cpu_cluster_cache); the shared cache is the reading of the Swap Table Edition v1 "
        "discussion (1-2 Jun 2026) and is priced here as a what-if for both. With the per-CPU cluster cache shared "
        "between the virtual and the physical layer, "
        + (f"{lo:.0f}" if round(lo) == round(hi) else f"{lo:.0f}-{hi:.0f}")
        + " of every 100 allocations find their cached cluster evicted by the other layer (virtual and physical "
        f"allocations alternate per folio), for {min(cpu_counts)}-{max(cpu_counts)} reclaiming CPUs ({device_mib:g} MiB "
        f"device under {region_mib:g} MiB, {cpu_ratio:.2f}x); with each layer's own cache none. Every eviction sends the "
        "allocation to the slow path (nonfull list, then a free cluster); at a full device (1x, one CPU, the sweep of "
        "4.14) the reactivated share moves from "
        + ", ".join(f"{react[d][r1]:.0f} % ({d})" for d in layered) + " with each layer's own cache to "
        + ", ".join(f"{react_shared[d][r1]:.0f} % ({d})" for d in layered) + " with the shared one (at "
        f"{cpu_ratio:.2f}x and {min(cpu_counts)}-{max(cpu_counts)} CPUs: {span(thr.loc[False].reactivated_pct)} % "
        f"with each layer's own cache against {span(thr.loc[True].reactivated_pct)} % shared, table cpu_sweep). So in "
        "this model the thrash lowers the reactivated share, by "
        + ", ".join(f"{react[d][r1] - react_shared[d][r1]:.1f} points ({d})" for d in layered)
        + f" at {r1:g}x: an evicted allocation goes to the slow path, which finds an aligned run more often than the "
        "cached cluster still holds one (the leading hypothesis; not isolated here). What the evictions cost in CPU (one "
        "slow-path allocation, a list walk under the cluster lock, per eviction) is not priced: no lock or list-walk "
        "time model here and no measurement in data/. Under vswap-v3's own allocator an "
        "evicted cluster goes back to its partial list and the next allocation takes it again, so the what-if costs a "
        "list walk, not a fresh cluster. No posted code has the shared cache, Swap Table Edition v1 (RFC of 28 May 2026) included: its RFC 2/5 "
        "already keeps percpu_vswap_cluster.offset[order] (https://lore.kernel.org/all/20260528212955.1912856-3-"
        "nphamcs@gmail.com/, mm/swapfile.c vswap_alloc, read in a stored copy). "
        + f"{FORMER.capitalize()}: {lo_f:.0f}" + ("" if round(lo_f) == round(hi_f) else f"-{hi_f:.0f}")
        + " evictions per 100 allocations and, at 1x, "
        + ", ".join(f"{react_shared_f[d][r1]:.0f} % ({d})" for d in layered) + " reactivated with the shared cache.",
        [Value(float(thr.loc[(True, n), "thrash_per_100_allocations"]), "evictions per 100 allocations",
               f"{layered_names}, {n} CPUs, shared cache") for n in cpu_counts]
        + [Value(float(thr.loc[False].thrash_per_100_allocations.max()), "evictions per 100 allocations",
                 f"{layered_names}, each layer's own cache")]
        + [react_value(d, r1, f"{d} reactivated at {r1:g}x, own per-CPU caches") for d in layered]
        + [react_value(d, r1, f"{d} reactivated at {r1:g}x, shared per-CPU cache", shared=True) for d in layered]
        + [Value(float(thr.loc[(sh, n), "reactivated_pct"]), PCT,
                 f"{layered_names} reactivated at {cpu_ratio:.2f}x, {n} CPUs, "
                 + ("shared cache" if sh else "each layer's own cache")) for sh in (False, True) for n in cpu_counts]
        + [Value(float(thr_f.loc[(True, n)]), "evictions per 100 allocations",
                 f"{layered_names}, {n} CPUs, shared cache, {FORMER}") for n in cpu_counts]
        + [Value(float(react_shared_f[d][r1]), PCT, f"{d} reactivated at {r1:g}x, shared per-CPU cache, {FORMER}")
           for d in layered],
        assumption + " Reclaim batches of 512 pages go to the CPUs in turn.",
        "No kernel measurement: linux-6.18 has no second layer, and no published or measured eviction count exists in "
        "data/ (no row). The cache rule is read in mm/swapfile.c (swap_alloc_fast, alloc_swap_scan_cluster).",
        status="answered",
        evidence=['table cpu_sweep', 'figure cpu_sweep', 'table virtual_physical_fill_shared_cache']))

    sparse = t["sparse_worst_case"]
    top_stride = int(sparse.stride_clusters.max())
    w3 = sparse[sparse.stride_clusters == top_stride].set_index("design")
    ceil = t["stride_ceilings"]
    fits = ceil[ceil.stride_clusters == top_stride].set_index("design").fits
    w3_legal = [d for d in dynamic if d in fits.index and bool(fits[d])]
    w3_illegal = [d for d in dynamic if d in fits.index and not bool(fits[d])]

    def widest_swept(d):
        legal = ceil[(ceil.design == d) & ceil.fits].stride_clusters
        s_max = int(legal.max())
        cost_at = float(sparse[(sparse.design == d) & (sparse.stride_clusters == s_max)].bytes_per_live_entry.iloc[0])
        return (f"its ceiling allows at most stride {int(ceil[ceil.design == d].widest_stride_clusters.iloc[0])}: "
                f"{cost_at / 1024:.1f} KiB at stride {s_max}")
    legality = ("a spread legal under " + " and ".join(w3_legal) + "'s ceilings (4.26)"
                + ("; not under " + ", ".join(f"{d}'s ({widest_swept(d)})" for d in w3_illegal) if w3_illegal else ""))
    out.append(make_answer(
        NOTEBOOK, "W3",
        f"One live entry pinning each cluster, live clusters {top_stride} ids apart: "
        + ", ".join(f"{d} {w3.loc[d, 'bytes_per_live_entry'] / 1024:.1f} KiB" for d in dynamic)
        + " of metadata per live entry, "
        + ", ".join(f"{w3.loc[d, 'ratio_to_dense']:.0f}x" for d in dynamic)
        + f" the dense cost ({legality}; the per-cluster tables dominate, so "
        "narrower spreads cost nearly as much: section 6 table). The random churn stays far below it. The bound is the "
        "cost model's on a chosen occupancy, so it is the same under the code's rules and the former assumption; what "
        "the rules change is how close a real space comes to it (W1, 6.7).",
        [Value(float(w3.loc[d, "bytes_per_live_entry"]), "B per live entry", d) for d in dynamic],
        f"{n_live} live clusters, {top_stride} cluster ids apart, one zswap entry each, priced with each design's full "
        "ledger (data/designs/).",
        "Closed form in tests/test_sparse.py: per-cluster tables plus one xa_node chain per live cluster, BTF sizes. No "
        "published or measured number of this kind exists in data/ (no row). Legality from table stride_ceilings "
        "(data/capacity/ceilings.toml; vswap-v3's MAX_VSWAP from data/designs/rules.toml; p4-rfc-ghost's 32-bit "
        "si->max assumed, layers.virtual_space_ceilings).",
        evidence=['table sparse_worst_case', 'figure sparse_worst_case', 'table stride_ceilings']))

    out.append(_answer_4_26(t, n_live))

    steady = t["steady_sparsity"]
    sp = steady.groupby(["design", "cache_only_fraction"])[
        ["clusters_over_dense", "bytes_per_live_entry", "packed_bytes_per_live_entry", "sparsity_bytes_per_live_entry"]].mean()
    pins = sorted(sp.index.get_level_values(1).unique())
    sp_f = t["steady_sparsity_former"].groupby(["design", "cache_only_fraction"])[
        ["clusters_over_dense", "sparsity_bytes_per_live_entry"]].mean()
    worst_random = over_time[over_time.design.isin(dynamic)].groupby("design")["bytes_per_live_entry"].max()
    bound = sparse[sparse.stride_clusters == top_stride].set_index("design")["bytes_per_live_entry"]
    lifetime = int(params["cache_lifetime_events"])

    def pinned(c):
        return "with no cache-only entries" if c == 0 else (
            f"when {c:.0%} of page-by-page frees leave a cache-only entry for {lifetime} events")

    out.append(make_answer(
        NOTEBOOK, "6.7",
        "Long-running, the virtual space maps "
        + "; ".join(", ".join(f"{sp.loc[(d, c), 'clusters_over_dense']:.2f}x ({d})" for d in layered)
                    + f" the clusters its live entries need {pinned(c)}" for c in pins)
        + " (steady state with zswap writeback). The spread costs, per live entry over the same entries packed, "
        + "; ".join(", ".join(f"{sp.loc[(d, c), 'sparsity_bytes_per_live_entry']:.0f} B ({d}, "
                              f"{sp.loc[(d, c), 'bytes_per_live_entry']:.0f} against "
                              f"{sp.loc[(d, c), 'packed_bytes_per_live_entry']:.0f} B)" for d in layered)
                    + f" at cache-only share {c:g}" for c in pins)
        + ". The adversarial bound, one live entry per cluster, is "
        + ", ".join(f"{bound.get(d, float('nan')):.0f} B ({d})" for d in layered)
        + " per live entry, and the random churn of section 4 (its entries priced on disk) reaches "
        + ", ".join(f"{worst_random.get(d, float('nan')):.0f} B ({d})" for d in layered)
        + ". In the long run the spread comes from entries that outlive their neighbours: cache-only entries "
        f"take it from {sp.loc[(layered[0], pins[0]), 'clusters_over_dense']:.2f}x to "
        f"{sp.loc[(layered[0], pins[-1]), 'clusters_over_dense']:.2f}x ({layered[0]}), the virtual allocator never "
        "reclaiming one (the code's rule). The cache-only shares are assumed inputs, not read in code, and the "
        "simulator misses one of vswap-ste-v2's rules: its do_swap_page frees a swapped-in entry not backed by "
        "consecutive physical slots at once (should_try_to_free_swap, RFC v2 2/7, data/designs/rules.toml "
        "cache_only_reclaim), which is where cache-only entries come from, so under its code its share sits near 0 "
        f"and its cache-only-share-{pins[-1]:g} row is a what-if, not that design. The spread costs above price "
        "clusters holding entries only: an empty vswap-v3 cluster pinned by a CPU's cache stays allocated "
        "(cluster_metadata_lifetime pinned_while_cached) and is not priced, so vswap-v3's are a lower bound. "
        f"vswap-ste-v2's steady state is {STE_PATCH_STATE}. {FORMER.capitalize()} (cache-only reclaim when vm_swap_full(), which a "
        "virtual space capped at 8x the device never reaches, and synchronous writeback): "
        + "; ".join(", ".join(f"{sp_f.loc[(d, c), 'clusters_over_dense']:.2f}x and "
                              f"{sp_f.loc[(d, c), 'sparsity_bytes_per_live_entry']:.0f} B ({d})" for d in layered)
                    + f" at cache-only share {c:g}" for c in pins) + ".",
        [Value(float(sp.loc[(d, c), "clusters_over_dense"]), "clusters mapped / clusters needed",
               f"{d}, cache-only share {c:g}") for d in layered for c in pins]
        + [Value(float(sp.loc[(d, c), "sparsity_bytes_per_live_entry"]), "B per live entry",
                 f"{d}, spread over packed, cache-only share {c:g}") for d in layered for c in pins]
        + [Value(float(worst_random.get(d, float("nan"))), "B per live entry", f"{d}, churn maximum") for d in layered]
        + [Value(float(bound.get(d, float("nan"))), "B per live entry", f"{d}, adversarial bound") for d in layered]
        + [Value(float(sp_f.loc[(d, c), "clusters_over_dense"]), "clusters mapped / clusters needed",
                 f"{d}, cache-only share {c:g}, {FORMER}") for d in layered for c in pins],
        assumption + f" Steady state: {int(params['sparsity_events'])} swap-outs, a "
        f"{float(params['writeback_pool_mib']):g} MiB zswap pool over a {device_mib:g} MiB physical device, the virtual "
        "space under its code's rules (above; zswap.c's store limits and shrinker for vswap-v3, no writeback for "
        "vswap-ste-v2's RFC v2), the former assumptions beside; packed: the same "
        "entries, state by state, in the fewest clusters; Nhat Pham's proposed reclaim of cache-only virtual entries "
        "(a page per 2 MB) is not modelled.",
        validated + " No published or measured sparsity of a long-running virtual space exists in data/ (no row).",
        status="answered",
        evidence=['table steady_sparsity']))

    rules = load_swapin_rules()
    bail = [d for d in designs if rules[d].rule == "zswap_never_enabled"]
    uniform = [d for d in designs if rules[d].rule == "uniform_backing"]
    u0 = uniform[0] if uniform else "vswap-ste-v2"
    bail_layered = [d for d in bail if layers.is_layered(d)]
    ghost = [d for d in designs if d == "p4-rfc-ghost"]
    zram_designs = [d for d in designs if d not in ghost]
    out.append(make_answer(
        NOTEBOOK, "4.25",
        "Only on the SWP_SYNCHRONOUS_IO swap-in path (zram, PMEM) is there any large swap-in to rule out: from a disk "
        "backend every design swaps in at order 0 through readahead, whatever the rule. On that path, without zswap "
        "and with one backend, the rule rules out nothing by itself: in a zram-only churn with aligned large-folio "
        "swap-in the share of chunk swap-ins that come back as one folio is "
        + ", ".join(f"{d}: {100 * contiguous[d]:.0f} %" for d in zram_designs)
        + " (denied only when the entries no longer form one aligned run; " + FORMER + ": "
        + ", ".join(f"{d}: {100 * contiguous_f[d]:.0f} %" for d in contiguous_f.index)
        + "). With zswap, " + u0 + "'s rule (uniform_backing: no zswap entry, no mixed backends) rules out every "
        "chunk that has an entry in zswap: with a share z of the swapped entries in zswap, at least z of 64 KiB chunk "
        "swap-ins when writeback takes a folio's entries together and 1 - (1 - z)^16 when it takes them one by one "
        f"(z = {Z_EXAMPLE:g}: {100 * thp_swapin.denied_share(u0, Z_EXAMPLE, 4, 'folio'):.0f} % and "
        f"{100 * thp_swapin.denied_share(u0, Z_EXAMPLE, 4, 'entry'):.0f} %). "
        + "For " + " and ".join(bail_layered) + " vswap_can_swapin_thp rules out nothing at any z: alloc_swap_folio's "
        "zswap_never_enabled check, which vswap-v3 to vswap-v6 keep, has already sent every large swap-in to order 0 "
        "once zswap was enabled at all, as it does for " + ", ".join(d for d in bail if d not in bail_layered)
        + ("; for p4-rfc-ghost the check is assumed, read in Nhat Pham's patch on its base, not in Kairui Song's own "
           "swap-table-p4 code (data/published/thp_swapin.toml), and since a ghost device exists only in front of zswap its "
           f"zram-only churn ({100 * contiguous['p4-rfc-ghost']:.0f} %) is linux-6.18's stand-in: with its ghost device "
           "in use it brings back none" if ghost else "") + ".",
        [Value(100 * float(contiguous[d]), "% of chunk swap-ins", f"{d}, zram only") for d in designs]
        + [Value(0.0, "% of chunk swap-ins", f"{d}, back whole with its ghost device (zswap) in use")
           for d in ghost]
        + [Value(100 * float(contiguous_f[d]), "% of chunk swap-ins", f"{d}, zram only, {FORMER}")
           for d in contiguous_f.index]
        + [Value(100 * thp_swapin.denied_share(u0, Z_EXAMPLE, 4, b), "% of chunk swap-ins",
                 f"{u0}, denied at zswap share {Z_EXAMPLE:g}, {b} writeback") for b in ("folio", "entry")]
        + [Value(100.0, "% of chunk swap-ins", f"{d}, denied once zswap was enabled") for d in bail],
        assumption.replace("page-by-page swap-in", "aligned swap-in with large-folio swap-in")
        + " zswap stores a large folio whole; written-back entries land on consecutive slots and no chunk is "
        "zero-filled, so the denied shares are the fewest; large swap-in only on the SWP_SYNCHRONOUS_IO path (zram, "
        "PMEM).",
        SWAPIN_SOURCE, validation=swapin_rows,
        evidence=['table thp_swapin', 'table live_large_swapin', 'figure thp_swapin_backend']))

    whole = t["thp_swapin_backend"].set_index(["design", "zswap_share"])
    shares = [float(z) for z in params["swapin_zswap_shares"]]
    z_points = [z for z in shares if z in (0.05, 0.25, 0.5, 1.0)] or shares
    out.append(make_answer(
        NOTEBOOK, "6.6",
        "Swap-out: the share of 64 KiB swap-outs that do not leave as one folio is a curve over the physical device "
        "size (device / swapped set), each two-layer design with its own per-CPU cluster cache as posted: "
        + per_design_text({d: layers.fill_curve(fill, "not_split_or_kept_pct", [d]) for d in designs}, shown_ratios)
        + " (split for one-layer designs, reactivated for " + layered_names
        + (", p4-rfc-ghost being linux-6.18's stand-in here: without zswap ghost-rfc and p4-rfc-ghost have no ghost device" if
           "p4-rfc-ghost" in designs else "") + ";"
        + former_text({d: layers.fill_curve(fill, "not_split_or_kept_pct", [d]) for d in layered},
                      {d: layers.fill_curve(fill_f, "not_split_or_kept_pct", [d]) for d in layered},
                      shown_ratios).strip()[:-1].replace("The same", " the same", 1).replace("Under the", " under the", 1)
        + "; with one per-CPU cache shared by both "
        "layers, a what-if: " + per_design_text(react_shared, shown_ratios) + "; the two are not the same outcome: a "
        "split folio is still reclaimed as order-0 pages, a reactivated one (AOP_WRITEPAGE_ACTIVATE) is not reclaimed "
        "at all and goes back on the active list to be scanned again, a reclaim failure this curve does not price)."
        " Swap-in: in a zram-only churn the share of aligned chunk swap-ins that come back whole is "
        + ", ".join(f"{d}: {100 * contiguous[d]:.0f} %" for d in designs)
        + "; it is a curve over the zswap share z: " + ", ".join(bail) + " bring back none once zswap was ever "
        "enabled, and " + ", ".join(uniform) + " "
        + ", ".join(f"{whole.loc[(d, z), 'whole_pct_folio_writeback']:.0f}-"
                    f"{whole.loc[(d, z), 'whole_pct_entry_writeback']:.0f} % at z = {z:g}"
                    for d in uniform[:1] for z in z_points)
        + " (folio-granular to entry-granular writeback; table thp_swapin_backend). From the physical device, "
        + u0 + f"'s rule also needs a chunk's entries on consecutive physical slots: of the 64 KiB chunks {layered[0]}'s "
        f"page-at-a-time writeback puts wholly on the device {wbd.loc[(layered[0], paged), 'contiguous_pct']:.1f} % "
        f"are (4.27), so such chunks would come back whole about that often ({layered[0]} itself brings back none "
        "once zswap was enabled); the curve above assumes every written-back chunk consecutive, the most it can be.",
        [Value(spread(fill[fill.design == d], "not_split_or_kept_pct", r)[0], PCT, f"{d} not whole at {r:g}x",
               design=d, quantity=layers.NOT_WHOLE, scope=scope_posted[r]) for d in designs for r in fill_ratios]
        + [react_value(d, r, f"{d} reactivated at {r:g}x, shared per-CPU cache", shared=True) for d in layered
           for r in fill_ratios]
        + [Value(100 * float(contiguous[d]), "% of chunk swap-ins back whole", f"{d}, zram only") for d in designs]
        + [Value(float(whole.loc[(d, z), f"whole_pct_{b}_writeback"]), "% of chunk swap-ins back whole",
                 f"{d}, zswap share {z:g}, {b} writeback") for d in uniform for z in shares
           for b in thp_swapin.WRITEBACK],
        assumption + " Swap-in with zswap: the rules of section 7 (folio-granular zswap stores, fewest chunks denied).",
        validated + " " + SWAPIN_SOURCE, validation=fallback_rows + swapin_rows,
        evidence=['table thp_swapin_backend', 'figure thp_swapin_backend', 'table virtual_physical_fill']))
    return out


def _answer_4_26(t: dict[str, pd.DataFrame], n_live: int) -> Answer:
    """4.26: the cluster-id index of each dynamic design (XArray, maple tree, VM_SPARSE array) and
    linux-6.18's flat cluster_info array, at the strides each design's address-space ceiling allows."""
    index, strides_table = t["index_structures"], t["stride_ceilings"]
    ix = index.pivot(index="stride_clusters", columns="structure", values="bytes_per_live_cluster")
    legal = t["index_at_widest_stride"].pivot(index="stride_clusters", columns="structure",
                                               values="bytes_per_live_cluster")
    flat = t["flat_cluster_array"].set_index("stride_clusters")
    widest = strides_table.drop_duplicates("design").set_index("design")
    top = int(ix.index.max())
    fits_top = strides_table[strides_table.stride_clusters == top].set_index("design").fits
    static = [d for d in widest.index if d == "linux-6.18"]
    indexed = [d for d in widest.index if d not in static]

    def stride_of(d):
        return int(widest.loc[d, "widest_stride_clusters"])

    def named(d):  # a ceiling's key: a catalogue id, or a posting that has a ceiling only
        return CEILING_ONLY.get(d, d)

    def ceiling(d):
        tib = float(widest.loc[d, "ceiling_tib"])
        size = f"{tib / 1024:.0f} PiB" if tib >= 1024 else f"{tib:.0f} TiB"
        return f"{CEILING_KIND.get(d, '')}{size}"

    def flat_text(d):
        s = stride_of(d)
        return (f"{named(d)} ({ceiling(d)}, widest stride {s}: its flat array {flat.loc[s, 'bytes_per_live_cluster']:.0f} B "
                f"per live cluster, the whole {flat.loc[s, 'array_bytes'] / 2**20:.0f} MiB array of the largest device)")

    def index_text(d):
        s = stride_of(d)
        return (f"{named(d)} ({ceiling(d)}, widest stride {s}: XArray {legal.loc[s, 'xarray']:.0f} B, "
                f"{legal.loc[s, 'xarray'] / legal.loc[s, 'maple']:.0f}x the maple tree)")

    element = float(t["flat_cluster_array"].element_bytes.iloc[0])
    smin = int(flat.index.min())
    legal_top = [d for d in indexed if fits_top[d]]
    not_top = [d for d in widest.index if not fits_top[d]]
    text = (
        f"Per live cluster, an XArray costs {ix['xarray'].iloc[0]:.0f} B when the ids are dense; a maple tree "
        f"{ix['maple'].min():.0f}-{ix['maple'].max():.0f} B (full nodes; twice that half full); a VM_SPARSE array "
        f"{ix['vmalloc'].min():.0f}-{ix['vmalloc'].max():.0f} B. linux-6.18 keeps no cluster-id index to price: "
        f"si->cluster_info is a flat array of struct swap_cluster_info ({element:.0f} B), one per cluster of the device, "
        "allocated once at swapon (mm/swapfile.c v6.18, setup_clusters(): kvcalloc(nr_clusters, "
        "sizeof(*cluster_info))), so a spread of live clusters is a device that large: "
        f"{flat.loc[smin, 'bytes_per_live_cluster']:.0f} B per live cluster "
        + ("when they are adjacent" if smin == 1 else f"{smin} ids apart") + ", "
        f"{element:.0f} B more for each cluster id between two of them. How sparse the ids can get depends on each design's ceiling (data/capacity/ceilings.toml), and "
        f"{n_live} live clusters {top} ids apart need {(n_live - 1) * top} cluster ids: legal under "
        + ", ".join(f"{named(d)} ({ceiling(d)})" for d in legal_top)
        + f", where the XArray costs {ix.loc[top, 'xarray']:.0f} B and the maple tree is "
        f"{ix.loc[top, 'xarray'] / ix.loc[top, 'maple']:.0f}x cheaper"
        + ("; not under " if not_top else "")
        + ", ".join(flat_text(d) if d in static else index_text(d) for d in not_top)
        + ". Next to the per-cluster tables (section 6) the index is small.")
    values = ([Value(float(ix.loc[s, st]), "B per live cluster", f"{st}, stride {s}") for st in ("xarray", "maple", "vmalloc")
               for s in (ix.index.min(), ix.index.max())]
              + [Value(float(flat.loc[s, "bytes_per_live_cluster"]), "B per live cluster",
                       f"linux-6.18 flat cluster_info array, stride {s}") for s in sorted({smin, *map(stride_of, static)})]
              + [Value(float(widest.loc[d, "widest_stride_clusters"]), "cluster ids",
                       f"{d}: widest stride for {n_live} live clusters") for d in widest.index]
              + [Value(float(legal.loc[stride_of(d), "xarray"] / legal.loc[stride_of(d), "maple"]), "times",
                       f"{d}: XArray over maple tree at its widest stride") for d in indexed])
    assumptions = (
        "Cluster ids spaced evenly; one id per live cluster; maple tree leaves of 16 ranges with a NULL range per gap, "
        "allocation-range internal nodes of 10 slots; VM_SPARSE pages populated on touch (vswap-ste-v5's move to it is "
        "reported secondhand). linux-6.18: the flat array spans a device of (live clusters - 1) x stride + 1 clusters "
        "(layers.flat_cluster_array; the array as setup_clusters() allocates it, kvcalloc(nr_clusters, "
        "sizeof(*cluster_info), GFP_KERNEL) with nr_clusters = DIV_ROUND_UP(maxpages, SWAPFILE_CLUSTER), the function as "
        "swap table phase I left it for v6.18, https://lore.kernel.org/all/20250905191357.78298-14-ryncsn@gmail.com/). "
        "Ceilings: "
        + "; ".join(f"{named(d)}: {widest.loc[d, 'ceiling_tib']:.0f} TiB ({widest.loc[d, 'ceiling_basis']}, "
                    f"{widest.loc[d, 'source']})" for d in widest.index)
        + "; linux-6.18's is the 32-bit si->max, below which the x86-64 swap entry format and the backing device may "
        "bind earlier (not modelled). vswap-v3's ceiling is its MAX_VSWAP (data/designs/rules.toml virtual_space_cap, "
        "PATCH v3 09/20); p4-rfc-ghost's is assumed to be swapfile.c's 32-bit si->max (the p4 patches not read for "
        "it; a widened field would make every swept stride legal). vswap-ste-v2's 8 PiB is the series after RFC v2 "
        "7/7 (https://lore.kernel.org/all/20260612193738.2183968-8-nphamcs@gmail.com/); before it vswap_init() clamps "
        "the device to ALIGN_DOWN(UINT_MAX, SWAPFILE_CLUSTER) slots, 16 TiB (RFC v2 2/7).")
    return make_answer(
        NOTEBOOK, "4.26", text, values, assumptions,
        "XArray node count by lib/xarray.c's rules (tests/test_occupancy.py); node sizes and sizeof(struct "
        "swap_cluster_info) from BTF; the widest strides by hand in tests/test_ceilings.py. No published or measured "
        "index size exists in data/ (no row).",
        status="answered",
        evidence=['table index_structures', 'table index_at_widest_stride', 'table flat_cluster_array', 'table stride_ceilings'])
