"""Monte-Carlo model of the swap slot allocator (mm/swapfile.c), compiled with numba.

`core` holds the allocator rules; `churn` and `steady` the workloads; `params` the typed records
they take. This layer imports only `swapmodel.base`: `swapmodel.analysis.simulate` maps a design
of the catalogue to its `SpacePolicy` and prices the occupancies a run leaves behind.
"""

from swapmodel.allocator.churn import ChurnRun, run_churn
from swapmodel.allocator.params import ChurnParams, SpacePolicy, SteadyParams
from swapmodel.allocator.steady import SNAPSHOT_STATES, SteadyRun, run_steady_state

__all__ = ["SNAPSHOT_STATES", "ChurnParams", "ChurnRun", "SpacePolicy", "SteadyParams", "SteadyRun", "run_churn",
           "run_steady_state"]
