"""The CLI's conventions, the same for every command: --format on every command that prints a
result (and none on those that only write a file), help on every option, --out/-o for output
files, the athlete as --athlete, one velocity-loss threshold name, one date type."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from neurolift.cli.main import app

runner = CliRunner()
DATA = Path(__file__).resolve().parents[1] / "data"
#: commands that only write a file: they say on stderr what they wrote
FILE_ONLY = {("force", "plot"), ("report",), ("log", "export")}


def _commands(command, path=()):
    if hasattr(command, "list_commands"):  # a group (Typer vendors click: no isinstance check)
        for name in command.list_commands(None):
            yield from _commands(command.get_command(None, name), (*path, name))
    else:
        yield path, command


COMMANDS = list(_commands(typer.main.get_command(app)))


def _visible(command):
    return [p for p in command.params if not getattr(p, "hidden", False)]


def _options(command) -> set[str]:
    return {o for p in _visible(command) for o in getattr(p, "opts", [])}


def test_every_command_that_prints_has_format_and_file_writers_do_not() -> None:
    assert len(COMMANDS) >= 30
    for path, command in COMMANDS:
        if path == ("serve",):  # runs the web server; it prints no result
            continue
        has = "--format" in _options(command)
        assert has != (path in FILE_ONLY), f"`neurolift {' '.join(path)}`: --format is {has}"


def test_every_option_has_help() -> None:
    missing = [
        (" ".join(path), p.opts)
        for path, command in COMMANDS
        for p in _visible(command)
        if type(p).__name__.endswith("Option") and p.name != "help" and not p.help
    ]
    assert not missing, missing


def test_output_files_are_out_or_o_and_the_athlete_is_an_option() -> None:
    for path, command in COMMANDS:
        for p in _visible(command):
            opts = getattr(p, "opts", [])
            where = f"`neurolift {' '.join(path)}` {opts}"
            if "--out" in opts:
                assert "-o" in opts, where
            if type(p).__name__.endswith("Argument"):  # an athlete is never positional
                assert p.name != "athlete" and (path[0], p.name) != ("athlete", "name"), where
            if "athlete" in (p.name or "") and p.name != "athletes":
                assert opts == ["--athlete"], where


def test_one_name_for_the_velocity_loss_threshold() -> None:
    names = {
        o for _, command in COMMANDS for o in _options(command) if re.search(r"vl|velocity-loss", o)
    }
    # --velocity-loss-pct is what `log set` records (a measurement), not a threshold
    assert names == {"--vl-threshold-pct", "--velocity-loss-pct"}


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    r = runner.invoke(app, ["athlete", "add", "--athlete", "Ada", "--database-url", url])
    assert r.exit_code == 0, r.output
    return url


SQUAT = DATA / "vbt" / "simulated_back_squat_6reps_chronojump_1kHz.txt"
EMG = DATA / "emg" / "synthetic_emg_force.csv"


@pytest.mark.parametrize(
    "args",
    [
        ["readiness", "--athlete", "Ada", "--date", "2026-13-45"],
        [
            "plan",
            "create",
            "--athlete",
            "Ada",
            "--goal",
            "strength",
            "--weeks",
            "8",
            "--days",
            "3",
            "--start",
            "2026-13-45",
        ],
        [
            "plan",
            "today",
            "--athlete",
            "Ada",
            "--exercise",
            "back_squat",
            "--percent-1rm",
            "80",
            "--date",
            "2026-13-45",
        ],
        [
            "log",
            "set",
            "--athlete",
            "Ada",
            "--exercise",
            "back_squat",
            "--load-kg",
            "100",
            "--reps",
            "5",
            "--date",
            "2026-13-45",
        ],
        ["log", "export", "--athlete", "Ada", "-o", "x.json", "--since", "2026-13-45"],
        ["log", "export", "--athlete", "Ada", "-o", "x.json", "--from", "2026-13-45"],
        [
            "athlete",
            "add",
            "--athlete",
            "Bo",
            "--level",
            "beginner",
            "--body-mass-kg",
            "70",
            "--one-rm",
            "back_squat=100",
            "--one-rm-date",
            "2026-13-45",
        ],
        ["vbt", "profile", "--athlete", "Ada", "-e", "back_squat", "--since", "2026-13-45"],
        [
            "vbt",
            "analyze",
            str(SQUAT),
            "-e",
            "back_squat",
            "--load-kg",
            "100",
            "--performed-at",
            "2026-13-45",
        ],
        ["emg", "analyze", str(EMG), "--unit", "mV", "--date", "2026-13-45"],
    ],
)
def test_an_invalid_date_is_one_error_line(db: str, args: list[str], tmp_path: Path) -> None:
    r = runner.invoke(app, [*args, "--database-url", db], catch_exceptions=False)
    lines = [x for x in r.stderr.splitlines() if x.strip() and not x.startswith("warning:")]
    assert r.exit_code == 2, r.output
    assert len(lines) == 1 and lines[0].startswith("error: ") and "2026-13-45" in lines[0], r.stderr


def test_the_old_positional_athlete_still_works_with_a_warning(db: str) -> None:
    r = runner.invoke(app, ["athlete", "show", "Ada", "--database-url", db, "-f", "json"])
    assert r.exit_code == 0 and '"name": "Ada"' in r.stdout
    assert "warning: `athlete show NAME` is deprecated; use --athlete NAME" in r.stderr
    r = runner.invoke(app, ["athlete", "show", "Ada", "--athlete", "Bo", "--database-url", db])
    assert r.exit_code == 2 and "not both" in r.stderr
    r = runner.invoke(app, ["readiness", "--database-url", db])
    assert r.exit_code == 2 and "give the athlete with --athlete NAME" in r.stderr


def test_a_wide_result_prints_as_metric_value_rows() -> None:
    r = runner.invoke(
        app, ["vbt", "sets", str(DATA / "vbt" / "jovanovic_2015_bench_1RM_test_velocity.csv")]
    )
    assert r.exit_code == 0, r.output
    assert "…" not in r.stdout  # no truncated cell
    assert r.stdout.endswith("\n")
    header = next(x for x in r.stdout.splitlines() if "metric" in x or "velocity_loss" in x)
    assert "metric" in header or len(header) <= 220
