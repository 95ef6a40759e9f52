"""swapmodel: price every swap-entry design on the same occupancy (cost = design x occupancy)."""

from swapmodel.model.cost import Breakdown, cost, per_state_table
from swapmodel.sources.designs import Design, load_catalogue, get_design
from swapmodel.model.occupancy import ClusterCounts, Dense, KeySet, Random, scenario

__all__ = [
    "Breakdown",
    "ClusterCounts",
    "Dense",
    "Design",
    "KeySet",
    "Random",
    "cost",
    "get_design",
    "load_catalogue",
    "per_state_table",
    "scenario",
]
