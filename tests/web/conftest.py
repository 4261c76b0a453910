"""Fixtures of the web tests: a squad with every role, logged-in in-memory clients, a real
uvicorn server (SQLite or PostgreSQL) and one headless Debian Chromium driven by Playwright."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from neurolift.store import Store
from neurolift.store import accounts_repo as accounts

PASSWORD = "correct horse battery"
CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
PG_URL_FILE = ROOT / ".pgtest" / "url"


@pytest.fixture(autouse=True)
def cheap_passwords(monkeypatch):
    """Argon2 at its cheapest for test users (the app verifies any stored parameters)."""
    from argon2 import PasswordHasher, profiles

    monkeypatch.setattr(accounts, "_hasher", PasswordHasher.from_parameters(profiles.CHEAPEST))
    monkeypatch.setattr(accounts, "_dummy", [])


@dataclass
class Squad:
    """Two teams. Red: coach_red with Ada (who has the account `ada`) and Bob. Blue: coach_blue
    with Cy (account `cy`). Plus `admin`. Ids by athlete name."""

    store: Store
    athlete_ids: dict[str, int] = field(default_factory=dict)
    users: tuple[str, ...] = ("admin", "coach_red", "coach_blue", "ada", "cy")


def build_squad(store: Store) -> Squad:
    from argon2 import PasswordHasher, profiles

    cheap = PasswordHasher.from_parameters(profiles.CHEAPEST)
    saved, accounts._hasher = accounts._hasher, cheap
    try:
        sq = Squad(store)
        for name in ("Ada", "Bob", "Cy"):
            sq.athlete_ids[name] = store.add_athlete(name, body_mass_kg=70, level="intermediate").id
        for team in ("Red", "Blue"):
            accounts.team_add(store, team)
        for name, team in (("Ada", "Red"), ("Bob", "Red"), ("Cy", "Blue")):
            accounts.team_add_athlete(store, team, name)
        accounts.user_add(store, "admin", PASSWORD, role="admin")
        for coach, team in (("coach_red", "Red"), ("coach_blue", "Blue")):
            accounts.user_add(store, coach, PASSWORD, role="coach")
            accounts.team_add_coach(store, team, coach)
        accounts.user_add(store, "ada", PASSWORD, role="athlete", athlete="Ada")
        accounts.user_add(store, "cy", PASSWORD, role="athlete", athlete="Cy")
    finally:
        accounts._hasher = saved
    return sq


@pytest.fixture
def squad(store) -> Squad:
    """The squad on a real store (SQLite file and PostgreSQL: ``store`` is parametrised)."""
    return build_squad(store)


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, "no CSRF token in the page"
    return m.group(1)


def login(client, username: str, password: str = PASSWORD) -> str:
    """Log a TestClient in through the login form; returns the session's CSRF token."""
    page = client.get("/login")
    r = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    return csrf_of(client.get("/squad", headers={"accept": "text/html"}).text)


@pytest.fixture
def make_client(squad):
    """``make_client(username or None)`` -> an in-memory client of an app on the squad's store,
    logged in (with ``client.csrf`` set) unless None."""
    from fastapi.testclient import TestClient

    from neurolift.web import Settings, create_app

    app = create_app(Settings(database_url=squad.store.url), store=squad.store)
    clients = []

    def make(username: str | None):
        c = TestClient(app)
        c.__enter__()
        clients.append(c)
        c.csrf = login(c, username) if username else None
        return c

    yield make
    for c in clients:
        c.__exit__(None, None, None)


def seed_history(store: Store) -> None:
    """Ten ordinary mornings for Ada (a wellness baseline) and Bob's profile with 1RMs."""
    import datetime as dt

    from neurolift.store.training_repo import log_save, profile_save
    from neurolift.training.athlete import athlete_profile
    from neurolift.training.traininglog import TrainingLog, log_wellness

    today = dt.date.today()
    mornings = tuple(
        log_wellness(date=today - dt.timedelta(days=k), sleep_h=8 - 0.1 * (k % 3), sleep_quality=4,
                     energy=4, mood=4, stress=2, soreness=2)
        for k in range(10, 0, -1)
    )  # fmt: skip
    log_save(store, TrainingLog("Ada", wellness=mornings))
    profile_save(
        store,
        athlete_profile("Bob", level="intermediate", body_mass_kg=80,
                        one_rms={"back_squat": 140, "bench_press": 90}),
    )  # fmt: skip


# -- a real server ---------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LiveServer:
    url: str
    database_url: str
    process: subprocess.Popen
    squad: Squad

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        if self.process.stderr is not None:
            self.process.stderr.close()


def start_server(database_url: str, *, squad: Squad, extra_env: dict | None = None) -> LiveServer:
    """uvicorn with the app factory on a free loopback port; waits until it answers."""
    port = free_port()
    env = dict(os.environ, NEUROLIFT_DATABASE_URL=database_url, **(extra_env or {}))
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "neurolift.web.app:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(url + "/login", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            err = proc.stderr.read().decode() if proc.stderr else ""
            pytest.fail(f"the app did not start: {err[-2000:]}")
        time.sleep(0.2)
    return LiveServer(url, database_url, proc, squad)


def _pg_schema_url() -> tuple[str, object] | None:
    if not PG_URL_FILE.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but no PostgreSQL server was started (scripts/test-services.sh)")
        return None
    import sqlalchemy as sa

    base = PG_URL_FILE.read_text().strip()
    schema = f"w_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(base)
    with engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))

    def drop() -> None:
        with engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()

    return f"{base}?options=-csearch_path%3D{schema}", drop


@pytest.fixture(scope="session", params=["sqlite"])
def live_server(request, tmp_path_factory) -> Iterator[LiveServer]:
    """One real server per test session (per xdist worker) on a fresh store with the squad."""
    yield from _live(request.param, tmp_path_factory)


@pytest.fixture(scope="session")
def live_server_pg(tmp_path_factory) -> Iterator[LiveServer]:
    yield from _live("postgresql", tmp_path_factory)


def _live(backend: str, tmp_path_factory) -> Iterator[LiveServer]:
    drop = None
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('live') / 'neurolift.sqlite3'}"
    else:
        made = _pg_schema_url()
        if made is None:
            pytest.skip("no PostgreSQL server (run `make test`, which starts one)")
        url, drop = made
    store = Store(url)
    squad = build_squad(store)
    seed_history(store)
    server = start_server(url, squad=squad)
    yield server
    server.stop()
    store.engine.dispose()
    if drop is not None:
        drop()


# -- the browser -----------------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser_context():
    """One headless Debian Chromium for the whole session, with a fresh profile directory."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {CHROMIUM} is missing (scripts/test-services.sh installs it)")
        pytest.skip(f"{CHROMIUM} is not installed (run `make test`, which installs it)")
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="neurolift-chromium-")
    pw = sync_playwright().start()
    context = pw.chromium.launch_persistent_context(
        profile,
        executable_path=CHROMIUM,
        headless=True,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(90_000)  # a loaded 2-core machine: slow, not wrong
    yield context
    context.close()
    pw.stop()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(browser_context):
    """A new tab with no cookies (so each test logs in as whom it needs)."""
    browser_context.clear_cookies()
    p = browser_context.new_page()
    yield p
    p.close()


def browser_login(page, base_url: str, username: str, password: str = PASSWORD) -> None:
    page.goto(base_url + "/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


@pytest.fixture(scope="session")
def h():
    """The helpers above, for test modules (conftest modules are not imported by name)."""
    import types

    return types.SimpleNamespace(
        PASSWORD=PASSWORD,
        csrf_of=csrf_of,
        login=login,
        browser_login=browser_login,
        build_squad=build_squad,
        start_server=start_server,
    )
