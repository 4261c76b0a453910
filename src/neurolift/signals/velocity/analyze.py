"""Barbell velocity: smoothing, rep segmentation, per-rep and per-set metrics.

The pipeline works on bar position (m, up positive) sampled at a known rate:

1. **Activity regions.** A cheap pass over 0.1 s blocks finds where the bar moves (more than
   5 cm/s on average over a block); each region is padded by ``pad_s`` of rest on both sides.
   Only these regions are filtered and segmented, so an hour of mostly-resting data costs a
   fraction of a full pass, and a region seen by the streaming detector is the same region the
   batch analysis sees.
2. **Smoothing.** Recordings faster than 400 Hz are first reduced to means of consecutive blocks
   of samples (blocks aligned to the absolute sample index; analysis rate >= 200 Hz and >= 10x
   the cut-off). Averaging keeps the noise power per hertz, so a 1 kHz trace keeps its accuracy
   (worst MCV/MPV error of the 1 kHz known-answer sweep: 0.0046/0.0045 m/s, 0.0044/0.0044
   without it) while the filter and the segmentation touch 5x fewer samples. Then a 4th-order
   zero-lag Butterworth low-pass (default 10 Hz) on position; velocity and acceleration by
   central differences.
3. **Segmentation.** Velocity above ``+idle`` / below ``-idle`` marks up / down movement; a
   direction run shorter than the direction persistence (25 ms, Chronojump) or moving the bar
   less than ``min(2 cm, 10 % of min ROM)`` is ignored; runs of the same direction merge unless
   the bar rests longer than ``max_pause_s`` (0.5 s) between them. An up
   phase with ROM >= ``min_rom_m`` (preceded, if the exercise requires it, by a down phase of at
   least half that) is a rep.
4. **Per rep.** Mean concentric velocity (MCV); mean propulsive velocity (MPV) up to the
   propulsive end, the concentric sample with acceleration <= ``-g sin(incline)`` closest to the
   peak velocity (Sanchez-Medina et al. 2010, as coded in Chronojump's ``findPropulsiveEnd``);
   peak velocity, its time and % of ROM; ROM; durations; force ``F = m (a + g sin(incline))``
   with ``m = load + body_mass_fraction * body mass``; power ``F v``; work and impulse.
5. **Per set.** Best / first / last / mean velocity, velocity loss, effort index, reps in
   reserve estimate and a velocity-loss threshold flag.

References
----------
Sanchez-Medina L, Perez CE, Gonzalez-Badillo JJ (2010). Importance of the propulsive phase in
strength assessment. Int J Sports Med 31:123-129. doi:10.1055/s-0029-1242815.
Sanchez-Medina L, Gonzalez-Badillo JJ (2011). Velocity loss as an indicator of neuromuscular
fatigue during resistance training. Med Sci Sports Exerc 43:1725-1734.
Rodriguez-Rosell D, Yanez-Garcia JM, Torres-Torrelo J, et al. (2018). Effort index as a novel
variable for monitoring the level of effort during resistance exercises. J Strength Cond Res
32:2139-2153. doi:10.1519/JSC.0000000000002629.
Chronojump-Boscosystem, ``encoder/util.R`` (findCurvesNew, findPropulsiveEnd), GPL-2.0+.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from scipy.signal import butter, lfilter, lfilter_zi, sosfilt, sosfilt_zi

from neurolift._results import Result
from neurolift._validation import check_finite_signal, check_positive, check_range
from neurolift.errors import InvalidParameterError, SignalError, SignalTooShortError, UnitError
from neurolift.signals.velocity.profiles import ExerciseProfile, velocity_exercise_profile
from neurolift.timeseries import TimeSeries
from neurolift.units import STANDARD_GRAVITY_M_S2

__all__ = [
    "RepMetrics",
    "VelocitySetResult",
    "VelocitySettings",
    "velocity_active_regions",
    "velocity_analyze_set",
    "velocity_kinematics",
    "velocity_segment_reps",
    "velocity_set_stats",
    "velocity_set_summary",
    "SetVelocityStats",
]

VelocityMetric = Literal["mean_concentric", "mean_propulsive"]
_METRIC_FIELD = {
    "mean_concentric": "mean_concentric_velocity_m_s",
    "mean_propulsive": "mean_propulsive_velocity_m_s",
}
_BLOCK_S = 0.1
_ACTIVE_SPEED_M_S = 0.05
_ANALYSIS_RATE_HZ = 200.0  # recordings faster than twice this are analysed as block means


@dataclass(frozen=True)
class VelocitySettings:
    """Everything the analysis needs besides the samples; built once, shared by batch and stream."""

    profile: ExerciseProfile
    sampling_rate: float
    load_kg: float | None
    body_mass_kg: float | None
    lowpass_hz: float
    pad_s: float
    velocity_metric: VelocityMetric
    vl_threshold_pct: float | None
    unreliable: tuple[tuple[float, float], ...] = ()

    @property
    def moving_mass_kg(self) -> float | None:
        if self.load_kg is None:
            return None
        return self.load_kg + self.profile.body_mass_fraction * (self.body_mass_kg or 0.0)

    @property
    def gravity_along_path_m_s2(self) -> float:
        return STANDARD_GRAVITY_M_S2 * math.sin(math.radians(self.profile.incline_deg))

    def method(self) -> dict[str, Any]:
        p = self.profile
        return {
            "exercise": p.name,
            "smoothing": f"butterworth order 4 zero-lag low-pass {self.lowpass_hz:g} Hz on position",
            "analysis_rate_hz": self.sampling_rate
            / _decimation_step(self.sampling_rate, self.lowpass_hz),
            "decimation": "above 400 Hz, means of consecutive blocks of samples (aligned to the "
            "absolute sample index) before filtering, analysis rate >= 200 Hz and >= 10 x lowpass_hz",
            "lowpass_hz": self.lowpass_hz,
            "min_rom_m": p.min_rom_m,
            "direction_persistence_s": p.direction_persistence_s,
            "idle_velocity_m_s": p.idle_velocity_m_s,
            "max_pause_s": p.max_pause_s,
            "require_eccentric": p.require_eccentric,
            "body_mass_fraction": p.body_mass_fraction,
            "incline_deg": p.incline_deg,
            "phase_edges": "where velocity crosses idle_velocity_m_s; edges that leave or reach "
            "rest are refitted on the unfiltered samples with x = x0 + c max(0, t - tau)^p "
            "(p in [2, 4]) below 400 Hz and for concentric phases shorter than 0.5 s",
            "propulsive_end": "concentric sample with a <= -g sin(incline) closest to peak velocity "
            "(Sanchez-Medina 2010; Chronojump findPropulsiveEnd)",
            "velocity_metric": self.velocity_metric,
            "velocity_loss": "(best rep - last rep) / best rep * 100, best = fastest rep of the set; "
            "velocity_loss_from_first_pct uses the first rep",
            "vl_threshold_pct": self.vl_threshold_pct,
            "effort_index": "first rep's velocity x velocity_loss_pct (Rodriguez-Rosell et al. "
            "2018, J Strength Cond Res 32:2139-2153)",
            "body_mass_fraction_basis": "assumption: body mass above the knees (Winter segment "
            "table) moves with the bar"
            if p.body_mass_fraction > 0
            else "bar load only",
            "reps_in_reserve": "linear rep-by-rep velocity decline from the best rep, extrapolated to mvt_m_s",
            "mvt_m_s": p.mvt_m_s,
            "pad_s": self.pad_s,
            "sampling_rate_hz": self.sampling_rate,
        }


def _settings(
    exercise: str | ExerciseProfile,
    sampling_rate: float,
    *,
    load_kg: float | None,
    body_mass_kg: float | None,
    lowpass_hz: float,
    pad_s: float,
    velocity_metric: str,
    vl_threshold_pct: float | None,
    overrides: dict[str, Any],
    where: str,
) -> VelocitySettings:
    profile = velocity_exercise_profile(exercise, **overrides)
    if load_kg is not None:
        load_kg = check_positive("load_kg", load_kg, where=where)
    if body_mass_kg is not None:
        body_mass_kg = check_range("body_mass_kg", body_mass_kg, 20.0, 300.0, where=where)
    lowpass_hz = check_positive("lowpass_hz", lowpass_hz, where=where)
    if lowpass_hz >= 0.45 * sampling_rate:
        raise InvalidParameterError(
            f"{where}: lowpass_hz {lowpass_hz:g} Hz must be below 0.45 x sampling_rate "
            f"({0.45 * sampling_rate:g} Hz); lower it or record faster"
        )
    pad_s = check_range("pad_s", pad_s, 0.2, 10.0, where=where)
    if velocity_metric not in _METRIC_FIELD:
        raise InvalidParameterError(
            f"{where}: unknown velocity_metric {velocity_metric!r}; choose one of "
            f"{', '.join(_METRIC_FIELD)}"
        )
    if vl_threshold_pct is not None:
        vl_threshold_pct = check_range("vl_threshold_pct", vl_threshold_pct, 1.0, 90.0, where=where)
    return VelocitySettings(
        profile,
        float(sampling_rate),
        load_kg,
        body_mass_kg,
        lowpass_hz,
        pad_s,
        velocity_metric,  # type: ignore[arg-type]
        vl_threshold_pct,
    )


# ---------------------------------------------------------------------------------------------
# results


@dataclass(frozen=True)
class RepMetrics(Result):
    """Metrics of one rep (concentric phase plus the eccentric phase before it, if any).

    Times are seconds on the recording's clock; velocities m/s; force N; power W; work J;
    impulse N*s. Kinetic fields are ``None`` when no load was given; every metric is ``None``
    when the rep is not ``valid`` (see ``note``).
    """

    rep: int
    start_index: int
    end_index: int
    start_s: float
    end_s: float
    rom_m: float | None
    concentric_duration_s: float | None
    mean_concentric_velocity_m_s: float | None
    mean_propulsive_velocity_m_s: float | None
    propulsive_end_index: int | None
    propulsive_duration_s: float | None
    peak_velocity_m_s: float | None
    time_to_peak_velocity_s: float | None
    peak_velocity_location_pct: float | None
    eccentric_duration_s: float | None
    eccentric_rom_m: float | None
    mean_eccentric_velocity_m_s: float | None
    mean_force_n: float | None
    peak_force_n: float | None
    mean_power_w: float | None
    peak_power_w: float | None
    mean_propulsive_power_w: float | None
    work_j: float | None
    impulse_ns: float | None
    valid: bool = True
    note: str = ""


@dataclass(frozen=True)
class VelocitySetResult(Result):
    """One set: per-rep metrics and the set summary.

    ``velocity_loss_pct`` is (best - last) / best * 100 with the best (fastest) rep of the set,
    as in the velocity-loss literature; ``velocity_loss_from_first_pct`` uses the first rep.
    The velocity used is ``velocity_metric`` (mean concentric or mean propulsive).
    """

    exercise: str
    load_kg: float | None
    body_mass_kg: float | None
    moving_mass_kg: float | None
    sampling_rate_hz: float
    duration_s: float
    n_reps: int
    velocity_metric: str
    best_velocity_m_s: float | None
    first_velocity_m_s: float | None
    last_velocity_m_s: float | None
    mean_velocity_m_s: float | None
    best_mean_concentric_velocity_m_s: float | None
    best_mean_propulsive_velocity_m_s: float | None
    best_peak_velocity_m_s: float | None
    velocity_loss_pct: float | None
    velocity_loss_from_first_pct: float | None
    effort_index: float | None
    reps_in_reserve_est: float | None
    vl_threshold_pct: float | None
    vl_threshold_crossed: bool
    vl_threshold_rep: int | None
    mean_power_w: float | None
    reps: tuple[RepMetrics, ...]
    method: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    def rows(self) -> list[dict[str, Any]]:
        """One plain dict per rep (for tables, CSV and DataFrames)."""
        return [r.to_dict() for r in self.reps]

    def flat(self) -> dict[str, Any]:
        """The set summary without the per-rep list."""
        d = self.to_dict()
        d.pop("reps")
        d.pop("method")
        d.pop("warnings")
        return d


# ---------------------------------------------------------------------------------------------
# stages


def _position_values(signal: TimeSeries, where: str) -> np.ndarray:
    if signal.n_channels != 1:
        raise InvalidParameterError(
            f"{where}: expected one position or velocity channel, got {signal.n_channels} "
            f"({', '.join(signal.channels)}); select one with TimeSeries.channel()"
        )
    values = signal.values.reshape(-1)
    check_finite_signal(values, where=where, name="bar signal")
    unit = signal.unit.replace(" ", "")
    if unit == "m":
        return values
    if unit in ("m/s", "m_s", "m*s^-1"):
        return np.cumsum(values) / signal.sampling_rate
    if unit == "mm":
        return values / 1000.0
    raise UnitError(
        f"{where}: bar signal unit {signal.unit!r} is not supported; give position in m (or mm) "
        "or velocity in m/s (integrate acceleration first with velocity_from_acceleration)"
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
    block = max(1, int(round(_BLOCK_S * sampling_rate)))
    coarse = position_m[::block]
    if n - 1 > (coarse.shape[0] - 1) * block:  # include the last sample as a block edge
        coarse = np.append(coarse, position_m[-1])
    moving = np.abs(np.diff(coarse)) > _ACTIVE_SPEED_M_S * block / sampling_rate
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


def velocity_segment_reps(
    pos: np.ndarray, vel: np.ndarray, *, sampling_rate: float, profile: ExerciseProfile
) -> list[tuple[int, int, int | None, int | None]]:
    """Concentric phases (and the eccentric phase before each) in smoothed data.

    Returns ``(con_start, con_stop, ecc_start, ecc_stop)`` sample ranges (stop exclusive),
    ``ecc_*`` ``None`` when there is no eccentric phase before the rep.

    Examples
    --------
    >>> t = np.arange(0, 6, 0.001)
    >>> pos = np.where(t < 1, 0, np.where(t < 2, 0.25 * (1 - np.cos(np.pi * (t - 1))), 0.5))
    >>> p, v, a = velocity_kinematics(pos, sampling_rate=1000)
    >>> prof = velocity_exercise_profile("deadlift")
    >>> [(s, e) for s, e, _, _ in velocity_segment_reps(p, v, sampling_rate=1000, profile=prof)]
    [(1022, 1979)]
    """
    idle = profile.idle_velocity_m_s
    sign = np.zeros(vel.shape[0], dtype=np.int8)
    sign[vel > idle] = 1
    sign[vel < -idle] = -1
    change = np.flatnonzero(sign[1:] != sign[:-1]) + 1
    starts = np.concatenate(([0], change))
    stops = np.concatenate((change, [sign.shape[0]]))
    vals = sign[starts]
    persist = max(1, int(round(profile.direction_persistence_s * sampling_rate)))
    min_move = min(0.02, 0.1 * profile.min_rom_m)
    disp = pos[stops - 1] - pos[starts]
    keep = (vals != 0) & (stops - starts >= persist) & (np.abs(disp) >= min_move)
    starts, stops, vals = starts[keep], stops[keep], vals[keep]
    if starts.size == 0:
        return []
    max_gap = int(round(profile.max_pause_s * sampling_rate))
    new_group = np.concatenate(
        ([True], (vals[1:] != vals[:-1]) | (starts[1:] - stops[:-1] > max_gap))
    )
    first = np.flatnonzero(new_group)
    last = np.append(first[1:] - 1, stops.shape[0] - 1)  # stops rise: a group ends at its last
    g_start = starts[first].tolist()
    g_stop = stops[last].tolist()
    g_val = vals[first]
    reps: list[tuple[int, int, int | None, int | None]] = []
    for k in np.flatnonzero(g_val == 1).tolist():
        s, e = g_start[k], g_stop[k]
        rom = float(pos[e - 1] - pos[s])
        if rom < profile.min_rom_m:
            continue
        es: int | None = None
        ee: int | None = None
        if k > 0:
            es, ee = g_start[k - 1], g_stop[k - 1]
            if float(pos[es] - pos[ee - 1]) < 0.5 * profile.min_rom_m:
                es = ee = None
        if profile.require_eccentric and es is None:
            continue
        reps.append((s, e, es, ee))
    return reps


@dataclass(frozen=True)
class _Segmented:
    """Smoothed arrays of one activity region and its rep phases.

    Local index ``j`` of the arrays is input sample ``offset + step * j`` (fractional when the
    arrays are block means: the centre of the block).
    """

    pos: np.ndarray
    vel: np.ndarray
    acc: np.ndarray
    phases: list[tuple[int, int, int | None, int | None]]
    offset: float
    step: int
    raw: np.ndarray  # the unfiltered samples the arrays were computed from


_WINDOW = np.arange(-3, 4)  # samples searched around a phase edge for the idle crossing
# Crossing candidates j (between half-sample velocities j and j + 1 of the window) in order of
# distance from the edge sample, nearer first, the earlier one on a tie.
_RISE_ORDER = np.array([1, 2, 0, 3, 4])
_FALL_ORDER = np.array([2, 3, 1, 4, 0])


def _crossings(
    pos: np.ndarray, fs: float, idle: float, ks: np.ndarray, *, rising: bool
) -> np.ndarray:
    """Vectorised :func:`_crossing` for edges at least 3 samples inside their region."""
    d = np.diff(pos[ks[:, None] + _WINDOW], axis=1) * fs  # d[:, j]: velocity at k - 3 + j + 1/2
    above = d > idle
    hit = (~above[:, :-1] & above[:, 1:]) if rising else (above[:, :-1] & ~above[:, 1:])
    order = _RISE_ORDER if rising else _FALL_ORDER
    j = order[hit[:, order].argmax(axis=1)]
    rows = np.arange(ks.shape[0])
    found = hit[rows, j]
    d0, d1 = d[rows, j], d[rows, j + 1]
    with np.errstate(divide="ignore", invalid="ignore"):
        frac = (idle - d0) / (d1 - d0)
    return np.where(found, ks - 3 + j + 0.5 + frac, ks.astype(np.float64))


# Edge refinement: where the bar sets off from rest (or comes to rest), the idle crossing is
# re-estimated by fitting the unfiltered samples around it with the onset model
# ``x = x0 + c * max(0, t - tau) ** p``: velocity rising as u^(p-1) after the onset, p in [2, 4]
# (p = 2: the force steps up, finite acceleration at once; p = 3: the force ramps up smoothly).
# See _refine_rising_edges. The constants were chosen on simulated squats and checked on held-out
# simulated bench presses, paused, bounced and fast-eccentric reps (see the closing note of
# the VBT issue and tests/signals/velocity/test_velocity.py).
_EDGE_REST_V = 0.2  # x idle: below this the bar counts as not yet moving (the onset side)
_EDGE_FIT_V = 8.0  # x idle: the fit window ends where velocity reaches this...
_EDGE_FIT_PEAK = 0.5  # ...or this share of the rep's peak velocity, whichever comes first
_EDGE_REST_S = 0.05  # at most this much rest before the onset enters the fit
_EDGE_MIN_REST = 3  # samples of rest the fit needs to pin the resting position
_EDGE_SEARCH_S = 0.3  # how far from the crossing the window may reach
_EDGE_MAX_SHIFT_S = 0.03  # a refined crossing further than this from the filtered one is rejected
_EDGE_ITERATIONS = 10  # Levenberg-Marquardt steps (a noise-free onset converges in 8)
_EDGE_P_MIN = 2.0
_EDGE_P_MAX = 4.0
_EDGE_P_SD = 0.5  # weak prior p = 3 +/- 0.5 ...
_EDGE_PRIOR_NOISE_M = 0.0003  # ... weighted as one point with a 1 mm encoder's noise (0.3 mm)
_EDGE_SHORT_S = 0.5  # above 400 Hz only concentric phases shorter than this are refined
_EDGE_POINTS = 20  # at most this many points per fit (block means beyond)


def _solve_spd4(a: list[list[Any]], g: list[np.ndarray], lam: np.ndarray) -> list[np.ndarray]:
    """Levenberg-Marquardt step ``-(A + lam diag(A))^-1 g`` for a batch of 4x4 normal matrices.

    ``a[i][j]`` and ``g[i]`` are arrays over the batch; Cholesky by hand (the damped matrix is
    symmetric positive definite), which for 4x4 systems is far cheaper than a batched
    ``numpy.linalg.solve``.
    """
    m = [
        [a[i][j] * (1.0 + lam) + 1e-300 if i == j else a[i][j] for j in range(4)] for i in range(4)
    ]
    low: list[list[Any]] = [[None] * 4 for _ in range(4)]
    for i in range(4):
        for j in range(i + 1):
            acc = m[i][j] - sum((low[i][k] * low[j][k] for k in range(j)), start=0.0)
            if i == j:
                low[i][i] = np.sqrt(np.maximum(acc, 1e-300))
            else:
                low[i][j] = acc / low[j][j]
    y: list[Any] = [None] * 4
    for i in range(4):
        y[i] = (-g[i] - sum((low[i][k] * y[k] for k in range(i)), start=0.0)) / low[i][i]
    x: list[Any] = [None] * 4
    for i in range(3, -1, -1):
        x[i] = (y[i] - sum((low[k][i] * x[k] for k in range(i + 1, 4)), start=0.0)) / low[i][i]
    return x


def _refine_rising_edges(
    raw: np.ndarray,
    vel: np.ndarray,
    fs: float,
    idle: float,
    t_cross: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    v_peak: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Refine idle crossings of rising edges that start from rest; vectorised over edges.

    Why: the filtered velocity crosses the idle threshold within a few samples of a kink (the
    bar leaving rest), where a low-pass filter both smears the curve and, at low sampling rates,
    lets through the most noise per sample. The onset model uses every sample from the rest
    before the onset up to ``min(8 x idle, peak / 2)``. Measured on simulated squats with a
    real LPT's noise: MCV error sd 0.0019 -> 0.0014 m/s at 100 Hz and 0.0015 -> 0.0008 m/s at
    200 Hz; on 0.32 s bench reps at 1 kHz the filter's bias (MCV 0.015 m/s low) is removed.

    Each edge is fitted by Levenberg-Marquardt on ``(x0, log c, tau, p)`` with time in samples.
    Edges with no rest before them (an eccentric phase turning straight into the concentric
    one, where the velocity crosses idle steeply and the filtered crossing is already good),
    with too little data, or whose fit lands more than 30 ms from the filtered crossing keep
    the filtered estimate.

    Returns ``(t, x, refined)``: crossing (fractional sample index), the model's position there
    and which edges were refined.
    """
    nb = t_cross.shape[0]
    t_out, x_out = t_cross.copy(), np.full(nb, np.nan)
    done = np.zeros(nb, dtype=bool)
    if nb == 0:
        return t_out, x_out, done
    n = raw.shape[0]
    k = np.clip(np.floor(t_cross).astype(np.intp), 0, n - 1)
    w = int(round(_EDGE_SEARCH_S * fs)) + 1
    span = np.arange(w)
    # onset: the last sample at or before the crossing below 0.2 x idle
    back = k[:, None] - span
    below = (back >= lo[:, None]) & (vel[np.clip(back, 0, n - 1)] <= _EDGE_REST_V * idle)
    has_onset = below.any(axis=1)
    i0 = k - below.argmax(axis=1)
    # rest: consecutive samples from the onset backwards with |v| < idle
    pad = int(round(_EDGE_REST_S * fs))
    rb = i0[:, None] - np.arange(pad + 1)
    at_rest = (rb >= lo[:, None]) & (np.abs(vel[np.clip(rb, 0, n - 1)]) < idle)
    n_rest = np.cumprod(at_rest, axis=1).sum(axis=1)
    # end of the window: velocity reaches min(8 x idle, peak / 2)
    limit = np.minimum(_EDGE_FIT_V * idle, _EDGE_FIT_PEAK * v_peak)
    fwd = k[:, None] + span
    reach = (fwd < hi[:, None]) & (vel[np.clip(fwd, 0, n - 1)] >= limit[:, None])
    has_end = reach.any(axis=1)
    i1 = k + reach.argmax(axis=1)
    use = np.flatnonzero(has_onset & has_end & (n_rest >= _EDGE_MIN_REST) & (i1 > k))
    if use.shape[0] == 0:
        return t_out, x_out, done
    r0 = (i0 - n_rest + 1)[use]
    length = (i1[use] - r0) + 1
    # Long windows (slow reps at high rates) are fitted as means of blocks of m samples, so that
    # no window has more than _EDGE_POINTS points: the cost stays bounded per edge.
    m = np.maximum(1, -(-length // _EDGE_POINTS))
    npts = length // m
    mmax = int(m.max())
    jj = np.arange(_EDGE_POINTS)
    qq = np.arange(mmax)
    mask = (jj[None, :] < npts[:, None]).astype(np.float64)
    idx = r0[:, None, None] + m[:, None, None] * jj[None, :, None] + qq[None, None, :]
    inblock = (qq[None, None, :] < m[:, None, None]) & (jj[None, :, None] < npts[:, None, None])
    xw = (raw[np.clip(idx, 0, n - 1)] * inblock).sum(axis=2) / m[:, None]
    tl = m[:, None] * jj[None, :] + 0.5 * (m[:, None] - 1)  # block centres, samples from r0
    blockvar = ((m * m - 1) / 24.0)[:, None]  # zero where the points are single samples
    halfblock = 0.5 * m[:, None]
    nr = n_rest[use]
    rest_pts = (m[:, None] * (jj[None, :] + 1) <= nr[:, None]) & (mask > 0)
    n_rest_pts = np.maximum(rest_pts.sum(axis=1), 1)
    x0 = np.where(rest_pts, xw, 0.0).sum(axis=1) / n_rest_pts
    x0 = np.where(rest_pts.any(axis=1), x0, xw[:, 0])
    tau = nr - 1.0
    p = np.full(use.shape[0], 3.0)
    last = np.maximum(npts - 1, 0)
    rise = np.maximum(xw[np.arange(use.shape[0]), last] - x0, 1e-9)
    lc = np.log(rise) - p * np.log(np.maximum(tl[np.arange(use.shape[0]), last] - tau, 1.0))

    def model(x0_, lc_, tau_, p_):  # type: ignore[no-untyped-def]
        # u is floored at 1e-9 sample instead of 0: u**p (p >= 2) is then ~1e-18 of the
        # scale, which spares the masking of the samples before the onset
        u = np.maximum(tl - tau_[:, None], 1e-9)
        logu = np.log(u)
        with np.errstate(over="ignore", invalid="ignore"):  # a wild trial step: rejected below
            cup = np.exp(lc_[:, None] + p_[:, None] * logu) * mask  # c * u**p
            # a block mean of m samples is the value at the block centre plus f'' (m^2 - 1) / 24
            # (blocks that hold the onset itself are left uncorrected; the Jacobian ignores it)
            curv = np.where(
                u > halfblock, cup * (p_ * (p_ - 1.0))[:, None] / (u * u) * blockvar, 0.0
            )
            r = cup + curv + (x0_[:, None] - xw) * mask
        return r, u, logu, cup

    r, u, logu, cup = model(x0, lc, tau, p)
    # weak prior on the shape, p = 3 +/- _EDGE_P_SD, as one extra residual row scaled by the
    # quantisation noise of a 1 mm encoder: it only matters when a few noisy points leave p
    # poorly determined, and keeps those fits from wandering
    w2 = (_EDGE_PRIOR_NOISE_M / _EDGE_P_SD) ** 2
    sse = np.einsum("bl,bl->b", r, r) + w2 * (p - 3.0) ** 2
    lam = np.full(use.shape[0], 1e-3)
    npt = mask.sum(axis=1)
    for _ in range(_EDGE_ITERATIONS):
        # Jacobian columns: d/dx0 = 1, d/dlog c = c u^p, d/dtau = -p c u^(p-1), d/dp = c u^p ln u
        j1 = cup
        j2 = cup / u
        j2 *= -p[:, None]
        j3 = cup * logu
        cols = (mask, j1, j2, j3)
        a: list[list[Any]] = [[None] * 4 for _ in range(4)]
        for i in range(4):
            for j in range(i, 4):
                a[i][j] = a[j][i] = npt if i == j == 0 else np.einsum("bl,bl->b", cols[i], cols[j])
        g = [np.einsum("bl,bl->b", c_, r) for c_ in cols]
        a[3][3] = a[3][3] + w2
        g[3] = g[3] + w2 * (p - 3.0)
        step = _solve_spd4(a, g, lam)
        x0n = x0 + step[0]
        lcn = lc + step[1]
        taun = tau + step[2]
        pn = np.clip(p + step[3], _EDGE_P_MIN, _EDGE_P_MAX)
        rn, un, logun, cupn = model(x0n, lcn, taun, pn)
        ssen = np.einsum("bl,bl->b", rn, rn) + w2 * (pn - 3.0) ** 2
        better = ssen < sse  # False for NaN
        x0 = np.where(better, x0n, x0)
        lc = np.where(better, lcn, lc)
        tau = np.where(better, taun, tau)
        p = np.where(better, pn, p)
        sse = np.where(better, ssen, sse)
        lam = np.where(better, lam / 3.0, lam * 4.0)
        if better.all():
            r, u, logu, cup = rn, un, logun, cupn
        else:
            r, u, logu, cup = model(x0, lc, tau, p)
    c = np.exp(lc)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        uc = np.power((idle / fs) / (c * p), 1.0 / (p - 1.0))
        tc = r0 + tau + uc
        xc = x0 + c * np.power(uc, p)
    good = (
        np.isfinite(tc)
        & np.isfinite(xc)
        & (np.abs(tc - t_cross[use]) <= _EDGE_MAX_SHIFT_S * fs)
        & (tc <= i1[use])
    )
    sel = use[good]
    t_out[sel] = tc[good]
    x_out[sel] = xc[good]
    done[sel] = True
    return t_out, x_out, done


def _refine_edges(
    raw: np.ndarray,
    vel: np.ndarray,
    fs: float,
    idle: float,
    ts: np.ndarray,
    te: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    v_peak: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Both edges of every rep: the start as a rising edge, the end as a rising edge of the
    time-reversed, negated trace (the bar coming to rest seen backwards is the bar leaving
    rest)."""
    n = raw.shape[0]
    ts2, xs, ok_s = _refine_rising_edges(raw, vel, fs, idle, ts, lo, hi, v_peak)
    te_r, xe_r, ok_e = _refine_rising_edges(
        -raw[::-1], vel[::-1], fs, idle, (n - 1) - te, n - hi, n - lo, v_peak
    )
    return ts2, xs, ok_s, (n - 1) - te_r, -xe_r, ok_e


def _sums(x: np.ndarray, starts: np.ndarray, stops: np.ndarray) -> np.ndarray:
    """``x[starts[i]:stops[i]].sum()`` for sorted, disjoint, non-empty spans (one reduceat)."""
    bounds = np.empty(2 * starts.shape[0], dtype=np.intp)
    bounds[0::2], bounds[1::2] = starts, stops
    if bounds[-1] >= x.shape[0]:  # reduceat needs every bound inside the array
        x = np.append(x, 0.0)
    return np.add.reduceat(x, bounds)[0::2]


def _maxes(x: np.ndarray, starts: np.ndarray, stops: np.ndarray) -> np.ndarray:
    """``x[starts[i]:stops[i]].max()`` for sorted, disjoint, non-empty spans (one reduceat)."""
    bounds = np.empty(2 * starts.shape[0], dtype=np.intp)
    bounds[0::2], bounds[1::2] = starts, stops
    if bounds[-1] >= x.shape[0]:
        x = np.append(x, -np.inf)
    return np.maximum.reduceat(x, bounds)[0::2]


def _first_argmax(x: np.ndarray, starts: np.ndarray, stops: np.ndarray) -> np.ndarray:
    """Index of the first maximum of each span ``x[starts[i]:stops[i]]`` (memory linear in the
    spans' total length)."""
    n = stops - starts
    peak = _maxes(x, starts, stops)
    first = np.concatenate(([0], np.cumsum(n)[:-1]))  # span starts in the concatenation
    within = np.arange(int(n.sum())) - np.repeat(first, n)
    hit = x[np.repeat(starts, n) + within] == np.repeat(peak, n)
    pos = np.where(hit, within, np.iinfo(np.intp).max)
    return starts + np.minimum.reduceat(pos, first)


def _interp_many(x: np.ndarray, t: np.ndarray) -> np.ndarray:
    i = np.minimum(t.astype(np.intp), x.shape[0] - 2)
    x0 = x[i]
    return x0 + (t - i) * (x[i + 1] - x0)


def _reps_metrics(
    segments: Sequence[_Segmented], settings: VelocitySettings, first_number: int
) -> list[RepMetrics]:
    """Metrics of every rep of the given regions, computed for all reps at once.

    The regions' smoothed arrays are laid end to end and every per-rep quantity is one NumPy
    expression over all reps (a rep never reads outside its own region), so the cost per rep
    is building its result object.
    """
    segments = [sg for sg in segments if sg.phases]
    if not segments:
        return []
    fs_in = settings.sampling_rate
    step = segments[0].step
    fs = fs_in / step
    idle = settings.profile.idle_velocity_m_s
    g_path = settings.gravity_along_path_m_s2
    lengths = [sg.pos.shape[0] for sg in segments]
    bases = np.cumsum([0, *lengths[:-1]])
    pos = np.concatenate([sg.pos for sg in segments])
    vel = np.concatenate([sg.vel for sg in segments])
    acc = np.concatenate([sg.acc for sg in segments])
    counts = [len(sg.phases) for sg in segments]
    base = np.repeat(bases, counts)
    lo, hi = base, base + np.repeat(lengths, counts)  # each rep's region [lo, hi)
    off = np.repeat([sg.offset for sg in segments], counts) - step * base
    ph = np.array(
        [
            (a, b, -1 if c is None else c, -1 if d is None else d)
            for sg in segments
            for a, b, c, d in sg.phases
        ],
        dtype=np.intp,
    )
    s, e = ph[:, 0] + base, ph[:, 1] + base
    n = e - s
    # Sub-sample phase boundaries: where velocity crosses the idle threshold, interpolated
    # linearly between half-sample velocities (pos[j+1] - pos[j]) * fs located at j + 1/2, so that
    # MCV (= displacement / duration) depends neither on the sampling grid nor on the extra
    # smoothing of a central difference.
    inner = (s - 3 >= lo) & (e - 1 + 3 <= hi - 1)
    if inner.all():
        ts = _crossings(pos, fs, idle, s, rising=True)
        te = _crossings(pos, fs, idle, e - 1, rising=False)
    else:  # a rep at the very edge of the recording: search within its region only
        ts = np.array(
            [
                l0 + _crossing(pos[l0:h0], fs, idle, k - l0, rising=True)
                for k, l0, h0 in zip(s.tolist(), lo.tolist(), hi.tolist(), strict=True)
            ]
        )
        te = np.array(
            [
                l0 + _crossing(pos[l0:h0], fs, idle, k - l0, rising=False)
                for k, l0, h0 in zip((e - 1).tolist(), lo.tolist(), hi.tolist(), strict=True)
            ]
        )
    # peak velocity: the first maximum of each concentric phase
    k_pk = _first_argmax(vel, s, e)
    p_ts = _interp_many(pos, ts)
    p_te = _interp_many(pos, te)
    # Edges that leave or reach rest are refined with the onset model (_refine_rising_edges)
    # where the filtered crossing is least trustworthy: below 400 Hz, where every analysis sample
    # carries the recording's full noise, and in short concentric phases (< 0.5 s), where the
    # 10 Hz filter's smearing of the kinks reaches the crossings. Elsewhere (block-averaged fast
    # recordings of longer reps) the filtered crossing is already within a few mm/s, and skipping
    # the fit keeps an hour of 1 kHz data well inside its time budget.
    todo = np.flatnonzero((te - ts) < _EDGE_SHORT_S * fs) if step > 1 else np.arange(ts.shape[0])
    if todo.shape[0]:
        raw = np.concatenate([sg.raw for sg in segments])
        ts_r, xs_r, ok_s, te_r, xe_r, ok_e = _refine_edges(
            raw, vel, fs, idle, ts[todo], te[todo], lo[todo], hi[todo], vel[k_pk[todo]]
        )
        ts, te = ts.copy(), te.copy()
        ts[todo] = np.where(ok_s, ts_r, ts[todo])
        p_ts[todo] = np.where(ok_s, xs_r, p_ts[todo])
        te[todo] = np.where(ok_e, te_r, te[todo])
        p_te[todo] = np.where(ok_e, xe_r, p_te[todo])
    duration = (te - ts) / fs
    rom = p_te - p_ts
    mcv = rom / duration
    # propulsive end: the sub-g sample of the phase closest to peak velocity (earlier on a tie)
    sub_g = np.flatnonzero(acc <= -g_path)
    no_pe = np.full(s.shape[0], -1, dtype=np.intp)
    if sub_g.shape[0]:
        j = sub_g.searchsorted(k_pk)
        left = np.where(j > 0, sub_g[np.maximum(j - 1, 0)], -1)
        right = np.where(j < sub_g.shape[0], sub_g[np.minimum(j, sub_g.shape[0] - 1)], -1)
        left = np.where(left >= s, left, -1)
        right = np.where((right >= 0) & (right < e), right, -1)
        use_left = (left >= 0) & ((right < 0) | (k_pk - left <= right - k_pk))
        k_pe = np.where(use_left, left, right)
    else:
        k_pe = no_pe
    has_pe = k_pe >= 0
    k_safe = np.where(has_pe, k_pe, s + 1)
    a_prev, a_k = acc[k_safe - 1], acc[k_safe]
    refine = has_pe & (k_safe > s) & (a_prev > -g_path)
    with np.errstate(divide="ignore", invalid="ignore"):
        t_ref = k_safe - 1 + (a_prev + g_path) / (a_prev - a_k)
    tpe = np.where(has_pe, np.where(refine, t_ref, k_safe.astype(np.float64)), te)
    i_pe = np.where(has_pe, k_pe - s, n - 1)
    prop_duration = (tpe - ts) / fs
    with np.errstate(divide="ignore", invalid="ignore"):
        x_pe = np.where(has_pe, _interp_many(pos, tpe), p_te)  # no braking: MPV = MCV
        mpv = np.where(prop_duration > 0, (x_pe - p_ts) / prop_duration, vel[s])
        pk_loc = (pos[k_pk] - p_ts) / rom * 100.0
    es, ee = ph[:, 2] + base, ph[:, 3] + base
    has_ecc = ph[:, 2] >= 0
    es_safe, ee_safe = np.where(has_ecc, es, s), np.where(has_ecc, ee, s + 1)
    ecc_dur = (ee_safe - es_safe) / fs
    ecc_rom = pos[es_safe] - pos[ee_safe - 1]
    ecc_mv = np.zeros(s.shape[0])
    if has_ecc.any():
        ecc_mv[has_ecc] = -_sums(vel, es[has_ecc], ee[has_ecc]) / (ee - es)[has_ecc]
    mass = settings.moving_mass_kg
    kinetic: list[list[float]] | None = None
    if mass is not None:
        force = acc + g_path
        force *= mass
        power = force * vel
        mean_f = _sums(force, s, e) / n
        mean_p = _sums(power, s, e) / n
        mean_pp = _sums(power, s, s + i_pe + 1) / (i_pe + 1)
        peak_f = _maxes(force, s, e)
        peak_p = _maxes(power, s, e)
        v0, v1 = vel[s], vel[e - 1]
        work = mass * (g_path * rom + 0.5 * (v1 * v1 - v0 * v0))
        impulse = mean_f * duration
        kinetic = [c.tolist() for c in (mean_f, peak_f, mean_p, peak_p, mean_pp, work, impulse)]
    start_index = np.rint(off + step * s).astype(np.int64)
    end_index = np.rint(off + step * (e - 1)).astype(np.int64)
    pe_index = np.rint(off + step * tpe).astype(np.int64)
    t0, t1 = (off + step * s) / fs_in, (off + step * (e - 1)) / fs_in
    columns = [
        c.tolist()
        for c in (
            start_index,
            end_index,
            t0,
            t1,
            (off + step * ts) / fs_in,
            (off + step * te) / fs_in,
            rom,
            duration,
            mcv,
            mpv,
            pe_index,
            prop_duration,
            vel[k_pk],
            (k_pk - ts) / fs,
            pk_loc,
            ecc_dur,
            ecc_rom,
            ecc_mv,
            has_ecc,
        )
    ]
    empty: dict[str, Any] = {
        f.name: None for f in dataclasses.fields(RepMetrics)[5:] if f.name not in ("valid", "note")
    }
    reps: list[RepMetrics] = []
    unreliable = settings.unreliable
    kin_rows = itertools.repeat((None,) * 7) if kinetic is None else zip(*kinetic, strict=True)
    for r, (row, kin) in enumerate(zip(zip(*columns, strict=True), kin_rows, strict=False)):
        (
            i0,
            i1,
            a0,
            a1,
            st,
            en,
            rom_r,
            dur,
            mcv_r,
            mpv_r,
            ipe,
            pdur,
            vpk,
            ttp,
            loc,
            ed,
            er,
            ev,
            he,
        ) = row
        bad = next(((a, b) for a, b in unreliable if a0 < b and a1 > a), None)
        if bad is not None:
            reps.append(
                RepMetrics(
                    first_number + r,
                    i0,
                    i1,
                    a0,
                    a1,
                    **empty,
                    valid=False,
                    note=f"velocity unreliable between {bad[0]:.2f} and {bad[1]:.2f} s "
                    "(integration drift); metrics withheld",
                )
            )
            continue
        reps.append(
            RepMetrics(
                first_number + r,
                i0,
                i1,
                st,
                en,
                rom_r,
                dur,
                mcv_r,
                mpv_r,
                ipe,
                pdur,
                vpk,
                ttp,
                loc if rom_r > 0 else None,
                ed if he else None,
                er if he else None,
                ev if he else None,
                *kin,
            )
        )
    return reps


def _crossing(pos: np.ndarray, fs: float, idle: float, k: int, *, rising: bool) -> float:
    """Fractional sample index near ``k`` where the half-sample velocity crosses ``idle``.

    Plain Python on the 7 samples around ``k`` (a handful of floats: cheaper than NumPy calls).
    """
    lo, hi = max(0, k - 3), min(pos.shape[0] - 1, k + 3)
    p = pos[lo : hi + 1].tolist()
    d = [(b - a) * fs for a, b in zip(p, p[1:], strict=False)]  # d[j]: velocity at lo + j + 1/2
    best_j, best_dist = -1, math.inf
    for j in range(len(d) - 1):
        if rising:
            hit = d[j] <= idle < d[j + 1]
            dist = abs(lo + j + 1.5 - k)
        else:
            hit = d[j] > idle >= d[j + 1]
            dist = abs(lo + j + 0.5 - k)
        if hit and dist < best_dist:
            best_j, best_dist = j, dist
    if best_j < 0:
        return float(k)
    j = best_j
    if rising:
        return lo + j + 0.5 + (idle - d[j]) / (d[j + 1] - d[j])
    return lo + j + 0.5 + (d[j] - idle) / (d[j] - d[j + 1])


def _interp(x: np.ndarray, t: float) -> float:
    i = min(int(t), x.shape[0] - 2)
    x0, x1 = float(x[i]), float(x[i + 1])
    return x0 + (t - i) * (x1 - x0)


def _decimation_step(sampling_rate: float, lowpass_hz: float) -> int:
    """Input samples averaged into one analysis sample (1 below twice the analysis rate)."""
    return max(1, int(sampling_rate // max(_ANALYSIS_RATE_HZ, 10.0 * lowpass_hz)))


def _region_phases(
    position_m: np.ndarray, region: tuple[int, int], settings: VelocitySettings, origin: int = 0
) -> _Segmented | None:
    """Filter and segment one activity region (``None`` when no rep can fit in it).

    Above 400 Hz the region is first reduced to block means of ``step`` samples (analysis rate
    >= 200 Hz and >= 10 x the cut-off). Averaging keeps the noise power per hertz of the
    recording (variance / step at rate / step), so a 1 kHz trace keeps its accuracy while the
    filter and the segmentation touch ``step`` times fewer samples. Blocks are aligned to
    absolute sample indices (``origin`` is the absolute index of ``position_m[0]``) so that the
    streaming detector, which sees other windows of the same data, averages the same blocks.
    """
    r0, r1 = region
    step = _decimation_step(settings.sampling_rate, settings.lowpass_hz)
    if step > 1:
        a0 = r0 + (-(origin + r0)) % step
        nb = (r1 - a0) // step
        stop = a0 + nb * step
        x = position_m[a0:stop:step].copy()
        for k in range(1, step):  # strided sums: cheaper than reshape(...).mean(axis=1)
            x += position_m[a0 + k : stop : step]
        x *= 1.0 / step
        offset = a0 + 0.5 * (step - 1)
    else:
        x = position_m[r0:r1]
        offset = float(r0)
    if x.shape[0] and float(x.max()) - float(x.min()) < 0.5 * settings.profile.min_rom_m:
        # No rep fits: a rep needs a smoothed rise of min_rom_m, and the zero-lag low-pass
        # cannot stretch the range by anything near 2x (an unrack, a re-rack, a bump).
        return None
    fs = settings.sampling_rate / step
    pos, vel, acc = velocity_kinematics(x, sampling_rate=fs, lowpass_hz=settings.lowpass_hz)
    phases = velocity_segment_reps(pos, vel, sampling_rate=fs, profile=settings.profile)
    return _Segmented(pos, vel, acc, phases, offset, step, x) if phases else None


def _region_reps(
    position_m: np.ndarray,
    region: tuple[int, int],
    settings: VelocitySettings,
    first_number: int,
    origin: int = 0,
) -> list[RepMetrics]:
    """Reps of one region: the shared core of the batch analysis and the streaming detector."""
    seg = _region_phases(position_m, region, settings, origin)
    return [] if seg is None else _reps_metrics([seg], settings, first_number)


@dataclass(frozen=True)
class SetVelocityStats(Result):
    """Velocity statistics of one set (m/s and %), from its reps' velocities in order."""

    n_reps: int
    best_m_s: float | None
    first_m_s: float | None
    last_m_s: float | None
    mean_m_s: float | None
    velocity_loss_pct: float | None
    velocity_loss_from_first_pct: float | None
    effort_index: float | None
    reps_in_reserve_est: float | None
    vl_threshold_pct: float | None
    vl_threshold_crossed: bool
    vl_threshold_rep: int | None
    warnings: tuple[str, ...] = ()


def velocity_set_stats(
    velocities_m_s: Sequence[float],
    *,
    rep_numbers: Sequence[int] | None = None,
    mvt_m_s: float | None = None,
    vl_threshold_pct: float | None = None,
) -> SetVelocityStats:
    """Best / first / last / mean velocity, velocity loss, effort index and reps in reserve of a set.

    The one implementation behind :func:`velocity_set_summary` (signals, streams) and the
    per-rep summary files of commercial apps.

    * ``velocity_loss_pct`` = (best - last) / best x 100 (best = fastest rep of the set);
      ``velocity_loss_from_first_pct`` uses the first rep instead.
    * The threshold flag marks the first rep whose loss from the fastest rep so far reaches
      ``vl_threshold_pct``.
    * Effort index = the first rep's velocity x ``velocity_loss_pct``, the definition of
      Rodriguez-Rosell et al. (2018): first-rep mean velocity times % velocity loss in the set.
    * Reps in reserve: the rep-by-rep decline from the best rep on (least squares, >= 3 reps),
      extrapolated down to ``mvt_m_s``.

    Examples
    --------
    >>> s = velocity_set_stats([0.80, 0.78, 0.74, 0.70, 0.66], mvt_m_s=0.3, vl_threshold_pct=15)
    >>> round(s.velocity_loss_pct, 1), s.vl_threshold_rep, round(s.reps_in_reserve_est, 1)
    (17.5, 5, 10.0)
    """
    where = "velocity_set_stats"
    vels = np.asarray(velocities_m_s, dtype=float).reshape(-1)
    if vels.size and not (np.all(np.isfinite(vels)) and np.all(vels > 0)):
        raise InvalidParameterError(f"{where}: velocities must be positive finite numbers (m/s)")
    numbers = list(rep_numbers) if rep_numbers is not None else list(range(1, vels.size + 1))
    if len(numbers) != vels.size:
        raise InvalidParameterError(
            f"{where}: {len(numbers)} rep numbers for {vels.size} velocities"
        )
    warn: list[str] = []
    if not vels.size:
        return SetVelocityStats(
            0,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            vl_threshold_pct,
            False,
            None,
            ("no valid reps: set metrics are empty",),
        )
    i_best = int(np.argmax(vels))
    best, first, last = float(vels[i_best]), float(vels[0]), float(vels[-1])
    vl = (best - last) / best * 100.0
    crossed_rep = None
    if vl_threshold_pct is not None:
        running_best = np.maximum.accumulate(vels)
        over = np.flatnonzero((running_best - vels) / running_best * 100.0 >= vl_threshold_pct)
        if over.size:
            crossed_rep = int(numbers[int(over[0])])
    rir = None
    tail = vels[i_best:]
    if mvt_m_s is not None and tail.size >= 3:
        slope = float(np.polyfit(np.arange(tail.size, dtype=float), tail, 1)[0])
        if slope < 0:
            rir = max(0.0, (last - mvt_m_s) / -slope)
        else:
            warn.append("velocity did not decline within the set; reps in reserve not estimated")
    return SetVelocityStats(
        n_reps=int(vels.size),
        best_m_s=best,
        first_m_s=first,
        last_m_s=last,
        mean_m_s=float(vels.mean()),
        velocity_loss_pct=vl,
        velocity_loss_from_first_pct=(first - last) / first * 100.0,
        effort_index=first * vl,
        reps_in_reserve_est=rir,
        vl_threshold_pct=vl_threshold_pct,
        vl_threshold_crossed=crossed_rep is not None,
        vl_threshold_rep=crossed_rep,
        warnings=tuple(warn),
    )


def velocity_set_summary(
    reps: Sequence[RepMetrics],
    settings: VelocitySettings,
    *,
    duration_s: float,
    warnings: Sequence[str] = (),
) -> VelocitySetResult:
    """Set-level metrics from per-rep metrics (used by the batch analysis and the stream).

    Velocity loss is computed on ``settings.velocity_metric`` over valid reps. The effort index is
    the first rep's velocity times the velocity loss from the best rep (%), as defined by
    Rodriguez-Rosell et al. (2018). Reps in reserve are estimated by
    extrapolating the rep-by-rep velocity decline (least squares from the best rep on) down to the
    exercise's minimal velocity threshold; ``None`` (with a warning) when fewer than 3 reps
    follow the best one, the velocity does not decline, or no MVT is known.
    """
    warn = list(warnings)
    key = _METRIC_FIELD[settings.velocity_metric]
    valid = [r for r in reps if r.valid]
    stats = velocity_set_stats(
        [getattr(r, key) for r in valid],
        rep_numbers=[r.rep for r in valid],
        mvt_m_s=settings.profile.mvt_m_s,
        vl_threshold_pct=settings.vl_threshold_pct,
    )
    best, first, last, mean = stats.best_m_s, stats.first_m_s, stats.last_m_s, stats.mean_m_s
    vl, vl_first, ei, rir = (
        stats.velocity_loss_pct,
        stats.velocity_loss_from_first_pct,
        stats.effort_index,
        stats.reps_in_reserve_est,
    )
    crossed, crossed_rep = stats.vl_threshold_crossed, stats.vl_threshold_rep
    if stats.n_reps and settings.profile.mvt_m_s is None:
        warn.append(
            f"no minimal velocity threshold for {settings.profile.name}; reps in "
            "reserve not estimated (pass mvt_m_s)"
        )
    warn += list(stats.warnings)
    if len(reps) != len(valid):
        warn.append(f"{len(reps) - len(valid)} rep(s) excluded as unreliable")
    if settings.load_kg is None:
        warn.append("no load_kg given: force, power, work and impulse not computed")
    elif settings.profile.body_mass_fraction > 0 and settings.body_mass_kg is None:
        warn.append(
            f"no body_mass_kg given: {settings.profile.name} kinetics use the bar load only "
            f"(body-mass share {settings.profile.body_mass_fraction:g} ignored)"
        )

    def best_of(name: str) -> float | None:
        vals = [getattr(r, name) for r in valid]
        return max(vals) if vals else None

    powers = [r.mean_power_w for r in valid if r.mean_power_w is not None]
    return VelocitySetResult(
        exercise=settings.profile.name,
        load_kg=settings.load_kg,
        body_mass_kg=settings.body_mass_kg,
        moving_mass_kg=settings.moving_mass_kg,
        sampling_rate_hz=settings.sampling_rate,
        duration_s=float(duration_s),
        n_reps=len(valid),
        velocity_metric=settings.velocity_metric,
        best_velocity_m_s=best,
        first_velocity_m_s=first,
        last_velocity_m_s=last,
        mean_velocity_m_s=mean,
        best_mean_concentric_velocity_m_s=best_of("mean_concentric_velocity_m_s"),
        best_mean_propulsive_velocity_m_s=best_of("mean_propulsive_velocity_m_s"),
        best_peak_velocity_m_s=best_of("peak_velocity_m_s"),
        velocity_loss_pct=vl,
        velocity_loss_from_first_pct=vl_first,
        effort_index=ei,
        reps_in_reserve_est=rir,
        vl_threshold_pct=settings.vl_threshold_pct,
        vl_threshold_crossed=crossed,
        vl_threshold_rep=crossed_rep,
        mean_power_w=float(np.mean(powers)) if powers else None,
        reps=tuple(reps),
        method=settings.method(),
        warnings=tuple(dict.fromkeys(warn)),
    )


def velocity_analyze_set(
    signal: TimeSeries,
    *,
    exercise: str | ExerciseProfile,
    load_kg: float | None = None,
    body_mass_kg: float | None = None,
    lowpass_hz: float = 10.0,
    velocity_metric: VelocityMetric = "mean_concentric",
    vl_threshold_pct: float | None = None,
    pad_s: float = 1.0,
    unreliable: Sequence[tuple[float, float]] = (),
    min_rom_m: float | None = None,
    direction_persistence_s: float | None = None,
    idle_velocity_m_s: float | None = None,
    max_pause_s: float | None = None,
    require_eccentric: bool | None = None,
    body_mass_fraction: float | None = None,
    incline_deg: float | None = None,
    mvt_m_s: float | None = None,
) -> VelocitySetResult:
    """Segment a bar trace into reps and compute per-rep and per-set metrics.

    Parameters
    ----------
    signal : TimeSeries
        Bar position (unit ``"m"`` or ``"mm"``, up positive) or velocity (``"m/s"``), one channel.
    exercise : str or ExerciseProfile
        Exercise key (see :data:`~neurolift.signals.velocity.EXERCISES`) or a profile.
    load_kg : float, optional
        External load, kg (> 0). Without it force, power, work and impulse are ``None``.
    body_mass_kg : float, optional
        Lifter's body mass, kg; its exercise-specific share moves with the bar.
    lowpass_hz : float
        Cut-off of the zero-lag Butterworth low-pass on position, Hz (default 10).
    velocity_metric : {"mean_concentric", "mean_propulsive"}
        Rep velocity used for the set summary and velocity loss.
    vl_threshold_pct : float, optional
        Velocity-loss threshold, %; the result flags the first rep whose loss from the fastest
        rep so far reaches it.
    pad_s : float
        Rest kept around each activity region, s.
    unreliable : sequence of (start_s, end_s)
        Intervals where the velocity cannot be trusted (IMU drift); reps overlapping them are
        reported as invalid with no metrics.
    min_rom_m, direction_persistence_s, idle_velocity_m_s, max_pause_s, require_eccentric, body_mass_fraction, incline_deg, mvt_m_s
        Override the exercise profile.

    Returns
    -------
    VelocitySetResult

    Raises
    ------
    SignalError
        NaN gaps, or no rep found (the message says which threshold to relax).

    References
    ----------
    Sanchez-Medina L, Perez CE, Gonzalez-Badillo JJ (2010). Int J Sports Med 31:123-129.

    Examples
    --------
    >>> from neurolift.signals.velocity import velocity_simulate_set
    >>> sim = velocity_simulate_set(mean_velocities_m_s=[0.8, 0.75, 0.7], rom_m=0.5,
    ...                             sampling_rate=1000, random_state=1)
    >>> res = velocity_analyze_set(sim.signal, exercise="back_squat", load_kg=100)
    >>> res.n_reps, [round(r.mean_concentric_velocity_m_s, 2) for r in res.reps]
    (3, [0.8, 0.75, 0.7])
    >>> round(res.velocity_loss_pct, 1)
    12.4
    """
    where = "velocity_analyze_set"
    if not isinstance(signal, TimeSeries):
        raise InvalidParameterError(
            f"{where}: signal must be a TimeSeries, got {type(signal).__name__}"
        )
    overrides = {
        "min_rom_m": min_rom_m,
        "direction_persistence_s": direction_persistence_s,
        "idle_velocity_m_s": idle_velocity_m_s,
        "max_pause_s": max_pause_s,
        "require_eccentric": require_eccentric,
        "body_mass_fraction": body_mass_fraction,
        "incline_deg": incline_deg,
    }
    if mvt_m_s is not None:
        overrides["mvt_m_s"] = mvt_m_s
    settings = _settings(
        exercise,
        signal.sampling_rate,
        load_kg=load_kg,
        body_mass_kg=body_mass_kg,
        lowpass_hz=lowpass_hz,
        pad_s=pad_s,
        velocity_metric=velocity_metric,
        vl_threshold_pct=vl_threshold_pct,
        overrides={k: v for k, v in overrides.items() if v is not None},
        where=where,
    )
    if unreliable:
        settings = VelocitySettings(
            **{
                **settings.__dict__,
                "unreliable": tuple((float(a), float(b)) for a, b in unreliable),
            }
        )
    position = _position_values(signal, where)
    regions = velocity_active_regions(
        position, sampling_rate=settings.sampling_rate, pad_s=settings.pad_s
    )
    if not regions and position.shape[0] * 1.0 / settings.sampling_rate < 2 * settings.pad_s:
        regions = [(0, position.shape[0])]
    segments = [_region_phases(position, region, settings) for region in regions]
    reps = _reps_metrics([sg for sg in segments if sg is not None], settings, 1)
    if not reps:
        span = float(np.ptp(position))
        raise SignalError(
            f"{where}: no reps found in {signal.duration:.1f} s of data (bar travel {span:.3f} m); "
            f"a rep needs a concentric range of at least {settings.profile.min_rom_m:g} m"
            + (" after an eccentric phase" if settings.profile.require_eccentric else "")
            + " - check the unit and the exercise, or lower min_rom_m"
        )
    t0 = signal.t0
    if t0:
        reps = [_shift(r, t0) for r in reps]
    return velocity_set_summary(reps, settings, duration_s=signal.duration)


def _shift(rep: RepMetrics, t0: float) -> RepMetrics:
    return dataclasses.replace(rep, start_s=rep.start_s + t0, end_s=rep.end_s + t0)
