"""What curation keeps: themes, units, selections of articles for external
information, staff profiles and the audit log."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from doingoai.store.models import Article

__all__ = [
    "SELECTION_STATES",
    "UNIT_KINDS",
    "AuditLog",
    "Profile",
    "Selection",
    "SourceUnit",
    "Theme",
    "Unit",
]

#: department: a department (Sở) of the city; district and commune: their
#: people's committees; press: a newspaper, radio or television agency
UNIT_KINDS: tuple[str, ...] = ("department", "district", "commune", "press", "other")
SELECTION_STATES: tuple[str, ...] = ("selected", "published", "withdrawn")
#: how the office and the admin name them
UNIT_KIND_LABELS = {
    "department": _("department (Sở)"),
    "district": _("district"),
    "commune": _("commune or ward"),
    "press": _("press agency"),
    "other": _("other body"),
}
SELECTION_STATE_LABELS = {
    "selected": pgettext_lazy("selection", "selected"),
    "published": pgettext_lazy("selection", "published"),
    "withdrawn": pgettext_lazy("selection", "withdrawn"),
}


class Theme(models.Model):
    """A section of the portal (economy, culture, …), named in both languages."""

    slug = models.SlugField(unique=True, verbose_name=_("slug"))
    name_vi = models.CharField(max_length=200, verbose_name=_("Vietnamese name"))
    name_en = models.CharField(max_length=200, verbose_name=_("English name"))
    position = models.IntegerField(default=0, verbose_name=_("position"))

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.name_vi

    def name(self, language: str) -> str:
        """The theme's name in ``language``: ``name_vi`` and ``name_en`` as
        edited; in another language, the translation catalogues' name for the
        English one (context "theme"; the built-in themes are in
        :mod:`doingoai.curation.theme_names`), else the English name."""
        if language == "vi":
            return self.name_vi
        if language == "en" or not self.name_en:
            return self.name_en or self.name_vi
        from doingoai.i18n import gettext_in

        return gettext_in(language, self.name_en, context="theme")


class Unit(models.Model):
    """A body that contributes items and is judged by the programme: a
    department (Sở), a district or commune authority, a press agency or
    another body. ``name`` is its Vietnamese name. A unit merged into another
    keeps its row (``merged_into``) so that nothing recorded against it is lost."""

    name = models.CharField(
        max_length=255, help_text=_("The unit's name in Vietnamese."), verbose_name=_("name")
    )
    name_en = models.CharField(max_length=255, blank=True, verbose_name=_("English name"))
    slug = models.SlugField(unique=True, verbose_name=_("slug"))
    kind = models.CharField(
        max_length=16,
        choices=[(k, UNIT_KIND_LABELS.get(k, k)) for k in UNIT_KINDS],
        default="department",
        verbose_name=_("kind"),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent"),
    )
    aliases = models.JSONField(
        default=list,
        blank=True,
        help_text=_("Other names the unit is known by (abbreviations…)."),
        verbose_name=_("aliases"),
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_units",
        verbose_name=_("merged into"),
    )
    active = models.BooleanField(default=True, verbose_name=_("active"))

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def name_vi(self) -> str:
        return self.name

    def name_in(self, language: str) -> str:
        """The unit's name in ``language`` (Vietnamese when there is no English name)."""
        return self.name_en if language != "vi" and self.name_en else self.name

    def current(self) -> Unit:
        """The unit this one now is: itself, or the unit it was merged into."""
        unit, seen = self, {self.pk}
        while unit.merged_into_id is not None and unit.merged_into_id not in seen:
            seen.add(unit.merged_into_id)
            assert unit.merged_into is not None
            unit = unit.merged_into
        return unit


class SourceUnit(models.Model):
    """The unit a collection source of the office (``office.Source``) is
    attributed to: an article collected from that source counts for the unit
    when nothing more specific names one (its selection's, its own, the
    submitter's). The article names its source by the URL collected
    (``RawDocument.source``). Kept here, beside the units, so that a merge
    moves it and a deletion is refused while it names the unit."""

    source = models.OneToOneField(
        "office.Source",
        on_delete=models.CASCADE,
        related_name="attribution",
        verbose_name=_("source"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="sources", verbose_name=_("unit")
    )

    class Meta:
        verbose_name = _("collection source's unit")
        verbose_name_plural = _("collection sources' units")

    def __str__(self) -> str:
        return f"{self.source_id} → {self.unit_id}"


class Selection(models.Model):
    """An article chosen for external information."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, related_name="selection", verbose_name=_("article")
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="selections", verbose_name=_("themes")
    )
    unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="selections",
        verbose_name=_("unit"),
    )
    featured = models.BooleanField(default=False, verbose_name=_("featured"))
    status = models.CharField(
        max_length=16,
        choices=[(s, SELECTION_STATE_LABELS.get(s, s)) for s in SELECTION_STATES],
        default="selected",
        db_index=True,
        verbose_name=_("status"),
    )
    selected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="selections",
        verbose_name=_("selected by"),
    )
    selected_at = models.DateTimeField(auto_now_add=True, verbose_name=_("selected at"))
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("When the Vietnamese original went on the portal."),
        verbose_name=_("published at"),
    )
    note = models.TextField(blank=True, verbose_name=_("note"))

    class Meta:
        verbose_name = _("selection")
        verbose_name_plural = _("selections")
        ordering = ["-selected_at", "-id"]
        # the portal's home page reads the featured stories among the published
        indexes = [models.Index(fields=["status", "featured"], name="curation_sel_status_featured")]

    def __str__(self) -> str:
        return f"{self.article_id} ({self.status})"


class Profile(models.Model):
    """A staff member's unit, working languages and the office language they
    read (empty: the office's default, Vietnamese)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("user"),
    )
    unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        verbose_name=_("unit"),
    )
    languages = models.JSONField(
        default=list,
        blank=True,
        help_text=_("Language codes the person translates or reviews."),
        verbose_name=_("languages"),
    )
    language = models.CharField(
        max_length=8,
        blank=True,
        help_text=_("The language of the office for this person."),
        verbose_name=_("language"),
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return self.user.get_username()


class AuditLog(models.Model):
    """One change of state: who, when, what."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("actor"),
    )
    action = models.CharField(max_length=64, db_index=True, verbose_name=_("action"))
    object_type = models.CharField(max_length=64, verbose_name=_("object type"))
    object_id = models.CharField(max_length=64, verbose_name=_("object id"))
    at = models.DateTimeField(auto_now_add=True, db_index=True, verbose_name=_("at"))
    data = models.JSONField(default=dict, blank=True, verbose_name=_("data"))

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "actor": self.actor.get_username() if self.actor else None,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "at": self.at.isoformat(),
            "data": self.data,
        }
