"""Tables as a reviewer reads them: every row, no pandas index, no NaN or None, and headers in
words with their unit ("fallback (%)", "B per live entry") instead of column names; numbers as a
person reads them: at most 4 significant digits, never e-notation (a column of bytes or seconds is
shown in the unit that keeps its numbers short: "11.61 GiB", not "11886.64 MiB"; "334.2 ns", not
"3.342e-07 s"), yes/no instead of True/False, and a dict or list as its items, not its repr.

`register()` makes this the HTML of every DataFrame a notebook displays; the CSV files under
reports/ keep the column names and full precision."""

from __future__ import annotations

import html
import re

import pandas as pd

MISSING = "\u2013"  # an en dash where a value is missing
# Unit words in column names, as printed in a header.
UNITS = {"pct": "%", "percent": "%", "bytes": "B", "kib": "KiB", "mib": "MiB", "gib": "GiB", "tib": "TiB",
         "ns": "ns", "us": "us", "ms": "ms", "s": "s"}
# Unit words of one kind, smallest first, with the factor to the next: a column is shown in the one
# that keeps its numbers short (`_rescaled`).
SCALES = ((("bytes", 1024), ("kib", 1024), ("mib", 1024), ("gib", 1024), ("tib", None)),
          (("ns", 1000), ("us", 1000), ("ms", 1000), ("s", None)))
SIGNIFICANT = 4  # digits a number is shown with
# Words printed in capitals or otherwise not as written.
WORDS = {"pte": "PTE", "ram": "RAM", "cpu": "CPU", "cpus": "CPUs", "mru": "MRU", "rmw": "RMW", "sd": "sd",
         "p95": "95th percentile", "rfc": "RFC", "btf": "BTF", "u": "u"}
# Columns whose meaning or unit the name does not carry.
LABELS = {
    "written_back": "written back (entries per window)",
    "rejected": "rejected stores (entries per window)",
    "device_over_region": "device / working set",
    "n_cpus": "CPUs",
    "n": "runs",
    "half_width_95": "95 % CI half-width",
    "welch_p": "Welch's t-test p",
    "zswap_share": "share in zswap (0-1)",
    "cold_share": "cold share of RAM (0-1)",
    "other_cpu_share": "share from other CPUs (0-1)",
    "in_order_share": "share in slot order (0-1)",
    "mru_hit_rate": "MRU cluster cache hit rate (0-1)",
    "zswap_host_weight": "weight of zswap hosts (0-1)",
    "share_of_hosts": "share of hosts (0-1)",
    "cheaper_below_u": "cheaper below utilisation u*",
    "utilisation": "utilisation u (0-1)",
    "pool_over_live": "zswap pool / live entries",
    "thrash_per_100_allocations": "cluster cache thrash per 100 allocations",
    "stride_clusters": "stride (clusters)",
    "order": "mTHP order",
    "k_needed": "device / working set needed (k)",
    "equal": "equal to the catalogue",
    "slots": "slots",
    "free_order": "free order (slot or random)",
    "backing_fill": "physical device fill (0-1)",
    "cache_only_fraction": "page-by-page frees left cache-only (0-1)",
    "written_back_chunks": "64 KiB chunks wholly written back",
    "clusters_over_dense": "clusters mapped / clusters needed",
    "memory_multiples": "traffic / VM memory",
    "zswap_share_at_parity": "zswap share at parity (0-1)",
    "slower_below": "slower than 6.18 below parity",
    "address_s": "address order (s)",
    "random_s": "random order (s)",
    "random_over_address": "random / address order",
    "scattered_share": "share of the time due to scatter (0-1)",
}


def header(column) -> str:
    """A column name as a header: words, the unit in parentheses or leading ("bytes_per_x" reads
    "B per x")."""
    name = str(column)
    if name in LABELS:
        return LABELS[name]
    words = name.split("_")
    if len(words) == 1:
        return WORDS.get(name, name)
    text = [WORDS.get(w, UNITS.get(w, w)) for w in words]
    unit_at = next((i for i, w in enumerate(words) if w in UNITS), 0)
    if not unit_at:  # no unit, or a leading one: the words as they are
        return " ".join(text)
    before, after = " ".join(text[:unit_at]), " ".join(text[unit_at + 1:])
    return f"{before} ({text[unit_at]}{' ' + after if after else ''})"


def _joined(names, key) -> str:
    """One header for a (possibly pivoted) column: "variable: value" per named level; a value column
    that is only a unit ("ns", "MiB") becomes the unit of the rest ("scenario: zswap (ns)")."""
    parts = [(name, part) for name, part in zip(names, key) if str(part) != ""]
    unit = header(parts[0][1]) if len(parts) > 1 and not parts[0][0] and str(parts[0][1]).lower() in UNITS else None
    words = ", ".join(f"{header(name)}: {part}" if name else header(part) for name, part in parts[1 if unit else 0:])
    return f"{words} ({unit})" if unit else words


def readable(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with its named index levels as ordinary columns (an unnamed index, row numbers, is
    dropped) and every header in words; a pivoted level reads "variable: value" ("share in zswap
    (0-1): 0.5")."""
    out = frame.copy()
    names = list(out.columns.names)
    keys = out.columns if isinstance(out.columns, pd.MultiIndex) else [(c,) for c in out.columns]
    out.columns = [_joined(names, key) for key in keys]
    if any(out.index.names):  # named levels are data: they become the first columns
        out.index = out.index.set_names([header(n) if n else f"level {i}" for i, n in enumerate(out.index.names)])
        out = out.reset_index()
    else:  # an unnamed index holds row numbers, not data
        out = out.reset_index(drop=True)
    return out


def number(x: float) -> str:
    """A float as a person reads it: at most 4 significant digits, positional (never e-notation),
    no trailing zeros: 11886.64 -> '11890', 6e-05 -> '0.00006', 3.0 -> '3'."""
    import numpy as np

    if not np.isfinite(x):
        return MISSING if np.isnan(x) else ("-" if x < 0 else "") + "\u221e"
    text = np.format_float_positional(float(x), precision=SIGNIFICANT, unique=False, fractional=False, trim="-")
    return "0" if text in ("-0", "0") else text


_E_NUMBER = re.compile(r"(?<![\w.])[-+]?\d+(?:\.\d+)?[eE][-+]?\d+(?![\w.])")


def plain_numbers(text: str) -> str:
    """`text` with every number in e-notation written out by `number` ('1.189e+04' -> '11890',
    '6e-05' -> '0.00006')."""
    return _E_NUMBER.sub(lambda m: number(float(m[0])), text)


def cell(value) -> str:
    """One table cell as text: numbers by `number`, True/False as yes/no, a dict or list as its
    items ("a: 1, b: 2"), a missing value as a dash."""
    import numbers

    if value is None or (isinstance(value, float) and value != value) or value is pd.NA or value is pd.NaT:
        return MISSING
    if isinstance(value, (bool,)) or type(value).__name__ == "bool_":
        return "yes" if value else "no"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return number(float(value))
    if isinstance(value, dict):
        return ", ".join(f"{cell(k)}: {cell(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(cell(v) for v in value)
    return plain_numbers(str(value))


def _unit_at(column: str) -> tuple[int, tuple] | None:
    """Where a column name carries a rescalable unit word, and that unit's scale."""
    words = column.split("_")
    for i, w in enumerate(words):
        for scale in SCALES:
            if w in dict(scale):
                return i, scale
    return None


def _rescaled(frame: pd.DataFrame) -> pd.DataFrame:
    """Each float column whose name carries a unit of bytes or time, in the unit of its kind in which
    its largest magnitude is at least 1 and below 10,000 (where one exists): "install_s_per_pte" of
    3.3e-07 becomes "install_ns_per_pte" of 334; a column of zeros keeps its unit."""
    out = frame.copy()
    renames = {}
    for column in out.columns:
        if not isinstance(column, str) or not pd.api.types.is_float_dtype(out[column]):
            continue
        found = _unit_at(column)
        peak = out[column].abs().max()
        if found is None or not peak or peak != peak or 1 <= peak < 10_000:
            continue
        i, scale = found
        words = column.split("_")
        names = [u for u, _ in scale]
        at, factor = names.index(words[i]), 1.0
        while peak * factor >= 10_000 and at + 1 < len(names):  # too many digits: a larger unit
            factor /= scale[at][1]
            at += 1
        while peak * factor < 1 and at > 0:  # all below 1: a smaller unit
            at -= 1
            factor *= scale[at][1]
        new = "_".join(words[:i] + [names[at]] + words[i + 1:])
        if new != column and new not in out.columns:
            out[column] = out[column] * factor
            renames[column] = new
    return out.rename(columns=renames)


def to_html(frame: pd.DataFrame) -> str:
    """The table as HTML: whole, no index column, a dash for a missing value, every cell by `cell`
    (whole numbers of a float column without a decimal point: a column of counts with one missing
    value stays a column of counts), bytes and times in the unit that keeps them short."""
    flat = not isinstance(frame.columns, pd.MultiIndex)
    out = readable(_rescaled(frame) if flat else frame)
    for column in out.columns:
        values = out[column].dropna()
        counts = (pd.api.types.is_float_dtype(out[column]) and len(values) and (values == values.round()).all()
                  and values.abs().max() < 2**53)
        out[column] = [MISSING if pd.isna(v) else str(int(v)) for v in out[column]] if counts else \
            [cell(v) for v in out[column]]
    text = out.to_html(index=False, na_rep=MISSING, border=0)
    if flat:  # the frame's own column names, so the report can name the table after the CSV it is
        index = "|".join(str(n) for n in frame.index.names if n)
        columns = "|".join(str(c) for c in frame.columns)
        text = text.replace('<table class="dataframe">', f'<table class="dataframe" data-index="{html.escape(index)}" '
                            f'data-columns="{html.escape(columns)}">', 1)
    return text


def register() -> None:
    """Every DataFrame a notebook displays is shown through `to_html` (in a Jupyter kernel;
    elsewhere nothing changes)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with jupyterlab
        return
    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, to_html)

