from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RevisionsConfig(AppConfig):
    name = "doingoai.revisions"
    label = "revisions"
    verbose_name = _("Revisions, comments and notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from doingoai.revisions.hooks import connect

        connect()
