"""Nhat Pham's two usemem series, per page, worked by hand from the postings (benchmarks.toml,
measurements.toml): the single-process runs of 14 Apr 2026 divide by their own reclaim counters;
the 52-worker runs of 20 Apr 2026 posted none and divide by the workload's pages."""

import pytest

from swapmodel.analysis import lookup
from swapmodel.base.errors import ParameterError
from swapmodel.sources.benchmarks import load_benchmarks, load_measurements

# "Reclaim / Compaction (usemem)", baseline: pgsteal_kswapd 6,932,143 + pgsteal_direct 9,759,350
RECLAIMED = 6_932_143 + 9_759_350


def test_the_single_process_steps_per_reclaimed_page():
    reclaim = load_measurements()["usemem_single_reclaim"]
    assert reclaim["pgsteal_kswapd"] + reclaim["pgsteal_direct"] == RECLAIMED
    steps = lookup.series_steps(load_benchmarks(), RECLAIMED, walk_ns=300.0).set_index("step")
    # sys 121.9 -> 130.5 s (vss_v5) -> 126.1 s (new_opt_v2) -> 123.6 s (cc_v2)
    assert steps.loc["vswap v5", "ns_per_page"] == pytest.approx(8.6e9 / RECLAIMED, rel=1e-9)  # 515 ns
    assert steps.loc["lookup optimisations, the rmap bit among them", "ns_per_page"] == pytest.approx(-4.4e9 / RECLAIMED)
    assert steps.loc["per-CPU cluster cache", "ns_per_page"] == pytest.approx(-2.5e9 / RECLAIMED)
    assert set(steps.page) == {"reclaimed page"}
    # Welch at 8 runs per arm: 8.6 s over sqrt(3.3^2/8 + 3.8^2/8) = 1.78 s is t = 4.8
    assert steps.loc["vswap v5", "welch_p"] < 0.001
    assert steps.loc["per-CPU cluster cache", "welch_p"] > 0.2


def test_the_52_worker_steps_per_workload_page():
    pages = 52 * 300 * 256  # 52 workers x 300 MiB of 4 KiB pages
    assert lookup.USEMEM_CONC_PAGES == pages
    steps = lookup.series_steps(load_benchmarks(), pages, 300.0, lookup.USEMEM_CONC_SERIES, per="workload_page")
    v5 = steps.set_index("step").loc["vswap v5"]
    assert v5.ns_per_page == pytest.approx((511.9 - 396.4) * 1e9 / pages)  # 28,920 ns
    assert v5.page == "workload page"
    # resolved by its own 20 stated runs (the page count scales both sides): Welch t = 115.5 /
    # sqrt((31.1^2 + 60.3^2) / 20) = 7.6; the per-CPU cluster cache's 396.4 -> 392.4 (sd 39.9) gives t = 0.35
    by_step = lookup.series_steps(load_benchmarks(), pages, 300.0, lookup.USEMEM_CONC_SERIES, per="workload_page",
                                  runs_assumed=False).set_index("step")
    assert bool(by_step.loc["vswap v5"].resolves) and not bool(by_step.loc["per-CPU cluster cache"].resolves)
    with pytest.raises(ParameterError, match="per"):
        lookup.series_steps(load_benchmarks(), pages, 300.0, per="fault")
