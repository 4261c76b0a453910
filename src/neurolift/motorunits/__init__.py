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
