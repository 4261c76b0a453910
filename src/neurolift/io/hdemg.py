"""Raw electrode-grid (HD-EMG) recordings for decomposition: CSV and OTBiolab+ ``.mat``.

CSV layout (what :func:`neurolift.motorunits.hdemg_simulate` produces): a ``time`` column in
seconds, one column per electrode named ``r{row}c{col}`` (0-based, rows along the fibres) in
volts, and an optional reference (force) column. OTBiolab+ exports are parsed by the one OTB
reader (:func:`neurolift.io.decomposition.decomposition_read_otb`), with or without a
decomposition in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from neurolift._validation import check_range
from neurolift.errors import FileFormatError, InvalidParameterError
from neurolift.io._text import find_time_column, sampling_rate_from_time, table_read
from neurolift.timeseries import TimeSeries
from neurolift.units import to_volts

__all__ = ["HDEMGRecording", "hdemg_read", "hdemg_read_csv", "hdemg_read_otb"]

_ELECTRODE = re.compile(r"^r(\d+)c(\d+)$", re.IGNORECASE)


@dataclass(frozen=True, eq=False)
class HDEMGRecording:
    """A monopolar grid recording: EMG in V, the reference signal and the grid geometry."""

    emg: TimeSeries
    reference: TimeSeries | None = None
    grid: str | None = None
    ied_m: float | None = None
    rows: int | None = None
    cols: int | None = None
    source: str = ""
    path: str = ""
    warnings: list[str] = field(default_factory=list)


def _grid_shape(grid: str | None, where: str) -> tuple[int, int] | None:
    if grid is None:
        return None
    from neurolift.io.decomposition import OTB_GRIDS

    if grid in OTB_GRIDS:
        _, r, c, _ = OTB_GRIDS[grid]
        return r, c
    m = re.fullmatch(r"\s*(\d+)\s*[xX]\s*(\d+)\s*", grid)
    if not m:
        raise InvalidParameterError(
            f"{where}: grid {grid!r} is neither ROWSxCOLS (e.g. 8x8) nor an OTB code "
            f"({', '.join(OTB_GRIDS)})"
        )
    return int(m.group(1)), int(m.group(2))


def _ied(grid: str | None, ied_m: float | None, where: str) -> float | None:
    from neurolift.io.decomposition import OTB_GRIDS

    if ied_m is not None:
        return check_range("ied_m", ied_m, 1e-4, 0.05, where=where)
    if grid in OTB_GRIDS:
        return OTB_GRIDS[grid][0]
    return None


def hdemg_read_csv(
    path: str | Path,
    *,
    sampling_rate: float | None = None,
    unit: str = "V",
    reference_channel: str | None = None,
    reference_unit: str | None = None,
    grid: str | None = None,
    ied_m: float | None = None,
) -> HDEMGRecording:
    """Read a grid recording from CSV: ``time`` (s), ``r{row}c{col}`` electrode columns, force.

    Parameters
    ----------
    path : str or Path
        Delimited text (any dialect of :func:`neurolift.io.table_read`).
    sampling_rate : float, optional
        Hz; required without a time column; with one, the two must agree within 1 %.
    unit : str
        Unit of the electrode columns (V, mV, uV); converted to V.
    reference_channel : str, optional
        Column holding the reference (force); default: a column whose name starts with
        ``force``, if any.
    reference_unit : str, optional
        Its unit; default ``%MVC`` when the name mentions MVC, else ``N``.
    grid : str, optional
        ``ROWSxCOLS`` or an OTB grid code, when the file's electrode names do not say enough.
    ied_m : float, optional
        Inter-electrode distance, m (default: from an OTB grid code).

    Returns
    -------
    HDEMGRecording
        Channels in file order, named as in the file.

    Examples
    --------
    >>> import tempfile
    >>> f = Path(tempfile.mkdtemp()) / "grid.csv"
    >>> rows = "\\n".join(f"{i / 2048},{1e-5 * (-1) ** i},{2e-5},{-1e-5},{3e-5},{5.0}" for i in range(4096))
    >>> _ = f.write_text("time,r0c0,r0c1,r1c0,r1c1,force_pct_mvc\\n" + rows + "\\n")
    >>> rec = hdemg_read_csv(f, ied_m=0.008)
    >>> rec.emg.sampling_rate, rec.emg.channels, (rec.rows, rec.cols), rec.reference.unit
    (2048.0, ('r0c0', 'r0c1', 'r1c0', 'r1c1'), (2, 2), '%MVC')
    """
    where = "hdemg_read_csv"
    table = table_read(path, where=where)
    if not table.has_header:
        raise FileFormatError(
            f"{where}: the file has no header; name the columns time, r{{row}}c{{col}} and "
            "(optionally) force",
            path=str(path),
        )
    cols = list(table.columns)
    it = find_time_column(cols)
    tcol = None if it is None else cols[it]
    if reference_channel is not None and reference_channel not in cols:
        raise InvalidParameterError(
            f"{where}: no reference column {reference_channel!r} in {path}; columns are "
            f"{', '.join(cols[:8])}{'...' if len(cols) > 8 else ''}"
        )
    ref_name = reference_channel
    if ref_name is None:
        ref_name = next((c for c in cols if c.strip().lower().startswith("force")), None)
    electrodes = [c for c in cols if _ELECTRODE.match(c.strip())]
    other = [c for c in cols if c not in electrodes and c not in (tcol, ref_name)]
    if not electrodes:
        raise FileFormatError(
            f"{where}: no electrode columns named r{{row}}c{{col}} (e.g. r0c0)", path=str(path)
        )
    if other:
        raise FileFormatError(
            f"{where}: column(s) {other[:5]} are neither the time, an electrode r{{row}}c{{col}} "
            "nor the reference; name the reference with reference_channel (--reference-channel)",
            path=str(path),
        )
    if tcol is not None:
        fs = sampling_rate_from_time(
            table.column(tcol), where=where, path=str(path), sampling_rate=sampling_rate
        )
    elif sampling_rate is not None:
        from neurolift._validation import check_sampling_rate

        fs = check_sampling_rate(sampling_rate, where=where)
    else:
        raise FileFormatError(
            f"{where}: no time column; add one (s) or pass sampling_rate (Hz)", path=str(path)
        )
    idx = [cols.index(c) for c in electrodes]
    values = table.values[:, idx]
    if not np.isfinite(values).all():
        row = int(np.argmax(~np.isfinite(values).all(axis=1)))
        raise FileFormatError(
            f"{where}: empty or non-finite electrode value in data row {row + 1}", path=str(path)
        )
    volts = to_volts(values, unit, where=where, channels=electrodes)
    pos = np.array([[int(g) for g in _ELECTRODE.match(c.strip()).groups()] for c in electrodes])  # type: ignore[union-attr]
    shape = _grid_shape(grid, where)
    rows, ncols = (int(pos[:, 0].max()) + 1, int(pos[:, 1].max()) + 1) if shape is None else shape
    if pos[:, 0].max() >= rows or pos[:, 1].max() >= ncols:
        raise InvalidParameterError(
            f"{where}: electrode r{pos[:, 0].max()}c{pos[:, 1].max()} lies outside the "
            f"{rows}x{ncols} grid given"
        )
    ref = None
    if ref_name is not None:
        r = table.column(ref_name)
        if not np.isfinite(r).all():
            row = int(np.argmax(~np.isfinite(r)))
            raise FileFormatError(
                f"{where}: empty or non-finite reference value in data row {row + 1}",
                path=str(path),
            )
        ru = reference_unit or ("%MVC" if "mvc" in ref_name.lower() else "N")
        ref = TimeSeries(r, fs, ru, ("force",))
    return HDEMGRecording(
        TimeSeries(volts, fs, "V", tuple(c.strip() for c in electrodes)),
        ref,
        grid if grid is not None else f"{rows}x{ncols}",
        _ied(grid, ied_m, where),
        rows,
        ncols,
        "CSV",
        str(path),
    )


def hdemg_read_otb(
    path: str | Path, *, grid: str | None = None, ied_m: float | None = None
) -> HDEMGRecording:
    """Read the grid EMG and the full-rate reference of an OTBiolab+ ``.mat`` export.

    The grid code (and so the inter-electrode distance) comes from the channel descriptions;
    ``grid``/``ied_m`` fill in when the file does not say.

    Examples
    --------
    >>> import scipy.io, tempfile
    >>> data = np.zeros((3000, 3), dtype=np.float32)
    >>> data[:, 0], data[:, 1], data[:, 2] = 100.0, -50.0, 25.0   # 2 channels in uV, force
    >>> desc = np.array([["m - GR08MM1305 (1)[uV]"], ["m - GR08MM1305 (2)[uV]"],
    ...                  ["acquired data[ %(MVC)]"]], dtype=object)
    >>> f = Path(tempfile.mkdtemp()) / "raw.mat"
    >>> scipy.io.savemat(f, {"Data": data, "Description": desc, "SamplingFrequency": 2048})
    >>> rec = hdemg_read_otb(f)
    >>> rec.grid, rec.ied_m, rec.emg.n_channels, rec.reference.unit
    ('GR08MM1305', 0.008, 2, '%MVC')
    """
    from neurolift.io.decomposition import decomposition_read_otb

    where = "hdemg_read_otb"
    d = decomposition_read_otb(path, allow_no_units=True)
    if d.emg is None:
        raise FileFormatError(f"{where}: no EMG channels in the file", path=str(path))
    code = d.grid or grid
    shape = _grid_shape(code, where)
    return HDEMGRecording(
        d.emg,
        d.reference,
        code,
        d.ied_m if d.ied_m is not None else _ied(code, ied_m, where),
        shape[0] if shape else None,
        shape[1] if shape else None,
        "OTB",
        str(path),
    )


def hdemg_read(
    path: str | Path,
    *,
    sampling_rate: float | None = None,
    unit: str = "V",
    reference_channel: str | None = None,
    reference_unit: str | None = None,
    grid: str | None = None,
    ied_m: float | None = None,
) -> HDEMGRecording:
    """Read a raw grid recording, choosing the reader by extension (.csv/.tsv/.txt or .mat).

    Examples
    --------
    >>> hdemg_read("grid.edf")
    Traceback (most recent call last):
    ...
    neurolift.errors.FileFormatError: grid.edf: hdemg_read: unknown extension '.edf'; expected .csv, .tsv, .txt or .mat
    """
    p = Path(path)
    ext = p.suffix.lower()
    if ext in (".csv", ".tsv", ".txt"):
        return hdemg_read_csv(
            p,
            sampling_rate=sampling_rate,
            unit=unit,
            reference_channel=reference_channel,
            reference_unit=reference_unit,
            grid=grid,
            ied_m=ied_m,
        )
    if ext == ".mat":
        if sampling_rate is not None:
            raise InvalidParameterError(
                "hdemg_read: .mat files carry their own sampling rate; do not pass sampling_rate"
            )
        if reference_channel not in (None, "force"):
            raise InvalidParameterError(
                "hdemg_read: an OTBiolab+ export's reference is its 'acquired data' column; "
                "reference_channel does not apply"
            )
        return hdemg_read_otb(p, grid=grid, ied_m=ied_m)
    raise FileFormatError(
        f"hdemg_read: unknown extension {ext!r}; expected .csv, .tsv, .txt or .mat", path=str(p)
    )
