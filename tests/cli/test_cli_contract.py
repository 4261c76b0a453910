"""Every CLI command takes --format (table|json|csv: the shared FormatOption)."""

from __future__ import annotations

import typer

from neurolift.cli.main import app


def _commands(command, path=()):
    if hasattr(command, "commands"):  # a group (Typer vendors click, so no isinstance check)
        for name, sub in command.commands.items():
            yield from _commands(sub, (*path, name))
    else:
        yield path, command


def test_every_command_has_format() -> None:
    commands = list(_commands(typer.main.get_command(app)))
    assert len(commands) >= 30
    for path, command in commands:
        if path == ("serve",):  # runs the web server; it prints no result
            continue
        options = {o for p in command.params for o in getattr(p, "opts", [])}
        assert "--format" in options, f"`neurolift {' '.join(path)}` has no --format"
