"""Athlete profile for programming, and the rule that suggests a training level.

A profile holds what the program generator needs: level, body mass, goals, the current 1RM of each
exercise (with its date and how it was obtained: measured, velocity-estimated or rep-estimated),
the equipment at hand, the days available, the training age and any NMES contraindications.

Level rule (:func:`athlete_suggest_level`), stated so a coach can check it:

* by training age (ACSM 2009: novice = untrained or < ~6 months, intermediate ~6 months,
  advanced = years): < 0.5 y beginner, < 2 y intermediate, < 5 y advanced, else elite;
* by relative strength, back-squat 1RM / body mass (the NSCA plyometric readiness threshold of
  1.5 x body mass and common strength standards): < 1.0 beginner, < 1.5 intermediate,
  < 2.0 advanced, else elite;
* by rate of progress from the 1RM history: a lifter still adding > 4 % per month to the e1RM is
  progressing session to session like a novice (Rippetoe & Kilgore), so at most intermediate.

The suggestion is the *lowest* level the available criteria give (conservative), with every
criterion's verdict listed in ``reasons``.

References
----------
ACSM (2009). Progression models in resistance training for healthy adults. Med Sci Sports Exerc
41:687-708.
Potach DH, Chu DA (2008). Plyometric training. Essentials of Strength Training and Conditioning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from neurolift._results import Result
from neurolift._validation import check_choice, check_positive, check_range
from neurolift.errors import InvalidParameterError
from neurolift.training.exercises import exercise_get

__all__ = [
    "LEVELS",
    "GOALS",
    "ONE_RM_METHODS",
    "WEEKDAYS",
    "OneRm",
    "AthleteProfile",
    "LevelSuggestion",
    "athlete_profile",
    "athlete_suggest_level",
]

LEVELS: tuple[str, ...] = ("beginner", "intermediate", "advanced", "elite")
GOALS: tuple[str, ...] = ("strength", "power", "hypertrophy")
ONE_RM_METHODS: tuple[str, ...] = ("measured", "velocity", "reps")
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
NMES_CONTRAINDICATIONS: tuple[str, ...] = (
    "pacemaker",
    "implanted_device",
    "pregnancy",
    "epilepsy",
    "thrombosis",
    "cancer",
    "open_wound",
    "impaired_sensation",
)


@dataclass(frozen=True)
class OneRm(Result):
    """Current 1RM of one exercise: ``load_kg``, the date it refers to and how it was obtained."""

    exercise: str
    load_kg: float
    measured_on: dt.date
    method: str

    def __post_init__(self) -> None:
        exercise_get(self.exercise)
        check_range("load_kg", self.load_kg, 1.0, 600.0, where="OneRm")
        check_choice("method", self.method, ONE_RM_METHODS, where="OneRm")


@dataclass(frozen=True)
class AthleteProfile(Result):
    """Everything the program generator needs to know about one athlete (SI units)."""

    name: str
    level: str
    body_mass_kg: float
    goals: tuple[str, ...]
    one_rms: tuple[OneRm, ...]
    equipment: tuple[str, ...]
    available_days: tuple[str, ...]
    training_age_years: float | None = None
    contraindications: tuple[str, ...] = ()
    method: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    def one_rm(self, exercise: str) -> OneRm | None:
        """The stored 1RM of ``exercise`` (None when not known)."""
        key = exercise_get(exercise).key
        return next((o for o in self.one_rms if o.exercise == key), None)

    @property
    def relative_squat(self) -> float | None:
        """Back-squat 1RM / body mass (dimensionless), if the squat 1RM is known."""
        sq = self.one_rm("back_squat")
        return None if sq is None else sq.load_kg / self.body_mass_kg

    @property
    def high_intensity_plyometrics_ok(self) -> bool:
        """NSCA rule: high-intensity/shock lower-body plyometrics need a squat >= 1.5 x mass."""
        rel = self.relative_squat
        return rel is not None and rel >= 1.5

    @property
    def nmes_ok(self) -> bool:
        """False when a listed contraindication rules NMES out."""
        return not (set(self.contraindications) & set(NMES_CONTRAINDICATIONS))


def athlete_profile(
    name: str,
    *,
    level: str,
    body_mass_kg: float,
    goals: Sequence[str] = ("strength",),
    one_rms: Sequence[OneRm] | Mapping[str, float] = (),
    equipment: Sequence[str] = ("barbell", "rack", "bench", "dumbbell", "pullup_bar", "box"),
    available_days: Sequence[str] = ("mon", "wed", "fri"),
    training_age_years: float | None = None,
    contraindications: Sequence[str] = (),
    today: dt.date | None = None,
) -> AthleteProfile:
    """Build and validate an :class:`AthleteProfile`.

    Parameters
    ----------
    level : {"beginner", "intermediate", "advanced", "elite"}
    body_mass_kg : float
        Body mass, kg, in [20, 300].
    goals : sequence of {"strength", "power", "hypertrophy"}
    one_rms : sequence of OneRm, or mapping exercise -> 1RM in kg (taken as measured today)
    available_days : sequence of weekday keys ``mon`` ... ``sun``
    training_age_years : float, optional
        Years of structured resistance training.

    Examples
    --------
    >>> p = athlete_profile("Ada", level="intermediate", body_mass_kg=70,
    ...                     one_rms={"back_squat": 120}, today=dt.date(2026, 11, 23))
    >>> round(p.relative_squat, 2), p.high_intensity_plyometrics_ok
    (1.71, True)
    """
    where = "athlete_profile"
    name = (name or "").strip()
    if not name:
        raise InvalidParameterError(f"{where}: name must not be empty")
    check_choice("level", level, LEVELS, where=where)
    mass = check_range("body_mass_kg", body_mass_kg, 20.0, 300.0, where=where)
    goals_t = tuple(check_choice("goal", g, GOALS, where=where) for g in goals)
    if not goals_t:
        raise InvalidParameterError(f"{where}: give at least one goal ({', '.join(GOALS)})")
    days = tuple(
        check_choice("day", str(d).lower()[:3], WEEKDAYS, where=where) for d in available_days
    )
    if len(set(days)) != len(days) or not days:
        raise InvalidParameterError(
            f"{where}: available_days must be distinct and not empty, got {days}"
        )
    if isinstance(one_rms, Mapping):
        when = today or dt.date.today()
        orms = tuple(
            OneRm(exercise_get(k).key, float(v), when, "measured") for k, v in one_rms.items()
        )
    else:
        orms = tuple(one_rms)
    if len({o.exercise for o in orms}) != len(orms):
        raise InvalidParameterError(f"{where}: one 1RM per exercise, got duplicates")
    age = None
    if training_age_years is not None:
        age = check_range("training_age_years", training_age_years, 0.0, 60.0, where=where)
    for c in contraindications:
        check_choice("contraindication", c, NMES_CONTRAINDICATIONS, where=where)
    return AthleteProfile(
        name=name,
        level=level,
        body_mass_kg=mass,
        goals=goals_t,
        one_rms=orms,
        equipment=tuple(equipment),
        available_days=days,
        training_age_years=age,
        contraindications=tuple(contraindications),
    )


@dataclass(frozen=True)
class LevelSuggestion(Result):
    """The suggested level and each criterion's verdict."""

    level: str
    by_training_age: str | None
    by_relative_strength: str | None
    by_progress_rate: str | None
    reasons: tuple[str, ...]
    method: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


def _bin(value: float, edges: Sequence[float]) -> str:
    for lvl, edge in zip(LEVELS, edges, strict=False):
        if value < edge:
            return lvl
    return LEVELS[-1]


def athlete_suggest_level(
    *,
    training_age_years: float | None = None,
    body_mass_kg: float | None = None,
    squat_1rm_kg: float | None = None,
    e1rm_history: Sequence[tuple[dt.date, float]] = (),
) -> LevelSuggestion:
    """Suggest a training level from training age, relative strength and 1RM history.

    Parameters
    ----------
    training_age_years : float, optional
        Years of structured resistance training.
    body_mass_kg, squat_1rm_kg : float, optional
        Body mass and back-squat 1RM, kg (both needed for the strength criterion).
    e1rm_history : sequence of (date, kg)
        Estimated 1RMs of one main lift, oldest first, spanning at least 4 weeks for the
        progress-rate criterion.

    Examples
    --------
    >>> s = athlete_suggest_level(training_age_years=3, body_mass_kg=80, squat_1rm_kg=100)
    >>> s.level, s.by_training_age, s.by_relative_strength
    ('intermediate', 'advanced', 'intermediate')
    """
    where = "athlete_suggest_level"
    reasons: list[str] = []
    by_age = by_strength = by_rate = None
    if training_age_years is not None:
        age = check_range("training_age_years", training_age_years, 0.0, 60.0, where=where)
        by_age = _bin(age, (0.5, 2.0, 5.0))
        reasons.append(
            f"training age {age:g} y -> {by_age} (<0.5 beginner, <2 intermediate, <5 advanced)"
        )
    if (body_mass_kg is None) != (squat_1rm_kg is None):
        raise InvalidParameterError(f"{where}: give both body_mass_kg and squat_1rm_kg, or neither")
    if body_mass_kg is not None and squat_1rm_kg is not None:
        mass = check_range("body_mass_kg", body_mass_kg, 20.0, 300.0, where=where)
        sq = check_positive("squat_1rm_kg", squat_1rm_kg, where=where)
        rel = sq / mass
        by_strength = _bin(rel, (1.0, 1.5, 2.0))
        reasons.append(f"squat {rel:.2f} x body mass -> {by_strength} (<1.0, <1.5, <2.0)")
    hist = sorted(e1rm_history)
    if len(hist) >= 2:
        days = (hist[-1][0] - hist[0][0]).days
        if days >= 28:
            first, last = float(hist[0][1]), float(hist[-1][1])
            if first <= 0 or last <= 0:
                raise InvalidParameterError(f"{where}: e1rm_history loads must be > 0 kg")
            monthly = ((last / first) ** (30.4 / days) - 1.0) * 100.0
            by_rate = (
                "beginner" if monthly > 4.0 else ("intermediate" if monthly > 1.0 else "advanced")
            )
            reasons.append(
                f"e1RM +{monthly:.1f} %/month -> at most {by_rate} (>4 % beginner, >1 % intermediate)"
            )
    verdicts = [v for v in (by_age, by_strength, by_rate) if v is not None]
    if not verdicts:
        raise InvalidParameterError(
            f"{where}: give training_age_years, body mass with squat 1RM, or an e1RM history of >= 4 weeks"
        )
    level = min(verdicts, key=LEVELS.index)
    return LevelSuggestion(
        level=level,
        by_training_age=by_age,
        by_relative_strength=by_strength,
        by_progress_rate=by_rate,
        reasons=tuple(reasons),
        method={"rule": "lowest level of the available criteria"},
        warnings=()
        if len(verdicts) > 1
        else ("one criterion only; add more history for a firmer suggestion",),
    )
