"""neurolift signals/force."""
