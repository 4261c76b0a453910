"""neurolift motorunits."""

# Decomposed-unit analysis (issue 4).
from neurolift.motorunits.analysis import MUPropertiesResult, UnitProperties, mu_properties

__all__ = ["MUPropertiesResult", "UnitProperties", "mu_properties"]
