"""Moritani & deVries split: known answers from lines built with a known neural/muscular part."""

from __future__ import annotations

import numpy as np
import pytest

from neurolift.errors import InvalidParameterError, SignalError
from neurolift.signals.emg import emg_moritani_devries


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_recovers_shares_put_in(seed):
    # Physics: F = k * E. Pre k0, EMG at MVC E0. Training raises activation by dE and
    # force-per-EMG to k1. Neural part = k0*dE, muscular = (k1-k0)*(E0+dE).
    rng = np.random.default_rng(seed)
    k0 = rng.uniform(0.5e6, 2e6)
    e0 = rng.uniform(50e-6, 300e-6)
    de = rng.uniform(0.05, 0.4) * e0
    k1 = k0 * rng.uniform(1.02, 1.3)
    levels = np.array([0.2, 0.4, 0.6, 0.8, 1.0])
    pre_e, post_e = levels * e0, levels * (e0 + de)
    r = emg_moritani_devries(pre_e, k0 * pre_e, post_e, k1 * post_e)
    neural = k0 * de
    muscular = (k1 - k0) * (e0 + de)
    assert r.neural_gain_n == pytest.approx(neural, rel=1e-9)
    assert r.muscular_gain_n == pytest.approx(muscular, rel=1e-9)
    assert r.neural_share_pct == pytest.approx(100 * neural / (neural + muscular), rel=1e-9)
    assert r.neural_share_pct + r.muscular_share_pct == pytest.approx(100.0)
    assert r.warnings == []


def test_linear_fit_with_intercept():
    pre_e = np.array([20.0, 40, 60, 80])
    post_e = np.array([25.0, 50, 75, 100])
    r = emg_moritani_devries(
        pre_e, 10 + 2 * pre_e, post_e, 10 + 2.5 * post_e, fit="linear", emg_unit="uV"
    )
    # neural: 2*(100-80)=40; muscular: (10+250) - (10+200) = 50
    assert r.neural_gain_n == pytest.approx(40)
    assert r.muscular_gain_n == pytest.approx(50)
    assert r.pre_intercept_n == pytest.approx(10)
    assert r.to_dict()["emg_unit"] == "uV"


def test_only_neural_gain():
    r = emg_moritani_devries([1e-4], [100.0], [1.3e-4], [130.0])
    assert r.neural_share_pct == pytest.approx(100.0)
    assert r.muscular_share_pct == pytest.approx(0.0, abs=1e-9)


def test_opposite_signs_warn():
    r = emg_moritani_devries([1e-4], [100.0], [0.9e-4], [120.0])
    assert r.neural_gain_n < 0 < r.muscular_gain_n
    assert any("opposite signs" in w for w in r.warnings)


def test_bad_inputs():
    with pytest.raises(InvalidParameterError, match="one EMG amplitude per force level"):
        emg_moritani_devries([1, 2], [1], [1], [2])
    with pytest.raises(InvalidParameterError, match="pre_emg must be > 0"):
        emg_moritani_devries([0.0], [1], [1], [2])
    with pytest.raises(SignalError, match="no strength change"):
        emg_moritani_devries([1.0], [1.0], [1.0], [1.0])
    with pytest.raises(SignalError, match="single EMG level"):
        emg_moritani_devries([1.0, 1.0], [1.0, 2.0], [1.0, 2.0], [2.0, 3.0], fit="linear")
    with pytest.raises(InvalidParameterError, match="unknown fit"):
        emg_moritani_devries([1.0], [1.0], [1.0], [2.0], fit="quadratic")
