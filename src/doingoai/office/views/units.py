"""Units in the office (managers and administrators): the list with what
each unit holds, merging one unit into another after a confirmation, and
deleting a unit nothing names. The work is done by
:mod:`doingoai.curation.units` (which writes the audit log); the refusals
are said here in the reader's language."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from doingoai.curation.models import Profile, Selection, SourceUnit, Unit
from doingoai.curation.roles import can_manage_plans
from doingoai.curation.services import CurationError
from doingoai.curation.units import delete_unit, merge_units
from doingoai.office.models import Submission
from doingoai.office.views.common import deny, page, staff
from doingoai.plans.models import Assessment, Plan, Target
from doingoai.store.models import Article, Outlet

__all__ = ["unit_delete", "unit_list", "unit_merge"]


def _kind_label(kind: str) -> str:
    labels = {
        "department": _("department (Sở)"),
        "district": _("district"),
        "commune": _("commune or ward"),
        "press": _("press agency"),
        "other": _("other body"),
    }
    return labels.get(kind, kind)


def _counts(field: str, rows: Any) -> Counter[int]:
    return Counter({row[field]: row["n"] for row in rows if row[field] is not None})


def unit_holdings() -> dict[str, Counter[int]]:
    """Per unit id: its members, collection sources, outlets, articles,
    submissions and the plans' targets that name it."""
    return {
        "members": _counts("unit", Profile.objects.values("unit").annotate(n=Count("pk"))),
        "sources": _counts("unit", SourceUnit.objects.values("unit").annotate(n=Count("pk"))),
        "outlets": _counts(
            "unit",
            Outlet.objects.filter(merged_into=None).values("unit").annotate(n=Count("pk")),
        ),
        "articles": _counts("unit", Article.objects.values("unit").annotate(n=Count("pk"))),
        "submissions": _counts("unit", Submission.objects.values("unit").annotate(n=Count("pk"))),
        "targets": _counts("unit", Target.objects.values("unit").annotate(n=Count("pk"))),
    }


def _denied(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    if not can_manage_plans(request.user):
        return deny(request, _("Only managers and administrators manage units."))
    return None


def _rows() -> list[dict[str, Any]]:
    held = unit_holdings()
    units = Unit.objects.select_related("parent", "merged_into").order_by("-active", "name", "pk")
    return [
        {
            "unit": unit,
            "kind": _kind_label(unit.kind),
            **{name: counts.get(unit.pk, 0) for name, counts in held.items()},
        }
        for unit in units
    ]


@require_GET
def unit_list(request: HttpRequest) -> HttpResponse:
    if (response := _denied(request)) is not None:
        return response
    return page(
        request,
        "units.html",
        {"rows": _rows(), "choices": Unit.objects.filter(merged_into=None, active=True)},
    )


def _merge_refusal(unit: Unit, into: Unit | None) -> str:
    if into is None:
        return _("Choose the unit to merge %(unit)s into.") % {"unit": unit.name}
    if into.pk == unit.pk:
        return _("A unit cannot be merged into itself (%(unit)s).") % {"unit": unit.name}
    if unit.merged_into_id is not None:
        return _("The unit %(unit)s was already merged into %(into)s.") % {
            "unit": unit.name,
            "into": unit.current().name,
        }
    if into.merged_into_id is not None:
        return _("The unit %(into)s was itself merged into %(current)s: merge into that one.") % {
            "into": into.name,
            "current": into.current().name,
        }
    return ""


def _targets_on(unit: Unit) -> list[Target]:
    return list(Target.objects.filter(unit=unit).select_related("plan").order_by("plan", "pk"))


@require_POST
def unit_merge(request: HttpRequest, unit_id: int) -> HttpResponse:
    """Without ``confirm``: the confirmation page (what will move, the plans'
    targets that will stay on the merged unit). With it: the merge."""
    if (response := _denied(request)) is not None:
        return response
    unit = get_object_or_404(Unit, pk=unit_id)
    slug = request.POST.get("into", "").strip()
    into = Unit.objects.filter(slug=slug).first() if slug else None
    if slug and into is None:
        messages.error(request, _("There is no unit %(slug)s.") % {"slug": slug})
        return redirect("office:units")
    refusal = _merge_refusal(unit, into)
    if refusal:
        messages.error(request, refusal)
        return redirect("office:units")
    assert into is not None
    if request.POST.get("confirm") != "yes":
        held = unit_holdings()
        return page(
            request,
            "units_merge.html",
            {
                "unit": unit,
                "into": into,
                "moving": [
                    (_("members"), held["members"].get(unit.pk, 0)),
                    (_("collection sources"), held["sources"].get(unit.pk, 0)),
                    (_("outlets"), held["outlets"].get(unit.pk, 0)),
                    (_("articles"), held["articles"].get(unit.pk, 0)),
                    (_("submissions"), held["submissions"].get(unit.pk, 0)),
                    (_("sub-units"), Unit.objects.filter(parent=unit).count()),
                ],
                "targets": _targets_on(unit),
            },
        )
    try:
        moved = merge_units(unit, into, staff(request))
    except CurationError as err:  # changed since the confirmation was shown
        messages.error(request, str(err))
        return redirect("office:units")
    messages.success(
        request,
        _("%(unit)s was merged into %(into)s (%(rows)d records moved).")
        % {"unit": unit.name, "into": into.name, "rows": sum(moved.values())},
    )
    if Target.objects.filter(unit=unit).exists():
        messages.warning(
            request,
            _(
                "Targets of plans still name %(unit)s: they count as %(into)s; "
                "move them to %(into)s on the plan's page."
            )
            % {"unit": unit.name, "into": into.name},
        )
    return redirect("office:units")


@require_POST
def unit_delete(request: HttpRequest, unit_id: int) -> HttpResponse:
    """Delete a unit nothing names (after a confirmation); otherwise say what
    names it and delete nothing."""
    if (response := _denied(request)) is not None:
        return response
    unit = get_object_or_404(Unit, pk=unit_id)
    holders = _holders(unit)
    if holders:
        messages.error(
            request,
            _(
                "%(unit)s cannot be deleted: %(holders)s still name it. "
                "Merge it into another unit instead, or move them first."
            )
            % {"unit": unit.name, "holders": ", ".join(holders)},
        )
        return redirect("office:units")
    if request.POST.get("confirm") != "yes":
        return page(request, "units_delete.html", {"unit": unit})
    name = unit.name
    try:
        delete_unit(unit, staff(request))
    except CurationError as err:  # something came to name it meanwhile
        messages.error(request, str(err))
        return redirect("office:units")
    messages.success(request, _("The unit %(unit)s was deleted.") % {"unit": name})
    return redirect("office:units")


def _holders(unit: Unit) -> list[str]:
    """What names ``unit`` and would keep it from being deleted, or lose
    their link to it: said in the reader's language with how many."""
    checks: list[tuple[str, int]] = [
        (_("targets of plans"), Target.objects.filter(unit=unit).count()),
        (_("plans it leads"), Plan.objects.filter(lead_unit=unit).count()),
        (_("assessments"), Assessment.objects.filter(unit=unit).count()),
        (_("sub-units"), Unit.objects.filter(parent=unit).count()),
        (_("units merged into it"), Unit.objects.filter(merged_into=unit).count()),
        (_("members"), Profile.objects.filter(unit=unit).count()),
        (_("collection sources"), SourceUnit.objects.filter(unit=unit).count()),
        (_("outlets"), Outlet.objects.filter(unit=unit).count()),
        (_("articles"), Article.objects.filter(unit=unit).count()),
        (_("selections"), Selection.objects.filter(unit=unit).count()),
        (_("submissions"), Submission.objects.filter(unit=unit).count()),
    ]
    return [f"{label} ({n})" for label, n in checks if n]
