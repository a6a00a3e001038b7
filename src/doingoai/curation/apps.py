from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CurationConfig(AppConfig):
    name = "doingoai.curation"
    label = "curation"
    verbose_name = _("Curation")
    default_auto_field = "django.db.models.BigAutoField"
