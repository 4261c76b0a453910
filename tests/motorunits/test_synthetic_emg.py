"""Synthetic surface EMG / HD-EMG: known geometry in, the EMG analysis (issue 4) reads it back."""

from __future__ import annotations

import csv

import numpy as np
import pytest

from neurolift.errors import InvalidParameterError, SamplingRateError
from neurolift.io.decomposition import decomposition_read_csv
from neurolift.motorunits import mu_conduction_velocity, mu_sta
from neurolift.motorunits.pool import MotorUnitPool
from neurolift.motorunits.synthetic_emg import (
    discharges_write_csv,
    hdemg_simulate,
    muap_waveform,
    semg_simulate,
)

FS = 2048.0


@pytest.fixture(scope="module")
def small_sim():
    pool = MotorUnitPool(n_units=12)
    return pool.simulate(np.full(int(10 * FS), 0.6), sampling_rate=FS, random_state=1)


def test_grid_layout_names_and_determinism(small_sim):
    g = hdemg_simulate(small_sim, rows=13, cols=5, random_state=2)
    assert g.emg.n_channels == 65 and g.emg.unit == "V"
    assert g.emg.channels[5] == "r1c0" and g.emg.channels[-1] == "r12c4"
    assert g.layout[12, 4] == 64
    h = hdemg_simulate(small_sim, rows=13, cols=5, random_state=2)
    np.testing.assert_array_equal(g.emg.values, h.emg.values)
    assert g.reference is small_sim.force
    # discharges are the pool's ground truth
    assert all(
        np.array_equal(a, b) for a, b in zip(g.discharges, small_sim.discharges, strict=True)
    )


def test_muap_waveform_shape():
    t = np.linspace(-0.01, 0.01, 4001)
    w = muap_waveform(t, width_s=0.001)
    assert w.max() == 1.0 and w[2000] == 1.0
    assert w.min() == pytest.approx(
        -2 * np.exp(-1.5), rel=1e-3
    )  # side phases at t = +-lam*sqrt(3/2)
    assert (
        abs(np.trapezoid(w, t)) < 1e-9
    )  # no DC: the 2nd Hermite-Rodriguez function integrates to 0


def test_amplitude_grows_with_unit_size_and_conduction_velocity_is_recovered(small_sim):
    # Known answer: each unit's MUAP travels along the rows at unit_cv_m_s; the EMG issue's
    # conduction-velocity estimate (DD channels, spike-triggered averages) must recover it.
    g = hdemg_simulate(small_sim, rows=13, cols=5, ied_m=0.008, snr_db=20, random_state=2)
    assert (np.diff(g.unit_amplitude_v) > 0).all()
    assert g.unit_amplitude_v[-1] / g.unit_amplitude_v[0] == pytest.approx(
        100 ** (11 / 12), rel=1e-9
    )
    d = g.to_decomposition()
    muaps = mu_sta(d, layout=g.layout, mode="dd", firings="all")
    cv = mu_conduction_velocity(d, muaps=muaps, layout=g.layout)
    active = [i for i, s in enumerate(g.discharges) if s.size]
    est = np.array(cv.cv_m_s, dtype=float)
    truth = g.unit_cv_m_s[active]
    rel = np.abs(est / truth - 1)
    # units a decomposition would find: DD MUAP at least 10 % of the largest one on the grid
    # (with amplitude ~ twitch force the smallest units are 100x smaller and drown in the others)
    big = np.array(muaps.max_p2p_v) >= 0.1 * max(muaps.max_p2p_v)
    assert big.sum() >= 5
    ok = big & np.isfinite(rel)
    assert ok.sum() >= 0.8 * big.sum()
    assert np.median(rel[ok]) < 0.05
    assert (rel[ok] < 0.10).mean() >= 0.75


def test_noise_at_the_stated_snr(small_sim):
    clean = hdemg_simulate(small_sim, rows=4, cols=4, snr_db=None, random_state=5)
    noisy = hdemg_simulate(small_sim, rows=4, cols=4, snr_db=10.0, random_state=5)
    noise = noisy.emg.values - clean.emg.values
    snr = 20 * np.log10(np.sqrt(np.mean(clean.emg.values**2)) / np.sqrt(np.mean(noise**2)))
    assert snr == pytest.approx(10.0, abs=0.05)


def test_surface_emg_amplitude_rises_with_excitation():
    pool = MotorUnitPool()
    rms = []
    for lev in (0.1, 0.3, 0.6, 1.0):
        sim = pool.simulate(np.full(int(2 * FS), lev), sampling_rate=FS, random_state=3)
        emg = semg_simulate(sim, random_state=3, snr_db=None)
        rms.append(np.sqrt(np.mean(emg.values[int(0.5 * FS) :] ** 2)))
    assert (np.diff(rms) > 0).all()


def test_raw_discharge_input_and_validation():
    disc = [np.array([100, 400, 700]), np.array([250, 600])]
    g = hdemg_simulate(disc, sampling_rate=1000, n_samples=1000, rows=2, cols=2, random_state=0)
    assert g.emg.n_samples == 1000 and g.reference is None
    with pytest.raises(SamplingRateError):
        hdemg_simulate(disc)
    with pytest.raises(InvalidParameterError, match="n_samples"):
        hdemg_simulate(disc, sampling_rate=1000, n_samples=500)
    with pytest.raises(InvalidParameterError, match="rows"):
        hdemg_simulate(disc, sampling_rate=1000, rows=0)
    with pytest.raises(InvalidParameterError, match="ied_m"):
        hdemg_simulate(disc, sampling_rate=1000, ied_m=-0.01)
    with pytest.raises(InvalidParameterError, match="snr_db"):
        hdemg_simulate(disc, sampling_rate=1000, snr_db=500)


def test_discharge_csv_long_and_wide_round_trip(tmp_path, small_sim):
    g = hdemg_simulate(small_sim, rows=2, cols=2, random_state=0)
    long = g.write_discharges_csv(tmp_path / "long.csv")
    with long.open() as fh:
        rows = list(csv.DictReader(fh))
    active = [i for i, s in enumerate(g.discharges) if s.size]
    assert len(rows) == sum(g.discharges[i].size for i in active)
    for i in active:
        mine = np.array([int(r["sample"]) for r in rows if r["unit"] == f"MU{i}"])
        np.testing.assert_array_equal(np.sort(mine), g.discharges[i])
        times = np.array([float(r["time_s"]) for r in rows if r["unit"] == f"MU{i}"])
        np.testing.assert_allclose(np.sort(times), g.discharges[i] / FS)
    wide = g.write_discharges_csv(tmp_path / "wide.csv", layout="wide")
    back = decomposition_read_csv(wide, sampling_rate=FS)
    assert back.unit_names == tuple(f"MU{i}" for i in active)
    for j, i in enumerate(active):
        np.testing.assert_array_equal(back.discharges[j], g.discharges[i])
    with pytest.raises(InvalidParameterError, match="layout"):
        discharges_write_csv(tmp_path / "x.csv", [np.array([1])], sampling_rate=FS, layout="tall")


def test_mu_properties_reads_the_simulation_back():
    # The EMG issue's MU property table on the ground truth: steady discharge rates equal the
    # pool's rate-coding prediction (5 %), recruitment-threshold forces rise with unit size.
    from neurolift.motorunits import mu_properties
    from neurolift.motorunits.pool import excitation_trapezoid

    e = excitation_trapezoid(
        duration_s=20, sampling_rate=FS, level=0.4, rise_s=5, fall_s=5, onset_s=1
    )
    pool = MotorUnitPool(n_units=20)
    sim = pool.simulate(e, random_state=3)
    g = hdemg_simulate(sim, rows=4, cols=4, random_state=1)
    res = mu_properties(g.to_decomposition(), mvc=1000.0, steady=(7.0, 13.0), min_sil=None)
    active = [i for i, d in enumerate(g.discharges) if d.size]
    assert res.n_units == len(active)
    # mu_properties averages instantaneous rates 1/ISI; for Gaussian ISIs with CV c,
    # E[1/ISI] = (1/mean ISI)(1 + c^2 + 3 c^4 + ...): +4.5 % at c = 0.2
    cv = 0.2
    expected = pool.discharge_rates(0.4)[active] * (1 + cv**2 + 3 * cv**4)
    got = np.array([u.dr_steady_pps for u in res.units])
    np.testing.assert_allclose(got, expected, rtol=0.05)
    rt = np.array([u.rt_n for u in res.units])
    assert np.corrcoef(rt, np.arange(rt.size))[0, 1] > 0.8  # first-discharge jitter: up to 1 ISI
