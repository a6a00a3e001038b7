"""The published clarifications in the portal's sitemap.xml, each with its
language versions as alternates (x-default: the Vietnamese one), so search
engines find their ClaimReview markup."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from doingoai.notices.models import Clarification
from doingoai.notices.portal import section_path
from doingoai.portal import content
from doingoai.portal.sitemaps import _WithDefault

__all__ = ["ClarificationSitemap"]


class ClarificationSitemap(_WithDefault):
    i18n = True
    alternates = True
    changefreq = "monthly"
    priority = 0.6

    def items(self) -> list[Clarification]:
        found = list(Clarification.objects.filter(state="published").order_by("pk"))
        portal = content.portal_languages()
        self._languages = {c.pk: [lang for lang in c.languages if lang in portal] for c in found}
        return found

    def get_languages_for_item(self, item: Clarification) -> list[str]:
        return self._languages.get(item.pk, [content.source_language()])

    def _location(self, item: Any, force_lang_code: str | None = None) -> str:
        clarification, lang = item
        return section_path(
            "clarifications", force_lang_code or lang, pk=clarification.pk, slug=clarification.slug
        )

    def lastmod(self, item: Clarification) -> datetime | None:
        return item.updated_at
