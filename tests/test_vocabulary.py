"""One design, one name; one quantity, one value. Every number an answer gives about a design names
the design by its catalogue id and says what it counts and in which scope; across all the reports'
answers.json one (design, quantity, scope) carries one value (to rounding)."""

import collections
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
