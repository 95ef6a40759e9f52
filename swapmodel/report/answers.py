"""Answers: built and checked by `make_answer()` (in the notebook's module under
swapmodel.report.findings), shown in the notebook where their evidence is (an HTML block with an
anchor a reviewer can link to) and written, when the notebook has an output folder, to answers.json."""

from __future__ import annotations

import functools
import html

from swapmodel.base.errors import ParameterError
from swapmodel.report.tables import number
from swapmodel.sources.questions import (Answer, Validation, Value, check_answer, derived_status, gap_label,
                                         load_questions, write_answers)

__all__ = ["SCOPE_FULL_DENSE", "Answer", "AnswerSheet", "Validation", "Value", "make_answer"]


# The scope of a per-entry figure priced with the full ledgers on a full, densely packed device: one
# name, so that the same (design, quantity, scope) reads the same in every answer.
SCOPE_FULL_DENSE = "full ledgers, total per used entry of a full dense device (utilisation 1)"

STATUS_COLOURS = {"answered": "#1a7f37", "disagrees": "#8250df", "partial": "#9a6700", "open": "#cf222e",
                  "out-of-scope": "#57606a"}


def p_text(p: float) -> str:
    """A p-value as a person reads it: 'p < 0.001' below a thousandth, never in e-notation."""
    return "p < 0.001" if p < 0.001 else f"p {p:.3f}"


def anchor_for(qid: str, part: str = "") -> str:
    """The element id of an answer block: answer-4-3, answer-6-3-memory."""
    return "answer-" + "-".join(x for x in (qid.replace(".", "-"), part) if x)


def make_answer(notebook: str, qid: str, answer: str, values: list[Value], assumptions: str,
                validated_against: str, status: str = "answered", part: str = "",
                validation: list[Validation] = (), gap: str = "", evidence: list[str] = ()) -> Answer:
    """The answer of notebook `notebook` to registry id `qid` (one `part` of it), checked.

    `validation` holds one row for every published or measured number of the answer's kind in data/;
    an `answered` answer with a resolved row the model misses by more than 2x or the sign becomes
    `disagrees`, and must then say in `gap` how large the gap is and what the leading hypothesis is.
    `evidence` names the tables and figures of the report the answer rests on ("table claims",
    "figure overhead_vs_utilisation"): each is linked from the answer."""
    validation = tuple(validation)
    a = Answer(id=qid, answer=answer, values=tuple(values), anchor=anchor_for(qid, part), assumptions=assumptions,
               validated_against=validated_against, reproduce=f"swapmodel report --notebook {notebook}",
               status=derived_status(status, validation), part=part, notebook=notebook,
               report=f"{notebook}.html", validation=validation, gap=gap, evidence=tuple(evidence))
    return check_answer(a, _questions())


@functools.cache
def _questions():
    return load_questions()


class AnswerSheet:
    """A notebook's answers (computed by its module in swapmodel.report.findings): `show()` gives one
    answer's HTML block, where its evidence is; `write()` stores them all in answers.json."""

    def __init__(self, notebook: str, out_dir: str, answers: list[Answer]):
        self.notebook, self.out_dir, self.answers = notebook, out_dir, list(answers)

    def show(self, qid: str, part: str = ""):
        """The HTML block of the answer to `qid` (and `part`), for display in the notebook."""
        from IPython.display import HTML

        found = [a for a in self.answers if a.id == qid and a.part == part]
        if len(found) != 1:
            raise ParameterError(f"{self.notebook}: {len(found)} answers to {qid!r} part {part!r}; expected one")
        return HTML(answer_block(found[0], _questions()[qid].question))

    def write(self) -> None:
        """Write answers.json to the output folder (nothing when the notebook has none). Returns
        nothing, so a notebook's last line leaves no output in the report."""
        if self.out_dir:
            write_answers(self.out_dir, self.notebook, self.answers, _questions())


def answer_block(a: Answer, question: str) -> str:
    """One answer as an HTML block with the anchor a reviewer links to."""
    nums = "; ".join(_show(v) for v in a.values)
    from swapmodel.report.html import evidence_html
    from swapmodel.report.names import prose_html  # design ids shown as display names, linked to the glossary

    gap = f"<br><b>{gap_label(a.status)}:</b> {prose_html(a.gap)}" if a.gap else ""
    return (
        f'<div class="answer answer-{a.status}" id="{a.anchor}" style="border-left:4px solid '
        f'{STATUS_COLOURS[a.status]};padding:0.4em 0.8em;margin:0.8em 0;background:#f5f7fb"><b>{html.escape(a.id)}'
        f'{" (" + html.escape(a.part) + ")" if a.part else ""} &middot; '
        f'<span style="color:{STATUS_COLOURS[a.status]}">{html.escape(a.status)}</span></b>: {html.escape(question)}<br>'
        f"{prose_html(a.answer)}{gap}<br>"
        f"<small><b>Numbers:</b> {html.escape(nums)}<br><b>Assumptions:</b> {html.escape(a.assumptions)}<br>"
        f"<b>Checked against:</b> {html.escape(a.validated_against)}</small>{evidence_html(a.evidence)}"
        f"{validation_table(a.validation)}</div>")


def _show(v: Value) -> str:
    text = f"{v.label + ': ' if v.label else ''}{number(v.value)} {v.unit}"
    if v.low is not None and v.high is not None:
        text += f" ({number(v.low)} to {number(v.high)})"
    return text


_VERDICT_COLOURS = {"agrees": STATUS_COLOURS["answered"], "disagrees": STATUS_COLOURS["disagrees"],
                    "unresolved": STATUS_COLOURS["out-of-scope"]}


LONG_VALIDATION_ROWS = 12
"""An answer checked against more rows than this shows them folded, with the count of each verdict."""


def validation_table(rows: tuple[Validation, ...]) -> str:
    """The validation rows of an answer as a small HTML table: what, published, model, ratio, verdict."""
    if not rows:
        return ""
    body = "".join(
        f"<tr><td>{html.escape(v.against)}</td><td>{number(v.published)} {html.escape(v.unit)}</td>"
        f"<td>{number(v.model)} {html.escape(v.unit)}</td><td>{'&ndash;' if v.ratio is None else number(v.ratio)}</td>"
        f'<td style="color:{_VERDICT_COLOURS[v.verdict]}">{v.verdict}</td></tr>' for v in rows)
    table = ('<table class="validation" style="font-size:12px;margin-top:0.4em"><thead><tr><th>published or measured</th><th>value</th><th>model</th>'
             f"<th>model / value</th><th>verdict</th></tr></thead><tbody>{body}</tbody></table>")
    if len(rows) <= LONG_VALIDATION_ROWS:
        return table
    counts = ", ".join(f"{sum(v.verdict == k for v in rows)} {k}" for k in ("agrees", "disagrees", "unresolved")
                       if any(v.verdict == k for v in rows))
    return (f'<details class="validation"><summary>checked against {len(rows)} published or measured numbers '
            f"({counts}): show the rows</summary>{table}</details>")
