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
frag_ratios: list = [1.0, 1.1, 1.2, 1.25, 1.3, 1.4, 1.5, 1.75, 2.0, 3.0]  # physical device size over working set; the same sizes as notebook 04's fill_ratios, so 6.1 and 4.10 find the same k [0.5, 100] len 2..50
frag_seeds: list = [1, 2, 3]  # seeds of the whole-folio sweep [0, 1000000] len 1..100
frag_iterations: int = 60  # churn iterations per run [4, 100000]
region_mib: float = 60.0  # working set of the churn (MiB) [1, 65536]
target_fallback_pct: float = 1.0  # share of mTHP swap-outs allowed not to leave whole (%) [0.01, 100]
fleet_hosts: int = 4000  # hosts drawn from the fleet mix of data/capacity/fleet.toml [10, 10000000]
fleet_seed: int = 1  # seed of the fleet draw [0, 1000000]
fleet_rule: str = "1:1"  # sizing rule of the static devices in the fleet {rules}
zswap_host_weights: list = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]  # share of hosts behind zswap, for the fleet curves [0, 1] len 2..50
writeback_shares: list = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5]  # share of a zswap host's pages written back whatever the pool holds (shrinker, proactive reclaim) [0, 1] len 2..50
contested_designs: list = ["vswap-v3", "p4-rfc-ghost", "ghost-redirect"]  # J3: the first design against each of the others {designs}
gulf_level_percent: float = 1.0  # J3: share of RAM read as a wide gulf, to find the swapped share that reaches it (%) [0.01, 100]
grown_cluster_fills: list = [0.4, 0.6, 0.8, 0.95]  # 4.17: share of a grown device's used-cluster slots in use [0, 1] len 1..20
rmap_cluster_fills: list = [0.5, 0.75, 0.9, 0.95, 0.99]  # 6.3: share of a scanned physical cluster's slots in use [0, 0.999] len 1..20
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
from swapmodel.analysis import layers
from swapmodel.model.fleet import sample_hosts
from swapmodel.model.page_size import page_size_table
from swapmodel.sources.fleet import load_fleet
from swapmodel.base.geometry import GIB_BYTES, MIB_BYTES, PAGE_SIZE_BYTES, TIB_BYTES
from swapmodel.analysis.sweep import executor_from
from swapmodel.base.io import save_csv
from swapmodel.model.ceilings import binding_table, ceiling_bytes, ceiling_slots
from swapmodel.report import plotting
from swapmodel.analysis.claims import evaluate_all
from swapmodel.report.answers import LegacySheet as AnswerSheet, Validation, Value
from swapmodel.sources.kernel_records import load_live_records
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
# ## 4b. What the device's size changes besides free(1)
# swapon adds the device's `si->pages` to `total_swap_pages`; two kernel decisions read it.
# **vm_swap_full()** (`nr_swap_pages * 2 < total_swap_pages`, mm/swap.h at v6.18): while it is
# false, a page swapped in by a read fault keeps its slot in the swap cache (do_swap_page() frees
# it only when should_try_to_free_swap() holds: mem_cgroup_swap_full(), which is true when
# vm_swap_full(), an mlocked VMA, or a write fault with the only reference; mm/memory.c and
# mm/memcontrol.c at v6.18) and the allocator skips such swap-cache-only slots instead of reclaiming
# them (cluster_scan_range(), swap_reclaim_full_clusters(), mm/swapfile.c at v6.18; the allocator of
# `swapmodel.allocator.core` follows the same rule). A static device of k x RAM is full only above
# k/2 of RAM swapped; a device grown cluster by cluster (Kairui Song's alternative to the 8x
# default) is full whenever its used clusters are more than half in use. **The overcommit
# heuristic** (`__vm_enough_memory()`, mm/util.c at v6.18) refuses under OVERCOMMIT_GUESS one request
# above totalram_pages() + total_swap_pages, and under OVERCOMMIT_NEVER caps commitments at
# RAM x overcommit_ratio / 100 + total_swap_pages.

# %%
swapped_points = sorted({0.1, swapped_share_of_ram, 0.35, 0.6, 1.0})
full_table = capacity.vm_swap_full_table(rules, swapped_points, grown_cluster_fills)
display(full_table.pivot_table(index="device", columns="swapped_share_of_ram", values="vm_swap_full", sort=False))
cache_prices = capacity.swap_cache_prices(designs).set_index("design")
display(Markdown("What keeping a swapped-in page's slot costs (vm_swap_full() false) and what dropping it costs "
                 "(true): metadata per swap-cache-only slot, and the write a clean page reclaimed again then "
                 "needs or avoids (a zswap-backed page saves none: zswap_load() frees the compressed copy and "
                 "dirties the folio when it reads into the swap cache, mm/zswap.c at v6.18):"))
display(cache_prices.round(3))
commit = capacity.overcommit_limits(rules, [min(swapped_points), swapped_share_of_ram, 0.35])
display(commit.pivot_table(index="device", columns="swapped_share_of_ram",
                           values=["guess_largest_request_x_ram", "never_commit_limit_x_ram"], sort=False).round(3))
if out_dir:
    save_csv(full_table, f"{out_dir}/vm_swap_full.csv")
    save_csv(cache_prices, f"{out_dir}/swap_cache_prices.csv", index=True)
    save_csv(commit, f"{out_dir}/overcommit.csv")

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
# not in zswap. The sweep is notebook 04's (`layers.layered_fill_sweep`, each two-layer design with the per-CPU
# cluster cache its posted code keeps, data/designs/rules.toml) and k comes from the same
# `layers.provisioning_needed`, so 6.1 and 4.10 quote one k per design.

# %%
folios = layers.layered_fill_sweep(frag_designs, frag_ratios, frag_seeds, frag_iterations, region_mib,
                                   orders=frag_orders, swapin_modes=(False, True), executor=ex)
folios["not_whole_pct"] = folios.not_split_or_kept_pct
needed = layers.provisioning_needed(folios, target_fallback_pct)
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
# **Every fleet answer as a function of the weights nobody measured.** The same draw's hosts
# split into the two groups the mix weighs (behind zswap, and straight to a device); each fleet
# quantity is then a closed-form function of the share w of zswap hosts
# (`swapmodel.analysis.fleet.zswap_weight_curves`): shares of hosts are w s_zswap + (1 - w) s_other,
# averages over swapped pages a ratio of two such lines. Each verdict flips at one w (table below,
# NaN: not between 0 and 1); the mix's w is one point on each curve. The closed form against the
# re-drawn curve above (largest difference in the share of hosts where cheaper):

# %%
w_curves, w_flips = fleet.zswap_weight_curves(per_host, dyn_fleet, baselines, zswap_host_weights)
mix_w = sum(b.weight for b in mix.backends if b.zswap) / sum(b.weight for b in mix.backends)
redrawn = curves.set_index(["zswap_host_weight", "design", "baseline"]).share_of_hosts
closed = w_curves[w_curves.quantity == "hosts where cheaper"].set_index(["zswap_host_weight", "design", "baseline"]).value
display(Markdown(f"{float((redrawn - closed.reindex(redrawn.index)).abs().max()):.3f}. The mix's w = {mix_w:.2f}. "
                 "Where each verdict flips:"))
display(w_flips.round(3))
wb_curves, wb_flips = fleet.writeback_share_sweep(mix, writeback_shares, dyn_fleet, baselines, rule_factor,
                                                  fleet_hosts, fleet_seed)
display(Markdown("The other weight: the share of a zswap host's swapped pages its shrinker and proactive "
                 "writeback put on disk whatever the pool holds (the mix assumes "
                 f"{mix.writeback_share:g}, pool overflow only). The quantities at the mix's w, and where each flips "
                 "over the swept range:"))
display(wb_curves.pivot_table(index=["quantity", "design", "baseline"], columns="writeback_share", values="value",
                              sort=False).round(3))
display(wb_flips.round(3))
if out_dir:
    save_csv(w_curves, f"{out_dir}/zswap_weight_curves.csv")
    save_csv(w_flips, f"{out_dir}/zswap_weight_flips.csv")
    save_csv(wb_curves, f"{out_dir}/writeback_share_curves.csv")
    save_csv(wb_flips, f"{out_dir}/writeback_share_flips.csv")

fig, axes = plt.subplots(1, 3, figsize=(16, 4.5))
for q in ("mean disk share", "hosts over half on disk"):
    c = w_curves[w_curves.quantity == q]
    axes[0].plot(c.zswap_host_weight, c.value, marker="o", ms=3, label=q)
axes[0].axhline(0.5, ls=":", color="grey")
axes[0].axvline(mix_w, ls="--", color="black", lw=1)
axes[0].set_title("6.2 and 4.8: disk case against the zswap-host share")
for base, ax in zip(baselines, axes[1:]):
    for d, c in w_curves[(w_curves.quantity == "expected bytes ratio") & (w_curves.baseline == base)].groupby("design", sort=False):
        ax.plot(c.zswap_host_weight, c.value, label=d, **plotting.line_kwargs(d))
    ax.axhline(1.0, ls=":", color="grey")
    ax.axvline(mix_w, ls="--", color="black", lw=1)
    ax.set_title(f"J2: expected bytes per entry over {base}'s")
for ax in axes:
    ax.set_xlabel("share of hosts behind zswap")
    ax.legend(fontsize=8)
fig.suptitle("Fleet answers against the assumed zswap-host share (dashed: the mix's assumption; dotted: the verdict's level)",
             fontsize=10)
fig.tight_layout()
plotting.show(fig, out_dir, "fleet_flips")

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
ghost_flips = fleet.ghost_flip_table(rules, ghost_pool_percents, hosts)
display(Markdown("The assumed input behind these shares is the mix's compression ratios. Per rule and pool, the "
                 "ratio above which the ghost runs out of slots before the pool fills "
                 "(`swapmodel.model.fleet.ghost_ratio_flip`), and the share of the draw's hosts above it:"))
display(ghost_flips.round(3))
if out_dir:
    save_csv(ghost_sizes, f"{out_dir}/ghost_sizing.csv")
    save_csv(ghost_flips, f"{out_dir}/ghost_flips.csv")

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
display(Markdown(f"Over the fleet mix the vswap-v3 reverse map takes {fleet_rmap_pct:.3f} % of RAM on average."))

# %% [markdown]
# **How often the reverse map is used.** It is not read on swapoff and migration alone. Written by
# vswap_rmap_set() when a physical slot is allocated for a virtual one (writeback, a reject going to
# disk) and cleared when the slot is freed: two writes per disk residency. Read, in vswap-v3 to v5, by
# the physical allocator for every allocated slot its scan passes: cluster_scan_range() and
# swap_reclaim_full_clusters() call swap_cache_only() -> swap_only_has_cache() ->
# swp_slot_to_swp_entry() (the reverse map) and then vswap_only_has_cache() (the descriptor), where
# 6.18 compares one swap_map byte (vswap-v3 PATCH 13/20, mm/swapfile.c,
# https://lore.kernel.org/all/20260208215839.87595-14-nphamcs@gmail.com/). vswap-v6 added the
# cache-only bit to the reverse-map entry so the scan reads it in place (mm/swap_table.h of the
# posted series: `swap_rmap_mark_cache_only()` at count 0 in the swap cache, `swap_rmap_is_cache_only()`).
# Checks per order-0 allocation with the cluster's slots in use independently with probability f,
# priced with this machine's latencies (`swapmodel.model.lookup` steps, the descriptor at L3):

# %%
lat_runs = load_live_records("latency")
lat_ns = {k: float(np.median([r["latency_ns"][k] for r in lat_runs])) for k in ("L1d", "L2", "L3", "DRAM")}
atomic_ns = float(np.median([r["atomic_rmw_ns"] for r in lat_runs if r.get("atomic_rmw_ns")]))
rmap_ops = capacity.rmap_operations(rmap_cluster_fills, lat_ns, atomic_ns, 16384)
display(rmap_ops.pivot_table(index="family", columns="cluster_fill", values=["checks_per_allocation", "ns_per_allocation"],
                             sort=False).round(1))
display(Markdown("One check: " + ", ".join(f"{f} {n:.1f} ns" for f, n in
                                            rmap_ops.groupby("family", sort=False).ns_per_check.first().items())
                 + f"; a full-cluster reclaim scan (when vm_swap_full()) checks all 512 slots. Latencies: medians of "
                 f"{len(lat_runs)} records of data/kernel/live (L1d {lat_ns['L1d']:.2f}, L3 {lat_ns['L3']:.1f} ns); "
                 "16384 used clusters (a 32 GiB space)."))
if out_dir:
    save_csv(rmap_ops, f"{out_dir}/rmap_operations.csv")

# %% [markdown]
# **The widest gulf.** For each sizing rule, the host of the fleet draw where the designs differ
# most per used entry and as a share of RAM:

# %%
gulf = fleet.widest_gulf(hosts, prices, rules, fleet_designs)
display(gulf.round(3))
contested = [(contested_designs[0], d) for d in contested_designs[1:]]
pair_prices = fleet.price_grid(contested_designs)
pairs = fleet.pair_gulf(hosts, pair_prices, rules, contested)
display(Markdown("The gulf the seed denies is between the contested designs at one sizing (a host runs one of "
                 "them, not the dearest of all): per rule and pair, the widest host of the draw:"))
display(pairs.round(3))
gulf_flip = {(x, y): fleet.gulf_ram_flip(pair_prices, x, y, rule_factor, 0.0, gulf_level_percent, uses_zswap=False)
             for x, y in contested}
display(Markdown(f"Swapped share of RAM (a host without zswap, devices sized {fleet_rule}) at which each pair's gulf "
                 f"reaches {gulf_level_percent:g} % of RAM: "
                 + ", ".join(f"{x} vs {y} {c:.2f}" for (x, y), c in gulf_flip.items()) + "."))
if out_dir:
    save_csv(gulf, f"{out_dir}/widest_gulf.csv")
    save_csv(pairs, f"{out_dir}/contested_gulf.csv")

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
claims_table = pd.DataFrame(evaluate_all())
static_record = load_live_records("static")[-1]
static_4g = next(r for r in static_record["rows"] if r["size_mib"] == 4096)
static_rows = capacity.claim_validation(
    claims_table, ["chris-static", "p4-static-per-slot", "p3-1tb-saves", "p4-1tb-saves", "p4-rfc-1tb-measured",
                   "p4-v5-1tb-measured", "p3-saves-percent"]) + [
    Validation(f"data/kernel/live static record ({static_record['kernel_release']}, {static_record['settings']['device']}, "
               "4 GiB): VmallocUsed + Slab taken at swapon per slot, measured", 
               (static_4g["delta_VmallocUsed"] + static_4g["delta_Slab"]) / static_4g["slots"],
               float(ghost.loc["linux-6.18", "per_slot_bytes"]), "B per slot")]
display(sheet.add(
    "4.28",
    f"Empty, yes: at {ghost_demo_mib:,.0f} MiB the dynamic ghost (p4-rfc-ghost) pays {ghost.loc['p4-rfc-ghost', 'empty_mib'] * MIB_BYTES:.0f} "
    f"B of per-slot or per-cluster metadata, where a static device of that size would take "
    f"{ghost.loc['linux-6.18', 'empty_mib'] / 1024:.1f} GiB at swapon (linux-6.18, and Chris Li's static ghost-rfc "
    f"{ghost.loc['ghost-rfc', 'empty_mib'] / 1024:.1f} GiB) and the static cluster array of phase IV "
    f"{ghost.loc['swap-table-p4-rfc', 'empty_mib']:.0f} MiB as in the RFC (swap-table-p4-rfc, 32 B cluster info) or "
    f"{ghost.loc['swap-table-p4', 'empty_mib']:.0f} MiB as merged (swap-table-p4, 48 B cluster info). The cost arrives "
    f"with use: {ghost.loc['p4-rfc-ghost', 'per_used_cluster_kib']:.1f} KiB per used cluster of zswap entries "
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
    "they do not grow with the size; zswap entries for the per-cluster figure.",
    "Every published or measured static-overhead figure of data/ (rows below) and the swap-layer bytes per zswap "
    "entry on the dynamic ghost that Kairui Song's RFC cover states.",
    status="answered",
    validation=static_rows + capacity.claim_validation(claims_table, ["kairui-rfc-ghost-zswap"])))

eight_cost = rule_cost[rule_cost.rule == eight.name].set_index("design").percent_of_ram
full_at = full_table.drop_duplicates("device").set_index("device").full_above_swapped_share
cold_lo, cold_hi = mix.cold_low, mix.cold_high
guess = commit[commit.swapped_share_of_ram == swapped_share_of_ram].set_index("device")
grown_guess = commit[commit.device == "grown by cluster"].set_index("swapped_share_of_ram")
display(sheet.add(
    "4.17",
    f"The size is not free even where nothing is paid per slot (p4-rfc-ghost: {eight_cost['p4-rfc-ghost']:.0f} % of RAM "
    "at 8x): swapon adds si->pages to total_swap_pages, and two kernel decisions read it. vm_swap_full() holds only "
    f"above {full_at[f'static, {eight.name}']:g}x RAM swapped on an 8x device (above half the device), never at the "
    f"mix's {cold_lo:.0%}-{cold_hi:.0%}, so a page swapped in by a read fault keeps its slot as swap-cache-only and "
    "the allocator skips those slots instead of reclaiming them (they go only when the page is freed or reclaimed "
    "again): "
    f"{cache_prices.loc['p4-rfc-ghost', 'cache_only_bytes_per_slot']:.1f} B each on p4-rfc-ghost "
    f"({cache_prices.loc['p4-rfc-ghost', 'mib_per_gib_cache_only']:.1f} MiB per GiB of such pages, and the used "
    "cluster it sits in stays allocated), and on a ghost that fronts zswap keeping it saves nothing, since zswap_load() "
    "already freed the compressed copy and dirtied the folio. A device grown cluster by cluster is full whenever its "
    "used clusters are more than half in use, so every swap-in drops its swap cache (should_try_to_free_swap() via "
    "mem_cgroup_swap_full()) and the allocator reclaims cache-only slots: free for zswap pages, one "
    f"{cache_prices.loc['p4-rfc-ghost', 'write_saved_bytes_disk'] / 1024:.0f} KiB rewrite for a disk-backed page "
    "reclaimed again unmodified. The overcommit heuristic counts the size too: OVERCOMMIT_GUESS accepts one "
    f"request up to {guess.loc[f'static, {eight.name}', 'guess_largest_request_x_ram']:g}x RAM at 8x, against "
    f"{grown_guess.loc[cold_lo, 'guess_largest_request_x_ram']:.2f}-{grown_guess.loc[cold_hi, 'guess_largest_request_x_ram']:.2f}x "
    f"grown; OVERCOMMIT_NEVER's CommitLimit falls from {guess.loc[f'static, {eight.name}', 'never_commit_limit_x_ram']:g}x "
    f"to {grown_guess.loc[cold_lo, 'never_commit_limit_x_ram']:.2f}-{grown_guess.loc[cold_hi, 'never_commit_limit_x_ram']:.2f}x "
    "RAM (ratio 50 %), which refuses commitments a static device of any rule here allows. STE v5 reportedly relaxes "
    "OVERCOMMIT_GUESS to 3x memory for zswap without a swapfile (secondary digest, posting not read). Static designs "
    f"pay at swapon besides: 8x RAM costs {eight_cost['linux-6.18']:.2f} % of RAM on linux-6.18 and ghost-rfc, "
    f"{eight_cost['swap-table-p4']:.3f} % on swap-table-p4.",
    [Value(float(full_at[f"static, {eight.name}"]), "x RAM swapped", "vm_swap_full() from, 8x device"),
     Value(float(full_at["static, 1:1"]), "x RAM swapped", "vm_swap_full() from, 1:1 device"),
     Value(float(cache_prices.loc["p4-rfc-ghost", "cache_only_bytes_per_slot"]), "B per cache-only slot", "p4-rfc-ghost"),
     Value(float(cache_prices.loc["linux-6.18", "cache_only_bytes_per_slot"]), "B per cache-only slot", "linux-6.18"),
     Value(float(cache_prices.loc["p4-rfc-ghost", "write_saved_bytes_disk"]), "B written", "per clean disk-backed page reclaimed again, swap cache dropped"),
     Value(float(guess.loc[f"static, {eight.name}", "guess_largest_request_x_ram"]), "x RAM", "OVERCOMMIT_GUESS largest request, 8x device"),
     Value(float(grown_guess.loc[swapped_share_of_ram, "guess_largest_request_x_ram"]), "x RAM",
           f"OVERCOMMIT_GUESS largest request, grown device, {swapped_share_of_ram:.0%} of RAM swapped"),
     Value(float(grown_guess.loc[swapped_share_of_ram, "never_commit_limit_x_ram"]), "x RAM",
           f"OVERCOMMIT_NEVER CommitLimit, grown device, {swapped_share_of_ram:.0%} of RAM swapped")]
    + [Value(float(eight_cost[d]), "% of RAM", f"{d} at 8x RAM") for d in eight_cost.index],
    "Kernel rules read at v6.18: vm_swap_full() (mm/swap.h), should_try_to_free_swap() and do_swap_page() "
    "(mm/memory.c), mem_cgroup_swap_full() (mm/memcontrol.c), cluster_scan_range() and swap_reclaim_full_clusters() "
    "(mm/swapfile.c), zswap_load() (mm/zswap.c), __vm_enough_memory() and vm_commit_limit() (mm/util.c). One swap "
    "device (the ghost alone counts in total_swap_pages); a grown device's si->pages is its used clusters x 512 and "
    "shrinks with them; the memcg's own swap.max, hugetlb and the admin/user reserves left out; a write fault frees the "
    "swap cache whatever the size. Each behaviour is priced per event: how many pages are read-faulted and reclaimed "
    "again clean depends on the workload, which is not modelled.",
    "Every published or measured static-overhead figure of data/ (rows below); the vm_swap_full() rule is the one "
    "the compiled allocator (swapmodel.allocator.core) follows, checked against this kernel's swpout_fallback in "
    "notebooks 03-04.",
    status="answered", validation=static_rows))
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
    "under a virtual layer " + ", ".join(f"{d} k = {k:g}" for d, k in k_layered.items())
    + " (each with the per-CPU cluster cache of its posted code; the same k as 4.10, from the same sweep)"
    + f"; provisioned so, a used disk entry costs {per_entry_at_k['linux-6.18']:.1f} B (6.18), "
    + ", ".join(f"{per_entry_at_k[d]:.1f} B ({d})" for d in shown_dyn) + ".",
    [Value(u_star(d, b, z), "utilisation", f"{d} vs {b}, z = {z:g}") for b in baselines for d in shown_dyn
     for z in (z0, z1)]
    + [Value(float(worst[d]), "device size / swapped set", f"{d}, order {max(frag_orders)}, page-by-page swap-in",
             design=d, quantity=layers.k_quantity(target_fallback_pct, max(frag_orders)),
             scope=layers.fill_scope(region_mib, "posted", order=max(frag_orders))) for d in worst.index
       if worst[d] == worst[d]]
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
wf = w_flips.set_index(["quantity", "design", "baseline"]).flip_weight
wc = w_curves.set_index(["quantity", "design", "baseline", "zswap_host_weight"]).value
wbf = wb_flips.set_index(["quantity", "design", "baseline"]).flip_writeback_share
wbc = wb_curves.set_index(["quantity", "design", "baseline", "writeback_share"]).value
w_lo, w_hi = min(zswap_host_weights), max(zswap_host_weights)
p_lo, p_hi = min(writeback_shares), max(writeback_shares)
zswap_disk_q = "zswap hosts' mean disk share"


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


def finite(values):
    """The values that are numbers (a flip outside the swept range is NaN and not shown as a number)."""
    return [v for v in values if np.isfinite(v.value)]


fleet_input_note = (f" The mix's weights are assumptions: the share of hosts behind zswap (w = {mix_w:.2f}) and the "
                    f"share zswap writes back whatever its pool holds ({mix.writeback_share:g}); each curve over them "
                    "is in tables zswap_weight_curves and writeback_share_curves and figure fleet_flips.")
display(sheet.add(
    "6.2",
    "Whether the disk case dominates is decided by the share w of hosts behind zswap: the swapped pages' mean "
    f"disk-resident share is {at_w('mean disk share', w=w_lo):.2f} at w = {w_lo:g} and "
    f"{at_w('mean disk share', w=w_hi):.3f} at w = {w_hi:g}, and crosses half at "
    f"{flip_text(wf[('mean disk share', '', '')])}; the mix's w = {mix_w:.2f} gives "
    f"{all_hosts['entry_weighted_mean']:.2f} (median host {all_hosts['median']:.2f}, 95th percentile "
    f"{all_hosts['p95']:.2f}). Behind zswap's default pool the disk share is {zswap_hosts['entry_weighted_mean']:.3f} "
    f"on average ({zswap_hosts['p95']:.2f} at the 95th percentile) with pool overflow alone; when the shrinker and "
    f"proactive writeback put a share p on disk whatever the pool holds, it rises to "
    f"{wbc[(zswap_disk_q, '', '', p_hi)]:.2f} at p = {p_hi:g}, and the fleet mean crosses half (at the mix's w) at "
    f"{flip_text(wbf[('mean disk share', '', '')], 'p')}. Expected (95th percentile) bytes per used "
    "entry at the mix's point: "
    + ", ".join(f"{d} {summary.loc[d, 'expected_bytes']:.1f} ({summary.loc[d, 'p95_bytes']:.1f})" for d in summary.index)
    + ".",
    finite([Value(float(wf[("mean disk share", "", "")]), "share of hosts behind zswap", "mean disk share reaches half"),
     Value(float(all_hosts["entry_weighted_mean"]), "share of swapped pages", f"disk-resident, fleet mean at w = {mix_w:.2f}"),
     Value(float(all_hosts["p95"]), "share of swapped pages", "disk-resident, 95th percentile of hosts"),
     Value(float(zswap_hosts["entry_weighted_mean"]), "share of swapped pages", "disk-resident, zswap hosts, pool overflow only"),
     Value(float(wbc[("zswap hosts' mean disk share", "", "", p_hi)]), "share of swapped pages",
           f"disk-resident, zswap hosts, {p_hi:g} written back whatever the pool holds")]
    + [Value(float(summary.loc[d, "expected_bytes"]), "B per used entry", f"{d}, expected") for d in summary.index]
    + [Value(float(summary.loc[d, "p95_bytes"]), "B per used entry", f"{d}, 95th percentile") for d in summary.index]),
    fleet_basis + fleet_input_note,
    fleet_checked + " No published or measured disk-resident share of a fleet is in data/, so there is no validation row.",
    validation=[]))

disk_hosts = per_host[per_host.disk_share > 0.5]
v3_over_p4 = float((disk_hosts["vswap-v3"] / disk_hosts["swap-table-p4"]).median())
v3_over_618 = float((disk_hosts["vswap-v3"] / disk_hosts["linux-6.18"]).median())
median_cold = float(hosts.cold_share.median())
d3 = fleet.host_ratio_flip(prices, "vswap-v3", "swap-table-p4", rule_factor, median_cold, 3.0)
fleet_ratio = "expected bytes ratio"
kairui_rows = capacity.claim_validation(claims_table, ["kairui-times-p3", "kairui-times-p4", "kairui-128g-vswap",
                                                       "kairui-128g-p3", "kairui-128g-p4", "nhat-disk-added",
                                                       "nhat-disk-added-percent"])
display(sheet.add(
    "4.8",
    "Whether the disk case is common is the share w of hosts behind zswap: the share of hosts keeping more than half "
    f"their swapped pages on a device is {at_w('hosts over half on disk', w=w_lo):.0%} at w = {w_lo:g} and "
    f"{at_w('hosts over half on disk', w=w_hi):.0%} at w = {w_hi:g}, half at "
    f"{flip_text(wf[('hosts over half on disk', '', '')])}; the mix's w = {mix_w:.2f} gives "
    f"{all_hosts['share_above_half']:.0%}, all of them zram or swapfile hosts (behind zswap "
    f"{zswap_hosts['share_above_half']:.0%}; with a share p written back whatever the pool holds, half the hosts are "
    f"mostly on disk at {flip_text(wbf[('hosts over half on disk', '', '')], 'p')}). On those hosts vswap-v3 costs {v3_over_p4:.1f}x "
    f"swap-table-p4 (phase IV as merged) and {v3_over_618:.1f}x linux-6.18 per used entry (median over hosts, devices "
    f"sized {fleet_rule}); on one host at the median swapped share ({median_cold:.0%} of RAM) it reaches 3x "
    f"swap-table-p4 from a disk-resident share of {d3:.2f} up, so Kairui Song's '3 - 4 times' holds on disk-heavy "
    "hosts only. Over the whole fleet vswap-v3 expects "
    f"{at_w(fleet_ratio, 'vswap-v3', 'swap-table-p4'):.2f}x swap-table-p4 at the mix's w "
    f"({at_w(fleet_ratio, 'vswap-v3', 'swap-table-p4', w_lo):.2f}x at w = {w_lo:g}, "
    f"{at_w(fleet_ratio, 'vswap-v3', 'swap-table-p4', w_hi):.2f}x at w = {w_hi:g}).",
    finite([Value(float(wf[("hosts over half on disk", "", "")]), "share of hosts behind zswap", "half the hosts mostly on disk"),
     Value(float(all_hosts["share_above_half"]), "share of hosts", f"more than half on disk, w = {mix_w:.2f}"),
     Value(v3_over_p4, "times", "vswap-v3 / swap-table-p4 on those hosts"),
     Value(v3_over_618, "times", "vswap-v3 / linux-6.18 on those hosts"),
     Value(d3, "disk-resident share", "vswap-v3 reaches 3x swap-table-p4 on a median host"),
     Value(at_w(fleet_ratio, "vswap-v3", "swap-table-p4"), "times", "vswap-v3 / swap-table-p4, fleet expectation")]),
    fleet_basis + fleet_input_note,
    fleet_checked + " Rows: every published figure of the same comparison in data/claims/overhead.toml, each priced "
    "with the full ledger (swap layer) in its own case (a full 32 or 128 GiB disk device).",
    part="fleet", validation=kairui_rows))

display(sheet.add(
    "J2",
    "It is decided by the share w of hosts behind zswap. The design costs less than linux-6.18 on the majority "
    "of hosts "
    + ", ".join(f"{d} {verdict_at('hosts where cheaper', d, baselines[0])}" for d in dyn_fleet)
    + "; less than swap-table-p4 "
    + ", ".join(f"{d} {verdict_at('hosts where cheaper', d, baselines[1])}" for d in dyn_fleet)
    + f". At the mix's w = {mix_w:.2f} these shares are "
    + ", ".join(f"{d} {at_w('hosts where cheaper', d, baselines[0]):.0%}" for d in dyn_fleet)
    + " (against linux-6.18) and "
    + ", ".join(f"{d} {at_w('hosts where cheaper', d, baselines[1]):.0%}" for d in dyn_fleet)
    + " (against swap-table-p4). Its expected bytes per entry over the fleet are below the baseline's "
    + ", ".join(f"{d} {verdict_at(fleet_ratio, d, b, cheaper_when_above=False)} ({b})" for b in baselines for d in dyn_fleet)
    + ". A host without zswap runs p4-rfc-ghost's physical device (swap-table-p4-rfc) instead, which is why that "
    "design wins there too. Read as 'the vast majority of hosts', the claim holds for a design only above its flip.",
    [Value(float(wf[("hosts where cheaper", d, b)]), "share of hosts behind zswap", f"{d} cheaper than {b} on half the hosts")
     for b in baselines for d in dyn_fleet if wf[("hosts where cheaper", d, b)] == wf[("hosts where cheaper", d, b)]]
    + [Value(at_w("hosts where cheaper", d, b), "share of hosts", f"{d} cheaper than {b}, w = {mix_w:.2f}")
       for b in baselines for d in dyn_fleet],
    fleet_basis + fleet_input_note,
    fleet_checked + " The closed-form curve against the re-drawn fleets of figure cheaper_share. No published or "
    "measured share of hosts is in data/, so there is no validation row.",
    validation=[]))

widest = gulf.loc[gulf.gulf_bytes_per_entry.idxmax()]
widest_ram = gulf.loc[gulf.gulf_percent_of_ram.idxmax()]
pr = pairs.set_index(["rule", "pair", "widest"])
head_pair = f"{contested[0][0]} vs {contested[0][1]}"
host_rules = [r.name for r in rules if r.factor in (1.0, 2.0)]
display(sheet.add(
    "J3",
    f"Between the contested designs at one sizing the gulf is small: devices sized {fleet_rule}, {contested[0][0]} "
    f"against {contested[0][1]} is at most {pr.loc[(fleet_rule, head_pair, 'per entry'), 'gulf_bytes_per_entry']:.0f} B per "
    f"used entry (a {pr.loc[(fleet_rule, head_pair, 'per entry'), 'backend']} host, "
    f"{pr.loc[(fleet_rule, head_pair, 'per entry'), 'dearer']} dearer) and "
    f"{pr.loc[(fleet_rule, head_pair, 'share of RAM'), 'gulf_percent_of_ram']:.2f} % of RAM at the widest host of the draw; "
    + "; ".join(f"{x} against {y} at most {pr.loc[(fleet_rule, f'{x} vs {y}', 'per entry'), 'gulf_bytes_per_entry']:.0f} B and "
                f"{pr.loc[(fleet_rule, f'{x} vs {y}', 'share of RAM'), 'gulf_percent_of_ram']:.2f} %" for x, y in contested[1:])
    + (f"; at 2x RAM {head_pair} {pr.loc[('2x RAM', head_pair, 'per entry'), 'gulf_bytes_per_entry']:.0f} B and "
       f"{pr.loc[('2x RAM', head_pair, 'share of RAM'), 'gulf_percent_of_ram']:.2f} %" if "2x RAM" in host_rules else "")
    + f". On a host without zswap (every swapped page on the device) it reaches {gulf_level_percent:g} % of RAM only "
    f"when more than {gulf_flip[contested[0]]:.2f}x RAM is swapped"
    + (f", more than a {fleet_rule} device holds" if gulf_flip[contested[0]] > rule_factor else "")
    + ". The widest gulf over all "
    f"designs and all sizing rules, {widest.gulf_bytes_per_entry:.0f} B per entry ({widest.dearest} against "
    f"{widest.cheapest}) and {widest_ram.gulf_percent_of_ram:.2f} % of RAM ({widest_ram.dearest} against "
    f"{widest_ram.cheapest}), is made by a static device sized {widest.rule}, not by the descriptor: {widest.rule} is "
    "the size p4-rfc-ghost advertises (it pays nothing per advertised slot), and a static device that large is "
    "nobody's proposal. Notebook 04's adversarial sparse occupancy (4.26) is wider per live cluster but is not a fleet host.",
    finite([Value(float(pr.loc[(fleet_rule, head_pair, "per entry"), "gulf_bytes_per_entry"]), "B per used entry", f"{head_pair}, {fleet_rule}, widest host"),
     Value(float(pr.loc[(fleet_rule, head_pair, "share of RAM"), "gulf_percent_of_ram"]), "% of RAM", f"{head_pair}, {fleet_rule}, widest host"),
     Value(float(pr.loc[(fleet_rule, head_pair, "per entry"), "fleet_mean_gulf_bytes"]), "B per used entry", f"{head_pair}, {fleet_rule}, fleet mean"),
     Value(float(gulf_flip[contested[0]]), "x RAM swapped", f"{head_pair} reaches {gulf_level_percent:g} % of RAM, host without zswap")]
    + [Value(float(pr.loc[(fleet_rule, f"{x} vs {y}", "per entry"), "gulf_bytes_per_entry"]), "B per used entry", f"{x} vs {y}, {fleet_rule}")
       for x, y in contested[1:]]
    + [Value(float(widest.gulf_bytes_per_entry), "B per used entry", f"widest over all designs, {widest.rule} (secondary)"),
       Value(float(widest_ram.gulf_percent_of_ram), "% of RAM", f"widest over all designs, {widest_ram.rule} (secondary)")]),
    fleet_basis + f" Every sizing rule of data/capacity/ceilings.toml applied to every host; a {gulf_level_percent:g} % "
    "of RAM threshold for 'giant' is this answer's reading, not the seed's.",
    fleet_checked + " Rows: the published per-entry figures the contested gulf is made of, each priced with the full "
    "ledger (swap layer) in its own case; no published gulf is in data/.",
    validation=capacity.claim_validation(claims_table, ["chris-vswap-dynamic", "kairui-rfc-ghost-zswap",
                                                        "kairui-rfc-ghost-rmap", "chris-redirect-dynamic"])))

zs, dk = consolidation.set_index("state").loc["zswap"], consolidation.set_index("state").loc["disk"]
display(sheet.add(
    "J1",
    f"Per zswap entry, {zs.replaced_bytes:.1f} B of vswap-v3's {zs.descriptor_allocated_bytes:.0f} B descriptor (as "
    f"allocated; {zs.descriptor_struct_bytes:.0f} B as a struct) replace state linux-6.18 keeps (zswap tree, swap table, "
    f"swap_map, swap_cgroup, zeromap): {zs.replaced_bytes / zs.descriptor_allocated_bytes:.0%} consolidation, and the "
    f"design costs {zs.net_new_bytes:+.1f} B per entry against linux-6.18. Per disk entry it replaces "
    f"{dk.replaced_bytes:.1f} B ({dk.replaced_bytes / dk.descriptor_allocated_bytes:.0%}): the slot field is new state "
    f"and the physical device adds its reverse map, so the net is {dk.net_new_bytes:+.1f} B per entry. 'Mostly a "
    "consolidation' holds for zswap entries, not for disk entries. The 32 B 'as allocated': 512 descriptors of 24 B "
    "and the cluster header (about 12.4 KB) allocated with kvzalloc() (v3 09/20, vswap_alloc()), which above "
    "KMALLOC_MAX_CACHE_SIZE (8 KiB) takes an order-2 16 KiB block of pages (vmalloc's 12 KiB only if that fails). vswap-v6 vzalloc()s the "
    "array (read in the posted mm/vswap.c), three whole pages, so there it is 24 B per entry and every net above is "
    "8 B per entry smaller.",
    [Value(float(zs.replaced_bytes), "B per entry", "replaced, zswap"), Value(float(zs.net_new_bytes), "B per entry", "net new, zswap"),
     Value(float(dk.replaced_bytes), "B per entry", "replaced, disk"), Value(float(dk.net_new_bytes), "B per entry", "net new, disk")],
    "Field-to-state mapping of data/capacity/consolidation.toml (the project's reading of the v3 cover); full ledgers "
    "on a full dense device (utilisation 1), so static per-slot state counts as replaced in full; the descriptor "
    "array's 16 KiB per cluster is kvzalloc()'s order-2 block (vmalloc's 12 KiB when the page allocation fails).",
    "Descriptor size recomputed from the cover's field list (claim vswap-desc-v3); linux-6.18 component sizes from BTF.",
    validation=capacity.claim_validation(claims_table, ["vswap-desc-v3", "chris-vswap-dynamic", "nhat-disk-added"])
    + capacity.claim_validation(claims_table, ["johannes-indirection-word"], column="reproduced",
                                what=" [model: the same field, vswap-v3's 8 B backend word, like for like]")
    + capacity.claim_validation(claims_table, ["nhat-zswap-added"], column="full_with_payload",
                                what=" [model: full ledgers with zswap bookkeeping on both sides, as his old-design ledger counts the zswap tree]"),
    gap="Johannes Weiner's 'the actual indirection is just a word' (8 B) is the descriptor's backend field, and "
        f"the model's field is the same 8 B; what a disk entry costs is wider, {dk.net_new_bytes:.1f} B against "
        "linux-6.18 (the reverse map in the physical swap table and the descriptor fields that are new state for a "
        "disk entry), which the answer states and no claim contests. "
        "Nhat Pham's own table (nhat-zswap-added, 40 MiB more for a full 32 GiB of zswap entries) is reproduced "
        "exactly by his ledger (notebook 01); the full ledgers give "
        f"{float(claims_table.set_index('id').loc['nhat-zswap-added', 'full_with_payload']):.0f} MiB: the components "
        "his ledger prices lower or leaves out are in notebook 01's claimed-against-full waterfall for vswap-v3 "
        "(state zswap): the descriptor as allocated, 32 B against his 24 B, is 8 B x 8 Mi entries = 64 MiB of it. "
        "Leading hypothesis: his ledger prices the descriptor as a 24 B struct, not as kvzalloc() allocates it; "
        "with vmalloc's 12 KiB array the full ledgers would be within 2x of his figure."))

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
    + " instead of the zswap price. Where it lives: the two-layer designs keep "
    + ", ".join(f"{d} {lt.loc[(d, 'disk'), 'bottom_bytes']:.1f} B" for d in ["p4-rfc-ghost", "vswap-v3", "vswap-ste-v2"])
    + " of a disk entry in the bottom (physical) layer, the reverse map and bitmaps; everything a zswap, zero or "
    "cache-only entry needs is on top, so putting metadata in the bottom layer pays only for disk entries, while the "
    "top layer must exist for every entry. Recording the memcg each entry is charged to costs, per used disk entry: "
    + ", ".join(f"{d} {memcg_ids[d]:.1f} B" for d in memcg_ids.index)
    + f" in separate tables (0 B: packed into another field, {memcg_field:.0f} B of vswap-v3/v6's descriptor or "
    "swap-table-p4-rfc's swap table entry); vswap-ste-v2 skips the physical memcg table for clusters that only back "
    "vswap (4.22), so a vswap-backed page is recorded once. How the metadata itself is charged to the memory cgroup "
    "(whether a descriptor array or a dynamic cluster table allocated at swap-out is a memcg-accounted allocation, "
    "and to which memcg) is not answered here: it needs the GFP flags of each posted allocation (the issue's "
    "question 7.2).",
    [Value(float(lt.loc[(d, s), "total_bytes"]), "B per used entry", f"{d}, {s}") for d in ["linux-6.18", "vswap-v3", "vswap-ste-v2"]
     for s in ("zero", "disk")]
    + [Value(float(lt.loc[(d, "disk"), "bottom_bytes"]), "B per disk entry", f"{d}, bottom layer")
       for d in ["p4-rfc-ghost", "vswap-v3", "vswap-ste-v2"]],
    "Full ledgers, full dense device; the swap-cache-only state priced as an entry with no backing; CPU costs of "
    "exclusive loads and rejects are time questions (issue 10); the memcg charging of the metadata's own allocations "
    "is not computed.",
    "Per-state prices from BTF sizes and the postings' structures (notebook 01); linux-6.18 validated live (notebook "
    "03); rows: every published per-entry figure of data/claims/overhead.toml, full ledger (swap layer) in its own case.",
    status="partial",
    validation=capacity.claim_validation(claims_table, ["chris-dynamic", "kairui-rfc-plain", "kairui-rfc-ghost-zswap",
                                                        "kairui-rfc-ghost-rmap", "chris-redirect-dynamic",
                                                        "chris-vswap-dynamic", "p4-memcg-table-per-slot",
                                                        "p4-per-slot-dynamic"])))

ops = rmap_ops.set_index(["cluster_fill", "family"])
chase, bit = "vswap v3-v5 (rmap chase)", "vswap v6 (rmap bit)"
f_hi = max(rmap_cluster_fills)
f_mid = min(rmap_cluster_fills, key=lambda f: abs(f - 0.9))
rmap_claimed = claims_table.set_index("id")
display(sheet.add(
    "6.3",
    "The reverse map costs " + ", ".join(f"{d} {rmap.loc[d, 'bytes_per_disk_entry']:.2f} B" for d in rmap.index)
    + f" per disk-resident entry ({rmap.loc['vswap-v3', 'mib_per_gib_on_disk']:.1f} MiB per GiB on disk; zswap entries "
    f"pay nothing for it), {fleet_rmap_pct:.3f} % of RAM averaged over the fleet mix. It is not used on swapoff and "
    "migration only. It is written twice per disk residency (vswap_rmap_set() when writeback or a reject allocates the "
    "physical slot, cleared when the slot is freed). In vswap-v3 to v5 it is read by the physical allocator for every "
    "allocated slot its scan passes (cluster_scan_range() and swap_reclaim_full_clusters() -> swap_cache_only() -> "
    "swp_slot_to_swp_entry(), then the descriptor), where linux-6.18 compares one swap_map byte: "
    f"{ops.loc[(f_mid, chase), 'ns_per_check']:.0f} ns per check here against {ops.loc[(f_mid, bit), 'ns_per_check']:.1f} ns, "
    f"{ops.loc[(f_mid, chase), 'checks_per_allocation']:.0f} checks per order-0 allocation at a cluster fill of "
    f"{f_mid:g} ({ops.loc[(f_mid, chase), 'ns_per_allocation'] / 1000:.1f} us), "
    f"{ops.loc[(f_hi, chase), 'checks_per_allocation']:.0f} at {f_hi:g}, and all 512 slots of a full cluster per "
    f"reclaim scan once vm_swap_full() ({ops.loc[(f_mid, chase), 'ns_per_full_cluster_reclaim_scan'] / 1000:.0f} us). So "
    "for every physical allocation the reads outnumber the two writes once clusters are more than two-thirds full; "
    "vswap-v6's cache-only bit on the reverse-map entry (swap_rmap_mark_cache_only()) removed the chase, the reason it "
    "was added, at the cost of two atomic bit updates per cache-only episode.",
    [Value(float(rmap.loc[d, "bytes_per_disk_entry"]), "B per disk entry", d) for d in rmap.index]
    + [Value(fleet_rmap_pct, "% of RAM", "vswap-v3, fleet mean"),
       Value(2.0, "writes per disk residency", "vswap-v3 to v6"),
       Value(float(ops.loc[(f_mid, chase), "checks_per_allocation"]), "reads per physical allocation", f"vswap-v3 to v5, cluster fill {f_mid:g}"),
       Value(float(ops.loc[(f_mid, chase), "ns_per_check"]), "ns per read", "vswap-v3 to v5 (reverse map and descriptor)"),
       Value(float(ops.loc[(f_mid, bit), "ns_per_check"]), "ns per read", "vswap-v6 (cache-only bit)")],
    fleet_basis + " Full dense physical device; reads per allocation for a cluster whose slots are in use "
    "independently (a fragmented device), scanned forward from a free slot; the descriptor at L3.",
    "Reverse-map structures as posted (RFC v1 XArray, v3/v6 and STE swap table reuse), sizes from BTF; the allocator's "
    "calls read in vswap-v3 PATCH 13/20 (https://lore.kernel.org/all/20260208215839.87595-14-nphamcs@gmail.com/, "
    "mm/swapfile.c) and the v6/STE cache-only bit in the posted mm/swap_table.h and mm/vswap.c; row: the reverse "
    "map's 8 B in Kairui Song's phase IV RFC cover (24 B with it, 16 B without).",
    part="memory",
    validation=[Validation("data/claims/overhead.toml kairui-rfc-ghost-rmap - kairui-rfc-ghost-zswap (Kairui Song, "
                           "P4 RFC cover: 24 B 'only if including reverse mapping', 16 B without)",
                           float(rmap_claimed.loc["kairui-rfc-ghost-rmap", "published"]
                                 - rmap_claimed.loc["kairui-rfc-ghost-zswap", "published"]),
                           float(rmap.loc["p4-rfc-ghost", "bytes_per_disk_entry"]), "B per disk entry")]))

ghost20 = ghost_sizes[ghost_sizes.pool_percent == min(ghost_pool_percents)].set_index("rule")
gflip = ghost_flips[ghost_flips.pool_percent == min(ghost_pool_percents)].set_index("rule")
ok_rules = [r for r in ghost20.index if ghost20.loc[r, "runs_out_share"] < 0.05 and ghost20.loc[r, "unusable_share_mean"] < 0.5]
ghost_note = (" The mix's compression ratios are an assumption (measured classes from zram on this kernel, "
              "Google's fleet figure, a lognormal spread); table ghost_flips gives each rule's ratio, the input the "
              "verdict turns on.")
display(sheet.add(
    "6.8",
    f"A ghost device of k x RAM runs out of slots before zswap's pool ({min(ghost_pool_percents)} % of RAM) fills on "
    "every host whose pages compress better than a ratio fixed by k: "
    + ", ".join(f"{r} above {gflip.loc[r, 'runs_out_above_ratio']:.2f}:1" for r in gflip.index)
    + "; below that ratio it advertises swap it can never use (late OOM, misleading free(1)). So each rule's failure "
    "probability is the share of hosts on the far side of its ratio: in the mix, runs out early / mean share never "
    "usable "
    + ", ".join(f"{r} {ghost20.loc[r, 'runs_out_share']:.0%} / {ghost20.loc[r, 'unusable_share_mean']:.0%}" for r in ghost20.index)
    + ". "
    + ("No rule keeps both OOM semantics on every host; "
       if not any((ghost20.runs_out_share == 0) & (ghost20.unusable_share_mean == 0)) else "")
    + (f"{', '.join(ok_rules)} fails early on fewer than 5 % of the mix's hosts while leaving less than half unusable."
       if ok_rules else "none fails early on fewer than 5 % of hosts while leaving less than half unusable.")
    + " A larger pool moves every ratio up in proportion (table ghost_flips).",
    [Value(float(gflip.loc[r, "runs_out_above_ratio"]), "compression ratio", f"{r}: runs out early above") for r in gflip.index]
    + [Value(float(ghost20.loc[r, "runs_out_share"]), "share of hosts", f"{r}: runs out early") for r in ghost20.index]
    + [Value(float(ghost20.loc[r, "unusable_share_mean"]), "share of advertised swap", f"{r}: never usable") for r in ghost20.index],
    fleet_basis + " A ghost device without writeback holds at most what zswap's pool holds." + ghost_note,
    fleet_checked + " No published or measured ghost-device failure rate is in data/, so there is no validation row.",
    validation=[]))
holdable = ghost20["median_holdable_x_ram"].iloc[0]
display(sheet.add(
    "4.16",
    f"Size it to what the pool can hold, pool share x PAGE_SIZE / the compressed page's zsmalloc footprint: with the "
    f"default {min(ghost_pool_percents)} % pool that is {holdable:.2f}x RAM at the fleet's median ratio. Any fixed "
    f"factor k is right at one ratio only: 1:1 runs out early above {gflip.loc['1:1', 'runs_out_above_ratio']:.2f}:1 and "
    f"advertises unusable swap below it (in the mix: runs out on {ghost20.loc['1:1', 'runs_out_share']:.0%} of hosts, "
    f"{ghost20.loc['1:1', 'unusable_share_mean']:.0%} unusable on average); 8x RAM would need pages compressing "
    f"{gflip.loc[eight.name, 'runs_out_above_ratio']:.0f}:1 to be used. A ghost device grown cluster by cluster that "
    "reports only what it holds (a hypothetical: p4-rfc-ghost as posted advertises 8x RAM) has neither problem and pays nothing per advertised slot, but its size "
    "then keeps vm_swap_full() true and lowers the overcommit limits (4.17).",
    [Value(float(holdable), "x RAM", "holdable at the median ratio"),
     Value(float(gflip.loc["1:1", "runs_out_above_ratio"]), "compression ratio", "1:1 runs out early above"),
     Value(float(ghost20.loc["1:1", "runs_out_share"]), "share of hosts", "1:1 runs out early"),
     Value(float(ghost20.loc["1:1", "unusable_share_mean"]), "share of advertised swap", "1:1 never usable")],
    fleet_basis + ghost_note,
    fleet_checked + " No published or measured ghost sizing is in data/, so there is no validation row.",
    validation=[]))

rule_pct = rule_cost.set_index(["rule", "design"]).percent_of_ram
one, two = next(r for r in rules if r.factor == 1.0), next(r for r in rules if r.factor == 2.0)
display(sheet.add(
    "4.2",
    "Static infrastructure costs at swapon whatever is used. At the sizes hosts use, "
    f"{one.name} and {two.name}: {rule_pct[(one.name, 'linux-6.18')]:.3f} % and {rule_pct[(two.name, 'linux-6.18')]:.3f} % of RAM "
    "for a linux-6.18 device or Chris Li's static ghost (ghost-rfc), "
    f"{rule_pct[(one.name, 'swap-table-p4')]:.4f} % and {rule_pct[(two.name, 'swap-table-p4')]:.4f} % for swap-table-p4, "
    f"against {rule_pct[(one.name, 'p4-rfc-ghost')]:.0f} % for a dynamic ghost (p4-rfc-ghost); at 8x RAM (the size p4-rfc-ghost advertises), "
    f"{rule_pct[(eight.name, 'linux-6.18')]:.2f} % for linux-6.18 or ghost-rfc and "
    f"{rule_pct[(eight.name, 'swap-table-p4')]:.3f} % for swap-table-p4. A static size cannot follow dynamic needs: a "
    f"{one.name} ghost at the default pool leaves {ghost20.loc[one.name, 'unusable_share_mean']:.0%} of its advertised swap "
    f"unusable on average and runs out early on {ghost20.loc[one.name, 'runs_out_share']:.0%} of hosts (8x: "
    f"{ghost20.loc[eight.name, 'unusable_share_mean']:.0%} unusable), 6.8; and the size sets vm_swap_full() and the "
    "overcommit limits (4.17). Per used entry a dynamic layout beats a static linux-6.18 device below the break-even "
    "utilisations of 6.1.",
    [Value(float(rule_pct[(r.name, d)]), "% of RAM", f"{d} at {r.name}") for r in (one, two) for d in
     ("linux-6.18", "swap-table-p4", "p4-rfc-ghost")]
    + [Value(float(rule_pct[(eight.name, d)]), "% of RAM", f"{d} at {eight.name} (the size p4-rfc-ghost advertises)")
       for d in ("linux-6.18", "swap-table-p4")]
    + [Value(float(ghost20.loc[one.name, "unusable_share_mean"]), "share of advertised swap", f"{one.name} ghost never usable")],
    "Full ledgers; static per-slot costs at swapon; 1:1 is Kairui Song's practice, 2x RAM a distribution's guidance "
    "(data/capacity/ceilings.toml); the fleet mix for the usable share.",
    "Every published or measured static-overhead figure of data/ (rows below).",
    validation=static_rows))
wz_hosts = curves[(curves.baseline == baselines[0])]
display(sheet.add(
    "4.11",
    "Static sizing is possible but never right for the whole fleet: whatever one factor is chosen, a ghost device "
    f"either runs out early or advertises swap it cannot use on part of the hosts (6.8: 1:1 runs out above "
    f"{gflip.loc['1:1', 'runs_out_above_ratio']:.2f}:1 compression, on {ghost20.loc['1:1', 'runs_out_share']:.0%} of the "
    f"mix's hosts, and leaves {ghost20.loc['1:1', 'unusable_share_mean']:.0%} unusable). "
    f"For a swap device the price of sizing for the worst host is small: "
    f"{rule_pct[(eight.name, 'linux-6.18')] / 8:.3f} % of RAM per 1x of RAM provisioned on linux-6.18 and "
    f"{rule_pct[(eight.name, 'swap-table-p4')] / 8:.4f} % on swap-table-p4. So it is operationally awkward (the size "
    "depends on the unknown compression ratio) rather than impossible; swap-table-p4 makes over-provisioning nearly "
    "free in memory (not in vm_swap_full() or overcommit, 4.17) and a dynamic ghost removes the question.",
    [Value(float(rule_pct[(eight.name, "linux-6.18")] / 8), "% of RAM per 1x RAM provisioned", "linux-6.18"),
     Value(float(rule_pct[(eight.name, "swap-table-p4")] / 8), "% of RAM per 1x RAM provisioned", "swap-table-p4"),
     Value(float(gflip.loc["1:1", "runs_out_above_ratio"]), "compression ratio", "1:1 ghost runs out early above"),
     Value(float(ghost20.loc["1:1", "runs_out_share"]), "share of hosts", "1:1 ghost runs out early")],
    fleet_basis + ghost_note, fleet_checked + " Rows: every published or measured static-overhead figure of data/.",
    validation=static_rows))
sheet.write()

sweeps.close()

# %% [markdown]
# ## Explore
# What to provision on one host, per design: the function behind `swapmodel size` (JupyterLab only;
# batch reports skip this cell's output).

# %%
if interactive:
    from swapmodel.report.widgets import size_explorer

    size_explorer()
