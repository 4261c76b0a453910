"""Known frequency content: MDF/MNF within 2 Hz, fatigue slopes of a known spectral compression."""

from __future__ import annotations

import numpy as np
import pytest

from neurolift.errors import InvalidParameterError, SignalTooShortError
from neurolift.signals.emg import emg_fatigue, emg_spectrum_frequencies
from neurolift.timeseries import TimeSeries


@pytest.mark.parametrize("fs", [1000, 2000, 4096])
@pytest.mark.parametrize("seed", [0, 1])
def test_flat_band_noise_mdf_mnf(fs, seed):
    # Noise built in the frequency domain with a flat power spectrum on 60-140 Hz and none
    # elsewhere (random phases, random Rayleigh magnitudes): MDF = MNF = 100 Hz.
    rng = np.random.default_rng(seed)
    n = 30 * fs
    f = np.fft.rfftfreq(n, 1 / fs)
    band = (f >= 60) & (f <= 140)
    spec = np.zeros(f.size, complex)
    spec[band] = rng.normal(size=band.sum()) + 1j * rng.normal(size=band.sum())
    y = np.fft.irfft(spec, n)
    r = emg_fatigue(TimeSeries(y, fs, "V"), window_s=1.0, lowcut_hz=20, highcut_hz=450)
    assert np.median(r.mdf_hz) == pytest.approx(100, abs=2)
    assert np.median(r.mnf_hz) == pytest.approx(100, abs=2)
    # no trend: per-window MDF scatters by a few Hz (80 random bins), so the slope over 30 s
    # stays well below the 1.5 Hz/s of the fatigue test below
    assert abs(r.channels[0].mdf_slope_hz_s) < 0.3


def test_two_tones_median_between():
    # Equal-power tones at 80 and 200 Hz: MNF = 140 Hz exactly; MDF falls between them.
    fs = 2000
    t = np.arange(fs) / fs
    x = np.sin(2 * np.pi * 80 * t) + np.sin(2 * np.pi * 200 * t)
    mdf, mnf = emg_spectrum_frequencies(x, sampling_rate=fs)
    assert mnf[0] == pytest.approx(140, abs=1)
    assert 80 < mdf[0] < 200


@pytest.mark.parametrize("fs", [1000, 2048])
def test_fatigue_slope_of_a_compressing_spectrum(fs):
    # A tone whose frequency falls linearly from 140 Hz by 1.5 Hz/s over 40 s:
    # MDF(t) = 140 - 1.5 t, slope -1.5 Hz/s, and -1.5/140*100 %/s relative to the start.
    t = np.arange(40 * fs) / fs
    f_inst = 140 - 1.5 * t
    x = np.sin(2 * np.pi * np.cumsum(f_inst) / fs)
    r = emg_fatigue(TimeSeries(np.column_stack([x, x]), fs, "V", ("a", "b")), window_s=1.0)
    ch = r.channels[1]
    assert ch.mdf_slope_hz_s == pytest.approx(-1.5, abs=0.02)
    assert ch.mnf_slope_hz_s == pytest.approx(-1.5, abs=0.02)
    # intercept is at the first window centre (0.5 s): 140 - 0.75
    assert ch.mdf_initial_hz == pytest.approx(139.25, abs=1.0)
    assert ch.mdf_slope_pct_s == pytest.approx(-1.5 / 139.25 * 100, abs=0.02)
    assert ch.mdf_r2 > 0.99


def test_errors():
    ts = TimeSeries(np.zeros(500), 1000, "V")
    with pytest.raises(SignalTooShortError, match="shorter than window_s"):
        emg_fatigue(ts, window_s=1.0)
    with pytest.raises(InvalidParameterError, match="Nyquist"):
        emg_fatigue(TimeSeries(np.zeros(5000), 800, "V"), window_s=1.0)
