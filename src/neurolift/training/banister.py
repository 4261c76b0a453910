"""Banister fitness-fatigue model (fitted per athlete, for what-if planning) and EWMA load.

The impulse-response model (Banister et al. 1975) predicts performance on day ``t`` from the
daily training loads ``w`` of the days before:

    p(t) = p0 + k1 * sum_{s<t} w(s) exp(-(t-s)/tau1) - k2 * sum_{s<t} w(s) exp(-(t-s)/tau2)

with a slow "fitness" (``tau1``, conventionally 42 d) and a fast "fatigue" (``tau2``, 7 d) term.
It is a **model**: its parameters are poorly identified from few tests, and optimising loads
under it does not reproduce real taper practice (Ceddia et al. 2025). Use it to draw
fitness/fatigue curves and to compare taper what-ifs, not as a prediction of the meet.

EWMA load (Williams et al. 2017): ``EWMA_t = lam * w_t + (1 - lam) * EWMA_{t-1}`` with
``lam = 2 / (N + 1)``, N = 7 (acute) and 28 (chronic) days. It is shown as training-load context
only - the acute:chronic ratio is not an injury predictor (Impellizzeri et al. 2020).

References
----------
Banister EW et al. (1975). A systems model of training for athletic performance. Aust J Sports
Med 7:57-61.
Busso T (2003). Variable dose-response relationship between exercise training and performance.
Med Sci Sports Exerc 35:1188-1195.
Williams S et al. (2017). Better way to determine the acute:chronic workload ratio? Br J Sports
Med 51:209-210.
Impellizzeri FM et al. (2020). Acute:chronic workload ratio: conceptual issues and fundamental
pitfalls. Int J Sports Physiol Perform 15:907-913.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.optimize import least_squares

from neurolift._deprecation import deprecated_alias
from neurolift._results import Result
from neurolift._validation import check_positive
from neurolift.errors import InvalidParameterError, SignalError

__all__ = [
    "BanisterFit",
    "banister_simulate",
    "banister_fit",
    "banister_predict",
    "banister_whatif",
    "load_ewma",
]


def _loads(load: Any, where: str) -> np.ndarray:
    w = np.asarray(load, dtype=float).reshape(-1)
    if w.size == 0 or not np.all(np.isfinite(w)) or (w < 0).any():
        raise InvalidParameterError(
            f"{where}: load must be a non-empty series of finite values >= 0 (one per day)"
        )
    return w


def _kernel(w: np.ndarray, tau: float) -> np.ndarray:
    """sum_{s<t} w(s) exp(-(t-s)/tau) for every day t (load counts from the next day)."""
    out = np.zeros_like(w)
    decay = np.exp(-1.0 / tau)
    acc = 0.0
    for t in range(1, w.size):
        acc = acc * decay + w[t - 1] * decay
        out[t] = acc
    return out


def banister_simulate(
    load: Sequence[float] | npt.NDArray[Any],
    *,
    p0: float,
    k1: float = 1.0,
    k2: float = 2.0,
    tau1: float = 42.0,
    tau2: float = 7.0,
) -> dict[str, np.ndarray]:
    """Fitness, fatigue and performance for a daily load series.

    Parameters
    ----------
    load : sequence of float
        Daily training load (any consistent unit, e.g. session-RPE x min, or tonnage), >= 0.
    p0 : float
        Baseline performance (the unit of the performance test).
    k1, k2 : float
        Gains of fitness and fatigue (performance units per load unit).
    tau1, tau2 : float
        Time constants, days.

    Returns
    -------
    dict with ``fitness``, ``fatigue`` (already multiplied by their gains) and ``performance``.

    Examples
    --------
    >>> r = banister_simulate([100] + [0] * 9, p0=0, k1=1, k2=2, tau1=42, tau2=7)
    >>> round(float(r["performance"][1]), 1), round(float(r["performance"][9]), 1)
    (-75.7, 25.4)
    """
    where = "banister_simulate"
    w = _loads(load, where)
    for n, v in (("k1", k1), ("k2", k2), ("tau1", tau1), ("tau2", tau2)):
        check_positive(n, v, where=where)
    fit = k1 * _kernel(w, tau1)
    fat = k2 * _kernel(w, tau2)
    return {"fitness": fit, "fatigue": fat, "performance": float(p0) + fit - fat}


@dataclass(frozen=True)
class BanisterFit(Result):
    """Fitted Banister parameters for one athlete (labelled as a model)."""

    p0: float
    k1: float
    k2: float
    tau1_d: float
    tau2_d: float
    n_tests: int
    rmse: float
    r2: float | None
    label: str = "Banister fitness-fatigue MODEL (what-if planning, not a prediction)"
    method: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


def banister_fit(
    load: Sequence[float] | npt.NDArray[Any],
    performance: Sequence[float] | npt.NDArray[Any],
    *,
    tau_bounds: tuple[float, float] = (1.0, 80.0),
) -> BanisterFit:
    """Fit p0, k1, k2, tau1, tau2 to the test days of ``performance`` (NaN = no test that day).

    Least squares (scipy ``least_squares``, trust-region reflective) from several starts, with
    ``tau1 > tau2`` enforced by fitting ``tau2`` as a fraction of ``tau1``.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> w = rng.uniform(50, 150, 120) * (np.arange(120) % 7 < 5)
    >>> p = banister_simulate(w, p0=100, k1=0.10, k2=0.25, tau1=40, tau2=8)["performance"]
    >>> test = np.full(120, np.nan); test[::4] = p[::4]
    >>> f = banister_fit(w, test)
    >>> round(f.tau1_d), round(f.tau2_d), round(f.p0)
    (40, 8, 100)
    """
    where = "banister_fit"
    w = _loads(load, where)
    y = np.asarray(performance, dtype=float).reshape(-1)
    if y.shape != w.shape:
        raise InvalidParameterError(
            f"{where}: load and performance must have one value per day ({w.size} vs {y.size})"
        )
    if np.isinf(y).any():
        raise InvalidParameterError(
            f"{where}: performance contains inf; use NaN for days without a test"
        )
    idx = np.flatnonzero(np.isfinite(y))
    if idx.size < 6:
        raise SignalError(f"{where}: {idx.size} test day(s); need at least 6 to fit 5 parameters")
    lo_t, hi_t = tau_bounds
    if not 0 < lo_t < hi_t:
        raise InvalidParameterError(f"{where}: tau_bounds must be 0 < low < high, got {tau_bounds}")
    yt = y[idx]
    scale = max(np.std(yt), 1e-9)

    def resid(th: np.ndarray) -> np.ndarray:
        p0, k1, k2, t1, frac = th
        r = banister_simulate(w, p0=p0, k1=k1, k2=k2, tau1=t1, tau2=max(lo_t, frac * t1))
        return (r["performance"][idx] - yt) / scale

    best = None
    wmax = max(float(np.mean(w)), 1e-9)
    for t1 in (20.0, 42.0, 60.0):
        for frac in (0.1, 0.25, 0.5):
            x0 = np.array([yt[0], 0.1 * scale / wmax, 0.2 * scale / wmax, t1, frac])
            try:
                sol = least_squares(
                    resid,
                    x0,
                    bounds=([-np.inf, 0, 0, lo_t, 0.01], [np.inf, np.inf, np.inf, hi_t, 0.99]),
                    method="trf",
                    x_scale="jac",
                    max_nfev=400,
                )
            except ValueError:
                continue
            if best is None or sol.cost < best.cost:
                best = sol
    if best is None:
        raise SignalError(f"{where}: the fit did not converge")
    p0, k1, k2, t1, frac = best.x
    t2 = max(lo_t, frac * t1)
    pred = banister_simulate(w, p0=p0, k1=k1, k2=k2, tau1=t1, tau2=t2)["performance"][idx]
    res = yt - pred
    ss_tot = float(((yt - yt.mean()) ** 2).sum())
    warnings = [
        "a model: use for fitness/fatigue curves and what-if comparisons, not as a forecast"
    ]
    if idx.size < 15:
        warnings.append(f"{idx.size} tests for 5 parameters: the parameters are poorly identified")
    if t1 >= hi_t - 1e-6 or t1 <= lo_t + 1e-6:
        warnings.append(f"tau1 at its bound ({t1:.1f} d)")
    return BanisterFit(
        p0=float(p0),
        k1=float(k1),
        k2=float(k2),
        tau1_d=float(t1),
        tau2_d=float(t2),
        n_tests=int(idx.size),
        rmse=float(np.sqrt(np.mean(res**2))),
        r2=None if ss_tot == 0 else float(1 - (res**2).sum() / ss_tot),
        method={
            "optimizer": "scipy least_squares (trf), 9 starts",
            "tau_bounds_d": list(tau_bounds),
        },
        warnings=tuple(warnings),
    )


def banister_predict(fit: BanisterFit, load: Sequence[float] | npt.NDArray[Any]) -> np.ndarray:
    """Performance the fitted model gives for a (past + planned) daily load series."""
    return banister_simulate(
        load, p0=fit.p0, k1=fit.k1, k2=fit.k2, tau1=fit.tau1_d, tau2=fit.tau2_d
    )["performance"]


def banister_whatif(
    fit: BanisterFit,
    past_load: Sequence[float] | npt.NDArray[Any],
    *,
    horizon_days: int = 14,
    scenarios: dict[str, float] | None = None,
) -> list[dict[str, Any]]:
    """Modelled performance after ``horizon_days`` under load scenarios (a MODEL, not a forecast).

    Each scenario repeats the last 7 days' load pattern scaled by a factor: by default
    ``as_recent`` (x1.0), ``taper_50`` (x0.5, the Bosquet 2007 volume cut) and ``rest`` (x0).

    Examples
    --------
    >>> w = np.tile([100.0, 0, 100, 0, 100, 0, 0], 12)
    >>> f = BanisterFit(p0=100, k1=0.1, k2=0.3, tau1_d=40, tau2_d=7, n_tests=20, rmse=0, r2=1)
    >>> rows = banister_whatif(f, w)
    >>> [r["scenario"] for r in rows], rows[1]["change_pct"] > rows[0]["change_pct"]
    (['as_recent', 'taper_50', 'rest'], True)
    """
    where = "banister_whatif"
    w = _loads(past_load, where)
    if w.size < 7:
        raise InvalidParameterError(f"{where}: need at least 7 days of past load")
    if (
        isinstance(horizon_days, bool)
        or int(horizon_days) != horizon_days
        or not 1 <= horizon_days <= 120
    ):
        raise InvalidParameterError(
            f"{where}: horizon_days must be an integer in [1, 120], got {horizon_days!r}"
        )
    scen = scenarios if scenarios is not None else {"as_recent": 1.0, "taper_50": 0.5, "rest": 0.0}
    today = float(banister_predict(fit, np.r_[w, 0.0])[-1])
    pattern = w[-7:]
    rows = []
    for name, factor in scen.items():
        f = check_positive(f"scenario {name}", factor, where=where, allow_zero=True)
        future = np.resize(pattern, int(horizon_days)) * f
        perf = banister_predict(fit, np.r_[w, future, 0.0])
        end = float(perf[-1])
        rows.append(
            {
                "scenario": name,
                "load_factor": f,
                "horizon_days": int(horizon_days),
                "performance_today": today,
                "performance_end": end,
                "change_pct": (end / today - 1.0) * 100.0 if today != 0 else None,
                "label": "model",
            }
        )
    return rows


def load_ewma(load: Sequence[float] | npt.NDArray[Any], *, n_days: int) -> np.ndarray:
    """Exponentially weighted moving average of daily load, ``lam = 2 / (n_days + 1)``.

    Examples
    --------
    >>> np.round(load_ewma([100, 0, 0], n_days=7), 2).tolist()
    [25.0, 18.75, 14.06]
    """
    w = _loads(load, "load_ewma")
    if isinstance(n_days, bool) or int(n_days) != n_days or n_days < 1:
        raise InvalidParameterError(f"load_ewma: n_days must be a positive integer, got {n_days!r}")
    lam = 2.0 / (n_days + 1.0)
    out = np.empty_like(w)
    acc = 0.0
    for t, x in enumerate(w):
        acc = lam * x + (1 - lam) * acc
        out[t] = acc
    return out


# Former names (docs/naming.md): they still work, with a DeprecationWarning.
ewma_load = deprecated_alias(load_ewma, "ewma_load")
