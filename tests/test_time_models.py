"""Time models against closed forms and this kernel's own swapoff runs: XArray depths, the MRU
cluster cache on traces whose hit rate is known, the free path by hand, and the swapoff model's
predictions for the swapped sizes it was not fitted on."""

import math

import pytest
from hypothesis import given, settings, strategies as st

from swapmodel.analysis import lookup, swapoff
from swapmodel.base.errors import ParameterError
from swapmodel.model.free_path import free_ns_per_entry
from swapmodel.model.lookup import fault_cost, xarray_levels

LAT = {"L1d": 2.0, "L2": 5.0, "L3": 20.0, "DRAM": 200.0}


@pytest.mark.parametrize("keys, levels", [(1, 1), (64, 1), (65, 2), (4096, 2), (4097, 3), (16384, 3), (262145, 4)])
def test_xarray_levels_are_ceil_log64(keys, levels):
    assert xarray_levels(keys) == levels


def test_swap_table_swapcache_lookup_by_hand():
    costs = fault_cost(LAT, 3.0, "DRAM", host="zswap-writeback", zswap_share=0.5).set_index(["design", "scenario"])
    # swap_info[type] (L1), cluster_info and the swap table word (cold)
    assert costs.loc[("linux-6.18", "swapcache"), "ns"] == pytest.approx(2.0 + 200 + 200)
    # vswap v3: a 3-level cluster XArray (16384 clusters of a 32 GiB space), the cluster lock, the descriptor
    assert costs.loc[("vswap-v3", "zswap"), "ns"] == pytest.approx(2 * 5.0 + 200 + 3.0 + 200)


def test_mru_hit_rates_match_closed_forms():
    space = 1 << 20
    seq = lookup.trace("sequential", 100_000, space, 1)
    assert lookup.mru_hits(seq, 1)[0] == pytest.approx(1 - 1 / 512, abs=1e-3)
    strided = lookup.trace("strided", 100_000, space, 1, stride_pages=64)
    assert lookup.mru_hits(strided, 1)[0] == pytest.approx(1 - 64 / 512, abs=1e-3)
    uniform = lookup.trace("uniform", 200_000, space, 1)
    assert lookup.mru_hits(uniform, 1)[0] == pytest.approx(512 / space, abs=5e-4)
    # two CPUs taking sequential faults in turn: each sees every other page, and the other CPU
    # touched the cluster last on every fault but the first
    hit, other = lookup.mru_hits(seq, 2, "interleaved")
    assert hit == pytest.approx(1 - 2 / 512, abs=2e-3) and other == pytest.approx(1 - 1 / 512, abs=2e-3)


def test_free_path_by_hand():
    # 6.18, disk entries freed in random order: table word (cold), one atomic, one lock per entry
    assert free_ns_per_entry("linux-6.18", LAT, 3.0, 0.0, 0.0, cold="L3") == pytest.approx(20 + 3 + 3)
    # vswap v3, disk: cluster walk (2 x L2 + cold) + descriptor (cold), atomic, lock; the physical slot the same
    assert free_ns_per_entry("vswap-v3", LAT, 3.0, 0.0, 0.0, cold="L3") == pytest.approx(30 + 26 + 26)
    # 6.18, zswap entries freed in slot order (runs of 512), cold in DRAM: the 8 B word shares its line
    # with 7 neighbours (200 / 8), atomic, lock / 512; the zswap tree erase walks 2 levels at L2 and a
    # leaf line shared by 8 (10 + 25) and takes the tree lock (3); zs_free (200 + 3) and the slab free (3)
    assert free_ns_per_entry("linux-6.18", LAT, 3.0, 1.0, 1.0, cold="DRAM") == pytest.approx(
        25 + 3 + 3 / 512 + 10 + 25 + 3 + 203 + 3)
    # STE, the same frees: one cluster walk per run (2 levels + a leaf line shared by 8 x 512 entries),
    # the 8 B virtual_table word, atomic, lock per run; no tree to leave
    assert free_ns_per_entry("vswap-ste-v2 and p4-rfc-ghost", LAT, 3.0, 1.0, 1.0, cold="DRAM") == pytest.approx(
        (10 + 200 / 4096) / 512 + 25 + 3 + 3 / 512 + 203 + 3)


def test_swapoff_model_predicts_held_out_sizes_on_this_kernel():
    # runs with the swap cache evicted (tests/test_swapoff.py checks the records themselves)
    runs = swapoff.checked_runs()
    _, fitted = swapoff.calibrate_and_predict(runs, [256, 1024])
    held = fitted[fitted.held_out & (fitted.pageout_order == "address")]
    assert {512, 2048} <= set(held.swapped_mib)
    assert held.error_pct.abs().max() < 25


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["n_faults", "space_pages", "stride_pages"]), st.integers(max_value=0))
def test_bad_trace_parameters(name, value):
    args = {"n_faults": 100, "space_pages": 4096, "stride_pages": 4} | {name: value}
    with pytest.raises(ParameterError, match=name):
        lookup.trace("strided", args["n_faults"], args["space_pages"], 1, stride_pages=args["stride_pages"])


@settings(max_examples=30, deadline=None)
@given(st.one_of(st.integers(max_value=15), st.integers(min_value=8193)), st.text(max_size=8))
def test_bad_free_time_settings_are_named_before_anything_runs(size_mib, order):
    from swapmodel.kernel import free_time

    with pytest.raises(ParameterError, match="swapped_mib|order"):
        free_time.measure(swapped_mib=(size_mib,), orders=(order,) if order not in free_time.ORDERS else ("x",))


def test_published_free_change_per_swapped_entry():
    from swapmodel.analysis.free_path import published_change

    # Nhat Pham's STE v2 usemem: free 7821 -> 6646 ms, 56 GiB on a 32 GiB machine: at least 24 GiB swapped
    pct, ns_per_entry, url = published_change("ste-usemem-free")
    assert pct == pytest.approx(100 * (6646 - 7821) / 7821)
    assert ns_per_entry == pytest.approx((6646 - 7821) * 1e6 / (24 * 2**30 / 4096))
    # Kairui Song's v5 (measurements.toml): 3,037,932.9 -> 5,001,144.5 us, 56 GiB on 16 GiB
    pct, ns_per_entry, _ = published_change("free_kairui_v5")
    assert pct == pytest.approx(64.62, abs=0.01)
    assert ns_per_entry == pytest.approx((5001144.5 - 3037932.888889) * 1e3 / (40 * 2**30 / 4096))


def test_lock_cost_mixes_the_atomic_and_the_transfer():
    from swapmodel.model.lookup import lock_ns

    assert lock_ns(3.0, 50.0, 0.9) == pytest.approx(0.9 * 50 + 0.1 * 3)
    with pytest.raises(ParameterError, match="other_cpu_share"):
        lock_ns(3.0, 50.0, 1.5)


def test_sign_flip_share_by_hand():
    from swapmodel.model.free_path import sign_flip_zswap_share

    # STE against 6.18, disk entries freed in slot order, cold in DRAM. At zswap share 0 STE adds its
    # virtual side: one cluster walk per run (10 + 200 / 4096) / 512, the 8 B word (200 / 8), atomic,
    # lock per run. At share 1 it saves 6.18's zswap tree erase (10 + 25 + 3) and adds the walk per run.
    walk_per_run = (10 + 200 / 4096) / 512
    d0 = walk_per_run + 25 + 3 + 3 / 512
    d1 = walk_per_run - (10 + 25 + 3)
    z = sign_flip_zswap_share("vswap-ste-v2 and p4-rfc-ghost", LAT, 3.0, 1.0, "disk", "DRAM")
    assert z == pytest.approx(d0 / (d0 - d1))
    # vswap v3 costs more at every share: its 24 B descriptor and a walk per entry outweigh the erase
    assert math.isnan(sign_flip_zswap_share("vswap-v3", LAT, 3.0, 1.0, "disk", "DRAM"))


# scipy warns of its own precision loss on nearly identical generated samples: the reference's warning
@pytest.mark.filterwarnings("ignore:Precision loss occurred in moment calculation")
@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(-1e3, 1e3), min_size=3, max_size=30), st.lists(st.floats(-1e3, 1e3), min_size=3, max_size=30))
def test_welch_interval_matches_scipy(a_values, b_values):
    import numpy as np
    from scipy import stats

    from swapmodel.analysis.power import difference_ci, from_values

    a, b = from_values(a_values, b_values)
    if a.spread == 0 and b.spread == 0:
        return
    low, high = difference_ci(a, b)
    ci = stats.ttest_ind(np.array(b_values), np.array(a_values), equal_var=False).confidence_interval(0.95)
    assert (low, high) == pytest.approx((ci.low, ci.high), rel=1e-9, abs=1e-6)


def test_kernel_build_traffic_from_the_published_system_times():
    from swapmodel.analysis.slowdown import kbuild_traffic

    t = kbuild_traffic({"1 us": 1000.0}).set_index("build")
    # Kairui Song's v3 builds: make -j12 109.6 -> 118.7 s (+8.3 %), make -j48 435.601 -> 455.652 s
    assert t.loc["kbuild_kairui_v3_j12", "sys_change_pct"] == pytest.approx(8.30, abs=0.01)
    assert t.loc["kbuild_kairui_v3_j12", "pages_needed"] == pytest.approx(9.1e6)
    assert t.loc["kbuild_kairui_v3_j48", "gib_needed"] == pytest.approx(20.051e6 * 4096 / 2**30)
    # a saving (the model's cost on a zswap-writeback host can be negative) explains no slowdown at any traffic
    saving = kbuild_traffic({"saving": -5.0, "none": 0.0})
    assert saving.pages_needed.isna().all() and saving.gib_needed.isna().all()


def test_model_extra_cost_per_page_by_hand():
    from swapmodel.analysis.slowdown import model_extra_ns_per_page

    # disk fault, cold lines in L3 (20): vswap v3 walks its 3-level cluster XArray (2 x 5 + 20), takes the
    # cluster lock (3), reads the descriptor (20), swap_info (2) and the physical cluster_info (20): 75;
    # 6.18 reads swap_info (2), cluster_info (20), the swap table (20), swap_map's count (20) and takes
    # swapcache_prepare()'s cluster lock (3): 65 on a host where zswap was never enabled; on a zswap-writeback
    # host it also misses the zswap tree of a 32 GiB space (full swap offsets up to 2**23: 4 levels, the leaf
    # present at share 0.5: 3 x 5 + 20): 100
    # random free, disk (test_free_path_by_hand): vswap v3 82 against 6.18 26
    never = fault_cost(LAT, 3.0, "L3", 16384, host="zswap-never-enabled")
    assert model_extra_ns_per_page(never, LAT, 3.0, "L3", 16384) == pytest.approx((75 - 65) + (82 - 26))
    wb = fault_cost(LAT, 3.0, "L3", 16384, host="zswap-writeback", zswap_share=0.5)
    assert model_extra_ns_per_page(wb, LAT, 3.0, "L3", 16384) == pytest.approx((75 - 100) + (82 - 26), abs=1e-6)

def test_a_published_interval_excludes_the_model_whatever_the_entry_count():
    from swapmodel.analysis.free_path import interval_excludes

    # benchmarks.toml v6-usemem-single-free: +7 ns per entry, 95 % interval -24 to +39, an upper bound per entry
    # (more entries than assumed shrink it toward 0): the model's +106 ns is outside for every count
    assert interval_excludes(-24.4, 38.7, 106.0, "upper bound (entries: at least the workload beyond memory)")
    # an upper-bound interval 170-204 shrinks toward 0 and reaches +106: not excluded
    assert not interval_excludes(170.6, 203.9, 106.0, "upper bound")
    # a lower bound (fewer entries than assumed) that straddles 0 widens to everything: never excluded
    assert not interval_excludes(-521.0, 268.0, 566.0, "lower bound (entries: at most every page of the workload)")
    # a lower-bound interval above 0 grows away from it: a model below it is excluded, one above is not
    assert interval_excludes(100.0, 200.0, 50.0, "lower bound") and not interval_excludes(100.0, 200.0, 500.0, "lower bound")
