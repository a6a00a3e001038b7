"""Plans in the office: the list, a plan with its targets (created and
edited by managers), XLSX import and export, deletion. The checks are the
plans services'; a refusal is shown on the page with what was typed kept."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.forms import formset_factory
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from doingoai.curation.models import Theme, Unit
from doingoai.curation.roles import can_manage_plans, can_read_reports
from doingoai.office.views.common import deny, page, staff
from doingoai.plans.models import MEASURES, PERIOD_KINDS, STAGES, Plan
from doingoai.plans.services import (
    PlanError,
    TargetSpec,
    create_plan,
    delete_plan,
    plan_problems,
    set_targets,
    update_plan,
)
from doingoai.plans.spreadsheet import export_plan, import_plan

__all__ = ["plan_delete", "plan_edit", "plan_export", "plan_import", "plan_list"]

MAX_UPLOAD = 5_000_000


class PlanForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=255)
    kind = forms.ChoiceField(
        label=gettext_lazy("Period"),
        choices=[
            ("programme", gettext_lazy("programme (several years)")),
            ("year", gettext_lazy("year")),
            ("quarter", gettext_lazy("quarter")),
        ],
    )
    start = forms.DateField(
        label=gettext_lazy("Start"),
        # a date field's value is ISO 8601 whatever the reader's language
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=gettext_lazy("End"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    lead_unit = forms.ModelChoiceField(
        Unit.objects.filter(active=True), label=gettext_lazy("Lead unit"), required=False
    )
    description = forms.CharField(
        label=gettext_lazy("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class TargetForm(forms.Form):
    measure = forms.ChoiceField(
        label=gettext_lazy("Measure"),
        choices=[
            ("articles", gettext_lazy("articles")),
            ("turnaround_days", gettext_lazy("median days from selection to publication")),
            ("qa_error_share", gettext_lazy("segments with QA errors (%)")),
            ("readers", gettext_lazy("readers reached")),
        ],
    )
    stage = forms.ChoiceField(
        label=gettext_lazy("Stage"), required=False, choices=[("", "—"), *[(s, s) for s in STAGES]]
    )
    unit = forms.ModelChoiceField(
        Unit.objects.all(), label=gettext_lazy("Unit"), required=False, to_field_name="slug"
    )
    theme = forms.ModelChoiceField(
        Theme.objects.all(), label=gettext_lazy("Theme"), required=False, to_field_name="slug"
    )
    language = forms.CharField(label=gettext_lazy("Language"), required=False, max_length=16)
    value = forms.DecimalField(
        label=gettext_lazy("Target"), min_value=0, max_digits=12, decimal_places=2
    )
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=255)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # the fields sit in table cells under the column headings: name each one
        row = (self.prefix or "").rsplit("-", 1)[-1]
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = (
                f"{field.label} {int(row) + 1 if row.isdigit() else ''}"
            )


TargetFormSet = formset_factory(TargetForm, extra=3, can_delete=True)


def _signed_in(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    return None


@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    if (response := _signed_in(request)) is not None:
        return response
    if not can_read_reports(request.user):
        return deny(request, _("Plans are for managers, editors and unit contributors."))
    plans = list(Plan.objects.select_related("lead_unit").prefetch_related("targets"))
    return page(
        request,
        "plans.html",
        {
            "plans": [(p, plan_problems(p)) for p in plans],
            "can_edit": can_manage_plans(request.user),
        },
    )


def _target_initial(plan: Plan) -> list[dict[str, Any]]:
    return [
        {
            "measure": t.measure,
            "stage": t.stage,
            "unit": t.unit.slug if t.unit else None,
            "theme": t.theme.slug if t.theme else None,
            "language": t.language,
            "value": t.value,
            "note": t.note,
        }
        for t in plan.targets.select_related("unit", "theme")
    ]


@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, plan_id: int | None = None) -> HttpResponse:
    if (response := _signed_in(request)) is not None:
        return response
    if not can_manage_plans(request.user):
        return deny(request, _("Only managers create and edit plans."))
    plan = get_object_or_404(Plan, pk=plan_id) if plan_id is not None else None
    if request.method == "POST":
        form = PlanForm(request.POST)
        targets = TargetFormSet(request.POST, prefix="t")
        if form.is_valid() and targets.is_valid():
            data = form.cleaned_data
            specs = [
                TargetSpec(
                    measure=row["measure"],
                    value=row["value"],
                    stage=row.get("stage") or "",
                    unit=row["unit"].slug if row.get("unit") else "",
                    theme=row["theme"].slug if row.get("theme") else "",
                    language=row.get("language") or "",
                    note=row.get("note") or "",
                    where=_("target %(n)d") % {"n": n},
                )
                for n, row in enumerate(targets.cleaned_data, 1)
                if row and not row.get("DELETE")
            ]
            try:
                from django.db import transaction

                with transaction.atomic():
                    if plan is None:
                        plan = create_plan(
                            name=data["name"],
                            kind=data["kind"],
                            start=data["start"],
                            end=data["end"],
                            lead_unit=data["lead_unit"],
                            description=data["description"],
                            actor=staff(request),
                        )
                    else:
                        update_plan(
                            plan,
                            staff(request),
                            name=data["name"],
                            kind=data["kind"],
                            start=data["start"],
                            end=data["end"],
                            lead_unit=data["lead_unit"],
                            description=data["description"],
                        )
                    set_targets(plan, specs, staff(request))
            except PlanError as err:
                if plan is not None and plan.pk is not None and plan_id is None:
                    plan = None
                messages.error(request, str(err))
            else:
                messages.success(request, _("The plan %(name)s was saved.") % {"name": plan.name})
                return redirect("office:plan", plan_id=plan.pk)
    else:
        initial = (
            {
                "name": plan.name,
                "kind": plan.kind,
                "start": plan.start,
                "end": plan.end,
                "lead_unit": plan.lead_unit,
                "description": plan.description,
            }
            if plan
            else None
        )
        form = PlanForm(initial=initial)
        targets = TargetFormSet(initial=_target_initial(plan) if plan else None, prefix="t")
    return page(
        request,
        "plan_edit.html",
        {
            "plan": plan,
            "form": form,
            "targets": targets,
            "problems": plan_problems(plan) if plan else [],
            "kinds": PERIOD_KINDS,
            "measures": MEASURES,
        },
    )


@require_GET
def plan_export(request: HttpRequest, plan_id: int) -> HttpResponse:
    if (response := _signed_in(request)) is not None:
        return response
    if not can_read_reports(request.user):
        return deny(request, _("Plans are for managers, editors and unit contributors."))
    plan = get_object_or_404(Plan, pk=plan_id)
    response = HttpResponse(
        export_plan(plan),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="plan-{plan.pk}.xlsx"'
    return response


@require_POST
def plan_import(request: HttpRequest) -> HttpResponse:
    if (response := _signed_in(request)) is not None:
        return response
    if not can_manage_plans(request.user):
        return deny(request, _("Only managers create and edit plans."))
    upload = request.FILES.get("workbook")
    if upload is None:
        messages.error(request, _("Choose an XLSX workbook to import."))
        return redirect("office:plans")
    if upload.size is not None and upload.size > MAX_UPLOAD:
        messages.error(request, _("%(name)s is too large for a plan.") % {"name": upload.name})
        return redirect("office:plans")
    try:
        plan = import_plan(upload.read(), staff(request), source=upload.name or "workbook")
    except PlanError as err:
        messages.error(request, str(err))
        return redirect("office:plans")
    messages.success(request, _("The plan %(name)s was imported.") % {"name": plan.name})
    return redirect("office:plan", plan_id=plan.pk)


@require_POST
def plan_delete(request: HttpRequest, plan_id: int) -> HttpResponse:
    if (response := _signed_in(request)) is not None:
        return response
    if not can_manage_plans(request.user):
        return deny(request, _("Only managers create and edit plans."))
    plan = get_object_or_404(Plan, pk=plan_id)
    name = plan.name
    delete_plan(plan, staff(request))
    messages.success(request, _("The plan %(name)s was deleted.") % {"name": name})
    return redirect("office:plans")
