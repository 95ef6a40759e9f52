"""The question registry (data/questions.toml) and the answers that executed notebooks write.

A notebook builds `Answer` records from the numbers it computed and writes them with
`write_answers()` to `<out_dir>/answers.json`, beside its report. `merged_answers()` joins the
registry with every answer file under reports/.

An answer's status says how far to trust it. `answered`: computed, and every published or measured
number of its kind in data/ (its `validation` rows) within 2x of the model with the same sign.
`disagrees`: computed, but a resolved validation row is missed by more than 2x or has the wrong
sign; the answer then states the gap and the leading hypothesis (`gap`). `partial`: a part is not
computed. `out-of-scope`: the registry gives the reason nothing here can compute it. `open`: no
answer. A notebook chooses only between answered and partial; `disagrees` follows from the rows. An
id answered in several parts (or notebooks) takes the weakest status of its parts.
"""

from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from swapmodel.base import paths
from swapmodel.base.errors import ParameterError
from swapmodel.base.io import atomic_write_text
from swapmodel.sources.files import read_json, read_toml

QUESTIONS_FILE = paths.QUESTIONS
ANSWERS_FILE = "answers.json"
STATUSES = ("answered", "disagrees", "partial", "open", "out-of-scope")
WEAKNESS = ("answered", "disagrees", "partial", "open")  # strongest first: a merged id takes the weakest
EVIDENCE = re.compile(r"(table|figure) [a-z0-9]+(?:_[a-z0-9]+)*")  # a saved CSV's or figure's name
RATIO_LIMIT = 2.0  # the model within 2x of a published or measured number, same sign (DESIGN.md)
_QUESTION_KEYS = {"id", "question", "who", "date", "url", "parts", "out_of_scope"}
_ANSWER_KEYS = {"id", "part", "status", "answer", "values", "anchor", "assumptions", "validated_against", "evidence",
                "reproduce", "notebook", "report", "validation", "gap"}
_VALUE_KEYS = {"value", "unit", "low", "high", "label", "design", "quantity", "scope"}
_VALIDATION_KEYS = {"against", "published", "model", "unit", "resolves", "floor", "ratio", "verdict"}


@dataclass(frozen=True)
class Question:
    """One registry entry: a stable id, the question in one line, and where it was asked."""

    id: str
    question: str
    who: str = ""
    date: str = ""
    url: str = ""
    parts: tuple[str, ...] = ()
    out_of_scope: str = ""


@dataclass(frozen=True)
class Value:
    """A number with its unit; `low` and `high` bound its spread over seeds or a sensitivity range.

    A number about a design names it: `design` is a catalogue id, or "X vs Y" for X's change against
    Y; `quantity` says what is counted ("extra bytes per zswap entry") and `scope` the case (ledger,
    utilisation, sizing). One (design, quantity, scope) has one value in every answer."""

    value: float
    unit: str
    label: str = ""
    low: float | None = None
    high: float | None = None
    design: str = ""
    quantity: str = ""
    scope: str = ""


@dataclass(frozen=True)
class Validation:
    """One published or measured number of an answer's kind beside the model's value for the same case.

    `against` names the number and where it is (a data/ key or run name, who posted it). `resolves`
    is False where the published comparison is not resolved by its own runs (its spread covers zero
    or the power is too low): such a row is shown but decides nothing. Where both magnitudes are at
    most `floor` (in `unit`) the row agrees whatever the ratio (a zero measured against a zero).
    """

    against: str
    published: float
    model: float
    unit: str
    resolves: bool = True
    floor: float = 0.0

    @property
    def ratio(self) -> float | None:
        """model / published; None where the published number is zero."""
        return None if self.published == 0 else self.model / self.published

    @property
    def verdict(self) -> str:
        """`agrees` (same sign, within 2x), `disagrees`, or `unresolved` (shown, decides nothing)."""
        if not self.resolves:
            return "unresolved"
        if abs(self.published) <= self.floor and abs(self.model) <= self.floor:
            return "agrees"
        r = self.ratio
        return "agrees" if r is not None and 1 / RATIO_LIMIT <= r <= RATIO_LIMIT else "disagrees"


def gap_label(status: str) -> str:
    """What an answer's `gap` text is called: the gap itself where the answer disagrees, otherwise the
    caveats it carries (misses that do not resolve, what is left unpriced)."""
    return "Gap" if status == "disagrees" else "Caveat"


def derived_status(status: str, validation: tuple[Validation, ...]) -> str:
    """`disagrees` where a notebook's `answered` answer has a resolved row the model misses by more
    than 2x or the sign; otherwise the status the notebook gave."""
    if status == "answered" and any(v.verdict == "disagrees" for v in validation):
        return "disagrees"
    return status


@dataclass(frozen=True)
class Answer:
    """A notebook's answer to one registry id (or one part of it)."""

    id: str
    answer: str
    values: tuple[Value, ...]
    anchor: str
    assumptions: str
    validated_against: str
    reproduce: str
    status: str = "answered"
    part: str = ""
    notebook: str = ""
    report: str = ""
    validation: tuple[Validation, ...] = ()
    gap: str = ""
    evidence: tuple[str, ...] = ()


@functools.cache
def design_ids() -> frozenset[str]:
    """The catalogue's design ids, for checking the designs an answer's numbers name."""
    from swapmodel.sources.designs import load_catalogue

    return frozenset(load_catalogue())


def load_questions(path: Path = QUESTIONS_FILE) -> dict[str, Question]:
    """The registry, in file order; every key and id checked."""
    raw = read_toml(path)
    out: dict[str, Question] = {}
    for i, q in enumerate(raw.get("question", [])):
        where = f"{path.name}: question {q.get('id', i)!r}"
        extra = sorted(set(q) - _QUESTION_KEYS)
        if extra:
            raise ParameterError(f"{where}: unknown key(s) {extra}; allowed: {sorted(_QUESTION_KEYS)}")
        for key in ("id", "question"):
            if not isinstance(q.get(key), str) or not q[key].strip():
                raise ParameterError(f"{where}: {key} must be a non-empty string")
        if q["id"] in out:
            raise ParameterError(f"{where}: id appears twice")
        parts = q.get("parts", [])
        if not isinstance(parts, list) or not all(isinstance(p, str) and p for p in parts):
            raise ParameterError(f"{where}: parts must be a list of non-empty strings")
        out[q["id"]] = Question(q["id"], q["question"], str(q.get("who", "")), str(q.get("date", "")),
                                str(q.get("url", "")), tuple(parts), str(q.get("out_of_scope", "")))
    if not out:
        raise ParameterError(f"{path.name}: no [[question]] entries")
    return out


def _finite(where: str, key: str, x) -> float:
    if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x):
        raise ParameterError(f"{where}: {key}={x!r} must be a finite number")
    return float(x)


def check_answer(a: Answer, questions: dict[str, Question]) -> Answer:
    """Raise ParameterError unless `a` names a registry id (and one of its parts) and carries
    finite numbers with units, an anchor, its assumptions and what it was validated against."""
    where = f"answer {a.id!r}"
    if a.id not in questions:
        raise ParameterError(f"{where}: id is not in {QUESTIONS_FILE.name}")
    q = questions[a.id]
    if q.parts and a.part not in q.parts:
        raise ParameterError(f"{where}: part={a.part!r}; choose one of: {', '.join(q.parts)}")
    if not q.parts and a.part:
        raise ParameterError(f"{where}: part={a.part!r} but the registry declares no parts for this id")
    if a.status not in ("answered", "disagrees", "partial"):
        raise ParameterError(f"{where}: status={a.status!r}; a notebook answers 'answered' or 'partial'")
    for v in a.validation:
        if not isinstance(v.against, str) or not v.against.strip() or not isinstance(v.unit, str) or not v.unit:
            raise ParameterError(f"{where}: every validation row needs `against` and `unit` text")
        _finite(where, "validation published", v.published)
        _finite(where, "validation model", v.model)
        _finite(where, "validation floor", v.floor)
        if not isinstance(v.resolves, bool):
            raise ParameterError(f"{where}: validation resolves={v.resolves!r} must be true or false")
    expected = derived_status("answered" if a.status == "disagrees" else a.status, a.validation)
    if a.status == "disagrees" and expected != "disagrees":
        raise ParameterError(f"{where}: status 'disagrees' but no resolved validation row misses by more than "
                             f"{RATIO_LIMIT:g}x or the sign")
    if a.status == "answered" and expected == "disagrees":
        raise ParameterError(f"{where}: status 'answered' but a validation row disagrees; the status is 'disagrees'")
    if a.status == "disagrees" and not a.gap.strip():
        raise ParameterError(f"{where}: a disagreeing answer must state the gap and the leading hypothesis (gap)")
    for key in ("answer", "anchor", "assumptions", "validated_against", "reproduce", "gap"):
        if not isinstance(getattr(a, key), str):
            raise ParameterError(f"{where}: {key} must be text, not {type(getattr(a, key)).__name__}")
    for key in ("answer", "anchor", "assumptions", "validated_against", "reproduce"):
        if not getattr(a, key).strip():
            raise ParameterError(f"{where}: {key} must not be empty")
    if not a.values:
        raise ParameterError(f"{where}: values must hold at least one number with its unit")
    if not isinstance(a.evidence, tuple) or not all(isinstance(e, str) and EVIDENCE.fullmatch(e) for e in a.evidence):
        raise ParameterError(f"{where}: evidence={list(a.evidence)!r}: each item 'table NAME' or 'figure NAME' "
                             "(a CSV or figure the report saves)")
    for v in a.values:
        _finite(where, "value", v.value)
        if not v.unit:
            raise ParameterError(f"{where}: every value needs a unit")
        if bool(v.design) != bool(v.quantity):
            raise ParameterError(f"{where}: value {v.label!r} names a design or a quantity without the other")
        unknown = [d for d in v.design.split(" vs ") if v.design and d not in design_ids()]
        if unknown:
            raise ParameterError(f"{where}: value {v.label!r}: design {unknown[0]!r} is not a catalogue id "
                                 "(data/designs/); write 'X' or 'X vs Y'")
        for key in ("low", "high"):
            if getattr(v, key) is not None:
                _finite(where, key, getattr(v, key))
    return a


def write_answers(out_dir: str | Path, notebook: str, answers: list[Answer],
                  questions: dict[str, Question] | None = None) -> Path:
    """Check `answers` against the registry and write them, atomically, to out_dir/answers.json."""
    questions = questions or load_questions()
    records = []
    for a in answers:
        check_answer(a, questions)
        rec = asdict(a)
        rec.update(notebook=notebook, report=f"{notebook}.html")
        rec["values"] = [_value_record(v) for v in a.values]
        rec["validation"] = [validation_record(v) for v in a.validation]
        records.append(rec)
    path = Path(out_dir) / ANSWERS_FILE
    return atomic_write_text(path, json.dumps(records, indent=1, ensure_ascii=False, sort_keys=True) + "\n")


def read_answers(path: Path, questions: dict[str, Question]) -> list[Answer]:
    """The answers in one answers.json, checked against the registry."""
    raw = read_json(path, "answers")
    if not isinstance(raw, list):
        raise ParameterError(f"{path}: expected a list of answers")
    out = []
    for i, r in enumerate(raw):
        where = f"{path}: answer {i}"
        if not isinstance(r, dict) or set(r) - _ANSWER_KEYS or not {"id", "values"} <= set(r):
            raise ParameterError(f"{where}: expected an object with the keys {sorted(_ANSWER_KEYS)}")
        if not isinstance(r["values"], list) or any(not isinstance(v, dict) or set(v) - _VALUE_KEYS
                                                    for v in r["values"]):
            raise ParameterError(f"{where}: values must be a list of {{value, unit[, low, high, label]}}")
        rows = r.get("validation", [])
        if not isinstance(rows, list) or any(not isinstance(v, dict) or set(v) - _VALIDATION_KEYS
                                             or not {"against", "published", "model", "unit"} <= set(v) for v in rows):
            raise ParameterError(f"{where}: validation must be a list of {{against, published, model, unit[, resolves]}}")
        if not isinstance(r.get("evidence", []), list):
            raise ParameterError(f"{where}: evidence must be a list of 'table NAME' or 'figure NAME'")
        texts = [k for k in _ANSWER_KEYS - {"values", "validation", "evidence"} if k in r and not isinstance(r[k], str)]
        texts += [f"values.{k}" for v in r["values"] for k in ("unit", "label", "design", "quantity", "scope")
                  if k in v and not isinstance(v[k], str)]
        if texts:
            raise ParameterError(f"{where}: {texts[0]} must be text")
        try:
            values = tuple(Value(**v) for v in r["values"])
            checks = tuple(Validation(**{k: v[k] for k in v if k not in ("ratio", "verdict")}) for v in rows)
            a = Answer(**{**r, "values": values, "validation": checks, "evidence": tuple(r.get("evidence", ()))})
            out.append(check_answer(a, questions))
        except TypeError as e:
            raise ParameterError(f"{where}: {e}") from None
        except ParameterError as e:
            raise ParameterError(f"{path}: {e}") from None
    return out


def merged_answers(reports_dir: Path = paths.REPORTS, questions: dict[str, Question] | None = None) -> list[dict]:
    """One record per registry id: the question, its status and every answer part found under
    `reports_dir/*/answers.json` (notebook order), with the keys documented in the README."""
    questions = questions or load_questions()
    found: dict[str, list[Answer]] = {}
    for path in sorted(Path(reports_dir).glob(f"*/{ANSWERS_FILE}")):
        for a in read_answers(path, questions):
            found.setdefault(a.id, []).append(a)
    rows = []
    for q in questions.values():
        parts = found.get(q.id, [])
        if q.out_of_scope:
            status = "out-of-scope"
        elif not parts:
            status = "open"
        else:
            weakest = max((a.status for a in parts), key=WEAKNESS.index)
            missing = set(q.parts) - {a.part for a in parts}
            status = "partial" if missing and WEAKNESS.index(weakest) < WEAKNESS.index("partial") else weakest
        first = parts[0] if parts else None
        rows.append({
            "id": q.id, "question": q.question, "who": q.who, "date": q.date, "url": q.url, "status": status,
            "answer": " ".join(f"[{a.part}] {a.answer}" if a.part else a.answer for a in parts)
                      or (q.out_of_scope if q.out_of_scope else ""),
            "values": [_value_record(v) for a in parts for v in a.values],
            "report": first.report if first else "",
            "anchor": first.anchor if first else "",
            "assumptions": " ".join(a.assumptions for a in parts),
            "validated_against": " ".join(a.validated_against for a in parts),
            "reproduce": " ; ".join(dict.fromkeys(a.reproduce for a in parts)),
            "validation": [{**validation_record(v), "part": a.part, "notebook": a.notebook}
                           for a in parts for v in a.validation],
            "gap": " ".join(a.gap for a in parts if a.gap),
            "parts": [{"part": a.part, "status": a.status, "notebook": a.notebook, "report": a.report,
                       "anchor": a.anchor, "evidence": list(a.evidence)} for a in parts],
        })
    return rows


def _value_record(v: Value) -> dict:
    rec = {"value": v.value, "unit": v.unit}
    for key in ("label", "low", "high", "design", "quantity", "scope"):
        if getattr(v, key) not in (None, ""):
            rec[key] = getattr(v, key)
    return rec


def validation_record(v: Validation) -> dict:
    """A validation row as stored and printed: its inputs, the ratio model/published and the verdict."""
    return {"against": v.against, "published": v.published, "model": v.model, "unit": v.unit,
            "resolves": v.resolves, "floor": v.floor, "ratio": v.ratio, "verdict": v.verdict}
