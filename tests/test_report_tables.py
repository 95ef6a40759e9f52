"""Tables and figure styles as a reviewer sees them: headers in words with units, no index, no
NaN or None; one colour, marker and line style per design, the same in every figure."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from swapmodel.report import plotting, tables
from swapmodel.sources.designs import load_catalogue


@pytest.mark.parametrize("column, expected", [
    ("fallback_pct", "fallback (%)"),
    ("bytes_per_live_entry", "B per live entry"),
    ("per_entry_bytes", "per entry (B)"),
    ("gulf_percent_of_ram", "gulf (% of RAM)"),
    ("install_s_per_pte", "install (s per PTE)"),
    ("mib_per_gib_on_disk", "MiB per GiB on disk"),
    ("swapped_mib", "swapped (MiB)"),
    ("written_back", "written back (entries per window)"),
])
def test_header_puts_the_unit_in_words(column, expected):
    assert tables.header(column) == expected


@given(st.lists(st.sampled_from(["fallback", "pct", "bytes", "per", "entry", "mib", "s", "live", "ram", "x"]),
                min_size=1, max_size=5))
def test_no_header_keeps_an_underscore(words):
    assert "_" not in tables.header("_".join(words))


def test_table_html_has_no_index_nan_or_none_and_names_pivot_levels():
    frame = pd.DataFrame({"design": ["a", "a", "b"], "zswap_share": [0.0, 1.0, 0.0],
                          "cheaper_below_u": [0.5, np.nan, None]})
    pivot = frame.pivot_table(index="design", columns="zswap_share", values=["cheaper_below_u"], dropna=False)
    text = tables.to_html(pivot)
    headers = [h.strip() for h in text.split("<th>")[1:]]
    assert headers[0].startswith("design")
    assert any(h.startswith("cheaper below utilisation u*, share in zswap (0-1): 1.0") for h in headers)
    assert "NaN" not in text and "None" not in text and "nan" not in text
    assert text.count("<tr") == 1 + 2  # header row and one row per design: the index became a column


def test_every_catalogue_design_has_its_own_colour_and_marker():
    styles = plotting.design_styles()
    assert set(styles) == set(load_catalogue())
    colours = np.array([s["color"] for s in styles.values()])
    gaps = np.linalg.norm(colours[:, None, :] - colours[None, :, :], axis=-1)[np.triu_indices(len(colours), 1)]
    assert gaps.min() > 0.1, "two designs share a colour"
    assert len({s["marker"] for s in styles.values()}) == len(styles)


def test_a_variant_takes_its_designs_colour_and_a_dotted_line():
    kw = plotting.design_kwargs(["vswap-v3", "vswap-v3 (separate caches)"])
    assert kw["palette"]["vswap-v3"] == kw["palette"]["vswap-v3 (separate caches)"]
    assert kw["dashes"]["vswap-v3 (separate caches)"] == (1, 1)
    with pytest.raises(KeyError, match="not a catalogue design"):
        plotting.design_kwargs(["no-such-design"])


def test_row_numbers_are_dropped_and_named_levels_kept():
    filtered = pd.DataFrame({"run": ["a", "b", "c"], "plateau_pct": [1.0, 2.0, 3.0]}).iloc[[2, 0]]
    assert tables.readable(filtered).columns.tolist() == ["run", "plateau (%)"]
    grouped = filtered.set_index("run")
    assert tables.readable(grouped).columns.tolist() == ["run", "plateau (%)"]


def test_a_pivoted_unit_column_becomes_the_unit_of_each_header():
    frame = pd.DataFrame({"design": ["a", "a"], "scenario": ["zswap", "disk"], "ns": [1.0, 2.0]})
    pivot = frame.pivot_table(index="design", columns="scenario", values=["ns"])
    assert tables.readable(pivot).columns.tolist() == ["design", "scenario: disk (ns)", "scenario: zswap (ns)"]


@pytest.mark.parametrize("x, shown", [(11886.639862060547, "11890"), (6e-05, "0.00006"), (3.0, "3"),
                                      (0.07784366617814883, "0.07784"), (95.35754358590069, "95.36"), (-0.0, "0")])
def test_numbers_have_at_most_four_significant_digits_and_no_e_notation(x, shown):
    assert tables.number(x) == shown


def test_cells_show_yes_no_items_and_the_unit_that_keeps_them_short():
    frame = pd.DataFrame({"install_s_per_pte": [3.341654e-07, 0.0], "size_mib": [11886.64, 512.0],
                          "equal": [True, False], "settings": [{"file_mib": 1024}, [1, 2.5]]})
    text = tables.to_html(frame)
    # 3.341654e-07 s is 334.2 ns; 11886.64 MiB / 1024 is 11.61 GiB
    assert "install (ns per PTE)" in text and "<td>334.2</td>" in text
    assert "size (GiB)" in text and "<td>11.61</td>" in text and "<td>0.5</td>" in text
    assert "<td>yes</td>" in text and "<td>no</td>" in text
    assert "<td>file_mib: 1024</td>" in text and "<td>1, 2.5</td>" in text
    assert "e-0" not in text and "True" not in text and "{" not in text


def test_a_caption_is_a_sentence():
    from swapmodel.base.errors import ParameterError

    assert plotting.check_caption("f", "The plateau falls as the device grows.") == "The plateau falls as the device grows."
    for bad in ("figure f", "fallback", "the plateau falls as the device grows"):
        with pytest.raises(ParameterError, match="figure f"):
            plotting.check_caption("f", bad)


def test_the_summary_is_the_first_sentence_that_carries_a_number_without_its_sources():
    from swapmodel.report.html import first_sentence, plain_numbers

    text = ("Static costs come at swapon. At 1:1, 0.078 % of RAM (https://lore.kernel.org/x, patch 3) "
            "for linux-6.18 (6.18). Detail follows.")
    assert first_sentence(text) == "Static costs come at swapon. At 1:1, 0.078 % of RAM for linux-6.18 (6.18)."
    assert plain_numbers("a 1.189e+04 MiB pool, 6e-05 hit rate") == "a 11890 MiB pool, 0.00006 hit rate"
