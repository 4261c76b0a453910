"""Generic baseline statistics for athlete monitoring: any metric, any test.

Small and domain-free on purpose (the VBT readiness check and the training-system readiness
build on it):

* :func:`monitor_baseline` - mean and SD of the last ``window`` values (a rolling baseline that
  excludes today's value).
* :func:`monitor_typical_error` - typical error of measurement from test-retest pairs,
  ``SD(differences) / sqrt(2)`` (Hopkins 2000).
* :func:`monitor_between_athlete_sd` - the between-athlete SD of a squad (SD of one value per
  athlete), the basis of Hopkins' smallest worthwhile change.
* :func:`monitor_swc` - the smallest worthwhile change (SWC) and what it rests on: by default
  Hopkins' ``0.2 x between-athlete SD``; the athlete's own day-to-day SD is an *individual*
  option, named as such; with no squad (one athlete) the default falls back to it, says so in a
  warning and labels the result ``individual_fallback``.
* :func:`monitor_assess` - today's value against the baseline: z-score, change, SWC, smallest
  real change from the typical error, and a green / yellow / red status (z >= -1 green,
  -2 <= z < -1 yellow, z < -2 red, the flags used in GymAware team practice; the sign flips when
  lower values are better).

The smallest real change is ``1.645 x typical error``: 1.645 is the standard-normal quantile that
leaves 5 % in one tail, so the limit is two-sided 90 % (one-sided 95 %).

References
----------
Hopkins WG (2000). Measures of reliability in sports medicine and science. Sports Med 30:1-15.
Hopkins WG (2004). How to interpret changes in an athletic performance test. Sportscience 8:1-7
(smallest worthwhile change = 0.2 x the between-athlete SD).
Jovanovic M (2015). Velocity-based training: signal vs noise. complementarytraining.com
(smallest real change = 1.645 x the typical error).
Jovanovic M (2013). Daily monitoring with z-scores (yellow flag z -1 to -2, red below -2),
complementarytraining.blogspot.com/2013/02.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from neurolift._results import Result
from neurolift._validation import check_choice, check_positive, check_range
from neurolift.errors import InvalidParameterError, SignalError

__all__ = [
    "Baseline",
    "MonitorResult",
    "SMALLEST_REAL_CHANGE_LABEL",
    "SWC_BASES",
    "monitor_baseline",
    "monitor_between_athlete_sd",
    "monitor_swc",
    "monitor_swc_label",
    "monitor_typical_error",
    "monitor_assess",
]

Status = Literal["green", "yellow", "red"]
SwcBasis = Literal["between_athlete", "individual"]
#: What an SWC can rest on: Hopkins' between-athlete SD (the default), the athlete's own SD
#: (``individual``, asked for), the same because no squad SD was available
#: (``individual_fallback``), or a value the caller gave (``given``).
SWC_BASES: tuple[str, ...] = ("between_athlete", "individual", "individual_fallback", "given")
#: How the smallest real change is computed and what limit it is.
SMALLEST_REAL_CHANGE_LABEL = "1.645 x typical error: two-sided 90 % (one-sided 95 %) limit"
_SWC_LABEL = {
    "between_athlete": "{f:g} x between-athlete SD (Hopkins)",
    "individual": "{f:g} x the athlete's own SD (individual SWC, not Hopkins' between-athlete SWC)",
    "individual_fallback": "{f:g} x the athlete's own SD (fallback: no between-athlete SD, "
    "which needs a squad)",
    "given": "given",
}


@dataclass(frozen=True)
class Baseline(Result):
    """Rolling baseline: mean and SD (ddof 1) of the ``n`` most recent values."""

    mean: float
    sd: float
    n: int
    values: tuple[float, ...]


@dataclass(frozen=True)
class MonitorResult(Result):
    """Today's value against its rolling baseline.

    ``change`` and ``change_pct`` are today minus the baseline mean; ``z_score`` divides the
    change by the baseline SD; ``swc`` is the smallest worthwhile change and ``swc_basis`` what
    it rests on (one of :data:`SWC_BASES`); ``smallest_real_change`` is 1.645 x
    ``typical_error`` (a two-sided 90 %, i.e. one-sided 95 %, limit); ``meaningful`` is True when
    the change exceeds both. Units are those of the metric.
    """

    value: float
    baseline_mean: float
    baseline_sd: float
    n_baseline: int
    change: float
    change_pct: float | None
    z_score: float | None
    swc: float
    swc_basis: str
    typical_error: float | None
    smallest_real_change: float | None
    meaningful: bool
    direction: str
    status: str
    method: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


def _clean(values: Sequence[float], where: str, name: str) -> np.ndarray:
    x = np.asarray(values, dtype=float).reshape(-1)
    if not np.all(np.isfinite(x)):
        raise InvalidParameterError(f"{where}: {name} contains NaN/inf")
    return x


def monitor_baseline(history: Sequence[float], *, window: int = 7, min_n: int = 3) -> Baseline:
    """Mean and SD of the last ``window`` values of ``history`` (oldest first).

    Examples
    --------
    >>> b = monitor_baseline([1.00, 0.98, 1.02, 1.01, 0.99], window=4)
    >>> round(b.mean, 3), round(b.sd, 4), b.n
    (1.0, 0.0183, 4)
    """
    where = "monitor_baseline"
    if isinstance(window, bool) or int(window) != window or window < 2:
        raise InvalidParameterError(f"{where}: window must be an integer >= 2, got {window!r}")
    if isinstance(min_n, bool) or int(min_n) != min_n or not 2 <= min_n <= window:
        raise InvalidParameterError(
            f"{where}: min_n must be an integer in [2, window], got {min_n!r}"
        )
    x = _clean(history, where, "history")[-int(window) :]
    if x.size < min_n:
        raise SignalError(
            f"{where}: {x.size} baseline value(s); need at least {min_n} earlier tests"
        )
    return Baseline(float(x.mean()), float(x.std(ddof=1)), int(x.size), tuple(float(v) for v in x))


def monitor_typical_error(trial_1: Sequence[float], trial_2: Sequence[float]) -> float:
    """Typical error from paired repeated measurements: ``SD(trial_2 - trial_1) / sqrt(2)``.

    Examples
    --------
    >>> round(monitor_typical_error([1.00, 0.80, 0.60], [1.02, 0.79, 0.63]), 4)
    0.0147
    """
    where = "monitor_typical_error"
    a, b = _clean(trial_1, where, "trial_1"), _clean(trial_2, where, "trial_2")
    if a.shape != b.shape or a.size < 2:
        raise InvalidParameterError(f"{where}: need two equally long trials of at least 2 values")
    return float(np.std(b - a, ddof=1) / math.sqrt(2.0))


def monitor_between_athlete_sd(values: Sequence[float]) -> float:
    """Between-athlete SD (ddof 1) of one value per athlete of a squad.

    Give each athlete's typical value of the metric (e.g. the mean of their baseline tests), not
    every test: the SD of all tests would mix in the day-to-day noise. Hopkins' smallest
    worthwhile change is 0.2 x this SD.

    Raises
    ------
    SignalError
        Fewer than two athletes: a between-athlete SD needs a squad.

    Examples
    --------
    >>> round(monitor_between_athlete_sd([0.38, 0.42, 0.35, 0.45]), 4)
    0.044
    """
    where = "monitor_between_athlete_sd"
    x = _clean(values, where, "values")
    if x.size < 2:
        raise SignalError(
            f"{where}: {x.size} athlete(s); a between-athlete SD needs a squad of at least 2"
        )
    return float(x.std(ddof=1))


def monitor_swc(
    own_sd: float,
    *,
    between_athlete_sd: float | None = None,
    basis: SwcBasis = "between_athlete",
    swc_factor: float = 0.2,
) -> tuple[float, str, str | None]:
    """Smallest worthwhile change, what it rests on, and a warning if it had to fall back.

    Parameters
    ----------
    own_sd : float
        The athlete's own SD of the metric (e.g. the baseline SD), in the metric's unit.
    between_athlete_sd : float, optional
        The squad's between-athlete SD (:func:`monitor_between_athlete_sd`).
    basis : {"between_athlete", "individual"}
        ``between_athlete`` (default, Hopkins 2004): ``swc_factor x between_athlete_sd``; with
        no squad SD it falls back to the athlete's own SD, labelled ``individual_fallback``.
        ``individual``: ``swc_factor x own_sd``, labelled as such.
    swc_factor : float
        0.2 (Hopkins' "small" effect) by default.

    Returns
    -------
    (swc, basis, warning)
        ``basis`` is one of :data:`SWC_BASES`; ``warning`` is None unless it fell back.

    Examples
    --------
    >>> monitor_swc(0.02, between_athlete_sd=0.05)
    (0.010000000000000002, 'between_athlete', None)
    >>> swc, basis, warning = monitor_swc(0.02)
    >>> round(swc, 4), basis
    (0.004, 'individual_fallback')
    """
    where = "monitor_swc"
    basis = check_choice("basis", basis, ("between_athlete", "individual"), where=where)  # type: ignore[assignment]
    f = check_range("swc_factor", swc_factor, 0.0, 5.0, where=where)
    sd = check_positive("own_sd", own_sd, where=where, allow_zero=True)
    if basis == "individual":
        return f * sd, "individual", None
    if between_athlete_sd is None:
        return (
            f * sd,
            "individual_fallback",
            "no between-athlete SD (it needs a squad): SWC = "
            f"{f:g} x this athlete's own SD, an individual SWC, not Hopkins' between-athlete one",
        )
    between = check_positive("between_athlete_sd", between_athlete_sd, where=where, allow_zero=True)
    return f * between, "between_athlete", None


def monitor_swc_label(basis: str, swc_factor: float = 0.2) -> str:
    """Words for an SWC basis (for ``method`` dicts and tables)."""
    return _SWC_LABEL[basis].format(f=swc_factor)


def monitor_assess(
    value: float,
    history: Sequence[float],
    *,
    window: int = 7,
    min_n: int = 3,
    swc: float | None = None,
    swc_factor: float = 0.2,
    swc_basis: SwcBasis = "between_athlete",
    between_athlete_sd: float | None = None,
    typical_error: float | None = None,
    higher_is_better: bool = True,
    yellow_z: float = -1.0,
    red_z: float = -2.0,
) -> MonitorResult:
    """Compare today's ``value`` with the rolling baseline of ``history`` (earlier values only).

    Parameters
    ----------
    value : float
        Today's measurement.
    history : sequence of float
        Earlier measurements, oldest first (today excluded).
    window, min_n : int
        Baseline length and the fewest earlier values accepted.
    swc : float, optional
        Smallest worthwhile change in the metric's unit (overrides the two below).
    swc_basis : {"between_athlete", "individual"}
        Default ``between_athlete``: Hopkins' ``swc_factor x between_athlete_sd``. Without
        ``between_athlete_sd`` (no squad, e.g. one athlete) it falls back to ``swc_factor x`` the
        athlete's own baseline SD, with a warning and ``swc_basis = "individual_fallback"``.
        ``individual`` asks for the athlete's own SD on purpose (see :func:`monitor_swc`).
    between_athlete_sd : float, optional
        The squad's between-athlete SD of the metric (:func:`monitor_between_athlete_sd`).
    typical_error : float, optional
        Measurement noise (e.g. from :func:`monitor_typical_error` or a device's SDC). Default:
        the baseline SD, which includes real day-to-day variation, so it is conservative.
    higher_is_better : bool
        False for metrics where a rise is bad (times, heart rate...).
    yellow_z, red_z : float
        Status thresholds on the (direction-adjusted) z-score.

    Examples
    --------
    >>> r = monitor_assess(0.93, [1.00, 0.98, 1.02, 1.01, 0.99])
    >>> round(r.z_score, 2), r.status, r.meaningful
    (-4.43, 'red', True)
    >>> monitor_assess(0.995, [1.00, 0.98, 1.02, 1.01, 0.99]).status
    'green'
    """
    where = "monitor_assess"
    v = float(value)
    if not math.isfinite(v):
        raise InvalidParameterError(f"{where}: value must be finite, got {value!r}")
    swc_factor = check_range("swc_factor", swc_factor, 0.0, 5.0, where=where)
    if not red_z < yellow_z <= 0:
        raise InvalidParameterError(f"{where}: need red_z < yellow_z <= 0, got {red_z}, {yellow_z}")
    base = monitor_baseline(history, window=window, min_n=min_n)
    warnings: list[str] = []
    change = v - base.mean
    sign = 1.0 if higher_is_better else -1.0
    z = change / base.sd if base.sd > 0 else None
    if z is None:
        warnings.append(
            "baseline SD is 0 (identical values): z-score undefined, status from SWC only"
        )
    if swc is not None:
        swc_v, basis = check_positive("swc", swc, where=where, allow_zero=True), "given"
    else:
        swc_v, basis, fallback = monitor_swc(
            base.sd,
            between_athlete_sd=between_athlete_sd,
            basis=swc_basis,
            swc_factor=swc_factor,
        )
        if fallback:
            warnings.append(fallback)
    te = (
        check_positive("typical_error", typical_error, where=where, allow_zero=True)
        if typical_error is not None
        else base.sd
    )
    src = 1.645 * te
    meaningful = abs(change) > max(swc_v, src)
    if z is not None:
        zd = sign * z
        status: Status = "green" if zd >= yellow_z else ("yellow" if zd >= red_z else "red")
    else:
        status = "red" if sign * change < -max(swc_v, src) and meaningful else "green"
    if base.n < 6:
        warnings.append(f"baseline of {base.n} tests; 6-10 give a steadier reference")
    return MonitorResult(
        value=v,
        baseline_mean=base.mean,
        baseline_sd=base.sd,
        n_baseline=base.n,
        change=change,
        change_pct=change / base.mean * 100.0 if base.mean != 0 else None,
        z_score=z,
        swc=float(swc_v),
        swc_basis=basis,
        typical_error=float(te),
        smallest_real_change=float(src),
        meaningful=bool(meaningful),
        direction="higher_is_better" if higher_is_better else "lower_is_better",
        status=status,
        method={
            "window": int(window),
            "min_n": int(min_n),
            "swc": monitor_swc_label(basis, swc_factor),
            "typical_error": "given" if typical_error is not None else "baseline SD",
            "smallest_real_change": SMALLEST_REAL_CHANGE_LABEL,
            "yellow_z": yellow_z,
            "red_z": red_z,
        },
        warnings=tuple(warnings),
    )
