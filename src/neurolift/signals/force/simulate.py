"""Physics-based jump simulator: force from a prescribed centre-of-mass trajectory.

The centre-of-mass acceleration is prescribed piecewise in closed form, so velocity,
displacement, take-off velocity and jump height are known exactly and the plate force is
``F = m (g + a)``. Phases, from the end of quiet standing:

1. unweighting: ``a = -A1 sin^2(pi u / T1)`` (absent in a squat jump);
2. push (braking + propulsion): ``a = +A2 sin^2(pi u / T2)``;
3. release: ``a = -g u / T3`` - force falls linearly from body weight to zero at take-off;
4. flight: ``F = 0`` for ``2 v_to / g`` (landing at the take-off height);
5. landing: ``a = -g + g min(u / Tr, 1) + C sin^2(pi u / T4)`` brings velocity back to zero;
6. quiet standing.

``A2`` is solved so that take-off velocity is exactly ``takeoff_velocity_m_s``:
``v_to = -A1 T1 / 2 + A2 T2 / 2 - g T3 / 2``. Truth values are also given at the instants where
force crosses the detection threshold, since a threshold-based take-off is, by definition, the
crossing instant.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from neurolift._validation import check_positive, check_sampling_rate
from neurolift.errors import InvalidParameterError
from neurolift.timeseries import TimeSeries
from neurolift.units import STANDARD_GRAVITY_M_S2 as G

__all__ = ["SimulatedJump", "force_simulate_jump"]


@dataclass(frozen=True)
class SimulatedJump:
    force: TimeSeries
    truth: dict[str, float] = field(default_factory=dict)


def _sin2(u, A, T, v0, s0):  # type: ignore[no-untyped-def]
    w = 2 * np.pi / T
    a = A * np.sin(np.pi * u / T) ** 2
    v = v0 + A / 2 * (u - np.sin(w * u) / w)
    s = s0 + v0 * u + A / 2 * (u**2 / 2 + (np.cos(w * u) - 1) / w**2)
    return a, v, s


def force_simulate_jump(
    *,
    sampling_rate: float,
    takeoff_velocity_m_s: float = 2.5,
    body_mass_kg: float = 75.0,
    countermovement: bool = True,
    quiet_s: float = 1.5,
    unweighting_accel_m_s2: float = 5.0,
    unweighting_duration_s: float = 0.35,
    push_duration_s: float = 0.45,
    release_duration_s: float = 0.06,
    landing_duration_s: float = 0.25,
    landing_ramp_s: float = 0.02,
    duration_s: float | None = None,
    noise_sd_n: float = 1.0,
    takeoff_threshold_n: float = 20.0,
    random_state: int | np.random.Generator | None = None,
) -> SimulatedJump:
    """Simulate the vertical force of a countermovement (or squat) jump with known answers.

    Parameters
    ----------
    sampling_rate : float
        Hz.
    takeoff_velocity_m_s : float
        Exact centre-of-mass velocity when force reaches zero.
    countermovement : bool
        False gives a squat jump (no unweighting phase).
    noise_sd_n : float
        Gaussian plate noise added to every sample, N.
    random_state : int or Generator, optional
        Seeds the noise and the sub-sample offset of the movement start.

    Returns
    -------
    SimulatedJump
        ``force`` (TimeSeries, N) and ``truth``: takeoff_velocity_m_s, jump_height_m,
        flight_time_s, the same at the threshold crossings (``*_threshold*``),
        countermovement_depth_m, peak_force_n, movement_start_s, takeoff_s.

    Examples
    --------
    >>> sim = force_simulate_jump(sampling_rate=1000, takeoff_velocity_m_s=2.0, random_state=1)
    >>> round(sim.truth["jump_height_m"], 4)
    0.2039
    """
    fs = check_sampling_rate(sampling_rate, where="force_simulate_jump")
    v_to = check_positive("takeoff_velocity_m_s", takeoff_velocity_m_s, where="force_simulate_jump")
    m = check_positive("body_mass_kg", body_mass_kg, where="force_simulate_jump")
    T1 = check_positive(
        "unweighting_duration_s", unweighting_duration_s, where="force_simulate_jump"
    )
    T2 = check_positive("push_duration_s", push_duration_s, where="force_simulate_jump")
    T3 = check_positive("release_duration_s", release_duration_s, where="force_simulate_jump")
    T4 = check_positive("landing_duration_s", landing_duration_s, where="force_simulate_jump")
    Tr = check_positive("landing_ramp_s", landing_ramp_s, where="force_simulate_jump")
    A1 = unweighting_accel_m_s2 if countermovement else 0.0
    if not 0 <= A1 < G:
        raise InvalidParameterError(
            "force_simulate_jump: unweighting_accel_m_s2 must lie in [0, g)"
        )
    if Tr >= T4:
        raise InvalidParameterError(
            "force_simulate_jump: landing_ramp_s must be shorter than landing_duration_s"
        )
    if not countermovement:
        T1 = 0.0
    rng = np.random.default_rng(random_state)
    A2 = 2 * (v_to + A1 * T1 / 2 + G * T3 / 2) / T2
    C = (2 * v_to + G * Tr) / T4
    t_flight = 2 * v_to / G
    t_m = quiet_s + float(rng.uniform(0, 1 / fs))
    b1 = t_m + T1
    b2 = b1 + T2
    t_to = b2 + T3
    t_td = t_to + t_flight
    t_end_land = t_td + T4
    total = duration_s if duration_s is not None else t_end_land + 1.0
    if total < t_end_land + 0.2:
        raise InvalidParameterError(
            f"force_simulate_jump: duration_s={duration_s} is too short; need >= {t_end_land + 0.2:.2f} s"
        )
    from scipy.optimize import (
        brentq,  # here, not at import: `neurolift force analyze` starts faster
    )

    n = int(round(total * fs))
    t = np.arange(n) / fs

    # boundary states
    _, v1, s1 = _sin2(T1, -A1, T1, 0.0, 0.0) if T1 > 0 else (0.0, 0.0, 0.0)
    _, v2, s2 = _sin2(T2, A2, T2, v1, s1)

    a = np.zeros(n)
    ph1 = (t >= t_m) & (t < b1)
    ph2 = (t >= b1) & (t < b2)
    ph3 = (t >= b2) & (t < t_to)
    fl = (t >= t_to) & (t < t_td)
    ld = (t >= t_td) & (t < t_end_land)
    if T1 > 0:
        a[ph1] = _sin2(t[ph1] - t_m, -A1, T1, 0.0, 0.0)[0]
    a[ph2] = _sin2(t[ph2] - b1, A2, T2, v1, s1)[0]
    a[ph3] = -G * (t[ph3] - b2) / T3
    a[fl] = -G
    u = t[ld] - t_td
    a[ld] = -G + G * np.minimum(u / Tr, 1.0) + C * np.sin(np.pi * u / T4) ** 2
    force = m * (G + a)
    if noise_sd_n > 0:
        force = force + rng.normal(0.0, noise_sd_n, size=n)

    # truth: depth at zero velocity (inside the push)
    def v_push(x: float) -> float:
        return float(_sin2(x, A2, T2, v1, s1)[1])

    if countermovement:
        u0 = brentq(v_push, 0.0, T2)
        depth = -float(_sin2(u0, A2, T2, v1, s1)[2])
    else:
        depth = 0.0
    thr = takeoff_threshold_n
    u_star = T3 * (1 - thr / (m * G))
    v_thr = v2 - G * u_star**2 / (2 * T3)

    def f_land(x: float) -> float:
        return m * (G * min(x / Tr, 1.0) + C * np.sin(np.pi * x / T4) ** 2) - thr

    u_l = brentq(f_land, 0.0, Tr)
    truth = {
        "takeoff_velocity_m_s": v_to,
        "jump_height_m": v_to**2 / (2 * G),
        "flight_time_s": t_flight,
        "takeoff_velocity_threshold_m_s": v_thr,
        "jump_height_threshold_m": v_thr**2 / (2 * G),
        "flight_time_threshold_s": (T3 - u_star) + t_flight + u_l,
        "countermovement_depth_m": depth,
        "peak_force_n": m * (G + A2),
        "movement_start_s": t_m,
        "takeoff_s": t_to,
        "body_weight_n": m * G,
    }
    return SimulatedJump(TimeSeries(force, fs, "N", ("fz",)), truth)
