"""The reviewer's HTML: the findings block that opens each report, its provenance block, the
findings index (reports/index.html) and the stylesheet they share. Nothing here reads a clock:
the same commit gives the same bytes."""

from __future__ import annotations

import ast
import html
import importlib.metadata
import itertools
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
body { max-width: 1200px; margin: auto; }
body.swapmodel-index { font-family: system-ui, sans-serif; font-size: 14px; padding: 0 1em; }
.swapmodel-findings, .swapmodel-provenance { font-family: system-ui, sans-serif; font-size: 14px; margin: 1em 0; }
.swapmodel-findings table, .swapmodel-index table { border-collapse: collapse; width: 100%; }
.swapmodel-findings th, .swapmodel-findings td, .swapmodel-index th, .swapmodel-index td {
  border-bottom: 1px solid #ddd; padding: 4px 8px; vertical-align: top; text-align: left; }
.swapmodel-findings th, .swapmodel-index th { background: #f3f3f3; }
""" + "".join(f".status-{s} {{ color: {c}; font-weight: 600; }}\n" for s, c in STATUS_COLOURS.items()) + """.swapmodel-provenance { color: #555; border-top: 1px solid #ddd; padding-top: 0.5em; }
.swapmodel-provenance code { font-size: 12px; }
.jp-RenderedHTMLCommon table { font-size: 12px; }
.jp-RenderedHTMLCommon table.dataframe td:first-child, .jp-RenderedHTMLCommon table.dataframe th:first-child { text-align: left; }
figure.swapmodel-figure { margin: 1em 0; }
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


def provenance_block(nb_path: Path, parameters: dict) -> str:
    """Which inputs, packages, kernel and parameters produced the report."""
    c = input_commit(nb_path)
    versions = ", ".join(f"{k} {v}" for k, v in package_versions().items())
    params = ", ".join(f"{k}={_literal(v)!r}" for k, v in sorted(parameters.items()) if k != "out_dir")
    state = " plus uncommitted changes" if c["uncommitted_changes"] else ""
    return (
        '<section class="swapmodel-provenance" id="provenance"><h2>Provenance</h2><ul>'
        f"<li>Inputs (notebook <code>{html.escape(nb_path.name)}</code>, package, data) at commit "
        f"<code>{html.escape(c['commit'])}</code> of {html.escape(c['date'])}{state}</li>"
        f"<li>Built on kernel <code>{html.escape(platform.release())}</code> with {html.escape(versions)}</li>"
        f"<li>Parameters: <code>{html.escape(params)}</code></li>"
        "<li>Reproduce: <code>swapmodel report --notebook " + html.escape(nb_path.stem) + "</code></li></ul></section>"
    )


def _values(values: list[dict]) -> str:
    return "; ".join(html.escape(f"{v.get('label', '')}: {v['value']:.4g} {v['unit']}".strip(": ")) for v in values)


def _gap(gap: str, status: str, glossary: str = f"index.html#{GLOSSARY}") -> str:
    return f"<br><b>{gap_label(status)}:</b> {prose_html(gap, glossary)}" if gap else ""


def findings_block(answers: list[dict], questions: dict) -> str:
    """The report's own answers, first thing a reviewer sees: id (linked to the answer), question,
    status, the answer with its numbers."""
    if not answers:
        return ""
    rows = []
    for a in answers:
        q = questions.get(a["id"])
        label = a["id"] + (f" ({a['part']})" if a.get("part") else "")
        rows.append(
            f'<tr><td><a href="#{html.escape(a["anchor"])}">{html.escape(label)}</a></td>'
            f"<td>{html.escape(q.question if q else '')}</td>"
            f'<td class="status-{html.escape(a["status"])}">{html.escape(a["status"])}</td>'
            f"<td>{prose_html(a['answer'])}{_gap(a.get('gap', ''), a['status'])}</td></tr>")
    return ('<section class="swapmodel-findings" id="findings"><h2>Findings</h2>'
            "<table><thead><tr><th>id</th><th>question</th><th>status</th><th>answer</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table></section>")


_EMPTY_CELL = re.compile(r"<td>(NaN|None|nan|NaT)</td>")
_TABLE = re.compile(r'<table( border="\d+")? class="dataframe">')
_FIGURE = re.compile(r'<figcaption><a href="#(figure-[\w-]+)">figure [\w-]+</a>')


def tidy(body: str) -> str:
    """Missing values shown as a dash rather than NaN or None; every pandas table numbered with an
    anchor (`#table-N`, in page order) and every figure numbered beside its own (`#figure-NAME`),
    so a reviewer can cite them."""
    body = _EMPTY_CELL.sub("<td>&ndash;</td>", body)
    tables = itertools.count(1)

    def table(_m):
        n = next(tables)
        return (f'<p class="swapmodel-anchor"><a href="#table-{n}">Table {n}</a></p>'
                f'<table class="dataframe" id="table-{n}">')

    figures = itertools.count(1)
    body = _TABLE.sub(table, body)
    return _FIGURE.sub(lambda m: f'<figcaption><a href="#{m[1]}">Figure {next(figures)}</a> ({m[1]})', body)


def index_page(rows: list[dict], titles: dict[str, str]) -> str:
    """reports/index.html: one row per registry question with its answer, numbers, status, the
    report and anchor that show it, and what it was checked against; then the reports."""
    counts = {s: sum(r["status"] == s for r in rows) for s in STATUS_ORDER}
    trs = []
    for r in rows:
        link = (f'<a href="{html.escape(r["report"])}#{html.escape(r["anchor"])}">'
                f'{html.escape(r["report"].removesuffix(".html"))}</a>') if r["report"] else ""
        trs.append(
            f'<tr id="q-{html.escape(r["id"].replace(".", "-"))}"><td>{html.escape(r["id"])}</td>'
            f"<td>{html.escape(r['question'])}</td>"
            f'<td class="status-{html.escape(r["status"])}">{html.escape(r["status"])}</td>'
            f"<td>{prose_html(r['answer'], '#' + GLOSSARY)}{_gap(r.get('gap', ''), r['status'], '#' + GLOSSARY)}"
            f"<br><small>{_values(r['values'])}</small></td>"
            f"<td>{link}</td><td><small>{html.escape(r['validated_against'])}</small></td></tr>")
    reports = "".join(f'<li><a href="{html.escape(stem)}.html">{html.escape(title)}</a> '
                      f'(<a href="{html.escape(stem)}/">tables and figures</a>)</li>' for stem, title in titles.items())
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'><title>swapmodel: findings</title>"
        f"<style>{CSS}</style></head><body class='swapmodel-index'>"
        "<h1>swapmodel: what the swap-entry debate's questions come to</h1>"
        f"<p>{len(rows)} questions of the registry (<code>data/questions.toml</code>): "
        + ", ".join(f"{n} {s}" for s, n in counts.items() if n)
        + ". Each answer is computed in an executed notebook; the link opens the report at the answer. "
        "The same table as plain text for a mailing-list reply: <code>swapmodel answers --format text</code>. "
        f"Designs are named as in the <a href='#{GLOSSARY}'>glossary</a> (hover a name for its catalogue id).</p>"
        f"<h2>Reports</h2><ul>{reports}</ul>"
        "<table id='findings'><thead><tr><th>id</th><th>question</th><th>status</th><th>answer</th><th>report</th>"
        f"<th>checked against</th></tr></thead><tbody>{''.join(trs)}</tbody></table>{glossary_section()}</body></html>\n")


def glossary_section() -> str:
    """The designs of the catalogue (data/designs/*.toml), one row each: catalogue id, display name,
    authors, series, status and date, and the posting; every design name on the pages links here."""
    from swapmodel.sources.designs import load_catalogue

    rows = "".join(
        f'<tr id="{html.escape(glossary_anchor(d.name))}"><td><code>{html.escape(d.name)}</code></td>'
        f"<td>{html.escape(d.display_name)}</td><td>{html.escape(', '.join(d.authors))}</td>"
        f"<td>{html.escape(d.series)}</td><td>{html.escape(d.status)}, {html.escape(d.date)}</td>"
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
