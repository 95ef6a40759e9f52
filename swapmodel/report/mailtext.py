"""The findings as plain text for a reply on the mailing list (`swapmodel answers --format text`):
ASCII only, wrapped at 72 columns, links as numbered references at the end (a link longer than a
line stands alone on its own line, unbroken)."""

from __future__ import annotations

import textwrap
import unicodedata

from swapmodel.report.tables import number, plain_numbers
from swapmodel.sources.questions import gap_label

WIDTH = 72
_ASCII = {"\u00d7": "x", "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2264": "<=", "\u2265": ">=", "\u00b1": "+-",
          "\u00b5": "u", "\u03bc": "u", "\u2192": "->", "\u00b7": "-", "\u201c": '"', "\u201d": '"', "\u2018": "'",
          "\u2019": "'", "\u2026": "...", "\u00a0": " ", "\u2248": "~"}


def ascii_text(text: str) -> str:
    """`text` with typographic characters spelt in ASCII and any other non-ASCII letter reduced to
    its base letter (or dropped)."""
    text = "".join(_ASCII.get(ch, ch) for ch in text)
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _wrap(text: str, indent: str) -> list[str]:
    return textwrap.wrap(ascii_text(plain_numbers(text)), width=WIDTH, initial_indent=indent, subsequent_indent=indent,
                         break_long_words=True, break_on_hyphens=False)


def findings_text(rows: list[dict], report_base: str = "reports/") -> str:
    """Every registry question with its status, answer and numbers; the report anchor and the
    posting that asked it as numbered references."""
    refs: list[str] = []

    def ref(url: str) -> str:
        if url not in refs:
            refs.append(url)
        return f"[{refs.index(url) + 1}]"

    counts: dict[str, int] = {}
    for r in rows:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    lines = _wrap(f"swapmodel findings: {len(rows)} questions, "
                  + ", ".join(f"{n} {s}" for s, n in counts.items()) + ".", "")
    for r in rows:
        lines.append("")
        asked = f" {ref(r['url'])}" if r.get("url") else ""
        lines += _wrap(f"{r['id']} ({r['status']}) {r['question']}{asked}", "")
        if r["answer"]:
            shown = f" {ref(report_base + r['report'] + '#' + r['anchor'])}" if r["report"] else ""
            lines += _wrap(r["answer"] + shown, "    ")
        if r.get("gap"):
            lines += _wrap(f"{gap_label(r['status'])}: " + r["gap"], "    ")
        for v in r.get("validation", []):
            ratio = "-" if v["ratio"] is None else number(float(format(v["ratio"], ".3g"))) + "x"  # 3 digits
            lines += _wrap(f"- {v['against']}: {number(v['published'])} {v['unit']}, model {number(v['model'])} "
                           f"({ratio}, {v['verdict']})", "    ")
    lines.append("")
    lines.append("-- ")
    for i, url in enumerate(refs, 1):
        url = ascii_text(url)
        # a link is never broken: one longer than the line stands alone on the next line
        lines += [f"[{i}] {url}"] if len(url) + len(str(i)) + 3 <= WIDTH else [f"[{i}]", url]
    return "\n".join(lines) + "\n"
