"""Live experiments on the running kernel: `pytest -m live` as root. They change kernel state and
must leave it as they found it. The zswap experiment also needs SWAPMODEL_LIVE_ZSWAP=1, because
enabling zswap disables large-folio swap-in until reboot."""

import os
from pathlib import Path

import pytest

from swapmodel.kernel import experiments

pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(os.geteuid() != 0, reason="live experiments need root"),
    pytest.mark.skipif(not Path("/sys/block/zram0").exists(), reason="no zram0"),
]


def _state():
    thp = {str(p): p.read_text() for p in Path("/sys/kernel/mm/transparent_hugepage").glob("hugepages-*kB/enabled")}
    return {
        "swaps": experiments.swap_active(),
        "zram": Path("/sys/block/zram0/disksize").read_text(),
        "zswap": Path("/sys/module/zswap/parameters/enabled").read_text(),
        "thp": thp,
        "memcgs": sorted(p.name for p in Path("/sys/fs/cgroup/memory").glob("swapmodel-*")),
        "journal": experiments.JOURNAL.exists(),
    }


@pytest.fixture
def unchanged():
    before = _state()
    yield
    assert _state() == before


def test_churn_counts_every_refaulted_folio(unchanged):
    from swapmodel.allocator import ChurnParams

    rec = experiments.churn_zram(ChurnParams(device_mib=64, region_mib=60, order=4, iterations=4, seed=9))
    assert rec["warm_up"]["swpout"] + rec["warm_up"]["swpout_fallback"] == 960  # 60 MiB of 64 KiB folios
    for row in rec["iterations"]:
        assert 180 <= row["swpout"] + row["swpout_fallback"] <= 260  # about 224.8 refaulted chunks


def test_static_metadata_per_slot(unchanged):
    rec = experiments.static_metadata((1024,))
    row = rec["rows"][0]
    assert 3.0 <= (row["delta_VmallocUsed"] + row["delta_Slab"]) / row["slots"] <= 3.4


@pytest.mark.skipif(os.environ.get("SWAPMODEL_LIVE_ZSWAP") != "1", reason="set SWAPMODEL_LIVE_ZSWAP=1 to enable zswap")
def test_zswap_entries(unchanged):
    rec = experiments.zswap_entries(n_pages=16384)
    assert rec["result"]["stored_pages"] > 8192
    assert 60 <= rec["result"]["slab_bytes_per_stored_page"] <= 100


def test_swapoff_on_zram_and_a_swapfile_reads_with_the_swap_cache_evicted(unchanged):
    from swapmodel.kernel import swapoff

    for backend in ("zram", "disk"):
        run = swapoff._one(backend, 64, 16, 2, 256, 1)
        assert 64 * 1024 <= run["swap_used_kib"] <= 80 * 1024  # every page of the region paged out
        # after MADV_PAGEOUT the swapfile's folios all sit in the swap cache, zram's none
        assert run["swap_cached_after_pageout_kib"] >= (60 * 1024 if backend == "disk" else 0)
        assert run["swap_cached_after_pageout_kib"] <= (80 * 1024 if backend == "disk" else 1024)
        # when the clock started the squeeze had evicted them, and swapoff read the rest from the device
        assert run["swap_cached_kib"] <= 16 * 1024
        assert run["delta_pswpin"] >= 0.95 * (run["swap_used_kib"] - run["swap_cached_kib"]) / 4
        assert run["wall_s"] > 0
    assert not swapoff.SWAPFILE.exists()


def test_minor_fault_on_a_swap_cache_hit(unchanged):
    from swapmodel.kernel import swapoff

    run = swapoff.minor_fault_cost(mib=32, repeats=1)["runs"][0]
    assert run["swap_cached_kib"] >= 30 * 1024  # the swapfile's folios stayed cached
    assert run["swapcache_minflt"] >= 32 * 256 and run["swapcache_majflt"] == 0  # one minor fault per page
    assert run["swapcache_fault_ns"] > 0


def test_compressibility_of_random_bytes_is_one(unchanged):
    from swapmodel.kernel import compressibility

    rec = compressibility.measure(algorithms=("lzo-rle",), workloads=("random-bytes",), mib=32, limit_mib=8)
    run = rec["runs"][0]
    assert run["compression_ratio"] == pytest.approx(1.0, abs=0.01)
    # what was resident when mm_stat was read: most of the 32 MiB on zram, nothing in zswap
    assert run["stored_share"] >= compressibility.STORED_SHARE_MIN
    assert run["state_at_mm_stat"]["workload_vmswap_kib"] >= 16 * 1024
    assert run["state_at_mm_stat"]["zswap"]["enabled"] == "N"


def test_free_time_counts_every_swapped_entry(unchanged):
    from swapmodel.kernel import free_time

    for order in free_time.ORDERS:
        run = free_time._one(32, order, 64, 1)
        assert run["swapped_entries"] == 32 * 256  # every page of the region was on zram when it was unmapped
        assert run["ns_per_entry"] > 0
        # what was resident when the clock started: nothing in the swap cache (zram is synchronous),
        # the region on the device, the workload at nice -20
        assert run["swap_cached_kib"] <= 1024
        assert run["workload_vmswap_kib"] == 32 * 1024 and run["device_used_kib"] >= 32 * 1024
        assert run["workload_nice"] == free_time.FREE_NICE == -20
        assert run["zswap_enabled"] == "N" and "enabled" in run["thp_enabled"]
