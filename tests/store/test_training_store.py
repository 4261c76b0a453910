"""Training tables on a real store: profiles, programs, all-or-nothing logs, readiness series."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from neurolift.errors import ConflictError, InvalidParameterError, NotFoundError
from neurolift.store import training_repo as tr
from neurolift.store.training_models import PlyoLogRow, SetLogRow, WellnessLogRow
from neurolift.training.athlete import OneRm, athlete_profile
from neurolift.training.programs import program_check, program_create
from neurolift.training.traininglog import TrainingLog, log_plyo, log_read, log_set, log_wellness

TODAY = dt.date(2026, 11, 23)
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "training" / "sample_log.csv"


def _profile():
    return athlete_profile(
        "Ada",
        level="intermediate",
        body_mass_kg=68,
        goals=["strength"],
        one_rms={"back_squat": 140, "bench_press": 85},
        today=dt.date(2026, 10, 1),
        training_age_years=2,
        available_days=["mon", "wed", "fri"],
    )


def _count(store, model) -> int:
    with store.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)))


def test_migration_reaches_head(store) -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    folder = Path(__import__("neurolift.store", fromlist=["x"]).__file__).parent / "migrations"
    cfg = Config()
    cfg.set_main_option("script_location", str(folder))
    head = ScriptDirectory.from_config(cfg).get_current_head()
    assert head is not None and store.current_revision() == head


def test_profile_round_trip_and_latest_one_rm(store) -> None:
    tr.profile_save(store, _profile())
    back = tr.profile_load(store, "Ada")
    assert back.level == "intermediate" and back.body_mass_kg == 68 and back.training_age_years == 2
    assert back.one_rm("back_squat").load_kg == 140
    tr.one_rm_add(store, "Ada", OneRm("back_squat", 147.5, dt.date(2026, 11, 1), "velocity"))
    assert tr.one_rms_current(store, "Ada")["back_squat"] == 147.5
    assert tr.profile_load(store, "Ada").one_rm("back_squat").method == "velocity"


def test_program_saved_whole(store) -> None:
    tr.profile_save(store, _profile())
    prog = program_create(
        tr.profile_load(store, "Ada"), goal="strength", weeks=8, days=3, start_date=TODAY
    )
    assert program_check(prog) == []
    pid = tr.program_save(store, prog)
    latest = tr.program_latest(store, "Ada")
    assert latest["id"] == pid and latest["n_weeks"] == 8 and len(latest["blocks"]) == 2
    assert latest["blocks"][0]["weeks"][3]["kind"] == "deload"
    with pytest.raises(NotFoundError):
        tr.program_latest(store, "Nobody")


def test_a_failed_log_writes_nothing(store) -> None:
    tr.profile_save(store, _profile())
    ok = log_set(date="2026-11-20", exercise="back_squat", load_kg=100, reps=5, today=TODAY)
    # built without the 1RM check (e.g. by an import that did not know the 1RM): 450 > 3 x 140
    bad = log_set(
        date="2026-11-20", exercise="back_squat", load_kg=450, reps=1, set_index=2, today=TODAY
    )
    batch = TrainingLog(
        "Ada",
        sets=(ok, bad),
        plyometrics=(log_plyo(date="2026-11-20", exercise="box_jump", contacts=40, today=TODAY),),
        wellness=(
            log_wellness(
                date="2026-11-20",
                sleep_h=7,
                sleep_quality=4,
                energy=4,
                mood=4,
                stress=2,
                soreness=2,
                today=TODAY,
            ),
        ),
    )
    with pytest.raises(
        InvalidParameterError, match="set 2 of 2: .*above 3 x the stored 1RM.*nothing was saved"
    ):
        tr.log_save(store, batch, today=TODAY)
    assert (
        _count(store, SetLogRow) == _count(store, PlyoLogRow) == _count(store, WellnessLogRow) == 0
    )
    # the same batch without the bad set is saved whole
    tr.log_save(
        store,
        TrainingLog("Ada", sets=(ok,), plyometrics=batch.plyometrics, wellness=batch.wellness),
        today=TODAY,
    )
    assert (_count(store, SetLogRow), _count(store, PlyoLogRow), _count(store, WellnessLogRow)) == (
        1,
        1,
        1,
    )
    # saving the same entries again stores nothing new ...
    again = TrainingLog("Ada", sets=(ok,), wellness=batch.wellness)
    assert tr.log_save(store, again, today=TODAY)["sets"] == 0
    # ... a second, different check-in for the same day conflicts and leaves the first alone
    other = dataclasses.replace(batch.wellness[0], sleep_h=5.0)
    with pytest.raises(ConflictError, match="already logged for Ada.*sleep_h 7.0 stored, 5.0 here"):
        tr.log_save(store, TrainingLog("Ada", sets=(ok,), wellness=(other,)), today=TODAY)
    assert _count(store, SetLogRow) == 1 and _count(store, WellnessLogRow) == 1


def test_log_for_unknown_athlete(store) -> None:
    with pytest.raises(NotFoundError):
        tr.log_save(
            store,
            TrainingLog(
                "Ghost",
                sets=(
                    log_set(
                        date="2026-11-20", exercise="bench_press", load_kg=50, reps=5, today=TODAY
                    ),
                ),
            ),
        )


def test_sample_log_round_trip_and_readiness_series(store) -> None:
    tr.profile_save(store, _profile())
    log = log_read(SAMPLE, today=TODAY)
    assert tr.log_save(store, log, today=TODAY) == {
        "sets": 105,
        "plyometrics": 28,
        "nmes": 7,
        "wellness": 49,
    }
    assert tr.log_load(store, "Ada") == log
    week = tr.log_load(store, "Ada", start=dt.date(2026, 11, 16), end=dt.date(2026, 11, 22))
    assert len(week.sets) == 15 and len(week.wellness) == 7
    series = {s.name: s for s in tr.readiness_series(store, "Ada")}
    assert set(series) == {"velocity_ref_m_s", "wellness_score", "sleep_h"}
    ref = [x for x in log.sets if x.load_kg == 100]  # warm-up load, logged on every session day
    assert len(series["velocity_ref_m_s"].values) == len(ref) == 21
    assert tr.squad_names(store) == ["Ada"]


def test_cmj_metrics_feed_readiness(store) -> None:
    tr.profile_save(store, _profile())
    for i, h in enumerate([0.40, 0.41, 0.39, 0.40]):
        when = dt.datetime(2026, 11, 1 + i, 8, tzinfo=dt.UTC)
        store.save_analysis(
            domain="force",
            kind="cmj",
            athlete="Ada",
            performed_at=when,
            result={"jump_height_m": h, "rsi_modified_m_s": 0.5},
        )
        store.save_analysis(
            domain="force",
            kind="cmj",
            athlete="Ada",
            performed_at=when,
            result={"jump_height_m": h + 0.02, "rsi_modified_m_s": 0.52},
        )
    series = {s.name: s for s in tr.readiness_series(store, "Ada")}
    assert series["jump_height_impulse_m"].values == pytest.approx(
        (0.41, 0.42, 0.40, 0.41)
    )  # mean of the trials
    assert len(series["rsi_modified_m_s"].dates) == 4


def test_cmj_height_under_the_force_module_name(store) -> None:
    """force_analyze stores the impulse-momentum height as jump_height_impulse_m."""
    tr.profile_save(store, _profile())
    store.save_analysis(
        domain="force",
        kind="cmj",
        athlete="Ada",
        performed_at=dt.datetime(2026, 11, 2, 8, tzinfo=dt.UTC),
        result={"jump_height_impulse_m": 0.38, "jump_height_flight_time_m": 0.40},
    )
    series = {s.name: s for s in tr.readiness_series(store, "Ada")}
    assert series["jump_height_impulse_m"].values == (0.38,)
