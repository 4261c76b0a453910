"""The demos: a demo squad for the web app (``neurolift serve --demo``, ``make run``) and its
benchmark, and the command-line tour of the shipped samples (``neurolift demo``).

What to call: :func:`demo_squad_seed` on an empty store; ``neurolift demo`` and a "try it" page:
:func:`demo_tables` (the force-plate samples, a barbell set, 12 weeks of the training model).

Every number of the squad comes from the project's own simulators and analyses, never typed in: each athlete
trains three days a week; the day's training load drives a Banister fitness-fatigue model
(:func:`neurolift.training.banister.banister_simulate`) whose performance sets the take-off
velocity of simulated countermovement jumps (:func:`neurolift.signals.force.force_simulate_jump`,
analysed by :func:`neurolift.signals.force.force_analyze` and stored with their raw force as an
upload would be) and the bar velocities of the logged sets (an individual load-velocity line,
shifted by the same performance); wellness and sleep follow the fatigue. The last days of two
athletes carry an overload, so the squad page shows every traffic light. The package's real
recordings (a CMJ, an SJ, a drop jump and a barbell set) are added for the first athlete.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from neurolift._results import Result
from neurolift.store.repository import Store

__all__ = ["DemoSquad", "DEMO_NAMES", "demo_squad_seed", "demo_tables"]

DEMO_NAMES = (
    "Ada", "Bruno", "Chiara", "Dev", "Elif", "Femi", "Greta", "Hiro", "Ines", "Jonas",
    "Kaia", "Luca", "Maya", "Nils", "Olu", "Priya", "Quinn", "Rosa", "Sami", "Tova",
)  # fmt: skip
SAMPLES = Path(__file__).resolve().parent.parent / "data"
_TRAINING_DAYS = (0, 2, 4)  # Monday, Wednesday, Friday
_LEVELS = ("beginner", "intermediate", "advanced")


@dataclass(frozen=True)
class DemoSquad(Result):
    """What was seeded: athletes, entries, and the logins (user name -> role)."""

    athletes: tuple[str, ...]
    start: dt.date
    end: dt.date
    cmj_trials: int
    log_entries: int
    logins: dict[str, str] = field(default_factory=dict)
    password: str = ""


def _athlete_name(i: int) -> str:
    base = DEMO_NAMES[i % len(DEMO_NAMES)]
    return base if i < len(DEMO_NAMES) else f"{base} {i // len(DEMO_NAMES) + 1}"


def _seed_athlete(
    store: Store,
    name: str,
    *,
    start: dt.date,
    end: dt.date,
    rng: np.random.Generator,
    overload: bool,
    cmj_signals: bool,
    cmj_analysis: bool,
    cmj_days_of_week: tuple[int, ...],
) -> tuple[int, int]:
    from neurolift.services.athletes import log_entries_save
    from neurolift.signals.force import force_analyze
    from neurolift.signals.force.simulate import force_simulate_jump
    from neurolift.store.training_repo import profile_save
    from neurolift.training.athlete import OneRm, athlete_profile
    from neurolift.training.banister import banister_simulate
    from neurolift.training.traininglog import (
        TrainingLog,
        log_plyo,
        log_set,
        log_wellness,
    )

    mass = float(np.round(rng.uniform(58, 98), 1))
    level = _LEVELS[int(rng.integers(0, 3))]
    squat_1rm = float(np.round(mass * rng.uniform(1.2, 2.0) / 2.5) * 2.5)
    bench_1rm = float(np.round(mass * rng.uniform(0.8, 1.3) / 2.5) * 2.5)
    store.add_athlete(name, body_mass_kg=mass, level=level)
    profile_save(
        store,
        athlete_profile(
            name,
            level=level,
            body_mass_kg=mass,
            goals=["strength"],
            one_rms=[
                OneRm("back_squat", squat_1rm, start, "measured"),
                OneRm("bench_press", bench_1rm, start, "measured"),
            ],
            training_age_years=float(np.round(rng.uniform(1, 8), 1)),
            today=end,
        ),
    )
    n_days = (end - start).days + 1
    days = [start + dt.timedelta(days=k) for k in range(n_days)]
    # daily load (kg lifted) of the three weekly sessions, a deload every fourth week
    load = np.zeros(n_days)
    for k, d in enumerate(days):
        if d.weekday() in _TRAINING_DAYS:
            week = k // 7
            load[k] = squat_1rm * 25 * (0.6 if week % 4 == 3 else 1.0) * rng.uniform(0.85, 1.15)
    if overload:
        load[-6:] *= 2.5
    model = banister_simulate(load, p0=0.0, k1=1.0, k2=2.0, tau1=42.0, tau2=7.0)
    scale = float(np.max(np.abs(model["performance"]))) or 1.0
    perf = model["performance"] / scale  # about -1..1
    fatigue = model["fatigue"] / (float(np.max(model["fatigue"])) or 1.0)  # 0..1
    v0 = rng.uniform(1.6, 1.9)
    mvt = 0.3
    slope = (v0 - mvt) / squat_1rm  # m/s per kg: the line reaches the MVT at the 1RM
    sets, plyo, wellness = [], [], []
    cmj_days = []
    for k, d in enumerate(days):
        if d.weekday() in _TRAINING_DAYS:
            day_v = 0.04 * perf[k] + rng.normal(0, 0.015)
            for i, pct in enumerate((0.4, 0.6, 0.8), start=1):  # the warm-up profile
                ld = float(np.round(squat_1rm * pct / 2.5) * 2.5)
                v = max(0.15, v0 - slope * ld + day_v + rng.normal(0, 0.01))
                sets.append(
                    log_set(
                        date=d,
                        exercise="back_squat",
                        load_kg=ld,
                        reps=3,
                        set_index=i,
                        mean_velocity_m_s=round(v, 3),
                        today=end,
                    )
                )
            work = float(np.round(squat_1rm * 0.82 / 2.5) * 2.5)
            for i in range(4, 7):
                v = max(0.15, v0 - slope * work + day_v - 0.02 * (i - 4))
                sets.append(
                    log_set(
                        date=d,
                        exercise="back_squat",
                        load_kg=work,
                        reps=4,
                        set_index=i,
                        rir=2,
                        mean_velocity_m_s=round(v, 3),
                        velocity_loss_pct=round(float(rng.uniform(8, 20)), 1),
                        today=end,
                    )
                )
            bench = float(np.round(bench_1rm * 0.75 / 2.5) * 2.5)
            sets.append(
                log_set(date=d, exercise="bench_press", load_kg=bench, reps=6, rir=2, today=end)
            )
            if d.weekday() == 2:
                plyo.append(log_plyo(date=d, exercise="box_jump", contacts=30, today=end))
            if d.weekday() in cmj_days_of_week:
                cmj_days.append(k)
        tired = fatigue[k]

        def score(base: float, tired: float = tired) -> int:
            return int(np.clip(np.round(base - 2.0 * tired + rng.normal(0, 0.5)), 1, 5))

        wellness.append(
            log_wellness(
                date=d,
                sleep_h=round(float(np.clip(rng.normal(7.8 - 1.5 * tired, 0.5), 4, 10)), 1),
                sleep_quality=score(4.5),
                energy=score(4.5),
                mood=score(4.5),
                stress=int(np.clip(np.round(1.5 + 2.0 * tired + rng.normal(0, 0.5)), 1, 5)),
                soreness=int(np.clip(np.round(1.5 + 2.5 * tired + rng.normal(0, 0.5)), 1, 5)),
                today=end,
            )
        )
    log = TrainingLog(name, sets=tuple(sets), plyometrics=tuple(plyo), wellness=tuple(wellness))
    saved = log_entries_save(store, log)
    v_base = rng.uniform(2.3, 2.8)
    trials = []
    for k in cmj_days:
        sim = force_simulate_jump(
            sampling_rate=1000,
            takeoff_velocity_m_s=float(v_base * (1 + 0.05 * perf[k]) + rng.normal(0, 0.03)),
            body_mass_kg=mass,
            random_state=rng,
        )
        if cmj_analysis:
            res: Any = force_analyze(sim.force)
        else:  # the simulator's known answers (large benchmark squads): no analysis
            t = sim.truth
            res = {
                "test": "cmj",
                "jump_height_impulse_m": t["jump_height_m"],
                "takeoff_velocity_m_s": t["takeoff_velocity_m_s"],
                "rsi_modified_m_s": t["jump_height_m"] / (t["takeoff_s"] - t["movement_start_s"]),
                "method": {"source": "force_simulate_jump truth"},
            }
        trials.append(
            {
                "domain": "force",
                "kind": "cmj",
                "result": res,
                "athlete": name,
                "signal": sim.force if cmj_signals else None,
                "source_name": "simulated CMJ (force_simulate_jump)",
                "performed_at": dt.datetime.combine(days[k], dt.time(9, 0), tzinfo=dt.UTC),
            }
        )
    store.save_analyses(trials)
    entries = sum(v for k, v in saved.items() if k != "athlete")
    return len(cmj_days), int(entries)


def _seed_recordings(store: Store, name: str, day: dt.date) -> None:
    """The package's real recordings, analysed and stored as uploads would be."""
    from neurolift.services.force import force_analyze_file, force_trial_save
    from neurolift.services.vbt import vbt_analyze_file, vbt_set_save

    when = dt.datetime.combine(day, dt.time(10, 0), tzinfo=dt.UTC)
    for file in ("gidiel_Single-CMJ-Fz.txt", "gidiel_Dual-SJ-Fz.txt", "gidiel_Single-DJ-Fz.txt"):
        trial = force_analyze_file(SAMPLES / file, sampling_rate=1000.0)
        force_trial_save(store, name, trial, source_name=file, performed_at=when)
    bar = vbt_analyze_file(
        SAMPLES / "simulated_back_squat_6reps_chronojump_1kHz.txt",
        exercise="back_squat",
        load_kg=100.0,
        vl_threshold_pct=20.0,
    )
    vbt_set_save(
        store, name, bar, source_name="simulated_back_squat_6reps_chronojump_1kHz.txt",
        performed_at=when,
    )  # fmt: skip


def demo_squad_seed(
    store: Store,
    *,
    n_athletes: int = 8,
    weeks: int = 12,
    end: dt.date | None = None,
    password: str = "neurolift-demo",
    cmj_signals: bool = True,
    cmj_analysis: bool = True,
    cmj_per_week: int = 1,
    plans: bool = True,
    random_state: int | np.random.Generator | None = 0,
) -> DemoSquad:
    """Seed an empty store with a squad: ``n_athletes`` with ``weeks`` of training ending on
    ``end`` (default today), a team, the logins ``admin`` and ``coach`` (the team's coach) and
    ``ada`` (the first athlete's own account), all with ``password``.

    ``cmj_per_week`` (1 or 2) CMJs a week, on Monday (and Friday). ``cmj_signals=False`` keeps
    only the CMJ results, not the raw force; ``cmj_analysis=False`` stores the simulator's known
    jump height and RSI-mod instead of analysing each simulated force (both for large benchmark
    squads).
    """
    from neurolift.errors import ConflictError, InvalidParameterError
    from neurolift.services.plan import plan_create_for
    from neurolift.store import accounts_repo as accounts

    if not 1 <= n_athletes <= 1000 or not 1 <= weeks <= 260 or cmj_per_week not in (1, 2):
        raise InvalidParameterError(
            f"demo_squad_seed: n_athletes must lie in [1, 1000], weeks in [1, 260] and "
            f"cmj_per_week be 1 or 2, got {n_athletes}, {weeks} and {cmj_per_week}"
        )
    if store.list_athletes():
        raise ConflictError("demo_squad_seed: the store already holds athletes; use an empty one")
    rng = np.random.default_rng(random_state)
    end = end or dt.date.today()
    start = end - dt.timedelta(days=7 * weeks - 1)
    names = tuple(_athlete_name(i) for i in range(n_athletes))
    cmjs = entries = 0
    for i, name in enumerate(names):
        c, e = _seed_athlete(
            store,
            name,
            start=start,
            end=end,
            rng=rng,
            overload=i in (1, 4),
            cmj_signals=cmj_signals,
            cmj_analysis=cmj_analysis,
            cmj_days_of_week=(0, 4) if cmj_per_week == 2 else (0,),
        )
        cmjs, entries = cmjs + c, entries + e
        if plans:
            monday = end + dt.timedelta(days=(7 - end.weekday()) % 7 or 7)
            plan_create_for(store, name, goal="strength", weeks=8, days=3, start_date=monday)
    _seed_recordings(store, names[0], end)
    accounts.team_add(store, "Demo squad")
    for name in names:
        accounts.team_add_athlete(store, "Demo squad", name)
    logins: dict[str, Any] = {"admin": "admin", "coach": "coach", "ada": "athlete"}
    accounts.user_add(store, "admin", password, role="admin")
    accounts.user_add(store, "coach", password, role="coach")
    accounts.team_add_coach(store, "Demo squad", "coach")
    accounts.user_add(store, "ada", password, role="athlete", athlete=names[0])
    return DemoSquad(names, start, end, cmjs, entries, logins, password)


def demo_tables(out: str | Path) -> dict[str, tuple[str, list[dict[str, object]]]]:
    """``{"force" | "vbt" | "model": (title, rows)}``; the force plots are written into ``out``."""
    out = Path(out)
    from neurolift.io.force import force_read
    from neurolift.plotting.force import force_plot_trial
    from neurolift.signals.force import force_analyze

    files = [
        ("gidiel_Single-CMJ-Fz.txt", 1000.0),
        ("gidiel_Dual-SJ-Fz.txt", 1000.0),
        ("gidiel_Single-DJ-Fz.txt", 1000.0),
    ]
    rows = []
    for name, fs in files:
        ts = force_read(SAMPLES / name, sampling_rate=fs)
        res = force_analyze(ts)
        png = force_plot_trial(ts, res, out / (Path(name).stem + ".png"))
        row = {"file": name, "test": res.test}
        if res.test in ("cmj", "sj"):
            row.update(
                jump_height_impulse_m=res.jump_height_impulse_m,
                jump_height_flight_time_m=res.jump_height_flight_time_m,
                takeoff_velocity_m_s=res.takeoff_velocity_m_s,
                rsi_modified_m_s=res.rsi_modified_m_s,
                peak_propulsive_force_n=res.peak_propulsive_force_n,
            )
        else:
            row.update(
                jump_height_flight_time_m=res.jump_height_flight_time_m,
                contact_time_s=res.contact_time_s,
                rsi=res.rsi,
                peak_force_n=res.peak_force_n,
            )
        row["plot"] = str(png)
        rows.append(row)
    tables: dict[str, tuple[str, list[dict[str, object]]]] = {
        "force": ("neurolift demo 1/3: force-plate samples", rows)
    }

    # 2. a barbell set: reps, velocity loss, the stop signal at 20 %
    from neurolift.io.velocity import velocity_read_chronojump
    from neurolift.signals.velocity import velocity_analyze_set

    bar = velocity_read_chronojump(SAMPLES / "simulated_back_squat_6reps_chronojump_1kHz.txt")
    vset = velocity_analyze_set(
        bar, exercise="back_squat", load_kg=100.0, body_mass_kg=80.0, vl_threshold_pct=20.0
    )
    tables["vbt"] = (
        f"neurolift demo 2/3: back squat 100 kg, velocity loss {vset.velocity_loss_pct:.0f} % "
        f"(20 % crossed at rep {vset.vl_threshold_rep})",
        [
            {
                "rep": r["rep"],
                "mean_concentric_velocity_m_s": r["mean_concentric_velocity_m_s"],
                "mean_propulsive_velocity_m_s": r["mean_propulsive_velocity_m_s"],
                "peak_velocity_m_s": r["peak_velocity_m_s"],
                "rom_m": r["rom_m"],
            }
            for r in vset.to_dict()["reps"]
        ],
    )

    # 3. the model: 12 weeks of heavy training for a beginner, neural gains first
    from neurolift.training.adaptation import adaptation_simulate

    sim = adaptation_simulate(method="heavy", level="beginner", weeks=12)
    strength, neural = sim.strength_gain[0], sim.neural_share_pct()[0]
    csa = sim.muscular_csa_gain[0]
    tables["model"] = (
        "neurolift demo 3/3: model, beginner on heavy loads (neural share falls as muscle grows)",
        [
            {
                "week": int(w),
                "strength_gain_pct": 100 * float(strength[i]),
                "neural_share_pct": float(neural[i]),
                "muscle_csa_gain_pct": 100 * float(csa[i]),
            }
            for i, w in enumerate(np.asarray(sim.time_weeks))
            if int(w) in (1, 2, 4, 8, 12)
        ],
    )
    return tables
