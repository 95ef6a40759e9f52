"""`swapmodel answers --format text`: ASCII, 72 columns, every link a numbered reference."""

import re

from hypothesis import given, strategies as st

from swapmodel.cli import main
from swapmodel.report.mailtext import WIDTH, ascii_text, findings_text


def _rows(answer):
    return [{"id": "4.3", "status": "answered", "question": "Should a redirect cost 4 bytes?",
             "url": "https://lkml.iu.edu/hypermail/linux/kernel/2511.3/03250.html", "answer": answer,
             "report": "01_entry_overhead.html", "anchor": "answer-4-3"}]


@given(st.text(min_size=1, max_size=400))
def test_any_answer_becomes_ascii_lines_of_72(answer):
    text = findings_text(_rows(answer))
    assert text.isascii()
    assert all(len(line) <= WIDTH for line in text.splitlines())


def test_links_are_numbered_references():
    text = findings_text(_rows("15.2 B \u00d7 8 \u00b1 1 \u2013 per entry"))
    assert "15.2 B x 8 +- 1 - per entry [2]" in text
    refs = re.findall(r"^\[(\d+)\]\s(\S+)$", text, flags=re.M)
    assert refs == [("1", "https://lkml.iu.edu/hypermail/linux/kernel/2511.3/03250.html"),
                    ("2", "reports/01_entry_overhead.html#answer-4-3")]
    assert ascii_text("\u201cgulf\u201d \u2264 8") == '"gulf" <= 8'


def test_a_disagreement_shows_its_gap_and_each_validation_row():
    rows = _rows("A redirect costs 15.2 B more per redirected entry.")
    rows[0].update(status="disagrees", gap="The model prices lock hold times only.", validation=[
        {"against": "benchmarks.toml: vswap-v3 free time", "published": 1248.0, "model": 132.0, "unit": "ns",
         "ratio": 132.0 / 1248.0, "verdict": "disagrees"}])
    text = findings_text(rows)
    assert "4.3 (disagrees)" in text and "    Gap: The model prices lock hold times only." in text
    flat = " ".join(text.split())
    assert "- benchmarks.toml: vswap-v3 free time: 1248 ns, model 132 (0.106x, disagrees)" in flat


def test_cli_text_of_the_committed_reports(capsys):
    assert main(["answers", "--format", "text"]) == 0
    out = capsys.readouterr().out
    long_lines = [line for line in out.splitlines() if len(line) > WIDTH]
    assert out.isascii() and all(line.startswith("https://") and " " not in line for line in long_lines)
    assert "4.3 (" in out and re.search(r"^\[1\] https://", out, flags=re.M)


def test_an_answered_answer_calls_its_remarks_caveats_not_a_gap():
    rows = _rows("Within 2x of every resolved number.")
    rows[0].update(gap="One unresolved row misses by 3x.")
    text = findings_text(rows)
    assert "    Caveat: One unresolved row misses by 3x." in text and "Gap:" not in text
