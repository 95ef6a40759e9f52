"""Answers in a notebook: each is shown where its evidence is (an HTML block with an anchor a
reviewer can link to) and written, when the notebook has an output folder, to answers.json."""

from __future__ import annotations

import html

from swapmodel.sources.questions import Answer, Value, check_answer, load_questions, write_answers

__all__ = ["Answer", "AnswerSheet", "Value"]


def anchor_for(qid: str, part: str = "") -> str:
    """The element id of an answer block: answer-4-3, answer-6-3-memory."""
    return "answer-" + "-".join(x for x in (qid.replace(".", "-"), part) if x)


class AnswerSheet:
    """Collects a notebook's answers; `add()` checks and shows one, `write()` stores them all."""

    def __init__(self, notebook: str, out_dir: str, reproduce: str):
        self.notebook, self.out_dir, self.reproduce = notebook, out_dir, reproduce
        self.questions = load_questions()
        self.answers: list[Answer] = []

    def add(self, qid: str, answer: str, values: list[Value], assumptions: str, validated_against: str,
            status: str = "answered", part: str = ""):
        """Record the answer to registry id `qid` and return its HTML block for display."""
        from IPython.display import HTML

        a = Answer(id=qid, answer=answer, values=tuple(values), anchor=anchor_for(qid, part), assumptions=assumptions,
                   validated_against=validated_against, reproduce=self.reproduce, status=status, part=part,
                   notebook=self.notebook, report=f"{self.notebook}.html")

        check_answer(a, self.questions)
        self.answers.append(a)
        q = self.questions[qid]
        nums = "; ".join(_show(v) for v in a.values)
        return HTML(
            f'<div class="answer" id="{a.anchor}" style="border-left:4px solid #4c72b0;padding:0.4em 0.8em;'
            f'margin:0.8em 0;background:#f5f7fb"><b>{html.escape(qid)}{" (" + html.escape(part) + ")" if part else ""}'
            f" &middot; {html.escape(status)}</b>: {html.escape(q.question)}<br>{html.escape(answer)}<br>"
            f"<small><b>Numbers:</b> {html.escape(nums)}<br><b>Assumptions:</b> {html.escape(assumptions)}<br>"
            f"<b>Checked against:</b> {html.escape(validated_against)}</small></div>")

    def write(self) -> None:
        """Write answers.json to the output folder (nothing when the notebook has none). Returns
        nothing, so a notebook's last line leaves no output in the report."""
        if self.out_dir:
            write_answers(self.out_dir, self.notebook, self.answers, self.questions)


def _show(v: Value) -> str:
    text = f"{v.label + ': ' if v.label else ''}{v.value:.4g} {v.unit}"
    if v.low is not None and v.high is not None:
        text += f" ({v.low:.4g} to {v.high:.4g})"
    return text
