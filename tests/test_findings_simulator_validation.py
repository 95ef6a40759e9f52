"""The findings blocks of notebooks 02 and 03 (swapmodel/report/findings/simulator_validation.py)
against numbers from outside the code: Chris Li's v5 cover letter ('-a -s': 27 of 100 iterations
above 0 %, read back from the report's t1_aligned_small_published.csv) and the kernel plateaus this
VM recorded (churn_plateau.csv). Reports from SWAPMODEL_TEST_REPORTS (an --out build) or reports/."""

import os
from pathlib import Path

import pandas as pd
import pytest

from swapmodel.base import paths
from swapmodel.report.findings import simulator_validation

ROOT = Path(os.environ.get("SWAPMODEL_TEST_REPORTS", paths.REPORTS))


def _need(nb, name):
    path = ROOT / nb / f"{name}.csv"
    if not path.exists():
        pytest.skip(f"{path} not built")
    return pd.read_csv(path)


def test_02_and_4_10_give_one_value_per_t1_plateau():
    from swapmodel.report.tables import number

    t1 = _need("02_fragmentation", "t1_plateaus").set_index("flags")
    pub = _need("02_fragmentation", "t1_aligned_small_published")
    text = " ".join(simulator_validation.from_report("02_fragmentation", ROOT / "02_fragmentation"))
    for flags in ("(none)", "-s", "-a -s"):
        r = t1.loc[flags]
        assert f"'{flags}' {number(r.model_pct)} % against {number(r.published_pct)} %" in text
    # '-a -s' printed only its nonzero iterations: its plateau is the cover letter's all-100-iteration mean
    assert t1.loc["-a -s", "published_pct"] == pytest.approx(float(pub.mean_pct.iloc[0]))
    assert "a fitted variant" in text
    # notebook 04 (answer 4.10's rows) holds the same plateaus: one quantity, one value
    t4 = _need("04_virtual_physical", "t1_plateaus").set_index("flags")
    assert t4.loc[t1.index, "model_pct"].to_numpy() == pytest.approx(t1["model_pct"].to_numpy())
    assert t4.loc[t1.index, "published_pct"].to_numpy() == pytest.approx(t1["published_pct"].to_numpy())


def test_03_says_the_bias_and_the_scope():
    plateau = _need("03_kernel_validation", "churn_plateau")
    text = " ".join(simulator_validation.from_report("03_kernel_validation", ROOT / "03_kernel_validation"))
    nz = plateau[plateau.kernel_plateau_pct > 0]
    above = int((nz.difference_points > 0).sum())
    assert f"in {above} of the {len(nz)} runs with a nonzero kernel plateau the simulator is above" in text
    after_zswap = int(plateau.zswap_enabled_before.astype(str).eq("True").sum())
    assert "Scope: every run is one workload" in text
    assert f"{after_zswap} of the {len(plateau)} runs came after zswap had been enabled since boot" in text
