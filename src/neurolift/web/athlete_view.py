"""What the athlete page shows, gathered from the services (the page only renders it)."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from typing import Any

from neurolift.errors import NeuroliftError
from neurolift.store import AthleteRecord, Store
from neurolift.web import charts

__all__ = ["athlete_context", "lv_profile_context"]

# The trend charts, in this order when the athlete has the series
TREND_ORDER = (
    "jump_height_impulse_m",
    "rsi_modified_m_s",
    "velocity_ref_m_s",
    "wellness_score",
    "sleep_h",
)


def _fig(fig: dict[str, Any]) -> str:
    return json.dumps(fig, allow_nan=False, separators=(",", ":"))


def lv_profile_context(store: Store, name: str, log: Any) -> dict[str, Any] | None:
    """The load-velocity profile to show: the stored sets' profile (``vbt analyze --athlete``,
    uploads) of the most recorded exercise, else the latest warm-up profile in ``log`` (the
    last four weeks)."""
    from neurolift.services.plan import warmup_profile
    from neurolift.services.vbt import vbt_profile_points_stored, vbt_profiles

    stored = store.results(athlete=name, domain="vbt", kind="set", newest=200)
    counts = Counter(str(r.payload["exercise"]) for r in stored if r.payload.get("exercise"))
    for key, _ in counts.most_common(1):
        try:
            prof = vbt_profiles(vbt_profile_points_stored(store, name, key), exercise=key)[
                0
            ].profile
        except NeuroliftError:
            break
        return {
            "source": "stored velocity sets",
            "profile": prof,
            "figure": _fig(charts.lv_profile_figure(prof)),
        }
    vsets = [s for s in log.sets if s.mean_velocity_m_s is not None]
    if not vsets:
        return None
    exercise = Counter(s.exercise for s in vsets).most_common(1)[0][0]
    for day in sorted({s.date for s in vsets if s.exercise == exercise}, reverse=True)[:20]:
        try:
            day_prof = warmup_profile(vsets, exercise, day)
        except NeuroliftError:
            continue
        if day_prof is not None:
            return {
                "source": f"logged sets of {day.isoformat()}",
                "profile": day_prof,
                "figure": _fig(charts.lv_profile_figure(day_prof)),
            }
    return None


def athlete_context(store: Store, athlete: AthleteRecord) -> dict[str, Any]:
    from neurolift.services.plan import program_stored_rows
    from neurolift.services.readiness import readiness_trends
    from neurolift.store.training_repo import log_load

    name = athlete.name
    ctx: dict[str, Any] = {"athlete": athlete, "readiness": None, "readiness_error": None}
    try:
        trends = readiness_trends(store, name)
    except NeuroliftError as exc:
        ctx["readiness_error"] = str(exc)
        trends = None
    figures = []
    if trends is not None:
        ctx["readiness"] = trends.readiness
        markers = {m.name: m for m in trends.readiness.markers}
        by_name = {s.name: s for s in trends.series}
        for key in TREND_ORDER:
            if key in by_name:
                figures.append((key, _fig(charts.trend_figure(by_name[key], markers.get(key)))))
    ctx["trend_figures"] = figures
    # the last week of the log (the latest record's week); four weeks for the warm-up profile
    last = trends.readiness.date if trends is not None else dt.date.today()
    log = log_load(store, name, start=last - dt.timedelta(days=27))
    since = last - dt.timedelta(days=6)
    ctx["recent"] = {
        "sets": [s for s in log.sets if s.date >= since][::-1],
        "plyometrics": [p for p in log.plyometrics if p.date >= since][::-1],
        "nmes": [n for n in log.nmes if n.date >= since][::-1],
        "wellness": [w for w in log.wellness if w.date >= since][::-1],
        "since": since,
    }
    ctx["lv"] = lv_profile_context(store, name, log)
    ctx["trials"] = store.results(athlete=name, domain=("force", "vbt"), newest=15)[::-1]
    ctx["emg_results"] = store.results(athlete=name, domain=("emg", "mu"), newest=10)[::-1]
    try:
        plan = program_stored_rows(store, name)
        today = dt.date.today().isoformat()
        upcoming = [r for r in plan.rows if str(r["date"]) >= today]
        ctx["plan"] = {"id": plan.id, "rows": (upcoming or list(plan.rows))[:24]}
    except NeuroliftError:
        ctx["plan"] = None
    return ctx
