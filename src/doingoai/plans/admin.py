"""Plans in the Django admin (the office's plan pages are the usual way to edit them)."""

from __future__ import annotations

from django.contrib import admin

from doingoai.plans.models import Assessment, Plan, Target


class TargetInline(admin.TabularInline[Target, Plan]):
    model = Target
    extra = 0
    raw_id_fields = ("unit",)


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin[Plan]):
    list_display = ("name", "kind", "start", "end", "lead_unit", "sample")
    list_filter = ("kind", "sample")
    inlines = [TargetInline]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin[Assessment]):
    list_display = ("period", "unit", "updated_by", "updated_at")
