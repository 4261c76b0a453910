"""Per-exercise settings for rep detection, kinetics and 1RM estimation.

A profile bundles what differs between lifts: the smallest range of motion that counts as a
rep, how long a direction change must persist, whether a concentric phase must follow an
eccentric one (the unrack / re-rack "ghost rep" filter), the share of body mass that moves with
the bar, the bar path angle and the minimal velocity threshold (MVT, the mean velocity of a
1RM) used to extrapolate a load-velocity profile.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from neurolift._results import Result
from neurolift._validation import check_positive, check_range
from neurolift.errors import InvalidParameterError

__all__ = ["ExerciseProfile", "EXERCISES", "velocity_exercise_profile"]


@dataclass(frozen=True)
class ExerciseProfile(Result):
    """Settings of one exercise (all SI).

    Attributes
    ----------
    name : str
        Exercise key (``back_squat``, ``bench_press``...).
    min_rom_m : float
        Smallest concentric displacement counted as a rep, m (Chronojump: 0.20 m for gravitatory
        exercises; OpenBarbell: 0.15 m).
    direction_persistence_s : float
        A direction change must last this long to end a phase, s (Chronojump: 25 ms).
    idle_velocity_m_s : float
        Below this speed the bar is considered still, m/s. Default 0.05 m/s: OpenBarbell trims
        below 0.01 m/s, but with a 1 mm encoder the crossing of 0.01 m/s is dominated by noise
        and filter smear; at 0.05 m/s the phase boundaries are about twice as precise.
    max_pause_s : float
        A rest longer than this splits two movements in the same direction (e.g. the last
        concentric phase and a re-rack lift), s.
    require_eccentric : bool
        A concentric phase counts only after an eccentric phase of at least half ``min_rom_m``
        (lifts that start at the top: squat, bench). Filters unrack and re-rack movements.
    body_mass_fraction : float
        Share of body mass that moves with the bar (0 for bench press, whose body does not rise).
    incline_deg : float
        Angle of the bar path to the horizontal, degrees (90 = vertical). The propulsive end is
        where acceleration falls to ``-g * sin(incline)``.
    mvt_m_s : float or None
        Literature minimal velocity threshold (mean velocity at 1RM), m/s; ``None`` when no
        verified value exists (then pass ``mvt_m_s`` explicitly).
    mvt_source : str
        Where ``mvt_m_s`` comes from.
    large_1rm_error : bool
        True where studies show individual load-velocity 1RM predictions can be badly off
        (free-weight back squat, deadlift; Banyard et al. 2017).
    """

    name: str
    min_rom_m: float = 0.20
    direction_persistence_s: float = 0.025
    idle_velocity_m_s: float = 0.05
    max_pause_s: float = 0.5
    require_eccentric: bool = True
    body_mass_fraction: float = 0.0
    incline_deg: float = 90.0
    mvt_m_s: float | None = None
    mvt_source: str = ""
    large_1rm_error: bool = False

    def replace(self, **changes: Any) -> ExerciseProfile:
        """A copy with some settings overridden (validated)."""
        where = f"ExerciseProfile({self.name})"
        unknown = set(changes) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            raise InvalidParameterError(f"{where}: unknown setting(s) {sorted(unknown)}")
        clean: dict[str, Any] = {}
        for key, value in changes.items():
            if value is None and key != "mvt_m_s":
                continue
            if key in ("min_rom_m", "direction_persistence_s", "idle_velocity_m_s", "max_pause_s"):
                value = check_positive(key, value, where=where)
            elif key == "body_mass_fraction":
                value = check_range(key, value, 0.0, 1.0, where=where)
            elif key == "incline_deg":
                value = check_range(key, value, 1.0, 90.0, where=where)
            elif key == "mvt_m_s" and value is not None:
                value = check_range(key, value, 0.01, 2.0, where=where)
            clean[key] = value
        return dataclasses.replace(self, **clean)


# Body-mass share for squats: body mass minus both shanks (0.0465 each) and feet (0.0145 each),
# segment fractions from Winter's table (Winter, Biomechanics and Motor Control of Human
# Movement, Table 4.1; checked against a reproduction of the 3rd-edition table): 1 - 2 * 0.061.
# ASSUMPTION (not from a source): that everything above the knees moves with the bar. The thighs
# rotate about the knees, so their centre of mass moves about half as far as the bar; the
# kinetic fields therefore overstate the moving mass by up to ~0.10 x body mass (about 8 kg at
# 80 kg). Override body_mass_fraction when a better model is known.
_SQUAT_BODY_SHARE = round(1.0 - 2.0 * (0.0465 + 0.0145), 3)

EXERCISES: dict[str, ExerciseProfile] = {
    p.name: p
    for p in (
        ExerciseProfile(
            "bench_press",
            min_rom_m=0.15,
            body_mass_fraction=0.0,
            mvt_m_s=0.17,
            mvt_source="general MVT of bench-press 1RM prediction studies (IES 10.3233/IES-202247); "
            "Smith-machine MPV at 1RM 0.16 +/- 0.04 m/s (Gonzalez-Badillo & Sanchez-Medina 2010)",
        ),
        ExerciseProfile(
            "back_squat",
            min_rom_m=0.20,
            body_mass_fraction=_SQUAT_BODY_SHARE,
            mvt_m_s=0.24,
            mvt_source="free-weight full back squat MCV at 1RM 0.24 +/- 0.06 m/s, unreliable "
            "between days (Banyard, Nosaka & Haff 2017)",
            large_1rm_error=True,
        ),
        ExerciseProfile(
            "front_squat",
            min_rom_m=0.20,
            body_mass_fraction=_SQUAT_BODY_SHARE,
            mvt_m_s=None,
            mvt_source="no verified value; pass mvt_m_s",
            large_1rm_error=True,
        ),
        ExerciseProfile(
            "smith_squat",
            min_rom_m=0.20,
            body_mass_fraction=_SQUAT_BODY_SHARE,
            mvt_m_s=0.32,
            mvt_source="Smith-machine full squat MV at 1RM 0.32 +/- 0.03 m/s (Sanchez-Medina et al. 2017)",
        ),
        ExerciseProfile(
            "deadlift",
            min_rom_m=0.20,
            require_eccentric=False,
            body_mass_fraction=0.0,
            mvt_m_s=None,
            mvt_source="no verified value (individual MVT predicts poorly, Ruf et al. "
            "2018); pass mvt_m_s",
            large_1rm_error=True,
        ),
        ExerciseProfile(
            "overhead_press",
            min_rom_m=0.15,
            body_mass_fraction=0.0,
            mvt_m_s=0.19,
            mvt_source="shoulder press MPV at 1RM ~0.19 m/s, consistent across strength levels "
            "(Hernandez-Belmonte et al. 2021, Biol Sport 38:235-243, doi "
            "10.5114/biolsport.2020.98453; at 1RM the whole concentric phase is propulsive)",
        ),
        ExerciseProfile(
            "prone_bench_pull",
            min_rom_m=0.10,
            require_eccentric=False,
            body_mass_fraction=0.0,
            mvt_m_s=None,
            mvt_source="no verified value; pass mvt_m_s",
        ),
        # One concentric push with nothing before it (e.g. Chronojump single-curve files, loaded
        # jumps recorded from the bottom). Kinetics default to the bar load only.
        ExerciseProfile(
            "concentric_only",
            min_rom_m=0.05,
            require_eccentric=False,
            body_mass_fraction=0.0,
            mvt_m_s=None,
            mvt_source="not applicable",
        ),
    )
}


def velocity_exercise_profile(exercise: str | ExerciseProfile, **overrides: Any) -> ExerciseProfile:
    """Look up an exercise profile, optionally overriding some of its settings.

    Parameters
    ----------
    exercise : str or ExerciseProfile
        A key of :data:`EXERCISES` or a ready profile.
    **overrides
        Settings to change (``min_rom_m=0.3``, ``mvt_m_s=0.2``...); ``None`` values are ignored.

    Examples
    --------
    >>> velocity_exercise_profile("bench_press").mvt_m_s
    0.17
    >>> velocity_exercise_profile("back_squat", min_rom_m=0.3).min_rom_m
    0.3
    >>> velocity_exercise_profile("curl")
    Traceback (most recent call last):
    ...
    neurolift.errors.InvalidParameterError: velocity_exercise_profile: unknown exercise 'curl'; choose one of back_squat, bench_press, concentric_only, deadlift, front_squat, overhead_press, prone_bench_pull, smith_squat
    """
    if isinstance(exercise, ExerciseProfile):
        profile = exercise
    else:
        key = str(exercise).strip().lower().replace(" ", "_").replace("-", "_")
        if key not in EXERCISES:
            raise InvalidParameterError(
                f"velocity_exercise_profile: unknown exercise {exercise!r}; choose one of "
                f"{', '.join(sorted(EXERCISES))}"
            )
        profile = EXERCISES[key]
    return profile.replace(**overrides) if overrides else profile
