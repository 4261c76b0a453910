"""`neurolift readiness --athlete NAME`: green/yellow/red with reasons, bad day vs sustained decline."""

from __future__ import annotations

import typer

from neurolift.cli._common import (
    DatabaseOption,
    DateOption,
    FormatOption,
    OldAthleteArgument,
    OptionalAthleteOption,
    athlete_name,
    open_store,
    parse_date,
)
from neurolift.cli._output import OutputFormat, emit, stderr


def register(root: typer.Typer) -> None:
    root.command("readiness")(readiness)


def readiness(
    old_athlete: str | None = OldAthleteArgument,
    athlete: str | None = OptionalAthleteOption(),
    date: str | None = DateOption("--date", "Day to assess (default: the latest record)."),
    exercise: str | None = typer.Option(
        None, "--exercise", help="Exercise for velocity at the reference load."
    ),
    reference_load_kg: float | None = typer.Option(
        None,
        "--reference-load-kg",
        help="Reference load for the velocity marker, kg (default: the ~1 m/s load).",
    ),
    database_url: str | None = DatabaseOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Combined readiness (CMJ, velocity at a reference load, wellness, sleep) with reasons."""
    from neurolift.services.readiness import readiness_for

    name = athlete_name(athlete, old_athlete, "readiness")
    day = parse_date(date, "--date")
    r = readiness_for(
        open_store(database_url),
        name,
        date=day,
        exercise=exercise,
        reference_load_kg=reference_load_kg,
    )
    if format is OutputFormat.json:
        emit(r, format)
        return
    emit(
        [m.to_dict() for m in r.markers],
        format,
        title=f"{name} {r.date}: {r.status.upper()} ({r.overreaching.replace('_', ' ')})",
    )
    if format is OutputFormat.table:
        for reason in r.reasons:
            stderr.print(f"- {reason}")
        for w in r.warnings:
            stderr.print(f"warning: {w}")
