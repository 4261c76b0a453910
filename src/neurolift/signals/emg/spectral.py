"""Spectral fatigue: median and mean frequency over sliding windows, and their slopes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from neurolift._deprecation import renamed_parameters
from neurolift._results import Result
from neurolift._validation import check_positive, check_range
from neurolift.errors import InvalidParameterError, SignalTooShortError
from neurolift.timeseries import TimeSeries

__all__ = ["ChannelFatigue", "FatigueResult", "emg_fatigue", "emg_spectrum_frequencies"]


@renamed_parameters(lowcut="lowcut_hz", highcut="highcut_hz")
def emg_spectrum_frequencies(
    x: np.ndarray, *, sampling_rate: float, lowcut_hz: float = 0.0, highcut_hz: float | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Median and mean frequency (Hz) of the Hann-windowed periodogram of each column of ``x``.

    MDF splits the power in ``[lowcut_hz, highcut_hz]`` in two equal halves (linear interpolation
    between bins); MNF = sum(f P) / sum(P).

    Examples
    --------
    >>> fs = 2000
    >>> x = np.sin(2 * np.pi * 120 * np.arange(fs) / fs)
    >>> mdf, mnf = emg_spectrum_frequencies(x[:, None], sampling_rate=fs)
    >>> round(float(mnf[0]), 1)
    120.0
    """
    x = np.asarray(x, dtype=np.float64)
    x = x[:, None] if x.ndim == 1 else x
    n = x.shape[0]
    w = np.hanning(n)
    spec = np.abs(np.fft.rfft((x - x.mean(axis=0)) * w[:, None], axis=0)) ** 2
    f = np.fft.rfftfreq(n, 1 / sampling_rate)
    sel = (f >= lowcut_hz) & (f <= (highcut_hz if highcut_hz is not None else f[-1]))
    f, spec = f[sel], spec[sel]
    total = spec.sum(axis=0)
    total[total == 0] = np.nan
    mnf = (f[:, None] * spec).sum(axis=0) / total
    cum = np.cumsum(spec, axis=0) / total
    mdf = np.empty(x.shape[1])
    for c in range(x.shape[1]):
        k = int(np.searchsorted(cum[:, c], 0.5))
        if k == 0:
            mdf[c] = f[0]
        elif k >= f.size:
            mdf[c] = f[-1]
        else:
            c0, c1 = cum[k - 1, c], cum[k, c]
            mdf[c] = f[k - 1] + (0.5 - c0) / (c1 - c0) * (f[k] - f[k - 1]) if c1 > c0 else f[k]
    return mdf, mnf


@dataclass(frozen=True)
class ChannelFatigue(Result):
    """MDF/MNF trend of one channel. Slopes from least squares against window centre time."""

    channel: str
    mdf_initial_hz: float | None
    mnf_initial_hz: float | None
    mdf_slope_hz_s: float | None
    mnf_slope_hz_s: float | None
    mdf_slope_pct_s: float | None
    mnf_slope_pct_s: float | None
    mdf_r2: float | None


@dataclass(frozen=True)
class FatigueResult(Result):
    """Sliding-window spectral parameters and fatigue slopes of every channel."""

    times_s: np.ndarray
    mdf_hz: np.ndarray  # (n_windows, n_channels)
    mnf_hz: np.ndarray
    channels: list[ChannelFatigue]
    method: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


@renamed_parameters(lowcut="lowcut_hz", highcut="highcut_hz")
def emg_fatigue(
    signal: TimeSeries,
    *,
    window_s: float = 1.0,
    overlap: float = 0.5,
    lowcut_hz: float = 20.0,
    highcut_hz: float = 450.0,
    min_rms: float | np.ndarray | None = None,
) -> FatigueResult:
    """Median (MDF) and mean (MNF) frequency over sliding windows, with fatigue slopes.

    Each window is Hann-tapered; MDF/MNF are computed in ``[lowcut_hz, highcut_hz]``. The slope of a
    straight line fitted to MDF (and MNF) against the window centre time is the fatigue index
    in Hz/s; divided by the fitted initial value (intercept at the first window) it is in %/s.

    Parameters
    ----------
    signal : TimeSeries
        Cleaned EMG of a sustained contraction.
    window_s : float
        Window length, s (0.5-1 s typical).
    overlap : float
        Fraction of overlap between windows, in [0, 0.9].
    lowcut_hz, highcut_hz : float
        Band of the spectral moments, Hz.
    min_rms : float or array (per channel), optional
        Windows whose RMS is below this (e.g. 3 x the resting RMS) are rest, not fatigue: their
        MDF/MNF are NaN and they are left out of the slopes.

    Returns
    -------
    FatigueResult

    References
    ----------
    .. [1] Merletti R, Knaflitz M, De Luca CJ (1990). Myoelectric manifestations of fatigue in
       voluntary and electrically elicited contractions. J Appl Physiol 69:1810-1820.
    .. [2] Krivickas LS, et al. (1998). Normal values of the median frequency slope.
       J Clin Neurophysiol 15:138-145.

    Examples
    --------
    >>> fs = 2000
    >>> t = np.arange(20 * fs) / fs
    >>> f_inst = 150 - 2 * t                           # 150 Hz falling 2 Hz/s
    >>> x = np.sin(2 * np.pi * np.cumsum(f_inst) / fs)
    >>> r = emg_fatigue(TimeSeries(x, fs, "V"))
    >>> round(r.channels[0].mdf_slope_hz_s, 2)
    -2.0
    """
    where = "emg_fatigue"
    fs = signal.sampling_rate
    w = check_positive("window_s", window_s, where=where)
    ov = check_range("overlap", overlap, 0.0, 0.9, where=where)
    if highcut_hz >= fs / 2:
        raise InvalidParameterError(
            f"{where}: highcut_hz {highcut_hz:g} Hz is at or above the Nyquist frequency {fs / 2:g} Hz"
        )
    m = int(round(w * fs))
    step = max(1, int(round(m * (1 - ov))))
    x = signal.as_2d()
    if x.shape[0] < m:
        raise SignalTooShortError(
            f"{where}: signal ({signal.duration:g} s) shorter than window_s ({w:g} s)"
        )
    starts = np.arange(0, x.shape[0] - m + 1, step)
    mdf = np.empty((starts.size, x.shape[1]))
    mnf = np.empty_like(mdf)
    rms = np.empty_like(mdf)
    for i, s in enumerate(starts):
        seg = x[s : s + m]
        mdf[i], mnf[i] = emg_spectrum_frequencies(
            seg, sampling_rate=fs, lowcut_hz=lowcut_hz, highcut_hz=highcut_hz
        )
        rms[i] = np.sqrt(np.mean((seg - seg.mean(axis=0)) ** 2, axis=0))
    if min_rms is not None:
        rest = rms < np.broadcast_to(np.asarray(min_rms, dtype=np.float64), (x.shape[1],))[None, :]
        mdf[rest] = np.nan
        mnf[rest] = np.nan
    times = signal.t0 + (starts + m / 2) / fs
    warnings: list[str] = []
    chans = []
    if starts.size < 3:
        warnings.append(f"only {starts.size} window(s): fatigue slopes are unreliable")
    for c, name in enumerate(signal.channels):
        ok = np.isfinite(mdf[:, c])
        tt = times[ok] - times[0]
        if ok.sum() < 3:
            warnings.append(
                f"channel {name!r}: {int(ok.sum())} active window(s); fatigue slope not computed"
            )
            chans.append(
                ChannelFatigue(
                    name,
                    float(np.nanmean(mdf[:, c])) if ok.any() else None,
                    float(np.nanmean(mnf[:, c])) if ok.any() else None,
                    None,
                    None,
                    None,
                    None,
                    None,
                )
            )
            continue
        out = {}
        for key, series in (("mdf", mdf[ok, c]), ("mnf", mnf[ok, c])):
            b, a = np.polyfit(tt, series, 1)
            pred = a + b * tt
            ss = float(np.sum((series - series.mean()) ** 2))
            out[key] = (
                float(a),
                float(b),
                1 - float(np.sum((series - pred) ** 2)) / ss if ss > 0 else 1.0,
            )
        chans.append(
            ChannelFatigue(
                channel=name,
                mdf_initial_hz=out["mdf"][0],
                mnf_initial_hz=out["mnf"][0],
                mdf_slope_hz_s=out["mdf"][1],
                mnf_slope_hz_s=out["mnf"][1],
                mdf_slope_pct_s=100 * out["mdf"][1] / out["mdf"][0],
                mnf_slope_pct_s=100 * out["mnf"][1] / out["mnf"][0],
                mdf_r2=out["mdf"][2],
            )
        )
    return FatigueResult(
        times_s=times,
        mdf_hz=mdf,
        mnf_hz=mnf,
        channels=chans,
        method={
            "name": "sliding_periodogram",
            "window_s": w,
            "overlap": ov,
            "lowcut_hz": lowcut_hz,
            "highcut_hz": highcut_hz,
            "taper": "hann",
            "slope": "least squares vs window centre",
            "min_rms": None if min_rms is None else np.atleast_1d(min_rms).tolist(),
        },
        warnings=warnings,
    )
