"""Units: SI inside, conversion only at the edges.

Constants and conversions used across domains, and plausibility checks that catch a file in
the wrong unit (kN or kg where newtons were expected) before it produces a wrong number.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from neurolift.errors import UnitError

__all__ = [
    "VOLT_FACTORS",
    "to_volts",
    "EMG_MAX_V",
    "emg_amplitude_problem",
    "volt_factor",
    "STANDARD_GRAVITY_M_S2",
    "LB_TO_KG",
    "lb_to_kg",
    "kg_to_lb",
    "kn_to_n",
    "g_to_m_s2",
    "body_weight_problem",
    "check_body_weight_n",
    "BODY_WEIGHT_MIN_N",
    "BODY_WEIGHT_MAX_N",
]

#: Standard acceleration of gravity (CGPM 1901), m/s^2.
STANDARD_GRAVITY_M_S2 = 9.80665
#: International avoirdupois pound, kg (exact by definition, 1959).
LB_TO_KG = 0.45359237

#: Plausible range of a standing human's weight on a force plate, N. Below it the file is
#: probably in kN or kg-force; above it probably in another unit or not a body weight at all.
BODY_WEIGHT_MIN_N = 150.0
BODY_WEIGHT_MAX_N = 4000.0

#: Upper bound of an EMG amplitude in volts (see :func:`emg_amplitude_problem`).
EMG_MAX_V = 0.05

#: Voltage units (lower case, micro as ``u``) -> factor to volts.
VOLT_FACTORS: dict[str, float] = {"v": 1.0, "mv": 1e-3, "uv": 1e-6, "nv": 1e-9}


def volt_factor(unit: str) -> float | None:
    """Factor from ``unit`` to volts (V, mV, uV/µV, nV; any case), or ``None`` if not a voltage.

    Examples
    --------
    >>> volt_factor("µV"), volt_factor(" mV "), volt_factor("N")
    (1e-06, 0.001, None)
    """
    key = str(unit).strip().lower().replace(" ", "").replace("µ", "u").replace("μ", "u")
    return VOLT_FACTORS.get(key)


def to_volts(
    values: Any, unit: str, *, where: str = "to_volts", channels: Sequence[str] | None = None
) -> np.ndarray:
    """Scale EMG values from ``unit`` (V, mV, uV, nV) to volts; values too large to be EMG in
    that unit (:func:`emg_amplitude_problem`) raise :class:`UnitError`. ``channels`` names the
    columns of a 2-D ``values`` (samples x channels) so the error names the channel at fault.

    Examples
    --------
    >>> to_volts(np.array([1500.0]), "uV").tolist()
    [0.0015]
    """
    factor = volt_factor(unit)
    if factor is None:
        raise UnitError(
            f"{where}: EMG unit {unit!r} is not a voltage; expected one of V, mV, uV, nV "
            "(give unit= explicitly)"
        )
    volts = np.asarray(values, dtype=np.float64) * factor
    problem = emg_amplitude_problem(volts, unit=unit, where=where, channels=channels)
    if problem is not None:
        raise UnitError(problem)
    return volts


def emg_amplitude_problem(
    volts: Any, *, unit: str, where: str, channels: Sequence[str] | None = None
) -> str | None:
    """Why EMG values (already scaled to V from ``unit``) cannot be EMG in that unit, or None.

    EMG picked up at the skin or in the muscle is a few millivolts at most; the bound here,
    :data:`EMG_MAX_V`, is several times that (an assumption, not a published figure), taken
    on the 99.9th percentile of the values around their median (an offset or one spike does
    not count), channel by channel for a 2-D array (samples x channels; ``channels`` names
    them). Above it the values are in a smaller unit than labelled (uV labelled mV, mV
    labelled V), are an amplifier's output before dividing by its gain, or are not EMG (a
    force column read as an EMG channel).

    Examples
    --------
    >>> emg_amplitude_problem(np.array([0.0, 0.0015, -0.0012]), unit="V", where="demo") is None
    True
    >>> print(emg_amplitude_problem(np.array([0.0, 1.5, -1.2]), unit="mV",
    ...                             where="demo"))  # doctest: +ELLIPSIS
    demo: EMG peaks of 1.5 V are beyond any EMG (< 0.05 V); the values look like uV labelled mV...
    """
    v = np.asarray(volts, dtype=np.float64)
    cols = v.reshape(v.shape[0], -1) if v.ndim > 1 else v.reshape(-1, 1)
    peaks = []
    for j in range(cols.shape[1]):
        c = cols[:, j][np.isfinite(cols[:, j])]
        peaks.append(float(np.percentile(np.abs(c - np.median(c)), 99.9)) if c.size else 0.0)
    if not peaks or max(peaks) <= EMG_MAX_V:
        return None
    worst = int(np.argmax(peaks))
    peak = peaks[worst]
    label = volt_factor(unit) or 1.0
    raw_peak = peak / label  # in the file's own numbers
    likely = next(
        (
            u
            for u in ("mV", "uV")
            if VOLT_FACTORS[u.lower()] < label and raw_peak * VOLT_FACTORS[u.lower()] <= EMG_MAX_V
        ),
        None,
    )
    hint = (
        f"the values look like {likely} labelled {unit} - give the unit as {likely!r}"
        if likely
        else "check the unit"
    )
    named = (
        f" channel {channels[worst]!r}" if channels is not None and worst < len(channels) else ""
    )
    return (
        f"{where}:{named} EMG peaks of {peak:.3g} V are beyond any EMG (< {EMG_MAX_V:g} V); "
        f"{hint}, or divide an amplifier's output by its gain (or, if it is not an EMG "
        "channel, leave it out)"
    )


def lb_to_kg(pounds: float) -> float:
    """Convert pounds to kilograms.

    Examples
    --------
    >>> round(lb_to_kg(225), 3)
    102.058
    """
    return float(pounds) * LB_TO_KG


def kg_to_lb(kilograms: float) -> float:
    """Convert kilograms to pounds.

    Examples
    --------
    >>> round(kg_to_lb(100), 2)
    220.46
    """
    return float(kilograms) / LB_TO_KG


def kn_to_n(kilonewtons: float) -> float:
    """Convert kilonewtons to newtons."""
    return float(kilonewtons) * 1000.0


def g_to_m_s2(value_g: float) -> float:
    """Convert an acceleration in multiples of g to m/s^2."""
    return float(value_g) * STANDARD_GRAVITY_M_S2


def body_weight_problem(body_weight_n: float, *, where: str) -> str | None:
    """The reason a body weight cannot be a force in newtons, or ``None`` when it can.

    Examples
    --------
    >>> body_weight_problem(750.0, where="demo") is None
    True
    """
    if body_weight_n < BODY_WEIGHT_MIN_N:
        return (
            f"{where}: body weight {body_weight_n:.4g} N is below {BODY_WEIGHT_MIN_N:.0f} N; "
            "the file looks like it is in kN (multiply by 1000) or kg (multiply by 9.81) - "
            "neurolift expects newtons"
        )
    if body_weight_n > BODY_WEIGHT_MAX_N:
        return (
            f"{where}: body weight {body_weight_n:.4g} N is above {BODY_WEIGHT_MAX_N:.0f} N; "
            "check the unit (neurolift expects newtons) or the plate calibration"
        )
    return None


def check_body_weight_n(body_weight_n: float, *, where: str) -> None:
    """Raise :class:`UnitError` when a body weight is outside what a force in N can be.

    Examples
    --------
    >>> check_body_weight_n(750.0, where="demo")
    >>> check_body_weight_n(0.75, where="demo")
    Traceback (most recent call last):
    ...
    neurolift.errors.UnitError: demo: body weight 0.75 N is below 150 N; the file looks like it is in kN (multiply by 1000) or kg (multiply by 9.81) - neurolift expects newtons
    """
    problem = body_weight_problem(body_weight_n, where=where)
    if problem is not None:
        raise UnitError(problem)
