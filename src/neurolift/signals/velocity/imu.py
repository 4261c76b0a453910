"""Bar velocity from a vertical accelerometer, with zero-velocity updates and drift checks.

Integrating acceleration drifts: a bias of 0.05 m/s^2 grows to 0.1 m/s of velocity error in
2 s. The bar is still between reps, so velocity is reset to zero at every rest (zero-velocity
update, ZUPT), and within each movement segment the velocity left over at the next rest is
removed as a linear trend. When that leftover is larger than ``max_drift_m_s`` the segment is
reported as unreliable instead of being "corrected" into a made-up number.

References
----------
Foxlin E (2005). Pedestrian tracking with shoe-mounted inertial sensors. IEEE Comput Graph
Appl 25(6):38-46 (zero-velocity updates).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from neurolift._results import Result
from neurolift._validation import check_finite_signal, check_positive, check_range
from neurolift.errors import SignalError, UnitError
from neurolift.timeseries import TimeSeries

__all__ = ["ImuVelocity", "velocity_from_acceleration"]


@dataclass(frozen=True, eq=False)
class ImuVelocity(Result):
    """Velocity integrated from acceleration, with the intervals that cannot be trusted."""

    signal: TimeSeries
    gravity_m_s2: float
    n_segments: int
    unreliable: tuple[tuple[float, float], ...]
    residual_drift_m_s: tuple[float, ...]
    method: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d = super().to_dict()
        d["signal"] = repr(self.signal)
        return d


def _moving_std(x: np.ndarray, n: int) -> np.ndarray:
    c1 = np.cumsum(np.concatenate(([0.0], x)))
    c2 = np.cumsum(np.concatenate(([0.0], x * x)))
    half = n // 2
    idx = np.arange(x.shape[0])
    lo = np.clip(idx - half, 0, x.shape[0])
    hi = np.clip(idx + half + 1, 0, x.shape[0])
    cnt = hi - lo
    mean = (c1[hi] - c1[lo]) / cnt
    var = (c2[hi] - c2[lo]) / cnt - mean * mean
    return np.sqrt(np.maximum(var, 0.0))


def velocity_from_acceleration(
    acceleration: TimeSeries,
    *,
    rest_window_s: float = 0.2,
    rest_sd_m_s2: float = 0.3,
    max_drift_m_s: float = 0.1,
    max_segment_s: float = 15.0,
) -> ImuVelocity:
    """Integrate vertical bar acceleration (m/s^2, gravity included) to velocity (m/s).

    Parameters
    ----------
    acceleration : TimeSeries
        Vertical acceleration in ``"m/s^2"`` including gravity (a still bar reads about +9.81).
    rest_window_s : float
        Window of the moving SD used to detect rest, s.
    rest_sd_m_s2 : float
        The bar is at rest where the moving SD is below this and the value is within 0.5 m/s^2
        of the resting (gravity) level.
    max_drift_m_s : float
        A movement segment whose integrated velocity is further than this from zero when the
        bar comes to rest is unreliable.
    max_segment_s : float
        Movement segments longer than this (no rest to anchor them) are unreliable.

    Returns
    -------
    ImuVelocity

    Examples
    --------
    >>> fs = 500; t = np.arange(0, 6, 1 / fs)
    >>> a = np.where((t > 2) & (t < 3), 2 * np.pi * np.sin(2 * np.pi * (t - 2)), 0.0) + 9.81
    >>> res = velocity_from_acceleration(TimeSeries(a, fs, "m/s^2"))
    >>> round(float(res.signal.values.max()), 2), res.unreliable
    (2.0, ())
    """
    where = "velocity_from_acceleration"
    if acceleration.unit.replace(" ", "") not in ("m/s^2", "m/s2", "m*s^-2"):
        raise UnitError(
            f"{where}: acceleration must be in m/s^2, got {acceleration.unit!r} "
            "(velocity_read_imu converts g)"
        )
    a = acceleration.values.reshape(-1)
    check_finite_signal(a, where=where, name="acceleration")
    fs = acceleration.sampling_rate
    rest_window_s = check_range("rest_window_s", rest_window_s, 0.02, 2.0, where=where)
    rest_sd = check_positive("rest_sd_m_s2", rest_sd_m_s2, where=where)
    max_drift = check_positive("max_drift_m_s", max_drift_m_s, where=where)
    max_seg = check_positive("max_segment_s", max_segment_s, where=where)
    n_win = max(3, int(round(rest_window_s * fs)))
    if a.shape[0] < 2 * n_win:
        raise SignalError(f"{where}: {a.shape[0]} samples are too few (need {2 * n_win})")
    sd = _moving_std(a, n_win)
    quiet = sd < rest_sd
    if not quiet.any():
        raise SignalError(
            f"{where}: the bar is never at rest (moving SD always >= {rest_sd:g} m/s^2); "
            "velocity cannot be anchored - record a still bar before the set"
        )
    gravity = float(np.median(a[quiet]))
    if not 7.0 < gravity < 12.5:
        raise UnitError(
            f"{where}: the resting acceleration is {gravity:.3g} m/s^2, not about 9.81; "
            "check the unit (g vs m/s^2) and that the axis is vertical"
        )
    lin = a - gravity
    still = quiet & (np.abs(lin) < 0.5)
    vel = np.zeros_like(a)
    edges = np.diff(still.astype(np.int8), prepend=1, append=1)
    seg_starts = np.flatnonzero(edges == -1)
    seg_stops = np.flatnonzero(edges == 1)
    unreliable: list[tuple[float, float]] = []
    drifts: list[float] = []
    warnings: list[str] = []
    for s, e in zip(seg_starts.tolist(), seg_stops.tolist(), strict=True):
        v = np.cumsum(lin[s:e]) / fs
        ends_at_rest = e < a.shape[0]
        leftover = float(v[-1]) if ends_at_rest else float("nan")
        t0, t1 = s / fs + acceleration.t0, e / fs + acceleration.t0
        too_long = (e - s) / fs > max_seg
        if ends_at_rest and not too_long:
            v = v - leftover * (np.arange(1, e - s + 1) / (e - s))
            drifts.append(leftover)
        if not ends_at_rest or too_long or abs(leftover) > max_drift:
            if np.abs(v).max() > 0.05:  # only movements matter
                unreliable.append((t0, t1))
                why = (
                    "no rest after it"
                    if not ends_at_rest
                    else f"longer than {max_seg:g} s without rest"
                    if too_long
                    else f"{leftover:+.3f} m/s of drift at the next rest (> {max_drift:g})"
                )
                warnings.append(f"velocity unreliable {t0:.2f}-{t1:.2f} s: {why}")
        vel[s:e] = v
    method = {
        "gravity": "median of resting samples",
        "zupt": "velocity = 0 at rest",
        "drift": "linear removal of the velocity left at the next rest",
        "rest_window_s": rest_window_s,
        "rest_sd_m_s2": rest_sd,
        "max_drift_m_s": max_drift,
        "max_segment_s": max_seg,
    }
    out = TimeSeries(vel, fs, "m/s", ("velocity",), acceleration.t0)
    return ImuVelocity(
        out,
        gravity,
        int(seg_starts.size),
        tuple(unreliable),
        tuple(drifts),
        method,
        tuple(warnings),
    )
