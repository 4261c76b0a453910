"""Test simulator: bar trajectories from a known velocity profile, with realistic LPT noise.

Each rep is an eccentric phase (velocity ``-2 ROM/T sin^2(pi u/T)``, smooth at both ends), a
short pause at the bottom, and a concentric phase of duration ``T`` with one of two velocity
shapes, both rising over ``rise_fraction`` of ``T`` (``T1``) and falling over the rest (``T2``):

``"raised_cosine"`` (default)
    ``Vp (1 - cos(pi u/T1)) / 2`` then ``Vp (1 + cos(pi w/T2)) / 2``. Acceleration is
    continuous and zero at both ends: the lifter's force rises smoothly from the load's weight
    when the bar leaves rest (finite rate of force development), so near the onset the bar's
    displacement grows as ``u^3``. ``ROM = Vp T / 2``, so MCV = ROM / T = Vp / 2.
``"half_sine"``
    ``V sin(pi u/(2 T1))`` then ``V cos(pi w/(2 T2))``; with ``rise_fraction`` 0.5 this is the
    half-sine ``V sin(pi t/T)``. It is simple harmonic motion: the net force on the bar falls
    linearly with its height (``m x'' = F0 - k x``), from ``+F0`` at the bottom to ``-F0`` at
    the top, as with a lifter whose force declines steadily over the range. The force steps up
    when the bar leaves rest, so the displacement grows as ``u^2``, a different onset from the
    raised cosine. ``ROM = 2 V T / pi``, so MCV = ROM / T = 2 V / pi exactly.

Position is the closed-form integral of the velocity, so the known answers are exact. They
follow the published definitions, applied to the noise-free velocity and acceleration:

* the concentric phase runs from the instant the bar starts to move up to the instant it
  stops, velocity 0 to 0, as in the load-velocity studies (Gonzalez-Badillo & Sanchez-Medina
  2010; Sanchez-Medina et al. 2017) and Chronojump (curves cut at 0 m/s). So
  ``mean_velocities_m_s`` is exactly ROM / T. ``phase_edges="idle"`` instead gives the truth
  of a threshold device: the phase where the true velocity exceeds ``idle_velocity_m_s``;
* the propulsive phase runs from the start until the acceleration first reaches ``-g``
  (Sanchez-Medina et al. 2010). In the falling part the deceleration is
  ``Vp pi/(2 T2) sin(pi w/T2)`` (raised cosine, peak at mid-fall) or
  ``V pi/(2 T2) sin(pi w/(2 T2))`` (half-sine, peak at the stop), so it reaches ``g`` at
  ``w = (T2/pi) asin(2 T2 g/(pi Vp))`` or ``w = (2 T2/pi) asin(2 T2 g/(pi V))`` when the
  argument is <= 1; MPV is the displacement to that instant over its time. A rep whose peak
  deceleration stays below ``g`` has no braking phase: MPV = MCV.

Noise: white Gaussian position noise (default 0.1 mm) then quantisation to the encoder
resolution (default 1 mm, as in Chronojump's integer-millimetre streams), with the encoder's
zero and the sampling clock at random offsets so every seed sees different quantisation errors.
The defaults are the level of a real LPT: the spread of the second differences of Chronojump's
own 1 kHz recording (``serie_single_concentric_1kHz.txt``, 0.71 mm) is what 1 mm quantisation
alone gives on simulated reps (0.70 +/- 0.06 mm); 0.1 mm of extra noise gives 0.75 +/- 0.04 mm
and is the most the recording allows, while 0.3 mm (1.02 +/- 0.03 mm) is ruled out
(``tests/signals/velocity/test_velocity.py::test_simulator_noise_is_a_real_lpts``).

References
----------
Gonzalez-Badillo JJ, Sanchez-Medina L (2010). Movement velocity as a measure of loading
intensity in resistance training. Int J Sports Med 31:347-352. doi:10.1055/s-0030-1248333.
Sanchez-Medina L, Perez CE, Gonzalez-Badillo JJ (2010). Importance of the propulsive phase in
strength assessment. Int J Sports Med 31:123-129. doi:10.1055/s-0029-1242815.
Sanchez-Medina L, Pallares JG, Perez CE, Moran-Navarro R, Gonzalez-Badillo JJ (2017).
Estimation of relative load from bar velocity in the full back squat exercise. Sports Med Int
Open 1:E80-E88. doi:10.1055/s-0043-102933.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from neurolift._results import Result
from neurolift._validation import check_positive, check_range, check_sampling_rate
from neurolift.errors import InvalidParameterError
from neurolift.timeseries import TimeSeries
from neurolift.units import STANDARD_GRAVITY_M_S2

__all__ = ["SimulatedRep", "SimulatedSet", "velocity_simulate_set"]


@dataclass(frozen=True)
class SimulatedRep(Result):
    """Known answer of one simulated rep (times in s from the signal start)."""

    concentric_start_s: float
    concentric_end_s: float
    rom_m: float
    mean_concentric_velocity_m_s: float
    mean_propulsive_velocity_m_s: float
    peak_velocity_m_s: float
    propulsive_end_s: float


@dataclass(frozen=True, eq=False)
class SimulatedSet:
    """A simulated set: the position signal (m) and the known rep values."""

    signal: TimeSeries
    reps: tuple[SimulatedRep, ...]
    true_position_m: np.ndarray


Shape = Literal["raised_cosine", "half_sine"]
_SHAPES = ("raised_cosine", "half_sine")


def _con_velocity(
    u: np.ndarray, vp: float, t1: float, t2: float, shape: Shape = "raised_cosine"
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Velocity, acceleration and displacement of the concentric profile at times ``u``."""
    rise = u <= t1
    w = u - t1
    if shape == "half_sine":
        q1, q2 = np.pi / (2.0 * t1), np.pi / (2.0 * t2)
        v = np.where(rise, vp * np.sin(q1 * u), vp * np.cos(q2 * w))
        a = np.where(rise, vp * q1 * np.cos(q1 * u), -vp * q2 * np.sin(q2 * w))
        d = np.where(rise, vp / q1 * (1.0 - np.cos(q1 * u)), vp / q1 + vp / q2 * np.sin(q2 * w))
        return v, a, d
    v = np.where(
        rise, 0.5 * vp * (1 - np.cos(np.pi * u / t1)), 0.5 * vp * (1 + np.cos(np.pi * w / t2))
    )
    a = np.where(
        rise,
        0.5 * vp * np.pi / t1 * np.sin(np.pi * u / t1),
        -0.5 * vp * np.pi / t2 * np.sin(np.pi * w / t2),
    )
    d = np.where(
        rise,
        0.5 * vp * (u - t1 / np.pi * np.sin(np.pi * u / t1)),
        0.5 * vp * t1 + 0.5 * vp * (w + t2 / np.pi * np.sin(np.pi * w / t2)),
    )
    return v, a, d


def _peak_velocity(shape: Shape, rom: float, T: float) -> float:
    """Peak velocity of a concentric phase of ``rom`` metres in ``T`` seconds."""
    return math.pi * rom / (2.0 * T) if shape == "half_sine" else 2.0 * rom / T


def _concentric_truth(
    c0: float,
    T: float,
    vp: float,
    rise: float,
    g: float,
    shape: Shape,
    idle: float | None,
) -> SimulatedRep:
    """Exact answers for the concentric profile, in closed form.

    ``idle`` None: the phase is the whole 0 -> 0 m/s phase; otherwise where velocity > idle.
    """
    t1, t2 = rise * T, (1.0 - rise) * T

    def disp(u: float) -> float:
        return float(_con_velocity(np.array([u]), vp, t1, t2, shape)[2][0])

    if idle is None:
        u0, u1 = 0.0, T
    elif shape == "half_sine":
        u0 = 2.0 * t1 / math.pi * math.asin(idle / vp)  # rise crosses idle
        u1 = t1 + 2.0 * t2 / math.pi * math.acos(idle / vp)  # fall crosses idle
    else:
        u0 = t1 / math.pi * math.acos(1.0 - 2.0 * idle / vp)
        u1 = t1 + t2 / math.pi * math.acos(2.0 * idle / vp - 1.0)
    d0 = disp(u0)
    mcv = (disp(u1) - d0) / (u1 - u0)
    # the deceleration reaches -g where sin(.) = ratio (see the module docstring)
    if shape == "half_sine":
        ratio = 2.0 * t2 * g / (math.pi * vp)
        u_pe = t1 + 2.0 * t2 / math.pi * math.asin(ratio) if ratio <= 1.0 else u1
    else:
        ratio = 2.0 * t2 * g / (math.pi * vp)
        u_pe = t1 + t2 / math.pi * math.asin(ratio) if ratio <= 1.0 else u1
    u_pe = min(u_pe, u1)
    mpv = (disp(u_pe) - d0) / (u_pe - u0)
    return SimulatedRep(
        concentric_start_s=c0 + u0,
        concentric_end_s=c0 + u1,
        rom_m=disp(u1) - d0,
        mean_concentric_velocity_m_s=mcv,
        mean_propulsive_velocity_m_s=mpv,
        peak_velocity_m_s=vp,
        propulsive_end_s=c0 + u_pe,
    )


def velocity_simulate_set(
    *,
    mean_velocities_m_s: Sequence[float],
    rom_m: float = 0.5,
    sampling_rate: float,
    eccentric_duration_s: float = 1.0,
    bottom_pause_s: float = 0.1,
    top_pause_s: float = 1.0,
    rise_fraction: float = 0.7,
    lead_s: float = 2.0,
    unrack_m: float = 0.05,
    noise_m: float = 0.0001,
    resolution_m: float = 0.001,
    shape: Shape = "raised_cosine",
    phase_edges: Literal["zero", "idle"] = "zero",
    idle_velocity_m_s: float = 0.05,
    random_state: int | np.random.Generator | None = None,
) -> SimulatedSet:
    """Simulate a set of reps with known mean concentric and mean propulsive velocities.

    Parameters
    ----------
    mean_velocities_m_s : sequence of float
        Mean concentric velocity of each rep over its whole concentric phase (ROM / duration),
        m/s (0.05-3).
    rom_m : float
        Range of motion of every rep, m.
    sampling_rate : float
        Hz (required).
    eccentric_duration_s, bottom_pause_s, top_pause_s : float
        Phase durations, s.
    rise_fraction : float
        Share of the concentric duration spent accelerating (0.3-0.9; 0.5 with ``half_sine``
        gives the symmetric half-sine).
    lead_s : float
        Rest before the first rep (and after the last), s.
    unrack_m : float
        Height of an unrack lift-off before the first rep and a re-rack after the last, m
        (0 for none). These must not be counted as reps.
    noise_m, resolution_m : float
        Gaussian position noise SD and encoder resolution (quantisation step), m; 0 disables.
    shape : {"raised_cosine", "half_sine"}
        Concentric velocity shape (see the module docstring).
    phase_edges : {"zero", "idle"}
        Truth of the concentric phase: the whole 0 -> 0 m/s phase (default, the published
        definition), or where the true velocity exceeds ``idle_velocity_m_s`` (the truth for
        an analysis with ``phase_edges="idle"``).
    idle_velocity_m_s : float
        Threshold of ``phase_edges="idle"``, m/s.
    random_state : int or Generator, optional
        Seed for the noise.

    Returns
    -------
    SimulatedSet

    Examples
    --------
    >>> sim = velocity_simulate_set(mean_velocities_m_s=[1.0, 0.9], sampling_rate=500, random_state=0)
    >>> len(sim.reps), round(sim.reps[0].mean_concentric_velocity_m_s, 3)
    (2, 1.0)
    >>> round(sim.reps[0].mean_propulsive_velocity_m_s, 3)
    1.06
    >>> hs = velocity_simulate_set(mean_velocities_m_s=[0.5], rom_m=0.5, sampling_rate=500,
    ...                            shape="half_sine", rise_fraction=0.5, random_state=0)
    >>> r = hs.reps[0]  # V sin(pi t / T) over 1 s: V = pi ROM / (2 T)
    >>> round(r.peak_velocity_m_s, 4), round(r.concentric_end_s - r.concentric_start_s, 4)
    (0.7854, 1.0)
    """
    where = "velocity_simulate_set"
    fs = check_sampling_rate(sampling_rate, where=where, minimum=20.0)
    mcvs = [
        check_range("mean_velocities_m_s", v, 0.05, 3.0, where=where) for v in mean_velocities_m_s
    ]
    if not mcvs:
        raise InvalidParameterError(f"{where}: mean_velocities_m_s must hold at least one rep")
    rom = check_range("rom_m", rom_m, 0.05, 2.0, where=where)
    ecc = check_positive("eccentric_duration_s", eccentric_duration_s, where=where)
    bottom = check_positive("bottom_pause_s", bottom_pause_s, where=where, allow_zero=True)
    top = check_positive("top_pause_s", top_pause_s, where=where, allow_zero=True)
    rise = check_range("rise_fraction", rise_fraction, 0.3, 0.9, where=where)
    lead = check_range("lead_s", lead_s, 0.5, 60.0, where=where)
    unrack = check_range("unrack_m", unrack_m, 0.0, 0.15, where=where)
    noise = check_positive("noise_m", noise_m, where=where, allow_zero=True)
    res = check_positive("resolution_m", resolution_m, where=where, allow_zero=True)
    idle = check_positive("idle_velocity_m_s", idle_velocity_m_s, where=where)
    if shape not in _SHAPES:
        raise InvalidParameterError(
            f"{where}: unknown shape {shape!r}; choose one of {', '.join(_SHAPES)}"
        )
    if phase_edges not in ("zero", "idle"):
        raise InvalidParameterError(
            f"{where}: phase_edges must be 'zero' or 'idle', got {phase_edges!r}"
        )
    truth_idle = idle if phase_edges == "idle" else None
    rng = (
        random_state
        if isinstance(random_state, np.random.Generator)
        else np.random.default_rng(random_state)
    )
    g = STANDARD_GRAVITY_M_S2

    # Build velocity as a piecewise function on a fine analytic grid, then integrate exactly per
    # segment: position at each sample is evaluated from closed-form integrals.
    segments: list[tuple[float, float, str, tuple[float, ...]]] = []  # (t_start, dur, kind, params)
    t = 0.0

    def add(kind: str, dur: float, *params: float) -> None:
        nonlocal t
        segments.append((t, dur, kind, params))
        t += dur

    # A recording starts at an arbitrary instant of the sampling clock and an encoder's zero sits
    # at an arbitrary point of its resolution step: both are drawn at random, so that different
    # seeds see different quantisation errors (otherwise a noise-free trace would be the same
    # for every seed).
    phase_s = float(rng.uniform(0.0, 1.0 / fs))
    zero_offset_m = float(rng.uniform(0.0, res)) if res > 0 else 0.0
    add("rest", lead * 0.5 + phase_s)
    if unrack > 0:
        add("bump", 0.6, unrack)
        add("rest", lead * 0.5)
    reps: list[SimulatedRep] = []
    for mcv in mcvs:
        add("ecc", ecc, rom)
        add("rest", bottom)
        T = rom / mcv  # the whole phase: mean velocity = ROM / duration
        vp = _peak_velocity(shape, rom, T)
        c0 = t
        add("con", T, vp, rise)
        reps.append(_concentric_truth(c0, T, vp, rise, g, shape, truth_idle))
        add("rest", top)
    add("rest", lead * 0.5)
    if unrack > 0:
        add("bump", 0.6, unrack)
    add("rest", lead * 0.5)

    n = int(math.floor(t * fs)) + 1
    times = np.arange(n) / fs
    pos = np.zeros(n)
    level = 0.0
    for t_start, dur, kind, params in segments:
        m = (times >= t_start) & (times < t_start + dur)
        u = times[m] - t_start
        if kind == "rest":
            pos[m] = level
        elif kind == "bump":  # up and back down by params[0] (no net displacement)
            pos[m] = level + params[0] * np.sin(np.pi * u / dur) ** 2
        elif kind == "ecc":  # velocity -2 rom/T sin^2: smooth start and stop
            pos[m] = level - params[0] * (u / dur - np.sin(2.0 * np.pi * u / dur) / (2.0 * np.pi))
            level -= params[0]
        elif kind == "con":
            vp, rs = params
            pos[m] = level + _con_velocity(u, vp, rs * dur, (1.0 - rs) * dur, shape)[2]
            level += rom
    pos[times >= t] = level
    true_pos = pos.copy()
    noisy = pos + (rng.normal(0.0, noise, n) if noise > 0 else 0.0)
    if res > 0:
        noisy = np.round((noisy + zero_offset_m) / res) * res - zero_offset_m
    return SimulatedSet(TimeSeries(noisy, fs, "m", ("position",)), tuple(reps), true_pos)
