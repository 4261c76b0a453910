"""`neurolift simulate`: a motor-unit pool contraction, or weeks of training adaptation."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Any

import typer

from neurolift.cli._common import FormatOption
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
    duration: float = typer.Option(10.0, "--duration", help="Seconds."),
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
    n_units: int = typer.Option(120, "--n-units"),
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
    seed: int = typer.Option(0, "--seed", help="random_state."),
    plot: Path | None = typer.Option(None, "--plot", help="Write a figure (PNG/SVG/PDF)."),
    format: OutputFormat = FormatOption,
) -> None:
    """Simulate one contraction of a Fuglevand motor-unit pool: force, RFD, discharges, EMG."""
    import numpy as np

    from neurolift.motorunits.pool import (
        MotorUnitPool,
        MuscularState,
        NeuralState,
        excitation_ramp,
        excitation_step,
        excitation_trapezoid,
    )
    from neurolift.motorunits.synthetic_emg import (
        discharges_write_csv,
        hdemg_simulate,
        semg_simulate,
    )

    if profile is Profile.trapezoid:
        e = excitation_trapezoid(
            duration=duration,
            sampling_rate=sampling_rate,
            level=level,
            rise_s=rise_s,
            fall_s=fall_s,
            onset_s=onset_s,
        )
    elif profile is Profile.ramp:
        e = excitation_ramp(duration=duration, sampling_rate=sampling_rate, level=level)
    else:
        e = excitation_step(
            duration=duration, sampling_rate=sampling_rate, level=level, onset_s=onset_s
        )
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
    sim = pool.simulate(e, random_state=seed)
    out: dict[str, Any] = sim.metrics().to_dict()
    signal = None
    if emg is EMGKind.surface:
        signal = semg_simulate(sim, snr_db=snr_db, random_state=seed)
        out["emg_rms_v"] = float(np.sqrt(np.mean(signal.values**2)))
    elif emg is EMGKind.grid:
        rows, cols = _grid_shape(grid)
        g = hdemg_simulate(sim, rows=rows, cols=cols, snr_db=snr_db, random_state=seed)
        signal = g.emg
        out["emg_rms_v"] = float(np.sqrt(np.mean(signal.values**2)))
        out["emg_channels"] = signal.n_channels
    if discharges_csv is not None:
        keep = [i for i, d in enumerate(sim.discharges) if d.size]
        discharges_write_csv(
            discharges_csv,
            [sim.discharges[i] for i in keep],
            sampling_rate=sim.sampling_rate,
            layout=layout.value,
            unit_names=[f"MU{i}" for i in keep],
        )
        out["discharges_csv"] = str(discharges_csv)
    if force_csv is not None:
        t = np.arange(sim.n_samples) / sim.sampling_rate
        np.savetxt(
            force_csv,
            np.column_stack([t, sim.force.values]),
            delimiter=",",
            header="time_s,force_n",
            comments="",
            fmt="%.10g",
        )
        out["force_csv"] = str(force_csv)
    if plot is not None:
        out["plot"] = str(_plot_contraction(sim, signal, plot))
    emit(out, format)


def _plot_contraction(sim: Any, emg: Any, out: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    fs = sim.sampling_rate
    t = np.arange(sim.n_samples) / fs
    n_ax = 3 if emg is not None else 2
    fig, axes = plt.subplots(n_ax, 1, figsize=(9, 2.6 * n_ax), sharex=True)
    ax = axes[0]
    ax.plot(t, sim.force.values, color="#08519c", lw=1, label="net force")
    if sim.antagonist_force.max() > 0:
        ax.plot(t, sim.antagonist_force, color="#a50f15", lw=0.8, label="antagonist")
    ax.set_ylabel("force (N)")
    ax2 = ax.twinx()
    ax2.plot(t, sim.excitation.values, color="0.5", lw=0.8, ls="--")
    ax2.set_ylabel("excitation")
    ax.legend(loc="upper left", fontsize=8)
    ax = axes[1]
    for i, d in enumerate(sim.discharges):
        if d.size:
            ax.plot(d / fs, np.full(d.size, i), "|", ms=2, color="k", alpha=0.6)
    ax.set_ylabel("unit (by threshold)")
    if emg is not None:
        v = emg.values if emg.values.ndim == 1 else emg.values[:, 0]
        axes[2].plot(t, v * 1e3, lw=0.4, color="#54278f")
        axes[2].set_ylabel(f"EMG {emg.channels[0]} (mV)")
    axes[-1].set_xlabel("time (s)")
    fig.tight_layout()
    out = Path(out)
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out


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
    plot: Path | None = typer.Option(
        None, "--plot", help="Stacked neural vs muscular contribution by week."
    ),
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
        path = _plot_training(r, plot, title=f"{level}, {method}")
        for row in rows:
            row["plot"] = str(path)
    emit(rows, format)


def _plot_training(r: Any, out: Path, *, title: str) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    neural = 100 * r.neural_part.mean(axis=0)
    muscular = 100 * r.muscular_part.mean(axis=0)
    t = r.time_weeks
    fig, ax = plt.subplots(figsize=(8, 4))
    width = 0.8 * (t[1] - t[0]) if t.size > 1 else 0.8
    ax.bar(t, neural, width=width, color="#3182bd", label="neural")
    ax.bar(t, muscular, width=width, bottom=neural, color="#e6550d", label="muscular")
    ax.plot(
        t,
        100 * r.expressed_strength_gain.mean(axis=0),
        "k.-",
        lw=1,
        ms=3,
        label="expressed on the day",
    )
    ax.set_xlabel("week")
    ax.set_ylabel("strength gain (% of pre)")
    ax.set_title(
        f"Neural vs muscular contribution ({title}; model, see adaptation_parameters.toml)"
    )
    ax.legend(loc="upper left", fontsize=8)
    ax.set_ylim(0, max(1.0, float(np.max(neural + muscular)) * 1.15))
    fig.tight_layout()
    out = Path(out)
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out
