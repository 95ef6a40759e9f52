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
# # 03 · The models against the running kernel (Linux 6.18.44)
#
# Struct sizes from BTF, static metadata taken at swapon, zswap metadata per stored page, and the
# allocator simulator's mTHP fallback curve against the kernel's own counters on zram. By default
# the recorded measurements in `data/kernel/` are read, so this runs anywhere; with
# `remeasure=True` (root only) the zram experiments run again first, restoring every knob.
# Recorded runs carry the kernel version and settings; `zswap_enabled_since_boot_before_run`
# says whether large-folio swap-in could still happen.

# %% tags=["parameters"]
remeasure: bool = False  # run the zram experiments on this machine first (root; changes and restores kernel state)
remeasure_devices_mib: list = [64, 72, 80, 96, 128]  # zram sizes for a re-measured churn sweep [16, 65536] len 1..20
sim_seeds: int = 3  # simulator seeds per recorded churn run [1, 100]
interactive: bool = True  # no widgets here; kept for a uniform runner interface
out_dir: str = ""  # directory for figures and tables; empty writes nothing

# %%
import textwrap

import seaborn as sns
from IPython.display import Markdown, display

from swapmodel.base import paths
from swapmodel.report import plotting
from swapmodel.base import save_csv
from swapmodel.analysis import validation
from swapmodel.kernel import experiments
from swapmodel.sources import kernel_records

plotting.style()
plt = plotting.plt


if remeasure:
    for device in remeasure_devices_mib:
        kernel_records.write_live_record("churn", experiments.churn_zram(device_mib=int(device), iterations=40))
    kernel_records.write_live_record("static", experiments.static_metadata())

# %% [markdown]
# ## 1. Struct sizes and slab geometry: catalogue against BTF and sysfs
# Every catalogue constant with BTF or sysfs evidence next to the snapshots of this kernel
# (`swapmodel kernel snapshot`); rows of other kernel generations are not comparable here.

# %%
snapshots = [kernel_records.read_snapshot(paths.KERNEL / f"6.18.44-fc-{build}.json") for build in ("v782", "v669")]
structs = validation.struct_table(snapshots)
display(Markdown(f"Kernels `{'`, `'.join(s['kernel_release'] for s in snapshots)}` (two builds of 6.18.44, newest first; "
                 "a row comes from the newest that has the item: the zswap slab caches exist only in a boot that "
                 "enabled zswap); of the constants measured in these kernels (evidence BTF or sysfs) "
                 f"{int((structs.equal == True).sum())} equal the catalogue and "  # noqa: E712
                 f"{int((structs.equal == False).sum())} differ; {int(structs.equal.isna().sum())} rows are not "  # noqa: E712
                 "compared, for the reason their last column gives (the catalogue sizes them for another kernel "
                 "generation or from a posting; this kernel's size stands beside them for reference)."))
display(structs)

# %% [markdown]
# ## 2. Static metadata per provisioned slot, taken at swapon
# VmallocUsed and Slab deltas around `swapon` of zram devices of several sizes, divided by the
# slots, against the model (swap_map, swap_cgroup, zeromap, cluster info, zswap tree heads).

# %%
static = validation.static_table(kernel_records.load_live_records("static"))
display(static.round(4))
if out_dir:
    save_csv(static, f"{out_dir}/static_metadata.csv")

# %% [markdown]
# ## 3. zswap metadata per stored page
# A process pushed over a `swapmodel-zswap` memory cgroup limit stores pages in zswap; Slab and
# radix_tree_node deltas per stored page against the model's slab-allocated per-entry components,
# and the zsmalloc pool per stored page against the size-class model (`swapmodel.model.zsmalloc`) for the
# shortest and longest compressed length the test pages can have.

# %%
zswap_records = kernel_records.load_live_records("zswap")
display(validation.zswap_table(zswap_records).round(4))
for rec in zswap_records:
    settings = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in rec["settings"].items())
    display(Markdown(f"Run at {rec['taken_at_utc']}: zswap enabled since boot before the run: "
                     f"{'yes' if rec['zswap_enabled_since_boot_before_run'] else 'no'}; settings: {settings}."))

# %% [markdown]
# ## 4. mTHP fallback: simulator against the kernel on zram
# Same workload, same device, region, order and swap-in mode; the simulator (6.18 rules) is
# averaged over seeds. The device size relative to the 60 MiB working set matters most.

# %%
churn_records = kernel_records.load_live_records("churn")
curves = validation.churn_curves(churn_records, range(sim_seeds))
runs = list(dict.fromkeys(curves["run"]))
cols = 4
fig, axes = plt.subplots(-(-len(runs) // cols), cols, figsize=(4.2 * cols, 3.2 * -(-len(runs) // cols)),
                         squeeze=False, sharey=True)
for ax, run in zip(axes.ravel(), runs):
    sns.lineplot(data=curves[curves.run == run], x="iteration", y="fallback_pct", hue="source", errorbar="sd", ax=ax,
                 legend=ax is axes.ravel()[0])
    ax.set_title(textwrap.fill(run, 42), fontsize=10)
    ax.set_ylabel("swpout_fallback (%)")
for ax in axes.ravel()[len(runs):]:
    ax.set_visible(False)
fig.tight_layout()
plotting.show(fig, out_dir, "churn_kernel_vs_simulator",
              "One panel per recorded zram run: the kernel's swpout_fallback per iteration against the simulator's mean "
              "and sd over seeds on the same device, order and swap-in mode; where the model is right the two lines "
              "overlap.")
plateau = validation.plateau_table(curves)
display(plateau.round(2))
if out_dir:
    save_csv(curves, f"{out_dir}/churn_curves.csv")
    save_csv(plateau, f"{out_dir}/churn_plateau.csv")

# %%
fig, ax = plt.subplots(figsize=(7, 4))
sns.lineplot(data=validation.device_size_series(plateau, order=4), x="device_over_region", y="plateau_pct",
             hue="source", marker="o", ax=ax)
ax.set_xlabel("zram size / working set")
ax.set_ylabel("plateau swpout_fallback (%), order 4")
ax.set_ylim(0, None)
ax.set_title("Fallback plateau against device size: kernel and simulator")
plotting.show(fig, out_dir, "plateau_vs_device",
              "The order-4 fallback plateau of the plain runs (one run per device size: the longest recorded on a host "
              "where zswap was never enabled; one point per run and source) against the zram size relative to the "
              "working set: kernel and simulator fall together as the device grows.")

# %% [markdown]
# ## 5. Speed
# The simulator's speed against the kernel on the same churn workload is a benchmark, not a
# report figure (timings differ from run to run, and a report must be the same bytes when rebuilt
# from the same commit): `make bench` prints it, and `sudo make bench-live` times the kernel in the
# same run.
