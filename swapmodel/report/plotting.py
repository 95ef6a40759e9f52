"""Figures for the notebooks: seaborn's functional API on explicit matplotlib axes, one style."""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from swapmodel.base.io import atomic_write_bytes


def style() -> None:
    """The one figure style of the project (SVG output byte-for-byte reproducible), and tables
    shown whole in reports."""
    sns.set_theme(context="notebook", style="whitegrid", palette="tab20")
    for option in ("display.max_rows", "display.max_columns", "display.max_colwidth"):
        pd.set_option(option, None)
    plt.rcParams.update({"svg.hashsalt": "swapmodel", "figure.dpi": 100, "savefig.dpi": 120, "figure.autolayout": False})


def save(fig, out_dir: str | Path, name: str) -> None:
    """Write `fig` as SVG and PNG under `out_dir` (atomically, without timestamps); an empty
    `out_dir` (a notebook run without an output folder) writes nothing."""
    if not out_dir:
        return
    out = Path(out_dir)
    for fmt in ("svg", "png"):
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt, bbox_inches="tight", metadata={"Date": None} if fmt == "svg" else {"Software": None})
        atomic_write_bytes(out / f"{name}.{fmt}", buf.getvalue())


def design_palette(designs) -> dict:
    """One distinct colour per design, stable for a given list."""
    return dict(zip(designs, sns.color_palette("husl", len(designs))))


def overhead_vs_utilisation(frame: pd.DataFrame, reference: str | None = None, title: str = ""):
    """Metadata MiB against used fraction, one line per design (dash style per family), one column
    per backend; with `reference`, a second row shows each design minus the reference design.

    `frame` has columns design, family, backend, used_fraction, MiB."""
    backends = list(dict.fromkeys(frame["backend"]))
    designs = list(dict.fromkeys(frame["design"]))
    palette = design_palette(designs)
    nrows = 2 if reference else 1
    fig, axes = plt.subplots(nrows, len(backends), figsize=(5.0 * len(backends), 4.0 * nrows), sharex=True,
                             sharey="row", squeeze=False)
    for col, backend in enumerate(backends):
        sub = frame[frame["backend"] == backend]
        panels = [(axes[0][col], sub, "kernel metadata (MiB)")]
        if reference:
            ref = sub[sub["design"] == reference].set_index("used_fraction")["MiB"]
            rel = sub.assign(MiB=sub["MiB"].to_numpy() - ref.reindex(sub["used_fraction"]).to_numpy())
            panels.append((axes[1][col], rel.dropna(subset=["MiB"]), f"MiB more than {reference}"))
        for ax, data, ylabel in panels:
            sns.lineplot(data=data, x="used_fraction", y="MiB", hue="design", style="family", palette=palette,
                         hue_order=designs, ax=ax, legend=False)
            ax.set_ylabel(ylabel)
            ax.set_xlabel("used fraction of the swap space")
        axes[0][col].set_title(backend)
    families = dict(zip(frame["design"], frame["family"]))
    handles = [plt.Line2D([], [], color=palette[d], label=f"{d} ({families[d]})") for d in designs]
    fig.legend(handles=handles, loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize="small", title="design (family)")
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def waterfall(gap: pd.DataFrame, start_label: str, end_label: str, ax, title: str = "") -> None:
    """Claimed total, then one bar per component the claim priced differently, then the full total.

    `gap` has columns component, delta (bytes per page, full minus claimed) and the attrs
    `claimed` and `full` (totals in bytes per page)."""
    claimed, full = gap.attrs["claimed"], gap.attrs["full"]
    labels = [start_label, *gap["component"], end_label]
    bottoms, heights, colors = [0.0], [claimed], ["#4c72b0"]
    level = claimed
    for delta in gap["delta"]:
        bottoms.append(level if delta >= 0 else level + delta)
        heights.append(abs(delta))
        colors.append("#dd8452" if delta >= 0 else "#55a868")
        level += delta
    bottoms.append(0.0)
    heights.append(full)
    colors.append("#8172b3")
    x = np.arange(len(labels))
    ax.bar(x, heights, bottom=bottoms, color=colors, edgecolor="black", linewidth=0.4)
    for xi, b, h in zip(x, bottoms, heights):
        ax.text(xi, b + h, f"{h:.3g}", ha="center", va="bottom", fontsize=7)
    ax.set_xticks(x, labels, rotation=45, ha="right", fontsize=7)
    ax.set_ylabel("bytes per swapped page")
    ax.set_title(title, fontsize=9)
