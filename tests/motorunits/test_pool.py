"""Known-answer tests of the motor-unit pool (Fuglevand et al. 1993 defaults).

Physics used as the known answer:
* thresholds RTE_i = exp(ln(30) i / 120), E_max = RTE_n + (PFR_n - MFR)/g = 30 + (25 - 8)/1 = 47,
  so the last unit is recruited at 30/47 = 63.8 % of maximal excitation;
* a regular train of twitches P t/T exp(1 - t/T) at rate r has mean force P e T r g(T r);
* a renewal process with Gaussian ISIs of CV c has rate 1/mean(ISI) and ISI CV c.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import signal

from neurolift.errors import InvalidParameterError, SamplingRateError
from neurolift.motorunits.pool import (
    MotorUnitPool,
    MuscularState,
    NeuralState,
    excitation_ramp,
    excitation_step,
    excitation_trapezoid,
)

FS = 2048.0


def test_fuglevand_defaults():
    pool = MotorUnitPool()
    assert pool.n_units == 120
    assert pool.e_max == pytest.approx(47.0)
    np.testing.assert_allclose(pool.peak_rates_pps[[0, -1]], [35 - 10 * 30 ** (1 / 120) / 30, 25.0])
    assert pool.twitch_forces[-1] / pool.twitch_forces[0] == pytest.approx(100 ** (119 / 120))
    np.testing.assert_allclose(pool.contraction_times_s[-1], 0.030, rtol=1e-9)
    assert pool.contraction_times_s[0] == pytest.approx(
        0.09 * 100 ** (-1 / 120 / np.log(100) * np.log(3))
    )


def test_last_unit_recruited_at_64_percent_of_maximal_excitation():
    pool = MotorUnitPool()
    assert pool.last_recruitment_fraction == pytest.approx(30 / 47)
    # simulated: 0 -> 1 ramp over 20 s; first discharge of the last unit at ~64 % (+- 2 %)
    e = excitation_ramp(duration_s=20, sampling_rate=1000, level=1.0)
    sim = pool.simulate(e, random_state=0)
    first = sim.discharges[-1][0] / 1000 / 20
    assert first == pytest.approx(0.638, abs=0.02)
    firsts = np.array([d[0] for d in sim.discharges])
    assert np.corrcoef(firsts, pool.thresholds)[0, 1] > 0.99


@pytest.mark.parametrize("fs", [1000.0, 2048.0])
def test_spike_train_statistics_match_parameters_within_5_percent_over_30_s(fs):
    pool = MotorUnitPool()
    level = 0.8
    e = np.full(int(30 * fs), level)
    sim = pool.simulate(e, sampling_rate=fs, random_state=42)
    expected = pool.discharge_rates(level)
    got = sim.discharge_rates_pps()
    on = expected > 0
    assert np.isfinite(got[on]).all() and np.isnan(got[~on]).all()
    assert np.max(np.abs(got[on] / expected[on] - 1)) < 0.05
    cv = sim.isi_cv()[on]
    assert np.mean(cv) == pytest.approx(0.2, rel=0.05)
    assert np.median(np.abs(cv / 0.2 - 1)) < 0.05


def test_rates_onion_skin_under_de_luca_option():
    pool = MotorUnitPool(rate_model="deluca")
    for level in (0.3, 0.5, 0.8, 1.0):
        r = pool.discharge_rates(level)
        on = r > 0
        assert (np.diff(r[on]) < 0).all(), level  # earlier-recruited units fire faster
    e = np.full(int(20 * FS), 0.8)
    sim = pool.simulate(e, sampling_rate=FS, random_state=3)
    rates = sim.discharge_rates_pps()
    ok = np.isfinite(rates)
    rho = np.corrcoef(
        np.argsort(np.argsort(pool.thresholds[ok])), np.argsort(np.argsort(rates[ok]))
    )[0, 1]
    assert rho < -0.95
    # the Fuglevand default is not onion skin at high excitation: late units reach lower peaks
    # but at 0.5 excitation the earliest units saturate at their peak while rates still fall
    # with threshold; both models keep the ordering, only De Luca's holds at every level
    assert MotorUnitPool().discharge_rates(1.0)[0] > MotorUnitPool().discharge_rates(1.0)[-1]


def test_force_rises_monotonically_with_excitation():
    pool = MotorUnitPool(max_force_n=800)
    levels = np.linspace(0.02, 1.0, 50)
    mean = pool.mean_force(levels)
    assert (np.diff(mean) > 0).all()
    assert mean[-1] == pytest.approx(800)
    plateau = []
    for lev in (0.1, 0.3, 0.5, 0.7, 0.9, 1.0):
        sim = pool.simulate(np.full(int(4 * FS), lev), sampling_rate=FS, random_state=1)
        plateau.append(sim.force.values[int(1 * FS) :].mean())
    assert (np.diff(plateau) > 0).all()
    # the simulated plateau agrees with the mean-rate prediction within 5 %
    assert plateau[-1] == pytest.approx(pool.mean_force(1.0), rel=0.05)


def test_single_unit_force_is_the_twitch_sum():
    # One unit, no ISI noise: the mean force of a regular twitch train is P e T r g(T r).
    pool = MotorUnitPool(
        n_units=1,
        recruitment_range=1.0,
        isi_cv=0.0,
        max_force_n=10.0,
        peak_rate_first_pps=20,
        peak_rate_last_pps=20,
    )
    sim = pool.simulate(np.full(int(5 * FS), 1.0), sampling_rate=FS, random_state=0)
    d = sim.discharges[0]
    isi = np.diff(d) / FS
    assert isi.mean() == pytest.approx(1 / 20, rel=0.01)
    f = sim.force.values[int(2 * FS) : int(4 * FS)]
    assert f.mean() == pytest.approx(10.0, rel=0.02)
    # one isolated twitch peaks at P (times the force scale) at t = T
    lone = MotorUnitPool(
        n_units=1,
        recruitment_range=1.0,
        isi_cv=0.0,
        min_rate_pps=4,
        peak_rate_first_pps=8,
        peak_rate_last_pps=8,
        max_force_n=1.0,
    )
    s = lone.simulate(
        np.r_[np.zeros(100), np.ones(400), np.zeros(2000)], sampling_rate=FS, random_state=0
    )
    k = s.discharges[0][0]
    peak_at = np.argmax(s.force.values[k : k + int(0.12 * FS)]) / FS
    assert s.force.values[k : k + int(0.12 * FS)].max() == pytest.approx(
        lone._force_unit_n * lone.twitch_forces[0], rel=1e-3
    )
    assert peak_at == pytest.approx(lone.contraction_times_s[0], abs=1 / FS)


@pytest.mark.parametrize(
    ("kwargs", "fs", "n"),
    [
        ({}, 2048.0, 4099),  # length not a multiple of the 32-sample block
        ({"fatigue": True, "doublets": True}, 2048.0, 6000),
        ({"contraction_time_range": 1.0, "isi_cv": 0.0}, 1000.0, 2500),
        ({"n_units": 1, "recruitment_range": 1.0}, 512.0, 777),
    ],
)
def test_block_recursive_force_equals_filtering_each_unit(kwargs, fs, n):
    # The fast force stage (block states carried on a coarse grid, in-block discharges added by
    # a sparse product) must give the numbers of filtering every unit's weighted discharge train
    # with its own second-order twitch recursion, to rounding (1e-9 of the peak force).
    pool = MotorUnitPool(**kwargs)
    e = np.clip(np.linspace(-0.1, 1.2, n), 0, 1)
    sim = pool.simulate(e, sampling_rate=fs, random_state=4)
    ref = pool._force_from_discharges_reference(list(sim.discharges), n, fs)
    assert np.abs(sim.agonist_force - ref).max() <= 1e-9 * ref.max()
    assert ref.max() > 0


def test_deterministic_for_a_random_state():
    pool = MotorUnitPool()
    e = excitation_trapezoid(duration_s=4, sampling_rate=FS, level=0.4, rise_s=1, fall_s=1)
    a = pool.simulate(e, random_state=7)
    b = pool.simulate(e, random_state=7)
    c = pool.simulate(e, random_state=8)
    assert all(np.array_equal(x, y) for x, y in zip(a.discharges, b.discharges, strict=True))
    np.testing.assert_array_equal(a.force.values, b.force.values)
    assert not all(np.array_equal(x, y) for x, y in zip(a.discharges, c.discharges, strict=True))


def _smoothed_rate_correlation(sim, units, fs):
    win = signal.windows.hann(int(0.4 * fs))
    x = []
    for u in units:
        s = np.zeros(sim.n_samples)
        s[sim.discharges[u]] = 1
        x.append(np.convolve(s, win, mode="same")[int(2 * fs) : -int(2 * fs)])
    c = np.corrcoef(np.array(x))
    return c[np.triu_indices(len(units), 1)].mean()


def test_shared_input_fraction_synchronises_units():
    e = np.full(int(20 * FS), 0.3)
    units = list(range(0, 40, 4))
    corr = []
    for rho in (0.0, 0.5, 0.9):
        pool = MotorUnitPool(neural_state=NeuralState(shared_input_fraction=rho))
        sim = pool.simulate(e, sampling_rate=FS, random_state=11)
        corr.append(_smoothed_rate_correlation(sim, units, FS))
    assert corr[0] < 0.1
    assert corr[0] < corr[1] < corr[2]
    assert corr[2] > 0.3


def test_antagonist_coactivation_reduces_net_force():
    e = np.full(int(3 * FS), 1.0)
    base = MotorUnitPool().simulate(e, sampling_rate=FS, random_state=2)
    co = MotorUnitPool(neural_state=NeuralState(antagonist_coactivation=0.2)).simulate(
        e, sampling_rate=FS, random_state=2
    )
    np.testing.assert_array_equal(base.agonist_force, co.agonist_force)
    late = slice(int(1 * FS), None)
    assert co.force.values[late].mean() < base.force.values[late].mean()
    expected_ant = 0.5 * MotorUnitPool().mean_force(0.2)
    assert co.antagonist_force[late].mean() == pytest.approx(expected_ant, rel=0.02)


def test_muscular_state_scales_force_exactly_and_slows_twitches():
    e = np.full(int(2 * FS), 0.6)
    a = MotorUnitPool().simulate(e, sampling_rate=FS, random_state=5)
    b = MotorUnitPool(muscular_state=MuscularState(twitch_force_scale=1.07)).simulate(
        e, sampling_rate=FS, random_state=5
    )
    np.testing.assert_allclose(b.force.values, 1.07 * a.force.values, rtol=1e-9, atol=1e-9)
    slow = MotorUnitPool(muscular_state=MuscularState(contraction_time_scale=1.3))
    assert slow.mean_force(0.3) > MotorUnitPool().mean_force(0.3)  # more fusion at the same rates


def test_neural_levers_raise_mvc_and_early_rfd():
    base = MotorUnitPool()
    assert MotorUnitPool(neural_state=NeuralState(voluntary_activation=0.85)).mean_force(
        1.0
    ) < base.mean_force(1.0)
    assert MotorUnitPool(neural_state=NeuralState(peak_rate_scale=1.2)).mean_force(
        1.0
    ) > base.mean_force(1.0)
    assert MotorUnitPool(neural_state=NeuralState(recruitment_threshold_scale=0.8)).mean_force(
        0.3
    ) > base.mean_force(0.3)
    e = excitation_step(duration_s=1.0, sampling_rate=FS, level=1.0, onset_s=0.2)
    slow = (
        MotorUnitPool(neural_state=NeuralState(excitation_rise_time_s=0.15))
        .simulate(e, random_state=4)
        .metrics()
    )
    fast = (
        MotorUnitPool(neural_state=NeuralState(excitation_rise_time_s=0.02))
        .simulate(e, random_state=4)
        .metrics()
    )
    boosted = MotorUnitPool(
        neural_state=NeuralState(excitation_rise_time_s=0.02, early_rate_pps=60), doublets=True
    ).simulate(e, random_state=4)
    assert fast.rfd_0_50ms_n_s > 1.2 * slow.rfd_0_50ms_n_s
    assert boosted.metrics().rfd_0_50ms_n_s > fast.rfd_0_50ms_n_s
    first_isis = [np.diff(d[:2])[0] / FS for d in boosted.discharges if d.size > 1]
    assert np.median(first_isis) == pytest.approx(0.005, abs=1 / FS)


def test_fatigue_option_lowers_force_in_a_sustained_contraction():
    e = np.full(int(30 * FS), 0.8)
    sim = MotorUnitPool(fatigue=True).simulate(e, sampling_rate=FS, random_state=9)
    f = sim.force.values
    early = f[int(1 * FS) : int(3 * FS)].mean()
    late = f[int(27 * FS) :].mean()
    assert late < 0.9 * early
    fresh = MotorUnitPool().simulate(e, sampling_rate=FS, random_state=9).force.values
    assert fresh[int(27 * FS) :].mean() == pytest.approx(
        fresh[int(1 * FS) : int(3 * FS)].mean(), rel=0.03
    )


def test_metrics_and_rfd():
    e = excitation_step(duration_s=1.5, sampling_rate=FS, level=1.0, onset_s=0.3)
    m = MotorUnitPool(max_force_n=1000).simulate(e, random_state=1).metrics()
    assert 0.3 < m.force_onset_s < 0.36
    assert m.rfd_0_50ms_n_s > 0 and m.rfd_0_100ms_n_s > 0 and m.rfd_0_200ms_n_s > 0
    assert 900 < m.peak_force_n < 1150
    d = m.to_dict()
    assert d["n_recruited"] == 120 and d["method"]["name"] == "fuglevand_1993_pool"


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"min_rate_pps": -8}, "min_rate_pps"),
        ({"peak_rate_first_pps": -1}, "peak_rate_first_pps"),
        ({"peak_rate_last_pps": 5}, "must be >= min_rate_pps"),
        ({"recruitment_range": 0.5}, "recruitment_range must be >= 1"),
        ({"n_units": 0}, "n_units"),
        ({"isi_cv": 0.9}, "isi_cv"),
        ({"rate_model": "henneman"}, "unknown rate_model"),
        ({"max_force_n": 0}, "max_force_n"),
    ],
)
def test_bad_pool_parameters(kwargs, match):
    with pytest.raises(InvalidParameterError, match=match):
        MotorUnitPool(**kwargs)


def test_bad_excitation_and_states():
    pool = MotorUnitPool()
    with pytest.raises(InvalidParameterError, match=r"excitation must lie in \[0, 1\]"):
        pool.simulate(np.full(100, 1.2), sampling_rate=FS)
    with pytest.raises(InvalidParameterError, match="excitation must lie"):
        pool.simulate(np.full(100, -0.1), sampling_rate=FS)
    with pytest.raises(SamplingRateError):
        pool.simulate(np.full(100, 0.5))
    with pytest.raises(InvalidParameterError, match="level"):
        excitation_trapezoid(duration_s=5, sampling_rate=FS, level=1.5)
    with pytest.raises(InvalidParameterError, match="voluntary_activation"):
        NeuralState(voluntary_activation=1.3)
    with pytest.raises(InvalidParameterError, match="twitch_force_scale"):
        MuscularState(twitch_force_scale=-1)
    with pytest.raises(InvalidParameterError, match="exceeds duration"):
        excitation_trapezoid(duration_s=5, sampling_rate=FS, level=0.5, rise_s=3, fall_s=3)
