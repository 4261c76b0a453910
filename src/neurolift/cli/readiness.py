"""`neurolift readiness ATHLETE`: green/yellow/red with reasons, bad day vs sustained decline."""

from __future__ import annotations

import datetime as dt

import typer

from neurolift.cli._common import DatabaseOption, FormatOption, open_store
from neurolift.cli._output import OutputFormat, emit, stderr


def register(root: typer.Typer) -> None:
    root.command("readiness")(readiness)


def readiness(
    athlete: str = typer.Argument(..., help="Athlete name."),
    date: str | None = typer.Option(
        None, "--date", help="Day to assess (default: the latest record)."
    ),
    exercise: str | None = typer.Option(
        None, "--exercise", help="Exercise for velocity at the reference load."
    ),
    reference_load_kg: float | None = typer.Option(None, "--reference-load-kg"),
    database_url: str | None = DatabaseOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Combined readiness (CMJ, velocity at a reference load, wellness, sleep) with reasons."""
    from neurolift.errors import InvalidParameterError

    try:
        day = dt.date.fromisoformat(date) if date else None
    except ValueError:
        raise InvalidParameterError(f"readiness: --date must be YYYY-MM-DD, got {date!r}") from None
    from neurolift.services.readiness import readiness_for

    r = readiness_for(
        open_store(database_url),
        athlete,
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
        title=f"{athlete} {r.date}: {r.status.upper()} ({r.overreaching.replace('_', ' ')})",
    )
    if format is OutputFormat.table:
        for reason in r.reasons:
            stderr.print(f"- {reason}")
        for w in r.warnings:
            stderr.print(f"warning: {w}")
