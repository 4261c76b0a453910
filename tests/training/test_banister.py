"""Banister model: known-answer simulation, fit recovers the generating parameters, EWMA."""

from __future__ import annotations

import numpy as np
import pytest

from neurolift.errors import InvalidParameterError, SignalError
from neurolift.training.banister import banister_fit, banister_predict, banister_simulate, load_ewma


def test_single_impulse_closed_form() -> None:
    # one load of 100 on day 0: p(t) = k1*100*exp(-t/tau1) - k2*100*exp(-t/tau2) for t >= 1
    r = banister_simulate([100.0] + [0.0] * 30, p0=10, k1=0.5, k2=1.0, tau1=40, tau2=6)
    t = np.arange(1, 31)
    expected = 10 + 50 * np.exp(-t / 40) - 100 * np.exp(-t / 6)
    np.testing.assert_allclose(r["performance"][1:], expected, rtol=1e-12)
    assert r["performance"][0] == 10


@pytest.mark.parametrize("seed", [0, 1])
def test_fit_recovers_parameters_from_noisy_tests(seed: int) -> None:
    rng = np.random.default_rng(seed)
    days = 180
    w = rng.uniform(40, 120, days) * (rng.random(days) < 0.7)
    truth = dict(p0=250.0, k1=0.08, k2=0.20, tau1=35.0, tau2=7.0)
    p = banister_simulate(w, **truth)["performance"] + rng.normal(0, 0.5, days)
    tests = np.full(days, np.nan)
    tests[::3] = p[::3]
    f = banister_fit(w, tests)
    assert f.tau1_d == pytest.approx(35, rel=0.15)
    assert f.tau2_d == pytest.approx(7, rel=0.15)
    assert f.p0 == pytest.approx(250, abs=2)
    assert f.r2 > 0.9 and "MODEL" in f.label
    pred = banister_predict(f, w)
    assert np.sqrt(np.nanmean((pred - banister_simulate(w, **truth)["performance"]) ** 2)) < 1.0


def test_fit_warns_and_refuses() -> None:
    w = np.r_[np.full(30, 100.0), np.zeros(10)]
    p = banister_simulate(w, p0=100, k1=0.1, k2=0.2, tau1=40, tau2=7)["performance"]
    tests = np.full(40, np.nan)
    tests[::4] = p[::4]
    f = banister_fit(w, tests)
    assert any("poorly identified" in x for x in f.warnings)
    with pytest.raises(SignalError, match="need at least 6"):
        banister_fit(w, np.r_[p[:3], np.full(37, np.nan)])
    with pytest.raises(InvalidParameterError):
        banister_fit(-w, tests)


def test_ewma_known_answer() -> None:
    out = load_ewma([10.0] * 200, n_days=28)
    assert out[-1] == pytest.approx(10.0, rel=1e-6)
    lam = 2 / 8
    assert load_ewma([80.0, 0.0], n_days=7).tolist() == pytest.approx(
        [lam * 80, (1 - lam) * lam * 80]
    )
