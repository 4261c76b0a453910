"""Barbell-velocity readers: Chronojump raw, bar CSV, IMU CSV, OpenBarbell JSON, rep-summary CSV."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from neurolift.errors import FileFormatError, SamplingRateError, SignalError, UnitError
from neurolift.io.velocity import (
    velocity_read,
    velocity_read_chronojump,
    velocity_read_csv,
    velocity_read_imu,
    velocity_read_openbarbell,
    velocity_read_rep_summary,
    velocity_write_chronojump,
)
from neurolift.timeseries import TimeSeries
from neurolift.units import LB_TO_KG

DATA = Path(__file__).parents[1] / "data" / "vbt"


def test_chronojump_reader(tmp_path: Path) -> None:
    ts = velocity_read_chronojump(DATA / "gpl" / "serie_single_concentric_1kHz.txt")
    assert ts.sampling_rate == 1000 and ts.unit == "m" and ts.n_samples == 446
    assert velocity_read(DATA / "gpl" / "serie_single_concentric_1kHz.txt").n_samples == 446
    inv = velocity_read_chronojump(DATA / "gpl" / "serie_single_concentric_1kHz.txt", inverted=True)
    assert inv.values[-1] == pytest.approx(-0.857)
    bad = tmp_path / "bad.txt"
    bad.write_text("0, 1, 2\n3, x, 4\n")
    with pytest.raises(FileFormatError, match=r"bad.txt, line 2: .*'x' is not an integer"):
        velocity_read_chronojump(bad)
    big = tmp_path / "big.txt"
    big.write_text("0, 1, 400, 2\n")
    with pytest.raises(FileFormatError, match="not a Chronojump raw stream"):
        velocity_read_chronojump(big)


def test_chronojump_writer_needs_1khz(tmp_path: Path) -> None:
    with pytest.raises(SamplingRateError, match="1 kHz"):
        velocity_write_chronojump(tmp_path / "x.txt", TimeSeries(np.zeros(10), 500, "m"))


def test_bar_csv_position_velocity_and_rate_checks(tmp_path: Path) -> None:
    t = np.arange(0, 2, 0.005)
    pos = tmp_path / "pos.csv"
    pos.write_text("time,position\n" + "".join(f"{a:.3f},{0.1 * a:.5f}\n" for a in t))
    ts = velocity_read_csv(pos)
    assert ts.unit == "m" and ts.sampling_rate == pytest.approx(200.0)
    with pytest.raises(
        SamplingRateError,
        match="sampling_rate=1000 Hz disagrees with the time column, which says 200 Hz",
    ):
        velocity_read_csv(pos, sampling_rate=1000)
    vel = tmp_path / "vel.csv"
    vel.write_text("t;speed\n" + "".join(f"{a:.3f};{0.5:.2f}\n".replace(".", ",") for a in t))
    assert velocity_read_csv(vel).unit == "m/s"
    gap = tmp_path / "gap.csv"
    gap.write_text("time,position\n0,0\n0.01,0.001\n0.02,\n0.03,0.003\n")
    with pytest.raises(SignalError, match="NaN value"):
        velocity_read_csv(gap)
    jitter = tmp_path / "jitter.csv"
    jitter.write_text("time,position\n0,0\n0.01,0\n0.025,0\n0.03,0\n")
    with pytest.raises(SamplingRateError, match="uniform sampling"):
        velocity_read_csv(jitter)
    bare = tmp_path / "bare.csv"
    bare.write_text("0.1\n0.2\n0.3\n")
    with pytest.raises(FileFormatError, match="position or velocity"):
        velocity_read_csv(bare, sampling_rate=100)
    with pytest.raises(SamplingRateError, match="no time column"):
        velocity_read_csv(bare, quantity="position")
    assert velocity_read_csv(bare, sampling_rate=100, quantity="position").n_samples == 3


def test_imu_units(tmp_path: Path) -> None:
    rows = "".join(f"{i / 100},{1.0 + 0.01 * np.sin(i)}\n" for i in range(100))
    g_file = tmp_path / "g.csv"
    g_file.write_text("time,acc_z\n" + rows)
    assert velocity_read_imu(g_file).values.mean() == pytest.approx(9.80665, abs=0.02)
    ms2 = tmp_path / "ms2.csv"
    ms2.write_text("time,acc_z\n" + "".join(f"{i / 100},9.79\n" for i in range(100)))
    assert velocity_read_imu(ms2).values[0] == pytest.approx(9.79)
    odd = tmp_path / "odd.csv"
    odd.write_text("time,acc_z\n" + "".join(f"{i / 100},4.0\n" for i in range(100)))
    with pytest.raises(UnitError, match="cannot tell the acceleration unit"):
        velocity_read_imu(odd)
    assert velocity_read_imu(odd, unit="m/s^2").values[0] == 4.0
    assert velocity_read(g_file).unit == "m/s^2"


def test_openbarbell_every_set_loads_and_dirty_values_are_flagged() -> None:
    data = velocity_read_openbarbell(DATA / "openbarbell_TestData.json")
    assert len(data.sets) == 60 and sum(len(s.reps) for s in data.sets) == 162
    text = "\n".join(data.warnings)
    assert "'Infinity'" in text and "299792458" in text and "1000 lb" in text and "1575" in text
    assert "9001" in text
    by_load = {s.set_id[:8]: s for s in data.sets}
    assert by_load["0d35e591"].load_kg is None and by_load["0d35e591"].flags  # the 1000 lb set
    assert by_load["174f7977"].rpe is None  # RPE 1575
    for s in data.sets:
        for r in s.reps:
            if r.mean_velocity_m_s is not None:
                assert 0 < r.mean_velocity_m_s < 3
            if r.rom_m is not None:
                assert r.rom_m < 2
    inf_rep = by_load["0af6e755"].reps[0]
    assert inf_rep.mean_velocity_m_s is None and inf_rep.excluded
    assert by_load["1d45f61e"].load_kg == pytest.approx(165 * LB_TO_KG)
    assert by_load["1d45f61e"].reps[0].mean_velocity_m_s == pytest.approx(0.941352056375721)
    assert by_load["1d45f61e"].reps[0].duration_s is not None


def test_openbarbell_bad_json(tmp_path: Path) -> None:
    p = tmp_path / "x.json"
    p.write_text("{not json")
    with pytest.raises(FileFormatError, match="not valid JSON"):
        velocity_read_openbarbell(p)


def test_rep_summary_csv(tmp_path: Path) -> None:
    ob = tmp_path / "openbarbell_export.csv"
    ob.write_text(
        "Exercise,Set,Rep,Weight,Metric,Set RPE,Tags,Workout Start Time,Rest Time,Avg Velocity (m/s),"
        "Range of Motion (mm),Peak Velocity (m/s),Peak Velocity Location (%),Duration of rep (sec)\n"
        "Squat,1,1,225,lbs,7,,2018-02-22,,0.81,690,1.3,60,1.1\n"
        "Squat,1,2,225,lbs,7,,2018-02-22,,0.78,701,1.25,58,1.2\n"
    )
    df = velocity_read_rep_summary(ob)
    assert df["load_kg"].tolist() == pytest.approx([225 * LB_TO_KG] * 2)
    assert df["rom_m"].tolist() == pytest.approx([0.690, 0.701])
    assert df["exercise"].tolist() == ["back_squat", "back_squat"]
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "athlete,exercise,load_kg,set,rep,mean_velocity_m_s\nAda,bench_press,-40,1,1,0.9\n"
    )
    with pytest.raises(FileFormatError, match=r"bad.csv, line 2: .*must be > 0"):
        velocity_read_rep_summary(bad)
    nv = tmp_path / "nv.csv"
    nv.write_text("athlete,load_kg\nAda,40\n")
    with pytest.raises(FileFormatError, match="no mean velocity column"):
        velocity_read_rep_summary(nv)


def test_bar_csv_position_unit(tmp_path: Path) -> None:
    """The position column's unit travels with the signal (the analysis converts it to metres);
    a Chronojump file is millimetres by definition."""
    f = tmp_path / "bar.csv"
    f.write_text("time,position\n0,0\n0.01,1.5\n0.02,3.0\n")
    assert velocity_read_csv(f).unit == "m"
    assert velocity_read_csv(f, position_unit="cm").unit == "cm"
    assert velocity_read(f, position_unit="mm").unit == "mm"
    with pytest.raises(UnitError, match="position_unit"):
        velocity_read_csv(f, position_unit="inch")
    cj = tmp_path / "set.txt"
    cj.write_text("0, 1, 2, 2, 1, 0")
    with pytest.raises(UnitError, match="millimetres by definition"):
        velocity_read(cj, position_unit="cm")
