"""What the checks of the allocator simulator found, for the reports that answer no registry
question (02 fragmentation, 03 kernel validation): a few sentences computed from the CSVs each
report saves, shown as the report's findings block (`swapmodel.report.html.validation_block`).

Every number comes from a saved table: 02's `t1_validation.csv` (the simulator under 6.12 rules and
the rows of Chris Li's v5 cover letter, table T1), `t1_aligned_small.csv` and
`t1_aligned_small_published.csv` (the '-a -s' run), `steady_convergence.csv`, `worst_cases.csv`;
03's `churn_plateau.csv` (kernel swpout_fallback plateaus on zram against the simulator, 6.18
rules) and `static_metadata.csv` (memory taken at swapon against the model)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from swapmodel.analysis import validation
from swapmodel.report.tables import number

TABLES = {
    "02_fragmentation": ("t1_plateaus", "t1_aligned_small", "t1_aligned_small_published", "steady_convergence",
                         "worst_cases"),
    "03_kernel_validation": ("churn_plateau", "static_metadata"),
}


def fragmentation(tables: dict[str, pd.DataFrame]) -> list[str]:
    """02's findings: the simulator against table T1, the '-a -s' run, convergence of the long
    runs, and where each design's worst case lies."""
    out = []
    t1 = tables.get("t1_plateaus")
    small, pub = tables.get("t1_aligned_small"), tables.get("t1_aligned_small_published")
    if t1 is not None and len(t1):
        # one definition of a T1 plateau for every answer (analysis.layers.t1_plateaus, 4.10's too)
        p = t1[t1["flags"] != "mthp-swapin"]
        ratio = p["model_pct"] / p["published_pct"].where(p["published_pct"] > 0)
        flags = ", ".join(f"'{r.flags}' {number(r.model_pct)} % against {number(r.published_pct)} % (iterations "
                          f"{r.averaged_from}-{r.iterations})" for r in p.itertuples())
        within = int(((ratio >= 0.5) & (ratio <= 2)).sum() + ((p["published_pct"] == 0) & (p["model_pct"] < 1)).sum())
        out.append(f"Against the published 6.12 runs (table T1, figure t1_validation) the simulator's fallback plateau "
                   f"is within 2x in {within} of {len(p)} flag sets: {flags} (simulator against published; a run "
                   "printed iteration by iteration averaged over the second half of its iterations, one printed as a "
                   "summary over all of them; table t1_plateaus, the values answer 4.10 checks against).")
    if small is not None and pub is not None and len(pub):
        by = small.groupby(["swap_slots_cache", "n_cpus"])["nonzero_iterations"].mean()
        parts = ", ".join(f"{number(v)} {'with' if cache else 'without'} the slots cache on {cpus} CPU"
                          for (cache, cpus), v in by.items())
        out.append(f"The '-a -s' run printed fallback above 0 % in {number(pub['nonzero_iterations'].iloc[0])} of 100 "
                   f"iterations; the simulator gives {parts} (figure t1_aligned_small): a fitted variant (the slots "
                   "cache and a second reclaiming CPU, the CPU count chosen here, not measured) reproduces the count; "
                   "that this is the cause is not shown.")
    conv = tables.get("steady_convergence")
    if conv is not None and len(conv):
        bad = conv[conv["verdict"] != "converged"]
        which = ", ".join(sorted({f"{r.design} {r.metric}" for r in bad.itertuples()}))
        widths = ", ".join(f"{r.design} seed {r.seed}: {number(r.mean)} +/- {number(r.half_width_95)}"
                           for r in bad.itertuples())
        out.append(f"Of the long runs through zswap, {len(conv) - len(bad)} of {len(conv)} per-seed metrics converged "
                   "(batch means, 95 % half-width)"
                   + (f"; not converged: {which} ({widths}), so table steady_zswap's values for it are not "
                      "estimates of a plateau." if which else ".")
                   + " A virtual-layer design's 0 % fallback there is by construction: a folio that finds no physical "
                   "run is reactivated instead (counted in notebook 04, not in this table).")
        per = conv[(conv["metric"] == "bytes_per_live_entry") & (conv["verdict"] == "converged")]
        if len(per):
            top_z = per.groupby("design")["mean"].mean().sort_values()
            out.append(f"Metadata per live entry in the long zswap runs (table steady_convergence, converged seeds): "
                       f"the most is {top_z.index[-1]}, {number(top_z.iloc[-1])} B, then "
                       + ", ".join(f"{d} {number(v)} B" for d, v in top_z.iloc[-2::-1].items()) + ".")
    worst = tables.get("worst_cases")
    if worst is not None and len(worst):
        w = worst.set_index("design")
        top = w["max bytes per live entry"].idxmax()
        peak = w["worst mean fallback %"].max()
        at = w[w["worst mean fallback %"] == peak]
        out.append(f"In the churn runs only (table worst_cases: no zswap), the worst mean fallback is {number(peak)} % "
                   f"({', '.join(at.index)}; order "
                   f"{', '.join(str(int(o)) for o in dict.fromkeys(at['at order']))}) and the most metadata per live "
                   f"entry {top}, {number(w.loc[top, 'max bytes per live entry'])} B.")
    return out


def kernel_validation(tables: dict[str, pd.DataFrame]) -> list[str]:
    """03's findings: the simulator's fallback plateaus against the kernel's, and static metadata
    at swapon against the model."""
    out = []
    plateau = tables.get("churn_plateau")
    if plateau is not None and len(plateau):
        gap = plateau["difference_points"].abs()
        worst = plateau.loc[gap.idxmax()]
        flags = {c: plateau[c].astype(str) == "True" for c in ("plain", "zswap_enabled_before")}  # CSV text or bool
        zswap_before = flags["zswap_enabled_before"]
        order4 = validation.one_run_per_size(plateau.assign(**flags), order=4)
        zero = order4[order4["kernel_plateau_pct"] == 0]["device_over_region"]
        out.append(f"On zram the simulator (6.18 rules) matches the kernel's swpout_fallback plateau within "
                   f"{number(gap.max())} points in all {len(plateau)} recorded runs (largest gap: {worst['run']}, kernel "
                   f"{number(worst['kernel_plateau_pct'])} %, simulator {number(worst['simulator_plateau_pct'])} %; "
                   "table churn_plateau)."
                   + (f" At order 4 the plateau falls from {number(order4['kernel_plateau_pct'].iloc[0])} % at "
                      f"{number(order4['device_over_region'].iloc[0])}x the working set to 0 from {number(zero.min())}x, "
                      "in the kernel and the simulator alike (figure plateau_vs_device)." if len(zero) else ""))
        nz = plateau[plateau["kernel_plateau_pct"] > 0]
        above = nz[nz["difference_points"] > 0]
        both_zero = int(((plateau["kernel_plateau_pct"] == 0) & (plateau["simulator_plateau_pct"] == 0)).sum())
        out.append(f"The misses lean one way: in {len(above)} of the {len(nz)} runs with a nonzero kernel plateau the "
                   f"simulator is above the kernel (+{number(above['difference_points'].min())} to "
                   f"+{number(above['difference_points'].max())} points), a bias rather than scatter; {both_zero} of "
                   f"the {len(plateau)} matches are 0 against 0.")
        out.append("Scope: every run is one workload (Barry Song's churn test on a 64-128 MiB zram device) under "
                   f"linux-6.18's rules; {int(zswap_before.sum())} of the {len(plateau)} runs came after zswap had been "
                   "enabled since boot (labelled in the table, left out of the figure; zswap stored nothing in any "
                   "iteration, zswpout 0). Nothing here validates the simulator's rules for "
                   "vswap-v3, vswap-ste-v2, ghost-rfc or p4-rfc-ghost, or the zswap-writeback long runs notebook 02 "
                   "compares designs with.")
    static = tables.get("static_metadata")
    if static is not None and len(static):
        err = static["error_pct"].abs()
        out.append(f"Memory taken at swapon: {number(static['measured_bytes_per_slot'].min())}-"
                   f"{number(static['measured_bytes_per_slot'].max())} B per slot measured against the model's "
                   f"{number(static['model_bytes_per_slot'].iloc[0])} B, within {number(err.max())} % on devices of "
                   f"{int(static['size_mib'].min())}-{int(static['size_mib'].max())} MiB (table static_metadata).")
    return out


SENTENCES = {"02_fragmentation": fragmentation, "03_kernel_validation": kernel_validation}


def from_report(notebook: str, folder: Path) -> list[str]:
    """The sentences of `notebook`'s findings, from the CSVs its run saved in `folder` (those
    missing are skipped); no sentences for a notebook not listed."""
    if notebook not in SENTENCES:
        return []
    tables = {name: pd.read_csv(Path(folder) / f"{name}.csv") for name in TABLES[notebook]
              if (Path(folder) / f"{name}.csv").exists()}
    return SENTENCES[notebook](tables)
