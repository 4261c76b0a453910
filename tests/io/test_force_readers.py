"""Force readers: layouts, separators, decimal comma, time columns, C3D, and clear errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from neurolift.errors import FileFormatError, SamplingRateError
from neurolift.io.force import force_read

DATA = Path(__file__).resolve().parents[1] / "data" / "force"


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text)
    return p


def test_single_column_needs_a_rate() -> None:
    with pytest.raises(SamplingRateError, match="--sampling-rate"):
        force_read(DATA / "gidiel_Single-CMJ-Fz.txt")
    ts = force_read(DATA / "gidiel_Single-CMJ-Fz.txt", sampling_rate=1000)
    assert ts.channels == ("fz",) and ts.n_samples == 5000


def test_two_plates_tab_separated() -> None:
    ts = force_read(DATA / "gidiel_Dual-CMJ-Fz.txt", sampling_rate=1000)
    assert ts.channels == ("FP1", "FP2")
    single = force_read(DATA / "gidiel_Single-CMJ-Fz.txt", sampling_rate=1000)
    assert np.allclose(ts.as_2d().sum(1), single.values, atol=2e-3)


def test_time_column_gives_the_rate() -> None:
    ts = force_read(DATA / "gpl" / "beckham_isometric_Example1_500hz.csv")
    assert ts.sampling_rate == 500 and ts.channels == ("fz",)
    with pytest.raises(SamplingRateError, match="disagrees"):
        force_read(DATA / "gpl" / "beckham_isometric_Example1_500hz.csv", sampling_rate=1000)


@pytest.mark.parametrize(
    "text,channels",
    [
        (
            "Time;Left;Right\n0,000;350,5;349,5\n0,001;351,0;349,0\n0,002;350,0;350,0\n",
            ("Left", "Right"),
        ),
        ("t\tFz\n0.000\t700\n0.001\t701\n0.002\t699\n", ("fz",)),
        ("time,fp1,fp2,copx\n0,1,2,0.1\n0.001,1,2,0.1\n0.002,1,2,0.1\n", ("fp1", "fp2")),
        ("0.000 700\n0.001 701\n0.002 702\n0.003 703\n", ("fz",)),
    ],
)
def test_dialects(tmp_path: Path, text: str, channels: tuple[str, ...]) -> None:
    ts = force_read(write(tmp_path, "f.csv", text))
    assert ts.channels == channels and ts.sampling_rate == pytest.approx(1000)


def test_decimal_comma_single_column(tmp_path: Path) -> None:
    ts = force_read(write(tmp_path, "f.txt", "700,5\n701,25\n699,0\n"), sampling_rate=1000)
    assert ts.values.tolist() == [700.5, 701.25, 699.0]


@pytest.mark.parametrize(
    "text,match",
    [
        ("", "empty"),
        ("a,b,c\n1,2,3\n", "cannot find the force column"),
        ("Fz\n700\nabc\n", r"line 3: force_read: 'abc' is not a number"),
        ("Fz\n", "no data rows"),
        ("fp1,fp2\n1,2\n3\n", "line 3: force_read: expected 2 column"),
    ],
)
def test_bad_files(tmp_path: Path, text: str, match: str) -> None:
    with pytest.raises(FileFormatError, match=match):
        force_read(write(tmp_path, "bad.csv", text), sampling_rate=1000)


def test_irregular_time_column(tmp_path: Path) -> None:
    with pytest.raises(SamplingRateError, match="not uniformly sampled"):
        force_read(write(tmp_path, "t.csv", "time,fz\n0,1\n0.001,1\n0.005,1\n0.006,1\n"))


def test_c3d_analog_force(tmp_path: Path) -> None:
    ezc3d = pytest.importorskip("ezc3d")
    c3d = ezc3d.c3d()
    c3d["parameters"]["POINT"]["RATE"]["value"] = [100]
    c3d["parameters"]["POINT"]["LABELS"]["value"] = ("m1",)
    c3d["parameters"]["ANALOG"]["RATE"]["value"] = [1000]
    c3d["parameters"]["ANALOG"]["LABELS"]["value"] = ("Fx1", "Fz1", "Fz2")
    c3d["parameters"]["ANALOG"]["UNITS"]["value"] = ("N", "N", "N")
    frames = 50
    c3d["data"]["points"] = np.ones((4, 1, frames))
    fz = np.linspace(300, 400, frames * 10)
    c3d["data"]["analogs"] = np.stack([np.zeros_like(fz), -fz, -fz - 10])[None, :, :]
    path = tmp_path / "trial.c3d"
    c3d.write(str(path))
    ts = force_read(path)
    assert ts.sampling_rate == 1000 and ts.channels == ("Fz1", "Fz2")
    assert ts.as_2d()[0].tolist() == pytest.approx([300.0, 310.0])  # sign flipped to upward


def test_fast_and_line_by_line_readers_agree(tmp_path: Path) -> None:
    # A trailing separator sends the file down the line-by-line path; the values must not change.
    clean = force_read(DATA / "gidiel_Dual-CMJ-Fz.txt", sampling_rate=1000)
    lines = (DATA / "gidiel_Dual-CMJ-Fz.txt").read_text().splitlines()
    trailing = write(tmp_path, "t.txt", "\n".join(ln + "\t" for ln in lines) + "\n")
    slow = force_read(trailing, sampling_rate=1000)
    assert slow.channels == clean.channels
    assert np.array_equal(slow.values, clean.values)
