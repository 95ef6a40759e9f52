"""Every published free-time comparison as a validation row (questions 6.5, 4.9, 6.9): per-entry
changes worked by hand from the published means, resolution by Welch's test against scipy's
reference implementation and against hand values, a spread in doubt judged under the larger one,
and the migration-contention bound as the closed-form inverse of the M/M/1 wait."""

import math

import pandas as pd
import pytest
from scipy import stats

from swapmodel.analysis import free_path, power
from swapmodel.base.errors import ParameterError
from swapmodel.model.free_path import free_ns_per_entry, migrate_rho_for_wait_ns
from swapmodel.sources.benchmarks import load_benchmarks

PAGES_PER_GIB = 2**30 / 4096
LAT = {"L1d": 2.0, "L2": 5.0, "L3": 20.0, "DRAM": 200.0}


def test_comparison_posted_twice_resolves_only_under_the_larger_spread():
    judged = power.judged_comparisons(load_benchmarks()).set_index("comparison")
    # 25 postings in benchmarks.toml, two of them posted twice (usemem concurrency throughput and free time)
    assert len(judged) == 23
    free = judged.loc["usemem-conc-free"]
    # 101.1 +- 52.4 against 91.4 +- 41.5 ms, 20 runs: t = 9.7 / sqrt((52.4^2 + 41.5^2) / 20) = 0.649
    assert free.welch_p == pytest.approx(0.52, abs=0.01) and not free.resolved
    # the v6 cover's 3.5 and 4.0 ms: t = 9.7 / sqrt((3.5^2 + 4.0^2) / 20) = 8.16, p far below 1e-6
    assert free.welch_p_smaller_spread < 1e-6 and free.resolved_if_smaller_spread and free.spread_in_doubt
    assert free.larger_spread_posting == "series-usemem-conc-free-v5"
    tput = judged.loc["usemem-conc-tput"]
    ref = stats.ttest_ind_from_stats(28188, 6996, 20, 23287, 6629, 20, equal_var=False).pvalue
    assert tput.welch_p == pytest.approx(ref) and tput.resolved


def test_postings_of_one_measurement_must_agree_on_means(tmp_path):
    text = (tmp_path / "b.toml")
    body = """
[[comparison]]
id = "a"
who = "x"
date = "2026"
url = "https://example.org"
benchmark = "b"
metric = "free time"
unit = "ms"
runs = 5
measurement = "m"
baseline = { label = "old", mean = 10.0, spread = 1.0 }
new = { label = "new", mean = 9.0, spread = 1.0 }
claim = "c"
"""
    text.write_text(body + body.replace('id = "a"', 'id = "b"').replace("mean = 9.0", "mean = 8.0"))
    from swapmodel.sources.benchmarks import load_benchmarks as load
    with pytest.raises(ParameterError, match="shares measurement 'm'"):
        power.postings_by_comparison(load(text))


def test_processes_must_be_a_whole_number_of_at_least_one(tmp_path):
    from swapmodel.sources.benchmarks import load_benchmarks as load
    f = tmp_path / "b.toml"
    f.write_text('[[comparison]]\nid = "a"\nwho = "x"\ndate = "d"\nurl = "u"\nbenchmark = "b"\nmetric = "m"\n'
                 'unit = "ms"\nruns = 5\nprocesses = 0\nclaim = "c"\n'
                 'baseline = { label = "o", mean = 1.0, spread = 1.0 }\nnew = { label = "n", mean = 1.0, spread = 1.0 }\n')
    with pytest.raises(ParameterError, match="processes"):
        load(f)


def test_welch_p_with_a_borrowed_relative_spread_matches_scipy():
    p = power.welch_p_relative(28648.65, 67789.81, 8, 0.5)
    ref = stats.ttest_ind_from_stats(28648.65, 0.5 * 28648.65, 8, 67789.81, 0.5 * 67789.81, 8, equal_var=False).pvalue
    assert p == pytest.approx(ref)
    with pytest.raises(ParameterError, match="relative_sd"):
        power.welch_p_relative(1.0, 2.0, 8, 0.0)


def test_per_process_change_per_swapped_entry_by_hand():
    # Kairui Song, usemem -R -n 32 622M on 16 GiB: 28,648.65 -> 67,789.81 us per process; each process
    # freed at least (19.4375 - 16) GiB / 32 = 28,160 swapped pages
    f = free_path.published_free("free_kairui_v5_32_workers")
    assert f["entries_per_process"] == pytest.approx(3.4375 * PAGES_PER_GIB / 32) == 28160
    assert f["change_ns_per_swapped_entry"] == pytest.approx((67789.81 - 28648.65) * 1e3 / 28160)  # 1390 ns
    assert f["entry_bound"].startswith("upper")
    # no spread posted: judged at the largest relative sd of a concurrent free time, 52.4 / 101.1 ms
    rel = 52.4 / 101.1
    ref = stats.ttest_ind_from_stats(28648.65, rel * 28648.65, 8, 67789.81, rel * 67789.81, 8, equal_var=False).pvalue
    assert f["welch_p"] == pytest.approx(ref) and ref < 0.05 and f["resolves"]
    # Nhat Pham, 52 workers x 300 MiB on 16 GiB: the workload fits, so at most all 76,800 pages of a worker
    g = free_path.published_free("usemem-conc-free")
    assert g["entries_per_process"] == pytest.approx(52 * 300 / 1024 * PAGES_PER_GIB / 52) == 76800
    assert g["change_ns_per_swapped_entry"] == pytest.approx((91.4 - 101.1) * 1e6 / 76800)  # -126 ns
    assert g["entry_bound"].startswith("lower") and not g["resolves"]
    # the 95 % interval under the larger spread, per entry
    se = math.sqrt((52.4**2 + 41.5**2) / 20)
    df = se**4 / ((52.4**2 / 20) ** 2 / 19 + (41.5**2 / 20) ** 2 / 19)
    half = stats.t.ppf(0.975, df) * se
    assert g["ci95_high_ns_per_entry"] == pytest.approx((-9.7 + half) * 1e6 / 76800)
    with pytest.raises(ParameterError, match="neither"):
        free_path.published_free("no-such-run")


def test_every_free_time_comparison_in_data_enters_the_check():
    free_ids = {c.id for c in load_benchmarks() if c.metric == "free time"}
    check = free_path.published_vs_model(LAT, 3.0, "L3")
    covered = set()
    for key in check.source:
        covered |= {c.id for c in load_benchmarks() if key in (c.id, c.measurement)}
    assert free_ids <= covered
    assert {"free_kairui_v5", "free_kairui_v5_32_workers"} <= set(check.source)
    rows = free_path.validation_rows(check)
    by_source = dict(zip(check.source, rows))
    # resolution as worked above: the 52-worker pair and vswap-v6's single run (p 0.65) do not resolve
    assert [k for k, v in by_source.items() if not v.resolves] == ["usemem-conc-free", "v6-usemem-single-free"]
    assert by_source["kairui-usemem-free-vswap"].published == pytest.approx(
        (13987175.66 - 5754780.50) * 1e3 / ((56 - 30.84) * PAGES_PER_GIB))


def test_migration_wait_inverse_by_hand():
    assert migrate_rho_for_wait_ns(1000.0, 1000.0) == pytest.approx(0.5)
    assert migrate_rho_for_wait_ns(749.0, 1000.0) == pytest.approx(749 / 1749)
    assert migrate_rho_for_wait_ns(0.0) == 0.0
    # the wait the free path charges a zram slot at that share of time is the wait asked for
    rho = migrate_rho_for_wait_ns(749.0, 1000.0)
    extra = (free_ns_per_entry("linux-6.18", LAT, 3.0, 0.0, 0.0, "zram", "L3", migrate_rho=rho)
             - free_ns_per_entry("linux-6.18", LAT, 3.0, 0.0, 0.0, "zram", "L3"))
    assert extra == pytest.approx(749.0)
    with pytest.raises(ParameterError, match="wait_ns"):
        migrate_rho_for_wait_ns(-1.0)


def test_compaction_bound_by_hand():
    check = pd.DataFrame([{"source": "x", "model_change_ns_per_entry": 600.0, "published_change_ns_per_swapped_entry": -150.0,
                           "ci95_high_ns_per_entry": 250.0, "entry_bound": "lower bound (every page)"}])
    b = free_path.compaction_bound(check, "x", migrate_hold_ns=1000.0)
    assert b["extra_wait_ns"] == 750.0 and b["baseline_rho"] == pytest.approx(750 / 1750)
    assert b["extra_wait_to_interval_ns"] == 350.0 and b["baseline_rho_to_interval"] == pytest.approx(350 / 1350)
    assert b["swapped_share_for_model_above_interval"] == pytest.approx(250 / 600)
