"""Repository functions of the training system on a :class:`~neurolift.store.Store`.

Every write is one transaction: a log batch is validated entry by entry against the stored 1RMs
inside the transaction, and any bad entry rolls the whole batch back (nothing half-written).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

import neurolift
from neurolift._results import Result, to_plain
from neurolift._validation import check_range
from neurolift.errors import ConflictError, InvalidParameterError, NotFoundError
from neurolift.store.models import AnalysisResult, Athlete, Metric
from neurolift.store.repository import Store
from neurolift.store.training_models import (
    NmesLogRow,
    OneRmRecord,
    PlyoLogRow,
    ReadinessVersion,
    SetLogRow,
    TrainingProfile,
    TrainingProgram,
    WellnessLogRow,
)
from neurolift.training.athlete import AthleteProfile, OneRm, athlete_profile
from neurolift.training.overreaching import DailySeries
from neurolift.training.programs import Program
from neurolift.training.traininglog import (
    LogEntry,
    NmesLog,
    PlyoLog,
    SetLog,
    TrainingLog,
    WellnessLog,
    log_check_load,
    log_entries,
)
from neurolift.training.vbt_readiness import VelocityPoint, vbt_reference_load

__all__ = [
    "profile_save",
    "profile_load",
    "one_rm_add",
    "one_rms_current",
    "program_save",
    "program_latest",
    "LogImport",
    "log_import",
    "log_save",
    "log_load",
    "readiness_series",
    "velocity_sets",
    "squad_names",
    "squad_series",
    "readiness_versions",
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


# entry bucket -> (table, natural key after athlete_id); the unique indexes of 0004_log_keys
_LOG_TABLES: dict[str, tuple[Any, tuple[str, ...]]] = {
    "sets": (SetLogRow, ("performed_on", "exercise", "set_index")),
    "plyometrics": (PlyoLogRow, ("performed_on", "exercise")),
    "nmes": (NmesLogRow, ("performed_on", "muscle")),
    "wellness": (WellnessLogRow, ("performed_on",)),
}
_BUCKETS = tuple(_LOG_TABLES)


@dataclass(frozen=True)
class LogImport(Result):
    """What an import or save did: entries saved and entries already stored, per bucket
    (``sets``, ``plyometrics``, ``nmes``, ``wellness``) and per athlete."""

    file: str | None
    athletes: tuple[str, ...]
    saved: dict[str, int]
    already_stored: dict[str, int]
    by_athlete: dict[str, dict[str, int]]


def _entry_row(aid: int, entry: Any) -> dict[str, Any]:
    row = {f.name: getattr(entry, f.name) for f in dataclasses.fields(entry) if f.name != "date"}
    row["athlete_id"] = aid
    row["performed_on"] = entry.date
    return row


def _describe(kind: str, row: Mapping[str, Any]) -> str:
    day = row["performed_on"].isoformat()
    if kind == "sets":
        return f"{row['exercise']} set {row['set_index']} on {day}"
    if kind == "plyometrics":
        return f"{row['exercise']} on {day}"
    if kind == "nmes":
        return f"NMES of the {row['muscle']} on {day}"
    return f"the wellness check-in of {day}"


def _insert_new(s: Any, table: Any, keys: tuple[str, ...]) -> Any:
    """INSERT that skips rows whose natural key is stored (they are compared afterwards)."""
    dialect = s.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        stmt: Any = pg_insert(table).on_conflict_do_nothing(index_elements=list(keys))
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        stmt = sqlite_insert(table).on_conflict_do_nothing(index_elements=list(keys))
    else:  # pragma: no cover - the store is tested on SQLite and PostgreSQL
        return None
    return stmt.returning(*(table.c[k] for k in keys))


class _LogWriter:
    """Writes validated log entries inside one transaction, chunk by chunk (see log_import)."""

    def __init__(self, s: Any, *, prefix: str, today: dt.date | None) -> None:
        self.s = s
        self.prefix = prefix
        self.today = today
        self.athletes: dict[str, tuple[int, dict[str, float]]] = {}
        self.saved: dict[str, Counter[str]] = defaultdict(Counter)
        self.already: Counter[str] = Counter()
        self.numbers: dict[tuple[int, dt.date, str], int] = {}

    def _where(self, e: LogEntry) -> str:
        return f"{self.prefix}{e.where}"

    def _athlete(self, e: LogEntry) -> tuple[int, dict[str, float]]:
        if not e.athlete:
            raise InvalidParameterError(
                f"{self._where(e)}: the entry names no athlete; add an athlete column or pass "
                "--athlete"
            )
        got = self.athletes.get(e.athlete)
        if got is None:
            try:
                aid = _athlete(self.s, e.athlete).id
            except NotFoundError as exc:
                raise NotFoundError(f"{self._where(e)}: {exc}; nothing was saved") from None
            got = (aid, {k: r.load_kg for k, r in _current_one_rms(self.s, aid).items()})
            self.athletes[e.athlete] = got
        return got

    def numbered(self, e: LogEntry) -> LogEntry:
        """``e`` with the next free set number of its day and exercise (sets only)."""
        if not isinstance(e.entry, SetLog):
            return e
        aid, _ = self._athlete(e)
        top = self.s.scalar(
            select(func.max(SetLogRow.set_index)).where(
                SetLogRow.athlete_id == aid,
                SetLogRow.performed_on == e.entry.date,
                SetLogRow.exercise == e.entry.exercise,
            )
        )
        taken = self.numbers.get((aid, e.entry.date, e.entry.exercise), int(top or 0))
        self.numbers[(aid, e.entry.date, e.entry.exercise)] = taken + 1
        return dataclasses.replace(e, entry=dataclasses.replace(e.entry, set_index=taken + 1))

    def write(self, entries: Sequence[LogEntry]) -> None:
        items: dict[str, list[tuple[LogEntry, dict[str, Any]]]] = defaultdict(list)
        for e in entries:
            aid, orms = self._athlete(e)
            if isinstance(e.entry, SetLog):
                try:
                    log_check_load(
                        exercise=e.entry.exercise,
                        load_kg=e.entry.load_kg,
                        one_rm_kg=orms.get(e.entry.exercise),
                    )
                except InvalidParameterError as exc:
                    raise InvalidParameterError(
                        f"{self._where(e)}: {exc}; nothing was saved"
                    ) from None
            items[e.kind].append((e, _entry_row(aid, e.entry)))
        for kind, batch in items.items():
            self._insert(kind, batch)

    def _insert(self, kind: str, batch: list[tuple[LogEntry, dict[str, Any]]]) -> None:
        model, natural = _LOG_TABLES[kind]
        table = model.__table__
        keys = ("athlete_id", *natural)
        stmt = _insert_new(self.s, table, keys)
        rows = [r for _, r in batch]
        if stmt is None:  # pragma: no cover
            self.s.execute(insert(table), rows)
            new: Counter[tuple[Any, ...]] = Counter(tuple(r[k] for k in keys) for r in rows)
        else:
            new = Counter(tuple(x) for x in self.s.execute(stmt, rows))
        skipped = []
        for e, r in batch:
            k = tuple(r[c] for c in keys)
            if new[k] > 0:
                new[k] -= 1
                self.saved[e.athlete or ""][kind] += 1
            else:
                skipped.append((e, r, k))
        if not skipped:
            return
        # entries whose key is stored already: the same entry again is skipped, another refused
        stored = {
            tuple(x[c] for c in keys): x
            for x in self.s.execute(
                select(table).where(
                    table.c.athlete_id.in_({r["athlete_id"] for _, r, _ in skipped}),
                    table.c.performed_on.in_({r["performed_on"] for _, r, _ in skipped}),
                )
            ).mappings()
        }
        for e, r, k in skipped:
            old = stored[k]
            diff = [c for c in r if c not in keys and old[c] != r[c]]
            if diff:
                shown = ", ".join(f"{c} {old[c]!r} stored, {r[c]!r} here" for c in diff)
                raise ConflictError(
                    f"{self._where(e)}: {_describe(kind, r)} is already logged for "
                    f"{e.athlete} with other values ({shown}); one entry per "
                    f"{'set number' if kind == 'sets' else 'day'} - correct the entry or its "
                    f"{'set_index' if kind == 'sets' else 'date'}; nothing was saved"
                )
            self.already[kind] += 1

    def summary(self, file: str | None) -> LogImport:
        total: Counter[str] = Counter()
        for c in self.saved.values():
            total.update(c)
        return LogImport(
            file,
            tuple(sorted(self.athletes)),
            {k: total[k] for k in _BUCKETS},
            {k: self.already[k] for k in _BUCKETS},
            {a: {k: self.saved[a][k] for k in _BUCKETS} for a in sorted(self.athletes)},
        )


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for x in items:
        chunk.append(x)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def log_import(
    store: Store,
    path: str | Path,
    *,
    athlete: str | None = None,
    today: dt.date | None = None,
    chunk_size: int = 2000,
    progress: Callable[[int, int], None] | None = None,
) -> LogImport:
    """Import a CSV or JSON log file, each row under the athlete it names; all or nothing.

    Idempotent: an entry whose natural key (athlete, day, exercise and set number for a set;
    athlete, day and drill or muscle for plyometrics and NMES; athlete and day for a check-in)
    is stored with the same values is skipped, so importing a file twice stores it once; the
    same key with other values is refused (:class:`ConflictError`). Unknown athletes are refused
    (add them first). The file is read and written ``chunk_size`` entries at a time inside one
    transaction, so memory stays bounded however long the file; any bad entry rolls the whole
    import back. ``progress(done, total)`` receives bytes read.
    """
    check_range("chunk_size", chunk_size, 1, 1e6, where="log_import")
    entries = log_entries(path, athlete=athlete, today=today, progress=progress)
    with store.session() as s:
        writer = _LogWriter(s, prefix=f"{path}, ", today=today)
        for chunk in _chunks(entries, int(chunk_size)):
            writer.write(chunk)
    return writer.summary(str(path))


def log_save(
    store: Store, log: TrainingLog, *, today: dt.date | None = None, number_sets: bool = False
) -> dict[str, int]:
    """Save a batch of entries in one transaction, after re-checking every set against the
    stored 1RM (> 3 x 1RM is refused). Any error writes nothing. Entries already stored with the
    same values are skipped; the counts are of entries saved now. ``number_sets`` gives each
    set the next free set number of its athlete, day and exercise (inside the transaction)."""
    entries: list[LogEntry] = []
    for kind in _BUCKETS:
        items = getattr(log, kind)
        entries += [
            LogEntry(
                log.athlete,
                kind,
                e,
                f"{kind[:-1] if kind == 'sets' else kind} {i + 1} of {len(items)}",
            )
            for i, e in enumerate(items)
        ]
    with store.session() as s:
        writer = _LogWriter(s, prefix="log_save: ", today=today)
        if number_sets:
            entries = [writer.numbered(e) for e in entries]
        writer.write(entries)
    return writer.summary(None).saved


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
            _wellness_entry(r)
            for r in s.scalars(
                rng(
                    select(WellnessLogRow).where(WellnessLogRow.athlete_id == aid),
                    WellnessLogRow.performed_on,
                )
            )
        )
    return TrainingLog(name, sets, plyo, nmes, well)


def _utc(t: dt.datetime) -> dt.datetime:  # SQLite gives naive datetimes back (stored as UTC)
    return t if t.tzinfo is not None else t.replace(tzinfo=dt.UTC)


def _wellness_entry(r: Any) -> WellnessLog:
    """A stored check-in (an ORM row, or a row of its columns) as a log entry."""
    return WellnessLog(
        r.performed_on, r.sleep_h, r.sleep_quality, r.energy, r.mood, r.stress, r.soreness
    )


def _velocity_points(
    logged: Iterable[tuple[dt.date, str, float, float]],
    measured: Iterable[tuple[dt.datetime, Mapping[str, Any]]],
) -> dict[str, list[VelocityPoint]]:
    """Velocity sets by exercise, oldest first, from the logged sets with a velocity (day,
    exercise, load, velocity) and the measured ``vbt`` set results (time, payload): the rule of
    :func:`velocity_sets`, for one athlete's rows."""
    out: dict[str, list[VelocityPoint]] = defaultdict(list)
    for day, exercise, load, velocity in logged:
        when = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
        out[exercise].append(VelocityPoint(when, float(load), float(velocity)))
    measured = list(measured)
    seen = (  # only a measured set can repeat a logged one
        {
            (q.performed_at.date(), exercise, round(q.load_kg, 3), round(q.velocity_m_s, 4))
            for exercise, points in out.items()
            for q in points
        }
        if measured
        else set()
    )
    for when, payload in measured:
        ex, kg, v = (payload.get(k) for k in ("exercise", "load_kg", "best_velocity_m_s"))
        if not (ex and kg and v):
            continue
        if (when.date(), ex, round(float(kg), 3), round(float(v), 4)) in seen:
            continue
        out[str(ex)].append(VelocityPoint(when, float(kg), float(v)))
    return {k: sorted(v, key=lambda q: q.performed_at) for k, v in out.items()}


def _logged_velocities(log: TrainingLog) -> list[tuple[dt.date, str, float, float]]:
    return [
        (x.date, x.exercise, x.load_kg, x.mean_velocity_m_s)
        for x in log.sets
        if x.mean_velocity_m_s is not None
    ]


def _measured_sets(store: Store, name: str) -> list[tuple[dt.datetime, dict[str, Any]]]:
    return [
        (r.performed_at, r.payload) for r in store.results(athlete=name, domain="vbt", kind="set")
    ]


def velocity_sets(store: Store, name: str) -> dict[str, list[VelocityPoint]]:
    """Every velocity set of the athlete by exercise, oldest first: the one reader of velocity
    sets (readiness, velocity readiness and load-velocity profiles all use it).

    A velocity set is stored in one of two ways: logged by hand with a velocity (the training
    log; its time is the day at 00:00 UTC) or measured with a bar device and kept as an
    analysis (``vbt`` results: the best rep's velocity at the set's load). A measured set that
    was also logged with the same day, exercise, load and velocity counts once.
    """
    return _velocity_points(_logged_velocities(log_load(store, name)), _measured_sets(store, name))


# The readiness markers read from CMJ metrics: marker -> the stored names, in order of preference.
# CMJ height: the force module's impulse-momentum height ``jump_height_impulse_m``, or a
# result stored under the former name ``jump_height_m`` (the same quantity)
_CMJ_MARKERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("jump_height_impulse_m", ("jump_height_impulse_m", "jump_height_m")),
    ("rsi_modified_m_s", ("rsi_modified_m_s",)),
)
_CMJ_STORED = tuple(name for _, names in _CMJ_MARKERS for name in names)


def _daily_series(
    cmj: Mapping[str, Sequence[tuple[dt.datetime, float]]],
    vsets: Mapping[str, Sequence[VelocityPoint]],
    wellness: Sequence[WellnessLog],
    *,
    exercise: str | None,
    reference_load_kg: float | None,
    load_tolerance_kg: float,
) -> list[DailySeries]:
    """The daily series of :func:`readiness_series` from one athlete's rows: CMJ metrics by
    stored name (time, value; oldest first), velocity sets by exercise, check-ins."""
    out: list[DailySeries] = []
    for metric, stored_as in _CMJ_MARKERS:
        by_day: dict[dt.date, list[float]] = defaultdict(list)
        for stored in stored_as:
            for when, value in cmj.get(stored, ()):
                by_day[when.date()].append(value)
            if by_day:
                break
        if by_day:
            days = sorted(by_day)
            out.append(
                DailySeries(
                    metric, tuple(days), tuple(sum(by_day[d]) / len(by_day[d]) for d in days)
                )
            )
    counts = Counter({k: len(v) for k, v in vsets.items()}).most_common(1)
    ex = exercise or (counts[0][0] if counts else None)
    pts = vsets.get(ex, []) if ex else []
    if pts:
        ref = (
            float(reference_load_kg)
            if reference_load_kg is not None
            else vbt_reference_load(pts, load_tolerance_kg=load_tolerance_kg)
        )
        best: dict[dt.date, float] = {}
        for q in pts:
            if abs(q.load_kg - ref) <= load_tolerance_kg:
                day = q.performed_at.date()
                best[day] = max(best.get(day, 0.0), q.velocity_m_s)
        if best:
            days = sorted(best)
            out.append(DailySeries("velocity_ref_m_s", tuple(days), tuple(best[d] for d in days)))
    if wellness:
        checked = tuple(w.date for w in wellness)
        out.append(
            DailySeries("wellness_score", checked, tuple(w.wellness_score for w in wellness))
        )
        out.append(DailySeries("sleep_h", checked, tuple(w.sleep_h for w in wellness)))
    return out


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
    ``load_tolerance_kg`` of the reference (default: the "1 m/s load" of
    :func:`neurolift.training.vbt_readiness.vbt_reference_load`), among the
    :func:`velocity_sets` of ``exercise`` (default: the exercise with the most velocity sets).
    Wellness score and sleep from the check-ins. :func:`squad_series` reads the same series of
    many athletes at once.
    """
    cmj = {
        stored: [(p.performed_at, p.value) for p in store.metric_history(name, stored, kind="cmj")]
        for stored in _CMJ_STORED
    }
    log = log_load(store, name)
    vsets = _velocity_points(_logged_velocities(log), _measured_sets(store, name))
    return _daily_series(
        cmj,
        vsets,
        log.wellness,
        exercise=exercise,
        reference_load_kg=reference_load_kg,
        load_tolerance_kg=load_tolerance_kg,
    )


def squad_series(
    store: Store, *, athlete_ids: Iterable[int] | None = None
) -> dict[str, list[DailySeries]]:
    """:func:`readiness_series` (default exercise and reference load) of every athlete, or of
    those in ``athlete_ids``, by name, read with one query per table instead of several per
    athlete; athletes without any series are left out."""
    ids = None if athlete_ids is None else sorted(set(athlete_ids))

    def only(q: Any, column: Any) -> Any:
        return q if ids is None else q.where(column.in_(ids))

    cmj: dict[int, dict[str, list[tuple[dt.datetime, float]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    logged: dict[int, list[tuple[dt.date, str, float, float]]] = defaultdict(list)
    measured: dict[int, list[tuple[dt.datetime, dict[str, Any]]]] = defaultdict(list)
    wellness: dict[int, list[WellnessLog]] = defaultdict(list)
    with store.session(write=False) as s:
        names = dict(s.execute(only(select(Athlete.id, Athlete.name), Athlete.id)).all())
        q: Any = (
            select(Metric.athlete_id, Metric.name, Metric.performed_at, Metric.value)
            .join(AnalysisResult, Metric.result_id == AnalysisResult.id)
            .where(AnalysisResult.kind == "cmj", Metric.name.in_(_CMJ_STORED))
            .order_by(Metric.performed_at, Metric.id)
        )
        for aid, metric, when, value in s.execute(only(q, Metric.athlete_id)):
            cmj[aid][metric].append((_utc(when), value))
        sets = SetLogRow
        q = (
            select(sets.athlete_id, sets.performed_on, sets.exercise, sets.load_kg,
                   sets.mean_velocity_m_s)
            .where(sets.mean_velocity_m_s.is_not(None))
            .order_by(sets.performed_on, sets.id)
        )  # fmt: skip
        for aid, day, exercise, load, velocity in s.execute(only(q, sets.athlete_id)):
            logged[aid].append((day, exercise, load, velocity))
        res = AnalysisResult
        q = (
            select(res.athlete_id, res.performed_at, res.payload)
            .where(res.domain == "vbt", res.kind == "set")
            .order_by(res.performed_at, res.id)
        )
        for aid, when, payload in s.execute(only(q, res.athlete_id)):
            measured[aid].append((_utc(when), payload))
        well = WellnessLogRow
        q = select(
            well.athlete_id, well.performed_on, well.sleep_h, well.sleep_quality, well.energy,
            well.mood, well.stress, well.soreness,
        ).order_by(well.performed_on, well.id)  # fmt: skip
        for row in s.execute(only(q, well.athlete_id)):
            wellness[row.athlete_id].append(_wellness_entry(row))
    out: dict[str, list[DailySeries]] = {}
    for aid, name in names.items():
        series = _daily_series(
            cmj.get(aid, {}),
            _velocity_points(logged.get(aid, ()), measured.get(aid, ())),
            wellness.get(aid, ()),
            exercise=None,
            reference_load_kg=None,
            load_tolerance_kg=2.5,
        )
        if series:
            out[name] = series
    return out


def readiness_versions(store: Store) -> dict[int, int]:
    """Athlete id -> how often the data readiness is computed from changed for that athlete
    (athlete record, profile, sets, check-ins, metrics, results, team memberships): database
    triggers raise the counter in the writing transaction (migration 0005), so equal counters
    mean equal readiness data, whichever process wrote. One small table read."""
    with store.session(write=False) as s:
        return {
            int(a): int(v)
            for a, v in s.execute(select(ReadinessVersion.athlete_id, ReadinessVersion.version))
        }


def squad_names(store: Store) -> list[str]:
    """Names of athletes with a training profile or any log entry."""
    with store.session(write=False) as s:
        ids = set(s.scalars(select(TrainingProfile.athlete_id)))
        ids |= set(s.scalars(select(func.distinct(SetLogRow.athlete_id))))
        ids |= set(s.scalars(select(func.distinct(WellnessLogRow.athlete_id))))
        return sorted(a.name for a in s.scalars(select(Athlete).where(Athlete.id.in_(ids))))
