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

from doingoai.curation.models import Theme, Unit
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
#: people, organisations and places are counted over at most this many of
#: the latest matches (their lists are read one by one)
ENTITY_WINDOW = 5000
#: an entity filter is read as a list of ids up to this many articles
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
        topics = sorted(
            Article.objects.exclude(topic="")
            .order_by()
            .values_list("topic", flat=True)
            .distinct()[:200],
            key=label_name,
        )
        languages = sorted(
            Article.objects.exclude(language="")
            .order_by()
            .values_list("language", flat=True)
            .distinct()[:100]
        )
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
    #: counted over the latest ENTITY_WINDOW matches only
    sampled: bool = False


@dataclass
class InboxResult:
    articles: QuerySet[Article] | Ranked
    facets: list[Facet]
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


def _day(day: date, end: bool = False) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max if end else time.min))


def _entity_ids(kind: str, text: str) -> RawSQL:
    """Ids of the articles naming ``text`` as an entity of ``kind``."""
    if connection.vendor == "postgresql":
        # containment, answered by the GIN index of store migration 0007
        sql = "SELECT a.id FROM store_article a WHERE a.entities @> CAST(%s AS jsonb)"
        return RawSQL(sql, (json.dumps([{"kind": kind, "text": text}], ensure_ascii=False),))
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
        # read once: a subquery over every entity list would run again for each facet
        ids = list(
            Article.objects.filter(id__in=_entity_ids(kind, text)).values_list("id", flat=True)[
                : ENTITY_IDS_MAX + 1
            ]
        )
        within = len(ids) <= ENTITY_IDS_MAX
        articles = articles.filter(id__in=ids if within else _entity_ids(kind, text))
    return articles


def _counts(articles: QuerySet[Article], path: str, *, apart: bool) -> list[tuple[Any, int]]:
    """The values of ``path`` most common among ``articles``, with their counts.

    Grouped on the matching set itself (fast) unless ``apart``: a filter on a
    many-valued relation (themes) or an aggregate (duplicates) is then kept in
    a subquery, so that the grouping sees every value of every match."""
    matching = Article.objects.filter(pk__in=articles.values("pk")) if apart else articles
    rows = (
        matching.exclude(**{f"{path}__isnull": True})
        .order_by()
        .values_list(path)
        .annotate(n=Count("pk"))
        .order_by("-n", path)[:FACET_SIZE]
    )
    return [(value, n) for value, n in rows]


def _entity_counts(articles: QuerySet[Article], total: int) -> dict[str, list[tuple[str, int]]]:
    """The most named people, organisations and places of the matching set, in
    one pass over their entity lists; past :data:`ENTITY_WINDOW` matches, of
    the latest collected ones."""
    window = articles.order_by("-pk").values("pk")
    if total > ENTITY_WINDOW:
        window = window[:ENTITY_WINDOW]
    try:
        ids_sql, params = window.query.sql_with_params()
    except EmptyResultSet:  # a search that matched nothing
        return {}
    if connection.vendor == "postgresql":
        sql = (
            "SELECT e->>'kind', e->>'text', COUNT(*) AS n "
            "FROM store_article a, jsonb_array_elements(a.entities) e "
            f"WHERE a.id IN ({ids_sql}) GROUP BY 1, 2 ORDER BY n DESC, 2"
        )
    else:
        sql = (
            "SELECT json_extract(e.value, '$.kind'), json_extract(e.value, '$.text'), "
            "COUNT(*) AS n FROM store_article a, json_each(a.entities) e "
            f"WHERE a.id IN ({ids_sql}) GROUP BY 1, 2 ORDER BY n DESC, 2"
        )
    out: dict[str, list[tuple[str, int]]] = {kind: [] for kind in ENTITY_KINDS}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for kind, text, n in cursor.fetchall():
            found = out.get(str(kind))
            if found is not None and text and len(found) < FACET_SIZE:
                found.append((str(text), int(n)))
    return out


def _facets(articles: QuerySet[Article], data: dict[str, Any]) -> list[Facet]:
    lang = get_language() or "vi"
    chosen = {k: data.get(k) for k in ("outlet", "unit", "theme", "topic", "language", "status")}
    facets: list[Facet] = []

    # a filter by theme or duplicates needs the grouping kept apart (see _counts)
    apart = bool(data.get("theme") or data.get("duplicates"))
    outlets = _counts(articles, "outlet", apart=apart)
    names = Outlet.objects.in_bulk([pk for pk, _n in outlets])
    facet = Facet("outlet", str(_("Outlet")))
    for pk, n in outlets:
        outlet = names.get(pk)
        if outlet is not None:
            facet.values.append(
                FacetValue("outlet", str(pk), str(outlet), n, chosen["outlet"] == outlet)
            )
    facets.append(facet)

    units = _counts(articles, "selection__unit", apart=apart)
    unit_names = Unit.objects.in_bulk([pk for pk, _n in units])
    facet = Facet("unit", str(_("Unit")))
    for pk, n in units:
        unit = unit_names.get(pk)
        if unit is not None:
            facet.values.append(FacetValue("unit", str(pk), str(unit), n, chosen["unit"] == unit))
    facets.append(facet)

    themes = _counts(articles, "selection__themes", apart=apart)
    theme_rows = Theme.objects.in_bulk([pk for pk, _n in themes])
    facet = Facet("theme", str(_("Theme")))
    for pk, n in themes:
        theme = theme_rows.get(pk)
        if theme is not None:
            facet.values.append(
                FacetValue("theme", theme.slug, theme.name(lang), n, chosen["theme"] == theme)
            )
    facets.append(facet)

    facet = Facet("topic", str(_("Topic")))
    for topic, n in _counts(articles.exclude(topic=""), "topic", apart=apart):
        facet.values.append(
            FacetValue("topic", topic, label_name(topic), n, chosen["topic"] == topic)
        )
    facets.append(facet)

    facet = Facet("language", str(_("Language")))
    for code, n in _counts(articles.exclude(language=""), "language", apart=apart):
        facet.values.append(
            FacetValue("language", code, language_name(code), n, chosen["language"] == code)
        )
    facets.append(facet)

    facet = Facet("status", str(_("Status")))
    new = articles.filter(selection__isnull=True).count()
    if new:
        facet.values.append(
            FacetValue("status", "new", str(STATUSES["new"]), new, chosen["status"] == "new")
        )
    for status, n in _counts(
        articles.filter(selection__isnull=False), "selection__status", apart=apart
    ):
        facet.values.append(
            FacetValue(
                "status", status, str(STATUSES.get(status, status)), n, chosen["status"] == status
            )
        )
    facets.append(facet)

    total = articles.count()
    named = _entity_counts(articles, total)
    for kind, label in ENTITY_KINDS.items():
        facet = Facet(f"entity-{kind}", str(label), sampled=total > ENTITY_WINDOW)
        for text, n in named.get(kind, []):
            key = entity_key(kind, text)
            facet.values.append(FacetValue("entity", key, text, n, data.get("entity") == key))
        facets.append(facet)
    return facets


class Ranked(Sequence[Article]):
    """The matches of a search in the search's order, for the paginator: the
    ids are ordered here (at most :data:`SEARCH_LIMIT`) and only the page
    shown is read from the database."""

    def __init__(self, articles: QuerySet[Article], ranked: list[int]) -> None:
        matching = set(articles.order_by().values_list("pk", flat=True))
        self.articles = articles
        self.ids = [pk for pk in ranked if pk in matching]

    def __len__(self) -> int:
        return len(self.ids)

    def count(self) -> int:  # type: ignore[override]  # the paginator asks for count()
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> Article: ...

    @overload
    def __getitem__(self, index: slice) -> list[Article]: ...

    def __getitem__(self, index: int | slice) -> Article | list[Article]:
        if isinstance(index, int):
            return self[index : index + 1 if index != -1 else None][0]
        wanted = self.ids[index]
        found = self.articles.in_bulk(wanted)
        return [found[pk] for pk in wanted if pk in found]


def _ordered(
    articles: QuerySet[Article], sort: str, ranked: list[int] | None
) -> QuerySet[Article] | Ranked:
    if sort == "relevance" and ranked is not None:
        return Ranked(articles, ranked)
    if sort == "oldest":
        return articles.order_by(OrderBy(F("published_at"), nulls_last=True), "id")
    if sort == "collected":
        return articles.order_by("-created_at", "-id")
    # newest: articles without a date come last, whatever the database does with NULL
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
                query, limit=SEARCH_LIMIT, accents=data.get("accents") or "exact"
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
    return InboxResult(
        articles=_ordered(articles, sort, ranked),
        facets=_facets(articles, data),
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
