"""Low-level data of the back office in the Django admin (/office/admin/)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from doingoai.curation.units import attribute_source
from doingoai.office.forms import SourceForm
from doingoai.office.models import CollectionRun, Source, Submission

# the admin's own titles, in the office's words (Django's catalogues give the rest)
admin.site.site_header = gettext_lazy("doingoai · administration")
admin.site.site_title = gettext_lazy("doingoai administration")
admin.site.index_title = gettext_lazy("Data of the office")


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin[Source]):
    list_display = ("name", "kind", "url", "schedule", "active", "last_run_at")
    list_filter = ("kind", "schedule", "active")
    form = SourceForm
    fields = ("name", "kind", "url", "schedule", "active", "unit")

    def save_model(self, request: HttpRequest, obj: Source, form: Any, change: bool) -> None:
        """The source, then its unit through the same step as the office's
        sources screen (audit log, figures counted again)."""
        super().save_model(request, obj, form, change)
        unit = form.cleaned_data.get("unit")
        if form.initial.get("unit") != (unit.slug if unit else None):
            attribute_source(obj, unit, request.user)


@admin.register(CollectionRun)
class CollectionRunAdmin(admin.ModelAdmin[CollectionRun]):
    list_display = ("pk", "source", "state", "items", "queued_at", "finished_at")
    list_filter = ("state",)


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin[Submission]):
    list_display = ("pk", "article", "unit", "submitted_by", "submitted_at")
