"""Reference pages, images and facts in the Django admin, to look at only:
they are written, reviewed and published in the office (/office/pages/,
/office/facts/, /office/images/), where the text is cleaned, the images are
checked and every step is in the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from doingoai.reference.models import Fact, FactValue, PageImage, ReferencePage


class _ReadOnly(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ReferencePage)
class ReferencePageAdmin(_ReadOnly):
    list_display = ("title", "slug", "kind", "status", "published_at", "reviewed_at")
    list_filter = ("kind", "status")
    search_fields = ("title", "slug")


@admin.register(PageImage)
class PageImageAdmin(_ReadOnly):
    list_display = ("pk", "alt_vi", "credit", "licence", "width", "height", "uploaded_at")
    search_fields = ("alt_vi", "alt_en", "credit")


class FactValueInline(admin.TabularInline[FactValue, Fact]):
    model = FactValue
    extra = 0
    fields = ("value", "unit", "as_of", "valid_until", "source", "recorded_by", "recorded_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Fact)
class FactAdmin(_ReadOnly):
    list_display = ("slug", "name_vi", "unit")
    search_fields = ("slug", "name_vi", "name_en")
    inlines = [FactValueInline]
