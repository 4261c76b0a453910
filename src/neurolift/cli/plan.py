"""`neurolift plan`: create a program from the athlete's profile, show or check it."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import typer

from neurolift.cli._common import DatabaseOption, FormatOption, open_store
from neurolift.cli._output import OutputFormat, emit, stderr

app = typer.Typer(no_args_is_help=True)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="plan", help="Training programs by level and goal.")


@app.command("create")
def create(
    athlete: str = typer.Option(..., "--athlete", help="Athlete name (with a profile)."),
    goal: str = typer.Option(..., "--goal", help="strength|power|hypertrophy"),
    weeks: int = typer.Option(..., "--weeks", help="Program length, weeks."),
    days: int = typer.Option(..., "--days", help="Sessions per week."),
    start: str | None = typer.Option(
        None, "--start", help="First day (YYYY-MM-DD, default today)."
    ),
    taper: bool = typer.Option(False, "--taper", help="End with a 2-week taper."),
    nmes: bool = typer.Option(False, "--nmes", help="Add NMES twice a week."),
    plyometrics: bool = typer.Option(True, "--plyometrics/--no-plyometrics"),
    out: Path | None = typer.Option(None, "--out", help="Also write every set to this CSV."),
    database_url: str | None = DatabaseOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Generate, check and store a program; print one row per week (json: the whole program)."""
    from neurolift.errors import InvalidParameterError
    from neurolift.store.training_repo import profile_load, program_save
    from neurolift.training.programs import program_check, program_create

    store = open_store(database_url)
    profile = profile_load(store, athlete)
    try:
        start_d = dt.date.fromisoformat(start) if start else dt.date.today()
    except ValueError:
        raise InvalidParameterError(
            f"plan create: --start must be YYYY-MM-DD, got {start!r}"
        ) from None
    prog = program_create(
        profile,
        goal=goal,
        weeks=weeks,
        days=days,
        start_date=start_d,
        taper=taper,
        nmes=nmes,
        plyometrics=plyometrics,
    )
    problems = program_check(prog)
    if problems:  # the generator must never produce this; refuse to store it
        raise InvalidParameterError(f"plan create: generated plan breaks its rules: {problems[0]}")
    pid = program_save(store, prog)
    stderr.print(f"saved program {pid} for {athlete}")
    if out is not None:
        rows = prog.set_rows()
        with out.open("w", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows([{k: ("" if v is None else v) for k, v in r.items()} for r in rows])
        stderr.print(f"wrote {len(rows)} sets to {out}")
    if format is OutputFormat.json:
        emit(prog, format)
        return
    summary = []
    for b in prog.blocks:
        for w in b.weeks:
            sets = [
                st
                for s in w.sessions
                for e in s.exercises
                if e.kind == "resistance"
                for st in e.sets
            ]
            pcts = [st.percent_1rm for st in sets if st.percent_1rm is not None]
            summary.append(
                {
                    "week": w.index,
                    "block": b.name,
                    "phase": b.phase,
                    "kind": w.kind,
                    "sessions": len(w.sessions),
                    "sets": len(sets),
                    "top_percent_1rm": max(pcts) if pcts else None,
                    "focus": "/".join(s.focus for s in w.sessions),
                    "plyo_contacts": sum(s.contacts for s in w.sessions),
                }
            )
    emit(
        summary,
        format,
        title=f"{athlete}: {prog.level} {prog.goal}, {prog.n_weeks} weeks x {prog.days_per_week} days",
    )
    for wmsg in prog.warnings:
        stderr.print(f"warning: {wmsg}")


@app.command("show")
def show(
    athlete: str = typer.Option(..., "--athlete"),
    week: int | None = typer.Option(None, "--week", help="Only this week of the program."),
    database_url: str | None = DatabaseOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Show the latest stored program, one row per prescribed set."""
    from neurolift.store.training_repo import program_latest

    payload = program_latest(open_store(database_url), athlete)
    rows = []
    for b in payload["blocks"]:
        for w in b["weeks"]:
            if week is not None and w["index"] != week:
                continue
            for s in w["sessions"]:
                for e in s["exercises"]:
                    for i, st in enumerate(e["sets"], 1):
                        rows.append(
                            {
                                "week": w["index"],
                                "date": s["date"],
                                "focus": s["focus"],
                                "exercise": e["exercise"],
                                "set": i,
                                **st,
                            }
                        )
    emit(rows, format, title=f"{athlete}: program {payload['id']}")


@app.command("whatif")
def whatif(
    athlete: str = typer.Option(..., "--athlete"),
    days: int = typer.Option(14, "--days", help="Horizon, days."),
    marker: str | None = typer.Option(
        None, "--marker", help="jump_height_m or velocity_ref_m_s (default: CMJ if logged)."
    ),
    database_url: str | None = DatabaseOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Banister fitness-fatigue MODEL fitted to the athlete's log: taper what-ifs (not a forecast)."""
    import numpy as np

    from neurolift.errors import NotFoundError
    from neurolift.store.training_repo import log_load, readiness_series
    from neurolift.training.banister import banister_fit, banister_whatif
    from neurolift.training.traininglog import log_daily_load

    store = open_store(database_url)
    series = {s.name: s for s in readiness_series(store, athlete)}
    name = marker or next((m for m in ("jump_height_m", "velocity_ref_m_s") if m in series), None)
    if name is None or name not in series:
        raise NotFoundError(f"plan whatif: no {marker or 'CMJ or velocity'} series for {athlete!r}")
    perf = series[name]
    load = log_daily_load(log_load(store, athlete))
    if not load:
        raise NotFoundError(f"plan whatif: no logged training for {athlete!r}")
    first = min(min(load), min(perf.dates))
    last = max(max(load), max(perf.dates))
    n = (last - first).days + 1
    w = np.zeros(n)
    for d, v in load.items():
        w[(d - first).days] = v
    y = np.full(n, np.nan)
    for d, v in zip(perf.dates, perf.values, strict=True):
        y[(d - first).days] = v
    fit = banister_fit(w, y)
    rows = banister_whatif(fit, w, horizon_days=days)
    if format is OutputFormat.json:
        emit({"fit": fit.to_dict(), "marker": name, "scenarios": rows}, format)
        return
    emit(
        rows,
        format,
        title=f"{athlete}: {fit.label} on {name} (R2 {fit.r2 if fit.r2 is None else round(fit.r2, 2)})",
    )
    for wmsg in fit.warnings:
        stderr.print(f"warning: {wmsg}")


@app.command("progress")
def progress(
    athlete: str = typer.Option(..., "--athlete"),
    exercise: str = typer.Option(..., "--exercise"),
    rule: str = typer.Option("double", "--rule", help="double|rir|velocity"),
    rep_range: str = typer.Option(
        "8-12", "--rep-range", help="Double progression's range, e.g. 8-12."
    ),
    target_rir: float = typer.Option(2.0, "--target-rir"),
    target_reps: int | None = typer.Option(None, "--target-reps"),
    target_velocity_m_s: float | None = typer.Option(None, "--target-velocity-m-s"),
    database_url: str | None = DatabaseOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Next load for an exercise from its latest logged session (work sets = the day's top load)."""
    from neurolift.errors import InvalidParameterError, NotFoundError
    from neurolift.store.training_repo import log_load
    from neurolift.training.exercises import exercise_get
    from neurolift.training.progression import progression_next

    key = exercise_get(exercise).key
    sets = [s for s in log_load(open_store(database_url), athlete).sets if s.exercise == key]
    if not sets:
        raise NotFoundError(f"plan progress: no logged {key} sets for {athlete!r}")
    day = max(s.date for s in sets)
    top = max(s.load_kg for s in sets if s.date == day)
    work = sorted(
        (s for s in sets if s.date == day and s.load_kg == top), key=lambda s: s.set_index
    )
    try:
        lo, hi = (int(x) for x in rep_range.split("-"))
    except ValueError:
        raise InvalidParameterError(
            f"plan progress: --rep-range must look like 8-12, got {rep_range!r}"
        ) from None
    rirs = [s.rir for s in work]
    decision = progression_next(
        load_kg=top,
        reps=[s.reps for s in work],
        rule=rule,  # type: ignore[arg-type]
        rep_range=(lo, hi),
        rir=None if any(r is None for r in rirs) else [float(r) for r in rirs if r is not None],
        target_rir=target_rir,
        target_reps=target_reps,
        first_rep_velocity_m_s=work[0].mean_velocity_m_s,
        target_velocity_m_s=target_velocity_m_s,
    )
    emit({"date": day.isoformat(), "exercise": key, **decision.to_dict()}, format)


@app.command("today")
def today(
    athlete: str = typer.Option(..., "--athlete"),
    exercise: str = typer.Option(..., "--exercise"),
    percent_1rm: float = typer.Option(..., "--percent-1rm", help="Planned intensity, % 1RM."),
    date: str | None = typer.Option(None, "--date", help="Day (default: the latest logged day)."),
    velocity_loss_cap_pct: float | None = typer.Option(None, "--velocity-loss-cap-pct"),
    database_url: str | None = DatabaseOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Today's load: the day's load-velocity profile (>= 3 warm-up loads with velocities) or the
    stored 1RM, adjusted by today's readiness and rounded to plates."""
    from neurolift.cli.readiness import assess
    from neurolift.errors import NeuroliftError, NotFoundError
    from neurolift.store.training_repo import log_load, one_rms_current
    from neurolift.training.autoregulation import autoreg_load_today
    from neurolift.training.exercises import exercise_get
    from neurolift.training.loadvelocity import lv_profile_fit

    store = open_store(database_url)
    key = exercise_get(exercise).key
    log = log_load(store, athlete)
    day = (
        dt.date.fromisoformat(date)
        if date
        else max((s.date for s in log.sets), default=dt.date.today())
    )
    try:
        status = assess(store, athlete, day, key, None).status
    except NeuroliftError:
        status = "green"
    pts = [
        (s.load_kg, s.mean_velocity_m_s)
        for s in log.sets
        if s.date == day and s.exercise == key and s.mean_velocity_m_s is not None
    ]
    profile = None
    if len({p[0] for p in pts}) >= 3:
        mvt = exercise_get(key).mvt_m_s
        profile = lv_profile_fit(
            [p[0] for p in pts], [float(p[1]) for p in pts], exercise=key, mvt_m_s=mvt
        )
    orm = one_rms_current(store, athlete).get(key)
    if profile is None and orm is None:
        raise NotFoundError(
            f"plan today: no 1RM of {key} for {athlete!r} and no warm-up profile on {day}"
        )
    res = autoreg_load_today(
        key,
        percent_1rm=percent_1rm,
        one_rm_kg=orm,
        profile=profile,
        readiness_status=status,
        velocity_loss_cap_pct=velocity_loss_cap_pct,
    )
    emit({"date": day.isoformat(), **res.to_dict()}, format)
