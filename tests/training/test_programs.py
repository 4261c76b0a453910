"""Plans obey their rules for every level x goal; the rule checker catches broken plans."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from neurolift.errors import InvalidParameterError
from neurolift.training.athlete import GOALS, LEVELS, athlete_profile, athlete_suggest_level
from neurolift.training.autoregulation import autoreg_load_today, autoreg_round_to_plates
from neurolift.training.programs import (
    HEAVY_PCT,
    LEVEL_RULES,
    VL_RANGE_HYPERTROPHY,
    VL_RANGE_STRENGTH,
    program_check,
    program_create,
)
from neurolift.training.progression import progression_next

START = dt.date(2026, 11, 23)
ONE_RMS = {
    "back_squat": 150,
    "front_squat": 120,
    "deadlift": 180,
    "bench_press": 100,
    "overhead_press": 60,
    "bench_pull": 80,
}


def _profile(level: str, **kw):
    kw.setdefault("available_days", ["mon", "tue", "thu", "fri", "sat"])
    return athlete_profile("A", level=level, body_mass_kg=80, one_rms=ONE_RMS, today=START, **kw)


CASES = [
    (lvl, goal, weeks, taper, days)
    for lvl in LEVELS
    for goal in GOALS
    for weeks, taper, days in ((8, False, 3), (12, True, 4), (10, True, 3))
]


@pytest.mark.parametrize(("level", "goal", "weeks", "taper", "days"), CASES)
def test_every_level_and_goal_obeys_its_rules(level, goal, weeks, taper, days) -> None:
    prog = program_create(
        _profile(level), goal=goal, weeks=weeks, days=days, start_date=START, taper=taper, nmes=True
    )
    assert program_check(prog) == []
    rules = LEVEL_RULES[level]
    lo, hi = rules["intensity_pct"]
    c_lo, c_hi = rules["contacts"]
    assert len(prog.weeks) == weeks and all(len(w.sessions) == days for w in prog.weeks)
    for w in prog.weeks:
        main = [
            st.percent_1rm
            for s in w.sessions
            for e in s.exercises
            if e.role == "main"
            for st in e.sets
            if st.percent_1rm is not None
        ]
        # intensity range of the level
        assert main and all(lo <= p <= hi for p in main)
        # weekly heavy-day exposure (>= 85 % 1RM) for intermediates and above, in every normal week
        if rules["heavy_day"] and w.kind == "normal":
            assert max(main) >= HEAVY_PCT
        if level == "beginner":  # moderate loads, no heavy work
            assert max(main) <= 75.0
        # velocity-loss caps by session focus
        for s in w.sessions:
            for e in s.exercises:
                for st in e.sets:
                    cap = st.velocity_loss_cap_pct
                    if cap is None:
                        continue
                    rng = (
                        VL_RANGE_HYPERTROPHY
                        if (s.focus == "hypertrophy" or e.role == "assistance")
                        else VL_RANGE_STRENGTH
                    )
                    assert rng[0] <= cap <= rng[1]
                    if (
                        goal in ("strength", "power")
                        and e.role == "main"
                        and s.focus in ("heavy", "power")
                    ):
                        assert cap <= 20.0
            # plyometric contacts per session within the level's range (scaled in deload/taper)
            if s.contacts:
                assert c_lo * w.volume_factor - 1 <= s.contacts <= c_hi * w.volume_factor + 1
        # advanced lifters get velocity targets on barbell lifts with an MVT
        if rules["velocity_targets"]:
            assert any(
                st.target_velocity_m_s is not None
                for s in w.sessions
                for e in s.exercises
                for st in e.sets
            )
    # deload placement and size; taper in the last two weeks only
    kinds = [w.kind for w in prog.weeks]
    assert kinds[0] == "normal"
    for i, k in enumerate(kinds, 1):
        if k == "deload":
            assert i % rules["deload_every"] == 0
            assert prog.weeks[i - 1].volume_factor == pytest.approx(0.5)
    if taper:
        assert kinds[-2:] == ["taper", "taper"] and "taper" not in kinds[:-2]
        assert [w.volume_factor for w in prog.weeks[-2:]] == [0.6, 0.4]
        heavy_last = max(
            st.percent_1rm or 0
            for s in prog.weeks[-1].sessions
            for e in s.exercises
            for st in e.sets
        )
        heavy_norm = max(
            st.percent_1rm or 0
            for s in prog.weeks[0].sessions
            for e in s.exercises
            for st in e.sets
        )
        assert heavy_last >= heavy_norm  # intensity kept in the taper (Bosquet 2007)


def test_deload_cuts_sets_not_intensity() -> None:
    prog = program_create(
        _profile("intermediate"), goal="strength", weeks=8, days=3, start_date=START
    )
    normal, deload = prog.weeks[0], prog.weeks[3]
    assert deload.kind == "deload"
    n_sets = sum(
        len(e.sets) for s in normal.sessions for e in s.exercises if e.kind == "resistance"
    )
    d_sets = sum(
        len(e.sets) for s in deload.sessions for e in s.exercises if e.kind == "resistance"
    )
    assert 0.4 <= 1 - d_sets / n_sets <= 0.6

    def top(w):
        return max(st.percent_1rm or 0 for s in w.sessions for e in s.exercises for st in e.sets)  # noqa: E731

    assert top(deload) >= top(normal)


def test_loads_are_rounded_to_plates_from_the_stored_one_rm() -> None:
    prog = program_create(
        _profile("intermediate"), goal="strength", weeks=4, days=3, start_date=START
    )
    st = prog.weeks[0].sessions[0].exercises[0].sets[0]
    assert st.percent_1rm == 85.0
    assert st.load_kg == autoreg_round_to_plates(150 * 0.85) == 127.5


def test_plyometric_tiers_rise_and_respect_strength_readiness() -> None:
    strong = program_create(_profile("advanced"), goal="power", weeks=12, days=3, start_date=START)
    tiers = [
        e.plyo_tier
        for w in strong.weeks
        for s in w.sessions
        for e in s.exercises
        if e.kind == "plyometric"
    ]
    order = ["low", "moderate", "high", "shock"]
    assert tiers[0] == "low" and "shock" in tiers
    assert all(order.index(a) <= order.index(b) for a, b in zip(tiers, tiers[1:], strict=False))
    weak = athlete_profile(
        "W",
        level="advanced",
        body_mass_kg=100,
        one_rms={"back_squat": 120},
        today=START,
        available_days=["mon", "wed", "fri"],
    )
    prog = program_create(weak, goal="power", weeks=12, days=3, start_date=START)
    assert {
        e.plyo_tier
        for w in prog.weeks
        for s in w.sessions
        for e in s.exercises
        if e.kind == "plyometric"
    } <= {"low", "moderate"}
    assert any("1.5 x body mass" in w for w in prog.warnings)


def test_nmes_protocol_and_contraindication() -> None:
    prog = program_create(
        _profile("beginner"), goal="strength", weeks=4, days=3, start_date=START, nmes=True
    )
    doses = [
        e.nmes for w in prog.weeks for s in w.sessions for e in s.exercises if e.kind == "nmes"
    ]
    assert len(doses) == 2 * 4
    assert doses[0]["frequency_hz"] == 75.0 and doses[0]["pulse_width_us"] == 400.0
    assert doses[0]["off_s"] / doses[0]["on_s"] >= 3 and "pacemaker" in doses[0]["safety"]
    no = program_create(
        _profile("beginner", contraindications=["pacemaker"]),
        goal="strength",
        weeks=4,
        days=3,
        start_date=START,
        nmes=True,
    )
    assert not any(e.kind == "nmes" for w in no.weeks for s in w.sessions for e in s.exercises)
    assert any("contraindication" in w for w in no.warnings)


def test_no_barbell_gives_rir_prescriptions_without_loads() -> None:
    p = _profile("intermediate", equipment=["dumbbell", "bench", "pullup_bar"])
    prog = program_create(p, goal="hypertrophy", weeks=4, days=3, start_date=START)
    sets = [
        (e.exercise, st)
        for w in prog.weeks
        for s in w.sessions
        for e in s.exercises
        if e.kind == "resistance"
        for st in e.sets
    ]
    assert all(
        st.percent_1rm is None and st.load_kg is None and st.rir is not None for _, st in sets
    )
    assert {x for x, _ in sets} <= {
        "goblet_squat",
        "split_squat",
        "push_up",
        "dumbbell_row",
        "pull_up",
    }


def test_checker_catches_broken_plans() -> None:
    prog = program_create(
        _profile("intermediate"), goal="strength", weeks=8, days=3, start_date=START
    )
    # 1) a heavy-day set with a hypertrophy velocity-loss cap
    w0 = prog.weeks[0]
    s0 = w0.sessions[0]
    e0 = s0.exercises[0]
    bad_set = dataclasses.replace(e0.sets[0], velocity_loss_cap_pct=35.0)
    bad_ex = dataclasses.replace(e0, sets=(bad_set,) + e0.sets[1:])
    bad_week = dataclasses.replace(
        w0,
        sessions=(dataclasses.replace(s0, exercises=(bad_ex,) + s0.exercises[1:]),)
        + w0.sessions[1:],
    )
    blk = prog.blocks[0]
    broken = dataclasses.replace(
        prog,
        blocks=(dataclasses.replace(blk, weeks=(bad_week,) + blk.weeks[1:]),) + prog.blocks[1:],
    )
    assert any("velocity-loss cap 35.0 %" in m for m in program_check(broken))
    # 2) no deload: every week normal
    flat = dataclasses.replace(
        prog,
        blocks=tuple(
            dataclasses.replace(
                b,
                weeks=tuple(
                    dataclasses.replace(w, kind="normal", volume_factor=1.0) for w in b.weeks
                ),
            )
            for b in prog.blocks
        ),
    )
    assert any("without a deload" in m for m in program_check(flat))
    # 3) heavy day removed: intensities capped at 80 %
    light = dataclasses.replace(
        prog,
        blocks=tuple(
            dataclasses.replace(
                b,
                weeks=tuple(
                    dataclasses.replace(
                        w,
                        sessions=tuple(
                            dataclasses.replace(
                                s,
                                exercises=tuple(
                                    dataclasses.replace(
                                        e,
                                        sets=tuple(
                                            dataclasses.replace(
                                                st, percent_1rm=min(st.percent_1rm, 80.0)
                                            )
                                            if st.percent_1rm
                                            else st
                                            for st in e.sets
                                        ),
                                    )
                                    for e in s.exercises
                                ),
                            )
                            for s in w.sessions
                        ),
                    )
                    for w in b.weeks
                ),
            )
            for b in prog.blocks
        ),
    )
    assert any("no heavy exposure" in m for m in program_check(light))


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        ({"goal": "endurance"}, "unknown goal"),
        ({"weeks": 1}, "weeks must be"),
        ({"days": 6}, "days a week"),
    ],
)
def test_bad_program_parameters(kw, match) -> None:
    args = {"goal": "strength", "weeks": 8, "days": 3, **kw}
    with pytest.raises(InvalidParameterError, match=match):
        program_create(_profile("beginner"), start_date=START, **args)


def test_more_days_than_available_is_refused() -> None:
    p = athlete_profile("A", level="advanced", body_mass_kg=80, available_days=["mon", "thu"])
    with pytest.raises(InvalidParameterError, match="only 2 available"):
        program_create(p, goal="strength", weeks=8, days=3, start_date=START)


def test_level_rule() -> None:
    assert athlete_suggest_level(training_age_years=0.2).level == "beginner"
    assert (
        athlete_suggest_level(training_age_years=6, body_mass_kg=80, squat_1rm_kg=180).level
        == "elite"
    )
    s = athlete_suggest_level(
        training_age_years=4,
        body_mass_kg=80,
        squat_1rm_kg=150,
        e1rm_history=[(dt.date(2026, 1, 1), 100.0), (dt.date(2026, 3, 1), 120.0)],
    )
    assert (s.by_training_age, s.by_relative_strength, s.by_progress_rate, s.level) == (
        "advanced",
        "advanced",
        "beginner",
        "beginner",
    )
    with pytest.raises(InvalidParameterError):
        athlete_suggest_level()


def test_autoregulation_by_readiness_and_profile() -> None:
    assert autoreg_load_today("back_squat", percent_1rm=80, one_rm_kg=150).load_kg == 120.0
    assert (
        autoreg_load_today(
            "back_squat", percent_1rm=80, one_rm_kg=150, readiness_status="yellow"
        ).load_kg
        == 115.0
    )
    assert (
        autoreg_load_today(
            "back_squat", percent_1rm=80, one_rm_kg=150, readiness_status="red"
        ).load_kg
        == 107.5
    )
    from neurolift.training.loadvelocity import lv_profile_fit

    prof = lv_profile_fit(
        [60, 80, 100, 120], [1.00, 0.80, 0.60, 0.40], exercise="back_squat", mvt_m_s=0.30
    )
    # v = 1.6 - 0.01 * load -> 0.7 m/s at 90 kg
    assert autoreg_load_today("back_squat", target_velocity_m_s=0.70, profile=prof).load_kg == 90.0
    with pytest.raises(InvalidParameterError):
        autoreg_load_today("back_squat", target_velocity_m_s=0.7, one_rm_kg=150)


def test_progression_rules() -> None:
    assert progression_next(load_kg=100, reps=[12, 12, 12], rir=[2, 2, 2]).action == "increase"
    assert progression_next(load_kg=100, reps=[12, 12, 12], rir=[1, 2, 2]).action == "hold"
    assert progression_next(load_kg=100, reps=[9, 7, 6], rir=[0, 0, 0]).next_load_kg == 95.0
    assert (
        progression_next(
            load_kg=100, reps=[5, 5, 5], rule="rir", rir=[4, 4, 4], target_rir=2
        ).next_load_kg
        == 105.0
    )
    assert (
        progression_next(
            load_kg=100, reps=[5, 4, 3], rule="rir", rir=[0, 0, 0], target_reps=5
        ).action
        == "decrease"
    )
    assert (
        progression_next(
            load_kg=100,
            reps=[3],
            rule="velocity",
            first_rep_velocity_m_s=0.52,
            target_velocity_m_s=0.50,
        ).action
        == "hold"
    )
    assert (
        progression_next(
            load_kg=100,
            reps=[3],
            rule="velocity",
            first_rep_velocity_m_s=0.57,
            target_velocity_m_s=0.50,
        ).next_load_kg
        == 105.0
    )
