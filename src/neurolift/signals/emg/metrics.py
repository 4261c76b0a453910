"""EMG metrics: neuromuscular efficiency, EMG-force relation, co-activation, rate of EMG rise."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from neurolift._results import Result
from neurolift._validation import check_choice, check_positive
from neurolift.errors import InvalidParameterError, SamplingRateError, SignalError
from neurolift.timeseries import TimeSeries

__all__ = [
    "CoactivationResult",
    "EMGForceRelation",
    "NMEResult",
    "RateOfRiseResult",
    "emg_coactivation",
    "emg_force_relation",
    "emg_nme",
    "emg_rate_of_rise",
]


def _one_channel(ts: TimeSeries, channel: str | None, where: str, label: str) -> np.ndarray:
    if not isinstance(ts, TimeSeries):
        raise InvalidParameterError(
            f"{where}: {label} must be a TimeSeries, got {type(ts).__name__}"
        )
    if channel is not None:
        return ts.channel(channel).values
    if ts.n_channels != 1:
        raise InvalidParameterError(
            f"{where}: {label} has {ts.n_channels} channels {ts.channels}; choose one with the "
            f"{label}_channel argument"
        )
    return ts.as_2d()[:, 0]


def _same_rate(a: TimeSeries, b: TimeSeries, where: str, la: str, lb: str) -> None:
    if abs(a.sampling_rate - b.sampling_rate) > 1e-9 * a.sampling_rate:
        raise SamplingRateError(
            f"{where}: {la} is sampled at {a.sampling_rate:g} Hz but {lb} at {b.sampling_rate:g} Hz; "
            "resample one of them so both share a clock"
        )
    if a.n_samples != b.n_samples or abs(a.t0 - b.t0) > 0.5 / a.sampling_rate:
        raise InvalidParameterError(
            f"{where}: {la} ({a.n_samples} samples from t0={a.t0:g} s) and {lb} "
            f"({b.n_samples} samples from t0={b.t0:g} s) do not cover the same time"
        )


# -- neuromuscular efficiency ------------------------------------------------------------------
@dataclass(frozen=True)
class NMEResult(Result):
    """Neuromuscular efficiency over one window of a submaximal contraction.

    ``nme_abs`` is force per unit absolute EMG (N per ``emg_unit``); ``nme_norm`` is
    %MVC force per %MVC EMG (dimensionless) when the MVC values are given.
    """

    start_s: float
    end_s: float
    mean_force_n: float
    mean_emg: float
    emg_unit: str
    force_pct_mvc: float | None
    emg_pct_mvc: float | None
    nme_abs: float
    nme_norm: float | None
    method: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def emg_nme(
    force: TimeSeries,
    emg_envelope: TimeSeries,
    *,
    window_s: tuple[float, float],
    mvc_force_n: float | None = None,
    mvc_emg: float | None = None,
    force_channel: str | None = None,
    emg_channel: str | None = None,
    target_pct_mvc: float | None = None,
) -> NMEResult:
    """Neuromuscular efficiency: mean force / mean EMG amplitude over a window.

    Reported both absolute (N per EMG unit: training changes stay visible) and normalised
    (%MVC force per %MVC EMG: comparable between people, but can hide a change of the MVC EMG).

    Parameters
    ----------
    force : TimeSeries
        Force (N) or torque (N*m), one channel (or choose with ``force_channel``).
    emg_envelope : TimeSeries
        EMG amplitude (RMS or linear envelope) in absolute units, same clock as ``force``.
    window_s : (start, end)
        Submaximal plateau window, s.
    mvc_force_n, mvc_emg : float, optional
        MVC force and MVC EMG amplitude for the normalised form.
    target_pct_mvc : float, optional
        The stated submaximal level; a warning is given when the measured level is > 5 %MVC
        away from it.

    Returns
    -------
    NMEResult

    References
    ----------
    .. [1] Deschenes MR, et al. (2002). Neuromuscular adaptations to spaceflight are specific
       to postural muscles. Muscle Nerve 25:656-662 (NME definition).
    .. [2] Casolo A, et al. (2023). Behavior of motor units during submaximal isometric
       contractions ... (absolute vs normalised amplitude). J Appl Physiol.

    Examples
    --------
    >>> fs = 1000
    >>> f = TimeSeries(np.full(3000, 300.0), fs, "N")
    >>> e = TimeSeries(np.full(3000, 0.15e-3), fs, "V")
    >>> r = emg_nme(f, e, window_s=(1, 2), mvc_force_n=600, mvc_emg=0.5e-3)
    >>> round(r.nme_abs), round(r.nme_norm, 4)
    (2000000, 1.6667)
    """
    where = "emg_nme"
    _same_rate(force, emg_envelope, where, "force", "EMG")
    fx = _one_channel(force, force_channel, where, "force")
    ex = _one_channel(emg_envelope, emg_channel, where, "emg")
    s0, s1 = (float(v) for v in window_s)
    fs = force.sampling_rate
    i0, i1 = int(round((s0 - force.t0) * fs)), int(round((s1 - force.t0) * fs))
    if not 0 <= i0 < i1 <= fx.size:
        raise InvalidParameterError(f"{where}: window_s {window_s!r} is outside the recording")
    mf, me = float(fx[i0:i1].mean()), float(ex[i0:i1].mean())
    if me <= 0:
        raise SignalError(f"{where}: mean EMG amplitude in the window is {me:g}; no activity")
    if mf <= 0:
        raise SignalError(f"{where}: mean force in the window is {mf:g} N; no contraction")
    warnings: list[str] = []
    fp = ep = norm = None
    if mvc_force_n is not None:
        fp = 100 * mf / check_positive("mvc_force_n", mvc_force_n, where=where)
    if mvc_emg is not None:
        ep = 100 * me / check_positive("mvc_emg", mvc_emg, where=where)
    if fp is not None and ep is not None:
        norm = fp / ep
    if target_pct_mvc is not None and fp is not None and abs(fp - target_pct_mvc) > 5:
        warnings.append(
            f"measured level {fp:.1f} %MVC differs from the stated {target_pct_mvc:g} %MVC"
        )
    if emg_envelope.unit in ("%MVC", "%"):
        warnings.append(
            "EMG is MVC-normalised: nme_abs is in N per %MVC; absolute EMG keeps "
            "training changes visible"
        )
    return NMEResult(
        s0,
        s1,
        mf,
        me,
        emg_envelope.unit,
        fp,
        ep,
        mf / me,
        norm,
        method={
            "name": "mean_force_over_mean_emg",
            "window_s": [s0, s1],
            "target_pct_mvc": target_pct_mvc,
        },
        warnings=warnings,
    )


# -- EMG-force relation ------------------------------------------------------------------------
@dataclass(frozen=True)
class EMGForceRelation(Result):
    """Least-squares EMG = intercept + slope * force (emg units, force in N)."""

    slope_per_n: float
    intercept: float
    r2: float
    n_points: int
    scale: str
    method: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def emg_force_relation(
    force: Any, emg: Any, *, scale: Literal["linear", "log"] = "linear"
) -> EMGForceRelation:
    """EMG-force relation from paired levels (steps) or samples of a ramp.

    ``scale="log"`` fits ``log(EMG) = a + b log(force)`` (``slope_per_n`` is then the
    dimensionless exponent ``b``).

    References
    ----------
    .. [1] Lawrence JH, De Luca CJ (1983). Myoelectric signal versus force relationship in
       different human muscles. J Appl Physiol 54:1653-1659.

    Examples
    --------
    >>> r = emg_force_relation([100, 200, 300, 400], [0.11, 0.21, 0.31, 0.41])
    >>> round(r.slope_per_n, 6), round(r.intercept, 6), round(r.r2, 6)
    (0.001, 0.01, 1.0)
    """
    where = "emg_force_relation"
    check_choice("scale", scale, ("linear", "log"), where=where)
    f = np.asarray(
        force.as_2d()[:, 0] if isinstance(force, TimeSeries) else force, dtype=np.float64
    ).ravel()
    e = np.asarray(
        emg.as_2d()[:, 0] if isinstance(emg, TimeSeries) else emg, dtype=np.float64
    ).ravel()
    if f.shape != e.shape:
        raise InvalidParameterError(f"{where}: {f.size} force value(s) but {e.size} EMG value(s)")
    ok = np.isfinite(f) & np.isfinite(e)
    f, e = f[ok], e[ok]
    if scale == "log":
        pos = (f > 0) & (e > 0)
        f, e = np.log(f[pos]), np.log(e[pos])
    if f.size < 2 or np.ptp(f) == 0:
        raise SignalError(
            f"{where}: needs at least two different force levels, got {np.unique(f).size}"
        )
    b, a = np.polyfit(f, e, 1)
    pred = a + b * f
    ss = float(np.sum((e - e.mean()) ** 2))
    r2 = 1 - float(np.sum((e - pred) ** 2)) / ss if ss > 0 else 1.0
    return EMGForceRelation(
        float(b), float(a), r2, int(f.size), scale, method={"name": "least_squares", "scale": scale}
    )


# -- co-activation -----------------------------------------------------------------------------
@dataclass(frozen=True)
class CoactivationResult(Result):
    """Agonist/antagonist co-activation indices of one window; each names its family.

    * ``ratio_pct`` (amplitude ratio family): mean antagonist / mean agonist x 100 (Kellis 1998).
    * ``falconer_winter_pct`` (shape/common-area family): 2 x integral of the common area
      min(ag, ant) / integral of (ag + ant) x 100 (Falconer & Winter 1985).
    * ``rudolph`` (amplitude-weighted family): mean over samples of (lower / higher) x
      (lower + higher) in the input unit (Rudolph et al. 2000).
    * ``temporal_overlap_pct`` (temporal family): % of the window where both exceed
      ``active_threshold``.
    """

    ratio_pct: float
    falconer_winter_pct: float
    rudolph: float
    temporal_overlap_pct: float | None
    unit: str
    method: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def emg_coactivation(
    agonist: TimeSeries,
    antagonist: TimeSeries,
    *,
    window_s: tuple[float, float] | None = None,
    active_threshold: float | None = None,
) -> CoactivationResult:
    """Co-activation of an agonist/antagonist pair from their envelopes.

    Envelopes should be normalised to each muscle's MVC (``emg_normalize``) so the indices
    compare activation, not electrode gain; a warning says so otherwise.

    Parameters
    ----------
    agonist, antagonist : TimeSeries
        One-channel envelopes on the same clock.
    window_s : (start, end), optional
        Analysis window, s; default: the whole record.
    active_threshold : float, optional
        Activity threshold for the temporal index (input unit, e.g. 10 %MVC).

    Returns
    -------
    CoactivationResult

    References
    ----------
    .. [1] Falconer K, Winter DA (1985). Quantitative assessment of co-contraction at the ankle
       joint in walking. Electromyogr Clin Neurophysiol 25:135-149.
    .. [2] Rudolph KS, Axe MJ, Snyder-Mackler L (2000). Dynamic stability after ACL injury: who
       can hop? Knee Surg Sports Traumatol Arthrosc 8:262-269.
    .. [3] Kellis E (1998). Quantification of quadriceps and hamstring antagonist activity.
       Sports Med 25:37-62.

    Examples
    --------
    >>> ag = TimeSeries(np.full(1000, 40.0), 1000, "%MVC")
    >>> ant = TimeSeries(np.full(1000, 10.0), 1000, "%MVC")
    >>> r = emg_coactivation(ag, ant, active_threshold=5)
    >>> r.ratio_pct, r.falconer_winter_pct, r.rudolph, r.temporal_overlap_pct
    (25.0, 40.0, 12.5, 100.0)
    """
    where = "emg_coactivation"
    _same_rate(agonist, antagonist, where, "agonist", "antagonist")
    a = _one_channel(agonist, None, where, "agonist")
    b = _one_channel(antagonist, None, where, "antagonist")
    if agonist.unit != antagonist.unit:
        raise InvalidParameterError(
            f"{where}: agonist in {agonist.unit} but antagonist in {antagonist.unit}; use one unit"
        )
    if window_s is not None:
        fs = agonist.sampling_rate
        i0 = int(round((window_s[0] - agonist.t0) * fs))
        i1 = int(round((window_s[1] - agonist.t0) * fs))
        if not 0 <= i0 < i1 <= a.size:
            raise InvalidParameterError(f"{where}: window_s {window_s!r} is outside the recording")
        a, b = a[i0:i1], b[i0:i1]
    if (a < 0).any() or (b < 0).any():
        raise SignalError(f"{where}: envelopes must be >= 0 (rectified); got negative samples")
    sa, sb = float(a.sum()), float(b.sum())
    if sa == 0:
        raise SignalError(
            f"{where}: the agonist is silent in the window; the indices are undefined"
        )
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    with np.errstate(invalid="ignore", divide="ignore"):
        rud = np.where(hi > 0, lo / hi * (lo + hi), 0.0)
    warnings: list[str] = []
    if agonist.unit not in ("%MVC", "%"):
        warnings.append(
            f"envelopes are in {agonist.unit}, not %MVC: indices mix activation and "
            "electrode gain; normalise each muscle to its MVC first"
        )
    overlap = None
    if active_threshold is not None:
        thr = float(active_threshold)
        overlap = 100.0 * float(np.mean((a > thr) & (b > thr)))
    return CoactivationResult(
        ratio_pct=100.0 * sb / sa,
        falconer_winter_pct=100.0 * 2 * float(lo.sum()) / (sa + sb),
        rudolph=float(rud.mean()),
        temporal_overlap_pct=overlap,
        unit=agonist.unit,
        method={
            "families": {
                "ratio_pct": "amplitude ratio (Kellis 1998)",
                "falconer_winter_pct": "common area (Falconer & Winter 1985)",
                "rudolph": "amplitude-weighted ratio (Rudolph et al. 2000)",
                "temporal_overlap_pct": "temporal overlap",
            },
            "window_s": list(window_s) if window_s is not None else None,
            "active_threshold": active_threshold,
        },
        warnings=warnings,
    )


# -- rate of EMG rise next to RFD ----------------------------------------------------------------
@dataclass(frozen=True)
class RateOfRiseResult(Result):
    """Rate of EMG rise (per channel) and RFD of the force channel over windows from onset.

    ``rer`` maps ``channel -> {"rer_0_30ms": value, ...}`` in EMG unit per second (envelope
    increase from onset divided by the window); ``rfd`` maps ``"rfd_0_50ms_n_s"`` -> N/s
    (``_n_m_s`` for torque, ``_pct_mvc_s`` for a force in %MVC).
    """

    emg_onset_s: dict[str, float]
    force_onset_s: float | None
    rer: dict[str, dict[str, float]]
    rfd: dict[str, float]
    emg_unit: str
    electromechanical_delay_s: dict[str, float]
    method: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


_RFD_SUFFIX = {
    "N": "n_s",
    "N*m": "n_m_s",
    "Nm": "n_m_s",
    "N.m": "n_m_s",
    "%MVC": "pct_mvc_s",
    "%": "pct_mvc_s",
}


def _force_onset(f: np.ndarray, fs: float, baseline: slice, k: float, where: str) -> int:
    base = f[baseline]
    thr = base.mean() + max(k * base.std(ddof=1), 1e-9 * max(abs(base.mean()), 1.0))
    above = np.flatnonzero(f > thr)
    above = above[above >= baseline.stop]
    if not above.size:
        raise SignalError(
            f"{where}: the force never rises above baseline + {k:g} SD; no contraction onset"
        )
    return int(above[0])


def emg_rate_of_rise(
    envelope: TimeSeries,
    *,
    force: TimeSeries | None = None,
    onsets_s: dict[str, float] | None = None,
    baseline_s: tuple[float, float] | None = None,
    k: float = 3.0,
    windows_ms: tuple[int, ...] = (30, 50, 75),
    rfd_windows_ms: tuple[int, ...] = (30, 50, 100, 200),
) -> RateOfRiseResult:
    """Rate of EMG rise in the first 30/50/75 ms after EMG onset, next to RFD from force onset.

    EMG onset per channel: first sample after the baseline where the envelope exceeds
    baseline mean + ``k`` SD (unless ``onsets_s`` is given). Force onset likewise on the force.
    RER_w = (env(t_on + w) - env(t_on)) / w; RFD_w = (F(t_on + w) - F(t_on)) / w.

    Parameters
    ----------
    envelope : TimeSeries
        EMG envelope(s) (absolute units recommended), channels = muscles.
    force : TimeSeries, optional
        Force (N) recorded in the same file: same rate and clock, or a SamplingRateError.
    onsets_s : dict, optional
        Known EMG onsets per channel, s.
    baseline_s : (start, end)
        Quiet window, s; default the first 0.5 s.
    windows_ms, rfd_windows_ms : tuple of int
        Windows from onset, ms.

    Returns
    -------
    RateOfRiseResult

    References
    ----------
    .. [1] Aagaard P, Simonsen EB, Andersen JL, Magnusson P, Dyhre-Poulsen P (2002). Increased
       rate of force development and neural drive of human skeletal muscle following resistance
       training. J Appl Physiol 93:1318-1326.

    Examples
    --------
    >>> fs = 2000
    >>> t = np.arange(2 * fs) / fs
    >>> env = TimeSeries(np.where(t >= 1, (t - 1) * 2e-3, 0.0) + 1e-6, fs, "V", ("VL",))
    >>> frc = TimeSeries(np.where(t >= 1.02, (t - 1.02) * 5000, 0.0) + 10, fs, "N")
    >>> r = emg_rate_of_rise(env, force=frc)
    >>> round(r.rer["VL"]["rer_0_50ms"], 6), round(r.rfd["rfd_0_100ms_n_s"])
    (0.002, 5000)
    """
    where = "emg_rate_of_rise"
    fs = envelope.sampling_rate
    x = envelope.as_2d()
    b0, b1 = baseline_s if baseline_s is not None else (envelope.t0, envelope.t0 + 0.5)
    i0 = int(round((b0 - envelope.t0) * fs))
    i1 = int(round((b1 - envelope.t0) * fs))
    if not 0 <= i0 < i1 < x.shape[0] or i1 - i0 < 10:
        raise InvalidParameterError(
            f"{where}: baseline_s {(b0, b1)} must be >= 10 samples inside the signal"
        )
    kk = check_positive("k", k, where=where)
    warnings: list[str] = []
    onsets: dict[str, float] = {}
    rer: dict[str, dict[str, float]] = {}
    for c, name in enumerate(envelope.channels):
        if onsets_s is not None and name in onsets_s:
            on = int(round((onsets_s[name] - envelope.t0) * fs))
        else:
            try:
                on = _force_onset(x[:, c], fs, slice(i0, i1), kk, where)
            except SignalError:
                warnings.append(f"channel {name!r}: no EMG onset found; rate of rise not computed")
                continue
        onsets[name] = envelope.t0 + on / fs
        vals = {}
        for w in windows_ms:
            kw = int(round(w * fs / 1000))
            if on + kw >= x.shape[0]:
                warnings.append(f"channel {name!r}: the {w} ms window runs past the end")
                continue
            vals[f"rer_0_{w}ms"] = float((x[on + kw, c] - x[on, c]) / (w / 1000))
        rer[name] = vals
    rfd: dict[str, float] = {}
    f_on_s = None
    emd: dict[str, float] = {}
    if force is not None:
        if abs(force.sampling_rate - fs) > 1e-9 * fs:
            raise SamplingRateError(
                f"{where}: force is sampled at {force.sampling_rate:g} Hz but the EMG at {fs:g} Hz; "
                "RFD and EMG rise must share a clock — resample one of them"
            )
        fx = _one_channel(force, None, where, "force")
        j0 = int(round((b0 - force.t0) * fs))
        j1 = int(round((b1 - force.t0) * fs))
        if not 0 <= j0 < j1 < fx.size:
            raise InvalidParameterError(f"{where}: baseline window is outside the force recording")
        fon = _force_onset(fx, fs, slice(j0, j1), kk, where)
        f_on_s = force.t0 + fon / fs
        suffix = _RFD_SUFFIX.get(force.unit.replace(" ", ""), "per_s")
        for w in rfd_windows_ms:
            kw = int(round(w * fs / 1000))
            if fon + kw >= fx.size:
                warnings.append(f"force: the {w} ms RFD window runs past the end")
                continue
            rfd[f"rfd_0_{w}ms_{suffix}"] = float((fx[fon + kw] - fx[fon]) / (w / 1000))
        emd = {name: f_on_s - t for name, t in onsets.items()}
    elif not rer:
        raise SignalError(f"{where}: no EMG onset found on any channel and no force given")
    return RateOfRiseResult(
        emg_onset_s=onsets,
        force_onset_s=f_on_s,
        rer=rer,
        rfd=rfd,
        emg_unit=envelope.unit,
        electromechanical_delay_s=emd,
        method={
            "onset": f"baseline mean + {kk:g} SD",
            "baseline_s": [b0, b1],
            "windows_ms": list(windows_ms),
            "rfd_windows_ms": list(rfd_windows_ms),
        },
        warnings=warnings,
    )
