"""The swapoff model against this kernel's recorded swapoff runs (an outside value: live runs with
the swap cache evicted), the swap-cache check the records must pass, the disk read price against
the O_DIRECT latency record, `swapmodel swapoff predict`, and the design arithmetic by hand."""

import json

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from swapmodel.analysis import swapoff
from swapmodel.base.errors import ParameterError
from swapmodel.cli import main
from swapmodel.sources.kernel_records import load_live_records

RUNS = swapoff.checked_runs()
IN_ORDER = RUNS[RUNS.pageout_order == "address"]


def test_every_recorded_run_started_with_the_swap_cache_evicted():
    # SwapCached (/proc/meminfo) when the clock started, against max(5 % of swapped, 16 MiB)
    limit = (0.05 * IN_ORDER.swap_used_kib).clip(lower=16 * 1024)
    assert (IN_ORDER.swap_cached_kib <= limit).all()
    # the region was on the device: MADV_PAGEOUT left at most 0.1 % of it resident (then counted in
    # RssAnon, walked, not read), and the squeeze pushed out a few of the interpreter's own pages
    assert (IN_ORDER.swap_used_kib >= 0.999 * IN_ORDER.swapped_mib * 1024).all()
    assert (IN_ORDER.swap_used_kib <= IN_ORDER.swapped_mib * 1024 + 16 * 1024).all()
    # the device read what the cache did not hold (pswpin counts pages read from the device)
    pages_missing = IN_ORDER.swap_used_kib / 4 - IN_ORDER.swap_cached_kib / 4
    assert (IN_ORDER.delta_pswpin >= 0.95 * pages_missing).all()


def test_the_bug_is_in_the_records_a_swapfile_keeps_every_paged_out_folio_cached():
    disk = IN_ORDER[IN_ORDER.backend == "disk"]
    zram = IN_ORDER[IN_ORDER.backend == "zram"]
    # before the squeeze: the whole paged-out set in the swap cache on the swapfile, nothing on zram
    assert (disk.swap_cached_after_pageout_kib >= 0.9 * disk.swapped_mib * 1024).all()
    assert (zram.swap_cached_after_pageout_kib <= 1024).all()


def test_the_grid_covers_the_issue_range():
    for backend in swapoff.BACKINGS:
        b = IN_ORDER[IN_ORDER.backend == backend]
        assert {256, 512, 1024, 2048} <= set(b.swapped_mib)
        assert {1, 2, 4, 16} <= set(b.sharing)
        assert b.groupby(swapoff.KEYS).size().min() >= 2  # repeats: the spread is visible


def _errors_pct(means, coef):
    return [(r.backend, r.swapped_mib, r.sharing, r.resident_mib,
             100 * (swapoff.predict_swapoff(r.backend, r.swapped_mib, r.sharing, r.resident_mib_measured, coef) / r.wall_s - 1))
            for r in means.itertuples()]


def test_predict_is_within_25_percent_of_every_measured_mean():
    """`swapoff predict` (fitted on 256 and 1024 MiB) against the mean of the live runs of every
    configuration of the main grid, 256 MiB to 2 GiB, sharing 1 to 16, 64 MiB resident, zram and a
    swapfile on the root disk."""
    coef = swapoff.fitted_coefficients()
    means = swapoff.run_means(IN_ORDER[IN_ORDER.resident_mib == 64])
    assert len(means) == 2 * 4 * 4
    worst = max(_errors_pct(means, coef), key=lambda e: abs(e[-1]))
    assert abs(worst[-1]) < 25, worst


def test_predict_with_1_gib_resident_is_within_2x():
    """The runs with 1 GiB more resident are predicted less well (zram at sharing 1 runs up to 40 %
    above the model: the extra time grows with the pages read, not with the PTEs walked, which the
    model's form does not have); they are held to the answers' 2x rule."""
    coef = swapoff.fitted_coefficients()
    means = swapoff.run_means(IN_ORDER[IN_ORDER.resident_mib == 1024])
    assert len(means) == 2 * 2 * 2
    assert all(abs(e[-1]) < 100 * (2 - 1) for e in _errors_pct(means, coef))
    assert all(e[-1] > -50 for e in _errors_pct(means, coef))


def test_cli_predict_prints_json_from_the_fitted_model(capsys):
    assert main(["swapoff", "predict", "--backing", "disk", "--swapped-mib", "1024", "--sharing", "4", "--json"]) in (0, None)
    out = json.loads(capsys.readouterr().out)
    coef = swapoff.fitted_coefficients().loc["disk"]
    pages = 1024 * 256
    assert out["predicted_s"] == pytest.approx(coef.t0_s + coef.read_s_per_page * pages + coef.install_s_per_pte * 4 * pages)
    # and it is near the measured mean of that configuration
    measured = IN_ORDER[(IN_ORDER.backend == "disk") & (IN_ORDER.swapped_mib == 1024) & (IN_ORDER.sharing == 4)
                        & (IN_ORDER.resident_mib == 64)].wall_s.mean()
    assert out["predicted_s"] == pytest.approx(measured, rel=0.25)


@pytest.mark.parametrize("argv, name", [
    (["--backing", "nvme", "--swapped-mib", "256", "--sharing", "1"], "backing"),
    (["--backing", "zram", "--swapped-mib", "0", "--sharing", "1"], "swapped_mib"),
    (["--backing", "zram", "--swapped-mib", "256", "--sharing", "0.5"], "sharing"),
    (["--backing", "disk", "--swapped-mib", "256", "--sharing", "2", "--resident-mib", "-1"], "resident_mib"),
])
def test_cli_bad_input_is_one_line_naming_the_parameter(argv, name, capsys):
    assert main(["swapoff", "predict", *argv, "--json"]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and name in err and ("range" in err or "choose one of" in err)


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(["swapped_mib", "sharing", "resident_mib"]), st.floats(max_value=-0.01, allow_nan=False))
def test_bad_predict_parameters_are_named(name, value):
    args = {"swapped_mib": 256.0, "sharing": 1.0, "resident_mib": 0.0} | {name: value}
    coef = swapoff.fitted_coefficients()
    with pytest.raises(ParameterError, match=name):
        swapoff.predict_swapoff("zram", args["swapped_mib"], args["sharing"], args["resident_mib"], coef)


def test_disk_read_price_is_the_devices_latency_not_its_bandwidth():
    """The fitted price of a page read from the swapfile, against the O_DIRECT latency record
    (outside the fit): within 2x of one random 4 KiB read per synchronous read that /proc/vmstat
    counted, and far above the sequential rate."""
    coef = swapoff.fitted_coefficients()
    check = swapoff.read_price_check(IN_ORDER, coef, load_live_records("disk-latency")[-1]["result"]).set_index("latency")
    mean = check.loc["O_DIRECT random 4 KiB, mean"]
    assert 0.5 <= mean.fitted_over_derived <= 2.0
    assert check.loc["O_DIRECT sequential 1 MiB, per 4 KiB"].fitted_over_derived > 4


def test_swap_cache_limit_by_hand():
    from swapmodel.kernel.swapoff import swap_cache_limit_kib

    assert swap_cache_limit_kib(256 * 1024) == 16 * 1024  # 5 % is 12.8 MiB: the 16 MiB floor
    assert swap_cache_limit_kib(2048 * 1024) == pytest.approx(0.05 * 2048 * 1024)  # 102.4 MiB


def test_records_without_the_swap_cache_check_are_left_out():
    old = {"taken_at_utc": "x", "kernel_release": "k", "runs": [{"backend": "file", "swap_used_kib": 4}]}
    with pytest.raises(ParameterError, match="no swapoff run with the swap-cache check"):
        swapoff.checked_runs([old])
    hot = {"taken_at_utc": "x", "kernel_release": "k",
           "runs": [{"backend": "disk", "swap_used_kib": 262144, "swap_cached_kib": 20000, "sharing": 1,
                     "workload_rssanon_kib": 0}]}
    with pytest.raises(ParameterError, match="more swap cache"):
        swapoff.checked_runs([hot])
    # the record before issue 19 is kept on disk, marked superseded
    assert any(r.get("superseded") for r in load_live_records("swapoff"))


def test_design_swapoff_by_hand():
    coef = pd.Series({"t0_s": 0.01, "read_s_per_page": 2e-6, "install_s_per_pte": 3e-7, "walk_s_per_pte": 5e-9})
    d = swapoff.design_swapoff(coef, 1000, 4, 10000, minor_fault_s=1e-6, rmap_lookup_s=1e-7).set_index("design")
    # 6.18: t0 + reads + 4 PTEs per page installed + 4 x 10000 resident PTEs walked
    assert d.loc["linux-6.18 and the swap table phases", "swapoff_s"] == pytest.approx(0.01 + 2e-3 + 4 * 1000 * 3e-7 + 4e4 * 5e-9)
    assert d.loc["vswap-v3 to vswap-v6", "swapoff_s"] == pytest.approx(0.01 + 2e-3)
    assert d.loc["vswap-v3 to vswap-v6", "deferred_s"] == pytest.approx(4 * 1000 * 1e-6)  # a minor fault per PTE
    assert d.loc["vswap-ste-v2 and p4-rfc-ghost", "swapoff_s"] == pytest.approx(0.01 + 2e-3 + 1000 * 1e-7)
