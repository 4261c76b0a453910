"""The one Rich progress bar of the CLI: on stderr, shown only on a terminal."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Literal, Protocol

from neurolift.cli._output import stderr


class ProgressUpdate(Protocol):
    """``progress(done, total, **fields)``: move the bar, refresh its named text fields."""

    def __call__(self, done: int, total: int | None, /, **fields: Any) -> None: ...


@contextmanager
def progress_bar(
    description: str,
    *,
    count: Literal["bytes", "items"] = "items",
    fields: Mapping[str, str] | None = None,
) -> Iterator[ProgressUpdate | None]:
    """Yield a ``progress(done, total, **fields)`` callback driving a bar, or ``None`` off a
    terminal (pipes, files and CI logs get no bar and no control characters).

    ``count`` says what ``done``/``total`` count (``"bytes"`` shows sizes, ``"items"`` shows
    ``done/total``); ``fields`` maps a field name to its column's text, ``{}`` standing for the
    value (``{"units": "units found: {}"}``), each value given to the callback by keyword.
    """
    if not stderr.is_terminal:
        yield None
        return
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    extra = dict(fields or {})
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        DownloadColumn() if count == "bytes" else MofNCompleteColumn(),
        *(
            TextColumn(text.replace("{}", f"{{task.fields[{name}]}}"))
            for name, text in extra.items()
        ),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=stderr,
        transient=True,
    ) as bar:
        blank: dict[str, Any] = {name: "" for name in extra}
        task = bar.add_task(description, total=None, **blank)

        def update(done: int, total: int | None, /, **values: Any) -> None:
            bar.update(task, completed=done, total=total, **values)

        yield update
