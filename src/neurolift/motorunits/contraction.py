"""One simulated contraction as the command line and the web run it: an excitation profile by
name, the pool's force and discharges, and optionally the surface or grid EMG it produces."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np

from neurolift._deprecation import renamed_parameters
from neurolift._results import to_plain
from neurolift._validation import check_choice
from neurolift.motorunits.pool import (
    MotorUnitPool,
    PoolSimulation,
    excitation_ramp,
    excitation_step,
    excitation_trapezoid,
)
from neurolift.motorunits.synthetic_emg import (
    HDEMGSimulation,
    discharges_write_csv,
    hdemg_simulate,
    semg_simulate,
)
from neurolift.timeseries import TimeSeries

__all__ = [
    "ContractionRun",
    "contraction_simulate",
    "contraction_write_discharges",
    "excitation_profile",
]


@renamed_parameters(duration="duration_s")
def excitation_profile(
    profile: Literal["trapezoid", "ramp", "step"],
    *,
    duration_s: float,
    sampling_rate: float,
    level: float,
    rise_s: float = 2.0,
    fall_s: float = 2.0,
    onset_s: float = 0.5,
) -> TimeSeries:
    """The excitation of a named profile: ``trapezoid`` (:func:`excitation_trapezoid`), ``ramp``
    (0 -> ``level`` over ``duration_s``) or ``step`` (ballistic, from ``onset_s``).

    Examples
    --------
    >>> e = excitation_profile("step", duration_s=1, sampling_rate=1000, level=0.5, onset_s=0.2)
    >>> float(e.values[199]), float(e.values[200])
    (0.0, 0.5)
    """
    check_choice("profile", profile, ("trapezoid", "ramp", "step"), where="excitation_profile")
    if profile == "trapezoid":
        return excitation_trapezoid(
            duration_s=duration_s,
            sampling_rate=sampling_rate,
            level=level,
            rise_s=rise_s,
            fall_s=fall_s,
            onset_s=onset_s,
        )
    if profile == "ramp":
        return excitation_ramp(duration_s=duration_s, sampling_rate=sampling_rate, level=level)
    return excitation_step(
        duration_s=duration_s, sampling_rate=sampling_rate, level=level, onset_s=onset_s
    )


@dataclass(frozen=True)
class ContractionRun:
    """A simulated contraction and the EMG simulated from it (``None`` when not asked);
    ``to_dict()`` is the contraction's metrics plus the EMG's RMS (V) and channel count.
    ``grid`` keeps the whole grid simulation (its ground truth, ``write_csv``)."""

    simulation: PoolSimulation
    emg: TimeSeries | None = None
    grid: HDEMGSimulation | None = None

    def to_dict(self) -> dict[str, Any]:
        out = self.simulation.metrics().to_dict()
        if self.emg is not None:
            out["emg_rms_v"] = float(np.sqrt(np.mean(self.emg.values**2)))
            out["emg_channels"] = self.emg.n_channels
        return to_plain(out)


def contraction_simulate(
    pool: MotorUnitPool,
    excitation: TimeSeries,
    *,
    emg: Literal["none", "surface", "grid"] = "none",
    grid: tuple[int, int] = (8, 8),
    snr_db: float = 20.0,
    random_state: int | np.random.Generator | None = None,
) -> ContractionRun:
    """Run ``pool`` on ``excitation`` and simulate its bipolar surface EMG
    (:func:`semg_simulate`) or grid HD-EMG (:func:`hdemg_simulate`, ``grid`` rows x columns)."""
    check_choice("emg", emg, ("none", "surface", "grid"), where="contraction_simulate")
    sim = pool.simulate(excitation, random_state=random_state)
    signal = None
    g = None
    if emg == "surface":
        signal = semg_simulate(sim, snr_db=snr_db, random_state=random_state)
    elif emg == "grid":
        rows, cols = grid
        g = hdemg_simulate(sim, rows=rows, cols=cols, snr_db=snr_db, random_state=random_state)
        signal = g.emg
    return ContractionRun(sim, signal, g)


def contraction_write_discharges(
    simulation: PoolSimulation, path: str | Path, *, layout: Literal["long", "wide"] = "long"
) -> Path:
    """Write the discharges of every unit that fired (named ``MU<index>`` by recruitment
    order) with :func:`discharges_write_csv`."""
    keep = [i for i, d in enumerate(simulation.discharges) if d.size]
    return discharges_write_csv(
        path,
        [simulation.discharges[i] for i in keep],
        sampling_rate=simulation.sampling_rate,
        layout=layout,
        unit_names=[f"MU{i}" for i in keep],
    )
