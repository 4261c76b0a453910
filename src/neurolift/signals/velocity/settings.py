"""Analysis settings of a bar trace: the exercise profile, filter and set options, built once and
shared by the batch analysis and the streaming detector; ``VelocitySettings.method()`` is what
every result records as its ``method``."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

from neurolift._validation import check_positive, check_range
from neurolift.errors import InvalidParameterError
from neurolift.signals.velocity.edges import EDGE_RULES, EdgeRule
from neurolift.signals.velocity.profiles import ExerciseProfile, velocity_exercise_profile
from neurolift.units import STANDARD_GRAVITY_M_S2

# Helpers shared inside signals.velocity (decimation_step) are not public API;
# the public names follow docs/naming.md.
__all__ = [
    "ACTIVE_SPEED_M_S",
    "ANALYSIS_RATE_HZ",
    "BLOCK_S",
    "METRIC_FIELD",
    "VelocityMetric",
    "VelocitySettings",
    "velocity_settings",
]

VelocityMetric = Literal["mean_concentric", "mean_propulsive"]
METRIC_FIELD = {
    "mean_concentric": "mean_concentric_velocity_m_s",
    "mean_propulsive": "mean_propulsive_velocity_m_s",
}
BLOCK_S = 0.1
ACTIVE_SPEED_M_S = 0.05
ANALYSIS_RATE_HZ = 200.0  # recordings faster than twice this are analysed as block means


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
    phase_edges: EdgeRule = "zero"

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
            / decimation_step(self.sampling_rate, self.lowpass_hz),
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
            "phase_edges": self.phase_edges,
            "phase_edges_rule": EDGE_RULES[self.phase_edges],
            "propulsive_end": "concentric sample with a <= -g sin(incline) closest to peak velocity "
            "(Sanchez-Medina 2010: the propulsive phase is where a >= -g; Chronojump "
            "findPropulsiveEnd), within a run of such samples lasting at least 1 / (2 lowpass_hz) "
            "(50 ms at 10 Hz): shorter dips are noise or filter ringing, not braking",
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


def velocity_settings(
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
    phase_edges: str = "zero",
) -> VelocitySettings:
    """Validated settings (the one place the analysis options are checked)."""
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
    if velocity_metric not in METRIC_FIELD:
        raise InvalidParameterError(
            f"{where}: unknown velocity_metric {velocity_metric!r}; choose one of "
            f"{', '.join(METRIC_FIELD)}"
        )
    if vl_threshold_pct is not None:
        vl_threshold_pct = check_range("vl_threshold_pct", vl_threshold_pct, 1.0, 90.0, where=where)
    if phase_edges not in EDGE_RULES:
        raise InvalidParameterError(
            f"{where}: unknown phase_edges {phase_edges!r}; choose 'zero' (the bar starts and "
            "stops, velocity 0) or 'idle' (idle_velocity_m_s crossings, as a threshold device)"
        )
    return VelocitySettings(
        profile,
        float(sampling_rate),
        load_kg,
        body_mass_kg,
        lowpass_hz,
        pad_s,
        velocity_metric,  # type: ignore[arg-type]
        vl_threshold_pct,
        phase_edges=phase_edges,  # type: ignore[arg-type]
    )


def decimation_step(sampling_rate: float, lowpass_hz: float) -> int:
    """Input samples averaged into one analysis sample (1 below twice the analysis rate)."""
    return max(1, int(sampling_rate // max(ANALYSIS_RATE_HZ, 10.0 * lowpass_hz)))
