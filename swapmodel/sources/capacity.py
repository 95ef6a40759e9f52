"""Reader of data/capacity/ceilings.toml: address-space ceilings per design and the sizing rules of
the thread, each with its basis and source."""

from __future__ import annotations

from dataclasses import dataclass

from swapmodel.base import paths
from swapmodel.base.errors import ParameterError, check_choice
from swapmodel.sources.files import number, read_toml

CEILINGS_FILE = paths.DATA / "capacity" / "ceilings.toml"
KINDS = ("aligned_field", "cluster_ids", "bytes")
BASES = ("independent", "restated", "secondary")


@dataclass(frozen=True)
class Ceiling:
    """The most slots one swap space of `design` can address: `kind` with `bits` or `bytes`."""

    design: str
    kind: str
    bits: int
    bytes: float
    basis: str
    note: str
    source: str


@dataclass(frozen=True)
class SizingRule:
    """A swap (or ghost, or zram) size of `factor` times RAM."""

    name: str
    factor: float
    basis: str
    source: str


def load_capacity(path=CEILINGS_FILE) -> tuple[list[Ceiling], list[SizingRule]]:
    """Ceilings and sizing rules, each checked (kind, bits, bytes, basis, source)."""
    raw = read_toml(path)
    ceilings, rules = [], []
    for i, c in enumerate(raw.get("ceiling", [])):
        where = f"{path.name}: ceiling {i + 1}"
        kind = check_choice(f"{where}: kind", c.get("kind"), KINDS)
        for key in ("design", "basis", "source"):
            if not c.get(key):
                raise ParameterError(f"{where}: {key} is required")
        check_choice(f"{where}: basis", c["basis"], BASES)
        bits = 0
        size = 0.0
        if kind == "bytes":
            size = number(where, "bytes", c.get("bytes"), 1, 2.0**70)
        else:
            key = "field_bits" if kind == "aligned_field" else "id_bits"
            bits = int(number(where, key, c.get(key), 1, 64, integer=True))
        ceilings.append(Ceiling(c["design"], kind, bits, size, c["basis"], c.get("note", ""), c["source"]))
    for i, r in enumerate(raw.get("rule", [])):
        where = f"{path.name}: rule {i + 1}"
        for key in ("name", "basis", "source"):
            if not r.get(key):
                raise ParameterError(f"{where}: {key} is required")
        check_choice(f"{where}: basis", r["basis"], BASES)
        rules.append(SizingRule(r["name"], number(where, "factor", r.get("factor"), 0, 1e6, low_open=True),
                                r["basis"], r["source"]))
    return ceilings, rules


CONSOLIDATION_FILE = paths.DATA / "capacity" / "consolidation.toml"


@dataclass(frozen=True)
class DescriptorField:
    """A field of a consolidated descriptor (question J1): its bytes and, per entry state, the
    baseline's full-ledger components whose per-entry bytes it takes over (empty: new state)."""

    name: str
    bytes: int
    replaces: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Consolidation:
    """data/capacity/consolidation.toml: the design, its baseline, the component that carries the
    descriptors as allocated, and the descriptor's fields."""

    design: str
    baseline: str
    descriptor: str
    fields: tuple[DescriptorField, ...]


def load_consolidation(path=CONSOLIDATION_FILE) -> Consolidation:
    """The consolidation ledger of question J1, every key checked."""
    raw = read_toml(path)
    for key in ("design", "baseline", "descriptor"):
        if not isinstance(raw.get(key), str) or not raw[key]:
            raise ParameterError(f"{path.name}: {key} must be a non-empty string")
    fields = []
    for i, f in enumerate(raw.get("field", [])):
        where = f"{path.name}: field {f.get('name', i + 1)!r}"
        if not isinstance(f.get("name"), str) or not f["name"]:
            raise ParameterError(f"{where}: name must be a non-empty string")
        size = number(where, "bytes", f.get("bytes"), integer=True)
        replaces = {}
        for key, names in f.items():
            if key.startswith("replaces_"):
                if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
                    raise ParameterError(f"{where}: {key} must be a list of component names")
                replaces[key.removeprefix("replaces_")] = tuple(names)
        unknown = sorted(set(f) - {"name", "bytes"} - {k for k in f if k.startswith("replaces_")})
        if unknown:
            raise ParameterError(f"{where}: unknown key(s) {unknown}")
        fields.append(DescriptorField(f["name"], int(size), replaces))
    if not fields:
        raise ParameterError(f"{path.name}: no [[field]] entries")
    return Consolidation(raw["design"], raw["baseline"], raw["descriptor"], tuple(fields))
