"""Kernel snapshots (data/kernel/<release>.json) and live measurement records
(data/kernel/live/<kind>-<release>-<time>.json): the only code that reads or writes their format."""

from __future__ import annotations

import json
from pathlib import Path

from swapmodel.base import paths
from swapmodel.base.errors import ParameterError
from swapmodel.base.io import atomic_write_text
from swapmodel.sources.files import read_json

SNAPSHOT_KEYS = ("kernel_release", "struct_sizes", "slab", "config")
LIVE_KINDS = ("churn", "compressibility", "disk-latency", "free", "latency", "selftest", "static", "swapoff", "zswap")
_LIVE_KEYS = {"churn": ("kernel_release", "settings", "iterations"), "static": ("kernel_release", "rows"),
              "selftest": ("kernel_release", "settings", "iterations", "zswap_enabled_since_boot_before_run"),
              "latency": ("kernel_release", "machine", "latency_ns", "curve"),
              "zswap": ("kernel_release", "settings", "result"),
              "compressibility": ("kernel_release", "settings", "runs"),
              "swapoff": ("kernel_release", "settings", "runs"),
              "free": ("kernel_release", "settings", "runs", "zswap_enabled_since_boot_before_run"),
              "disk-latency": ("kernel_release", "settings", "result")}


def _object(path: Path, what: str) -> dict:
    data = read_json(path, what)
    if not isinstance(data, dict):
        raise ParameterError(f"{what}={str(path)!r}: expected a JSON object")
    return data


def read_snapshot(path: Path) -> dict:
    """A kernel snapshot, checked for the keys every reader uses."""
    snap = _object(path, "snapshot")
    missing = [k for k in SNAPSHOT_KEYS if k not in snap]
    if missing:
        raise ParameterError(f"snapshot={str(path)!r} lacks the key(s) {missing}; "
                             "write a new one with `swapmodel kernel snapshot`")
    if not isinstance(snap["struct_sizes"], dict) or not isinstance(snap["slab"], dict):
        raise ParameterError(f"snapshot={str(path)!r}: struct_sizes and slab must be JSON objects")
    return snap


def write_snapshot(snapshot: dict, path: Path | None = None) -> Path:
    """Store `snapshot` as JSON under data/kernel/ (atomically)."""
    path = path or paths.KERNEL / f"{snapshot['kernel_release']}.json"
    return atomic_write_text(path, json.dumps(snapshot, indent=2, sort_keys=True) + "\n")


def load_live_records(kind: str, directory: Path = paths.LIVE) -> list[dict]:
    """Every recorded live run of `kind` (churn, static, zswap), oldest first, each checked for the
    keys its readers use."""
    if kind not in LIVE_KINDS:
        raise ParameterError(f"kind={kind!r}; choose one of: {', '.join(LIVE_KINDS)}")
    records = []
    for p in sorted(Path(directory).glob(f"{kind}-*.json")):
        rec = _object(p, "live record")
        missing = [k for k in _LIVE_KEYS[kind] if k not in rec]
        if missing:
            raise ParameterError(f"live record {p.name} lacks the key(s) {missing}")
        records.append(rec)
    return records


def write_live_record(kind: str, record: dict, directory: Path = paths.LIVE) -> Path:
    """Store a live record as <kind>-<release>-<time>.json (atomically)."""
    stamp = record["taken_at_utc"].replace(":", "").replace("-", "")
    return atomic_write_text(Path(directory) / f"{kind}-{record['kernel_release']}-{stamp}.json",
                             json.dumps(record, indent=1) + "\n")
