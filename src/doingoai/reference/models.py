"""What the office's reference material keeps.

* :class:`ReferencePage`: a lasting page about the capital (a district, a
  heritage site, a craft village, a festival, a body of the city…), filed
  under the office's themes. Its Vietnamese text is an office-written
  :class:`~doingoai.store.models.Article` (one-to-one) whose raw document is
  the page's cleaned HTML: translation jobs, the memory, QA and figures work
  on it as on any article.
* :class:`PageImage`: a picture uploaded by the office, kept without its
  metadata, in renditions of several widths, with alt text per language,
  credit and licence.
* :class:`Fact` and :class:`FactValue`: a named, sourced figure and the
  history of its values; texts cite it with ``{{fact:slug}}``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = [
    "KIND_CHOICES",
    "KIND_NAMES",
    "PAGE_STATES",
    "SCHEMA_TYPES",
    "Fact",
    "FactValue",
    "PageImage",
    "ReferencePage",
]

#: what a page is about: its name in English (the catalogues' msgid, context "page kind")
KIND_NAMES: dict[str, str] = {
    "district": "district",
    "heritage": "heritage site",
    "craft-village": "craft village",
    "festival": "festival",
    "attraction": "tourist attraction",
    "organisation": "public body",
    "topic": "topic",
}
KIND_CHOICES = [
    ("district", pgettext_lazy("page kind", "district")),
    ("heritage", pgettext_lazy("page kind", "heritage site")),
    ("craft-village", pgettext_lazy("page kind", "craft village")),
    ("festival", pgettext_lazy("page kind", "festival")),
    ("attraction", pgettext_lazy("page kind", "tourist attraction")),
    ("organisation", pgettext_lazy("page kind", "public body")),
    ("topic", pgettext_lazy("page kind", "topic")),
]
#: each kind's schema.org type
SCHEMA_TYPES: dict[str, str] = {
    "district": "AdministrativeArea",
    "heritage": "LandmarksOrHistoricalBuildings",
    "craft-village": "Place",
    "festival": "Event",
    "attraction": "TouristAttraction",
    "organisation": "GovernmentOrganization",
    "topic": "WebPage",
}
PAGE_STATES = [
    ("draft", pgettext_lazy("page state", "draft")),
    ("in_review", pgettext_lazy("page state", "in review")),
    ("published", pgettext_lazy("page state", "published")),
]


class ReferencePage(models.Model):
    slug = models.SlugField(max_length=120, unique=True, verbose_name=_("slug"))
    kind = models.CharField(
        max_length=20, choices=KIND_CHOICES, default="topic", verbose_name=_("kind")
    )
    themes = models.ManyToManyField(
        "curation.Theme", blank=True, related_name="reference_pages", verbose_name=_("themes")
    )
    article = models.OneToOneField(
        "store.Article",
        on_delete=models.PROTECT,
        related_name="reference_page",
        help_text=_("The page's Vietnamese text as an office-written article (translation)."),
        verbose_name=_("article"),
    )
    title = models.CharField(max_length=300, verbose_name=_("title"))
    summary = models.TextField(blank=True, verbose_name=_("summary"))
    html = models.TextField(blank=True, verbose_name=_("text"))
    image = models.ForeignKey(
        "PageImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("main image"),
    )
    starts_on = models.DateField(
        null=True, blank=True, help_text=_("For a festival or event."), verbose_name=_("starts on")
    )
    ends_on = models.DateField(null=True, blank=True, verbose_name=_("ends on"))
    status = models.CharField(
        max_length=16,
        choices=PAGE_STATES,
        default="draft",
        db_index=True,
        verbose_name=_("status"),
    )
    facts: models.ManyToManyField[Fact, Any] = models.ManyToManyField(
        "Fact", blank=True, related_name="pages", verbose_name=_("facts cited")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("written by"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(null=True, blank=True, verbose_name=_("published at"))
    published_title = models.CharField(
        max_length=300, blank=True, verbose_name=_("published title")
    )
    published_summary = models.TextField(blank=True, verbose_name=_("published summary"))
    published_html = models.TextField(
        blank=True,
        help_text=_("The text readers see: the one last published (later edits wait for review)."),
        verbose_name=_("published text"),
    )
    reviewed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("When a reviewer last approved the text (its cited figures included)."),
        verbose_name=_("reviewed at"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("reference page")
        verbose_name_plural = _("reference pages")
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def schema_type(self) -> str:
        return SCHEMA_TYPES.get(self.kind, "WebPage")


class PageImage(models.Model):
    """An uploaded picture: ``renditions`` lists ``{"width", "height", "name"}``
    (names in the media storage), widest last."""

    sha256 = models.CharField(max_length=64, unique=True, verbose_name=_("SHA-256"))
    width = models.PositiveIntegerField(verbose_name=_("width"))
    height = models.PositiveIntegerField(verbose_name=_("height"))
    renditions = models.JSONField(default=list, verbose_name=_("renditions"))
    alt_vi = models.CharField(max_length=300, verbose_name=_("alt text (Vietnamese)"))
    alt_en = models.CharField(max_length=300, blank=True, verbose_name=_("alt text (English)"))
    caption_vi = models.CharField(
        max_length=500, blank=True, verbose_name=_("caption (Vietnamese)")
    )
    caption_en = models.CharField(max_length=500, blank=True, verbose_name=_("caption (English)"))
    credit = models.CharField(max_length=200, verbose_name=_("credit"))
    licence = models.CharField(max_length=200, verbose_name=_("licence"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(auto_now_add=True, verbose_name=_("uploaded at"))

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.alt_vi

    def alt(self, lang: str) -> str:
        return (self.alt_en if lang != "vi" else "") or self.alt_vi

    def caption(self, lang: str) -> str:
        return (self.caption_en if lang != "vi" else self.caption_vi) or ""

    @property
    def largest(self) -> dict[str, Any]:
        return self.renditions[-1] if self.renditions else {}


class Fact(models.Model):
    """A named figure (population of Hà Nội, area, visitors in a year…) in a
    fixed unit; its values are :class:`FactValue` rows, the latest current."""

    slug = models.SlugField(max_length=100, unique=True, verbose_name=_("slug"))
    name_vi = models.CharField(max_length=300, verbose_name=_("Vietnamese name"))
    name_en = models.CharField(max_length=300, blank=True, verbose_name=_("English name"))
    unit = models.CharField(
        max_length=40,
        help_text=_("The unit in Vietnamese (người, km², %, tỷ đồng); every value has it."),
        verbose_name=_("unit"),
    )
    unit_en = models.CharField(max_length=40, blank=True, verbose_name=_("unit (English)"))
    decimals = models.PositiveSmallIntegerField(
        default=0, help_text=_("Decimal places shown."), verbose_name=_("decimals")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("fact")
        verbose_name_plural = _("facts")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name_vi

    def name(self, lang: str) -> str:
        return (self.name_en if lang != "vi" else "") or self.name_vi

    def unit_in(self, lang: str) -> str:
        return (self.unit_en if lang != "vi" else "") or self.unit

    def current(self) -> FactValue | None:
        return self.values.order_by("-as_of", "-recorded_at", "-id").first()


class FactValue(models.Model):
    """One value of a fact: the day it is true of (``as_of``), until when it
    holds if known, its unit (the fact's), its source and who recorded it."""

    fact = models.ForeignKey(
        Fact, on_delete=models.CASCADE, related_name="values", verbose_name=_("fact")
    )
    value = models.DecimalField(max_digits=24, decimal_places=6, verbose_name=_("value"))
    unit = models.CharField(max_length=40, verbose_name=_("unit"))
    as_of = models.DateField(verbose_name=_("as of"))
    valid_until = models.DateField(null=True, blank=True, verbose_name=_("valid until"))
    source = models.CharField(max_length=300, verbose_name=_("source"))
    source_url = models.URLField(max_length=500, blank=True, verbose_name=_("source URL"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(
        auto_now_add=True, db_index=True, verbose_name=_("recorded at")
    )

    class Meta:
        verbose_name = _("fact value")
        verbose_name_plural = _("fact values")
        ordering = ["fact", "-as_of", "-recorded_at"]

    def __str__(self) -> str:
        return f"{self.fact.slug} = {self.value} {self.unit} ({self.as_of})"
