"""From a week of the adaptation model to a motor-unit pool, and a simulated test of that pool.

:func:`adaptation_pool_states` maps one step of an :class:`~neurolift.training.adaptation.
AdaptationResult` to the neural and muscular states of a :class:`~neurolift.motorunits.pool.
MotorUnitPool` (the neural levers are calibrated so the pool's net maximal force rises by the
model's neural gain); :func:`adaptation_evaluate_pool` tests the athlete in that pool session by
session (MVC, RFD, HD-EMG) and splits the gain with the Moritani-deVries method, so the model's
neural share can be compared with what the EMG method would report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from neurolift._results import Result
from neurolift._validation import check_range
from neurolift.errors import InvalidParameterError
from neurolift.training.adaptation import AdaptationResult

__all__ = [
    "AdaptationPoolStates",
    "EVALUATION_EMG_PLACEMENTS",
    "EVALUATION_EXCITATION_GAIN_PPS",
    "NEURAL_LEVERS_TRAINED",
    "NEURAL_LEVERS_UNTRAINED",
    "PoolTrial",
    "RISE_TIME_UNTRAINED_S",
    "adaptation_evaluate_pool",
    "adaptation_pool_states",
]

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
        From :func:`~neurolift.training.adaptation.adaptation_simulate`.
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
    >>> from neurolift.training.adaptation import adaptation_simulate
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
    >>> from neurolift.training.adaptation import adaptation_simulate
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
            excitation_step(duration_s=0.8, sampling_rate=fs, level=1.0, onset_s=0.2),
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
