"""The force CLI: JSON equals to_dict(), one-line errors with exit code 2, store, plot, batch."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from neurolift.cli.main import app
from neurolift.io.force import force_read
from neurolift.signals.force import cmj_metrics

DATA = Path(__file__).resolve().parents[1] / "data" / "force"
CMJ = DATA / "gidiel_Single-CMJ-Fz.txt"
runner = CliRunner()


def run(*args: str, **env: str):
    return runner.invoke(app, [str(a) for a in args], env=env or None)


def test_help_lists_groups() -> None:
    r = run("--help")
    assert r.exit_code == 0
    for group in ("force", "db", "athlete", "demo"):
        assert group in r.stdout


def test_json_is_exactly_to_dict() -> None:
    r = run("force", "analyze", CMJ, "--sampling-rate", "1000", "--test", "cmj", "--format", "json")
    assert r.exit_code == 0, r.output
    expected = cmj_metrics(force_read(CMJ, sampling_rate=1000)).to_dict()
    assert json.loads(r.stdout) == json.loads(json.dumps(expected))


def test_csv_output_has_one_row() -> None:
    r = run("force", "analyze", CMJ, "--sampling-rate", "1000", "-f", "csv")
    lines = r.stdout.strip().splitlines()
    assert r.exit_code == 0 and len(lines) == 2 and "jump_height_impulse_m" in lines[0]


@pytest.mark.parametrize(
    "content,match",
    [
        ("", "empty"),
        ("a,b\n1,2\n", "cannot find the force column"),
        ("Fz\n700\nseven\n", "not a number"),
        ("Fz\n" + "0.7\n" * 3000, "kN"),
        ("Fz\n" + "700\n" * 3000, "no take-off"),
        ("Fz\n" + "700\n" * 20, "at least"),
        ("Fz\n" + "nan\n" * 3000, "all NaN"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, content: str, match: str) -> None:
    f = tmp_path / "bad.csv"
    f.write_text(content)
    r = run("force", "analyze", f, "--sampling-rate", "1000", "--test", "cmj")
    assert r.exit_code == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and match in lines[0]
    assert "Traceback" not in r.output


def test_missing_file_and_missing_rate() -> None:
    r = run("force", "analyze", "nope.csv", "--sampling-rate", "1000")
    assert r.exit_code == 2 and "no such file" in r.stderr
    r = run("force", "analyze", CMJ)
    assert r.exit_code == 2 and "sampling rate is required" in r.stderr


def test_results_are_stored_for_an_athlete(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    assert (
        run(
            "athlete", "add", "--athlete", "Ada", "--body-mass-kg", "67", "--database-url", url
        ).exit_code
        == 0
    )
    r = run(
        "force",
        "analyze",
        CMJ,
        "--sampling-rate",
        "1000",
        "--athlete",
        "Ada",
        "--database-url",
        url,
    )
    assert r.exit_code == 0, r.output
    from neurolift.store import Store

    store = Store(url)
    hist = store.metric_history("Ada", "jump_height_impulse_m", kind="cmj")
    assert len(hist) == 1 and hist[0].value == pytest.approx(0.3214, abs=1e-3)
    res = store.results(athlete="Ada")[0]
    assert res.method["onset_method"] == "sd" and res.software_version
    trial = store.load_trial(res.trial_id)
    assert trial.signal.n_samples == 5000 and trial.signal.sampling_rate == 1000
    # a failed analysis writes nothing
    bad = tmp_path / "bad.csv"
    bad.write_text("Fz\n" + "700\n" * 3000)
    assert (
        run(
            "force",
            "analyze",
            bad,
            "--sampling-rate",
            "1000",
            "--test",
            "cmj",
            "--athlete",
            "Ada",
            "--database-url",
            url,
        ).exit_code
        == 2
    )
    assert len(store.results()) == 1


def test_unknown_athlete_is_an_error(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    r = run(
        "force",
        "analyze",
        CMJ,
        "--sampling-rate",
        "1000",
        "--athlete",
        "Nobody",
        "--database-url",
        url,
    )
    assert r.exit_code == 2 and "no athlete named" in r.stderr


def test_db_upgrade(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    r = run("db", "upgrade", "--database-url", url, "-f", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["revision"]


@pytest.mark.parametrize(
    "name,fs",
    [
        ("gidiel_Single-CMJ-Fz.txt", "1000"),
        ("gidiel_Single-DJ-Fz.txt", "1000"),
        ("gpl/beckham_isometric_Example1_1000hz.csv", None),
        ("gpl/sams_jumps_long_1_dual_fp.csv", "1000"),
    ],
)
def test_plot_writes_a_png(tmp_path: Path, name: str, fs: str | None) -> None:
    out = tmp_path / "trial.png"
    args = ["force", "plot", DATA / name, "--out", out] + (["--sampling-rate", fs] if fs else [])
    r = run(*args)
    assert r.exit_code == 0, r.output
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out.stat().st_size > 20_000


def test_batch_of_a_few_files_runs_in_this_process(tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    for name in (
        "gidiel_Single-CMJ-Fz.txt",
        "gidiel_Dual-CMJ-Fz.txt",
        "gidiel_Single-SJ-Fz.txt",
        "gidiel_Single-DJ-Fz.txt",
        "gpl/sams_cmj_single_trial_dual_fp.csv",
    ):
        shutil.copy(DATA / name, folder / Path(name).name)
    (folder / "broken.csv").write_text("Fz\n" + "700\n" * 3000)
    out = tmp_path / "results.parquet"
    r = run(
        "force",
        "batch",
        folder,
        "--out",
        out,
        "--sampling-rate",
        "1000",
        "--workers",
        "2",
        "--chunk-size",
        "2",
        "-f",
        "json",
    )
    assert r.exit_code == 0, r.output
    summary = json.loads(r.stdout)
    assert summary == {"n_files": 6, "n_ok": 5, "n_failed": 1, "out": str(out)}
    df = pd.read_parquet(out).set_index("file")
    by_name = {Path(k).name: row for k, row in df.iterrows()}
    # no flight, so auto-detection tries an isometric pull, and there is none
    assert (
        by_name["broken.csv"]["error"].startswith("SignalError")
        and "no pull" in by_name["broken.csv"]["error"]
    )
    assert by_name["gidiel_Single-DJ-Fz.txt"]["test"] == "dj"
    cmj = cmj_metrics(force_read(DATA / "gidiel_Single-CMJ-Fz.txt", sampling_rate=1000))
    assert by_name["gidiel_Single-CMJ-Fz.txt"]["jump_height_impulse_m"] == pytest.approx(
        cmj.jump_height_impulse_m
    )
    assert by_name["gidiel_Dual-CMJ-Fz.txt"][
        "asymmetry_peak_propulsive_force_pct"
    ] == pytest.approx(
        cmj_metrics(force_read(DATA / "gidiel_Dual-CMJ-Fz.txt", sampling_rate=1000)).asymmetry_pct[
            "peak_propulsive_force"
        ]
    )


def test_demo_runs(tmp_path: Path) -> None:
    r = run("demo", "--out", tmp_path)
    assert r.exit_code == 0, r.output
    assert "gidiel_Single-CMJ-Fz.txt" in r.stdout and len(list(tmp_path.glob("*.png"))) == 3
    j = run("demo", "--out", tmp_path, "--format", "json")
    demo = json.loads(j.stdout)
    assert [row["test"] for row in demo["force"]] == ["cmj", "sj", "dj"]
    # the shipped simulated set: six reps of true MCV (whole 0 -> 0 m/s phase) 0.630 ... 0.443 m/s
    mcv = [row["mean_concentric_velocity_m_s"] for row in demo["vbt"]]
    assert mcv == pytest.approx([0.6302, 0.6114, 0.5739, 0.5364, 0.4897, 0.4432], abs=0.015)
    shares = [row["neural_share_pct"] for row in demo["model"]]
    assert shares == sorted(shares, reverse=True) and shares[0] > 90
