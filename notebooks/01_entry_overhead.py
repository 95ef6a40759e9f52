# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 01 · Per-entry metadata overhead of every swap-entry design
#
# What each design in the swap-entry debate costs in kernel memory, on the same swap space, and
# what each published figure leaves out. Every number comes from `swapmodel`: the designs and
# their component sizes are in `data/designs/` (each with its source), the published claims in
# `data/claims/`, the model in `swapmodel.model.cost` (cost = design × occupancy).

# %% tags=["parameters"]
swap_gib: float = 32.0  # size of the swap space in the utilisation sweep (GiB) [0.001, 16777216]
used_points: int = 21  # number of used fractions from 0 to 1 in the sweep [2, 1001]
zswap_share: float = 0.5  # share of swapped pages in zswap for the mixed-backend panel (rest on disk) [0, 1]
designs: list = []  # designs shown in the sweep (empty: the whole catalogue) {designs}
placement: str = "dense"  # where entries sit: dense (packed) or random (spread over the space) {dense|random}
reference: str = "linux-6.18"  # design drawn in every panel for comparison {designs}
waterfall_states: list = ["zswap", "disk"]  # entry states priced in the claimed-vs-full waterfalls {states}
folio_pages: int = 16  # pages of the large folio in the per-state table [1, 512]
interactive: bool = True  # show the ipywidgets explorer (batch runs pass False)
out_dir: str = ""  # directory for figures and tables; empty writes nothing

# %%
import math

import numpy as np
import pandas as pd
from IPython.display import Markdown, display

from swapmodel.analysis import overhead as compare
from swapmodel.analysis import per_page
from swapmodel.report import plotting
from swapmodel.analysis.claims import evaluate_all, headline
from swapmodel.report.answers import AnswerSheet
from swapmodel.report.findings import entry_overhead as findings
from swapmodel.model import per_state_table
from swapmodel.sources import load_catalogue, load_related
from swapmodel.base import save_csv

plotting.style()
catalogue = load_catalogue()
shown = designs or list(catalogue)
used_fractions = np.linspace(0.0, 1.0, used_points)
pd.set_option("display.max_colwidth", 60)

# %% [markdown]
# ## The designs
# Date, status (posted, mm-tree, merged, with the release it was merged in), whether the entry
# rests on the design's own posting or code (basis primary) or only on a report of it (secondary),
# and the entry states each design supports. A design's full ledger lists every
# component it pays for; some also carry the ledger their author or a critic published.

# %%
display(pd.DataFrame(
    [{"design": d.name, "date": d.date, "status": d.status, "merged in": d.merged_in or "–", "basis": d.basis,
      "states": ", ".join(d.states),
      "claimed ledgers": ", ".join(d.claimed) or "–", "title": d.title} for d in catalogue.values()]
).set_index("design"))

# %% [markdown]
# ## Metadata against swap utilisation
# Total kernel metadata of the swap space as it fills, for a zswap-only, a disk-only and a mixed
# backend, one row of panels per design family, with the reference design (black, dotted) in every
# panel. Designs without disk slots (the ghost swapfile) are absent from the disk panels. The
# zswap entry and handle (64 B per page) that every design pays dominate the zswap panels; the
# table after the figure gives the totals at full use. A dynamic design's
# physical device is as large as the swap space when pages go to disk, and absent when all pages
# are in zswap.

# %%
display(Markdown(f"Swap space {swap_gib:g} GiB; reference design {reference}; mixed backend {zswap_share:.0%} zswap; "
                 f"{placement} placement."))
sweep = compare.utilisation_sweep(list(dict.fromkeys([*shown, reference])), swap_gib, used_fractions, compare.backend_mixes(zswap_share), placement=placement)
fig = plotting.overhead_vs_utilisation(sweep, reference, f"{swap_gib:g} GiB of swap, full ledgers, {placement} placement")
plotting.show(fig, out_dir, "overhead_vs_utilisation", f"Kernel metadata of {swap_gib:g} GiB of swap as it fills, one row of panels per design family and one column per backend, with {reference} dotted in every panel: a line under the dotted one costs less than {reference} at that utilisation. In the zswap column every design pays zswap's own entry and handle, so the lines lie close together; the next figure shows the differences.")
fig = plotting.overhead_vs_utilisation(sweep, reference, f"The same, as the difference from {reference}", minus_reference=True)
plotting.show(fig, out_dir, "overhead_minus_reference", f"Each design's metadata minus {reference}'s at the same backend and used fraction (the dotted zero line is {reference}): above zero a design costs more, below it less. ghost-rfc and ghost-redirect sit on the zero line: in zswap they keep linux-6.18's per-slot metadata, and they have no disk backend.")
if out_dir:
    save_csv(sweep, f"{out_dir}/overhead_vs_utilisation.csv")

# %% [markdown]
# At full use, per backend (MiB):

# %%
display(sweep[sweep["used_fraction"] == used_fractions[-1]]
        .pivot_table(index="design", columns="backend", values=["MiB"], sort=False).round(2))

# %% [markdown]
# ## Every published overhead figure, reproduced
# `reproduced` recomputes each claim from the ledger its case names: the claimant's own (from the
# same message or an earlier one) or the full one. `basis` says what a match is worth:
# `independent` (sizes that do not come from the claim: BTF, kernel source, a posted field list
# recomputed), `fitted` (a ledger solved from published totals, so a match shows consistency, not an
# independent reproduction), `restated` (the claimant's per-slot and per-entry figures multiplied
# out) or `measured`. `matches`: within +-5 % for a figure printed as approximate, else within half a
# unit of its last printed digit. `full_swap_layer` prices the same case with the full ledger, swap
# layer only; `full_with_payload` adds zswap_entry, its handle and the zswap tree where the design
# keeps one. Measurements quoted in the thread have no ledger; the model's prediction stands beside them.

# %%
claim_rows = evaluate_all()
claims = pd.DataFrame(claim_rows)
display(claims[["id", "who", "basis", "unit", "published", "reproduced", "full_swap_layer", "full_with_payload",
                "matches"]].set_index("id"))
display(Markdown(
    headline(claim_rows) + "\n\nNot reproduced:\n\n"
    + "\n".join(f"- `{r.id}`: {r.note}" for r in claims.itertuples() if r.matches is False)
))
if out_dir:
    save_csv(claims, f"{out_dir}/claims.csv")

# %% [markdown]
# ## What each claimed ledger leaves out
# For each claimed ledger: its bytes per swapped page (first bar), each component the full
# ledger prices differently (orange: left out or undercounted; green: overcounted), and the full
# total (last bar), for a device filled densely with pages in one state (one figure per state).
# Some claims price a component under another name (Nhat Pham's 8 B 'zswap tree' is an XArray of
# 9.32 B per entry in the full ledger): they show as one step down and one up.

# %%
def claimed_vs_full(state):
    pairs = [(d, led) for d, led in compare.claimed_ledgers(shown) if state in catalogue[d].states]
    cols = 3
    fig, axes = plotting.plt.subplots(math.ceil(len(pairs) / cols), cols, figsize=(5.6 * cols, 3.4 * math.ceil(len(pairs) / cols)),
                                      squeeze=False, layout="constrained")
    for ax, (design, ledger) in zip(axes.ravel(), pairs):
        plotting.waterfall(compare.ledger_gap(design, ledger, state), "claimed", "full", ax, f"{design}: claimed by {ledger}")
    for ax in axes.ravel()[len(pairs):]:
        ax.set_visible(False)
    fig.suptitle(f"Claimed against full ledger, pages in {state}")
    return fig


for state in waterfall_states:
    plotting.show(claimed_vs_full(state), out_dir, f"claimed_vs_full_{state}", f"Pages in {state}: from each claimed ledger's bytes per page (first bar), one bar per component the full ledger prices differently (orange: left out or undercounted; green: overcounted), to the full ledger's total (last bar).")

# %% [markdown]
# ## Bytes per page in each entry state
# A device filled densely with pages in one state: static metadata plus everything each entry
# needs. `unused slot` is an empty device per provisioned slot (for a dynamic design, its physical
# device). A large folio is stored page by page; Linux 6.12's zswap rejects large folios, so its
# zswap folio is priced on disk. NaN: the design has no such state.

# %%
states = per_state_table(shown, folio_pages=folio_pages)
display(states.round(2))
if out_dir:
    save_csv(states, f"{out_dir}/bytes_per_state.csv", index=True)

# %% [markdown]
# ## Reaching 0-3 bytes per page (question 7.7)
# LWN's report of Kairui Song's LSF/MM/BPF 2026 session (18 May 2026) gives the swap subsystem's
# overhead as "between three and 11 bytes per page", now "between two and ten", and a long-term cap
# of three. The measure is the swap layer's metadata over the pages of swap space: the low end an
# empty device, the high end a full one. The table gives, per design and zswap share (the rest on
# disk), bytes per page empty and full, and the largest used fraction up to which a design stays
# within 3 B, with entries packed cluster by cluster (dense) or spread at random. The stated
# reductions (no code) are ledgers of the design they start from (`ledger` other than full).

# %%
reach = pd.concat([per_page.goal_reach(list(catalogue), swap_gib, per_page.REACH_SHARES, p)
                   for p in ("dense", "random")], ignore_index=True)
display(reach[reach["zswap_share"].isin([0.0, 1.0])].set_index(["placement", "design", "ledger", "zswap_share"])
        .drop(columns=["full_with_zswap_B_per_page"]).round(3))
per_page_sweep = per_page.per_page_grid(shown, swap_gib, used_fractions, [0.0, zswap_share, 1.0], placement)
fig = plotting.plt.figure(figsize=(9, 4.5), layout="constrained")
ax = fig.add_subplot()
for (design, ledger), g in per_page_sweep[per_page_sweep["zswap_share"] == 0.0].groupby(["design", "ledger"], sort=False):
    style = plotting.line_kwargs(design)
    if ledger != "full":  # a claimed ledger: the design's colour, dotted
        style = {**{k: v for k, v in style.items() if k != "dashes"}, "ls": ":"}
    ax.plot(g["used_fraction"], g["swap_B_per_page"], label=design if ledger == "full" else f"{design} / {ledger}",
            **style)
ax.axhline(per_page.GOAL_B_PER_PAGE, color="black", linewidth=0.8)
ax.set(xlabel="used fraction of the swap space", ylabel="B per page of swap space (swap layer)", ylim=(0, 30),
       title=f"Bytes per page, all on disk, {placement} placement; the line is the 3 B goal")
ax.legend(fontsize=6, ncol=2)
plotting.show(fig, out_dir, "bytes_per_page_goal", "Swap-layer bytes per page of swap space as it fills, all pages on disk, per design (dotted: a claimed ledger); a design is at the 0-3 B goal where its line is under the black 3 B line. linux-6.18 lies under swap-table-p2 (the same bytes on disk), and vswap-ste-v5 under vswap-ste-mm (the same ledger).")
if out_dir:
    save_csv(reach, f"{out_dir}/per_page_reach.csv")
    save_csv(per_page_sweep, f"{out_dir}/per_page.csv")

# %% [markdown]
# Series of the debate that are not designs of a swap entry (data/designs/related.toml): what each
# adds per entry, and what it does to fragmentation, from its own patch.

# %%
display(pd.DataFrame([{"series": r.name, "versions": r.versions, "status": r.status, "B per entry": r.per_entry_bytes,
                       "per entry (quote)": r.per_entry_quote, "fragmentation": r.fragmentation,
                       "source": r.fragmentation_source} for r in load_related()]).set_index("series"))

# %% [markdown]
# ## Answers to the thread's questions
# Each number below is read from the evaluated claims above (`reproduced` from the claimant's own
# ledger, `full_swap_layer` and `full_with_payload` from the full ledgers); none is typed in. The
# answers are computed by `swapmodel.report.findings.entry_overhead` from the claims table.

# %%
sheet = AnswerSheet("01_entry_overhead", out_dir, findings.answers({"claims": claims, "per_page_reach": reach}, {}))
for qid, part in (("4.3", ""), ("4.6", ""), ("4.7", ""), ("4.8", "entry"), ("4.22", ""), ("7.7", "")):
    display(sheet.show(qid, part))
sheet.write()

# %% [markdown]
# ## Explore
# Sliders drive the same `cost` function (JupyterLab only; batch reports skip this cell's output).

# %%
if interactive:
    from swapmodel.report.widgets import overhead_explorer

    overhead_explorer(shown)
