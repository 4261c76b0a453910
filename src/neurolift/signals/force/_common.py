"""Shared pieces of the force-plate analyses: parameters, input checks, quality warnings."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from neurolift._validation import check_choice, check_positive
from neurolift.errors import InvalidParameterError, SignalTooShortError, UnitError
from neurolift.signals.force._events import runs
from neurolift.timeseries import TimeSeries
from neurolift.units import BODY_WEIGHT_MIN_N

ONSET_METHODS = ("sd", "fixed")
TAKEOFF_METHODS = ("threshold", "flight_noise")


@dataclass(frozen=True)
class JumpParams:
    """Method parameters of the jump analyses (all recorded in every result's ``method``)."""

    onset_method: str = "sd"
    onset_sd: float = 5.0
    onset_backoff_s: float = 0.030
    onset_quiet_s: float = 0.030
    onset_fixed_n: float = 20.0
    onset_min_threshold_n: float = 1.0
    takeoff_threshold_n: float = 20.0
    takeoff_method: str = "threshold"
    min_flight_s: float = 0.15
    min_contact_s: float = 0.03
    weighing_duration_s: float = 1.0
    weighing_min_duration_s: float = 0.25
    weighing_sd_warn_fraction: float = 0.02
    quiet_band_fraction: float = 0.05
    countermovement_threshold_n: float = 20.0

    def __post_init__(self) -> None:
        where = "force analysis"
        check_choice("onset_method", self.onset_method, ONSET_METHODS, where=where)
        check_choice("takeoff_method", self.takeoff_method, TAKEOFF_METHODS, where=where)
        for name in (
            "onset_sd",
            "onset_quiet_s",
            "onset_fixed_n",
            "takeoff_threshold_n",
            "min_flight_s",
            "min_contact_s",
            "weighing_duration_s",
            "weighing_min_duration_s",
            "weighing_sd_warn_fraction",
            "countermovement_threshold_n",
            "quiet_band_fraction",
        ):
            check_positive(name, getattr(self, name), where=where)
        check_positive("onset_backoff_s", self.onset_backoff_s, where=where, allow_zero=True)
        check_positive(
            "onset_min_threshold_n", self.onset_min_threshold_n, where=where, allow_zero=True
        )
        if self.weighing_min_duration_s > self.weighing_duration_s:
            raise InvalidParameterError(
                f"{where}: weighing_min_duration_s ({self.weighing_min_duration_s}) must not exceed "
                f"weighing_duration_s ({self.weighing_duration_s})"
            )
        if self.takeoff_threshold_n > 200:
            raise InvalidParameterError(
                f"{where}: takeoff_threshold_n={self.takeoff_threshold_n} N is implausibly high "
                "(typical 10-30 N)"
            )

    def as_method(self) -> dict[str, object]:
        return dict(self.__dict__)


def force_matrix(
    force: TimeSeries, *, where: str, min_duration_s: float = 0.5
) -> tuple[np.ndarray, np.ndarray | None]:
    """Return (total force (n_samples,), per-plate (n_samples, n_plates) or None), validated."""
    from neurolift._validation import check_finite_signal

    if not isinstance(force, TimeSeries):
        raise InvalidParameterError(
            f"{where}: force must be a TimeSeries, got {type(force).__name__}"
        )
    if force.unit not in ("N", "newton", "newtons"):
        raise UnitError(f"{where}: force must be in newtons (unit 'N'), got unit {force.unit!r}")
    values = force.as_2d()
    check_finite_signal(values, where=where, name="force")
    if force.n_samples < min_duration_s * force.sampling_rate:
        raise SignalTooShortError(
            f"{where}: recording is {force.duration:.3f} s long; at least {min_duration_s} s is needed"
        )
    total = values.sum(axis=1) if values.shape[1] > 1 else values[:, 0]
    peak = float(np.max(np.abs(total)))
    if peak < BODY_WEIGHT_MIN_N:
        raise UnitError(
            f"{where}: the largest force in the recording is {peak:.4g} N, less than a standing "
            "person weighs; the file looks like it is in kN (multiply by 1000) or kg (multiply by "
            "9.81) - neurolift expects newtons"
        )
    sides = values if values.shape[1] == 2 else None
    return total, sides


def quality_warnings(
    values: np.ndarray, sampling_rate: float, *, need_1khz: bool = True
) -> list[str]:
    """Warnings about acquisition: low sampling rate, a flat top that suggests clipping."""
    warnings: list[str] = []
    if need_1khz and sampling_rate < 1000:
        warnings.append(
            f"sampling rate {sampling_rate:g} Hz is below the 1000 Hz recommended for force-plate "
            "RFD and onset metrics (Owen 2014)"
        )
    peak = float(np.max(values))
    starts, ends = runs(values >= peak - 1e-9 * max(abs(peak), 1.0))  # the peak is in one
    run = int(np.max(ends - starts))
    if run >= max(5, int(0.005 * sampling_rate)):
        warnings.append(
            f"possible clipping: the peak value {peak:.1f} N repeats for {run} consecutive samples"
        )
    return warnings
