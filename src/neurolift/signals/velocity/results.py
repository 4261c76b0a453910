"""Result types of the barbell-velocity analysis: one rep, one set, a set's velocity statistics."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from neurolift._results import Result

__all__ = ["RepMetrics", "SetVelocityStats", "VelocitySetResult"]


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
