"""`neurolift report --athlete NAME --week 2026-W48 --out report.pdf` (or .html); `--squad` for all."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from neurolift.cli._common import (
    DatabaseOption,
    OldAthleteArgument,
    OldFormatOption,
    OptionalAthleteOption,
    OutOption,
    old_athlete,
    old_format,
    open_store,
)
from neurolift.cli._output import stderr


def register(root: typer.Typer) -> None:
    root.command("report")(report)


def report(
    old_athlete_arg: str | None = OldAthleteArgument,
    athlete: str | None = OptionalAthleteOption("Athlete name (omit with --squad)."),
    week: str | None = typer.Option(
        None, "--week", help="ISO week, e.g. 2026-W48 (default: this week)."
    ),
    out: Path = OutOption("Output file: .pdf or .html."),
    squad: bool = typer.Option(
        False, "--squad", help="Squad overview of every athlete with training data."
    ),
    database_url: str | None = DatabaseOption,
    format: str | None = OldFormatOption,
) -> None:
    """Weekly athlete report or squad overview, as PDF or HTML (what it wrote goes to stderr)."""
    from neurolift.errors import InvalidParameterError
    from neurolift.services.readiness import iso_week, squad_readiness, weekly_report_for
    from neurolift.training import reports

    old_format(format)
    name = old_athlete(athlete, old_athlete_arg, "report")
    suffix = out.suffix.lower()
    if suffix not in (".pdf", ".html"):
        raise InvalidParameterError(f"report: --out must end in .pdf or .html, got {out.name!r}")
    if name is None and not squad:
        raise InvalidParameterError("report: give --athlete NAME or --squad")
    store = open_store(database_url)
    if squad:
        _, end = reports.report_parse_week(week or iso_week(dt.date.today()))
        squad_r = squad_readiness(store, date=end)
        (reports.report_squad_pdf if suffix == ".pdf" else reports.report_squad_html)(
            squad_r.athletes, out, date=end
        )
        stderr.print(
            f"wrote {out}: {len(squad_r.athletes)} athletes, {squad_r.count('red')} red, "
            f"{squad_r.count('yellow')} yellow"
        )
        return
    assert name is not None
    rep = weekly_report_for(store, name, week)
    (reports.report_write_pdf if suffix == ".pdf" else reports.report_write_html)(rep, out)
    r = rep.readiness
    stderr.print(
        f"wrote {out}: {name} {rep.week}, {r.status} ({r.overreaching.replace('_', ' ')}), "
        f"{rep.summary.get('sets', 0)} sets"
    )
