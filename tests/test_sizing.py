"""`swapmodel size`: provisioning per design checked by hand, and hostile inputs."""

import json

import pytest
from hypothesis import given, settings, strategies as st

from swapmodel.analysis.sizing import size_for
from swapmodel.base.errors import ParameterError
from swapmodel.cli import main

SIGMA_6_18 = 1 + 2 + 1 / 8 + 32 / 512 + 16 / 16384   # static bytes per slot: swap_map, swap_cgroup, zeromap, cluster info, tree heads


def test_zram_host_by_hand():
    t = size_for(8, 2.5, cold_share=0.25, backend="zram", designs=("linux-6.18",)).iloc[0]
    swapped = 8 * 2**30 * 0.25 / 4096
    assert t.zswap_share == 0
    assert t.provision_gib == pytest.approx(t.k * 2.0)
    assert t.swapon_mib == pytest.approx(SIGMA_6_18 * t.k * swapped / 2**20, rel=1e-4)
    # in use: plus the 8 B swap table per used entry (4096 B per 512-slot cluster)
    assert t.in_use_mib == pytest.approx(t.swapon_mib + 8 * swapped / 2**20, rel=1e-4)
    assert t.expected_fallback_pct < 1.0


def test_a_zswap_host_that_holds_everything_needs_no_physical_device_for_a_dynamic_space():
    t = size_for(64, 3.0, cold_share=0.25, designs=("vswap-ste-v2", "linux-6.18")).set_index("design")
    assert t.loc["vswap-ste-v2", "zswap_share"] == 1 and t.loc["vswap-ste-v2", "provision_gib"] == 0
    assert t.loc["linux-6.18", "provision_gib"] > 16


def test_cli_json(capsys):
    assert main(["size", "--ram-gib", "16", "--compression", "2", "--design", "swap-table-p4", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {"design", "provision_gib", "swapon_mib", "in_use_mib", "expected_fallback_pct"} <= set(rows[0])


@settings(max_examples=60, deadline=None)
@given(name=st.sampled_from(["ram_gib", "compression", "cold_share", "target_fallback_pct", "pool_percent", "order"]),
       value=st.one_of(st.floats(max_value=-1e-3), st.floats(min_value=1e9), st.just(float("nan")), st.just(float("inf"))))
def test_bad_inputs_name_the_parameter(name, value):
    args = {"ram_gib": 8, "compression": 2.0, "designs": ("linux-6.18",)} | {name: value}
    with pytest.raises(ParameterError, match=name):
        size_for(**args)
