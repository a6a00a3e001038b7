"""The office's pages of an item's history (versions side by side, revert,
reverts awaiting approval, comments) and of a person's notifications."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, re_path
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from doingoai.curation.roles import EDITOR, can_review, can_translate, has_role
from doingoai.errors import DoingoaiError, InputError
from doingoai.office.access import require
from doingoai.office.views.common import deny, role_flags, say_error, staff
from doingoai.revisions import notify, services
from doingoai.revisions.models import Notification, RevertRequest, Revision

__all__ = ["urlpatterns"]


def _page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(
        request,
        f"revisions/{template}",
        {"roles": role_flags(request.user), **context},
        status=status,
    )


def _item(label: str, pk: str) -> Model:
    try:
        return services.item_of(label, pk)
    except InputError as err:
        raise Http404(str(err)) from None


def can_read(user: Any, obj: Model) -> bool:
    """Who changes the item, editors, and the translators and reviewers of a
    translated version's language."""
    if has_role(user, EDITOR) or services.can_change(user, obj):
        return True
    lang = getattr(obj, "language", "")
    return obj._meta.label_lower == "translation.translatedversion" and (
        can_translate(user, lang) or can_review(user, lang)
    )


def _number(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name, "")
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


@require_GET
@require()
def history(request: HttpRequest, label: str, pk: str) -> HttpResponse:
    obj = _item(label, pk)
    user = staff(request)
    if not can_read(user, obj):
        return deny(request)
    kind = services.kind_of(obj)
    found = services.revisions_of(obj)
    by_number = {r.number: r for r in found}
    new = by_number.get(_number(request, "b") or 0) or (found[0] if found else None)
    old = by_number.get(_number(request, "a") or 0)
    if old is None and new is not None:
        old = by_number.get(new.number - 1)
    differences = services.diff(old.data if old else {}, new.data if new else {})
    pending = services.pending_reverts(obj)
    return _page(
        request,
        "history.html",
        {
            "item": obj,
            "label": label,
            "title": kind.title(obj),
            "url": kind.url(obj),
            "published": kind.is_published(obj),
            "revisions": found,
            "old": old,
            "new": new,
            "differences": [d for d in differences if d.changed] if old else differences,
            "pending": [
                {"request": r, "can_approve": services.can_approve(user, r)} for r in pending
            ],
            "can_change": services.can_change(user, obj),
            "comments": notify.comments_on(obj),
        },
    )


@require_POST
@require()
def revert(request: HttpRequest, label: str, pk: str, number: int) -> HttpResponse:
    obj = _item(label, pk)
    user = staff(request)
    if not services.can_change(user, obj):
        return deny(request)
    revision = get_object_or_404(
        Revision,
        content_type__app_label=label.partition(".")[0],
        content_type__model=label.partition(".")[2],
        object_id=str(obj.pk),
        number=number,
    )
    try:
        done = services.request_revert(obj, revision, user, request.POST.get("reason", "")[:2000])
    except DoingoaiError as err:
        say_error(request, err)
    else:
        if isinstance(done, RevertRequest):
            messages.success(
                request,
                _("The item is published: the revert waits for another person's approval."),
            )
        else:
            messages.success(request, _("Reverted to version %(number)s.") % {"number": number})
    return redirect("office:item-history", label=label, pk=pk)


@require_POST
@require()
def decide(request: HttpRequest, request_id: int, action: str) -> HttpResponse:
    found = get_object_or_404(
        RevertRequest.objects.select_related("revision__content_type"), pk=request_id
    )
    obj = found.revision.item
    if obj is None:
        raise Http404("the item no longer exists")
    user = staff(request)
    if not services.can_change(user, obj):
        return deny(request)
    try:
        if action == "approve":
            services.approve_revert(found, user)
            messages.success(request, _("The revert is approved and applied."))
        else:
            services.refuse_revert(found, user, request.POST.get("reason", ""))
            messages.success(request, _("The revert is refused."))
    except DoingoaiError as err:
        say_error(request, err)
    return redirect("office:item-history", label=obj._meta.label_lower, pk=str(obj.pk))


@require_POST
@require()
def comment(request: HttpRequest, label: str, pk: str) -> HttpResponse:
    obj = _item(label, pk)
    user = staff(request)
    if not can_read(user, obj):
        return deny(request)
    try:
        notify.add_comment(obj, user, request.POST.get("text", ""))
    except DoingoaiError as err:
        say_error(request, err)
    else:
        messages.success(request, _("Comment added."))
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("office:item-history", label=label, pk=pk)


@require_GET
@require()
def notifications(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    qs = Notification.objects.filter(recipient=user)
    if request.GET.get("show") != "all":
        qs = qs.filter(read_at__isnull=True)
    current = Paginator(qs, 50).get_page(request.GET.get("page"))
    return _page(
        request,
        "notifications.html",
        {
            "page": current,
            "rows": [{"note": n, "text": notify.text(n)} for n in current],
            "show_all": request.GET.get("show") == "all",
        },
    )


@require_POST
@require()
def read(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    raw = request.POST.get("id", "")
    ids = [int(raw)] if raw.isdigit() and len(raw) < 19 else None
    count = notify.mark_read(user, ids)
    messages.success(request, _("Marked read: %(count)s.") % {"count": count})
    if ids:
        note = Notification.objects.filter(pk=ids[0], recipient=user).first()
        if note is not None and note.url.startswith("/"):
            return redirect(note.url)
    return redirect("office:notifications")


urlpatterns = [
    path("notifications/", notifications, name="notifications"),
    path("notifications/read/", read, name="notifications-read"),
    re_path(
        r"^history/reverts/(?P<request_id>[0-9]+)/(?P<action>approve|refuse)/$",
        decide,
        name="revert-decide",
    ),
    re_path(r"^history/(?P<label>[a-z_]+\.[a-z_]+)/(?P<pk>[0-9]+)/$", history, name="item-history"),
    re_path(
        r"^history/(?P<label>[a-z_]+\.[a-z_]+)/(?P<pk>[0-9]+)/revert/(?P<number>[0-9]+)/$",
        revert,
        name="item-revert",
    ),
    re_path(
        r"^history/(?P<label>[a-z_]+\.[a-z_]+)/(?P<pk>[0-9]+)/comment/$",
        comment,
        name="item-comment",
    ),
]
