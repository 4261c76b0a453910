"""Store: the one entry point to the database. Every write is one transaction (all or nothing).

Several processes may write to one store at once. On SQLite the file runs in WAL mode (readers
never block the writer), every writing transaction takes the write lock up front
(``BEGIN IMMEDIATE``, so a transaction never fails half-way on a lock it cannot upgrade), a busy
writer is waited for (``busy_timeout``) and the lock is tried again a few times before the store
gives up with one line saying so. On PostgreSQL concurrent migrations are serialised by an
advisory lock. Database errors become one-line :class:`~neurolift.errors.StoreError` messages
(never the SQL statement and its parameters).
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import io
import math
import os
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import create_engine, event, insert, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

import neurolift
from neurolift._deprecation import deprecated_alias
from neurolift._results import to_plain
from neurolift.errors import ConflictError, InvalidParameterError, NotFoundError, StoreError
from neurolift.store.models import AnalysisResult, Athlete, Metric, Trial
from neurolift.timeseries import TimeSeries

DATABASE_URL_ENV = "NEUROLIFT_DATABASE_URL"

#: SQLite: how long one attempt waits for another process's write lock (s), and how many
#: attempts a writing transaction makes before giving up.
SQLITE_BUSY_TIMEOUT_S = 20.0
WRITE_ATTEMPTS = 3

# Field-name suffix -> unit, longest suffix first. Fields carry their unit in their name.
_SUFFIX_UNITS: tuple[tuple[str, str], ...] = (
    # EMG / motor units (issue 4): checked first so "_n_m_s" is not read as "_m_s" etc.
    ("_pct_mvc_s", "%MVC/s"),
    ("_pps_per_pct_mvc", "pps/%MVC"),
    ("_n_m_s", "N*m/s"),
    ("_v_per_n", "V/N"),
    ("_pct_mvc", "%MVC"),
    ("_v_s", "V*s"),
    ("_w_kg", "W/kg"),
    ("_n_s", "N/s"),
    ("_n_m", "N/m"),
    ("_m_s2", "m/s^2"),
    ("_m_s", "m/s"),
    ("_ns", "N*s"),
    ("_pct", "%"),
    ("_pps", "pps"),
    ("_hz", "Hz"),
    ("_kg", "kg"),
    ("_ms", "ms"),
    ("_w", "W"),
    ("_n", "N"),
    ("_m", "m"),
    ("_s", "s"),
    ("_j", "J"),
    ("_mv", "mV"),
    ("_v", "V"),
)


def metric_unit(name: str) -> str | None:
    """Unit of a metric from its field name, or ``None`` for dimensionless names.

    Examples
    --------
    >>> metric_unit("jump_height_m"), metric_unit("rfd_0_100ms_n_s"), metric_unit("rsi")
    ('m', 'N/s', None)
    """
    for suffix, unit in _SUFFIX_UNITS:
        if name.endswith(suffix):
            return unit
    return None


def database_default_url() -> str:
    """``$NEUROLIFT_DATABASE_URL`` if set, else a SQLite file in the user data directory."""
    url = os.environ.get(DATABASE_URL_ENV)
    if url:
        return url
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("neurolift", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'neurolift.sqlite3'}"


@dataclass(frozen=True)
class AthleteRecord:
    id: int
    name: str
    body_mass_kg: float | None
    sex: str | None
    birth_date: dt.date | None
    level: str | None
    notes: str | None

    def to_dict(self) -> dict[str, Any]:
        return to_plain(self.__dict__)


@dataclass(frozen=True)
class TrialRecord:
    id: int
    athlete_id: int | None
    domain: str
    test_type: str
    recorded_at: dt.datetime
    source_name: str | None
    content_hash: str
    signal: TimeSeries
    meta: dict[str, Any]


@dataclass(frozen=True)
class ResultRecord:
    id: int
    athlete_id: int | None
    trial_id: int | None
    domain: str
    kind: str
    performed_at: dt.datetime
    payload: dict[str, Any]
    method: dict[str, Any]
    software_version: str


@dataclass(frozen=True)
class MetricPoint:
    performed_at: dt.datetime
    value: float
    unit: str | None
    result_id: int


def _encode_signal(ts: TimeSeries) -> tuple[bytes, str]:
    buf = io.BytesIO()
    np.savez_compressed(buf, values=ts.values)
    digest = hashlib.sha256()
    digest.update(np.ascontiguousarray(ts.values).tobytes())
    digest.update(f"|{ts.sampling_rate!r}|{ts.unit}|{','.join(ts.channels)}".encode())
    return buf.getvalue(), digest.hexdigest()


def _decode_signal(row: Trial) -> TimeSeries:
    with np.load(io.BytesIO(row.signal_npz), allow_pickle=False) as data:
        values = data["values"]
    return TimeSeries(values, row.sampling_rate, row.unit, tuple(row.channels), row.t0)


def _aware(t: dt.datetime) -> dt.datetime:
    return t if t.tzinfo is not None else t.replace(tzinfo=dt.UTC)


class Store:
    """Athlete store on any SQLAlchemy URL; runs pending migrations on first use.

    Parameters
    ----------
    url : str, optional
        SQLAlchemy URL (``sqlite:///path.db``, ``postgresql+psycopg://user@host/db``). Defaults to
        :func:`database_default_url`.
    upgrade : bool
        Run Alembic migrations to the newest revision when opening (default True).
    """

    def __init__(self, url: str | None = None, *, upgrade: bool = True) -> None:
        self.url = url or database_default_url()
        if self.url.startswith("postgresql://"):
            self.url = "postgresql+psycopg://" + self.url[len("postgresql://") :]
        try:
            kwargs: dict[str, Any] = {}
            if self.url in ("sqlite://", "sqlite:///:memory:"):
                from sqlalchemy.pool import StaticPool

                kwargs = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
            self.engine: Engine = create_engine(self.url, **kwargs)
        except (SQLAlchemyError, ImportError, ValueError) as exc:
            raise StoreError(f"Store: cannot open database URL {self.url!r}: {exc}") from None
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_connect)
            event.listen(self.engine, "begin", _sqlite_begin)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._read_sessions = sessionmaker(
            self.engine.execution_options(**{_SQLITE_BEGIN: "DEFERRED"}), expire_on_commit=False
        )
        if upgrade:
            try:
                self.upgrade()
            except StoreError:
                self.engine.dispose()
                raise

    # -- schema -----------------------------------------------------------------------------
    def upgrade(self, revision: str = "head") -> None:
        """Apply Alembic migrations up to ``revision``."""
        from alembic import command
        from alembic.config import Config

        cfg = Config(str(Path(__file__).with_name("migrations") / "alembic.ini"))
        cfg.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
        try:
            with self.engine.begin() as conn:
                if conn.dialect.name == "postgresql":  # one migrating process at a time
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
        except SQLAlchemyError as exc:
            raise StoreError(
                f"Store: cannot open or migrate database {self._safe_url()}: {db_error_line(exc)}"
            ) from None

    def current_revision(self) -> str | None:
        from alembic.migration import MigrationContext

        try:
            with self.engine.execution_options(**{_SQLITE_BEGIN: "DEFERRED"}).connect() as conn:
                return MigrationContext.configure(conn).get_current_revision()
        except SQLAlchemyError as exc:
            raise StoreError(
                f"Store: cannot read {self._safe_url()}: {db_error_line(exc)}"
            ) from None

    def _safe_url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def display_url(self) -> str:
        """The database URL with its password hidden (for messages and ``neurolift db info``)."""
        return self._safe_url()

    @contextmanager
    def session(self, *, write: bool = True) -> Iterator[Session]:
        """A transaction: commits on success, rolls back everything on any error.

        A writing session (the default) holds the write lock from its first statement on
        SQLite; ``write=False`` is for reads only and never waits for a writer.
        """
        s = self._begin(write)
        try:
            yield s
            s.commit()
        except IntegrityError as exc:
            s.rollback()
            raise ConflictError(
                f"Store: the change conflicts with stored data: {db_error_line(exc)}"
            ) from None
        except SQLAlchemyError as exc:
            s.rollback()
            raise StoreError(f"Store: database error: {db_error_line(exc)}") from None
        except BaseException:
            s.rollback()
            raise
        finally:
            s.close()

    def _begin(self, write: bool) -> Session:
        """A session whose transaction has begun; a locked SQLite write is tried again."""
        sessions = self._sessions if write else self._read_sessions
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            s = sessions()
            try:
                s.connection()  # BEGIN (IMMEDIATE for a write on SQLite): waits busy_timeout
                return s
            except OperationalError as exc:
                s.close()
                if not _is_locked(exc) or attempt == WRITE_ATTEMPTS:
                    if _is_locked(exc):
                        raise StoreError(
                            f"Store: {self._safe_url()} is locked by another writer "
                            f"(waited {WRITE_ATTEMPTS} x {SQLITE_BUSY_TIMEOUT_S:g} s); try "
                            "again when the other neurolift process has finished"
                        ) from None
                    raise StoreError(
                        f"Store: cannot open {self._safe_url()}: {db_error_line(exc)}"
                    ) from None
                time.sleep(0.1 * attempt)
            except SQLAlchemyError as exc:
                s.close()
                raise StoreError(
                    f"Store: cannot open {self._safe_url()}: {db_error_line(exc)}"
                ) from None
        raise AssertionError("unreachable")  # pragma: no cover

    # -- athletes ---------------------------------------------------------------------------
    def add_athlete(
        self,
        name: str,
        *,
        body_mass_kg: float | None = None,
        sex: str | None = None,
        birth_date: dt.date | None = None,
        level: str | None = None,
        notes: str | None = None,
    ) -> AthleteRecord:
        name = (name or "").strip()
        if not name:
            raise InvalidParameterError("Store.add_athlete: name must not be empty")
        if body_mass_kg is not None and not (20.0 <= float(body_mass_kg) <= 300.0):
            raise InvalidParameterError(
                f"Store.add_athlete: body_mass_kg must lie in [20, 300] kg, got {body_mass_kg!r}"
            )
        with self.session() as s:
            if s.scalar(select(Athlete).where(Athlete.name == name)) is not None:
                raise ConflictError(f"Store.add_athlete: an athlete named {name!r} already exists")
            row = Athlete(
                name=name,
                body_mass_kg=body_mass_kg,
                sex=sex,
                birth_date=birth_date,
                level=level,
                notes=notes,
            )
            s.add(row)
            s.flush()
            return self._athlete_record(row)

    def update_athlete(self, name: str, **fields: Any) -> AthleteRecord:
        allowed = {"body_mass_kg", "sex", "birth_date", "level", "notes"}
        unknown = set(fields) - allowed
        if unknown:
            raise InvalidParameterError(f"Store.update_athlete: unknown field(s) {sorted(unknown)}")
        with self.session() as s:
            row = self._athlete_row(s, name)
            for key, value in fields.items():
                setattr(row, key, value)
            s.flush()
            return self._athlete_record(row)

    def get_athlete(self, name: str) -> AthleteRecord:
        with self.session(write=False) as s:
            return self._athlete_record(self._athlete_row(s, name))

    def get_athlete_by_id(self, athlete_id: int) -> AthleteRecord:
        with self.session(write=False) as s:
            row = s.get(Athlete, athlete_id)
            if row is None:
                raise NotFoundError(f"Store: no athlete with id {athlete_id}")
            return self._athlete_record(row)

    def list_athletes(self, *, ids: Iterable[int] | None = None) -> list[AthleteRecord]:
        """Every athlete by name, or only those whose id is in ``ids``."""
        with self.session(write=False) as s:
            q = select(Athlete).order_by(Athlete.name)
            if ids is not None:
                q = q.where(Athlete.id.in_(list(ids)))
            return [self._athlete_record(r) for r in s.scalars(q)]

    @staticmethod
    def _athlete_row(s: Session, name: str) -> Athlete:
        """The athlete named exactly ``name``. An unknown name is refused everywhere, never
        created on the fly, with the closest stored names as a hint (a typo, another case)."""
        row = s.scalar(select(Athlete).where(Athlete.name == name))
        if row is None:
            hint = _close_names(name, s.scalars(select(Athlete.name)))
            raise NotFoundError(
                f"Store: no athlete named {name!r}"
                + (f"; did you mean {' or '.join(map(repr, hint))}?" if hint else "")
                + "; add one with `neurolift athlete add`"
            )
        return row

    @staticmethod
    def _athlete_record(row: Athlete) -> AthleteRecord:
        return AthleteRecord(
            row.id, row.name, row.body_mass_kg, row.sex, row.birth_date, row.level, row.notes
        )

    # -- trials and results -----------------------------------------------------------------
    def save_analysis(
        self,
        *,
        domain: str,
        kind: str,
        result: Any,
        athlete: str | None = None,
        signal: TimeSeries | None = None,
        test_type: str | None = None,
        source_name: str | None = None,
        performed_at: dt.datetime | None = None,
        method: Mapping[str, Any] | None = None,
        meta: Mapping[str, Any] | None = None,
    ) -> ResultRecord:
        """Store a result (and its raw signal) in one transaction.

        ``result`` is a typed result with ``to_dict()`` (or a plain mapping). Its top-level
        finite numeric fields also go to the ``metrics`` table for trends. The same raw signal
        stored twice for one athlete is kept once (matched by content hash).
        """
        with self.session() as s:
            return self._save_analysis(
                s,
                domain=domain,
                kind=kind,
                result=result,
                athlete=athlete,
                signal=signal,
                test_type=test_type,
                source_name=source_name,
                performed_at=performed_at,
                method=method,
                meta=meta,
            )

    def save_analyses(self, items: Sequence[Mapping[str, Any]]) -> list[ResultRecord]:
        """Store many results in one transaction (each item: :meth:`save_analysis`'s keyword
        arguments); any failure stores none of them. For bulk loads (imports, demo squads)."""
        with self.session() as s:
            return [self._save_analysis(s, **item) for item in items]

    def _save_analysis(
        self,
        s: Session,
        *,
        domain: str,
        kind: str,
        result: Any,
        athlete: str | None = None,
        signal: TimeSeries | None = None,
        test_type: str | None = None,
        source_name: str | None = None,
        performed_at: dt.datetime | None = None,
        method: Mapping[str, Any] | None = None,
        meta: Mapping[str, Any] | None = None,
    ) -> ResultRecord:
        payload = result.to_dict() if hasattr(result, "to_dict") else to_plain(dict(result))
        if method is None:
            method = payload.get("method") or {}
        when = _aware(performed_at or dt.datetime.now(dt.UTC))
        athlete_id = self._athlete_row(s, athlete).id if athlete else None
        trial_id = None
        if signal is not None:
            blob, digest = _encode_signal(signal)
            existing = s.scalar(
                select(Trial).where(Trial.content_hash == digest, Trial.athlete_id == athlete_id)
            )
            if existing is None:
                existing = Trial(
                    athlete_id=athlete_id,
                    domain=domain,
                    test_type=test_type or kind,
                    recorded_at=when,
                    source_name=source_name,
                    sampling_rate=signal.sampling_rate,
                    unit=signal.unit,
                    channels=list(signal.channels),
                    n_samples=signal.n_samples,
                    t0=signal.t0,
                    signal_npz=blob,
                    content_hash=digest,
                    meta=to_plain(dict(meta or {})),
                )
                s.add(existing)
                s.flush()
            trial_id = existing.id
        row = AnalysisResult(
            athlete_id=athlete_id,
            trial_id=trial_id,
            domain=domain,
            kind=kind,
            performed_at=when,
            payload=payload,
            method=to_plain(dict(method)),
            software_version=neurolift.__version__,
        )
        s.add(row)
        s.flush()
        metrics = [
            {
                "result_id": row.id,
                "athlete_id": athlete_id,
                "name": name,
                "value": float(value),
                "unit": metric_unit(name),
                "performed_at": when,
            }
            for name, value in payload.items()
            if not isinstance(value, bool)
            and isinstance(value, (int, float))
            and math.isfinite(float(value))
        ]
        if metrics:  # one executemany, not one ORM object per metric
            s.execute(insert(Metric), metrics)
        return self._result_record(row)

    def load_trial(self, trial_id: int) -> TrialRecord:
        with self.session(write=False) as s:
            row = s.get(Trial, trial_id)
            if row is None:
                raise NotFoundError(f"Store.load_trial: no trial with id {trial_id}")
            return TrialRecord(
                row.id,
                row.athlete_id,
                row.domain,
                row.test_type,
                _aware(row.recorded_at),
                row.source_name,
                row.content_hash,
                _decode_signal(row),
                dict(row.meta),
            )

    def get_result(self, result_id: int) -> ResultRecord:
        with self.session(write=False) as s:
            row = s.get(AnalysisResult, result_id)
            if row is None:
                raise NotFoundError(f"Store.get_result: no result with id {result_id}")
            return self._result_record(row)

    def results(
        self,
        *,
        athlete: str | None = None,
        domain: str | Sequence[str] | None = None,
        kind: str | None = None,
        newest: int | None = None,
    ) -> list[ResultRecord]:
        """Stored results, oldest first (only the ``newest`` n of them if given); ``domain`` may
        name several domains."""
        with self.session(write=False) as s:
            order = (AnalysisResult.performed_at, AnalysisResult.id)
            q = select(AnalysisResult)
            if athlete is not None:
                q = q.where(AnalysisResult.athlete_id == self._athlete_row(s, athlete).id)
            if isinstance(domain, str):
                q = q.where(AnalysisResult.domain == domain)
            elif domain is not None:
                q = q.where(AnalysisResult.domain.in_(list(domain)))
            if kind is not None:
                q = q.where(AnalysisResult.kind == kind)
            if newest is not None:
                rows = list(s.scalars(q.order_by(*(c.desc() for c in order)).limit(newest)))
                return [self._result_record(r) for r in rows[::-1]]
            return [self._result_record(r) for r in s.scalars(q.order_by(*order))]

    def metric_history(
        self, athlete: str, name: str, *, kind: str | None = None
    ) -> list[MetricPoint]:
        """Every stored value of one metric for one athlete, oldest first."""
        with self.session(write=False) as s:
            aid = self._athlete_row(s, athlete).id
            q = (
                select(Metric)
                .join(AnalysisResult)
                .where(Metric.athlete_id == aid, Metric.name == name)
                .order_by(Metric.performed_at, Metric.id)
            )
            if kind is not None:
                q = q.where(AnalysisResult.kind == kind)
            return [
                MetricPoint(_aware(m.performed_at), m.value, m.unit, m.result_id)
                for m in s.scalars(q)
            ]

    @staticmethod
    def _result_record(row: AnalysisResult) -> ResultRecord:
        return ResultRecord(
            row.id,
            row.athlete_id,
            row.trial_id,
            row.domain,
            row.kind,
            _aware(row.performed_at),
            dict(row.payload),
            dict(row.method),
            row.software_version,
        )


def _close_names(name: str, names: Iterable[str]) -> list[str]:
    """Stored names close to ``name``: the same but for case, else difflib's close matches."""
    names = list(names)
    folded = [n for n in names if n.casefold() == str(name).casefold()]
    if folded:
        return folded[:3]
    by_fold = {n.casefold(): n for n in names}
    return [by_fold[m] for m in difflib.get_close_matches(str(name).casefold(), by_fold, n=3)]


def db_error_line(exc: SQLAlchemyError) -> str:
    """The driver's message of a database error on one line, without the SQL statement."""
    orig = getattr(exc, "orig", None)
    raw = str(orig) if orig is not None else str(exc).split("\n[SQL:")[0]
    return " ".join(part.strip() for part in raw.splitlines() if part.strip()) or type(exc).__name__


def _is_locked(exc: OperationalError) -> bool:
    msg = str(getattr(exc, "orig", exc)).lower()
    return "database is locked" in msg or "database is busy" in msg


_SQLITE_BEGIN = "neurolift_sqlite_begin"
_MIGRATION_LOCK = 0x6E6C6966  # "nlif": the advisory-lock key of neurolift migrations


def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    # The driver's own transaction handling is switched off: `_sqlite_begin` emits BEGIN, so a
    # writing transaction can take the write lock at its start (IMMEDIATE).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_TIMEOUT_S * 1000)}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")  # a no-op ("memory") for in-memory databases
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    mode = conn.get_execution_options().get(_SQLITE_BEGIN, "IMMEDIATE")
    conn.exec_driver_sql(f"BEGIN {mode}")


# Former name (docs/naming.md): it still works, with a DeprecationWarning.
default_database_url = deprecated_alias(database_default_url, "default_database_url")
