"""Monte-Carlo model of the swap slot allocator (mm/swapfile.c), compiled with numba.

`core` holds the allocator rules; `churn` and `steady` the workloads; `params` the typed records
they take, each run parameter declared once (range, unit, flag, doc). This layer imports only
`swapmodel.base`: `swapmodel.analysis.simulate` maps a design of the catalogue to its
`SpacePolicy` and prices the occupancies a run leaves behind. Other layers reach the allocator
through the names exported here.
"""

from swapmodel.allocator.churn import ChurnRun, run_churn
from swapmodel.allocator.core import CLUSTER
from swapmodel.allocator.params import (ChurnParams, SpacePolicy, SteadyParams, add_options, from_kwargs,
                                        options_from_args)
from swapmodel.allocator.steady import CHUNK_ORDER, SNAPSHOT_STATES, SteadyRun, run_steady_state

__all__ = ["CHUNK_ORDER", "CLUSTER", "SNAPSHOT_STATES", "ChurnParams", "ChurnRun", "SpacePolicy", "SteadyParams",
           "SteadyRun", "add_options", "from_kwargs", "options_from_args", "run_churn", "run_steady_state"]
