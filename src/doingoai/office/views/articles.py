"""The inbox of collected articles and the article page: provenance,
corrections, selection, publication of the original, featuring and sending
to translation."""

from __future__ import annotations

from datetime import date, datetime, time

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from doingoai.curation import services as curation
from doingoai.curation.models import AuditLog, Selection
from doingoai.curation.roles import EDITOR
from doingoai.errors import DoingoaiError
from doingoai.office.access import require
from doingoai.office.forms import CorrectionForm, InboxFilter, SelectionForm, TranslateForm
from doingoai.office.views.common import flash_errors, page, say_error, staff
from doingoai.store.models import Article
from doingoai.translation import services as translation

PAGE_SIZE = 50


def _day_start(day: date, end: bool = False) -> datetime:
    moment = datetime.combine(day, time.max if end else time.min)
    return timezone.make_aware(moment)


def filtered(form: InboxFilter) -> QuerySet[Article]:
    articles = Article.objects.select_related("outlet", "selection").order_by(
        "-published_at", "-id"
    )
    if not form.is_valid():
        return articles
    data = form.cleaned_data
    if data["outlet"]:
        articles = articles.filter(outlet=data["outlet"])
    if data["topic"]:
        articles = articles.filter(topic=data["topic"])
    if data["language"]:
        articles = articles.filter(language=data["language"].lower())
    if data["date_from"]:
        articles = articles.filter(published_at__gte=_day_start(data["date_from"]))
    if data["date_to"]:
        articles = articles.filter(published_at__lte=_day_start(data["date_to"], end=True))
    if data["cluster"]:
        articles = articles.filter(cluster_id=data["cluster"])
    if data["duplicates"]:
        articles = articles.annotate(_n=Count("cluster__members")).filter(_n__gt=1)
    status = data["status"]
    if status == "new":
        articles = articles.filter(selection__isnull=True)
    elif status:
        articles = articles.filter(selection__status=status)
    return articles


@require_GET
@require(EDITOR)
def inbox(request: HttpRequest) -> HttpResponse:
    form = InboxFilter(request.GET or None)
    articles = (
        filtered(form)
        if request.GET
        else Article.objects.select_related("outlet", "selection").order_by("-published_at", "-id")
    )
    paginator = Paginator(articles, PAGE_SIZE)
    current = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    topics = (
        Article.objects.exclude(topic="")
        .values_list("topic", flat=True)
        .distinct()
        .order_by("topic")
    )
    return page(
        request,
        "inbox.html",
        {
            "form": form,
            "page": current,
            "query": query.urlencode(),
            "topics": list(topics[:100]),
        },
    )


def _article(article_id: int) -> Article:
    return get_object_or_404(
        Article.objects.select_related("raw", "outlet", "cluster"), pk=article_id
    )


@require_GET
@require(EDITOR)
def article(request: HttpRequest, article_id: int) -> HttpResponse:
    item = _article(article_id)
    selection = Selection.objects.filter(article=item).prefetch_related("themes").first()
    members = (
        list(item.cluster.members.exclude(pk=item.pk).select_related("outlet")[:50])
        if item.cluster is not None
        else []
    )
    history = AuditLog.objects.filter(
        Q(object_type="store.article", object_id=str(item.pk))
        | Q(object_type="curation.selection", object_id=str(selection.pk if selection else ""))
    ).select_related("actor")[:50]
    selection_form = SelectionForm(
        initial={
            "themes": list(selection.themes.all()) if selection else [],
            "unit": selection.unit if selection else None,
            "featured": selection.featured if selection else False,
            "note": selection.note if selection else "",
        }
    )
    return page(
        request,
        "article.html",
        {
            "article": item,
            "link": item.url if item.url.startswith(("http://", "https://")) else "",
            "raw": item.raw,
            "selection": selection,
            "members": members,
            "history": history,
            "jobs": list(item.translation_jobs.all()),
            "correction_form": CorrectionForm(initial=CorrectionForm.initial_for(item)),
            "selection_form": selection_form,
            "translate_form": TranslateForm(),
        },
    )


@require_GET
@require(EDITOR)
def raw_bytes(request: HttpRequest, article_id: int) -> HttpResponse:
    """The original bytes, as a download (never rendered by the browser)."""
    item = _article(article_id)
    response = HttpResponse(item.raw.data, content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{item.raw.sha256}.bin"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@require(EDITOR)
def correct(request: HttpRequest, article_id: int) -> HttpResponse:
    item = _article(article_id)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
        return redirect("office:article", article_id=item.pk)
    try:
        changed = curation.correct_article(item, staff(request), **form.corrections())
    except DoingoaiError as err:
        say_error(request, err)
    else:
        names = {name: str(field.label) for name, field in form.fields.items()}
        messages.success(
            request,
            _("Corrected: %(fields)s.") % {"fields": ", ".join(names.get(f, f) for f in changed)}
            if changed
            else _("Nothing changed."),
        )
    return redirect("office:article", article_id=item.pk)


@require_POST
@require(EDITOR)
def select(request: HttpRequest, article_id: int) -> HttpResponse:
    item = _article(article_id)
    form = SelectionForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
        return redirect("office:article", article_id=item.pk)
    data = form.cleaned_data
    curation.select_article(
        item,
        staff(request),
        list(data["themes"]),
        unit=data["unit"],
        featured=data["featured"],
        note=data["note"],
    )
    messages.success(request, _("Selected for external information."))
    return redirect("office:article", article_id=item.pk)


def _selection(item: Article) -> Selection | None:
    return Selection.objects.filter(article=item).first()


@require_POST
@require(EDITOR)
def selection_action(request: HttpRequest, article_id: int, action: str) -> HttpResponse:
    item = _article(article_id)
    selection = _selection(item)
    if selection is None:
        messages.error(request, _("Select the article first."))
        return redirect("office:article", article_id=item.pk)
    try:
        if action == "publish":
            curation.publish_original(selection, staff(request))
            messages.success(request, _("The Vietnamese original is published."))
        elif action == "withdraw":
            curation.withdraw(
                selection, staff(request), reason=request.POST.get("reason", "")[:500]
            )
            messages.success(request, _("Withdrawn from the portal."))
        elif action == "feature":
            on = request.POST.get("on", "1") == "1"
            curation.feature(selection, staff(request), on=on)
            messages.success(request, _("Featured.") if on else _("No longer featured."))
    except DoingoaiError as err:
        say_error(request, err)
    return redirect("office:article", article_id=item.pk)


@require_POST
@require(EDITOR)
def send_to_translation(request: HttpRequest, article_id: int) -> HttpResponse:
    item = _article(article_id)
    form = TranslateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a target language offered."))
        return redirect("office:article", article_id=item.pk)
    lang = form.cleaned_data["language"]
    try:
        refresh = translation.create_or_refresh_job(item, lang, user=staff(request))
        job = refresh.job
        done = None
        if job.state in translation.PRETRANSLATABLE:
            done = translation.pretranslate(job, user=staff(request))
    except DoingoaiError as err:
        say_error(request, err)
        return redirect("office:article", article_id=item.pk)
    curation.log(
        staff(request),
        "send-to-translation",
        item,
        language=lang,
        job=job.pk,
        created=refresh.created,
    )
    said = _("Translation job %(number)s into %(language)s.") % {"number": job.pk, "language": lang}
    if done:
        filled = ", ".join(
            _("%(count)s from %(origin)s") % {"count": n, "origin": origin}
            for origin, n in sorted(done.filled.items())
        )
        said += " " + _("Pre-translated: %(what)s.") % {"what": filled or _("nothing")}
    if done and done.mt_failure:
        said += " " + _("Machine translation gave nothing: %(why)s") % {"why": done.mt_failure}
    messages.success(request, said)
    return redirect("office:job", job_id=job.pk)
