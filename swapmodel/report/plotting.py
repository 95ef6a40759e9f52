"""Figures for the notebooks: seaborn's functional API on explicit matplotlib axes, one style.

Every design keeps one colour, marker and line style in every report (`design_styles`, in the
catalogue's order); every figure is shown once through `show`, as an SVG a reviewer can zoom and
cite by its anchor `#figure-NAME`."""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from matplotlib.ticker import Formatter

from swapmodel.base.errors import ParameterError
from swapmodel.base.io import atomic_write_bytes
from swapmodel.report.names import design_label, prose_html

# Line style per design family (dashes as seaborn takes them: "" is solid).
FAMILY_DASHES = {"legacy": (1, 1.5), "swap-table": "", "vswap": (5, 2), "ghost": (2, 1, 6, 1)}
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "<", ">", "h", "p", "d", "8", "H", (7, 0, 0), (5, 1, 0), (6, 1, 0),
           (4, 1, 45), (8, 2, 0))  # (n, 0, a): an n-gon, (n, 1, a): an n-pointed star, (n, 2, a): an asterisk
# The designs the thread compares most take the ten most distinct colours (tab10) first; the rest
# follow in catalogue order.
FIRST_COLOURS = ("linux-6.18", "vswap-v3", "vswap-ste-v2", "p4-rfc-ghost", "ghost-rfc", "vswap-v6", "swap-table-p4",
                 "ghost-redirect", "linux-6.12", "swap-table-p3")


def style() -> None:
    """The one figure style of the project (SVG output byte-for-byte reproducible), and tables
    shown whole, with readable headers (`swapmodel.report.tables`)."""
    from swapmodel.report import tables

    sns.set_theme(context="notebook", style="whitegrid", palette="colorblind")
    plt.rcParams.update({"svg.hashsalt": "swapmodel", "figure.dpi": 100, "savefig.dpi": 200,
                         "figure.autolayout": False, "legend.fontsize": "small"})
    tables.register()


def _svg(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    return buf.getvalue()


class _DesignNames(Formatter):
    """A tick formatter of text labels (fixed or categorical) that shows design ids as display names."""

    def __init__(self, inner: Formatter):
        self.inner = inner

    def __call__(self, x, pos=None):
        return design_label(self.inner(x, pos))

    def format_ticks(self, values):
        return [design_label(t) for t in self.inner.format_ticks(values)]

    def set_locs(self, locs):
        self.inner.set_locs(locs)

    def get_offset(self):
        return self.inner.get_offset()


def relabel_designs(fig) -> None:
    """Every text of `fig` that names a design by its catalogue id (legend entries and titles, text
    tick labels, axes titles and labels, annotations), renamed to the design's display name
    (`swapmodel.report.names.design_label`); the data and the tables keep the ids."""
    from matplotlib.category import StrCategoryFormatter
    from matplotlib.text import Text
    from matplotlib.ticker import FixedFormatter, FuncFormatter

    for ax in fig.axes:  # tick labels are redrawn from their formatter: rename there
        for axis in (ax.xaxis, ax.yaxis):
            formatter = axis.get_major_formatter()  # text labels: set_xticks(ticks, labels) or categories
            if isinstance(formatter, (FixedFormatter, FuncFormatter, StrCategoryFormatter)):
                axis.set_major_formatter(_DesignNames(formatter))
    for t in fig.findobj(Text):
        label = t.get_text()
        if label:
            t.set_text(design_label(label))


def check_caption(name: str, caption: str) -> str:
    """A figure's caption: one sentence or more saying what to see (a capital or a digit first, at
    least four words, a full stop, question or exclamation mark last); anything else is a
    ParameterError naming the figure."""
    text = " ".join(str(caption).split())
    if len(text.split()) < 4 or not text[0].isupper() and not text[0].isdigit() or text[-1] not in ".?!":
        raise ParameterError(f"caption of figure {name}: one sentence or more saying what to see (a capital first, "
                             f"at least four words, a full stop last), got {text!r}")
    return text


def coinciding(frame: pd.DataFrame, by: str, x: str, y: str, within: str | None = None, tol: float = 0.0) -> str:
    """A sentence naming the series of `frame` (one per value of `by`) whose curves of `y` against
    `x` (means over repeated x, per `within` panel where given) are identical, or with `tol` > 0 no
    further apart than `tol` times the largest |y| of the frame (lines a reader cannot tell apart at
    that scale), so a caption can say which lines lie on top of each other: "linux-6.18, ghost-rfc
    and p4-rfc-ghost draw one line." Empty where no two coincide."""
    keys = [within, x] if within else [x]
    curves = frame.groupby([by, *keys])[y].mean().round(9)
    limit = tol * float(np.nanmax(np.abs(curves.to_numpy()))) if tol and len(curves) else 0.0
    groups: list[tuple[pd.Series, list[str]]] = []
    for name in dict.fromkeys(frame[by]):
        curve = curves.loc[name]
        for first, members in groups:
            if first.index.equals(curve.index) and float(np.max(np.abs(first.to_numpy() - curve.to_numpy()))) <= limit:
                members.append(str(name))
                break
        else:
            groups.append((curve, [str(name)]))
    same = [g for _, g in groups if len(g) > 1]
    if not same:
        return ""
    quoted = [[f"'{n}'" if " and " in n or ", " in n else n for n in g] for g in same]  # a family name holds 'and'
    names = ["{} and {}".format(", ".join(g[:-1]), g[-1]) for g in quoted]
    scale = f" (within {tol:.0%} of the largest value)" if tol else ""
    return f"Lines that coincide{scale}: " + "; ".join(f"{n} (one line)" for n in names) + "."


def show(fig, out_dir: str | Path, name: str, caption: str) -> None:
    """Show `fig` once, as inline SVG in a `<figure id="figure-NAME">` with a link to itself and its
    `caption` (a sentence or more saying what to see; `check_caption`), and write NAME.svg and
    NAME.png under `out_dir` (atomically, without timestamps; an empty `out_dir`, a notebook run
    without an output folder, writes no file). Design ids in its labels and its caption are shown as
    display names (`relabel_designs`)."""
    from IPython.display import HTML, display

    text = check_caption(name, caption)
    relabel_designs(fig)
    svg = _svg(fig)
    if out_dir:
        out = Path(out_dir)
        atomic_write_bytes(out / f"{name}.svg", svg)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", bbox_inches="tight", metadata={"Software": None})
        atomic_write_bytes(out / f"{name}.png", buf.getvalue())
    plt.close(fig)
    inline = svg.decode()
    inline = inline[inline.index("<svg"):]
    said = f' <span class="caption">{prose_html(text)}</span>' if text else ""
    display(HTML(f'<figure class="swapmodel-figure" id="figure-{name}">{inline}'
                 f'<figcaption><a href="#figure-{name}">figure {name}</a>{said}</figcaption></figure>'))


def design_styles() -> dict[str, dict]:
    """Colour, marker and dashes (by family) of every catalogue design, fixed so a design looks
    the same in every figure; a variant named `DESIGN (...)` takes its design's
    colour and marker."""
    from swapmodel.sources.designs import load_catalogue

    catalogue = load_catalogue()
    order = sorted(catalogue, key=lambda n: FIRST_COLOURS.index(n) if n in FIRST_COLOURS else len(FIRST_COLOURS))
    dark2 = sns.color_palette("Dark2")
    colours = (sns.color_palette("tab10") + [dark2[i] for i in (0, 2, 3, 5, 6, 4)]
               + [(0.0, 0.0, 0.5), (0.5, 0.0, 0.0), (0.0, 0.35, 0.0), (0.25, 0.25, 0.25)])  # navy, maroon, dark green, dark grey
    if len(catalogue) > min(len(colours), len(MARKERS)):
        raise ParameterError(f"the catalogue has {len(catalogue)} designs; plotting has {min(len(colours), len(MARKERS))} "
                             "distinct styles: add colours and markers in swapmodel/report/plotting.py")
    return {name: {"color": colour, "marker": marker, "dashes": FAMILY_DASHES[catalogue[name].family],
                   "family": catalogue[name].family}
            for name, colour, marker in zip(order, colours, MARKERS)}


def _line_style(label: str, styles: dict) -> dict:
    """Colour, marker and dashes of a design, or of a `DESIGN (variant)` label: its design's colour
    and marker, dotted."""
    base = label.split(" (")[0]
    if base not in styles:
        raise KeyError(f"no figure style for '{label}': not a catalogue design")
    return {"color": styles[base]["color"], "marker": styles[base]["marker"],
            "dashes": styles[base]["dashes"] if label == base else (1, 1)}


def design_kwargs(labels) -> dict:
    """seaborn arguments (palette, markers, dashes) for `hue=` and `style=` both set to a column
    of design names (or `DESIGN (variant)` labels); variants are drawn dotted."""
    styles = design_styles()
    labels = list(dict.fromkeys(labels))
    lines = {label: _line_style(label, styles) for label in labels}
    return {"palette": {k: v["color"] for k, v in lines.items()}, "markers": {k: v["marker"] for k, v in lines.items()},
            "dashes": {k: v["dashes"] for k, v in lines.items()}, "hue_order": labels, "style_order": labels}


def line_kwargs(label: str) -> dict:
    """matplotlib `plot` arguments (colour, marker, dashes) of a design, for figures drawn line by line."""
    line = _line_style(label, design_styles())
    return {"color": line["color"], "marker": line["marker"], "ms": 4,
            **({"dashes": line["dashes"]} if line["dashes"] else {"ls": "-"})}


def design_handles(labels) -> list:
    """Legend entries that show each design's colour, marker and line style."""
    return [plt.Line2D([], [], label=label, lw=1.5, **{**line_kwargs(label), "ms": plt.rcParams["lines.markersize"]})
            for label in dict.fromkeys(labels)]


def design_legend(fig_or_ax, labels, **kwargs) -> None:
    """A legend of design styles (colour, marker, dashes) on a figure or an axes."""
    fig_or_ax.legend(handles=design_handles(labels), **{"fontsize": "small", "title": "design", **kwargs})


def overhead_vs_utilisation(frame: pd.DataFrame, reference: str, title: str = "", minus_reference: bool = False):
    """Metadata MiB against used fraction: one row of panels per design family, one column per
    backend, the `reference` design drawn in every panel (black, dotted) so each family reads
    against it; shares and sizes on axes from 0. With `minus_reference`, each design is drawn as
    its difference from the reference at the same backend and used fraction (the reference is then
    the zero line): where a cost every design pays (zswap's own entries) dominates, the differences
    still show.

    `frame` has columns design, family, backend, used_fraction, MiB."""
    if minus_reference:
        ref_mib = frame[frame["design"] == reference].set_index(["backend", "used_fraction"])["MiB"]
        frame = frame.assign(MiB=frame["MiB"] - ref_mib.reindex(
            pd.MultiIndex.from_frame(frame[["backend", "used_fraction"]])).to_numpy())
    backends = list(dict.fromkeys(frame["backend"]))
    families = list(dict.fromkeys(frame["family"]))
    fig, axes = plt.subplots(len(families), len(backends), figsize=(4.6 * len(backends) + 2.4, 3.2 * len(families)),
                             sharex=True, sharey="row", squeeze=False)
    ref = frame[frame["design"] == reference]
    unit = f"MiB minus {reference}" if minus_reference else "kernel metadata (MiB)"
    for row, family in enumerate(families):
        members = list(dict.fromkeys(frame.loc[frame["family"] == family, "design"]))
        kw = design_kwargs(members)
        for col, backend in enumerate(backends):
            ax = axes[row][col]
            r = ref[ref["backend"] == backend]
            ax.plot(r["used_fraction"], r["MiB"], color="black", ls=":", lw=1.2)
            sub = frame[(frame["family"] == family) & (frame["backend"] == backend)]
            if len(sub):  # a family without this backend (the ghost swapfile on disk) leaves its panel to the reference
                sns.lineplot(data=sub, x="used_fraction", y="MiB", hue="design", style="design", ax=ax, legend=False,
                             markersize=5, **kw)
            ax.set_xlim(0, 1.02)
            ax.set_xlabel("used fraction of the swap space" if row == len(families) - 1 else "")
            ax.set_ylabel(f"{family}\n{unit}" if col == 0 else "")
            if row == 0:
                ax.set_title(backend)
        handles = design_handles(members) + [plt.Line2D([], [], color="black", ls=":", label=f"{reference} (reference)")]
        if not minus_reference:
            axes[row][0].set_ylim(0, None)  # after the row is drawn: the row shares its y axis
        axes[row][-1].legend(handles=handles, loc="center left", bbox_to_anchor=(1.02, 0.5), fontsize="small")
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def waterfall(gap: pd.DataFrame, start_label: str, end_label: str, ax, title: str = "") -> None:
    """Claimed total, then one bar per component the claim priced differently, then the full total,
    as horizontal bars read top to bottom with each bar's bytes beside it.

    `gap` has columns component, delta (bytes per page, full minus claimed) and the attrs
    `claimed` and `full` (totals in bytes per page)."""
    claimed, full = gap.attrs["claimed"], gap.attrs["full"]
    labels = [start_label, *gap["component"], end_label]
    lefts, widths, colors, texts = [0.0], [claimed], ["#4c72b0"], [f"{claimed:.3g}"]
    level = claimed
    for delta in gap["delta"]:
        lefts.append(level if delta >= 0 else level + delta)
        widths.append(abs(delta))
        colors.append("#dd8452" if delta >= 0 else "#55a868")
        texts.append(f"{delta:+.3g}")
        level += delta
    lefts.append(0.0)
    widths.append(full)
    colors.append("#8172b3")
    texts.append(f"{full:.3g}")
    y = np.arange(len(labels))
    ax.barh(y, widths, left=lefts, color=colors, edgecolor="black", linewidth=0.4, height=0.7)
    for yi, left, width, text in zip(y, lefts, widths, texts):
        ax.text(left + width + 0.01 * full, yi, text, va="center", ha="left", fontsize=8)
    ax.set_yticks(y, labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 1.25 * max(full, claimed, max(left + width for left, width in zip(lefts, widths))))
    ax.set_xlabel("bytes per swapped page")
    ax.set_title(title, fontsize=9)

