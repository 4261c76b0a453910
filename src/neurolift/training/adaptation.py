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
* ``rapid`` R — the same dynamics for the rapid (rate of excitation rise) neural lever, toward
  ``rapid_max(level) * rapid_weight(method) * stimulus`` (drives RFD and jump gains; calibrated
  to the plyometric meta-analysis of Markovic 2007, CMJ +8.7 % for a beginner in 12 weeks);
* ``drive`` D — the hypertrophic drive, a first-order lag (``muscular_drive_tau_weeks``) of the
  training stimulus, so muscle growth starts with zero slope;
* ``muscular`` M — cross-sectional-area gain, growing at ``muscular_rate_per_week * D * stimulus``
  and saturating at ``muscular_max(level) * muscular_weight(method)`` (diminishing returns near the
  ceiling); decays with ``muscular_detraining_tau_weeks``.

Strength (MVC) gain is ``(1 + N) * (1 + M)**k - 1`` (``k = force_csa_exponent``); its neural
part is ``N`` and its muscular part the rest — the same split the Moritani-deVries method makes
from EMG and force. The day's *expressed* strength is multiplied by a recovery factor: minus
``sleep_penalty`` after a night of ``sleep_threshold_h`` or less (Craven et al. 2022), and minus
``fatigue_cost`` per unit of Banister-style accumulated fatigue (Banister 1975) *above the fatigue
the athlete tolerates*. Fatigue follows the dose (time constant ``fatigue_tau_weeks``) and
recovers; the tolerated fatigue is that of the athlete's chronic load (an EWMA of the weekly dose,
``chronic_tau_weeks``, at most a standard week), which starts at the level's ``habitual_dose``:
0 for an untrained beginner, whose first weeks cost a little until the load is familiar, and a
standard week for trained levels, whose pre-training test already carried that fatigue. So a
standard week never lowers expressed strength below the baseline at any level, while doses above
it (overreaching) do, in proportion to the excess.

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

To test a simulated athlete in a motor-unit pool (MVC, RFD, EMG and the Moritani-deVries split
session by session), see :mod:`neurolift.training.adaptation_pool`.
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
    "AdaptationResult",
    "adaptation_parameters",
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
    tolerated_fatigue : ndarray
        Fatigue of the load the athlete is used to (chronic load, at most a standard week);
        only fatigue above it lowers the recovery factor.
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
    tolerated_fatigue: np.ndarray
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
    .. [6] Markovic G (2007). Does plyometric training improve vertical jump height? A
       meta-analytical review. Br J Sports Med 41:349-355.
    .. [7] Williams S et al. (2017). Better way to determine the acute:chronic workload ratio?
       Br J Sports Med 51:209-210 (EWMA chronic load).

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
    r_max = table("levels", ADAPTATION_LEVELS, "rapid_max")[li]
    habitual = table("levels", ADAPTATION_LEVELS, "habitual_dose")[li]
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
    tau_c = float(rec["chronic_tau_weeks"])

    a_n, a_nd = np.exp(-dt / tau_n), np.exp(-dt / tau_nd)
    a_d = np.exp(-dt / tau_d)
    a_md = np.exp(-dt / tau_md)
    a_f = np.exp(-dt / tau_f)
    a_c = np.exp(-dt / tau_c)
    a_ct = np.exp(-dt / (2.0 * tau_d))
    # mean of the drive over a step, given its start value and target (exact for a 1st-order lag)
    avg_d = tau_d / dt * (1.0 - a_d)
    # fatigue of a steady standard week (dose 1 every week-equivalent), for overreaching blunting
    f_steady = dt / (1.0 - a_f)

    stim = (1.0 - np.exp(-weekly / d0)) / (1.0 - np.exp(-1.0 / d0))
    fat_out = np.empty((n, w))
    tol_out = np.empty((n, w))
    neu = np.empty((n, w))
    rap = np.empty((n, w))
    mus = np.empty((n, w))
    ctc = np.empty((n, w))

    nn = np.zeros(n)
    rr = np.zeros(n)
    dd = np.zeros(n)
    mm = np.zeros(n)
    cc = np.zeros(n)
    # fatigue and chronic load start at the athlete's habitual training (0 for the untrained):
    # the pre-training test already carries it, so carrying on with it costs nothing
    ff = habitual * f_steady
    chronic = habitual.copy()
    n_top = n_max * wn * resp_n
    r_top = r_max * wr * resp_n
    m_top = m_max * wm * resp_m
    for k in range(w):
        s = stim[:, k]
        ff = ff * a_f + dose_a[:, k]
        chronic = chronic * a_c + (1.0 - a_c) * weekly[:, k]
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
        # fatigue the athlete tolerates: that of the load they are used to, at most a standard week
        tol_out[:, k] = f_steady * np.minimum(chronic, 1.0)

    strength = (1.0 + neu) * (1.0 + mus) ** k_exp - 1.0
    # sleep loss is <= 6 h per 24 h (Craven et al. 2022): a night of exactly 6 h counts
    sleep_pen = np.where(
        sleep_a <= float(rec["sleep_threshold_h"]), float(rec["sleep_penalty"]), 0.0
    )
    excess_fatigue = np.maximum(fat_out - tol_out, 0.0)
    recovery = np.clip((1.0 - sleep_pen) * (1.0 - f_cost * excess_fatigue), 0.0, 1.0)
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
        tolerated_fatigue=tol_out,
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


def __getattr__(name: str) -> Any:
    """The pool bridge moved to :mod:`neurolift.training.adaptation_pool`; its names still import
    from here, with a DeprecationWarning."""
    import importlib

    pool = importlib.import_module("neurolift.training.adaptation_pool")
    if name in pool.__all__:
        import warnings as _warnings

        _warnings.warn(
            f"neurolift.training.adaptation.{name} moved to "
            f"neurolift.training.adaptation_pool.{name}",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(pool, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
