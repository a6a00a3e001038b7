from __future__ import annotations

from django.apps import AppConfig


class OfficeConfig(AppConfig):
    name = "doingoai.office"
    label = "office"
    verbose_name = "Back office"
    default_auto_field = "django.db.models.BigAutoField"
