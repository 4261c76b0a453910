"""Settings of the web app, read from the environment once at start-up.

``NEUROLIFT_DATABASE_URL``  the store (default: the CLI's SQLite file in the user data folder)
``NEUROLIFT_SECURE_COOKIES`` ``1``: cookies only over HTTPS; ``0``: never; unset: when the request
                             arrived over HTTPS (behind a reverse proxy, run uvicorn with
                             ``--proxy-headers`` so it sees the original scheme)
``NEUROLIFT_MAX_UPLOAD_MB``  largest accepted recording (default 50 MB)
``NEUROLIFT_SESSION_HOURS``  browser session lifetime (default 12 h)
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from neurolift.errors import InvalidParameterError
from neurolift.store.repository import database_default_url

__all__ = ["Settings"]


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise InvalidParameterError(f"{name} must be a number, got {raw!r}") from None
    if not value > 0:
        raise InvalidParameterError(f"{name} must be positive, got {raw!r}")
    return value


@dataclass(frozen=True)
class Settings:
    """Everything the app factory needs; :meth:`from_env` reads the environment."""

    database_url: str
    secure_cookies: bool | None = None
    max_upload_bytes: int = 50 * 1024 * 1024
    session_hours: float = 12.0

    @classmethod
    def from_env(cls, database_url: str | None = None) -> Settings:
        secure = os.environ.get("NEUROLIFT_SECURE_COOKIES", "").strip().lower()
        if secure not in ("", "0", "1", "true", "false"):
            raise InvalidParameterError(f"NEUROLIFT_SECURE_COOKIES must be 0 or 1, got {secure!r}")
        return cls(
            database_url=database_url or database_default_url(),
            secure_cookies=None if secure == "" else secure in ("1", "true"),
            max_upload_bytes=int(_env_float("NEUROLIFT_MAX_UPLOAD_MB", 50.0) * 1024 * 1024),
            session_hours=_env_float("NEUROLIFT_SESSION_HOURS", 12.0),
        )
