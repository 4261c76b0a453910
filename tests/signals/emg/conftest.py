"""Known-answer EMG factories: bursts at known times on a quiet baseline."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.signal import butter, sosfilt

from neurolift.timeseries import TimeSeries


def make_bursts(
    fs: float,
    *,
    seed: int = 0,
    duration_s: float = 6.0,
    bursts=((1.0, 1.8), (2.7, 3.2), (4.1, 5.0)),
    amplitudes=(1e-4, 3e-5, 2e-4),
    noise_v: float = 5e-6,
    n_channels: int = 1,
) -> TimeSeries:
    """Gaussian baseline noise (``noise_v`` V RMS) plus bursts of band-limited (40-300 Hz) noise.

    Physics: surface EMG during a contraction is band-limited stochastic activity whose RMS
    is the burst amplitude; at rest only amplifier noise remains. Onsets and offsets are the
    burst edges, exactly.
    """
    rng = np.random.default_rng(seed)
    n = int(duration_s * fs)
    x = rng.normal(0, noise_v, (n, n_channels))
    sos = butter(4, [40, min(300, fs / 2 * 0.8)], btype="bandpass", fs=fs, output="sos")
    b = sosfilt(sos, rng.normal(0, 1, (n, n_channels)), axis=0)
    b /= b.std(axis=0)
    for (s, e), a in zip(bursts, amplitudes, strict=True):
        i, j = int(round(s * fs)), int(round(e * fs))
        x[i:j] += a * b[i:j]
    return TimeSeries(x, fs, "V", tuple(f"m{i}" for i in range(n_channels)))


@pytest.fixture
def bursts_factory():
    return make_bursts
