"""Readiness of one athlete on a day, of the whole squad, and the weekly report.

What to call:

* ``neurolift readiness ATHLETE`` and the athlete page's traffic light: :func:`readiness_for`;
* ``neurolift report --squad`` and the squad page: :func:`squad_readiness`;
* ``neurolift report ATHLETE`` and the weekly-report download: :func:`weekly_report_for`
  (then :func:`neurolift.training.reports.report_write_pdf` or ``report_write_html``).

Whose between-athlete SD
------------------------
Each marker's smallest worthwhile change is Hopkins' 0.2 x the between-athlete SD of the
athlete's **reference group** (:func:`neurolift.training.overreaching.readiness_between_athlete_sd`):

* an athlete on one or more teams: every athlete on those teams (themselves included), the
  squad the coach compares them with;
* an athlete on no team: every athlete in the store with readiness data.

The rule is a property of the stored data, so the command line (which has no logged-in coach)
and the web app give the same numbers: a store without teams (the CLI's usual case) compares
everyone with everyone.

How it stays fast
-----------------
Everything readiness reads is read for the whole store at once (:func:`squad_series`: one query
per table) and kept per store and process with the per-athlete change counters of
:func:`neurolift.store.training_repo.readiness_versions` (database triggers keep them, so writes
by other processes count). Each request reads the counters (one small table); when some changed,
only those athletes' series are read again. A group's SD is computed once per day assessed and
kept while no member's data change; an assessment is kept while its athlete's series and SD stay
the same. A new CMJ, set or check-in therefore shows on the next page, at the cost of re-reading
one athlete.
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
from neurolift.store.accounts_repo import team_mates
from neurolift.store.repository import Store
from neurolift.store.training_repo import (
    log_load,
    readiness_series,
    readiness_versions,
    squad_names,
    squad_series,
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

Group = frozenset[str]


@dataclass
class _Squad:
    """What readiness is computed from, at one set of change counters (never stored)."""

    versions: dict[int, int]
    series: dict[str, list[DailySeries]]  # every athlete with readiness data
    names: list[str]  # the squad: athletes with a training profile or log entries
    mates: dict[str, Group]  # athletes on a team -> everyone on their teams
    everyone: Group = frozenset()
    latest: dict[str, dt.date] = field(default_factory=dict)  # each athlete's latest record
    sds: dict[tuple[Group, dt.date], dict[str, float]] = field(default_factory=dict)
    assessed: dict[tuple[str, dt.date | None], tuple[Any, dict[str, float], Any]] = field(
        default_factory=dict
    )

    def __post_init__(self) -> None:
        self.everyone = frozenset(self.series)

    def group(self, athlete: str) -> Group:
        return self.mates.get(athlete) or self.everyone

    def day(self, athlete: str, series: Sequence[DailySeries], date: dt.date | None) -> dt.date:
        """``date``, else the athlete's latest record (remembered for the stored series)."""
        if date is not None:
            return date
        if self.series.get(athlete) is not series:
            return max(max(s.dates) for s in series if s.dates)
        if athlete not in self.latest:
            self.latest[athlete] = max(max(s.dates) for s in series if s.dates)
        return self.latest[athlete]


_SQUADS: weakref.WeakKeyDictionary[Store, _Squad] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def _squad(store: Store) -> _Squad:
    """The store's readiness data at its current change counters (read again where changed)."""
    versions = readiness_versions(store)
    with _LOCK:
        held = _SQUADS.get(store)
        if held is not None and held.versions == versions:
            return held
        changed = {a for a, v in versions.items() if held is None or held.versions.get(a) != v}
        if held is None or 2 * len(changed) > len(versions) or held.versions.keys() - versions:
            series = squad_series(store)
            gone: set[str] = set(series)
        else:
            gone = {a.name for a in store.list_athletes(ids=changed)}
            series = {k: v for k, v in held.series.items() if k not in gone}
            series.update(squad_series(store, athlete_ids=changed))
        squad = _Squad(versions, series, squad_names(store), team_mates(store))
        if held is not None:  # what no changed athlete enters stays valid
            squad.sds = {k: v for k, v in held.sds.items() if not (k[0] & gone)}
            squad.assessed = dict(held.assessed)
            squad.latest = {k: v for k, v in held.latest.items() if k not in gone}
        _SQUADS[store] = squad
        return squad


def _no_data(athlete: str) -> NotFoundError:
    return NotFoundError(
        f"readiness: no CMJ, velocity or wellness data for {athlete!r}; log some with "
        "`neurolift log` or `neurolift force analyze --athlete`"
    )


def _between_athlete_sd(
    squad: _Squad, athlete: str, series: Sequence[DailySeries], date: dt.date | None
) -> dict[str, float]:
    """The SD of the athlete's reference group on ``date`` (default: the athlete's latest
    record), with ``series`` as the athlete's; computed once per group and day for the stored
    series."""
    if not series:
        raise _no_data(athlete)
    day = squad.day(athlete, series, date)
    group = squad.group(athlete)
    stored = squad.series.get(athlete) is series
    key = (group, day)
    if stored and key in squad.sds:
        return squad.sds[key]
    # by name: a set's order changes with the process's hash seed, and so would the float sums
    members = {n: squad.series[n] for n in sorted(group) if n in squad.series}
    members[athlete] = list(series)
    sd = readiness_between_athlete_sd(members, date=day)
    if stored:
        squad.sds[key] = sd
    return sd


def _stored_series(store: Store, squad: _Squad, athlete: str) -> list[DailySeries]:
    series = squad.series.get(athlete)
    if series is None:
        store.get_athlete(athlete)  # NotFoundError (with close names) if there is none
        raise _no_data(athlete)
    return series


def _readiness(
    store: Store, squad: _Squad, athlete: str, date: dt.date | None
) -> tuple[Readiness, list[DailySeries]]:
    """Readiness with the stored series, kept while its series and SD stay the same."""
    series = _stored_series(store, squad, athlete)
    sd = _between_athlete_sd(squad, athlete, series, date)
    held = squad.assessed.get((athlete, date))
    if held is None or held[0] is not series or held[1] != sd:
        try:
            outcome: Any = readiness_assess(athlete, series, date=date, between_athlete_sd=sd)
        except NeuroliftError as exc:
            outcome = exc
        held = (series, sd, outcome)
        squad.assessed[(athlete, date)] = held
    if isinstance(held[2], NeuroliftError):
        raise held[2]
    return held[2], series


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
    change is Hopkins' 0.2 x the between-athlete SD of the athlete's reference group (their
    teams, else every athlete in the store; see the module notes); with a group of one it falls
    back to the athlete's own SD, labelled ``individual_fallback`` in the markers.

    Raises
    ------
    NotFoundError
        No such athlete, or no CMJ, velocity or wellness data for them.
    """
    squad = _squad(store)
    if exercise is None and reference_load_kg is None:
        return _readiness(store, squad, athlete, date)[0]
    series = readiness_series(
        store, athlete, exercise=exercise, reference_load_kg=reference_load_kg
    )
    sd = _between_athlete_sd(squad, athlete, series, date)
    return readiness_assess(athlete, series, date=date, between_athlete_sd=sd)


@dataclass(frozen=True)
class ReadinessTrends(Result):
    """Readiness on a day and the daily series it was judged on (the athlete page's trends)."""

    readiness: Readiness
    series: tuple[DailySeries, ...]


def readiness_trends(store: Store, athlete: str, *, date: dt.date | None = None) -> ReadinessTrends:
    """:func:`readiness_for` together with its daily series, read from the store once."""
    readiness, series = _readiness(store, _squad(store), athlete, date)
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
    squad = _squad(store)
    for name in squad.names if names is None else names:
        try:
            rows.append(_readiness(store, squad, name, date)[0])
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
    day = min(end, last_logged_day(log, end))
    readiness, series = _readiness(store, _squad(store), athlete, day)
    return report_weekly(athlete, week, log, series, readiness)
