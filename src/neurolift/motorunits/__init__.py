"""neurolift motorunits."""

# Decomposed-unit analysis (issue 4).
from neurolift.motorunits.analysis import (
    MUAnalysis,
    MUPropertiesResult,
    PoolSynchrony,
    UnitProperties,
    mu_analyze,
    mu_pool_synchrony,
    mu_properties,
    mu_sil_units,
)

# HD-EMG decomposition (issue 14).
from neurolift.motorunits.decompose import (
    DecomposeProgress,
    DecompositionSummary,
    MUSeparation,
    mu_decompose,
    mu_decompose_apply,
    mu_decompose_summary,
    mu_match_units,
    mu_rate_of_agreement,
)
from neurolift.motorunits.muap import mu_conduction_velocity, mu_sta

# Pool simulator (issue 5).
from neurolift.motorunits.pool import (
    ContractionMetrics,
    MotorUnitPool,
    MuscularState,
    NeuralState,
    PoolSimulation,
    excitation_ramp,
    excitation_step,
    excitation_trapezoid,
)
from neurolift.motorunits.synthetic_emg import (
    HDEMGSimulation,
    discharges_write_csv,
    hdemg_simulate,
    semg_simulate,
)

__all__ = [
    "DecomposeProgress",
    "DecompositionSummary",
    "MUSeparation",
    "mu_decompose",
    "mu_decompose_apply",
    "mu_decompose_summary",
    "mu_match_units",
    "mu_rate_of_agreement",
    "MUAnalysis",
    "MUPropertiesResult",
    "PoolSynchrony",
    "UnitProperties",
    "mu_analyze",
    "mu_conduction_velocity",
    "mu_pool_synchrony",
    "mu_properties",
    "mu_sil_units",
    "mu_sta",
    "ContractionMetrics",
    "MotorUnitPool",
    "MuscularState",
    "NeuralState",
    "PoolSimulation",
    "excitation_ramp",
    "excitation_step",
    "excitation_trapezoid",
    "HDEMGSimulation",
    "discharges_write_csv",
    "hdemg_simulate",
    "semg_simulate",
]
