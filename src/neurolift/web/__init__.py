"""neurolift web."""
