"""Options and option types shared by every command group: one spelling of each convention.

* The athlete is always ``--athlete NAME`` (:func:`AthleteOption`; the old positional form still
  works with a deprecation warning, :func:`athlete_name`).
* A command's output file is ``--out``/``-o`` (:func:`OutOption`); commands that only write a
  file take no ``--format`` and say what they wrote on stderr.
* The velocity-loss threshold is ``--vl-threshold-pct`` everywhere (:data:`VlThresholdOption`).

Dates: every day option (``--date``, ``--since``, ``--until``, ``--start``...) is a
:func:`DateOption` read by :func:`parse_date` (``YYYY-MM-DD``), every moment option
(``--performed-at``, a recording's ``--date``) a :func:`DateTimeOption` read by
:func:`parse_datetime` (ISO date or date/time, UTC unless a zone is given); a value that is
not one is an ``error: ...`` line and exit 2, like every other bad input.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import typer

from neurolift.cli._output import OutputFormat, stderr
from neurolift.errors import InvalidParameterError

FormatOption = typer.Option(
    OutputFormat.table, "--format", "-f", help="Output format.", case_sensitive=False
)
DatabaseOption = typer.Option(
    None,
    "--database-url",
    envvar="NEUROLIFT_DATABASE_URL",
    help="SQLAlchemy URL of the store (default: SQLite file in the user data dir).",
)


def parse_date(text: str | None, option: str) -> dt.date | None:
    """A day option's value (``YYYY-MM-DD``) as a date; ``None`` stays ``None``."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidParameterError(f"{option}: {text!r} is not a date; write YYYY-MM-DD") from None


def parse_datetime(text: str | None, option: str) -> dt.datetime | None:
    """A moment option's value (ISO date or date/time) as an aware datetime, UTC unless the
    value names a zone; ``None`` stays ``None``."""
    if text is None:
        return None
    try:
        when = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidParameterError(
            f"{option}: {text!r} is not an ISO date or date/time; write YYYY-MM-DD or "
            "YYYY-MM-DDTHH:MM"
        ) from None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def DateOption(option: str, help: str) -> Any:  # noqa: N802  (an Option factory, as typer's)
    """A day option (``YYYY-MM-DD``; parse it with :func:`parse_date`)."""
    return typer.Option(None, option, metavar="YYYY-MM-DD", help=help)


def DateTimeOption(option: str, help: str) -> Any:  # noqa: N802
    """A moment option (``YYYY-MM-DD[THH:MM]``; parse it with :func:`parse_datetime`)."""
    return typer.Option(None, option, metavar="YYYY-MM-DD[THH:MM]", help=help)


AthleteSaveOption = typer.Option(
    None, "--athlete", help="Save the trial and result for this athlete."
)
SessionOption = typer.Option(
    None, "--session", help="Session label stored with the result (e.g. 'wk4-pre')."
)
RecordedAtOption = DateTimeOption(
    "--date", "When the trial was recorded (UTC unless a zone is given); default now."
)


def open_store(url: str | None):  # type: ignore[no-untyped-def]
    """Open (and migrate) the store; imported lazily so analysis commands stay fast."""
    from neurolift.store import Store

    return Store(url)


def split_names(text: str | None) -> list[str] | None:
    """``"VL, VM,BF"`` -> ``["VL", "VM", "BF"]``; ``None`` stays ``None``."""
    return None if text is None else [n.strip() for n in text.split(",") if n.strip()]


SchedulerOption = typer.Option(
    None, "--scheduler", help="tcp://HOST:PORT of an existing Dask scheduler."
)
WorkersOption = typer.Option(
    2,
    "--workers",
    help="Local worker processes (>= 1); a local Dask cluster starts only from 2,000 files; "
    "ignored with --scheduler.",
)
PatternOption = typer.Option("*", "--pattern", help="Glob for file names, e.g. '*CMJ*'.")


def deprecated(old: str, new: str) -> None:
    """Say on stderr that option (or form) ``old`` is deprecated in favour of ``new``."""
    stderr.print(f"warning: {old} is deprecated; use {new}")


def prefer(new_value: Any, old_value: Any, *, new: str, old: str) -> Any:
    """The value of option ``new``, or of its deprecated spelling ``old`` (with a warning);
    both at once with different values is an error."""
    if old_value is None or old_value is False:
        return new_value
    deprecated(old, new)
    if new_value is not None and new_value != old_value:
        raise InvalidParameterError(f"give {new} or {old}, not both")
    return old_value


def OldOption(old: str, new: str) -> Any:  # noqa: N802
    """A hidden option kept for an old spelling; read it with :func:`prefer`."""
    return typer.Option(None, old, hidden=True, help=f"Deprecated: use {new}.")


def AthleteOption(help: str = "Athlete name.", *, required: bool = True) -> Any:  # noqa: N802
    """``--athlete NAME``: required (or optional, for 'save for this athlete' options)."""
    return typer.Option(... if required else None, "--athlete", help=help)


def OptionalAthleteOption(help: str = "Athlete name.") -> Any:  # noqa: N802
    """``--athlete NAME`` on a command that still accepts the old positional name."""
    return typer.Option(None, "--athlete", help=help)


#: The old positional athlete name, hidden; read it with :func:`athlete_name`.
OldAthleteArgument = typer.Argument(
    None, hidden=True, metavar="ATHLETE", help="Deprecated: use --athlete."
)


def athlete_name(option: str | None, positional: str | None, command: str) -> str:
    """The athlete of a command: ``--athlete``, or the deprecated positional name."""
    name = old_athlete(option, positional, command)
    if name is None:
        raise InvalidParameterError(f"{command}: give the athlete with --athlete NAME")
    return name


def old_athlete(option: str | None, positional: str | None, command: str) -> str | None:
    """``--athlete`` or the deprecated positional name (with a warning), or ``None``."""
    return prefer(option, positional, new="--athlete NAME", old=f"`{command} NAME`")


def OutOption(help: str, *, default: Any = ...) -> Any:  # noqa: N802
    """``--out/-o PATH``: the file (or folder) a command writes."""
    return typer.Option(default, "--out", "-o", help=help)


#: Image formats every figure command writes (matplotlib picks the writer by suffix).
IMAGE_SUFFIXES = (".png", ".svg", ".pdf")


def check_image_path(path: Path | None, option: str = "--plot") -> Path | None:
    """A figure's path, refused before any work when its suffix is not an image format we
    write or its folder does not exist; ``None`` stays ``None``."""
    if path is None:
        return None
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        raise InvalidParameterError(
            f"{option}: {str(path)!r} is not an image format neurolift writes; end the name "
            f"with {', '.join(IMAGE_SUFFIXES)}"
        )
    if not path.parent.is_dir():
        raise InvalidParameterError(f"{option}: folder {str(path.parent)!r} does not exist")
    return path


def PlotOption(help: str, *, option: str = "--plot", required: bool = False) -> Any:  # noqa: N802
    """``--plot PATH`` (or ``--out/-o`` of a figure command): an image file, checked when the
    command line is read (:func:`check_image_path`), so a bad name fails before any work."""
    names = (option,) if option == "--plot" else (option, "-o")
    return typer.Option(
        ... if required else None,
        *names,
        help=f"{help} ({'/'.join(IMAGE_SUFFIXES)})",
        callback=lambda value: check_image_path(value, option),
    )


#: A file-only command's former ``--format`` (hidden, ignored with a warning).
OldFormatOption = typer.Option(
    None, "--format", "-f", hidden=True, help="Deprecated: this command only writes a file."
)


def old_format(value: Any) -> None:
    if value is not None:
        deprecated("--format", "nothing: this command writes a file and says so on stderr")


VlThresholdOption = typer.Option(
    None,
    "--vl-threshold-pct",
    help="Velocity-loss threshold, % of the set's best rep: flagged (or the set stopped) there.",
)
