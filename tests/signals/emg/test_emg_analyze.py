"""emg_analyze and its force-window loops on a recording whose answer is known by construction:
EMG is white noise whose SD is proportional to the force (k V per N), so after the zero-phase
20-450 Hz band-pass at 2 kHz its RMS is k * F * sqrt(share), the share of white-noise power
the filter passes (Parseval: the integral of |H|^4 of the 4th-order Butterworth design, run
forward and backward, over the Nyquist band)."""

from __future__ import annotations

import numpy as np
import pytest

from neurolift.errors import InvalidParameterError
from neurolift.signals.emg import (
    emg_analyze,
    emg_force_relation_window,
    emg_mvc,
    emg_nme_channels,
)
from neurolift.timeseries import TimeSeries

FS = 2000.0
K = (1e-6, 2e-6)  # V per N, two muscles


def _band() -> float:
    from scipy.signal import butter, sosfreqz

    f, h = sosfreqz(butter(4, [20, 450], btype="bandpass", fs=FS, output="sos"), 20000, fs=FS)
    return float(np.sqrt(np.trapezoid(np.abs(h) ** 4, f) / (FS / 2)))


BAND = _band()  # 0.627


def _recording(seed: int = 0) -> tuple[TimeSeries, TimeSeries]:
    rng = np.random.default_rng(seed)
    t = np.arange(int(7 * FS)) / FS
    # rest, ramp to 400 N, 2 s plateau, release, rest
    force = np.interp(t, [0, 1, 4, 6, 6.2, 7], [0, 0, 400, 400, 0, 0])
    sd = np.column_stack([k * np.maximum(force, 5.0) for k in K])
    emg = rng.normal(0, 1, sd.shape) * sd
    return TimeSeries(emg, FS, "V", ("VL", "BF")), TimeSeries(force, FS, "N", ("Fz",))


def test_nme_and_relation_match_the_construction() -> None:
    emg, force = _recording()
    a = emg_analyze(
        emg,
        force=force,
        nme_window_s=(4.5, 5.5),
        mvc_force_n=800.0,
        mvc={"VL": 2 * K[0] * 400 * BAND, "BF": 4 * K[1] * 400 * BAND},
        relation_window_s=(1.5, 3.8),
    )
    for k, ch in zip(K, ("VL", "BF"), strict=True):
        # NME = force / EMG amplitude = 1 / (k * band share)
        assert a.nme[ch].nme_abs == pytest.approx(1 / (k * BAND), rel=0.06)
        assert a.emg_force_relation[ch].slope_per_n == pytest.approx(k * BAND, rel=0.08)
        assert a.emg_force_relation[ch].r2 > 0.9
    # force at 50 % of MVC; VL at 50 % of its MVC amplitude (normalised NME 1), BF at 25 % (2)
    assert a.nme["VL"].nme_norm == pytest.approx(1.0, rel=0.05)
    assert a.nme["BF"].nme_norm == pytest.approx(2.0, rel=0.05)
    d = a.to_dict()
    assert d["VL_emg_force_slope_v_per_n"] == a.emg_force_relation["VL"].slope_per_n
    assert {"rate_of_rise", "nme", "emg_force_relation", "VL_rms_v", "BF_iemg_v_s"} <= set(d)
    assert d["warnings"] == list(a.warnings)


def test_the_loops_agree_with_emg_analyze() -> None:
    emg, force = _recording(1)
    a = emg_analyze(emg, force=force, nme_window_s=(4.5, 5.5), relation_window_s=(1.5, 3.8))
    env = a.process.envelope
    nme = emg_nme_channels(force, env, window_s=(4.5, 5.5))
    rel = emg_force_relation_window(force, env, window_s=(1.5, 3.8))
    assert {ch: r.nme_abs for ch, r in nme.items()} == {ch: r.nme_abs for ch, r in a.nme.items()}
    assert rel["BF"].n_points == round(2.3 * 100)  # at 100 Hz
    with pytest.raises(InvalidParameterError, match="outside the recording"):
        emg_force_relation_window(force, env, window_s=(5.0, 7.5))


def test_options_that_need_what_is_missing() -> None:
    emg, force = _recording()
    with pytest.raises(InvalidParameterError, match="both agonist and antagonist"):
        emg_analyze(emg, agonist="VL")
    with pytest.raises(InvalidParameterError, match="need the force channel"):
        emg_analyze(emg, nme_window_s=(4.5, 5.5))
    with pytest.raises(InvalidParameterError, match="mvc_force_n needs nme_window_s"):
        emg_analyze(emg, force=force, mvc_force_n=800.0)
    co = emg_analyze(emg, agonist="VL", antagonist="BF").coactivation
    # the antagonist's amplitude is everywhere twice the agonist's (k = 2e-6 vs 1e-6 V/N)
    assert co is not None and co.ratio_pct == pytest.approx(200.0, rel=0.05)


def test_mvc_amplitude_of_a_plateau() -> None:
    emg, _ = _recording()
    r = emg_mvc(emg, window_s=1.5)  # a long window: the max of few window means is barely biased
    for k, ch in zip(K, ("VL", "BF"), strict=True):
        assert r.mvc[ch] == pytest.approx(k * 400 * BAND, rel=0.06)
    assert r.to_dict()["BF_mvc_v"] == r.mvc["BF"]
