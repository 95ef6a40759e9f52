"""The C layout rules, checked against sizes read from this kernel's BTF (data/kernel/6.18.44-fc-v669.json)
and against the sizes the vswap authors published for their descriptors."""

import pytest

from swapmodel.base.errors import ParameterError
from swapmodel.model.layout import struct_size


def test_swap_cluster_info_6_18_is_32_bytes_as_in_btf():
    # pahole: lock 4, count u16, flags u8, order u8, table pointer, list_head 16 -> size 32
    fields = [{"bytes": 4}, {"bytes": 2}, {"bytes": 1}, {"bytes": 1}, {"bytes": 8}, {"bytes": 16, "align": 8}]
    assert struct_size(fields) == 32


def test_zswap_entry_is_56_bytes_as_in_btf():
    # swpentry 8, length 4, referenced bool, (3 hole), pool 8, handle 8, objcg 8, lru 16 -> 56
    fields = [{"bytes": 8}, {"bytes": 4}, {"bytes": 1}, {"bytes": 8}, {"bytes": 8}, {"bytes": 8}, {"bytes": 16, "align": 8}]
    assert struct_size(fields) == 56


def test_xa_node_is_576_bytes_as_in_btf():
    fields = [{"bytes": 1}] * 4 + [{"bytes": 8}, {"bytes": 8}, {"bytes": 16, "align": 8},
                                  {"bytes": 8, "count": 64}, {"bytes": 8, "count": 3}]
    assert struct_size(fields) == 576


def test_vswap_v3_descriptor_bitfields_give_pahole_24():
    # pahole in the v3 cover letter: memcgid:16 at 20:0, in_swapcache:1 at 22, type:2 at 20:17; size 24
    fields = [{"bytes": 8}, {"bytes": 8}, {"bytes": 4}, {"bytes": 2, "bits": 16}, {"bytes": 1, "bits": 1},
              {"bytes": 4, "bits": 2}]
    assert struct_size(fields) == 24


def test_bitfield_that_would_straddle_its_unit_moves_to_the_next():
    # unsigned int a:30; unsigned int b:4; -> b starts in the second 4-byte unit: size 8 (GCC)
    assert struct_size([{"bytes": 4, "bits": 30}, {"bytes": 4, "bits": 4}]) == 8


def test_bad_fields_are_rejected_with_the_parameter_named():
    with pytest.raises(ParameterError, match="fields"):
        struct_size([])
    with pytest.raises(ParameterError, match="bit-field"):
        struct_size([{"name": "x", "bytes": 1, "bits": 9}])
