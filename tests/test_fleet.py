"""The fleet model: zswap share in closed form from zsmalloc sizes, the fleet draw, the ghost
sizing bounds and the consolidation ledger, checked against hand computations; bad fleet files
rejected with the file and key."""

import re

import pytest
from hypothesis import given, settings, strategies as st

from swapmodel.analysis import capacity, fleet
from swapmodel.base.errors import ParameterError
from swapmodel.model.fleet import page_footprint_bytes, sample_hosts, zswap_share
from swapmodel.sources.capacity import SizingRule
from swapmodel.sources.fleet import FLEET_FILE, load_fleet

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
