"""`neurolift demo`: analyse the shipped sample recordings and print the tables."""

from __future__ import annotations

from pathlib import Path

import typer

from neurolift.cli._common import FormatOption, OutOption
from neurolift.cli._output import OutputFormat, emit, stderr


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo(
        out: Path = OutOption("Folder for the demo plots.", default=Path("out")),
        format: OutputFormat = FormatOption,
    ) -> None:
        """Analyse the shipped samples (jumps, a barbell set) and run the training model."""
        from neurolift.services.demo import demo_tables

        tables = demo_tables(out)
        if format is OutputFormat.json:  # one JSON document
            emit({name: table for name, (_, table) in tables.items()}, format)
        else:
            for title, table in tables.values():
                emit(table, format, title=title)
        stderr.print(
            f"plots in {out}/; try: neurolift force analyze FILE --sampling-rate 1000 --format json"
        )
