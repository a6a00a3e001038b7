"""What the API keeps: access tokens (only their SHA-256) and the items units submit."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from doingoai.curation.models import Unit
from doingoai.store.models import Article

__all__ = ["SUBMISSION_STATES", "ApiToken", "Submission"]

SUBMISSION_STATES: tuple[str, ...] = ("stored", "duplicate", "failed")


class ApiToken(models.Model):
    """A bearer token for the API's writes, acting for ``user`` on behalf of ``unit``.

    The token itself is shown once when created; only its SHA-256 is stored
    (tokens are 256 random bits, so a fast hash is enough to make a stolen
    database useless for signing in).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="api_tokens"
    )
    name = models.CharField(max_length=200, blank=True)
    prefix = models.CharField(
        max_length=16, help_text="The token's first characters, to tell it apart."
    )
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"


class Submission(models.Model):
    """An item a unit sent through the API, and what became of it."""

    token = models.ForeignKey(
        ApiToken, null=True, on_delete=models.SET_NULL, related_name="submissions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="submissions"
    )
    title = models.TextField()
    lead = models.TextField(blank=True)
    body = models.TextField()
    url = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=[(s, s) for s in SUBMISSION_STATES])
    reason = models.TextField(blank=True)
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="submissions"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.pk}: {self.title[:60]} ({self.status})"

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.pk, "status": self.status, "article": self.article_id}
