"""The inbox of collected articles and the article page: provenance,
corrections, selection, publication of the original, featuring and sending
to translation."""

from __future__ import annotations

from datetime import UTC, datetime, time

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from doingoai.curation import services as curation
from doingoai.curation.models import AuditLog, Selection, Theme
from doingoai.curation.roles import EDITOR, has_role
from doingoai.enrich.topics import label_name
from doingoai.enrich.topics import theme as topic_theme
from doingoai.errors import ConfigError, DoingoaiError
from doingoai.office import inbox as inbox_query
from doingoai.office.access import can_read_article, require
from doingoai.office.forms import CorrectionForm, SelectionForm, TranslateForm
from doingoai.office.views.common import deny, flash_errors, page, say_error, staff
from doingoai.office.workbench import machine_translation_set_up, office_engine
from doingoai.store.models import Article
from doingoai.translation import services as translation

PAGE_SIZE = 50
#: the ids of the correction form's fields ("Language" is also a field of the
#: translation form on the same page: an id is unique in a page)
CORRECTION_IDS = "correct_%s"


@require_GET
@require(EDITOR)
def inbox(request: HttpRequest) -> HttpResponse:
    """Collected articles: search, filters, facet counts, sort (see :mod:`doingoai.office.inbox`)."""
    form = inbox_query.InboxFilter(request.GET or None)
    if form.is_bound and form.is_valid():
        _refuse_out_of_range(form)
    if form.is_bound and not form.is_valid():
        flash_errors(request, form)
    found = inbox_query.run(form)
    inbox_query.link(found.facets, request.GET)
    number = _page_number(request.GET.get("page"))
    found.settle(number, PAGE_SIZE)
    current = Paginator(found.articles, PAGE_SIZE).get_page(number)
    query = request.GET.copy()
    query.pop("page", None)
    return page(
        request,
        "inbox.html",
        {
            "form": form,
            "found": found,
            "page": current,
            "rows": [
                {
                    "article": a,
                    "topic": label_name(a.topic) if a.topic else "",
                    "language": inbox_query.language_name(a.language) if a.language else "",
                    "status": inbox_query.status_label(a),
                }
                for a in current
            ],
            "query": query.urlencode(),
            "filtered": inbox_query.has_filters(form),
            "total": _shown_total(found),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _page_number(value: str | None) -> int:
    """The page asked for (1 for anything but a positive number)."""
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


def _shown_total(found: inbox_query.InboxResult) -> str:
    """The number of matches as the list's heading says it ("about …" when estimated)."""
    shown = formats.number_format(found.total, force_grouping=True)
    return shown if found.total_exact else _("about %(count)s") % {"count": shown}


def _storable(moment: datetime) -> bool:
    """Whether the database can hold ``moment`` (it keeps UTC, years 1 to 9999)."""
    try:
        moment.astimezone(UTC)
    except OverflowError:
        return False
    return True


def _refuse_out_of_range(form: inbox_query.InboxFilter) -> None:
    """Mark the filter values no query can use: a day whose start or end in
    the office's time zone is outside the years the database keeps, a cluster
    number beyond the database's integers."""
    data = form.cleaned_data
    for name, end in (("date_from", False), ("date_to", True)):
        day = data.get(name)
        if day and not _storable(
            timezone.make_aware(datetime.combine(day, time.max if end else time.min))
        ):
            form.add_error(
                name,
                _("%(date)s is out of the range of dates that can be searched.")
                % {"date": day.isoformat()},
            )
    cluster = data.get("cluster")
    if cluster is not None and cluster > connection.ops.integer_field_range("BigIntegerField")[1]:
        form.add_error(
            "cluster", _("There is no duplicate cluster %(number)s.") % {"number": cluster}
        )


def _suggested_theme(item: Article) -> Theme | None:
    """The office's theme the article's topic suggests, when the office has it."""
    try:
        slug = topic_theme(item.topic)
    except ConfigError:  # no topic, or one of another classifier
        return None
    return Theme.objects.filter(slug=slug).first()


def _article(article_id: int) -> Article:
    return get_object_or_404(
        Article.objects.select_related("raw", "outlet", "cluster"), pk=article_id
    )


@require_GET
@require()
def article(request: HttpRequest, article_id: int) -> HttpResponse:
    """The article for editors; read-only for the translators and reviewers of its jobs."""
    if not can_read_article(staff(request), article_id):
        return deny(request)
    item = _article(article_id)
    editor = has_role(staff(request), EDITOR)
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
    suggested = _suggested_theme(item) if selection is None else None
    selection_form = SelectionForm(
        initial={
            "themes": list(selection.themes.all()) if selection else [t for t in [suggested] if t],
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
            "read_only": not editor,
            "suggested_theme": suggested.name(get_language() or "vi") if suggested else "",
            "topic_name": label_name(item.topic) if item.topic else "",
            "correction_form": CorrectionForm(
                initial=CorrectionForm.initial_for(item), auto_id=CORRECTION_IDS
            ),
            "selection_form": selection_form,
            "translate_form": TranslateForm(),
        },
    )


@require_GET
@require()
def raw_bytes(request: HttpRequest, article_id: int) -> HttpResponse:
    """The original bytes, as a download (never rendered by the browser)."""
    if not can_read_article(staff(request), article_id):
        return deny(request)
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
    moment = form.cleaned_data.get("published_at") if form.is_valid() else None
    if moment is not None and not _storable(moment):
        form.add_error(
            "published_at",
            _("%(date)s is out of the range of dates that can be stored.")
            % {"date": moment.date().isoformat()},
        )
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
            # no machine suggestion unless an engine is set up (the dummy default marks text)
            done = translation.pretranslate(job, office_engine(), user=staff(request))
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
    if done and done.mt_failure and machine_translation_set_up():
        # (without an engine set up the workbench says so and how to set one up)
        said += " " + _("Machine translation gave nothing: %(why)s") % {"why": done.mt_failure}
    messages.success(request, said)
    return redirect("office:job", job_id=job.pk)
