"""Set-level metrics: best / first / last / mean velocity, velocity loss, effort index and reps in
reserve."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from neurolift.errors import InvalidParameterError
from neurolift.signals.velocity.results import RepMetrics, SetVelocityStats, VelocitySetResult
from neurolift.signals.velocity.settings import METRIC_FIELD, VelocitySettings

__all__ = ["velocity_set_stats", "velocity_set_summary"]


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
    key = METRIC_FIELD[settings.velocity_metric]
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
