"""`neurolift serve`: run the web app with uvicorn."""

from __future__ import annotations

import os
import time
from pathlib import Path

import typer

from neurolift.cli._common import DatabaseOption, open_store
from neurolift.cli._output import stderr


def register(root: typer.Typer) -> None:
    root.command("serve")(serve)


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="TCP port."),
    workers: int = typer.Option(
        1, "--workers", min=1, max=64, help="Worker processes (use PostgreSQL for more than 1)."
    ),
    proxy_headers: bool = typer.Option(
        False,
        "--proxy-headers",
        help="Trust X-Forwarded-Proto/For from --forwarded-allow-ips (behind a reverse proxy).",
    ),
    forwarded_allow_ips: str = typer.Option(
        "127.0.0.1", "--forwarded-allow-ips", help="Proxies whose forwarded headers are trusted."
    ),
    demo: Path | None = typer.Option(
        None,
        "--demo",
        help="Create this new SQLite file with a demo squad and serve it (make run).",
    ),
    database_url: str | None = DatabaseOption,
) -> None:
    """Serve the web app (pages and the /api/v1 REST API) on HOST:PORT."""
    import uvicorn

    from neurolift.errors import InvalidParameterError

    if demo is not None:
        database_url = _demo_store(demo)
    store = open_store(database_url)  # migrate once here, before any worker starts
    if workers > 1 and store.engine.dialect.name == "sqlite":
        raise InvalidParameterError(
            "serve: --workers > 1 needs PostgreSQL (NEUROLIFT_DATABASE_URL); SQLite serves one "
            "process"
        )
    os.environ["NEUROLIFT_DATABASE_URL"] = store.url
    store.engine.dispose()
    stderr.print(f"neurolift on http://{host}:{port} (database {store._safe_url()})")
    uvicorn.run(
        "neurolift.web.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=proxy_headers,
        forwarded_allow_ips=forwarded_allow_ips,
        log_level="warning",
    )


def _demo_store(path: Path) -> str:
    """A fresh SQLite file with the demo squad; prints the logins."""
    from neurolift.errors import ConflictError
    from neurolift.services.demo import demo_squad_seed

    if path.exists():
        raise ConflictError(f"serve --demo: {path} exists; remove it or name a new file")
    path.parent.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{path}"
    t0 = time.perf_counter()
    squad = demo_squad_seed(open_store(url))
    stderr.print(
        f"demo squad: {len(squad.athletes)} athletes, {squad.start} to {squad.end}, "
        f"{squad.cmj_trials} CMJs and {squad.log_entries} log entries "
        f"(seeded in {time.perf_counter() - t0:.1f} s)"
    )
    for user, role in squad.logins.items():
        stderr.print(f"  log in as {user!r} ({role}), password {squad.password!r}")
    return url
