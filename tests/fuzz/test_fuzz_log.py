"""Fuzz the training-log reader and importer (CSV, JSON): random bytes, mutants of the sample
log, re-encoded logs, built tables and reshaped JSON, read alone and imported into a real SQLite
store. Whatever the input, the reader and the importer return or raise a neurolift error that
names the file (tests/fuzz/conftest.py); an import that fails leaves the store as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from neurolift.store import Store
from neurolift.store.training_repo import log_import
from neurolift.training.traininglog import log_read

LOG = Path(__file__).resolve().parents[1] / "data" / "training" / "sample_log.csv"
LOG_HEADER = LOG.read_text().splitlines()[0].split(",")
TODAY = dt.date(2026, 11, 23)
QUOTA = 3400  # inputs per run; the three fuzz modules together make over 10,000
STORE: list[Store] = []  # the store of this module's imports (the fixture below)


def _log_json() -> dict[str, Any]:
    log = log_read(LOG, today=TODAY)
    return {k: v[:4] if isinstance(v, list) else v for k, v in log.to_dict().items()}


def _import(path: Path) -> None:
    log_import(STORE[0], path, today=TODAY)


@pytest.fixture(scope="module", autouse=True)
def _store(tmp_path_factory) -> Iterator[None]:
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('store') / 'fuzz.sqlite3'}")
    for name in ("Ada", "Bo"):
        store.add_athlete(name, body_mass_kg=70)
    STORE.append(store)
    yield
    STORE.clear()
    store.engine.dispose()


LOG_CSV = {
    "text": [LOG],
    "headers": [LOG_HEADER, ["type", "athlete", "date", "exercise", "load_kg", "reps"]],
}
READERS: dict[str, dict[str, Any]] = {
    "log_read CSV": {"suffix": ".csv", "call": lambda p: log_read(p, today=TODAY), **LOG_CSV},
    "log_read JSON": {
        "suffix": ".json",
        "call": lambda p: log_read(p, athlete="Ada", today=TODAY),
        "json": _log_json(),
    },
    "log_import CSV": {"suffix": ".csv", "call": _import, **LOG_CSV},
    "log_import JSON": {"suffix": ".json", "call": _import, "json": _log_json()},
}


def test_a_reader_returns_or_raises_a_neurolift_error(fuzz, fuzz_case) -> None:
    fuzz.run(fuzz_case, READERS[fuzz_case.name])
