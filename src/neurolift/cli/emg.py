"""`neurolift emg`: surface EMG - analyse a recording, an MVC trial, the Moritani-deVries split."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Any

import typer

from neurolift.cli._common import (
    AthleteSaveOption,
    DatabaseOption,
    FormatOption,
    OldOption,
    PlotOption,
    RecordedAtOption,
    SessionOption,
    open_store,
    parse_datetime,
    prefer,
    split_names,
)
from neurolift.cli._output import OutputFormat, emit, stderr
from neurolift.errors import InvalidParameterError

app = typer.Typer(no_args_is_help=True)


def register(root: typer.Typer) -> None:
    root.add_typer(
        app, name="emg", help="Surface EMG: activation, efficiency, co-activation, fatigue."
    )


class Envelope(str, Enum):
    rms = "rms"
    linear = "linear"


class OnsetMethod(str, Enum):
    threshold = "threshold"
    bonato = "bonato"


class Fit(str, Enum):
    origin = "origin"
    linear = "linear"


EnvelopeOption = typer.Option(
    Envelope.rms, "--envelope", case_sensitive=False, help="rms (moving window) or linear."
)
LowcutOption = typer.Option(None, "--lowcut-hz", help="Band-pass low edge, Hz (default 20).")
HighcutOption = typer.Option(
    None, "--highcut-hz", help="Band-pass high edge, Hz (< Nyquist; default 450)."
)
OldLowcut = OldOption("--lowcut", "--lowcut-hz")
OldHighcut = OldOption("--highcut", "--highcut-hz")
OldNotch = OldOption("--notch", "--notch-hz")
NotchOption = typer.Option(
    None, "--notch-hz", help="Mains frequency to notch (50 or 60 Hz, + harmonics)."
)
UnitOption = typer.Option("V", "--unit", help="Unit of CSV EMG columns: V, mV or uV.")
SamplingRateOption = typer.Option(
    None, "--sampling-rate", help="Hz; CSV files without a time column."
)


def _read(
    file: Path,
    sampling_rate: float | None,
    unit: str,
    channels: str | None,
    force_channel: str | None = None,
):  # type: ignore[no-untyped-def]
    """The recording, with only the reader options that apply to the file's format."""
    from neurolift.io.emg import emg_read

    kw: dict[str, Any] = {}
    if channels is not None:
        kw["channels"] = split_names(channels)
    if force_channel is not None:
        kw["force_channel"] = force_channel
    if file.suffix.lower() in (".csv", ".tsv", ".txt"):
        kw["unit"] = unit
    return emg_read(file, sampling_rate=sampling_rate, **kw)


def _band(
    lowcut_hz: float | None,
    highcut_hz: float | None,
    notch_hz: float | None,
    old_lowcut: float | None,
    old_highcut: float | None,
    old_notch: float | None,
) -> dict[str, Any]:
    """The filter options (the ``_hz`` spellings, or their deprecated ones) with defaults."""
    low = prefer(lowcut_hz, old_lowcut, new="--lowcut-hz", old="--lowcut")
    high = prefer(highcut_hz, old_highcut, new="--highcut-hz", old="--highcut")
    return {
        "lowcut_hz": 20.0 if low is None else low,
        "highcut_hz": 450.0 if high is None else high,
        "notch_hz": prefer(notch_hz, old_notch, new="--notch-hz", old="--notch"),
    }


def _mvc_values(items: list[str] | None) -> dict[str, float] | None:
    if not items:
        return None
    out = {}
    for it in items:
        if "=" not in it:
            raise InvalidParameterError(f"--mvc-value: expected CHANNEL=VOLTS, got {it!r}")
        k, v = it.split("=", 1)
        try:
            out[k.strip()] = float(v)
        except ValueError:
            raise InvalidParameterError(f"--mvc-value: {v!r} is not a number (V)") from None
    return out


@app.command("analyze")
def analyze(
    file: Path = typer.Argument(..., help="EMG file: CSV/TSV/TXT, C3D, EDF/BDF or OTBiolab+ .mat."),
    sampling_rate: float | None = SamplingRateOption,
    unit: str = UnitOption,
    channels: str | None = typer.Option(
        None, "--channels", help="Comma-separated EMG channels (default all)."
    ),
    force_channel: str | None = typer.Option(
        None, "--force-channel", help="Force column in the same file (N)."
    ),
    lowcut_hz: float | None = LowcutOption,
    highcut_hz: float | None = HighcutOption,
    notch_hz: float | None = NotchOption,
    old_lowcut: float | None = OldLowcut,
    old_highcut: float | None = OldHighcut,
    old_notch: float | None = OldNotch,
    envelope: Envelope = EnvelopeOption,
    onset_method: OnsetMethod = typer.Option(
        OnsetMethod.threshold,
        "--onset-method",
        case_sensitive=False,
        help="threshold (baseline + k SD) or bonato (double threshold).",
    ),
    baseline: tuple[float, float] | None = typer.Option(
        None, "--baseline", help="Quiet window START END, s."
    ),
    mvc_file: Path | None = typer.Option(
        None, "--mvc-file", help="MVC trial (same format and channels)."
    ),
    mvc_value: list[str] | None = typer.Option(
        None, "--mvc-value", help="Stored MVC amplitude CHANNEL=VOLTS (repeat)."
    ),
    stored_mvc: bool = typer.Option(
        False, "--stored-mvc", help="Normalise with the athlete's latest MVC saved by `emg mvc`."
    ),
    agonist: str | None = typer.Option(
        None, "--agonist", help="Agonist channel for co-activation."
    ),
    antagonist: str | None = typer.Option(
        None, "--antagonist", help="Antagonist channel for co-activation."
    ),
    nme_window: tuple[float, float] | None = typer.Option(
        None, "--nme-window", help="Submaximal plateau START END, s (needs --force-channel)."
    ),
    mvc_force_n: float | None = typer.Option(
        None, "--mvc-force-n", help="MVC force, N (normalised NME)."
    ),
    rate_of_rise: bool = typer.Option(
        False,
        "--rate-of-rise",
        help="Rate of EMG rise + RFD from onset (automatic with --force-channel).",
    ),
    relation: tuple[float, float] | None = typer.Option(
        None,
        "--relation",
        help="EMG-force relation over a ramp START END, s (needs --force-channel).",
    ),
    plot: Path | None = PlotOption("Write the EMG/envelope/bursts figure here"),
    athlete: str | None = AthleteSaveOption,
    session: str | None = SessionOption,
    date: str | None = RecordedAtOption,
    database_url: str | None = DatabaseOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Clean, envelope, detect bursts and summarise every EMG channel; optional co-activation,
    neuromuscular efficiency and rate of EMG rise next to RFD when a force channel is given."""
    from neurolift.signals.emg import emg_analyze, emg_plot_process

    if sum([bool(mvc_value), mvc_file is not None, stored_mvc]) > 1:
        raise InvalidParameterError(
            "emg analyze: give one of --mvc-file, --mvc-value or --stored-mvc"
        )
    if stored_mvc and not athlete:
        raise InvalidParameterError("emg analyze: --stored-mvc needs --athlete")
    if (agonist is None) != (antagonist is None):
        raise InvalidParameterError(
            "emg analyze: co-activation needs both --agonist and --antagonist"
        )
    if force_channel is None:
        for flag, given in (
            ("--nme-window", nme_window is not None),
            ("--mvc-force-n", mvc_force_n is not None),
            ("--rate-of-rise", rate_of_rise),
            ("--relation", relation is not None),
        ):
            if given:
                raise InvalidParameterError(f"emg analyze: {flag} needs --force-channel")
    if mvc_force_n is not None and nme_window is None:
        raise InvalidParameterError("emg analyze: --mvc-force-n needs --nme-window START END")
    when = parse_datetime(date, "--date")
    rec = _read(file, sampling_rate, unit, channels, force_channel)
    mvc: Any = _mvc_values(mvc_value)
    if stored_mvc and athlete:
        from neurolift.services.emg import emg_stored_mvc

        mvc = emg_stored_mvc(open_store(database_url), athlete)
    if mvc_file is not None:
        mvc = _read(mvc_file, sampling_rate, unit, channels).emg
    analysis = emg_analyze(
        rec.emg,
        force=rec.force,
        **_band(lowcut_hz, highcut_hz, notch_hz, old_lowcut, old_highcut, old_notch),
        envelope=envelope.value,
        mvc=mvc,
        onset_method=onset_method.value,
        baseline_s=baseline,
        agonist=agonist,
        antagonist=antagonist,
        nme_window_s=nme_window,
        mvc_force_n=mvc_force_n,
        relation_window_s=relation,
    )
    out: dict[str, Any] = {"file": file.name, **analysis.to_dict()}
    if plot is not None:
        plot.parent.mkdir(parents=True, exist_ok=True)
        emg_plot_process(analysis.process).savefig(plot)
        out["plot"] = str(plot)
    if athlete:
        from neurolift.services.emg import emg_analysis_save

        saved = emg_analysis_save(
            open_store(database_url),
            athlete,
            out,
            signal=rec.emg,
            method=analysis.method,
            source_name=file.name,
            file_format=rec.source,
            performed_at=when,
            session=session,
        )
        stderr.print(f"saved result {saved.id} (trial {saved.trial_id}) for {athlete}")
    if format is OutputFormat.json:
        emit(out, format)
    else:
        emit(
            [c.to_dict() for c in analysis.process.channels],
            format,
            title=f"{file.name}: EMG channels",
        )
        if format is OutputFormat.table:
            for key in ("coactivation", "rate_of_rise"):
                if key in out:
                    emit(
                        {k: v for k, v in out[key].items() if k not in ("method", "warnings")},
                        format,
                        title=key.replace("_", " "),
                    )
    for w in analysis.warnings:
        stderr.print(f"warning: {w}")


@app.command("mvc")
def mvc(
    file: Path = typer.Argument(
        ..., help="MVC trial: CSV/TSV/TXT, C3D, EDF/BDF or OTBiolab+ .mat."
    ),
    sampling_rate: float | None = SamplingRateOption,
    unit: str = UnitOption,
    channels: str | None = typer.Option(None, "--channels", help="Comma-separated EMG channels."),
    lowcut_hz: float | None = LowcutOption,
    highcut_hz: float | None = HighcutOption,
    notch_hz: float | None = NotchOption,
    old_lowcut: float | None = OldLowcut,
    old_highcut: float | None = OldHighcut,
    old_notch: float | None = OldNotch,
    envelope: Envelope = EnvelopeOption,
    window_s: float = typer.Option(0.5, "--window-s", help="Moving window of the MVC peak, s."),
    athlete: str | None = AthleteSaveOption,
    session: str | None = SessionOption,
    date: str | None = RecordedAtOption,
    database_url: str | None = DatabaseOption,
    format: OutputFormat = FormatOption,
) -> None:
    """MVC amplitude per muscle from an MVC trial; with --athlete it is stored for later
    normalisation (`emg analyze --stored-mvc`)."""
    from neurolift.signals.emg import emg_mvc

    when = parse_datetime(date, "--date")
    rec = _read(file, sampling_rate, unit, channels)
    r = emg_mvc(
        rec.emg,
        **_band(lowcut_hz, highcut_hz, notch_hz, old_lowcut, old_highcut, old_notch),
        envelope=envelope.value,
        window_s=window_s,
    )
    out: dict[str, Any] = {"file": file.name, **r.to_dict()}
    if athlete:
        from neurolift.services.emg import emg_mvc_save

        saved = emg_mvc_save(
            open_store(database_url),
            athlete,
            out,
            signal=rec.emg,
            method=r.method,
            source_name=file.name,
            performed_at=when,
            session=session,
        )
        stderr.print(f"saved MVC {saved.id} (trial {saved.trial_id}) for {athlete}")
    if format is OutputFormat.json:
        emit(out, format)
    else:
        emit(
            [{"channel": ch, "mvc_v": v} for ch, v in r.mvc.items()],
            format,
            title=f"{file.name}: MVC",
        )


@app.command("moritani-devries")
def moritani_devries(
    pre: Path = typer.Argument(
        ..., help="CSV with columns emg, force: levels before training (MVC included)."
    ),
    post: Path = typer.Argument(..., help="The same after training."),
    fit: Fit = typer.Option(
        Fit.origin,
        "--fit",
        case_sensitive=False,
        help="Force-EMG line through the origin or with an intercept.",
    ),
    emg_unit: str = typer.Option(
        "V", "--emg-unit", help="Unit of the emg column (absolute amplitude)."
    ),
    plot: Path | None = PlotOption("Write the Moritani & deVries figure here"),
    format: OutputFormat = FormatOption,
) -> None:
    """Split a strength gain into neural (more activation) and muscular (more force per unit
    activation) shares, Moritani & deVries (1979)."""
    from neurolift.io.emg import emg_read_levels
    from neurolift.signals.emg import emg_moritani_devries, emg_plot_moritani_devries

    where = "emg moritani-devries"
    e0, f0 = emg_read_levels(pre, where=where)
    e1, f1 = emg_read_levels(post, where=where)
    r = emg_moritani_devries(e0, f0, e1, f1, fit=fit.value, emg_unit=emg_unit)
    out = r.to_dict()
    if plot is not None:
        plot.parent.mkdir(parents=True, exist_ok=True)
        emg_plot_moritani_devries(r).savefig(plot)
        out["plot"] = str(plot)
    if format is OutputFormat.json:
        emit(out, format)
    else:
        emit({k: v for k, v in out.items() if k != "method"}, format, title="Moritani & deVries")
    for w in r.warnings:
        stderr.print(f"warning: {w}")
