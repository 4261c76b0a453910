"""`neurolift db`: migrations and where the database lives."""

from __future__ import annotations

import typer

from neurolift.cli._common import DatabaseOption, FormatOption, open_store
from neurolift.cli._output import OutputFormat, emit

app = typer.Typer(no_args_is_help=True)


@app.command("upgrade")
def upgrade(database_url: str | None = DatabaseOption, format: OutputFormat = FormatOption) -> None:
    """Apply all pending migrations (the app also does this on first use)."""
    store = open_store(database_url)
    emit({"database": store.display_url(), "revision": store.current_revision()}, format)


@app.command("info")
def info(database_url: str | None = DatabaseOption, format: OutputFormat = FormatOption) -> None:
    """Show the database URL, schema revision and row counts."""
    from neurolift.services.athletes import store_info

    emit(store_info(open_store(database_url)), format)
