"""Answer a search query over the indexed articles."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from itertools import pairwise
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connections
from django.db.models import Q

from doingoai.errors import QueryError
from doingoai.store.models import Article, Outlet
from doingoai.store.search import query as q
from doingoai.store.search.backends import Filters, Row, backend_for, vocab_lookup
from doingoai.store.search.results import Hit, QueryInfo, SearchResult
from doingoai.store.search.snippet import snippet

__all__ = ["ACCENTS", "MAX_LIMIT", "MAX_OFFSET", "search"]

#: "exact": a word typed with diacritics matches those diacritics only, and the
#: matches without them are counted apart; "any": they are listed after the exact ones.
ACCENTS = ("exact", "any")

MAX_LIMIT = 1000
MAX_OFFSET = 100_000
#: what a snippet is cut from (not read without snippets)
_TEXT_FIELDS = ("lead", "body")
_HIT_FIELDS = (
    "id",
    "title",
    "lead",
    "body",
    "url",
    "published_at",
    "language",
    "topic",
    "outlet__name",
    "outlet__domain",
)


def _since(value: date | datetime | None) -> datetime | None:
    if value is None:
        return None
    zone = ZoneInfo(settings.TIME_ZONE)
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=zone)
    if isinstance(value, date):
        return datetime.combine(value, time.min, tzinfo=zone)
    raise QueryError(f"since must be a date or a datetime, not {value!r}", source="search")


def _outlet_ids(outlet: str, using: str) -> tuple[int, ...]:
    name = outlet.strip()
    domain = name.lower().removeprefix("https://").removeprefix("http://").strip("/")
    domain = domain.removeprefix("www.")
    found = Outlet.objects.using(using).filter(
        Q(name__iexact=name) | Q(domain__iexact=domain) | Q(domain__iexact=f"www.{domain}")
    )
    return tuple(sorted(found.values_list("id", flat=True)))


def _check_page(limit: int, offset: int) -> None:
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be a whole number from 1 to {MAX_LIMIT}, not {limit!r}")
    if isinstance(offset, bool) or not isinstance(offset, int) or not 0 <= offset <= MAX_OFFSET:
        raise QueryError(f"offset must be a whole number from 0 to {MAX_OFFSET}, not {offset!r}")


#: A first page of at least this many hits shares its places with the other
#: likely readings of an unaccented query (see :func:`_with_other_readings`).
SHARED_PAGE = 5


def _with_other_readings(
    rows: list[Row], readings: list[str], best: Callable[[str, set[int]], Row | None]
) -> list[Row]:
    """The first page, with the best hit of each other likely reading of the
    query that is not on the page yet (``best``: the backend's lookup) placed
    among the first :data:`SHARED_PAGE` hits (fourth, then fifth place); the
    hits of the chosen reading keep the first places, and the page keeps its
    length."""
    page = list(rows)
    place = SHARED_PAGE - len(readings)
    for match in readings:
        found = best(match, {r.article_id for r in page})
        if found is None:
            continue
        page.insert(min(place, len(page)), found)
        place += 1
    return page[: max(len(rows), min(len(page), SHARED_PAGE))]


def search(
    query: str,
    *,
    lang: str | None = None,
    outlet: str | None = None,
    topic: str | None = None,
    since: date | datetime | None = None,
    limit: int = 20,
    offset: int = 0,
    using: str = "default",
    accents: str = "exact",
    snippets: bool = True,
) -> SearchResult:
    """Search the indexed articles.

    Words are ANDed; ``"..."`` is a phrase; ``OR`` and ``-word`` (exclusion) and
    parentheses work too. A word typed with diacritics means them (after NFC and
    one tone placement: "hoà" is "hòa"): with ``accents="exact"`` (the default)
    "Đảng" finds "Đảng" only, and ``without_accents`` of the result counts the
    articles that match only when accents are ignored ("đang", "dáng"), offered
    apart; ``accents="any"`` lists those too, after the exact ones. A query
    typed without any accent finds every accented form, the accents the corpus
    most often gives those words in that order ranked first (see
    ``query_info.interpreted_as``), and on the first page the best hit of each
    other likely reading of a one- or two-word query in fourth and fifth place
    (looked for among the newest ``FIRST_REACH`` articles).
    Hits holding the query's words together rank before those holding them apart. ``lang``, ``topic`` match
    the article's fields exactly; ``outlet`` is an outlet name or domain;
    ``since`` keeps articles published at or after it (a date means 00:00 in
    the project's time zone). ``snippets=False`` leaves each hit's snippet empty
    and reads no article text (a caller that wants the matches, not passages).
    Raises QueryError for a query that cannot be read.
    """
    if not isinstance(query, str):
        raise QueryError(f"the query must be text, not {type(query).__name__}")
    if accents not in ACCENTS:
        raise QueryError(
            f"accents must be one of {', '.join(ACCENTS)}, not {accents!r}", source="search"
        )
    _check_page(limit, offset)
    parsed = q.parse(query)
    connection = connections[using]
    backend = backend_for(connection)
    shown: dict[str, str] = {}
    lang = (lang or "").strip().lower() or None
    topic = (topic or "").strip() or None
    since_at = _since(since)
    outlet_ids = None
    if outlet and outlet.strip():
        outlet_ids = _outlet_ids(outlet, using)
        shown["outlet"] = outlet.strip()
    for key, value in (("lang", lang), ("topic", topic)):
        if value:
            shown[key] = value
    if since_at is not None:
        shown["since"] = since_at.isoformat()
    filters = Filters(language=lang, outlet_ids=outlet_ids, topic=topic, since=since_at)

    with connection.cursor() as cursor:
        forms: dict[int, str] = {}
        others: list[dict[int, str]] = []
        if not parsed.accented:
            runs = parsed.runs()
            keys = [w.folded for run in runs for w in run]
            keys += [f"{a.folded} {b.folded}" for run in runs for a, b in pairwise(run)]
            counts = vocab_lookup(cursor, keys)
            forms = q.choose_forms(runs, counts)
            others = q.other_readings(runs, counts, forms)

        def negative(term: q.Term) -> tuple[bool, tuple[str, ...]]:
            if parsed.accented:
                return True, tuple(w.exact for w in term.words)
            return False, tuple(w.folded for w in term.words)

        def folded(term: q.Term, positive: bool) -> tuple[bool, tuple[str, ...]]:
            if not positive:
                return negative(term)
            return False, tuple(w.folded for w in term.words)

        def accented(term: q.Term) -> bool:
            return any(w.exact != w.folded for w in term.words)

        def match(term: q.Term, positive: bool) -> tuple[bool, tuple[str, ...]]:
            if positive and strict and accented(term):
                return True, tuple(w.exact for w in term.words)  # the accents typed
            return folded(term, positive)

        strict = parsed.accented and accents == "exact"

        def tier1(term: q.Term, positive: bool) -> tuple[bool, tuple[str, ...]]:
            if not positive:
                return negative(term)
            return True, tuple(forms.get(w.index, w.exact) for w in term.words)

        def _reading(other: dict[int, str]) -> q.Resolve:
            def resolve(term: q.Term, positive: bool) -> tuple[bool, tuple[str, ...]]:
                if not positive:
                    return negative(term)
                return True, tuple(other.get(w.index, w.exact) for w in term.words)

            return resolve

        page = backend.page(
            cursor,
            backend.render(parsed, match),
            backend.render(parsed.phrased(), tier1),
            filters,
            limit,
            offset,
        )
        rows = page.rows
        if others and offset == 0 and limit >= SHARED_PAGE:
            rows = _with_other_readings(
                rows,
                [backend.render(parsed.phrased(), _reading(o)) for o in others],
                lambda match, skip: backend.best(cursor, match, filters, skip),
            )
        without: int | None = None
        without_counted = True
        if strict:
            loose, without_counted = backend.count(cursor, backend.render(parsed, folded), filters)
            without = max(0, loose - page.total)

    positives = parsed.positive_terms()
    exact_phrases = [tier1(t, True) for t in positives]
    folded_phrases = [match(t, True) for t in positives]
    fields = [f for f in _HIT_FIELDS if snippets or f not in _TEXT_FIELDS]
    articles = {
        values["id"]: values
        for values in Article.objects.using(using)
        .filter(id__in=[r.article_id for r in rows])
        .values(*fields)
    }  # dictionaries, not model instances: a page of hits reads no relations
    hits: list[Hit] = []
    for row in rows:
        art = articles.get(row.article_id)
        if art is None:  # deleted since the index was read
            continue
        passage = ""
        if snippets:
            text = art["body"] or art["lead"] or art["title"]
            passage = snippet(text, exact_phrases if row.exact else folded_phrases)
        hits.append(
            Hit(
                article_id=row.article_id,
                title=art["title"],
                snippet=passage,
                url=art["url"],
                outlet=art["outlet__name"] or art["outlet__domain"] or "",
                published_at=art["published_at"],
                language=art["language"],
                topic=art["topic"],
                score=round((1.0 if row.exact else 0.0) + row.rank, 6),
                exact=row.exact,
            )
        )
    interpreted = None
    if forms:
        reading = parsed.describe(lambda w: forms.get(w.index, w.exact))
        interpreted = reading if reading != parsed.describe() else None
    info = QueryInfo(
        text=query,
        parsed=parsed.describe(),
        accented=parsed.accented,
        interpreted_as=interpreted,
        backend=backend.name,
        exact_matches=page.exact_total,
        filters=shown,
    )
    return SearchResult(
        hits=hits,
        total=page.total,
        query_info=info,
        total_exact=page.total_exact,
        without_accents=without,
        without_accents_exact=without_counted and page.total_exact,
    )
