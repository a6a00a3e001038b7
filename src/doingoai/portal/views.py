"""The portal's pages: thin views over :mod:`doingoai.portal.content`."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext_lazy, override

from doingoai.curation.models import Theme
from doingoai.errors import QueryError
from doingoai.i18n import ngettext_in
from doingoai.notices.portal import article_extras, correction_json_ld
from doingoai.portal import content
from doingoai.portal.dates import format_date, format_month
from doingoai.portal.labels import LANGUAGE_NAMES, labels
from doingoai.portal.middleware import CACHEABLE
from doingoai.store.search.messages import describe

__all__ = ["archive", "article", "home", "root", "search", "theme"]

PAGE_SIZE = 20
_OG_LOCALES = {"vi": "vi_VN", "en": "en_US", "fr": "fr_FR", "zh": "zh_CN", "ja": "ja_JP"}
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}

View = Callable[..., HttpResponse]


def _check_language(lang: str) -> None:
    if lang not in content.portal_languages():
        raise Http404(f"no portal in language {lang!r}")


def cached_page(view: View) -> View:
    """Mark the view's pages as cacheable by :class:`PageCacheMiddleware`
    (the same for every reader: nothing personal, no cookie)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        setattr(response, CACHEABLE, True)
        return response

    return wrapper


def _json_ld(data: dict[str, Any]) -> SafeString:
    # every <, > and & is escaped, so no text can close the script element
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES))


def _switcher(request: HttpRequest, lang: str, paths: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {
            "code": code,
            "name": LANGUAGE_NAMES.get(code, code),
            "path": path,
            "url": request.build_absolute_uri(path),
            "current": code == lang,
        }
        for code, path in paths.items()
    ]


def _context(
    request: HttpRequest,
    lang: str,
    *,
    title: str,
    paths: dict[str, str] | None = None,
    description: str = "",
    **extra: Any,
) -> dict[str, Any]:
    """What every page's template gets: the language, its words, the themes,
    the versions of this page (switcher, hreflang) and its canonical URL."""
    words = labels(lang)
    if paths is None:
        name = request.resolver_match.url_name if request.resolver_match else "home"
        kwargs = dict(request.resolver_match.kwargs) if request.resolver_match else {}
        paths = {}
        for code in content.portal_languages():
            kwargs["lang"] = code
            paths[code] = reverse(f"portal:{name}", kwargs=kwargs)
    themes = extra.pop("themes", None)
    return {
        "lang": lang,
        "t": words,
        "title": title,
        "description": description or words["tagline"],
        # (theme, its name, its page) for the menu
        "themes": [
            (t, t.name(lang), content.portal_path("theme", lang, slug=t.slug))
            for t in (content.themes() if themes is None else themes)
        ],
        "home_path": content.portal_path("home", lang),
        "search_path": content.portal_path("search", lang),
        "archive_path": content.portal_path("archive", lang),
        "versions": _switcher(request, lang, paths),
        "canonical": request.build_absolute_uri(paths.get(lang, request.path)),
        "x_default": _x_default(request, paths),
        "og_locale": _OG_LOCALES.get(lang, lang),
        "rss": reverse("portal:feed-rss", kwargs={"lang": lang}),
        "atom": reverse("portal:feed-atom", kwargs={"lang": lang}),
        **extra,
    }


def _x_default(request: HttpRequest, paths: dict[str, str]) -> str:
    """The version for readers of no listed language: the original's, else the first."""
    path = paths.get(content.source_language()) or next(iter(paths.values()), "")
    return request.build_absolute_uri(path) if path else ""


def _cards(found: list[content.Story], lang: str) -> list[dict[str, Any]]:
    # flat dicts: a template finds each value at its first lookup
    return [
        {
            "featured": s.featured,
            "path": s.path,
            "lang": s.lang,
            "title": s.title,
            "outlet": s.outlet,
            # what truncatechars:240 shows, without its per-character scan
            "teaser": s.lead if len(s.lead) <= 240 else s.lead[:239] + "…",
            "date": format_date(s.date, lang),
            "iso": s.date.isoformat(timespec="seconds") if s.date else "",
        }
        for s in found
    ]


def root(request: HttpRequest) -> HttpResponseRedirect:
    """/ → the portal in the reader's language (Accept-Language), else the originals'."""
    langs = content.portal_languages()
    wanted = request.headers.get("Accept-Language", "")
    for part in wanted.split(","):
        code = part.split(";")[0].strip().lower().split("-")[0]
        if code in langs:
            return redirect("portal:home", lang=code)
    return redirect("portal:home", lang=content.source_language())


@cached_page
def home(request: HttpRequest, lang: str) -> HttpResponse:
    _check_language(lang)
    latest, _ = content.stories(lang, limit=10, count=False)
    themes = content.themes()
    # every theme's cards in one query: its featured stories, else its newest
    by_theme = content.theme_sections(lang, per_theme=3, every_theme=[t.pk for t in themes])
    sections = [
        {
            "theme": t,
            "name": t.name(lang),
            "path": content.portal_path("theme", lang, slug=t.slug),
            "cards": _cards(by_theme[t.pk], lang),
        }
        for t in themes
        if by_theme.get(t.pk)
    ]
    ctx = _context(
        request,
        lang,
        title=labels(lang)["site_name"],
        themes=themes,
        latest=_cards(latest, lang),
        sections=sections,
    )
    return render(request, "portal/home.html", ctx)


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, min(int(request.GET.get("page", "1")), 10_000))
    except ValueError:
        return 1


@cached_page
def theme(request: HttpRequest, lang: str, slug: str) -> HttpResponse:
    _check_language(lang)
    found_theme = Theme.objects.filter(slug=slug).first()
    if found_theme is None:
        raise Http404(f"no theme {slug!r}")
    page = _page_number(request)
    found, total = content.stories(
        lang, theme=slug, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, count=False
    )
    ctx = _context(
        request,
        lang,
        title=found_theme.name(lang),
        cards=_cards(found, lang),
        theme=found_theme,
        page=page,
        has_next=page * PAGE_SIZE < total,
        feed_rss=reverse("portal:theme-feed-rss", kwargs={"lang": lang, "slug": slug}),
        feed_atom=reverse("portal:theme-feed-atom", kwargs={"lang": lang, "slug": slug}),
    )
    return render(request, "portal/theme.html", ctx)


#: the publisher's logo for structured data (a raster image, as search engines ask)
LOGO = ("portal/logo.png", 512, 512)


def _person(request: HttpRequest, lang: str, name: str) -> dict[str, Any]:
    # the portal has no author pages: an author's page is the search for their stories
    search_path = reverse("portal:search", kwargs={"lang": lang})
    query = urlencode({"q": '"' + name + '"'})
    url = request.build_absolute_uri(f"{search_path}?{query}")
    return {"@type": "Person", "name": name, "url": url}


def _authors(request: HttpRequest, found: content.Story) -> list[dict[str, Any]]:
    """The byline's people; without a byline, the outlet that published it."""
    if found.authors:
        return [_person(request, found.lang, a) for a in found.authors]
    if found.outlet:
        outlet: dict[str, Any] = {"@type": "Organization", "name": found.outlet}
        parts = urlsplit(found.original_url)
        if parts.scheme in {"http", "https"} and parts.netloc:
            outlet["url"] = f"{parts.scheme}://{parts.netloc}/"
        return [outlet]
    return []


def _article_meta(
    request: HttpRequest,
    found: content.Story,
    canonical: str,
    paths: dict[str, str],
    corrections: list[Any],
) -> SafeString:
    home = request.build_absolute_uri(reverse("portal:home", kwargs={"lang": found.lang}))
    logo, width, height = LOGO
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": canonical,
        "headline": found.title[:110],
        "description": found.lead,
        "inLanguage": found.lang,
        "mainEntityOfPage": canonical,
        "url": canonical,
        "author": _authors(request, found),
        "publisher": {
            "@type": "Organization",
            "name": labels(found.lang)["site_name"],
            "url": home,
            "logo": {
                "@type": "ImageObject",
                "url": request.build_absolute_uri(static(logo)),
                "width": width,
                "height": height,
            },
        },
    }
    if found.date:
        data["datePublished"] = found.date.isoformat(timespec="seconds")
    if found.updated:
        data["dateModified"] = found.updated.isoformat(timespec="seconds")
    images = [f.src for f in found.figures if f.src]
    if images:
        data["image"] = [request.build_absolute_uri(src) for src in images]
    if found.outlet:
        data["sourceOrganization"] = {"@type": "Organization", "name": found.outlet}
    if found.original_url:
        data["isBasedOn"] = found.original_url
    source = content.source_language()
    if found.lang != source:
        original = request.build_absolute_uri(paths[source]) if source in paths else ""
        data["translationOfWork"] = {"@type": "NewsArticle", "inLanguage": source}
        if original:
            data["translationOfWork"].update({"@id": original, "url": original})
    else:
        translations = [
            {"@type": "NewsArticle", "@id": url, "url": url, "inLanguage": code}
            for code, url in ((c, request.build_absolute_uri(p)) for c, p in paths.items())
            if code != source
        ]
        if translations:
            data["workTranslation"] = translations
    # the office's published corrections of the article (doingoai.notices)
    said = correction_json_ld(found.article_id, found.lang, corrections)
    if said:
        data["correction"] = said
    return _json_ld(data)


@cached_page
def article(request: HttpRequest, lang: str, pk: int, slug: str = "") -> HttpResponse:
    _check_language(lang)
    found = content.story(lang, pk)
    if found is None:
        raise Http404(f"no article {pk} in {lang!r}")
    if slug != found.slug:
        return redirect(found.path, permanent=True)
    paths = content.version_paths(found)
    canonical = request.build_absolute_uri(found.path)
    extras = article_extras(found.article_id, lang, (found.title, found.path))
    ctx = _context(
        request,
        lang,
        title=found.title,
        description=found.lead,
        paths=paths,
        story=found,
        date=format_date(found.date, lang),
        date_short=format_date(found.date, lang, short=True),
        iso=found.date.isoformat(timespec="seconds") if found.date else "",
        also_in=[v for v in _switcher(request, lang, paths) if not v["current"]],
        json_ld=_article_meta(request, found, canonical, paths, extras["corrections"]),
        og_type="article",
        og_image=next((request.build_absolute_uri(f.src) for f in found.figures if f.src), ""),
        story_themes=[
            (t, t.name(lang), content.portal_path("theme", lang, slug=t.slug)) for t in found.themes
        ],
        **extras,
    )
    return render(request, "portal/article.html", ctx)


def _date_param(request: HttpRequest, name: str, problems: list[str], lang: str) -> date | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        problems.append(labels(lang)["bad_date"])
        return None


def search(request: HttpRequest, lang: str) -> HttpResponse:
    """Accent-insensitive search over what is published: the originals through
    the store's full-text index, other languages by folded word matching."""
    _check_language(lang)
    words = labels(lang)
    query = request.GET.get("q", "").strip()[:500]
    theme_slug = request.GET.get("theme", "").strip()
    in_lang = request.GET.get("in", lang).strip()
    if in_lang not in content.portal_languages():
        in_lang = lang
    problems: list[str] = []
    since = _date_param(request, "from", problems, lang)
    until = _date_param(request, "to", problems, lang)
    if theme_slug and not Theme.objects.filter(slug=theme_slug).exists():
        theme_slug = ""
    page = _page_number(request)
    cards: list[dict[str, Any]] = []
    total = 0
    interpreted = ""
    every_accent = request.GET.get("accents") == "any"
    without_line = without_href = ""
    if query:
        ids: list[int] = []
        loose: list[int] = []
        try:
            ids, loose, interpreted = _matching_ids(query, in_lang, every_accent)
        except QueryError as err:
            with override(lang):
                problems.append(words["query_problem"] % {"message": describe(err, lang)})
        if ids:
            found, total = content.stories(
                in_lang,
                theme=theme_slug or None,
                since=since,
                until=until,
                ids=ids,
                limit=None,
            )
            rank = {article_id: n for n, article_id in enumerate(ids)}
            found.sort(key=lambda s: rank.get(s.article_id, len(rank)))
            start = (page - 1) * PAGE_SIZE
            cards = _cards(found[start : start + PAGE_SIZE], in_lang)
        if loose:
            _, without = content.stories(
                in_lang, theme=theme_slug or None, since=since, until=until, ids=loose, limit=0
            )
            if without:
                without_line = _without_line(without, lang)
                wider = request.GET.copy()
                wider["accents"] = "any"
                wider.pop("page", None)
                without_href = "?" + wider.urlencode()
    ctx = _context(
        request,
        lang,
        title=f"{words['search']}: {query}" if query else words["search"],
        query=query,
        cards=cards,
        total=total,
        found_line=_found_line(total, lang),
        problems=problems,
        interpreted=interpreted,
        without_line=without_line,
        without_href=without_href,
        selected_theme=theme_slug,
        in_lang=in_lang,
        languages=[(c, LANGUAGE_NAMES.get(c, c)) for c in content.portal_languages()],
        since=since.isoformat() if since else "",
        until=until.isoformat() if until else "",
        page=page,
        has_next=page * PAGE_SIZE < total,
    )
    response = render(request, "portal/search.html", ctx)
    response["X-Robots-Tag"] = "noindex"
    return response


#: the count of a search's results (for the catalogues; said by ngettext_in)
_FOUND = ngettext_lazy("%(count)s result", "%(count)s results", "count")


#: the line on matches without the accents typed (for the catalogues; said by ngettext_in)
_WITHOUT = ngettext_lazy(
    "%(count)s more article matches only without the accents typed.",
    "%(count)s more articles match only without the accents typed.",
    "count",
)


def _found_line(total: int, lang: str) -> str:
    """ "1 result", "12 results", "1.234 kết quả": the count in the reader's words."""
    with override(lang):
        shown = number_format(total, force_grouping=True)
    return ngettext_in(lang, "%(count)s result", "%(count)s results", total) % {"count": shown}


def _without_line(count: int, lang: str) -> str:
    """ "3 more match only without the accents typed" in the reader's words."""
    with override(lang):
        shown = number_format(count, force_grouping=True)
    return ngettext_in(
        lang,
        "%(count)s more article matches only without the accents typed.",
        "%(count)s more articles match only without the accents typed.",
        count,
    ) % {"count": shown}


def _matching_ids(query: str, lang: str, every_accent: bool) -> tuple[list[int], list[int], str]:
    """The articles a query finds in ``lang``, best first; those that match only
    without the accents typed (offered apart unless ``every_accent``); and how
    an unaccented query was read."""
    if lang == content.source_language():
        from doingoai.store import search as store_search

        accents = "any" if every_accent else "exact"
        result = store_search.search(query, limit=1000, accents=accents)
        ids = [h.article_id for h in result.hits]
        loose: list[int] = []
        if result.without_accents:
            wider = store_search.search(query, limit=1000, accents="any")
            mine = set(ids)
            loose = [h.article_id for h in wider.hits if h.article_id not in mine]
        return ids, loose, result.query_info.interpreted_as or ""
    from doingoai.store.search.query import parse

    parse(query)  # the same friendly refusal of broken syntax in every language
    return content.search_versions(lang, query), [], ""


@cached_page
def archive(request: HttpRequest, lang: str) -> HttpResponse:
    _check_language(lang)
    found = [
        {
            "label": format_month(y, m, lang),
            "count": n,
            "path": content.portal_path("archive-month", lang, year=y, month=f"{m:02d}"),
        }
        for y, m, n in content.months(lang)
    ]
    ctx = _context(request, lang, title=labels(lang)["archive"], months=found)
    return render(request, "portal/archive.html", ctx)


@cached_page
def archive_month(request: HttpRequest, lang: str, year: int, month: str) -> HttpResponse:
    _check_language(lang)
    # ASCII digits, as the archive links write it ("ab" or "٠٣" is no month)
    if not (1 <= len(month) <= 2 and month.isascii() and month.isdigit()):
        raise Http404("no such month")
    number = int(month)
    if not 1 <= number <= 12 or not 1900 <= year <= 2999:
        raise Http404("no such month")
    found, _ = content.stories(lang, month=(year, number), limit=None)
    ctx = _context(
        request,
        lang,
        title=f"{labels(lang)['archive']}: {format_month(year, number, lang)}",
        cards=_cards(found, lang),
        month_label=format_month(year, number, lang),
    )
    return render(request, "portal/archive_month.html", ctx)
