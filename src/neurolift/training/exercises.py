"""Exercise catalogue: what each exercise is, which equipment it needs and how it is dosed.

Every program, log and progression rule looks exercises up here, so an unknown name is caught
once, with the list of valid keys. Plyometric drills carry an intensity tier (low, moderate, high,
shock) so weekly foot contacts can be traded against intensity (NSCA, Potach & Chu 2008);
barbell lifts carry a minimal velocity threshold (MVT, m/s) for velocity-based prescription
(Jovanovic & Flanagan 2014; Gonzalez-Badillo & Sanchez-Medina 2010).

References
----------
Potach DH, Chu DA (2008). Plyometric training. In: Essentials of Strength Training and
Conditioning, 3rd ed. NSCA / Human Kinetics.
Jovanovic M, Flanagan EP (2014). Researched applications of velocity based strength training.
J Aust Strength Cond 22:58-69.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from neurolift._results import Result
from neurolift.errors import InvalidParameterError
from neurolift.signals.velocity.profiles import EXERCISES as VELOCITY_PROFILES

__all__ = ["Exercise", "EXERCISES", "PLYO_TIERS", "exercise_get", "exercise_list"]

PLYO_TIERS: tuple[str, ...] = ("low", "moderate", "high", "shock")


@dataclass(frozen=True)
class Exercise(Result):
    """One catalogue entry.

    ``kind`` is ``"resistance"``, ``"plyometric"`` or ``"nmes"``; ``pattern`` the movement
    (squat, hinge, push, pull, jump...); ``mvt_m_s`` the minimal velocity threshold of a 1RM
    attempt (barbell lifts only); ``plyo_tier`` the plyometric intensity tier.
    """

    key: str
    name: str
    kind: str
    pattern: str
    body: str
    equipment: tuple[str, ...]
    ballistic: bool = False
    mvt_m_s: float | None = None
    plyo_tier: str | None = None
    method: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


# The velocity engine's exercise profiles hold the one cited MVT per lift (None where no value
# could be verified); the catalogue reads them instead of keeping numbers of its own.
_VELOCITY_PROFILE_NAME = {"bench_pull": "prone_bench_pull"}


def _mvt(key: str) -> float | None:
    profile = VELOCITY_PROFILES.get(_VELOCITY_PROFILE_NAME.get(key, key))
    return None if profile is None else profile.mvt_m_s


def _r(
    key: str,
    name: str,
    pattern: str,
    body: str,
    eq: tuple[str, ...],
    ballistic: bool = False,
) -> Exercise:
    return Exercise(key, name, "resistance", pattern, body, eq, ballistic, _mvt(key), None)


def _p(key: str, name: str, tier: str, body: str = "lower") -> Exercise:
    return Exercise(key, name, "plyometric", "jump", body, (), True, None, tier)


_ALL: tuple[Exercise, ...] = (
    _r("back_squat", "Back squat", "squat", "lower", ("barbell", "rack")),
    _r("front_squat", "Front squat", "squat", "lower", ("barbell", "rack")),
    _r("deadlift", "Deadlift", "hinge", "lower", ("barbell",)),
    _r("romanian_deadlift", "Romanian deadlift", "hinge", "lower", ("barbell",)),
    _r("bench_press", "Bench press", "push", "upper", ("barbell", "bench")),
    _r("overhead_press", "Overhead press", "push", "upper", ("barbell",)),
    _r("bench_pull", "Prone bench pull", "pull", "upper", ("barbell", "bench")),
    _r("pull_up", "Pull-up", "pull", "upper", ("pullup_bar",)),
    _r("split_squat", "Bulgarian split squat", "squat", "lower", ("dumbbell", "bench")),
    _r("goblet_squat", "Goblet squat", "squat", "lower", ("dumbbell",)),
    _r("dumbbell_row", "One-arm dumbbell row", "pull", "upper", ("dumbbell", "bench")),
    _r("push_up", "Push-up", "push", "upper", ()),
    _r("leg_extension", "Leg extension", "knee_extension", "lower", ("machine",)),
    _r("jump_squat", "Loaded jump squat", "squat", "lower", ("barbell",), ballistic=True),
    _r("power_clean", "Power clean", "olympic", "lower", ("barbell",), ballistic=True),
    _p("pogo_jump", "Pogo jumps", "low"),
    _p("squat_jump", "Squat jump", "low"),
    _p("box_jump", "Box jump", "moderate"),
    _p("countermovement_jump", "Countermovement jump", "moderate"),
    _p("broad_jump", "Standing broad jump", "moderate"),
    _p("hurdle_hop", "Hurdle hops", "high"),
    _p("single_leg_bound", "Single-leg bounds", "high"),
    _p("depth_jump", "Depth jump", "shock"),
    _p("plyo_push_up", "Plyometric push-up", "moderate", body="upper"),
    Exercise(
        "nmes_quadriceps",
        "NMES quadriceps",
        "nmes",
        "knee_extension",
        "lower",
        ("nmes_stimulator",),
    ),
)

EXERCISES: dict[str, Exercise] = {e.key: e for e in _ALL}


def exercise_get(key: str) -> Exercise:
    """The catalogue entry for ``key``; an unknown key raises with the valid ones.

    Examples
    --------
    >>> exercise_get("back_squat").mvt_m_s       # from the velocity profiles (Banyard 2017)
    0.24
    >>> exercise_get("depth_jump").plyo_tier
    'shock'
    """
    ex = EXERCISES.get(str(key).strip().lower().replace(" ", "_").replace("-", "_"))
    if ex is None:
        raise InvalidParameterError(
            f"exercise_get: unknown exercise {key!r}; choose one of {', '.join(sorted(EXERCISES))}"
        )
    return ex


def exercise_list(
    *, kind: str | None = None, equipment: tuple[str, ...] | None = None
) -> list[Exercise]:
    """Catalogue entries of one ``kind`` that need only the given ``equipment`` (None: any).

    Examples
    --------
    >>> [e.key for e in exercise_list(kind="resistance", equipment=("dumbbell", "bench"))]
    ['split_squat', 'goblet_squat', 'dumbbell_row', 'push_up']
    """
    out = []
    for e in _ALL:
        if kind is not None and e.kind != kind:
            continue
        if equipment is not None and not set(e.equipment) <= set(equipment):
            continue
        out.append(e)
    return out
