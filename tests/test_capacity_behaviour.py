"""What a device's size changes besides free(1) (question 4.17) and the reverse map's operations
(question 6.3), checked against the kernel rules worked by hand."""

import pytest

from swapmodel.analysis import capacity
from swapmodel.base.errors import ParameterError
from swapmodel.sources.capacity import SizingRule

RULES = [SizingRule("8x RAM", 8.0, "restated", "x"), SizingRule("1:1", 1.0, "restated", "x")]


def test_vm_swap_full_flips_at_half_the_device():
    # nr_swap_pages * 2 < total_swap_pages: a device of k x RAM is full above k / 2 of RAM swapped
    t = capacity.vm_swap_full_table(RULES, [0.25, 0.6], [0.9, 0.4]).set_index(["device", "swapped_share_of_ram"])
    assert t.loc[("static, 8x RAM", 0.25), "full_above_swapped_share"] == 4.0
    assert not t.loc[("static, 8x RAM", 0.6), "vm_swap_full"]
    assert not t.loc[("static, 1:1", 0.25), "vm_swap_full"] and t.loc[("static, 1:1", 0.6), "vm_swap_full"]
    # grown cluster by cluster: full whenever its used clusters are more than half in use
    assert t.loc[("grown by cluster, 90% of used clusters' slots in use", 0.25), "vm_swap_full"]
    assert not t.loc[("grown by cluster, 40% of used clusters' slots in use", 0.25), "vm_swap_full"]


def test_overcommit_limits_by_hand():
    # OVERCOMMIT_GUESS refuses one request above RAM + swap; NEVER caps at RAM x 50 % + swap
    t = capacity.overcommit_limits(RULES, [0.25]).set_index("device")
    assert t.loc["static, 8x RAM", "guess_largest_request_x_ram"] == 9.0
    assert t.loc["static, 8x RAM", "never_commit_limit_x_ram"] == 8.5
    assert t.loc["grown by cluster", "guess_largest_request_x_ram"] == 1.25
    assert t.loc["grown by cluster", "never_commit_limit_x_ram"] == 0.75


def test_cache_only_slot_keeps_the_6_18_entry():
    # 6.18 swap-cache-only slot: swap_map 1 B, swap_cgroup 2 B, zeromap 1/8 B, swap table 8 B and
    # cluster info 32 B per 512 slots, full dense device
    t = capacity.swap_cache_prices(["linux-6.18"]).set_index("design")
    assert t.loc["linux-6.18", "cache_only_bytes_per_slot"] == pytest.approx(1 + 2 + 1 / 8 + 8 + 32 / 512, rel=0.01)


def test_rmap_checks_are_geometric_in_the_cluster_fill():
    lat = {"L1d": 1.0, "L2": 5.0, "L3": 100.0, "DRAM": 300.0}
    t = capacity.rmap_operations([0.5, 0.9], lat, 2.0, 4096).set_index(["cluster_fill", "family"])
    assert t.loc[(0.9, "vswap-v3 and vswap-v5 (rmap chase)"), "checks_per_allocation"] == pytest.approx(9.0)
    # one chase: rmap at L1 (1), a 2-level XArray walk over 4096 clusters (L2 5 + L3 100), lock (2), descriptor (100)
    assert t.loc[(0.5, "vswap-v3 and vswap-v5 (rmap chase)"), "ns_per_check"] == pytest.approx(1 + 5 + 100 + 2 + 100)
    assert t.loc[(0.5, "vswap-v6 (rmap bit)"), "ns_per_check"] == pytest.approx(1.0)
    with pytest.raises(ParameterError, match="cluster fill"):
        capacity.rmap_operations([1.0], lat, 2.0, 4096)
