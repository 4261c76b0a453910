"""`neurolift force`: analyse, plot and batch-process force-plate recordings."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Any

import typer

from neurolift.cli._common import (
    DatabaseOption,
    FormatOption,
    OldFormatOption,
    PatternOption,
    PlotOption,
    SchedulerOption,
    WorkersOption,
    old_format,
    open_store,
)
from neurolift.cli._output import (
    OutputFormat,
    emit,
    fail_if_nothing_succeeded,
    stderr,
)
from neurolift.cli._progress import progress_bar
from neurolift.errors import InvalidParameterError

app = typer.Typer(no_args_is_help=True)


class Test(str, Enum):
    auto = "auto"
    cmj = "cmj"
    sj = "sj"
    dj = "dj"
    imtp = "imtp"
    multi = "multi"


class OnsetMethod(str, Enum):
    sd = "sd"
    fixed = "fixed"


class TakeoffMethod(str, Enum):
    threshold = "threshold"
    flight_noise = "flight_noise"


SamplingRate = typer.Option(
    None, "--sampling-rate", help="Hz; required when the file has no time column."
)
TestOpt = typer.Option(
    Test.auto, "--test", "-t", help="Test type; auto detects it.", case_sensitive=False
)
BodyMass = typer.Option(None, "--body-mass-kg", help="System mass, kg (default: plate weight / g).")
DropHeight = typer.Option(None, "--drop-height-m", help="Drop-jump box height, m.")
OnsetOpt = typer.Option(
    None, "--onset-method", help="sd: BW +/- 5 SD - 30 ms (Owen 2014); fixed: +/- 20 N."
)
OnsetSd = typer.Option(
    None, "--onset-sd", help="Onset threshold in SDs of the weighing (default 5)."
)
TakeoffThr = typer.Option(None, "--takeoff-threshold-n", help="Flight threshold, N (default 20).")
TakeoffMeth = typer.Option(
    None, "--takeoff-method", help="threshold (default) or flight_noise (mean + 5 SD of flight)."
)


def _params(
    test: str,
    onset_method: OnsetMethod | None,
    onset_sd: float | None,
    takeoff_threshold_n: float | None,
    takeoff_method: TakeoffMethod | None,
) -> dict[str, Any]:
    p: dict[str, Any] = {}
    if onset_sd is not None:
        p["onset_sd"] = onset_sd
    if test == "imtp":
        if (
            onset_method is not None
            or takeoff_threshold_n is not None
            or takeoff_method is not None
        ):
            raise InvalidParameterError(
                "force: --onset-method/--takeoff-* do not apply to --test imtp"
            )
        return p
    if onset_method is not None:
        p["onset_method"] = onset_method.value
    if takeoff_threshold_n is not None:
        p["takeoff_threshold_n"] = takeoff_threshold_n
    if takeoff_method is not None:
        p["takeoff_method"] = takeoff_method.value
    return p


@app.command("analyze")
def analyze(
    file: Path = typer.Argument(..., help="Force file (CSV/TXT/TSV or C3D)."),
    test: Test = TestOpt,
    sampling_rate: float | None = SamplingRate,
    body_mass_kg: float | None = BodyMass,
    drop_height_m: float | None = DropHeight,
    onset_method: OnsetMethod | None = OnsetOpt,
    onset_sd: float | None = OnsetSd,
    takeoff_threshold_n: float | None = TakeoffThr,
    takeoff_method: TakeoffMethod | None = TakeoffMeth,
    athlete: str | None = typer.Option(
        None, "--athlete", help="Save the trial and result for this athlete."
    ),
    database_url: str | None = DatabaseOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Analyse one jump or isometric pull (CMJ, SJ, DJ, multi-jump, IMTP)."""
    from neurolift.services.force import force_analyze_file, force_trial_save

    params = _params(test.value, onset_method, onset_sd, takeoff_threshold_n, takeoff_method)
    trial = force_analyze_file(
        file,
        test=test.value,
        sampling_rate=sampling_rate,
        body_mass_kg=body_mass_kg,
        drop_height_m=drop_height_m,
        **params,
    )
    result = trial.result
    if athlete:
        rec = force_trial_save(open_store(database_url), athlete, trial, source_name=file.name)
        stderr.print(f"saved result {rec.id} (trial {rec.trial_id}) for {athlete}")
    if format is OutputFormat.json:
        emit(result, format)
    elif hasattr(result, "rows"):  # multi-jump: one row per jump
        emit(result.rows(), format, title=f"{file.name}: {result.n_jumps} jumps")
    else:
        emit(result.flat(), format, title=f"{file.name} ({result.test})")
    for w in getattr(result, "warnings", ()):
        stderr.print(f"warning: {w}")


@app.command("plot")
def plot(
    file: Path = typer.Argument(..., help="Force file."),
    out: Path = PlotOption("Image to write", option="--out", required=True),
    test: Test = TestOpt,
    sampling_rate: float | None = SamplingRate,
    body_mass_kg: float | None = BodyMass,
    drop_height_m: float | None = DropHeight,
    onset_method: OnsetMethod | None = OnsetOpt,
    takeoff_threshold_n: float | None = TakeoffThr,
    format: str | None = OldFormatOption,
) -> None:
    """Draw force, velocity and displacement with the phases shaded and key events marked (the
    file written goes to stderr)."""
    from neurolift.plotting.force import force_plot_trial
    from neurolift.services.force import force_analyze_file

    old_format(format)
    params = _params(test.value, onset_method, None, takeoff_threshold_n, None)
    trial = force_analyze_file(
        file,
        test=test.value,
        sampling_rate=sampling_rate,
        body_mass_kg=body_mass_kg,
        drop_height_m=drop_height_m,
        **params,
    )
    ts, result = trial.signal, trial.result
    if body_mass_kg is not None and result.test in ("cmj", "sj"):
        params["body_mass_kg"] = body_mass_kg
    path = force_plot_trial(ts, result, out, params=params, title=None)
    stderr.print(f"wrote {path} ({result.test} of {file.name})")


@app.command("batch")
def batch(
    folder: Path = typer.Argument(..., help="Folder of force files (searched recursively)."),
    out: Path = typer.Option(..., "--out", "-o", help="results.parquet or results.csv"),
    test: Test = TestOpt,
    sampling_rate: float | None = SamplingRate,
    pattern: str = PatternOption,
    scheduler: str | None = SchedulerOption,
    workers: int = WorkersOption,
    chunk_size: int = typer.Option(
        200, "--chunk-size", help="Files per task (analysed vectorised)."
    ),
    format: OutputFormat = FormatOption,
) -> None:
    """Analyse every force file in FOLDER; failed trials are rows with their error.

    A few files are analysed in this process; large folders on a local Dask cluster of
    --workers processes, or on the cluster named by --scheduler. Exits 1 when every file failed.
    """
    from neurolift.batch import check_workers, force_batch, force_batch_files
    from neurolift.batch.force import BatchSummary

    check_workers(workers, where="force batch")
    suffix = out.suffix.lower()
    if suffix not in (".parquet", ".csv"):
        raise InvalidParameterError(
            f"force batch: --out must end in .parquet or .csv, got {out.name!r}"
        )
    files = force_batch_files(folder, pattern)
    with progress_bar("analysing") as progress:
        df = force_batch(
            files,
            test=test.value,
            sampling_rate=sampling_rate,
            scheduler=scheduler,
            n_workers=workers,
            chunk_size=chunk_size,
            progress=progress,
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".parquet":
        df.to_parquet(out, index=False)
    else:
        df.to_csv(out, index=False)
    failed = int(df["error"].notna().sum())
    emit(BatchSummary(len(files), len(files) - failed, failed, str(out)), format)
    for _, row in df[df["error"].notna()].iterrows():
        stderr.print(f"failed: {row['file']}: {row['error']}")
    fail_if_nothing_succeeded(len(files), failed, "force batch")
