"""Opt-in live measurement: how long Linux 6.18 takes to free swap entries, per entry, in slot
order and in random slot order (questions 6.5 and 4.9: the baseline the free-path model prices).

A workload process maps `swapped_mib` of anonymous memory, fills it, and pushes it to a zram
device with MADV_PAGEOUT: the whole range at once (slots allocated in address order, so the exit
frees them in slot order) or page by page in a random permutation (slots in random order relative
to the addresses the zap walks). It then times munmap() of the range: zap_pte_range() frees each
swap PTE through free_swap_and_cache_nr() and swap_entries_free() (mm/memory.c, mm/swapfile.c),
and zram frees each slot's zsmalloc object (zram_slot_free_notify). The swapped pages are read
from /proc/self/status (VmSwap) just before the munmap. zram only: zswap stays off.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

from swapmodel.base.errors import ParameterError, check_choice
from swapmodel.base.geometry import KIB_BYTES, PAGE_SIZE_BYTES
from swapmodel.kernel.experiments import live_session, provenance

ORDERS = ("slot", "random")

_WORKLOAD = textwrap.dedent("""
    import mmap, random, sys, time
    swapped_mib, order, seed = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    MADV_PAGEOUT = 21
    page = 4096
    region = mmap.mmap(-1, swapped_mib << 20, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
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
    status = open("/proc/self/status").read()
    swap_kib = int(next(l.split()[1] for l in status.splitlines() if l.startswith("VmSwap:")))
    start = time.perf_counter()
    region.close()
    print(swap_kib, time.perf_counter() - start, flush=True)
""")


def _one(swapped_mib: int, order: str, device_mib: int, seed: int) -> dict:
    with live_session() as knobs:
        knobs.swapon(knobs.zram(device_mib, "lzo-rle"))
        out = subprocess.run([sys.executable, "-c", _WORKLOAD, str(swapped_mib), order, str(seed)],
                             check=True, capture_output=True, text=True, timeout=600).stdout.split()
    swap_kib, munmap_s = int(out[0]), float(out[1])
    entries = swap_kib * KIB_BYTES // PAGE_SIZE_BYTES
    return {"swapped_mib": swapped_mib, "order": order, "swapped_entries": entries, "munmap_s": munmap_s,
            "ns_per_entry": munmap_s * 1e9 / entries if entries else float("nan")}


def measure(swapped_mib=(256, 512), orders=ORDERS, repeats: int = 3, seed: int = 1) -> dict:
    """munmap time per swapped entry on zram, per swapped size and slot order; each run on a fresh
    device twice the size."""
    for o in orders:
        check_choice("order", o, ORDERS)
    if not all(16 <= m <= 8192 for m in swapped_mib):
        raise ParameterError("swapped_mib: each size must be in [16, 8192] MiB")
    if not 1 <= repeats <= 20:
        raise ParameterError(f"repeats={repeats}: must be in [1, 20]")
    runs = [{**_one(m, o, 2 * m, seed + r), "repeat": r}
            for m in swapped_mib for o in orders for r in range(repeats)]
    record = provenance(swapped_mib=list(swapped_mib), orders=list(orders), repeats=repeats, backend="zram",
                        zram_algorithm="lzo-rle")
    record["runs"] = runs
    return record
