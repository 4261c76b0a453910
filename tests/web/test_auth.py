"""Logging in and out, sessions, API tokens, CSRF, cookie flags and the login rate limit,
through the app (in-memory client) on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from neurolift.store import accounts_repo as acc


def test_unauthenticated_pages_redirect_to_login_and_api_says_401(make_client, h) -> None:
    c = make_client(None)
    r = c.get("/squad", headers={"accept": "text/html"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=%2Fsquad"
    r = c.get("/api/v1/athletes")
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    assert r.json() == {
        "error": {
            "type": "AuthenticationError",
            "message": "log in first (or send an API token as 'Authorization: Bearer')",
            "status": 401,
        }
    }


def test_login_sets_a_hardened_session_cookie_and_logout_ends_it(make_client, h) -> None:
    c = make_client(None)
    page = c.get("/login")
    r = c.post(
        "/login",
        data={"username": "coach_red", "password": h.PASSWORD, "csrf_token": h.csrf_of(page.text)},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/"
    cookie = r.headers["set-cookie"]
    assert "neurolift_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Secure" not in cookie  # plain http (tests); https gets Secure, see below
    assert c.get("/api/v1/me").json()["username"] == "coach_red"
    token = h.csrf_of(c.get("/squad", headers={"accept": "text/html"}).text)
    assert c.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    c.cookies.set("neurolift_session", r.cookies["neurolift_session"])  # replaying the old one
    assert c.get("/api/v1/me").status_code == 401


def test_secure_cookie_over_https(squad, h) -> None:
    from fastapi.testclient import TestClient

    from neurolift.web import Settings, create_app

    app = create_app(Settings(database_url=squad.store.url), store=squad.store)
    with TestClient(app, base_url="https://testserver") as c:
        page = c.get("/login")
        assert "Secure" in page.headers["set-cookie"]
        r = c.post(
            "/login",
            data={"username": "admin", "password": h.PASSWORD, "csrf_token": h.csrf_of(page.text)},
            follow_redirects=False,
        )
        assert "Secure" in r.headers["set-cookie"] and "HttpOnly" in r.headers["set-cookie"]


def test_wrong_password_shows_one_line_and_no_session(make_client, h) -> None:
    c = make_client(None)
    page = c.get("/login")
    r = c.post(
        "/login",
        data={"username": "admin", "password": "not it at all", "csrf_token": h.csrf_of(page.text)},
    )
    assert r.status_code == 401 and "error: wrong user name or password" in r.text
    assert "neurolift_session" not in c.cookies


def test_forms_without_csrf_token_are_refused(make_client, h) -> None:
    anon = make_client(None)
    anon.get("/login")
    r = anon.post("/login", data={"username": "admin", "password": h.PASSWORD})
    assert r.status_code == 403 and "CSRF" in r.text
    c = make_client("admin")
    r = c.post("/logout", follow_redirects=False)
    assert r.status_code == 403 and c.get("/api/v1/me").status_code == 200  # still logged in
    r = c.post("/logout", data={"csrf_token": "forged"}, follow_redirects=False)
    assert r.status_code == 403
    r = c.post("/api/v1/athletes", json={"name": "Eve"})  # JSON with the cookie: needs the header
    assert r.status_code == 403 and r.json()["error"]["type"] == "PermissionDeniedError"
    r = c.post("/api/v1/athletes", json={"name": "Eve"}, headers={"X-CSRF-Token": c.csrf})
    assert r.status_code == 201


def test_api_token_needs_no_csrf_and_can_be_revoked(make_client, squad, h) -> None:
    c = make_client(None)
    uid = acc.user_get(squad.store, "coach_red").id
    secret, _ = acc.token_create(squad.store, uid, kind="api", name="encoder")
    h = {"Authorization": f"Bearer {secret}"}
    assert c.get("/api/v1/me", headers=h).json()["role"] == "coach"
    r = c.post("/api/v1/athletes", json={"name": "Dan"}, headers=h)
    assert r.status_code == 201 and r.json()["name"] == "Dan"
    assert [t["athletes"] for t in acc.team_list(squad.store) if t["name"] == "Red"] == [
        ["Ada", "Bob", "Dan"]
    ]
    for bad in ("Bearer nope", "Basic abc", "Bearer "):
        assert c.get("/api/v1/me", headers={"Authorization": bad}).status_code == 401
    acc.token_revoke(squad.store, secret)
    assert c.get("/api/v1/me", headers=h).status_code == 401


def test_login_rate_limited_through_the_form(make_client, h) -> None:
    c = make_client(None)
    token = h.csrf_of(c.get("/login").text)
    statuses = []
    for _ in range(acc.LOGIN_MAX_FAILURES_PER_USER + 1):
        r = c.post(
            "/login", data={"username": "ada", "password": "bad guess!!", "csrf_token": token}
        )
        statuses.append(r.status_code)
    assert statuses == [401] * acc.LOGIN_MAX_FAILURES_PER_USER + [429]
    r = c.post("/login", data={"username": "ada", "password": h.PASSWORD, "csrf_token": token})
    assert r.status_code == 429 and "too many failed logins" in r.text


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example", "/\\evil"])
def test_login_never_redirects_off_site(make_client, target, h) -> None:
    c = make_client(None)
    token = h.csrf_of(c.get("/login").text)
    r = c.post(
        "/login",
        data={"username": "admin", "password": h.PASSWORD, "csrf_token": token, "next": target},
        follow_redirects=False,
    )
    assert r.headers["location"] == "/"


def test_invitation_through_the_join_page(make_client, squad, h) -> None:
    code = acc.invitation_create(squad.store, "Bob")
    c = make_client(None)
    page = c.get(f"/join?code={code}")
    assert code in page.text
    r = c.post(
        "/join",
        data={
            "code": code,
            "username": "bob",
            "password": h.PASSWORD,
            "csrf_token": h.csrf_of(page.text),
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    bob = acc.user_get(squad.store, "bob")
    assert bob.role == "athlete" and bob.athlete_ids == frozenset({squad.athlete_ids["Bob"]})
