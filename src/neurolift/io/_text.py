"""Delimited numeric text: separator and decimal-comma sniffing, header detection, clear errors.

Shared by every text reader (force plates, encoders, EMG CSVs) so they all accept the same
dialects: comma, semicolon, tab or whitespace separated, decimal point or decimal comma, with
or without one header line, and report the file and line of anything that is not a number.

Reading goes through four paths, each taken only when the one before declines the file:

1. plain decimals (:func:`_read_decimal`): every field ``[-]digits[.digits]`` with at most 15
   digits, one column or columns split by one separator character - what instruments and our
   own writers export. The digits are read as integers by NumPy's C text reader and divided by
   the power of ten of each field's decimal places; both numbers are exact doubles, so the
   quotient is the correctly rounded decimal, the value Python's ``float`` gives. It has no
   per-call set-up: about 3x faster than Arrow on a 5,000-row file;
2. Arrow's C++ CSV parser (pyarrow, already the Parquet engine) on the same layouts with any
   number syntax (exponents, more digits, ``+``): correctly rounded as well, and free of
   pandas' per-call cost;
3. pandas' C parser on the sniffed layout (whitespace-aligned columns, empty fields as NaN...);
4. the line-by-line reader, which names the line and field of anything that is not a number.

Each path declines (returns None) on anything it is not sure of, so the values and the error
messages are those of the line-by-line reader whichever path reads a file.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

import numpy as np

from neurolift._deprecation import deprecated_alias
from neurolift._validation import check_sampling_rate
from neurolift.errors import (
    FileFormatError,
    NeuroliftError,
    SamplingRateError,
    SamplingRateMismatchError,
)

__all__ = [
    "TIME_COLUMN",
    "NumericTable",
    "table_read",
    "sampling_rate_from_time",
    "find_time_column",
]

#: Allowed spread of the time steps around their median, as a share of it. Instrument clocks
#: (force-plate and EMG amplifiers) are uniform to far better than 1 %; bar streams carry a
#: timestamp per sample from a phone or a wireless IMU, whose jitter of a few % moves samples
#: by a few % of a sample period (negligible for velocity).
TIME_JITTER_INSTRUMENT = 0.01
TIME_JITTER_STREAM = 0.05

_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")

_LINE_BREAKS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"  # what str.splitlines splits on


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


_LETTER = re.compile(r"[A-Za-z]")
_DIGIT_COMMA_DIGIT = re.compile(r"\d,\d")  # cannot span lines: searched in joined lines
_ONE_DECIMAL_COMMA = re.compile(r"\s*[+-]?\d+,\d+\s*")


def _sniff(lines: list[str]) -> tuple[str | None, bool]:
    """Return (separator, decimal_comma) from the first lines (header included)."""
    sample = [ln for ln in lines[:50] if ln.strip()]

    def decimal_commas(part: list[str]) -> bool:
        return _DIGIT_COMMA_DIGIT.search("\n".join(part)) is not None

    if sample and _LETTER.search(sample[0]):
        head = sample[0]
        for sep in ("\t", ";", ","):
            if sep in head:
                return sep, sep != "," and decimal_commas(sample[1:])
    elif sample and all(_ONE_DECIMAL_COMMA.fullmatch(ln) for ln in sample):
        # headerless, one comma per line and no decimal point anywhere: one column with decimal
        # commas (a two-column integer file would be ambiguous; give it a header)
        return None, True
    for sep in ("\t", ";"):
        if sample and all(sep in ln for ln in sample[1:] or sample):
            return sep, decimal_commas(sample)
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
            and not _LETTER.search(sample[0])
        ):
            return None, True
        return ",", False
    return None, decimal_commas(sample)


#: 10**k for k = 0..22 as doubles: each is exact
_POW10 = 10.0 ** np.arange(23)
_ZERO, _MINUS, _NL = 48, 45, 10  # ASCII codes


def _read_decimal(
    body: str, sep: str | None, decimal_comma: bool, n_cols: int
) -> np.ndarray | None:
    """Plain decimal fields read exactly without a general parser; None for anything else.

    Taken only when every data line (``body``: the text after any header) holds ``n_cols``
    fields split by ``sep`` (one field when ``sep`` is None) and every field is
    ``[-]digits[<point>digits]`` with 1 to 15 digits, the point being a
    comma when ``decimal_comma``. Blank lines may end the file; a blank line elsewhere, a space,
    ``+``, an exponent, a quote or any text declines.

    Exactness: a field with digits ``d`` and ``k`` decimal places is the integer ``d``
    (< 10**15, an exact double) divided by ``10**k`` (exact); IEEE division rounds the exact
    quotient correctly, so the result is the value Python's ``float`` gives for the field (the
    exact case of Clinger's algorithm, Clinger 1990, PLDI).

    Two routes to the integers: when each column has the same number of decimal places on every
    line (what writers of ``%.3f`` give), the fields are right-aligned in a small matrix and
    weighted by powers of ten (:func:`_fixed_places`); otherwise NumPy's C integer reader reads
    the digits once the points are removed.
    """
    if n_cols > 1 and sep is None:
        return None  # whitespace-aligned columns
    try:
        raw = body.encode("ascii")
    except UnicodeEncodeError:
        return None
    if b"\r" in raw:
        raw = raw.replace(b"\r\n", b"\n")
        if b"\r" in raw:
            return None
    if not raw.endswith(b"\n") or raw.endswith(b"\n\n"):
        raw = raw.rstrip(b"\n") + b"\n"
    if raw == b"\n":
        return None
    point = ord(",") if decimal_comma else ord(".")
    sep_code = None if n_cols == 1 or sep is None or len(sep) != 1 else ord(sep)
    if sep_code == point or (n_cols > 1 and sep_code is None):
        return None
    b = np.frombuffer(raw, dtype=np.uint8)
    if sep_code is not None:  # every separator ends a field; each line must have n_cols fields
        is_sep = b == sep_code
        ends = np.flatnonzero(is_sep | (b == _NL))
        if ends.size % n_cols:
            return None
        kinds = b[ends].reshape(-1, n_cols)
        if not ((kinds[:, -1] == _NL).all() and (kinds[:, :-1] == sep_code).all()):
            return None
        b = np.where(is_sep, np.uint8(_NL), b)
    else:
        ends = np.flatnonzero(b == _NL)  # one per field
    starts = np.empty_like(ends)
    starts[0] = 0
    starts[1:] = ends[:-1] + 1
    width = ends - starts
    if width.min() < 1 or width.max() > 17:
        return None
    neg = b[starts] == _MINUS
    if np.count_nonzero(neg) != np.count_nonzero(b == _MINUS):
        return None  # a minus sign that does not lead its field
    n_digits = width - neg
    n_points = int(np.count_nonzero(b == point))
    n_digit_chars = int(np.count_nonzero((b - np.uint8(_ZERO)) < 10))
    values = _fixed_places(b, ends, width, neg, n_digits, n_points, n_digit_chars, point, n_cols)
    if values is None:
        values = _integer_parse(b, ends, neg, n_digits, n_digit_chars, point)
    return None if values is None else values.reshape(-1, n_cols)


def _fixed_places(
    b: np.ndarray,
    ends: np.ndarray,
    width: np.ndarray,
    neg: np.ndarray,
    n_digits: np.ndarray,
    n_points: int,
    n_digit_chars: int,
    point: int,
    n_cols: int,
) -> np.ndarray | None:
    """Fields whose column has the same decimal places on every line (None otherwise).

    Each field is read as the ``K`` bytes that end at its terminator (``K`` = the widest field
    + 1): byte ``c`` of every field of a column is one row of a (K, n_rows) matrix, so every
    step is a long NumPy pass. Bytes before a field's first digit are masked out and the rows
    are weighted by the powers of ten of their positions (the point and the terminator weigh 0):
    one small matrix product instead of a parser call per field.
    """
    n_rows = ends.size // n_cols
    K = int(width.max()) + 1
    ends2 = ends.reshape(n_rows, n_cols)
    width2 = width.reshape(n_rows, n_cols)
    places = []
    for j in range(n_cols):  # the places of each column, from its first field
        first = b[ends2[0, j] - width2[0, j] : ends2[0, j]]
        at = np.flatnonzero(first == point)
        places.append(int(width2[0, j]) - 1 - int(at[0]) if at.size else -1)  # -1: no point
    if n_points != n_rows * sum(k >= 0 for k in places):
        return None
    n_digits = n_digits.reshape(n_rows, n_cols) - np.array([k >= 0 for k in places])
    if n_digits.min() < 1 or n_digits.max() > 15 or n_digit_chars != n_digits.sum():
        return None  # no digits or too many for an exact double, or a character no decimal has
    padded = np.concatenate([np.full(K, _ZERO, dtype=np.uint8), b])
    shift = np.arange(1, K + 1)[:, None]  # row c: the byte K - c before the terminator's next
    neg2 = neg.reshape(n_rows, n_cols)
    out = np.empty((n_rows, n_cols))
    for j, k in enumerate(places):
        rows = padded.take(ends2[:, j] + shift)  # (K, n_rows); the last row is the terminator
        lead = (K - 1 - width2[:, j] + neg2[:, j]).astype(np.uint8)  # row of the first digit
        weight = np.zeros(K)
        if k >= 0:
            pc = K - 2 - k  # the point's row
            if (width2[:, j] < k + 1).any() or not (rows[pc] == point).all():
                return None  # another number of places somewhere in this column
            weight[pc + 1 : K - 1] = _POW10[k - 1 :: -1] if k else []
            weight[:pc] = _POW10[k : k + pc][::-1]
        else:
            weight[: K - 1] = _POW10[: K - 1][::-1]
        kept = rows * (lead <= np.arange(K, dtype=np.uint8)[:, None])
        # sum of (byte - '0') * weight over the kept rows; exact, every sum is below 2**53
        total = np.cumsum(weight[::-1])[::-1]  # total[r]: the weights of rows r..K-1
        # einsum, not BLAS: a threaded BLAS call costs more than this whole reader
        m = np.einsum("k,kn->n", weight, kept) - _ZERO * total[lead]
        v = m / _POW10[max(k, 0)]
        out[:, j] = np.where(neg2[:, j], -v, v)  # -0.0 for "-0.000", as float() gives
    return out


def _integer_parse(
    b: np.ndarray,
    ends: np.ndarray,
    neg: np.ndarray,
    n_digits: np.ndarray,
    n_digit_chars: int,
    point: int,
) -> np.ndarray | None:
    """Any places per field: the digits read by NumPy's C integer reader once the points are
    removed, divided by each field's power of ten (None when the fields are not plain)."""
    points = np.flatnonzero(b == point)
    places = np.zeros(ends.size, dtype=np.intp)
    if points.size:
        field = np.searchsorted(ends, points)  # the field of each point
        if points.size > 1 and not (np.diff(field) > 0).all():
            return None  # two points in one field
        places[field] = ends[field] - points - 1
        n_digits = n_digits.copy()
        n_digits[field] -= 1
    if n_digits.min() < 1 or n_digits.max() > 15 or n_digit_chars != n_digits.sum():
        return None  # no digits or too many for an exact double, or a character no decimal has
    text = b.tobytes().replace(bytes([point]), b"")
    ints = np.fromstring(text, dtype=np.int64, sep=" ")
    if ints.size != ends.size:  # pragma: no cover - the checks above leave nothing unparsed
        return None
    values = ints / _POW10[places]
    values[neg & (ints == 0)] = -0.0  # "-0.0" keeps its sign, as in float("-0.0")
    return values


@functools.lru_cache(maxsize=32)
def _arrow_options(sep: str | None, decimal_comma: bool, n_cols: int) -> dict[str, Any]:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    names = [f"c{i}" for i in range(n_cols)]
    return {
        "read_options": pacsv.ReadOptions(use_threads=False, column_names=names),
        # one column: a delimiter that cannot occur in a number
        "parse_options": pacsv.ParseOptions(delimiter=sep or "\t", ignore_empty_lines=True),
        "convert_options": pacsv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.float64()),
            null_values=[],
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
            decimal_point="," if decimal_comma else ".",
        ),
    }


def _read_arrow(body: str, sep: str | None, decimal_comma: bool, n_cols: int) -> np.ndarray | None:
    """Arrow's CSV parser on the data lines (``body``: the text after any header); None when the
    layout is not one it reads exactly as the line-by-line reader does.

    Declined up front: several whitespace-aligned columns (Arrow splits on one character only).
    Declined by Arrow itself (any error): a field that is not a number (an empty field too:
    no null values are allowed), a row with another number of fields, stray spaces.
    """
    if sep is None and n_cols > 1:
        return None
    import pyarrow as pa
    import pyarrow.csv as pacsv

    try:
        table = pacsv.read_csv(
            pa.py_buffer(body.encode("utf-8")), **_arrow_options(sep, decimal_comma, n_cols)
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return None
    if table.num_rows == 0 or any(table.column(i).null_count for i in range(n_cols)):
        return None
    return np.column_stack([_float_column(table.column(i)) for i in range(n_cols)])


def _float_column(column: Any) -> np.ndarray:
    """A float64 Arrow column without nulls as NumPy, read from its buffers (Arrow's
    ``to_numpy`` would import pandas, half a second of a one-file command's start-up)."""
    parts = [
        np.frombuffer(
            chunk.buffers()[1], dtype=np.float64, count=len(chunk), offset=8 * chunk.offset
        )
        for chunk in column.chunks
        if len(chunk)
    ]
    return np.concatenate(parts) if parts else np.empty(0)


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


def _head_lines(text: str, min_content: int = 52) -> list[str]:
    """The first lines of ``text`` (line ends kept), up to its ``min_content``-th non-empty line
    or the end; the cost does not grow with the file."""
    size = 2048
    while True:
        lines = text[:size].splitlines(keepends=True)
        whole = size >= len(text)
        if not whole:
            lines = lines[:-1]  # the last may be cut
        count = 0
        for k, ln in enumerate(lines):
            if ln.strip():
                count += 1
                if count >= min_content:
                    return lines[: k + 1]
        if whole:
            return lines
        size *= 4


_F = TypeVar("_F", bound=Callable[..., Any])


def names_the_file(reader: _F) -> _F:
    """Make every neurolift error a reader raises name the file it read.

    Errors raised deep inside (a TimeSeries refusing its values, a unit check) do not know the
    path; they are raised again, of the same class, with ``"<path>: "`` in front.
    """

    @functools.wraps(reader)
    def wrapper(path: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return reader(path, *args, **kwargs)
        except NeuroliftError as exc:
            if Path(str(path)).name in str(exc):
                raise
            try:
                again = type(exc)(f"{path}: {exc}")
            except TypeError:  # pragma: no cover - every neurolift error takes a message
                raise exc from None
            raise again from None

    return cast(_F, wrapper)


@contextmanager
def file_layout(path: str | Path, *, where: str, layout: str) -> Iterator[None]:
    """Interpret a parsed file (a .mat dict, a JSON document) inside this block: a value of the
    wrong type or shape met on the way (TypeError, ValueError, OverflowError, IndexError,
    KeyError, AttributeError) becomes a :class:`FileFormatError` saying the file does not
    follow ``layout``. Neurolift's own errors pass through unchanged."""
    try:
        yield
    except NeuroliftError:
        raise
    except (TypeError, ValueError, OverflowError, IndexError, KeyError, AttributeError) as exc:
        raise FileFormatError(
            f"{where}: the file does not follow the {layout} layout ({type(exc).__name__}: {exc})",
            path=str(path),
        ) from None


def read_text(path: str | Path, *, where: str) -> str:
    """The text of a UTF-8 file (a byte-order mark is dropped); a file that is not UTF-8 text
    or holds binary data (NUL bytes) raises :class:`FileFormatError` naming the line."""
    p = Path(path)
    raw = p.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileFormatError(
            f"{where}: the file is not UTF-8 text (byte {raw[exc.start]:#04x}); save it as UTF-8",
            path=str(p),
            line=raw.count(b"\n", 0, exc.start) + 1,
        ) from None
    nul = text.find("\x00")
    if nul >= 0:
        raise FileFormatError(
            f"{where}: the file holds binary data (NUL bytes), not text",
            path=str(p),
            line=text.count("\n", 0, nul) + 1,
        )
    return text


def read_json(path: str | Path, *, where: str, max_bytes: int | None = None) -> Any:
    """Parse a JSON file (UTF-8, or UTF-16/32 as RFC 8259 allows); bad text, bad JSON or a file
    over ``max_bytes`` raise :class:`FileFormatError` naming the file (and line)."""
    p = Path(path)
    size = p.stat().st_size
    if max_bytes is not None and size > max_bytes:
        raise FileFormatError(
            f"{where}: a JSON file is read whole and this one is {size / 2**20:.0f} MB (limit "
            f"{max_bytes / 2**20:.0f} MB)",
            path=str(p),
        )
    raw = p.read_bytes()
    try:
        return json.loads(raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw)
    except UnicodeDecodeError:
        read_text(p, where=where)  # names the line of the bad byte
        raise FileFormatError(f"{where}: the file is not UTF-8 text", path=str(p)) from None
    except json.JSONDecodeError as exc:
        raise FileFormatError(
            f"{where}: not valid JSON: {exc.msg}", path=str(p), line=exc.lineno
        ) from None
    except RecursionError:
        raise FileFormatError(f"{where}: not valid JSON: nested too deeply", path=str(p)) from None


def table_read(path: str | Path, *, where: str = "table_read") -> NumericTable:
    """Read a delimited numeric text file.

    The first non-empty line is a header when any of its fields is not a number. Every other
    field must be a number (decimal point or comma); otherwise :class:`FileFormatError` names
    the line and the field.
    """
    p = Path(path)
    data = p.read_bytes()
    try:
        text = data.decode("utf-8-sig", errors="strict")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    head = _head_lines(text)
    first = next((i for i, ln in enumerate(head) if ln.strip()), None)
    if first is None:
        raise FileFormatError(f"{where}: the file is empty", path=str(p))
    head_lines = [ln.rstrip(_LINE_BREAKS) for ln in head]
    sep, decimal_comma = _sniff(head_lines[first:])
    head_fields = _split(head_lines[first], sep)
    has_header = any(not _NUMBER.match(h) for h in head_fields if h)
    if has_header:
        columns = tuple(
            h.strip().strip('"').strip() or f"col{i}" for i, h in enumerate(head_fields)
        )
        start = first + 1
    else:
        columns = tuple(f"col{i}" for i in range(len(head_fields)))
        start = first
    n_cols = len(columns)
    offset = sum(len(ln) for ln in head[:start])
    body = text[offset:]
    plain = _read_decimal(body, sep, decimal_comma, n_cols)
    if plain is not None:
        return NumericTable(columns, plain, has_header, str(p))
    arrow = _read_arrow(body, sep, decimal_comma, n_cols)
    if arrow is not None:
        return NumericTable(columns, arrow, has_header, str(p))
    lines = text.splitlines()
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
    taken for milliseconds). A ``sampling_rate`` given as well must agree within 1 %
    (:class:`~neurolift.errors.SamplingRateMismatchError` otherwise).

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
            raise SamplingRateMismatchError(
                f"{where}: {path}: sampling_rate={given:g} Hz disagrees with the time column, "
                f"which says {fs:.6g} Hz; drop the sampling rate or fix the time column"
            )
    return round(fs, 6)


#: What a time column (in seconds) may be called, in any case and with spaces around it: the
#: one naming rule of every text reader (force, EMG, bar streams, reference force files).
TIME_COLUMN = re.compile(
    r"^(t|s|sec|seconds?|times?|timestamp|times?_?s|time\s*[(\[]\s*s\s*[)\]])$", re.I
)


def find_time_column(names: Sequence[str]) -> int | None:
    """Index of the first column named like a time column (:data:`TIME_COLUMN`), else ``None``.

    Examples
    --------
    >>> find_time_column(["Fz", "Time (s)"]), find_time_column(["time_s", "VL"])
    (1, 0)
    >>> find_time_column(["Fz", "Fz2"]) is None
    True
    """
    return next((i for i, c in enumerate(names) if TIME_COLUMN.match(c.strip())), None)


# Former names (docs/naming.md): they still work, with a DeprecationWarning.
read_numeric_table = deprecated_alias(table_read, "read_numeric_table")
