"""Per-unit and pool properties of decomposed motor units.

Definitions follow openhdemg 0.1.2 (Valli et al. 2024) so numbers are comparable, and are
spelled out in :func:`mu_properties`. Everything works on a
:class:`~neurolift.io.decomposition.Decomposition`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from neurolift._results import Result
from neurolift._validation import check_positive
from neurolift.errors import InvalidParameterError, SignalError
from neurolift.io.decomposition import Decomposition
from neurolift.motorunits.quality import mu_pnr, mu_sil
from neurolift.motorunits.reference import mu_steady_window

__all__ = ["MUPropertiesResult", "UnitProperties", "mu_properties"]


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
        Compute SIL/PNR from the pulse trains (False: use the SIL and PNR stored with the
        decomposition, e.g. by :func:`~neurolift.motorunits.mu_decompose`).

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
    >>> from neurolift.timeseries import TimeSeries
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
    counts = _Counts.checked(
        n_firings_threshold, n_firings_rec_derec, n_firings_steady, min_discharges, where
    )
    rate_range = _rate_range(rate_range_pps, where)
    if mvc is not None:
        mvc = check_positive("mvc", mvc, where=where)
    warnings: list[str] = []
    ref = _Reference.of(d, mvc, warnings)
    window = _steady_samples(d, steady, warnings, where)
    gates = _Gates(int(min_discharges), rate_range, min_sil, max_cov_isi_pct)
    units = [
        _unit_properties(d, i, ref, mvc, window, counts, gates, quality) for i in range(d.n_units)
    ]
    warnings += [f"unit {u.unit} rejected: {u.rejection}" for u in units if not u.accepted]
    pool = _pool_metrics(units, ref, mvc, window, warnings)
    fs = d.sampling_rate
    s_idx, e_idx = window
    return MUPropertiesResult(
        n_units=d.n_units,
        n_units_accepted=sum(u.accepted for u in units),
        sampling_rate_hz=fs,
        steady_start_s=s_idx / fs if s_idx is not None else None,
        steady_end_s=e_idx / fs if e_idx is not None else None,
        mvc_n=mvc,
        reference_unit=ref.unit,
        **pool,
        units=units,
        method={
            "name": "openhdemg-0.1.2-compatible",
            "n_firings_threshold": counts.threshold,
            "n_firings_rec_derec": counts.rec_derec,
            "n_firings_steady": counts.steady,
            "steady": "given"
            if steady is not None
            else (
                "auto: median>=90%max, >95% plateau, trim 0.5 s"
                if d.reference is not None
                else None
            ),
            "steady_samples": [s_idx, e_idx],
            "min_discharges": int(min_discharges),
            "rate_range_pps": list(rate_range),
            "min_sil": min_sil,
            "max_cov_isi_pct": max_cov_isi_pct,
            "source": d.source,
            "filename": d.filename,
        },
        warnings=warnings,
    )


# -- the parts of mu_properties ------------------------------------------------------------------
@dataclass(frozen=True)
class _Counts:
    """Discharge counts of the definitions: thresholds, recruitment/derecruitment, steady."""

    threshold: int
    rec_derec: int
    steady: int

    @classmethod
    def checked(
        cls, threshold: int, rec_derec: int, steady: int, min_discharges: int, where: str
    ) -> _Counts:
        for name, v in (
            ("n_firings_threshold", threshold),
            ("n_firings_rec_derec", rec_derec),
            ("n_firings_steady", steady),
            ("min_discharges", min_discharges),
        ):
            if int(v) != v or v < 1:
                raise InvalidParameterError(f"{where}: {name} must be an integer >= 1, got {v!r}")
        if rec_derec < 2:
            raise InvalidParameterError(
                f"{where}: n_firings_rec_derec must be >= 2 (one interval needs two discharges)"
            )
        return cls(int(threshold), int(rec_derec), int(steady))


def _rate_range(rate_range_pps: tuple[float, float], where: str) -> tuple[float, float]:
    lo, hi = (float(x) for x in rate_range_pps)
    if not 0 <= lo < hi:
        raise InvalidParameterError(
            f"{where}: rate_range_pps must be (low, high) with 0 <= low < high, got {rate_range_pps!r}"
        )
    return lo, hi


@dataclass(frozen=True)
class _Gates:
    """Quality gates a unit must pass to be accepted."""

    min_discharges: int
    rate_range: tuple[float, float]
    min_sil: float | None
    max_cov_isi_pct: float | None


@dataclass(frozen=True)
class _Reference:
    """The force channel as one array, and what its unit allows (%MVC, N or neither)."""

    force: np.ndarray | None
    unit: str | None
    is_pct: bool
    is_newton: bool

    @classmethod
    def of(cls, d: Decomposition, mvc: float | None, warnings: list[str]) -> _Reference:
        ref = d.reference
        unit = ref.unit if ref is not None else None
        is_pct = unit is not None and unit.replace(" ", "").lower() in ("%mvc", "%")
        is_newton = unit is not None and unit.strip() == "N"
        if ref is None:
            warnings.append(
                "no force (reference) channel: recruitment thresholds, automatic steady "
                "window and force steadiness are not computed"
            )
        elif not is_pct and mvc is None:
            warnings.append(
                f"reference is in {unit} and no mvc given: thresholds reported in "
                f"{unit} only (rt_n); %MVC thresholds need mvc"
            )
        if ref is not None and not is_pct and not is_newton:
            warnings.append(
                f"reference is in {unit}, not N or %MVC: absolute thresholds (rt_n) are not "
                "reported; %MVC thresholds need mvc in the same unit"
            )
        force = ref.as_2d()[:, 0] if ref is not None else None
        return cls(force, unit, is_pct, is_newton)


Window = tuple[int | None, int | None]


def _steady_samples(
    d: Decomposition, steady: tuple[float, float] | None, warnings: list[str], where: str
) -> Window:
    """The steady window in samples (inclusive): given in seconds, or from the force plateau."""
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
        return int(round(s0 * d.sampling_rate)), int(round(s1 * d.sampling_rate))
    if d.reference is not None:
        return mu_steady_window(d.reference)
    warnings.append("no steady window: give steady=(start_s, end_s) for steady-phase rates")
    return None, None


_VALUES = (
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


def _thresholds(p: np.ndarray, ref: _Reference, mvc: float | None, nt: int) -> dict[str, Any]:
    """RT and DERT: the force at the first and last ``nt`` discharges, in %MVC and in N."""
    if p.size == 0 or ref.force is None:
        return {}
    rt, dert = float(ref.force[p[:nt]].mean()), float(ref.force[p[-nt:]].mean())
    vals: dict[str, Any] = {}
    if ref.is_pct:
        vals["rt_pct_mvc"], vals["dert_pct_mvc"] = rt, dert
        if mvc is not None:
            vals["rt_n"], vals["dert_n"] = rt * mvc / 100, dert * mvc / 100
    else:
        if ref.is_newton:
            vals["rt_n"], vals["dert_n"] = rt, dert
        if mvc is not None:
            vals["rt_pct_mvc"], vals["dert_pct_mvc"] = rt / mvc * 100, dert / mvc * 100
    return vals


def _rates(
    p: np.ndarray, fs: float, counts: _Counts, window: Window, reasons: list[str]
) -> dict[str, Any]:
    """Discharge rates and ISI variability: at recruitment/derecruitment, steady, whole train."""
    n = p.size
    isi = np.diff(p).astype(np.float64)
    idr = fs / isi  # idr[k-1] belongs to discharge k
    vals: dict[str, Any] = {
        "dr_all_pps": float(idr.mean()),
        "cov_isi_all_pct": _cov(isi),
        "dr_var_all_pct": _cov(idr),
    }
    nr, ns = counts.rec_derec, counts.steady
    if n >= nr:
        vals["dr_rec_pps"] = float(idr[: nr - 1].mean())
        vals["dr_derec_pps"] = float(idr[-(nr - 1) :].mean())
        vals["cov_isi_rec_pct"] = _cov(isi[: nr - 1])
        vals["cov_isi_derec_pct"] = _cov(isi[-(nr - 1) :])
        vals["dr_var_rec_pct"] = _cov(idr[: nr - 1])
        vals["dr_var_derec_pct"] = _cov(idr[-(nr - 1) :])
    else:
        reasons.append(f"{n} discharges < n_firings_rec_derec={nr}")
    s_idx, e_idx = window
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
    return vals


def _unit_properties(
    d: Decomposition,
    i: int,
    ref: _Reference,
    mvc: float | None,
    window: Window,
    counts: _Counts,
    gates: _Gates,
    quality: bool,
) -> UnitProperties:
    """Every value of one unit, and whether it passes the quality gates (and why not)."""
    name, p = d.unit_names[i], d.discharges[i]
    n = p.size
    fs = d.sampling_rate
    reasons: list[str] = []
    vals: dict[str, Any] = dict.fromkeys(_VALUES)
    if n == 0:
        reasons.append("no discharges")
    vals.update(_thresholds(p, ref, mvc, counts.threshold))
    if n >= 2:
        vals.update(_rates(p, fs, counts, window, reasons))
        median_rate = float(np.median(fs / np.diff(p).astype(np.float64)))
        lo, hi = gates.rate_range
        if not lo <= median_rate <= hi:
            reasons.append(f"median discharge rate {median_rate:.1f} pps outside {lo:g}-{hi:g} pps")
    elif n == 1:
        reasons.append("a single discharge: no discharge rate")
    if 0 < n < gates.min_discharges:
        reasons.append(f"{n} discharge(s) < min_discharges={gates.min_discharges}")
    sil = d.sil[i] if d.sil is not None else None
    if d.pulse_trains is not None and n >= 1 and quality:
        sil = mu_sil(d.pulse_trains[:, i], p)
    vals["sil"] = _f(sil)
    if d.pulse_trains is not None and n >= 2 and quality:
        try:
            vals["pnr_db"] = mu_pnr(d.pulse_trains[:, i], p)
        except SignalError:
            vals["pnr_db"] = None
    elif d.pnr_db is not None:  # stored by the decomposition (units.json)
        vals["pnr_db"] = _f(d.pnr_db[i])
    if gates.min_sil is not None and vals["sil"] is not None and vals["sil"] < gates.min_sil:
        reasons.append(f"SIL {vals['sil']:.3f} < {gates.min_sil:g}")
    cov_steady = vals["cov_isi_steady_pct"]
    if (
        gates.max_cov_isi_pct is not None
        and cov_steady is not None
        and cov_steady > gates.max_cov_isi_pct
    ):
        reasons.append(f"COV_ISI_steady {cov_steady:.1f} % > {gates.max_cov_isi_pct:g} %")
    return UnitProperties(
        unit=name,
        index=i,
        n_discharges=int(n),
        first_discharge_s=float(p[0] / fs) if n else None,
        last_discharge_s=float(p[-1] / fs) if n else None,
        **{k: _f(v) for k, v in vals.items()},
        accepted=not reasons,
        rejection="; ".join(reasons) or None,
    )


def _pool_metrics(
    units: list[UnitProperties],
    ref: _Reference,
    mvc: float | None,
    window: Window,
    warnings: list[str],
) -> dict[str, Any]:
    """Force steadiness in the steady window, the DR-RT line and the mean steady rate of the
    accepted units."""
    good = [u for u in units if u.accepted]
    f = ref.force
    s_idx, e_idx = window
    cov_force = mean_force = None
    if f is not None and s_idx is not None and e_idx is not None:
        seg = f[s_idx : e_idx + 1]
        if seg.size >= 2 and seg.mean() != 0:
            cov_force = float(seg.std(ddof=1) / seg.mean() * 100)
            mean_force = (
                float(seg.mean())
                if ref.is_pct
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
    return {
        "force_cov_steady_pct": cov_force,
        "mean_force_steady_pct_mvc": mean_force,
        "dr_rt_slope_pps_per_pct_mvc": slope,
        "dr_rt_intercept_pps": intercept,
        "dr_rt_r2": r2,
        "mean_dr_steady_pps": float(np.mean(steady_rates)) if steady_rates else None,
    }
