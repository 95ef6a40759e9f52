"""What was resident when the clock started (issue 19 section 1): read-only readers of /proc and
/sys that every live harness calls just before its timed step, the checks that refuse a run whose
state is wrong for what it measures, and one-line errors for a kernel knob that answers EBUSY.

State carried from one step into the timed one, and where it is read:
- the swap cache: /proc/meminfo SwapCached. A folio still cached makes a swap-in a cache hit and
  makes the free of its entry free the folio too (free_swap_and_cache_nr(), mm/swapfile.c v6.18);
- swap in use: /proc/meminfo SwapTotal - SwapFree, and the device's Used column of /proc/swaps;
- the page cache: /proc/meminfo Cached;
- the workload: /proc/<pid>/status VmRSS, RssAnon, VmSwap, and its nice value (/proc/<pid>/stat
  field 19, proc(5));
- zswap: /sys/module/zswap/parameters/enabled now, whether it was ever enabled since boot (its
  slab cache and debugfs directory exist only after zswap_setup(), which 6.18 defers to the first
  enable; a kernel built with CONFIG_ZSWAP_DEFAULT_ON never counts as never enabled:
  zswap_never_enabled(), mm/zswap.c v6.18), and /sys/kernel/debug/zswap's counters when debugfs
  is mounted and readable (never mounted here);
- THP: the top-level `enabled` file and every hugepages-<size>kB/enabled;
- /proc/loadavg.
Every reader takes the /proc and /sys roots, so tests run them on fake trees.
"""

from __future__ import annotations

import errno
import gzip
from pathlib import Path

PROC = Path("/proc")
SYS = Path("/sys")

MEMINFO_KEYS = ("SwapCached", "SwapTotal", "SwapFree", "Cached", "Writeback", "AnonPages", "MemAvailable")
STATUS_KEYS = ("VmRSS", "RssAnon", "VmSwap")


class StateRefused(RuntimeError):
    """The state the timed step depends on was wrong for what it measures: the run is not recorded."""


class KnobBusy(OSError):
    """A kernel file refused a write with EBUSY; the message names the file and what to do."""


BUSY_HINTS = {
    "comp_algorithm": "zram0 is already initialised: swapoff /dev/zram0, write 1 to /sys/block/zram0/reset "
                      "(or run `swapmodel kernel restore`), then retry",
    "disksize": "zram0 is already initialised: swapoff /dev/zram0, write 1 to /sys/block/zram0/reset "
                "(or run `swapmodel kernel restore`), then retry",
    "reset": "zram0 is still open (swap on it, or another user): swapoff /dev/zram0 first, then reset",
    "memory.limit_in_bytes": "reclaim could not bring the group's usage below the new limit; "
                             "raise the limit or let the group's tasks exit",
}


def busy_error(path: Path) -> KnobBusy:
    """The one-line EBUSY error for a write to `path`."""
    hint = BUSY_HINTS.get(Path(path).name, "the kernel object is in use; stop its user, then retry")
    return KnobBusy(errno.EBUSY, f"{path}: device or resource busy (EBUSY): {hint}")


def write_knob(path: Path, value: str) -> None:
    """Write a kernel file; EBUSY becomes a KnobBusy naming the file and what to do."""
    try:
        with open(path, "w") as f:
            f.write(value)
    except OSError as e:
        if e.errno == errno.EBUSY:
            raise busy_error(path) from None
        raise


def meminfo_kib(proc: Path = PROC) -> dict[str, int]:
    """/proc/meminfo, every field in kB (HugePages_* are page counts, kept as they are)."""
    out = {}
    for line in (Path(proc) / "meminfo").read_text().splitlines():
        key, _, value = line.partition(":")
        if value.split():
            out[key] = int(value.split()[0])
    return out


def status_kib(pid: int | str, proc: Path = PROC) -> dict[str, int]:
    """VmRSS, RssAnon and VmSwap (kB) of a process, from /proc/<pid>/status."""
    out = {}
    for line in (Path(proc) / str(pid) / "status").read_text().splitlines():
        key = line.split(":")[0]
        if key in STATUS_KEYS:
            out[key] = int(line.split()[1])
    return out


def nice_of(pid: int | str, proc: Path = PROC) -> int:
    """The nice value of a process: field 19 of /proc/<pid>/stat (proc(5)), read past the command
    name, which may hold spaces and parentheses."""
    stat = (Path(proc) / str(pid) / "stat").read_text()
    return int(stat[stat.rindex(")") + 2:].split()[16])


def device_used_kib(device: str, proc: Path = PROC) -> int | None:
    """The Used column (kB) of `device` in /proc/swaps; None when it is not active."""
    for line in (Path(proc) / "swaps").read_text().splitlines()[1:]:
        fields = line.split()
        if fields and fields[0] == str(device):
            return int(fields[3])
    return None


def _selected(text: str) -> str:
    return text[text.index("[") + 1: text.index("]")] if "[" in text else text.strip()


def thp_enabled(sys: Path = SYS) -> dict[str, str]:
    """The selected choice of THP's top-level `enabled` and of every hugepages-<size>kB/enabled."""
    root = Path(sys) / "kernel/mm/transparent_hugepage"
    out = {}
    if (root / "enabled").exists():
        out["enabled"] = _selected((root / "enabled").read_text())
    for d in sorted(root.glob("hugepages-*kB"), key=lambda p: int(p.name[10:-2])):
        if (d / "enabled").exists():
            out[d.name] = _selected((d / "enabled").read_text())
    return out


def thp_effective(thp: dict[str, str], size: str) -> str:
    """What a hugepages-<size>kB/enabled of 'inherit' resolves to (the top-level choice)."""
    choice = thp.get(size, "never")
    return thp.get("enabled", "never") if choice == "inherit" else choice


def _exists(path: Path) -> bool:
    """Whether `path` exists; a directory we may not read (debugfs as a user) counts as unknown: False."""
    try:
        return path.exists()
    except OSError:
        return False


def _config_default_on(proc: Path) -> bool:
    path = Path(proc) / "config.gz"
    if not path.exists():
        return False
    return "CONFIG_ZSWAP_DEFAULT_ON=y" in gzip.decompress(path.read_bytes()).decode().splitlines()


def zswap_state(sys: Path = SYS, proc: Path = PROC) -> dict:
    """zswap's `enabled` parameter now, whether zswap was ever enabled since boot (the parameter,
    its zswap_entry slab cache, its debugfs directory, CONFIG_ZSWAP_DEFAULT_ON), and the debugfs
    counters (stored_pages, pool_total_size, written_back_pages, ...) when they can be read."""
    sys = Path(sys)
    param = sys / "module/zswap/parameters/enabled"
    enabled = param.read_text().strip() if param.exists() else None
    debugfs = sys / "kernel/debug/zswap"
    try:
        counters = {f.name: int(f.read_text()) for f in sorted(debugfs.iterdir()) if f.is_file()}
    except (OSError, ValueError):
        counters = None
    ever = (enabled == "Y" or _exists(sys / "kernel/slab/zswap_entry") or _exists(debugfs)
            or _config_default_on(proc))
    return {"enabled": enabled, "ever_enabled": ever, "debugfs": counters}


def clock_start(pid: int | None = None, device: str | None = None, proc: Path = PROC, sys: Path = SYS) -> dict:
    """What was resident when the clock started: the swap cache, swap in use, the page cache, the
    workload's memory and nice value, zswap, the THP choices and the load."""
    mi = meminfo_kib(proc)
    state = {"swap_cached_kib": mi.get("SwapCached", 0), "swap_total_kib": mi.get("SwapTotal", 0),
             "swap_free_kib": mi.get("SwapFree", 0),
             "swap_used_kib": mi.get("SwapTotal", 0) - mi.get("SwapFree", 0),
             "page_cache_kib": mi.get("Cached", 0), "writeback_kib": mi.get("Writeback", 0),
             "loadavg": (Path(proc) / "loadavg").read_text().strip(),
             "zswap": zswap_state(sys, proc), "thp": thp_enabled(sys)}
    if device is not None:
        state["device_used_kib"] = device_used_kib(device, proc)
    if pid is not None:
        status = status_kib(pid, proc)
        state.update({"workload_vmrss_kib": status.get("VmRSS"), "workload_rssanon_kib": status.get("RssAnon"),
                      "workload_vmswap_kib": status.get("VmSwap"), "workload_nice": nice_of(pid, proc)})
    return state


def refuse_zswap_enabled(state: dict, what: str) -> None:
    """Refuse a zram measurement while zswap is enabled: the pages would be stored in zswap first."""
    if state["zswap"]["enabled"] == "Y":
        raise StateRefused(f"{what}: zswap enabled=Y (limit: N): pages would go to zswap, not zram; "
                           "write N to /sys/module/zswap/parameters/enabled; run refused")


def refuse_swap_cache(state: dict, swapped_kib: float, limit_kib: float, what: str) -> None:
    """Refuse a run whose swap cache holds more than `limit_kib` of the `swapped_kib` swapped."""
    if state["swap_cached_kib"] > limit_kib:
        raise StateRefused(f"{what}: SwapCached {state['swap_cached_kib']} kB of {swapped_kib:.0f} kB swapped "
                           f"(limit {limit_kib:.0f} kB) when the clock was to start; run refused")
