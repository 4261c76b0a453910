"""`neurolift demo`: analyse the shipped sample recordings and print the tables."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo() -> None:
        """Analyse the example recordings shipped with neurolift and print the results."""
