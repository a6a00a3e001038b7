"""Low-level data of the back office in the Django admin (/office/admin/)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy

from doingoai.office.models import CollectionRun, Source, Submission

# the admin's own titles, in the office's words (Django's catalogues give the rest)
admin.site.site_header = gettext_lazy("doingoai · administration")
admin.site.site_title = gettext_lazy("doingoai administration")
admin.site.index_title = gettext_lazy("Data of the office")


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin[Source]):
    list_display = ("name", "kind", "url", "schedule", "active", "last_run_at")
    list_filter = ("kind", "schedule", "active")


@admin.register(CollectionRun)
class CollectionRunAdmin(admin.ModelAdmin[CollectionRun]):
    list_display = ("pk", "source", "state", "items", "queued_at", "finished_at")
    list_filter = ("state",)


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin[Submission]):
    list_display = ("pk", "article", "unit", "submitted_by", "submitted_at")
