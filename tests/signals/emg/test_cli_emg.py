"""`neurolift emg analyze`: JSON with known answers, store per athlete/session, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from neurolift.cli.main import app

DATA = Path(__file__).resolve().parents[2] / "data" / "emg"
CSV = DATA / "synthetic_emg_force.csv"
runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_json_known_answers():
    r = run(
        "emg",
        "analyze",
        CSV,
        "--unit",
        "mV",
        "--force-channel",
        "force",
        "--agonist",
        "VL",
        "--antagonist",
        "BF",
        "--format",
        "json",
    )
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert [c["channel"] for c in d["channels"]] == ["VL", "BF"]
    for c in d["channels"]:
        assert c["first_onset_s"] == pytest.approx(1.0, abs=0.01)
    assert [(b["onset_s"], b["offset_s"]) for b in d["bursts"] if b["channel"] == "VL"] == [
        pytest.approx((1.0, 2.2), abs=0.01)
    ]
    assert d["rate_of_rise"]["rfd"]["rfd_0_50ms_n_s"] == pytest.approx(2000, rel=1e-6)
    assert d["rate_of_rise"]["electromechanical_delay_s"]["VL"] == pytest.approx(0.05, abs=0.005)
    # VL 200 uV, BF 50 uV RMS during the burst: amplitude ratio ~25 %
    assert d["coactivation"]["ratio_pct"] == pytest.approx(25, abs=5)
    assert d["VL_rms_v"] == d["channels"][0]["rms_v"]


def test_table_and_csv():
    r = run("emg", "analyze", CSV, "--unit", "mV", "--channels", "VL,BF")
    assert r.exit_code == 0 and "VL" in r.stdout
    r = run("emg", "analyze", CSV, "--unit", "mV", "--channels", "VL,BF", "--format", "csv")
    lines = r.stdout.strip().splitlines()
    assert lines[0].startswith("channel,rms_v") and len(lines) == 3  # header + 2 channels


def test_store_per_athlete_and_session(tmp_path):
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    assert run("athlete", "add", "--athlete", "ana", "--database-url", url).exit_code == 0
    for session, date in (("pre", "2026-01-05"), ("post", "2026-02-05")):
        r = run(
            "emg",
            "analyze",
            CSV,
            "--unit",
            "mV",
            "--force-channel",
            "force",
            "--athlete",
            "ana",
            "--session",
            session,
            "--date",
            date,
            "--database-url",
            url,
            "--format",
            "json",
        )
        assert r.exit_code == 0, r.output
    from neurolift.store import Store

    s = Store(url)
    res = s.results(athlete="ana", domain="emg")
    assert len(res) == 2
    hist = s.metric_history("ana", "VL_rms_v")
    assert len(hist) == 2 and hist[0].unit == "V"
    assert s.load_trial(res[0].trial_id).signal.channels == ("VL", "BF")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--unit", "mV", "--channels", "VL,BF", "--highcut-hz", "600"],
            "highcut_hz=600 Hz is at or above the Nyquist frequency 500 Hz",
        ),
        (["--unit", "mV", "--force-channel", "torque"], "no force column 'torque'"),
        (["--unit", "mV", "--nme-window", "1.3", "2.0"], "--nme-window needs --force-channel"),
        (["--unit", "N"], "not a voltage"),
    ],
)
def test_errors_are_one_line(args, message):
    r = run("emg", "analyze", CSV, *args)
    assert r.exit_code == 2
    assert message in r.output
    assert len(r.output.strip().splitlines()) == 1 and "Traceback" not in r.output


def test_plot_written(tmp_path):
    out = tmp_path / "emg.png"
    r = run(
        "emg",
        "analyze",
        CSV,
        "--unit",
        "mV",
        "--channels",
        "VL,BF",
        "--plot",
        out,
        "--format",
        "json",
    )
    assert r.exit_code == 0, r.output
    assert out.stat().st_size > 5000


def test_moritani_devries_command(tmp_path):
    # Pre 1 N/uV up to 200 uV; post 1.1 N/uV up to 240 uV:
    # neural = 1e6 * 40e-6 = 40 N, muscular = (1.1 - 1.0) * 1e6 * 240e-6 = 24 N (62.5 / 37.5 %).
    out = tmp_path / "md.png"
    r = run(
        "emg",
        "moritani-devries",
        DATA / "moritani_pre.csv",
        DATA / "moritani_post.csv",
        "--plot",
        out,
        "--format",
        "json",
    )
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["neural_gain_n"] == pytest.approx(40.0)
    assert d["muscular_gain_n"] == pytest.approx(24.0)
    assert d["neural_share_pct"] == pytest.approx(62.5)
    assert out.stat().st_size > 5000
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n")
    r = run("emg", "moritani-devries", bad, DATA / "moritani_post.csv")
    assert r.exit_code == 2 and "needs columns 'emg' and 'force'" in r.output


def test_stored_mvc_per_athlete(tmp_path):
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    assert run("athlete", "add", "--athlete", "bo", "--database-url", url).exit_code == 0
    r = run(
        "emg",
        "analyze",
        CSV,
        "--unit",
        "mV",
        "--channels",
        "VL,BF",
        "--athlete",
        "bo",
        "--stored-mvc",
        "--database-url",
        url,
    )
    assert r.exit_code == 2 and "no stored MVC for athlete 'bo'" in r.output
    r = run(
        "emg",
        "mvc",
        CSV,
        "--unit",
        "mV",
        "--channels",
        "VL,BF",
        "--athlete",
        "bo",
        "--database-url",
        url,
        "--format",
        "json",
    )
    assert r.exit_code == 0, r.output
    mvc = json.loads(r.stdout)["mvc"]
    # RMS over the best 0.5 s of a 200 uV-RMS burst (VL) and 50 uV (BF), within 15 %
    assert mvc["VL"] == pytest.approx(200e-6, rel=0.15)
    assert mvc["BF"] == pytest.approx(50e-6, rel=0.15)
    r = run(
        "emg",
        "analyze",
        CSV,
        "--unit",
        "mV",
        "--channels",
        "VL,BF",
        "--athlete",
        "bo",
        "--stored-mvc",
        "--database-url",
        url,
        "--format",
        "json",
    )
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["channels"][0]["peak_envelope_pct_mvc"] == pytest.approx(
        100 * d["channels"][0]["peak_envelope_v"] / mvc["VL"]
    )
    assert d["method"]["normalisation"] == "stored"


def test_emg_force_relation_over_a_ramp(tmp_path):
    # EMG RMS proportional to force: 1 uV per N (band-limited noise of unit RMS scaled by
    # 1e-6 * F). Over the ramp 1-3 s the envelope-force slope is 1e-6 V/N, intercept ~0.
    import numpy as np
    from scipy.signal import butter, sosfilt

    fs = 1000
    t = np.arange(4 * fs) / fs
    force = np.clip((t - 1) * 200, 0, 400) + 1.0
    rng = np.random.default_rng(5)
    b = sosfilt(
        butter(4, [40, 300], btype="bandpass", fs=fs, output="sos"), rng.normal(size=t.size)
    )
    emg = 1e-6 * force * b / b.std()
    f = tmp_path / "ramp.csv"
    f.write_text(
        "time,VL,force\n"
        + "\n".join(f"{a:.3f},{e:.9f},{g:.3f}" for a, e, g in zip(t, emg, force, strict=True))
        + "\n"
    )
    r = run(
        "emg",
        "analyze",
        f,
        "--force-channel",
        "force",
        "--relation",
        "1.2",
        "2.8",
        "--format",
        "json",
    )
    assert r.exit_code == 0, r.output
    rel = json.loads(r.stdout)["emg_force_relation"]["VL"]
    assert rel["slope_per_n"] == pytest.approx(1e-6, rel=0.1)
    assert rel["r2"] > 0.9


def test_nme_from_the_cli():
    # Plateau 400 N from 1.24 s; VL RMS 200 uV during the burst -> NME ~ 400 / 200e-6 = 2e6 N/V;
    # with MVC force 800 N and stored MVC EMG 400 uV: 50 %MVC / 50 %MVC = 1.0.
    r = run(
        "emg",
        "analyze",
        CSV,
        "--unit",
        "mV",
        "--force-channel",
        "force",
        "--nme-window",
        "1.4",
        "2.1",
        "--mvc-force-n",
        "800",
        "--mvc-value",
        "VL=400e-6",
        "--mvc-value",
        "BF=100e-6",
        "--format",
        "json",
    )
    assert r.exit_code == 0, r.output
    nme = json.loads(r.stdout)["nme"]["VL"]
    assert nme["mean_force_n"] == pytest.approx(400.0)
    assert nme["nme_abs"] == pytest.approx(2e6, rel=0.1)
    assert nme["nme_norm"] == pytest.approx(1.0, rel=0.1)


def test_a_force_column_read_as_emg_is_refused_by_name():
    # without --force-channel or --channels the file's force column (20-400 N) would be one
    # more "EMG" channel of hundreds of mV: refused, naming the column
    r = run("emg", "analyze", CSV, "--unit", "mV")
    assert r.exit_code == 2
    assert "channel 'force'" in r.output and "beyond any EMG" in r.output
