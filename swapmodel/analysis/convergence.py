"""Has a simulated metric settled? Batch means over the second half of a run.

A run is called steady only when its metric has converged: the second half of the per-window (or
per-iteration) series is cut into `batches` consecutive batches, and the 95 % confidence half-width
of their mean (Student's t with batches - 1 degrees of freedom) must be within `rel_tol` of the
mean, or within `abs_tol` in the metric's own unit when the mean is near zero (a fallback share of
0.3 % is settled when it moves by less than a point). A metric that still trends has batch means
that spread out, so its half-width stays wide and the run is labelled "not converged".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from swapmodel.base.errors import ParameterError


@dataclass(frozen=True)
class Convergence:
    """The verdict on one metric: mean and 95 % half-width of the batch means, and whether it settled."""

    mean: float
    half_width: float
    batches: int
    converged: bool

    @property
    def label(self) -> str:
        return "converged" if self.converged else "not converged"


def batch_means(values, batches: int = 5, rel_tol: float = 0.05, abs_tol: float = 1.0) -> Convergence:
    """Batch-means test of the second half of `values` (see the module docstring)."""
    x = np.asarray(values, dtype=float)
    if not isinstance(batches, (int, np.integer)) or not 2 <= batches <= 1000:
        raise ParameterError(f"batches={batches!r} must be a whole number in [2, 1000]")
    if not (0 < rel_tol <= 1) or not (abs_tol >= 0):
        raise ParameterError(f"rel_tol={rel_tol!r} must lie in (0, 1] and abs_tol={abs_tol!r} be >= 0")
    tail = x[x.size // 2:]
    if tail.size < batches or not np.all(np.isfinite(tail)):
        raise ParameterError(f"values: the second half needs at least batches={batches} finite points, "
                             f"got {tail.size}")
    per = tail.size // batches
    with np.errstate(over="ignore", invalid="ignore"):
        means = tail[tail.size - per * batches:].reshape(batches, per).mean(axis=1)
        mean = float(means.mean())
        half = float(stats.t.ppf(0.975, batches - 1) * means.std(ddof=1) / np.sqrt(batches))
    if not (np.isfinite(mean) and np.isfinite(half)):
        raise ParameterError("values: too large to average in float64 (|value| must stay below about 1e300)")
    return Convergence(mean, half, batches, half <= max(rel_tol * abs(mean), abs_tol))
