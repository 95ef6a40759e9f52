"""The backend rules of large-folio swap-in against their closed forms (questions 4.25, 6.6)."""

import pytest
from hypothesis import given, settings, strategies as st

from swapmodel.base.errors import ParameterError
from swapmodel.model.thp_swapin import denied_share
from swapmodel.sources.swapin_rules import load_swapin_rules as load_rules


def test_mainline_denies_every_chunk_once_zswap_was_enabled():
    # alloc_swap_folio: "if (!zswap_never_enabled()) goto fallback"
    assert denied_share("linux-6.18", 0.0, 4) == 0.0
    assert denied_share("linux-6.18", 0.01, 4) == 1.0
    assert denied_share("vswap-v3", 0.3, 4, "entry") == 1.0


def test_uniform_backing_denies_the_chunks_with_a_zswap_entry():
    # folio-granular writeback: the share of chunks in zswap is the share of entries
    assert denied_share("vswap-ste-v2", 0.25, 4, "folio") == pytest.approx(0.25)
    # entries placed independently: a 16-entry chunk is all on the device with probability 0.75**16
    assert denied_share("vswap-ste-v2", 0.25, 4, "entry") == pytest.approx(1 - 0.75**16)
    assert denied_share("vswap-ste-v2", 0.0, 9, "entry") == 0.0


def test_every_rule_names_its_source():
    assert all(r.source.startswith("http") for r in load_rules().values())


@settings(max_examples=60, deadline=None)
@given(st.one_of(st.just(float("nan")), st.floats(min_value=1.0001), st.floats(max_value=-0.0001)))
def test_bad_zswap_share_is_named(share):
    with pytest.raises(ParameterError, match="zswap_share"):
        denied_share("vswap-ste-v2", share, 4)


@settings(max_examples=40, deadline=None)
@given(st.one_of(st.integers(max_value=0), st.integers(min_value=10)),
       st.text(max_size=6).filter(lambda w: w not in ("folio", "entry")))
def test_bad_order_writeback_and_design_are_named(order, writeback):
    with pytest.raises(ParameterError, match="order"):
        denied_share("vswap-ste-v2", 0.5, order)
    with pytest.raises(ParameterError, match="writeback"):
        denied_share("vswap-ste-v2", 0.5, 4, writeback)
    with pytest.raises(ParameterError, match="design"):
        denied_share("vswap-v99", 0.5, 4)
