"""Reader of data/published/benchmarks.toml: published benchmark comparisons with their means and
spreads (or per-run values), each arm reduced to (mean, spread, runs)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from swapmodel.base import paths
from swapmodel.base.errors import ParameterError
from swapmodel.sources.files import number, read_toml

BENCHMARKS_FILE = paths.PUBLISHED / "benchmarks.toml"
MEASUREMENTS_FILE = paths.PUBLISHED / "measurements.toml"
_KEYS = {"id", "who", "date", "url", "benchmark", "metric", "unit", "runs", "baseline", "new", "claim",
         "measurement", "workload_gib", "memory_gib", "processes"}


@dataclass(frozen=True)
class Arm:
    label: str
    mean: float
    spread: float
    runs: int
    from_values: bool
    """True: mean and sample standard deviation computed here from the published per-run values."""


@dataclass(frozen=True)
class Comparison:
    id: str
    who: str
    date: str
    url: str
    benchmark: str
    metric: str
    unit: str
    baseline: Arm
    new: Arm
    claim: str
    measurement: str
    workload_gib: float | None = None
    """Memory the benchmark touches, where the posting states it (GiB)."""
    memory_gib: float | None = None
    """Memory of the machine or cgroup it ran in, where the posting states it (GiB)."""
    processes: int = 1
    """Processes that each touch and free an equal share of `workload_gib` (usemem -n N); usemem
    times each process's own munmap (timing_free), so a posted free time is per process."""


def _arm(raw, runs: int, where: str) -> Arm:
    if not isinstance(raw, dict) or "label" not in raw:
        raise ParameterError(f"{where}: an arm is a table with a label and mean/spread or values")
    if "values" in raw:
        values = raw["values"]
        if not isinstance(values, list) or len(values) < 2:
            raise ParameterError(f"{where}: values must list at least 2 runs")
        v = np.array([number(where, "values", x, -1e18, 1e18) for x in values])
        return Arm(raw["label"], float(v.mean()), float(v.std(ddof=1)), len(v), True)
    return Arm(raw["label"], number(where, "mean", raw.get("mean"), -1e18, 1e18),
               number(where, "spread", raw.get("spread"), 0, 1e18, low_open=True), runs, False)


def load_benchmarks(path: Path = BENCHMARKS_FILE) -> list[Comparison]:
    """Every comparison, checked; ids are unique."""
    out, seen = [], set()
    for i, c in enumerate(read_toml(path).get("comparison", [])):
        where = f"{Path(path).name}: comparison {c.get('id', i + 1)!r}"
        extra = sorted(set(c) - _KEYS)
        if extra:
            raise ParameterError(f"{where}: unknown key(s) {extra}; allowed: {sorted(_KEYS)}")
        for key in ("id", "who", "date", "url", "benchmark", "metric", "unit", "claim"):
            if not isinstance(c.get(key), str) or not c[key]:
                raise ParameterError(f"{where}: {key} is required (text)")
        if c["id"] in seen:
            raise ParameterError(f"{where}: id appears twice")
        seen.add(c["id"])
        runs = int(number(where, "runs", c.get("runs"), 2, 1e6, integer=True))
        out.append(Comparison(c["id"], c["who"], c["date"], c["url"], c["benchmark"], c["metric"], c["unit"],
                              _arm(c.get("baseline"), runs, f"{where}, baseline"), _arm(c.get("new"), runs, f"{where}, new"),
                              c["claim"], c.get("measurement", ""),
                              *(number(where, key, c[key], 0, 1e9, low_open=True) if key in c else None
                                for key in ("workload_gib", "memory_gib")),
                              int(number(where, "processes", c.get("processes", 1), 1, 1e6, integer=True))))
    return out


def load_measurements(path: Path = MEASUREMENTS_FILE) -> dict[str, dict]:
    """Single published measurements by name, each with its url and numbers checked."""
    out = {}
    for name, table in read_toml(path).items():
        where = f"{Path(path).name}: {name}"
        if not isinstance(table, dict) or not str(table.get("url", "")).startswith("http"):
            raise ParameterError(f"{where}: needs a url")
        out[name] = {k: (v if k == "url" else number(where, k, v, 0, 1e18)) for k, v in table.items()}
    return out
