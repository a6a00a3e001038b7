from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "doingoai.notices"
    label = "notices"
    verbose_name = _("Corrections and clarifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from doingoai.notices.services import register_revisions

        register_revisions()
