"""ipywidgets explorers for JupyterLab; they call the same functions the batch figures use."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from swapmodel.analysis.sizing import BACKENDS, SIZING_DESIGNS, size_for
from swapmodel.model.cost import cost
from swapmodel.sources.designs import get_design, load_catalogue
from swapmodel.base.geometry import MIB_BYTES, slots_from_gib
from swapmodel.model.occupancy import scenario

def component_frame(designs, swap_gib: float, used_fraction: float, mix: dict, ledger: str = "full") -> pd.DataFrame:
    """MiB per component for each design on one scenario (designs lacking a state are skipped)."""
    occ = scenario(slots_from_gib(swap_gib), used_fraction, mix)
    parts = []
    for name in designs:
        if set(mix) <= set(get_design(name).states):
            f = cost(name, occ, ledger).frame()
            f["component"] = f["component"].where(f["space"] == "swap", f["component"] + " (backing)")
            parts.append(f)
    frame = pd.concat(parts, ignore_index=True)
    frame["MiB"] = frame["bytes"] / MIB_BYTES
    return frame


def overhead_explorer(designs=None):
    """Sliders for swap size, use and zswap share, a design picker, and a stacked bar per design."""
    import ipywidgets as w
    from IPython.display import display

    names = list(load_catalogue()) if designs is None else list(designs)
    swap = w.FloatLogSlider(value=32, base=2, min=0, max=14, step=1, description="swap GiB")
    used = w.FloatSlider(value=0.5, min=0, max=1, step=0.05, description="used")
    share = w.FloatSlider(value=1.0, min=0, max=1, step=0.05, description="zswap share")
    ledger = w.Dropdown(options=["full"], value="full", description="ledger")
    pick = w.SelectMultiple(options=list(load_catalogue()), value=names, rows=8, description="designs")
    out = w.Output()

    def draw(*_):
        mix = {k: v for k, v in {"zswap": share.value, "disk": 1 - share.value}.items() if v > 0}
        frame = component_frame(pick.value, swap.value, used.value, mix, ledger.value)
        table = frame.pivot_table(index="design", columns="component", values="MiB", aggfunc="sum", sort=False).fillna(0)
        with out:
            out.clear_output(wait=True)
            fig, ax = plt.subplots(figsize=(9, 0.45 * len(table) + 1.5))
            table.plot.barh(stacked=True, ax=ax, legend=False, width=0.8)
            ax.set_xlabel("kernel metadata (MiB)")
            ax.legend(bbox_to_anchor=(1.01, 1), loc="upper left", fontsize="x-small", ncols=2)
            ax.set_title(f"{swap.value:g} GiB swap, {used.value:.0%} used, {share.value:.0%} of pages in zswap")
            plt.show()

    for control in (swap, used, share, ledger, pick):
        control.observe(draw, names="value")
    draw()
    display(w.HBox([w.VBox([swap, used, share, ledger]), pick]), out)


def size_explorer(designs=SIZING_DESIGNS):
    """Sliders for RAM, compression, cold share, pool and target fallback and a backend picker,
    driving size_for() (the function behind `swapmodel size`)."""
    import ipywidgets as w
    from IPython.display import display

    ram = w.FloatLogSlider(value=64, base=2, min=0, max=14, step=1, description="RAM GiB")
    ratio = w.FloatSlider(value=3.0, min=1.0, max=8.0, step=0.1, description="compression")
    cold = w.FloatSlider(value=0.25, min=0.05, max=1.0, step=0.05, description="cold share")
    pool = w.FloatSlider(value=20, min=1, max=100, step=1, description="pool %")
    target = w.FloatSlider(value=1.0, min=0.1, max=50, step=0.1, description="fallback %")
    backend = w.Dropdown(options=BACKENDS, value="zswap", description="backend")
    out = w.Output()

    def draw(*_):
        table = size_for(ram.value, ratio.value, cold.value, backend.value, target.value, pool.value,
                         designs=designs)
        with out:
            out.clear_output(wait=True)
            display(table.set_index("design").round(3))

    for control in (ram, ratio, cold, pool, target, backend):
        control.observe(draw, names="value")
    draw()
    display(w.VBox([ram, ratio, cold, pool, target, backend]), out)
    return out

