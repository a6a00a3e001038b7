from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    name = "doingoai.office"
    label = "office"
    verbose_name = _("Back office")
    default_auto_field = "django.db.models.BigAutoField"
