"""Spike-train maths: instantaneous and smoothed discharge rates, synchrony, coherence, common drive.

Discharges are integer sample indices at an explicit sampling rate (the model of
:class:`neurolift.io.decomposition.Decomposition`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from neurolift._results import Result
from neurolift._validation import check_positive, check_sampling_rate
from neurolift.errors import InvalidParameterError, SignalError, SignalTooShortError

__all__ = [
    "CoherenceResult",
    "mu_binary_trains",
    "mu_coherence",
    "mu_common_drive_index",
    "mu_instantaneous_rate",
    "mu_smoothed_rate",
    "mu_synchrony_index",
]

#: Frequency bands of pooled coherence, Hz (Farina & Negro; openhdemg 0.2).
COHERENCE_BANDS: dict[str, tuple[float, float]] = {
    "delta": (0.0, 5.0),
    "alpha": (5.0, 15.0),
    "beta": (15.0, 35.0),
    "gamma": (35.0, 60.0),
}


def _as_index(discharges: Any, where: str) -> np.ndarray:
    a = np.asarray(discharges)
    if a.ndim != 1:
        raise InvalidParameterError(
            f"{where}: discharges must be 1-D sample indices, got shape {a.shape}"
        )
    return a.astype(np.int64, copy=False)


def mu_instantaneous_rate(
    discharges: Any, *, sampling_rate: float
) -> tuple[np.ndarray, np.ndarray]:
    """Instantaneous discharge rate: ``fs / ISI`` assigned to the discharge that ends each interval.

    Parameters
    ----------
    discharges : array_like of int, shape (n,)
        Discharge sample indices, increasing.
    sampling_rate : float
        Hz.

    Returns
    -------
    times_s : ndarray, shape (n - 1,)
        Time of the second discharge of each interval, s.
    rate_pps : ndarray, shape (n - 1,)
        Instantaneous discharge rate, pulses per second.

    References
    ----------
    .. [1] De Luca CJ, Hostage EC (2010). Relationship between firing rate and recruitment
       threshold of motoneurons in voluntary isometric contractions. J Neurophysiol 104:1034-1046.

    Examples
    --------
    >>> t, r = mu_instantaneous_rate([0, 100, 200, 250], sampling_rate=1000)
    >>> t.tolist(), r.tolist()
    ([0.1, 0.2, 0.25], [10.0, 10.0, 20.0])
    """
    where = "mu_instantaneous_rate"
    fs = check_sampling_rate(sampling_rate, where=where)
    d = _as_index(discharges, where)
    isi = np.diff(d)
    if (isi <= 0).any():
        raise InvalidParameterError(f"{where}: discharges must be strictly increasing")
    return d[1:] / fs, fs / isi


def mu_binary_trains(discharges: Sequence[Any], *, n_samples: int) -> np.ndarray:
    """Spike trains as a (n_samples, n_units) 0/1 float array.

    Examples
    --------
    >>> mu_binary_trains([[1, 3], [0]], n_samples=4).T.tolist()
    [[0.0, 1.0, 0.0, 1.0], [1.0, 0.0, 0.0, 0.0]]
    """
    n = int(n_samples)
    out = np.zeros((n, len(discharges)))
    for j, d in enumerate(discharges):
        d = _as_index(d, "mu_binary_trains")
        out[d[(d >= 0) & (d < n)], j] = 1.0
    return out


def mu_smoothed_rate(
    discharges: Sequence[Any],
    *,
    sampling_rate: float,
    n_samples: int,
    window_s: float = 0.4,
) -> np.ndarray:
    """Smoothed discharge rate: spike trains convolved with a unit-area Hann window.

    Parameters
    ----------
    discharges : sequence of int arrays
        One array of sample indices per unit.
    sampling_rate : float
        Hz.
    n_samples : int
        Length of the output.
    window_s : float
        Hann window length, s (400 ms is the common-drive convention of De Luca et al.).

    Returns
    -------
    ndarray, shape (n_samples, n_units)
        Rate in pulses per second at every sample.

    References
    ----------
    .. [1] De Luca CJ, LeFever RS, McCue MP, Xenakis AP (1982). Control scheme governing
       concurrently active human motor units during voluntary contractions. J Physiol 329:129-142.

    Examples
    --------
    >>> fs = 1000
    >>> r = mu_smoothed_rate([np.arange(0, 10000, 100)], sampling_rate=fs, n_samples=10000)
    >>> round(float(r[5000, 0]), 1)
    10.0
    """
    where = "mu_smoothed_rate"
    fs = check_sampling_rate(sampling_rate, where=where)
    w = check_positive("window_s", window_s, where=where)
    m = max(3, int(round(w * fs)))
    win = np.hanning(m + 2)[1:-1]
    win = win / win.sum() * fs
    trains = mu_binary_trains(discharges, n_samples=n_samples)
    from scipy.signal import fftconvolve

    return fftconvolve(trains, win[:, None], mode="same", axes=0)


def mu_synchrony_index(
    discharges_a: Any,
    discharges_b: Any,
    *,
    sampling_rate: float,
    window_s: float = 0.005,
    max_lag_s: float = 0.1,
) -> float:
    """Cross-correlation synchrony index (CIS) of two spike trains, synchronous impulses per s.

    The cross-correlation histogram of discharge-time differences of unit B relative to unit A
    over +-``max_lag_s`` is built with 1 ms bins; the expected (chance) count per bin is the
    mean count in the flanks (|lag| > 60 % of ``max_lag_s``); counts above chance within
    +-``window_s`` are summed and divided by the duration of the overlapping activity.

    Parameters
    ----------
    discharges_a, discharges_b : array_like of int
        Sample indices.
    sampling_rate : float
        Hz.
    window_s : float
        Half-width of the central synchrony peak, s.
    max_lag_s : float
        Histogram range, s.

    Returns
    -------
    float
        CIS, extra synchronous discharges per second (0 for independent trains).

    References
    ----------
    .. [1] Nordstrom MA, Fuglevand AJ, Enoka RM (1992). Estimating the strength of common input
       to human motoneurons from the cross-correlogram. J Physiol 453:547-574.

    Examples
    --------
    Two irregular 10-12 pps trains sharing 2 synchronous discharges per second:

    >>> rng, fs = np.random.default_rng(0), 2048
    >>> a, b = (np.cumsum(rng.normal(1 / r, 0.2 / r, 60 * r)) for r in (10, 12))
    >>> shared = rng.uniform(0, 55, 110)
    >>> a = np.unique((np.r_[a[a < 55], shared] * fs).astype(int))
    >>> b = np.unique((np.r_[b[b < 55], shared + 0.0005] * fs).astype(int))
    >>> 1.7 < mu_synchrony_index(a, b, sampling_rate=fs) < 2.3
    True
    """
    where = "mu_synchrony_index"
    fs = check_sampling_rate(sampling_rate, where=where)
    win = check_positive("window_s", window_s, where=where)
    lag = check_positive("max_lag_s", max_lag_s, where=where)
    a = _as_index(discharges_a, where)
    b = _as_index(discharges_b, where)
    if a.size < 2 or b.size < 2:
        raise SignalTooShortError(
            f"{where}: each train needs >= 2 discharges, got {a.size} and {b.size}"
        )
    max_lag = int(round(lag * fs))
    lo = np.searchsorted(b, a - max_lag, side="left")
    hi = np.searchsorted(b, a + max_lag, side="right")
    diffs = np.concatenate([b[i0:i1] - x for x, i0, i1 in zip(a, lo, hi, strict=True)]) / fs
    edges = np.arange(-lag, lag + 1e-3 / 2, 1e-3)
    counts, _ = np.histogram(diffs, bins=edges)
    centers = (edges[:-1] + edges[1:]) / 2
    flank = np.abs(centers) > 0.6 * lag
    expected = counts[flank].mean() if flank.any() else 0.0
    peak = np.abs(centers) <= win
    extra = float(np.sum(counts[peak] - expected))
    start = max(a[0], b[0]) / fs
    stop = min(a[-1], b[-1]) / fs
    duration = stop - start
    if duration <= 0:
        raise SignalError(f"{where}: the two units are never active at the same time")
    return float(max(extra, 0.0) / duration)


@dataclass(frozen=True)
class CoherenceResult(Result):
    """Pooled coherence between two groups of spike trains."""

    frequency_hz: np.ndarray
    coherence: np.ndarray
    band_coherence: dict[str, float]
    n_pairs: int
    method: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def mu_coherence(
    discharges: Sequence[Any],
    *,
    sampling_rate: float,
    n_samples: int,
    segment_s: float = 1.0,
    n_pairs: int = 50,
    random_state: int | np.random.Generator | None = None,
) -> CoherenceResult:
    """Pooled intramuscular coherence of cumulative spike trains (CST) of two random unit groups.

    The units are split in two equal random halves ``n_pairs`` times; for each split the
    magnitude-squared coherence (Welch, Hann segments of ``segment_s``) between the two CSTs is
    computed and averaged. Band values are mean coherence in delta (0-5 Hz), alpha (5-15 Hz),
    beta (15-35 Hz) and gamma (35-60 Hz).

    Parameters
    ----------
    discharges : sequence of int arrays
        At least 2 units.
    sampling_rate : float
        Hz.
    n_samples : int
        Length of the analysed window (discharges beyond it are ignored).
    segment_s : float
        Welch segment length, s (frequency resolution = 1/segment_s).
    n_pairs : int
        Number of random splits.
    random_state : int or Generator, optional
        Seed for the splits.

    Returns
    -------
    CoherenceResult

    References
    ----------
    .. [1] Negro F, Farina D (2011). Linear transmission of cortical oscillations to the neural
       drive to muscles is mediated by common projections to populations of motoneurons in
       humans. J Physiol 589:629-637.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> fs, n = 1000, 20000
    >>> trains = [np.sort(rng.choice(n, 200, replace=False)) for _ in range(4)]
    >>> r = mu_coherence(trains, sampling_rate=fs, n_samples=n, random_state=0)
    >>> r.band_coherence["beta"] < 0.1
    True
    """
    where = "mu_coherence"
    fs = check_sampling_rate(sampling_rate, where=where)
    seg = check_positive("segment_s", segment_s, where=where)
    if len(discharges) < 2:
        raise SignalError(f"{where}: needs at least 2 motor units, got {len(discharges)}")
    nperseg = int(round(seg * fs))
    if nperseg * 2 > int(n_samples):
        raise SignalTooShortError(
            f"{where}: {n_samples} samples hold fewer than 2 segments of {seg:g} s"
        )
    from scipy.signal import coherence

    rng = np.random.default_rng(random_state)
    trains = mu_binary_trains(discharges, n_samples=n_samples)
    k = len(discharges) // 2
    acc: np.ndarray | None = None
    f = np.zeros(0)
    n_pairs = int(n_pairs)
    if n_pairs < 1:
        raise InvalidParameterError(f"{where}: n_pairs must be >= 1, got {n_pairs}")
    for _ in range(n_pairs):
        perm = rng.permutation(len(discharges))
        c1 = trains[:, perm[:k]].sum(axis=1)
        c2 = trains[:, perm[k : 2 * k]].sum(axis=1)
        f, c = coherence(c1 - c1.mean(), c2 - c2.mean(), fs=fs, nperseg=nperseg, window="hann")
        acc = c if acc is None else acc + c
    assert acc is not None  # n_pairs >= 1
    coh = acc / n_pairs
    bands = {}
    for name, (lo, hi) in COHERENCE_BANDS.items():
        sel = (f > lo) & (f <= hi)
        bands[name] = float(coh[sel].mean()) if sel.any() else float("nan")
    return CoherenceResult(
        f,
        coh,
        bands,
        n_pairs,
        method={
            "name": "pooled_cst_coherence",
            "segment_s": seg,
            "n_pairs": n_pairs,
            "units_per_group": k,
            "bands_hz": COHERENCE_BANDS,
        },
    )


def mu_common_drive_index(
    discharges: Sequence[Any],
    *,
    sampling_rate: float,
    n_samples: int,
    window_s: float = 0.4,
    highpass_hz: float = 0.75,
    max_lag_s: float = 0.1,
) -> float:
    """Common-drive index: mean peak cross-correlation of detrended smoothed discharge rates.

    Each unit's rate is smoothed with a 400 ms Hann window (:func:`mu_smoothed_rate`),
    high-pass filtered at ``highpass_hz`` to remove the force trend, restricted to the samples
    where both units are active, and the peak normalised cross-correlation within
    +-``max_lag_s`` is averaged over all unit pairs.

    Returns
    -------
    float
        Mean peak correlation coefficient in [-1, 1].

    References
    ----------
    .. [1] De Luca CJ, Erim Z (1994). Common drive of motor units in regulation of muscle force.
       Trends Neurosci 17:299-305.

    Examples
    --------
    >>> fs, n = 1000, 30000
    >>> t = np.arange(n) / fs
    >>> rate = 10 + 2 * np.sin(2 * np.pi * 1.5 * t)          # shared 1.5 Hz modulation
    >>> spikes = [np.flatnonzero(np.diff(np.floor(np.cumsum(rate) / fs + ph)) > 0)
    ...           for ph in (0.0, 0.37)]
    >>> mu_common_drive_index(spikes, sampling_rate=fs, n_samples=n) > 0.8
    True
    """
    where = "mu_common_drive_index"
    fs = check_sampling_rate(sampling_rate, where=where)
    if len(discharges) < 2:
        raise SignalError(f"{where}: needs at least 2 motor units, got {len(discharges)}")
    hp = check_positive("highpass_hz", highpass_hz, where=where)
    from scipy.signal import butter, sosfiltfilt

    rates = mu_smoothed_rate(discharges, sampling_rate=fs, n_samples=n_samples, window_s=window_s)
    sos = butter(2, hp, btype="highpass", fs=fs, output="sos")
    max_lag = int(round(max_lag_s * fs))
    vals = []
    spans = []
    for d in discharges:
        d = _as_index(d, where)
        spans.append((int(d[0]), int(d[-1])) if d.size >= 2 else None)
    for i in range(len(discharges)):
        for j in range(i + 1, len(discharges)):
            si, sj = spans[i], spans[j]
            if si is None or sj is None:
                continue
            s0 = max(si[0], sj[0])
            s1 = min(si[1], sj[1])
            if s1 - s0 < 4 * max(max_lag, int(fs / hp)):
                continue
            x = sosfiltfilt(sos, rates[s0:s1, i])
            y = sosfiltfilt(sos, rates[s0:s1, j])
            x = (x - x.mean()) / (x.std() or 1.0)
            y = (y - y.mean()) / (y.std() or 1.0)
            n = x.size
            full = np.correlate(x[max_lag : n - max_lag], y, mode="valid") / (n - 2 * max_lag)
            vals.append(float(full.max()))
    if not vals:
        raise SignalTooShortError(f"{where}: no pair of units is active together long enough")
    return float(np.mean(vals))
