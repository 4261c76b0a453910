"""Force-plate readers: delimited text (one or two plates, optional time column) and C3D.

Accepted text layouts (comma, semicolon, tab or whitespace separated; decimal point or comma):

- one column of vertical force (no header, or ``Fz``/``force``...);
- two plates: ``FP1 FP2``, ``fp1,fp2``, ``left,right``, ``L R``, ``Fz1 Fz2``, ``left_fz right_fz``...;
- either of the above after a time column (``Time``, ``t``, ``time_s``...): the sampling rate is
  then inferred from it. Extra columns (moments, centre of pressure) are ignored.

Without a time column ``sampling_rate`` is required. Values must be newtons; the analyses raise
:class:`~neurolift.errors.UnitError` when the body weight says otherwise.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from neurolift._deprecation import deprecated_alias
from neurolift._validation import check_sampling_rate
from neurolift.errors import (
    FileFormatError,
    SamplingRateError,
    SamplingRateMismatchError,
    UnitError,
)
from neurolift.io._c3d import read_c3d_analogs
from neurolift.io._text import (
    find_time_column,
    names_the_file,
    sampling_rate_from_time,
    table_read,
)
from neurolift.timeseries import TimeSeries

__all__ = ["force_read", "force_write_csv"]

_SINGLE = re.compile(
    r"^(fz|force|fz_?n|force_?n|force ?\(n\)|total|total_?fz|vgrf|grf|fz ?\(n\))$", re.I
)
_PLATE_PAIRS = (
    (re.compile(r"^(fp|plate)_?1$", re.I), re.compile(r"^(fp|plate)_?2$", re.I)),
    (re.compile(r"^(left|l)([ _]?fz)?$", re.I), re.compile(r"^(right|r)([ _]?fz)?$", re.I)),
    (re.compile(r"^(left|l)[ _]?force$", re.I), re.compile(r"^(right|r)[ _]?force$", re.I)),
    (re.compile(r"^fz_?1$", re.I), re.compile(r"^fz_?2$", re.I)),
    (re.compile(r"^fz_?(left|l)$", re.I), re.compile(r"^fz_?(right|r)$", re.I)),
)


def _looks_like_time(col: np.ndarray) -> bool:
    d = np.diff(col[: min(col.size, 2000)])
    return bool(d.size > 2 and np.all(d > 0) and np.allclose(d, d[0], rtol=0.01) and d[0] < 0.1)


@names_the_file
def force_read(path: str | Path, *, sampling_rate: float | None = None) -> TimeSeries:
    """Read vertical ground reaction force from a text or C3D file.

    Parameters
    ----------
    path : str or Path
        ``.c3d`` (analog force channels) or delimited text.
    sampling_rate : float, optional
        Hz. Required when the file has no time column; if given with a time column they must
        agree within 1 %.

    Returns
    -------
    TimeSeries
        Force in N; channel ``fz`` for one plate, or the two plate names.
    """
    p = Path(path)
    if not p.exists():
        raise FileFormatError("no such file", path=str(p))
    if p.suffix.lower() == ".c3d":
        return _read_c3d(p, sampling_rate)
    table = table_read(p, where="force_read")
    names = list(table.columns)
    values = table.values
    time_idx = find_time_column(names)
    if (
        time_idx is None
        and not table.has_header
        and values.shape[1] >= 2
        and _looks_like_time(values[:, 0])
    ):
        time_idx = 0
    fs_file = None
    if time_idx is not None:
        fs_file = sampling_rate_from_time(
            values[:, time_idx], where="force_read", path=str(p), sampling_rate=sampling_rate
        )
    force_cols: list[int]
    channels: tuple[str, ...]
    candidates = [i for i in range(len(names)) if i != time_idx]
    single = [i for i in candidates if _SINGLE.match(names[i].strip())]
    pair = None
    for pa, pb in _PLATE_PAIRS:
        ia = [i for i in candidates if pa.match(names[i].strip())]
        ib = [i for i in candidates if pb.match(names[i].strip())]
        if ia and ib:
            pair = (ia[0], ib[0])
            break
    if pair is not None:
        force_cols, channels = list(pair), (names[pair[0]].strip(), names[pair[1]].strip())
    elif single:
        force_cols, channels = [single[0]], ("fz",)
    elif not table.has_header and len(candidates) == 1:
        force_cols, channels = candidates, ("fz",)
    elif not table.has_header and len(candidates) == 2:
        force_cols, channels = candidates, ("fp1", "fp2")
    else:
        raise FileFormatError(
            f"force_read: cannot find the force column(s) among {names}; expected one column "
            "named Fz/force, two plates named FP1/FP2, left/right or Fz1/Fz2, optionally after a "
            "Time column",
            path=str(p),
        )
    if fs_file is not None:
        fs = fs_file
    else:
        if sampling_rate is None:
            raise SamplingRateError(
                f"force_read: {p} has no time column, so the sampling rate is required "
                "(e.g. --sampling-rate 1000)"
            )
        fs = check_sampling_rate(sampling_rate, where="force_read")
    data = values[:, force_cols]
    return TimeSeries(data[:, 0] if data.shape[1] == 1 else data, fs, "N", channels)


def _read_c3d(p: Path, sampling_rate: float | None) -> TimeSeries:
    c3d = read_c3d_analogs(p, where="force_read")
    labels, units, fs = c3d.labels, c3d.units, c3d.sampling_rate
    fz = [
        i
        for i, lab in enumerate(labels)
        if re.search(r"(^|[._ ])fz\d*$", lab, re.I) or re.fullmatch(r"fz\d*", lab, re.I)
    ]
    if not fz:
        raise FileFormatError(
            f"force_read: no vertical force channel (label Fz, Fz1, Force.Fz2...) among analog "
            f"labels {list(labels)}",
            path=str(p),
        )
    for i in fz:
        if units[i] and units[i].upper() != "N":
            raise UnitError(
                f"force_read: {p}: channel {labels[i]} is in {units[i]!r}; neurolift expects N"
            )
    if sampling_rate is not None and abs(float(sampling_rate) - fs) > 0.01 * fs:
        raise SamplingRateMismatchError(
            f"force_read: {p}: --sampling-rate {sampling_rate:g} Hz disagrees with the C3D analog rate {fs:g} Hz"
        )
    data = c3d.data[:, fz]
    # Vertical force is often stored with the plate's sign convention (downward negative).
    if np.median(data.sum(axis=1)) < 0:
        data = -data
    channels = tuple(labels[i] for i in fz[:2])
    data = data[:, :2]
    return TimeSeries(data[:, 0] if data.shape[1] == 1 else data, fs, "N", channels)


def force_write_csv(path: str | Path, force: TimeSeries) -> Path:
    """Write a one-channel force signal (N) as CSV with columns ``time_s,force_n`` -
    a file :func:`force_read` reads back at the same rate.

    Examples
    --------
    >>> import tempfile
    >>> f = force_write_csv(Path(tempfile.mkdtemp()) / "f.csv", TimeSeries(np.arange(5.0), 500, "N"))
    >>> ts = force_read(f)
    >>> ts.sampling_rate, ts.values.tolist()
    (500.0, [0.0, 1.0, 2.0, 3.0, 4.0])
    """
    if force.unit != "N" or force.n_channels != 1:
        raise UnitError(
            f"force_write_csv: expects one force channel in N, got {force.n_channels} in "
            f"{force.unit!r}"
        )
    out = Path(path)
    t = force.t0 + np.arange(force.n_samples) / force.sampling_rate
    np.savetxt(
        out,
        np.column_stack([t, force.as_2d()[:, 0]]),
        delimiter=",",
        header="time_s,force_n",
        comments="",
        fmt="%.10g",
    )
    return out


# Former names (docs/naming.md): they still work, with a DeprecationWarning.
read_force = deprecated_alias(force_read, "read_force")
write_force_csv = deprecated_alias(force_write_csv, "write_force_csv")
