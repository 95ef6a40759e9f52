"""Published overhead claims and their reproduction by the model.

Each claim is recomputed from the claimant's own ledger ("reproduced"; no published value enters a
result) and priced again with the full ledger ("full"), so a reader sees what the figure leaves out.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from swapmodel.base import paths
from swapmodel.base.errors import ParameterError
from swapmodel.base.geometry import DENSE_SAMPLE_ENTRIES, GIB_BYTES, slots_from_gib
from swapmodel.model.cost import cost
from swapmodel.model.layout import struct_size
from swapmodel.model.occupancy import Dense, scenario
from swapmodel.sources.claims import UNIT_BYTES, Case, Claim, load_claims
from swapmodel.sources.designs import get_design


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
