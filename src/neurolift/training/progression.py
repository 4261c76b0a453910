"""Progression from logged results: double progression, RIR rules and velocity rules.

Each rule reads what was logged for one exercise in one session and returns the next session's
load, rounded to the available plates, with the reason in words:

* ``"double"`` - double progression: when every set reached the top of the rep range at the
  target RIR or easier, add ``increment_pct`` (2.5 %, at least one plate step); when any set fell
  under the bottom of the range, take 5 % off; otherwise keep the load and add reps.
* ``"rir"`` - the ACSM rule in RIR form: beating the target by 1 rep in reserve adds 2.5 %, by 2
  or more adds 5 % (ACSM 2009: +2-10 % when the lifter beats the target by 1-2 reps); missing it
  by 2 or more (or missed reps) takes 5 % off (griptrack's "RPE >= 9 or missed reps -> step
  down").
* ``"velocity"`` - the first rep's mean velocity against the target: every 0.03 m/s faster adds
  2.5 % (at most +5 %), every 0.03 m/s slower takes 2.5 % off (at most -10 %). With typical
  load-velocity slopes of about 0.01 m/s per %1RM (squat/bench), 0.03 m/s is ~3 % of 1RM, about
  the day-to-day noise of velocity at a fixed load (SD ~0.03 m/s), so smaller deviations hold.

References
----------
ACSM (2009). Progression models in resistance training for healthy adults. MSSE 41:687-708.
Helms ER et al. (2016). Application of the repetitions in reserve-based rating of perceived
exertion scale for resistance training. Strength Cond J 38:42-49.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from neurolift._results import Result
from neurolift._validation import check_choice, check_positive, check_range
from neurolift.errors import InvalidParameterError
from neurolift.training.autoregulation import DEFAULT_PLATES_KG, autoreg_round_to_plates

__all__ = ["ProgressionDecision", "progression_next"]


@dataclass(frozen=True)
class ProgressionDecision(Result):
    """Next load (kg) for one exercise, the action and the reason."""

    rule: str
    action: str  # increase, hold, decrease
    load_kg: float
    next_load_kg: float
    change_pct: float
    reason: str
    method: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


def _step(load: float, pct: float, bar_kg: float, plates: Sequence[float]) -> float:
    target = load * (1.0 + pct / 100.0)
    new = autoreg_round_to_plates(target, bar_kg=bar_kg, plates_kg=plates)
    smallest = 2.0 * min(plates)
    if pct > 0 and new <= load:
        new = load + smallest
    if pct < 0 and new >= load:
        new = max(bar_kg, load - smallest)
    return float(new)


def progression_next(
    *,
    load_kg: float,
    reps: Sequence[int],
    rule: Literal["double", "rir", "velocity"] = "double",
    rep_range: tuple[int, int] = (8, 12),
    rir: Sequence[float] | None = None,
    target_rir: float = 2.0,
    target_reps: int | None = None,
    first_rep_velocity_m_s: float | None = None,
    target_velocity_m_s: float | None = None,
    increment_pct: float = 2.5,
    bar_kg: float = 20.0,
    plates_kg: Sequence[float] = DEFAULT_PLATES_KG,
) -> ProgressionDecision:
    """Next session's load for one exercise from the sets logged today.

    Parameters
    ----------
    load_kg : float
        Load used today, kg.
    reps : sequence of int
        Reps completed in each work set.
    rule : {"double", "rir", "velocity"}
    rep_range : (int, int)
        Double progression's rep range.
    rir : sequence of float, optional
        Reps in reserve reported after each set (``"double"``/``"rir"``).
    target_rir : float
        Prescribed RIR.
    target_reps : int, optional
        Prescribed reps per set (``"rir"``; missed reps step down).
    first_rep_velocity_m_s, target_velocity_m_s : float, optional
        Today's first-rep mean velocity and the prescribed one (``"velocity"``).
    increment_pct : float
        Load step of double progression, % (ACSM: 2-10 %).

    Examples
    --------
    >>> progression_next(load_kg=100, reps=[12, 12, 12], rir=[2, 2, 3]).next_load_kg
    102.5
    >>> progression_next(load_kg=100, reps=[10, 9, 8], rir=[2, 2, 2]).action
    'hold'
    >>> progression_next(load_kg=100, reps=[5, 5, 5], rule="velocity",
    ...                  first_rep_velocity_m_s=0.55, target_velocity_m_s=0.62).next_load_kg
    95.0
    """
    where = "progression_next"
    check_choice("rule", rule, ("double", "rir", "velocity"), where=where)
    load = check_positive("load_kg", load_kg, where=where)
    reps_l = [int(r) for r in reps]
    if not reps_l or any(r < 0 for r in reps_l):
        raise InvalidParameterError(
            f"{where}: reps must list >= 1 set of >= 0 reps, got {list(reps)}"
        )
    inc = check_range("increment_pct", increment_pct, 0.5, 10.0, where=where)
    rir_l = None if rir is None else [check_range("rir", x, 0.0, 10.0, where=where) for x in rir]
    if rir_l is not None and len(rir_l) != len(reps_l):
        raise InvalidParameterError(f"{where}: {len(rir_l)} RIR values for {len(reps_l)} sets")
    pct = 0.0
    if rule == "double":
        lo, hi = int(rep_range[0]), int(rep_range[1])
        if not 1 <= lo < hi <= 30:
            raise InvalidParameterError(
                f"{where}: rep_range must satisfy 1 <= low < high <= 30, got {rep_range}"
            )
        easy = rir_l is None or min(rir_l) >= target_rir
        if all(r >= hi for r in reps_l) and easy:
            pct, reason = inc, f"every set reached {hi} reps at RIR >= {target_rir:g}: add load"
        elif any(r < lo for r in reps_l):
            pct, reason = -5.0, f"a set fell below {lo} reps: step down 5 %"
        else:
            reason = f"within {lo}-{hi} reps: keep the load, add reps"
    elif rule == "rir":
        if rir_l is None:
            raise InvalidParameterError(f"{where}: rule 'rir' needs the RIR of each set")
        missed = target_reps is not None and any(r < int(target_reps) for r in reps_l)
        margin = sum(rir_l) / len(rir_l) - target_rir
        if missed or margin <= -2:
            pct, reason = (
                -5.0,
                ("missed reps" if missed else f"RIR {margin:+.1f} under target")
                + ": step down 5 %",
            )
        elif margin >= 2:
            pct, reason = 5.0, f"RIR {margin:+.1f} above target: add 5 %"
        elif margin >= 1:
            pct, reason = 2.5, f"RIR {margin:+.1f} above target: add 2.5 %"
        else:
            reason = f"RIR {margin:+.1f} of target: keep the load"
    else:
        if first_rep_velocity_m_s is None or target_velocity_m_s is None:
            raise InvalidParameterError(
                f"{where}: rule 'velocity' needs first_rep_velocity_m_s and target_velocity_m_s"
            )
        v = check_range("first_rep_velocity_m_s", first_rep_velocity_m_s, 0.01, 3.0, where=where)
        vt = check_range("target_velocity_m_s", target_velocity_m_s, 0.01, 3.0, where=where)
        steps = math.trunc((v - vt) / 0.03 + (1e-9 if v >= vt else -1e-9))
        pct = max(-10.0, min(5.0, 2.5 * steps))
        reason = f"first rep {v - vt:+.3f} m/s vs target: {'hold' if pct == 0 else f'{pct:+g} %'}"
    new = load if pct == 0 else _step(load, pct, bar_kg, plates_kg)
    action = "increase" if new > load else ("decrease" if new < load else "hold")
    return ProgressionDecision(
        rule=rule,
        action=action,
        load_kg=load,
        next_load_kg=new,
        change_pct=(new / load - 1.0) * 100.0,
        reason=reason,
        method={
            "increment_pct": inc,
            "target_rir": target_rir,
            "rep_range": list(rep_range),
            "bar_kg": bar_kg,
            "plates_kg": list(plates_kg),
        },
    )
