"""The inbox of collected articles: full-text search with the portal's engine
(:mod:`doingoai.store.search`, accents optional), filters, facet counts and
sorting.

Facets count the articles that match everything chosen so far, by outlet,
unit, theme, topic, language, selection status and the people,
organisations and places the articles name (stored by enrichment as
``Article.entities``: ``[{"text": …, "kind": "PER" | "ORG" | "LOC"}]``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, overload

from django import forms
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, F, OrderBy, QuerySet
from django.db.models.expressions import RawSQL
from django.http import QueryDict
from django.utils import formats, timezone
from django.utils.translation import get_language, get_language_info, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from doingoai.curation.models import Selection, Theme, Unit
from doingoai.enrich.topics import label_name
from doingoai.errors import QueryError
from doingoai.store.models import Article, Outlet
from doingoai.store.search.messages import describe

__all__ = [
    "ENTITY_KINDS",
    "SEARCH_LIMIT",
    "Facet",
    "InboxFilter",
    "InboxResult",
    "Listed",
    "entity_key",
    "has_filters",
    "language_name",
    "link",
    "run",
    "status_label",
]

#: a search gives the inbox at most this many of its best matches
SEARCH_LIMIT = 1000
#: values shown per facet
FACET_SIZE = 8
#: the facets count at most this many of the latest collected matches (all of
#: them when there are fewer), in one query over that window
FACET_WINDOW = 5000
#: matches are counted one by one up to this many; past it, PostgreSQL's
#: estimate is shown ("about …") and SQLite counts them all
COUNT_EXACT = 10_000
#: SQLite: an entity filter is read as a list of ids up to this many articles
#: (within every database's limit of query parameters), else as a subquery
ENTITY_IDS_MAX = 20_000

ENTITY_KINDS: dict[str, Any] = {
    "PER": _("People"),
    "ORG": _("Organisations"),
    "LOC": _("Places"),
}
STATUSES: dict[str, Any] = {
    "new": pgettext_lazy("selection", "not selected"),
    "selected": pgettext_lazy("selection", "selected"),
    "published": pgettext_lazy("selection", "published"),
    "withdrawn": pgettext_lazy("selection", "withdrawn"),
}
SORTS: dict[str, Any] = {
    "": _("Best match first with a search, else newest publication date first"),
    "newest": _("Newest publication date first"),
    "oldest": _("Oldest publication date first"),
    "collected": _("Most recently collected first"),
}
#: what the list's caption says of the order it is in
ORDERS: dict[str, Any] = {
    "relevance": _("Best match first (with a search)"),
    "newest": SORTS["newest"],
    "oldest": SORTS["oldest"],
    "collected": SORTS["collected"],
}


def language_name(code: str) -> str:
    """A language code as the reader's language names it ("vi" → "Vietnamese")."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def status_label(article: Article) -> str:
    """The article's selection state in the reader's language ("not selected" without one)."""
    try:
        selection = article.selection
    except Article.selection.RelatedObjectDoesNotExist:
        return str(STATUSES["new"])
    label = str(STATUSES.get(selection.status, selection.status))
    return f"{label}, {_('featured')}" if selection.featured else label


def entity_key(kind: str, text: str) -> str:
    """The value of the ``entity`` filter for one named entity."""
    return f"{kind}:{text}"


def _choices_from(values: list[str], name: Any) -> list[tuple[str, str]]:
    return [("", str(_("any")))] + [(v, name(v)) for v in values]


def _distinct(column: str, limit: int) -> list[str]:
    """The first ``limit`` distinct non-empty values of an indexed column of
    the articles, in order: one index lookup per value (each the smallest value
    after the one before), where ``SELECT DISTINCT`` would read every article."""
    assert column in ("topic", "language")  # a column with an index of its own
    sql = (
        f"WITH RECURSIVE v(value) AS (SELECT MIN({column}) FROM store_article "
        f"WHERE {column} > '' UNION ALL SELECT (SELECT MIN({column}) FROM store_article "
        f"WHERE {column} > v.value) FROM v WHERE v.value IS NOT NULL) "
        "SELECT value FROM v WHERE value IS NOT NULL LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (limit,))
        return [str(value) for (value,) in cursor.fetchall()]


class InboxFilter(forms.Form):
    """The inbox's search box, filters and sort; every value is checked here."""

    q = forms.CharField(label=_("Search the articles"), max_length=500, required=False)
    outlet = forms.ModelChoiceField(
        Outlet.objects.order_by("name", "domain"),
        label=_("Outlet"),
        required=False,
        empty_label=_("any"),
    )
    unit = forms.ModelChoiceField(
        Unit.objects.all(), label=_("Unit"), required=False, empty_label=_("any")
    )
    theme = forms.ModelChoiceField(
        Theme.objects.all(),
        label=_("Theme"),
        required=False,
        empty_label=_("any"),
        to_field_name="slug",
    )
    topic = forms.ChoiceField(label=_("Topic"), required=False, choices=())
    language = forms.ChoiceField(label=_("Language"), required=False, choices=())
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("any")), *STATUSES.items()],
    )
    entity = forms.CharField(required=False, max_length=300, widget=forms.HiddenInput)
    date_from = forms.DateField(
        label=_("Published from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Published until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    cluster = forms.IntegerField(
        required=False, min_value=1, label=_("Duplicate cluster"), widget=forms.HiddenInput
    )
    duplicates = forms.BooleanField(required=False, label=_("Only articles with duplicates"))
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=list(SORTS.items()))
    #: "any": list the matches that hold the words only without the accents typed too
    accents = forms.ChoiceField(
        required=False,
        choices=[("", ""), ("exact", "exact"), ("any", "any")],
        widget=forms.HiddenInput,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        topics = sorted(_distinct("topic", 200), key=label_name)
        languages = sorted(_distinct("language", 100))
        self.fields["topic"].choices = _choices_from(topics, label_name)  # type: ignore[attr-defined]
        self.fields["language"].choices = _choices_from(languages, language_name)  # type: ignore[attr-defined]

    def clean_entity(self) -> str:
        value = str(self.cleaned_data.get("entity") or "").strip()
        kind, _sep, text = value.partition(":")
        if value and (kind not in ENTITY_KINDS or not text.strip()):
            raise forms.ValidationError(_("Not a person, organisation or place of the facets."))
        return value


@dataclass
class FacetValue:
    """One value of a facet: what it filters on, its label, how many match,
    and the inbox address that chooses it (or, when chosen, lets it go)."""

    param: str
    value: str
    label: str
    count: int
    chosen: bool
    href: str = ""

    @property
    def shown_count(self) -> str:
        return formats.number_format(self.count, force_grouping=True)


@dataclass
class Facet:
    name: str
    label: str
    values: list[FacetValue] = field(default_factory=list)
    #: counted over the latest FACET_WINDOW matches only
    sampled: bool = False


@dataclass
class InboxResult:
    articles: Listed | Ranked
    facets: list[Facet]
    #: how many articles match: exact, or PostgreSQL's estimate past COUNT_EXACT
    total: int = 0
    total_exact: bool = True
    problem: str = ""
    interpreted: str = ""
    capped: bool = False
    sort: str = "newest"
    #: matches that hold the words only without the accents typed (not listed)
    without_accents: int = 0
    #: the inbox's query string that lists them too
    all_accents_query: str = ""

    @property
    def order(self) -> str:
        """The order the list is in, in words."""
        return str(ORDERS.get(self.sort, self.sort))

    @property
    def sampled(self) -> bool:
        """Whether the facets count the latest matches only."""
        return any(facet.sampled for facet in self.facets)

    @property
    def sampled_note(self) -> str:
        """What the facets count when :attr:`sampled`, in words."""
        shown = formats.number_format(FACET_WINDOW, force_grouping=True)
        return _("in the latest %(count)s matches") % {"count": shown}

    def settle(self, number: int, size: int) -> None:
        """Before page ``number`` of ``size`` rows is shown: an estimated total
        is made to agree with that page (see :meth:`Listed.settle`)."""
        if isinstance(self.articles, Listed) and not self.total_exact:
            self.total, self.total_exact = self.articles.settle(number, size)


def _day(day: date, end: bool = False) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max if end else time.min))


def _entity_ids(kind: str, text: str) -> RawSQL:
    """SQLite: ids of the articles naming ``text`` as an entity of ``kind``
    (PostgreSQL asks the article row itself, see :func:`_filter`)."""
    sql = (
        "SELECT a.id FROM store_article a, json_each(a.entities) e "
        "WHERE json_extract(e.value, '$.kind') = %s AND json_extract(e.value, '$.text') = %s"
    )
    return RawSQL(sql, (kind, text))


def _filter(articles: QuerySet[Article], data: dict[str, Any]) -> QuerySet[Article]:
    if data.get("outlet"):
        articles = articles.filter(outlet=data["outlet"])
    if data.get("unit"):
        articles = articles.filter(selection__unit=data["unit"])
    if data.get("theme"):
        articles = articles.filter(selection__themes=data["theme"])
    if data.get("topic"):
        articles = articles.filter(topic=data["topic"])
    if data.get("language"):
        articles = articles.filter(language=data["language"])
    if data.get("date_from"):
        articles = articles.filter(published_at__gte=_day(data["date_from"]))
    if data.get("date_to"):
        articles = articles.filter(published_at__lte=_day(data["date_to"], end=True))
    if data.get("cluster"):
        articles = articles.filter(cluster_id=data["cluster"])
    if data.get("duplicates"):
        articles = articles.annotate(_n=Count("cluster__members")).filter(_n__gt=1)
    status = data.get("status")
    if status == "new":
        articles = articles.filter(selection__isnull=True)
    elif status:
        articles = articles.filter(selection__status=status)
    if data.get("entity"):
        kind, _sep, text = data["entity"].partition(":")
        if connection.vendor == "postgresql":
            # containment (@>), answered by the GIN index of store migration 0007
            # in each of the three queries (count, page, facets)
            return articles.filter(entities__contains=[{"kind": kind, "text": text}])
        # SQLite reads every entity list for the subquery: read it once
        ids = list(
            Article.objects.filter(id__in=_entity_ids(kind, text)).values_list("id", flat=True)[
                : ENTITY_IDS_MAX + 1
            ]
        )
        within = len(ids) <= ENTITY_IDS_MAX
        articles = articles.filter(id__in=ids if within else _entity_ids(kind, text))
    return articles


#: the columns of the facets' window, in the order :func:`_facet_sql` names them
_WINDOW_COLUMNS = ("pk", "outlet_id", "topic", "language", "entities")


def _window_sql(articles: QuerySet[Article], limit: int) -> tuple[str, tuple[Any, ...]] | None:
    """The latest collected ``limit`` matches as SQL, the columns the facets
    group (None: no match possible)."""
    window = articles.order_by("-pk").values(*_WINDOW_COLUMNS)[:limit]
    try:
        sql, params = window.query.sql_with_params()
    except EmptyResultSet:  # a search that matched nothing
        return None
    return sql, tuple(params)


def _facet_sql(window_sql: str) -> str:
    """One query for every facet over the articles ``window_sql`` gives (the
    columns of :data:`_WINDOW_COLUMNS`): rows (facet, number, text, count),
    the :data:`FACET_SIZE` most common values of each facet, most common
    first. The window is read once (a materialised common table), every facet
    grouped over it; a filter on a theme or on duplicates stays inside
    ``window_sql``, so the theme facet still sees every theme of the matches."""
    selection = Selection._meta.db_table
    themes = Selection.themes.through._meta.db_table
    if connection.vendor == "postgresql":
        named = (
            "SELECT e->>'kind', NULL, e->>'text', COUNT(*) FROM w, "
            "jsonb_array_elements(w.entities) e GROUP BY 1, 3"
        )
    else:
        named = (
            "SELECT json_extract(e.value, '$.kind'), NULL, json_extract(e.value, '$.text'), "
            "COUNT(*) FROM w, json_each(w.entities) e GROUP BY 1, 3"
        )
    none_num, none_txt = "CAST(NULL AS bigint)", "CAST(NULL AS text)"
    groups = [
        f"SELECT 'outlet' AS facet, w.outlet_id AS num, {none_txt} AS txt, COUNT(*) AS n "
        "FROM w WHERE w.outlet_id IS NOT NULL GROUP BY 2",
        f"SELECT 'unit', s.unit_id, {none_txt}, COUNT(*) FROM w JOIN {selection} s "
        "ON s.article_id = w.id WHERE s.unit_id IS NOT NULL GROUP BY 2",
        f"SELECT 'theme', t.theme_id, {none_txt}, COUNT(*) FROM w JOIN {selection} s "
        f"ON s.article_id = w.id JOIN {themes} t ON t.selection_id = s.id GROUP BY 2",
        f"SELECT 'topic', {none_num}, w.topic, COUNT(*) FROM w WHERE w.topic <> '' GROUP BY 3",
        f"SELECT 'language', {none_num}, w.language, COUNT(*) FROM w "
        "WHERE w.language <> '' GROUP BY 3",
        f"SELECT 'status', {none_num}, COALESCE(s.status, 'new'), COUNT(*) FROM w "
        f"LEFT JOIN {selection} s ON s.article_id = w.id GROUP BY 3",
        named.replace("NULL", none_num, 1),
    ]
    return (
        "WITH w(id, outlet_id, topic, language, entities) AS MATERIALIZED "
        f"({window_sql}) "
        "SELECT facet, num, txt, n FROM (SELECT facet, num, txt, n, ROW_NUMBER() OVER "
        "(PARTITION BY facet ORDER BY n DESC, num, txt) AS place "
        f"FROM ({' UNION ALL '.join(groups)}) AS counted) AS ranked "
        f"WHERE place <= {FACET_SIZE} ORDER BY facet, place"
    )


def _facet_counts(
    articles: QuerySet[Article], window: int
) -> dict[str, list[tuple[int | str, int]]]:
    """The most common values of each facet among the latest ``window``
    matches: {facet: [(value, count), …]}; the people, organisations and
    places under their kinds ("PER", "ORG", "LOC")."""
    ids = _window_sql(articles, window)
    if ids is None:
        return {}
    out: dict[str, list[tuple[int | str, int]]] = {}
    with connection.cursor() as cursor:
        cursor.execute(_facet_sql(ids[0]), ids[1])
        for facet, num, text, n in cursor.fetchall():
            value = num if num is not None else text
            if value is not None and value != "":
                out.setdefault(str(facet), []).append((value, int(n)))
    return out


def _facets(articles: QuerySet[Article], data: dict[str, Any], *, sampled: bool) -> list[Facet]:
    lang = get_language() or "vi"
    chosen = {k: data.get(k) for k in ("outlet", "unit", "theme", "topic", "language", "status")}
    counts = _facet_counts(articles, FACET_WINDOW)
    facets: list[Facet] = []

    outlets = counts.get("outlet", [])
    names = Outlet.objects.in_bulk([pk for pk, _n in outlets])
    facet = Facet("outlet", str(_("Outlet")), sampled=sampled)
    for pk, n in outlets:
        outlet = names.get(pk)
        if outlet is not None:
            facet.values.append(
                FacetValue("outlet", str(pk), str(outlet), n, chosen["outlet"] == outlet)
            )
    facets.append(facet)

    units = counts.get("unit", [])
    unit_names = Unit.objects.in_bulk([pk for pk, _n in units])
    facet = Facet("unit", str(_("Unit")), sampled=sampled)
    for pk, n in units:
        unit = unit_names.get(pk)
        if unit is not None:
            facet.values.append(FacetValue("unit", str(pk), str(unit), n, chosen["unit"] == unit))
    facets.append(facet)

    themes = counts.get("theme", [])
    theme_rows = Theme.objects.in_bulk([pk for pk, _n in themes])
    facet = Facet("theme", str(_("Theme")), sampled=sampled)
    for pk, n in themes:
        theme = theme_rows.get(pk)
        if theme is not None:
            facet.values.append(
                FacetValue("theme", theme.slug, theme.name(lang), n, chosen["theme"] == theme)
            )
    facets.append(facet)

    facet = Facet("topic", str(_("Topic")), sampled=sampled)
    for topic, n in counts.get("topic", []):
        facet.values.append(
            FacetValue("topic", str(topic), label_name(str(topic)), n, chosen["topic"] == topic)
        )
    facets.append(facet)

    facet = Facet("language", str(_("Language")), sampled=sampled)
    for code, n in counts.get("language", []):
        facet.values.append(
            FacetValue(
                "language", str(code), language_name(str(code)), n, chosen["language"] == code
            )
        )
    facets.append(facet)

    facet = Facet("status", str(_("Status")), sampled=sampled)
    # "not selected" first, then the states of a selection
    for status, n in sorted(counts.get("status", []), key=lambda vn: vn[0] != "new"):
        facet.values.append(
            FacetValue(
                "status",
                str(status),
                str(STATUSES.get(str(status), status)),
                n,
                chosen["status"] == status,
            )
        )
    facets.append(facet)

    for kind, label in ENTITY_KINDS.items():
        facet = Facet(f"entity-{kind}", str(label), sampled=sampled)
        for text, n in counts.get(kind, []):
            key = entity_key(kind, str(text))
            facet.values.append(FacetValue("entity", key, str(text), n, data.get("entity") == key))
        facets.append(facet)
    return facets


def _estimate(articles: QuerySet[Article]) -> int:
    """PostgreSQL's planner's estimate of how many articles match."""
    sql, params = articles.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def _round(n: int) -> int:
    """``n`` to two significant figures (an estimate shows no more)."""
    digits = len(str(n)) - 2
    return round(n, -digits) if digits > 0 else n


def count(articles: QuerySet[Article]) -> tuple[int, bool]:
    """How many articles match, and whether that is exact: counted one by one
    up to :data:`COUNT_EXACT`; past it, on PostgreSQL, the planner's estimate
    (two significant figures, never below what was counted), on SQLite every
    match counted."""
    try:
        seen = articles.order_by()[: COUNT_EXACT + 1].count()
    except EmptyResultSet:
        return 0, True
    if seen <= COUNT_EXACT:
        return seen, True
    if connection.vendor == "postgresql":
        return max(_round(_estimate(articles)), COUNT_EXACT + 1), False
    return articles.count(), True


class _Paged(Sequence[Article]):
    """Matches for the paginator: it asks for ``count()`` and a slice, and only
    the slice's articles are read (their outlets and selections joined for
    those rows only)."""

    articles: QuerySet[Article]

    def count(self) -> int:  # type: ignore[override]  # the paginator asks for count()
        raise NotImplementedError

    def _ids(self, index: slice) -> list[int]:
        raise NotImplementedError

    def __len__(self) -> int:
        return self.count()

    @overload
    def __getitem__(self, index: int) -> Article: ...

    @overload
    def __getitem__(self, index: slice) -> list[Article]: ...

    def __getitem__(self, index: int | slice) -> Article | list[Article]:
        if isinstance(index, int):
            return self[index : index + 1 if index != -1 else None][0]
        wanted = self._ids(index)
        found = self.articles.order_by().in_bulk(wanted)
        return [found[pk] for pk in wanted if pk in found]


class Listed(_Paged):
    """Matches in a database order: the count is the one :func:`count` gave
    (an estimate past :data:`COUNT_EXACT`); a page's ids are sorted before its
    rows are read."""

    def __init__(self, articles: QuerySet[Article], total: int) -> None:
        self.articles = articles
        self.total = total

    def settle(self, number: int, size: int) -> tuple[int, bool]:
        """Make an estimated total agree with page ``number`` of ``size`` rows
        before the paginator reads it; returns (total, exact?). When that page
        is the last one the total becomes exact; when a row follows it, the
        total reaches past it (an estimate that fell short would otherwise hide
        the pages beyond); when the page is past the end, every match is
        counted."""
        start = (max(1, number) - 1) * size
        seen = len(self.articles.order_by().values_list("pk", flat=True)[start : start + size + 1])
        if seen > size:
            self.total = max(self.total, start + size + 1)
            return self.total, False
        self.total = start + seen if seen or not start else self.articles.count()
        return self.total, True

    def count(self) -> int:  # type: ignore[override]
        return self.total

    def _ids(self, index: slice) -> list[int]:
        return list(self.articles.values_list("pk", flat=True)[index])


class Ranked(_Paged):
    """The matches of a search in the search's order: the ids are ordered here
    (at most :data:`SEARCH_LIMIT`)."""

    def __init__(self, articles: QuerySet[Article], ranked: list[int]) -> None:
        matching = set(articles.order_by().values_list("pk", flat=True))
        self.articles = articles
        self.ids = [pk for pk in ranked if pk in matching]

    def count(self) -> int:  # type: ignore[override]
        return len(self.ids)

    def _ids(self, index: slice) -> list[int]:
        return self.ids[index]


def _ordered(articles: QuerySet[Article], sort: str) -> QuerySet[Article]:
    if sort == "oldest":
        return articles.order_by(OrderBy(F("published_at"), nulls_last=True), "id")
    if sort == "collected":
        return articles.order_by("-created_at", "-id")
    # newest: articles without a date come last, whatever the database does with NULL
    # (the order of the index of store migration 0008)
    return articles.order_by(OrderBy(F("published_at"), descending=True, nulls_last=True), "-id")


def run(form: InboxFilter) -> InboxResult:
    """The articles the form asks for, ordered, with the facets of that set."""
    articles = Article.objects.select_related("outlet", "selection", "selection__unit")
    data: dict[str, Any] = form.cleaned_data if form.is_bound and form.is_valid() else {}
    query = str(data.get("q") or "").strip()
    # no sort chosen: a search lists its best matches first, else the newest
    sort = data.get("sort") or ("relevance" if query else "newest")
    ranked: list[int] | None = None
    problem = interpreted = all_accents = ""
    capped = False
    without = 0
    if query:
        from doingoai.store import search as store_search

        try:
            found = store_search.search(
                query,
                limit=SEARCH_LIMIT,
                accents=data.get("accents") or "exact",
                snippets=False,  # the list shows titles, not passages
            )
        except QueryError as err:
            problem = describe(err)
            ranked = []
        else:
            ranked = [hit.article_id for hit in found.hits]
            interpreted = found.query_info.interpreted_as or ""
            capped = found.total > SEARCH_LIMIT
            without = found.without_accents or 0
            if without:
                every = QueryDict(mutable=True)
                every.update(form.data)
                every["accents"] = "any"
                every.pop("page", None)
                all_accents = every.urlencode()
        articles = articles.filter(pk__in=ranked)
    articles = _filter(articles, data)
    listed: Listed | Ranked
    if sort == "relevance" and ranked is not None:
        listed = Ranked(articles, ranked)
        total, exact = len(listed), True
    else:
        total, exact = count(articles)
        listed = Listed(_ordered(articles, sort), total)
    return InboxResult(
        articles=listed,
        facets=_facets(articles, data, sampled=total > FACET_WINDOW),
        total=total,
        total_exact=exact,
        problem=problem,
        interpreted=interpreted,
        capped=capped,
        sort=sort,
        without_accents=without,
        all_accents_query=all_accents,
    )


def has_filters(form: InboxFilter) -> bool:
    """Whether anything but the sort and page is asked for."""
    if not form.is_bound or not form.is_valid():
        return False
    return any(v for k, v in form.cleaned_data.items() if k != "sort")


def link(facets: list[Facet], params: Any) -> None:
    """Give each facet value the query string that chooses it, keeping the
    other choices (a chosen value's link lets it go); the page starts again."""
    for facet in facets:
        for value in facet.values:
            copy = params.copy()
            copy.pop("page", None)
            copy.pop(value.param, None)
            if value.param == "entity":
                copy.pop("cluster", None)
            if not value.chosen:
                copy[value.param] = value.value
            value.href = "?" + copy.urlencode()
