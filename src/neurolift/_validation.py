"""Validation helpers shared by every domain: one place that words the error messages."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np

from neurolift.errors import InvalidParameterError, SamplingRateError, SignalError


def check_positive(name: str, value: Any, *, where: str, allow_zero: bool = False) -> float:
    """Return ``value`` as float, or raise if it is not a finite positive number."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise InvalidParameterError(f"{where}: {name} must be a number, got {value!r}") from None
    if not math.isfinite(v) or v < 0 or (v == 0 and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        raise InvalidParameterError(f"{where}: {name} must be finite and {bound}, got {value!r}")
    return v


def check_range(name: str, value: Any, lo: float, hi: float, *, where: str) -> float:
    """Return ``value`` as float, or raise if it lies outside ``[lo, hi]``."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise InvalidParameterError(f"{where}: {name} must be a number, got {value!r}") from None
    if not math.isfinite(v) or v < lo or v > hi:
        raise InvalidParameterError(f"{where}: {name} must lie in [{lo}, {hi}], got {value!r}")
    return v


def check_choice(name: str, value: Any, choices: Iterable[str], *, where: str) -> str:
    """Return ``value`` if it is one of ``choices``, else raise naming the valid ones."""
    options = tuple(choices)
    if value not in options:
        raise InvalidParameterError(
            f"{where}: unknown {name} {value!r}; choose one of {', '.join(map(str, options))}"
        )
    return str(value)


def check_sampling_rate(value: Any, *, where: str, minimum: float = 1.0) -> float:
    """Return the sampling rate in Hz, or raise :class:`SamplingRateError`."""
    if value is None:
        raise SamplingRateError(f"{where}: sampling_rate is required (Hz); there is no default")
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise SamplingRateError(
            f"{where}: sampling_rate must be a number in Hz, got {value!r}"
        ) from None
    if not math.isfinite(v) or v <= 0:
        raise SamplingRateError(
            f"{where}: sampling_rate must be a positive number of Hz, got {value!r}"
        )
    if v < minimum:
        raise SamplingRateError(
            f"{where}: sampling_rate {v:g} Hz is below the minimum of {minimum:g} Hz"
        )
    return v


def check_finite_signal(values: np.ndarray, *, where: str, name: str = "signal") -> None:
    """Raise :class:`SignalError` if ``values`` is empty, all-NaN or has NaN/inf gaps."""
    if values.size == 0:
        raise SignalError(f"{where}: {name} is empty")
    finite = np.isfinite(values)
    if not finite.any():
        raise SignalError(f"{where}: {name} is all NaN/inf")
    if not finite.all():
        bad = int(np.size(finite) - np.count_nonzero(finite))
        first = int(np.argmin(finite.reshape(finite.shape[0], -1).all(axis=1)))
        raise SignalError(
            f"{where}: {name} has {bad} NaN/inf value(s), first at sample {first}; "
            "fill or trim the gap before analysis"
        )
