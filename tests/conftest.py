"""Shared fixtures: paths to the shipped recordings and known-answer signal factories."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


PG_URL_FILE = Path(__file__).resolve().parent.parent / ".pgtest" / "url"


@pytest.fixture
def postgres_url():
    """URL of a fresh schema on the real PostgreSQL server that `make test` starts.

    Skipped when no server was started (a bare `pytest` run), but a failure under CI=true, so
    CI never passes without having run the PostgreSQL tests.
    """
    import os
    import uuid

    import sqlalchemy as sa

    if not PG_URL_FILE.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but no PostgreSQL server was started (scripts/test-services.sh)")
        pytest.skip("no PostgreSQL server (run `make test`, which starts one)")
    base = PG_URL_FILE.read_text().strip()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(base)
    with engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    yield f"{base}?options=-csearch_path%3D{schema}"
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    """A real store, migrated to head: a SQLite file, and the same on PostgreSQL."""
    from neurolift.store import Store

    if request.param == "sqlite":
        s = Store(f"sqlite:///{tmp_path / 'neurolift.sqlite3'}")
    else:
        s = Store(request.getfixturevalue("postgres_url"))
    yield s
    s.engine.dispose()
