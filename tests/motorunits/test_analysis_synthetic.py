"""Known answers from simulated spike trains, MUAPs and bad inputs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from neurolift.errors import InvalidParameterError, SamplingRateError, SignalError
from neurolift.io.decomposition import Decomposition, decomposition_read_otb
from neurolift.motorunits import mu_properties
from neurolift.motorunits.analysis import (
    mu_plot_discharge_rates,
    mu_plot_raster,
    mu_plot_rt_dr,
    mu_pnr,
    mu_sil,
    mu_steady_window,
)
from neurolift.motorunits.muap import mu_conduction_velocity, mu_plot_muap_grid, mu_sta
from neurolift.motorunits.spiketrains import (
    mu_coherence,
    mu_common_drive_index,
    mu_instantaneous_rate,
    mu_synchrony_index,
)
from neurolift.timeseries import TimeSeries

DATA = Path(__file__).parents[1] / "data" / "emg"


def trapezoid(fs, n, level=30.0, ramp=(2.0, 8.0, 10.0)):
    t = np.arange(n) / fs
    return TimeSeries(
        np.interp(t, [0, ramp[0], ramp[1], ramp[2]], [0, level, level, 0]), fs, "%MVC"
    )


@pytest.mark.parametrize("fs", [1000, 2048, 4096])
@pytest.mark.parametrize("rate", [7.3, 11.0, 23.9])
def test_known_rates_within_001_pps(fs, rate):
    # A unit discharging regularly at `rate` pps from recruitment at 25 %MVC on the up-ramp
    # (t = 25/30*2 s) to the same force on the down-ramp. Discharge times are rounded to
    # samples, so each ISI is within one sample of fs/rate; the mean rate over many ISIs is
    # the true rate within (1 sample)/(duration) -> << 0.01 pps.
    n = int(10 * fs)
    force = trapezoid(fs, n)
    t_on, t_off = 25 / 30 * 2, 8 + (5 / 30) * 2
    times = np.arange(t_on, t_off, 1 / rate)
    d = Decomposition([np.round(times * fs).astype(int)], fs, n, reference=force)
    r = mu_properties(d, n_firings_rec_derec=4, min_sil=None)
    u = r.units[0]
    # mean rate over all ISIs = (n-1) / (last - first)
    assert u.dr_all_pps == pytest.approx(rate, abs=0.01)
    assert u.dr_steady_pps == pytest.approx(rate, abs=0.01)
    assert u.rt_pct_mvc == pytest.approx(25.0, abs=30 / 2 / fs * 2 + 1e-9)
    assert u.dert_pct_mvc == pytest.approx(force.values[round(times[-1] * fs)], abs=1e-9)
    assert u.cov_isi_all_pct < 100 / (fs / rate)  # only rounding jitter
    assert u.accepted


def test_onion_skin_slope_recovered():
    # Units recruited at 5..25 %MVC discharge at DR = 20 - 0.4 * RT on the plateau.
    fs, n = 2048, 20 * 2048
    force = trapezoid(fs, n, level=30, ramp=(4, 16, 20))
    rts = np.array([5.0, 10, 15, 20, 25])
    trains = []
    for rt in rts:
        rate = 20 - 0.4 * rt
        t_on = rt / 30 * 4
        trains.append(np.round(np.arange(t_on, 16 + (30 - rt) / 30 * 4, 1 / rate) * fs).astype(int))
    r = mu_properties(Decomposition(trains, fs, n, reference=force), min_sil=None)
    assert r.dr_rt_slope_pps_per_pct_mvc == pytest.approx(-0.4, abs=0.01)
    assert r.dr_rt_r2 > 0.999
    assert r.steady_start_s is not None and r.steady_end_s is not None
    assert r.force_cov_steady_pct == pytest.approx(0.0, abs=1e-9)


def test_instantaneous_rate():
    t, idr = mu_instantaneous_rate(np.array([0, 100, 250, 300]), sampling_rate=1000)
    assert idr.tolist() == [10.0, 1000 / 150, 20.0]
    with pytest.raises(InvalidParameterError, match="strictly increasing"):
        mu_instantaneous_rate(np.array([0, 100, 100]), sampling_rate=1000)


def test_sil_pnr_known():
    x = np.full(2000, 0.1)
    x[[200, 600, 1000, 1400]] = 1.0
    assert mu_sil(x, [200, 600, 1000, 1400]) == pytest.approx(1.0)
    # noise 0.1 of the peak: PNR = 10 log10(1 / 0.01) = 20 dB
    assert mu_pnr(x, [200, 600, 1000, 1400]) == pytest.approx(20.0)


# -- bad input ---------------------------------------------------------------------------------
def test_zero_units_is_an_error():
    d = Decomposition([], 2048, 1000, reference=TimeSeries(np.ones(1000), 2048, "%MVC"))
    with pytest.raises(SignalError, match="no motor units"):
        mu_properties(d)


def test_one_discharge_unit_is_rejected_by_name():
    fs, n = 1000, 10000
    good = np.arange(1000, 9000, 100)
    d = Decomposition(
        [good, np.array([5000])],
        fs,
        n,
        reference=trapezoid(fs, n),
        unit_names=("MU_good", "MU_single"),
    )
    r = mu_properties(d, min_sil=None)
    single = r.units[1]
    assert not single.accepted
    assert single.dr_all_pps is None and single.cov_isi_all_pct is None
    assert "single discharge" in single.rejection
    assert any(w.startswith("unit MU_single rejected") for w in r.warnings)
    d2 = r.to_dict()
    assert d2["units"][1]["dr_all_pps"] is None  # never NaN in output


def test_implausible_rate_gate():
    fs, n = 1000, 10000
    doublets = np.sort(np.r_[np.arange(1000, 9000, 200), np.arange(1003, 9000, 200)])
    r = mu_properties(Decomposition([doublets], fs, n, reference=trapezoid(fs, n)), min_sil=None)
    assert not r.units[0].accepted
    assert "outside 2-50 pps" in r.units[0].rejection


def test_force_channel_missing_warns_and_needs_window():
    fs, n = 1000, 10000
    d = Decomposition([np.arange(1000, 9000, 100)], fs, n)
    r = mu_properties(d, min_sil=None)
    assert r.units[0].rt_pct_mvc is None and r.units[0].dr_steady_pps is None
    assert r.units[0].dr_all_pps == pytest.approx(10.0)
    assert any("no force (reference) channel" in w for w in r.warnings)
    r2 = mu_properties(d, min_sil=None, steady=(3.0, 7.0))
    assert r2.units[0].dr_steady_pps == pytest.approx(10.0)


def test_absolute_force_needs_mvc_for_pct():
    fs, n = 1000, 10000
    f = TimeSeries(trapezoid(fs, n).values * 10, fs, "N")  # 300 N plateau
    d = Decomposition([np.arange(2000, 8000, 100)], fs, n, reference=f)
    r = mu_properties(d, min_sil=None)
    assert r.units[0].rt_pct_mvc is None and r.units[0].rt_n == pytest.approx(300.0)
    assert any("no mvc given" in w for w in r.warnings)
    r2 = mu_properties(d, min_sil=None, mvc=600)
    assert r2.units[0].rt_pct_mvc == pytest.approx(50.0)


def test_mismatched_rates_between_emg_and_force():
    with pytest.raises(
        SamplingRateError, match="reference is sampled at 1000 Hz but the discharges at 2048 Hz"
    ):
        Decomposition(
            [np.array([10, 20])], 2048, 2048, reference=TimeSeries(np.ones(2048), 1000, "N")
        )


def test_bad_parameters():
    fs, n = 1000, 10000
    d = Decomposition([np.arange(1000, 9000, 100)], fs, n, reference=trapezoid(fs, n))
    with pytest.raises(InvalidParameterError, match="steady end 20 s is after the end"):
        mu_properties(d, steady=(1, 20))
    with pytest.raises(InvalidParameterError, match="n_firings_rec_derec must be >= 2"):
        mu_properties(d, n_firings_rec_derec=1)
    with pytest.raises(SignalError, match="never rises above 0"):
        mu_steady_window(TimeSeries(np.zeros(100), 100, "N"))


# -- synchronisation ---------------------------------------------------------------------------
def _shared_trains(seed, shared_per_s, fs=2048, dur=60):
    rng = np.random.default_rng(seed)
    out = []
    shared = rng.uniform(0, dur - 1, int(shared_per_s * (dur - 1)))
    for rate in (10, 12):
        t = np.cumsum(rng.normal(1 / rate, 0.2 / rate, int(dur * rate * 1.3)))
        t = np.r_[t[t < dur - 1], shared + rng.uniform(0, 1e-3, shared.size)]
        out.append(np.unique((np.sort(t) * fs).astype(int)))
    return out


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_synchrony_index_counts_shared_discharges(seed):
    a, b = _shared_trains(seed, 2.0)
    assert mu_synchrony_index(a, b, sampling_rate=2048) == pytest.approx(2.0, abs=0.35)
    a0, b0 = _shared_trains(seed, 0.0)
    assert mu_synchrony_index(a0, b0, sampling_rate=2048) < 0.3


def test_coherence_and_common_drive_detect_shared_input():
    # Rate modulated by a common 10 Hz oscillation (alpha band) vs independent units.
    fs, n = 1000, 60000
    rng = np.random.default_rng(3)
    t = np.arange(n) / fs
    common = 0.5 * np.sin(2 * np.pi * 10 * t) + 0.7 * np.sin(2 * np.pi * 1.2 * t)

    def unit(drive):
        rate = np.clip(10 * (1 + drive + 0.2 * rng.normal(size=n)), 0, None)
        return np.flatnonzero(rng.random(n) < rate / fs)

    shared = [unit(common) for _ in range(8)]
    indep = [
        unit(0.5 * np.sin(2 * np.pi * rng.uniform(0.3, 3) * t + rng.uniform(0, 6)))
        for _ in range(8)
    ]
    c1 = mu_coherence(shared, sampling_rate=fs, n_samples=n, n_pairs=10, random_state=0)
    c0 = mu_coherence(indep, sampling_rate=fs, n_samples=n, n_pairs=10, random_state=0)
    assert c1.band_coherence["alpha"] > 3 * c0.band_coherence["alpha"]
    assert (
        mu_common_drive_index(shared, sampling_rate=fs, n_samples=n)
        > mu_common_drive_index(indep, sampling_rate=fs, n_samples=n) + 0.2
    )


# -- MUAPs and conduction velocity -------------------------------------------------------------
def test_sta_on_sample_equals_openhdemg():
    d = decomposition_read_otb(DATA / "otb_testfile.mat").sorted_by_recruitment()
    r = mu_sta(d)  # single differential, first 50 discharges, 50 ms window (openhdemg defaults)
    text = (DATA / "openhdemg_0.1.2_sample_outputs.txt").read_text()
    theirs = [
        float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if "max p2p SD MUAP" in line
    ]
    np.testing.assert_allclose(np.array(r.max_p2p_v) * 1e6, theirs, atol=0.05)
    cv = mu_conduction_velocity(d, muaps=mu_sta(d, mode="dd"))
    assert all(v is not None and 3.0 < v < 5.0 for v in cv.cv_m_s)
    assert len(mu_plot_muap_grid(r, 0).axes) == 1


def _propagating(cv, fs=2048, n=8192, ied=0.008, rows=8):
    t = np.arange(n) / fs
    spikes = np.arange(300, n - 300, 250)
    emg = np.zeros((n, rows))
    for r in range(rows):
        for s in spikes:
            emg[:, r] -= np.gradient(np.exp(-(((t - s / fs - r * ied / cv) / 0.002) ** 2)))
    return Decomposition([spikes], fs, n, emg=TimeSeries(emg * 1e-4, fs, "V"), ied_m=ied)


@pytest.mark.parametrize("cv", [3.0, 4.5, 6.0])
def test_conduction_velocity_known(cv):
    r = mu_conduction_velocity(_propagating(cv), layout=np.arange(8)[:, None])
    assert r.cv_m_s[0] == pytest.approx(cv, rel=0.02)
    assert r.warnings == []


def test_conduction_velocity_above_8_rejected_with_warning():
    d = _propagating(12.0)
    r = mu_conduction_velocity(d, layout=np.arange(8)[:, None])
    assert r.cv_m_s == [None]
    assert any("MU0" in w and "outside the physiological 2-8 m/s" in w for w in r.warnings)


def test_plots_render():
    fs, n = 1000, 10000
    d = Decomposition(
        [np.arange(1000, 9000, 100), np.arange(2000, 8000, 80), np.arange(3000, 7000, 120)],
        fs,
        n,
        reference=trapezoid(fs, n),
    )
    r = mu_properties(d, min_sil=None)
    for fig in (mu_plot_raster(d), mu_plot_discharge_rates(d), mu_plot_rt_dr(r)):
        assert fig.axes


def test_conduction_velocity_fixed_channels():
    d = _propagating(5.0, rows=8)
    r = mu_conduction_velocity(d, layout=np.arange(8)[:, None], channels=(0, 3), n_channels=5)
    assert r.rows == [[3, 4, 5, 6, 7]] and r.column == [0]
    assert r.cv_m_s[0] == pytest.approx(5.0, rel=0.02)
    with pytest.raises(InvalidParameterError, match="rows without a DD derivation"):
        mu_conduction_velocity(d, layout=np.arange(8)[:, None], channels=(0, 0))
