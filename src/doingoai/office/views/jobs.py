"""Translation jobs: the workbench (segment by segment), review and
publication. Roles per language are checked on every request."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from doingoai.curation.roles import (
    EDITOR,
    can_review,
    can_translate,
    has_role,
)
from doingoai.curation.services import log
from doingoai.errors import DoingoaiError, StaleSegment
from doingoai.office.access import can_edit_segments, can_open_job, require
from doingoai.office.forms import ReturnForm, SegmentForm
from doingoai.office.views.common import deny, flash_errors, page, say_error, staff
from doingoai.office.workbench import (
    issues_by_segment,
    machine_suggestion,
    qa_issues,
    segment_panel,
    summary,
)
from doingoai.translate.qa import Issue
from doingoai.translation import services as translation
from doingoai.translation.models import Segment, TranslationJob


def _job(job_id: int) -> TranslationJob:
    return get_object_or_404(
        TranslationJob.objects.select_related("article", "version", "assignee", "reviewer"),
        pk=job_id,
    )


def _distinct(issues: list[Issue]) -> list[Issue]:
    """One issue per check (the segment list names the checks only)."""
    seen: dict[str, Issue] = {}
    for issue in issues:
        kept = seen.get(issue.check)
        if kept is None or (issue.severity == "error" and kept.severity != "error"):
            seen[issue.check] = issue
    return list(seen.values())


def _position(request: HttpRequest, segments: list[Segment]) -> int:
    try:
        wanted = int(request.GET.get("seg", ""))
    except ValueError:
        wanted = -1
    positions = [s.position for s in segments]
    if wanted in positions:
        return wanted
    open_ones = [s.position for s in segments if s.state != "translated"]
    return open_ones[0] if open_ones else (positions[0] if positions else 0)


def _workbench(
    request: HttpRequest,
    job: TranslationJob,
    *,
    position: int | None = None,
    conflict: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    segments = list(job.segments.select_related("updated_by").order_by("position"))
    current_pos = _position(request, segments) if position is None else position
    current = next((s for s in segments if s.position == current_pos), None)
    panel = segment_panel(job, current) if current is not None else None
    machine: dict[str, Any] | None = None
    if current is not None and request.GET.get("mt") == "1":
        text, why = machine_suggestion(job, current)
        machine = {"text": text, "why": why, "engine": job.engine}
    editable = can_edit_segments(staff(request), job) and job.state in translation.EDITABLE
    form = None
    if current is not None:
        initial = {"target": current.target, "version": current.version}
        if conflict is not None:
            initial = {"target": conflict["mine"], "version": conflict["version"]}
        form = SegmentForm(initial=initial)
    issues = issues_by_segment(translation.qa_job(job))
    index = segments.index(current) if current is not None else 0
    return page(
        request,
        "workbench.html",
        {
            "job": job,
            "segments": [(s, _distinct(issues.get(s.position, []))) for s in segments],
            "current": current,
            "panel": panel,
            "form": form,
            "editable": editable,
            "conflict": conflict,
            "machine": machine,
            "previous": segments[index - 1].position if index > 0 else None,
            "next": segments[index + 1].position if index + 1 < len(segments) else None,
            "summary": summary(job),
            "qa_errors": sum(1 for v in issues.values() for i in v if i.severity == "error"),
            "can_translate": can_translate(staff(request), job.target_lang),
            "can_review": can_review(staff(request), job.target_lang),
            "can_publish": has_role(staff(request), EDITOR),
            "return_form": ReturnForm(),
            "events": list(job.events.select_related("user").order_by("-at", "-id")[:20]),
        },
        status=status,
    )


@require_GET
@require()
def workbench(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(job_id)
    if not can_open_job(staff(request), job):
        return deny(request, f"You do not work on {job.target_lang} translations.")
    return _workbench(request, job)


@require_POST
@require()
def save_segment(request: HttpRequest, job_id: int, position: int) -> HttpResponse:
    job = _job(job_id)
    if not can_edit_segments(staff(request), job):
        return deny(request, "You cannot change this job's segments now.")
    segment = get_object_or_404(Segment, job=job, position=position)
    form = SegmentForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
        return redirect(f"{reverse('office:job', args=[job.pk])}?seg={position}")
    target = form.cleaned_data["target"]
    try:
        translation.save_segment(
            segment, target, staff(request), expected_version=form.cleaned_data["version"]
        )
    except StaleSegment as err:
        conflict = {
            "message": str(err),
            "mine": err.rejected,
            "theirs": err.current,
            "version": err.current_version,
        }
        job.refresh_from_db()
        return _workbench(request, job, position=position, conflict=conflict, status=409)
    except DoingoaiError as err:
        say_error(request, err)
        return redirect(f"{reverse('office:job', args=[job.pk])}?seg={position}")
    log(staff(request), "save-segment", segment, job=job.pk, position=position)
    found = qa_issues(job, segment.source, segment.target)
    blocking = [i for i in found if i.severity == "error"]
    if found:
        for issue in found:
            level = messages.ERROR if issue.severity == "error" else messages.WARNING
            messages.add_message(
                request, level, f"Segment {position}: QA {issue.check}: {issue.message}"
            )
    else:
        messages.success(request, f"Segment {position} saved; QA finds nothing.")
    go = position
    if not blocking and request.POST.get("stay") != "1":
        later = job.segments.filter(position__gt=position).order_by("position").first()
        go = later.position if later is not None else position
    return redirect(f"{reverse('office:job', args=[job.pk])}?seg={go}")


def _step(request: HttpRequest, job: TranslationJob, action: str) -> HttpResponse:
    user = staff(request)
    lang = job.target_lang
    try:
        if action == "submit":
            if not can_translate(user, lang):
                return deny(request, f"Only a {lang} translator submits this job.")
            translation.submit_for_review(job, user=user)
            messages.success(request, "Submitted for review.")
        elif action == "approve":
            if not can_review(user, lang):
                return deny(request, f"Only a {lang} reviewer approves this job.")
            translation.approve(job, user=user)
            messages.success(request, "Approved: the segments are in the translation memory.")
        elif action == "return":
            if not can_review(user, lang):
                return deny(request, f"Only a {lang} reviewer returns this job.")
            form = ReturnForm(request.POST)
            if not form.is_valid():
                messages.error(request, "Say what the translator should change.")
                return redirect("office:job", job_id=job.pk)
            translation.return_to_translator(
                job,
                user=user,
                comment=form.cleaned_data["comment"],
            )
            messages.success(request, "Returned to the translator.")
        elif action == "publish":
            if not has_role(user, EDITOR):
                return deny(request, "Only an editor publishes.")
            translation.publish(job, user=user)
            messages.success(request, f"The {lang} version is published.")
    except DoingoaiError as err:
        say_error(request, err)
        return redirect("office:job", job_id=job.pk)
    log(user, f"job-{action}", job, state=job.state, language=lang)
    return redirect("office:job", job_id=job.pk)


@require_POST
@require()
def job_step(request: HttpRequest, job_id: int, action: str) -> HttpResponse:
    job = _job(job_id)
    if not can_open_job(staff(request), job):
        return deny(request, f"You do not work on {job.target_lang} translations.")
    return _step(request, job, action)
