"""Parameter sweeps over any executor: serial `map`, a concurrent.futures executor, or
dask.distributed's `Client.get_executor()`. Every grid point carries its own seed, so a result does
not depend on which worker ran it (NumPy SeedSequence inside each run).

`executor_from(spec)` turns a notebook parameter or a command-line flag into an executor:
"serial", "local" (a dask LocalCluster on this machine) or a scheduler address ("tcp://host:8786").
A progress bar shows while a person watches (stderr a terminal, not CI); never in a report."""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Any, Callable

from swapmodel.base.errors import ParameterError


def watching() -> bool:
    """A person is watching this process's progress: stderr is a terminal and this is not CI."""
    return sys.stderr.isatty() and not os.environ.get("CI")


def progress(iterable, total: int | None = None, desc: str = ""):
    """`iterable` with a tqdm bar on stderr when a person is watching, else unchanged."""
    if not watching():
        return iterable
    from tqdm import tqdm

    return tqdm(iterable, total=total, desc=desc, leave=False)


def sweep(fn: Callable[..., Any], grid: list[dict], executor=None) -> list:
    """fn(**point) for every point of `grid`, in grid order, on `executor` (serial when None)."""
    points = list(grid)
    name = getattr(fn, "__name__", "sweep").strip("_")
    if executor is None:
        return [fn(**p) for p in progress(points, len(points), name)]
    futures = [executor.submit(fn, **p) for p in points]
    return [f.result() for f in progress(futures, len(futures), name)]


def check_executor(spec) -> str:
    """`spec` if it names an executor (serial, local, or a scheduler address); else a one-line error."""
    if not isinstance(spec, str) or (spec not in ("", "serial", "local")
                                     and not spec.startswith(("tcp://", "tls://", "ws://"))):
        raise ParameterError(f"executor={str(spec)[:80]!r}; choose serial, local or a scheduler address like "
                             "tcp://host:8786")
    return spec


@contextlib.contextmanager
def executor_from(spec: str = "serial", workers: int | None = None):
    """The executor `spec` names, closed on exit: None for "serial", a dask LocalCluster's for
    "local" (`workers` processes, default the CPU count), a running scheduler's for "tcp://...". """
    if check_executor(spec) in ("", "serial"):
        yield None
        return
    import distributed

    if spec == "local":
        n = workers or os.cpu_count() or 1
        with distributed.LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                      dashboard_address=None) as cluster, distributed.Client(cluster) as client:
            yield client.get_executor()
    else:
        with distributed.Client(spec) as client:
            yield client.get_executor()
