"""The headline table that opens the findings index: the 5-8 numbers a reviewer would quote, in a
cover letter's "baseline / design / change" form, each taken from an answer (reports/*/answers.json,
as `swapmodel.sources.questions.merged_answers` joins them) and linked to it; nothing is typed in.

A number is picked by its tags (`design`, `quantity`, and a part of `scope`: see
`swapmodel.sources.questions.Value`) where its answer tags it, else by its answer id and label
(`Pick.answer`, `Pick.label`: the values a findings module has not tagged yet). A change is the
answer's own where it states one (`Row.change`), else design minus baseline. Each row says what
kind of number it is: `modelled` (the cost model over catalogue sizes, or the allocator simulator),
`measured` (a run on a kernel), or `assumed` (an input chosen, not found: the verdict is shown as a
function of it in its report). A row whose number no answer carries is left out and named below the
table, so a renamed label shows instead of silently vanishing."""

from __future__ import annotations

import html
from dataclasses import dataclass

from swapmodel.report.names import prose_html
from swapmodel.report.tables import number

KINDS = ("measured", "modelled", "assumed")
FULL_DENSE = "full dense device (utilisation 1)"
POSTED_1X = "each layer's own per-CPU cluster cache (posted code), device 1x the swapped set"


@dataclass(frozen=True)
class Pick:
    """Which value of which answer: by tags (design, quantity, a part of scope), or by answer id and
    label for a value not tagged."""

    design: str = ""
    quantity: str = ""
    scope: str = ""
    answer: str = ""
    label: str = ""

    def matches(self, row_id: str, v: dict) -> bool:
        if self.answer:
            return row_id == self.answer and v.get("label", "") == self.label
        return (v.get("design") == self.design and v.get("quantity") == self.quantity
                and self.scope in v.get("scope", ""))


@dataclass(frozen=True)
class Row:
    """One headline number: what it is (prose; catalogue ids become display names), the baseline and
    the design value, or the change alone, and its kind."""

    what: str
    kind: str
    design: Pick | None = None
    baseline: Pick | None = None
    change: Pick | None = None
    note: str = ""


HEADLINE = (
    Row("Bytes per disk entry, vswap-v3 against linux-6.18, full ledgers, " + FULL_DENSE, "modelled",
        design=Pick("vswap-v3", "bytes per disk entry", FULL_DENSE),
        baseline=Pick("linux-6.18", "bytes per disk entry", FULL_DENSE),
        change=Pick("vswap-v3 vs linux-6.18", "extra bytes per disk entry", FULL_DENSE)),
    Row("Bytes per disk entry, vswap-ste-v2 against linux-6.18, full ledgers", "modelled",
        design=Pick(answer="4.19", label="vswap-ste-v2, disk"),
        baseline=Pick(answer="4.19", label="linux-6.18, disk")),
    Row("Extra bytes per zswap entry, vswap-v3 against linux-6.18, with zswap's bookkeeping, " + FULL_DENSE,
        "modelled", change=Pick("vswap-v3 vs linux-6.18", "extra bytes per zswap entry", FULL_DENSE)),
    Row("Break-even utilisation, zswap only: vswap-v3 costs less than linux-6.18 below it", "modelled",
        design=Pick(answer="4.4", label="vswap-v3 vs linux-6.18, zswap only")),
    Row("Break-even utilisation, zswap only: vswap-v3 costs less than swap-table-p4 below it", "modelled",
        design=Pick(answer="4.4", label="vswap-v3 vs swap-table-p4, zswap only")),
    Row("Worst case: 64 KiB swap-outs not leaving whole on a device the size of the swapped set "
        "(linux-6.18 splits, vswap-v3 reactivates)", "modelled",
        design=Pick("vswap-v3", "share of 64 KiB swap-outs not leaving whole (split or reactivated)", POSTED_1X),
        baseline=Pick("linux-6.18", "share of 64 KiB swap-outs not leaving whole (split or reactivated)", POSTED_1X)),
    Row("Worst case: swap metadata for 450 MiB of same-filled pages in an 8 GiB zram under vswap-v3, the pages "
        "alone and scattered over the device's clusters instead of sharing clusters with its other swapped pages",
        "modelled",
        design=Pick(answer="4.21", label="vswap-v3, scattered"),
        baseline=Pick(answer="4.21", label="vswap-v3, packed"), note="baseline: the same entries packed"),
    Row("Fleet mix input: share of hosts whose swap is mostly behind zswap", "assumed",
        design=Pick(answer="4.8", label="half the hosts mostly on disk"),
        note="an input of the fleet model, not a finding: its report shows the verdict as a function of it"),
)


def _find(pick: Pick, answers: list[dict]) -> tuple[dict, dict] | None:
    """The first answer (registry order) carrying the picked value, and the value."""
    for a in answers:
        for v in a["values"]:
            if pick.matches(a["id"], v):
                return a, v
    return None


def _link(a: dict) -> dict:
    """Where the value is shown: the report's answer where the answer has one part; the answer's row
    on the index (which links every part) where it has several (a value does not record its part)."""
    parts = a.get("parts") or []
    if len(parts) == 1:
        return {"id": a["id"], "status": a["status"], "report": parts[0]["report"], "anchor": parts[0]["anchor"]}
    return {"id": a["id"], "status": a["status"], "report": "", "anchor": ""}


def headline_rows(answers: list[dict], rows=HEADLINE) -> tuple[list[dict], list[str]]:
    """The headline numbers found in `answers` (merged_answers records) and the rows not found.

    Each found row: what, kind, note, and for baseline, design and change a dict {value, unit,
    answer id, report, anchor} or None; a change not stated by an answer is design minus baseline
    (same unit), in points for percentages."""
    found, missing = [], []
    for row in rows:
        picks = {"design": row.design, "baseline": row.baseline, "change": row.change}
        cells, absent = {}, []
        for key, pick in picks.items():
            if pick is None:
                cells[key] = None
                continue
            hit = _find(pick, answers)
            if hit is None:
                absent.append(key)
                continue
            a, v = hit
            cells[key] = {"value": v["value"], "unit": v["unit"], **_link(a)}
        if absent:
            missing.append(f"{row.what} ({', '.join(absent)} not in any answer)")
            continue
        b, d = cells["baseline"], cells["design"]
        if cells["change"] is None and b is not None and d is not None and b["unit"] == d["unit"]:
            cells["change"] = {**d, "value": d["value"] - b["value"], "computed": True}
        found.append({"what": row.what, "kind": row.kind, "note": row.note, **cells})
    return found, missing


def _quantity(cell: dict | None, signed: bool = False) -> str:
    if cell is None:
        return "&ndash;"
    unit = cell["unit"]
    if signed and unit.startswith("%"):
        unit = "points"  # a change of a percentage
    text = ("+" if signed and cell["value"] > 0 else "") + number(cell["value"]).replace("-", "\u2212")
    share = f" {html.escape(unit)}" if unit not in ("utilisation",) else ""
    target = (f'{html.escape(cell["report"])}#{html.escape(cell["anchor"])}' if cell.get("report")
              else f'#q-{html.escape(cell["id"].replace(".", "-"))}')
    return f'<a href="{target}" title="answer {html.escape(cell["id"])}">{html.escape(text)}{share}</a>'


def _answer_links(r: dict) -> str:
    """Each answer a row's numbers come from, linked to its row on the index, with its status."""
    ids = dict.fromkeys((c["id"], c["status"]) for c in (r["baseline"], r["design"], r["change"]) if c)
    return ", ".join(f'<a href="#q-{html.escape(i.replace(".", "-"))}">{html.escape(i)}</a> '
                     f'<span class="status-{html.escape(st)}">{html.escape(st)}</span>' for i, st in ids)


def headline_html(answers: list[dict], glossary: str = "#glossary") -> str:
    """The headline table as HTML (id `headline`), in its own horizontally scrolling box."""
    found, missing = headline_rows(answers)
    trs = "".join(
        f"<tr><td>{prose_html(r['what'], glossary)}"
        + (f"<br><small>{prose_html(r['note'], glossary)}</small>" if r["note"] else "")
        + f"</td><td data-label='baseline'>{_quantity(r['baseline'])}</td>"
        f"<td data-label='design'>{_quantity(r['design'])}</td>"
        f"<td data-label='change'>{_quantity(r['change'], signed=True)}</td>"
        f'<td data-label="kind" class="kind-{r["kind"]}">{r["kind"]}</td>'
        f"<td data-label='answer'>{_answer_links(r)}</td></tr>" for r in found)
    absent = (f"<p><small>Not in this build's answers: {html.escape('; '.join(missing))}.</small></p>"
              if missing else "")
    return ("<section id='headline'><h2>Headline numbers</h2>"
            "<p>Each number is an answer's own (linked to where its report shows it); a change not stated by an "
            "answer is design minus baseline. <i>modelled</i>: the cost model over catalogue struct sizes, or the "
            "allocator simulator; <i>measured</i>: a run on a kernel; <i>assumed</i>: an input, not a finding.</p>"
            "<div class='scroll'><table><thead><tr><th>number</th><th>baseline</th><th>design</th><th>change</th>"
            f"<th>kind</th><th>answer</th></tr></thead><tbody>{trs}</tbody></table></div>{absent}</section>")
