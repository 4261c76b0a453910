"""Synthetic surface EMG and 2-D electrode-grid HD-EMG from simulated discharge times.

MUAP model (a deliberately simple, fast volume-conductor stand-in, documented so its limits are
clear): every unit's action potential travels from its innervation zone (IZ) in both directions
along the fibres at the unit's conduction velocity; the monopolar potential under an electrode is
a triphasic second-order Hermite-Rodriguez waveform (Lo Conte et al. 1994)

    phi(t) = (1 - 2 (t/lam)^2) exp(-(t/lam)^2)

delayed by the propagation time ``|x_e - x_IZ| / CV`` and scaled by the unit's amplitude and a
spatial decay ``(d0 / r)^2`` with ``r`` the distance from the unit (depth and lateral offset) to
the electrode. Amplitude grows in proportion to unit size (the twitch force, taken as
proportional to the number of fibres of the unit; an assumption — the exponent is 1 so that the
grid-mean EMG amplitude grows about linearly with force, as surface EMG-force relations of large
muscles do), the waveform widens with depth
(``lam = lam0 sqrt(depth / d0)``) and conduction velocity grows with size (3.5 -> 5 m/s;
Andreassen & Arendt-Nielsen 1987). Not modelled: end-of-fibre (non-propagating) components,
tissue anisotropy beyond the 1/r^2 decay, lateral widening, fibre-length scatter. Every unit
thus has one waveform on every electrode, only scaled and delayed.

``hdemg_simulate(muap_model="line_source")`` replaces it by a physical volume conductor (slower):
fibre bundles with Rosenfalck action potentials, generation and extinction at the end plates and
tendons, in an anisotropic half-space, so waveforms change with depth, lateral offset and fibre
ends (:mod:`neurolift.motorunits._volume_conductor`).

The grid output is a :class:`~neurolift.timeseries.TimeSeries` in V with channels named
``r{row}c{col}`` (row = position along the fibres), the ground-truth discharge indices of every
unit, and :meth:`HDEMGSimulation.to_decomposition` hands both to the motor-unit analysis
(:func:`neurolift.motorunits.mu_sta`, :func:`neurolift.motorunits.mu_properties`).
"""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from neurolift._validation import check_choice, check_positive, check_range, check_sampling_rate
from neurolift.errors import InvalidParameterError
from neurolift.motorunits import _volume_conductor as _vc
from neurolift.motorunits.pool import PoolSimulation
from neurolift.timeseries import TimeSeries

#: MUAP amplitude ~ (twitch force) ** _AMP_EXP (assumption, see the module docstring).
_AMP_EXP = 1.0

__all__ = [
    "HDEMGSimulation",
    "discharges_write_csv",
    "hdemg_simulate",
    "muap_waveform",
    "semg_simulate",
]


def muap_waveform(t: np.ndarray, *, width_s: float) -> np.ndarray:
    """Second-order Hermite-Rodriguez MUAP shape (peak 1 at t = 0; triphasic).

    Parameters
    ----------
    t : ndarray
        Time relative to the waveform centre, s.
    width_s : float
        Scale ``lam``, s (> 0); the main phase spans about ``+-0.7 lam``.

    References
    ----------
    .. [1] Lo Conte LR, Merletti R, Sandri GV (1994). Hermite expansions of compact support
       waveforms: applications to myoelectric signals. IEEE Trans Biomed Eng 41:1147-1159.

    Examples
    --------
    >>> float(muap_waveform(np.array([0.0]), width_s=0.001)[0])
    1.0
    >>> bool(muap_waveform(np.array([0.001]), width_s=0.001)[0] < 0)
    True
    """
    lam = check_positive("width_s", width_s, where="muap_waveform")
    u = np.asarray(t, dtype=np.float64) / lam
    return (1.0 - 2.0 * u * u) * np.exp(-u * u)


@dataclass(frozen=True, eq=False)
class HDEMGSimulation:
    """A simulated electrode-grid recording with its ground truth.

    Attributes
    ----------
    emg : TimeSeries
        Monopolar grid EMG, V, shape (n_samples, rows*cols); channel ``r{row}c{col}`` is
        column ``row * cols + col``.
    discharges : tuple of int ndarray
        Ground-truth discharge sample indices of every unit.
    rows, cols : int
        Grid size (rows along the fibres).
    ied_m : float
        Inter-electrode distance, m.
    unit_cv_m_s, unit_iz_m, unit_lateral_m, unit_depth_m, unit_amplitude_v, unit_width_s : ndarray
        Per-unit conduction velocity, IZ position along the fibres (0 = grid centre), lateral
        position, depth, amplitude at the reference distance and waveform scale.
    snr_db : float or None
        Signal-to-noise ratio of the added white noise (grid-mean RMS), dB; None = no noise.
    unit_muap_energy_v2s : ndarray
        Energy of one MUAP of every unit summed over the grid, ``sum_channels integral
        muap^2 dt``, V^2 s (the ground truth of "how visible" a unit is to a decomposition).
    unit_muap_peak_v : ndarray
        Largest absolute MUAP value of every unit on any electrode, V.
    noise_sd_v : float
        SD of the added noise per channel, V (0 without noise).
    """

    emg: TimeSeries
    discharges: tuple[np.ndarray, ...]
    rows: int
    cols: int
    ied_m: float
    unit_cv_m_s: np.ndarray
    unit_iz_m: np.ndarray
    unit_lateral_m: np.ndarray
    unit_depth_m: np.ndarray
    unit_amplitude_v: np.ndarray
    unit_width_s: np.ndarray
    snr_db: float | None
    unit_muap_energy_v2s: np.ndarray = field(default_factory=lambda: np.zeros(0))
    unit_muap_peak_v: np.ndarray = field(default_factory=lambda: np.zeros(0))
    noise_sd_v: float = 0.0
    reference: TimeSeries | None = None
    method: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def layout(self) -> np.ndarray:
        """(rows, cols) array of channel indices, for :func:`neurolift.motorunits.mu_sta` ``layout=``."""
        return np.arange(self.rows * self.cols).reshape(self.rows, self.cols)

    def to_decomposition(self, *, only_active: bool = True) -> Any:
        """The ground truth as a :class:`neurolift.io.decomposition.Decomposition` (EMG, IED, force).

        Parameters
        ----------
        only_active : bool
            Keep only units with at least one discharge (default), as a decomposition would.
        """
        from neurolift.io.decomposition import Decomposition

        keep = [i for i, d in enumerate(self.discharges) if d.size > 0 or not only_active]
        return Decomposition(
            tuple(self.discharges[i] for i in keep),
            sampling_rate=self.emg.sampling_rate,
            n_samples=self.emg.n_samples,
            reference=self.reference,
            emg=self.emg,
            ied_m=self.ied_m,
            source="neurolift.hdemg_simulate",
            unit_names=tuple(f"MU{i}" for i in keep),
        )

    def write_csv(self, path: str | Path) -> Path:
        """Write the grid as CSV: ``time`` (s), one column per electrode ``r{row}c{col}`` (V)
        and the reference force (``force_n``, when the simulation has one) - the layout
        :func:`neurolift.io.hdemg.hdemg_read_csv` reads and ``neurolift mu decompose`` takes.

        Examples
        --------
        >>> import tempfile
        >>> g = hdemg_simulate([np.array([50, 150])], sampling_rate=2048, n_samples=300,
        ...                    rows=2, cols=2, random_state=0)
        >>> f = g.write_csv(Path(tempfile.mkdtemp()) / "grid.csv")
        >>> f.read_text().splitlines()[0]
        'time,r0c0,r0c1,r1c0,r1c1'
        """
        fs = self.emg.sampling_rate
        cols = [np.arange(self.emg.n_samples) / fs, *self.emg.as_2d().T]
        names = ["time", *self.emg.channels]
        if self.reference is not None:
            cols.append(self.reference.as_2d()[:, 0])
            names.append("force_n" if self.reference.unit == "N" else "force")
        p = Path(path)
        fmt = ["%.12g"] + ["%.9g"] * (len(cols) - 1)  # times exact to the ns
        np.savetxt(
            p, np.column_stack(cols), delimiter=",", header=",".join(names), comments="", fmt=fmt
        )
        return p

    def write_discharges_csv(
        self,
        path: str | Path,
        *,
        layout: Literal["long", "wide"] = "long",
        only_active: bool = True,
    ) -> Path:
        """Write the ground-truth discharges; see :func:`discharges_write_csv`."""
        keep = [i for i, d in enumerate(self.discharges) if d.size > 0 or not only_active]
        return discharges_write_csv(
            path,
            [self.discharges[i] for i in keep],
            sampling_rate=self.emg.sampling_rate,
            layout=layout,
            unit_names=[f"MU{i}" for i in keep],
        )


def _discharge_input(
    source: PoolSimulation | Sequence[np.ndarray],
    sampling_rate: float | None,
    n_samples: int | None,
    where: str,
) -> tuple[list[np.ndarray], float, int, np.ndarray, TimeSeries | None]:
    if isinstance(source, PoolSimulation):
        if sampling_rate is not None and float(sampling_rate) != source.sampling_rate:
            raise InvalidParameterError(
                f"{where}: sampling_rate disagrees with the simulation's "
                f"{source.sampling_rate:g} Hz"
            )
        sizes = source.pool.twitch_forces / source.pool.twitch_forces.max()
        return list(source.discharges), source.sampling_rate, source.n_samples, sizes, source.force
    fs = check_sampling_rate(sampling_rate, where=where)
    disc = [np.asarray(d, dtype=np.int64).ravel() for d in source]
    if not disc:
        raise InvalidParameterError(f"{where}: no units given")
    last = max((int(d.max()) for d in disc if d.size), default=-1)
    n = int(n_samples) if n_samples is not None else last + 1
    if n < 1 or last >= n or any((d < 0).any() for d in disc):
        raise InvalidParameterError(
            f"{where}: discharge indices must lie in [0, n_samples); n_samples={n}"
        )
    sizes = np.exp(np.log(100.0) * np.arange(1, len(disc) + 1) / len(disc)) / 100.0
    return disc, fs, n, sizes, None


def hdemg_simulate(
    source: PoolSimulation | Sequence[np.ndarray],
    *,
    sampling_rate: float | None = None,
    n_samples: int | None = None,
    rows: int = 8,
    cols: int = 8,
    ied_m: float = 0.008,
    snr_db: float | None = 20.0,
    amplitude_max_v: float = 2e-3,
    cv_range_m_s: tuple[float, float] = (3.5, 5.0),
    depth_range_m: tuple[float, float] = (0.003, 0.02),
    width_s: float = 0.0008,
    iz_spread_m: float = 0.005,
    iz_offset_m: float = 0.0,
    muap_model: Literal["hermite_rodriguez", "line_source"] = "hermite_rodriguez",
    fibre_length_m: float = 0.1,
    random_state: int | np.random.Generator | None = None,
) -> HDEMGSimulation:
    """Simulate monopolar HD-EMG on a ``rows x cols`` grid from discharge times.

    Parameters
    ----------
    source : PoolSimulation or sequence of int arrays
        A pool simulation (unit sizes from its twitch forces, its force becomes the reference),
        or discharge sample indices per unit ordered from small to large (sizes then follow the
        Fuglevand 100-fold exponential distribution).
    sampling_rate : float
        Hz; required with raw discharge arrays.
    n_samples : int, optional
        Record length for raw discharge arrays (default: last discharge + 1).
    rows, cols : int
        Grid size; rows run along the fibres. Default 8 x 8 = 64 channels.
    ied_m : float
        Inter-electrode distance, m (default 8 mm).
    snr_db : float or None
        Signal-to-noise ratio of added white Gaussian noise, dB, relative to the grid-mean
        signal RMS; None for no noise.
    amplitude_max_v : float
        Peak MUAP amplitude of the largest unit at the reference distance (3 mm), V.
    cv_range_m_s : (float, float)
        Conduction velocity of the smallest and the largest unit, m/s (linear in unit rank).
    depth_range_m : (float, float)
        Units' depths below the skin are uniform in this range, m.
    width_s : float
        Waveform scale ``lam`` at 3 mm depth, s.
    iz_spread_m : float
        SD of the innervation-zone positions (along the fibres), m.
    iz_offset_m : float
        Mean innervation-zone position relative to the grid centre along the fibres, m
        (negative: the grid lies distal to the IZ).
    muap_model : {"hermite_rodriguez", "line_source"}
        ``"hermite_rodriguez"`` (default): the fast one-shape model of the module docstring
        (``width_s`` and the ``(3 mm / r)^2`` decay apply). ``"line_source"``: every unit is a
        bundle of fibres in an anisotropic half-space with end-plate and tendon components
        (:mod:`neurolift.motorunits._volume_conductor`: Rosenfalck's action potential, Farina &
        Merletti 2001 generation/extinction, conductivity ratio 5.2 along/across), so
        shape and duration change with depth, lateral offset and fibre ends; ``width_s`` is
        unused, ``amplitude_max_v`` is then the largest unit's peak on the grid, and
        ``unit_width_s`` reports each MUAP's RMS duration on its largest channel.
    fibre_length_m : float
        Fibre length for ``muap_model="line_source"`` (end plates at the IZ, tendon ends
        scattered by +/-5 mm), m.
    random_state : int, Generator or None
        Seed for geometry and noise.

    Returns
    -------
    HDEMGSimulation

    References
    ----------
    .. [1] Farina D, Merletti R (2001). A novel approach for precise simulation of the EMG signal
       detected by surface electrodes. IEEE Trans Biomed Eng 48:637-646 (the full model; ours is
       a fast approximation of its far-from-IZ behaviour).
    .. [2] Andreassen S, Arendt-Nielsen L (1987). Muscle fibre conduction velocity in motor units
       of the human anterior tibial muscle. J Physiol 391:561-571.

    Examples
    --------
    >>> from neurolift.motorunits.pool import MotorUnitPool, excitation_trapezoid
    >>> e = excitation_trapezoid(duration_s=2, sampling_rate=2048, level=0.2, rise_s=0.5, fall_s=0.5)
    >>> sim = MotorUnitPool().simulate(e, random_state=0)
    >>> g = hdemg_simulate(sim, rows=4, cols=3, random_state=0)
    >>> g.emg.n_channels, g.emg.channels[:4], g.emg.unit
    (12, ('r0c0', 'r0c1', 'r0c2', 'r1c0'), 'V')
    """
    where = "hdemg_simulate"
    disc, fs, n, sizes, reference = _discharge_input(source, sampling_rate, n_samples, where)
    for name, val in (("rows", rows), ("cols", cols)):
        if isinstance(val, bool) or int(val) != val or int(val) < 1:
            raise InvalidParameterError(f"{where}: {name} must be an integer >= 1, got {val!r}")
    rows, cols = int(rows), int(cols)
    ied = check_range("ied_m", ied_m, 1e-4, 0.1, where=where)
    amp = check_positive("amplitude_max_v", amplitude_max_v, where=where)
    lam0 = check_range("width_s", width_s, 1e-5, 0.01, where=where)
    iz_sd = check_positive("iz_spread_m", iz_spread_m, where=where, allow_zero=True)
    cv_lo, cv_hi = (check_range("cv_range_m_s", v, 0.5, 15.0, where=where) for v in cv_range_m_s)
    d_lo, d_hi = (check_range("depth_range_m", v, 1e-4, 0.1, where=where) for v in depth_range_m)
    if d_hi < d_lo or cv_hi < cv_lo:
        raise InvalidParameterError(f"{where}: ranges must be (low, high)")
    snr = None if snr_db is None else check_range("snr_db", snr_db, -20.0, 100.0, where=where)
    model = check_choice(
        "muap_model", muap_model, ("hermite_rodriguez", "line_source"), where=where
    )
    fibre_len = check_range("fibre_length_m", fibre_length_m, 0.02, 0.5, where=where)
    rng = np.random.default_rng(random_state)

    n_units = len(disc)
    rank = np.arange(n_units) / max(n_units - 1, 1)
    cv = cv_lo + (cv_hi - cv_lo) * rank
    depth = rng.uniform(d_lo, d_hi, n_units)
    width_grid = (cols - 1) * ied
    lateral = rng.uniform(-width_grid / 2 - 0.01, width_grid / 2 + 0.01, n_units)
    iz_mean = check_range("iz_offset_m", iz_offset_m, -0.1, 0.1, where=where)
    iz = rng.normal(iz_mean, iz_sd, n_units)
    d0 = 0.003
    amplitude = amp * sizes**_AMP_EXP
    lam = lam0 * np.sqrt(depth / d0)

    x_e = (np.arange(rows) - (rows - 1) / 2) * ied  # along the fibres
    y_e = (np.arange(cols) - (cols - 1) / 2) * ied  # across
    n_ch = rows * cols
    out = np.zeros((n_ch, n))
    n_phase = 4
    energy = np.zeros(n_units)
    peak = np.zeros(n_units)
    if model == "line_source":
        out, amplitude, lam, energy, peak = _line_source_grid(
            disc,
            n,
            fs,
            x_e_mm=x_e * 1e3,
            y_e_mm=y_e * 1e3,
            lateral_mm=lateral * 1e3,
            depth_mm=depth * 1e3,
            iz_mm=iz * 1e3,
            cv_m_s=cv,
            sizes=sizes,
            fibre_length_mm=fibre_len * 1e3,
            amplitude_max_v=amp,
            rng=rng,
        )
    for u, s in enumerate(disc if model == "hermite_rodriguez" else ()):
        half = int(math.ceil(4.0 * lam[u] * fs))
        k = np.arange(-half, half + 1)
        r = np.sqrt(depth[u] ** 2 + (y_e - lateral[u]) ** 2)  # (cols,)
        gain = amplitude[u] * (d0 / r) ** 2
        wave0 = muap_waveform(k / fs, width_s=lam[u])
        energy[u] = rows * float(np.sum(gain**2)) * float(np.sum(wave0**2)) / fs
        peak[u] = float(gain.max())
        if s.size == 0:
            continue
        # the unit's train convolved with its waveform at n_phase sub-sample offsets
        trains = np.zeros((n_phase, n + 2 * half + 2))
        for p in range(n_phase):
            wave = muap_waveform((k - p / n_phase) / fs, width_s=lam[u])
            for j, wv in enumerate(wave):
                trains[p, s + j] += wv  # index shifted by +half: sample s + k[j]
        delay = np.abs(x_e - iz[u]) / cv[u] * fs  # (rows,) samples
        for ri in range(rows):
            m = int(math.floor(delay[ri]))
            p = int(round((delay[ri] - m) * n_phase))
            if p == n_phase:
                m, p = m + 1, 0
            # sample t of output gets trains[p, t - m + half]
            start = max(0, m - half)
            src0 = start - m + half
            seg = trains[p, src0 : src0 + n - start]
            for ci in range(cols):
                out[ri * cols + ci, start : start + seg.size] += gain[ci] * seg
    warnings: list[str] = []
    sigma = 0.0
    if snr is not None:
        rms = float(np.sqrt(np.mean(out**2)))
        if rms > 0:
            sigma = rms / 10 ** (snr / 20.0)
            out += rng.normal(0.0, sigma, out.shape)
        else:
            warnings.append("no discharges: the grid holds noise-free zeros")
    method: dict[str, Any] = {
        "name": "neurolift_hermite_rodriguez_propagating_muap",
        "rows": rows,
        "cols": cols,
        "ied_m": ied,
        "snr_db": snr,
        "amplitude_max_v": amp,
        "cv_range_m_s": [cv_lo, cv_hi],
        "depth_range_m": [d_lo, d_hi],
        "iz_spread_m": iz_sd,
        "iz_offset_m": iz_mean,
        "amplitude_scaling": f"twitch force ** {_AMP_EXP:g}",
    }
    if model == "hermite_rodriguez":
        method.update(
            width_s=lam0, spatial_decay="(3 mm / r)^2", sub_sample_delay_resolution=1.0 / n_phase
        )
    else:
        method.update(
            name="neurolift_line_source_anisotropic_half_space",
            amplitude_scaling="number of fibres (twitch force)",
            fibre_length_m=fibre_len,
            sigma_axial_s_m=_vc.SIGMA_AXIAL,
            sigma_radial_s_m=_vc.SIGMA_RADIAL,
            fibres_largest_unit=_vc.FIBRES_LARGEST,
            fibre_density_per_mm2=_vc.FIBRE_DENSITY_MM2,
        )
    names = tuple(f"r{r_}c{c_}" for r_ in range(rows) for c_ in range(cols))
    emg = TimeSeries(out.T, sampling_rate=fs, unit="V", channels=names)
    return HDEMGSimulation(
        emg=emg,
        discharges=tuple(disc),
        rows=rows,
        cols=cols,
        ied_m=ied,
        unit_cv_m_s=cv,
        unit_iz_m=iz,
        unit_lateral_m=lateral,
        unit_depth_m=depth,
        unit_amplitude_v=amplitude,
        unit_width_s=lam,
        snr_db=snr,
        unit_muap_energy_v2s=energy,
        unit_muap_peak_v=peak,
        noise_sd_v=sigma,
        reference=reference,
        method=method,
        warnings=warnings,
    )


def _line_source_grid(
    disc: list[np.ndarray],
    n: int,
    fs: float,
    *,
    amplitude_max_v: float,
    rng: np.random.Generator,
    **geometry: Any,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The grid (channels, n) from line-source MUAPs, and per unit: peak, RMS duration, energy, peak.

    Templates come from :func:`~neurolift.motorunits._volume_conductor.line_source_templates`
    in arbitrary units; one factor scales them all so the largest unit peaks at
    ``amplitude_max_v`` (relative amplitudes stay physical).
    """
    sizes = geometry["sizes"]
    templates, lead = _vc.line_source_templates(sampling_rate=fs, rng=rng, **geometry)
    scale = amplitude_max_v / max(float(np.abs(templates[int(np.argmax(sizes))]).max()), 1e-300)
    out_t = np.zeros((n, templates[0].shape[0]))
    n_units = len(disc)
    peak = np.zeros(n_units)
    width = np.zeros(n_units)
    energy = np.zeros(n_units)
    for u, s in enumerate(disc):
        tm = templates[u] * scale
        peak[u] = float(np.abs(tm).max())
        energy[u] = float(np.sum(tm * tm)) / fs
        best = tm[int(np.argmax(np.sum(tm * tm, axis=1)))]
        w = best * best
        tc = np.sum(w * np.arange(w.size)) / w.sum()
        width[u] = float(np.sqrt(np.sum(w * (np.arange(w.size) - tc) ** 2) / w.sum())) / fs
        for j in range(tm.shape[1]):  # one vector add per template lag, not per sample
            idx = s + (j - lead)
            idx = idx[(idx >= 0) & (idx < n)]
            out_t[idx] += tm[:, j]
    return out_t.T.copy(), peak, width, energy, peak


def semg_simulate(
    source: PoolSimulation | Sequence[np.ndarray],
    *,
    sampling_rate: float | None = None,
    n_samples: int | None = None,
    electrode_distance_m: float = 0.02,
    iz_offset_m: float = 0.03,
    snr_db: float | None = 30.0,
    random_state: int | np.random.Generator | None = None,
    **grid_kwargs: Any,
) -> TimeSeries:
    """Bipolar surface EMG (two electrodes ``electrode_distance_m`` apart along the fibres), V.

    The same MUAP model as :func:`hdemg_simulate` on a 2 x 1 "grid" whose centre lies
    ``iz_offset_m`` from the innervation zone (between IZ and tendon, as SENIAM recommends; over
    the IZ the two electrodes see symmetric waves that cancel), differentiated. Noise is added to
    the bipolar signal at ``snr_db``.

    Examples
    --------
    >>> from neurolift.motorunits.pool import MotorUnitPool
    >>> import numpy as np
    >>> sim = MotorUnitPool().simulate(np.full(2048, 0.5), sampling_rate=2048, random_state=0)
    >>> emg = semg_simulate(sim, random_state=0)
    >>> emg.channels, emg.unit, emg.n_samples
    (('bipolar',), 'V', 2048)
    """
    where = "semg_simulate"
    dist = check_range("electrode_distance_m", electrode_distance_m, 1e-3, 0.1, where=where)
    snr = None if snr_db is None else check_range("snr_db", snr_db, -20.0, 100.0, where=where)
    rng = np.random.default_rng(random_state)
    g = hdemg_simulate(
        source,
        sampling_rate=sampling_rate,
        n_samples=n_samples,
        rows=2,
        cols=1,
        ied_m=dist,
        snr_db=None,
        iz_offset_m=iz_offset_m,
        random_state=rng,
        **grid_kwargs,
    )
    v = g.emg.values[:, 0] - g.emg.values[:, 1]
    if snr is not None:
        rms = float(np.sqrt(np.mean(v**2)))
        if rms > 0:
            v = v + rng.normal(0.0, rms / 10 ** (snr / 20.0), v.size)
    return TimeSeries(v, sampling_rate=g.emg.sampling_rate, unit="V", channels=("bipolar",))


def discharges_write_csv(
    path: str | Path,
    discharges: Sequence[np.ndarray],
    *,
    sampling_rate: float,
    layout: Literal["long", "wide"] = "long",
    unit_names: Sequence[str] | None = None,
) -> Path:
    """Write discharge times per unit to CSV.

    Parameters
    ----------
    path : str or Path
        Output file (overwritten).
    discharges : sequence of int arrays
        Sample indices per unit.
    sampling_rate : float
        Hz (for the times in seconds).
    layout : {"long", "wide"}
        ``"long"``: one row per discharge, columns ``unit,sample,time_s``; ``"wide"``: one column
        per unit of times in s, ragged columns padded with empty cells — the layout
        :func:`neurolift.io.decomposition.decomposition_read_csv` reads back.
    unit_names : sequence of str, optional
        Default ``MU0, MU1, ...``.

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile, os
    >>> f = os.path.join(tempfile.mkdtemp(), "d.csv")
    >>> _ = discharges_write_csv(f, [np.array([10, 30]), np.array([20])], sampling_rate=100)
    >>> print(Path(f).read_text().strip())
    unit,sample,time_s
    MU0,10,0.1
    MU1,20,0.2
    MU0,30,0.3
    """
    where = "discharges_write_csv"
    fs = check_sampling_rate(sampling_rate, where=where)
    layout = check_choice("layout", layout, ("long", "wide"), where=where)  # type: ignore[assignment]
    disc = [np.asarray(d, dtype=np.int64).ravel() for d in discharges]
    names = list(unit_names) if unit_names is not None else [f"MU{i}" for i in range(len(disc))]
    if len(names) != len(disc):
        raise InvalidParameterError(f"{where}: {len(names)} unit name(s) for {len(disc)} unit(s)")
    p = Path(path)
    with p.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        if layout == "long":
            w.writerow(["unit", "sample", "time_s"])
            if disc:
                unit_idx = np.concatenate([np.full(d.size, i) for i, d in enumerate(disc)])
                samples = np.concatenate(disc)
                order = np.lexsort((unit_idx, samples))
                for i in order:
                    w.writerow([names[unit_idx[i]], int(samples[i]), repr(float(samples[i] / fs))])
        else:
            w.writerow(names)
            longest = max((d.size for d in disc), default=0)
            for r in range(longest):
                w.writerow([repr(float(d[r] / fs)) if r < d.size else "" for d in disc])
    return p
