"""Force-plate analysis: countermovement, squat and drop jumps, multi-jump recordings, isometric pulls.

Every result is a frozen dataclass with SI units in its field names, the method that produced
it (``method``) and quality warnings (``warnings``).
"""

from neurolift.signals.force.analyze import FORCE_TESTS, force_analyze, force_detect_test
from neurolift.signals.force.dropjump import (
    DropJumpResult,
    MultiJumpResult,
    ReboundJump,
    dj_metrics,
    multijump_metrics,
)
from neurolift.signals.force.isometric import IsometricResult, imtp_metrics
from neurolift.signals.force.jumps import (
    JumpProcess,
    JumpResult,
    SideMetrics,
    cmj_metrics,
    jump_metrics_batch,
    jump_process,
    sj_metrics,
)
from neurolift.signals.force.simulate import SimulatedJump, force_simulate_jump

__all__ = [
    "FORCE_TESTS",
    "DropJumpResult",
    "IsometricResult",
    "JumpProcess",
    "JumpResult",
    "MultiJumpResult",
    "ReboundJump",
    "SideMetrics",
    "SimulatedJump",
    "cmj_metrics",
    "dj_metrics",
    "force_analyze",
    "force_detect_test",
    "force_simulate_jump",
    "imtp_metrics",
    "jump_metrics_batch",
    "jump_process",
    "multijump_metrics",
    "sj_metrics",
]
