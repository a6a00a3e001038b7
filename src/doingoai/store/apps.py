from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoreConfig(AppConfig):
    name = "doingoai.store"
    label = "store"
    verbose_name = _("Collected articles")
    default_auto_field = "django.db.models.BigAutoField"
