"""Published overhead claims and their reproduction by the model.

Each claim is recomputed from the ledger its case names ("reproduced"; no published value enters a
result) and priced again with the full ledger, twice: the swap layer alone (`full_swap_layer`) and
with the per-entry zswap bookkeeping the design keeps (`full_with_payload`: zswap_entry, handle and
the zswap tree where the design has one; not the compressed data). `basis` says how the reproduced
figure was obtained (swapmodel.sources.claims.BASES), and a claim may use only a ledger published
in its own message or an earlier one.
"""

from __future__ import annotations

from pathlib import Path

from swapmodel.base import paths
from swapmodel.base.errors import ParameterError
from swapmodel.base.geometry import GIB_BYTES, slots_from_gib
from swapmodel.model.cost import cost, per_entry_components
from swapmodel.model.layout import struct_size
from swapmodel.model.occupancy import scenario
from swapmodel.sources.claims import BASES, UNIT_BYTES, Case, Claim, load_claims
from swapmodel.sources.designs import LAYERS, Ledger, get_design

SWAP_LAYER = ("swap",)


def _price(case: Case, ledger: str, layers=LAYERS, component: str | None = None) -> tuple[float, float, float]:
    """(bytes, provisioned slots, entries) of `case` priced with `ledger`, counting the components
    of `layers` (or only the one named)."""
    design = get_design(case.design)
    design.check_state(case.state)
    slots = slots_from_gib(case.swap_gib)
    occ = scenario(slots, case.used_fraction, {case.state: 1.0})
    breakdown = cost(design, occ, ledger)
    names = [c.name for c in breakdown.components]
    if component is not None:
        if component not in names:
            raise ParameterError(f"component={component!r} is not in {design.name}/{ledger}: {names}")
        total = float(breakdown.bytes[names.index(component), 0])
    else:
        total = float(sum(breakdown.bytes[i, 0] for i, c in enumerate(breakdown.components) if c.layer in layers))
    return total, float(slots), float(occ.entries(design.states)[0])


def _per_entry_footprint(case: Case, components: tuple[str, ...]) -> float:
    """Bytes per entry the named full-ledger components cost in a densely filled device."""
    design = get_design(case.design)
    state = case.state if case.state in design.states else design.states[0]
    per = per_entry_components(design, state)
    missing = [c for c in components if c not in per]
    if missing:
        raise ParameterError(f"full_components {missing} are not in the full ledger of {design.name}")
    return float(sum(per[c] for c in components))


def _scaled(claim: Claim, value_bytes: float, a_slots: float, a_entries: float) -> float:
    if claim.per == "slot":
        value_bytes /= a_slots
    elif claim.per == "entry":
        value_bytes /= a_entries
    if claim.scale == "percent_of_swap":
        return 100.0 * value_bytes / (claim.a.swap_gib * GIB_BYTES)
    return value_bytes / UNIT_BYTES.get(claim.unit, 1)


def _compare(claim: Claim, a: tuple, b_bytes: float) -> float:
    a_bytes, a_slots, a_entries = a
    if claim.measure == "ratio":
        return a_bytes / b_bytes
    if claim.measure == "reduction":
        return 100.0 * (a_bytes - b_bytes) / a_bytes
    return _scaled(claim, a_bytes - b_bytes, a_slots, a_entries)


def _reproduced(claim: Claim) -> float:
    """The claim's quantity from the ledgers its cases name (the claimant's own, or full)."""
    if claim.measure == "layout":
        return float(struct_size(list(claim.fields)))
    component = claim.component if claim.measure == "component" else None
    a = _price(claim.a, claim.a.ledger, component=component)
    if claim.measure in ("value", "component"):
        return _scaled(claim, *a)
    return _compare(claim, a, _price(claim.b, claim.b.ledger)[0])


def _full(claim: Claim, layers) -> float | None:
    """The claim's quantity priced with the full ledgers, counting the components of `layers`.

    A layout claim with `full_components` gives what those structs cost per entry as allocated; a
    component claim with a case b gives a - b (all the component stands for)."""
    if claim.measure == "layout" and claim.full_components:
        return _per_entry_footprint(claim.a, claim.full_components)
    if claim.a is None:
        return None
    if claim.measure == "component" and claim.b is None:
        return _scaled(claim, *_price(claim.a, "full", component=claim.component))
    a = _price(claim.a, "full", layers)
    if claim.b is None:
        return _scaled(claim, *a) if claim.measure != "layout" else None
    return _compare(claim, a, _price(claim.b, "full", layers)[0])


def claimed_ledgers(claim: Claim) -> list[tuple[str, Ledger]]:
    """(design, ledger) for every claimed (not full) ledger the claim's cases use."""
    out = []
    for case in (claim.a, claim.b):
        if case is not None and case.ledger != "full" and (case.design, case.ledger) not in [(d, led.name) for d, led in out]:
            out.append((case.design, get_design(case.design).ledger(case.ledger)))
    return out


def check_ledger_dates(claim: Claim) -> None:
    """A claim may use a ledger only from its own message (same URL) or an earlier one."""
    for design, ledger in claimed_ledgers(claim):
        if ledger.url != claim.url and ledger.date > claim.date:
            raise ParameterError(
                f"claim {claim.id!r} (dated {claim.date}) uses ledger {ledger.name!r} of {design}, published "
                f"{ledger.date}: a claim may use only a ledger of its own message or an earlier one")


def basis(claim: Claim) -> str:
    """How the reproduced figure was obtained: measured; independent for a struct recomputed from
    its field list or a claim priced with full ledgers; else the weakest basis of the claimed
    ledgers it uses. A claim may declare a weaker basis than this, never a stronger one."""
    if claim.measured:
        derived = "measured"
    elif claim.measure == "layout":
        derived = "independent"
    else:
        bases = [ledger.basis for _, ledger in claimed_ledgers(claim)]
        derived = min(bases, key=BASES.index) if bases else "independent"
    if claim.basis is None:
        return derived
    if "measured" in (derived, claim.basis) and claim.basis != derived:
        raise ParameterError(f"claim {claim.id!r}: basis={claim.basis!r} but it is {derived} (measured is set by `measured`)")
    if BASES.index(claim.basis) > BASES.index(derived):
        raise ParameterError(f"claim {claim.id!r}: basis={claim.basis!r} is stronger than its ledgers allow ({derived})")
    return claim.basis


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 6)


def evaluate(claim: Claim) -> dict:
    """The claim with `reproduced`, `full_swap_layer`, `full_with_payload`, `basis` and `matches`
    (|reproduced - published| within the claim's tolerance; None for measurements)."""
    check_ledger_dates(claim)
    reproduced = None if claim.measured else _reproduced(claim)
    matches = None if reproduced is None else bool(abs(reproduced - claim.published) <= claim.tolerance * (1 + 1e-9))
    return {
        "id": claim.id,
        "who": claim.who,
        "date": claim.date,
        "url": claim.url,
        "quote": claim.quote,
        "quantity": claim.quantity,
        "unit": claim.unit,
        "published": claim.published,
        "approximate": claim.approximate,
        "tolerance": _round(claim.tolerance),
        "derivation": claim.derivation,
        "basis": basis(claim),
        "ledgers": [f"{d}/{led.name}" for d, led in claimed_ledgers(claim)],
        "fitted_to": sorted({t for _, led in claimed_ledgers(claim) for t in led.fitted_to}),
        "reproduced": _round(reproduced),
        "full_swap_layer": _round(_full(claim, SWAP_LAYER)),
        "full_with_payload": _round(_full(claim, LAYERS)),
        "matches": matches,
        "measured": claim.measured,
        "note": claim.note,
    }


def evaluate_all(directory: Path = paths.CLAIMS) -> list[dict]:
    """evaluate() for every claim in the ledger."""
    return [evaluate(c) for c in load_claims(directory)]


def headline(rows: list[dict]) -> str:
    """What the claim counts mean, by basis: how many reproduce within their tolerance."""
    parts = []
    for b in BASES:
        group = [r for r in rows if r["basis"] == b]
        if not group:
            continue
        if b == "measured":
            parts.append(f"{len(group)} measured (no ledger; the model's prediction beside them)")
        else:
            parts.append(f"{sum(r['matches'] is True for r in group)} of {len(group)} {b}")
    return ("Claims reproduced within their tolerance, by basis: " + "; ".join(parts) + ". Only 'independent' "
            "figures are computed from sizes that do not come from the claim; a 'fitted' match shows that a ledger "
            "solved from published totals is consistent with them; a 'restated' one repeats the claimant's arithmetic.")
