"""neurolift training."""
