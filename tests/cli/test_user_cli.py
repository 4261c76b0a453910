"""`neurolift user` / `team` / `serve`: accounts made on the command line work in the web app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from argon2 import PasswordHasher, profiles
from typer.testing import CliRunner

from neurolift.cli.main import app
from neurolift.store import Store
from neurolift.store import accounts_repo as acc

runner = CliRunner()
PW = "correct horse battery"


@pytest.fixture(autouse=True)
def cheap(monkeypatch):
    monkeypatch.setattr(acc, "_hasher", PasswordHasher.from_parameters(profiles.CHEAPEST))


def run(url: str, *args, stdin: str | None = None):
    return runner.invoke(app, [*map(str, args), "--database-url", url, "-f", "json"], input=stdin)


def test_first_admin_coach_team_invitation_and_token(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'u.sqlite3'}"
    r = run(url, "user", "add", "root", "--password-stdin", stdin=PW + "\n")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["role"] == "admin"
    assert (
        run(url, "user", "add", "coach", "--role", "coach", "--password-stdin", stdin=PW).exit_code
        == 0
    )
    assert run(url, "athlete", "add", "--athlete", "Ada").exit_code == 0
    assert run(url, "team", "add", "Red").exit_code == 0
    assert run(url, "team", "coach", "Red", "coach").exit_code == 0
    assert run(url, "team", "athlete", "Red", "--athlete", "Ada").exit_code == 0
    teams = json.loads(run(url, "team", "list").stdout)
    assert teams[0]["coaches"] == ["coach"] and teams[0]["athletes"] == ["Ada"]
    code = json.loads(run(url, "user", "invite", "--athlete", "Ada").stdout)["code"]
    store = Store(url)
    assert acc.invitation_accept(store, code, "ada", PW).role == "athlete"
    tok = json.loads(run(url, "user", "token", "coach", "--name", "rack 2").stdout)["token"]
    assert acc.token_resolve(store, tok, kind="api").account.athlete_ids == frozenset(
        {store.get_athlete("Ada").id}
    )
    users = json.loads(run(url, "user", "list").stdout)
    assert [u["username"] for u in users] == ["ada", "coach", "root"]
    r = run(url, "user", "password", "root", "--password-stdin", stdin="another long one\n")
    assert r.exit_code == 0
    assert acc.account_login(store, "root", "another long one", client="t").role == "admin"


def test_errors_are_one_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'u.sqlite3'}"
    r = run(url, "user", "add", "root", "--password-stdin", stdin="short\n")
    assert r.exit_code == 2 and r.stderr.startswith("error: password must have at least 10")
    r = run(url, "user", "add", "x", "--role", "athlete", "--password-stdin", stdin=PW)
    assert r.exit_code == 2 and "athlete record" in r.stderr
    r = run(url, "team", "coach", "Nope", "nobody")
    assert r.exit_code == 2 and r.stderr.count("\n") == 1


def test_serve_refuses_several_workers_on_sqlite(tmp_path: Path) -> None:
    r = runner.invoke(
        app, ["serve", "--workers", "2", "--database-url", f"sqlite:///{tmp_path / 's.db'}"]
    )
    assert r.exit_code == 2 and "needs PostgreSQL" in r.stderr
