"""Rep-based 1RM estimates for lifters without a velocity device.

``load`` is the heaviest weight lifted for ``reps`` repetitions to failure (or near it). Formulas,
as collected in Chronojump's ``encoder/RM.R``:

* Brzycki: ``load * 36 / (37 - reps)``
* Epley: ``load * (1 + 0.0333 reps)``
* Lander: ``100 load / (101.3 - 2.67123 reps)``
* Lombardi: ``load * reps ** 0.1``
* Mayhew: ``100 load / (52.2 + 41.9 exp(-0.055 reps))``
* O'Conner: ``load * (1 + 0.025 reps)``
* Wathan: ``100 load / (48.8 + 53.8 exp(-0.075 reps))``

They agree best for 2-10 reps; DiStasio (2014) found Epley and Brzycki within 2.7-3.1 kg of the
measured back-squat 1RM from 3-5RM sets.

The other direction - how many reps a load allows, so how many reps a set leaves in reserve - is
the one reps-at-%1RM relation the program generator uses (:func:`onerm_max_reps`,
:func:`onerm_percent_for_reps`): the modified Epley equation of Jovanovic's STMr,
``max reps = 1 + (1/p - 1) / 0.0353`` (``p`` = fraction of 1RM). Unlike Epley's own form it gives
exactly 1 rep at 100 %, and it stays within a rep of the NSCA training load chart from 1 to 10
reps (6 reps at 85 %, 10.4 at 75 %). An RIR-based RPE set is the same curve read at
``reps + RIR`` (Helms et al. 2016).

References
----------
Brzycki M (1993). Strength testing: predicting a one-rep max from reps-to-fatigue. JOPERD 64:88-90.
Epley B (1985). Poundage chart. Boyd Epley Workout.
Mayhew JL et al. (1992). J Appl Sport Sci Res 6:200-206.
Wathan D (1994). Load assignment. In: Essentials of Strength Training and Conditioning.
Jovanovic M (2020). Strength Training Manual: The Agile Periodization Approach. Complementary
Training; R package STMr, ``max_reps_modified_epley`` (kmod = 0.0353).
Helms ER et al. (2016). Application of the repetitions in reserve-based rating of perceived
exertion scale for resistance training. Strength Cond J 38:42-49.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

from neurolift._results import Result
from neurolift._validation import check_choice, check_positive, check_range
from neurolift.errors import InvalidParameterError

__all__ = [
    "ONERM_FORMULAS",
    "ONERM_REPS_KMOD",
    "OneRmEstimate",
    "onerm_estimate",
    "onerm_estimate_all",
    "onerm_max_reps",
    "onerm_percent_for_reps",
]

#: ``kmod`` of the modified Epley reps-at-%1RM relation (Jovanovic 2020, STMr).
ONERM_REPS_KMOD = 0.0353

ONERM_FORMULAS: dict[str, Any] = {
    "brzycki": lambda w, r: w * 36.0 / (37.0 - r),
    "epley": lambda w, r: w * (1.0 + 0.0333 * r),
    "lander": lambda w, r: 100.0 * w / (101.3 - 2.67123 * r),
    "lombardi": lambda w, r: w * r**0.1,
    "mayhew": lambda w, r: 100.0 * w / (52.2 + 41.9 * math.exp(-0.055 * r)),
    "oconner": lambda w, r: w * (1.0 + 0.025 * r),
    "wathan": lambda w, r: 100.0 * w / (48.8 + 53.8 * math.exp(-0.075 * r)),
}

OneRmMethod = Literal["brzycki", "epley", "lander", "lombardi", "mayhew", "oconner", "wathan"]


@dataclass(frozen=True)
class OneRmEstimate(Result):
    """A rep-based 1RM estimate (kg) with the formula used."""

    load_kg: float
    reps: int
    method: str
    e1rm_kg: float
    provenance: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


def onerm_estimate(load_kg: float, reps: int, *, method: OneRmMethod = "epley") -> OneRmEstimate:
    """Estimate 1RM (kg) from a set of ``reps`` repetitions with ``load_kg``.

    Parameters
    ----------
    load_kg : float
        Load lifted, kg (> 0).
    reps : int
        Repetitions completed (1-30). One rep returns the load itself.
    method : str
        One of :data:`ONERM_FORMULAS`.

    Examples
    --------
    >>> onerm_estimate(100, 5).e1rm_kg
    116.65
    >>> round(onerm_estimate(100, 5, method="brzycki").e1rm_kg, 2)
    112.5
    >>> onerm_estimate(100, 0)
    Traceback (most recent call last):
    ...
    neurolift.errors.InvalidParameterError: onerm_estimate: reps must be a whole number from 1 to 30, got 0
    """
    where = "onerm_estimate"
    load = check_positive("load_kg", load_kg, where=where)
    method = check_choice("method", method, ONERM_FORMULAS, where=where)  # type: ignore[assignment]
    if isinstance(reps, bool) or not float(reps).is_integer() or not 1 <= int(reps) <= 30:
        raise InvalidParameterError(
            f"{where}: reps must be a whole number from 1 to 30, got {reps!r}"
        )
    n = int(reps)
    warnings = []
    if n > 10:
        warnings.append(f"{n} reps: rep-based formulas lose accuracy above 10 reps")
    value = load if n == 1 else float(ONERM_FORMULAS[method](load, n))
    return OneRmEstimate(
        load,
        n,
        method,
        round(value, 10),
        {"formula": method, "source": "Chronojump RM.R"},
        tuple(warnings),
    )


def onerm_estimate_all(load_kg: float, reps: int) -> dict[str, float]:
    """Every formula's estimate (kg), keyed by method name.

    Examples
    --------
    >>> {k: round(v, 1) for k, v in onerm_estimate_all(100, 3).items()}["mayhew"]
    114.0
    """
    return {m: onerm_estimate(load_kg, reps, method=m).e1rm_kg for m in ONERM_FORMULAS}  # type: ignore[arg-type]


def onerm_max_reps(percent_1rm: float) -> float:
    """Repetitions to failure at ``percent_1rm`` (modified Epley: ``1 + (100/p - 1) / 0.0353``).

    The reps a set of ``n`` leaves in reserve are ``onerm_max_reps(p) - n``.

    Parameters
    ----------
    percent_1rm : float
        Load, % of 1RM (20-100).

    Examples
    --------
    >>> round(onerm_max_reps(85), 1), round(onerm_max_reps(100), 1), round(onerm_max_reps(60), 1)
    (6.0, 1.0, 19.9)
    """
    p = check_range("percent_1rm", percent_1rm, 20.0, 100.0, where="onerm_max_reps") / 100.0
    return 1.0 + (1.0 / p - 1.0) / ONERM_REPS_KMOD


def onerm_percent_for_reps(reps: float, *, rir: float = 0.0) -> float:
    """Load (% 1RM) that allows ``reps`` with ``rir`` reps in reserve: the inverse of
    :func:`onerm_max_reps` read at ``reps + rir``.

    Examples
    --------
    >>> round(onerm_percent_for_reps(5, rir=1), 1)     # 5 reps at RPE 9 = a 6RM
    85.0
    >>> round(onerm_percent_for_reps(1), 1)
    100.0
    """
    where = "onerm_percent_for_reps"
    n = check_range("reps", reps, 1.0, 50.0, where=where)
    r = check_range("rir", rir, 0.0, 40.0, where=where)
    return 100.0 / (1.0 + ONERM_REPS_KMOD * (n + r - 1.0))
