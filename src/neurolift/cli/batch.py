"""`neurolift batch`: analyse an archive of recordings of every kind to Parquet (resumable)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from neurolift.cli._common import FormatOption, PatternOption, SchedulerOption, WorkersOption
from neurolift.cli._output import (
    OutputFormat,
    emit,
    fail_if_nothing_succeeded,
    stderr,
)
from neurolift.cli._progress import progress_bar


class Kind(str, Enum):
    auto = "auto"
    force = "force"
    velocity = "velocity"
    emg = "emg"
    mu = "mu"


def register(app: typer.Typer) -> None:
    app.command("batch")(batch)


def batch(
    folder: Path = typer.Argument(..., help="Folder of recordings (searched recursively)."),
    out: Path = typer.Option(
        ...,
        "--out",
        "-o",
        help="Output folder: Parquet files under kind=force/, kind=velocity/, kind=emg/, kind=mu/.",
    ),
    kind: Kind = typer.Option(
        Kind.auto,
        "--kind",
        help="Treat every file as this kind (auto tells each file's).",
        case_sensitive=False,
    ),
    pattern: str = PatternOption,
    sampling_rate: float | None = typer.Option(
        None, "--sampling-rate", help="Hz, for text files without a time column."
    ),
    exercise: str | None = typer.Option(
        None, "--exercise", help="Exercise of the barbell files (back_squat, bench_press...)."
    ),
    load_kg: float | None = typer.Option(None, "--load-kg", help="Barbell load, kg."),
    emg_unit: str | None = typer.Option(
        None, "--emg-unit", help="Unit of the EMG columns of CSV files: V (default), mV or uV."
    ),
    scheduler: str | None = SchedulerOption,
    workers: int = WorkersOption,
    chunk_size: int | None = typer.Option(
        None, "--chunk-size", help="Files per task (default: up to 500, ~4 tasks per worker)."
    ),
    format: OutputFormat = FormatOption,
) -> None:
    """Analyse every recording in FOLDER not already in OUT; failures are rows with their error.

    Run it again to resume: files already in OUT (same path, size and modification time) are
    skipped.
    """
    from neurolift.batch.archive import archive_process

    with progress_bar("analysing") as progress:
        summary = archive_process(
            folder,
            out,
            kind=kind.value,
            pattern=pattern,
            sampling_rate=sampling_rate,
            exercise=exercise,
            load_kg=load_kg,
            emg_unit=emg_unit,
            scheduler=scheduler,
            n_workers=workers,
            chunk_size=chunk_size,
            progress=progress,
        )
    emit(summary, format)
    for path, error in summary.failed[:20]:
        stderr.print(f"failed: {path}: {error}")
    if len(summary.failed) > 20:
        stderr.print(f"... and {len(summary.failed) - 20} more failed files")
    fail_if_nothing_succeeded(summary.n_analysed, summary.n_failed, "batch")
