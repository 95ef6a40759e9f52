"""`swapmodel price-patch`: size the structs a newly posted patch adds or changes, and price them
against the catalogue design it is based on.

The patch is read by swapmodel.sources.patch (struct definitions, macros, array allocations); the
C text is laid out by swapmodel.model.c_layout. A type the patch does not define comes from this
kernel's BTF (/sys/kernel/btf/vmlinux, swapmodel.kernel.btf_types) or, failing that, from
data/designs/structs.toml (by exact struct name; alignment then taken as the largest power of two
up to 8 dividing its size). A hunk that shows only part of a struct is completed from BTF: the
members of this kernel's struct, minus the lines the patch removes, with every member the hunk
shows (context or added) in the hunk's order. Sizes are labelled `derived` (computed here from the
posted definition, with the config c_layout.CONFIG_ON), never BTF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from swapmodel.base.errors import ParameterError
from swapmodel.base.geometry import SWAPFILE_CLUSTER_SLOTS
from swapmodel.kernel import btf_types
from swapmodel.model.c_layout import (CLayout, Member, Sized, StructLayout, allocation_bytes, get_arch,
                                      layout_members, preprocess)
from swapmodel.sources.designs import load_catalogue, load_structs
from swapmodel.sources.patch import StructText, read_patch

_DECLARATOR = re.compile(r"([A-Za-z_]\w*)\s*(?:\[[^\]]*\]\s*)*(?::[^;]*)?;\s*$")


@dataclass
class _Types:
    """Where a type the patch does not define is looked up: BTF, then structs.toml."""

    btf: object
    catalogue: dict

    def __call__(self, kind: str, name: str) -> Sized | None:
        if self.btf is not None:
            found = btf_types.sized(self.btf, kind, name)
            if found is not None:
                return Sized(found[0], found[1], name)
        s = self.catalogue.get(name)
        if s is not None:
            n = int(s.bytes)
            return Sized(n, min(8, n & -n) if n else 1, name)
        return None


def _member_name(line: str) -> str | None:
    code = re.sub(r"/\*.*?\*/|//.*$", "", line).strip()
    if not code or code.startswith("#") or "(" in code:
        return None
    m = _DECLARATOR.search(code)
    return m.group(1) if m else None


def _parse_shown(s: StructText, lay: CLayout) -> tuple[str, str]:
    """Parse the lines a hunk shows of a struct as struct __shown_NAME; returns its key."""
    shown_name = f"__shown_{s.name}"
    body = list(s.lines[1:-1] if s.lines[-1].strip() == "};" else s.lines[1:])
    lay.parse("\n".join([f"{s.kind} {shown_name} {{", *body, "};"]), f"{s.file}: {s.kind} {s.name} (hunk)")
    return s.kind, shown_name


def _complete_from_btf(s: StructText, lay: CLayout, btf, arch) -> tuple[StructLayout, str]:
    """A partial struct: this kernel's members, minus removed lines, with the hunk's members."""
    if btf is None or not btf_types.struct_members(btf, s.name):
        raise ParameterError(f"{s.kind} {s.name}: the patch shows only part of it and this kernel's BTF has no "
                             f"{s.kind} {s.name} to complete it from")
    base = btf_types.struct_members(btf, s.name)
    shown = lay.members(*_parse_shown(s, lay))
    removed = {n for n in (_member_name(r) for r in s.removed) if n}
    shown_names = [m.name for m in shown]
    merged: list[Member] = []
    pending = list(shown)
    for b in base:
        if b["name"] in removed and b["name"] not in shown_names:
            continue
        if b["name"] in shown_names:
            while pending:  # shown members up to and including this one, in the hunk's order
                m = pending.pop(0)
                merged.append(m)
                if m.name == b["name"]:
                    break
            continue
        merged.append(Member(b["name"], Sized(b["bytes"], b["align"], b["type"]), 1, b["bits"]))
    merged.extend(pending)
    note = f"rest of {s.kind} {s.name} from this kernel's BTF ({len(base)} members)"
    return layout_members(s.name, merged, s.kind), note


def _count(expr: str, defines: dict, arch) -> int | None:
    body = preprocess(expr, defines, arch).strip()
    if not re.fullmatch(r"[\d\s+\-*/()<>]+", body):
        return None
    return int(eval(body.replace("/", "//"), {"__builtins__": {}}))  # noqa: S307 - digits and operators only


def _elem(elem: str, lay: CLayout, types: _Types, layouts: dict) -> tuple[Sized | None, str]:
    """sizeof(elem) for `*p->member`, `struct foo` or a type name."""
    e = elem.strip()
    m = re.fullmatch(r"\*\s*\(?\s*\w+\s*(?:->|\.)\s*(\w+)\s*\)?", e)
    if m:
        member = m.group(1)
        for kind, name in lay.defined():
            if kind in ("struct", "union"):
                found = lay.pointee(kind, name, member)
                name = name.removeprefix("__shown_")
                if found is not None:
                    return found, f"{e}: {found.name}, member {member} of {kind} {name}"
        return None, f"sizeof({e}): no struct in the patch has a pointer member {member!r}"
    m = re.fullmatch(r"(struct|union)\s+(\w+)", e)
    if m:
        if (m.group(1), m.group(2)) in layouts:
            lo = layouts[(m.group(1), m.group(2))]
            return Sized(lo.bytes, lo.align, e), e
        found = types(m.group(1), m.group(2))
        return found, e if found else f"sizeof({e}): {e} is unknown"
    found = types("typedef", e)
    return found, e if found else f"sizeof({e}): type {e!r} is unknown"


def _design_components(struct_names: set[str], field_names: set[str], base: str | None):
    """(design, [components]) of the base design: given, or the newest catalogue design with a
    component built from one of these structs (or named after an allocated table)."""
    catalogue = load_catalogue()
    if base is not None and base not in catalogue:
        raise ParameterError(f"base={base!r} is unknown; choose one of: {', '.join(catalogue)}")

    def matches(c):
        sname = (c.struct or "").split("@")[0]
        return sname in struct_names or c.name in struct_names or c.name in field_names

    if base is None:
        for d in sorted(catalogue.values(), key=lambda d: (d.date, d.name), reverse=True):
            if any(matches(c) for c in d.full.components if c.space == "swap"):
                base = d.name
                break
    if base is None:
        return None, []
    d = catalogue[base]
    return d, [c for c in d.full.components if matches(c)]


def price_patch(path: str, arch_name: str = "x86_64", base: str | None = None) -> dict:
    """Sizes of every struct the patch adds or changes and of its array allocations, on `arch`,
    with the catalogue components they change in the base design and the per-entry difference."""
    arch = get_arch(arch_name)
    patch = read_patch(path)
    btf = btf_types.this_kernel()
    types = _Types(btf, load_structs())
    lay = CLayout(arch, types, dict(patch.defines))
    latest = patch.latest()
    # typedefs first, so structs that use them find them; then complete definitions in order
    for s in sorted(latest, key=lambda s: not s.typedef):
        if s.complete:
            lay.parse(s.text(), f"{s.file or path}: {s.kind} {s.name}")
    results, layouts = [], {}
    for s in latest:
        where = f"{s.file or 'text'} ({s.message or 'no subject'})"
        if s.complete:
            lo = lay.layout("typedef" if s.typedef else s.kind, s.name)
            how = "posted definition, complete"
        elif btf is not None and btf_types.struct_members(btf, s.name):
            lo, how = _complete_from_btf(s, lay, btf, arch)
        else:
            _parse_shown(s, lay)  # its members' types still serve sizeof(*p->member) below
            results.append({"name": s.name, "kind": s.kind, "bytes": None, "align": None, "fields": [],
                            "evidence": "DER", "where": where,
                            "how": f"not sized: the hunk starts inside {s.kind} {s.name} and shows only part of it; "
                                   f"this kernel's BTF has no {s.kind} {s.name} to complete it from"})
            continue
        layouts[(s.kind, s.name)] = lo
        results.append({"name": s.name, "kind": "typedef" if s.typedef else s.kind, "bytes": lo.bytes,
                        "align": lo.align, "fields": [f.to_json() for f in lo.fields],
                        "evidence": "DER", "how": how, "where": where})
    if lay.unknown:
        raise ParameterError(f"cannot size: unknown type(s) {', '.join(sorted(lay.unknown))} (not defined in the patch, "
                             "this kernel's BTF or data/designs/structs.toml)")
    allocations = []
    for a in patch.allocations:
        count = _count(a.count, lay.defines, arch)
        elem, elem_how = _elem(a.elem, lay, types, layouts)
        row = {"table": re.split(r"->|\.", a.lhs)[-1], "lhs": a.lhs, "call": a.func, "count_expr": a.count,
               "count": count, "elem": elem_how, "gfp": a.gfp, "function": a.function, "file": a.file}
        if count is not None and elem is not None:
            nbytes = count * elem.bytes
            footprint, where = allocation_bytes(a.func, nbytes, arch.page_size)
            row.update(elem_bytes=elem.bytes, bytes=nbytes, footprint_bytes=footprint, allocator=where)
        allocations.append(row)
    for r in results:
        if r["kind"] in ("struct", "union") and r["bytes"] is not None:
            _, where = allocation_bytes("kmalloc", max(r["bytes"], 1), arch.page_size)
            r["kmalloc"] = where
    names = {r["name"] for r in results if r["bytes"] is not None}
    tables = {a["table"] for a in allocations if "bytes" in a}
    design, comps = _design_components(names, tables, base)
    components = []
    scale = arch.swapfile_cluster / SWAPFILE_CLUSTER_SLOTS
    for c in comps:
        sname = (c.struct or "").split("@")[0]
        new = next((r["bytes"] for r in results if r["name"] in (sname, c.name)), None)
        if new is None:
            new = next((a["bytes"] for a in allocations if a["table"] == c.name and "bytes" in a), None)
        old = c.bytes * (scale if c.slot_array else 1)
        per_slot = {"entry": 1, "slot": 1, "cluster": arch.swapfile_cluster, "used_cluster": arch.swapfile_cluster}
        div = per_slot.get(c.per)
        components.append({
            "component": c.name, "per": c.per, "struct": c.struct, "catalogue_bytes": old, "patch_bytes": new,
            "delta_bytes": None if new is None else new - old,
            "delta_bytes_per_entry": None if new is None or div is None else (new - old) / div,
        })
    return {"patch": str(path), "arch": arch.name, "swapfile_cluster": arch.swapfile_cluster,
            "messages": patch.messages, "structs": results, "allocations": allocations,
            "base_design": design.name if design else None, "components": components,
            "types_from": "this kernel's BTF" if btf is not None else "data/designs/structs.toml (no BTF here)"}


def format_text(r: dict) -> str:
    """The price-patch report as plain text."""
    out = [f"{r['patch']}  (arch {r['arch']}, SWAPFILE_CLUSTER {r['swapfile_cluster']}; kernel types from "
           f"{r['types_from']})"]
    for m in r["messages"]:
        out.append(f"  message: {m}")
    for s in r["structs"]:
        if s["bytes"] is None:
            out.append(f"\n{s['kind']} {s['name']}: {s['how']}")
            continue
        out.append(f"\n{s['kind']} {s['name']}: {s['bytes']} B, align {s['align']} (derived; {s['how']}; "
                   f"kmalloc: {s.get('kmalloc', '-')})")
        for f in s["fields"]:
            bits = f"  :{f['bits']} at bit {f['bit_offset']}" if f.get("bits") else ""
            out.append(f"  {f['offset']:6d}  {f['bytes']:6d}  {f['name'] or '(anonymous)':24} {f['type']}{bits}")
    for a in r["allocations"]:
        if "bytes" in a:
            out.append(f"\n{a['table']} = {a['call']}({a['count_expr']}, sizeof({a['elem']}), ...) in {a['function'] or '?'}: "
                       f"{a['count']} x {a['elem_bytes']} B = {a['bytes']} B per object, takes {a['footprint_bytes']} B "
                       f"({a['allocator']}; gfp {a['gfp'] or '-'})")
        else:
            out.append(f"\n{a['table']} = {a['call']}(...) in {a['function'] or '?'}: not sized ({a['elem']})")
    if r["base_design"]:
        out.append(f"\ncatalogue components changed, against {r['base_design']}:")
        for c in r["components"]:
            if c["patch_bytes"] is None:
                out.append(f"  {c['component']:28} per {c['per']:12} {c['catalogue_bytes']:g} B (not in this patch)")
                continue
            per_entry = c["delta_bytes_per_entry"]
            full = " at full clusters" if c["per"] in ("cluster", "used_cluster") else ""
            pe = "" if per_entry is None else f", {per_entry:+.4g} B per entry{full}"
            out.append(f"  {c['component']:28} per {c['per']:12} {c['catalogue_bytes']:g} B -> {c['patch_bytes']} B "
                       f"({c['delta_bytes']:+g} B{pe})")
    else:
        out.append("\nno catalogue component is built from these structs")
    return "\n".join(out)
