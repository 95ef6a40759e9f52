"""Occupancies: XArray node counts against lib/xarray.c's rules (references/kernel-facts.md), closed
forms against exact counts of sampled keys, and input errors."""

import numpy as np
import pytest
from scipy.stats import hypergeom

from swapmodel.base.errors import ParameterError
from swapmodel.model.occupancy import (
    ClusterCounts, Dense, KeySet, Random, p_block_empty, scenario, xarray_nodes_dense,
    xarray_nodes_for_keys, xarray_nodes_random,
)


def test_full_64_mib_tree_has_261_nodes():
    # references/kernel-facts.md: a full 64 MiB (16384-slot) tree holds 261 nodes
    assert xarray_nodes_for_keys(np.arange(16384)) == 256 + 4 + 1 == 261


@pytest.mark.parametrize(
    "keys, nodes",
    [
        ([], 0),
        ([0], 0),            # index 0 alone lives in xa_head
        ([5], 1),            # any other index needs a node
        ([0, 63], 1),
        ([0, 64], 3),        # two leaves under a root
        ([4096], 3),         # height 3: 4096 >= 64**2
        ([63, 4095], 3),     # height 2 (4095 < 64**2): two leaves and the root
    ],
)
def test_exact_node_counts_follow_xarray_rules(keys, nodes):
    assert xarray_nodes_for_keys(keys) == nodes


def test_trees_split_per_span():
    # one key at the start of each of two 64 MiB trees: both are index 0 of their tree, no node
    assert xarray_nodes_for_keys([0, 16384], tree_span_slots=16384) == 0
    assert xarray_nodes_for_keys([1, 16385], tree_span_slots=16384) == 2


@pytest.mark.parametrize("n", [0, 1, 2, 63, 64, 65, 4096, 4097, 16384, 100_000])
@pytest.mark.parametrize("span", [None, 16384])
def test_dense_closed_form_equals_exact_count(n, span):
    assert xarray_nodes_dense(n, span) == xarray_nodes_for_keys(np.arange(n), span)


def test_hypergeometric_block_probability_matches_scipy():
    s, n, b = 16384, 3000, 64
    assert p_block_empty(s, n, b) == pytest.approx(hypergeom(s, b, n).pmf(0), rel=1e-9)
    assert p_block_empty(100, 90, 20) == 0.0
    assert p_block_empty(100, 0, 20) == 1.0


@pytest.mark.parametrize("n, span", [(200, None), (3000, 16384), (40_000, 16384)])
def test_random_closed_form_matches_sampled_keys(n, span):
    slots = 65536
    rng = np.random.default_rng(np.random.SeedSequence(7))
    samples = [xarray_nodes_for_keys(rng.choice(slots, n, replace=False), span) for _ in range(200)]
    assert xarray_nodes_random(n, slots, tree_span_keys=span) == pytest.approx(np.mean(samples), rel=0.02)


def test_random_used_clusters_match_sampled_keys():
    slots, n = 65536, 300
    rng = np.random.default_rng(np.random.SeedSequence(8))
    sampled = np.mean([np.unique(rng.choice(slots, n, replace=False) >> 9).size for _ in range(500)])
    occ = Random(slots, {"disk": n})
    assert occ.used_clusters("swap", ("disk",))[0] == pytest.approx(sampled, rel=0.01)


def test_cluster_counts_agree_with_random_keys_inside_each_cluster():
    rng = np.random.default_rng(np.random.SeedSequence(9))
    per_cluster = np.array([1, 5, 40, 0, 512, 3])
    counts = np.zeros((per_cluster.size, 5), dtype=int)
    counts[:, 1] = per_cluster
    occ = ClusterCounts(counts)
    exact = []
    for _ in range(300):
        keys = np.concatenate([c * 512 + rng.choice(512, k, replace=False) for c, k in enumerate(per_cluster)])
        exact.append(xarray_nodes_for_keys(keys))
    assert occ.xarray_nodes("swap", ("disk",))[0] == pytest.approx(np.mean(exact), rel=0.02)
    assert occ.used_clusters("swap", ("disk",))[0] == 5


def test_keyset_counts_clusters_and_nodes_exactly():
    occ = KeySet({"zswap": [0, 1, 2], "disk": [600, 5000]})
    assert occ.entries(("zswap", "disk"))[0] == 5
    assert occ.used_clusters("swap", ("zswap", "disk"))[0] == 3
    assert occ.xarray_nodes("swap", ("zswap",), "slot")[0] == 1
    assert occ.xarray_nodes("swap", ("zswap", "disk"), "cluster")[0] == 1  # clusters 0, 1, 9 in one leaf


def test_dense_used_clusters():
    occ = Dense(16384, {"zswap": 513, "disk": 0})
    assert occ.used_clusters("swap", ("zswap", "disk"))[0] == 2


def test_scenario_splits_entries_and_sizes_backing():
    occ = scenario(1000, 0.5, {"zswap": 0.3, "disk": 0.7})
    assert occ.entries(("zswap",))[0] + occ.entries(("disk",))[0] == 500
    assert occ.slots("backing")[0] == 1000
    assert scenario(1000, 0.5).slots("backing")[0] == 0


@pytest.mark.parametrize(
    "call, param",
    [
        (lambda: scenario(1000, 1.2), "used_fraction"),
        (lambda: scenario(-5, 0.5), "swap_slots"),
        (lambda: scenario(1000, 0.5, {"zswap": 0.5}), "mix"),
        (lambda: scenario(1000, 0.5, {"ram": 1.0}), "mix"),
        (lambda: scenario(1000, 0.5, placement="clustered"), "placement"),
        (lambda: Dense(10, {"disk": 11}), "entries"),
        (lambda: KeySet({"disk": [1], "zswap": [1]}), "keys"),
        (lambda: ClusterCounts(np.full((1, 5), 200)), "counts"),
    ],
)
def test_bad_input_names_the_parameter(call, param):
    with pytest.raises(ParameterError, match=param):
        call()
