"""Load and validate the design catalogue under data/designs/.

A design is data: a full ledger of metadata components, and optionally the ledgers its authors or
critics published ("claimed"), so that a report can show what each published figure leaves out.
A design may name a `base` design and state only what changed (`drop` and new or replaced
components), the way the swap table phases changed the kernel. A design with a `backing` design
takes that design's static and per-cluster components for its physical device.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from swapmodel.base import paths
from swapmodel.base.errors import ParameterError, check_choice
from swapmodel.sources.files import number, read_toml
from swapmodel.base.geometry import PAGE_SIZE_BYTES, SPACES, STATES, UNITS

STRUCTS_FILE = "structs.toml"
RULES_FILE = "rules.toml"
RELATED_FILE = "related.toml"

_DESIGN_KEYS = {
    "name", "base", "title", "display_name", "authors", "series", "link", "family", "date", "status", "source", "note", "states",
    "large_folio_zswap", "dynamic", "virtual_over_physical", "backing", "backing_drop", "backing_states", "drop",
    "component", "claimed", "merged_in", "status_note", "basis", "rules_from",
}
_LEDGER_KEYS = {"ledger", "who", "date", "url", "quote", "note", "drop", "component", "basis", "fitted_to"}
_COMPONENT_KEYS = {
    "name", "per", "space", "layer", "struct", "bytes", "bits", "states", "slots_per_object", "index",
    "tree_span_slots", "source", "note",
}
LAYERS = ("swap", "zswap")
"""What a component belongs to: the swap layer itself, or zswap's per-entry bookkeeping
(zswap_entry, its zsmalloc handle, the zswap tree), which a design keeps beside its swap layer."""
STATUSES = ("posted", "mm-tree", "merged")
"""Where a design stands: posted to the list (an RFC, a series, a proposal; a copy in an mm CI tree
counts as posted), applied to Andrew Morton's mm tree, or merged into a mainline release
(`merged_in` names it, e.g. "7.0")."""
DESIGN_BASES = ("primary", "secondary")
"""What a design's catalogue entry rests on: its own posting or code (primary), or only a report of
it (secondary: its note says so, and it prices nothing it does not inherit from its base)."""
_RELEASE = re.compile(r"^\d+\.\d+$")
LEDGER_BASES = ("fitted", "restated")
"""How a claimed ledger was obtained: solved from published totals (`fitted_to` names them), or the
claimant's own per-slot and per-entry figures taken as printed."""


@dataclass(frozen=True)
class Struct:
    """A kernel structure: its size and the memory one object really costs (slab or page rounding)."""

    name: str
    bytes: float
    footprint_bytes: float
    evidence: str
    source: str
    slot_array: bool = False
    """One element per slot of its cluster: the size follows SWAPFILE_CLUSTER."""


@dataclass(frozen=True)
class Component:
    """One metadata component of a ledger: what it costs and what it is paid per."""

    name: str
    per: str
    bytes: float
    footprint_bytes: float
    source: str
    space: str = "swap"
    layer: str = "swap"
    evidence: str = "source"
    """Where the size comes from: a struct's evidence (BTF, SRC, DER, ...), `source` for a size
    given with its URL, or a claimed ledger's basis (fitted, restated)."""
    fitted_to: tuple[str, ...] = ()
    states: tuple[str, ...] | None = None
    slots_per_object: int = 1
    index: str = "slot"
    tree_span_slots: int | None = None
    struct: str | None = None
    note: str = ""
    slot_array: bool = False
    """Sized by its cluster's slot count (a struct with slot_array = true)."""


@dataclass(frozen=True)
class Ledger:
    """A list of components; `full` is the complete accounting, any other name a published one."""

    name: str
    components: tuple[Component, ...]
    who: str = ""
    date: str = ""
    url: str = ""
    quote: str = ""
    note: str = ""
    basis: str = ""
    """'' for the full ledger; for a claimed one, one of LEDGER_BASES."""
    fitted_to: tuple[str, ...] = ()
    """Claim or table ids (data/claims/) whose published totals a fitted ledger was solved from."""

    def component(self, name: str, space: str = "swap") -> Component:
        for c in self.components:
            if c.name == name and c.space == space:
                return c
        raise ParameterError(f"component={name!r} is not in ledger {self.name!r}; it has: {self.names()}")

    def names(self) -> str:
        return ", ".join(c.name for c in self.components)


@dataclass(frozen=True)
class Design:
    """A swap-entry design: when and where it was posted, its entry states and ledgers."""

    name: str
    title: str
    family: str
    date: str
    status: str
    source: str
    states: tuple[str, ...]
    full: Ledger
    claimed: dict[str, Ledger] = field(default_factory=dict)
    display_name: str = ""
    """The one name prose and figures give the design (unique in the catalogue; ids stay in JSON)."""
    authors: tuple[str, ...] = ()
    series: str = ""
    """The posted series' subject (or what was posted, where no series was)."""
    link: str = ""
    """Where it was posted: the lore.kernel.org message where stored there, else a mirror; for a
    release, its source at that version."""
    backing_states: tuple[str, ...] = ()
    backing: str = ""
    """The design whose device holds this design's disk pages (empty: its own swap space)."""
    large_folio_zswap: bool = True
    dynamic: bool = False
    virtual_over_physical: bool = False
    """A swap-out without zswap takes a virtual slot at unmap and a physical slot of the folio's
    order at writeout (vswap); False: it takes a slot of a physical device directly."""
    note: str = ""
    merged_in: str = ""
    """The mainline release that first carries the design (status 'merged'), e.g. "7.1"."""
    status_note: str = ""
    """Where the status and release come from (a commit, a maintainer's message, LWN)."""
    basis: str = "primary"
    """One of DESIGN_BASES."""
    rules_from: str = ""
    """A design whose rules (rules.toml) this one takes until its own are read."""

    def ledger(self, name: str = "full") -> Ledger:
        """The full ledger, or the claimed ledger of that name."""
        if name == "full":
            return self.full
        if name not in self.claimed:
            allowed = ["full", *self.claimed]
            raise ParameterError(f"ledger={name!r} does not exist for design {self.name!r}; choose one of: {', '.join(allowed)}")
        return self.claimed[name]

    def check_state(self, state: str, parameter: str = "state") -> str:
        """Raise ParameterError unless this design has the entry state `state`."""
        check_choice(parameter, state, STATES)
        if state not in self.states:
            raise ParameterError(
                f"{parameter}={state!r} is not supported by design {self.name!r} "
                f"(supported: {', '.join(self.states)})"
            )
        return state


def read_structs_file(directory: Path = paths.DESIGNS) -> dict:
    """structs.toml as parsed TOML (for readers that compare its raw entries)."""
    return read_toml(directory / STRUCTS_FILE)


def load_structs(directory: Path = paths.DESIGNS) -> dict[str, Struct]:
    """Read structs.toml: struct sizes and slab geometry, each with its evidence and source."""
    raw = read_structs_file(directory)
    slabs = raw.get("slab", {})
    structs = {}
    if not isinstance(raw.get("struct"), dict):
        raise ParameterError(f"{STRUCTS_FILE}: needs a [struct.NAME] table per structure")
    for name, s in raw["struct"].items():
        where = f"{STRUCTS_FILE}: struct {name!r}"
        for key in ("bytes", "evidence", "source"):
            if key not in s:
                raise ParameterError(f"{where}: {key} is required")
        size = number(where, "bytes", s["bytes"], 0, 1 << 30, low_open=True)
        footprint = number(where, "footprint_bytes", s.get("footprint_bytes", size), size, 1 << 30)
        if "slab" in s:
            slab = slabs.get(s["slab"])
            if slab is None:
                raise ParameterError(f"{where}: slab={s['slab']!r} is not defined in {STRUCTS_FILE}")
            swhere = f"{STRUCTS_FILE}: slab {s['slab']!r}"
            order = number(swhere, "order", slab.get("order"), 0, 10, integer=True)
            objs = number(swhere, "objs_per_slab", slab.get("objs_per_slab"), 1, 1 << 20, integer=True)
            footprint = (PAGE_SIZE_BYTES << order) / objs
            if footprint < size:
                raise ParameterError(f"{swhere}: {objs} objects per {PAGE_SIZE_BYTES << order} B slab leave less than "
                                     f"the {size:g} B of struct {name!r}")
        if not isinstance(s.get("slot_array", False), bool):
            raise ParameterError(f"{where}: slot_array must be true or false")
        structs[name] = Struct(name, size, float(footprint), s["evidence"], s["source"], s.get("slot_array", False))
    return structs


def _unknown(kind: str, where: str, raw: dict, allowed: set) -> None:
    extra = sorted(set(raw) - allowed)
    if extra:
        raise ParameterError(f"{where}: unknown {kind} key(s) {extra}; allowed: {sorted(allowed)}")


def _component(raw: dict, structs: dict[str, Struct], where: str, default_source: str = "",
               evidence: str = "source", fitted_to: tuple[str, ...] = ()) -> Component:
    _unknown("component", where, raw, _COMPONENT_KEYS)
    name = raw.get("name")
    if not name:
        raise ParameterError(f"{where}: a component needs a name")
    where = f"{where}, component {name!r}"
    per = raw.get("per")
    if per not in UNITS:
        raise ParameterError(f"{where}: per={per!r}; choose one of: {', '.join(UNITS)}")
    space = raw.get("space", "swap")
    if space not in SPACES:
        raise ParameterError(f"{where}: space={space!r}; choose one of: {', '.join(SPACES)}")
    layer = check_choice(f"{where}: layer", raw.get("layer", "swap"), LAYERS)
    sizes = [k for k in ("struct", "bytes", "bits") if k in raw]
    if per == "xarray_node":
        sizes = sizes or ["struct"]
        raw = {"struct": "xa_node", **raw}
    if len(sizes) != 1:
        raise ParameterError(f"{where}: give exactly one of struct, bytes or bits (got {sizes or 'none'})")
    struct = None
    if "struct" in raw:
        struct = structs.get(raw["struct"])
        if struct is None:
            raise ParameterError(f"{where}: struct={raw['struct']!r} is not in {STRUCTS_FILE}")
        size, footprint = struct.bytes, struct.footprint_bytes
        source = raw.get("source", struct.source)
        if evidence == "source":
            evidence = struct.evidence
    else:
        size = (number(where, "bytes", raw["bytes"], 0, 1 << 30) if "bytes" in raw
                else number(where, "bits", raw["bits"], 0, 1 << 33) / 8)
        footprint = size
        source = raw.get("source", default_source)
    if size < 0:
        raise ParameterError(f"{where}: size must be >= 0 bytes")
    if not source:
        raise ParameterError(f"{where}: a component needs a source (URL or BTF)")
    states = raw.get("states")
    if states is not None:
        for s in states:
            if s not in STATES:
                raise ParameterError(f"{where}: state {s!r} is unknown; choose from: {', '.join(STATES)}")
        states = tuple(states)
    index = raw.get("index", "slot")
    if index not in ("slot", "cluster"):
        raise ParameterError(f"{where}: index={index!r}; choose slot or cluster")
    if per in ("entry",) and not states:
        raise ParameterError(f"{where}: per={per} needs the entry states it applies to")
    if per == "xarray_node" and index == "slot" and not states:
        raise ParameterError(f"{where}: an XArray keyed by slot needs the entry states whose slots are its keys")
    if per in ("slot", "cluster") and states:
        raise ParameterError(f"{where}: per={per} is paid for every provisioned {per}; it takes no states")
    spo = number(where, "slots_per_object", raw.get("slots_per_object", 1), 1, 1 << 42, integer=True)
    span = raw.get("tree_span_slots")
    if span is not None:
        span = number(where, "tree_span_slots", span, 1, 1 << 42, integer=True)
    return Component(
        name=name, per=per, bytes=size, footprint_bytes=footprint, source=source, space=space,
        layer=layer, evidence=evidence, fitted_to=fitted_to, states=states, slots_per_object=spo, index=index,
        tree_span_slots=int(span) if span else None,
        struct=raw.get("struct"), note=raw.get("note", ""), slot_array=struct.slot_array if struct else False,
    )


def _merge(base: tuple[Component, ...], drop: list[str], new: list[Component], where: str) -> tuple[Component, ...]:
    """Base components minus `drop`, with same-named new components replacing old ones in place."""
    names = {c.name for c in base}
    for d in drop:
        if d not in names:
            raise ParameterError(f"{where}: drop={d!r} is not a component of the base; it has: {sorted(names)}")
    out = [c for c in base if c.name not in drop]
    for c in new:
        idx = next((i for i, o in enumerate(out) if o.name == c.name and o.space == c.space), None)
        if idx is None:
            out.append(c)
        else:
            out[idx] = c
    return tuple(out)


def _build(name: str, raw: dict[str, dict], structs: dict[str, Struct], done: dict[str, Design], stack: tuple) -> Design:
    if name in done:
        return done[name]
    if name in stack:
        raise ParameterError(f"design {name!r}: base designs form a cycle: {' -> '.join(stack + (name,))}")
    r = raw[name]
    where = f"design {name!r}"
    _unknown("design", where, r, _DESIGN_KEYS)
    base = None
    if "base" in r:
        if r["base"] not in raw:
            raise ParameterError(f"{where}: base={r['base']!r} is not in the catalogue")
        base = _build(r["base"], raw, structs, done, stack + (name,))

    def inherit(key, default):
        return r.get(key, getattr(base, key) if base is not None else default)

    states = tuple(inherit("states", STATES))
    for s in states:
        check_choice(f"{where}: states", s, STATES)
    own = [_component(c, structs, where) for c in r.get("component", [])]
    full = _merge(base.full.components if base else (), r.get("drop", []), own, where)

    backing_states = tuple(inherit("backing_states", ()))
    if "backing" in r:
        if r["backing"] not in raw:
            raise ParameterError(f"{where}: backing={r['backing']!r} is not in the catalogue")
        physical = _build(r["backing"], raw, structs, done, stack + (name,))
        imported = [
            replace(c, space="backing")
            for c in physical.full.components
            if c.per in ("slot", "cluster", "used_cluster") and c.space == "swap" and c.name not in r.get("backing_drop", [])
        ]
        full = full + tuple(imported)
    for s in backing_states:
        if s not in states:
            raise ParameterError(f"{where}: backing state {s!r} is not one of the design's states {states}")

    claimed = {}
    for lraw in r.get("claimed", []):
        lname = lraw.get("ledger")
        lwhere = f"{where}, claimed ledger {lname!r}"
        _unknown("ledger", lwhere, lraw, _LEDGER_KEYS)
        if not lname or lname == "full":
            raise ParameterError(f"{lwhere}: a claimed ledger needs a name other than 'full'")
        inherited = base.claimed.get(lname) if base else None
        meta = {k: lraw.get(k, getattr(inherited, k, "")) for k in ("who", "date", "url", "quote", "note", "basis")}
        meta["fitted_to"] = tuple(lraw.get("fitted_to", getattr(inherited, "fitted_to", ())))
        if not meta["url"]:
            raise ParameterError(f"{lwhere}: a claimed ledger needs the url where it was published")
        check_choice(f"{lwhere}: basis", meta["basis"], LEDGER_BASES)
        if (meta["basis"] == "fitted") != bool(meta["fitted_to"]):
            raise ParameterError(f"{lwhere}: fitted_to (the claim or table ids it was solved from) is required "
                                 "for basis='fitted' and allowed only there")
        comps = [_component(c, structs, lwhere, default_source=meta["url"], evidence=meta["basis"],
                            fitted_to=meta["fitted_to"]) for c in lraw.get("component", [])]
        merged = _merge(inherited.components if inherited else (), lraw.get("drop", []), comps, lwhere)
        if not merged:
            raise ParameterError(f"{lwhere}: ledger has no components")
        claimed[lname] = Ledger(lname, merged, **meta)

    dynamic = bool(inherit("dynamic", False))
    for c in full:
        _check_component_fits(c, where, states, backing_states, dynamic)
    for ledger in claimed.values():
        for c in ledger.components:
            _check_component_fits(c, f"{where}, claimed ledger {ledger.name!r}", states, backing_states, dynamic)

    design = Design(
        name=name,
        title=r.get("title", ""),
        display_name=r["display_name"],
        authors=tuple(r["authors"]),
        series=r["series"],
        link=r["link"],
        family=inherit("family", ""),
        date=r.get("date", ""),
        status=r.get("status", ""),
        source=r.get("source", ""),
        note=r.get("note", ""),
        states=states,
        full=Ledger("full", full),
        claimed=claimed,
        backing_states=backing_states,
        backing=r.get("backing", base.backing if base is not None else ""),
        merged_in=r.get("merged_in", ""),
        status_note=r.get("status_note", ""),
        basis=r.get("basis", "primary"),
        rules_from=r.get("rules_from", ""),
        large_folio_zswap=bool(inherit("large_folio_zswap", True)),
        dynamic=dynamic,
        virtual_over_physical=bool(inherit("virtual_over_physical", False)),
    )
    for key in ("title", "date", "status", "source"):
        if not getattr(design, key):
            raise ParameterError(f"{where}: {key} is required")
    done[name] = design
    return design


def _check_names(d: dict, where: str, named: dict[str, str]) -> None:
    """display_name (unique in the catalogue, case folded), authors, series and link: present and
    not empty; `named` collects the display names seen so far."""
    for key in ("display_name", "series", "link"):
        if not isinstance(d.get(key), str) or not d[key].strip():
            raise ParameterError(f"{where}: {key} is required (a non-empty string)")
    authors = d.get("authors")
    if not isinstance(authors, list) or not authors or not all(isinstance(a, str) and a.strip() for a in authors):
        raise ParameterError(f"{where}: authors is required (a non-empty list of names)")
    if not d["link"].startswith(("https://", "http://")):
        raise ParameterError(f"{where}: link={d['link'][:40]!r} must be a URL (https://...)")
    key = " ".join(d["display_name"].split()).casefold()
    if key in named:
        raise ParameterError(f"{where}: display_name={d['display_name']!r} is already the display name of "
                             f"design {named[key]!r}; each design needs its own")
    named[key] = d["name"]
    _check_status(d, where)


def _check_status(d: dict, where: str) -> None:
    """status one of STATUSES; merged_in a release ("7.0") exactly when merged; basis one of
    DESIGN_BASES, a secondary one saying so in its note."""
    check_choice(f"{where}: status", d.get("status"), STATUSES)
    merged_in = d.get("merged_in")
    if d["status"] == "merged":
        if not isinstance(merged_in, str) or not _RELEASE.match(merged_in):
            raise ParameterError(f"{where}: merged_in={merged_in!r}: a merged design names its first mainline "
                                 "release, such as '7.0'")
    elif merged_in is not None:
        raise ParameterError(f"{where}: merged_in={merged_in!r} is allowed only with status='merged' "
                             f"(status={d['status']!r})")
    basis = check_choice(f"{where}: basis", d.get("basis", "primary"), DESIGN_BASES)
    if basis == "secondary" and "secondary" not in str(d.get("note", "")).lower():
        raise ParameterError(f"{where}: basis='secondary' needs a note that says the source is secondary")


def _check_component_fits(c: Component, where: str, states, backing_states, dynamic: bool) -> None:
    if c.space == "backing" and not backing_states:
        raise ParameterError(f"{where}: component {c.name!r} is on the backing device but the design has no backing_states")
    if dynamic and c.space == "swap" and c.per in ("slot", "cluster"):
        raise ParameterError(f"{where}: component {c.name!r} is static (per {c.per}) but the design's swap space is dynamic")
    if c.per == "xarray_node" and c.index == "slot" and c.space == "backing":
        if not set(c.states) <= set(backing_states):
            raise ParameterError(f"{where}: XArray {c.name!r} on the backing device keys states outside backing_states")


@lru_cache(maxsize=4)
def load_catalogue(directory: Path = paths.DESIGNS) -> dict[str, Design]:
    """All designs in `directory`, in file order, validated."""
    structs = load_structs(directory)
    raw: dict[str, dict] = {}
    named: dict[str, str] = {}  # display name (case folded) -> the design that has it
    files: dict[str, str] = {}
    for path in sorted(directory.glob("*.toml")):
        if path.name in (STRUCTS_FILE, RULES_FILE, RELATED_FILE):
            continue
        for d in read_toml(path).get("design", []):
            name = d.get("name")
            if not name:
                raise ParameterError(f"{path.name}: a design needs a name")
            if name in raw:
                raise ParameterError(f"{path.name}: design {name!r} is defined twice")
            _check_names(d, f"{path.name}: design {name!r}", named)
            raw[name], files[name] = d, path.name
    for display, name in named.items():
        clash = [other for other in raw if re.search(rf"(?<![\w.-]){re.escape(other)}(?![\w-])", display)]
        if clash:
            raise ParameterError(f"{files[name]}: design {name!r}: display_name={raw[name]['display_name']!r} contains "
                                 f"the id {clash[0]!r}; a display name names the design in words")
    done: dict[str, Design] = {}
    for name in raw:
        _build(name, raw, structs, done, ())
    order = sorted(done.values(), key=lambda d: (d.date, d.name))
    return {d.name: d for d in order}


def get_design(name: str) -> Design:
    """The catalogue design called `name`; ParameterError lists the names when it is unknown."""
    catalogue = load_catalogue()
    if name not in catalogue:
        raise ParameterError(f"design={name!r} is unknown; choose one of: {', '.join(catalogue)}")
    return catalogue[name]



# ------------------------------------------------------------------ rules of designs with a virtual layer

RULES = ("virtual_cluster_choice", "per_cpu_cluster_cache", "no_physical_slot", "physical_slot_order",
         "zswap_writeback", "zswap_writeback_batch", "cache_only_reclaim", "cluster_metadata_lifetime",
         "backing_memcg_table", "virtual_space_cap", "free_batching", "large_folio_swapin")
"""The rules the allocator simulator applies to a virtual layer, each kept in rules.toml per design."""
RULE_STATUSES = ("read", "assumed")
_RULE_KEYS = {"designs", "rule", "value", "source", "status", "reason", "simulator", "differs", "note"}


@dataclass(frozen=True)
class Rule:
    """One rule of one design, as its posted code does it (status 'read') or as assumed (with the
    reason), beside what the simulator assumes today and whether the two differ."""

    design: str
    rule: str
    value: str
    source: str
    status: str
    reason: str = ""
    simulator: str = ""
    differs: bool = False
    note: str = ""

    def to_json(self) -> dict:
        d = {"rule": self.rule, "value": self.value, "source": self.source, "status": self.status}
        if self.reason:
            d["reason"] = self.reason
        d.update(simulator=self.simulator, differs=self.differs)
        if self.note:
            d["note"] = self.note
        return d


@lru_cache(maxsize=4)
def load_rules(directory: Path = paths.DESIGNS) -> tuple[Rule, ...]:
    """rules.toml, validated: every rule names known designs, one of RULES, a value, a source and a
    status (read, or assumed with a reason); an unknown key is rejected with the file and key."""
    path = directory / RULES_FILE
    if not path.is_file():
        return ()
    catalogue = load_catalogue(directory)
    out = []
    for i, r in enumerate(read_toml(path).get("rule", [])):
        where = f"{RULES_FILE}: rule {i + 1} ({r.get('rule', '?')!r})"
        extra = sorted(set(r) - _RULE_KEYS)
        if extra:
            raise ParameterError(f"{where}: unknown key(s) {extra}; allowed: {sorted(_RULE_KEYS)}")
        for key in ("designs", "rule", "value", "source", "status"):
            if key not in r or r[key] in ("", []):
                raise ParameterError(f"{where}: {key} is required")
        check_choice(f"{where}: rule", r["rule"], RULES)
        check_choice(f"{where}: status", r["status"], RULE_STATUSES)
        if r["status"] == "assumed" and not r.get("reason"):
            raise ParameterError(f"{where}: status='assumed' needs a reason (why the code could not be read)")
        if r["status"] == "read" and not re.search(r"https?://|@|commit [0-9a-f]{12}|v\d", r["source"]):
            raise ParameterError(f"{where}: a read rule's source must name a lore URL, or a file with a commit or version")
        if not isinstance(r.get("differs", False), bool):
            raise ParameterError(f"{where}: differs must be true or false")
        designs = [r["designs"]] if isinstance(r["designs"], str) else list(r["designs"])
        for d in designs:
            if d not in catalogue:
                raise ParameterError(f"{where}: design {d!r} is not in the catalogue")
            out.append(Rule(d, r["rule"], str(r["value"]), r["source"], r["status"], r.get("reason", ""),
                            r.get("simulator", ""), bool(r.get("differs", False)), r.get("note", "")))
    own = {r.design for r in out}
    for d in catalogue.values():
        if not d.rules_from or d.name in own:
            continue
        if d.rules_from not in catalogue or d.rules_from not in own:
            raise ParameterError(f"design {d.name!r}: rules_from={d.rules_from!r} names no design with rules in {RULES_FILE}")
        out += [replace(r, design=d.name, note=(f"Taken from {d.rules_from}: not re-read in this version's code. "
                                                + r.note).strip())
                for r in out if r.design == d.rules_from]
    return tuple(out)


def design_rules(name: str, directory: Path = paths.DESIGNS) -> list[Rule]:
    """The rules kept for design `name` (empty for a design without a virtual layer)."""
    return [r for r in load_rules(directory) if r.design == name]


def has_virtual_layer(d: Design) -> bool:
    """A virtual space over a physical device, or a dynamic swap space (clusters mapped on demand)."""
    return d.virtual_over_physical or d.dynamic


def posted_shares_cluster_cache(name: str, directory: Path = paths.DESIGNS) -> bool:
    """Whether design `name`'s posted code shares one per-CPU cluster cache between its virtual and
    its physical allocations: its per_cpu_cluster_cache rule in rules.toml, whose value begins with
    'own' (a cache of its own) or 'shared'. A design without that rule has no virtual allocator of
    its own to share with (False)."""
    rules = [r for r in design_rules(name, directory) if r.rule == "per_cpu_cluster_cache"]
    if not rules:
        return False
    value = rules[0].value.lower()
    if not value.startswith(("own", "shared")):
        raise ParameterError(f"{RULES_FILE}: design {name!r}, rule 'per_cpu_cluster_cache': value must begin with "
                             f"'own' or 'shared' (got {rules[0].value[:40]!r})")
    return value.startswith("shared")



# ------------------------------------------------------------------ related series: not designs of a swap entry

_RELATED_KEYS = {"name", "title", "authors", "series", "link", "versions", "date", "status", "per_entry_bytes",
                 "per_entry_quote", "per_entry_source", "fragmentation", "fragmentation_quote",
                 "fragmentation_source", "note"}


@dataclass(frozen=True)
class Related:
    """A series of the debate that changes no swap-entry metadata (swap tiers, swap_ops): what it
    adds per entry, with the quote and source, and what it does to fragmentation."""

    name: str
    title: str
    authors: tuple[str, ...]
    series: str
    link: str
    versions: str
    date: str
    status: str
    per_entry_bytes: float
    per_entry_quote: str
    per_entry_source: str
    fragmentation: str
    fragmentation_quote: str
    fragmentation_source: str
    note: str = ""


@lru_cache(maxsize=4)
def load_related(directory: Path = paths.DESIGNS) -> tuple[Related, ...]:
    """related.toml, validated: every key present (note optional), status one of STATUSES,
    per_entry_bytes >= 0, sources are URLs or a repository file with its commit."""
    path = directory / RELATED_FILE
    if not path.is_file():
        return ()
    out = []
    for i, r in enumerate(read_toml(path).get("related", [])):
        where = f"{RELATED_FILE}: related {r.get('name', i + 1)!r}"
        _unknown("related", where, r, _RELATED_KEYS)
        for key in sorted(_RELATED_KEYS - {"note", "per_entry_bytes"}):
            if key == "authors":
                ok = isinstance(r.get(key), list) and r[key] and all(isinstance(a, str) and a for a in r[key])
            else:
                ok = isinstance(r.get(key), str) and r[key].strip()
            if not ok:
                raise ParameterError(f"{where}: {key} is required")
        check_choice(f"{where}: status", r["status"], STATUSES)
        size = number(where, "per_entry_bytes", r.get("per_entry_bytes"), 0, 1 << 20)
        for key in ("link", "per_entry_source", "fragmentation_source"):
            if not re.search(r"https?://|commit [0-9a-f]{12}", r[key]):
                raise ParameterError(f"{where}: {key} must name a URL or a file with its commit")
        out.append(Related(r["name"], r["title"], tuple(r["authors"]), r["series"], r["link"], r["versions"], r["date"],
                           r["status"], float(size), r["per_entry_quote"], r["per_entry_source"], r["fragmentation"],
                           r["fragmentation_quote"], r["fragmentation_source"], r.get("note", "")))
    return tuple(out)
