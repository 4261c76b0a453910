"""`neurolift vbt`: barbell velocity - analyse sets, load-velocity profiles, readiness, live replay."""

from __future__ import annotations

import time
from enum import Enum
from pathlib import Path
from typing import Any

import typer

from neurolift.cli._common import (
    DatabaseOption,
    DateOption,
    DateTimeOption,
    FormatOption,
    OldAthleteArgument,
    OldOption,
    OptionalAthleteOption,
    PlotOption,
    VlThresholdOption,
    athlete_name,
    open_store,
    parse_date,
    parse_datetime,
    prefer,
)
from neurolift.cli._output import OutputFormat, emit, stderr, stdout
from neurolift.errors import InvalidParameterError, SignalError

app = typer.Typer(no_args_is_help=True)


class Kind(str, Enum):
    auto = "auto"
    chronojump = "chronojump"
    csv = "csv"
    imu = "imu"


class Metric(str, Enum):
    mean_concentric = "mean_concentric"
    mean_propulsive = "mean_propulsive"


class PositionUnit(str, Enum):
    m = "m"
    cm = "cm"
    mm = "mm"


class PhaseEdges(str, Enum):
    zero = "zero"
    idle = "idle"


class LvMethod(str, Enum):
    multi_point = "multi_point"
    two_point = "two_point"


PhaseEdgesOpt = typer.Option(
    PhaseEdges.zero,
    "--phase-edges",
    help="Where a rep's concentric phase starts and ends: zero (the bar starts to move and "
    "stops, velocity 0; the published load-velocity equations average over this) or idle "
    "(where velocity crosses 0.05 m/s, as threshold-based devices do).",
    case_sensitive=False,
)
ExerciseOpt = typer.Option(
    ...,
    "--exercise",
    "-e",
    help="back_squat, bench_press, deadlift, smith_squat, "
    "front_squat, overhead_press, prone_bench_pull, concentric_only.",
)
SamplingRate = typer.Option(
    None, "--sampling-rate", help="Hz; required when the file has no time column."
)
KindOpt = typer.Option(
    Kind.auto, "--kind", help="File kind; auto detects it.", case_sensitive=False
)
MetricOpt = typer.Option(
    Metric.mean_concentric,
    "--velocity-metric",
    help="Rep velocity for set statistics.",
    case_sensitive=False,
)
PositionUnitOpt = typer.Option(
    None,
    "--position-unit",
    help="Unit of a CSV file's position column: m (default), cm or mm.",
    case_sensitive=False,
)


@app.command("analyze")
def analyze(
    file: Path = typer.Argument(..., help="Chronojump raw file, position/velocity CSV or IMU CSV."),
    exercise: str = ExerciseOpt,
    load_kg: float = typer.Option(..., "--load-kg", help="External load, kg (> 0)."),
    body_mass_kg: float | None = typer.Option(
        None, "--body-mass-kg", help="Lifter's body mass, kg."
    ),
    sampling_rate: float | None = SamplingRate,
    kind: Kind = KindOpt,
    imu_unit: str | None = typer.Option(
        None, "--imu-unit", help="g or m/s^2 (IMU files; default: detect)."
    ),
    velocity_metric: Metric = MetricOpt,
    vl_threshold_pct: float | None = VlThresholdOption,
    old_vl_threshold: float | None = OldOption("--vl-threshold", "--vl-threshold-pct"),
    min_rom_m: float | None = typer.Option(
        None, "--min-rom-m", help="Override the exercise's minimum ROM, m."
    ),
    mvt_m_s: float | None = typer.Option(
        None, "--mvt-m-s", help="Minimal velocity threshold for reps in reserve."
    ),
    lowpass_hz: float = typer.Option(
        10.0, "--lowpass-hz", help="Butterworth cut-off on position, Hz."
    ),
    athlete: str | None = typer.Option(
        None, "--athlete", help="Save the set for this athlete (added before with `athlete add`)."
    ),
    performed_at: str | None = DateTimeOption(
        "--performed-at", "When the set was lifted (UTC unless a zone is given; default now)."
    ),
    plot: Path | None = PlotOption("Write a velocity-time figure with the reps marked"),
    position_unit: PositionUnit | None = PositionUnitOpt,
    phase_edges: PhaseEdges = PhaseEdgesOpt,
    database_url: str | None = DatabaseOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Segment a set into reps: MCV, MPV, peak velocity, ROM, force, power; velocity loss."""
    from neurolift.services.vbt import vbt_analyze_file, vbt_set_save

    when = parse_datetime(performed_at, "--performed-at")
    store = open_store(database_url) if athlete else None
    if store is not None and athlete:
        store.get_athlete(athlete)  # an unknown name is refused before any work
    analysed = vbt_analyze_file(
        file,
        exercise=exercise,
        load_kg=load_kg,
        body_mass_kg=body_mass_kg,
        sampling_rate=sampling_rate,
        kind=kind.value,
        imu_unit=imu_unit,
        velocity_metric=velocity_metric.value,
        vl_threshold_pct=prefer(
            vl_threshold_pct, old_vl_threshold, new="--vl-threshold-pct", old="--vl-threshold"
        ),
        min_rom_m=min_rom_m,
        mvt_m_s=mvt_m_s,
        lowpass_hz=lowpass_hz,
        position_unit=None if position_unit is None else position_unit.value,
        phase_edges=phase_edges.value,
    )
    result = analysed.result
    if plot is not None:
        from neurolift.plotting.vbt import velocity_plot_set

        velocity_plot_set(analysed.signal, result, plot, title=None)
    if store is not None and athlete:
        rec = vbt_set_save(
            store,
            athlete,
            analysed,
            source_name=file.name,
            performed_at=when,
            body_mass_kg=body_mass_kg,
        )
        stderr.print(f"saved set {rec.id} (trial {rec.trial_id}) for {athlete}")
    if format is OutputFormat.json:
        emit(result, format)
    else:
        emit(
            result.rows() if format is OutputFormat.csv else _rep_table(result),
            format,
            title=f"{file.name}: {result.exercise} {load_kg:g} kg, {result.n_reps} reps",
        )
        if format is OutputFormat.table:
            emit(result.flat(), format, title="set")
    for w in result.warnings:
        stderr.print(f"warning: {w}")


_REP_COLUMNS = (
    ("rep", "rep"),
    ("start_s", "start_s"),
    ("mean_concentric_velocity_m_s", "mcv_m_s"),
    ("mean_propulsive_velocity_m_s", "mpv_m_s"),
    ("peak_velocity_m_s", "peak_v_m_s"),
    ("rom_m", "rom_m"),
    ("concentric_duration_s", "con_s"),
    ("mean_force_n", "mean_force_n"),
    ("mean_power_w", "mean_power_w"),
    ("peak_power_w", "peak_power_w"),
    ("valid", "valid"),
)


def _rep_table(result: Any) -> list[dict[str, Any]]:
    return [{short: r.get(name) for name, short in _REP_COLUMNS} for r in result.rows()]


@app.command("profile")
def profile(
    files: list[Path] = typer.Argument(None, help="OpenBarbell JSON or per-rep summary CSV files."),
    exercise: str = ExerciseOpt,
    athlete: str | None = typer.Option(
        None, "--athlete", help="Use the athlete's stored sets instead of files."
    ),
    method: LvMethod = typer.Option(
        LvMethod.multi_point,
        "--method",
        case_sensitive=False,
        help="multi_point (least squares over every load) or two_point (lightest and heaviest).",
    ),
    mvt_m_s: float | None = typer.Option(
        None, "--mvt-m-s", help="Minimal velocity threshold (default: exercise)."
    ),
    min_loads: int = typer.Option(
        3, "--min-loads", help="Sessions with fewer distinct loads are skipped."
    ),
    points: str = typer.Option(
        "sets",
        "--points",
        help="sets: the best rep of every set is a point; "
        "loads: only the best set at each load (OpenBarbell's rule).",
    ),
    since: str | None = DateOption("--since", "Store: only sets on or after this day."),
    target_velocity_m_s: float | None = typer.Option(
        None, "--target-velocity-m-s", help="Autoregulation: today's load for this velocity."
    ),
    percent_1rm: float | None = typer.Option(
        None, "--percent-1rm", help="Autoregulation: load at this % of e1RM."
    ),
    plot: Path | None = PlotOption("Figure of the (last) profile with e1RM and interval"),
    database_url: str | None = DatabaseOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Load-velocity profile(s): slope, v0, LD0, r^2, residual SE, e1RM with prediction interval."""
    from neurolift.services.vbt import vbt_profile_points, vbt_profile_points_stored, vbt_profiles
    from neurolift.signals.velocity import velocity_exercise_profile

    key = velocity_exercise_profile(exercise).name
    if points not in ("sets", "loads"):
        raise InvalidParameterError(f"vbt profile: --points must be sets or loads, got {points!r}")
    if bool(files) == bool(athlete):
        raise InvalidParameterError(
            "vbt profile: give FILES or --athlete (the store), not both or neither"
        )
    if athlete:
        pts = vbt_profile_points_stored(
            open_store(database_url), athlete, key, since=parse_date(since, "--since")
        )
    else:
        pts = vbt_profile_points(files, key)
    for w in pts.warnings:
        stderr.print(f"warning: {w}")
    profiles = vbt_profiles(
        pts,
        exercise=key,
        method=method.value,
        mvt_m_s=mvt_m_s,
        min_loads=min_loads,
        per=points,  # type: ignore[arg-type]
        target_velocity_m_s=target_velocity_m_s,
        percent_1rm=percent_1rm,
    )
    if plot is not None:
        from neurolift.plotting.vbt import lv_plot_profile

        lv_plot_profile(profiles[-1].profile, plot, title=profiles[-1].session)
    if format is OutputFormat.json:
        emit([sp.to_dict() for sp in profiles], format)
    else:
        emit(
            [_profile_row(sp) for sp in profiles],
            format,
            title=f"{key} load-velocity profiles ({method.value})",
        )
    for sp in profiles:
        for w in sp.profile.warnings:
            stderr.print(f"warning: {sp.session}: {w}")


_PROFILE_COLUMNS = (
    "n_loads",
    "slope_m_s_per_kg",
    "v0_m_s",
    "load_at_zero_velocity_kg",
    "r2",
    "residual_se_m_s",
    "mvt_m_s",
    "e1rm_kg",
    "e1rm_lower_kg",
    "e1rm_upper_kg",
)


def _profile_row(sp: Any) -> dict[str, Any]:
    p = sp.profile
    return {"session": sp.session, **{c: getattr(p, c) for c in _PROFILE_COLUMNS}, **sp.prescribed}


@app.command("sets")
def sets(
    file: Path = typer.Argument(..., help="Per-rep summary CSV or OpenBarbell JSON."),
    exercise: str | None = typer.Option(None, "--exercise", "-e", help="Only this exercise."),
    vl_threshold_pct: float | None = VlThresholdOption,
    old_vl_threshold: float | None = OldOption("--vl-threshold", "--vl-threshold-pct"),
    mvt_m_s: float | None = typer.Option(
        None, "--mvt-m-s", help="MVT for reps in reserve (default: exercise)."
    ),
    format: OutputFormat = FormatOption,
) -> None:
    """Per-set velocity loss, effort index and reps in reserve from per-rep summaries."""
    from neurolift.services.vbt import vbt_file_sets

    r = vbt_file_sets(
        file,
        exercise=exercise,
        vl_threshold_pct=prefer(
            vl_threshold_pct, old_vl_threshold, new="--vl-threshold-pct", old="--vl-threshold"
        ),
        mvt_m_s=mvt_m_s,
    )
    for w in r.warnings:
        stderr.print(f"warning: {w}")
    emit(list(r.rows), format, title=f"{file.name}: {len(r.rows)} sets")


@app.command("readiness")
def readiness(
    old_athlete: str | None = OldAthleteArgument,
    athlete: str | None = OptionalAthleteOption("Athlete in the store."),
    exercise: str = ExerciseOpt,
    reference_load_kg: float | None = typer.Option(
        None, "--reference-load-kg", help="Default: the ~1 m/s load."
    ),
    load_tolerance_kg: float = typer.Option(
        2.5, "--load-tolerance-kg", help="Sets within this many kg count as the reference load."
    ),
    window: int = typer.Option(7, "--window", help="Baseline sessions."),
    swc_m_s: float | None = typer.Option(
        None,
        "--swc-m-s",
        help="Smallest worthwhile change, m/s (default: 0.2 x the athlete's own SD, labelled "
        "individual_fallback: one athlete has no between-athlete SD).",
    ),
    typical_error_m_s: float | None = typer.Option(
        None, "--typical-error-m-s", help="Device/test noise, m/s."
    ),
    database_url: str | None = DatabaseOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Velocity at a reference load today vs the rolling baseline: z, SWC, TE, green/yellow/red."""
    from neurolift.services.vbt import vbt_readiness_for

    name = athlete_name(athlete, old_athlete, "vbt readiness")
    res = vbt_readiness_for(
        open_store(database_url),
        name,
        exercise,
        reference_load_kg=reference_load_kg,
        load_tolerance_kg=load_tolerance_kg,
        window=window,
        swc_m_s=swc_m_s,
        typical_error_m_s=typical_error_m_s,
    )
    emit(res, format, title=f"{name} {res.exercise} readiness")
    for w in res.warnings:
        stderr.print(f"warning: {w}")


#: Replay speeds `vbt live` accepts besides 0: a tenth of real time at the slowest (a 1e-9
#: speed would replay a set in centuries), a thousand times at the fastest.
LIVE_SPEED_MIN, LIVE_SPEED_MAX = 0.1, 1000.0


@app.command("live")
def live(
    replay: Path = typer.Option(..., "--replay", help="Recording to replay as a live stream."),
    exercise: str = ExerciseOpt,
    load_kg: float | None = typer.Option(None, "--load-kg", help="External load, kg."),
    vl_threshold_pct: float | None = typer.Option(
        None,
        "--vl-threshold-pct",
        help="Say 'stop the set' at this velocity loss, % of the best rep (default 20).",
    ),
    old_vl_stop: float | None = OldOption("--vl-stop", "--vl-threshold-pct"),
    speed: float = typer.Option(
        1.0,
        "--speed",
        help="Replay speed (1 = real time, 10 = ten times faster, 0.1-1000; 0 = as fast as "
        "possible).",
    ),
    sampling_rate: float | None = SamplingRate,
    kind: Kind = KindOpt,
    velocity_metric: Metric = MetricOpt,
    position_unit: PositionUnit | None = PositionUnitOpt,
    format: OutputFormat = FormatOption,
) -> None:
    """Replay a recording through the streaming rep detector; each rep shows as soon as it ends."""
    from rich.live import Live
    from rich.table import Table

    from neurolift.services.vbt import vbt_read_bar
    from neurolift.signals.velocity import VelocityStream, velocity_bar_position

    vl_stop = prefer(vl_threshold_pct, old_vl_stop, new="--vl-threshold-pct", old="--vl-stop")
    vl_stop = 20.0 if vl_stop is None else vl_stop
    if not (speed == 0 or LIVE_SPEED_MIN <= speed <= LIVE_SPEED_MAX):  # NaN fails both
        raise InvalidParameterError(
            f"vbt live: --speed must be 0 (as fast as possible) or {LIVE_SPEED_MIN:g}-"
            f"{LIVE_SPEED_MAX:g} (times real time), got {speed:g}"
        )
    bar = vbt_read_bar(
        replay,
        sampling_rate=sampling_rate,
        kind=kind.value,
        position_unit=None if position_unit is None else position_unit.value,
    )
    ts = bar.signal
    if bar.unreliable:
        stderr.print("warning: IMU drift makes some reps unreliable; live replay ignores the flags")
    pos = velocity_bar_position(ts, where="vbt live")
    fs = ts.sampling_rate
    stream = VelocityStream(
        sampling_rate=fs,
        exercise=exercise,
        load_kg=load_kg,
        vl_stop_pct=vl_stop,
        velocity_metric=velocity_metric.value,
    )
    chunk = max(1, int(round(0.02 * fs)))
    events: list[Any] = []

    def table() -> Table:
        t = Table(title=f"{replay.name}: {exercise} - stop at {vl_stop:g} % velocity loss")
        for c in ("rep", "velocity m/s", "peak m/s", "ROM m", "loss %", ""):
            t.add_column(c, justify="right")
        for e in events:
            t.add_row(
                str(e.rep.rep),
                f"{e.velocity_m_s:.2f}",
                f"{e.rep.peak_velocity_m_s:.2f}",
                f"{e.rep.rom_m:.2f}",
                f"{e.velocity_loss_pct:.0f}",
                "[bold red]STOP THE SET[/]" if e.stop else "",
            )
        return t

    show = format is OutputFormat.table
    live_view = show and stdout.is_terminal  # off a terminal: the final table, printed once
    start = time.monotonic()
    with (
        Live(table(), console=stdout, refresh_per_second=10, transient=False)
        if live_view
        else _Null() as view
    ):
        for i in range(0, pos.size, chunk):
            new = stream.push(pos[i : i + chunk])
            if speed > 0:
                due = start + (i + chunk) / fs / speed
                pause = due - time.monotonic()
                if pause > 0:
                    time.sleep(pause)
            if new:
                events += new
                if live_view:
                    view.update(table())
        events += stream.close()
        if live_view:
            view.update(table())
    if show and not live_view:
        stdout.print(table())
    if not events:
        raise SignalError(f"vbt live: no reps found in {replay.name}")
    result = stream.result()
    if format is not OutputFormat.table:
        emit(result if format is OutputFormat.json else result.rows(), format)
    first_stop = next((e.rep.rep for e in events if e.stop), None)
    stderr.print(
        f"{len(events)} reps; "
        + (
            f"stop signalled after rep {first_stop}"
            if first_stop
            else f"velocity loss stayed under {vl_stop:g} %"
        )
    )


class _Null:
    def __enter__(self) -> _Null:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, *_: object) -> None:
        return None


class GroupVelocity(str, Enum):
    mpv = "mpv"
    mcv = "mcv"


@app.command("onerm")
def onerm(
    load_kg: float = typer.Option(..., "--load-kg", help="Load lifted, kg."),
    reps: int | None = typer.Option(
        None, "--reps", help="Repetitions completed (1-30): rep-based formulas."
    ),
    velocity_m_s: float | None = typer.Option(
        None,
        "--velocity-m-s",
        help="Velocity of the fastest rep at this load: group-equation estimate (fallback "
        "when no individual profile exists).",
    ),
    velocity_kind: GroupVelocity = typer.Option(
        GroupVelocity.mpv, "--velocity-kind", help="What --velocity-m-s is.", case_sensitive=False
    ),
    exercise: str = typer.Option(
        "bench_press",
        "--exercise",
        "-e",
        help="Exercise of the group equation: bench_press (2010, MPV) or smith_squat (2017, MPV/MCV).",
    ),
    format: OutputFormat = FormatOption,
) -> None:
    """1RM from reps (Brzycki, Epley, Lander, Lombardi, Mayhew, O'Conner, Wathan) or from one
    rep's velocity with a published group equation.

    Group equations ignore the 9-25 % between-athlete spread of velocity at a given %1RM; an
    individual profile (`neurolift vbt profile`) is better whenever two or more loads exist.
    """
    from neurolift.training.loadvelocity import (
        lv_generic_e1rm,
        lv_generic_percent_1rm,
        lv_group_equation,
    )
    from neurolift.training.onerm import onerm_estimate_all

    if reps is None and velocity_m_s is None:
        raise InvalidParameterError("vbt onerm: give --reps, --velocity-m-s or both")
    out: dict[str, Any] = {"load_kg": load_kg}
    if reps is not None:
        out["reps"] = reps
        out.update({f"{k}_kg": v for k, v in onerm_estimate_all(load_kg, reps).items()})
    if velocity_m_s is not None:
        kind = velocity_kind.value
        out[f"{kind}_m_s"] = velocity_m_s
        out["group_equation_percent_1rm"] = lv_generic_percent_1rm(
            velocity_m_s, exercise=exercise, velocity=kind
        )
        out["group_equation_e1rm_kg"] = lv_generic_e1rm(
            load_kg, velocity_m_s, exercise=exercise, velocity=kind
        )
        out["group_equation_source"] = lv_group_equation(exercise, kind).source
    title = f"1RM from {load_kg:g} kg" + (f" x {reps}" if reps is not None else "")
    emit(out, format, title=title)
