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
# # 02 · Swap-space fragmentation: mTHP fallback and its metadata cost, per design
#
# The thread asked and nobody measured how often a large folio falls back to order-0 swap-out at a
# given fill under each design, and what fragmentation costs in metadata when space is dynamic.
# Every number here comes from the allocator simulator (`swapmodel.allocator`, the rules of
# `mm/swapfile.c` in Linux 6.18 and 6.12) running the churn test of Barry Song's
# `thp_swap_allocator_test`, and from `swapmodel.model.cost` pricing the occupancies it leaves behind.

# %% tags=["parameters"]
device_mib: float = 64.0  # swap device size for the churn runs (MiB) [1, 65536]
region_mib: float = 60.0  # working set: region of large folios that is churned (MiB) [1, 65536]
orders: list = [2, 4, 6]  # mTHP orders compared; order 4 is 64 KiB [1, 9] len 1..10
iterations: int = 60  # churn iterations per run [2, 100000]
seeds: list = [1, 2, 3]  # one run per seed; every figure shows their spread [0, 1000000] len 1..100
t1_seeds: int = 10  # seeds for the comparison with the published runs [1, 100]
fill_ratios: list = [1.0, 1.1, 1.2, 1.25, 1.3, 1.35, 1.4, 1.45, 1.5, 2.0, 3.0]  # device size over working set in the fill sweep [1, 100] len 1..50
designs: list = ["linux-6.18", "ghost-rfc", "p4-rfc-ghost", "vswap-v3", "vswap-ste-v2"]  # designs compared {designs}
aligned: bool = False  # swap in whole aligned chunks instead of page by page
priced_state: str = "zswap"  # entry state the churned entries are priced in; zswap where a design lacks it {zswap|disk}
steady_device_mib: float = 256.0  # device for the steady-state zswap run (MiB) [1, 65536]
steady_pool_mib: float = 64.0  # zswap pool limit; older entries are written back beyond it (MiB) [1, 65536]
steady_events: int = 60000  # folio swap-outs in the steady-state run (half order 0, half order 4) [6, 100000000]
executor: str = "serial"  # where the sweeps run: serial, local (a dask LocalCluster on this machine) or a scheduler address tcp://host:8786
interactive: bool = True  # show the ipywidgets explorer (batch runs pass False)
out_dir: str = ""  # directory for figures and tables; empty writes nothing

# %%
import contextlib

import pandas as pd
import seaborn as sns
from IPython.display import Markdown, display

from swapmodel.analysis import fragmentation, layers
from swapmodel.report import plotting
from swapmodel.allocator import ChurnParams
from swapmodel.analysis.simulate import coupon_collector_chunks, policy_for
from swapmodel.analysis.sweep import executor_from
from swapmodel.base import save_csv

plotting.style()
sweeps = contextlib.ExitStack()
ex = sweeps.enter_context(executor_from(executor))
plt = plotting.plt
seed_list = [int(s) for s in seeds]
for d in designs:  # refuse sizes a design cannot run, in one line, before any run starts
    ChurnParams(device_mib=device_mib, region_mib=region_mib, iterations=iterations).capacity_pages(policy_for(d))
styles = plotting.design_kwargs(designs)


# %% [markdown]
# ## 1. The simulator against the published runs (Linux 6.12 rules, table T1)
# Barry Song's test: a 64 MiB zram device, 60 MiB of 64 KiB folios; each iteration swaps in 16 MiB
# (page by page, or with `-a` in aligned 64 KiB chunks), frees 16 MiB of chunks and refaults them
# as new folios, then pages everything out. `-s` adds a 4 MiB region of small folios. Lines: the
# simulator's mean over seeds with its spread; points: the rows Chris Li's v5 cover letter printed.

# %%
sim, published = fragmentation.t1_comparison(range(t1_seeds), min(iterations, 40))
labels = ["(none)", "-s", "-a", "-a -s"]
label_colors = dict(zip(labels, sns.color_palette("colorblind", len(labels))))
fig, ax = plt.subplots(figsize=(9, 4.5))
sns.lineplot(data=sim, x="iteration", y="fallback_pct", hue="label", hue_order=labels, palette=label_colors,
             errorbar="sd", ax=ax)
sns.scatterplot(data=published, x="iteration", y="fallback_pct", hue="label", hue_order=labels, palette=label_colors,
                marker="o", s=30, ax=ax, legend=False, edgecolor="black")
ax.set_ylabel("swpout_fallback (% of 64 KiB folios)")
ax.set_ylim(0, None)
ax.get_legend().set_title("test flags")
ax.set_title("Simulator (lines, mean ± sd over seeds) against the published 6.12 runs (points)")
plotting.show(fig, out_dir, "t1_validation",
              "Each colour is one flag set of Barry Song's test: the simulator's line should run through the points "
              "Chris Li's v5 cover letter printed for the same flags. "
              + plotting.coinciding(sim, "label", "iteration", "fallback_pct", tol=0.02))
t1 = pd.concat([sim.assign(source="simulator"), published.assign(source="published")], ignore_index=True)
# The plateau of each T1 run, one definition for every answer (layers.t1_plateaus, which notebook 04's
# 4.10 uses too): the second half of the printed iterations, or all of them where only a summary was printed.
t1_plateau = layers.t1_plateaus(range(t1_seeds), executor=ex)
display(t1_plateau.drop(columns="source"))
if out_dir:
    save_csv(t1, f"{out_dir}/t1_validation.csv")
    save_csv(t1_plateau, f"{out_dir}/t1_plateaus.csv")
none = t1_plateau.set_index("flags").loc["(none)"]
display(Markdown(
    f"Plateau, no flags: simulated {none.model_pct:.1f} %, published {none.published_pct:.1f} % (iterations "
    f"{none.averaged_from}-{none.iterations}). "
    f"Expected distinct chunks per iteration (coupon collector, 256 picks of 960): {coupon_collector_chunks(960, 256):.1f}."))

# %% [markdown]
# ### The '-a -s' run: small folios among large ones
# With aligned swap-in and a region of small folios, Chris Li's v5 cover letter printed sporadic
# 1-5 % fallback in 27 of 100 iterations. The 6.12 allocator took order-0 slots through the
# per-CPU swap slots cache (`mm/swap_slots.c`, removed in 6.15): a refill reserves 64 order-0 slots
# at once and drains them when fewer than 2 x 64 slots per CPU are free. The simulator with and
# without that cache, with reclaim on one CPU or alternating between two (a single-threaded test
# can migrate; the cover letter does not say how many CPUs the machine had):

# %%
t1_sim, t1_pub = fragmentation.t1_aligned_small(range(t1_seeds), 100)
t1_summary = t1_sim.groupby(["swap_slots_cache", "n_cpus"])[["mean_pct", "nonzero_iterations", "max_pct"]].agg(["mean", "std"])
display(t1_summary.round(2))
display(Markdown(
    f"Published: mean {t1_pub['mean_pct']:.2f} % over 100 iterations, {t1_pub['nonzero_iterations']} iterations "
    f"above 0 %, maximum {t1_pub['max_pct']:.2f} %. The slots cache and a second reclaiming CPU each add "
    "order-0 allocations that land between large ones; the number of CPUs is a choice here, not a measurement."))
if out_dir:
    save_csv(t1_sim, f"{out_dir}/t1_aligned_small.csv")
    save_csv(pd.DataFrame([t1_pub]), f"{out_dir}/t1_aligned_small_published.csv")
fig, ax = plt.subplots(figsize=(7, 3.8))
sns.barplot(data=t1_sim.assign(variant=t1_sim.apply(
    lambda r: f"{'slots cache' if r.swap_slots_cache else 'no slots cache'}\n{r.n_cpus} CPU", axis=1)),
    x="variant", y="nonzero_iterations", errorbar="sd", ax=ax, color="#4c72b0")
ax.axhline(t1_pub["nonzero_iterations"], color="black", ls="--", label="published (6.12)")
ax.set_ylabel("iterations with fallback > 0 (of 100)")
ax.set_xlabel("")
ax.legend()
plotting.show(fig, out_dir, "t1_aligned_small",
              "Bars are the simulator's iterations with any fallback, per variant (mean and sd over seeds); the dashed "
              "line is the published '-a -s' run, which only the variants with extra order-0 allocations approach.")

# %% [markdown]
# ## 2. Fallback against iteration, per design and mTHP order (Linux 6.18 rules)
# The churn runs on a zram device without zswap. A static device falls back once order-0 swap-ins
# have punched 1-slot holes into its large-order clusters; the ghost designs (Chris Li's ghost
# swapfile, Kairui Song's dynamic ghost) front zswap only, so here their pages take zram slots
# directly, as Linux 6.18 does. The vswap designs take a virtual slot at unmap and a zram slot at
# writeout: they never split, but a folio that finds no physical run is reactivated (kept in
# memory), which this figure does not show; notebook 04 puts splits and reactivations side by side.

# %%
churn = fragmentation.design_churn(designs, orders, seed_list, iterations, device_mib, region_mib, aligned)
grid = sns.relplot(data=churn, x="iteration", y="fallback_pct", hue="design", style="design", col="order",
                   kind="line", errorbar="sd", height=3.6, aspect=1.1, facet_kws={"sharey": True}, legend=False,
                   markevery=10, **styles)
grid.set_axis_labels("iteration", "swpout_fallback (%)")
grid.set(ylim=(0, None))
plotting.design_legend(grid.fig, designs, loc="center left", bbox_to_anchor=(1.0, 0.5))
grid.fig.suptitle(f"{region_mib:g} MiB of large folios on {device_mib:g} MiB, {'aligned' if aligned else 'page-by-page'} swap-in", y=1.04)
plotting.show(grid.fig, out_dir, "fallback_by_design",
              "One panel per mTHP order: a static device's fallback climbs within the first iterations and stays; a "
              "design at 0 never splits (a vswap design reactivates instead, notebook 04). "
              + plotting.coinciding(churn, "design", "iteration", "fallback_pct", "order"))
if out_dir:
    save_csv(churn, f"{out_dir}/fallback_by_design.csv")

# %% [markdown]
# ## 3. Fallback against device size relative to the working set (static device, Linux 6.18)
# The plateau (mean over the second half of the run) as the device grows from exactly the working
# set to several times it: how much over-provisioning buys mTHP swap-out back.

# %%
fill = fragmentation.fill_sweep(fill_ratios, orders, seed_list, iterations, region_mib, aligned, executor=ex)
fig, ax = plt.subplots(figsize=(7.5, 4.2))
sns.lineplot(data=fill, x="device_over_region", y="plateau_fallback_pct", hue="order", marker="o",
             palette=sns.color_palette("dark", fill["order"].nunique()), errorbar="sd", ax=ax)
ax.get_legend().set_title("mTHP order")
ax.set_ylim(0, None)
ax.set_xlabel("device size / working set")
ax.set_ylabel("plateau swpout_fallback (%)")
ax.set_title("Linux 6.18 static device: fallback plateau against over-provisioning")
plotting.show(fig, out_dir, "fallback_vs_device_size",
              "One line per mTHP order: the plateau falls as the device grows past the working set, and a larger order "
              "needs more headroom before it reaches zero.")
if out_dir:
    save_csv(fill, f"{out_dir}/fallback_vs_device_size.csv")

# %% [markdown]
# ## 4. What fragmentation costs in metadata
# The simulator's cluster occupancy every 5 iterations (order 4), priced with each design's full
# ledger: a used cluster pays its whole swap table (and memcg / virtual tables) however few live
# entries it holds; a vswap design's entries sit in its virtual space, which maps new clusters
# rather than reusing fragmented ones, and hold a zram slot each.

# %%
meta = fragmentation.metadata_over_time(designs, 4, seed_list, iterations, device_mib, region_mib, aligned,
                                        state=priced_state)
fig, axes = plt.subplots(1, 2, figsize=(12, 4.2))
sns.lineplot(data=meta, x="iteration", y="bytes_per_live_entry", hue="design", style="design", errorbar="sd",
             ax=axes[0], legend=False, **styles)
axes[0].set_ylabel("metadata bytes per live entry")
sns.lineplot(data=meta, x="iteration", y="used_clusters", hue="design", style="design", errorbar="sd", ax=axes[1],
             legend=False, **styles)
axes[1].set_ylabel("clusters holding entries")
for ax in axes:
    ax.set_ylim(0, None)
plotting.design_legend(axes[1], designs, loc="center left", bbox_to_anchor=(1.0, 0.5))
fig.suptitle(f"Order-4 churn, entries priced as '{priced_state}'; static designs on {device_mib:g} MiB, dynamic ones map clusters on demand")
fig.tight_layout()
plotting.show(fig, out_dir, "metadata_over_time",
              "Left, the metadata each live entry costs; right, the clusters that hold entries: a design whose "
              "clusters stay few and full pays least per entry. "
              + plotting.coinciding(meta, "design", "iteration", "bytes_per_live_entry"))
if out_dir:
    save_csv(meta, f"{out_dir}/metadata_over_time.csv")

# %% [markdown]
# Designs that swap to zram directly keep all its clusters mapped: their per-entry cost is constant
# and they pay in fallbacks instead. The vswap designs pay twice: their virtual space holds more
# clusters than the dense minimum (30 for 60 MiB), each with its full per-cluster tables, and
# their folios that find no physical run stay in memory (notebook 04).

# %% [markdown]
# ## 5. Long runs through zswap with writeback
# Folios (half order 0, half order 4) are swapped out one per event and freed when their lifetime
# ends, half of them page by page; lives are scaled to an 80 % fill of the device. Pages go to a
# zswap pool (size below); beyond it the oldest entry is written back: in place on a
# static device, to a newly allocated physical slot for the virtual designs, not at all for the
# ghost swapfile (the store is rejected and the page stays in memory). A run is called steady only
# where its metric converged: batch means over the second half of the windows, 95 % half-width
# within 5 % of the mean or within one unit (`swapmodel.analysis.convergence`); the table below
# says which did.

# %%
display(Markdown(f"Device {steady_device_mib:g} MiB, zswap pool {steady_pool_mib:g} MiB, {int(steady_events):,} swap-outs "
                 f"per run, seeds {', '.join(map(str, seed_list))}."))
steady = fragmentation.steady_zswap_metadata(designs, seed_list, steady_device_mib, steady_pool_mib,
                                             int(steady_events), max(int(steady_events) // 6, 1))
fig, axes = plt.subplots(1, 3, figsize=(15, 4))
for ax, column, label in zip(axes, ["bytes_per_live_entry", "zswap_share", "fallback_pct"],
                             ["metadata bytes per live entry", "share of live entries still in zswap",
                              "order-4 swpout_fallback (%)"]):
    sns.lineplot(data=steady, x="events", y=column, hue="design", style="design", errorbar="sd", ax=ax,
                 legend=False, **styles)
    ax.set_ylabel(label)
    ax.set_ylim(0, None)
plotting.design_legend(axes[-1], designs, loc="center left", bbox_to_anchor=(1.0, 0.5))
fig.tight_layout()
plotting.show(fig, out_dir, "steady_zswap",
              "Per design over the run: metadata per live entry, the share still in zswap and the order-4 fallback; "
              "a flat tail is a steady state (the convergence table below says which are). "
              + plotting.coinciding(steady, "design", "events", "fallback_pct").replace(
                  "Lines that coincide", "Fallback lines that coincide"))
display(steady[steady.events == steady.events.max()].groupby("design")[
    ["bytes_per_live_entry", "zswap_share", "written_back", "rejected", "fallback_pct"]].mean().round(2))
verdicts = fragmentation.steady_convergence(steady, ["fallback_pct", "bytes_per_live_entry"])
display(verdicts)
unsettled = verdicts[verdicts.verdict != "converged"]
display(Markdown(
    "Every metric converged." if unsettled.empty else
    "Not converged (not a steady state; more events are needed): "
    + ", ".join(f"{r.design} {r.metric}" for r in unsettled.itertuples()) + "."))
if out_dir:
    save_csv(steady, f"{out_dir}/steady_zswap.csv")
    save_csv(verdicts, f"{out_dir}/steady_convergence.csv")

# %% [markdown]
# ## 6. Over-provisioning, in numbers
# The plateau per order at each device size (mean and range over seeds). Notebook 04 answers
# question 4.10 with these runs beside a virtual space over the same devices.

# %%
summary = fragmentation.fill_summary(fill)
display(summary.assign(plateau=[f"{m:.1f} ({lo:.1f}-{hi:.1f})" for m, lo, hi in zip(summary["mean"], summary.low, summary.high)])
        .pivot(index="device_over_region", columns="order", values="plateau")
        .rename_axis(index="device / swapped set", columns="folio order: plateau % mean (range over seeds)"))
if out_dir:
    save_csv(summary, f"{out_dir}/fill_summary.csv")

# %% [markdown]
# ## 7. Where each design's worst case lies

# %%
worst = fragmentation.worst_cases(churn, fill, meta)
display(worst.round(2))
if out_dir:
    save_csv(worst, f"{out_dir}/worst_cases.csv", index=True)

sweeps.close()

# %% [markdown]
# ## Explore
# Re-run one churn configuration with sliders (JupyterLab only).

# %%
if interactive:
    import ipywidgets as w

    from swapmodel.analysis.simulate import simulate_churn

    def show(device, order, design, aligned_swapin, rules):
        result = simulate_churn(device_mib=device, region_mib=region_mib, order=order, iterations=40, seed=1,
                                design=design, aligned=aligned_swapin, rules=rules)
        frame = pd.DataFrame(result.iterations())
        fig, ax = plt.subplots(figsize=(8, 3.5))
        ax.plot(frame["iteration"], frame["fallback_pct"])
        ax.set_ylim(-2, 102)
        ax.set_ylabel("swpout_fallback (%)")
        plt.show()
        display(Markdown(f"final occupancy: `{result.final}`"))

    w.interact(show, device=w.IntSlider(value=int(device_mib), min=int(region_mib), max=int(4 * region_mib)),
               order=w.IntSlider(value=4, min=1, max=9), design=w.Dropdown(options=designs),
               aligned_swapin=w.Checkbox(value=False), rules=w.Dropdown(options=["linux-6.18", "linux-6.12"]))
