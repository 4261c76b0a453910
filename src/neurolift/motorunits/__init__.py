"""neurolift motorunits."""

# Decomposed-unit analysis (issue 4).
from neurolift.motorunits.analysis import MUPropertiesResult, UnitProperties, mu_properties
from neurolift.motorunits.muap import mu_conduction_velocity, mu_sta

__all__ = ["MUPropertiesResult", "UnitProperties", "mu_conduction_velocity", "mu_properties", "mu_sta"]
