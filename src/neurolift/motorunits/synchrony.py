"""Synchronisation of a decomposed pool in its steady phase: CIS, coherence bands and the
common-drive index of the accepted units (what ``neurolift mu analyze --sync`` reports)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from neurolift._results import Result
from neurolift.errors import InvalidParameterError
from neurolift.io.decomposition import Decomposition
from neurolift.motorunits.properties import MUPropertiesResult
from neurolift.motorunits.spiketrains import (
    mu_coherence,
    mu_common_drive_index,
    mu_synchrony_index,
)

__all__ = ["PoolSynchrony", "mu_pool_synchrony"]


@dataclass(frozen=True)
class PoolSynchrony(Result):
    """Mean pairwise CIS (synchronous discharges per s), pooled coherence per band and the
    common-drive index of the units firing in the steady window."""

    n_units: int
    cis_mean_per_s: float
    coherence_delta: float
    coherence_alpha: float
    coherence_beta: float
    common_drive_index: float
    method: dict[str, Any] = field(default_factory=dict)


def mu_pool_synchrony(
    decomposition: Decomposition,
    properties: MUPropertiesResult,
    *,
    random_state: int | np.random.Generator | None = 0,
) -> PoolSynchrony:
    """Synchronisation of the accepted units of ``properties`` within its steady window.

    Each accepted unit's discharges inside the window (2 or more) enter: CIS is the mean of
    :func:`~neurolift.motorunits.spiketrains.mu_synchrony_index` over all pairs, coherence
    the bands of :func:`~neurolift.motorunits.spiketrains.mu_coherence` (random unit halves
    drawn with ``random_state``), and :func:`~neurolift.motorunits.spiketrains.mu_common_drive_index`.

    Raises
    ------
    InvalidParameterError
        No steady window, or fewer than 2 accepted units firing in it.
    """
    where = "mu_pool_synchrony"
    d, r = decomposition, properties
    if r.steady_start_s is None or r.steady_end_s is None:
        raise InvalidParameterError(
            f"{where}: needs a steady window (give steady=, or a force channel)"
        )
    fs = d.sampling_rate
    s0, s1 = int(round(r.steady_start_s * fs)), int(round(r.steady_end_s * fs))
    trains = [d.discharges[u.index] for u in r.units if u.accepted]
    trains = [p[(p >= s0) & (p <= s1)] - s0 for p in trains]
    trains = [p for p in trains if p.size >= 2]
    if len(trains) < 2:
        raise InvalidParameterError(
            f"{where}: needs >= 2 accepted units firing in the steady window, got {len(trains)}"
        )
    n = s1 - s0 + 1
    cis = [
        mu_synchrony_index(trains[i], trains[j], sampling_rate=fs)
        for i in range(len(trains))
        for j in range(i + 1, len(trains))
    ]
    coh = mu_coherence(trains, sampling_rate=fs, n_samples=n, random_state=random_state)
    return PoolSynchrony(
        n_units=len(trains),
        cis_mean_per_s=float(np.mean(cis)),
        coherence_delta=coh.band_coherence["delta"],
        coherence_alpha=coh.band_coherence["alpha"],
        coherence_beta=coh.band_coherence["beta"],
        common_drive_index=mu_common_drive_index(trains, sampling_rate=fs, n_samples=n),
        method={
            "window_samples": [s0, s1],
            "cis": "Nordstrom 1992, +-5 ms peak, 1 ms bins",
            "coherence": coh.method,
            "cdi": "400 ms Hann, 0.75 Hz high-pass, +-100 ms",
        },
    )
