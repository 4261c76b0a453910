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
