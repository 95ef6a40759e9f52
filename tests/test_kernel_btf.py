"""BTF reader on a hand-built blob (runs anywhere) and on this machine's vmlinux when present;
the catalogue's BTF-evidenced constants against the committed snapshot of Linux 6.18.44."""

import json
import struct
from pathlib import Path

import pytest

from swapmodel.base import paths
from swapmodel.cli import main
from swapmodel.base.errors import ParameterError
from swapmodel.analysis.validation import catalogue_diff
from swapmodel.sources.kernel_records import read_snapshot
from swapmodel.kernel.btf import BTF, VMLINUX_BTF


def _blob() -> bytes:
    """BTF with: [1] int (4 B); [2] ptr -> int; [3] array int[3]; [4] struct demo { int a; int b:3; int c:5;
    int *p; int v[3]; } of 32 B (bit-fields via kind_flag); [5] typedef demo_t -> 4."""
    strings = b"\0int\0demo\0a\0b\0c\0p\0v\0demo_t\0"
    off = {name: strings.index(name.encode() + b"\0") for name in ("int", "demo", "a", "b", "c", "p", "v", "demo_t")}
    t = b""
    t += struct.pack("<III", off["int"], 1 << 24, 4) + struct.pack("<I", 32)
    t += struct.pack("<III", 0, 2 << 24, 1)
    t += struct.pack("<III", 0, 3 << 24, 0) + struct.pack("<III", 1, 1, 3)
    members = [("a", 1, 0, 0), ("b", 1, 32, 3), ("c", 1, 35, 5), ("p", 2, 64, 0), ("v", 3, 128, 0)]
    t += struct.pack("<III", off["demo"], (4 << 24) | (1 << 31) | len(members), 32)
    for name, tid, bit, bits in members:
        t += struct.pack("<III", off[name], tid, (bits << 24) | bit)
    t += struct.pack("<III", off["demo_t"], 8 << 24, 4)
    header = struct.pack("<HBBIIIII", 0xEB9F, 1, 0, 24, 0, len(t), len(t), len(strings))
    return header + t + strings


def test_reads_sizes_offsets_and_bitfields_from_a_built_blob():
    btf = BTF(_blob())
    assert btf.size("demo") == 32
    members = {m.name: m for m in btf.members("demo")}
    assert members["a"].offset_bytes == 0 and members["a"].size_bytes == 4
    assert (members["b"].bit_offset, members["b"].bitfield_bits) == (32, 3)
    assert (members["c"].bit_offset, members["c"].bitfield_bits) == (35, 5)
    assert members["p"].size_bytes == 8 and members["p"].offset_bytes == 8
    assert members["v"].size_bytes == 12 and members["v"].offset_bytes == 16
    assert not btf.has("swp_desc")


def test_bad_blob_and_missing_struct_are_errors(tmp_path):
    with pytest.raises(ParameterError, match="magic"):
        BTF(b"\0" * 64)
    with pytest.raises(ParameterError, match="btf="):
        BTF.from_path(tmp_path / "none")
    with pytest.raises(ParameterError, match="swp_desc"):
        BTF(_blob()).size("swp_desc")


# Sizes from bpftool/pahole on Linux 6.18.44 (data/kernel/6.18.44-fc-v669.json)
STRUCTS_MD = {"swap_info_struct": 632, "swap_cluster_info": 32, "swap_table": 4096, "swap_cgroup": 4,
              "zswap_entry": 56, "xa_node": 576, "xarray": 16, "address_space": 192, "zspage": 56,
              "folio": 256, "page": 64, "percpu_swap_cluster": 160}


@pytest.mark.skipif(not VMLINUX_BTF.exists(), reason="no /sys/kernel/btf/vmlinux on this machine")
def test_this_kernels_btf_sizes_are_read(capsys):
    assert main(["kernel", "sizes", "--json"]) == 0
    sizes = json.loads(capsys.readouterr().out)
    for name in ("swap_info_struct", "swap_cluster_info", "zswap_entry", "xa_node", "folio"):
        assert isinstance(sizes[name], int)
    if Path("/proc/version").read_text().split()[2].startswith("6.18."):
        assert {k: sizes[k] for k in STRUCTS_MD} == STRUCTS_MD
        assert sizes["swp_desc"] is None and sizes["swap_memcg_table"] is None


def _committed_snapshot() -> dict:
    return read_snapshot(paths.KERNEL / "6.18.44-fc-v669.json")


def test_committed_snapshot_matches_pahole_sizes():
    snap = _committed_snapshot()
    assert snap["kernel_release"].startswith("6.18.44")
    assert {k: snap["struct_sizes"][k] for k in STRUCTS_MD} == STRUCTS_MD
    assert snap["config"]["CONFIG_THP_SWAP"] == "y" and snap["config"]["CONFIG_ZSMALLOC_CHAIN_SIZE"] == "8"


def test_catalogue_agrees_with_the_committed_snapshot():
    rows = catalogue_diff(_committed_snapshot())
    assert [r["item"] for r in rows if r["equal"] is False] == []
    checked = {r["item"] for r in rows if r["equal"] is True}
    assert {"struct swap_cluster_info@6.18", "struct swap_table", "struct xa_node", "slab radix_tree_node.objs_per_slab"} <= checked
