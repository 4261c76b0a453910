"""HD-EMG decomposition into motor-unit discharges by convolutive blind source separation.

:func:`mu_decompose` turns a monopolar electrode-grid recording into a
:class:`~neurolift.io.decomposition.Decomposition` (discharges, pulse trains, SIL and PNR per
unit, the reference force), so every motor-unit metric (:func:`~neurolift.motorunits.mu_properties`,
:func:`~neurolift.motorunits.mu_sta`...) works on it directly. The learned separation vectors
travel with the result (:class:`MUSeparation`); :func:`mu_decompose_apply` re-applies them to
another recording from the same grid.

The pipeline (Negro et al. 2016):

1. zero-phase Butterworth band-pass (and optional notch) of every channel;
2. bad-channel rejection: flat, saturated (clipped at the amplifier range) and noisy channels
   are dropped, each named in a warning;
3. extension: each channel and its ``R - 1`` delayed copies, ``R = round(1000 / channels)``;
4. whitening of the extended observations (eigen-decomposition of their covariance, directions
   at the noise floor dropped);
5. fixed-point ICA with deflation (contrast skew ``x^3/3``, ``log cosh`` or kurtosis
   ``x^4/4``), initialised at the instants of highest activity (squared norm of the whitened
   sample), a block of sources at a time so each iteration is one matrix product;
6. refinement: discharges = peaks of ``s|s|`` classified in two classes (spikes vs noise) by
   2-means; the separation vector becomes the mean whitened sample at the discharges, repeated
   while the coefficient of variation of the inter-spike intervals decreases;
7. acceptance: silhouette (SIL) >= ``min_sil``, at least ``min_discharges`` discharges, median
   discharge rate in ``rate_range_pps``;
8. duplicates (two sources of one unit) share >= 30 % of their discharges within +-0.5 ms after
   lag alignment; the one with the higher SIL is kept;
9. peel-off (Chen & Zhou 2016): an accepted unit's mean waveform is subtracted from the whitened
   observations at its discharges, so later sources start from the other units; every unit is
   finally re-estimated on the observations before peel-off.

PNR (pulse-to-noise ratio) is :func:`~neurolift.motorunits.analysis.mu_pnr` (Holobar et al. 2014).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from threadpoolctl import threadpool_limits

from neurolift._results import Result
from neurolift._validation import check_choice, check_positive, check_range
from neurolift.errors import InvalidParameterError, SamplingRateError, SignalError
from neurolift.motorunits import _bss
from neurolift.timeseries import TimeSeries

if TYPE_CHECKING:  # pragma: no cover
    from neurolift.io.decomposition import Decomposition

__all__ = [
    "DecomposeProgress",
    "DecompositionSummary",
    "MUSeparation",
    "mu_decompose",
    "mu_decompose_apply",
    "mu_decompose_summary",
    "mu_match_units",
    "mu_rate_of_agreement",
]

#: Fewest usable channels for a grid decomposition.
MIN_CHANNELS = 8
#: Shortest recording, s.
MIN_DURATION_S = 5.0
#: Lowest sampling rate, Hz: discharge timing needs >= 1 kHz (0.5 ms tolerance).
MIN_RATE_HZ = 1000.0
#: Highest sampling rate accepted, Hz (intramuscular systems sample at <= 64 kHz).
MAX_RATE_HZ = 100_000.0


@dataclass(frozen=True)
class DecomposeProgress:
    """What :func:`mu_decompose` reports to its ``progress`` callback after each block."""

    iteration: int  # sources tried so far
    n_iterations: int  # planned sources
    n_units: int  # accepted units so far (after duplicate removal)
    stage: str  # "preprocess", "decompose" or "done"


@dataclass(frozen=True, eq=False)
class MUSeparation:
    """Learned separation of one grid: everything needed to re-apply it to new data.

    ``filters`` are the separation vectors in the space of the extended (filtered, centred)
    observations, lag-major: the source of unit j is ``s_j(t) = sum_k x(t - k) @
    filters[k*channels:(k+1)*channels, j]``. Discharges on new data are the peaks of ``s|s|``
    above ``thresholds`` after dividing by ``scales`` (the spike-class centroid on the
    training data).
    """

    channels: tuple[str, ...]
    sampling_rate: float
    extension_factor: int
    lowcut: float | None
    highcut: float | None
    order: int
    notch: float | None
    filters: np.ndarray
    scales: np.ndarray
    thresholds: np.ndarray
    min_distance: int
    unit_names: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "channels": list(self.channels),
            "sampling_rate": self.sampling_rate,
            "extension_factor": self.extension_factor,
            "lowcut": self.lowcut,
            "highcut": self.highcut,
            "order": self.order,
            "notch": self.notch,
            "filters": self.filters.T.tolist(),
            "scales": self.scales.tolist(),
            "thresholds": self.thresholds.tolist(),
            "min_distance": self.min_distance,
            "unit_names": list(self.unit_names),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> MUSeparation:
        try:
            filters = np.asarray(d["filters"], dtype=np.float64).T
            return cls(
                tuple(str(c) for c in d["channels"]),
                float(d["sampling_rate"]),
                int(d["extension_factor"]),
                None if d["lowcut"] is None else float(d["lowcut"]),
                None if d["highcut"] is None else float(d["highcut"]),
                int(d["order"]),
                None if d["notch"] is None else float(d["notch"]),
                filters.reshape(-1, len(d["unit_names"])),
                np.asarray(d["scales"], dtype=np.float64),
                np.asarray(d["thresholds"], dtype=np.float64),
                int(d["min_distance"]),
                tuple(str(u) for u in d["unit_names"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidParameterError(
                f"MUSeparation.from_dict: not a separation record ({exc})"
            ) from None


@dataclass(frozen=True)
class DecompositionSummary(Result):
    """One line per unit of a decomposition (what ``neurolift mu decompose`` prints)."""

    n_units: int
    sampling_rate_hz: float
    duration_s: float
    channels_used: int | None
    units: list[dict[str, Any]]
    method: dict[str, Any]
    warnings: list[str]


def mu_decompose_summary(d: Decomposition) -> DecompositionSummary:
    """Per unit: discharges, first/last discharge, median discharge rate, SIL and PNR.

    Examples
    --------
    >>> from neurolift.io.decomposition import Decomposition
    >>> s = mu_decompose_summary(Decomposition([np.arange(0, 2000, 100)], 1000, 2000, sil=[0.93]))
    >>> s.units[0]["n_discharges"], s.units[0]["median_rate_pps"], s.units[0]["sil"]
    (20, 10.0, 0.93)
    """
    fs = d.sampling_rate
    units = []
    for i, (name, p) in enumerate(zip(d.unit_names, d.discharges, strict=True)):
        units.append(
            {
                "unit": name,
                "n_discharges": int(p.size),
                "first_discharge_s": float(p[0] / fs) if p.size else None,
                "last_discharge_s": float(p[-1] / fs) if p.size else None,
                "median_rate_pps": _median_rate(p, fs) if p.size >= 2 else None,
                "sil": None if d.sil is None else float(d.sil[i]),
                "pnr_db": None if d.pnr_db is None else float(d.pnr_db[i]),
            }
        )
    return DecompositionSummary(
        n_units=d.n_units,
        sampling_rate_hz=fs,
        duration_s=d.duration,
        channels_used=d.method.get("channels_used"),
        units=units,
        method=dict(d.method),
        warnings=list(d.warnings),
    )


# -- rate of agreement -----------------------------------------------------------------------
def _best_lag(a: np.ndarray, b: np.ndarray, max_lag: int, tol: int) -> int:
    """Lag (samples) maximising the discharges of ``b`` within ``tol`` of ``a + lag``."""
    lo = np.searchsorted(b, a - max_lag - tol, side="left")
    hi = np.searchsorted(b, a + max_lag + tol, side="right")
    counts = hi - lo
    if counts.sum() == 0:
        return 0
    rep = np.repeat(np.arange(a.size), counts)
    offs = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    diffs = b[lo[rep] + offs] - a[rep]
    hist = np.bincount(diffs + max_lag + tol, minlength=2 * (max_lag + tol) + 1)
    smooth = np.convolve(hist, np.ones(2 * tol + 1, dtype=np.int64), mode="same")
    core = smooth[tol : tol + 2 * max_lag + 1]
    raw = hist[tol : tol + 2 * max_lag + 1]
    best = np.flatnonzero(core == core.max())
    return int(best[np.argmax(raw[best])]) - max_lag  # ties: the exact-lag peak


def _n_common(a: np.ndarray, b: np.ndarray, lag: int, tol: int) -> int:
    """Discharges of ``a`` (shifted by ``lag``) with a partner in ``b`` within ``tol`` (one-to-one)."""
    if a.size == 0 or b.size == 0:
        return 0
    x = a + lag
    j = np.clip(np.searchsorted(b, x), 1, b.size - 1) if b.size > 1 else np.zeros_like(x)
    near = np.where(np.abs(b[j - 1] - x) <= np.abs(b[j] - x), j - 1, j) if b.size > 1 else j
    ok = np.abs(b[near] - x) <= tol
    return int(np.unique(near[ok]).size)


def mu_rate_of_agreement(
    a: Any,
    b: Any,
    *,
    sampling_rate: float,
    tolerance_s: float = 0.0005,
    max_lag_s: float = 0.05,
) -> tuple[float, float]:
    """Rate of agreement of two discharge trains after aligning them at their best lag.

    ``RoA = c / (n_a + n_b - c)`` with ``c`` the discharges of ``a`` that have a partner in
    ``b`` within ``tolerance_s`` once ``b`` is shifted by the lag (searched within
    ``+-max_lag_s``) that maximises ``c``; the lag absorbs the constant delay two
    decompositions of one unit may have (different extension delays or MUAP landmarks).

    Parameters
    ----------
    a, b : array_like of int
        Discharge sample indices.
    sampling_rate : float
        Hz.
    tolerance_s, max_lag_s : float
        Matching tolerance and lag search range, s.

    Returns
    -------
    (roa, lag_s) : tuple of float
        RoA in [0, 1] and the lag of ``b`` relative to ``a``, s.

    References
    ----------
    .. [1] Holobar A, Minetto MA, Farina D (2014). Accurate identification of motor unit
       discharge patterns from high-density surface EMG and validation with a novel signal-based
       performance metric. J Neural Eng 11:016008.

    Examples
    --------
    >>> a = np.arange(100, 10000, 200)
    >>> roa, lag = mu_rate_of_agreement(a, a + 7, sampling_rate=2048)
    >>> roa, round(lag * 2048)
    (1.0, 7)
    """
    from neurolift._validation import check_sampling_rate

    fs = check_sampling_rate(sampling_rate, where="mu_rate_of_agreement")
    x = np.unique(np.asarray(a, dtype=np.int64).ravel())
    y = np.unique(np.asarray(b, dtype=np.int64).ravel())
    tol = int(round(check_positive("tolerance_s", tolerance_s, where="mu_rate_of_agreement") * fs))
    lag_max = int(round(max_lag_s * fs))
    if x.size == 0 or y.size == 0:
        return 0.0, 0.0
    lag = _best_lag(x, y, lag_max, tol)
    c = _n_common(x + lag, y, 0, tol)
    return c / (x.size + y.size - c), lag / fs


def mu_match_units(
    reference: Sequence[Any],
    test: Sequence[Any],
    *,
    sampling_rate: float,
    tolerance_s: float = 0.0005,
    max_lag_s: float = 0.05,
) -> list[tuple[int, int | None, float, float]]:
    """Best match in ``test`` for every unit of ``reference`` by rate of agreement.

    Returns one ``(reference_index, test_index or None, roa, lag_s)`` per reference unit (see
    :func:`mu_rate_of_agreement`); a test unit may be the best match of several reference units.

    Examples
    --------
    >>> ref = [np.arange(100, 9000, 150), np.arange(120, 9000, 97)]
    >>> [(i, j, round(r, 2)) for i, j, r, _ in mu_match_units(ref, [ref[1] + 3], sampling_rate=2048)]
    [(0, 0, 0.02), (1, 0, 1.0)]
    """
    out: list[tuple[int, int | None, float, float]] = []
    for i, a in enumerate(reference):
        best: tuple[int | None, float, float] = (None, 0.0, 0.0)
        for j, b in enumerate(test):
            roa, lag = mu_rate_of_agreement(
                a, b, sampling_rate=sampling_rate, tolerance_s=tolerance_s, max_lag_s=max_lag_s
            )
            if best[0] is None or roa > best[1]:
                best = (j, roa, lag)
        out.append((i, *best))
    return out


# -- preprocessing ---------------------------------------------------------------------------
def _bad_channels(
    raw: np.ndarray, filt: np.ndarray, names: Sequence[str], *, noisy_factor: float
) -> tuple[np.ndarray, list[str]]:
    """Mask of good channels and one warning per rejected channel (flat, saturated, noisy)."""
    n, m = raw.shape
    good = np.ones(m, dtype=bool)
    warnings: list[str] = []
    sd = raw.std(axis=0)
    rms = np.sqrt(np.mean(filt * filt, axis=0))
    ref = float(np.median(sd[sd > 0])) if np.any(sd > 0) else 0.0
    hi, lo = raw.max(axis=0), raw.min(axis=0)
    n_hi, n_lo = (raw == hi).sum(axis=0), (raw == lo).sum(axis=0)
    at_rail = np.maximum(n_hi, n_lo)
    for c in range(m):
        if sd[c] == 0 or (ref > 0 and sd[c] < 1e-3 * ref):
            good[c] = False
            warnings.append(f"channel {names[c]} is flat (SD {sd[c] * 1e6:.3g} uV): rejected")
        elif at_rail[c] >= max(5, int(0.001 * n)):
            good[c] = False
            warnings.append(
                f"channel {names[c]} is saturated ({at_rail[c]} samples at its range limit "
                f"{(hi[c] if n_hi[c] >= n_lo[c] else lo[c]) * 1e3:.4g} mV): rejected"
            )
    med = float(np.median(rms[good])) if good.any() else 0.0
    for k in (int(i) for i in np.flatnonzero(good)):
        if med > 0 and rms[k] > noisy_factor * med:
            good[k] = False
            warnings.append(
                f"channel {names[k]} is noisy (RMS {rms[k] * 1e6:.3g} uV, {rms[k] / med:.1f} x the "
                "median channel): rejected"
            )
    return good, warnings


def _check_emg(emg: Any, where: str) -> TimeSeries:
    if not isinstance(emg, TimeSeries):
        raise InvalidParameterError(
            f"{where}: expected the grid EMG as a TimeSeries (samples x channels, V), got "
            f"{type(emg).__name__}"
        )
    fs = emg.sampling_rate
    if not MIN_RATE_HZ <= fs <= MAX_RATE_HZ:
        raise SamplingRateError(
            f"{where}: sampling_rate {fs:g} Hz is implausible for HD-EMG decomposition; it needs "
            f"{MIN_RATE_HZ:g}-{MAX_RATE_HZ:g} Hz (grids record at 2048 Hz or more). Check the time "
            "column (seconds?) or the --sampling-rate given"
        )
    if emg.n_channels < MIN_CHANNELS:
        raise SignalError(
            f"{where}: {emg.n_channels} channel(s); a grid decomposition needs at least "
            f"{MIN_CHANNELS}"
        )
    if emg.duration < MIN_DURATION_S:
        raise SignalError(
            f"{where}: the recording lasts {emg.duration:.2f} s; decomposition needs at least "
            f"{MIN_DURATION_S:g} s (motor units must discharge many times)"
        )
    if not np.isfinite(emg.values).all():
        raise SignalError(f"{where}: the EMG has NaN/inf samples; trim or fill them first")
    return emg


def _preprocess(
    emg: TimeSeries,
    *,
    lowcut: float | None,
    highcut: float | None,
    order: int,
    notch: float | None,
) -> np.ndarray:
    from neurolift.signals.emg.processing import emg_filter

    y = emg_filter(emg, lowcut_hz=lowcut, highcut_hz=highcut, order=order, notch_hz=notch).as_2d()
    return y - y.mean(axis=0)


# -- the decomposition ---------------------------------------------------------------------
@dataclass
class _Unit:
    w: np.ndarray  # separation vector in whitened space (unit norm)
    spikes: _bss.Spikes
    source: np.ndarray  # float32 source s = zt @ w


def _refine_block(
    zt: np.ndarray,
    w: np.ndarray,
    *,
    min_distance: int,
    max_steps: int,
    map_: Callable[..., Any],
    criterion: Literal["cov_isi", "sil"] = "cov_isi",
) -> list[_Unit]:
    """CoV-of-ISI minimisation (Negro 2016) of a block of sources in lockstep.

    Each column's separation vector becomes the mean whitened sample at its discharges, again
    while the coefficient of variation of its inter-spike intervals decreases (``"sil"``: while
    the silhouette increases, openhdemg's rule). One product ``zt @ w`` per step serves every
    column still improving.
    """
    s = zt @ w.astype(zt.dtype)
    flip = np.mean(s.astype(np.float64) ** 3, axis=0) < 0
    w = np.where(flip[None, :], -w, w)  # symmetric contrasts leave the sign free: spikes up
    s[:, flip] *= -1

    def det(j: int, s: np.ndarray = s) -> _bss.Spikes:
        return _bss.detect(s[:, j], min_distance=min_distance)

    best = [_Unit(w[:, j], sp, s[:, j]) for j, sp in enumerate(map_(det, range(w.shape[1])))]
    active = [j for j, u in enumerate(best) if u.spikes.index.size >= 2]
    for _ in range(max_steps):
        if not active:
            break
        w_new = np.column_stack(
            [zt[best[j].spikes.index].mean(axis=0, dtype=np.float64) for j in active]
        )
        w_new /= np.maximum(np.linalg.norm(w_new, axis=0), 1e-300)[None, :]
        s_new = zt @ w_new.astype(zt.dtype)

        def det_new(i: int, s_new: np.ndarray = s_new) -> _bss.Spikes:
            return _bss.detect(s_new[:, i], min_distance=min_distance)

        still = []
        for i, sp in enumerate(map_(det_new, range(len(active)))):
            j = active[i]
            better = (
                sp.cov_isi < best[j].spikes.cov_isi
                if criterion == "cov_isi"
                else sp.sil > best[j].spikes.sil
            )
            if better and sp.index.size >= 2:
                best[j] = _Unit(w_new[:, i], sp, s_new[:, i])
                still.append(j)
        active = still
    return best


def _peel(zt: np.ndarray, index: np.ndarray, half: int) -> None:
    """Peel-off: subtract the unit's mean whitened waveform (lags -half..half around its
    discharges) from ``zt`` in place, so later sources (and the activity index) see the other
    units (the progressive FastICA peel-off of Chen & Zhou 2016)."""
    n = zt.shape[0]
    taus = np.arange(-half, half + 1)
    idx = index[:, None] + taus[None, :]
    ok = (idx >= 0) & (idx < n)
    tmpl = np.stack([zt[idx[ok[:, j], j], :].mean(axis=0) for j in range(taus.size)])
    rows, cols = np.nonzero(ok)
    np.subtract.at(zt, idx[rows, cols], tmpl[cols])


def _drop_rate_outliers(idx: np.ndarray, pulse: np.ndarray, fs: float) -> np.ndarray:
    """MUedit's outlier rule: while an instantaneous rate exceeds mean + 3 SD of the unit's
    rates, drop the discharge of that interval with the smaller pulse-train value (a noise
    peak or another unit's discharge classified as this unit's)."""
    for _ in range(30):
        if idx.size < 4:
            break
        idr = fs / np.diff(idx)
        bad = np.flatnonzero(idr > idr.mean() + 3.0 * idr.std())
        if not bad.size:
            break
        drop = np.where(pulse[idx[bad]] < pulse[idx[bad + 1]], bad, bad + 1)
        idx = np.delete(idx, np.unique(drop))
    return idx


def _final_pass(
    zt: np.ndarray,
    units: list[_Unit],
    sil_min: float,
    min_distance: int,
    block: int,
    map_: Callable[..., Any],
    final: Literal["cov_isi", "sil"],
) -> list[_Unit]:
    """Re-estimate every unit on the observations before peel-off (its separation vector = the
    mean whitened sample at its discharges, then the CoV refinement): the residuals a peel-off
    leaves must not bias the final discharges. A unit keeps its peel-off estimate when the
    final one would fall below ``sil_min``."""
    out = list(units)
    for b0 in range(0, len(units), block):
        grp = units[b0 : b0 + block]
        w = np.column_stack([zt[u.spikes.index].mean(axis=0, dtype=np.float64) for u in grp])
        w /= np.maximum(np.linalg.norm(w, axis=0), 1e-300)[None, :]
        for i, u in enumerate(
            _refine_block(zt, w, min_distance=min_distance, max_steps=5, map_=map_, criterion=final)
        ):
            if u.spikes.sil >= sil_min and u.spikes.index.size >= 2:
                out[b0 + i] = u
    return out


def _initial_instants(activity: np.ndarray, used: np.ndarray, k: int, halfwin: int) -> list[int]:
    """The ``k`` instants of highest activity, each at least ``halfwin`` from any used one."""
    act = np.where(used, 0.0, activity)
    out: list[int] = []
    for _ in range(k):
        t = int(np.argmax(act))
        if act[t] <= 0:
            break
        out.append(t)
        act[max(0, t - halfwin) : t + halfwin + 1] = 0.0
        used[max(0, t - halfwin) : t + halfwin + 1] = True
    return out


def _median_rate(idx: np.ndarray, fs: float) -> float:
    return float(np.median(fs / np.diff(idx))) if idx.size >= 2 else 0.0


def mu_decompose(
    emg: TimeSeries,
    *,
    reference: TimeSeries | None = None,
    grid: str | None = None,
    ied_m: float | None = None,
    lowcut: float | None = 20.0,
    highcut: float | None = 500.0,
    order: int = 2,
    notch: float | None = None,
    extension_factor: int | None = None,
    n_iterations: int = 64,
    max_units: int | None = None,
    contrast: Literal["skew", "logcosh", "kurtosis"] = "skew",
    min_sil: float = 0.9,
    min_discharges: int = 10,
    rate_range_pps: tuple[float, float] = (2.0, 50.0),
    max_rate_pps: float = 50.0,
    duplicate_fraction: float = 0.3,
    duplicate_tolerance_s: float = 0.0005,
    duplicate_max_lag_s: float = 0.025,
    noisy_factor: float = 4.0,
    block_size: int = 8,
    peel_off: bool = True,
    rate_outliers: bool = True,
    final_refine: Literal["cov_isi", "sil"] = "cov_isi",
    whitening_tol: float = 1e-8,
    fastica_tol: float = 1e-3,
    fastica_max_iter: int = 100,
    refine_max_steps: int = 10,
    precision: Literal["float32", "float64"] = "float32",
    workers: int | None = None,
    progress: Callable[[DecomposeProgress], None] | None = None,
) -> Decomposition:
    """Decompose monopolar HD-EMG into motor-unit discharges (convolutive BSS, Negro et al. 2016).

    Parameters
    ----------
    emg : TimeSeries
        Grid EMG, samples x channels, V (channel names are kept: ``r{row}c{col}`` or ``chN``).
        At least 8 channels, 5 s and 1 kHz.
    reference : TimeSeries, optional
        Force recorded with the EMG (same rate and length); attached to the result for
        recruitment thresholds.
    grid, ied_m : str, float, optional
        Grid code (e.g. ``"GR08MM1305"``) and inter-electrode distance, m, carried to the result
        (MUAP and conduction-velocity analyses need them).
    lowcut, highcut, order, notch : float, float, int, float
        Butterworth band-pass (Hz, order per edge, zero phase) and an optional mains notch
        (50 or 60 Hz); see :func:`neurolift.signals.emg.emg_filter`.
    extension_factor : int, optional
        Delayed copies per channel; default ``round(1000 / usable channels)`` (16 for 64).
    n_iterations : int
        Sources to estimate (each is one fixed-point ICA run plus refinement).
    max_units : int, optional
        Stop once this many units are accepted.
    contrast : {"skew", "logcosh", "kurtosis"}
        Contrast function G of the fixed-point ICA: ``x^3/3``, ``log cosh x``, ``x^4/4``.
    min_sil : float
        Acceptance threshold of the silhouette (0.9 is the field's usual cut-off).
    min_discharges : int
        Fewer discharges -> rejected.
    rate_range_pps : (low, high)
        Plausible median discharge rate, pps.
    max_rate_pps : float
        Peaks closer than ``1 / max_rate_pps`` are one discharge (20 ms for 50 pps).
    duplicate_fraction, duplicate_tolerance_s, duplicate_max_lag_s : float
        Two units sharing at least this fraction of the larger train's discharges within the
        tolerance, after aligning them at their best lag (searched within the max lag), are one
        unit; the higher-SIL one is kept.
    noisy_factor : float
        A channel whose filtered RMS exceeds this multiple of the median channel is noisy.
    peel_off : bool
        Subtract each accepted unit from the whitened observations before the next sources
        (Chen & Zhou 2016); every unit is re-estimated on the full observations at the end.
    rate_outliers : bool
        Drop discharges that make an instantaneous rate exceed mean + 3 SD of the unit's (the
        smaller pulse of the pair; MUedit's automatic cleaning, Avrillon et al. 2024).
    final_refine : {"cov_isi", "sil"}
        Criterion of that last re-estimation: CoV of ISI decreasing (Negro 2016) or silhouette
        increasing (openhdemg's rule).
    block_size : int
        Sources estimated together (one matrix product per fixed-point iteration serves them
        all; each still deflates against every earlier source).
    whitening_tol : float
        Whitened directions with an eigenvalue below this fraction of the largest are dropped
        (no signal after the band-pass; see ``whitening`` in ``_bss``).
    fastica_tol, fastica_max_iter : float, int
        Convergence ``1 - |w^T w_old| < tol`` and iteration cap of the fixed-point ICA
        (Negro 2016 used 1e-4; 1e-3 here since the refinement re-estimates every vector: the
        same units on the openhdemg sample with about half the iterations).
    refine_max_steps : int
        Cap on the CoV-of-ISI refinement steps.
    precision : {"float32", "float64"}
        Arithmetic of the whitened observations and the ICA (float32 halves memory and time;
        the covariance and its eigen-decomposition are always float64).
    workers : int, optional
        Threads: the BLAS library's threads for the matrix products and a pool for the
        per-source peak classification of a block. Default: every core.
    progress : callable, optional
        Called with a :class:`DecomposeProgress` after preprocessing and after every block.

    Returns
    -------
    Decomposition
        Accepted units ordered by recruitment (first discharge): ``discharges``,
        ``pulse_trains`` (sources scaled to a unit spike centroid), ``sil`` (this method's
        silhouette), ``pnr_db``, the ``reference``, the raw ``emg``, ``grid``, ``ied_m``;
        ``separation`` holds the :class:`MUSeparation`; ``method`` and ``warnings`` say what was
        done. :func:`~neurolift.motorunits.mu_properties` recomputes SIL from the pulse trains
        with openhdemg's all-samples definition unless called with ``quality=False``.

    Raises
    ------
    SamplingRateError
        A rate outside 1-100 kHz (a time column in ms, a wrong ``--sampling-rate``).
    SignalError
        Fewer than 8 channels (before or after rejecting bad ones), shorter than 5 s, NaN/inf.

    References
    ----------
    .. [1] Negro F, Muceli S, Castronovo AM, Holobar A, Farina D (2016). Multi-channel
       intramuscular and surface EMG decomposition by convolutive blind source separation.
       J Neural Eng 13:026027.
    .. [2] Holobar A, Zazula D (2007). Multichannel blind source separation using convolution
       kernel compensation. IEEE Trans Signal Process 55:4487-4496.
    .. [3] Holobar A, Minetto MA, Farina D (2014). Accurate identification of motor unit
       discharge patterns from high-density surface EMG and validation with a novel
       signal-based performance metric. J Neural Eng 11:016008 (PNR).
    .. [4] Avrillon S, Hug F, Baker SN, Gibbs C, Farina D (2024). Tutorial on MUedit: an
       open-source software for identifying and analysing the discharge timing of motor units
       from electromyographic signals. J Electromyogr Kinesiol 77:102886.
    .. [5] Chen M, Zhou P (2016). A novel framework based on FastICA for high density surface
       EMG decomposition. IEEE Trans Neural Syst Rehabil Eng 24:117-127 (peel-off).

    Examples
    --------
    >>> from neurolift.motorunits.pool import MotorUnitPool, excitation_trapezoid
    >>> from neurolift.motorunits.synthetic_emg import hdemg_simulate
    >>> e = excitation_trapezoid(duration_s=8, sampling_rate=2048, level=0.1, rise_s=1, fall_s=1)
    >>> sim = MotorUnitPool(n_units=40).simulate(e, random_state=1)
    >>> g = hdemg_simulate(sim, rows=4, cols=4, snr_db=30, random_state=1)
    >>> d = mu_decompose(g.emg, reference=g.reference, n_iterations=16, extension_factor=8)
    >>> d.n_units >= 1, bool(d.sil.min() >= 0.9)
    (True, True)
    """
    where = "mu_decompose"
    emg = _check_emg(emg, where)
    fs = emg.sampling_rate
    check_choice("contrast", contrast, tuple(_bss.CONTRASTS), where=where)
    check_choice("precision", precision, ("float32", "float64"), where=where)
    sil_min = check_range("min_sil", min_sil, 0.0, 1.0, where=where)
    frac = check_range("duplicate_fraction", duplicate_fraction, 0.0, 1.0, where=where)
    for name, v in (
        ("n_iterations", n_iterations),
        ("min_discharges", min_discharges),
        ("block_size", block_size),
        ("fastica_max_iter", fastica_max_iter),
        ("workers", 1 if workers is None else workers),
    ):
        if isinstance(v, bool) or int(v) != v or v < 1:
            raise InvalidParameterError(f"{where}: {name} must be an integer >= 1, got {v!r}")
    if max_units is not None and (int(max_units) != max_units or max_units < 1):
        raise InvalidParameterError(
            f"{where}: max_units must be an integer >= 1, got {max_units!r}"
        )
    lo_r, hi_r = (float(x) for x in rate_range_pps)
    if not 0 <= lo_r < hi_r:
        raise InvalidParameterError(
            f"{where}: rate_range_pps must be (low, high) with 0 <= low < high, got {rate_range_pps!r}"
        )
    max_rate = check_positive("max_rate_pps", max_rate_pps, where=where)
    noisy = check_range("noisy_factor", noisy_factor, 1.0, 1e6, where=where)
    tol_ica = check_range("fastica_tol", fastica_tol, 1e-12, 0.5, where=where)
    if reference is not None:
        if not isinstance(reference, TimeSeries):
            raise InvalidParameterError(f"{where}: reference must be a TimeSeries")
        if abs(reference.sampling_rate - fs) > 1e-9 * fs or reference.n_samples != emg.n_samples:
            raise SamplingRateError(
                f"{where}: the reference has {reference.n_samples} samples at "
                f"{reference.sampling_rate:g} Hz, the EMG {emg.n_samples} at {fs:g} Hz"
            )
    dtype = np.float32 if precision == "float32" else np.float64
    white_tol = check_range("whitening_tol", whitening_tol, 0.0, 0.1, where=where)
    n_workers = int(workers) if workers is not None else (os.cpu_count() or 1)

    def report(it: int, n_it: int, n_units: int, stage: str) -> None:
        if progress is not None:
            progress(DecomposeProgress(it, n_it, n_units, stage))

    raw = emg.as_2d()
    filt = _preprocess(emg, lowcut=lowcut, highcut=highcut, order=order, notch=notch)
    good, warnings = _bad_channels(raw, filt, emg.channels, noisy_factor=noisy)
    if good.sum() < MIN_CHANNELS:
        raise SignalError(
            f"{where}: only {int(good.sum())} usable channel(s) after rejecting bad ones "
            f"({'; '.join(warnings)}); a grid decomposition needs at least {MIN_CHANNELS}"
        )
    x = filt[:, good]
    names = tuple(c for c, ok in zip(emg.channels, good, strict=True) if ok)
    m = x.shape[1]
    r = int(extension_factor) if extension_factor is not None else max(1, round(1000 / m))
    if r < 1 or r != extension_factor and extension_factor is not None:
        raise InvalidParameterError(
            f"{where}: extension_factor must be an integer >= 1, got {extension_factor!r}"
        )
    min_dist = max(1, int(round(fs / max_rate)))

    with threadpool_limits(limits=n_workers, user_api="blas"):
        cov = _bss.extended_covariance(x, r)
        p, _ = _bss.whitening(cov, rel_tol=white_tol)
        zt = _bss.extended_project(x, p, r, dtype)
    zt0 = zt.copy() if peel_off else zt  # peel-off works on a copy; units are final on zt0
    n, d = zt.shape
    report(0, n_iterations, 0, "preprocess")

    activity = np.einsum("ij,ij->i", zt, zt, dtype=np.float64)
    edge = int(round(0.01 * fs))
    used = np.zeros(n, dtype=bool)
    used[: edge + r] = True
    used[-edge:] = True
    peeled = False
    halfwin = int(round(0.01 * fs))
    zero_w = r + int(round(0.005 * fs))  # extension + half a MUAP
    basis = np.zeros((d, 0))
    units: list[_Unit] = []
    tried = 0
    tol = max(1, int(round(duplicate_tolerance_s * fs)))
    lag_max = int(round(duplicate_max_lag_s * fs))
    n_rejected = {"sil": 0, "discharges": 0, "rate": 0, "duplicate": 0}
    pool = ThreadPoolExecutor(max_workers=n_workers) if n_workers > 1 else None
    map_: Callable[..., Any] = pool.map if pool is not None else map
    blas = threadpool_limits(limits=n_workers, user_api="blas")
    try:
        while tried < n_iterations and (max_units is None or len(units) < max_units):
            k = min(int(block_size), n_iterations - tried)
            t0 = _initial_instants(activity, used, k, halfwin)
            if not t0:
                break
            w0 = zt[t0].T.astype(np.float64)
            w, _ = _bss.fastica_block(
                zt,
                w0,
                basis if basis.shape[1] else None,
                contrast=contrast,
                tol=tol_ica,
                max_iter=int(fastica_max_iter),
            )
            basis = np.hstack([basis, w])

            cands = _refine_block(
                zt, w, min_distance=min_dist, max_steps=int(refine_max_steps), map_=map_
            )
            tried += len(t0)
            for u in cands:
                sp = u.spikes
                if sp.sil < sil_min:
                    n_rejected["sil"] += 1
                    continue
                if sp.index.size < min_discharges:
                    n_rejected["discharges"] += 1
                    continue
                rate = _median_rate(sp.index, fs)
                if not lo_r <= rate <= hi_r:
                    n_rejected["rate"] += 1
                    continue
                dup = None
                for i, prev in enumerate(units):
                    lag = _best_lag(prev.spikes.index, sp.index, lag_max, tol)
                    c = _n_common(prev.spikes.index + lag, sp.index, 0, tol)
                    if c >= frac * max(prev.spikes.index.size, sp.index.size):
                        dup = i
                        break
                n_rejected["duplicate"] += dup is not None
                if dup is None:
                    units.append(u)
                elif sp.sil > units[dup].spikes.sil:
                    units[dup] = u
                if peel_off:
                    if dup is None:  # later sources see the residual
                        _peel(zt, sp.index, zero_w)
                        peeled = True
                else:  # later sources start where this unit does not dominate
                    near = (sp.index[:, None] + np.arange(-zero_w, zero_w + 1)[None, :]).ravel()
                    used[near[(near >= 0) & (near < n)]] = True
                if max_units is not None and len(units) >= max_units:
                    break
            if peeled:
                activity = np.einsum("ij,ij->i", zt, zt, dtype=np.float64)
                peeled = False
            report(tried, n_iterations, len(units), "decompose")
        if peel_off and units:
            units = _final_pass(zt0, units, sil_min, min_dist, int(block_size), map_, final_refine)
    finally:
        blas.restore_original_limits()
        if pool is not None:
            pool.shutdown()
    return _result(
        emg,
        reference,
        grid,
        ied_m,
        units,
        p,
        r,
        names,
        min_dist,
        sampling_rate=fs,
        rate_outliers=rate_outliers,
        filter_args=(lowcut, highcut, int(order), notch),
        method={
            "name": "convolutive_bss_negro2016",
            "extension_factor": r,
            "channels_used": len(names),
            "whitened_components": int(d),
            "whitening_tol": white_tol,
            "fastica_tol": tol_ica,
            "n_iterations": tried,
            "contrast": contrast,
            "min_sil": sil_min,
            "min_discharges": int(min_discharges),
            "rate_range_pps": [lo_r, hi_r],
            "max_rate_pps": max_rate,
            "duplicate_fraction": frac,
            "duplicate_tolerance_s": duplicate_tolerance_s,
            "duplicate_max_lag_s": duplicate_max_lag_s,
            "lowcut_hz": lowcut,
            "highcut_hz": highcut,
            "order": int(order),
            "notch_hz": notch,
            "precision": precision,
            "block_size": int(block_size),
            "rejected": n_rejected,
        },
        warnings=warnings,
        report=report,
    )


def _result(
    emg: TimeSeries,
    reference: TimeSeries | None,
    grid: str | None,
    ied_m: float | None,
    units: list[_Unit],
    p: np.ndarray,
    r: int,
    names: tuple[str, ...],
    min_dist: int,
    *,
    sampling_rate: float,
    rate_outliers: bool,
    filter_args: tuple[float | None, float | None, int, float | None],
    method: dict[str, Any],
    warnings: list[str],
    report: Callable[[int, int, int, str], None],
) -> Decomposition:
    from neurolift.io.decomposition import Decomposition
    from neurolift.motorunits.analysis import mu_pnr

    if rate_outliers:
        for u in units:
            e = u.source.astype(np.float64)
            kept = _drop_rate_outliers(u.spikes.index, e * np.abs(e), sampling_rate)
            if kept.size != u.spikes.index.size:
                u.spikes = dataclasses.replace(u.spikes, index=kept)
    order = sorted(range(len(units)), key=lambda i: int(units[i].spikes.index[0]))
    units = [units[i] for i in order]
    n = emg.n_samples
    pt = np.zeros((n, len(units)))
    for j, u in enumerate(units):
        e = u.source.astype(np.float64)
        pt[:, j] = e * np.abs(e) / u.spikes.scale
    pnr = []
    for j, u in enumerate(units):
        try:
            pnr.append(mu_pnr(pt[:, j], u.spikes.index))
        except SignalError:
            pnr.append(np.nan)
    unit_names = tuple(f"MU{i}" for i in range(len(units)))
    sep = MUSeparation(
        channels=names,
        sampling_rate=sampling_rate,
        extension_factor=r,
        lowcut=filter_args[0],
        highcut=filter_args[1],
        order=filter_args[2],
        notch=filter_args[3],
        filters=(p @ np.column_stack([u.w for u in units])) if units else np.zeros((p.shape[0], 0)),
        scales=np.array([u.spikes.scale for u in units]),
        thresholds=np.array([u.spikes.threshold for u in units]),
        min_distance=min_dist,
        unit_names=unit_names,
    )
    if not units:
        warnings = [*warnings, "no motor unit passed the acceptance criteria"]
    report(method["n_iterations"], method["n_iterations"], len(units), "done")
    return Decomposition(
        [u.spikes.index for u in units],
        sampling_rate,
        n,
        pulse_trains=pt,
        reference=reference,
        emg=emg,
        ied_m=ied_m,
        grid=grid,
        sil=np.array([u.spikes.sil for u in units]),
        source="neurolift.mu_decompose",
        unit_names=unit_names,
        pnr_db=np.array(pnr),
        separation=sep,
        method=method,
        warnings=warnings,
    )


def mu_decompose_apply(
    separation: MUSeparation | dict[str, Any],
    emg: TimeSeries,
    *,
    reference: TimeSeries | None = None,
) -> Decomposition:
    """Apply learned separation vectors to another recording from the same grid.

    The recording is filtered as the training data were, extended, projected on each unit's
    separation vector, and the peaks of ``s|s|`` above the unit's training threshold are its
    discharges (no new ICA: fast, and the units keep their identity across recordings).

    Parameters
    ----------
    separation : MUSeparation or dict
        ``d.separation`` of a :func:`mu_decompose` result, or the ``separation`` record of a
        ``units.json`` read back.
    emg : TimeSeries
        New recording with the same channels (by name) at the same sampling rate.
    reference : TimeSeries, optional
        Its force.

    Returns
    -------
    Decomposition
        The same units (names kept), SIL and PNR recomputed on the new data.

    References
    ----------
    .. [1] Zhao H, Zhang X, Chen M, Zhou P (2024). Adaptive online decomposition of surface EMG
       using progressive FastICA peel-off. IEEE Trans Biomed Eng (separation vectors computed
       offline, applied to new data).

    Examples
    --------
    >>> from neurolift.motorunits.pool import MotorUnitPool, excitation_trapezoid
    >>> from neurolift.motorunits.synthetic_emg import hdemg_simulate
    >>> e = excitation_trapezoid(duration_s=8, sampling_rate=2048, level=0.1, rise_s=1, fall_s=1)
    >>> sim = MotorUnitPool(n_units=40).simulate(e, random_state=1)
    >>> g = hdemg_simulate(sim, rows=4, cols=4, snr_db=30, random_state=1)
    >>> d = mu_decompose(g.emg, n_iterations=16, extension_factor=8)
    >>> again = mu_decompose_apply(d.separation, g.emg)
    >>> again.unit_names == d.unit_names
    True
    """
    from neurolift.io.decomposition import Decomposition
    from neurolift.motorunits.analysis import mu_pnr

    where = "mu_decompose_apply"
    if isinstance(separation, dict):  # as units.json stores it
        separation = MUSeparation.from_dict(separation)
    if not isinstance(separation, MUSeparation):
        raise InvalidParameterError(
            f"{where}: separation must be a MUSeparation (or its dict from units.json)"
        )
    emg = _check_emg(emg, where)
    if abs(emg.sampling_rate - separation.sampling_rate) > 1e-9 * separation.sampling_rate:
        raise SamplingRateError(
            f"{where}: the recording is sampled at {emg.sampling_rate:g} Hz, the separation was "
            f"learned at {separation.sampling_rate:g} Hz"
        )
    missing = [c for c in separation.channels if c not in emg.channels]
    if missing:
        raise InvalidParameterError(
            f"{where}: the recording lacks channel(s) {missing[:5]} of the learned separation; "
            "re-apply only to recordings from the same grid"
        )
    filt = _preprocess(
        emg.select(list(separation.channels)),
        lowcut=separation.lowcut,
        highcut=separation.highcut,
        order=separation.order,
        notch=separation.notch,
    )
    s = _bss.extended_project(filt, separation.filters, separation.extension_factor, np.float64)
    from scipy.signal import find_peaks

    disc, sil, pnr = [], [], []
    pt = np.zeros_like(s)
    for j in range(s.shape[1]):
        e = s[:, j] * np.abs(s[:, j]) / separation.scales[j]
        pt[:, j] = e
        peaks, _ = find_peaks(e, distance=separation.min_distance)
        peaks = peaks[e[peaks] > 0]
        idx = peaks[e[peaks] >= separation.thresholds[j]]
        noise = peaks[e[peaks] < separation.thresholds[j]]
        disc.append(idx)
        if idx.size >= 2 and noise.size >= 1:
            sil.append(_bss.silhouette(e[idx], float(e[noise].mean())))
        else:
            sil.append(np.nan)
        try:
            pnr.append(mu_pnr(e, idx))
        except SignalError:
            pnr.append(np.nan)
    return Decomposition(
        disc,
        emg.sampling_rate,
        emg.n_samples,
        pulse_trains=pt,
        reference=reference,
        emg=emg,
        sil=np.array(sil),
        source="neurolift.mu_decompose_apply",
        unit_names=separation.unit_names,
        pnr_db=np.array(pnr),
        separation=separation,
        method={"name": "separation_vectors_reapplied", "units": len(disc)},
    )
