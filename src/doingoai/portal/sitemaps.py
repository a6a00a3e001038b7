"""sitemap.xml with the language versions of every article as alternates,
and a news sitemap of the last two days' stories."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from doingoai.portal import content
from doingoai.portal.labels import labels

__all__ = ["SITEMAPS", "ArticleSitemap", "SectionSitemap", "news_sitemap"]


class _WithDefault(Sitemap):
    """Alternates end with ``x-default``: the original's version, for readers
    of no listed language (Django's own x-default strips the language prefix,
    an address the portal does not have)."""

    def get_urls(self, page: int | str = 1, site: Any = None, protocol: str | None = None) -> Any:
        urls = super().get_urls(page, site, protocol)
        source = content.source_language()
        for url in urls:
            alternates = url.get("alternates") or []
            original = next((a for a in alternates if a["lang_code"] == source), None)
            if original is not None:
                alternates.append({"location": original["location"], "lang_code": "x-default"})
        return urls


class ArticleSitemap(_WithDefault):
    """One URL per published version; each lists every version of its article."""

    i18n = True
    alternates = True
    changefreq = "weekly"

    def __init__(self) -> None:
        self._stories: dict[tuple[int, str], content.Story] = {}

    def items(self) -> list[int]:
        found, _ = content.stories(content.source_language(), limit=None)
        self._languages = {s.article_id: s.languages for s in found}
        return [s.article_id for s in found]

    def get_languages_for_item(self, item: int) -> list[str]:
        return self._languages.get(item, [content.source_language()])

    def _story(self, article_id: int, lang: str) -> content.Story | None:
        key = (article_id, lang)
        if key not in self._stories:
            found = content.story(lang, article_id)
            if found is None:
                return None
            self._stories[key] = found
        return self._stories[key]

    def _location(self, item: Any, force_lang_code: str | None = None) -> str:
        article_id, lang = item
        found = self._story(article_id, force_lang_code or lang)
        return found.path if found else ""

    def lastmod(self, item: int) -> datetime | None:
        found = self._story(item, content.source_language())
        return found.updated or found.date if found else None


class SectionSitemap(_WithDefault):
    """Home, theme and archive pages in every language."""

    i18n = True
    alternates = True
    changefreq = "daily"

    def items(self) -> list[tuple[str, dict[str, str]]]:
        pages: list[tuple[str, dict[str, str]]] = [("portal:home", {}), ("portal:archive", {})]
        pages += [("portal:theme", {"slug": t.slug}) for t in content.themes()]
        return pages

    def _location(self, item: Any, force_lang_code: str | None = None) -> str:
        (name, kwargs), lang = item
        return reverse(name, kwargs={"lang": force_lang_code or lang, **kwargs})


#: sitemap classes: Django's view makes fresh instances for every request
SITEMAPS: dict[str, type[Sitemap]] = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
}


def news_sitemap(request: HttpRequest) -> HttpResponse:
    """Google News sitemap: the stories of the last 48 hours in every language
    (the newest 50 when nothing is that recent, so the demo shows one)."""
    since = timezone.now() - timedelta(days=2)
    entries = []
    for lang in content.portal_languages():
        found, _ = content.stories(lang, limit=1000, count=False)
        # a story's publication date is its outlet's (as its page, feeds and
        # structured data say), else the day the office published it
        recent = [s for s in found if (s.date or s.updated or since) >= since] or found[:50]
        for s in recent:
            when = s.date or s.updated or timezone.now()
            entries.append(
                {
                    "loc": request.build_absolute_uri(s.path),
                    "lang": lang,
                    "name": labels(lang)["site_name"],
                    "date": timezone.localtime(when).isoformat(timespec="seconds"),
                    "title": s.title,
                }
            )
    return render(
        request, "portal/news_sitemap.xml", {"entries": entries}, content_type="application/xml"
    )
