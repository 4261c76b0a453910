"""Archives of every recording kind to Parquet: resumable, in this process or on Dask.

``archive_process(folder, out)`` finds the recordings under ``folder``, tells their kind
(force plate, barbell velocity, surface EMG, decomposed motor units), analyses them in chunks
and writes one Parquet file per chunk and kind under ``out/kind=<kind>/``. Each row names its
file with the file's size and modification time; a failed file is a row with its error.

Resuming: files whose (path, size, modification time) already appear in ``out`` are skipped, so
a run that was stopped (or killed) is finished by running the same command again. Workers
return their rows; only the process that runs the command writes them, one chunk's Parquet file
at a time, whole or not at all (written under a temporary name, then renamed). A kill therefore
loses at most the chunks in flight, which the next run analyses, and no chunk is written twice. A file that changed since
it was analysed is analysed again and its old rows are removed.

Kinds, by extension and, for text, by the header:

- ``force``: text whose header names force columns (``Fz``, ``FP1``/``FP2``, ``left``/``right``...),
  header-less numeric text (as ``neurolift force batch``), ``.c3d``. Jumps of one chunk are
  analysed vectorised (:func:`~neurolift.batch.force.force_batch_chunk`); one row per file.
- ``velocity``: text with a position/velocity/acceleration column, or a Chronojump raw stream
  (integers, many per line): :func:`~neurolift.signals.velocity.velocity_analyze_set` (needs the
  exercise); one row per set. An OpenBarbell app export (``.json``, an object of sets with
  ``reps``): :func:`~neurolift.io.velocity.velocity_read_openbarbell`; one row per rep.
- ``emg``: other text with a header, ``.edf``/``.bdf``: :func:`~neurolift.signals.emg.emg_process`;
  one row per channel.
- ``mu``: ``.mat`` and other ``.json`` decompositions (neurolift's ``units.json``, openhdemg),
  text whose header names motor units (``MU1``, ``unit_2``...):
  :func:`~neurolift.motorunits.mu_properties`; one row per unit.

``sampling_rate`` is for the text files without a time column: a file with its own clock (time
column, C3D analog rate) is read at its rate, and its row warns when the two disagree.
"""

from __future__ import annotations

import os
import re
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from neurolift.batch._run import RunInfo, check_workers, read_own_clock, run_chunks, uses_cluster
from neurolift.errors import InvalidParameterError

__all__ = [
    "ARCHIVE_KINDS",
    "ArchiveFile",
    "ArchiveSummary",
    "archive_chunk",
    "archive_files",
    "archive_force_column",
    "archive_process",
    "archive_read",
    "archive_kind",
]

ARCHIVE_KINDS = ("force", "velocity", "emg", "mu")
SUFFIXES = (".txt", ".csv", ".tsv", ".c3d", ".edf", ".bdf", ".mat", ".json")
KEY_COLUMNS = ("file", "file_size_bytes", "file_mtime_ns")

_FORCE = re.compile(
    r"^(fz\d?|fz_?n|force|force ?\(n\)|total|total_?fz|vgrf|grf|fz ?\(n\)|(fp|plate)_?\d|"
    r"left|right|l|r|(left|right)[ _]?(fz|force)|fz_?(left|right|l|r))$",
    re.I,
)
_BAR = re.compile(
    r"^(position|displacement|pos|bar_?position.*|position_?m|velocity|speed|vel|v|"
    r"velocity_?m_?s|acc(_?[xyz])?|acceleration.*|acc_?z_?g?)( ?\(.*\))?$",
    re.I,
)
#: Other columns a force-plate export may carry (shear forces, moments, centre of pressure, time)
_PLATE_EXTRA = re.compile(
    r"^(f[xy]\d?|m[xyz]\d?|t[xyz]?\d?|c(op)?_?[xy]\d?|cop.*|time.*|t|s|sec|seconds?|sample.*)"
    r"( ?\(.*\))?$",
    re.I,
)
_UNIT = re.compile(r"^(mu|unit|mn|motor_?unit)[ _-]?\w*$", re.I)


@dataclass(frozen=True)
class ArchiveFile:
    """One file of an archive: absolute path, size (bytes), modification time (ns)."""

    path: str
    size: int
    mtime_ns: int

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.path, self.size, self.mtime_ns)


@dataclass
class ArchiveSummary:
    """What one run did. ``startup_s`` is the time to start or join the cluster (0 in process)
    and ``analysis_s`` the time from then to the last chunk written."""

    n_files: int
    n_skipped: int
    n_analysed: int
    n_ok: int
    n_failed: int
    by_kind: dict[str, int]
    out: str
    mode: str
    n_workers: int
    startup_s: float
    analysis_s: float
    failed: list[tuple[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["failed"] = [{"file": f, "error": e} for f, e in self.failed]
        return d


def archive_files(folder: str | Path, pattern: str = "*") -> list[ArchiveFile]:
    """Every recording under ``folder`` (recursively) matching ``pattern``, sorted by path."""
    root = Path(folder)
    if not root.is_dir():
        raise InvalidParameterError(f"batch: {root} is not a folder")
    out = []
    for p in root.rglob(pattern):
        if p.suffix.lower() not in SUFFIXES or p.name.startswith("."):
            continue
        try:
            st = p.stat()
        except OSError:
            continue
        if p.is_file():
            out.append(ArchiveFile(str(p.resolve()), st.st_size, st.st_mtime_ns))
    out.sort(key=lambda f: f.path)
    if not out:
        raise InvalidParameterError(f"batch: no recordings ({', '.join(SUFFIXES)}) under {root}")
    return out


def _first_line(p: Path) -> str | None:
    """The first line with content (not a ``#`` comment), from the file's first 4 kB."""
    with open(p, "rb") as fh:
        head = fh.read(4096).decode("utf-8", errors="replace")
    for ln in head.splitlines():
        if ln.strip() and not ln.lstrip().startswith("#"):
            return ln.lstrip("\ufeff")
    return None


def _header_names(p: Path, first: str | None = None) -> list[str]:
    first = first if first is not None else _first_line(p)
    if first is None:
        return []
    return [c.strip().strip('"').strip() for c in re.split(r"[,;\t]|\s{2,}", first)]


def _json_kind(p: Path) -> str:
    """An OpenBarbell export (an object of sets with ``reps``/``setID``) is ``velocity``;
    neurolift's ``units.json`` and openhdemg's JSON (often gzip-compressed) are ``mu``."""
    with open(p, "rb") as fh:
        head = fh.read(4096)
    if head.startswith(b"\x1f\x8b"):  # gzip: openhdemg
        return "mu"
    if re.match(rb'\s*\{\s*"[^"]*"\s*:\s*\{', head) and re.search(rb'"(reps|setID)"\s*:', head):
        return "velocity"
    return "mu"


def archive_force_column(path: str | Path) -> str | None:
    """The first column of a delimited EMG file named like a force (``force``, ``Fz``...), the
    file's force recorded on the EMG clock, or ``None``: read as EMG it would be a "muscle" of
    hundreds of volts."""
    p = Path(path)
    if p.suffix.lower() not in (".csv", ".tsv", ".txt"):
        return None
    return next((n for n in _header_names(p) if _FORCE.match(n)), None)


def archive_kind(path: str | Path) -> str:
    """The kind of a recording (see the module docstring), from its extension and first line."""
    p = Path(path)
    ext = p.suffix.lower()
    if ext == ".c3d":
        return "force"
    if ext in (".edf", ".bdf"):
        return "emg"
    if ext == ".mat":
        return "mu"
    if ext == ".json":
        return _json_kind(p)
    first = _first_line(p)
    if first is None:
        return "force"  # an empty file: the force reader says what is wrong with it
    names = _header_names(p, first)
    if re.search(r"[A-Za-z]", first):
        if any(_BAR.match(n) for n in names):
            return "velocity"
        if any(_FORCE.match(n) for n in names) and all(
            _FORCE.match(n) or _PLATE_EXTRA.match(n) or not n for n in names
        ):
            return "force"  # force columns and plate extras only (EMG files may hold a force)
        if any(_UNIT.match(n) for n in names):
            return "mu"
        return "emg"
    tokens = [t for t in re.split(r"[,\s;]+", first) if t]
    if len(tokens) > 2 and all(re.fullmatch(r"[+-]?\d+", t) for t in tokens):
        return "velocity"  # a Chronojump raw stream: integer mm per sample
    return "force"


def _error(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"


def _warnings(*parts: Any) -> str:
    """One text of warnings from lists of them and single notes (empty ones left out)."""
    out: list[str] = []
    for p in parts:
        if isinstance(p, (list, tuple)):
            out += [str(w) for w in p]
        elif p:
            out.append(str(p))
    return "; ".join(out)


def _openbarbell_rows(path: str) -> list[dict[str, Any]]:
    """One row per rep of an OpenBarbell app export (rep summaries; no signal to analyse)."""
    from neurolift.io.velocity import velocity_read_openbarbell

    data = velocity_read_openbarbell(path)
    rows = []
    for s in data.sets:
        head = {k: v for k, v in s.to_dict().items() if k not in ("reps", "flags")}
        head["set_flags"] = "; ".join(s.flags)
        for r in s.reps:
            rows.append(head | r.to_dict())
    return rows or [{"warnings": _warnings(data.warnings) or "no sets"}]


def _velocity_rows(path: str, options: dict[str, Any]) -> list[dict[str, Any]]:
    from neurolift.io.velocity import velocity_read
    from neurolift.signals.velocity import velocity_analyze_set

    if Path(path).suffix.lower() == ".json":
        return _openbarbell_rows(path)
    exercise = options.get("exercise")
    if not exercise:
        raise InvalidParameterError(
            "batch: barbell files need the exercise (--exercise back_squat, bench_press...)"
        )
    ts, note = read_own_clock(velocity_read, path, sampling_rate=options.get("sampling_rate"))
    res = velocity_analyze_set(ts, exercise=exercise, load_kg=options.get("load_kg"))
    row = res.flat()
    row["warnings"] = _warnings(res.warnings, note)
    return [row]


def _emg_rows(path: str, options: dict[str, Any]) -> list[dict[str, Any]]:
    from neurolift.io.emg import emg_read
    from neurolift.signals.emg import emg_process

    p = Path(path)
    kw: dict[str, Any] = {}
    rate: float | None = None
    if p.suffix.lower() in (".csv", ".tsv", ".txt"):
        rate = options.get("sampling_rate")
        if options.get("emg_unit"):
            kw["unit"] = options["emg_unit"]
        kw["force_channel"] = archive_force_column(p)  # a force on the same clock: no muscle
    rec, note = read_own_clock(emg_read, p, sampling_rate=rate, **kw)
    res = emg_process(rec.emg)
    head: dict[str, Any] = {"sampling_rate_hz": res.sampling_rate_hz, "duration_s": res.duration_s}
    if note is not None:
        head["warnings"] = note
    return [dict(head, **c.to_dict()) for c in res.channels]


def _mu_rows(path: str, options: dict[str, Any]) -> list[dict[str, Any]]:
    from neurolift.io.decomposition import decomposition_read
    from neurolift.motorunits import mu_properties

    p = Path(path)
    kw: dict[str, Any] = {}
    if p.suffix.lower() in (".csv", ".tsv", ".txt"):
        kw["sampling_rate"] = options.get("sampling_rate")
    res = mu_properties(decomposition_read(p, **kw))
    head = {"n_units": res.n_units, "n_units_accepted": res.n_units_accepted}
    return [dict(head, **u.to_dict()) for u in res.units] or [head]


_PER_FILE: dict[str, Callable[[str, dict[str, Any]], list[dict[str, Any]]]] = {
    "velocity": _velocity_rows,
    "emg": _emg_rows,
    "mu": _mu_rows,
}


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    """Parquet-friendly: lists and dicts become text."""
    out = {}
    for k, v in row.items():
        if isinstance(v, (list, tuple)):
            v = "; ".join(str(x) for x in v)
        elif isinstance(v, dict):
            v = str(v)
        out[k] = v
    return out


def archive_chunk(files: Sequence[ArchiveFile], *, options: dict[str, Any]) -> dict[str, Any]:
    """Analyse one chunk of files (in a worker, or in this process).

    Returns ``{"tables": {kind: pyarrow.Table}, "by_kind": {kind: n_files}, "failed":
    [(path, error)], "n_files": n}``. The caller alone writes the tables, so a killed run
    writes nothing more, whatever its workers were doing.
    """
    import pandas as pd
    import pyarrow as pa

    from neurolift.batch.force import force_batch_chunk

    kind_opt = options.get("kind", "auto")
    rows: dict[str, list[dict[str, Any]]] = {}
    force_files: list[ArchiveFile] = []
    by_kind: dict[str, int] = {}
    failed: list[tuple[str, str]] = []

    def add(kind: str, f: ArchiveFile, file_rows: list[dict[str, Any]], error: str | None) -> None:
        by_kind[kind] = by_kind.get(kind, 0) + 1
        if error is not None:
            failed.append((f.path, error))
            file_rows = [{"error": error}]
        for r in file_rows:
            rows.setdefault(kind, []).append(
                {"file": f.path, "file_size_bytes": f.size, "file_mtime_ns": f.mtime_ns}
                | _flat({k: v for k, v in r.items() if k != "file"})
                | {"error": r.get("error")}
            )

    for f in files:
        try:
            kind = kind_opt if kind_opt != "auto" else archive_kind(f.path)
        except OSError as exc:
            add("force", f, [], _error(exc))
            continue
        if kind == "force":
            force_files.append(f)
            continue
        try:
            add(kind, f, _PER_FILE[kind](f.path, options), None)
        except Exception as exc:  # one bad file never stops the archive; its row says why
            add(kind, f, [], _error(exc))
    if force_files:
        force_rows = force_batch_chunk(
            [f.path for f in force_files],
            test=options.get("test", "auto"),
            sampling_rate=options.get("sampling_rate"),
        )
        for f, r in zip(force_files, force_rows, strict=True):
            add("force", f, [r] if r.get("error") is None else [], r.get("error"))
    tables = {  # every column of every row (not only the first row's)
        kind: pa.Table.from_pandas(pd.DataFrame(kind_rows), preserve_index=False)
        for kind, kind_rows in rows.items()
    }
    return {"n_files": len(files), "tables": tables, "by_kind": by_kind, "failed": failed}


def _write_part(out: Path, name: str, tables: dict[str, Any]) -> None:
    """One Parquet file per kind, ``out/kind=<kind>/<name>.parquet``, written under a hidden
    temporary name and renamed, so a reader (or a resumed run) never sees a partial file."""
    import pyarrow.parquet as pq

    for kind, table in tables.items():
        folder = out / f"kind={kind}"
        folder.mkdir(parents=True, exist_ok=True)
        final = folder / f"{name}.parquet"
        tmp = folder / f".{final.name}.tmp"
        pq.write_table(table, tmp)
        os.replace(tmp, final)


def _parts(out: Path) -> list[Path]:
    return sorted(p for p in out.glob("kind=*/part-*.parquet") if p.is_file())


def _done_keys(out: Path, current: dict[str, ArchiveFile]) -> set[tuple[str, int, int]]:
    """Keys of the files already in ``out``; rows of files that changed since are removed."""
    import pyarrow.parquet as pq

    done: set[tuple[str, int, int]] = set()
    for part in _parts(out):
        table = pq.read_table(part, columns=list(KEY_COLUMNS))
        keys = list(zip(*(table.column(c).to_pylist() for c in KEY_COLUMNS), strict=True))
        stale = [k for k in keys if k[0] in current and current[k[0]].key != k]
        if stale:  # the file changed: drop its old rows so it is analysed (and stored) once
            stale_paths = {k[0] for k in stale}
            full = pq.read_table(part)
            keep = [p not in stale_paths for p in full.column("file").to_pylist()]
            tmp = part.with_name(f".{part.name}.tmp")
            import pyarrow as pa

            pq.write_table(full.filter(pa.array(keep)), tmp)
            os.replace(tmp, part)
            keys = [k for k in keys if k[0] not in stale_paths]
        done.update(keys)
    return done


def archive_process(
    folder: str | Path,
    out: str | Path,
    *,
    kind: str = "auto",
    pattern: str = "*",
    sampling_rate: float | None = None,
    exercise: str | None = None,
    load_kg: float | None = None,
    emg_unit: str | None = None,
    test: str = "auto",
    scheduler: str | None = None,
    n_workers: int = 2,
    chunk_size: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ArchiveSummary:
    """Analyse every recording under ``folder`` not yet in ``out``; see the module docstring.

    Parameters
    ----------
    kind : {"auto", "force", "velocity", "emg", "mu"}
        ``auto`` tells each file's kind; another value treats every file as that kind.
    sampling_rate : float, optional
        Hz, for text files without a time column (force, barbell, EMG, discharge-time CSVs).
    exercise, load_kg : optional
        For barbell files (``velocity_analyze_set``).
    scheduler : str, optional
        ``tcp://HOST:PORT`` of an existing Dask scheduler; otherwise this process, or a local
        cluster of ``n_workers`` processes when the work pays for starting one.
    chunk_size : int, optional
        Files per task (default: 500, fewer so that every worker gets about 4 tasks).
    progress : callable, optional
        Called with (files done, files to analyse) as chunks finish.
    """
    if kind not in ("auto", *ARCHIVE_KINDS):
        raise InvalidParameterError(
            f"batch: kind must be auto or one of {', '.join(ARCHIVE_KINDS)}, got {kind!r}"
        )
    check_workers(n_workers, where="batch")
    if chunk_size is not None and chunk_size < 1:
        raise InvalidParameterError(f"batch: chunk_size must be >= 1, got {chunk_size}")
    out_dir = Path(out)
    if out_dir.exists() and not out_dir.is_dir():
        raise InvalidParameterError(f"batch: --out {out_dir} exists and is not a folder")
    out_dir.mkdir(parents=True, exist_ok=True)
    for tmp in out_dir.glob("kind=*/.part-*.tmp"):  # left by a killed run
        tmp.unlink(missing_ok=True)
    files = archive_files(folder, pattern)
    current = {f.path: f for f in files}
    done = _done_keys(out_dir, current)
    todo = [f for f in files if f.key not in done]
    if chunk_size is not None:
        size = chunk_size
    elif uses_cluster(len(todo), scheduler=scheduler, n_workers=n_workers):
        size = max(1, min(500, -(-len(todo) // (4 * n_workers))))  # ~4 tasks per worker
    else:
        size = 500
    chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
    options = {
        "kind": kind,
        "sampling_rate": sampling_rate,
        "exercise": exercise,
        "load_kg": load_kg,
        "emg_unit": emg_unit,
        "test": test,
    }
    info = RunInfo()
    summary = ArchiveSummary(
        n_files=len(files),
        n_skipped=len(files) - len(todo),
        n_analysed=0,
        n_ok=0,
        n_failed=0,
        by_kind={},
        out=str(out_dir),
        mode="in-process",
        n_workers=1,
        startup_s=0.0,
        analysis_s=0.0,
    )
    t0 = time.perf_counter()
    run_id = f"{time.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(3)}"
    for k, res in run_chunks(
        archive_chunk,
        chunks,
        kwargs={"options": options},
        n_items=len(todo),
        scheduler=scheduler,
        n_workers=n_workers,
        warm_modules=("neurolift.batch.archive", "neurolift.batch.force", "pandas", "pyarrow"),
        info=info,
        where="batch",
    ):
        _write_part(out_dir, f"part-{run_id}-{k:06d}", res["tables"])
        summary.n_analysed += res["n_files"]
        summary.n_failed += len(res["failed"])
        summary.failed += res["failed"]
        for k, n in res["by_kind"].items():
            summary.by_kind[k] = summary.by_kind.get(k, 0) + n
        if progress is not None:
            progress(summary.n_analysed, len(todo))
    summary.n_ok = summary.n_analysed - summary.n_failed
    summary.mode, summary.n_workers, summary.startup_s = info.mode, info.n_workers, info.startup_s
    summary.analysis_s = time.perf_counter() - t0 - info.startup_s
    return summary


def archive_read(out: str | Path, kind: str) -> Any:
    """All rows of one kind in ``out`` as a pandas DataFrame (parts with differing columns are
    aligned; empty when there are none)."""
    import pandas as pd

    parts = sorted((Path(out) / f"kind={kind}").glob("part-*.parquet"))
    if not parts:
        return pd.DataFrame(columns=list(KEY_COLUMNS) + ["error"])
    frames = [pd.read_parquet(p) for p in parts]
    frames = [f for f in frames if not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
