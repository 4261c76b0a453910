"""EMG and decomposition readers: every format in, TimeSeries/Decomposition out, clear errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from neurolift.errors import (
    FileFormatError,
    InvalidParameterError,
    SamplingRateError,
    UnitError,
)
from neurolift.io.decomposition import (
    Decomposition,
    decomposition_read,
    decomposition_read_csv,
    decomposition_read_openhdemg,
    decomposition_read_otb,
)
from neurolift.io.emg import emg_read, emg_read_c3d, emg_read_csv, emg_read_edf, emg_read_otb
from neurolift.motorunits import mu_sil_units
from neurolift.timeseries import TimeSeries

DATA = Path(__file__).parents[1] / "data" / "emg"


# -- CSV ---------------------------------------------------------------------------------------
def _write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def test_csv_with_time_column_and_force(tmp_path):
    rows = "\n".join(f"{i / 2000:.5f};{0.01 * i:.2f};{-0.02 * i:.2f};{i}" for i in range(400))
    f = _write(tmp_path / "a.csv", "Time (s);VL;BF;Fz\n" + rows.replace(".", ",") + "\n")
    rec = emg_read_csv(f, unit="uV", force_channel="Fz")
    assert rec.emg.sampling_rate == 2000
    assert rec.emg.channels == ("VL", "BF")
    assert rec.emg.unit == "V"
    assert rec.emg.values[10].tolist() == pytest.approx([0.1e-6, -0.2e-6])
    assert rec.force.values[10] == 10


def test_csv_needs_a_rate(tmp_path):
    f = _write(tmp_path / "b.csv", "VL,BF\n1,2\n3,4\n5,6\n")
    with pytest.raises(SamplingRateError, match="no time column; pass sampling_rate"):
        emg_read_csv(f)
    rec = emg_read(f, sampling_rate=1000, unit="mV")
    assert rec.emg.values[0].tolist() == pytest.approx([1e-3, 2e-3])


def test_csv_rate_disagreement_and_irregular_time(tmp_path):
    f = _write(tmp_path / "c.csv", "time,VL\n" + "\n".join(f"{i / 1000},{i}" for i in range(50)))
    with pytest.raises(SamplingRateError, match="disagrees with the time column"):
        emg_read_csv(f, sampling_rate=2000)
    g = _write(tmp_path / "d.csv", "time,VL\n0,1\n0.001,2\n0.002,3\n0.010,4\n0.011,5\n")
    with pytest.raises(
        SamplingRateError, match="not uniformly sampled .*between data rows 3 and 4"
    ):
        emg_read_csv(g)


def test_csv_unknown_unit_and_missing_force(tmp_path):
    f = _write(tmp_path / "e.csv", "VL,BF\n1,2\n3,4\n")
    with pytest.raises(UnitError, match="not a voltage"):
        emg_read_csv(f, sampling_rate=1000, unit="N")
    with pytest.raises(InvalidParameterError, match="no force column 'Fz'"):
        emg_read_csv(f, sampling_rate=1000, force_channel="Fz")


# -- C3D / EDF ---------------------------------------------------------------------------------
def _c3d(path: Path, rate: float = 2000.0) -> Path:
    import ezc3d

    c = ezc3d.c3d()
    c["parameters"]["POINT"]["RATE"]["value"] = [rate / 20]
    c["parameters"]["POINT"]["LABELS"]["value"] = ("m",)
    c["data"]["points"] = np.ones((4, 1, 100))
    c["parameters"]["ANALOG"]["RATE"]["value"] = [rate]
    c["parameters"]["ANALOG"]["LABELS"]["value"] = ("VL", "BF", "Fz")
    c["parameters"]["ANALOG"]["UNITS"]["value"] = ("V", "mV", "N")
    t = np.arange(2000) / rate
    c["data"]["analogs"] = np.vstack(
        [1e-4 * np.sin(2 * np.pi * 80 * t), 0.2 * np.ones(2000), 100 + t]
    )[None]
    c.write(str(path))
    return path


def test_c3d_analogs(tmp_path):
    f = _c3d(tmp_path / "t.c3d")
    rec = emg_read(f, force_channel="Fz")
    assert rec.emg.channels == ("VL", "BF")
    assert rec.emg.sampling_rate == 2000
    assert rec.emg.values[5, 1] == pytest.approx(0.2e-3)
    assert rec.force.values[0] == pytest.approx(100)
    with pytest.raises(InvalidParameterError, match="no channel 'TA'"):
        emg_read_c3d(f, channels=["TA"])


def _edf(path: Path, force_rate: int = 1000) -> Path:
    import pyedflib

    w = pyedflib.EdfWriter(str(path), 2, file_type=pyedflib.FILETYPE_EDFPLUS)
    hdr = {"physical_max": 5000, "physical_min": -5000, "digital_max": 32767, "digital_min": -32768}
    w.setSignalHeaders(
        [
            {**hdr, "label": "VL", "dimension": "uV", "sample_frequency": 1000},
            {**hdr, "label": "Force", "dimension": "N", "sample_frequency": force_rate},
        ]
    )
    w.writeSamples([np.full(2000, 100.0), np.full(2 * force_rate, 250.0)])
    w.close()
    return path


def test_edf_and_mismatched_force_rate(tmp_path):
    rec = emg_read(_edf(tmp_path / "a.edf"), channels=["VL"], force_channel="Force")
    assert rec.emg.values[0, 0] == pytest.approx(100e-6, abs=0.2e-6)  # EDF 16-bit step 0.15 uV
    with pytest.raises(
        SamplingRateError, match="force channel 'Force' is sampled at 500 Hz but the EMG at 1000 Hz"
    ):
        emg_read_edf(
            _edf(tmp_path / "b.edf", force_rate=500), channels=["VL"], force_channel="Force"
        )


# -- OTB (real file) ---------------------------------------------------------------------------
def test_otb_emg_in_volts():
    rec = emg_read_otb(DATA / "otb_testfile.mat")
    assert rec.emg.n_channels == 64 and rec.emg.sampling_rate == 2048
    assert rec.emg.unit == "V"
    assert 1e-6 < np.abs(rec.emg.values).max() < 0.05  # tens-hundreds of uV, in V
    assert rec.force.unit == "%MVC"


def test_unknown_extension():
    with pytest.raises(FileFormatError, match="unknown extension"):
        emg_read("trial.xlsx")


# -- decompositions ----------------------------------------------------------------------------
def test_decomposition_csv_roundtrip(tmp_path):
    f = _write(tmp_path / "mu.csv", "MU1\tMU2\n0.5\t0.7\n0.6\t0.8\n0.7\t\n")
    ref = TimeSeries(np.ones(2000), 1000, "N")
    d = decomposition_read(f, sampling_rate=1000, reference=ref)
    assert d.unit_names == ("MU1", "MU2")
    assert d.discharges[0].tolist() == [500, 600, 700]
    assert d.n_samples == 2000
    with pytest.raises(SamplingRateError, match="needs sampling_rate"):
        decomposition_read(f)
    g = _write(tmp_path / "samples.csv", "10\n20\n")
    assert decomposition_read_csv(g, sampling_rate=100, time_unit="samples").discharges[
        0
    ].tolist() == [10, 20]


def test_decomposition_demuse(tmp_path):
    import scipy.io

    n = 4000
    pulses = np.empty((1, 2), dtype=object)
    pulses[0, 0] = np.arange(200, 3800, 200) + 1  # MATLAB 1-based
    pulses[0, 1] = np.arange(500, 3500, 250) + 1
    ipts = np.abs(np.random.default_rng(0).normal(0, 0.05, (2, n)))
    ipts[0, pulses[0, 0] - 1] = 1
    ipts[1, pulses[0, 1] - 1] = 1
    sig = np.empty((2, 1), dtype=object)
    sig[0, 0], sig[1, 0] = np.zeros(n), np.ones(n)
    scipy.io.savemat(
        tmp_path / "d.mat",
        {
            "fsamp": 2000.0,
            "IED": 5.0,
            "MUPulses": pulses,
            "IPTs": ipts,
            "ref_signal": np.linspace(0, 10, n),
            "SIG": sig,
        },
    )
    d = decomposition_read(tmp_path / "d.mat")
    assert d.source == "DEMUSE" and d.n_units == 2
    assert d.discharges[0][0] == 200
    assert d.ied_m == pytest.approx(0.005)
    assert d.emg.n_channels == 2 and d.reference.n_samples == n
    assert d.sil is None  # readers return pulse trains; SIL is computed in motorunits
    assert mu_sil_units(d)[0] == pytest.approx(1.0, abs=0.02)


def test_decomposition_openhdemg_json_written_by_openhdemg():
    d = decomposition_read_openhdemg(DATA / "openhdemg_small.json")
    assert d.source == "openhdemg:CUSTOMCSV"
    assert d.n_units == 2 and d.sampling_rate == 2048
    assert [x.size for x in d.discharges] == [26, 16]
    assert d.reference is not None and d.reference.values.max() == pytest.approx(20, abs=0.01)
    assert d.sil.tolist() == pytest.approx([0.93, 0.95])
    assert d.ied_m == pytest.approx(0.008)
    assert d.pulse_trains.shape == (6144, 2)


def test_decomposition_otb_shift_matches_pulse_train_peaks():
    d = decomposition_read_otb(DATA / "otb_testfile.mat")
    # after removing the extension-factor delay, discharges sit on pulse-train peaks
    for j, p in enumerate(d.discharges):
        pt = d.pulse_trains[:, j]
        assert np.median(pt[p]) > 5 * np.median(np.abs(pt))


def test_decomposition_model_validation():
    with pytest.raises(InvalidParameterError, match="outside the recording"):
        Decomposition([np.array([5, 2000])], 1000, 1000)
    with pytest.raises(
        SamplingRateError, match="reference is sampled at 500 Hz but the discharges at 1000 Hz"
    ):
        Decomposition([np.array([5])], 1000, 1000, reference=TimeSeries(np.ones(1000), 500, "N"))
    with pytest.raises(SamplingRateError, match="no default"):
        Decomposition([np.array([5])], None, 1000)
    with pytest.raises(FileFormatError, match="neither an OTBiolab"):
        import tempfile

        import scipy.io

        f = Path(tempfile.mkdtemp()) / "x.mat"
        scipy.io.savemat(f, {"foo": 1.0})
        decomposition_read(f)


# -- amplitude plausibility -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("scale", "label", "likely"),
    [(1000.0, "mV", "uV"), (1.0, "V", "mV"), (1000.0, "V", "uV")],
)
def test_emg_in_a_smaller_unit_than_labelled_is_refused(tmp_path, scale, label, likely):
    # the synthetic recording peaks at a few mV; written in a smaller unit than its label says
    # it would be read as EMG of volts - refused, naming the likely unit
    ok = emg_read_csv(DATA / "synthetic_emg_force.csv", unit="mV", force_channel="force")
    assert 1e-4 < np.abs(ok.emg.values).max() < 0.05
    lines = (DATA / "synthetic_emg_force.csv").read_text().splitlines()
    rows = [lines[0]]
    for line in lines[1:]:
        t, vl, bf, f = line.split(",")
        rows.append(f"{t},{float(vl) * scale:.6g},{float(bf) * scale:.6g},{f}")
    bad = _write(tmp_path / "scaled.csv", "\n".join(rows) + "\n")
    with pytest.raises(UnitError, match=f"beyond any EMG.*look like {likely} labelled {label}"):
        emg_read_csv(bad, unit=label, force_channel="force")
