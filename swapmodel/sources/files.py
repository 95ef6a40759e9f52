"""Reading TOML and JSON data files: a missing, unreadable or special file (a FIFO would block), text
that is not UTF-8 or a syntax error becomes a one-line ParameterError that names the file."""

from __future__ import annotations

import json
import math
import stat
import tomllib
from pathlib import Path

from swapmodel.base.errors import ParameterError


def read_text(path: Path, what: str = "file") -> str:
    """The UTF-8 text of a regular file; never opens a FIFO, a device or a folder."""
    path = Path(path)
    try:
        mode = path.stat().st_mode
    except OSError as e:
        raise ParameterError(f"{what}={str(path)!r}: {e.strerror.lower()}") from None
    if not stat.S_ISREG(mode):
        raise ParameterError(f"{what}={str(path)!r} is not a regular file")
    try:
        return path.read_bytes().decode("utf-8")
    except OSError as e:
        raise ParameterError(f"{what}={str(path)!r}: {e.strerror.lower()}") from None
    except UnicodeDecodeError as e:
        raise ParameterError(f"{what}={str(path)!r} is not UTF-8 text (byte {e.start})") from None


def read_toml(path: Path) -> dict:
    """A TOML file as a dict."""
    path = Path(path)
    text = read_text(path)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ParameterError(f"{path.name}: not valid TOML ({e})") from None


def read_json(path: Path, what: str = "file"):
    """A JSON file's value."""
    path = Path(path)
    text = read_text(path, what)
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise ParameterError(f"{what}={str(path)!r} is not valid JSON ({e})") from None


def number(where: str, key: str, value, low: float = 0.0, high: float = math.inf, integer: bool = False,
           low_open: bool = False) -> float:
    """A numeric field of a data file, checked: finite, in range, whole when `integer`."""
    kind = "a whole number" if integer else "a number"
    span = f"{'(' if low_open else '['}{low:g}, {high:g}]"
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ParameterError(f"{where}: {key}={value!r} must be {kind} in {span}")
    if integer and value != int(value):
        raise ParameterError(f"{where}: {key}={value!r} must be {kind} in {span}")
    if value < low or value > high or (low_open and value == low):
        raise ParameterError(f"{where}: {key}={value!r} is outside the allowed range {span}")
    return int(value) if integer else float(value)
