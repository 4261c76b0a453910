"""Barbell velocity (velocity-based training): reps, MCV/MPV, kinetics, set fatigue, streaming.

Every result is a frozen dataclass with SI units in its field names, the method that produced
it (``method``) and quality warnings (``warnings``). The streaming detector
(:class:`VelocityStream`) runs the very same per-region code as :func:`velocity_analyze_set`.
"""

from neurolift.signals.velocity.analyze import velocity_analyze_set
from neurolift.signals.velocity.imu import ImuVelocity, velocity_from_acceleration
from neurolift.signals.velocity.kinematics import (
    velocity_active_regions,
    velocity_bar_position,
    velocity_kinematics,
)
from neurolift.signals.velocity.profiles import (
    EXERCISES,
    ExerciseProfile,
    velocity_exercise_profile,
)
from neurolift.signals.velocity.results import RepMetrics, SetVelocityStats, VelocitySetResult
from neurolift.signals.velocity.segment import velocity_segment_reps
from neurolift.signals.velocity.sets import velocity_set_stats, velocity_set_summary
from neurolift.signals.velocity.settings import VelocitySettings
from neurolift.signals.velocity.simulate import SimulatedRep, SimulatedSet, velocity_simulate_set
from neurolift.signals.velocity.stream import RepEvent, VelocityStream

__all__ = [
    "EXERCISES",
    "ExerciseProfile",
    "ImuVelocity",
    "RepEvent",
    "VelocityStream",
    "velocity_from_acceleration",
    "RepMetrics",
    "SetVelocityStats",
    "SimulatedRep",
    "SimulatedSet",
    "VelocitySetResult",
    "VelocitySettings",
    "velocity_active_regions",
    "velocity_analyze_set",
    "velocity_bar_position",
    "velocity_exercise_profile",
    "velocity_kinematics",
    "velocity_segment_reps",
    "velocity_set_stats",
    "velocity_set_summary",
    "velocity_simulate_set",
]
