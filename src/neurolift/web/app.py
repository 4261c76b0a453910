"""The app factory: ``create_app(settings)`` builds the FastAPI app on one store.

>>> from neurolift.web import Settings, create_app
>>> app = create_app(Settings(database_url="sqlite://"))
>>> app.title
'neurolift'
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import neurolift
from neurolift.errors import UploadTooLargeError
from neurolift.store import Store
from neurolift.web.errors import error_payload, install_error_handlers
from neurolift.web.settings import Settings

__all__ = ["create_app"]

HERE = Path(__file__).parent


class BodyLimit:
    """Refuse request bodies larger than ``max_bytes`` with 413, by Content-Length or by counting
    the bytes of a body sent without one (the app's own response is then replaced)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def _refuse(self, send: Send) -> None:
        exc = UploadTooLargeError(
            f"the request body is larger than the limit of {self.max_bytes / 1024 / 1024:g} MB"
        )
        body = json.dumps(error_payload(type(exc).__name__, str(exc), 413)).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_bytes:
            await self._refuse(send)
            return
        seen = 0
        over = False

        async def counted() -> Message:
            nonlocal seen, over
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    over = True
                    return {"type": "http.disconnect"}
            return message

        refused = False

        async def guarded(message: Message) -> None:
            nonlocal refused
            if over:
                if not refused:
                    refused = True
                    await self._refuse(send)
                return
            await send(message)

        await self.app(scope, counted, guarded)


def create_app(settings: Settings | None = None, *, store: Store | None = None) -> FastAPI:
    """Build the app. ``store`` (tests) overrides ``settings.database_url``; the store is opened
    (and migrated) here, so a server that starts has an up-to-date schema."""
    from neurolift.web import api, pages, pages_records, pages_training

    settings = settings or Settings.from_env()
    app = FastAPI(
        title="neurolift",
        version=neurolift.__version__,
        description="Force plates, barbell velocity, EMG and training for a squad. "
        "Authenticate with a session cookie (browsers) or 'Authorization: Bearer <API token>'.",
        openapi_url="/api/v1/openapi.json",
        docs_url="/api/v1/docs",
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.store = store or Store(settings.database_url)
    install_error_handlers(app, html=pages.render_error)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.get("/static-plotly/plotly.min.js", include_in_schema=False)
    def plotly_js() -> FileResponse:  # served from the installed package: works offline
        import plotly

        path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
        return FileResponse(path, media_type="text/javascript", headers=_CACHE)

    for module in (pages, pages_records, pages_training):
        app.include_router(module.router)
    app.include_router(api.router)
    app.add_middleware(BodyLimit, max_bytes=settings.max_upload_bytes)  # type: ignore[arg-type]
    return app


_CACHE: dict[str, Any] = {"Cache-Control": "public, max-age=86400"}
