"""Athletes, their training profile and log, and what the store holds.

What to call:

* ``neurolift athlete add`` and the "new athlete" form: :func:`athlete_register`;
* ``neurolift log set|plyo|nmes|wellness`` and the log forms: :func:`log_entries_save`;
* ``neurolift log import`` and a log upload: :func:`log_import`;
* ``neurolift log export`` and the log download: :func:`log_export`;
* ``neurolift db info``: :func:`store_info`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from neurolift._results import Result
from neurolift.errors import InvalidParameterError
from neurolift.store import training_repo
from neurolift.store.repository import AthleteRecord, Store
from neurolift.store.training_repo import LogImport, log_load, log_save, profile_save
from neurolift.training.athlete import AthleteProfile, OneRm, athlete_profile
from neurolift.training.traininglog import TrainingLog, log_write

__all__ = [
    "LogExport",
    "athlete_register",
    "log_entries_save",
    "log_export",
    "log_import",
    "store_info",
]


def athlete_register(
    store: Store,
    name: str,
    *,
    body_mass_kg: float | None = None,
    sex: str | None = None,
    level: str | None = None,
    training_age_years: float | None = None,
    goals: Sequence[str] = (),
    one_rms: Mapping[str, float] | None = None,
    one_rm_method: str = "measured",
    one_rm_date: dt.date | None = None,
    equipment: Sequence[str] = (),
    available_days: Sequence[str] = (),
    contraindications: Sequence[str] = (),
) -> AthleteRecord | AthleteProfile:
    """Add an athlete; with ``level`` and ``body_mass_kg`` also their training profile (goals,
    1RMs dated ``one_rm_date`` - default today -, equipment, days), returned as the profile.

    Profile fields without ``level`` and ``body_mass_kg`` are refused.
    """
    profile_fields = any(
        [
            training_age_years is not None,
            goals,
            one_rms,
            equipment,
            available_days,
            contraindications,
        ]
    )
    if level is None or body_mass_kg is None:
        if profile_fields:
            raise InvalidParameterError(
                "athlete add: profile fields need --level and --body-mass-kg"
            )
        return store.add_athlete(name, body_mass_kg=body_mass_kg, sex=sex, level=level)
    when = one_rm_date or dt.date.today()
    orms = []
    for ex, kg in (one_rms or {}).items():
        try:
            orms.append(OneRm(ex.strip(), float(kg), when, one_rm_method))
        except ValueError as exc:
            raise InvalidParameterError(f"athlete add: bad 1RM {ex}={kg}: {exc}") from None
    kw: dict[str, Any] = {}
    if equipment:
        kw["equipment"] = list(equipment)
    if available_days:
        kw["available_days"] = list(available_days)
    profile = athlete_profile(
        name,
        level=level,
        body_mass_kg=body_mass_kg,
        goals=list(goals) or ["strength"],
        one_rms=orms,
        training_age_years=training_age_years,
        contraindications=list(contraindications),
        **kw,
    )
    store.add_athlete(name, body_mass_kg=body_mass_kg, sex=sex, level=level)
    return profile_save(store, profile)


def log_entries_save(
    store: Store, log: TrainingLog, *, number_sets: bool = False
) -> dict[str, Any]:
    """Save a batch of log entries (one transaction; checked against the stored 1RMs): the
    athlete and how many entries of each kind were saved. ``number_sets`` gives each set the
    next free set number of its day and exercise (a set logged without one)."""
    return {"athlete": log.athlete, **log_save(store, log, number_sets=number_sets)}


def log_import(
    store: Store,
    path: str | Path,
    *,
    athlete: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> LogImport:
    """Import a whole log file (CSV with a ``type`` column, or JSON), each row under the athlete
    it names (``athlete`` for rows that name none). Every entry is checked, against the
    athlete's stored 1RMs too, and one bad entry saves nothing; entries already stored are
    skipped, so a file imported twice is stored once. See
    :func:`neurolift.store.training_repo.log_import`."""
    return training_repo.log_import(store, path, athlete=athlete, progress=progress)


@dataclass(frozen=True)
class LogExport(Result):
    athlete: str
    file: str
    entries: int


def log_export(
    store: Store,
    athlete: str,
    path: str | Path,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> LogExport:
    """Write the athlete's log between ``start`` and ``end`` (inclusive) to CSV or JSON."""
    log = log_load(store, athlete, start=start, end=end)
    log_write(log, path)
    return LogExport(athlete, str(path), len(log))


def store_info(store: Store) -> dict[str, Any]:
    """The database (password hidden), its schema revision and how many athletes and results."""
    return {
        "database": store.display_url(),
        "revision": store.current_revision(),
        "athletes": len(store.list_athletes()),
        "results": len(store.results()),
    }
