"""Static figures (PNG/PDF) with matplotlib's Agg backend, for the CLI and reports."""
