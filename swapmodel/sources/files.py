"""Reading TOML and JSON data files: a missing file or a syntax error becomes a one-line
ParameterError that names the file."""

from __future__ import annotations

import json
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
