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
    order = ["low", "moderate", "high", "shock"]
    # the most intense drill of each plyometric session (a shock session also has box jumps,
    # which keep their own, moderate, tier)
    tiers = [
        max((e.plyo_tier for e in s.exercises if e.kind == "plyometric"), key=order.index)
        for w in strong.weeks
        for s in w.sessions
        if s.contacts
    ]
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


# ------------------------------------------------------------------------------------------------
# Issue 10: dates, shock-tier plyometrics, RIR against the load, power work, velocity targets.


def _sets(prog, kind="resistance"):
    return [
        (w, s, e, st)
        for w in prog.weeks
        for s in w.sessions
        for e in s.exercises
        if e.kind == kind
        for st in e.sets
    ]


def _broken(prog, week_i, session_i, change):
    """``prog`` with session ``session_i`` of week ``week_i`` (0-based) replaced by ``change(s)``."""
    blocks = []
    for b in prog.blocks:
        weeks = []
        for w in b.weeks:
            if w.index - 1 == week_i:
                sessions = list(w.sessions)
                sessions[session_i] = change(sessions[session_i])
                w = dataclasses.replace(w, sessions=tuple(sessions))
            weeks.append(w)
        blocks.append(dataclasses.replace(b, weeks=tuple(weeks)))
    return dataclasses.replace(prog, blocks=tuple(blocks))


@pytest.mark.parametrize("start_offset", range(7))
def test_no_session_before_the_start_whatever_the_weekday(start_offset: int) -> None:
    # A Friday start used to schedule the Monday and Wednesday before it. Week k is now the 7
    # days from the start: no session before it, each week's sessions inside its 7 days.
    start = START + dt.timedelta(days=start_offset)
    p = _profile("intermediate", available_days=["mon", "wed", "fri"])
    prog = program_create(p, goal="strength", weeks=8, days=3, start_date=start)
    assert program_check(prog) == []
    dates = [s.date for w in prog.weeks for s in w.sessions]
    assert min(dates) >= start and len(dates) == 24 and len(set(dates)) == 24
    assert min(dates) - start < dt.timedelta(days=3)  # the first available day on or after it
    for w in prog.weeks:
        first = start + dt.timedelta(weeks=w.index - 1)
        assert all(first <= s.date < first + dt.timedelta(days=7) for s in w.sessions)


def test_friday_start_and_the_checker_flags_a_session_before_it() -> None:
    friday = dt.date(2026, 11, 27)
    p = _profile("intermediate", available_days=["mon", "wed", "fri"])
    prog = program_create(p, goal="strength", weeks=4, days=3, start_date=friday)
    assert [s.date for s in prog.weeks[0].sessions] == [
        friday,
        dt.date(2026, 11, 30),
        dt.date(2026, 12, 2),
    ]
    early = _broken(prog, 0, 0, lambda s: dataclasses.replace(s, date=dt.date(2026, 11, 23)))
    assert any("before the program start" in m for m in program_check(early))


@pytest.mark.parametrize("level", ["advanced", "elite"])
@pytest.mark.parametrize("days", [["mon", "wed", "fri"], ["mon", "tue", "wed", "thu"]])
def test_shock_plyometrics_capped_per_session_and_week_and_72_h_apart(level, days) -> None:
    # Verkhoshansky: depth jumps at most 4 x 10 a session for well-prepared athletes, 1-2
    # sessions a week; 72 h between shock sessions. Before: 5-6 x 10 depth jumps plus as many box
    # jumps labelled shock, 100-120 "shock" contacts twice a week. Box jumps land on the box
    # (low-to-moderate, Jensen & Ebben 2007) and keep their catalogue tier.
    p = _profile(level, available_days=days)
    prog = program_create(p, goal="power", weeks=12, days=len(days), start_date=START)
    assert program_check(prog) == []
    shock_days = []
    for w in prog.weeks:
        n_week = 0
        for s in w.sessions:
            dj = sum(e.contacts for e in s.exercises if e.exercise == "depth_jump")
            assert dj <= 40
            assert all(e.plyo_tier == "moderate" for e in s.exercises if e.exercise == "box_jump")
            assert all(e.exercise == "depth_jump" for e in s.exercises if e.plyo_tier == "shock")
            if dj:
                n_week += 1
                shock_days.append(s.date)
        assert n_week <= 2
    assert shock_days, "the last quarter of a 12-week advanced power plan is shock work"
    assert all((b - a).days >= 3 for a, b in zip(shock_days, shock_days[1:], strict=False))


def test_checker_flags_shock_violations() -> None:
    p = _profile("elite", available_days=["mon", "wed", "fri"])
    prog = program_create(p, goal="power", weeks=12, days=3, start_date=START)
    wi, si = next(
        (w.index - 1, j)
        for w in prog.weeks
        for j, s in enumerate(w.sessions)
        if any(e.exercise == "depth_jump" for e in s.exercises)
    )

    def relabel(s):  # box jumps counted as shock
        ex = tuple(
            dataclasses.replace(e, plyo_tier="shock") if e.exercise == "box_jump" else e
            for e in s.exercises
        )
        return dataclasses.replace(s, exercises=ex)

    def too_many(s):  # 6 x 10 depth jumps
        ex = tuple(
            dataclasses.replace(e, sets=e.sets[:1] * 6) if e.exercise == "depth_jump" else e
            for e in s.exercises
        )
        return dataclasses.replace(s, exercises=ex)

    assert any(
        "box_jump labelled shock" in m for m in program_check(_broken(prog, wi, si, relabel))
    )
    assert any(
        "shock (depth-jump) contacts" in m for m in program_check(_broken(prog, wi, si, too_many))
    )
    # a second shock session 48 h later
    dj = next(e for e in prog.weeks[wi].sessions[si].exercises if e.exercise == "depth_jump")
    other = (si + 1) % 3

    def add_dj(s):
        return dataclasses.replace(s, exercises=s.exercises + (dj,))

    msgs = program_check(_broken(prog, wi, other, add_dj))
    assert any("h after the last" in m for m in msgs)


# NSCA training load chart (Baechle & Earle, Essentials of Strength Training and Conditioning):
# max reps at %1RM - an independent reps-to-%1RM relation to check the generator's labels.
NSCA_CHART = {100: 1, 95: 2, 93: 3, 90: 4, 87: 5, 85: 6, 83: 7, 80: 8, 77: 9, 75: 10, 70: 12}


def _nsca_max_reps(pct: float) -> float:
    import numpy as np

    xs = sorted(NSCA_CHART)
    return float(np.interp(pct, xs, [NSCA_CHART[x] for x in xs]))


@pytest.mark.parametrize(("level", "goal", "weeks", "taper", "days"), CASES)
def test_rir_labels_agree_with_the_load(level, goal, weeks, taper, days) -> None:
    # Every %1RM set's RIR is what the load and reps leave: within 0.5 rep (whole-rep rounding)
    # of the modified Epley relation the generator uses and within 2 reps of the NSCA chart (an independent relation,
    # checked where the chart reaches: 70-100 % 1RM); no set asks for more reps than possible.
    # Before: 3 x 8 at 60 % labelled RIR 3 (about 12 left), 4 x 3 at 92.5 % labelled RIR 1.
    from neurolift.training.onerm import onerm_max_reps

    prog = program_create(
        _profile(level), goal=goal, weeks=weeks, days=days, start_date=START, taper=taper
    )
    for _, s, e, st in _sets(prog):
        if st.percent_1rm is None:
            assert st.rir_basis in ("target", None)
            continue
        left = onerm_max_reps(st.percent_1rm) - st.reps
        assert left >= -0.5, (s.date, e.exercise, st)
        if st.rir_basis == "lower_bound":
            assert st.rir <= left and st.rpe is None and s.focus == "power"
        else:
            assert st.rir_basis == "load_and_reps" and abs(st.rir - left) <= 0.5 + 1e-9
        if st.percent_1rm >= 70.0 and st.rir_basis == "load_and_reps":
            assert abs(st.rir - (_nsca_max_reps(st.percent_1rm) - st.reps)) <= 2.0
        if st.rpe is not None:
            assert st.rpe == 10 - st.rir and st.rir <= 4


def test_the_issue_examples_are_labelled_honestly() -> None:
    # 3 x 8 at 60 % leaves about 12 reps (modified Epley 11.9; NSCA-style charts ~12), so it is
    # no longer "RIR 3"; 92.5 % allows ~3 reps, so an elite heavy day there does 2 (RIR 1).
    beginner = program_create(
        _profile("beginner"), goal="strength", weeks=8, days=3, start_date=START
    )
    first = beginner.weeks[0].sessions[0].exercises[0].sets[0]
    assert (first.percent_1rm, first.reps, first.rir) == (60.0, 8, 12) and first.rpe is None
    elite = program_create(_profile("elite"), goal="strength", weeks=12, days=3, start_date=START)
    at_925 = [st for _, s, e, st in _sets(elite) if st.percent_1rm == 92.5]
    assert at_925 and all(st.reps == 2 and st.rir == 1 for st in at_925)
    broken = _broken(
        elite,
        len(elite.weeks) - 1,
        0,
        lambda s: dataclasses.replace(
            s,
            exercises=(
                dataclasses.replace(
                    s.exercises[0],
                    sets=(dataclasses.replace(s.exercises[0].sets[0], reps=3, rir=1),),
                ),
            )
            + s.exercises[1:],
        ),
    )
    msgs = program_check(broken)
    assert any("labelled RIR 1" in m or "beyond failure" in m for m in msgs), msgs


def test_beginner_power_is_power_work_not_the_hypertrophy_plan() -> None:
    # Power work: few reps (NSCA multiple-effort power 3-5), at most half the reps the load
    # allows (Jovanovic's ballistic adjustment), moderate loads, maximal intent. Before, the
    # beginner power plan was the hypertrophy plan (3 x 10 at 60-72.5 %).
    from neurolift.training.onerm import onerm_max_reps

    power = program_create(_profile("beginner"), goal="power", weeks=8, days=3, start_date=START)
    hyp = program_create(
        _profile("beginner"), goal="hypertrophy", weeks=8, days=3, start_date=START
    )
    assert program_check(power) == []
    main_p = [(s, st) for _, s, e, st in _sets(power) if e.role == "main"]
    main_h = [st for _, s, e, st in _sets(hyp) if e.role == "main"]
    assert {st.reps for _, st in main_p} == {4} and {st.reps for st in main_h} == {10}
    assert all(s.focus == "power" for s, _ in main_p)
    for _, st in main_p:
        assert 60.0 <= st.percent_1rm <= 75.0
        assert st.reps <= 0.5 * onerm_max_reps(st.percent_1rm)
        assert st.reps <= 0.5 * _nsca_max_reps(max(st.percent_1rm, 70.0))
    assert power.to_dict()["blocks"] != hyp.to_dict()["blocks"]


def test_power_sets_capped_by_velocity_loss_state_rir_as_a_lower_bound() -> None:
    prog = program_create(_profile("advanced"), goal="power", weeks=8, days=3, start_date=START)
    power = [(e, st) for _, s, e, st in _sets(prog) if s.focus == "power"]
    capped = [st for e, st in power if st.velocity_loss_cap_pct is not None]
    assert capped and all(st.rir_basis == "lower_bound" and st.rpe is None for st in capped)
    jumps = [st for e, st in power if e.exercise == "jump_squat"]
    assert jumps and all(st.rir is None for st in jumps)


def test_velocity_targets_say_where_they_come_from() -> None:
    # Bench press: the cited Gonzalez-Badillo & Sanchez-Medina 2010 relation (the plan's target
    # is within 0.03 m/s of the paper's equation solved for the %1RM: the paper's table and its
    # equation differ by up to 0.021 m/s, at 85 %). Free-weight back squat:
    # no verified equation - the 2017 squat equation is the Smith-machine squat, whose 1RM moves
    # at 0.32 m/s against 0.24 m/s free-weight (Banyard 2017) - so its target is labelled an
    # assumption, set by set (JSON, table, CSV).
    import numpy as np

    from neurolift.training.loadvelocity import lv_group_equation

    prog = program_create(_profile("advanced"), goal="strength", weeks=8, days=3, start_date=START)
    eq = lv_group_equation("bench_press", "mpv")
    seen = set()
    for _, _s, e, st in _sets(prog):
        if st.target_velocity_m_s is None:
            continue
        seen.add(e.exercise)
        if e.exercise == "bench_press":
            assert st.target_velocity_source.startswith("cited: Gonzalez-Badillo")
            roots = np.roots([eq.a, eq.b, eq.c - st.percent_1rm])
            v_eq = float(min(r.real for r in roots if 0 < r.real < 2))
            assert st.target_velocity_m_s == pytest.approx(v_eq, abs=0.03)
        else:
            assert st.target_velocity_source.startswith("assumption:")
            assert e.exercise in st.target_velocity_source
    assert {"bench_press", "back_squat"} <= seen
    rows = prog.set_rows()
    assert all("target_velocity_source" in r and "rir_basis" in r for r in rows)
    squat = next(r for r in rows if r["exercise"] == "back_squat" and r["target_velocity_m_s"])
    assert squat["target_velocity_source"].startswith("assumption:")
