"""One call for a surface-EMG recording: the pipeline, co-activation, and next to a force
channel the rate of EMG rise with RFD, neuromuscular efficiency per muscle and the EMG-force
relation over a ramp.

:func:`emg_analyze` is what ``neurolift emg analyze`` and an EMG upload on the web call; the
per-muscle loops over a force window are :func:`emg_nme_channels` and
:func:`emg_force_relation_window`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from neurolift._deprecation import renamed_parameters
from neurolift._results import Result, to_plain
from neurolift.errors import InvalidParameterError
from neurolift.signals.emg.metrics import (
    CoactivationResult,
    EMGForceRelation,
    NMEResult,
    RateOfRiseResult,
    emg_coactivation,
    emg_force_relation,
    emg_nme,
    emg_rate_of_rise,
)
from neurolift.signals.emg.pipeline import EMGProcessResult, emg_process
from neurolift.signals.emg.processing import emg_clean, emg_envelope, emg_mvc_reference
from neurolift.timeseries import TimeSeries

__all__ = [
    "EMGAnalysis",
    "MVCResult",
    "emg_analyze",
    "emg_force_relation_window",
    "emg_mvc",
    "emg_nme_channels",
]

#: Per-channel summary fields repeated at the top level of ``EMGAnalysis.to_dict()`` as
#: ``<channel>_<field>``: scalar metrics the store keeps for trends.
TREND_FIELDS = (
    "rms_v",
    "peak_envelope_v",
    "iemg_v_s",
    "mdf_initial_hz",
    "mdf_slope_hz_s",
    "peak_envelope_pct_mvc",
)


def emg_nme_channels(
    force: TimeSeries,
    envelope: TimeSeries,
    *,
    window_s: tuple[float, float],
    mvc_force_n: float | None = None,
    mvc_emg: Mapping[str, float] | None = None,
) -> dict[str, NMEResult]:
    """Neuromuscular efficiency (:func:`~neurolift.signals.emg.emg_nme`) of every envelope
    channel over one force window; ``mvc_emg`` gives a channel's MVC amplitude for the
    normalised form (channels it does not name get the absolute form only).

    Examples
    --------
    >>> import numpy as np
    >>> f = TimeSeries(np.full(3000, 300.0), 1000, "N")
    >>> e = TimeSeries(np.column_stack([np.full(3000, 1e-4), np.full(3000, 2e-4)]), 1000, "V",
    ...                ("VL", "VM"))
    >>> r = emg_nme_channels(f, e, window_s=(1, 2), mvc_force_n=600, mvc_emg={"VL": 4e-4})
    >>> round(r["VL"].nme_abs), round(r["VM"].nme_abs), round(r["VL"].nme_norm, 9), r["VM"].nme_norm
    (3000000, 1500000, 2.0, None)
    """
    mvc = dict(mvc_emg or {})
    return {
        ch: emg_nme(
            force,
            envelope.channel(ch),
            window_s=window_s,
            mvc_force_n=mvc_force_n,
            mvc_emg=mvc.get(ch),
        )
        for ch in envelope.channels
    }


def emg_force_relation_window(
    force: TimeSeries,
    envelope: TimeSeries,
    *,
    window_s: tuple[float, float],
    rate_hz: float = 100.0,
) -> dict[str, EMGForceRelation]:
    """EMG-force relation (:func:`~neurolift.signals.emg.emg_force_relation`) of every envelope
    channel over a ramp ``window_s`` (s), both signals taken at about ``rate_hz`` (envelopes
    are smooth; every sample would only weigh the fit towards the slow part of the ramp).

    Examples
    --------
    >>> import numpy as np
    >>> t = np.arange(5000) / 1000
    >>> f = TimeSeries(100 * t, 1000, "N")                     # 0 -> 500 N over 5 s
    >>> e = TimeSeries(0.01 + 0.001 * f.values, 1000, "V", ("VL",))
    >>> r = emg_force_relation_window(f, e, window_s=(1, 4))["VL"]
    >>> round(r.slope_per_n, 6), round(r.intercept, 6), r.n_points
    (0.001, 0.01, 300)
    """
    where = "emg_force_relation_window"
    fs = envelope.sampling_rate
    if force.sampling_rate != fs or force.n_samples != envelope.n_samples:
        raise InvalidParameterError(
            f"{where}: force ({force.sampling_rate:g} Hz, {force.n_samples} samples) and EMG "
            f"({fs:g} Hz, {envelope.n_samples} samples) must share one clock"
        )
    i0, i1 = (int(round((v - envelope.t0) * fs)) for v in window_s)
    if not 0 <= i0 < i1 <= envelope.n_samples:
        raise InvalidParameterError(f"{where}: window {tuple(window_s)} is outside the recording")
    step = max(1, int(round(fs / rate_hz)))
    f_ramp = force.as_2d()[i0:i1:step, 0]
    env = envelope.as_2d()[i0:i1:step]
    return {ch: emg_force_relation(f_ramp, env[:, k]) for k, ch in enumerate(envelope.channels)}


@dataclass(frozen=True)
class EMGAnalysis(Result):
    """Everything :func:`emg_analyze` found; ``to_dict()`` is the pipeline's result with the
    optional parts added and each channel's trend metrics at the top level."""

    process: EMGProcessResult
    coactivation: CoactivationResult | None = None
    rate_of_rise: RateOfRiseResult | None = None
    nme: dict[str, NMEResult] = field(default_factory=dict)
    emg_force_relation: dict[str, EMGForceRelation] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    @property
    def method(self) -> dict[str, Any]:
        return self.process.method

    def to_dict(self) -> dict[str, Any]:
        out = self.process.to_dict()
        if self.coactivation is not None:
            out["coactivation"] = self.coactivation.to_dict()
        if self.rate_of_rise is not None:
            out["rate_of_rise"] = self.rate_of_rise.to_dict()
        if self.nme:
            out["nme"] = {ch: r.to_dict() for ch, r in self.nme.items()}
        if self.emg_force_relation:
            for ch, fit in self.emg_force_relation.items():
                out[f"{ch}_emg_force_slope_v_per_n"] = fit.slope_per_n
            out["emg_force_relation"] = {
                ch: fit.to_dict() for ch, fit in self.emg_force_relation.items()
            }
        for c in self.process.channels:  # scalar metrics at top level: trends in the store
            for key in TREND_FIELDS:
                val = getattr(c, key)
                if val is not None:
                    out[f"{c.channel}_{key}"] = val
        out["warnings"] = list(self.warnings)
        return to_plain(out)


@renamed_parameters(lowcut="lowcut_hz", highcut="highcut_hz", notch="notch_hz")
def emg_analyze(
    emg: TimeSeries,
    *,
    force: TimeSeries | None = None,
    lowcut_hz: float | None = 20.0,
    highcut_hz: float | None = 450.0,
    notch_hz: float | Sequence[float] | None = None,
    envelope: Literal["rms", "linear"] = "rms",
    mvc: Any = None,
    onset_method: Literal["threshold", "bonato"] = "threshold",
    baseline_s: tuple[float, float] | None = None,
    agonist: str | None = None,
    antagonist: str | None = None,
    nme_window_s: tuple[float, float] | None = None,
    mvc_force_n: float | None = None,
    relation_window_s: tuple[float, float] | None = None,
) -> EMGAnalysis:
    """Analyse an EMG recording (and the force recorded with it) in one call.

    * :func:`~neurolift.signals.emg.emg_process` on every channel (``mvc`` as there);
    * co-activation of ``agonist`` and ``antagonist`` (both or neither) on the %MVC envelopes
      when normalised (active threshold 10 %MVC), else on the absolute ones;
    * with ``force``: rate of EMG rise next to RFD from each channel's first onset
      (:func:`~neurolift.signals.emg.emg_rate_of_rise`); neuromuscular efficiency of every
      channel over ``nme_window_s`` (:func:`emg_nme_channels`; ``mvc`` given as amplitudes per
      channel adds the normalised form, ``mvc_force_n`` the %MVC force); the EMG-force
      relation over the ramp ``relation_window_s`` (:func:`emg_force_relation_window`).

    Warnings of every part are collected in ``warnings`` (NME ones prefixed by the channel).
    """
    where = "emg_analyze"
    if (agonist is None) != (antagonist is None):
        raise InvalidParameterError(f"{where}: co-activation needs both agonist and antagonist")
    if force is None and (nme_window_s is not None or relation_window_s is not None):
        raise InvalidParameterError(
            f"{where}: nme_window_s and relation_window_s need the force channel"
        )
    if mvc_force_n is not None and nme_window_s is None:
        raise InvalidParameterError(f"{where}: mvc_force_n needs nme_window_s")
    result = emg_process(
        emg,
        lowcut_hz=lowcut_hz,
        highcut_hz=highcut_hz,
        notch_hz=notch_hz,
        envelope=envelope,
        mvc=mvc,
        onset_method=onset_method,
        baseline_s=baseline_s,
    )
    warnings = list(result.warnings)
    co = rr = None
    nme: dict[str, NMEResult] = {}
    relation: dict[str, EMGForceRelation] = {}
    if agonist is not None and antagonist is not None:
        normalised = result.normalized is not None
        env = result.normalized if result.normalized is not None else result.envelope
        co = emg_coactivation(
            env.channel(agonist),
            env.channel(antagonist),
            active_threshold=10.0 if normalised else None,
        )
        warnings += co.warnings
    if force is not None:
        onsets = {
            c.channel: c.first_onset_s for c in result.channels if c.first_onset_s is not None
        }
        rr = emg_rate_of_rise(result.envelope, force=force, baseline_s=baseline_s, onsets_s=onsets)
        warnings += rr.warnings
        if nme_window_s is not None:
            nme = emg_nme_channels(
                force,
                result.envelope,
                window_s=nme_window_s,
                mvc_force_n=mvc_force_n,
                mvc_emg=mvc if isinstance(mvc, Mapping) else None,
            )
            warnings += [f"{ch}: {w}" for ch, r in nme.items() for w in r.warnings]
        if relation_window_s is not None:
            relation = emg_force_relation_window(force, result.envelope, window_s=relation_window_s)
    return EMGAnalysis(result, co, rr, nme, relation, tuple(warnings))


@dataclass(frozen=True)
class MVCResult(Result):
    """MVC amplitude per channel (V) of an MVC trial; ``to_dict()`` also gives each as
    ``<channel>_mvc_v`` for the store's trends."""

    mvc: dict[str, float]
    method: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return to_plain(
            {
                "mvc": self.mvc,
                **{f"{ch}_mvc_v": v for ch, v in self.mvc.items()},
                "method": self.method,
            }
        )


@renamed_parameters(lowcut="lowcut_hz", highcut="highcut_hz", notch="notch_hz")
def emg_mvc(
    emg: TimeSeries,
    *,
    lowcut_hz: float | None = 20.0,
    highcut_hz: float | None = 450.0,
    notch_hz: float | Sequence[float] | None = None,
    envelope: Literal["rms", "linear"] = "rms",
    window_s: float = 0.5,
) -> MVCResult:
    """MVC amplitude of every channel of an MVC trial: cleaned as :func:`emg_process` cleans,
    enveloped, then the highest ``window_s`` moving mean
    (:func:`~neurolift.signals.emg.emg_mvc_reference`).

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(1)
    >>> x = np.r_[rng.normal(0, 1e-5, 2000), rng.normal(0, 4e-4, 4000)]   # 2 s rest, 4 s MVC
    >>> r = emg_mvc(TimeSeries(x, 2000, "V", ("VL",)))

    White noise keeps (450 - 20) / 1000 of its power in the 20-450 Hz band at 2 kHz:

    >>> expected = 4e-4 * np.sqrt(430 / 1000)
    >>> bool(abs(r.mvc["VL"] / expected - 1) < 0.05)
    True
    """
    env = emg_envelope(
        emg_clean(emg, lowcut_hz=lowcut_hz, highcut_hz=highcut_hz, notch_hz=notch_hz),
        method=envelope,
    )
    return MVCResult(
        emg_mvc_reference(env, window_s=window_s),
        method={
            "lowcut_hz": lowcut_hz,
            "highcut_hz": highcut_hz,
            "notch_hz": notch_hz,
            "envelope": envelope,
            "window_s": window_s,
            "peak": "highest moving-window mean of the envelope",
        },
    )
