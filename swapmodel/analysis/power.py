"""Statistical power of benchmark comparisons (questions 4.12, 6.9; `swapmodel power`).

Two arms of n runs each with means and standard deviations: Welch's t-test says whether the
published difference is significant at the runs published, and the two-sided two-sample t-test's
power (noncentral t, scipy.stats.nct) gives the runs per arm needed to detect the same difference
at 80 % power and 5 % significance, with each arm's spread taken as its standard deviation.
Spreads may be standard errors: two postings of the same runs whose spreads differ by about sqrt(n)
give it away (`se_suspects`). A comparison posted twice with different spreads is judged under each
(`judged_comparisons`) and counts as resolved only under the larger one: a spread in doubt may be a
standard error, and reading it as a deviation would overstate significance.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

from swapmodel.base.errors import ParameterError, check_range
from swapmodel.sources.benchmarks import Arm, Comparison

POWER = 0.8
ALPHA = 0.05
MAX_RUNS = 1_000_000


def welch_p(a: Arm, b: Arm) -> float:
    """Two-sided p-value of Welch's t-test from means, standard deviations and runs."""
    return float(stats.ttest_ind_from_stats(a.mean, a.spread, a.runs, b.mean, b.spread, b.runs, equal_var=False).pvalue)


def difference_ci(a: Arm, b: Arm, level: float = 0.95) -> tuple[float, float]:
    """Welch's confidence interval for b's mean minus a's (Welch-Satterthwaite degrees of freedom),
    from means, standard deviations and runs."""
    check_range("level", level, 0.5, 0.9999)
    va, vb = a.spread**2 / a.runs, b.spread**2 / b.runs
    if va + vb == 0:
        return b.mean - a.mean, b.mean - a.mean
    wa, wb = va / (va + vb), vb / (va + vb)  # shares of the variance: no underflow for tiny spreads
    df = 1.0 / (wa**2 / (a.runs - 1) + wb**2 / (b.runs - 1))
    half = stats.t.ppf(0.5 + level / 2, df) * math.sqrt(va + vb)
    return b.mean - a.mean - half, b.mean - a.mean + half


def power_at(diff: float, sd_a: float, sd_b: float, runs: int, alpha: float = ALPHA) -> float:
    """Power of the two-sided two-sample t-test (n runs per arm, Welch-Satterthwaite degrees of
    freedom) to detect a true difference `diff` between arms of these standard deviations."""
    n = float(check_range("runs", runs, 2))
    se = math.sqrt((sd_a**2 + sd_b**2) / n)
    df = (sd_a**2 / n + sd_b**2 / n) ** 2 / ((sd_a**2 / n) ** 2 / (n - 1) + (sd_b**2 / n) ** 2 / (n - 1))
    t = stats.t.ppf(1 - alpha / 2, df)
    ncp = abs(diff) / se
    if ncp > t + 40:  # the noncentral t's lower tail is below 1e-300: power is 1 to double precision
        return 1.0
    lower = stats.nct.cdf(-t, df, ncp)
    if not math.isfinite(lower):  # scipy loses the far tail at a large ncp; it lies below cdf(t)
        lower = 0.0 if stats.nct.cdf(t, df, ncp) < 1e-12 else float("nan")
    return float(stats.nct.sf(t, df, ncp) + lower)


def runs_needed(diff: float, sd_a: float, sd_b: float, power: float = POWER, alpha: float = ALPHA) -> int:
    """Smallest runs per arm whose power to detect `diff` reaches `power` (MAX_RUNS when none up to it)."""
    check_range("power", power, 0.01, 0.999)
    check_range("alpha", alpha, 1e-6, 0.5)
    check_range("sd", [sd_a, sd_b], 0, None)
    if diff == 0 or (sd_a == 0 and sd_b == 0):
        return MAX_RUNS if diff == 0 else 2
    lo, hi = 2, 2
    while power_at(diff, sd_a, sd_b, hi, alpha) < power:
        if hi >= MAX_RUNS:
            return MAX_RUNS
        lo, hi = hi, min(MAX_RUNS, hi * 2)
    while lo < hi:  # power grows with n: bisect for the first n that reaches it
        mid = (lo + hi) // 2
        if power_at(diff, sd_a, sd_b, mid, alpha) >= power:
            hi = mid
        else:
            lo = mid + 1
    return hi


def assess(c: Comparison) -> dict:
    """One comparison: the difference (absolute and %), Welch's p at the runs published, the power
    those runs had for this difference, the runs per arm needed for 80 % power, and the verdict."""
    a, b = c.baseline, c.new
    diff = b.mean - a.mean
    runs = min(a.runs, b.runs)
    need = runs_needed(diff, a.spread, b.spread)
    p = welch_p(a, b)
    return {"id": c.id, "who": c.who, "benchmark": c.benchmark, "metric": c.metric, "unit": c.unit,
            "baseline": a.label, "new": b.label, "claim": c.claim, "runs": runs,
            "difference": diff, "difference_pct": 100 * diff / a.mean, "baseline_sd": a.spread, "new_sd": b.spread,
            "welch_p": p, "power_at_runs": power_at(diff, a.spread, b.spread, runs), "runs_needed": need,
            "resolved": bool(p < ALPHA), "from_values": a.from_values and b.from_values}


def power_table(comparisons: list[Comparison]) -> pd.DataFrame:
    """assess() for every comparison."""
    return pd.DataFrame([assess(c) for c in comparisons])


def se_suspects(comparisons: list[Comparison], tolerance: float = 0.25) -> pd.DataFrame:
    """Pairs of postings of the same measurement whose spreads differ by sqrt(runs) within
    `tolerance`: the smaller spread is then likely a standard error (sd / sqrt(n)), not a deviation."""
    rows = []
    by_key: dict[str, list[Comparison]] = {}
    for c in comparisons:
        if c.measurement:
            by_key.setdefault(c.measurement, []).append(c)
    for key, group in by_key.items():
        for i, x in enumerate(group):
            for y in group[i + 1:]:
                for arm in ("baseline", "new"):
                    sx, sy = getattr(x, arm).spread, getattr(y, arm).spread
                    ratio = max(sx, sy) / min(sx, sy)
                    root_n = math.sqrt(getattr(x, arm).runs)
                    rows.append({"measurement": key, "arm": arm, "larger": x.id if sx >= sy else y.id,
                                 "smaller": y.id if sx >= sy else x.id, "spread_ratio": ratio, "sqrt_runs": root_n,
                                 "likely_standard_error": bool(abs(ratio / root_n - 1) <= tolerance)})
    return pd.DataFrame(rows)


def from_values(a_values, b_values) -> tuple[Arm, Arm]:
    """Two arms from per-run values (sample standard deviations)."""
    arms = []
    for label, v in (("a", a_values), ("b", b_values)):
        v = np.asarray(check_range(f"values {label}", v), dtype=float)
        if v.size < 2:
            check_range(f"runs in {label}", v.size, 2)
        arms.append(Arm(label, float(v.mean()), float(v.std(ddof=1)), int(v.size), True))
    return arms[0], arms[1]


def _arms(c: Comparison) -> tuple:
    return c.baseline.mean, c.new.mean, c.baseline.runs, c.new.runs


def _variance_of_difference(c: Comparison) -> float:
    return c.baseline.spread**2 / c.baseline.runs + c.new.spread**2 / c.new.runs


def postings_by_comparison(comparisons: list[Comparison]) -> dict[str, list[Comparison]]:
    """The postings of each comparison: those sharing a `measurement` key report the same runs
    (their means must agree), any other posting is a comparison of its own. Keyed by the
    measurement key or the posting's id, in file order."""
    groups: dict[str, list[Comparison]] = {}
    for c in comparisons:
        groups.setdefault(c.measurement or c.id, []).append(c)
    for key, group in groups.items():
        first = group[0]
        for c in group[1:]:
            if _arms(c) != _arms(first):
                raise ParameterError(f"benchmarks.toml: {c.id!r} shares measurement {key!r} with {first.id!r} "
                                     "but not its means and runs")
    return groups


def larger_spread(group: list[Comparison]) -> Comparison:
    """The posting whose arms' variances of the mean sum highest: the one to judge a comparison by
    when its postings disagree on the spread."""
    return max(group, key=_variance_of_difference)


def judged_comparisons(comparisons: list[Comparison]) -> pd.DataFrame:
    """One row per comparison (postings of the same runs merged): Welch's p under the larger and
    the smaller posted spread, `resolved` (p < 5 % under the larger spread, the only one that
    counts), `resolved_if_smaller_spread`, the runs per arm needed at the larger spread and its
    95 % interval of the difference."""
    rows = []
    for key, group in postings_by_comparison(comparisons).items():
        large = larger_spread(group)
        small = min(group, key=_variance_of_difference)
        a, b = large.baseline, large.new
        low, high = difference_ci(a, b)
        p_large, p_small = welch_p(a, b), welch_p(small.baseline, small.new)
        rows.append({"comparison": key, "postings": ", ".join(c.id for c in group), "who": large.who,
                     "metric": large.metric, "unit": large.unit, "claim": large.claim, "runs": min(a.runs, b.runs),
                     "difference": b.mean - a.mean, "difference_pct": 100 * (b.mean - a.mean) / a.mean,
                     "larger_spread_posting": large.id, "baseline_sd": a.spread, "new_sd": b.spread,
                     "welch_p": p_large, "welch_p_smaller_spread": p_small,
                     "spread_in_doubt": len({(c.baseline.spread, c.new.spread) for c in group}) > 1,
                     "resolved": bool(p_large < ALPHA), "resolved_if_smaller_spread": bool(p_small < ALPHA),
                     "runs_needed": runs_needed(b.mean - a.mean, a.spread, b.spread),
                     "ci95_low": low, "ci95_high": high})
    return pd.DataFrame(rows)


def welch_p_relative(before: float, after: float, runs: int, relative_sd: float) -> float:
    """Welch's two-sided p for two arms of `runs` runs posted as means only, each arm's standard
    deviation taken as `relative_sd` times its mean (a spread borrowed from runs of the same kind)."""
    check_range("runs", runs, 2)
    check_range("relative_sd", relative_sd, 1e-9, 10)
    a = Arm("before", before, abs(before) * relative_sd, int(runs), False)
    b = Arm("after", after, abs(after) * relative_sd, int(runs), False)
    return welch_p(a, b)
