"""Who is asking, and may they: the web app's authentication and its one authorisation rule.

Authentication (:func:`authenticate`) accepts two credentials:

- **Browsers**: the session cookie ``neurolift_session`` set by ``POST /login`` (HttpOnly,
  SameSite=Lax, Secure behind TLS). A request authenticated by this cookie that changes
  anything (POST/PUT/PATCH/DELETE) must carry the session's CSRF token, as the form field
  ``csrf_token`` or the header ``X-CSRF-Token`` (htmx sends the header, see ``base.html``).
- **Devices and scripts**: ``Authorization: Bearer <API token>``; tokens come from
  ``neurolift user token USER`` or the account page and are stored hashed. A browser never adds
  this header by itself, so Bearer requests need no CSRF token.

Authorisation is :func:`authorize` and nothing else: every page, API route and WebSocket calls it
with the athlete the request concerns and one of four actions:

==========  ===================================================  ===============================
action      what                                                 who
==========  ===================================================  ===============================
``read``    see an athlete's data                                admin; coach of a team the
                                                                 athlete is on; the athlete
``log``     add sets, plyometrics, NMES, check-ins, recordings   the same
``manage``  plans, athlete records, invitations                  admin; coach of the athlete's
                                                                 team (``athlete_id=None``: a
                                                                 coach may create athletes)
``admin``   users and teams                                      admin
==========  ===================================================  ===============================

For the live-VBT WebSockets (``neurolift.web.live``)::

    from neurolift.web.auth import authenticate_websocket, authorize

    auth = authenticate_websocket(websocket)          # AuthenticationError -> close 1008
    authorize(auth.account, athlete_id, "log")        # device ingest (API token)
    authorize(auth.account, athlete_id, "read")       # a viewer's page (session cookie)

``authenticate_websocket`` reads the same two credentials from the handshake (the Bearer header
of a device; the session cookie a browser sends with the upgrade request). WebSocket handshakes
are not covered by SameSite cookies' CSRF protection, so it also refuses a cookie-authenticated
handshake whose ``Origin`` is not this server.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import Path
from starlette.requests import HTTPConnection, Request

from neurolift.errors import AuthenticationError, NotFoundError, PermissionDeniedError
from neurolift.store import AthleteRecord, Store
from neurolift.store.accounts_repo import Account, token_resolve

__all__ = [
    "SESSION_COOKIE",
    "ANON_CSRF_COOKIE",
    "Action",
    "Auth",
    "authenticate",
    "authenticate_request",
    "authenticate_websocket",
    "authorize",
    "check_csrf",
    "require_auth",
    "athlete_for",
    "AthleteId",
    "ResultId",
]

SESSION_COOKIE = "neurolift_session"
ANON_CSRF_COOKIE = "neurolift_csrf"  # double-submit token of the forms shown before login
Action = Literal["read", "log", "manage", "admin"]
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Path ids as databases store them (32-bit): anything else is refused with 422, not looked up
AthleteId = Annotated[int, Path(ge=1, le=2**31 - 1, description="Athlete id.")]
ResultId = Annotated[int, Path(ge=1, le=2**31 - 1, description="Stored result id.")]


@dataclass(frozen=True)
class Auth:
    """An authenticated request: the account, how it authenticated, its session's CSRF token."""

    account: Account
    via: Literal["session", "api"]
    csrf_token: str | None


def authenticate(store: Store, *, authorization: str | None, session: str | None) -> Auth:
    """The account behind a Bearer header or a session cookie (the header wins)."""
    if authorization:
        scheme, _, secret = authorization.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise AuthenticationError("the Authorization header must be 'Bearer <API token>'")
        info = token_resolve(store, secret.strip(), kind="api")
        return Auth(info.account, "api", None)
    if session:
        info = token_resolve(store, session, kind="session")
        return Auth(info.account, "session", info.csrf_token)
    raise AuthenticationError("log in first (or send an API token as 'Authorization: Bearer')")


def _from_connection(conn: HTTPConnection) -> Auth:
    cached = getattr(conn.state, "auth", None)
    if cached is not None:
        return cached
    auth = authenticate(
        conn.app.state.store,
        authorization=conn.headers.get("authorization"),
        session=conn.cookies.get(SESSION_COOKIE),
    )
    conn.state.auth = auth
    return auth


def authenticate_request(request: Request) -> Auth:
    """:func:`authenticate` on an HTTP request (cached on ``request.state``)."""
    return _from_connection(request)


def authenticate_websocket(websocket: HTTPConnection) -> Auth:
    """:func:`authenticate` on a WebSocket handshake; a cookie needs a same-origin handshake."""
    auth = _from_connection(websocket)
    if auth.via == "session":
        origin = websocket.headers.get("origin")
        host = websocket.headers.get("host")
        if origin is not None and origin.split("://", 1)[-1] != host:
            raise AuthenticationError("a cross-site WebSocket cannot use the session cookie")
    return auth


def authorize(account: Account, athlete_id: int | None, action: Action) -> None:
    """Raise :class:`PermissionDeniedError` unless ``account`` may do ``action`` to the athlete.

    ``athlete_id=None`` asks about the account's own scope (e.g. creating an athlete, ``manage``;
    users and teams, ``admin``).
    """
    if account.role == "admin":
        return
    if action == "admin":
        raise PermissionDeniedError("only an admin may manage users and teams")
    if athlete_id is None:
        if action == "manage" and account.role == "coach":
            return
        if action in ("read", "log"):  # one's own scope: lists are filtered by athlete_ids
            return
        raise PermissionDeniedError(f"a {account.role} may not {action} here")
    if not account.can_access(athlete_id):
        raise PermissionDeniedError("this athlete is not on your teams")
    if account.role == "athlete" and action not in ("read", "log"):
        raise PermissionDeniedError(f"an athlete may read and log their own data, not {action}")


async def check_csrf(request: Request, auth: Auth | None) -> None:
    """Refuse an unsafe request authenticated by cookie without the right CSRF token.

    Logged in: the session's token. Not logged in (login and invitation forms): the
    double-submit cookie ``neurolift_csrf`` must equal the form's token.
    """
    if request.method not in UNSAFE_METHODS or (auth is not None and auth.via == "api"):
        return
    sent = request.headers.get("x-csrf-token")
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        value = (await request.form()).get("csrf_token")
        sent = value if isinstance(value, str) else None
    expected = auth.csrf_token if auth is not None else request.cookies.get(ANON_CSRF_COOKIE)
    if not sent or not expected or not hmac.compare_digest(sent, expected):
        raise PermissionDeniedError(
            "the form's CSRF token is missing or stale; reload the page and try again"
        )


async def require_auth(request: Request) -> Auth:
    """FastAPI dependency of every authenticated route: credentials, then the CSRF check."""
    auth = authenticate_request(request)
    await check_csrf(request, auth)
    return auth


def athlete_for(store: Store, account: Account, athlete_id: int, action: Action) -> AthleteRecord:
    """:func:`authorize`, then the athlete record: ids outside the account's scope give 403
    whether or not they exist (no probing for ids)."""
    authorize(account, athlete_id, action)
    if not 1 <= athlete_id <= 2**31 - 1:  # not an id any database holds
        raise NotFoundError(f"no athlete with id {athlete_id}")
    return store.get_athlete_by_id(athlete_id)
