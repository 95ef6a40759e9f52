"""The answers of notebook 01 (per-entry metadata overhead): 4.3, 4.6, 4.7, 4.8 (entry part), 4.22, 7.7.

Every number is read from the evaluated claims table (claims.csv: each published figure with the
value its own ledger reproduces, `full_swap_layer` and `full_with_payload` from the full ledgers of
data/designs/) or priced by `swapmodel.model.cost.per_state_table` on a full dense device; 7.7 reads
per_page_reach.csv (`swapmodel.analysis.per_page.goal_reach`: bytes per page of swap space against
used fraction, zswap share and placement).
"""

from __future__ import annotations

import pandas as pd

from swapmodel.analysis import per_page
from swapmodel.base.geometry import GIB_BYTES, MIB_BYTES, PAGE_SIZE_BYTES, SWAPFILE_CLUSTER_SLOTS, slots_from_gib
from swapmodel.model import breakeven
from swapmodel.model.cost import per_state_table
from swapmodel.report.answers import SCOPE_FULL_DENSE, Answer, Validation, Value, make_answer

NOTEBOOK = "01_entry_overhead"
SCOPE_PER_PAGE = "swap layer per page of swap space, full ledgers, dense placement, all on disk unless named"
TABLES = {"claims": None, "per_page_reach": None}


def answers(tables: dict[str, pd.DataFrame], params: dict) -> list[Answer]:
    """Answers 4.3, 4.6, 4.7, 4.8 (entry) and 4.22 from the claims table, 7.7 from it and the
    per-page table; `params` is unused (the answers price fixed cases: a full dense device, the
    designs each question names, the grid of per_page_reach)."""
    out = []
    by_id = tables["claims"].set_index("id")


    def claim(claim_id, column="full_with_payload"):
        return float(by_id.loc[claim_id, column])


    basis = ("Full ledgers of data/designs/ on x86-64, 4 KiB pages, 512-slot clusters, slab footprints from "
             "Linux 6.18.44; a dense device filled with pages in one state.")
    checked = ("Struct sizes against BTF of Linux 6.18.44 and static and zswap metadata against live runs "
               "(notebook 03); descriptor sizes computed from the posted field lists.")
    # One row per vswap posting with code: the question is about the concept, not vswap-v3 alone.
    postings = ("vswap-v3", "vswap-v6", "vswap-ste-v2")
    per_entry = per_state_table(["linux-6.18", "ghost-redirect", "swap-table-p2", "swap-table-p4", *postings],
                                folio_pages=1)  # full dense device
    redirect_inc, redirect_claim = claim("chris-redirect-additional"), claim("chris-redirect-additional", "published")
    desc_inc = claim("johannes-indirection-word")  # vswap-v3 minus linux-6.18 per disk entry, full ledgers
    redirect_total, base_total = per_entry.loc["ghost-redirect", "writeback"], per_entry.loc["linux-6.18", "disk"]
    ghost_slot = per_entry.loc["ghost-redirect", "zero"]  # the ghost slot alone (a zero page holds nothing else)
    # c(u) = a + b/u per used entry, both devices at the same used fraction u (swapmodel.model.breakeven)
    gr_price = {z: breakeven.entry_price("ghost-redirect", z) for z in (0.0, 1.0)}
    flip = {(d, z): breakeven.cheaper_range(gr_price[z], breakeven.entry_price(d, z)) for d in postings for z in (0.0, 1.0)}

    def flip_text(d, z):
        lo, hi = flip[(d, z)]
        return "never" if lo == hi else ("at every u" if lo == 0.0 and hi == 1.0 else f"above u = {lo:.3f}")

    ALLOC_NOTE = ("A vswap-v3 cluster object embeds descriptors[512] of 24 B and a header of about 112 B, about "
                  "12.4 KB (data/designs/structs.toml vswap_cluster@v3), allocated with kvzalloc() (v3 09/20, "
                  "vswap_alloc(), https://lore.kernel.org/all/20260208215839.87595-10-nphamcs@gmail.com/): above "
                  "KMALLOC_MAX_CACHE_SIZE (8 KiB) kmalloc takes an order-2 16 KiB block, and the vmalloc fallback maps "
                  "4 pages (16 KiB) too, so no path of v3 allocates less than 16 KiB; priced at 16 KiB.")

    def row(claim_id, column="full_with_payload", what=""):
        """A validation row: the published figure of `claim_id` against the model's full-ledger value."""
        r = by_id.loc[claim_id]
        model = {"reproduced": "model: the same field or struct, like for like", "full_swap_layer": "model: full ledger, swap layer",
                 "full_with_payload": "model: full ledger with zswap bookkeeping"}[column]
        return Validation(f"data/claims/overhead.toml {claim_id} ({r.who}, {r.date}: '{r.quote}'){what}; {model}",
                          float(r.published), float(r[column]), r.unit)

    def table_rows(prefix, what):
        """Every cell of a posted table (claim ids `prefix`*) against the full ledgers' swap layer (zswap's own
        zswap_entry and handle, which both designs keep and the tables leave out, not counted)."""
        return [row(c, "full_swap_layer", what)
                for c in by_id.index if c.startswith(prefix) and by_id.loc[c, "full_swap_layer"] == by_id.loc[c, "full_swap_layer"]]

    chris = by_id.loc["chris-redirect-additional"]
    disk_rows = "; ".join(f"{d} {per_entry.loc[d, 'disk']:.2f} B ({'cheaper' if redirect_total < per_entry.loc[d, 'disk'] else 'dearer'} "
                          f"by {abs(per_entry.loc[d, 'disk'] - redirect_total):.2f} B)" for d in postings)
    zswap_rows = ", ".join(f"{d} {per_entry.loc[d, 'zswap']:.2f} B" for d in postings)
    out.append(make_answer(
        NOTEBOOK, "4.3",
        f"No: per entry that ends up on a physical slot, the redirect (ghost-redirect) adds {redirect_inc:.1f} B over a "
        f"plain linux-6.18 disk entry with the full ledger, not Chris Li's {redirect_claim:.0f} B. The {redirect_claim:.0f} B "
        f"redirect field is in the ledger; the other {redirect_inc - redirect_claim:.1f} B is the second slot a "
        f"written-back entry holds (its ghost slot and its physical slot, {ghost_slot:.1f} B each), which his figure leaves "
        f"out (the leading hypothesis: he counts it as already paid). Whether that is cheaper than a descriptor depends on which posting of vswap-v3, vswap-v6 or vswap-ste-v2: on a full dense "
        f"device ghost-redirect costs {redirect_total:.2f} B per written-back entry against the disk entry of "
        f"{disk_rows}; per zswap entry (Chris Li's own case) {per_entry.loc['ghost-redirect', 'zswap']:.2f} B against "
        f"{zswap_rows}. The used fraction u is an input: ghost-redirect pays static bytes on two devices "
        f"({gr_price[0.0].per_provisioned_bytes:.2f} B per provisioned slot against "
        f"{breakeven.entry_price('vswap-v3', 0.0).per_provisioned_bytes:.2f} B for vswap-v3), so all on disk it is the "
        f"cheaper indirection only {flip_text('vswap-v3', 0.0)} against vswap-v3, {flip_text('vswap-v6', 0.0)} against "
        f"vswap-v6 and {flip_text('vswap-ste-v2', 0.0)} against vswap-ste-v2; all in zswap "
        f"{flip_text('vswap-v3', 1.0)}, {flip_text('vswap-v6', 1.0)} and {flip_text('vswap-ste-v2', 1.0)}.",
        [Value(redirect_inc, "B per entry", "ghost-redirect increment over a linux-6.18 disk entry, full ledger",
               design="ghost-redirect vs linux-6.18", quantity="extra bytes per written-back entry", scope=SCOPE_FULL_DENSE),
         Value(redirect_claim, "B per entry", "ghost-redirect increment, claimed (the redirect field)"),
         Value(desc_inc, "B per entry", "vswap-v3 increment over a linux-6.18 disk entry, full ledger",
               design="vswap-v3 vs linux-6.18", quantity="extra bytes per disk entry", scope=SCOPE_FULL_DENSE),
         Value(claim("vswap-desc-v3", "full_swap_layer"), "B per entry", "vswap-v3 descriptor alone, as allocated"),
         Value(redirect_total, "B per entry", "ghost-redirect total per redirected entry, full dense device"),
         Value(per_entry.loc["vswap-v3", "disk"], "B per entry", "vswap-v3 total per disk entry, full dense device",
               design="vswap-v3", quantity="bytes per disk entry", scope=SCOPE_FULL_DENSE),
         Value(base_total, "B per entry", "linux-6.18 total per disk entry, full dense device",
               design="linux-6.18", quantity="bytes per disk entry", scope=SCOPE_FULL_DENSE)]
        + [Value(per_entry.loc[d, s], "B per entry", f"{d} total per {s} entry, full dense device", design=d,
                 quantity=f"bytes per {s} entry", scope=SCOPE_FULL_DENSE)
           for d in ("vswap-v6", "vswap-ste-v2") for s in ("disk", "zswap")]
        + [Value(per_entry.loc["ghost-redirect", "zswap"], "B per entry", "ghost-redirect total per zswap entry, full dense device",
                 design="ghost-redirect", quantity="bytes per zswap entry", scope=SCOPE_FULL_DENSE)]
        + [Value(flip[(d, z)][0] if flip[(d, z)][0] < flip[(d, z)][1] else 1.0, "used fraction",
                 f"ghost-redirect cheaper than {d} above this u ({'all in zswap' if z else 'all on disk'}; 1: never)")
           for d in postings for z in (0.0, 1.0)],
        basis + " The redirect has no code: its full ledger (data/designs/ghost.toml) is the project's reading of the "
        "proposal, a ghost slot plus a 4 B redirect to a linux-6.18 physical slot. Used fraction: ghost device and "
        "physical device at the same u, per used entry c(u) = a + b/u (swapmodel.model.breakeven, as 6.1). " + ALLOC_NOTE,
        checked,
        validation=[row("chris-redirect-additional", what=": the redirect's increment over a plain linux-6.18 disk entry"),
                    Validation(f"data/claims/overhead.toml chris-redirect-additional ({chris.who}, {chris.date}: "
                               f"'{chris.quote}'): the increment of a written-back entry over the same entry before "
                               "writeback (its ghost slot already paid); model: ghost-redirect writeback minus its ghost "
                               "slot, full ledger", float(chris.published), redirect_total - ghost_slot, "B"),
                    row("chris-redirect-additional", "reproduced", what=": the redirect field alone (4 B in the full "
                        "ledger too: a field against a field, not the increment)"),
                    row("johannes-indirection-word", "full_swap_layer", what=": the descriptor's increment over a "
                        "linux-6.18 disk entry"),
                    row("johannes-indirection-word", "reproduced", what=": the descriptor's backend field alone (8 B "
                        "in vswap-v3's swp_desc, price-patch on v3 06/20: a field against a field)"),
                    row("vswap-desc-v3", "full_swap_layer", what=": the descriptor, struct against as allocated"),
                    row("chris-redirect-dynamic", what=": the redirect design's dynamic bytes per written-back entry "
                        "(the model's extra 8 B is the physical slot's swap-table word, which '8 + 4' leaves out)"),
                    row("chris-vswap-dynamic", "full_swap_layer", what=": vswap-v3's dynamic bytes per zswap entry")],
        gap=f"Chris Li's {redirect_claim:.0f} B and Johannes Weiner's 8 B each price one field (the model has the same "
            f"field, rows beside), not the entry: a written-back ghost-redirect entry holds a physical slot besides its "
            f"ghost slot ({redirect_inc - redirect_claim:.1f} B of linux-6.18 per-slot metadata: swap table 8 B, "
            "swap_cgroup 2 B, swap_map 1 B, zeromap and cluster info), and vswap-v3's descriptor adds the rest of its "
            f"24 B struct, its 16 KiB cluster allocation and the physical device's reverse map ({desc_inc:.1f} B in all). "
            "The leading hypothesis is that Chris Li counts the physical slot as already paid (the writeback target "
            "exists anyway) and that neither figure was meant as a full per-entry increment.",
        evidence=["table claims", "table bytes_per_state", "figure overhead_minus_reference"]))
    v6_zswap_mib = (per_entry.loc["vswap-v6", "zswap"] - per_entry.loc["swap-table-p2", "zswap"]) * slots_from_gib(32) / MIB_BYTES
    nhat = by_id.loc["nhat-zswap-added"]
    # sparse occupancy: one entry per 512-slot cluster on average, spread at random over 32 GiB
    sparse = per_page.per_page_grid(["vswap-v3", "swap-table-p2"], 32, [1 / SWAPFILE_CLUSTER_SLOTS, 1.0], [0.0, 1.0],
                                    "random", ledgers=())
    sp = sparse.set_index(["design", "zswap_share", "used_fraction"])["swap_B_per_used_page"]
    sp_tot = sparse.set_index(["design", "zswap_share", "used_fraction"])["with_zswap_B_per_page"]
    u1 = 1 / SWAPFILE_CLUSTER_SLOTS
    sparse_disk = sp[("vswap-v3", 0.0, u1)] - sp[("swap-table-p2", 0.0, u1)]
    sparse_disk_mib = (sp_tot[("vswap-v3", 0.0, u1)] - sp_tot[("swap-table-p2", 0.0, u1)]) * slots_from_gib(32) / MIB_BYTES
    dense_disk = per_entry.loc["vswap-v3", "disk"] - per_entry.loc["swap-table-p2", "disk"]
    out.append(make_answer(
        NOTEBOOK, "4.6",
        f"Not per swapped page. Nhat Pham's +{claim('nhat-zswap-added', 'published'):.0f} MiB (zswap) and "
        f"+{claim('nhat-disk-added', 'published'):.0f} MiB (disk) for vswap-v3 over swap-table-p2 on a full 32 GiB "
        f"swap space reproduce from his ledger (nhat-v3); the full ledgers give +{claim('nhat-zswap-added'):.0f} MiB and "
        f"+{claim('nhat-disk-added'):.0f} MiB ({claim('nhat-zswap-added-percent'):.2f} % and "
        f"{claim('nhat-disk-added-percent'):.2f} % of the swap space). In MiB on that device a full, dense disk device is "
        f"the largest difference, but per swapped page it is not the worst case: with one entry per 512-slot cluster "
        f"spread at random (sparse occupancy), vswap-v3 costs {sparse_disk:.0f} B more per disk entry than swap-table-p2 "
        f"(every touched cluster allocates its 16 KiB cluster object), against {dense_disk:.1f} B on the full dense device "
        f"(+{sparse_disk_mib:.0f} MiB for {slots_from_gib(32) * u1 / 1024:.0f} Ki entries on 32 GiB). The zswap "
        f"difference misses his figure because of the allocation, not the struct: v3's 24 B descriptors sit in 16 KiB "
        f"cluster objects by every allocation path; vswap-v6, which vzalloc()s the 512 descriptors apart from the header, "
        f"gives +{v6_zswap_mib:.0f} MiB, about his figure.",
        [Value(claim("nhat-zswap-added"), "MiB", "vswap-v3 - swap-table-p2, zswap, full ledgers incl. zswap bookkeeping"),
         Value(claim("nhat-disk-added"), "MiB", "vswap-v3 - swap-table-p2, disk, full ledgers"),
         Value(claim("nhat-zswap-added-percent"), "% of swap", "vswap-v3 - swap-table-p2, zswap, full ledgers"),
         Value(claim("nhat-disk-added-percent"), "% of swap", "vswap-v3 - swap-table-p2, disk, full ledgers"),
         Value(v6_zswap_mib, "MiB", "vswap-v6 - swap-table-p2, zswap, full 32 GiB, full ledgers incl. zswap bookkeeping"),
         Value(sparse_disk, "B per entry", "vswap-v3 - swap-table-p2 per disk entry, one entry per cluster at random",
               design="vswap-v3 vs swap-table-p2", quantity="extra bytes per disk entry",
               scope="swap layer, sparse occupancy (one entry per 512-slot cluster, random placement)"),
         Value(dense_disk, "B per entry", "vswap-v3 - swap-table-p2 per disk entry, full dense device",
               design="vswap-v3 vs swap-table-p2", quantity="extra bytes per disk entry", scope=SCOPE_FULL_DENSE),
         Value(sparse_disk_mib, "MiB", "vswap-v3 - swap-table-p2, disk, 32 GiB at one entry per cluster at random")],
        basis + " 32 GiB swap, 100 % used, vswap-v3 against swap-table-p2; the sparse case prices expected cluster "
        "occupancy at random placement (swapmodel.analysis.per_page.per_page_grid), 1/512 used: an adversarial placement "
        "for vswap-v3, whose allocator packs entries into per-CPU clusters; how sparse real occupancy gets is notebook "
        "04's question. " + ALLOC_NOTE, checked,
        validation=[row(c) for c in ("nhat-zswap-added", "nhat-zswap-added-percent", "nhat-disk-added",
                                     "nhat-disk-added-percent")]
        + table_rows("nhat-32g/", ": a cell of his 32 GB table")
        + [Validation(f"data/claims/overhead.toml nhat-zswap-added ({nhat.who}, {nhat.date}: '{nhat.quote}'), a vswap-v3 "
                      "figure, against vswap-v6 (its 512 descriptors vzalloc()ed, 12 KiB, without the slab rounding his "
                      "v6 changelog removes): model: full ledger with zswap bookkeeping", float(nhat.published),
                      v6_zswap_mib, "MiB", resolves=False)],
        gap=f"The zswap difference is {claim('nhat-zswap-added') / claim('nhat-zswap-added', 'published'):.1f}x Nhat "
            "Pham's: his ledger prices sizeof(struct swp_desc), 24 B, not the allocation. v3's cluster object, 512 "
            "descriptors and a header of about 112 B (about 12.4 KB), takes 16 KiB by both of kvzalloc()'s paths (an "
            "order-2 kmalloc block, or 4 vmalloc'd pages plus vm_struct and vmap_area), so 32 B per entry as allocated "
            "(+8 B, +64 MiB on 32 GiB); his v6 changelog ('wasted space from slab rounding', "
            "https://lore.kernel.org/all/20260505153854.1612033-1-nphamcs@gmail.com/) concedes it, and vswap-v6 "
            f"reproduces his figure (+{v6_zswap_mib:.0f} MiB, unresolved row). The rest is swap-table-p2's zswap tree, "
            "9.3 B per entry in XArray nodes against his 8 B (-1.3 B). The disk difference is within 2x.",
        evidence=["table claims", "table bytes_per_state", "figure claimed_vs_full_zswap", "figure claimed_vs_full_disk"]))
    dyn_extra = claim("chris-vswap-dynamic") - claim("chris-dynamic")
    total_extra = dyn_extra - claim("chris-static")  # vswap-v3 pays no static per-slot state: 4.1's scope
    v3_flip = {z: breakeven.cheaper_range(breakeven.entry_price("vswap-v3", z), breakeven.entry_price("linux-6.18", z))[1]
               for z in (0.0, 1.0)}
    out.append(make_answer(
        NOTEBOOK, "4.7",
        f"Priced on the same scope with the full ledgers, per zswap entry: linux-6.18's '8 dynamic' is "
        f"{claim('chris-dynamic', 'full_swap_layer'):.1f} B in the swap layer and {claim('chris-dynamic'):.1f} B with "
        f"zswap's bookkeeping (zswap_entry, handle, zswap tree XArray nodes); vswap-v3's '24 dynamic' is "
        f"{claim('chris-vswap-dynamic', 'full_swap_layer'):.1f} B and {claim('chris-vswap-dynamic'):.1f} B (the swap-layer "
        f"pair is not like for like: vswap-v3's descriptor holds the zswap_entry pointer that replaces linux-6.18's zswap "
        f"tree, which the 8.0 B leaves out; the with-bookkeeping pair counts both); ghost-redirect's '8 + 4' is "
        f"{claim('chris-redirect-dynamic'):.0f} B per written-back entry, the 8 B more being the physical slot's swap-table "
        f"word that '8 + 4' omits. '3 static' is {claim('chris-static'):.2f} B per provisioned slot of linux-6.18. So "
        f"vswap-v3 adds {dyn_extra:.1f} B of dynamic bytes per zswap entry over linux-6.18, not 16 B; counting "
        f"linux-6.18's static bytes too, a full device differs by {total_extra:.1f} B per used entry, and the static term "
        f"decides at lower use: vswap-v3 costs less per used entry than linux-6.18 below u = {v3_flip[1.0]:.3f} of the "
        f"device all in zswap and below u = {v3_flip[0.0]:.4f} all on disk (u is an input; as 6.1).",
        [Value(claim("chris-static"), "B per slot", "linux-6.18 static, per provisioned slot"),
         Value(claim("chris-dynamic", "full_swap_layer"), "B per entry", "linux-6.18 dynamic per zswap entry, swap layer"),
         Value(claim("chris-dynamic"), "B per entry", "linux-6.18 dynamic per zswap entry, with zswap bookkeeping"),
         Value(claim("chris-vswap-dynamic", "full_swap_layer"), "B per entry", "vswap-v3 dynamic per zswap entry, swap layer"),
         Value(claim("chris-vswap-dynamic"), "B per entry", "vswap-v3 dynamic per zswap entry, with zswap bookkeeping"),
         Value(dyn_extra, "B per entry", "vswap-v3 - linux-6.18 per zswap entry, dynamic bytes only (full minus empty "
               "device), with zswap bookkeeping incl. XArray nodes", design="vswap-v3 vs linux-6.18",
               quantity="extra bytes per zswap entry", scope="dynamic bytes only (full minus empty device)"),
         Value(total_extra, "B per entry", "vswap-v3 - linux-6.18 per zswap entry, total per used entry of a full device "
               "(static bytes included), with zswap bookkeeping incl. XArray nodes", design="vswap-v3 vs linux-6.18",
               quantity="extra bytes per zswap entry", scope=SCOPE_FULL_DENSE),
         Value(claim("chris-redirect-dynamic"), "B per entry", "ghost-redirect dynamic per written-back entry"),
         Value(v3_flip[1.0], "used fraction", "vswap-v3 cheaper than linux-6.18 below this u, all in zswap"),
         Value(v3_flip[0.0], "used fraction", "vswap-v3 cheaper than linux-6.18 below this u, all on disk")],
        basis + " Dynamic bytes are the difference between a full and an empty 32 GiB device, per entry; the "
        "break-even u is c(u) = a + b/u per used entry (swapmodel.model.breakeven).", checked,
        validation=[row("chris-static"), row("chris-dynamic", "full_swap_layer"),
                    row("chris-vswap-dynamic", "full_swap_layer"),
                    row("chris-redirect-dynamic", what=" (the model's extra 8 B: the physical slot's swap-table word)"),
                    Validation("data/claims/overhead.toml chris-vswap-dynamic minus chris-dynamic (Chris Li, 2026-02-09: "
                               "'your 24 dynamic is a big jump' against '8 dynamic'): vswap-v3's extra dynamic bytes per "
                               "zswap entry", 24.0 - 8.0, dyn_extra, "B (full ledger, with zswap bookkeeping)")],
        evidence=["table claims", "figure claimed_vs_full_zswap", "figure overhead_minus_reference"]))
    kairui_ids = ["kairui-times-p3", "kairui-times-p4", "kairui-128g-vswap", "kairui-128g-p3", "kairui-128g-p4",
                  "nhat-disk-added", "nhat-disk-added-percent"]
    p4_disk = per_entry.loc["swap-table-p4", "disk"]
    times_p4 = {d: per_entry.loc[d, "disk"] / p4_disk for d in postings}
    kt = by_id.loc["kairui-times-p3"]
    out.append(make_answer(
        NOTEBOOK, "4.8",
        f"Per disk entry, against swap-table-p4 as merged (the fleet part's baseline), on a full dense device: vswap-v3 "
        f"uses {times_p4['vswap-v3']:.1f}x, vswap-v6 {times_p4['vswap-v6']:.1f}x and vswap-ste-v2 "
        f"{times_p4['vswap-ste-v2']:.1f}x the swap-layer metadata, so Kairui Song's 3-4x (10 Feb 2026, a vswap-v3 "
        f"figure) holds for vswap-v3 and vswap-v6 and not for vswap-ste-v2. Against the ledgers he used, vswap-v3 is "
        f"{claim('kairui-times-p3', 'full_swap_layer'):.1f}x swap-table-p3 and "
        f"{claim('kairui-times-p4', 'full_swap_layer'):.1f}x swap-table-p4-rfc, and "
        f"{claim('kairui-128g-vswap', 'full_swap_layer'):.2f} GiB on a full 128 GiB disk device against his 'about 1G' "
        f"(swap-table-p3 {claim('kairui-128g-p3', 'full_swap_layer'):.0f} MiB, swap-table-p4-rfc "
        f"{claim('kairui-128g-p4', 'full_swap_layer'):.0f} MiB). Whether the disk case is common is the fleet part "
        "(notebook 05, 4.8 fleet).",
        [Value(times_p4[d], "times", f"{d} / swap-table-p4 per disk entry, full dense device", design=f"{d} vs swap-table-p4",
               quantity="ratio of bytes per disk entry", scope=SCOPE_FULL_DENSE) for d in postings]
        + [Value(claim("kairui-times-p3", "full_swap_layer"), "times", "vswap-v3 / swap-table-p3"),
           Value(claim("kairui-times-p4", "full_swap_layer"), "times", "vswap-v3 / swap-table-p4-rfc"),
           Value(claim("kairui-128g-vswap", "full_swap_layer"), "GiB", "vswap-v3, full 128 GiB disk device")],
        basis + " Every page on disk, device 100 % used; swap layer only (no zswap bookkeeping on a disk entry).", checked,
        part="entry",
        validation=[Validation(f"data/claims/overhead.toml {i} ({by_id.loc[i, 'who']}, {by_id.loc[i, 'date']}: "
                               f"{by_id.loc[i, 'quantity']})", float(by_id.loc[i, "published"]),
                               claim(i, "full_swap_layer"), str(by_id.loc[i, "unit"])) for i in kairui_ids]
        + table_rows("kairui-32g/", ": a cell of his 32 GB table")
        + [Validation(f"data/claims/overhead.toml kairui-times-p3 ({kt.who}, {kt.date}: low end of '3 - 4', a vswap-v3 "
                      f"figure), against {d} / swap-table-p4, disk, full dense device: a later posting, shown",
                      float(kt.published), times_p4[d], "times", resolves=False) for d in ("vswap-v6", "vswap-ste-v2")],
        evidence=["table claims", "table bytes_per_state", "figure overhead_vs_utilisation"]))
    memcg_table_bytes = claim("ste-memcg-table-saving", "reproduced")  # SWAPFILE_CLUSTER x sizeof(unsigned short)
    memcg_id_bytes = claim("p4-memcg-table-per-slot", "reproduced")
    no_thp_cluster_slots = 256  # mm/swap.h (v6.18): SWAPFILE_CLUSTER 256 when !CONFIG_THP_SWAP
    clusters_per_gib = GIB_BYTES // (SWAPFILE_CLUSTER_SLOTS * PAGE_SIZE_BYTES)
    ste_writeback = per_entry.loc["vswap-ste-v2", "writeback"]
    per_entry_at = {k: memcg_table_bytes / k for k in (SWAPFILE_CLUSTER_SLOTS, 64, 1)}  # live entries per cluster
    k_flip = memcg_table_bytes / ste_writeback  # below this many live entries per cluster the waste exceeds the entry
    ste = by_id.loc["ste-memcg-table-saving"]
    out.append(make_answer(
        NOTEBOOK, "4.22",
        f"A swap-table-p4 memcg table is SWAPFILE_CLUSTER x {memcg_id_bytes:.0f} B per physical cluster: "
        f"{memcg_table_bytes:.0f} B with 512-slot clusters (CONFIG_THP_SWAP=y, x86-64 with 4 KiB pages, this project's "
        f"assumed build) and {no_thp_cluster_slots * memcg_id_bytes:.0f} B with 256 (CONFIG_THP_SWAP=n), the ~"
        f"{ste.published:.0f} B the vswap-ste-v2 cover states; the cover does not say its config. With no physical "
        f"device (zswap only) it wastes nothing. Where the physical device only receives zswap writeback (the case "
        f"patch 6 targets) the waste per written-back entry depends on how many live entries its cluster holds, an input: "
        f"{per_entry_at[SWAPFILE_CLUSTER_SLOTS]:.0f} B at a full cluster "
        f"({100 * per_entry_at[SWAPFILE_CLUSTER_SLOTS] / ste_writeback:.0f} % of vswap-ste-v2's {ste_writeback:.1f} B "
        f"per written-back entry), {per_entry_at[64]:.0f} B at 64 and {per_entry_at[1]:.0f} B at one; the table costs "
        f"more than the entry itself below {k_flip:.0f} live entries per cluster ("
        f"{memcg_table_bytes * clusters_per_gib / 1024:.0f} KiB per GiB of physical swap in use at full clusters). How "
        "full a writeback target's clusters are is not measured here; the one simulated operating point (4.27, "
        "page-at-a-time writeback in the steady state, report 04's written-back contiguity table) keeps its written-back "
        "entries in well-filled clusters, where "
        "the table costs a few bytes per entry.",
        [Value(memcg_table_bytes, "B per physical cluster", "swap-table-p4 memcg_table, as patch 6 of vswap-ste-v2 sizes it"),
         Value(no_thp_cluster_slots * memcg_id_bytes, "B per physical cluster",
               "swap-table-p4 memcg_table with 256-slot clusters (CONFIG_THP_SWAP=n)"),
         Value(memcg_id_bytes, "B per slot", "swap-table-p4 memcg_table"),
         Value(0.0, "B", "zswap only, no physical device: waste"),
         Value(memcg_table_bytes * clusters_per_gib / 1024, "KiB per GiB of physical swap",
               "zswap only with writeback to a physical device: waste, clusters in use"),
         Value(k_flip, "live entries per cluster", "below this the table costs more than a vswap-ste-v2 written-back entry")]
        + [Value(b, "B per written-back entry", f"waste at {k} live entries per physical cluster")
           for k, b in per_entry_at.items()],
        "Assumed build: 512 slots per cluster (SWAPFILE_CLUSTER = HPAGE_PMD_NR with CONFIG_THP_SWAP=y, x86-64, 4 KiB "
        "pages; 256 without CONFIG_THP_SWAP, mm/swap.h v6.18; arm64 with 16 or 64 KiB pages gives 4 or 16 KiB tables) "
        "and a 2-byte memcg id per slot, as patch 6 of vswap-ste-v2 sizes the table "
        "(https://lore.kernel.org/all/20260612193738.2183968-7-nphamcs@gmail.com/: 'wastes SWAPFILE_CLUSTER * "
        "sizeof(unsigned short) bytes per cluster ... where zswap writeback is the only consumer of physical swap'); "
        "how full the written-back clusters are is an input (notebook 04, section 8, measures it for the steady state).",
        "The swap-table-p4 cover's own 'That table size is acceptable (1024 bytes)' and patch 6's sizing. The cover's "
        "~512 B is the table at 256-slot clusters and half of it at 512: which build it priced is not known, so both "
        "rows are shown unresolved.",
        validation=[Validation(f"data/claims/overhead.toml ste-memcg-table-saving ({ste.who}, {ste.date}: '{ste.quote}'): "
                               "the table patch 6 skips; model: SWAPFILE_CLUSTER x 2 B at 512-slot clusters "
                               "(CONFIG_THP_SWAP=y)", float(ste.published), memcg_table_bytes, "B", resolves=False),
                    Validation(f"data/claims/overhead.toml ste-memcg-table-saving ({ste.who}, {ste.date}: '{ste.quote}'): "
                               "the table patch 6 skips; model: SWAPFILE_CLUSTER x 2 B at 256-slot clusters "
                               "(CONFIG_THP_SWAP=n)", float(ste.published), no_thp_cluster_slots * memcg_id_bytes, "B",
                               resolves=False),
                    row("p4-memcg-table-size", "reproduced", ": sizeof(struct swap_memcg_table)"),
                    row("p4-memcg-table-per-slot", "reproduced", ": per slot of a full cluster")],
        evidence=["table claims", "table bytes_per_state"]))
    if "per_page_reach" in tables:
        out.append(answer_7_7(tables["claims"], tables["per_page_reach"]))
    return out


# The published per-page figures of designs (data/claims/), each with the design and end of the
# range it prices: (claim id, design, "empty" or "full").
PER_PAGE_FIGURES = (
    ("lwn-before-7.0-static", "linux-6.18", "empty"), ("lwn-before-7.0-full", "linux-6.18", "full"),
    ("lwn-now-static", "swap-table-p3", "empty"), ("lwn-now-full", "swap-table-p3", "full"),
    ("lwn-zero-static", "swap-table-p4", "empty"), ("lwn-zero-static-max", "swap-table-p4", "full"),
    ("kairui-mm-stable-per-slot", "swap-table-p2", "full"), ("kairui-p3-per-slot", "swap-table-p3", "full"),
    ("kairui-p4-per-slot", "swap-table-p4-rfc", "full"), ("p4-per-slot-dynamic", "swap-table-p4", "full"),
    ("p4-static-per-slot", "swap-table-p4", "empty"),
)
GOAL_FIGURES = (("lwn-goal-max-3", "swap-table-p4"), ("kairui-rfc-plain-3", "swap-table-p4-rfc"),
                ("kairui-rfc-plain-1", "swap-table-p4-rfc"))
"""The stated goals, against what the design they start from costs at full use."""


def answer_7_7(claims: pd.DataFrame, reach: pd.DataFrame) -> Answer:
    """7.7: which design reaches the 0-3 B per page goal (LWN, 18 May 2026), at which used fraction
    and zswap share, and what it gives up; from per_page_reach.csv (swap layer per page of swap space,
    `swapmodel.analysis.per_page.goal_reach`) and the published figures of the claims table."""
    by_id = claims.set_index("id")
    full = reach[reach["ledger"] == "full"]
    dense = full[full["placement"] == "dense"]
    random = full[full["placement"] == "random"]

    def cell(design, column, z=0.0, frame=dense):
        r = frame[(frame["design"] == design) & (frame["zswap_share"] == z)]
        return float(r[column].iloc[0])

    coded_meeting = sorted(set(full.loc[full["meets_goal"], "design"]))
    best = dense[dense["zswap_share"] == 0.0].sort_values("full_B_per_page").iloc[0]
    zero_static = sorted(set(dense.loc[(dense["zswap_share"] == 1.0) & (dense["empty_B_per_page"] <= 0.5), "design"]))
    goals = reach[(reach["ledger"] != "full") & (reach["placement"] == "dense") & (reach["zswap_share"] == 0.0)]
    random_max = float(random["max_used_within_goal"].max())
    shares = sorted(set(dense["zswap_share"]))
    ste = [cell("vswap-ste-mm", "max_used_within_goal", z) for z in shares]
    p4, p4rfc, p3 = (cell(d, "max_used_within_goal") for d in ("swap-table-p4", "swap-table-p4-rfc", "swap-table-p3"))
    text = (
        f"No design with code reaches 0-3 B per page over the whole range ({len(coded_meeting)} of "
        f"{full['design'].nunique()} designs): each used slot still carries the 8 B swap table word, so at full use "
        f"the cheapest is {best['design']} at {best['full_B_per_page']:.2f} B per page and swap-table-p4 (the mm tree) "
        f"{cell('swap-table-p4', 'full_B_per_page'):.2f} B (its 2 B memcg id per slot included). The 0 B end is "
        f"reached: {', '.join(zero_static)} have at most 0.5 B per page empty (all in zswap, so a dynamic design has no "
        f"physical device; swap-table-p4 "
        f"{cell('swap-table-p4', 'empty_B_per_page'):.3f} B, its 48 B cluster info), before any swap activity: after it, "
        f"vswap-v3 and vswap-v6 keep each emptied cluster a CPU still caches, up to one 16 KiB cluster object per CPU, "
        f"a cost that scales with nr_cpus and is not priced here. The 3 B cap holds only at low "
        f"utilisation with entries packed cluster by cluster: up to {p4:.1%} used for swap-table-p4 at any zswap "
        f"share in the swap layer as the published figures count it (leaving out the zswap XArray, about 9.3 B per "
        f"zswap entry, whose job the descriptor field of vswap-v3 and vswap-v6 does: counting it, that reach holds at zswap share 0 only and shrinks as the "
        f"share grows), {p4rfc:.1%} for swap-table-p4-rfc, {p3:.1%} for swap-table-p3, and {min(ste):.1%}-{max(ste):.1%} "
        f"for vswap-ste-mm (all on disk to all in zswap); with entries spread at random it holds only up to "
        f"{random_max:.1%} used for any design, as every touched cluster allocates its tables. Only the stated "
        f"reductions reach the goal, without code: kairui-song-lsfmm-goal (3 B per used slot, no static bytes) and "
        f"Kairui Song's 3 or 1 B swap table entry of 20 Feb 2026. What it gives up: the dynamic designs reach the "
        f"0 B end by paying {cell('vswap-ste-mm', 'full_B_per_page', 1.0):.1f}-"
        f"{cell('vswap-ste-mm', 'full_B_per_page', 0.0):.1f} B per used page (vswap-ste-mm, zswap to disk) for the "
        f"indirection; the step from swap-table-p4's 10 B to 8 B waits on memcg refault tracking (LWN: 'requires more "
        f"data', the 2 B memcg id per slot); what a 3 B entry drops from the 8 B word (folio pointer, shadow, count) is not published.")
    values = [
        Value(float(best["full_B_per_page"]), "B per page", f"{best['design']}, full device, disk, swap layer",
              design=str(best["design"]), quantity="bytes per page of swap space, full", scope=SCOPE_PER_PAGE),
        Value(cell("swap-table-p4", "full_B_per_page"), "B per page", "swap-table-p4, full device, disk",
              design="swap-table-p4", quantity="bytes per page of swap space, full", scope=SCOPE_PER_PAGE),
        Value(cell("swap-table-p4", "empty_B_per_page"), "B per page", "swap-table-p4, empty device",
              design="swap-table-p4", quantity="bytes per page of swap space, empty", scope=SCOPE_PER_PAGE),
        Value(p4, "used fraction", "swap-table-p4: largest used fraction within 3 B per page, dense",
              design="swap-table-p4", quantity="largest used fraction within 3 B per page", scope=SCOPE_PER_PAGE),
        Value(p4rfc, "used fraction", "swap-table-p4-rfc: largest used fraction within 3 B per page, dense",
              design="swap-table-p4-rfc", quantity="largest used fraction within 3 B per page", scope=SCOPE_PER_PAGE),
        Value(p3, "used fraction", "swap-table-p3: largest used fraction within 3 B per page, dense",
              design="swap-table-p3", quantity="largest used fraction within 3 B per page", scope=SCOPE_PER_PAGE),
        Value(min(ste), "used fraction", "vswap-ste-mm: largest used fraction within 3 B per page, dense, all on disk",
              low=min(ste), high=max(ste)),
        Value(random_max, "used fraction", "any design: largest used fraction within 3 B per page, random placement"),
        Value(cell("vswap-ste-mm", "full_B_per_page", 1.0), "B per page", "vswap-ste-mm, full, all in zswap",
              design="vswap-ste-mm", quantity="bytes per page of swap space, full, all in zswap", scope=SCOPE_PER_PAGE),
        Value(float(len(coded_meeting)), "designs", "designs with code within 3 B per page at every used fraction"),
    ] + [Value(float(g["full_B_per_page"]), "B per page", f"{g['design']} / {g['ledger']} (stated, no code), full")
         for _, g in goals.iterrows()]

    def published(cid):
        r = by_id.loc[cid]
        return f"data/claims {cid} ({r.who}, {r.date}: '{r.quote}')", float(r.published)

    validation = []
    for cid, design, end in PER_PAGE_FIGURES:
        against, pub = published(cid)
        model = cell(design, f"{end}_B_per_page")
        # 'zero bytes' is printed to the unit: a model value within half a byte of it is zero
        zero = "; a published 0 counts as matched within 0.5 B (printed to the unit)" if pub == 0 else ""
        validation.append(Validation(against + f"; model: {design}, {end} device, disk, full ledger{zero}", pub, model,
                                     "B per page", floor=0.5 if pub == 0 else 0.0))
    for cid, design in GOAL_FIGURES:
        against, pub = published(cid)
        validation.append(Validation(against + f"; a goal, not a measurement: beside it {design} as posted, full "
                                     "device, disk", pub, cell(design, "full_B_per_page"), "B per page", resolves=False))
    against, pub = published("kairui-rfc-ghost-zswap-11")
    validation.append(Validation(against + "; a stated reduction, not a measurement: beside it p4-rfc-ghost as posted, "
                                 "per zswap entry, swap layer, full dense device", pub,
                                 cell("p4-rfc-ghost", "full_B_per_used_page", 1.0), "B per entry", resolves=False))
    return make_answer(
        NOTEBOOK, "7.7", text, values,
        f"Bytes per page = the swap layer's metadata over the pages of swap space ({reach['swap_gib'].iloc[0]:g} GiB; "
        "for a dynamic design, the "
        "swap space it is given), as LWN's 'between three and 11 bytes per page' counts it: the low end an empty "
        "device, the high end a full one; zswap's own bookkeeping (zswap_entry, handle: about 64 B per zswap page) is "
        "left out, as the published figures leave it out (per_page_reach.csv has it beside). Full ledgers of "
        "data/designs/ (x86-64, 4 KiB pages, 512-slot clusters, CONFIG_MEMCG=y); zswap shares 0, 0.25, 0.5, 0.75 "
        "and 1 (the rest on disk); used fraction resolved to 0.001; 'dense' packs entries cluster by cluster (the "
        "allocator's per-CPU clusters), 'random' spreads them; whole-cluster occupancy only: an empty cluster a CPU "
        "still caches (vswap-v3, vswap-v6: pinned_while_cached, data/designs/rules.toml) is not priced. LWN's 'before "
        "7.0' is linux-6.18 (swap-table-p2 was merged in 7.0; the two ledgers price a disk entry the same). vswap-ste-v5 carries vswap-ste-mm's ledger (secondary "
        "source only). The stated reductions are restated ledgers of the design they start from.",
        "Every published per-page figure of a design in data/claims (LWN of 18 May 2026 read in full; Kairui Song's "
        "per-slot figures of Feb and May 2026), the model's value beside each; the goals are shown, unresolved.",
        validation=validation, evidence=["table per_page_reach", "table claims", "figure bytes_per_page_goal"])
