"""What the translation workflow keeps.

* :class:`SourceKey` gives a stored article its ``translation_key`` (a UUID)
  without touching the store's own tables; every :class:`TranslatedVersion`
  of the article carries the same key.
* :class:`TranslationJob` — one per (article, target language) — moves through
  :data:`STATES`; its :class:`Segment` s hold the sentences of the title, lead,
  paragraphs and captions, and :class:`JobEvent` s its history.
* :class:`TermConcept` and :class:`TermEntry` persist the termbase
  (:mod:`doingoai.translate.termbase`).

The translation memory lives in the same database, in the tables
:func:`doingoai.translate.memory.schema_sql` creates (migration 0002).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from doingoai.store.models import Article

StrOrPromise = str | Promise

__all__ = [
    "JOB_STATE_CHOICES",
    "KINDS",
    "ORIGINS",
    "SEGMENT_STATES",
    "STATES",
    "JobEvent",
    "Segment",
    "SourceKey",
    "TermConcept",
    "TermEntry",
    "TranslatedVersion",
    "TranslationJob",
]

#: job states, in workflow order ("returned" sends a job back to its translator)
STATES: tuple[str, ...] = (
    "draft",
    "pretranslated",
    "in_translation",
    "in_review",
    "returned",
    "approved",
    "published",
)
#: segment kinds, in article order
KINDS: tuple[str, ...] = ("title", "lead", "paragraph", "caption")
#: where a segment's target came from
ORIGINS: tuple[str, ...] = ("human", "mt", "tm", "tm-fuzzy")
#: new: no target yet; pretranslated: filled by TM or MT, unconfirmed;
#: translated: saved by a person; outdated: its source changed after translation
SEGMENT_STATES: tuple[str, ...] = ("new", "pretranslated", "translated", "outdated")


#: what each state, kind and origin is called in the office (the catalogues translate them)
_LABELS: dict[str, dict[str, StrOrPromise]] = {
    "job": {
        "draft": pgettext_lazy("job state", "draft"),
        "pretranslated": pgettext_lazy("job state", "pretranslated"),
        "in_translation": pgettext_lazy("job state", "in translation"),
        "in_review": pgettext_lazy("job state", "in review"),
        "returned": pgettext_lazy("job state", "returned"),
        "approved": pgettext_lazy("job state", "approved"),
        "published": pgettext_lazy("job state", "published"),
    },
    "kind": {
        "title": pgettext_lazy("segment kind", "title"),
        "lead": pgettext_lazy("segment kind", "lead"),
        "paragraph": pgettext_lazy("segment kind", "paragraph"),
        "caption": pgettext_lazy("segment kind", "caption"),
    },
    "origin": {
        "human": pgettext_lazy("segment origin", "human"),
        "mt": pgettext_lazy("segment origin", "mt"),
        "tm": pgettext_lazy("segment origin", "tm"),
        "tm-fuzzy": pgettext_lazy("segment origin", "tm-fuzzy"),
    },
    "segment": {
        "new": pgettext_lazy("segment state", "new"),
        "pretranslated": pgettext_lazy("segment state", "pretranslated"),
        "translated": pgettext_lazy("segment state", "translated"),
        "outdated": pgettext_lazy("segment state", "outdated"),
    },
    "term": {
        "preferred": pgettext_lazy("term status", "preferred"),
        "admitted": pgettext_lazy("term status", "admitted"),
        "forbidden": pgettext_lazy("term status", "forbidden"),
        "outdated": pgettext_lazy("term status", "outdated"),
    },
}


def _choices(values: tuple[str, ...], group: str = "job") -> list[tuple[str, StrOrPromise]]:
    labels = _LABELS[group]
    return [(v, labels.get(v, v.replace("_", " "))) for v in values]


#: the job states as (value, label) choices, in workflow order
JOB_STATE_CHOICES = _choices(STATES)


class SourceKey(models.Model):
    """The translation key of a source article, shared by all its versions."""

    article = models.OneToOneField(
        Article,
        on_delete=models.CASCADE,
        related_name="translation_source",
        verbose_name=_("article"),
    )
    translation_key = models.UUIDField(
        default=uuid.uuid4, unique=True, editable=False, verbose_name=_("translation key")
    )
    language = models.CharField(max_length=16, default="vi", verbose_name=_("language"))

    class Meta:
        verbose_name = _("source key")
        verbose_name_plural = _("source keys")

    def __str__(self) -> str:
        return f"{self.article_id} ({self.translation_key})"


class TranslatedVersion(models.Model):
    """The article in one target language. Its text is set when its job is
    approved; ``outdated`` when the source changed after that, with the
    positions of the changed segments in ``changed_segments``."""

    source = models.ForeignKey(
        SourceKey, on_delete=models.CASCADE, related_name="versions", verbose_name=_("source")
    )
    translation_key = models.UUIDField(
        db_index=True, editable=False, verbose_name=_("translation key")
    )
    language = models.CharField(max_length=16, verbose_name=_("language"))
    title = models.TextField(blank=True, verbose_name=_("title"))
    lead = models.TextField(blank=True, verbose_name=_("lead"))
    paragraphs = models.JSONField(default=list, blank=True, verbose_name=_("paragraphs"))
    captions = models.JSONField(default=list, blank=True, verbose_name=_("captions"))
    source_hash = models.CharField(
        max_length=64,
        blank=True,
        help_text=_("Hash of the source text the version translates."),
        verbose_name=_("source hash"),
    )
    outdated = models.BooleanField(default=False, verbose_name=_("outdated"))
    changed_segments = models.JSONField(
        default=list, blank=True, verbose_name=_("changed segments")
    )
    approved_at = models.DateTimeField(null=True, blank=True, verbose_name=_("approved at"))
    published_at = models.DateTimeField(null=True, blank=True, verbose_name=_("published at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("translated version")
        verbose_name_plural = _("translated versions")
        constraints = [
            models.UniqueConstraint(fields=["source", "language"], name="translation_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.source.article_id}/{self.language}"


class TranslationJob(models.Model):
    """Translating one article into one language."""

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="translation_jobs",
        verbose_name=_("article"),
    )
    version = models.OneToOneField(
        TranslatedVersion, on_delete=models.CASCADE, related_name="job", verbose_name=_("version")
    )
    source_lang = models.CharField(max_length=16, default="vi", verbose_name=_("source lang"))
    target_lang = models.CharField(max_length=16, verbose_name=_("target lang"))
    state = models.CharField(
        max_length=16, choices=_choices(STATES), default="draft", verbose_name=_("state")
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translation_jobs",
        verbose_name=_("assignee"),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translation_reviews",
        verbose_name=_("reviewer"),
    )
    due_date = models.DateField(null=True, blank=True, verbose_name=_("due date"))
    engine = models.CharField(
        max_length=64, blank=True, help_text=_("MT engine last used."), verbose_name=_("engine")
    )
    mt_failure = models.TextField(
        blank=True,
        help_text=_("Why the last pre-translation got no machine translation."),
        verbose_name=_("mt failure"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("translation job")
        verbose_name_plural = _("translation jobs")
        constraints = [
            models.UniqueConstraint(fields=["article", "target_lang"], name="translation_job_once")
        ]
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"job {self.pk}: article {self.article_id} → {self.target_lang} ({self.state})"

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.pk,
            "article": self.article_id,
            "source_lang": self.source_lang,
            "target_lang": self.target_lang,
            "state": self.state,
            "assignee": self.assignee.get_username() if self.assignee else None,
            "reviewer": self.reviewer.get_username() if self.reviewer else None,
            "due_date": self.due_date.isoformat() if self.due_date else None,
            "engine": self.engine,
            "mt_failure": self.mt_failure,
        }


class Segment(models.Model):
    """One sentence of a job. ``version`` counts saves: a save names the
    version it started from and is refused when another came in between."""

    job = models.ForeignKey(
        TranslationJob, on_delete=models.CASCADE, related_name="segments", verbose_name=_("job")
    )
    position = models.PositiveIntegerField(verbose_name=_("position"))
    kind = models.CharField(max_length=16, choices=_choices(KINDS, "kind"), verbose_name=_("kind"))
    block = models.PositiveIntegerField(
        default=0,
        help_text=_("Which paragraph or caption (0 for the title and lead)."),
        verbose_name=_("block"),
    )
    source = models.TextField(verbose_name=_("source"))
    source_hash = models.CharField(max_length=64, db_index=True, verbose_name=_("source hash"))
    context = models.CharField(max_length=64, blank=True, verbose_name=_("context"))
    target = models.TextField(blank=True, verbose_name=_("target"))
    origin = models.CharField(
        max_length=16, choices=_choices(ORIGINS, "origin"), blank=True, verbose_name=_("origin")
    )
    match_score = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("match score")
    )
    pretranslation = models.TextField(blank=True, verbose_name=_("pretranslation"))
    pretranslation_origin = models.CharField(
        max_length=16,
        choices=_choices(ORIGINS, "origin"),
        blank=True,
        verbose_name=_("pretranslation origin"),
    )
    previous_source = models.TextField(
        blank=True,
        help_text=_("The source before it changed, for an outdated segment."),
        verbose_name=_("previous source"),
    )
    state = models.CharField(
        max_length=16,
        choices=_choices(SEGMENT_STATES, "segment"),
        default="new",
        verbose_name=_("state"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(default=timezone.now, verbose_name=_("updated at"))
    version = models.PositiveIntegerField(default=0, verbose_name=_("version"))

    class Meta:
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
        ordering = ["job", "position"]
        constraints = [
            models.UniqueConstraint(fields=["job", "position"], name="translation_segment_position")
        ]

    def __str__(self) -> str:
        return f"{self.job_id}#{self.position} {self.kind}: {self.source[:40]}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.pk,
            "position": self.position,
            "kind": self.kind,
            "block": self.block,
            "source": self.source,
            "target": self.target,
            "origin": self.origin,
            "match_score": self.match_score,
            "state": self.state,
            "version": self.version,
        }


class JobEvent(models.Model):
    """One step in a job's history: who, when, from which state to which."""

    job = models.ForeignKey(
        TranslationJob, on_delete=models.CASCADE, related_name="events", verbose_name=_("job")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("user"),
    )
    actor = models.CharField(
        max_length=150, blank=True, help_text=_("User name or command."), verbose_name=_("actor")
    )
    at = models.DateTimeField(default=timezone.now, db_index=True, verbose_name=_("at"))
    from_state = models.CharField(max_length=16, blank=True, verbose_name=_("from state"))
    to_state = models.CharField(max_length=16, verbose_name=_("to state"))
    comment = models.TextField(blank=True, verbose_name=_("comment"))
    data = models.JSONField(default=dict, blank=True, verbose_name=_("data"))

    class Meta:
        verbose_name = _("job event")
        verbose_name_plural = _("job events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.from_state or '-'} → {self.to_state}"


class TermConcept(models.Model):
    """A termbase concept (:class:`doingoai.translate.termbase.Concept`)."""

    concept_id = models.CharField(max_length=200, unique=True, verbose_name=_("concept id"))
    subject = models.CharField(max_length=200, blank=True, verbose_name=_("subject"))
    note = models.TextField(blank=True, verbose_name=_("note"))
    generic = models.BooleanField(default=False, verbose_name=_("generic"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("term concept")
        verbose_name_plural = _("term concepts")

    def __str__(self) -> str:
        return self.concept_id


class TermEntry(models.Model):
    """One term of a concept (:class:`doingoai.translate.termbase.Term`)."""

    concept = models.ForeignKey(
        TermConcept, on_delete=models.CASCADE, related_name="terms", verbose_name=_("concept")
    )
    lang = models.CharField(max_length=16, verbose_name=_("lang"))
    text = models.TextField(verbose_name=_("text"))
    status = models.CharField(
        max_length=16,
        choices=_choices(("preferred", "admitted", "forbidden", "outdated"), "term"),
        default="preferred",
        verbose_name=_("status"),
    )
    valid_from = models.DateField(null=True, blank=True, verbose_name=_("valid from"))
    valid_to = models.DateField(null=True, blank=True, verbose_name=_("valid to"))
    note = models.TextField(blank=True, verbose_name=_("note"))
    source = models.TextField(blank=True, verbose_name=_("source"))
    position = models.PositiveIntegerField(default=0, verbose_name=_("position"))

    class Meta:
        verbose_name = _("term entry")
        verbose_name_plural = _("term entries")
        ordering = ["concept", "position", "id"]

    def __str__(self) -> str:
        return f"{self.lang}: {self.text}"
