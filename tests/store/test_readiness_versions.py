"""The per-athlete change counters of readiness data (migration 0005): every table readiness
reads raises the counter of the row's athlete - and only theirs - in the writing transaction,
on SQLite and PostgreSQL, at the head revision."""

from __future__ import annotations

import datetime as dt

from neurolift.store import accounts_repo as accounts
from neurolift.store import training_repo as tr
from neurolift.training.athlete import AthleteProfile
from neurolift.training.traininglog import TrainingLog, log_set, log_wellness

DAY = dt.date(2026, 11, 20)


def test_each_watched_table_raises_only_its_athletes_counter(store) -> None:
    a = store.add_athlete("Ada").id
    b = store.add_athlete("Bo").id
    accounts.team_add(store, "Squad")
    writes = {
        "athletes": lambda: store.update_athlete("Ada", body_mass_kg=61.0),
        "training_profiles": lambda: tr.profile_save(
            store, AthleteProfile("Ada", "intermediate", 61.0, (), (), (), ("mon", "thu"))
        ),
        "set_logs": lambda: tr.log_save(
            store,
            TrainingLog(
                "Ada",
                sets=(log_set(date=DAY, exercise="back_squat", load_kg=60, reps=5, today=DAY),),
            ),
        ),
        "wellness_logs": lambda: tr.log_save(
            store,
            TrainingLog(
                "Ada",
                wellness=(
                    log_wellness(
                        date=DAY,
                        sleep_h=8,
                        sleep_quality=4,
                        energy=4,
                        mood=4,
                        stress=2,
                        soreness=2,
                        today=DAY,
                    ),
                ),
            ),
        ),  # fmt: skip
        "analysis_results+metrics": lambda: store.save_analysis(
            domain="force", kind="cmj", result={"jump_height_m": 0.31}, athlete="Ada"
        ),
        "team_athletes": lambda: accounts.team_add_athlete(store, "Squad", "Ada"),
    }
    before = tr.readiness_versions(store)
    assert set(before) == {a, b}
    for table, write in writes.items():
        write()
        now = tr.readiness_versions(store)
        assert now[a] > before[a], table
        assert now[b] == before[b], table
        before = now
    store.save_analysis(domain="force", kind="cmj", result={"jump_height_m": 0.30})  # no athlete
    assert tr.readiness_versions(store) == before
