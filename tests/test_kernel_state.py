"""What was resident when the clock started (issue 19 section 1): the clock-start readers on fake
/proc and /sys trees, each harness's refusal of a state wrong for what it measures, and EBUSY as a
one-line error. Runs anywhere, no root; the values asserted are the fake files' contents and
limits worked by hand."""

import errno
import gzip
import json

import pytest

from swapmodel.kernel import compressibility, experiments, free_time, memory_latency, snapshot, state
from swapmodel.kernel.btf import VMLINUX_BTF
from swapmodel.kernel.state import KnobBusy, StateRefused

PID = 4242
MIB_KIB = 1024


def _tree(tmp_path, *, swap_cached_kib=0, vmswap_kib=256 * MIB_KIB, rssanon_kib=9000, nice=-20, zswap="N",
          slab_zswap=False, debugfs=None, default_on=False):
    """A fake /proc and /sys holding what a free-time run on a 256 MiB region reads at clock start."""
    proc, sys = tmp_path / "proc", tmp_path / "sys"
    (proc / str(PID)).mkdir(parents=True)
    (proc / "meminfo").write_text(
        "MemTotal:        8000000 kB\nCached:           670196 kB\nSwapCached:     %d kB\n"
        "SwapTotal:        524288 kB\nSwapFree:         262000 kB\nWriteback:            0 kB\n"
        "HugePages_Total:       0\n" % swap_cached_kib)
    (proc / "swaps").write_text("Filename\tType\tSize\tUsed\tPriority\n/dev/zram0   partition\t524284\t262288\t-2\n")
    (proc / "loadavg").write_text("0.53 0.45 0.36 1/103 28345\n")
    (proc / str(PID) / "status").write_text(
        f"Name:\tpython\nVmRSS:\t   12000 kB\nRssAnon:\t    {rssanon_kib} kB\nRssFile:\t    3000 kB\n"
        f"VmSwap:\t  {vmswap_kib} kB\n")
    # field 19 (nice) after a command name with a space and a parenthesis in it
    fields = ["S", "1", str(PID), str(PID), "0", "-1", "4194560", "100", "0", "0", "0", "5", "1", "0", "0",
              "0", str(nice), "1", "0"]
    (proc / str(PID) / "stat").write_text(f"{PID} (py thon) x) " + " ".join(fields) + "\n")
    params = sys / "module/zswap/parameters"
    params.mkdir(parents=True)
    (params / "enabled").write_text(zswap + "\n")
    thp = sys / "kernel/mm/transparent_hugepage"
    for size, text in (("2048", "always [inherit] madvise never"), ("64", "always inherit madvise [never]"),
                       ("16", "always inherit madvise [never]")):
        (thp / f"hugepages-{size}kB").mkdir(parents=True)
        (thp / f"hugepages-{size}kB" / "enabled").write_text(text + "\n")
    (thp / "enabled").write_text("always [madvise] never\n")
    if slab_zswap:
        slab = sys / "kernel/slab/zswap_entry"
        slab.mkdir(parents=True)
        for name, value in (("object_size", 72), ("slab_size", 72), ("objs_per_slab", 56), ("order", 0)):
            (slab / name).write_text(f"{value}\n")
    if debugfs is not None:
        d = sys / "kernel/debug/zswap"
        d.mkdir(parents=True)
        for name, value in debugfs.items():
            (d / name).write_text(f"{value}\n")
    if default_on:
        (proc / "config.gz").write_bytes(gzip.compress(b"CONFIG_ZSWAP=y\nCONFIG_ZSWAP_DEFAULT_ON=y\n"))
    return proc, sys


def test_clock_start_records_what_the_files_hold(tmp_path):
    proc, sys = _tree(tmp_path, swap_cached_kib=512)
    s = state.clock_start(PID, "/dev/zram0", proc=proc, sys=sys)
    assert s["swap_cached_kib"] == 512 and s["page_cache_kib"] == 670196
    assert s["swap_total_kib"] == 524288 and s["swap_free_kib"] == 262000 and s["swap_used_kib"] == 524288 - 262000
    assert s["device_used_kib"] == 262288  # the Used column of /proc/swaps
    assert (s["workload_vmrss_kib"], s["workload_rssanon_kib"], s["workload_vmswap_kib"]) == (12000, 9000, 256 * 1024)
    assert s["workload_nice"] == -20  # field 19, read past "(py thon) x)"
    assert s["loadavg"] == "0.53 0.45 0.36 1/103 28345"
    assert s["zswap"] == {"enabled": "N", "ever_enabled": False, "debugfs": None}
    # the selected choice of each file, sizes in ascending order
    assert list(s["thp"].items()) == [("enabled", "madvise"), ("hugepages-16kB", "never"),
                                      ("hugepages-64kB", "never"), ("hugepages-2048kB", "inherit")]
    assert state.thp_effective(s["thp"], "hugepages-2048kB") == "madvise"
    assert state.device_used_kib("/var/tmp/other.swap", proc) is None
    json.dumps(s)  # a record can store it as it is


@pytest.mark.parametrize("how", ["slab", "debugfs", "default_on", "enabled"])
def test_zswap_counts_as_ever_enabled_by_each_sign(tmp_path, how):
    proc, sys = _tree(tmp_path, zswap="Y" if how == "enabled" else "N", slab_zswap=how == "slab",
                      debugfs={"stored_pages": 17, "pool_total_size": 65536} if how == "debugfs" else None,
                      default_on=how == "default_on")
    z = state.zswap_state(sys, proc)
    assert z["ever_enabled"] is True
    assert z["enabled"] == ("Y" if how == "enabled" else "N")
    assert z["debugfs"] == ({"pool_total_size": 65536, "stored_pages": 17} if how == "debugfs" else None)


def test_a_good_free_time_state_is_recorded(tmp_path):
    proc, sys = _tree(tmp_path, swap_cached_kib=0)
    s = state.clock_start(PID, "/dev/zram0", proc=proc, sys=sys)
    free_time.check_clock_start(s, 256, "free 256 MiB slot")  # no refusal
    run = free_time.run_state(s)
    assert run["swap_cached_kib"] == 0 and run["workload_vmswap_kib"] == 262144 and run["workload_nice"] == -20
    assert run["device_used_kib"] == 262288 and run["zswap_ever_enabled"] is False
    assert run["thp_enabled"]["hugepages-2048kB"] == "inherit" and run["loadavg"].startswith("0.53")


@pytest.mark.parametrize("bad, match", [
    # 256 MiB swapped: the limit is max(5 % = 13107 kB, 16 MiB = 16384 kB) = 16384 kB
    ({"swap_cached_kib": 16385}, r"SwapCached 16385 kB of 262144 kB swapped \(limit 16384 kB\)"),
    ({"zswap": "Y"}, r"zswap enabled=Y \(limit: N\)"),
    # 5 % of 262144 kB is 13107.2 kB: 13108 kB short is refused
    ({"vmswap_kib": 262144 - 13108}, r"VmSwap 249036 kB of a 262144 kB region \(limit: at most 5% not swapped\)"),
    ({"nice": 0}, r"workload nice 0 \(limit: -20"),
])
def test_a_bad_free_time_state_is_refused(tmp_path, bad, match):
    proc, sys = _tree(tmp_path, **bad)
    s = state.clock_start(PID, "/dev/zram0", proc=proc, sys=sys)
    with pytest.raises(StateRefused, match=match) as e:
        free_time.check_clock_start(s, 256, "free 256 MiB slot")
    assert "\n" not in str(e.value) and str(e.value).startswith("free 256 MiB slot: ")


def test_the_unswapped_limit_holds_at_its_edge(tmp_path):
    proc, sys = _tree(tmp_path, vmswap_kib=262144 - 13107)  # 13107 kB < 13107.2 kB: accepted
    free_time.check_clock_start(state.clock_start(PID, proc=proc, sys=sys), 256, "free")


def test_compressibility_records_the_stored_share_and_refuses_a_small_one(tmp_path):
    proc, sys = _tree(tmp_path, vmswap_kib=240 * MIB_KIB, rssanon_kib=16 * MIB_KIB)
    s = state.clock_start(PID, proc=proc, sys=sys)
    assert compressibility.stored_share(s) == pytest.approx(240 / 256)
    compressibility.check_state(s, "compressibility lzo-rle python-heap")
    proc, sys = _tree(tmp_path / "b", vmswap_kib=100 * MIB_KIB, rssanon_kib=156 * MIB_KIB)
    s = state.clock_start(PID, proc=proc, sys=sys)
    with pytest.raises(StateRefused, match=r"VmSwap 102400 kB against RssAnon 159744 kB, 39% of the workload stored "
                                           r"\(limit: at least 50%\)"):
        compressibility.check_state(s, "compressibility lzo-rle python-heap")
    proc, sys = _tree(tmp_path / "c", zswap="Y")
    with pytest.raises(StateRefused, match="zswap enabled=Y"):
        compressibility.check_state(state.clock_start(PID, proc=proc, sys=sys), "compressibility")


def _busy_below(monkeypatch, floor_bytes):
    """Writes of a number below `floor_bytes` answer EBUSY, as memory.limit_in_bytes does when
    reclaim cannot bring usage under the new limit."""
    real_open = open

    class Busy:
        def __init__(self, path):
            self.path = path

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def write(self, value):
            if int(value) < floor_bytes:
                raise OSError(errno.EBUSY, "Device or resource busy")
            with real_open(self.path, "w") as f:
                f.write(value)

    monkeypatch.setattr(state, "open", lambda path, mode="r": Busy(path) if mode == "w" else real_open(path, mode),
                        raising=False)


def test_push_out_keeps_the_last_limit_that_held_on_ebusy(tmp_path, monkeypatch):
    cg = tmp_path / "swapmodel-compress"
    cg.mkdir()
    (cg / "memory.usage_in_bytes").write_text(str(256 << 20))
    (cg / "memory.limit_in_bytes").write_text("9223372036854771712")
    _busy_below(monkeypatch, 64 << 20)
    pushed = compressibility._push_out(cg, 16)
    # halving from 256 MiB: 128 and 64 MiB hold, 32 MiB answers EBUSY
    assert pushed == {"limit_target_bytes": 16 << 20, "limit_held_bytes": 64 << 20, "limit_reached": False,
                      "usage_before_bytes": 256 << 20}
    assert (cg / "memory.limit_in_bytes").read_text() == str(64 << 20)
    monkeypatch.undo()
    assert compressibility._push_out(cg, 16)["limit_reached"] is True  # 128, 64, 32, 16 MiB all hold


def test_ebusy_is_one_line_naming_the_file_and_what_to_do(tmp_path, monkeypatch):
    knob = tmp_path / "comp_algorithm"
    knob.write_text("lzo [lzo-rle] lz4\n")

    def busy(path, mode="r"):
        raise OSError(errno.EBUSY, "Device or resource busy")

    monkeypatch.setattr(state, "open", busy, raising=False)
    with pytest.raises(KnobBusy) as e:
        experiments._write(knob, "lz4")
    msg = str(e.value)
    assert e.value.errno == errno.EBUSY and "\n" not in msg
    assert str(knob) in msg and "swapoff /dev/zram0" in msg and "/sys/block/zram0/reset" in msg
    for name, words in (("reset", "swapoff /dev/zram0 first"), ("memory.limit_in_bytes", "reclaim could not")):
        assert words in str(state.busy_error(tmp_path / name))
    monkeypatch.undo()
    with pytest.raises(FileNotFoundError):  # any other error is left as it is
        experiments._write(tmp_path / "missing" / "disksize", "64M")


def test_zram_harnesses_refuse_zswap_enabled_and_large_swapin_after_zswap(tmp_path):
    proc, sys = _tree(tmp_path, zswap="Y")
    with pytest.raises(StateRefused, match="churn order 4: zswap enabled=Y"):
        experiments._refuse_zram_state("churn order 4", False, state.clock_start(proc=proc, sys=sys))
    proc, sys = _tree(tmp_path / "b", slab_zswap=True)
    ever = state.clock_start(proc=proc, sys=sys)
    with pytest.raises(StateRefused, match=r"zswap was enabled since boot \(limit: never\)"):
        experiments._refuse_zram_state("churn order 4", True, ever)
    experiments._refuse_zram_state("churn order 4", False, ever)  # page-by-page swap-in is still measured


SMAPS = """\
7f0000000000-7f0000001000 rw-p 00000000 00:00 0
Rss:                   4 kB
AnonHugePages:         0 kB
Swap:                  0 kB
7f0000001000-7f0004001000 rw-p 00000000 00:00 0
Rss:               65536 kB
AnonHugePages:     63488 kB
Swap:                  0 kB
7f0004001000-7f0004002000 rw-p 00000000 00:00 0
Rss:                   4 kB
AnonHugePages:         0 kB
Swap:                  8 kB
"""


def test_the_chase_arrays_backing_is_summed_over_its_vmas(tmp_path):
    smaps = tmp_path / "smaps"
    smaps.write_text(SMAPS)
    start, nbytes = 0x7f0000000010, 64 << 20  # spans the first two VMAs only
    b = memory_latency.backing(start, nbytes, smaps)
    assert b == {"vmas": 2, "rss_kib": 65540, "anon_huge_kib": 63488, "swap_kib": 0}
    memory_latency.check_backing(b, nbytes)
    with pytest.raises(StateRefused, match=r"Swap 8 kB \(limit: Rss at least 95% of the array, Swap 0\)"):
        memory_latency.check_backing(memory_latency.backing(start, nbytes + 8192, smaps), nbytes)
    with pytest.raises(StateRefused, match="Rss 65540 kB"):
        memory_latency.check_backing(b, 128 << 20)


@pytest.mark.skipif(not VMLINUX_BTF.exists(), reason="no vmlinux BTF on this machine")
def test_a_snapshot_says_which_zswap_and_thp_state_it_was_taken_in(tmp_path):
    proc, sys = _tree(tmp_path, slab_zswap=True)
    (proc / "version").write_text("Linux version 6.18.44\n")
    snap = snapshot.take(VMLINUX_BTF, proc=proc, sys=sys)
    assert snap["zswap"] == {"enabled": "N", "ever_enabled": True, "debugfs": None}
    assert snap["thp_enabled"]["enabled"] == "madvise"
    assert snap["proc_version"] == "Linux version 6.18.44"
    assert snap["slab"]["zswap_entry"] == {"object_size": 72, "slab_size": 72, "objs_per_slab": 56, "order": 0}
    assert snap["slab"]["radix_tree_node"] is None  # the fake slab tree holds no such cache


def test_the_cli_prints_a_refusal_as_one_line(monkeypatch, capsys):
    from swapmodel.cli import main

    def refused(**settings):
        raise StateRefused("free 256 MiB slot: SwapCached 20000 kB of 262144 kB swapped (limit 16384 kB) when the "
                           "clock was to start; run refused")

    monkeypatch.setattr(free_time, "measure", refused)
    assert main(["kernel", "measure", "free"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("swapmodel: refused: free 256 MiB slot: SwapCached 20000 kB")
