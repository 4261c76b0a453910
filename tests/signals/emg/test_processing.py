"""Filters, envelopes, normalisation and iEMG: each against an analytic answer."""

from __future__ import annotations

import numpy as np
import pytest

from neurolift.errors import InvalidParameterError, SamplingRateError, SignalError
from neurolift.signals.emg import (
    emg_clean,
    emg_envelope,
    emg_filter,
    emg_integrate,
    emg_normalize,
    emg_process,
    emg_rectify,
)
from neurolift.timeseries import TimeSeries


def _sine(fs, f, dur=2.0, amp=1.0):
    t = np.arange(int(dur * fs)) / fs
    return amp * np.sin(2 * np.pi * f * t)


@pytest.mark.parametrize("fs", [1000, 2000, 4096])
def test_bandpass_passes_emg_band_and_rejects_outside(fs):
    inside = _sine(fs, 120)
    low = _sine(fs, 3)
    ts = TimeSeries(np.column_stack([inside + low, low]), fs, "V", ("a", "b"))
    y = emg_clean(ts).values
    core = slice(fs // 2, -fs // 2)
    # 120 Hz keeps its RMS (0.707) within 1 %; 3 Hz is attenuated > 40 dB
    assert np.sqrt(np.mean(y[core, 0] ** 2)) == pytest.approx(np.sqrt(0.5), rel=0.01)
    assert np.sqrt(np.mean(y[core, 1] ** 2)) < 0.01 * np.sqrt(0.5)


@pytest.mark.parametrize("mains", [50, 60])
def test_notch_removes_mains_and_harmonics(mains):
    fs = 2000
    x = _sine(fs, mains) + _sine(fs, 2 * mains) + _sine(fs, 3 * mains) + _sine(fs, 175)
    y = emg_clean(TimeSeries(x, fs, "V"), notch_hz=mains).values[fs // 2 : -fs // 2]
    spec = np.abs(np.fft.rfft(y * np.hanning(y.size)))
    f = np.fft.rfftfreq(y.size, 1 / fs)
    at = lambda hz: spec[np.argmin(np.abs(f - hz))]  # noqa: E731
    for h in (1, 2, 3):
        assert at(h * mains) < 0.02 * at(175)


def test_cutoff_at_or_above_nyquist_raises():
    ts = TimeSeries(np.zeros(2000), 800, "V")  # below 500 Hz check is separate
    with pytest.raises(
        InvalidParameterError, match="highcut_hz=450 Hz is at or above the Nyquist frequency 400 Hz"
    ):
        emg_filter(ts)
    with pytest.raises(InvalidParameterError, match="lowcut_hz 300 Hz must be < highcut_hz"):
        emg_filter(TimeSeries(np.zeros(4000), 2000, "V"), lowcut_hz=300, highcut_hz=200)


def test_sampling_rate_below_500_raises():
    with pytest.raises(SamplingRateError, match="below 500 Hz"):
        emg_clean(TimeSeries(np.zeros(1000), 250, "V"))


def test_nan_signal_raises():
    x = np.zeros(2000)
    x[10] = np.nan
    with pytest.raises(SignalError, match="NaN"):
        emg_clean(TimeSeries(x, 1000, "V"))


def test_envelopes_of_a_sine():
    fs = 2000
    x = TimeSeries(_sine(fs, 100, dur=3, amp=2.0), fs, "V")
    rms = emg_envelope(x, method="rms", window_s=0.1).values[fs:-fs]
    lin = emg_envelope(x, method="linear", lowpass_hz=5).values[fs:-fs]
    assert rms.mean() == pytest.approx(2 / np.sqrt(2), rel=1e-3)
    assert lin.mean() == pytest.approx(2 * 2 / np.pi, rel=1e-2)  # mean of |sine| = 2A/pi


def test_rectify_and_iemg():
    fs = 1000
    x = TimeSeries(np.tile([1e-3, -1e-3], 1000), fs, "V")
    assert np.all(emg_rectify(x).values == 1e-3)
    assert emg_integrate(x)[0] == pytest.approx(2e-3)  # 1 mV for 2 s
    assert emg_integrate(x, start_s=0.5, end_s=1.0)[0] == pytest.approx(0.5e-3)


def test_normalise_with_mvc_trial_and_stored_values():
    fs = 1000
    env = TimeSeries(np.full((2000, 2), [0.1, 0.3]), fs, "V", ("VL", "BF"))
    mvc_trial = TimeSeries(np.full((3000, 2), [0.4, 0.6]), fs, "V", ("VL", "BF"))
    n = emg_normalize(env, mvc_trial).values
    assert n[0].tolist() == pytest.approx([25.0, 50.0])
    assert emg_normalize(env, [0.2, 0.6]).unit == "%MVC"
    with pytest.raises(InvalidParameterError, match="no stored MVC for channel"):
        emg_normalize(env, {"VL": 1.0})
    with pytest.raises(InvalidParameterError, match="must be > 0"):
        emg_normalize(env, 0.0)


def test_process_is_multichannel_and_json_ready(bursts_factory):
    import json

    ts = bursts_factory(2000, n_channels=4, seed=3)
    r = emg_process(ts, mvc=[2e-4] * 4)
    assert [c.n_bursts for c in r.channels] == [3, 3, 3, 3]
    d = r.to_dict()
    json.dumps(d, allow_nan=False)
    assert d["channels"][0]["first_onset_s"] == pytest.approx(1.0, abs=0.01)
    assert r.normalized is not None and r.normalized.unit == "%MVC"
    assert r.cleaned.n_channels == 4
