"""`log_import`: idempotent (natural keys), rows filed under their athlete, all or nothing,
bounded memory; migration 0004 resolves the duplicates of older stores without losing entries."""

from __future__ import annotations

import csv
import datetime as dt
import json
import tracemalloc
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import func, select

from neurolift.errors import ConflictError, FileFormatError, NotFoundError
from neurolift.store import Store
from neurolift.store import training_repo as tr
from neurolift.store.training_models import NmesLogRow, PlyoLogRow, SetLogRow, WellnessLogRow
from neurolift.training import traininglog

TODAY = dt.date(2026, 11, 23)
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "training" / "sample_log.csv"
HEADER = ["type", "athlete", "date", "exercise", "set_index", "load_kg", "reps", "contacts"]


def _count(store, model, **where) -> int:
    with store.session(write=False) as s:
        q = select(func.count()).select_from(model)
        for k, v in where.items():
            q = q.where(getattr(model, k) == v)
        return int(s.scalar(q))


def _write(path: Path, rows: list[list], header=HEADER) -> Path:
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def test_importing_a_file_twice_stores_it_once(store) -> None:
    store.add_athlete("Ada", body_mass_kg=68)
    first = tr.log_import(store, SAMPLE, today=TODAY)
    counts = {"sets": 105, "plyometrics": 28, "nmes": 7, "wellness": 49}
    assert first.saved == counts and first.athletes == ("Ada",)
    second = tr.log_import(store, SAMPLE, today=TODAY)
    assert second.saved == dict.fromkeys(counts, 0) and second.already_stored == counts
    assert (
        _count(store, SetLogRow),
        _count(store, PlyoLogRow),
        _count(store, NmesLogRow),
        _count(store, WellnessLogRow),
    ) == tuple(counts.values())


def test_rows_are_filed_under_the_athlete_each_names(store, tmp_path) -> None:
    for name in ("Ada", "Bo"):
        store.add_athlete(name)
    p = _write(
        tmp_path / "squad.csv",
        [
            ["set", "Ada", "2026-11-20", "back_squat", 1, 100, 5, ""],
            ["set", "Bo", "2026-11-20", "back_squat", 1, 80, 5, ""],
            ["set", "Bo", "2026-11-20", "back_squat", 2, 85, 5, ""],
            ["plyo", "Bo", "2026-11-20", "box_jump", "", "", "", 30],
        ],
    )
    out = tr.log_import(store, p, today=TODAY)
    assert out.by_athlete["Ada"]["sets"] == 1 and out.by_athlete["Bo"]["sets"] == 2
    assert [s.load_kg for s in tr.log_load(store, "Bo").sets] == [80, 85]
    assert [s.load_kg for s in tr.log_load(store, "Ada").sets] == [100]
    assert len(tr.log_load(store, "Bo").plyometrics) == 1
    assert tr.log_load(store, "Ada").plyometrics == ()
    # a reader of one athlete's log refuses such a file instead of filing it under the first
    with pytest.raises(FileFormatError, match="line 3: rows for more than one athlete"):
        traininglog.log_read(p, today=TODAY)


def test_a_clash_with_a_stored_entry_is_refused_and_saves_nothing(store, tmp_path) -> None:
    store.add_athlete("Ada")
    tr.log_import(
        store,
        _write(tmp_path / "a.csv", [["set", "Ada", "2026-11-20", "back_squat", 1, 100, 5, ""]]),
        today=TODAY,
    )
    p = _write(
        tmp_path / "b.csv",
        [
            ["set", "Ada", "2026-11-21", "back_squat", 1, 100, 5, ""],
            ["set", "Ada", "2026-11-20", "back_squat", 1, 105, 5, ""],
        ],
    )
    with pytest.raises(
        ConflictError,
        match=r"b.csv, line 3: back_squat set 1 on 2026-11-20 .*"
        r"load_kg 100.0 stored, 105.0 here.*nothing was saved",
    ):
        tr.log_import(store, p, today=TODAY)
    assert _count(store, SetLogRow) == 1


def test_unknown_athlete_is_refused_with_the_close_name(store, tmp_path) -> None:
    store.add_athlete("Bea")
    p = _write(
        tmp_path / "x.csv",
        [
            ["set", "Bea", "2026-11-20", "back_squat", 1, 100, 5, ""],
            ["set", "Bae", "2026-11-20", "back_squat", 1, 100, 5, ""],
        ],
    )
    with pytest.raises(NotFoundError, match=r"line 3: .*'Bae'; did you mean 'Bea'\?"):
        tr.log_import(store, p, today=TODAY)
    assert _count(store, SetLogRow) == 0


def test_sets_without_a_number_are_numbered_in_file_order(store, tmp_path) -> None:
    store.add_athlete("Ada")
    rows = [["set", "Ada", "2026-11-20", "bench_press", "", 60, 5, ""]] * 3
    rows += [["set", "Ada", "2026-11-20", "back_squat", "", 100, 5, ""]]
    p = _write(tmp_path / "u.csv", rows)
    assert tr.log_import(store, p, today=TODAY).saved["sets"] == 4
    sets = tr.log_load(store, "Ada").sets
    assert sorted((s.exercise, s.set_index) for s in sets) == [
        ("back_squat", 1),
        ("bench_press", 1),
        ("bench_press", 2),
        ("bench_press", 3),
    ]
    assert tr.log_import(store, p, today=TODAY).already_stored["sets"] == 4
    # a set logged without a number (`log set` without --set) takes the next free one
    one = traininglog.log_set(
        date="2026-11-20", exercise="bench_press", load_kg=60, reps=5, today=TODAY
    )
    two = traininglog.TrainingLog("Ada", sets=(one, one))
    assert tr.log_save(store, two, today=TODAY, number_sets=True)["sets"] == 2
    numbers = [s.set_index for s in tr.log_load(store, "Ada").sets if s.exercise == "bench_press"]
    assert sorted(numbers) == [1, 2, 3, 4, 5]


def test_a_big_json_log_is_refused_with_a_clear_message(tmp_path, monkeypatch) -> None:
    p = tmp_path / "big.json"
    p.write_text(json.dumps({"athlete": "Ada", "sets": []}) + " " * 2000)
    monkeypatch.setattr(traininglog, "MAX_JSON_BYTES", 1000)
    with pytest.raises(FileFormatError, match="read whole.*export it as CSV"):
        list(traininglog.log_entries(p))


def test_csv_is_read_lazily_in_bounded_memory(tmp_path) -> None:
    def log(n: int) -> Path:
        start = dt.date(2000, 1, 1)
        return _write(
            tmp_path / f"log{n}.csv",
            [
                ["set", "Ada", (start + dt.timedelta(days=i // 5)).isoformat(), "deadlift"]
                + [i % 5 + 1, 100, 3, ""]
                for i in range(n)
            ],
        )

    small, big = log(500), log(8_000)

    def peak(path: Path) -> int:
        tracemalloc.start()
        n = sum(1 for _ in traininglog.log_entries(path, today=TODAY))
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert n in (500, 8_000)
        return top

    # 16 x the rows, the same peak give or take (a whole-file reader needs ~16 x)
    small_peak, big_peak = peak(small), peak(big)
    assert big_peak < 1.5 * small_peak + 200_000, (small_peak, big_peak)


def _store_at_0002(url: str) -> Store:
    store = Store(url, upgrade=False)
    store.upgrade("0002_training")
    return store


@pytest.fixture(params=["sqlite", "postgresql"])
def old_store_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'old.sqlite3'}"
    return request.getfixturevalue("postgres_url")


def test_migration_resolves_old_duplicates_without_losing_entries(old_store_url, caplog) -> None:
    old = _store_at_0002(old_store_url)
    now = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    day = dt.date(2026, 10, 5)
    with old.engine.begin() as conn:
        aid = conn.execute(
            sa.text("INSERT INTO athletes (name, created_at) VALUES ('Ada', :t) RETURNING id"),
            {"t": now},
        ).scalar_one()
        sets = [(1, 100.0, 5), (1, 100.0, 5), (2, 110.0, 5), (2, 115.0, 3), (3, 120.0, 2)]
        for idx, load, reps in sets:  # a file imported twice, plus one differing set 2
            conn.execute(
                sa.text(
                    "INSERT INTO set_logs (athlete_id, performed_on, exercise, set_index, "
                    "load_kg, reps, created_at) VALUES (:a, :d, 'back_squat', :i, :l, :r, :t)"
                ),
                {"a": aid, "d": day, "i": idx, "l": load, "r": reps, "t": now},
            )
        for contacts in (40, 40, 30):
            conn.execute(
                sa.text(
                    "INSERT INTO plyo_logs (athlete_id, performed_on, exercise, contacts, tier, "
                    "created_at) VALUES (:a, :d, 'box_jump', :c, 'moderate', :t)"
                ),
                {"a": aid, "d": day, "c": contacts, "t": now},
            )
        for hz in (75.0, 75.0, 50.0):
            conn.execute(
                sa.text(
                    "INSERT INTO nmes_logs (athlete_id, performed_on, muscle, frequency_hz, "
                    "pulse_width_us, on_s, off_s, contractions, created_at) "
                    "VALUES (:a, :d, 'quadriceps', :f, 400, 5, 15, 40, :t)"
                ),
                {"a": aid, "d": day, "f": hz, "t": now},
            )
    old.engine.dispose()
    with caplog.at_level("WARNING", logger="neurolift.store"):
        store = Store(old_store_url)
    assert "0004_log_keys" in caplog.text and "removed" in caplog.text
    log = tr.log_load(store, "Ada")
    assert sorted((s.set_index, s.load_kg, s.reps) for s in log.sets) == [
        (1, 100.0, 5),
        (2, 110.0, 5),
        (3, 120.0, 2),
        (4, 115.0, 3),  # the differing set 2 kept under the next free number
    ]
    assert [(p.exercise, p.contacts) for p in log.plyometrics] == [("box_jump", 70)]
    assert sorted((n.muscle, n.frequency_hz) for n in log.nmes) == [
        ("quadriceps", 75.0),
        ("quadriceps #2", 50.0),
    ]
    # the keys hold from now on
    with pytest.raises(ConflictError):
        with store.session() as s:
            s.add(
                SetLogRow(
                    athlete_id=aid,
                    performed_on=day,
                    exercise="back_squat",
                    set_index=1,
                    load_kg=90,
                    reps=5,
                )
            )
    store.engine.dispose()


def test_progress_reports_bytes_read_up_to_the_whole_file(store, tmp_path) -> None:
    store.add_athlete("Ada")
    calls: list[tuple[int, int]] = []
    tr.log_import(
        store, SAMPLE, today=TODAY, progress=lambda done, total: calls.append((done, total))
    )
    size = SAMPLE.stat().st_size
    assert calls[-1] == (size, size) and all(t == size for _, t in calls)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
