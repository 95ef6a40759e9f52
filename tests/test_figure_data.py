"""Figures plot one run per point: a series never silently averages different runs (the plateau
against device size once mixed the 'aligned, small folios' run, 0.4 %, into the plain 95 % run)."""

import pytest

from swapmodel.analysis import validation
from swapmodel.sources.kernel_records import load_live_records


@pytest.fixture(scope="module")
def kernel_plateau():
    # kernel rows only (no simulator seeds): the live churn records of this machine
    return validation.plateau_table(validation.churn_curves(load_live_records("churn"), sim_seeds=()))


def test_the_device_size_series_has_one_run_per_point(kernel_plateau):
    series = validation.device_size_series(kernel_plateau, order=4)
    per_point = series.groupby(["device_over_region", "source"])["run"].nunique()
    assert (per_point == 1).all()
    kernel = series[series.source == "kernel"].set_index("device_over_region").plateau_pct
    # the live 64 MiB, order 4 run (data/kernel/live/churn-*): about 95 % of swap-outs fall back
    assert kernel.loc[64 / 60] == pytest.approx(95.0, abs=1.0)
    assert "aligned" not in " ".join(series.run)


def test_several_runs_at_one_size_give_one_point_the_longest_never_enabled_run(kernel_plateau):
    # data/kernel/live/churn-*: five plain 64 MiB order-4 records (20 to 100 iterations), one of the 100-iteration
    # ones taken after zswap had been enabled since boot (20261126T162736Z): the point is the other 100-iteration run
    series = validation.device_size_series(kernel_plateau, order=4)
    at64 = set(series[series.device_over_region == 64 / 60].run)
    assert len(at64) == 1
    (run,) = at64
    assert ", 100 iterations, 2026-11-26T16:13:11Z" in run and "zswap enabled" not in run
    candidates = kernel_plateau[(kernel_plateau.device_over_region == 64 / 60) & kernel_plateau.plain
                                & (kernel_plateau.order == 4)]
    assert len(candidates) >= 4  # several records at that size, none averaged into the point


def test_a_caption_names_the_lines_a_reader_cannot_tell_apart():
    import pandas as pd

    from swapmodel.report.plotting import coinciding

    x = [1, 2, 3]
    frame = pd.DataFrame({"design": ["a"] * 3 + ["b"] * 3 + ["c"] * 3 + ["d and e"] * 3, "x": x * 4,
                          "y": [10, 20, 100] + [10, 20, 100] + [11, 21, 101] + [50, 60, 70]})
    # exactly equal: a and b; 1 apart on a largest value of 100 is within 2 % but not exact
    assert coinciding(frame, "design", "x", "y") == "Lines that coincide: a and b (one line)."
    assert coinciding(frame, "design", "x", "y", tol=0.02) == (
        "Lines that coincide (within 2% of the largest value): a, b and c (one line).")
    # a family name holding 'and' is quoted
    same = frame.assign(y=frame.y.where(frame.design != "d and e", frame.y.iloc[:3].tolist() * 4))
    assert "'d and e'" in coinciding(same, "design", "x", "y")
