"""Start-up: commands import the heavy libraries only when they need them.

Checked through ``sys.modules`` in a fresh interpreter (not a timing): ``neurolift --version``
and a one-file ``force analyze`` must not import pandas, matplotlib, Dask or SQLAlchemy.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "force"
HEAVY = ("pandas", "matplotlib", "dask", "distributed", "sqlalchemy")

PROBE = """
import json, sys
sys.argv = ["neurolift", *json.loads(sys.argv[1])]
from neurolift.cli.main import main
try:
    main()
except SystemExit as exc:
    code = exc.code
else:
    code = 0
heavy = {heavy}
print(json.dumps({{"code": code, "loaded": sorted(m for m in heavy if m in sys.modules)}}),
      file=sys.stderr)
"""


def imported(*args: str) -> dict:
    r = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=list(HEAVY)), json.dumps(args)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return json.loads(r.stderr.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "args",
    [
        ("--version",),
        ("force", "analyze", str(DATA / "gidiel_Single-CMJ-Fz.txt"), "--sampling-rate", "1000"),
        (
            "force",
            "analyze",
            str(DATA / "gidiel_Dual-CMJ-Fz.txt"),
            "--sampling-rate",
            "1000",
            "-f",
            "json",
        ),
    ],  # fmt: skip
)
def test_light_commands_import_no_heavy_library(args: tuple[str, ...]) -> None:
    got = imported(*args)
    assert got["code"] in (0, None)
    assert got["loaded"] == [], f"{args[0]} imported {got['loaded']}"


def test_the_probe_sees_an_import_when_there_is_one(tmp_path: Path) -> None:
    # force batch needs pandas (its table of results): the probe must notice it
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text((DATA / "gidiel_Single-CMJ-Fz.txt").read_text())
    got = imported(
        "force", "batch", str(tmp_path / "in"), "-o", str(tmp_path / "r.csv"),
        "--sampling-rate", "1000",
    )  # fmt: skip
    assert got["code"] in (0, None) and "pandas" in got["loaded"]
