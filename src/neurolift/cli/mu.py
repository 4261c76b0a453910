"""`neurolift mu`: decomposed motor units - thresholds, discharge rates, quality, MUAPs."""

from __future__ import annotations

import dataclasses
from enum import Enum
from pathlib import Path

import typer

from neurolift.cli._common import (
    AthleteSaveOption,
    DatabaseOption,
    FormatOption,
    RecordedAtOption,
    SessionOption,
    open_store,
    parse_datetime,
)
from neurolift.cli._output import OutputFormat, emit, stderr
from neurolift.errors import InvalidParameterError

app = typer.Typer(no_args_is_help=True)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="mu", help="Decomposed motor units: thresholds, rates, MUAPs.")


@app.command("analyze")
def analyze(
    file: Path = typer.Argument(
        ...,
        help="Decomposition: OTBiolab+ .mat, DEMUSE .mat, openhdemg .json or CSV of discharge times.",
    ),
    steady: tuple[float, float] | None = typer.Option(
        None,
        "--steady",
        help="Steady window START END, s (default: detected from the force plateau).",
    ),
    mvc_n: float | None = typer.Option(
        None,
        "--mvc-n",
        help="MVC force, N: absolute thresholds from a %MVC reference, or %MVC from a force in N.",
    ),
    sampling_rate: float | None = typer.Option(
        None, "--sampling-rate", help="Hz, for a CSV of discharge times."
    ),
    force_file: Path | None = typer.Option(
        None,
        "--force-file",
        help="Force recorded with a CSV of discharge times: CSV with a time column or sampled at "
        "--sampling-rate; first non-time column unless --force-column.",
    ),
    force_column: str | None = typer.Option(None, "--force-column", help="Column of --force-file."),
    force_unit: str = typer.Option("N", "--force-unit", help="Unit of --force-file: N or %MVC."),
    n_firings_threshold: int = typer.Option(
        1, "--n-firings-threshold", help="Discharges averaged for RT/DERT."
    ),
    n_firings_rec: int = typer.Option(
        4, "--n-firings-rec", help="Discharges for DR at recruitment/derecruitment."
    ),
    n_firings_steady: int = typer.Option(
        10, "--n-firings-steady", help="Discharges for DR at start/end of the steady phase."
    ),
    min_sil: float | None = typer.Option(
        0.9, "--min-sil", help="SIL quality gate (negative disables)."
    ),
    min_discharges: int = typer.Option(
        10, "--min-discharges", help="Units with fewer discharges are rejected."
    ),
    sort: bool = typer.Option(True, "--sort/--no-sort", help="Order units by recruitment."),
    cv: bool = typer.Option(
        False, "--cv", help="Also estimate conduction velocity (needs the grid EMG)."
    ),
    sync: bool = typer.Option(
        False,
        "--sync",
        help="Synchronisation of accepted units in the steady window: CIS, "
        "coherence bands, common-drive index.",
    ),
    rfd_onset: float | None = typer.Option(
        None, "--rfd-onset", help="Force onset, s: RFD of the force channel over 50/100/150/200 ms."
    ),
    plot_dir: Path | None = typer.Option(
        None, "--plot-dir", help="Write raster, rates, RT-DR and MUAP figures here."
    ),
    athlete: str | None = AthleteSaveOption,
    session: str | None = SessionOption,
    date: str | None = RecordedAtOption,
    database_url: str | None = DatabaseOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Per-unit recruitment thresholds, discharge rates, COV of ISI and quality; pool onion-skin
    slope and force steadiness (openhdemg-compatible definitions)."""
    from neurolift.io.decomposition import decomposition_read, decomposition_read_reference
    from neurolift.motorunits.analysis import mu_analyze, mu_plot_all

    when = parse_datetime(date, "--date")
    d = decomposition_read(file, sampling_rate=sampling_rate)
    if force_file is not None:
        d = d.with_reference(
            decomposition_read_reference(
                force_file,
                sampling_rate=d.sampling_rate,
                n_samples=d.n_samples,
                column=force_column,
                unit=force_unit,
            )
        )
    if sort:
        d = d.sorted_by_recruitment()
    analysis = mu_analyze(
        d,
        conduction_velocity=cv,
        synchronisation=sync,
        rfd_onset_s=rfd_onset,
        mvc=mvc_n,
        steady=steady,
        n_firings_threshold=n_firings_threshold,
        n_firings_rec_derec=n_firings_rec,
        n_firings_steady=n_firings_steady,
        min_sil=None if min_sil is not None and min_sil < 0 else min_sil,
        min_discharges=min_discharges,
    )
    out = analysis.to_dict()
    if plot_dir is not None:
        plot_dir.mkdir(parents=True, exist_ok=True)
        out["plots"] = []
        for name, fig in mu_plot_all(d, analysis.properties).items():
            path = plot_dir / f"{file.stem}_{name}.png"
            fig.savefig(path, dpi=110)
            out["plots"].append(str(path))
    if athlete:
        from neurolift.services.emg import mu_analysis_save

        saved = mu_analysis_save(
            open_store(database_url),
            athlete,
            out,
            d,
            method=analysis.method,
            source_name=file.name,
            performed_at=when,
            session=session,
        )
        stderr.print(f"saved result {saved.id} (trial {saved.trial_id}) for {athlete}")
    if format is OutputFormat.json:
        emit(out, format)
    elif format is OutputFormat.csv:
        emit(out["units"], format)
    else:
        rows = [
            {k: u.get(k) for k in _UNIT_COLUMNS if k in u or k != "cv_m_s"} for u in out["units"]
        ]
        emit(rows, format, title=f"{file.name}: motor units")
        pool = {k: v for k, v in out.items() if not isinstance(v, (list, dict))}
        emit(pool, format, title="pool")
    for w in analysis.warnings:
        stderr.print(f"warning: {w}")


_UNIT_COLUMNS = (
    "unit",
    "n_discharges",
    "rt_pct_mvc",
    "dert_pct_mvc",
    "rt_n",
    "dr_rec_pps",
    "dr_derec_pps",
    "dr_steady_pps",
    "dr_all_pps",
    "cov_isi_steady_pct",
    "cov_isi_all_pct",
    "sil",
    "pnr_db",
    "accepted",
    "cv_m_s",
)


class Contrast(str, Enum):
    skew = "skew"
    logcosh = "logcosh"
    kurtosis = "kurtosis"


def _check_out(path: Path, source: Path, option: str) -> None:
    """Refuse an output that cannot be written before any work is done."""
    if path.resolve() == source.resolve():
        raise InvalidParameterError(f"mu decompose: {option} would overwrite the input file")
    if not path.parent.exists():
        raise InvalidParameterError(
            f"mu decompose: {option}: folder {str(path.parent)!r} does not exist"
        )
    if path.exists() and path.is_dir():
        raise InvalidParameterError(f"mu decompose: {option}: {str(path)!r} is a folder")


@app.command("decompose")
def decompose(
    file: Path = typer.Argument(
        ...,
        help="Raw grid recording: OTBiolab+ .mat, or CSV with a time column (s), one column per "
        "electrode named r{row}c{col} (V) and an optional force column.",
    ),
    out: Path = typer.Option(
        ..., "--out", "-o", help="Write the units here (units.json: discharges, SIL, PNR, force)."
    ),
    openhdemg: Path | None = typer.Option(
        None, "--openhdemg", help="Also write openhdemg's JSON (its GUI opens it)."
    ),
    reference_channel: str | None = typer.Option(
        None,
        "--reference-channel",
        help="CSV column holding the force (default: a column named force...).",
    ),
    reference_unit: str | None = typer.Option(
        None, "--reference-unit", help="Unit of the force column: N or %MVC (default from name)."
    ),
    unit: str = typer.Option("V", "--unit", help="Unit of the CSV electrode columns: V, mV, uV."),
    sampling_rate: float | None = typer.Option(
        None, "--sampling-rate", help="Hz, for a CSV without a time column."
    ),
    grid: str | None = typer.Option(
        None, "--grid", help="Grid ROWSxCOLS or OTB code, when the file does not say."
    ),
    ied_mm: float | None = typer.Option(
        None, "--ied-mm", help="Inter-electrode distance, mm, when the file does not say."
    ),
    n_iterations: int = typer.Option(64, "--n-iterations", help="Sources to estimate."),
    extension_factor: int | None = typer.Option(
        None,
        "--extension-factor",
        help="Delayed copies per channel (default round(1000 / channels)).",
    ),
    max_units: int | None = typer.Option(
        None, "--max-units", help="Stop once this many units are accepted."
    ),
    min_sil: float = typer.Option(0.9, "--min-sil", help="Acceptance threshold of the SIL."),
    contrast: Contrast = typer.Option(
        Contrast.skew, "--contrast", case_sensitive=False, help="Fixed-point ICA contrast."
    ),
    notch: float | None = typer.Option(
        None, "--notch", help="Mains frequency to notch out (50 or 60 Hz)."
    ),
    workers: int | None = typer.Option(
        None, "--workers", help="Threads (BLAS and per-source work); default every core."
    ),
    format: OutputFormat = FormatOption,
) -> None:
    """Decompose HD-EMG into motor units (convolutive blind source separation, Negro et al.
    2016) and write units.json; `neurolift mu analyze units.json` then gives thresholds and
    rates."""
    from neurolift.cli._progress import progress_bar
    from neurolift.io.decomposition_write import (
        decomposition_write_json,
        decomposition_write_openhdemg,
    )
    from neurolift.io.hdemg import hdemg_read
    from neurolift.motorunits.decompose import (
        DecomposeProgress,
        mu_decompose,
        mu_decompose_summary,
    )

    _check_out(out, file, "--out")
    if openhdemg is not None:
        _check_out(openhdemg, file, "--openhdemg")
    rec = hdemg_read(
        file,
        sampling_rate=sampling_rate,
        unit=unit,
        reference_channel=reference_channel,
        reference_unit=reference_unit,
        grid=grid,
        ied_m=None if ied_mm is None else ied_mm / 1000.0,
    )
    kwargs = {
        "reference": rec.reference,
        "grid": rec.grid,
        "ied_m": rec.ied_m,
        "n_iterations": n_iterations,
        "extension_factor": extension_factor,
        "max_units": max_units,
        "min_sil": min_sil,
        "contrast": contrast.value,
        "notch": notch,
        "workers": workers,
    }
    with progress_bar("decomposing (sources)", fields={"units": "units found: {}"}) as bar:

        def progress(p: DecomposeProgress) -> None:
            if bar is not None:
                bar(p.iteration, p.n_iterations, units=p.n_units)

        d = mu_decompose(rec.emg, progress=progress, **kwargs)  # type: ignore[arg-type]
    d = dataclasses.replace(d, filename=file.name)
    decomposition_write_json(d, out)
    result = mu_decompose_summary(d).to_dict()
    result["out"] = str(out)
    if openhdemg is not None:
        decomposition_write_openhdemg(d, openhdemg)
        result["openhdemg"] = str(openhdemg)
    if format is OutputFormat.json:
        emit(result, format)
    elif format is OutputFormat.csv:
        emit(result["units"], format)
    else:
        emit(result["units"], format, title=f"{file.name}: {d.n_units} motor units")
        stderr.print(f"wrote {out}" + (f" and {openhdemg}" if openhdemg else ""))
    for w in d.warnings:
        stderr.print(f"warning: {w}")
