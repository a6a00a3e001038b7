from __future__ import annotations

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "doingoai.portal"
    label = "portal"
    verbose_name = "Public portal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from doingoai.portal import content

        content.connect_signals()
