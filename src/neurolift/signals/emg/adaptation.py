"""Neural versus muscular share of a strength gain (Moritani & deVries 1979)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from neurolift._results import Result
from neurolift._validation import check_choice
from neurolift.errors import InvalidParameterError, SignalError

__all__ = ["MoritaniDeVriesResult", "emg_moritani_devries"]


@dataclass(frozen=True)
class MoritaniDeVriesResult(Result):
    """Split of a strength gain into a neural and a muscular part.

    Forces are in the unit of the input (N, or N*m for torque: the field names say ``_n``);
    EMG amplitudes are in ``emg_unit`` (absolute, e.g. V or mV — not %MVC, see Notes of
    :func:`emg_moritani_devries`). Slopes are force per unit EMG.
    """

    pre_max_force_n: float
    post_max_force_n: float
    pre_max_emg: float
    post_max_emg: float
    pre_slope_n_per_emg: float
    post_slope_n_per_emg: float
    pre_intercept_n: float
    post_intercept_n: float
    strength_gain_n: float
    strength_gain_pct: float
    neural_gain_n: float
    muscular_gain_n: float
    neural_share_pct: float
    muscular_share_pct: float
    emg_unit: str
    method: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _as_pairs(emg: Any, force: Any, label: str) -> tuple[np.ndarray, np.ndarray]:
    where = "emg_moritani_devries"
    e = np.asarray(emg, dtype=np.float64).ravel()
    f = np.asarray(force, dtype=np.float64).ravel()
    if e.shape != f.shape:
        raise InvalidParameterError(
            f"{where}: {label}_emg has {e.size} value(s) but {label}_force has {f.size}; "
            "give one EMG amplitude per force level"
        )
    if e.size < 1:
        raise SignalError(f"{where}: {label} data are empty")
    if not (np.isfinite(e).all() and np.isfinite(f).all()):
        raise SignalError(f"{where}: {label} data contain NaN/inf")
    if (e <= 0).any():
        raise InvalidParameterError(
            f"{where}: {label}_emg must be > 0 (absolute amplitude, e.g. RMS in V), got min {e.min():g}"
        )
    if (f <= 0).any():
        raise InvalidParameterError(f"{where}: {label}_force must be > 0, got min {f.min():g}")
    return e, f


def _fit(e: np.ndarray, f: np.ndarray, fit: str, label: str) -> tuple[float, float]:
    """Force = intercept + slope * EMG."""
    if fit == "origin" or e.size == 1:
        return float(np.dot(e, f) / np.dot(e, e)), 0.0
    if np.ptp(e) == 0:
        raise SignalError(
            f"emg_moritani_devries: {label}_emg has a single EMG level; a 'linear' fit needs "
            "at least two different levels (use fit='origin')"
        )
    slope, intercept = np.polyfit(e, f, 1)
    return float(slope), float(intercept)


def emg_moritani_devries(
    pre_emg: Any,
    pre_force: Any,
    post_emg: Any,
    post_force: Any,
    *,
    fit: Literal["origin", "linear"] = "origin",
    emg_unit: str = "V",
) -> MoritaniDeVriesResult:
    """Split a strength gain into neural and muscular shares (Moritani & deVries method).

    Each session gives pairs (EMG amplitude, force) measured at several submaximal levels and
    at the maximal voluntary contraction (MVC); the pair with the largest force is taken as the
    MVC. The force-EMG relation ``F = a + b * E`` is fitted per session (``fit="origin"``:
    ``a = 0``, the classic line through the origin; ``"linear"``: free intercept). With
    ``E_pre``, ``E_post`` the EMG at MVC and ``F_pre(E)``, ``F_post(E)`` the two lines:

    * neural gain    = ``F_pre(E_post) - F_pre(E_pre)`` — more activation, moving out along the
      pre-training line;
    * muscular gain  = ``F_post(E_post) - F_pre(E_post)`` — more force for the same activation
      (the line rotates / shifts: hypertrophy, or better force per unit EMG);

    and ``neural + muscular = F_post(E_post) - F_pre(E_pre)`` exactly (the strength gain
    measured on the fitted lines). Shares are percentages of that gain; when a part is negative
    (e.g. less EMG after training) the shares leave [0, 100] and a warning says so.

    Parameters
    ----------
    pre_emg, pre_force : array_like, shape (n,)
        Before training: EMG amplitude (absolute, e.g. RMS or iEMG in ``emg_unit``) and the force
        (N, or torque in N*m) at the same contractions; one pair per level, MVC included.
    post_emg, post_force : array_like, shape (m,)
        The same after training, same electrode site and amplitude measure.
    fit : {"origin", "linear"}
        Force-EMG line through the origin (default; works with the MVC pair alone) or with a
        free intercept (needs two different EMG levels per session).
    emg_unit : str
        Unit of the EMG amplitudes, carried into the result.

    Returns
    -------
    MoritaniDeVriesResult
        Maximal forces and EMG, fitted slopes/intercepts, gain in N and %, neural and muscular
        parts in N and as % of the gain.

    Notes
    -----
    EMG must be *absolute*: normalising each session to its own MVC EMG makes ``E_pre =
    E_post = 100 %`` and sends the whole gain to the muscular side.

    References
    ----------
    .. [1] Moritani T, deVries HA (1979). Neural factors versus hypertrophy in the time course
       of muscle strength gain. Am J Phys Med 58(3):115-130.

    Examples
    --------
    Pre: 1 N per uV; post: MVC EMG up 20 % and force per EMG up 10 %:

    >>> r = emg_moritani_devries([50e-6, 100e-6], [50e-6 * 1e6, 100.0],
    ...                          [60e-6, 120e-6], [66.0, 132.0])
    >>> round(r.strength_gain_n, 6), round(r.neural_gain_n, 6), round(r.muscular_gain_n, 6)
    (32.0, 20.0, 12.0)
    >>> round(r.neural_share_pct, 3), round(r.muscular_share_pct, 3)
    (62.5, 37.5)
    """
    check_choice("fit", fit, ("origin", "linear"), where="emg_moritani_devries")
    e0, f0 = _as_pairs(pre_emg, pre_force, "pre")
    e1, f1 = _as_pairs(post_emg, post_force, "post")
    b0, a0 = _fit(e0, f0, fit, "pre")
    b1, a1 = _fit(e1, f1, fit, "post")
    i0, i1 = int(np.argmax(f0)), int(np.argmax(f1))
    emax0, emax1 = float(e0[i0]), float(e1[i1])
    fpre_at_pre = a0 + b0 * emax0
    fpre_at_post = a0 + b0 * emax1
    fpost_at_post = a1 + b1 * emax1
    neural = fpre_at_post - fpre_at_pre
    muscular = fpost_at_post - fpre_at_post
    gain = neural + muscular
    warnings: list[str] = []
    if fit == "origin" and (e0.size > 1 or e1.size > 1):
        for label, e, f, b in (("pre", e0, f0, b0), ("post", e1, f1, b1)):
            if e.size > 2:
                resid = f - b * e
                ss = float(np.sum((f - f.mean()) ** 2))
                r2 = 1 - float(np.sum(resid**2)) / ss if ss > 0 else 1.0
                if r2 < 0.8:
                    warnings.append(
                        f"{label}: force-EMG line through the origin fits poorly (r^2 = {r2:.2f}); "
                        "consider fit='linear'"
                    )
    if abs(gain) < 1e-12 * max(abs(fpre_at_pre), 1.0):
        raise SignalError(
            "emg_moritani_devries: no strength change between pre and post "
            f"({fpre_at_pre:g} vs {fpost_at_post:g}); the shares are undefined"
        )
    if gain < 0:
        warnings.append("strength decreased: the shares are fractions of a loss")
    neural_pct = 100.0 * neural / gain
    muscular_pct = 100.0 * muscular / gain
    if not (0.0 <= neural_pct <= 100.0):
        warnings.append(
            f"neural and muscular parts have opposite signs (neural {neural:+.4g}, muscular "
            f"{muscular:+.4g}); shares lie outside 0-100 %"
        )
    return MoritaniDeVriesResult(
        pre_max_force_n=float(f0[i0]),
        post_max_force_n=float(f1[i1]),
        pre_max_emg=emax0,
        post_max_emg=emax1,
        pre_slope_n_per_emg=b0,
        post_slope_n_per_emg=b1,
        pre_intercept_n=a0,
        post_intercept_n=a1,
        strength_gain_n=gain,
        strength_gain_pct=100.0 * gain / fpre_at_pre,
        neural_gain_n=neural,
        muscular_gain_n=muscular,
        neural_share_pct=neural_pct,
        muscular_share_pct=muscular_pct,
        emg_unit=emg_unit,
        method={
            "name": "moritani_devries_1979",
            "fit": fit,
            "mvc_pair": "largest force of each session",
        },
        warnings=warnings,
    )
