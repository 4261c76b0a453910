"""`neurolift log`: record sets, plyometric contacts, NMES doses and wellness; import/export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from neurolift.cli._common import (
    AthleteOption,
    DatabaseOption,
    DateOption,
    FormatOption,
    OldFormatOption,
    OldOption,
    OutOption,
    old_format,
    open_store,
    parse_date,
    prefer,
)
from neurolift.cli._output import OutputFormat, emit, stderr

app = typer.Typer(no_args_is_help=True)
Athlete = AthleteOption()
Date = DateOption("--date", "Day (default today; never in the future).")
Exercise = typer.Option(..., "--exercise", help="Exercise key, e.g. back_squat or box_jump.")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="log", help="Training log: sets, plyometrics, NMES, wellness.")


def _save(database_url: str | None, log, format: OutputFormat, number_sets: bool = False) -> None:  # type: ignore[no-untyped-def]
    from neurolift.services.athletes import log_entries_save

    emit(log_entries_save(open_store(database_url), log, number_sets=number_sets), format)


def _day(date: str | None) -> dt.date:
    return parse_date(date, "--date") or dt.date.today()


@app.command("set")
def set_(
    athlete: str = Athlete,
    exercise: str = Exercise,
    load_kg: float = typer.Option(..., "--load-kg", help="Load on the bar, kg."),
    reps: int = typer.Option(..., "--reps", help="Repetitions completed."),
    date: str | None = Date,
    set_index: int | None = typer.Option(
        None, "--set", help="Set number of the day for this exercise (default: the next one)."
    ),
    rir: float | None = typer.Option(None, "--rir", help="Repetitions in reserve (0-10)."),
    rpe: float | None = typer.Option(None, "--rpe", help="Rating of perceived exertion (1-10)."),
    mean_velocity_m_s: float | None = typer.Option(
        None, "--velocity-m-s", help="Mean (concentric) velocity of the best rep."
    ),
    velocity_loss_pct: float | None = typer.Option(
        None, "--velocity-loss-pct", help="Velocity loss measured over the set, %."
    ),
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
    exercise: str = Exercise,
    contacts: int = typer.Option(..., "--contacts", help="Foot contacts of the drill."),
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
    frequency_hz: float = typer.Option(..., "--frequency-hz", help="Pulse frequency, Hz."),
    pulse_width_us: float = typer.Option(..., "--pulse-width-us", help="Pulse width, us."),
    on_s: float = typer.Option(..., "--on-s", help="Stimulation on-time per contraction, s."),
    off_s: float = typer.Option(..., "--off-s", help="Rest between contractions, s."),
    contractions: int = typer.Option(..., "--contractions", help="Evoked contractions."),
    muscle: str = typer.Option("quadriceps", "--muscle", help="Stimulated muscle."),
    intensity_ma: float | None = typer.Option(
        None, "--intensity-ma", help="Current amplitude, mA."
    ),
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
    sleep_h: float = typer.Option(..., "--sleep-h", help="Hours slept last night."),
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
    with progress_bar(f"importing {file.name}", count="bytes") as progress:
        result = log_import(store, file, athlete=athlete, progress=progress)
    emit(result, format, title="log import")


@app.command("export")
def export(
    athlete: str = Athlete,
    out: Path = OutOption("Target file, .csv or .json."),
    since: str | None = DateOption("--since", "First day (default: the first entry)."),
    until: str | None = DateOption("--until", "Last day (default: the last entry)."),
    old_from: str | None = OldOption("--from", "--since"),
    old_to: str | None = OldOption("--to", "--until"),
    database_url: str | None = DatabaseOption,
    format: str | None = OldFormatOption,
) -> None:
    """Export the athlete's log to CSV or JSON (what it wrote goes to stderr)."""
    from neurolift.services.athletes import log_export

    old_format(format)
    first = parse_date(prefer(since, old_from, new="--since", old="--from"), "--since")
    last = parse_date(prefer(until, old_to, new="--until", old="--to"), "--until")
    r = log_export(open_store(database_url), athlete, out, start=first, end=last)
    stderr.print(f"wrote {r.entries} entries of {athlete} to {r.file}")
