"""Delimited numeric text: separator and decimal-comma sniffing, header detection, clear errors.

Shared by every text reader (force plates, encoders, EMG CSVs) so they all accept the same
dialects: comma, semicolon, tab or whitespace separated, decimal point or decimal comma, with
or without one header line, and report the file and line of anything that is not a number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from neurolift._validation import check_sampling_rate
from neurolift.errors import FileFormatError, SamplingRateError

__all__ = ["NumericTable", "read_numeric_table", "sampling_rate_from_time"]

#: Allowed spread of the time steps around their median, as a share of it. Instrument clocks
#: (force-plate and EMG amplifiers) are uniform to far better than 1 %; bar streams carry a
#: timestamp per sample from a phone or a wireless IMU, whose jitter of a few % moves samples
#: by a few % of a sample period (negligible for velocity).
TIME_JITTER_INSTRUMENT = 0.01
TIME_JITTER_STREAM = 0.05

_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")


@dataclass(frozen=True)
class NumericTable:
    """A numeric table read from text: column names (from the header or ``col0..``) and values."""

    columns: tuple[str, ...]
    values: np.ndarray  # (n_rows, n_columns) float64
    has_header: bool
    path: str

    def column(self, name: str) -> np.ndarray:
        return self.values[:, self.columns.index(name)]


def _split(line: str, sep: str | None) -> list[str]:
    if sep is None:
        return line.split()
    return [c.strip() for c in line.split(sep)]


def _sniff(lines: list[str]) -> tuple[str | None, bool]:
    """Return (separator, decimal_comma) from the first lines (header included)."""
    sample = [ln for ln in lines[:50] if ln.strip()]
    if sample and re.search(r"[A-Za-z]", sample[0]):
        head = sample[0]
        for sep in ("\t", ";", ","):
            if sep in head:
                return sep, sep != "," and any(re.search(r"\d,\d", ln) for ln in sample[1:])
    elif sample and all(re.fullmatch(r"\s*[+-]?\d+,\d+\s*", ln) for ln in sample):
        # headerless, one comma per line and no decimal point anywhere: one column with decimal
        # commas (a two-column integer file would be ambiguous; give it a header)
        return None, True
    for sep in ("\t", ";"):
        if sample and all(sep in ln for ln in sample[1:] or sample):
            return sep, any(re.search(r"\d,\d", ln) for ln in sample)
    body = sample[1:] or sample
    if body and all("," in ln for ln in body):
        # "1,5" alone could be a decimal comma in a 1-column file; several commas or a header
        # with commas means comma-separated.
        counts = {ln.count(",") for ln in body}
        header_commas = sample[0].count(",")
        if (
            len(counts) == 1
            and counts == {1}
            and header_commas == 0
            and not re.search(r"[A-Za-z]", sample[0])
        ):
            return None, True
        return ",", False
    return None, any(re.search(r"\d,\d", ln) for ln in sample)


def _read_fast(
    text: str, sep: str | None, decimal_comma: bool, start: int, n_cols: int
) -> np.ndarray | None:
    """The C parser of pandas on an already sniffed layout; None when anything is unusual.

    Only files where every data field parses as a number on the fast path are returned; all
    others go through the line-by-line reader, which names the offending line.
    """
    import io

    import pandas as pd

    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=r"\s+" if sep is None else sep,
            header=None,
            skiprows=start,
            decimal="," if decimal_comma else ".",
            skip_blank_lines=True,
            dtype=np.float64,
            engine="c",
            na_values=["nan", "NaN", "NAN"],
            keep_default_na=False,
        )
    except (ValueError, pd.errors.ParserError, pd.errors.EmptyDataError):
        return None
    values = frame.to_numpy(dtype=np.float64)
    if values.ndim != 2 or values.shape[1] != n_cols or values.shape[0] == 0:
        return None
    return values


def read_numeric_table(path: str | Path, *, where: str = "read_numeric_table") -> NumericTable:
    """Read a delimited numeric text file.

    The first non-empty line is a header when any of its fields is not a number. Every other
    field must be a number (decimal point or comma); otherwise :class:`FileFormatError` names
    the line and the field.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig", errors="strict")
    except UnicodeDecodeError:
        text = p.read_text(encoding="latin-1")
    lines = text.splitlines()
    first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if first is None:
        raise FileFormatError(f"{where}: the file is empty", path=str(p))
    sep, decimal_comma = _sniff(lines[first:])
    head = _split(lines[first], sep)
    has_header = any(not _NUMBER.match(h) for h in head if h)
    if has_header:
        columns = tuple(h.strip().strip('"').strip() or f"col{i}" for i, h in enumerate(head))
        start = first + 1
    else:
        columns = tuple(f"col{i}" for i in range(len(head)))
        start = first
    n_cols = len(columns)
    fast = _read_fast(text, sep, decimal_comma, start, n_cols)
    if fast is not None:
        return NumericTable(columns, fast, has_header, str(p))
    # Slow path: line by line, so that a bad field is reported with its line number.
    rows: list[list[float]] = []
    for lineno in range(start, len(lines)):
        raw = lines[lineno]
        if not raw.strip():
            continue
        fields = _split(raw, sep)
        if sep is not None and fields and fields[-1] == "" and len(fields) == n_cols + 1:
            fields = fields[:-1]
        if len(fields) != n_cols:
            raise FileFormatError(
                f"{where}: expected {n_cols} column(s) {list(columns)}, found {len(fields)}",
                path=str(p),
                line=lineno + 1,
            )
        row = []
        for f in fields:
            f = f.strip().strip('"')
            if decimal_comma:
                f = f.replace(",", ".")
            if f.lower() in ("nan", ""):
                row.append(np.nan)
                continue
            try:
                row.append(float(f))
            except ValueError:
                raise FileFormatError(
                    f"{where}: {f!r} is not a number", path=str(p), line=lineno + 1
                ) from None
        rows.append(row)
    if not rows:
        raise FileFormatError(f"{where}: the file has a header but no data rows", path=str(p))
    return NumericTable(columns, np.asarray(rows, dtype=np.float64), has_header, str(p))


def sampling_rate_from_time(
    t: np.ndarray,
    *,
    where: str,
    path: str,
    sampling_rate: float | None = None,
    jitter: float = TIME_JITTER_INSTRUMENT,
) -> float:
    """Sampling rate (Hz) of a time column in seconds: the one rule every text reader applies.

    The column must have at least 3 finite, strictly increasing values whose steps all lie within
    ``jitter`` (share) of their median, and a median step of at most 0.1 s (a larger one is
    taken for milliseconds). A ``sampling_rate`` given as well must agree within 1 %.

    Examples
    --------
    >>> sampling_rate_from_time(np.arange(5) / 500, where="demo", path="x.csv")
    500.0
    >>> sampling_rate_from_time(np.array([0, 0.002, 0.004, 0.0061]), where="demo", path="x.csv")
    Traceback (most recent call last):
    ...
    neurolift.errors.SamplingRateError: demo: x.csv: the time column is not uniformly sampled (step 0.0021 s between data rows 3 and 4, median 0.002 s); neurolift needs uniform sampling - resample the file or remove the gaps
    """
    t = np.asarray(t, dtype=np.float64)
    if t.size < 3:
        raise FileFormatError(f"{where}: the time column has fewer than 3 values", path=path)
    if not np.all(np.isfinite(t)):
        i = int(np.argmax(~np.isfinite(t)))
        raise FileFormatError(
            f"{where}: the time column is empty or NaN at data row {i + 1}", path=path
        )
    d = np.diff(t)
    if np.any(d <= 0):
        i = int(np.argmax(d <= 0))
        raise FileFormatError(
            f"{where}: time does not increase between data rows {i + 1} and {i + 2}", path=path
        )
    step = float(np.median(d))
    if step > 0.1:
        raise SamplingRateError(
            f"{where}: {path}: a time step of {step:g} looks like milliseconds; the time column "
            "must be in seconds"
        )
    off = np.abs(d - step) > jitter * step + 1e-12
    if off.any():
        i = int(np.argmax(off))
        raise SamplingRateError(
            f"{where}: {path}: the time column is not uniformly sampled (step {d[i]:.3g} s "
            f"between data rows {i + 1} and {i + 2}, median {step:.3g} s); neurolift needs "
            "uniform sampling - resample the file or remove the gaps"
        )
    fs = 1.0 / step
    if sampling_rate is not None:
        given = check_sampling_rate(sampling_rate, where=where)
        if abs(given - fs) > 0.01 * fs:
            raise SamplingRateError(
                f"{where}: {path}: sampling_rate={given:g} Hz disagrees with the time column, "
                f"which says {fs:.6g} Hz; drop the sampling rate or fix the time column"
            )
    return round(fs, 6)
