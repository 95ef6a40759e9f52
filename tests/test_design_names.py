"""One display name per design on the pages (issue 22 item 4): ids in JSON, display names in HTML
prose and figure labels, each linked to the index page's glossary. The names checked here are the
ones the catalogue states (data/designs/*.toml), not computed."""

import json

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from swapmodel.cli import main  # noqa: E402
from swapmodel.report import html as page  # noqa: E402
from swapmodel.report import plotting  # noqa: E402
from swapmodel.report.answers import answer_block, make_answer  # noqa: E402
from swapmodel.report.names import design_label, prose_html  # noqa: E402
from swapmodel.sources.designs import load_catalogue  # noqa: E402
from swapmodel.sources.questions import Value  # noqa: E402


def test_ids_become_display_names_as_whole_words_only():
    text = "swap-table-p4-rfc and swap-table-p4 against p4-rfc-ghost; linux-6.18's table, linux-6.18."
    assert design_label(text) == ("swap table phase IV RFC and swap table phase IV against "
                                  "phase IV RFC dynamic ghost; Linux 6.18's table, Linux 6.18.")
    # not inside paths, URLs, code or longer tokens
    for kept in ("mm/vswap-v3.c", "20260517-swap-table-p4-v5-0", "vswap-v3x", "my_vswap-v3", "linux-6.18.44",
                 "vswap-v4"):  # vswap-v4: a posting with no catalogue id
        assert design_label(kept) == kept


def test_prose_is_escaped_and_keeps_the_id_as_tooltip_and_glossary_link():
    out = prose_html("<b> vswap-v3 & 'p4-rfc-ghost'")
    assert out.startswith("&lt;b&gt; ") and "&amp;" in out and "<b>" not in out
    assert ('<a class="design-name" href="index.html#design-vswap-v3"><abbr title="vswap-v3">vswap v3</abbr></a>'
            in out)
    assert '<abbr title="p4-rfc-ghost">phase IV RFC dynamic ghost</abbr>' in out
    assert 'href="#design-p4-rfc-ghost"' in prose_html("p4-rfc-ghost", "#glossary")


def test_answer_block_shows_display_names_and_json_keeps_ids():
    a = make_answer("01_entry_overhead", "4.6", "vswap-v3 costs more than swap-table-p2", [Value(1.0, "MiB")],
                    "none", "nothing")
    block = answer_block(a, "q?")
    assert '<abbr title="vswap-v3">vswap v3</abbr>' in block and "swap table phase II" in block
    assert "vswap-v3 costs" in a.answer  # the answer itself (answers.json, text format) keeps the id


def test_index_has_one_glossary_row_per_design_and_names_link_to_it():
    rows = [{"id": "4.6", "question": "q", "status": "answered", "answer": "vswap-v3 against linux-6.18",
             "values": [], "report": "01_entry_overhead.html", "anchor": "answer-4-6", "validated_against": ""}]
    text = page.index_page(rows, {"01_entry_overhead": "01 entry overhead"})
    catalogue = load_catalogue()
    assert text.count('<section id="glossary">') == 1
    for d in catalogue.values():
        assert f'<tr id="design-{d.name}">' in text and d.display_name.replace("(", "").split()[0] in text
        assert f'href="{d.link}"' in text
    assert '<a class="design-name" href="#design-vswap-v3"><abbr title="vswap-v3">vswap v3</abbr></a>' in text


def test_figure_labels_show_display_names():
    import pandas as pd
    import seaborn as sns

    fig, axes = plt.subplots(1, 2)
    sns.barplot(data=pd.DataFrame({"design": ["swap-table-p4", "swap-table-p4-rfc"], "v": [1, 2]}),
                x="design", y="v", ax=axes[0])
    axes[1].plot([0, 1], [0, 1], label="vswap-v3 (separate caches)")
    axes[1].set_xticks([0, 1], ["vswap-ste-v2", "ghost-redirect"])
    axes[1].legend()
    plotting.design_legend(fig, ["p4-rfc-ghost"])
    plotting.relabel_designs(fig)
    fig.canvas.draw()
    assert [t.get_text() for t in axes[0].get_xticklabels()] == ["swap table phase IV",
                                                                 "swap table phase IV RFC"]
    assert [t.get_text() for t in axes[1].get_xticklabels()] == ["Swap Table Edition v2",
                                                                 "ghost swapfile with redirect"]
    assert axes[1].get_legend().get_texts()[0].get_text() == "vswap v3 (separate caches)"
    assert fig.legends[0].get_texts()[0].get_text() == "phase IV RFC dynamic ghost"
    plt.close(fig)


def test_designs_json_carries_display_name_authors_series_and_link(capsys):
    assert main(["designs", "--json"]) == 0
    rows = {r["design"]: r for r in json.loads(capsys.readouterr().out)}
    ste = rows["vswap-ste-v2"]
    assert ste["display_name"] == "Swap Table Edition v2" and ste["authors"] == ["Nhat Pham"]
    assert ste["link"] == "https://lore.kernel.org/all/20260612193738.2183968-1-nphamcs@gmail.com/"
    assert "Swap Table Edition" in ste["series"]


@pytest.mark.parametrize("design", ["swap-table-p4-rfc", "p4-rfc-ghost"])
def test_the_two_phase_iv_rfc_designs_read_differently(design):
    names = {d: load_catalogue()[d].display_name for d in ("swap-table-p4-rfc", "p4-rfc-ghost")}
    assert list(names.values()).count(names[design]) == 1
