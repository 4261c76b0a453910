"""Surface-EMG readers: CSV/TSV, C3D analog channels, EDF/BDF and OTBiolab+ .mat exports.

Every reader returns an :class:`EMGRecording`: the EMG channels as one
:class:`~neurolift.timeseries.TimeSeries` in volts (converted from mV/uV at this edge) and,
when asked for, a force channel recorded in the same file on the same clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from neurolift._validation import check_sampling_rate
from neurolift.errors import FileFormatError, InvalidParameterError, SamplingRateError, UnitError
from neurolift.io._c3d import read_c3d_analogs
from neurolift.io._text import (
    find_time_column,
    names_the_file,
    sampling_rate_from_time,
    table_read,
)
from neurolift.timeseries import TimeSeries
from neurolift.units import to_volts

__all__ = [
    "EMGRecording",
    "emg_read",
    "emg_read_c3d",
    "emg_read_csv",
    "emg_read_edf",
    "emg_read_levels",
    "emg_read_otb",
]


@dataclass(frozen=True, eq=False)
class EMGRecording:
    """EMG channels (V) and an optional force channel from the same file and clock."""

    emg: TimeSeries
    force: TimeSeries | None = None
    source: str = ""
    path: str = ""
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.force is not None:
            if (
                abs(self.force.sampling_rate - self.emg.sampling_rate)
                > 1e-9 * self.emg.sampling_rate
            ):
                raise SamplingRateError(
                    f"EMGRecording: force channel {self.force.channels[0]!r} is sampled at "
                    f"{self.force.sampling_rate:g} Hz but the EMG at {self.emg.sampling_rate:g} Hz; "
                    "resample one of them"
                )


def _pick(names: Sequence[str], wanted: Sequence[str] | None, where: str, path: str) -> list[int]:
    if wanted is None:
        return list(range(len(names)))
    out = []
    for w in wanted:
        if w not in names:
            raise InvalidParameterError(
                f"{where}: no channel {w!r} in {path}; channels are {', '.join(names)}"
            )
        out.append(list(names).index(w))
    return out


@names_the_file
def emg_read_csv(
    path: str | Path,
    *,
    sampling_rate: float | None = None,
    unit: str = "V",
    time_column: str | None = None,
    channels: Sequence[str] | None = None,
    force_channel: str | None = None,
    force_unit: str = "N",
) -> EMGRecording:
    """Read EMG from delimited text: one column per muscle, plus optional time and force columns.

    The sampling rate comes from a time column (named ``time``, ``t``, ``time_s``... or given
    by ``time_column``; it must be uniform) or from ``sampling_rate``; when both exist they must
    agree within 1 %.

    Parameters
    ----------
    path : str or Path
        Comma, semicolon, tab or whitespace separated; decimal point or comma.
    sampling_rate : float, optional
        Hz; required when there is no time column.
    unit : str
        Unit of the EMG columns (V, mV, uV); values are converted to V.
    time_column : str, optional
        Name of the time column (s).
    channels : sequence of str, optional
        EMG columns to keep (default: every column except time and force).
    force_channel : str, optional
        Column holding force (``force_unit``) recorded on the same clock.

    Returns
    -------
    EMGRecording

    Examples
    --------
    >>> import tempfile, os
    >>> f = Path(tempfile.mkdtemp()) / "emg.csv"
    >>> rows = "\\n".join(f"{i / 1000:.3f},{(-1) ** i * 0.1},{(-1) ** i * 0.2},{i}" for i in range(600))
    >>> _ = f.write_text("time,VL,BF,force\\n" + rows + "\\n")
    >>> rec = emg_read_csv(f, unit="mV", force_channel="force")
    >>> rec.emg.sampling_rate, rec.emg.channels, rec.emg.values[0].tolist(), rec.force.unit
    (1000.0, ('VL', 'BF'), [0.0001, 0.0002], 'N')
    """
    where = "emg_read_csv"
    table = table_read(path, where=where)
    cols = list(table.columns)
    tcol = None
    if time_column is not None:
        if time_column not in cols:
            raise InvalidParameterError(
                f"{where}: no time column {time_column!r}; columns are {cols}"
            )
        tcol = time_column
    elif table.has_header:
        it = find_time_column(cols)
        tcol = None if it is None else cols[it]
    fs_file = None
    if tcol is not None:
        fs_file = sampling_rate_from_time(
            table.column(tcol), where=where, path=str(path), sampling_rate=sampling_rate
        )
    if fs_file is not None:
        fs = fs_file
    elif sampling_rate is not None:
        fs = check_sampling_rate(sampling_rate, where=where)
    else:
        raise SamplingRateError(
            f"{where}: {path} has no time column; pass sampling_rate (Hz) — there is no default"
        )
    skip = {tcol, force_channel} - {None}
    if force_channel is not None and force_channel not in cols:
        raise InvalidParameterError(
            f"{where}: no force column {force_channel!r} in {path}; columns are {cols}"
        )
    emg_names = [c for c in cols if c not in skip] if channels is None else list(channels)
    idx = _pick(cols, emg_names, where, str(path))
    if not idx:
        raise FileFormatError(f"{where}: no EMG column left after time/force", path=str(path))
    emg = TimeSeries(
        to_volts(table.values[:, idx], unit, where=where, channels=emg_names),
        fs,
        "V",
        tuple(emg_names),
    )
    force = None
    if force_channel is not None:
        force = TimeSeries(table.column(force_channel), fs, force_unit, (force_channel,))
    return EMGRecording(emg, force, "CSV", str(path))


@names_the_file
def emg_read_c3d(
    path: str | Path,
    *,
    channels: Sequence[str] | None = None,
    force_channel: str | None = None,
    unit: str | None = None,
) -> EMGRecording:
    """Read EMG from the analog channels of a C3D file (ezc3d).

    Units come from ``ANALOG:UNITS`` (or ``unit`` when the file has none) and are converted to V.

    Examples
    --------
    >>> import ezc3d, tempfile
    >>> c = ezc3d.c3d()
    >>> c["parameters"]["ANALOG"]["RATE"]["value"] = [1000.0]
    >>> c["parameters"]["ANALOG"]["LABELS"]["value"] = ("VL", "Fz")
    >>> c["parameters"]["ANALOG"]["UNITS"]["value"] = ("mV", "N")
    >>> c["parameters"]["POINT"]["RATE"]["value"] = [100.0]
    >>> c["parameters"]["POINT"]["LABELS"]["value"] = ("marker",)
    >>> c["data"]["points"] = np.ones((4, 1, 50))
    >>> c["data"]["analogs"] = np.vstack([np.full(500, 0.5), np.full(500, 300.0)])[None]
    >>> f = str(Path(tempfile.mkdtemp()) / "t.c3d"); c.write(f)
    >>> rec = emg_read_c3d(f, channels=["VL"], force_channel="Fz")
    >>> float(rec.emg.values[0, 0]), float(rec.force.values[0]), rec.emg.sampling_rate
    (0.0005, 300.0, 1000.0)
    """
    where = "emg_read_c3d"
    p = Path(path)
    c3d = read_c3d_analogs(p, where=where)
    data, fs, labels, units = c3d.data, c3d.sampling_rate, list(c3d.labels), c3d.units
    skip = {force_channel} - {None}
    names = [n for n in labels if n not in skip] if channels is None else list(channels)
    idx = _pick(labels, names, where, str(p))
    vals = []
    for i in idx:
        u = unit or units[i] or ""
        if not u:
            raise UnitError(f"{where}: channel {labels[i]!r} has no unit in the file; pass unit=")
        vals.append(to_volts(data[:, i], u, where=f"{where} channel {labels[i]!r}"))
    emg = TimeSeries(np.column_stack(vals), fs, "V", tuple(labels[i] for i in idx))
    force = None
    if force_channel is not None:
        j = _pick(labels, [force_channel], where, str(p))[0]
        force = TimeSeries(data[:, j], fs, units[j] or "N", (force_channel,))
    return EMGRecording(emg, force, "C3D", str(p))


@names_the_file
def emg_read_edf(
    path: str | Path,
    *,
    channels: Sequence[str] | None = None,
    force_channel: str | None = None,
) -> EMGRecording:
    """Read EMG channels from an EDF/EDF+/BDF file (pyedflib).

    All selected channels must share one sampling rate; a force channel at another rate
    raises :class:`SamplingRateError` naming both. Physical dimensions (uV, mV, V) are
    converted to V.

    Examples
    --------
    >>> import pyedflib, tempfile
    >>> f = str(Path(tempfile.mkdtemp()) / "t.edf")
    >>> w = pyedflib.EdfWriter(f, 2, file_type=pyedflib.FILETYPE_EDFPLUS)
    >>> w.setSignalHeaders([
    ...     {"label": "VL", "dimension": "uV", "sample_frequency": 1000, "physical_max": 5000,
    ...      "physical_min": -5000, "digital_max": 32767, "digital_min": -32768},
    ...     {"label": "Force", "dimension": "N", "sample_frequency": 1000, "physical_max": 2000,
    ...      "physical_min": -2000, "digital_max": 32767, "digital_min": -32768}])
    >>> w.writeSamples([np.full(2000, 100.0), np.full(2000, 250.0)]); w.close()
    >>> rec = emg_read_edf(f, channels=["VL"], force_channel="Force")
    >>> round(float(rec.emg.values[0, 0]), 6), round(float(rec.force.values[0]), 1)
    (0.0001, 250.0)
    """
    where = "emg_read_edf"
    import pyedflib

    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(2, "No such file or directory", str(p))
    try:
        r = pyedflib.EdfReader(str(p))
    except OSError as exc:
        raise FileFormatError(
            f"{where}: not a readable EDF/BDF file ({exc})", path=str(p)
        ) from None
    try:
        labels = [s.strip() for s in r.getSignalLabels()]
        rates = [float(r.getSampleFrequency(i)) for i in range(len(labels))]
        dims = [r.getPhysicalDimension(i).strip() for i in range(len(labels))]
        skip = {force_channel} - {None}
        names = [n for n in labels if n not in skip] if channels is None else list(channels)
        idx = _pick(labels, names, where, str(p))
        fs_set = {rates[i] for i in idx}
        if len(fs_set) != 1:
            detail = ", ".join(f"{labels[i]}={rates[i]:g} Hz" for i in idx)
            raise SamplingRateError(
                f"{where}: EMG channels have different rates ({detail}); select channels of one rate"
            )
        fs = check_sampling_rate(fs_set.pop(), where=where)
        data = np.column_stack(
            [
                to_volts(r.readSignal(i), dims[i] or "uV", where=f"{where} channel {labels[i]!r}")
                for i in idx
            ]
        )
        emg = TimeSeries(data, fs, "V", tuple(labels[i] for i in idx))
        force = None
        if force_channel is not None:
            j = _pick(labels, [force_channel], where, str(p))[0]
            if rates[j] != fs:
                raise SamplingRateError(
                    f"{where}: force channel {force_channel!r} is sampled at {rates[j]:g} Hz but the "
                    f"EMG at {fs:g} Hz; resample one of them"
                )
            force = TimeSeries(r.readSignal(j), fs, dims[j] or "N", (force_channel,))
    finally:
        r.close()
    return EMGRecording(emg, force, "EDF", str(p))


@names_the_file
def emg_read_otb(path: str | Path, *, channels: Sequence[str] | None = None) -> EMGRecording:
    """Read the grid EMG (and the 'acquired data' force) of an OTBiolab+ ``.mat`` export.

    Examples
    --------
    >>> import scipy.io, tempfile
    >>> data = np.zeros((3000, 4), dtype=np.float32)
    >>> data[:, 0], data[:, 1] = 100.0, -50.0                  # two grid channels, uV
    >>> data[1000, 2] = 1.0                                     # one discharge
    >>> data[:, 3] = 25.0                                       # force, %MVC
    >>> desc = np.array([["m - GR08MM1305 (1)[uV]"], ["m - GR08MM1305 (2)[uV]"],
    ...                  ["Decomposition of m (1)[a.u]"], ["acquired data[ %(MVC)]"]], dtype=object)
    >>> f = Path(tempfile.mkdtemp()) / "otb.mat"
    >>> scipy.io.savemat(f, {"Data": data, "Description": desc, "SamplingFrequency": 2048})
    >>> rec = emg_read_otb(f)
    >>> rec.emg.channels, np.round(rec.emg.values[0] * 1e6, 6).tolist(), rec.force.unit
    (('ch1', 'ch2'), [100.0, -50.0], '%MVC')
    """
    from neurolift.io.decomposition import decomposition_read_otb

    d = decomposition_read_otb(path, allow_no_units=True)
    if d.emg is None:
        raise FileFormatError("emg_read_otb: no EMG channels in the file", path=str(path))
    emg = d.emg if channels is None else d.emg.select(list(channels))
    return EMGRecording(emg, d.reference, "OTB", str(path))


@names_the_file
def emg_read(
    path: str | Path, *, sampling_rate: float | None = None, **kwargs: Any
) -> EMGRecording:
    """Read any supported EMG file, choosing the reader by extension.

    ``.csv``/``.tsv``/``.txt`` -> :func:`emg_read_csv`; ``.c3d`` -> :func:`emg_read_c3d`;
    ``.edf``/``.bdf`` -> :func:`emg_read_edf`; ``.mat`` -> :func:`emg_read_otb`.

    Examples
    --------
    >>> emg_read("trial.xlsx")
    Traceback (most recent call last):
    ...
    neurolift.errors.FileFormatError: trial.xlsx: emg_read: unknown extension '.xlsx'; expected .csv, .tsv, .txt, .c3d, .edf, .bdf or .mat
    """
    p = Path(path)
    ext = p.suffix.lower()
    if ext in (".csv", ".tsv", ".txt"):
        return emg_read_csv(p, sampling_rate=sampling_rate, **kwargs)
    if sampling_rate is not None:
        raise InvalidParameterError(
            f"emg_read: {ext} files carry their own sampling rate; do not pass sampling_rate"
        )
    if ext == ".c3d":
        return emg_read_c3d(p, **kwargs)
    if ext in (".edf", ".bdf"):
        return emg_read_edf(p, **kwargs)
    if ext == ".mat":
        kw = {k: v for k, v in kwargs.items() if k == "channels"}
        extra = set(kwargs) - {"channels", "force_channel"}
        if extra:
            raise InvalidParameterError(
                f"emg_read: option(s) {sorted(extra)} do not apply to .mat files"
            )
        return emg_read_otb(p, **kw)
    raise FileFormatError(
        f"emg_read: unknown extension {ext!r}; expected .csv, .tsv, .txt, .c3d, .edf, .bdf or .mat",
        path=str(p),
    )


def emg_read_levels(path: str | Path, *, where: str = "emg_read_levels") -> tuple[Any, Any]:
    """EMG amplitude and force per contraction level from delimited text with columns ``emg``
    and ``force`` (any case; one row per level), as two float arrays.

    Examples
    --------
    >>> import tempfile
    >>> f = Path(tempfile.mkdtemp()) / "levels.csv"
    >>> _ = f.write_text("Force,EMG\\n100,0.0001\\n200,0.0002\\n")
    >>> emg, force = emg_read_levels(f)
    >>> emg.tolist(), force.tolist()
    ([0.0001, 0.0002], [100.0, 200.0])
    """
    t = table_read(path, where=where)
    cols = {c.strip().lower(): c for c in t.columns}
    if "emg" not in cols or "force" not in cols:
        raise InvalidParameterError(
            f"{where}: {Path(path).name} needs columns 'emg' and 'force' (one row per "
            f"contraction level), found {list(t.columns)}"
        )
    return t.column(cols["emg"]), t.column(cols["force"])
