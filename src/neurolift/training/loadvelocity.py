"""Load-velocity profiles: individual linear fits, e1RM at a minimal velocity threshold, loads for a target.

An individual load-velocity profile is the straight line ``v = v0 + slope * load`` through the
best (fastest) rep of each set of an incremental test or warm-up ramp. Extrapolated to zero
velocity it gives the load at zero velocity (LD0, Jidovtseff et al. 2011); solved for the
exercise's minimal velocity threshold (MVT, the mean velocity of a 1RM) it gives the estimated
1RM with an inverse-prediction interval (the loads whose prediction band contains the MVT,
Draper & Smith, *Applied Regression Analysis*, 3rd ed., sec. 3.2, delta-method form).

Methods: ``multi_point`` (least squares through every point; Janicijevic et al. found linear
beats polynomial), ``two_point`` (the line through the mean velocity at the lightest and the
heaviest load, Garcia-Ramos et al. 2018: not different from multi-point for bench press).

References
----------
Gonzalez-Badillo JJ, Sanchez-Medina L (2010). Movement velocity as a measure of loading
intensity in resistance training. Int J Sports Med 31:347-352. doi:10.1055/s-0030-1248333.
Banyard HG, Nosaka K, Haff GG (2017). Reliability and validity of the load-velocity relationship
to predict the 1RM back squat. J Strength Cond Res 31:1897-1904.
Garcia-Ramos A et al. (2018). Feasibility of the 2-point method for determining the 1-repetition
maximum in the bench press exercise. Int J Sports Physiol Perform 13:474-481.
Jidovtseff B et al. (2011). Using the load-velocity relationship for 1RM prediction.
J Strength Cond Res 25:267-270.
Sanchez-Medina L et al. (2017). Estimation of relative load from bar velocity in the full back
squat exercise. Sports Med Int Open 1:E80-E88. doi:10.1055/s-0043-102933.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from scipy import stats

from neurolift._results import Result
from neurolift._validation import check_choice, check_range
from neurolift.errors import InvalidParameterError, SignalError
from neurolift.signals.velocity.profiles import velocity_exercise_profile

__all__ = [
    "LoadVelocityProfile",
    "lv_profile_fit",
    "lv_best_per_load",
    "lv_load_for_velocity",
    "lv_velocity_for_load",
    "lv_load_for_percent_1rm",
    "lv_generic_percent_1rm",
    "lv_generic_e1rm",
    "lv_group_equation",
    "GroupEquation",
    "GROUP_EQUATIONS",
    "BENCH_PRESS_MPV_TABLE",
]

#: Bench press (Smith machine, concentric-only) MPV at 30, 35, ..., 100 % 1RM, m/s, from
#: Gonzalez-Badillo & Sanchez-Medina (2010) as tabulated in Chronojump's ``encoder/graph.R``.
BENCH_PRESS_MPV_TABLE: dict[int, float] = dict(
    zip(
        range(30, 101, 5),
        (
            1.33,
            1.235,
            1.145,
            1.055,
            0.965,
            0.88,
            0.795,
            0.715,
            0.635,
            0.555,
            0.475,
            0.405,
            0.325,
            0.255,
            0.185,
        ),
        strict=True,
    )
)


@dataclass(frozen=True)
class LoadVelocityProfile(Result):
    """A fitted individual load-velocity profile (v = intercept + slope * load).

    Attributes carry units: ``slope_m_s_per_kg`` (m/s per kg, negative), ``v0_m_s`` (velocity at
    zero load), ``load_at_zero_velocity_kg`` (LD0), ``residual_se_m_s`` (residual standard error),
    ``e1rm_kg`` at ``mvt_m_s`` with its ``e1rm_lower_kg``/``e1rm_upper_kg`` prediction interval at
    ``confidence``.
    """

    exercise: str
    method: str
    n_points: int
    n_loads: int
    loads_kg: tuple[float, ...]
    velocities_m_s: tuple[float, ...]
    slope_m_s_per_kg: float
    v0_m_s: float
    load_at_zero_velocity_kg: float
    r2: float | None
    residual_se_m_s: float | None
    mvt_m_s: float | None
    mvt_source: str
    e1rm_kg: float | None
    e1rm_lower_kg: float | None
    e1rm_upper_kg: float | None
    confidence: float
    smallest_real_change_kg: float | None
    provenance: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    def _x_stats(self) -> tuple[float, float]:
        x = np.asarray(self.loads_kg)
        return float(x.mean()), float(((x - x.mean()) ** 2).sum())


def lv_profile_fit(
    load_kg: Sequence[float],
    velocity_m_s: Sequence[float],
    *,
    exercise: str = "bench_press",
    method: Literal["multi_point", "two_point"] = "multi_point",
    mvt_m_s: float | None = None,
    confidence: float = 0.95,
) -> LoadVelocityProfile:
    """Fit an individual linear load-velocity profile and estimate 1RM at the MVT.

    Parameters
    ----------
    load_kg, velocity_m_s : sequences of float
        One point per set (use the fastest rep of each set), kg and m/s.
    exercise : str
        Exercise key; supplies the default MVT and the free-weight warning.
    method : {"multi_point", "two_point"}
        Least squares through all points, or the line through the mean velocities at the lightest
        and heaviest loads.
    mvt_m_s : float, optional
        Minimal velocity threshold (velocity at 1RM), m/s; overrides the exercise default (set
        it per athlete, e.g. from the last rep of a 1RM test).
    confidence : float
        Level of the e1RM prediction interval (0.5-0.999).

    Returns
    -------
    LoadVelocityProfile

    Raises
    ------
    InvalidParameterError
        Fewer than two distinct loads, non-positive values, or mismatched lengths.
    SignalError
        Velocity does not fall with load (slope >= 0): the points cannot be a profile.

    References
    ----------
    Gonzalez-Badillo & Sanchez-Medina (2010); Garcia-Ramos et al. (2018); Banyard et al. (2017).

    Examples
    --------
    Jovanovic's (2015) single-lifter bench press data (GymAware mean velocity):

    >>> loads = [40, 40, 40, 60, 60, 60, 80, 80, 80, 100, 100, 100]
    >>> vel = [1.00, 1.01, 1.07, 0.74, 0.77, 0.74, 0.50, 0.49, 0.50, 0.23, 0.19, 0.23]
    >>> p = lv_profile_fit(loads, vel, exercise="bench_press", mvt_m_s=0.17)
    >>> round(p.slope_m_s_per_kg, 5), round(p.load_at_zero_velocity_kg, 1), round(p.e1rm_kg, 1)
    (-0.01342, 116.4, 103.7)
    >>> round(p.e1rm_lower_kg, 1), round(p.e1rm_upper_kg, 1)
    (99.5, 107.9)
    """
    where = "lv_profile_fit"
    method = check_choice("method", method, ("multi_point", "two_point"), where=where)  # type: ignore[assignment]
    confidence = check_range("confidence", confidence, 0.5, 0.999, where=where)
    x = np.asarray(load_kg, dtype=float).reshape(-1)
    y = np.asarray(velocity_m_s, dtype=float).reshape(-1)
    if x.shape != y.shape:
        raise InvalidParameterError(f"{where}: {x.size} loads but {y.size} velocities")
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        raise InvalidParameterError(f"{where}: loads and velocities must be finite numbers")
    if np.any(x <= 0) or np.any(y <= 0):
        raise InvalidParameterError(f"{where}: loads (kg) and velocities (m/s) must be > 0")
    distinct = np.unique(x)
    if distinct.size < 2:
        raise InvalidParameterError(
            f"{where}: need at least two different loads, got {distinct.size} ({distinct.tolist()} kg)"
        )
    profile = velocity_exercise_profile(exercise)
    mvt = (
        profile.mvt_m_s
        if mvt_m_s is None
        else check_range("mvt_m_s", mvt_m_s, 0.01, 2.0, where=where)
    )
    mvt_source = profile.mvt_source if mvt_m_s is None else "given"
    warnings: list[str] = []
    if method == "two_point":
        lo, hi = distinct[0], distinct[-1]
        y_lo, y_hi = float(y[x == lo].mean()), float(y[x == hi].mean())
        slope = (y_hi - y_lo) / (hi - lo)
        intercept = y_lo - slope * lo
    else:
        slope, intercept = (float(c) for c in np.polyfit(x, y, 1))
    if not slope < 0:
        raise SignalError(
            f"{where}: velocity does not fall with load (slope {slope:+.4g} m/s per kg); check that "
            "each point is the fastest rep of a maximal-intent set and that loads are right"
        )
    n = x.size
    resid = y - (intercept + slope * x)
    r2 = se = None
    e1rm = lo_kg = hi_kg = src_kg = None
    if method == "multi_point" and n > 2:
        ss_res = float((resid**2).sum())
        ss_tot = float(((y - y.mean()) ** 2).sum())
        r2 = 1.0 - ss_res / ss_tot if ss_tot > 0 else None
        se = math.sqrt(ss_res / (n - 2))
        # Jovanovic (2015): smallest real change at 90 % = 1.645 * residual SE, in kg via the slope.
        src_kg = 1.645 * se / abs(slope)
    elif method == "multi_point":
        warnings.append("two points only: no residual error, no prediction interval")
    else:
        warnings.append("two-point method: no residual error, no prediction interval")
    if distinct.size < 3 and method == "multi_point":
        warnings.append(
            f"only {distinct.size} distinct loads; 4 or more spread from ~45 to ~90 % 1RM "
            "give a better profile"
        )
    if r2 is not None and r2 < 0.9:
        warnings.append(f"r^2 = {r2:.2f}: the points scatter a lot around the line")
    if mvt is None:
        warnings.append(
            f"no minimal velocity threshold for {profile.name}: e1RM not computed (pass mvt_m_s)"
        )
    else:
        e1rm = (mvt - intercept) / slope
        if se is not None:
            xbar, sxx = float(x.mean()), float(((x - x.mean()) ** 2).sum())
            se_x = se / abs(slope) * math.sqrt(1.0 + 1.0 / n + (e1rm - xbar) ** 2 / sxx)
            tq = float(stats.t.ppf(0.5 + confidence / 2.0, n - 2))
            lo_kg, hi_kg = e1rm - tq * se_x, e1rm + tq * se_x
        heaviest = float(distinct[-1])
        if e1rm > 1.5 * heaviest:
            warnings.append(
                f"e1RM {e1rm:.0f} kg is far beyond the heaviest load ({heaviest:g} kg); "
                "add heavier sets before trusting it"
            )
    if profile.large_1rm_error:
        warnings.append(
            f"{profile.name}: individual load-velocity 1RM predictions can be badly off for "
            "free-weight squats and deadlifts (Banyard et al. 2017: errors -5.5 to +27.8 %, "
            "MVT unreliable between days); confirm with a rep-based estimate"
        )
    ld0 = -intercept / slope
    return LoadVelocityProfile(
        exercise=profile.name,
        method=method,
        n_points=int(n),
        n_loads=int(distinct.size),
        loads_kg=tuple(float(v) for v in x),
        velocities_m_s=tuple(float(v) for v in y),
        slope_m_s_per_kg=float(slope),
        v0_m_s=float(intercept),
        load_at_zero_velocity_kg=float(ld0),
        r2=r2,
        residual_se_m_s=se,
        mvt_m_s=mvt,
        mvt_source=mvt_source,
        e1rm_kg=e1rm,
        e1rm_lower_kg=lo_kg,
        e1rm_upper_kg=hi_kg,
        confidence=confidence,
        smallest_real_change_kg=src_kg,
        provenance={
            "model": "v = v0 + slope * load",
            "method": method,
            "mvt_m_s": mvt,
            "interval": "inverse prediction (delta method), Student t with n-2 df",
        },
        warnings=tuple(warnings),
    )


def lv_best_per_load(
    load_kg: Sequence[float], velocity_m_s: Sequence[float], *, bucket_kg: float = 0.5
) -> tuple[list[float], list[float]]:
    """Keep the fastest velocity at each load (loads within ``bucket_kg`` are the same load).

    A warm-up ramp often repeats a load; the profile should use the best (maximal-intent) effort
    at each load, as OpenBarbell's e1RM does.

    Examples
    --------
    >>> lv_best_per_load([60, 60, 80, 100.2, 100], [0.8, 0.82, 0.6, 0.3, 0.28])
    ([60.0, 80.0, 100.0], [0.82, 0.6, 0.3])
    """
    buckets: dict[float, float] = {}
    for ld, v in zip(load_kg, velocity_m_s, strict=True):
        key = round(float(ld) / bucket_kg) * bucket_kg
        buckets[key] = max(buckets.get(key, -np.inf), float(v))
    keys = sorted(buckets)
    return [float(k) for k in keys], [buckets[k] for k in keys]


def lv_load_for_velocity(profile: LoadVelocityProfile, target_velocity_m_s: float) -> float:
    """Load (kg) expected to move at ``target_velocity_m_s`` today, from the profile.

    Examples
    --------
    >>> p = lv_profile_fit([40, 60, 80, 100], [1.03, 0.75, 0.50, 0.22], mvt_m_s=0.17)
    >>> round(lv_load_for_velocity(p, 0.5), 1)
    79.3
    """
    v = check_range(
        "target_velocity_m_s", target_velocity_m_s, 0.01, 3.0, where="lv_load_for_velocity"
    )
    load = (v - profile.v0_m_s) / profile.slope_m_s_per_kg
    if load <= 0:
        raise InvalidParameterError(
            f"lv_load_for_velocity: {v:g} m/s is faster than the profile's zero-load velocity "
            f"({profile.v0_m_s:.2f} m/s)"
        )
    return float(load)


def lv_velocity_for_load(profile: LoadVelocityProfile, load_kg: float) -> float:
    """Expected velocity (m/s) at ``load_kg`` from the profile."""
    from neurolift._validation import check_positive

    load = check_positive("load_kg", load_kg, where="lv_velocity_for_load")
    return float(profile.v0_m_s + profile.slope_m_s_per_kg * load)


def lv_load_for_percent_1rm(profile: LoadVelocityProfile, percent_1rm: float) -> float:
    """Load (kg) at ``percent_1rm`` of the profile's e1RM.

    Examples
    --------
    >>> p = lv_profile_fit([40, 60, 80, 100], [1.03, 0.75, 0.50, 0.22], mvt_m_s=0.17)
    >>> round(lv_load_for_percent_1rm(p, 80), 1)
    83.2
    """
    pct = check_range("percent_1rm", percent_1rm, 1.0, 110.0, where="lv_load_for_percent_1rm")
    if profile.e1rm_kg is None:
        raise InvalidParameterError(
            "lv_load_for_percent_1rm: the profile has no e1RM (no MVT); refit with mvt_m_s"
        )
    return float(profile.e1rm_kg * pct / 100.0)


@dataclass(frozen=True)
class GroupEquation:
    """A published group equation ``%1RM = a v^2 + b v + c`` and the velocities it is valid for."""

    exercise: str
    velocity: Literal["mpv", "mcv"]
    a: float
    b: float
    c: float
    min_velocity_m_s: float
    max_velocity_m_s: float
    source: str

    def percent_1rm(self, velocity_m_s: float) -> float:
        """%1RM at ``velocity_m_s`` (no range check; use :func:`lv_generic_percent_1rm`)."""
        return float(self.a * velocity_m_s * velocity_m_s + self.b * velocity_m_s + self.c)


_SQUAT_2017 = (
    "Sanchez-Medina et al. 2017, Sports Med Int Open 1:E80-E88, doi 10.1055/s-0043-102933 "
    "(Smith-machine full squat, 80 men)"
)

#: The group equations neurolift knows, keyed by (exercise, velocity variable).
#:
#: Provenance. Bench press 2010: as coded in Chronojump and checked against the paper's own MPV
#: table (``BENCH_PRESS_MPV_TABLE``). Squat 2017: the paper's full text could not be retrieved
#: here; the coefficients are the ones two independent second-hand sources give (the research
#: notes and a public MATLAB analysis script citing the DOI), and they pass the check the
#: abstract allows: both equations give 100 % 1RM (100.2 %) at the abstract's mean velocity at
#: 1RM, 0.32 m/s, where the whole concentric phase is propulsive so MPV = MCV. The upper
#: velocity bound is where the equation reaches 30 % 1RM; the lower one is 0.20 m/s, four SDs
#: below the velocity at 1RM (0.32 +/- 0.03 m/s).
GROUP_EQUATIONS: dict[tuple[str, str], GroupEquation] = {
    ("bench_press", "mpv"): GroupEquation(
        "bench_press",
        "mpv",
        8.4326,
        -73.501,
        112.33,
        0.05,
        1.33,
        "Gonzalez-Badillo & Sanchez-Medina 2010, Int J Sports Med 31:347-352, "
        "doi 10.1055/s-0030-1248333 (Smith-machine bench press); R^2 = 0.98",
    ),
    ("smith_squat", "mpv"): GroupEquation(
        "smith_squat", "mpv", -5.961, -50.71, 117.0, 0.20, 1.46, _SQUAT_2017 + "; R^2 = 0.96"
    ),
    ("smith_squat", "mcv"): GroupEquation(
        "smith_squat", "mcv", -12.87, -46.31, 116.3, 0.20, 1.35, _SQUAT_2017 + "; R^2 = 0.96"
    ),
}


def lv_group_equation(exercise: str = "bench_press", velocity: str = "mpv") -> GroupEquation:
    """The group equation for ``exercise`` and velocity variable (``mpv`` or ``mcv``).

    Examples
    --------
    >>> eq = lv_group_equation("smith_squat", "mcv")
    >>> round(eq.percent_1rm(0.32), 1)
    100.2
    """
    where = "lv_group_equation"
    kind = check_choice("velocity", velocity, ("mpv", "mcv"), where=where)
    key = velocity_exercise_profile(exercise).name
    eq = GROUP_EQUATIONS.get((key, kind))
    if eq is not None:
        return eq
    known = ", ".join(f"{e} ({v})" for e, v in GROUP_EQUATIONS)
    hint = ""
    if key in ("back_squat", "front_squat"):
        hint = (
            "; the 2017 squat equation was derived on a Smith machine: use exercise='smith_squat' "
            "knowing that free-weight squats reach 1RM at a lower velocity (0.24 vs 0.32 m/s)"
        )
    raise InvalidParameterError(
        f"{where}: no verified group equation for {key} ({kind}); available: {known}{hint} - "
        "or fit an individual profile with lv_profile_fit"
    )


def lv_generic_percent_1rm(
    velocity_m_s: float, *, exercise: str = "bench_press", velocity: str = "mpv"
) -> float:
    """%1RM from one rep's velocity with a group equation (fallback when no individual profile exists).

    ``velocity`` names the variable: ``mpv`` (mean propulsive) or ``mcv`` (mean concentric).
    Available (see :data:`GROUP_EQUATIONS` for sources and provenance):

    - bench press, MPV: ``%1RM = 8.4326 MPV^2 - 73.501 MPV + 112.33`` (Gonzalez-Badillo &
      Sanchez-Medina 2010), valid for MPV 0.05-1.33 m/s;
    - Smith-machine full squat, MPV: ``%1RM = -5.961 MPV^2 - 50.71 MPV + 117`` and MCV:
      ``%1RM = -12.87 MCV^2 - 46.31 MCV + 116.3`` (Sanchez-Medina et al. 2017).

    Group equations carry systematic bias for individuals (velocity at a given %1RM varies
    9-25 % between people): prefer an individual profile.

    Examples
    --------
    >>> round(lv_generic_percent_1rm(0.475), 1)
    79.3
    >>> round(lv_generic_percent_1rm(0.80, exercise="smith_squat"), 1)
    72.6
    """
    where = "lv_generic_percent_1rm"
    eq = lv_group_equation(exercise, velocity)
    v = check_range(
        f"{eq.velocity} (m/s)", velocity_m_s, eq.min_velocity_m_s, eq.max_velocity_m_s, where=where
    )
    return eq.percent_1rm(v)


def lv_generic_e1rm(
    load_kg: float,
    velocity_m_s: float,
    *,
    exercise: str = "bench_press",
    velocity: str = "mpv",
) -> float:
    """1RM (kg) from one load and its velocity with a group equation: ``load / (%1RM / 100)``.

    Group equations carry systematic bias for individuals (Garcia-Ramos et al. 2018); prefer an
    individual profile.

    Examples
    --------
    >>> round(lv_generic_e1rm(80, 0.475), 1)
    100.9
    """
    from neurolift._validation import check_positive

    load = check_positive("load_kg", load_kg, where="lv_generic_e1rm")
    pct = lv_generic_percent_1rm(velocity_m_s, exercise=exercise, velocity=velocity)
    return load / (pct / 100.0)
