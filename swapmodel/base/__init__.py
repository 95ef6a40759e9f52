"""Constants with their kernel sources, errors, paths and atomic writers: what every layer uses.
The names notebooks use are exported here."""

from swapmodel.base.errors import ParameterError
from swapmodel.base.geometry import (GIB_BYTES, KIB_BYTES, MIB_BYTES, PAGE_SIZE_BYTES, PAGES_PER_MIB,
                                     SWAPFILE_CLUSTER_SLOTS, TIB_BYTES)
from swapmodel.base.io import save_csv

__all__ = ["GIB_BYTES", "KIB_BYTES", "MIB_BYTES", "PAGES_PER_MIB", "PAGE_SIZE_BYTES", "SWAPFILE_CLUSTER_SLOTS",
           "TIB_BYTES", "ParameterError", "save_csv"]
