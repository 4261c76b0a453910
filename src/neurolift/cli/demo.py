"""`neurolift demo`: analyse the shipped sample recordings and print the tables."""

from __future__ import annotations

from pathlib import Path

import typer

from neurolift.cli._common import FormatOption, OutOption
from neurolift.cli._output import OutputFormat, emit, stderr

# Sample recordings ship inside the package so the demo works from any install.
SAMPLES = Path(__file__).resolve().parent.parent / "data"


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo(
        out: Path = OutOption("Folder for the demo plots.", default=Path("out")),
        format: OutputFormat = FormatOption,
    ) -> None:
        """Analyse the shipped samples (jumps, a barbell set) and run the training model."""
        from neurolift.io.force import force_read
        from neurolift.plotting.force import force_plot_trial
        from neurolift.signals.force import force_analyze

        files = [
            ("gidiel_Single-CMJ-Fz.txt", 1000.0),
            ("gidiel_Dual-SJ-Fz.txt", 1000.0),
            ("gidiel_Single-DJ-Fz.txt", 1000.0),
        ]
        rows = []
        for name, fs in files:
            ts = force_read(SAMPLES / name, sampling_rate=fs)
            res = force_analyze(ts)
            png = force_plot_trial(ts, res, out / (Path(name).stem + ".png"))
            row = {"file": name, "test": res.test}
            if res.test in ("cmj", "sj"):
                row.update(
                    jump_height_impulse_m=res.jump_height_impulse_m,
                    jump_height_flight_time_m=res.jump_height_flight_time_m,
                    takeoff_velocity_m_s=res.takeoff_velocity_m_s,
                    rsi_modified_m_s=res.rsi_modified_m_s,
                    peak_propulsive_force_n=res.peak_propulsive_force_n,
                )
            else:
                row.update(
                    jump_height_flight_time_m=res.jump_height_flight_time_m,
                    contact_time_s=res.contact_time_s,
                    rsi=res.rsi,
                    peak_force_n=res.peak_force_n,
                )
            row["plot"] = str(png)
            rows.append(row)
        tables: dict[str, tuple[str, list[dict[str, object]]]] = {
            "force": ("neurolift demo 1/3: force-plate samples", rows)
        }

        # 2. a barbell set: reps, velocity loss, the stop signal at 20 %
        from neurolift.io.velocity import velocity_read_chronojump
        from neurolift.signals.velocity import velocity_analyze_set

        bar = velocity_read_chronojump(SAMPLES / "simulated_back_squat_6reps_chronojump_1kHz.txt")
        vset = velocity_analyze_set(
            bar, exercise="back_squat", load_kg=100.0, body_mass_kg=80.0, vl_threshold_pct=20.0
        )
        tables["vbt"] = (
            f"neurolift demo 2/3: back squat 100 kg, velocity loss {vset.velocity_loss_pct:.0f} % "
            f"(20 % crossed at rep {vset.vl_threshold_rep})",
            [
                {
                    "rep": r["rep"],
                    "mean_concentric_velocity_m_s": r["mean_concentric_velocity_m_s"],
                    "mean_propulsive_velocity_m_s": r["mean_propulsive_velocity_m_s"],
                    "peak_velocity_m_s": r["peak_velocity_m_s"],
                    "rom_m": r["rom_m"],
                }
                for r in vset.to_dict()["reps"]
            ],
        )

        # 3. the model: 12 weeks of heavy training for a beginner, neural gains first
        import numpy as np

        from neurolift.training.adaptation import adaptation_simulate

        sim = adaptation_simulate(method="heavy", level="beginner", weeks=12)
        strength, neural = sim.strength_gain[0], sim.neural_share_pct()[0]
        csa = sim.muscular_csa_gain[0]
        tables["model"] = (
            "neurolift demo 3/3: model, beginner on heavy loads (neural share falls as muscle grows)",
            [
                {
                    "week": int(w),
                    "strength_gain_pct": 100 * float(strength[i]),
                    "neural_share_pct": float(neural[i]),
                    "muscle_csa_gain_pct": 100 * float(csa[i]),
                }
                for i, w in enumerate(np.asarray(sim.time_weeks))
                if int(w) in (1, 2, 4, 8, 12)
            ],
        )
        if format is OutputFormat.json:  # one JSON document
            emit({name: table for name, (_, table) in tables.items()}, format)
        else:
            for title, table in tables.values():
                emit(table, format, title=title)
        stderr.print(
            f"plots in {out}/; try: neurolift force analyze FILE --sampling-rate 1000 --format json"
        )
