"""A run's temporary folder, and the notebook as papermill sees it.

Every temporary of a report run (the .ipynb papermill executes, its output, the kernel's connection
file and sockets) lives in one folder, /tmp/swapmodel-report-PID-XXXX, removed on every exit path
(SIGTERM unwinds like Ctrl-C while it exists). A run killed with SIGKILL cannot remove its own: the
next run removes every such folder whose process is gone.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import tempfile
from pathlib import Path

PREFIX = "swapmodel-report-"
_OWN = re.compile(rf"^{PREFIX}(\d+)-")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def remove_dead_workspaces(root: Path | None = None) -> list[Path]:
    """Remove the workspaces of report runs whose process no longer exists; return them."""
    root = Path(root or tempfile.gettempdir())
    gone = []
    for p in sorted(root.glob(f"{PREFIX}*")):
        m = _OWN.match(p.name)
        if m and p.is_dir() and not _alive(int(m.group(1))):
            shutil.rmtree(p, ignore_errors=True)
            gone.append(p)
    return gone


def _raise_sigterm(signum, frame):
    raise SystemExit(128 + signum)


@contextlib.contextmanager
def workspace():
    """This run's temporary folder, also JUPYTER_RUNTIME_DIR's parent; removed on every exit path."""
    remove_dead_workspaces()
    old_env = os.environ.get("JUPYTER_RUNTIME_DIR")
    try:
        old_handler = signal.signal(signal.SIGTERM, _raise_sigterm)
    except ValueError:  # not the main thread: leave signals alone
        old_handler = None
    try:
        with tempfile.TemporaryDirectory(prefix=f"{PREFIX}{os.getpid()}-") as tmp:
            os.environ["JUPYTER_RUNTIME_DIR"] = str(Path(tmp) / "runtime")
            yield tmp
    finally:
        if old_env is None:
            os.environ.pop("JUPYTER_RUNTIME_DIR", None)
        else:
            os.environ["JUPYTER_RUNTIME_DIR"] = old_env
        if old_handler is not None:
            signal.signal(signal.SIGTERM, old_handler)


def as_ipynb(nb_path: Path, directory: str) -> Path:
    """The py:percent notebook as .ipynb in `directory`, with the python3 kernel and fixed cell ids
    (nbformat's random ids would make every build differ)."""
    import jupytext
    import nbformat

    nb = jupytext.read(nb_path)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"
    path = Path(directory) / "in.ipynb"
    nbformat.write(nb, path)
    return path


def inspect_parameters(nb_path: Path) -> dict:
    """Parameter names of a notebook's `parameters` cell, with papermill's inferred types,
    defaults and comments."""
    import papermill

    with workspace() as tmp:
        return papermill.inspect_notebook(str(as_ipynb(nb_path, tmp)))
