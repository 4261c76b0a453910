"""Every page and API route x every role x another athlete's or team's ids: no cross-athlete or
cross-team read or write. Unauthenticated requests get 401 (API) or a redirect to the login
page. A new route that this matrix does not classify fails the test."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from sqlalchemy import func, select

from neurolift.store.accounts_models import Invitation
from neurolift.store.models import AnalysisResult, Athlete, Trial
from neurolift.store.training_models import (
    NmesLogRow,
    PlyoLogRow,
    SetLogRow,
    TrainingProgram,
    WellnessLogRow,
)
from neurolift.timeseries import TimeSeries

CMJ = Path(__file__).resolve().parents[1] / "data" / "force" / "gidiel_Single-CMJ-Fz.txt"
PUBLIC = {"/login", "/join", "/static-plotly/plotly.min.js"}
# Routes whose scope is the account itself (lists are filtered: checked below by content)
SELF_SCOPED = {
    ("GET", "/"),
    ("GET", "/squad"),
    ("GET", "/upload"),
    ("GET", "/whatif"),
    ("POST", "/logout"),
    ("GET", "/api/v1/me"),
    ("GET", "/api/v1/athletes"),
    ("POST", "/api/v1/athletes"),
    ("GET", "/api/v1/squad/readiness"),
    ("GET", "/api/v1/whatif"),
    ("GET", "/reports/squad.pdf"),
    ("GET", "/api/v1/reports/squad.pdf"),
}
# Routes that name an athlete in the query string or the form instead of the path
ATHLETE_QUERY = {("GET", "/log"), ("GET", "/plans"), ("GET", "/reports")}
FORM = {
    "/upload": {"kind": "force", "sampling_rate": "1000"},
    "/log/set": {"exercise": "back_squat", "load_kg": "50", "reps": "5"},
    "/log/plyo": {"exercise": "box_jump", "contacts": "10"},
    "/log/nmes": {"frequency_hz": "50", "pulse_width_us": "300", "on_s": "5", "off_s": "15",
                  "contractions": "10"},
    "/log/wellness": {"sleep_h": "7", "sleep_quality": "3", "energy": "3", "mood": "3",
                      "stress": "3", "soreness": "3"},
    "/plans": {"goal": "strength", "weeks": "4", "days": "3"},
    "/plans/today": {"exercise": "back_squat", "percent_1rm": "80"},
}  # fmt: skip
JSON = {
    "log/sets": {"exercise": "back_squat", "load_kg": 50, "reps": 5},
    "log/plyometrics": {"exercise": "box_jump", "contacts": 10},
    "log/nmes": {"frequency_hz": 50, "pulse_width_us": 300, "on_s": 5, "off_s": 15,
                 "contractions": 10},
    "log/wellness": {"sleep_h": 7, "sleep_quality": 3, "energy": 3, "mood": 3, "stress": 3,
                     "soreness": 3},
    "plans": {"goal": "strength", "weeks": 4, "days": 3},
}  # fmt: skip
QUERY = {
    "/api/v1/athletes/{athlete_id}/plan/today": "?exercise=back_squat&percent_1rm=80",
}
FOREIGN = {  # user -> athletes they must not reach
    "coach_red": ("Cy",),
    "coach_blue": ("Ada", "Bob"),
    "ada": ("Bob", "Cy"),
    "cy": ("Ada", "Bob"),
}
WATCHED = (SetLogRow, PlyoLogRow, NmesLogRow, WellnessLogRow, TrainingProgram, Trial,
           AnalysisResult, Athlete, Invitation)  # fmt: skip


def _walk(routes):  # FastAPI keeps included routers as nodes of their own
    for r in routes:
        if hasattr(r, "original_router"):
            yield from _walk(r.original_router.routes)
        else:
            yield r


def _routes(app) -> list[tuple[str, str]]:
    out = []
    for r in _walk(app.routes):
        if isinstance(r, APIRoute) and r.path not in PUBLIC:
            out += [(m, r.path) for m in sorted(r.methods) if m in ("GET", "POST")]
    return out


def _counts(store) -> dict[str, int]:
    with store.session(write=False) as s:
        return {
            m.__tablename__: int(s.scalar(select(func.count()).select_from(m))) for m in WATCHED
        }


def _result_of(store, athlete: str) -> int:
    ts = TimeSeries([800.0] * 50, 1000.0, "N", ("fz",))
    return store.save_analysis(
        domain="force",
        kind="cmj",
        result={"jump_height_impulse_m": 0.3},
        athlete=athlete,
        signal=ts,
    ).id


def _request(c, method: str, path: str, aid: int, rid: int):
    url = path.replace("{athlete_id}", str(aid)).replace("{result_id}", str(rid))
    url = url.replace("{name}", "jump_height_impulse_m") + QUERY.get(path, "")
    if (method, path) in ATHLETE_QUERY:
        url += f"?athlete={aid}"
    headers = {"X-CSRF-Token": c.csrf or "", "accept": "text/html"}
    if path.startswith("/api/"):
        headers["accept"] = "application/json"
    if method == "GET":
        return c.get(url, headers=headers, follow_redirects=False)
    if path in FORM:
        data = {"athlete_id": str(aid), "csrf_token": c.csrf or "", **FORM[path]}
        files = {"file": (CMJ.name, CMJ.read_bytes())} if path == "/upload" else None
        return c.post(url, data=data, files=files, headers=headers, follow_redirects=False)
    if path.endswith("/recordings"):
        return c.post(url, data={"kind": "force", "sampling_rate": "1000"},
                      files={"file": (CMJ.name, CMJ.read_bytes())}, headers=headers)  # fmt: skip
    key = path.split("{athlete_id}/", 1)[-1]
    body = JSON.get(key, {"name": "Eve"} if path == "/api/v1/athletes" else {})
    return c.post(url, json=body, headers=headers, follow_redirects=False)


def test_every_route_is_classified(make_client) -> None:
    routes = _routes(make_client(None).app)
    assert len(routes) >= 40
    for method, path in routes:
        scoped = "{athlete_id}" in path or "{result_id}" in path
        assert scoped or (method, path) in SELF_SCOPED | ATHLETE_QUERY or path in FORM, (
            f"{method} {path} is not in the route matrix: say how it is scoped"
        )


@pytest.mark.parametrize("user", sorted(FOREIGN))
def test_no_cross_athlete_or_cross_team_read_or_write(make_client, squad, user) -> None:
    store = squad.store
    results = {name: _result_of(store, name) for name in squad.athlete_ids}
    c = make_client(user)
    before = _counts(store)
    checked = 0
    for method, path in _routes(c.app):
        if (method, path) in SELF_SCOPED:
            continue
        for other in FOREIGN[user]:
            r = _request(c, method, path, squad.athlete_ids[other], results[other])
            assert r.status_code == 403, f"{user}: {method} {path} for {other} gave {r.status_code}"
            checked += 1
    assert checked >= 30 * len(FOREIGN[user])
    assert _counts(store) == before  # nothing written anywhere
    # the same requests for their own athlete are let through (the matrix can fail)
    own = {"coach_red": "Ada", "coach_blue": "Cy", "ada": "Ada", "cy": "Cy"}[user]
    r = _request(c, "GET", "/api/v1/athletes/{athlete_id}", squad.athlete_ids[own], results[own])
    assert r.status_code == 200
    r = _request(c, "GET", "/api/v1/results/{result_id}", squad.athlete_ids[own], results[own])
    assert r.status_code == 200


def test_lists_hold_only_the_accounts_athletes(make_client, squad) -> None:
    for user, seen in (("coach_red", {"Ada", "Bob"}), ("coach_blue", {"Cy"}), ("ada", {"Ada"}),
                       ("admin", {"Ada", "Bob", "Cy"})):  # fmt: skip
        c = make_client(user)
        names = {a["name"] for a in c.get("/api/v1/athletes").json()["items"]}
        assert names == seen
        page = c.get("/squad", headers={"accept": "text/html"}).text
        for name in {"Ada", "Bob", "Cy"} - seen:
            assert f">{name}<" not in page
        sq = c.get("/api/v1/squad/readiness").json()
        assert set(sq["skipped"]) | {a["athlete"] for a in sq["athletes"]} <= seen
    # a coach adds athletes only to their own team; an athlete cannot add any
    c = make_client("coach_red")
    r = c.post("/api/v1/athletes", json={"name": "Eve", "team": "Blue"},
               headers={"X-CSRF-Token": c.csrf})  # fmt: skip
    assert r.status_code == 403
    c = make_client("ada")
    r = c.post("/api/v1/athletes", json={"name": "Eve"}, headers={"X-CSRF-Token": c.csrf})
    assert r.status_code == 403
    assert "Eve" not in {a.name for a in squad.store.list_athletes()}


def test_athletes_cannot_manage_their_own_plan(make_client, squad) -> None:
    c = make_client("ada")
    aid = squad.athlete_ids["Ada"]
    r = c.post(
        f"/api/v1/athletes/{aid}/plans", json=JSON["plans"], headers={"X-CSRF-Token": c.csrf}
    )
    assert r.status_code == 403
    assert c.get("/reports/squad.pdf").status_code == 403


def test_unauthenticated_requests_get_401_or_the_login_page(make_client, squad) -> None:
    c = make_client(None)
    for method, path in _routes(c.app):
        r = _request(c, method, path, squad.athlete_ids["Ada"], 1)
        if path.startswith("/api/"):
            assert r.status_code == 401, f"{method} {path}: {r.status_code}"
        elif method == "GET":
            assert r.status_code == 303 and r.headers["location"].startswith("/login?next="), path
        else:  # a form post without a session: refused, nothing written
            assert r.status_code in (303, 401, 403), f"{method} {path}: {r.status_code}"
    assert _counts(squad.store)["set_logs"] == 0
