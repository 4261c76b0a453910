"""`neurolift simulate`: a motor-unit pool contraction, or weeks of training adaptation."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Any

import typer

from neurolift.cli._common import FormatOption, OldOption, PlotOption, prefer
from neurolift.cli._output import OutputFormat, emit
from neurolift.errors import InvalidParameterError

app = typer.Typer(no_args_is_help=True)


class Profile(str, Enum):
    trapezoid = "trapezoid"
    ramp = "ramp"
    step = "step"


class RateModel(str, Enum):
    fuglevand = "fuglevand"
    deluca = "deluca"


class EMGKind(str, Enum):
    none = "none"
    surface = "surface"
    grid = "grid"


class Layout(str, Enum):
    long = "long"
    wide = "wide"


def _duration(duration_s: float | None, old: float | None) -> float:
    d = prefer(duration_s, old, new="--duration-s", old="--duration")
    return 10.0 if d is None else d


def _grid_shape(text: str) -> tuple[int, int]:
    try:
        r, c = (int(x) for x in text.lower().split("x"))
    except ValueError:
        raise InvalidParameterError(
            f"simulate contraction: --grid must look like 8x8, got {text!r}"
        ) from None
    return r, c


@app.command("contraction")
def contraction(
    level: float = typer.Option(
        0.5, "--level", help="Excitation plateau, fraction 0-1 of maximal."
    ),
    profile: Profile = typer.Option(
        Profile.trapezoid,
        "--profile",
        case_sensitive=False,
        help="trapezoid, ramp (0 -> level over the duration) or step (ballistic).",
    ),
    duration_s: float | None = typer.Option(
        None, "--duration-s", help="Length of the contraction, s (default 10)."
    ),
    old_duration: float | None = OldOption("--duration", "--duration-s"),
    sampling_rate: float = typer.Option(2048.0, "--sampling-rate", help="Hz."),
    rise_s: float = typer.Option(2.0, "--rise-s", help="Trapezoid ramp-up, s."),
    fall_s: float = typer.Option(2.0, "--fall-s", help="Trapezoid ramp-down, s."),
    onset_s: float = typer.Option(0.5, "--onset-s", help="Step/trapezoid onset, s."),
    rate_model: RateModel = typer.Option(
        RateModel.fuglevand,
        "--rate-model",
        case_sensitive=False,
        help="fuglevand (1993) or deluca (onion skin).",
    ),
    n_units: int = typer.Option(120, "--n-units", help="Motor units in the pool."),
    max_force_n: float = typer.Option(
        1000.0, "--max-force-n", help="Muscle-size scale: maximal force, N."
    ),
    voluntary_activation: float = typer.Option(1.0, "--voluntary-activation", help="0-1."),
    shared_input: float = typer.Option(
        0.0, "--shared-input", help="Shared synaptic input fraction, 0-1."
    ),
    coactivation: float = typer.Option(
        0.0, "--coactivation", help="Antagonist co-activation, 0-1."
    ),
    rise_time_s: float = typer.Option(
        0.02, "--drive-rise-time-s", help="10-90 % rise time of the drive, s."
    ),
    twitch_force_scale: float = typer.Option(
        1.0, "--twitch-force-scale", help="Muscle size factor."
    ),
    fatigue: bool = typer.Option(
        False, "--fatigue/--no-fatigue", help="Potvin-Fuglevand force fatigue."
    ),
    doublets: bool = typer.Option(
        False, "--doublets/--no-doublets", help="Doublets at ballistic onset."
    ),
    emg: EMGKind = typer.Option(
        EMGKind.none,
        "--emg",
        case_sensitive=False,
        help="Also simulate surface (bipolar) or grid HD-EMG and report its RMS.",
    ),
    grid: str = typer.Option("8x8", "--grid", help="Grid rows x columns (rows along the fibres)."),
    snr_db: float = typer.Option(20.0, "--snr-db", help="EMG signal-to-noise ratio, dB."),
    discharges_csv: Path | None = typer.Option(
        None, "--discharges-csv", help="Write discharge times here."
    ),
    layout: Layout = typer.Option(
        Layout.long,
        "--discharges-layout",
        case_sensitive=False,
        help="long (unit,sample,time_s rows) or wide (a column per unit).",
    ),
    force_csv: Path | None = typer.Option(
        None, "--force-csv", help="Write the net force (time_s,force_n) here."
    ),
    emg_csv: Path | None = typer.Option(
        None,
        "--emg-csv",
        help="With --emg grid: write the grid (time, r{row}c{col} in V, force_n) here, the input "
        "of `neurolift mu decompose`.",
    ),
    seed: int = typer.Option(0, "--seed", help="random_state."),
    plot: Path | None = PlotOption("Write a figure"),
    format: OutputFormat = FormatOption,
) -> None:
    """Simulate one contraction of a Fuglevand motor-unit pool: force, RFD, discharges, EMG."""
    from neurolift.motorunits.contraction import (
        contraction_simulate,
        contraction_write_discharges,
        excitation_profile,
    )
    from neurolift.motorunits.pool import MotorUnitPool, MuscularState, NeuralState

    if emg_csv is not None and emg is not EMGKind.grid:
        raise InvalidParameterError("simulate contraction: --emg-csv needs --emg grid")
    pool = MotorUnitPool(
        n_units=n_units,
        rate_model=rate_model.value,
        max_force_n=max_force_n,
        fatigue=fatigue,
        doublets=doublets,
        neural_state=NeuralState(
            voluntary_activation=voluntary_activation,
            shared_input_fraction=shared_input,
            antagonist_coactivation=coactivation,
            excitation_rise_time_s=rise_time_s,
        ),
        muscular_state=MuscularState(twitch_force_scale=twitch_force_scale),
    )
    excitation = excitation_profile(
        profile.value,
        duration_s=_duration(duration_s, old_duration),
        sampling_rate=sampling_rate,
        level=level,
        rise_s=rise_s,
        fall_s=fall_s,
        onset_s=onset_s,
    )
    run = contraction_simulate(
        pool,
        excitation,
        emg=emg.value,
        grid=_grid_shape(grid) if emg is EMGKind.grid else (8, 8),
        snr_db=snr_db,
        random_state=seed,
    )
    out: dict[str, Any] = run.to_dict()
    if emg_csv is not None and run.grid is not None:
        out["emg_csv"] = str(run.grid.write_csv(emg_csv))
    if discharges_csv is not None:
        contraction_write_discharges(run.simulation, discharges_csv, layout=layout.value)
        out["discharges_csv"] = str(discharges_csv)
    if force_csv is not None:
        from neurolift.io.force import force_write_csv

        out["force_csv"] = str(force_write_csv(force_csv, run.simulation.force))
    if plot is not None:
        from neurolift.plotting.simulate import contraction_plot

        out["plot"] = str(contraction_plot(run.simulation, plot, emg=run.emg))
    emit(out, format)


@app.command("training")
def training(
    level: str = typer.Option(
        "beginner", "--level", help="beginner, intermediate, trained, advanced or elite."
    ),
    method: str = typer.Option(
        "heavy", "--method", help="heavy, vl20, vl40, plyometric, explosive, nmes or hypertrophy."
    ),
    weeks: float = typer.Option(12.0, "--weeks", help="Duration, weeks."),
    step: str = typer.Option("week", "--step", help="week or day."),
    dose: float = typer.Option(
        1.0, "--dose", help="Training dose per week (1 = the method's standard week)."
    ),
    sleep_hours: float = typer.Option(8.0, "--sleep-hours", help="Sleep before each test, h."),
    athletes: int = typer.Option(
        1, "--athletes", help="Virtual athletes (> 1: one row per athlete, last step)."
    ),
    response_cv: float = typer.Option(
        0.0, "--response-cv", help="Between-athlete CV of the response, 0-1."
    ),
    seed: int = typer.Option(0, "--seed", help="random_state (with --response-cv)."),
    plot: Path | None = PlotOption("Stacked neural vs muscular contribution by week"),
    pool: bool = typer.Option(
        False,
        "--pool/--no-pool",
        help="Also test the athlete each week in the motor-unit pool: MVC, RFD, HD-EMG and the "
        "Moritani-deVries split (about 0.8 s per week).",
    ),
    format: OutputFormat = FormatOption,
) -> None:
    """Simulate weeks of training: neural gains first, muscle later (one row per week)."""
    from neurolift.training.adaptation import adaptation_simulate

    r = adaptation_simulate(
        method=method,
        level=level,
        weeks=weeks,
        step=step,  # type: ignore[arg-type]  # validated inside (check_choice)
        dose=dose / 7.0 if step == "day" else dose,
        sleep_hours=sleep_hours,
        n_athletes=athletes,
        response_cv=response_cv,
        random_state=seed,
    )
    if athletes == 1:
        rows = r.athlete_rows(0)
    else:
        rows = []
        for i in range(athletes):
            last = r.athlete_rows(i)[-1]
            rows.append({"athlete": i, **last})
    for row in rows:
        row["method"] = method
        row["level"] = level
    if pool:
        from neurolift.training.adaptation_pool import adaptation_evaluate_pool

        if athletes != 1:
            raise InvalidParameterError(
                "simulate training: --pool tests one athlete; use --athletes 1"
            )
        trials = adaptation_evaluate_pool(r, random_state=seed)
        rows = [
            {"training_method": method, "level": level}
            | {k: v for k, v in t.to_dict().items() if k != "method"}
            for t in trials
        ]
    if plot is not None:
        from neurolift.plotting.simulate import adaptation_plot

        path = adaptation_plot(r, plot, title=f"{level}, {method}")
        for row in rows:
            row["plot"] = str(path)
    emit(rows, format)
