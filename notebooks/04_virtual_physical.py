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
# # 04 · Virtual swap over physical devices: fallback, reactivation, thrash and the sparse worst case
#
# The thread asked for three worst cases and quantified none: fragmentation of virtual against
# physical space (W1), the mTHP fallback rate under virtual swap (W2), and the memory of a fully
# sparse vswap index (W3). This notebook answers them with the allocator simulator
# (`swapmodel.allocator`: the rules of `mm/swapfile.c`, a dynamic virtual space over a 6.18 device
# for the vswap designs) and the cost model, after checking the simulator against this kernel's
# own runs of Barry Song's `thp_swap_allocator_test` on zram.

# %% tags=["parameters"]
selftest_seeds: int = 10  # simulator seeds per live configuration of the kernel's test [1, 100]
t1_seeds: int = 10  # simulator seeds for the published T1 runs (as notebook 02) and the '-a -s' churn [1, 100]
iterations: int = 60  # churn iterations per run [4, 100000]
seeds: list = [1, 2, 3]  # seeds of the design comparisons [0, 1000000] len 1..100
region_mib: float = 60.0  # working set of 64 KiB folios (MiB) [1, 65536]
device_mib: float = 64.0  # physical device for the runs over time (MiB) [1, 65536]
fill_ratios: list = [1.0, 1.1, 1.2, 1.25, 1.3, 1.4, 1.5, 1.75, 2.0, 3.0]  # physical device size over working set; the same sizes as notebook 05's frag_ratios, so 4.10 and 6.1 find the same k [0.5, 100] len 1..50
target_fallback_pct: float = 1.0  # share of 64 KiB swap-outs allowed not to leave whole, for the provisioning k (as notebook 05) [0.01, 100]
swapped_share_of_ram: float = 0.25  # swapped-out pages as a share of RAM; places the swap-equals-RAM sizing on the fill curve (utilisation share over factor, as in notebook 05) [0.01, 1]
designs: list = ["linux-6.18", "vswap-v3", "vswap-ste-v2", "p4-rfc-ghost"]  # designs compared {designs}
cpu_counts: list = [1, 2, 4, 8]  # reclaiming CPUs [1, 64] len 1..10
sparse_live_clusters: int = 1024  # live clusters in the adversarial occupancy [1, 1000000]
sparse_strides: list = [1, 8, 64, 512, 4096, 262144]  # cluster ids between two live clusters [1, 4294967296] len 1..20
swapin_zswap_shares: list = [0.0, 0.05, 0.1, 0.25, 0.5, 0.75, 1.0]  # share of swapped entries in zswap, for the swap-in rules [0, 1] len 1..50
writeback_pool_mib: float = 16.0  # zswap pool of the writeback runs, over a physical device of device_mib (MiB) [1, 65536]
writeback_events: int = 40000  # folio swap-outs per writeback run [100, 100000000]
sparsity_events: int = 100000  # folio swap-outs of the long-running sparsity runs [100, 100000000]
cache_only_fractions: list = [0.0, 0.3]  # share of page-by-page frees that leave a cache-only entry [0, 1] len 1..10
cache_lifetime_events: int = 20000  # events a cache-only entry stays pinned [1, 1000000000]
executor: str = "serial"  # where the sweeps run: serial, local (a dask LocalCluster on this machine) or a scheduler address tcp://host:8786
interactive: bool = True  # show the ipywidgets explorer (batch runs pass False)
out_dir: str = ""  # directory for figures and tables; empty writes nothing

# %%
import contextlib

import numpy as np
import pandas as pd
import seaborn as sns
from IPython.display import Markdown, display

from swapmodel.analysis import layers
from swapmodel.analysis.sweep import executor_from
from swapmodel.base import save_csv
from swapmodel.model import thp_swapin
from swapmodel.model import stride_table
from swapmodel.sources import load_capacity
from swapmodel.report import plotting
from swapmodel.report import findings
from swapmodel.report.answers import AnswerSheet
from swapmodel.report.findings import virtual_physical

plotting.style()
sweeps = contextlib.ExitStack()
ex = sweeps.enter_context(executor_from(executor))
plt = plotting.plt
seed_list = [int(s) for s in seeds]
styles = plotting.design_kwargs(designs)
layered = [d for d in designs if layers.is_layered(d)]
saved = {}  # every table the notebook saves, by name: what its answers are computed from


def table(frame, name):
    saved[name] = frame
    if out_dir:
        save_csv(frame, f"{out_dir}/{name}.csv")


# %% [markdown]
# ## 1. The kernel's own test against this kernel
# `thp_swap_allocator_test` exists in two versions. The one posted to `tools/testing/selftests/mm`
# on 20 Jun 2024 starts from an untouched 60 MiB region and, per iteration, rewrites 256 random
# 64 KiB chunks after MADV_DONTNEED (with `-s` also 192 random 4 KiB pages of a 1 MiB region of
# small folios), then pages everything out; mainline carries the later version as
# `tools/mm/thp_swap_allocator_test.c` (since v6.11: warm-up, random swap-in, `-a`, a 4 MiB small
# region). The posted version ran here on zram under Linux 6.18 (`swapmodel kernel measure selftest
# --variant posted-v1 --binary ...`, built outside the repository); its `rand()` is unseeded, so the
# live runs repeat exactly. The simulator's `kernel-selftest` workload is compared by its mean over
# seeds of the last ten iterations.

# %%
st_table, st_runs = layers.selftest_against_live(range(selftest_seeds), executor=ex)
live_runs = layers.live_selftest_runs()
display(st_table.round(2))
table(st_table, "selftest_vs_live")
worst_gap = float(st_table["difference_points"].abs().max())
tight = live_runs[live_runs.live_last10_pct > 0]  # the configurations that fall back at all
fig, ax = plt.subplots(figsize=(9, 4))
for i, ((dev, flags), grp) in enumerate(tight.groupby(["device_mib", "test_flags"])):
    label, colour = f"{dev:g} MiB {flags}", f"C{i}"  # one colour per configuration: kernel solid, simulator dashed
    ax.plot(range(1, len(grp.live_pct.iloc[0]) + 1), grp.live_pct.iloc[0], lw=1.2, color=colour, label=f"kernel, {label}")
    sim = st_runs[(st_runs.device_mib == dev) & (st_runs["test_flags"] == flags)]
    curves = np.array(sim.sim_pct.tolist())
    ax.plot(range(1, curves.shape[1] + 1), curves.mean(axis=0), ls="--", lw=1.2, color=colour,
            label=f"simulator mean, {label}")
ax.set_xlabel("iteration")
ax.set_ylabel("swpout_fallback (% of 64 KiB folios)")
ax.set_ylim(0, None)
ax.set_title("Posted selftest on zram, Linux 6.18: kernel against simulator")
ax.legend(fontsize=8)
plotting.show(fig, out_dir, "selftest_vs_live", "The posted thp_swap_allocator_test on zram under Linux 6.18: the share of 64 KiB swap-outs that fall back per iteration, on this kernel (solid) and in the simulator (dashed, mean over seeds), one colour per device size and flag set; the simulator gives both configurations about the same plateau, so its two dashed means lie on each other.")
configs = ", ".join(f"{d:g} MiB {f}" for d, f in zip(st_table.device_mib, st_table["test_flags"]))
first_small = tight[(tight["test_flags"] == "-s") & (tight.device_mib == tight.device_mib.min())]
onset = [int(np.argmax(np.array(c) > 0)) + 1 for c in first_small.live_pct if max(c) > 0]
display(Markdown(
    f"Largest gap between the simulator's last-10 mean and a live run: **{worst_gap:.2f} points** over "
    f"{len(st_table)} configurations ({configs}); the figure shows those that fall back at all."
    + (f" With {first_small.device_mib.min():g} MiB and `-s` the kernel starts falling back at iteration {onset[0]}."
       if onset else "")))

# %% [markdown]
# ## 2. Small folios among large ones
# The published 6.12 '-a -s' run (aligned swap-in and a region of small folios) fell back
# sporadically where the simulator used to show almost nothing; notebook 02 (section 1) shows what
# closed the gap under the 6.12 rules: the per-CPU swap slots cache and a second reclaiming CPU.
# %% [markdown]
# The mechanism on this kernel (6.18: no swap slots cache; aligned swap-in page by
# page, a 4 MiB small-folio region; `swapmodel kernel measure churn --aligned --small-folios
# --iterations 100`) against the simulator under the 6.18 rules on one CPU:

# %%
as618 = layers.aligned_small_on_this_kernel(range(t1_seeds))
table(as618, "aligned_small_6_18")
display(as618.groupby("source")[["iterations", "mean_pct", "nonzero_iterations", "max_pct"]].agg(["mean", "min", "max"]).round(2))

# %% [markdown]
# ## 3. Virtual over physical: split, or kept in memory
# Under vswap a large folio gets a virtual slot at unmap and a physical slot of its order at
# writeout; if the physical device has no aligned run free, the folio is reactivated instead of
# split (Kairui Song, 10 Feb 2026). The churn of mainline's test (page-by-page swap-in) runs on a
# zram device sized from 1x to 2x the working set. A static device splits; vswap keeps the folio
# in memory and reclaims it again later. STE v2 is modelled as its case 1 (vswap-backed); its case
# 2 (direct physical) and the ghost designs without zswap take zram slots directly, as Linux 6.18.
# Each two-layer design keeps the per-CPU cluster cache its posted code keeps (data/designs/rules.toml,
# per_cpu_cluster_cache: a cache of its own for the virtual space in vswap-v3 and in vswap-ste-v2's RFC
# v2 2/7); section 5 runs the shared cache as a what-if. The virtual layer runs each design's rules as its
# posted code has them (data/designs/rules.toml, issue 21): vswap-v3 its own allocator (one order per
# virtual cluster, a per-CPU cached cluster, the partial list, a new cluster at the lowest free id; no frag
# list, no order-0 stealing), vswap-ste-v2 swapfile.c's on its vswap device; both reactivate a folio of any
# order that finds no physical slot and never reclaim cache-only virtual slots. Beside each sweep the same
# runs under the simulator's former assumptions (6.18's rules on a dynamic space, an order-0 page giving its
# virtual slot back, cache-only reclaim, zswap written back synchronously): tables `*_former`.

# %%
fill = layers.layered_fill_sweep(designs, fill_ratios, seed_list, iterations, region_mib, executor=ex)
table(fill, "virtual_physical_fill")
fill_former = layers.layered_fill_sweep(layered, fill_ratios, seed_list, iterations, region_mib, virtual_rules="former",
                                        executor=ex)
table(fill_former, "virtual_physical_fill_former")
fig, axes = plt.subplots(1, 2, figsize=(12, 4.2), sharey=True)
for ax, column, title in zip(axes, ["fallback_pct", "reactivated_pct"],
                             ["split (swpout_fallback)", "reactivated (kept in memory)"]):
    sns.lineplot(data=fill, x="device_over_region", y=column, hue="design", style="design", errorbar="sd", ax=ax,
                 legend=False, **styles)
    ax.set_xlabel("physical device / working set")
    ax.set_ylabel("% of 64 KiB folio swap-outs")
    ax.set_ylim(0, 100)
    ax.set_title(title)
plotting.design_legend(axes[1], designs, loc="center left", bbox_to_anchor=(1.0, 0.5))
fig.suptitle(f"{region_mib:g} MiB of 64 KiB folios, second half of {iterations} iterations, page-by-page swap-in")
fig.tight_layout()
plotting.show(fig, out_dir, "virtual_physical_fill", "Against the physical device size over the working set, the share of 64 KiB folio swap-outs each design splits (left) and reactivates, keeping the folio in memory (right); a static design splits where a two-layer design reactivates, and both fall to zero once the device has enough headroom. "
              + " ".join(dict.fromkeys(plotting.coinciding(fill, "design", "device_over_region", c).replace(
                  "Lines that coincide", f"Lines that coincide ({title})") for c, title in
                  (("fallback_pct", "split"), ("reactivated_pct", "reactivated")))).strip())
one = fill[fill.device_over_region == min(fill_ratios)].groupby("design")[
    ["fallback_pct", "reactivated_pct", "reclaimed_again_pages"]].agg(["mean", "min", "max"])
display(one.round(2))
display(Markdown("The same sweep under the former assumptions (reactivated share, % of 64 KiB swap-outs):"))
display(pd.concat([fill[fill.design.isin(layered)], fill_former]).pivot_table(
    index=["design", "virtual_rules"], columns="device_over_region", values="reactivated_pct").round(1))

# %% [markdown]
# Two more sizings. **Swap = RAM** (the sizing rule "1:1" of data/capacity/ceilings.toml): with
# `swapped_share_of_ram` of RAM swapped out the device runs at utilisation u = share / 1 (notebook
# 05's mapping), so the physical device is 1 / u times the swapped set. **Virtual space = physical
# device**: the two-layer designs with their virtual space capped at the physical device's size
# (instead of the simulator's default of 8x the working set), so that the virtual allocation can
# fail too; a failed virtual allocation splits the folio, as mainline's shrink_folio_list does when
# folio_alloc_swap fails for a large folio.

# %%
ram_ratio = 1.0 / swapped_share_of_ram
at_ram = layers.layered_fill_sweep(designs, [ram_ratio], seed_list, iterations, region_mib, executor=ex)
table(at_ram, "swap_equals_ram")
table(layers.layered_fill_sweep(layered, [ram_ratio], seed_list, iterations, region_mib, virtual_rules="former",
                                executor=ex), "swap_equals_ram_former")
display(Markdown(f"Swap = RAM with {swapped_share_of_ram:.0%} of RAM swapped: device {ram_ratio:g}x the swapped set."))
display(at_ram.groupby("design", sort=False)[["fallback_pct", "reactivated_pct"]].mean().round(2))
capped = layers.layered_fill_sweep(layered, fill_ratios, seed_list, iterations, region_mib, virtual_cap="device",
                                   executor=ex)
table(capped, "virtual_capped_at_device")
capped_former = layers.layered_fill_sweep(layered, fill_ratios, seed_list, iterations, region_mib, virtual_cap="device",
                                          virtual_rules="former", executor=ex)
table(capped_former, "virtual_capped_at_device_former")
needed = layers.provisioning_needed(fill, target_fallback_pct)  # the k of 4.10 and notebook 05's 6.1
table(needed, "provisioning_needed")
display(pd.concat([capped, capped_former]).groupby(["design", "virtual_rules", "device_over_region"])[
    ["fallback_pct", "reactivated_pct", "virtual_clusters"]].mean().unstack([0, 1]).round(1))

# %% [markdown]
# ## 4. How the two layers fragment over time
# Clusters each layer holds against the dense minimum for the live entries, and the metadata per
# live entry (every entry priced on disk: a virtual entry and its physical slot) as the churn runs.

# %%
over_time = layers.layers_over_time(designs, seed_list, iterations, device_mib, region_mib, executor=ex)
table(over_time, "layers_over_time")
table(layers.layers_over_time(layered, seed_list, iterations, device_mib, region_mib, virtual_rules="former",
                              executor=ex), "layers_over_time_former")
fig, axes = plt.subplots(1, 2, figsize=(12, 4.2))
melted = over_time.melt(id_vars=["design", "seed", "iteration"], value_vars=["virtual_clusters", "physical_clusters",
                                                                           "dense_clusters"],
                        var_name="layer", value_name="clusters").dropna()
melted["layer"] = melted.layer.map({"virtual_clusters": "virtual", "physical_clusters": "physical",
                                    "dense_clusters": "dense minimum"})
shown_layers = layered + ["linux-6.18"]
sns.lineplot(data=melted[melted.design.isin(shown_layers)], x="iteration", y="clusters", hue="design",
             style="layer", palette=styles["palette"], hue_order=[d for d in designs if d in shown_layers],
             errorbar="sd", ax=axes[0])
axes[0].set_ylabel("clusters holding entries")
axes[0].set_ylim(0, None)
sns.lineplot(data=over_time, x="iteration", y="bytes_per_live_entry", hue="design", style="design", errorbar="sd",
             ax=axes[1], legend=False, **styles)
axes[1].set_ylabel("metadata bytes per live entry")
axes[1].set_ylim(0, None)
plotting.design_legend(axes[1], designs, loc="center left", bbox_to_anchor=(1.0, 0.5))
fig.tight_layout()
plotting.show(fig, out_dir, "layers_over_time", "Left: clusters holding entries per iteration in each design's virtual and physical layer, beside the dense minimum; right: metadata bytes per live entry over the same run. "
              + plotting.coinciding(melted[melted.design.isin(shown_layers)].assign(
                  series=lambda f: f.design + " " + f.layer), "series", "iteration", "clusters").replace(
                  "Lines that coincide", "Lines that coincide (left)")
              + " " + plotting.coinciding(over_time, "design", "iteration", "bytes_per_live_entry").replace(
                  "Lines that coincide", "Lines that coincide (right)"))
last = over_time[over_time.iteration == over_time.iteration.max()].groupby("design")[
    ["virtual_clusters", "physical_clusters", "dense_clusters", "bytes_per_live_entry"]].mean()
display(last.round(1))
free = layers.physical_free_space(designs, seed_list, iterations, device_mib, region_mib, executor=ex)
table(free, "physical_free_space")
table(layers.physical_free_space(layered, seed_list, iterations, device_mib, region_mib, virtual_rules="former",
                                 executor=ex), "physical_free_space_former")
free_mean = free.groupby("design")[["free_slots", "free_aligned_runs", "compacted_runs", "large_folios_not_written"]].mean()
display(Markdown("Free space of the physical device at the end (64 KiB runs: naturally aligned and free now, "
                 "and what compacting the same free slots would give):"))
display(free_mean.round(0))

# %% [markdown]
# ## 5. Several CPUs and the shared per-CPU cluster cache
# 6.18 keeps one cached cluster per CPU and order for all devices (`percpu_swap_cluster.si[order]`,
# `offset[order]`). In the Swap Table Edition the vswap device is a swapfile.c device, so the
# virtual and the physical allocation of every folio alternate in that one cache and each evicts
# the other's cluster (Nhat Pham and Kairui Song, 1-2 Jun 2026); vswap v3 and v6 allocate virtual
# slots with their own allocator. Both designs run here with the cache shared and with separate
# caches. Reclaim batches of 512 pages go to the CPUs in turn.

# %%
cpus = layers.cpu_sweep([d for d in designs if d in ("linux-6.18",) or d in layered], cpu_counts, seed_list,
                        iterations, device_mib, region_mib, executor=ex)
table(cpus, "cpu_sweep")
table(layers.cpu_sweep(layered, cpu_counts, seed_list, iterations, device_mib, region_mib, virtual_rules="former",
                       executor=ex), "cpu_sweep_former")
fig, axes = plt.subplots(1, 2, figsize=(12, 4))
# The posted code's caches (each layer its own) carry the design's name alone; the shared cache is the what-if.
cpus["variant"] = cpus.design + ((cpus.shared_cluster_cache == True) & cpus.design.isin(layered)).map(  # noqa: E712
    {True: " (shared cache, what-if)", False: ""})
variants = plotting.design_kwargs(sorted(cpus.variant.unique(), key=lambda v: (designs.index(v.split(" (")[0]), v)))
sns.lineplot(data=cpus, x="n_cpus", y="thrash_per_100_allocations", hue="variant", style="variant", errorbar="sd",
             ax=axes[0], legend=False, **variants)
axes[0].set_ylabel("cached clusters evicted per 100 allocations")
axes[0].set_ylim(0, None)
sns.lineplot(data=cpus, x="n_cpus", y="not_whole_pct", hue="variant",
             style="variant", errorbar="sd", ax=axes[1], legend=False, **variants)
plotting.design_legend(axes[1], variants["hue_order"], loc="center left", bbox_to_anchor=(1.0, 0.5))
axes[1].set_ylabel("split + reactivated (% of 64 KiB swap-outs)")
axes[1].set_ylim(0, 100)
for ax in axes:
    ax.set_xscale("log", base=2)
    ax.set_xticks(sorted(cpus.n_cpus.unique()), [str(int(c)) for c in sorted(cpus.n_cpus.unique())])
    ax.set_xlabel("reclaiming CPUs")
fig.tight_layout()
plotting.show(fig, out_dir, "cpu_sweep", "Against the number of reclaiming CPUs: cached clusters evicted per 100 allocations (left) and the share of 64 KiB swap-outs split or reactivated (right), for each design with the per-CPU caches its posted code keeps and, as a what-if (dotted), with one cache shared by both layers. "
              + plotting.coinciding(cpus, "variant", "n_cpus", "thrash_per_100_allocations", tol=0.01).replace(
                  "Lines that coincide", "Lines that coincide (left)")
              + " " + plotting.coinciding(cpus, "variant", "n_cpus", "not_whole_pct").replace(
                  "Lines that coincide", "Lines that coincide (right)"))
display(cpus.groupby(["variant", "n_cpus"])[["thrash_per_100_allocations", "fallback_pct", "reactivated_pct"]].mean().round(2))
# The same fill sweep as section 3 (one CPU), with one cache shared by both layers: the shared-cache scope of 4.14,
# 4.24 and 6.6.
fill_shared = layers.layered_fill_sweep(layered, fill_ratios, seed_list, iterations, region_mib, cluster_cache="shared",
                                        executor=ex)
table(fill_shared, "virtual_physical_fill_shared_cache")
table(layers.layered_fill_sweep(layered, fill_ratios, seed_list, iterations, region_mib, cluster_cache="shared",
                                virtual_rules="former", executor=ex), "virtual_physical_fill_shared_cache_former")
display(pd.concat([fill[fill.design.isin(layered)], fill_shared]).pivot_table(
    index=["design", "cluster_cache"], columns="device_over_region", values="reactivated_pct").round(1))

# %% [markdown]
# ## 6. The sparse worst case
# One live entry pinning each cluster is the occupancy that maximises metadata per live entry: a
# dynamic design maps every such cluster with its full per-cluster tables. Below, `n` live
# clusters spaced `stride` cluster ids apart, priced with each dynamic design's full ledger, beside
# the dense case; then the cluster-id index alone, three ways (node sizes from this kernel's BTF),
# and what linux-6.18 keeps instead of an index: si->cluster_info, a flat array of struct
# swap_cluster_info for every cluster of the device, allocated once at swapon (mm/swapfile.c v6.18,
# setup_clusters(): kvcalloc), so a spread of live clusters is a device that large
# (`layers.flat_cluster_array`, at the strides linux-6.18's ceiling allows).

# %%
dynamic = [d for d in designs if d != "linux-6.18"]
sparse = layers.sparse_worst_case(dynamic, int(sparse_live_clusters), [int(s) for s in sparse_strides])
table(sparse, "sparse_worst_case")
index = layers.index_structures(int(sparse_live_clusters), [int(s) for s in sparse_strides])
table(index, "index_structures")
recorded = load_capacity()[0]  # data/capacity/ceilings.toml, plus vswap-v3 (rules.toml) and p4-rfc-ghost (assumed)
ceilings_all = recorded + layers.virtual_space_ceilings(known={c.design for c in recorded})
strides_table = stride_table(ceilings_all, int(sparse_live_clusters), [int(s) for s in sparse_strides])
table(strides_table, "stride_ceilings")
widest_strides = sorted(set(int(w) for w in strides_table.widest_stride_clusters))
table(layers.index_structures(int(sparse_live_clusters), widest_strides), "index_at_widest_stride")
legal_618 = strides_table[(strides_table.design == "linux-6.18") & strides_table.fits]
flat = layers.flat_cluster_array(int(sparse_live_clusters),
                                 sorted({*legal_618.stride_clusters, *legal_618.widest_stride_clusters}))
table(flat, "flat_cluster_array")
display(Markdown("Which spreads each design's address-space ceiling allows (data/capacity/ceilings.toml; vswap-v3's "
                 "from its virtual_space_cap rule in data/designs/rules.toml; p4-rfc-ghost's assumed, basis 'assumed'): "
                 "the highest cluster id a spread needs against the ceiling's clusters."))
display(strides_table.drop(columns="source").pivot(index="stride_clusters", columns="design", values="fits"))
fig, axes = plt.subplots(1, 2, figsize=(12, 4.2))
sns.lineplot(data=sparse, x="stride_clusters", y="bytes_per_live_entry", hue="design", style="design", ax=axes[0],
             **plotting.design_kwargs(dynamic))
beyond = sparse.merge(strides_table[["design", "stride_clusters", "fits"]], on=["design", "stride_clusters"])
beyond = beyond[~beyond.fits.astype(bool)]  # spreads the design's address-space ceiling does not allow
axes[0].scatter(beyond.stride_clusters, beyond.bytes_per_live_entry, marker="x", color="black", s=40, zorder=5,
                label="beyond the design's ceiling")
axes[0].set_xscale("log", base=2)
axes[0].set_ylabel("metadata bytes per live entry")
axes[0].set_ylim(0, None)
axes[0].set_title("one live entry per cluster")
INDEX_NAMES = {"xarray": "XArray", "maple": "maple tree", "vmalloc": "VM_SPARSE array"}  # greys: not designs
sns.lineplot(data=index.assign(structure=index.structure.map(INDEX_NAMES)), x="stride_clusters",
             y="bytes_per_live_cluster", hue="structure", style="structure", ax=axes[1],
             palette={"XArray": "0.0", "maple tree": "0.45", "VM_SPARSE array": "0.7"},
             markers={"XArray": "o", "maple tree": "s", "VM_SPARSE array": "^"})  # no cross: it marks 'beyond ceiling' left
axes[1].set_xscale("log", base=2)
axes[1].set_yscale("log")
axes[1].set_ylabel("index bytes per live cluster")
axes[1].set_title("cluster-id index: XArray, maple tree, VM_SPARSE array")
for ax in axes:
    ax.set_xlabel("cluster ids between live clusters")
fig.tight_layout()
plotting.show(fig, out_dir, "sparse_worst_case", "Left: each dynamic design's metadata per live entry when every live cluster holds one entry, against the ids between live clusters (a black cross: a spread beyond that design's address-space ceiling, which it cannot reach); right (greys, not designs): the cluster-id index's bytes per live cluster as an XArray, a maple tree or a VM_SPARSE array over the same spread.")
display(sparse.pivot(index="stride_clusters", columns="design", values=["bytes_per_live_entry"]).round(0))
display(index.pivot(index="stride_clusters", columns="structure", values=["bytes_per_live_cluster"]).round(1))
display(flat.set_index("stride_clusters")[["device_clusters", "array_bytes", "bytes_per_live_cluster"]].round(1))
# %% [markdown]
# A long-running space: the steady state (`layers.steady_sparsity`: lifetimes, half the folios freed
# page by page, zswap with writeback to a physical device of `device_mib`), where a share of the
# page-by-page frees leaves a cache-only entry pinned for `cache_lifetime_events` events (what Nhat
# Pham's proposed reclaim of cache-only vswap would act on; the mitigation itself is not modelled).
# Second-half means: virtual clusters mapped against the clusters the live entries need packed. Under the
# code's rules the virtual allocator never reclaims a cache-only entry and zswap writes back by zswap.c's
# limits and shrinker (vswap-ste-v2's RFC v2: not at all); the former assumptions run beside.

# %%
steady_sparse = layers.steady_sparsity(layered, cache_only_fractions, seed_list, device_mib, writeback_pool_mib,
                                       int(sparsity_events), int(cache_lifetime_events), executor=ex)
table(steady_sparse, "steady_sparsity")
steady_sparse_former = layers.steady_sparsity(layered, cache_only_fractions, seed_list, device_mib, writeback_pool_mib,
                                              int(sparsity_events), int(cache_lifetime_events), virtual_rules="former",
                                              executor=ex)
table(steady_sparse_former, "steady_sparsity_former")
display(pd.concat([steady_sparse, steady_sparse_former]).groupby(["design", "virtual_rules", "cache_only_fraction"])[
    ["used_clusters", "dense_clusters", "clusters_over_dense", "bytes_per_live_entry", "packed_bytes_per_live_entry"]]
    .mean().round(2))
worst_random = over_time[over_time.design.isin(dynamic)].groupby("design")["bytes_per_live_entry"].max()
bound = sparse[sparse.stride_clusters == sparse.stride_clusters.max()].set_index("design")["bytes_per_live_entry"]
display(pd.DataFrame({"churn maximum (B per live entry)": worst_random, "adversarial bound": bound,
                      "share of the bound": worst_random / bound}).round(3))

# %% [markdown]
# ## 7. Large-folio swap-in once zswap holds entries
# First the contiguity rule alone, in a zram-only churn with aligned large-folio swap-in: the share
# of chunk swap-ins whose entries still form one aligned run. Then each design's backend rule
# (`swapmodel.model.thp_swapin`, rules and sources in `data/published/thp_swapin.toml`): mainline
# sends every large swap-in to order 0 once zswap has been enabled, and so do the designs built on
# its check; the vswap swap-table edition (STE) lets a chunk through when none of its entries is in
# zswap and they sit on consecutive slots. zswap stores a large folio whole, so the share of chunks
# it denies lies between the share z of entries in zswap (writeback takes a folio's entries
# together) and 1 - (1 - z)^16 (entries written back independently).

# %%
thp = layers.thp_swapin_eligibility(designs, seed_list, iterations, device_mib, region_mib, executor=ex)
table(thp, "thp_swapin")
table(layers.thp_swapin_eligibility(layered, seed_list, iterations, device_mib, region_mib, virtual_rules="former",
                                    executor=ex), "thp_swapin_former")
backend = layers.swapin_whole_share(thp, swapin_zswap_shares)
table(backend, "thp_swapin_backend")
fig, ax = plt.subplots(figsize=(7.5, 4.2))
curves = {}  # designs whose curves coincide share one line
for d, g in backend.groupby("design", sort=False):
    for wb in thp_swapin.WRITEBACK:
        curves.setdefault((wb, tuple(g[f"whole_pct_{wb}_writeback"].round(6))), []).append(d)
for (wb, values), ds in curves.items():
    if wb == "entry" and (("folio", values) in curves):
        continue  # the same as its folio-writeback line
    kw = {k: v for k, v in plotting.line_kwargs(ds[0]).items() if k != "dashes"}
    either = ("entry", values) in curves and ("folio", values) in curves
    ax.plot(backend.zswap_share.unique(), values, label=", ".join(ds) + ("" if either else f" ({wb} writeback)"),
            **{**kw, "ls": "-" if wb == "folio" else ":"})
ax.set_xlabel("share of swapped entries in zswap")
ax.set_ylabel("64 KiB chunk swap-ins back as one folio (%)")
ax.set_ylim(0, 105)
ax.set_title("large-folio swap-in: contiguity (zram churn) and backend rule")
ax.legend(fontsize="small")
fig.tight_layout()
plotting.show(fig, out_dir, "thp_swapin_backend", "The share of 64 KiB chunks swapped in as one folio against the share of swapped entries in zswap, per design (solid: a stored folio written back whole; dotted: entry by entry); designs whose rule is zswap_never_enabled() drop to zero as soon as zswap holds anything.")

# %% [markdown]
# ## 8. zswap writeback to the physical device: page by page or batched
# The steady state of `swapmodel.allocator.steady` (half the folios 64 KiB, half of all folios freed
# page by page) on a vswap space with a zswap pool of `writeback_pool_mib` over a physical device
# of `device_mib`. Under the code's rules (mm/zswap.c: zswap_check_limits, shrink_worker) a store is
# rejected once the pool is full and until it has fallen to 90 % of its limit, the rejected folio going to
# a physical slot of its order at once, and the shrinker writes back oldest first to that threshold;
# vswap-ste-v2's RFC v2 writes nothing back (zswap_writeback_entry returns -EINVAL), so every rejected
# folio goes to the physical device whole; the former assumption, beside it, wrote the oldest entry
# back synchronously whenever a store found the pool full. zswap's
# shrinker writes back one page at a time (batch order 0), each to an order-0 slot; batched
# contiguous writeback (batch order 4, a proposal of the thread, not kernel code) writes an aligned
# 64 KiB virtual run still in zswap to one order-4 allocation. Below, the share of wholly
# written-back 64 KiB chunks whose physical slots are consecutive: one sequential read, and a
# large-folio swap-in under the swap-table edition's rule (section 7).

# %%
wb = layers.written_back_contiguity(layered, seed_list, device_mib, writeback_pool_mib, int(writeback_events),
                                    executor=ex)
table(wb, "written_back_contiguity")
wb_former = layers.written_back_contiguity(layered, seed_list, device_mib, writeback_pool_mib, int(writeback_events),
                                           virtual_rules="former", executor=ex)
table(wb_former, "written_back_contiguity_former")
display(pd.concat([wb, wb_former]).groupby(["design", "virtual_rules", "writeback_batch_order"])[
    ["written_back_entries", "rejected_pages", "written_back_chunks", "contiguous_pct", "backing_fill"]].mean().round(2))

# %% [markdown]
# ## 9. The model against this kernel and the published runs
# Every measured or published swap-out fallback of the churn kind in data/: this kernel's churn runs
# (data/kernel/live/churn-*, the comparison of notebook 03), the posted selftest runs of section 1,
# and the 6.12 runs of table T1 (data/published/fragmentation_t1.toml) under the 6.12 rules; then
# this kernel's large-folio swap-ins. They check the static allocator rules that the physical layer
# of every design uses; the virtual layer has no kernel to run.

# %%
live_plateaus = layers.live_churn_plateaus(range(3))
t1 = layers.t1_plateaus(range(t1_seeds), executor=ex)  # the seeds notebook 02 uses: one value per plateau
live_swapin = layers.live_large_swapin()
for frame, name in ((live_plateaus, "live_churn_plateaus"), (t1, "t1_plateaus"), (live_swapin, "live_large_swapin")):
    table(frame, name)
    display(frame.round(2))

# %% [markdown]
# ## 10. Answers to the thread's questions
# Each answer is computed by `swapmodel.report.findings.virtual_physical` from the tables saved
# above (read back from this report's CSV files when it has an output folder); none is typed in.
# Their evidence: W2, 4.14, 4.10 and 6.6 (swap-out) the fill sweeps of section 3 and the shared
# cache of section 5; W1 and 4.27 the layers over time and the free space of section 4 (4.27's
# writeback, section 8); 4.24 the CPU sweep of section 5; W3, 4.26 and 6.7 the sparse worst case,
# the index structures, the ceilings and the long-running space of section 6; 4.25 and 6.6 (swap-in)
# section 7; the validation rows, section 9.

# %%
answer_params = dict(designs=designs, fill_ratios=fill_ratios, region_mib=region_mib, device_mib=device_mib,
                     seeds=seeds, iterations=iterations, target_fallback_pct=target_fallback_pct,
                     swapped_share_of_ram=swapped_share_of_ram, cpu_counts=cpu_counts,
                     sparse_live_clusters=sparse_live_clusters, swapin_zswap_shares=swapin_zswap_shares,
                     writeback_pool_mib=writeback_pool_mib, writeback_events=writeback_events,
                     sparsity_events=sparsity_events, cache_lifetime_events=cache_lifetime_events)
answer_tables = findings.read_tables(out_dir, virtual_physical.TABLES) if out_dir else saved
sheet = AnswerSheet(virtual_physical.NOTEBOOK, out_dir, virtual_physical.answers(answer_tables, answer_params))
for qid in ("W2", "4.14", "4.10", "6.6", "W1", "4.27", "4.24", "W3", "4.26", "6.7", "4.25"):
    display(sheet.show(qid))
sheet.write()

sweeps.close()

# %% [markdown]
# ## Explore
# One churn configuration per design with sliders (JupyterLab only).

# %%
if interactive:
    import ipywidgets as w

    from swapmodel.analysis.simulate import simulate_churn

    def show(design, device, n_cpus, workload):
        rows = pd.DataFrame(simulate_churn(design=design, device_mib=device, region_mib=region_mib, iterations=40,
                                           seed=1, n_cpus=n_cpus, workload=workload).iterations())
        fig, ax = plt.subplots(figsize=(8, 3.5))
        ax.plot(rows.iteration, rows.fallback_pct, label="split")
        ax.plot(rows.iteration, rows.reactivated_pct, label="reactivated", ls="--")
        ax.set_ylim(0, 100)
        ax.legend()
        plt.show()

    w.interact(show, design=w.Dropdown(options=designs),
               device=w.IntSlider(value=int(device_mib), min=int(region_mib), max=int(3 * region_mib)),
               n_cpus=w.IntSlider(value=1, min=1, max=8), workload=w.Dropdown(options=["tools-mm", "kernel-selftest"]))
