"""Tables as a reviewer reads them: every row, no pandas index, no NaN or None, and headers in
words with their unit ("fallback (%)", "B per live entry") instead of column names.

`register()` makes this the HTML of every DataFrame a notebook displays; the CSV files under
reports/ keep the column names and full precision."""

from __future__ import annotations

import pandas as pd

MISSING = "\u2013"  # an en dash where a value is missing
# Unit words in column names, as printed in a header.
UNITS = {"pct": "%", "percent": "%", "bytes": "B", "kib": "KiB", "mib": "MiB", "gib": "GiB", "tib": "TiB",
         "ns": "ns", "us": "us", "s": "s"}
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


def to_html(frame: pd.DataFrame) -> str:
    """The table as HTML: whole, no index column, a dash for a missing value, whole numbers
    without a decimal point (a column of counts with one missing value stays a column of counts)."""
    out = readable(frame)
    for column in out.columns[out.dtypes.map(pd.api.types.is_float_dtype)]:
        values = out[column].dropna()
        if len(values) and (values == values.round()).all() and values.abs().max() < 2**53:
            out[column] = [MISSING if pd.isna(v) else str(int(v)) for v in out[column]]
    return out.to_html(index=False, na_rep=MISSING, border=0)


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

