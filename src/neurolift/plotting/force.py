"""Force-plate figures: force, velocity and displacement with phases shaded and events marked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from neurolift._deprecation import deprecated_alias
from neurolift.signals.force import jump_process  # noqa: E402
from neurolift.signals.force.dropjump import DropJumpResult, MultiJumpResult  # noqa: E402
from neurolift.signals.force.isometric import IsometricResult  # noqa: E402
from neurolift.timeseries import TimeSeries  # noqa: E402

__all__ = ["JUMP_PHASES", "force_plot_trial"]

# (first event, last event, phase, colour) of a CMJ/SJ, after McMahon et al. 2018
JUMP_PHASES = (
    ("weighing_start", "weighing_end", "weighing", "#d9d9d9"),
    ("onset", "peak_negative_velocity", "unweighting", "#9ecae1"),
    ("peak_negative_velocity", "zero_velocity", "braking", "#fdae6b"),
    ("zero_velocity", "takeoff", "propulsion", "#a1d99b"),
    ("takeoff", "landing", "flight", "#f0f0f0"),
    ("landing", "landing_end", "landing", "#bcbddc"),
)


def force_plot_trial(
    force: TimeSeries,
    result: Any,
    out: str | Path,
    *,
    params: dict[str, Any] | None = None,
    title: str | None = None,
) -> Path:
    """Draw a trial and its analysis to ``out`` (PNG, SVG or PDF by suffix)."""
    out = Path(out)
    total = force.as_2d().sum(axis=1)
    t = force.times
    test = getattr(result, "test", "")
    if test in ("cmj", "sj"):
        proc = jump_process(force, test=test, **(params or {}))
        ev = proc.events
        if test == "sj" or "zero_velocity" not in ev:
            ev = {**ev, "zero_velocity": ev["onset"]}
        fig, axes = plt.subplots(3, 1, figsize=(10, 8), sharex=True, constrained_layout=True)
        lo = max(0.0, ev["weighing_start"] - 0.2)
        hi = min(t[-1], ev.get("landing_end", ev["takeoff"] + 1.0) + 0.3)
        series = [
            (total, "force (N)"),
            (proc.velocity.values, "velocity (m/s)"),
            (proc.displacement.values, "displacement (m)"),
        ]
        for ax, (y, label) in zip(axes, series, strict=True):
            ax.plot(t, y, color="black", lw=1)
            ax.set_ylabel(label)
            for a, b, name, color in JUMP_PHASES:
                if a in ev and b in ev and ev[b] > ev[a]:
                    ax.axvspan(
                        ev[a],
                        ev[b],
                        color=color,
                        alpha=0.6,
                        lw=0,
                        label=name if ax is axes[0] else None,
                    )
            ax.grid(alpha=0.3)
        axes[0].axhline(result.body_weight_n, color="grey", ls="--", lw=0.8)
        for name in ("onset", "takeoff", "landing"):
            if name in ev:
                axes[0].axvline(ev[name], color="crimson", lw=0.8)
                axes[0].annotate(
                    name,
                    (ev[name], axes[0].get_ylim()[1]),
                    rotation=90,
                    va="top",
                    ha="right",
                    fontsize=8,
                    color="crimson",
                )
        axes[0].legend(loc="upper left", fontsize=8, ncol=3)
        axes[-1].set_xlim(lo, hi)
        axes[-1].set_xlabel("time (s)")
        summary = (
            f"jump height {result.jump_height_impulse_m * 100:.1f} cm (impulse)"
            + (
                f", {result.jump_height_flight_time_m * 100:.1f} cm (flight time)"
                if result.jump_height_flight_time_m is not None
                else ""
            )
            + f"; RSImod {result.rsi_modified_m_s:.2f} m/s"
        )
    else:
        fig, ax = plt.subplots(figsize=(10, 4), constrained_layout=True)
        ax.plot(t, total, color="black", lw=1)
        ax.set_ylabel("force (N)")
        ax.set_xlabel("time (s)")
        ax.grid(alpha=0.3)
        if isinstance(result, IsometricResult):
            ax.axvspan(
                result.weighing_start_s, result.weighing_end_s, color="#d9d9d9", label="baseline"
            )
            ax.axvline(result.onset_s, color="crimson", lw=0.8, label="onset")
            for ms in (50, 100, 150, 200, 250):
                ax.plot(
                    result.onset_s + ms / 1000,
                    getattr(result, f"force_{ms}ms_n"),
                    "o",
                    ms=3,
                    color="tab:blue",
                )
            ax.axhline(result.body_weight_n, color="grey", ls="--", lw=0.8)
            ax.set_xlim(
                max(0, result.weighing_start_s - 0.5),
                min(t[-1], result.onset_s + result.time_to_peak_force_s + 1.5),
            )
            summary = (
                f"peak {result.peak_force_n:.0f} N (net {result.net_peak_force_n:.0f} N); "
                f"RFD 0-100 ms {result.rfd_0_100ms_n_s:.0f} N/s"
            )
        elif isinstance(result, DropJumpResult):
            ax.axvspan(result.contact_s, result.takeoff_s, color="#a1d99b", label="contact")
            ax.axvspan(result.takeoff_s, result.landing_s, color="#f0f0f0", label="flight")
            ax.set_xlim(max(0, result.contact_s - 0.3), min(t[-1], result.landing_s + 1.0))
            summary = (
                f"contact {result.contact_time_s * 1000:.0f} ms, flight {result.flight_time_s * 1000:.0f} ms, "
                f"RSI {result.rsi:.2f}"
            )
        elif isinstance(result, MultiJumpResult):
            for j in result.jumps:
                ax.axvspan(j.takeoff_s, j.landing_s, color="#9ecae1", alpha=0.7)
                ax.annotate(
                    f"#{j.index} {j.jump_height_flight_time_m * 100:.0f} cm",
                    (j.takeoff_s, float(np.max(total))),
                    fontsize=8,
                    va="top",
                )
            summary = f"{result.n_jumps} jumps, best {result.best_jump_height_flight_time_m * 100:.1f} cm (flight time)"
        else:
            summary = ""
        if ax.get_legend_handles_labels()[0]:
            ax.legend(loc="upper left", fontsize=8)
    fig.suptitle(title or f"{test.upper()}  -  {summary}", fontsize=10)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out


# Former names (docs/naming.md): they still work, with a DeprecationWarning.
plot_force_trial = deprecated_alias(force_plot_trial, "plot_force_trial")
