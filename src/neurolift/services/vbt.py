"""Barbell velocity: read and analyse a bar file, the sets stored for an athlete, load-velocity
profiles and velocity readiness.

What to call:

* ``neurolift vbt analyze`` and an uploaded bar file: :func:`vbt_analyze_file`, then
  :func:`vbt_set_save` to keep it for an athlete;
* ``neurolift vbt live --replay`` (the signal only): :func:`vbt_read_bar`;
* ``neurolift vbt sets`` (a per-rep summary file): :func:`vbt_file_sets`;
* ``neurolift vbt profile`` and the athlete page's load-velocity chart: :func:`vbt_profiles` on
  the points of :func:`vbt_profile_points` (files) or :func:`vbt_profile_points_stored` (store);
* ``neurolift vbt readiness`` and the velocity marker on a page: :func:`vbt_readiness_for`;
* anything that needs the athlete's stored velocity sets: :func:`vbt_sets`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from neurolift._results import Result
from neurolift.errors import InvalidParameterError, SignalError
from neurolift.signals.velocity import (
    EXERCISES,
    VelocitySetResult,
    velocity_analyze_set,
    velocity_exercise_profile,
    velocity_from_acceleration,
    velocity_set_stats,
)
from neurolift.store.repository import ResultRecord, Store
from neurolift.store.training_repo import velocity_sets
from neurolift.timeseries import TimeSeries
from neurolift.training.loadvelocity import (
    LoadVelocityProfile,
    lv_best_per_load,
    lv_load_for_percent_1rm,
    lv_load_for_velocity,
    lv_profile_fit,
)
from neurolift.training.vbt_readiness import VbtReadiness, VelocityPoint, vbt_readiness

__all__ = [
    "AnalysedSet",
    "BarSignal",
    "FileSets",
    "ProfilePoints",
    "SessionProfile",
    "vbt_analyze_file",
    "vbt_file_sets",
    "vbt_profile_points",
    "vbt_profile_points_stored",
    "vbt_profiles",
    "vbt_read_bar",
    "vbt_readiness_for",
    "vbt_set_save",
    "vbt_sets",
]

Points = dict[str, list[tuple[float, float]]]


@dataclass(frozen=True)
class BarSignal:
    """Bar position or velocity; IMU files are integrated, with their unreliable intervals."""

    signal: TimeSeries
    unreliable: tuple[tuple[float, float], ...] = ()
    warnings: tuple[str, ...] = ()


def vbt_read_bar(
    path: str | Path,
    *,
    sampling_rate: float | None = None,
    kind: Literal["auto", "chronojump", "csv", "imu"] = "auto",
    imu_unit: str | None = None,
    position_unit: Literal["m", "cm", "mm"] | None = None,
) -> BarSignal:
    """Read a bar file (Chronojump raw, position/velocity CSV or IMU CSV) as a bar signal.

    Acceleration (an IMU file, or ``kind="imu"``, or ``imu_unit`` given) is integrated to
    velocity by :func:`neurolift.signals.velocity.velocity_from_acceleration`.
    ``position_unit`` is the unit of a CSV position column (default m).
    """
    from neurolift.io.velocity import velocity_read, velocity_read_imu

    if kind == "imu" or (kind == "auto" and imu_unit is not None):
        acc = velocity_read_imu(path, sampling_rate=sampling_rate, unit=imu_unit)
    else:
        acc = velocity_read(
            path, sampling_rate=sampling_rate, kind=kind, position_unit=position_unit
        )
        if acc.unit != "m/s^2":
            return BarSignal(acc)
    imu = velocity_from_acceleration(acc)
    return BarSignal(imu.signal, tuple(imu.unreliable), tuple(imu.warnings))


@dataclass(frozen=True)
class AnalysedSet:
    """A bar file's signal and its analysed set (the reader's warnings come first)."""

    signal: TimeSeries
    result: VelocitySetResult


def vbt_analyze_file(
    path: str | Path,
    *,
    exercise: str,
    load_kg: float,
    body_mass_kg: float | None = None,
    sampling_rate: float | None = None,
    kind: Literal["auto", "chronojump", "csv", "imu"] = "auto",
    imu_unit: str | None = None,
    velocity_metric: str = "mean_concentric",
    vl_threshold_pct: float | None = None,
    min_rom_m: float | None = None,
    mvt_m_s: float | None = None,
    lowpass_hz: float = 10.0,
    position_unit: Literal["m", "cm", "mm"] | None = None,
    phase_edges: Literal["zero", "idle"] = "zero",
) -> AnalysedSet:
    """Read a bar file and segment the set into reps
    (:func:`neurolift.signals.velocity.velocity_analyze_set`)."""
    bar = vbt_read_bar(
        path,
        sampling_rate=sampling_rate,
        kind=kind,
        imu_unit=imu_unit,
        position_unit=position_unit,
    )
    result = velocity_analyze_set(
        bar.signal,
        exercise=exercise,
        load_kg=load_kg,
        body_mass_kg=body_mass_kg,
        velocity_metric=velocity_metric,  # type: ignore[arg-type]
        vl_threshold_pct=vl_threshold_pct,
        min_rom_m=min_rom_m,
        mvt_m_s=mvt_m_s,
        lowpass_hz=lowpass_hz,
        unreliable=bar.unreliable,
        phase_edges=phase_edges,
    )
    if bar.warnings:
        result = dataclasses.replace(result, warnings=bar.warnings + result.warnings)
    return AnalysedSet(bar.signal, result)


def vbt_set_save(
    store: Store,
    athlete: str,
    analysed: AnalysedSet,
    *,
    source_name: str | None = None,
    performed_at: dt.datetime | None = None,
    body_mass_kg: float | None = None,
) -> ResultRecord:
    """Keep an analysed set (its signal and result) for ``athlete``, who must be in the store
    (an unknown name is refused with the close names, as everywhere); ``body_mass_kg`` fills a
    body mass the store does not have yet."""
    if body_mass_kg and store.get_athlete(athlete).body_mass_kg is None:
        store.update_athlete(athlete, body_mass_kg=body_mass_kg)
    result = analysed.result
    return store.save_analysis(
        domain="vbt",
        kind="set",
        result=result,
        athlete=athlete,
        signal=analysed.signal,
        test_type=result.exercise,
        source_name=source_name,
        performed_at=performed_at,
        meta={"exercise": result.exercise, "load_kg": result.load_kg},
    )


def _since(when: dt.datetime, since: dt.date | None) -> bool:
    if since is None:
        return True
    if isinstance(since, dt.datetime):
        return when >= (since if since.tzinfo else since.replace(tzinfo=dt.UTC))
    return when.date() >= since


def vbt_sets(
    store: Store, athlete: str, exercise: str, *, since: dt.date | None = None
) -> list[VelocityPoint]:
    """The athlete's velocity sets of ``exercise`` (logged or measured:
    :func:`neurolift.store.training_repo.velocity_sets`), oldest first.

    ``since`` (a date, or an aware date/time) keeps the sets performed on or after it.
    """
    key = velocity_exercise_profile(exercise).name
    pts = velocity_sets(store, athlete).get(key, [])
    return [p for p in pts if _since(p.performed_at, since)]


def vbt_readiness_for(
    store: Store,
    athlete: str,
    exercise: str,
    *,
    reference_load_kg: float | None = None,
    load_tolerance_kg: float = 2.5,
    window: int = 7,
    swc_m_s: float | None = None,
    typical_error_m_s: float | None = None,
) -> VbtReadiness:
    """Velocity at a reference load in the latest session against the athlete's baseline
    (:func:`neurolift.training.vbt_readiness.vbt_readiness`); the change is also given in kg
    through the slope of a profile fitted to the best set at each stored load (3 loads or more).
    """
    key = velocity_exercise_profile(exercise).name
    pts = vbt_sets(store, athlete, key)
    if not pts:
        raise SignalError(
            f"vbt readiness: no stored {key} sets for {athlete}; save some with "
            "`neurolift vbt analyze ... --athlete`"
        )
    slope = None
    loads, vels = lv_best_per_load([p.load_kg for p in pts], [p.velocity_m_s for p in pts])
    if len(loads) >= 3:
        try:
            slope = lv_profile_fit(loads, vels, exercise=key).slope_m_s_per_kg
        except SignalError:
            slope = None
    return vbt_readiness(
        pts,
        exercise=key,
        reference_load_kg=reference_load_kg,
        load_tolerance_kg=load_tolerance_kg,
        window=window,
        swc_m_s=swc_m_s,
        typical_error_m_s=typical_error_m_s,
        slope_m_s_per_kg=slope,
    )


@dataclass(frozen=True)
class ProfilePoints:
    """Profile points ``(load_kg, best velocity of a set)`` grouped by session label."""

    sessions: Points
    warnings: tuple[str, ...] = ()


def _openbarbell_points(path: Path, exercise: str | None, groups: Points) -> list[str]:
    from neurolift.io.velocity import velocity_read_openbarbell

    data = velocity_read_openbarbell(path)
    for s in data.sets:
        v = s.best_mean_velocity_m_s()
        if s.removed or s.load_kg is None or v is None or s.exercise_key is None:
            continue
        if exercise and s.exercise_key != exercise:
            continue
        groups[f"{path.name} {s.exercise_key} workout {s.workout_id[:8]}"].append((s.load_kg, v))
    return [f"{path.name}: {w}" for w in data.warnings]


def _velocity_column(df: Any) -> str:
    return "mean_velocity_m_s" if "mean_velocity_m_s" in df else "mean_propulsive_velocity_m_s"


def _summary_points(path: Path, exercise: str | None, groups: Points) -> None:
    from neurolift.io.velocity import velocity_read_rep_summary

    df = velocity_read_rep_summary(path)
    col = _velocity_column(df)
    if exercise and "exercise" in df:
        df = df[df["exercise"] == exercise]
    keys = [k for k in ("athlete", "date", "exercise") if k in df]
    for key, g in df.groupby(keys, dropna=False) if keys else [((), df)]:
        label = " ".join(str(k) for k in (key if isinstance(key, tuple) else (key,)) if k == k)
        best = g.groupby(["set", "load_kg"])[col].max().reset_index()
        groups[f"{path.name} {label}".strip()] += list(zip(best["load_kg"], best[col], strict=True))


def vbt_profile_points(files: Sequence[str | Path], exercise: str | None) -> ProfilePoints:
    """Profile points from OpenBarbell JSON exports and per-rep summary CSV files: one point per
    set (its best rep), one session per OpenBarbell workout or per athlete/date/exercise."""
    key = velocity_exercise_profile(exercise).name if exercise else None
    groups: Points = defaultdict(list)
    warnings: list[str] = []
    for f in map(Path, files):
        if f.suffix.lower() == ".json":
            warnings += _openbarbell_points(f, key, groups)
        else:
            _summary_points(f, key, groups)
    return ProfilePoints(dict(groups), tuple(warnings))


def vbt_profile_points_stored(
    store: Store, athlete: str, exercise: str, *, since: dt.date | None = None
) -> ProfilePoints:
    """Profile points of the athlete's stored sets (:func:`vbt_sets`), as one session."""
    key = velocity_exercise_profile(exercise).name
    pts = [(p.load_kg, p.velocity_m_s) for p in vbt_sets(store, athlete, key, since=since)]
    return ProfilePoints({f"{athlete} {key} (store)": pts})


@dataclass(frozen=True)
class SessionProfile(Result):
    """One session's load-velocity profile and the loads it prescribes (only those asked)."""

    session: str
    profile: LoadVelocityProfile
    prescribed: dict[str, float | None] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"session": self.session, **self.profile.to_dict(), **self.prescribed}


def vbt_profiles(
    points: ProfilePoints,
    *,
    exercise: str,
    method: Literal["multi_point", "two_point"] = "multi_point",
    mvt_m_s: float | None = None,
    min_loads: int = 3,
    per: Literal["sets", "loads"] = "sets",
    target_velocity_m_s: float | None = None,
    percent_1rm: float | None = None,
) -> list[SessionProfile]:
    """Fit a load-velocity profile to every session with ``min_loads`` distinct loads or more.

    ``per="sets"``: the best rep of every set is a point; ``"loads"``: only the best set at each
    load (OpenBarbell's rule). ``target_velocity_m_s`` / ``percent_1rm`` add the load for that
    velocity / that share of e1RM.

    Raises
    ------
    SignalError
        No session has enough distinct loads.
    """
    key = velocity_exercise_profile(exercise).name
    if per not in ("sets", "loads"):
        raise InvalidParameterError(f"vbt profile: points must be sets or loads, got {per!r}")
    out = []
    for label, pts in points.sessions.items():
        if per == "loads":
            loads, vels = lv_best_per_load([p[0] for p in pts], [p[1] for p in pts])
        else:
            loads, vels = [float(p[0]) for p in pts], [float(p[1]) for p in pts]
        if len({round(ld, 1) for ld in loads}) < max(2, min_loads):
            continue
        p = lv_profile_fit(loads, vels, exercise=key, method=method, mvt_m_s=mvt_m_s)
        prescribed: dict[str, float | None] = {}
        if target_velocity_m_s is not None:
            prescribed["load_for_target_velocity_kg"] = lv_load_for_velocity(p, target_velocity_m_s)
        if percent_1rm is not None:
            prescribed["load_for_percent_1rm_kg"] = lv_load_for_percent_1rm(p, percent_1rm)
        out.append(SessionProfile(label, p, prescribed))
    if not out:
        raise SignalError(
            f"vbt profile: no session of {key} has {max(2, min_loads)} or more distinct loads"
        )
    return out


@dataclass(frozen=True)
class FileSets(Result):
    """Per-set velocity statistics of a per-rep summary file: one row per set."""

    rows: tuple[dict[str, Any], ...]
    warnings: tuple[str, ...] = ()


def _openbarbell_sets(path: Path, key: str | None) -> tuple[list[Any], list[str]]:
    from neurolift.io.velocity import velocity_read_openbarbell

    data = velocity_read_openbarbell(path)
    groups = []
    for s in data.sets:
        if s.removed or (key and s.exercise_key != key):
            continue
        v = [r.mean_velocity_m_s for r in s.valid_reps if r.mean_velocity_m_s is not None]
        head = {
            "session": s.workout_id[:8],
            "date": (s.started_at or "")[:10],
            "exercise": s.exercise_key or s.exercise,
            "set": s.set_number,
            "load_kg": s.load_kg,
        }
        groups.append((head, v))
    return groups, list(data.warnings)


def _summary_sets(path: Path, key: str | None) -> list[Any]:
    from neurolift.io.velocity import velocity_read_rep_summary

    df = velocity_read_rep_summary(path)
    col = _velocity_column(df)
    if key and "exercise" in df:
        df = df[df["exercise"] == key]
    keys = [k for k in ("athlete", "date", "exercise", "set", "load_kg") if k in df]
    groups = []
    for k, g in df.sort_values(keys + ["rep"], kind="stable").groupby(
        keys, dropna=False, sort=False
    ):
        head = dict(zip(keys, k if isinstance(k, tuple) else (k,), strict=True))
        groups.append((head, [float(x) for x in g[col]]))
    return groups


def vbt_file_sets(
    path: str | Path,
    *,
    exercise: str | None = None,
    vl_threshold_pct: float | None = None,
    mvt_m_s: float | None = None,
) -> FileSets:
    """Velocity loss, effort index and reps in reserve of every set in a per-rep summary CSV or
    an OpenBarbell JSON export (:func:`neurolift.signals.velocity.velocity_set_stats`).

    ``mvt_m_s`` defaults to each set's exercise's minimal velocity threshold.
    """
    path = Path(path)
    key = velocity_exercise_profile(exercise).name if exercise else None
    warnings: list[str] = []
    if path.suffix.lower() == ".json":
        groups, warnings = _openbarbell_sets(path, key)
    else:
        groups = _summary_sets(path, key)
    rows = []
    for head, v in groups:
        ex = head.get("exercise")
        mvt = (
            mvt_m_s if mvt_m_s is not None else (EXERCISES[ex].mvt_m_s if ex in EXERCISES else None)
        )
        st = velocity_set_stats(v, mvt_m_s=mvt, vl_threshold_pct=vl_threshold_pct)
        rows.append({**head, **{k: val for k, val in st.to_dict().items() if k != "warnings"}})
    if not rows:
        raise SignalError(f"vbt sets: no sets{' of ' + key if key else ''} in {path.name}")
    return FileSets(tuple(rows), tuple(warnings))
