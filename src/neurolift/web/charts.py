"""Plotly figures of the web pages, as plain ``{"data": [...], "layout": {...}}`` dicts.

The pages hand them to ``Plotly.newPlot`` (the JS comes from the installed ``plotly`` package).
Plain dicts, not ``plotly.graph_objects``: a page builds several figures and the object layer's
validation would cost more than the rest of the page. The numbers come from the library's
results; nothing is computed here except placing them on axes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from neurolift.plotting.force import JUMP_PHASES
from neurolift.timeseries import TimeSeries
from neurolift.training.overreaching import DailySeries, MarkerStatus

__all__ = [
    "MARKER_TITLES",
    "force_trial_figure",
    "lv_profile_figure",
    "trend_figure",
    "velocity_set_figure",
    "adaptation_figure",
]

MARKER_TITLES = {
    "jump_height_impulse_m": ("CMJ height", "m"),
    "rsi_modified_m_s": ("RSI-modified", "m/s"),
    "velocity_ref_m_s": ("Velocity at the reference load", "m/s"),
    "wellness_score": ("Wellness (1-5)", ""),
    "sleep_h": ("Sleep", "h"),
}
_LAYOUT = {
    "margin": {"l": 55, "r": 15, "t": 35, "b": 40},
    "height": 300,
    "legend": {"orientation": "h", "y": -0.25},
    "font": {"size": 12},
}


def _finite(x: Any) -> float | None:
    return float(x) if x is not None and math.isfinite(float(x)) else None


def _downsample(t: np.ndarray, ys: Sequence[np.ndarray], max_points: int = 4000) -> Any:
    step = max(1, int(math.ceil(t.size / max_points)))
    return t[::step], [y[::step] for y in ys]


def trend_figure(series: DailySeries, marker: MarkerStatus | None) -> dict[str, Any]:
    """Daily values with the baseline mean and the band of +/- one SWC; points outside it are
    drawn red (below) or blue (above), the marker's day status is in the title."""
    title, unit = MARKER_TITLES.get(series.name, (series.name, ""))
    days = [d.isoformat() for d in series.dates]
    values = [_finite(v) for v in series.values]
    colors = ["#333"] * len(values)
    data: list[dict[str, Any]] = []
    layout: dict[str, Any] = dict(_LAYOUT, title={"text": title, "font": {"size": 14}})
    layout["yaxis"] = {"title": {"text": unit}}
    if marker is not None and marker.baseline_mean is not None and marker.swc is not None:
        lo, hi = marker.baseline_mean - marker.swc, marker.baseline_mean + marker.swc
        colors = [
            "#c62b2b"
            if v is not None and v < lo
            else "#1f5fbf"
            if v is not None and v > hi
            else "#333"
            for v in values
        ]
        if days:
            data.append(
                {
                    "type": "scatter",
                    "x": [days[0], days[-1], days[-1], days[0]],
                    "y": [lo, lo, hi, hi],
                    "fill": "toself",
                    "fillcolor": "rgba(144,202,249,0.35)",
                    "line": {"width": 0},
                    "name": "baseline \u00b1 SWC",
                    "hoverinfo": "skip",
                }
            )
            data.append(
                {
                    "type": "scatter",
                    "x": [days[0], days[-1]],
                    "y": [marker.baseline_mean, marker.baseline_mean],
                    "mode": "lines",
                    "line": {"color": "#1565c0", "width": 1},
                    "name": "baseline",
                }
            )
        layout["title"]["text"] = f"{title}: {marker.status}"
    data.append(
        {
            "type": "scatter",
            "x": days,
            "y": values,
            "mode": "lines+markers",
            "marker": {"size": 5, "color": colors},
            "line": {"color": "#888", "width": 1},
            "name": "daily",
        }
    )
    return {"data": data, "layout": layout}


def _band(a: float, b: float, color: str) -> dict[str, Any]:
    """A full-height shaded interval from ``a`` to ``b`` on the x axis."""
    return {
        "type": "rect",
        "xref": "x",
        "yref": "paper",
        "x0": a,
        "x1": b,
        "y0": 0,
        "y1": 1,
        "fillcolor": color,
        "line": {"width": 0},
        "layer": "below",
    }


def _rgba(hex_color: str, alpha: float) -> str:
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def force_trial_figure(
    force: TimeSeries, result: Any, events: dict[str, float] | None
) -> dict[str, Any]:
    """Total vertical force against time with the phases shaded (``events`` of a CMJ/SJ from
    :func:`neurolift.signals.force.jump_process`; other tests mark their own intervals)."""
    t = force.times
    total = force.as_2d().sum(axis=1)
    shapes: list[dict[str, Any]] = []
    annotations: list[dict[str, Any]] = []
    data: list[dict[str, Any]] = []
    x_range = None

    def band(a: float, b: float, name: str, color: str) -> None:
        shapes.append(_band(a, b, color))
        annotations.append(
            {
                "x": (a + b) / 2,
                "y": 1.0,
                "xref": "x",
                "yref": "paper",
                "text": name,
                "showarrow": False,
                "font": {"size": 10},
                "yanchor": "bottom",
            }
        )

    if events:
        for a, b, name, color in JUMP_PHASES:  # the phases the PNG figure shades
            if a in events and b in events and events[b] > events[a]:
                band(events[a], events[b], name, _rgba(color, 0.6))
        x_range = [
            max(0.0, events["weighing_start"] - 0.2),
            min(float(t[-1]), events.get("landing_end", events["takeoff"] + 1.0) + 0.3),
        ]
    else:
        for a_name, b_name, label in (
            ("contact_s", "takeoff_s", "contact"),
            ("takeoff_s", "landing_s", "flight"),
            ("weighing_start_s", "weighing_end_s", "baseline"),
        ):
            a0, b0 = getattr(result, a_name, None), getattr(result, b_name, None)
            if a0 is not None and b0 is not None and b0 > a0:
                band(float(a0), float(b0), label, "rgba(161,217,155,0.5)")
        for j in getattr(result, "jumps", ()) or ():
            band(float(j.takeoff_s), float(j.landing_s), f"#{j.index}", "rgba(158,202,225,0.6)")
    tt, (ff,) = _downsample(t, [total])
    data.append(
        {
            "type": "scattergl",
            "x": tt.round(4).tolist(),
            "y": ff.round(2).tolist(),
            "mode": "lines",
            "line": {"color": "black", "width": 1},
            "name": "force (N)",
        }
    )
    bw = getattr(result, "body_weight_n", None)
    if bw is not None:
        shapes.append(
            {
                "type": "line",
                "xref": "paper",
                "x0": 0,
                "x1": 1,
                "y0": bw,
                "y1": bw,
                "line": {"color": "grey", "dash": "dash", "width": 1},
            }
        )
    layout = dict(
        _LAYOUT,
        height=380,
        shapes=shapes,
        annotations=annotations,
        xaxis={"title": {"text": "time (s)"}, **({"range": x_range} if x_range else {})},
        yaxis={"title": {"text": "force (N)"}},
        showlegend=False,
        margin={"l": 60, "r": 15, "t": 30, "b": 45},
    )
    return {"data": data, "layout": layout}


def velocity_set_figure(signal: TimeSeries, reps: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Bar position or velocity against time with each valid rep (``to_dict()`` rows) shaded."""
    t = signal.times
    y = signal.as_2d()[:, 0]
    tt, (yy,) = _downsample(t, [y])
    shapes = []
    for r in reps:
        a, b = r.get("start_s"), r.get("end_s")
        if r.get("valid", True) and a is not None and b is not None:
            shapes.append(_band(a, b, "rgba(161,217,155,0.5)"))
    return {
        "data": [
            {
                "type": "scattergl",
                "x": tt.round(4).tolist(),
                "y": yy.round(5).tolist(),
                "mode": "lines",
                "line": {"color": "black", "width": 1},
                "name": signal.unit,
            }
        ],
        "layout": dict(
            _LAYOUT,
            shapes=shapes,
            showlegend=False,
            xaxis={"title": {"text": "time (s)"}},
            yaxis={"title": {"text": f"{signal.channels[0]} ({signal.unit})"}},
        ),
    }


def lv_profile_figure(profile: Any) -> dict[str, Any]:
    """Load-velocity points, the fitted line down to the minimal velocity threshold, e1RM."""
    loads, velocities = profile.loads_kg, profile.velocities_m_s
    e1rm = _finite(profile.e1rm_kg)
    slope = float(profile.slope_m_s_per_kg)
    icpt = float(profile.v0_m_s)
    x_hi = e1rm if e1rm is not None else max(loads) * 1.2
    xs = [0.0, x_hi]
    return {
        "data": [
            {
                "type": "scatter",
                "x": list(loads),
                "y": list(velocities),
                "mode": "markers",
                "name": "sets",
                "marker": {"color": "#1f5fbf", "size": 8},
            },
            {
                "type": "scatter",
                "x": xs,
                "y": [icpt + slope * x for x in xs],
                "mode": "lines",
                "name": "profile",
                "line": {"color": "#333"},
            },
        ]
        + (
            [
                {
                    "type": "scatter",
                    "x": [e1rm],
                    "y": [icpt + slope * e1rm],
                    "mode": "markers+text",
                    "text": [f"e1RM {e1rm:.0f} kg"],
                    "textposition": "top left",
                    "name": "e1RM",
                    "marker": {"color": "#c62b2b", "size": 10, "symbol": "x"},
                }
            ]
            if e1rm is not None
            else []
        ),
        "layout": dict(
            _LAYOUT,
            xaxis={"title": {"text": "load (kg)"}, "rangemode": "tozero"},
            yaxis={"title": {"text": "mean velocity (m/s)"}, "rangemode": "tozero"},
        ),
    }


def adaptation_figure(rows_by_label: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Strength gain (solid) and its neural part (dotted) per scenario, % over weeks."""
    data: list[dict[str, Any]] = []
    for label, rows in rows_by_label.items():
        weeks = [r["week"] for r in rows]
        data.append(
            {
                "type": "scatter",
                "x": weeks,
                "y": [r["strength_gain_pct"] for r in rows],
                "mode": "lines",
                "name": f"{label}: strength",
            }
        )
        data.append(
            {
                "type": "scatter",
                "x": weeks,
                "y": [r["neural_part_pct"] for r in rows],
                "mode": "lines",
                "line": {"dash": "dot"},
                "name": f"{label}: neural part",
            }
        )
    return {
        "data": data,
        "layout": dict(
            _LAYOUT,
            height=380,
            xaxis={"title": {"text": "weeks"}},
            yaxis={"title": {"text": "gain (%)"}},
        ),
    }
