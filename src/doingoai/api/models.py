"""What the API keeps: access tokens, only their SHA-256."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from doingoai.curation.models import Unit

__all__ = ["ApiToken"]


class ApiToken(models.Model):
    """A bearer token for the API's writes, acting for ``user`` on behalf of ``unit``.

    The token itself is shown once when created; only its SHA-256 is stored
    (tokens are 256 random bits, so a fast hash is enough to make a stolen
    database useless for signing in).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    prefix = models.CharField(
        _("prefix"), max_length=16, help_text=_("The token's first characters, to tell it apart.")
    )
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
