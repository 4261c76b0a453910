"""Per-unit and pool properties of decomposed motor units.

Definitions follow openhdemg 0.1.2 (Valli et al. 2024) so numbers are comparable, and are
spelled out in :func:`mu_properties`. Everything works on a
:class:`~neurolift.io.decomposition.Decomposition`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from neurolift._results import Result
from neurolift._validation import check_positive, check_range
from neurolift.errors import InvalidParameterError, SignalError
from neurolift.timeseries import TimeSeries

if TYPE_CHECKING:  # pragma: no cover
    from neurolift.io.decomposition import Decomposition

__all__ = [
    "MUPropertiesResult",
    "UnitProperties",
    "mu_plot_discharge_rates",
    "mu_plot_raster",
    "mu_plot_rt_dr",
    "mu_pnr",
    "mu_properties",
    "mu_rfd",
    "mu_sil",
    "mu_sil_units",
    "mu_steady_window",
]


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
    >>> from neurolift.io.decomposition import Decomposition
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


@dataclass(frozen=True)
class UnitProperties(Result):
    """Properties of one motor unit. ``None`` marks a value that cannot be computed (see warnings).

    Thresholds are in %MVC (``_pct_mvc``) and in newtons (``_n``: the reference in N, or a
    %MVC reference times ``mvc`` in N). Rates in pulses per second, COVs in %, PNR in dB.
    """

    unit: str
    index: int
    n_discharges: int
    first_discharge_s: float | None
    last_discharge_s: float | None
    rt_pct_mvc: float | None
    dert_pct_mvc: float | None
    rt_n: float | None
    dert_n: float | None
    dr_rec_pps: float | None
    dr_derec_pps: float | None
    dr_start_steady_pps: float | None
    dr_end_steady_pps: float | None
    dr_steady_pps: float | None
    dr_all_pps: float | None
    cov_isi_rec_pct: float | None
    cov_isi_derec_pct: float | None
    cov_isi_steady_pct: float | None
    cov_isi_all_pct: float | None
    dr_var_rec_pct: float | None
    dr_var_derec_pct: float | None
    dr_var_steady_pct: float | None
    dr_var_all_pct: float | None
    sil: float | None
    pnr_db: float | None
    accepted: bool
    rejection: str | None


@dataclass(frozen=True)
class MUPropertiesResult(Result):
    """Per-unit table plus pool-level metrics of one decomposed contraction."""

    n_units: int
    n_units_accepted: int
    sampling_rate_hz: float
    steady_start_s: float | None
    steady_end_s: float | None
    mvc_n: float | None
    reference_unit: str | None
    force_cov_steady_pct: float | None
    mean_force_steady_pct_mvc: float | None
    dr_rt_slope_pps_per_pct_mvc: float | None
    dr_rt_intercept_pps: float | None
    dr_rt_r2: float | None
    mean_dr_steady_pps: float | None
    units: list[UnitProperties]
    method: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def to_frame(self):  # type: ignore[no-untyped-def]
        """The per-unit table as a pandas DataFrame (one row per unit)."""
        import pandas as pd

        return pd.DataFrame([u.to_dict() for u in self.units])


def _mean(x: np.ndarray) -> float | None:
    x = x[np.isfinite(x)]
    return float(x.mean()) if x.size else None


def _cov(x: np.ndarray) -> float | None:
    x = x[np.isfinite(x)]
    if x.size < 2:
        return None
    m = x.mean()
    return float(x.std(ddof=1) / m * 100) if m != 0 else None


def _f(x: Any) -> float | None:
    if x is None:
        return None
    v = float(x)
    return v if np.isfinite(v) else None


def mu_properties(
    decomposition: Decomposition,
    *,
    mvc: float | None = None,
    steady: tuple[float, float] | None = None,
    n_firings_threshold: int = 1,
    n_firings_rec_derec: int = 4,
    n_firings_steady: int = 10,
    min_discharges: int = 10,
    rate_range_pps: tuple[float, float] = (2.0, 50.0),
    min_sil: float | None = 0.9,
    max_cov_isi_pct: float | None = None,
    quality: bool = True,
) -> MUPropertiesResult:
    """Recruitment thresholds, discharge rates, ISI variability and quality of every unit.

    Definitions (``d_0 < d_1 < ... < d_{n-1}`` the discharges of a unit, ``IDR_k = fs / (d_k -
    d_{k-1})`` the instantaneous rate attached to ``d_k``, ``F`` the reference force):

    * RT / DERT = mean ``F`` at the first / last ``n_firings_threshold`` discharges; in %MVC
      (``F / mvc * 100`` when the reference is absolute) and in N (``F * mvc / 100`` when the
      reference is in %MVC).
    * DR_rec / DR_derec = mean IDR over the first / last ``n_firings_rec_derec`` discharges
      (``n - 1`` intervals); COV_ISI_rec / derec = CoV (SD with ddof=1 / mean) of the same ISIs,
      DR_var_rec / derec = CoV of the same IDRs.
    * Steady window ``[s, e]`` (samples, given or :func:`mu_steady_window`): with ``i`` the first
      discharge in ``[s, e]`` and ``j`` the first discharge at or after ``e`` (or the last),
      DR_steady = mean ``IDR_{i+1..j}``, DR_start_steady = mean ``IDR_{i+1..i+n_steady}``,
      DR_end_steady = mean ``IDR_{j-n_steady+1..j}``; COV_ISI_steady and DR_var_steady use the
      intervals ending at discharges inside ``[s, e]``.
    * DR_all, COV_ISI_all, DR_var_all over the whole train.
    * Quality: SIL and PNR from the pulse train when present; a unit is *accepted* when it has
      at least ``min_discharges``, its median IDR lies in ``rate_range_pps``, SIL >=
      ``min_sil`` and COV_ISI_steady <= ``max_cov_isi_pct`` (when set). Rejected units keep
      their values; pool metrics use accepted units only.
    * Pool: DR_steady vs RT linear fit (slope in pps per %MVC: the "onion skin"), CoV of the
      force in the steady window (force steadiness).

    Parameters
    ----------
    decomposition : Decomposition
        Discharges, and a reference (force) for thresholds and steady detection.
    mvc : float, optional
        MVC force, N (or the reference's unit). Needed for %MVC thresholds when the reference
        is absolute, and for thresholds in N when it is in %MVC.
    steady : (start_s, end_s), optional
        Steady window in seconds; default: detected from the force plateau.
    n_firings_threshold, n_firings_rec_derec, n_firings_steady : int
        Discharge counts of the definitions above (openhdemg defaults 1, 4, 10).
    min_discharges : int
        Quality gate: fewer discharges -> rejected (a 1-spike "unit" is never accepted).
    rate_range_pps : (low, high)
        Plausible median discharge rate, pps.
    min_sil : float or None
        SIL gate (0.9 is the usual cut-off); None disables it.
    max_cov_isi_pct : float or None
        Optional COV_ISI_steady gate, %.
    quality : bool
        Compute SIL/PNR from the pulse trains (False: use the file's SIL only, skip PNR).

    Returns
    -------
    MUPropertiesResult

    References
    ----------
    .. [1] Valli G, et al. (2024). openhdemg: an open-source Python library for the analysis of
       high-density EMG signals. J Electromyogr Kinesiol 74:102850.
    .. [2] De Luca CJ, Hostage EC (2010). J Neurophysiol 104:1034-1046 (onion skin).
    .. [3] Martinez-Valdes E, et al. (2020). Consensus for experimental design in
       electromyography (CEDE): single motor unit matrix. J Electromyogr Kinesiol 53:102441.

    Examples
    --------
    >>> from neurolift.io.decomposition import Decomposition
    >>> fs, n = 1000, 10000
    >>> force = TimeSeries(np.interp(np.arange(n), [0, 2000, 8000, 10000], [0, 20, 20, 0]), fs, "%MVC")
    >>> d = Decomposition([np.arange(1000, 9001, 100)], fs, n, reference=force, sil=[0.95])
    >>> r = mu_properties(d)
    >>> u = r.units[0]
    >>> u.rt_pct_mvc, u.dr_steady_pps, u.cov_isi_all_pct
    (10.0, 10.0, 0.0)
    """
    where = "mu_properties"
    d = decomposition
    if d.n_units == 0:
        raise SignalError(
            f"{where}: the decomposition has no motor units ({d.filename or d.source})"
        )
    for name, v in (
        ("n_firings_threshold", n_firings_threshold),
        ("n_firings_rec_derec", n_firings_rec_derec),
        ("n_firings_steady", n_firings_steady),
        ("min_discharges", min_discharges),
    ):
        if int(v) != v or v < 1:
            raise InvalidParameterError(f"{where}: {name} must be an integer >= 1, got {v!r}")
    if n_firings_rec_derec < 2:
        raise InvalidParameterError(
            f"{where}: n_firings_rec_derec must be >= 2 (one interval needs two discharges)"
        )
    lo_r, hi_r = (float(x) for x in rate_range_pps)
    if not 0 <= lo_r < hi_r:
        raise InvalidParameterError(
            f"{where}: rate_range_pps must be (low, high) with 0 <= low < high, got {rate_range_pps!r}"
        )
    fs = d.sampling_rate
    warnings: list[str] = []
    ref = d.reference
    ref_unit = ref.unit if ref is not None else None
    ref_is_pct = ref_unit is not None and ref_unit.replace(" ", "").lower() in ("%mvc", "%")
    if mvc is not None:
        mvc = check_positive("mvc", mvc, where=where)
    if ref is None:
        warnings.append(
            "no force (reference) channel: recruitment thresholds, automatic steady "
            "window and force steadiness are not computed"
        )
    elif not ref_is_pct and mvc is None:
        warnings.append(
            f"reference is in {ref_unit} and no mvc given: thresholds reported in "
            f"{ref_unit} only (rt_n); %MVC thresholds need mvc"
        )
    ref_is_newton = ref_unit is not None and ref_unit.strip() == "N"
    if ref is not None and not ref_is_pct and not ref_is_newton:
        warnings.append(
            f"reference is in {ref_unit}, not N or %MVC: absolute thresholds (rt_n) are not "
            "reported; %MVC thresholds need mvc in the same unit"
        )
    f = ref.as_2d()[:, 0] if ref is not None else None
    # steady window in samples
    s_idx: int | None = None
    e_idx: int | None = None
    if steady is not None:
        s0, s1 = (float(x) for x in steady)
        if not 0 <= s0 < s1:
            raise InvalidParameterError(
                f"{where}: steady must be (start_s, end_s) with 0 <= start < end, got {steady!r}"
            )
        if s1 > d.duration + 1e-9:
            raise InvalidParameterError(
                f"{where}: steady end {s1:g} s is after the end of the recording ({d.duration:g} s)"
            )
        s_idx, e_idx = int(round(s0 * fs)), int(round(s1 * fs))
    elif ref is not None:
        s_idx, e_idx = mu_steady_window(ref)
    else:
        warnings.append("no steady window: give steady=(start_s, end_s) for steady-phase rates")
    units: list[UnitProperties] = []
    nr = int(n_firings_rec_derec)
    ns = int(n_firings_steady)
    nt = int(n_firings_threshold)
    for i, (name, p) in enumerate(zip(d.unit_names, d.discharges, strict=True)):
        n = p.size
        reasons: list[str] = []
        vals: dict[str, Any] = dict.fromkeys(
            (
                "rt_pct_mvc",
                "dert_pct_mvc",
                "rt_n",
                "dert_n",
                "dr_rec_pps",
                "dr_derec_pps",
                "dr_start_steady_pps",
                "dr_end_steady_pps",
                "dr_steady_pps",
                "dr_all_pps",
                "cov_isi_rec_pct",
                "cov_isi_derec_pct",
                "cov_isi_steady_pct",
                "cov_isi_all_pct",
                "dr_var_rec_pct",
                "dr_var_derec_pct",
                "dr_var_steady_pct",
                "dr_var_all_pct",
                "sil",
                "pnr_db",
            )
        )
        if n == 0:
            reasons.append("no discharges")
        if n > 0 and f is not None:
            rt = float(f[p[:nt]].mean())
            dert = float(f[p[-nt:]].mean())
            if ref_is_pct:
                vals["rt_pct_mvc"], vals["dert_pct_mvc"] = rt, dert
                if mvc is not None:
                    vals["rt_n"], vals["dert_n"] = rt * mvc / 100, dert * mvc / 100
            else:
                if ref_is_newton:
                    vals["rt_n"], vals["dert_n"] = rt, dert
                if mvc is not None:
                    vals["rt_pct_mvc"], vals["dert_pct_mvc"] = rt / mvc * 100, dert / mvc * 100
        if n >= 2:
            isi = np.diff(p).astype(np.float64)
            idr = fs / isi  # idr[k-1] belongs to discharge k
            vals["dr_all_pps"] = float(idr.mean())
            vals["cov_isi_all_pct"] = _cov(isi)
            vals["dr_var_all_pct"] = _cov(idr)
            if n >= nr:
                vals["dr_rec_pps"] = float(idr[: nr - 1].mean())
                vals["dr_derec_pps"] = float(idr[-(nr - 1) :].mean())
                vals["cov_isi_rec_pct"] = _cov(isi[: nr - 1])
                vals["cov_isi_derec_pct"] = _cov(isi[-(nr - 1) :])
                vals["dr_var_rec_pct"] = _cov(idr[: nr - 1])
                vals["dr_var_derec_pct"] = _cov(idr[-(nr - 1) :])
            else:
                reasons.append(f"{n} discharges < n_firings_rec_derec={nr}")
            if s_idx is not None and e_idx is not None:
                inside = np.flatnonzero((p >= s_idx) & (p <= e_idx))
                if inside.size:
                    ii = int(inside[0])
                    after = np.flatnonzero(p >= e_idx)
                    jj = int(after[0]) if after.size else n - 1
                    # IDR of discharge k is idr[k-1]
                    vals["dr_steady_pps"] = _mean(idr[ii:jj])
                    vals["dr_start_steady_pps"] = _mean(idr[ii : min(ii + ns, n - 1)])
                    vals["dr_end_steady_pps"] = _mean(idr[max(jj - ns, 0) : jj])
                    k = inside[inside >= 1]
                    vals["cov_isi_steady_pct"] = _cov(isi[k - 1])
                    vals["dr_var_steady_pct"] = _cov(idr[k - 1])
                else:
                    reasons.append("no discharge in the steady window")
            median_rate = float(np.median(idr))
            if not lo_r <= median_rate <= hi_r:
                reasons.append(
                    f"median discharge rate {median_rate:.1f} pps outside {lo_r:g}-{hi_r:g} pps"
                )
        elif n == 1:
            reasons.append("a single discharge: no discharge rate")
        if n < int(min_discharges) and n > 0:
            reasons.append(f"{n} discharge(s) < min_discharges={int(min_discharges)}")
        sil = d.sil[i] if d.sil is not None else None
        if d.pulse_trains is not None and n >= 1 and quality:
            sil = mu_sil(d.pulse_trains[:, i], p)
        vals["sil"] = _f(sil)
        if d.pulse_trains is not None and n >= 2 and quality:
            try:
                vals["pnr_db"] = mu_pnr(d.pulse_trains[:, i], p)
            except SignalError:
                vals["pnr_db"] = None
        if min_sil is not None and vals["sil"] is not None and vals["sil"] < min_sil:
            reasons.append(f"SIL {vals['sil']:.3f} < {min_sil:g}")
        if (
            max_cov_isi_pct is not None
            and vals["cov_isi_steady_pct"] is not None
            and vals["cov_isi_steady_pct"] > max_cov_isi_pct
        ):
            reasons.append(
                f"COV_ISI_steady {vals['cov_isi_steady_pct']:.1f} % > {max_cov_isi_pct:g} %"
            )
        accepted = not reasons
        if reasons:
            warnings.append(f"unit {name} rejected: " + "; ".join(reasons))
        units.append(
            UnitProperties(
                unit=name,
                index=i,
                n_discharges=int(n),
                first_discharge_s=float(p[0] / fs) if n else None,
                last_discharge_s=float(p[-1] / fs) if n else None,
                **{k: _f(v) for k, v in vals.items()},
                accepted=accepted,
                rejection="; ".join(reasons) or None,
            )
        )
    good = [u for u in units if u.accepted]
    cov_force = mean_force = None
    if f is not None and s_idx is not None and e_idx is not None:
        seg = f[s_idx : e_idx + 1]
        if seg.size >= 2 and seg.mean() != 0:
            cov_force = float(seg.std(ddof=1) / seg.mean() * 100)
            mean_force = (
                float(seg.mean())
                if ref_is_pct
                else (float(seg.mean() / mvc * 100) if mvc else None)
            )
    slope = intercept = r2 = None
    pts = [
        (u.rt_pct_mvc, u.dr_steady_pps)
        for u in good
        if u.rt_pct_mvc is not None and u.dr_steady_pps is not None
    ]
    if len(pts) >= 3:
        x, y = np.array(pts).T
        if np.ptp(x) > 0:
            b, a = np.polyfit(x, y, 1)
            pred = a + b * x
            ss = float(np.sum((y - y.mean()) ** 2))
            slope, intercept = float(b), float(a)
            r2 = 1 - float(np.sum((y - pred) ** 2)) / ss if ss > 0 else None
    elif f is not None:
        warnings.append(
            f"DR-RT slope needs >= 3 accepted units with RT and steady DR, got {len(pts)}"
        )
    steady_rates = [u.dr_steady_pps for u in good if u.dr_steady_pps is not None]
    return MUPropertiesResult(
        n_units=d.n_units,
        n_units_accepted=len(good),
        sampling_rate_hz=fs,
        steady_start_s=s_idx / fs if s_idx is not None else None,
        steady_end_s=e_idx / fs if e_idx is not None else None,
        mvc_n=mvc,
        reference_unit=ref_unit,
        force_cov_steady_pct=cov_force,
        mean_force_steady_pct_mvc=mean_force,
        dr_rt_slope_pps_per_pct_mvc=slope,
        dr_rt_intercept_pps=intercept,
        dr_rt_r2=r2,
        mean_dr_steady_pps=float(np.mean(steady_rates)) if steady_rates else None,
        units=units,
        method={
            "name": "openhdemg-0.1.2-compatible",
            "n_firings_threshold": nt,
            "n_firings_rec_derec": nr,
            "n_firings_steady": ns,
            "steady": "given"
            if steady is not None
            else ("auto: median>=90%max, >95% plateau, trim 0.5 s" if ref is not None else None),
            "steady_samples": [s_idx, e_idx],
            "min_discharges": int(min_discharges),
            "rate_range_pps": [lo_r, hi_r],
            "min_sil": min_sil,
            "max_cov_isi_pct": max_cov_isi_pct,
            "source": d.source,
            "filename": d.filename,
        },
        warnings=warnings,
    )


# -- plots -------------------------------------------------------------------------------------
def _figure(figsize: tuple[float, float]):  # type: ignore[no-untyped-def]
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    return Figure(figsize=figsize, layout="constrained")


def mu_plot_raster(decomposition: Decomposition):  # type: ignore[no-untyped-def]
    """Raster of discharges (one row per unit) over the force signal; returns a matplotlib Figure.

    Examples
    --------
    >>> from neurolift.io.decomposition import Decomposition
    >>> fig = mu_plot_raster(Decomposition([np.array([10, 50])], 100, 100))
    >>> len(fig.axes)
    1
    """
    d = decomposition
    fig = _figure((8, 4))
    ax = fig.add_subplot()
    for i, p in enumerate(d.discharges):
        ax.vlines(p / d.sampling_rate, i + 0.6, i + 1.4, lw=0.6, color="k")
    ax.set_yticks(range(1, d.n_units + 1), d.unit_names)
    ax.set_xlabel("time (s)")
    ax.set_ylabel("motor unit")
    if d.reference is not None:
        ax2 = ax.twinx()
        ax2.plot(d.reference.times, d.reference.as_2d()[:, 0], color="tab:orange", lw=1)
        ax2.set_ylabel(f"force ({d.reference.unit})")
    ax.set_title("Discharges over force")
    return fig


def mu_plot_discharge_rates(decomposition: Decomposition):  # type: ignore[no-untyped-def]
    """Instantaneous (dots) and smoothed (400 ms Hann, line) discharge rate of every unit (Figure).

    Examples
    --------
    >>> from neurolift.io.decomposition import Decomposition
    >>> fig = mu_plot_discharge_rates(Decomposition([np.array([10, 50, 80])], 100, 100))
    >>> fig.axes[0].get_ylabel()
    'discharge rate (pps)'
    """
    d = decomposition
    fig = _figure((8, 4))
    ax = fig.add_subplot()
    from neurolift.motorunits.spiketrains import mu_smoothed_rate

    smooth = mu_smoothed_rate(d.discharges, sampling_rate=d.sampling_rate, n_samples=d.n_samples)
    t = np.arange(d.n_samples) / d.sampling_rate
    for j, (name, p) in enumerate(zip(d.unit_names, d.discharges, strict=True)):
        if p.size >= 2:
            (dots,) = ax.plot(
                p[1:] / d.sampling_rate, d.sampling_rate / np.diff(p), ".", ms=3, label=name
            )
            span = slice(int(p[0]), int(p[-1]) + 1)
            ax.plot(t[span], smooth[span, j], "-", lw=1, color=dots.get_color())
    ax.set_xlabel("time (s)")
    ax.set_ylabel("discharge rate (pps)")
    if d.n_units:
        ax.legend(fontsize="small", ncols=min(d.n_units, 6))
    return fig


def mu_plot_rt_dr(result: MUPropertiesResult):  # type: ignore[no-untyped-def]
    """Recruitment threshold vs steady discharge rate, with the fitted onion-skin line (Figure).

    Examples
    --------
    >>> from neurolift.io.decomposition import Decomposition
    >>> fs, n = 1000, 10000
    >>> force = TimeSeries(np.interp(np.arange(n), [0, 2000, 8000, 10000], [0, 20, 20, 0]), fs, "%MVC")
    >>> r = mu_properties(Decomposition([np.arange(1000, 9001, 100)], fs, n, reference=force))
    >>> mu_plot_rt_dr(r).axes[0].get_xlabel()
    'recruitment threshold (%MVC)'
    """
    fig = _figure((5, 4))
    ax = fig.add_subplot()
    for u in result.units:
        if u.rt_pct_mvc is None or u.dr_steady_pps is None:
            continue
        ax.plot(
            u.rt_pct_mvc,
            u.dr_steady_pps,
            "o" if u.accepted else "x",
            color="k" if u.accepted else "tab:red",
        )
        ax.annotate(
            u.unit,
            (u.rt_pct_mvc, u.dr_steady_pps),
            fontsize=7,
            xytext=(3, 3),
            textcoords="offset points",
        )
    if result.dr_rt_slope_pps_per_pct_mvc is not None and result.dr_rt_intercept_pps is not None:
        xs = np.array(
            [u.rt_pct_mvc for u in result.units if u.accepted and u.rt_pct_mvc is not None]
        )
        xx = np.linspace(xs.min(), xs.max(), 2)
        ax.plot(
            xx,
            result.dr_rt_intercept_pps + result.dr_rt_slope_pps_per_pct_mvc * xx,
            "--",
            label=f"slope {result.dr_rt_slope_pps_per_pct_mvc:.3f} pps/%MVC",
        )
        ax.legend(fontsize="small")
    ax.set_xlabel("recruitment threshold (%MVC)")
    ax.set_ylabel("steady discharge rate (pps)")
    return fig
