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


# -- fuzz suite: how many generated inputs the readers and importers took (tests/fuzz) -----------
FUZZ_COUNTS = pytest.StashKey[dict]()


def pytest_configure(config) -> None:
    config.stash[FUZZ_COUNTS] = {}


@pytest.fixture(scope="session")
def fuzz_counts(request) -> dict:
    """Generated inputs per reader/importer, summed over xdist workers at the end."""
    return request.config.stash[FUZZ_COUNTS]


def pytest_sessionfinish(session) -> None:
    if hasattr(session.config, "workeroutput"):  # an xdist worker: hand the counts over
        session.config.workeroutput["fuzz_counts"] = dict(session.config.stash[FUZZ_COUNTS])


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    counts = node.config.stash[FUZZ_COUNTS]
    for name, n in getattr(node, "workeroutput", {}).get("fuzz_counts", {}).items():
        counts[name] = counts.get(name, 0) + n


def pytest_terminal_summary(terminalreporter) -> None:
    counts = terminalreporter.config.stash[FUZZ_COUNTS]
    if counts:
        terminalreporter.write_sep(
            "-",
            f"fuzz: {sum(counts.values())} generated inputs to {len(counts)} readers and importers",
        )
