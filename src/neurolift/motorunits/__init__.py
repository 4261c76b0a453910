"""neurolift motorunits."""
