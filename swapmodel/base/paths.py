"""Locations inside the repository, independent of the working directory."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
DESIGNS = DATA / "designs"
CLAIMS = DATA / "claims"
NOTEBOOKS = ROOT / "notebooks"
REPORTS = ROOT / "reports"
QUESTIONS = DATA / "questions.toml"
KERNEL = DATA / "kernel"
LIVE = KERNEL / "live"
PUBLISHED = DATA / "published"
