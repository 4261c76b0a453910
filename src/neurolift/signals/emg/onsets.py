"""Onset/offset detection of EMG bursts: baseline threshold (Hodges & Bui) and Bonato double threshold."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from neurolift._deprecation import renamed_parameters
from neurolift._results import Result
from neurolift._validation import check_choice, check_positive
from neurolift.errors import InvalidParameterError, SignalError, SignalTooShortError
from neurolift.timeseries import TimeSeries

__all__ = ["Burst", "OnsetResult", "emg_onsets"]


@dataclass(frozen=True)
class Burst(Result):
    """One burst of activity on one channel (times in s, on the signal's clock)."""

    channel: str
    onset_s: float
    offset_s: float
    duration_s: float


@dataclass(frozen=True)
class OnsetResult(Result):
    """Bursts of every channel with the thresholds used."""

    bursts: list[Burst]
    threshold: dict[str, float]
    method: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def onsets_s(self, channel: str) -> list[float]:
        """Onset times of one channel, s."""
        return [b.onset_s for b in self.bursts if b.channel == channel]


def _runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and stop (exclusive) indices of True runs."""
    m = np.concatenate(([False], mask, [False])).astype(np.int8)
    d = np.diff(m)
    return np.flatnonzero(d == 1), np.flatnonzero(d == -1)


def _merge_and_filter(
    starts: np.ndarray, stops: np.ndarray, min_on: int, min_off: int
) -> list[tuple[int, int]]:
    """Drop runs shorter than ``min_on`` (noise blips), then bridge gaps shorter than ``min_off``."""
    out: list[list[int]] = []
    keep = (stops - starts) >= min_on
    for s, e in zip(starts[keep].tolist(), stops[keep].tolist(), strict=True):
        if out and s - out[-1][1] < min_off:
            out[-1][1] = e
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


@renamed_parameters(lowcut="lowcut_hz", highcut="highcut_hz")
def emg_onsets(
    signal: TimeSeries,
    *,
    method: Literal["threshold", "bonato"] = "threshold",
    lowcut_hz: float | None = 20.0,
    highcut_hz: float | None = 450.0,
    baseline_s: tuple[float, float] | None = None,
    k: float = 3.0,
    min_duration_s: float = 0.025,
    min_gap_s: float = 0.05,
    window_s: float = 0.025,
    bonato_h: float = 7.74,
    bonato_m: int = 5,
    bonato_r0: int = 3,
) -> OnsetResult:
    """Detect bursts (onset and offset) on every channel of a cleaned EMG.

    ``"threshold"`` (Hodges & Bui 1996): moving average of the rectified EMG over ``window_s``;
    a sample is active where both the trailing and the leading window averages exceed the
    baseline mean + ``k`` SD (so the window does not shift the onset or offset); bursts
    shorter than ``min_duration_s`` are dropped and gaps shorter than ``min_gap_s`` bridged.

    ``"bonato"`` (Bonato et al. 1998, double threshold): with ``sigma^2`` the baseline variance,
    the test ``g_j = (x_{2j}^2 + x_{2j+1}^2) / sigma^2`` on non-overlapping sample pairs; a pair
    is "detected" when at least ``bonato_r0`` of ``bonato_m`` successive ``g`` exceed
    ``bonato_h`` (7.74 = 2 ln(1/0.021): false-alarm probability of a chi-square with 2 d.f.
    ~2 %) and is in a block of ``bonato_m`` successive pairs with at least ``bonato_r0``
    exceedances (3 of 5: ~1e-4 false blocks per pair); runs shorter than ``min_duration_s``
    are rejected (30 ms in the paper). ``bonato_m`` and ``bonato_r0`` are counts at 1 kHz and
    scale with the sampling rate (band-limited EMG sampled faster has correlated neighbouring
    pairs, which the chi-square false-alarm rate does not allow for).

    Parameters
    ----------
    signal : TimeSeries
        Raw or DC-removed EMG (already band-passed: set ``lowcut_hz``/``highcut_hz`` to None).
    lowcut_hz, highcut_hz : float or None
        Band-pass applied here, once forward (the onset is timed on it: a causal filter
        cannot ring before a burst) and once backward (the offset is timed on it), Hz.
    method : {"threshold", "bonato"}
    baseline_s : (start, end), optional
        Quiet baseline on the signal's clock, s; default: the first 0.5 s.
    k : float
        Threshold multiplier of the baseline SD ("threshold").
    min_duration_s, min_gap_s : float
        Minimum burst duration and minimum gap between bursts, s.
    window_s : float
        Moving-average window for "threshold", s.
    bonato_h, bonato_m, bonato_r0
        Bonato's second threshold and the r0-of-m rule.

    Returns
    -------
    OnsetResult

    References
    ----------
    .. [1] Hodges PW, Bui BH (1996). A comparison of computer-based methods for the
       determination of onset of muscle contraction using electromyography.
       Electroencephalogr Clin Neurophysiol 101:511-519.
    .. [2] Bonato P, D'Alessio T, Knaflitz M (1998). A statistical method for the measurement of
       muscle activation intervals from surface myoelectric signal during gait. IEEE Trans
       Biomed Eng 45:287-299.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> fs = 1000
    >>> x = rng.normal(0, 0.01, 3 * fs)
    >>> x[1000:1500] += rng.normal(0, 0.2, 500)          # burst 1.0-1.5 s
    >>> r = emg_onsets(TimeSeries(x, fs, "V"))
    >>> [(round(b.onset_s, 2), round(b.offset_s, 2)) for b in r.bursts]
    [(1.0, 1.5)]
    """
    where = "emg_onsets"
    check_choice("method", method, ("threshold", "bonato"), where=where)
    if not isinstance(signal, TimeSeries):
        raise InvalidParameterError(f"{where}: expected a TimeSeries, got {type(signal).__name__}")
    fs = signal.sampling_rate
    x = signal.as_2d()
    if not np.isfinite(x).all():
        raise SignalError(f"{where}: the EMG has NaN/inf samples")
    b0, b1 = baseline_s if baseline_s is not None else (signal.t0, signal.t0 + 0.5)
    i0 = int(round((b0 - signal.t0) * fs))
    i1 = int(round((b1 - signal.t0) * fs))
    if not 0 <= i0 < i1 <= x.shape[0] or i1 - i0 < 10:
        raise InvalidParameterError(
            f"{where}: baseline_s {(b0, b1)} must be a window of >= 10 samples inside the signal "
            f"({signal.t0:g}-{signal.t0 + signal.duration:g} s)"
        )
    min_on = max(1, int(round(check_positive("min_duration_s", min_duration_s, where=where) * fs)))
    min_off = int(round(check_positive("min_gap_s", min_gap_s, where=where, allow_zero=True) * fs))
    kk = check_positive("k", k, where=where)
    bursts: list[Burst] = []
    thresholds: dict[str, float] = {}
    warnings: list[str] = []
    # Band-pass in both directions: the forward (causal) copy cannot ring before a burst, so it
    # times the onset; the backward copy cannot ring after it, so it times the offset.
    xc = x - x.mean(axis=0)
    fwd, bwd = xc, xc
    nyq = fs / 2
    for nm, v in (("lowcut_hz", lowcut_hz), ("highcut_hz", highcut_hz)):
        if v is not None and (v <= 0 or v >= nyq):
            raise InvalidParameterError(
                f"{where}: {nm}={v:g} Hz must be > 0 and below the Nyquist frequency {nyq:g} Hz"
            )
    if lowcut_hz is not None or highcut_hz is not None:
        from scipy.signal import butter, sosfilt

        if lowcut_hz is not None and highcut_hz is not None:
            if lowcut_hz >= highcut_hz:
                raise InvalidParameterError(
                    f"{where}: lowcut_hz {lowcut_hz:g} Hz must be < highcut_hz {highcut_hz:g} Hz"
                )
            sos = butter(4, [lowcut_hz, highcut_hz], btype="bandpass", fs=fs, output="sos")
        elif lowcut_hz is not None:
            sos = butter(4, lowcut_hz, btype="highpass", fs=fs, output="sos")
        else:
            sos = butter(4, highcut_hz, btype="lowpass", fs=fs, output="sos")
        fwd = sosfilt(sos, xc, axis=0)
        bwd = sosfilt(sos, xc[::-1], axis=0)[::-1]
    n_all = x.shape[0]
    if method == "threshold":
        wn = max(1, int(round(check_positive("window_s", window_s, where=where) * fs)))
        if n_all < 2 * wn:
            raise SignalTooShortError(f"{where}: {n_all} samples are shorter than 2 windows")
        idx = np.arange(n_all)
        lo_c = np.maximum(idx + 1 - wn, 0)
        hi_a = np.minimum(idx + wn, n_all)
        cs_f = np.concatenate((np.zeros((1, x.shape[1])), np.cumsum(np.abs(fwd), axis=0)))
        cs_b = np.concatenate((np.zeros((1, x.shape[1])), np.cumsum(np.abs(bwd), axis=0)))
        trailing = (cs_f[idx + 1] - cs_f[lo_c]) / (idx + 1 - lo_c)[:, None]
        leading = (cs_b[hi_a] - cs_b[idx]) / (hi_a - idx)[:, None]
    else:
        if int(bonato_m) < 1 or not 1 <= int(bonato_r0) <= int(bonato_m):
            raise InvalidParameterError(
                f"{where}: need 1 <= bonato_r0 <= bonato_m, got {bonato_r0}, {bonato_m}"
            )
        # m and r0 are defined for 1 kHz; at higher rates neighbouring pairs are correlated,
        # so the block keeps its duration: both scale with the rate
        scale = max(1, int(round(fs / 1000)))
        mm = int(bonato_m) * scale
        r0 = int(bonato_r0) * scale
    step = 1
    for c, name in enumerate(signal.channels):
        if method == "threshold":
            sl = slice(i0 + wn, i1) if i1 - i0 > 2 * wn else slice(i0, i1)
            thr_f = float(trailing[sl, c].mean() + kk * trailing[sl, c].std(ddof=1))
            thr_b = float(leading[sl, c].mean() + kk * leading[sl, c].std(ddof=1))
            on_mask = trailing[:, c] > thr_f
            off_mask = leading[:, c] > thr_b
            thr = thr_f
        else:
            masks = []
            for y in (fwd[:, c], bwd[:, c]):
                var = float(np.var(y[i0:i1], ddof=1))
                if var <= 0:
                    raise SignalError(
                        f"{where}: channel {name!r} has a flat baseline (zero variance)"
                    )
                n2 = n_all // 2
                g = (y[: 2 * n2].reshape(n2, 2) ** 2).sum(axis=1) / var
                exceed = (g > float(bonato_h)).astype(np.int64)
                # an exceeding pair is active when a block of m successive pairs containing it
                # (starting or ending at it) holds at least r0 exceedances
                csum = np.concatenate(([0], np.cumsum(exceed)))
                j = np.arange(n2)
                fw = csum[np.minimum(j + mm, n2)] - csum[j]
                bw = csum[j + 1] - csum[np.maximum(j + 1 - mm, 0)]
                det = exceed.astype(bool) & ((fw >= r0) | (bw >= r0))
                m2 = np.zeros(n_all, dtype=bool)
                m2[: 2 * n2] = np.repeat(det, 2)
                st, sp = _runs(m2)
                bridged = np.zeros(n_all, dtype=bool)
                for a0, a1 in _merge_and_filter(st, sp, 2, min_off):
                    bridged[a0:a1] = True
                masks.append(bridged)
            on_mask, off_mask = masks
            thr = float(np.sqrt(bonato_h * np.var(fwd[i0:i1, c], ddof=1) / 2))
            step = 2
        thresholds[name] = thr
        # onset from the forward copy, offset from the backward copy: a burst is the overlap
        st_f, sp_f = _runs(on_mask)
        kept_b = _merge_and_filter(*_runs(off_mask), min_on, min_off)
        st_b = np.array([r[0] for r in kept_b], dtype=np.int64)
        sp_b = np.array([r[1] for r in kept_b], dtype=np.int64)
        found = []
        for a0, a1 in _merge_and_filter(st_f, sp_f, min_on, min_off):
            # the backward run that ends last among those overlapping [a0, a1)
            ov = np.flatnonzero((st_b < a1) & (sp_b > a0))
            if not ov.size:
                continue
            found.append((a0, int(sp_b[ov].max())))
        merged = _merge_and_filter(
            np.array([f[0] for f in found], dtype=np.int64),
            np.array([f[1] for f in found], dtype=np.int64),
            max(min_on, step),
            min_off,
        )
        for s0, e0 in merged:
            if s0 < i1 and e0 > i0:
                warnings.append(
                    f"channel {name!r}: activity inside the baseline window; check baseline_s"
                )
            bursts.append(Burst(name, signal.t0 + s0 / fs, signal.t0 + e0 / fs, (e0 - s0) / fs))
        if not merged:
            warnings.append(f"channel {name!r}: no burst detected")
    return OnsetResult(
        bursts=bursts,
        threshold=thresholds,
        method={
            "name": method,
            "baseline_s": [b0, b1],
            "k": kk,
            "min_duration_s": min_duration_s,
            "min_gap_s": min_gap_s,
            "window_s": window_s if method == "threshold" else None,
            "bonato_h": bonato_h if method == "bonato" else None,
            "bonato_m": bonato_m if method == "bonato" else None,
            "bonato_r0": bonato_r0 if method == "bonato" else None,
        },
        warnings=warnings,
    )
