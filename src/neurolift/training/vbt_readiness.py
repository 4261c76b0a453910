"""VBT readiness: today's bar velocity at a reference load against the athlete's rolling baseline.

Each session contributes the best mean velocity of the sets lifted at the reference load (within
``load_tolerance_kg``). Without a reference load the "1 m/s load" is used: of the loads lifted in
the latest session, the one whose median velocity over all sessions is closest to 1.0 m/s.
Loss of velocity against the 1 m/s load tracks fatigue (it correlates r = 0.91-0.97 with set
velocity loss and CMJ loss, Sanchez-Medina & Gonzalez-Badillo 2011). The comparison itself is
:func:`neurolift.training.monitoring.monitor_assess` (z-score, SWC, typical error, status).

References
----------
Sanchez-Medina L, Gonzalez-Badillo JJ (2011). Velocity loss as an indicator of neuromuscular
fatigue during resistance training. Med Sci Sports Exerc 43:1725-1734.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from neurolift._results import Result
from neurolift._validation import check_positive
from neurolift.errors import InvalidParameterError, SignalError
from neurolift.training.monitoring import monitor_assess

__all__ = ["VelocityPoint", "VbtReadiness", "vbt_readiness", "vbt_reference_load"]


@dataclass(frozen=True)
class VelocityPoint:
    """One set: when, how heavy (kg) and its best mean velocity (m/s)."""

    performed_at: dt.datetime
    load_kg: float
    velocity_m_s: float


def vbt_reference_load(
    points: Sequence[VelocityPoint | tuple[dt.datetime, float, float]],
    *,
    load_tolerance_kg: float = 2.5,
) -> float:
    """The "1 m/s load": of the loads lifted in the latest session, the one whose median
    velocity over all sessions (sets within ``load_tolerance_kg``) is closest to 1.0 m/s.

    The one rule for the reference load of velocity readiness, in :func:`vbt_readiness` and in
    the store's daily readiness series (Sanchez-Medina & Gonzalez-Badillo 2011).

    Examples
    --------
    >>> day = lambda d: dt.datetime(2026, 1, d, tzinfo=dt.UTC)
    >>> vbt_reference_load([(day(1), 60, 1.05), (day(1), 100, 0.55), (day(3), 60, 0.98),
    ...                     (day(3), 80, 0.80), (day(3), 100, 0.52)])
    60.0
    """
    pts = [p if isinstance(p, VelocityPoint) else VelocityPoint(*p) for p in points]
    if not pts:
        raise SignalError("vbt_reference_load: no sets with a load and a velocity")
    tol = check_positive("load_tolerance_kg", load_tolerance_kg, where="vbt_reference_load")
    latest = max(q.performed_at.date() for q in pts)
    loads_today = sorted({q.load_kg for q in pts if q.performed_at.date() == latest})
    loads = np.array([q.load_kg for q in pts], dtype=float)
    velocities = np.array([q.velocity_m_s for q in pts], dtype=float)

    def median_v(load: float) -> float:
        return float(np.median(velocities[np.abs(loads - load) <= tol]))

    return float(min(loads_today, key=lambda ld: abs(median_v(ld) - 1.0)))


@dataclass(frozen=True)
class VbtReadiness(Result):
    """Readiness from bar velocity at a reference load (units in the field names)."""

    exercise: str | None
    reference_load_kg: float
    session_date: str
    velocity_m_s: float
    n_baseline: int
    baseline_mean_m_s: float
    baseline_sd_m_s: float
    z_score: float | None
    change_m_s: float
    change_pct: float | None
    swc_m_s: float
    swc_basis: str
    typical_error_m_s: float | None
    smallest_real_change_m_s: float | None
    change_kg: float | None
    meaningful: bool
    status: str
    baseline_dates: tuple[str, ...]
    method: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


def vbt_readiness(
    points: Sequence[VelocityPoint | tuple[dt.datetime, float, float]],
    *,
    exercise: str | None = None,
    reference_load_kg: float | None = None,
    load_tolerance_kg: float = 2.5,
    window: int = 7,
    min_n: int = 3,
    swc_m_s: float | None = None,
    typical_error_m_s: float | None = None,
    slope_m_s_per_kg: float | None = None,
    between_athlete_sd_m_s: float | None = None,
) -> VbtReadiness:
    """Assess the latest session's velocity at a reference load against earlier sessions.

    Parameters
    ----------
    points : sequence of VelocityPoint or (performed_at, load_kg, velocity_m_s)
        Sets of one athlete and exercise, any order; sessions are calendar days.
    reference_load_kg : float, optional
        Load to compare at; default the ~1 m/s load (see module text).
    load_tolerance_kg : float
        Sets within this many kg of the reference count as the reference load.
    window, min_n : int
        Baseline sessions used / required.
    swc_m_s, typical_error_m_s : float, optional
        Smallest worthwhile change and measurement noise, m/s (e.g. the device's SDC); defaults
        as in :func:`~neurolift.training.monitoring.monitor_assess`.
    slope_m_s_per_kg : float, optional
        Load-velocity slope; converts the velocity change into kg.
    between_athlete_sd_m_s : float, optional
        The squad's between-athlete SD of velocity at this load; the SWC is then Hopkins'
        0.2 x that SD. Without it (one athlete) the SWC falls back to 0.2 x the athlete's own
        baseline SD and ``swc_basis`` says ``individual_fallback``.

    Examples
    --------
    >>> day = lambda d: dt.datetime(2026, 1, d, 18, 0, tzinfo=dt.UTC)
    >>> pts = [(day(d), 60.0, v) for d, v in [(1, 1.00), (3, 0.98), (5, 1.02), (8, 1.01), (10, 0.99)]]
    >>> pts.append((day(12), 60.0, 0.93))
    >>> r = vbt_readiness(pts, slope_m_s_per_kg=-0.0134)
    >>> r.reference_load_kg, r.status, round(r.change_m_s, 3), round(r.change_kg, 1)
    (60.0, 'red', -0.07, -5.2)
    """
    where = "vbt_readiness"
    pts: list[VelocityPoint] = []
    for p in points:
        q = p if isinstance(p, VelocityPoint) else VelocityPoint(*p)
        if q.load_kg is None or q.velocity_m_s is None:
            continue
        if (
            not (np.isfinite(q.load_kg) and np.isfinite(q.velocity_m_s))
            or q.load_kg <= 0
            or q.velocity_m_s <= 0
        ):
            raise InvalidParameterError(
                f"{where}: load and velocity must be positive numbers, got {q}"
            )
        pts.append(q)
    if not pts:
        raise SignalError(f"{where}: no sets with a load and a velocity")
    tol = check_positive("load_tolerance_kg", load_tolerance_kg, where=where)
    sessions: dict[dt.date, list[VelocityPoint]] = {}
    for q in sorted(pts, key=lambda q: q.performed_at):
        sessions.setdefault(q.performed_at.date(), []).append(q)
    dates = sorted(sessions)
    today = dates[-1]
    warnings: list[str] = []
    if reference_load_kg is None:
        reference = vbt_reference_load(pts, load_tolerance_kg=tol)
        how = (
            "the ~1 m/s load (load of the latest session whose median velocity is closest to 1 m/s)"
        )
    else:
        reference = check_positive("reference_load_kg", reference_load_kg, where=where)
        how = "given"

    def at_ref(day: dt.date) -> float | None:
        vals = [q.velocity_m_s for q in sessions[day] if abs(q.load_kg - reference) <= tol]
        return max(vals) if vals else None

    v_today = at_ref(today)
    if v_today is None:
        raise SignalError(
            f"{where}: the latest session ({today}) has no set within {tol:g} kg of "
            f"{reference:g} kg; lift the reference load or pass reference_load_kg"
        )
    hist = [(d, at_ref(d)) for d in dates[:-1]]
    hist_ok = [(d, v) for d, v in hist if v is not None]
    if len(hist_ok) < len(hist):
        warnings.append(
            f"{len(hist) - len(hist_ok)} earlier session(s) without the reference load skipped"
        )
    if len(hist_ok) < min_n:
        raise SignalError(
            f"{where}: {len(hist_ok)} earlier session(s) at {reference:g} kg; need at "
            f"least {min_n} for a baseline"
        )
    res = monitor_assess(
        v_today,
        [v for _, v in hist_ok],
        window=window,
        min_n=min_n,
        swc=swc_m_s,
        between_athlete_sd=between_athlete_sd_m_s,
        typical_error=typical_error_m_s,
        higher_is_better=True,
    )
    change_kg = None
    if slope_m_s_per_kg is not None:
        if not slope_m_s_per_kg < 0:
            raise InvalidParameterError(
                f"{where}: slope_m_s_per_kg must be negative, got {slope_m_s_per_kg!r}"
            )
        change_kg = res.change / -slope_m_s_per_kg
    used = [d.isoformat() for d, _ in hist_ok][-int(window) :]
    return VbtReadiness(
        exercise=exercise,
        reference_load_kg=float(reference),
        session_date=today.isoformat(),
        velocity_m_s=v_today,
        n_baseline=res.n_baseline,
        baseline_mean_m_s=res.baseline_mean,
        baseline_sd_m_s=res.baseline_sd,
        z_score=res.z_score,
        change_m_s=res.change,
        change_pct=res.change_pct,
        swc_m_s=res.swc,
        swc_basis=res.swc_basis,
        typical_error_m_s=res.typical_error,
        smallest_real_change_m_s=res.smallest_real_change,
        change_kg=change_kg,
        meaningful=res.meaningful,
        status=res.status,
        baseline_dates=tuple(used),
        method={
            **res.method,
            "reference_load": how,
            "load_tolerance_kg": tol,
            "session_velocity": "best mean velocity of the sets at the reference load",
        },
        warnings=tuple(warnings) + res.warnings,
    )
