"""C struct layout on x86-64 (System V ABI, GCC bit-field rules), to size a struct from a posted
field list, e.g. the swp_desc of each virtual swap revision.

A field is a dict: {"name", "bytes"} with optional "align" (default: min(bytes, 8)), "count"
(array length) and "bits" (a bit-field of a `bytes`-wide declared type). A bit-field starts at the
next free bit unless it would cross a storage unit of its declared type, in which case it starts
at the next unit (GCC, x86-64).
"""

from __future__ import annotations

from swapmodel.base.errors import ParameterError


def _align_up(value: int, align: int) -> int:
    return -(-value // align) * align


def struct_size(fields: list[dict]) -> int:
    """sizeof the struct whose members are `fields`, in bytes."""
    if not fields:
        raise ParameterError("fields: a struct needs at least one field")
    bit = 0
    max_align = 1
    for f in fields:
        size = int(f.get("bytes", 0))
        if size <= 0:
            raise ParameterError(f"fields: member {f.get('name')!r} needs bytes >= 1")
        align = int(f.get("align", min(size, 8)))
        max_align = max(max_align, align)
        if "bits" in f:
            width = int(f["bits"])
            unit = 8 * size
            if not 0 < width <= unit:
                raise ParameterError(f"fields: bit-field {f.get('name')!r} needs 1 to {unit} bits")
            if bit // unit != (bit + width - 1) // unit:
                bit = _align_up(bit, unit)
            bit += width
        else:
            bit = _align_up(bit, 8 * align) + 8 * size * int(f.get("count", 1))
    return _align_up(_align_up(bit, 8) // 8, max_align)
