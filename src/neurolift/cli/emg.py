"""`neurolift emg` (surface EMG) and `neurolift mu` (decomposed motor units)."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from pathlib import Path
from typing import Any

import typer

from neurolift.cli._common import DatabaseOption, FormatOption, open_store
from neurolift.cli._output import OutputFormat, emit, stderr
from neurolift.errors import InvalidParameterError

app = typer.Typer(no_args_is_help=True)
mu_app = typer.Typer(no_args_is_help=True)


def register(root: typer.Typer) -> None:
    """Add the `emg` and `mu` groups to the root app."""
    root.add_typer(
        app, name="emg", help="Surface EMG: activation, efficiency, co-activation, fatigue."
    )
    root.add_typer(mu_app, name="mu", help="Decomposed motor units: thresholds, rates, MUAPs.")


class Envelope(str, Enum):
    rms = "rms"
    linear = "linear"


class OnsetMethod(str, Enum):
    threshold = "threshold"
    bonato = "bonato"


AthleteOpt = typer.Option(None, "--athlete", help="Save the trial and result for this athlete.")
SessionOpt = typer.Option(
    None, "--session", help="Session label stored with the result (e.g. 'wk4-pre')."
)
DateOpt = typer.Option(
    None, "--date", help="When the trial was recorded (ISO date/time); default now."
)


def _when(date: str | None) -> dt.datetime | None:
    if date is None:
        return None
    try:
        when = dt.datetime.fromisoformat(date)
    except ValueError:
        raise InvalidParameterError(
            f"--date: {date!r} is not an ISO date (YYYY-MM-DD[THH:MM])"
        ) from None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def _split(names: str | None) -> list[str] | None:
    return None if names is None else [n.strip() for n in names.split(",") if n.strip()]


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
def emg_analyze(
    file: Path = typer.Argument(..., help="EMG file: CSV/TSV/TXT, C3D, EDF/BDF or OTBiolab+ .mat."),
    sampling_rate: float | None = typer.Option(
        None, "--sampling-rate", help="Hz; CSV files without a time column."
    ),
    unit: str = typer.Option("V", "--unit", help="Unit of CSV EMG columns: V, mV or uV."),
    channels: str | None = typer.Option(
        None, "--channels", help="Comma-separated EMG channels (default all)."
    ),
    force_channel: str | None = typer.Option(
        None, "--force-channel", help="Force column in the same file (N)."
    ),
    lowcut: float = typer.Option(20.0, "--lowcut", help="Band-pass low edge, Hz."),
    highcut: float = typer.Option(450.0, "--highcut", help="Band-pass high edge, Hz (< Nyquist)."),
    notch: float | None = typer.Option(
        None, "--notch", help="Mains frequency to notch (50 or 60 Hz, + harmonics)."
    ),
    envelope: Envelope = typer.Option(Envelope.rms, "--envelope", case_sensitive=False),
    onset_method: OnsetMethod = typer.Option(
        OnsetMethod.threshold, "--onset-method", case_sensitive=False
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
    plot: Path | None = typer.Option(
        None, "--plot", help="Write the EMG/envelope/bursts figure here (.png/.svg/.pdf)."
    ),
    athlete: str | None = AthleteOpt,
    session: str | None = SessionOpt,
    date: str | None = DateOpt,
    database_url: str | None = DatabaseOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Clean, envelope, detect bursts and summarise every EMG channel; optional co-activation,
    neuromuscular efficiency and rate of EMG rise next to RFD when a force channel is given."""
    from neurolift.io.emg import emg_read
    from neurolift.signals.emg import (
        emg_coactivation,
        emg_nme,
        emg_plot_process,
        emg_process,
        emg_rate_of_rise,
    )

    kw: dict[str, Any] = {}
    if channels is not None:
        kw["channels"] = _split(channels)
    if force_channel is not None:
        kw["force_channel"] = force_channel
    if file.suffix.lower() in (".csv", ".tsv", ".txt"):
        kw["unit"] = unit
    rec = emg_read(file, sampling_rate=sampling_rate, **kw)
    mvc: Any = _mvc_values(mvc_value)
    if sum([mvc is not None, mvc_file is not None, stored_mvc]) > 1:
        raise InvalidParameterError(
            "emg analyze: give one of --mvc-file, --mvc-value or --stored-mvc"
        )
    if stored_mvc:
        if not athlete:
            raise InvalidParameterError("emg analyze: --stored-mvc needs --athlete")
        from neurolift.services.emg import emg_stored_mvc

        mvc = emg_stored_mvc(open_store(database_url), athlete)
    if mvc_file is not None:
        mkw = {k: v for k, v in kw.items() if k != "force_channel"}
        mvc = emg_read(mvc_file, sampling_rate=sampling_rate, **mkw).emg
    result = emg_process(
        rec.emg,
        lowcut=lowcut,
        highcut=highcut,
        notch=notch,
        envelope=envelope.value,
        mvc=mvc,
        onset_method=onset_method.value,
        baseline_s=baseline,
    )
    out: dict[str, Any] = {"file": file.name, **result.to_dict()}
    warnings = list(result.warnings)
    if (agonist is None) != (antagonist is None):
        raise InvalidParameterError(
            "emg analyze: co-activation needs both --agonist and --antagonist"
        )
    if agonist is not None and antagonist is not None:
        env = result.normalized if result.normalized is not None else result.envelope
        co = emg_coactivation(
            env.channel(agonist),
            env.channel(antagonist),
            active_threshold=(10.0 if result.normalized is not None else None),
        )
        out["coactivation"] = co.to_dict()
        warnings += co.warnings
    if nme_window is not None or mvc_force_n is not None:
        if rec.force is None:
            raise InvalidParameterError(
                "emg analyze: --nme-window needs --force-channel (no force channel read)"
            )
        if nme_window is None:
            raise InvalidParameterError("emg analyze: --mvc-force-n needs --nme-window START END")
    if rate_of_rise and rec.force is None:
        raise InvalidParameterError(
            "emg analyze: --rate-of-rise needs a force channel (--force-channel)"
        )
    if rec.force is not None and (rate_of_rise or force_channel is not None):
        onsets = {
            c.channel: c.first_onset_s for c in result.channels if c.first_onset_s is not None
        }
        rr = emg_rate_of_rise(
            result.envelope, force=rec.force, baseline_s=baseline, onsets_s=onsets
        )
        out["rate_of_rise"] = rr.to_dict()
        warnings += rr.warnings
        if nme_window is not None:
            mvc_emg = None
            nme = {}
            for ch in result.envelope.channels:
                if isinstance(mvc, dict) and ch in mvc:
                    mvc_emg = mvc[ch]
                r = emg_nme(
                    rec.force,
                    result.envelope.channel(ch),
                    window_s=nme_window,
                    mvc_force_n=mvc_force_n,
                    mvc_emg=mvc_emg,
                )
                nme[ch] = r.to_dict()
                warnings += [f"{ch}: {w}" for w in r.warnings]
            out["nme"] = nme
    if relation is not None:
        if rec.force is None:
            raise InvalidParameterError("emg analyze: --relation needs --force-channel")
        from neurolift.signals.emg import emg_force_relation

        fs = rec.emg.sampling_rate
        i0, i1 = (int(round((v - rec.emg.t0) * fs)) for v in relation)
        if not 0 <= i0 < i1 <= rec.emg.n_samples:
            raise InvalidParameterError(
                f"emg analyze: --relation {relation} is outside the recording"
            )
        step = max(1, int(round(fs / 100)))  # envelope and force at 100 Hz
        f_ramp = rec.force.as_2d()[i0:i1:step, 0]
        rel = {}
        for k, ch in enumerate(result.envelope.channels):
            fit = emg_force_relation(f_ramp, result.envelope.as_2d()[i0:i1:step, k])
            rel[ch] = fit.to_dict()
            out[f"{ch}_emg_force_slope_v_per_n"] = fit.slope_per_n
        out["emg_force_relation"] = rel
    # flat per-channel metrics at top level: they become trend metrics in the store
    for c in result.channels:
        for key in (
            "rms_v",
            "peak_envelope_v",
            "iemg_v_s",
            "mdf_initial_hz",
            "mdf_slope_hz_s",
            "peak_envelope_pct_mvc",
        ):
            val = getattr(c, key)
            if val is not None:
                out[f"{c.channel}_{key}"] = val
    out["warnings"] = warnings
    if plot is not None:
        plot.parent.mkdir(parents=True, exist_ok=True)
        emg_plot_process(result).savefig(plot)
        out["plot"] = str(plot)
    if athlete:
        store = open_store(database_url)
        saved = store.save_analysis(
            domain="emg",
            kind="emg_analyze",
            result=out,
            athlete=athlete,
            signal=rec.emg,
            test_type="emg",
            source_name=file.name,
            performed_at=_when(date),
            method=result.method,
            meta={"session": session, "format": rec.source},
        )
        stderr.print(f"saved result {saved.id} (trial {saved.trial_id}) for {athlete}")
    if format is OutputFormat.json:
        emit(out, format)
    else:
        emit([c.to_dict() for c in result.channels], format, title=f"{file.name}: EMG channels")
        if format is OutputFormat.table:
            for key in ("coactivation", "rate_of_rise"):
                if key in out:
                    emit(
                        {k: v for k, v in out[key].items() if k not in ("method", "warnings")},
                        format,
                        title=key.replace("_", " "),
                    )
    for w in warnings:
        stderr.print(f"warning: {w}")


@app.command("mvc")
def emg_mvc(
    file: Path = typer.Argument(
        ..., help="MVC trial: CSV/TSV/TXT, C3D, EDF/BDF or OTBiolab+ .mat."
    ),
    sampling_rate: float | None = typer.Option(
        None, "--sampling-rate", help="Hz (CSV without time column)."
    ),
    unit: str = typer.Option("V", "--unit", help="Unit of CSV EMG columns: V, mV or uV."),
    channels: str | None = typer.Option(None, "--channels", help="Comma-separated EMG channels."),
    lowcut: float = typer.Option(20.0, "--lowcut", help="Band-pass low edge, Hz."),
    highcut: float = typer.Option(450.0, "--highcut", help="Band-pass high edge, Hz."),
    notch: float | None = typer.Option(None, "--notch", help="Mains frequency to notch."),
    envelope: Envelope = typer.Option(Envelope.rms, "--envelope", case_sensitive=False),
    window_s: float = typer.Option(0.5, "--window-s", help="Moving window of the MVC peak, s."),
    athlete: str | None = AthleteOpt,
    session: str | None = SessionOpt,
    date: str | None = DateOpt,
    database_url: str | None = DatabaseOption,
    format: OutputFormat = FormatOption,
) -> None:
    """MVC amplitude per muscle from an MVC trial; with --athlete it is stored for later
    normalisation (`emg analyze --stored-mvc`)."""
    from neurolift.io.emg import emg_read
    from neurolift.signals.emg import emg_clean, emg_envelope, emg_mvc_reference

    kw: dict[str, Any] = {}
    if channels is not None:
        kw["channels"] = _split(channels)
    if file.suffix.lower() in (".csv", ".tsv", ".txt"):
        kw["unit"] = unit
    rec = emg_read(file, sampling_rate=sampling_rate, **kw)
    env = emg_envelope(
        emg_clean(rec.emg, lowcut=lowcut, highcut=highcut, notch=notch), method=envelope.value
    )
    ref = emg_mvc_reference(env, window_s=window_s)
    method = {
        "lowcut": lowcut,
        "highcut": highcut,
        "notch": notch,
        "envelope": envelope.value,
        "window_s": window_s,
        "peak": "highest moving-window mean of the envelope",
    }
    out: dict[str, Any] = {
        "file": file.name,
        "mvc": ref,
        **{f"{ch}_mvc_v": v for ch, v in ref.items()},
        "method": method,
    }
    if athlete:
        saved = open_store(database_url).save_analysis(
            domain="emg",
            kind="mvc",
            result=out,
            athlete=athlete,
            signal=rec.emg,
            test_type="mvc",
            source_name=file.name,
            performed_at=_when(date),
            method=method,
            meta={"session": session},
        )
        stderr.print(f"saved MVC {saved.id} (trial {saved.trial_id}) for {athlete}")
    if format is OutputFormat.json:
        emit(out, format)
    else:
        emit(
            [{"channel": ch, "mvc_v": v} for ch, v in ref.items()],
            format,
            title=f"{file.name}: MVC",
        )


class Fit(str, Enum):
    origin = "origin"
    linear = "linear"


def _pairs(path: Path, where: str) -> tuple[Any, Any]:
    from neurolift.io import read_numeric_table

    t = read_numeric_table(path, where=where)
    cols = {c.strip().lower(): c for c in t.columns}
    if "emg" not in cols or "force" not in cols:
        raise InvalidParameterError(
            f"{where}: {path.name} needs columns 'emg' and 'force' (one row per contraction "
            f"level), found {list(t.columns)}"
        )
    return t.column(cols["emg"]), t.column(cols["force"])


@app.command("moritani-devries")
def emg_moritani(
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
    plot: Path | None = typer.Option(
        None, "--plot", help="Write the Moritani & deVries figure here."
    ),
    format: OutputFormat = FormatOption,
) -> None:
    """Split a strength gain into neural (more activation) and muscular (more force per unit
    activation) shares, Moritani & deVries (1979)."""
    from neurolift.signals.emg import emg_moritani_devries, emg_plot_moritani_devries

    where = "emg moritani-devries"
    e0, f0 = _pairs(pre, where)
    e1, f1 = _pairs(post, where)
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


@mu_app.command("analyze")
def mu_analyze(
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
    athlete: str | None = AthleteOpt,
    session: str | None = SessionOpt,
    date: str | None = DateOpt,
    database_url: str | None = DatabaseOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Per-unit recruitment thresholds, discharge rates, COV of ISI and quality; pool onion-skin
    slope and force steadiness (openhdemg-compatible definitions)."""
    from neurolift.io.decomposition import decomposition_read, decomposition_read_reference
    from neurolift.motorunits.analysis import (
        mu_plot_discharge_rates,
        mu_plot_raster,
        mu_plot_rt_dr,
        mu_properties,
    )

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
    result = mu_properties(
        d,
        mvc=mvc_n,
        steady=steady,
        n_firings_threshold=n_firings_threshold,
        n_firings_rec_derec=n_firings_rec,
        n_firings_steady=n_firings_steady,
        min_sil=None if min_sil is not None and min_sil < 0 else min_sil,
        min_discharges=min_discharges,
    )
    out = result.to_dict()
    warnings = list(result.warnings)
    if cv:
        from neurolift.motorunits.muap import mu_conduction_velocity

        cvr = mu_conduction_velocity(d)
        out["conduction_velocity"] = cvr.to_dict()
        for u, v in zip(out["units"], cvr.cv_m_s, strict=True):
            u["cv_m_s"] = v
        warnings += cvr.warnings
    if sync:
        out["synchronisation"] = _sync(d, result)
    if rfd_onset is not None:
        from neurolift.motorunits.analysis import mu_rfd

        if d.reference is None:
            raise InvalidParameterError("mu analyze: --rfd-onset needs a force (reference) channel")
        rfd = mu_rfd(d.reference, onset=int(round(rfd_onset * d.sampling_rate)))
        suffix = {"N": "n_s", "%MVC": "pct_mvc_s"}.get(d.reference.unit.replace(" ", ""), "per_s")
        out.update({f"{k}_{suffix}": v for k, v in rfd.items()})
    if plot_dir is not None:
        plot_dir.mkdir(parents=True, exist_ok=True)
        stem = file.stem
        figs = {
            "raster": mu_plot_raster(d),
            "rates": mu_plot_discharge_rates(d),
            "rt_dr": mu_plot_rt_dr(result),
        }
        if d.emg is not None and d.grid is not None:
            from neurolift.motorunits.muap import mu_plot_muap_grid, mu_sta

            sta = mu_sta(d)
            for u in range(d.n_units):
                figs[f"muap_{d.unit_names[u]}"] = mu_plot_muap_grid(sta, u, name=d.unit_names[u])
        out["plots"] = []
        for name, fig in figs.items():
            path = plot_dir / f"{stem}_{name}.png"
            fig.savefig(path, dpi=110)
            out["plots"].append(str(path))
    if athlete:
        store = open_store(database_url)
        saved = store.save_analysis(
            domain="mu",
            kind="mu_analyze",
            result=out,
            athlete=athlete,
            signal=d.reference,
            test_type="mu_decomposition",
            source_name=file.name,
            performed_at=_when(date),
            method=result.method,
            meta={
                "session": session,
                "source": d.source,
                "sampling_rate_hz": d.sampling_rate,
                "unit_names": list(d.unit_names),
                "discharges": [p.tolist() for p in d.discharges],
            },
        )
        stderr.print(f"saved result {saved.id} (trial {saved.trial_id}) for {athlete}")
    out["warnings"] = warnings
    if format is OutputFormat.json:
        emit(out, format)
    else:
        cols = (
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
        rows = [{k: u.get(k) for k in cols if k in u or k != "cv_m_s"} for u in out["units"]]
        if format is OutputFormat.csv:
            emit([u for u in out["units"]], format)
        else:
            emit(rows, format, title=f"{file.name}: motor units")
            pool = {k: v for k, v in out.items() if not isinstance(v, (list, dict))}
            emit(pool, format, title="pool")
    for w in warnings:
        stderr.print(f"warning: {w}")


def _sync(d: Any, result: Any) -> dict[str, Any]:
    """Pool synchronisation of the accepted units, restricted to the steady window."""
    import numpy as np

    from neurolift.motorunits.spiketrains import (
        mu_coherence,
        mu_common_drive_index,
        mu_synchrony_index,
    )

    if result.steady_start_s is None:
        raise InvalidParameterError(
            "mu analyze: --sync needs a steady window (--steady or a force channel)"
        )
    fs = d.sampling_rate
    s0, s1 = int(round(result.steady_start_s * fs)), int(round(result.steady_end_s * fs))
    trains = [d.discharges[u.index] for u in result.units if u.accepted]
    trains = [p[(p >= s0) & (p <= s1)] - s0 for p in trains]
    trains = [p for p in trains if p.size >= 2]
    if len(trains) < 2:
        raise InvalidParameterError(
            "mu analyze: --sync needs >= 2 accepted units firing in the steady window, "
            f"got {len(trains)}"
        )
    n = s1 - s0 + 1
    cis = [
        mu_synchrony_index(trains[i], trains[j], sampling_rate=fs)
        for i in range(len(trains))
        for j in range(i + 1, len(trains))
    ]
    coh = mu_coherence(trains, sampling_rate=fs, n_samples=n, random_state=0)
    return {
        "n_units": len(trains),
        "cis_mean_per_s": float(np.mean(cis)),
        "coherence_delta": coh.band_coherence["delta"],
        "coherence_alpha": coh.band_coherence["alpha"],
        "coherence_beta": coh.band_coherence["beta"],
        "common_drive_index": mu_common_drive_index(trains, sampling_rate=fs, n_samples=n),
        "method": {
            "window_samples": [s0, s1],
            "cis": "Nordstrom 1992, +-5 ms peak, 1 ms bins",
            "coherence": coh.method,
            "cdi": "400 ms Hann, 0.75 Hz high-pass, +-100 ms",
        },
    }
