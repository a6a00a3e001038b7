"""Read endpoints for the office's published correction notices and
clarifications, behind a token like the figures: any valid token reads them.
Only what the portal shows is answered (drafts and withdrawn notices are
not); the feeds per language are the portal's ``/vi/dinh-chinh/rss.xml``,
``/en/corrections/atom.xml``…"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from doingoai.api.schemas import ErrorOut
from doingoai.api.tokens import TokenAuth
from doingoai.notices.models import RATINGS, Clarification, CorrectionNotice
from doingoai.notices.portal import rating_name, section_path

__all__ = ["router"]

router = Router(auth=TokenAuth(), tags=["notices"])
ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}


class NoticeFilters(Schema):
    language: str | None = Field(None, max_length=16, description="Written in this language.")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10_000)


class CorrectionOut(Schema):
    id: int
    article: int
    corrected_at: datetime
    published_at: datetime | None
    languages: list[str]
    texts: dict[str, dict[str, str]] = Field(
        description="Language → {wrong, right}: what was wrong and what is right."
    )
    feeds: dict[str, str] = Field(description="Language → the corrections' RSS feed.")


class CorrectionPage(Schema):
    count: int
    items: list[CorrectionOut]


class ClarificationOut(Schema):
    id: int
    slug: str
    published_at: datetime | None
    languages: list[str]
    texts: dict[str, dict[str, str]] = Field(description="Language → {title, claim, answer}.")
    claim_url: str
    claim_outlet: str
    claim_date: date
    claim_text: str
    claim_language: str
    rating: str = Field(description=f"One of {', '.join(RATINGS)}.")
    rating_names: dict[str, str] = Field(description="Language → the rating's name.")
    sources: list[str]
    concerns: list[int] = Field(description="Articles and reference pages it concerns.")
    paths: dict[str, str] = Field(description="Language → its page on the portal.")


class ClarificationPage(Schema):
    count: int
    items: list[ClarificationOut]


def _texts(item: CorrectionNotice | Clarification) -> dict[str, dict[str, str]]:
    return {lang: item.text(lang) for lang in item.languages}


def _correction(item: CorrectionNotice) -> dict[str, Any]:
    return {
        "id": item.pk,
        "article": item.article_id,
        "corrected_at": item.corrected_at,
        "published_at": item.published_at,
        "languages": item.languages,
        "texts": _texts(item),
        "feeds": {lang: section_path("corrections", lang) + "rss.xml" for lang in item.languages},
    }


def _clarification(item: Clarification) -> dict[str, Any]:
    return {
        "id": item.pk,
        "slug": item.slug,
        "published_at": item.published_at,
        "languages": item.languages,
        "texts": _texts(item),
        "claim_url": item.claim_url,
        "claim_outlet": item.claim_outlet,
        "claim_date": item.claim_date,
        "claim_text": item.claim_text,
        "claim_language": item.claim_language,
        "rating": item.rating,
        "rating_names": {lang: rating_name(item.rating, lang) for lang in item.languages},
        "sources": list(item.sources),
        "concerns": [a.pk for a in item.concerns.all()],
        "paths": {
            lang: section_path("clarifications", lang, pk=item.pk, slug=item.slug)
            for lang in item.languages
        },
    }


def _window(items: list[Any], filters: NoticeFilters) -> list[Any]:
    if filters.language:
        items = [i for i in items if filters.language in i.languages]
    return items


@router.get(
    "/corrections",
    response={200: CorrectionPage, **ERRORS},
    summary="Published correction notices, newest first",
)
def list_corrections(request: HttpRequest, filters: Query[NoticeFilters]) -> dict[str, Any]:
    found = _window(
        list(CorrectionNotice.objects.filter(state="published").order_by("-published_at", "-id")),
        filters,
    )
    page = found[filters.offset : filters.offset + filters.limit]
    return {"count": len(found), "items": [_correction(i) for i in page]}


@router.get(
    "/corrections/{notice_id}",
    response={200: CorrectionOut, **ERRORS},
    summary="One published correction notice",
)
def get_correction(request: HttpRequest, notice_id: int) -> dict[str, Any]:
    item = CorrectionNotice.objects.filter(pk=notice_id, state="published").first()
    if item is None:
        raise Http404(f"no published correction notice {notice_id}")
    return _correction(item)


@router.get(
    "/clarifications",
    response={200: ClarificationPage, **ERRORS},
    summary="Published clarifications of false public claims, newest first",
)
def list_clarifications(request: HttpRequest, filters: Query[NoticeFilters]) -> dict[str, Any]:
    found = _window(
        list(
            Clarification.objects.filter(state="published")
            .prefetch_related("concerns")
            .order_by("-published_at", "-id")
        ),
        filters,
    )
    page = found[filters.offset : filters.offset + filters.limit]
    return {"count": len(found), "items": [_clarification(i) for i in page]}


@router.get(
    "/clarifications/{clarification_id}",
    response={200: ClarificationOut, **ERRORS},
    summary="One published clarification",
)
def get_clarification(request: HttpRequest, clarification_id: int) -> dict[str, Any]:
    item = Clarification.objects.filter(pk=clarification_id, state="published").first()
    if item is None:
        raise Http404(f"no published clarification {clarification_id}")
    return _clarification(item)
