"""The reference pages in the portal's sitemap.xml, each with its language
versions as alternates (x-default: the Vietnamese original)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.urls import reverse

from doingoai.portal import content
from doingoai.portal.sitemaps import _WithDefault
from doingoai.reference.models import ReferencePage
from doingoai.reference.services import published_versions

__all__ = ["PageSitemap", "page_path"]


def page_path(lang: str, slug: str) -> str:
    """/vi/trang/<slug>/ for the originals, /<lang>/pages/<slug>/ for the others."""
    name = "portal:reference-page-vi" if lang == "vi" else "portal:reference-page"
    return reverse(name, kwargs={"lang": lang, "slug": slug})


class PageSitemap(_WithDefault):
    i18n = True
    alternates = True
    changefreq = "monthly"
    priority = 0.7

    def items(self) -> list[ReferencePage]:
        pages = list(ReferencePage.objects.exclude(published_html="").order_by("slug"))
        portal = set(content.portal_languages())
        self._languages = {
            p.pk: [content.source_language()]
            + [code for code in sorted(published_versions(p)) if code in portal]
            for p in pages
        }
        return pages

    def get_languages_for_item(self, item: ReferencePage) -> list[str]:
        return self._languages.get(item.pk, [content.source_language()])

    def _location(self, item: Any, force_lang_code: str | None = None) -> str:
        page, lang = item
        return page_path(force_lang_code or lang, page.slug)

    def lastmod(self, item: ReferencePage) -> datetime | None:
        return item.reviewed_at or item.published_at
