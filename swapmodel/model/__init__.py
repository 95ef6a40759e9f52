"""Pure numpy models: cost = design x occupancy, and the closed forms beside it. The functions
notebooks use are exported here."""

from swapmodel.model.ceilings import binding_table, ceiling_bytes, ceiling_slots, stride_table
from swapmodel.model.cost import per_state_table
from swapmodel.model.free_path import sign_flip_table, sign_table
from swapmodel.model.hosts import sample_hosts
from swapmodel.model.lookup import HOST_KINDS, fault_cost, walk_ns
from swapmodel.model.page_size import page_size_table

__all__ = ["HOST_KINDS", "binding_table", "ceiling_bytes", "ceiling_slots", "fault_cost", "page_size_table",
           "per_state_table", "sample_hosts", "sign_flip_table", "sign_table", "stride_table", "walk_ns"]
