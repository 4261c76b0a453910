"""Pages and API on a real store (SQLite file and PostgreSQL), in-memory client: uploads give the
CLI's numbers and errors, logs and plans go through the CLI's services, readiness moves."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from neurolift.cli.main import app as cli_app
from neurolift.store.models import AnalysisResult, Metric, Trial

DATA = Path(__file__).resolve().parents[1] / "data"
CMJ = DATA / "force" / "gidiel_Single-CMJ-Fz.txt"
SET = DATA / "vbt" / "simulated_back_squat_6reps_chronojump_1kHz.txt"
HTML = {"accept": "text/html"}


def _counts(store) -> tuple[int, int, int]:
    with store.session(write=False) as s:
        return tuple(
            int(s.scalar(select(func.count()).select_from(m)))
            for m in (Trial, AnalysisResult, Metric)
        )


def _cli_json(*args) -> dict:
    r = CliRunner().invoke(cli_app, [*map(str, args), "-f", "json"])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def _upload(c, athlete_id: int, path: Path, **form):
    data = {"csrf_token": c.csrf, "athlete_id": str(athlete_id), "kind": "force", **form}
    with path.open("rb") as fh:
        return c.post(
            "/upload",
            data=data,
            files={"file": (path.name, fh)},
            headers=HTML,
            follow_redirects=False,
        )


def test_upload_cmj_gives_the_cli_metrics_and_a_phase_plot(make_client, squad) -> None:
    c = make_client("coach_red")
    r = _upload(c, squad.athlete_ids["Ada"], CMJ, sampling_rate="1000")
    assert r.status_code == 303 and r.headers["location"].startswith("/results/")
    page = c.get(r.headers["location"], headers=HTML)
    assert page.status_code == 200
    cli = _cli_json("force", "analyze", CMJ, "--sampling-rate", 1000)
    rid = int(r.headers["location"].rsplit("/", 1)[1])
    api = c.get(f"/api/v1/results/{rid}").json()
    assert api["payload"]["jump_height_impulse_m"] == pytest.approx(cli["jump_height_impulse_m"])
    assert round(api["payload"]["jump_height_impulse_m"], 4) == 0.3214  # README's figure
    assert f"{cli['jump_height_impulse_m']:.4g}" in page.text  # the metric table
    figure = json.loads(
        page.text.split('data-figure="', 1)[1].split('"></div>', 1)[0].replace("&#34;", '"')
    )
    phases = [a["text"] for a in figure["layout"]["annotations"]]
    assert phases == ["weighing", "unweighting", "braking", "propulsion", "flight", "landing"]
    assert _counts(squad.store)[:2] == (1, 1)


def test_bad_file_gets_the_cli_one_line_error(make_client, squad, tmp_path) -> None:
    c = make_client("ada")
    r = _upload(c, squad.athlete_ids["Ada"], CMJ)  # no sampling rate, no time column
    cwd = os.getcwd()
    os.chdir(CMJ.parent)
    try:
        cli = CliRunner().invoke(cli_app, ["force", "analyze", CMJ.name])
    finally:
        os.chdir(cwd)
    assert cli.exit_code == 2
    line = cli.stderr.strip()
    assert line.startswith("error: force_read: gidiel_Single-CMJ-Fz.txt has no time column")
    assert r.status_code == 422 and line in r.text.replace("&#39;", "'").replace("&#34;", '"')
    assert _counts(squad.store) == (0, 0, 0)


def test_upload_velocity_set_and_api_upload(make_client, squad) -> None:
    c = make_client("coach_red")
    r = _upload(
        c, squad.athlete_ids["Bob"], SET, kind="velocity", exercise="back_squat", load_kg="100"
    )
    assert r.status_code == 303
    rid = int(r.headers["location"].rsplit("/", 1)[1])
    payload = c.get(f"/api/v1/results/{rid}").json()["payload"]
    assert payload["n_reps"] == 6 and payload["exercise"] == "back_squat"
    with CMJ.open("rb") as fh:
        r = c.post(
            f"/api/v1/athletes/{squad.athlete_ids['Ada']}/recordings",
            data={"kind": "force", "sampling_rate": "1000"},
            files={"file": (CMJ.name, fh)},
            headers={"X-CSRF-Token": c.csrf},
        )
    assert r.status_code == 201 and r.json()["kind"] == "cmj"
    rows = c.get(f"/api/v1/athletes/{squad.athlete_ids['Ada']}/results?format=csv").text
    assert rows.splitlines()[0].startswith("id,domain,kind,performed_at,test")


@pytest.mark.parametrize(
    ("name", "content", "status", "message"),
    [
        ("../../etc/cmj.txt", b"1\n2\n", 415, "must not contain folders"),
        ("..\\..\\cmj.txt", b"1\n2\n", 415, "must not contain folders"),
        ("cmj.exe", b"1\n2\n", 415, "must be one of"),
        ("cmj.txt", b"\x00\x01binary\x00", 415, "not a text file"),
        ("cmj.c3d", b"not a c3d at all" * 40, 415, "does not look like a .c3d"),
        ("cmj.txt", b"", 415, "is empty"),
    ],
)
def test_uploads_are_type_checked_and_names_cannot_traverse(
    make_client, squad, name, content, status, message
) -> None:
    c = make_client("coach_red")
    r = c.post(
        f"/api/v1/athletes/{squad.athlete_ids['Ada']}/recordings",
        data={"kind": "force", "sampling_rate": "1000"},
        files={"file": (name, content)},
        headers={"X-CSRF-Token": c.csrf},
    )
    assert r.status_code == status and message in r.json()["error"]["message"]
    assert _counts(squad.store) == (0, 0, 0)


def test_uploads_are_size_limited(squad, h) -> None:
    from fastapi.testclient import TestClient

    from neurolift.web import Settings, create_app

    app = create_app(
        Settings(database_url=squad.store.url, max_upload_bytes=20_000), store=squad.store
    )
    with TestClient(app) as c:
        token = h.login(c, "coach_red")
        big = CMJ.read_bytes()  # about 35 kB
        assert len(big) > 20_000
        r = c.post(
            f"/api/v1/athletes/{squad.athlete_ids['Ada']}/recordings",
            data={"kind": "force", "sampling_rate": "1000"},
            files={"file": (CMJ.name, big)},
            headers={"X-CSRF-Token": token},
        )
        assert r.status_code == 413 and r.json()["error"]["type"] == "UploadTooLargeError"

        def chunks():  # no Content-Length: counted as it arrives
            yield b"x" * 15_000
            yield b"x" * 15_000

        r = c.post(
            "/api/v1/athletes",
            content=chunks(),
            headers={"X-CSRF-Token": token, "content-type": "application/json"},
        )
        assert r.status_code == 413
    assert _counts(squad.store) == (0, 0, 0)


def test_an_upload_is_all_or_nothing(make_client, squad, monkeypatch) -> None:
    """A failure after the trial row is written (here: inserting the metrics) leaves no rows."""
    from neurolift.store import repository

    c = make_client("coach_red")

    def boom(*a, **k):
        raise repository.SQLAlchemyError("disk full while writing the metrics")

    monkeypatch.setattr(repository, "insert", boom)
    r = _upload(c, squad.athlete_ids["Ada"], CMJ, sampling_rate="1000")
    assert r.status_code == 503 and "disk full" in r.text
    assert _counts(squad.store) == (0, 0, 0)


def test_log_a_set_and_a_check_in_and_see_readiness_change(make_client, squad) -> None:
    aid = squad.athlete_ids["Ada"]
    c = make_client("ada")
    today = dt.date.today()
    for k in range(10, 0, -1):  # ten ordinary mornings through the API
        r = c.post(
            f"/api/v1/athletes/{aid}/log/wellness",
            json={"date": str(today - dt.timedelta(days=k)), "sleep_h": 8 - 0.1 * (k % 3),
                  "sleep_quality": 4, "energy": 4, "mood": 4, "stress": 2, "soreness": 2},
            headers={"X-CSRF-Token": c.csrf},
        )  # fmt: skip
        assert r.status_code == 201, r.text
    before = c.get(f"/api/v1/athletes/{aid}/readiness").json()
    assert before["status"] == "green"
    r = c.post(  # the form, as htmx sends it
        "/log/wellness",
        data={"csrf_token": c.csrf, "athlete_id": aid, "sleep_h": "4", "sleep_quality": "1",
              "energy": "1", "mood": "1", "stress": "5", "soreness": "5", "date": str(today)},
        headers={"HX-Request": "true"},
    )  # fmt: skip
    assert r.status_code == 200 and "saved for Ada: 1 wellness" in r.text
    after = c.get(f"/api/v1/athletes/{aid}/readiness").json()
    assert after["date"] == str(today) and after["status"] in ("yellow", "red")
    assert any("slept 4.0 h" in x for x in after["reasons"])
    r = c.post(
        "/log/set",
        data={"csrf_token": c.csrf, "athlete_id": aid, "exercise": "back_squat", "load_kg": "100",
              "reps": "5", "rir": "2", "velocity_m_s": "0.61", "date": str(today)},
        follow_redirects=False,
    )  # fmt: skip
    assert r.status_code == 303
    rows = c.get(f"/api/v1/athletes/{aid}/log?format=json").json()["items"]
    assert [x for x in rows if x["type"] == "set"] == [
        {"type": "set", "athlete": "Ada", "date": str(today), "exercise": "back_squat",
         "set_index": 1, "load_kg": 100.0, "reps": 5, "rir": 2.0, "rpe": None,
         "mean_velocity_m_s": 0.61, "peak_velocity_m_s": None, "velocity_loss_pct": None,
         "target_load_kg": None, "target_reps": None}
    ]  # fmt: skip
    page = c.get(f"/athletes/{aid}", headers=HTML).text
    assert "slept 4.0 h" in page and "0.61" in page
    r = c.post("/log/set", data={"csrf_token": c.csrf, "athlete_id": aid, "exercise": "back_squat",
               "load_kg": "100", "reps": "5", "date": str(today + dt.timedelta(days=3))},
               headers={"HX-Request": "true"})  # fmt: skip
    assert r.status_code == 422 and "error: " in r.text  # the library's own date rule


def test_create_a_plan_and_todays_load(make_client, squad) -> None:
    from neurolift.store.training_repo import profile_save
    from neurolift.training.athlete import athlete_profile

    store = squad.store  # Bob's profile with 1RMs, as `athlete add --level ... --one-rm` stores it
    profile_save(store, athlete_profile("Bob", level="intermediate", body_mass_kg=80,
                                        one_rms={"back_squat": 140, "bench_press": 90}))  # fmt: skip
    bid = squad.athlete_ids["Bob"]
    c = make_client("coach_red")
    r = c.post(
        "/plans",
        data={"csrf_token": c.csrf, "athlete_id": bid, "goal": "strength", "weeks": "8",
              "days": "3", "start": "2026-12-07", "plyometrics": "1"},
        follow_redirects=False,
    )  # fmt: skip
    assert r.status_code == 303 and r.headers["location"] == f"/plans?athlete={bid}"
    rows = c.get(f"/api/v1/athletes/{bid}/plan?limit=1000").json()
    cli_like = c.get(f"/api/v1/athletes/{bid}/plan?week=1").json()["items"]
    assert rows["total"] > 50 and cli_like[0]["date"] == "2026-12-07"
    assert any(x["percent_1rm"] and x["percent_1rm"] >= 85 for x in cli_like)  # the heavy day
    today = c.post("/plans/today", data={"csrf_token": c.csrf, "athlete_id": bid,
                   "exercise": "back_squat", "percent_1rm": "80"})  # fmt: skip
    assert today.status_code == 200 and "112.5 kg" in today.text  # 80 % of 140, to plates
    bad = c.post(f"/api/v1/athletes/{bid}/plans", json={"goal": "strength", "weeks": 0, "days": 3},
                 headers={"X-CSRF-Token": c.csrf})  # fmt: skip
    assert bad.status_code == 422 and bad.json()["error"]["type"] == "InvalidParameterError"


def test_pages_render_for_every_role(make_client, squad) -> None:
    for user, paths in (
        ("coach_red", ["/squad", "/squad?sort=name", f"/athletes/{squad.athlete_ids['Ada']}",
                       "/upload", "/log", "/plans", "/whatif?method=heavy&level=elite",
                       "/reports"]),
        ("ada", ["/", f"/athletes/{squad.athlete_ids['Ada']}", "/log", "/plans", "/reports"]),
    ):  # fmt: skip
        c = make_client(user)
        for p in paths:
            r = c.get(p, headers=HTML)
            assert r.status_code == 200, (user, p, r.text[:300])
    pdf = make_client("coach_red").get("/reports/squad.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize(
    ("kind", "path", "cli", "unit"),
    [
        # the file's force column is the force, not a muscle (the CLI says so with an option)
        ("emg", DATA / "emg" / "synthetic_emg_force.csv", ("emg", "analyze"), "mV"),
        ("mu", DATA / "emg" / "otb_testfile.mat", ("mu", "analyze"), None),
    ],
)
def test_emg_and_motor_unit_uploads_give_the_cli_result(
    make_client, squad, kind, path, cli, unit
) -> None:
    c = make_client("ada")
    with path.open("rb") as fh:
        r = c.post(
            f"/api/v1/athletes/{squad.athlete_ids['Ada']}/recordings",
            data={"kind": kind, **({"unit": unit} if unit else {})},
            files={"file": (path.name, fh)},
            headers={"X-CSRF-Token": c.csrf},
        )
    assert r.status_code == 201, r.text
    stored = r.json()["payload"]
    expected = _cli_json(
        *cli, path, *(["--unit", unit, "--force-channel", "force"] if unit else [])
    )
    drop = ("file", "plot", "plots")
    assert {k: v for k, v in stored.items() if k not in drop} == {
        k: v for k, v in expected.items() if k not in drop
    }
    page = c.get(f"/athletes/{squad.athlete_ids['Ada']}", headers=HTML).text
    assert f"/results/{r.json()['id']}" in page  # listed under EMG and motor units


def test_names_are_escaped_in_pages(make_client, squad) -> None:
    from neurolift.store import accounts_repo as acc

    squad.store.add_athlete('<script>alert("x")</script>', body_mass_kg=70)
    acc.team_add_athlete(squad.store, "Red", '<script>alert("x")</script>')
    page = make_client("coach_red").get("/squad", headers=HTML).text
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
