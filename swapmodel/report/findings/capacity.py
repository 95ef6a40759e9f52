"""The answers of notebook 05 (capacity): 4.2, 4.4, 4.8 (fleet part), 4.11, 4.16, 4.17, 4.19, 4.21, 4.23,
4.28, 6.1, 6.2, 6.3 (memory part), 6.8, J1, J2, J3.

Every number is read from the tables the notebook saves under reports/05_capacity/ (TABLES) or
computed by package functions: the ceilings and sizing rules of data/capacity/ceilings.toml
(`swapmodel.sources.capacity`), the fleet mix of data/capacity/fleet.toml (`swapmodel.sources.fleet_mix`),
the fleet price grid (`swapmodel.analysis.fleet`), and the live static-overhead record of data/kernel/live.
The fleet answers (4.8 fleet, 4.16, 6.2, 6.8, J2, J3) read as functions of their assumed inputs (the
share w of hosts behind zswap, the share p written back whatever the pool holds, the compression
ratio), with the input at which each verdict flips first.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from swapmodel.analysis import capacity, fleet, layers
from swapmodel.base.geometry import MIB_BYTES, PAGE_SIZE_BYTES
from swapmodel.model.hosts import linear_flip
from swapmodel.report.answers import Answer, Validation, Value, make_answer
from swapmodel.sources.capacity import load_capacity
from swapmodel.sources.fleet_mix import load_fleet
from swapmodel.sources.kernel_records import load_live_records

NOTEBOOK = "05_capacity"
TABLES = {"ceilings": None, "ceiling_binding": None, "x86_swap_ceiling": None, "l1tf_here": None,
          "same_filled": None, "ghost_demo": "design", "rule_cost": None, "vm_swap_full": None,
          "swap_cache_prices": "design", "overcommit": None, "break_even": None, "rule_utilisation": None,
          "provisioning_needed": None, "cost_at_provisioning": None, "steady_disk_share": None,
          "fleet_hosts": None, "fleet_bytes": "design", "disk_share": None, "zswap_weight_curves": None,
          "zswap_weight_flips": None, "writeback_share_curves": None, "writeback_share_flips": None,
          "ghost_sizing": None, "ghost_flips": None, "consolidation_fields": None, "consolidation": None,
          "layer_split": None, "rmap_cost": "design", "rmap_operations": None, "memcg_id_bytes": "design",
          "widest_gulf": None, "contested_gulf": None, "contested_gulf_flip": None, "claims": None}


def _u_text(u):
    return "at every u" if u >= 1 else ("at no u" if u <= 0 else f"below u = {u:.3g}")


def _finite(values):
    """The values that are numbers (a flip outside the swept range is NaN and not shown as a number)."""
    return [v for v in values if np.isfinite(v.value)]


def static_validation(claims: pd.DataFrame, ghost: pd.DataFrame) -> list[Validation]:
    """Every published or measured static-overhead figure of data/: the claims' rows (full ledger,
    swap layer) and, for every device size of the latest live static record, the bytes taken at
    swapon per slot against linux-6.18's per-slot price of `ghost` (table ghost_demo): VmallocUsed +
    Slab (the allocations themselves) and MemFree's drop (shown unresolved: other allocations on the
    machine move MemFree by megabytes between the two samples, more than a small device takes)."""
    record = load_live_records("static")[-1]
    model = float(ghost.loc["linux-6.18", "per_slot_bytes"])
    where = f"data/kernel/live static record ({record['kernel_release']}, {record['settings']['device']}"
    live = []
    for r in record["rows"]:
        live.append(Validation(f"{where}, {r['size_mib'] / 1024:g} GiB): VmallocUsed + Slab taken at swapon per slot, "
                               "measured", (r["delta_VmallocUsed"] + r["delta_Slab"]) / r["slots"], model, "B per slot"))
        live.append(Validation(f"{where}, {r['size_mib'] / 1024:g} GiB): MemFree drop at swapon per slot, measured "
                               "(noisy: unresolved below tens of MiB)", r["delta_MemFree"] / r["slots"], model,
                               "B per slot", resolves=r["delta_MemFree"] > 32 * MIB_BYTES))
    return capacity.claim_validation(
        claims, ["chris-static", "p4-static-per-slot", "p3-1tb-saves", "p4-1tb-saves", "p4-rfc-1tb-measured",
                 "p4-v5-1tb-measured", "p3-saves-percent"]) + live


def answers(tables: dict[str, pd.DataFrame], params: dict) -> list[Answer]:
    """The 17 answers of notebook 05 from its saved tables; `params` are the notebook's parameters."""
    t, p = tables, params
    ceilings, rules = load_capacity()
    mix = load_fleet()
    claims = t["claims"]
    by_claim = claims.set_index("id")
    ghost = t["ghost_demo"]
    static_rows = static_validation(claims, ghost)
    rule = {r.factor: r for r in rules}
    one, two, three, eight = rule[1.0], rule[2.0], rule[3.0], rule[8.0]
    rule_factor = next(r.factor for r in rules if r.name == p["fleet_rule"])
    fleet_rule = p["fleet_rule"]
    out = []

    # ---- 4.23: ceilings, with the x86-64 swap PTE format's L1TF cap
    binding = t["ceiling_binding"]

    def binds(design, r):
        return float(binding[(binding.design == design) & (binding.rule == r.name)].binds_above_ram_gib.iloc[0])

    lim = t["ceilings"].set_index("design")
    x86 = t["x86_swap_ceiling"].set_index("x86_cache_bits")
    here = str(t["l1tf_here"].status.iloc[0])
    slots618, tib618 = int(lim.loc["linux-6.18", "slots"]), float(lim.loc["linux-6.18", "TiB"])
    tib_v2 = float(lim.loc["vswap-ste-v2", "TiB"])
    binding_bits = [b for b in x86.index if x86.loc[b, "l1tf_cap_binds"]]
    free_bits = [b for b in x86.index if not x86.loc[b, "l1tf_cap_binds"]]
    lowest_free = min(free_bits)

    def tib_text(x):
        return f"{x:.0f} TiB" if x >= 1 else f"{x * 1024:.0f} GiB"

    out.append(make_answer(
        NOTEBOOK, "4.23",
        f"One swapfile.c device (linux-6.18, and the virtual device of Swap Table Edition v1, the RFC of 28 May 2026) addresses at most {slots618:,} slots "
        f"({tib618:.0f} TiB less one 2 MiB cluster: swap_info_struct->max is an unsigned int, and the swap header's "
        "info.last_page, also an unsigned int, binds at the same 16 TiB), so the 8x RAM ghost device "
        f"rule reaches it at {binds('linux-6.18', eight) / 1024:.2f} TiB of RAM and the 3x rule at "
        f"{binds('linux-6.18', three) / 1024:.2f} TiB (3x is vswap-ste-v5's reported OVERCOMMIT_GUESS limit, "
        "an overcommit bound and not a device size: shown for scale only). On x86-64 the swap PTE format caps a device too: "
        "arch_max_swapfile_size() (arch/x86/mm/init.c, v6.18) returns the 50-bit generic limit (never binding) except on "
        "CPUs with X86_BUG_L1TF and the mitigation on (L1TF-affected Intel CPUs, whose swap PTEs are inverted), where "
        "it is l1tf_pfn_limit() << (PAGE_SHIFT - SWP_OFFSET_FIRST_BIT) = 2^(x86_cache_bits - 10) slots, "
        "2^(x86_cache_bits + 2) bytes (MAX_PA/2 in the inverted offset). Both ways, the ceiling is "
        f"{tib618:.0f} TiB without the L1TF cap; with it, {tib618:.0f} TiB wherever x86_cache_bits >= {lowest_free} "
        f"(its cap is {tib_text(x86.loc[44, 'l1tf_cap_tib'])} at the 44 bits set_min_cache_bits() gives Nehalem to "
        f"Kaby Lake client parts, {tib_text(x86.loc[46, 'l1tf_cap_tib'])} at 46), and below it only on an affected "
        "CPU with fewer cache bits: "
        + ", ".join(f"{tib_text(x86.loc[b, 'ceiling_with_l1tf_tib'])} at {b} bits" for b in sorted(binding_bits, reverse=True))
        + f" (the 8x RAM rule then binds at {x86.loc[max(binding_bits), 'ceiling_with_l1tf_tib'] * 1024 / eight.factor:.0f} "
        f"GiB of RAM at {max(binding_bits)} bits). On the machine that built this report "
        f"/sys/devices/system/cpu/vulnerabilities/l1tf reads '{here}'"
        + (", so there the ceiling is the unsigned int's. " if here == "Not affected" else ". ")
        + f"vswap-ste-v2's u32 cluster ids allow {tib_v2 / 1024:.0f} PiB less one cluster, reached only at "
        f"{binds('vswap-ste-v2', eight) / 1024 ** 2:.2f} PiB of RAM under 8x; vswap-ste-v5's 8 TB cap (secondary: "
        "a digest of the series, posting not read, unit assumed) would bind at "
        f"{binds('vswap-ste-v5', eight) / 1024:.2f} TiB of RAM under 8x read as 8 TiB, "
        f"{binds('vswap-ste-v5', eight) / 1024 * 8e12 / 2 ** 43:.2f} TiB read as 8 x 10^12 B.",
        [Value(tib618, "TiB", "unsigned int max (linux-6.18, Swap Table Edition v1)"),
         Value(tib_v2 / 1024, "PiB", "vswap-ste-v2, u32 cluster ids"),
         Value(binds("linux-6.18", eight), "GiB of RAM", "16 TiB ceiling under 8x RAM"),
         Value(binds("vswap-ste-v5", eight), "GiB of RAM", "vswap-ste-v5 8 TB cap under 8x RAM (secondary, read as 8 TiB)"),
         Value(binds("vswap-ste-v5", eight) * 8e12 / 2 ** 43, "GiB of RAM", "vswap-ste-v5 8 TB cap under 8x RAM (secondary, read as 8 x 10^12 B)"),
         Value(binds("vswap-ste-v5", three), "GiB of RAM", "vswap-ste-v5 8 TB cap under 3x memory (secondary)")]
        + [Value(float(x86.loc[b, "l1tf_cap_tib"]), "TiB", f"x86-64 L1TF cap, x86_cache_bits = {b}") for b in x86.index]
        + [Value(float(x86.loc[b, "ceiling_with_l1tf_tib"]), "TiB", f"device ceiling with the L1TF cap, x86_cache_bits = {b}")
           for b in x86.index],
        "One swap space per design; 4 KiB pages and 512-slot clusters; x86-64 with 4-level or 5-level paging "
        "(CONFIG_PGTABLE_LEVELS > 2, so the cap is shifted by PAGE_SHIFT - SWP_OFFSET_FIRST_BIT = 3 bits). The L1TF cap "
        "is applied by read_swap_header() (mm/swapfile.c) to a physical device at swapon; whether the posted dynamic "
        "designs check their virtual space against it was not read. Swap Table Edition v1 (data/capacity/ceilings.toml "
        "key vswap-ste-v1: a ceiling only, not a catalogue design) and vswap-ste-v5 (a catalogue design, basis "
        "secondary) are ceilings of data/capacity/ceilings.toml; "
        "vswap-ste-v5's cap and the 3x figure come from a secondary digest (8 TB read both as 8 TiB and as 8 x 10^12 B), "
        "and 3x is an overcommit limit, not a sizing rule.",
        "The 16 TiB and ~8 PB figures are recomputed from the field widths the postings name (tests/test_ceilings.py); "
        "swap_info_struct->max is 32 bits wide in this kernel's BTF. The L1TF cap from arch_max_swapfile_size() "
        "(arch/x86/mm/init.c), l1tf_pfn_limit() (arch/x86/include/asm/processor.h), SWP_OFFSET_FIRST_BIT "
        "(arch/x86/include/asm/pgtable_64.h) and set_min_cache_bits() (arch/x86/kernel/cpu/intel.c), "
        "https://elixir.bootlin.com/linux/v6.18/source/arch/x86/mm/init.c; worked by hand in "
        "tests/test_findings_capacity.py; this machine's L1TF status read from sysfs.",
        evidence=["table ceilings", "table ceiling_binding", "table x86_swap_ceiling",
                  "table l1tf_here", "figure ceilings"]))

    # ---- 4.28: a huge ghost device, empty
    demo = float(p["ghost_demo_mib"])
    out.append(make_answer(
        NOTEBOOK, "4.28",
        f"Empty, yes: at {demo:,.0f} MiB ({demo / 1024 ** 2:.2f} TiB; the question's 'MB' is the Swap total free -m "
        f"printed in Kairui Song's swap-table-p4-rfc demo of p4-rfc-ghost, and free -m counts MiB) the dynamic ghost (p4-rfc-ghost) pays {ghost.loc['p4-rfc-ghost', 'empty_mib'] * MIB_BYTES:.0f} "
        f"B of per-slot or per-cluster metadata, where a static device of that size would take "
        f"{ghost.loc['linux-6.18', 'empty_mib'] / 1024:.1f} GiB at swapon (linux-6.18, and Chris Li's static ghost-rfc "
        f"{ghost.loc['ghost-rfc', 'empty_mib'] / 1024:.1f} GiB) and a static cluster array "
        f"{ghost.loc['swap-table-p4-rfc', 'empty_mib']:.0f} MiB on swap-table-p4-rfc (the RFC's cluster info, "
        f"not published: the phase III layout's 40 B is assumed, data/designs/swap_table.toml; the "
        f"ledger p4-rfc-ghost's physical device uses) or {ghost.loc['swap-table-p4', 'empty_mib']:.0f} MiB on "
        f"swap-table-p4 (as merged, 48 B cluster info). The cost arrives with use: "
        f"{ghost.loc['p4-rfc-ghost', 'per_used_cluster_kib']:.1f} KiB per used cluster of zswap entries "
        "(zswap_entry and handle included). Not free of consequence either: the advertised size is total_swap_pages, "
        "which keeps vm_swap_full() false and lets OVERCOMMIT_GUESS accept one request up to RAM + that size (4.17), and "
        "free(1) reports it as swap (Johannes Weiner's objection, 4.16).",
        [Value(float(ghost.loc["p4-rfc-ghost", "empty_mib"]), "MiB", "p4-rfc-ghost, empty"),
         Value(float(ghost.loc["linux-6.18", "empty_mib"]), "MiB", "linux-6.18 static device of that size, empty"),
         Value(float(ghost.loc["ghost-rfc", "empty_mib"]), "MiB", "ghost-rfc static ghost of that size, empty"),
         Value(float(ghost.loc["swap-table-p4-rfc", "empty_mib"]), "MiB", "swap-table-p4-rfc of that size, empty"),
         Value(float(ghost.loc["swap-table-p4", "empty_mib"]), "MiB", "swap-table-p4 of that size, empty"),
         Value(float(ghost.loc["p4-rfc-ghost", "per_used_cluster_kib"]), "KiB", "p4-rfc-ghost, per used cluster")],
        "Full ledgers of data/designs/; fixed per-device structures (swap_info_struct, per-CPU caches) left out as "
        "they do not grow with the size; zswap entries for the per-cluster figure. The size is the demo's free -m "
        "figure (https://lore.kernel.org/all/CAMgjq7CXgGxhtU3XJYnxVQ8fFYtNZBN3uF4FgqbBVV75ohOhtg@mail.gmail.com/), "
        "read as MiB because free(1)'s -m is --mebi.",
        "Every published or measured static-overhead figure of data/ (rows below) and the swap-layer bytes per zswap "
        "entry on the dynamic ghost that Kairui Song's RFC cover states.",
        validation=static_rows + capacity.claim_validation(claims, ["kairui-rfc-ghost-zswap"]),
        evidence=["table ghost_demo", "table claims"]))

    # ---- 4.17: what the size changes besides free(1)
    rule_cost = t["rule_cost"]
    eight_cost = rule_cost[rule_cost.rule == eight.name].set_index("design").percent_of_ram
    full_at = t["vm_swap_full"].drop_duplicates("device").set_index("device").full_above_swapped_share
    cache_prices = t["swap_cache_prices"]
    commit = t["overcommit"]
    share = p["swapped_share_of_ram"]
    guess = commit[commit.swapped_share_of_ram == share].set_index("device")
    grown_guess = commit[commit.device == "grown by cluster"].set_index("swapped_share_of_ram")
    cold_lo, cold_hi = mix.cold_low, mix.cold_high
    out.append(make_answer(
        NOTEBOOK, "4.17",
        f"The size is not free even where nothing is paid per slot (p4-rfc-ghost: {eight_cost['p4-rfc-ghost']:.0f} % of RAM "
        "at 8x): swapon adds si->pages to total_swap_pages, and two kernel decisions read it. vm_swap_full() holds only "
        f"above {full_at[f'static, {eight.name}']:g}x RAM swapped on an 8x device (above half the device), never at the "
        f"mix's {cold_lo:.0%}-{cold_hi:.0%}, so a page swapped in by a read fault keeps its slot as swap-cache-only and "
        "the allocator skips those slots instead of reclaiming them (they go only when the page is freed or reclaimed "
        "again): "
        f"{cache_prices.loc['p4-rfc-ghost', 'cache_only_bytes_per_slot']:.1f} B each on p4-rfc-ghost "
        f"({cache_prices.loc['p4-rfc-ghost', 'mib_per_gib_cache_only']:.1f} MiB per GiB of such pages, and the used "
        "cluster it sits in stays allocated), and on a ghost device that fronts zswap keeping it saves nothing, since zswap_load() "
        "already freed the compressed copy and dirtied the folio. A device grown cluster by cluster is full whenever its "
        "used clusters are more than half in use, so every swap-in drops its swap cache (should_try_to_free_swap() via "
        "mem_cgroup_swap_full()) and the allocator reclaims cache-only slots: free for zswap pages, one "
        f"{cache_prices.loc['p4-rfc-ghost', 'write_saved_bytes_disk'] / 1024:.0f} KiB rewrite for a disk-backed page "
        "reclaimed again unmodified. The overcommit heuristic counts the size too: OVERCOMMIT_GUESS accepts one "
        f"request up to {guess.loc[f'static, {eight.name}', 'guess_largest_request_x_ram']:g}x RAM at 8x, against "
        f"{grown_guess.loc[cold_lo, 'guess_largest_request_x_ram']:.2f}-{grown_guess.loc[cold_hi, 'guess_largest_request_x_ram']:.2f}x "
        f"grown; OVERCOMMIT_NEVER's CommitLimit falls from {guess.loc[f'static, {eight.name}', 'never_commit_limit_x_ram']:g}x "
        f"to {grown_guess.loc[cold_lo, 'never_commit_limit_x_ram']:.2f}-{grown_guess.loc[cold_hi, 'never_commit_limit_x_ram']:.2f}x "
        "RAM (ratio 50 %), which refuses commitments a static device of any rule here allows. "
        f"Static designs pay at swapon besides: 8x RAM costs {eight_cost['linux-6.18']:.2f} % "
        f"of RAM on linux-6.18 and ghost-rfc, {eight_cost['swap-table-p4']:.3f} % on swap-table-p4.",
        [Value(float(full_at[f"static, {eight.name}"]), "x RAM swapped", "vm_swap_full() from, 8x device"),
         Value(float(full_at["static, 1:1"]), "x RAM swapped", "vm_swap_full() from, 1:1 device"),
         Value(float(cache_prices.loc["p4-rfc-ghost", "cache_only_bytes_per_slot"]), "B per cache-only slot", "p4-rfc-ghost"),
         Value(float(cache_prices.loc["linux-6.18", "cache_only_bytes_per_slot"]), "B per cache-only slot", "linux-6.18"),
         Value(float(cache_prices.loc["p4-rfc-ghost", "write_saved_bytes_disk"]), "B written", "per clean disk-backed page reclaimed again, swap cache dropped"),
         Value(float(guess.loc[f"static, {eight.name}", "guess_largest_request_x_ram"]), "x RAM", "OVERCOMMIT_GUESS largest request, 8x device"),
         Value(float(grown_guess.loc[share, "guess_largest_request_x_ram"]), "x RAM",
               f"OVERCOMMIT_GUESS largest request, grown device, {share:.0%} of RAM swapped"),
         Value(float(grown_guess.loc[share, "never_commit_limit_x_ram"]), "x RAM",
               f"OVERCOMMIT_NEVER CommitLimit, grown device, {share:.0%} of RAM swapped")]
        + [Value(float(eight_cost[d]), "% of RAM", f"{d} at 8x RAM") for d in eight_cost.index],
        "Kernel rules read at v6.18: vm_swap_full() (mm/swap.h), should_try_to_free_swap() and do_swap_page() "
        "(mm/memory.c), mem_cgroup_swap_full() (mm/memcontrol.c), cluster_scan_range() and swap_reclaim_full_clusters() "
        "(mm/swapfile.c), zswap_load() (mm/zswap.c), __vm_enough_memory() and vm_commit_limit() (mm/util.c). One swap "
        "device (the ghost alone counts in total_swap_pages); a grown device's si->pages is its used clusters x 512 and "
        "shrinks with them; the memcg's own swap.max, hugetlb and the admin/user reserves left out; a write fault frees the "
        "swap cache whatever the size. Each behaviour is priced per event: how many pages are read-faulted and reclaimed "
        "again clean depends on the workload, which is not modelled.",
        "The kernel rules as read at v6.18 (functions above); the vm_swap_full() rule is the one the compiled "
        "allocator (swapmodel.allocator.core) follows, checked against this kernel's swpout_fallback in notebooks "
        "03-04. No published or measured overcommit limit or swap-cache-only retention on an oversized device is in "
        "data/, so there is no validation row (the static-overhead rows are 4.2's: they test none of this answer's "
        "claims); a live run counting cache-only slots (/proc/meminfo SwapCached against swap used) on an 8x device "
        "would be the measurement, not run here.",
        validation=[],
        evidence=["table vm_swap_full", "table swap_cache_prices", "table overcommit", "table rule_cost"]))

    # ---- 4.21: same-filled pages in zram
    same = t["same_filled"]
    disk_dense = same[(same.state == "disk") & (same.placement == "dense")].set_index("design").added_mib
    disk_random = same[(same.state == "disk") & (same.placement == "random")].set_index("design").added_mib
    spread = disk_dense.max() - disk_dense.min()
    same_mib, phone_gib = p["same_filled_mib"], p["phone_zram_gib"]
    out.append(make_answer(
        NOTEBOOK, "4.21",
        f"{same_mib:g} MiB of same-filled (not zero) pages in zram of {phone_gib:g} GiB add "
        + ", ".join(f"{d} {disk_dense[d]:.1f}" for d in disk_dense.index)
        + f" MiB of swap metadata when they share clusters with the device's other swapped pages (the realistic case "
        "for a 1:1 zram that also holds everything else the phone swaps: each page then adds its per-entry price only); "
        f"scattered alone over an otherwise empty device, every cluster is allocated for them and it rises to "
        f"{disk_random.max():.1f} MiB ({disk_random.idxmax()}), an upper bound. Packed, the designs differ by "
        f"{spread:.1f} MiB, {100 * spread / same_mib:.2f} % of the pages' size: no amplification worth the name. Who "
        "keeps them: a non-zero same-filled page reaches zram in every design (zram_write_page() finds it same-filled "
        "and stores the fill value as ZRAM_SAME in its own table, no zsmalloc object), so the swap layer holds a plain "
        "device entry, the disk-state price above, and that entry is the whole cost the designs differ in; a zero-filled "
        "page never reaches zram (linux-6.18's swap_writeout() sets the zeromap bit; vswap-v3/v6 and vswap-ste-v2 keep it "
        "as a zero-state descriptor with no physical slot), the `zero` rows of table same_filled.",
        [Value(float(disk_dense[d]), "MiB", f"{d}, packed") for d in disk_dense.index]
        + [Value(float(disk_random.max()), "MiB", f"{disk_random.idxmax()}, scattered"),
           Value(float(spread), "MiB", "spread, packed")],
        f"A phone of {phone_gib:g} GiB RAM with zram at 1:1 (Kairui Song's practice); the pages are not zero-filled "
        "(zero-filled ones take the `zero` state, in the table above); zram's own table entry per slot is the same for "
        "every design and left out; full ledgers of data/designs/.",
        "Per-entry and per-cluster sizes from BTF and the postings, as every cost in notebook 01 (validated in notebook 03). "
        "The ~450 MB is Kairui Song's mm_stat reading on his phone "
        "(https://lore.kernel.org/all/CAMgjq7AiUr_Ntj51qoqvV+=XbEATjr7S4MH+rgD32T5pHfF7mg@mail.gmail.com/), taken as MiB; "
        "zram_write_page() and swap_writeout() read at v6.18 (drivers/block/zram/zram_drv.c, mm/page_io.c). No published "
        "metadata figure for same-filled pages is in data/, so there is no validation row.",
        evidence=["table same_filled"]))

    # ---- 6.1 and 4.4: break-even utilisation
    even = t["break_even"]
    baselines, zswap_shares = list(p["baselines"]), list(p["zswap_shares"])
    frag_orders, target = list(p["frag_orders"]), p["target_fallback_pct"]

    def u_star(design, base, z):
        row = even[(even.design == design) & (even.baseline == base) & (even.zswap_share == z)]
        return float(row.cheaper_below_u.iloc[0])

    z0, z1 = min(zswap_shares), max(zswap_shares)
    shown_dyn = [d for d in p["dynamic_designs"] if d != "ghost-redirect"]
    needed = t["provisioning_needed"]
    worst = needed[(needed.order == max(frag_orders)) & ~needed.large_swapin].set_index("design").k_needed
    k_static = float(worst["linux-6.18"])
    k_layered = {d: float(worst[d]) for d in worst.index if d != "linux-6.18"}
    provisioned = t["cost_at_provisioning"]
    per_entry_at_k = provisioned[provisioned.zswap_share == z0].set_index("design").bytes_per_entry
    sigma = even.groupby("baseline").baseline_per_provisioned_bytes.first()
    virtual_slot = even[(even.zswap_share == z1) & even.design.isin(shown_dyn)].groupby("design").per_provisioned_bytes.max()
    placed = t["rule_utilisation"]
    out.append(make_answer(
        NOTEBOOK, "6.1",
        f"Against linux-6.18 a dynamic layout costs less per used entry only below a break-even utilisation u* of the "
        f"static device: with every page on disk (z = {z0:g}) "
        + ", ".join(f"{d} {_u_text(u_star(d, baselines[0], z0))}" for d in shown_dyn)
        + f"; with every page in zswap (z = {z1:g}) "
        + ", ".join(f"{d} {_u_text(u_star(d, baselines[0], z1))}" for d in shown_dyn)
        + f". Against {baselines[1]}, whose static array costs {sigma[baselines[1]]:.3f} B per slot against "
        f"{sigma[baselines[0]]:.3f} B, the window shrinks: at z = 1 "
        + ", ".join(f"{d} {_u_text(u_star(d, baselines[1], z1))}" for d in shown_dyn)
        + ". u is the swapped share of RAM over the sizing factor, so each u* is a swapped share: on a 1:1 device "
        "the dynamic layout is cheaper (z = 1) while less than "
        + ", ".join(f"{min(1.0, u_star(d, baselines[0], z1)) * one.factor:.0%} ({d})" for d in shown_dyn)
        + " of RAM is swapped, on a 2x RAM device while less than "
        + ", ".join(f"{min(1.0, u_star(d, baselines[0], z1)) * two.factor:.0%} ({d})" for d in shown_dyn)
        + f" (with every page on disk, z = {z0:g}, 1:1: "
        + ", ".join(f"{min(1.0, u_star(d, baselines[0], z0)) * one.factor:.0%} ({d})" for d in shown_dyn)
        + f"); the fleet mix swaps {cold_lo:.0%}-{cold_hi:.0%} of RAM. At {share:.0%} swapped the rules give u = "
        + ", ".join(f"{r.rule} {r.utilisation:.3g}" for r in placed.itertuples())
        + f". Fragmentation caps u too: to keep the order-{max(frag_orders)} swap-outs that do not leave whole below "
        f"{target:g} % with page-by-page swap-in, a static device needs k = {k_static:g} (u <= {1 / k_static:.2f}), and the physical device "
        "under a virtual layer " + ", ".join(f"{d} k = {k:g}" for d, k in k_layered.items())
        + " (each with the per-CPU cluster cache of its posted code; the same k as 4.10, from the same sweep; k is "
        f"resolved only to the sweep's ratio grid and comes from a {p['region_mib']:g} MiB churn, so it says nothing "
        "yet about fragmentation at 32 GiB scale)"
        + f"; provisioned so, a used disk entry costs {per_entry_at_k['linux-6.18']:.1f} B (linux-6.18), "
        + ", ".join(f"{per_entry_at_k[d]:.1f} B ({d})" for d in shown_dyn) + ".",
        [Value(u_star(d, b, z), "utilisation", f"{d} vs {b}, z = {z:g}") for b in baselines for d in shown_dyn
         for z in (z0, z1)]
        + [Value(min(1.0, u_star(d, baselines[0], z1)) * r.factor, "share of RAM swapped",
                 f"{d} cheaper than {baselines[0]} below, z = {z1:g}, {r.name} device") for r in (one, two) for d in shown_dyn]
        + [Value(float(worst[d]), "device size / swapped set", f"{d}, order {max(frag_orders)}, page-by-page swap-in",
                 design=d, quantity=layers.k_quantity(target, max(frag_orders)),
                 scope=layers.fill_scope(p["region_mib"], "posted", order=max(frag_orders))) for d in worst.index
           if worst[d] == worst[d]]
        + [Value(float(per_entry_at_k[d]), "B per used entry", f"{d}, z = {z0:g}, provisioned for the target")
           for d in ["linux-6.18", *shown_dyn]],
        "Full ledgers; dense packing; a dynamic design's physical device runs at the static device's utilisation; "
        f"u is used entries over provisioned slots; the sizing rules assume {share:.0%} of RAM swapped "
        f"out; fragmentation from the tools-mm churn ({p['region_mib']:g} MiB working set, {p['frag_iterations']} iterations, "
        f"{len(p['frag_seeds'])} seeds, second-half means). The k depends on the churn's state: working set, "
        "iterations, order mix, free pattern and the per-CPU cluster cache; at this scale the three designs tie at the "
        "same grid step. A run that could separate them at host scale needs a working set of GiBs (region_mib 4096 or "
        "more), a few hundred iterations, at least 5 seeds and ratio steps of 0.05 between 1.2 and 2.0: not run here "
        "(the simulator is being changed). The per-entry price at provisioning moves with k through the static term "
        "only (per-slot bytes x k).",
        "The closed form u* = (b_x - b_y) / (a_y - a_x) against hand-computed a and b (tests/test_breakeven.py); the "
        "churn's fallback against this kernel's swpout_fallback (notebooks 03 and 04) within a few points.",
        evidence=["table break_even", "table rule_utilisation", "table provisioning_needed",
                  "table cost_at_provisioning", "figure break_even"]))
    ab = even[even.zswap_share.isin([z0, z1]) & (even.baseline == baselines[0])]
    lt_top = t["layer_split"][t["layer_split"].state == "zero"].set_index("design").top_bytes
    dyn_slot = ab[ab.zswap_share == z0].set_index("design").per_provisioned_bytes
    out.append(make_answer(
        NOTEBOOK, "4.4",
        "Yes for the virtual space: an unused virtual slot costs "
        + ", ".join(f"{virtual_slot[d]:g} B ({d})" for d in shown_dyn) + ". The physical device behind it still costs "
        + ", ".join(f"{dyn_slot[d]:.3f} B ({d})" for d in shown_dyn)
        + f" per provisioned slot, against {sigma[baselines[0]]:.3f} B for a static linux-6.18 device. "
        f"For a compressed pool alone (z = {z1:g}) nothing is provisioned, so the dynamic space suits it better than a static "
        "linux-6.18 device " + ", ".join(f"{d} {_u_text(u_star(d, baselines[0], z1))}" for d in shown_dyn)
        + f"; against {baselines[1]}'s static cluster array the gain remains only for "
        + ", ".join(f"{d} {_u_text(u_star(d, baselines[1], z1))}" for d in shown_dyn)
        + ": vswap-v3 and vswap-v6 pay more per used entry than they save per unused slot. These are whole-cluster "
        "prices: the 0 B holds for a virtual slot in a cluster never allocated. An unused slot inside an allocated "
        "cluster costs its share of the cluster's allocation, about what a used entry's top layer costs ("
        + ", ".join(f"{d} {lt_top[d]:.1f} B" for d in shown_dyn if d in lt_top.index)
        + "), and vswap-v3/vswap-v6 keep an emptied cluster allocated while a CPU caches it (rules.toml: "
        "pinned_while_cached; percpu_vswap_cluster.clusters[order]), so after any swap activity an 'empty' space still "
        "holds up to one cluster per CPU and folio order in use: "
        + ", ".join(f"{d} {lt_top[d] * 512 / 1024:.1f} KiB" for d in ("vswap-v3", "vswap-v6") if d in lt_top.index)
        + " per CPU and order, whatever the size (not priced by the simulator). The u* above are at z = 1, every page in "
        "zswap and no physical device: the case most favourable to the dynamic designs; at z = 0 see 6.1.",
        [Value(float(virtual_slot[d]), "B per unused virtual slot", d) for d in shown_dyn]
        + [Value(float(dyn_slot[d]), "B per physical slot", d) for d in shown_dyn]
        + [Value(u_star(d, b, z1), "utilisation", f"{d} vs {b}, zswap only") for b in baselines for d in shown_dyn]
        + [Value(float(lt_top[d]), "B per unused slot in an allocated cluster", d) for d in shown_dyn if d in lt_top.index]
        + [Value(float(lt_top[d] * 512 / 1024), "KiB per CPU", f"{d}, pinned empty cluster") for d in ("vswap-v3", "vswap-v6")],
        "Full ledgers; the zswap pool priced with its per-entry bookkeeping (zswap_entry, handle, tree or descriptor); "
        "the compressed data itself is the same in every design and left out; whole-cluster occupancy (dense packing); "
        "the per-CPU pinned cluster and partly used clusters are stated per slot and per CPU, not added to u*.",
        "Unused-slot prices against the per-slot cost measured at swapon on this kernel (notebook 03) for the static "
        "designs; the dynamic designs' zero follows from their allocation per used cluster in the postings.",
        evidence=["table break_even", "table layer_split", "figure break_even"]))

    # ---- the fleet: 6.2, 4.8 (fleet), J2
    steady = t["steady_disk_share"]
    steady_gap = float((steady.disk_share_simulated - steady.disk_share_closed_form).abs().max())
    fleet_basis = (f"The fleet mix of data/capacity/fleet.toml ({p['fleet_hosts']} hosts, seed {p['fleet_seed']}): backends "
                   + ", ".join(f"{b.name} {b.weight:.0%}" for b in mix.backends) + "; classes "
                   + ", ".join(f"{c.name} {c.weight:.0%} (ratio {c.ratio:.2f}, {c.basis})" for c in mix.services)
                   + f"; cold share uniform in [{mix.cold_low:g}, {mix.cold_high:g}] of RAM (Google, Meta); zswap pool "
                   f"{mix.pool_percent:g} % of RAM (kernel default); static devices sized {fleet_rule}. Weights and spreads "
                   "are the project's assumptions.")
    fleet_checked = (f"The closed-form disk share against the steady-state simulator (largest difference {steady_gap:.4f} over "
                     f"{len(steady)} runs); compression ratios measured in zram on this kernel (lzo-rle) for the measured "
                     "classes; per-entry prices from the full ledgers (BTF sizes, validated in notebook 03).")
    disk = t["disk_share"].set_index("hosts")
    all_hosts, zswap_hosts = disk.loc["all hosts"], disk.loc["zswap"]
    summary = t["fleet_bytes"]
    no_design = {"design": "", "baseline": ""}  # a quantity without a design reads back from CSV as NaN
    w_curves, w_flips = t["zswap_weight_curves"].fillna(no_design), t["zswap_weight_flips"].fillna(no_design)
    wb_curves, wb_flips = t["writeback_share_curves"].fillna(no_design), t["writeback_share_flips"].fillna(no_design)
    wf = w_flips.set_index(["quantity", "design", "baseline"]).flip_weight
    wbf = wb_flips.set_index(["quantity", "design", "baseline"]).flip_writeback_share
    wbc = wb_curves.set_index(["quantity", "design", "baseline", "writeback_share"]).value
    mix_w = sum(b.weight for b in mix.backends if b.zswap) / sum(b.weight for b in mix.backends)
    w_lo, w_hi = min(p["zswap_host_weights"]), max(p["zswap_host_weights"])
    p_lo, p_hi = min(p["writeback_shares"]), max(p["writeback_shares"])
    zswap_disk_q = "zswap hosts' mean disk share"
    dyn_fleet = list(dict.fromkeys(w_flips[w_flips.quantity == "hosts where cheaper"].design))

    def at_w(q, d="", b="", w=None):
        """A closed-form fleet curve at weight w (the mix's when None), interpolated on the grid."""
        c = w_curves[(w_curves.quantity == q) & (w_curves.design == d) & (w_curves.baseline == b)]
        return float(np.interp(mix_w if w is None else w, c.zswap_host_weight, c.value))

    def flip_text(x, what="w"):
        lo, hi = (w_lo, w_hi) if what == "w" else (p_lo, p_hi)
        return f"{what} = {x:.2f}" if x == x else f"no {what} in [{lo:g}, {hi:g}]"

    def verdict_at(q, d, b, cheaper_when_above=True):
        """Where the verdict 'design better than baseline' holds over w: from the closed-form flip."""
        r = w_flips[(w_flips.quantity == q) & (w_flips.design == d) & (w_flips.baseline == b)].iloc[0]
        good = (lambda v: v > r.level) if cheaper_when_above else (lambda v: v < r.level)
        if r.flip_weight == r.flip_weight:
            side = "above" if good(r.at_one) else "below"
            return f"for w {side} {r.flip_weight:.2f}"
        return "at every w" if good(r.at_zero) else "at no w"

    fleet_input_note = (f" The mix's weights are assumptions: the share of hosts behind zswap (w = {mix_w:.2f}) and the "
                        f"share zswap writes back whatever its pool holds ({mix.writeback_share:g}); each curve over them "
                        "is in tables zswap_weight_curves and writeback_share_curves and figure fleet_flips.")
    out.append(make_answer(
        NOTEBOOK, "6.2",
        "Whether the disk case dominates is decided by the share w of hosts behind zswap: the swapped pages' mean "
        f"disk-resident share is {at_w('mean disk share', w=w_lo):.2f} at w = {w_lo:g} and "
        f"{at_w('mean disk share', w=w_hi):.3f} at w = {w_hi:g}, and crosses half at "
        f"{flip_text(wf[('mean disk share', '', '')])}; the mix's w = {mix_w:.2f} gives "
        f"{all_hosts['entry_weighted_mean']:.2f}. The distribution over hosts is bimodal, so no median describes it: "
        "every host without zswap (zram or a plain swapfile) is at 1.00, and the zswap hosts sit at "
        f"{zswap_hosts['median']:.2f} (median) to {zswap_hosts['p95']:.2f} (95th percentile), "
        f"{zswap_hosts['entry_weighted_mean']:.3f} on average, with pool overflow alone (p = 0, the mix's assumption and "
        "the least realistic end for a zswap fleet that runs the shrinker or memory.reclaim). When those put a share p "
        f"on disk whatever the pool holds, the zswap hosts' share rises to {wbc[(zswap_disk_q, '', '', p_hi)]:.2f} at "
        f"p = {p_hi:g}, and the fleet mean crosses half (at the mix's w) at "
        f"{flip_text(wbf[('mean disk share', '', '')], 'p')}. Expected (95th percentile) bytes per used "
        "entry at the mix's point (p = 0): "
        + ", ".join(f"{d} {summary.loc[d, 'expected_bytes']:.1f} ({summary.loc[d, 'p95_bytes']:.1f})" for d in summary.index)
        + ".",
        _finite([Value(float(wf[("mean disk share", "", "")]), "share of hosts behind zswap", "mean disk share reaches half"),
                 Value(float(all_hosts["entry_weighted_mean"]), "share of swapped pages", f"disk-resident, fleet mean at w = {mix_w:.2f}"),
                 Value(float(all_hosts["p95"]), "share of swapped pages", "disk-resident, 95th percentile of hosts"),
                 Value(float(zswap_hosts["entry_weighted_mean"]), "share of swapped pages", "disk-resident, zswap hosts, pool overflow only"),
                 Value(float(wbc[(zswap_disk_q, "", "", p_hi)]), "share of swapped pages",
                       f"disk-resident, zswap hosts, {p_hi:g} written back whatever the pool holds")]
                + [Value(float(summary.loc[d, "expected_bytes"]), "B per used entry", f"{d}, expected") for d in summary.index]
                + [Value(float(summary.loc[d, "p95_bytes"]), "B per used entry", f"{d}, 95th percentile") for d in summary.index]),
        fleet_basis + fleet_input_note,
        fleet_checked + " No published or measured disk-resident share of a fleet is in data/, so there is no validation row.",
        validation=[],
        gap="Incompressible pages: linux-6.18's zswap_compress() stores a page that does not compress below PAGE_SIZE "
            "as-is when the memcg allows writeback (mm/zswap.c v6.18: 'save the content as is without a compression'; "
            "this kernel's debugfs has the stored_incompressible_pages counter that change added, data/kernel/live "
            "zswap record), and the mix already prices them so: swapmodel.model.hosts.page_footprint_bytes() gives a "
            "ratio-1.00 page a whole zsmalloc page in the pool, so the 'compressed or encrypted data' class fills the "
            "pool at 1:1 and reaches disk only by overflow, not by rejection.",
        evidence=["table disk_share", "table fleet_bytes", "table zswap_weight_flips", "table writeback_share_curves",
                  "table writeback_share_flips", "figure fleet_flips"]))

    per_host = t["fleet_hosts"]
    disk_hosts = per_host[per_host.disk_share > 0.5]
    v3_over_618 = float((disk_hosts["vswap-v3"] / disk_hosts["linux-6.18"]).median())
    median_cold = float(per_host.cold_share.median())
    prices = fleet.price_grid(["vswap-v3", "swap-table-p4"])
    d3 = fleet.host_ratio_flip(prices, "vswap-v3", "swap-table-p4", rule_factor, median_cold, 3.0)
    fleet_ratio = "expected bytes ratio"
    vswaps = ["vswap-v3", "vswap-v6", "vswap-ste-v2"]
    over_p4 = {d: float((disk_hosts[d] / disk_hosts["swap-table-p4"]).median()) for d in vswaps}
    three_up = [d for d in vswaps if over_p4[d] >= 3.0]
    out.append(make_answer(
        NOTEBOOK, "4.8",
        "How common the disk case is, is not known: with pool overflow alone no zswap host keeps more than half its "
        f"swapped pages on a device ({zswap_hosts['share_above_half']:.0%} here), so the share of hosts that do is "
        f"exactly 1 - w, the share of hosts without zswap (zram or a plain swapfile), an assumed input (the mix's "
        f"w = {mix_w:.2f} gives {all_hosts['share_above_half']:.0%}; with a share p written back whatever the pool holds, "
        f"half the hosts are mostly on disk at {flip_text(wbf[('hosts over half on disk', '', '')], 'p')}). On those hosts, "
        "against swap-table-p4 (this part's one baseline, as merged), each posting costs per used entry (median "
        f"over hosts, devices sized {fleet_rule}): "
        + ", ".join(f"{d} {over_p4[d]:.1f}x" for d in vswaps)
        + f" (vswap-v3 {v3_over_618:.1f}x linux-6.18); on one host at the median swapped share ({median_cold:.0%} of "
        f"RAM) vswap-v3 reaches 3x swap-table-p4 from a disk-resident share of {d3:.2f} up. So Kairui Song's "
        "'3 - 4 times' holds on disk-heavy hosts for "
        + (", ".join(three_up) if three_up else "no posting")
        + (", not for " + ", ".join(d for d in vswaps if d not in three_up) if len(three_up) < len(vswaps) else "")
        + ". Over the whole fleet vswap-v3 expects "
        f"{at_w(fleet_ratio, 'vswap-v3', 'swap-table-p4'):.2f}x swap-table-p4 at the mix's w "
        f"({at_w(fleet_ratio, 'vswap-v3', 'swap-table-p4', w_lo):.2f}x at w = {w_lo:g}, "
        f"{at_w(fleet_ratio, 'vswap-v3', 'swap-table-p4', w_hi):.2f}x at w = {w_hi:g}).",
        _finite([Value(1.0 - mix_w, "share of hosts", "more than half on disk: 1 - w with pool overflow alone"),
                 Value(float(all_hosts["share_above_half"]), "share of hosts", f"more than half on disk, drawn, w = {mix_w:.2f}"),
                 Value(float(wf[("hosts over half on disk", "", "")]), "share of hosts behind zswap", "half the hosts mostly on disk"),
                 Value(float(wbf[("hosts over half on disk", "", "")]), "share written back", "half the hosts mostly on disk, p at the mix's w")]
                + [Value(over_p4[d], "times", f"{d} / swap-table-p4 on hosts mostly on disk") for d in vswaps]
                + [Value(v3_over_618, "times", "vswap-v3 / linux-6.18 on those hosts"),
                   Value(d3, "disk-resident share", "vswap-v3 reaches 3x swap-table-p4 on a median host"),
                   Value(at_w(fleet_ratio, "vswap-v3", "swap-table-p4"), "times", "vswap-v3 / swap-table-p4, fleet expectation")]),
        fleet_basis + fleet_input_note + " The entry part of 4.8 (notebook 01) prices Kairui Song's figure against "
        "swap-table-p4-rfc, the ledger his message uses; this part uses swap-table-p4 as merged throughout.",
        fleet_checked + " No published or measured fleet or disk-resident share is in data/, so this part has no "
        "validation row; the per-entry figures of the same comparison (Kairui Song's and Nhat Pham's, each priced in "
        "its own full-device case) are the rows of the entry part (notebook 01).",
        part="fleet", validation=[],
        evidence=["table disk_share", "table fleet_hosts", "table zswap_weight_curves",
                  "table writeback_share_flips", "figure fleet_flips"]))

    cheaper_rows = w_flips[w_flips.quantity == "hosts where cheaper"].set_index(["design", "baseline"])

    def w_for(d, b, level, rows=cheaper_rows):
        """The share w of hosts behind zswap at which `d` is cheaper than `b` on `level` of the hosts (NaN: never in [0, 1])."""
        r = rows.loc[(d, b)]
        return linear_flip(float(r.at_zero), float(r.at_one), level)

    def w_text(x):
        return f"w >= {x:.2f}" if x == x else "no w"

    host_cols = [c for c in ("backend", "uses_zswap", "service", "ratio", "cold_share", "zswap_share", "disk_share")
                 if c in per_host]
    j2_prices = fleet.price_grid([*dyn_fleet, *baselines])
    per_host_2x = fleet.host_bytes(per_host[host_cols], j2_prices, two.factor, [*dyn_fleet, *baselines])
    _, flips_2x = fleet.zswap_weight_curves(per_host_2x, dyn_fleet, baselines, [mix_w])
    rows_2x = flips_2x[flips_2x.quantity == "hosts where cheaper"].set_index(["design", "baseline"])

    def share_at(rows, d, b, w=mix_w):
        r = rows.loc[(d, b)]
        return float(r.at_zero + (r.at_one - r.at_zero) * w)

    vast = 0.8
    passes = [d for d in dyn_fleet if share_at(cheaper_rows, d, baselines[0]) >= vast]
    out.append(make_answer(
        NOTEBOOK, "J2",
        f"Read as the claim says, 'the vast majority' (taken as {vast:.0%} of hosts or more), it holds at the mix's "
        f"w = {mix_w:.2f} for " + (", ".join(passes) if passes else "no design")
        + " against linux-6.18, and fails for "
        + (", ".join(d for d in dyn_fleet if d not in passes) or "none") + ": the share of hosts on which each costs "
        "less is "
        + ", ".join(f"{d} {share_at(cheaper_rows, d, baselines[0]):.0%}" for d in dyn_fleet)
        + " (against swap-table-p4: " + ", ".join(f"{d} {share_at(cheaper_rows, d, baselines[1]):.0%}" for d in dyn_fleet)
        + f"). The share w of hosts behind zswap needed for {vast:.0%} against linux-6.18: "
        + ", ".join(f"{d} {w_text(w_for(d, baselines[0], vast))}" for d in dyn_fleet)
        + " (a mere majority: " + ", ".join(f"{d} {verdict_at('hosts where cheaper', d, baselines[0])}" for d in dyn_fleet)
        + f"). The static devices' size is the other assumed input: sized {two.name} instead of {fleet_rule}, the "
        "per-slot term of every device (static baselines and the dynamic designs' physical devices) doubles per used "
        "entry and the shares become "
        + ", ".join(f"{d} {share_at(rows_2x, d, baselines[0]):.0%}" for d in dyn_fleet)
        + " against linux-6.18 (" + ", ".join(f"{d} {share_at(rows_2x, d, baselines[1]):.0%}" for d in dyn_fleet)
        + " against swap-table-p4). Expected bytes per entry over the fleet are below the baseline's "
        + ", ".join(f"{d} {verdict_at(fleet_ratio, d, b, cheaper_when_above=False)} ({b})" for b in baselines for d in dyn_fleet)
        + ". A host without zswap runs p4-rfc-ghost's physical device (swap-table-p4-rfc) instead, which is why that "
        "design wins there too. The claim (November 2025) was made against linux-6.18 and vswap-rfc-v2; swap-table-p4 "
        "and vswap-ste-v2 came 6-7 months later, so the rows against them test the claim against today's designs.",
        [Value(share_at(cheaper_rows, d, b), "share of hosts", f"{d} cheaper than {b}, w = {mix_w:.2f}, {fleet_rule}")
         for b in baselines for d in dyn_fleet]
        + [Value(share_at(rows_2x, d, b), "share of hosts", f"{d} cheaper than {b}, w = {mix_w:.2f}, {two.name}")
           for b in baselines for d in dyn_fleet]
        + _finite([Value(w_for(d, baselines[0], vast), "share of hosts behind zswap",
                         f"{d} cheaper than {baselines[0]} on {vast:.0%} of hosts") for d in dyn_fleet])
        + [Value(float(wf[("hosts where cheaper", d, b)]), "share of hosts behind zswap", f"{d} cheaper than {b} on half the hosts")
           for b in baselines for d in dyn_fleet if wf[("hosts where cheaper", d, b)] == wf[("hosts where cheaper", d, b)]],
        fleet_basis + fleet_input_note + f" 'Vast majority' read as {vast:.0%} of hosts (this answer's reading).",
        fleet_checked + " The closed-form curve against the re-drawn fleets of figure cheaper_share. No published or "
        "measured share of hosts is in data/, so there is no validation row.",
        validation=[],
        evidence=["table zswap_weight_flips", "table fleet_hosts", "figure cheaper_share", "figure fleet_flips"]))

    # ---- J3: the gulf between the contested designs
    gulf, pairs = t["widest_gulf"], t["contested_gulf"]
    contested_designs = list(p["contested_designs"])
    contested = [(contested_designs[0], d) for d in contested_designs[1:]]
    flips = t["contested_gulf_flip"].set_index("pair").swapped_x_ram
    level = p["gulf_level_percent"]
    widest = gulf.loc[gulf.gulf_bytes_per_entry.idxmax()]
    widest_ram = gulf.loc[gulf.gulf_percent_of_ram.idxmax()]
    pr = pairs.set_index(["rule", "pair", "widest"])
    head_pair = f"{contested[0][0]} vs {contested[0][1]}"
    host_rules = [r.name for r in rules if r.factor in (1.0, 2.0)]
    head_flip = float(flips[head_pair])
    sparse_slots, sparse_pages = 2 ** 21, 64  # 64 entries scattered over an 8 GiB space's 4096 clusters: ~1 per cluster
    sparse = capacity.added_metadata(contested_designs, sparse_slots, sparse_pages, states=("zswap",),
                                     placements=("random",)).set_index("design").bytes_per_page
    sparse_gulf = {(x, y): float(sparse[x] - sparse[y]) for x, y in contested}
    out.append(make_answer(
        NOTEBOOK, "J3",
        "At its widest the gulf is large, and it is not a fleet case: with about one live zswap entry per cluster (a "
        "space that filled and drained, leaving survivors scattered; notebook 04's sparse occupancy, 4.26) a used entry "
        "costs " + ", ".join(f"{d} {sparse[d] / 1024:.1f} KiB" for d in contested_designs)
        + f", so {contested[0][0]} is dearer by "
        + ", ".join(f"{sparse_gulf[(x, y)] / 1024:.1f} KiB against {y}" for x, y in contested)
        + f" per entry, {sparse_gulf[contested[0]] / 4096:.1f}x the page it describes. On the assumed fleet mix (no "
        "published gulf figure exists, so this verdict rests on assumed inputs), where a steady swap fills clusters in "
        f"order, it is small: devices sized {fleet_rule}, {contested[0][0]} "
        f"against {contested[0][1]} is at most {pr.loc[(fleet_rule, head_pair, 'per entry'), 'gulf_bytes_per_entry']:.0f} B per "
        f"used entry (a {pr.loc[(fleet_rule, head_pair, 'per entry'), 'backend']} host, "
        f"{pr.loc[(fleet_rule, head_pair, 'per entry'), 'dearer']} dearer) and "
        f"{pr.loc[(fleet_rule, head_pair, 'share of RAM'), 'gulf_percent_of_ram']:.2f} % of RAM at the widest host of the draw "
        f"(a host at the top of the assumed {cold_lo:.0%}-{cold_hi:.0%} swapped range: the share of RAM scales with the "
        "swapped share, and w changes how many hosts of each kind there are, not the widest); "
        + "; ".join(f"{x} against {y} at most {pr.loc[(fleet_rule, f'{x} vs {y}', 'per entry'), 'gulf_bytes_per_entry']:.0f} B and "
                    f"{pr.loc[(fleet_rule, f'{x} vs {y}', 'share of RAM'), 'gulf_percent_of_ram']:.2f} %" for x, y in contested[1:])
        + (f"; at 2x RAM {head_pair} {pr.loc[('2x RAM', head_pair, 'per entry'), 'gulf_bytes_per_entry']:.0f} B and "
           f"{pr.loc[('2x RAM', head_pair, 'share of RAM'), 'gulf_percent_of_ram']:.2f} %" if "2x RAM" in host_rules else "")
        + f". On a host without zswap (every swapped page on the device) it reaches {level:g} % of RAM only "
        f"when more than {head_flip:.2f}x RAM is swapped"
        + (f", more than a {fleet_rule} device holds" if head_flip > rule_factor else "")
        + ". The widest gulf over all "
        f"designs and all sizing rules, {widest.gulf_bytes_per_entry:.0f} B per entry ({widest.dearest} against "
        f"{widest.cheapest}) and {widest_ram.gulf_percent_of_ram:.2f} % of RAM ({widest_ram.dearest} against "
        f"{widest_ram.cheapest}), is made by a static device sized {widest.rule}, not by the descriptor: {widest.rule} is "
        "the size p4-rfc-ghost advertises (it pays nothing per advertised slot), and a static device that large is "
        "nobody's proposal.",
        _finite([Value(float(pr.loc[(fleet_rule, head_pair, "per entry"), "gulf_bytes_per_entry"]), "B per used entry", f"{head_pair}, {fleet_rule}, widest host"),
                 Value(float(pr.loc[(fleet_rule, head_pair, "share of RAM"), "gulf_percent_of_ram"]), "% of RAM", f"{head_pair}, {fleet_rule}, widest host"),
                 Value(float(pr.loc[(fleet_rule, head_pair, "per entry"), "fleet_mean_gulf_bytes"]), "B per used entry", f"{head_pair}, {fleet_rule}, fleet mean"),
                 Value(head_flip, "x RAM swapped", f"{head_pair} reaches {level:g} % of RAM, host without zswap")]
                + [Value(float(pr.loc[(fleet_rule, f"{x} vs {y}", "per entry"), "gulf_bytes_per_entry"]), "B per used entry", f"{x} vs {y}, {fleet_rule}")
                   for x, y in contested[1:]]
                + [Value(float(sparse[d]), "B per used entry", f"{d}, zswap, about one entry per cluster") for d in contested_designs]
                + [Value(sparse_gulf[(x, y)], "B per used entry", f"{x} vs {y}, about one entry per cluster") for x, y in contested]
                + [Value(float(widest.gulf_bytes_per_entry), "B per used entry", f"widest over all designs, {widest.rule} (secondary)"),
                   Value(float(widest_ram.gulf_percent_of_ram), "% of RAM", f"widest over all designs, {widest_ram.rule} (secondary)")]),
        fleet_basis + f" Every sizing rule of data/capacity/ceilings.toml applied to every host; a {level:g} % "
        "of RAM threshold for 'giant' is this answer's reading, not the seed's. The sparse case: "
        f"{sparse_pages} zswap entries placed at random over a {sparse_slots // 512}-cluster space "
        "(swapmodel.analysis.capacity.added_metadata), each paying its cluster's allocation; how often hosts reach it "
        "is not measured.",
        fleet_checked + " Rows: the published per-entry figures the contested gulf is made of, each priced with the full "
        "ledger (swap layer) in its own case; they test its parts, not the gulf: no published gulf is in data/.",
        validation=capacity.claim_validation(claims, ["chris-vswap-dynamic", "kairui-rfc-ghost-zswap",
                                                      "kairui-rfc-ghost-rmap", "chris-redirect-dynamic"]),
        evidence=["table contested_gulf", "table contested_gulf_flip", "table widest_gulf", "table claims"]))

    # ---- J1: what the descriptor consolidates
    consolidation = t["consolidation"].set_index("state")
    zs, dk = consolidation.loc["zswap"], consolidation.loc["disk"]
    fields = t["consolidation_fields"]
    takes_over = {st: float(g[g.replaces != "(new state)"].descriptor_bytes.sum()) for st, g in fields.groupby("state")}
    struct_bytes = {st: float(g.descriptor_bytes.sum()) for st, g in fields.groupby("state")}
    lt_j1 = t["layer_split"].set_index(["design", "state"]).total_bytes
    nhat_entries = 8 * 2 ** 20  # 32 GiB of 4 KiB pages: his table's 8,388,608 entries
    v6_added_mib = float((lt_j1[("vswap-v6", "zswap")] - lt_j1[("linux-6.18", "zswap")]) * nhat_entries / MIB_BYTES)
    word = float(by_claim.loc["johannes-indirection-word", "published"])
    out.append(make_answer(
        NOTEBOOK, "J1",
        f"Field by field, a consolidation for zswap entries and only partly for disk entries: of vswap-v3's "
        f"{struct_bytes['zswap']:.0f} B descriptor fields, {takes_over['zswap']:.0f} B take over state linux-6.18 already "
        f"keeps for a zswap entry (zswap tree, swap table, swap_map, swap_cgroup, zeromap), and {takes_over['disk']:.0f} of "
        f"{struct_bytes['disk']:.0f} B for a disk entry (the slot field is new state there). In bytes, the "
        f"{zs.replaced_bytes:.1f} B of linux-6.18 state a zswap entry drops is {zs.replaced_bytes / zs.descriptor_struct_bytes:.0%} of "
        f"the {zs.descriptor_struct_bytes:.0f} B struct ({zs.replaced_bytes / zs.descriptor_allocated_bytes:.0%} of the "
        f"{zs.descriptor_allocated_bytes:.0f} B as allocated; the difference is allocator slack, not state), and the design "
        f"costs {zs.net_new_bytes:+.1f} B per zswap entry against linux-6.18. Per disk entry it drops {dk.replaced_bytes:.1f} B "
        f"and the physical device adds its reverse map, so the net is {dk.net_new_bytes:+.1f} B: {dk.net_new_bytes / word:.1f}x "
        f"Johannes Weiner's 'just a word' ({word:.0f} B), which is the descriptor's backend field alone. 'Mostly a "
        "consolidation' holds for zswap entries, not for disk entries. The 32 B 'as allocated': 512 descriptors of 24 B "
        "and the cluster header (about 12.4 KB) in one kvzalloc() (v3 09/20, vswap_alloc()); above KMALLOC_MAX_CACHE_SIZE "
        "(8 KiB) that is an order-2 16 KiB block, and its vmalloc fallback maps 4 pages too (12.4 KB does not fit in "
        "three), so every allocation path of vswap-v3 takes 16 KiB. vswap-v6 vzalloc()s the 24 B array apart from the "
        "header (read in the posted mm/vswap.c), three whole pages, so there it is 24 B per entry and every net above is "
        "8 B per entry smaller.",
        [Value(float(zs.replaced_bytes), "B per entry", "replaced, zswap"), Value(float(zs.net_new_bytes), "B per entry", "net new, zswap"),
         Value(float(dk.replaced_bytes), "B per entry", "replaced, disk"), Value(float(dk.net_new_bytes), "B per entry", "net new, disk"),
         Value(takes_over["zswap"], "B of descriptor fields", "taking over existing state, zswap"),
         Value(takes_over["disk"], "B of descriptor fields", "taking over existing state, disk"),
         Value(v6_added_mib, "MiB", "vswap-v6 minus linux-6.18, 32 GiB of zswap entries, full ledgers")],
        "Field-to-state mapping of data/capacity/consolidation.toml (the project's reading of the v3 cover); full ledgers "
        "on a full dense device (utilisation 1), so static per-slot state counts as replaced in full; the descriptor "
        "array's 16 KiB per cluster is what kvzalloc() takes on either path (order-2 pages or a 4-page vmalloc area).",
        "Descriptor size recomputed from the cover's field list (claim vswap-desc-v3); linux-6.18 component sizes from BTF. "
        "Rows: Johannes Weiner's word both as the field it names and as the per-disk-entry net his claim is read against; "
        "Nhat Pham's 40 MiB against vswap-v3 and vswap-v6 in the same scope (zswap bookkeeping on both sides).",
        validation=capacity.claim_validation(claims, ["vswap-desc-v3", "chris-vswap-dynamic", "nhat-disk-added"])
        + capacity.claim_validation(claims, ["johannes-indirection-word"], column="reproduced",
                                    what=" [model: the same field, vswap-v3's 8 B backend word, like for like]")
        + [Validation("data/claims/overhead.toml johannes-indirection-word (Johannes Weiner, 2025-11-25: 'just a word') "
                      "[model: vswap-v3's net bytes per disk entry over linux-6.18, table consolidation]",
                      word, float(dk.net_new_bytes), "B per entry")]
        + capacity.claim_validation(claims, ["nhat-zswap-added"], column="full_with_payload",
                                    what=" [model: vswap-v3, full ledgers with zswap bookkeeping on both sides, as his old-design ledger counts the zswap tree]")
        + [Validation("data/claims/overhead.toml nhat-zswap-added (Nhat Pham, 2026-02-08: 40 MB more for a full 32 GiB "
                      "of zswap entries), a vswap-v3 figure, against vswap-v6's 24 B vzalloc()ed descriptors, same "
                      "scope: a later posting's sizes, shown beside it, decides nothing (as in 4.6)",
                      float(by_claim.loc["nhat-zswap-added", "published"]), v6_added_mib, "MiB", resolves=False)],
        gap=f"Johannes Weiner's 'the actual indirection is just a word' ({word:.0f} B) is the descriptor's backend field, and "
            f"the model's field is the same {word:.0f} B; what a disk entry costs over linux-6.18 is {dk.net_new_bytes:.1f} B "
            f"({dk.net_new_bytes / word:.1f}x): the reverse map in the physical swap table and the descriptor fields that are "
            "new state for a disk entry. Leading hypothesis: the claim counts the indirection field and not the physical "
            "layer a disk entry still needs under it. Nhat Pham's 40 MiB (nhat-zswap-added) is reproduced exactly by his "
            "ledger (notebook 01); the full ledgers give "
            f"{float(by_claim.loc['nhat-zswap-added', 'full_with_payload']):.0f} MiB for vswap-v3, of which the descriptor as "
            "allocated (32 B against his 24 B) is 8 B x 8 Mi entries = 64 MiB. Resolution: his table prices sizeof() (24 B), "
            "not the allocation, and no allocation path of vswap-v3 gives less than 16 KiB per cluster; vswap-v6, which "
            "vzalloc()s the 24 B array apart (its changelog: 'wasted space from slab rounding', data/designs/structs.toml), "
            f"gives {v6_added_mib:.0f} MiB in the same scope, close to his figure: a later posting's sizes, so a "
            "coincidence to note, not a validation of the vswap-v3 claim.",
        evidence=["table consolidation", "table consolidation_fields", "table layer_split", "table claims"]))

    # ---- 4.19: where the metadata lives, per state
    fleet_designs = list(summary.index)
    lt = t["layer_split"].set_index(["design", "state"])
    memcg_ids = t["memcg_id_bytes"].memcg_id_bytes
    consolidated = t["consolidation_fields"]
    memcg_field = float(consolidated[(consolidated.state == "disk") & (consolidated.field == "memcgid")].descriptor_bytes.iloc[0])
    two_layer = ["p4-rfc-ghost", "vswap-v3", "vswap-ste-v2"]
    same_as_zero = all(abs(lt.loc[(d, "zero"), "total_bytes"] - lt.loc[(d, "swapcache"), "total_bytes"]) < 1e-9
                       for d in fleet_designs if (d, "zero") in lt.index and (d, "swapcache") in lt.index)
    out.append(make_answer(
        NOTEBOOK, "4.19",
        "Per used entry (full device): a zero page costs "
        + ", ".join(f"{d} {lt.loc[(d, 'zero'), 'total_bytes']:.1f} B" for d in fleet_designs if (d, "zero") in lt.index)
        + "; a page held only in the swap cache (an exclusive load's leftover) costs "
        + ("the same as a zero page in every design, since both keep only the entry" if same_as_zero
           else ": " + ", ".join(f"{d} {lt.loc[(d, 'swapcache'), 'total_bytes']:.1f} B" for d in fleet_designs
                                 if (d, "swapcache") in lt.index))
        + " (an exclusive load costs more than memory: the next reclaim of the clean page recompresses and re-stores "
        "it, a CPU and IO cost left to the time questions, issue 10). An incompressible page is not rejected on "
        "linux-6.18 while the memcg allows writeback: zswap_compress() stores it as-is, so it costs the zswap price ("
        + ", ".join(f"{d} {lt.loc[(d, 'zswap'), 'total_bytes']:.1f} B" for d in fleet_designs if (d, "zswap") in lt.index)
        + ") and a whole page in the pool until written back. With memory.zswap.writeback = 0 it is rejected and "
        "swap_writeout() returns AOP_WRITEPAGE_ACTIVATE: the folio goes back to the active LRU keeping its 4096 B page "
        "of RAM and, unless mem_cgroup_swap_full() (activate_locked in shrink_folio_list(), mm/vmscan.c v6.18), the "
        "swap slot and swap cache entry folio_alloc_swap() gave it before pageout, priced as a swap-cache entry ("
        + ", ".join(f"{d} {lt.loc[(d, 'swapcache'), 'total_bytes']:.1f} B" for d in fleet_designs
                    if (d, "swapcache") in lt.index)
        + "), and it is compressed again at every later reclaim attempt (CPU not priced here). A "
        "ghost device with no backing device (ghost-rfc) has no writeback at all, so every page zswap will not store "
        "stays resident, 4096 B each: the largest reject cost of any design. Only pages rejected for other reasons "
        "(pool limit, allocation failure) with writeback allowed go to the device: "
        + ", ".join(f"{d} {lt.loc[(d, st), 'total_bytes']:.1f} B" for d in fleet_designs
                    for st in (("disk",) if (d, "disk") in lt.index else ("writeback",)) if (d, st) in lt.index)
        + " (ghost-redirect: its written-back entry). Where it lives: the two-layer designs keep "
        + ", ".join(f"{d} {lt.loc[(d, 'disk'), 'bottom_bytes']:.1f} B" for d in two_layer)
        + " of a disk entry in the bottom (physical) layer, the reverse map and bitmaps; everything a zswap, zero or "
        "cache-only entry needs is on top, so putting metadata in the bottom layer pays only for disk entries, while the "
        "top layer must exist for every entry. Recording the memcg each entry is charged to costs, per used disk entry: "
        + ", ".join(f"{d} {memcg_ids[d]:.1f} B" for d in memcg_ids.index)
        + f" in separate tables (0 B: packed into another field, {memcg_field:.0f} B of vswap-v3/v6's descriptor or "
        "swap-table-p4-rfc's swap table entry); vswap-ste-v2 skips the physical memcg table for clusters that only back "
        "its virtual space (4.22), so a page it holds is recorded once. How the metadata itself is charged to the memory cgroup "
        "(whether a descriptor array or a dynamic cluster table allocated at swap-out is a memcg-accounted allocation, "
        "and to which memcg) is not answered here: it needs the GFP flags of each posted allocation (the issue's "
        "question 7.2).",
        [Value(float(lt.loc[(d, s), "total_bytes"]), "B per used entry", f"{d}, {s}") for d in ["linux-6.18", "vswap-v3", "vswap-ste-v2"]
         for s in ("zero", "disk")]
        + [Value(float(lt.loc[(d, "disk"), "bottom_bytes"]), "B per disk entry", f"{d}, bottom layer") for d in two_layer],
        "Full ledgers, full dense device; the swap-cache-only state priced as an entry with no backing; the reject "
        "path as read in linux-6.18's zswap_compress() (mm/zswap.c: 'save the content as is without a compression ... "
        "If writeback is disabled, reject the page') and swap_writeout() (mm/page_io.c); the postings' ghost devices "
        "are taken to follow it; CPU costs of exclusive loads and rejects are time questions (issue 10); the memcg charging of the metadata's own allocations "
        "is not computed.",
        "Per-state prices from BTF sizes and the postings' structures (notebook 01); linux-6.18 validated live (notebook "
        "03); rows: every published per-entry figure of data/claims/overhead.toml, full ledger (swap layer) in its own case.",
        status="partial",
        validation=capacity.claim_validation(claims, ["chris-dynamic", "kairui-rfc-plain", "kairui-rfc-ghost-zswap",
                                                      "kairui-rfc-ghost-rmap", "chris-redirect-dynamic",
                                                      "chris-vswap-dynamic", "p4-memcg-table-per-slot",
                                                      "p4-per-slot-dynamic"]),
        evidence=["table layer_split", "table memcg_id_bytes", "table consolidation_fields", "table claims"]))

    # ---- 6.3 (memory): the reverse map, its bytes and its reads and writes
    rmap = t["rmap_cost"]
    fleet_rmap_pct = capacity.rmap_percent_of_ram(per_host, float(rmap.loc["vswap-v3", "bytes_per_disk_entry"]))
    ops = t["rmap_operations"].set_index(["cluster_fill", "family"])
    chase, bit = "vswap-v3 and vswap-v5 (rmap chase)", "vswap-v6 (rmap bit)"
    fills = list(p["rmap_cluster_fills"])
    rmap_host_pct = float(rmap.loc["vswap-v3", "bytes_per_disk_entry"]) * cold_hi / PAGE_SIZE_BYTES * 100
    nhat_bottom = float((by_claim.loc["nhat-32g/disk, vswap/100%", "published"]
                         - by_claim.loc["nhat-32g/zswap, vswap/100%", "published"]) * MIB_BYTES / (8 * 2 ** 20))
    f_hi, f_mid = max(fills), min(fills, key=lambda f: abs(f - 0.9))
    out.append(make_answer(
        NOTEBOOK, "6.3",
        "The reverse map costs " + ", ".join(f"{d} {rmap.loc[d, 'bytes_per_disk_entry']:.2f} B" for d in rmap.index)
        + f" per disk-resident entry ({rmap.loc['vswap-v3', 'mib_per_gib_on_disk']:.1f} MiB per GiB on disk; zswap entries "
        f"pay nothing for it), so its share of RAM is that price times the disk-resident pages: on a host without zswap "
        f"swapping {cold_hi:.0%} of RAM, {rmap_host_pct:.3f} % of RAM; {fleet_rmap_pct:.3f} % averaged over the assumed "
        f"fleet mix (w = {mix_w:.2f}; it falls in proportion to w, to near 0 at w = 1). Nhat Pham's own table gives the "
        f"physical layer {nhat_bottom:.2f} B per disk entry (vswap-v3 disk minus zswap at 100 %), against the model's "
        f"bottom layer {float(lt.loc[('vswap-v3', 'disk'), 'bottom_bytes']):.2f} B. It is not used on swapoff and "
        "migration only. It is written twice per disk residency (vswap_rmap_set() when writeback or a reject allocates the "
        "physical slot, cleared when the slot is freed). In vswap-v3 (and vswap-v5, and the v4 posting, not in the catalogue) it "
        "is read by the physical allocator for every allocated slot its scan passes (cluster_scan_range() and "
        "swap_reclaim_full_clusters() -> swap_cache_only() -> swp_slot_to_swp_entry(), then the descriptor), where "
        "linux-6.18 compares one swap_map byte: "
        "modelled (this machine's measured cache latencies times a modelled count of checks, for a cluster whose slots "
        "are in use independently, i.e. a fragmented one; an input, not measured): "
        f"{ops.loc[(f_mid, chase), 'ns_per_check']:.0f} ns per check here against {ops.loc[(f_mid, bit), 'ns_per_check']:.1f} ns, "
        f"{ops.loc[(f_mid, chase), 'checks_per_allocation']:.0f} checks per order-0 allocation at a cluster fill of "
        f"{f_mid:g} ({ops.loc[(f_mid, chase), 'ns_per_allocation'] / 1000:.1f} us), "
        f"{ops.loc[(f_hi, chase), 'checks_per_allocation']:.0f} at {f_hi:g}, and all 512 slots of a full cluster per "
        f"reclaim scan once vm_swap_full() ({ops.loc[(f_mid, chase), 'ns_per_full_cluster_reclaim_scan'] / 1000:.0f} us). So "
        "for every physical allocation the reads outnumber the two writes once clusters are more than two-thirds full; "
        "vswap-v6's cache-only bit on the reverse-map entry (swap_rmap_mark_cache_only()) removed the chase, the reason it "
        "was added, at the cost of two atomic bit updates per cache-only episode.",
        [Value(float(rmap.loc[d, "bytes_per_disk_entry"]), "B per disk entry", d) for d in rmap.index]
        + [Value(fleet_rmap_pct, "% of RAM", "vswap-v3, fleet mean (assumed mix)"),
           Value(rmap_host_pct, "% of RAM", f"vswap-v3, host without zswap swapping {cold_hi:.0%} of RAM"),
           Value(2.0, "writes per disk residency", "vswap-v3 to vswap-v6"),
           Value(float(ops.loc[(f_mid, chase), "checks_per_allocation"]), "reads per physical allocation (modelled)",
                 f"vswap-v3 (and v4-v5), cluster fill {f_mid:g}, slots in use independently"),
           Value(float(ops.loc[(f_mid, chase), "ns_per_check"]), "ns per read (modelled)", "vswap-v3 (and v4-v5): reverse map and descriptor"),
           Value(float(ops.loc[(f_mid, bit), "ns_per_check"]), "ns per read (modelled)", "vswap-v6 (cache-only bit)"),
           Value(nhat_bottom, "B per disk entry", "Nhat Pham's table: vswap-v3 physical layer")],
        fleet_basis + " Full dense physical device; reads per allocation for a cluster whose slots are in use "
        "independently (a fragmented device), scanned forward from a free slot; the descriptor at L3.",
        "Reverse-map structures as posted (vswap-rfc-v1 XArray, vswap-v3/vswap-v6 and vswap-ste-v2 swap table reuse), "
        "sizes from BTF; the allocator's calls read in vswap-v3 PATCH 13/20 "
        "(https://lore.kernel.org/all/20260208215839.87595-14-nphamcs@gmail.com/, mm/swapfile.c) and the vswap-v6 and "
        "vswap-ste-v2 cache-only bit in the posted mm/swap_table.h and mm/vswap.c; row: the reverse map's 8 B in Kairui "
        "Song's swap-table-p4-rfc cover (p4-rfc-ghost: 24 B with it, 16 B without).",
        part="memory",
        validation=[Validation("data/claims/overhead.toml nhat-32g/disk, vswap/100% - nhat-32g/zswap, vswap/100% (Nhat "
                               "Pham, vswap-v3 cover: 259 - 193 MiB over 8,388,608 entries, his price of the physical "
                               "layer) [model: vswap-v3's bottom layer per disk entry, table layer_split]",
                               nhat_bottom, float(lt.loc[("vswap-v3", "disk"), "bottom_bytes"]), "B per disk entry"),
                    Validation("data/claims/overhead.toml kairui-rfc-ghost-rmap - kairui-rfc-ghost-zswap (Kairui Song, "
                               "swap-table-p4-rfc cover, p4-rfc-ghost: 24 B 'only if including reverse mapping', 16 B without)",
                               float(by_claim.loc["kairui-rfc-ghost-rmap", "published"]
                                     - by_claim.loc["kairui-rfc-ghost-zswap", "published"]),
                               float(rmap.loc["p4-rfc-ghost", "bytes_per_disk_entry"]), "B per disk entry")],
        evidence=["table rmap_cost", "table rmap_operations", "table layer_split",
                  "table fleet_hosts", "table claims"]))

    # ---- 6.8 and 4.16: sizing a ghost device
    pool, pool_hi = min(p["ghost_pool_percents"]), max(p["ghost_pool_percents"])
    sizes, gflips = t["ghost_sizing"], t["ghost_flips"]
    ghost20 = sizes[sizes.pool_percent == pool].set_index("rule")
    ghost_hi = sizes[sizes.pool_percent == pool_hi].set_index("rule")
    gflip = gflips[gflips.pool_percent == pool].set_index("rule")
    gflip_hi = gflips[gflips.pool_percent == pool_hi].set_index("rule")

    def ok(g):
        return [r for r in g.index if g.loc[r, "runs_out_share"] < 0.05 and g.loc[r, "unusable_share_mean"] < 0.5]

    ok_rules, ok_hi = ok(ghost20), ok(ghost_hi)
    demand_fails = [r for r in ghost20.index if ghost20.loc[r, "runs_out_at_drawn_demand_share"] > 0]
    ghost_note = (" The mix's compression ratios are an assumption (measured classes from zram on this kernel, "
                  "Google's fleet figure, a lognormal spread); table ghost_flips gives each rule's ratio, the input the "
                  "verdict turns on. '3x memory' is vswap-ste-v5's reported OVERCOMMIT_GUESS limit (secondary), an "
                  "overcommit bound and not anyone's device size: it is shown for scale only.")
    out.append(make_answer(
        NOTEBOOK, "6.8",
        f"At the mix's own demand ({cold_lo:.0%}-{cold_hi:.0%} of RAM swapped) a ghost device runs out early only where "
        "the demand exceeds its slots: "
        + ", ".join(f"{r} on {ghost20.loc[r, 'runs_out_at_drawn_demand_share']:.0%} of hosts" for r in ghost20.index)
        + (f" (so no rule from {min(ghost20.loc[r, 'factor'] for r in ghost20.index if r not in demand_fails):g}x RAM up "
           "ever runs out there)" if demand_fails else " (none runs out)")
        + ". What a factor k decides is the capacity mismatch under unbounded pressure (demand beyond the device): with "
        f"zswap's pool at {pool} % of RAM, a k x RAM ghost device runs out of slots before the pool fills on every host whose "
        "pages compress better than a ratio fixed by k, "
        + ", ".join(f"{r} above {gflip.loc[r, 'runs_out_above_ratio']:.2f}:1" for r in gflip.index)
        + ", and below that ratio it advertises swap it can never use (late OOM, misleading free(1)). Over the mix's "
        "ratios (mismatch / mean share never usable): "
        + ", ".join(f"{r} {ghost20.loc[r, 'runs_out_share']:.0%} / {ghost20.loc[r, 'unusable_share_mean']:.0%}" for r in ghost20.index)
        + ". The pool is the input the ranking turns on: at "
        f"{pool_hi} % (users of a ghost device raise max_pool_percent) the ratios fall to "
        + ", ".join(f"{r} {gflip_hi.loc[r, 'runs_out_above_ratio']:.2f}:1" for r in gflip_hi.index)
        + f" and 1:1 mismatches on {ghost_hi.loc['1:1', 'runs_out_share']:.0%} of hosts "
        f"(2x RAM {ghost_hi.loc['2x RAM', 'runs_out_share']:.0%}). "
        + (f"At {pool} %, {', '.join(ok_rules)} mismatches on fewer than 5 % of hosts while leaving less than half unusable"
           if ok_rules else f"At {pool} % no rule mismatches on fewer than 5 % of hosts while leaving less than half unusable")
        + (f"; at {pool_hi} %, {', '.join(ok_hi)}." if ok_hi else f"; at {pool_hi} % none does."),
        [Value(float(ghost20.loc[r, "runs_out_at_drawn_demand_share"]), "share of hosts", f"{r}: runs out early at the drawn demand")
         for r in ghost20.index]
        + [Value(float(gflip.loc[r, "runs_out_above_ratio"]), "compression ratio", f"{r}: mismatch above, pool {pool} %") for r in gflip.index]
        + [Value(float(gflip_hi.loc[r, "runs_out_above_ratio"]), "compression ratio", f"{r}: mismatch above, pool {pool_hi} %")
           for r in gflip_hi.index]
        + [Value(float(ghost20.loc[r, "runs_out_share"]), "share of hosts", f"{r}: runs out before the pool fills under unbounded pressure")
           for r in ghost20.index]
        + [Value(float(ghost_hi.loc[r, "runs_out_share"]), "share of hosts", f"{r}: same, pool {pool_hi} %") for r in ghost_hi.index]
        + [Value(float(ghost20.loc[r, "unusable_share_mean"]), "share of advertised swap", f"{r}: never usable") for r in ghost20.index],
        fleet_basis + " A ghost device without writeback holds at most what zswap's pool holds; 'runs out early at the "
        "drawn demand' counts hosts whose cold share exceeds k and whose pool could hold more than k x RAM." + ghost_note,
        fleet_checked + " No published or measured ghost-device failure rate is in data/, so there is no validation row.",
        validation=[],
        evidence=["table ghost_sizing", "table ghost_flips"]))
    holdable = ghost20["median_holdable_x_ram"].iloc[0]
    out.append(make_answer(
        NOTEBOOK, "4.16",
        "With the compression ratio unknown there is no static answer: every fixed factor k is right at one ratio "
        f"only (pool {pool} %: 1:1 at {gflip.loc['1:1', 'runs_out_above_ratio']:.2f}:1, 2x RAM at "
        f"{gflip.loc['2x RAM', 'runs_out_above_ratio']:.2f}:1, 8x RAM at {gflip.loc[eight.name, 'runs_out_above_ratio']:.0f}:1), "
        "runs out before the pool fills above it and advertises swap that can never be used below it (over the mix's "
        f"assumed ratios 1:1 does the first on {ghost20.loc['1:1', 'runs_out_share']:.0%} of hosts and leaves "
        f"{ghost20.loc['1:1', 'unusable_share_mean']:.0%} unusable on average; sized to what the pool holds at the mix's "
        f"median ratio, {holdable:.2f}x RAM, it runs out on half of them by construction). The only size that needs no ratio "
        "is one that follows use: a ghost device grown cluster by cluster that reports only what it holds (a "
        "hypothetical: p4-rfc-ghost as posted advertises 8x RAM). It pays nothing per advertised slot, but "
        "total_swap_pages then tracks use, with two consequences: vm_swap_full() is true whenever its used clusters are "
        "more than half in use, so every read fault drops the swap cache and a clean disk-backed page reclaimed again "
        f"is rewritten ({cache_prices.loc['p4-rfc-ghost', 'write_saved_bytes_disk'] / 1024:.0f} KiB each; free for zswap "
        f"pages); and OVERCOMMIT_GUESS's largest single request falls from "
        f"{guess.loc[f'static, {eight.name}', 'guess_largest_request_x_ram']:g}x RAM (8x device) to "
        f"{grown_guess.loc[cold_lo, 'guess_largest_request_x_ram']:.2f}-{grown_guess.loc[cold_hi, 'guess_largest_request_x_ram']:.2f}x, "
        f"OVERCOMMIT_NEVER's CommitLimit from {guess.loc[f'static, {eight.name}', 'never_commit_limit_x_ram']:g}x to "
        f"{grown_guess.loc[cold_lo, 'never_commit_limit_x_ram']:.2f}-{grown_guess.loc[cold_hi, 'never_commit_limit_x_ram']:.2f}x "
        f"RAM at {cold_lo:.0%}-{cold_hi:.0%} swapped (4.17). free(1) then shows what is held, which answers Johannes "
        "Weiner's objection.",
        [Value(float(gflip.loc[r, "runs_out_above_ratio"]), "compression ratio", f"{r} right only at (pool {pool} %)")
         for r in ("1:1", "2x RAM", eight.name)]
        + [Value(float(holdable), "x RAM", "holdable at the median ratio"),
           Value(float(ghost20.loc["1:1", "runs_out_share"]), "share of hosts", "1:1 runs out before the pool fills"),
           Value(float(ghost20.loc["1:1", "unusable_share_mean"]), "share of advertised swap", "1:1 never usable"),
           Value(float(grown_guess.loc[share, "guess_largest_request_x_ram"]), "x RAM",
                 f"OVERCOMMIT_GUESS largest request, grown device, {share:.0%} of RAM swapped"),
           Value(float(grown_guess.loc[share, "never_commit_limit_x_ram"]), "x RAM",
                 f"OVERCOMMIT_NEVER CommitLimit, grown device, {share:.0%} of RAM swapped")],
        fleet_basis + ghost_note + " The grown device's rules are 4.17's (kernel v6.18).",
        fleet_checked + " Johannes Weiner (23 Feb 2026, https://lkml.iu.edu/hypermail/linux/kernel/2602.2/08585.html): "
        "'This makes free(1) output kind of useless ... how would a user choose this size? How would a distribution? "
        "The only limit is compression ratio, and you don't know this in advance.' No published or measured ghost "
        "sizing is in data/, so there is no validation row.",
        validation=[],
        evidence=["table ghost_flips", "table ghost_sizing", "table overcommit", "table swap_cache_prices"]))

    # ---- 4.2 and 4.11: static provisioning
    rule_pct = rule_cost.set_index(["rule", "design"]).percent_of_ram
    out.append(make_answer(
        NOTEBOOK, "4.2",
        "Static infrastructure costs at swapon whatever is used. At the sizes hosts use, "
        f"{one.name} and {two.name}: {rule_pct[(one.name, 'linux-6.18')]:.3f} % and {rule_pct[(two.name, 'linux-6.18')]:.3f} % of RAM "
        "for a linux-6.18 device or Chris Li's static ghost (ghost-rfc), "
        f"{rule_pct[(one.name, 'swap-table-p4')]:.4f} % and {rule_pct[(two.name, 'swap-table-p4')]:.4f} % for swap-table-p4, "
        f"against {rule_pct[(one.name, 'p4-rfc-ghost')]:.0f} % for a dynamic ghost (p4-rfc-ghost); at 8x RAM (the size p4-rfc-ghost advertises), "
        f"{rule_pct[(eight.name, 'linux-6.18')]:.2f} % for linux-6.18 or ghost-rfc and "
        f"{rule_pct[(eight.name, 'swap-table-p4')]:.3f} % for swap-table-p4. A static size cannot follow dynamic needs: a "
        f"{one.name} ghost device is the right size only for pages compressing {gflip.loc[one.name, 'runs_out_above_ratio']:.2f}:1 "
        f"at the default {pool} % pool ({gflip_hi.loc[one.name, 'runs_out_above_ratio']:.2f}:1 at {pool_hi} %; 8x RAM "
        f"{gflip.loc[eight.name, 'runs_out_above_ratio']:.0f}:1): above it runs out before the pool fills, below it "
        f"advertises swap it cannot use (over the project's assumed ratio mix, {ghost20.loc[one.name, 'unusable_share_mean']:.0%} "
        "unusable on average; 6.8); and the size sets vm_swap_full() and the "
        "overcommit limits (4.17). Per used entry a dynamic layout beats a static linux-6.18 device below the break-even "
        "utilisations of 6.1.",
        [Value(float(rule_pct[(r.name, d)]), "% of RAM", f"{d} at {r.name}") for r in (one, two) for d in
         ("linux-6.18", "swap-table-p4", "p4-rfc-ghost")]
        + [Value(float(rule_pct[(eight.name, d)]), "% of RAM", f"{d} at {eight.name} (the size p4-rfc-ghost advertises)")
           for d in ("linux-6.18", "swap-table-p4")]
        + [Value(float(gflip.loc[one.name, "runs_out_above_ratio"]), "compression ratio", f"{one.name} ghost device right-sized only at, pool {pool} %"),
           Value(float(gflip_hi.loc[one.name, "runs_out_above_ratio"]), "compression ratio", f"{one.name} ghost device right-sized only at, pool {pool_hi} %"),
           Value(float(ghost20.loc[one.name, "unusable_share_mean"]), "share of advertised swap", f"{one.name} ghost device never usable (assumed mix)")],
        "Full ledgers; static per-slot costs at swapon; 1:1 is Kairui Song's practice, 2x RAM a distribution's guidance "
        "(data/capacity/ceilings.toml); the fleet mix (assumed weights, synthetic compression classes on lzo-rle) only "
        "for the usable share. The live record's VmallocUsed + Slab rows count the allocations the ledger lists (they "
        "check its sizes, not its list); its MemFree rows are the independent reading and resolve only at 64 GiB, "
        "where they agree (smaller devices move MemFree less than the machine's other allocations do).",
        "Every published or measured static-overhead figure of data/ (rows below).",
        validation=static_rows,
        evidence=["table rule_cost", "table ghost_flips", "table ghost_sizing", "table ghost_demo", "table claims"]))
    out.append(make_answer(
        NOTEBOOK, "4.11",
        "Static sizing is possible but never right for the whole fleet: whatever one factor is chosen, a ghost device "
        f"either runs out before the pool fills or advertises swap it cannot use, and which one turns on a ratio nobody "
        f"knows in advance (6.8: 1:1 is right only at {gflip.loc['1:1', 'runs_out_above_ratio']:.2f}:1 with the {pool} % pool, "
        f"{gflip_hi.loc['1:1', 'runs_out_above_ratio']:.2f}:1 with {pool_hi} %; 2x RAM at "
        f"{gflip.loc['2x RAM', 'runs_out_above_ratio']:.2f}:1). "
        f"For a swap device the price of sizing for the worst host is small: "
        f"{rule_pct[(eight.name, 'linux-6.18')] / 8:.3f} % of RAM per 1x of RAM provisioned on linux-6.18 and "
        f"{rule_pct[(eight.name, 'swap-table-p4')] / 8:.4f} % on swap-table-p4. So it is operationally awkward (the size "
        "depends on the unknown compression ratio) rather than impossible; swap-table-p4 makes over-provisioning nearly "
        "free in memory (not in vm_swap_full() or overcommit, 4.17) and a dynamic ghost (p4-rfc-ghost) removes the question.",
        [Value(float(rule_pct[(eight.name, "linux-6.18")] / 8), "% of RAM per 1x RAM provisioned", "linux-6.18"),
         Value(float(rule_pct[(eight.name, "swap-table-p4")] / 8), "% of RAM per 1x RAM provisioned", "swap-table-p4"),
         Value(float(gflip.loc["1:1", "runs_out_above_ratio"]), "compression ratio", f"1:1 ghost device right-sized only at, pool {pool} %"),
         Value(float(gflip_hi.loc["1:1", "runs_out_above_ratio"]), "compression ratio", f"1:1 ghost device right-sized only at, pool {pool_hi} %"),
         Value(float(gflip.loc["2x RAM", "runs_out_above_ratio"]), "compression ratio", f"2x RAM ghost device right-sized only at, pool {pool} %")],
        fleet_basis + ghost_note, fleet_checked + " Rows: every published or measured static-overhead figure of data/.",
        validation=static_rows,
        evidence=["table rule_cost", "table ghost_flips", "table ghost_demo", "table claims"]))
    return out


ORDER = [("4.23", ""), ("4.28", ""), ("4.17", ""), ("4.21", ""), ("6.1", ""), ("4.4", ""), ("6.2", ""),
         ("4.8", "fleet"), ("J2", ""), ("J3", ""), ("J1", ""), ("4.19", ""), ("6.3", "memory"), ("6.8", ""),
         ("4.16", ""), ("4.2", ""), ("4.11", "")]
"""The answers in the order the notebook shows them."""
