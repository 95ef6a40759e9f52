"""Reading TOML and JSON data files: a missing file or a syntax error becomes a one-line
ParameterError that names the file."""

from __future__ import annotations

import json
import math
import tomllib
from pathlib import Path

from swapmodel.base.errors import ParameterError


def read_toml(path: Path) -> dict:
    """A TOML file as a dict."""
    path = Path(path)
    try:
        return tomllib.loads(path.read_text())
    except (FileNotFoundError, IsADirectoryError):
        raise ParameterError(f"{path}: not a readable file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ParameterError(f"{path.name}: not valid TOML ({e})") from None


def read_json(path: Path, what: str = "file"):
    """A JSON file's value."""
    path = Path(path)
    if not path.is_file():
        raise ParameterError(f"{what}={str(path)!r} does not exist or is not a file")
    try:
        return json.loads(path.read_text())
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
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
