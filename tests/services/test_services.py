"""The service layer on a real store (SQLite file and PostgreSQL): readiness, squad, weekly
report, plan choices, velocity sets and profiles, athlete registration and the log.

Known answers: the sample log (tests/data/training) is built with a sustained 10 % velocity
decline from 2026-11-16; velocity sets lie on lines written down here; the work-set and
warm-up rules are checked on hand-made logs.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from neurolift import services
from neurolift.errors import InvalidParameterError, NotFoundError, SignalError
from neurolift.services import athletes, plan, readiness, vbt
from neurolift.store import training_repo as tr
from neurolift.training.autoregulation import autoreg_round_to_plates
from neurolift.training.traininglog import TrainingLog, log_set, log_wellness

DATA = Path(__file__).resolve().parents[1] / "data"
SAMPLE = DATA / "training" / "sample_log.csv"
TODAY = dt.date(2026, 11, 23)


def _ada(store, **kw) -> None:
    athletes.athlete_register(
        store,
        "Ada",
        body_mass_kg=68,
        level="intermediate",
        goals=["strength"],
        one_rms={"back_squat": 140, "bench_press": 85},
        one_rm_date=dt.date(2026, 10, 1),
        available_days=["mon", "wed", "fri"],
        **kw,
    )


@pytest.fixture
def ada(store):
    _ada(store)
    done = athletes.log_import(store, SAMPLE)
    assert done.athletes == ("Ada",)
    assert done.saved == {"sets": 105, "plyometrics": 28, "nmes": 7, "wellness": 49}
    return store


def test_every_public_name_is_reachable() -> None:
    for name in services.__all__:
        assert callable(getattr(services, name)), name
    with pytest.raises(AttributeError):
        services.no_such_service  # noqa: B018


def test_readiness_sees_the_sustained_velocity_decline(ada) -> None:
    r = readiness.readiness_for(ada, "Ada", date=dt.date(2026, 11, 22))
    assert (r.status, r.overreaching) == ("red", "sustained_decline")
    assert any("velocity_ref_m_s" in x for x in r.reasons)
    before = readiness.readiness_for(ada, "Ada", date=dt.date(2026, 11, 13))
    assert before.overreaching != "sustained_decline"


def test_readiness_of_an_athlete_without_data_is_a_clear_error(store) -> None:
    store.add_athlete("Bo")
    with pytest.raises(NotFoundError, match="no CMJ, velocity or wellness data for 'Bo'"):
        readiness.readiness_for(store, "Bo")
    with pytest.raises(NotFoundError, match="no athlete named 'Nobody'"):
        readiness.readiness_for(store, "Nobody")


def test_squad_lists_everyone_with_training_data(ada) -> None:
    athletes.athlete_register(ada, "Bo", body_mass_kg=80, level="beginner")  # profile, no data
    ada.add_athlete("Cy")  # no profile, no log: not in the squad
    squad = readiness.squad_readiness(ada, date=dt.date(2026, 11, 22))
    assert [r.athlete for r in squad.athletes] == ["Ada"]
    assert list(squad.skipped) == ["Bo"] and "no CMJ" in squad.skipped["Bo"]
    d = squad.to_dict()
    assert (d["red"], d["yellow"], d["green"]) == (1, 0, 0)
    trends = readiness.readiness_trends(ada, "Ada", date=dt.date(2026, 11, 22))
    assert trends.readiness == squad.athletes[0]
    assert {x.name for x in trends.series} >= {"wellness_score", "sleep_h"}
    only = readiness.squad_readiness(ada, date=dt.date(2026, 11, 22), names=["Bo"])  # a scope
    assert only.athletes == () and list(only.skipped) == ["Bo"]


def test_readiness_swc_from_the_squad_and_labelled_fallback_for_one_athlete(ada) -> None:
    # Hopkins 2004: SWC = 0.2 x the between-athlete SD. Ada alone: no squad SD, each marker's
    # SWC is her own SD, labelled; with Bo's check-ins (a steady wellness score of 3.0 against
    # Ada's) the wellness SWC is 0.2 x the SD of the two athletes' baseline means.
    day = dt.date(2026, 11, 22)
    alone = readiness.readiness_for(ada, "Ada", date=day)
    assert {m.swc_basis for m in alone.markers if m.swc is not None} == {"individual_fallback"}
    athletes.athlete_register(ada, "Bo", body_mass_kg=80, level="beginner")
    checkins = tuple(
        log_wellness(
            date=day - dt.timedelta(days=i),
            sleep_h=7.5,
            sleep_quality=3,
            energy=3,
            mood=3,
            stress=3,
            soreness=3,
            today=TODAY,
        )
        for i in range(1, 22)
    )
    athletes.log_entries_save(ada, TrainingLog("Bo", wellness=checkins))
    squad = readiness.readiness_for(ada, "Ada", date=day)
    well = {m.name: m for m in squad.markers}["wellness_score"]
    ada_base = [
        w.wellness_score
        for w in tr.log_load(ada, "Ada").wellness
        if day - dt.timedelta(days=21) <= w.date < day
    ]
    expected = 0.2 * float(np.std([np.mean(ada_base), 3.0], ddof=1))
    assert well.swc_basis == "between_athlete" and well.swc == pytest.approx(expected)
    # velocity at each athlete's own reference load is not one measure across athletes
    assert {m.name: m for m in squad.markers}["velocity_ref_m_s"].swc_basis in (
        None,
        "individual_fallback",
    )


def test_last_logged_day_and_iso_week() -> None:
    log = TrainingLog(
        "Ada",
        sets=(log_set(date="2026-11-18", exercise="back_squat", load_kg=100, reps=5, today=TODAY),),
        wellness=(
            log_wellness(
                date="2026-11-20",
                sleep_h=8,
                sleep_quality=4,
                energy=4,
                mood=4,
                stress=2,
                soreness=2,
                today=TODAY,
            ),
        ),
    )
    assert readiness.last_logged_day(log, dt.date(2026, 11, 22)) == dt.date(2026, 11, 20)
    assert readiness.last_logged_day(log, dt.date(2026, 11, 19)) == dt.date(2026, 11, 18)
    assert readiness.last_logged_day(log, dt.date(2026, 11, 1)) == dt.date(2026, 11, 1)
    assert readiness.iso_week(dt.date(2027, 1, 1)) == "2026-W53"


def test_weekly_report_counts_the_week_and_assesses_its_last_logged_day(ada) -> None:
    rep = readiness.weekly_report_for(ada, "Ada", "2026-W47")
    assert (rep.start, rep.end) == (dt.date(2026, 11, 16), dt.date(2026, 11, 22))
    assert rep.summary["sets"] == 15 and all(rep.start <= s.date <= rep.end for s in rep.sets)
    assert rep.readiness.date == dt.date(2026, 11, 22) and rep.readiness.status == "red"


def test_work_sets_are_the_latest_days_top_load_in_set_order() -> None:
    def s(day: str, load: float, i: int, reps: int = 5):
        return log_set(
            date=day, exercise="back_squat", load_kg=load, reps=reps, set_index=i, today=TODAY
        )

    sets = [
        s("2026-11-02", 60, 1),
        s("2026-11-02", 100, 2),
        s("2026-11-09", 110, 3, 3),
        s("2026-11-09", 80, 1),
        s("2026-11-09", 110, 2, 4),
        log_set(date="2026-11-12", exercise="bench_press", load_kg=70, reps=5, today=TODAY),
    ]
    w = plan.work_sets(sets, "Back squat")
    assert w is not None
    assert (w.date, w.load_kg, [x.set_index for x in w.sets]) == (dt.date(2026, 11, 9), 110, [2, 3])
    assert plan.work_sets(sets, "deadlift") is None


def test_next_load_holds_when_rir_matches(ada) -> None:
    # latest back-squat session: 4 x 5 at 115 kg with RIR 2 -> hold under the RIR rule
    d = plan.next_load_for(ada, "Ada", "back_squat", rule="rir", target_reps=5).to_dict()
    assert (d["date"], d["exercise"], d["load_kg"], d["action"]) == (
        "2026-11-20",
        "back_squat",
        115.0,
        "hold",
    )
    with pytest.raises(NotFoundError, match="no logged deadlift sets"):
        plan.next_load_for(ada, "Ada", "deadlift")


def test_load_today_from_the_stored_one_rm_on_a_red_day(ada) -> None:
    # red on 2026-11-20: 80 % of the stored 140 kg = 112 kg, -10 % -> 100.8 -> 100 kg of plates
    r = plan.load_today_for(ada, "Ada", "back_squat", percent_1rm=80, date=dt.date(2026, 11, 20))
    d = r.to_dict()
    assert (d["date"], d["readiness_status"], d["load_raw_kg"], d["load_kg"]) == (
        "2026-11-20",
        "red",
        112.0,
        100.0,
    )


def test_load_today_from_the_days_warm_up_profile(store) -> None:
    # warm-ups on the line v = 1.44 - 0.01 load: e1RM at the back squat's MVT (0.24 m/s) = 120 kg
    _ada(store)
    day = dt.date(2026, 11, 20)
    sets = tuple(
        log_set(
            date=day,
            exercise="back_squat",
            load_kg=load,
            reps=3,
            set_index=i,
            mean_velocity_m_s=round(1.44 - 0.01 * load, 3),
            today=TODAY,
        )
        for i, load in enumerate((60, 80, 100), 1)
    )
    tr.log_save(store, TrainingLog("Ada", sets=sets), today=TODAY)
    prof = plan.warmup_profile(sets, "back_squat", day)
    assert prof is not None and prof.e1rm_kg == pytest.approx(120.0, abs=1e-6)
    assert plan.warmup_profile(sets[:2], "back_squat", day) is None
    r = plan.load_today_for(store, "Ada", "back_squat", percent_1rm=80).decision
    factor = {"green": 1.0, "yellow": 0.95, "red": 0.9}[r.readiness_status]
    assert r.one_rm_kg == pytest.approx(120.0, abs=1e-6)
    assert r.load_raw_kg == pytest.approx(96.0 * factor, abs=1e-6)
    assert r.load_kg == autoreg_round_to_plates(r.load_raw_kg)


def test_whatif_uses_the_logged_velocity_marker(ada) -> None:
    w = plan.whatif_for(ada, "Ada", days=14)
    assert w.marker == "velocity_ref_m_s" and "MODEL" in w.fit.label
    assert [x["scenario"] for x in w.scenarios] == ["as_recent", "taper_50", "rest"]
    with pytest.raises(NotFoundError, match="no jump_height_impulse_m series"):
        plan.whatif_for(ada, "Ada", marker="jump_height_impulse_m")


def test_plan_create_stores_a_checked_program_and_shows_a_week(ada) -> None:
    stored = plan.plan_create_for(
        ada, "Ada", goal="strength", weeks=8, days=3, start_date=dt.date(2026, 11, 23)
    )
    weeks = plan.program_week_rows(stored.program)
    assert [w["week"] for w in weeks] == list(range(1, 9)) and weeks[3]["kind"] == "deload"
    assert all(w["sessions"] == 3 for w in weeks)
    shown = plan.program_stored_rows(ada, "Ada", week=2)
    assert shown.id == stored.id and shown.rows and {r["week"] for r in shown.rows} == {2}
    assert sum(w["sets"] for w in weeks) <= len(plan.program_stored_rows(ada, "Ada").rows)


def test_athlete_register_refuses_profile_fields_without_level(store) -> None:
    with pytest.raises(InvalidParameterError, match="need --level and --body-mass-kg"):
        athletes.athlete_register(store, "Di", goals=["power"])
    with pytest.raises(InvalidParameterError, match="bad 1RM"):
        athletes.athlete_register(
            store, "Di", level="beginner", body_mass_kg=70, one_rms={"moon_squat": 100}
        )
    rec = athletes.athlete_register(store, "Di", body_mass_kg=70)
    assert rec.name == "Di" and rec.level is None
    assert athletes.store_info(store)["athletes"] == 1


def test_log_export_round_trip(ada, tmp_path: Path) -> None:
    out = athletes.log_export(ada, "Ada", tmp_path / "log.csv", end=dt.date(2026, 11, 22))
    assert out.entries == 189 and Path(out.file).exists()
    assert athletes.log_export(ada, "Ada", tmp_path / "x.json", start=TODAY).entries == 0


def _vbt_set(store, day: int, load: float, v: float, exercise: str = "back_squat") -> None:
    when = dt.datetime(2026, 1, day, 18, 0, tzinfo=dt.UTC)
    payload = {"exercise": exercise, "load_kg": load, "best_velocity_m_s": v}
    store.save_analysis(domain="vbt", kind="set", result=payload, athlete="Al", performed_at=when)


def test_vbt_sets_and_velocity_readiness(store) -> None:
    store.add_athlete("Al")
    for d, v in [(1, 1.00), (3, 0.98), (5, 1.02), (8, 1.01), (10, 0.99), (12, 0.93)]:
        _vbt_set(store, d, 60.0, v)
    _vbt_set(store, 12, 100.0, 0.50, exercise="bench_press")
    pts = vbt.vbt_sets(store, "Al", "back_squat")
    assert [p.velocity_m_s for p in pts] == [1.00, 0.98, 1.02, 1.01, 0.99, 0.93]
    assert len(vbt.vbt_sets(store, "Al", "back_squat", since=dt.date(2026, 1, 8))) == 3
    r = vbt.vbt_readiness_for(store, "Al", "back_squat")
    # baseline mean 1.00 m/s (SD 0.0158), today 0.93: a change of -0.07 m/s, far beyond the SWC
    assert (r.reference_load_kg, r.status, round(r.change_m_s, 3)) == (60.0, "red", -0.07)
    assert r.change_kg is None  # one load only: no slope to turn m/s into kg
    with pytest.raises(SignalError, match="no stored deadlift sets"):
        vbt.vbt_readiness_for(store, "Al", "deadlift")


def test_vbt_profiles_on_an_exact_line(store) -> None:
    # v = 1.50 - 0.01 load: slope -0.01 m/s per kg, v0 1.5 m/s, LD0 150 kg; a slower repeat of
    # 60 kg counts as a point per set but not per load
    sessions = {"s1": [(40.0, 1.10), (60.0, 0.90), (60.0, 0.80), (80.0, 0.70), (100.0, 0.50)]}
    pts = vbt.ProfilePoints(sessions)
    (by_load,) = vbt.vbt_profiles(pts, exercise="back_squat", per="loads", percent_1rm=50)
    p = by_load.profile
    assert p.slope_m_s_per_kg == pytest.approx(-0.01) and p.v0_m_s == pytest.approx(1.5)
    assert p.load_at_zero_velocity_kg == pytest.approx(150.0)
    assert by_load.to_dict()["load_for_percent_1rm_kg"] == pytest.approx(0.5 * p.e1rm_kg)
    (by_set,) = vbt.vbt_profiles(pts, exercise="back_squat", per="sets")
    assert by_set.profile.n_points == 5 and by_set.profile.slope_m_s_per_kg != pytest.approx(-0.01)
    with pytest.raises(SignalError, match="5 or more distinct loads"):
        vbt.vbt_profiles(pts, exercise="back_squat", min_loads=5)
    store.add_athlete("Al")
    for d, (load, v) in enumerate(sessions["s1"], 1):
        _vbt_set(store, d, load, v)
    stored = vbt.vbt_profile_points_stored(store, "Al", "back_squat", since=dt.date(2026, 1, 2))
    assert stored.sessions == {"Al back_squat (store)": sessions["s1"][1:]}


def test_vbt_file_sets_and_profile_points_from_a_summary_csv() -> None:
    f = DATA / "vbt" / "jovanovic_2015_bench_1RM_test_velocity.csv"
    sets = vbt.vbt_file_sets(f)
    assert sets.rows and all("velocity_loss_pct" in r for r in sets.rows)
    pts = vbt.vbt_profile_points([f], "bench_press")
    n_sets = sum(len(v) for v in pts.sessions.values())
    assert n_sets == len(
        [r for r in sets.rows if r.get("exercise", "bench_press") == "bench_press"]
    )


def test_force_file_analysed_and_kept(store) -> None:
    store.add_athlete("Ada")
    f = DATA / "force" / "gidiel_Single-CMJ-Fz.txt"
    trial = services.force_analyze_file(f, sampling_rate=1000.0)
    assert trial.result.test == "cmj" and trial.signal.sampling_rate == 1000.0
    rec = services.force_trial_save(store, "Ada", trial, source_name=f.name)
    (point,) = store.metric_history("Ada", "jump_height_impulse_m", kind="cmj")
    assert point.result_id == rec.id
    assert point.value == pytest.approx(trial.result.jump_height_impulse_m)


def test_stored_mvc(store) -> None:
    store.add_athlete("Ada")
    with pytest.raises(NotFoundError, match="no stored MVC"):
        services.emg_stored_mvc(store, "Ada")
    for v in (0.4, 0.5):
        store.save_analysis(domain="emg", kind="mvc", result={"mvc": {"VL": v}}, athlete="Ada")
    assert services.emg_stored_mvc(store, "Ada") == {"VL": 0.5}


def test_velocity_sets_logged_or_measured_are_read_once(store) -> None:
    # one reader of velocity sets: a hand-logged set, a bar-measured set, and a measured set
    # that was also logged with the same values (counted once)
    store.add_athlete("Al")
    day = dt.date(2026, 1, 5)
    logged = [
        log_set(
            date=day,
            exercise="back_squat",
            load_kg=60,
            reps=3,
            set_index=1,
            mean_velocity_m_s=1.01,
            today=TODAY,
        ),
        log_set(
            date=day,
            exercise="back_squat",
            load_kg=100,
            reps=3,
            set_index=2,
            mean_velocity_m_s=0.52,
            today=TODAY,
        ),
    ]
    tr.log_save(store, TrainingLog("Al", sets=tuple(logged)), today=TODAY)
    _vbt_set(store, 5, 100.0, 0.52)  # the same set, measured with the bar
    _vbt_set(store, 7, 60.0, 0.97)  # measured only
    pts = tr.velocity_sets(store, "Al")["back_squat"]
    assert [(p.performed_at.date().day, p.load_kg, p.velocity_m_s) for p in pts] == [
        (5, 60.0, 1.01),
        (5, 100.0, 0.52),
        (7, 60.0, 0.97),
    ]
    assert vbt.vbt_sets(store, "Al", "back_squat") == pts
    # readiness reads the same sets at the same reference load (the ~1 m/s load: 60 kg)
    (series,) = [s for s in tr.readiness_series(store, "Al") if s.name == "velocity_ref_m_s"]
    assert series.values == (1.01, 0.97)
