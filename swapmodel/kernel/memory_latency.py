"""Load-to-use latency of this machine's memory hierarchy, measured by pointer chasing.

A random single-cycle permutation of `n` 8-byte slots (Sattolo's algorithm) is walked with one
dependent load per step (`i = next[i]`), so each step costs one load latency once the working set
exceeds a cache level (random order defeats the prefetchers). The working sets probe each level
read from /sys/devices/system/cpu/cpu0/cache: half of L1d, half of L2, 8 times L2 for L3 (inside
L3 and within the 8 MiB reach of a 2048-entry second-level TLB; half of a 32 MiB L3 is not, and
there a VM's nested page walks dominate), and 8 times the last-level cache for DRAM. The record
keeps the whole curve, 16 KiB to 256 MiB. The time models of the time questions price their
steps with these figures; each record names the machine it ran on.

What backed the chase when the clock started (issue 19 section 1). Whether a chase array sits in
4 KiB or 2 MiB pages depends on THP's `enabled` files and on the allocator (numpy madvises
MADV_HUGEPAGE on large arrays; numba's, which builds this array, does not: with THP at madvise, as
on this VM, a 64 MiB chase array had AnonHugePages 0 kB on 2026-12-03), so each working set records
the Rss, AnonHugePages and Swap of the VMAs that hold its array (/proc/self/smaps, proc(5)), and
the record stores the clock-start state of
`swapmodel.kernel.state.clock_start` (THP `enabled` files, zswap, swap and page cache, the
process's VmSwap and nice value, loadavg). A working set whose array is not wholly resident, or
has pages in swap, is refused (StateRefused): its loads would include faults. As root the chase
runs at nice LATENCY_NICE (swapoff's); otherwise at the caller's nice value, which is recorded.
"""

from __future__ import annotations

import os
import platform
import re
import time
from pathlib import Path

import numpy as np
from numba import njit

from swapmodel.base.errors import ParameterError
from swapmodel.kernel.experiments import THP, selected_choice
from swapmodel.kernel.state import PROC, StateRefused, clock_start
from swapmodel.kernel.swapoff import SWAPOFF_NICE

CACHE_ROOT = Path("/sys/devices/system/cpu/cpu0/cache")
SLOT_BYTES = 8
CURVE_BYTES = tuple(1 << k for k in range(14, 29, 2))
"""Working sets of the full curve: 16 KiB to 256 MiB in steps of 4x."""
LATENCY_NICE = SWAPOFF_NICE
RESIDENT_SHARE_MIN = 0.95
"""A working set is refused when the VMAs holding its array have less than this share of its bytes
resident (Rss), or any page in swap."""
_VMA = re.compile(r"^([0-9a-f]+)-([0-9a-f]+) ")


@njit(cache=True)
def _sattolo(n, state):
    order = np.arange(n)
    for i in range(n - 1, 0, -1):
        state ^= (state << np.uint64(13)) & np.uint64(0xFFFFFFFFFFFFFFFF)  # xorshift64
        state ^= state >> np.uint64(7)
        state ^= (state << np.uint64(17)) & np.uint64(0xFFFFFFFFFFFFFFFF)
        j = int(state % np.uint64(i))
        order[i], order[j] = order[j], order[i]
    nxt = np.empty(n, np.int64)
    for k in range(n - 1):
        nxt[order[k]] = order[k + 1]
    nxt[order[n - 1]] = order[0]
    return nxt


def sattolo_cycle(n: int, seed: int = 1) -> np.ndarray:
    """A permutation of 0..n-1 that is one cycle of length n (Sattolo's algorithm with a
    xorshift64 stream from `seed`), as next[i]."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 2 <= n <= 1 << 31:
        raise ParameterError(f"n={n!r} must be a whole number in [2, {1 << 31}]")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 1 <= seed < 1 << 63:
        raise ParameterError(f"seed={seed!r} must be a whole number in [1, 2**63 - 1]")
    return _sattolo(int(n), np.uint64(seed))


@njit(cache=True)
def _chase(nxt, steps):
    i = 0
    for _ in range(steps):
        i = nxt[i]
    return i


def backing(start: int, nbytes: int, smaps: Path = PROC / "self/smaps") -> dict:
    """Rss, AnonHugePages and Swap (kB) summed over the VMAs that overlap [start, start + nbytes)
    (/proc/<pid>/smaps, proc(5)); a VMA may hold more than the array (the malloc heap), and the
    array may span several VMAs (numpy's MADV_HUGEPAGE covers the 2 MiB-aligned part only)."""
    out = {"vmas": 0, "rss_kib": 0, "anon_huge_kib": 0, "swap_kib": 0}
    inside = False
    for line in Path(smaps).read_text().splitlines():
        m = _VMA.match(line)
        if m:
            inside = int(m[1], 16) < start + nbytes and int(m[2], 16) > start
            out["vmas"] += inside
            continue
        if inside:
            key, _, value = line.partition(":")
            field = {"Rss": "rss_kib", "AnonHugePages": "anon_huge_kib", "Swap": "swap_kib"}.get(key)
            if field:
                out[field] += int(value.split()[0])
    return out


def check_backing(b: dict, nbytes: int) -> None:
    """Refuse a working set whose array is not wholly resident or has pages in swap."""
    if b["swap_kib"] > 0 or b["rss_kib"] * 1024 < RESIDENT_SHARE_MIN * nbytes:
        raise StateRefused(f"latency working set {nbytes} B: Rss {b['rss_kib']} kB, Swap {b['swap_kib']} kB (limit: "
                           f"Rss at least {RESIDENT_SHARE_MIN:.0%} of the array, Swap 0) when the clock was to start; "
                           "the loads would include faults; run refused")


def timed_chase(working_set_bytes: int, steps: int = 2_000_000, seed: int = 1) -> tuple[float, dict]:
    """Nanoseconds per dependent load over a working set of `working_set_bytes` (best of 3), and
    what backed the array when the clock started (refused unless wholly resident)."""
    n = max(working_set_bytes // SLOT_BYTES, 2)
    nxt = sattolo_cycle(n, seed)
    _chase(nxt, min(n, steps))  # warm the caches and compile
    b = backing(nxt.ctypes.data, nxt.nbytes)
    check_backing(b, nxt.nbytes)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        _chase(nxt, steps)
        best = min(best, time.perf_counter() - start)
    return best / steps * 1e9, b


def ns_per_load(working_set_bytes: int, steps: int = 2_000_000, seed: int = 1) -> float:
    """Nanoseconds per dependent load over a working set of `working_set_bytes` (best of 3)."""
    return timed_chase(working_set_bytes, steps, seed)[0]


def cache_levels() -> dict[str, int]:
    """Data and unified cache sizes in bytes by level name (L1d, L2, L3), from sysfs."""
    out = {}
    for d in sorted(CACHE_ROOT.glob("index*")):
        kind = (d / "type").read_text().strip()
        if kind == "Instruction":
            continue
        size = (d / "size").read_text().strip()
        value = int(size.rstrip("KMG")) * {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}.get(size[-1], 1)
        out[f"L{(d / 'level').read_text().strip()}{'d' if kind == 'Data' else ''}"] = value
    return out


_ATOMIC_C = r"""
#include <stdio.h>
#include <time.h>
int main(void) {
    static volatile long counter;
    long x = 0, n = 20000000;
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (long i = 0; i < n; i++)   /* each fetch-add waits for the previous one's result: a chain */
        x = __atomic_fetch_add((long *)&counter, (x & 0) + 1, __ATOMIC_SEQ_CST);
    clock_gettime(CLOCK_MONOTONIC, &b);
    printf("%.3f %ld\n", ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n, x);
    return 0;
}
"""


def atomic_rmw_ns() -> float | None:
    """Latency of one uncontended atomic read-modify-write (x86 LOCK XADD) on a cached line: a
    chain of dependent __atomic_fetch_add calls (None when no compiler is installed). A spin_lock
    is one such operation; spin_unlock is a release store (include/asm-generic/qspinlock.h,
    queued_spin_unlock: smp_store_release)."""
    return _compiled_best(_ATOMIC_C, "atomic")


_PINGPONG_C = r"""
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <time.h>
static _Alignas(64) long counter;
static const long rounds = 2000000;
static void *player(void *arg) {
    long me = (long)arg;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET((int)me, &set);
    if (pthread_setaffinity_np(pthread_self(), sizeof set, &set)) return (void *)1;
    for (;;) {   /* wait for the other CPU's increment, then increment: one line transfer each */
        long c = __atomic_load_n(&counter, __ATOMIC_ACQUIRE);
        if (c >= 2 * rounds) return 0;
        if ((c & 1) == me) __atomic_fetch_add(&counter, 1, __ATOMIC_SEQ_CST);
    }
}
int main(void) {
    pthread_t t[2];
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (long i = 0; i < 2; i++) pthread_create(&t[i], 0, player, (void *)i);
    void *r0, *r1;
    pthread_join(t[0], &r0);
    pthread_join(t[1], &r1);
    clock_gettime(CLOCK_MONOTONIC, &b);
    if (r0 || r1) return 2;
    printf("%.3f\n", ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / (2.0 * rounds));
    return 0;
}
"""


def _compiled_best(source: str, name: str, extra_flags: tuple = (), runs: int = 3) -> float | None:
    """Best of `runs` of a small C program (first number it prints), compiled with this machine's
    gcc -O2; None when no compiler is installed."""
    import shutil
    import subprocess
    import tempfile

    cc = shutil.which("gcc") or shutil.which("cc")
    if cc is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        src, exe = Path(tmp) / f"{name}.c", Path(tmp) / name
        src.write_text(source)
        subprocess.run([cc, "-O2", "-o", str(exe), str(src), *extra_flags], check=True)
        best = min(float(subprocess.run([str(exe)], check=True, capture_output=True, text=True).stdout.split()[0])
                   for _ in range(runs))
    return round(best, 2)


def line_transfer_ns() -> float | None:
    """Cost of an atomic increment on a cache line the other CPU wrote last: two threads pinned to
    CPUs 0 and 1 take turns incrementing one counter, so every increment first moves the line
    across (what a contended cluster lock costs each time another CPU used the cluster last).
    None on a machine with one CPU or without a compiler."""
    import os

    if not {0, 1} <= os.sched_getaffinity(0):
        return None
    return _compiled_best(_PINGPONG_C, "pingpong", ("-pthread",))


def cpu_pair_topology() -> dict:
    """Whether CPUs 0 and 1 (the line transfer's pair) share a core or a package, as sysfs says."""
    def ids(cpu):
        topology = Path(f"/sys/devices/system/cpu/cpu{cpu}/topology")
        return tuple((topology / f).read_text().strip() for f in ("physical_package_id", "core_id"))

    try:
        (package0, core0), (package1, core1) = ids(0), ids(1)
    except OSError:
        return {}
    return {"same_core": (package0, core0) == (package1, core1), "same_package": package0 == package1}


def measure(steps: int = 2_000_000) -> dict:
    """Latency per level of this machine, with the machine's description."""
    levels = cache_levels()
    last = max(levels.values())
    probes = {name: size // 2 for name, size in levels.items()}
    if "L2" in levels and "L3" in levels:
        probes["L3"] = min(levels["L3"] // 2, 8 * levels["L2"])  # stay within a 2048-entry L2 TLB's reach
    probes["DRAM"] = 8 * last
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")),
               platform.processor())
    thp = selected_choice(THP / "enabled") if (THP / "enabled").exists() else "unknown"
    old_nice = os.getpriority(os.PRIO_PROCESS, 0)
    if os.geteuid() == 0:
        os.setpriority(os.PRIO_PROCESS, 0, LATENCY_NICE)
    try:
        state = clock_start(os.getpid())
        measured, backed = {}, {}
        for size in sorted({*probes.values(), *CURVE_BYTES}):
            ns, backed[size] = timed_chase(size, steps)
            measured[size] = round(ns, 2)
        atomic, transfer = atomic_rmw_ns(), line_transfer_ns()
    finally:
        if os.geteuid() == 0:
            os.setpriority(os.PRIO_PROCESS, 0, old_nice)
    return {
        "kernel_release": platform.release(),
        "taken_at_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"cpu": cpu, "logical_cpus": sum(ln.startswith("processor") for ln in cpuinfo),
                    "caches_bytes": levels, "node": platform.node()},
        "method": "pointer chase over a Sattolo cycle, one dependent 8 B load per step, best of 3",
        "pages": "THP enabled=" + thp + "; each working set records what backed its array (backing: Rss, "
                 "AnonHugePages, Swap of its VMAs): where AnonHugePages is 0 the pages are 4 KiB, and "
                 "beyond the TLB's reach each load may also miss the TLB (and walk nested page tables in a VM), "
                 "which the kernel's direct map largely avoids",
        "latency_ns": {name: measured[size] for name, size in probes.items()},
        "working_set_bytes": probes,
        "curve": [{"working_set_bytes": size, "ns_per_load": measured[size], "backing": backed[size]}
                  for size in CURVE_BYTES],
        "backing_by_level": {name: backed[size] for name, size in probes.items()},
        "clock_start": state,
        "nice": state["workload_nice"],
        "atomic_rmw_ns": atomic,
        "line_transfer_ns": transfer,
        "line_transfer_cpus": {"cpus": [0, 1], **cpu_pair_topology()},
    }
