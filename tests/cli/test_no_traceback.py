"""Every command, run as a real process with bad arguments, ends with one ``error: ...`` line and
exit code 2: no traceback, no hang, nothing accepted.

The commands are enumerated from the Typer app, so a new command is covered without a change
here. Each gets every option it has filled with a bad value of its type (a damaged file for a
path, -1e308 for a number, a control character in a name...), plus one run per file argument
with only that file damaged, against a store that holds one athlete.
"""

from __future__ import annotations

import enum
import os
import subprocess
import sys
import types
import typing
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import typer

from neurolift.cli.main import app

TIMEOUT_S = 120.0
#: options left alone: where the store is, where the cluster is, how to print
SKIP = {"--database-url", "--scheduler", "--format", "--help", "--version"}


def _commands(command, path=()):
    if hasattr(command, "list_commands"):
        for name in command.list_commands(None):
            yield from _commands(command.get_command(None, name), (*path, name))
    else:
        yield path, command


def _bad_one(annotation: Any, garbage: Path) -> str | None:
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return str(next(iter(annotation)).value)
    if annotation is bool:
        return None
    if annotation is float:
        return "-1e308"
    if annotation is int:
        return "-99999999"
    if annotation is Path:
        return str(garbage)
    return "B\x07ae"


def _bad_value(param: Any, garbage: Path) -> list[str] | None:
    """Bad values for a parameter, from its annotation (typer vendors click, so click's types
    cannot be matched by class here)."""
    t = param.type_descriptor.annotation
    args = [a for a in typing.get_args(t) if a is not type(None)]
    if typing.get_origin(t) in (typing.Union, types.UnionType) and len(args) == 1:
        t, args = args[0], list(typing.get_args(args[0]))
    if typing.get_origin(t) is tuple:
        vals = [_bad_one(a, garbage) for a in args]
        return None if None in vals else [v for v in vals if v is not None]
    if typing.get_origin(t) is list:
        t = args[0]
    v = _bad_one(t, garbage)
    return None if v is None else [v]


def _argv(path: tuple[str, ...], command: Any, garbage: Path) -> list[str]:
    argv = list(path)
    for p in command.params:
        if getattr(p, "hidden", False):
            continue
        if p.param_type_name == "option":
            opt = max(p.opts, key=len)
            if opt in SKIP:
                continue
            v = _bad_value(p, garbage)
            if v is None:
                continue
            argv += [opt, *v]
        else:
            argv += _bad_value(p, garbage) or []
    return argv


def _run(argv: list[str], env: dict[str, str]) -> tuple[list[str], int | None, str]:
    try:
        r = subprocess.run(
            [sys.executable, "-m", "neurolift.cli.main", *argv],
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            input="x\nx\n",  # a password prompt gets a too short one
        )
    except subprocess.TimeoutExpired:
        return argv, None, f"hung over {TIMEOUT_S:g} s"
    return argv, r.returncode, r.stderr + r.stdout


@pytest.mark.slow
def test_no_command_shows_a_traceback_on_bad_arguments(tmp_path: Path) -> None:
    garbage = tmp_path / "damaged.csv"
    garbage.write_bytes(bytes(range(256)) * 8)
    db = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    from neurolift.store import Store

    Store(db).add_athlete("Bea")
    env = {**os.environ, "NEUROLIFT_DATABASE_URL": db, "COLUMNS": "200"}
    env.pop("NEUROLIFT_DEBUG", None)
    cases = [
        _argv(path, cmd, garbage)
        for path, cmd in _commands(typer.main.get_command(app))
        if path not in {("serve",)}  # a server: its bad ports are tested in tests/web
    ]
    assert len(cases) >= 40  # every command of the app
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda a: _run(a, env), cases))
    bad = []
    for argv, code, out in results:
        lines = [x for x in out.splitlines() if x.strip() and not x.startswith("warning:")]
        # one error line (a password prompt's own noise aside) or click's usage error
        clean = code == 2 and (
            sum(x.startswith("error: ") for x in lines) == 1
            or any(x.lstrip("│ ").startswith("Error:") or "Invalid value" in x for x in lines)
        )
        no_input = len(argv) == 2 and code == 0  # nothing to get wrong (db info, user list)
        if not (clean or no_input) or "Traceback" in out:
            bad.append(f"{' '.join(argv)!r} -> exit {code}: {out.strip()[-300:]}")
    print(f"{len(results)} commands run with bad arguments, {len(bad)} not a clean error")
    assert not bad, "\n".join(bad)


DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.mark.parametrize(
    "args",
    [
        ["vbt", "analyze", str(DATA / "vbt" / "simulated_back_squat_6reps_chronojump_1kHz.txt")]
        + ["-e", "back_squat", "--load-kg", "100", "--plot", "x.xyz"],
        ["vbt", "profile", str(DATA / "vbt" / "openbarbell_TestData.json")]
        + ["-e", "back_squat", "--plot", "x.xyz"],
        ["emg", "analyze", str(DATA / "emg" / "synthetic_emg_force.csv")]
        + ["--unit", "mV", "--plot", "x.xyz"],
    ],
)
def test_an_unsupported_image_format_is_refused_before_any_work(args: list[str]) -> None:
    from typer.testing import CliRunner

    r = CliRunner().invoke(app, args)
    assert r.exit_code == 2 and r.stderr.startswith("error: --plot: 'x.xyz' is not an image")


@pytest.mark.parametrize("speed", ["1e-9", "-1", "nan", "1e308"])
def test_vbt_live_speed_range(speed: str) -> None:
    from typer.testing import CliRunner

    f = DATA / "vbt" / "simulated_back_squat_6reps_chronojump_1kHz.txt"
    r = CliRunner().invoke(
        app, ["vbt", "live", "--replay", str(f), "-e", "back_squat", "--speed", speed]
    )
    assert r.exit_code == 2 and "--speed must be 0" in r.stderr
