"""Opt-in live experiments on the running kernel (root only; never part of the default tests).

Every knob an experiment touches (zram disksize and algorithm, swapon, swapfiles it creates, zswap
parameters, THP `enabled` files, memory cgroups named swapmodel-*, a debugfs mount) goes through `Knobs`, which
writes a journal (/var/tmp/swapmodel-live-journal.json) before each change and restores
everything in reverse order on exit, exception, Ctrl-C or SIGTERM. A run that was killed leaves
the journal behind; the next run restores from it before doing anything else.

Order matters: enabling zswap once disables large-folio swap-in until reboot
(zswap_never_enabled()), so zram-only experiments must run first. Every record notes whether zswap
had been enabled since boot. Counters are cumulative since boot: only deltas are recorded.
"""

from __future__ import annotations

import hashlib
import json
import mmap
import os
import platform
import re
import signal
import subprocess
import sys
import textwrap
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from swapmodel.base.errors import ParameterError
from swapmodel.base.geometry import MIB_BYTES, PAGE_SIZE_BYTES, PAGES_PER_MIB
from swapmodel.base.io import atomic_write_text
from swapmodel.kernel.state import (StateRefused, clock_start, meminfo_kib, refuse_zswap_enabled, thp_enabled, write_knob,
                                    zswap_state)

JOURNAL = Path("/var/tmp/swapmodel-live-journal.json")
THP = Path("/sys/kernel/mm/transparent_hugepage")
ZRAM = Path("/sys/block/zram0")
ZSWAP_PARAMS = Path("/sys/module/zswap/parameters")
MEMCG_ROOT = Path("/sys/fs/cgroup/memory")
DEBUGFS = Path("/sys/kernel/debug")
PAGE = PAGE_SIZE_BYTES

# madvise(2) advice values (include/uapi/asm-generic/mman-common.h); Python 3.11's mmap lacks PAGEOUT
MADV_DONTNEED, MADV_HUGEPAGE, MADV_NOHUGEPAGE, MADV_PAGEOUT = 4, 14, 15, 21


def _read(path: Path) -> str:
    return path.read_text().strip()


def selected_choice(path: Path) -> str:
    """The bracketed choice of a sysfs selector such as 'always [madvise] never'."""
    text = _read(path)
    return text[text.index("[") + 1: text.index("]")] if "[" in text else text


def _write(path: Path, value: str) -> None:
    """Write a kernel file; EBUSY becomes a one-line KnobBusy naming the file and what to do."""
    write_knob(path, value)


def drop_caches() -> None:
    """Drop the page cache (a one-shot action, nothing to restore): no page of a file stays cached."""
    _write(Path("/proc/sys/vm/drop_caches"), "3")


def _run(*cmd: str) -> None:
    subprocess.run(cmd, check=True, capture_output=True, text=True)


def swap_active() -> list[str]:
    """Devices in /proc/swaps."""
    return [line.split()[0] for line in Path("/proc/swaps").read_text().splitlines()[1:] if line.strip()]


def zswap_ever_enabled() -> bool:
    """Whether zswap has been enabled since boot (its slab caches exist only after that; 6.18
    defers zswap_setup() until the first enable; CONFIG_ZSWAP_DEFAULT_ON counts as enabled)."""
    return zswap_state()["ever_enabled"]


class Knobs:
    """Changes to kernel state, journalled and undone in reverse order."""

    def __init__(self, journal: Path = JOURNAL):
        self.journal = journal
        self.undo: list[dict] = []

    # -- journal
    def _save(self) -> None:
        atomic_write_text(self.journal, json.dumps({"pid": os.getpid(), "undo": self.undo}, indent=1))

    def _push(self, step: dict) -> None:
        self.undo.append(step)
        self._save()

    # -- changes
    def write(self, path: Path, value: str) -> None:
        """Write a sysfs file, remembering its old value (selector files: the selected choice)."""
        old = selected_choice(path) if "[" in _read(path) else _read(path)
        self._push({"kind": "write", "path": str(path), "value": old})
        _write(path, value)

    def zram(self, disksize_mib: int, algorithm: str = "lzo") -> Path:
        """Size zram0 (after setting its algorithm); undone by a zram reset."""
        if int(_read(ZRAM / "disksize")) != 0:
            raise ParameterError("zram0 already has a disksize: another user owns it; refusing to touch it")
        self._push({"kind": "zram_reset", "path": str(ZRAM)})
        _write(ZRAM / "comp_algorithm", algorithm)
        _write(ZRAM / "disksize", f"{int(disksize_mib)}M")
        return Path("/dev/zram0")

    def swapon(self, device: Path, mkswap: bool = True) -> None:
        if mkswap:
            _run("mkswap", str(device))
        self._push({"kind": "swapoff", "path": str(device)})
        _run("swapon", str(device))

    def swapfile(self, path: Path, mib: int) -> Path:
        """A swapfile of `mib` MiB at `path` (fallocate'd, mode 0600); removed on restore."""
        if path.exists():
            raise ParameterError(f"swapfile {path} already exists; remove it or run `swapmodel kernel restore`")
        self._push({"kind": "unlink", "path": str(path)})
        _run("fallocate", "-l", f"{int(mib)}M", str(path))
        os.chmod(path, 0o600)
        return path

    def memcg(self, name: str) -> Path:
        if not name.startswith("swapmodel-"):
            raise ParameterError(f"memcg name={name!r} must start with 'swapmodel-'")
        path = MEMCG_ROOT / name
        self._push({"kind": "rmdir", "path": str(path)})
        path.mkdir()
        return path

    def mount_debugfs(self) -> None:
        if any(line.split()[1] == str(DEBUGFS) for line in Path("/proc/mounts").read_text().splitlines()):
            return
        self._push({"kind": "umount", "path": str(DEBUGFS)})
        _run("mount", "-t", "debugfs", "none", str(DEBUGFS))

    # -- restore
    def undo_to(self, mark: int) -> list[str]:
        """Undo the changes made since the undo list was `mark` long, newest first; keep going
        past failures and report them."""
        errors = []
        while len(self.undo) > mark:
            step = self.undo.pop()
            try:
                _undo(step)
            except Exception as e:  # noqa: BLE001 - every later step must still run
                errors.append(f"{step}: {e}")
            self._save()
        return errors

    def restore(self) -> list[str]:
        """Undo every change, newest first; keep going past failures and report them."""
        errors = self.undo_to(0)
        self.journal.unlink(missing_ok=True)
        return errors


def _undo(step: dict) -> None:
    kind, path = step["kind"], Path(step["path"])
    if kind == "write":
        _write(path, step["value"])
    elif kind == "swapoff":
        if str(path) in swap_active():
            _run("swapoff", str(path))
    elif kind == "zram_reset":
        if int(_read(path / "disksize")):
            _write(path / "reset", "1")
    elif kind == "rmdir":
        if path.exists():
            for pid in _read(path / "tasks").split():
                _write(MEMCG_ROOT / "tasks", pid)  # back to the root group before rmdir
            path.rmdir()
    elif kind == "umount":
        _run("umount", str(path))
    elif kind == "unlink":
        if str(path) in swap_active():
            _run("swapoff", str(path))
        path.unlink(missing_ok=True)


def recover_leftovers() -> list[str]:
    """Restore what a killed run left behind (journal), and remove stray swapmodel-* memcgs."""
    done = []
    if JOURNAL.exists():
        data = json.loads(JOURNAL.read_text())
        knobs = Knobs(JOURNAL)
        knobs.undo = data.get("undo", [])
        n_changes = len(knobs.undo)
        errors = knobs.restore()
        done.append(f"restored {n_changes} change(s) from a killed run (pid {data.get('pid')})"
                    + (f"; errors: {errors}" if errors else ""))
    for cg in MEMCG_ROOT.glob("swapmodel-*"):
        if cg.is_dir():
            _undo({"kind": "rmdir", "path": str(cg)})
            done.append(f"removed memcg {cg}")
    return done


def _interrupt(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


@contextmanager
def live_session():
    """Checks and the restore guarantee around one experiment: root, no foreign swap, leftovers
    cleaned, SIGTERM turned into KeyboardInterrupt so that `finally` runs."""
    if os.geteuid() != 0:
        raise ParameterError("live experiments change kernel state and need root")
    for line in recover_leftovers():
        print(f"swapmodel: {line}", file=sys.stderr)
    if swap_active():
        raise ParameterError(f"swap is already active ({', '.join(swap_active())}); refusing to run")
    knobs = Knobs(JOURNAL)
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield knobs
    finally:
        errors = knobs.restore()
        signal.signal(signal.SIGTERM, previous)
        if errors:
            raise RuntimeError(f"restore left errors: {errors}")


def provenance(**settings) -> dict:
    """Kernel version and the settings that shape a measurement."""
    return {
        "kernel_release": platform.release(),
        "proc_version": _read(Path("/proc/version")),
        "taken_at_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "zswap_enabled_since_boot_before_run": zswap_ever_enabled(),
        "thp_enabled": selected_choice(THP / "enabled"),
        "thp_enabled_by_size": thp_enabled(),
        "zswap_state": zswap_state(),
        "settings": settings,
    }


def _refuse_zram_state(what: str, large_swapin: bool, state: dict | None = None) -> None:
    """Refuse a zram run while zswap is enabled (pages would be stored in zswap first), and a run
    that asks for large-folio swap-in after zswap was ever enabled (zswap_never_enabled() is then
    false for good and 6.18 swaps in page by page: alloc_swap_folio(), mm/memory.c v6.18)."""
    state = state or clock_start()
    refuse_zswap_enabled(state, what)
    if large_swapin and state["zswap"]["ever_enabled"]:
        raise StateRefused(f"{what}: zswap was enabled since boot (limit: never): large-folio swap-in cannot "
                           "happen until reboot; run without large swap-in or after a reboot; run refused")


def _mthp_stats(size_kb: int) -> dict:
    d = THP / f"hugepages-{size_kb}kB" / "stats"
    return {f: int(_read(d / f)) for f in ("swpout", "swpout_fallback", "zswpout", "swpin", "swpin_fallback",
                                         "anon_fault_alloc", "anon_fault_fallback")}


def _meminfo() -> dict:
    out = {}
    for line in Path("/proc/meminfo").read_text().splitlines():
        key, value = line.split(":")
        out[key] = int(value.split()[0]) * 1024
    return out


# ---------------------------------------------------------------- mTHP churn on zram


def churn_zram(params) -> dict:
    """The churn test of swapmodel.allocator.churn on zram0, with only the 2**order-page mTHP size
    enabled for the run; per-iteration deltas of hugepages-<size>/stats/{swpout,swpout_fallback}.

    `params` is the record the simulator takes, a `swapmodel.allocator.ChurnParams` (read by
    attribute: this layer does not import the allocator), so a live run and a simulated one have
    the same parameters by construction: device_mib, region_mib, order, iterations, seed,
    aligned (-a), small_mib (-s), mthp_swapin (whole large-folio swap-in), swapin_mib,
    dontneed_mib and small_swapin_mib. The live run is the tools-mm workload on one zram device
    reclaimed by one process, so workload, backing and n_cpus must be "tools-mm", "zram" and 1,
    and the sizes whole MiB.

    6.18 swaps a whole aligned chunk in as one large folio on zram when zswap was never enabled.
    Unless `mthp_swapin`, the mTHP size is set to never during the swap-in phase of each
    iteration (and back to always for the refaults), so swap-in is page by page as in the
    published 6.12 runs."""
    for name, live in (("workload", "tools-mm"), ("backing", "zram"), ("n_cpus", 1)):
        if getattr(params, name) != live:
            raise ParameterError(f"{name}={getattr(params, name)!r}: the live churn runs only {name}={live!r}")
    for name in ("device_mib", "region_mib", "small_mib", "swapin_mib", "dontneed_mib", "small_swapin_mib"):
        value = getattr(params, name)
        if not float(value * MIB_BYTES / PAGE).is_integer() or (name in ("device_mib", "region_mib", "small_mib")
                                                                and float(value) != int(value)):
            raise ParameterError(f"{name}={value!r}: the live churn takes whole MiB here (whole pages for the steps)")
    device_mib, region_mib, small_mib = int(params.device_mib), int(params.region_mib), int(params.small_mib)
    order, iterations, seed = int(params.order), int(params.iterations), int(params.seed)
    aligned, large_swapin = bool(params.aligned), bool(params.mthp_swapin)
    swapin_bytes, dontneed_bytes = int(params.swapin_mib * MIB_BYTES), int(params.dontneed_mib * MIB_BYTES)
    small_swapin_pages = int(params.small_swapin_mib * MIB_BYTES) // PAGE
    size_kb = 4 << order
    chunk = PAGE << order
    if not 1 <= order <= 9:
        raise ParameterError(f"order={order} is outside the allowed range [1, 9]")
    if not 0 <= small_mib <= device_mib or region_mib + small_mib > device_mib:
        raise ParameterError(f"region_mib + small_mib = {region_mib + small_mib} must lie in [1, device_mib={device_mib}]")
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    region = region_mib * MIB_BYTES
    n_pages, n_chunks = region // PAGE, region // chunk
    _refuse_zram_state(f"churn order {order}", large_swapin)
    with live_session() as knobs:
        for d in sorted(THP.glob("hugepages-*kB")):
            if (d / "enabled").exists():
                knobs.write(d / "enabled", "always" if d.name == f"hugepages-{size_kb}kB" else "never")
        knobs.swapon(knobs.zram(device_mib, "lzo"))
        record = provenance(device_mib=device_mib, region_mib=region_mib, order=order, iterations=iterations,
                            seed=seed, aligned=aligned, small_mib=small_mib, zram_algorithm="lzo",
                            mthp_enabled=f"{size_kb}kB only",
                            swapin="aligned chunks" if aligned else "page by page",
                            large_folio_swapin=large_swapin and not zswap_ever_enabled())
        size_knob = THP / f"hugepages-{size_kb}kB" / "enabled"
        m = mmap.mmap(-1, region + chunk, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
        small_pages = small_mib * MIB_BYTES // PAGE
        small = mmap.mmap(-1, small_mib * MIB_BYTES, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS) if small_pages else None
        try:
            import ctypes

            base = ctypes.addressof(ctypes.c_char.from_buffer(m))
            off = (-base) % chunk  # the region starts on a chunk boundary
            m.madvise(MADV_HUGEPAGE, off, region)
            record["clock_start"] = clock_start(os.getpid(), "/dev/zram0")
            start = _mthp_stats(size_kb)
            t0 = time.perf_counter()
            m[off: off + region] = b"\x11" * region
            m.madvise(MADV_PAGEOUT, off, region)
            if small_pages:
                small.madvise(MADV_NOHUGEPAGE, 0, len(small))
                small[:] = b"\x11" * len(small)
                small.madvise(MADV_PAGEOUT, 0, len(small))
            warm = _mthp_stats(size_kb)
            rows = []
            for it in range(1, iterations + 1):
                cached_kib = meminfo_kib()["SwapCached"]
                before = _mthp_stats(size_kb)
                tick = time.perf_counter()
                if not large_swapin:
                    _write(size_knob, "never")
                if aligned:
                    for c in rng.integers(0, n_chunks, swapin_bytes // chunk):
                        m[off + c * chunk: off + (c + 1) * chunk] = b"\x11" * chunk
                else:
                    for p in rng.integers(0, n_pages, swapin_bytes // PAGE):
                        m[off + p * PAGE] = 0x11
                _write(size_knob, "always")
                for c in rng.integers(0, n_chunks, dontneed_bytes // chunk):
                    m.madvise(MADV_DONTNEED, off + c * chunk, chunk)
                    m[off + c * chunk: off + (c + 1) * chunk] = b"\x11" * chunk
                if small_pages:
                    for p in rng.integers(0, small_pages, small_swapin_pages):
                        small[p * PAGE] = 0x11
                m.madvise(MADV_PAGEOUT, off, region)
                if small_pages:
                    small.madvise(MADV_PAGEOUT, 0, len(small))
                after = _mthp_stats(size_kb)
                delta = {k: after[k] - before[k] for k in after}
                total = delta["swpout"] + delta["swpout_fallback"]
                rows.append({"iteration": it, **delta, "fallback_pct": 100.0 * delta["swpout_fallback"] / total if total else 0.0,
                             "seconds": time.perf_counter() - tick, "swap_cached_kib_at_start": cached_kib})
            record["wall_seconds"] = time.perf_counter() - t0
            record["warm_up"] = {k: warm[k] - start[k] for k in warm}
            record["iterations"] = rows
            record["zram_mm_stat"] = _read(ZRAM / "mm_stat")
        finally:
            m.close()
            if small is not None:
                small.close()
    return record


# ---------------------------------------------------------------- the kernel's own test program

SELFTEST_LINE = re.compile(r"Iteration (\d+): swpout inc: (\d+), swpout fallback inc: (\d+)")
SELFTEST_VARIANTS = {
    "posted-v1": "Barry Song's thp_swap_allocator_test as posted to selftests/mm on 2024-06-20 (no warm-up, no "
                 "swap-in; 1 MiB small region, 768 KiB of 4 KiB DONTNEEDs): "
                 "https://lore.kernel.org/r/20240620002648.75204-1-21cnbao@gmail.com",
    "mainline": "tools/mm/thp_swap_allocator_test.c as carried by mainline since v6.11 (warm-up, random swap-in "
                "page by page or -a aligned, -s 4 MiB small region with 1 MiB of swap-in): "
                "https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/tree/tools/mm/thp_swap_allocator_test.c",
}


def selftest_zram(binary: Path, variant: str, flags: tuple[str, ...] = (), device_mib: int = 64) -> dict:
    """Run a build of Barry Song's thp_swap_allocator_test (built outside this repository; its code
    is not part of swapmodel) on zram0 of `device_mib` MiB with only the 64 KiB mTHP size enabled,
    as its header asks; parse its per-iteration swpout / swpout_fallback lines.

    The program calls rand() unseeded, so every run makes the same picks."""
    if variant not in SELFTEST_VARIANTS:
        raise ParameterError(f"variant={variant!r} must be one of {sorted(SELFTEST_VARIANTS)}")
    binary = Path(binary)
    if not binary.is_file() or not os.access(binary, os.X_OK):
        raise ParameterError(f"binary={str(binary)!r} is not an executable file")
    bad = [f for f in flags if f not in ("-s", "-a")]
    if bad:
        raise ParameterError(f"flags={bad!r}: allowed flags are -s and -a")
    if not 61 <= device_mib <= 1 << 20:
        raise ParameterError(f"device_mib={device_mib} is outside the allowed range [61, 1048576]")
    _refuse_zram_state(f"selftest {variant}", large_swapin=False)
    with live_session() as knobs:
        for d in sorted(THP.glob("hugepages-*kB")):
            if (d / "enabled").exists():
                knobs.write(d / "enabled", "always" if d.name == "hugepages-64kB" else "never")
        knobs.swapon(knobs.zram(device_mib, "lzo"))
        record = provenance(device_mib=device_mib, variant=variant, source=SELFTEST_VARIANTS[variant],
                            flags=" ".join(flags), zram_algorithm="lzo", mthp_enabled="64kB only",
                            binary_sha256=hashlib.sha256(binary.read_bytes()).hexdigest(),
                            large_folio_swapin=not zswap_ever_enabled())
        record["clock_start"] = clock_start(device="/dev/zram0")
        start = _mthp_stats(64)
        t0 = time.perf_counter()
        out = subprocess.run([str(binary), *flags], check=True, capture_output=True, text=True).stdout
        record["wall_seconds"] = time.perf_counter() - t0
        end = _mthp_stats(64)
        record["run_delta"] = {k: end[k] - start[k] for k in end}
        rows = []
        for m in SELFTEST_LINE.finditer(out):
            swpout, fallback = int(m[2]), int(m[3])
            rows.append({"iteration": int(m[1]), "swpout": swpout, "swpout_fallback": fallback,
                         "fallback_pct": 100.0 * fallback / (swpout + fallback) if swpout + fallback else 0.0})
        record["iterations"] = rows
        record["zram_mm_stat"] = _read(ZRAM / "mm_stat")
    return record


# ---------------------------------------------------------------- static metadata at swapon


def static_metadata(sizes_mib=(1024, 4096, 16384, 65536)) -> dict:
    """Memory the kernel takes at swapon (VmallocUsed, Slab, MemFree deltas) for zram devices of
    several sizes; the model's static bytes per provisioned slot predict VmallocUsed / slots."""
    rows = []
    record = provenance(sizes_mib=list(sizes_mib), device="zram0 (lzo)")
    for size in sizes_mib:
        with live_session() as knobs:
            device = knobs.zram(size, "lzo")
            _run("mkswap", str(device))
            time.sleep(0.5)
            state = clock_start()
            before = _meminfo()
            knobs.swapon(device, mkswap=False)
            time.sleep(0.5)
            after = _meminfo()
            slots = size * PAGES_PER_MIB
            rows.append({"size_mib": size, "slots": slots,
                         **{f"delta_{k}": after[k] - before[k] for k in ("VmallocUsed", "Slab", "SUnreclaim", "Percpu")},
                         "delta_MemFree": before["MemFree"] - after["MemFree"],
                         "vmalloc_bytes_per_slot": (after["VmallocUsed"] - before["VmallocUsed"]) / slots,
                         "loadavg_at_start": state["loadavg"], "zswap_at_start": state["zswap"]})
    record["rows"] = rows
    return record


# ---------------------------------------------------------------- zswap per-entry metadata

_ZSWAP_CHILD = textwrap.dedent("""
    import mmap, os, sys
    import numpy as np
    cg, n_pages, random_bytes, seed, page_size = sys.argv[1], *map(int, sys.argv[2:6])
    open(cg + "/tasks", "w").write(str(os.getpid()))
    rng = np.random.default_rng(seed)
    m = mmap.mmap(-1, n_pages * page_size, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    page = bytearray(page_size)
    for p in range(n_pages):
        page[:random_bytes] = rng.bytes(random_bytes)
        m[p * page_size:(p + 1) * page_size] = page
    print("ready", flush=True)
    sys.stdin.readline()
""")


def _slab_objects(cache: str) -> int:
    for line in Path("/proc/slabinfo").read_text().splitlines()[2:]:
        fields = line.split()
        if fields[0] == cache:
            return int(fields[1])
    return 0


def _zswap_stat(name: str) -> int:
    return int(_read(DEBUGFS / "zswap" / name))


def zswap_entries(n_pages: int = 65536, random_bytes: int = 1024, limit_mib: int = 32, backing_mib: int = 1024,
                  seed: int = 1) -> dict:
    """Store `n_pages` pages (each `random_bytes` random bytes then zeros) in zswap by pushing a
    process over a swapmodel-zswap memory cgroup limit; measure Slab, radix_tree_node and pool
    deltas per stored page. Enables zswap: large-folio swap-in stays off until reboot."""
    with live_session() as knobs:
        knobs.mount_debugfs()
        knobs.swapon(knobs.zram(backing_mib, "lzo"))
        knobs.write(ZSWAP_PARAMS / "compressor", "lzo")
        record = provenance(n_pages=n_pages, random_bytes_per_page=random_bytes, memcg_limit_mib=limit_mib,
                            backing="zram0 (lzo)", zswap_compressor="lzo", seed=seed)
        knobs.write(ZSWAP_PARAMS / "enabled", "Y")
        cg = knobs.memcg("swapmodel-zswap")
        _write(cg / "memory.limit_in_bytes", str(limit_mib * MIB_BYTES))
        record["clock_start"] = clock_start(device="/dev/zram0")
        before = {"meminfo": _meminfo(), "radix_tree_node": _slab_objects("radix_tree_node"),
                  "stored_pages": _zswap_stat("stored_pages"), "pool_total_size": _zswap_stat("pool_total_size")}
        child = subprocess.Popen([sys.executable, "-c", _ZSWAP_CHILD, str(cg), str(n_pages), str(random_bytes), str(seed), str(PAGE)],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        try:
            if child.stdout.readline().strip() != "ready":
                raise RuntimeError("the zswap workload process did not start")
            time.sleep(1.0)
            after = {"meminfo": _meminfo(), "radix_tree_node": _slab_objects("radix_tree_node"),
                     "stored_pages": _zswap_stat("stored_pages"), "pool_total_size": _zswap_stat("pool_total_size")}
            record["zswap_debugfs"] = {f.name: int(_read(f)) for f in (DEBUGFS / "zswap").iterdir() if f.is_file()}
        finally:
            child.communicate("\n", timeout=60)
        stored = after["stored_pages"] - before["stored_pages"]
        mi_b, mi_a = before["meminfo"], after["meminfo"]
        record["result"] = {
            "stored_pages": stored,
            "pool_bytes": after["pool_total_size"] - before["pool_total_size"],
            "pool_bytes_per_stored_page": (after["pool_total_size"] - before["pool_total_size"]) / max(stored, 1),
            "slab_bytes_per_stored_page": (mi_a["Slab"] - mi_b["Slab"]) / max(stored, 1),
            "sunreclaim_bytes_per_stored_page": (mi_a["SUnreclaim"] - mi_b["SUnreclaim"]) / max(stored, 1),
            "radix_tree_nodes_per_stored_page": (after["radix_tree_node"] - before["radix_tree_node"]) / max(stored, 1),
            "zswap_meminfo_bytes": mi_a.get("Zswap", 0), "zswapped_meminfo_bytes": mi_a.get("Zswapped", 0),
        }
    record["zswap_enabled_after_run"] = "large-folio swap-in disabled until reboot"
    return record
