"""Several writers on one store: WAL, busy timeout and lock retry on SQLite; one-line errors."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import func, select, text

from neurolift.errors import ConflictError, StoreError
from neurolift.store import Store
from neurolift.store import repository as repo
from neurolift.store.models import Athlete


def _sqlite(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'neurolift.sqlite3'}"


def test_sqlite_store_runs_in_wal_mode_with_a_busy_timeout(tmp_path) -> None:
    store = Store(_sqlite(tmp_path))
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == int(
            repo.SQLITE_BUSY_TIMEOUT_S * 1000
        )
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


_WRITER = textwrap.dedent(
    """
    import sys
    from neurolift.store import Store
    store = Store(sys.argv[1])
    for i in range(int(sys.argv[3])):
        store.add_athlete(f"{sys.argv[2]}{i:03d}", body_mass_kg=70)
    """
)


def test_two_processes_writing_at_once_both_succeed(tmp_path) -> None:
    url = _sqlite(tmp_path)
    Store(url).engine.dispose()  # migrated once, so both writers race on the data only
    n = 60
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, url, prefix, str(n)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for prefix in ("a", "b")
    ]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    store = Store(url)
    with store.session(write=False) as s:
        assert s.scalar(select(func.count()).select_from(Athlete)) == 2 * n


def test_two_processes_migrating_a_new_store_at_once(tmp_path) -> None:
    url = _sqlite(tmp_path)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, url, prefix, "3"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for prefix in ("a", "b")
    ]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    assert len(Store(url).list_athletes()) == 6


def test_a_held_write_lock_is_waited_for_then_reported_in_one_line(tmp_path, monkeypatch) -> None:
    url = _sqlite(tmp_path)
    holder = Store(url)
    holder.add_athlete("Ada")
    monkeypatch.setattr(repo, "SQLITE_BUSY_TIMEOUT_S", 0.2)
    other = Store(url)
    with holder.session() as s:
        s.execute(text("UPDATE athletes SET notes = 'held'"))
        # readers never wait for the writer (WAL) ...
        assert other.get_athlete("Ada").notes is None
        # ... a second writer waits, retries, and then says so in one line
        with pytest.raises(StoreError) as err:
            other.add_athlete("Bo")
    msg = str(err.value)
    assert "locked by another writer" in msg and "\n" not in msg
    assert other.add_athlete("Bo").name == "Bo"  # the lock is free again


def test_database_errors_are_one_line_without_sql(tmp_path) -> None:
    store = Store(_sqlite(tmp_path))
    store.add_athlete("Ada")
    with pytest.raises(ConflictError) as err:
        with store.session() as s:
            s.add(Athlete(name="Ada"))
    msg = str(err.value)
    assert "UNIQUE" in msg and "\n" not in msg and "INSERT" not in msg and "[SQL" not in msg

    bad = tmp_path / "not-a-database.sqlite3"
    bad.write_bytes(b"this is not SQLite " * 200)
    with pytest.raises(StoreError) as err:
        Store(f"sqlite:///{bad}")
    assert "\n" not in str(err.value) and "not a database" in str(err.value)


def test_postgresql_errors_are_one_line(postgres_url) -> None:
    store = Store(postgres_url)
    store.add_athlete("Ada")
    with pytest.raises(ConflictError) as err:
        with store.session() as s:
            s.add(Athlete(name="Ada"))
    msg = str(err.value)
    assert "duplicate key" in msg and "\n" not in msg and "INSERT" not in msg
    store.engine.dispose()
    with pytest.raises(StoreError) as err:
        Store("postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert "\n" not in str(err.value)
