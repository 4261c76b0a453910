"""Autoregulation: today's load from the athlete's load-velocity profile and readiness, rounded to
the plates at hand.

* :func:`autoreg_round_to_plates` - the nearest load a bar plus pairs of the given plates makes.
* :func:`autoreg_load_today` - the load for a prescribed %1RM or target velocity today: from the
  individual load-velocity profile when there is one (the "daily 1RM" of Jovanovic & Flanagan
  2014), else from the stored 1RM; then adjusted by readiness (green: as planned, yellow: -5 %,
  red: -10 % and velocity-loss cap at its lower bound), the adjustments practitioners use with
  velocity readiness (Jovanovic & Flanagan 2014; Weakley et al. 2021).
* :func:`autoreg_target_velocity` - a generic velocity for a %1RM and where it comes from: the
  cited bench-press table of Gonzalez-Badillo & Sanchez-Medina (2010) for the bench press, else a
  straight line from the exercise's minimal velocity threshold at 100 % with 0.014 m/s per %1RM
  (an assumption, labelled so; replace it by the athlete's own profile as soon as one exists).
  The free-weight back squat has no verified equation: the Sanchez-Medina et al. (2017) squat
  equation was derived on a Smith machine, whose 1RM moves at 0.32 m/s against 0.24 m/s for the
  free-weight back squat (Banyard et al. 2017), so it is not used for it.

References
----------
Jovanovic M, Flanagan EP (2014). Researched applications of velocity based strength training.
J Aust Strength Cond 22:58-69.
Weakley J et al. (2021). Velocity-based training: from theory to application. Strength Cond J
43:31-49.
Gonzalez-Badillo JJ, Sanchez-Medina L (2010). Movement velocity as a measure of loading intensity
in resistance training. Int J Sports Med 31:347-352.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from neurolift._results import Result
from neurolift._validation import check_choice, check_positive, check_range
from neurolift.errors import InvalidParameterError
from neurolift.training.exercises import exercise_get

__all__ = [
    "DEFAULT_PLATES_KG",
    "READINESS_LOAD_FACTOR",
    "LoadToday",
    "autoreg_round_to_plates",
    "autoreg_target_velocity",
    "autoreg_load_today",
]

DEFAULT_PLATES_KG: tuple[float, ...] = (25.0, 20.0, 15.0, 10.0, 5.0, 2.5, 1.25)
READINESS_LOAD_FACTOR: dict[str, float] = {"green": 1.0, "yellow": 0.95, "red": 0.90}
_GENERIC_SLOPE_M_S_PER_PCT = 0.014


def autoreg_round_to_plates(
    load_kg: float,
    *,
    bar_kg: float = 20.0,
    plates_kg: Sequence[float] = DEFAULT_PLATES_KG,
    max_per_side_kg: float = 300.0,
) -> float:
    """The nearest load (kg) that the bar plus symmetric pairs of ``plates_kg`` can make.

    Any number of each plate is assumed; ties go to the lighter load. Loads under the bar give
    the bar.

    Examples
    --------
    >>> autoreg_round_to_plates(101.3)
    102.5
    >>> autoreg_round_to_plates(101.3, plates_kg=(20, 10, 5))
    100.0
    >>> autoreg_round_to_plates(23.0, bar_kg=15, plates_kg=(5, 2))
    23.0
    """
    where = "autoreg_round_to_plates"
    load = check_positive("load_kg", load_kg, where=where)
    bar = check_positive("bar_kg", bar_kg, where=where, allow_zero=True)
    plates = sorted({check_positive("plate", p, where=where) for p in plates_kg})
    if not plates:
        raise InvalidParameterError(f"{where}: give at least one plate size")
    q = 0.05  # kg grid for the reachable-sum table
    units = [round(p / q) for p in plates]
    if any(abs(u * q - p) > 1e-9 for u, p in zip(units, plates, strict=True)):
        raise InvalidParameterError(
            f"{where}: plate sizes must be multiples of {q} kg, got {plates}"
        )
    per_side = max(0.0, (load - bar) / 2.0)
    limit = int(min(max_per_side_kg, per_side + plates[-1]) / q) + 1
    reach = np.zeros(limit + 1, dtype=bool)
    reach[0] = True
    for u in units:
        for s in range(u, limit + 1):
            if reach[s - u]:
                reach[s] = True
    sums = np.flatnonzero(reach) * q
    best = sums[np.argmin(np.abs(sums - per_side) + 1e-9 * sums)]
    return float(round(bar + 2.0 * best, 3))


def autoreg_target_velocity(exercise: str, percent_1rm: float) -> tuple[float, str]:
    """Generic velocity (m/s) at ``percent_1rm`` and where it comes from.

    The source text starts with ``"cited:"`` when the value comes from a published table or
    equation of that exercise, and with ``"assumption:"`` otherwise.

    Examples
    --------
    >>> v, src = autoreg_target_velocity("bench_press", 80)
    >>> round(v, 3), src.split()[:2]
    (0.475, ['cited:', 'Gonzalez-Badillo'])
    >>> v, src = autoreg_target_velocity("back_squat", 85)   # MVT 0.24 m/s (Banyard 2017)
    >>> round(v, 2), src.split()[0]
    (0.45, 'assumption:')
    """
    where = "autoreg_target_velocity"
    ex = exercise_get(exercise)
    pct = check_range("percent_1rm", percent_1rm, 30.0, 100.0, where=where)
    if ex.key == "bench_press":
        from neurolift.training.loadvelocity import BENCH_PRESS_MPV_TABLE

        xs = np.array(sorted(BENCH_PRESS_MPV_TABLE))
        ys = np.array([BENCH_PRESS_MPV_TABLE[int(x)] for x in xs])
        return float(np.interp(pct, xs, ys)), (
            "cited: Gonzalez-Badillo & Sanchez-Medina 2010 bench-press MPV table"
        )
    if ex.mvt_m_s is None:
        raise InvalidParameterError(
            f"{where}: {ex.key} has no minimal velocity threshold; prescribe %1RM or RIR instead"
        )
    v = ex.mvt_m_s + _GENERIC_SLOPE_M_S_PER_PCT * (100.0 - pct)
    return float(v), (
        f"assumption: generic line (MVT {ex.mvt_m_s} m/s, 0.014 m/s per %1RM); "
        f"no verified {ex.key} equation"
    )


@dataclass(frozen=True)
class LoadToday(Result):
    """Today's working load (kg) and how it was derived."""

    exercise: str
    planned_percent_1rm: float | None
    target_velocity_m_s: float | None
    readiness_status: str
    one_rm_kg: float
    one_rm_source: str
    load_raw_kg: float
    load_kg: float
    velocity_loss_cap_pct: float | None
    method: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


def autoreg_load_today(
    exercise: str,
    *,
    percent_1rm: float | None = None,
    target_velocity_m_s: float | None = None,
    one_rm_kg: float | None = None,
    profile: Any = None,
    readiness_status: str = "green",
    velocity_loss_cap_pct: float | None = None,
    bar_kg: float = 20.0,
    plates_kg: Sequence[float] = DEFAULT_PLATES_KG,
) -> LoadToday:
    """Today's load for a %1RM or a target velocity, adjusted for readiness and rounded to plates.

    Parameters
    ----------
    percent_1rm : float, optional
        Planned intensity, % of 1RM (30-100).
    target_velocity_m_s : float, optional
        Planned mean concentric velocity, m/s (needs ``profile``).
    one_rm_kg : float, optional
        Stored 1RM, kg (used when no profile is given).
    profile : LoadVelocityProfile, optional
        The athlete's individual load-velocity profile (``lv_profile_fit``); its e1RM is today's
        1RM when it was fitted from today's warm-ups.
    readiness_status : {"green", "yellow", "red"}
        Combined readiness; yellow takes 5 % off, red 10 % and tightens the velocity-loss cap.

    Examples
    --------
    >>> autoreg_load_today("back_squat", percent_1rm=85, one_rm_kg=140).load_kg
    120.0
    >>> autoreg_load_today("back_squat", percent_1rm=85, one_rm_kg=140,
    ...                    readiness_status="red", velocity_loss_cap_pct=20).velocity_loss_cap_pct
    10.0
    """
    where = "autoreg_load_today"
    ex = exercise_get(exercise)
    status = check_choice(
        "readiness_status", readiness_status, tuple(READINESS_LOAD_FACTOR), where=where
    )
    warnings: list[str] = []
    if (percent_1rm is None) == (target_velocity_m_s is None):
        raise InvalidParameterError(
            f"{where}: give exactly one of percent_1rm or target_velocity_m_s"
        )
    if profile is not None:
        if target_velocity_m_s is not None:
            from neurolift.training.loadvelocity import lv_load_for_velocity

            raw = lv_load_for_velocity(profile, target_velocity_m_s)
            orm = float(profile.e1rm_kg) if profile.e1rm_kg is not None else float("nan")
            src = "load-velocity profile (load for the target velocity)"
        else:
            if profile.e1rm_kg is None:
                raise InvalidParameterError(
                    f"{where}: the profile has no e1RM; refit it with an MVT"
                )
            orm = float(profile.e1rm_kg)
            raw = orm * check_range("percent_1rm", percent_1rm, 30.0, 100.0, where=where) / 100.0
            src = "load-velocity profile e1RM"
    else:
        if target_velocity_m_s is not None:
            raise InvalidParameterError(
                f"{where}: a target velocity needs the athlete's load-velocity profile"
            )
        if one_rm_kg is None:
            raise InvalidParameterError(f"{where}: give one_rm_kg or a load-velocity profile")
        orm = check_positive("one_rm_kg", one_rm_kg, where=where)
        raw = orm * check_range("percent_1rm", percent_1rm, 30.0, 100.0, where=where) / 100.0
        src = "stored 1RM"
    factor = READINESS_LOAD_FACTOR[status]
    adjusted = raw * factor
    cap = velocity_loss_cap_pct
    if cap is not None:
        cap = check_range("velocity_loss_cap_pct", cap, 5.0, 50.0, where=where)
        if status == "red":
            cap = 10.0 if cap <= 20.0 else 20.0
    if status != "green":
        warnings.append(f"readiness {status}: load x {factor:g}")
    load = autoreg_round_to_plates(adjusted, bar_kg=bar_kg, plates_kg=plates_kg)
    return LoadToday(
        exercise=ex.key,
        planned_percent_1rm=percent_1rm,
        target_velocity_m_s=target_velocity_m_s,
        readiness_status=status,
        one_rm_kg=orm,
        one_rm_source=src,
        load_raw_kg=float(raw),
        load_kg=load,
        velocity_loss_cap_pct=cap,
        method={"readiness_load_factor": factor, "bar_kg": bar_kg, "plates_kg": list(plates_kg)},
        warnings=tuple(warnings),
    )
