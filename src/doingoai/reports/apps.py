from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "doingoai.reports"
    label = "reports"
    verbose_name = _("Reports")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(_keep_triggers, dispatch_uid="doingoai.reports.triggers")


def _keep_triggers(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """Put back the rollups' triggers after any migration: on SQLite a table
    rebuilt by a later migration of another app loses them."""
    from django.db import connections

    from doingoai.reports.rollups import install_triggers

    conn = connections[using]
    if "reports_dirtyarticle" in conn.introspection.table_names():
        install_triggers(conn)
