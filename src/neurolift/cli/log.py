"""`neurolift log`: record sets, plyometric contacts, NMES doses and wellness; import/export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from neurolift.cli._common import DatabaseOption, FormatOption, open_store
from neurolift.cli._output import OutputFormat, emit

app = typer.Typer(no_args_is_help=True)
Athlete = typer.Option(..., "--athlete", help="Athlete name.")
Date = typer.Option(None, "--date", help="Day (YYYY-MM-DD, default today; never in the future).")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="log", help="Training log: sets, plyometrics, NMES, wellness.")


def _save(database_url: str | None, log, format: OutputFormat, number_sets: bool = False) -> None:  # type: ignore[no-untyped-def]
    from neurolift.services.athletes import log_entries_save

    emit(log_entries_save(open_store(database_url), log, number_sets=number_sets), format)


def _day(date: str | None) -> str:
    return date or dt.date.today().isoformat()


@app.command("set")
def set_(
    athlete: str = Athlete,
    exercise: str = typer.Option(..., "--exercise"),
    load_kg: float = typer.Option(..., "--load-kg"),
    reps: int = typer.Option(..., "--reps"),
    date: str | None = Date,
    set_index: int | None = typer.Option(
        None, "--set", help="Set number of the day for this exercise (default: the next one)."
    ),
    rir: float | None = typer.Option(None, "--rir"),
    rpe: float | None = typer.Option(None, "--rpe"),
    mean_velocity_m_s: float | None = typer.Option(
        None, "--velocity-m-s", help="Mean (concentric) velocity of the best rep."
    ),
    velocity_loss_pct: float | None = typer.Option(None, "--velocity-loss-pct"),
    database_url: str | None = DatabaseOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Log one set (checked against the stored 1RM)."""
    from neurolift.training.traininglog import TrainingLog, log_set

    s = log_set(
        date=_day(date),
        exercise=exercise,
        load_kg=load_kg,
        reps=reps,
        set_index=1 if set_index is None else set_index,
        rir=rir,
        rpe=rpe,
        mean_velocity_m_s=mean_velocity_m_s,
        velocity_loss_pct=velocity_loss_pct,
    )
    _save(database_url, TrainingLog(athlete, sets=(s,)), format, number_sets=set_index is None)


@app.command("plyo")
def plyo(
    athlete: str = Athlete,
    exercise: str = typer.Option(..., "--exercise"),
    contacts: int = typer.Option(..., "--contacts"),
    date: str | None = Date,
    database_url: str | None = DatabaseOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Log plyometric foot contacts of one drill."""
    from neurolift.training.traininglog import TrainingLog, log_plyo

    _save(
        database_url,
        TrainingLog(
            athlete, plyometrics=(log_plyo(date=_day(date), exercise=exercise, contacts=contacts),)
        ),
        format,
    )


@app.command("nmes")
def nmes(
    athlete: str = Athlete,
    frequency_hz: float = typer.Option(..., "--frequency-hz"),
    pulse_width_us: float = typer.Option(..., "--pulse-width-us"),
    on_s: float = typer.Option(..., "--on-s"),
    off_s: float = typer.Option(..., "--off-s"),
    contractions: int = typer.Option(..., "--contractions"),
    muscle: str = typer.Option("quadriceps", "--muscle"),
    intensity_ma: float | None = typer.Option(None, "--intensity-ma"),
    date: str | None = Date,
    database_url: str | None = DatabaseOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Log one NMES session's dose."""
    from neurolift.training.traininglog import TrainingLog, log_nmes

    e = log_nmes(
        date=_day(date),
        muscle=muscle,
        frequency_hz=frequency_hz,
        pulse_width_us=pulse_width_us,
        on_s=on_s,
        off_s=off_s,
        contractions=contractions,
        intensity_ma=intensity_ma,
    )
    _save(database_url, TrainingLog(athlete, nmes=(e,)), format)


@app.command("wellness")
def wellness(
    athlete: str = Athlete,
    sleep_h: float = typer.Option(..., "--sleep-h"),
    sleep_quality: int = typer.Option(..., "--sleep-quality", help="1 poor - 5 very good"),
    energy: int = typer.Option(..., "--energy", help="1 - 5"),
    mood: int = typer.Option(..., "--mood", help="1 - 5"),
    stress: int = typer.Option(..., "--stress", help="1 none - 5 severe"),
    soreness: int = typer.Option(..., "--soreness", help="1 none - 5 severe"),
    date: str | None = Date,
    database_url: str | None = DatabaseOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Log the morning check-in (sleep and the 5-item questionnaire)."""
    from neurolift.training.traininglog import TrainingLog, log_wellness

    e = log_wellness(
        date=_day(date),
        sleep_h=sleep_h,
        sleep_quality=sleep_quality,
        energy=energy,
        mood=mood,
        stress=stress,
        soreness=soreness,
    )
    _save(database_url, TrainingLog(athlete, wellness=(e,)), format)


@app.command("import")
def import_(
    file: Path = typer.Argument(..., help="Log file (.csv with a 'type' column, or .json)."),
    athlete: str | None = typer.Option(
        None, "--athlete", help="Athlete of the rows that name none (rows naming one keep it)."
    ),
    database_url: str | None = DatabaseOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Import a whole log file, each row under the athlete it names.

    Every entry is checked; one bad entry saves nothing. Importing the same file again stores
    nothing twice (entries already stored are counted as such); an entry that clashes with a
    stored one (same athlete, day, exercise and set number, other values) is refused.
    """
    from neurolift.cli._progress import progress_bar
    from neurolift.services.athletes import log_import

    store = open_store(database_url)
    with progress_bar(f"importing {file.name}") as progress:
        result = log_import(store, file, athlete=athlete, progress=progress)
    emit(result, format, title="log import")


@app.command("export")
def export(
    athlete: str = Athlete,
    out: Path = typer.Option(..., "--out", help="Target file, .csv or .json."),
    start: str | None = typer.Option(None, "--from", help="First day (YYYY-MM-DD)."),
    end: str | None = typer.Option(None, "--to", help="Last day (YYYY-MM-DD)."),
    database_url: str | None = DatabaseOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Export the athlete's log to CSV or JSON."""
    from neurolift.services.athletes import log_export

    r = log_export(
        open_store(database_url),
        athlete,
        out,
        start=dt.date.fromisoformat(start) if start else None,
        end=dt.date.fromisoformat(end) if end else None,
    )
    emit(r, format)
