"""Sizes and alignments of this kernel's types from its BTF, for the C layout rules
(swapmodel.model.c_layout): a named struct, union or typedef, and a struct's members with the
size and alignment of each member's type.

BTF records sizes, not alignments; the alignment of a type is derived the way the compiler
assigns it on LP64: an integer, enum or float of n bytes is aligned to min(n, 8), a pointer to 8,
an array to its element, a struct or union to its most aligned member (1 when it has none).
A packed struct would break this rule; tests/test_c_layout.py lays out this kernel's own swap
structures from these members and compares the result with BTF's sizes and offsets.
Reads type records through swapmodel.kernel.btf.BTF's public lookups.
"""

from __future__ import annotations

from functools import lru_cache

from swapmodel.kernel import btf as _btf


def _resolve(b: _btf.BTF, tid: int):
    t = b.type_record(tid)
    while t is not None and t.kind in (_btf.KIND_TYPEDEF, _btf.KIND_VOLATILE, _btf.KIND_CONST,
                                       _btf.KIND_RESTRICT, _btf.KIND_TYPE_TAG):
        tid = t.size_or_type
        t = b.type_record(tid)
    return tid, t


def type_align(b: _btf.BTF, tid: int, _depth: int = 0) -> int:
    """Alignment in bytes of type id `tid` (rules in the module docstring)."""
    tid, t = _resolve(b, tid)
    if t is None:
        return 1
    if t.kind == _btf.KIND_PTR:
        return 8
    if t.kind == _btf.KIND_ARRAY:
        return type_align(b, b.array_element(t), _depth + 1)
    if t.kind in (_btf.KIND_STRUCT, _btf.KIND_UNION):
        if _depth > 64:
            return 8
        align = 1
        for _, mtid, _, _ in b.member_records(t):
            align = max(align, type_align(b, mtid, _depth + 1))
        return align
    if t.kind in (_btf.KIND_INT, _btf.KIND_ENUM, _btf.KIND_ENUM64, _btf.KIND_FLOAT):
        return max(1, min(t.size_or_type, 8))
    return 1


def _named(b: _btf.BTF, kind: str, name: str) -> int | None:
    code = {"struct": _btf.KIND_STRUCT, "union": _btf.KIND_UNION, "typedef": _btf.KIND_TYPEDEF}[kind]
    tid = b.type_id(code, name)
    if tid is None and kind == "typedef":
        for other in (_btf.KIND_STRUCT, _btf.KIND_UNION):  # `foo_t` given as a struct name is not a typedef
            if b.type_id(other, name) is not None:
                return None
    return tid


def sized(b: _btf.BTF, kind: str, name: str) -> tuple[int, int] | None:
    """(bytes, align) of `struct name`, `union name` or typedef `name`; None if BTF lacks it."""
    tid = _named(b, kind, name)
    if tid is None:
        return None
    return b.type_size(tid), type_align(b, tid)


def struct_members(b: _btf.BTF, name: str) -> list[dict]:
    """The members of struct or union `name` in BTF order: name, bytes, align and type name of the
    member's type, bit-field width `bits` (0: none) and BTF's `bit_offset`."""
    tid = b.type_id(_btf.KIND_STRUCT, name)
    tid = b.type_id(_btf.KIND_UNION, name) if tid is None else tid
    if tid is None:
        return []
    t = b.type_record(tid)
    out = []
    for mname, mtid, bits, bit_off in b.member_records(t):
        _, mt = _resolve(b, mtid)
        tname = mt.name if mt is not None and mt.name else "?"
        out.append({"name": mname, "bytes": b.type_size(mtid), "align": type_align(b, mtid),
                    "type": tname, "bits": bits, "bit_offset": bit_off})
    return out


def is_union(b: _btf.BTF, name: str) -> bool:
    """True when `name` is a union and not also a struct."""
    return b.type_id(_btf.KIND_UNION, name) is not None and b.type_id(_btf.KIND_STRUCT, name) is None


@lru_cache(maxsize=2)
def this_kernel() -> _btf.BTF | None:
    """This kernel's BTF (/sys/kernel/btf/vmlinux), or None when the kernel has none."""
    if not _btf.VMLINUX_BTF.is_file():
        return None
    return _btf.BTF.from_path(_btf.VMLINUX_BTF)
