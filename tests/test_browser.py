"""The reports as a reviewer opens them: headless Chromium (Debian's package, driven by playwright)
with the network cut off, on the reports the smoke build wrote and, statically, on the committed
ones. Screenshots go to .screenshots/ (untracked) for review."""

import re
import shutil
from pathlib import Path

import pytest

from swapmodel.base import paths
from swapmodel.report import runner

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOTS = paths.ROOT / ".screenshots"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
REMOTE = re.compile(r"""(?:<script[^>]+src|<link[^>]+href|import\()\s*=?\s*["']?https?://""", re.I)


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.fail("chromium is not installed: `make test` installs Debian's chromium package (make browser)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _open(browser, path: Path, shot: str, width: int = 1280):
    """Load a local page with every non-file request refused; return the page and what went wrong."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    problems = []

    def route(r):
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            problems.append(f"request left the page: {r.request.url}")
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("requestfailed", lambda req: problems.append(f"failed: {req.url}"))
    page.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda err: problems.append(f"page error: {err}"))
    page.goto(path.as_uri(), wait_until="load")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{shot}.png"), full_page=False)
    return context, page, problems


def test_findings_index_lists_every_question_and_links_resolve(browser, smoke_reports):
    from swapmodel.sources.questions import load_questions

    context, page, problems = _open(browser, smoke_reports / "index.html", "index")
    rows = page.locator("#findings .question")
    assert rows.count() == len(load_questions())
    links = page.eval_on_selector_all("#findings a, #headline a", "as => as.map(a => a.getAttribute('href'))")
    context.close()
    assert problems == []
    links = [h for h in links if ".html#" in h and not h.startswith("http")]
    assert links, "the findings table links no report"
    for href in links:
        report, anchor = href.split("#")
        target = smoke_reports / report
        assert target.exists(), href
        assert f'id="{anchor}"' in target.read_text(), href


@pytest.mark.parametrize("nb", [p.stem for p in runner.notebooks()])
def test_report_opens_offline_with_its_findings_and_figures(browser, smoke_reports, nb):
    context, page, problems = _open(browser, smoke_reports / f"{nb}.html", nb)
    title = page.title()
    images = page.evaluate("[...document.images].map(i => [i.complete, i.naturalWidth])")
    figures = page.evaluate("[...document.querySelectorAll('figure.swapmodel-figure svg')]"
                            ".map(s => s.getBoundingClientRect().width)")
    findings = page.locator("#findings").count()
    provenance = page.locator("#provenance").count()
    context.close()
    assert problems == []
    assert title and title != "Notebook" and title.startswith(nb[:2])
    assert figures and all(width > 0 for width in figures), "a figure is not drawn"
    assert all(done and width > 0 for done, width in images), "an image did not decode"
    assert provenance == 1
    # every report opens with a findings block: its answers, or (02, 03) what the simulator's validation found
    assert findings == 1


@pytest.mark.parametrize("html", sorted(paths.REPORTS.glob("*.html")), ids=lambda p: p.name)
def test_committed_report_loads_nothing_from_the_network(html):
    text = html.read_text()
    assert not REMOTE.search(text), "a script, stylesheet or module is fetched from the network"
    assert "<title>Notebook</title>" not in text
    assert re.search(r"<meta[^>]*name=['\"]viewport['\"]", text), "no viewport meta tag: a phone cuts the page"
    if html.name != "index.html":
        assert 'href="index.html"' in text, "a report that does not link back to the findings page"
        assert 'id="provenance"' in text and ">Explore<" not in text
        # readable: tables numbered and headed in words, figures as anchored SVG, no stray reprs
        headers = re.findall(r"<th(?:\s[^>]*)?>(.*?)</th>", text, re.S)
        assert headers and not [h for h in headers if "_" in h or not h.strip()], "a raw column name or index"
        assert text.count('<table class="dataframe" id="table-') == text.count('class="dataframe"')
        assert '<figure class="swapmodel-figure" id="figure-' in text and "<img" not in text
        assert not re.search(r"<td>(NaN|None|nan)</td>|PosixPath\(|&lt;NA&gt;", text)
        assert 'data-mime-type="application/vnd.jupyter.stderr"' not in text, "a warning or error printed into the report"


E_NOTATION = re.compile(r"(?<![\w.])[-+]?\d+(?:\.\d+)?[eE][-+]?\d+(?![\w.])")
REPR = re.compile(r"^(True|False)$|^\{.*\}$|^\[.*\]$|PosixPath\(|np\.float|Timestamp\(")


def test_index_opens_with_the_headline_table_and_fits_a_phone(browser, smoke_reports):
    context, page, problems = _open(browser, smoke_reports / "index.html", "index-1400", width=1400)
    box = page.locator("#headline table").bounding_box()
    rows = page.locator("#headline tbody tr").count()
    context.close()
    assert problems == []
    assert 5 <= rows <= 8, f"{rows} headline numbers"
    assert box is not None and box["y"] + box["height"] <= 1200, f"headline table ends at {box}"
    context, page, problems = _open(browser, smoke_reports / "index.html", "index-390", width=390)
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 390, f"the index scrolls sideways on a phone ({width} px)"


@pytest.mark.parametrize("nb", [p.stem for p in runner.notebooks()])
def test_report_reads_as_a_reviewer_expects(browser, smoke_reports, nb):
    """Viewport meta, a link back to the index, a contents list, no table cell in e-notation,
    True/False or a Python repr, no answer text in e-notation; figures of 02 and 03 captioned with a
    sentence (the other notebooks pass captions once the lead applies them: then check all)."""
    context, page, problems = _open(browser, smoke_reports / f"{nb}.html", f"{nb}-390", width=390)
    viewport = page.locator("meta[name=viewport]").count()
    back = page.locator("a[href='index.html']").count()
    contents = page.locator("#contents li").count()
    cells = page.eval_on_selector_all("table.dataframe td, table.validation td", "ts => ts.map(t => t.textContent.trim())")
    blocks = page.eval_on_selector_all(".answer", "as => as.map(a => a.textContent)")  # findings and full answers
    answers = page.eval_on_selector_all("#findings .answer", "as => as.map(a => a.textContent)")
    evidence = page.eval_on_selector_all("#findings .answer", "as => as.map(a => a.querySelectorAll('.evidence a').length)")
    captions = page.eval_on_selector_all("figure.swapmodel-figure figcaption .caption",
                                         "cs => cs.map(c => c.textContent.trim())")
    figures = page.locator("figure.swapmodel-figure").count()
    context.close()
    assert problems == []
    assert viewport == 1 and back >= 1 and contents >= 2
    assert not [c for c in cells if E_NOTATION.search(c) or REPR.search(c)], "a cell in e-notation or a repr"
    assert not [E_NOTATION.search(a)[0] for a in blocks if E_NOTATION.search(a)], "an answer in e-notation"
    if nb in ("02_fragmentation", "03_kernel_validation"):
        assert answers, "no findings block"
    else:  # every answer links to a table or figure it rests on
        assert evidence and min(evidence) >= 1, evidence
    # every figure says in a sentence what to see
    assert len(captions) == figures and all(len(c.split()) >= 4 and c[-1] in ".?!" for c in captions), captions


def test_index_answers_have_no_e_notation(smoke_reports):
    text = re.sub(r"<[^>]+>", " ", (smoke_reports / "index.html").read_text().split("id='findings'")[1])
    assert not E_NOTATION.search(text)
