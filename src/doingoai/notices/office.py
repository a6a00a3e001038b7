"""The office's pages of correction notices and clarifications: the list,
writing a draft, and the review steps (thin views over
:mod:`doingoai.notices.services`)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, re_path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from doingoai.curation.roles import EDITOR
from doingoai.errors import DoingoaiError
from doingoai.notices import services
from doingoai.notices.forms import ClarificationForm, CorrectionForm
from doingoai.notices.models import Clarification, CorrectionNotice
from doingoai.office.access import require
from doingoai.office.views.common import flash_errors, role_flags, say_error, staff
from doingoai.revisions.notify import comments_on
from doingoai.revisions.services import pending_reverts, revisions_of
from doingoai.store.models import Article

__all__ = ["urlpatterns"]

#: the parts of a notice's text, as the office names them
_PARTS: dict[str, Any] = {
    "wrong": gettext_lazy("What was wrong"),
    "right": gettext_lazy("What is right"),
    "title": gettext_lazy("Title"),
    "claim": gettext_lazy("The claim, in this language"),
    "answer": gettext_lazy("The office's answer"),
}


def _page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    return render(request, f"notices/{template}", {"roles": role_flags(request.user), **context})


@require(EDITOR)
def notice_list(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        "office_list.html",
        {
            "corrections": CorrectionNotice.objects.select_related("article")[:200],
            "clarifications": Clarification.objects.order_by("-id")[:200],
        },
    )


def _common(request: HttpRequest, notice: services.Notice) -> dict[str, Any]:
    user = staff(request)
    return {
        "notice": notice,
        "can_approve": services.can_approve(user, notice),
        "revisions": revisions_of(notice)[:20],
        "comments": comments_on(notice),
        "pending": pending_reverts(notice),
        "label": notice._meta.label_lower,
        "shown": [
            {"lang": lang, "parts": [(_PARTS.get(k, k), v) for k, v in notice.text(lang).items()]}
            for lang in notice.languages
        ],
    }


@require_http_methods(["GET", "POST"])
@require(EDITOR)
def correction_new(request: HttpRequest) -> HttpResponse:
    article = get_object_or_404(Article, pk=request.GET.get("article") or 0)
    form = CorrectionForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                notice = services.write_correction(
                    article,
                    staff(request),
                    texts=form.texts(),
                    corrected_at=form.cleaned_data["corrected_at"],
                )
            except DoingoaiError as err:
                say_error(request, err)
            else:
                messages.success(request, _("The correction notice is saved as a draft."))
                return redirect("office:correction", pk=notice.pk)
        else:
            flash_errors(request, form)
    return _page(
        request,
        "office_correction.html",
        {"article": article, "form": form, "notice": None, "editable": True},
    )


@require_http_methods(["GET", "POST"])
@require(EDITOR)
def correction(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(CorrectionNotice.objects.select_related("article"), pk=pk)
    form = CorrectionForm(request.POST or None, initial=CorrectionForm.initial_for(notice))
    if request.method == "POST":
        if form.is_valid():
            try:
                services.write_correction(
                    notice.article,
                    staff(request),
                    texts=form.texts(),
                    corrected_at=form.cleaned_data["corrected_at"],
                    notice=notice,
                )
            except DoingoaiError as err:
                say_error(request, err)
            else:
                messages.success(request, _("Saved."))
                return redirect("office:correction", pk=notice.pk)
        else:
            flash_errors(request, form)
    return _page(
        request,
        "office_correction.html",
        {
            "article": notice.article,
            "form": form,
            "editable": notice.state == "draft",
            **_common(request, notice),
        },
    )


@require_http_methods(["GET", "POST"])
@require(EDITOR)
def clarification_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    item = get_object_or_404(Clarification, pk=pk) if pk is not None else None
    initial = ClarificationForm.initial_for(item) if item is not None else None
    form = ClarificationForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                item = services.write_clarification(
                    staff(request), clarification=item, **form.arguments()
                )
            except DoingoaiError as err:
                say_error(request, err)
            else:
                messages.success(request, _("Saved."))
                return redirect("office:clarification", pk=item.pk)
        else:
            flash_errors(request, form)
    context: dict[str, Any] = {"form": form, "notice": None, "editable": True}
    if item is not None:
        context.update(_common(request, item))
        context["editable"] = item.state == "draft"
    return _page(request, "office_clarification.html", context)


@require_POST
@require(EDITOR)
def step(request: HttpRequest, kind: str, pk: int, action: str) -> HttpResponse:
    notice: services.Notice = (
        get_object_or_404(CorrectionNotice, pk=pk)
        if kind == "corrections"
        else get_object_or_404(Clarification, pk=pk)
    )
    user = staff(request)
    target = "office:correction" if kind == "corrections" else "office:clarification"
    try:
        if action == "submit":
            services.submit(notice, user)
            messages.success(request, _("Submitted for review."))
        elif action == "approve":
            services.approve(notice, user)
            messages.success(request, _("Published on the portal."))
        elif action == "return":
            services.return_to_writer(notice, user, request.POST.get("comment", "")[:5000])
            messages.success(request, _("Returned to its writer."))
        elif action == "withdraw":
            services.withdraw(notice, user, request.POST.get("reason", "")[:500])
            messages.success(request, _("Withdrawn from the portal."))
    except DoingoaiError as err:
        say_error(request, err)
    return redirect(target, pk=notice.pk)


urlpatterns = [
    path("", notice_list, name="notices"),
    path("corrections/new/", correction_new, name="correction-new"),
    path("corrections/<int:pk>/", correction, name="correction"),
    path("clarifications/new/", clarification_edit, name="clarification-new"),
    path("clarifications/<int:pk>/", clarification_edit, name="clarification"),
    re_path(
        r"^(?P<kind>corrections|clarifications)/(?P<pk>[0-9]+)/"
        r"(?P<action>submit|approve|return|withdraw)/$",
        step,
        name="notice-step",
    ),
]
