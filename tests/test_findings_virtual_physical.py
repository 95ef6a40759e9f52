"""Notebook 04's answers against numbers from outside the code (struct sizes from BTF, ceilings
and closed forms worked by hand below, the published T1 runs) and against the report's own tables
(reports/04_virtual_physical/*.csv), recomputed without papermill.

SWAPMODEL_TEST_REPORTS points the tests at another build of the report (swapmodel report --out DIR:
DIR/04_virtual_physical)."""

import os
import re
from pathlib import Path

import pandas as pd
import pytest

from swapmodel.analysis import layers
from swapmodel.base import paths
from swapmodel.base.errors import ParameterError
from swapmodel.report import findings

NB = "04_virtual_physical"
REPORT = Path(os.environ.get("SWAPMODEL_TEST_REPORTS", paths.REPORTS)) / NB


@pytest.fixture(scope="module")
def by_id():
    return {a.id: a for a in findings.from_report(NB, REPORT)}


def _csv(name):
    return pd.read_csv(REPORT / f"{name}.csv")


def _value(answer, label):
    (v,) = [v.value for v in answer.values if v.label == label]
    return v


def test_4_26_prices_linux_6_18_as_its_flat_cluster_info_array(by_id):
    # mm/swapfile.c v6.18, setup_clusters(): kvcalloc(nr_clusters, sizeof(*cluster_info)), one
    # struct swap_cluster_info per cluster of the device; sizeof = 32 B (BTF of 6.18.44: lock 4,
    # count 2, flags 1, order 1, table 8, list 16). 1024 live clusters 8200 ids apart (the widest
    # stride under 16 TiB) need a device of 1023 x 8200 + 1 = 8388601 clusters: 8388601 x 32 B =
    # 268435232 B (256 MiB), 262143.78125 B per live cluster; adjacent, 32 B each.
    a = by_id["4.26"]
    assert _value(a, "linux-6.18 flat cluster_info array, stride 1") == 32.0
    assert _value(a, "linux-6.18 flat cluster_info array, stride 8200") == pytest.approx(262143.78125)
    assert "256 MiB array" in a.answer
    assert not [v for v in a.values if v.label.startswith("linux-6.18: XArray")]
    assert "linux-6.18 (swapfile.c's 32-bit si->max, 16 TiB, widest stride 8200: its flat array" in a.answer


def test_4_26_names_the_ceiling_that_makes_each_stride_legal(by_id):
    # linux-6.18: ALIGN_DOWN(2^32 - 1, 512) slots = 8388607 clusters, (8388607 - 1) // 1023 = 8200;
    # vswap-ste-v2: u32 cluster ids, 2^32 - 1 clusters (~8 PiB), 4294967294 // 1023 = 4198404;
    # vswap-ste-v5: 8 TiB / 2 MiB = 4194304 clusters, 4194303 // 1023 = 4100. vswap-v3: MAX_VSWAP =
    # (U32_MAX << 9) + 511 slots (PATCH v3 09/20), 2^32 - 1 whole clusters, 4198404 like vswap-ste-v2;
    # p4-rfc-ghost (assumed 32-bit si->max): 8200 like linux-6.18. A 262144-id stride needs
    # 1023 x 262144 = 268173312 ids: vswap-ste-v2's (after RFC v2 7/7) and vswap-v3's ceilings hold it.
    a = by_id["4.26"]
    for design, widest in (("linux-6.18", 8200), ("vswap-ste-v2", 4198404), ("vswap-ste-v5", 4100),
                           ("vswap-v3", 4198404), ("p4-rfc-ghost", 8200)):
        assert _value(a, f"{design}: widest stride for 1024 live clusters") == widest
    assert "need 268173312 cluster ids: legal under vswap-ste-v2 (cluster ids in u32 after RFC v2 7/7, which lifts " \
        "2/7's 16 TiB: 8 PiB)" in a.answer
    assert "vswap-v3 (MAX_VSWAP, cluster ids in u32, 8 PiB)" in a.answer
    assert "p4-rfc-ghost (assumed: swapfile.c's 32-bit si->max, 16 TiB, widest stride 8200" in a.answer
    assert "vswap-ste-v5 (reported secondhand, 8 TiB" in a.answer
    assert "linux-6.18 (swapfile.c's 32-bit si->max, 16 TiB" in a.answer


def test_w3_says_which_ceilings_allow_its_spread(by_id):
    # the 262144-id spread (268173312 cluster ids) fits vswap-v3 (2^32 - 1 clusters) and vswap-ste-v2, not
    # p4-rfc-ghost's assumed 16 TiB (8388607 clusters, widest stride 8200); its cost is then quoted at the widest
    # swept stride it allows, 4096
    a = by_id["W3"]
    assert "a spread legal under vswap-v3 and vswap-ste-v2's ceilings" in a.answer
    sparse = _csv("sparse_worst_case")
    at4096 = float(sparse[(sparse.design == "p4-rfc-ghost") & (sparse.stride_clusters == 4096)].bytes_per_live_entry.iloc[0])
    assert f"not under p4-rfc-ghost's (its ceiling allows at most stride 8200: {at4096 / 1024:.1f} KiB at stride 4096)" \
        in a.answer


def test_virtual_space_ceilings_follow_max_vswap_and_skip_recorded_designs():
    from swapmodel.model.ceilings import ceiling_clusters

    by_design = {c.design: c for c in layers.virtual_space_ceilings()}
    assert ceiling_clusters(by_design["vswap-v3"]) == 2**32 - 1  # (U32_MAX << 9) + 511 slots: U32_MAX clusters
    assert ceiling_clusters(by_design["p4-rfc-ghost"]) == 8388607  # ALIGN_DOWN(2^32 - 1, 512) / 512
    assert by_design["p4-rfc-ghost"].basis == "assumed"
    assert layers.virtual_space_ceilings(known={"vswap-v3", "p4-rfc-ghost"}) == []


def test_4_26_index_costs_are_the_index_structures_table_cells(by_id):
    ix = _csv("index_structures").pivot(index="stride_clusters", columns="structure", values="bytes_per_live_cluster")
    a = by_id["4.26"]
    assert _value(a, "xarray, stride 262144") == ix.loc[262144, "xarray"]
    assert _value(a, "maple, stride 1") == ix.loc[1, "maple"]


def test_w1_counts_clusters_mapped_and_says_where_the_count_is_the_cap(by_id):
    # The simulator's default virtual cap: 8 x 60 MiB of working set = 480 MiB = 240 clusters of 2 MiB.
    a = by_id["W1"]
    assert _value(a, "virtual space cap (8x the working set)") == 8 * 60 // 2
    assert a.answer.startswith("Counted as clusters mapped, which measures sparsity, not fragmentation")
    over = _csv("layers_over_time")
    last = over[over.iteration == over.iteration.max()].groupby("design").virtual_clusters.mean()
    for d in ("vswap-v3", "vswap-ste-v2"):
        assert _value(a, f"{d} virtual, mapped") == pytest.approx(last[d])
        at_cap = last[d] >= 240
        assert (f"{d}'s {last[d]:.0f} is the cap itself" in a.answer) == at_cap


def test_virtual_cap_follows_the_simulator_default_not_a_restated_factor():
    assert layers.virtual_cap_clusters("vswap-v3", 60.0) == 240
    assert layers.virtual_cap_clusters("vswap-v3", 120.0) == 480
    assert layers.virtual_cap_clusters("linux-6.18", 60.0) == 0  # one layer: no virtual space


def test_reactivated_and_split_shares_are_the_fill_sweep_cells(by_id):
    fill = _csv("virtual_physical_fill")
    at1 = fill[fill.device_over_region == 1.0].groupby("design")[["fallback_pct", "reactivated_pct"]].mean()
    assert _value(by_id["W2"], "vswap-v3 reactivated at 1x, own per-CPU caches") == pytest.approx(
        at1.loc["vswap-v3", "reactivated_pct"])
    assert _value(by_id["W2"], "linux-6.18 split at 1x") == pytest.approx(at1.loc["linux-6.18", "fallback_pct"])
    k = _csv("provisioning_needed").set_index("design").k_needed
    assert _value(by_id["4.10"], "linux-6.18: smallest device size / swapped set under 1 % not whole") == k["linux-6.18"]


def test_4_25_denied_shares_are_the_closed_forms(by_id):
    # z = 0.25 of entries in zswap: folio-granular writeback denies z = 25 % of 64 KiB chunks,
    # entry-granular 1 - (1 - z)^16 = 1 - 0.75^16 = 0.98998 (99.0 %).
    a = by_id["4.25"]
    assert _value(a, "vswap-ste-v2, denied at zswap share 0.25, folio writeback") == pytest.approx(25.0)
    assert _value(a, "vswap-ste-v2, denied at zswap share 0.25, entry writeback") == pytest.approx(98.998, abs=1e-3)


def test_every_t1_run_is_a_validation_row_with_its_published_share(by_id):
    # data/published/fragmentation_t1.toml: Chris Li's v5 cover's four flag sets and Barry Song's large-folio
    # swap-in run ('always 0%', 11 iterations printed), all reproduced.
    t1 = _csv("t1_plateaus")
    assert list(t1["flags"]) == ["(none)", "-s", "-a", "-a -s", "mthp-swapin"]
    assert t1.set_index("flags").loc["mthp-swapin", "published_pct"] == 0.0
    for qid in ("W2", "4.10", "4.14", "6.6"):
        rows = [r for r in by_id[qid].validation if r.against.startswith("data/published/fragmentation_t1.toml")]
        assert len(rows) == len(t1) == 5, qid
        assert [r.published for r in rows] == list(t1.published_pct)
        assert all(r.verdict == "agrees" for r in rows)
        assert "Barry Song's large-folio swap-in posting" in rows[-1].against


def test_answer_text_names_designs_by_catalogue_id(by_id):
    for a in by_id.values():
        for word in ("STE", "phase IV", "RFC v1 discussion"):
            assert word not in a.answer, (a.id, word)
        assert not re.search(r"\bvswap\b(?!-)", a.answer), a.id  # 'vswap' alone, not vswap-v3 or vswap_alloc


def test_flat_cluster_array_refuses_bad_input_in_one_line():
    with pytest.raises(ParameterError, match="n_live"):
        layers.flat_cluster_array(0, [1])
    with pytest.raises(ParameterError, match="stride"):
        layers.flat_cluster_array(4, [0])


def test_former_assumption_is_shown_beside_the_code_rules(by_id):
    # issue 21: each re-answered headline carries the former assumption's value, read from the *_former tables
    capped_f = _csv("virtual_capped_at_device_former")
    # the split share of all 64 KiB swap-out attempts (whole, split or reactivated add up to 100 %)
    at1 = capped_f[capped_f.device_over_region == 1.0].groupby("design").split_of_attempts_pct.mean()
    kept = capped_f[capped_f.device_over_region == 1.0].groupby("design").reactivated_pct.mean()
    assert (at1 + kept <= 100.0 + 1e-9).all()
    assert _value(by_id["W2"], "vswap-v3 split at 1x, virtual space = device, under the former assumption") == (
        pytest.approx(at1["vswap-v3"]))
    for qid in ("W1", "W2", "4.10", "4.14", "4.24", "4.25", "4.27", "6.6", "6.7"):
        assert "under the former assumption" in by_id[qid].answer.lower(), qid


def test_ste_v2_rfc_v2_writes_nothing_back_and_v3_writes_back_to_the_accept_threshold():
    # RFC v2 2/7: zswap_writeback_entry() returns -EINVAL for vswap entries, so no entry is ever written back;
    # vswap-v3 follows zswap.c: a store is rejected only from the full pool down to 90 % of it, then the shrinker
    # writes back, so it writes back far more pages than it rejects (a rejection episode starts once per 10 % of the
    # pool drained)
    wb = _csv("written_back_contiguity").groupby("design")[["written_back_entries", "rejected_pages"]].mean()
    assert wb.loc["vswap-ste-v2", "written_back_entries"] == 0
    assert wb.loc["vswap-v3", "written_back_entries"] > 10 * wb.loc["vswap-v3", "rejected_pages"]


def test_4_24_says_the_shared_cache_lowers_reactivation(by_id):
    # cpu_sweep: the shared-cache what-if reactivates less than each layer's own cache; the answer must say so
    cpus = _csv("cpu_sweep")
    v = cpus[cpus.design == "vswap-v3"].groupby("shared_cluster_cache").reactivated_pct.mean()
    assert v[True] < v[False]
    a = by_id["4.24"]
    assert "the thrash lowers the reactivated share" in a.answer
    assert "is not priced" in a.answer
    assert "20260528212955.1912856-3" in a.answer  # vswap-ste-v1's own per-CPU cache, RFC 2/5


def test_4_25_scopes_the_rule_and_labels_the_ghost_stand_in(by_id):
    a = by_id["4.25"]
    assert a.answer.startswith("Only on the SWP_SYNCHRONOUS_IO swap-in path")
    assert "vswap-ste-v2's rule (uniform_backing" in a.answer
    assert "For vswap-v3 vswap_can_swapin_thp rules out nothing at any z" in a.answer
    assert _value(a, "p4-rfc-ghost, back whole with its ghost device (zswap) in use") == 0.0


def test_6_7_and_4_27_label_the_simulated_ste_v2_patch_state(by_id):
    for qid in ("6.7", "4.27"):
        assert "no posted patch has both rules" in by_id[qid].answer, qid
    assert "should_try_to_free_swap" in by_id["6.7"].answer


def test_4_10_headlines_the_flip_point(by_id):
    # k = 1.5 from provisioning_needed: swap = RAM holds while less than 1 / 1.5 = 67 % of RAM is swapped
    k = _csv("provisioning_needed").set_index("design").k_needed["linux-6.18"]
    assert f"has no fragmentation issue while less than {1 / k:.0%} of RAM is swapped out, and has one above it" in by_id["4.10"].answer
