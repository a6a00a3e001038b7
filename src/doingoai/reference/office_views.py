"""The office's screens for reference pages, facts and images, under
/office/pages/, /office/facts/ and /office/images/. Editors write, submit
and publish pages (publishing is someone else's than the author's), record
facts and their values, upload images; each step is in the audit log (the
services write it). Thin views over :mod:`doingoai.reference.services`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from doingoai.curation.models import AuditLog
from doingoai.curation.roles import EDITOR
from doingoai.errors import DoingoaiError
from doingoai.office.access import require
from doingoai.office.views.common import flash_errors, role_flags, say_error, staff
from doingoai.reference import services
from doingoai.reference.forms import FactForm, ImageForm, PageForm, ValueForm
from doingoai.reference.models import Fact, PageImage, ReferencePage
from doingoai.reference.richtext import Removal
from doingoai.translation.jobs import target_languages
from doingoai.translation.models import TranslationJob

__all__ = [
    "fact_detail",
    "fact_list",
    "image_list",
    "page_action",
    "page_edit",
    "page_list",
]


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    context = {"roles": role_flags(request.user), **context}
    return render(request, f"reference/office/{template}", context, status=status)


def _removed(removals: list[Removal]) -> str:
    """What the sanitiser took out, in the reader's language."""
    said = {
        "element": _("elements %(what)s"),
        "handler": _("event handlers (%(what)s)"),
        "style": _("style attributes (CSS)"),
        "link": _("unsafe links (%(what)s)"),
        "image": _("images from other sites (%(what)s): upload them to the office instead"),
        "attribute": _("attributes %(what)s"),
    }
    grouped: dict[str, list[str]] = {}
    for r in removals:
        grouped.setdefault(r.kind, []).append(r.what)
    parts = [
        said.get(kind, "%(what)s") % {"what": ", ".join(dict.fromkeys(whats))}
        for kind, whats in grouped.items()
    ]
    return _("Removed from the text for safety: %(what)s.") % {"what": "; ".join(parts)}


@require(EDITOR)
def page_list(request: HttpRequest) -> HttpResponse:
    pages = ReferencePage.objects.order_by("status", "title").select_related("created_by")
    return _render(
        request,
        "pages.html",
        {"pages": pages, "stale": services.stale_pages()},
    )


@require_http_methods(["GET", "POST"])
@require(EDITOR)
def page_edit(request: HttpRequest, page_id: int | None = None) -> HttpResponse:
    item = get_object_or_404(ReferencePage, pk=page_id) if page_id is not None else None
    if request.method == "POST":
        form = PageForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                item, removed = services.save_page(
                    staff(request),
                    page=item,
                    slug=data["slug"],
                    title=data["title"],
                    text=data["text"],
                    summary=data["summary"],
                    kind=data["kind"],
                    themes=data["themes"],
                    image=data["image"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                )
            except DoingoaiError as err:
                say_error(request, err)
            else:
                if removed:
                    messages.warning(request, _removed(removed))
                messages.success(request, _("Page saved as a draft."))
                return redirect("office:reference-page", page_id=item.pk)
        else:
            flash_errors(request, form)
        status = 400
    else:
        status = 200
        initial: dict[str, Any] = {}
        if item is not None:
            initial = {
                "title": item.title,
                "slug": item.slug,
                "kind": item.kind,
                "themes": list(item.themes.all()),
                "summary": item.summary,
                "text": item.html,
                "image": item.image,
                "starts_on": item.starts_on,
                "ends_on": item.ends_on,
            }
        form = PageForm(initial=initial)
    jobs = TranslationJob.objects.filter(article=item.article) if item is not None else []
    history = (
        list(
            AuditLog.objects.filter(object_type="reference.referencepage", object_id=str(item.pk))[
                :30
            ]
        )
        if item is not None
        else []
    )
    return _render(
        request,
        "page_edit.html",
        {
            "item": item,
            "form": form,
            "jobs": jobs,
            "history": history,
            "languages": [lang for lang in target_languages()],
            "images": [
                (image, services.image_url(image.largest["name"]))
                for image in PageImage.objects.all()[:60]
                if image.renditions
            ],
            "facts": Fact.objects.all(),
            "can_publish": item is not None
            and item.status == "in_review"
            and staff(request).pk not in {item.submitted_by_id, item.created_by_id},
        },
        status=status,
    )


@require_POST
@require(EDITOR)
def page_action(request: HttpRequest, page_id: int, action: str) -> HttpResponse:
    item = get_object_or_404(ReferencePage, pk=page_id)
    user = staff(request)
    try:
        if action == "submit":
            services.submit_page(item, user)
            messages.success(request, _("Page sent for review."))
        elif action == "publish":
            services.publish_page(item, user)
            messages.success(request, _("Page published."))
        elif action == "return":
            services.return_page(item, user, request.POST.get("comment", ""))
            messages.success(request, _("Page returned to its author."))
        elif action == "translate":
            lang = request.POST.get("language", "")
            job = services.send_to_translation(item, lang, user)
            messages.success(
                request,
                _("Translation job %(number)s into %(language)s.")
                % {"number": job.pk, "language": lang},
            )
            return redirect("office:job", job_id=job.pk)
    except DoingoaiError as err:
        say_error(request, err)
    return redirect("office:reference-page", page_id=item.pk)


@require_http_methods(["GET", "POST"])
@require(EDITOR)
def fact_list(request: HttpRequest) -> HttpResponse:
    status = 200
    form = FactForm()
    if request.method == "POST":
        form = FactForm(request.POST)
        if form.is_valid():
            try:
                fact = services.create_fact(staff(request), **form.cleaned_data)
            except DoingoaiError as err:
                say_error(request, err)
                status = 400
            else:
                messages.success(request, _("Fact created: now record its first value."))
                return redirect("office:reference-fact", fact_id=fact.pk)
        else:
            flash_errors(request, form)
            status = 400
    facts = [(f, f.current()) for f in Fact.objects.all()]
    return _render(request, "facts.html", {"facts": facts, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
@require(EDITOR)
def fact_detail(request: HttpRequest, fact_id: int) -> HttpResponse:
    fact = get_object_or_404(Fact, pk=fact_id)
    status = 200
    form = ValueForm(initial={"unit": fact.unit})
    if request.method == "POST":
        form = ValueForm(request.POST)
        if form.is_valid():
            try:
                services.record_value(fact, staff(request), **form.cleaned_data)
            except DoingoaiError as err:
                say_error(request, err)
                status = 400
            else:
                messages.success(request, _("Value recorded."))
                return redirect("office:reference-fact", fact_id=fact.pk)
        else:
            flash_errors(request, form)
            status = 400
    return _render(
        request,
        "fact.html",
        {
            "fact": fact,
            "values": fact.values.select_related("recorded_by").order_by("-as_of", "-recorded_at"),
            "pages": ReferencePage.objects.filter(facts=fact),
            "form": form,
            "token": "{{fact:" + fact.slug + "}}",
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@require(EDITOR)
def image_list(request: HttpRequest) -> HttpResponse:
    status = 200
    form = ImageForm()
    if request.method == "POST":
        form = ImageForm(request.POST, request.FILES)
        if form.is_valid():
            data = dict(form.cleaned_data)
            upload = data.pop("file")
            try:
                image = services.upload_image(
                    staff(request), upload.read(), name=upload.name or "image", **data
                )
            except DoingoaiError as err:
                say_error(request, err)
                status = 400
            else:
                messages.success(request, _("Image %(number)s stored.") % {"number": image.pk})
                return redirect("office:reference-images")
        else:
            flash_errors(request, form)
            status = 400
    shown = [
        (image, services.image_url(image.renditions[0]["name"]) if image.renditions else "")
        for image in PageImage.objects.all()[:100]
    ]
    return _render(request, "images.html", {"images": shown, "form": form}, status=status)
