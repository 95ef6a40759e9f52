"""The only code that reads data files: each reader checks its file and returns typed records.
The readers notebooks use are exported here."""

from swapmodel.sources.benchmarks import load_benchmarks, load_measurements
from swapmodel.sources.capacity import load_capacity
from swapmodel.sources.designs import get_design, load_catalogue, load_related
from swapmodel.sources.fleet_mix import load_fleet
from swapmodel.sources.kernel_records import load_live_records
from swapmodel.sources.reclaim_paths import load_reclaim_paths

__all__ = ["get_design", "load_benchmarks", "load_capacity", "load_catalogue", "load_fleet", "load_live_records",
           "load_measurements", "load_reclaim_paths", "load_related"]
