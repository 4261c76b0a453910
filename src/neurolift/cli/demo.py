"""`neurolift demo`: analyse the shipped sample recordings and print the tables."""

from __future__ import annotations

from pathlib import Path

import typer

from neurolift.cli._common import FormatOption
from neurolift.cli._output import OutputFormat, emit, stderr

# Sample recordings ship inside the package so the demo works from any install.
SAMPLES = Path(__file__).resolve().parent.parent / "data"


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo(
        out: Path = typer.Option(Path("out"), "--out", help="Folder for the demo plots."),
        format: OutputFormat = FormatOption,
    ) -> None:
        """Analyse the example recordings shipped with neurolift and print the results."""
        from neurolift.io.force import read_force
        from neurolift.plotting.force import plot_force_trial
        from neurolift.signals.force import force_analyze

        files = [
            ("gidiel_Single-CMJ-Fz.txt", 1000.0),
            ("gidiel_Dual-SJ-Fz.txt", 1000.0),
            ("gidiel_Single-DJ-Fz.txt", 1000.0),
        ]
        rows = []
        for name, fs in files:
            ts = read_force(SAMPLES / name, sampling_rate=fs)
            res = force_analyze(ts)
            png = plot_force_trial(ts, res, out / (Path(name).stem + ".png"))
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
        emit(rows, format, title="neurolift demo: force-plate samples")
        stderr.print(
            f"plots in {out}/; try: neurolift force analyze FILE --sampling-rate 1000 --format json"
        )
