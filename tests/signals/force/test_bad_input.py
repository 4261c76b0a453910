"""Bad input: one clear error, never a traceback, NaN metric or silently wrong number."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from neurolift.errors import (
    InvalidParameterError,
    NoTakeoffError,
    SamplingRateError,
    SignalError,
    SignalTooShortError,
    UnitError,
)
from neurolift.io.force import force_read
from neurolift.signals.force import cmj_metrics, dj_metrics, force_simulate_jump, imtp_metrics
from neurolift.signals.force.analyze import force_detect_test
from neurolift.timeseries import TimeSeries

DATA = Path(__file__).resolve().parents[2] / "data" / "force"


def cmj() -> TimeSeries:
    return force_read(DATA / "gidiel_Single-CMJ-Fz.txt", sampling_rate=1000)


def test_kilonewtons_are_a_unit_error() -> None:
    ts = cmj()
    with pytest.raises(UnitError, match="kN"):
        cmj_metrics(ts.with_values(ts.values / 1000))


def test_kilograms_are_a_unit_error() -> None:
    ts = cmj()
    with pytest.raises(UnitError, match="kg"):
        cmj_metrics(ts.with_values(ts.values / 9.81))


def test_wrong_unit_label() -> None:
    with pytest.raises(UnitError, match="newtons"):
        cmj_metrics(TimeSeries(np.full(3000, 700.0), 1000, "kN"))


def test_no_takeoff() -> None:
    quiet = TimeSeries(700 + np.random.default_rng(0).normal(0, 2, 5000), 1000, "N")
    with pytest.raises(NoTakeoffError, match="no take-off"):
        cmj_metrics(quiet)


def test_too_short() -> None:
    with pytest.raises(SignalTooShortError):
        cmj_metrics(TimeSeries(np.full(100, 700.0), 1000, "N"))


def test_no_quiet_standing_before_the_jump() -> None:
    sim = force_simulate_jump(sampling_rate=1000, quiet_s=0.05, random_state=0)
    with pytest.raises(SignalTooShortError, match="quiet standing"):
        cmj_metrics(sim.force)


def test_short_quiet_standing_is_a_warning() -> None:
    sim = force_simulate_jump(sampling_rate=1000, quiet_s=0.5, random_state=0)
    r = cmj_metrics(sim.force)
    assert any("short quiet period" in w for w in r.warnings)


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_nan_values(bad: float) -> None:
    values = cmj().values.copy()
    values[2000] = bad
    with pytest.raises(SignalError, match="NaN"):
        cmj_metrics(TimeSeries(values, 1000, "N"))


def test_all_nan() -> None:
    with pytest.raises(SignalError, match="all NaN"):
        cmj_metrics(TimeSeries(np.full(5000, np.nan), 1000, "N"))


def test_bad_parameters() -> None:
    with pytest.raises(InvalidParameterError, match="onset_method"):
        cmj_metrics(cmj(), onset_method="magic")
    with pytest.raises(InvalidParameterError, match="takeoff_threshold_n"):
        cmj_metrics(cmj(), takeoff_threshold_n=-5)
    with pytest.raises(InvalidParameterError, match="body_mass_kg"):
        cmj_metrics(cmj(), body_mass_kg=2000)


def test_drop_jump_needs_a_start_off_the_plate() -> None:
    with pytest.raises(SignalError, match="starts with the plate loaded"):
        dj_metrics(cmj())


def test_clipping_is_flagged() -> None:
    ts = cmj()
    clipped = np.minimum(ts.values, 1500.0)
    r = cmj_metrics(ts.with_values(clipped))
    assert any("clipping" in w for w in r.warnings)


def test_isometric_needs_a_baseline() -> None:
    with pytest.raises(SignalError):
        imtp_metrics(TimeSeries(np.linspace(800, 3000, 3000), 1000, "N"))


@pytest.mark.parametrize("wrong_rate", [100, 200])
def test_a_cmj_at_too_low_a_sampling_rate_is_refused(wrong_rate: int) -> None:
    # the real CMJ was sampled at 1000 Hz; read at 100 Hz its 0.51 s flight lasts 5.1 s and the
    # impulse gives a 32.7 m jump (the case) - refused, naming the sampling rate
    ts = force_read(DATA / "gidiel_Single-CMJ-Fz.txt", sampling_rate=wrong_rate)
    with pytest.raises(SamplingRateError, match="m jump.*--sampling-rate"):
        cmj_metrics(ts)
    with pytest.raises(SamplingRateError, match="longer than any jump's flight"):
        force_detect_test(ts)  # not an "imtp"
    with pytest.raises(SamplingRateError, match="too low by about"):
        imtp_metrics(ts)


def test_a_jump_is_not_an_isometric_pull() -> None:
    with pytest.raises(SignalError, match="a jump, not an isometric pull"):
        imtp_metrics(cmj())


def test_the_right_rate_still_passes() -> None:
    assert force_detect_test(cmj()) == "cmj"
    assert 0.2 < cmj_metrics(cmj()).jump_height_impulse_m < 0.5
