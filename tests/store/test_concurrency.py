"""Several writers on one store: WAL, busy timeout and lock retry on SQLite; one-line errors."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from neurolift.errors import ConflictError, StoreError
from neurolift.store import Store
from neurolift.store import repository as repo
from neurolift.store.models import Athlete
from neurolift.store.training_models import SetLogRow


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


def test_two_processes_creating_and_writing_one_store_at_once_both_succeed(tmp_path) -> None:
    url = _sqlite(tmp_path)  # a new file: both processes migrate it, then write row by row
    n = 40
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
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    store = Store(url)
    with store.session(write=False) as s:
        assert s.scalar(select(func.count()).select_from(Athlete)) == 2 * n
    store.engine.dispose()


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


# -- whole log imports at once, and a kill in the middle of one -----------------------------------
N_SETS = 10_000


def _set_log(path: Path, athlete: str, n: int = N_SETS) -> Path:
    start = dt.date(2000, 1, 3)
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["type", "athlete", "date", "exercise", "set_index", "load_kg", "reps"])
        for i in range(n):
            day = (start + dt.timedelta(days=i // 5)).isoformat()
            w.writerow(["set", athlete, day, "back_squat", i % 5 + 1, 100 + (i % 7) * 2.5, 5])
    return path


def _url(backend: str, tmp_path: Path, request) -> str:
    return _sqlite(tmp_path) if backend == "sqlite" else request.getfixturevalue("postgres_url")


def _sets(url: str) -> int:
    store = Store(url)
    try:
        with store.session(write=False) as s:
            return int(s.scalar(select(func.count()).select_from(SetLogRow)))
    finally:
        store.engine.dispose()


def _cli(url: str, *args: str) -> subprocess.Popen:
    env = {**os.environ, "NEUROLIFT_DATABASE_URL": url}
    return subprocess.Popen(
        [sys.executable, "-m", "neurolift.cli.main", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_two_imports_of_10000_sets_at_once_both_succeed(backend, tmp_path, request) -> None:
    url = _url(backend, tmp_path, request)
    store = Store(url)
    store.add_athlete("Ada")
    store.add_athlete("Bo")
    store.engine.dispose()
    files = [_set_log(tmp_path / f"{name}.csv", name) for name in ("Ada", "Bo")]
    procs = [_cli(url, "log", "import", str(f), "--format", "json") for f in files]
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0 and err == "", err
        assert json.loads(out)["saved"]["sets"] == N_SETS
    assert _sets(url) == 2 * N_SETS


_KILLED_IMPORT = textwrap.dedent(
    """
    import pathlib, sys, time
    from neurolift.store import Store
    from neurolift.store.training_repo import log_import
    marker = pathlib.Path(sys.argv[3])
    def progress(done, total):
        if done >= total // 2 and not marker.exists():  # half read, 2 chunks written
            marker.write_text("half")
            time.sleep(120)  # stay in the middle of the transaction until killed
    log_import(Store(sys.argv[1]), sys.argv[2], progress=progress, chunk_size=2000)
    """
)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_kill_in_the_middle_of_an_import_leaves_the_store_as_it_was(
    backend, tmp_path, request
) -> None:
    url = _url(backend, tmp_path, request)
    store = Store(url)
    store.add_athlete("Ada")
    store.add_athlete("Bo")
    from neurolift.store.training_repo import log_import

    log_import(store, _set_log(tmp_path / "bo.csv", "Bo", 500))
    store.engine.dispose()
    before = _sets(url)
    ada = _set_log(tmp_path / "ada.csv", "Ada")
    marker = tmp_path / "half"
    with (tmp_path / "stderr.txt").open("w") as err:
        proc = subprocess.Popen(
            [sys.executable, "-c", _KILLED_IMPORT, url, str(ada), str(marker)], stderr=err
        )
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert proc.poll() is None, (tmp_path / "stderr.txt").read_text()
            assert time.monotonic() < deadline, "the import never reached its middle"
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert _sets(url) == before == 500
    store = Store(url)
    if backend == "sqlite":
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    # no lock is left behind: the next write goes through
    assert log_import(store, _set_log(tmp_path / "ada2.csv", "Ada", 50)).saved["sets"] == 50
    store.engine.dispose()
    assert _sets(url) == before + 50
