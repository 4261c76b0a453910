"""The four reading paths of ``table_read`` give the same table and the same errors.

Truth: the line-by-line reader (Python's ``float`` on each field, an implementation independent
of the plain-decimal reader's, Arrow's and pandas' parsers), forced by switching the three faster
paths off.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neurolift.errors import FileFormatError
from neurolift.io import _text
from neurolift.io._text import table_read

DATA = Path(__file__).resolve().parents[1] / "data"
REAL = [
    "force/gidiel_Single-CMJ-Fz.txt",
    "force/gidiel_Dual-CMJ-Fz.txt",
    "force/gpl/sams_cmj_single_trial_dual_fp.csv",
    "force/gpl/beckham_isometric_Example2_1000hz.csv",
    "emg/synthetic_emg_force.csv",
    "emg/moritani_pre.csv",
]


def line_by_line(path: Path, monkeypatch: pytest.MonkeyPatch) -> _text.NumericTable:
    with monkeypatch.context() as m:
        m.setattr(_text, "_read_decimal", lambda *a, **k: None)
        m.setattr(_text, "_read_arrow", lambda *a, **k: None)
        m.setattr(_text, "_read_fast", lambda *a, **k: None)
        return table_read(path)


def arrow_only(path: Path, monkeypatch: pytest.MonkeyPatch) -> _text.NumericTable:
    """The table as read when Arrow takes the file (fails if Arrow declined it)."""
    with monkeypatch.context() as m:
        m.setattr(_text, "_read_decimal", lambda *a, **k: None)
        m.setattr(_text, "_read_fast", lambda *a, **k: pytest.fail("Arrow declined the file"))
        return table_read(path)


def decimal_only(path: Path, monkeypatch: pytest.MonkeyPatch) -> _text.NumericTable:
    """The table as read by the plain-decimal reader (fails if it declined the file)."""
    with monkeypatch.context() as m:
        m.setattr(_text, "_read_arrow", lambda *a, **k: pytest.fail("plain decimals declined"))
        return table_read(path)


def same(a: _text.NumericTable, b: _text.NumericTable) -> bool:
    return (
        a.columns == b.columns
        and a.has_header == b.has_header
        and a.values.shape == b.values.shape
        and np.array_equal(a.values, b.values, equal_nan=True)
    )


def same_bits(a: _text.NumericTable, b: _text.NumericTable) -> bool:
    """Equal tables, down to the sign of zero."""
    return same(a, b) and bool(np.all(np.signbit(a.values) == np.signbit(b.values)))


@pytest.mark.parametrize("name", REAL)
def test_real_recordings_take_the_arrow_path_with_identical_values(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = DATA / name
    assert same_bits(arrow_only(path, monkeypatch), line_by_line(path, monkeypatch))


# every shipped recording but the Sams CSV, which has one value in exponent notation (8.16E-04)
PLAIN = [name for name in REAL if not name.startswith("force/gpl/sams")]


@pytest.mark.parametrize("name", PLAIN)
def test_real_recordings_of_plain_decimals_take_that_path_with_identical_values(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = DATA / name
    assert same_bits(decimal_only(path, monkeypatch), line_by_line(path, monkeypatch))


def test_a_value_in_exponent_notation_sends_the_file_to_arrow(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = DATA / "force/gpl/sams_cmj_single_trial_dual_fp.csv"
    with pytest.raises(pytest.fail.Exception, match="plain decimals declined"):
        decimal_only(path, monkeypatch)


_FIELD = st.tuples(
    st.sampled_from(["", "-"]),  # sign
    st.integers(0, 10**7),  # integer part
    st.integers(0, 7),  # leading zeros
    st.sampled_from([None, 0, 1, 2, 3, 6, 7]),  # places (None: no point)
    st.integers(0, 10**7),  # fraction digits, cut to the places
)


def _field(sign: str, whole: int, zeros: int, places: int | None, frac: int, point: str) -> str:
    digits = ("0" * zeros + str(whole))[-8:]
    if places is None:
        return sign + digits
    return sign + digits + point + str(frac).zfill(places)[:places]


def _plain_body(
    rows: list[list[tuple]], sep: str | None, point: str, fixed: bool
) -> tuple[str, list[list[str]]]:  # type: ignore[type-arg]
    if fixed:  # every column keeps the places of its first field (the matrix route)
        rows = [[f[:3] + (rows[0][j][3],) + f[4:] for j, f in enumerate(r)] for r in rows]
    fields = [[_field(*f, point) for f in r] for r in rows]
    return "".join((sep or "").join(r) + "\n" for r in fields), fields


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(st.lists(_FIELD, min_size=1, max_size=3), min_size=1, max_size=40),
    layout=st.sampled_from([(",", "."), ("\t", "."), (";", ","), ("\t", ",")]),
    fixed=st.booleans(),
    crlf=st.booleans(),
)
def test_plain_decimals_are_pythons_floats_in_every_layout(
    rows: list[list[tuple]],  # type: ignore[type-arg]
    layout: tuple[str, str],
    fixed: bool,
    crlf: bool,
) -> None:
    sep, point = layout
    n_cols = len(rows[0])
    rows = [(r * 3)[:n_cols] for r in rows]
    body, fields = _plain_body(rows, sep if n_cols > 1 else None, point, fixed)
    if crlf:
        body = body.replace("\n", "\r\n")
    truth = np.array([[float(f.replace(",", ".")) for f in r] for r in fields])
    got = _text._read_decimal(body, sep if n_cols > 1 else None, point == ",", n_cols)
    assert got is not None
    assert np.array_equal(got, truth)
    assert np.array_equal(np.signbit(got), np.signbit(truth))  # "-0.00" stays -0.0


def test_plain_decimals_read_from_files_as_the_line_by_line_reader_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = np.random.default_rng(11)
    fixed = "\n".join(f"{x:.3f}" for x in rng.normal(0, 800, 5000))  # the matrix route
    varied = "\n".join(
        f"{x:.{k}f}" for x, k in zip(rng.normal(0, 50, 500), rng.integers(0, 6, 500), strict=True)
    )
    for name, text in [
        ("fixed.txt", fixed + "\n"),
        ("varied.txt", varied),  # no final line end
        (
            "header.csv",
            "time,Fz\n" + "".join(f"{i / 1000:.3f},{700 - i % 9}\n" for i in range(900)),
        ),
        ("comma.csv", "Fz;Fx\n" + "".join(f"{i},5;-0,{i % 10}\n" for i in range(300)) + "\n\n"),
    ]:
        p = tmp_path / name
        p.write_text(text)
        assert same_bits(decimal_only(p, monkeypatch), line_by_line(p, monkeypatch)), name
    with monkeypatch.context() as m:  # fixed places per column: read without the integer parser
        m.setattr(_text, "_integer_parse", lambda *a, **k: pytest.fail("not the matrix route"))
        for name in ("fixed.txt", "header.csv", "comma.csv"):
            assert same_bits(decimal_only(tmp_path / name, m), line_by_line(tmp_path / name, m))


@pytest.mark.parametrize(
    "body",
    [
        "1.5\n2e3\n",  # exponent
        "1.5\n+2\n",  # explicit plus
        "1.5\n 2\n",  # space
        "1.5\n2.5.1\n",  # two points
        "1.5\n2-\n",  # trailing minus
        "1.5\n--2\n",
        "1.5\n-\n",  # a sign without digits
        "1.5\n.\n",
        "1.5\n\n2\n",  # a blank line inside
        "1.5\nnan\n",
        "1.5\n1234567890123456\n",  # 16 digits
        '1.5\n"2"\n',  # quoted
        "1.5\r2\r",  # old Mac line ends
        "1.5\n2\u00a0\n",  # not ASCII
    ],
)
def test_the_plain_reader_declines_anything_else(body: str) -> None:
    assert _text._read_decimal(body, None, False, 1) is None


def _python_floats(body: str, sep: str | None, point: str, n_cols: int) -> np.ndarray | None:
    """The truth: Python's ``float`` on every field (None when a field is not a number)."""
    lines = body.replace("\r\n", "\n").rstrip("\n").split("\n")
    try:
        rows = [
            [float(f.replace(point, ".")) for f in (ln.split(sep) if sep else [ln])] for ln in lines
        ]
    except ValueError:
        return None
    if any(len(r) != n_cols for r in rows):
        return None
    return np.array(rows, dtype=float)


@settings(max_examples=500, deadline=None)
@given(
    body=st.text(alphabet="0123456789-.,;\n\r +e", min_size=1, max_size=120),
    layout=st.sampled_from([(None, ".", 1), (None, ",", 1), (",", ".", 2), (";", ",", 3)]),
)
def test_the_plain_reader_declines_or_gives_pythons_floats_on_any_text(
    body: str, layout: tuple[str | None, str, int]
) -> None:
    # any text: either the plain reader declines it, or every field is Python's float of it
    sep, point, n_cols = layout
    got = _text._read_decimal(body, sep, point == ",", n_cols)
    if got is None:
        return
    truth = _python_floats(body, sep, point, n_cols)
    assert truth is not None, f"read {body!r}, which is not a table of numbers"
    assert got.shape == truth.shape
    assert np.array_equal(got, truth)
    assert np.array_equal(np.signbit(got), np.signbit(truth))


@settings(max_examples=300, deadline=None)
@given(
    fields=st.lists(
        st.from_regex(r"-?[0-9]{0,8}(\.[0-9]{0,7})?", fullmatch=True), min_size=1, max_size=30
    )
)
def test_plain_fields_with_bare_points_are_pythons_floats(fields: list[str]) -> None:
    # ".5", "5." and "-.25" are numbers to Python's float; "", "-", "." and "-." are not
    body = "\n".join(fields) + "\n"
    got = _text._read_decimal(body, None, False, 1)
    truth = _python_floats(body, None, ".", 1)
    while fields and not fields[-1]:
        fields = fields[:-1]  # blank lines may end a file
    if truth is None or not fields or any(f in ("", "-", ".", "-.") for f in fields):
        assert got is None
    else:
        assert got is not None
        assert np.array_equal(got, truth) and np.array_equal(np.signbit(got), np.signbit(truth))


def test_the_plain_reader_declines_a_row_with_another_number_of_fields() -> None:
    assert _text._read_decimal("1,2\n3,4,5\n", ",", False, 2) is None
    assert _text._read_decimal("1,2\n3\n", ",", False, 2) is None
    assert _text._read_decimal("1,2\n3,4\n", ",", False, 2) is not None


def test_every_value_is_the_correctly_rounded_decimal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 17 significant digits, the hardest case for a float parser; Python's float is exact
    rng = np.random.default_rng(5)
    fields = [f"{x:.17g}" for x in rng.normal(0, 1000, 3000)] + ["-0.0", "+12.5", ".5", "7."]
    p = tmp_path / "digits.txt"
    p.write_text("force\n" + "\n".join(fields) + "\n")
    got = table_read(p).values[:, 0]
    assert np.array_equal(got, [float(f) for f in fields])
    assert np.signbit(got[-4])  # -0.0 keeps its sign
    assert same(table_read(p), line_by_line(p, monkeypatch))


@pytest.mark.parametrize(
    "text",
    [
        "time;Fz\n0,000;700,5\n0,001;701,25\n0,002;702\n",  # semicolons, decimal comma
        "time,left,right\n0,350.5,351\n0.001,352,353.125\n0.002,1e3,2E-1\n",  # exponents
        "Fz\n700.5\n\n701\n   \n702.25\n",  # blank and whitespace-only lines
        "0.000  700.5   699\n0.001  701.0  702\n0.002 702 703\n",  # whitespace-aligned
        "a,b\n1,\n,2\n3,4\n",  # empty fields are NaN
        'a,b\n"1.5","2"\n3,4\n',  # quoted numbers
        "a\tb\t\n1\t2\t\n3\t4\t\n",  # trailing separator
        "Fz\r\n700.5\r\n701\r\n",  # Windows line ends
        "Fz\rnan\r701\r",  # old Mac line ends, NaN
        "Fz\nNaN\n701\ninf\n",
        "Fz\n1_000\n2\n",  # Python's float reads digit groups
    ],
)
def test_every_dialect_reads_as_the_line_by_line_reader_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    p = tmp_path / "f.txt"
    p.write_bytes(text.encode())
    assert same(table_read(p), line_by_line(p, monkeypatch))


@pytest.mark.parametrize(
    ("text", "match", "line"),
    [
        ("Fz\n700\n701\nabc\n702\n", "'abc' is not a number", 4),
        ("a,b\n1,2\n3\n", r"expected 2 column\(s\)", 3),
        ("a;b\n1;2\n3;4;5;6\n", r"expected 2 column\(s\)", 3),
        ("700\n701\n7 02\n", r"expected 1 column\(s\)", 3),
    ],
)
def test_errors_are_those_of_the_line_by_line_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, match: str, line: int
) -> None:
    p = tmp_path / "bad.txt"
    p.write_text(text)
    with pytest.raises(FileFormatError, match=match) as fast:
        table_read(p)
    with pytest.raises(FileFormatError) as slow:
        line_by_line(p, monkeypatch)
    assert str(fast.value) == str(slow.value)
    assert f"line {line}" in str(fast.value)


def test_the_sniffer_reads_only_the_head_of_a_long_file(tmp_path: Path) -> None:
    # 200,000 rows: the header and separator come from the first lines; values from every line
    p = tmp_path / "long.csv"
    n = 200_000
    p.write_text("time,Fz\n" + "".join(f"{i / 1000:.3f},{700 + i % 7}\n" for i in range(n)))
    t = table_read(p)
    assert t.columns == ("time", "Fz") and t.values.shape == (n, 2)
    assert t.values[-1].tolist() == [(n - 1) / 1000, 700 + (n - 1) % 7]


def test_chronojump_reads_the_same_with_and_without_comments(tmp_path: Path) -> None:
    # Without '#' the whole stream is parsed at once; with one, line by line: same positions
    rng = np.random.default_rng(3)
    mm = rng.integers(-3, 4, 5000)
    lines = [", ".join(str(x) for x in mm[i : i + 100]) for i in range(0, mm.size, 100)]
    plain = tmp_path / "plain.txt"
    plain.write_text("\n".join(lines) + "\n")
    commented = tmp_path / "commented.txt"
    commented.write_text("# exported set\n" + "\n".join(lines) + "\n")
    from neurolift.io.velocity import velocity_read_chronojump

    a, b = velocity_read_chronojump(plain), velocity_read_chronojump(commented)
    assert np.array_equal(a.values, b.values)
    assert np.allclose(a.values, np.cumsum(mm) / 1000.0)
    bad = tmp_path / "bad.txt"
    bad.write_text("\n".join(lines[:3]) + "\n1, 2, 3.5\n")
    with pytest.raises(FileFormatError, match="'3.5' is not an integer") as err:
        velocity_read_chronojump(bad)
    assert "line 4" in str(err.value)
