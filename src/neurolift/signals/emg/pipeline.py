"""One-call multi-channel surface-EMG pipeline."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from neurolift._deprecation import renamed_parameters
from neurolift._results import Result
from neurolift.errors import UnitError
from neurolift.signals.emg.onsets import OnsetResult, emg_onsets
from neurolift.signals.emg.processing import (
    emg_clean,
    emg_envelope,
    emg_integrate,
    emg_normalize,
)
from neurolift.signals.emg.spectral import FatigueResult, emg_fatigue
from neurolift.timeseries import TimeSeries
from neurolift.units import volt_factor

__all__ = ["ChannelSummary", "EMGProcessResult", "emg_process"]


@dataclass(frozen=True)
class ChannelSummary(Result):
    """Whole-record summary of one channel (amplitudes in V, iEMG in V*s)."""

    channel: str
    rms_v: float
    mean_envelope_v: float
    peak_envelope_v: float
    peak_envelope_pct_mvc: float | None
    iemg_v_s: float
    mdf_initial_hz: float | None
    mnf_initial_hz: float | None
    mdf_slope_hz_s: float | None
    mdf_slope_pct_s: float | None
    n_bursts: int
    first_onset_s: float | None


@dataclass(frozen=True)
class EMGProcessResult(Result):
    """Signals and per-channel summaries of :func:`emg_process`.

    ``to_dict()`` holds the summaries, bursts and provenance (not the sample arrays: use
    ``cleaned``, ``envelope`` and ``normalized`` for those).
    """

    sampling_rate_hz: float
    duration_s: float
    unit: str
    channels: list[ChannelSummary]
    onsets: OnsetResult
    fatigue: FatigueResult | None
    cleaned: TimeSeries
    envelope: TimeSeries
    normalized: TimeSeries | None
    method: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        from neurolift._results import to_plain

        return {
            "sampling_rate_hz": self.sampling_rate_hz,
            "duration_s": self.duration_s,
            "unit": self.unit,
            "channels": [c.to_dict() for c in self.channels],
            "bursts": [b.to_dict() for b in self.onsets.bursts],
            "method": to_plain(self.method),
            "warnings": list(self.warnings),
        }


@renamed_parameters(lowcut="lowcut_hz", highcut="highcut_hz", notch="notch_hz")
def emg_process(
    signal: TimeSeries,
    *,
    lowcut_hz: float | None = 20.0,
    highcut_hz: float | None = 450.0,
    notch_hz: float | Sequence[float] | None = None,
    envelope: Literal["rms", "linear"] = "rms",
    envelope_window_s: float = 0.05,
    envelope_lowpass_hz: float = 6.0,
    mvc: TimeSeries | float | Sequence[float] | Mapping[str, float] | None = None,
    onset_method: Literal["threshold", "bonato"] = "threshold",
    baseline_s: tuple[float, float] | None = None,
    k: float = 3.0,
    fatigue_window_s: float | None = 1.0,
) -> EMGProcessResult:
    """Clean, envelope, normalise, detect bursts and summarise every channel in one call.

    Steps: DC removal + zero-phase band-pass ``lowcut_hz``-``highcut_hz`` (+ notch_hz) -> envelope
    (RMS or linear) -> %MVC when ``mvc`` is given (MVC trial envelope or stored amplitudes) ->
    burst onsets/offsets -> RMS, mean/peak envelope, iEMG, MDF/MNF and their slopes over
    ``fatigue_window_s`` windows (None skips the spectral part).

    Parameters
    ----------
    signal : TimeSeries
        Raw EMG, samples x channels (one per muscle), any rate from 500 Hz to 10 kHz, in V
        (mV and uV are converted).
    mvc : optional
        The MVC reference, see :func:`~neurolift.signals.emg.emg_normalize`. An MVC *trial*
        given as a raw TimeSeries is processed with the same cleaning and envelope first.
    Other parameters
        As in :func:`emg_clean`, :func:`emg_envelope`, :func:`emg_onsets`, :func:`emg_fatigue`.

    Returns
    -------
    EMGProcessResult

    References
    ----------
    .. [1] Hermens HJ, et al. (2000). Development of recommendations for SEMG sensors and sensor
       placement procedures (SENIAM). J Electromyogr Kinesiol 10:361-374.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> fs = 2000
    >>> x = rng.normal(0, 5e-6, (4 * fs, 2))
    >>> x[2 * fs:3 * fs] += rng.normal(0, 2e-4, (fs, 2))     # 1 s burst on both muscles
    >>> r = emg_process(TimeSeries(x, fs, "V", ("VL", "BF")))
    >>> [round(c.first_onset_s, 2) for c in r.channels]
    [2.0, 2.0]
    """
    factor = volt_factor(signal.unit)
    if factor is None:
        raise UnitError(
            f"emg_process: EMG unit {signal.unit!r} is not a voltage; give V, mV, uV or nV "
            "(readers in neurolift.io.emg convert to V)"
        )
    if factor != 1.0:
        signal = signal.with_values(signal.values * factor, unit="V")
    cleaned = emg_clean(signal, lowcut_hz=lowcut_hz, highcut_hz=highcut_hz, notch_hz=notch_hz)
    env = emg_envelope(
        cleaned, method=envelope, window_s=envelope_window_s, lowpass_hz=envelope_lowpass_hz
    )
    warnings: list[str] = []
    normalized = None
    if mvc is not None:
        ref: Any = mvc
        mvc_factor = volt_factor(mvc.unit) if isinstance(mvc, TimeSeries) else None
        if isinstance(mvc, TimeSeries) and mvc_factor is not None:
            mvc = mvc.with_values(mvc.values * mvc_factor, unit="V")
            ref = emg_envelope(
                emg_clean(mvc, lowcut_hz=lowcut_hz, highcut_hz=highcut_hz, notch_hz=notch_hz),
                method=envelope,
                window_s=envelope_window_s,
                lowpass_hz=envelope_lowpass_hz,
            )
        normalized = emg_normalize(env, ref)
        if float(np.nanmax(normalized.values)) > 120:
            warnings.append("envelope exceeds 120 %MVC: the MVC reference looks submaximal")
    onsets = emg_onsets(
        signal,
        method=onset_method,
        lowcut_hz=lowcut_hz,
        highcut_hz=highcut_hz,
        baseline_s=baseline_s,
        k=k,
    )
    warnings += onsets.warnings
    fatigue = None
    if fatigue_window_s is not None and signal.duration >= 2 * fatigue_window_s:
        hc = highcut_hz if highcut_hz is not None else signal.sampling_rate / 2 * 0.9
        b0, b1 = onsets.method["baseline_s"]
        rest = cleaned.slice_time(b0, b1).as_2d()
        rest_rms = np.sqrt(np.mean(rest**2, axis=0))
        # windows at rest (RMS < 3 x resting RMS) are not part of the fatigue trend
        fatigue = emg_fatigue(
            cleaned,
            window_s=fatigue_window_s,
            lowcut_hz=lowcut_hz or 0.0,
            highcut_hz=hc,
            min_rms=3 * rest_rms,
        )
        warnings += fatigue.warnings
    elif fatigue_window_s is not None:
        warnings.append(
            f"record shorter than 2 x fatigue_window_s ({fatigue_window_s:g} s): no MDF/MNF"
        )
    x = cleaned.as_2d()
    e = env.as_2d()
    iemg = emg_integrate(cleaned)
    chans = []
    for c, name in enumerate(signal.channels):
        fat = fatigue.channels[c] if fatigue is not None else None
        ons = onsets.onsets_s(name)
        chans.append(
            ChannelSummary(
                channel=name,
                rms_v=float(np.sqrt(np.mean(x[:, c] ** 2))),
                mean_envelope_v=float(e[:, c].mean()),
                peak_envelope_v=float(e[:, c].max()),
                peak_envelope_pct_mvc=float(normalized.as_2d()[:, c].max())
                if normalized is not None
                else None,
                iemg_v_s=float(iemg[c]),
                mdf_initial_hz=fat.mdf_initial_hz if fat else None,
                mnf_initial_hz=fat.mnf_initial_hz if fat else None,
                mdf_slope_hz_s=fat.mdf_slope_hz_s if fat else None,
                mdf_slope_pct_s=fat.mdf_slope_pct_s if fat else None,
                n_bursts=len(ons),
                first_onset_s=ons[0] if ons else None,
            )
        )
    return EMGProcessResult(
        sampling_rate_hz=signal.sampling_rate,
        duration_s=signal.duration,
        unit=signal.unit,
        channels=chans,
        onsets=onsets,
        fatigue=fatigue,
        cleaned=cleaned,
        envelope=env,
        normalized=normalized,
        method={
            "clean": {
                "dc_removal": True,
                "lowcut_hz": lowcut_hz,
                "highcut_hz": highcut_hz,
                "order": 4,
                "zero_phase": True,
                "notch_hz": notch_hz,
            },
            "envelope": {
                "method": envelope,
                "window_s": envelope_window_s,
                "lowpass_hz": envelope_lowpass_hz,
            },
            "normalisation": None
            if mvc is None
            else ("trial" if isinstance(mvc, TimeSeries) else "stored"),
            "onsets": onsets.method,
            "fatigue": fatigue.method if fatigue else None,
        },
        warnings=warnings,
    )
