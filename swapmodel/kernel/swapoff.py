"""Opt-in live measurement: how long swapoff takes on this kernel, and how fast the disk reads.

swapoff(2) runs try_to_unuse() (mm/swapfile.c): for every mm on init_mm.mmlist it walks the page
tables of each VMA with an anon_vma looking for entries of the device, reads each page back (swap
cache, else the device through swapin_readahead()) and installs it in every PTE that maps it. A
workload process maps `resident_mib` of anonymous memory that stays resident (its PTEs walked,
nothing read), then `swapped_mib` that it pushes to the device with MADV_PAGEOUT (the whole range
at once, so that slots follow addresses, or page by page in a random order), then forks
`sharing - 1` children so that every swapped page is mapped by `sharing` processes (swap count
`sharing`). The swapoff command is timed (wall clock, and its system and user time from
getrusage), with /proc/vmstat's pswpin, swap_ra and swap_ra_hit over it.

The swap cache. MADV_PAGEOUT writes a folio and frees it only if the write has completed when
shrink_folio_list() looks again: on zram (SWP_SYNCHRONOUS_IO) it has, so nothing stays cached; on
a swapfile the write is asynchronous and the clean folio stays in the swap cache (SwapCached is
the whole paged-out set, untouched by sync and drop_caches), so a swapoff would only hit the
cache. So the swapped region is charged to a `swapmodel-swapoff` memory cgroup (v1): the workload
faults its resident region in the group it started in, joins the new group, then builds and pages
out the swapped region. Once /proc/meminfo Writeback has drained, the group's
memory.limit_in_bytes is squeezed to SQUEEZE_MIB, which makes memcg reclaim drop the clean
swap-cache folios, and lifted again before swapoff (swapoff charges what it reads back to the
group). The resident region, charged to the starting group, is out of the squeeze's reach. Every
run records, when the clock starts, SwapCached, the swap used on the device, the workload's
VmRSS / RssAnon / VmSwap, the group's usage and /proc/loadavg; a run whose swap cache still holds
more than max(5 % of the swapped size, 16 MiB) is refused (SwapCacheNotEvicted), never recorded.

The device is zram or a swapfile on the local disk (/var/tmp); both are created here and removed
on every exit path through `Knobs`. zswap stays off.
"""

from __future__ import annotations

import errno
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
from swapmodel.base.geometry import KIB_BYTES, MIB_BYTES, PAGE_SIZE_BYTES
from swapmodel.kernel.experiments import THP, _meminfo, drop_caches, live_session, provenance, selected_choice
from swapmodel.kernel.state import StateRefused, nice_of

SWAPFILE = Path("/var/tmp/swapmodel-swapoff.swap")
LATENCY_FILE = Path("/var/tmp/swapmodel-read-latency.bin")
BACKENDS = ("zram", "disk")
ORDERS = ("address", "random")
"""Pageout order: the whole region at once (slots follow addresses) or page by page at random."""
"""zram (lzo-rle) or a swapfile on the file system of /var/tmp (this VM's root disk)."""
MEMCG_NAME = "swapmodel-swapoff"
SQUEEZE_MIB = 1
"""memory.limit_in_bytes the swapped region's group is squeezed to after pageout."""
SWAP_CACHE_SHARE_MAX = 0.05
SWAP_CACHE_FLOOR_MIB = 16
"""A run is refused when SwapCached at the start exceeds max(5 % of swapped, 16 MiB) (issue 19)."""
SQUEEZE_TRIES = 3
SWAPOFF_NICE = -20
"""swapoff runs at this nice value: the 2 CPUs are shared with other work, and at nice 0 a zram
swapoff (CPU-bound) waited for a CPU for up to half its wall time (record of 2026-12-03T13:40Z)."""


class SwapCacheNotEvicted(RuntimeError):
    """The swap cache still held too much of the swapped set when the clock was to start."""


_WORKLOAD = textwrap.dedent("""
    import mmap, os, random, sys, time
    swapped_mib, resident_mib, sharing, seed = map(int, sys.argv[1:5])
    cg, order = sys.argv[5], sys.argv[6]
    MADV_PAGEOUT = 21
    page = 4096
    resident = None
    if resident_mib:
        resident = mmap.mmap(-1, resident_mib << 20, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
        for off in range(0, len(resident), page):
            resident[off] = 1
    # from here on new pages are charged to the swapmodel group: the resident region is not
    with open(cg + "/tasks", "w") as f:
        f.write(str(os.getpid()))
    swap = mmap.mmap(-1, swapped_mib << 20, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    block = bytes((i * 7 + seed) % 251 for i in range(page // 2)) + bytes(page // 2)
    for off in range(0, swapped_mib << 20, page):
        swap[off:off + 8] = off.to_bytes(8, "little")
        swap[off + 8:off + page] = block[8:]
    if order == "address":
        swap.madvise(MADV_PAGEOUT)
    else:  # page by page in a random permutation: slots scattered against the addresses the walk visits
        offsets = list(range(0, len(swap), page))
        random.Random(seed).shuffle(offsets)
        for off in offsets:
            swap.madvise(MADV_PAGEOUT, off, page)
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


def _status_kib(pid: int) -> dict:
    """VmRSS, RssAnon and VmSwap of a process (kB fields of /proc/<pid>/status)."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key = line.split(":")[0]
        if key in ("VmRSS", "RssAnon", "VmSwap"):
            out[key] = int(line.split()[1])
    return out


VMSTAT_COUNTERS = ("pswpin", "swap_ra", "swap_ra_hit", "pgmajfault")
"""/proc/vmstat counters recorded as deltas over the swapoff: pages read from the device, pages
read ahead, and readahead pages later hit (swap_update_readahead(), mm/swap_state.c)."""


def _vmstat() -> dict:
    values = dict(line.split() for line in Path("/proc/vmstat").read_text().splitlines())
    return {k: int(values.get(k, 0)) for k in VMSTAT_COUNTERS}


def _wait_writeback(timeout_s: float = 60.0) -> float:
    """Wait until /proc/meminfo Writeback is below 1 MiB (the pageout's writes done); seconds waited."""
    start = time.perf_counter()
    while _meminfo()["Writeback"] >= MIB_BYTES and time.perf_counter() - start < timeout_s:
        time.sleep(0.1)
    return time.perf_counter() - start


def _squeeze(cg: Path) -> str:
    """Squeeze the group's limit to SQUEEZE_MIB (memcg reclaim drops its clean swap-cache folios),
    then lift it. 'busy' when the kernel could not reach the limit (unreclaimable kernel memory
    such as the children's page tables is charged too); reclaim has then done what it could."""
    outcome = "reached"
    try:
        with open(cg / "memory.limit_in_bytes", "w") as f:
            f.write(str(SQUEEZE_MIB * MIB_BYTES))
    except OSError as e:
        if e.errno != errno.EBUSY:
            raise
        outcome = "busy"
    with open(cg / "memory.limit_in_bytes", "w") as f:
        f.write("-1")
    return outcome


def swap_cache_limit_kib(swapped_kib: float) -> float:
    """The most SwapCached a recorded run may start with: max(5 % of swapped, 16 MiB), in KiB."""
    return max(SWAP_CACHE_SHARE_MAX * swapped_kib, SWAP_CACHE_FLOOR_MIB * MIB_BYTES / KIB_BYTES)


def _one(backend: str, swapped_mib: int, resident_mib: int, sharing: int, device_mib: int, seed: int,
         order: str = "address") -> dict:
    with live_session() as knobs:
        device = str(knobs.zram(device_mib, "lzo-rle") if backend == "zram" else knobs.swapfile(SWAPFILE, device_mib))
        knobs.swapon(Path(device))
        cg = knobs.memcg(MEMCG_NAME)
        child = subprocess.Popen([sys.executable, "-c", _WORKLOAD, str(swapped_mib), str(resident_mib), str(sharing),
                                  str(seed), str(cg), order], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                 start_new_session=True)
        try:
            if child.stdout.readline().strip() != "ready":
                raise RuntimeError("the swapoff workload did not start")
            cached_after_pageout = _meminfo()["SwapCached"] // KIB_BYTES
            waited = _wait_writeback()
            squeezes = []
            for _ in range(SQUEEZE_TRIES):
                squeezes.append(_squeeze(cg))
                drop_caches()  # no page of a file left cached either
                used_kib = _swap_used_kib(device)
                cached_kib = _meminfo()["SwapCached"] // KIB_BYTES
                if cached_kib <= swap_cache_limit_kib(used_kib):
                    break
            else:
                raise SwapCacheNotEvicted(
                    f"{backend} {swapped_mib} MiB: SwapCached {cached_kib} kB of {used_kib} kB swapped after "
                    f"{SQUEEZE_TRIES} squeezes (limit {swap_cache_limit_kib(used_kib):.0f} kB); run refused")
            status = _status_kib(child.pid)
            cg_usage = int((cg / "memory.usage_in_bytes").read_text())
            loadavg = Path("/proc/loadavg").read_text().strip()
            counters = _vmstat()
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(["nice", "-n", str(SWAPOFF_NICE), "swapoff", device], check=True)
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            counters = {k: v - counters[k] for k, v in _vmstat().items()}
        finally:
            child.communicate("\n" * (sharing + 1), timeout=300)
    return {"backend": backend, "swapped_mib": swapped_mib, "resident_mib": resident_mib, "sharing": sharing,
            "pageout_order": order, "swapoff_nice": SWAPOFF_NICE, "device_mib": device_mib, "swap_used_kib": used_kib, "swap_cached_kib": cached_kib,
            "swap_cached_after_pageout_kib": cached_after_pageout, "writeback_wait_s": waited, "squeezes": squeezes,
            "workload_vmrss_kib": status.get("VmRSS"), "workload_rssanon_kib": status.get("RssAnon"),
            "workload_vmswap_kib": status.get("VmSwap"), "memcg_usage_bytes": cg_usage, "loadavg": loadavg,
            **{f"delta_{k}": v for k, v in counters.items()},
            "wall_s": wall, "sys_s": after.ru_stime - before.ru_stime, "user_s": after.ru_utime - before.ru_utime}


def measure(backends=BACKENDS, swapped_mib=(256, 512, 1024, 2048), sharing=(1, 2, 4, 16), resident_mib=(64,),
            repeats: int = 2, seed: int = 1, order: str = "address") -> dict:
    """swapoff time over backends, swapped sizes, sharing degrees and resident (walked, not swapped)
    sizes, the swap cache evicted before each run; each run on a fresh device twice the largest
    size, the configurations in a shuffled order (seeded) so that drift in the machine's load does
    not follow size."""
    for b in backends:
        check_choice("backend", b, BACKENDS)
    check_choice("order", order, ORDERS)
    if not all(16 <= m <= 8192 for m in swapped_mib):
        raise ParameterError("swapped_mib: each size must be in [16, 8192] MiB")
    if not all(1 <= s <= 16 for s in sharing):
        raise ParameterError("sharing: each degree must be in [1, 16] processes")
    if not all(0 <= m <= 8192 for m in resident_mib):
        raise ParameterError("resident_mib: each size must be in [0, 8192] MiB")
    if not 1 <= repeats <= 20:
        raise ParameterError(f"repeats={repeats}: must be in [1, 20]")
    device_mib = 2 * max(swapped_mib)
    configs = [(b, m, s, res, r) for b in backends for m in swapped_mib for s in sharing for res in resident_mib
               for r in range(repeats)]
    shuffled = np.random.default_rng(seed).permutation(len(configs))
    record = provenance(backends=list(backends), swapped_mib=list(swapped_mib), sharing=list(sharing),
                        resident_mib=list(resident_mib), repeats=repeats, pageout_order=order, zram_algorithm="lzo-rle",
                        swapfile=str(SWAPFILE), filesystem=_fs_of(SWAPFILE.parent),
                        swap_cache_eviction=f"memcg v1 {MEMCG_NAME} squeezed to {SQUEEZE_MIB} MiB after pageout, "
                                            "then lifted",
                        swap_cache_limit=f"refused above max({SWAP_CACHE_SHARE_MAX:.0%} of swapped, "
                                         f"{SWAP_CACHE_FLOOR_MIB} MiB)",
                        swapoff_nice=SWAPOFF_NICE, page_cluster=Path("/proc/sys/vm/page-cluster").read_text().strip(),
                        vma_ra_enabled=Path("/sys/kernel/mm/swap/vma_ra_enabled").read_text().strip(),
                        mthp_enabled={d.name: selected_choice(d / "enabled") for d in sorted(THP.glob("hugepages-*kB"))
                                      if (d / "enabled").exists()})
    runs = []
    for i in shuffled:
        b, m, s, res, r = configs[i]
        runs.append({**_one(b, m, res, s, device_mib, seed + r, order), "repeat": r})
    record["runs"] = runs
    return record


_MINOR_WORKLOAD = textwrap.dedent("""
    import mmap, resource, sys, time
    mib, seed = map(int, sys.argv[1:3])
    MADV_PAGEOUT = 21
    page = 4096
    n = mib << 20

    def touch(m):
        before = resource.getrusage(resource.RUSAGE_SELF)
        t = time.perf_counter()
        for off in range(0, n, page):
            m[off]
        dt = time.perf_counter() - t
        after = resource.getrusage(resource.RUSAGE_SELF)
        return dt, after.ru_minflt - before.ru_minflt, after.ru_majflt - before.ru_majflt

    swapped = mmap.mmap(-1, n, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    block = bytes((i * 7 + seed) % 251 for i in range(page))
    for off in range(0, n, page):
        swapped[off:off + page] = block
    loop_s = touch(swapped)[0]  # resident: the loop alone, no fault
    swapped.madvise(MADV_PAGEOUT)
    time.sleep(1.0)
    print(open("/proc/meminfo").read().split("SwapCached:")[1].split()[0], flush=True)
    sys.stdin.readline()
    swap_s, swap_minflt, swap_majflt = touch(swapped)  # each page a swap fault that hits the swap cache
    fresh = mmap.mmap(-1, n, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    zero_s, zero_minflt, zero_majflt = touch(fresh)  # first read of anonymous memory: the zero page mapped
    print(loop_s, swap_s, swap_minflt, swap_majflt, zero_s, zero_minflt, zero_majflt, flush=True)
""")


def minor_fault_cost(mib: int = 256, repeats: int = 3, seed: int = 1) -> dict:
    """The price of a minor fault on this kernel: a read of each page of `mib` MiB whose folios sit
    in the swap cache of a swapfile after MADV_PAGEOUT (do_swap_page() finds the folio and maps it:
    the fault a PTE left behind by a swapoff that installs no PTE takes later), and a first read of
    fresh anonymous memory (the shared zero page mapped), each less the same loop over resident
    pages; the fault counts come from getrusage. SwapCached is recorded before the touch. The
    workload runs at SWAPOFF_NICE (the 2 CPUs are shared) and a run whose workload did not get that
    nice value is refused; its nice and the load average are recorded with each run."""
    if not 16 <= mib <= 4096:
        raise ParameterError(f"mib={mib} is outside the allowed range [16, 4096]")
    if not 1 <= repeats <= 20:
        raise ParameterError(f"repeats={repeats}: must be in [1, 20]")
    runs = []
    for r in range(repeats):
        with live_session() as knobs:
            device = knobs.swapfile(SWAPFILE, 2 * mib)
            knobs.swapon(device)
            child = subprocess.Popen(["nice", "-n", str(SWAPOFF_NICE), sys.executable, "-c", _MINOR_WORKLOAD,
                                      str(mib), str(seed + r)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
            try:
                cached_kib = int(child.stdout.readline())
                used_kib = _swap_used_kib(str(device))
                loadavg = Path("/proc/loadavg").read_text().strip()
                workload_nice = nice_of(child.pid)
                if workload_nice != SWAPOFF_NICE:
                    raise StateRefused(f"minor-fault run {r}: workload nice {workload_nice} (limit: {SWAPOFF_NICE}; "
                                       "needs root) when the clock was to start; run refused")
                out, _ = child.communicate("\n", timeout=300)
            finally:
                if child.poll() is None:
                    child.kill()
        loop_s, swap_s, swap_minflt, swap_majflt, zero_s, zero_minflt, zero_majflt = map(float, out.split())
        pages = mib * MIB_BYTES // PAGE_SIZE_BYTES
        runs.append({"mib": mib, "repeat": r, "swap_used_kib": used_kib, "swap_cached_kib": cached_kib,
                     "loadavg": loadavg, "workload_nice": workload_nice, "loop_s": loop_s, "swapcache_fault_s": swap_s,
                     "swapcache_minflt": int(swap_minflt), "swapcache_majflt": int(swap_majflt),
                     "zero_fault_s": zero_s, "zero_minflt": int(zero_minflt), "zero_majflt": int(zero_majflt),
                     "swapcache_fault_ns": (swap_s - loop_s) * 1e9 / pages,
                     "zero_fault_ns": (zero_s - loop_s) * 1e9 / pages})
    record = provenance(mib=mib, repeats=repeats, swapfile=str(SWAPFILE), filesystem=_fs_of(SWAPFILE.parent),
                        what="read of each page: swap-cache-hit fault, zero-page fault, less the loop over resident pages")
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
