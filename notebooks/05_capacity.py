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
# # 05 · Capacity: how large a swap space each design can address, and when a sizing rule hits it
#
# The capacity questions of the thread start with the address-space ceilings: the most slots one
# swap space of a design can hold, as the kernel's types give them or as the postings state them,
# and the RAM size at which each sizing rule of the thread (8x RAM, 3x memory, 1:1, 50 % and a
# quarter of RAM) asks for more than that. Ceilings and rules live in `data/capacity/ceilings.toml`
# with their basis (independent: computed from kernel types; restated: the posting's own figure;
# secondary: a digest, not the posting) and source; `swapmodel.model.ceilings` computes the rest.

# %% tags=["parameters"]
ram_gib: list = [4, 16, 64, 256, 1024, 4096, 16384]  # RAM sizes of the figure (GiB) [1, 16777216] len 2..30
same_filled_mib: float = 450.0  # same-filled pages in zram, Kairui Song's phone (MiB) [1, 1048576]
phone_zram_gib: float = 8.0  # the phone's zram device: 1:1 of an 8 GiB phone's RAM (GiB) [1, 1024]
ghost_demo_mib: float = 15269887.0  # swap size free -m printed for the phase IV RFC's ghost device (MiB) [1, 1e9]
designs: list = ["linux-6.18", "swap-table-p4", "ghost-rfc", "p4-rfc-ghost", "vswap-v3", "vswap-v6", "vswap-ste-v2"]  # designs priced {designs}
dynamic_designs: list = ["ghost-redirect", "p4-rfc-ghost", "vswap-v3", "vswap-v6", "vswap-ste-v2"]  # layouts with a dynamic or redirected space {designs}
baselines: list = ["linux-6.18", "swap-table-p4"]  # static layouts they are compared with {designs}
zswap_shares: list = [0.0, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1.0]  # share of swapped pages in zswap [0, 1] len 2..50
swapped_share_of_ram: float = 0.25  # swapped-out pages as a share of RAM, to place the sizing rules [0.001, 10]
frag_designs: list = ["linux-6.18", "vswap-v3", "vswap-ste-v2"]  # designs of the whole-folio sweep {designs}
frag_orders: list = [2, 4]  # mTHP orders of the whole-folio sweep [1, 9] len 1..9
frag_ratios: list = [1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 3.0]  # physical device size over working set [0.5, 100] len 2..50
frag_seeds: list = [1, 2, 3]  # seeds of the whole-folio sweep [0, 1000000] len 1..100
frag_iterations: int = 60  # churn iterations per run [4, 100000]
region_mib: float = 60.0  # working set of the churn (MiB) [1, 65536]
target_fallback_pct: float = 1.0  # share of mTHP swap-outs allowed not to leave whole (%) [0.01, 100]
fleet_hosts: int = 4000  # hosts drawn from the fleet mix of data/capacity/fleet.toml [10, 10000000]
fleet_seed: int = 1  # seed of the fleet draw [0, 1000000]
fleet_rule: str = "1:1"  # sizing rule of the static devices in the fleet {rules}
zswap_host_weights: list = [0.0, 0.25, 0.5, 0.75, 1.0]  # share of hosts behind zswap, for the J2 curve [0, 1] len 2..50
steady_pool_over_live: list = [0.1, 0.25, 0.5, 0.75, 1.0, 1.5]  # zswap pool over live swapped pages, steady check [0.01, 100] len 1..50
steady_events: int = 60000  # swap-outs per steady-state run of the check [1000, 100000000]
ghost_pool_percents: list = [20, 50]  # zswap max_pool_percent values for ghost sizing [1, 100] len 1..10
page_sizes: list = [4096, 16384, 65536]  # base page sizes of arm64 kernels compared (bytes) {4096|16384|65536}
executor: str = "serial"  # where the sweeps run: serial, local (a dask LocalCluster on this machine) or a scheduler address tcp://host:8786
interactive: bool = True  # show the ipywidgets sizing explorer (batch runs pass False)
out_dir: str = ""  # directory for figures and tables; empty writes nothing

# %%
import contextlib

import numpy as np
import pandas as pd
from IPython.display import Markdown, display

from swapmodel.analysis import capacity
from swapmodel.analysis import fleet
from swapmodel.model.fleet import sample_hosts
from swapmodel.model.page_size import page_size_table
from swapmodel.sources.fleet import load_fleet
from swapmodel.base.geometry import GIB_BYTES, MIB_BYTES, PAGE_SIZE_BYTES, TIB_BYTES
from swapmodel.analysis.sweep import executor_from
from swapmodel.base.io import save_csv
from swapmodel.model.ceilings import binding_table, ceiling_bytes, ceiling_slots
from swapmodel.report import plotting
from swapmodel.report.answers import AnswerSheet, Value
from swapmodel.sources.capacity import load_capacity

plotting.style()
sweeps = contextlib.ExitStack()
ex = sweeps.enter_context(executor_from(executor))
plt = plotting.plt
sheet = AnswerSheet("05_capacity", out_dir, reproduce="swapmodel report --notebook 05_capacity")
ceilings, rules = load_capacity()

# %% [markdown]
# ## 1. Address-space ceilings

# %%
limits = capacity.ceiling_table(ceilings)
display(limits[["design", "basis", "slots", "TiB", "how"]].round(3))
table = binding_table(ceilings, rules)
pivot = table.pivot(index="rule", columns="design", values=["binds_above_ram_gib"])
display(Markdown("RAM (GiB) above which each rule's swap size exceeds the ceiling:"))
display(pivot.round(0))
if out_dir:
    save_csv(limits, f"{out_dir}/ceilings.csv")
    save_csv(table, f"{out_dir}/ceiling_binding.csv")

fig, ax = plt.subplots(figsize=(9, 5))
ram = np.array(sorted(float(r) for r in ram_gib))
for r in rules:
    ax.plot(ram, ram * r.factor * GIB_BYTES / TIB_BYTES, marker="o", ms=3, label=f"rule: {r.name} ({r.basis})")
for tib, group in limits.groupby("TiB"):
    ax.axhline(tib, ls="--", lw=1, color="black")
    ax.annotate(", ".join(f"{d} ({b})" for d, b in zip(group.design, group.basis)), (ram[0], tib),
                textcoords="offset points", xytext=(2, 3), fontsize=8)
ax.set_xscale("log", base=2)
ax.set_yscale("log", base=2)
ax.set_xlabel("RAM (GiB)")
ax.set_ylabel("swap size the rule asks for (TiB)")
ax.set_title("Sizing rules against address-space ceilings")
ax.legend(fontsize=8, loc="lower right")
plotting.show(fig, out_dir, "ceilings")

# %% [markdown]
# ## 2. Same-filled pages in zram
# Kairui Song saw "~450M of samefill page in ZRAM" on his phone (23 Mar 2026,
# https://lore.kernel.org/all/CAMgjq7AiUr_Ntj51qoqvV+=XbEATjr7S4MH+rgD32T5pHfF7mg@mail.gmail.com/). zram keeps a
# same-filled page as a flag and the fill value in its own table (no compressed object), so the swap
# layer's metadata is all these pages cost beyond zram's table, which every design pays alike. A
# zero-filled page does not even reach zram since 6.12: the swap layer records it (zeromap, then
# the swap table's zero flag), state `zero`; any other fill pattern reaches zram, state `disk`.
# Below, the metadata the pages add to an otherwise empty zram device, per design, with the pages
# packed (dense) or scattered over the device (random), priced with each design's full ledger.

# %%
same = capacity.added_metadata(designs, phone_zram_gib * GIB_BYTES // PAGE_SIZE_BYTES,
                               same_filled_mib * MIB_BYTES // PAGE_SIZE_BYTES)
display(same.pivot_table(index="design", columns=["state", "placement"], values=["added_mib"]).round(2))
if out_dir:
    save_csv(same, f"{out_dir}/same_filled.csv")

# %% [markdown]
# ## 3. A huge ghost device
# Kairui Song's phase IV RFC demo showed `Swap: 15269887` (MiB) in free(1) for its dynamic ghost
# swapfile (20 Feb 2026). What that size costs empty, per design, if swapped on at that size; and
# what each used cluster then costs (a full cluster of zswap entries, priced per entry).

# %%
ghost = capacity.empty_device(["ghost-rfc", "p4-rfc-ghost", "swap-table-p4-rfc", "swap-table-p4", "linux-6.18",
                               "vswap-ste-v2"], ghost_demo_mib * MIB_BYTES // PAGE_SIZE_BYTES)
display(ghost.round(2))
c618 = next(c for c in ceilings if c.design == "linux-6.18")
display(Markdown(f"The demo's size is {ghost_demo_mib * MIB_BYTES / ceiling_bytes(c618):.1%} of the "
                 "unsigned-int ceiling of section 1."))
if out_dir:
    save_csv(ghost, f"{out_dir}/ghost_demo.csv", index=True)

# %% [markdown]
# ## 4. What each sizing rule costs before anything is swapped
# Metadata taken at swapon by a device sized by each rule, as a share of RAM: the empty device's
# bytes per provisioned slot (section 3's prices) times the rule's factor, over the page size. A
# dynamic design pays nothing per provisioned slot, so for it the rule only changes what free(1)
# shows; Kairui Song's alternative to the RFC's fixed 8x RAM, growing `si->max` by 2 MiB per
# allocated cluster, changes the same thing and nothing else.

# %%
rule_cost = capacity.rule_cost(
    ghost.per_slot_bytes[["ghost-rfc", "linux-6.18", "swap-table-p4", "p4-rfc-ghost", "vswap-ste-v2"]], rules)
display(rule_cost.pivot(index="design", columns="rule", values=["percent_of_ram"]).round(3))
if out_dir:
    save_csv(rule_cost, f"{out_dir}/rule_cost.csv")

# %% [markdown]
# ## 5. Break-even: when a dynamic layout costs less than static provisioning
# Per used entry a layout costs c(u, z) = a(z) + b(z) / u, with u the utilisation of the static
# space it provisions and z the share of swapped pages in zswap (`swapmodel.model.breakeven`): a is
# what each entry needs, b what the provisioned slots cost at u = 1. A static device provisions a
# slot for every swapped page, zswap or disk; a dynamic space provisions only a physical device for
# the pages not in zswap, assumed run at the same u. The design is cheaper than the baseline for u
# below u* = (b_design - b_baseline) / (a_baseline - a_design). Chris Li's ghost RFC has no disk
# state and prices only at z = 1; his redirect is a static ghost plus a physical slot per
# written-back page.

# %%
even = capacity.break_even_table(dynamic_designs, baselines, zswap_shares)
display(even.pivot_table(index=["baseline", "design"], columns="zswap_share", values=["cheaper_below_u"], sort=False).round(3))
display(Markdown("Utilisation u* below which each design costs less per used entry than the baseline (1: at every "
                 "utilisation; 0: not at any). a and b at the extremes of z, bytes:"))
ab = even[even.zswap_share.isin([min(zswap_shares), max(zswap_shares)]) & (even.baseline == baselines[0])]
display(ab[["design", "zswap_share", "per_entry_bytes", "per_provisioned_bytes", "baseline_per_entry_bytes",
            "baseline_per_provisioned_bytes"]].round(3).reset_index(drop=True))
placed = capacity.rule_utilisation(rules, swapped_share_of_ram)
display(Markdown(f"Where the sizing rules put u when {swapped_share_of_ram:.0%} of RAM is swapped out:"))
display(placed.round(4))
if out_dir:
    save_csv(even, f"{out_dir}/break_even.csv")
    save_csv(placed, f"{out_dir}/rule_utilisation.csv")

fig, axes = plt.subplots(1, len(baselines), figsize=(6 * len(baselines), 4.5), sharey=True, squeeze=False)
for ax, base in zip(axes[0], baselines):
    for d, group in even[even.baseline == base].groupby("design", sort=False):
        ax.plot(group.zswap_share, group.cheaper_below_u.clip(lower=1e-4), label=d, **plotting.line_kwargs(d))
    for r in placed.itertuples():
        if r.utilisation <= 1:
            ax.axhline(r.utilisation, ls=":", lw=1, color="grey")
            ax.annotate(r.rule, (0, r.utilisation), textcoords="offset points", xytext=(2, 2), fontsize=7, color="grey")
    ax.set_yscale("log")
    ax.set_xlabel("zswap share z")
    ax.set_title(f"cheaper than {base} below this utilisation")
axes[0][0].set_ylabel("break-even utilisation u* (drawn at 1e-4: never cheaper)")
axes[0][-1].legend(fontsize=8)
plotting.show(fig, out_dir, "break_even")

# %% [markdown]
# ## 6. The provisioning a fallback target needs
# Fragmentation is the other reason to over-provision. The tools-mm churn of notebooks 02 and 04 at
# each mTHP order, with page-by-page or whole-folio swap-in, over physical devices from 1x to 3x the
# working set: the share of mTHP swap-outs that do not leave as one folio (split by a static device,
# reactivated by a two-layer one), and the smallest size k of the sweep that keeps it below the
# target. A static device then runs at u <= 1/k whatever z is, since zswap pages hold device slots
# too; a two-layer design's virtual space never needs it, only its physical device for the pages
# not in zswap.

# %%
folios = capacity.whole_folio_sweep(frag_designs, frag_orders, frag_ratios, frag_seeds, frag_iterations, region_mib,
                                    executor=ex)
needed = capacity.provisioning_needed(folios, target_fallback_pct)
display(folios.groupby(["design", "order", "large_swapin", "device_over_region"])["not_whole_pct"].mean()
        .unstack("device_over_region").round(2))
display(Markdown(f"Smallest size over working set with less than {target_fallback_pct:g} % not whole (NaN: none "
                 "up to the largest size swept):"))
display(needed.round(3))
if out_dir:
    save_csv(folios, f"{out_dir}/whole_folio_sweep.csv")
    save_csv(needed, f"{out_dir}/provisioning_needed.csv")

# %% [markdown]
# What a used entry then costs, with every design provisioned as its fallback target requires
# (page-by-page swap-in at the largest order swept; a design outside the sweep takes the k of a swept
# design that allocates alike):

# %%
worst = needed[(needed.order == max(frag_orders)) & ~needed.large_swapin].set_index("design").k_needed
provisioned = capacity.cost_at_provisioning([*baselines, *dynamic_designs], zswap_shares, worst.to_dict())
display(provisioned.pivot_table(index="design", columns="zswap_share", values=["bytes_per_entry"], sort=False).round(2))
if out_dir:
    save_csv(provisioned, f"{out_dir}/cost_at_provisioning.csv")

# %% [markdown]
# ## 7. The fleet: how much of the swapped memory sits on disk, and what each design costs there
# `data/capacity/fleet.toml` defines the mix: how hosts swap (behind zswap, to zram, to a swapfile),
# service classes by how their anonymous memory compresses (measured here in zram for a Python heap,
# an in-memory SQLite database, sort's buffer and random bytes; Google's published fleet figure for
# the rest), the cold share of RAM that is swapped (Google and Meta's published figures), and
# zswap's pool limit (20 % of RAM, the kernel default). Behind zswap the pool holds
# pool / (cold share x f) of the swapped pages, f being a page's zsmalloc footprint at its
# compression ratio (`swapmodel.model.fleet`); the rest is written back. zram and a plain swapfile
# hold every swapped page on the device (state `disk`); a ghost device fronts zswap only, so a host
# without zswap runs the ghost design's physical device instead. Weights and spreads are
# assumptions: section 8 varies the one that decides the answer.
#
# First the closed form against the steady-state simulator (zswap with in-place writeback, order-0
# pages, three lifetime distributions):

# %%
mix = load_fleet()
display(Markdown("The mix: " + "; ".join(f"{c.name} {c.weight:.0%} (ratio {c.ratio:.2f}, {c.basis})" for c in mix.services)
                 + ". Backends: " + "; ".join(f"{b.name} {b.weight:.0%}" for b in mix.backends)
                 + f". Cold share of RAM uniform in [{mix.cold_low:g}, {mix.cold_high:g}]; pool {mix.pool_percent:g} % of RAM."))
steady = fleet.steady_disk_share(steady_pool_over_live, ["exponential", "lognormal", "fixed"], [fleet_seed],
                                 events=steady_events, executor=ex)
display(steady.round(3))
steady_gap = float((steady.disk_share_simulated - steady.disk_share_closed_form).abs().max())
display(Markdown(f"Largest difference between simulator and closed form: {steady_gap:.4f}."))

hosts = sample_hosts(mix, fleet_hosts, fleet_seed)
rule_factor = next(r.factor for r in rules if r.name == fleet_rule)
fleet_designs = ["linux-6.18", "swap-table-p4", "ghost-redirect", "p4-rfc-ghost", "vswap-v3", "vswap-v6", "vswap-ste-v2"]
prices = fleet.price_grid(fleet_designs)
per_host = fleet.host_bytes(hosts, prices, rule_factor, fleet_designs)
disk = fleet.disk_share_summary(hosts)
summary = fleet.fleet_summary(per_host, fleet_designs).set_index("design")
display(disk.round(3))
display(Markdown(f"Bytes per used entry over the fleet, static devices sized {fleet_rule} (u = cold share / "
                 f"{rule_factor:g}):"))
display(summary.round(2))
if out_dir:
    save_csv(steady, f"{out_dir}/steady_disk_share.csv")
    save_csv(per_host, f"{out_dir}/fleet_hosts.csv")
    save_csv(summary, f"{out_dir}/fleet_bytes.csv", index=True)

fig, axes = plt.subplots(1, 2, figsize=(12, 4.5))
for name, group in hosts.groupby("backend", sort=False):
    axes[0].hist(group.disk_share, bins=40, range=(0, 1), alpha=0.6, label=name)
axes[0].set_xlabel("disk-resident share of swapped pages")
axes[0].set_ylabel("hosts")
axes[0].legend(fontsize=8)
axes[0].set_title("Disk-resident share over the fleet mix")
for d in fleet_designs:
    x = np.sort(per_host[d].to_numpy())
    axes[1].plot(x, np.linspace(0, 1, len(x)), label=d, markevery=max(len(x) // 8, 1), **plotting.line_kwargs(d))
axes[1].set_xlabel("bytes per used entry")
axes[1].set_ylabel("share of hosts")
axes[1].set_xlim(0, None)
axes[1].set_ylim(0, 1)
axes[1].set_title("Metadata per entry over the fleet")
axes[1].legend(fontsize=8)
plotting.show(fig, out_dir, "fleet")

# %% [markdown]
# ## 8. For what share of the fleet a dynamic design costs less
# Johannes Weiner's "a win for the vast majority of users" depends most on how many hosts swap
# behind zswap (whose pages a dynamic space holds without a physical slot) rather than straight to
# a device. The share of hosts, and of swapped pages, on which each design costs less per entry than
# 6.18 and than phase IV, as that weight goes from 0 to 1 (the other backends keep their proportions):

# %%
dyn_fleet = ["p4-rfc-ghost", "vswap-v3", "vswap-v6", "vswap-ste-v2"]
curves = pd.concat([fleet.cheaper_share_curve(mix, zswap_host_weights, dyn_fleet, base, rule_factor,
                                              fleet_hosts, fleet_seed) for base in baselines])
display(curves.pivot_table(index=["baseline", "design"], columns="zswap_host_weight", values=["share_of_hosts"],
                           sort=False).round(3))
if out_dir:
    save_csv(curves, f"{out_dir}/cheaper_share.csv")
fig, axes = plt.subplots(1, len(baselines), figsize=(6 * len(baselines), 4.5), sharey=True, squeeze=False)
for ax, base in zip(axes[0], baselines):
    for d, group in curves[curves.baseline == base].groupby("design", sort=False):
        ax.plot(group.zswap_host_weight, group.share_of_hosts, label=d, **plotting.line_kwargs(d))
    ax.set_xlabel("share of hosts behind zswap")
    ax.set_ylim(0, 1)
    ax.set_title(f"hosts where the design costs less than {base}")
axes[0][0].set_ylabel("share of hosts")
axes[0][-1].legend(fontsize=8)
plotting.show(fig, out_dir, "cheaper_share")

# %% [markdown]
# ## 9. Sizing a ghost device
# A ghost device (no backing storage) can hold no more pages than zswap's pool: pool / f of them,
# pool_percent / 100 x PAGE_SIZE / f times RAM. A rule that gives fewer slots runs out while the pool
# still has room, so swap-outs fail and the OOM killer comes sooner than memory requires; a rule
# that gives more advertises swap that can never be used, which free(1) shows as free and which
# delays the OOM decision. Per rule and pool limit, over the fleet's compression ratios:

# %%
ghost_sizes = fleet.ghost_sizing(hosts, rules, ghost_pool_percents)
display(ghost_sizes.round(3))
if out_dir:
    save_csv(ghost_sizes, f"{out_dir}/ghost_sizing.csv")

# %% [markdown]
# ## 10. What the descriptor consolidates, where metadata lives, the reverse map, the widest gulf
# **Consolidation.** `data/capacity/consolidation.toml` maps each field of vswap v3's descriptor
# (the cover's pahole list) to the Linux 6.18 state it takes over, per backend; the bytes replaced
# are 6.18's full-ledger bytes per used entry of those components (a full device).

# %%
consolidated, consolidation = capacity.consolidation_ledger()
display(consolidated.round(3))
display(consolidation.round(3))
if out_dir:
    save_csv(consolidated, f"{out_dir}/consolidation_fields.csv")
    save_csv(consolidation, f"{out_dir}/consolidation.csv")

# %% [markdown]
# **Where metadata lives.** Bytes per used entry in each state, split between the space the PTE
# names (top: the virtual space, ghost or swap device), zswap's bookkeeping, and the physical device
# behind a virtual or redirected entry (bottom); full device, full ledgers.

# %%
layers_table = capacity.layer_split(fleet_designs, ["zswap", "disk", "zero", "swapcache", "writeback"])
display(layers_table.pivot_table(index="design", columns="state", values=["top_bytes", "bottom_bytes"],
                                 sort=False).round(2))
if out_dir:
    save_csv(layers_table, f"{out_dir}/layer_split.csv")

# %% [markdown]
# **The reverse map.** Each two-layer design keeps a physical-to-virtual map for its disk entries;
# its memory per disk-resident entry, and over the fleet (each host's disk-resident pages):

# %%
rmap_components = {"vswap-rfc-v1": "backing vswap_rmap xa_node", "vswap-v3": "backing swap_table (reverse map)",
                   "vswap-v6": "backing swap_table (reverse map)", "vswap-ste-v2": "backing swap_table",
                   "p4-rfc-ghost": "backing swap_table"}
rmap = capacity.rmap_cost(list(rmap_components), rmap_components).set_index("design")
fleet_rmap_pct = float(np.mean(hosts.disk_share * hosts.cold_share)) * 100 * rmap.loc["vswap-v3", "bytes_per_disk_entry"] / PAGE_SIZE_BYTES
display(rmap.round(3))
display(Markdown(f"Over the fleet mix the vswap v3 reverse map takes {fleet_rmap_pct:.3f} % of RAM on average."))

# %% [markdown]
# **The widest gulf.** For each sizing rule, the host of the fleet draw where the designs differ
# most per used entry and as a share of RAM:

# %%
gulf = fleet.widest_gulf(hosts, prices, rules, fleet_designs)
display(gulf.round(3))
if out_dir:
    save_csv(gulf, f"{out_dir}/widest_gulf.csv")

# %% [markdown]
# ## 11. Where the page size changes the answers
# The thread's "primary victim" is zram on phones, where arm64 kernels often use 16 KiB pages. A
# cluster then holds 2048 slots (8192 at 64 KiB; `swapmodel.model.page_size`): per-slot and
# per-entry bytes stay, per-cluster arrays grow with the cluster, fixed per-cluster structures
# spread over more slots. Per design, on disk entries:

# %%
pages = page_size_table(fleet_designs, [int(p) for p in page_sizes])
display(pages.round(3))
if out_dir:
    save_csv(pages, f"{out_dir}/page_size.csv")
first, last = pages.page_size_kib.min(), pages.page_size_kib.max()
p618 = pages[pages.design == "linux-6.18"].set_index("page_size_kib")
pv3 = pages[pages.design == "vswap-v3"].set_index("page_size_kib")
display(Markdown(
    f"From {first} to {last} KiB pages the static metadata per slot of a 6.18 device stays "
    f"{p618.loc[first, 'static_bytes_per_slot']:.2f}-{p618.loc[last, 'static_bytes_per_slot']:.2f} B, so as a share of "
    f"the memory it describes it falls from {p618.loc[first, 'static_percent_of_page']:.3f} % to "
    f"{p618.loc[last, 'static_percent_of_page']:.4f} %; every share-of-RAM answer above (4.17, 4.2, 4.11, J3, the fleet) "
    f"shrinks by the same factor, and 4.21's 450 MiB holds that many times fewer pages. Per-entry bytes do not change "
    f"(vswap v3 {pv3.loc[first, 'dense_bytes_per_entry']:.1f} and {pv3.loc[last, 'dense_bytes_per_entry']:.1f} B on disk), "
    f"so the break-even utilisations of section 5 barely move. The sparse worst case grows with the cluster: one live "
    f"entry per cluster pins {p618.loc[first, 'sparse_bytes_per_live_entry'] / 1024:.0f} KiB (6.18) and "
    f"{pv3.loc[first, 'sparse_bytes_per_live_entry'] / 1024:.0f} KiB (vswap v3) at {first} KiB pages and "
    f"{p618.loc[last, 'sparse_bytes_per_live_entry'] / 1024:.0f} and {pv3.loc[last, 'sparse_bytes_per_live_entry'] / 1024:.0f} KiB "
    f"at {last} KiB: the same multiple of the page, {pv3.loc[last, 'sparse_percent_of_page']:.0f} % for vswap v3."))

# %% [markdown]
# ## 12. Answers to the thread's questions

# %%
v2 = next(c for c in ceilings if c.design == "vswap-ste-v2")
v5 = next(c for c in ceilings if c.design == "vswap-ste-v5")
eight = next(r for r in rules if r.factor == 8.0)
three = next(r for r in rules if r.factor == 3.0)


def binds(c, r):
    return float(table[(table.design == c.design) & (table.rule == r.name)].binds_above_ram_gib.iloc[0])


display(sheet.add(
    "4.23",
    f"One swapfile.c device (and the STE v1 vswap device) addresses at most {ceiling_slots(c618):,} slots "
    f"({ceiling_bytes(c618) / TIB_BYTES:.0f} TiB less one 2 MiB cluster: an unsigned int max), so the 8x RAM ghost rule reaches it at "
    f"{binds(c618, eight) / 1024:.2f} TiB of RAM and the 3x rule at {binds(c618, three) / 1024:.2f} TiB; STE v2's "
    f"u32 cluster ids allow {ceiling_bytes(v2) / (1024 * TIB_BYTES):.0f} PiB less one cluster, reached only at "
    f"{binds(v2, eight) / 1024 ** 2:.2f} PiB of RAM under 8x; STE v5's reported 8 TB cap would bind at "
    f"{binds(v5, eight) / 1024:.2f} TiB of RAM under 8x and {binds(v5, three) / 1024:.2f} TiB under 3x.",
    [Value(ceiling_bytes(c618) / TIB_BYTES, "TiB", "unsigned int max (6.18, STE v1)"),
     Value(ceiling_bytes(v2) / (1024 * TIB_BYTES), "PiB", "STE v2, u32 cluster ids"),
     Value(binds(c618, eight), "GiB of RAM", "16 TiB ceiling under 8x RAM"),
     Value(binds(v5, eight), "GiB of RAM", "STE v5 8 TB cap under 8x RAM (secondary)"),
     Value(binds(v5, three), "GiB of RAM", "STE v5 8 TB cap under 3x memory (secondary)")],
    "One swap space per design; 4 KiB pages and 512-slot clusters; the architecture's swap PTE format and the "
    "backing device may bind earlier for a static device (not modelled). STE v5's cap and the 3x rule come from a "
    "secondary digest, 8 TB read as 8 TiB.",
    "The 16 TiB and ~8 PB figures are recomputed from the field widths the postings name (tests/test_ceilings.py); "
    "swap_info_struct->max is 32 bits wide in this kernel's BTF."))
display(sheet.add(
    "4.28",
    f"Empty, yes: at {ghost_demo_mib:,.0f} MiB the dynamic ghost (phase IV RFC) pays {ghost.loc['p4-rfc-ghost', 'empty_mib'] * MIB_BYTES:.0f} "
    f"B of per-slot or per-cluster metadata, where a static device of that size would take "
    f"{ghost.loc['linux-6.18', 'empty_mib'] / 1024:.1f} GiB at swapon (Linux 6.18, and Chris Li's ghost RFC "
    f"{ghost.loc['ghost-rfc', 'empty_mib'] / 1024:.1f} GiB) and phase IV's static cluster array "
    f"{ghost.loc['swap-table-p4-rfc', 'empty_mib']:.0f} MiB. The cost arrives with use: "
    f"{ghost.loc['p4-rfc-ghost', 'per_used_cluster_kib']:.1f} KiB per used cluster of zswap entries. Not free of "
    "consequence either: free(1) reports the advertised size as swap (Johannes Weiner's objection, 4.16).",
    [Value(float(ghost.loc["p4-rfc-ghost", "empty_mib"]), "MiB", "dynamic ghost, empty"),
     Value(float(ghost.loc["linux-6.18", "empty_mib"]), "MiB", "static 6.18 device of that size, empty"),
     Value(float(ghost.loc["ghost-rfc", "empty_mib"]), "MiB", "Chris Li's static ghost of that size, empty"),
     Value(float(ghost.loc["p4-rfc-ghost", "per_used_cluster_kib"]), "KiB", "dynamic ghost, per used cluster")],
    "Full ledgers of data/designs/; fixed per-device structures (swap_info_struct, per-CPU caches) left out as "
    "they do not grow with the size; zswap entries for the per-cluster figure.",
    "Static per-slot costs at swapon were measured on this kernel (notebook 03: VmallocUsed per slot at swapon).",
    status="answered"))
eight_cost = rule_cost[rule_cost.rule == eight.name].set_index("design").percent_of_ram
display(sheet.add(
    "4.17",
    f"For the phase IV RFC's dynamic ghost the 8x RAM default costs {eight_cost['p4-rfc-ghost']:.0f} % of RAM in "
    "metadata (nothing is paid per provisioned slot), so growing si->max by 2 MiB per allocated cluster saves no "
    "memory; it only makes free(1) honest. A static ghost sized 8x RAM would pay "
    f"{eight_cost['ghost-rfc']:.2f} % of RAM at swapon (Chris Li's ghost RFC), a static 6.18 device "
    f"{eight_cost['linux-6.18']:.2f} % and phase IV {eight_cost['swap-table-p4']:.2f} %.",
    [Value(float(eight_cost[d]), "% of RAM", f"{d} at 8x RAM") for d in eight_cost.index],
    "Empty device; per provisioned slot costs of the full ledgers; 4 KiB pages.",
    "Static per-slot costs at swapon were measured on this kernel (notebook 03: VmallocUsed per slot at swapon).",
    status="answered"))
disk_dense = same[(same.state == "disk") & (same.placement == "dense")].set_index("design").added_mib
disk_random = same[(same.state == "disk") & (same.placement == "random")].set_index("design").added_mib
spread = disk_dense.max() - disk_dense.min()
display(sheet.add(
    "4.21",
    f"{same_filled_mib:g} MiB of same-filled (not zero) pages in zram of {phone_zram_gib:g} GiB add "
    + ", ".join(f"{d} {disk_dense[d]:.1f}" for d in disk_dense.index)
    + f" MiB of swap metadata when packed (scattered over the device: up to {disk_random.max():.1f} MiB, "
    f"{disk_random.idxmax()}); packed, the designs differ by "
    f"{spread:.1f} MiB, {100 * spread / same_filled_mib:.2f} % of the pages' size. For these pages that difference is "
    "the whole swap-layer cost, since zram stores them without a compressed object.",
    [Value(float(disk_dense[d]), "MiB", f"{d}, packed") for d in disk_dense.index]
    + [Value(float(disk_random.max()), "MiB", f"{disk_random.idxmax()}, scattered"),
       Value(float(spread), "MiB", "spread, packed")],
    f"A phone of {phone_zram_gib:g} GiB RAM with zram at 1:1 (Kairui Song's practice); the pages are not zero-filled "
    "(zero-filled ones take the `zero` state, in the table above); zram's own table entry per slot is the same for "
    "every design and left out; full ledgers of data/designs/.",
    "Per-entry and per-cluster sizes from BTF and the postings, as every cost in notebook 01 (validated in notebook 03).",
    status="answered"))


def u_star(design, base, z):
    row = even[(even.design == design) & (even.baseline == base) & (even.zswap_share == z)]
    return float(row.cheaper_below_u.iloc[0])


def u_text(u):
    return "at every u" if u >= 1 else ("at no u" if u <= 0 else f"below u = {u:.3g}")


z0, z1 = min(zswap_shares), max(zswap_shares)
shown_dyn = [d for d in dynamic_designs if d != "ghost-redirect"]
k_static = needed[(needed.design == "linux-6.18") & (needed.order == max(frag_orders)) & ~needed.large_swapin].k_needed.iloc[0]
k_layered = {d: float(worst[d]) for d in worst.index if d != "linux-6.18"}
per_entry_at_k = provisioned[provisioned.zswap_share == z0].set_index("design").bytes_per_entry
sigma = even.groupby("baseline").baseline_per_provisioned_bytes.first()
virtual_slot = even[(even.zswap_share == z1) & even.design.isin(shown_dyn)].groupby("design").per_provisioned_bytes.max()
display(sheet.add(
    "6.1",
    f"Against Linux 6.18 a dynamic layout costs less per used entry only below a break-even utilisation u* of the "
    f"static device: with every page on disk (z = {z0:g}) "
    + ", ".join(f"{d} {u_text(u_star(d, baselines[0], z0))}" for d in shown_dyn)
    + f"; with every page in zswap (z = {z1:g}) "
    + ", ".join(f"{d} {u_text(u_star(d, baselines[0], z1))}" for d in shown_dyn)
    + f". Against phase IV ({baselines[1]}), whose static array costs {sigma[baselines[1]]:.3f} B per slot against "
    f"{sigma[baselines[0]]:.3f} B, the window shrinks: at z = 1 "
    + ", ".join(f"{d} {u_text(u_star(d, baselines[1], z1))}" for d in shown_dyn)
    + f". The thread's sizing rules put u at {swapped_share_of_ram:.0%} of RAM swapped / factor: "
    + ", ".join(f"{r.rule} {r.utilisation:.3g}" for r in placed.itertuples())
    + f". Fragmentation caps u too: to keep the order-{max(frag_orders)} swap-outs that do not leave whole below "
    f"{target_fallback_pct:g} % with page-by-page swap-in, a static device needs k = {k_static:g} (u <= {1 / k_static:.2f}), and the physical device "
    "under vswap " + ", ".join(f"{d} k = {k:g}" for d, k in k_layered.items())
    + f"; provisioned so, a used disk entry costs {per_entry_at_k['linux-6.18']:.1f} B (6.18), "
    + ", ".join(f"{per_entry_at_k[d]:.1f} B ({d})" for d in shown_dyn) + ".",
    [Value(u_star(d, b, z), "utilisation", f"{d} vs {b}, z = {z:g}") for b in baselines for d in shown_dyn
     for z in (z0, z1)]
    + [Value(k_static, "device size / working set", f"static, order {max(frag_orders)}, page-by-page swap-in")]
    + [Value(float(per_entry_at_k[d]), "B per used entry", f"{d}, z = {z0:g}, provisioned for the target")
       for d in ["linux-6.18", *shown_dyn]],
    "Full ledgers; dense packing; a dynamic design's physical device runs at the static device's utilisation; "
    f"u is used entries over provisioned slots; the sizing rules assume {swapped_share_of_ram:.0%} of RAM swapped "
    f"out; fragmentation from the tools-mm churn ({region_mib:g} MiB working set, {frag_iterations} iterations, "
    f"{len(frag_seeds)} seeds, second-half means).",
    "The closed form u* = (b_x - b_y) / (a_y - a_x) against hand-computed a and b (tests/test_breakeven.py); the "
    "churn's fallback against this kernel's swpout_fallback (notebooks 03 and 04) within a few points."))
dyn_slot = ab[ab.zswap_share == z0].set_index("design").per_provisioned_bytes
display(sheet.add(
    "4.4",
    "Yes for the virtual space: an unused virtual slot costs "
    + ", ".join(f"{virtual_slot[d]:g} B ({d})" for d in shown_dyn) + ". The physical device behind it still costs "
    + ", ".join(f"{dyn_slot[d]:.3f} B ({d})" for d in shown_dyn)
    + f" per provisioned slot, against {sigma[baselines[0]]:.3f} B for a static 6.18 device. "
    f"For a compressed pool alone (z = {z1:g}) nothing is provisioned, so the dynamic space suits it better than a static "
    "6.18 device " + ", ".join(f"{d} {u_text(u_star(d, baselines[0], z1))}" for d in shown_dyn)
    + "; against phase IV's static cluster array the gain remains only for "
    + ", ".join(f"{d} {u_text(u_star(d, baselines[1], z1))}" for d in shown_dyn)
    + ": v3 and v6 pay more per used entry than they save per unused slot.",
    [Value(float(virtual_slot[d]), "B per unused virtual slot", d) for d in shown_dyn]
    + [Value(float(dyn_slot[d]), "B per physical slot", d) for d in shown_dyn]
    + [Value(u_star(d, b, z1), "utilisation", f"{d} vs {b}, zswap only") for b in baselines for d in shown_dyn],
    "Full ledgers; the zswap pool priced with its per-entry bookkeeping (zswap_entry, handle, tree or descriptor); "
    "the compressed data itself is the same in every design and left out.",
    "Unused-slot prices against the per-slot cost measured at swapon on this kernel (notebook 03) for the static "
    "designs; the dynamic designs' zero follows from their allocation per used cluster in the postings.",
    status="answered"))
fleet_basis = (f"The fleet mix of data/capacity/fleet.toml ({fleet_hosts} hosts, seed {fleet_seed}): backends "
               + ", ".join(f"{b.name} {b.weight:.0%}" for b in mix.backends) + "; classes "
               + ", ".join(f"{c.name} {c.weight:.0%} (ratio {c.ratio:.2f}, {c.basis})" for c in mix.services)
               + f"; cold share uniform in [{mix.cold_low:g}, {mix.cold_high:g}] of RAM (Google, Meta); zswap pool "
               f"{mix.pool_percent:g} % of RAM (kernel default); static devices sized {fleet_rule}. Weights and spreads "
               "are the project's assumptions.")
fleet_checked = (f"The closed-form disk share against the steady-state simulator (largest difference {steady_gap:.4f} over "
                 f"{len(steady)} runs); compression ratios measured in zram on this kernel (lzo-rle) for the measured "
                 "classes; per-entry prices from the full ledgers (BTF sizes, validated in notebook 03).")
all_hosts = disk.set_index("hosts").loc["all hosts"]
zswap_hosts = disk.set_index("hosts").loc["zswap"]
display(sheet.add(
    "6.2",
    f"Over the fleet mix the disk-resident share of swapped pages averages {all_hosts['entry_weighted_mean']:.2f} "
    f"(median {all_hosts['median']:.2f}, 95th percentile {all_hosts['p95']:.2f}): behind zswap's default pool it is "
    f"{zswap_hosts['entry_weighted_mean']:.3f} on average and {zswap_hosts['p95']:.2f} at the 95th percentile (only "
    "poorly compressible services overflow the pool); on zram and plain swapfiles every page is on the device. "
    "Expected (95th percentile) bytes per used entry: "
    + ", ".join(f"{d} {summary.loc[d, 'expected_bytes']:.1f} ({summary.loc[d, 'p95_bytes']:.1f})" for d in summary.index)
    + ".",
    [Value(float(all_hosts["entry_weighted_mean"]), "share of swapped pages", "disk-resident, fleet mean"),
     Value(float(all_hosts["p95"]), "share of swapped pages", "disk-resident, 95th percentile of hosts"),
     Value(float(zswap_hosts["entry_weighted_mean"]), "share of swapped pages", "disk-resident, zswap hosts")]
    + [Value(float(summary.loc[d, "expected_bytes"]), "B per used entry", f"{d}, expected") for d in summary.index]
    + [Value(float(summary.loc[d, "p95_bytes"]), "B per used entry", f"{d}, 95th percentile") for d in summary.index],
    fleet_basis, fleet_checked))

disk_hosts = per_host[per_host.disk_share > 0.5]
v3_over_p4 = float((disk_hosts["vswap-v3"] / disk_hosts["swap-table-p4"]).median())
v3_over_618 = float((disk_hosts["vswap-v3"] / disk_hosts["linux-6.18"]).median())
display(sheet.add(
    "4.8",
    f"In this fleet mix the disk case is common where hosts swap without zswap: {all_hosts['share_above_half']:.0%} of "
    f"hosts keep more than half their swapped pages on a device, all of them zram or swapfile hosts; behind zswap "
    f"{zswap_hosts['share_above_half']:.0%} do. On those hosts vswap v3 costs {v3_over_p4:.1f}x phase IV and "
    f"{v3_over_618:.1f}x Linux 6.18 per used entry (median over hosts, devices sized {fleet_rule}), so Kairui Song's "
    f"'3 - 4 times' {'holds' if 2.85 <= v3_over_p4 <= 4.2 else 'does not hold'} against phase IV; over the whole "
    "fleet vswap v3 expects "
    f"{summary.loc['vswap-v3', 'expected_bytes'] / summary.loc['swap-table-p4', 'expected_bytes']:.2f}x phase IV.",
    [Value(float(all_hosts["share_above_half"]), "share of hosts", "more than half on disk"),
     Value(v3_over_p4, "times", "vswap v3 / phase IV on those hosts"),
     Value(v3_over_618, "times", "vswap v3 / 6.18 on those hosts")],
    fleet_basis, fleet_checked))

curve_at = curves[curves.zswap_host_weight == min(zswap_host_weights, key=lambda w: abs(w - 0.5))]
j2 = curve_at.set_index(["baseline", "design"]).share_of_hosts
display(sheet.add(
    "J2",
    "It depends on how many hosts swap behind zswap. With half the hosts behind zswap (the mix's weight), the share "
    "of hosts where the design costs less than 6.18: "
    + ", ".join(f"{d} {j2[(baselines[0], d)]:.0%}" for d in dyn_fleet)
    + "; than phase IV: " + ", ".join(f"{d} {j2[(baselines[1], d)]:.0%}" for d in dyn_fleet)
    + ". Over the weight of zswap hosts from 0 to 1 these shares move from "
    + ", ".join(f"{d} {curves[(curves.design == d) & (curves.baseline == baselines[0])].share_of_hosts.min():.0%}-"
                f"{curves[(curves.design == d) & (curves.baseline == baselines[0])].share_of_hosts.max():.0%}"
                for d in dyn_fleet)
    + " (against 6.18); against phase IV at most "
    + ", ".join(f"{d} {curves[(curves.design == d) & (curves.baseline == baselines[1])].share_of_hosts.max():.0%}"
                for d in dyn_fleet)
    + " of hosts. A host without zswap runs the dynamic ghost's physical device (phase IV RFC) instead, which is why "
    "the ghost wins there too. Read as 'the vast majority of hosts', the claim holds where the share above is over "
    "half.",
    [Value(float(j2[(b, d)]), "share of hosts", f"{d} cheaper than {b}, half the hosts behind zswap")
     for b in baselines for d in dyn_fleet],
    fleet_basis + " The curve varies the share of zswap hosts (figure cheaper_share).", fleet_checked))

widest = gulf.loc[gulf.gulf_bytes_per_entry.idxmax()]
widest_ram = gulf.loc[gulf.gulf_percent_of_ram.idxmax()]
at_rule = gulf[(gulf.rule == fleet_rule)].set_index("widest")
display(sheet.add(
    "J3",
    f"At its widest the gulf is {widest.gulf_bytes_per_entry:.0f} B per used entry ({widest.dearest} against "
    f"{widest.cheapest}, {widest.rule} sizing, a {widest.backend} host with {widest.cold_share:.0%} of RAM swapped) "
    f"and {widest_ram.gulf_percent_of_ram:.2f} % of RAM ({widest_ram.dearest} against {widest_ram.cheapest}, "
    f"{widest_ram.rule}, {widest_ram.backend} host, {widest_ram.service}); the static provisioning rule makes it, not "
    f"the descriptor. With devices sized {fleet_rule} the widest is {at_rule.loc['per entry', 'gulf_bytes_per_entry']:.0f} B "
    f"per entry and {at_rule.loc['share of RAM', 'gulf_percent_of_ram']:.2f} % of RAM "
    f"({at_rule.loc['share of RAM', 'dearest']} against {at_rule.loc['share of RAM', 'cheapest']}). Notebook 04's "
    "adversarial sparse occupancy (4.26) is wider per live cluster but is not a fleet host.",
    [Value(float(widest.gulf_bytes_per_entry), "B per used entry", f"widest, {widest.rule}"),
     Value(float(widest_ram.gulf_percent_of_ram), "% of RAM", f"widest, {widest_ram.rule}"),
     Value(float(at_rule.loc["per entry", "gulf_bytes_per_entry"]), "B per used entry", f"widest, {fleet_rule}"),
     Value(float(at_rule.loc["share of RAM", "gulf_percent_of_ram"]), "% of RAM", f"widest, {fleet_rule}")],
    fleet_basis + " Every sizing rule of data/capacity/ceilings.toml applied to every host.", fleet_checked))

zs, dk = consolidation.set_index("state").loc["zswap"], consolidation.set_index("state").loc["disk"]
display(sheet.add(
    "J1",
    f"Per zswap entry, {zs.replaced_bytes:.1f} B of vswap v3's {zs.descriptor_allocated_bytes:.0f} B descriptor (as "
    f"allocated; {zs.descriptor_struct_bytes:.0f} B as a struct) replace state 6.18 keeps (zswap tree, swap table, "
    f"swap_map, swap_cgroup, zeromap): {zs.replaced_bytes / zs.descriptor_allocated_bytes:.0%} consolidation, and the "
    f"design costs {zs.net_new_bytes:+.1f} B per entry against 6.18. Per disk entry it replaces "
    f"{dk.replaced_bytes:.1f} B ({dk.replaced_bytes / dk.descriptor_allocated_bytes:.0%}): the slot field is new state "
    f"and the physical device adds its reverse map, so the net is {dk.net_new_bytes:+.1f} B per entry. 'Mostly a "
    "consolidation' holds for zswap entries, not for disk entries.",
    [Value(float(zs.replaced_bytes), "B per entry", "replaced, zswap"), Value(float(zs.net_new_bytes), "B per entry", "net new, zswap"),
     Value(float(dk.replaced_bytes), "B per entry", "replaced, disk"), Value(float(dk.net_new_bytes), "B per entry", "net new, disk")],
    "Field-to-state mapping of data/capacity/consolidation.toml (the project's reading of the v3 cover); full ledgers "
    "on a full dense device (utilisation 1), so static per-slot state counts as replaced in full.",
    "Descriptor size recomputed from the cover's field list (claim vswap-desc-v3); 6.18 component sizes from BTF."))

lt = layers_table.set_index(["design", "state"])
memcg_ids = capacity.memcg_id_bytes(fleet_designs)
memcg_field = float(consolidated[(consolidated.state == "disk") & (consolidated.field == "memcgid")].descriptor_bytes.iloc[0])
display(sheet.add(
    "4.19",
    "Per used entry (full device): a zero page costs "
    + ", ".join(f"{d} {lt.loc[(d, 'zero'), 'total_bytes']:.1f} B" for d in fleet_designs if (d, "zero") in lt.index)
    + "; a page held only in the swap cache (an exclusive load's leftover) costs "
    + ("the same as a zero page in every design, since both keep only the entry"
       if all(abs(lt.loc[(d, "zero"), "total_bytes"] - lt.loc[(d, "swapcache"), "total_bytes"]) < 1e-9
              for d in fleet_designs if (d, "zero") in lt.index and (d, "swapcache") in lt.index)
       else ": " + ", ".join(f"{d} {lt.loc[(d, 'swapcache'), 'total_bytes']:.1f} B" for d in fleet_designs
                             if (d, "swapcache") in lt.index))
    + ". A page zswap rejects as incompressible goes to disk: "
    + ", ".join(f"{d} {lt.loc[(d, 'disk'), 'total_bytes']:.1f} B" for d in fleet_designs if (d, "disk") in lt.index)
    + " instead of the zswap price. Two-layer designs keep "
    + ", ".join(f"{d} {lt.loc[(d, 'disk'), 'bottom_bytes']:.1f} B" for d in ["p4-rfc-ghost", "vswap-v3", "vswap-ste-v2"])
    + " of a disk entry's metadata in the bottom (physical) layer and the rest on top. Recording the memcg each "
    "entry is charged to costs, per used disk entry: "
    + ", ".join(f"{d} {memcg_ids[d]:.1f} B" for d in memcg_ids.index)
    + f" in separate tables (0 B: packed into another field, {memcg_field:.0f} B of vswap v3/v6's descriptor or the "
    "phase IV RFC's swap table entry); STE v2 skips the physical "
    "memcg table for clusters that only back vswap (4.22), so a vswap-backed page is recorded once.",
    [Value(float(lt.loc[(d, s), "total_bytes"]), "B per used entry", f"{d}, {s}") for d in ["linux-6.18", "vswap-v3", "vswap-ste-v2"]
     for s in ("zero", "disk")]
    + [Value(float(lt.loc[(d, "disk"), "bottom_bytes"]), "B per disk entry", f"{d}, bottom layer")
       for d in ["p4-rfc-ghost", "vswap-v3", "vswap-ste-v2"]],
    "Full ledgers, full dense device; the swap-cache-only state priced as an entry with no backing; CPU costs of "
    "exclusive loads and rejects are time questions (issue 10).",
    "Per-state prices from BTF sizes and the postings' structures (notebook 01); 6.18 validated live (notebook 03)."))

display(sheet.add(
    "6.3",
    "The reverse map costs " + ", ".join(f"{d} {rmap.loc[d, 'bytes_per_disk_entry']:.2f} B" for d in rmap.index)
    + f" per disk-resident entry ({rmap.loc['vswap-v3', 'mib_per_gib_on_disk']:.1f} MiB per GiB on disk; zswap entries "
    f"pay nothing for it), {fleet_rmap_pct:.3f} % of RAM averaged over the fleet mix. It is read on swapoff and "
    "physical compaction (which no design implements yet), not on the fault path, so per use it is paid for the "
    "whole disk residency of each entry; how often that use comes is the CPU side (issue 10).",
    [Value(float(rmap.loc[d, "bytes_per_disk_entry"]), "B per disk entry", d) for d in rmap.index]
    + [Value(fleet_rmap_pct, "% of RAM", "vswap v3, fleet mean")],
    fleet_basis + " Full dense physical device.",
    "Reverse-map structures as posted (RFC v1 XArray, v3/v6 and STE swap table reuse); sizes from BTF.",
    part="memory"))

ghost20 = ghost_sizes[ghost_sizes.pool_percent == min(ghost_pool_percents)].set_index("rule")
ok_rules = [r for r in ghost20.index if ghost20.loc[r, "runs_out_share"] < 0.05 and ghost20.loc[r, "unusable_share_mean"] < 0.5]
display(sheet.add(
    "6.8",
    f"With zswap's default pool ({min(ghost_pool_percents)} % of RAM) a ghost device can hold a median "
    f"{ghost20['median_holdable_x_ram'].iloc[0]:.2f}x RAM of pages over the fleet's compression ratios. Share of "
    "hosts whose ghost runs out of slots while the pool has room (early OOM) and mean share of advertised swap never "
    "usable (late OOM, misleading free(1)): "
    + ", ".join(f"{r} {ghost20.loc[r, 'runs_out_share']:.0%} / {ghost20.loc[r, 'unusable_share_mean']:.0%}" for r in ghost20.index)
    + ". "
    + ("No rule keeps both OOM semantics on every host; "
       if not any((ghost20.runs_out_share == 0) & (ghost20.unusable_share_mean == 0)) else "")
    + (f"{', '.join(ok_rules)} fails early on fewer than 5 % of hosts while leaving less than half unusable."
       if ok_rules else "none fails early on fewer than 5 % of hosts while leaving less than half unusable.")
    + " A larger pool moves the balance toward the larger rules (table ghost_sizing).",
    [Value(float(ghost20.loc[r, "runs_out_share"]), "share of hosts", f"{r}: runs out early") for r in ghost20.index]
    + [Value(float(ghost20.loc[r, "unusable_share_mean"]), "share of advertised swap", f"{r}: never usable") for r in ghost20.index],
    fleet_basis + " A ghost device without writeback holds at most what zswap's pool holds.",
    fleet_checked))
holdable = ghost20["median_holdable_x_ram"].iloc[0]
display(sheet.add(
    "4.16",
    f"Size it to what the pool can hold, pool share x compression ratio: with the default {min(ghost_pool_percents)} % "
    f"pool that is {holdable:.2f}x RAM at the fleet's median ratio. A fixed factor then fails on the hosts whose ratio "
    "differs: 1:1 runs out early on "
    f"{ghost20.loc['1:1', 'runs_out_share']:.0%} and leaves {ghost20.loc['1:1', 'unusable_share_mean']:.0%} unusable on "
    "average; a dynamic ghost (phase IV RFC) that grows by cluster and reports only what it holds has neither problem "
    "and pays nothing per advertised slot (4.17).",
    [Value(float(holdable), "x RAM", "holdable at the median ratio"),
     Value(float(ghost20.loc["1:1", "runs_out_share"]), "share of hosts", "1:1 runs out early"),
     Value(float(ghost20.loc["1:1", "unusable_share_mean"]), "share of advertised swap", "1:1 never usable")],
    fleet_basis, fleet_checked))
rule_8 = rule_cost[rule_cost.rule == eight.name].set_index("design").percent_of_ram
display(sheet.add(
    "4.2",
    f"Static infrastructure costs at swapon whatever is used: sized 8x RAM, {rule_8['linux-6.18']:.2f} % of RAM for a "
    f"6.18 device or Chris Li's static ghost and {rule_8['swap-table-p4']:.3f} % for phase IV, against "
    f"{rule_8['p4-rfc-ghost']:.0f} % for a dynamic ghost; and a static size cannot follow dynamic needs (6.8: at the "
    f"default pool an 8x ghost leaves {ghost20.loc[eight.name, 'unusable_share_mean']:.0%} of its advertised swap "
    "unusable on average). Per used entry a dynamic layout beats a static 6.18 device below the break-even "
    "utilisations of 6.1.",
    [Value(float(rule_8[d]), "% of RAM", f"{d} at 8x RAM") for d in rule_8.index]
    + [Value(float(ghost20.loc[eight.name, "unusable_share_mean"]), "share of advertised swap", "8x ghost never usable")],
    "Full ledgers; static per-slot costs at swapon; the fleet mix for the usable share.",
    "Static per-slot costs at swapon were measured on this kernel (notebook 03)."))
wz_hosts = curves[(curves.baseline == baselines[0])]
display(sheet.add(
    "4.11",
    "Static sizing is possible but never right for the whole fleet: whatever one factor is chosen, a ghost device "
    f"either runs out early or advertises swap it cannot use on part of the hosts (6.8: 1:1 runs out on "
    f"{ghost20.loc['1:1', 'runs_out_share']:.0%} and leaves {ghost20.loc['1:1', 'unusable_share_mean']:.0%} unusable). "
    f"For a swap device the price of sizing for the worst host is small: "
    f"{rule_8['linux-6.18'] / 8:.3f} % of RAM per 1x of RAM provisioned on 6.18 and {rule_8['swap-table-p4'] / 8:.4f} % "
    "on phase IV. So it is operationally awkward (the size depends on the unknown compression ratio) rather than "
    "impossible; phase IV makes over-provisioning nearly free and a dynamic ghost removes the question.",
    [Value(float(rule_8["linux-6.18"] / 8), "% of RAM per 1x RAM provisioned", "linux-6.18"),
     Value(float(rule_8["swap-table-p4"] / 8), "% of RAM per 1x RAM provisioned", "swap-table-p4"),
     Value(float(ghost20.loc["1:1", "runs_out_share"]), "share of hosts", "1:1 ghost runs out early")],
    fleet_basis, fleet_checked))
sheet.write()

sweeps.close()

# %% [markdown]
# ## Explore
# What to provision on one host, per design: the function behind `swapmodel size` (JupyterLab only;
# batch reports skip this cell's output).

# %%
if interactive:
    from swapmodel.analysis.sizing import size_explorer

    size_explorer()
