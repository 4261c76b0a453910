"""The vbt CLI: JSON equals to_dict(), one-line errors, store round trip, readiness, live replay, plots."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from neurolift.cli.main import app
from neurolift.io.velocity import velocity_read_chronojump, velocity_write_chronojump
from neurolift.signals.velocity import velocity_analyze_set, velocity_simulate_set

DATA = Path(__file__).resolve().parents[1] / "data" / "vbt"
SQUAT = DATA / "simulated_back_squat_6reps_chronojump_1kHz.txt"
runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def test_analyze_json_is_exactly_to_dict() -> None:
    r = run(
        "vbt",
        "analyze",
        SQUAT,
        "--exercise",
        "back_squat",
        "--load-kg",
        100,
        "--body-mass-kg",
        80,
        "--format",
        "json",
    )
    assert r.exit_code == 0, r.output
    expected = velocity_analyze_set(
        velocity_read_chronojump(SQUAT), exercise="back_squat", load_kg=100, body_mass_kg=80
    )
    got = json.loads(r.stdout)
    assert got == json.loads(json.dumps(expected.to_dict()))
    assert got["n_reps"] == 6
    # the file's true MCVs over the whole 0 -> 0 m/s phase (tests/data/vbt/README.md)
    assert [x["mean_concentric_velocity_m_s"] for x in got["reps"]] == pytest.approx(
        [0.6302, 0.6114, 0.5739, 0.5364, 0.4897, 0.4432], abs=0.015
    )


def test_analyze_csv_has_one_row_per_rep_and_plot(tmp_path: Path) -> None:
    png = tmp_path / "set.png"
    r = run(
        "vbt",
        "analyze",
        SQUAT,
        "-e",
        "back_squat",
        "--load-kg",
        100,
        "--format",
        "csv",
        "--plot",
        png,
    )
    assert r.exit_code == 0, r.output
    lines = r.stdout.strip().splitlines()
    assert len(lines) == 7 and lines[0].startswith("rep,")
    assert png.stat().st_size > 10_000 and png.read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-e", "curl", "--load-kg", "100"], "unknown exercise 'curl'"),
        (["-e", "back_squat", "--load-kg", "0"], "load_kg must be finite and > 0"),
        (["-e", "back_squat", "--load-kg", "-5"], "load_kg must be finite and > 0"),
        (["-e", "deadlift", "--load-kg", "100", "--min-rom-m", "1.5"], "no reps found"),
    ],
)
def test_bad_input_one_line_and_nothing_stored(
    tmp_path: Path, args: list[str], message: str
) -> None:
    db = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    from neurolift.store import Store

    Store(db).add_athlete("Ada")
    r = runner.invoke(
        app, ["vbt", "analyze", str(SQUAT), *args, "--athlete", "Ada", "--database-url", db]
    )
    assert r.exit_code == 2
    err = r.stderr.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ") and message in err[0]
    assert Store(db).results() == []


def test_an_unknown_athlete_is_refused_with_the_close_name(tmp_path: Path) -> None:
    # `vbt analyze --athlete Bae` used to create "Bae" beside "Bea"; refused as everywhere
    db = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    from neurolift.store import Store

    Store(db).add_athlete("Bea")
    r = runner.invoke(
        app,
        ["vbt", "analyze", str(SQUAT), "-e", "back_squat", "--load-kg", "100"]
        + ["--athlete", "Bae", "--database-url", db],
    )
    assert r.exit_code == 2 and "no athlete named 'Bae'; did you mean 'Bea'" in r.stderr
    assert [a.name for a in Store(db).list_athletes()] == ["Bea"] and Store(db).results() == []


def test_sampling_rate_that_contradicts_time_column(tmp_path: Path) -> None:
    f = tmp_path / "bar.csv"
    f.write_text(
        "time,position\n" + "".join(f"{i / 100:.2f},{0.001 * i:.4f}\n" for i in range(300))
    )
    r = run("vbt", "analyze", f, "-e", "back_squat", "--load-kg", 80, "--sampling-rate", 1000)
    assert r.exit_code == 2 and "disagrees with the time column, which says 100 Hz" in r.stderr


def _session_file(tmp_path: Path, name: str, velocities: list[float], seed: int) -> Path:
    sim = velocity_simulate_set(
        mean_velocities_m_s=velocities, rom_m=0.45, sampling_rate=1000, random_state=seed
    )
    return velocity_write_chronojump(tmp_path / name, sim.signal)


def test_store_profile_and_readiness(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'vbt.sqlite3'}"
    from neurolift.store import Store

    Store(db).add_athlete("Ada")
    days = [
        ("2026-03-02", 1.00),
        ("2026-03-04", 1.02),
        ("2026-03-06", 0.99),
        ("2026-03-09", 1.01),
        ("2026-03-11", 1.00),
        ("2026-03-13", 0.90),
    ]
    for i, (day, v) in enumerate(days):
        for load, vv in ((40, v), (60, v - 0.27), (80, v - 0.52)):
            f = _session_file(
                tmp_path, f"{day}_{load}.txt", [vv, vv - 0.01, vv - 0.03], seed=10 * i + load
            )
            r = run(
                "vbt",
                "analyze",
                f,
                "-e",
                "bench_press",
                "--load-kg",
                load,
                "--athlete",
                "Ada",
                "--performed-at",
                f"{day}T18:00:00",
                "--database-url",
                db,
                "--format",
                "json",
            )
            assert r.exit_code == 0, r.output
    from neurolift.store import Store

    store = Store(db)
    sets = store.results(athlete="Ada", domain="vbt", kind="set")
    assert len(sets) == 18 and len(sets[0].payload["reps"]) == 3
    assert [p.value for p in store.metric_history("Ada", "load_kg")][:3] == [40, 60, 80]
    r = run(
        "vbt",
        "readiness",
        "--athlete",
        "Ada",
        "-e",
        "bench_press",
        "--database-url",
        db,
        "--format",
        "json",
    )
    assert r.exit_code == 0, r.output
    ready = json.loads(r.stdout)
    assert (
        ready["reference_load_kg"] == 40 and ready["status"] == "red" and ready["n_baseline"] == 5
    )
    # true change of the best 40 kg rep: 0.90 against the mean of the five baseline days
    baseline = np.mean([v for _, v in days[:5]])
    assert ready["change_m_s"] == pytest.approx(0.90 - baseline, abs=0.02)
    png = tmp_path / "lv.png"
    r = run(
        "vbt",
        "profile",
        "-e",
        "bench_press",
        "--athlete",
        "Ada",
        "--database-url",
        db,
        "--format",
        "json",
        "--plot",
        png,
    )
    assert r.exit_code == 0, r.output
    prof = json.loads(r.stdout)[0]
    assert prof["slope_m_s_per_kg"] == pytest.approx(-0.013, abs=0.002) and prof["n_points"] == 18
    assert png.read_bytes()[:4] == b"\x89PNG"


def test_profile_from_openbarbell_json() -> None:
    r = run(
        "vbt", "profile", DATA / "openbarbell_TestData.json", "-e", "back_squat", "--format", "json"
    )
    assert r.exit_code == 0, r.output
    profiles = json.loads(r.stdout)
    assert len(profiles) == 3 and all(p["slope_m_s_per_kg"] < 0 and p["r2"] > 0.8 for p in profiles)
    assert "299792458" in r.stderr and "1000 lb" in r.stderr


def test_live_replay_matches_batch() -> None:
    r = run(
        "vbt",
        "live",
        "--replay",
        SQUAT,
        "-e",
        "back_squat",
        "--load-kg",
        100,
        "--vl-threshold-pct",
        20,
        "--speed",
        0,
        "--format",
        "json",
    )
    assert r.exit_code == 0, r.output
    live = json.loads(r.stdout)
    batch = velocity_analyze_set(
        velocity_read_chronojump(SQUAT), exercise="back_squat", load_kg=100, vl_threshold_pct=20
    )
    assert live["n_reps"] == batch.n_reps == 6
    for a, b in zip(live["reps"], batch.reps, strict=True):
        assert a["mean_concentric_velocity_m_s"] == pytest.approx(
            b.mean_concentric_velocity_m_s, rel=1e-6
        )
    assert live["vl_threshold_rep"] == batch.vl_threshold_rep == 5  # 0.490 is 22 % below 0.630
    assert "stop signalled after rep 5" in r.stderr
    t = run(
        "vbt", "live", "--replay", SQUAT, "-e", "back_squat", "--vl-threshold-pct", 20, "--speed", 0
    )
    assert t.exit_code == 0 and "STOP THE SET" in t.stdout


def test_onerm_command() -> None:
    r = run("vbt", "onerm", "--load-kg", 100, "--reps", 5, "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["epley_kg"] == pytest.approx(116.65)
    # one rep's velocity: the 2017 squat group equation as a fallback
    r = run(
        "vbt",
        "onerm",
        "--load-kg",
        120,
        "--velocity-m-s",
        0.62,
        "-e",
        "smith_squat",
        "--format",
        "json",
    )
    doc = json.loads(r.stdout)
    pct = -5.961 * 0.62**2 - 50.71 * 0.62 + 117
    assert doc["group_equation_percent_1rm"] == pytest.approx(pct)
    assert doc["group_equation_e1rm_kg"] == pytest.approx(120 / pct * 100)
    assert "10.1055/s-0043-102933" in doc["group_equation_source"] and "epley_kg" not in doc
    bad = run("vbt", "onerm", "--load-kg", 120, "--velocity-m-s", 0.62, "-e", "back_squat")
    assert bad.exit_code == 2 and "Smith machine" in bad.stderr
    assert run("vbt", "onerm", "--load-kg", 120).exit_code == 2


def test_profile_prescribes_todays_load() -> None:
    r = run(
        "vbt",
        "profile",
        DATA / "jovanovic_2015_bench_1RM_test_velocity.csv",
        "-e",
        "bench_press",
        "--mvt-m-s",
        0.17,
        "--target-velocity-m-s",
        0.5,
        "--percent-1rm",
        80,
        "--format",
        "json",
    )
    assert r.exit_code == 0, r.output
    p = json.loads(r.stdout)[0]
    assert p["load_for_target_velocity_kg"] == pytest.approx(
        (0.5 - p["v0_m_s"]) / p["slope_m_s_per_kg"]
    )
    assert p["load_for_percent_1rm_kg"] == pytest.approx(0.8 * p["e1rm_kg"])
    assert p["e1rm_kg"] == pytest.approx(103.7, abs=0.1)


def test_analyze_imu_csv_in_g(tmp_path: Path) -> None:
    """An accelerometer file in g (detected from the resting value) is integrated and analysed."""
    import numpy as np

    fs = 200
    sim = velocity_simulate_set(
        mean_velocities_m_s=[0.8, 0.7, 0.6],
        sampling_rate=fs,
        noise_m=0,
        resolution_m=0,
        random_state=0,
    )
    acc_g = np.gradient(np.gradient(sim.true_position_m) * fs) * fs / 9.80665 + 1.0
    f = tmp_path / "imu.csv"
    f.write_text("time,acc_z\n" + "".join(f"{i / fs:.3f},{a:.5f}\n" for i, a in enumerate(acc_g)))
    r = run("vbt", "analyze", f, "-e", "back_squat", "--load-kg", 100, "--format", "json")
    assert r.exit_code == 0, r.output
    got = json.loads(r.stdout)
    assert got["n_reps"] == 3
    for rep, true in zip(got["reps"], sim.reps, strict=True):
        assert rep["mean_concentric_velocity_m_s"] == pytest.approx(
            true.mean_concentric_velocity_m_s, abs=0.03
        )


def test_sets_from_rep_summary_csv(tmp_path: Path) -> None:
    f = tmp_path / "reps.csv"
    rows = [
        ("Ada", 1, r, 100, v) for r, v in enumerate([0.80, 0.79, 0.75, 0.71, 0.66, 0.61], start=1)
    ]
    rows += [("Ada", 2, r, 110, v) for r, v in enumerate([0.70, 0.69, 0.66], start=1)]
    f.write_text(
        "athlete,exercise,set,rep,load_kg,mean_velocity_m_s\n"
        + "".join(f"{a},back_squat,{s},{r},{ld},{v}\n" for a, s, r, ld, v in rows)
    )
    r = run("vbt", "sets", f, "--vl-threshold-pct", 20, "--format", "json")
    assert r.exit_code == 0, r.output
    got = json.loads(r.stdout)
    assert [(g["set"], g["load_kg"], g["n_reps"]) for g in got] == [(1, 100.0, 6), (2, 110.0, 3)]
    assert got[0]["velocity_loss_pct"] == pytest.approx(23.75) and got[0]["vl_threshold_rep"] == 6
    assert got[1]["vl_threshold_crossed"] is False
    ob = run(
        "vbt", "sets", DATA / "openbarbell_TestData.json", "-e", "back_squat", "--format", "json"
    )
    assert ob.exit_code == 0 and len(json.loads(ob.stdout)) == 49


def test_position_unit_option(tmp_path: Path) -> None:
    """A CSV of bar position in mm: refused with the hint, read right with --position-unit mm
    (same reps as the same file in metres), for analyze and for live; a Chronojump file is mm
    by definition, so another unit is refused."""
    sim = velocity_simulate_set(mean_velocities_m_s=[0.8, 0.7], sampling_rate=200, random_state=1)
    rows = list(enumerate(sim.signal.values))
    metres, mm = tmp_path / "m.csv", tmp_path / "mm.csv"
    metres.write_text("time,position\n" + "".join(f"{i / 200:.3f},{x:.6f}\n" for i, x in rows))
    mm.write_text("time,position\n" + "".join(f"{i / 200:.3f},{x * 1000:.3f}\n" for i, x in rows))
    common = ("-e", "back_squat", "--load-kg", 80, "--format", "json")
    r = run("vbt", "analyze", mm, *common)
    assert r.exit_code == 2
    assert "looks like millimetres" in r.stderr and "--position-unit mm" in r.stderr
    ref = json.loads(run("vbt", "analyze", metres, *common).stdout)
    r = run("vbt", "analyze", mm, *common, "--position-unit", "mm")
    assert r.exit_code == 0, r.output
    got = json.loads(r.stdout)
    assert got["n_reps"] == ref["n_reps"] == 2
    assert [x["mean_concentric_velocity_m_s"] for x in got["reps"]] == pytest.approx(
        [x["mean_concentric_velocity_m_s"] for x in ref["reps"]], rel=1e-6
    )
    live = ("vbt", "live", "--replay", mm, "-e", "back_squat", "--speed", 0, "--format", "json")
    r = run(*live)
    assert r.exit_code == 2 and "--position-unit mm" in r.stderr
    r = run(*live, "--position-unit", "mm")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["n_reps"] == 2
    r = run("vbt", "analyze", SQUAT, *common, "--position-unit", "cm")
    assert r.exit_code == 2 and "millimetres by definition" in r.stderr


def test_absurd_sample_is_one_error_line(tmp_path: Path) -> None:
    f = tmp_path / "bar.csv"
    sim = velocity_simulate_set(mean_velocities_m_s=[0.8], sampling_rate=200, random_state=1)
    x = sim.signal.values.copy()
    x[400] = 1e308
    body = "".join(f"{i / 200:.3f},{float(v)!r}\n" for i, v in enumerate(x))
    f.write_text("time,position\n" + body)
    for args in (
        ("vbt", "analyze", f, "-e", "back_squat", "--load-kg", 80),
        ("vbt", "live", "--replay", f, "-e", "back_squat", "--speed", 0),
    ):
        r = run(*args)
        assert r.exit_code == 2 and "not a bar position" in r.stderr and "Traceback" not in r.output


def test_phase_edges_option_chooses_the_rule_and_records_it() -> None:
    """`--phase-edges idle` cuts each rep where velocity crosses 0.05 m/s, as threshold-based
    devices do. Dropping the slow tails shortens the phase more than its ROM, so every MCV comes
    out above the file's whole-phase truth (tests/data/vbt/README.md); the default keeps the
    whole 0 -> 0 m/s phase."""
    truth = [0.6302, 0.6114, 0.5739, 0.5364, 0.4897, 0.4432]
    out = {}
    for rule in ("zero", "idle"):
        r = run("vbt", "analyze", SQUAT, "-e", "back_squat", "--load-kg", 100,
                "--phase-edges", rule, "--format", "json")  # fmt: skip
        assert r.exit_code == 0, r.output
        out[rule] = json.loads(r.stdout)
        assert out[rule]["method"]["phase_edges"] == rule
    zero = [x["mean_concentric_velocity_m_s"] for x in out["zero"]["reps"]]
    idle = [x["mean_concentric_velocity_m_s"] for x in out["idle"]["reps"]]
    assert zero == pytest.approx(truth, abs=0.015)
    assert all(i > t + 0.01 for i, t in zip(idle, truth, strict=True))
    r = run("vbt", "analyze", SQUAT, "-e", "back_squat", "--load-kg", 100, "--phase-edges", "x")
    assert r.exit_code == 2 and "Traceback" not in r.output
