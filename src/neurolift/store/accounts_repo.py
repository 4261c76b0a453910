"""Accounts on a :class:`~neurolift.store.Store`: users, teams, invitations, tokens, logins.

Passwords are hashed with Argon2id (argon2-cffi's defaults, RFC 9106 low-memory profile);
session and API token secrets are 256-bit random strings of which only the SHA-256 is stored
(a fast hash is enough for a secret with that much entropy; a stolen table gives no token).

Who may see what is decided from :class:`Account`: an admin sees every athlete, a coach the
athletes on their teams, an athlete only their own record (``Account.athlete_ids``). The web
app's one authorisation function (``neurolift.web.auth.authorize``) reads that field; nothing
else decides access.

Examples
--------
>>> from neurolift.store import Store
>>> store = Store("sqlite://")
>>> admin = user_add(store, "root", "a long enough secret", role="admin")
>>> account_login(store, "root", "a long enough secret", client="127.0.0.1").role
'admin'
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any, Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select

from neurolift._deprecation import deprecated_alias
from neurolift._results import to_plain
from neurolift.errors import (
    AuthenticationError,
    ConflictError,
    InvalidParameterError,
    NotFoundError,
    RateLimitError,
)
from neurolift.store.accounts_models import (
    AuthToken,
    Invitation,
    LoginAttempt,
    Team,
    TeamAthlete,
    TeamCoach,
    User,
)
from neurolift.store.models import Athlete
from neurolift.store.repository import AthleteRecord, Store

__all__ = [
    "ROLES",
    "Account",
    "TokenInfo",
    "user_add",
    "user_get",
    "user_list",
    "user_set_password",
    "account_login",
    "team_add",
    "team_list",
    "team_add_coach",
    "team_add_athlete",
    "team_mates",
    "invitation_create",
    "invitation_accept",
    "token_create",
    "token_resolve",
    "token_revoke",
    "account_load",
    "athletes_visible",
    "LOGIN_WINDOW",
    "LOGIN_MAX_FAILURES_PER_USER",
    "LOGIN_MAX_FAILURES_PER_CLIENT",
]

Role = Literal["admin", "coach", "athlete"]
ROLES: tuple[str, ...] = ("admin", "coach", "athlete")
MIN_PASSWORD_LENGTH = 10
# Login rate limit: failures since the last success within the window, per name and per client
LOGIN_WINDOW = dt.timedelta(minutes=15)
LOGIN_MAX_FAILURES_PER_USER = 5
LOGIN_MAX_FAILURES_PER_CLIENT = 20

_hasher = PasswordHasher()
_dummy: list[str] = []


def _dummy_hash() -> str:
    """Verified when the user name is unknown, so a wrong name costs as long as a wrong
    password (made on first use: hashing costs time on every CLI start otherwise)."""
    if not _dummy:
        _dummy.append(_hasher.hash("neurolift: no such user"))
    return _dummy[0]


@dataclass(frozen=True)
class Account:
    """A user as the app sees it after authentication.

    ``athlete_ids`` is ``None`` for an admin (every athlete); otherwise the ids this account may
    read and write: a coach's team athletes, an athlete's own record.
    """

    id: int
    username: str
    role: str
    athlete_id: int | None
    team_ids: frozenset[int]
    athlete_ids: frozenset[int] | None

    def can_access(self, athlete_id: int) -> bool:
        return self.athlete_ids is None or athlete_id in self.athlete_ids

    def to_dict(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["team_ids"] = sorted(self.team_ids)
        d["athlete_ids"] = None if self.athlete_ids is None else sorted(self.athlete_ids)
        return to_plain(d)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(t: dt.datetime) -> dt.datetime:  # SQLite gives naive datetimes back (stored as UTC)
    return t if t.tzinfo is not None else t.replace(tzinfo=dt.UTC)


def _sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise InvalidParameterError(
            f"password must have at least {MIN_PASSWORD_LENGTH} characters, got {len(password or '')}"
        )
    if len(password) > 1024:
        raise InvalidParameterError("password must have at most 1024 characters")


def _check_username(username: str) -> str:
    name = (username or "").strip()
    if not name or len(name) > 200 or any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise InvalidParameterError(
            f"user name must be 1-200 printable characters, got {username!r}"
        )
    return name


def _user_row(s: Any, username: str) -> User:
    row = s.scalar(select(User).where(User.username == username))
    if row is None:
        raise NotFoundError(f"no user named {username!r}; add one with `neurolift user add`")
    return row


def _athlete_id(s: Any, athlete: str) -> int:
    return Store._athlete_row(s, athlete).id


def _account(s: Any, row: User) -> Account:
    if row.role == "admin":
        return Account(row.id, row.username, row.role, row.athlete_id, frozenset(), None)
    if row.role == "coach":
        teams = frozenset(s.scalars(select(TeamCoach.team_id).where(TeamCoach.user_id == row.id)))
        ids = frozenset(
            s.scalars(select(TeamAthlete.athlete_id).where(TeamAthlete.team_id.in_(teams)))
        )
        return Account(row.id, row.username, row.role, None, teams, ids)
    own = frozenset() if row.athlete_id is None else frozenset({row.athlete_id})
    teams = frozenset(
        s.scalars(select(TeamAthlete.team_id).where(TeamAthlete.athlete_id == row.athlete_id))
    )
    return Account(row.id, row.username, row.role, row.athlete_id, teams, own)


# -- users -----------------------------------------------------------------------------------
def user_add(
    store: Store, username: str, password: str, *, role: str, athlete: str | None = None
) -> Account:
    """Create a user. An ``athlete`` account must name its athlete record (one account each)."""
    username = _check_username(username)
    if role not in ROLES:
        raise InvalidParameterError(f"user_add: role must be one of {ROLES}, got {role!r}")
    if (role == "athlete") != (athlete is not None):
        raise InvalidParameterError(
            "user_add: an athlete account needs an athlete record (--athlete), other roles none"
        )
    _check_password(password)
    digest = _hasher.hash(password)
    with store.session() as s:
        if s.scalar(select(User.id).where(User.username == username)) is not None:
            raise ConflictError(f"user_add: a user named {username!r} already exists")
        aid = _athlete_id(s, athlete) if athlete is not None else None
        if aid is not None and s.scalar(select(User.id).where(User.athlete_id == aid)):
            raise ConflictError(f"user_add: athlete {athlete!r} already has an account")
        row = User(username=username, password_hash=digest, role=role, athlete_id=aid, active=True)
        s.add(row)
        s.flush()
        return _account(s, row)


def user_get(store: Store, username: str) -> Account:
    with store.session(write=False) as s:
        return _account(s, _user_row(s, username))


def user_list(store: Store) -> list[Account]:
    with store.session(write=False) as s:
        return [_account(s, r) for r in s.scalars(select(User).order_by(User.username))]


def user_set_password(store: Store, username: str, password: str) -> None:
    """Set a new password and end the user's browser sessions."""
    _check_password(password)
    digest = _hasher.hash(password)
    with store.session() as s:
        row = _user_row(s, username)
        row.password_hash = digest
        s.execute(delete(AuthToken).where(AuthToken.user_id == row.id, AuthToken.kind == "session"))


def account_load(store: Store, user_id: int) -> Account:
    with store.session(write=False) as s:
        row = s.get(User, user_id)
        if row is None or not row.active:
            raise AuthenticationError("the account no longer exists or is disabled")
        return _account(s, row)


def athletes_visible(store: Store, account: Account) -> list[AthleteRecord]:
    """The athlete records ``account`` may see, by name."""
    return store.list_athletes(ids=account.athlete_ids)


def account_login(store: Store, username: str, password: str, *, client: str) -> Account:
    """Check a password, rate-limited per user name and per client address.

    More than ``LOGIN_MAX_FAILURES_PER_USER`` failures for one name (or
    ``LOGIN_MAX_FAILURES_PER_CLIENT`` from one client) since the last success within
    ``LOGIN_WINDOW`` refuse further tries with :class:`RateLimitError` until the window passes,
    without checking the password. Every try is recorded.
    """
    username = (username or "").strip()[:200]
    client = (client or "unknown")[:64]
    since = _now() - LOGIN_WINDOW
    with store.session() as s:

        def failures(col: Any, value: str) -> int:
            last_ok = s.scalar(
                select(func.max(LoginAttempt.attempted_at)).where(
                    col == value, LoginAttempt.success.is_(True)
                )
            )
            start = max(since, _aware(last_ok)) if last_ok is not None else since
            return int(
                s.scalar(
                    select(func.count()).where(
                        col == value,
                        LoginAttempt.success.is_(False),
                        LoginAttempt.attempted_at > start,
                    )
                )
                or 0
            )

        if (
            failures(LoginAttempt.username, username) >= LOGIN_MAX_FAILURES_PER_USER
            or failures(LoginAttempt.client, client) >= LOGIN_MAX_FAILURES_PER_CLIENT
        ):
            raise RateLimitError(
                "too many failed logins; wait "
                f"{int(LOGIN_WINDOW.total_seconds() // 60)} minutes and try again"
            )
        row = s.scalar(select(User).where(User.username == username))
        ok = False
        try:
            ok = _hasher.verify(row.password_hash if row else _dummy_hash(), password or "")
        except (VerificationError, InvalidHashError):
            ok = False
        ok = ok and row is not None and row.active
        s.add(LoginAttempt(username=username, client=client, success=ok, attempted_at=_now()))
        account = _account(s, row) if ok and row is not None else None
    if account is None:
        raise AuthenticationError("wrong user name or password")
    return account


# -- teams -----------------------------------------------------------------------------------
def team_add(store: Store, name: str) -> int:
    name = _check_username(name)
    with store.session() as s:
        if s.scalar(select(Team.id).where(Team.name == name)) is not None:
            raise ConflictError(f"team_add: a team named {name!r} already exists")
        row = Team(name=name)
        s.add(row)
        s.flush()
        return int(row.id)


def team_list(store: Store, *, ids: frozenset[int] | None = None) -> list[dict[str, Any]]:
    """Teams (all, or those in ``ids``) with their coaches' user names and athletes' names."""
    with store.session(write=False) as s:
        q = select(Team).order_by(Team.name)
        if ids is not None:
            q = q.where(Team.id.in_(ids))
        out = []
        for t in s.scalars(q):
            coaches = s.scalars(
                select(User.username)
                .join(TeamCoach, TeamCoach.user_id == User.id)
                .where(TeamCoach.team_id == t.id)
                .order_by(User.username)
            )
            athletes = s.scalars(
                select(Athlete.name)
                .join(TeamAthlete, TeamAthlete.athlete_id == Athlete.id)
                .where(TeamAthlete.team_id == t.id)
                .order_by(Athlete.name)
            )
            out.append(
                {"id": t.id, "name": t.name, "coaches": list(coaches), "athletes": list(athletes)}
            )
        return out


def team_mates(store: Store) -> dict[str, frozenset[str]]:
    """Each athlete on a team -> the names of every athlete sharing one of their teams
    (themselves included); athletes on no team are left out. One query."""
    members: dict[int, set[str]] = {}
    teams_of: dict[str, set[int]] = {}
    with store.session(write=False) as s:
        rows = s.execute(
            select(TeamAthlete.team_id, Athlete.name).join(
                Athlete, Athlete.id == TeamAthlete.athlete_id
            )
        )
        for team, name in rows:
            members.setdefault(team, set()).add(name)
            teams_of.setdefault(name, set()).add(team)
    return {
        name: frozenset().union(*(members[t] for t in teams)) for name, teams in teams_of.items()
    }


def _team_row(s: Any, team: str) -> Team:
    row = s.scalar(select(Team).where(Team.name == team))
    if row is None:
        raise NotFoundError(f"no team named {team!r}; add one with `neurolift user team-add`")
    return row


def team_add_coach(store: Store, team: str, username: str) -> None:
    with store.session() as s:
        t, u = _team_row(s, team), _user_row(s, username)
        if u.role != "coach":
            raise InvalidParameterError(f"team_add_coach: {username!r} is a {u.role}, not a coach")
        if s.scalar(
            select(TeamCoach.id).where(TeamCoach.team_id == t.id, TeamCoach.user_id == u.id)
        ):
            return
        s.add(TeamCoach(team_id=t.id, user_id=u.id))


def team_add_athlete(store: Store, team: str, athlete: str) -> None:
    with store.session() as s:
        t, aid = _team_row(s, team), _athlete_id(s, athlete)
        if s.scalar(
            select(TeamAthlete.id).where(TeamAthlete.team_id == t.id, TeamAthlete.athlete_id == aid)
        ):
            return
        s.add(TeamAthlete(team_id=t.id, athlete_id=aid))


# -- invitations -----------------------------------------------------------------------------
def invitation_create(
    store: Store,
    athlete: str,
    *,
    created_by: int | None = None,
    valid_for: dt.timedelta = dt.timedelta(days=7),
) -> str:
    """A one-time code for the athlete to create their account (returned once, stored hashed)."""
    code = secrets.token_urlsafe(24)
    with store.session() as s:
        aid = _athlete_id(s, athlete)
        if s.scalar(select(User.id).where(User.athlete_id == aid)):
            raise ConflictError(f"invitation_create: athlete {athlete!r} already has an account")
        s.add(
            Invitation(
                code_hash=_sha256(code),
                athlete_id=aid,
                created_by=created_by,
                created_at=_now(),
                expires_at=_now() + valid_for,
            )
        )
    return code


def invitation_accept(store: Store, code: str, username: str, password: str) -> Account:
    """Create the athlete account the invitation is for; the code works once."""
    username = _check_username(username)
    _check_password(password)
    digest = _hasher.hash(password)
    with store.session() as s:
        inv = s.scalar(select(Invitation).where(Invitation.code_hash == _sha256(code or "")))
        if inv is None or inv.used_at is not None or _aware(inv.expires_at) < _now():
            raise AuthenticationError("the invitation code is unknown, used or expired")
        if s.scalar(select(User.id).where(User.username == username)) is not None:
            raise ConflictError(f"a user named {username!r} already exists; choose another name")
        if s.scalar(select(User.id).where(User.athlete_id == inv.athlete_id)):
            raise ConflictError("this athlete already has an account")
        inv.used_at = _now()
        row = User(
            username=username,
            password_hash=digest,
            role="athlete",
            athlete_id=inv.athlete_id,
            active=True,
        )
        s.add(row)
        s.flush()
        return _account(s, row)


# -- tokens ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class TokenInfo:
    id: int
    kind: str
    name: str | None
    csrf_token: str | None
    account: Account


def token_create(
    store: Store,
    user_id: int,
    *,
    kind: Literal["session", "api"],
    name: str | None = None,
    valid_for: dt.timedelta | None = None,
) -> tuple[str, TokenInfo]:
    """A new secret (returned once) for a browser session or an API client."""
    if kind not in ("session", "api"):
        raise InvalidParameterError(f"token_create: kind must be session or api, got {kind!r}")
    secret = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32) if kind == "session" else None
    with store.session() as s:
        user = s.get(User, user_id)
        if user is None:
            raise NotFoundError(f"token_create: no user with id {user_id}")
        row = AuthToken(
            user_id=user_id,
            kind=kind,
            token_hash=_sha256(secret),
            name=name,
            csrf_token=csrf,
            created_at=_now(),
            expires_at=_now() + valid_for if valid_for is not None else None,
        )
        s.add(row)
        s.flush()
        return secret, TokenInfo(row.id, kind, name, csrf, _account(s, user))


def token_resolve(store: Store, secret: str, *, kind: Literal["session", "api"]) -> TokenInfo:
    """The account behind a secret; :class:`AuthenticationError` if unknown, revoked or expired."""
    if not secret or len(secret) > 200:
        raise AuthenticationError("missing or malformed credentials")
    with store.session(write=False) as s:
        row = s.scalar(
            select(AuthToken).where(AuthToken.token_hash == _sha256(secret), AuthToken.kind == kind)
        )
        if (
            row is None
            or row.revoked_at is not None
            or (row.expires_at is not None and _aware(row.expires_at) < _now())
        ):
            raise AuthenticationError("the session or token is unknown, revoked or expired")
        user = s.get(User, row.user_id)
        if user is None or not user.active:
            raise AuthenticationError("the account no longer exists or is disabled")
        return TokenInfo(row.id, row.kind, row.name, row.csrf_token, _account(s, user))


def token_revoke(store: Store, secret: str) -> None:
    """End a session (logout) or revoke an API token; unknown secrets are ignored."""
    with store.session() as s:
        s.execute(delete(AuthToken).where(AuthToken.token_hash == _sha256(secret or "")))


# Former names (docs/naming.md): they still work, with a DeprecationWarning.
login = deprecated_alias(account_login, "login")
