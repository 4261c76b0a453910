"""The CLI's one progress bar: counts, named fields (units found), nothing off a terminal."""

from __future__ import annotations

import io

from rich.console import Console

from neurolift.cli import _progress
from neurolift.cli._progress import progress_bar


def _terminal(monkeypatch) -> io.StringIO:
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=True, width=120, color_system=None)
    monkeypatch.setattr(_progress, "stderr", console)
    return buf


def test_items_and_a_named_field(monkeypatch):
    buf = _terminal(monkeypatch)
    with progress_bar("decomposing", fields={"units": "units found: {}"}) as bar:
        assert bar is not None
        bar(8, 64, units=3)
    out = buf.getvalue()
    assert "decomposing" in out and "8/64" in out and "units found: 3" in out


def test_bytes(monkeypatch):
    buf = _terminal(monkeypatch)
    with progress_bar("importing log.csv", count="bytes") as bar:
        assert bar is not None
        bar(512_000, 1_024_000)
    assert "0.5/1.0 MB" in buf.getvalue()


def test_nothing_off_a_terminal(monkeypatch):
    buf = io.StringIO()
    monkeypatch.setattr(_progress, "stderr", Console(file=buf, force_terminal=False))
    with progress_bar("decomposing", fields={"units": "units found: {}"}) as bar:
        assert bar is None
    assert buf.getvalue() == ""
