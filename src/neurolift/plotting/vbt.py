"""Velocity-based training figures: velocity-time with reps marked; load-velocity profile with e1RM."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from neurolift._deprecation import deprecated_alias
from neurolift.signals.velocity import (  # noqa: E402
    VelocitySetResult,
    velocity_bar_position,
    velocity_kinematics,
)
from neurolift.timeseries import TimeSeries  # noqa: E402
from neurolift.training.loadvelocity import LoadVelocityProfile  # noqa: E402

__all__ = ["velocity_plot_set", "lv_plot_profile"]


def velocity_plot_set(
    signal: TimeSeries, result: VelocitySetResult, out: str | Path, *, title: str | None = None
) -> Path:
    """Bar velocity over time; concentric phases shaded, propulsive ends marked, MCV labelled."""
    out = Path(out)
    pos = velocity_bar_position(signal, where="velocity_plot_set")
    fs = signal.sampling_rate
    _, vel, _ = velocity_kinematics(
        pos, sampling_rate=fs, lowpass_hz=result.method.get("lowpass_hz", 10.0)
    )
    step = max(1, int(vel.size // 20000))  # long recordings: draw at most ~20k points
    t = signal.t0 + np.arange(vel.size) / fs
    fig, ax = plt.subplots(figsize=(11, 4.2), constrained_layout=True)
    ax.plot(t[::step], vel[::step], color="#3182bd", lw=1.0, label="velocity")
    ax.axhline(0, color="0.6", lw=0.6)
    for r in result.reps:
        color = "#a1d99b" if r.valid else "#fc9272"
        ax.axvspan(r.start_s, r.end_s, color=color, alpha=0.45, lw=0)
        if r.propulsive_end_index is not None and r.propulsive_end_index < r.end_index:
            tp = signal.t0 + r.propulsive_end_index / fs
            ax.axvline(tp, color="#e6550d", lw=0.8, ls="--")
        label = f"{r.rep}: {r.mean_concentric_velocity_m_s:.2f}" if r.valid else f"{r.rep}: n/a"
        ax.annotate(
            label, ((r.start_s + r.end_s) / 2, ax.get_ylim()[1] * 0.92), ha="center", fontsize=8
        )
    ax.set_xlabel("time (s)")
    ax.set_ylabel("bar velocity (m/s)")
    vl = (
        ""
        if result.velocity_loss_pct is None
        else f", velocity loss {result.velocity_loss_pct:.0f} %"
    )
    ax.set_title(
        title
        or f"{result.exercise}, {result.n_reps} reps{vl} (green: concentric, dashed: propulsive end)"
    )
    fig.savefig(out, dpi=120)
    plt.close(fig)
    return out


def lv_plot_profile(
    profile: LoadVelocityProfile, out: str | Path, *, title: str | None = None
) -> Path:
    """Points, fitted line down to the MVT, and the e1RM with its prediction interval."""
    out = Path(out)
    x = np.asarray(profile.loads_kg)
    y = np.asarray(profile.velocities_m_s)
    fig, ax = plt.subplots(figsize=(7, 4.5), constrained_layout=True)
    ax.scatter(x, y, color="#3182bd", zorder=3, label="best rep per set")
    right = max(profile.e1rm_upper_kg or profile.e1rm_kg or x.max(), x.max()) * 1.05
    xs = np.linspace(0, right, 200)
    ax.plot(
        xs,
        profile.v0_m_s + profile.slope_m_s_per_kg * xs,
        color="#636363",
        lw=1,
        label=f"v = {profile.v0_m_s:.3f} {profile.slope_m_s_per_kg:+.5f} load"
        + ("" if profile.r2 is None else f" (r² {profile.r2:.3f})"),
    )
    if profile.mvt_m_s is not None and profile.e1rm_kg is not None:
        ax.axhline(
            profile.mvt_m_s, color="#e6550d", lw=0.8, ls="--", label=f"MVT {profile.mvt_m_s:g} m/s"
        )
        if profile.e1rm_lower_kg is not None and profile.e1rm_upper_kg is not None:
            ax.errorbar(
                [profile.e1rm_kg],
                [profile.mvt_m_s],
                xerr=[
                    [profile.e1rm_kg - profile.e1rm_lower_kg],
                    [profile.e1rm_upper_kg - profile.e1rm_kg],
                ],
                fmt="o",
                color="#e6550d",
                capsize=4,
                label=f"e1RM {profile.e1rm_kg:.1f} kg ({profile.confidence:.0%} PI "
                f"{profile.e1rm_lower_kg:.0f}-{profile.e1rm_upper_kg:.0f})",
            )
        else:
            ax.plot(
                [profile.e1rm_kg],
                [profile.mvt_m_s],
                "o",
                color="#e6550d",
                label=f"e1RM {profile.e1rm_kg:.1f} kg",
            )
    ax.set_xlim(0, right)
    ax.set_ylim(0, max(y.max(), profile.v0_m_s) * 1.05)
    ax.set_xlabel("load (kg)")
    ax.set_ylabel("mean velocity (m/s)")
    ax.set_title(title or f"{profile.exercise} load-velocity profile ({profile.method})")
    ax.legend(fontsize=8)
    fig.savefig(out, dpi=120)
    plt.close(fig)
    return out


# Former names (docs/naming.md): they still work, with a DeprecationWarning.
plot_velocity_set = deprecated_alias(velocity_plot_set, "plot_velocity_set")
plot_lv_profile = deprecated_alias(lv_plot_profile, "plot_lv_profile")
