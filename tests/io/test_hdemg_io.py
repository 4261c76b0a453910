"""Raw grid readers (CSV, OTBiolab+ .mat) and the decomposition JSON writers."""

from __future__ import annotations

import gzip
import json
from io import StringIO
from pathlib import Path

import numpy as np
import pytest

from neurolift.errors import FileFormatError, SamplingRateError, UnitError
from neurolift.io.decomposition import (
    Decomposition,
    decomposition_read,
    decomposition_read_json,
)
from neurolift.io.decomposition_write import (
    decomposition_write_json,
    decomposition_write_openhdemg,
)
from neurolift.io.hdemg import hdemg_read, hdemg_read_csv
from neurolift.timeseries import TimeSeries

DATA = Path(__file__).parents[1] / "data" / "emg"


def _write_grid_csv(path: Path, *, fs=2048.0, n=4096, rows=2, cols=3, scale=1.0, extra=""):
    rng = np.random.default_rng(0)
    x = rng.normal(0, 50e-6, (n, rows * cols)) * scale
    names = [f"r{r}c{c}" for r in range(rows) for c in range(cols)]
    head = ",".join(["time", *names, "force_n"]) + extra
    body = "\n".join(
        ",".join([repr(i / fs), *(repr(float(v)) for v in x[i]), repr(100.0 + i)])
        + ("," + "1" if extra else "")
        for i in range(n)
    )
    path.write_text(head + "\n" + body + "\n")
    return x


def test_csv_grid_round_trip(tmp_path):
    f = tmp_path / "grid.csv"
    x = _write_grid_csv(f)
    rec = hdemg_read(f, ied_m=0.008)
    assert rec.emg.sampling_rate == pytest.approx(2048.0)
    assert rec.emg.channels == ("r0c0", "r0c1", "r0c2", "r1c0", "r1c1", "r1c2")
    assert (rec.rows, rec.cols, rec.grid, rec.ied_m) == (2, 3, "2x3", 0.008)
    np.testing.assert_allclose(rec.emg.values, x, rtol=1e-12)
    assert rec.reference.unit == "N" and rec.reference.values[5] == 105.0


def test_csv_in_microvolts_labelled_volts_is_refused(tmp_path):
    f = tmp_path / "uv.csv"
    _write_grid_csv(f, scale=1e6)
    with pytest.raises(UnitError, match="look like uV labelled V"):
        hdemg_read_csv(f)
    assert hdemg_read_csv(f, unit="uV").emg.values.std() == pytest.approx(50e-6, rel=0.05)


def test_csv_unknown_column_is_named(tmp_path):
    f = tmp_path / "x.csv"
    _write_grid_csv(f, extra=",trigger")
    with pytest.raises(FileFormatError, match="trigger"):
        hdemg_read_csv(f)
    with pytest.raises(FileFormatError, match="force_n"):  # the reference is "trigger" now
        hdemg_read_csv(f, reference_channel="trigger")


def test_csv_time_in_milliseconds_is_a_rate_error(tmp_path):
    f = tmp_path / "ms.csv"
    f.write_text("time,r0c0\n" + "\n".join(f"{i * 0.48828125},{1e-5}" for i in range(50)) + "\n")
    with pytest.raises((SamplingRateError, FileFormatError)):
        hdemg_read_csv(f)


def test_otb_raw_export_reads_without_decomposition(tmp_path):
    import scipy.io

    data = np.zeros((3000, 3))
    data[:, 0], data[:, 1], data[:, 2] = 100.0, -50.0, 25.0
    desc = np.array(
        [["m - GR08MM1305 (1)[uV]"], ["m - GR08MM1305 (2)[uV]"], ["acquired data[ %(MVC)]"]],
        dtype=object,
    )
    f = tmp_path / "raw.mat"
    scipy.io.savemat(f, {"Data": data, "Description": desc, "SamplingFrequency": 2048})
    rec = hdemg_read(f)
    assert rec.grid == "GR08MM1305" and rec.ied_m == 0.008 and (rec.rows, rec.cols) == (13, 5)
    assert rec.emg.values[0].tolist() == pytest.approx([100e-6, -50e-6])
    with pytest.raises(FileFormatError, match="mu decompose"):
        decomposition_read(f)


def test_otb_sample_grid():
    rec = hdemg_read(DATA / "otb_testfile.mat")
    assert rec.emg.n_channels == 64 and rec.emg.n_samples == 66560
    assert rec.reference.unit == "%MVC"


# -- units.json --------------------------------------------------------------------------------
def _decomp() -> Decomposition:
    ref = TimeSeries(np.linspace(0, 30, 5000), 2048.0, "%MVC")
    return Decomposition(
        [np.array([100, 400, 800]), np.array([150, 700])],
        2048.0,
        5000,
        pulse_trains=np.random.default_rng(1).random((5000, 2)),
        reference=ref,
        emg=TimeSeries(np.full((5000, 2), 1e-4), 2048.0, "V"),
        ied_m=0.008,
        sil=[0.95, 0.91],
        pnr_db=[31.5, 28.0],
        source="neurolift.mu_decompose",
        method={"name": "x"},
        warnings=["channel r0c0 is flat (SD 0 uV): rejected"],
    )


def test_units_json_round_trip(tmp_path):
    d = _decomp()
    f = decomposition_write_json(d, tmp_path / "units.json")
    doc = json.loads(f.read_text())
    assert doc["units"][1]["discharges"] == [150, 700]
    assert all(isinstance(v, int) for v in doc["units"][0]["discharges"])
    assert doc["sampling_rate"] == 2048.0 and doc["reference"]["unit"] == "%MVC"
    back = decomposition_read(f)  # dispatch by content, not only extension
    assert [p.tolist() for p in back.discharges] == [[100, 400, 800], [150, 700]]
    assert back.sil.tolist() == [0.95, 0.91] and back.pnr_db.tolist() == [31.5, 28.0]
    np.testing.assert_allclose(back.reference.values, d.reference.values, atol=1e-6)
    assert back.warnings == d.warnings


def test_units_json_malformed(tmp_path):
    f = tmp_path / "bad.json"
    f.write_text('{"format": "neurolift.mu_decomposition", "units": 3}')
    with pytest.raises(FileFormatError, match="malformed"):
        decomposition_read_json(f)


def test_nothing_written_when_the_write_fails(tmp_path):
    d = _decomp()
    target = tmp_path / "missing_dir" / "units.json"
    with pytest.raises(OSError):
        decomposition_write_json(d, target)
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


# -- openhdemg JSON: the format openhdemg's emg_from_json parses -----------------------------------
def _openhdemg_load(path: Path) -> dict:
    """The parsing steps of openhdemg's ``emg_from_json`` (0.1.2 and 0.2.0b1), with pandas."""
    import pandas as pd

    with gzip.open(path, "rt", encoding="utf-8") as fh:
        j = json.load(fh)
    out = {"SOURCE": json.loads(j["SOURCE"]), "FILENAME": json.loads(j["FILENAME"])}
    assert out["SOURCE"] in ["DEMUSE", "OTB", "CUSTOMCSV", "DELSYS"]
    for key in ("RAW_SIGNAL", "REF_SIGNAL", "ACCURACY", "IPTS", "BINARY_MUS_FIRING"):
        df = pd.read_json(StringIO(j[key]), orient="split")
        df.columns = df.columns.astype(int)
        df.index = df.index.astype(int)
        out[key] = df.sort_index()
    out["MUPULSES"] = [np.array(e) for e in json.loads(j["MUPULSES"])]
    out["FSAMP"] = float(json.loads(j["FSAMP"]))
    out["IED"] = float(json.loads(j["IED"]))
    out["EMG_LENGTH"] = int(json.loads(j["EMG_LENGTH"]))
    out["NUMBER_OF_MUS"] = int(json.loads(j["NUMBER_OF_MUS"]))
    out["EXTRAS"] = pd.read_json(StringIO(j["EXTRAS"]), orient="split")
    return out


def test_openhdemg_json_parses_as_openhdemg_does(tmp_path):
    d = _decomp()
    f = decomposition_write_openhdemg(d, tmp_path / "d.json")
    e = _openhdemg_load(f)
    assert e["NUMBER_OF_MUS"] == 2 and e["EMG_LENGTH"] == 5000 and e["FSAMP"] == 2048.0
    assert e["IED"] == 8.0
    assert [p.tolist() for p in e["MUPULSES"]] == [[100, 400, 800], [150, 700]]
    assert e["RAW_SIGNAL"].shape == (5000, 2) and e["RAW_SIGNAL"].iloc[0, 0] == pytest.approx(100.0)
    assert e["BINARY_MUS_FIRING"][1].sum() == 2 and e["BINARY_MUS_FIRING"].iloc[700, 1] == 1
    assert e["ACCURACY"][0].tolist() == pytest.approx([0.95, 0.91])
    np.testing.assert_allclose(e["IPTS"].to_numpy(), d.pulse_trains, rtol=1e-12, atol=1e-15)
    # and our own openhdemg reader reads it back
    back = decomposition_read(f)
    assert [p.tolist() for p in back.discharges] == [[100, 400, 800], [150, 700]]
    assert back.ied_m == 0.008


@pytest.mark.peers
def test_openhdemg_loads_it(tmp_path):
    emg = pytest.importorskip("openhdemg.library")
    f = decomposition_write_openhdemg(_decomp(), tmp_path / "d.json")
    e = emg.emg_from_json(str(f))
    assert e["NUMBER_OF_MUS"] == 2
    assert [p.tolist() for p in e["MUPULSES"]] == [[100, 400, 800], [150, 700]]
