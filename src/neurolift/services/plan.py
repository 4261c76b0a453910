"""Training plans: create and store a program, show it, and the day-to-day choices made on the
athlete's log - the next load (work sets), today's autoregulated load (warm-up profile or 1RM,
readiness) and the fitness-fatigue what-if.

What to call:

* ``neurolift plan create`` and the plan form: :func:`plan_create_for` (its week table:
  :func:`program_week_rows`);
* ``neurolift plan show`` and the plan page: :func:`program_stored_rows`;
* ``neurolift plan progress``: :func:`next_load_for` (its work sets: :func:`work_sets`);
* ``neurolift plan today`` and "today's load" on a page: :func:`load_today_for`;
* ``neurolift plan whatif``: :func:`whatif_for`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from neurolift._results import Result
from neurolift.errors import InvalidParameterError, NeuroliftError, NotFoundError
from neurolift.services.readiness import readiness_for
from neurolift.store.repository import Store
from neurolift.store.training_repo import (
    log_load,
    one_rms_current,
    profile_load,
    program_latest,
    program_save,
    readiness_series,
)
from neurolift.training.autoregulation import LoadToday, autoreg_load_today
from neurolift.training.banister import BanisterFit, banister_fit, banister_whatif
from neurolift.training.exercises import exercise_get
from neurolift.training.loadvelocity import LoadVelocityProfile, lv_profile_fit
from neurolift.training.overreaching import marker_name
from neurolift.training.programs import Program, program_check, program_create
from neurolift.training.progression import ProgressionDecision, progression_next
from neurolift.training.traininglog import SetLog, log_daily_load

__all__ = [
    "DatedLoad",
    "StoredProgram",
    "WhatIf",
    "WorkSets",
    "load_today_for",
    "next_load_for",
    "plan_create_for",
    "program_stored_rows",
    "program_week_rows",
    "warmup_profile",
    "whatif_for",
    "work_sets",
]


@dataclass(frozen=True)
class StoredProgram:
    """A generated, checked program and its id in the store."""

    id: int
    program: Program


def plan_create_for(
    store: Store,
    athlete: str,
    *,
    goal: str,
    weeks: int,
    days: int,
    start_date: dt.date | None = None,
    taper: bool = False,
    nmes: bool = False,
    plyometrics: bool = True,
) -> StoredProgram:
    """Generate a program from the athlete's stored profile, check it and store it.

    A program that breaks its own rules (:func:`neurolift.training.programs.program_check`) is
    refused, never stored.
    """
    prog = program_create(
        profile_load(store, athlete),
        goal=goal,
        weeks=weeks,
        days=days,
        start_date=start_date or dt.date.today(),
        taper=taper,
        nmes=nmes,
        plyometrics=plyometrics,
    )
    problems = program_check(prog)
    if problems:  # the generator must never produce this; refuse to store it
        raise InvalidParameterError(f"plan create: generated plan breaks its rules: {problems[0]}")
    return StoredProgram(program_save(store, prog), prog)


def program_week_rows(program: Program) -> list[dict[str, Any]]:
    """One row per week: block, phase, kind, sessions, resistance sets, the top %1RM, the
    sessions' focus and the plyometric contacts."""
    rows = []
    for b in program.blocks:
        for w in b.weeks:
            sets = [
                st
                for s in w.sessions
                for e in s.exercises
                if e.kind == "resistance"
                for st in e.sets
            ]
            pcts = [st.percent_1rm for st in sets if st.percent_1rm is not None]
            rows.append(
                {
                    "week": w.index,
                    "block": b.name,
                    "phase": b.phase,
                    "kind": w.kind,
                    "sessions": len(w.sessions),
                    "sets": len(sets),
                    "top_percent_1rm": max(pcts) if pcts else None,
                    "focus": "/".join(s.focus for s in w.sessions),
                    "plyo_contacts": sum(s.contacts for s in w.sessions),
                }
            )
    return rows


@dataclass(frozen=True)
class StoredProgramRows(Result):
    """The latest stored program of an athlete as one row per prescribed set."""

    id: int
    rows: tuple[dict[str, Any], ...]


def program_stored_rows(
    store: Store, athlete: str, *, week: int | None = None
) -> StoredProgramRows:
    """The athlete's latest stored program, one row per prescribed set (only ``week`` if given)."""
    payload = program_latest(store, athlete)
    rows = []
    for b in payload["blocks"]:
        for w in b["weeks"]:
            if week is not None and w["index"] != week:
                continue
            for s in w["sessions"]:
                for e in s["exercises"]:
                    for i, st in enumerate(e["sets"], 1):
                        rows.append(
                            {
                                "week": w["index"],
                                "date": s["date"],
                                "focus": s["focus"],
                                "exercise": e["exercise"],
                                "set": i,
                                **st,
                            }
                        )
    return StoredProgramRows(int(payload["id"]), tuple(rows))


@dataclass(frozen=True)
class WorkSets:
    """The work sets of an exercise's latest logged session: the sets at the day's top load."""

    date: dt.date
    exercise: str
    load_kg: float
    sets: tuple[SetLog, ...]


def work_sets(sets: Sequence[SetLog], exercise: str) -> WorkSets | None:
    """The latest day's sets of ``exercise`` at that day's top load, in set order (lighter sets
    that day are warm-ups); ``None`` when the exercise was never logged."""
    key = exercise_get(exercise).key
    mine = [s for s in sets if s.exercise == key]
    if not mine:
        return None
    day = max(s.date for s in mine)
    top = max(s.load_kg for s in mine if s.date == day)
    work = sorted(
        (s for s in mine if s.date == day and s.load_kg == top), key=lambda s: s.set_index
    )
    return WorkSets(day, key, top, tuple(work))


@dataclass(frozen=True)
class DatedLoad(Result):
    """A load decision for one exercise on one day (``to_dict`` puts the day first)."""

    date: dt.date
    exercise: str
    decision: ProgressionDecision | LoadToday

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date.isoformat(), "exercise": self.exercise, **self.decision.to_dict()}


def next_load_for(
    store: Store,
    athlete: str,
    exercise: str,
    *,
    rule: Literal["double", "rir", "velocity"] = "double",
    rep_range: tuple[int, int] = (8, 12),
    target_rir: float = 2.0,
    target_reps: int | None = None,
    target_velocity_m_s: float | None = None,
) -> DatedLoad:
    """Next load for ``exercise`` from its latest logged work sets
    (:func:`neurolift.training.progression.progression_next`)."""
    key = exercise_get(exercise).key
    work = work_sets(log_load(store, athlete).sets, key)
    if work is None:
        raise NotFoundError(f"plan progress: no logged {key} sets for {athlete!r}")
    rirs = [s.rir for s in work.sets]
    decision = progression_next(
        load_kg=work.load_kg,
        reps=[s.reps for s in work.sets],
        rule=rule,
        rep_range=rep_range,
        rir=None if any(r is None for r in rirs) else [float(r) for r in rirs if r is not None],
        target_rir=target_rir,
        target_reps=target_reps,
        first_rep_velocity_m_s=work.sets[0].mean_velocity_m_s,
        target_velocity_m_s=target_velocity_m_s,
    )
    return DatedLoad(work.date, key, decision)


def warmup_profile(
    sets: Sequence[SetLog], exercise: str, day: dt.date
) -> LoadVelocityProfile | None:
    """The day's load-velocity profile of ``exercise`` from its sets logged with a velocity,
    when they cover 3 loads or more (else ``None``)."""
    key = exercise_get(exercise).key
    pts = [
        (s.load_kg, float(s.mean_velocity_m_s))
        for s in sets
        if s.date == day and s.exercise == key and s.mean_velocity_m_s is not None
    ]
    if len({p[0] for p in pts}) < 3:
        return None
    return lv_profile_fit(
        [p[0] for p in pts], [p[1] for p in pts], exercise=key, mvt_m_s=exercise_get(key).mvt_m_s
    )


def load_today_for(
    store: Store,
    athlete: str,
    exercise: str,
    *,
    percent_1rm: float,
    date: dt.date | None = None,
    velocity_loss_cap_pct: float | None = None,
) -> DatedLoad:
    """Today's load: the day's warm-up profile (:func:`warmup_profile`) or the stored 1RM,
    adjusted by the day's readiness (green when it cannot be assessed) and rounded to plates
    (:func:`neurolift.training.autoregulation.autoreg_load_today`).

    ``date`` defaults to the latest logged day.
    """
    key = exercise_get(exercise).key
    log = log_load(store, athlete)
    day = date or max((s.date for s in log.sets), default=dt.date.today())
    try:
        status = readiness_for(store, athlete, date=day, exercise=key).status
    except NeuroliftError:
        status = "green"
    profile = warmup_profile(log.sets, key, day)
    orm = one_rms_current(store, athlete).get(key)
    if profile is None and orm is None:
        raise NotFoundError(
            f"plan today: no 1RM of {key} for {athlete!r} and no warm-up profile on {day}"
        )
    res = autoreg_load_today(
        key,
        percent_1rm=percent_1rm,
        one_rm_kg=orm,
        profile=profile,
        readiness_status=status,
        velocity_loss_cap_pct=velocity_loss_cap_pct,
    )
    return DatedLoad(day, key, res)


@dataclass(frozen=True)
class WhatIf(Result):
    """A fitness-fatigue fit to the athlete's log and its taper scenarios (a MODEL)."""

    fit: BanisterFit
    marker: str
    scenarios: tuple[dict[str, Any], ...]
    warnings: tuple[str, ...] = field(default=())


def whatif_for(store: Store, athlete: str, *, days: int = 14, marker: str | None = None) -> WhatIf:
    """Fit the Banister model to the athlete's daily load and a performance marker
    (``jump_height_impulse_m`` or ``velocity_ref_m_s``; default the CMJ when logged) and model
    ``days`` ahead under the what-if scenarios of
    :func:`neurolift.training.banister.banister_whatif`. Not a forecast."""
    series = {s.name: s for s in readiness_series(store, athlete)}
    marker = marker_name(marker) if marker else None
    name = marker or next(
        (m for m in ("jump_height_impulse_m", "velocity_ref_m_s") if m in series), None
    )
    if name is None or name not in series:
        raise NotFoundError(f"plan whatif: no {marker or 'CMJ or velocity'} series for {athlete!r}")
    perf = series[name]
    load = log_daily_load(log_load(store, athlete))
    if not load:
        raise NotFoundError(f"plan whatif: no logged training for {athlete!r}")
    first = min(min(load), min(perf.dates))
    n = (max(max(load), max(perf.dates)) - first).days + 1
    w = np.zeros(n)
    for d, v in load.items():
        w[(d - first).days] = v
    y = np.full(n, np.nan)
    for d, v in zip(perf.dates, perf.values, strict=True):
        y[(d - first).days] = v
    fit = banister_fit(w, y)
    rows = banister_whatif(fit, w, horizon_days=days)
    return WhatIf(fit, name, tuple(rows), tuple(fit.warnings))
