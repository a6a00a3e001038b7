"""What the reports keep: the portal's page views counted per article,
language, day, referring site and reader's language — never a person."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from doingoai.store.models import Article

__all__ = ["DailyViews"]


class DailyViews(models.Model):
    """How many times the page of ``article`` in ``language`` was read on
    ``day``, coming from ``referrer`` (a site's host name; empty when the
    browser named none) by readers whose first language is ``reader_language``.
    No address, cookie or identifier of anyone is stored."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(_("language"), max_length=16)
    day = models.DateField(_("day"), db_index=True)
    referrer = models.CharField(_("referring site"), max_length=100, blank=True)
    reader_language = models.CharField(_("reader's language"), max_length=8, blank=True)
    views = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("daily views")
        verbose_name_plural = _("daily views")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "language", "day", "referrer", "reader_language"],
                name="reports_daily_views_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.article_id}/{self.language} {self.day}: {self.views}"
