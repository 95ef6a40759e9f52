"""Benchmark power: runs per arm against the exact noncentral-t sample sizes of the two-sample
t-test at 80 % power, two-sided 5 % (G*Power 3, Faul et al., Behavior Research Methods 39, 2007:
d = 0.2, 0.5, 0.8 need 394, 64, 26 per group; Cohen's 1988 Table 2.4.1, from an approximation,
lists 393, 64, 26), Chris Li's 4.12 case, the standard-error flag, and hostile input."""

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from swapmodel.analysis.power import power_at, power_table, runs_needed, se_suspects
from swapmodel.base.errors import ParameterError
from swapmodel.cli import main
from swapmodel.sources.benchmarks import load_benchmarks


@pytest.mark.parametrize("d, n", [(0.2, 394), (0.5, 64), (0.8, 26)])
def test_runs_needed_matches_cohens_table(d, n):
    assert runs_needed(d, 1.0, 1.0) == n


def test_five_runs_cannot_resolve_the_v3_kernel_build():
    # v3 cover: sys 683.7 (sd 33.77) against 675.14 (sd 32.8), 5 runs each, posted as 1.5 % better
    row = power_table(load_benchmarks()).set_index("id").loc["v3-kbuild-zswap-sys"]
    assert row.difference == pytest.approx(675.14 - 683.7)
    assert not row.resolved and row.power_at_runs < 0.1
    assert row.runs_needed > 100


def test_same_runs_posted_with_sd_and_with_standard_error():
    flagged = se_suspects(load_benchmarks())
    # usemem concurrency throughput baseline: 6996 in one posting, 1810 in the other; 6996 / 1810 = 3.87 ~ sqrt(20)
    row = flagged[(flagged.measurement == "usemem-conc-tput") & (flagged.arm == "baseline")].iloc[0]
    assert row.spread_ratio == pytest.approx(6996 / 1810) and row.likely_standard_error


def test_cli_values_files(tmp_path, capsys):
    (tmp_path / "a").write_text("20.80\n21.69\n21.86\n")
    (tmp_path / "b").write_text("30.77  # run 1\n37.47\n31.34\n")
    assert main(["power", "--values", str(tmp_path / "a"), str(tmp_path / "b")]) == 0
    assert "runs_needed" in capsys.readouterr().out


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sd=st.one_of(st.floats(min_value=-1e6, max_value=-1e-3).map(lambda x: f"{x:.3f}"), st.just("nan"),
                    st.just("inf")),
       runs=st.integers(min_value=0, max_value=1))
def test_bad_power_input_is_one_line(sd, runs, capsys):
    capsys.readouterr()
    assert main(["power", "--mean", "1", "2", "--sd", sd, "1", "--runs", "5", "5"]) == 2
    assert main(["power", "--mean", "1", "2", "--sd", "1", "1", "--runs", str(runs), "5"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all(line.startswith("swapmodel: error: --") for line in err)


def test_power_parameters_are_checked():
    with pytest.raises(ParameterError, match="power"):
        runs_needed(1.0, 1.0, 1.0, power=1.5)


def test_power_of_a_difference_thirty_standard_errors_wide_is_one():
    # Nhat Pham's STE v2 usemem free time: 7821 +- 108 against 6646 +- 103 ms, 16 runs each. The
    # difference is 31.5 standard errors: even the normal approximation puts the power at 1 - 1e-190
    assert power_at(7821 - 6646, 108, 103, 16) == 1.0
