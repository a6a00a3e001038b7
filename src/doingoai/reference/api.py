"""Read endpoints for the reference pages and the facts, behind a token
(``Authorization: Bearer …``, from ``doingoai token create USER``): the
published pages in a language, with their facts at their current values, and
every fact with its history of values."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from doingoai.api.schemas import ErrorOut
from doingoai.api.tokens import TokenAuth
from doingoai.portal import content
from doingoai.reference import services
from doingoai.reference.models import Fact, ReferencePage
from doingoai.reference.sitemaps import page_path

__all__ = ["router"]

router = Router(auth=TokenAuth(), tags=["reference"])
ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}


class PageSummary(Schema):
    slug: str
    kind: str = Field(
        description="district, heritage, craft-village, festival, attraction, organisation or topic"
    )
    schema_type: str = Field(description="The schema.org type of the page's subject.")
    language: str
    title: str
    summary: str
    url: str
    languages: list[str] = Field(description="The languages the page is published in.")
    themes: list[str]
    updated: datetime | None


class PageOut(PageSummary):
    html: str = Field(description="The page's text, cleaned HTML, facts at their current values.")
    facts: list[str] = Field(description="The slugs of the facts the page cites.")


class LanguageQuery(Schema):
    language: str = Field("vi", pattern=r"^[a-z]{2}(-[a-z]{2,4})?$")


class ValueOut(Schema):
    value: str
    unit: str
    as_of: date
    valid_until: date | None
    source: str
    source_url: str
    recorded_at: datetime


class FactOut(Schema):
    slug: str
    name_vi: str
    name_en: str
    unit: str
    unit_en: str
    current: ValueOut | None
    history: list[ValueOut] = Field(description="Every value, newest first.")


def _summary(request: HttpRequest, shown: services.Rendered) -> dict[str, Any]:
    page: ReferencePage = shown.page
    return {
        "slug": page.slug,
        "kind": page.kind,
        "schema_type": page.schema_type,
        "language": shown.lang,
        "title": shown.title,
        "summary": shown.summary,
        "url": request.build_absolute_uri(page_path(shown.lang, page.slug)),
        "languages": shown.languages,
        "themes": [t.slug for t in page.themes.all()],
        "updated": shown.updated,
    }


@router.get(
    "/pages",
    response={200: list[PageSummary], **ERRORS},
    summary="Reference pages published in a language",
)
def list_pages(request: HttpRequest, query: Query[LanguageQuery]) -> list[dict[str, Any]]:
    return [_summary(request, r) for r in services.published_pages(query.language)]


@router.get(
    "/pages/{slug}",
    response={200: PageOut, **ERRORS},
    summary="A reference page in a language, its facts at their current values",
)
def get_page(request: HttpRequest, slug: str, query: Query[LanguageQuery]) -> dict[str, Any]:
    page = ReferencePage.objects.filter(slug=slug).first()
    shown = (
        services.rendered_page(page, query.language, content.source_language()) if page else None
    )
    if page is None or shown is None:
        raise HttpError(404, f"no reference page {slug!r} published in {query.language!r}")
    return {
        **_summary(request, shown),
        "html": shown.html,
        "facts": list(page.facts.values_list("slug", flat=True)),
    }


def _value(v: Any) -> dict[str, Any]:
    return {
        "value": f"{v.value.normalize():f}",
        "unit": v.unit,
        "as_of": v.as_of,
        "valid_until": v.valid_until,
        "source": v.source,
        "source_url": v.source_url,
        "recorded_at": v.recorded_at,
    }


def _fact(fact: Fact) -> dict[str, Any]:
    history = [_value(v) for v in fact.values.order_by("-as_of", "-recorded_at", "-id")]
    return {
        "slug": fact.slug,
        "name_vi": fact.name_vi,
        "name_en": fact.name_en,
        "unit": fact.unit,
        "unit_en": fact.unit_en,
        "current": history[0] if history else None,
        "history": history,
    }


@router.get("/facts", response={200: list[FactOut], **ERRORS}, summary="Every fact with its values")
def list_facts(request: HttpRequest) -> list[dict[str, Any]]:
    return [_fact(f) for f in Fact.objects.prefetch_related("values").order_by("slug")]


@router.get("/facts/{slug}", response={200: FactOut, **ERRORS}, summary="A fact with its values")
def get_fact(request: HttpRequest, slug: str) -> dict[str, Any]:
    fact = Fact.objects.filter(slug=slug).first()
    if fact is None:
        raise HttpError(404, f"no fact {slug!r}")
    return _fact(fact)
