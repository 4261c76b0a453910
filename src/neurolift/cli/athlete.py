"""`neurolift athlete`: add, show and list athletes."""

from __future__ import annotations

import typer

from neurolift.cli._common import DatabaseOption, FormatOption, open_store
from neurolift.cli._output import OutputFormat, emit

app = typer.Typer(no_args_is_help=True)


@app.command("add")
def add(
    name: str = typer.Argument(..., help="Athlete name (unique)."),
    body_mass_kg: float | None = typer.Option(None, "--body-mass-kg", help="Body mass, kg."),
    sex: str | None = typer.Option(None, "--sex"),
    level: str | None = typer.Option(None, "--level", help="beginner|intermediate|advanced|elite"),
    database_url: str | None = DatabaseOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Add an athlete to the store."""
    rec = open_store(database_url).add_athlete(name, body_mass_kg=body_mass_kg, sex=sex, level=level)
    emit(rec, format)


@app.command("show")
def show(name: str, database_url: str | None = DatabaseOption, format: OutputFormat = FormatOption) -> None:
    """Show one athlete."""
    emit(open_store(database_url).get_athlete(name), format)


@app.command("list")
def list_(database_url: str | None = DatabaseOption, format: OutputFormat = FormatOption) -> None:
    """List all athletes."""
    emit([a.to_dict() for a in open_store(database_url).list_athletes()], format, title="athletes")
