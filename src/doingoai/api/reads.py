"""Read endpoints: published articles and their language versions, themes,
outlets and the changes since a time. No authentication; throttled per client."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, Literal

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.errors import HttpError, ValidationError
from pydantic import Field

from doingoai.api.schemas import (
    ArticleDetail,
    ArticlePage,
    Change,
    ChangesOut,
    ErrorOut,
    OutletOut,
    ThemeOut,
    VersionOut,
    VersionSummary,
)
from doingoai.curation.models import Theme
from doingoai.store.models import Article, Outlet
from doingoai.translation.models import TranslatedVersion

__all__ = ["MAX_LIMIT", "MAX_OFFSET", "router"]

MAX_LIMIT = 100
MAX_OFFSET = 10_000
# A search ranks at most this many matches before the filters of the API apply.
SEARCH_WINDOW = 1000

router = Router(tags=["articles"])
ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 422: ErrorOut, 429: ErrorOut}


class Page(Schema):
    limit: int = Field(20, ge=1, le=MAX_LIMIT, description=f"At most {MAX_LIMIT}.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class ArticleFilters(Page):
    q: str | None = Field(None, max_length=500, description="Search words; accents optional.")
    language: str | None = Field(None, max_length=16, description="Readable in this language.")
    outlet: str | None = Field(None, max_length=255, description="Outlet name or domain.")
    topic: str | None = Field(None, max_length=64)
    theme: str | None = Field(None, max_length=50, description="A theme's slug.")
    since: datetime | None = Field(None, description="Published by the outlet at or after.")
    accents: Literal["exact", "any"] = Field(
        "exact",
        description=(
            "exact: words typed with accents match those accents, and the articles that "
            "match only without them are counted in without_accents; any: they are listed "
            "after the exact ones."
        ),
    )


def _aware(value: datetime, name: str = "since") -> datetime:
    """``value`` with a time zone (the office's when it has none), or a 422
    naming the parameter, as for any value out of its range, when the moment
    cannot be stored: the database keeps times in UTC, years 1 to 9999."""
    aware = timezone.make_aware(value) if timezone.is_naive(value) else value
    try:
        # in UTC: PostgreSQL refuses offsets past ±15:59 that ISO 8601 allows
        return aware.astimezone(UTC)
    except OverflowError:
        message = f"{value.isoformat()} is out of range (years 1 to 9999 in UTC)"
        raise ValidationError(
            [{"loc": ("query", name), "msg": message, "type": "value_error"}]
        ) from None


def published_articles() -> QuerySet[Article]:
    """Articles whose Vietnamese original is on the portal."""
    return (
        Article.objects.filter(selection__status="published")
        .select_related("outlet", "selection")
        .prefetch_related("selection__themes")
    )


def _published_versions(ids: Iterable[int]) -> dict[int, list[TranslatedVersion]]:
    found: dict[int, list[TranslatedVersion]] = defaultdict(list)
    versions = (
        TranslatedVersion.objects.filter(
            source__article_id__in=list(ids), published_at__isnull=False
        )
        .select_related("source")
        .order_by("language")
    )
    for version in versions:
        found[version.source.article_id].append(version)
    return found


def _article(
    article: Article, versions: list[TranslatedVersion], snippet: str | None = None
) -> dict[str, Any]:
    selection = article.selection
    original = article.language or "vi"
    return {
        "id": article.pk,
        "title": article.title,
        "lead": article.lead,
        "url": article.url,
        "outlet": article.outlet.name if article.outlet else "",
        "outlet_domain": article.outlet.domain if article.outlet else "",
        "published_at": article.published_at,
        "language": article.language,
        "topic": article.topic,
        "themes": [t.slug for t in selection.themes.all()],
        "featured": selection.featured,
        "languages": [original, *(v.language for v in versions if v.language != original)],
        "updated_at": article.updated_at,
        "snippet": snippet,
    }


def _filtered(filters: ArticleFilters) -> QuerySet[Article]:
    articles = published_articles()
    if filters.language:
        lang = filters.language.strip().lower()
        articles = articles.filter(
            Q(language=lang)
            | Q(
                translation_source__versions__language=lang,
                translation_source__versions__published_at__isnull=False,
            )
        ).distinct()
    if filters.outlet and filters.outlet.strip():
        name = filters.outlet.strip()
        articles = articles.filter(
            Q(outlet__domain__iexact=name.removeprefix("www.")) | Q(outlet__name__iexact=name)
        )
    if filters.topic:
        articles = articles.filter(topic=filters.topic.strip())
    if filters.theme:
        articles = articles.filter(selection__themes__slug=filters.theme.strip())
    if filters.since is not None:
        articles = articles.filter(published_at__gte=_aware(filters.since))
    return articles


@router.get(
    "/articles",
    response={200: ArticlePage, **ERRORS},
    summary="List or search the published articles",
)
def list_articles(request: HttpRequest, filters: Query[ArticleFilters]) -> dict[str, Any]:
    """Newest first; with ``q``, best matches first (accents optional: "doi ngoai"
    finds "đối ngoại"; "Đảng" finds "Đảng", and ``without_accents`` counts the
    articles that match only without accents, listed with ``accents=any``)."""
    articles = _filtered(filters)
    snippets: dict[int, str] = {}
    interpreted: str | None = None
    without_accents: int | None = None
    if filters.q is not None and filters.q.strip():
        from doingoai.store.search import search

        # QueryError (a query that cannot be read) becomes a 400 in api.py.
        found = search(filters.q, limit=SEARCH_WINDOW, accents=filters.accents)
        interpreted = found.query_info.interpreted_as
        if found.without_accents:
            loose = search(filters.q, limit=SEARCH_WINDOW, accents="any")
            exact_ids = {h.article_id for h in found.hits}
            others = [h.article_id for h in loose.hits if h.article_id not in exact_ids]
            without_accents = articles.filter(pk__in=others).count()
        ranked = [h.article_id for h in found.hits]
        snippets = {h.article_id: h.snippet for h in found.hits}
        allowed = set(articles.filter(pk__in=ranked).values_list("pk", flat=True))
        ids = [pk for pk in ranked if pk in allowed]
        total = len(ids)
        page_ids = ids[filters.offset : filters.offset + filters.limit]
        by_id = {a.pk: a for a in published_articles().filter(pk__in=page_ids)}
        page = [by_id[pk] for pk in page_ids if pk in by_id]
    else:
        total = articles.count()
        page = list(
            articles.order_by("-published_at", "-id")[
                filters.offset : filters.offset + filters.limit
            ]
        )
    versions = _published_versions(a.pk for a in page)
    return {
        "total": total,
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [_article(a, versions[a.pk], snippets.get(a.pk)) for a in page],
        "interpreted_as": interpreted,
        "without_accents": without_accents,
    }


def _published_article(article_id: int) -> Article:
    article = published_articles().filter(pk=article_id).first()
    if article is None:
        raise HttpError(404, f"no published article {article_id}")
    return article


@router.get(
    "/articles/{article_id}",
    response={200: ArticleDetail, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="One published article with its language versions",
)
def get_article(request: HttpRequest, article_id: int) -> dict[str, Any]:
    article = _published_article(article_id)
    versions = _published_versions([article.pk])[article.pk]
    data = _article(article, versions)
    data.update(
        paragraphs=article.paragraphs,
        captions=article.captions,
        authors=article.authors,
        tags=article.tags,
        versions=[
            VersionSummary(
                language=v.language, title=v.title, published_at=v.published_at, outdated=v.outdated
            )
            for v in versions
        ],
    )
    return data


@router.get(
    "/articles/{article_id}/versions/{language}",
    response={200: VersionOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="The article in one language (the original or a published translation)",
)
def get_version(request: HttpRequest, article_id: int, language: str) -> dict[str, Any]:
    article = _published_article(article_id)
    lang = language.strip().lower()
    source = getattr(article, "translation_source", None)
    key = str(source.translation_key) if source is not None else ""
    if lang == (article.language or "vi"):
        return {
            "article": article.pk,
            "language": lang,
            "title": article.title,
            "lead": article.lead,
            "paragraphs": article.paragraphs,
            "captions": article.captions,
            "published_at": article.selection.published_at,
            "translation_key": key,
            "original": True,
        }
    version = _published_versions([article.pk]).get(article.pk, [])
    found = next((v for v in version if v.language == lang), None)
    if found is None:
        raise HttpError(404, f"article {article.pk} has no published version in {language!r}")
    return {
        "article": article.pk,
        "language": found.language,
        "title": found.title,
        "lead": found.lead,
        "paragraphs": found.paragraphs,
        "captions": found.captions,
        "published_at": found.published_at,
        "translation_key": str(found.translation_key),
        "original": False,
    }


@router.get(
    "/themes",
    response={200: list[ThemeOut], 429: ErrorOut},
    tags=["themes"],
    summary="The portal's themes",
)
def list_themes(request: HttpRequest) -> QuerySet[Theme]:
    return Theme.objects.order_by("position", "slug")


@router.get(
    "/outlets",
    response={200: list[OutletOut], 429: ErrorOut},
    tags=["outlets"],
    summary="Outlets with published articles",
)
def list_outlets(request: HttpRequest) -> list[dict[str, Any]]:
    outlets = (
        Outlet.objects.annotate(
            articles=Count("article", filter=Q(article__selection__status="published"))
        )
        .filter(articles__gt=0)
        .order_by("-articles", "domain")
    )
    return [{"domain": o.domain, "name": o.name, "articles": o.articles} for o in outlets]


ChangeKind = Literal["article", "version"]
ChangeWhat = Literal["published", "updated"]


class ChangesQuery(Page):
    since: datetime = Field(description="Changes at or after this time (ISO 8601).")


@router.get(
    "/changes",
    response={200: ChangesOut, **ERRORS},
    tags=["changes"],
    summary="What changed since a time",
)
def changes(request: HttpRequest, query: Query[ChangesQuery]) -> dict[str, Any]:
    """Published articles and versions published or updated since ``since``,
    oldest first, so a client can page through and remember ``until``."""
    since = _aware(query.since)
    until = timezone.now()
    window = query.offset + query.limit
    found: list[Change] = []
    total = 0

    articles = Article.objects.filter(selection__status="published")
    versions = TranslatedVersion.objects.filter(
        published_at__isnull=False, source__article__selection__status="published"
    )
    streams: list[tuple[QuerySet[Any], tuple[str, str, str], ChangeKind, ChangeWhat]] = [
        (
            articles.filter(selection__published_at__gte=since),
            ("pk", "language", "selection__published_at"),
            "article",
            "published",
        ),
        (
            articles.filter(updated_at__gte=since).exclude(selection__published_at__gte=since),
            ("pk", "language", "updated_at"),
            "article",
            "updated",
        ),
        (
            versions.filter(published_at__gte=since),
            ("source__article_id", "language", "published_at"),
            "version",
            "published",
        ),
        (
            versions.filter(updated_at__gte=since).exclude(published_at__gte=since),
            ("source__article_id", "language", "updated_at"),
            "version",
            "updated",
        ),
    ]
    for rows, fields, kind, what in streams:
        total += rows.count()
        # Each stream's first offset+limit changes by time are enough to cut the page.
        for pk, lang, at in rows.order_by(fields[2], "pk").values_list(*fields)[:window]:
            found.append(Change(kind=kind, article=pk, language=lang or "vi", change=what, at=at))

    found.sort(key=lambda c: (c.at, c.kind, c.article, c.language))
    return {
        "since": since,
        "until": until,
        "total": total,
        "limit": query.limit,
        "offset": query.offset,
        "items": found[query.offset : window],
    }
