"""`neurolift plan`: create a program from the athlete's profile, show or check it."""

from __future__ import annotations

from pathlib import Path

import typer

from neurolift.cli._common import (
    AthleteOption,
    DatabaseOption,
    DateOption,
    FormatOption,
    OldOption,
    OutOption,
    VlThresholdOption,
    open_store,
    parse_date,
    prefer,
)
from neurolift.cli._output import OutputFormat, emit, stderr, write_csv

app = typer.Typer(no_args_is_help=True)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="plan", help="Training programs by level and goal.")


@app.command("create")
def create(
    athlete: str = AthleteOption("Athlete name (with a profile)."),
    goal: str = typer.Option(..., "--goal", help="strength|power|hypertrophy"),
    weeks: int = typer.Option(..., "--weeks", help="Program length, weeks."),
    days: int = typer.Option(..., "--days", help="Sessions per week."),
    start: str | None = DateOption("--start", "First day (default today)."),
    taper: bool = typer.Option(False, "--taper", help="End with a 2-week taper."),
    nmes: bool = typer.Option(False, "--nmes", help="Add NMES twice a week."),
    plyometrics: bool = typer.Option(
        True, "--plyometrics/--no-plyometrics", help="Plyometric drills in the sessions."
    ),
    out: Path | None = OutOption("Also write every set to this CSV.", default=None),
    database_url: str | None = DatabaseOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Generate, check and store a program; print one row per week (json: the whole program)."""
    from neurolift.services.plan import plan_create_for, program_week_rows

    start_d = parse_date(start, "--start")
    stored = plan_create_for(
        open_store(database_url),
        athlete,
        goal=goal,
        weeks=weeks,
        days=days,
        start_date=start_d,
        taper=taper,
        nmes=nmes,
        plyometrics=plyometrics,
    )
    prog = stored.program
    stderr.print(f"saved program {stored.id} for {athlete}")
    if out is not None:
        rows = prog.set_rows()
        write_csv(rows, out)
        stderr.print(f"wrote {len(rows)} sets to {out}")
    if format is OutputFormat.json:
        emit(prog, format)
        return
    emit(
        program_week_rows(prog),
        format,
        title=f"{athlete}: {prog.level} {prog.goal}, {prog.n_weeks} weeks x {prog.days_per_week} days",
    )
    for wmsg in prog.warnings:
        stderr.print(f"warning: {wmsg}")


@app.command("show")
def show(
    athlete: str = AthleteOption(),
    week: int | None = typer.Option(None, "--week", help="Only this week of the program."),
    database_url: str | None = DatabaseOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Show the latest stored program, one row per prescribed set."""
    from neurolift.services.plan import program_stored_rows

    stored = program_stored_rows(open_store(database_url), athlete, week=week)
    emit(list(stored.rows), format, title=f"{athlete}: program {stored.id}")


@app.command("whatif")
def whatif(
    athlete: str = AthleteOption(),
    days: int = typer.Option(14, "--days", help="Horizon, days."),
    marker: str | None = typer.Option(
        None, "--marker", help="jump_height_impulse_m or velocity_ref_m_s (default: CMJ if logged)."
    ),
    database_url: str | None = DatabaseOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Banister fitness-fatigue MODEL fitted to the athlete's log: taper what-ifs (not a forecast)."""
    from neurolift.services.plan import whatif_for

    r = whatif_for(open_store(database_url), athlete, days=days, marker=marker)
    if format is OutputFormat.json:
        emit(r, format)
        return
    fit = r.fit
    emit(
        list(r.scenarios),
        format,
        title=f"{athlete}: {fit.label} on {r.marker} (R2 {fit.r2 if fit.r2 is None else round(fit.r2, 2)})",
    )
    for wmsg in r.warnings:
        stderr.print(f"warning: {wmsg}")


@app.command("progress")
def progress(
    athlete: str = AthleteOption(),
    exercise: str = typer.Option(..., "--exercise", help="Exercise key, e.g. back_squat."),
    rule: str = typer.Option("double", "--rule", help="double|rir|velocity"),
    rep_range: str = typer.Option(
        "8-12", "--rep-range", help="Double progression's range, e.g. 8-12."
    ),
    target_rir: float = typer.Option(2.0, "--target-rir", help="RIR rule: the RIR aimed at."),
    target_reps: int | None = typer.Option(
        None, "--target-reps", help="RIR rule: reps per set (default: as logged)."
    ),
    target_velocity_m_s: float | None = typer.Option(
        None, "--target-velocity-m-s", help="Velocity rule: first-rep velocity aimed at, m/s."
    ),
    database_url: str | None = DatabaseOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Next load for an exercise from its latest logged session (work sets = the day's top load)."""
    from neurolift.errors import InvalidParameterError
    from neurolift.services.plan import next_load_for

    try:
        lo, hi = (int(x) for x in rep_range.split("-"))
    except ValueError:
        raise InvalidParameterError(
            f"plan progress: --rep-range must look like 8-12, got {rep_range!r}"
        ) from None
    decision = next_load_for(
        open_store(database_url),
        athlete,
        exercise,
        rule=rule,  # type: ignore[arg-type]
        rep_range=(lo, hi),
        target_rir=target_rir,
        target_reps=target_reps,
        target_velocity_m_s=target_velocity_m_s,
    )
    emit(decision, format)


@app.command("today")
def today(
    athlete: str = AthleteOption(),
    exercise: str = typer.Option(..., "--exercise", help="Exercise key, e.g. back_squat."),
    percent_1rm: float = typer.Option(..., "--percent-1rm", help="Planned intensity, % 1RM."),
    date: str | None = DateOption("--date", "Day (default: the latest logged day)."),
    vl_threshold_pct: float | None = VlThresholdOption,
    old_cap: float | None = OldOption("--velocity-loss-cap-pct", "--vl-threshold-pct"),
    database_url: str | None = DatabaseOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Today's load: the day's load-velocity profile (>= 3 warm-up loads with velocities) or the
    stored 1RM, adjusted by today's readiness and rounded to plates."""
    from neurolift.services.plan import load_today_for

    res = load_today_for(
        open_store(database_url),
        athlete,
        exercise,
        percent_1rm=percent_1rm,
        date=parse_date(date, "--date"),
        velocity_loss_cap_pct=prefer(
            vl_threshold_pct, old_cap, new="--vl-threshold-pct", old="--velocity-loss-cap-pct"
        ),
    )
    emit(res, format)
