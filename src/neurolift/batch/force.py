"""Force-plate archives: many files, analysed vectorised within a chunk, chunks spread over workers.

Each Dask task takes a chunk of files, reads them, detects the test where asked, and analyses
all countermovement/squat jumps of the chunk in one vectorised call
(:func:`~neurolift.signals.force.jump_metrics_batch`, trials padded to a common length with their
last value); drop jumps, multi-jump files and isometric pulls are analysed one by one. A trial
that fails gives a row with its error; it never stops the batch.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from neurolift.batch._run import RunInfo, check_workers, read_own_clock, run_chunks
from neurolift.errors import InvalidParameterError, NeuroliftError
from neurolift.io.force import force_read
from neurolift.signals.force import force_analyze, force_detect_test, jump_metrics_batch
from neurolift.timeseries import TimeSeries

__all__ = ["BatchSummary", "force_batch", "force_batch_chunk", "force_batch_files"]

FORCE_SUFFIXES = (".txt", ".csv", ".tsv", ".c3d")


@dataclass(frozen=True)
class BatchSummary:
    n_files: int
    n_ok: int
    n_failed: int
    out: str | None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def force_batch_files(folder: str | Path, pattern: str = "*") -> list[Path]:
    """Force files under ``folder`` (recursively) matching ``pattern``, sorted."""
    root = Path(folder)
    if not root.is_dir():
        raise InvalidParameterError(f"force batch: {root} is not a folder")
    files = sorted(
        p for p in root.rglob(pattern) if p.is_file() and p.suffix.lower() in FORCE_SUFFIXES
    )
    if not files:
        raise InvalidParameterError(
            f"force batch: no force files ({', '.join(FORCE_SUFFIXES)}) under {root}"
        )
    return files


def _row(
    path: Path, test: str | None, result: Any = None, error: Exception | None = None
) -> dict[str, Any]:
    row: dict[str, Any] = {"file": str(path), "test": test, "error": None}
    if error is not None:
        row["error"] = f"{type(error).__name__}: {error}"
        return row
    if hasattr(result, "flat"):
        row.update(result.flat())
    elif hasattr(result, "rows"):  # multi-jump: one summary row; jumps kept as counts/bests
        d = result.to_dict()
        d.pop("jumps", None)
        d.pop("method", None)
        d["warnings"] = "; ".join(d.get("warnings", []))
        row.update(d)
    row["test"] = test
    return row


def force_batch_chunk(
    paths: Sequence[str],
    *,
    test: str = "auto",
    sampling_rate: float | None = None,
    params: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """Analyse a chunk of files in one worker; returns one row per file.

    ``sampling_rate`` is for the files without a time column; a file with its own clock is read
    at its rate, with a warning in its row when the two disagree (:func:`read_own_clock`).
    """
    params = dict(params or {})
    rows: dict[int, dict[str, Any]] = {}
    notes: dict[int, str] = {}
    jumps: dict[tuple[str, float], list[tuple[int, Path, TimeSeries]]] = {}
    for i, raw in enumerate(paths):
        path = Path(raw)
        try:
            ts, note = read_own_clock(force_read, path, sampling_rate=sampling_rate)
            if note is not None:
                notes[i] = note
            kind = (
                test
                if test != "auto"
                else force_detect_test(
                    ts, takeoff_threshold_n=params.get("takeoff_threshold_n", 20.0)
                )
            )
            if kind in ("cmj", "sj"):
                jumps.setdefault((kind, ts.sampling_rate), []).append((i, path, ts))
            else:
                rows[i] = _row(path, kind, force_analyze(ts, test=kind, **params))
        except NeuroliftError as exc:
            rows[i] = _row(path, None if test == "auto" else test, error=exc)
    for (kind, fs), items in jumps.items():
        length = max(ts.n_samples for _, _, ts in items)
        two = all(ts.n_channels == 2 for _, _, ts in items)
        F = np.stack(
            [
                np.pad(ts.as_2d().sum(axis=1), (0, length - ts.n_samples), mode="edge")
                for _, _, ts in items
            ]
        )
        sides = (
            np.stack(
                [
                    np.pad(ts.as_2d(), ((0, length - ts.n_samples), (0, 0)), mode="edge")
                    for _, _, ts in items
                ]
            )
            if two
            else None
        )
        channels = items[0][2].channels if two else ("fp1", "fp2")
        results = jump_metrics_batch(
            F, sampling_rate=fs, test=kind, sides=sides, channels=channels, **params
        )
        for (i, path, _), res in zip(items, results, strict=True):
            if isinstance(res, NeuroliftError):
                rows[i] = _row(path, kind, error=res)
            else:
                rows[i] = _row(path, kind, res)
    for i, note in notes.items():
        row = rows[i]
        row["warnings"] = "; ".join(w for w in (row.get("warnings") or "", note) if w)
    return [rows[i] for i in range(len(paths))]


def force_batch(
    files: Sequence[Path],
    *,
    test: str = "auto",
    sampling_rate: float | None = None,
    params: dict[str, Any] | None = None,
    scheduler: str | None = None,
    n_workers: int = 2,
    chunk_size: int = 200,
    progress: Callable[[int, int], None] | None = None,
    info: RunInfo | None = None,
) -> pd.DataFrame:
    """Analyse ``files`` and return one row per file (errors included).

    Parameters
    ----------
    scheduler : str, optional
        Address of an existing ``dask.distributed`` scheduler (``tcp://host:port``). Without it
        the files are analysed in this process, or, with ``n_workers`` > 1 and at least
        :data:`~neurolift.batch._run.LOCAL_CLUSTER_MIN_ITEMS` files, on a local cluster of
        ``n_workers`` single-threaded worker processes that is started and closed.
    n_workers : int
        >= 1.
    progress : callable, optional
        Called with (files done, files total) as chunks finish.
    info : RunInfo, optional
        Filled with where the work ran and its start-up time.
    """
    check_workers(n_workers, where="force_batch")
    if chunk_size < 1:
        raise InvalidParameterError(f"force_batch: chunk_size must be >= 1, got {chunk_size}")
    names = [str(f) for f in files]
    chunks = [names[i : i + chunk_size] for i in range(0, len(names), chunk_size)]
    out: dict[int, list[dict[str, Any]]] = {}
    done = 0
    for k, rows in run_chunks(
        force_batch_chunk,
        chunks,
        kwargs={"test": test, "sampling_rate": sampling_rate, "params": params},
        n_items=len(names),
        scheduler=scheduler,
        n_workers=n_workers,
        warm_modules=("neurolift.batch.force",),
        info=info,
        where="force batch",
    ):
        out[k] = rows
        done += len(chunks[k])
        if progress is not None:
            progress(done, len(names))
    return pd.DataFrame([r for k in range(len(chunks)) for r in out[k]])
