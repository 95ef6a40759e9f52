"""Address-space ceilings against closed forms and this kernel's BTF."""

import pytest

from swapmodel.kernel.btf import VMLINUX_BTF
from swapmodel.model.ceilings import binding_table, ceiling_slots, stride_table, widest_stride_clusters
from swapmodel.sources.capacity import load_capacity

CEILINGS, RULES = load_capacity()
BY_DESIGN = {c.design: c for c in CEILINGS}


def test_unsigned_int_field_gives_16_tib_less_one_cluster():
    # ALIGN_DOWN(UINT_MAX, 512) = 2**32 - 512 slots of 4 KiB = 16 TiB - 2 MiB
    assert ceiling_slots(BY_DESIGN["linux-6.18"]) == 2**32 - 512
    assert ceiling_slots(BY_DESIGN["vswap-ste-v1"]) * 4096 == 16 * 2**40 - 2 * 2**20


def test_u32_cluster_ids_give_8_pib_less_one_cluster():
    # UINT_MAX * SWAPFILE_CLUSTER pages = (2**32 - 1) * 512 * 4 KiB = 8 PiB - 2 MiB ("~8 PB")
    assert ceiling_slots(BY_DESIGN["vswap-ste-v2"]) * 4096 == 8 * 2**50 - 2 * 2**20


def test_an_8x_ram_rule_reaches_16_tib_at_2_tib_of_ram():
    table = binding_table([BY_DESIGN["linux-6.18"]], [r for r in RULES if r.factor == 8.0])
    assert table.binds_above_ram_gib.iloc[0] == pytest.approx(2048 - 2 / 8 / 1024)


@pytest.mark.skipif(not VMLINUX_BTF.exists(), reason="no BTF on this machine")
def test_swap_info_struct_max_is_a_32_bit_field_on_this_kernel():
    from swapmodel.kernel.btf import BTF

    width = {m.name: m.size_bytes for m in BTF.from_path().members("swap_info_struct")}["max"]
    assert width * 8 == BY_DESIGN["linux-6.18"].bits


# 1024 live clusters need (1024 - 1) x stride + 1 cluster ids. Worked by hand:
#   linux-6.18 / vswap-ste-v1: (2**32 - 512) / 512 = 8388607 clusters, (8388607 - 1) // 1023 = 8200
#   vswap-ste-v2: 2**32 - 1 cluster ids, (2**32 - 2) // 1023 = 4198404
#   vswap-ste-v5: 8 TiB / 4 KiB / 512 = 4194304 clusters, 4194303 // 1023 = 4100
@pytest.mark.parametrize("design, widest", [("linux-6.18", 8200), ("vswap-ste-v1", 8200), ("vswap-ste-v2", 4198404),
                                            ("vswap-ste-v5", 4100)])
def test_widest_stride_for_1024_live_clusters(design, widest):
    assert widest_stride_clusters(BY_DESIGN[design], 1024) == widest


def test_a_262144_id_stride_fits_only_the_8_pib_ceiling():
    table = stride_table(CEILINGS, 1024, [4096, 262144])
    fits = table[table.stride_clusters == 262144].set_index("design").fits
    assert fits.to_dict() == {"linux-6.18": False, "vswap-ste-v1": False, "vswap-ste-v2": True, "vswap-ste-v5": False}
    assert table[table.stride_clusters == 4096].fits.all()
    assert table.highest_cluster_id.max() == 1023 * 262144


def test_a_single_live_cluster_has_no_stride():
    from swapmodel.base.errors import ParameterError

    with pytest.raises(ParameterError, match="n_live"):
        widest_stride_clusters(BY_DESIGN["linux-6.18"], 1)
