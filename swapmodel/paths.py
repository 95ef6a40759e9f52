"""Locations inside the repository, independent of the working directory."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
DESIGNS = DATA / "designs"
CLAIMS = DATA / "claims"
NOTEBOOKS = ROOT / "notebooks"
REPORTS = ROOT / "reports"
