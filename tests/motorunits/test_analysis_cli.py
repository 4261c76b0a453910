"""`neurolift mu analyze` on the real sample: numbers, options, store, errors."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from neurolift.cli.main import app

DATA = Path(__file__).resolve().parents[1] / "data" / "emg"
MAT = DATA / "otb_testfile.mat"
runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_json_matches_openhdemg_numbers_and_options():
    r = run("mu", "analyze", MAT, "--mvc-n", "700", "--format", "json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["n_units"] == 5 and d["n_units_accepted"] == 3
    u0 = d["units"][0]
    assert u0["rt_pct_mvc"] == pytest.approx(6.500458, abs=1e-4)
    assert u0["rt_n"] == pytest.approx(6.500458 * 7, abs=1e-3)  # N with --mvc-n 700
    assert u0["dr_steady_pps"] == pytest.approx(11.125733, abs=1e-4)
    r2 = run(
        "mu", "analyze", MAT, "--steady", "10", "20", "--n-firings-rec", "6", "--format", "json"
    )
    d2 = json.loads(r2.stdout)
    assert d2["steady_start_s"] == 10 and d2["method"]["n_firings_rec_derec"] == 6
    assert d2["units"][0]["dr_rec_pps"] != u0["dr_rec_pps"]


def test_csv_one_row_per_unit_and_cv():
    r = run("mu", "analyze", MAT, "--cv", "--format", "csv")
    assert r.exit_code == 0, r.output
    lines = r.stdout.strip().splitlines()
    assert len(lines) == 6 and "cv_m_s" in lines[0]


def test_store_and_plots(tmp_path):
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    assert run("athlete", "add", "--athlete", "ana", "--database-url", url).exit_code == 0
    r = run(
        "mu",
        "analyze",
        MAT,
        "--athlete",
        "ana",
        "--session",
        "wk0",
        "--database-url",
        url,
        "--plot-dir",
        tmp_path / "plots",
        "--format",
        "json",
    )
    assert r.exit_code == 0, r.output
    from neurolift.store import Store

    s = Store(url)
    (rec,) = s.results(athlete="ana", domain="mu")
    assert rec.payload["n_units"] == 5
    hist = s.metric_history("ana", "mean_dr_steady_pps")
    assert hist[0].unit == "pps"
    trial = s.load_trial(rec.trial_id)
    assert trial.meta["session"] == "wk0" and len(trial.meta["discharges"]) == 5
    assert len(list((tmp_path / "plots").glob("*.png"))) == 3 + 5


def test_zero_units_and_no_rate(tmp_path):
    import scipy.io

    f = tmp_path / "empty.mat"
    scipy.io.savemat(
        f, {"fsamp": 2048.0, "MUPulses": np.empty((1, 0), dtype=object), "IPTs": np.zeros((0, 100))}
    )
    r = run("mu", "analyze", f)
    assert r.exit_code == 2 and "no motor units" in r.output
    g = tmp_path / "times.csv"
    g.write_text("MU1\n0.1\n0.2\n")
    r = run("mu", "analyze", g)
    assert r.exit_code == 2 and "needs sampling_rate" in r.output


def test_csv_without_force_warns(tmp_path):
    g = tmp_path / "times.csv"
    g.write_text("MU1\n" + "\n".join(f"{0.1 * i:.1f}" for i in range(1, 60)) + "\n")
    r = run("mu", "analyze", g, "--sampling-rate", "1000", "--min-sil", "-1", "--format", "json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["units"][0]["dr_all_pps"] == pytest.approx(10.0)
    assert any("no force" in w for w in d["warnings"])


def test_sync_and_rfd_options():
    r = run(
        "mu",
        "analyze",
        MAT,
        "--sync",
        "--rfd-onset",
        "2.0",
        "--min-sil",
        "0.85",
        "--format",
        "json",
    )
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    s = d["synchronisation"]
    assert s["n_units"] == 5
    assert 0 <= s["coherence_delta"] <= 1 and -1 <= s["common_drive_index"] <= 1
    assert "rfd_0_100ms_pct_mvc_s" in d
    r = run("mu", "analyze", MAT, "--sync", "--min-sil", "0.99")
    assert r.exit_code == 2 and "needs >= 2 accepted units" in r.output


def test_csv_discharges_with_a_force_file(tmp_path):
    # 10 pps unit from 2 s to 8 s; force trapezoid to 30 %MVC in its own CSV at 1 kHz.
    times = tmp_path / "mu.csv"
    times.write_text("MU_a\n" + "\n".join(f"{t:.3f}" for t in np.arange(2.0, 8.0, 0.1)) + "\n")
    t = np.arange(10000) / 1000
    f = np.interp(t, [0, 2, 8, 10], [0, 30, 30, 0])
    force = tmp_path / "force.csv"
    force.write_text(
        "time,force\n" + "\n".join(f"{a:.3f},{b:.4f}" for a, b in zip(t, f, strict=True)) + "\n"
    )
    r = run(
        "mu",
        "analyze",
        times,
        "--sampling-rate",
        "1000",
        "--force-file",
        force,
        "--force-unit",
        "%MVC",
        "--min-sil",
        "-1",
        "--format",
        "json",
    )
    assert r.exit_code == 0, r.output
    u = json.loads(r.stdout)["units"][0]
    assert u["rt_pct_mvc"] == pytest.approx(30.0)
    assert u["dr_steady_pps"] == pytest.approx(10.0)
    r = run("mu", "analyze", times, "--sampling-rate", "2000", "--force-file", force)
    assert r.exit_code == 2
    assert "sampled at 1000 Hz but the discharges at 2000 Hz" in r.output
