"""Fault lookups on the two host kinds (zswap never enabled, zswap with writeback): closed forms worked
by hand, the zswap tree's miss against a direct count of XArray nodes over random keys, and the rule
of mm/zswap.c that a never-enabled host takes no zswap step."""

import numpy as np
import pytest

from swapmodel.base.errors import ParameterError
from swapmodel.model.lookup import (fault_cost, host_kind, lines_per_entry, load_paths, lock_wait_ns, zswap_ever_enabled,
                                    zswap_tree_walk)

LAT = {"L1d": 2.0, "L2": 5.0, "L3": 20.0, "DRAM": 200.0}
NEVER, WB = "zswap-never-enabled", "zswap-writeback"


def test_never_enabled_disk_fault_is_the_sum_of_its_named_loads():
    c = fault_cost(LAT, 3.0, "DRAM", 16384, host=NEVER).set_index(["design", "scenario"])
    # 6.18: swap_info[type] (L1 2), cluster_info (DRAM 200), the swap table word (200), do_swap_page()'s
    # __swap_count() on swap_map (200) and swapcache_prepare()'s cluster lock (3); no zswap tree
    assert c.loc[("linux-6.18", "disk"), "ns"] == pytest.approx(2 + 200 + 200 + 200 + 3)
    # the swap table phases: no swap_map (the count in the table word), the cluster lock of the swap cache insertion
    assert c.loc[("swap-table-p4", "disk"), "ns"] == pytest.approx(2 + 200 + 200 + 3)
    # 6.12: swap_info (2), the 3-level swap cache XArray of 16384 keys (2 x 5 + 200), swap_map (200), the lock (3)
    assert c.loc[("linux-6.12", "disk"), "ns"] == pytest.approx(2 + 210 + 200 + 3)
    assert c.loc[("linux-6.12", "disk"), "atomics"] == 1
    # vswap v3: cluster XArray of 16384 clusters (2 x 5 + 200), lock (3), descriptor (200), physical swap_info (2)
    # and cluster_info (200): 615, so 10 more than 6.18 on this host
    assert c.loc[("vswap-v3", "disk"), "ns"] == pytest.approx(210 + 3 + 200 + 2 + 200)
    # no zswap fault on a host that never enabled zswap
    assert "zswap" not in set(c.index.get_level_values("scenario"))


def test_writeback_host_adds_the_zswap_tree_and_6_12_its_lock():
    c = fault_cost(LAT, 3.0, "DRAM", 16384, host=WB, zswap_share=1.0).set_index(["design", "scenario"])
    # the tree of a 32 GiB space is indexed by offsets up to 2**23: 4 levels (3 x 5 + 200)
    assert c.loc[("linux-6.18", "disk"), "ns"] == pytest.approx(605 + 215)
    # 6.12 erases with xa_erase under the tree's xa_lock: one atomic more
    assert c.loc[("linux-6.12", "disk"), "ns"] == pytest.approx(415 + 3 + 215)
    assert c.loc[("linux-6.12", "disk"), "atomics"] == 2
    # vswap's descriptor names the backend: the same disk fault on both hosts
    never = fault_cost(LAT, 3.0, "DRAM", 16384, host=NEVER).set_index(["design", "scenario"])
    for d in ("vswap-v3", "vswap-v6", "vswap-ste-v2", "p4-rfc-ghost"):
        assert c.loc[(d, "disk"), "ns"] == pytest.approx(never.loc[(d, "disk"), "ns"])


def test_never_enabled_paths_take_no_zswap_step():
    paths = load_paths()
    assert paths
    for p in paths:
        for scenario in p.scenarios:
            for st in p.steps(scenario, NEVER):
                assert st.keys != "zswap" and "mm/zswap.c" not in st.source, (p.family, scenario, st.what)
    # and the writeback host's 6.12 and 6.18 disk faults do take one, citing mm/zswap.c at their version
    by_family = {p.family: p for p in paths}
    for family, version in (("linux-6.12", "v6.12"), ("linux-6.18", "v6.18")):
        tree = [st for st in by_family[family].steps("disk", WB) if st.keys == "zswap"]
        assert len(tree) == 1 and f"linux/{version}/source/mm/zswap.c" in tree[0].source


def test_default_on_kernel_never_counts_as_never_enabled():
    assert host_kind(False, False) == NEVER
    assert host_kind(True, False) == WB
    assert host_kind(False, True) == WB  # CONFIG_ZSWAP_DEFAULT_ON: the static key starts true
    assert zswap_ever_enabled(False, True)


def test_zswap_tree_walk_limits_by_hand():
    pages = 1 << 23  # 32 GiB: 4 levels
    assert zswap_tree_walk(0.0, False, LAT, "DRAM", pages) == pytest.approx((1, 2.0))  # empty tree: its head
    assert zswap_tree_walk(1.0, False, LAT, "DRAM", pages) == pytest.approx((4, 3 * 5 + 200))
    assert zswap_tree_walk(0.3, True, LAT, "DRAM", pages) == pytest.approx((4, 3 * 5 + 200))
    # one 64 MiB tree alone (16384 slots, 3 levels)
    assert zswap_tree_walk(1.0, False, LAT, "DRAM", 16384) == pytest.approx((3, 2 * 5 + 200))
    with pytest.raises(ParameterError, match="zswap_share"):
        zswap_tree_walk(1.5, False, LAT, "DRAM", pages)


@pytest.mark.parametrize("share", [2e-5, 2e-4, 1e-3, 0.02])
def test_zswap_tree_miss_against_counted_nodes(share):
    """Random key sets in one tree of a 32 GiB space; a miss loads every node on its offset's path that
    exists, down to the first absent one (the chain above the tree's 64 MiB exists whenever it holds a key)."""
    rng = np.random.default_rng(7)
    trees, slots, levels = 400, 16384, 4
    counted = []
    for _ in range(trees):
        keys = np.flatnonzero(rng.random(slots) < share)
        o = int(rng.integers(slots))
        if keys.size == 0:
            counted.append(1.0)  # the head
            continue
        node = 2.0  # the root and the next node: each covers the whole tree's 16384 slots here
        node += bool(np.any(keys >> 12 == o >> 12))  # the node of 4096 slots
        node += bool(np.any(keys >> 6 == o >> 6))  # the leaf of 64
        counted.append(node)
    loads, _ = zswap_tree_walk(share, False, LAT, "DRAM", 1 << 23)
    assert loads == pytest.approx(np.mean(counted), abs=4 * np.std(counted) / np.sqrt(trees) + 0.02)
    assert levels == 4


def test_fault_cost_refuses_a_share_the_host_cannot_have():
    with pytest.raises(ParameterError, match="zswap_share"):
        fault_cost(LAT, 3.0, "DRAM", host=NEVER, zswap_share=0.2)
    with pytest.raises(ParameterError, match="zswap_share"):
        fault_cost(LAT, 3.0, "DRAM", host=WB)
    with pytest.raises(ParameterError, match="host"):
        fault_cost(LAT, 3.0, "DRAM", host="zram")


def test_loader_refuses_a_zswap_step_on_a_never_enabled_host(tmp_path):
    bad = tmp_path / "paths.toml"
    bad.write_text('[[path]]\nfamily = "x"\ndesigns = ["linux-6.18"]\nsource = "s"\n[path.scenario]\n'
                   'disk = [{ kind = "xarray", keys = "zswap", what = "zswap tree", source = "mm/zswap.c" }]\n')
    with pytest.raises(ParameterError, match="never-enabled"):
        load_paths(bad)


def test_descriptor_lines_and_lock_wait_by_hand():
    assert lines_per_entry(24) == pytest.approx(1.25)  # 2 of every 8 packed 24 B descriptors straddle a line
    assert lines_per_entry(8) == pytest.approx(1.0)
    # 1e6 takes/s over 10 locks held 1000 ns: rho 0.1, wait 0.1 / 0.9 x 1000
    assert lock_wait_ns(1e6, 10, 1000) == pytest.approx(1000 / 9)
    with pytest.raises(ParameterError, match="takes_per_s"):
        lock_wait_ns(1e7, 1, 1000)
