"""REST API under ``/api/v1/`` (OpenAPI at ``/api/v1/openapi.json``), mirroring the CLI.

Lists are paginated (``limit``, ``offset``; the reply carries ``total``) and export as CSV with
``format=csv``; single results are the library's ``to_dict()``, exactly what the CLI's
``--format json`` prints. Errors have one shape (``neurolift.web.errors``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from neurolift._results import to_plain
from neurolift.errors import InvalidParameterError, NotFoundError, PermissionDeniedError
from neurolift.store import AthleteRecord, ResultRecord, Store
from neurolift.store import accounts_repo as accounts
from neurolift.web.auth import AthleteId, Auth, ResultId, athlete_for, authorize, require_auth

__all__ = ["router", "paginate"]

router = APIRouter(prefix="/api/v1", tags=["api"])
AuthDep = Annotated[Auth, Depends(require_auth)]
Limit = Annotated[int, Query(ge=1, le=1000, description="Page size.")]
Offset = Annotated[int, Query(ge=0, le=10**9, description="Rows to skip.")]
Format = Annotated[Literal["json", "csv"], Query(description="json, or csv to export.")]


def store_of(request: Request) -> Store:
    return request.app.state.store  # type: ignore[no-any-return]


def _csv(rows: Sequence[Mapping[str, Any]]) -> str:
    columns: list[str] = []
    for r in rows:
        columns += [c for c in r if c not in columns]
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow(
            {
                k: "" if v is None else (";".join(map(str, v)) if isinstance(v, list) else v)
                for k, v in r.items()
            }
        )
    return buf.getvalue()


def paginate(
    rows: Sequence[Mapping[str, Any]], *, limit: int, offset: int, fmt: str = "json"
) -> Any:
    """One page of ``rows`` as ``{"items", "total", "limit", "offset"}``, or CSV text."""
    page = [to_plain(dict(r)) for r in rows[offset : offset + limit]]
    if fmt == "csv":
        return Response(_csv(page), media_type="text/csv")
    return {"items": page, "total": len(rows), "limit": limit, "offset": offset}


@router.get("/me", summary="The authenticated account")
def me(auth: AuthDep) -> dict[str, Any]:
    return auth.account.to_dict()


@router.get("/athletes", summary="Athletes you may see (neurolift athlete list)")
def athletes(
    request: Request, auth: AuthDep, limit: Limit = 100, offset: Offset = 0, format: Format = "json"
) -> Any:
    authorize(auth.account, None, "read")
    rows = [a.to_dict() for a in accounts.athletes_visible(store_of(request), auth.account)]
    return paginate(rows, limit=limit, offset=offset, fmt=format)


class AthleteIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    body_mass_kg: float | None = Field(default=None, ge=20, le=300)
    sex: str | None = Field(default=None, max_length=16)
    level: Literal["beginner", "intermediate", "advanced", "elite"] | None = None
    team: str | None = Field(default=None, max_length=200, description="Team to put them on.")


@router.post("/athletes", status_code=201, summary="Add an athlete (neurolift athlete add)")
def athlete_add(request: Request, auth: AuthDep, body: AthleteIn) -> dict[str, Any]:
    authorize(auth.account, None, "manage")
    store = store_of(request)
    team = body.team
    ids = auth.account.team_ids if auth.account.role == "coach" else None
    names = [t["name"] for t in accounts.team_list(store, ids=ids)]
    if team is not None and team not in names and ids is None:
        raise NotFoundError(f"no team named {team!r}")
    if ids is not None:  # a coach adds athletes to one of their own teams
        if team is None and len(names) == 1:
            team = names[0]
        if team not in names:
            raise PermissionDeniedError(
                f"a coach adds athletes to one of their teams ({', '.join(names) or 'none'})"
            )
    rec = store.add_athlete(
        body.name, body_mass_kg=body.body_mass_kg, sex=body.sex, level=body.level
    )
    if team is not None:
        accounts.team_add_athlete(store, team, rec.name)
    return rec.to_dict()


@router.get("/athletes/{athlete_id}", summary="One athlete (neurolift athlete show)")
def athlete_get(request: Request, auth: AuthDep, athlete_id: AthleteId) -> dict[str, Any]:
    return athlete_for(store_of(request), auth.account, athlete_id, "read").to_dict()


def _athlete(request: Request, auth: Auth, athlete_id: int, action: Any) -> AthleteRecord:
    return athlete_for(store_of(request), auth.account, athlete_id, action)


# -- readiness -------------------------------------------------------------------------------
@router.get("/athletes/{athlete_id}/readiness", summary="Readiness (neurolift readiness)")
def readiness(
    request: Request,
    auth: AuthDep,
    athlete_id: AthleteId,
    date: dt.date | None = None,
    exercise: Annotated[str | None, Query(max_length=64)] = None,
    reference_load_kg: Annotated[float | None, Query(gt=0, le=1000)] = None,
) -> dict[str, Any]:
    from neurolift.services.readiness import readiness_for

    a = _athlete(request, auth, athlete_id, "read")
    r = readiness_for(
        store_of(request), a.name, date=date, exercise=exercise, reference_load_kg=reference_load_kg
    )
    return r.to_dict()


@router.get("/squad/readiness", summary="Readiness of every athlete you see (report --squad)")
def squad(request: Request, auth: AuthDep, date: dt.date | None = None) -> dict[str, Any]:
    from neurolift.services.readiness import squad_readiness

    authorize(auth.account, None, "read")
    store = store_of(request)
    names = [a.name for a in accounts.athletes_visible(store, auth.account)]
    return squad_readiness(store, date=date, names=names).to_dict()


# -- trials and results ----------------------------------------------------------------------
def _result_row(r: ResultRecord) -> dict[str, Any]:
    return {
        "id": r.id,
        "athlete_id": r.athlete_id,
        "trial_id": r.trial_id,
        "domain": r.domain,
        "kind": r.kind,
        "performed_at": r.performed_at,
        "software_version": r.software_version,
        "payload": r.payload,
        "method": r.method,
    }


@router.get("/athletes/{athlete_id}/results", summary="Stored analyses, newest first")
def results(
    request: Request,
    auth: AuthDep,
    athlete_id: AthleteId,
    domain: Annotated[Literal["force", "vbt", "emg", "mu"] | None, Query()] = None,
    kind: Annotated[str | None, Query(max_length=64)] = None,
    limit: Limit = 100,
    offset: Offset = 0,
    format: Format = "json",
) -> Any:
    a = _athlete(request, auth, athlete_id, "read")
    rows = store_of(request).results(athlete=a.name, domain=domain, kind=kind)[::-1]
    if format == "csv":  # one row per result: its scalar metrics
        flat = [
            {"id": r.id, "domain": r.domain, "kind": r.kind, "performed_at": r.performed_at,
             **{k: v for k, v in r.payload.items() if isinstance(v, (int, float, str)) or v is None}}
            for r in rows
        ]  # fmt: skip
        return paginate(flat, limit=limit, offset=offset, fmt="csv")
    return paginate([_result_row(r) for r in rows], limit=limit, offset=offset)


@router.get("/results/{result_id}", summary="One stored analysis (its to_dict(), method, version)")
def result(request: Request, auth: AuthDep, result_id: ResultId) -> dict[str, Any]:
    from neurolift.web.pages_records import result_for

    return to_plain(_result_row(result_for(store_of(request), auth, result_id)))


@router.post(
    "/athletes/{athlete_id}/recordings",
    status_code=201,
    summary="Upload a recording: analysed and stored in one transaction",
)
def recording_upload(
    request: Request,
    auth: AuthDep,
    athlete_id: AthleteId,
    file: Annotated[UploadFile, File(description="The recording.")],
    kind: Annotated[Literal["force", "velocity", "emg", "mu"], Form()] = "force",
    sampling_rate: Annotated[float | None, Form(gt=0, le=1e6)] = None,
    test: Annotated[Literal["auto", "cmj", "sj", "dj", "imtp", "multi"], Form()] = "auto",
    exercise: Annotated[str | None, Form(max_length=64)] = None,
    load_kg: Annotated[float | None, Form(gt=0, le=1000)] = None,
    unit: Annotated[Literal["V", "mV", "uV"], Form()] = "V",
) -> dict[str, Any]:
    from neurolift.web.uploads import UploadOptions, upload_analyze

    a = _athlete(request, auth, athlete_id, "log")
    max_bytes = request.app.state.settings.max_upload_bytes
    rec, _ = upload_analyze(
        store_of(request),
        a.name,
        kind,
        file.filename,
        file.file.read(max_bytes + 1),
        UploadOptions(sampling_rate, test, exercise, load_kg, unit),
        max_bytes=max_bytes,
    )
    return to_plain(_result_row(rec))


@router.get("/athletes/{athlete_id}/metrics/{name}", summary="Every stored value of one metric")
def metric(
    request: Request,
    auth: AuthDep,
    athlete_id: AthleteId,
    name: Annotated[str, Path(max_length=128, pattern=r"^[a-z0-9_]+$")],
    limit: Limit = 1000,
    offset: Offset = 0,
    format: Format = "json",
) -> Any:
    a = _athlete(request, auth, athlete_id, "read")
    pts = store_of(request).metric_history(a.name, name)
    rows = [{"performed_at": p.performed_at, "value": p.value, "unit": p.unit,
             "result_id": p.result_id} for p in pts]  # fmt: skip
    return paginate(rows, limit=limit, offset=offset, fmt=format)


# -- profiles --------------------------------------------------------------------------------
@router.get("/athletes/{athlete_id}/profile", summary="Training profile with current 1RMs")
def profile(request: Request, auth: AuthDep, athlete_id: AthleteId) -> dict[str, Any]:
    from neurolift.store.training_repo import profile_load

    a = _athlete(request, auth, athlete_id, "read")
    return profile_load(store_of(request), a.name).to_dict()


@router.get(
    "/athletes/{athlete_id}/lv-profile",
    summary="Load-velocity profile of the stored sets (vbt profile --athlete)",
)
def lv_profile(
    request: Request,
    auth: AuthDep,
    athlete_id: AthleteId,
    exercise: Annotated[str, Query(max_length=64)] = "back_squat",
) -> dict[str, Any]:
    from neurolift.services.vbt import vbt_profile_points_stored, vbt_profiles

    a = _athlete(request, auth, athlete_id, "read")
    store = store_of(request)
    return vbt_profiles(vbt_profile_points_stored(store, a.name, exercise), exercise=exercise)[
        0
    ].to_dict()


# -- logs ------------------------------------------------------------------------------------
@router.get("/athletes/{athlete_id}/log", summary="Training log rows (neurolift log export)")
def log(
    request: Request,
    auth: AuthDep,
    athlete_id: AthleteId,
    start: dt.date | None = None,
    end: dt.date | None = None,
    limit: Limit = 1000,
    offset: Offset = 0,
    format: Format = "json",
) -> Any:
    from neurolift.store.training_repo import log_load
    from neurolift.training.traininglog import log_rows

    a = _athlete(request, auth, athlete_id, "read")
    rows = log_rows(log_load(store_of(request), a.name, start=start, end=end))
    return paginate(rows, limit=limit, offset=offset, fmt=format)


class SetIn(BaseModel):
    exercise: str = Field(max_length=64)
    load_kg: float = Field(ge=0, le=1000)
    reps: int = Field(ge=0, le=1000)
    date: dt.date | None = None
    set_index: int | None = Field(default=None, ge=1, le=100, description="Default: the next.")
    rir: float | None = Field(default=None, ge=0, le=20)
    rpe: float | None = Field(default=None, ge=0, le=10)
    mean_velocity_m_s: float | None = Field(default=None, ge=0, le=5)
    velocity_loss_pct: float | None = Field(default=None, ge=0, le=100)


class PlyoIn(BaseModel):
    exercise: str = Field(max_length=64)
    contacts: int = Field(ge=1, le=1000)
    date: dt.date | None = None


class NmesIn(BaseModel):
    frequency_hz: float = Field(gt=0, le=1000)
    pulse_width_us: float = Field(gt=0, le=10000)
    on_s: float = Field(gt=0, le=3600)
    off_s: float = Field(ge=0, le=3600)
    contractions: int = Field(ge=1, le=10000)
    muscle: str = Field(default="quadriceps", max_length=64)
    intensity_ma: float | None = Field(default=None, ge=0, le=1000)
    date: dt.date | None = None


class WellnessIn(BaseModel):
    sleep_h: float = Field(ge=0, le=24)
    sleep_quality: int = Field(ge=1, le=5)
    energy: int = Field(ge=1, le=5)
    mood: int = Field(ge=1, le=5)
    stress: int = Field(ge=1, le=5)
    soreness: int = Field(ge=1, le=5)
    date: dt.date | None = None


def _log(
    request: Request, auth: Auth, athlete_id: int, key: str, entry: Any, *, number: bool = False
) -> dict[str, Any]:
    from neurolift.services.athletes import log_entries_save
    from neurolift.training.traininglog import TrainingLog

    a = _athlete(request, auth, athlete_id, "log")
    return log_entries_save(
        store_of(request), TrainingLog(a.name, **{key: (entry,)}), number_sets=number
    )


def _fields(body: BaseModel) -> dict[str, Any]:
    """A log entry's fields from its JSON body (the date defaults to today, as the CLI's)."""
    kw = body.model_dump()
    kw["date"] = kw.get("date") or dt.date.today()
    return kw


@router.post("/athletes/{athlete_id}/log/sets", status_code=201, summary="neurolift log set")
def log_set_api(
    request: Request, auth: AuthDep, athlete_id: AthleteId, body: SetIn
) -> dict[str, Any]:
    from neurolift.training.traininglog import log_set

    kw = _fields(body)
    kw["set_index"] = body.set_index or 1
    return _log(request, auth, athlete_id, "sets", log_set(**kw), number=body.set_index is None)


@router.post("/athletes/{athlete_id}/log/plyometrics", status_code=201, summary="log plyo")
def log_plyo_api(
    request: Request, auth: AuthDep, athlete_id: AthleteId, body: PlyoIn
) -> dict[str, Any]:
    from neurolift.training.traininglog import log_plyo

    return _log(request, auth, athlete_id, "plyometrics", log_plyo(**_fields(body)))


@router.post("/athletes/{athlete_id}/log/nmes", status_code=201, summary="neurolift log nmes")
def log_nmes_api(
    request: Request, auth: AuthDep, athlete_id: AthleteId, body: NmesIn
) -> dict[str, Any]:
    from neurolift.training.traininglog import log_nmes

    return _log(request, auth, athlete_id, "nmes", log_nmes(**_fields(body)))


@router.post("/athletes/{athlete_id}/log/wellness", status_code=201, summary="log wellness")
def log_wellness_api(
    request: Request, auth: AuthDep, athlete_id: AthleteId, body: WellnessIn
) -> dict[str, Any]:
    from neurolift.training.traininglog import log_wellness

    return _log(request, auth, athlete_id, "wellness", log_wellness(**_fields(body)))


# -- plans -----------------------------------------------------------------------------------
class PlanIn(BaseModel):
    goal: Literal["strength", "power", "hypertrophy"]
    weeks: int = Field(ge=1, le=52)
    days: int = Field(ge=1, le=7)
    start: dt.date | None = None
    taper: bool = False
    nmes: bool = False
    plyometrics: bool = True


@router.post("/athletes/{athlete_id}/plans", status_code=201, summary="neurolift plan create")
def plan_create(
    request: Request, auth: AuthDep, athlete_id: AthleteId, body: PlanIn
) -> dict[str, Any]:
    from neurolift.services.plan import plan_create_for

    a = _athlete(request, auth, athlete_id, "manage")
    made = plan_create_for(
        store_of(request),
        a.name,
        goal=body.goal,
        weeks=body.weeks,
        days=body.days,
        start_date=body.start,
        taper=body.taper,
        nmes=body.nmes,
        plyometrics=body.plyometrics,
    )
    return {"id": made.id, **to_plain(made.program.to_dict())}


@router.get("/athletes/{athlete_id}/plan", summary="The latest plan, one row per set (plan show)")
def plan_show(
    request: Request,
    auth: AuthDep,
    athlete_id: AthleteId,
    week: Annotated[int | None, Query(ge=1, le=52)] = None,
    limit: Limit = 1000,
    offset: Offset = 0,
    format: Format = "json",
) -> Any:
    from neurolift.services.plan import program_stored_rows

    a = _athlete(request, auth, athlete_id, "read")
    rows = program_stored_rows(store_of(request), a.name, week=week).rows
    return paginate(list(rows), limit=limit, offset=offset, fmt=format)


@router.get("/athletes/{athlete_id}/plan/today", summary="Today's load (neurolift plan today)")
def plan_today(
    request: Request,
    auth: AuthDep,
    athlete_id: AthleteId,
    exercise: Annotated[str, Query(max_length=64)],
    percent_1rm: Annotated[float, Query(gt=0, le=120)],
    date: dt.date | None = None,
    velocity_loss_cap_pct: Annotated[float | None, Query(gt=0, le=100)] = None,
) -> dict[str, Any]:
    from neurolift.services.plan import load_today_for

    a = _athlete(request, auth, athlete_id, "read")
    return load_today_for(
        store_of(request),
        a.name,
        exercise,
        percent_1rm=percent_1rm,
        date=date,
        velocity_loss_cap_pct=velocity_loss_cap_pct,
    ).to_dict()


@router.get("/whatif", summary="Adaptation model for methods x levels (simulate training)")
def whatif(
    auth: AuthDep,
    method: Annotated[list[str] | None, Query(max_length=7)] = None,
    level: Annotated[list[str] | None, Query(max_length=5)] = None,
    weeks: Annotated[int, Query(ge=1, le=104)] = 12,
) -> dict[str, Any]:
    from neurolift.web.pages_training import LEVELS, METHODS, whatif_grid

    authorize(auth.account, None, "read")
    bad = [m for m in method or [] if m not in METHODS] + [
        x for x in level or [] if x not in LEVELS
    ]
    if bad:
        raise InvalidParameterError(
            f"whatif: unknown method or level {bad}; methods {METHODS}, levels {LEVELS}"
        )
    grid = whatif_grid(method or ["heavy"], level or ["beginner"], weeks)
    return {"scenarios": grid["rows"], "final": grid["final"], "warnings": grid["warnings"]}


# -- reports ---------------------------------------------------------------------------------
Week = Annotated[str | None, Query(pattern=r"^\d{4}-W\d{2}$", description="ISO week, 2026-W48")]


@router.get(
    "/athletes/{athlete_id}/reports/weekly.pdf",
    summary="Weekly report PDF (neurolift report ATHLETE)",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
def report_weekly(
    request: Request, auth: AuthDep, athlete_id: AthleteId, week: Week = None
) -> Response:
    from neurolift.web.pages_training import report_pdf_weekly

    a = _athlete(request, auth, athlete_id, "read")
    return Response(report_pdf_weekly(store_of(request), a, week), media_type="application/pdf")


@router.get(
    "/reports/squad.pdf",
    summary="Squad overview PDF (neurolift report --squad)",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
def report_squad(request: Request, auth: AuthDep, week: Week = None) -> Response:
    from neurolift.web.pages_training import report_pdf_squad

    authorize(auth.account, None, "manage")
    store = store_of(request)
    names = [a.name for a in accounts.athletes_visible(store, auth.account)]
    return Response(report_pdf_squad(store, names, week), media_type="application/pdf")
