"""Input validation that names the parameter and the allowed range."""

import numpy as np


class ParameterError(ValueError):
    """A parameter is outside its allowed range or set."""


def check_choice(name, value, allowed):
    """Raise ParameterError unless `value` is one of `allowed`."""
    try:
        ok = value in allowed
    except TypeError:  # unhashable
        ok = False
    if not ok:
        raise ParameterError(f"{name}={value!r} is not allowed; choose one of: {', '.join(map(str, allowed))}")
    return value


def check_range(name, value, low=None, high=None):
    """Raise ParameterError unless every element of `value` lies in [low, high]; return it as an array."""
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ParameterError(f"{name}={value!r} must be a number{_between(low, high)}") from None
    if isinstance(value, (bool, np.bool_)) or (arr.dtype == object):
        raise ParameterError(f"{name}={value!r} must be a number{_between(low, high)}")
    if not np.all(np.isfinite(arr)):
        raise ParameterError(f"{name}={value!r} must be finite")
    if low is not None and np.any(arr < low):
        raise ParameterError(f"{name}={_show(arr)} is below the allowed range [{low}, {'inf' if high is None else high}]")
    if high is not None and np.any(arr > high):
        raise ParameterError(f"{name}={_show(arr)} is above the allowed range [{'-inf' if low is None else low}, {high}]")
    return arr


def _between(low, high) -> str:
    if low is None and high is None:
        return ""
    return f" in [{'-inf' if low is None else low}, {'inf' if high is None else high}]"


def _show(arr):
    if arr.ndim == 0:
        return f"{arr.item():g}"
    bad = arr.ravel()[:3]
    return "[" + ", ".join(f"{x:g}" for x in bad) + (", ...]" if arr.size > 3 else "]")
