"""Read a patch, an mbox of patches or a C file as posted, and find the struct definitions in it.

A patch (`git format-patch` output, or a lore mbox of a whole series) is read hunk by hunk: the
new side of each hunk (context and `+` lines) is scanned for `struct NAME {`, `union NAME {` and
`typedef struct { ... } NAME;`, and a definition is kept when the patch adds or removes a line of
it. A hunk that starts inside a struct (git names it in the `@@ ... @@ struct NAME {` header)
gives a partial definition: only the lines the hunk shows, to be completed from another source
(the kernel's BTF). Text outside hunks (a cover letter's pahole dump, a plain C file) is scanned
the same way and every definition in it is kept. Quoted reply lines (`>`) are skipped.

Also collected: object-like `#define NAME VALUE` lines, and array allocations
(`kcalloc(n, sizeof(...), gfp)` and the kvcalloc/kmalloc_array/vzalloc(array_size()) forms) with
the function they sit in, so a per-cluster table allocated with kcalloc can be sized.

Nothing here sizes anything: swapmodel.model.c_layout does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from swapmodel.base.errors import ParameterError

_HUNK = re.compile(r"^@@ [^@]*@@ ?(.*)$")
_FILE = re.compile(r"^\+\+\+ (?:b/)?(\S+)")
_OPEN = re.compile(r"^\s*(?:typedef\s+)?(struct|union)\s*([A-Za-z_]\w*)?\s*\{")
_TYPEDEF_OPEN = re.compile(r"^\s*typedef\s+(struct|union)\s*([A-Za-z_]\w*)?\s*\{")
_CLOSE_NAME = re.compile(r"^\s*\}\s*([A-Za-z_]\w*)?\s*;")
_DEFINE = re.compile(r"^\s*#\s*define\s+([A-Za-z_]\w*)\s+(.+?)\s*$")
_ALLOC = re.compile(
    r"(?P<lhs>[\w>.\-]+)\s*=\s*(?P<func>kcalloc|kvcalloc|kmalloc_array|kvmalloc_array|kzalloc_objs)\(\s*"
    r"(?P<count>[^,]+?)\s*,\s*sizeof\s*\((?P<elem>[^)]*)\)\s*(?:,\s*(?P<gfp>[^;]*?))?\)\s*;")
_VZALLOC = re.compile(
    r"(?P<lhs>[\w>.\-]+)\s*=\s*(?P<func>vzalloc|vmalloc|kvzalloc|kvmalloc)\(\s*array_size\(\s*"
    r"(?P<count>[^,]+?)\s*,\s*sizeof\s*\((?P<elem>[^)]*)\)\s*\)\s*(?:,\s*(?P<gfp>[^;]*?))?\)\s*;")
_ALLOC_CALL = re.compile(r"=\s*(kcalloc|kvcalloc|kmalloc_array|kvmalloc_array|kzalloc_objs|vzalloc|vmalloc|kvzalloc|"
                         r"kvmalloc)\s*\(")
_FUNC = re.compile(r"^(?:static\s+)?(?:inline\s+)?[\w\s\*]+?\b([A-Za-z_]\w*)\s*\(")


@dataclass(frozen=True)
class Line:
    """One line of the new side: its text, and '+' (added), ' ' (context) or 't' (outside a diff)."""

    text: str
    mark: str


@dataclass(frozen=True)
class StructText:
    """A struct, union or typedef'd struct as the patch shows it.

    `lines` are the new-side lines from the opening line to the closing `};` (for a partial
    definition: the lines the hunk shows). `removed` are the member lines the patch deletes."""

    name: str
    kind: str
    file: str
    message: str
    lines: tuple[str, ...]
    removed: tuple[str, ...] = ()
    complete: bool = True
    typedef: bool = False
    changed: bool = True

    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass(frozen=True)
class Allocation:
    """An array allocation: `lhs = func(count, sizeof(elem), gfp)` in function `function`."""

    lhs: str
    func: str
    count: str
    elem: str
    gfp: str
    function: str
    file: str
    message: str


@dataclass
class Patch:
    """What a patch file holds: its messages (subject or Message-ID), struct definitions, macros
    and array allocations, in the order they appear."""

    path: str
    messages: list[str] = field(default_factory=list)
    structs: list[StructText] = field(default_factory=list)
    defines: dict[str, str] = field(default_factory=dict)
    allocations: list[Allocation] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def latest(self) -> list[StructText]:
        """The last definition of each struct name (a series may change one struct in several
        patches; the later, complete one wins over a partial one)."""
        out: dict[tuple[str, bool], StructText] = {}
        for s in self.structs:
            key = (s.name, s.typedef)
            prev = out.get(key)
            if prev is None or s.complete or not prev.complete:
                out[key] = s
        return list(out.values())


def _segments(text: str) -> list[tuple[str, str, str, list[Line], list[str]]]:
    """Split the file into runs of lines: each diff hunk (its file, the @@ header's context, its
    new-side lines, its removed lines in order) and each run of text outside hunks."""
    segs = []
    file, message = "", ""
    cur: list[Line] = []
    removed: list[str] = []
    kind, header = "text", ""
    in_headers = False

    def flush():
        nonlocal cur, removed
        if cur or removed:
            segs.append((kind, file if kind == "hunk" else "", header, cur, removed, message))
        cur, removed = [], []

    for raw in text.splitlines():
        if raw.startswith("From ") and re.match(r"^From \S+ \w{3} \w{3}", raw):
            flush()
            kind, in_headers = "text", True
            continue
        if in_headers:
            if raw.lower().startswith("subject:"):
                message = raw.split(":", 1)[1].strip()
            elif raw.lower().startswith("message-id:") and not message:
                message = raw.split(":", 1)[1].strip()
            if raw == "":
                in_headers = False
            continue
        if kind == "text" and re.match(r"^(subject|message-id):", raw, re.I):
            flush()
            message = raw.split(":", 1)[1].strip()
            continue
        if raw.startswith("diff --git ") or (raw.startswith("--- ") and kind != "hunk"):
            flush()
            kind = "diffhead"
            continue
        m = _FILE.match(raw)
        if m and kind in ("diffhead", "hunk", "text"):
            flush()
            file = m.group(1)
            kind = "diffhead"
            continue
        m = _HUNK.match(raw)
        if m and kind in ("diffhead", "hunk"):
            flush()
            kind, header = "hunk", m.group(1)
            continue
        if kind == "hunk":
            if raw.startswith("+"):
                cur.append(Line(raw[1:], "+"))
                continue
            if raw.startswith(" ") or raw == "":
                cur.append(Line(raw[1:], " "))
                continue
            if raw.startswith("-"):
                removed.append(raw[1:])
                cur.append(Line(raw[1:], "-"))
                continue
            if raw.startswith("\\"):
                continue
            flush()
            kind = "text"
        if kind == "diffhead":
            if raw.startswith(("index ", "new file", "deleted file", "similarity", "rename ", "old mode", "new mode")):
                continue
            kind = "text"
        if raw.lstrip().startswith(">"):
            continue
        cur.append(Line(raw, "t"))
    flush()
    return segs


def _depth_change(text: str) -> int:
    code = re.sub(r"/\*.*?\*/|//.*$", "", text)
    return code.count("{") - code.count("}")


def _definitions(kind, file, header, lines: list[Line], message) -> list[StructText]:
    """Struct definitions in one segment's lines (removed lines are kept in `lines` with mark '-'
    so that a definition knows which of its members the patch deletes)."""
    out = []
    i = 0
    hm = _OPEN.match(header) if kind == "hunk" else None
    if hm and hm.group(2):
        # the hunk starts inside `struct NAME {`: read until its depth goes below zero
        depth, body, removed, changed = 1, [], [], False
        j = 0
        while j < len(lines):
            ln = lines[j]
            if ln.mark != "-":
                depth += _depth_change(ln.text)
            if depth <= 0:
                break
            (removed if ln.mark == "-" else body).append(ln.text)
            changed |= ln.mark in "+-"
            j += 1
        if changed:
            closed = j < len(lines)
            out.append(StructText(hm.group(2), hm.group(1), file, message,
                                  (f"{hm.group(1)} {hm.group(2)} {{", *body, *(["};"] if closed else [])),
                                  tuple(removed), complete=False))
        i = j + 1
    while i < len(lines):
        ln = lines[i]
        m = _OPEN.match(ln.text) if ln.mark != "-" else None
        if not m or ("(" in ln.text.split("{")[0]):
            i += 1
            continue
        typedef = bool(_TYPEDEF_OPEN.match(ln.text))
        depth, body, removed, changed = 0, [], [], ln.mark == "+"
        j = i
        closed_name = None
        while j < len(lines):
            lj = lines[j]
            if lj.mark == "-":
                removed.append(lj.text)
                changed = True
                j += 1
                continue
            depth += _depth_change(lj.text)
            body.append(lj.text)
            changed |= lj.mark == "+"
            if depth <= 0:
                cm = _CLOSE_NAME.match(lj.text)
                closed_name = cm.group(1) if cm else None
                break
            j += 1
        complete = depth <= 0 and j < len(lines)
        name = closed_name if typedef and closed_name else m.group(2)
        if name and (changed or kind != "hunk"):
            out.append(StructText(name, m.group(1), file, message, tuple(body), tuple(removed),
                                  complete=complete, typedef=typedef and bool(closed_name),
                                  changed=changed or kind != "hunk"))
        i = j + 1
    return out


def parse_patch(text: str, path: str = "<text>") -> Patch:
    """The struct definitions, macros and allocations of a patch, mbox or C text."""
    patch = Patch(path)
    function = ""
    for kind, file, header, lines, _removed, message in _segments(text):
        if message and message not in patch.messages:
            patch.messages.append(message)
        if file and file not in patch.files:
            patch.files.append(file)
        patch.structs.extend(_definitions(kind, file, header, lines, message))
        if kind == "hunk":
            fm = _FUNC.match(header)
            function = fm.group(1) if fm else ""
        statement = ""
        for ln in lines:
            if ln.mark == "-":
                continue
            dm = _DEFINE.match(ln.text)
            if dm and "(" not in dm.group(1):
                value = re.sub(r"/\*.*?\*/|//.*$", "", dm.group(2)).strip()
                if value:
                    patch.defines[dm.group(1)] = value
            fm = _FUNC.match(ln.text)
            if fm and not ln.text.startswith((" ", "\t")) and not ln.text.rstrip().endswith(";"):
                function = fm.group(1)
            code = re.sub(r"/\*.*?\*/|//.*$", "", ln.text).strip()
            if statement or _ALLOC_CALL.search(code):
                statement = f"{statement} {code}".strip()
                if not statement.endswith(";") and len(statement) < 400:
                    continue
            for rx in (_ALLOC, _VZALLOC):
                am = rx.search(statement)
                if am:
                    patch.allocations.append(Allocation(am["lhs"], am["func"], am["count"].strip(), am["elem"].strip(),
                                                        (am["gfp"] or "").strip(), function, file, message))
            statement = ""
    return patch


def read_patch(path: str | Path) -> Patch:
    """Read a patch or mbox file (or a C file) from disk; a one-line ParameterError when it is
    missing, unreadable or holds no struct definition or array allocation."""
    p = Path(path)
    if not p.is_file():
        raise ParameterError(f"patch={str(path)!r} is not a readable file; give a patch or mbox file as posted")
    try:
        text = p.read_text(encoding="utf-8", errors="replace")
    except OSError as e:
        raise ParameterError(f"patch={str(path)!r} cannot be read ({e.strerror})") from None
    patch = parse_patch(text, str(path))
    if not patch.structs and not patch.allocations:
        raise ParameterError(f"patch={str(path)!r} adds or changes no struct definition and allocates no array; "
                             "nothing to size")
    return patch
