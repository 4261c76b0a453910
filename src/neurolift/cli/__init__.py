"""Command-line interface (Typer + Rich). Thin: parse, call the core, format."""
