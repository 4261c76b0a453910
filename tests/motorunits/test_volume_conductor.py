"""Line-source MUAP model: checked against a second formulation and known volume-conductor facts.

Independent truths used here (none is the rule the code computes):
- a direct sum of point currents of a sealed-end cable (the transmembrane current as the second
  difference of the intracellular potential, no axial current through the fibre ends; Rosenfalck
  1969, Farina & Merletti 2001) must give the potential the module gets by integrating by parts;
- over the fibre, away from its ends, the potential travels at the conduction velocity;
- beyond the tendon the extinction (end-of-fibre) component is non-propagating: it peaks at the
  same time on every electrode (Dimitrova & Dimitrov 2006; Farina & Merletti 2001);
- the volume conductor is a spatial low-pass filter (Lindstrom & Magnusson 1977): deeper fibres
  give smaller and longer potentials.
"""

from __future__ import annotations

import numpy as np
import pytest

from neurolift.errors import InvalidParameterError
from neurolift.motorunits import _volume_conductor as vc
from neurolift.motorunits.pool import MotorUnitPool, excitation_trapezoid
from neurolift.motorunits.synthetic_emg import hdemg_simulate

CV = 4.0  # m/s = mm/ms
T_MS = np.arange(0.0, 40.0, 0.02)


def _lag_ms(a: np.ndarray, b: np.ndarray, dt_ms: float) -> float:
    c = np.correlate(b, a, "full")
    return float(np.argmax(c) - (a.size - 1)) * dt_ms


def _over_midline(xe: list[float], *, depth_mm: float, half_length_mm: float) -> np.ndarray:
    """Potential of a symmetric fibre (end plate at 0) at points above its axis, (t, points)."""
    return vc.fibre_potential(
        np.array(xe),
        np.zeros(len(xe)),
        T_MS,
        y_mm=0.0,
        depth_mm=depth_mm,
        end_plate_mm=0.0,
        length_pos_mm=half_length_mm,
        length_neg_mm=half_length_mm,
        cv_m_s=CV,
    )


def test_integration_by_parts_equals_direct_point_current_sum() -> None:
    xe = np.array([-20.0, 0.0, 10.0, 30.0, 45.0, 60.0])
    ye = np.full(xe.size, 3.0)
    geometry = {"y_mm": 0.0, "depth_mm": 3.0, "end_plate_mm": 0.0}
    phi = vc.fibre_potential(
        xe, ye, T_MS, length_pos_mm=50.0, length_neg_mm=40.0, cv_m_s=CV, **geometry
    )
    # second formulation: nodes every 0.05 mm, flux dV/dx between nodes, zero flux at both
    # ends (sealed), net current per node = flux difference, summed through the point kernel
    dx = 0.05
    x = np.arange(-40.0, 50.0 + 1e-9, dx)
    k = vc.SIGMA_AXIAL / vc.SIGMA_RADIAL
    r2 = (ye - 0.0) ** 2 + 3.0**2
    kernel = 2.0 / (4.0 * np.pi * vc.SIGMA_RADIAL * np.sqrt((x[:, None] - xe) ** 2 + k * r2))
    direct = np.empty_like(phi)
    for i, t in enumerate(T_MS):
        u = CV * t - np.abs(x)
        v = np.where(u > 0, 96.0 * np.clip(u, 0, None) ** 3 * np.exp(-u), 0.0)
        flux = np.concatenate([[0.0], np.diff(v) / dx, [0.0]])
        current = np.diff(flux)
        assert abs(current.sum()) < 1e-9 * np.abs(current).sum() + 1e-12  # conservation
        direct[i] = current @ kernel
    scale = np.abs(direct).max(axis=0)
    assert np.all(np.abs(phi - direct).max(axis=0) < 0.02 * scale)


def test_potential_travels_at_the_conduction_velocity_over_the_fibre() -> None:
    phi = _over_midline([10.0, 20.0, 30.0], depth_mm=2.0, half_length_mm=120.0)
    for a, b in ((0, 1), (1, 2)):
        assert _lag_ms(phi[:, a], phi[:, b], 0.02) == pytest.approx(10.0 / CV, abs=0.06)


def test_end_of_fibre_component_does_not_propagate() -> None:
    # tendon at +40 mm; electrodes 10, 20 and 30 mm beyond it along the fibre
    phi = _over_midline([50.0, 60.0, 70.0], depth_mm=2.0, half_length_mm=40.0)
    peaks = T_MS[np.argmax(np.abs(phi), axis=0)]
    assert np.ptp(peaks) < 0.1 * (20.0 / CV)  # a travelling wave would take 5 ms
    assert np.all(np.abs(peaks - 40.0 / CV) < 1.5)  # at the wave's arrival at the tendon


def test_deeper_fibres_give_smaller_and_longer_potentials() -> None:
    amp, width = [], []
    for depth in (2.0, 5.0, 10.0, 15.0):
        p = _over_midline([20.0], depth_mm=depth, half_length_mm=120.0)[:, 0]
        e = p * p
        tc = np.sum(e * T_MS) / e.sum()
        amp.append(np.ptp(p))
        width.append(np.sqrt(np.sum(e * (T_MS - tc) ** 2) / e.sum()))
    assert np.all(np.diff(amp) < 0) and np.all(np.diff(width) > 0)
    assert amp[0] / amp[1] > (5.0 / 2.0) ** 2  # faster than the point-charge 1/r falloff


def _sim(level: float = 0.2) -> object:
    e = excitation_trapezoid(duration_s=3, sampling_rate=2048, level=level, rise_s=1, fall_s=1)
    return MotorUnitPool(n_units=30).simulate(e, random_state=0)


def test_line_source_grid_superposes_each_unit_muap_at_its_discharges() -> None:
    sim = _sim()
    g = hdemg_simulate(sim, rows=5, cols=4, snr_db=None, muap_model="line_source", random_state=1)
    assert g.method["name"] == "neurolift_line_source_anisotropic_half_space"
    x = g.emg.values
    assert x.shape == (sim.n_samples, 20) and np.isfinite(x).all()
    # one unit firing every 250 samples (longer than a MUAP lasts): the grid's energy is the
    # number of discharges times the energy of one MUAP
    one = [np.arange(300, sim.n_samples - 300, 250)]
    h = hdemg_simulate(
        one,
        sampling_rate=2048,
        n_samples=sim.n_samples,
        rows=5,
        cols=4,
        snr_db=None,
        muap_model="line_source",
        random_state=1,
    )
    assert np.sum(h.emg.values**2) / 2048 == pytest.approx(
        one[0].size * h.unit_muap_energy_v2s[0], rel=1e-6
    )
    assert g.unit_muap_peak_v.max() >= g.method["amplitude_max_v"]
    assert np.all(g.unit_width_s > 0)


def _best_corr(a: np.ndarray, b: np.ndarray) -> float:
    c = np.correlate(a, b, "full") / (np.linalg.norm(a) * np.linalg.norm(b))
    return float(np.abs(c).max())


def test_line_source_waveform_widens_away_from_the_unit_unlike_the_one_shape_model() -> None:
    # one discharge of one unit, a row of electrodes across the fibres (8 mm apart)
    disc = [np.array([1000])]
    corr = {}
    for model in ("hermite_rodriguez", "line_source"):
        g = hdemg_simulate(
            disc,
            sampling_rate=2048,
            n_samples=2000,
            rows=1,
            cols=6,
            snr_db=None,
            muap_model=model,
            depth_range_m=(0.004, 0.004),
            random_state=3,
        )
        x = g.emg.values[900:1200]
        energy = np.sum(x * x, axis=0)
        near, far = int(np.argmax(energy)), int(np.argmin(energy))
        assert abs(near - far) >= 2
        corr[model] = _best_corr(x[:, near], x[:, far])
    assert corr["hermite_rodriguez"] > 0.999  # same shape everywhere, only scaled
    assert corr["line_source"] < 0.95


def test_line_source_rejects_bad_parameters() -> None:
    disc = [np.array([100])]
    with pytest.raises(InvalidParameterError):
        hdemg_simulate(disc, sampling_rate=2048, muap_model="dipole")  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError):
        hdemg_simulate(disc, sampling_rate=2048, muap_model="line_source", fibre_length_m=2.0)
