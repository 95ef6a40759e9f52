"""Each notebook's answers to the question registry, computed from the tables its report saves.

One module per notebook, named after it (`entry_overhead` for 01_entry_overhead). Each declares

- `NOTEBOOK`: the notebook's name;
- `TABLES`: the CSV files under reports/<notebook>/ its answers read, as {name: index column or None};
- `answers(tables, params) -> list[Answer]`: every answer, from those tables (as DataFrames) and the
  notebook's parameters.

The notebook calls `answers()` with the frames it has just saved and shows each answer beside its
evidence; tests/test_findings*.py call it with the frames read back from a built report, without
papermill, so an answer is tested against the tables a reviewer reads.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pandas as pd

from swapmodel.base.errors import ParameterError

MODULES = {"01_entry_overhead": "entry_overhead", "04_virtual_physical": "virtual_physical", "05_capacity": "capacity",
           "06_time": "time", "07_reclaim_paths": "reclaim_paths"}


def module_for(notebook: str):
    """The findings module of `notebook` (ParameterError for a notebook without answers)."""
    if notebook not in MODULES:
        raise ParameterError(f"notebook={notebook!r} has no answers; notebooks with answers: {', '.join(MODULES)}")
    return importlib.import_module(f"{__name__}.{MODULES[notebook]}")


def read_tables(report_dir: Path, tables: dict[str, str | None]) -> dict[str, pd.DataFrame]:
    """The tables `tables` names, read from `report_dir`/<name>.csv (index column restored)."""
    out = {}
    for name, index in tables.items():
        path = Path(report_dir) / f"{name}.csv"
        if not path.is_file():
            raise ParameterError(f"{path}: missing; build the report first (swapmodel report)")
        out[name] = pd.read_csv(path, index_col=index)
    return out


def from_report(notebook: str, report_dir: Path, params: dict | None = None) -> list:
    """The answers of `notebook` recomputed from the tables of a built report in `report_dir`,
    with the notebook's default parameters updated by `params`."""
    from swapmodel.report.parameters import declared
    from swapmodel.base import paths

    mod = module_for(notebook)
    defaults = {k: d.default for k, d in declared(paths.NOTEBOOKS / f"{notebook}.py").items()}
    return mod.answers(read_tables(report_dir, mod.TABLES), {**defaults, **(params or {})})
