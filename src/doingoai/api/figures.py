"""Read endpoints for the office's figures, behind a token: the same
functions as the dashboard and ``doingoai report`` (see docs/reports.md).
Managers' and editors' tokens read every unit; a unit contributor's token
reads its own unit; other tokens are refused. Figures per translator are in
the answer only for managers."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from doingoai.api.models import ApiToken
from doingoai.api.schemas import ErrorOut
from doingoai.api.tokens import TokenAuth
from doingoai.curation import roles
from doingoai.curation.models import Unit
from doingoai.errors import InputError
from doingoai.reports.events import Filters
from doingoai.reports.figures import (
    DIMENSIONS,
    stage_counts,
    target_progress,
    translation_figures,
    turnaround,
)
from doingoai.reports.periods import GRAINS, Period, parse_period

__all__ = ["router"]

router = Router(auth=TokenAuth(), tags=["figures"])
ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut}


class Slice(Schema):
    period: str = Field(
        description="A year (2015), a quarter (2015-Q2), a month or a range (2013..2015)."
    )
    unit: str | None = Field(
        None, max_length=50, description="A unit's slug (with the units merged into it)."
    )
    theme: str | None = Field(None, max_length=50, description="A theme's slug.")
    language: str | None = Field(None, max_length=16, description="A language code.")


class CountsQuery(Slice):
    by: str = Field(
        "stage",
        description=f"Dimensions, comma-separated, among {', '.join(DIMENSIONS)}.",
        max_length=60,
    )
    grain: str | None = Field(None, description=f"The time step for 'step': {', '.join(GRAINS)}.")


class PeriodOut(Schema):
    key: str
    start: str
    end: str


class CountRow(Schema):
    stage: str | None = None
    unit: str | None = None
    theme: str | None = None
    language: str | None = None
    step: str | None = None
    count: int


class CountsOut(Schema):
    period: PeriodOut
    by: list[str]
    rows: list[CountRow]


class TurnaroundOut(Schema):
    period: PeriodOut
    languages: dict[str, dict[str, float | int | None]]


class TargetOut(Schema):
    plan: int
    plan_name: str
    measure: str
    stage: str
    unit: str | None
    theme: str
    language: str
    value: float
    actual: float | None
    percent: float | None
    expected: float
    met: bool
    behind: bool


class TargetsOut(Schema):
    period: PeriodOut
    targets: list[TargetOut]


class TranslationOut(Schema):
    period: PeriodOut
    figures: dict[str, Any]


def _period_out(period: Period) -> dict[str, str]:
    return {"key": period.key, "start": period.start.isoformat(), "end": period.end.isoformat()}


def _scope(request: HttpRequest, query: Slice) -> tuple[Period, Filters]:
    token = request.auth  # type: ignore[attr-defined]
    assert isinstance(token, ApiToken)
    user = token.user
    if not roles.can_read_reports(user):
        raise HttpError(403, "this token's user may not read the office's figures")
    try:
        period = parse_period(query.period)
    except InputError as err:
        raise HttpError(400, str(err)) from err
    unit_id: int | None = None
    if query.unit:
        unit = Unit.objects.filter(slug=query.unit).first()
        if unit is None:
            raise HttpError(404, f"unit: no unit {query.unit!r}")
        unit_id = unit.pk
    allowed = roles.report_units(user)
    if allowed is not None:
        if unit_id is not None and unit_id not in allowed:
            raise HttpError(403, "unit: this token reads only its own unit's figures")
        unit_id = allowed[0]
    return period, Filters(unit=unit_id, theme=query.theme or None, language=query.language or None)


@router.get(
    "/figures/counts",
    response={200: CountsOut, **ERRORS},
    summary="Articles reaching each stage, by unit, theme, language and time step",
)
def counts(request: HttpRequest, query: Query[CountsQuery]) -> dict[str, Any]:
    period, filters = _scope(request, query)
    by = tuple(d.strip() for d in query.by.split(",") if d.strip())
    unknown = [d for d in by if d not in DIMENSIONS]
    if unknown or not by:
        raise HttpError(400, f"by: expected some of {', '.join(DIMENSIONS)}")
    if query.grain is not None and query.grain not in GRAINS:
        raise HttpError(400, f"grain: expected one of {', '.join(GRAINS)}")
    found = stage_counts(period, filters, by=by, grain=query.grain)
    slugs = dict(Unit.objects.values_list("pk", "slug"))
    rows = []
    for key, n in sorted(found.items(), key=lambda kv: tuple(str(v) for v in kv[0])):
        row: dict[str, Any] = {"count": n}
        for dim, value in zip(by, key, strict=True):
            row[dim] = slugs.get(value) if dim == "unit" and value is not None else value
        rows.append(row)
    return {"period": _period_out(period), "by": list(by), "rows": rows}


@router.get(
    "/figures/turnaround",
    response={200: TurnaroundOut, **ERRORS},
    summary="Days from selection to publication, per language",
)
def turnaround_days(request: HttpRequest, query: Query[Slice]) -> dict[str, Any]:
    period, filters = _scope(request, query)
    return {"period": _period_out(period), "languages": turnaround(period, filters)}


@router.get(
    "/figures/translation",
    response={200: TranslationOut, **ERRORS},
    summary="Words, memory leverage, machine share, post-edit distance, QA errors, overdue jobs",
)
def translation(request: HttpRequest, query: Query[Slice]) -> dict[str, Any]:
    period, filters = _scope(request, query)
    token = request.auth  # type: ignore[attr-defined]
    staff = roles.can_see_staff_figures(token.user)
    figures = translation_figures(period, filters).as_dict(staff=staff)
    return {"period": _period_out(period), "figures": figures}


@router.get(
    "/figures/targets",
    response={200: TargetsOut, **ERRORS},
    summary="The plans' targets over the period and what was reached",
)
def targets(request: HttpRequest, query: Query[Slice]) -> dict[str, Any]:
    period, filters = _scope(request, query)
    slugs = dict(Unit.objects.values_list("pk", "slug"))
    rows = []
    for row in target_progress(period, filters):
        data = row.as_dict()
        data["unit"] = slugs.get(row.unit) if row.unit is not None else None
        rows.append(data)
    return {"period": _period_out(period), "targets": rows}
