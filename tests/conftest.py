"""Shared fixtures: paths to the shipped recordings and known-answer signal factories."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture
def store(tmp_path):
    """A real SQLite store in a temporary file, migrated to head."""
    from neurolift.store import Store

    return Store(f"sqlite:///{tmp_path / 'neurolift.sqlite3'}")
