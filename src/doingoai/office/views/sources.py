"""Sources and their collection runs."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from doingoai.curation.roles import EDITOR
from doingoai.curation.services import log
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
            messages.success(request, _("Source %(name)s added.") % {"name": source.name})
            return redirect("office:sources")
        status = 400
    else:
        status = 200
    runs = Paginator(CollectionRun.objects.select_related("source"), 30).get_page(
        request.GET.get("page")
    )
    return page(
        request,
        "sources.html",
        {"sources": Source.objects.all(), "form": form, "runs": runs},
        status=status,
    )


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
