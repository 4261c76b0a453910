"""From a bar signal to smoothed kinematics: position in metres, the regions where the bar moves,
and zero-lag low-pass position, velocity and acceleration."""

from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np
from scipy.signal import butter, lfilter, lfilter_zi, sosfilt, sosfilt_zi

from neurolift._validation import check_finite_signal
from neurolift.errors import InvalidParameterError, SignalError, SignalTooShortError, UnitError
from neurolift.signals.velocity.settings import ACTIVE_SPEED_M_S, BLOCK_S
from neurolift.timeseries import TimeSeries

# Helpers shared inside signals.velocity (check_bar_travel) are not public API;
# the public names follow docs/naming.md.
__all__ = [
    "MAX_BAR_SPEED_M_S",
    "MAX_BAR_TRAVEL_M",
    "velocity_active_regions",
    "velocity_bar_position",
    "velocity_kinematics",
]


#: No barbell lift moves the bar further than this (floor to overhead is about 2 m; a linear
#: position transducer's string is about 3 m long), m.
MAX_BAR_TRAVEL_M = 3.0
#: Faster than any barbell (ballistic throws peak near 4 m/s), m/s.
MAX_BAR_SPEED_M_S = 10.0
_TO_METRES = {"m": 1.0, "cm": 0.01, "mm": 0.001}
_LENGTH_NAMES = {"mm": "millimetres", "cm": "centimetres"}


def velocity_bar_position(
    signal: TimeSeries, *, where: str = "velocity_bar_position"
) -> np.ndarray:
    """Bar position in metres (up positive) from a one-channel position or velocity signal.

    Position in ``"m"``, ``"cm"`` or ``"mm"`` is converted to metres; velocity in ``"m/s"`` is
    integrated (cumulative sum / sampling rate). The result must be a plausible bar path: a
    travel above :data:`MAX_BAR_TRAVEL_M` (3 m) or a velocity above :data:`MAX_BAR_SPEED_M_S`
    (10 m/s) is refused, with the unit the numbers look like (position in mm read as m gives a
    550 m squat). ``where`` names the caller in error messages.

    Raises
    ------
    InvalidParameterError
        More than one channel.
    SignalError
        NaN, infinite or absurdly large samples.
    UnitError
        Any other unit, or values that look like another unit.

    Examples
    --------
    >>> velocity_bar_position(TimeSeries(np.array([0.0, 25.0, 50.0]), 100, "cm")).tolist()
    [0.0, 0.25, 0.5]
    >>> velocity_bar_position(TimeSeries(np.array([0.0, 250.0, 500.0]), 100, "m"))
    Traceback (most recent call last):
    ...
    neurolift.errors.UnitError: velocity_bar_position: the bar travels 500 m, more than any lift can (3 m): the position looks like millimetres (500 mm = 0.5 m); convert it to metres or declare the unit (--position-unit mm, position_unit='mm')
    """
    if signal.n_channels != 1:
        raise InvalidParameterError(
            f"{where}: expected one position or velocity channel, got {signal.n_channels} "
            f"({', '.join(signal.channels)}); select one with TimeSeries.channel()"
        )
    values = signal.values.reshape(-1)
    check_finite_signal(values, where=where, name="bar signal")
    unit = signal.unit.replace(" ", "")
    if unit in ("m/s", "m_s", "m*s^-1"):
        peak = float(np.abs(values).max())
        if peak > MAX_BAR_SPEED_M_S:
            hint = (
                f"the velocity looks like mm/s ({peak:.4g} mm/s = {peak / 1000:.3g} m/s); "
                "convert it to m/s"
                if peak / 1000 <= MAX_BAR_SPEED_M_S
                else "this is not a bar velocity in m/s; check the file's columns and units"
            )
            raise UnitError(
                f"{where}: bar velocity reaches {peak:.4g} m/s, faster than any lift "
                f"({MAX_BAR_SPEED_M_S:g} m/s): {hint}"
            )
        return np.cumsum(values) / signal.sampling_rate
    if unit not in _TO_METRES:
        raise UnitError(
            f"{where}: bar signal unit {signal.unit!r} is not supported; give position in m, cm "
            "or mm, or velocity in m/s (integrate acceleration first with "
            "velocity_from_acceleration)"
        )
    position = values * _TO_METRES[unit] if unit != "m" else values
    check_bar_travel(position, signal.unit, where)
    return position


def check_bar_travel(position_m: np.ndarray, unit: str, where: str) -> None:
    """Refuse a position trace (m, read from ``unit``) that no barbell can make: a travel above
    :data:`MAX_BAR_TRAVEL_M` is almost always a unit mistake, and the message says which."""
    hi, lo = float(position_m.max()), float(position_m.min())
    if max(abs(hi), abs(lo)) > 1e6:  # checked first: hi - lo could overflow
        raise SignalError(
            f"{where}: bar position reaches {hi if abs(hi) > abs(lo) else lo:.3g} m: not a bar "
            "position; check the file for a corrupt value"
        )
    travel = hi - lo
    if travel <= MAX_BAR_TRAVEL_M:
        return
    # the unit that makes the travel most like a lift's (about 0.5 m: a 300 mm bench press is
    # not a 3 m lift in cm, a 55 cm squat not a 55 mm one)
    fits = [u for u in ("mm", "cm") if travel * _TO_METRES[u] <= MAX_BAR_TRAVEL_M]
    looks = min(fits, key=lambda u: abs(math.log(travel * _TO_METRES[u] / 0.5)), default=None)
    if looks is None or unit != "m":
        raise UnitError(
            f"{where}: the bar travels {travel:.4g} m, more than any lift can "
            f"({MAX_BAR_TRAVEL_M:g} m): not a bar position in {unit}; check the file's "
            "columns and units"
        )
    raise UnitError(
        f"{where}: the bar travels {travel:.4g} m, more than any lift can "
        f"({MAX_BAR_TRAVEL_M:g} m): the position looks like {_LENGTH_NAMES[looks]} "
        f"({travel:.4g} {looks} = {travel * _TO_METRES[looks]:.3g} m); convert it to metres or "
        f"declare the unit (--position-unit {looks}, position_unit='{looks}')"
    )


def velocity_active_regions(
    position_m: np.ndarray, *, sampling_rate: float, pad_s: float = 1.0
) -> list[tuple[int, int]]:
    """Sample ranges ``[start, stop)`` where the bar moves, padded by ``pad_s`` of rest.

    A 0.1 s block is active when the bar travels more than 5 mm across it (5 cm/s). Blocks are
    aligned to absolute sample indices so the streaming detector finds the same regions.

    Examples
    --------
    >>> pos = np.zeros(5000); pos[2000:2500] = np.linspace(0, 0.5, 500); pos[2500:] = 0.5
    >>> velocity_active_regions(pos, sampling_rate=1000, pad_s=1.0)
    [(1000, 3501)]
    """
    n = position_m.shape[0]
    block = max(1, int(round(BLOCK_S * sampling_rate)))
    coarse = position_m[::block]
    if n - 1 > (coarse.shape[0] - 1) * block:  # include the last sample as a block edge
        coarse = np.append(coarse, position_m[-1])
    moving = np.abs(np.diff(coarse)) > ACTIVE_SPEED_M_S * block / sampling_rate
    if not moving.any():
        return []
    edges = np.diff(moving.astype(np.int8), prepend=0, append=0)
    starts = np.flatnonzero(edges == 1)
    stops = np.flatnonzero(edges == -1)
    pad = int(round(pad_s * sampling_rate))
    regions: list[tuple[int, int]] = []
    for b0, b1 in zip(starts.tolist(), stops.tolist(), strict=True):
        s = max(0, b0 * block - pad)
        e = min(n, b1 * block + pad + 1)
        if regions and s <= regions[-1][1]:
            regions[-1] = (regions[-1][0], max(regions[-1][1], e))
        else:
            regions.append((s, e))
    return regions


@functools.lru_cache(maxsize=32)
def _butter_design(lowpass_hz: float, sampling_rate: float) -> tuple[Any, ...]:
    """Design once per (cut-off, rate), with the step-response initial state.

    Transfer-function (b, a) form when the normalised cut-off is >= 0.02 (``lfilter`` has less
    per-call overhead than ``sosfilt``, and a 4th-order section is well conditioned there);
    second-order sections below that.
    """
    wn = lowpass_hz / (0.5 * sampling_rate)
    if wn >= 0.02:
        b, a = butter(4, wn)
        return ("ba", b, a, lfilter_zi(b, a))
    sos = butter(4, wn, output="sos")
    return ("sos", sos, None, sosfilt_zi(sos))


def _filtfilt(x: np.ndarray, lowpass_hz: float, sampling_rate: float, padlen: int) -> np.ndarray:
    """Zero-lag filtering as ``scipy.signal.filtfilt`` / ``sosfiltfilt`` (odd padding, steady
    initial state) with the design and initial state cached, which matters when many short
    regions are filtered."""
    kind, b, a, zi = _butter_design(lowpass_hz, sampling_rate)
    ext = np.concatenate((2 * x[0] - x[padlen:0:-1], x, 2 * x[-1] - x[-2 : -(padlen + 2) : -1]))
    if kind == "ba":
        y, _ = lfilter(b, a, ext, zi=zi * ext[0])
        y = y[::-1]
        y, _ = lfilter(b, a, y, zi=zi * y[0])
    else:
        y, _ = sosfilt(b, ext, zi=zi * ext[0])
        y = y[::-1]
        y, _ = sosfilt(b, y, zi=zi * y[0])
    return y[::-1][padlen:-padlen]


def velocity_kinematics(
    position_m: np.ndarray, *, sampling_rate: float, lowpass_hz: float = 10.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Smoothed position (m), velocity (m/s) and acceleration (m/s^2) of a bar trace.

    4th-order Butterworth low-pass run forwards and backwards (no lag) on position, then central
    differences.

    Examples
    --------
    >>> t = np.arange(0, 2, 0.001); pos = 0.25 * (1 - np.cos(np.pi * t))
    >>> p, v, a = velocity_kinematics(pos, sampling_rate=1000)
    >>> round(float(v[500]), 3), round(float(np.pi * 0.25), 3)
    (0.785, 0.785)
    """
    n = position_m.shape[0]
    padlen = 15  # scipy's default for 2 second-order sections: 3 * (2 * 2 + 1)
    if n <= padlen + 2:
        raise SignalTooShortError(
            f"velocity_kinematics: {n} samples are too few to filter (need > {padlen + 2})"
        )
    pos = _filtfilt(
        np.asarray(position_m, dtype=np.float64), float(lowpass_hz), float(sampling_rate), padlen
    )
    vel = np.empty_like(pos)
    vel[1:-1] = pos[2:] - pos[:-2]
    vel[1:-1] *= 0.5 * sampling_rate
    vel[0] = (pos[1] - pos[0]) * sampling_rate
    vel[-1] = (pos[-1] - pos[-2]) * sampling_rate
    acc = np.empty_like(vel)
    acc[1:-1] = vel[2:] - vel[:-2]
    acc[1:-1] *= 0.5 * sampling_rate
    acc[0] = (vel[1] - vel[0]) * sampling_rate
    acc[-1] = (vel[-1] - vel[-2]) * sampling_rate
    return pos, vel, acc
