"""django-tasks' database queue as an app named in the office's languages:
the library names it in English only ("Tasks Database Backend"), and the
admin at /office/admin/ shows that name above its results."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_tasks.backends.database.apps import TasksAppConfig

__all__ = ["BackgroundTasksConfig"]


class BackgroundTasksConfig(TasksAppConfig):
    verbose_name = _("Background tasks")  # type: ignore[assignment]  # Django reads it as text
