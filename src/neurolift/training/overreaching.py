"""Combined readiness and overreaching detection: a bad day versus a sustained decline.

Daily series (one value per day, NaN when not measured) of the performance markers - CMJ height
(mean of the day's trials, Claudino et al. 2017), RSI-mod, bar velocity at a reference load - and
of the wellness score and sleep are compared with the athlete's own rolling baseline:

* **today** - today's value against the baseline through
  :func:`neurolift.training.monitoring.monitor_assess` (z-score, SWC, typical error,
  green/yellow/red);
* **short window** - the mean of the last ``short_days`` days against the baseline, as a
  two-sample z ``(mean_short - mean_base) / (sd_base * sqrt(1/n_short + 1/n_base))``. The
  baseline is the ``baseline_days`` days that end ``gap_days`` before the short window, so a
  decline that started in the last week does not pull its own reference down.

The performance markers' short-window z-scores are pooled (Stouffer: sum / sqrt(k)). A
**sustained decline** - the sign of functional overreaching in Meeusen et al. (2013): a
performance decrement at a standard test that persists for days - is flagged red when the pooled
z is under ``red_z`` (default -2.5), the pooled z of the same windows *without each marker's
worst value* is still under ``trim_z`` (default -1; so one very bad day cannot make a "sustained"
decline on its own) and the mean decline exceeds ``min_decline_pct`` (default 3 %) on at least
one marker. A **bad day** - one value under -2 SD while the short window is not
significantly low - is yellow, as are low wellness (short-window z < -2), a night of 6 h or less
(sleep loss as Craven et al. 2022 define it, <= 6 h per 24 h: -7.6 % performance) and any marker
whose single-day status is yellow. Everything else is green. Reasons are listed in words.

Each marker's smallest worthwhile change is Hopkins' 0.2 x between-athlete SD when the squad's
SDs are given (:func:`readiness_between_athlete_sd` computes them from the squad's series); for
one athlete alone it falls back to the athlete's own SD and says so
(:func:`neurolift.training.monitoring.monitor_swc`).

The thresholds were set on the simulated squad of ``benchmarks/bench_detection.py`` (1,000
athletes; see BENCHMARKS.md for the confusion table) - they are not clinical cut-offs.

References
----------
Meeusen R et al. (2013). Prevention, diagnosis and treatment of the overtraining syndrome.
Med Sci Sports Exerc 45:186-205.
Claudino JG et al. (2017). The countermovement jump to monitor neuromuscular status: a
meta-analysis. J Sci Med Sport 20:397-402.
Hopkins WG (2000). Measures of reliability in sports medicine and science. Sports Med 30:1-15.
Craven J et al. (2022). Effects of acute sleep loss on physical performance: a systematic and
meta-analytic review. Sports Med 52:2669-2690.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from neurolift._results import Result
from neurolift._validation import check_range
from neurolift.errors import InvalidParameterError, SignalError
from neurolift.training.monitoring import (
    SMALLEST_REAL_CHANGE_LABEL,
    monitor_assess,
    monitor_between_athlete_sd,
    monitor_swc,
    monitor_swc_label,
)

__all__ = [
    "MARKER_RENAMES",
    "PERFORMANCE_MARKERS",
    "DailySeries",
    "marker_name",
    "MarkerStatus",
    "Readiness",
    "Trend",
    "overreaching_classify",
    "overreaching_scan",
    "overreaching_trend",
    "readiness_assess",
    "readiness_between_athlete_sd",
]

PERFORMANCE_MARKERS: tuple[str, ...] = (
    "jump_height_impulse_m",
    "rsi_modified_m_s",
    "velocity_ref_m_s",
)
#: Former marker names (docs/naming.md: a metric keeps the force module's name) -> current.
MARKER_RENAMES: dict[str, str] = {"jump_height_m": "jump_height_impulse_m"}


def marker_name(name: str) -> str:
    """The current name of a marker; a former one warns (``DeprecationWarning``).

    Examples
    --------
    >>> marker_name("velocity_ref_m_s")
    'velocity_ref_m_s'
    """
    new = MARKER_RENAMES.get(name)
    if new is None:
        return name
    warnings.warn(f"marker {name!r} is deprecated; use {new!r}", DeprecationWarning, stacklevel=3)
    return new


_LOWER_IS_BETTER: frozenset[str] = frozenset()
# markers without a between-athlete SD (see readiness_between_athlete_sd)
_NO_SQUAD_SD: frozenset[str] = frozenset({"sleep_h", "velocity_ref_m_s"})


@dataclass(frozen=True)
class DailySeries:
    """One metric for one athlete: ``dates`` (consecutive days, oldest first) and ``values``."""

    name: str
    dates: tuple[dt.date, ...]
    values: tuple[float, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", marker_name(self.name))


def _window_stats(x: np.ndarray, start: np.ndarray, stop: np.ndarray) -> tuple[np.ndarray, ...]:
    """Count, mean and SD (ddof 1) of the finite values of each row in columns [start, stop)."""
    ok = np.isfinite(x)
    v = np.where(ok, x, 0.0)
    pad = np.zeros((x.shape[0], 1))
    c_n = np.hstack([pad, np.cumsum(ok, axis=1)])
    c_s = np.hstack([pad, np.cumsum(v, axis=1)])
    c_q = np.hstack([pad, np.cumsum(v * v, axis=1)])
    lo = np.clip(start, 0, x.shape[1])
    hi = np.clip(stop, 0, x.shape[1])
    n = c_n[:, hi] - c_n[:, lo]
    s = c_s[:, hi] - c_s[:, lo]
    q = c_q[:, hi] - c_q[:, lo]
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = s / n
        var = (q - n * mean * mean) / (n - 1)
    return n, mean, np.sqrt(np.clip(var, 0.0, None))


def overreaching_scan(
    values: Any,
    *,
    higher_is_better: bool = True,
    short_days: int = 5,
    gap_days: int = 7,
    baseline_days: int = 21,
    min_baseline: int = 5,
) -> dict[str, np.ndarray]:
    """Short-window and single-day z-scores of daily series, vectorised over athletes.

    Parameters
    ----------
    values : array_like, shape (n_athletes, n_days) or (n_days,)
        One value per day, NaN on days without a measurement.
    higher_is_better : bool
        False flips the sign so that negative z always means "worse".
    short_days, gap_days, baseline_days : int
        Short window (days, ending today), gap between baseline and short window, baseline length.
    min_baseline : int
        Fewest baseline values for a z-score (NaN before that).

    Returns
    -------
    dict of ndarray, each shape (n_athletes, n_days)
        ``z_short``, ``z_trim`` (the short window without its worst value; NaN with < 2 values),
        ``z_day`` (today vs the same baseline; NaN when not measured today),
        ``decline_pct`` (short-window mean vs baseline, % of baseline, positive = worse),
        ``n_short``, ``n_base``, ``base_mean``, ``base_sd``.

    Examples
    --------
    >>> x = np.r_[0.40 + 0.004 * np.tile([1, -1], 15), np.full(5, 0.36)]
    >>> r = overreaching_scan(x)
    >>> round(float(r["decline_pct"][0, -1]), 1), bool(r["z_short"][0, -1] < -3)
    (10.0, True)
    """
    where = "overreaching_scan"
    x = np.asarray(values, dtype=float)
    if x.ndim == 1:
        x = x[None, :]
    if x.ndim != 2:
        raise InvalidParameterError(
            f"{where}: values must be (n_days,) or (n_athletes, n_days), got shape {x.shape}"
        )
    if np.isinf(x).any():
        raise InvalidParameterError(
            f"{where}: values contain inf; use NaN for days without a measurement"
        )
    for name, v in (
        ("short_days", short_days),
        ("gap_days", gap_days),
        ("baseline_days", baseline_days),
        ("min_baseline", min_baseline),
    ):
        if isinstance(v, bool) or int(v) != v or v < (0 if name == "gap_days" else 1):
            raise InvalidParameterError(f"{where}: {name} must be a positive integer, got {v!r}")
    if min_baseline < 2 or min_baseline > baseline_days:
        raise InvalidParameterError(
            f"{where}: min_baseline must lie in [2, baseline_days], got {min_baseline}"
        )
    sign = 1.0 if higher_is_better else -1.0
    t = np.arange(x.shape[1])
    s_start = t - short_days + 1
    b_stop = s_start - gap_days
    b_start = b_stop - baseline_days
    n_s, m_s, _ = _window_stats(x, s_start, t + 1)
    n_b, m_b, sd_b = _window_stats(x, b_start, b_stop)
    valid = (n_b >= min_baseline) & (n_s >= 1) & (sd_b > 0)
    # the short window without its single worst value: a decline that rests on one bad day
    # vanishes here, a sustained one does not
    padded = np.hstack([np.full((x.shape[0], short_days - 1), np.nan), sign * x])
    win = np.lib.stride_tricks.sliding_window_view(padded, short_days, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        all_nan = ~np.isfinite(win).any(axis=2)
        worst = sign * np.where(
            all_nan, 0.0, np.nanmin(np.where(np.isfinite(win), win, np.inf), axis=2)
        )
        m_trim = (m_s * n_s - worst) / (n_s - 1)
        z_trim = sign * (m_trim - m_b) / (sd_b * np.sqrt(1.0 / (n_s - 1) + 1.0 / n_b))
        z_short = sign * (m_s - m_b) / (sd_b * np.sqrt(1.0 / n_s + 1.0 / n_b))
        z_day = sign * (x - m_b) / (sd_b * np.sqrt(1.0 + 1.0 / n_b))
        decline = -sign * (m_s - m_b) / np.abs(m_b) * 100.0
    z_short = np.where(valid, z_short, np.nan)
    z_trim = np.where(valid & (n_s >= 2), z_trim, np.nan)
    z_day = np.where(valid & np.isfinite(x), z_day, np.nan)
    decline = np.where(valid, decline, np.nan)
    return {
        "z_short": z_short,
        "z_trim": z_trim,
        "z_day": z_day,
        "decline_pct": decline,
        "n_short": n_s,
        "n_base": n_b,
        "base_mean": m_b,
        "base_sd": sd_b,
    }


def overreaching_classify(
    scans: Mapping[str, Mapping[str, np.ndarray]],
    *,
    red_z: float = -2.5,
    trim_z: float = -1.0,
    min_decline_pct: float = 3.0,
    bad_day_z: float = -2.0,
) -> dict[str, np.ndarray]:
    """Pool the performance markers' scans: ``pooled_z``, ``sustained`` and ``bad_day`` arrays.

    Sustained: pooled short-window z < ``red_z``, the pooled z without each marker's worst value
    < ``trim_z`` (where a marker has >= 2 values in the window) and a decline of at least
    ``min_decline_pct`` on one marker.
    """
    scans = {marker_name(k): v for k, v in scans.items()}
    perf = [scans[k] for k in PERFORMANCE_MARKERS if k in scans]
    if not perf:
        raise InvalidParameterError("overreaching_classify: no performance marker among the scans")
    zs = np.stack([p["z_short"] for p in perf])
    k = np.isfinite(zs).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        pooled = np.where(k > 0, np.nansum(zs, axis=0) / np.sqrt(np.maximum(k, 1)), np.nan)
    dec = np.stack([p["decline_pct"] for p in perf])
    big = np.nanmax(np.where(np.isfinite(dec), dec, -np.inf), axis=0) >= min_decline_pct
    zt = np.stack([p["z_trim"] for p in perf])
    kt = np.isfinite(zt).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        pooled_trim = np.where(kt > 0, np.nansum(zt, axis=0) / np.sqrt(np.maximum(kt, 1)), np.nan)
    robust = ~np.isfinite(pooled_trim) | (pooled_trim < trim_z)
    sustained = (pooled < red_z) & big & robust
    zd = np.stack([p["z_day"] for p in perf])
    low_day = (np.where(np.isfinite(zd), zd, 0.0) < bad_day_z).any(axis=0)
    bad_day = low_day & ~sustained
    return {
        "pooled_z": pooled,
        "pooled_trim_z": pooled_trim,
        "sustained": sustained,
        "bad_day": bad_day,
    }


@dataclass(frozen=True)
class Trend(Result):
    """Hopkins-style individual trend: a straight line through the last ``window_days`` days,
    with the points that deviate from it by more than the smallest real change flagged.

    ``slope_per_week`` is in the metric's unit per week; ``typical_error`` is the residual SD about
    the line (the athlete's noise once the trend is removed) unless one was given; ``swc`` is
    ``swc_factor`` x the between-athlete SD when one is given, else x the SD of the athlete's
    values (``swc_basis`` says which); a point is flagged ``low``/``high`` when its residual
    exceeds ``max(swc, 1.645 x typical_error)`` (a two-sided 90 %, one-sided 95 %, limit).
    """

    name: str
    n: int
    slope_per_week: float
    slope_pct_per_week: float | None
    fitted_today: float
    typical_error: float
    swc: float
    swc_basis: str
    threshold: float
    flags: tuple[tuple[dt.date, str, float], ...]
    method: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


def overreaching_trend(
    series: DailySeries,
    *,
    window_days: int = 42,
    typical_error: float | None = None,
    swc_factor: float = 0.2,
    between_athlete_sd: float | None = None,
    higher_is_better: bool = True,
) -> Trend:
    """Fit the athlete's trend over the last ``window_days`` and flag deviations from it.

    Following Hopkins' spreadsheet for an individual's trend and acute deviations (sportsci.org
    2004): a least-squares line through the recent values; each point's residual is compared
    with the smallest real change. ``between_athlete_sd`` (the squad's, see
    :func:`readiness_between_athlete_sd`) makes the SWC Hopkins' 0.2 x between-athlete SD; without
    it the SWC is 0.2 x the SD of the athlete's own values, labelled ``individual_fallback``.

    Examples
    --------
    >>> d0 = dt.date(2026, 10, 1)
    >>> days = tuple(d0 + dt.timedelta(days=i) for i in range(28))
    >>> vals = tuple(0.40 + 0.001 * i + 0.004 * (-1) ** i for i in range(28))
    >>> vals = vals[:-1] + (0.40,)
    >>> t = overreaching_trend(DailySeries("jump_height_impulse_m", days, vals))
    >>> round(t.slope_per_week, 4), [f[1] for f in t.flags]
    (0.0056, ['low'])
    """
    where = "overreaching_trend"
    if isinstance(window_days, bool) or int(window_days) != window_days or window_days < 7:
        raise InvalidParameterError(
            f"{where}: window_days must be an integer >= 7, got {window_days!r}"
        )
    check_range("swc_factor", swc_factor, 0.0, 5.0, where=where)
    pts = sorted(zip(series.dates, series.values, strict=True))
    if not pts:
        raise SignalError(f"{where}: {series.name} has no values")
    last = pts[-1][0]
    pts = [(d, float(v)) for d, v in pts if (last - d).days < window_days and np.isfinite(v)]
    if len(pts) < 6:
        raise SignalError(
            f"{where}: {len(pts)} value(s) of {series.name} in the last {window_days} days; need >= 6"
        )
    t = np.array([(d - last).days for d, _ in pts], dtype=float)
    y = np.array([v for _, v in pts])
    slope, icpt = np.polyfit(t, y, 1)
    resid = y - (icpt + slope * t)
    te = (
        float(resid.std(ddof=2))
        if typical_error is None
        else check_range("typical_error", typical_error, 0.0, float("inf"), where=where)
    )
    swc, basis, fallback = monitor_swc(
        float(y.std(ddof=1)), between_athlete_sd=between_athlete_sd, swc_factor=swc_factor
    )
    thr = max(swc, 1.645 * te)
    warnings = [] if len(pts) >= 10 else [f"{len(pts)} points: a steadier trend needs >= 10"]
    if fallback:
        warnings.append(fallback)
    sign = 1.0 if higher_is_better else -1.0
    flags = tuple(
        (d, "low" if sign * r < 0 else "high", float(r))
        for (d, _), r in zip(pts, resid, strict=True)
        if abs(r) > thr
    )
    return Trend(
        name=series.name,
        n=len(pts),
        slope_per_week=float(slope * 7.0),
        slope_pct_per_week=float(slope * 7.0 / icpt * 100.0) if icpt != 0 else None,
        fitted_today=float(icpt),
        typical_error=te,
        swc=swc,
        swc_basis=basis,
        threshold=thr,
        flags=flags,
        method={
            "window_days": int(window_days),
            "fit": "least-squares line",
            "typical_error": "given" if typical_error is not None else "residual SD about the line",
            "swc": monitor_swc_label(basis, swc_factor),
            "threshold": f"max(SWC, {SMALLEST_REAL_CHANGE_LABEL})",
        },
        warnings=tuple(warnings),
    )


@dataclass(frozen=True)
class MarkerStatus(Result):
    """One marker today: single-day assessment and the short-window trend."""

    name: str
    value: float | None
    status: str
    z_day: float | None
    z_short: float | None
    decline_pct: float | None
    baseline_mean: float | None
    baseline_sd: float | None
    swc: float | None
    n_baseline: int
    trend_pct_per_week: float | None = None
    swc_basis: str | None = None
    trend_flag_today: str | None = None


@dataclass(frozen=True)
class Readiness(Result):
    """Combined readiness of one athlete on one day, with the reasons."""

    athlete: str
    date: dt.date
    status: str
    overreaching: str  # none, bad_day, sustained_decline
    pooled_z: float | None
    reasons: tuple[str, ...]
    markers: tuple[MarkerStatus, ...]
    method: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


def _f(x: Any) -> float | None:
    return float(x) if x is not None and np.isfinite(x) else None


_RANK = {"green": 0, "yellow": 1, "red": 2}


def _worse(a: str, b: str) -> str:
    return a if _RANK[a] >= _RANK[b] else b


def readiness_between_athlete_sd(
    squad: Mapping[str, Sequence[DailySeries]],
    *,
    date: dt.date,
    baseline_days: int = 21,
    min_values: int = 3,
) -> dict[str, float]:
    """Between-athlete SD of each marker over a squad, for Hopkins' smallest worthwhile change.

    Each athlete contributes the mean of their values in the ``baseline_days`` days before
    ``date`` (``date`` itself excluded), if they have at least ``min_values`` there; a marker
    enters the result only when at least two athletes contribute (a squad of one has no
    between-athlete SD: :func:`readiness_assess` then falls back to the athlete's own SD and
    labels it).

    Parameters
    ----------
    squad : mapping of athlete name to their series
        The same series :func:`readiness_assess` takes, for every athlete of the squad.
    date : date
        The day being assessed.

    Returns
    -------
    dict
        Marker name -> between-athlete SD (the marker's unit). ``sleep_h`` is left out, and so
        is ``velocity_ref_m_s``: each athlete's reference load is their own (by default the load
        they lift most, or the one that moves at ~1 m/s), so velocities at those loads are not
        one measure across athletes; that marker keeps the athlete's own SD, labelled
        ``individual_fallback``.

    Examples
    --------
    >>> d0 = dt.date(2026, 10, 1)
    >>> days = tuple(d0 + dt.timedelta(days=i) for i in range(10))
    >>> squad = {name: [DailySeries("jump_height_impulse_m", days, (h,) * 10)]
    ...          for name, h in (("Ada", 0.38), ("Bo", 0.42), ("Cy", 0.35), ("Di", 0.45))}
    >>> round(readiness_between_athlete_sd(squad, date=dt.date(2026, 10, 10))["jump_height_impulse_m"], 4)
    0.044
    """
    where = "readiness_between_athlete_sd"
    if isinstance(baseline_days, bool) or int(baseline_days) != baseline_days or baseline_days < 1:
        raise InvalidParameterError(
            f"{where}: baseline_days must be an integer >= 1, got {baseline_days!r}"
        )
    start = date - dt.timedelta(days=int(baseline_days))
    means: dict[str, list[float]] = {}
    for series in squad.values():
        for s in series:
            if s.name in _NO_SQUAD_SD:
                continue
            vals = [
                float(v)
                for d, v in zip(s.dates, s.values, strict=True)
                if start <= d < date and np.isfinite(v)
            ]
            if len(vals) >= min_values:
                means.setdefault(s.name, []).append(float(np.mean(vals)))
    return {k: monitor_between_athlete_sd(v) for k, v in means.items() if len(v) >= 2}


def readiness_assess(
    athlete: str,
    series: Sequence[DailySeries],
    *,
    date: dt.date | None = None,
    short_days: int = 5,
    gap_days: int = 7,
    baseline_days: int = 21,
    red_z: float = -2.5,
    min_decline_pct: float = 3.0,
    sleep_min_h: float = 6.0,
    stale_after_days: int = 3,
    between_athlete_sd: Mapping[str, float] | None = None,
) -> Readiness:
    """Green / yellow / red readiness with reasons, and bad-day vs sustained-decline verdict.

    Parameters
    ----------
    athlete : str
    series : sequence of DailySeries
        Any of ``jump_height_impulse_m``, ``rsi_modified_m_s``, ``velocity_ref_m_s`` (performance),
        ``wellness_score`` (1-5) and ``sleep_h``. Dates need not be consecutive; gaps are NaN.
    date : date, optional
        Day to assess (default: the latest date in any series).
    sleep_min_h : float
        A night of ``sleep_min_h`` or less is flagged (Craven et al. 2022 define sleep loss as
        <= 6 h per 24 h).
    stale_after_days : int
        With no record at all in the last ``stale_after_days`` days the status is at least yellow
        ("readiness unknown").
    between_athlete_sd : mapping of marker name to float, optional
        The squad's between-athlete SD per marker (:func:`readiness_between_athlete_sd`); each
        marker's SWC is then Hopkins' 0.2 x that SD. Markers without one (or every marker, for
        an athlete alone) fall back to the athlete's own SD, labelled ``individual_fallback``.

    Examples
    --------
    >>> d0 = dt.date(2026, 10, 1)
    >>> days = tuple(d0 + dt.timedelta(days=i) for i in range(40))
    >>> cmj = tuple(0.40 + 0.006 * ((-1) ** i) - (0.036 if i >= 36 else 0.0) for i in range(40))
    >>> r = readiness_assess("Ada", [DailySeries("jump_height_impulse_m", days, cmj)])
    >>> r.status, r.overreaching
    ('red', 'sustained_decline')
    """
    where = "readiness_assess"
    if not series:
        raise InvalidParameterError(f"{where}: no data series given")
    check_range("sleep_min_h", sleep_min_h, 0.0, 12.0, where=where)
    all_dates = [d for s in series for d in s.dates]
    if not all_dates:
        raise SignalError(f"{where}: the series hold no dates for {athlete}")
    d_first, d_last = min(all_dates), max(all_dates)
    day = date or d_last
    if day < d_first:
        raise InvalidParameterError(f"{where}: date {day} is before the first record ({d_first})")
    n_days = (day - d_first).days + 1
    scans: dict[str, dict[str, np.ndarray]] = {}
    arrays: dict[str, np.ndarray] = {}
    for s in series:
        if len(s.dates) != len(s.values):
            raise InvalidParameterError(
                f"{where}: {s.name} has {len(s.dates)} dates and {len(s.values)} values"
            )
        arr = np.full(n_days, np.nan)
        for d, v in zip(s.dates, s.values, strict=True):
            i = (d - d_first).days
            if 0 <= i < n_days:
                # several values on one day (e.g. CMJ trials): their mean
                arr[i] = v if not np.isfinite(arr[i]) else (arr[i] + v) / 2.0
        arrays[s.name] = arr
        if s.name != "sleep_h":
            scans[s.name] = overreaching_scan(
                arr,
                higher_is_better=s.name not in _LOWER_IS_BETTER,
                short_days=short_days,
                gap_days=gap_days,
                baseline_days=baseline_days,
                min_baseline=5,
            )
    reasons: list[str] = []
    warnings: list[str] = []
    markers: list[MarkerStatus] = []
    status = "green"
    every_day = tuple(d_first + dt.timedelta(days=i) for i in range(n_days))
    for name, arr in arrays.items():
        today = arr[-1]
        hist = arr[:-1][np.isfinite(arr[:-1])][-baseline_days:]
        mstat, z_day, swc, bm, bsd, basis = "green", None, None, None, None, None
        squad_sd = (between_athlete_sd or {}).get(name)
        if np.isfinite(today) and hist.size >= 3 and name != "sleep_h":
            mr = monitor_assess(
                float(today),
                hist.tolist(),
                window=min(baseline_days, hist.size),
                min_n=3,
                between_athlete_sd=squad_sd,
            )
            mstat, z_day, swc, bm, bsd, basis = (
                mr.status,
                mr.z_score,
                mr.swc,
                mr.baseline_mean,
                mr.baseline_sd,
                mr.swc_basis,
            )
        sc = scans.get(name)
        if sc is not None and np.isfinite(sc["base_mean"][0, -1]):
            # the trend's reference: the baseline that ends gap_days before the short window
            bm, bsd = sc["base_mean"][0, -1], sc["base_sd"][0, -1]
        trend_pct, trend_flag = None, None
        if name != "sleep_h":
            try:
                tr = overreaching_trend(
                    DailySeries(name, every_day, tuple(arr)),
                    window_days=42,
                    between_athlete_sd=squad_sd,
                )
                trend_pct = tr.slope_pct_per_week
                trend_flag = next((f[1] for f in tr.flags if f[0] == day), None)
            except (SignalError, InvalidParameterError):
                pass
        markers.append(
            MarkerStatus(
                name=name,
                value=_f(today),
                status=mstat,
                z_day=_f(z_day),
                z_short=_f(sc["z_short"][0, -1]) if sc else None,
                decline_pct=_f(sc["decline_pct"][0, -1]) if sc else None,
                baseline_mean=_f(bm),
                baseline_sd=_f(bsd),
                swc=_f(swc),
                n_baseline=int(hist.size),
                trend_pct_per_week=_f(trend_pct),
                trend_flag_today=trend_flag,
                swc_basis=basis,
            )
        )
        if name == "sleep_h" and np.isfinite(today) and today <= sleep_min_h:
            reasons.append(f"slept {today:.1f} h (sleep loss: <= {sleep_min_h:g} h)")
            status = _worse(status, "yellow")
        if name == "wellness_score" and sc is not None:
            zs = sc["z_short"][0, -1]
            if np.isfinite(zs) and zs < -2.0:
                reasons.append(f"wellness down over the last {short_days} days (z {zs:.1f})")
                status = _worse(status, "yellow")
    last_seen = max(d for d in all_dates if d <= day)
    stale_days = (day - last_seen).days
    if stale_days > stale_after_days:
        reasons.append(
            f"no data since {last_seen} ({stale_days} days): readiness unknown, check in"
        )
        status = _worse(status, "yellow")
    perf_scans = {k: v for k, v in scans.items() if k in PERFORMANCE_MARKERS}
    verdict = "none"
    pooled = None
    if perf_scans:
        cl = overreaching_classify(perf_scans, red_z=red_z, min_decline_pct=min_decline_pct)
        pooled = _f(cl["pooled_z"][0, -1])
        if pooled is None:
            warnings.append(
                "fewer than 5 baseline days on the performance markers; trend not assessed yet"
            )
        if bool(cl["sustained"][0, -1]):
            verdict = "sustained_decline"
            worst = max(
                perf_scans,
                key=lambda k: np.nan_to_num(perf_scans[k]["decline_pct"][0, -1], nan=-1e9),
            )
            reasons.append(
                f"sustained decline over {short_days} days: {worst} -{perf_scans[worst]['decline_pct'][0, -1]:.1f} % "
                f"vs baseline (pooled z {pooled:.1f}); possible functional overreaching - cut volume, re-test in 2-3 days"
            )
            status = "red"
        elif bool(cl["bad_day"][0, -1]):
            verdict = "bad_day"
            low = [
                m.name
                for m in markers
                if m.name in perf_scans and m.z_day is not None and m.z_day < -2
            ]
            reasons.append(
                f"one low day on {', '.join(low) or 'a marker'}; the last {short_days} days are not significantly down"
            )
            status = _worse(status, "yellow")
    else:
        warnings.append(
            "no performance marker (CMJ or velocity): readiness from wellness and sleep only"
        )
    for m in markers:
        if m.name == "wellness_score" and m.status != "green":
            reasons.append(
                f"wellness score {m.value:.1f} low today (z {m.z_day:.1f})"
                if m.z_day is not None
                else "wellness low today"
            )
            status = _worse(status, "yellow")
        if m.name in perf_scans and m.status != "green" and verdict == "none":
            reasons.append(
                f"{m.name} {m.status} today (z {m.z_day:.1f})"
                if m.z_day is not None
                else f"{m.name} {m.status}"
            )
            status = _worse(status, "yellow")
    if not reasons:
        reasons.append("all markers within the athlete's normal range")
    return Readiness(
        athlete=athlete,
        date=day,
        status=status,
        overreaching=verdict,
        pooled_z=pooled,
        reasons=tuple(reasons),
        markers=tuple(markers),
        method={
            "short_days": short_days,
            "gap_days": gap_days,
            "baseline_days": baseline_days,
            "red_z": red_z,
            "min_decline_pct": min_decline_pct,
            "sleep_min_h": sleep_min_h,
            "sleep_loss": f"<= {sleep_min_h:g} h (Craven et al. 2022)",
            "swc": {
                m.name: monitor_swc_label(m.swc_basis) for m in markers if m.swc_basis is not None
            },
            "stale_after_days": stale_after_days,
            "pooling": "Stouffer over performance markers",
            "single_day": "monitor_assess (z -1 yellow, -2 red)",
        },
        warnings=tuple(warnings),
    )
