"""Weekly athlete report and squad overview, as HTML (Jinja2) and PDF (matplotlib PdfPages).

The PDF is drawn with matplotlib alone (Agg backend, :class:`~matplotlib.backends.backend_pdf.PdfPages`)
so it needs no browser or system library: page 1 holds the readiness verdict with its reasons,
the week summary and the four plots a coach looks at (CMJ height and bar velocity at the
reference load against the athlete's baseline band, sleep and wellness, daily training load with
its EWMA context); page 2 lists the sets. The HTML report shows the same content with the plots
embedded as PNG.

The report functions take plain domain objects (a :class:`TrainingLog`, the daily series and a
:class:`Readiness`), so they never touch the store; the CLI gathers them.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from neurolift._results import Result
from neurolift.errors import InvalidParameterError
from neurolift.training.banister import load_ewma
from neurolift.training.overreaching import DailySeries, Readiness
from neurolift.training.traininglog import SetLog, TrainingLog, log_daily_load

__all__ = [
    "WeeklyReport",
    "report_parse_week",
    "report_weekly",
    "report_weekly_figures",
    "report_write_html",
    "report_write_pdf",
    "report_squad_html",
    "report_squad_pdf",
]

_COLORS = {"green": "#2e7d32", "yellow": "#f9a825", "red": "#c62828"}
_TITLES = {
    "jump_height_impulse_m": ("CMJ height (mean of trials)", "m"),
    "rsi_modified_m_s": ("RSI-mod", "m/s"),
    "velocity_ref_m_s": ("Bar velocity at the reference load", "m/s"),
}


def report_parse_week(week: str) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of an ISO week written ``YYYY-Www``.

    Examples
    --------
    >>> report_parse_week("2026-W48")
    (datetime.date(2026, 11, 23), datetime.date(2026, 11, 29))
    """
    try:
        year, wk = str(week).upper().split("-W")
        monday = dt.date.fromisocalendar(int(year), int(wk), 1)
    except ValueError:
        raise InvalidParameterError(f"report: week must look like 2026-W48, got {week!r}") from None
    return monday, monday + dt.timedelta(days=6)


@dataclass(frozen=True)
class WeeklyReport(Result):
    """Everything one weekly report shows."""

    athlete: str
    week: str
    start: dt.date
    end: dt.date
    summary: dict[str, Any]
    readiness: Readiness
    sets: tuple[SetLog, ...]
    series: tuple[DailySeries, ...]
    daily_load: tuple[tuple[dt.date, float], ...]
    daily_velocity_loss: tuple[tuple[dt.date, float], ...] = ()
    method: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


def _session_load(log: TrainingLog) -> dict[dt.date, float]:
    return log_daily_load(log)


def _by_day_vl(log: TrainingLog) -> dict[dt.date, list[float]]:
    out: dict[dt.date, list[float]] = {}
    for s in log.sets:
        if s.velocity_loss_pct is not None:
            out.setdefault(s.date, []).append(s.velocity_loss_pct)
    return out


def report_weekly(
    athlete: str,
    week: str,
    log: TrainingLog,
    series: Sequence[DailySeries],
    readiness: Readiness,
    *,
    planned_sets: int | None = None,
) -> WeeklyReport:
    """Assemble the weekly report of ``athlete`` for ISO ``week`` (e.g. ``"2026-W48"``).

    ``log`` may hold more than the week (the load plot shows the 6 weeks before); the summary
    counts only the week's days.
    """
    start, end = report_parse_week(week)
    wk = [s for s in log.sets if start <= s.date <= end]
    pl = [p for p in log.plyometrics if start <= p.date <= end]
    nm = [n for n in log.nmes if start <= n.date <= end]
    we = [w for w in log.wellness if start <= w.date <= end]
    rirs = [s.rir for s in wk if s.rir is not None]
    vls = [s.velocity_loss_pct for s in wk if s.velocity_loss_pct is not None]
    summary: dict[str, Any] = {
        "sessions": len({s.date for s in wk} | {p.date for p in pl} | {n.date for n in nm}),
        "sets": len(wk),
        "planned_sets": planned_sets,
        "tonnage_kg": round(sum(s.load_kg * s.reps for s in wk), 1),
        "mean_rir": round(float(np.mean(rirs)), 1) if rirs else None,
        "mean_velocity_loss_pct": round(float(np.mean(vls)), 1) if vls else None,
        "plyometric_contacts": sum(p.contacts for p in pl),
        "nmes_sessions": len(nm),
        "mean_sleep_h": round(float(np.mean([w.sleep_h for w in we])), 2) if we else None,
        # sleep loss: <= 6 h per 24 h (Craven et al. 2022)
        "nights_6_h_or_less": sum(1 for w in we if w.sleep_h <= 6) if we else None,
        "mean_wellness_score": round(float(np.mean([w.wellness_score for w in we])), 2)
        if we
        else None,
    }
    load = _session_load(log)
    days = [end - dt.timedelta(days=i) for i in range(7 * 6 - 1, -1, -1)]
    warnings = []
    if not wk and not pl:
        warnings.append(f"no training logged in {week}")
    return WeeklyReport(
        athlete=athlete,
        week=week,
        start=start,
        end=end,
        summary=summary,
        readiness=readiness,
        sets=tuple(wk),
        series=tuple(series),
        daily_load=tuple((d, load.get(d, 0.0)) for d in days),
        daily_velocity_loss=tuple(
            (d, float(np.mean(v)))
            for d, v in sorted(_by_day_vl(log).items())
            if days[0] <= d <= end
        ),
        method={
            "daily_load": "tonnage kg x reps + 20 per plyometric contact",
            "ewma_days": [7, 28],
        },
        warnings=tuple(warnings),
    )


def _fig_marker(ax: Any, s: DailySeries, rep: WeeklyReport) -> None:
    first = rep.end - dt.timedelta(days=55)
    pts = [(d, v) for d, v in zip(s.dates, s.values, strict=True) if first <= d <= rep.end]
    title, unit = _TITLES.get(s.name, (s.name, ""))
    ax.set_title(title, fontsize=10)
    if not pts:
        ax.text(0.5, 0.5, "no data", ha="center", va="center", transform=ax.transAxes)
        return
    d, v = zip(*pts, strict=True)
    m = next((m for m in rep.readiness.markers if m.name == s.name), None)
    if m is not None and m.baseline_mean is not None and m.baseline_sd is not None:
        ax.axhspan(
            m.baseline_mean - m.baseline_sd,
            m.baseline_mean + m.baseline_sd,
            color="#90caf9",
            alpha=0.35,
            label="baseline \u00b1 1 SD",
        )
        ax.axhline(m.baseline_mean, color="#1565c0", lw=1)
    vals = np.asarray(v, dtype=float)
    ax.plot(d, vals, "o-", ms=3, lw=0.8, color="#333", label="daily")
    if vals.size >= 3:
        k = np.convolve(vals, np.ones(3) / 3, mode="valid")
        ax.plot(d[2:], k, color="#ef6c00", lw=2, label="3-point mean")
    ax.axvspan(rep.start, rep.end + dt.timedelta(days=1), color="#eeeeee", zorder=0)
    ax.set_ylabel(unit)
    ax.legend(fontsize=7, loc="lower left")
    ax.tick_params(axis="x", labelsize=7, rotation=30)


def report_weekly_figures(rep: WeeklyReport) -> list[tuple[str, Any]]:
    """The report's plots as (title, matplotlib Figure) pairs (Agg backend, no display)."""
    from matplotlib.figure import Figure

    figs: list[tuple[str, Any]] = []
    by_name = {s.name: s for s in rep.series}
    fig = Figure(figsize=(8.0, 5.2), layout="constrained")
    axes = fig.subplots(2, 2)
    perf = [
        n for n in ("jump_height_impulse_m", "velocity_ref_m_s", "rsi_modified_m_s") if n in by_name
    ][:2]
    for ax, name in zip(axes[0], perf + [None] * (2 - len(perf)), strict=True):
        if name is None:
            ax.set_title("Velocity loss per session (mean of sets, %)", fontsize=10)
            if rep.daily_velocity_loss:
                d, v = zip(*rep.daily_velocity_loss, strict=True)
                ax.plot(d, v, "s-", ms=3, color="#00695c")
                ax.axhspan(10, 20, color="#c8e6c9", alpha=0.5, label="strength/power cap 10-20 %")
                ax.axhspan(20, 40, color="#fff9c4", alpha=0.5, label="hypertrophy cap 20-40 %")
                ax.set_ylim(0, 45)
                ax.legend(fontsize=7, loc="lower left")
                ax.axvspan(rep.start, rep.end + dt.timedelta(days=1), color="#eeeeee", zorder=0)
            else:
                ax.text(
                    0.5,
                    0.5,
                    "no velocity-loss data",
                    ha="center",
                    va="center",
                    transform=ax.transAxes,
                )
            ax.tick_params(axis="x", labelsize=7, rotation=30)
        else:
            _fig_marker(ax, by_name[name], rep)
    ax = axes[1, 0]
    ax.set_title("Sleep (bars, h) and wellness (line, 1-5)", fontsize=10)
    sl = by_name.get("sleep_h")
    first = rep.end - dt.timedelta(days=20)
    if sl is not None:
        pts = [(d, v) for d, v in zip(sl.dates, sl.values, strict=True) if first <= d <= rep.end]
        if pts:
            d, v = zip(*pts, strict=True)
            ax.bar(d, v, color=["#c62828" if x <= 6 else "#64b5f6" for x in v], width=0.8)
            ax.axhline(6, color="#c62828", lw=0.8, ls="--")
        ax.set_ylabel("h")
        ws = by_name.get("wellness_score")
        if ws is not None:
            ax2 = ax.twinx()
            pts = [
                (d, v) for d, v in zip(ws.dates, ws.values, strict=True) if first <= d <= rep.end
            ]
            if pts:
                d, v = zip(*pts, strict=True)
                ax2.plot(d, v, "o-", color="#6a1b9a", ms=3)
            ax2.set_ylim(1, 5)
    else:
        ax.text(0.5, 0.5, "no check-ins", ha="center", va="center", transform=ax.transAxes)
    ax.tick_params(axis="x", labelsize=7, rotation=30)
    ax = axes[1, 1]
    ax.set_title("Daily load and EWMA 7/28 d (context only)", fontsize=10)
    load_days = [x[0] for x in rep.daily_load]
    w = np.array([x[1] for x in rep.daily_load])
    ax.bar(load_days, w / 1000.0, color="#9e9e9e", width=0.8, label="daily")
    if w.size:
        ax.plot(load_days, load_ewma(w, n_days=7) / 1000.0, color="#ef6c00", label="EWMA 7 d")
        ax.plot(load_days, load_ewma(w, n_days=28) / 1000.0, color="#1565c0", label="EWMA 28 d")
    ax.axvspan(rep.start, rep.end + dt.timedelta(days=1), color="#eeeeee", zorder=0)
    ax.set_ylabel("load (t)")
    ax.legend(fontsize=7)
    ax.tick_params(axis="x", labelsize=7, rotation=30)
    figs.append(("Markers, sleep and load", fig))
    return figs


def _fmt(v: Any) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.3g}" if abs(v) < 100 else f"{v:.0f}"
    return str(v)


def _png(fig: Any) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _env() -> Any:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("neurolift.training", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
    )
    env.globals["fmt"] = _fmt
    return env


def report_write_html(rep: WeeklyReport, path: str | Path) -> Path:
    """Write the weekly report as one self-contained HTML file (plots embedded)."""
    import neurolift

    html = (
        _env()
        .get_template("weekly.html.j2")
        .render(
            r=rep,
            plots=[(t, _png(f)) for t, f in report_weekly_figures(rep)],
            version=neurolift.__version__,
        )
    )
    p = Path(path)
    p.write_text(html, encoding="utf-8")
    return p


def _text_page(fig: Any, lines: Sequence[tuple[str, dict[str, Any]]], top: float = 0.95) -> float:
    y = top
    for text, kw in lines:
        size = kw.get("size", 9)
        fig.text(
            0.06,
            y,
            text,
            fontsize=size,
            color=kw.get("color", "#222"),
            weight=kw.get("weight", "normal"),
            va="top",
            family=kw.get("family", "sans-serif"),
        )
        y -= size / 72.0 / 11.69 * 1.45
    return y


def report_write_pdf(rep: WeeklyReport, path: str | Path) -> Path:
    """Write the weekly report as an A4 PDF (page 1: verdict, summary, plots; page 2+: sets)."""
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    import neurolift

    p = Path(path)
    r = rep.readiness
    with PdfPages(
        p,
        metadata={
            "Title": f"{rep.athlete} {rep.week}",
            "Creator": f"neurolift {neurolift.__version__}",
        },
    ) as pdf:
        fig = Figure(figsize=(8.27, 11.69))
        lines: list[tuple[str, dict[str, Any]]] = [
            (
                f"{rep.athlete} \u2014 week {rep.week}  ({rep.start} to {rep.end})",
                {"size": 16, "weight": "bold"},
            ),
            (
                f"Readiness on {r.date}: {r.status.upper()}   \u2022   overreaching check: {r.overreaching.replace('_', ' ')}",
                {"size": 12, "weight": "bold", "color": _COLORS[r.status]},
            ),
        ]
        import textwrap

        for x in r.reasons:
            for k, part in enumerate(textwrap.wrap(x, 105)):
                lines.append((("\u2022 " if k == 0 else "   ") + part, {"size": 9}))
        lines.append(("", {"size": 6}))
        s = rep.summary
        lines.append(("Week summary", {"size": 11, "weight": "bold"}))
        items = [f"{k.replace('_', ' ')}: {_fmt(v)}" for k, v in s.items()]
        for i in range(0, len(items), 3):
            lines.append(("    ".join(items[i : i + 3]), {"size": 9}))
        lines.append(("", {"size": 6}))
        lines.append(
            ("Markers (today vs the athlete's own baseline)", {"size": 11, "weight": "bold"})
        )
        lines.append(
            (
                f"{'marker':<20}{'today':>9}{'status':>8}{'z day':>8}{'z 5 d':>8}{'decl %':>8}{'baseline':>10}{'trend %/wk':>12}",
                {"size": 8, "family": "monospace"},
            )
        )
        for m in r.markers:
            lines.append(
                (
                    f"{m.name:<20}{_fmt(m.value):>9}{m.status:>8}{_fmt(m.z_day):>8}{_fmt(m.z_short):>8}"
                    f"{_fmt(m.decline_pct):>8}{_fmt(m.baseline_mean):>10}{_fmt(m.trend_pct_per_week):>12}",
                    {"size": 8, "family": "monospace"},
                )
            )
        y = _text_page(fig, lines)
        _, plots = report_weekly_figures(rep)[0]
        buf = io.BytesIO()
        plots.savefig(buf, format="png", dpi=150)
        buf.seek(0)
        import matplotlib.image as mpimg

        img = mpimg.imread(buf)
        h = min(y - 0.06, 0.62)
        ax = fig.add_axes((0.04, y - 0.02 - h, 0.92, h))
        ax.imshow(img)
        ax.set_anchor("N")
        ax.axis("off")
        fig.text(
            0.06,
            0.025,
            "EWMA load is context only (not an injury predictor). Baselines: the athlete's own "
            f"rolling values. neurolift {neurolift.__version__}",
            fontsize=7,
            color="#666",
        )
        pdf.savefig(fig)
        rows = [
            f"{'date':<12}{'exercise':<18}{'set':>4}{'load kg':>9}{'reps':>6}{'RIR':>5}{'v m/s':>7}{'VL %':>6}"
        ]
        rows += [
            f"{str(x.date):<12}{x.exercise:<18}{x.set_index:>4}{_fmt(x.load_kg):>9}{x.reps:>6}{_fmt(x.rir):>5}"
            f"{_fmt(x.mean_velocity_m_s):>7}{_fmt(x.velocity_loss_pct):>6}"
            for x in rep.sets
        ] or ["no sets logged"]
        for i in range(0, len(rows), 60):
            fig = Figure(figsize=(8.27, 11.69))
            _text_page(
                fig,
                [
                    (
                        f"Sets logged in {rep.week}" + (" (cont.)" if i else ""),
                        {"size": 12, "weight": "bold"},
                    )
                ]
                + [(row, {"size": 8, "family": "monospace"}) for row in rows[i : i + 60]],
            )
            pdf.savefig(fig)
    return p


def _squad_fig(rows: Sequence[Readiness]) -> Any:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8.0, 0.35 * max(3, len(rows)) + 1.2), layout="constrained")
    ax = fig.subplots()
    names = [r.athlete for r in rows]
    z = [r.pooled_z if r.pooled_z is not None else 0.0 for r in rows]
    ax.barh(names, z, color=[_COLORS[r.status] for r in rows])
    for i, r in enumerate(rows):
        if r.pooled_z is None:
            ax.text(
                0,
                i,
                "no recent performance data  ",
                va="center",
                ha="right",
                fontsize=8,
                color="#666",
            )
    ax.axvline(-2.5, color="#c62828", ls="--", lw=0.8)
    ax.set_xlabel("pooled z of the last 5 days vs baseline (performance markers)")
    ax.invert_yaxis()
    return fig


def report_squad_html(rows: Sequence[Readiness], path: str | Path, *, date: dt.date) -> Path:
    """Squad overview (traffic-light roster with reasons) as one HTML file."""
    import neurolift

    html = (
        _env()
        .get_template("squad.html.j2")
        .render(
            rows=rows,
            date=date,
            plot=_png(_squad_fig(rows)) if rows else None,
            version=neurolift.__version__,
        )
    )
    p = Path(path)
    p.write_text(html, encoding="utf-8")
    return p


def report_squad_pdf(rows: Sequence[Readiness], path: str | Path, *, date: dt.date) -> Path:
    """Squad overview as a PDF: the traffic-light roster with reasons and the z-score chart
    (further pages when the roster is long)."""
    import textwrap

    import matplotlib.image as mpimg
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    p = Path(path)
    order = {"red": 0, "yellow": 1, "green": 2}
    rows = sorted(rows, key=lambda r: (order[r.status], r.athlete))
    lines: list[tuple[str, dict[str, Any]]] = [
        (f"Squad overview \u2014 {date}", {"size": 16, "weight": "bold"}),
        (
            f"{sum(r.status == 'red' for r in rows)} red, {sum(r.status == 'yellow' for r in rows)} "
            f"yellow, {sum(r.status == 'green' for r in rows)} green",
            {"size": 10},
        ),
        ("", {"size": 6}),
    ]
    for r in rows:
        lines.append(
            (
                f"{r.athlete}: {r.status.upper()} ({r.overreaching.replace('_', ' ')})",
                {"size": 10, "weight": "bold", "color": _COLORS[r.status]},
            )
        )
        for x in r.reasons:
            for k, part in enumerate(textwrap.wrap(x, 115)):
                lines.append((("    \u2022 " if k == 0 else "      ") + part, {"size": 8}))
    with PdfPages(p) as pdf:
        per_page = 70
        y = 0.0
        fig = Figure(figsize=(8.27, 11.69))
        for i in range(0, len(lines), per_page):
            if i:
                pdf.savefig(fig)
                fig = Figure(figsize=(8.27, 11.69))
            y = _text_page(fig, lines[i : i + per_page])
        if rows:
            buf = io.BytesIO()
            _squad_fig(rows).savefig(buf, format="png", dpi=150)
            buf.seek(0)
            img = mpimg.imread(buf)
            h = img.shape[0] / img.shape[1] * 0.92 * 8.27 / 11.69
            if y - 0.04 < h:
                pdf.savefig(fig)
                fig = Figure(figsize=(8.27, 11.69))
                y = 0.95
            ax = fig.add_axes((0.04, y - 0.02 - h, 0.92, h))
            ax.imshow(img)
            ax.set_anchor("N")
            ax.axis("off")
        pdf.savefig(fig)
    return p
