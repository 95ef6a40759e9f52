"""Notebook 04's checks against the kernel and the published runs, and its curve helpers, against
numbers read by hand from the data files and closed forms."""

import math

import pandas as pd
import pytest

from swapmodel.analysis import layers
from swapmodel.base.errors import ParameterError


def test_t1_published_plateaus_are_the_cover_letters_numbers():
    # Chris Li's v5 cover, no flags, iterations 9-17 (swpout, fallback): (13, 213) (12, 216) (16, 213) (10, 210)
    # (16, 212) (12, 212) (15, 211) (15, 200) (9, 220): fallback / (swpout + fallback), mean 94.17 %.
    by_hand = [213 / 226, 216 / 228, 213 / 229, 210 / 220, 212 / 228, 212 / 224, 211 / 226, 200 / 215, 220 / 229]
    t1 = layers.t1_plateaus([1]).set_index("flags")
    assert t1.loc["(none)", "published_pct"] == pytest.approx(100 * sum(by_hand) / 9)
    assert t1.loc["-a", "published_pct"] == 0.0  # 'all result are 0.00%'
    # -a -s: 27 nonzero iterations of 100 printed; their fallback shares sum to 49.04 points
    assert t1.loc["-a -s", "published_pct"] == pytest.approx(0.4904, abs=1e-4)
    # the 6.12 rules put the unflagged run within 2x of the cover letter
    assert 0.5 < t1.loc["(none)", "model_pct"] / t1.loc["(none)", "published_pct"] < 2


def test_fallback_rows_follow_the_2x_rule_and_the_floor():
    live = pd.DataFrame({"run": ["64 MiB, order 4", "90 MiB, order 4"], "kernel_plateau_pct": [95.0, 0.0],
                         "simulator_plateau_pct": [40.0, 0.4]})
    t1 = pd.DataFrame({"flags": ["-a -s"], "iterations": [100], "averaged_from": [1], "published_pct": [0.49],
                       "model_pct": [0.2]})
    rows = layers.fallback_validation(live, t1)
    assert [r.verdict for r in rows] == ["disagrees", "agrees", "agrees"]  # 40/95 < 0.5; both under 1 point
    only = layers.fallback_validation(live, t1.iloc[:0], runs=["90 MiB, order 4"])
    assert len(only) == 1 and "90 MiB" in only[0].against


def test_this_kernels_large_folio_swapins_all_came_back_whole():
    # data/kernel/live/churn-*T161316Z, *T200845Z and *20261203T190555Z (make bench-live): 18935, 28370 and
    # 28370 swpin (the same seed, a week apart, the same count), no swpin_fallback
    table = layers.live_large_swapin().set_index("run")
    assert sorted(table.swpin) == [18935, 28370, 28370]
    assert (table.whole_pct == 100.0).all()


def test_fill_curve_and_the_first_size_below_a_threshold():
    fill = pd.DataFrame({"design": ["a", "a", "b", "a", "b"], "device_over_region": [1.0, 1.0, 1.0, 1.5, 1.5],
                         "reactivated_pct": [60.0, 80.0, 10.0, 0.5, 30.0]})
    curve = layers.fill_curve(fill, "reactivated_pct", ["a"])
    assert curve.to_dict() == {1.0: 70.0, 1.5: 0.5}
    assert layers.smallest_ratio_below(fill, "reactivated_pct", ["a"], 1.0) == 1.5
    assert math.isnan(layers.smallest_ratio_below(fill, "reactivated_pct", ["a", "b"], 1.0))


def test_a_virtual_space_capped_at_the_device_maps_no_more_clusters_than_the_device_holds():
    # 64 MiB device = 32 clusters of 512 slots; the cap leaves the virtual space no larger (one cluster of slack)
    capped = layers.layered_fill_sweep(["vswap-v3"], [64 / 60], [1], 20, 60.0, virtual_cap="device")
    assert capped.virtual_clusters.max() <= 33
    with pytest.raises(ParameterError, match="virtual_cap"):
        layers.layered_fill_sweep(["vswap-v3"], [1.0], [1], 4, 60.0, virtual_cap="half")


def test_written_back_entries_fill_no_more_than_512_slots_per_physical_cluster():
    wb = layers.written_back_contiguity(["vswap-v3"], [1], 64.0, 16.0, 3000, batch_orders=(0,))
    assert (wb.backing_clusters_in_use > 0).all()
    assert (wb.backing_slots_in_use <= 512 * wb.backing_clusters_in_use).all()
    assert (wb.backing_clusters_in_use <= 32).all()  # a 64 MiB device has 32 clusters
