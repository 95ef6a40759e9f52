"""Published overhead claims (data/claims/) and their reproduction by the model.

Each claim is recomputed from the claimant's own ledger ("reproduced"; no published value enters a
result) and priced again with the full ledger ("full"), so a reader sees what the figure leaves out.
The file format is described at the top of data/claims/overhead.toml.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from swapmodel import paths
from swapmodel.cost import cost
from swapmodel.designs import get_design
from swapmodel.errors import ParameterError, check_choice
from swapmodel.geometry import DENSE_SAMPLE_ENTRIES, GIB_BYTES, MIB_BYTES, slots_from_gib
from swapmodel.layout import struct_size
from swapmodel.occupancy import Dense, scenario

MEASURES = ("value", "difference", "ratio", "reduction", "component", "layout")
PERS = ("total", "slot", "entry")
UNIT_BYTES = {"B": 1, "MiB": MIB_BYTES, "GiB": GIB_BYTES}
UNITLESS = ("%", "times")
_CASE_KEYS = ("design", "ledger", "swap_gib", "used_fraction", "state")
_CLAIM_KEYS = {
    "id", "who", "date", "url", "quote", "quantity", "unit", "published", "decimals", "measure",
    "per", "scale", "a", "b", "component", "fields", "full_components", "measured", "note", *_CASE_KEYS,
}
_TABLE_KEYS = {"rows", "columns", "published"} | _CLAIM_KEYS - {"a", "b"}


@dataclass(frozen=True)
class Case:
    """One priced situation: a design's ledger on a swap space of `swap_gib` GiB, `used_fraction`
    of it holding entries in `state`."""

    design: str
    ledger: str = "full"
    swap_gib: float = 32
    used_fraction: float = 1.0
    state: str = "zswap"


@dataclass(frozen=True)
class Claim:
    id: str
    who: str
    date: str
    url: str
    quote: str
    quantity: str
    unit: str
    published: float
    decimals: int
    measure: str = "value"
    per: str = "total"
    scale: str | None = None
    a: Case | None = None
    b: Case | None = None
    component: str | None = None
    fields: tuple = ()
    full_components: tuple[str, ...] = ()
    measured: bool = False
    note: str = ""


def _case(raw: dict, defaults: dict, where: str) -> Case:
    merged = {k: v for k, v in {**defaults, **raw}.items() if k in _CASE_KEYS}
    if "design" not in merged:
        raise ParameterError(f"{where}: a case needs a design")
    return Case(**merged)


def _claim(raw: dict, where: str) -> Claim:
    extra = sorted(set(raw) - _CLAIM_KEYS)
    if extra:
        raise ParameterError(f"{where}: unknown claim key(s) {extra}")
    for key in ("id", "who", "date", "url", "quote", "quantity", "unit", "published", "decimals"):
        if key not in raw:
            raise ParameterError(f"{where}: a claim needs {key}")
    measure = check_choice(f"{where}: measure", raw.get("measure", "value"), MEASURES)
    per = check_choice(f"{where}: per", raw.get("per", "total"), PERS)
    check_choice(f"{where}: unit", raw["unit"], (*UNIT_BYTES, *UNITLESS))
    defaults = {k: raw[k] for k in _CASE_KEYS if k in raw}
    a = _case(raw["a"], defaults, where) if "a" in raw else None
    b = _case(raw["b"], defaults, where) if "b" in raw else None
    if measure in ("difference", "ratio", "reduction") and (a is None or b is None):
        raise ParameterError(f"{where}: measure={measure} needs cases a and b")
    if measure not in ("layout",) and a is None:
        raise ParameterError(f"{where}: measure={measure} needs case a")
    if measure == "layout" and not raw.get("fields"):
        raise ParameterError(f"{where}: measure=layout needs the struct's fields")
    if measure == "component" and not raw.get("component"):
        raise ParameterError(f"{where}: measure=component needs the component's name")
    return Claim(
        id=raw["id"], who=raw["who"], date=str(raw["date"]), url=raw["url"], quote=raw["quote"],
        quantity=raw["quantity"], unit=raw["unit"], published=float(raw["published"]),
        decimals=int(raw["decimals"]), measure=measure, per=per, scale=raw.get("scale"), a=a, b=b,
        component=raw.get("component"), fields=tuple(raw.get("fields", ())),
        full_components=tuple(raw.get("full_components", ())), measured=bool(raw.get("measured", False)),
        note=raw.get("note", ""),
    )


def _expand_table(raw: dict, where: str) -> list[Claim]:
    """One claim per cell of a published table: rows are used fractions, columns name cases."""
    extra = sorted(set(raw) - _TABLE_KEYS)
    if extra:
        raise ParameterError(f"{where}: unknown table key(s) {extra}")
    published = raw["published"]
    if len(published) != len(raw["rows"]) or any(len(r) != len(raw["columns"]) for r in published):
        raise ParameterError(f"{where}: published must have one row per used fraction and one value per column")
    common = {k: v for k, v in raw.items() if k not in ("rows", "columns", "published", "id")}
    claims = []
    for used, values in zip(raw["rows"], published):
        for col, value in zip(raw["columns"], values):
            label = col["label"]
            case = {k: v for k, v in col.items() if k != "label"} | {"used_fraction": used}
            cell = common | {
                "id": f"{raw['id']}/{label}/{round(used * 100)}%",
                "quantity": f"{raw['quantity']}: {label}, {used:.0%} used",
                "published": value,
                "a": case,
            }
            claims.append(_claim(cell, f"{where}, cell {label!r} at {used}"))
    return claims


def load_claims(directory: Path = paths.CLAIMS) -> list[Claim]:
    """Every claim in `directory`, tables expanded cell by cell; ids are unique."""
    claims: list[Claim] = []
    for path in sorted(directory.glob("*.toml")):
        raw = tomllib.loads(path.read_text())
        for i, t in enumerate(raw.get("table", [])):
            claims += _expand_table(t, f"{path.name} table {t.get('id', i)!r}")
        for i, c in enumerate(raw.get("claim", [])):
            claims.append(_claim(c, f"{path.name} claim {c.get('id', i)!r}"))
    seen = set()
    for c in claims:
        if c.id in seen:
            raise ParameterError(f"claim id {c.id!r} appears twice")
        seen.add(c.id)
    return claims


def _price(case: Case, ledger: str, component: str | None = None) -> tuple[float, float, float]:
    """(bytes, provisioned slots, entries) of `case` priced with `ledger` (one component if named)."""
    design = get_design(case.design)
    design.check_state(case.state)
    slots = slots_from_gib(case.swap_gib)
    occ = scenario(slots, case.used_fraction, {case.state: 1.0})
    breakdown = cost(design, occ, ledger)
    if component is None:
        total = float(breakdown.total_bytes[0])
    else:
        names = [c.name for c in breakdown.components]
        if component not in names:
            raise ParameterError(f"component={component!r} is not in {design.name}/{ledger}: {names}")
        total = float(breakdown.bytes[names.index(component), 0])
    return total, float(slots), float(occ.entries(design.states)[0])


def _per_entry_footprint(case: Case, components: tuple[str, ...], entries: int = DENSE_SAMPLE_ENTRIES) -> float:
    """Bytes per entry the named full-ledger components cost in a densely filled device."""
    design = get_design(case.design)
    state = case.state if case.state in design.states else design.states[0]
    backing = entries if state in design.backing_states else 0
    b = cost(design, Dense(entries, {state: entries}, backing_slots=backing))
    names = [c.name for c in b.components]
    missing = [c for c in components if c not in names]
    if missing:
        raise ParameterError(f"full_components {missing} are not in the full ledger of {design.name}")
    return float(sum(b.bytes[names.index(c), 0] for c in components) / entries)


def _evaluate(claim: Claim, full: bool) -> float | None:
    """The claim's quantity in its unit, from the claimant's ledgers or (full=True) the full ones."""
    def led(case):
        return "full" if full else case.ledger

    if claim.measure == "layout":
        if not full:
            return float(struct_size(list(claim.fields)))
        if claim.full_components and claim.a is not None:
            return _per_entry_footprint(claim.a, claim.full_components)
        if claim.a is None or claim.b is None:
            return None
        value_bytes = _price(claim.a, "full")[0] - _price(claim.b, "full")[0]
        return value_bytes / _price(claim.a, "full")[2]
    if claim.measure == "component" and full and claim.full_components:
        return _per_entry_footprint(claim.a, claim.full_components)

    component = claim.component if claim.measure == "component" else None
    a_bytes, a_slots, a_entries = _price(claim.a, led(claim.a), component)
    if claim.measure in ("value", "component"):
        value = a_bytes
    else:
        b_bytes = _price(claim.b, led(claim.b))[0]
        if claim.measure == "difference":
            value = a_bytes - b_bytes
        elif claim.measure == "ratio":
            return a_bytes / b_bytes
        else:
            return 100.0 * (a_bytes - b_bytes) / a_bytes
    if claim.per == "slot":
        value /= a_slots
    elif claim.per == "entry":
        value /= a_entries
    if claim.scale == "percent_of_swap":
        return 100.0 * value / (claim.a.swap_gib * GIB_BYTES)
    return value / UNIT_BYTES.get(claim.unit, 1)


def _rounds_to(value: float, decimals: int, published: float) -> bool:
    return bool(np.isclose(round(value, decimals), published, rtol=0, atol=1e-9))


def evaluate(claim: Claim) -> dict:
    """The claim with `reproduced`, `full` and `matches` (reproduced equals published to the
    precision the claimant printed; None for measurements, which have no ledger)."""
    reproduced = None if claim.measured else _evaluate(claim, full=False)
    full = _evaluate(claim, full=True)
    matches = None if reproduced is None else _rounds_to(reproduced, claim.decimals, claim.published)
    return {
        "id": claim.id,
        "who": claim.who,
        "date": claim.date,
        "url": claim.url,
        "quote": claim.quote,
        "quantity": claim.quantity,
        "unit": claim.unit,
        "published": claim.published,
        "reproduced": None if reproduced is None else round(reproduced, 6),
        "full": None if full is None else round(full, 6),
        "matches": matches,
        "measured": claim.measured,
        "note": claim.note,
    }


def evaluate_all(directory: Path = paths.CLAIMS) -> list[dict]:
    """evaluate() for every claim in the ledger."""
    return [evaluate(c) for c in load_claims(directory)]
