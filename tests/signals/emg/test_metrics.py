"""NME, EMG-force relation, co-activation families and rate of EMG rise vs RFD: analytic answers."""

from __future__ import annotations

import numpy as np
import pytest

from neurolift.errors import InvalidParameterError, SamplingRateError, SignalError
from neurolift.signals.emg import (
    emg_coactivation,
    emg_force_relation,
    emg_nme,
    emg_rate_of_rise,
)
from neurolift.timeseries import TimeSeries


@pytest.mark.parametrize("fs", [500, 1000, 2000])
def test_coactivation_rectangles(fs):
    # Agonist 40 %MVC during [0, 1) s, antagonist 10 %MVC during [0.5, 1.5) s, window [0, 2) s.
    # Integrals (in %MVC*s): ag 40, ant 10, common min() area 10 * 0.5 = 5.
    #   ratio = 10/40 = 25 %;  Falconer-Winter = 2*5 / (40+10) = 20 %;
    #   Rudolph: (10/40)*(50) = 12.5 on [0.5,1), (0/40)*40 = 0 on [0,0.5),
    #            (0/10)*10 = 0 on [1,1.5): mean over 2 s = 12.5*0.5/2 = 3.125;
    #   temporal overlap (> 5 %MVC): 0.5 s of 2 s = 25 %.
    t = np.arange(2 * fs) / fs
    ag = np.where(t < 1, 40.0, 0.0)
    ant = np.where((t >= 0.5) & (t < 1.5), 10.0, 0.0)
    r = emg_coactivation(
        TimeSeries(ag, fs, "%MVC"), TimeSeries(ant, fs, "%MVC"), active_threshold=5
    )
    assert r.ratio_pct == pytest.approx(25.0)
    assert r.falconer_winter_pct == pytest.approx(20.0)
    assert r.rudolph == pytest.approx(3.125)
    assert r.temporal_overlap_pct == pytest.approx(25.0)
    assert r.warnings == []


def test_coactivation_window_unit_and_silence():
    fs = 1000
    a = TimeSeries(np.r_[np.zeros(1000), np.full(1000, 2.0)], fs, "V")
    b = TimeSeries(np.full(2000, 1.0), fs, "V")
    r = emg_coactivation(a, b, window_s=(1.0, 2.0))
    assert r.ratio_pct == pytest.approx(50.0)
    assert any("not %MVC" in w for w in r.warnings)
    with pytest.raises(SignalError, match="agonist is silent"):
        emg_coactivation(a, b, window_s=(0.0, 1.0))
    with pytest.raises(
        SamplingRateError, match="agonist is sampled at 1000 Hz but antagonist at 2000 Hz"
    ):
        emg_coactivation(a, TimeSeries(np.ones(4000), 2000, "V"))


def test_nme_absolute_and_normalised():
    # 300 N produced with 150 uV: NME = 2e6 N/V. MVC 600 N at 500 uV:
    # 50 %MVC force with 30 %MVC EMG -> normalised NME 50/30.
    fs = 1000
    f = TimeSeries(np.r_[np.zeros(1000), np.full(2000, 300.0)], fs, "N")
    e = TimeSeries(np.r_[np.full(1000, 1e-5), np.full(2000, 150e-6)], fs, "V")
    r = emg_nme(f, e, window_s=(1.5, 2.5), mvc_force_n=600, mvc_emg=500e-6, target_pct_mvc=50)
    assert r.nme_abs == pytest.approx(2e6)
    assert r.nme_norm == pytest.approx(50 / 30)
    assert r.force_pct_mvc == pytest.approx(50)
    assert r.warnings == []
    r2 = emg_nme(f, e, window_s=(1.5, 2.5), mvc_force_n=600, mvc_emg=500e-6, target_pct_mvc=20)
    assert any("differs from the stated 20" in w for w in r2.warnings)


def test_nme_mismatched_rates_and_missing_force_channel():
    f = TimeSeries(np.full((2000, 2), 100.0), 1000, "N", ("left", "right"))
    e = TimeSeries(np.full(2000, 1e-4), 1000, "V")
    with pytest.raises(InvalidParameterError, match="choose one with the force_channel"):
        emg_nme(f, e, window_s=(0.5, 1.5))
    with pytest.raises(InvalidParameterError, match="no channel 'total'"):
        emg_nme(f, e, window_s=(0.5, 1.5), force_channel="total")
    with pytest.raises(SamplingRateError, match="force is sampled at 1000 Hz but EMG at 2000 Hz"):
        emg_nme(f.channel("left"), TimeSeries(np.full(4000, 1e-4), 2000, "V"), window_s=(0.5, 1.5))


def test_emg_force_relation_linear_and_log():
    f = np.array([50.0, 100, 200, 400])
    r = emg_force_relation(f, 1e-5 + 2e-7 * f)
    assert r.slope_per_n == pytest.approx(2e-7)
    assert r.intercept == pytest.approx(1e-5)
    assert r.r2 == pytest.approx(1.0)
    rl = emg_force_relation(f, 3e-6 * f**1.3, scale="log")
    assert rl.slope_per_n == pytest.approx(1.3)
    with pytest.raises(SignalError, match="two different force levels"):
        emg_force_relation([1, 1], [2, 3])


@pytest.mark.parametrize("fs", [1000, 2000])
def test_rate_of_emg_rise_next_to_rfd(fs):
    # EMG envelope ramps at 4 mV/s from t=1 s; force ramps at 3000 N/s from t=1.05 s
    # (50 ms electromechanical delay). RER = 4e-3 V/s in every window; RFD = 3000 N/s.
    t = np.arange(3 * fs) / fs
    env = TimeSeries(
        np.column_stack(
            [np.where(t >= 1, (t - 1) * 4e-3, 0) + 2e-6, np.where(t >= 1, (t - 1) * 1e-3, 0) + 2e-6]
        ),
        fs,
        "V",
        ("VL", "VM"),
    )
    force = TimeSeries(np.where(t >= 1.05, (t - 1.05) * 3000, 0) + 20, fs, "N")
    r = emg_rate_of_rise(env, force=force)
    for w in (30, 50, 75):
        assert r.rer["VL"][f"rer_0_{w}ms"] == pytest.approx(4e-3, rel=1e-6)
        assert r.rer["VM"][f"rer_0_{w}ms"] == pytest.approx(1e-3, rel=1e-6)
    for w in (30, 50, 100, 200):
        assert r.rfd[f"rfd_0_{w}ms_n_s"] == pytest.approx(3000, rel=1e-6)
    assert r.electromechanical_delay_s["VL"] == pytest.approx(0.05, abs=2 / fs)


def test_rate_of_rise_mismatched_rates():
    env = TimeSeries(np.ones(2000), 1000, "V")
    with pytest.raises(
        SamplingRateError, match="force is sampled at 2000 Hz but the EMG at 1000 Hz"
    ):
        emg_rate_of_rise(env, force=TimeSeries(np.ones(4000), 2000, "N"))
