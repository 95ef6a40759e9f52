"""Memory footprint of a compressed page in zsmalloc (mm/zsmalloc.c, Documentation/mm/zsmalloc.rst).

Size classes start at ZS_MIN_ALLOC_SIZE = 32 B in steps of ZS_SIZE_CLASS_DELTA = PAGE_SIZE >> 8
= 16 B. Each class packs its objects into zspages of 1 to CONFIG_ZSMALLOC_CHAIN_SIZE pages, the
count that wastes least (calculate_zspage_chain_size(); ties to fewer pages). Classes with the
same pages per zspage and objects per zspage are merged into the larger one; a class of one object
per one-page zspage is "huge" and every larger object takes a whole page.
"""

from __future__ import annotations

from functools import lru_cache

from swapmodel.base.errors import check_range
from swapmodel.base.geometry import PAGE_SIZE_BYTES

ZS_MIN_ALLOC_SIZE = 32
ZS_SIZE_CLASS_DELTA = PAGE_SIZE_BYTES >> 8
CHAIN_SIZE = 8
"""CONFIG_ZSMALLOC_CHAIN_SIZE of Linux 6.18.44 here (data/kernel/6.18.44-fc-v669.json)."""
ZSPAGE_BYTES = 56
"""sizeof(struct zspage), BTF (one per zspage, slab-allocated)."""


def _chain(size: int, chain_size: int) -> tuple[int, int]:
    """(pages per zspage, objects per zspage) wasting least for objects of `size` bytes."""
    best_pages, best_waste = 1, None
    for pages in range(1, chain_size + 1):
        waste = (pages * PAGE_SIZE_BYTES) % size
        if best_waste is None or waste < best_waste:
            best_pages, best_waste = pages, waste
    return best_pages, best_pages * PAGE_SIZE_BYTES // size


@lru_cache(maxsize=8)
def size_classes(chain_size: int = CHAIN_SIZE) -> list[tuple[int, int, int]]:
    """(class size, pages per zspage, objects per zspage) after merging, smallest first."""
    classes = []
    size = PAGE_SIZE_BYTES
    while size >= ZS_MIN_ALLOC_SIZE:
        pages, objs = _chain(size, chain_size)
        if classes and (pages, objs) == classes[-1][1:]:
            pass  # merged into the larger class already listed
        else:
            classes.append((size, pages, objs))
        size -= ZS_SIZE_CLASS_DELTA
    return sorted(classes)


def huge_class_size(chain_size: int = CHAIN_SIZE) -> int:
    """Objects larger than this take a whole page (the largest class packing more than one object)."""
    multi = [size for size, pages, objs in size_classes(chain_size) if objs > 1 or pages > 1]
    return max(multi)


def object_class(length_bytes: int, chain_size: int = CHAIN_SIZE) -> tuple[int, int, int]:
    """The size class that holds an object of `length_bytes`."""
    check_range("length_bytes", length_bytes, 1, PAGE_SIZE_BYTES)
    for cls in size_classes(chain_size):
        if cls[0] >= length_bytes:
            return cls
    return size_classes(chain_size)[-1]


def footprint_bytes(length_bytes: int, chain_size: int = CHAIN_SIZE) -> float:
    """Pool memory per object of `length_bytes` in a full zspage, plus its share of struct zspage."""
    size, pages, objs = object_class(length_bytes, chain_size)
    return (pages * PAGE_SIZE_BYTES + ZSPAGE_BYTES) / objs
