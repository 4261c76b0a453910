"""`neurolift mu decompose`: a simulated grid CSV in, units.json out, read back by `mu analyze`."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from neurolift.cli.main import app
from neurolift.motorunits.pool import MotorUnitPool, excitation_trapezoid
from neurolift.motorunits.synthetic_emg import hdemg_simulate

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def sim():
    e = excitation_trapezoid(
        duration_s=6, sampling_rate=2048, level=0.12, rise_s=1, fall_s=1, onset_s=0.5
    )
    s = MotorUnitPool(n_units=40).simulate(e, random_state=5)
    return hdemg_simulate(s, rows=4, cols=4, snr_db=25, random_state=5)


@pytest.fixture(scope="module")
def grid_csv(sim, tmp_path_factory):
    return sim.write_csv(tmp_path_factory.mktemp("grid") / "grid.csv")


FAST = ("--n-iterations", "8", "--workers", "1", "--extension-factor", "8")


def test_decompose_then_analyze(sim, grid_csv, tmp_path):
    out, oh = tmp_path / "units.json", tmp_path / "oh.json"
    r = run("mu", "decompose", grid_csv, "--out", out, "--openhdemg", oh, *FAST, "--format", "json")
    assert r.exit_code == 0, r.output
    res = json.loads(r.stdout)
    assert res["n_units"] >= 1 and res["out"] == str(out)
    doc = json.loads(out.read_text())
    assert doc["sampling_rate"] == 2048.0 and doc["reference"]["unit"] == "N"
    first = doc["units"][0]
    assert all(isinstance(v, int) for v in first["discharges"]) and first["sil"] >= 0.9
    # the discharges are simulated ones (+- 0.5 ms after the best lag)
    from neurolift.motorunits import mu_match_units

    truth = [d for d in sim.discharges if d.size]
    found = [np.array(u["discharges"]) for u in doc["units"]]
    assert all(r_ >= 0.95 for _, _, r_, _ in mu_match_units(found, truth, sampling_rate=2048))
    a = run("mu", "analyze", out, "--mvc-n", "1000", "--format", "json")
    assert a.exit_code == 0, a.output
    units = json.loads(a.stdout)["units"]
    assert len(units) == res["n_units"]
    assert units[0]["rt_n"] is not None and units[0]["pnr_db"] is not None
    assert oh.exists() and oh.read_bytes()[:2] == b"\x1f\x8b"  # gzip, as openhdemg writes


def test_table_output_names_the_units(grid_csv, tmp_path):
    r = run("mu", "decompose", grid_csv, "--out", tmp_path / "u.json", *FAST)
    assert r.exit_code == 0, r.output
    assert "MU0" in r.stdout and "sil" in r.stdout


def test_progress_bar_counts_sources_and_units_found(grid_csv, tmp_path, monkeypatch):
    import io

    from rich.console import Console

    from neurolift.cli import _progress

    buf = io.StringIO()
    monkeypatch.setattr(_progress, "stderr", Console(file=buf, force_terminal=True, width=120))
    r = run("mu", "decompose", grid_csv, "--out", tmp_path / "u.json", *FAST, "--format", "json")
    assert r.exit_code == 0, r.output
    n_units = json.loads(r.stdout)["n_units"]
    assert "8/8" in buf.getvalue() and f"units found: {n_units}" in buf.getvalue()


def _write(path: Path, sim, *, channels=None, fs=2048.0, seconds=None, flat=None):
    x = sim.emg.as_2d()
    names = list(sim.emg.channels)
    if channels is not None:
        x, names = x[:, :channels], names[:channels]
    if seconds is not None:
        x = x[: int(seconds * 2048)]
    if flat is not None:
        x = x.copy()
        x[:, flat] = 0.0
    t = np.arange(x.shape[0]) / fs
    np.savetxt(
        path,
        np.column_stack([t, x]),
        delimiter=",",
        header=",".join(["time", *names]),
        comments="",
        fmt=["%.12g"] + ["%.9g"] * x.shape[1],
    )
    return path


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"channels": 7}, "at least 8"),
        ({"seconds": 3}, "at least 5 s"),
        ({"fs": 500.0}, "implausible"),
    ],
)
def test_bad_input_clear_error_nothing_written(sim, tmp_path, kw, message):
    f = _write(tmp_path / "bad.csv", sim, **kw)
    out = tmp_path / "units.json"
    r = run("mu", "decompose", f, "--out", out, *FAST)
    assert r.exit_code == 2
    assert r.stderr.startswith("error: ") and message in r.stderr
    assert "Traceback" not in r.output
    assert not out.exists()


def test_flat_channel_named_in_a_warning(sim, tmp_path):
    f = _write(tmp_path / "flat.csv", sim, flat=5)
    r = run("mu", "decompose", f, "--out", tmp_path / "u.json", *FAST)
    assert r.exit_code == 0, r.output
    assert "warning: channel r1c1 is flat" in r.stderr


def test_unwritable_output_refused_before_work(grid_csv, tmp_path):
    r = run("mu", "decompose", grid_csv, "--out", tmp_path / "nope" / "u.json")
    assert r.exit_code == 2 and "does not exist" in r.stderr


def test_simulate_writes_the_grid_csv_decompose_reads(tmp_path):
    f = tmp_path / "g.csv"
    r = run(
        "simulate", "contraction", "--duration", "6", "--level", "0.1", "--emg", "grid",
        "--grid", "3x3", "--emg-csv", f, "--format", "json",
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    assert (
        f.read_text().splitlines()[0] == "time,r0c0,r0c1,r0c2,r1c0,r1c1,r1c2,r2c0,r2c1,r2c2,force_n"
    )
    from neurolift.io.hdemg import hdemg_read

    rec = hdemg_read(f)
    assert rec.emg.sampling_rate == 2048.0 and (rec.rows, rec.cols) == (3, 3)
    assert rec.reference.unit == "N"
    bad = run("simulate", "contraction", "--emg-csv", tmp_path / "x.csv")
    assert bad.exit_code == 2 and "--emg grid" in bad.stderr
