"""Accounts on a real store (SQLite file and PostgreSQL): hashing, logins and their rate limit,
invitations, tokens, and who sees which athletes."""

from __future__ import annotations

import datetime as dt

import pytest
from argon2 import PasswordHasher, profiles
from sqlalchemy import select

from neurolift.errors import (
    AuthenticationError,
    ConflictError,
    InvalidParameterError,
    RateLimitError,
)
from neurolift.store import accounts_repo as acc
from neurolift.store.accounts_models import AuthToken, LoginAttempt, User

PW = "correct horse battery"


@pytest.fixture(autouse=True)
def cheap(monkeypatch):
    monkeypatch.setattr(acc, "_hasher", PasswordHasher.from_parameters(profiles.CHEAPEST))
    monkeypatch.setattr(acc, "_dummy", [])


def test_passwords_are_argon2id_hashes_never_plain(store, monkeypatch) -> None:
    monkeypatch.setattr(acc, "_hasher", PasswordHasher())  # the production parameters
    acc.user_add(store, "root", PW, role="admin")
    with store.session() as s:
        stored = s.scalar(select(User.password_hash))
    assert stored.startswith("$argon2id$") and PW not in stored
    assert "m=65536,t=3,p=4" in stored  # RFC 9106 low-memory profile (argon2-cffi's default)
    assert acc.account_login(store, "root", PW, client="c").role == "admin"


def test_user_rules(store) -> None:
    store.add_athlete("Ada")
    with pytest.raises(InvalidParameterError, match="at least 10"):
        acc.user_add(store, "x", "short", role="admin")
    with pytest.raises(InvalidParameterError, match="role"):
        acc.user_add(store, "x", PW, role="root")
    with pytest.raises(InvalidParameterError, match="athlete record"):
        acc.user_add(store, "x", PW, role="athlete")
    acc.user_add(store, "ada", PW, role="athlete", athlete="Ada")
    with pytest.raises(ConflictError):
        acc.user_add(store, "ada", PW, role="admin")
    with pytest.raises(ConflictError, match="already has an account"):
        acc.user_add(store, "ada2", PW, role="athlete", athlete="Ada")


def test_wrong_password_and_unknown_user_give_the_same_error(store) -> None:
    acc.user_add(store, "root", PW, role="admin")
    for name, pw in (("root", "wrong password!"), ("nobody", PW)):
        with pytest.raises(AuthenticationError, match="wrong user name or password"):
            acc.account_login(store, name, pw, client="c")


def test_login_is_rate_limited_per_user_and_per_client(store) -> None:
    acc.user_add(store, "root", PW, role="admin")
    for _ in range(acc.LOGIN_MAX_FAILURES_PER_USER):
        with pytest.raises(AuthenticationError):
            acc.account_login(store, "root", "wrong password!", client="10.0.0.1")
    # now even the right password is refused (not checked) until the window passes
    with pytest.raises(RateLimitError):
        acc.account_login(store, "root", PW, client="10.0.0.2")
    # the window passing (attempts aged past it) lets the user in again
    with store.session() as s:
        for a in s.scalars(select(LoginAttempt)):
            a.attempted_at = a.attempted_at - acc.LOGIN_WINDOW - dt.timedelta(seconds=1)
    assert acc.account_login(store, "root", PW, client="10.0.0.2").username == "root"
    # one client guessing many names is limited too
    for i in range(acc.LOGIN_MAX_FAILURES_PER_CLIENT):
        with pytest.raises(AuthenticationError):
            acc.account_login(store, f"guess{i}", "wrong password!", client="10.0.0.9")
    with pytest.raises(RateLimitError):
        acc.account_login(store, "root", PW, client="10.0.0.9")


def test_a_success_resets_the_count(store) -> None:
    acc.user_add(store, "root", PW, role="admin")
    for _ in range(3):
        for _ in range(acc.LOGIN_MAX_FAILURES_PER_USER - 1):
            with pytest.raises(AuthenticationError):
                acc.account_login(store, "root", "wrong password!", client="c")
        acc.account_login(store, "root", PW, client="c")


def test_invitation_links_an_account_once(store) -> None:
    store.add_athlete("Ada")
    code = acc.invitation_create(store, "Ada")
    a = acc.invitation_accept(store, code, "ada", PW)
    assert a.role == "athlete" and a.athlete_ids == frozenset({store.get_athlete("Ada").id})
    with pytest.raises(AuthenticationError, match="unknown, used or expired"):
        acc.invitation_accept(store, code, "ada2", PW)
    with pytest.raises(ConflictError):
        acc.invitation_create(store, "Ada")
    store.add_athlete("Bob")
    old = acc.invitation_create(store, "Bob", valid_for=dt.timedelta(seconds=-1))
    with pytest.raises(AuthenticationError):
        acc.invitation_accept(store, old, "bob", PW)


def test_tokens_are_stored_hashed_and_can_be_revoked(store) -> None:
    admin = acc.user_add(store, "root", PW, role="admin")
    secret, info = acc.token_create(store, admin.id, kind="api", name="rack 2")
    with store.session() as s:
        row = s.scalar(select(AuthToken))
        assert (
            row.token_hash != secret and secret not in row.token_hash and len(row.token_hash) == 64
        )
    assert acc.token_resolve(store, secret, kind="api").account.username == "root"
    with pytest.raises(AuthenticationError):  # an API token is not a session
        acc.token_resolve(store, secret, kind="session")
    acc.token_revoke(store, secret)
    with pytest.raises(AuthenticationError):
        acc.token_resolve(store, secret, kind="api")
    expired, _ = acc.token_create(
        store, admin.id, kind="session", valid_for=dt.timedelta(seconds=-1)
    )
    with pytest.raises(AuthenticationError, match="expired"):
        acc.token_resolve(store, expired, kind="session")


def test_scopes_admin_coach_athlete(store) -> None:
    ids = {n: store.add_athlete(n).id for n in ("Ada", "Bob", "Cy")}
    acc.team_add(store, "Red")
    acc.team_add(store, "Blue")
    acc.team_add_athlete(store, "Red", "Ada")
    acc.team_add_athlete(store, "Red", "Bob")
    acc.team_add_athlete(store, "Blue", "Cy")
    acc.user_add(store, "root", PW, role="admin")
    acc.user_add(store, "coach", PW, role="coach")
    acc.team_add_coach(store, "Red", "coach")
    acc.user_add(store, "cy", PW, role="athlete", athlete="Cy")
    assert acc.user_get(store, "root").athlete_ids is None
    coach = acc.user_get(store, "coach")
    assert coach.athlete_ids == frozenset({ids["Ada"], ids["Bob"]})
    assert [a.name for a in acc.athletes_visible(store, coach)] == ["Ada", "Bob"]
    assert acc.user_get(store, "cy").athlete_ids == frozenset({ids["Cy"]})
    with pytest.raises(InvalidParameterError, match="not a coach"):
        acc.team_add_coach(store, "Blue", "cy")
    assert acc.team_list(store)[1] == {
        "id": acc.team_list(store)[1]["id"],
        "name": "Red",
        "coaches": ["coach"],
        "athletes": ["Ada", "Bob"],
    }
