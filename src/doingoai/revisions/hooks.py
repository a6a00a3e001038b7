"""Where the revisions app listens to the rest of the office, without changing it:

* an article's correction (the curation audit log's ``correct-article``
  entry, which carries the fields before and after) records a version of the
  article, the first one being the article as extracted;
* a translation job's history (:class:`~doingoai.translation.models.JobEvent`)
  tells the people a step needs: the assignee of an assignment or a return,
  the reviewer (else the language's reviewers) of a submission, the
  translator of an approval; a submission records a version of the
  translated text as submitted (its segments), an approval the version as
  approved, so the difference shows what the review changed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models.signals import post_save
from django.urls import reverse

from doingoai.curation.models import AuditLog, Selection
from doingoai.curation.roles import EDITOR, REVIEWER, can_review, has_role
from doingoai.revisions import notify
from doingoai.revisions.services import (
    Kind,
    latest_revision,
    record_revision,
    register,
    snapshot,
)
from doingoai.store.models import Article
from doingoai.translation.models import JobEvent, TranslatedVersion, TranslationJob

__all__ = ["ARTICLE_FIELDS", "VERSION_FIELDS", "connect"]

#: the fields of an article that have versions (those an editor may correct)
ARTICLE_FIELDS: tuple[str, ...] = (
    "title",
    "lead",
    "paragraphs",
    "captions",
    "authors",
    "tags",
    "published_at",
    "language",
    "topic",
)
#: the fields of a translated version that have versions
VERSION_FIELDS: tuple[str, ...] = ("title", "lead", "paragraphs", "captions")


def _apply_article(article: Article, data: dict[str, Any], user: Any) -> None:
    from doingoai.curation.services import correct_article

    fields = {k: v for k, v in data.items() if k in ARTICLE_FIELDS}
    if fields.get("published_at"):
        fields["published_at"] = datetime.fromisoformat(fields["published_at"])
    correct_article(article, user, **fields)


def _article_published(article: Article) -> bool:
    return Selection.objects.filter(article=article, status="published").exists()


def _article_people(article: Article) -> list[Any]:
    selection = Selection.objects.filter(article=article).select_related("selected_by").first()
    return [selection.selected_by] if selection is not None else []


def _apply_version(version: TranslatedVersion, data: dict[str, Any], user: Any) -> None:
    from doingoai.curation.services import log

    for name in VERSION_FIELDS:
        if name in data:
            setattr(version, name, data[name])
    version.save()
    log(user, "revert-version", version, language=version.language)


def _version_job(version: TranslatedVersion) -> TranslationJob | None:
    return TranslationJob.objects.filter(version=version).first()


def _version_url(version: TranslatedVersion) -> str:
    job = _version_job(version)
    return reverse("office:job", kwargs={"job_id": job.pk}) if job else ""


def _version_editors(user: Any, version: TranslatedVersion) -> bool:
    return has_role(user, EDITOR) or can_review(user, version.language)


def _version_people(version: TranslatedVersion) -> list[Any]:
    job = _version_job(version)
    return [job.assignee, job.reviewer] if job else []


def register_kinds() -> None:
    register(
        Kind(
            label="store.article",
            fields=ARTICLE_FIELDS,
            apply=_apply_article,
            is_published=_article_published,
            title=lambda a: a.title,
            url=lambda a: reverse("office:article", kwargs={"article_id": a.pk}),
            editors=lambda user, a: has_role(user, EDITOR),
            people=_article_people,
            records_itself=True,
        )
    )
    register(
        Kind(
            label="translation.translatedversion",
            fields=VERSION_FIELDS,
            apply=_apply_version,
            is_published=lambda v: v.published_at is not None,
            title=lambda v: f"{v.title or v.source.article.title} ({v.language})",
            url=_version_url,
            editors=_version_editors,
            people=_version_people,
        )
    )


# --- receivers -------------------------------------------------------------------


def _article_corrected(sender: Any, instance: AuditLog, created: bool, **_: Any) -> None:
    if not created or instance.action != "correct-article":
        return
    article = Article.objects.filter(pk=instance.object_id).first()
    if article is None:
        return
    if latest_revision(article) is None:
        # the first version is the article as it was before this correction
        before = snapshot(article)
        before.update(instance.data.get("before", {}))
        record_revision(article, None, before, note="as extracted")
    record_revision(article, instance.actor)


def _submitted(job: TranslationJob) -> dict[str, Any]:
    from doingoai.translation.segments import assemble

    rows = job.segments.order_by("position").values_list("kind", "block", "target")
    text = assemble(list(rows))
    return {name: text[name] for name in VERSION_FIELDS}


def _job_title(job: TranslationJob) -> str:
    return job.article.title[:120]


def _job_stepped(sender: Any, instance: JobEvent, created: bool, **_: Any) -> None:
    if not created:
        return
    event = instance
    job = event.job
    params = {"job": job.pk, "language": job.target_lang, "title": _job_title(job)}
    url = reverse("office:job", kwargs={"job_id": job.pk})
    said: dict[str, Any] = {"params": params, "url": url, "obj": job, "actor": event.user}
    moved = event.from_state != event.to_state
    if moved and event.to_state == "in_review":
        reviewers = (
            [job.reviewer] if job.reviewer else notify.people_with_role(REVIEWER, job.target_lang)
        )
        notify.notify(reviewers, "job-review", **said)
        # the translation as its translator submitted it: beside the approved
        # version, what the review changed
        record_revision(job.version, event.user, _submitted(job), note="submitted for review")
    elif moved and event.to_state == "returned":
        notify.notify([job.assignee], "job-returned", **said)
    elif moved and event.to_state == "approved":
        notify.notify([job.assignee], "job-approved", **said)
        record_revision(job.version, event.user)
    elif not moved and event.comment:
        # an assignment: its comment names the people given the job
        named = [part.strip() for part in event.comment.split(",")]
        told = []
        if job.assignee and f"assignee {job.assignee.get_username()}" in named:
            told.append(job.assignee)
        if job.reviewer and f"reviewer {job.reviewer.get_username()}" in named:
            told.append(job.reviewer)
        if told:
            notify.notify(told, "job-assigned", **said)


def connect() -> None:
    register_kinds()
    post_save.connect(_article_corrected, sender=AuditLog, dispatch_uid="revisions-article")
    post_save.connect(_job_stepped, sender=JobEvent, dispatch_uid="revisions-job-event")
