"""Notebook parameters, checked before anything executes.

Names, types and defaults are what papermill infers from the notebook's `parameters` cell. Allowed
values are declared in the same place, at the end of each line's comment, so a notebook has one
place for its parameters:

    swap_gib: float = 32.0  # size of the swap space (GiB) [0.001, 16777216]
    placement: str = "dense"  # where entries sit {dense|random}
    designs: list = []  # designs shown {designs}
    orders: list = [2, 4, 6]  # mTHP orders [0, 9]

`[LOW, HIGH]` bounds a number or every number of a list; `{a|b}` lists the allowed strings (for a
string or every string of a list); `{designs}`, `{states}` and `{rules}` stand for the design
catalogue, the entry states and the sizing rules of data/capacity/ceilings.toml. A list may add `len LOW..HIGH`. Values given on the command line follow papermill's
`-p NAME VALUE` convention (True, False, None, integers and floats are converted; anything else is
a string), extended so that a value starting with `[` is read as a YAML list.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from swapmodel.base.errors import ParameterError
from swapmodel.base.geometry import STATES

_RANGE = re.compile(r"\[\s*([-+0-9.eE]+)\s*,\s*([-+0-9.eE]+)\s*\]")
_CHOICES = re.compile(r"\{([^}]*)\}")
_LEN = re.compile(r"\blen (\d+)\.\.(\d+)")


@dataclass(frozen=True)
class Declared:
    """One notebook parameter: papermill's inferred type, its default, and the allowed values."""

    name: str
    type: str
    default: object
    help: str
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] | None = None
    min_len: int = 0
    max_len: int = 10_000


def declared(nb_path: Path) -> dict[str, Declared]:
    """The parameters of `nb_path` with their declared ranges (papermill.inspect_notebook)."""
    from swapmodel.report.workspace import inspect_parameters

    out = {}
    for name, p in inspect_parameters(nb_path).items():
        help_ = p.get("help", "") or ""
        low = high = None
        choices = None
        m = _RANGE.search(help_)
        if m:
            low, high = float(m.group(1)), float(m.group(2))
        m = _CHOICES.search(help_)
        if m:
            choices = _expand(m.group(1))
        lens = _LEN.search(help_)
        default = _default(p["default"])
        out[name] = Declared(name, p["inferred_type_name"], default, help_, low, high, choices,
                             int(lens.group(1)) if lens else 0, int(lens.group(2)) if lens else 10_000)
    return out


def _expand(spec: str) -> tuple[str, ...]:
    if spec == "designs":
        from swapmodel.sources.designs import load_catalogue

        return tuple(load_catalogue())
    if spec == "states":
        return STATES
    if spec == "rules":
        from swapmodel.sources.capacity import load_capacity

        return tuple(r.name for r in load_capacity()[1])
    return tuple(s.strip() for s in spec.split("|"))


def _default(text: str):
    import ast

    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def shown(value, limit: int = 60) -> str:
    """repr(value), cut to `limit` characters: an error never echoes a huge value in full."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} characters)"


def resolve(name: str, text: str):
    """The command-line value of parameter `name` in papermill's -p convention (plus YAML lists)."""
    if text.lstrip().startswith("["):
        import yaml

        try:
            return yaml.safe_load(text)
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            where = f" at column {mark.column + 1}" if mark else ""
            raise ParameterError(f"-p {name} {shown(text)}: not a valid YAML list{where}") from None
    if text in ("True", "False"):
        return text == "True"
    if text == "None":
        return None
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def _is_number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def check(nb_path: Path, values: dict) -> dict:
    """Raise ParameterError, naming the notebook, the parameter and what is allowed, unless every
    entry of `values` is a declared parameter of a matching type inside its declared range."""
    spec = declared(nb_path)
    nb = Path(nb_path).stem
    for name, value in values.items():
        if name not in spec:
            raise ParameterError(f"{nb}: parameter {shown(name)} does not exist; it takes: {', '.join(spec)}")
        d = spec[name]
        where = f"{nb}: {name}={shown(value)}"
        if d.type == "bool":
            if not isinstance(value, bool):
                raise ParameterError(f"{where} must be True or False")
        elif d.type in ("int", "float"):
            _check_number(where, d, value, integer=d.type == "int")
        elif d.type == "str":
            if not isinstance(value, str):
                raise ParameterError(f"{where} must be a string" + _allowed(d))
            _check_choice(where, d, value)
        elif d.type == "list":
            if not isinstance(value, list):
                raise ParameterError(f"{where} must be a list" + _allowed(d))
            if not d.min_len <= len(value) <= d.max_len:
                raise ParameterError(f"{where} must have {d.min_len} to {d.max_len} items")
            element = type(d.default[0]) if d.default else (str if d.choices else None)
            for item in value:
                if element in (int, float):
                    _check_number(where, d, item, integer=element is int)
                elif element is str:
                    if not isinstance(item, str):
                        raise ParameterError(f"{where}: item {shown(item)} must be a string" + _allowed(d))
                    _check_choice(where, d, item)
    return values


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _allowed(d: Declared) -> str:
    if d.choices:
        return f"; allowed: {', '.join(d.choices)}"
    if d.low is not None:
        return f"; allowed range [{_fmt(d.low)}, {_fmt(d.high)}]"
    return ""


def _check_number(where: str, d: Declared, value, integer: bool) -> None:
    if not _is_number(value) or not math.isfinite(value) or (integer and not isinstance(value, int)):
        kind = "a whole number" if integer else "a finite number"
        raise ParameterError(f"{where} must be {kind}" + _allowed(d))
    if d.low is not None and not d.low <= value <= d.high:
        raise ParameterError(f"{where} is outside the allowed range [{_fmt(d.low)}, {_fmt(d.high)}]")


def _check_choice(where: str, d: Declared, value: str) -> None:
    if d.choices is not None and value not in d.choices:
        raise ParameterError(f"{where} is not allowed; choose one of: {', '.join(d.choices)}")
