"""The inbox of collected articles: full-text search with the portal's engine
(:mod:`doingoai.store.search`, accents optional), filters, facet counts and
sorting.

Facets count the articles that match everything chosen so far, by outlet,
unit, theme, topic, language, selection status and the people,
organisations and places the articles name (stored by enrichment as
``Article.entities``: ``[{"text": …, "kind": "PER" | "ORG" | "LOC"}]``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django import forms
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case, Count, F, IntegerField, OrderBy, QuerySet, Value, When
from django.db.models.expressions import RawSQL
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


@dataclass
class InboxResult:
    articles: QuerySet[Article]
    facets: list[Facet]
    problem: str = ""
    interpreted: str = ""
    capped: bool = False
    sort: str = "newest"

    @property
    def order(self) -> str:
        """The order the list is in, in words."""
        return str(ORDERS.get(self.sort, self.sort))


def _day(day: date, end: bool = False) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max if end else time.min))


def _entity_ids(kind: str, text: str) -> RawSQL:
    """Ids of the articles naming ``text`` as an entity of ``kind``."""
    if connection.vendor == "postgresql":
        sql = (
            "SELECT a.id FROM store_article a, jsonb_array_elements(a.entities) e "
            "WHERE e->>'kind' = %s AND e->>'text' = %s"
        )
    else:
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
        articles = articles.filter(id__in=_entity_ids(kind, text))
    return articles


def _counts(articles: QuerySet[Article], path: str) -> list[tuple[Any, int]]:
    rows = (
        Article.objects.filter(pk__in=articles.values("pk"))
        .exclude(**{f"{path}__isnull": True})
        .values_list(path)
        .annotate(n=Count("pk", distinct=True))
        .order_by("-n", path)[:FACET_SIZE]
    )
    return [(value, n) for value, n in rows]


def _entity_counts(articles: QuerySet[Article], kind: str) -> list[tuple[str, int]]:
    try:
        ids_sql, params = articles.values("pk").query.sql_with_params()
    except EmptyResultSet:  # a search that matched nothing
        return []
    if connection.vendor == "postgresql":
        sql = (
            "SELECT e->>'text' AS t, COUNT(DISTINCT a.id) AS n "
            "FROM store_article a, jsonb_array_elements(a.entities) e "
            f"WHERE a.id IN ({ids_sql}) AND e->>'kind' = %s "
            "GROUP BY t ORDER BY n DESC, t LIMIT %s"
        )
    else:
        sql = (
            "SELECT json_extract(e.value, '$.text') AS t, COUNT(DISTINCT a.id) AS n "
            "FROM store_article a, json_each(a.entities) e "
            f"WHERE a.id IN ({ids_sql}) AND json_extract(e.value, '$.kind') = %s "
            "GROUP BY t ORDER BY n DESC, t LIMIT %s"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, kind, FACET_SIZE])
        return [(str(t), int(n)) for t, n in cursor.fetchall() if t]


def _facets(articles: QuerySet[Article], data: dict[str, Any]) -> list[Facet]:
    lang = get_language() or "vi"
    chosen = {k: data.get(k) for k in ("outlet", "unit", "theme", "topic", "language", "status")}
    facets: list[Facet] = []

    outlets = _counts(articles, "outlet")
    names = Outlet.objects.in_bulk([pk for pk, _n in outlets])
    facet = Facet("outlet", str(_("Outlet")))
    for pk, n in outlets:
        outlet = names.get(pk)
        if outlet is not None:
            facet.values.append(
                FacetValue("outlet", str(pk), str(outlet), n, chosen["outlet"] == outlet)
            )
    facets.append(facet)

    units = _counts(articles, "selection__unit")
    unit_names = Unit.objects.in_bulk([pk for pk, _n in units])
    facet = Facet("unit", str(_("Unit")))
    for pk, n in units:
        unit = unit_names.get(pk)
        if unit is not None:
            facet.values.append(FacetValue("unit", str(pk), str(unit), n, chosen["unit"] == unit))
    facets.append(facet)

    themes = _counts(articles, "selection__themes")
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
    for topic, n in _counts(articles.exclude(topic=""), "topic"):
        facet.values.append(
            FacetValue("topic", topic, label_name(topic), n, chosen["topic"] == topic)
        )
    facets.append(facet)

    facet = Facet("language", str(_("Language")))
    for code, n in _counts(articles.exclude(language=""), "language"):
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
    for status, n in _counts(articles.filter(selection__isnull=False), "selection__status"):
        facet.values.append(
            FacetValue(
                "status", status, str(STATUSES.get(status, status)), n, chosen["status"] == status
            )
        )
    facets.append(facet)

    for kind, label in ENTITY_KINDS.items():
        facet = Facet(f"entity-{kind}", str(label))
        for text, n in _entity_counts(articles, kind):
            key = entity_key(kind, text)
            facet.values.append(FacetValue("entity", key, text, n, data.get("entity") == key))
        facets.append(facet)
    return facets


def _ordered(articles: QuerySet[Article], sort: str, ranked: list[int] | None) -> QuerySet[Article]:
    if sort == "relevance" and ranked:
        rank = Case(
            *[When(pk=pk, then=Value(n)) for n, pk in enumerate(ranked)],
            default=Value(len(ranked)),
            output_field=IntegerField(),
        )
        return articles.order_by(rank, "-id")
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
    problem = interpreted = ""
    capped = False
    if query:
        from doingoai.store import search as store_search

        try:
            found = store_search.search(query, limit=SEARCH_LIMIT)
        except QueryError as err:
            problem = describe(err)
            ranked = []
        else:
            ranked = [hit.article_id for hit in found.hits]
            interpreted = found.query_info.interpreted_as or ""
            capped = found.total > SEARCH_LIMIT
        articles = articles.filter(pk__in=ranked)
    articles = _filter(articles, data)
    return InboxResult(
        articles=_ordered(articles, sort, ranked),
        facets=_facets(articles, data),
        problem=problem,
        interpreted=interpreted,
        capped=capped,
        sort=sort,
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
