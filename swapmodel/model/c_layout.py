"""C struct layout of kernel structures from their C text: parse with pycparser, lay out with the
LP64 rules GCC applies on x86-64 (System V ABI) and arm64 (AAPCS64), which agree for the types
swap metadata uses: natural alignment (a scalar of n bytes aligned to n, at most 8), a struct
aligned to its most aligned member and padded to a multiple of it, a union as large as its
largest member, and GCC's bit-field rule (a bit-field starts at the next free bit unless it would
cross a storage unit of its declared type; a named bit-field's type still aligns the struct).

What differs between the architectures here is the page size, and with it SWAPFILE_CLUSTER =
HPAGE_PMD_NR = 1 << (PMD_SHIFT - PAGE_SHIFT) (mm/swap.h): x86-64 PMD_SHIFT 21
(arch/x86/include/asm/pgtable_64_types.h); arm64 PMD_SHIFT = (PAGE_SHIFT - 3) * 2 + 3
(arch/arm64/include/asm/pgtable-hwdef.h), so 512, 2048 and 8192 slots for 4, 16 and 64 KiB pages.

The C text is preprocessed here, not by a compiler: comments and `#include` go, `#ifdef`/`#if`
on CONFIG_ names follow `KernelConfig` (MEMCG, SWAP, ZSWAP, THP_SWAP, VSWAP on; lockdep and
spinlock debugging off), object-like macros are substituted, and DECLARE_BITMAP and
BITS_TO_LONGS are expanded. Types the text does not define are looked up through a callback
(this kernel's BTF, the catalogue's structs.toml); a type none of them knows is reported by name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from pycparser import c_ast, c_parser
from pycparser.c_parser import ParseError

from swapmodel.base.errors import ParameterError

POINTER_BYTES = 8


@dataclass(frozen=True)
class Arch:
    """A kernel build's page geometry."""

    name: str
    page_shift: int
    pmd_shift: int

    @property
    def page_size(self) -> int:
        return 1 << self.page_shift

    @property
    def hpage_pmd_order(self) -> int:
        return self.pmd_shift - self.page_shift

    @property
    def swapfile_cluster(self) -> int:
        """SWAPFILE_CLUSTER = HPAGE_PMD_NR with CONFIG_THP_SWAP (mm/swap.h)."""
        return 1 << self.hpage_pmd_order


ARCHES = {
    "x86_64": Arch("x86_64", 12, 21),
    "arm64-16k": Arch("arm64-16k", 14, (14 - 3) * 2 + 3),
    "arm64-64k": Arch("arm64-64k", 16, (16 - 3) * 2 + 3),
}


def get_arch(name: str) -> Arch:
    if name not in ARCHES:
        raise ParameterError(f"arch={name!r}; choose one of: {', '.join(ARCHES)}")
    return ARCHES[name]


CONFIG_ON = frozenset({"CONFIG_SWAP", "CONFIG_MEMCG", "CONFIG_ZSWAP", "CONFIG_THP_SWAP", "CONFIG_VSWAP",
                       "CONFIG_64BIT", "CONFIG_MMU", "CONFIG_TRANSPARENT_HUGEPAGE", "CONFIG_SMP"})
"""The config a derived size depends on: every other CONFIG_ option (CONFIG_DEBUG_LOCK_ALLOC,
CONFIG_LOCKDEP, CONFIG_DEBUG_SPINLOCK, ...) is off."""


@dataclass(frozen=True)
class Sized:
    """A type's size and alignment in bytes."""

    bytes: int
    align: int
    name: str = ""


@dataclass(frozen=True)
class FieldLayout:
    name: str
    offset: int
    bytes: int
    type: str
    bits: int = 0
    bit_offset: int = 0

    def to_json(self) -> dict:
        d = {"name": self.name, "offset": self.offset, "bytes": self.bytes, "type": self.type}
        if self.bits:
            d.update(bits=self.bits, bit_offset=self.bit_offset)
        return d


@dataclass(frozen=True)
class StructLayout:
    name: str
    kind: str
    bytes: int
    align: int
    fields: tuple[FieldLayout, ...]

    def field(self, name: str) -> FieldLayout:
        for f in self.fields:
            if f.name == name:
                return f
        raise ParameterError(f"{self.kind} {self.name} has no member {name!r}")


@dataclass(frozen=True)
class Member:
    """One member to lay out: a sized type, an array count, a bit-field width (0: none)."""

    name: str
    type: Sized
    count: int = 1
    bits: int = 0


def _align_up(value: int, align: int) -> int:
    return -(-value // align) * align


def layout_members(name: str, members: list[Member], kind: str = "struct") -> StructLayout:
    """Offsets, size and alignment of `members` laid out as a struct (or union) by the LP64 rules
    in the module docstring."""
    if not members:
        raise ParameterError(f"{kind} {name}: no members to lay out")
    align = 1
    out = []
    if kind == "union":
        size = 0
        for m in members:
            nbytes = m.type.bytes * m.count
            align = max(align, m.type.align)
            size = max(size, nbytes if not m.bits else -(-m.bits // 8))
            out.append(FieldLayout(m.name, 0, nbytes, m.type.name, m.bits, 0))
        return StructLayout(name, kind, _align_up(size, align), align, tuple(out))
    bit = 0
    for m in members:
        align = max(align, m.type.align)
        if m.bits:
            unit = 8 * m.type.bytes
            if not 0 < m.bits <= unit:
                raise ParameterError(f"{kind} {name}: bit-field {m.name!r} has {m.bits} bits; its type holds 1 to {unit}")
            if bit // unit != (bit + m.bits - 1) // unit:
                bit = _align_up(bit, unit)
            out.append(FieldLayout(m.name, (bit // unit) * m.type.bytes, m.type.bytes, m.type.name, m.bits, bit))
            bit += m.bits
            continue
        bit = _align_up(bit, 8 * m.type.align)
        nbytes = m.type.bytes * m.count
        out.append(FieldLayout(m.name, bit // 8, nbytes, m.type.name))
        bit += 8 * nbytes
    return StructLayout(name, kind, _align_up(_align_up(bit, 8) // 8, align), align, tuple(out))


# ------------------------------------------------------------------ preprocessing

_BASE_TYPES = {
    ("char",): 1, ("signed", "char"): 1, ("unsigned", "char"): 1, ("_Bool",): 1,
    ("short",): 2, ("short", "int"): 2, ("unsigned", "short"): 2, ("unsigned", "short", "int"): 2,
    ("signed", "short"): 2, ("int",): 4, ("signed",): 4, ("signed", "int"): 4, ("unsigned",): 4,
    ("unsigned", "int"): 4, ("long",): 8, ("long", "int"): 8, ("unsigned", "long"): 8,
    ("unsigned", "long", "int"): 8, ("signed", "long"): 8, ("long", "long"): 8, ("unsigned", "long", "long"): 8,
    ("long", "long", "int"): 8, ("unsigned", "long", "long", "int"): 8,
}
_KERNEL_SCALARS = {
    "bool": 1, "u8": 1, "s8": 1, "__u8": 1, "u16": 2, "s16": 2, "__u16": 2, "__le16": 2, "u32": 4, "s32": 4,
    "__u32": 4, "__le32": 4, "u64": 8, "s64": 8, "__u64": 8, "__le64": 8, "size_t": 8, "ssize_t": 8,
    "pgoff_t": 8, "gfp_t": 4, "uintptr_t": 8, "phys_addr_t": 8, "sector_t": 8, "loff_t": 8,
}
"""Fixed-width kernel typedefs (include/linux/types.h, 64-bit)."""
_KEYWORDS = {"struct", "union", "enum", "const", "volatile", "unsigned", "signed", "char", "short", "int",
             "long", "void", "_Bool", "typedef", "static", "inline", "extern", "restrict", "float", "double"}
_ANNOTATIONS = re.compile(r"\b(__rcu|__percpu|__private|__randomize_layout|__iomem|__user|__force|"
                          r"__data_racy|__counted_by\([^)]*\))\b")
_UNSUPPORTED = re.compile(r"\b(__aligned|__packed|____cacheline_aligned\w*|__attribute__)\b")


def _eval_if(expr: str) -> bool:
    """#if/#ifdef condition over CONFIG_ names only (defined(), IS_ENABLED(), !, &&, ||)."""
    e = re.sub(r"\b(?:defined|IS_ENABLED|IS_BUILTIN)\s*\(\s*(\w+)\s*\)", r"\1", expr)
    e = re.sub(r"\bdefined\s+(\w+)", r"\1", e)
    names = set(re.findall(r"[A-Za-z_]\w*", e))
    if any(not n.startswith("CONFIG_") for n in names):
        raise ParameterError(f"#if {expr.strip()!r}: only CONFIG_ options can be evaluated here")
    e = re.sub(r"\bCONFIG_\w+\b", lambda m: "1" if m.group(0) in CONFIG_ON else "0", e)
    e = e.replace("&&", " and ").replace("||", " or ").replace("!", " not ")
    return bool(eval(e, {"__builtins__": {}}))  # noqa: S307 - only 0/1, and/or/not and parentheses remain


def preprocess(text: str, defines: dict[str, str], arch: Arch) -> str:
    """The C text with comments, #include and #define lines gone, #if blocks resolved and macros
    expanded (see the module docstring)."""
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    text = text.replace("\\\n", " ")
    out, stack = [], []
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("#"):
            d = s[1:].strip()
            word = d.split(None, 1)[0] if d else ""
            rest = d[len(word):].strip()
            if word in ("ifdef", "ifndef", "if"):
                cond = _eval_if(rest) if word == "if" else ((rest in CONFIG_ON) == (word == "ifdef"))
                if word != "if" and not rest.startswith("CONFIG_"):
                    raise ParameterError(f"#{word} {rest}: only CONFIG_ options can be evaluated here")
                stack.append([cond, cond])
            elif word == "elif":
                taken = stack[-1][1]
                cond = not taken and _eval_if(rest)
                stack[-1] = [cond, taken or cond]
            elif word == "else":
                stack[-1][0] = not stack[-1][1]
            elif word == "endif":
                stack.pop()
            continue
        if all(active for active, _ in stack):
            out.append(line)
    if stack:
        raise ParameterError("unbalanced #if/#endif in the struct text")
    macros = builtin_macros(arch)
    macros.update(defines)
    body = "\n".join(out)
    body = _ANNOTATIONS.sub(" ", body)
    bad = _UNSUPPORTED.search(body)
    if bad:
        raise ParameterError(f"attribute {bad.group(1)} changes the layout and is not handled by the layout rules here")
    for _ in range(20):
        new = re.sub(r"\bDECLARE_BITMAP\s*\(\s*(\w+)\s*,\s*([^)]+)\)", r"unsigned long \1[BITS_TO_LONGS(\2)]", body)
        new = re.sub(r"\bBITS_TO_LONGS\s*\(([^()]*(?:\([^()]*\))?[^()]*)\)", r"(((\1) + 63) / 64)", new)
        new = re.sub(r"\b[A-Za-z_]\w*\b", lambda m: _expand(macros, m.group(0)), new)
        if new == body:
            break
        body = new
    else:
        raise ParameterError("macro expansion does not terminate (a macro refers to itself)")
    return re.sub(r"\b(\d+)(?:UL|ULL|LL|L|U)\b", r"\1", body)


def _expand(macros: dict[str, str], word: str) -> str:
    if word not in macros:
        return word
    value = macros[word]
    return value if re.fullmatch(r"\w+", value) else f"({value})"


def builtin_macros(arch: Arch) -> dict[str, str]:
    """Kernel constants struct definitions use, for `arch` (include/linux/huge_mm.h, mm/swap.h,
    include/linux/swap.h)."""
    return {
        "PAGE_SHIFT": str(arch.page_shift), "PAGE_SIZE": str(arch.page_size), "PMD_SHIFT": str(arch.pmd_shift),
        "HPAGE_PMD_ORDER": str(arch.hpage_pmd_order), "PMD_ORDER": str(arch.hpage_pmd_order),
        "HPAGE_PMD_NR": str(arch.swapfile_cluster), "SWAPFILE_CLUSTER": str(arch.swapfile_cluster),
        "SWAP_NR_ORDERS": str(arch.hpage_pmd_order + 1), "BITS_PER_LONG": "64", "BITS_PER_BYTE": "8",
        "MAX_SWAPFILES_SHIFT": "5", "XA_CHUNK_SHIFT": "6", "XA_CHUNK_SIZE": "64",
        "rcu_head": "callback_head",  # include/linux/types.h: #define rcu_head callback_head
    }


# ------------------------------------------------------------------ parsing and sizing

Lookup = Callable[[str, str], "Sized | None"]
"""lookup(kind, name): the size of a type the text does not define; kind is 'struct', 'union' or
'typedef'. None when unknown."""


def _type_names(body: str) -> set[str]:
    """Identifiers used as type names: followed by another identifier or '*' and not preceded by
    struct/union/enum (the declarator follows a type name; `count:4` and `x;` are declarators)."""
    names = set()
    for m in re.finditer(r"(?<![\w.>])([A-Za-z_]\w*)\s*(?=[A-Za-z_*(])", body):
        name = m.group(1)
        before = body[:m.start()].rstrip()
        if name in _KEYWORDS or re.search(r"\b(struct|union|enum)$", before):
            continue
        names.add(name)
    return names


def _const(node, where: str) -> int:
    if isinstance(node, c_ast.Constant):
        v = node.value.rstrip("uUlL")
        return int(v, 0) if not v.startswith("0") or v == "0" or v.startswith("0x") else int(v, 8)
    if isinstance(node, c_ast.BinaryOp):
        a, b = _const(node.left, where), _const(node.right, where)
        ops = {"+": a + b, "-": a - b, "*": a * b, "<<": a << b if b >= 0 else 0, ">>": a >> b if b >= 0 else 0,
               "|": a | b, "&": a & b}
        if node.op == "/":
            return a // b
        if node.op in ops:
            return ops[node.op]
    if isinstance(node, c_ast.UnaryOp) and node.op == "-":
        return -_const(node.expr, where)
    if isinstance(node, c_ast.Cast):
        return _const(node.expr, where)
    if isinstance(node, c_ast.ID):
        raise ParameterError(f"{where}: macro {node.name!r} is not defined in the patch; cannot size it")
    raise ParameterError(f"{where}: cannot evaluate a constant expression of type {type(node).__name__}")


@dataclass
class CLayout:
    """Parses C text holding struct, union and typedef definitions and lays them out; a type the
    text does not define comes from `lookup`, and an unknown one is listed in `unknown`."""

    arch: Arch
    lookup: Lookup
    defines: dict[str, str] = field(default_factory=dict)
    unknown: set[str] = field(default_factory=set)
    _defs: dict[tuple[str, str], c_ast.Node] = field(default_factory=dict)
    _done: dict[tuple[str, str], StructLayout] = field(default_factory=dict)

    def parse(self, text: str, where: str) -> list[tuple[str, str]]:
        """Parse definitions; returns the (kind, name) of each struct, union or typedef found."""
        body = preprocess(text, self.defines, self.arch)
        known_typedefs = {n for (k, n) in self._defs if k == "typedef"}
        placeholders = sorted(_type_names(body) - set(_KERNEL_SCALARS) - known_typedefs)
        prelude = "".join(f"typedef int {n};\n" for n in [*sorted(_KERNEL_SCALARS), *sorted(known_typedefs),
                                                             *placeholders])
        try:
            ast = c_parser.CParser().parse(prelude + body, filename=where)
        except ParseError as e:
            raise ParameterError(f"{where}: the C text does not parse ({e})") from None
        found = []
        n_prelude = len(_KERNEL_SCALARS) + len(known_typedefs) + len(placeholders)
        for ext in ast.ext[n_prelude:]:
            if isinstance(ext, c_ast.Typedef):
                self._defs[("typedef", ext.name)] = ext.type
                found.append(("typedef", ext.name))
                inner = ext.type.type if isinstance(ext.type, c_ast.TypeDecl) else None
                if isinstance(inner, (c_ast.Struct, c_ast.Union)) and inner.name and inner.decls is not None:
                    self._defs[(self._kind(inner), inner.name)] = inner
            elif isinstance(ext, c_ast.Decl) and isinstance(ext.type, (c_ast.Struct, c_ast.Union)):
                s = ext.type
                if s.name and s.decls is not None:
                    key = (self._kind(s), s.name)
                    self._defs[key] = s
                    self._done.pop(key, None)
                    found.append(key)
        return found

    @staticmethod
    def _kind(node) -> str:
        return "union" if isinstance(node, c_ast.Union) else "struct"

    def layout(self, kind: str, name: str) -> StructLayout:
        """The layout of a struct, union or typedef'd struct this text defines."""
        key = (kind, name)
        if key in self._done:
            return self._done[key]
        node = self._defs.get(key)
        if node is None:
            raise ParameterError(f"{kind} {name} is not defined in the text parsed")
        if kind == "typedef":
            t = self._sized(node, f"typedef {name}")
            inner = node.type if isinstance(node, c_ast.TypeDecl) else None
            if isinstance(inner, (c_ast.Struct, c_ast.Union)) and inner.decls is not None:
                lay = self._aggregate(inner, name)
            else:
                lay = StructLayout(name, "typedef", t.bytes, t.align, ())
        else:
            lay = self._aggregate(node, name)
        self._done[key] = lay
        return lay

    def members(self, kind: str, name: str) -> list[Member]:
        """The members of a defined struct as sized `Member`s (for merging with BTF's)."""
        node = self._defs[(kind, name)]
        return self._members(node, f"{kind} {name}")

    def _aggregate(self, node, name: str) -> StructLayout:
        kind = self._kind(node)
        return layout_members(name, self._members(node, f"{kind} {name}"), kind)

    def _members(self, node, where: str) -> list[Member]:
        out = []
        for d in node.decls or []:
            t = d.type
            count = 1
            while isinstance(t, c_ast.ArrayDecl):
                count *= _const(t.dim, f"{where}.{d.name}") if t.dim is not None else 0
                t = t.type
            sized = self._sized(t, f"{where}.{d.name or '<anonymous>'}")
            bits = _const(d.bitsize, f"{where}.{d.name}") if d.bitsize is not None else 0
            out.append(Member(d.name or "", sized, count, bits))
        return out

    def _sized(self, t, where: str) -> Sized:
        if isinstance(t, c_ast.PtrDecl):
            return Sized(POINTER_BYTES, POINTER_BYTES, self._type_name(t.type) + " *")
        if isinstance(t, c_ast.ArrayDecl):
            inner = self._sized(t.type, where)
            n = _const(t.dim, where) if t.dim is not None else 0
            return Sized(inner.bytes * n, inner.align, f"{inner.name}[{n}]")
        if isinstance(t, c_ast.TypeDecl):
            t = t.type
        if isinstance(t, (c_ast.Struct, c_ast.Union)):
            kind = self._kind(t)
            if t.decls is not None:  # defined inline (anonymous or named)
                lay = layout_members(t.name or "", self._members(t, where), kind)
                return Sized(lay.bytes, lay.align, f"{kind} {t.name or '{...}'}")
            if (kind, t.name) in self._defs:
                lay = self.layout(kind, t.name)
                return Sized(lay.bytes, lay.align, f"{kind} {t.name}")
            found = self.lookup(kind, t.name)
            if found is None:
                self.unknown.add(f"{kind} {t.name}")
                return Sized(0, 1, f"{kind} {t.name}")
            return Sized(found.bytes, found.align, f"{kind} {t.name}")
        if isinstance(t, c_ast.Enum):
            return Sized(4, 4, f"enum {t.name}")  # GCC: an enum whose values fit in int is 4 bytes
        if isinstance(t, c_ast.IdentifierType):
            names = tuple(t.names)
            if names in _BASE_TYPES:
                n = _BASE_TYPES[names]
                return Sized(n, n, " ".join(names))
            if len(names) == 1:
                name = names[0]
                if name in _KERNEL_SCALARS:
                    n = _KERNEL_SCALARS[name]
                    return Sized(n, n, name)
                if ("typedef", name) in self._defs:
                    lay = self.layout("typedef", name)
                    return Sized(lay.bytes, lay.align, name)
                found = self.lookup("typedef", name)
                if found is None:
                    self.unknown.add(name)
                    return Sized(0, 1, name)
                return Sized(found.bytes, found.align, name)
        raise ParameterError(f"{where}: cannot size a declaration of type {type(t).__name__}")

    @staticmethod
    def _type_name(t) -> str:
        if isinstance(t, c_ast.TypeDecl):
            t = t.type
        if isinstance(t, (c_ast.Struct, c_ast.Union)):
            return f"{'union' if isinstance(t, c_ast.Union) else 'struct'} {t.name}"
        if isinstance(t, c_ast.IdentifierType):
            return " ".join(t.names)
        if isinstance(t, c_ast.PtrDecl):
            return CLayout._type_name(t.type) + " *"
        return "?"

    def pointee(self, kind: str, name: str, member: str) -> Sized | None:
        """The type a pointer member of a defined struct points to (for sizeof(*p->member))."""
        node = self._defs.get((kind, name))
        if node is None:
            return None
        for d in node.decls or []:
            if d.name == member and isinstance(d.type, c_ast.PtrDecl):
                return self._sized(d.type.type, f"{kind} {name}.{member}")
        return None

    def defined(self) -> list[tuple[str, str]]:
        return list(self._defs)


def kmalloc_bucket(nbytes: int, page_size: int = 4096) -> str:
    """Where kmalloc(nbytes) is served: the kmalloc-N cache (sizes 8 ... 8192 with 96 and 192,
    mm/slab_common.c kmalloc_info), or above KMALLOC_MAX_CACHE_SIZE = 2 pages the page allocator
    at the smallest order that holds it (SLUB, include/linux/slab.h)."""
    if nbytes <= 0:
        raise ParameterError(f"bytes={nbytes}; kmalloc needs 1 or more")
    if nbytes <= 2 * page_size:
        for size in (8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072):
            if nbytes <= size and size <= 2 * page_size:
                return f"kmalloc-{size // 1024}k" if size >= 1024 else f"kmalloc-{size}"
    pages = -(-nbytes // page_size)
    order = (pages - 1).bit_length()
    return f"page allocator order {order} ({(page_size << order)} B)"


def allocation_bytes(func: str, nbytes: int, page_size: int = 4096) -> tuple[int, str]:
    """(bytes really taken, where) of an allocation of `nbytes` by `func`: kmalloc-family rounding
    (kvcalloc/kvmalloc fall back to vmalloc above the kmalloc range), vmalloc to whole pages."""
    if func in ("vzalloc", "vmalloc"):
        pages = -(-nbytes // page_size)
        return pages * page_size, f"vmalloc, {pages} pages"
    if func.startswith("kv") and nbytes > 2 * page_size:
        pages = -(-nbytes // page_size)
        return pages * page_size, f"vmalloc (kvmalloc above {2 * page_size} B), {pages} pages"
    where = kmalloc_bucket(nbytes, page_size)
    m = re.match(r"kmalloc-(\d+)(k?)", where)
    if m:
        return int(m.group(1)) * (1024 if m.group(2) else 1), where
    return int(re.search(r"\((\d+) B\)", where).group(1)), where
