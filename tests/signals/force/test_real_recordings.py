"""Golden cases: the real recordings in tests/data/force give sensible, consistent numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from neurolift.io.force import force_read
from neurolift.signals.force import (
    cmj_metrics,
    dj_metrics,
    force_analyze,
    force_detect_test,
    imtp_metrics,
    multijump_metrics,
    sj_metrics,
)

DATA = Path(__file__).resolve().parents[2] / "data" / "force"
GPL = DATA / "gpl"


def load(name: str, fs: float | None = 1000.0):
    path = DATA / name if (DATA / name).exists() else GPL / name
    return force_read(path, sampling_rate=fs)


@pytest.mark.parametrize(
    "name",
    ["gidiel_Single-CMJ-Fz.txt", "gidiel_Dual-CMJ-Fz.txt", "sams_cmj_single_trial_dual_fp.csv"],
)
def test_clean_cmj_heights_agree_within_4cm(name: str) -> None:
    r = cmj_metrics(load(name))
    # flight time reads higher when the athlete lands lower than at take-off (Yamashita 2020)
    assert abs(r.jump_height_flight_time_m - r.jump_height_impulse_m) < 0.04
    assert 0.2 < r.jump_height_impulse_m < 0.5
    assert 0.5 < r.time_to_takeoff_s < 1.2
    assert r.countermovement_depth_m is not None and 0.1 < r.countermovement_depth_m < 0.5
    assert (
        r.unweighting_duration_s + r.braking_duration_s + r.propulsion_duration_s
        == pytest.approx(r.time_to_takeoff_s, abs=1e-9)
    )
    # net impulse over propulsion = m * (take-off velocity - velocity at the first sample with
    # v >= 0, which is a few mm/s at 1000 Hz)
    assert r.propulsive_net_impulse_ns == pytest.approx(
        r.body_mass_kg * r.takeoff_velocity_m_s, rel=0.005
    )
    assert r.rsi_modified_m_s == pytest.approx(r.jump_height_impulse_m / r.time_to_takeoff_s)
    assert r.warnings == ()


@pytest.mark.parametrize(
    "test,single,dual",
    [
        ("cmj", "gidiel_Single-CMJ-Fz.txt", "gidiel_Dual-CMJ-Fz.txt"),
        ("sj", "gidiel_Single-SJ-Fz.txt", "gidiel_Dual-SJ-Fz.txt"),
        ("dj", "gidiel_Single-DJ-Fz.txt", "gidiel_Dual-DJ-Fz.txt"),
    ],
)
def test_single_plate_equals_sum_of_dual(test: str, single: str, dual: str) -> None:
    a = force_analyze(load(single), test=test).to_dict()
    b = force_analyze(load(dual), test=test).to_dict()
    for key, value in a.items():
        if isinstance(value, float):
            assert b[key] == pytest.approx(value, rel=1e-6, abs=1e-9), key


def test_dual_plate_asymmetry_formula() -> None:
    r = cmj_metrics(load("gidiel_Dual-CMJ-Fz.txt"))
    left, right = r.sides
    assert (left.channel, right.channel) == ("FP1", "FP2")
    assert left.body_weight_n + right.body_weight_n == pytest.approx(r.body_weight_n, rel=1e-9)
    expected = (
        100
        * (left.peak_propulsive_force_n - right.peak_propulsive_force_n)
        / max(left.peak_propulsive_force_n, right.peak_propulsive_force_n)
    )
    assert r.asymmetry_pct["peak_propulsive_force"] == pytest.approx(expected)


def test_squat_jump_file() -> None:
    r = sj_metrics(load("gidiel_Single-SJ-Fz.txt"))
    assert not r.countermovement_detected
    assert abs(r.jump_height_flight_time_m - r.jump_height_impulse_m) < 0.01
    assert 0.2 < r.jump_height_impulse_m < 0.4


def test_drop_jump_file() -> None:
    r = dj_metrics(load("gidiel_Single-DJ-Fz.txt"))
    assert 0.2 < r.contact_time_s < 0.3
    assert 0.4 < r.flight_time_s < 0.6
    assert r.rsi == pytest.approx(r.jump_height_flight_time_m / r.contact_time_s)
    assert r.body_weight_source.startswith("quiet standing")
    with_drop = dj_metrics(load("gidiel_Single-DJ-Fz.txt"), drop_height_m=0.3)
    assert with_drop.takeoff_velocity_m_s > 2.0 and with_drop.jump_height_impulse_m > 0.2


def test_multi_jump_file_finds_every_jump() -> None:
    r = multijump_metrics(load("sams_jumps_long_1_dual_fp.csv"))
    assert r.n_jumps == 4
    for j in r.jumps:
        assert j.kind == "standalone" and j.error is None
        assert 0.6 < j.time_to_takeoff_s < 1.0
        assert 0.3 < j.jump_height_impulse_m < 0.45
        assert 0.55 < j.flight_time_s < 0.7
        # the jump's own push, not the previous landing's impact (about 2.0-2.2 kN here)
        assert 1800 < j.peak_force_n < 2500


@pytest.mark.parametrize(
    "name,expected",
    [
        ("gidiel_Single-CMJ-Fz.txt", "cmj"),
        ("gidiel_Dual-SJ-Fz.txt", "sj"),
        ("gidiel_Single-DJ-Fz.txt", "dj"),
        ("sams_jumps_long_1_dual_fp.csv", "multi"),
        ("beckham_isometric_Example2_1000hz.csv", "imtp"),
    ],
)
def test_detects_the_test(name: str, expected: str) -> None:
    fs = None if name.startswith("beckham") else 1000.0
    assert force_detect_test(load(name, fs)) == expected


def test_isometric_500_and_1000_hz_agree() -> None:
    a = imtp_metrics(load("beckham_isometric_Example1_1000hz.csv", None))
    b = imtp_metrics(load("beckham_isometric_Example1_500hz.csv", None))
    assert b.peak_force_n == pytest.approx(a.peak_force_n, rel=0.005)
    assert b.force_100ms_n == pytest.approx(a.force_100ms_n, rel=0.02)
    assert any("500 Hz" in w for w in b.warnings) and not any("Hz" in w for w in a.warnings)


def test_isometric_with_pretension_is_not_weighed_at_the_start() -> None:
    r = imtp_metrics(load("beckham_isometric_Example2_1000hz.csv", None))
    assert r.pretension_n > 150
    assert r.body_weight_n > 1200  # the baseline right before the pull, not the 1050 N start
    assert r.onset_s > r.weighing_end_s
    assert 0 < r.rfd_0_50ms_n_s and r.force_250ms_n > r.force_50ms_n
    assert any("pre-tension" in w for w in r.warnings)


@pytest.mark.parametrize("name", ["gidiel_Single-CMJ-Fz.txt", "sams_cmj_single_trial_dual_fp.csv"])
def test_flight_time_excess_is_explained_by_a_lower_landing(name: str) -> None:
    # Landing d metres lower than take-off lengthens the flight; for these jumps the flight-time
    # height exceeds the impulse height by about d / 2 (Sams file: d = 7.8 cm, excess 3.8 cm).
    r = cmj_metrics(load(name))
    excess = r.jump_height_flight_time_m - r.jump_height_impulse_m
    assert excess == pytest.approx(-r.landing_com_offset_m / 2, abs=0.005)
