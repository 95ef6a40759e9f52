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


def test_02_compares_the_a_s_plateau_with_the_all_iteration_mean():
    pub = _need("02_fragmentation", "t1_aligned_small_published")
    t1 = _need("02_fragmentation", "t1_validation")
    text = " ".join(simulator_validation.from_report("02_fragmentation", ROOT / "02_fragmentation"))
    mean = float(pub.mean_pct.iloc[0])
    sim = t1[(t1.source == "simulator") & (t1.label == "-a -s") & (t1.iteration >= 10)].fallback_pct.mean()
    assert f"'-a -s' {sim:.4g} % against {mean:.4g} %" in text
    assert "nonzero iterations only" in text and "a fitted variant" in text
    if not 0.5 <= sim / mean <= 2:
        assert "within 2x in 2 of 3 flag sets" in text


def test_03_says_the_bias_and_the_scope():
    plateau = _need("03_kernel_validation", "churn_plateau")
    text = " ".join(simulator_validation.from_report("03_kernel_validation", ROOT / "03_kernel_validation"))
    nz = plateau[plateau.kernel_plateau_pct > 0]
    above = int((nz.difference_points > 0).sum())
    assert f"in {above} of the {len(nz)} runs with a nonzero kernel plateau the simulator is above" in text
    after_zswap = int(plateau.zswap_enabled_before.astype(str).eq("True").sum())
    assert "Scope: every run is one workload" in text
    assert f"{after_zswap} of the {len(plateau)} runs came after zswap had been enabled since boot" in text
