"""Curation data in the Django admin: themes are configured here."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext, gettext_lazy

from doingoai.curation.models import AuditLog, Profile, Selection, Theme, Unit
from doingoai.curation.services import CurationError
from doingoai.curation.units import merge_outlets
from doingoai.store.models import Outlet


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin[Theme]):
    list_display = ("slug", "name_vi", "name_en", "position")
    list_editable = ("position",)


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin[Unit]):
    list_display = ("name", "name_en", "slug", "kind", "parent", "active", "merged_into")
    list_filter = ("kind", "active")
    search_fields = ("name", "name_en", "slug")
    prepopulated_fields = {"slug": ("name",)}
    raw_id_fields = ("parent", "merged_into")


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin[Outlet]):
    list_display = ("domain", "name", "unit", "merged_into", "article_count")
    list_filter = ("unit",)
    search_fields = ("domain", "name")
    actions = ["merge"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Outlet]:
        return super().get_queryset(request).annotate(n=Count("article"))

    @admin.display(description=gettext_lazy("articles"), ordering="n")
    def article_count(self, outlet: Outlet) -> int:
        return int(getattr(outlet, "n", 0))

    @admin.action(
        description=gettext_lazy("Merge the selected outlets into the one with most articles")
    )
    def merge(self, request: HttpRequest, queryset: QuerySet[Outlet]) -> None:
        chosen = list(queryset.filter(merged_into__isnull=True).order_by("-n", "pk"))
        if len(chosen) < 2:
            self.message_user(
                request,
                gettext("Choose at least two outlets that were not merged."),
                messages.ERROR,
            )
            return
        try:
            moved = merge_outlets(chosen[0], chosen[1:], request.user)
        except CurationError as err:
            self.message_user(request, str(err), messages.ERROR)
            return
        self.message_user(
            request,
            gettext("%(n)d outlets merged into %(outlet)s; %(articles)d articles moved.")
            % {"n": len(chosen) - 1, "outlet": chosen[0], "articles": moved},
        )


@admin.register(Selection)
class SelectionAdmin(admin.ModelAdmin[Selection]):
    list_display = ("article", "status", "featured", "unit", "selected_at", "published_at")
    list_filter = ("status", "featured", "themes")
    raw_id_fields = ("article",)


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin[Profile]):
    list_display = ("user", "unit", "languages", "language")


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
