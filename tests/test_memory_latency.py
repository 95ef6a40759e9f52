"""The pointer-chasing permutation: one cycle through every slot (Sattolo), so each step is a
dependent load to a new slot; bad sizes are named."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from swapmodel.base.errors import ParameterError
from swapmodel.kernel.memory_latency import sattolo_cycle


@pytest.mark.parametrize("n", [2, 3, 1000, 65537])
def test_the_permutation_is_one_cycle_of_length_n(n):
    nxt = sattolo_cycle(n, seed=7)
    assert sorted(nxt.tolist()) == list(range(n))
    i, seen = 0, 0
    while True:
        i = int(nxt[i])
        seen += 1
        if i == 0:
            break
    assert seen == n  # a single cycle visits every slot before coming back


def test_same_seed_same_cycle():
    assert np.array_equal(sattolo_cycle(5000, 3), sattolo_cycle(5000, 3))
    assert not np.array_equal(sattolo_cycle(5000, 3), sattolo_cycle(5000, 4))


@given(n=st.one_of(st.integers(-3, 1), st.integers(2**31 + 1, 2**40), st.floats(allow_nan=True), st.booleans()))
def test_bad_sizes_are_named(n):
    with pytest.raises(ParameterError, match="n="):
        sattolo_cycle(n)
