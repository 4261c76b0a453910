"""Barbell velocity: the one-call analysis of a set (smoothing, rep segmentation, per-rep and
per-set metrics).

The pipeline works on bar position (m, up positive) sampled at a known rate:

1. **Activity regions.** A cheap pass over 0.1 s blocks finds where the bar moves (more than
   5 cm/s on average over a block); each region is padded by ``pad_s`` of rest on both sides.
   Only these regions are filtered and segmented, so an hour of mostly-resting data costs a
   fraction of a full pass, and a region seen by the streaming detector is the same region the
   batch analysis sees.
2. **Smoothing.** Recordings faster than 400 Hz are first reduced to means of consecutive blocks
   of samples (blocks aligned to the absolute sample index; analysis rate >= 200 Hz and >= 10x
   the cut-off). Averaging keeps the noise power per hertz, so a 1 kHz trace keeps its accuracy
   while the filter and the segmentation touch 5x fewer samples. Then a 4th-order zero-lag
   Butterworth low-pass (default 10 Hz) on position; velocity and acceleration by central
   differences.
3. **Segmentation.** Velocity above ``+idle`` / below ``-idle`` marks up / down movement; a
   direction run shorter than the direction persistence (25 ms, Chronojump) or moving the bar
   less than ``min(2 cm, 10 % of min ROM)`` is ignored; runs of the same direction merge unless
   the bar rests longer than ``max_pause_s`` (0.5 s) between them. An up
   phase with ROM >= ``min_rom_m`` (preceded, if the exercise requires it, by a down phase of at
   least half that) is a rep. The threshold only detects reps.
4. **Phase edges** (``phase_edges``). ``"zero"`` (default): the concentric phase runs from the
   instant the bar starts to move up to the instant it stops, velocity 0 to 0, as in the
   load-velocity studies (Gonzalez-Badillo & Sanchez-Medina 2010; Sanchez-Medina et al. 2017)
   and Chronojump (curves cut at 0 m/s). Where the bar leaves or reaches rest, the onset
   ``tau`` of ``x = x0 + c max(0, t - tau)^p`` fitted to the unfiltered samples; where it turns
   without resting, the zero crossing of the filtered velocity. ``"idle"``: where velocity
   crosses ``idle_velocity_m_s``, to match a device that trims reps with a threshold (it
   overstates MCV against the whole phase by 6-33 %).
5. **Per rep.** Mean concentric velocity (MCV); mean propulsive velocity (MPV) up to the
   propulsive end, the sample with acceleration <= ``-g sin(incline)`` closest to the peak
   velocity (Sanchez-Medina et al. 2010, as coded in Chronojump's ``findPropulsiveEnd``) within
   a run of such samples lasting half a period of the low-pass cut-off (50 ms at 10 Hz), so a
   noisy dip is not a braking phase; peak velocity, its time and % of ROM; ROM; durations;
   force ``F = m (a + g sin(incline))`` with ``m = load + body_mass_fraction * body mass``;
   power ``F v``; work and impulse.
6. **Per set.** Best / first / last / mean velocity, velocity loss, effort index, reps in
   reserve estimate and a velocity-loss threshold flag.

References
----------
Gonzalez-Badillo JJ, Sanchez-Medina L (2010). Movement velocity as a measure of loading
intensity in resistance training. Int J Sports Med 31:347-352. doi:10.1055/s-0030-1248333.
Sanchez-Medina L, Perez CE, Gonzalez-Badillo JJ (2010). Importance of the propulsive phase in
strength assessment. Int J Sports Med 31:123-129. doi:10.1055/s-0029-1242815.
Sanchez-Medina L, Gonzalez-Badillo JJ (2011). Velocity loss as an indicator of neuromuscular
fatigue during resistance training. Med Sci Sports Exerc 43:1725-1734.
Rodriguez-Rosell D, Yanez-Garcia JM, Torres-Torrelo J, et al. (2018). Effort index as a novel
variable for monitoring the level of effort during resistance exercises. J Strength Cond Res
32:2139-2153. doi:10.1519/JSC.0000000000002629.
Chronojump-Boscosystem, ``encoder/util.R`` (findCurvesNew, findPropulsiveEnd), GPL-2.0+.

The stages live in their own modules: ``settings`` (options and ``method``), ``kinematics``
(position, activity regions, filter), ``segment`` (reps), ``edges`` (sub-sample phase edges),
``metrics`` (per rep), ``sets`` (per set), ``results`` (the result types).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from neurolift.errors import InvalidParameterError, SignalError
from neurolift.signals.velocity.edges import EdgeRule
from neurolift.signals.velocity.kinematics import velocity_active_regions, velocity_bar_position
from neurolift.signals.velocity.metrics import reps_metrics
from neurolift.signals.velocity.profiles import ExerciseProfile
from neurolift.signals.velocity.results import RepMetrics, VelocitySetResult
from neurolift.signals.velocity.segment import region_phases
from neurolift.signals.velocity.sets import velocity_set_summary
from neurolift.signals.velocity.settings import VelocityMetric, VelocitySettings, velocity_settings
from neurolift.timeseries import TimeSeries

__all__ = ["velocity_analyze_set"]


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
    phase_edges: EdgeRule = "zero",
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
    phase_edges : {"zero", "idle"}
        Where a concentric phase starts and ends. ``"zero"`` (default): the instant the bar
        starts to move up and the instant it stops (velocity 0), the phase over which the
        load-velocity equations average (Gonzalez-Badillo & Sanchez-Medina 2010) and at which
        Chronojump cuts its curves. ``"idle"``: where velocity crosses ``idle_velocity_m_s``,
        to match a device that trims its reps with a threshold. Either way the threshold
        detects the reps; the rule is recorded in ``method``.
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
    (3, [0.81, 0.76, 0.71])
    >>> round(res.velocity_loss_pct, 1), res.method["phase_edges"]
    (12.5, 'zero')
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
    settings = velocity_settings(
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
        phase_edges=phase_edges,
    )
    if unreliable:
        settings = VelocitySettings(
            **{
                **settings.__dict__,
                "unreliable": tuple((float(a), float(b)) for a, b in unreliable),
            }
        )
    position = velocity_bar_position(signal, where=where)
    regions = velocity_active_regions(
        position, sampling_rate=settings.sampling_rate, pad_s=settings.pad_s
    )
    if not regions and position.shape[0] * 1.0 / settings.sampling_rate < 2 * settings.pad_s:
        regions = [(0, position.shape[0])]
    segments = [region_phases(position, region, settings) for region in regions]
    reps = reps_metrics([sg for sg in segments if sg is not None], settings, 1)
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
