"""Page size: SWAPFILE_CLUSTER from arm64's PMD_SHIFT, and per-slot and per-entry bytes rescaled by
hand (sizes from BTF as elsewhere)."""

import pytest

from swapmodel.base.errors import ParameterError
from swapmodel.model.page_size import cluster_slots, page_size_table

NODE = 8192 / 14


@pytest.mark.parametrize("page, slots", [(4096, 512), (16384, 2048), (65536, 8192)])
def test_cluster_slots_follow_pmd_shift(page, slots):
    # HPAGE_PMD_NR = 1 << (PMD_SHIFT - PAGE_SHIFT), PMD_SHIFT = (PAGE_SHIFT - 3) * 2 + 3 on arm64
    assert cluster_slots(page) == slots


def test_rescaled_prices_by_hand():
    t = page_size_table(["linux-6.18", "vswap-v3"], [16384]).set_index("design")
    # swap_map 1, swap_cgroup 2, zeromap 1 bit per slot; 32 B cluster info per 2048 slots; 16 B tree head per 16384
    assert t.loc["linux-6.18", "static_bytes_per_slot"] == pytest.approx(1 + 2 + 1 / 8 + 32 / 2048 + 16 / 16384, rel=1e-4)
    assert t.loc["linux-6.18", "dense_bytes_per_entry"] == pytest.approx(8.0, rel=1e-6)
    # one live entry per cluster pins a whole 2048-slot swap table of 8 B words
    assert t.loc["linux-6.18", "sparse_bytes_per_live_entry"] == pytest.approx(2048 * 8, rel=1e-6)
    # vswap v3 on disk: 32 B of descriptor allocation per entry, the physical reverse map's 8 B, one
    # cluster-XArray node per 64 clusters of 2048 slots
    assert t.loc["vswap-v3", "dense_bytes_per_entry"] == pytest.approx(32 + 8 + NODE / (64 * 2048), rel=1e-4)


def test_unknown_page_size_is_refused():
    with pytest.raises(ParameterError, match="page_size_bytes"):
        cluster_slots(8192)
