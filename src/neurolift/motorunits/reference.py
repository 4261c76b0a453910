"""The force (reference) signal of a decomposed contraction: its steady phase and its rate of
force development."""

from __future__ import annotations

import numpy as np

from neurolift._validation import check_positive, check_range
from neurolift.errors import InvalidParameterError, SignalError
from neurolift.timeseries import TimeSeries

__all__ = ["mu_rfd", "mu_steady_window"]


def mu_steady_window(
    reference: TimeSeries,
    *,
    plateau_fraction: float = 0.95,
    trim_s: float = 0.5,
) -> tuple[int, int]:
    """Steady (plateau) phase of a force signal, detected automatically.

    Plateau level = median of the samples at or above 90 % of the maximum. The steady phase
    runs from the first to the last sample above ``plateau_fraction`` of that level, shortened
    by ``trim_s`` at each end.

    Parameters
    ----------
    reference : TimeSeries
        Force (1 channel).
    plateau_fraction : float
        Fraction of the plateau level that counts as "on the plateau".
    trim_s : float
        Seconds removed at each end (ramp transition), s.

    Returns
    -------
    (start, end) : tuple of int
        Sample indices (inclusive).

    Examples
    --------
    >>> f = np.interp(np.arange(10000), [0, 2000, 8000, 10000], [0, 20, 20, 0])
    >>> mu_steady_window(TimeSeries(f, 1000, "%MVC"))
    (2401, 7599)
    """
    where = "mu_steady_window"
    frac = check_range("plateau_fraction", plateau_fraction, 0.5, 1.0, where=where)
    trim = check_positive("trim_s", trim_s, where=where, allow_zero=True)
    x = reference.as_2d()[:, 0]
    if not np.isfinite(x).all():
        raise SignalError(f"{where}: the force signal has NaN/inf samples")
    peak = float(x.max())
    if peak <= 0:
        raise SignalError(f"{where}: the force signal never rises above 0; no plateau")
    level = float(np.median(x[x >= 0.9 * peak]))
    above = np.flatnonzero(x > frac * level)
    k = int(round(trim * reference.sampling_rate))
    start, end = int(above[0]) + k, int(above[-1]) - k
    if end <= start:
        raise SignalError(
            f"{where}: the plateau ({above[0] / reference.sampling_rate:.2f}-"
            f"{above[-1] / reference.sampling_rate:.2f} s) is shorter than 2 x trim_s = {2 * trim:g} s"
        )
    return start, end


def mu_rfd(
    reference: TimeSeries, *, onset: int, windows_ms: tuple[int, ...] = (50, 100, 150, 200)
) -> dict[str, float]:
    """Rate of force development over windows from ``onset``: ``(F(t0+w) - F(t0)) / w``.

    Returns a mapping ``{"rfd_0_50ms": value, ...}`` in reference units per second.

    References
    ----------
    .. [1] Maffiuletti NA, et al. (2016). Rate of force development: physiological and
       methodological considerations. Eur J Appl Physiol 116:1091-1116.

    Examples
    --------
    >>> f = TimeSeries(np.arange(2000) * 0.5, 1000, "N")     # 500 N/s ramp
    >>> mu_rfd(f, onset=100, windows_ms=(50,))
    {'rfd_0_50ms': 500.0}
    """
    x = reference.as_2d()[:, 0]
    fs = reference.sampling_rate
    if not 0 <= onset < x.size:
        raise InvalidParameterError(
            f"mu_rfd: onset {onset} is outside the signal (0..{x.size - 1})"
        )
    out = {}
    for w in windows_ms:
        k = int(round(w * fs / 1000))
        if onset + k >= x.size:
            raise SignalError(f"mu_rfd: the {w} ms window runs past the end of the signal")
        out[f"rfd_0_{w}ms"] = float((x[onset + k] - x[onset]) / (w / 1000))
    return out
