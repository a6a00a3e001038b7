"""Unit contributors submit items and follow their status."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from doingoai.curation.models import Profile
from doingoai.curation.roles import CONTRIBUTOR, EDITOR, has_role
from doingoai.errors import DoingoaiError
from doingoai.office.access import require
from doingoai.office.forms import SubmissionForm
from doingoai.office.models import Submission
from doingoai.office.submissions import status_of, submit_item
from doingoai.office.views.common import page, said, staff


@require_GET
@require(CONTRIBUTOR, EDITOR)
def submission_list(request: HttpRequest) -> HttpResponse:
    items = Submission.objects.select_related("article", "unit", "submitted_by").prefetch_related(
        "article__translation_jobs"
    )
    if not has_role(request.user, EDITOR):
        profile = Profile.objects.filter(user=staff(request)).first()
        if profile is not None and profile.unit_id:
            items = items.filter(unit_id=profile.unit_id)
        else:
            items = items.filter(submitted_by=staff(request))
    current = Paginator(items, 50).get_page(request.GET.get("page"))
    rows = [(s, status_of(s.article)) for s in current]
    return page(request, "submissions.html", {"page": current, "rows": rows})


@require_http_methods(["GET", "POST"])
@require(CONTRIBUTOR)
def submission_new(request: HttpRequest) -> HttpResponse:
    form = SubmissionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        profile = Profile.objects.filter(user=staff(request)).select_related("unit").first()
        try:
            submit_item(
                request.user,
                unit=profile.unit if profile else None,
                **form.cleaned_data,
            )
        except DoingoaiError as err:
            form.add_error(None, said(err))
        else:
            messages.success(request, _("Item received: the editors will see it in their inbox."))
            return redirect("office:submissions")
    status = 400 if request.method == "POST" else 200
    return page(request, "submission_new.html", {"form": form}, status=status)
