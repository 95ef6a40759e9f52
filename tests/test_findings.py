"""Each notebook's answers, recomputed without papermill from the tables its built report holds
(reports/<notebook>/*.csv, or the folder SWAPMODEL_TEST_REPORTS names), are the answers that report shows (its answers.json): the answer a
reviewer reads is the one the package computes from the tables beside it."""

import json
import os
from pathlib import Path

import pytest

from swapmodel.base import paths
from swapmodel.base.errors import ParameterError
from swapmodel.report import findings
from swapmodel.sources.questions import load_questions, read_answers

REPORTS = Path(os.environ.get("SWAPMODEL_TEST_REPORTS", paths.REPORTS))  # another build: its --out folder


def _record(a):
    return (a.id, a.part, a.status, a.answer, [(round(v.value, 6), v.unit, v.label) for v in a.values],
            [(v.against, round(v.published, 6), round(v.model, 6), v.verdict) for v in a.validation], a.gap,
            a.assumptions, a.validated_against)


@pytest.mark.parametrize("notebook", sorted(findings.MODULES))
def test_answers_recomputed_from_the_report_tables_are_the_report_answers(notebook):
    report_dir = REPORTS / notebook
    shown = read_answers(report_dir / "answers.json", load_questions())
    computed = findings.from_report(notebook, report_dir)
    assert [_record(a) for a in computed] == [_record(a) for a in shown]


def test_every_notebook_with_answers_has_a_findings_module():
    with_answers = {p.parent.name for p in REPORTS.glob("*/answers.json")
                    if json.loads(p.read_text())}
    assert with_answers <= set(findings.MODULES)


def test_a_report_without_its_tables_is_refused_in_one_line(tmp_path):
    with pytest.raises(ParameterError, match=r"claims.csv: missing"):
        findings.from_report("01_entry_overhead", tmp_path)
    with pytest.raises(ParameterError, match="has no answers"):
        findings.module_for("02_fragmentation")


def test_no_notebook_builds_an_answer():
    """Notebooks show; the package computes: a notebook imports no answer-building names."""
    import ast

    builders = {"make_answer", "Answer", "Validation", "Value"}
    for nb in sorted(paths.NOTEBOOKS.glob("*.py")):
        for node in ast.walk(ast.parse(nb.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("swapmodel"):
                assert not builders & {a.name for a in node.names}, f"{nb.name} imports {builders & {a.name for a in node.names}}"
            if isinstance(node, ast.Attribute) and node.attr == "add" and getattr(node.value, "id", "") == "sheet":
                raise AssertionError(f"{nb.name} calls sheet.add")


@pytest.mark.parametrize("notebook", sorted(findings.MODULES))
def test_every_answer_names_the_tables_or_figures_it_rests_on_and_they_exist(notebook):
    report_dir = REPORTS / notebook
    for a in read_answers(report_dir / "answers.json", load_questions()):
        assert a.evidence, f"{a.id} {a.part}: no evidence named"
        page = (REPORTS / f"{notebook}.html").read_text()
        for item in a.evidence:
            kind, name = item.split(" ")
            if kind == "table":  # a table's CSV is committed beside the page
                assert (report_dir / f"{name}.csv").is_file(), f"{a.id}: {item}"
            else:  # a figure is inlined in the page (its .svg and .png are not committed)
                assert f'id="figure-{name}"' in page or f"id='figure-{name}'" in page, f"{a.id}: {item}"


@pytest.mark.parametrize("page", ["index", *sorted(p.stem for p in paths.NOTEBOOKS.glob("[0-9]*.py"))])
def test_every_local_link_of_a_built_page_resolves(page):
    """A link in a committed page goes to an anchor that exists (on that page or another report) or
    to a file that is committed beside it: the index once sent 6.3's readers to a 05_capacity CSV
    that lives under 06_time."""
    import re

    html_path = REPORTS / f"{page}.html"
    if not html_path.exists():
        pytest.skip(f"{html_path} not built")
    ids = {p.name: set(re.findall(r'id="([^"]+)"', p.read_text())) for p in REPORTS.glob("*.html")}
    broken = []
    for href in re.findall(r'href="([^"#:]*)(?:#([^"]*))?"', html_path.read_text()):
        target, anchor = href
        if not target:
            ok = not anchor or anchor in ids[html_path.name]
        elif target.endswith(".html"):
            ok = target in ids and (not anchor or anchor in ids[target])
        else:
            ok = (REPORTS / target).exists()  # a CSV, or a report's folder
        if not ok:
            broken.append("#".join(x for x in href if x))
    assert broken == [], broken[:10]
