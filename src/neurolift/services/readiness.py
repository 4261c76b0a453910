"""Readiness of one athlete on a day, of the whole squad, and the weekly report.

What to call:

* ``neurolift readiness ATHLETE`` and the athlete page's traffic light: :func:`readiness_for`;
* ``neurolift report --squad`` and the squad page: :func:`squad_readiness`;
* ``neurolift report ATHLETE`` and the weekly-report download: :func:`weekly_report_for`
  (then :func:`neurolift.training.reports.report_write_pdf` or ``report_write_html``).
"""

from __future__ import annotations

import datetime as dt
import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from neurolift._results import Result
from neurolift.errors import NeuroliftError, NotFoundError
from neurolift.store.repository import Store
from neurolift.store.training_repo import (
    log_load,
    readiness_data_version,
    readiness_series,
    squad_names,
)
from neurolift.training.overreaching import (
    DailySeries,
    Readiness,
    readiness_assess,
    readiness_between_athlete_sd,
)
from neurolift.training.reports import WeeklyReport, report_parse_week, report_weekly
from neurolift.training.traininglog import PlyoLog, SetLog, TrainingLog, WellnessLog

__all__ = [
    "ReadinessTrends",
    "SquadReadiness",
    "iso_week",
    "last_logged_day",
    "readiness_for",
    "readiness_trends",
    "squad_readiness",
    "weekly_report_for",
]


# Readiness of one athlete depends on the whole squad (the between-athlete SD of each marker),
# so it is remembered per store while the readiness data do not change
# (:func:`neurolift.store.training_repo.readiness_data_version`): a page view then reads one
# fingerprint instead of every athlete's history. Per process, never stored.
_MEMO: weakref.WeakKeyDictionary[Store, tuple[tuple[int, ...], dict[Any, Any]]] = (
    weakref.WeakKeyDictionary()
)
_MEMO_LOCK = threading.Lock()


def _memo(store: Store) -> dict[Any, Any]:
    version = readiness_data_version(store)
    with _MEMO_LOCK:
        held = _MEMO.get(store)
        if held is None or held[0] != version:
            held = (version, {})
            _MEMO[store] = held
        return held[1]


def _state(store: Store) -> tuple[dict[Any, Any], dict[str, list[DailySeries]]]:
    """The memo of the store's current data and every athlete's readiness series (athletes
    without any are left out), after one look at the data's fingerprint."""
    memo = _memo(store)
    if "squad" not in memo:
        memo["squad"] = _read_squad_series(store)
    return memo, memo["squad"]


def _squad_series(store: Store) -> dict[str, list[DailySeries]]:
    return _state(store)[1]


def _assess_default(
    store: Store,
    athlete: str,
    date: dt.date | None,
    state: tuple[dict[Any, Any], dict[str, list[DailySeries]]] | None = None,
) -> tuple[Readiness, list[DailySeries]]:
    """Readiness with the default series (any exercise, the usual reference load), remembered
    with the squad's series (``state``: from :func:`_state`, to look at the data once)."""
    memo, squad = state or _state(store)
    key = ("assess", athlete, date)
    if key not in memo:
        series = squad.get(athlete)
        if series is None:  # not in the squad list: their own series (NotFoundError if unknown)
            series = readiness_series(store, athlete)
        try:
            memo[key] = (_assess(athlete, series, date, squad), series)
        except NeuroliftError as exc:
            memo[key] = exc
    held = memo[key]
    if isinstance(held, NeuroliftError):
        raise held
    return held  # type: ignore[no-any-return]


def _read_squad_series(store: Store) -> dict[str, list[DailySeries]]:
    out: dict[str, list[DailySeries]] = {}
    for name in squad_names(store):
        try:
            series = readiness_series(store, name)
        except NeuroliftError:
            continue
        if series:
            out[name] = series
    return out


def _assess(
    athlete: str,
    series: Sequence[DailySeries],
    date: dt.date | None,
    squad: dict[str, list[DailySeries]],
) -> Readiness:
    if not series:
        raise NotFoundError(
            f"readiness: no CMJ, velocity or wellness data for {athlete!r}; log some with "
            "`neurolift log` or `neurolift force analyze --athlete`"
        )
    day = date or max(d for s in series for d in s.dates)
    # Hopkins' SWC needs the squad's between-athlete SD; an athlete alone gets none and each
    # marker's SWC falls back to their own SD, labelled individual_fallback
    squad_sd = readiness_between_athlete_sd({**squad, athlete: list(series)}, date=day)
    return readiness_assess(athlete, series, date=date, between_athlete_sd=squad_sd)


def readiness_for(
    store: Store,
    athlete: str,
    *,
    date: dt.date | None = None,
    exercise: str | None = None,
    reference_load_kg: float | None = None,
) -> Readiness:
    """Combined readiness of ``athlete`` on ``date`` (default: the latest record) from the store.

    CMJ height and RSI-mod, bar velocity at the reference load of ``exercise`` (default: the
    exercise logged with a velocity most often), wellness and sleep, as
    :func:`neurolift.store.training_repo.readiness_series` reads them, judged by
    :func:`neurolift.training.overreaching.readiness_assess`. Each marker's smallest worthwhile
    change is Hopkins' 0.2 x the between-athlete SD of every athlete in the store
    (:func:`neurolift.training.overreaching.readiness_between_athlete_sd`); with a squad of one
    it falls back to the athlete's own SD, labelled ``individual_fallback`` in the markers.

    Raises
    ------
    NotFoundError
        No such athlete, or no CMJ, velocity or wellness data for them.
    """
    if exercise is None and reference_load_kg is None:
        return _assess_default(store, athlete, date)[0]
    series = readiness_series(
        store, athlete, exercise=exercise, reference_load_kg=reference_load_kg
    )
    return _assess(athlete, series, date, _squad_series(store))


@dataclass(frozen=True)
class ReadinessTrends(Result):
    """Readiness on a day and the daily series it was judged on (the athlete page's trends)."""

    readiness: Readiness
    series: tuple[DailySeries, ...]


def readiness_trends(store: Store, athlete: str, *, date: dt.date | None = None) -> ReadinessTrends:
    """:func:`readiness_for` together with its daily series, read from the store once."""
    readiness, series = _assess_default(store, athlete, date)
    return ReadinessTrends(readiness, tuple(series))


@dataclass(frozen=True)
class SquadReadiness(Result):
    """Readiness of every athlete with training data, in name order, and who had none."""

    date: dt.date | None
    athletes: tuple[Readiness, ...]
    skipped: dict[str, str] = field(default_factory=dict)  # name -> why no readiness

    def count(self, status: str) -> int:
        """Athletes whose status is ``status`` (green, yellow or red)."""
        return sum(r.status == status for r in self.athletes)

    def to_dict(self) -> dict[str, Any]:
        d = super().to_dict()
        d.update(red=self.count("red"), yellow=self.count("yellow"), green=self.count("green"))
        return d


def squad_readiness(
    store: Store, *, date: dt.date | None = None, names: Sequence[str] | None = None
) -> SquadReadiness:
    """Readiness on ``date`` (default: each athlete's latest record) of every athlete with a
    training profile or log entries (or of ``names``: a coach's teams); athletes without enough
    data are listed in ``skipped``."""
    rows: list[Readiness] = []
    skipped: dict[str, str] = {}
    state = _state(store)
    for name in squad_names(store) if names is None else names:
        try:
            rows.append(_assess_default(store, name, date, state)[0])
        except NeuroliftError as exc:
            skipped[name] = str(exc)
    return SquadReadiness(date, tuple(rows), skipped)


def last_logged_day(log: TrainingLog, end: dt.date) -> dt.date:
    """The latest day on or before ``end`` with a set, a check-in or plyometrics (else ``end``)."""
    entries: tuple[SetLog | WellnessLog | PlyoLog, ...] = (
        *log.sets,
        *log.wellness,
        *log.plyometrics,
    )
    days = [e.date for e in entries if e.date <= end]
    return max(days) if days else end


def iso_week(day: dt.date) -> str:
    """ISO week of ``day`` written ``YYYY-Www``.

    Examples
    --------
    >>> iso_week(dt.date(2026, 11, 29))
    '2026-W48'
    """
    y, w, _ = day.isocalendar()
    return f"{y}-W{w:02d}"


def weekly_report_for(store: Store, athlete: str, week: str | None = None) -> WeeklyReport:
    """The weekly report of ``athlete`` for ISO ``week`` (default: this week); its readiness is
    that of the last logged day of the week."""
    week = week or iso_week(dt.date.today())
    _, end = report_parse_week(week)
    log = log_load(store, athlete, end=end)
    series = readiness_series(store, athlete)
    readiness = _assess(athlete, series, min(end, last_logged_day(log, end)), _squad_series(store))
    return report_weekly(athlete, week, log, series, readiness)
