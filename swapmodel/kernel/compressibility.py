"""Opt-in live measurement: how well the anonymous memory of real programs compresses in zram.

Each workload is a real program holding its working data in anonymous memory: a Python
interpreter's heap of records, an in-memory SQLite database with an index, GNU sort's line buffer
of log lines, and a control of random bytes. The program runs in a swapmodel-compress memory
cgroup; once it has built its data, the cgroup's limit is lowered so that reclaim pushes its pages
to a fresh zram device with the algorithm under test, and zram's `mm_stat` gives what they became:
bytes stored (orig_data_size), compressed bytes (compr_data_size), zsmalloc memory
(mem_used_total), same-filled pages and incompressible (huge) pages.
Documentation/admin-guide/blockdev/zram.rst (v6.18) defines the mm_stat columns.

zram only: zswap stays off, so large-folio swap-in is untouched. Every knob is restored on exit.

What was resident when mm_stat was read (issue 19 section 1): each run stores the state of
`swapmodel.kernel.state.clock_start` (SwapCached, swap in use, Cached, the workload's VmRSS /
RssAnon / VmSwap, zswap, THP, loadavg) and how far the limit was lowered (a write of
memory.limit_in_bytes that reclaim cannot meet answers EBUSY; the last limit that held is kept).
A run is refused (StateRefused) while zswap is enabled (the pages would be stored in zswap, not
zram) and when less than STORED_SHARE_MIN of the workload's anonymous memory (VmSwap + RssAnon) is
on the device: mm_stat would then describe the part reclaim picked, not the workload.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

from swapmodel.base.errors import ParameterError, check_choice
from swapmodel.base.geometry import MIB_BYTES, PAGE_SIZE_BYTES
from swapmodel.kernel.experiments import ZRAM, _read, _write, live_session, provenance
from swapmodel.kernel.state import KnobBusy, StateRefused, clock_start, refuse_zswap_enabled

MM_STAT = ("orig_data_size", "compr_data_size", "mem_used_total", "mem_limit", "mem_used_max", "same_pages",
           "pages_compacted", "huge_pages", "huge_pages_since")
"""Columns of /sys/block/zram0/mm_stat, in order (zram.rst, 6.18)."""

WORKLOADS = ("python-heap", "sqlite-memdb", "sort-buffer", "random-bytes")
STORED_SHARE_MIN = 0.5
"""A run is refused when less than this share of the workload's anonymous memory is on zram."""
DEVICE = "/dev/zram0"

_PYTHON_HEAP = textwrap.dedent("""
    import os, random, sys
    cg, mib, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    open(cg + "/tasks", "w").write(str(os.getpid()))
    rng = random.Random(seed)
    words = ["swap", "cluster", "folio", "entry", "slot", "memcg", "zswap", "zram", "table", "order", "page",
             "reclaim", "fault", "lru", "anon", "file", "dirty", "writeback", "shadow", "node"]
    records, size = [], 0
    while size < mib * 1048576:
        rec = {"id": len(records), "user": "user%06d" % rng.randrange(10**6),
               "text": " ".join(rng.choice(words) for _ in range(rng.randrange(3, 12))),
               "score": rng.random() * 1000, "tags": [rng.choice(words) for _ in range(3)],
               "counts": [rng.randrange(100) for _ in range(8)]}
        records.append(rec)
        size += 420
    print("ready", flush=True)
    sys.stdin.readline()
""")

_RANDOM_BYTES = textwrap.dedent("""
    import os, sys
    cg, mib = sys.argv[1], int(sys.argv[2])
    open(cg + "/tasks", "w").write(str(os.getpid()))
    data = os.urandom(mib * 1048576)
    print("ready", flush=True)
    sys.stdin.readline()
""")


def _sqlite_script(mib: int) -> str:
    rows = mib * 1048576 // 160  # about 160 B per row with its index entry
    return textwrap.dedent(f"""
        PRAGMA cache_size=-{4 * mib * 1024};
        CREATE TABLE orders(id INTEGER PRIMARY KEY, customer TEXT, city TEXT, amount REAL, status TEXT, note TEXT);
        WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {rows})
        INSERT INTO orders SELECT x, 'customer-' || (abs(random()) % 100000), 'city-' || (abs(random()) % 500),
          round(abs(random()) % 100000 / 100.0, 2), CASE abs(random()) % 3 WHEN 0 THEN 'shipped'
          WHEN 1 THEN 'pending' ELSE 'returned' END, substr(hex(randomblob(8)), 1, abs(random()) % 16) FROM c;
        CREATE INDEX orders_city ON orders(city, amount);
        .print ready
    """)


def _log_lines(mib: int, seed: int):
    """Lines like a web server's access log, about `mib` MiB in all."""
    import random

    rng = random.Random(seed)
    paths = ["/api/v1/items", "/api/v1/users", "/static/app.js", "/login", "/api/v2/search", "/metrics"]
    written = 0
    while written < mib * MIB_BYTES:
        line = (f"2026-11-{rng.randrange(1, 29):02d}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:"
                f"{rng.randrange(60):02d} host-{rng.randrange(64):02d} nginx[{rng.randrange(1, 32768)}]: "
                f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(256)} GET "
                f"{rng.choice(paths)}/{rng.randrange(10**6)} {rng.choice((200, 200, 200, 304, 404, 500))} "
                f"{rng.random():.3f}\n")
        written += len(line)
        yield line


def _start(workload: str, cg: Path, mib: int, seed: int) -> subprocess.Popen:
    """Start the workload in memcg `cg`, feed it its data, and return once it holds it."""
    join = f"echo $$ > {cg}/tasks; exec "
    if workload == "python-heap":
        child = subprocess.Popen([sys.executable, "-c", _PYTHON_HEAP, str(cg), str(mib), str(seed)],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    elif workload == "random-bytes":
        child = subprocess.Popen([sys.executable, "-c", _RANDOM_BYTES, str(cg), str(mib)],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    elif workload == "sqlite-memdb":
        child = subprocess.Popen(["sh", "-c", join + "sqlite3 :memory:"], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, text=True)
        child.stdin.write(_sqlite_script(mib))
        child.stdin.flush()
    else:  # sort-buffer: sort holds every line until its input ends, which we never send
        child = subprocess.Popen(["sh", "-c", join + f"sort -S {2 * mib}M"], stdin=subprocess.PIPE,
                                 stdout=subprocess.DEVNULL, text=True)
        for line in _log_lines(mib, seed):
            child.stdin.write(line)
        child.stdin.flush()
        time.sleep(2.0)
        return child
    if child.stdout.readline().strip() != "ready":
        raise RuntimeError(f"workload {workload} did not start")
    return child


def _mm_stat() -> dict:
    return dict(zip(MM_STAT, (int(v) for v in _read(ZRAM / "mm_stat").split())))


def derived(stat: dict) -> dict:
    """Per-page figures from one mm_stat: orig_data_size counts every stored page, same-filled ones
    included (pages_stored << PAGE_SHIFT); compr_data_size counts the compressed objects, an
    incompressible (huge) page as PAGE_SIZE (zram_drv.c, write_same_filled_page and zram_write_page)."""
    stored = stat["orig_data_size"] // PAGE_SIZE_BYTES
    compressed = stored - stat["same_pages"]
    return {"stored_pages": stored,
            "compression_ratio": compressed * PAGE_SIZE_BYTES / max(stat["compr_data_size"], 1),
            "mem_used_bytes_per_stored_page": stat["mem_used_total"] / max(stored, 1),
            "same_share": stat["same_pages"] / max(stored, 1),
            "huge_share": stat["huge_pages"] / max(stored, 1)}


def _push_out(cg: Path, limit_mib: int) -> dict:
    """Lower the memcg limit step by step so that reclaim moves the group's pages to swap; the
    target, the last limit that held and whether the target was reached. A write that reclaim
    cannot meet answers EBUSY (mem_cgroup_resize_max(), mm/memcontrol-v1.c v6.18): the group stays
    at the last limit that held; any other error is raised."""
    usage = int(_read(cg / "memory.usage_in_bytes"))
    target = limit_mib * MIB_BYTES
    step, held = usage, None
    while step > target:
        step = max(target, step // 2)
        try:
            _write(cg / "memory.limit_in_bytes", str(step))
        except KnobBusy:
            break
        held = step
    return {"limit_target_bytes": target, "limit_held_bytes": held, "limit_reached": usage <= target or (held is not None and held <= target),
            "usage_before_bytes": usage}


def stored_share(state: dict) -> float:
    """The share of the workload's anonymous memory on the device: VmSwap / (VmSwap + RssAnon)."""
    swapped, resident = state["workload_vmswap_kib"] or 0, state["workload_rssanon_kib"] or 0
    return swapped / (swapped + resident) if swapped + resident else 0.0


def check_state(state: dict, what: str) -> None:
    """Refuse a run while zswap is enabled or with less than STORED_SHARE_MIN of the workload stored."""
    refuse_zswap_enabled(state, what)
    share = stored_share(state)
    if share < STORED_SHARE_MIN:
        raise StateRefused(f"{what}: VmSwap {state['workload_vmswap_kib']} kB against RssAnon "
                           f"{state['workload_rssanon_kib']} kB, {share:.0%} of the workload stored (limit: at least "
                           f"{STORED_SHARE_MIN:.0%}) when mm_stat was read; lower limit_mib; run refused")


def measure(algorithms=("lzo-rle", "lzo", "lz4"), workloads=WORKLOADS, mib: int = 256, limit_mib: int = 16,
            seed: int = 1) -> dict:
    """mm_stat after pushing each workload's memory to a fresh zram device, per algorithm."""
    available = _read(ZRAM / "comp_algorithm").replace("[", "").replace("]", "").split()
    for a in algorithms:
        check_choice("algorithm", a, available)
    for w in workloads:
        check_choice("workload", w, WORKLOADS)
    if not 16 <= mib <= 4096:
        raise ParameterError(f"mib={mib} is outside the allowed range [16, 4096]")
    if not 1 <= limit_mib <= mib // 2:
        raise ParameterError(f"limit_mib={limit_mib} is outside the allowed range [1, mib // 2 = {mib // 2}]")
    refuse_zswap_enabled(clock_start(), "compressibility")
    runs = []
    with live_session() as knobs:
        record = provenance(algorithms=list(algorithms), workloads=list(workloads), workload_mib=mib,
                            memcg_limit_mib=limit_mib, zram_disksize_mib=4 * mib, seed=seed)
        for algorithm in algorithms:
            for workload in workloads:
                mark = len(knobs.undo)
                knobs.swapon(knobs.zram(4 * mib, algorithm))
                cg = knobs.memcg("swapmodel-compress")
                child = _start(workload, cg, mib, seed)
                try:
                    pushed = _push_out(cg, limit_mib)
                    time.sleep(0.5)
                    state = clock_start(child.pid, DEVICE)
                    stat = _mm_stat()
                    check_state(state, f"compressibility {algorithm} {workload}")
                finally:
                    child.kill()
                    child.wait(timeout=60)
                errors = knobs.undo_to(mark)  # swapoff, zram reset and rmdir before the next run
                if errors:
                    raise RuntimeError(f"restore left errors: {errors}")
                runs.append({"algorithm": algorithm, "workload": workload, **stat, **derived(stat), **pushed,
                             "stored_share": stored_share(state), "state_at_mm_stat": state})
        record["runs"] = runs
    return record
