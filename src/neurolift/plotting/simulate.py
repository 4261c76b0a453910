"""Figures of the simulators: one pool contraction (force, discharges, EMG) and the training
model's neural vs muscular contribution by week."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from neurolift.motorunits.pool import PoolSimulation  # noqa: E402
from neurolift.timeseries import TimeSeries  # noqa: E402

__all__ = ["adaptation_plot", "contraction_plot"]


def contraction_plot(
    sim: PoolSimulation, out: str | Path, *, emg: TimeSeries | None = None
) -> Path:
    """Net (and antagonist) force over the excitation, the discharge raster and, when given,
    the first EMG channel (mV); written to ``out`` (PNG, SVG or PDF)."""
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
    path = Path(out)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def adaptation_plot(result: Any, out: str | Path, *, title: str) -> Path:
    """Stacked neural and muscular strength gain (% of pre, mean over athletes) by week with the
    gain expressed on the day, from :func:`neurolift.training.adaptation.adaptation_simulate`."""
    r = result
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
    path = Path(out)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
