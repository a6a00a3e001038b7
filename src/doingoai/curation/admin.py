"""Curation data in the Django admin: themes are configured here."""

from __future__ import annotations

from django.contrib import admin

from doingoai.curation.models import AuditLog, Profile, Selection, Theme, Unit


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin[Theme]):
    list_display = ("slug", "name_vi", "name_en", "position")
    list_editable = ("position",)


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin[Unit]):
    list_display = ("name", "slug", "kind")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Selection)
class SelectionAdmin(admin.ModelAdmin[Selection]):
    list_display = ("article", "status", "featured", "unit", "selected_at", "published_at")
    list_filter = ("status", "featured", "themes")
    raw_id_fields = ("article",)


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin[Profile]):
    list_display = ("user", "unit", "languages")


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin[AuditLog]):
    list_display = ("at", "actor", "action", "object_type", "object_id")
    list_filter = ("action", "object_type")

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_add_permission(self, request: object) -> bool:
        return False
