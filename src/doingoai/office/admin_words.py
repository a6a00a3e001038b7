"""Words of the Django admin (and of django-tasks) that their own Vietnamese
catalogues lack: the office's catalogue gives them (project catalogues come
before the apps'), so the admin at /office/admin/ reads in Vietnamese. Nothing calls
these names; they are here for the catalogues."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = ["ADMIN_WORDS"]

ADMIN_WORDS = (
    _("Skip to main content"),
    _("Breadcrumbs"),
    _("Sidebar"),
    _("Toggle navigation"),
    _("Filter navigation items"),
    _("Toggle theme (current theme: auto)"),
    _("Toggle theme (current theme: light)"),
    _("Toggle theme (current theme: dark)"),
    _("Model name"),
    _("Add link"),
    _("Change or view list link"),
    _("Added:"),
    _("Changed:"),
    _("Deleted:"),
    _("Error:"),
    _("Show counts"),
    _("Hide counts"),
    _("View selected %(model)s"),
    _("Forgotten your login credentials?"),
    _("Set password"),
    _("Enable password-based authentication"),
    _("Disable password-based authentication"),
    _("Password-based authentication"),
    _("After you’ve created a user, you’ll be able to edit more user options."),
    # the background tasks' results (django-tasks' database backend)
    _("Task Result"),
    _("Task Results"),
    _("enqueued at"),
    _("args kwargs"),
    _("priority"),
    _("task path"),
    _("worker id"),
    _("queue name"),
    _("backend name"),
    _("run after"),
    _("return value"),
    _("exception class path"),
    _("traceback"),
    _("metadata"),
    pgettext_lazy("Task", "Ready"),
    pgettext_lazy("Task", "Running"),
    pgettext_lazy("Task", "Failed"),
    pgettext_lazy("Task", "Succeeded"),
)
