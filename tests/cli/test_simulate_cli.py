"""`neurolift simulate`: JSON equals the library's output, CSV/plots written, one-line errors."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest
from typer.testing import CliRunner

from neurolift.cli.main import app
from neurolift.io.decomposition import decomposition_read_csv
from neurolift.motorunits.pool import MotorUnitPool, excitation_trapezoid
from neurolift.training.adaptation import adaptation_simulate

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_training_json_matches_library_and_plot(tmp_path):
    png = tmp_path / "t.png"
    r = run(
        "simulate",
        "training",
        "--level",
        "beginner",
        "--method",
        "heavy",
        "--weeks",
        "12",
        "--plot",
        png,
        "--format",
        "json",
    )
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    lib = adaptation_simulate(method="heavy", level="beginner", weeks=12).athlete_rows(0)
    assert len(rows) == 12
    for got, want in zip(rows, lib, strict=True):
        for k, v in want.items():
            assert got[k] == pytest.approx(v)
    assert png.stat().st_size > 10_000 and png.read_bytes()[:4] == b"\x89PNG"


def test_training_csv_and_squad():
    r = run(
        "simulate",
        "training",
        "--level",
        "advanced",
        "--method",
        "vl20",
        "--weeks",
        "8",
        "--athletes",
        "5",
        "--response-cv",
        "0.3",
        "--seed",
        "2",
        "--format",
        "csv",
    )
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [int(x["athlete"]) for x in rows] == list(range(5))
    assert len({x["strength_gain_pct"] for x in rows}) == 5


def test_contraction_json_matches_library(tmp_path):
    out = tmp_path / "mu.csv"
    png = tmp_path / "c.png"
    r = run(
        "simulate",
        "contraction",
        "--level",
        "0.3",
        "--duration-s",
        "4",
        "--rise-s",
        "1",
        "--fall-s",
        "1",
        "--seed",
        "3",
        "--emg",
        "grid",
        "--grid",
        "3x4",
        "--discharges-csv",
        out,
        "--discharges-layout",
        "wide",
        "--plot",
        png,
        "--force-csv",
        tmp_path / "force.csv",
        "--format",
        "json",
    )
    assert r.exit_code == 0, r.output
    got = json.loads(r.stdout)
    force = np.loadtxt(tmp_path / "force.csv", delimiter=",", skiprows=1)
    e = excitation_trapezoid(
        duration_s=4, sampling_rate=2048, level=0.3, rise_s=1, fall_s=1, onset_s=0.5
    )
    sim = MotorUnitPool().simulate(e, random_state=3)
    want = sim.metrics().to_dict()
    for k in ("peak_force_n", "rfd_0_100ms_n_s", "n_recruited", "n_spikes", "mean_isi_cv"):
        assert got[k] == pytest.approx(want[k])
    assert got["emg_channels"] == 12 and got["emg_rms_v"] > 0
    back = decomposition_read_csv(out, sampling_rate=2048)
    active = [d for d in sim.discharges if d.size]
    assert back.n_units == len(active)
    assert all(np.array_equal(a, b) for a, b in zip(back.discharges, active, strict=True))
    assert png.read_bytes()[:4] == b"\x89PNG"
    np.testing.assert_allclose(force[:, 1], sim.force.values, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(force[:, 0], np.arange(sim.n_samples) / 2048)


def test_training_pool_rows_match_library():
    from neurolift.training.adaptation_pool import adaptation_evaluate_pool

    r = run("simulate", "training", "--weeks", "2", "--pool", "--seed", "1", "--format", "json")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    lib = adaptation_evaluate_pool(adaptation_simulate(weeks=2), random_state=1)
    assert [x["week"] for x in rows] == [0.0, 1.0, 2.0]
    for got, want in zip(rows, lib, strict=True):
        assert got["mvc_n"] == pytest.approx(want.mvc_n)
        assert got["md_neural_share_pct"] == (
            None if want.md_neural_share_pct is None else pytest.approx(want.md_neural_share_pct)
        )


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("training", "--level", "olympian"), "unknown level 'olympian'"),
        (("training", "--method", "crossfit"), "unknown method 'crossfit'"),
        (("training", "--weeks", "-2"), "weeks"),
        (("training", "--pool", "--athletes", "3"), "--pool tests one athlete"),
        (("contraction", "--level", "1.5"), "level must lie in [0.0, 1.0]"),
        (("contraction", "--n-units", "0"), "n_units"),
        (("contraction", "--emg", "grid", "--grid", "eight"), "--grid must look like 8x8"),
    ],
)
def test_bad_input_is_one_error_line(args, needle):
    r = run("simulate", *args)
    assert r.exit_code == 2
    lines = [x for x in r.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and needle in lines[0]
