"""Time course of strength adaptation: a fast, saturating neural part and a lagged muscular part.

The model (every parameter in ``training/data/adaptation_parameters.toml`` with its citation and
whether it is literature or a labelled assumption) follows the classic picture of Moritani &
deVries (1979) and Sale (1988): in the first weeks of training the nervous system learns to
recruit more units, fire them faster and in better concert; muscle growth starts after a lag of a
few weeks and takes over. Per athlete and time step (week or day) it tracks four latent states,
all as fractions of the pre-training value:

* ``neural`` N — first-order rise toward ``neural_max(level) * neural_weight(method) * stimulus``
  with time constant ``neural_tau_weeks``; decays toward the lower target with
  ``neural_detraining_tau_weeks`` when training stops;
* ``rapid`` R — the same dynamics for the rapid (rate of excitation rise) neural lever, weighted
  by the method's ``rapid_weight`` (drives RFD and jump gains);
* ``drive`` D — the hypertrophic drive, a first-order lag (``muscular_drive_tau_weeks``) of the
  training stimulus, so muscle growth starts with zero slope;
* ``muscular`` M — cross-sectional-area gain, growing at ``muscular_rate_per_week * D * stimulus``
  and saturating at ``muscular_max(level) * muscular_weight(method)`` (diminishing returns near the
  ceiling); decays with ``muscular_detraining_tau_weeks``.

Strength (MVC) gain is ``(1 + N) * (1 + M)**k - 1`` (``k = force_csa_exponent``); its neural
part is ``N`` and its muscular part the rest — the same split the Moritani-deVries method makes
from EMG and force. The day's *expressed* strength is multiplied by a recovery factor: minus
``sleep_penalty`` after a night under ``sleep_threshold_h`` and minus ``fatigue_cost`` per unit of
Banister-style accumulated fatigue (Craven et al. 2022; Banister 1975).

The simulator is vectorised: ``n_athletes x n_steps`` at once (10,000 athletes x 52 weeks take
about 30 ms), with per-athlete method, level, dose, sleep and response variability, which is what
a squad simulation for overreaching detection needs::

    r = adaptation_simulate(method=methods,          # one per athlete, or one for all
                            level=levels,
                            weeks=12, step="day",     # daily steps: 84 columns
                            n_athletes=len(levels),
                            dose=daily_dose,          # (n_athletes, 84): fraction of a standard
                                                      # week done that day (0 on rest days)
                            sleep_hours=sleep,        # (n_athletes, 84), h
                            response_cv=0.3, random_state=seed)
    r.expressed_strength_gain   # what a test on that day would show (recovery factor applied)
    r.recovery_factor, r.fatigue   # the day's readiness and the accumulated fatigue

Overreaching shows as ``dose`` well above 1 standard week per week: fatigue rises, the recovery
factor falls, and adaptation is blunted (``fatigue_adaptation_blunting``, an assumption).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

import numpy as np

from neurolift._results import Result
from neurolift._validation import check_choice, check_positive, check_range
from neurolift.errors import InvalidParameterError

__all__ = [
    "ADAPTATION_LEVELS",
    "ADAPTATION_METHODS",
    "AdaptationPoolStates",
    "AdaptationResult",
    "PoolTrial",
    "adaptation_evaluate_pool",
    "adaptation_parameters",
    "adaptation_pool_states",
    "adaptation_simulate",
]

ADAPTATION_LEVELS: tuple[str, ...] = ("beginner", "intermediate", "trained", "advanced", "elite")
ADAPTATION_METHODS: tuple[str, ...] = (
    "heavy",
    "vl20",
    "vl40",
    "plyometric",
    "explosive",
    "nmes",
    "hypertrophy",
)
_WEEK_STEPS = {"week": 1.0, "day": 1.0 / 7.0}


@lru_cache(maxsize=1)
def _raw_parameters() -> dict[str, Any]:
    text = (
        resources.files("neurolift.training")
        .joinpath("data/adaptation_parameters.toml")
        .read_text(encoding="utf-8")
    )
    return tomllib.loads(text)


def _values(node: dict[str, Any]) -> dict[str, Any]:
    """Strip ``{value, source, status}`` tables down to their values."""
    out: dict[str, Any] = {}
    for key, val in node.items():
        if isinstance(val, dict) and "value" in val:
            out[key] = val["value"]
        elif isinstance(val, dict):
            out[key] = _values(val)
        else:
            out[key] = val
    return out


def adaptation_parameters(*, with_sources: bool = False) -> dict[str, Any]:
    """The adaptation model's parameters as shipped (a fresh copy).

    Parameters
    ----------
    with_sources : bool
        False (default): plain values, ``{"general": {...}, "recovery": {...}, "levels": {...},
        "methods": {...}}``. True: each number as ``{"value", "source", "status"}`` where
        ``status`` is ``literature``, ``secondary`` or ``assumption``.

    Returns
    -------
    dict

    Examples
    --------
    >>> p = adaptation_parameters()
    >>> p["general"]["neural_tau_weeks"], p["levels"]["beginner"]["yearly_gain_target"]
    (1.2, 0.4)
    >>> adaptation_parameters(with_sources=True)["recovery"]["sleep_penalty"]["status"]
    'literature'
    """
    import copy

    raw = copy.deepcopy(_raw_parameters())
    return raw if with_sources else _values(raw)


@dataclass(frozen=True)
class AdaptationResult(Result):
    """Simulated adaptation of ``n_athletes`` over ``n_steps`` steps (weeks or days).

    Every array has shape ``(n_athletes, n_steps)``; column ``k`` is the state at the *end* of
    step ``k`` (time ``(k + 1) * step_weeks`` weeks). Gains are fractions of the pre-training
    value (0.2 = +20 %).

    Attributes
    ----------
    time_weeks : ndarray, shape (n_steps,)
        End of each step, weeks.
    neural_gain, muscular_csa_gain, rapid_gain : ndarray
        Latent states N (neural strength gain), M (cross-sectional-area gain) and R (rapid-neural
        gain: rate of excitation rise).
    strength_gain : ndarray
        Potential MVC gain ``(1 + N)(1 + M)^k - 1``.
    neural_part, muscular_part : ndarray
        Split of ``strength_gain``: ``N`` and ``strength_gain - N``.
    expressed_strength_gain : ndarray
        MVC gain expressed on the day, after the recovery factor.
    rfd_gain, jump_gain : ndarray
        Rapid force (RFD) and jump-height gains: ``R + transfer * strength_gain``.
    contraction_time_change : ndarray
        Fractional change of twitch contraction times (fibre-type mix; + = slower).
    fatigue : ndarray
        Accumulated fatigue (Banister-style, arbitrary dose units).
    recovery_factor : ndarray
        Multiplier of the day's expression (1 = fully recovered).
    """

    time_weeks: np.ndarray
    neural_gain: np.ndarray
    muscular_csa_gain: np.ndarray
    rapid_gain: np.ndarray
    strength_gain: np.ndarray
    neural_part: np.ndarray
    muscular_part: np.ndarray
    expressed_strength_gain: np.ndarray
    rfd_gain: np.ndarray
    jump_gain: np.ndarray
    contraction_time_change: np.ndarray
    fatigue: np.ndarray
    recovery_factor: np.ndarray
    methods: tuple[str, ...]
    levels: tuple[str, ...]
    step: str
    method: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def n_athletes(self) -> int:
        return int(self.neural_gain.shape[0])

    @property
    def n_steps(self) -> int:
        return int(self.neural_gain.shape[1])

    def neural_share_pct(self) -> np.ndarray:
        """Neural part as % of the strength gain, shape (n_athletes, n_steps); NaN where no gain."""
        with np.errstate(invalid="ignore", divide="ignore"):
            share = 100.0 * self.neural_part / self.strength_gain
        return np.where(np.abs(self.strength_gain) > 1e-12, share, np.nan)

    def weekly_increments(self) -> tuple[np.ndarray, np.ndarray]:
        """Per-step increase of the neural and the muscular part (each ``(n_athletes, n_steps)``)."""
        zeros = np.zeros((self.n_athletes, 1))
        dn = np.diff(np.hstack([zeros, self.neural_part]), axis=1)
        dm = np.diff(np.hstack([zeros, self.muscular_part]), axis=1)
        return dn, dm

    def athlete_rows(self, athlete: int = 0) -> list[dict[str, Any]]:
        """One plain row per step for one athlete (what the CLI prints)."""
        if not 0 <= athlete < self.n_athletes:
            raise InvalidParameterError(
                f"AdaptationResult.athlete_rows: athlete must lie in [0, {self.n_athletes - 1}], got {athlete}"
            )
        share = self.neural_share_pct()[athlete]
        rows = []
        for k in range(self.n_steps):
            rows.append(
                {
                    "week": float(self.time_weeks[k]),
                    "strength_gain_pct": 100.0 * float(self.strength_gain[athlete, k]),
                    "neural_part_pct": 100.0 * float(self.neural_part[athlete, k]),
                    "muscular_part_pct": 100.0 * float(self.muscular_part[athlete, k]),
                    "neural_share_pct": None if not np.isfinite(share[k]) else float(share[k]),
                    "muscular_csa_gain_pct": 100.0 * float(self.muscular_csa_gain[athlete, k]),
                    "expressed_strength_gain_pct": 100.0
                    * float(self.expressed_strength_gain[athlete, k]),
                    "rfd_gain_pct": 100.0 * float(self.rfd_gain[athlete, k]),
                    "jump_gain_pct": 100.0 * float(self.jump_gain[athlete, k]),
                    "recovery_factor": float(self.recovery_factor[athlete, k]),
                }
            )
        return rows


def _per_athlete(name: str, value: Any, choices: tuple[str, ...], n: int) -> np.ndarray:
    where = "adaptation_simulate"
    if isinstance(value, str):
        check_choice(name, value, choices, where=where)
        return np.full(n, choices.index(value), dtype=np.intp)
    items = list(value)
    if len(items) != n:
        raise InvalidParameterError(
            f"{where}: {name} has {len(items)} entries for {n} athlete(s); give one string or one per athlete"
        )
    return np.array(
        [choices.index(check_choice(name, v, choices, where=where)) for v in items], dtype=np.intp
    )


def _grid(name: str, value: Any, n: int, w: int, *, lo: float, hi: float) -> np.ndarray:
    """Broadcast a scalar, (n_steps,), (n_athletes, 1) or (n_athletes, n_steps) input."""
    where = "adaptation_simulate"
    arr = np.asarray(value, dtype=np.float64)
    try:
        if arr.ndim == 1 and arr.shape[0] == w:
            arr = np.broadcast_to(arr[None, :], (n, w))
        else:
            arr = np.broadcast_to(arr, (n, w))
    except ValueError:
        raise InvalidParameterError(
            f"{where}: {name} has shape {np.shape(value)}; expected a scalar, ({w},), ({n}, 1) "
            f"or ({n}, {w})"
        ) from None
    if not np.isfinite(arr).all() or (arr < lo).any() or (arr > hi).any():
        raise InvalidParameterError(
            f"{where}: {name} must be finite and lie in [{lo}, {hi}]; got min {np.nanmin(arr):g}, "
            f"max {np.nanmax(arr):g}"
        )
    return arr


def adaptation_simulate(
    *,
    method: str | list[str] | tuple[str, ...] = "heavy",
    level: str | list[str] | tuple[str, ...] = "beginner",
    weeks: float,
    n_athletes: int = 1,
    step: Literal["week", "day"] = "week",
    dose: Any = None,
    sleep_hours: Any = 8.0,
    response_cv: float = 0.0,
    random_state: int | np.random.Generator | None = None,
    parameters: dict[str, Any] | None = None,
) -> AdaptationResult:
    """Simulate strength adaptation for ``n_athletes`` over ``weeks`` (vectorised).

    Parameters
    ----------
    method : str or sequence of str
        Training method, one for everyone or one per athlete: ``"heavy"`` (>= 85 % 1RM),
        ``"vl20"`` / ``"vl40"`` (velocity-loss-capped sets at 10-20 % / 40 %), ``"plyometric"``,
        ``"explosive"`` (explosive concentric), ``"nmes"`` (NMES added to resistance training),
        ``"hypertrophy"``.
    level : str or sequence of str
        ``"beginner"`` (untrained), ``"intermediate"`` (moderately trained), ``"trained"``,
        ``"advanced"``, ``"elite"``; sets the neural and muscular headroom.
    weeks : float
        Duration, weeks (> 0). The number of steps is ``round(weeks / step length)``.
    n_athletes : int
        Number of virtual athletes (>= 1).
    step : {"week", "day"}
        Time step.
    dose : float or array_like, optional
        Training done in each step as a fraction of the method's standard week, in [0, 5]
        (weekly steps: 1 = a standard week, 0 = no training, i.e. detraining; daily steps: e.g.
        1/3 on each of three session days and 0 on rest days). A scalar, shape ``(n_steps,)``,
        ``(n_athletes, 1)`` or ``(n_athletes, n_steps)``. Default: a standard week every week
        (1 per week, 1/7 per day). With daily steps the adaptation stimulus is the trailing
        7-day total (so a rest day is not detraining) while fatigue follows each day's dose.
    sleep_hours : float or array_like
        Sleep before each step's test, h, in [0, 24] (same shapes as ``dose``).
    response_cv : float
        Between-athlete coefficient of variation of the neural and muscular response
        (log-normal multipliers with mean 1), in [0, 1]; 0 = every athlete is the typical one.
        Hubal et al. 2005 (CSA gains from <5 % to >40 %) suggest about 0.3-0.4.
    random_state : int, Generator or None
        Seed for the response multipliers (only used when ``response_cv > 0``).
    parameters : dict, optional
        Override of :func:`adaptation_parameters` (plain values), e.g. for sensitivity analyses.

    Returns
    -------
    AdaptationResult
        Arrays of shape ``(n_athletes, n_steps)``.

    Raises
    ------
    InvalidParameterError
        Unknown method or level, non-positive ``weeks``, dose/sleep out of range or of the wrong
        shape.

    References
    ----------
    .. [1] Moritani T, deVries HA (1979). Neural factors versus hypertrophy in the time course of
       muscle strength gain. Am J Phys Med 58:115-130.
    .. [2] Seynnes OR, de Boer M, Narici MV (2007). Early skeletal muscle hypertrophy and
       architectural changes in response to high-intensity resistance training. J Appl Physiol
       102:368-373.
    .. [3] Pareja-Blanco F et al. (2017). Effects of velocity loss during resistance training on
       athletic performance, strength gains and muscle adaptations. Scand J Med Sci Sports
       27:724-735.
    .. [4] Kraemer WJ et al. (2002). ACSM position stand: progression models in resistance
       training for healthy adults. Med Sci Sports Exerc 34:364-380.
    .. [5] Craven J et al. (2022). Effects of acute sleep loss on physical performance: a
       systematic and meta-analytical review. Sports Med 52:2669-2690.

    Examples
    --------
    >>> r = adaptation_simulate(method="heavy", level="beginner", weeks=12)
    >>> r.strength_gain.shape
    (1, 12)
    >>> bool(r.neural_share_pct()[0, 0] > 90), bool(r.neural_share_pct()[0, -1] < 70)
    (True, True)

    A squad: 3 athletes, one of them stops training after week 4.

    >>> dose = np.ones((3, 8)); dose[2, 4:] = 0
    >>> squad = adaptation_simulate(level=["beginner", "advanced", "beginner"], weeks=8, n_athletes=3, dose=dose)
    >>> bool(squad.strength_gain[1, -1] < squad.strength_gain[0, -1])
    True
    >>> bool(squad.neural_gain[2, -1] < squad.neural_gain[2, 3])
    True
    """
    where = "adaptation_simulate"
    weeks_f = check_positive("weeks", weeks, where=where)
    step = check_choice("step", step, tuple(_WEEK_STEPS), where=where)  # type: ignore[assignment]
    try:
        n = int(n_athletes)
    except (TypeError, ValueError):
        raise InvalidParameterError(
            f"{where}: n_athletes must be an integer >= 1, got {n_athletes!r}"
        ) from None
    if n < 1 or n != n_athletes:
        raise InvalidParameterError(
            f"{where}: n_athletes must be an integer >= 1, got {n_athletes!r}"
        )
    dt = _WEEK_STEPS[step]
    w = int(round(weeks_f / dt))
    if w < 1:
        raise InvalidParameterError(f"{where}: weeks={weeks!r} is shorter than one {step}")
    cv = check_range("response_cv", response_cv, 0.0, 1.0, where=where)
    p = parameters if parameters is not None else adaptation_parameters()
    g, rec = p["general"], p["recovery"]

    mi = _per_athlete("method", method, ADAPTATION_METHODS, n)
    li = _per_athlete("level", level, ADAPTATION_LEVELS, n)
    if dose is None:
        dose = 1.0 if step == "week" else 1.0 / 7.0
    dose_a = _grid("dose", dose, n, w, lo=0.0, hi=5.0)
    if step == "day":
        # weekly-equivalent dose: trailing 7-day total (scaled up while fewer days exist)
        csum = np.cumsum(dose_a, axis=1)
        trailing = csum - np.pad(csum, ((0, 0), (7, 0)))[:, :w]
        weekly = trailing * (7.0 / np.minimum(np.arange(1, w + 1), 7))[None, :]
    else:
        weekly = dose_a
    sleep_a = _grid("sleep_hours", sleep_hours, n, w, lo=0.0, hi=24.0)

    def table(section: str, names: tuple[str, ...], key: str) -> np.ndarray:
        return np.array([float(p[section][nm][key]) for nm in names])

    n_max = table("levels", ADAPTATION_LEVELS, "neural_max")[li]
    m_max = table("levels", ADAPTATION_LEVELS, "muscular_max")[li]
    m_rate = table("levels", ADAPTATION_LEVELS, "muscular_rate_per_week")[li]
    wn = table("methods", ADAPTATION_METHODS, "neural_weight")[mi]
    wm = table("methods", ADAPTATION_METHODS, "muscular_weight")[mi]
    wr = table("methods", ADAPTATION_METHODS, "rapid_weight")[mi]
    ct_shift = table("methods", ADAPTATION_METHODS, "contraction_time_shift")[mi]

    if cv > 0:
        rng = np.random.default_rng(random_state)
        sigma = np.sqrt(np.log1p(cv**2))
        resp_n = rng.lognormal(-0.5 * sigma**2, sigma, n)
        resp_m = rng.lognormal(-0.5 * sigma**2, sigma, n)
    else:
        resp_n = resp_m = np.ones(n)

    tau_n = float(g["neural_tau_weeks"])
    tau_d = float(g["muscular_drive_tau_weeks"])
    tau_nd = float(g["neural_detraining_tau_weeks"])
    tau_md = float(g["muscular_detraining_tau_weeks"])
    d0 = float(g["dose_saturation"])
    k_exp = float(g["force_csa_exponent"])
    tau_f = float(rec["fatigue_tau_weeks"])
    f_cost = float(rec["fatigue_cost"])
    blunt = float(rec["fatigue_adaptation_blunting"])

    a_n, a_nd = np.exp(-dt / tau_n), np.exp(-dt / tau_nd)
    a_d = np.exp(-dt / tau_d)
    a_md = np.exp(-dt / tau_md)
    a_f = np.exp(-dt / tau_f)
    a_ct = np.exp(-dt / (2.0 * tau_d))
    # mean of the drive over a step, given its start value and target (exact for a 1st-order lag)
    avg_d = tau_d / dt * (1.0 - a_d)
    # fatigue of a steady standard week (dose 1 every week-equivalent), for overreaching blunting
    f_steady = dt / (1.0 - a_f)

    stim = (1.0 - np.exp(-weekly / d0)) / (1.0 - np.exp(-1.0 / d0))
    fat_out = np.empty((n, w))
    neu = np.empty((n, w))
    rap = np.empty((n, w))
    mus = np.empty((n, w))
    ctc = np.empty((n, w))

    nn = np.zeros(n)
    rr = np.zeros(n)
    dd = np.zeros(n)
    mm = np.zeros(n)
    cc = np.zeros(n)
    ff = np.zeros(n)
    n_top = n_max * wn * resp_n
    r_top = n_max * wr * resp_n
    m_top = m_max * wm * resp_m
    for k in range(w):
        s = stim[:, k]
        ff = ff * a_f + dose_a[:, k]
        excess = np.maximum(ff - f_steady, 0.0)
        eff = s * np.maximum(1.0 - blunt * excess, 0.0)
        training = s > 0
        # neural and rapid: first order toward the dose-scaled target; slower decay when detraining
        for state, top in ((nn, n_top), (rr, r_top)):
            target = top * eff
            up = target >= state
            state[:] = np.where(
                up, target + (state - target) * a_n, target + (state - target) * a_nd
            )
        # hypertrophic drive (lagged stimulus) and its mean over the step
        d_target = np.where(training, 1.0, 0.0)
        d_mean = d_target + (dd - d_target) * avg_d
        dd = d_target + (dd - d_target) * a_d
        m_target = m_top * np.minimum(eff, 1.0)
        grow = (mm < m_target) & training
        rate = m_rate * wm * resp_m * eff * d_mean
        safe_t = np.where(m_target > 0, m_target, 1.0)
        grown = m_target - (m_target - mm) * np.exp(-rate * dt / safe_t)
        decayed = m_target * training + (mm - m_target * training) * a_md
        mm = np.where(grow, grown, decayed)
        c_target = ct_shift * training
        cc = c_target + (cc - c_target) * a_ct
        neu[:, k] = nn
        rap[:, k] = rr
        mus[:, k] = mm
        ctc[:, k] = cc
        fat_out[:, k] = ff

    strength = (1.0 + neu) * (1.0 + mus) ** k_exp - 1.0
    sleep_pen = np.where(
        sleep_a < float(rec["sleep_threshold_h"]), float(rec["sleep_penalty"]), 0.0
    )
    recovery = np.clip((1.0 - sleep_pen) * (1.0 - f_cost * fat_out), 0.0, 1.0)
    expressed = (1.0 + strength) * recovery - 1.0
    warnings: list[str] = []
    if (weekly > 2.0).any():
        warnings.append("dose above 2 standard weeks: fatigue blunts adaptation (assumed effect)")
    return AdaptationResult(
        time_weeks=np.arange(1, w + 1) * dt,
        neural_gain=neu,
        muscular_csa_gain=mus,
        rapid_gain=rap,
        strength_gain=strength,
        neural_part=neu.copy(),
        muscular_part=strength - neu,
        expressed_strength_gain=expressed,
        rfd_gain=rap + float(g["rfd_strength_transfer"]) * strength,
        jump_gain=rap + float(g["jump_strength_transfer"]) * strength,
        contraction_time_change=ctc,
        fatigue=fat_out,
        recovery_factor=recovery,
        methods=tuple(ADAPTATION_METHODS[i] for i in mi),
        levels=tuple(ADAPTATION_LEVELS[i] for i in li),
        step=step,
        method={
            "name": "neurolift_neural_first_adaptation",
            "step": step,
            "weeks": weeks_f,
            "n_athletes": n,
            "response_cv": cv,
            "parameters_file": "neurolift/training/data/adaptation_parameters.toml",
            "parameters": {"general": dict(g), "recovery": dict(rec)},
        },
        warnings=warnings,
    )


# ----------------------------------------------------------------------------------------------
# From a week of the model to a motor-unit pool state

#: Neural levers of an untrained (``progress = 0``) and a fully trained (``progress = 1``)
#: nervous system. Assumptions, chosen inside reported ranges: voluntary activation of untrained
#: knee extensors ~0.8-0.9 vs ~0.95-1.0 trained (Shield & Zhou 2004, Sports Med 34:253); peak
#: discharge rates +11 % after 4 weeks and beyond (Del Vecchio et al. 2019, J Physiol 597:1873;
#: Van Cutsem et al. 1998); recruitment-threshold force -10 % (Del Vecchio 2019); antagonist
#: co-activation falls with training (Carolan & Cafarelli 1992, J Appl Physiol 73:911: -20 % in
#: 1 week); synchronisation rises (Semmler 2002, Exerc Sport Sci Rev 30:8).
NEURAL_LEVERS_UNTRAINED = {
    "voluntary_activation": 0.80,
    "peak_rate_scale": 1.00,
    "recruitment_threshold_scale": 1.00,
    "antagonist_coactivation": 0.15,
    "shared_input_fraction": 0.10,
}
NEURAL_LEVERS_TRAINED = {
    "voluntary_activation": 1.00,
    "peak_rate_scale": 1.25,
    "recruitment_threshold_scale": 0.85,
    "antagonist_coactivation": 0.05,
    "shared_input_fraction": 0.40,
}
#: Rapid lever: neural drive 10-90 % rise time (s) = base / (1 + 5 R), early extra rate 100 R pps
#: (assumption, after Van Cutsem et al. 1998 and Aagaard et al. 2002).
RISE_TIME_UNTRAINED_S = 0.06


@dataclass(frozen=True)
class AdaptationPoolStates(Result):
    """Neural and muscular pool states for one athlete at one step of an adaptation run.

    ``neural_progress`` (0 untrained .. 1 fully trained levers) is the value at which the pool's
    net maximal force (agonist minus antagonist, mean-rate prediction) is ``1 + neural_gain``
    times the untrained one; ``twitch_force_scale = (1 + M)^k``.
    """

    neural_state: Any
    muscular_state: Any
    neural_gain: float
    muscular_csa_gain: float
    rapid_gain: float
    neural_progress: float
    time_weeks: float
    method: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        from neurolift._results import to_plain

        return {
            "neural_state": to_plain(asdict(self.neural_state)),
            "muscular_state": to_plain(asdict(self.muscular_state)),
            "neural_gain": self.neural_gain,
            "muscular_csa_gain": self.muscular_csa_gain,
            "rapid_gain": self.rapid_gain,
            "neural_progress": self.neural_progress,
            "time_weeks": self.time_weeks,
            "method": to_plain(self.method),
            "warnings": list(self.warnings),
        }


def _neural_state(progress: float, rapid: float) -> Any:
    from neurolift.motorunits.pool import NeuralState

    lev = {
        k: NEURAL_LEVERS_UNTRAINED[k]
        + progress * (NEURAL_LEVERS_TRAINED[k] - NEURAL_LEVERS_UNTRAINED[k])
        for k in NEURAL_LEVERS_UNTRAINED
    }
    return NeuralState(
        **lev,
        excitation_rise_time_s=RISE_TIME_UNTRAINED_S / (1.0 + 5.0 * max(rapid, 0.0)),
        early_rate_pps=100.0 * max(rapid, 0.0),
    )


def _net_mvc(pool: Any, progress: float) -> float:
    p = pool.with_states(_neural_state(progress, 0.0), None)
    ant = pool.with_states(None, None).mean_force(p.neural_state.antagonist_coactivation)
    return float(p.mean_force(1.0) - pool.antagonist_force_ratio * ant)


def adaptation_pool_states(
    result: AdaptationResult,
    *,
    athlete: int = 0,
    step: int | None = -1,
    pool: Any = None,
) -> AdaptationPoolStates:
    """Map one step of an adaptation run to a motor-unit pool's neural and muscular states.

    Parameters
    ----------
    result : AdaptationResult
        From :func:`adaptation_simulate`.
    athlete : int
        Row of the result.
    step : int
        Column (step index; -1 = last); ``None`` = before training (``neural_progress = 0``:
        levers :data:`NEURAL_LEVERS_UNTRAINED`, neutral muscular state).
    pool : MotorUnitPool, optional
        The pool whose force calibrates the neural progress (default: a default pool).

    Returns
    -------
    AdaptationPoolStates

    Examples
    --------
    >>> r = adaptation_simulate(method="heavy", level="beginner", weeks=8)
    >>> s = adaptation_pool_states(r, step=7)
    >>> 0 < s.neural_progress < 1, round(s.muscular_state.twitch_force_scale, 3) > 1
    (True, True)
    """
    from neurolift.motorunits.pool import MotorUnitPool, MuscularState

    where = "adaptation_pool_states"
    if not isinstance(result, AdaptationResult):
        raise InvalidParameterError(f"{where}: result must be an AdaptationResult")
    if not -result.n_athletes <= athlete < result.n_athletes:
        raise InvalidParameterError(
            f"{where}: athlete {athlete} out of range (0..{result.n_athletes - 1})"
        )
    if step is not None and not -result.n_steps <= step < result.n_steps:
        raise InvalidParameterError(f"{where}: step {step} out of range (0..{result.n_steps - 1})")
    pool = pool if pool is not None else MotorUnitPool()
    if step is None:
        n_gain = m_gain = r_gain = ct_change = t_weeks = 0.0
    else:
        n_gain = float(result.neural_gain[athlete, step])
        m_gain = float(result.muscular_csa_gain[athlete, step])
        r_gain = float(result.rapid_gain[athlete, step])
        ct_change = float(result.contraction_time_change[athlete, step])
        t_weeks = float(result.time_weeks[step])
    k_exp = float(result.method["parameters"]["general"]["force_csa_exponent"])
    warnings: list[str] = []
    f0 = _net_mvc(pool, 0.0)
    target = f0 * (1.0 + n_gain)
    lo, hi = 0.0, 1.0
    if _net_mvc(pool, 1.0) < target:
        warnings.append(
            f"neural gain {100 * n_gain:.1f} % exceeds what the pool's neural levers can give "
            f"({100 * (_net_mvc(pool, 1.0) / f0 - 1):.1f} %); levers set to fully trained"
        )
        progress = 1.0
    elif n_gain <= 0:
        progress = 0.0
    else:
        for _ in range(50):
            mid = 0.5 * (lo + hi)
            if _net_mvc(pool, mid) < target:
                lo = mid
            else:
                hi = mid
        progress = 0.5 * (lo + hi)
    ms = MuscularState(
        twitch_force_scale=(1.0 + m_gain) ** k_exp,
        contraction_time_scale=1.0 + ct_change,
    )
    return AdaptationPoolStates(
        neural_state=_neural_state(progress, r_gain),
        muscular_state=ms,
        neural_gain=n_gain,
        muscular_csa_gain=m_gain,
        rapid_gain=r_gain,
        neural_progress=progress,
        time_weeks=t_weeks,
        method={
            "name": "adaptation_to_pool_levers",
            "untrained": dict(NEURAL_LEVERS_UNTRAINED),
            "trained": dict(NEURAL_LEVERS_TRAINED),
            "rise_time_untrained_s": RISE_TIME_UNTRAINED_S,
            "calibration": "net MVC (mean-rate) = (1 + neural_gain) x untrained",
        },
        warnings=warnings,
    )


#: Excitation gain (pps per Fuglevand excitation unit) of the pool in which an adaptation run is
#: tested. With it the last unit is recruited at 84 % of maximal excitation, i.e. at 88 % of the
#: maximal force, as in the biceps brachii (recruitment up to ~88 % MVC; Kukulka & Clamann 1981,
#: Brain Res 219:45) — the elbow flexors are the muscle group Moritani & deVries (1979) trained.
#: The Fuglevand default (1 pps) recruits the whole pool by 62 % of maximal force, as in a small
#: hand muscle (adductor pollicis / first dorsal interosseous: 30-60 % MVC).
EVALUATION_EXCITATION_GAIN_PPS = 3.0
#: Number of electrode placements (random unit geometries) averaged for the EMG amplitude.
EVALUATION_EMG_PLACEMENTS = 8


@dataclass(frozen=True)
class PoolTrial(Result):
    """One simulated test session of an adaptation run: MVC, RFD and EMG of the pool, and the
    Moritani-deVries split of the gain since the pre-training session.

    Forces in N, RFD in N/s (windows from force onset), EMG RMS in V (grid-mean monopolar
    HD-EMG, same electrode geometry every session). ``md_*`` fields are None for the
    pre-training row.
    """

    week: float
    mvc_n: float
    rfd_0_50ms_n_s: float
    rfd_0_100ms_n_s: float
    rfd_0_200ms_n_s: float
    emg_rms_v: float
    model_strength_gain_pct: float
    model_neural_share_pct: float | None
    pool_strength_gain_pct: float
    md_neural_share_pct: float | None
    md_muscular_share_pct: float | None
    method: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def adaptation_evaluate_pool(
    result: AdaptationResult,
    *,
    athlete: int = 0,
    steps: list[int] | None = None,
    max_force_n: float = 1000.0,
    sampling_rate: float = 2048.0,
    mvc_duration: float = 3.0,
    random_state: int = 0,
    pool: Any = None,
    n_placements: int = EVALUATION_EMG_PLACEMENTS,
) -> list[PoolTrial]:
    """Test the athlete in the pool at several steps: MVC, RFD, EMG and the Moritani-deVries split.

    Each session maps the step to pool states (:func:`adaptation_pool_states`), simulates a
    maximal isometric contraction (``mvc_duration`` s at full effort; MVC = mean force after
    0.5 s), a ballistic step contraction (RFD at 50/100/200 ms) and a 4 x 4 HD-EMG grid over the
    MVC (grid-mean RMS; same unit and electrode geometry every session), and splits the gain
    since the pre-training session with :func:`neurolift.signals.emg.emg_moritani_devries`
    (MVC pairs, line through the origin).

    Parameters
    ----------
    result : AdaptationResult
    athlete : int
    steps : list of int, optional
        Step indices to test (default: every step). The pre-training session is always first.
    max_force_n : float
        Muscle-size scale of the pool, N.
    sampling_rate : float
        Hz of the simulated signals.
    mvc_duration : float
        Seconds of the maximal contraction (>= 1).
    random_state : int
        Seed of the discharges and of the geometry.
    pool : MotorUnitPool, optional
        The tested muscle (its states are replaced session by session). Default: a 120-unit
        Fuglevand pool of ``max_force_n`` with ``excitation_gain_pps =``
        :data:`EVALUATION_EXCITATION_GAIN_PPS` (biceps-like recruitment up to 88 % of MVC).
    n_placements : int
        EMG amplitude = RMS over this many electrode placements (independent unit geometries,
        the same ones every session) of the 4 x 4 grid-mean signal (>= 1). One small grid over
        a 120-unit pool sees a handful of large units; whether the units recruited by training
        lie under it swung the split from 32 % to 119 % neural between two placements.

    Returns
    -------
    list of PoolTrial
        Pre-training first, then one per step.

    Notes
    -----
    ``md_*`` is what the Moritani-deVries method would report; ``model_neural_share_pct`` is
    the truth of the simulation. The split treats every EMG increase as neural and every gain in
    force per unit EMG as muscular, so it is only as good as EMG amplitude is a linear index of
    the neural force gain. Measured lever by lever (week 2 of heavy training, beginner, EMG over
    16 placements; share of the lever's force gain the split calls neural):

    * voluntary activation (more excitation: recruitment of the last units plus rate coding)
      99 %, compressed recruitment thresholds 103 % — both read correctly;
    * peak discharge rates above the pre-training maximum 68 % (force of partly fused twitches
      grows faster than interference-EMG amplitude, which rises as the square root of the total
      discharge rate);
    * less antagonist co-activation 0 % (net force rises, agonist EMG does not change).

    The tested muscle matters most: in the Fuglevand default pool every unit is recruited by
    62 % of maximal force (a hand muscle), an untrained lifter's voluntary activation of 0.8 is
    already past full recruitment, every neural gain is rate coding and the split read 54 % for
    93 % (37 % for 63 % at week 12). Recruitment up to 88 % of MVC, as in the elbow flexors
    Moritani & deVries trained (:data:`EVALUATION_EXCITATION_GAIN_PPS`), is the default here.
    One subject's split scatters by about +-10 percentage points (EMG amplitude noise; see
    ``tests/training/test_adaptation.py``); average a few ``random_state`` values.

    Examples
    --------
    >>> r = adaptation_simulate(method="heavy", level="beginner", weeks=4)
    >>> rows = adaptation_evaluate_pool(r, steps=[3], mvc_duration=1.5)
    >>> len(rows), rows[0].week, rows[1].week
    (2, 0.0, 4.0)
    >>> bool(rows[1].mvc_n > rows[0].mvc_n), bool(rows[1].emg_rms_v > rows[0].emg_rms_v)
    (True, True)
    """
    from neurolift.motorunits.pool import MotorUnitPool, excitation_step
    from neurolift.motorunits.synthetic_emg import hdemg_simulate
    from neurolift.signals.emg import emg_moritani_devries

    where = "adaptation_evaluate_pool"
    dur = check_range("mvc_duration", mvc_duration, 1.0, 60.0, where=where)
    if steps is None:
        steps = list(range(result.n_steps))
    for s in steps:
        if not -result.n_steps <= int(s) < result.n_steps:
            raise InvalidParameterError(f"{where}: step {s} out of range (0..{result.n_steps - 1})")
    if pool is None:
        base = MotorUnitPool(
            max_force_n=max_force_n, excitation_gain_pps=EVALUATION_EXCITATION_GAIN_PPS
        )
    elif isinstance(pool, MotorUnitPool):
        base = pool
    else:
        raise InvalidParameterError(f"{where}: pool must be a MotorUnitPool")
    if isinstance(n_placements, bool) or int(n_placements) != n_placements or n_placements < 1:
        raise InvalidParameterError(
            f"{where}: n_placements must be an integer >= 1, got {n_placements!r}"
        )
    n_placements = int(n_placements)
    fs = float(sampling_rate)
    skip = int(0.5 * fs)

    def session(st: AdaptationPoolStates) -> tuple[float, float, Any]:
        pool = base.with_states(st.neural_state, st.muscular_state)
        sim = pool.simulate(
            np.full(int(dur * fs), 1.0), sampling_rate=fs, random_state=random_state
        )
        power = [
            float(
                np.mean(
                    hdemg_simulate(
                        sim, rows=4, cols=4, snr_db=None, random_state=1000 * random_state + k + 7
                    ).emg.values[skip:]
                    ** 2
                )
            )
            for k in range(n_placements)
        ]
        ballistic = pool.simulate(
            excitation_step(duration=0.8, sampling_rate=fs, level=1.0, onset_s=0.2),
            random_state=random_state,
        ).metrics()
        return float(sim.force.values[skip:].mean()), float(np.sqrt(np.mean(power))), ballistic

    pre = adaptation_pool_states(result, athlete=athlete, step=None, pool=base)
    f0, e0, b0 = session(pre)
    meth = {
        "name": "adaptation_pool_evaluation",
        "max_force_n": max_force_n,
        "sampling_rate": fs,
        "mvc_duration_s": dur,
        "random_state": random_state,
        "excitation_gain_pps": base.excitation_gain_pps,
        "last_recruitment_fraction": base.last_recruitment_fraction,
        "emg": f"4x4 grid-mean RMS over {n_placements} electrode placements",
        "split": "emg_moritani_devries(fit='origin'), MVC pairs",
    }
    rows = [
        PoolTrial(
            week=0.0,
            mvc_n=f0,
            rfd_0_50ms_n_s=b0.rfd_0_50ms_n_s,
            rfd_0_100ms_n_s=b0.rfd_0_100ms_n_s,
            rfd_0_200ms_n_s=b0.rfd_0_200ms_n_s,
            emg_rms_v=e0,
            model_strength_gain_pct=0.0,
            model_neural_share_pct=None,
            pool_strength_gain_pct=0.0,
            md_neural_share_pct=None,
            md_muscular_share_pct=None,
            method=meth,
        )
    ]
    for s in steps:
        st = adaptation_pool_states(result, athlete=athlete, step=int(s), pool=base)
        f1, e1, b1 = session(st)
        gain = float(result.strength_gain[athlete, s])
        warnings = list(st.warnings)
        md_n = md_m = None
        if abs(f1 - f0) > 1e-9 * f0:
            md = emg_moritani_devries([e0], [f0], [e1], [f1])
            md_n, md_m = md.neural_share_pct, md.muscular_share_pct
            warnings += md.warnings
        rows.append(
            PoolTrial(
                week=float(result.time_weeks[s]),
                mvc_n=f1,
                rfd_0_50ms_n_s=b1.rfd_0_50ms_n_s,
                rfd_0_100ms_n_s=b1.rfd_0_100ms_n_s,
                rfd_0_200ms_n_s=b1.rfd_0_200ms_n_s,
                emg_rms_v=e1,
                model_strength_gain_pct=100.0 * gain,
                model_neural_share_pct=(
                    100.0 * float(result.neural_part[athlete, s]) / gain if gain > 0 else None
                ),
                pool_strength_gain_pct=100.0 * (f1 / f0 - 1.0),
                md_neural_share_pct=md_n,
                md_muscular_share_pct=md_m,
                method=meth,
                warnings=warnings,
            )
        )
    return rows
