"""Break-even between dynamic and static layouts: a and b of c(u, z) = a + b / u computed by hand
from kernel sizes, the closed-form crossover, and the four sign cases of cheaper_range."""

import pytest
from hypothesis import given, strategies as st

from swapmodel.base.errors import ParameterError
from swapmodel.model.breakeven import EntryPrice, cheaper_range, crossover_utilisation, entry_price

NODE = 8192 / 14                                      # xa_node in radix_tree_node slabs (sysfs)
SIGMA_6_18 = 1 + 2 + 1 / 8 + 32 / 512 + 16 / 16384      # swap_map, swap_cgroup, zeromap, cluster info, zswap tree heads
ZSWAP_ENTRY = 4096 / 73 + 8                           # zswap_entry slab footprint and its zsmalloc handle
ZSWAP_XA = 261 * NODE / 16384                         # a full 64 MiB zswap XArray per entry


def test_linux_6_18_by_hand():
    disk = entry_price("linux-6.18", 0.0)
    assert disk.per_entry_bytes == pytest.approx(4096 / 512, rel=1e-6)      # the swap table of a used cluster
    assert disk.per_provisioned_bytes == pytest.approx(SIGMA_6_18, rel=1e-6)
    zswap = entry_price("linux-6.18", 1.0)
    assert zswap.per_entry_bytes == pytest.approx(8 + ZSWAP_XA + ZSWAP_ENTRY, rel=1e-4)


def test_vswap_v3_on_disk_against_6_18_by_hand():
    v3 = entry_price("vswap-v3", 0.0)
    # a 16 KiB cluster allocation per 512 entries, one cluster-XArray node per 64 clusters, and the
    # physical swap table used as reverse map; per physical slot 2 bitmap bits and the 32 B cluster info
    a = 16384 / 512 + NODE / (64 * 512) + 4096 / 512
    b = 2 / 8 + 32 / 512
    assert v3.per_entry_bytes == pytest.approx(a, rel=1e-4)
    assert v3.per_provisioned_bytes == pytest.approx(b, rel=1e-6)
    u_star = (SIGMA_6_18 - b) / (a - 8)
    assert crossover_utilisation(v3, entry_price("linux-6.18", 0.0)) == pytest.approx(u_star, rel=1e-3)
    assert cheaper_range(v3, entry_price("linux-6.18", 0.0)) == pytest.approx((0.0, u_star), rel=1e-3)


def test_a_zswap_only_dynamic_space_provisions_nothing():
    assert entry_price("vswap-ste-v2", 1.0).per_provisioned_bytes == 0
    assert entry_price("ghost-rfc", 0.5) is None       # no disk state: cannot hold the other half


def _price(a, b):
    return EntryPrice("x", 0.5, a, b)


def test_cheaper_range_sign_cases():
    base = _price(10.0, 2.0)
    assert cheaper_range(_price(9.0, 1.0), base) == (0.0, 1.0)       # cheaper in both terms: always
    assert cheaper_range(_price(11.0, 3.0), base) == (0.0, 0.0)      # dearer in both: never
    assert cheaper_range(_price(10.0, 2.0), base) == (0.0, 0.0)      # equal: never strictly cheaper
    # dearer per entry by 4, cheaper per slot by 1: equal at u = 1/4, cheaper below
    assert cheaper_range(_price(14.0, 1.0), base) == pytest.approx((0.0, 0.25))
    # cheaper per entry by 4, dearer per slot by 1: cheaper above u = 1/4
    assert cheaper_range(_price(6.0, 3.0), base) == pytest.approx((0.25, 1.0))


@given(st.floats(allow_nan=True, allow_infinity=True).filter(lambda z: not 0 <= z <= 1))
def test_zswap_share_outside_0_1_is_a_parameter_error(z):
    with pytest.raises(ParameterError, match="zswap_share"):
        entry_price("linux-6.18", z)


@given(st.floats(min_value=-1e9, max_value=1e-7) | st.floats(min_value=1.0000001, max_value=1e9))
def test_utilisation_outside_range_is_a_parameter_error(u):
    with pytest.raises(ParameterError, match="utilisation"):
        _price(1.0, 1.0).at(u)
