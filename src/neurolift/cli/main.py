"""`neurolift` command: the root Typer app and the error boundary.

Every NeuroliftError (and OSError: a missing file, a full disk) raised below becomes one line
``error: ...`` on stderr and exit code 2. Anything else is a bug in neurolift, not in the input:
one line ``error: internal error ...`` and exit code 1, with the traceback only when the
environment sets ``NEUROLIFT_DEBUG=1``. Ctrl-C ends with exit code 130 and no traceback.
"""

from __future__ import annotations

import os
from typing import Any

import click
import typer
from typer.core import TyperGroup

import neurolift
from neurolift.errors import NeuroliftError


class _ErrorBoundary(TyperGroup):
    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except NeuroliftError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(2)
        except OSError as exc:  # missing file, permission, disk full
            click.echo(f"error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), err=True)
            ctx.exit(2)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)
        except Exception as exc:
            # click's own ends (--help, usage errors, typer.Exit; typer vendors click, so they
            # are told by module) go on to click; a bug shows its traceback on request only
            own = type(exc).__module__.startswith(("click", "typer"))
            if own or os.environ.get("NEUROLIFT_DEBUG", "") not in ("", "0"):
                raise
            what = " ".join(f"{type(exc).__name__}: {exc}".split())
            click.echo(
                f"error: internal error ({what[:300]}); please report it with the command - "
                "NEUROLIFT_DEBUG=1 shows the traceback",
                err=True,
            )
            ctx.exit(1)


app = typer.Typer(
    name="neurolift",
    cls=_ErrorBoundary,
    help="Measure, model and train neuromuscular efficiency: force plates, barbell velocity, "
    "EMG and motor units.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"neurolift {neurolift.__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """neurolift command groups."""


def _register() -> None:
    # One line per command group; each module defines `app` (a Typer) or `register(app)`.
    from neurolift.cli import (
        athlete,
        batch,
        db,
        demo,
        emg,
        force,
        log,
        mu,
        plan,
        readiness,
        report,
        serve,
        simulate,
        user,
        vbt,
    )

    app.add_typer(db.app, name="db", help="Database: migrations and location.")
    app.add_typer(athlete.app, name="athlete", help="Athletes in the store.")
    app.add_typer(force.app, name="force", help="Force-plate jumps and isometric pulls.")
    app.add_typer(
        vbt.app, name="vbt", help="Barbell velocity: sets, load-velocity profiles, readiness, live."
    )
    emg.register(app)
    mu.register(app)
    app.add_typer(
        simulate.app,
        name="simulate",
        help="Simulate a motor-unit pool contraction or weeks of training adaptation.",
    )
    for group in (plan, log, readiness, report):  # the training system
        group.register(app)
    demo.register(app)
    for group in (serve, user):  # the web app: `serve`, `user`, `team`
        group.register(app)
    batch.register(app)  # archives of every kind


_register()


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
