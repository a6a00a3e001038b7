"""What the notices app keeps.

* :class:`CorrectionNotice`: on a published article (a collected one, or an
  office-written reference page, which is stored as an article too): what
  was wrong, what is right, and when it was corrected, in each language the
  notice is written in (``texts``: language → {"wrong", "right"}).
* :class:`Clarification` (thông tin chính thức): a false claim as it was
  published in public (address, outlet, date, the claim's words) and the
  office's answer with its sources, in the chosen languages (``texts``:
  language → {"title", "claim", "answer"}).

Both go through :data:`STATES`: written as a draft, submitted for review,
published by a second person, withdrawn. Nothing about any person is kept:
only public publications and the office's own words.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from doingoai.store.models import Article

__all__ = ["RATINGS", "RATING_LABELS", "STATES", "Clarification", "CorrectionNotice", "Notice"]

#: draft → in_review → published → withdrawn; in_review → draft (returned)
STATES: tuple[str, ...] = ("draft", "in_review", "published", "withdrawn")
#: a clarification's verdict on the claim, from worst to best, with its
#: schema.org ratingValue (1 to 5) and its name for readers
RATINGS: dict[str, tuple[int, str]] = {
    "false": (1, "False"),
    "misleading": (2, "Misleading"),
    "missing-context": (3, "Missing context"),
    "unproven": (3, "Unproven"),
}
#: the ratings' names in the office's language (context "claim rating")
RATING_LABELS: dict[str, Any] = {
    "false": pgettext_lazy("claim rating", "False"),
    "misleading": pgettext_lazy("claim rating", "Misleading"),
    "missing-context": pgettext_lazy("claim rating", "Missing context"),
    "unproven": pgettext_lazy("claim rating", "Unproven"),
}

_STATE_LABELS = {
    "draft": pgettext_lazy("notice state", "draft"),
    "in_review": pgettext_lazy("notice state", "in review"),
    "published": pgettext_lazy("notice state", "published"),
    "withdrawn": pgettext_lazy("notice state", "withdrawn"),
}


class Notice(models.Model):
    """What a correction and a clarification share: their texts per
    language, their state and who moved it."""

    texts = models.JSONField(default=dict, blank=True, verbose_name=_("texts"))
    state = models.CharField(
        max_length=16,
        choices=[(s, _STATE_LABELS[s]) for s in STATES],
        default="draft",
        db_index=True,
        verbose_name=_("state"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("approved by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
    published_at = models.DateTimeField(
        null=True, blank=True, db_index=True, verbose_name=_("published at")
    )

    class Meta:
        abstract = True

    @property
    def languages(self) -> list[str]:
        """The languages the notice is written in, in the portal's order."""
        order = [code for code, _name in settings.LANGUAGES]
        have = [lang for lang, text in (self.texts or {}).items() if text]
        return sorted(have, key=lambda c: order.index(c) if c in order else len(order))

    def text(self, lang: str) -> dict[str, str]:
        found = (self.texts or {}).get(lang) or {}
        return {str(k): str(v) for k, v in found.items()}


class CorrectionNotice(Notice):
    article = models.ForeignKey(
        Article,
        on_delete=models.PROTECT,
        related_name="correction_notices",
        verbose_name=_("article"),
    )
    corrected_at = models.DateTimeField(
        help_text=_("When the error was corrected."), verbose_name=_("corrected at")
    )

    class Meta:
        verbose_name = _("correction notice")
        verbose_name_plural = _("correction notices")
        ordering = ["-corrected_at", "-id"]

    def __str__(self) -> str:
        return f"correction {self.pk} of article {self.article_id}"

    def title(self, lang: str = "vi") -> str:
        return self.article.title


class Clarification(Notice):
    slug = models.SlugField(max_length=80, verbose_name=_("slug"))
    claim_url = models.URLField(
        max_length=2000,
        help_text=_("The public address where the claim was published."),
        verbose_name=_("claim URL"),
    )
    claim_outlet = models.CharField(
        max_length=255,
        help_text=_("The outlet, site or account name that published it."),
        verbose_name=_("claim outlet"),
    )
    claim_date = models.DateField(verbose_name=_("claim date"))
    claim_text = models.TextField(
        help_text=_("The claim's words as published."), verbose_name=_("claim text")
    )
    claim_language = models.CharField(max_length=16, default="vi", verbose_name=_("claim language"))
    rating = models.CharField(
        max_length=32,
        choices=list(RATING_LABELS.items()),
        default="false",
        verbose_name=_("rating"),
    )
    sources = models.JSONField(
        default=list,
        blank=True,
        help_text=_("Addresses of the official documents the answer rests on."),
        verbose_name=_("sources"),
    )
    fact_ids = models.JSONField(
        default=list,
        blank=True,
        help_text=_("Facts of the reference database the answer cites."),
        verbose_name=_("facts"),
    )
    concerns = models.ManyToManyField(
        Article,
        blank=True,
        related_name="clarifications",
        help_text=_("Reference pages (and articles) the clarification concerns."),
        verbose_name=_("concerns"),
    )

    class Meta:
        verbose_name = _("clarification")
        verbose_name_plural = _("clarifications")
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.text("vi").get("title", "") or f"clarification {self.pk}"

    def title(self, lang: str = "vi") -> str:
        return self.text(lang).get("title", "") or self.text("vi").get("title", "")
