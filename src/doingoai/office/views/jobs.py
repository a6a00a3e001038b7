"""Translation jobs: the workbench (every segment on one page, saved one at a
time, with or without JavaScript), review and publication. Roles per
language are checked on every request."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from doingoai.curation.roles import (
    EDITOR,
    can_review,
    can_translate,
    has_role,
)
from doingoai.curation.services import log
from doingoai.errors import DoingoaiError, StaleSegment
from doingoai.office import workbench as bench
from doingoai.office.access import can_edit_segments, can_open_job, can_read_article, require
from doingoai.office.forms import ReturnForm, SegmentForm
from doingoai.office.qa_words import qa_message
from doingoai.office.templatetags.office_format import qa_check
from doingoai.office.views.common import deny, flash_errors, page, say_error, staff
from doingoai.office.views.common import said as error_words
from doingoai.translate.qa import Issue
from doingoai.translation import services as translation
from doingoai.translation.models import Segment, TranslationJob


def _job(job_id: int) -> TranslationJob:
    return get_object_or_404(
        TranslationJob.objects.select_related("article", "version", "assignee", "reviewer"),
        pk=job_id,
    )


def _wants_json(request: HttpRequest) -> bool:
    """The workbench's script asks for JSON; a plain form post gets a page."""
    return "application/json" in request.headers.get("Accept", "")


def _position(request: HttpRequest, segments: list[Segment], issues: list[Issue]) -> int:
    """The segment at hand: the one asked for, else the first left to
    translate, else the first with a QA error, else the first."""
    wanted = _int(request.GET.get("seg"))
    positions = [s.position for s in segments]
    if wanted in positions:
        return wanted
    open_ones = [s.position for s in segments if s.state != "translated"]
    if open_ones:
        return open_ones[0]
    wrong = sorted({i.segment for i in issues if i.severity == "error" and i.segment is not None})
    return wrong[0] if wrong else (positions[0] if positions else 0)


def _issue_dict(issue: Issue) -> dict[str, str]:
    return {
        "check": issue.check,
        "label": qa_check(issue.check),
        "severity": issue.severity,
        "message": qa_message(issue.message),
    }


def _counts(job: TranslationJob, issues: list[Issue]) -> dict[str, int]:
    done = bench.summary(job)
    return {**done, "qa_errors": sum(1 for i in issues if i.severity == "error")}


def _panel_context(
    request: HttpRequest, job: TranslationJob, current: Segment | None, editable: bool
) -> dict[str, Any]:
    machine: dict[str, Any] | None = None
    mt_ready = bench.machine_translation_set_up()
    if current is not None and mt_ready and request.GET.get("mt") == "1":
        text, why = bench.machine_suggestion(job, current)
        machine = {"text": text, "why": why, "engine": job.engine}
    # a pre-translation by the dummy engine is a marker, not a translation:
    # it is not offered when no engine is set up
    offer_pretranslation = bool(current and current.pretranslation) and not (
        current is not None
        and current.pretranslation_origin == "mt"
        and job.engine == "dummy"
        and not mt_ready
    )
    return {
        "job": job,
        "current": current,
        "panel": bench.segment_panel(job, current) if current is not None else None,
        "machine": machine,
        "mt_ready": mt_ready,
        "mt_setting": bench.MT_SETTING,
        "offer_pretranslation": offer_pretranslation,
        "editable": editable,
    }


def _workbench(
    request: HttpRequest,
    job: TranslationJob,
    *,
    position: int | None = None,
    conflict: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = staff(request)
    segments = list(job.segments.select_related("updated_by").order_by("position"))
    issues = bench.findings(job)
    current_pos = _position(request, segments, issues) if position is None else position
    current = next((s for s in segments if s.position == current_pos), None)
    editable = can_edit_segments(user, job) and job.state in translation.EDITABLE
    all_rows = bench.rows(segments, issues)
    hidden = bench.hide_machine_markers(job, all_rows)
    state_filter = request.GET.get("state", "")
    state_filter = state_filter if state_filter in bench.STATE_FILTERS else ""
    qa_filter = request.GET.get("qa", "")
    qa_filter = qa_filter if qa_filter in bench.QA_FILTERS else ""
    shown = [r for r in all_rows if r.shown(state_filter, qa_filter)]
    form = None
    if current is not None:
        initial = {"target": current.target, "version": current.version}
        if conflict is not None:
            initial = {"target": conflict["mine"], "version": conflict["version"]}
        form = SegmentForm(initial=initial)
    index = segments.index(current) if current is not None else 0
    ready = bench.readiness(job, issues)
    submitted = job.events.filter(to_state="in_review").order_by("-at", "-id").first()
    return page(
        request,
        "workbench.html",
        {
            **_panel_context(request, job, current, editable),
            "rows": shown,
            "all_count": len(all_rows),
            "filters": {
                "state": state_filter,
                "qa": qa_filter,
                "states": [
                    (k, sum(1 for r in all_rows if r.shown(k, ""))) for k in bench.STATE_FILTERS
                ],
                "qas": [(k, sum(1 for r in all_rows if r.shown("", k))) for k in bench.QA_FILTERS],
            },
            "form": form,
            "conflict": conflict,
            "previous": segments[index - 1].position if index > 0 else None,
            "next": segments[index + 1].position if index + 1 < len(segments) else None,
            "summary": bench.summary(job),
            "qa_errors": len(ready.errors),
            "ready": ready,
            "markers_hidden": hidden,
            # the page is not reloaded while the segments are saved: the job may
            # move into translation meanwhile
            "submittable": ("pretranslated", "in_translation", "returned"),
            "submitted_with_errors": (submitted.data or {}).get("qa_errors_confirmed", [])
            if submitted is not None and job.state == "in_review"
            else [],
            "can_translate": can_translate(user, job.target_lang),
            "can_review": can_review(user, job.target_lang),
            "can_publish": has_role(user, EDITOR),
            "can_read_article": can_read_article(user, job.article_id),
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
        return deny(
            request,
            _("You do not work on %(language)s translations.") % {"language": job.target_lang},
        )
    if request.GET.get("panel") == "1":
        # the help beside one segment, fetched by the workbench's script
        segment = get_object_or_404(Segment, job=job, position=_int(request.GET.get("seg")))
        editable = can_edit_segments(staff(request), job) and job.state in translation.EDITABLE
        html = render_to_string(
            "office/_workbench_panel.html",
            _panel_context(request, job, segment, editable),
            request=request,
        )
        return HttpResponse(html)
    return _workbench(request, job)


def _int(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        return -1


def _saved_message(position: int, found: list[Issue]) -> str:
    if not found:
        return _("Segment %(position)s saved; QA finds nothing.") % {"position": position}
    return ngettext(
        "Segment %(position)s saved; QA found %(count)s issue.",
        "Segment %(position)s saved; QA found %(count)s issues.",
        len(found),
    ) % {"position": position, "count": len(found)}


@require_POST
@require()
def save_segment(request: HttpRequest, job_id: int, position: int) -> HttpResponse:
    job = _job(job_id)
    as_json = _wants_json(request)
    if not can_edit_segments(staff(request), job):
        why = _("You cannot change this job's segments now.")
        return JsonResponse({"error": why}, status=403) if as_json else deny(request, why)
    segment = get_object_or_404(Segment, job=job, position=position)
    back = f"{reverse('office:job', args=[job.pk])}?seg={position}"
    form = SegmentForm(request.POST)
    if not form.is_valid():
        if as_json:
            said = "; ".join(" ".join(str(e) for e in errs) for errs in form.errors.values())
            return JsonResponse({"error": said}, status=400)
        flash_errors(request, form)
        return redirect(back)
    target = form.cleaned_data["target"]
    try:
        translation.save_segment(
            segment, target, staff(request), expected_version=form.cleaned_data["version"]
        )
    except StaleSegment as err:
        conflict = {
            "message": error_words(err),
            "mine": err.rejected,
            "theirs": err.current,
            "version": err.current_version,
        }
        if as_json:
            return JsonResponse({"error": error_words(err), "conflict": conflict}, status=409)
        job.refresh_from_db()
        return _workbench(request, job, position=position, conflict=conflict, status=409)
    except DoingoaiError as err:
        if as_json:
            return JsonResponse({"error": error_words(err)}, status=400)
        say_error(request, err)
        return redirect(back)
    log(staff(request), "save-segment", segment, job=job.pk, position=position)
    segment.refresh_from_db()
    found = bench.qa_issues(job, segment.source, segment.target)
    blocking = [i for i in found if i.severity == "error"]
    later = job.segments.filter(position__gt=position).order_by("position").first()
    if as_json:
        job.refresh_from_db()
        return JsonResponse(
            {
                "position": position,
                "version": segment.version,
                "target": segment.target,
                "state": segment.state,
                "state_label": str(segment.get_state_display()),
                "issues": [_issue_dict(i) for i in found],
                "message": _saved_message(position, found),
                "next": later.position if later is not None else None,
                "job_state": job.state,
                "job_state_label": str(job.get_state_display()),
                "counts": _counts(job, bench.findings(job)),
            }
        )
    if found:
        for issue in found:
            level = messages.ERROR if issue.severity == "error" else messages.WARNING
            messages.add_message(
                request,
                level,
                _("Segment %(position)s: QA %(check)s: %(message)s")
                % {
                    "position": position,
                    "check": qa_check(issue.check),
                    "message": qa_message(issue.message),
                },
            )
    else:
        messages.success(request, _saved_message(position, found))
    go = position
    if not blocking and request.POST.get("stay") != "1" and later is not None:
        go = later.position
    return redirect(f"{reverse('office:job', args=[job.pk])}?seg={go}")


def _submit(request: HttpRequest, job: TranslationJob, user: Any) -> HttpResponse | None:
    """Refuse a job with untranslated segments; one with QA errors needs the
    translator's confirmation, which goes with it to the reviewer."""
    ready = bench.readiness(job)
    if ready.untranslated:
        messages.error(
            request,
            ngettext(
                "Not submitted: segment %(positions)s is not translated yet.",
                "Not submitted: segments %(positions)s are not translated yet.",
                len(ready.untranslated),
            )
            % {"positions": ", ".join(str(p) for p in ready.untranslated)},
        )
        return redirect(f"{reverse('office:job', args=[job.pk])}?state=untranslated")
    if ready.errors and request.POST.get("confirm_qa") != "1":
        messages.error(
            request,
            ngettext(
                "Not submitted: QA found %(count)s error. Look at it, then tick the box to submit anyway.",
                "Not submitted: QA found %(count)s errors. Look at them, then tick the box to submit anyway.",
                len(ready.errors),
            )
            % {"count": len(ready.errors)},
        )
        return redirect(f"{reverse('office:job', args=[job.pk])}?qa=error")
    confirmed = [
        {"segment": i.segment, "check": i.check, "message": i.message} for i in ready.errors
    ]
    comment = (
        ngettext(
            "Submitted with %(count)s QA error the translator confirmed.",
            "Submitted with %(count)s QA errors the translator confirmed.",
            len(confirmed),
        )
        % {"count": len(confirmed)}
        if confirmed
        else ""
    )
    translation.submit_for_review(job, user=user, comment=comment)
    if confirmed:
        event = job.events.filter(to_state="in_review").order_by("-at", "-id").first()
        if event is not None:
            event.data = {**(event.data or {}), "qa_errors_confirmed": confirmed}
            event.save(update_fields=["data"])
    messages.success(request, _("Submitted for review."))
    return None


def _step(request: HttpRequest, job: TranslationJob, action: str) -> HttpResponse:
    user = staff(request)
    lang = job.target_lang
    try:
        if action == "submit":
            if not can_translate(user, lang):
                return deny(
                    request,
                    _("Only a %(language)s translator submits this job.") % {"language": lang},
                )
            refused = _submit(request, job, user)
            if refused is not None:
                return refused
        elif action == "approve":
            if not can_review(user, lang):
                return deny(
                    request,
                    _("Only a %(language)s reviewer approves this job.") % {"language": lang},
                )
            translation.approve(job, user=user)
            messages.success(request, _("Approved: the segments are in the translation memory."))
        elif action == "return":
            if not can_review(user, lang):
                return deny(
                    request,
                    _("Only a %(language)s reviewer returns this job.") % {"language": lang},
                )
            form = ReturnForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Say what the translator should change."))
                return redirect("office:job", job_id=job.pk)
            translation.return_to_translator(
                job,
                user=user,
                comment=form.cleaned_data["comment"],
            )
            messages.success(request, _("Returned to the translator."))
        elif action == "publish":
            if not has_role(user, EDITOR):
                return deny(request, _("Only an editor publishes."))
            translation.publish(job, user=user)
            messages.success(
                request, _("The %(language)s version is published.") % {"language": lang}
            )
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
        return deny(
            request,
            _("You do not work on %(language)s translations.") % {"language": job.target_lang},
        )
    return _step(request, job, action)
