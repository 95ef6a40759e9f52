"""Benchmark: every design in the catalogue over 100,000 occupancies (target: under 1 s).

Prints the wall time of cost() for dense and random occupancies of a 32 GiB swap space whose used
fraction and zswap share vary across the batch. Run with `make bench`.
"""

import time

import numpy as np

from swapmodel.model.cost import cost
from swapmodel.sources.designs import load_catalogue
from swapmodel.base.geometry import slots_from_gib
from swapmodel.model.occupancy import Dense, Random

N_OCCUPANCIES = 100_000


def batches(cls, rng):
    """A zswap-and-disk batch, and a zswap-only batch for designs with no disk slots (ghost)."""
    slots = slots_from_gib(32)
    used = np.floor(rng.uniform(0, 1, N_OCCUPANCIES) * slots)
    zswap = np.floor(used * rng.uniform(0, 1, N_OCCUPANCIES))
    mixed = cls(slots, {"zswap": zswap, "disk": used - zswap}, backing_slots=slots)
    return mixed, cls(slots, {"zswap": used})


def main():
    designs = list(load_catalogue().values())
    rng = np.random.default_rng(np.random.SeedSequence(20261126))
    for cls in (Dense, Random):
        mixed, zswap_only = batches(cls, rng)
        start = time.perf_counter()
        totals = [cost(d, mixed if "disk" in d.states else zswap_only).total_bytes for d in designs]
        elapsed = time.perf_counter() - start
        print(f"{cls.__name__:6s}: {len(designs)} designs x {N_OCCUPANCIES:,} occupancies in {elapsed:.3f} s "
              f"({len(designs) * N_OCCUPANCIES / elapsed:,.0f} design-occupancies/s; target < 1 s) "
              f"[checksum {sum(t.sum() for t in totals) / 2**30:.1f} GiB]")


if __name__ == "__main__":
    main()
