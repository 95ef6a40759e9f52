"""One design, one name; one quantity, one value. Every number an answer gives about a design names
the design by its catalogue id and says what it counts and in which scope; across all the reports'
answers.json one (design, quantity, scope) carries one value (to rounding)."""

import collections
import re
import json

import pytest

from swapmodel.base import paths
from swapmodel.sources.designs import load_catalogue

RELATIVE = 0.005  # printed numbers are rounded to 4 significant digits


def _tagged(reports=paths.REPORTS):
    found = collections.defaultdict(list)
    for path in sorted(reports.glob("*/answers.json")):
        for a in json.loads(path.read_text()):
            for v in a["values"]:
                if v.get("design"):
                    key = (v["design"], v["quantity"], v.get("scope", ""), v["unit"])
                    found[key].append((v["value"], f"{path.parent.name} {a['id']}"))
    return found


def test_a_design_quantity_and_scope_carry_one_value_across_answers():
    found = _tagged()
    shared = {k: v for k, v in found.items() if len({where for _, where in v}) > 1}
    assert shared, "no (design, quantity, scope) is given by two answers: the check would test nothing"
    for key, values in shared.items():
        first = values[0][0]
        for value, _ in values:
            assert value == pytest.approx(first, rel=RELATIVE), (key, values)


def test_tagged_designs_are_catalogue_ids():
    ids = set(load_catalogue())
    for design, *_ in _tagged():
        assert set(design.split(" vs ")) <= ids, design


def test_one_quantity_with_two_values_is_caught(tmp_path):
    for nb, value in (("a", 11.5), ("b", 14.7)):
        (tmp_path / nb).mkdir()
        (tmp_path / nb / "answers.json").write_text(json.dumps([{"id": "4.7", "values": [
            {"value": value, "unit": "B per entry", "design": "vswap-v3 vs linux-6.18",
             "quantity": "extra bytes per zswap entry", "scope": "full ledgers"}]}]))
    (values,) = _tagged(tmp_path).values()
    assert {v for v, _ in values} == {11.5, 14.7}
    assert values[0][0] != pytest.approx(values[1][0], rel=RELATIVE)


# ---------------------------------------------------------------- one name per design in answer text
# Answer and gap text names designs by catalogue id only (the HTML layer shows display names); these
# are the loose names the review found standing for more than one design (issue 19 section 4,
# issue 22 item 4). URLs and catalogue ids are masked first, so `swap-table-p4-rfc`, `p4-rfc-ghost`,
# `vswap-ste-v2`, `.../20260517-swap-table-p4-v5-0-...` or `mm/vswap.c` never count.
LOOSE = {
    "phase IV RFC": re.compile(r"phase IV RFC", re.I),
    # a hyphenated token (ste-usemem-free, a claim id) is an id form, not prose
    "P4": re.compile(r"(?<![\w/.-])P4(?![\w-])", re.I),
    "STE": re.compile(r"(?<![\w/.-])STE(?![\w-])", re.I),
    # 'vswap' needs its version: vswap v5, vswap RFC v1, vswap-v5; not code (vswap_alloc, mm/vswap.c,
    # CONFIG_VSWAP) and not Moon and Kang's unrelated paper "VSwap" (written in that case)
    "vswap": re.compile(r"(?<![\w/.-])(?!(?-i:VSwap)\b)vswap(?!\w|\.[ch]\b|-v\d|-rfc|-ste|\s+v\d|\s+RFC\b)", re.I),
    # "ghost device" and "ghost slot" name the device kind both ghost designs define (SWP_GHOST), and
    # "dynamic ghost (p4-rfc-ghost)" glosses an id; a bare "ghost" names no design
    "ghost": re.compile(r"(?<![\w/.-])ghost(?![\w-]|\s+(?:device|devices|slot|slots)\b|\s+\(<id>\))", re.I),
}
_URL = re.compile(r"https?://\S+")
# A quotation is the poster's words: "...", “...”, or '...' opened after a space or bracket and closed
# before one (an apostrophe, as in vswap-v3's, opens none)
_QUOTE = re.compile(r"\"[^\"]*\"|“[^”]*”|(?<![\w'])'[^']*'(?![\w'])")


def _ids_pattern():
    ids = sorted(load_catalogue(), key=len, reverse=True)
    return re.compile(r"(?<![\w./-])(" + "|".join(map(re.escape, ids)) + r")(?![\w-]|\.\d)")


def loose_names(text: str) -> list[str]:
    """The loose design names in `text`, each with a little context."""
    masked = _ids_pattern().sub("<id>", _QUOTE.sub("<quote>", _URL.sub("<url>", text)))
    found = []
    for name, pattern in LOOSE.items():
        for m in pattern.finditer(masked):
            found.append(f"{name}: ...{masked[max(0, m.start() - 25):m.end() + 25]}...")
    return found


@pytest.mark.parametrize("text, names", [
    ("swap-table-p4-rfc against p4-rfc-ghost and swap-table-p4", []),
    ("vswap-ste-v2's RFC v2 2/7 (https://lore.kernel.org/all/20260517-swap-table-p4-v5-0-88ae@tencent.com/)", []),
    ("vswap v5's usemem runs; vswap RFC v1; vswap-v5; mm/vswap.c vswap_alloc; CONFIG_VSWAP; Moon and Kang's VSwap", []),
    ("SWP_GHOST and /dev/ghostswap, ghost-rfc, ghost-redirect", []),
    ("the phase IV RFC ledger", ["phase IV RFC"]),
    ("P4 makes everything dynamic; the P4's cluster", ["P4", "P4"]),
    ("the STE v1 vswap device; ste-usemem-free", ["STE", "vswap"]),
    ("cost vswap +316 ns", ["vswap"]),
    ("Kairui Song: 'P4 ... makes everything dynamic', \"most of the vswap-specific overhead\"; vswap-v3's cost", []),
    ("vswap-v3's 'ghost' and vswap's cost", ["vswap"]),
    ("a dynamic ghost (p4-rfc-ghost); Ghost devices; the ghost slot", []),
    ("a 1:1 ghost is too small; the ghost's cost", ["ghost", "ghost"]),
])
def test_loose_design_names_are_found_exactly(text, names):
    assert [f.split(":")[0] for f in loose_names(text)] == names


def test_answer_text_names_designs_by_catalogue_id():
    offenders = []
    for path in sorted(paths.REPORTS.glob("*/answers.json")):
        for a in json.loads(path.read_text()):
            for field in ("answer", "gap"):
                for found in loose_names(a.get(field) or ""):
                    part = f" ({a['part']})" if a.get("part") else ""
                    offenders.append(f"{path.parent.name} {a['id']}{part} {field}: {found}")
    assert not offenders, f"{len(offenders)} loose design names in answer text:\n" + "\n".join(offenders)
