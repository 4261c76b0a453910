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
    from neurolift.cli.readiness import assess
    from neurolift.errors import InvalidParameterError, NeuroliftError
    from neurolift.store.training_repo import log_load, readiness_series, squad_names
    from neurolift.training import reports

    suffix = out.suffix.lower()
    if suffix not in (".pdf", ".html"):
        raise InvalidParameterError(f"report: --out must end in .pdf or .html, got {out.name!r}")
    store = open_store(database_url)
    if week is None:
        y, w, _ = dt.date.today().isocalendar()
        week = f"{y}-W{w:02d}"
    start, end = reports.report_parse_week(week)
    if squad:
        rows = []
        for name in squad_names(store):
            try:
                rows.append(assess(store, name, end, None, None))
            except NeuroliftError:
                continue
        (reports.report_squad_pdf if suffix == ".pdf" else reports.report_squad_html)(
            rows, out, date=end
        )
        emit(
            {
                "file": str(out),
                "athletes": len(rows),
                "red": sum(r.status == "red" for r in rows),
                "yellow": sum(r.status == "yellow" for r in rows),
            },
            format,
        )
        return
    if athlete is None:
        raise InvalidParameterError("report: give an athlete name or --squad")
    log = log_load(store, athlete, end=end)
    readiness = assess(store, athlete, min(end, _last_day(log, end)), None, None)
    rep = reports.report_weekly(athlete, week, log, readiness_series(store, athlete), readiness)
    (reports.report_write_pdf if suffix == ".pdf" else reports.report_write_html)(rep, out)
    emit(
        {
            "file": str(out),
            "athlete": athlete,
            "week": week,
            "status": readiness.status,
            "overreaching": readiness.overreaching,
            **rep.summary,
        },
        format,
    )


def _last_day(log, end: dt.date) -> dt.date:  # type: ignore[no-untyped-def]
    days = [e.date for e in (*log.sets, *log.wellness, *log.plyometrics) if e.date <= end]
    return max(days) if days else end
