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
# # 07 · Reclaim paths: metadata allocated inside reclaim, who pays for it, and what the counters say
#
# The questions the debate raised but never priced (7.1-7.6): the metadata each design allocates
# while reclaim swaps pages out (with which GFP flags, what happens when it fails, and how much of
# the min watermark's reserve it may take), which memory cgroup is charged for it, what in the
# design explains the reclaim counters Nhat Pham posted with his vswap v5 runs, hibernation and
# shmem under each design, the lock-contention bound of the published 52-worker runs, and the extra
# work of zswap writeback. Every rule comes from `data/published/reclaim_paths.toml`, each with the
# posted code it was read in (file, version or commit, function) or marked assumed.

# %% tags=["parameters"]
small_ram_mib: float = 1465.0  # RAM of the small machine priced in 7.1: Kairui Song's kernel-build VM, 'Mem 1465 MB' (MiB) [64, 16777216]
small_swap_mib: float = 4095.0  # its swap device, 'NVMe swap 4095 MB' (MiB) [2, 1073741824]
small_thp_zones: int = 0  # zones up to ZONE_NORMAL when THP is on there, 0 for THP off (assumed: not posted) [0, 8]
reclaim_mib: float = 64.0  # swapped out by one reclaim pass (MiB) [0.004, 16777216]
cluster_fill: float = 1.0  # share of a cluster's slots used before the next one opens [0.002, 1]
reclaim_cpus: list = [2, 12, 52]  # CPUs reclaiming at once (assumed input: 2 this VM, 12 make -j12, 52 Nhat Pham's host) [1, 65536] len 1..10
orders_open: int = 1  # folio orders each CPU swaps out at once, one open cluster each [1, 10]
readahead_us_per_page: float = 10.0  # upper bound on the CPU one readahead page costs (us) [0.01, 100000]
device_gib: float = 16.0  # physical swap device for the hibernation image (GiB) [0.01, 1048576]
swapped_gib: float = 12.0  # swapped out when hibernating (GiB) [0, 1048576]
zswap_shares: list = [0.0, 0.5, 0.9]  # share of the swapped entries held in zswap [0, 1] len 1..20
locks_per_page: float = 4.0  # vswap cluster-lock takes per page swapped out and in, assumed [0, 1000]
cross_socket_factor: float = 2.0  # cost of a line transfer across sockets over this VM's, assumed [1, 100]
writeback_atomics: int = 3  # atomics a vswap writeback adds: slot lock, swap charge, descriptor lock [0, 100]
writeback_cold_loads: int = 3  # metadata loads it adds: physical cluster, swap table, descriptor [0, 100]
next_adjacent: float = 0.9  # the labelled point of 7.6: chance a written-back page lands next to the previous one, assumed [0, 1]
interactive: bool = True  # show the ipywidgets explorer (batch runs pass False)
out_dir: str = ""  # directory for figures and tables; empty writes nothing

# %%
import pandas as pd
from IPython.display import display

from swapmodel.analysis import reclaim
from swapmodel.base import KIB_BYTES, MIB_BYTES, PAGE_SIZE_BYTES, SWAPFILE_CLUSTER_SLOTS, save_csv
from swapmodel.report import plotting
from swapmodel.report.answers import AnswerSheet
from swapmodel.report.findings import reclaim_paths as findings
from swapmodel.sources import load_benchmarks, load_live_records, load_reclaim_paths

plotting.style()
plt = plotting.plt
DESIGNS = ["linux-6.18", "vswap-v3", "vswap-v6", "vswap-ste-v2", "p4-rfc-ghost"]
tables = {}  # every table the answers read, as saved


def table(frame, name, index=False):
    display(frame)
    tables[name] = frame
    if out_dir:
        save_csv(frame, f"{out_dir}/{name}.csv", index=index)


paths = load_reclaim_paths()
params = {"small_ram_mib": small_ram_mib, "reclaim_mib": reclaim_mib, "readahead_us_per_page": readahead_us_per_page,
          "device_gib": device_gib, "swapped_gib": swapped_gib, "locks_per_page": locks_per_page,
          "cross_socket_factor": cross_socket_factor, "writeback_atomics": writeback_atomics,
          "writeback_cold_loads": writeback_cold_loads, "next_adjacent": next_adjacent}  # the parameters answers read


def show_answer(qid):
    """The answer to `qid`, computed by the findings module from the tables saved so far, shown here."""
    display(AnswerSheet(findings.NOTEBOOK, "", [findings.answer(qid, tables, params)]).show(qid))

# %% [markdown]
# ## 1. What each design allocates when reclaim opens a cluster
# One row per allocation the swap-out path (`folio_alloc_swap`, called by `shrink_folio_list`)
# makes when a design opens a cluster, with its flags, its failure path and where it was read.
# `assumed` rows say in their note what was assumed.

# %%
alloc_rows = pd.DataFrame([{"design": a.design, "layer": a.layer, "object": a.object, "bytes": a.bytes,
                            "order": a.order, "per clusters": a.per_clusters, "gfp": a.gfp,
                            "__GFP_NOMEMALLOC": a.nomemalloc, "accounted": a.account, "on failure": a.failure,
                            "status": a.status, "source": a.source} for a in paths.allocations])
table(alloc_rows, "allocations_in_reclaim")
per_cluster = reclaim.per_cluster(list(paths.allocations), DESIGNS)
table(per_cluster.round(3), "metadata_per_cluster")
table(pd.DataFrame([{"id": r.id, "design": r.design, "rule": r.rule, "value": r.value, "status": r.status,
                     "source": r.source} for r in paths.rules]), "code_rules")

# %% [markdown]
# ## 2. Against the min watermark
# The machine priced, each input with its source: RAM and swap device from Kairui Song's kernel-build
# VM, THP assumed off, the min reserve from `calculate_min_free_kbytes`, the CPUs reclaiming at once
# an assumed input. This VM's watermarks (`/proc/zoneinfo`, read only and recorded in the data file)
# check the kernel's formulas. Then a reclaim pass of `reclaim_mib`, and the metadata the CPUs
# reclaiming at once can hold before the pages they reclaim are freed (one new cluster per CPU and
# open order: the per-CPU cluster caches), as a function of the CPU count and of the RAM.

# %%
zi = paths.zoneinfo
machine = reclaim.small_machine(small_ram_mib, small_swap_mib, small_thp_zones, reclaim_cpus, orders_open, zi)
table(machine, "machine_7_1")
managed = {z[0]: z[1] for z in zi["zones"]}
here_marks = reclaim.zone_watermarks(zi["min_free_kbytes"], managed, zi["watermark_scale_factor"])
measured = pd.DataFrame(zi["zones"], columns=["zone", "managed", "min", "low", "high"]).set_index("zone")
here_marks = here_marks.set_index("zone").join(measured[["min", "low", "high"]].add_suffix("_measured"))
table(here_marks, "watermarks_this_machine", index=True)
small_min_free = float(machine.set_index("quantity").loc["min_free_kib", "value"])
one_pass = reclaim.reclaim_pass(per_cluster, reclaim_mib * MIB_BYTES / PAGE_SIZE_BYTES, cluster_fill)
table(one_pass.round(4), "reclaim_pass")
exposure = reclaim.reserve_exposure(per_cluster, small_min_free, reclaim_cpus, orders_open)
table(exposure.round(3), "reserve_exposure")
flips = reclaim.reserve_flips(per_cluster, small_min_free, reclaim_cpus, orders_open)
table(flips.round(3), "reserve_flip")
ram_grid = sorted({64.0, 128.0, 256.0, 512.0, 1024.0, 2048.0, 4096.0, 16384.0, 65536.0, small_ram_mib})
by_ram = reclaim.reserve_by_ram(per_cluster, ram_grid, reclaim_cpus, orders_open, small_thp_zones)
table(by_ram.round(4), "reserve_by_ram")

fig, axes = plt.subplots(1, 3, figsize=(17, 4.5))
ax = axes[0]
x = range(len(per_cluster))
ax.bar(x, per_cluster.virtual_bytes / KIB_BYTES, color="#4c72b0", label="virtual layer")
ax.bar(x, per_cluster.physical_bytes / KIB_BYTES, bottom=per_cluster.virtual_bytes / KIB_BYTES, color="#dd8452",
       label="physical layer")
ax.set_xticks(list(x), per_cluster.design, rotation=20)
ax.set_ylabel("KiB allocated per cluster opened in reclaim")
ax.set_title(f"Per {SWAPFILE_CLUSTER_SLOTS * PAGE_SIZE_BYTES // MIB_BYTES} MiB of pages swapped out")
ax.legend(fontsize="small")
ax = axes[1]
for design, g in exposure.groupby("design", sort=False):
    ax.plot(g.cpus, g.held_kib, label=design, **plotting.line_kwargs(design))
ax.axhline(small_min_free, color="grey", ls="--", lw=1)
ax.text(min(reclaim_cpus), small_min_free, f" min reserve, {small_ram_mib:g} MiB machine", va="bottom", fontsize=8)
ax.set_xscale("log", base=2)
ax.set_xticks(sorted(reclaim_cpus), [str(c) for c in sorted(reclaim_cpus)])
ax.set_xlabel("CPUs reclaiming at once")
ax.set_ylabel("KiB held before any reclaimed page is freed")
ax.set_title(f"{orders_open} open order(s) per CPU")
ax.legend(fontsize="small")
ax = axes[2]
top = by_ram[by_ram.cpus == max(reclaim_cpus)]
for design, g in top.groupby("design", sort=False):
    ax.plot(g.ram_mib, g.held_kib / g.may_take_kib_in_reclaim, label=design, **plotting.line_kwargs(design))
ax.axhline(1, color="grey", ls="--", lw=1)
ax.axvline(small_ram_mib, color="grey", ls=":", lw=1)
ax.set_xscale("log", base=2)
ax.set_yscale("log")
ax.set_xlabel("RAM (MiB)")
ax.set_ylabel("held / part of the min reserve it may take")
ax.set_title(f"{max(reclaim_cpus)} CPUs reclaiming; above 1 the reserve is reached")
ax.legend(fontsize="small")
plotting.show(fig, out_dir, "metadata_in_reclaim", "Left: the metadata each design allocates, virtual and physical layer, for every cluster it opens inside reclaim; middle: what that holds before any reclaimed page is freed, against the number of CPUs reclaiming at once, with the min reserve of the stated small machine dashed; right: the same held metadata over the part of the min reserve it may take, against RAM, where above 1 the reserve is reached.")
show_answer("7.1")

# %% [markdown]
# ## 3. Who is charged
# None of the allocations above is accounted (no `__GFP_ACCOUNT`, no `SLAB_ACCOUNT` cache): the
# memory lands on no memory cgroup. Per GiB a cgroup swaps out, dense and at one live entry per
# cluster (the sparse worst case):

# %%
charge = reclaim.unaccounted(per_cluster, [1.0, 1 / SWAPFILE_CLUSTER_SLOTS])
table(charge, "unaccounted_metadata")
show_answer("7.2")

# %% [markdown]
# ## 4. The reclaim counters of Nhat Pham's v5 runs
# The table of his reply of 14 Apr 2026, checked at the source: it belongs to the single-process
# `usemem --init-time -O -y -x -n 1 56G` run (32 GB, 52 CPUs) and to `memhog 48G` (16 GB), both on
# zram with MGLRU, not to the 52-worker concurrency series. Changes from the baseline with Welch's
# test at the run counts assumed in the data file (the posting gives none):

# %%
changes = pd.concat([reclaim.counter_changes(list(paths.counters), w) for w in ("usemem", "memhog")],
                    ignore_index=True)
table(changes.round(4), "counter_changes")
shares = pd.concat([reclaim.kswapd_share(list(paths.counters), w).assign(workload=w) for w in ("usemem", "memhog")],
                   ignore_index=True)
table(shares.round(4), "kswapd_share")
table(reclaim.sys_time_table(paths.sys_s), "sys_time")
table(reclaim.same_rule_table(changes).round(1), "same_rule_prediction")
table(reclaim.counter_explanation(changes, shares, paths.sys_s, readahead_us_per_page).round(4), "counter_explanation")

fig, axes = plt.subplots(1, 2, figsize=(12, 4.2))
for ax, counter in zip(axes, ["swap_ra", "pgmigrate"]):
    sub = changes[changes.counter == counter]
    for i, (w, g) in enumerate(sub.groupby("workload", sort=False)):
        xs = [j + 0.2 * i for j in range(len(g))]
        ax.errorbar(xs, g.change, yerr=[g.change - g.ci95_low, g.ci95_high - g.change], fmt="o", capsize=3, label=w)
    ax.axhline(0, color="grey", lw=1)
    ax.set_xticks(range(3), ["vss_v5", "new_opt_v2", "cc_v2"])
    ax.set_title(f"{counter}: change from baseline, 95 % interval")
    ax.legend(fontsize="small")
plotting.show(fig, out_dir, "reclaim_counters", "The change in the swap readahead (swap_ra) and page migration (pgmigrate) counters of each posted kernel against its baseline, per workload, with 95 % intervals; a point whose interval crosses the grey zero line is not resolved.")
show_answer("7.3")

# %% [markdown]
# ## 5. Hibernation, shmem and tiers
# Hibernation takes physical slots directly (rule `hibernation-slot`). Free physical swap for the
# image when `swapped_gib` is swapped out, by the share held in zswap:

# %%
table(reclaim.hibernation_free_gib(device_gib, swapped_gib, zswap_shares).round(3), "hibernation_free")
show_answer("7.4")

# %% [markdown]
# ## 6. Lock contention at 52 CPUs, bounded by the published 52-worker runs
# Each step of Nhat Pham's usemem concurrency series (52 workers x 300 MB, random, zram, 20 runs)
# with Welch's 95 % interval, beside the contention model: `locks_per_page` takes of the vswap
# cluster lock per page of the workload, each paying this VM's line transfer instead of an atomic
# when another of the 52 CPUs took it last; and the lock takes per page at which the model would
# reach each step's upper bound (the flip of the assumed input).

# %%
lat = reclaim.latency_inputs(load_live_records("latency"))
table(lat, "latency_inputs")
ns = lat.set_index("quantity").ns
by_id = {c.id: c for c in load_benchmarks()}
conc_ids = ["series-usemem-conc-sys-v5", "series-usemem-conc-sys-newopt", "series-usemem-conc-sys-cc", "v6-usemem-conc-sys"]
steps = reclaim.contention_bound([by_id[i] for i in conc_ids], locks_per_page, ns["atomic_rmw"], ns["line_transfer"],
                                 cross_socket_factor)
table(steps.round(3), "contention_bound")
show_answer("7.5")

# %% [markdown]
# ## 7. zswap writeback and large-folio swap-in
# What a written-back page costs beyond linux-6.18's (which writes to the slot taken at swap-out):
# the slot allocation, the swap charge and the descriptor update of rule `writeback-slot`, hot (L2)
# when writeback runs in batches and cold (DRAM) when it does not. The I/O is one 4 KiB write per
# page in every design. A written-back large range comes back whole only under a design whose
# large-folio swap-in rule admits ranges once zswap has been enabled, and then only from contiguous
# slots: the share by the adjacency p of the slots writeback gave (an assumed input), and the p
# above which most ranges come back whole.

# %%
table(reclaim.writeback_extra_table(writeback_atomics, writeback_cold_loads, ns["atomic_rmw"], ns["L2"], ns["DRAM"])
      .round(1), "writeback_extra")
adjacency = sorted({0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999, 1.0, next_adjacent})
table(reclaim.whole_swapin_by_adjacency(DESIGNS, [2, 4, 9], adjacency).round(4), "whole_swapin_by_adjacency")
table(reclaim.whole_swapin_flips(DESIGNS, [2, 4, 9]).round(4), "whole_swapin_flip")
show_answer("7.6")

# %% [markdown]
# ## 8. Answers
# Each answer above is computed by `swapmodel.report.findings.reclaim_paths` from the tables its
# section saved; all six are written to answers.json here.

# %%
AnswerSheet(findings.NOTEBOOK, out_dir, findings.answers(tables, params)).write()

# %% [markdown]
# ## Explore
# The small machine's size and the CPUs reclaiming at once (JupyterLab only; batch reports skip this
# cell's output).

# %%
if interactive:
    import ipywidgets as w

    ram = w.FloatLogSlider(value=small_ram_mib, base=2, min=6, max=20, description="RAM MiB")
    cpus = w.IntSlider(value=52, min=1, max=512, description="CPUs")
    out = w.Output()

    def draw(*_):
        mf = reclaim.min_free_kbytes(ram.value * MIB_BYTES / KIB_BYTES)
        e = reclaim.reserve_exposure(per_cluster, mf, [cpus.value], orders_open)
        with out:
            out.clear_output(wait=True)
            display(pd.DataFrame([{"min_free_kbytes": mf}]))
            display(e.set_index("design").round(3))

    for control in (ram, cpus):
        control.observe(draw, names="value")
    draw()
    display(w.VBox([ram, cpus]), out)
