"""The events every count is made of: one article reaching one stage in one
language on one day, attributed to one unit.

========== ============================================ ===========================
stage      when                                         language
========== ============================================ ===========================
collected  the article was stored (``Article.created_at``) the article's language
selected   it was selected (``Selection.selected_at``)     the article's language
translated its version was approved (``approved_at``)      the version's language
published  the original went on the portal                 the article's language
           (``Selection.published_at``), or a version      the version's language
           did (``TranslatedVersion.published_at``)
withdrawn  a ``withdraw`` entry of the audit log           the article's language
corrected  a ``correct-article`` entry of the audit log    the article's language
========== ============================================ ===========================

An article's unit is its selection's unit, else the article's own unit, else
the unit that submitted it, else the unit of the collection source it was
collected from (the office's ``Source`` whose URL the raw document names as
its source, attributed to a unit by ``curation.SourceUnit``), else its
outlet's unit; a unit merged into another counts as that other. Days are
the office's days (``TIME_ZONE``). Its themes are its selection's themes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from doingoai.curation.models import AuditLog, Selection, Unit
from doingoai.plans.models import STAGES
from doingoai.reports.periods import Period
from doingoai.store.models import Article
from doingoai.translation.models import TranslatedVersion

__all__ = [
    "STAGES",
    "Event",
    "Filters",
    "Group",
    "article_themes",
    "grouped_counts",
    "source_unit_expr",
    "stage_events",
    "unit_map",
]


@dataclass(frozen=True)
class Filters:
    """A slice: one unit (with the units merged into it), one theme slug, one
    language; ``units`` limits everything to a set of unit ids (a unit
    contributor's own)."""

    unit: int | None = None
    theme: str | None = None
    language: str | None = None
    units: tuple[int, ...] | None = None


@dataclass(frozen=True)
class Event:
    stage: str
    day: date
    article: int
    language: str
    unit: int | None


def bounds(period: Period) -> tuple[datetime, datetime]:
    """The period as [start, end) in aware datetimes of the office's time zone."""
    tz = timezone.get_current_timezone()
    start = datetime.combine(period.start, time.min, tzinfo=tz)
    end = datetime.combine(period.end + timedelta(days=1), time.min, tzinfo=tz)
    return start, end


def local_day(at: datetime) -> date:
    return timezone.localtime(at).date()


def unit_expr(kind: str) -> Any:
    """The database expression of an event's unit before merges: the first
    of the selection's, the article's, the submitter's, its collection
    source's and the outlet's."""
    from django.db.models import IntegerField
    from django.db.models.functions import Coalesce

    sel, art, sub, outlet = (F(f) for f in _UNIT_FIELDS[kind])
    return Coalesce(
        sel, art, sub, source_unit_expr(_ARTICLE[kind]), outlet, output_field=IntegerField()
    )


def source_unit_expr(article: str = "") -> Any:
    """The database expression of the unit of the collection source an
    article was collected from (``article`` is the path to the article,
    ending in ``__``, or empty for the article itself): the unit attributed
    to the office's source whose URL the article's raw document names."""
    from django.db.models import OuterRef, Subquery

    from doingoai.curation.models import SourceUnit

    return Subquery(
        SourceUnit.objects.filter(source__url=OuterRef(f"{article}raw__source"))
        .order_by("source_id")
        .values("unit_id")[:1]
    )


def day_of(field: str, period: Period) -> Any:
    """A database expression for the office's day of the time in ``field``.
    On SQLite, Django's own date truncation calls back into Python for every
    row; when the office's time zone keeps one offset over the period (Hà Nội
    has had no daylight saving since 1975) the day is SQLite's own
    ``date(field, '+N seconds')`` instead."""
    from django.db import connection
    from django.db.models import DateField, Func, Value

    tz = timezone.get_current_timezone()
    if connection.vendor == "sqlite":
        start, end = bounds(period)
        first, last = start.utcoffset(), (end - timedelta(seconds=1)).astimezone(tz).utcoffset()
        if first is not None and first == last:
            seconds = int(first.total_seconds())
            return Func(
                F(field), Value(f"{seconds:+d} seconds"), function="date", output_field=DateField()
            )
    return TruncDate(field, tzinfo=tz)


def unit_map() -> dict[int, int]:
    """Unit id → the id it counts as (itself, or the unit it was merged into)."""
    rows = dict(Unit.objects.values_list("id", "merged_into_id"))
    out: dict[int, int] = {}
    for pk in rows:
        current, seen = pk, {pk}
        while rows.get(current) is not None and rows[current] not in seen:
            current = rows[current]
            seen.add(current)
        out[pk] = current
    return out


def _unit(row: dict[str, Any], units: dict[int, int]) -> int | None:
    for key in ("sel_unit", "art_unit", "sub_unit", "src_unit", "outlet_unit"):
        if row.get(key) is not None:
            return units.get(row[key], row[key])
    return None


#: the path from each kind of row to its article
_ARTICLE = {"collected": "", "selected": "article__", "version": "source__article__"}
_UNIT_FIELDS = {
    "collected": ("selection__unit_id", "unit_id", "submission__unit_id", "outlet__unit_id"),
    "selected": (
        "unit_id",
        "article__unit_id",
        "article__submission__unit_id",
        "article__outlet__unit_id",
    ),
    "version": (
        "source__article__selection__unit_id",
        "source__article__unit_id",
        "source__article__submission__unit_id",
        "source__article__outlet__unit_id",
    ),
}


def _rows(
    query: QuerySet[Any], article: str, at: str, lang: str, units: str
) -> list[dict[str, Any]]:
    sel, art, sub, outlet = _UNIT_FIELDS[units]
    return list(
        query.annotate(
            _article=F(article),
            _at=F(at),
            _lang=F(lang),
            sel_unit=F(sel),
            art_unit=F(art),
            sub_unit=F(sub),
            src_unit=source_unit_expr(_ARTICLE[units]),
            outlet_unit=F(outlet),
        ).values(
            "_article",
            "_at",
            "_lang",
            "sel_unit",
            "art_unit",
            "sub_unit",
            "src_unit",
            "outlet_unit",
        )
    )


def _audit_rows(action: str, start: datetime, end: datetime) -> list[dict[str, Any]]:
    entries = list(
        AuditLog.objects.filter(action=action, at__gte=start, at__lt=end).values_list(
            "object_type", "object_id", "data", "at"
        )
    )
    article_ids: dict[int, datetime] = {}
    pairs: list[tuple[int, datetime]] = []
    for object_type, object_id, data, at in entries:
        if object_type == "store.article":
            pairs.append((int(object_id), at))
        elif isinstance(data, dict) and data.get("article") is not None:
            pairs.append((int(data["article"]), at))
    for pk, at in pairs:
        article_ids.setdefault(pk, at)
    info = {
        row["id"]: row
        for row in Article.objects.filter(pk__in={pk for pk, _ in pairs})
        .annotate(
            sel_unit=F("selection__unit_id"),
            art_unit=F("unit_id"),
            sub_unit=F("submission__unit_id"),
            src_unit=source_unit_expr(),
            outlet_unit=F("outlet__unit_id"),
        )
        .values("id", "language", "sel_unit", "art_unit", "sub_unit", "src_unit", "outlet_unit")
    }
    return [
        {**info[pk], "_article": pk, "_at": at, "_lang": info[pk]["language"]}
        for pk, at in pairs
        if pk in info
    ]


def stage_events(
    period: Period, filters: Filters | None = None, stages: tuple[str, ...] = STAGES
) -> list[Event]:
    """Every event of ``stages`` in ``period`` within ``filters``."""
    filters = filters or Filters()
    start, end = bounds(period)
    units = unit_map()
    raw: list[tuple[str, dict[str, Any]]] = []
    if "collected" in stages:
        q: QuerySet[Any] = Article.objects.filter(created_at__gte=start, created_at__lt=end)
        raw += [("collected", r) for r in _rows(q, "id", "created_at", "language", "collected")]
    if "selected" in stages:
        q = Selection.objects.filter(selected_at__gte=start, selected_at__lt=end)
        raw += [
            ("selected", r)
            for r in _rows(q, "article_id", "selected_at", "article__language", "selected")
        ]
    if "published" in stages:
        q = Selection.objects.filter(published_at__gte=start, published_at__lt=end)
        raw += [
            ("published", r)
            for r in _rows(q, "article_id", "published_at", "article__language", "selected")
        ]
        v = TranslatedVersion.objects.filter(published_at__gte=start, published_at__lt=end)
        raw += [
            ("published", r)
            for r in _rows(v, "source__article_id", "published_at", "language", "version")
        ]
    if "translated" in stages:
        v = TranslatedVersion.objects.filter(approved_at__gte=start, approved_at__lt=end)
        raw += [
            ("translated", r)
            for r in _rows(v, "source__article_id", "approved_at", "language", "version")
        ]
    if "withdrawn" in stages:
        raw += [("withdrawn", r) for r in _audit_rows("withdraw", start, end)]
    if "corrected" in stages:
        raw += [("corrected", r) for r in _audit_rows("correct-article", start, end)]
    themed: set[int] | None = None
    if filters.theme:
        themed = set(
            Selection.objects.filter(themes__slug=filters.theme).values_list(
                "article_id", flat=True
            )
        )
    events: list[Event] = []
    for stage, row in raw:
        event = Event(
            stage=stage,
            day=local_day(row["_at"]),
            article=row["_article"],
            language=row["_lang"] or "",
            unit=_unit(row, units),
        )
        if filters.unit is not None and event.unit != units.get(filters.unit, filters.unit):
            continue
        if filters.units is not None and event.unit not in filters.units:
            continue
        if filters.language and event.language != filters.language:
            continue
        if themed is not None and event.article not in themed:
            continue
        events.append(event)
    events.sort(key=lambda e: (e.day, STAGES.index(e.stage), e.article, e.language))
    return events


def article_themes(article_ids: set[int]) -> dict[int, list[str]]:
    """The theme slugs of each article's selection."""
    out: dict[int, list[str]] = defaultdict(list)
    rows = Selection.themes.through.objects.filter(
        Q(selection__article_id__in=article_ids)
    ).values_list("selection__article_id", "theme__slug")
    for article, slug in rows:
        out[article].append(slug)
    return out


@dataclass(frozen=True)
class Group:
    """How many events share a stage, day (when asked for), language, unit
    and theme (when asked for)."""

    stage: str
    day: date | None
    language: str
    unit: int | None
    theme: str | None
    count: int


#: stage, model, time field, language field, unit fields, theme path
_SOURCES: tuple[tuple[str, Any, str, str, str, str], ...] = (
    ("collected", Article, "created_at", "language", "collected", "selection__themes__slug"),
    ("selected", Selection, "selected_at", "article__language", "selected", "themes__slug"),
    ("published", Selection, "published_at", "article__language", "selected", "themes__slug"),
    (
        "published",
        TranslatedVersion,
        "published_at",
        "language",
        "version",
        "source__article__selection__themes__slug",
    ),
    (
        "translated",
        TranslatedVersion,
        "approved_at",
        "language",
        "version",
        "source__article__selection__themes__slug",
    ),
)


def grouped_counts(
    period: Period,
    filters: Filters | None = None,
    stages: tuple[str, ...] = STAGES,
    *,
    by_day: bool = False,
    by_theme: bool = False,
    months: bool = False,
) -> list[Group]:
    """The events of :func:`stage_events`, counted by the database in groups
    instead of fetched one by one (the same events, the same attribution).
    With ``months`` a group's day may be the first of its month (enough for
    steps of a month or a quarter: the rollups then return fewer groups)."""
    filters = filters or Filters()
    start, end = bounds(period)
    units = unit_map()
    wanted_unit = units.get(filters.unit, filters.unit) if filters.unit is not None else None
    groups: list[Group] = []

    def keep(unit: int | None) -> bool:
        if filters.unit is not None and unit != wanted_unit:
            return False
        return filters.units is None or unit in filters.units

    from doingoai.reports import rollups

    if rollups.enabled():
        allowed: list[int] | None = None
        if filters.unit is not None:
            allowed = rollups.unit_ids([filters.unit], units)
        if filters.units is not None:
            inside = rollups.unit_ids(filters.units, units, resolve=False)
            allowed = inside if allowed is None else [u for u in allowed if u in inside]
        for row in rollups.stage_rows(
            period.start,
            period.end,
            [s for s in stages if s in rollups.ROLLUP_STAGES],
            theme=filters.theme,
            by_theme=by_theme,
            by_day=by_day,
            language=filters.language,
            units=allowed,
            months=months,
        ):
            unit = units.get(row["_unit"], row["_unit"]) if row["_unit"] is not None else None
            groups.append(
                Group(
                    stage=row["_stage"],
                    day=row["_day"] if by_day else None,
                    language=row["_lang"] or "",
                    unit=unit,
                    theme=row["_theme"] if by_theme else None,
                    count=row["n"],
                )
            )
    for stage, model, at, lang, kind, theme_path in _SOURCES:
        if stage not in stages or rollups.enabled():
            continue
        query = model.objects.filter(**{f"{at}__gte": start, f"{at}__lt": end})
        if filters.language:
            query = query.filter(**{lang: filters.language})
        if filters.theme:
            query = query.filter(**{theme_path: filters.theme})
        fields: dict[str, Any] = {"_lang": F(lang), "_unit": unit_expr(kind)}
        if by_day:
            fields["_day"] = day_of(at, period)
        if by_theme:
            fields["_theme"] = F(theme_path)
        rows = query.annotate(**fields).values(*fields).annotate(n=Count("pk")).order_by()
        for row in rows:
            unit = units.get(row["_unit"], row["_unit"]) if row["_unit"] is not None else None
            if not keep(unit):
                continue
            groups.append(
                Group(
                    stage=stage,
                    day=row.get("_day"),
                    language=row["_lang"] or "",
                    unit=unit,
                    theme=row.get("_theme"),
                    count=row["n"],
                )
            )
    for stage, action in (("withdrawn", "withdraw"), ("corrected", "correct-article")):
        if stage not in stages:
            continue
        found = _audit_rows(action, start, end)
        themes = article_themes({r["_article"] for r in found}) if by_theme or filters.theme else {}
        for row in found:
            unit = _unit(row, units)
            language = row["_lang"] or ""
            if not keep(unit) or (filters.language and language != filters.language):
                continue
            if filters.theme and filters.theme not in themes.get(row["_article"], []):
                continue
            day = local_day(row["_at"]) if by_day else None
            found_themes: list[str | None] = list(themes.get(row["_article"], []))
            for theme in (found_themes or [None]) if by_theme else [None]:
                groups.append(Group(stage, day, language, unit, theme, 1))
    return groups
