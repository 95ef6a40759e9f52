"""Notebooks: one parameters cell each, a python3 kernelspec, and a papermill smoke run with tiny
parameters through the same runner `make report` uses."""

import json

import pytest

from swapmodel.report import runner as reports
from swapmodel.base.errors import ParameterError
from conftest import SMOKE

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




@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_and_writes_html_and_figures(nb_path, smoke_reports):
    out = smoke_reports / nb_path.stem
    text = (smoke_reports / f"{nb_path.stem}.html").read_text()
    assert '<figure class="swapmodel-figure" id="figure-' in text and "Traceback" not in text
    assert 'data-mime-type="application/vnd.jupyter.stderr"' not in text, "a warning printed into the report"
    assert list(out.glob("*.svg")) and list(out.glob("*.csv"))
    answers = out / "answers.json"
    if nb_path.stem in ANSWERS:
        records = json.loads(answers.read_text())
        assert {a["id"] for a in records} == ANSWERS[nb_path.stem]
        for a in records:  # every answer block is an element a reviewer can link to
            assert a["anchor"].startswith(f'answer-{a["id"].replace(".", "-")}')
            assert f'id="{a["anchor"]}"' in text


ANSWERS = {"01_entry_overhead": {"4.3", "4.6", "4.7", "4.8", "4.22", "7.7"},
           "04_virtual_physical": {"W1", "W2", "W3", "4.10", "4.14", "4.24", "4.25", "4.26", "4.27", "6.6", "6.7"},
           "05_capacity": {"4.2", "4.4", "4.8", "4.11", "4.16", "4.17", "4.19", "4.21", "4.23", "4.28", "6.1", "6.2",
                           "6.3", "6.8", "J1", "J2", "J3"},
           "06_time": {"6.4", "4.1", "4.20", "4.15", "6.10", "4.13", "4.18", "4.5", "6.3", "6.5", "4.9", "4.12", "6.9"},
           "07_reclaim_paths": {"7.1", "7.2", "7.3", "7.4", "7.5", "7.6"}}


def test_same_inputs_give_byte_identical_html(tmp_path):
    """Two builds, each writing its figures and answers (so the findings block and the figures are
    in the page), give the same bytes."""
    pages = []
    for run in ("a", "b"):
        (tmp_path / run).mkdir()
        params = {"interactive": False, "out_dir": str(tmp_path / run), **SMOKE["01_entry_overhead"]}
        reports.execute(NOTEBOOKS[0], params, tmp_path / f"{run}.html")
        pages.append((tmp_path / f"{run}.html").read_bytes())
    assert b'id="findings"' in pages[0] and b'id="figure-' in pages[0]
    assert pages[0] == pages[1]


def test_failing_notebook_reports_one_line(tmp_path):
    with pytest.raises(reports.NotebookError) as e:
        reports.execute(NOTEBOOKS[1], {"interactive": False, "device_mib": 8.0, "region_mib": 60.0,
                                       "iterations": 2, "seeds": [1]}, None)
    assert "\n" not in str(e.value) and "region_mib" in str(e.value)


def test_unknown_parameter_is_an_error():
    with pytest.raises(ParameterError, match="n_path"):
        reports.execute(NOTEBOOKS[0], {"n_path": 3}, None)
    with pytest.raises(ParameterError, match=r"swap_gib='x' must be a finite number; allowed range \[0.001, 16777216\]"):
        reports.execute(NOTEBOOKS[0], {"swap_gib": "x"}, None)


def test_widget_explorer_builds_headless_and_draws():
    import ipywidgets  # noqa: F401
    from swapmodel.report.widgets import component_frame, overhead_explorer

    overhead_explorer(["linux-6.18", "vswap-ste-v2"])
    frame = component_frame(["linux-6.18", "ghost-rfc"], 1.0, 0.5, {"zswap": 0.5, "disk": 0.5})
    assert set(frame["design"]) == {"linux-6.18"}  # ghost-rfc has no disk state
    assert frame["MiB"].sum() > 0
