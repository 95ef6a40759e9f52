"""The memory guard: a run that allocates in proportion to its parameters estimates its peak
first and is refused, with a one-line error, when the estimate exceeds the memory available.

The limit is MemAvailable from /proc/meminfo, or SWAPMODEL_MEMORY_LIMIT_MIB when set (smaller or
larger: a user who knows better may raise it).
"""

from __future__ import annotations

import os
from pathlib import Path

from swapmodel.base.errors import ParameterError
from swapmodel.base.geometry import MIB_BYTES

LIMIT_ENV = "SWAPMODEL_MEMORY_LIMIT_MIB"


def available_bytes(meminfo: Path = Path("/proc/meminfo")) -> int:
    """The memory a run may use: SWAPMODEL_MEMORY_LIMIT_MIB if set, else MemAvailable."""
    limit = os.environ.get(LIMIT_ENV)
    if limit is not None:
        try:
            mib = float(limit)
        except ValueError:
            mib = float("nan")
        if not mib > 0 or mib == float("inf"):
            raise ParameterError(f"{LIMIT_ENV}={limit!r} must be a positive number of MiB")
        return int(mib * MIB_BYTES)
    for line in meminfo.read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) * 1024
    raise ParameterError(f"{meminfo}: no MemAvailable line; set {LIMIT_ENV}")


def check_memory(what: str, estimate_bytes: int) -> int:
    """Return `estimate_bytes`, or raise ParameterError when it exceeds `available_bytes()`."""
    have = available_bytes()
    if estimate_bytes > have:
        raise ParameterError(
            f"{what}: this run needs an estimated {estimate_bytes / MIB_BYTES:,.0f} MiB, more than the "
            f"{have / MIB_BYTES:,.0f} MiB available; allowed: at most {have / MIB_BYTES:,.0f} MiB "
            f"(smaller parameters, or set {LIMIT_ENV})")
    return estimate_bytes
