"""cost(): totals checked against hand computations from kernel sizes and the budgets of
references/per-page-budgets.md (which uses 584 B per XArray node; the catalogue uses the slab's
8192 / 14 = 585.14 B, hence the small tolerances where XArrays are involved)."""

import numpy as np
import pytest

from swapmodel.model.cost import bytes_per_page, cost, per_state_table, unused_bytes_per_slot
from swapmodel.base.errors import ParameterError
from swapmodel.model.occupancy import Dense, KeySet, Random, scenario

SLAB_NODE = 8192 / 14            # radix_tree_node: 14 objects per order-1 slab (slab geometry, data/kernel/6.18.44-fc-v669.json)
ZSWAP_ENTRY = 4096 / 73          # 73 zswap_entry objects per 4 KiB slab
HANDLE = 8
TREE_64MIB_NODES = 261           # nodes of a full 16384-slot XArray
XA_PER_ENTRY = TREE_64MIB_NODES * SLAB_NODE / 16384
STATIC_6_18 = 1 + 2 + 1 / 8 + 32 / 512 + 16 / 16384   # swap_map, swap_cgroup, zeromap, cluster info, zswap tree heads


def test_linux_6_18_static_and_disk_by_hand():
    assert unused_bytes_per_slot("linux-6.18") == pytest.approx(STATIC_6_18, abs=1e-9)
    assert bytes_per_page("linux-6.18", "disk") == pytest.approx(STATIC_6_18 + 8, abs=1e-9)
    assert bytes_per_page("linux-6.18", "swapcache") == pytest.approx(STATIC_6_18 + 8, abs=1e-9)


def test_linux_6_18_zswap_by_hand_and_against_budget():
    expected = STATIC_6_18 + 8 + XA_PER_ENTRY + ZSWAP_ENTRY + HANDLE
    assert bytes_per_page("linux-6.18", "zswap") == pytest.approx(expected, rel=1e-9)
    assert bytes_per_page("linux-6.18", "zswap") == pytest.approx(84.57, abs=0.1)


@pytest.mark.parametrize(
    "design, state, budget",
    [
        ("linux-6.12", "zswap", 85.84),
        ("linux-6.12", "disk", 12.46),
        ("swap-table-p3", "disk", 10.20),
        ("swap-table-p3", "zswap", 83.58),
        ("swap-table-p4", "disk", 10.09),
        ("swap-table-p4", "zswap", 83.47),
        ("vswap-rfc-v2", "zswap", 140.1),
        ("vswap-rfc-v2", "disk", 77.0),
        ("vswap-rfc-v2", "swapcache", 66.7),
        ("vswap-v6", "zswap", 88.7),
        ("vswap-v6", "disk", 32.9),
        ("vswap-v6", "swapcache", 24.6),
        ("vswap-ste-v2", "zswap", 82.3),
        ("vswap-ste-v2", "disk", 26.3),
        ("vswap-ste-v2", "swapcache", 18.2),
        ("ghost-redirect", "writeback", 26.4),
    ],
)
def test_bytes_per_page_match_budget_budgets(design, state, budget):
    assert bytes_per_page(design, state) == pytest.approx(budget, abs=0.2)


@pytest.mark.parametrize(
    "design, budget",
    [("linux-6.12", 3.19), ("linux-6.18", 3.19), ("swap-table-p3", 2.20), ("swap-table-p4", 0.094),
     ("vswap-rfc-v2", 1.05), ("vswap-v3", 0.31), ("vswap-ste-v2", 0.094)],
)
def test_unused_slot_matches_budget(design, budget):
    assert unused_bytes_per_slot(design) == pytest.approx(budget, abs=0.006)


def test_large_folio_tables():
    table = per_state_table(["linux-6.12", "vswap-ste-v2"])
    # 6.12 zswap rejects large folios: the folio goes to disk (references/per-page-budgets.md: 199.4 at 584 B per node)
    assert table.loc["linux-6.12", "16-page folio, zswap"] == pytest.approx(199.4, rel=0.005)
    assert table.loc["vswap-ste-v2", "16-page folio, zswap"] == pytest.approx(1317.1, abs=1.0)
    assert table.loc["vswap-ste-v2", "16-page folio, disk"] == pytest.approx(420.8, abs=1.0)
    assert np.isnan(per_state_table(["ghost-rfc"]).loc["ghost-rfc", "disk"])


def test_one_entry_pins_a_whole_swap_table():
    # references/per-page-budgets.md: a used cluster pays its whole 4096 B swap table
    sparse = KeySet({"disk": np.arange(8) * 512}, swap_slots=8 * 512)
    b = cost("linux-6.18", sparse)
    table = b.bytes[[c.name for c in b.components].index("swap_table"), 0]
    assert table / 8 == 4096


def test_breakdown_sums_to_total_and_batches_agree():
    occ = scenario(np.array([4096.0, 1 << 20]), np.array([0.3, 0.9]), {"zswap": 0.5, "disk": 0.5}, placement="random")
    b = cost("vswap-ste-v2", occ)
    frame = b.frame()
    assert frame.groupby("occupancy")["bytes"].sum().to_numpy() == pytest.approx(b.total_bytes)
    one = scenario(1 << 20, 0.9, {"zswap": 0.5, "disk": 0.5}, placement="random")
    assert cost("vswap-ste-v2", one).total_bytes[0] == pytest.approx(b.total_bytes[1])


def test_dynamic_design_costs_nothing_unused_in_zswap_only_use():
    assert cost("vswap-v3", Dense(1 << 20, {})).total_bytes[0] == 0


def test_random_placement_costs_more_tables_than_dense():
    dense = cost("swap-table-p4", Dense(1 << 20, {"disk": 1 << 16})).total_bytes[0]
    spread = cost("swap-table-p4", Random(1 << 20, {"disk": 1 << 16})).total_bytes[0]
    assert spread > 5 * dense


def test_unsupported_state_and_small_backing_are_errors():
    with pytest.raises(ParameterError, match="'disk' is not supported by design 'ghost-rfc'"):
        cost("ghost-rfc", scenario(1024, 0.5, {"disk": 1.0}))
    with pytest.raises(ParameterError, match="backing_slots"):
        cost("vswap-v3", Dense(1024, {"disk": 512}, backing_slots=100))
    with pytest.raises(ParameterError, match="design="):
        cost("vswap-v9", Dense(1024, {}))
    with pytest.raises(ParameterError, match="ledger="):
        cost("linux-6.18", Dense(1024, {}), ledger="nobody")
