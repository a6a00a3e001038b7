"""Sources and their collection runs."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from doingoai.curation.models import SourceUnit, Unit
from doingoai.curation.roles import EDITOR
from doingoai.curation.services import CurationError, log
from doingoai.curation.units import attribute_source
from doingoai.office.access import require
from doingoai.office.collection import enqueue_run
from doingoai.office.forms import SourceForm
from doingoai.office.models import CollectionRun, Source
from doingoai.office.views.common import page


@require_http_methods(["GET", "POST"])
@require(EDITOR)
def source_list(request: HttpRequest) -> HttpResponse:
    form = SourceForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            source = form.save()
            log(request.user, "add-source", source, url=source.url, schedule=source.schedule)
            if form.cleaned_data.get("unit") is not None:
                attribute_source(source, form.cleaned_data["unit"], request.user)
            messages.success(request, _("Source %(name)s added.") % {"name": source.name})
            return redirect("office:sources")
        status = 400
    else:
        status = 200
    runs = Paginator(CollectionRun.objects.select_related("source"), 30).get_page(
        request.GET.get("page")
    )
    attributed = dict(SourceUnit.objects.values_list("source_id", "unit__slug"))
    return page(
        request,
        "sources.html",
        {
            "sources": [(source, attributed.get(source.pk)) for source in Source.objects.all()],
            "form": form,
            "runs": runs,
            "units": Unit.objects.filter(active=True, merged_into=None),
        },
        status=status,
    )


@require_POST
@require(EDITOR)
def source_unit(request: HttpRequest, source_id: int) -> HttpResponse:
    """Attribute a source to a unit (or to none): the articles collected from
    it count for that unit when nothing more specific names one."""
    source = get_object_or_404(Source, pk=source_id)
    slug = request.POST.get("unit", "").strip()
    unit = Unit.objects.filter(slug=slug).first() if slug else None
    if slug and unit is None:
        messages.error(request, _("There is no unit %(slug)s.") % {"slug": slug})
        return redirect("office:sources")
    if unit is not None and (unit.merged_into_id is not None or not unit.active):
        messages.error(
            request,
            _("The unit %(unit)s was merged into another or is no longer active.")
            % {"unit": unit.name},
        )
        return redirect("office:sources")
    try:
        attribute_source(source, unit, request.user)
    except CurationError as err:
        messages.error(request, str(err))
        return redirect("office:sources")
    if unit is None:
        messages.success(request, _("%(name)s is attributed to no unit.") % {"name": source.name})
    else:
        messages.success(
            request,
            _("%(name)s is attributed to %(unit)s.") % {"name": source.name, "unit": unit.name},
        )
    return redirect("office:sources")


@require_POST
@require(EDITOR)
def source_run(request: HttpRequest, source_id: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=source_id)
    run = enqueue_run(source, request.user)
    messages.success(
        request,
        _("Collection of %(name)s queued (run %(number)s).")
        % {"name": source.name, "number": run.pk},
    )
    return redirect("office:run", run_id=run.pk)


@require_GET
@require(EDITOR)
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run = get_object_or_404(CollectionRun.objects.select_related("source"), pk=run_id)
    return page(request, "run.html", {"run": run})
