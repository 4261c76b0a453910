"""Known answer: bursts at known times are found within 10 ms, at several sampling rates."""

from __future__ import annotations

import numpy as np
import pytest

from neurolift.errors import InvalidParameterError
from neurolift.signals.emg import emg_onsets

BURSTS = ((1.0, 1.8), (2.7, 3.2), (4.1, 5.0))


@pytest.mark.parametrize("fs", [1000, 2000, 4096])
@pytest.mark.parametrize("method", ["threshold", "bonato"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_bursts_within_10_ms(bursts_factory, fs, method, seed):
    ts = bursts_factory(fs, seed=seed, bursts=BURSTS)
    r = emg_onsets(ts, method=method)
    got = [(b.onset_s, b.offset_s) for b in r.bursts]
    assert len(got) == len(BURSTS), got
    for (on, off), (t_on, t_off) in zip(got, BURSTS, strict=True):
        assert abs(on - t_on) <= 0.010
        assert abs(off - t_off) <= 0.010


def test_multichannel_and_t0(bursts_factory):
    ts = bursts_factory(2000, n_channels=3, seed=4)
    shifted = ts.__class__(ts.values, ts.sampling_rate, ts.unit, ts.channels, t0=10.0)
    r = emg_onsets(shifted, baseline_s=(10.0, 10.5))
    for ch in ts.channels:
        ons = r.onsets_s(ch)
        assert len(ons) == 3
        assert abs(ons[0] - 11.0) <= 0.010


def test_quiet_channel_warns(bursts_factory):
    ts = bursts_factory(1000, amplitudes=(0.0, 0.0, 0.0))
    r = emg_onsets(ts)
    assert r.bursts == []
    assert any("no burst" in w and "m0" in w for w in r.warnings)


def test_bad_parameters(bursts_factory):
    ts = bursts_factory(1000)
    with pytest.raises(InvalidParameterError, match="Nyquist"):
        emg_onsets(ts, highcut_hz=600)
    with pytest.raises(InvalidParameterError, match="baseline_s"):
        emg_onsets(ts, baseline_s=(7.0, 8.0))
    with pytest.raises(InvalidParameterError, match="unknown method"):
        emg_onsets(ts, method="pelt")
    with pytest.raises(InvalidParameterError, match="TimeSeries"):
        emg_onsets(np.zeros(100))
