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

from swapmodel.analysis import capacity, fleet, layers
from swapmodel.model import binding_table, ceiling_bytes, ceiling_slots, page_size_table, sample_hosts
from swapmodel.sources import load_capacity, load_fleet, load_live_records
from swapmodel.base import GIB_BYTES, MIB_BYTES, PAGE_SIZE_BYTES, TIB_BYTES, save_csv
from swapmodel.analysis.sweep import executor_from
from swapmodel.report import plotting
from swapmodel.analysis.claims import evaluate_all
from swapmodel.report.answers import AnswerSheet
from swapmodel.report import findings
from swapmodel.report.findings import capacity as capacity_findings

plotting.style()
sweeps = contextlib.ExitStack()
ex = sweeps.enter_context(executor_from(executor))
plt = plotting.plt
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
c618 = next(c for c in ceilings if c.design == "linux-6.18")
x86 = capacity.x86_swap_ceiling_table(ceiling_slots(c618))
l1tf_here = pd.DataFrame([{"path": capacity.L1TF_SYSFS, "status": capacity.l1tf_status()}])
display(Markdown("On x86-64 the swap PTE format caps one device too, on L1TF-affected CPUs with the mitigation on "
                 "(arch_max_swapfile_size(), arch/x86/mm/init.c): per x86_cache_bits, the cap and the device ceiling "
                 f"without and with it (TiB). This machine: {l1tf_here.path[0]} reads '{l1tf_here.status[0]}'."))
display(x86.round(3))
if out_dir:
    save_csv(limits, f"{out_dir}/ceilings.csv")
    save_csv(table, f"{out_dir}/ceiling_binding.csv")
    save_csv(x86, f"{out_dir}/x86_swap_ceiling.csv")
    save_csv(l1tf_here, f"{out_dir}/l1tf_here.csv")

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
plotting.show(fig, out_dir, "ceilings", "The swap size each sizing rule asks for against RAM (lines) and the largest swap space each design can address (dashed, labelled with its designs): a rule line above a design's ceiling is a rule that design cannot follow at that RAM.")

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
plotting.show(fig, out_dir, "break_even", "For each dynamic design and zswap share, the utilisation below which it costs less metadata than the baseline of the panel (a curve at the bottom edge never costs less); the grey lines are the utilisations each sizing rule leaves a device at.")

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
# compression ratio (`swapmodel.model.hosts`); the rest is written back. zram and a plain swapfile
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
    save_csv(disk, f"{out_dir}/disk_share.csv")
    save_csv(summary, f"{out_dir}/fleet_bytes.csv", index=True)

fig, axes = plt.subplots(1, 2, figsize=(12, 4.5))
for name, group in hosts.groupby("backend", sort=False):
    axes[0].hist(group.disk_share, bins=40, range=(0, 1), histtype="step", lw=1.5, label=name)
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
plotting.show(fig, out_dir, "fleet", "Left: how the hosts of the assumed fleet mix split between swapped pages in zswap and on disk, per backend (outlines, not stacked); right: the share of hosts at or below each metadata cost per used entry, per design.")

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
plotting.show(fig, out_dir, "cheaper_share", "The share of hosts on which each dynamic design costs less metadata than the panel's baseline, as a function of the assumed share of hosts behind zswap (an input, not a measurement).")

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
plotting.show(fig, out_dir, "fleet_flips", "Each fleet verdict as a function of the assumed share of hosts behind zswap: where a curve crosses its dotted level the verdict flips; the dashed line is the mix's assumed share, one point on each curve.")

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
                 "(`swapmodel.model.hosts.ghost_ratio_flip`), and the share of the draw's hosts above it:"))
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
memcg_ids = capacity.memcg_id_bytes(fleet_designs).rename("memcg_id_bytes").rename_axis("design").to_frame()
display(Markdown("Bytes per used disk entry of the components that record each entry's memcg:"))
display(memcg_ids.round(3))
if out_dir:
    save_csv(layers_table, f"{out_dir}/layer_split.csv")
    save_csv(memcg_ids, f"{out_dir}/memcg_id_bytes.csv", index=True)

# %% [markdown]
# **The reverse map.** Each two-layer design keeps a physical-to-virtual map for its disk entries;
# its memory per disk-resident entry, and over the fleet (each host's disk-resident pages):

# %%
rmap = capacity.rmap_cost().set_index("design")  # the components of capacity.RMAP_COMPONENTS
fleet_rmap_pct = capacity.rmap_percent_of_ram(hosts, rmap.loc["vswap-v3", "bytes_per_disk_entry"])
display(rmap.round(3))
if out_dir:
    save_csv(rmap, f"{out_dir}/rmap_cost.csv", index=True)
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
gulf_flips = pd.DataFrame([{"pair": f"{x} vs {y}", "swapped_x_ram": c} for (x, y), c in gulf_flip.items()])
if out_dir:
    save_csv(gulf, f"{out_dir}/widest_gulf.csv")
    save_csv(pairs, f"{out_dir}/contested_gulf.csv")
    save_csv(gulf_flips, f"{out_dir}/contested_gulf_flip.csv")

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
# Every answer is computed by `swapmodel.report.findings.capacity` from the tables saved above
# (read back from this report's CSV files when it writes them), the catalogue and the fleet mix;
# none is typed in. Each names the section whose table or figure is its evidence: 4.23 section 1,
# 4.28 section 3, 4.2 and 4.11 sections 4 and 9, 4.17 section 4b, 4.21 section 2, 6.1 and 4.4
# sections 5 and 6, the fleet answers (6.2, 4.8 fleet, J2) sections 7 and 8, 6.8 and 4.16 section 9,
# J1, J3, 4.19 and 6.3 (memory) section 10.

# %%
claims_table = pd.DataFrame(evaluate_all())
if out_dir:
    save_csv(claims_table, f"{out_dir}/claims.csv")
    tables = findings.read_tables(out_dir, capacity_findings.TABLES)
else:
    tables = {"ceilings": limits, "ceiling_binding": table, "x86_swap_ceiling": x86, "l1tf_here": l1tf_here,
              "same_filled": same, "ghost_demo": ghost, "rule_cost": rule_cost, "vm_swap_full": full_table,
              "swap_cache_prices": cache_prices, "overcommit": commit, "break_even": even, "rule_utilisation": placed,
              "provisioning_needed": needed, "cost_at_provisioning": provisioned, "steady_disk_share": steady,
              "fleet_hosts": per_host, "fleet_bytes": summary, "disk_share": disk, "zswap_weight_curves": w_curves,
              "zswap_weight_flips": w_flips, "writeback_share_curves": wb_curves, "writeback_share_flips": wb_flips,
              "ghost_sizing": ghost_sizes, "ghost_flips": ghost_flips, "consolidation_fields": consolidated,
              "consolidation": consolidation, "layer_split": layers_table, "rmap_cost": rmap,
              "rmap_operations": rmap_ops, "memcg_id_bytes": memcg_ids, "widest_gulf": gulf, "contested_gulf": pairs,
              "contested_gulf_flip": gulf_flips, "claims": claims_table}
params = dict(same_filled_mib=same_filled_mib, phone_zram_gib=phone_zram_gib, ghost_demo_mib=ghost_demo_mib,
              dynamic_designs=dynamic_designs, baselines=baselines, zswap_shares=zswap_shares,
              swapped_share_of_ram=swapped_share_of_ram, frag_orders=frag_orders, frag_seeds=frag_seeds,
              frag_iterations=frag_iterations, region_mib=region_mib, target_fallback_pct=target_fallback_pct,
              fleet_hosts=fleet_hosts, fleet_seed=fleet_seed, fleet_rule=fleet_rule,
              zswap_host_weights=zswap_host_weights, writeback_shares=writeback_shares,
              contested_designs=contested_designs, gulf_level_percent=gulf_level_percent,
              rmap_cluster_fills=rmap_cluster_fills, ghost_pool_percents=ghost_pool_percents)
sheet = AnswerSheet(capacity_findings.NOTEBOOK, out_dir, capacity_findings.answers(tables, params))
for qid, part in capacity_findings.ORDER:
    display(sheet.show(qid, part))
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
