"""The sparse worst case and the three cluster-id indexes against closed forms with this kernel's
sizes (BTF and /sys/kernel/slab, kept in data/kernel/6.18.44-fc-v669.json)."""

import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from swapmodel.base import paths
from swapmodel.base.errors import ParameterError
from swapmodel.model.cost import cost
from swapmodel.model.occupancy import KeySet
from swapmodel.model.sparse_index import index_bytes, maple_bytes, strided_ids

SNAPSHOT = json.loads((paths.KERNEL / "6.18.44-fc-v669.json").read_text())


def _footprint(cache):
    s = SNAPSHOT["slab"][cache]
    return (4096 << s["order"]) / s["objs_per_slab"]


XA_NODE = _footprint("radix_tree_node")  # 8192 / 14


def test_xarray_of_ids_4096_apart_needs_a_chain_per_id():
    # 64 ids 4096 apart: height 3 (64**3 > 63 * 4096); one root, then per id one node per lower level
    assert index_bytes("xarray", strided_ids(64, 4096)) == pytest.approx((1 + 2 * 64) * XA_NODE)
    # 64 dense ids: one leaf, no upper level
    assert index_bytes("xarray", strided_ids(64, 1)) == pytest.approx(XA_NODE)


def test_maple_tree_counts_ranges_and_gaps():
    # 64 ids 64 apart: 64 ranges + 63 gaps + the tail = 128 ranges = 8 full leaves, under one internal node
    assert maple_bytes(strided_ids(64, 64)) == pytest.approx(9 * 256)
    # 64 dense ids: 64 ranges + the tail = 65 ranges = 5 leaves + 1 internal node
    assert maple_bytes(strided_ids(64, 1)) == pytest.approx(6 * 256)
    # half-full nodes: 8 ranges per leaf -> 16 leaves, 5 children per internal node -> 4, then the root
    assert maple_bytes(strided_ids(64, 64), packing="half") == pytest.approx((16 + 4 + 1) * 256)


def test_vmalloc_array_populates_a_page_per_512_ids():
    assert index_bytes("vmalloc", strided_ids(64, 512)) == 64 * 4096
    assert index_bytes("vmalloc", strided_ids(64, 1)) == 4096


def test_one_entry_per_cluster_costs_the_per_cluster_tables():
    """p4-rfc-ghost, one zswap entry in each of 64 clusters 4096 ids apart, by hand: zswap_entry
    (slab) + handle 8 B + swap_table 4096 B + swap_cluster_info_dynamic in kmalloc-96 + the
    virtual_table 512 x 8 B + the cluster XArray's nodes (one chain per cluster)."""
    n = 64
    per_entry = (_footprint("zswap_entry") + 8 + 4096 + _footprint("kmalloc-96") + 512 * 8
                 + (1 + 2 * n) * XA_NODE / n)
    got = cost("p4-rfc-ghost", KeySet({"zswap": strided_ids(n, 4096) * 512})).total_bytes[0] / n
    assert got == pytest.approx(per_entry, rel=1e-9)


@given(n=st.one_of(st.integers(-5, 5), st.floats(allow_nan=True), st.text(max_size=2)),
       stride=st.one_of(st.integers(-5, 2**40), st.floats(allow_nan=True)))
def test_bad_spreads_are_named(n, stride):
    try:
        ids = strided_ids(n, stride)
    except ParameterError as e:
        assert "\n" not in str(e) and ("n_live" in str(e) or "stride" in str(e))
    else:
        assert ids.size == n and np.all(np.diff(ids) == stride)


def test_unknown_structure_is_named():
    with pytest.raises(ParameterError, match="structure='btree'"):
        index_bytes("btree", [1, 2])


def test_packed_occupancy_fills_clusters_in_order():
    import numpy as np

    from swapmodel.analysis.layers import packed
    from swapmodel.model.occupancy import STATES, ClusterCounts

    counts = np.zeros((3, len(STATES)), np.int64)
    counts[:, STATES.index("zswap")] = 300  # 900 entries over three clusters
    counts[2, STATES.index("disk")] = 200
    p = packed(ClusterCounts(counts)).counts
    # 1100 entries need ceil(1100 / 512) = 3 clusters: zswap fills 512 + 388, disk the remaining 124 + 76
    assert p.shape[0] == 3
    assert p[:, STATES.index("zswap")].tolist() == [512, 388, 0]
    assert p[:, STATES.index("disk")].tolist() == [0, 124, 76]
