"""Reader of data/published/thp_swapin.toml: each design's large-folio swap-in rule once zswap holds
part of the swapped entries, with the source it was read from."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from swapmodel.base import paths
from swapmodel.base.errors import ParameterError, check_choice
from swapmodel.sources.files import read_toml

RULES_FILE = paths.PUBLISHED / "thp_swapin.toml"
RULES = ("zswap_never_enabled", "uniform_backing")


@dataclass(frozen=True)
class SwapinRule:
    """A design's large-folio swap-in rule (one of RULES) and where it was read."""

    rule: str
    source: str


@cache
def load_swapin_rules(path=RULES_FILE) -> dict[str, SwapinRule]:
    """Each design's large-folio swap-in rule, checked."""
    out = {}
    for i, raw in enumerate(read_toml(path).get("rule", [])):
        where = f"{path.name}: rule {i + 1}"
        if not raw.get("designs") or not str(raw.get("source", "")).startswith("http"):
            raise ParameterError(f"{where}: needs designs and a source (a URL)")
        rule = check_choice(f"{where}: rule", raw.get("rule"), RULES)
        for design in raw["designs"]:
            out[design] = SwapinRule(rule, raw["source"])
    return out
