"""Repository functions of the training system on a :class:`~neurolift.store.Store`.

Every write is one transaction: a log batch is validated entry by entry against the stored 1RMs
inside the transaction, and any bad entry rolls the whole batch back (nothing half-written).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import func, select

import neurolift
from neurolift._results import to_plain
from neurolift.errors import InvalidParameterError, NotFoundError
from neurolift.store.models import Athlete
from neurolift.store.repository import Store
from neurolift.store.training_models import (
    NmesLogRow,
    OneRmRecord,
    PlyoLogRow,
    SetLogRow,
    TrainingProfile,
    TrainingProgram,
    WellnessLogRow,
)
from neurolift.training.athlete import AthleteProfile, OneRm, athlete_profile
from neurolift.training.overreaching import DailySeries
from neurolift.training.programs import Program
from neurolift.training.traininglog import (
    NmesLog,
    PlyoLog,
    SetLog,
    TrainingLog,
    WellnessLog,
    log_set,
)

__all__ = [
    "profile_save",
    "profile_load",
    "one_rm_add",
    "one_rms_current",
    "program_save",
    "program_latest",
    "log_save",
    "log_load",
    "readiness_series",
    "squad_names",
]


def _athlete(s: Any, name: str) -> Athlete:
    return Store._athlete_row(s, name)


def profile_save(store: Store, profile: AthleteProfile) -> AthleteProfile:
    """Create or update the athlete, the training profile and the 1RMs, in one transaction."""
    with store.session() as s:
        row = s.scalar(select(Athlete).where(Athlete.name == profile.name))
        if row is None:
            row = Athlete(name=profile.name)
            s.add(row)
        row.level = profile.level
        row.body_mass_kg = profile.body_mass_kg
        s.flush()
        tp = s.scalar(select(TrainingProfile).where(TrainingProfile.athlete_id == row.id))
        if tp is None:
            tp = TrainingProfile(athlete_id=row.id)
            s.add(tp)
        tp.training_age_years = profile.training_age_years
        tp.goals = list(profile.goals)
        tp.equipment = list(profile.equipment)
        tp.available_days = list(profile.available_days)
        tp.contraindications = list(profile.contraindications)
        tp.updated_at = dt.datetime.now(dt.UTC)
        for o in profile.one_rms:
            s.add(
                OneRmRecord(
                    athlete_id=row.id,
                    exercise=o.exercise,
                    load_kg=o.load_kg,
                    measured_on=o.measured_on,
                    method=o.method,
                )
            )
    return profile


def one_rm_add(store: Store, name: str, one_rm: OneRm) -> OneRm:
    """Record a new 1RM (measured, velocity- or rep-estimated); the latest by date is current."""
    with store.session() as s:
        aid = _athlete(s, name).id
        s.add(
            OneRmRecord(
                athlete_id=aid,
                exercise=one_rm.exercise,
                load_kg=one_rm.load_kg,
                measured_on=one_rm.measured_on,
                method=one_rm.method,
            )
        )
    return one_rm


def _current_one_rms(s: Any, aid: int) -> dict[str, OneRmRecord]:
    rows = s.scalars(
        select(OneRmRecord)
        .where(OneRmRecord.athlete_id == aid)
        .order_by(OneRmRecord.measured_on, OneRmRecord.id)
    )
    return {r.exercise: r for r in rows}


def one_rms_current(store: Store, name: str) -> dict[str, float]:
    """Current 1RM (kg) per exercise."""
    with store.session(write=False) as s:
        return {k: r.load_kg for k, r in _current_one_rms(s, _athlete(s, name).id).items()}


def profile_load(store: Store, name: str) -> AthleteProfile:
    """The athlete's profile with the current 1RM of each exercise."""
    with store.session(write=False) as s:
        a = _athlete(s, name)
        tp = s.scalar(select(TrainingProfile).where(TrainingProfile.athlete_id == a.id))
        orms = tuple(
            OneRm(r.exercise, r.load_kg, r.measured_on, r.method)
            for r in _current_one_rms(s, a.id).values()
        )
        if a.level is None or a.body_mass_kg is None:
            raise NotFoundError(
                f"Store: athlete {name!r} has no level or body mass; set them with "
                "`neurolift athlete add` (or update the profile)"
            )
        kw: dict[str, Any] = {}
        if tp is not None:
            kw = dict(
                goals=tp.goals or ("strength",),
                equipment=tp.equipment,
                available_days=tp.available_days or ("mon", "wed", "fri"),
                training_age_years=tp.training_age_years,
                contraindications=tp.contraindications,
            )
        return athlete_profile(
            a.name, level=a.level, body_mass_kg=a.body_mass_kg, one_rms=orms, **kw
        )


def program_save(store: Store, program: Program) -> int:
    """Store a generated program (whole ``to_dict()``); returns its id."""
    with store.session() as s:
        aid = _athlete(s, program.athlete).id
        row = TrainingProgram(
            athlete_id=aid,
            goal=program.goal,
            level=program.level,
            start_date=program.start_date,
            n_weeks=program.n_weeks,
            days_per_week=program.days_per_week,
            payload=to_plain(program.to_dict()),
            software_version=neurolift.__version__,
        )
        s.add(row)
        s.flush()
        return int(row.id)


def program_latest(store: Store, name: str) -> dict[str, Any]:
    """The most recently created program of the athlete, as stored (plain dict)."""
    with store.session(write=False) as s:
        aid = _athlete(s, name).id
        row = s.scalar(
            select(TrainingProgram)
            .where(TrainingProgram.athlete_id == aid)
            .order_by(TrainingProgram.created_at.desc(), TrainingProgram.id.desc())
        )
        if row is None:
            raise NotFoundError(
                f"Store: no program for {name!r}; create one with `neurolift plan create`"
            )
        return dict(row.payload, id=row.id)


def log_save(store: Store, log: TrainingLog, *, today: dt.date | None = None) -> dict[str, int]:
    """Save a batch of entries in one transaction, after re-checking every set against the
    stored 1RM (> 3 x 1RM is refused). Any error writes nothing."""
    with store.session() as s:
        a = _athlete(s, log.athlete)
        orms = {k: r.load_kg for k, r in _current_one_rms(s, a.id).items()}
        for i, e in enumerate(log.sets):
            try:
                log_set(
                    **{k: getattr(e, k) for k in SetLog.__dataclass_fields__},
                    one_rm_kg=orms.get(e.exercise),
                    today=today,
                )
            except InvalidParameterError as exc:
                raise InvalidParameterError(
                    f"log_save: set {i + 1} of {len(log.sets)}: {exc}; nothing was saved"
                ) from None
            s.add(
                SetLogRow(
                    athlete_id=a.id,
                    performed_on=e.date,
                    **{k: getattr(e, k) for k in SetLog.__dataclass_fields__ if k != "date"},
                )
            )
        for pe in log.plyometrics:
            s.add(
                PlyoLogRow(
                    athlete_id=a.id,
                    performed_on=pe.date,
                    exercise=pe.exercise,
                    contacts=pe.contacts,
                    tier=pe.tier,
                )
            )
        for ne in log.nmes:
            s.add(
                NmesLogRow(
                    athlete_id=a.id,
                    performed_on=ne.date,
                    **{k: getattr(ne, k) for k in NmesLog.__dataclass_fields__ if k != "date"},
                )
            )
        for we in log.wellness:
            s.add(
                WellnessLogRow(
                    athlete_id=a.id,
                    performed_on=we.date,
                    **{k: getattr(we, k) for k in WellnessLog.__dataclass_fields__ if k != "date"},
                )
            )
        s.flush()
    return {
        "sets": len(log.sets),
        "plyometrics": len(log.plyometrics),
        "nmes": len(log.nmes),
        "wellness": len(log.wellness),
    }


def log_load(
    store: Store, name: str, *, start: dt.date | None = None, end: dt.date | None = None
) -> TrainingLog:
    """Every logged entry of the athlete between ``start`` and ``end`` (inclusive), oldest first."""

    def rng(q: Any, col: Any) -> Any:
        if start is not None:
            q = q.where(col >= start)
        if end is not None:
            q = q.where(col <= end)
        return q.order_by(col, q.selected_columns[0].table.c.id)

    with store.session(write=False) as s:
        aid = _athlete(s, name).id
        sets = tuple(
            SetLog(
                r.performed_on,
                r.exercise,
                r.set_index,
                r.load_kg,
                r.reps,
                r.rir,
                r.rpe,
                r.mean_velocity_m_s,
                r.peak_velocity_m_s,
                r.velocity_loss_pct,
                r.target_load_kg,
                r.target_reps,
            )
            for r in s.scalars(
                rng(select(SetLogRow).where(SetLogRow.athlete_id == aid), SetLogRow.performed_on)
            )
        )
        plyo = tuple(
            PlyoLog(r.performed_on, r.exercise, r.contacts, r.tier)
            for r in s.scalars(
                rng(select(PlyoLogRow).where(PlyoLogRow.athlete_id == aid), PlyoLogRow.performed_on)
            )
        )
        nmes = tuple(
            NmesLog(
                r.performed_on,
                r.muscle,
                r.frequency_hz,
                r.pulse_width_us,
                r.on_s,
                r.off_s,
                r.contractions,
                r.intensity_ma,
                r.evoked_pct_mvc,
            )
            for r in s.scalars(
                rng(select(NmesLogRow).where(NmesLogRow.athlete_id == aid), NmesLogRow.performed_on)
            )
        )
        well = tuple(
            WellnessLog(
                r.performed_on, r.sleep_h, r.sleep_quality, r.energy, r.mood, r.stress, r.soreness
            )
            for r in s.scalars(
                rng(
                    select(WellnessLogRow).where(WellnessLogRow.athlete_id == aid),
                    WellnessLogRow.performed_on,
                )
            )
        )
    return TrainingLog(name, sets, plyo, nmes, well)


def readiness_series(
    store: Store,
    name: str,
    *,
    exercise: str | None = None,
    reference_load_kg: float | None = None,
    load_tolerance_kg: float = 2.5,
) -> list[DailySeries]:
    """Daily series for :func:`neurolift.training.overreaching.readiness_assess` from the store.

    CMJ height and RSI-mod: the mean of each day's CMJ trials (``metric_history`` of kind
    ``cmj``). Velocity at the reference load: the best mean velocity of the day's sets within
    ``load_tolerance_kg`` of the reference (default: the load logged with a velocity
    on the most days, ties to the lightest, of the most often velocity-logged exercise). Wellness score and sleep from the check-ins.
    """
    out: list[DailySeries] = []
    # CMJ height: ``jump_height_m``, or the force module's impulse-momentum height
    # ``jump_height_impulse_m`` (the same quantity under the name force_analyze gives it)
    for metric, stored_as in (
        ("jump_height_m", ("jump_height_m", "jump_height_impulse_m")),
        ("rsi_modified_m_s", ("rsi_modified_m_s",)),
    ):
        by_day: dict[dt.date, list[float]] = defaultdict(list)
        for stored in stored_as:
            for p in store.metric_history(name, stored, kind="cmj"):
                by_day[p.performed_at.date()].append(p.value)
            if by_day:
                break
        if by_day:
            days = sorted(by_day)
            out.append(
                DailySeries(
                    metric, tuple(days), tuple(sum(by_day[d]) / len(by_day[d]) for d in days)
                )
            )
    log = log_load(store, name)
    vsets = [x for x in log.sets if x.mean_velocity_m_s is not None]
    if vsets:
        ex = exercise or Counter(x.exercise for x in vsets).most_common(1)[0][0]
        vsets = [x for x in vsets if x.exercise == ex]
        if vsets:
            if reference_load_kg is not None:
                ref = float(reference_load_kg)
            else:  # the load lifted on the most days; ties go to the lightest (a warm-up load)
                n_days = Counter(load for load, _ in {(x.load_kg, x.date) for x in vsets})
                ref = min(n_days, key=lambda load: (-n_days[load], load))
            best: dict[dt.date, float] = {}
            for x in vsets:
                if abs(x.load_kg - ref) <= load_tolerance_kg:
                    best[x.date] = max(best.get(x.date, 0.0), float(x.mean_velocity_m_s or 0.0))
            if best:
                days = sorted(best)
                out.append(
                    DailySeries("velocity_ref_m_s", tuple(days), tuple(best[d] for d in days))
                )
    if log.wellness:
        out.append(
            DailySeries(
                "wellness_score",
                tuple(w.date for w in log.wellness),
                tuple(w.wellness_score for w in log.wellness),
            )
        )
        out.append(
            DailySeries(
                "sleep_h",
                tuple(w.date for w in log.wellness),
                tuple(w.sleep_h for w in log.wellness),
            )
        )
    return out


def squad_names(store: Store) -> list[str]:
    """Names of athletes with a training profile or any log entry."""
    with store.session(write=False) as s:
        ids = set(s.scalars(select(TrainingProfile.athlete_id)))
        ids |= set(s.scalars(select(func.distinct(SetLogRow.athlete_id))))
        ids |= set(s.scalars(select(func.distinct(WellnessLogRow.athlete_id))))
        return sorted(a.name for a in s.scalars(select(Athlete).where(Athlete.id.in_(ids))))
