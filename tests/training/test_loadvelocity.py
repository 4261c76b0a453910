"""Load-velocity profiles: known lines, Jovanovic's bench data, OpenBarbell warm-up ramps."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest

from neurolift.errors import InvalidParameterError, SignalError
from neurolift.io.velocity import velocity_read_openbarbell, velocity_read_rep_summary
from neurolift.training.loadvelocity import (
    BENCH_PRESS_MPV_TABLE,
    lv_best_per_load,
    lv_generic_e1rm,
    lv_generic_percent_1rm,
    lv_group_equation,
    lv_load_for_percent_1rm,
    lv_load_for_velocity,
    lv_profile_fit,
    lv_velocity_for_load,
)

DATA = Path(__file__).parents[1] / "data" / "vbt"


def test_exact_line_is_recovered() -> None:
    """Points on v = 1.8 - 0.012 load: slope, v0, LD0 = 150 kg and e1RM at 0.3 m/s = 125 kg exactly."""
    loads = np.array([50.0, 70.0, 90.0, 110.0])
    p = lv_profile_fit(loads, 1.8 - 0.012 * loads, exercise="smith_squat", mvt_m_s=0.3)
    assert p.slope_m_s_per_kg == pytest.approx(-0.012)
    assert p.v0_m_s == pytest.approx(1.8)
    assert p.load_at_zero_velocity_kg == pytest.approx(150.0)
    assert p.e1rm_kg == pytest.approx(125.0)
    assert p.r2 == pytest.approx(1.0)
    assert p.residual_se_m_s == pytest.approx(0.0, abs=1e-12)
    assert lv_load_for_velocity(p, 0.6) == pytest.approx(100.0)
    assert lv_velocity_for_load(p, 100) == pytest.approx(0.6)
    assert lv_load_for_percent_1rm(p, 80) == pytest.approx(100.0)
    two = lv_profile_fit(
        loads, 1.8 - 0.012 * loads, method="two_point", exercise="smith_squat", mvt_m_s=0.3
    )
    assert two.e1rm_kg == pytest.approx(125.0) and two.e1rm_lower_kg is None


def test_prediction_interval_covers_truth() -> None:
    """Noisy profiles (SD 0.02 m/s, like a GymAware). The interval is a prediction interval: it
    should hold, ~95 % of the time, the load at which a new single rep (with the same noise)
    moves at the MVT, i.e. (MVT - e - v0) / slope with e ~ N(0, 0.02)."""
    rng = np.random.default_rng(42)
    loads = np.repeat([40.0, 60.0, 80.0, 100.0], 2)
    hits = 0
    trials = 1000
    for _ in range(trials):
        v = 1.56 - 0.0134 * loads + rng.normal(0, 0.02, loads.size)
        p = lv_profile_fit(loads, v, mvt_m_s=0.17)
        new_rep_1rm = (0.17 - rng.normal(0, 0.02) - 1.56) / -0.0134
        hits += p.e1rm_lower_kg <= new_rep_1rm <= p.e1rm_upper_kg
    assert 0.93 <= hits / trials <= 0.97


def test_jovanovic_bench_fixture() -> None:
    df = velocity_read_rep_summary(DATA / "jovanovic_2015_bench_1RM_test_velocity.csv")
    assert len(df) == 12 and set(df["exercise"]) == {"bench_press"}
    p = lv_profile_fit(df["load_kg"], df["mean_velocity_m_s"], exercise="bench_press", mvt_m_s=0.17)
    # numbers from the research note (computed independently with numpy.polyfit)
    assert p.slope_m_s_per_kg == pytest.approx(-0.01342, abs=5e-5)
    assert p.v0_m_s == pytest.approx(1.5617, abs=5e-4)
    assert p.residual_se_m_s == pytest.approx(0.022, abs=0.002)
    assert p.load_at_zero_velocity_kg == pytest.approx(116.4, abs=0.1)
    assert p.e1rm_kg == pytest.approx(103.7, abs=0.1)
    p20 = lv_profile_fit(
        df["load_kg"], df["mean_velocity_m_s"], exercise="bench_press", mvt_m_s=0.20
    )
    assert p20.e1rm_kg == pytest.approx(101.5, abs=0.1)
    assert p.e1rm_lower_kg < 100 < p.e1rm_upper_kg  # the lifter did lift 100 kg
    assert p.smallest_real_change_kg == pytest.approx(1.645 * p.residual_se_m_s / 0.01342, rel=1e-3)


def test_openbarbell_warmup_ramps_give_sensible_profiles() -> None:
    data = velocity_read_openbarbell(DATA / "openbarbell_TestData.json")
    sessions: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for s in data.sets:
        v = s.best_mean_velocity_m_s()
        if not s.removed and s.load_kg is not None and v is not None and s.exercise_key:
            sessions[(s.workout_id, s.exercise_key)].append((s.load_kg, v))
    fitted = []
    for (_, exercise), pts in sessions.items():
        loads, vels = lv_best_per_load([p[0] for p in pts], [p[1] for p in pts])
        if len(loads) >= 4:
            p = lv_profile_fit(loads, vels, exercise=exercise)
            fitted.append(p)
            assert p.slope_m_s_per_kg < 0 and p.r2 is not None and p.r2 > 0.7
            assert max(loads) < p.e1rm_kg < 1.5 * max(loads)
            if exercise == "back_squat":
                assert any("Banyard" in w for w in p.warnings)
    assert {p.exercise for p in fitted} == {"back_squat", "bench_press"} and len(fitted) == 5


def test_generic_bench_equation_matches_its_table() -> None:
    """The 2010 equation reproduces its own MPV table within its SEE (~3.6 %1RM)."""
    for pct, mpv in BENCH_PRESS_MPV_TABLE.items():
        assert lv_generic_percent_1rm(mpv) == pytest.approx(pct, abs=3.6)
    assert lv_generic_e1rm(80, 0.475) == pytest.approx(80 / lv_generic_percent_1rm(0.475) * 100)
    with pytest.raises(InvalidParameterError, match="no verified group equation"):
        lv_generic_percent_1rm(0.5, exercise="back_squat")
    with pytest.raises(InvalidParameterError):
        lv_generic_percent_1rm(1.6)


def test_squat_2017_equations_agree_with_the_abstract() -> None:
    """Both 2017 squat equations give 100 % 1RM at the abstract's velocity at 1RM, 0.32 m/s.

    At 1RM the whole concentric phase is propulsive (abstract), so MPV = MCV there and the two
    independent fits must meet; away from 1RM the MPV curve must lie at higher velocities than
    the MCV one (MPV leaves out the braking phase), which is what the coefficients give.
    """
    mpv = lv_group_equation("smith_squat", "mpv")
    mcv = lv_group_equation("smith_squat", "mcv")
    assert mpv.percent_1rm(0.32) == pytest.approx(100.0, abs=0.5)
    assert mcv.percent_1rm(0.32) == pytest.approx(100.0, abs=0.5)
    for v in (0.5, 0.8, 1.1):
        assert mpv.percent_1rm(v) > mcv.percent_1rm(v)
    # monotonic over the stated range, 30 % at the upper bound
    grid = np.linspace(mpv.min_velocity_m_s, mpv.max_velocity_m_s, 50)
    assert np.all(np.diff([mpv.percent_1rm(v) for v in grid]) < 0)
    assert mpv.percent_1rm(mpv.max_velocity_m_s) == pytest.approx(30.0, abs=0.5)
    assert mcv.percent_1rm(mcv.max_velocity_m_s) == pytest.approx(30.0, abs=0.5)
    assert lv_generic_e1rm(100, 0.80, exercise="smith_squat") == pytest.approx(
        100 / (mpv.percent_1rm(0.80) / 100)
    )
    assert lv_generic_percent_1rm(0.6, exercise="smith_squat", velocity="mcv") == pytest.approx(
        mcv.percent_1rm(0.6)
    )
    with pytest.raises(InvalidParameterError, match="Smith machine"):
        lv_generic_percent_1rm(0.6, exercise="back_squat")
    with pytest.raises(InvalidParameterError, match="unknown velocity"):
        lv_generic_percent_1rm(0.6, exercise="smith_squat", velocity="peak")
    with pytest.raises(InvalidParameterError):
        lv_generic_percent_1rm(1.5, exercise="smith_squat")
    with pytest.raises(InvalidParameterError, match="bench_press \\(mcv\\)"):
        lv_generic_percent_1rm(0.5, exercise="bench_press", velocity="mcv")


def test_bad_profiles_are_rejected() -> None:
    with pytest.raises(InvalidParameterError, match="two different loads"):
        lv_profile_fit([60, 60], [0.8, 0.7])
    with pytest.raises(SignalError, match="does not fall with load"):
        lv_profile_fit([40, 60, 80], [0.5, 0.6, 0.7])
    with pytest.raises(InvalidParameterError, match="must be > 0"):
        lv_profile_fit([0, 60, 80], [0.9, 0.6, 0.4])
    with pytest.raises(InvalidParameterError, match="loads but"):
        lv_profile_fit([40, 60, 80], [0.9, 0.6])
    p = lv_profile_fit([100, 140, 180], [0.8, 0.6, 0.4], exercise="deadlift")
    assert p.e1rm_kg is None and any("pass mvt_m_s" in w for w in p.warnings)
    with pytest.raises(InvalidParameterError, match="no e1RM"):
        lv_load_for_percent_1rm(p, 80)
