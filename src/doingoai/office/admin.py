"""Low-level data of the back office in the Django admin (/office/admin/)."""

from __future__ import annotations

from django.contrib import admin

from doingoai.office.models import CollectionRun, Source, Submission


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
