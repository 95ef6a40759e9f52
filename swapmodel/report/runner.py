"""Batch runner: execute each notebook with papermill and export HTML for reviewers.

Notebooks are jupytext py:percent files in notebooks/; each runs with its default parameters
(plus interactive=False and out_dir under reports/) or with parameters checked first against the
notebook's declarations (`swapmodel.report.parameters`). The HTML (code hidden) goes to reports/.

Hygiene: the notebook, the kernel's connection file and papermill's output live in one temporary
folder that is removed on every exit path (SIGTERM included); cell ids are fixed so that the same
inputs give byte-identical HTML; stale atomic-write temporaries of a killed run are removed first.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import tempfile
from pathlib import Path

from swapmodel.base import paths
from swapmodel.sources.questions import ANSWERS_FILE
from swapmodel.base.errors import ParameterError
from swapmodel.base.io import atomic_write_text
from swapmodel.report.parameters import check

EXECUTION_TIMEOUT_S = 900
TEMPLATES = Path(__file__).parent / "templates"


def notebooks() -> list[Path]:
    """The numbered notebooks, in order."""
    return sorted(paths.NOTEBOOKS.glob("[0-9][0-9]_*.py"))


def _as_ipynb(nb_path: Path, directory: str) -> Path:
    """The py:percent notebook as .ipynb in `directory`, with the python3 kernel."""
    import jupytext
    import nbformat

    nb = jupytext.read(nb_path)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"  # nbformat's random ids would make every build differ
    path = Path(directory) / "in.ipynb"
    nbformat.write(nb, path)
    return path


def inspect_parameters(nb_path: Path) -> dict:
    """Parameter names of a notebook's `parameters` cell, with papermill's inferred types,
    defaults and comments."""
    import papermill

    with _workspace() as tmp:
        return papermill.inspect_notebook(str(_as_ipynb(nb_path, tmp)))



def _ipc_kernel_manager(folder: Path):
    """A kernel manager that talks to the kernel over Unix sockets in `folder`, the run's temporary
    folder (the default TCP on localhost makes every kernel print a warning about unencrypted
    traffic; the default socket prefix is relative to the working directory, where a killed run
    would leave its sockets)."""
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import CaselessStrEnum, default

    class IPCKernelManager(AsyncKernelManager):
        transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)

        @default("ip")
        def _ip_default(self):
            return str(folder / "kernel-ipc")

    return IPCKernelManager


class NotebookError(RuntimeError):
    """A notebook failed while executing; the message is one line: notebook, cell, error."""


def _raise_sigterm(signum, frame):
    raise SystemExit(128 + signum)


@contextlib.contextmanager
def _workspace():
    """A temporary folder that also holds the kernel's connection file (JUPYTER_RUNTIME_DIR),
    removed on every exit path; SIGTERM unwinds like Ctrl-C while it exists."""
    old_env = os.environ.get("JUPYTER_RUNTIME_DIR")
    try:
        old_handler = signal.signal(signal.SIGTERM, _raise_sigterm)
    except ValueError:  # not the main thread: leave signals alone
        old_handler = None
    try:
        with tempfile.TemporaryDirectory(prefix="swapmodel-report-") as tmp:
            os.environ["JUPYTER_RUNTIME_DIR"] = str(Path(tmp) / "runtime")
            yield tmp
    finally:
        if old_env is None:
            os.environ.pop("JUPYTER_RUNTIME_DIR", None)
        else:
            os.environ["JUPYTER_RUNTIME_DIR"] = old_env
        if old_handler is not None:
            signal.signal(signal.SIGTERM, old_handler)


def remove_stale_temporaries(directory: Path) -> list[Path]:
    """Delete the hidden `.NAME.*.tmp` files and staging folders a killed run left under `directory`."""
    stale = sorted(Path(directory).rglob(".*.tmp"))
    for p in stale:
        if p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
        elif p.exists():
            p.unlink()
    return stale


def _replace_folder(new: Path, target: Path) -> None:
    """Put folder `new` where `target` is, by renames (the old folder is removed after)."""
    old = target.with_name(f".{target.name}.old.tmp")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.chmod(0o755)  # mkdtemp makes it private
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def execute(nb_path: Path, parameters: dict, html_path: Path | None, executed_path: Path | None = None,
            timeout_s: int = EXECUTION_TIMEOUT_S):
    """Run one notebook with `parameters` (checked first against its declarations); write its
    HTML (inputs hidden) atomically when asked. A failing cell raises NotebookError (one line)."""
    import nbformat
    import papermill

    check(nb_path, parameters)
    with _workspace() as tmp:
        src, out = _as_ipynb(nb_path, tmp), Path(tmp) / "out.ipynb"
        try:
            papermill.execute_notebook(
                str(src), str(out), parameters=parameters, kernel_name="python3", cwd=str(paths.NOTEBOOKS),
                progress_bar=False, execution_timeout=timeout_s, log_output=False,
                kernel_manager_class=_ipc_kernel_manager(Path(tmp)),
            )
        except papermill.PapermillExecutionError as e:
            raise NotebookError(f"{nb_path.stem}: cell {e.exec_count} failed: {e.ename}: "
                                f"{str(e.evalue).splitlines()[0] if e.evalue else ''}") from None
        executed = nbformat.read(out, as_version=4)
    for i, cell in enumerate(executed.cells):
        cell["id"] = f"cell-{i}"  # papermill gives its injected-parameters cell a random id
    if executed_path is not None:
        atomic_write_text(executed_path, nbformat.writes(executed))
    if html_path is not None:
        atomic_write_text(html_path, render_html(nb_path, executed, parameters))
    return executed


def _declared_parameters(nb_path: Path, executed) -> dict:
    """Every parameter the run used: the declared defaults with papermill's injected values."""
    values = {name: p["default"] for name, p in inspect_parameters(nb_path).items()}
    values.update(executed.metadata.get("papermill", {}).get("parameters", {}))
    return values


def _without_explore(nb):
    """The notebook without its closing '## Explore' section (widgets only; empty in batch runs)."""
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and cell.source.lstrip().startswith("## Explore"):
            nb.cells = nb.cells[:i]
            break
    return nb


def render_html(nb_path: Path, executed, parameters: dict) -> str:
    """The executed notebook as the reviewer's page: code hidden, titled after the notebook, its
    findings first and its provenance last, nothing loaded from the network."""
    import copy

    import nbformat
    from nbconvert import HTMLExporter

    from swapmodel.report import html as page
    from swapmodel.sources.questions import load_questions, read_answers

    questions = load_questions()
    answers_path = Path(parameters.get("out_dir") or "") / ANSWERS_FILE
    answers = ([a.__dict__ for a in read_answers(answers_path, questions)]
               if parameters.get("out_dir") and answers_path.exists() else [])
    used = _declared_parameters(nb_path, executed)
    executed = copy.deepcopy(executed)
    if not used.get("interactive", False):
        executed = _without_explore(executed)
    findings = page.findings_block(answers, questions)
    if findings:  # right after the title cell: what the report found, before how
        # a markdown cell, as HTML: hidden inputs hide raw cells too
        cell = nbformat.v4.new_markdown_cell(findings)
        cell["id"] = "findings"  # a fixed id: nbformat's random one would make every build differ
        executed.cells.insert(1, cell)
    exporter = HTMLExporter(template_name="reviewer", extra_template_basedirs=[str(TEMPLATES)],
                            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    resources = {"metadata": {"name": _title(nb_path)}, "swapmodel_css": page.CSS,
                 "swapmodel_footer": page.provenance_block(nb_path, used)}
    body, _ = exporter.from_notebook_node(executed, resources=resources)
    return page.tidy(body)


def _title(nb_path: Path) -> str:
    for line in nb_path.read_text().splitlines():
        if line.startswith("# # "):
            return line[4:].strip()
    return nb_path.stem


def build_reports(only=None, out_dir: Path = paths.REPORTS, parameters: dict | None = None,
                  executor: str | None = None) -> list[Path]:
    """Execute every notebook (or those whose stem is in `only`) with defaults, or one notebook
    with `parameters` (checked before anything executes); write HTML, figures, tables and
    answers under `out_dir`. `executor` (serial, local, or a dask scheduler address) goes to every
    notebook that declares an `executor` parameter, where its heavy sweeps run."""
    chosen = [p for p in notebooks() if not only or p.stem in only]
    if only and len(chosen) != len(set(only)):
        raise ParameterError(f"notebook: choose from {', '.join(p.stem for p in notebooks())}")
    parameters = dict(parameters or {})
    if parameters and len(chosen) != 1:
        raise ParameterError("-p: parameters need exactly one --notebook")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(out_dir)
    written = []
    from swapmodel.analysis.sweep import progress, watching

    for nb_path in progress(chosen, len(chosen), "reports"):
        html_path = out_dir / f"{nb_path.stem}.html"
        if not watching():
            print(f"executing {nb_path.name} -> {html_path}", flush=True)
        extra = {"executor": executor} if executor and "executor" in inspect_parameters(nb_path) else {}
        # figures, tables and answers go to a staging folder that replaces the notebook's folder
        # only when the run succeeds: no file of an older version survives, none is half-written
        staging = Path(tempfile.mkdtemp(prefix=f".{nb_path.stem}.", suffix=".tmp", dir=out_dir))
        try:
            execute(nb_path, {"interactive": False, "out_dir": str(staging), **extra, **parameters}, html_path,
                    executed_path=out_dir / "executed" / f"{nb_path.stem}.ipynb")
            _replace_folder(staging, out_dir / nb_path.stem)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        written.append(html_path)
    write_index(out_dir)
    return written


def write_index(out_dir: Path = paths.REPORTS) -> Path:
    """reports/index.html: the findings page, from the answers the executed notebooks wrote."""
    from swapmodel.report.html import index_page
    from swapmodel.sources.questions import merged_answers

    titles = {p.stem: _title(p) for p in notebooks() if (out_dir / f"{p.stem}.html").exists()}
    return atomic_write_text(out_dir / "index.html", index_page(merged_answers(out_dir), titles))
