"""Who does which translation job by when: the jobs list with its
assignment columns and filters, the assignment page of a job (editors), and
"my work" (the jobs a person translates or reviews), all by due date."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods

from doingoai.curation.roles import EDITOR, REVIEWER, TRANSLATOR, has_role, languages
from doingoai.curation.services import log
from doingoai.office.access import require
from doingoai.office.forms import DONE_STATES, AssignForm, JobFilter, self_review_allowed
from doingoai.office.views.common import page, staff
from doingoai.translation import services as translation
from doingoai.translation.models import TranslationJob

__all__ = ["assign_job", "by_due_date", "filter_jobs", "is_overdue", "job_list", "my_work"]

PAGE_SIZE = 50
#: states in which the assignee has work to do
TO_TRANSLATE: tuple[str, ...] = ("draft", "pretranslated", "in_translation", "returned")


def by_due_date(jobs: QuerySet[TranslationJob]) -> QuerySet[TranslationJob]:
    """Soonest due first, jobs without a due date last, then the most recently changed."""
    return jobs.order_by(F("due_date").asc(nulls_last=True), "-updated_at", "-id")


def is_overdue(job: TranslationJob, today: date) -> bool:
    """Due before ``today`` and not yet approved or published."""
    return job.due_date is not None and job.due_date < today and job.state not in DONE_STATES


def filter_jobs(
    jobs: QuerySet[TranslationJob], data: dict[str, Any], user: Any, today: date
) -> QuerySet[TranslationJob]:
    """``jobs`` narrowed by the cleaned data of a :class:`JobFilter`."""
    if data.get("who") == "mine":
        jobs = jobs.filter(Q(assignee=user) | Q(reviewer=user))
    elif data.get("who") == "unassigned":
        jobs = jobs.filter(assignee__isnull=True).exclude(state__in=DONE_STATES)
    if data.get("overdue"):
        jobs = jobs.filter(due_date__lt=today).exclude(state__in=DONE_STATES)
    if data.get("language"):
        jobs = jobs.filter(target_lang=data["language"])
    if data.get("state"):
        jobs = jobs.filter(state=data["state"])
    return jobs


def _rows(jobs: Any, today: date) -> list[tuple[TranslationJob, bool]]:
    return [(job, is_overdue(job, today)) for job in jobs]


@require_GET
@require(EDITOR, TRANSLATOR, REVIEWER)
def job_list(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    today = timezone.localdate()
    jobs = TranslationJob.objects.select_related("article", "assignee", "reviewer")
    offered: list[str] | None = None
    if not has_role(user, EDITOR):
        offered = languages(user)
        jobs = jobs.filter(target_lang__in=offered)
    form = JobFilter(request.GET, languages=offered)
    data: dict[str, Any] = {}
    if form.is_valid():
        data = form.cleaned_data
    else:
        # a filter that cannot be read is dropped; the others still apply
        data = {k: v for k, v in form.cleaned_data.items() if k not in form.errors}
    jobs = by_due_date(filter_jobs(jobs, data, user, today))
    current = Paginator(jobs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({k: ("1" if v is True else v) for k, v in data.items() if v})
    return page(
        request,
        "jobs.html",
        {
            "page": current,
            "rows": _rows(current, today),
            "form": form,
            "query": query,
            "today": today,
            "can_assign": has_role(user, EDITOR),
        },
    )


@require_http_methods(["GET", "POST"])
@require(EDITOR)
def assign_job(request: HttpRequest, job_id: int) -> HttpResponse:
    """GET shows the form; POST validates it and changes only what differs,
    in the job's history and the audit log."""
    job = get_object_or_404(
        TranslationJob.objects.select_related("article", "assignee", "reviewer"), pk=job_id
    )
    if request.method != "POST":
        return _assign_page(request, job, AssignForm(job=job))
    user = staff(request)
    with transaction.atomic():
        # checked against the job as it is now, and held until it is changed:
        # the row is locked first, then read with its people. (One locking
        # query with the joins would not do on PostgreSQL: it refuses to lock
        # the nullable side of an outer join, and a row changed while the query
        # waited comes back with the joined rows it had before.)
        TranslationJob.objects.select_for_update().filter(pk=job.pk).first()
        locked = TranslationJob.objects.select_related("article", "assignee", "reviewer").get(
            pk=job.pk
        )
        form = AssignForm(request.POST, job=locked)
        if not form.is_valid():
            return _assign_page(request, locked, form, status=400)
        changed = form.changes()
        if not changed:
            messages.info(request, _("Job %(number)s: nothing changed.") % {"number": job.pk})
            return redirect("office:job-assign", job_id=job.pk)
        before = {
            "assignee": locked.assignee.get_username() if locked.assignee else None,
            "reviewer": locked.reviewer.get_username() if locked.reviewer else None,
            "due_date": locked.due_date.isoformat() if locked.due_date else None,
        }
        translation.assign(locked, user=user, **changed)
        after = {
            k: v.isoformat() if isinstance(v, date) else v.get_username()
            for k, v in changed.items()
        }
        log(
            user,
            "job-assign",
            locked,
            language=locked.target_lang,
            **after,
            before={k: before[k] for k in after},
        )
    names = {
        "assignee": pgettext("assignment", "assignee"),
        "reviewer": pgettext("assignment", "reviewer"),
        "due_date": pgettext("assignment", "due date"),
    }
    shown = {
        k: formats.date_format(v, "SHORT_DATE_FORMAT") if isinstance(v, date) else str(after[k])
        for k, v in changed.items()
    }
    said = ", ".join(f"{names.get(k, k)} {shown[k]}" for k in after)
    messages.success(
        request, _("Job %(number)s: %(changes)s.") % {"number": job.pk, "changes": said}
    )
    return redirect("office:job-assign", job_id=job.pk)


def _assign_page(
    request: HttpRequest, job: TranslationJob, form: AssignForm, status: int = 200
) -> HttpResponse:
    today = timezone.localdate()
    return page(
        request,
        "job_assign.html",
        {
            "job": job,
            "form": form,
            "overdue": is_overdue(job, today),
            "self_review": self_review_allowed(),
            "events": list(job.events.select_related("user").order_by("-at", "-id")[:10]),
        },
        status=status,
    )


@require_GET
@require(EDITOR, TRANSLATOR, REVIEWER)
def my_work(request: HttpRequest) -> HttpResponse:
    """The signed-in person's jobs: to translate (assigned and not yet
    submitted, or returned) and to review (in review with them as reviewer)."""
    user = staff(request)
    today = timezone.localdate()
    base = TranslationJob.objects.select_related("article", "assignee", "reviewer")
    translate = by_due_date(base.filter(assignee=user, state__in=TO_TRANSLATE))
    review = by_due_date(base.filter(reviewer=user, state="in_review"))
    return page(
        request,
        "my_work.html",
        {
            "sections": [
                (
                    _("To translate"),
                    "translate-h",
                    _rows(translate, today),
                    _("Nothing to translate."),
                ),
                (
                    _("To review"),
                    "review-h",
                    _rows(review, today),
                    _("Nothing waits for your review."),
                ),
            ],
            "today": today,
        },
    )
