"""Notebook 06's answers against numbers from outside the code (the published posts in data/published/, the
live records behind the report's tables, closed forms worked by hand below) and against the report's own CSVs.
SWAPMODEL_TEST_REPORTS points the tests at another build (default reports/)."""

import os
from pathlib import Path

import pandas as pd
import pytest

from swapmodel.base import paths
from swapmodel.report import findings

REPORT = Path(os.environ.get("SWAPMODEL_TEST_REPORTS", paths.REPORTS)) / "06_time"


@pytest.fixture(scope="module")
def by_id():
    return {(a.id, a.part): a for a in findings.from_report("06_time", REPORT)}


def _csv(name):
    return pd.read_csv(REPORT / f"{name}.csv")


def _value(answer, label):
    (v,) = [v.value for v in answer.values if v.label == label]
    return v


def _rows(answer, text):
    return [r for r in answer.validation if text in r.against]


def test_6_4_fault_costs_are_the_lookup_table_cells_and_say_modelled(by_id):
    a = by_id[("6.4", "")]
    both = _csv("lookup_both_levels")
    cell = both[(both.cold == "DRAM") & (both.host == "zswap-never-enabled") & (both.design == "vswap-v3")
                & (both.scenario == "disk")].ns
    assert _value(a, "vswap-v3, disk, zswap never enabled, modelled") == pytest.approx(float(cell.iloc[0]))
    assert a.answer.startswith("Modelled")
    assert all("modelled" in v.label for v in a.values if v.unit == "ns per fault")


def test_v5_bound_is_nhat_phams_sys_change_over_the_pages_reclaimed(by_id):
    # Nhat Pham, 14 Apr 2026: +8.6 s system time (benchmarks.toml usemem-single-sys-v5) over
    # pgsteal_kswapd 6932143 + pgsteal_direct 9759350 = 16691493 pages: 8.6e9 ns / 16691493 = 515.2 ns
    bound = _value(by_id[("6.3", "cpu")], "vswap v5's extra system time, measured (usemem-single-sys-v5): the bound")
    assert bound == pytest.approx(8.6e9 / 16691493, rel=0.01)
    assert _value(by_id[("4.1", "cpu")], "vswap v5's extra system time, measured (usemem-single-sys-v5): the bound") == bound


def test_6_3_upkeep_is_two_cold_lines_and_an_eighth_of_them_in_slot_order(by_id):
    # two accesses per slot (filled, freed), each one cold line; in slot order eight 8 B swap-table words share a
    # 64 B line, so 2 x DRAM x 8 / 64
    a = by_id[("6.3", "cpu")]
    dram = float(_csv("latency_runs").DRAM_ns.median())
    random_order = [v.value for v in a.values if v.label.startswith("upkeep, filled and freed in random order")]
    slot_order = [v.value for v in a.values if v.label.startswith("upkeep, filled and freed in slot order")]
    assert random_order == [pytest.approx(2 * dram)]
    assert slot_order == [pytest.approx(2 * dram / 8)]
    (bound_row,) = _rows(a, "usemem-single-sys-v5")
    assert bound_row.verdict == "unresolved" and bound_row.model < bound_row.published
    assert "modelled" in a.answer.lower()


def test_rfc_v1_sys_gap_is_the_installs_when_the_file_vma_is_skipped(by_id):
    # vswap-rfc-v1 cover: sys 11.48 s (legacy) against 9.96 s, a gap of 1.52 s. With the mapped file not walked
    # (no anon_vma: unuse_mm() of mm/swapfile.c v6.18 skips it), reads and t0 cancel between legacy and vswap,
    # leaving the installs: c_install(sys) x 16 GiB / 4 KiB = c_install x 4194304; walked, the file's
    # 128 GiB / 4 KiB = 33554432 PTEs add c_walk(sys) each.
    sys_disk = _csv("swapoff_sys_coefficients").set_index("backend").loc["disk"]
    for qid in (("6.10", ""), ("4.13", ""), ("6.3", "cpu")):
        skipped, walked = _rows(by_id[qid], "legacy minus vswap-rfc-v1 swapoff system time")
        assert skipped.published == pytest.approx(11.48 - 9.96)
        assert skipped.model == pytest.approx(sys_disk.install_s_per_pte * 4194304)
        assert walked.model == pytest.approx(sys_disk.install_s_per_pte * 4194304 + sys_disk.walk_s_per_pte * 33554432)
        assert walked.verdict == "unresolved" and "anon_vma" in skipped.against
    assert "anon_vma" in by_id[("6.10", "")].answer


def test_rfc_v1_wall_rows_are_the_covers_published_times(by_id):
    rows = _rows(by_id[("6.10", "")], "swapoff wall clock")
    assert sorted(r.published for r in rows) == [11.69, 25.54]
    assert all(r.verdict == "disagrees" for r in rows)  # this disk's read price is 4x RFC v1's per page
    assert by_id[("6.10", "")].status == "disagrees"


def test_6_10_prices_are_the_fitted_coefficients_and_held_out_error(by_id):
    a = by_id[("6.10", "")]
    coef = _csv("swapoff_coefficients").set_index("backend")
    assert _value(a, "read, swapfile on the root disk") == pytest.approx(coef.loc["disk", "read_s_per_page"] * 1e6)
    pred = _csv("swapoff_predictions")
    held = pred[pred.held_out & (pred.pageout_order == "address")]
    assert _value(a, "largest error on held-out configurations") == pytest.approx(held.error_pct.abs().max())


def test_4_18_wait_share_is_one_minus_sys_over_wall_read_price(by_id):
    a = by_id[("4.18", "")]
    wall = _csv("swapoff_coefficients").set_index("backend").loc["disk", "read_s_per_page"]
    cpu = _csv("swapoff_sys_coefficients").set_index("backend").loc["disk", "read_s_per_page"]
    assert _value(a, "of the disk's read price waiting on the device") == pytest.approx(1 - cpu / wall)
    runs = _csv("swapoff_runs")
    assert (runs.swap_cached_kib <= (runs.swap_used_kib * 0.05).clip(lower=16 * 1024)).all()  # issue 19's refusal rule


def test_6_9_counts_every_published_comparison_once(by_id):
    a = by_id[("6.9", "")]
    resolved = _value(a, "resolved")
    unresolved = _value(a, "not resolved")
    assert resolved + unresolved == len(_csv("benchmark_comparisons_judged"))
