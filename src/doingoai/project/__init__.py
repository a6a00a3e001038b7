"""The Django project of doingoai: settings, URLs and the set-up entry point."""

from __future__ import annotations

import os

__all__ = ["setup"]

_ready = False


def setup(*, migrate: bool = True) -> None:
    """Configure Django for doingoai and, by default, create or migrate the database.

    Every command that needs the database calls this; it is cheap after the
    first call in a process.
    """
    global _ready
    if _ready:
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "doingoai.project.settings")
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
    _ready = True
