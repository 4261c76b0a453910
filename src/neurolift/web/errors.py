"""One error shape for the whole app, and the one place where error classes become statuses.

API responses: ``{"error": {"type": "NotFoundError", "message": "...", "status": 404}}``.
Pages: the same message as one ``error: ...`` line (the CLI's wording) on an error page, or a
redirect to the login page when the visitor is not logged in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request

from neurolift.errors import (
    AuthenticationError,
    ConflictError,
    NeuroliftError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    StoreError,
    UnsupportedFileTypeError,
    UploadTooLargeError,
)

__all__ = ["STATUS", "status_for", "error_payload", "install_error_handlers", "wants_json"]

# First match wins: subclasses before their bases.
STATUS: tuple[tuple[type[Exception], int], ...] = (
    (AuthenticationError, 401),
    (PermissionDeniedError, 403),
    (NotFoundError, 404),
    (ConflictError, 409),
    (UploadTooLargeError, 413),
    (UnsupportedFileTypeError, 415),
    (RateLimitError, 429),
    (StoreError, 503),
    (NeuroliftError, 422),  # bad values, files, signals: the request cannot be processed
)


def status_for(exc: Exception) -> int:
    for cls, status in STATUS:
        if isinstance(exc, cls):
            return status
    return 500


def error_payload(kind: str, message: str, status: int) -> dict[str, Any]:
    return {"error": {"type": kind, "message": message, "status": status}}


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "text/html" not in request.headers.get(
        "accept", ""
    )


HtmlErrorPage = Callable[[Request, str, int], Response]


def _respond(
    request: Request, kind: str, message: str, status: int, html: HtmlErrorPage
) -> Response:
    if wants_json(request):
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return JSONResponse(error_payload(kind, message, status), status, headers=headers)
    if status == 401:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", 303)
    return html(request, message, status)


def install_error_handlers(app: FastAPI, *, html: HtmlErrorPage) -> None:
    """JSON errors for the API, ``html(request, message, status)`` pages for browsers (passed in
    by the app factory, so this module does not import the pages)."""

    async def neurolift_error(request: Request, exc: Exception) -> Response:
        return _respond(request, type(exc).__name__, str(exc), status_for(exc), html)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        response = _respond(request, "HTTPError", str(exc.detail), exc.status_code, html)
        for k, v in (exc.headers or {}).items():
            response.headers[k] = v
        return response

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        parts = []
        for e in exc.errors():
            where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("body", "query"))
            parts.append(f"{where}: {e.get('msg', 'invalid')}" if where else e.get("msg", ""))
        return _respond(request, "InvalidParameterError", "; ".join(parts), 422, html)

    app.add_exception_handler(NeuroliftError, neurolift_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
