"""The question registry and the answers merged from executed notebooks (the committed reports)."""

import json
import re

import pytest

from swapmodel.base import paths
from swapmodel.base.errors import ParameterError
from swapmodel.cli import main
from swapmodel.sources.questions import Answer, Value, check_answer, load_questions

KEYS = {"id", "question", "status", "answer", "values", "report", "anchor", "assumptions", "validated_against",
        "reproduce"}


def test_registry_has_the_44_ids_of_the_debate():
    ids = list(load_questions())
    expected = ([f"4.{i}" for i in range(1, 29)] + [f"6.{i}" for i in range(1, 11)] + ["W1", "W2", "W3"]
                + ["J1", "J2", "J3"])
    assert ids == expected


def test_answers_json_lists_every_id_with_its_answer(capsys):
    assert main(["answers", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 44 and all(KEYS <= set(r) for r in rows)
    done = {r["id"]: r for r in rows if r["status"] in ("answered", "partial")}
    assert {"4.3", "4.6", "4.7", "4.8", "4.22", "4.10"} <= set(done)
    for r in done.values():
        assert r["values"] and all({"value", "unit"} <= set(v) for v in r["values"])
        html = (paths.REPORTS / r["report"]).read_text()
        assert re.search(f'id="{re.escape(r["anchor"])}"', html), r["id"]
    assert all(r["status"] == "open" for r in rows if r["id"] not in done)


def test_an_answer_must_name_a_registry_id_and_carry_units():
    qs = load_questions()
    good = Answer("4.3", "text", (Value(1.0, "B"),), "answer-4-3", "basis", "checked", "swapmodel report")
    assert check_answer(good, qs) is good
    with pytest.raises(ParameterError, match="not in questions.toml"):
        check_answer(Answer("9.9", "t", (Value(1.0, "B"),), "a", "b", "c", "d"), qs)
    with pytest.raises(ParameterError, match="unit"):
        check_answer(Answer("4.3", "t", (Value(1.0, ""),), "a", "b", "c", "d"), qs)
    with pytest.raises(ParameterError, match="part"):
        check_answer(Answer("6.3", "t", (Value(1.0, "B"),), "a", "b", "c", "d"), qs)
