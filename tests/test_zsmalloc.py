"""zsmalloc size classes against Documentation/mm/zsmalloc.rst (huge-class watermark by chain size,
https://docs.kernel.org/mm/zsmalloc.html) and the footprint rule of references/kernel-facts.md."""

import pytest

from swapmodel.model import zsmalloc


@pytest.mark.parametrize("chain, watermark", [(4, 3264), (5, 3408), (6, 3504), (7, 3584), (8, 3632), (16, 3840)])
def test_huge_class_watermark_matches_the_documentation(chain, watermark):
    assert zsmalloc.huge_class_size(chain) == watermark


@pytest.mark.parametrize("compressed, class_size", [(100, 112), (1000, 1024), (2000, 2048), (2500, 2512),
                                                    (3000, 3072), (3400, 3408), (3625, 4096)])
def test_class_of_compressed_length_plus_handle(compressed, class_size):
    # references/kernel-facts.md: footprint = class_size(compressed_len + 8), chain size 8
    assert zsmalloc.object_class(compressed + 8)[0] == class_size


def test_class_1568_chain_choice_matches_the_documentation_example():
    # zsmalloc.rst: class 1568 B wastes least with 5 pages per zspage (96 B wasted, 99 % used)
    size, pages, objs = zsmalloc.object_class(1568)
    assert (size, pages, objs) == (1568, 5, 13)
