"""A pure-Python reader of BPF Type Format (BTF): struct and union sizes and member offsets.

Format per Documentation/bpf/btf.rst (https://docs.kernel.org/bpf/btf.html): a header, a type
section of `struct btf_type` records (name_off, info, size/type) each followed by kind-specific
data, and a string section. Type ids start at 1; 0 is void. Works on /sys/kernel/btf/vmlinux or
any BTF blob given by path; no external tools.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

from swapmodel.base.errors import ParameterError

VMLINUX_BTF = Path("/sys/kernel/btf/vmlinux")
BTF_MAGIC = 0xEB9F

# BTF_KIND_* values and the bytes of data that follow each kind's btf_type (vlen = entries).
KIND_INT, KIND_PTR, KIND_ARRAY, KIND_STRUCT, KIND_UNION, KIND_ENUM, KIND_FWD, KIND_TYPEDEF = 1, 2, 3, 4, 5, 6, 7, 8
KIND_VOLATILE, KIND_CONST, KIND_RESTRICT, KIND_FUNC, KIND_FUNC_PROTO, KIND_VAR, KIND_DATASEC = 9, 10, 11, 12, 13, 14, 15
KIND_FLOAT, KIND_DECL_TAG, KIND_TYPE_TAG, KIND_ENUM64 = 16, 17, 18, 19
_FIXED_EXTRA = {KIND_INT: 4, KIND_ARRAY: 12, KIND_VAR: 4, KIND_DECL_TAG: 4}
_PER_VLEN = {KIND_STRUCT: 12, KIND_UNION: 12, KIND_ENUM: 8, KIND_FUNC_PROTO: 8, KIND_DATASEC: 12, KIND_ENUM64: 12}
_MODIFIERS = (KIND_TYPEDEF, KIND_VOLATILE, KIND_CONST, KIND_RESTRICT, KIND_TYPE_TAG)


@dataclass(frozen=True)
class Member:
    """A struct or union member: byte offset, size in bytes (0 for flexible arrays), and for a
    bit-field its bit offset inside the struct and its width."""

    name: str
    offset_bytes: int
    size_bytes: int
    bit_offset: int
    bitfield_bits: int = 0


@dataclass(frozen=True)
class TypeRecord:
    """One `struct btf_type` record: its BTF_KIND_*, name, vlen, kind_flag, size or referenced type
    id, and the kind-specific bytes that follow it."""

    kind: int
    name: str
    vlen: int
    kind_flag: bool
    size_or_type: int
    extra: bytes


class BTF:
    """Parsed BTF: look up struct and union sizes and members by name."""

    def __init__(self, blob: bytes):
        try:
            self._parse(blob)
        except (struct.error, ValueError, IndexError, UnicodeDecodeError) as e:
            raise ParameterError(f"btf: not a valid BTF blob ({e})") from None

    def _parse(self, blob: bytes) -> None:
        if len(blob) < 24:
            raise ValueError("too short to hold a BTF header")
        magic = struct.unpack_from("<H", blob, 0)[0]
        if magic == BTF_MAGIC:
            self._e = "<"
        elif struct.unpack_from(">H", blob, 0)[0] == BTF_MAGIC:
            self._e = ">"
        else:
            raise ValueError(f"bad magic {magic:#06x}; expected {BTF_MAGIC:#06x}")
        _, _, hdr_len, type_off, type_len, str_off, str_len = struct.unpack_from(self._e + "BBIIIII", blob, 2)
        if hdr_len < 24 or hdr_len + max(type_off + type_len, str_off + str_len) > len(blob):
            raise ValueError(f"header says {hdr_len + max(type_off + type_len, str_off + str_len)} bytes, file has {len(blob)}")
        types_start = hdr_len + type_off
        strings = blob[hdr_len + str_off: hdr_len + str_off + str_len]
        self._types: list[TypeRecord | None] = [None]
        self._by_name: dict[tuple[int, str], int] = {}
        pos, end = types_start, types_start + type_len
        while pos < end:
            name_off, info, size_or_type = struct.unpack_from(self._e + "III", blob, pos)
            pos += 12
            kind, vlen, kind_flag = (info >> 24) & 0x1F, info & 0xFFFF, bool(info >> 31)
            nbytes = _FIXED_EXTRA.get(kind, 0) + _PER_VLEN.get(kind, 0) * vlen
            if pos + nbytes > end:
                raise ValueError(f"type record at byte {pos - 12} runs past the type section")
            name = strings[name_off: strings.index(b"\0", name_off)].decode() if name_off else ""
            self._types.append(TypeRecord(kind, name, vlen, kind_flag, size_or_type, blob[pos: pos + nbytes]))
            if name and kind in (KIND_STRUCT, KIND_UNION, KIND_TYPEDEF, KIND_ENUM, KIND_ENUM64):
                self._by_name.setdefault((kind, name), len(self._types) - 1)
            pos += nbytes
        self._strings = strings

    @classmethod
    def from_path(cls, path: Path | str = VMLINUX_BTF) -> "BTF":
        path = Path(path)
        if not path.is_file():
            raise ParameterError(f"btf={str(path)!r} is not a file; give a BTF file such as {VMLINUX_BTF}")
        try:
            blob = path.read_bytes()
        except OSError as e:
            raise ParameterError(f"btf={str(path)!r} cannot be read ({e.strerror})") from None
        try:
            return cls(blob)
        except ParameterError as e:
            raise ParameterError(f"btf={str(path)!r}: {e}") from None

    def _string(self, off: int) -> str:
        return self._strings[off: self._strings.index(b"\0", off)].decode() if off else ""

    def _find(self, name: str) -> TypeRecord | None:
        for kind in (KIND_STRUCT, KIND_UNION):
            tid = self._by_name.get((kind, name))
            if tid is not None:
                return self._types[tid]
        return None

    def type_record(self, tid: int) -> TypeRecord | None:
        """The record of type id `tid` (None for 0, void)."""
        return self._types[tid]

    def type_id(self, kind: int, name: str) -> int | None:
        """The id of the first type of BTF_KIND `kind` named `name`, or None."""
        return self._by_name.get((kind, name))

    def array_element(self, t: TypeRecord) -> int:
        """The element type id of an array record."""
        return struct.unpack_from(self._e + "I", t.extra, 0)[0]

    def member_records(self, t: TypeRecord) -> list[tuple[str, int, int, int]]:
        """(name, type id, bit-field width or 0, bit offset) of each member of a struct or union record."""
        out = []
        for i in range(t.vlen):
            name_off, tid, offset = struct.unpack_from(self._e + "III", t.extra, 12 * i)
            bits, bit_off = (offset >> 24, offset & 0xFFFFFF) if t.kind_flag else (0, offset)
            out.append((self._string(name_off), tid, bits, bit_off))
        return out

    def has(self, name: str) -> bool:
        """True when a struct or union of this name exists."""
        return self._find(name) is not None

    def size(self, name: str) -> int:
        """sizeof(struct name) or sizeof(union name)."""
        t = self._find(name)
        if t is None:
            raise ParameterError(f"struct {name!r} is not in this BTF")
        return t.size_or_type

    def type_size(self, tid: int) -> int:
        """Size in bytes of type id `tid`, resolving typedefs, modifiers and arrays."""
        t = self._types[tid]
        while t is not None and t.kind in _MODIFIERS:
            t = self._types[t.size_or_type]
        if t is None:
            return 0
        if t.kind == KIND_PTR:
            return 8
        if t.kind == KIND_ARRAY:
            elem, _, nelems = struct.unpack_from(self._e + "III", t.extra, 0)
            return self.type_size(elem) * nelems
        return t.size_or_type

    def members(self, name: str) -> list[Member]:
        """Members of struct or union `name`, with offsets and sizes."""
        t = self._find(name)
        if t is None:
            raise ParameterError(f"struct {name!r} is not in this BTF")
        return [Member(m, bit_off // 8, self.type_size(tid), bit_off, bits)
                for m, tid, bits, bit_off in self.member_records(t)]

    def names_containing(self, fragment: str) -> list[str]:
        """Struct and union names that contain `fragment`."""
        return sorted({n for (k, n) in self._by_name if k in (KIND_STRUCT, KIND_UNION) and fragment in n})

