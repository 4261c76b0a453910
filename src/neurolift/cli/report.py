"""`neurolift report ATHLETE --week 2026-W48 --out report.pdf` (or .html); `--squad` for all."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from neurolift.cli._common import DatabaseOption, FormatOption, open_store
from neurolift.cli._output import OutputFormat, emit


def register(root: typer.Typer) -> None:
    root.command("report")(report)


def report(
    athlete: str | None = typer.Argument(None, help="Athlete name (omit with --squad)."),
    week: str | None = typer.Option(
        None, "--week", help="ISO week, e.g. 2026-W48 (default: this week)."
    ),
    out: Path = typer.Option(..., "--out", help="Output file: .pdf or .html."),
    squad: bool = typer.Option(
        False, "--squad", help="Squad overview of every athlete with training data."
    ),
    database_url: str | None = DatabaseOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Weekly athlete report or squad overview, as PDF or HTML."""
    from neurolift.errors import InvalidParameterError
    from neurolift.services.readiness import iso_week, squad_readiness, weekly_report_for
    from neurolift.training import reports

    suffix = out.suffix.lower()
    if suffix not in (".pdf", ".html"):
        raise InvalidParameterError(f"report: --out must end in .pdf or .html, got {out.name!r}")
    store = open_store(database_url)
    if squad:
        _, end = reports.report_parse_week(week or iso_week(dt.date.today()))
        squad_r = squad_readiness(store, date=end)
        (reports.report_squad_pdf if suffix == ".pdf" else reports.report_squad_html)(
            squad_r.athletes, out, date=end
        )
        emit(
            {
                "file": str(out),
                "athletes": len(squad_r.athletes),
                "red": squad_r.count("red"),
                "yellow": squad_r.count("yellow"),
            },
            format,
        )
        return
    if athlete is None:
        raise InvalidParameterError("report: give an athlete name or --squad")
    rep = weekly_report_for(store, athlete, week)
    (reports.report_write_pdf if suffix == ".pdf" else reports.report_write_html)(rep, out)
    emit(
        {
            "file": str(out),
            "athlete": athlete,
            "week": rep.week,
            "status": rep.readiness.status,
            "overreaching": rep.readiness.overreaching,
            **rep.summary,
        },
        format,
    )
