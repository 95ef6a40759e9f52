"""Published fragmentation runs (data/published/fragmentation_t1.toml, table T1): per-iteration
swpout / swpout_fallback of Barry Song's thp_swap_allocator_test as printed in the postings."""

from __future__ import annotations

from pathlib import Path

from swapmodel.base import paths
from swapmodel.base.errors import ParameterError
from swapmodel.sources.files import read_toml

T1_FILE = paths.PUBLISHED / "fragmentation_t1.toml"
_RUN_KEYS = {"flags", "source", "note", "iterations", "nonzero", "all_fallback_pct", "total_iterations"}


def published_t1(path: Path = T1_FILE) -> dict[str, dict]:
    """Table T1 keyed by its flags joined by spaces ('', '-s', '-a', '-a -s', 'mthp-swapin'); each
    row list holds (iteration, swpout, swpout_fallback) triples of whole non-negative numbers."""
    raw = read_toml(path)
    out = {}
    for i, run in enumerate(raw.get("run", [])):
        where = f"{Path(path).name}: run {i}"
        extra = sorted(set(run) - _RUN_KEYS)
        if extra:
            raise ParameterError(f"{where}: unknown key(s) {extra}; allowed: {sorted(_RUN_KEYS)}")
        if not isinstance(run.get("flags"), list) or not run.get("source"):
            raise ParameterError(f"{where}: needs flags (a list) and source (a URL)")
        for key in ("iterations", "nonzero"):
            for row in run.get(key, []):
                if (not isinstance(row, list) or len(row) != 3
                        or any(isinstance(x, bool) or not isinstance(x, int) or x < 0 for x in row)):
                    raise ParameterError(f"{where}: {key} rows must be [iteration, swpout, swpout_fallback], "
                                         f"whole numbers >= 0; got {row!r}")
        out[" ".join(run["flags"])] = run
    return out
