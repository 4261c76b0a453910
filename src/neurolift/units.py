"""Units: SI inside, conversion only at the edges.

Constants and conversions used across domains, and plausibility checks that catch a file in
the wrong unit (kN or kg where newtons were expected) before it produces a wrong number.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from neurolift.errors import UnitError

__all__ = [
    "VOLT_FACTORS",
    "to_volts",
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


def to_volts(values: Any, unit: str, *, where: str = "to_volts") -> np.ndarray:
    """Scale EMG values from ``unit`` (V, mV, uV, nV) to volts.

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
    return np.asarray(values, dtype=np.float64) * factor


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
