"""Notebooks: one parameters cell each, a python3 kernelspec, and a papermill smoke run with tiny
parameters through the same runner `make report` uses."""

import pytest

from swapmodel.report import runner as reports
from swapmodel.base.errors import ParameterError

NOTEBOOKS = reports.notebooks()


def test_there_are_notebooks():
    assert [p.stem for p in NOTEBOOKS][:1] == ["01_entry_overhead"]


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_one_parameters_cell_and_python3_kernel(nb_path):
    import jupytext

    nb = jupytext.read(nb_path)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    assert nb.metadata["kernelspec"]["name"] == "python3"
    params = reports.inspect_parameters(nb_path)
    assert {"interactive", "out_dir"} <= set(params)
    # papermill silently skips a line it cannot parse (e.g. '=' or quotes in the comment)
    assigned = [line.split(":")[0] for line in tagged[0].source.splitlines() if line and not line.startswith("#")]
    assert sorted(assigned) == sorted(params)
    assert all(p["default"] not in (None, "None") for p in params.values())


SMOKE = {
    "01_entry_overhead": {"used_points": 3, "designs": ["linux-6.18", "vswap-v3", "ghost-rfc"]},
    "02_fragmentation": {"iterations": 10, "seeds": [1], "t1_seeds": 2, "orders": [4], "fill_ratios": [1.0, 1.5],
                         "designs": ["linux-6.18", "vswap-v3"], "steady_events": 6000},
    "03_kernel_validation": {"sim_seeds": 1},
}


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_and_writes_html_and_figures(nb_path, tmp_path):
    params = {"interactive": False, "out_dir": str(tmp_path), **SMOKE.get(nb_path.stem, {})}
    html = tmp_path / "report.html"
    reports.execute(nb_path, params, html, timeout_s=300)
    text = html.read_text()
    assert "<img" in text and "Traceback" not in text
    assert list(tmp_path.glob("*.svg")) and list(tmp_path.glob("*.csv"))


def test_unknown_parameter_is_an_error():
    with pytest.raises(ParameterError, match="n_path"):
        reports.execute(NOTEBOOKS[0], {"n_path": 3}, None)


def test_widget_explorer_builds_headless_and_draws():
    import ipywidgets  # noqa: F401
    from swapmodel.report.widgets import component_frame, overhead_explorer

    overhead_explorer(["linux-6.18", "vswap-ste-v2"])
    frame = component_frame(["linux-6.18", "ghost-rfc"], 1.0, 0.5, {"zswap": 0.5, "disk": 0.5})
    assert set(frame["design"]) == {"linux-6.18"}  # ghost-rfc has no disk state
    assert frame["MiB"].sum() > 0
