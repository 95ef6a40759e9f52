"""The fleet model: zswap share in closed form from zsmalloc sizes, the fleet draw, the ghost
sizing bounds and the consolidation ledger, checked against hand computations; bad fleet files
rejected with the file and key."""

import re

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from swapmodel.analysis import capacity, fleet
from swapmodel.base.errors import ParameterError
from swapmodel.model.hosts import page_footprint_bytes, sample_hosts, zswap_share
from swapmodel.sources.capacity import SizingRule
from swapmodel.sources.fleet_mix import FLEET_FILE, load_fleet

NODE = 8192 / 14


def test_page_footprint_from_zsmalloc_classes():
    # a page compressed 2x is a 2048 B object: two per one-page zspage, plus half a struct zspage (56 B, BTF)
    assert page_footprint_bytes(2.0) == pytest.approx((4096 + 56) / 2)
    # incompressible: a whole page in the huge class
    assert page_footprint_bytes(1.0) == pytest.approx(4096 + 56)


def test_zswap_share_is_the_pool_capacity_bound():
    # pool 20 % of RAM holds 0.2 x 4096 / 2076 RAM-pages of 2x pages; half of RAM swapped: 0.789 of it fits
    assert zswap_share(2.0, 0.5, 20) == pytest.approx(0.2 * 4096 / (0.5 * 2076))
    assert zswap_share(2.0, 0.25, 20) == 1.0
    assert zswap_share(3.0, 0.3, 0) == 0.0


def test_fleet_draw_is_deterministic_and_hosts_without_zswap_are_all_on_disk():
    mix = load_fleet()
    a, b = sample_hosts(mix, 500, 7), sample_hosts(mix, 500, 7)
    assert a.equals(b)
    assert (a[~a.uses_zswap].disk_share == 1.0).all()
    assert set(a.backend) == {b.name for b in mix.backends}


def test_ghost_sizing_bounds():
    hosts = sample_hosts(load_fleet(), 200, 1)
    table = fleet.ghost_sizing(hosts, [SizingRule("tiny", 1e-3, "assumption", "x"),
                                       SizingRule("huge", 100.0, "assumption", "x")], [20])
    tiny, huge = table.set_index("rule").loc["tiny"], table.set_index("rule").loc["huge"]
    assert tiny.runs_out_share == 1.0 and tiny.unusable_share_mean == 0.0
    # 100x RAM of slots: at most 0.2 x 4096 / (4096 / ratio_max...) of it usable, so above 95 % unusable
    assert huge.runs_out_share == 0.0 and huge.unusable_share_mean > 0.95


def test_ghost_runs_out_at_drawn_demand_only_where_demand_exceeds_the_slots():
    # Two hand-made hosts, both compressing 4:1 (a pool of 20 % of RAM holds about 0.79x RAM of them, more than 0.5x):
    # one swaps 0.3 of RAM, one 0.6. A 0.5x RAM ghost runs out at the drawn demand on the second only.
    hosts = pd.DataFrame({"ratio": [4.0, 4.0], "cold_share": [0.3, 0.6]})
    rule = SizingRule("half", 0.5, "assumption", "x")
    row = fleet.ghost_sizing(hosts, [rule], [20]).iloc[0]
    assert row.runs_out_share == 1.0  # both would run out before the pool fills under unbounded pressure
    assert row.runs_out_at_drawn_demand_share == 0.5


def test_consolidation_ledger_by_hand():
    _, totals = capacity.consolidation_ledger()
    t = totals.set_index("state")
    # zswap: zswap tree (a full 16384-key XArray per 64 MiB + its 16 B head), swap table, swap_map,
    # swap_cgroup, zeromap and cluster info, per entry of a full 6.18 device
    zswap = 261 * NODE / 16384 + 16 / 16384 + 4096 / 512 + 1 + 2 + 1 / 8 + 32 / 512
    assert t.loc["zswap", "replaced_bytes"] == pytest.approx(zswap, rel=1e-9)
    assert t.loc["disk", "replaced_bytes"] == pytest.approx(zswap - 261 * NODE / 16384 - 16 / 16384, rel=1e-9)
    assert t.loc["zswap", "descriptor_allocated_bytes"] == 16384 / 512
    assert t.loc["zswap", "descriptor_struct_bytes"] == 24


@settings(max_examples=40, deadline=None)
@given(key=st.sampled_from(["weight", "max_pool_percent", "low", "ratio_sigma"]),
       value=st.one_of(st.floats(max_value=-1e-6), st.floats(min_value=1e7), st.just(float("nan")), st.text(alphabet="abcxyz", max_size=3)))
def test_bad_fleet_file_names_file_and_key(tmp_path_factory, key, value):
    text = FLEET_FILE.read_text()
    pattern = {"weight": r"weight = 0\.3", "max_pool_percent": r"max_pool_percent = 20", "low": r"low = 0\.10",
               "ratio_sigma": r"ratio_sigma = 0\.25"}[key]
    shown = f'"{value}"' if isinstance(value, str) else ("nan" if value != value else repr(value))
    bad = tmp_path_factory.mktemp("fleet") / "fleet.toml"
    bad.write_text(re.sub(pattern, f"{key} = {shown}", text, count=1))
    with pytest.raises(ParameterError, match=f"fleet.toml.*{key}"):
        load_fleet(bad)


# ---- assumed inputs shown as inputs: the flip of each verdict, in closed form worked by hand ----

import math  # noqa: E402

import numpy as np  # noqa: E402

from swapmodel.model.hosts import curve_flip, ghost_ratio_flip, linear_flip, ratio_flip  # noqa: E402


def test_proactive_writeback_caps_what_zswap_holds():
    # 2x pages, a quarter of RAM swapped: the 20 % pool holds them all (1.0); with 30 % written back
    # whatever the pool holds, zswap keeps 0.7; half of RAM swapped: the pool bound 0.789 > 0.7 still
    assert zswap_share(2.0, 0.25, 20, 0.3) == pytest.approx(0.7)
    assert zswap_share(2.0, 0.5, 20, 0.3) == pytest.approx(0.7)
    assert zswap_share(2.0, 0.5, 20, 0.2) == pytest.approx(0.2 * 4096 / (0.5 * 2076))
    with pytest.raises(ParameterError, match="writeback_share"):
        zswap_share(2.0, 0.5, 20, 1.5)


def test_linear_and_ratio_flips_by_hand():
    # 20 % of other hosts and 80 % of zswap hosts cheaper: half of the fleet at w = 0.5
    assert linear_flip(0.2, 0.8, 0.5) == pytest.approx(0.5)
    # never reaches half inside [0, 1]
    assert math.isnan(linear_flip(0.0, 0.48, 0.5))
    # (10 + 30 x) / 10 = 3 at x = 2/3
    assert ratio_flip(10, 40, 10, 10, 3) == pytest.approx(2 / 3)
    # expected bytes of two groups, equal swapped pages: design 40 B (other) and 20 B (zswap) against a
    # baseline 30 B and 30 B: (40 - 20 w) / 30 = 1 at w = 1/2
    assert ratio_flip(40, 20, 30, 30, 1.0) == pytest.approx(0.5)


def test_curve_flip_interpolates_between_grid_points():
    # 0.4 at 0.5 and 0.8 at 1: 0.5 is reached a quarter of the way, at 0.625
    assert curve_flip([0, 0.5, 1], [0.2, 0.4, 0.8], 0.5) == pytest.approx(0.625)
    assert math.isnan(curve_flip([0, 1], [0.2, 0.4], 0.5))
    with pytest.raises(ParameterError, match="xs and ys"):
        curve_flip([0, 1, 2], [0.2, 0.4], 0.5)


def test_ghost_flip_at_a_2x_page():
    # a 2x page takes 2076 B of zsmalloc (hand, above): a 20 % pool holds 0.2 x 4096 / 2076 x RAM of
    # them; a ghost a hair smaller than that runs out first exactly from ratio 2 up
    assert ghost_ratio_flip(0.2 * 4096 / 2076 * (1 - 1e-9), 20) == pytest.approx(2.0, abs=1e-5)
    # incompressible pages take 4152 B: a ghost of 0.1x RAM is outrun by a 20 % pool at any ratio
    assert ghost_ratio_flip(0.1, 20) == 1.0


def test_zswap_weight_curves_by_hand():
    # two zswap hosts and two others, equal swapped shares; design x cheaper than b on one zswap host
    # and on no other host; disk shares 0 and 0.2 behind zswap, 1 elsewhere
    per_host = pd.DataFrame({"uses_zswap": [True, True, False, False], "cold_share": [0.2] * 4,
                             "disk_share": [0.0, 0.2, 1.0, 1.0], "x": [10.0, 30.0, 40.0, 40.0],
                             "b": [30.0, 30.0, 30.0, 30.0]})
    curves, flips = fleet.zswap_weight_curves(per_host, ["x"], ["b"], [0.0, 0.5, 1.0])
    f = flips.set_index("quantity")
    # mean disk share 1 - 0.9 w: half at w = 5/9
    assert f.loc["mean disk share", "flip_weight"] == pytest.approx(5 / 9)
    # share of hosts where x is cheaper: 0.5 w, never above half before w = 1
    assert f.loc["hosts where cheaper", "flip_weight"] == pytest.approx(1.0)
    # expected bytes: x (40 - 20 w) against b 30: equal at w = 1/2; at w = 0 the ratio is 4/3
    assert f.loc["expected bytes ratio", "flip_weight"] == pytest.approx(0.5)
    at_zero = curves[(curves.zswap_host_weight == 0.0) & (curves.quantity == "expected bytes ratio")].value.iloc[0]
    assert at_zero == pytest.approx(40 / 30)


def test_host_ratio_and_gulf_flips_by_hand():
    z = fleet.Z_GRID
    # a(z) = 40 - 30 z, b = 0 for x; a = 10, b = 0 for y: on a host, x / y = (10 + 30 d) / 10 = 3 at d = 2/3
    prices = {"x": (40 - 30 * z, np.zeros_like(z)), "y": (np.full_like(z, 10.0), np.zeros_like(z))}
    assert fleet.host_ratio_flip(prices, "x", "y", 1.0, 0.25, 3.0) == pytest.approx(2 / 3)
    # on a disk host (z = 0) the gulf is 30 B per entry: 1 % of RAM needs 40.96 / 30 of RAM swapped
    assert fleet.gulf_ram_flip(prices, "x", "y", 1.0, 0.0, 1.0) == pytest.approx(40.96 / 30)
