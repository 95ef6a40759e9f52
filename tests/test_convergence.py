"""Batch means against series whose answer is known in closed form."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from swapmodel.analysis.convergence import batch_means
from swapmodel.base.errors import ParameterError


def test_a_rising_metric_is_not_converged():
    # the 6.18 order-4 fallback of notebook 02's first steady run, window by window
    assert not batch_means([0, 0.7, 9.8, 29, 44, 52, 58, 61, 66, 70], batches=2, abs_tol=1.0).converged
    assert not batch_means(np.linspace(0, 44, 100)).converged


def test_iid_noise_converges_with_the_t_half_width():
    x = np.random.default_rng(1).normal(10.0, 1.0, 20_000)
    v = batch_means(x, batches=10)
    # batch means of 1000 iid N(10, 1) points: sd 1/sqrt(1000); half-width t(0.975, 9) sd / sqrt(10)
    assert v.converged and v.mean == pytest.approx(10.0, abs=0.02)
    assert v.half_width == pytest.approx(2.262 / np.sqrt(10) / np.sqrt(1000), rel=0.6)


def test_a_constant_series_is_converged_with_zero_width():
    v = batch_means([3.0] * 40)
    assert v.converged and v.half_width == 0.0 and v.mean == 3.0


@given(values=st.lists(st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-5, 5)), max_size=12),
       batches=st.one_of(st.integers(-3, 20), st.floats(allow_nan=True)))
def test_bad_input_is_named(values, batches):
    try:
        batch_means(values, batches=batches)
    except ParameterError as e:
        assert "\n" not in str(e) and ("batches" in str(e) or "values" in str(e))
