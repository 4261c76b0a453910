"""Server-rendered pages (Jinja2 + htmx). Each route authenticates with ``require_auth``, asks
:func:`neurolift.web.auth.authorize` about the athlete it concerns, calls the same library and
service functions as the CLI and renders the result."""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

import neurolift
from neurolift.errors import NeuroliftError
from neurolift.store import Store
from neurolift.store import accounts_repo as accounts
from neurolift.web.auth import (
    ANON_CSRF_COOKIE,
    SESSION_COOKIE,
    AthleteId,
    Auth,
    athlete_for,
    check_csrf,
    require_auth,
)

__all__ = ["router", "render", "render_error", "templates"]

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.globals["version"] = neurolift.__version__
router = APIRouter(include_in_schema=False)
AuthDep = Annotated[Auth, Depends(require_auth)]


def store_of(request: Request) -> Store:
    return request.app.state.store  # type: ignore[no-any-return]


def _secure(request: Request) -> bool:
    configured = request.app.state.settings.secure_cookies
    return request.url.scheme == "https" if configured is None else bool(configured)


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, status: int = 200
) -> HTMLResponse:
    """Render a page; the logged-in account and its CSRF token are always in the context."""
    auth: Auth | None = getattr(request.state, "auth", None)
    ctx: dict[str, Any] = {
        "account": auth.account if auth else None,
        "csrf_token": auth.csrf_token if auth else request.cookies.get(ANON_CSRF_COOKIE),
    }
    ctx.update(context or {})
    return templates.TemplateResponse(request, name, ctx, status_code=status)


def render_error(request: Request, message: str, status: int) -> HTMLResponse:
    return render(request, "error.html", {"message": message, "status": status}, status)


def _anonymous_form(request: Request, name: str, context: dict[str, Any]) -> HTMLResponse:
    """A form shown before login, with a double-submit CSRF cookie."""
    token = request.cookies.get(ANON_CSRF_COOKIE) or secrets.token_urlsafe(32)
    request.cookies[ANON_CSRF_COOKIE] = token
    response = render(request, name, context, context.pop("status", 200))
    response.set_cookie(
        ANON_CSRF_COOKIE, token, httponly=True, samesite="lax", secure=_secure(request)
    )
    return response


def _safe_next(target: str | None) -> str:
    # only local paths: "//host" and "/\\host" would leave the site
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"


@router.get("/login")
def login_form(request: Request, next: str | None = None) -> HTMLResponse:
    return _anonymous_form(request, "login.html", {"next": _safe_next(next), "error": None})


@router.post("/login")
async def login_submit(
    request: Request,
    username: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1024)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    await check_csrf(request, None)
    store = store_of(request)
    client = request.client.host if request.client else "unknown"
    try:
        account = accounts.account_login(store, username, password, client=client)
    except NeuroliftError as exc:
        from neurolift.web.errors import status_for

        return _anonymous_form(
            request,
            "login.html",
            {
                "next": _safe_next(next),
                "username": username,
                "error": str(exc),
                "status": status_for(exc),
            },
        )
    settings = request.app.state.settings
    secret, _ = accounts.token_create(
        store, account.id, kind="session", valid_for=dt.timedelta(hours=settings.session_hours)
    )
    response = RedirectResponse(_safe_next(next), 303)
    response.set_cookie(
        SESSION_COOKIE,
        secret,
        max_age=int(settings.session_hours * 3600),
        httponly=True,
        samesite="lax",
        secure=_secure(request),
    )
    response.delete_cookie(ANON_CSRF_COOKIE)
    return response


@router.post("/logout")
def logout(request: Request, auth: AuthDep) -> Response:
    accounts.token_revoke(store_of(request), request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/login", 303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/join")
def join_form(request: Request, code: str = "") -> HTMLResponse:
    return _anonymous_form(request, "join.html", {"code": code, "error": None})


@router.post("/join")
async def join_submit(
    request: Request,
    code: Annotated[str, Form(max_length=200)],
    username: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1024)],
) -> Response:
    """Accept an invitation: the new athlete account, then the login page."""
    await check_csrf(request, None)
    try:
        accounts.invitation_accept(store_of(request), code, username, password)
    except NeuroliftError as exc:
        from neurolift.web.errors import status_for

        return _anonymous_form(
            request, "join.html", {"code": code, "error": str(exc), "status": status_for(exc)}
        )
    return RedirectResponse("/login", 303)


@router.get("/")
def home(request: Request, auth: AuthDep) -> Response:
    if auth.account.role == "athlete" and auth.account.athlete_id is not None:
        return RedirectResponse(f"/athletes/{auth.account.athlete_id}", 303)
    return RedirectResponse("/squad", 303)


_RANK = {"red": 0, "yellow": 1, "green": 2, None: 3}
SQUAD_SORTS = ("status", "name", "cmj", "velocity", "wellness")


def squad_rows(store: Store, account: accounts.Account, *, date: dt.date | None) -> list[dict]:
    """One row per visible athlete: readiness (or why none), with the marker values of the day."""
    from neurolift.services.readiness import squad_readiness

    athletes = accounts.athletes_visible(store, account)
    sq = squad_readiness(store, date=date, names=[a.name for a in athletes])
    by_name = {r.athlete: r for r in sq.athletes}
    rows = []
    for a in athletes:
        r = by_name.get(a.name)
        values = {m.name: m.value for m in r.markers} if r else {}
        rows.append(
            {
                "id": a.id,
                "name": a.name,
                "status": r.status if r else None,
                "date": r.date if r else None,
                "overreaching": r.overreaching if r else None,
                "reasons": list(r.reasons) if r else [sq.skipped.get(a.name, "no data")],
                "cmj": values.get("jump_height_impulse_m"),
                "velocity": values.get("velocity_ref_m_s"),
                "wellness": values.get("wellness_score"),
                "sleep": values.get("sleep_h"),
            }
        )
    return rows


def squad_sort(rows: list[dict], sort: str) -> list[dict]:
    """Red first (then yellow, green, no data; by name within), or by a column."""
    if sort == "name":
        return sorted(rows, key=lambda r: r["name"].lower())
    if sort in ("cmj", "velocity", "wellness"):  # highest first, missing last
        return sorted(rows, key=lambda r: (r[sort] is None, -(r[sort] or 0.0), r["name"]))
    return sorted(rows, key=lambda r: (_RANK[r["status"]], r["name"].lower()))


@router.get("/squad")
def squad(
    request: Request,
    auth: AuthDep,
    sort: Literal[SQUAD_SORTS] = "status",  # type: ignore[valid-type]
) -> HTMLResponse:
    rows = squad_sort(squad_rows(store_of(request), auth.account, date=None), sort)
    return render(request, "squad.html", {"rows": rows, "sort": sort})


@router.get("/athletes/{athlete_id}")
def athlete_page(request: Request, auth: AuthDep, athlete_id: AthleteId) -> HTMLResponse:
    from neurolift.web.athlete_view import athlete_context

    store = store_of(request)
    athlete = athlete_for(store, auth.account, athlete_id, "read")
    return render(request, "athlete.html", athlete_context(store, athlete))
