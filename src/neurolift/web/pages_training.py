"""Training pages: the log forms (set, plyometrics, NMES, morning check-in), plans (create, view,
today's autoregulated load), the adaptation model's what-if and the PDF reports."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from neurolift.errors import AuthenticationError, NeuroliftError, PermissionDeniedError
from neurolift.store import AthleteRecord, Store
from neurolift.store import accounts_repo as accounts
from neurolift.web import charts
from neurolift.web.auth import AthleteId, Auth, athlete_for, authorize, require_auth
from neurolift.web.pages import render, store_of

__all__ = ["router", "report_pdf_weekly", "report_pdf_squad", "whatif_grid"]

router = APIRouter(include_in_schema=False)
AuthDep = Annotated[Auth, Depends(require_auth)]
OptStr = Annotated[str, Form(max_length=64)]


def _choose(store: Store, auth: Auth, athlete: int | None, action: str) -> AthleteRecord | None:
    """The athlete a page is about: the one asked (authorised), the account's own, or none."""
    if athlete is None:
        athlete = auth.account.athlete_id
    if athlete is None:
        return None
    return athlete_for(store, auth.account, athlete, action)  # type: ignore[arg-type]


def _f(text: str) -> float | None:
    return float(text) if text.strip() else None


def _i(text: str) -> int | None:
    return int(text) if text.strip() else None


def _done(request: Request, athlete: AthleteRecord, message: str, status: int = 200) -> Response:
    """After a form: an htmx fragment in place, or back to the athlete's page."""
    if request.headers.get("hx-request"):
        return render(request, "_flash.html", {"message": message, "ok": status < 400}, status)
    if status >= 400:
        return render(request, "error.html", {"message": message, "status": status}, status)
    return RedirectResponse(f"/athletes/{athlete.id}", 303)


def _failed(request: Request, athlete: AthleteRecord, exc: NeuroliftError) -> Response:
    from neurolift.web.errors import status_for

    if isinstance(exc, (AuthenticationError, PermissionDeniedError)):
        raise exc
    return _done(request, athlete, str(exc), status_for(exc))


# -- log -------------------------------------------------------------------------------------
@router.get("/log")
def log_page(request: Request, auth: AuthDep, athlete: int | None = None) -> HTMLResponse:
    store = store_of(request)
    chosen = _choose(store, auth, athlete, "log")
    return render(
        request,
        "log.html",
        {
            "athletes": accounts.athletes_visible(store, auth.account),
            "chosen": chosen,
            "today": dt.date.today().isoformat(),
        },
    )


def _save(
    request: Request, auth: Auth, athlete_id: int, build: Any, *, number_sets: bool = False
) -> Response:
    from neurolift.services.athletes import log_entries_save
    from neurolift.training.traininglog import TrainingLog

    store = store_of(request)
    athlete = athlete_for(store, auth.account, athlete_id, "log")
    try:
        entries = build()
        saved = log_entries_save(
            store, TrainingLog(athlete.name, **entries), number_sets=number_sets
        )
    except (NeuroliftError, ValueError) as exc:
        if not isinstance(exc, NeuroliftError):
            from neurolift.errors import InvalidParameterError

            exc = InvalidParameterError(f"log: {exc}")
        return _failed(request, athlete, exc)
    what = ", ".join(f"{v} {k}" for k, v in saved.items() if k != "athlete" and v)
    return _done(
        request, athlete, f"saved for {athlete.name}: {what or 'nothing new (already logged)'}"
    )


@router.post("/log/set")
def log_set_submit(
    request: Request,
    auth: AuthDep,
    athlete_id: Annotated[int, Form()],
    exercise: OptStr,
    load_kg: OptStr,
    reps: OptStr,
    date: OptStr = "",
    set_index: OptStr = "",
    rir: OptStr = "",
    rpe: OptStr = "",
    velocity_m_s: OptStr = "",
    velocity_loss_pct: OptStr = "",
) -> Response:
    """``neurolift log set``: one set, checked against the stored 1RM."""
    from neurolift.training.traininglog import log_set

    return _save(
        request,
        auth,
        athlete_id,
        lambda: {
            "sets": (
                log_set(
                    date=date or dt.date.today(),
                    exercise=exercise,
                    load_kg=float(load_kg),
                    reps=int(reps),
                    set_index=_i(set_index) or 1,  # blank: the next free number (below)
                    rir=_f(rir),
                    rpe=_f(rpe),
                    mean_velocity_m_s=_f(velocity_m_s),
                    velocity_loss_pct=_f(velocity_loss_pct),
                ),
            )
        },
        number_sets=not set_index.strip(),
    )


@router.post("/log/plyo")
def log_plyo_submit(
    request: Request,
    auth: AuthDep,
    athlete_id: Annotated[int, Form()],
    exercise: OptStr,
    contacts: OptStr,
    date: OptStr = "",
) -> Response:
    """``neurolift log plyo``: foot contacts of one drill."""
    from neurolift.training.traininglog import log_plyo

    return _save(
        request,
        auth,
        athlete_id,
        lambda: {
            "plyometrics": (
                log_plyo(date=date or dt.date.today(), exercise=exercise, contacts=int(contacts)),
            )
        },
    )


@router.post("/log/nmes")
def log_nmes_submit(
    request: Request,
    auth: AuthDep,
    athlete_id: Annotated[int, Form()],
    frequency_hz: OptStr,
    pulse_width_us: OptStr,
    on_s: OptStr,
    off_s: OptStr,
    contractions: OptStr,
    muscle: OptStr = "quadriceps",
    intensity_ma: OptStr = "",
    date: OptStr = "",
) -> Response:
    """``neurolift log nmes``: one NMES session's dose."""
    from neurolift.training.traininglog import log_nmes

    return _save(
        request,
        auth,
        athlete_id,
        lambda: {
            "nmes": (
                log_nmes(
                    date=date or dt.date.today(),
                    muscle=muscle or "quadriceps",
                    frequency_hz=float(frequency_hz),
                    pulse_width_us=float(pulse_width_us),
                    on_s=float(on_s),
                    off_s=float(off_s),
                    contractions=int(contractions),
                    intensity_ma=_f(intensity_ma),
                ),
            )
        },
    )


@router.post("/log/wellness")
def log_wellness_submit(
    request: Request,
    auth: AuthDep,
    athlete_id: Annotated[int, Form()],
    sleep_h: OptStr,
    sleep_quality: OptStr,
    energy: OptStr,
    mood: OptStr,
    stress: OptStr,
    soreness: OptStr,
    date: OptStr = "",
) -> Response:
    """``neurolift log wellness``: the morning check-in."""
    from neurolift.training.traininglog import log_wellness

    return _save(
        request,
        auth,
        athlete_id,
        lambda: {
            "wellness": (
                log_wellness(
                    date=date or dt.date.today(),
                    sleep_h=float(sleep_h),
                    sleep_quality=int(sleep_quality),
                    energy=int(energy),
                    mood=int(mood),
                    stress=int(stress),
                    soreness=int(soreness),
                ),
            )
        },
    )


# -- plans -----------------------------------------------------------------------------------
@router.get("/plans")
def plans_page(request: Request, auth: AuthDep, athlete: int | None = None) -> HTMLResponse:
    from neurolift.services.plan import program_stored_rows

    store = store_of(request)
    chosen = _choose(store, auth, athlete, "read")
    plan = error = None
    if chosen is not None:
        try:
            plan = program_stored_rows(store, chosen.name)
        except NeuroliftError as exc:
            error = str(exc)
    return render(
        request,
        "plans.html",
        {
            "athletes": accounts.athletes_visible(store, auth.account),
            "chosen": chosen,
            "plan": plan,
            "plan_error": error,
            "can_manage": auth.account.role != "athlete",
            "today": dt.date.today().isoformat(),
        },
    )


@router.post("/plans")
def plan_create_submit(
    request: Request,
    auth: AuthDep,
    athlete_id: Annotated[int, Form()],
    goal: OptStr,
    weeks: OptStr,
    days: OptStr,
    start: OptStr = "",
    taper: OptStr = "",
    nmes: OptStr = "",
    plyometrics: OptStr = "",
) -> Response:
    """``neurolift plan create``: generate, check and store a program."""
    from neurolift.errors import InvalidParameterError
    from neurolift.services.plan import plan_create_for

    store = store_of(request)
    athlete = athlete_for(store, auth.account, athlete_id, "manage")
    try:
        try:
            n_weeks, n_days = int(weeks), int(days)
            start_date = dt.date.fromisoformat(start) if start else None
        except ValueError as exc:
            raise InvalidParameterError(f"plan create: {exc}") from None
        made = plan_create_for(
            store,
            athlete.name,
            goal=goal,
            weeks=n_weeks,
            days=n_days,
            start_date=start_date,
            taper=bool(taper),
            nmes=bool(nmes),
            plyometrics=bool(plyometrics),
        )
    except NeuroliftError as exc:
        return _failed(request, athlete, exc)
    if request.headers.get("hx-request"):
        return _done(request, athlete, f"saved program {made.id} for {athlete.name}")
    return RedirectResponse(f"/plans?athlete={athlete.id}", 303)


@router.post("/plans/today")
def plan_today_submit(
    request: Request,
    auth: AuthDep,
    athlete_id: Annotated[int, Form()],
    exercise: OptStr,
    percent_1rm: OptStr,
    velocity_loss_cap_pct: OptStr = "",
) -> Response:
    """``neurolift plan today``: today's load from the warm-up profile or the 1RM, adjusted by
    readiness and rounded to plates."""
    from neurolift.errors import InvalidParameterError
    from neurolift.services.plan import load_today_for

    store = store_of(request)
    athlete = athlete_for(store, auth.account, athlete_id, "read")
    try:
        try:
            pct, cap = float(percent_1rm), _f(velocity_loss_cap_pct)
        except ValueError as exc:
            raise InvalidParameterError(f"plan today: {exc}") from None
        res = load_today_for(
            store, athlete.name, exercise, percent_1rm=pct, velocity_loss_cap_pct=cap
        )
    except NeuroliftError as exc:
        return _failed(request, athlete, exc)
    d = res.decision
    return render(request, "_today.html", {"day": res.date, "exercise": res.exercise, "d": d})


# -- what-if ---------------------------------------------------------------------------------
METHODS = ("heavy", "vl20", "vl40", "plyometric", "explosive", "nmes", "hypertrophy")
LEVELS = ("beginner", "intermediate", "trained", "advanced", "elite")


def whatif_grid(methods: list[str], levels: list[str], weeks: int) -> dict[str, Any]:
    """The adaptation model for every method x level pair, in one vectorised run
    (:func:`neurolift.training.adaptation.adaptation_simulate`, as ``simulate training``)."""
    from neurolift.training.adaptation import adaptation_simulate

    pairs = [(m, lv) for m in methods for lv in levels]
    res = adaptation_simulate(
        method=[p[0] for p in pairs],
        level=[p[1] for p in pairs],
        weeks=weeks,
        n_athletes=len(pairs),
    )
    rows = {f"{m} / {lv}": res.athlete_rows(i) for i, (m, lv) in enumerate(pairs)}
    final = [{"scenario": k, **v[-1]} for k, v in rows.items()]
    return {"rows": rows, "final": final, "warnings": list(res.warnings)}


@router.get("/whatif")
def whatif_page(
    request: Request,
    auth: AuthDep,
    method: Annotated[list[str] | None, Query(max_length=7)] = None,
    level: Annotated[list[str] | None, Query(max_length=5)] = None,
    weeks: Annotated[int, Query(ge=1, le=104)] = 12,
) -> HTMLResponse:
    authorize(auth.account, None, "read")
    methods = [m for m in (method or ["heavy", "vl20"]) if m in METHODS] or ["heavy"]
    levels = [lv for lv in (level or ["beginner"]) if lv in LEVELS] or ["beginner"]
    grid = whatif_grid(methods, levels, weeks)
    fig = json.dumps(charts.adaptation_figure(grid["rows"]), separators=(",", ":"))
    return render(
        request,
        "whatif.html",
        {"methods": METHODS, "levels": LEVELS, "chosen_methods": methods, "chosen_levels": levels,
         "weeks": weeks, "final": grid["final"], "warnings": grid["warnings"], "figure": fig,
         "plots": True},
    )  # fmt: skip


# -- reports ---------------------------------------------------------------------------------
def report_pdf_weekly(store: Store, athlete: AthleteRecord, week: str | None) -> bytes:
    """The weekly PDF of ``neurolift report ATHLETE --week W --out x.pdf``."""
    from neurolift.services.readiness import weekly_report_for
    from neurolift.training.reports import report_write_pdf

    rep = weekly_report_for(store, athlete.name, week)
    with tempfile.TemporaryDirectory() as folder:
        return report_write_pdf(rep, Path(folder) / "report.pdf").read_bytes()


def report_pdf_squad(store: Store, names: list[str], week: str | None) -> bytes:
    """The squad PDF of ``neurolift report --squad --week W --out x.pdf`` for ``names``."""
    from neurolift.services.readiness import iso_week, squad_readiness
    from neurolift.training.reports import report_parse_week, report_squad_pdf

    _, end = report_parse_week(week or iso_week(dt.date.today()))
    sq = squad_readiness(store, date=end, names=names)
    with tempfile.TemporaryDirectory() as folder:
        return report_squad_pdf(
            list(sq.athletes), Path(folder) / "squad.pdf", date=end
        ).read_bytes()


def _pdf(data: bytes, name: str) -> Response:
    return Response(
        data,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/reports")
def reports_page(request: Request, auth: AuthDep, athlete: int | None = None) -> HTMLResponse:
    from neurolift.services.readiness import iso_week

    store = store_of(request)
    return render(
        request,
        "reports.html",
        {
            "athletes": accounts.athletes_visible(store, auth.account),
            "chosen": _choose(store, auth, athlete, "read"),
            "week": iso_week(dt.date.today()),
            "squad": auth.account.role != "athlete",
        },
    )


WeekQuery = Annotated[str | None, Query(pattern=r"^\d{4}-W\d{2}$", description="ISO week")]


@router.get("/reports/athletes/{athlete_id}.pdf")
def report_weekly_pdf(
    request: Request, auth: AuthDep, athlete_id: AthleteId, week: WeekQuery = None
) -> Response:
    store = store_of(request)
    athlete = athlete_for(store, auth.account, athlete_id, "read")
    return _pdf(
        report_pdf_weekly(store, athlete, week), f"{athlete.name} {week or 'this week'}.pdf"
    )


@router.get("/reports/squad.pdf")
def report_squad_download(request: Request, auth: AuthDep, week: WeekQuery = None) -> Response:
    authorize(auth.account, None, "manage")
    store = store_of(request)
    names = [a.name for a in accounts.athletes_visible(store, auth.account)]
    return _pdf(report_pdf_squad(store, names, week), f"squad {week or 'this week'}.pdf")
