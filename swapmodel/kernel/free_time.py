"""Opt-in live measurement: how long Linux 6.18 takes to free swap entries, per entry, in slot
order and in random slot order (questions 6.5 and 4.9: the baseline the free-path model prices).

A workload process maps `swapped_mib` of anonymous memory, fills it, and pushes it to a zram
device with MADV_PAGEOUT: the whole range at once (slots allocated in address order, so the exit
frees them in slot order) or page by page in a random permutation (slots in random order relative
to the addresses the zap walks). It then times munmap() of the range: zap_pte_range() frees each
swap PTE through free_swap_and_cache_nr() and swap_entries_free() (mm/memory.c, mm/swapfile.c),
and zram frees each slot's zsmalloc object (zram_slot_free_notify). The swapped pages are read
from /proc/self/status (VmSwap) just before the munmap. zram only: zswap stays off.

What was resident when the clock started (issue 19 section 1). The region is madvised
MADV_NOHUGEPAGE, so every entry is a 4 KiB one whatever the THP settings say. Once the pageout is
done the workload waits; the harness reads /proc/meminfo (SwapCached, SwapTotal/SwapFree, Cached),
the device's use in /proc/swaps, the workload's VmRSS / RssAnon / VmSwap and nice value, zswap's
state, the THP `enabled` files and /proc/loadavg (`swapmodel.kernel.state.clock_start`), stores
them in the run, and only then lets the workload start the clock. A run is refused (StateRefused,
never recorded) when zswap is enabled (the pages would sit in zswap, and each free would walk its
tree), when the swap cache holds more than max(5 % of the swapped size, 16 MiB) (a cached folio
makes the zap free the folio as well: free_swap_and_cache_nr(), mm/swapfile.c v6.18), when more
than 5 % of the region was never swapped (the zap would free resident pages too), or when the
workload does not run at FREE_NICE.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

from swapmodel.base.errors import ParameterError, check_choice
from swapmodel.base.geometry import KIB_BYTES, MIB_BYTES, PAGE_SIZE_BYTES
from swapmodel.kernel.experiments import live_session, provenance
from swapmodel.kernel.state import StateRefused, clock_start, refuse_swap_cache, refuse_zswap_enabled
from swapmodel.kernel.swapoff import SWAP_CACHE_FLOOR_MIB, SWAP_CACHE_SHARE_MAX, SWAPOFF_NICE, swap_cache_limit_kib

ORDERS = ("slot", "random")
FREE_NICE = SWAPOFF_NICE
"""The workload (and so its munmap) runs at swapoff's nice value: the 2 CPUs are shared."""
UNSWAPPED_SHARE_MAX = 0.05
"""A run is refused when more than this share of the region is not on the device (VmSwap short of
the region) when the clock is to start."""
DEVICE = "/dev/zram0"

_WORKLOAD = textwrap.dedent("""
    import mmap, random, sys, time
    swapped_mib, order, seed = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    MADV_PAGEOUT = 21
    page = 4096
    region = mmap.mmap(-1, swapped_mib << 20, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    region.madvise(mmap.MADV_NOHUGEPAGE)  # 4 KiB entries whatever THP's enabled files say
    block = bytes((i * 7 + seed) % 251 for i in range(page // 2)) + bytes(page // 2)
    for off in range(0, len(region), page):
        region[off:off + 8] = off.to_bytes(8, "little")
        region[off + 8:off + page] = block[8:]
    if order == "slot":
        region.madvise(MADV_PAGEOUT)
    else:
        offsets = list(range(0, len(region), page))
        random.Random(seed).shuffle(offsets)
        for off in offsets:
            region.madvise(MADV_PAGEOUT, off, page)
    time.sleep(1.0)
    print("ready", flush=True)
    if sys.stdin.readline().strip() != "go":  # the harness refused the state: nothing is timed
        sys.exit(0)
    status = open("/proc/self/status").read()
    swap_kib = int(next(l.split()[1] for l in status.splitlines() if l.startswith("VmSwap:")))
    start = time.perf_counter()
    region.close()
    print(swap_kib, time.perf_counter() - start, flush=True)
""")


def check_clock_start(state: dict, swapped_mib: int, what: str) -> None:
    """Refuse (StateRefused) a free-time run whose state at clock start is wrong for what it
    measures: zswap enabled, the swap cache above max(5 % of swapped, 16 MiB), more than
    UNSWAPPED_SHARE_MAX of the region not on the device, or the workload not at FREE_NICE."""
    refuse_zswap_enabled(state, what)
    region_kib = swapped_mib * MIB_BYTES // KIB_BYTES
    vmswap = state["workload_vmswap_kib"] or 0
    refuse_swap_cache(state, vmswap, swap_cache_limit_kib(vmswap), what)
    if region_kib - vmswap > UNSWAPPED_SHARE_MAX * region_kib:
        raise StateRefused(f"{what}: VmSwap {vmswap} kB of a {region_kib} kB region (limit: at most "
                           f"{UNSWAPPED_SHARE_MAX:.0%} not swapped) when the clock was to start; run refused")
    if state["workload_nice"] != FREE_NICE:
        raise StateRefused(f"{what}: workload nice {state['workload_nice']} (limit: {FREE_NICE}; needs root) "
                           "when the clock was to start; run refused")


def _one(swapped_mib: int, order: str, device_mib: int, seed: int) -> dict:
    what = f"free {swapped_mib} MiB {order}"
    with live_session() as knobs:
        knobs.swapon(knobs.zram(device_mib, "lzo-rle"))
        child = subprocess.Popen(["nice", "-n", str(FREE_NICE), sys.executable, "-c", _WORKLOAD, str(swapped_mib), order,
                                  str(seed)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        try:
            if child.stdout.readline().strip() != "ready":
                raise RuntimeError(f"{what}: the workload did not start")
            state = clock_start(child.pid, DEVICE)
            try:
                check_clock_start(state, swapped_mib, what)
            except StateRefused:
                child.communicate("stop\n", timeout=60)
                raise
            out = child.communicate("go\n", timeout=600)[0].split()
            if child.returncode != 0 or len(out) != 2:
                raise RuntimeError(f"{what}: the workload exited with {child.returncode} and printed {out!r}")
        finally:
            if child.poll() is None:
                child.kill()
                child.wait(timeout=60)
    swap_kib, munmap_s = int(out[0]), float(out[1])
    entries = swap_kib * KIB_BYTES // PAGE_SIZE_BYTES
    return {"swapped_mib": swapped_mib, "order": order, "swapped_entries": entries, "munmap_s": munmap_s,
            "ns_per_entry": munmap_s * 1e9 / entries if entries else float("nan"), **run_state(state)}


def run_state(state: dict) -> dict:
    """The clock-start state as a run stores it: numbers flat, zswap and THP as read."""
    keys = ("swap_cached_kib", "swap_total_kib", "swap_free_kib", "swap_used_kib", "device_used_kib", "page_cache_kib",
            "workload_vmrss_kib", "workload_rssanon_kib", "workload_vmswap_kib", "workload_nice", "loadavg")
    return {**{k: state.get(k) for k in keys}, "zswap_enabled": state["zswap"]["enabled"],
            "zswap_ever_enabled": state["zswap"]["ever_enabled"], "zswap_debugfs": state["zswap"]["debugfs"],
            "thp_enabled": state["thp"]}


def measure(swapped_mib=(256, 512), orders=ORDERS, repeats: int = 3, seed: int = 1) -> dict:
    """munmap time per swapped entry on zram, per swapped size and slot order; each run on a fresh
    device twice the size, each with the state it started from (see the module docstring)."""
    for o in orders:
        check_choice("order", o, ORDERS)
    if not all(16 <= m <= 8192 for m in swapped_mib):
        raise ParameterError("swapped_mib: each size must be in [16, 8192] MiB")
    if not 1 <= repeats <= 20:
        raise ParameterError(f"repeats={repeats}: must be in [1, 20]")
    record = provenance(swapped_mib=list(swapped_mib), orders=list(orders), repeats=repeats, backend="zram",
                        zram_algorithm="lzo-rle", region_madvise="MADV_NOHUGEPAGE", free_nice=FREE_NICE,
                        swap_cache_limit=f"refused above max({SWAP_CACHE_SHARE_MAX:.0%} of swapped, "
                                         f"{SWAP_CACHE_FLOOR_MIB} MiB)",
                        unswapped_limit=f"refused above {UNSWAPPED_SHARE_MAX:.0%} of the region")
    record["runs"] = [{**_one(m, o, 2 * m, seed + r), "repeat": r}
                      for m in swapped_mib for o in orders for r in range(repeats)]
    return record
