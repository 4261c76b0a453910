"""Readiness and overreaching detection on simulated series with a known truth.

Physics of the simulation: an athlete's true CMJ height h0 (m) is constant; each day's measured
value (the mean of the day's trials) is h0 x (1 + e), e ~ N(0, 5 %) (the day-to-day CV the issue
asks for); velocity at a fixed load is v0 + N(0, 0.03) m/s on three training days a week. A
functional-overreaching episode multiplies both by (1 - d) from its onset on (d = 7-10 %), reached
over 3 days; a "bad day" multiplies one day by 0.85.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from neurolift.errors import InvalidParameterError
from neurolift.training.overreaching import (
    DailySeries,
    overreaching_classify,
    overreaching_scan,
    readiness_assess,
)

D0 = dt.date(2026, 9, 1)


def _squad(
    n: int,
    days: int,
    rng: np.random.Generator,
    *,
    onset: np.ndarray | None,
    size: np.ndarray | None,
):
    t = np.arange(days)[None, :]
    factor = np.ones((n, days))
    if onset is not None:
        factor = 1.0 - size[:, None] * np.clip((t - onset[:, None] + 1) / 3.0, 0.0, 1.0)
    h0 = rng.uniform(0.28, 0.45, size=(n, 1))
    v0 = rng.uniform(0.7, 0.9, size=(n, 1))
    cmj = h0 * factor * (1 + rng.normal(0, 0.05, size=(n, days)))
    train = (t + rng.integers(0, 7, size=(n, 1))) % 7 < 3
    vel = np.where(train % 2 == 1, v0 * factor + rng.normal(0, 0.03, size=(n, days)), np.nan)
    return cmj, vel


def _red(cmj, vel):
    return overreaching_classify(
        {
            "jump_height_impulse_m": overreaching_scan(cmj),
            "velocity_ref_m_s": overreaching_scan(vel),
        }
    )


@pytest.mark.parametrize("seed", [1, 2])
def test_sustained_decline_flagged_within_a_week_and_few_false_reds(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, days = 400, 70
    onset = rng.integers(35, 60, size=n)
    size = rng.uniform(0.07, 0.10, size=n)
    red_o = _red(*_squad(n, days, rng, onset=onset, size=size))["sustained"]
    hit = np.array([red_o[i, onset[i] : onset[i] + 7].any() for i in range(n)])
    assert hit.mean() >= 0.88  # 1,000-athlete benchmark with the adaptation model: >= 90 %
    red_n = _red(*_squad(n, days, rng, onset=None, size=None))["sustained"]
    weeks = [(a, a + 7) for a in range(21, days - 6, 7)]
    fp = np.mean([red_n[:, a:b].any(axis=1).mean() for a, b in weeks])
    assert fp < 0.05


def test_a_bad_day_is_not_a_sustained_decline() -> None:
    # day-to-day scatter of +/- 2 % (alternating, so the baseline is known exactly), then one day
    # 15 % down: the 5-day mean is 3 % down, but without that day it is not down at all
    days = [D0 + dt.timedelta(days=i) for i in range(40)]
    cmj = 0.40 * (1 + 0.02 * np.tile([1.0, -1.0], 20))
    cmj[-1] = 0.40 * 0.85
    r = readiness_assess("Ada", [DailySeries("jump_height_impulse_m", tuple(days), tuple(cmj))])
    assert r.overreaching == "bad_day" and r.status == "yellow"
    assert any("one low day" in x for x in r.reasons)
    # the same drop held for 5 days is a sustained decline
    cmj[-5:] = 0.40 * 0.91
    r = readiness_assess("Ada", [DailySeries("jump_height_impulse_m", tuple(days), tuple(cmj))])
    assert r.overreaching == "sustained_decline" and r.status == "red"
    assert any("functional overreaching" in x for x in r.reasons)


def test_scan_known_answer_without_noise() -> None:
    # baseline days alternate 0.39/0.41 (mean 0.40, SD known), last 5 days at 0.36 (10 % down)
    x = np.r_[np.tile([0.39, 0.41], 15), np.full(5, 0.36)]
    r = overreaching_scan(x)
    base = x[35 - 5 - 7 - 21 : 35 - 5 - 7]
    sd = base.std(ddof=1)
    expected_z = (0.36 - base.mean()) / (sd * np.sqrt(1 / 5 + 1 / 21))
    assert r["z_short"][0, -1] == pytest.approx(expected_z)
    assert r["decline_pct"][0, -1] == pytest.approx((base.mean() - 0.36) / base.mean() * 100)
    assert np.isnan(r["z_short"][0, :15]).all()  # no baseline yet


def test_wellness_and_sleep_give_yellow_with_reasons() -> None:
    days = tuple(D0 + dt.timedelta(days=i) for i in range(30))
    sleep = (7.5,) * 29 + (4.5,)
    r = readiness_assess("Bo", [DailySeries("sleep_h", days, sleep)])
    assert r.status == "yellow" and any("slept 4.5 h" in x for x in r.reasons)
    assert any("no performance marker" in w for w in r.warnings)


def test_green_when_nothing_changes() -> None:
    rng = np.random.default_rng(5)
    days = tuple(D0 + dt.timedelta(days=i) for i in range(40))
    r = readiness_assess(
        "Cy",
        [DailySeries("jump_height_impulse_m", days, tuple(0.4 + rng.normal(0, 0.004, 40)))],
        date=days[-1],
    )
    assert r.status in ("green", "yellow") and r.overreaching in ("none", "bad_day")
    days41 = tuple(D0 + dt.timedelta(days=i) for i in range(41))
    steady = np.full(41, 0.4) + 0.004 * np.tile([1, -1], 21)[:41]  # today (+0.004) above the mean
    r2 = readiness_assess("Cy", [DailySeries("jump_height_impulse_m", days41, tuple(steady))])
    assert r2.status == "green" and r2.reasons == ("all markers within the athlete's normal range",)


def test_bad_input() -> None:
    with pytest.raises(InvalidParameterError):
        readiness_assess("X", [])
    with pytest.raises(InvalidParameterError, match="inf"):
        overreaching_scan([1.0, np.inf, 2.0])
    with pytest.raises(InvalidParameterError, match="min_baseline"):
        overreaching_scan(np.ones(30), min_baseline=1)


def test_trend_known_slope_and_deviation_flag() -> None:
    from neurolift.training.overreaching import overreaching_trend

    days = tuple(D0 + dt.timedelta(days=i) for i in range(42))
    # +0.5 % of 0.40 m per week, +/- 0.002 m alternating scatter, one day 0.02 m under the line
    line = 0.40 + (0.002 / 7) * np.arange(42)
    vals = line + 0.002 * np.tile([1.0, -1.0], 21)
    vals[30] -= 0.02
    t = overreaching_trend(DailySeries("jump_height_impulse_m", days, tuple(vals)))
    assert t.slope_per_week == pytest.approx(0.002, abs=3e-4)
    assert [(f[0], f[1]) for f in t.flags] == [(days[30], "low")]
    with pytest.raises(InvalidParameterError):
        overreaching_trend(DailySeries("jump_height_impulse_m", days, tuple(vals)), window_days=3)


def test_stale_data_is_not_green() -> None:
    days = tuple(D0 + dt.timedelta(days=i) for i in range(30))
    steady = tuple(0.4 + 0.004 * np.tile([1.0, -1.0], 15))
    r = readiness_assess(
        "Di",
        [DailySeries("jump_height_impulse_m", days, steady)],
        date=days[-1] + dt.timedelta(days=7),
    )
    assert r.status == "yellow" and any("no data since" in x for x in r.reasons)


@pytest.mark.parametrize(("hours", "flagged"), [(6.0, True), (5.9, True), (6.1, False)])
def test_sleep_loss_is_six_hours_or_less(hours: float, flagged: bool) -> None:
    # Craven et al. 2022 (Sports Med 52:2669) define sleep loss as <= 6 h per 24 h: a night of
    # exactly 6 h is flagged, 6.1 h is not.
    days = tuple(D0 + dt.timedelta(days=i) for i in range(30))
    r = readiness_assess("Bo", [DailySeries("sleep_h", days, (7.5,) * 29 + (hours,))])
    assert any("slept" in x for x in r.reasons) is flagged
    assert (r.status == "yellow") is flagged


def test_squad_between_athlete_sd_feeds_the_swc_and_one_athlete_falls_back() -> None:
    # Hopkins 2004: SWC = 0.2 x between-athlete SD. Five athletes with steady CMJs at known
    # heights: the squad SD is the SD of those heights (exact, the noise alternates and cancels).
    from neurolift.training.overreaching import readiness_between_athlete_sd

    days = tuple(D0 + dt.timedelta(days=i) for i in range(30))
    heights = (0.30, 0.35, 0.40, 0.45, 0.50)
    wiggle = 0.004 * np.tile([1.0, -1.0], 15)
    squad = {
        f"A{i}": [DailySeries("jump_height_impulse_m", days, tuple(h + wiggle))]
        for i, h in enumerate(heights)
    }
    sds = readiness_between_athlete_sd(squad, date=days[-1], baseline_days=20)
    assert sds["jump_height_impulse_m"] == pytest.approx(np.std(heights, ddof=1), abs=1e-12)
    r = readiness_assess("A2", squad["A2"], between_athlete_sd=sds)
    m = r.markers[0]
    assert m.swc_basis == "between_athlete" and m.swc == pytest.approx(
        0.2 * sds["jump_height_impulse_m"]
    )
    assert "Hopkins" in r.method["swc"]["jump_height_impulse_m"]
    # a squad of one has no between-athlete SD: the marker falls back, labelled
    assert readiness_between_athlete_sd({"A2": squad["A2"]}, date=days[-1]) == {}
    alone = readiness_assess("A2", squad["A2"])
    assert alone.markers[0].swc_basis == "individual_fallback"
    assert "fallback" in alone.method["swc"]["jump_height_impulse_m"]
