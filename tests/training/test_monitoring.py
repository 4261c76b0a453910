"""Generic baseline statistics and the VBT readiness check built on them."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from neurolift.errors import InvalidParameterError, SignalError
from neurolift.training.monitoring import monitor_assess, monitor_baseline, monitor_typical_error
from neurolift.training.vbt_readiness import vbt_readiness


def test_baseline_uses_last_window_values() -> None:
    b = monitor_baseline([5, 1, 2, 3, 4], window=4, min_n=3)
    assert (
        b.values == (1, 2, 3, 4)
        and b.mean == 2.5
        and b.sd == pytest.approx(np.std([1, 2, 3, 4], ddof=1))
    )
    with pytest.raises(SignalError, match="need at least 3"):
        monitor_baseline([1.0, 2.0])


def test_typical_error_recovers_simulated_noise() -> None:
    rng = np.random.default_rng(3)
    true = rng.uniform(0.3, 1.2, 4000)
    te = monitor_typical_error(
        true + rng.normal(0, 0.02, true.size), true + rng.normal(0, 0.02, true.size)
    )
    assert te == pytest.approx(0.02, rel=0.05)


@pytest.mark.parametrize(
    ("value", "status"), [(1.0, "green"), (0.985, "yellow"), (0.96, "red"), (1.05, "green")]
)
def test_status_bands(value: float, status: str) -> None:
    hist = [0.99, 1.01, 0.98, 1.02, 1.00, 1.00]  # mean 1.0, SD 0.01414
    r = monitor_assess(value, hist)
    assert r.baseline_mean == pytest.approx(1.0)
    assert r.z_score == pytest.approx((value - 1.0) / np.std(hist, ddof=1))
    assert r.status == status


def test_lower_is_better_flips_and_swc_and_noise() -> None:
    hist = [300, 310, 305, 295, 300, 290]
    r = monitor_assess(330, hist, higher_is_better=False)
    assert r.status == "red" and r.meaningful
    small = monitor_assess(
        1.005, [0.99, 1.01, 0.98, 1.02, 1.00, 1.00], swc=0.02, typical_error=0.01
    )
    assert not small.meaningful and small.smallest_real_change == pytest.approx(0.01645)
    with pytest.raises(InvalidParameterError):
        monitor_assess(float("nan"), [1, 2, 3])


def _day(d: int) -> dt.datetime:
    return dt.datetime(2026, 3, d, 17, 30, tzinfo=dt.UTC)


def test_vbt_readiness_picks_the_one_metre_per_second_load() -> None:
    pts = []
    rng = np.random.default_rng(1)
    for d in range(1, 9):
        v_shift = -0.08 if d == 8 else 0.0
        for load, v in ((40, 1.02), (60, 0.76), (80, 0.50)):
            pts.append((_day(d), float(load), v + v_shift + rng.normal(0, 0.01)))
    r = vbt_readiness(pts, exercise="bench_press", slope_m_s_per_kg=-0.0134)
    assert r.reference_load_kg == 40.0 and r.session_date == "2026-03-08"
    assert r.n_baseline == 7 and r.status == "red" and r.meaningful
    assert r.change_m_s == pytest.approx(-0.08, abs=0.025)
    assert r.change_kg == pytest.approx(r.change_m_s / 0.0134)
    fixed = vbt_readiness(pts, reference_load_kg=60)
    assert fixed.reference_load_kg == 60 and fixed.status == "red"


def test_vbt_readiness_needs_a_baseline_and_today_at_the_load() -> None:
    pts = [(_day(1), 60.0, 0.8), (_day(2), 60.0, 0.81), (_day(3), 60.0, 0.79)]
    with pytest.raises(SignalError, match="need at least 3"):
        vbt_readiness(pts)
    pts += [(_day(4), 60.0, 0.8), (_day(5), 80.0, 0.55)]
    with pytest.raises(SignalError, match="no set within"):
        vbt_readiness(pts, reference_load_kg=60)


# ------------------------------------------------------------------------------------------------
# Smallest worthwhile change (Hopkins 2004: 0.2 x the between-athlete SD) and the 1.645 limit.


def test_swc_defaults_to_hopkins_between_athlete_sd() -> None:
    # Hopkins WG (2004), Sportscience 8:1-7: SWC = 0.2 x the between-athlete SD. A squad whose
    # athletes' true values differ with SD 0.04 m: the SD of their baseline means (each the mean
    # of 10 tests with 2 % noise) recovers it within 10 %, and the SWC is 0.2 x that (exact).
    from neurolift.training.monitoring import monitor_between_athlete_sd

    rng = np.random.default_rng(11)
    true = rng.normal(0.40, 0.04, 2000)
    means = (true[:, None] * (1 + rng.normal(0, 0.02, (2000, 10)))).mean(axis=1)
    between = monitor_between_athlete_sd(means)
    assert between == pytest.approx(0.04, rel=0.10)
    hist = [0.40, 0.41, 0.39, 0.40, 0.42, 0.38]
    r = monitor_assess(0.37, hist, between_athlete_sd=between)
    assert r.swc_basis == "between_athlete" and not any("squad" in w for w in r.warnings)
    assert r.swc == pytest.approx(0.2 * between, rel=1e-12)
    assert "between-athlete SD (Hopkins)" in r.method["swc"]


def test_swc_individual_option_and_single_athlete_fallback_are_labelled() -> None:
    from neurolift.training.monitoring import monitor_between_athlete_sd

    hist = [0.99, 1.01, 0.98, 1.02, 1.00, 1.00]
    own = float(np.std(hist, ddof=1))
    # one athlete: no between-athlete SD exists ...
    with pytest.raises(SignalError, match="needs a squad"):
        monitor_between_athlete_sd([0.40])
    # ... so the default falls back to the athlete's own SD, and says so
    alone = monitor_assess(0.97, hist)
    assert alone.swc == pytest.approx(0.2 * own) and alone.swc_basis == "individual_fallback"
    assert any("needs a squad" in w for w in alone.warnings)
    assert "fallback" in alone.method["swc"]
    # asked for on purpose: labelled individual, no warning about a missing squad
    indiv = monitor_assess(0.97, hist, swc_basis="individual", between_athlete_sd=0.05)
    assert indiv.swc == pytest.approx(0.2 * own) and indiv.swc_basis == "individual"
    assert not any("squad" in w for w in indiv.warnings)
    assert "individual SWC" in indiv.method["swc"]
    given = monitor_assess(0.97, hist, swc=0.03)
    assert given.swc == 0.03 and given.swc_basis == "given"


def test_smallest_real_change_is_a_two_sided_90_percent_limit() -> None:
    # 1.645 leaves 5 % in one tail of the standard normal (independent check with scipy): the
    # limit is two-sided 90 %, one-sided 95 % (tolerance 1e-4 on the probabilities).
    from scipy.stats import norm

    assert norm.cdf(1.645) == pytest.approx(0.95, abs=1e-4)
    assert norm.cdf(1.645) - norm.cdf(-1.645) == pytest.approx(0.90, abs=1e-4)
    r = monitor_assess(1.0, [0.99, 1.01, 0.98, 1.02, 1.00, 1.00], typical_error=0.01)
    assert r.smallest_real_change == pytest.approx(0.01645)
    assert "two-sided 90 %" in r.method["smallest_real_change"]
    assert "one-sided 95 %" in r.method["smallest_real_change"]


def test_vbt_readiness_passes_the_squad_sd() -> None:
    vel = (1.0, 0.98, 1.02, 1.01, 0.99, 1.0, 0.93)
    pts = [(_day(d), 60.0, v) for d, v in enumerate(vel, start=1)]
    squad = vbt_readiness(pts, between_athlete_sd_m_s=0.08)
    assert squad.swc_m_s == pytest.approx(0.016) and squad.swc_basis == "between_athlete"
    alone = vbt_readiness(pts)
    assert alone.swc_basis == "individual_fallback"
