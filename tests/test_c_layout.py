"""The C layout rules of swapmodel.model.c_layout, checked against this kernel's BTF (sizes and
member offsets the compiler produced) and against pahole output posted with a patch series."""

from pathlib import Path

import pytest

from swapmodel.base.errors import ParameterError
from swapmodel.kernel import btf_types
from swapmodel.model.c_layout import (ARCHES, CLayout, Member, Sized, allocation_bytes, kmalloc_bucket,
                                      layout_members)

FIXTURES = Path(__file__).parent / "fixtures" / "c_layout"
BTF = btf_types.this_kernel()
needs_btf = pytest.mark.skipif(BTF is None, reason="this kernel has no /sys/kernel/btf/vmlinux")


def _from_btf(name):
    return [Member(m["name"], Sized(m["bytes"], m["align"], m["type"]), 1, m["bits"])
            for m in btf_types.struct_members(BTF, name)]


@needs_btf
@pytest.mark.parametrize("name", ["swap_info_struct", "swap_cluster_info", "zswap_entry", "xa_node", "swap_table",
                                  "address_space", "folio"])
def test_layout_rules_give_btf_size_and_offsets_of_this_kernels_structs(name):
    members = btf_types.struct_members(BTF, name)
    lay = layout_members(name, _from_btf(name), "union" if btf_types.is_union(BTF, name) else "struct")
    assert lay.bytes == BTF.size(name)
    got = [f.bit_offset if f.bits else 8 * f.offset for f in lay.fields]
    assert got == [m["bit_offset"] for m in members]


@needs_btf
def test_linux_6_18_source_text_sizes_to_btf():
    # struct text as in v6.18's mm/swap.h and mm/zswap.c, kernel types from BTF: 32 and 56 B as BTF says
    lay = CLayout(ARCHES["x86_64"], lambda k, n: (lambda s: s and Sized(s[0], s[1], n))(btf_types.sized(BTF, k, n)))
    lay.parse((FIXTURES / "linux-6.18-swap-structs.h").read_text(), "fixture")
    for name in ("swap_cluster_info", "zswap_entry"):
        got = lay.layout("struct", name)
        assert got.bytes == BTF.size(name)
        assert [8 * f.offset for f in got.fields] == [m["bit_offset"] for m in btf_types.struct_members(BTF, name)]
    assert not lay.unknown


def test_pahole_bitfield_offsets_of_vswap_v3_descriptor():
    # pahole in the v3 cover letter (https://lore.kernel.org/all/20260208215839.87595-1-nphamcs@gmail.com/):
    # swap_count 16:4, memcgid:16 at 20:0, in_swapcache:1 at 22:0, type:2 at 20:17; size 24
    text = """
    typedef struct { unsigned long val; } swp_slot_t;
    struct swp_desc {
        union { swp_slot_t slot; struct zswap_entry *zswap_entry; };
        union { struct folio *swap_cache; void *shadow; };
        unsigned int swap_count;
    #ifdef CONFIG_MEMCG
        unsigned short memcgid:16;
    #endif
        bool in_swapcache:1;
        enum swap_type type:2;
    };"""
    lay = CLayout(ARCHES["x86_64"], lambda k, n: None)
    lay.parse(text, "t")
    d = lay.layout("struct", "swp_desc")
    assert d.bytes == 24
    assert d.field("swap_count").offset == 16
    assert (d.field("memcgid").offset, d.field("memcgid").bit_offset) == (20, 160)
    assert d.field("in_swapcache").offset == 22
    assert (d.field("type").offset, d.field("type").bit_offset - 160) == (20, 17)


def test_bitmap_and_array_lengths_follow_swapfile_cluster():
    # DECLARE_BITMAP(map, SWAPFILE_CLUSTER): 512, 2048, 8192 bits on 4, 16, 64 KiB pages
    text = "struct t { DECLARE_BITMAP(map, SWAPFILE_CLUSTER); unsigned short id[SWAPFILE_CLUSTER]; };"
    sizes = {}
    for arch in ARCHES.values():
        lay = CLayout(arch, lambda k, n: None)
        lay.parse(text, "t")
        sizes[arch.name] = lay.layout("struct", "t").bytes
    assert sizes == {"x86_64": 64 + 1024, "arm64-16k": 256 + 4096, "arm64-64k": 1024 + 16384}


def test_unknown_type_is_named_and_unbalanced_if_rejected():
    lay = CLayout(ARCHES["x86_64"], lambda k, n: None)
    lay.parse("struct t { mystery_t x; struct nowhere y; };", "t")
    lay.layout("struct", "t")
    assert lay.unknown == {"mystery_t", "struct nowhere"}
    with pytest.raises(ParameterError, match="#if"):
        CLayout(ARCHES["x86_64"], lambda k, n: None).parse("struct t {\n#ifdef CONFIG_MEMCG\nint a;\n};", "t")
    with pytest.raises(ParameterError, match="__packed"):
        CLayout(ARCHES["x86_64"], lambda k, n: None).parse("struct t { int a; } __packed;", "t")


def test_kmalloc_buckets_and_vmalloc_rounding():
    # kmalloc_info sizes (mm/slab_common.c); above 8 KiB SLUB goes to the page allocator
    assert [kmalloc_bucket(n) for n in (48, 80, 100, 4096, 12400)] == [
        "kmalloc-64", "kmalloc-96", "kmalloc-128", "kmalloc-4k", "page allocator order 2 (16384 B)"]
    assert allocation_bytes("vzalloc", 512 * 24) == (12288, "vmalloc, 3 pages")
    assert allocation_bytes("kcalloc", 512 * 8)[0] == 4096
