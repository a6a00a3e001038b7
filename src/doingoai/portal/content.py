"""What the portal shows, read from the curation and translation apps.

A Vietnamese original is on the portal when its selection is published; a
version in another language when that version is published too. Every page
is built from :class:`Story` objects: one article in one language.
"""

from __future__ import annotations

import functools
import json
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    CharField,
    Count,
    DateTimeField,
    Exists,
    Func,
    OuterRef,
    QuerySet,
    Value,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify

from doingoai.curation.models import AuditLog, Selection, Theme
from doingoai.store.models import Article, Outlet
from doingoai.text import fold
from doingoai.translation.models import JobEvent, SourceKey, TranslatedVersion

__all__ = [
    "Figure",
    "Story",
    "clear_page_cache",
    "connect_signals",
    "months",
    "portal_languages",
    "portal_path",
    "source_language",
    "stamp",
    "stories",
    "story",
    "theme_sections",
    "themes",
    "version_paths",
]


@dataclass(frozen=True, slots=True)
class Figure:
    src: str
    caption: str


@dataclass(slots=True)
class Story:
    """One published article in one language, as a reader sees it."""

    article_id: int
    lang: str
    title: str
    lead: str
    paragraphs: list[str]
    figures: list[Figure]
    authors: list[str]
    date: datetime | None
    outlet: str
    original_url: str
    featured: bool
    themes: list[Theme] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    updated: datetime | None = None

    @property
    def slug(self) -> str:
        return title_slug(self.title)

    @property
    def path(self) -> str:
        return story_path(self.lang, self.article_id, self.slug)

    @property
    def other_languages(self) -> list[str]:
        return [lang for lang in self.languages if lang != self.lang]


def title_slug(title: str) -> str:
    """The URL slug of a title: folded (đ → d, no accents), lowercase, hyphens."""
    return slugify(fold(title))[:80].strip("-") or "article"


def story_path(lang: str, article_id: int, slug: str) -> str:
    return portal_path("article", lang, pk=article_id, slug=slug)


#: stand-ins reversed once per URL name and language: a path is then the
#: pieces between them joined with the values (reversing each link of a page
#: was a tenth of its time); an int, a slug and a month, as the converters take
_STAND_INS: dict[str, str] = {"pk": "918273645", "year": "2987", "month": "13", "slug": "q9x8z7w6"}


def portal_path(name: str, lang: str, **values: Any) -> str:
    """The path of the portal's URL ``name`` in ``lang`` with ``values``
    (int ids, years and months, ASCII slugs), as ``reverse`` gives it."""
    keys = tuple(values)
    pieces = _path_pieces(name, lang, keys, get_script_prefix(), get_urlconf())
    out = [pieces[0]]
    for key, piece in zip(keys, pieces[1:], strict=True):
        out.append(str(values[key]))
        out.append(piece)
    return "".join(out)


@functools.lru_cache(maxsize=1024)
def _path_pieces(
    name: str, lang: str, keys: tuple[str, ...], prefix: str, urlconf: str | None
) -> tuple[str, ...]:
    from django.urls import reverse

    path = reverse(f"portal:{name}", kwargs={"lang": lang, **{k: _STAND_INS[k] for k in keys}})
    pieces = []
    for key in keys:
        before, found, path = path.partition(_STAND_INS[key])
        if not found:
            raise ValueError(f"the path of {name!r} has no {key!r} where it is expected")
        pieces.append(before)
    return (*pieces, path)


def portal_languages() -> list[str]:
    """The portal's languages in the order of the LANGUAGES setting."""
    return [code for code, _ in settings.LANGUAGES]


def source_language() -> str:
    """The language of the originals: the first portal language (vi)."""
    langs = portal_languages()
    return langs[0] if langs else "vi"


def themes() -> list[Theme]:
    return list(Theme.objects.order_by("position", "slug"))


_Row = TypeVar("_Row")

_SORT = Coalesce("published_at", "selection__published_at", output_field=DateTimeField())


#: what a story never shows: left in the database when articles are read
_UNREAD = ("body", "subheadings", "tags", "related", "warnings", "entities", "minhash")


def _in_language(lang: str) -> Exists:
    """Articles with a published version in ``lang`` (a subquery: no join
    that would repeat an article, so no DISTINCT over whole rows)."""
    return Exists(
        TranslatedVersion.objects.filter(
            source__article_id=OuterRef("pk"), language=lang, published_at__isnull=False
        )
    )


def _versions(lang: str) -> QuerySet[TranslatedVersion]:
    return TranslatedVersion.objects.filter(
        language=lang,
        published_at__isnull=False,
        source__article__selection__status="published",
    )


def _sql_names() -> dict[str, str]:
    """The quoted table names the portal's hand-written queries read."""
    quote = connection.ops.quote_name
    return {
        "article": quote(Article._meta.db_table),
        "outlet": quote(Outlet._meta.db_table),
        "selection": quote(Selection._meta.db_table),
        "links": quote(Selection.themes.through._meta.db_table),
        "theme": quote(Theme._meta.db_table),
        "version": quote(TranslatedVersion._meta.db_table),
        "source": quote(SourceKey._meta.db_table),
    }


def _query(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    """Rows of a query written by hand (its tables named ``{article}``,
    ``{selection}``… as in :func:`_sql_names`): the queries of a page are few
    and short, and written by hand they skip the ORM's query building, which
    was a large part of a page's time."""
    with connection.cursor() as cursor:
        cursor.execute(sql.format(**_sql_names()), params)
        return list(cursor.fetchall())


def _rows(sql: str, ids: list[int], *before: Any) -> list[tuple[Any, ...]]:
    """Rows of ``sql`` for the ids (``{ids}`` in it), read 500 ids at a time."""
    out: list[tuple[Any, ...]] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join(["%s"] * len(chunk))
        out.extend(_query(sql.replace("{ids}", marks), [*before, *chunk]))
    return out


def _when(value: Any) -> datetime | None:
    """A date-time read by hand: SQLite gives text, PostgreSQL an aware value."""
    if value is None or isinstance(value, datetime):
        return value if value is None or timezone.is_aware(value) else _utc(value)
    parsed = parse_datetime(str(value))
    if parsed is None:
        return None
    return parsed if timezone.is_aware(parsed) else _utc(parsed)


def _outlet_date(value: Any) -> datetime | None:
    """A story's date: the outlet's, as Hà Nội saw it; none when the source
    gave none (never the day it was collected or put on the portal)."""
    found = _when(value)
    return None if found is None else timezone.localtime(found)


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC)


def _json_list(value: Any) -> list[Any]:
    if value is None:
        return []
    found = json.loads(value) if isinstance(value, str | bytes) else value
    return list(found) if isinstance(found, list) else []


_LANGUAGES_SQL = (
    "SELECT k.article_id, v.language FROM {version} v JOIN {source} k ON k.id = v.source_id "
    "WHERE v.published_at IS NOT NULL AND k.article_id IN ({ids})"
)


def _languages_of(article_ids: Iterable[int]) -> dict[int, list[str]]:
    ids = list(article_ids)
    found: dict[int, set[str]] = defaultdict(set)
    if not ids:
        return {}
    for article_id in ids:
        found[article_id].add(source_language())
    for article_id, lang in _rows(_LANGUAGES_SQL, ids):
        found[article_id].add(lang)
    order = portal_languages()
    return {
        article_id: [lang for lang in order if lang in langs] for article_id, langs in found.items()
    }


_THEMES_SQL = (
    "SELECT s.article_id, t.id, t.slug, t.name_vi, t.name_en, t.position FROM {links} l "
    "JOIN {selection} s ON s.id = l.selection_id JOIN {theme} t ON t.id = l.theme_id "
    "WHERE s.article_id IN ({ids})"
)


def _themes_of(article_ids: Iterable[int]) -> dict[int, list[Theme]]:
    out: dict[int, list[Theme]] = defaultdict(list)
    ids = list(article_ids)
    if not ids:
        return out
    # the themes' columns read with the links (no Selection objects built)
    seen: dict[int, Theme] = {}
    for article_id, theme_id, slug, name_vi, name_en, position in _rows(_THEMES_SQL, ids):
        if theme_id not in seen:
            seen[theme_id] = Theme(
                id=theme_id, slug=slug, name_vi=name_vi, name_en=name_en, position=position
            )
        out[article_id].append(seen[theme_id])
    for values in out.values():
        values.sort(key=lambda t: (t.position, t.slug))
    return out


def _figures(images: list[dict[str, Any]], captions: list[str]) -> list[Figure]:
    figures: list[Figure] = []
    used = 0
    for image in images or []:
        src = str(image.get("src") or "")
        if not src.startswith(("http://", "https://", "/")):
            continue
        caption = str(image.get("caption") or "")
        if used < len(captions) and (not caption or caption == captions[used]):
            caption = captions[used]
            used += 1
        figures.append(Figure(src, caption))
    # a caption whose image was not kept stays in the text, never shown alone
    return figures


#: functions (text, language) → text applied to a story's lead, paragraphs and
#: captions before readers see them: the reference app's cited facts
#: (``{{fact:slug}}`` shown at the fact's current value, see doingoai.reference)
TEXT_FILTERS: list[Callable[[str, str], str]] = []


def _filter_text(s: Story) -> None:
    for say in TEXT_FILTERS:
        s.lead = say(s.lead, s.lang)
        s.paragraphs = [say(p, s.lang) for p in s.paragraphs]
        s.figures = [Figure(f.src, say(f.caption, s.lang)) for f in s.figures]


def _complete(found: list[Story]) -> list[Story]:
    ids = [s.article_id for s in found]
    langs = _languages_of(ids)
    theme_map = _themes_of(ids)
    for s in found:
        s.languages = langs.get(s.article_id, [s.lang])
        s.themes = theme_map.get(s.article_id, [])
        _filter_text(s)
    return found


def _filtered_articles(
    *,
    theme: str | None = None,
    featured: bool | None = None,
    month: tuple[int, int] | None = None,
    since: date | None = None,
    until: date | None = None,
    ids: Iterable[int] | None = None,
) -> QuerySet[Article]:
    # published is asked article by article (a subquery, not a join), so the
    # database can walk the articles by date and stop at the page's end
    published = Selection.objects.filter(article_id=OuterRef("pk"), status="published")
    qs = (
        Article.objects.filter(Exists(published))
        .select_related("outlet", "selection")
        .defer(*_UNREAD)
        .annotate(sort_date=_SORT)
    )
    if theme:
        qs = qs.filter(
            Exists(
                Selection.themes.through.objects.filter(
                    selection__article_id=OuterRef("pk"), theme__slug=theme
                )
            )
        )
    if featured is not None:
        qs = qs.filter(selection__featured=featured)
    if month is not None:
        qs = qs.filter(**{"sort_date__year": month[0], "sort_date__month": month[1]})
    if since is not None:
        qs = qs.filter(**{"sort_date__date__gte": since})
    if until is not None:
        qs = qs.filter(**{"sort_date__date__lte": until})
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs


def _dated(qs: QuerySet[Article, _Row]) -> QuerySet[Article, _Row]:
    """Dated articles by their date, newest first (read along the date's index)."""
    return qs.filter(published_at__isnull=False).order_by("-published_at", "-pk")


def _undated(qs: QuerySet[Article, _Row]) -> QuerySet[Article, _Row]:
    """Undated articles, after the dated ones: by the day the office published
    them (their sort date, since they have no date of their own)."""
    return qs.filter(published_at__isnull=True).order_by("-selection__published_at", "-pk")


def stories(
    lang: str,
    *,
    theme: str | None = None,
    featured: bool | None = None,
    month: tuple[int, int] | None = None,
    since: date | None = None,
    until: date | None = None,
    ids: Iterable[int] | None = None,
    limit: int | None = 20,
    offset: int = 0,
    count: bool = True,
) -> tuple[list[Story], int]:
    """The published stories in ``lang`` (newest first) and how many there
    are. With ``count=False`` nothing is counted: the number returned is then
    only enough to tell whether a next page exists (the stories before and on
    this page, plus one when more follow). Stories in a list carry no
    paragraphs or figures (:func:`story` has them)."""
    if month is None and since is None and until is None:
        found, total = _page_ids(
            _IdQuery.make(lang, theme, featured, None if ids is None else list(ids)),
            limit,
            offset,
            count,
        )
    else:
        found, total = _page_ids_orm(
            lang, theme, featured, month, since, until, ids, limit, offset, count
        )
    return _cards_of(found, lang), total


def _page_ids_orm(
    lang: str,
    theme: str | None,
    featured: bool | None,
    month: tuple[int, int] | None,
    since: date | None,
    until: date | None,
    ids: Iterable[int] | None,
    limit: int | None,
    offset: int,
    count: bool,
) -> tuple[list[int], int]:
    """The ids of a page of stories and the total (see :func:`stories`),
    through the ORM: for filters by a day or a month, whose dates are taken
    in the site's time zone by the ORM's functions for each database."""
    qs = _filtered_articles(
        theme=theme, featured=featured, month=month, since=since, until=until, ids=ids
    )
    if lang != source_language():
        qs = qs.filter(_in_language(lang))
    return _page_ids(_OrmIdQuery(qs.values_list("pk", flat=True)), limit, offset, count)


@dataclass(frozen=True)
class _OrmIdQuery:
    """The ids of a list's stories through the ORM (see :func:`_page_ids`)."""

    keys: QuerySet[Article, int]

    def ids_of(self, dated: bool, limit: int | None, offset: int) -> list[int]:
        qs = _dated(self.keys) if dated else _undated(self.keys)
        return list(qs if limit is None else qs[offset : offset + limit])

    def count(self, dated: bool | None = None) -> int:
        if dated is None:
            return self.keys.count()
        return self.keys.filter(published_at__isnull=not dated).count()


@dataclass(frozen=True)
class _IdQuery:
    """The published stories of a list, as hand-written SQL: in ``lang``,
    under a theme (slug), featured or not, among given ids."""

    lang: str
    theme: str | None
    featured: bool | None
    ids: list[int] | None
    #: the language's condition (see :func:`_language_filter`)
    language: tuple[str, tuple[Any, ...]] = ("", ())

    @classmethod
    def make(
        cls, lang: str, theme: str | None, featured: bool | None, ids: list[int] | None
    ) -> _IdQuery:
        sql, params = _language_filter(lang)
        return cls(lang, theme, featured, ids, (sql, tuple(params)))

    def where(self) -> tuple[str, list[Any]]:
        sql = (
            " EXISTS (SELECT 1 FROM {selection} s WHERE s.article_id = a.id"
            " AND s.status = 'published'"
        )
        params: list[Any] = []
        if self.featured is not None:
            sql += " AND s.featured = %s"
            params.append(self.featured)
        sql += ")"
        if self.theme:
            sql += (
                " AND EXISTS (SELECT 1 FROM {links} l JOIN {selection} ls ON ls.id = l.selection_id"
                " JOIN {theme} t ON t.id = l.theme_id WHERE ls.article_id = a.id AND t.slug = %s)"
            )
            params.append(self.theme)
        sql += self.language[0]
        params.extend(self.language[1])
        if self.ids is not None:
            sql += f" AND a.id IN ({', '.join(['%s'] * len(self.ids)) or 'NULL'})"
            params.extend(self.ids)
        return sql, params

    def ids_of(self, dated: bool, limit: int | None, offset: int) -> list[int]:
        where, params = self.where()
        if dated:
            sql = (
                "SELECT a.id FROM {article} a WHERE a.published_at IS NOT NULL AND"
                + where
                + " ORDER BY a.published_at DESC, a.id DESC"
            )
        else:
            # an undated story's date is the day the office published it
            sql = (
                "SELECT a.id FROM {article} a JOIN {selection} o ON o.article_id = a.id"
                " WHERE a.published_at IS NULL AND"
                + where
                + " ORDER BY o.published_at DESC, a.id DESC"
            )
        if limit is not None:
            sql += " LIMIT %s OFFSET %s"
            params += [limit, offset]
        return [row[0] for row in _query(sql, params)]

    def count(self, dated: bool | None = None) -> int:
        where, params = self.where()
        sql = "SELECT COUNT(*) FROM {article} a WHERE" + where
        if dated is not None:
            sql += f" AND a.published_at IS {'NOT ' if dated else ''}NULL"
        return int(_query(sql, params)[0][0])


def _page_ids(
    query: _IdQuery | _OrmIdQuery, limit: int | None, offset: int, count: bool
) -> tuple[list[int], int]:
    """The ids of a page of stories and the total (see :func:`stories`):
    dated stories by date, then undated ones, read as ids only (the cards of
    the page are read afterwards, for those ids)."""
    if limit is None:
        found = [*query.ids_of(True, None, 0), *query.ids_of(False, None, 0)]
        return found[offset:], len(found)
    want = limit + 1
    found = query.ids_of(True, want, offset)
    # where the undated ones start: right after the dated ones of this
    # page, or (a page past every dated story) after all of them
    skip = 0 if found or not offset else max(0, offset - query.count(dated=True))
    found += query.ids_of(False, want - len(found), skip)
    more = len(found) > limit
    found = found[:limit]
    total = query.count() if count and (more or offset) else offset + len(found) + more
    return found, total


_CARDS_SQL = (
    "SELECT a.id, a.title, a.lead, a.authors, a.published_at, a.url, o.name, o.domain, "
    "s.featured, s.published_at FROM {article} a JOIN {selection} s ON s.article_id = a.id "
    "LEFT JOIN {outlet} o ON o.id = a.outlet_id WHERE a.id IN ({ids})"
)
_VERSION_CARDS_SQL = (
    "SELECT k.article_id, v.title, v.lead, v.published_at FROM {version} v "
    "JOIN {source} k ON k.id = v.source_id "
    "WHERE v.language = %s AND v.published_at IS NOT NULL AND k.article_id IN ({ids}) "
    "ORDER BY v.id"
)


def _cards_of(article_ids: list[int], lang: str) -> list[Story]:
    """The stories of a list (no paragraphs or figures) in the order of ``article_ids``."""
    if not article_ids:
        return []
    versions: dict[int, tuple[str, str, datetime | None]] = {}
    if lang != source_language():
        for article_id, title, lead, published in _rows(_VERSION_CARDS_SQL, article_ids, lang):
            versions[article_id] = (title, lead, _when(published))
    rows = {row[0]: row for row in _rows(_CARDS_SQL, article_ids)}
    found: list[Story] = []
    for article_id in article_ids:
        row = rows.get(article_id)
        if row is None or (lang != source_language() and article_id not in versions):
            continue
        _, title, lead, authors, published, url, outlet, domain, featured, updated = row
        if article_id in versions:
            title, lead, updated = versions[article_id]
        found.append(
            Story(
                article_id=article_id,
                lang=lang,
                title=title,
                lead=lead,
                paragraphs=[],
                figures=[],
                authors=[str(a) for a in _json_list(authors)],
                date=_outlet_date(published),
                outlet=outlet or domain or "",
                original_url=url,
                featured=bool(featured),
                updated=_when(updated),
            )
        )
    return _complete(found)


def theme_sections(
    lang: str, per_theme: int = 3, every_theme: list[int] | None = None
) -> dict[int, list[Story]]:
    """Theme id → its stories for the home page, in one query for every
    theme: the newest ``per_theme`` featured ones, else (a theme with none
    featured) its newest. Themes with no story in ``lang`` are left out.
    ``every_theme``: the ids of all themes, when the caller has read them."""
    language = _language_filter(lang)
    # Numbering every story of every theme costs a pass over all of them, so
    # it runs over the featured stories (all of them when they are few, else
    # the newest FEATURED_WINDOW) and, when a theme has none featured, the
    # newest SECTION_WINDOW stories too: prefixes of every theme's order. A
    # theme whose answer those may not hold (fewer featured stories there
    # than it has, as a count of the featured links says without reading an
    # article; or none featured and fewer than ``per_theme`` stories there)
    # is numbered again over its featured stories or over all its stories.
    # Every query runs on every page (one that is not needed with LIMIT 0 or
    # a condition that is false), so a page's count of queries is fixed.
    featured_in: dict[int, int] = _kept("featured", lang, _featured_counts)
    if every_theme is None:
        every_theme = [row[0] for row in _query(_THEME_IDS_SQL, [])]
    none_featured = any(not featured_in.get(t) for t in every_theme)
    sql = _NEWEST_SQL.replace("{lang}", language[0]).replace("{featured}", "")
    limit = SECTION_WINDOW if none_featured else 0
    newest = [row[0] for row in _query(sql, [*language[1], limit])]
    # few stories in all: every one is numbered, and that is the answer
    everything = none_featured and len(newest) < SECTION_WINDOW
    if sum(featured_in.values()) <= FEW_FEATURED:
        sql = _FEATURED_IDS_SQL.replace("{lang}", language[0])
        joined = " JOIN {article} a ON a.id = s.article_id" if language[0] else ""
        sql = sql.replace("{article}", joined)
        picked = [row[0] for row in _query(sql, [True, *language[1]])]
    else:
        sql = _NEWEST_SQL.replace("{lang}", language[0]).replace("{featured}", _FEATURED)
        picked = [row[0] for row in _query(sql, [True, *language[1], FEATURED_WINDOW])]
    if everything:
        rows, params = _links("s.status = 'published'", [], language)
    else:
        ids = sorted({*newest, *picked})
        rows, params = _links(f"s.article_id IN ({_marks(ids)})", ids)
    chosen: dict[int, dict[bool, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    for theme_id, featured, article_id, position in _numbered(rows, params, per_theme):
        chosen[theme_id][bool(featured)].append((position, article_id))
    short: set[int] = set()  # numbered again over all their stories
    unfeatured: set[int] = set()  # numbered again over their featured stories
    for theme_id in [] if everything else every_theme:
        seen = chosen.get(theme_id, {True: [], False: []})
        if len(seen[True]) < min(per_theme, featured_in.get(theme_id, 0)):
            unfeatured.add(theme_id)
        elif not seen[True] and len(seen[False]) < per_theme:
            short.add(theme_id)
    for theme_id in short | unfeatured:
        chosen.pop(theme_id, None)
    # the short themes read from their links; the others from the featured
    # stories (0 is no theme's id: a part with no theme finds nothing)
    again, featured_again = sorted(short) or [0], sorted(unfeatured) or [0]
    rows, params = _links(
        f"l.theme_id IN ({_marks(again)}) AND s.status = 'published'",
        again,
        language,
        themes_first=True,
    )
    more, more_params = _links(
        f"s.status = 'published' AND s.featured = %s AND l.theme_id IN"
        f" ({_marks(featured_again)}) AND {'1 = 1' if unfeatured else '1 = 0'}",
        [True, *featured_again],
        language,
    )
    for theme_id, featured, article_id, position in _numbered(
        f"{rows} UNION ALL {more}", [*params, *more_params], per_theme
    ):
        chosen[theme_id][bool(featured)].append((position, article_id))
    wanted = {
        theme_id: [a for _, a in sorted(by[True] or by[False])] for theme_id, by in chosen.items()
    }
    ids = sorted({a for found in wanted.values() for a in found})
    cards = {s.article_id: s for s in _cards_of(ids, lang)}
    return {
        theme_id: [cards[a] for a in article_ids if a in cards]
        for theme_id, article_ids in wanted.items()
    }


#: the newest stories the home page's theme sections are first looked for in
SECTION_WINDOW = 500
#: featured stories up to this many are all numbered for the home page's
#: sections (read along the index of selections by state and featured flag);
#: beyond it, the newest FEATURED_WINDOW of them (read along the dates)
FEW_FEATURED = 500
FEATURED_WINDOW = 60

_FEATURED = " AND s.featured = %s"
_FEATURED_IDS_SQL = (
    "SELECT s.article_id FROM {selection} s{article} WHERE s.status = 'published'"
    " AND s.featured = %s{lang}"
)

_IN_LANGUAGE_SQL = (
    " AND EXISTS (SELECT 1 FROM {version} v JOIN {source} k ON k.id = v.source_id"
    " WHERE v.language = %s AND v.published_at IS NOT NULL AND k.article_id = a.id)"
)
_NEWEST_SQL = (
    "SELECT a.id FROM {article} a WHERE a.published_at IS NOT NULL AND EXISTS"
    " (SELECT 1 FROM {selection} s WHERE s.article_id = a.id AND s.status = 'published'"
    "{featured}){lang} ORDER BY a.published_at DESC, a.id DESC LIMIT %s"
)
_THEME_IDS_SQL = "SELECT id FROM {theme} ORDER BY position, slug"
_LINKS_SQL = (
    "SELECT l.theme_id AS theme_id, s.featured AS featured, s.article_id AS article_id,"
    " a.published_at AS dated, s.published_at AS published FROM {selection} s"
    " JOIN {article} a ON a.id = s.article_id JOIN {links} l ON l.selection_id = s.id"
    " WHERE "
)
_THEME_LINKS_SQL = (
    "SELECT l.theme_id AS theme_id, s.featured AS featured, s.article_id AS article_id,"
    " a.published_at AS dated, s.published_at AS published FROM {links} l"
    " CROSS JOIN {selection} s CROSS JOIN {article} a"
    " WHERE s.id = l.selection_id AND a.id = s.article_id AND "
)
_NUMBERED_SQL = (
    "SELECT theme_id, featured, article_id, position FROM (SELECT theme_id, featured,"
    " article_id, ROW_NUMBER() OVER (PARTITION BY theme_id, featured ORDER BY dated DESC"
    " NULLS LAST, COALESCE(dated, published) DESC, article_id DESC) AS position"
    " FROM ({rows}) r) numbered WHERE position <= %s"
)


_FEATURED_COUNTS_SQL = (
    "SELECT l.theme_id, COUNT(*) FROM {selection} s JOIN {links} l ON l.selection_id = s.id"
    "{article} WHERE s.status = 'published' AND s.featured = %s{lang} GROUP BY l.theme_id"
)


def _featured_counts(lang: str) -> dict[int, int]:
    """Theme id → how many featured stories it has in ``lang`` (read from the
    selections and their theme links; from the articles too for a language
    other than the originals')."""
    language = _language_filter(lang)
    joined = " JOIN {article} a ON a.id = s.article_id" if language[0] else ""
    sql = _FEATURED_COUNTS_SQL.replace("{article}", joined).replace("{lang}", language[0])
    return dict(_query(sql, [True, *language[1]]))


def _marks(values: list[Any]) -> str:
    return ", ".join(["%s"] * len(values)) or "NULL"


def _links(
    where: str,
    params: list[Any],
    language: tuple[str, list[Any]] = ("", []),
    *,
    themes_first: bool = False,
) -> tuple[str, list[Any]]:
    """(theme, featured, article, its date, its publication) of the theme
    links ``where`` keeps, in the language ``language`` asks for (see
    :func:`_language_filter`): SQL and parameters. ``themes_first``: read
    from the links of the themes ``where`` names (SQLite takes the tables of
    a CROSS JOIN in the order written; PostgreSQL plans it as any join)."""
    sql = _THEME_LINKS_SQL if themes_first else _LINKS_SQL
    return sql + where + language[0], [*params, *language[1]]


def _numbered(rows: str, params: list[Any], per_theme: int) -> list[tuple[Any, ...]]:
    """(theme, featured, article, rank) of the first ``per_theme`` stories of
    each theme, featured and not, newest first, among the links ``rows``."""
    return _query(_NUMBERED_SQL.replace("{rows}", rows), [*params, per_theme])


#: a language with at most this many published versions is asked for as the
#: list of their article ids, looked up one by one, rather than article by
#: article along the dates (which passes every original without a version)
FEW_VERSIONS = 2000

_LANGUAGE_IDS_SQL = (
    "SELECT k.article_id FROM {version} v JOIN {source} k ON k.id = v.source_id"
    " WHERE v.language = %s AND v.published_at IS NOT NULL LIMIT %s"
)


def _language_filter(lang: str) -> tuple[str, list[Any]]:
    """The condition (SQL on article ``a``, its parameters) of the stories
    with a published version in ``lang``; none for the originals' language."""
    if lang == source_language():
        return "", []
    # a page asks for it once per list: read once for each stamp
    return _kept("language", lang, _language_condition)


def _language_condition(lang: str) -> tuple[str, list[Any]]:
    ids = [row[0] for row in _query(_LANGUAGE_IDS_SQL, [lang, FEW_VERSIONS + 1])]
    if len(ids) <= FEW_VERSIONS:
        return f" AND a.id IN ({_marks(ids)})", ids
    return _IN_LANGUAGE_SQL, [lang]


_STORY_SQL = (
    "SELECT a.title, a.lead, a.paragraphs, a.captions, a.images, a.authors, a.published_at,"
    " a.url, o.name, o.domain, s.featured, s.published_at FROM {article} a"
    " JOIN {selection} s ON s.article_id = a.id LEFT JOIN {outlet} o ON o.id = a.outlet_id"
    " WHERE a.id = %s AND s.status = 'published'"
)
_VERSION_SQL = (
    "SELECT v.title, v.lead, v.paragraphs, v.captions, v.published_at FROM {version} v"
    " JOIN {source} k ON k.id = v.source_id WHERE k.article_id = %s AND v.language = %s"
    " AND v.published_at IS NOT NULL ORDER BY v.id LIMIT 1"
)


def story(lang: str, article_id: int) -> Story | None:
    """The article ``article_id`` in ``lang``, or None when it is not published in it."""
    if lang not in portal_languages():
        return None
    found = _query(_STORY_SQL, [article_id])
    if not found:
        return None
    title, lead, paragraphs, captions, images, authors, published, url = found[0][:8]
    outlet, domain, featured, updated = found[0][8:]
    images = _json_list(images)
    figures = _figures(images, _json_list(captions))
    if lang != source_language():
        version = _query(_VERSION_SQL, [article_id, lang])
        if not version:
            return None
        title, lead, paragraphs, captions, updated = version[0]
        # the version's captions go with the original's images, in order
        said = _json_list(captions)
        images = [
            {"src": image.get("src", ""), "caption": said[n] if n < len(said) else ""}
            for n, image in enumerate(images)
        ]
        figures = _figures(images, said)
    full = Story(
        article_id=article_id,
        lang=lang,
        title=title,
        lead=lead,
        paragraphs=_json_list(paragraphs),
        figures=figures,
        authors=_json_list(authors),
        date=_outlet_date(published),
        outlet=outlet or domain or "",
        original_url=url,
        featured=bool(featured),
        updated=_when(updated),
    )
    return _complete([full])[0]


def version_paths(found: Story) -> dict[str, str]:
    """The path of every published version of ``found``'s article, by language."""
    titles = {found.lang: found.title}
    missing = [lang for lang in found.languages if lang not in titles]
    if source_language() in missing:
        titles[source_language()] = (
            Article.objects.filter(pk=found.article_id).values_list("title", flat=True).first()
            or ""
        )
    rows = TranslatedVersion.objects.none()
    others = [lang for lang in missing if lang != source_language()]
    if others:
        rows = TranslatedVersion.objects.filter(
            source__article_id=found.article_id, language__in=others, published_at__isnull=False
        )
    for lang, title in rows.values_list("language", "title"):
        titles[lang] = title
    paths = {}
    for lang in found.languages:
        if lang in titles:
            paths[lang] = story_path(lang, found.article_id, title_slug(titles[lang]))
    return paths


def months(lang: str) -> list[tuple[int, int, int]]:
    """(year, month, count) of the stories in ``lang``, newest first.

    Counting them passes every published story (about 0.1 s at 100,000): they
    are counted once for each :func:`stamp` (see :func:`_kept`)."""
    return _kept("months", lang, _count_months)


def _count_months(lang: str) -> list[tuple[int, int, int]]:
    qs = Article.objects.filter(selection__status="published")
    if lang != source_language():
        qs = qs.filter(_in_language(lang))
    # counted by the database, by month as Hà Nội saw it
    local = timezone.get_current_timezone()
    offset = _fixed_offset_minutes(local)
    counts: dict[tuple[int, int], int] = defaultdict(int)
    if connection.vendor == "sqlite" and offset is not None:
        # SQLite's own strftime on the stored UTC text, shifted by the zone's
        # fixed offset (Django's month truncation calls Python on every row)
        month_of = Func(
            Value("%Y-%m"),
            _SORT,
            Value(f"{offset:+d} minutes"),
            function="strftime",
            output_field=CharField(),
        )
        for key, n in (
            qs.annotate(month_of=month_of)
            .exclude(month_of=None)
            .values("month_of")
            .annotate(n=Count("pk"))
            .values_list("month_of", "n")
        ):
            year, month = key.split("-")
            counts[(int(year), int(month))] += n
    else:
        rows = (
            qs.annotate(month_of=TruncMonth(_SORT, tzinfo=local, output_field=DateTimeField()))
            .exclude(month_of=None)
            .values("month_of")
            .annotate(n=Count("pk"))
            .values_list("month_of", "n")
        )
        for value, n in rows:
            when = timezone.localtime(value, local) if timezone.is_aware(value) else value
            counts[(when.year, when.month)] += n
    return [(y, m, n) for (y, m), n in sorted(counts.items(), reverse=True)]


@functools.cache
def _fixed_offset_minutes(zone: Any) -> int | None:
    """The zone's offset from UTC in minutes when it has been the same since
    1976 (Hà Nội: +420), else None (a zone with summer time)."""
    offsets = {
        datetime(year, month, 15, 12, tzinfo=zone).utcoffset()
        for year in range(1976, timezone.now().year + 2)
        for month in (1, 4, 7, 10)
    }
    if len(offsets) != 1:
        return None
    only = offsets.pop()
    return None if only is None else int(only.total_seconds() // 60)


def search_versions(lang: str, query: str) -> list[int]:
    """Article ids whose published ``lang`` version holds every word of
    ``query``, compared folded (accents, case and đ ignored). Translated
    versions are few, so they are scanned rather than indexed."""
    words = [w for w in fold(query).lower().replace('"', " ").split() if w not in {"and", "or"}]
    words = [w.lstrip("-") for w in words if w.lstrip("-")]
    if not words:
        return []
    hits: list[int] = []
    rows = _versions(lang).values_list(
        "source__article_id", "title", "lead", "paragraphs", "captions"
    )
    for article_id, title, lead, paragraphs, captions in rows:
        text = fold(" ".join([title, lead, *(paragraphs or []), *(captions or [])])).lower()
        if all(w in text for w in words):
            hits.append(article_id)
    return hits


#: (what, lang) → (the stamp it was made at, the value)
_made: dict[tuple[str, str], tuple[str, Any]] = {}


def _kept(what: str, lang: str, make: Callable[[str], Any]) -> Any:
    """``make(lang)``, made once for each :func:`stamp` and kept by the
    process until the stamp changes. The stamp changes with anything the
    portal shows (the page cache's keys hold it), so what is kept is what
    the database would answer; this is for values every page or a costly
    page would otherwise read again (the archive's counts per month)."""
    now = stamp()
    found = _made.get((what, lang))
    if found is not None and found[0] == now:
        return found[1]
    value = make(lang)
    _made[(what, lang)] = (now, value)
    return value


#: seconds a process reuses the stamp it read (changes made in the same
#: process clear it at once; other processes see them within this time)
STAMP_SECONDS = 1.0
_memo: list[Any] = [0.0, ""]


def stamp() -> str:
    """A token that changes whenever anything the portal shows may have
    changed, in any process: the last audit-log entry (publications,
    withdrawals, corrections), the last translation-job event and the last
    article. Read from the database at most once every :data:`STAMP_SECONDS`."""
    now = time.monotonic()
    read_at, value = _memo
    if value and now - read_at < STAMP_SECONDS:
        return str(value)
    value = _read_stamp()
    _memo[:] = [now, value]
    return value


def _read_stamp() -> str:
    tables = [
        AuditLog._meta.db_table,
        JobEvent._meta.db_table,
        Article._meta.db_table,
        TranslatedVersion._meta.db_table,
    ]
    parts = ", ".join(f"(SELECT MAX(id) FROM {connection.ops.quote_name(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {parts}")
        row = cursor.fetchone()
    return ".".join(str(v or 0) for v in row)


def clear_page_cache() -> None:
    """Forget this process's rendered pages, stamp and kept values (:func:`_kept`)."""
    _memo[:] = [0.0, ""]
    _made.clear()
    cache.clear()


def _clear(**_: Any) -> None:
    clear_page_cache()


def connect_signals() -> None:
    """Clear this process's page cache at once on any change the portal shows
    (other processes see the change through :func:`stamp`)."""
    for model in (Selection, TranslatedVersion, Article, Theme):
        post_save.connect(_clear, sender=model, dispatch_uid=f"portal-{model.__name__}-save")
        post_delete.connect(_clear, sender=model, dispatch_uid=f"portal-{model.__name__}-del")
    m2m_changed.connect(_clear, sender=Selection.themes.through, dispatch_uid="portal-themes")
