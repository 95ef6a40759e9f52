"""Notebook 01's answers against numbers from outside the code: the published claims
(data/claims/overhead.toml as posted) and the report's own tables."""

import pandas as pd
import pytest

from swapmodel.base import paths
from swapmodel.report import findings

REPORT = paths.REPORTS / "01_entry_overhead"


@pytest.fixture(scope="module")
def by_id():
    return {(a.id, a.part): a for a in findings.from_report("01_entry_overhead", REPORT)}


def _value(answer, label):
    (v,) = [v.value for v in answer.values if v.label == label]
    return v


def test_4_3_claims_are_the_posted_4_and_8_bytes(by_id):
    rows = {r.against.split(" ")[1]: r for r in by_id[("4.3", "")].validation}
    assert rows["chris-redirect-additional"].published == 4.0  # Chris Li: 'an additional 4 bytes'
    assert rows["chris-redirect-additional"].verdict == "agrees"


def test_4_3_totals_are_the_bytes_per_state_table_cells(by_id):
    states = pd.read_csv(REPORT / "bytes_per_state.csv", index_col="design")
    a = by_id[("4.3", "")]
    assert _value(a, "linux-6.18 total per disk entry, full dense device") == pytest.approx(states.loc["linux-6.18", "disk"])
    assert _value(a, "vswap-v3 total per disk entry, full dense device") == pytest.approx(states.loc["vswap-v3", "disk"])


def test_4_22_table_is_swapfile_cluster_times_two_bytes(by_id):
    # mm/swap.h (v6.18): SWAPFILE_CLUSTER = HPAGE_PMD_NR = 512 with CONFIG_THP_SWAP=y; a 2-byte memcg id per slot
    a = by_id[("4.22", "")]
    assert _value(a, "swap-table-p4 memcg_table, as patch 6 of vswap-ste-v2 sizes it") == 512 * 2
    assert _value(a, "zswap only with writeback to a physical device: waste, clusters in use") == 1024 * 512 / 1024


def test_4_6_reproduces_nhat_phams_posted_differences_from_his_ledger():
    claims = pd.read_csv(REPORT / "claims.csv", index_col="id")
    # Nhat Pham, vswap v3 cover (2026-02-08): the published figures, reproduced from his own ledger
    for cid in ("nhat-zswap-added", "nhat-disk-added"):
        assert claims.loc[cid, "reproduced"] == pytest.approx(claims.loc[cid, "published"], rel=0.05)
