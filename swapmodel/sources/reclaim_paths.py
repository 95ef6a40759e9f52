"""Reader of data/published/reclaim_paths.toml: the metadata each design allocates inside reclaim
(object, bytes, GFP flags, accounting, failure path, source), other code readings as rules, Nhat
Pham's posted reclaim counters, and this machine's zone watermarks (questions 7.1-7.6)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from swapmodel.base import paths
from swapmodel.base.errors import ParameterError
from swapmodel.sources.files import number, read_toml

RECLAIM_PATHS_FILE = paths.PUBLISHED / "reclaim_paths.toml"
STATUSES = ("read", "assumed")
LAYERS = ("virtual", "physical")
_TOP_KEYS = {"allocation", "rule", "reclaim_stat", "zoneinfo"}
_ALLOCATION_KEYS = {"design", "layer", "object", "bytes", "order", "per_clusters", "gfp", "high", "nonblock",
                    "nomemalloc", "account", "failure", "source", "status", "note"}
_RULE_KEYS = {"id", "design", "rule", "value", "source", "status", "note"}
_STAT_KEYS = {"workload", "url", "runs_assumed", "counters", "sys_s"}
_ZONEINFO_KEYS = {"kernel", "taken_at_utc", "source", "min_free_kbytes", "watermark_scale_factor", "mem_total_kib",
                  "zones"}


@dataclass(frozen=True)
class Allocation:
    """One metadata allocation a design makes when it opens a cluster on the swap-out path."""

    design: str
    layer: str
    object: str
    bytes: int
    order: int
    per_clusters: int
    gfp: str
    high: bool
    nonblock: bool
    nomemalloc: bool
    account: bool
    failure: str
    source: str
    status: str
    note: str = ""


@dataclass(frozen=True)
class Rule:
    id: str
    design: str
    rule: str
    value: str
    source: str
    status: str
    note: str = ""


@dataclass(frozen=True)
class Counter:
    """One posted counter of one arm: its mean and spread over the runs."""

    workload: str
    counter: str
    arm: str
    mean: float
    spread: float
    runs_assumed: int
    url: str


@dataclass(frozen=True)
class ReclaimPaths:
    allocations: tuple[Allocation, ...]
    rules: tuple[Rule, ...]
    counters: tuple[Counter, ...]
    sys_s: dict
    """{(workload, arm): (mean, spread)} system time of the same runs (s)."""
    zoneinfo: dict


def _check_keys(where: str, raw: dict, allowed: set[str], required: set[str]) -> None:
    if not isinstance(raw, dict):
        raise ParameterError(f"{where}: expected a table")
    extra = sorted(set(raw) - allowed)
    if extra:
        raise ParameterError(f"{where}: unknown key(s) {extra}; allowed: {sorted(allowed)}")
    missing = sorted(required - set(raw))
    if missing:
        raise ParameterError(f"{where}: missing key(s) {missing}")


def _text(where: str, raw: dict, key: str) -> str:
    v = raw.get(key)
    if not isinstance(v, str) or not v.strip():
        raise ParameterError(f"{where}: {key} must be a non-empty string")
    return v


def _flag(where: str, raw: dict, key: str) -> bool:
    v = raw.get(key)
    if not isinstance(v, bool):
        raise ParameterError(f"{where}: {key}={v!r} must be true or false")
    return v


def _whole(where: str, raw: dict, key: str, low: int) -> int:
    v = raw.get(key)
    if isinstance(v, bool) or not isinstance(v, int) or v < low:
        raise ParameterError(f"{where}: {key}={v!r} must be a whole number >= {low}")
    return v


def _status(where: str, raw: dict) -> str:
    s = raw.get("status")
    if s not in STATUSES:
        raise ParameterError(f"{where}: status={s!r}; choose one of: {', '.join(STATUSES)}")
    if s == "assumed" and not str(raw.get("note", "")).strip():
        raise ParameterError(f"{where}: an assumed entry needs a note saying what was assumed and why")
    return s


def load_reclaim_paths(path: Path = RECLAIM_PATHS_FILE) -> ReclaimPaths:
    """The whole file, every key and number checked (a bad one is a one-line ParameterError naming
    the file and the entry)."""
    path = Path(path)
    raw = read_toml(path)
    name = path.name
    extra = sorted(set(raw) - _TOP_KEYS)
    if extra:
        raise ParameterError(f"{name}: unknown key(s) {extra}; allowed: {sorted(_TOP_KEYS)}")
    allocations = []
    for i, a in enumerate(raw.get("allocation", [])):
        where = f"{name}: allocation {i}"
        _check_keys(where, a, _ALLOCATION_KEYS, _ALLOCATION_KEYS - {"note"})
        layer = a["layer"]
        if layer not in LAYERS:
            raise ParameterError(f"{where}: layer={layer!r}; choose one of: {', '.join(LAYERS)}")
        allocations.append(Allocation(
            design=_text(where, a, "design"), layer=layer, object=_text(where, a, "object"),
            bytes=_whole(where, a, "bytes", 1), order=_whole(where, a, "order", 0),
            per_clusters=_whole(where, a, "per_clusters", 1), gfp=_text(where, a, "gfp"),
            high=_flag(where, a, "high"), nonblock=_flag(where, a, "nonblock"),
            nomemalloc=_flag(where, a, "nomemalloc"), account=_flag(where, a, "account"),
            failure=_text(where, a, "failure"), source=_text(where, a, "source"), status=_status(where, a),
            note=str(a.get("note", ""))))
    rules = []
    for i, r in enumerate(raw.get("rule", [])):
        where = f"{name}: rule {r.get('id', i)!r}"
        _check_keys(where, r, _RULE_KEYS, _RULE_KEYS - {"note"})
        rules.append(Rule(*(_text(where, r, k) for k in ("id", "design", "rule", "value", "source")),
                          status=_status(where, r), note=str(r.get("note", ""))))
    if len({r.id for r in rules}) != len(rules):
        raise ParameterError(f"{name}: a rule id appears twice")
    counters, sys_s = [], {}
    for i, s in enumerate(raw.get("reclaim_stat", [])):
        where = f"{name}: reclaim_stat {i}"
        _check_keys(where, s, _STAT_KEYS, _STAT_KEYS)
        workload, url = _text(where, s, "workload"), _text(where, s, "url")
        runs = _whole(where, s, "runs_assumed", 2)
        for j, row in enumerate(s["counters"]):
            if not isinstance(row, list) or len(row) != 4 or not all(isinstance(x, str) for x in row[:2]):
                raise ParameterError(f"{where}: counters row {j} must be [counter, arm, mean, spread]")
            mean = number(f"{where}: counters row {j}", "mean", row[2])
            spread = number(f"{where}: counters row {j}", "spread", row[3])
            counters.append(Counter(workload, row[0], row[1], mean, spread, runs, url))
        for j, row in enumerate(s["sys_s"]):
            if not isinstance(row, list) or len(row) != 3 or not isinstance(row[0], str):
                raise ParameterError(f"{where}: sys_s row {j} must be [arm, mean, spread]")
            sys_s[(workload, row[0])] = (number(f"{where}: sys_s row {j}", "mean", row[1]),
                                         number(f"{where}: sys_s row {j}", "spread", row[2]))
    zi = raw.get("zoneinfo", {})
    where = f"{name}: zoneinfo"
    _check_keys(where, zi, _ZONEINFO_KEYS, _ZONEINFO_KEYS)
    for key in ("min_free_kbytes", "watermark_scale_factor", "mem_total_kib"):
        _whole(where, zi, key, 1)
    for j, z in enumerate(zi["zones"]):
        if (not isinstance(z, list) or len(z) != 5 or not isinstance(z[0], str)
                or any(isinstance(x, bool) or not isinstance(x, int) or x < 0 for x in z[1:])):
            raise ParameterError(f"{where}: zones row {j} must be [zone, managed, min, low, high], whole numbers")
    return ReclaimPaths(tuple(allocations), tuple(rules), tuple(counters), sys_s, dict(zi))
