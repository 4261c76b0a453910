"""The numbers a training program must respect, and :func:`program_check`, which checks them.

:mod:`neurolift.training.programs` generates plans from these rules; the checker reads a finished
:class:`~neurolift.training.programs.Program` and lists every violation, so a plan that breaks
its own rules is never stored.

* **Level rules** (:data:`LEVEL_RULES`): intensity range of the main lifts, days a week, deload
  rhythm, plyometric contacts per session and allowed tiers, weekly heavy day, velocity
  monitoring, target reps in reserve.
* **Goal rules** (:data:`GOAL_RULES`): velocity-loss caps, 10-20 % for strength and power work and
  20-40 % for hypertrophy work (Pareja-Blanco et al. 2017, 2020).
* **Reps in reserve agree with the load**: an RIR label is what the modified Epley relation
  (:func:`neurolift.training.onerm.onerm_max_reps`) leaves after the set's reps at its %1RM,
  within :data:`RIR_TOLERANCE_REPS`; power sets capped by velocity loss state it as a lower bound
  (the cap may end the set sooner, leaving more in reserve), and never more than the relation
  gives.
* **Power work** (:data:`POWER_RULES`): few reps, moderate loads, maximal intent, low velocity
  loss - at most 5 reps a set (NSCA: 3-5 for multiple-effort power), at most half the reps the
  load allows (Jovanovic's ballistic adjustment, STMr ``mfactor = 2``), loads of 60-80 % 1RM for
  the barbell lifts.
* **Shock-tier plyometrics** (:data:`SHOCK_RULES`): depth jumps at most 4 x 10 a session for
  well-prepared athletes, 1-2 sessions a week (Verkhoshansky), at least 72 h apart (NSCA:
  48-72 h between plyometric sessions; shock work takes the upper end); every drill carries the
  tier of the catalogue, so box jumps (landing on the box: low-to-moderate impact, Jensen & Ebben
  2007) are never counted as shock contacts.
* **Dates**: no session before the program's start.

References
----------
Verkhoshansky Y: depth jumps with an active rebound - at most 4 sets of 10 for athletes with good
preparation, 2-3 sets of 5-8 for less prepared ones, 1-2 times a week in sessions aimed at
special strength (his methodical recommendations as quoted by
verticaljumpcenter.com/blog/plyometrics/depth-jumps, read for this work). 1-2 sessions a week
leave room for 72 h between them.
Potach DH, Chu DA (2016). Program design and technique for plyometric training. In Haff GG,
Triplett NT (eds), Essentials of Strength Training and Conditioning, 4th ed., ch. 18: 48-72 h of
recovery between plyometric sessions (read in secondary summaries). Shock sessions, the most
intense plyometrics, take the upper end: 72 h.
Jensen RL, Ebben WP (2007). Quantifying plyometric intensity via rate of force development, knee
joint, and ground reaction forces. J Strength Cond Res 21:763-767 (box jumps low-to-moderate;
abstract not retrieved here). Landing on the box comes down from (apex - box height) instead of
the apex, so its impact is below a countermovement jump's, while a depth jump adds the drop.
Wallace BJ et al. (2010). Quantification of vertical ground reaction forces of popular bilateral
plyometric exercises. J Strength Cond Res 24:207-212 (depth jumps from 60-90 cm: the largest
peak forces, 4.9-5.4 x body weight, against 3.3 x for a vertical jump).
Haff GG, Triplett NT (2016). Essentials of Strength Training and Conditioning, 4th ed., ch. 17
(power, multiple-effort: 75-85 % 1RM, 3-5 reps; hypertrophy 67-85 %, 6-12 reps; read in a
secondary summary).
Cormie P, McGuigan MR, Newton RU (2011). Developing maximal neuromuscular power: part 2. Sports
Med 41:125-146 (strength first for weaker athletes; ballistic, plyometric and weightlifting
exercises with maximal intent).
Jovanovic M (2020). Strength Training Manual; R package STMr (ballistic sets: half the reps).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from neurolift.training.exercises import PLYO_TIERS, exercise_get
from neurolift.training.onerm import onerm_max_reps

__all__ = [
    "DELOAD_FACTOR",
    "GOAL_RULES",
    "HEAVY_PCT",
    "LEVEL_RULES",
    "NMES_PROTOCOL",
    "POWER_RULES",
    "RIR_TOLERANCE_REPS",
    "SHOCK_RULES",
    "TAPER_FACTORS",
    "VL_RANGE_HYPERTROPHY",
    "VL_RANGE_STRENGTH",
    "program_check",
]

#: Per level: intensity range of main lifts (% 1RM), days/week, deload interval, plyometric
#: contacts per session and allowed plyometric tiers, weekly heavy day, velocity monitoring,
#: target reps in reserve of heavy and hypertrophy work.
LEVEL_RULES: dict[str, dict[str, Any]] = {
    "beginner": {
        "intensity_pct": (55.0, 80.0),
        "days": (2, 4),
        "deload_every": 6,
        "contacts": (60, 100),
        "tiers": ("low", "moderate"),
        "heavy_day": False,
        "velocity_targets": False,
        "rir": 3,
    },
    "intermediate": {
        "intensity_pct": (60.0, 90.0),
        "days": (2, 5),
        "deload_every": 4,
        "contacts": (80, 120),
        "tiers": ("low", "moderate", "high"),
        "heavy_day": True,
        "velocity_targets": False,
        "rir": 2,
    },
    "advanced": {
        "intensity_pct": (60.0, 95.0),
        "days": (3, 6),
        "deload_every": 4,
        "contacts": (100, 140),
        "tiers": PLYO_TIERS,
        "heavy_day": True,
        "velocity_targets": True,
        "rir": 2,
    },
    "elite": {
        "intensity_pct": (60.0, 97.0),
        "days": (3, 6),
        "deload_every": 4,
        "contacts": (120, 160),
        "tiers": PLYO_TIERS,
        "heavy_day": True,
        "velocity_targets": True,
        "rir": 1,
    },
}
#: Per goal: velocity-loss cap (%) of heavy/strength and of hypertrophy sessions.
GOAL_RULES: dict[str, dict[str, Any]] = {
    "strength": {"vl_main_pct": 20.0, "vl_hypertrophy_pct": 25.0},
    "power": {"vl_main_pct": 10.0, "vl_hypertrophy_pct": 20.0},
    "hypertrophy": {"vl_main_pct": 20.0, "vl_hypertrophy_pct": 35.0},
}
VL_RANGE_STRENGTH = (10.0, 20.0)
VL_RANGE_HYPERTROPHY = (20.0, 40.0)
HEAVY_PCT = 85.0
DELOAD_FACTOR = 0.5
TAPER_FACTORS = (0.6, 0.4)
#: An RIR label may differ from the relation's reps in reserve by at most this much (rounding to
#: whole reps).
RIR_TOLERANCE_REPS = 0.5
#: Power-focus sets: at most ``max_reps`` reps, at most ``max_fraction_of_possible`` of the reps
#: the load allows, barbell loads within ``percent_1rm``.
POWER_RULES: dict[str, Any] = {
    "max_reps": 5,
    "max_fraction_of_possible": 0.5,
    "percent_1rm": (60.0, 80.0),
    "source": "NSCA (Haff & Triplett 2016): multiple-effort power 3-5 reps; Jovanovic STMr: "
    "ballistic sets do half the reps; Cormie et al. 2011",
}
#: Shock-tier (depth-jump) plyometrics: contacts per session by level, sessions per week and the
#: shortest gap between two shock sessions.
SHOCK_RULES: dict[str, Any] = {
    "max_contacts_session": 40,
    "prescribed_contacts_session": {"advanced": 30, "elite": 40},
    "max_sessions_week": 2,
    "min_hours_between": 72,
    "source": "Verkhoshansky: depth jumps at most 4 x 10 a session for well-prepared athletes, "
    "1-2 sessions a week; 72 h between shock sessions",
}
NMES_PROTOCOL: dict[str, Any] = {
    "frequency_hz": 75.0,
    "pulse_width_us": 400.0,
    "on_s": 5.0,
    "off_s": 15.0,
    "duty_cycle": "1:3",
    "contractions": 40,
    "intensity": "maximal tolerated current, aiming at >= 50 % MVC evoked torque; raise it each session",
    "safety": (
        "Do not use with a pacemaker or other implanted electronic device, in pregnancy, with "
        "epilepsy, deep-vein thrombosis, active cancer, over open wounds or areas of impaired "
        "sensation, or across the chest/head. Start low, check skin after each session, stop on "
        "unusual pain."
    ),
    "source": "Maffiuletti 2010 (50-100 Hz, 200-400 us, >= 1:3); Aldayel et al. 2021 (75 Hz, 400 us, 5/15 s)",
}


def _check_weeks(program: Any, rules: dict[str, Any]) -> list[str]:
    """Deload rhythm, taper placement and the size of the deload/taper volume cuts."""
    out: list[str] = []
    kinds = [w.kind for w in program.weeks]
    if kinds and kinds[0] != "normal":
        out.append("week 1 is not a normal week")
    for i, k in enumerate(kinds, 1):
        if k == "deload" and i % rules["deload_every"] != 0:
            out.append(f"week {i}: deload off the {rules['deload_every']}-week rhythm")
        if k == "taper" and i <= len(kinds) - 2:
            out.append(f"week {i}: taper before the last 2 weeks")
    run = 0
    for i, k in enumerate(kinds):
        run = run + 1 if k == "normal" else 0
        into_taper = i + 1 < len(kinds) and kinds[i + 1] == "taper"
        # a run leading straight into the taper may be one week longer: the taper unloads it
        limit = rules["deload_every"] + (1 if into_taper else 0)
        if run == limit:
            out.append(
                f"weeks {i + 2 - run}-{i + 1}: {run} normal weeks without a deload (rule: every {rules['deload_every']})"
            )

    def n_res(w: Any) -> int:
        return sum(len(e.sets) for s in w.sessions for e in s.exercises if e.kind == "resistance")

    normal_weeks = [w for w in program.weeks if w.kind == "normal"]
    ref_n = n_res(normal_weeks[0]) if normal_weeks else 0
    for w in program.weeks:
        if w.kind != "normal" and ref_n and not 0.4 - 1e-9 <= 1 - n_res(w) / ref_n <= 0.6 + 1e-9:
            out.append(
                f"week {w.index}: {w.kind} has {n_res(w)} resistance sets vs {ref_n} in a normal week (cut outside 40-60 %)"
            )
        if w.kind != "normal" and not 0.4 - 1e-9 <= 1 - w.volume_factor <= 0.6 + 1e-9:
            out.append(
                f"week {w.index}: {w.kind} volume cut {100 * (1 - w.volume_factor):.0f} % outside 40-60 %"
            )
    return out


def _check_dates(program: Any) -> list[str]:
    """No session before the start; week k's sessions inside its 7 days from the start."""
    out: list[str] = []
    start = program.start_date
    for w in program.weeks:
        first = start + dt.timedelta(weeks=w.index - 1)
        for s in w.sessions:
            if s.date < start:
                out.append(f"{s.date}: session before the program start ({start})")
            elif not first <= s.date < first + dt.timedelta(days=7):
                out.append(
                    f"{s.date}: outside week {w.index} ({first} to {first + dt.timedelta(days=6)})"
                )
    return out


def _check_rir(date: dt.date, exercise: str, st: Any) -> list[str]:
    """The RIR label against the modified Epley relation at the set's %1RM and reps."""
    if st.percent_1rm is None or st.rir is None:
        return []
    left = onerm_max_reps(st.percent_1rm) - st.reps
    where = f"{date} {exercise}: {st.reps} reps at {st.percent_1rm:g} % 1RM"
    if left < -0.5:
        return [f"{where} is beyond failure (the relation allows {left + st.reps:.1f})"]
    if st.rir_basis == "lower_bound":
        if st.rir > left + 1e-9:
            return [
                f"{where}: RIR >= {st.rir} promises more than the {left:.1f} the relation leaves"
            ]
        return []
    if abs(st.rir - left) > RIR_TOLERANCE_REPS + 1e-9:
        return [f"{where} labelled RIR {st.rir}, the relation leaves {left:.1f}"]
    return []


def _check_power(date: dt.date, exercise: str, st: Any) -> list[str]:
    """Power sets: few reps, far from failure, moderate loads."""
    out: list[str] = []
    where = f"{date} {exercise}"
    if st.reps > POWER_RULES["max_reps"]:
        out.append(f"{where}: power set of {st.reps} reps (> {POWER_RULES['max_reps']})")
    if st.percent_1rm is not None:
        lo, hi = POWER_RULES["percent_1rm"]
        if not lo <= st.percent_1rm <= hi:
            out.append(f"{where}: power set at {st.percent_1rm:g} % 1RM outside {lo:g}-{hi:g} %")
        possible = onerm_max_reps(st.percent_1rm)
        if st.reps > POWER_RULES["max_fraction_of_possible"] * possible + 1e-9:
            out.append(f"{where}: {st.reps} reps is more than half the {possible:.1f} possible")
    return out


def _check_plyometrics(program: Any, rules: dict[str, Any]) -> list[str]:
    """Contacts per session, tiers (the catalogue's, allowed for the level) and shock limits."""
    out: list[str] = []
    c_lo, c_hi = rules["contacts"]
    allowed = set(program.method.get("plyometric_tiers", rules["tiers"]))
    cap = SHOCK_RULES["max_contacts_session"]
    shock_dates: list[dt.date] = []
    for w in program.weeks:
        week_shock = 0
        for s in w.sessions:
            contacts = s.contacts
            if contacts:
                lo_c, hi_c = c_lo * w.volume_factor, c_hi * w.volume_factor
                if not lo_c - 1 <= contacts <= hi_c + 1:
                    out.append(f"{s.date}: {contacts} foot contacts outside {lo_c:.0f}-{hi_c:.0f}")
            shock = 0
            for e in s.exercises:
                if e.kind != "plyometric":
                    continue
                tier = exercise_get(e.exercise).plyo_tier
                if e.plyo_tier != tier:
                    out.append(f"{s.date}: {e.exercise} labelled {e.plyo_tier}, its tier is {tier}")
                if e.plyo_tier not in allowed:
                    out.append(
                        f"{s.date}: plyometric tier {e.plyo_tier} not allowed for {program.level}"
                    )
                if tier == "shock":
                    shock += e.contacts
            if shock:
                week_shock += 1
                if shock > cap:
                    out.append(f"{s.date}: {shock} shock (depth-jump) contacts (> {cap} a session)")
                if (
                    shock_dates
                    and (s.date - shock_dates[-1]).days * 24 < SHOCK_RULES["min_hours_between"]
                ):
                    out.append(
                        f"{s.date}: shock session {(s.date - shock_dates[-1]).days * 24} h after "
                        f"the last (< {SHOCK_RULES['min_hours_between']} h)"
                    )
                shock_dates.append(s.date)
        if week_shock > SHOCK_RULES["max_sessions_week"]:
            out.append(
                f"week {w.index}: {week_shock} shock sessions (> {SHOCK_RULES['max_sessions_week']})"
            )
    return out


def program_check(program: Any) -> list[str]:
    """Check a :class:`~neurolift.training.programs.Program` against its rules; one message per
    violation (an empty list: the plan keeps every rule).

    Checks: no session before the start and each week's sessions inside its 7 days; main-lift
    intensities within the level's range; at least one heavy exposure (>= 85 % 1RM) in every
    normal week for intermediate and above; velocity-loss caps 10-20 % on strength/power work
    and 20-40 % on hypertrophy work; RIR labels agree with the load and reps (modified Epley,
    within :data:`RIR_TOLERANCE_REPS`; no set beyond failure); power sets follow
    :data:`POWER_RULES`; plyometric contacts per session within the level's range in normal
    weeks (scaled by the volume factor otherwise), drills labelled with their catalogue tier
    and only allowed tiers, shock contacts and sessions within :data:`SHOCK_RULES`; deloads every
    ``deload_every`` weeks and never in week 1; deload and taper volume cut by 40-60 %; taper
    only in the last 2 weeks; intensity kept in deload/taper.
    """
    rules = LEVEL_RULES[program.level]
    lo, hi = rules["intensity_pct"]
    out = _check_dates(program) + _check_weeks(program, rules) + _check_plyometrics(program, rules)
    for w in program.weeks:
        heavy = False
        for s in w.sessions:
            for e in s.exercises:
                for st in e.sets:
                    if st.reps < 1:
                        out.append(f"{s.date} {e.exercise}: set with {st.reps} reps")
                        continue
                    if e.kind == "resistance":
                        out += _check_rir(s.date, e.exercise, st)
                        if s.focus == "power" and e.role == "main":
                            out += _check_power(s.date, e.exercise, st)
                    if st.percent_1rm is not None and e.role == "main":
                        if not lo <= st.percent_1rm <= hi:
                            out.append(
                                f"{s.date} {e.exercise}: {st.percent_1rm} % 1RM outside {lo}-{hi} %"
                            )
                        if st.percent_1rm >= HEAVY_PCT:
                            heavy = True
                    cap = st.velocity_loss_cap_pct
                    if cap is not None:
                        rng = (
                            VL_RANGE_HYPERTROPHY
                            if (s.focus == "hypertrophy" or e.role == "assistance")
                            else VL_RANGE_STRENGTH
                        )
                        if not rng[0] <= cap <= rng[1]:
                            out.append(
                                f"{s.date} {e.exercise}: velocity-loss cap {cap} % outside {rng[0]:g}-{rng[1]:g} % for {s.focus}"
                            )
                    elif (
                        rules["velocity_targets"]
                        and e.kind == "resistance"
                        and st.percent_1rm is not None
                    ):
                        out.append(
                            f"{s.date} {e.exercise}: no velocity-loss cap ({program.level} uses velocity monitoring)"
                        )
                    if (
                        rules["velocity_targets"]
                        and st.percent_1rm is not None
                        and st.target_velocity_m_s is None
                        and exercise_get(e.exercise).mvt_m_s is not None
                    ):
                        out.append(f"{s.date} {e.exercise}: no velocity target")
                    if st.target_velocity_m_s is not None and not (
                        st.target_velocity_source or ""
                    ).startswith(("cited:", "assumption:")):
                        out.append(
                            f"{s.date} {e.exercise}: velocity target without its source "
                            "(cited or assumption)"
                        )
        if rules["heavy_day"] and w.kind == "normal" and not heavy:
            out.append(f"week {w.index}: no heavy exposure (>= {HEAVY_PCT:g} % 1RM)")
    return out
