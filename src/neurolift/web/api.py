"""REST API under ``/api/v1/`` (OpenAPI at ``/api/v1/openapi.json``), mirroring the CLI.

Lists are paginated (``limit``, ``offset``; the reply carries ``total``) and export as CSV with
``format=csv``; single results are the library's ``to_dict()``, exactly what the CLI's
``--format json`` prints. Errors have one shape (``neurolift.web.errors``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from neurolift._results import to_plain
from neurolift.errors import NotFoundError, PermissionDeniedError
from neurolift.store import Store
from neurolift.store import accounts_repo as accounts
from neurolift.web.auth import Auth, authorize, require_auth

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
def athlete_get(request: Request, auth: AuthDep, athlete_id: int) -> dict[str, Any]:
    authorize(auth.account, athlete_id, "read")
    return store_of(request).get_athlete_by_id(athlete_id).to_dict()
