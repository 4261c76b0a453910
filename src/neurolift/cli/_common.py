"""Options shared by every command group."""

from __future__ import annotations

import typer

from neurolift.cli._output import OutputFormat

FormatOption = typer.Option(
    OutputFormat.table, "--format", "-f", help="Output format.", case_sensitive=False
)
DatabaseOption = typer.Option(
    None,
    "--database-url",
    envvar="NEUROLIFT_DATABASE_URL",
    help="SQLAlchemy URL of the store (default: SQLite file in the user data dir).",
)


def open_store(url: str | None):  # type: ignore[no-untyped-def]
    """Open (and migrate) the store; imported lazily so analysis commands stay fast."""
    from neurolift.store import Store

    return Store(url)
