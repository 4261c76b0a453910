"""neurolift batch."""
