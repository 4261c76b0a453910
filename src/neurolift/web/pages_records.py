"""Pages for recordings: the upload form and a stored result (metrics and its plot)."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from neurolift.errors import NeuroliftError, NotFoundError, PermissionDeniedError
from neurolift.store import ResultRecord, Store
from neurolift.store import accounts_repo as accounts
from neurolift.web import charts
from neurolift.web.auth import Auth, ResultId, athlete_for, authorize, require_auth
from neurolift.web.pages import render, store_of
from neurolift.web.uploads import KINDS, UploadOptions, upload_analyze

__all__ = ["router", "result_for", "result_figure", "result_table"]

router = APIRouter(include_in_schema=False)
AuthDep = Annotated[Auth, Depends(require_auth)]


def result_for(store: Store, auth: Auth, result_id: int) -> ResultRecord:
    """A stored result the account may read (results of no athlete: admins only)."""
    try:
        if not 1 <= result_id <= 2**31 - 1:
            raise NotFoundError(f"no result with id {result_id}")
        rec = store.get_result(result_id)
    except NotFoundError:
        if auth.account.role == "admin":
            raise
        raise PermissionDeniedError("this result is not one of your athletes'") from None
    if rec.athlete_id is None:
        authorize(auth.account, None, "admin")
    else:
        authorize(auth.account, rec.athlete_id, "read")
    return rec


def result_table(payload: dict[str, Any]) -> list[tuple[str, Any]]:
    """The result's scalar fields (the CLI's ``metric | value`` table)."""
    return [
        (k, v)
        for k, v in payload.items()
        if k not in ("method", "warnings") and (v is None or isinstance(v, (int, float, str)))
    ]


def result_figure(store: Store, rec: ResultRecord) -> str | None:
    """The Plotly figure of a stored trial: force with phases, or the bar signal with reps."""
    if rec.trial_id is None:
        return None
    signal = store.load_trial(rec.trial_id).signal
    if rec.domain == "force":
        events = None
        if rec.kind in ("cmj", "sj"):
            from neurolift.signals.force import jump_process

            try:
                events = jump_process(signal, test=rec.kind, **_detection(rec.method)).events
                if rec.kind == "sj" or "zero_velocity" not in events:
                    events = {**events, "zero_velocity": events["onset"]}
            except NeuroliftError:
                events = None
        fig = charts.force_trial_figure(signal, _Payload(rec.payload), events)
    elif rec.domain == "vbt":
        fig = charts.velocity_set_figure(signal, rec.payload.get("reps") or [])
    else:
        return None
    return json.dumps(fig, allow_nan=False, separators=(",", ":"))


_DETECTION = ("onset_method", "onset_sd", "takeoff_threshold_n", "takeoff_method")


def _detection(method: dict[str, Any]) -> dict[str, Any]:
    return {k: method[k] for k in _DETECTION if method.get(k) is not None}


class _Payload:
    """Attribute access to a stored payload (the figure reads ``result.body_weight_n`` etc.)."""

    def __init__(self, payload: dict[str, Any]) -> None:
        self._p = payload

    def __getattr__(self, name: str) -> Any:
        value = self._p.get(name)
        if name == "jumps" and value:
            return [_Payload(j) for j in value]
        return value


def _athletes(store: Store, auth: Auth) -> list[Any]:
    return accounts.athletes_visible(store, auth.account)


@router.get("/upload")
def upload_form(request: Request, auth: AuthDep, athlete: int | None = None) -> HTMLResponse:
    return render(
        request,
        "upload.html",
        {"athletes": _athletes(store_of(request), auth), "selected": athlete, "kinds": KINDS,
         "error": None, "form": {}},
    )  # fmt: skip


@router.post("/upload")
def upload_submit(
    request: Request,
    auth: AuthDep,
    athlete_id: Annotated[int, Form()],
    kind: Annotated[str, Form(max_length=16)],
    file: Annotated[UploadFile, File()],
    sampling_rate: Annotated[str, Form(max_length=32)] = "",
    test: Annotated[str, Form(max_length=16)] = "auto",
    exercise: Annotated[str, Form(max_length=64)] = "",
    load_kg: Annotated[str, Form(max_length=32)] = "",
    unit: Annotated[str, Form(max_length=8)] = "V",
) -> Response:
    """Analyse and store an upload, then show it; a bad file gets the CLI's one-line error."""
    store = store_of(request)
    settings = request.app.state.settings
    form = {"kind": kind, "sampling_rate": sampling_rate, "test": test, "exercise": exercise,
            "load_kg": load_kg, "unit": unit}  # fmt: skip
    try:
        athlete = athlete_for(store, auth.account, athlete_id, "log")
        options = UploadOptions(
            sampling_rate=_number("sampling rate", sampling_rate),
            test=test or "auto",
            exercise=exercise or None,
            load_kg=_number("load", load_kg),
            unit=unit or "V",
        )
        data = file.file.read(settings.max_upload_bytes + 1)
        rec, _ = upload_analyze(
            store,
            athlete.name,
            kind,
            file.filename,
            data,
            options,
            max_bytes=settings.max_upload_bytes,
        )
    except NeuroliftError as exc:
        from neurolift.errors import AuthenticationError
        from neurolift.web.errors import status_for

        if isinstance(exc, (AuthenticationError, PermissionDeniedError)):
            raise
        return render(
            request,
            "upload.html",
            {"athletes": _athletes(store, auth), "selected": athlete_id, "kinds": KINDS,
             "error": str(exc), "form": form},
            status_for(exc),
        )  # fmt: skip
    return RedirectResponse(f"/results/{rec.id}", 303)


def _number(what: str, text: str) -> float | None:
    from neurolift.errors import InvalidParameterError

    if not text.strip():
        return None
    try:
        return float(text)
    except ValueError:
        raise InvalidParameterError(f"upload: the {what} must be a number, got {text!r}") from None


@router.get("/results/{result_id}")
def result_page(request: Request, auth: AuthDep, result_id: ResultId) -> HTMLResponse:
    store = store_of(request)
    rec = result_for(store, auth, result_id)
    athlete = store.get_athlete_by_id(rec.athlete_id) if rec.athlete_id else None
    rows = rec.payload.get("jumps") or rec.payload.get("reps") or rec.payload.get("units") or []
    return render(
        request,
        "result.html",
        {
            "rec": rec,
            "athlete": athlete,
            "table": result_table(rec.payload),
            "rows": [r for r in rows if isinstance(r, dict)],
            "figure": result_figure(store, rec),
            "warnings": rec.payload.get("warnings") or [],
            "plots": True,
        },
    )
