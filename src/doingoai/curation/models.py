"""What curation keeps: themes, units, selections of articles for external
information, staff profiles and the audit log."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from doingoai.store.models import Article

__all__ = ["SELECTION_STATES", "UNIT_KINDS", "AuditLog", "Profile", "Selection", "Theme", "Unit"]

UNIT_KINDS: tuple[str, ...] = ("department", "district", "press", "other")
SELECTION_STATES: tuple[str, ...] = ("selected", "published", "withdrawn")


class Theme(models.Model):
    """A section of the portal (economy, culture, …), named in both languages."""

    slug = models.SlugField(unique=True)
    name_vi = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    position = models.IntegerField(default=0)

    class Meta:
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.name_vi

    def name(self, language: str) -> str:
        return self.name_vi if language == "vi" else self.name_en


class Unit(models.Model):
    """A department, district or press agency that contributes items."""

    name = models.CharField(max_length=255)
    slug = models.SlugField(unique=True)
    kind = models.CharField(
        max_length=16, choices=[(k, k) for k in UNIT_KINDS], default="department"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Selection(models.Model):
    """An article chosen for external information."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="selection")
    themes = models.ManyToManyField(Theme, blank=True, related_name="selections")
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="selections"
    )
    featured = models.BooleanField(default=False)
    status = models.CharField(
        max_length=16,
        choices=[(s, s) for s in SELECTION_STATES],
        default="selected",
        db_index=True,
    )
    selected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="selections",
    )
    selected_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="When the Vietnamese original went on the portal."
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-selected_at", "-id"]

    def __str__(self) -> str:
        return f"{self.article_id} ({self.status})"


class Profile(models.Model):
    """A staff member's unit and working languages."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    languages = models.JSONField(
        default=list, blank=True, help_text="Language codes the person translates or reviews."
    )

    def __str__(self) -> str:
        return self.user.get_username()


class AuditLog(models.Model):
    """One change of state: who, when, what."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
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
