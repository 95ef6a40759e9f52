"""The reviewer's HTML: the findings block that opens each report, its provenance block, the
findings index (reports/index.html) and the stylesheet they share. Nothing here reads a clock:
the same commit gives the same bytes."""

from __future__ import annotations

import ast
import html
import importlib.metadata
import platform
import re
import subprocess
from pathlib import Path

from swapmodel.base import paths
from swapmodel.report.answers import STATUS_COLOURS
from swapmodel.report.names import GLOSSARY, glossary_anchor, prose_html
from swapmodel.sources.questions import gap_label

PACKAGES = ("numpy", "scipy", "pandas", "matplotlib", "seaborn", "numba", "papermill", "nbconvert", "jupytext")
STATUS_ORDER = ("answered", "disagrees", "partial", "open", "out-of-scope")

CSS = """
body { max-width: 1200px; margin: auto; overflow-wrap: anywhere; }
.scroll, .jp-OutputArea-output.jp-RenderedHTMLCommon { overflow-x: auto; max-width: 100%; }
.swapmodel-findings .answer, .swapmodel-index .answer { border-bottom: 1px solid #ddd; padding: 0.4em 0; }
.answer-head { display: flex; flex-wrap: wrap; gap: 0 0.8em; align-items: baseline; }
.answer-head .qid { font-weight: 600; min-width: 3em; }
.answer-head .asked, .answer .parts, .answer .checked { color: #555; font-size: 12px; }
.answer details summary { cursor: pointer; color: #555; font-size: 12px; }
#headline td:nth-child(n+2) { white-space: nowrap; }
#headline td:first-child { min-width: 16em; }
#headline td:last-child, #headline th:last-child { white-space: nowrap; }
@media (max-width: 640px) {  /* a phone: each headline number a card, every cell labelled */
  #headline thead { display: none; }
  #headline table, #headline tbody, #headline tr, #headline td { display: block; width: auto; min-width: 0; }
  #headline tr { border-bottom: 1px solid #ccc; padding: 0.3em 0; }
  #headline td { border: none; padding: 1px 4px; white-space: normal; }
  #headline td[data-label]::before { content: attr(data-label) ": "; color: #555; }
}
.kind-measured { color: #1a7f37; } .kind-modelled { color: #0550ae; } .kind-assumed { color: #9a6700; font-weight: 600; }
.swapmodel-contents ol { columns: 2 22em; margin: 0.3em 0; }
.swapmodel-provenance li { margin: 0.15em 0; }
body.swapmodel-index { font-family: system-ui, sans-serif; font-size: 14px; padding: 0 1em; }
.swapmodel-findings, .swapmodel-provenance { font-family: system-ui, sans-serif; font-size: 14px; margin: 1em 0; }
.swapmodel-findings table, .swapmodel-index table { border-collapse: collapse; width: 100%; }
.swapmodel-findings th, .swapmodel-findings td, .swapmodel-index th, .swapmodel-index td {
  border-bottom: 1px solid #ddd; padding: 4px 8px; vertical-align: top; text-align: left; }
.swapmodel-findings th, .swapmodel-index th { background: #f3f3f3; }
""" + "".join(f".status-{s} {{ color: {c}; font-weight: 600; }}\n" for s, c in STATUS_COLOURS.items()) + """.swapmodel-provenance { color: #555; border-top: 1px solid #ddd; padding-top: 0.5em; }
.swapmodel-provenance code { font-size: 12px; }
.jp-RenderedHTMLCommon table { font-size: 12px; }
table.dataframe th, table.dataframe td { overflow-wrap: normal; }  /* words whole; a wide table scrolls in its box */
table.validation td, table.validation th { text-align: left; vertical-align: top; padding: 2px 6px; }
table.validation td:nth-child(n+2) { white-space: nowrap; }
details.validation summary { cursor: pointer; color: #555; font-size: 12px; }
.jp-RenderedHTMLCommon table.dataframe td:first-child, .jp-RenderedHTMLCommon table.dataframe th:first-child { text-align: left; }
figure.swapmodel-figure { margin: 1em 0; }
details.long-table summary { cursor: pointer; color: #555; font-family: system-ui, sans-serif; font-size: 12px; }
figure.swapmodel-figure svg { max-width: 100%; height: auto; }
#glossary .scroll { overflow-x: auto; }
#glossary td:first-child { white-space: nowrap; }
#glossary td:last-child, #glossary td:nth-child(5) { word-break: break-word; overflow-wrap: anywhere; max-width: 22em; }
a.design-name, a.design-name:link, a.design-name:visited, .jp-RenderedHTMLCommon a.design-name:link,
.jp-RenderedHTMLCommon a.design-name:visited { color: inherit; text-decoration: none; border-bottom: 1px dotted #888; }
a.design-name abbr { text-decoration: none; }
figure.swapmodel-figure figcaption, .swapmodel-anchor { font-family: system-ui, sans-serif; font-size: 12px; color: #555; margin: 0.3em 0; }
"""


def _git(*args: str) -> str:
    try:
        out = subprocess.run(["git", *args], cwd=paths.ROOT, capture_output=True, text=True, check=True)
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def input_commit(nb_path: Path) -> dict:
    """The last commit that touched this report's inputs (the notebook, the package, data/), its
    date, and whether the working tree differs from it there."""
    inputs = [str(nb_path.relative_to(paths.ROOT)), "swapmodel", "data"]
    line = _git("log", "-1", "--format=%H %cI", "--", *inputs)
    commit, date = (line.split() + ["", ""])[:2] if line else ("unknown", "unknown")
    dirty = bool(_git("status", "--porcelain", "--", *inputs))
    return {"commit": commit, "date": date, "uncommitted_changes": dirty}


def package_versions() -> dict:
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = "absent"
    return out


def _literal(value):
    """A parameter's value: papermill reports a default as its source text ('64.0', '"zswap"')."""
    if isinstance(value, str):
        try:
            return ast.literal_eval(value)
        except (ValueError, SyntaxError):
            return value
    return value


def machine() -> dict:
    """The machine the report was built on and the one its measurements were taken on: CPU model,
    whether it is a VM (the `hypervisor` CPU flag), logical CPUs, memory and page size, read from
    /proc at build time; and the load latencies of the newest recorded latency run
    (data/kernel/live/latency-*.json, `swapmodel kernel latency --record`), with its machine."""
    import os

    from swapmodel.sources import kernel_records

    def read(path: str) -> list[str]:
        try:
            return Path(path).read_text().splitlines()
        except OSError:
            return []

    cpuinfo = read("/proc/cpuinfo")
    model = next((ln.split(":", 1)[1].strip() for ln in cpuinfo if ln.startswith("model name")), platform.machine())
    flags = next((ln.split(":", 1)[1].split() for ln in cpuinfo if ln.startswith("flags")), [])
    mem_kib = next((int(ln.split()[1]) for ln in read("/proc/meminfo") if ln.startswith("MemTotal:")), 0)
    built = {"cpu": model, "vm": "hypervisor" in flags, "logical_cpus": os.cpu_count() or 0,
             "memory_gib": mem_kib / 2**20, "page_bytes": os.sysconf("SC_PAGE_SIZE"), "kernel": platform.release()}
    records = sorted(kernel_records.load_live_records("latency"), key=lambda r: r.get("taken_at_utc", ""))
    return {"built": built, "latency": records[-1] if records else None, "latency_runs": len(records)}


def machine_items() -> str:
    """The machine as provenance list items."""
    from swapmodel.report.tables import number

    m = machine()
    b = m["built"]
    items = [f"<li>Built on: {html.escape(b['cpu'])}, {'a VM' if b['vm'] else 'bare metal'} (CPU flag "
             f"<code>hypervisor</code> {'set' if b['vm'] else 'not set'}), {b['logical_cpus']} logical CPUs, "
             f"{number(b['memory_gib'])} GiB memory, {b['page_bytes'] // 1024} KiB pages, kernel "
             f"<code>{html.escape(b['kernel'])}</code> (read from /proc at build time)</li>"]
    rec = m["latency"]
    if rec:
        lat = ", ".join(f"{html.escape(k)} {number(v)} ns" for k, v in rec.get("latency_ns", {}).items())
        extra = "".join(f", {label} {number(rec[key])} ns" for key, label in
                        (("atomic_rmw_ns", "uncontended atomic RMW"), ("line_transfer_ns", "cache-line transfer between CPUs"))
                        if key in rec)
        mach = rec.get("machine", {})
        items.append(f"<li>Measured load latencies, the newest of {m['latency_runs']} recorded runs (notebook 06 "
                     "prices with their medians, table latency_runs; the kernel build string changes between boots "
                     "of this VM) (<code>swapmodel kernel latency --record</code>, kernel "
                     f"<code>{html.escape(rec.get('kernel_release', ''))}</code>, {html.escape(rec.get('taken_at_utc', ''))}, "
                     f"{html.escape(str(mach.get('cpu', '')))}, {html.escape(str(mach.get('logical_cpus', '')))} CPUs, "
                     f"{html.escape(str(mach.get('node', '')))}): {lat}{extra}</li>")
    return "".join(items)


def provenance_block(nb_path: Path, parameters: dict) -> str:
    """Which inputs, packages, kernel, machine and parameters produced the report."""
    c = input_commit(nb_path)
    versions = ", ".join(f"{k} {v}" for k, v in package_versions().items())
    params = ", ".join(f"{k}={_literal(v)!r}" for k, v in sorted(parameters.items()) if k != "out_dir")
    state = " plus uncommitted changes" if c["uncommitted_changes"] else ""
    return (
        '<section class="swapmodel-provenance" id="provenance"><h2>Provenance</h2><ul>'
        f"<li>Inputs (notebook <code>{html.escape(nb_path.name)}</code>, package, data) at commit "
        f"<code>{html.escape(c['commit'])}</code> of {html.escape(c['date'])}{state}</li>"
        f"<li>Packages: {html.escape(versions)}</li>{machine_items()}"
        f"<li>Parameters: <code>{html.escape(params)}</code></li>"
        "<li>Reproduce: <code>swapmodel report --notebook " + html.escape(nb_path.stem) + "</code></li></ul></section>"
    )


def _values(values: list[dict]) -> str:
    from swapmodel.report.tables import number

    return "; ".join(html.escape(f"{v.get('label', '')}: {number(v['value'])} {v['unit']}".strip(": ")) for v in values)


def _gap(gap: str, status: str, glossary: str = f"index.html#{GLOSSARY}", report: str = "") -> str:
    return f"<br><b>{gap_label(status)}:</b> {answer_html(gap, glossary, report)}" if gap else ""


# "table mru_hits", "(figure: virtual_physical_fill)", "figure t1_validation": a slug has an underscore
_EVIDENCE = re.compile(r"\b(table|figure)(:?\s+)([a-z0-9]+(?:_[a-z0-9]+)+)\b")
_SECTION = re.compile(r"\bsection (\d+)\b")


def plain_numbers(text: str) -> str:
    """`text` without e-notation (`swapmodel.report.tables.plain_numbers`)."""
    from swapmodel.report.tables import plain_numbers as plain

    return plain(text)


def answer_html(text: str, glossary: str = f"index.html#{GLOSSARY}", report: str = "") -> str:
    """Answer prose as HTML: design ids as display names (`prose_html`), numbers without
    e-notation, and each table, figure or section it cites by slug ("table mru_hits", "figure:
    fallback_by_design", "section 5") linked to its anchor in `report` (this page where empty)."""
    out = prose_html(plain_numbers(text), glossary)
    out = _EVIDENCE.sub(lambda m: f'<a href="{html.escape(report)}#{m[1]}-{m[3]}">{m[1]}{m[2]}{m[3]}</a>', out)
    return _SECTION.sub(lambda m: f'<a href="{html.escape(report)}#section-{m[1]}">{m[0]}</a>', out)


def asked(q) -> str:
    """Who asked a question and when, linked to the message."""
    if q is None or not (q.who or q.url):
        return ""
    who = html.escape(", ".join(x for x in (q.who, q.date) if x)) or "the message"
    return (f'<span class="asked">asked by <a href="{html.escape(q.url)}">{who}</a></span>' if q.url
            else f'<span class="asked">asked by {who}</span>')


def _status(status: str) -> str:
    return f'<span class="status-{html.escape(status)}">{html.escape(status)}</span>'


def findings_block(answers: list[dict], questions: dict) -> str:
    """The report's own answers, first thing a reviewer sees: one block per answer, its id (linked
    to the answer), status, question (linked to the message that asked it) on one line, then the
    answer across the page's width."""
    if not answers:
        return ""
    blocks = []
    for a in answers:
        q = questions.get(a["id"])
        label = a["id"] + (f" ({a['part']})" if a.get("part") else "")
        blocks.append(
            f'<div class="answer"><div class="answer-head"><a class="qid" href="#{html.escape(a["anchor"])}">'
            f"{html.escape(label)}</a>{_status(a['status'])}<span>{html.escape(q.question if q else '')}</span>"
            f"{asked(q)}</div><div>{answer_html(a['answer'])}{_gap(a.get('gap', ''), a['status'])}</div>"
            f"{evidence_html(a.get('evidence', ()))}</div>")
    return '<section class="swapmodel-findings" id="findings"><h2>Findings</h2>' + "".join(blocks) + "</section>"


def evidence_html(evidence, report: str = "") -> str:
    """The tables and figures an answer rests on, each linked ("Evidence: table claims, figure
    overhead_vs_utilisation"); nothing where the answer names none."""
    if not evidence:
        return ""
    links = []
    for item in evidence:
        kind, _, name = item.partition(" ")
        links.append(f'<a href="{html.escape(report)}#{html.escape(kind)}-{html.escape(name)}">{html.escape(item)}</a>')
    return f"<div class='evidence'>Evidence: {', '.join(links)}</div>"


def validation_block(sentences: list[str]) -> str:
    """What a report's checks of the model found, from its saved tables (for reports that answer no
    registry question: 02 and 03), in the same place and form as a findings block."""
    if not sentences:
        return ""
    items = "".join(f'<div class="answer">{answer_html(t)}</div>' for t in sentences)
    return ('<section class="swapmodel-findings" id="findings"><h2>Findings: what the validation found</h2>'
            f"{items}</section>")


_ABBREVIATIONS = ("e.g.", "i.e.", "vs.", "cf.", "approx.", "et al.", "no.", "fig.")
SUMMARY_WORDS = 60


def _sentence_end(text: str) -> int:
    """Where the first sentence of `text` ends: '.', '!' or '?' outside parentheses, followed by a
    space and a capital, a digit or '[' (not after e.g., i.e., vs.)."""
    depth = 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch in ".!?" and depth == 0 and i + 2 < len(text) and text[i + 1] == " " and \
                (text[i + 2].isupper() or text[i + 2].isdigit() or text[i + 2] == "["):
            if not any(text[: i + 1].lower().endswith(a) for a in _ABBREVIATIONS):
                return i + 1
    return len(text)


def _without_asides(text: str) -> str:
    """`text` without the parenthesised asides that carry sources rather than findings: a URL, a
    path, a quote of code, or more than 12 words."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "(":
            depth, j = 0, i
            while j < len(text):
                depth += {"(": 1, ")": -1}.get(text[j], 0)
                if depth == 0:
                    break
                j += 1
            aside = text[i:j + 1]
            if "http" in aside or "/" in aside or "'" in aside or len(aside.split()) > 12:
                i = j + 1
                continue
            out.append(aside)
            i = j + 1
            continue
        out.append(text[i])
        i += 1
    return re.sub(r"\s+([,.;:])", r"\1", re.sub(r"\s{2,}", " ", "".join(out))).strip()


def first_sentence(text: str) -> str:
    """The summary of an answer shown before its detail is unfolded: its first sentence, and the
    second too where the first carries no number (a sentence that only frames the answer); without
    the asides that carry sources (`_without_asides`); cut at the last clause boundary before 60
    words, with an ellipsis, where it is longer."""
    end = _sentence_end(text)
    if not re.search(r"\d", text[:end]) and end < len(text):
        end = end + 1 + _sentence_end(text[end + 1:])
    sentence = _without_asides(text[:end])
    words = sentence.split()
    if len(words) > SUMMARY_WORDS:
        cut = " ".join(words[:SUMMARY_WORDS])
        at = max(cut.rfind(", "), cut.rfind("; "), cut.rfind(": "))
        sentence = (cut[:at] if at > len(cut) // 3 else cut).rstrip(",;: ") + " \u2026"
    return sentence


def _part_texts(r: dict) -> list[tuple[dict, str]]:
    """A merged answer split back into its parts' texts (merged_answers joins them as '[part] text')."""
    parts = r.get("parts") or []
    if len(parts) <= 1:
        return [(parts[0] if parts else {"part": "", "report": r.get("report", ""), "anchor": r.get("anchor", ""),
                                         "status": r["status"], "notebook": ""}, r["answer"])]
    marks = [f"[{p['part']}] " for p in parts]
    out, rest = [], r["answer"]
    for i, p in enumerate(parts):
        rest = rest[len(marks[i]):] if rest.startswith(marks[i]) else rest
        nxt = rest.find(" " + marks[i + 1]) if i + 1 < len(parts) else -1
        out.append((p, rest if nxt < 0 else rest[:nxt]))
        rest = "" if nxt < 0 else rest[nxt + 1:]
    return out


_EMPTY_CELL = re.compile(r"<td>(NaN|None|nan|NaT)</td>")
_PIECE = re.compile(r'<h2 id="([^"]+)">(.*?)<a class="anchor-link"[^>]*>[^<]*</a></h2>'
                    r'|<table( border="\d+")? class="dataframe"((?: data-(?:index|columns)="[^"]*")*)>'
                    r'|<figcaption><a href="#(figure-[\w-]+)">figure [\w-]+</a>', re.S)
_LINK = re.compile(r'href="#((table|figure)-([\w-]+))"')


def _words(heading: str) -> str:
    text = re.sub(r"<[^>]+>", "", heading).strip()
    return re.sub(r"^\d+\.\s*", "", text)


LONG_TABLE_ROWS = 30
"""A table of more rows than this is shown folded (`<details>`): a reader scrolls past it in one step."""
_TABLE = re.compile(r'<table class="dataframe" id="table-\d+">.*?</table>', re.S)


def _fold_long(m: re.Match) -> str:
    """A long table inside `<details>`, its row count in the summary (its label and anchor stay outside)."""
    rows = len(re.findall(r"<tr\b", m[0].split("<tbody", 1)[-1]))
    if rows <= LONG_TABLE_ROWS:
        return m[0]
    return (f'<details class="long-table"><summary>{rows} rows: show the table (or open its CSV)</summary>'
            f"{m[0]}</details>")


def tidy(body: str, stem: str = "", table_names: dict[str, str] | None = None) -> str:
    """Missing values shown as a dash rather than NaN or None; every pandas table numbered with an
    anchor (`#table-N`, in page order) and named: after the CSV of the report it is (same columns:
    `table_names`, columns joined by '|' -> CSV stem; also anchored `#table-STEM`), else after its
    section; every figure numbered beside its own anchor (`#figure-NAME`); every numbered section
    anchored `#section-N`; a contents list of the sections opens the page (before the findings).
    A link to a table or figure the page does not show goes to its file under `stem/` instead."""
    body = _EMPTY_CELL.sub("<td>&ndash;</td>", body)
    table_names = table_names or {}
    counters = {"table": 0, "figure": 0}
    sections: list[tuple[str, str]] = []
    current = [""]

    def piece(m: re.Match) -> str:
        if m[1] is not None:  # a section heading
            sections.append((m[1], _words(m[2])))
            current[0] = _words(m[2])
            number = re.match(r"\s*(\d+)\.", re.sub(r"<[^>]+>", "", m[2]))
            return (f'<span id="section-{number[1]}"></span>' if number else "") + m[0]
        if m[5] is not None:  # a figure's caption
            counters["figure"] += 1
            return f'<figcaption><a href="#{m[5]}">Figure {counters["figure"]}</a> ({m[5].removeprefix("figure-")})'
        counters["table"] += 1
        n = counters["table"]
        attrs = dict(re.findall(r'data-(index|columns)="([^"]*)"', m[4] or ""))
        index, columns = html.unescape(attrs.get("index", "")), html.unescape(attrs.get("columns", ""))
        csv = table_names.get(f"{index}|{columns}" if index else columns) or table_names.get(columns)
        name = csv or current[0] or "top of the report"
        anchor = f' id="table-{html.escape(csv)}"' if csv else ""
        return (f'<p class="swapmodel-anchor"{anchor}><a href="#table-{n}">Table {n}</a> ({html.escape(name)})</p>'
                f'<table class="dataframe" id="table-{n}">')

    body = _PIECE.sub(piece, body)
    body = _TABLE.sub(_fold_long, body)
    ids = set(re.findall(r'id="([^"]+)"', body))

    def link(m: re.Match) -> str:
        if m[1] in ids or not stem:
            return m[0]
        return f'href="{html.escape(stem)}/{m[3]}.{"csv" if m[2] == "table" else "svg"}"'

    body = _LINK.sub(link, body)
    if sections:
        items = "".join(f'<li><a href="#{a}">{html.escape(t)}</a></li>' for a, t in sections if t != "Provenance")
        extra = ('<li><a href="#findings">Findings</a></li>' if 'id="findings"' in body else "")
        nav = (f'<nav class="swapmodel-contents" id="contents"><b>Contents</b><ol>{extra}{items}'
               '<li><a href="#provenance">Provenance</a></li></ol></nav>')
        at = body.find('<section class="swapmodel-findings"')
        at = at if at >= 0 else body.find(f'<h2 id="{sections[0][0]}"')
        body = body[:at] + nav + body[at:]
    return body


def index_page(rows: list[dict], titles: dict[str, str], questions: dict | None = None) -> str:
    """reports/index.html: the reports, the headline numbers (`swapmodel.report.headline`), then
    one block per registry question: id, status, the question linked to the message that asked it,
    one sentence per answer part (`first_sentence`) with its detail folded in `<details>` (the whole
    answer, its numbers, every part's report and anchor, what it was checked against); then the
    glossary of designs."""
    from swapmodel.report.headline import headline_html
    from swapmodel.sources.questions import load_questions

    questions = questions or load_questions()
    counts = {s: sum(r["status"] == s for r in rows) for s in STATUS_ORDER}
    blocks = []
    for r in rows:
        glossary = "#" + GLOSSARY
        texts = _part_texts(r) if r["answer"] else []
        summary = " ".join(
            (f"<b>[{html.escape(p['part'])}]</b> " if p.get("part") else "")
            + answer_html(first_sentence(t), glossary, p.get("report", "")) for p, t in texts)
        full = "".join(
            f"<p>{'<b>[' + html.escape(p['part']) + ']</b> ' if p.get('part') else ''}"
            f"{answer_html(t, glossary, p.get('report', ''))}</p>" for p, t in texts)
        shown = " &middot; ".join(
            f'<a href="{html.escape(p["report"])}#{html.escape(p["anchor"])}">'
            f'{html.escape(p["report"].removesuffix(".html"))}{" (" + html.escape(p["part"]) + ")" if p.get("part") else ""}'
            f"</a> {_status(p['status'])}" for p in r.get("parts", []) if p.get("report"))
        detail = (f"<details><summary>detail: the whole answer, its numbers, what it was checked against</summary>{full}"
                  + (f"<p>{_gap(r.get('gap', ''), r['status'], glossary, (r.get('parts') or [{}])[0].get('report', ''))[4:]}</p>"
                     if r.get("gap") else "")
                  + (f"<p class='parts'>Numbers: {_values(r['values'])}</p>" if r["values"] else "")
                  + (f"<p class='checked'>Checked against: {html.escape(r['validated_against'])}</p>"
                     if r["validated_against"] else "") + "</details>") if texts else ""
        blocks.append(
            f'<div class="answer question" id="q-{html.escape(r["id"].replace(".", "-"))}"><div class="answer-head">'
            f'<span class="qid">{html.escape(r["id"])}</span>{_status(r["status"])}<span>{html.escape(r["question"])}</span>'
            f"{asked(questions.get(r['id']))}</div>"
            f"<div>{summary or '<i>no answer</i>'}</div>"
            + (f"<div class='parts'>Shown in: {shown}</div>" if shown else "")
            + "".join(evidence_html(p.get("evidence", ()), p.get("report", "")) for p in r.get("parts", []))
            + detail + "</div>")
    reports = "".join(f'<li><a href="{html.escape(stem)}.html">{html.escape(title)}</a> '
                      f'(<a href="{html.escape(stem)}/">tables and figures</a>)</li>' for stem, title in titles.items())
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'><title>swapmodel: findings</title>"
        f"<style>{CSS}</style></head><body class='swapmodel-index'>"
        "<h1>swapmodel: what the swap-entry debate's questions come to</h1>"
        f"<p>{len(rows)} questions of the registry (<code>data/questions.toml</code>): "
        + ", ".join(f"{n} {s}" for s, n in counts.items() if n)
        + ". Each answer is computed in an executed notebook; its links open the report at the answer. "
        "The same answers as plain text for a mailing-list reply: <code>swapmodel answers --format text</code>. "
        f"Designs are named as in the <a href='#{GLOSSARY}'>glossary</a> (hover a name for its catalogue id).</p>"
        f"<h2>Reports</h2><ul>{reports}</ul>{headline_html(rows, '#' + GLOSSARY)}"
        "<section id='findings'><h2>Every question, one sentence each</h2>"
        "<p>The first sentence of each answer, without its parenthesised sources; unfold <i>detail</i> for the "
        f"whole answer.</p>{''.join(blocks)}</section>{glossary_section()}</body></html>\n")


def glossary_section() -> str:
    """The designs of the catalogue (data/designs/*.toml), one row each: catalogue id, display name,
    authors, series, status and date, and the posting; every design name on the pages links here."""
    from swapmodel.sources.designs import load_catalogue

    rows = "".join(
        f'<tr id="{html.escape(glossary_anchor(d.name))}"><td><code>{html.escape(d.name)}</code></td>'
        f"<td>{html.escape(d.display_name)}</td><td>{html.escape(', '.join(d.authors))}</td>"
        f"<td>{html.escape(d.series)}</td><td>{html.escape(d.status)}{' in ' + html.escape(d.merged_in) if d.merged_in else ''}"
        f"{' (secondary source)' if d.basis == 'secondary' else ''}, {html.escape(d.date)}</td>"
        f'<td><a href="{html.escape(d.link)}">{html.escape(_short_link(d.link))}</a></td></tr>'
        for d in load_catalogue().values())
    return (f'<section id="{GLOSSARY}"><h2>Designs</h2><p>One name per design: the answers and figures use the '
            "display name; JSON, <code>swapmodel answers --format text</code> and the tables use the catalogue id "
            "(<code>swapmodel designs</code>).</p><div class='scroll'><table><thead><tr><th>id</th><th>display name</th><th>author</th>"
            f"<th>series</th><th>status, date</th><th>posting</th></tr></thead><tbody>{rows}</tbody></table></div></section>")


def _short_link(url: str) -> str:
    """A URL as a reader scans it: host and the message id or path, without the scheme."""
    bare = url.split("://", 1)[-1].rstrip("/")
    for lore in ("lore.kernel.org/all/", "lore.kernel.org/r/"):
        if bare.startswith(lore):
            return "lore " + bare.removeprefix(lore)
    return bare
