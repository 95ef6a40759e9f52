"""Swapoff cost per design (questions 6.10, 4.13, 4.18, 4.5; the CPU side of 6.3).

Linux 6.18 (legacy and swap table alike) swapoff, try_to_unuse() in mm/swapfile.c: walk the page
tables of every anon VMA of every mm on init_mm.mmlist, read each swapped page back once (the swap
cache, else the device through swapin_readahead()), install it in every PTE that maps it. Measured
on this kernel with the swap cache evicted before the clock starts (swapmodel.kernel.swapoff), its
time is fitted per backend as

    T = t0 + c_read x pages read + c_install x PTEs installed + c_walk x resident PTEs walked

(pages read = swapped less what SwapCached still held; PTEs installed = sharing x swapped pages;
resident PTEs walked = sharing x the workload's RssAnon pages) on some swapped sizes and predicted
on the others. Only runs that carry the swap-cache check enter: the records before issue 19 timed
a swapfile's swapoff against a swap cache that still held every page.

The disk's read price is not assumed: it is c_read of the disk runs. It is set beside what the
O_DIRECT latency record and the runs' own /proc/vmstat counters derive, one synchronous read
(pswpin - swap_ra of them) at the random 4 KiB latency: 6.18's unuse_pte_range() looks the swap
cache up with swap_cache_get_folio(), which no longer records readahead hits (Kairui Song, "mm,
swap: use unified helper for swap cache look up", https://lore.kernel.org/r/20250910160833.3464-3-ryncsn@gmail.com;
only do_swap_page() and shmem call swap_update_readahead()), so the VMA readahead window stays at
one or two pages and swapoff reads at the device's latency, not its bandwidth.

The other designs keep these per-step prices and change the steps, as their postings describe them
(not measurable on 6.18): vswap-v3 to vswap-v6 faults each page in behind its virtual slot with no walk and
no PTE installed ("No need to perform any page table walking", RFC v1), STE and the phase IV
dynamic ghost find the virtual slot through the reverse map and do the same; both leave one minor
fault per PTE for later, priced with the minor-fault record (a read fault that finds its folio in
the swap cache), not as a PTE install.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import nnls

from swapmodel.base.errors import ParameterError, check_choice, check_range
from swapmodel.base.geometry import KIB_BYTES, PAGE_SIZE_BYTES, PAGES_PER_MIB
from swapmodel.kernel.swapoff import swap_cache_limit_kib
from swapmodel.sources.kernel_records import load_live_records

TERMS = ("t0_s", "read_s_per_page", "install_s_per_pte", "walk_s_per_pte")
FEATURES = ("pages_read", "ptes_installed", "resident_ptes_walked")
KEYS = ["backend", "pageout_order", "swapped_mib", "sharing", "resident_mib"]
BACKINGS = ("zram", "disk")
DEFAULT_CALIBRATION_MIB = (256, 1024)
"""Swapped sizes the model is fitted on by default; 512 and 2048 MiB are then predictions."""
KIB_PER_PAGE = PAGE_SIZE_BYTES // KIB_BYTES


def _records(records):
    return load_live_records("swapoff") if records is None else records


def checked_runs(records=None, superseded: bool = False) -> pd.DataFrame:
    """Every recorded swapoff run that carries the swap-cache check (SwapCached when the clock
    started), with the check applied again; records without it (before issue 19) are left out, and
    records marked `superseded` too (or, with `superseded`, only those). Adds the model's features."""
    rows = []
    for rec in _records(records):
        if rec.get("experiment", "swapoff") != "swapoff" or bool(rec.get("superseded")) != superseded:
            continue
        rows += [{**run, "record": rec["taken_at_utc"], "kernel_release": rec["kernel_release"]}
                 for run in rec["runs"] if "swap_cached_kib" in run]
    if not rows:
        raise ParameterError("no swapoff run with the swap-cache check is recorded; run "
                             "swapmodel.kernel.swapoff.measure() as root")
    runs = pd.DataFrame(rows)
    runs["pageout_order"] = runs.get("pageout_order", pd.Series("address", index=runs.index)).fillna("address")
    over = runs.swap_cached_kib > runs.swap_used_kib.map(swap_cache_limit_kib)
    if over.any():
        raise ParameterError(f"{int(over.sum())} recorded run(s) started with more swap cache than "
                             "max(5 % of swapped, 16 MiB); they time cache hits, not reads")
    runs["swapped_pages"] = runs.swap_used_kib / KIB_PER_PAGE
    runs["pages_read"] = (runs.swap_used_kib - runs.swap_cached_kib) / KIB_PER_PAGE
    runs["ptes_installed"] = runs.sharing * runs.swapped_pages
    runs["resident_ptes_walked"] = runs.sharing * runs.workload_rssanon_kib / KIB_PER_PAGE
    runs["resident_mib_measured"] = runs.workload_rssanon_kib / KIB_BYTES
    return runs


def run_means(runs: pd.DataFrame) -> pd.DataFrame:
    """One row per configuration: mean, spread and count of the wall and system times, and the
    mean features."""
    runs = runs.assign(off_cpu_share=1 - (runs.sys_s + runs.user_s) / runs.wall_s)
    g = runs.groupby(KEYS, as_index=False, sort=True)
    means = g[["wall_s", "sys_s", *FEATURES, "resident_mib_measured", "swap_cached_kib", "off_cpu_share"]].mean()
    spread = g.wall_s.agg(wall_min_s="min", wall_max_s="max", wall_sd_s="std", runs="count")
    return means.merge(spread, on=KEYS)


def live_misses(fitted: pd.DataFrame, limit: float = 2.0) -> str:
    """The configurations whose mean the model misses by more than `limit`x, in words with the
    share of their wall time spent off a CPU (wall less system and user time: waiting for the
    device, or for a CPU another program held); empty when there is none."""
    ratio = fitted.predicted_s / fitted.wall_s
    bad = fitted[(ratio > limit) | (ratio < 1 / limit)]
    if bad.empty:
        return ""
    return ("The model misses " + "; ".join(
        f"{r.backend} {r.swapped_mib:g} MiB sharing {r.sharing:g} ({r.pageout_order} order): measured {r.wall_s:.2f} s "
        f"(runs {r.wall_min_s:.2f}-{r.wall_max_s:.2f} s, {r.off_cpu_share:.0%} of it off a CPU), model {r.predicted_s:.2f} s"
        for r in bad.itertuples()) + ". Leading hypothesis: time spent waiting for a CPU that other work held on the "
        "2 shared CPUs (zram's swapoff is CPU-bound, so time off a CPU is not the kernel's).")


def _features(frame: pd.DataFrame) -> np.ndarray:
    return np.column_stack([np.ones(len(frame)), *(frame[f].to_numpy(dtype=float) for f in FEATURES)])


def calibrate(runs: pd.DataFrame, column: str = "wall_s") -> pd.Series:
    """Non-negative least-squares coefficients of the swapoff time model (TERMS) for one backend."""
    if len(runs) < len(TERMS):
        raise ParameterError(f"calibrate: {len(runs)} runs cannot fit {len(TERMS)} coefficients")
    coef, _ = nnls(_features(runs), runs[column].to_numpy(dtype=float))
    return pd.Series(coef, index=list(TERMS))


def predict(frame: pd.DataFrame, coef: pd.Series) -> np.ndarray:
    """Model time of each row (runs or configuration means)."""
    return _features(frame) @ coef[list(TERMS)].to_numpy()


def calibrate_and_predict(runs: pd.DataFrame, calibration_mib=DEFAULT_CALIBRATION_MIB,
                          column: str = "wall_s") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per backend: fit on every address-order run whose swapped size is in `calibration_mib`,
    predict every configuration's mean. Returns the coefficients and the configuration means with
    `predicted_s`, `error_pct` and `held_out` (not used in the fit: another size or another
    pageout order)."""
    check_range("calibration_mib", list(calibration_mib), 16, 8192)
    coefs, out = [], []
    means = run_means(runs)
    for backend, group in runs.groupby("backend", sort=True):
        fit = group[group.swapped_mib.isin(calibration_mib) & (group.pageout_order == "address")]
        coef = calibrate(fit, column)
        coefs.append({"backend": backend, **coef.to_dict(), "runs_fitted": len(fit)})
        m = means[means.backend == backend].copy()
        m["predicted_s"] = predict(m, coef)
        m["error_pct"] = 100 * (m.predicted_s - m[column]) / m[column]
        m["held_out"] = ~m.swapped_mib.isin(calibration_mib) | (m.pageout_order != "address")
        out.append(m)
    return pd.DataFrame(coefs), pd.concat(out, ignore_index=True)


def fitted_coefficients(calibration_mib=DEFAULT_CALIBRATION_MIB, records=None) -> pd.DataFrame:
    """The coefficients fitted to this kernel's recorded runs, one row per backend (index)."""
    coef, _ = calibrate_and_predict(checked_runs(records), calibration_mib)
    return coef.set_index("backend")


def swapoff_seconds(coef: pd.Series, swapped_mib, sharing, resident_mib=0.0) -> np.ndarray:
    """Linux 6.18 swapoff time for `swapped_mib` swapped in address order (every page read, none
    left in the swap cache), each page mapped by `sharing` processes, each of which also keeps
    `resident_mib` of anonymous memory resident (walked, not read)."""
    pages = np.asarray(swapped_mib, dtype=float) * PAGES_PER_MIB
    share = np.asarray(sharing, dtype=float)
    resident = np.asarray(resident_mib, dtype=float) * PAGES_PER_MIB
    return (coef["t0_s"] + coef["read_s_per_page"] * pages + coef["install_s_per_pte"] * share * pages
            + coef["walk_s_per_pte"] * share * resident)


def predict_swapoff(backing: str, swapped_mib: float, sharing: float, resident_mib: float = 0.0,
                    coef: pd.DataFrame | None = None) -> float:
    """`swapmodel swapoff predict`: the fitted model's swapoff time on this kernel (s). Measured
    range: 256-2048 MiB swapped, sharing 1-16; outside it the model extrapolates linearly."""
    check_choice("backing", backing, BACKINGS)
    check_range("swapped_mib", swapped_mib, 1, 1 << 20)
    check_range("sharing", sharing, 1, 1024)
    check_range("resident_mib", resident_mib, 0, 1 << 20)
    coef = fitted_coefficients() if coef is None else coef
    return float(swapoff_seconds(coef.loc[backing], swapped_mib, sharing, resident_mib))


def read_price_check(runs: pd.DataFrame, coef: pd.DataFrame, disk_latency: dict) -> pd.DataFrame:
    """The disk's fitted read price per page beside the one derived without fitting: the
    synchronous reads per page that /proc/vmstat counted in the runs (pswpin less the pages read
    ahead, swap_ra) times the O_DIRECT random 4 KiB latency (mean and median), plus zram's fitted
    price as the CPU a read costs without a device. Also the pages per device read."""
    disk = runs[(runs.backend == "disk") & (runs.pageout_order == "address")]
    sync_share = float(((disk.delta_pswpin - disk.delta_swap_ra) / disk.delta_pswpin).mean())
    rows = []
    for stat in ("mean", "median"):
        lat_s = disk_latency[f"random_4k_{stat}_us"] * 1e-6
        derived = sync_share * lat_s + float(coef.loc["zram", "read_s_per_page"])
        rows.append({"latency": f"O_DIRECT random 4 KiB, {stat}", "latency_us": lat_s * 1e6,
                     "sync_reads_per_page": sync_share, "derived_us_per_page": derived * 1e6,
                     "fitted_us_per_page": float(coef.loc["disk", "read_s_per_page"]) * 1e6,
                     "fitted_over_derived": float(coef.loc["disk", "read_s_per_page"]) / derived})
    seq_s = PAGE_SIZE_BYTES / (disk_latency["sequential_mb_per_s"] * 1e6)
    rows.append({"latency": "O_DIRECT sequential 1 MiB, per 4 KiB", "latency_us": seq_s * 1e6, "sync_reads_per_page": 1.0,
                 "derived_us_per_page": seq_s * 1e6, "fitted_us_per_page": float(coef.loc["disk", "read_s_per_page"]) * 1e6,
                 "fitted_over_derived": float(coef.loc["disk", "read_s_per_page"]) / seq_s})
    return pd.DataFrame(rows)


def minor_fault_ns(records=None) -> dict:
    """Median price of a minor fault on this kernel from the minor-fault records (swapoff-* files
    with experiment = minor-fault): a read fault that finds its folio in the swap cache, and a
    first read of anonymous memory (zero page), each less the loop; and the runs behind them. A record
    marked `superseded` (taken under load at nice 0) is left out of the price and counted."""
    minor = [rec for rec in _records(records) if rec.get("experiment") == "minor-fault"]
    runs = [r for rec in minor if not rec.get("superseded") for r in rec["runs"]]
    if not runs:
        raise ParameterError("no minor-fault record; run swapmodel.kernel.swapoff.minor_fault_cost() as root")
    frame = pd.DataFrame(runs)
    return {"swapcache_fault_ns": float(frame.swapcache_fault_ns.median()),
            "zero_fault_ns": float(frame.zero_fault_ns.median()), "runs": len(frame),
            "swapcache_fault_ns_range": (float(frame.swapcache_fault_ns.min()), float(frame.swapcache_fault_ns.max())),
            "superseded_runs": sum(len(rec["runs"]) for rec in minor if rec.get("superseded"))}


def design_swapoff(coef: pd.Series, swapped_pages: float, sharing: float, mapped_pages: float,
                   minor_fault_s: float, rmap_lookup_s: float = 0.0) -> pd.DataFrame:
    """Swapoff time per design family with the calibrated per-step prices of one backend, for
    `swapped_pages` each mapped by `sharing` processes, each process walking `mapped_pages` more
    PTEs. Every design reads each page once at the measured price (reads in slot order for all of
    them in this case: the measured runs paged out in address order); `deferred_s` is the work a
    swapoff that installs no PTE leaves to later minor faults (one per PTE, at `minor_fault_s`)."""
    for name, v in (("swapped_pages", swapped_pages), ("mapped_pages", mapped_pages)):
        check_range(name, v, 0, 1e13)
    check_range("sharing", sharing, 1, 1e6)
    check_range("minor_fault_s", minor_fault_s, 0, 1)
    check_range("rmap_lookup_s", rmap_lookup_s, 0, 1)
    t0, read, install, walk = (float(coef[t]) for t in TERMS)
    reads = t0 + swapped_pages * read
    rows = [
        ("linux-6.18 and the swap table phases", "page-table walk of every mm, each page read once, every PTE installed",
         reads + install * sharing * swapped_pages + walk * sharing * mapped_pages, 0.0),
        ("vswap-v3 to vswap-v6", "no walk: each page read behind its virtual slot; PTEs keep virtual entries",
         reads, minor_fault_s * sharing * swapped_pages),
        ("vswap-ste-v2 and p4-rfc-ghost", "physical slot to virtual slot through the reverse map, O(1) per entry",
         reads + rmap_lookup_s * swapped_pages, minor_fault_s * sharing * swapped_pages),
    ]
    return pd.DataFrame([{"design": d, "how": how, "swapoff_s": t, "deferred_s": deferred}
                         for d, how, t, deferred in rows])


def backend_move(coef_zram: pd.Series, sharing: float, resident_per_moved_page: float,
                 metadata_update_s: float) -> pd.DataFrame:
    """CPU per page to move a page from zswap to disk, beside the disk write every design pays
    alike (not priced): by writeback with a metadata update (6.18's pre-reserved slot, vswap's
    descriptor, STE's virtual_table word, the redirect's 4 B word), or, where writeback cannot
    happen (the ghost RFC returns -EINVAL on SWP_GHOST), by 6.18's swapoff route: every page
    decompressed (zram's fitted read price as the proxy), installed in its `sharing` PTEs, the
    resident PTEs walked, and swapped out again."""
    check_range("sharing", sharing, 1, 1e6)
    check_range("resident_per_moved_page", resident_per_moved_page, 0, 1e9)
    check_range("metadata_update_s", metadata_update_s, 0, 1)
    walk_route = (float(coef_zram["read_s_per_page"]) + float(coef_zram["install_s_per_pte"]) * sharing
                  + float(coef_zram["walk_s_per_pte"]) * sharing * resident_per_moved_page)
    rows = [
        ("linux-6.18", "writeback to the slot reserved at swap-out; zswap entry freed; no PTE touched", metadata_update_s),
        ("vswap-v3 / vswap-v6", "writeback: physical slot allocated, descriptor updated; no PTE touched", metadata_update_s),
        ("vswap-ste-v2 / p4-rfc-ghost", "writeback: virtual_table word tagged PHYS with the slot; no PTE touched",
         metadata_update_s),
        ("ghost-redirect", "writeback: 4 B redirect to a physical slot (no code posted); no PTE touched", metadata_update_s),
        ("ghost-rfc", "no writeback (-EINVAL on SWP_GHOST): only swapoff of the ghost device moves a page, "
                      "a walk that reads and installs it, before it is swapped out again", walk_route),
    ]
    return pd.DataFrame([{"design": d, "how": how, "cpu_s_per_page": t, "walk_route_s_per_page": walk_route,
                          "saved_s_per_page": walk_route - t} for d, how, t in rows])


def order_cost(fitted: pd.DataFrame) -> pd.DataFrame:
    """Measured swapoff time of pages paged out in random order against the same configuration paged
    out in address order (means of the runs): what scattered slots cost on each backend."""
    m = fitted.pivot_table(index=["backend", "swapped_mib", "sharing", "resident_mib"], columns="pageout_order",
                           values="wall_s").dropna()
    if m.empty or "random" not in m:
        return pd.DataFrame(columns=["backend", "swapped_mib", "sharing", "resident_mib", "address_s", "random_s",
                                     "random_over_address", "scattered_share"])
    out = m.rename(columns={"address": "address_s", "random": "random_s"}).reset_index()
    out.columns.name = None
    out["random_over_address"] = out.random_s / out.address_s
    out["scattered_share"] = 1 - out.address_s / out.random_s
    return out[["backend", "swapped_mib", "sharing", "resident_mib", "address_s", "random_s", "random_over_address",
                "scattered_share"]]


def predict_configurations(runs: pd.DataFrame, coef: pd.DataFrame) -> pd.DataFrame:
    """Configuration means of `runs` (for instance those of a superseded record) beside the model
    fitted elsewhere (`coef`, one row per backend)."""
    means = run_means(runs)
    means["predicted_s"] = [float(predict(means.iloc[[i]], coef.loc[b])[0]) for i, b in enumerate(means.backend)]
    means["error_pct"] = 100 * (means.predicted_s - means.wall_s) / means.wall_s
    return means


def disk_read_cost(runs: pd.DataFrame, coef: pd.DataFrame, sys_coef: pd.DataFrame, disk_latency: dict) -> pd.DataFrame:
    """What one page read back from the swapfile costs 6.18's swapoff (questions 4.18, 6.10), one row:
    the fitted wall price (c_read of the disk runs), the fitted system-CPU price (the same model fitted
    to sys_s) and the share of the wall price left waiting on the device; the pages per device wait
    that /proc/vmstat counted in the address-order disk runs, pswpin / (pswpin - swap_ra), and
    swap_ra_hit over them; the price derived without the fit (`read_price_check`, mean O_DIRECT random
    4 KiB latency of the disk-latency record); and zram's fitted wall and system prices."""
    disk = runs[(runs.backend == "disk") & (runs.pageout_order == "address")]
    if disk.empty:
        raise ParameterError("disk_read_cost: no address-order swapfile run recorded")
    check = read_price_check(runs, coef, disk_latency).set_index("latency")
    wall, cpu = float(coef.loc["disk", "read_s_per_page"]), float(sys_coef.loc["disk", "read_s_per_page"])
    return pd.DataFrame([{
        "fitted_read_us_per_page": wall * 1e6, "sys_read_us_per_page": cpu * 1e6, "wait_share": 1 - cpu / wall,
        "pages_per_wait": float((disk.delta_pswpin / (disk.delta_pswpin - disk.delta_swap_ra)).mean()),
        "swap_ra_hit": int(disk.delta_swap_ra_hit.sum()), "disk_runs": len(disk),
        "derived_read_us_per_page": float(check.loc["O_DIRECT random 4 KiB, mean", "derived_us_per_page"]),
        "random_4k_mean_us": float(disk_latency["random_4k_mean_us"]),
        "sequential_mb_per_s": float(disk_latency["sequential_mb_per_s"]),
        "sequential_us_per_page": PAGE_SIZE_BYTES / (disk_latency["sequential_mb_per_s"] * 1e6) * 1e6,
        "zram_read_us_per_page": float(coef.loc["zram", "read_s_per_page"]) * 1e6,
        "zram_sys_read_us_per_page": float(sys_coef.loc["zram", "read_s_per_page"]) * 1e6}])


# RFC v1's swapoff case (https://lore.kernel.org/all/20250407234223.1059191-1-nphamcs@gmail.com/: "32 GB
# swapfile 50 % full; process mmap-ed a 128GB file"). 6.18's unuse_mm() (mm/swapfile.c, v6.18) calls
# unuse_vma() only `if (vma->anon_vma && !is_vm_hugetlb_page(vma))`: a file VMA is walked only when it has an
# anon_vma, i.e. it was mapped MAP_PRIVATE and written (a COW fault prepares one); a file mapping only read, or
# MAP_SHARED, has none and its PTEs are not visited. The cover does not say which, so both readings are priced.
RFC_FILE_VMA = {"no anon_vma (read or shared mapping): skipped by unuse_mm()": 0.0,
                "anon_vma (private mapping written): every PTE of the file walked": 1.0}
RFC_FILE_VMA_HEADLINE = next(iter(RFC_FILE_VMA))
"""The reading the answers headline: the cover names a mapped file and no write to it."""


def rfc_v1_case(coef: pd.Series, sys_coef: pd.Series, swapped_pages: float, mapped_pages: float,
                minor_fault_s: float, rmap_lookup_s: float, published: dict) -> pd.DataFrame:
    """RFC v1's swapoff case per design and per reading of its mapped file (RFC_FILE_VMA): swapoff wall
    time (`coef`, the disk fit) and system time (`sys_coef`, the same model fitted to sys_s), one process
    per page, the file's `mapped_pages` PTEs walked by 6.18 only where the file VMA has an anon_vma; with
    the cover's published real and system times (`published`: measurements.toml swapoff_rfc_v1)."""
    frames = []
    for reading, walked in RFC_FILE_VMA.items():
        wall = design_swapoff(coef, swapped_pages, 1, walked * mapped_pages, minor_fault_s, rmap_lookup_s)
        sys_ = design_swapoff(sys_coef, swapped_pages, 1, walked * mapped_pages, minor_fault_s, rmap_lookup_s)
        wall["file_vma"], wall["model_sys_s"] = reading, sys_.swapoff_s
        wall["rfc_v1_real_s"] = [published["legacy_real_s"], published["vswap_real_s"], np.nan]
        wall["rfc_v1_sys_s"] = [published["legacy_sys_s"], published["vswap_sys_s"], np.nan]
        frames.append(wall)
    out = pd.concat(frames, ignore_index=True)
    return out[["file_vma", "design", "how", "swapoff_s", "deferred_s", "model_sys_s", "rfc_v1_real_s", "rfc_v1_sys_s"]]


def rfc_v1_gaps(case: pd.DataFrame) -> pd.DataFrame:
    """Legacy minus vswap-v3 to vswap-v6 in RFC v1's case, per reading of the file VMA: the model's wall-clock and
    system-time gaps (what skipping the walk and the installs saves) beside the cover's (25.54 - 11.69 s
    real, 11.48 - 9.96 s sys)."""
    rows = []
    for reading, g in case.groupby("file_vma", sort=False):
        d = g.set_index("design")
        legacy, vswap = d.loc["linux-6.18 and the swap table phases"], d.loc["vswap-v3 to vswap-v6"]
        rows.append({"file_vma": reading, "model_real_gap_s": float(legacy.swapoff_s - vswap.swapoff_s),
                     "rfc_v1_real_gap_s": float(legacy.rfc_v1_real_s - vswap.rfc_v1_real_s),
                     "model_sys_gap_s": float(legacy.model_sys_s - vswap.model_sys_s),
                     "rfc_v1_sys_gap_s": float(legacy.rfc_v1_sys_s - vswap.rfc_v1_sys_s)})
    return pd.DataFrame(rows)


REVERSE_MAP_ENTRY_BYTES = 8
"""vswap-v3 to vswap-v6 keep the physical slot -> virtual slot map in the physical device's swap table ("Re-use
swap table for the reverse mapping", v3 cover, https://lore.kernel.org/all/20260208215839.87595-1-nphamcs@gmail.com/):
one 8 B word per slot (atomic_long_t, mm/swap_table.h v6.18), 512 to a cluster's table."""


def reverse_map_upkeep_ns(cold_line_ns: float, line_bytes: int = 64) -> dict[str, float]:
    """Modelled CPU upkeep of the reverse map per physical slot (question 6.3): one write when the slot is
    filled (a writeback from zswap or a swap-out to the device) and one when it is freed, each a cold line at
    `cold_line_ns` when slots are touched in random order; in slot order consecutive 8 B words share a line, so a
    slot pays REVERSE_MAP_ENTRY_BYTES / `line_bytes` of a cold line per access. Counted lines, not a timing."""
    check_range("cold_line_ns", cold_line_ns, 0, 1e6)
    per_line = REVERSE_MAP_ENTRY_BYTES / line_bytes
    return {"random_order_ns": 2 * cold_line_ns, "slot_order_ns": 2 * cold_line_ns * per_line}
