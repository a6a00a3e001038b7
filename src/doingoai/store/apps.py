from __future__ import annotations

from django.apps import AppConfig


class StoreConfig(AppConfig):
    name = "doingoai.store"
    label = "store"
    verbose_name = "Collected articles"
    default_auto_field = "django.db.models.BigAutoField"
