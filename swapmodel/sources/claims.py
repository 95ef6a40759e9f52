"""Published overhead claims (data/claims/*.toml): the file format, described at the top of
data/claims/overhead.toml, and its loader. `swapmodel.analysis.claims` evaluates them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from swapmodel.base import paths
from swapmodel.base.errors import ParameterError, check_choice
from swapmodel.base.geometry import GIB_BYTES, MIB_BYTES
from swapmodel.sources.files import number, read_toml

MEASURES = ("value", "difference", "ratio", "reduction", "component", "layout")
BASES = ("restated", "fitted", "independent", "measured")
"""How a claim's figure was obtained by the model, weakest first: the quote itself taken as the
ledger (restated), a ledger solved from published totals (fitted), sizes that do not come from the
claim (independent: BTF, kernel source, a posted field list recomputed), or a measurement."""
APPROXIMATE_MARKERS = ("~", "about", "roughly", "around", "approximately")
"""Words in a quote that mark its figure as approximate (matched within APPROXIMATE_TOLERANCE)."""
APPROXIMATE_TOLERANCE = 0.05
PERS = ("total", "slot", "entry")
UNIT_BYTES = {"B": 1, "MiB": MIB_BYTES, "GiB": GIB_BYTES}
UNITLESS = ("%", "times")
_CASE_KEYS = ("design", "ledger", "swap_gib", "used_fraction", "state")
_CLAIM_KEYS = {
    "id", "who", "date", "url", "quote", "quantity", "unit", "published", "decimals", "measure",
    "per", "scale", "a", "b", "component", "fields", "full_components", "measured", "note", "basis",
    "approximate", "derivation", *_CASE_KEYS,
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
    basis: str | None = None
    """Declared basis; only a weaker one than the ledgers give may be declared (None: derived)."""
    approximate: bool = False
    """The figure was printed as approximate (a marker in the quote, or a bare round number such as
    '1G', declared): it matches within +-5 %; otherwise within half a unit of its last digit."""
    derivation: str = ""
    """How `published` follows from the printed text when the number is not printed as such."""

    @property
    def tolerance(self) -> float:
        """Largest |reproduced - published| that still matches."""
        if self.approximate:
            return APPROXIMATE_TOLERANCE * abs(self.published)
        return 0.5 * 10.0 ** (-self.decimals)


def _case(raw: dict, defaults: dict, where: str) -> Case:
    if not isinstance(raw, dict):
        raise ParameterError(f"{where}: a case must be a table of {sorted(_CASE_KEYS)}")
    extra = sorted(set(raw) - set(_CASE_KEYS))
    if extra:
        raise ParameterError(f"{where}: unknown case key(s) {extra}; allowed: {sorted(_CASE_KEYS)}")
    merged = {k: v for k, v in {**defaults, **raw}.items() if k in _CASE_KEYS}
    if not isinstance(merged.get("design"), str):
        raise ParameterError(f"{where}: a case needs a design (a name)")
    for key in ("ledger", "state"):
        if key in merged and not isinstance(merged[key], str):
            raise ParameterError(f"{where}: {key}={merged[key]!r} must be a name")
    if "swap_gib" in merged:
        merged["swap_gib"] = number(where, "swap_gib", merged["swap_gib"], 0, 1 << 24, low_open=True)
    if "used_fraction" in merged:
        merged["used_fraction"] = number(where, "used_fraction", merged["used_fraction"], 0, 1)
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
    basis = raw.get("basis")
    if basis is not None:
        check_choice(f"{where}: basis", basis, BASES)
    approximate = raw.get("approximate", False)
    if not isinstance(approximate, bool):
        raise ParameterError(f"{where}: approximate={approximate!r} must be true or false")
    quote = str(raw["quote"]).lower()
    approximate = approximate or any(m in quote for m in APPROXIMATE_MARKERS)
    return Claim(
        id=raw["id"], who=raw["who"], date=str(raw["date"]), url=raw["url"], quote=raw["quote"],
        quantity=raw["quantity"], unit=raw["unit"], published=number(where, "published", raw["published"], -1e18, 1e18),
        decimals=number(where, "decimals", raw["decimals"], -6, 12, integer=True), measure=measure, per=per, scale=raw.get("scale"), a=a, b=b,
        component=raw.get("component"), fields=tuple(raw.get("fields", ())),
        full_components=tuple(raw.get("full_components", ())), measured=bool(raw.get("measured", False)),
        note=raw.get("note", ""), basis=basis, approximate=approximate, derivation=raw.get("derivation", ""),
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
        raw = read_toml(path)
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


