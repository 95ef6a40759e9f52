"""Batch runner: execute each notebook with papermill and export HTML for reviewers.

Notebooks are jupytext py:percent files in notebooks/; each runs with its default parameters
(plus interactive=False and out_dir under reports/), and its HTML (code hidden) goes to reports/.
Unknown parameter names are an error here (papermill itself only warns).
"""

from __future__ import annotations

import argparse
import html
import tempfile
from pathlib import Path

from swapmodel import paths
from swapmodel.errors import ParameterError
from swapmodel.io import atomic_write_text

EXECUTION_TIMEOUT_S = 900


def notebooks() -> list[Path]:
    """The numbered notebooks, in order."""
    return sorted(paths.NOTEBOOKS.glob("[0-9][0-9]_*.py"))


def _as_ipynb(nb_path: Path, directory: str) -> Path:
    """The py:percent notebook as .ipynb in `directory`, with the python3 kernel."""
    import jupytext
    import nbformat

    nb = jupytext.read(nb_path)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = Path(directory) / "in.ipynb"
    nbformat.write(nb, path)
    return path


def declared_parameters(nb_path: Path) -> dict:
    """Parameter names of a notebook's `parameters` cell, with papermill's inferred types."""
    import papermill

    with tempfile.TemporaryDirectory() as tmp:
        return papermill.inspect_notebook(str(_as_ipynb(nb_path, tmp)))


def execute(nb_path: Path, parameters: dict, html_path: Path | None, executed_path: Path | None = None,
            timeout_s: int = EXECUTION_TIMEOUT_S):
    """Run one notebook with `parameters`; write its HTML (inputs hidden) atomically when asked."""
    import nbformat
    import papermill
    from nbconvert import HTMLExporter

    with tempfile.TemporaryDirectory() as tmp:
        src, out = _as_ipynb(nb_path, tmp), Path(tmp) / "out.ipynb"
        declared = papermill.inspect_notebook(str(src))
        unknown = sorted(set(parameters) - set(declared))
        if unknown:
            raise ParameterError(f"parameters {unknown} are not in {nb_path.name}; it takes: {', '.join(declared)}")
        papermill.execute_notebook(
            str(src), str(out), parameters=parameters, kernel_name="python3", cwd=str(paths.NOTEBOOKS),
            progress_bar=False, execution_timeout=timeout_s,
        )
        executed = nbformat.read(out, as_version=4)
    if executed_path is not None:
        atomic_write_text(executed_path, nbformat.writes(executed))
    if html_path is not None:
        body, _ = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True).from_notebook_node(executed)
        atomic_write_text(html_path, body)
    return executed


def _title(nb_path: Path) -> str:
    for line in nb_path.read_text().splitlines():
        if line.startswith("# # "):
            return line[4:].strip()
    return nb_path.stem


def build_reports(only=None, out_dir: Path = paths.REPORTS) -> list[Path]:
    """Execute every notebook (or those whose stem is in `only`) with defaults; write reports/."""
    chosen = [p for p in notebooks() if not only or p.stem in only]
    if only and len(chosen) != len(set(only)):
        raise ParameterError(f"notebook: choose from {', '.join(p.stem for p in notebooks())}")
    written = []
    for nb_path in chosen:
        figures = out_dir / nb_path.stem
        figures.mkdir(parents=True, exist_ok=True)
        html_path = out_dir / f"{nb_path.stem}.html"
        print(f"executing {nb_path.name} -> {html_path.relative_to(paths.ROOT)}", flush=True)
        execute(nb_path, {"interactive": False, "out_dir": str(figures)}, html_path,
                executed_path=out_dir / "executed" / f"{nb_path.stem}.ipynb")
        written.append(html_path)
    items = "\n".join(
        f'<li><a href="{p.stem}.html">{html.escape(_title(p))}</a> '
        f'(<a href="{p.stem}/">tables and figures</a>, source <code>notebooks/{p.name}</code>)</li>'
        for p in notebooks() if (out_dir / f"{p.stem}.html").exists()
    )
    atomic_write_text(out_dir / "index.html", (
        "<!doctype html><html><head><meta charset='utf-8'><title>swapmodel reports</title></head><body>"
        "<h1>swapmodel reports</h1><p>Each report is a notebook executed with its default parameters "
        "(<code>make report</code>), with its code hidden. Each report's tables sit beside it as CSV; "
        "<code>make report</code> also writes every figure there as SVG and PNG.</p>"
        f"<ul>{items}</ul></body></html>\n"
    ))
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--notebook", action="append", help="only this notebook stem (repeatable)")
    args = parser.parse_args(argv)
    build_reports(args.notebook)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
