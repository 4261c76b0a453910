"""Training-system CLI: athlete add with a profile, plan, log, readiness, report; one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from neurolift.cli.main import app

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "training" / "sample_log.csv"
runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    r = run(
        url,
        "athlete",
        "add",
        "--athlete",
        "Ada",
        "--body-mass-kg",
        68,
        "--level",
        "intermediate",
        "--goal",
        "strength",
        "--one-rm",
        "back_squat=140",
        "--one-rm",
        "bench_press=85",
        "--one-rm-date",
        "2026-10-01",
        "--days",
        "mon,wed,fri",
        "--training-age-years",
        2,
        "--format",
        "json",
    )
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["level"] == "intermediate" and len(out["one_rms"]) == 2
    return url


def run(url: str, *args: object):
    return runner.invoke(app, [str(a) for a in args], env={"NEUROLIFT_DATABASE_URL": url})


def test_plan_create_json_is_the_program(db: str, tmp_path: Path) -> None:
    r = run(
        db,
        "plan",
        "create",
        "--athlete",
        "Ada",
        "--goal",
        "strength",
        "--weeks",
        8,
        "--days",
        3,
        "--start",
        "2026-11-23",
        "--out",
        tmp_path / "plan.csv",
        "--format",
        "json",
    )
    assert r.exit_code == 0, r.output
    prog = json.loads(r.stdout)
    assert prog["n_weeks"] == 8 and prog["days_per_week"] == 3 and prog["level"] == "intermediate"
    assert [w["kind"] for b in prog["blocks"] for w in b["weeks"]][3] == "deload"
    assert (tmp_path / "plan.csv").read_text().startswith("block,phase,week")
    shown = run(db, "plan", "show", "--athlete", "Ada", "--week", 1, "--format", "json")
    assert shown.exit_code == 0 and all(row["week"] == 1 for row in json.loads(shown.stdout))


def test_log_import_readiness_report(db: str, tmp_path: Path) -> None:
    r = run(db, "log", "import", SAMPLE, "--format", "json")
    assert r.exit_code == 0, r.output
    counts = {"sets": 105, "plyometrics": 28, "nmes": 7, "wellness": 49}
    out = json.loads(r.stdout)
    assert out["athletes"] == ["Ada"] and out["saved"] == out["by_athlete"]["Ada"] == counts
    # the same file again: idempotent, every entry is already stored
    again = json.loads(run(db, "log", "import", SAMPLE, "--format", "json").stdout)
    assert again["already_stored"] == counts and sum(again["saved"].values()) == 0
    r = run(db, "readiness", "--athlete", "Ada", "--date", "2026-11-22", "--format", "json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["status"] == "red" and out["overreaching"] == "sustained_decline"
    assert any("velocity_ref_m_s" in x for x in out["reasons"])
    pdf = tmp_path / "report.pdf"
    r = run(db, "report", "--athlete", "Ada", "--week", "2026-W47", "--out", pdf)
    assert r.exit_code == 0, r.output
    assert r.stdout == "" and pdf.read_bytes().startswith(b"%PDF")  # writes a file, says so
    assert "Ada 2026-W47, red (sustained decline), 15 sets" in r.stderr
    r = run(
        db,
        "report",
        "--squad",
        "--week",
        "2026-W47",
        "--out",
        tmp_path / "squad.html",
    )
    assert r.exit_code == 0 and "1 athletes, 1 red" in r.stderr
    r = run(db, "plan", "whatif", "--athlete", "Ada", "--days", 14, "--format", "json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert "MODEL" in out["fit"]["label"] and out["marker"] == "velocity_ref_m_s"
    assert [x["scenario"] for x in out["scenarios"]] == ["as_recent", "taper_50", "rest"]
    # latest back-squat session: 4 x 5 at 115 kg, RIR 2 -> hold under the RIR rule
    r = run(
        db,
        "plan",
        "progress",
        "--athlete",
        "Ada",
        "--exercise",
        "back_squat",
        "--rule",
        "rir",
        "--target-reps",
        5,
        "--format",
        "json",
    )
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert (out["date"], out["load_kg"], out["action"]) == ("2026-11-20", 115.0, "hold")
    # readiness is red on 2026-11-20: 80 % of the stored 140 kg = 112 kg, x 0.9 -> 100.8 -> 100 kg
    r = run(
        db,
        "plan",
        "today",
        "--athlete",
        "Ada",
        "--exercise",
        "back_squat",
        "--percent-1rm",
        80,
        "--date",
        "2026-11-20",
        "--format",
        "json",
    )
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert (out["readiness_status"], out["load_raw_kg"], out["load_kg"]) == ("red", 112.0, 100.0)
    exp = tmp_path / "export.json"
    r = run(db, "log", "export", "--athlete", "Ada", "--out", exp)
    assert r.exit_code == 0 and "wrote 189 entries of Ada" in r.stderr
    assert len(json.loads(exp.read_text())["sets"]) == 105


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            (
                "log",
                "set",
                "--athlete",
                "Ada",
                "--exercise",
                "back_squat",
                "--load-kg",
                500,
                "--reps",
                3,
                "--date",
                "2026-11-20",
            ),
            "above 3 x the stored 1RM",
        ),
        (
            (
                "log",
                "set",
                "--athlete",
                "Ada",
                "--exercise",
                "back_squat",
                "--load-kg",
                -10,
                "--reps",
                3,
                "--date",
                "2026-11-20",
            ),
            "load_kg must be >= 0",
        ),
        (
            (
                "log",
                "set",
                "--athlete",
                "Ada",
                "--exercise",
                "back_squat",
                "--load-kg",
                100,
                "--reps",
                0,
                "--date",
                "2026-11-20",
            ),
            "reps must be >= 1",
        ),
        (
            (
                "log",
                "set",
                "--athlete",
                "Ada",
                "--exercise",
                "moon_squat",
                "--load-kg",
                100,
                "--reps",
                3,
                "--date",
                "2026-11-20",
            ),
            "unknown exercise 'moon_squat'",
        ),
        (
            (
                "log",
                "set",
                "--athlete",
                "Ada",
                "--exercise",
                "back_squat",
                "--load-kg",
                100,
                "--reps",
                3,
                "--date",
                "2999-01-01",
            ),
            "is in the future",
        ),
        (
            (
                "plan",
                "create",
                "--athlete",
                "Ada",
                "--goal",
                "endurance",
                "--weeks",
                8,
                "--days",
                3,
            ),
            "unknown goal",
        ),
        (("readiness", "--athlete", "Nobody"), "no athlete named 'Nobody'"),
        (
            ("report", "--athlete", "Ada", "--week", "2026-48", "--out", "never-written.pdf"),
            "2026-W48",
        ),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(db: str, args, message, tmp_path: Path) -> None:
    r = run(db, *args)
    assert r.exit_code == 2
    lines = [x for x in r.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], r.stderr
    exp = run(db, "log", "export", "--athlete", "Ada", "--out", tmp_path / "x.json")
    assert "wrote 0 entries" in exp.stderr


def test_import_with_a_bad_line_saves_nothing(db: str, tmp_path: Path) -> None:
    lines = SAMPLE.read_text().splitlines()
    lines[-1] = lines[-1].replace("2026-11-22", "2999-11-22")
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines) + "\n")
    r = run(db, "log", "import", bad)
    assert r.exit_code == 2 and f"line {len(lines)}" in r.stderr and "in the future" in r.stderr
    exp = run(db, "log", "export", "--athlete", "Ada", "--out", tmp_path / "e.csv")
    assert "wrote 0 entries" in exp.stderr
