"""Training log: sets, plyometric contacts, NMES doses and daily wellness, validated on entry.

Every entry is a frozen dataclass built by a ``log_*`` function that checks it once, with a
message naming the field, the value and what to do: impossible loads (negative, or above 3 x the
stored 1RM), reps < 1, unknown exercises, RIR/RPE/velocity out of range, and dates in the future
are refused. :func:`log_read` / :func:`log_write` move whole logs to and from CSV (one row per
entry, a ``type`` column) and JSON (one list per entry type).

Wellness follows the 5-item readiness survey used in practice (TrainHeroic; McLean et al. 2010):
sleep quality, energy and mood from 1 (poor) to 5 (very good), stress and soreness from 1 (none)
to 5 (severe); ``wellness_score`` is the mean with stress and soreness reversed (1-5, higher is
better).

References
----------
McLean BD et al. (2010). Neuromuscular, endocrine, and perceptual fatigue responses during
different length between-match microcycles in professional rugby league players. Int J Sports
Physiol Perform 5:367-383.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from neurolift._results import Result
from neurolift._validation import check_range
from neurolift.errors import FileFormatError, InvalidParameterError, NeuroliftError
from neurolift.io import read_json
from neurolift.training.exercises import exercise_get

__all__ = [
    "SetLog",
    "PlyoLog",
    "NmesLog",
    "WellnessLog",
    "TrainingLog",
    "LogEntry",
    "MAX_LOAD_FACTOR",
    "MAX_JSON_BYTES",
    "log_set",
    "log_check_load",
    "log_plyo",
    "log_nmes",
    "log_wellness",
    "log_entries",
    "log_read",
    "log_rows",
    "log_write",
    "log_daily_load",
]

MAX_LOAD_FACTOR = 3.0


def _date(value: Any, where: str, today: dt.date | None) -> dt.date:
    if isinstance(value, dt.datetime):
        d = value.date()
    elif isinstance(value, dt.date):
        d = value
    else:
        try:
            d = dt.date.fromisoformat(str(value).strip()[:10])
        except ValueError:
            raise InvalidParameterError(
                f"{where}: date must be ISO YYYY-MM-DD, got {value!r}"
            ) from None
    limit = today or dt.datetime.now(dt.UTC).date()
    if d > limit:
        raise InvalidParameterError(
            f"{where}: date {d.isoformat()} is in the future (today is {limit.isoformat()}); log what happened, not plans"
        )
    return d


def _opt(name: str, value: Any, lo: float, hi: float, where: str) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return check_range(name, value, lo, hi, where=where)


@dataclass(frozen=True)
class SetLog(Result):
    """One logged set (units in the names); ``target_*`` keep the plan beside what happened."""

    date: dt.date
    exercise: str
    set_index: int
    load_kg: float
    reps: int
    rir: float | None = None
    rpe: float | None = None
    mean_velocity_m_s: float | None = None
    peak_velocity_m_s: float | None = None
    velocity_loss_pct: float | None = None
    target_load_kg: float | None = None
    target_reps: int | None = None


@dataclass(frozen=True)
class PlyoLog(Result):
    """Plyometric foot contacts of one drill, with its intensity tier from the catalogue."""

    date: dt.date
    exercise: str
    contacts: int
    tier: str


@dataclass(frozen=True)
class NmesLog(Result):
    """One NMES session's dose."""

    date: dt.date
    muscle: str
    frequency_hz: float
    pulse_width_us: float
    on_s: float
    off_s: float
    contractions: int
    intensity_ma: float | None = None
    evoked_pct_mvc: float | None = None


@dataclass(frozen=True)
class WellnessLog(Result):
    """Morning check-in: sleep (h, quality) and the 5-item questionnaire."""

    date: dt.date
    sleep_h: float
    sleep_quality: int
    energy: int
    mood: int
    stress: int
    soreness: int

    @property
    def wellness_score(self) -> float:
        """Mean of the 5 items with stress and soreness reversed, 1-5 (higher is better)."""
        return (
            self.sleep_quality + self.energy + self.mood + (6 - self.stress) + (6 - self.soreness)
        ) / 5.0

    def to_dict(self) -> dict[str, Any]:
        d = super().to_dict()
        d["wellness_score"] = self.wellness_score
        return d


@dataclass(frozen=True)
class TrainingLog(Result):
    """A batch of entries for one athlete."""

    athlete: str
    sets: tuple[SetLog, ...] = ()
    plyometrics: tuple[PlyoLog, ...] = ()
    nmes: tuple[NmesLog, ...] = ()
    wellness: tuple[WellnessLog, ...] = ()

    def __len__(self) -> int:
        return len(self.sets) + len(self.plyometrics) + len(self.nmes) + len(self.wellness)


def _int(name: str, value: Any, lo: int, hi: int, where: str) -> int:
    try:
        f = float(value)
    except (TypeError, ValueError):
        raise InvalidParameterError(
            f"{where}: {name} must be a whole number, got {value!r}"
        ) from None
    if not math.isfinite(f) or f != int(f):
        raise InvalidParameterError(f"{where}: {name} must be a whole number, got {value!r}")
    if not lo <= int(f) <= hi:
        raise InvalidParameterError(f"{where}: {name} must lie in [{lo}, {hi}], got {value!r}")
    return int(f)


def log_check_load(
    *,
    exercise: str,
    load_kg: float,
    one_rm_kg: float | None = None,
    where: str = "log_set",
) -> None:
    """Refuse an implausible set load: above ``MAX_LOAD_FACTOR`` x the stored 1RM, or 600 kg.

    The store calls it again at save time with the 1RM stored then.
    """
    if one_rm_kg is not None and load_kg > MAX_LOAD_FACTOR * float(one_rm_kg):
        raise InvalidParameterError(
            f"{where}: load_kg {load_kg:g} kg is above {MAX_LOAD_FACTOR:g} x the stored 1RM of "
            f"{exercise} ({float(one_rm_kg):g} kg); check the unit or update the 1RM"
        )
    if load_kg > 600:
        raise InvalidParameterError(
            f"{where}: load_kg {load_kg:g} kg exceeds the 600 kg plausibility limit"
        )


def log_set(
    *,
    date: Any,
    exercise: str,
    load_kg: float,
    reps: int,
    set_index: int = 1,
    rir: float | None = None,
    rpe: float | None = None,
    mean_velocity_m_s: float | None = None,
    peak_velocity_m_s: float | None = None,
    velocity_loss_pct: float | None = None,
    target_load_kg: float | None = None,
    target_reps: int | None = None,
    one_rm_kg: float | None = None,
    today: dt.date | None = None,
) -> SetLog:
    """Validate and build one :class:`SetLog`.

    ``one_rm_kg`` (the stored 1RM) enables the plausibility check: a load above
    ``MAX_LOAD_FACTOR`` (3) x 1RM is refused as a typo (e.g. lb typed as kg twice).

    Examples
    --------
    >>> s = log_set(date="2026-11-20", exercise="back_squat", load_kg=100, reps=5, rir=2,
    ...             mean_velocity_m_s=0.61, one_rm_kg=140, today=dt.date(2026, 11, 23))
    >>> s.exercise, s.load_kg, s.reps
    ('back_squat', 100.0, 5)
    >>> log_set(date="2026-11-20", exercise="back_squat", load_kg=450, reps=5, one_rm_kg=140,
    ...         today=dt.date(2026, 11, 23))
    Traceback (most recent call last):
    ...
    neurolift.errors.InvalidParameterError: log_set: load_kg 450 kg is above 3 x the stored 1RM of back_squat (140 kg); check the unit or update the 1RM
    """
    where = "log_set"
    ex = exercise_get(exercise)
    if ex.kind != "resistance":
        raise InvalidParameterError(
            f"log_set: {ex.key} is a {ex.kind} exercise; use log_{'plyo' if ex.kind == 'plyometric' else 'nmes'}"
        )
    d = _date(date, where, today)
    try:
        load = float(load_kg)
    except (TypeError, ValueError):
        raise InvalidParameterError(f"{where}: load_kg must be a number, got {load_kg!r}") from None
    if not math.isfinite(load) or load < 0:
        raise InvalidParameterError(
            f"{where}: load_kg must be >= 0 kg (0 = body weight only), got {load_kg!r}"
        )
    log_check_load(exercise=ex.key, load_kg=load, one_rm_kg=one_rm_kg, where=where)
    r = (
        _int("reps", reps, 1, 100, where)
        if not (isinstance(reps, (int, float)) and reps < 1)
        else None
    )
    if r is None:
        raise InvalidParameterError(
            f"{where}: reps must be >= 1, got {reps!r}; do not log a set with no rep"
        )
    rir_v = _opt("rir", rir, 0.0, 10.0, where)
    rpe_v = _opt("rpe", rpe, 1.0, 10.0, where)
    if rir_v is not None and rpe_v is not None and abs((10 - rpe_v) - rir_v) > 1.0:
        raise InvalidParameterError(
            f"{where}: rir {rir_v:g} and rpe {rpe_v:g} disagree (RPE = 10 - RIR)"
        )
    mv = _opt("mean_velocity_m_s", mean_velocity_m_s, 0.01, 3.0, where)
    pv = _opt("peak_velocity_m_s", peak_velocity_m_s, 0.01, 5.0, where)
    if mv is not None and pv is not None and pv < mv:
        raise InvalidParameterError(
            f"{where}: peak_velocity_m_s {pv:g} is below mean_velocity_m_s {mv:g}"
        )
    vl = _opt("velocity_loss_pct", velocity_loss_pct, 0.0, 100.0, where)
    tl = _opt("target_load_kg", target_load_kg, 0.0, 600.0, where)
    tr = None if target_reps in (None, "") else _int("target_reps", target_reps, 1, 100, where)
    si = _int("set_index", set_index, 1, 100, where)
    return SetLog(d, ex.key, si, load, r, rir_v, rpe_v, mv, pv, vl, tl, tr)


def log_plyo(*, date: Any, exercise: str, contacts: int, today: dt.date | None = None) -> PlyoLog:
    """Validate and build one :class:`PlyoLog` (1-1000 foot contacts).

    Examples
    --------
    >>> log_plyo(date="2026-11-20", exercise="depth_jump", contacts=30,
    ...          today=dt.date(2026, 11, 23)).tier
    'shock'
    """
    where = "log_plyo"
    ex = exercise_get(exercise)
    if ex.kind != "plyometric":
        raise InvalidParameterError(f"{where}: {ex.key} is not a plyometric drill")
    d = _date(date, where, today)
    return PlyoLog(d, ex.key, _int("contacts", contacts, 1, 1000, where), str(ex.plyo_tier))


def log_nmes(
    *,
    date: Any,
    muscle: str = "quadriceps",
    frequency_hz: float,
    pulse_width_us: float,
    on_s: float,
    off_s: float,
    contractions: int,
    intensity_ma: float | None = None,
    evoked_pct_mvc: float | None = None,
    today: dt.date | None = None,
) -> NmesLog:
    """Validate and build one :class:`NmesLog` (1-150 Hz, 50-1000 us, 1-120 mA).

    Examples
    --------
    >>> log_nmes(date="2026-11-20", frequency_hz=75, pulse_width_us=400, on_s=5, off_s=15,
    ...          contractions=40, today=dt.date(2026, 11, 23)).contractions
    40
    """
    where = "log_nmes"
    d = _date(date, where, today)
    return NmesLog(
        d,
        str(muscle),
        check_range("frequency_hz", frequency_hz, 1.0, 150.0, where=where),
        check_range("pulse_width_us", pulse_width_us, 50.0, 1000.0, where=where),
        check_range("on_s", on_s, 0.5, 60.0, where=where),
        check_range("off_s", off_s, 0.0, 300.0, where=where),
        _int("contractions", contractions, 1, 500, where),
        _opt("intensity_ma", intensity_ma, 1.0, 120.0, where),
        _opt("evoked_pct_mvc", evoked_pct_mvc, 1.0, 150.0, where),
    )


def log_wellness(
    *,
    date: Any,
    sleep_h: float,
    sleep_quality: int,
    energy: int,
    mood: int,
    stress: int,
    soreness: int,
    today: dt.date | None = None,
) -> WellnessLog:
    """Validate and build one :class:`WellnessLog` (sleep 0-16 h; items 1-5).

    Examples
    --------
    >>> w = log_wellness(date="2026-11-20", sleep_h=7.5, sleep_quality=4, energy=4, mood=4,
    ...                  stress=2, soreness=2, today=dt.date(2026, 11, 23))
    >>> w.wellness_score
    4.0
    """
    where = "log_wellness"
    d = _date(date, where, today)
    items = {
        k: _int(k, v, 1, 5, where)
        for k, v in dict(
            sleep_quality=sleep_quality, energy=energy, mood=mood, stress=stress, soreness=soreness
        ).items()
    }
    return WellnessLog(d, check_range("sleep_h", sleep_h, 0.0, 16.0, where=where), **items)


_TYPES: dict[str, tuple[type, Any, str]] = {
    "set": (SetLog, log_set, "sets"),
    "plyo": (PlyoLog, log_plyo, "plyometrics"),
    "nmes": (NmesLog, log_nmes, "nmes"),
    "wellness": (WellnessLog, log_wellness, "wellness"),
}

#: JSON logs are parsed whole; larger logs must be CSV, which is read in bounded memory.
MAX_JSON_BYTES = 64 * 1024 * 1024
#: Sets without a ``set_index`` are numbered in file order per athlete, day and exercise; the
#: numbering remembers at most this many (athlete, day, exercise) groups.
MAX_UNNUMBERED_GROUPS = 500_000

Entry = SetLog | PlyoLog | NmesLog | WellnessLog


@dataclass(frozen=True)
class LogEntry:
    """One validated entry of a log file, with the athlete it names and where it stands.

    ``kind`` is the bucket (``sets``, ``plyometrics``, ``nmes``, ``wellness``); ``where``
    locates the entry for messages (``"line 12"`` in a CSV, ``"sets[3]"`` in JSON).
    """

    athlete: str | None
    kind: str
    entry: Entry
    where: str


def _build(
    kind: str, row: Mapping[str, Any], *, one_rms: Mapping[str, float], today: dt.date | None
) -> Any:
    cls, fn, _ = _TYPES[kind]
    names = {f.name for f in fields(cls)} - {"tier"}
    kw = {k: v for k, v in row.items() if k in names and v not in (None, "")}
    if kind == "set":
        ex = kw.get("exercise")
        if ex is not None:
            try:
                key = exercise_get(ex).key
            except InvalidParameterError:
                key = None
            if key is not None and key in one_rms:
                kw["one_rm_kg"] = one_rms[key]
    try:
        return fn(**kw, today=today)
    except TypeError as exc:
        raise InvalidParameterError(
            f"log entry of type {kind!r}: missing or unknown field ({exc})"
        ) from None


class _SetNumbers:
    """File-order numbers for sets that carry no ``set_index`` (bounded memory)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.next: dict[tuple[str | None, dt.date, str], int] = {}

    def assign(self, athlete: str | None, entry: SetLog, line: int | None) -> SetLog:
        group = (athlete, entry.date, entry.exercise)
        n = self.next.get(group, 1)
        if n == 1 and len(self.next) >= MAX_UNNUMBERED_GROUPS:
            raise FileFormatError(
                f"more than {MAX_UNNUMBERED_GROUPS} (athlete, day, exercise) groups of sets "
                "without a set_index; add a set_index column to a file this large",
                path=self.path,
                line=line,
            )
        self.next[group] = n + 1
        return dataclasses.replace(entry, set_index=n)


def _text_lines(p: Path, progress: Callable[[int, int], None] | None) -> Iterator[tuple[int, str]]:
    """Decoded lines of a UTF-8 text file, read lazily, with their 1-based numbers."""
    total = p.stat().st_size
    done = 0
    with p.open("rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
            done += len(raw)
            try:
                line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
            except UnicodeDecodeError:
                raise FileFormatError(
                    "the file is not UTF-8 text; save it as CSV UTF-8", path=str(p), line=lineno
                ) from None
            if "\x00" in line:
                raise FileFormatError(
                    "the file holds binary data (NUL bytes), not CSV text", path=str(p), line=lineno
                )
            yield lineno, line
            if progress is not None and lineno % 1000 == 0:
                progress(done, total)
    if progress is not None:
        progress(total, total)


def _csv_entries(
    p: Path,
    athlete: str | None,
    orms: Mapping[str, float],
    today: dt.date | None,
    progress: Callable[[int, int], None] | None,
) -> Iterator[LogEntry]:
    lines = _text_lines(p, progress)
    current = [0]

    def numbered() -> Iterator[str]:
        for lineno, line in lines:
            current[0] = lineno
            yield line

    source = numbered()
    header_line = next(source, None)
    if header_line is None or not header_line.strip():
        raise FileFormatError(
            "the file is empty; a log needs a header with a 'type' column", path=str(p), line=1
        )
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    delimiter = max(counts, key=lambda d: counts[d])
    if counts[delimiter] == 0:
        delimiter = ","

    def rows() -> Iterator[str]:
        yield header_line
        yield from source

    reader = csv.reader(rows(), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
        if "type" not in header:
            raise FileFormatError(
                "the header needs a 'type' column (set, plyo, nmes, wellness)",
                path=str(p),
                line=1,
            )
        numbers = _SetNumbers(str(p))
        for values in reader:
            lineno = current[0]
            if not any(v.strip() for v in values):
                continue
            if len(values) > len(header):
                raise FileFormatError(
                    f"{len(values)} fields but the header has {len(header)}",
                    path=str(p),
                    line=lineno,
                )
            row = {h: v.strip() for h, v in zip(header, values, strict=False)}
            kind = row.get("type", "").lower()
            if kind not in _TYPES:
                raise FileFormatError(
                    f"unknown entry type {kind!r}; use set, plyo, nmes or wellness",
                    path=str(p),
                    line=lineno,
                )
            name = row.get("athlete") or athlete
            try:
                entry = _build(kind, row, one_rms=orms, today=today)
            except NeuroliftError as exc:
                raise FileFormatError(str(exc), path=str(p), line=lineno) from None
            if kind == "set" and not row.get("set_index"):
                entry = numbers.assign(name, entry, lineno)
            yield LogEntry(name, _TYPES[kind][2], entry, f"line {lineno}")
    except csv.Error as exc:
        raise FileFormatError(f"not valid CSV: {exc}", path=str(p), line=current[0]) from None


def _json_entries(
    p: Path,
    athlete: str | None,
    orms: Mapping[str, float],
    today: dt.date | None,
    progress: Callable[[int, int], None] | None,
) -> Iterator[LogEntry]:
    size = p.stat().st_size
    try:
        data = read_json(p, where="log_read", max_bytes=MAX_JSON_BYTES)
    except FileFormatError as exc:
        if size > MAX_JSON_BYTES:
            raise FileFormatError(f"{exc}; export it as CSV, which is read in chunks") from None
        raise
    if not isinstance(data, dict):
        raise FileFormatError(
            "expected a JSON object with lists of entries (sets, plyometrics, nmes, wellness)",
            path=str(p),
        )
    top = data.get("athlete")
    if top is not None and not isinstance(top, str):
        raise FileFormatError(f"'athlete' must be a name, got {top!r}", path=str(p))
    numbers = _SetNumbers(str(p))
    for kind, (_, _, key) in _TYPES.items():
        items = data.get(key) or []
        if not isinstance(items, list):
            raise FileFormatError(f"{key} must be a list of entries", path=str(p))
        for i, row in enumerate(items):
            if not isinstance(row, dict):
                raise FileFormatError(f"{key}[{i}] is not an object", path=str(p))
            name = row.get("athlete") or top or athlete
            if name is not None and not isinstance(name, str):
                raise FileFormatError(f"{key}[{i}]: 'athlete' must be a name", path=str(p))
            try:
                entry = _build(kind, row, one_rms=orms, today=today)
            except NeuroliftError as exc:
                raise FileFormatError(f"{key}[{i}]: {exc}", path=str(p)) from None
            if kind == "set" and row.get("set_index") in (None, ""):
                entry = numbers.assign(name, entry, None)
            yield LogEntry(name, key, entry, f"{key}[{i}]")
    if progress is not None:
        progress(size, size)


def log_entries(
    path: str | Path,
    *,
    athlete: str | None = None,
    one_rms: Mapping[str, float] | None = None,
    today: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[LogEntry]:
    """Validated entries of a CSV or JSON log (by extension), one at a time.

    A CSV is read lazily line by line (bounded memory whatever its length); a JSON log is
    parsed whole and limited to :data:`MAX_JSON_BYTES`. Each entry names its athlete: the row's
    ``athlete`` field (CSV column, JSON entry key or the JSON object's ``athlete``), else
    ``athlete``. Sets without a ``set_index`` are numbered 1, 2, ... in file order per athlete,
    day and exercise, so reading a file twice gives the same entries. ``progress(done, total)``
    is called with bytes read. The first bad entry raises :class:`FileFormatError` naming the
    file and line (CSV) or list and index (JSON); the comma, semicolon or tab delimiter is taken
    from the header line.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in (".json", ".csv", ".txt", ".tsv"):
        raise FileFormatError("unknown log format; use .csv or .json", path=str(p))
    if not p.exists():
        raise FileNotFoundError(2, "No such file or directory", str(p))
    if not p.is_file():
        raise FileFormatError("not a file", path=str(p))
    orms = dict(one_rms or {})
    if suffix == ".json":
        return _json_entries(p, athlete, orms, today, progress)
    return _csv_entries(p, athlete, orms, today, progress)


def log_read(
    path: str | Path,
    *,
    athlete: str | None = None,
    one_rms: Mapping[str, float] | None = None,
    today: dt.date | None = None,
) -> TrainingLog:
    """Read and validate one athlete's whole log from CSV or JSON (by extension); all or nothing.

    CSV: a header with a ``type`` column (set, plyo, nmes, wellness) and the entry fields.
    JSON: ``{"athlete": ..., "sets": [...], "plyometrics": [...], "nmes": [...],
    "wellness": [...]}``. Any bad entry raises :class:`FileFormatError` naming the file and line
    (CSV) or list and index (JSON). A file with rows for several athletes is refused here;
    :func:`neurolift.store.training_repo.log_import` files each row under its athlete.
    """
    buckets: dict[str, list[Any]] = {"sets": [], "plyometrics": [], "nmes": [], "wellness": []}
    name: str | None = None
    for e in log_entries(path, athlete=athlete, one_rms=one_rms, today=today):
        if name is None:
            name = e.athlete
        elif e.athlete is not None and e.athlete != name:
            raise FileFormatError(
                f"{e.where}: rows for more than one athlete ({name!r}, then {e.athlete!r}); "
                "import the file with `neurolift log import`, which files each row under its "
                "athlete",
                path=str(path),
            )
        buckets[e.kind].append(e.entry)
    name = name or athlete
    if not name:
        raise FileFormatError(
            "log_read: no athlete named in the file (an athlete column or field); pass athlete=",
            path=str(path),
        )
    return TrainingLog(
        str(name), *(tuple(buckets[k]) for k in ("sets", "plyometrics", "nmes", "wellness"))
    )


def log_rows(log: TrainingLog) -> list[dict[str, Any]]:
    """One plain row per entry, ``type`` (set, plyo, nmes, wellness) first: the rows of the CSV
    that :func:`log_write` writes and the web API's log export."""
    rows = []
    for kind, (_, _, key) in _TYPES.items():
        for e in getattr(log, key):
            d = e.to_dict()
            d.pop("wellness_score", None)
            rows.append({"type": kind, "athlete": log.athlete, **d})
    return rows


def log_write(log: TrainingLog, path: str | Path) -> Path:
    """Write ``log`` as CSV or JSON (by extension); returns the path."""
    p = Path(path)
    if p.suffix.lower() == ".json":
        p.write_text(json.dumps(log.to_dict(), indent=2, allow_nan=False) + "\n")
        return p
    if p.suffix.lower() != ".csv":
        raise InvalidParameterError(f"log_write: unknown format {p.suffix!r}; use .csv or .json")
    cols = ["type", "athlete"]
    for cls, _, _ in _TYPES.values():
        cols += [f.name for f in fields(cls) if f.name not in cols]
    rows = log_rows(log)
    with p.open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=cols)
        w.writeheader()
        for r in rows:
            w.writerow({k: ("" if v is None else v) for k, v in r.items()})
    return p


def log_daily_load(log: TrainingLog) -> dict[dt.date, float]:
    """Daily training load (arbitrary units): tonnage (kg x reps, body-weight sets count 1 kg per
    rep) plus 20 per plyometric foot contact. A simple, documented dose for EWMA context and the
    Banister model; not a physiological quantity.

    Examples
    --------
    >>> d = dt.date(2026, 11, 20)
    >>> log = TrainingLog("Ada", sets=(SetLog(d, "back_squat", 1, 100.0, 5),),
    ...                   plyometrics=(PlyoLog(d, "box_jump", 30, "moderate"),))
    >>> log_daily_load(log)[d]
    1100.0
    """
    load: dict[dt.date, float] = {}
    for s in log.sets:
        load[s.date] = load.get(s.date, 0.0) + max(s.load_kg, 1.0) * s.reps
    for p in log.plyometrics:
        load[p.date] = load.get(p.date, 0.0) + 20.0 * p.contacts
    return load
