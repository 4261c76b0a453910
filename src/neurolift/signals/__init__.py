"""neurolift signals."""
