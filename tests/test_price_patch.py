"""`swapmodel price-patch` on posted versions whose sizes the catalogue already has from their own
source: vswap v3's swp_desc (24 B, pahole in the v3 cover letter), phase IV's swap_cluster_info
(48 B, '48 bytes ci info per cluster' in the phase IV cover) and the mm tree's virtual_table
(kcalloc(SWAPFILE_CLUSTER, sizeof(atomic_long_t)) = 4096 B per cluster). Fixtures under
tests/fixtures/price_patch/ carry their source in their header lines."""

import json
from pathlib import Path

import pytest

from swapmodel.analysis.price_patch import price_patch
from swapmodel.base.errors import ParameterError
from swapmodel.cli import main
from swapmodel.kernel import btf_types

FIXTURES = Path(__file__).parent / "fixtures" / "price_patch"
V3 = FIXTURES / "vswap-v3-swp_desc.mbox"
P4 = FIXTURES / "swap-table-p4-v5-10-cluster_info.patch"
VTABLE = FIXTURES / "mm-tree-vswap-vtable.patch"
needs_btf = pytest.mark.skipif(btf_types.this_kernel() is None, reason="no BTF on this kernel")


def _struct(result, name):
    return next(s for s in result["structs"] if s["name"] == name)


def test_vswap_v3_descriptor_is_24_bytes_as_its_pahole_says():
    r = price_patch(str(V3))
    d = _struct(r, "swp_desc")
    assert d["bytes"] == 24
    assert [f["offset"] for f in d["fields"]] == [0, 8, 16, 20, 22, 20]  # pahole's offsets, cover letter of v3
    assert "[PATCH v3 00/20] Virtual Swap Space" in r["messages"]


@needs_btf
def test_phase_iv_cluster_info_is_48_bytes_completed_from_btf():
    r = price_patch(str(P4))
    ci = _struct(r, "swap_cluster_info")
    assert ci["bytes"] == 48  # phase IV v5 cover: '48 bytes ci info per cluster'
    assert [f["name"] for f in ci["fields"]] == ["lock", "count", "flags", "order", "table", "extend_table",
                                                 "memcg_table", "list"]
    assert r["base_design"] == "swap-table-p4"
    assert r["components"][0]["delta_bytes"] == 0


@pytest.mark.parametrize("arch, slots", [("x86_64", 512), ("arm64-16k", 2048), ("arm64-64k", 8192)])
def test_mm_tree_virtual_table_is_8_bytes_per_slot_of_a_cluster(arch, slots):
    r = price_patch(str(VTABLE), arch)
    (vt,) = r["allocations"]
    assert (vt["table"], vt["count"], vt["elem_bytes"], vt["bytes"]) == ("virtual_table", slots, 8, 8 * slots)
    assert vt["function"] == "vswap_cluster_alloc_vtable"
    # the partial swap_cluster_info_dynamic hunk is reported, not sized: no BTF of it on this kernel
    assert _struct(r, "swap_cluster_info_dynamic")["bytes"] is None


def test_cli_json_lists_structs_with_name_bytes_fields(capsys):
    assert main(["price-patch", str(V3), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    d = next(s for s in out["structs"] if s["name"] == "swp_desc")
    assert {"name", "bytes", "fields"} <= set(d) and d["bytes"] == 24


def test_bad_input_gives_one_line_errors(tmp_path, capsys):
    assert main(["price-patch", str(tmp_path / "missing.patch")]) == 2
    assert "patch=" in capsys.readouterr().err
    (tmp_path / "none.patch").write_text("Subject: nothing\n\njust prose\n")
    with pytest.raises(ParameterError, match="no struct"):
        price_patch(str(tmp_path / "none.patch"))
    (tmp_path / "u.patch").write_text("+++ b/mm/x.h\n@@ -1,1 +1,4 @@\n+struct x {\n+\tmystery_t m;\n+};\n")
    with pytest.raises(ParameterError, match="mystery_t"):
        price_patch(str(tmp_path / "u.patch"))
    with pytest.raises(ParameterError, match="arch="):
        price_patch(str(V3), "sparc")
