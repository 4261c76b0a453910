"""Program generator: blocks -> weeks -> sessions -> exercises -> sets, by level and goal.

The rules (:mod:`neurolift.training.program_rules`: ``LEVEL_RULES``, ``GOAL_RULES``,
``POWER_RULES``, ``SHOCK_RULES``) turn the article's practice into numbers:

* **beginner** - technique first: moderate loads (60-75 % 1RM, 8-10 reps) with linear progression
  of +2.5 %/week (ACSM 2009: novices 8-12 RM, load +2-10 % when the target is beaten; Rhea et al.
  2003: untrained gains peak near 60 % 1RM); the reps in reserve follow from load and reps (about
  12 at 60 % x 8 early on, 2 at the top load);
* **beginner, power goal** - power work, not hypertrophy work: 4 x 4 on the main lifts at 65-75 %
  1RM (the beginner's moderate range), never more than half the reps the load allows, each rep at maximal intended velocity
  (NSCA multiple-effort power: 3-5 reps; Jovanovic's ballistic adjustment: half the reps; Cormie
  et al. 2011: strength first for weaker athletes, who also do the jumps of the plyometric work);
* **intermediate** - a weekly heavy day (>= 85 % 1RM) beside hypertrophy work (67.5-75 % 1RM)
  (Rhea 2003: trained lifters near 80-85 %; Rippetoe/Kilgore weekly progression);
* **advanced / elite** - block periodisation (accumulation -> transmutation -> realization,
  Issurin 2010) with velocity targets and velocity-loss caps on every barbell set, plus the weekly
  heavy day;
* **reps in reserve** agree with the load: heavy and hypertrophy sets take their reps from the
  load and the level's target RIR through the modified Epley relation
  (:func:`neurolift.training.onerm.onerm_max_reps`), every %1RM set states the RIR that relation
  leaves, and velocity-loss-capped power sets state it as a lower bound (``rir_basis``);
* **velocity targets** come from the exercise's cited table or equation where one exists, else
  from a generic line labelled as an assumption (``target_velocity_source`` on every set);
* **everyone** - maximal intended concentric velocity on every rep; plyometrics twice a week for
  whoever can take them (foot contacts per session by level: beginner 60-100, intermediate
  80-120, advanced 100-140, elite 120-160; low -> high intensity over the program; high and
  shock drills only with a back squat >= 1.5 x body mass, NSCA / Potach & Chu 2008); shock
  sessions cap depth jumps (advanced 3 x 10, elite 4 x 10; Verkhoshansky: at most 4 x 10), at
  most 2 a week and 72 h apart, the rest of the session's contacts as box jumps (moderate);
* **NMES** added to resistance training twice a week when wanted and not contraindicated
  (75 Hz, 400 us, 5 s on / 15 s off = 1:3 duty cycle, 40 contractions, maximal tolerated
  intensity aiming at >= 50 % MVC evoked torque; Maffiuletti 2010, Aldayel et al. 2021);
* **deloads** every 4th week (beginners every 6th) and an optional 2-week **taper**: volume cut
  by 40-60 % (deload 50 %; taper 40 % then 60 %), intensity and frequency kept (Bosquet et al.
  2007);
* **velocity-loss caps**: 10-20 % for strength and power work, 20-40 % for hypertrophy work
  (Pareja-Blanco et al. 2017, 2020);
* **dates**: week 1 is the 7 days from ``start_date`` and so on, so no session falls before it.

:func:`~neurolift.training.program_rules.program_check` checks a program against these rules and
lists every violation; the tests run it for every level x goal.

References
----------
ACSM (2009). Progression models in resistance training for healthy adults. MSSE 41:687-708.
Rhea MR et al. (2003). A meta-analysis to determine the dose response for strength development.
MSSE 35:456-464.
Issurin VB (2010). New horizons for the methodology and physiology of training periodization.
Sports Med 40:189-206.
Bosquet L et al. (2007). Effects of tapering on performance: a meta-analysis. MSSE 39:1358-1365.
Pareja-Blanco F et al. (2017). Effects of velocity loss during resistance training on athletic
performance, strength gains and muscle adaptations. Scand J Med Sci Sports 27:724-735.
Maffiuletti NA (2010). Physiological and methodological considerations for the use of
neuromuscular electrical stimulation. Eur J Appl Physiol 110:223-234.
Cormie P, McGuigan MR, Newton RU (2011). Developing maximal neuromuscular power: part 2. Sports
Med 41:125-146.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from neurolift._results import Result
from neurolift._validation import check_choice
from neurolift.errors import InvalidParameterError
from neurolift.training.athlete import GOALS, WEEKDAYS, AthleteProfile
from neurolift.training.autoregulation import autoreg_round_to_plates, autoreg_target_velocity
from neurolift.training.exercises import exercise_get
from neurolift.training.onerm import onerm_max_reps
from neurolift.training.program_rules import (
    DELOAD_FACTOR,
    GOAL_RULES,
    HEAVY_PCT,
    LEVEL_RULES,
    NMES_PROTOCOL,
    POWER_RULES,
    SHOCK_RULES,
    TAPER_FACTORS,
    VL_RANGE_HYPERTROPHY,
    VL_RANGE_STRENGTH,
    program_check,
)

__all__ = [
    "LEVEL_RULES",
    "GOAL_RULES",
    "HEAVY_PCT",
    "NMES_PROTOCOL",
    "VL_RANGE_HYPERTROPHY",
    "VL_RANGE_STRENGTH",
    "SetPrescription",
    "ExercisePrescription",
    "Session",
    "Week",
    "Block",
    "Program",
    "program_create",
    "program_check",
]

_PHASES = ("accumulation", "transmutation", "realization")
# Main-lift rotation per session index, barbell and no-barbell variants.
_ROTATION = (
    ("back_squat", "bench_press", "bench_pull"),
    ("deadlift", "overhead_press", "pull_up"),
    ("front_squat", "bench_press", "dumbbell_row"),
    ("back_squat", "overhead_press", "bench_pull"),
    ("deadlift", "bench_press", "pull_up"),
    ("front_squat", "overhead_press", "dumbbell_row"),
)
_NO_BARBELL = {
    "back_squat": "goblet_squat",
    "front_squat": "split_squat",
    "deadlift": "split_squat",
    "bench_press": "push_up",
    "overhead_press": "push_up",
    "bench_pull": "dumbbell_row",
}
# Two drills per tier; in a shock session the depth jumps are capped and box jumps (moderate,
# their own tier) make up the rest of the contacts.
_PLYO_BY_TIER = {
    "low": ("pogo_jump", "squat_jump"),
    "moderate": ("box_jump", "countermovement_jump"),
    "high": ("hurdle_hop", "single_leg_bound"),
    "shock": ("depth_jump", "box_jump"),
}
# Beginner power work: sets x reps on the main lifts, the load ramp (% 1RM), assistance reps.
_BEGINNER_POWER: dict[str, Any] = {
    "sets": 4,
    "reps": 4,
    "start_pct": 65.0,
    "top_pct": 75.0,
    "assistance_reps": 6,
}


@dataclass(frozen=True)
class SetPrescription(Result):
    """One set: reps (or foot contacts), %1RM, load (kg, rounded to plates), RIR/RPE, velocity.

    ``rir_basis`` says what the RIR is: ``load_and_reps`` - what the modified Epley relation
    leaves after ``reps`` at ``percent_1rm`` (rounded); ``lower_bound`` - the same, rounded down,
    for a set that a velocity-loss cap may end sooner (at least this many in reserve);
    ``target`` - no %1RM (bodyweight/dumbbell): pick the load that leaves this many. ``rpe`` is
    ``10 - rir`` where the RIR-based RPE scale resolves it (RIR 0-4), else None.
    ``target_velocity_source`` starts with ``cited:`` or ``assumption:``.
    """

    reps: int
    percent_1rm: float | None = None
    load_kg: float | None = None
    rir: int | None = None
    rpe: float | None = None
    target_velocity_m_s: float | None = None
    velocity_loss_cap_pct: float | None = None
    rir_basis: str | None = None
    target_velocity_source: str | None = None


@dataclass(frozen=True)
class ExercisePrescription(Result):
    """One exercise in a session with its sets (``kind`` from the catalogue)."""

    exercise: str
    kind: str
    role: str  # main, assistance, plyometric, nmes
    sets: tuple[SetPrescription, ...]
    plyo_tier: str | None = None
    nmes: dict[str, Any] | None = None
    notes: str = ""

    @property
    def contacts(self) -> int:
        return sum(s.reps for s in self.sets) if self.kind == "plyometric" else 0


@dataclass(frozen=True)
class Session(Result):
    """One training day."""

    date: dt.date
    day: str
    focus: str  # technique, heavy, hypertrophy, power
    exercises: tuple[ExercisePrescription, ...]

    @property
    def contacts(self) -> int:
        return sum(e.contacts for e in self.exercises)


@dataclass(frozen=True)
class Week(Result):
    """One week; ``kind`` normal / deload / taper, ``volume_factor`` vs a normal week."""

    index: int
    kind: str
    volume_factor: float
    sessions: tuple[Session, ...]


@dataclass(frozen=True)
class Block(Result):
    """A mesocycle (block) of weeks with one focus."""

    name: str
    phase: str
    weeks: tuple[Week, ...]


@dataclass(frozen=True)
class Program(Result):
    """A whole plan. ``method`` holds the rules used; ``warnings`` anything the coach should know."""

    athlete: str
    level: str
    goal: str
    n_weeks: int
    days_per_week: int
    start_date: dt.date
    blocks: tuple[Block, ...]
    method: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    @property
    def weeks(self) -> tuple[Week, ...]:
        return tuple(w for b in self.blocks for w in b.weeks)

    def set_rows(self) -> list[dict[str, Any]]:
        """One flat row per prescribed set (for tables and CSV)."""
        rows = []
        for b in self.blocks:
            for w in b.weeks:
                for s in w.sessions:
                    for e in s.exercises:
                        for i, st in enumerate(e.sets, 1):
                            rows.append(
                                {
                                    "block": b.name,
                                    "phase": b.phase,
                                    "week": w.index,
                                    "week_kind": w.kind,
                                    "date": s.date.isoformat(),
                                    "day": s.day,
                                    "focus": s.focus,
                                    "exercise": e.exercise,
                                    "role": e.role,
                                    "set": i,
                                    **st.to_dict(),
                                }
                            )
        return rows


def _week_kinds(weeks: int, deload_every: int, taper: bool) -> list[str]:
    kinds = ["normal"] * weeks
    taper_start = weeks - 2 if taper else weeks
    for k in range(deload_every, taper_start + 1, deload_every):
        # a deload right before the taper is redundant (the taper already cuts volume)
        if taper and k == taper_start:
            continue
        kinds[k - 1] = "deload"
    if taper:
        kinds[-2:] = ["taper", "taper"]
    return kinds


def _phase_of(level: str, block_idx: int, n_blocks: int) -> str:
    if level in ("advanced", "elite"):
        if n_blocks == 1:
            return "realization"
        if block_idx == n_blocks - 1:
            return "realization"
        return _PHASES[min(block_idx, 1)]
    return "linear" if level == "beginner" else "weekly_undulating"


def _scale_sets(n: int, factor: float) -> int:
    return max(1, int(math.ceil(n * factor - 1e-9)))


def _scale_session(exs: list[ExercisePrescription], factor: float) -> list[ExercisePrescription]:
    """Cut a session's resistance sets to ``factor`` of its volume, keeping the cut in 40-60 %.

    The session total is ``round(n * factor)`` clamped to [ceil(0.4 n), floor(0.6 n)]; each
    exercise keeps at least one set and the remainder goes to the first (main) exercises.
    """
    counts = [len(e.sets) for e in exs]
    n = sum(counts)
    if n == 0:
        return exs
    lo, hi = math.ceil(0.4 * n - 1e-9), math.floor(0.6 * n + 1e-9)
    target = min(max(round(n * factor), lo), hi) if lo <= hi else max(1, round(n * factor))
    new = [max(1, int(c * factor)) for c in counts]
    i = 0
    while sum(new) < target and i < 10 * len(new):
        k = i % len(new)
        if new[k] < counts[k]:
            new[k] += 1
        i += 1
    while sum(new) > target and any(c > 1 for c in new):
        k = max(range(len(new)), key=lambda j: (new[j], -j))
        new[k] -= 1
    return [dataclasses.replace(e, sets=e.sets[:c]) for e, c in zip(exs, new, strict=True)]


@dataclass(frozen=True)
class _Plan:
    """What every session of one program needs to know: the athlete, the rules and the options."""

    profile: AthleteProfile
    level: str
    goal: str
    rules: dict[str, Any]
    goal_rules: dict[str, Any]
    has_barbell: bool
    bar_kg: float
    kinds: tuple[str, ...]
    tiers: tuple[str, ...]
    n_days: int
    plyometrics: bool
    nmes: bool


def _validate_request(
    profile: AthleteProfile, goal: str, weeks: int, days: int, taper: bool
) -> tuple[str, dict[str, Any]]:
    """Check the request against the level's rules; return the goal and the level's rules."""
    where = "program_create"
    goal = check_choice("goal", goal, GOALS, where=where)
    level = profile.level
    rules = LEVEL_RULES[level]
    if isinstance(weeks, bool) or int(weeks) != weeks or not 2 <= weeks <= 52:
        raise InvalidParameterError(f"{where}: weeks must be an integer in [2, 52], got {weeks!r}")
    lo_d, hi_d = rules["days"]
    if isinstance(days, bool) or int(days) != days or not lo_d <= days <= hi_d:
        raise InvalidParameterError(
            f"{where}: {level} lifters train {lo_d}-{hi_d} days a week; got days={days!r}"
        )
    if days > len(profile.available_days):
        raise InvalidParameterError(
            f"{where}: {days} days a week asked but only {len(profile.available_days)} available "
            f"({', '.join(profile.available_days)}); add days to the profile or lower --days"
        )
    if taper and weeks < 4:
        raise InvalidParameterError(f"{where}: a 2-week taper needs a program of >= 4 weeks")
    return goal, rules


def _plyometric_tiers(
    profile: AthleteProfile, rules: dict[str, Any], warnings: list[str]
) -> tuple[str, ...]:
    """The level's plyometric tiers, kept to low/moderate without the strength for more."""
    tiers = tuple(rules["tiers"])
    if not profile.high_intensity_plyometrics_ok:
        tiers = tuple(t for t in tiers if t in ("low", "moderate"))
        if profile.level != "beginner":
            warnings.append(
                "plyometrics kept to low/moderate tiers: back squat < 1.5 x body mass (or unknown)"
            )
    return tiers


def _load_for(plan: _Plan, ex: str, pct: float | None) -> float | None:
    if pct is None:
        return None
    orm = plan.profile.one_rm(ex)
    if orm is None:
        return None
    return autoreg_round_to_plates(orm.load_kg * pct / 100.0, bar_kg=plan.bar_kg)


def _reps_for(pct: float, rir: int, lo: int, hi: int) -> int:
    """Reps that leave about ``rir`` in reserve at ``pct`` % 1RM, within ``[lo, hi]``."""
    return min(hi, max(lo, math.floor(onerm_max_reps(pct) - rir + 1e-9)))


def _rir_label(pct: float, reps: int, *, lower_bound: bool) -> int:
    left = onerm_max_reps(pct) - reps
    return max(0, math.floor(left + 1e-9) if lower_bound else round(left))


def _resistance(
    plan: _Plan,
    ex_key: str,
    role: str,
    n_sets: int,
    reps: int,
    pct: float | None,
    rir: int | None,
    vl: float | None,
    *,
    rir_lower_bound: bool = False,
) -> ExercisePrescription:
    """``n_sets`` identical sets of one resistance exercise (a no-barbell variant if needed).

    With a %1RM the RIR is what the load and reps leave (``rir`` is only the target of sets
    without one); ``rir_lower_bound`` for velocity-loss-capped power sets.
    """
    ex = exercise_get(ex_key)
    if not plan.has_barbell and "barbell" in ex.equipment:
        ex = exercise_get(_NO_BARBELL.get(ex.key, "push_up"))
    barbell = "barbell" in ex.equipment
    pct_use = pct if barbell else None
    vel = vel_src = None
    if (
        barbell
        and pct_use is not None
        and plan.rules["velocity_targets"]
        and ex.mvt_m_s is not None
    ):
        v, vel_src = autoreg_target_velocity(ex.key, pct_use)
        vel = round(v, 2)
    if pct_use is not None:
        rir = _rir_label(pct_use, reps, lower_bound=rir_lower_bound)
        basis: str | None = "lower_bound" if rir_lower_bound else "load_and_reps"
    else:
        basis = None if rir is None else "target"
    st = SetPrescription(
        reps=reps,
        percent_1rm=pct_use,
        load_kg=_load_for(plan, ex.key, pct_use) if barbell else None,
        rir=rir,
        rpe=float(10 - rir) if rir is not None and rir <= 4 and basis != "lower_bound" else None,
        target_velocity_m_s=vel,
        velocity_loss_cap_pct=vl if (barbell and plan.level != "beginner") else None,
        rir_basis=basis,
        target_velocity_source=vel_src,
    )
    note = "maximal intended concentric velocity on every rep"
    if ex.ballistic and pct_use is None and barbell:
        note = "light bar (0-30 % of the back-squat 1RM), every rep a maximal jump (Cormie 2011)"
    return ExercisePrescription(
        exercise=ex.key,
        kind="resistance",
        role=role,
        sets=(st,) * n_sets,
        notes=note,
    )


def _beginner_session(
    plan: _Plan, rot: tuple[str, ...], wi: int
) -> tuple[str, list[ExercisePrescription]]:
    """Technique session: linear progression +2.5 %/week of the non-deload weeks, from 60 %;
    the power goal gets power work instead (:data:`_BEGINNER_POWER`)."""
    n_prog = sum(1 for k in plan.kinds[:wi] if k == "normal")
    if plan.goal == "power":
        bp = _BEGINNER_POWER
        pct = min(bp["top_pct"], bp["start_pct"] + 2.5 * n_prog)
        return "power", [
            _resistance(plan, rot[0], "main", bp["sets"], bp["reps"], pct, plan.rules["rir"], None),
            _resistance(plan, rot[1], "main", bp["sets"], bp["reps"], pct, plan.rules["rir"], None),
            _resistance(
                plan, rot[2], "assistance", 3, bp["assistance_reps"], pct, plan.rules["rir"], None
            ),
        ]
    top = {"strength": 75.0, "hypertrophy": 72.5}[plan.goal]
    pct = min(top, 60.0 + 2.5 * n_prog)
    reps = 8 if plan.goal == "strength" else 10
    exs = [
        _resistance(
            plan, ex, "main" if j < 2 else "assistance", 3, reps, pct, plan.rules["rir"], None
        )
        for j, ex in enumerate(rot)
    ]
    return "technique", exs


def _session_intensities(plan: _Plan, phase: str, progress: float) -> tuple[float, float]:
    """%1RM of the heavy and of the hypertrophy work for a block phase / program progress."""
    if plan.level in ("advanced", "elite"):
        heavy = {"accumulation": 85.0, "transmutation": 87.5, "realization": 90.0}[phase]
        if plan.level == "elite":
            heavy += 2.5
        hyp = {"accumulation": 70.0, "transmutation": 75.0, "realization": 72.5}[phase]
    else:
        heavy = 85.0 + (2.5 if progress > 0.5 else 0.0)
        hyp = 67.5 + (5.0 if progress > 0.5 else 0.0)
    return heavy, hyp


def _trained_session(
    plan: _Plan, rot: tuple[str, ...], si: int, phase: str, progress: float
) -> tuple[str, list[ExercisePrescription]]:
    """Intermediate and above: heavy day first, a power day second (power goal), else hypertrophy.

    Heavy and hypertrophy sets take their reps from the load and the level's target RIR (heavy
    1-5 reps; hypertrophy 6-12, one more rep in reserve on a strength or power plan's volume days).
    """
    if si == 0:
        focus = "heavy"
    elif plan.goal == "power" and si == 1:
        focus = "power"
    else:
        focus = "hypertrophy"
    heavy, hyp = _session_intensities(plan, phase, progress)
    vl_main = plan.goal_rules["vl_main_pct"]
    vl_hyp = plan.goal_rules["vl_hypertrophy_pct"]
    rir = plan.rules["rir"]
    if focus == "heavy":
        reps = _reps_for(heavy, rir, 1, 5)
        return focus, [
            _resistance(plan, rot[0], "main", 4, reps, heavy, rir, vl_main),
            _resistance(plan, rot[1], "main", 4, reps, heavy, rir, vl_main),
            _resistance(plan, rot[2], "assistance", 3, 8, 70.0, rir, VL_RANGE_HYPERTROPHY[0]),
        ]
    if focus == "power":
        jump = "jump_squat" if plan.has_barbell else "goblet_squat"
        return focus, [
            _resistance(plan, jump, "main", 4, 4, None, None if plan.has_barbell else 4, None),
            _resistance(plan, rot[0], "main", 4, 3, 65.0, None, 10.0, rir_lower_bound=True),
            _resistance(plan, rot[1], "main", 3, 3, 65.0, None, 10.0, rir_lower_bound=True),
        ]
    hyp_rir = rir if plan.goal == "hypertrophy" else rir + 1
    reps = _reps_for(hyp, hyp_rir, 6, 12)
    n_sets = 4 if plan.goal == "hypertrophy" else 3
    return focus, [
        _resistance(plan, ex, "main" if j < 2 else "assistance", n_sets, reps, hyp, hyp_rir, vl_hyp)
        for j, ex in enumerate(rot)
    ]


def _plyometric_tier(plan: _Plan, plyo_weeks: list[int], wi: int) -> str:
    """The week's tier: low -> high intensity over the program's non-taper weeks."""
    tiers = plan.tiers
    pos = plyo_weeks.index(wi) if wi in plyo_weeks else len(plyo_weeks) - 1
    return tiers[min(len(tiers) - 1, int(pos / max(1, len(plyo_weeks)) * len(tiers)))]


def _plyometric_work(plan: _Plan, tier: str, factor: float) -> list[ExercisePrescription]:
    """Two drills of ``tier``, fewer contacts as the intensity rises (intensity traded against
    volume); a shock session caps its depth jumps (:data:`SHOCK_RULES`) and fills the rest of
    its contacts with box jumps, each drill labelled with its own catalogue tier."""
    tiers = plan.tiers
    t_idx = tiers.index(tier) if tier in tiers else len(tiers) - 1
    c_lo, c_hi = plan.rules["contacts"]
    frac = t_idx / max(1, len(tiers) - 1)
    target = c_hi - (c_hi - c_lo) * frac
    total = max(1, int(round(target * factor)))
    drills = _PLYO_BY_TIER[tier]
    if tier == "shock":
        cap = SHOCK_RULES["prescribed_contacts_session"].get(
            plan.level, SHOCK_RULES["max_contacts_session"]
        )
        shock = min(total, max(1, int(round(cap * factor))))
        per = [shock, total - shock]
    else:
        per = [total // 2 + total % 2, total // 2]
    out = []
    for d, c in zip(drills, per, strict=True):
        if c <= 0:
            continue
        n_sets = max(1, round(c / 10))
        reps_each = [c // n_sets + (1 if k < c % n_sets else 0) for k in range(n_sets)]
        notes = "foot contacts; full recovery between sets; stop if landings degrade"
        if d == "depth_jump":
            notes = "drop 0.5-0.75 m, maximal rebound; " + notes
        out.append(
            ExercisePrescription(
                exercise=d,
                kind="plyometric",
                role="plyometric",
                sets=tuple(SetPrescription(reps=r) for r in reps_each),
                plyo_tier=exercise_get(d).plyo_tier,
                notes=notes,
            )
        )
    return out


def _nmes_work(factor: float) -> ExercisePrescription:
    n_c = _scale_sets(NMES_PROTOCOL["contractions"], factor)
    return ExercisePrescription(
        exercise="nmes_quadriceps",
        kind="nmes",
        role="nmes",
        sets=(SetPrescription(reps=n_c),),
        nmes=dict(NMES_PROTOCOL, contractions=n_c),
        notes="after the resistance work; " + NMES_PROTOCOL["safety"],
    )


def _session(
    plan: _Plan,
    *,
    wi: int,
    si: int,
    date: dt.date,
    day: str,
    phase: str,
    factor: float,
    plyo_tier: str | None,
) -> Session:
    """One training day: the level's resistance work (scaled in deload/taper weeks), then
    plyometrics of ``plyo_tier`` (None: none today) and NMES on the first and last session of the
    week (48-72 h apart)."""
    rot = _ROTATION[si % len(_ROTATION)]
    if plan.level == "beginner":
        focus, exs = _beginner_session(plan, rot, wi)
    else:
        progress = wi / max(1, len(plan.kinds) - 1)
        focus, exs = _trained_session(plan, rot, si, phase, progress)
    if factor < 1.0:
        exs = _scale_session(exs, factor)
    if plyo_tier is not None:
        exs += _plyometric_work(plan, plyo_tier, factor)
    last = plan.n_days - 1
    if plan.nmes and si in (0, last) and not (si != 0 and plan.n_days == 1):
        exs.append(_nmes_work(factor))
    return Session(date=date, day=day, focus=focus, exercises=tuple(exs))


def _week_factor(kinds: tuple[str, ...], wi: int) -> float:
    """Volume factor of week ``wi``: 1 normal, :data:`DELOAD_FACTOR`, or the taper's steps."""
    kind = kinds[wi]
    if kind == "taper":
        return TAPER_FACTORS[kinds[:wi].count("taper")]
    return {"normal": 1.0, "deload": DELOAD_FACTOR}.get(kind, 1.0)


def _session_days(day_keys: list[str], start_date: dt.date) -> list[tuple[str, int]]:
    """Each weekly session's day and its offset from ``start_date`` (0-6 days), in date order:
    a program week is the 7 days from the start, so none falls before it."""
    offsets = sorted(((WEEKDAYS.index(d) - start_date.weekday()) % 7, d) for d in day_keys)
    return [(d, off) for off, d in offsets]


class _ShockSchedule:
    """Keeps shock sessions to :data:`SHOCK_RULES` (per week, hours apart) as days are laid out."""

    def __init__(self) -> None:
        self.last: dt.date | None = None
        self.week: int | None = None
        self.in_week = 0

    def tier(self, tier: str, date: dt.date, wi: int, tiers: tuple[str, ...]) -> str:
        if tier != "shock":
            return tier
        if self.week != wi:
            self.week, self.in_week = wi, 0
        too_soon = (
            self.last is not None
            and (date - self.last).days * 24 < SHOCK_RULES["min_hours_between"]
        )
        if too_soon or self.in_week >= SHOCK_RULES["max_sessions_week"]:
            return "high" if "high" in tiers else tiers[-2]
        self.last, self.in_week = date, self.in_week + 1
        return tier


def program_create(
    profile: AthleteProfile,
    *,
    goal: str,
    weeks: int,
    days: int,
    start_date: dt.date,
    taper: bool = False,
    plyometrics: bool = True,
    nmes: bool = False,
    bar_kg: float = 20.0,
) -> Program:
    """Generate a program for ``profile`` following ``LEVEL_RULES`` and ``GOAL_RULES``.

    Parameters
    ----------
    profile : AthleteProfile
        Level, 1RMs (loads are given in kg where a 1RM is known), equipment, available days.
    goal : {"strength", "power", "hypertrophy"}
    weeks : int
        Program length, 2-52 weeks.
    days : int
        Sessions per week (within the level's range; at most the available days).
    start_date : date
        First day. Week 1 is the 7 days from it (week 2 the next 7, ...); sessions fall on the
        profile's first ``days`` available weekdays within each, in date order, so none falls
        before ``start_date`` and the first session is the first available day on or after it.
    taper : bool
        End with a 2-week taper (volume -40 %, then -60 %; intensity and frequency kept).
    plyometrics, nmes : bool
        Add plyometrics (twice a week) / NMES (twice a week, unless contraindicated).

    Examples
    --------
    >>> from neurolift.training.athlete import athlete_profile
    >>> p = athlete_profile("Ada", level="intermediate", body_mass_kg=70,
    ...                     one_rms={"back_squat": 120, "bench_press": 80},
    ...                     today=dt.date(2026, 11, 23))
    >>> prog = program_create(p, goal="strength", weeks=8, days=3, start_date=dt.date(2026, 11, 23))
    >>> [w.kind for w in prog.weeks]
    ['normal', 'normal', 'normal', 'deload', 'normal', 'normal', 'normal', 'deload']
    >>> program_check(prog)
    []

    A Friday start: the first session is that Friday, then Monday and Wednesday.

    >>> friday = program_create(p, goal="strength", weeks=4, days=3, start_date=dt.date(2026, 11, 27))
    >>> [s.date.isoformat() for s in friday.weeks[0].sessions]
    ['2026-11-27', '2026-11-30', '2026-12-02']
    """
    goal, rules = _validate_request(profile, goal, weeks, days, taper)
    level = profile.level
    warnings: list[str] = []
    has_barbell = "barbell" in profile.equipment
    if not has_barbell:
        warnings.append("no barbell: dumbbell/bodyweight variants prescribed by RIR, no %1RM loads")
    do_nmes = bool(nmes)
    if do_nmes and not profile.nmes_ok:
        warnings.append(f"NMES left out: contraindication ({', '.join(profile.contraindications)})")
        do_nmes = False
    tiers = _plyometric_tiers(profile, rules, warnings)
    kinds = tuple(_week_kinds(int(weeks), rules["deload_every"], taper))
    day_keys = sorted(profile.available_days, key=WEEKDAYS.index)[: int(days)]
    plan = _Plan(
        profile=profile,
        level=level,
        goal=goal,
        rules=rules,
        goal_rules=GOAL_RULES[goal],
        has_barbell=has_barbell,
        bar_kg=bar_kg,
        kinds=kinds,
        tiers=tiers,
        n_days=len(day_keys),
        plyometrics=bool(plyometrics),
        nmes=do_nmes,
    )
    block_len = rules["deload_every"] if level != "beginner" else int(weeks)
    n_blocks = math.ceil(weeks / block_len)
    schedule = _session_days(day_keys, start_date)
    plyo_weeks = [i for i, k in enumerate(kinds) if k != "taper"] or [0]
    shock = _ShockSchedule()
    blocks: list[Block] = []
    for b in range(n_blocks):
        phase = _phase_of(level, b, n_blocks)
        wk_list: list[Week] = []
        for wi in range(b * block_len, min((b + 1) * block_len, int(weeks))):
            factor = _week_factor(kinds, wi)
            sessions = []
            for si, (day, offset) in enumerate(schedule):
                date = start_date + dt.timedelta(weeks=wi, days=offset)
                tier = None
                # plyometrics: first and last session of the week
                if plan.plyometrics and (si == 0 or (si == plan.n_days - 1 and plan.n_days > 1)):
                    tier = shock.tier(_plyometric_tier(plan, plyo_weeks, wi), date, wi, tiers)
                sessions.append(
                    _session(
                        plan,
                        wi=wi,
                        si=si,
                        date=date,
                        day=day,
                        phase=phase,
                        factor=factor,
                        plyo_tier=tier,
                    )
                )
            wk_list.append(
                Week(index=wi + 1, kind=kinds[wi], volume_factor=factor, sessions=tuple(sessions))
            )
        name = f"block {b + 1}" if level != "beginner" else "linear progression"
        blocks.append(Block(name=name, phase=phase, weeks=tuple(wk_list)))
    return Program(
        athlete=profile.name,
        level=level,
        goal=goal,
        n_weeks=int(weeks),
        days_per_week=int(days),
        start_date=start_date,
        blocks=tuple(blocks),
        method={
            "level_rules": {k: (list(v) if isinstance(v, tuple) else v) for k, v in rules.items()},
            "goal_rules": plan.goal_rules,
            "heavy_pct": HEAVY_PCT,
            "deload_factor": DELOAD_FACTOR,
            "taper_factors": list(TAPER_FACTORS),
            "taper": taper,
            "plyometric_tiers": list(tiers),
            "nmes": do_nmes,
            "bar_kg": bar_kg,
            "rir": "modified Epley reps-at-%1RM relation (onerm_max_reps); power sets capped by "
            "velocity loss: lower bound",
            "power_rules": {
                k: (list(v) if isinstance(v, tuple) else v) for k, v in POWER_RULES.items()
            },
            "shock_rules": SHOCK_RULES,
            "weeks": "week k = the 7 days from start_date + 7 (k - 1) days",
        },
        warnings=tuple(warnings),
    )
