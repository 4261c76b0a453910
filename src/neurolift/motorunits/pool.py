"""Motor-unit pool simulator: Fuglevand et al. (1993) recruitment, rate coding and twitch force.

A :class:`MotorUnitPool` turns an excitation profile (fraction 0-1 of the maximal excitation)
into discharge times of every unit and the force they produce. It exposes the neural levers the
strength literature names as one :class:`NeuralState` (voluntary activation, compressed
recruitment thresholds, peak and early discharge rates, shared synaptic input, antagonist
co-activation, rate of excitation rise) and the muscular ones as a :class:`MuscularState` (twitch
force = muscle size, contraction times = fibre-type mix), so that a state produced by
:mod:`neurolift.training.adaptation` can be simulated.

The implementation is vectorised: rates are integrated on a phase grid (>= 500 Hz) shared by all
units, discharge times are the crossings of Gaussian phase thresholds (ISI CV as given), and the
force is the exact (impulse-invariant) sum of every unit's weighted twitches, computed for all
units at once: each unit's past is carried as two numbers per 32-sample block and the blocks are
filled by matrix products (see ``MotorUnitPool._force_from_discharges``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from scipy import signal as _sig

from neurolift._deprecation import renamed_parameters
from neurolift._results import Result
from neurolift._validation import check_choice, check_positive, check_range, check_sampling_rate
from neurolift.errors import InvalidParameterError, SignalError
from neurolift.timeseries import TimeSeries

__all__ = [
    "ContractionMetrics",
    "MotorUnitPool",
    "MuscularState",
    "NeuralState",
    "PoolSimulation",
    "excitation_ramp",
    "excitation_step",
    "excitation_trapezoid",
]

#: De Luca & Hostage (2010) rate model coefficients as implemented in the R package semgsim
#: (``rate_function``): fr = D*x + (C - A*exp(-x/B))*x_i + E, x and x_i as fractions of maximal
#: excitation. These are semgsim's example values, not the paper's muscle-specific table.
DE_LUCA_COEFFICIENTS = {"A": 100.0, "B": 0.2, "C": -25.0, "D": 7.0, "E": 20.0}


# ----------------------------------------------------------------------------------------------
# States (the levers)


@dataclass(frozen=True)
class NeuralState:
    """The neural levers of force production (Aagaard 2003; Del Vecchio et al. 2019).

    Parameters
    ----------
    voluntary_activation : float
        Fraction (0, 1] of the pool's maximal excitation reached by a maximal voluntary effort;
        the requested excitation is multiplied by it.
    recruitment_threshold_scale : float
        Factor (0, 1] on every recruitment threshold: < 1 compresses recruitment (units join at
        lower excitation, Del Vecchio et al. 2019: -10 % recruitment-threshold force).
    peak_rate_scale : float
        Factor (> 0) on discharge rates above the minimum rate (peak and plateau rates; +11 %
        after 4 weeks in Del Vecchio et al. 2019).
    early_rate_pps : float
        Extra discharge rate at recruitment, pps (>= 0), decaying with a 50 ms time constant
        (high initial rates in ballistic contractions, Van Cutsem et al. 1998).
    shared_input_fraction : float
        Fraction [0, 1] of the discharge variability that comes from a common (shared) synaptic
        input; synchronisation and coherence emerge from it (Farina & Negro 2015).
    antagonist_coactivation : float
        Antagonist excitation as a fraction [0, 1] of the agonist's.
    excitation_rise_time_s : float
        10-90 % rise time of the neural drive, s (> 0): the input is passed through a first-order
        lag with time constant ``rise / ln 9`` (drives early RFD).
    """

    voluntary_activation: float = 1.0
    recruitment_threshold_scale: float = 1.0
    peak_rate_scale: float = 1.0
    early_rate_pps: float = 0.0
    shared_input_fraction: float = 0.0
    antagonist_coactivation: float = 0.0
    excitation_rise_time_s: float = 0.02

    def __post_init__(self) -> None:
        where = "NeuralState"
        object.__setattr__(
            self,
            "voluntary_activation",
            check_range("voluntary_activation", self.voluntary_activation, 1e-6, 1.0, where=where),
        )
        object.__setattr__(
            self,
            "recruitment_threshold_scale",
            check_range(
                "recruitment_threshold_scale",
                self.recruitment_threshold_scale,
                1e-3,
                1.0,
                where=where,
            ),
        )
        object.__setattr__(
            self,
            "peak_rate_scale",
            check_positive("peak_rate_scale", self.peak_rate_scale, where=where),
        )
        object.__setattr__(
            self,
            "early_rate_pps",
            check_positive("early_rate_pps", self.early_rate_pps, where=where, allow_zero=True),
        )
        object.__setattr__(
            self,
            "shared_input_fraction",
            check_range("shared_input_fraction", self.shared_input_fraction, 0.0, 1.0, where=where),
        )
        object.__setattr__(
            self,
            "antagonist_coactivation",
            check_range(
                "antagonist_coactivation", self.antagonist_coactivation, 0.0, 1.0, where=where
            ),
        )
        object.__setattr__(
            self,
            "excitation_rise_time_s",
            check_positive("excitation_rise_time_s", self.excitation_rise_time_s, where=where),
        )


@dataclass(frozen=True)
class MuscularState:
    """The muscular levers.

    Parameters
    ----------
    twitch_force_scale : float
        Factor (> 0) on every unit's twitch force: muscle size (1.07 = +7 % cross-sectional
        area at constant specific tension).
    contraction_time_scale : float
        Factor (> 0) on every unit's contraction time: fibre-type mix (> 1 = slower, IIX -> IIA).
    """

    twitch_force_scale: float = 1.0
    contraction_time_scale: float = 1.0

    def __post_init__(self) -> None:
        object.__setattr__(
            self,
            "twitch_force_scale",
            check_positive("twitch_force_scale", self.twitch_force_scale, where="MuscularState"),
        )
        object.__setattr__(
            self,
            "contraction_time_scale",
            check_positive(
                "contraction_time_scale", self.contraction_time_scale, where="MuscularState"
            ),
        )


# ----------------------------------------------------------------------------------------------
# Excitation profiles


def _profile_args(
    duration_s: Any, sampling_rate: Any, level: Any, where: str
) -> tuple[float, float, float, int]:
    fs = check_sampling_rate(sampling_rate, where=where)
    dur = check_positive("duration_s", duration_s, where=where)
    lev = check_range("level", level, 0.0, 1.0, where=where)
    n = int(round(dur * fs))
    if n < 2:
        raise InvalidParameterError(
            f"{where}: duration {dur:g} s gives fewer than 2 samples at {fs:g} Hz"
        )
    return fs, dur, lev, n


@renamed_parameters(duration="duration_s")
def excitation_trapezoid(
    *,
    duration_s: float,
    sampling_rate: float,
    level: float,
    rise_s: float = 5.0,
    fall_s: float = 5.0,
    onset_s: float = 0.0,
) -> TimeSeries:
    """Trapezoid excitation: ramp up over ``rise_s``, hold ``level``, ramp down over ``fall_s``.

    Parameters
    ----------
    duration : float
        Total length, s.
    sampling_rate : float
        Hz.
    level : float
        Plateau, fraction [0, 1] of maximal excitation.
    rise_s, fall_s : float
        Ramp durations, s (>= 0).
    onset_s : float
        Time of the start of the rise, s.

    Returns
    -------
    TimeSeries
        Unit ``"1"`` (fraction of maximal excitation).

    Examples
    --------
    >>> e = excitation_trapezoid(duration_s=10, sampling_rate=100, level=0.5, rise_s=2, fall_s=2)
    >>> float(e.values.max()), float(e.values[0]), float(e.values[-1]), e.n_samples
    (0.5, 0.0, 0.0, 1000)
    """
    where = "excitation_trapezoid"
    fs, dur, lev, n = _profile_args(duration_s, sampling_rate, level, where)
    rise = check_positive("rise_s", rise_s, where=where, allow_zero=True)
    fall = check_positive("fall_s", fall_s, where=where, allow_zero=True)
    on = check_positive("onset_s", onset_s, where=where, allow_zero=True)
    if on + rise + fall > dur:
        raise InvalidParameterError(
            f"{where}: onset_s + rise_s + fall_s = {on + rise + fall:g} s exceeds duration {dur:g} s"
        )
    t = np.arange(n) / fs
    end = (n - 1) / fs
    up = np.clip((t - on) / rise, 0, 1) if rise > 0 else (t >= on).astype(float)
    down = np.clip((end - t) / fall, 0, 1) if fall > 0 else np.ones(n)
    return TimeSeries(
        lev * np.minimum(up, down), sampling_rate=fs, unit="1", channels=("excitation",)
    )


@renamed_parameters(duration="duration_s")
def excitation_ramp(*, duration_s: float, sampling_rate: float, level: float = 1.0) -> TimeSeries:
    """Linear ramp from 0 to ``level`` over ``duration_s`` (recruitment studies).

    Examples
    --------
    >>> e = excitation_ramp(duration_s=1, sampling_rate=1000, level=1)
    >>> float(e.values[0]), round(float(e.values[-1]), 6)
    (0.0, 1.0)
    """
    fs, dur, lev, n = _profile_args(duration_s, sampling_rate, level, "excitation_ramp")
    return TimeSeries(
        np.linspace(0.0, lev, n), sampling_rate=fs, unit="1", channels=("excitation",)
    )


@renamed_parameters(duration="duration_s")
def excitation_step(
    *,
    duration_s: float,
    sampling_rate: float,
    level: float = 1.0,
    onset_s: float = 0.5,
) -> TimeSeries:
    """Step (ballistic) excitation: 0 until ``onset_s``, then ``level`` (for RFD).

    How fast the drive really rises is a neural lever: :attr:`NeuralState.excitation_rise_time_s`
    smooths the step inside the pool.

    Examples
    --------
    >>> e = excitation_step(duration_s=1, sampling_rate=1000, level=1, onset_s=0.2)
    >>> float(e.values[199]), float(e.values[200])
    (0.0, 1.0)
    """
    where = "excitation_step"
    fs, dur, lev, n = _profile_args(duration_s, sampling_rate, level, where)
    on = check_range("onset_s", onset_s, 0.0, dur, where=where)
    t = np.arange(n) / fs
    return TimeSeries(
        np.where(t >= on - 1e-12, lev, 0.0), sampling_rate=fs, unit="1", channels=("excitation",)
    )


# ----------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class ContractionMetrics(Result):
    """Summary of one simulated contraction (what the CLI prints and the store keeps).

    RFD windows start at the force onset (first sample above ``onset_threshold`` of the peak net
    force); forces are in N.
    """

    peak_force_n: float
    mean_plateau_force_n: float
    force_onset_s: float
    rfd_0_50ms_n_s: float
    rfd_0_100ms_n_s: float
    rfd_0_200ms_n_s: float
    n_recruited: int
    n_spikes: int
    mean_discharge_rate_pps: float
    mean_isi_cv: float
    antagonist_peak_force_n: float
    method: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True, eq=False)
class PoolSimulation:
    """Output of :meth:`MotorUnitPool.simulate`.

    Attributes
    ----------
    discharges : tuple of int ndarray
        Discharge times of every unit as sample indices (0-based, increasing), ordered by
        recruitment threshold (unit 0 = smallest).
    force : TimeSeries
        Net force, N (agonist minus antagonist).
    agonist_force, antagonist_force : ndarray, shape (n_samples,)
        The two parts, N.
    excitation : TimeSeries
        The effective excitation driving the pool (after voluntary activation and rise-time lag).
    pool : MotorUnitPool
        The pool (with its states) that produced it.
    method : dict
        Parameters used.
    warnings : list of str
    """

    discharges: tuple[np.ndarray, ...]
    force: TimeSeries
    agonist_force: np.ndarray
    antagonist_force: np.ndarray
    excitation: TimeSeries
    pool: MotorUnitPool
    method: dict[str, Any]
    warnings: list[str]

    @property
    def sampling_rate(self) -> float:
        return self.force.sampling_rate

    @property
    def n_samples(self) -> int:
        return self.force.n_samples

    def discharge_rates_pps(self, start_s: float = 0.0, end_s: float | None = None) -> np.ndarray:
        """Mean discharge rate of every unit between ``start_s`` and ``end_s`` (NaN if < 2 spikes)."""
        fs = self.sampling_rate
        lo = int(round(start_s * fs))
        hi = self.n_samples if end_s is None else int(round(end_s * fs))
        out = np.full(len(self.discharges), np.nan)
        for i, d in enumerate(self.discharges):
            d = d[(d >= lo) & (d < hi)]
            if d.size >= 2:
                out[i] = (d.size - 1) / ((d[-1] - d[0]) / fs)
        return out

    def isi_cv(self, start_s: float = 0.0, end_s: float | None = None) -> np.ndarray:
        """ISI coefficient of variation of every unit in a window (NaN if < 3 spikes)."""
        fs = self.sampling_rate
        lo = int(round(start_s * fs))
        hi = self.n_samples if end_s is None else int(round(end_s * fs))
        out = np.full(len(self.discharges), np.nan)
        for i, d in enumerate(self.discharges):
            d = d[(d >= lo) & (d < hi)]
            if d.size >= 3:
                isi = np.diff(d) / fs
                out[i] = isi.std(ddof=1) / isi.mean()
        return out

    def metrics(
        self, *, onset_threshold: float = 0.025, plateau: tuple[float, float] | None = None
    ) -> ContractionMetrics:
        """Peak force, RFD at 50/100/200 ms, recruitment and discharge statistics.

        Parameters
        ----------
        onset_threshold : float
            Force onset = first sample above this fraction (0, 1) of the peak net force.
        plateau : (start_s, end_s), optional
            Window for the plateau force and the discharge statistics; default: the samples where
            the excitation is >= 95 % of its maximum.
        """
        where = "PoolSimulation.metrics"
        thr = check_range("onset_threshold", onset_threshold, 1e-6, 0.999, where=where)
        f = self.force.values
        fs = self.sampling_rate
        peak = float(f.max())
        if peak <= 0:
            raise SignalError(
                f"{where}: the net force never rises above zero; no contraction to measure"
            )
        onset = int(np.argmax(f > thr * peak))
        rfd = []
        for ms in (50, 100, 200):
            k = onset + int(round(ms / 1000 * fs))
            rfd.append(
                (f[min(k, f.size - 1)] - f[onset]) / (ms / 1000) if k < f.size else float("nan")
            )
        e = self.excitation.values
        if plateau is None:
            idx = np.flatnonzero(e >= 0.95 * e.max())
            p0, p1 = idx[0] / fs, (idx[-1] + 1) / fs
        else:
            p0, p1 = plateau
        sl = slice(int(round(p0 * fs)), int(round(p1 * fs)))
        rates = self.discharge_rates_pps(p0, p1)
        cvs = self.isi_cv(p0, p1)
        warnings = []
        if any(not math.isfinite(r) for r in rfd):
            warnings.append("record ends before an RFD window closes; that RFD is missing")
        return ContractionMetrics(
            peak_force_n=peak,
            mean_plateau_force_n=float(f[sl].mean()),
            force_onset_s=onset / fs + self.force.t0,
            rfd_0_50ms_n_s=rfd[0],
            rfd_0_100ms_n_s=rfd[1],
            rfd_0_200ms_n_s=rfd[2],
            n_recruited=int(sum(d.size > 0 for d in self.discharges)),
            n_spikes=int(sum(d.size for d in self.discharges)),
            mean_discharge_rate_pps=float(np.nanmean(rates))
            if np.isfinite(rates).any()
            else float("nan"),
            mean_isi_cv=float(np.nanmean(cvs)) if np.isfinite(cvs).any() else float("nan"),
            antagonist_peak_force_n=float(self.antagonist_force.max()),
            method={"onset_threshold": thr, "plateau_s": [p0, p1], **self.method},
            warnings=warnings + list(self.warnings),
        )


# ----------------------------------------------------------------------------------------------
# The pool


def _force_gain(norm_rate: np.ndarray) -> np.ndarray:
    """Fuglevand 1993 eq. 17: twitch gain as a function of normalised rate T/ISI (sigmoidal F-f)."""
    r = np.asarray(norm_rate, dtype=np.float64)
    s04 = (1.0 - math.exp(-2.0 * 0.4**3)) / 0.4
    with np.errstate(divide="ignore", invalid="ignore"):
        g = (1.0 - np.exp(-2.0 * r**3)) / r / s04
    return np.where(r <= 0.4, 1.0, g)


class MotorUnitPool:
    """A pool of motor units with Fuglevand et al. (1993) defaults.

    Parameters
    ----------
    n_units : int
        Number of units (>= 1). Default 120 (Fuglevand et al. 1993).
    recruitment_range : float
        Ratio of the largest to the smallest recruitment threshold (>= 1). Default 30.
        Thresholds ``RTE_i = exp(ln(RR) * i / n)``, i = 1..n.
    excitation_gain_pps : float
        Rate increase per unit of excitation above threshold, pps (> 0). Default 1.
    min_rate_pps : float
        Discharge rate at recruitment, pps (> 0). Default 8.
    peak_rate_first_pps, peak_rate_last_pps : float
        Peak rate of the first and the last unit, pps; linear in threshold between them.
        Defaults 35 and 25 (PFR1 = 35, PFRD = 10).
    isi_cv : float
        Coefficient of variation of the inter-spike intervals, [0, 0.5]. Default 0.2.
    twitch_force_range : float
        Ratio of the largest to the smallest twitch force (> 1). Default 100.
    contraction_time_max_s : float
        Contraction time of the smallest unit, s (> 0). Default 0.090.
    contraction_time_range : float
        Ratio of the longest to the shortest contraction time (>= 1). Default 3 (90 -> 30 ms).
    rate_model : {"fuglevand", "deluca"}
        Rate coding: Fuglevand 1993 (later units reach lower peak rates but rates rise with the
        same gain), or De Luca & Hostage 2010 onion skin (earlier-recruited units fire faster at
        every excitation); the latter uses :data:`DE_LUCA_COEFFICIENTS`.
    max_force_n : float
        Muscle-size scale: maximal force of the pool (all units at their peak rates, default
        neural and muscular states), N (> 0). Default 1000.
    antagonist_force_ratio : float
        Maximal antagonist force as a fraction of ``max_force_n`` (>= 0). Default 0.5. The
        antagonist is modelled at the mean-rate level (same structure, no individual spikes).
    neural_state, muscular_state : NeuralState, MuscularState, optional
        The levers; defaults are neutral.
    fatigue : bool
        Open-loop fatigue of twitch force after Potvin & Fuglevand (2017): each discharge costs a
        unit ``fatigue_factor * f_i * relative_force / rate`` of its force capacity, with ``f_i``
        spanning 1 -> 180 from the first to the last unit. Recovery and rate adaptation are not
        modelled.
    fatigue_factor : float
        Percent of capacity lost per second per unit relative force (Potvin & Fuglevand 2017:
        0.0225).
    doublets : bool
        Add a discharge doublet (second spike ``doublet_interval_s`` after the first) to every unit
        recruited while the excitation rises faster than 5 /s (ballistic onset; Van Cutsem et al.
        1998).
    doublet_interval_s : float
        Doublet interval, s. Default 0.005.

    References
    ----------
    .. [1] Fuglevand AJ, Winter DA, Patla AE (1993). Models of recruitment and rate coding
       organization in motor-unit pools. J Neurophysiol 70:2470-2488.
    .. [2] De Luca CJ, Hostage EC (2010). Relationship between firing rate and recruitment
       threshold of motoneurons in voluntary isometric contractions. J Neurophysiol 104:1034-1046.
    .. [3] Potvin JR, Fuglevand AJ (2017). A motor unit-based model of muscle fatigue. PLoS
       Comput Biol 13:e1005581.
    .. [4] Van Cutsem M, Duchateau J, Hainaut K (1998). Changes in single motor unit behaviour
       contribute to the increase in contraction speed after dynamic training in humans. J Physiol
       513:295-305.

    Examples
    --------
    >>> pool = MotorUnitPool()
    >>> round(pool.last_recruitment_fraction, 3)
    0.638
    >>> e = excitation_trapezoid(duration_s=6, sampling_rate=2048, level=0.5, rise_s=1, fall_s=1)
    >>> sim = pool.simulate(e, random_state=1)
    >>> m = sim.metrics()
    >>> m.n_recruited, 400 < m.mean_plateau_force_n < 700
    (111, True)
    """

    def __init__(
        self,
        *,
        n_units: int = 120,
        recruitment_range: float = 30.0,
        excitation_gain_pps: float = 1.0,
        min_rate_pps: float = 8.0,
        peak_rate_first_pps: float = 35.0,
        peak_rate_last_pps: float = 25.0,
        isi_cv: float = 0.2,
        twitch_force_range: float = 100.0,
        contraction_time_max_s: float = 0.090,
        contraction_time_range: float = 3.0,
        rate_model: Literal["fuglevand", "deluca"] = "fuglevand",
        max_force_n: float = 1000.0,
        antagonist_force_ratio: float = 0.5,
        neural_state: NeuralState | None = None,
        muscular_state: MuscularState | None = None,
        fatigue: bool = False,
        fatigue_factor: float = 0.0225,
        doublets: bool = False,
        doublet_interval_s: float = 0.005,
    ) -> None:
        where = "MotorUnitPool"
        if isinstance(n_units, bool) or int(n_units) != n_units or int(n_units) < 1:
            raise InvalidParameterError(
                f"{where}: n_units must be an integer >= 1, got {n_units!r}"
            )
        self.n_units = int(n_units)
        rr = check_positive("recruitment_range", recruitment_range, where=where)
        if rr < 1:
            raise InvalidParameterError(
                f"{where}: recruitment_range must be >= 1, got {recruitment_range!r}"
            )
        self.recruitment_range = rr
        self.excitation_gain_pps = check_positive(
            "excitation_gain_pps", excitation_gain_pps, where=where
        )
        self.min_rate_pps = check_positive("min_rate_pps", min_rate_pps, where=where)
        self.peak_rate_first_pps = check_positive(
            "peak_rate_first_pps", peak_rate_first_pps, where=where
        )
        self.peak_rate_last_pps = check_positive(
            "peak_rate_last_pps", peak_rate_last_pps, where=where
        )
        if min(self.peak_rate_first_pps, self.peak_rate_last_pps) < self.min_rate_pps:
            raise InvalidParameterError(
                f"{where}: peak rates ({self.peak_rate_first_pps:g}, {self.peak_rate_last_pps:g} pps) "
                f"must be >= min_rate_pps ({self.min_rate_pps:g} pps)"
            )
        self.isi_cv = check_range("isi_cv", isi_cv, 0.0, 0.5, where=where)
        tr = check_positive("twitch_force_range", twitch_force_range, where=where)
        if tr < 1:
            raise InvalidParameterError(
                f"{where}: twitch_force_range must be >= 1, got {twitch_force_range!r}"
            )
        self.twitch_force_range = tr
        self.contraction_time_max_s = check_range(
            "contraction_time_max_s", contraction_time_max_s, 1e-3, 1.0, where=where
        )
        ctr = check_positive("contraction_time_range", contraction_time_range, where=where)
        if ctr < 1:
            raise InvalidParameterError(
                f"{where}: contraction_time_range must be >= 1, got {contraction_time_range!r}"
            )
        self.contraction_time_range = ctr
        self.rate_model = check_choice(
            "rate_model", rate_model, ("fuglevand", "deluca"), where=where
        )
        self.max_force_n = check_positive("max_force_n", max_force_n, where=where)
        self.antagonist_force_ratio = check_positive(
            "antagonist_force_ratio", antagonist_force_ratio, where=where, allow_zero=True
        )
        if neural_state is not None and not isinstance(neural_state, NeuralState):
            raise InvalidParameterError(
                f"{where}: neural_state must be a NeuralState, got {type(neural_state).__name__}"
            )
        if muscular_state is not None and not isinstance(muscular_state, MuscularState):
            raise InvalidParameterError(
                f"{where}: muscular_state must be a MuscularState, got {type(muscular_state).__name__}"
            )
        self.neural_state = neural_state or NeuralState()
        self.muscular_state = muscular_state or MuscularState()
        self.fatigue = bool(fatigue)
        self.fatigue_factor = check_positive(
            "fatigue_factor", fatigue_factor, where=where, allow_zero=True
        )
        self.doublets = bool(doublets)
        self.doublet_interval_s = check_range(
            "doublet_interval_s", doublet_interval_s, 1e-3, 0.02, where=where
        )

        n = self.n_units
        i = np.arange(1, n + 1)
        #: recruitment thresholds in Fuglevand excitation units (1 .. RR)
        self.thresholds = np.exp(np.log(rr) * i / n)
        pfr = self.peak_rate_first_pps - (self.peak_rate_first_pps - self.peak_rate_last_pps) * (
            self.thresholds / self.thresholds[-1]
        )
        #: peak discharge rates, pps (before the neural state's scaling)
        self.peak_rates_pps = pfr
        #: maximal excitation: the last unit reaches its peak rate
        self.e_max = float(
            self.thresholds[-1] + (pfr[-1] - self.min_rate_pps) / self.excitation_gain_pps
        )
        #: relative twitch forces (1 .. RP)
        self.twitch_forces = np.exp(np.log(tr) * i / n)
        c = math.log(tr) / math.log(ctr) if ctr > 1 else math.inf
        #: contraction times, s (before the muscular state's scaling)
        self.contraction_times_s = (
            self.contraction_time_max_s * (1.0 / self.twitch_forces) ** (1.0 / c)
            if math.isfinite(c)
            else np.full(n, self.contraction_time_max_s)
        )
        self._force_unit_n = 1.0
        ref = self.with_states(NeuralState(), MuscularState())
        self._force_unit_n = self.max_force_n / ref._mean_force_raw(np.array([1.0]))[0]
        #: fatigue rate multipliers 1 .. 180 (Potvin & Fuglevand 2017)
        self.fatigue_rates = np.exp(np.log(180.0) * (i - 1) / max(n - 1, 1))

    # -- derived quantities ------------------------------------------------------------------

    def with_states(
        self, neural_state: NeuralState | None = None, muscular_state: MuscularState | None = None
    ) -> MotorUnitPool:
        """A copy of the pool with other states (same structure and force scale)."""
        new = object.__new__(MotorUnitPool)
        new.__dict__.update(self.__dict__)
        new.neural_state = neural_state or NeuralState()
        new.muscular_state = muscular_state or MuscularState()
        return new

    @property
    def last_recruitment_fraction(self) -> float:
        """Excitation (fraction of maximal) at which the last unit is recruited (~0.64 by default)."""
        return float(
            self.thresholds[-1] * self.neural_state.recruitment_threshold_scale / self.e_max
        )

    def recruitment_fractions(self) -> np.ndarray:
        """Recruitment threshold of every unit as a fraction of maximal excitation."""
        return self.thresholds * self.neural_state.recruitment_threshold_scale / self.e_max

    def _rates(self, e: np.ndarray) -> np.ndarray:
        """Steady discharge rates (units x len(e)), pps, at effective excitation fractions ``e``."""
        ns = self.neural_state
        x_i = self.recruitment_fractions()[:, None]
        x = np.asarray(e, dtype=np.float64)[None, :]
        on = x >= x_i
        if self.rate_model == "fuglevand":
            k_e = self.excitation_gain_pps * self.e_max
            r = x * k_e - (x_i * k_e - self.min_rate_pps)  # one units x samples temporary
            np.minimum(r, self.peak_rates_pps[:, None], out=r)
        else:
            k = DE_LUCA_COEFFICIENTS
            r = k["D"] * x + (k["C"] - k["A"] * np.exp(-x / k["B"])) * x_i + k["E"]
            r = np.maximum(r, 1.0)
        r = (
            self.min_rate_pps + (r - self.min_rate_pps) * ns.peak_rate_scale
            if ns.peak_rate_scale != 1
            else r
        )
        # an active unit fires at >= min_rate_pps (rates only scale above it), so the 0.5 pps
        # floor matters only for a minimum rate below it or for the De Luca model
        if self.rate_model != "fuglevand" or self.min_rate_pps < 0.5:
            np.maximum(r, 0.5, out=r)
        r *= on
        return r

    def discharge_rates(self, excitation: float | np.ndarray) -> np.ndarray:
        """Steady-state discharge rate of every unit at an excitation (fraction of maximal), pps.

        Voluntary activation is applied (the excitation is the requested effort). Shape
        ``(n_units,)`` for a scalar, ``(n_units, n)`` for an array.

        Examples
        --------
        >>> pool = MotorUnitPool()
        >>> r = pool.discharge_rates(1.0)
        >>> round(float(r[0]), 2), float(r[-1])
        (34.66, 25.0)
        """
        e = _check_excitation(excitation, "MotorUnitPool.discharge_rates")
        r = self._rates(np.atleast_1d(e) * self.neural_state.voluntary_activation)
        return r[:, 0] if np.ndim(excitation) == 0 else r

    def _mean_force_raw(self, e_eff: np.ndarray) -> np.ndarray:
        r = self._rates(e_eff)
        t = (self.contraction_times_s * self.muscular_state.contraction_time_scale)[:, None]
        p = (self.twitch_forces * self.muscular_state.twitch_force_scale)[:, None]
        norm = t * r
        return (p * math.e * norm * _force_gain(norm)).sum(axis=0) * self._force_unit_n

    def mean_force(self, excitation: float | np.ndarray) -> float | np.ndarray:
        """Steady-state agonist force at an excitation (mean-rate prediction, no ISI noise), N.

        ``sum_i P_i * e * T_i * r_i * g(T_i r_i)`` — the time average of a regular train of
        Fuglevand twitches.

        Examples
        --------
        >>> pool = MotorUnitPool(max_force_n=500)
        >>> round(float(pool.mean_force(1.0)), 6)
        500.0
        """
        e = _check_excitation(excitation, "MotorUnitPool.mean_force")
        f = self._mean_force_raw(np.atleast_1d(e) * self.neural_state.voluntary_activation)
        return float(f[0]) if np.ndim(excitation) == 0 else f

    # -- simulation ------------------------------------------------------------------------------

    def simulate(
        self,
        excitation: TimeSeries | np.ndarray,
        *,
        sampling_rate: float | None = None,
        random_state: int | np.random.Generator | None = None,
    ) -> PoolSimulation:
        """Simulate discharge times and force for an excitation profile.

        Parameters
        ----------
        excitation : TimeSeries or ndarray, shape (n_samples,)
            Requested excitation as a fraction [0, 1] of maximal (a maximal effort is 1).
        sampling_rate : float
            Hz; required for an array, taken from a TimeSeries.
        random_state : int, Generator or None
            Seed: the same seed gives the same discharges.

        Returns
        -------
        PoolSimulation

        Raises
        ------
        InvalidParameterError
            Excitation outside [0, 1] or not finite.
        SamplingRateError
            No or a non-positive sampling rate.
        """
        where = "MotorUnitPool.simulate"
        if isinstance(excitation, TimeSeries):
            if excitation.n_channels != 1:
                raise InvalidParameterError(
                    f"{where}: excitation must have one channel, got {excitation.n_channels}"
                )
            if sampling_rate is not None and float(sampling_rate) != excitation.sampling_rate:
                raise InvalidParameterError(
                    f"{where}: sampling_rate={sampling_rate!r} disagrees with the excitation's "
                    f"{excitation.sampling_rate:g} Hz"
                )
            fs = excitation.sampling_rate
            e_req = np.asarray(excitation.values, dtype=np.float64).ravel()
            t0 = excitation.t0
        else:
            fs = check_sampling_rate(sampling_rate, where=where)
            e_req = np.asarray(excitation, dtype=np.float64)
            if e_req.ndim != 1:
                raise InvalidParameterError(
                    f"{where}: excitation must be 1-D, got shape {e_req.shape}"
                )
            t0 = 0.0
        e_req = _check_excitation(e_req, where)
        if e_req.size < 4:
            raise SignalError(f"{where}: excitation has {e_req.size} samples; need at least 4")
        rng = np.random.default_rng(random_state)
        ns, ms = self.neural_state, self.muscular_state
        n = e_req.size
        dt = 1.0 / fs

        # neural drive: voluntary activation and the rise-time lag (first order, 10-90 % = rise)
        tau = ns.excitation_rise_time_s / math.log(9.0)
        a = math.exp(-dt / tau)
        e_eff = _sig.lfilter(
            [1.0 - a],
            [1.0, -a],
            e_req * ns.voluntary_activation,
            zi=[e_req[0] * ns.voluntary_activation * a],
        )[0]

        # phase grid (>= 500 Hz) shared by all units
        q = max(1, int(fs // 500))
        idx_c = np.arange(0, n, q)
        ec = e_eff[idx_c]
        tc = idx_c * dt
        dtc = q * dt
        rates = self._rates(ec)  # units x nc
        x_i = self.recruitment_fractions()
        # rates > 0 exactly where the excitation reaches the threshold (noise and early boost
        # only scale positive rates)
        recruited_any = x_i <= ec.max()
        warnings: list[str] = []
        rho = ns.shared_input_fraction
        cv_ind = self.isi_cv * math.sqrt(1.0 - rho)
        if rho > 0 and self.isi_cv > 0:
            common = _lowpass_noise(idx_c.size, 1.0 / dtc, 10.0, rng)
            rates = (
                rates * np.clip(1.0 + self.isi_cv * math.sqrt(rho) * common, 0.05, None)[None, :]
            )
        if ns.early_rate_pps > 0:
            k_rec = np.argmax(rates > 0, axis=1)  # first coarse index of recruitment
            age = tc[None, :] - tc[k_rec][:, None]
            boost = ns.early_rate_pps * np.exp(-np.clip(age, 0, None) / 0.05)
            rates = np.where(rates > 0, rates + boost * (age >= 0), 0.0)
        nc = rates.shape[1]
        # thresholds: one Gaussian renewal sequence per unit (drawn unit by unit: the seed's
        # stream is fixed), crossed by the unit's integrated rate (phase, from 0) on the coarse
        # grid; one row buffer for the phase, the within-bin times for all units at once
        empty = np.zeros(0, dtype=np.int64)
        thetas: list[np.ndarray] = []
        owners: list[int] = []
        bins: list[np.ndarray] = []
        at_bin: list[np.ndarray] = []
        phase = np.empty(nc)
        phase[0] = 0.0
        for u in range(self.n_units):
            if not recruited_any[u]:
                continue
            row = rates[u]
            np.multiply(row[:-1], dtc, out=phase[1:])
            np.cumsum(phase[1:], out=phase[1:])
            total = phase[-1] + row[-1] * dtc
            if total <= 0:
                continue
            m = int(total + 6.0 * math.sqrt(total + 1.0) * max(cv_ind, 0.05) + 4)
            steps = rng.normal(1.0, cv_ind, m) if cv_ind > 0 else np.ones(m)
            np.clip(steps, 0.05, None, out=steps)
            steps[0] = rng.uniform(0.0, 1.0)
            theta = np.cumsum(steps)
            theta = theta[theta < total]
            if theta.size:
                k_u = np.searchsorted(phase, theta, side="right") - 1
                np.clip(k_u, 0, nc - 1, out=k_u)
                thetas.append(theta)
                bins.append(k_u)
                at_bin.append(phase[k_u])
                owners.append(u)
        disc: list[np.ndarray] = [empty] * self.n_units
        if thetas:
            counts = np.array([t.size for t in thetas])
            theta = np.concatenate(thetas)
            unit_of = np.repeat(np.array(owners), counts)
            k = np.concatenate(bins)
            r = rates[unit_of, k]
            frac = np.where(r > 0, (theta - np.concatenate(at_bin)) / np.where(r > 0, r, 1.0), 0.0)
            t_sp = tc[k] + np.clip(frac, 0.0, dtc)  # as _phase_to_time, all units at once
            s_all = np.minimum(np.round(t_sp * fs).astype(np.int64), n - 1)
            # times are non-decreasing per unit; drop same-sample repeats
            keep = np.ones(s_all.size, dtype=bool)
            keep[1:] = (s_all[1:] > s_all[:-1]) | (unit_of[1:] != unit_of[:-1])
            bounds = np.cumsum(counts)
            kept = np.add.reduceat(keep, bounds - counts) if keep.size else counts
            parts = np.split(s_all[keep], np.cumsum(kept)[:-1])
            slope = np.gradient(e_eff, dt) if self.doublets else np.zeros(0)
            for u, s_u in zip(owners, parts, strict=True):
                if self.doublets and s_u.size:
                    first = s_u[0]
                    if slope[first] > 5.0:
                        extra = first + int(round(self.doublet_interval_s * fs))
                        if extra < n:
                            s_u = np.unique(np.r_[s_u, extra])
                disc[u] = s_u

        del rates  # free the coarse grid (~15 MB for 120 units x 30 s) before the force
        agon = self._force_from_discharges(disc, n, fs)
        ant = np.zeros(n)
        if ns.antagonist_coactivation > 0 and self.antagonist_force_ratio > 0:
            ant_ss = self.with_states(NeuralState(), MuscularState())._mean_force_raw(
                np.clip(e_eff * ns.antagonist_coactivation, 0, 1)
            )
            ant_ss *= self.antagonist_force_ratio
            # twitch-like low-pass (critically damped, 60 ms contraction time) of the mean force
            r = math.exp(-dt / 0.06)
            ant = _sig.lfilter([0.0, (1 - r) ** 2], [1.0, -2 * r, r * r], ant_ss)
        net = agon - ant
        if (x_i[recruited_any].size == 0) and e_req.max() > 0:
            warnings.append("no unit was recruited: the excitation stays below the first threshold")
        method = {
            "name": "fuglevand_1993_pool",
            "rate_model": self.rate_model,
            "n_units": self.n_units,
            "recruitment_range": self.recruitment_range,
            "excitation_gain_pps": self.excitation_gain_pps,
            "min_rate_pps": self.min_rate_pps,
            "peak_rate_first_pps": self.peak_rate_first_pps,
            "peak_rate_last_pps": self.peak_rate_last_pps,
            "isi_cv": self.isi_cv,
            "twitch_force_range": self.twitch_force_range,
            "contraction_time_max_s": self.contraction_time_max_s,
            "contraction_time_range": self.contraction_time_range,
            "max_force_n": self.max_force_n,
            "antagonist_force_ratio": self.antagonist_force_ratio,
            "fatigue": self.fatigue,
            "doublets": self.doublets,
            "neural_state": _asdict(ns),
            "muscular_state": _asdict(ms),
            "phase_grid_hz": 1.0 / dtc,
        }
        return PoolSimulation(
            discharges=tuple(disc),
            force=TimeSeries(net, sampling_rate=fs, unit="N", channels=("force",), t0=t0),
            agonist_force=agon,
            antagonist_force=ant,
            excitation=TimeSeries(
                e_eff, sampling_rate=fs, unit="1", channels=("excitation",), t0=t0
            ),
            pool=self,
            method=method,
            warnings=warnings,
        )

    def _spike_weights(self, disc: list[np.ndarray], fs: float) -> list[np.ndarray]:
        """Twitch gain of every discharge (Fuglevand eq. 17 on the preceding ISI, fatigue cap)."""
        ms = self.muscular_state
        dt = 1.0 / fs
        t_c = self.contraction_times_s * ms.contraction_time_scale
        out: list[np.ndarray] = []
        active = [u for u, s in enumerate(disc) if s.size]
        if not self.fatigue and active:
            # one vectorised pass over all discharges: T_u / ISI of every discharge but the first
            cat = np.concatenate([disc[u] for u in active])
            sizes = np.array([disc[u].size for u in active])
            tcs = np.repeat(t_c[active], sizes)
            first = np.r_[0, np.cumsum(sizes)[:-1]]
            isi = np.empty(cat.size)
            isi[1:] = np.diff(cat) * dt
            isi[first] = 1.0  # placeholder, overwritten below
            w = _force_gain(tcs / isi)
            w[first] = 1.0
            parts = np.split(w, np.cumsum(sizes)[:-1])
            it = iter(parts)
            return [next(it) if s.size else np.zeros(0) for s in disc]
        for u, s in enumerate(disc):
            if s.size == 0:
                out.append(np.zeros(0))
                continue
            tcu = t_c[u]
            isi = np.diff(s) * dt
            w = np.ones(s.size)
            w[1:] = _force_gain(tcu / isi)
            if self.fatigue:
                rel = (
                    w * tcu / np.r_[isi[:1] if isi.size else [1.0], isi]
                )  # ~ normalised rate * gain
                peak_norm = tcu * self.peak_rates_pps[u]
                rel = rel / (peak_norm * float(_force_gain(np.array([peak_norm]))[0]))
                per_spike = (
                    self.fatigue_factor
                    / 100.0
                    * self.fatigue_rates[u]
                    * rel
                    * np.r_[isi[:1] if isi.size else [0.0], isi]
                )
                cap = np.clip(1.0 - np.concatenate([[0.0], np.cumsum(per_spike)[:-1]]), 0.0, 1.0)
                w = w * cap
            out.append(w)
        return out

    def _force_from_discharges(self, disc: list[np.ndarray], n: int, fs: float) -> np.ndarray:
        """Sum of Fuglevand twitches, exact (impulse-invariant), all units at once.

        Unit ``u``'s force is ``y_u[k] = c_u sum_j w_j (k - s_j) a_u**(k - s_j)`` over its
        discharges ``s_j <= k`` (``a_u = exp(-dt/T_u)``, ``c_u = P_u e dt / T_u``): the impulse
        response of the second-order recursion of Fuglevand's twitch ``P t/T exp(1 - t/T)``.
        Time is cut into blocks of ``q`` samples. At a block start ``k0`` each unit's past is two
        numbers, ``A_u = y_u[k0]`` and ``B_u = c_u sum_j w_j a_u**(k0 - s_j)``, carried from block
        to block by a recursion on the coarse grid (one short filter per unit, ``n/q`` samples);
        inside the block ``y_u[k0 + p] = a_u**p (A_u + p B_u)``, so the sum over units for all
        ``p`` is two ``(q x units) @ (units x blocks)`` matrix products. Discharges that fall
        inside a block add their own first ``q`` samples directly. Same numbers as filtering each
        unit's weighted train (to rounding), without a per-sample loop per unit.
        """
        ms = self.muscular_state
        dt = 1.0 / fs
        t_c = self.contraction_times_s * ms.contraction_time_scale
        p_n = self.twitch_forces * ms.twitch_force_scale * self._force_unit_n
        weights = self._spike_weights(disc, fs)
        active = [u for u, s in enumerate(disc) if s.size]
        if not active:
            return np.zeros(n)
        q = _FORCE_BLOCK
        n_blocks = -(-n // q)
        act = np.array(active)
        log_a = -dt / t_c[act]  # (U,)
        c = p_n[act] * math.e * dt / t_c[act]
        sizes = np.array([disc[u].size for u in active])
        row = np.repeat(np.arange(act.size), sizes)
        s_all = np.concatenate([disc[u] for u in active]).astype(np.int64)
        cw = np.concatenate([weights[u] for u in active]) * c[row]
        la = log_a[row]
        # coarse states: discharge s enters the state of block m = ceil(s / q) at lag d = mq - s
        m_in = -(-s_all // q)
        d = m_in * q - s_all
        ad = cw * np.exp(d * la)
        flat = row * (n_blocks + 1) + m_in
        size = act.size * (n_blocks + 1)
        d_b = np.bincount(flat, weights=ad, minlength=size).reshape(act.size, n_blocks + 1)
        d_a = np.bincount(flat, weights=ad * d, minlength=size).reshape(act.size, n_blocks + 1)
        b_all = np.exp(q * log_a)
        states_a = np.empty((act.size, n_blocks))
        states_b = np.empty((act.size, n_blocks))
        x = np.empty((2, n_blocks))
        for i in range(act.size):
            b = b_all[i]
            # B[m] = b B[m-1] + dB[m];  A[m] = b (A[m-1] + q B[m-1]) + dA[m]
            # -> both share the denominator (1 - b z^-1)^2
            db, da = d_b[i, :n_blocks], d_a[i, :n_blocks]
            x[0] = db
            x[0, 1:] -= b * db[:-1]
            x[1] = da
            x[1, 1:] += b * (q * db[:-1] - da[:-1])
            y = _sig.lfilter([1.0], [1.0, -2.0 * b, b * b], x, axis=-1)
            states_b[i] = y[0]
            states_a[i] = y[1]
        pp = np.arange(q, dtype=np.float64)
        powers = np.exp(pp[:, None] * log_a[None, :])  # (q, U)
        # (q, n_blocks); einsum rather than BLAS: the product is small, and a multi-threaded
        # BLAS confined to one core (a pinned or busy process) made it 20x slower
        fine = np.einsum("pu,um->pm", powers, states_a)
        fine += np.einsum("pu,um->pm", pp[:, None] * powers, states_b)
        out = np.ascontiguousarray(fine.T).reshape(-1)
        # discharges inside a block (offset r = 1 .. q-1) reach samples r+1 .. q-1 of it
        # directly: per sample, the units' weights times their first q-1 twitch samples (one
        # sparse product), then shifted into place lag by lag
        r = s_all - (m_in - 1) * q
        inside = (r >= 1) & (r < q)
        if inside.any():
            from scipy import sparse

            lag = np.arange(1, q)
            kernel = lag[None, :] * np.exp(lag[None, :] * log_a[:, None])  # (U, q-1): j a^j
            per_sample = sparse.csr_matrix(
                (cw[inside], (s_all[inside], row[inside])), shape=(n_blocks * q, act.size)
            )
            c3 = np.asarray(per_sample @ kernel).reshape(n_blocks, q, q - 1)
            fine_t = out.reshape(n_blocks, q)
            for j in range(1, q):
                fine_t[:, j:] += c3[:, : q - j, j - 1]
        return out[:n]

    def _force_from_discharges_reference(
        self, disc: list[np.ndarray], n: int, fs: float
    ) -> np.ndarray:
        """The same force by filtering each unit's weighted train (slow; for tests)."""
        ms = self.muscular_state
        dt = 1.0 / fs
        out = np.zeros(n)
        t_c = self.contraction_times_s * ms.contraction_time_scale
        p = self.twitch_forces * ms.twitch_force_scale * self._force_unit_n
        for u, (s, w) in enumerate(zip(disc, self._spike_weights(disc, fs), strict=True)):
            if s.size == 0:
                continue
            x = np.zeros(n - int(s[0]))
            x[s - s[0]] = w
            a = math.exp(-dt / t_c[u])
            c = p[u] * math.e * dt / t_c[u]
            out[int(s[0]) :] += _sig.lfilter([0.0, c * a], [1.0, -2.0 * a, a * a], x)
        return out


#: Block length (samples) of the exact block-recursive twitch sum.
_FORCE_BLOCK = 32


def _check_excitation(e: Any, where: str) -> np.ndarray:
    arr = np.asarray(e, dtype=np.float64)
    if not np.isfinite(arr).all():
        raise InvalidParameterError(f"{where}: excitation contains NaN/inf")
    if arr.size and (arr.min() < 0.0 or arr.max() > 1.0 + 1e-12):
        raise InvalidParameterError(
            f"{where}: excitation must lie in [0, 1] (fraction of maximal excitation); got min "
            f"{arr.min():g}, max {arr.max():g}"
        )
    return np.clip(arr, 0.0, 1.0)


def _phase_to_time(
    theta: np.ndarray, phase: np.ndarray, tc: np.ndarray, rates: np.ndarray, dtc: float
) -> np.ndarray:
    """Times at which the integrated rate reaches ``theta`` (piecewise-constant rate per bin)."""
    k = np.searchsorted(phase, theta, side="right") - 1
    k = np.clip(k, 0, phase.size - 1)
    r = rates[k]
    frac = np.where(r > 0, (theta - phase[k]) / np.where(r > 0, r, 1.0), 0.0)
    return tc[k] + np.clip(frac, 0.0, dtc)


def _lowpass_noise(n: int, fs: float, cutoff: float, rng: np.random.Generator) -> np.ndarray:
    """Unit-variance Gaussian noise low-passed at ``cutoff`` Hz (the common synaptic input)."""
    pad = int(fs)  # 1 s of filter warm-up
    white = rng.standard_normal(n + pad)
    sos = _sig.butter(2, min(cutoff, 0.45 * fs), fs=fs, output="sos")
    y = _sig.sosfilt(sos, white)[pad:]
    sd = y.std()
    return y / sd if sd > 0 else y


def _asdict(obj: Any) -> dict[str, Any]:
    import dataclasses

    return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
