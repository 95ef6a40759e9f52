"""Opt-in live measurement: how long swapoff takes on this kernel, and how fast the disk reads.

swapoff(2) runs try_to_unuse() (mm/swapfile.c): for every mm on the system it walks the page
tables of each VMA with an anon_vma looking for entries of the device, reads each page back (swap
cache, then the device) and installs it in every PTE that maps it. A workload process maps
`swapped_mib` of anonymous memory, pushes it to the device with MADV_PAGEOUT, keeps
`resident_mib` more resident (page tables walked, nothing read), then forks `sharing - 1`
children so that every swapped page is mapped by `sharing` processes (swap count `sharing`).
The swapoff command is timed (wall clock, and its system and user time from getrusage).

The device is zram or a swapfile on the local disk (/var/tmp); both are created here and removed
on every exit path through `Knobs`. zram only: zswap stays off.
"""

from __future__ import annotations

import mmap
import os
import resource
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np

from swapmodel.base.errors import ParameterError, check_choice
from swapmodel.base.geometry import MIB_BYTES, PAGE_SIZE_BYTES
from swapmodel.kernel.experiments import drop_caches, live_session, provenance

SWAPFILE = Path("/var/tmp/swapmodel-swapoff.swap")
LATENCY_FILE = Path("/var/tmp/swapmodel-read-latency.bin")
BACKENDS = ("zram", "file")

_WORKLOAD = textwrap.dedent("""
    import mmap, os, sys, time
    swapped_mib, resident_mib, sharing, seed = map(int, sys.argv[1:5])
    MADV_PAGEOUT = 21
    page = 4096
    swap = mmap.mmap(-1, swapped_mib << 20, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    block = bytes((i * 7 + seed) % 251 for i in range(page // 2)) + bytes(page // 2)
    for off in range(0, swapped_mib << 20, page):
        swap[off:off + 8] = off.to_bytes(8, "little")
        swap[off + 8:off + page] = block[8:]
    resident = mmap.mmap(-1, max(resident_mib, 1) << 20, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    for off in range(0, len(resident), page):
        resident[off] = 1
    swap.madvise(MADV_PAGEOUT)
    time.sleep(1.0)
    children = []
    for _ in range(sharing - 1):
        pid = os.fork()
        if pid == 0:
            sys.stdin.readline()
            os._exit(0)
        children.append(pid)
    print("ready", flush=True)
    sys.stdin.readline()
""")


def _swap_used_kib(device: str) -> int:
    for line in Path("/proc/swaps").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[0] == device:
            return int(fields[3])
    return 0


def _one(backend: str, swapped_mib: int, resident_mib: int, sharing: int, device_mib: int, seed: int) -> dict:
    with live_session() as knobs:
        device = str(knobs.zram(device_mib, "lzo-rle") if backend == "zram" else knobs.swapfile(SWAPFILE, device_mib))
        knobs.swapon(Path(device))
        child = subprocess.Popen([sys.executable, "-c", _WORKLOAD, str(swapped_mib), str(resident_mib), str(sharing),
                                  str(seed)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                 start_new_session=True)
        try:
            if child.stdout.readline().strip() != "ready":
                raise RuntimeError("the swapoff workload did not start")
            if backend == "file":
                os.sync()  # writeback of the paged-out pages done before the clock starts
            used_kib = _swap_used_kib(device)
            drop_caches()  # no page of the swapfile left cached
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(["swapoff", device], check=True)
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
        finally:
            child.communicate("\n" * (sharing + 1), timeout=120)
    return {"backend": backend, "swapped_mib": swapped_mib, "resident_mib": resident_mib, "sharing": sharing,
            "device_mib": device_mib, "swap_used_kib": used_kib, "wall_s": wall,
            "sys_s": after.ru_stime - before.ru_stime, "user_s": after.ru_utime - before.ru_utime}


def measure(backends=BACKENDS, swapped_mib=(128, 256, 512, 1024), sharing=(1, 2, 4), resident_mib=(64, 1024),
            repeats: int = 2, seed: int = 1) -> dict:
    """swapoff time over backends, swapped sizes, sharing degrees and resident (walked, not swapped)
    sizes; each run on a fresh device."""
    for b in backends:
        check_choice("backend", b, BACKENDS)
    if not all(16 <= m <= 8192 for m in swapped_mib):
        raise ParameterError("swapped_mib: each size must be in [16, 8192] MiB")
    if not all(1 <= s <= 16 for s in sharing):
        raise ParameterError("sharing: each degree must be in [1, 16] processes")
    if not all(1 <= m <= 8192 for m in resident_mib):
        raise ParameterError("resident_mib: each size must be in [1, 8192] MiB")
    runs = []
    device_mib = 2 * max(swapped_mib)
    for b in backends:
        for m in swapped_mib:
            for s in sharing:
                for res in resident_mib:
                    for r in range(repeats):
                        runs.append({**_one(b, m, res, s, device_mib, seed + r), "repeat": r})
    record = provenance(backends=list(backends), swapped_mib=list(swapped_mib), sharing=list(sharing),
                        resident_mib=list(resident_mib), repeats=repeats, zram_algorithm="lzo-rle",
                        swapfile=str(SWAPFILE), filesystem=_fs_of(SWAPFILE.parent))
    record["runs"] = runs
    return record


def _fs_of(path: Path) -> str:
    best = ("", "")
    for line in Path("/proc/mounts").read_text().splitlines():
        dev, mnt, fs = line.split()[:3]
        if str(path).startswith(mnt) and len(mnt) > len(best[0]):
            best = (mnt, f"{fs} on {dev}")
    return best[1]


def read_latency(file_mib: int = 1024, random_reads: int = 4000, seed: int = 1) -> dict:
    """The local disk's read latency under /var/tmp: O_DIRECT 4 KiB reads at random offsets of a
    file of `file_mib` MiB (median, 90th percentile, microseconds) and O_DIRECT sequential reads
    of 1 MiB (MB/s). The file is written, synced, read and removed."""
    if os.geteuid() != 0:
        raise ParameterError("read_latency drops the page cache and needs root")
    rng = np.random.default_rng(seed)
    try:
        with open(LATENCY_FILE, "wb") as f:
            chunk = rng.bytes(MIB_BYTES)
            for _ in range(file_mib):
                f.write(chunk)
            f.flush()
            os.fsync(f.fileno())
        drop_caches()
        fd = os.open(LATENCY_FILE, os.O_RDONLY | os.O_DIRECT)
        try:
            buf = mmap.mmap(-1, MIB_BYTES)
            small = memoryview(buf)[:PAGE_SIZE_BYTES]
            pages = file_mib * MIB_BYTES // PAGE_SIZE_BYTES
            lat = []
            for off in rng.integers(0, pages, random_reads):
                t = time.perf_counter()
                os.preadv(fd, [small], int(off) * PAGE_SIZE_BYTES)
                lat.append(time.perf_counter() - t)
            drop_caches()
            t = time.perf_counter()
            for i in range(file_mib):
                os.preadv(fd, [buf], i * MIB_BYTES)
            seq = time.perf_counter() - t
        finally:
            os.close(fd)
    finally:
        LATENCY_FILE.unlink(missing_ok=True)
    lat_us = np.array(lat) * 1e6
    record = provenance(file_mib=file_mib, random_reads=random_reads, path=str(LATENCY_FILE),
                        filesystem=_fs_of(LATENCY_FILE.parent))
    record["result"] = {"random_4k_median_us": float(np.median(lat_us)), "random_4k_p90_us": float(np.percentile(lat_us, 90)),
                        "random_4k_mean_us": float(lat_us.mean()), "sequential_mb_per_s": file_mib * MIB_BYTES / 1e6 / seq}
    return record
