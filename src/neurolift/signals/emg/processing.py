"""EMG conditioning: DC removal, band-pass, notch_hz, rectification, envelopes, normalisation, iEMG.

Every function takes and returns a multi-channel :class:`~neurolift.timeseries.TimeSeries`
(samples x channels); the sampling rate travels with the data and is never assumed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np

from neurolift._deprecation import renamed_parameters
from neurolift._validation import check_choice, check_finite_signal, check_positive
from neurolift.errors import InvalidParameterError, SamplingRateError, SignalTooShortError
from neurolift.timeseries import TimeSeries

__all__ = [
    "emg_clean",
    "emg_mvc_reference",
    "emg_envelope",
    "emg_filter",
    "emg_integrate",
    "emg_normalize",
    "emg_rectify",
]

#: Lowest sampling rate accepted for surface EMG, Hz (content reaches ~450 Hz).
MIN_EMG_RATE_HZ = 500.0


def _check_ts(signal: Any, where: str) -> TimeSeries:
    if not isinstance(signal, TimeSeries):
        raise InvalidParameterError(
            f"{where}: expected a TimeSeries (values + sampling_rate), got {type(signal).__name__}; "
            "wrap arrays as TimeSeries(values, sampling_rate=..., unit='V')"
        )
    check_finite_signal(signal.values, where=where, name="EMG")
    if signal.sampling_rate < MIN_EMG_RATE_HZ:
        raise SamplingRateError(
            f"{where}: sampling_rate {signal.sampling_rate:g} Hz is below {MIN_EMG_RATE_HZ:g} Hz; "
            "surface EMG needs at least 500 Hz (1-2 kHz recommended)"
        )
    return signal


@renamed_parameters(lowcut="lowcut_hz", highcut="highcut_hz", notch="notch_hz")
def emg_filter(
    signal: TimeSeries,
    *,
    lowcut_hz: float | None = 20.0,
    highcut_hz: float | None = 450.0,
    order: int = 4,
    notch_hz: float | Sequence[float] | None = None,
    notch_harmonics: int = 1,
    notch_q: float = 30.0,
) -> TimeSeries:
    """Zero-phase Butterworth band-pass (and optional notch_hz) of every channel.

    Parameters
    ----------
    signal : TimeSeries
        EMG, samples x channels.
    lowcut_hz, highcut_hz : float or None
        Pass band edges, Hz (None drops that edge). Raises when a cut-off is at or above the
        Nyquist frequency, or ``lowcut_hz >= highcut_hz``.
    order : int
        Butterworth order of each edge (applied forward and backward: zero phase).
    notch_hz : float or sequence of float, optional
        Mains frequency (50 or 60 Hz) to notch_hz out; ``notch_harmonics`` multiples are removed too.
    notch_q : float
        Quality factor of each notch_hz.

    Returns
    -------
    TimeSeries
        Filtered, same unit.

    References
    ----------
    .. [1] Merletti R, Di Torino P (1999). Standards for reporting EMG data (ISEK).
       J Electromyogr Kinesiol 9(1):III-IV.

    Examples
    --------
    >>> fs = 2000
    >>> t = np.arange(fs) / fs
    >>> x = np.sin(2 * np.pi * 5 * t) + np.sin(2 * np.pi * 100 * t)   # 5 Hz drift + 100 Hz EMG
    >>> y = emg_filter(TimeSeries(x, fs, "V")).values
    >>> round(float(np.std(y[200:-200]) * np.sqrt(2)), 2)
    1.0
    """
    where = "emg_filter"
    signal = _check_ts(signal, where)
    from scipy.signal import butter, iirnotch, sosfiltfilt, tf2sos

    fs = signal.sampling_rate
    nyq = fs / 2
    if int(order) != order or not 1 <= order <= 10:
        raise InvalidParameterError(f"{where}: order must be an integer in 1..10, got {order!r}")
    for name, v in (("lowcut_hz", lowcut_hz), ("highcut_hz", highcut_hz)):
        if v is not None:
            check_positive(name, v, where=where)
            if v >= nyq:
                raise InvalidParameterError(
                    f"{where}: {name}={v:g} Hz is at or above the Nyquist frequency {nyq:g} Hz "
                    f"(sampling_rate {fs:g} Hz); lower it below {nyq:g} Hz"
                )
    if lowcut_hz is not None and highcut_hz is not None and lowcut_hz >= highcut_hz:
        raise InvalidParameterError(
            f"{where}: lowcut_hz {lowcut_hz:g} Hz must be < highcut_hz {highcut_hz:g} Hz"
        )
    x = signal.as_2d()
    padlen = 3 * (2 * int(order) + 1)
    if x.shape[0] <= padlen * 2:
        raise SignalTooShortError(
            f"{where}: {x.shape[0]} samples are too few to filter (need > {2 * padlen})"
        )
    sos_parts = []
    if lowcut_hz is not None and highcut_hz is not None:
        sos_parts.append(
            butter(int(order), [lowcut_hz, highcut_hz], btype="bandpass", fs=fs, output="sos")
        )
    elif lowcut_hz is not None:
        sos_parts.append(butter(int(order), lowcut_hz, btype="highpass", fs=fs, output="sos"))
    elif highcut_hz is not None:
        sos_parts.append(butter(int(order), highcut_hz, btype="lowpass", fs=fs, output="sos"))
    if notch_hz is not None:
        q = check_positive("notch_q", notch_q, where=where)
        bases: list[float] = (
            [float(notch_hz)]
            if isinstance(notch_hz, (int, float))
            else [float(v) for v in notch_hz]
        )
        for base in bases:
            check_positive("notch_hz", base, where=where)
            for h in range(1, int(notch_harmonics) + 1):
                f0 = base * h
                if f0 >= nyq:
                    if h == 1:
                        raise InvalidParameterError(
                            f"{where}: notch_hz {f0:g} Hz is at or above the Nyquist frequency {nyq:g} Hz"
                        )
                    break
                b, a = iirnotch(f0, q, fs=fs)
                sos_parts.append(tf2sos(b, a))
    if not sos_parts:
        return signal
    sos = np.vstack(sos_parts)
    y = sosfiltfilt(sos, x, axis=0)
    return signal.with_values(y if signal.values.ndim == 2 else y[:, 0])


@renamed_parameters(lowcut="lowcut_hz", highcut="highcut_hz", notch="notch_hz")
def emg_clean(
    signal: TimeSeries,
    *,
    lowcut_hz: float | None = 20.0,
    highcut_hz: float | None = 450.0,
    order: int = 4,
    notch_hz: float | Sequence[float] | None = None,
    notch_harmonics: int = 3,
) -> TimeSeries:
    """DC removal then band-pass (default 20-450 Hz, 4th order zero-phase) and optional notch_hz.

    Examples
    --------
    >>> fs = 1000
    >>> x = 0.5 + np.random.default_rng(0).normal(0, 1e-3, (fs, 2))
    >>> abs(float(emg_clean(TimeSeries(x, fs, "V")).values.mean())) < 1e-5
    True
    """
    signal = _check_ts(signal, "emg_clean")
    centred = signal.with_values(signal.values - signal.values.mean(axis=0))
    return emg_filter(
        centred,
        lowcut_hz=lowcut_hz,
        highcut_hz=highcut_hz,
        order=order,
        notch_hz=notch_hz,
        notch_harmonics=notch_harmonics,
    )


def emg_rectify(signal: TimeSeries) -> TimeSeries:
    """Full-wave rectification (absolute value).

    Examples
    --------
    >>> emg_rectify(TimeSeries(np.array([-1.0, 2.0] * 300), 600, "V")).values[:2].tolist()
    [1.0, 2.0]
    """
    return signal.with_values(np.abs(signal.values))


def emg_envelope(
    signal: TimeSeries,
    *,
    method: Literal["rms", "linear"] = "rms",
    window_s: float = 0.05,
    lowpass_hz: float = 6.0,
    order: int = 2,
) -> TimeSeries:
    """Amplitude envelope of (cleaned) EMG.

    ``"rms"``: centred moving root-mean-square over ``window_s``; ``"linear"``: full-wave
    rectification then a zero-phase Butterworth low-pass at ``lowpass_hz``.

    Parameters
    ----------
    signal : TimeSeries
        Cleaned EMG.
    method : {"rms", "linear"}
    window_s : float
        RMS window, s.
    lowpass_hz : float
        Linear-envelope cut-off, Hz.
    order : int
        Linear-envelope filter order.

    Returns
    -------
    TimeSeries
        Envelope, same unit as the EMG.

    References
    ----------
    .. [1] Winter DA (2009). Biomechanics and Motor Control of Human Movement, 4th ed., ch. 10.

    Examples
    --------
    >>> fs = 2000
    >>> x = np.sin(2 * np.pi * 100 * np.arange(2 * fs) / fs)
    >>> env = emg_envelope(TimeSeries(x, fs, "V"), method="rms").values
    >>> round(float(env[fs]), 3)   # RMS of a unit sine
    0.707
    """
    where = "emg_envelope"
    signal = _check_ts(signal, where)
    check_choice("method", method, ("rms", "linear"), where=where)
    fs = signal.sampling_rate
    x = signal.as_2d()
    if method == "rms":
        w = check_positive("window_s", window_s, where=where)
        m = max(1, int(round(w * fs)))
        if m > x.shape[0]:
            raise SignalTooShortError(f"{where}: window_s {w:g} s is longer than the signal")
        from scipy.ndimage import uniform_filter1d

        y = np.sqrt(np.maximum(uniform_filter1d(x * x, size=m, axis=0, mode="nearest"), 0.0))
    else:
        lp = check_positive("lowpass_hz", lowpass_hz, where=where)
        if lp >= fs / 2:
            raise InvalidParameterError(
                f"{where}: lowpass_hz {lp:g} Hz is at or above the Nyquist frequency {fs / 2:g} Hz"
            )
        from scipy.signal import butter, sosfiltfilt

        sos = butter(int(order), lp, btype="lowpass", fs=fs, output="sos")
        y = np.maximum(sosfiltfilt(sos, np.abs(x), axis=0), 0.0)
    return signal.with_values(y if signal.values.ndim == 2 else y[:, 0])


def emg_normalize(
    envelope: TimeSeries,
    mvc: TimeSeries | float | Sequence[float] | Mapping[str, float],
    *,
    window_s: float = 0.5,
) -> TimeSeries:
    """Express an envelope in %MVC.

    Parameters
    ----------
    envelope : TimeSeries
        Envelope of the trial (same unit as the MVC reference).
    mvc : TimeSeries, float, sequence or mapping
        Either the MVC trial's envelope (its reference is the highest mean over a
        ``window_s`` moving window, per channel) or stored MVC amplitudes: one number for all
        channels, one per channel, or ``{channel: amplitude}``.
    window_s : float
        Moving window for the MVC trial's peak, s.

    Returns
    -------
    TimeSeries
        Envelope in ``"%MVC"``.

    References
    ----------
    .. [1] Burden A (2010). How should we normalize electromyograms obtained from healthy
       participants? J Electromyogr Kinesiol 20:1023-1035.

    Examples
    --------
    >>> env = TimeSeries(np.full((1000, 2), 0.2), 1000, "V", ("VL", "BF"))
    >>> emg_normalize(env, {"VL": 0.4, "BF": 0.8}).values[0].tolist()
    [50.0, 25.0]
    """
    where = "emg_normalize"
    x = envelope.as_2d()
    names = envelope.channels
    if isinstance(mvc, TimeSeries):
        if abs(mvc.sampling_rate - envelope.sampling_rate) > 1e-9:
            raise SamplingRateError(
                f"{where}: MVC trial at {mvc.sampling_rate:g} Hz, trial at {envelope.sampling_rate:g} Hz"
            )
        if mvc.unit != envelope.unit:
            raise InvalidParameterError(
                f"{where}: MVC trial in {mvc.unit}, trial in {envelope.unit}"
            )
        missing = [c for c in names if c not in mvc.channels]
        if missing:
            raise InvalidParameterError(f"{where}: MVC trial has no channel(s) {missing}")
        m = max(
            1, int(round(check_positive("window_s", window_s, where=where) * mvc.sampling_rate))
        )
        ref = mvc.select(list(names)).as_2d()
        if ref.shape[0] < m:
            raise SignalTooShortError(f"{where}: MVC trial shorter than window_s")
        from scipy.ndimage import uniform_filter1d

        peak = uniform_filter1d(ref, size=m, axis=0, mode="nearest").max(axis=0)
    elif isinstance(mvc, Mapping):
        missing = [c for c in names if c not in mvc]
        if missing:
            raise InvalidParameterError(f"{where}: no stored MVC for channel(s) {missing}")
        peak = np.array([float(mvc[c]) for c in names])
    else:
        peak = np.broadcast_to(np.asarray(mvc, dtype=np.float64), (len(names),)).copy()
    for c, p in zip(names, peak, strict=True):
        if not np.isfinite(p) or p <= 0:
            raise InvalidParameterError(
                f"{where}: MVC amplitude of channel {c!r} must be > 0, got {p!r}"
            )
    y = x / peak * 100.0
    return envelope.with_values(y if envelope.values.ndim == 2 else y[:, 0], unit="%MVC")


def emg_mvc_reference(envelope: TimeSeries, *, window_s: float = 0.5) -> dict[str, float]:
    """MVC amplitude of every channel: the highest mean of the envelope over a moving window.

    Store these per athlete and muscle and pass them to :func:`emg_normalize` later.

    Parameters
    ----------
    envelope : TimeSeries
        Envelope (RMS or linear) of an MVC trial, V.
    window_s : float
        Moving-window length, s (0.5 s is common).

    Returns
    -------
    dict
        ``{channel: amplitude}`` in the envelope's unit.

    References
    ----------
    .. [1] Burden A (2010). J Electromyogr Kinesiol 20:1023-1035.

    Examples
    --------
    >>> env = TimeSeries(np.r_[np.zeros(1000), np.full(1000, 3e-4)], 1000, "V", ("VL",))
    >>> emg_mvc_reference(env)
    {'VL': 0.0003}
    """
    where = "emg_mvc_reference"
    m = max(
        1, int(round(check_positive("window_s", window_s, where=where) * envelope.sampling_rate))
    )
    x = envelope.as_2d()
    if x.shape[0] < m:
        raise SignalTooShortError(
            f"{where}: MVC trial ({envelope.duration:g} s) shorter than window_s"
        )
    from scipy.ndimage import uniform_filter1d

    peak = uniform_filter1d(x, size=m, axis=0, mode="nearest").max(axis=0)
    return {c: round(float(v), 15) for c, v in zip(envelope.channels, peak, strict=True)}


def emg_integrate(
    signal: TimeSeries, *, start_s: float | None = None, end_s: float | None = None
) -> np.ndarray:
    """Integrated EMG: time integral of the rectified signal (unit x s), per channel.

    Examples
    --------
    >>> np.round(emg_integrate(TimeSeries(np.full(1000, -0.002), 1000, "V")), 9).tolist()
    [0.002]
    """
    ts = signal
    if start_s is not None or end_s is not None:
        ts = signal.slice_time(
            signal.t0 if start_s is None else start_s,
            signal.t0 + signal.duration if end_s is None else end_s,
        )
    if ts.n_samples == 0:
        raise SignalTooShortError("emg_integrate: empty window")
    return np.abs(ts.as_2d()).sum(axis=0) / ts.sampling_rate
