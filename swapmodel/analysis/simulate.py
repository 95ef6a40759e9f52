"""The allocator simulator applied to designs of the catalogue.

`policy_for()` maps a design to the `SpacePolicy` the allocator takes (static or dynamic space,
what zswap writeback does); `simulate_churn()` and `simulate_steady()` run a workload for a design
and return its counters with the occupancies the run leaves behind, ready for `cost`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from swapmodel.allocator import (SNAPSHOT_STATES, ChurnParams, ChurnRun, SpacePolicy, SteadyParams, SteadyRun,
                                 run_churn, run_steady_state)
from swapmodel.allocator import CLUSTER, from_kwargs
from swapmodel.base.geometry import PAGES_PER_MIB
from swapmodel.base.errors import check_choice
from swapmodel.base.geometry import STATES
from swapmodel.model.occupancy import ClusterCounts
from swapmodel.allocator.params import FORMER
from swapmodel.base.errors import ParameterError
from swapmodel.sources.designs import Design, design_rules, get_design, posted_shares_cluster_cache

RULE_TOKENS = {"virtual_cluster_choice": ("swapfile", "per_order"),
               "no_physical_slot": ("release_order0", "reactivate"),
               "cache_only_reclaim": ("vm_swap_full", "never"),
               "cluster_metadata_lifetime": ("freed_when_empty", "pinned_while_cached"),
               "zswap_writeback": ("sync_fifo", "shrinker", "no_writeback")}
"""The rules of data/designs/rules.toml the simulator applies, and the SpacePolicy value each rule's
`value` may begin with ('per_order: ...'): the first word names what the simulator runs."""
VIRTUAL_RULES = ("code", "former")
"""Which rules a virtual layer runs: `code` as data/designs/rules.toml reads each design's posted code,
`former` the simulator's assumptions before it was read (SpacePolicy defaults, params.FORMER)."""


def code_rules(design: str) -> dict:
    """The SpacePolicy rule fields of `design` from its rules in data/designs/rules.toml: each rule's
    value begins with the simulator's name for what the code does ('per_order: ...'). A rule the file
    does not keep for the design, or keeps as assumed without such a name, stays the former assumption."""
    out = dict(FORMER)
    for r in design_rules(design):
        if r.rule not in RULE_TOKENS:
            continue
        token = r.value.split(":", 1)[0].strip()
        if token in RULE_TOKENS[r.rule]:
            out[r.rule] = token
        elif r.status == "read":
            raise ParameterError(f"rules.toml: design {design!r}, rule {r.rule!r}: a read rule's value must begin with "
                                 f"one of {RULE_TOKENS[r.rule]} and ':' (got {r.value[:40]!r})")
    return out


def policy_for(design: Design | str, virtual_rules: str = "code") -> SpacePolicy:
    """The allocator's view of `design`: a dynamic space if the design maps clusters on demand;
    zswap writeback to a backing device for designs with one (virtual swap), in place for designs
    with a `writeback` state (a static device reserves the slot at store time), else none (Chris
    Li's ghost swapfile rejects the store when the pool is full); the per-CPU cluster cache as the
    design's posted code keeps it (rule per_cpu_cluster_cache of data/designs/rules.toml). A run
    may override the cache (`shared_cluster_cache=`, the shared-cache what-if). The virtual layer's
    rules (cluster choice, no physical slot, cache-only reclaim, cluster lifetime, zswap writeback)
    are the design's code as rules.toml reads it (`code_rules`), or with `virtual_rules="former"` the
    simulator's former assumptions, run beside them as the labelled alternative."""
    check_choice("virtual_rules", virtual_rules, VIRTUAL_RULES)
    d = get_design(design) if isinstance(design, str) else design
    if d.backing_states:
        writeback = "backing"
    elif "writeback" in d.states:
        writeback = "in_place"
    else:
        writeback = "none"
    return SpacePolicy(dynamic=d.dynamic, writeback=writeback, zswap="zswap" in d.states, disk="disk" in d.states,
                       virtual_over_physical=d.virtual_over_physical,
                       shared_cluster_cache=posted_shares_cluster_cache(d.name),
                       **(code_rules(d.name) if virtual_rules == "code" and (d.dynamic or d.virtual_over_physical)
                          else FORMER))


@dataclass
class ChurnResult:
    """A churn run for one design: the allocator's `ChurnRun` and the occupancies it leaves."""

    run: ChurnRun
    design: str

    @property
    def params(self) -> dict:
        return self.run.params

    @property
    def final(self) -> dict:
        return self.run.final

    @property
    def snapshots(self) -> list:
        return self.run.snapshots

    def iterations(self) -> list[dict]:
        return self.run.iterations()

    def to_json(self) -> dict:
        return self.run.to_json()

    def occupancy(self, state: str = "disk", counts: np.ndarray | None = None) -> ClusterCounts:
        """The final (or a snapshot's) slot use as a ClusterCounts occupancy, every entry in
        `state`. A two-layer run's entries are in its virtual space and hold the physical slots of
        the final device occupancy; any other design's entries are on the device itself."""
        check_choice("state", state, STATES)
        per_cluster = self.run.cluster_counts if counts is None else counts
        table = np.zeros((per_cluster.size, len(STATES)), np.int64)
        table[:, STATES.index(state)] = per_cluster
        if self.run.layered:
            physical = np.zeros((self.run.physical_counts.size, len(STATES)), np.int64)
            physical[:, STATES.index(state)] = self.run.physical_counts
            return ClusterCounts(table, swap_slots=per_cluster.size * CLUSTER, backing_counts=physical)
        backing = max(int(self.params["device_mib"] * PAGES_PER_MIB), int(per_cluster.sum()))
        return ClusterCounts(table, swap_slots=per_cluster.size * CLUSTER, backing_slots=backing)


@dataclass
class SteadyResult:
    """A steady-state run for one design, with per-window occupancies."""

    run: SteadyRun
    design: str

    @property
    def params(self) -> dict:
        return self.run.params

    @property
    def windows(self) -> list:
        return self.run.windows

    def occupancy(self, window: int = -1) -> ClusterCounts:
        """The window's slot use as a ClusterCounts occupancy (swap space and backing device)."""
        snap = self.run.snapshots[window]
        table = np.zeros((snap.shape[0], len(STATES)), np.int64)
        for code, state in enumerate(SNAPSHOT_STATES):
            table[:, STATES.index(state)] += snap[:, code]
        backing = None
        back = self.run.backing_snapshots
        if back.shape[1] > 1:
            backing = np.zeros((back.shape[1], len(STATES)), np.int64)
            backing[:, STATES.index("writeback")] = back[window]
        return ClusterCounts(table, backing_counts=backing)


def simulate_churn(design: str = "linux-6.18", virtual_rules: str = "code", **params) -> ChurnResult:
    """The churn workload (`ChurnParams`, whose docstring lists every parameter with its unit and
    range) on the space of `design`, its virtual layer under `virtual_rules` (VIRTUAL_RULES)."""
    p = from_kwargs(ChurnParams, params)
    policy = policy_for(design, virtual_rules)
    result = run_churn(p, policy)
    result.params.update(design=design, virtual_rules=virtual_rules, **policy.rules)
    return ChurnResult(result, design)


def simulate_steady(design: str = "linux-6.18", virtual_rules: str = "code", **params) -> SteadyResult:
    """The steady-state workload (`SteadyParams`) on the space of `design`, its virtual layer under
    `virtual_rules` (VIRTUAL_RULES)."""
    p = from_kwargs(SteadyParams, params)
    policy = policy_for(design, virtual_rules)
    result = run_steady_state(p, policy)
    result.params.update(design=design, virtual_rules=virtual_rules, **policy.rules)
    return SteadyResult(result, design)


SMALL_FOLIOS = {"tools-mm": {"small_mib": 4, "small_swapin_mib": 1},
                "kernel-selftest": {"small_mib": 1, "small_swapin_mib": 0.75}}
"""The -s flag of each version of thp_swap_allocator_test: MEMSIZE_SMALLFOLIO and the bytes of small
pages swapped in (tools-mm) or DONTNEED'd and rewritten (kernel-selftest) per iteration."""
T1_FLAGS = {"": {}, "-s": SMALL_FOLIOS["tools-mm"], "-a": {"aligned": True},
            "-a -s": {"aligned": True, **SMALL_FOLIOS["tools-mm"]}, "mthp-swapin": {"mthp_swapin": True}}
"""simulate_churn() arguments for each flag set of the tools/mm test (-a aligned swap-in, -s small folios)."""


def coupon_collector_chunks(n_chunks: int, picks: int) -> float:
    """Expected distinct chunks hit by `picks` uniform picks with replacement out of `n_chunks`:
    n (1 - (1 - 1/n)**picks), the coupon collector's occupancy closed form."""
    return n_chunks * (1.0 - (1.0 - 1.0 / n_chunks) ** picks)


def aligned_block_free_probability(occupancy: float, order: int) -> float:
    """Probability that a naturally aligned 2**order-slot block is free when slots are occupied
    independently with probability `occupancy`: (1 - u)**(2**order)."""
    return (1.0 - occupancy) ** (1 << order)
