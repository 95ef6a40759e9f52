"""Batch runner: execute each notebook with papermill and export HTML for reviewers.

Notebooks are jupytext py:percent files in notebooks/; each runs with its default parameters
(plus interactive=False and out_dir under reports/) or with parameters checked first against the
notebook's declarations (`swapmodel.report.parameters`). The HTML (code hidden) goes to reports/.

Hygiene. Everything is checked before the disk is touched: the notebooks, every parameter (those
the runner sets itself, out_dir, interactive and executor, are refused from -p), the executor and
the output folder. One run writes to an output folder at a time (a lock beside the reports; a second
run refuses, naming the first one's pid). A run stages every file it writes in one hidden folder,
`.swapmodel-run-PID-XXXX.tmp`, and publishes them all by renames only when every notebook has run:
a failed run publishes nothing. A killed run's staging folder is removed by the next run that holds
the lock; its temporary workspace (swapmodel.report.workspace) by the next run of any folder. Cell
ids are fixed so that the same inputs give byte-identical HTML.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
from pathlib import Path

from swapmodel.analysis.sweep import check_executor
from swapmodel.base import paths
from swapmodel.base.errors import ParameterError
from swapmodel.base.io import atomic_write_text
from swapmodel.report.parameters import check
from swapmodel.report.workspace import as_ipynb, inspect_parameters, workspace
from swapmodel.sources.questions import ANSWERS_FILE

EXECUTION_TIMEOUT_S = 900
RUNNER_PARAMETERS = ("out_dir", "interactive", "executor")  # set by the runner, never by -p
LOCK_FILE = ".swapmodel-report.lock"
RUN_PREFIX = ".swapmodel-run-"
TEMPLATES = Path(__file__).parent / "templates"


def notebooks() -> list[Path]:
    """The numbered notebooks, in order."""
    return sorted(paths.NOTEBOOKS.glob("[0-9][0-9]_*.py"))


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


def execute(nb_path: Path, parameters: dict, html_path: Path | None, executed_path: Path | None = None,
            timeout_s: int = EXECUTION_TIMEOUT_S):
    """Run one notebook with `parameters` (checked first against its declarations); write its
    HTML (inputs hidden) atomically when asked. A failing cell raises NotebookError (one line)."""
    import nbformat
    import papermill

    check(nb_path, parameters)
    with workspace() as tmp:
        src, out = as_ipynb(nb_path, tmp), Path(tmp) / "out.ipynb"
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
    folder = Path(parameters.get("out_dir") or "")
    findings = page.findings_block(answers, questions)
    if not findings and parameters.get("out_dir"):  # a report that answers no question: what its checks found
        from swapmodel.report.findings import simulator_validation

        findings = page.validation_block(simulator_validation.from_report(nb_path.stem, folder))
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
    return _link_files(page.tidy(body, nb_path.stem, _csv_names(folder) if parameters.get("out_dir") else {}),
                       nb_path.stem)


def _link_files(text: str, stem: str, prefix: str = "") -> str:
    """Links to a table or figure the page does not show (no element with its id) go to its file
    under `stem`/ instead (NAME.csv, NAME.svg): an answer's evidence is always one click away."""
    import re

    ids = set(re.findall(r'id="([^"]+)"', text))

    def resolve(m: re.Match) -> str:
        anchor, kind, name = m[1], m[2], m[3]
        return m[0] if anchor in ids else f'href="{prefix}{stem}/{name}.{"csv" if kind == "table" else "svg"}"'

    return re.sub(r'href="#((table|figure)-([\w-]+))"', resolve, text)


def _csv_names(folder: Path) -> dict[str, str]:
    """The CSVs a run saved, by their header ('col|col|...' -> file stem), so the report can name
    each table it shows after the file a reader can open."""
    import csv

    names = {}
    for path in sorted(Path(folder).glob("*.csv")):
        with path.open(newline="") as f:
            header = next(csv.reader(f), [])
        names.setdefault("|".join(header), path.stem)
    return names


def _title(nb_path: Path) -> str:
    for line in nb_path.read_text().splitlines():
        if line.startswith("# # "):
            return line[4:].strip()
    return nb_path.stem


def _output_folder(out_dir: Path) -> Path:
    """`out_dir`, created if missing; a one-line ParameterError unless it is a writable folder."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ParameterError(f"--out {out}: is a file, not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ParameterError(f"--out {out}: cannot be created ({e.strerror})") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise ParameterError(f"--out {out}: is not writable")
    return out


@contextlib.contextmanager
def _locked(out_dir: Path):
    """Hold the output folder's lock for the whole run; refuse when another run holds it."""
    try:
        fd = os.open(out_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as e:
        raise ParameterError(f"--out {out_dir}: cannot take its lock ({e.strerror})") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
            raise ParameterError(f"--out {out_dir}: another swapmodel report is writing there (pid {holder}); "
                                 "wait for it to finish or choose another folder") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)


def remove_dead_runs(out_dir: Path) -> list[Path]:
    """The staging folders killed runs left in `out_dir`, removed (call with the lock held: then no
    other run is writing there)."""
    dead = sorted(p for p in Path(out_dir).glob(f"{RUN_PREFIX}*.tmp") if p.is_dir())
    for p in dead:
        shutil.rmtree(p, ignore_errors=True)
    return dead


def _publish(staged: Path, target: Path, trash: Path) -> None:
    """Put `staged` (a file or a folder) where `target` is, by renames; the old one goes to `trash`."""
    if target.is_dir() and not target.is_symlink():
        target.rename(trash / f"{target.name}.old")
    staged.rename(target) if staged.is_dir() else os.replace(staged, target)


def build_reports(only=None, out_dir: Path = paths.REPORTS, parameters: dict | None = None,
                  executor: str | None = None) -> list[Path]:
    """Execute every notebook (or those whose stem is in `only`) with defaults, or one notebook
    with `parameters`; write HTML, figures, tables and answers under `out_dir`, all of them or none.
    `executor` (serial, local, or a dask scheduler address) goes to every notebook that declares an
    `executor` parameter, where its heavy sweeps run. Everything is checked before anything runs."""
    chosen = [p for p in notebooks() if not only or p.stem in only]
    if only and len(chosen) != len(set(only)):
        raise ParameterError(f"notebook: choose from {', '.join(p.stem for p in notebooks())}")
    parameters = dict(parameters or {})
    owned = [name for name in RUNNER_PARAMETERS if name in parameters]
    if owned:
        raise ParameterError(f"-p {owned[0]}: set by the runner, not by -p (use --out for where it writes, "
                             "--executor for how sweeps run)")
    if parameters and len(chosen) != 1:
        raise ParameterError("-p: parameters need exactly one --notebook")
    if executor:
        check_executor(executor)
    runs = []
    for nb_path in chosen:
        extra = {"executor": executor} if executor and "executor" in inspect_parameters(nb_path) else {}
        runs.append((nb_path, check(nb_path, {"interactive": False, "out_dir": "", **extra, **parameters})))
    out_dir = _output_folder(out_dir)
    written = []
    from swapmodel.analysis.sweep import progress, watching

    with _locked(out_dir):
        remove_dead_runs(out_dir)
        run = Path(tempfile.mkdtemp(prefix=f"{RUN_PREFIX}{os.getpid()}-", suffix=".tmp", dir=out_dir))
        try:
            for nb_path, values in progress(runs, len(runs), "reports"):
                html_path = out_dir / f"{nb_path.stem}.html"
                if not watching():
                    print(f"executing {nb_path.name} -> {html_path}", flush=True)
                staging = run / nb_path.stem
                staging.mkdir()
                execute(nb_path, {**values, "out_dir": str(staging)}, run / html_path.name,
                        executed_path=run / "executed" / f"{nb_path.stem}.ipynb")
                written.append(html_path)
            # every notebook ran: publish all of their files, by renames
            trash = run / ".replaced"
            trash.mkdir()
            (out_dir / "executed").mkdir(exist_ok=True)
            for nb_path, _ in runs:
                stem = nb_path.stem
                _publish(run / stem, out_dir / stem, trash)
                _publish(run / f"{stem}.html", out_dir / f"{stem}.html", trash)
                _publish(run / "executed" / f"{stem}.ipynb", out_dir / "executed" / f"{stem}.ipynb", trash)
            write_index(out_dir)
        finally:
            shutil.rmtree(run, ignore_errors=True)
    return written


def write_index(out_dir: Path = paths.REPORTS) -> Path:
    """reports/index.html: the findings page, from the answers the executed notebooks wrote."""
    from swapmodel.report.html import index_page
    from swapmodel.sources.questions import merged_answers

    import re

    titles = {p.stem: _title(p) for p in notebooks() if (out_dir / f"{p.stem}.html").exists()}
    text = index_page(merged_answers(out_dir), titles)
    ids = {stem: set(re.findall(r'id="([^"]+)"', (out_dir / f"{stem}.html").read_text())) for stem in titles}

    def resolve(m: re.Match) -> str:
        """An answer's table or figure: on its own report's page, else on the page of the report that
        shows it (a part may cite another notebook's table), else that report's CSV of the name."""
        stem, anchor, kind, name = m[1], m[2], m[3], m[4]
        if anchor in ids.get(stem, {anchor}):
            return m[0]
        for other in [stem, *ids]:
            if anchor in ids.get(other, ()):
                return f'href="{other}.html#{anchor}"'
        for other in [stem, *ids]:
            if (out_dir / other / f"{name}.csv").is_file():
                return f'href="{other}/{name}.csv"'
        return f'href="{stem}/{name}.{"csv" if kind == "table" else "svg"}"'

    text = re.sub(r'href="(\d\d_\w+)\.html#((table|figure)-([\w-]+))"', resolve, text)
    return atomic_write_text(out_dir / "index.html", text)
