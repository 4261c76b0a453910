"""Damaged files cost a clear error naming the file, never the program: the cases the fuzz
suite (tests/fuzz) found, kept as fixed regressions."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pytest

from neurolift.errors import FileFormatError, SamplingRateError, UnitError
from neurolift.io import _isolate, read_json
from neurolift.io.decomposition import decomposition_read, decomposition_read_csv
from neurolift.io.emg import emg_read_c3d, emg_read_csv
from neurolift.io.force import force_read
from neurolift.io.velocity import velocity_read_openbarbell, velocity_read_rep_summary

EMG = Path(__file__).resolve().parents[1] / "data" / "emg"


def _c3d(path: Path) -> bytes:
    """A valid C3D (ezc3d): 1 marker at 100 Hz, 2 analog channels at 1 kHz, float data."""
    import ezc3d

    c = ezc3d.c3d()
    c["parameters"]["POINT"]["RATE"]["value"] = [100]
    c["parameters"]["POINT"]["LABELS"]["value"] = ("m1",)
    c["parameters"]["ANALOG"]["RATE"]["value"] = [1000]
    c["parameters"]["ANALOG"]["LABELS"]["value"] = ("Fz", "VL")
    c["parameters"]["ANALOG"]["UNITS"]["value"] = ("N", "mV")
    c["data"]["points"] = np.ones((4, 1, 20))
    c["data"]["analogs"] = np.full((1, 2, 200), 700.0)
    c.write(str(path))
    return path.read_bytes()


def _flip(data: bytes, at: int, value: int) -> bytes:
    b = bytearray(data)
    b[at] = value
    return bytes(b)


def test_a_valid_c3d_still_reads(tmp_path) -> None:
    p = tmp_path / "ok.c3d"
    _c3d(p)
    ts = force_read(p)
    assert ts.sampling_rate == 1000 and ts.n_samples == 200 and float(ts.values[0]) == 700.0


def test_a_truncated_c3d_is_refused_before_ezc3d_loops_on_it(tmp_path) -> None:
    p = tmp_path / "cut.c3d"
    p.write_bytes(_c3d(tmp_path / "ok.c3d")[:700])
    with pytest.raises(FileFormatError, match=r"cut.c3d: .*truncated C3D file \(700 bytes"):
        force_read(p)


def test_a_c3d_that_crashes_ezc3d_is_an_error_not_a_crash(tmp_path) -> None:
    p = tmp_path / "crash.c3d"
    p.write_bytes(_flip(_c3d(tmp_path / "ok.c3d"), 878, 153))  # a parameter's size byte
    with pytest.raises(FileFormatError, match=r"crash.c3d: .*parser stopped with exit code"):
        emg_read_c3d(p)


def test_a_c3d_that_makes_ezc3d_loop_is_stopped(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(_isolate, "PARSE_TIMEOUT_S", 1.0)
    p = tmp_path / "loop.c3d"
    p.write_bytes(_flip(_c3d(tmp_path / "ok.c3d"), 1098, 185))
    with pytest.raises(FileFormatError, match=r"loop.c3d: .*parser did not finish in 1 s"):
        force_read(p)


def test_mat_files_other_than_matlab_5_are_named(tmp_path) -> None:
    junk = tmp_path / "junk.mat"
    junk.write_bytes(b"\x00\x01 not a mat file" * 20)
    with pytest.raises(FileFormatError, match="junk.mat: .*no MATLAB 5 header"):
        decomposition_read(junk)
    hdf5 = tmp_path / "v73.mat"
    hdf5.write_bytes(b"MATLAB 7.3 MAT-file, Platform: GLNXA64" + bytes(200))
    with pytest.raises(FileFormatError, match="v73.mat: .*HDF5.*-v7"):
        decomposition_read(hdf5)
    cut = tmp_path / "cut.mat"
    cut.write_bytes((EMG / "otb_testfile.mat").read_bytes()[:5000])
    with pytest.raises(FileFormatError, match="cut.mat: .*not a readable MATLAB .mat file"):
        decomposition_read(cut)


def test_a_damaged_openhdemg_file_is_named(tmp_path) -> None:
    p = tmp_path / "mu.json"
    p.write_bytes(_flip((EMG / "openhdemg_small.json").read_bytes(), 10, 0))
    with pytest.raises(FileFormatError, match="mu.json: .*not an openhdemg JSON file"):
        decomposition_read(p)
    doc = json.loads(gzip.decompress((EMG / "openhdemg_small.json").read_bytes()))
    doc["EMG_LENGTH"] = json.dumps([1, 2])  # a list where a sample count belongs
    p.write_text(json.dumps(doc))
    with pytest.raises(FileFormatError, match="mu.json: .*does not follow the openhdemg JSON"):
        decomposition_read(p)


def test_openbarbell_reps_of_the_wrong_shape(tmp_path) -> None:
    p = tmp_path / "ob.json"
    p.write_text(json.dumps({"s1": {"exercise": "Squat", "weight": 100, "reps": [None]}}))
    with pytest.raises(FileFormatError, match="ob.json: .*set s1: rep 1 is not an object"):
        velocity_read_openbarbell(p)
    p.write_text(json.dumps({"s1": {"weight": 10**400, "setNumber": 1e308, "reps": []}}))
    assert velocity_read_openbarbell(p).sets[0].load_kg is None  # flagged, not an OverflowError


def test_text_that_is_not_utf8_or_has_no_delimiter(tmp_path) -> None:
    p = tmp_path / "reps.csv"
    p.write_bytes(b"Exercise,Load,Velocity\nBench,40,\xff\xfe\n")
    with pytest.raises(FileFormatError, match="reps.csv, line 2: .*not UTF-8"):
        velocity_read_rep_summary(p)
    p.write_text("0\n0\n")
    with pytest.raises(FileFormatError, match="reps.csv, line 1: .*no mean velocity column"):
        velocity_read_rep_summary(p)
    j = tmp_path / "utf16.json"
    j.write_bytes(json.dumps({"a": 1}).encode("utf-16"))
    assert read_json(j, where="t") == {"a": 1}


def test_errors_raised_deep_inside_a_reader_name_the_file(tmp_path) -> None:
    p = tmp_path / "emg.csv"
    p.write_text("VL,VL\n0.001,0.002\n0.002,0.001\n")
    with pytest.raises(Exception, match="emg.csv") as err:
        emg_read_csv(p, sampling_rate=1000)
    assert "duplicate channel" in str(err.value)


def _discharges(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "mu.csv"
    p.write_text(text)
    return p


def test_a_hole_inside_a_discharge_column_is_not_padding(tmp_path) -> None:
    p = _discharges(tmp_path, "MU1,MU2\n0.10,0.20\n,0.30\n0.30,0.40\n0.40,\n")
    with pytest.raises(FileFormatError, match=r"mu.csv, line 3: .*'MU1'.*before its last"):
        decomposition_read_csv(p, sampling_rate=2048)
    p = _discharges(tmp_path, "MU1\n0.10\ninf\n")
    with pytest.raises(FileFormatError, match="infinite"):
        decomposition_read_csv(p, sampling_rate=2048)
    # a shorter unit padded at the end is fine
    d = decomposition_read_csv(
        _discharges(tmp_path, "MU1,MU2\n0.10,0.20\n0.20,0.30\n0.30,\n"), sampling_rate=1000
    )
    assert [x.tolist() for x in d.discharges] == [[100, 200, 300], [200, 300]]


def test_discharge_times_in_the_wrong_unit_are_refused_with_the_likely_cause(tmp_path) -> None:
    ms = "\n".join(str(100 * k) for k in range(1, 30))  # 10 pps, written in milliseconds
    p = _discharges(tmp_path, "MU1\n" + ms + "\n")
    with pytest.raises(UnitError, match=r"0\.01 pps.*milliseconds.*time_unit='ms'"):
        decomposition_read_csv(p, sampling_rate=2048)
    d = decomposition_read_csv(p, sampling_rate=2048, time_unit="ms")
    assert np.allclose(np.diff(d.discharges[0]) / 2048, 0.1, atol=1e-3)
    s = "\n".join(f"{0.1 * k:.1f}" for k in range(1, 30))  # seconds read as sample numbers
    with pytest.raises(FileFormatError, match="do not increase.*look like seconds"):
        decomposition_read_csv(
            _discharges(tmp_path, "MU1\n" + s + "\n"), sampling_rate=2048, time_unit="samples"
        )


def test_a_rate_given_for_a_file_that_carries_its_own_must_agree(tmp_path) -> None:
    otb = EMG / "otb_testfile.mat"
    d = decomposition_read(otb, sampling_rate=2048)
    assert d.sampling_rate == 2048
    with pytest.raises(SamplingRateError, match="sampled at 2048 Hz.*sampling_rate=1000"):
        decomposition_read(otb, sampling_rate=1000)
