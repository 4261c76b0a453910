"""Quality of decomposed motor units: silhouette (SIL) and pulse-to-noise ratio (PNR) of the
pulse trains. Readers return the pulse trains; these are computed here, when asked."""

from __future__ import annotations

from typing import Any

import numpy as np

from neurolift.errors import SignalError
from neurolift.io.decomposition import Decomposition

__all__ = ["mu_pnr", "mu_sil", "mu_sil_units"]


def mu_sil(pulse_train: Any, discharges: Any) -> float:
    """Silhouette (SIL) of a pulse train: separation of discharge peaks from the noise.

    ``SIL = (B - W) / max(W, B)`` with ``W`` the sum of squared distances of the peak values
    (the pulse train at the discharges) to their mean and ``B`` the sum of squared distances
    of the same peaks to the mean of all other samples.

    References
    ----------
    .. [1] Negro F, Muceli S, Castronovo AM, Holobar A, Farina D (2016). Multi-channel
       intramuscular and surface EMG decomposition by convolutive blind source separation.
       J Neural Eng 13:026027.

    Examples
    --------
    >>> x = np.zeros(1000); x[[100, 300, 500]] = 1.0
    >>> mu_sil(x, [100, 300, 500])
    1.0
    """
    x = np.asarray(pulse_train, dtype=np.float64).ravel()
    d = np.asarray(discharges, dtype=np.int64).ravel()
    if d.size == 0:
        raise SignalError("mu_sil: the unit has no discharges")
    peaks = x[d]
    noise_c = (x.sum() - peaks.sum()) / (x.size - d.size)  # mean of every other sample
    w = float(np.sum((peaks - peaks.mean()) ** 2))
    b = float(np.sum((peaks - noise_c) ** 2))
    den = max(w, b)
    return (b - w) / den if den > 0 else 0.0


def mu_sil_units(decomposition: Decomposition) -> np.ndarray | None:
    """SIL of every unit: computed from the pulse trains (:func:`mu_sil`) when the decomposition
    has them, else the SIL stored by the decomposition software, else ``None``; NaN for a unit
    without discharges.

    Examples
    --------
    >>> x = np.zeros((1000, 1)); x[[100, 300, 500], 0] = 1.0
    >>> d = Decomposition([np.array([100, 300, 500])], 1000, 1000, pulse_trains=x)
    >>> mu_sil_units(d).tolist()
    [1.0]
    """
    d = decomposition
    if d.pulse_trains is None:
        return None if d.sil is None else np.asarray(d.sil, dtype=np.float64)
    return np.array(
        [mu_sil(d.pulse_trains[:, j], p) if p.size else np.nan for j, p in enumerate(d.discharges)]
    )


def mu_pnr(pulse_train: Any, discharges: Any, *, margin_samples: int = 3) -> float:
    """Pulse-to-noise ratio, dB.

    The train is scaled by the mean of its peaks; noise = non-negative samples between the
    first and last discharge that lie more than ``margin_samples`` from any discharge.
    ``PNR = 10 log10(mean(peak^2) / mean(noise^2))``.

    References
    ----------
    .. [1] Holobar A, Minetto MA, Farina D (2014). Accurate identification of motor unit
       discharge patterns from high-density surface EMG and validation with a novel signal-based
       performance metric. J Neural Eng 11:016008.

    Examples
    --------
    >>> x = np.full(1000, 0.1); x[[100, 300, 500]] = 1.0
    >>> round(mu_pnr(x, [100, 300, 500]), 1)
    20.0
    """
    x = np.asarray(pulse_train, dtype=np.float64).ravel()
    d = np.asarray(discharges, dtype=np.int64).ravel()
    if d.size < 2:
        raise SignalError(f"mu_pnr: needs >= 2 discharges, got {d.size}")
    scale = x[d].mean()
    seg = x[d[0] : d[-1] + 1] / scale
    keep = np.ones(seg.size, dtype=bool)
    m = int(margin_samples)
    near = (d[:, None] - d[0] + np.arange(-m, m + 1)[None, :]).ravel()
    keep[near[(near >= 0) & (near < seg.size)]] = False
    keep &= seg >= 0  # NaN compares False: dropped too
    count = int(np.count_nonzero(keep))
    noise_power = float(np.sum(seg * seg, where=keep)) / count if count else 0.0
    if noise_power == 0.0 or not np.isfinite(noise_power):
        raise SignalError("mu_pnr: no noise samples between the discharges")
    return float(10 * np.log10(np.mean((x[d] / scale) ** 2) / noise_power))
