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

from doingoai.store.models import Article

__all__ = [
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


def _choices(values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(v, v.replace("_", " ")) for v in values]


class SourceKey(models.Model):
    """The translation key of a source article, shared by all its versions."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, related_name="translation_source"
    )
    translation_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    language = models.CharField(max_length=16, default="vi")

    def __str__(self) -> str:
        return f"{self.article_id} ({self.translation_key})"


class TranslatedVersion(models.Model):
    """The article in one target language. Its text is set when its job is
    approved; ``outdated`` when the source changed after that, with the
    positions of the changed segments in ``changed_segments``."""

    source = models.ForeignKey(SourceKey, on_delete=models.CASCADE, related_name="versions")
    translation_key = models.UUIDField(db_index=True, editable=False)
    language = models.CharField(max_length=16)
    title = models.TextField(blank=True)
    lead = models.TextField(blank=True)
    paragraphs = models.JSONField(default=list, blank=True)
    captions = models.JSONField(default=list, blank=True)
    source_hash = models.CharField(
        max_length=64, blank=True, help_text="Hash of the source text the version translates."
    )
    outdated = models.BooleanField(default=False)
    changed_segments = models.JSONField(default=list, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "language"], name="translation_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.source.article_id}/{self.language}"


class TranslationJob(models.Model):
    """Translating one article into one language."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="translation_jobs")
    version = models.OneToOneField(TranslatedVersion, on_delete=models.CASCADE, related_name="job")
    source_lang = models.CharField(max_length=16, default="vi")
    target_lang = models.CharField(max_length=16)
    state = models.CharField(max_length=16, choices=_choices(STATES), default="draft")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translation_jobs",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translation_reviews",
    )
    due_date = models.DateField(null=True, blank=True)
    engine = models.CharField(max_length=64, blank=True, help_text="MT engine last used.")
    mt_failure = models.TextField(
        blank=True, help_text="Why the last pre-translation got no machine translation."
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
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

    job = models.ForeignKey(TranslationJob, on_delete=models.CASCADE, related_name="segments")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=16, choices=_choices(KINDS))
    block = models.PositiveIntegerField(
        default=0, help_text="Which paragraph or caption (0 for the title and lead)."
    )
    source = models.TextField()
    source_hash = models.CharField(max_length=64, db_index=True)
    context = models.CharField(max_length=64, blank=True)
    target = models.TextField(blank=True)
    origin = models.CharField(max_length=16, choices=_choices(ORIGINS), blank=True)
    match_score = models.PositiveSmallIntegerField(null=True, blank=True)
    pretranslation = models.TextField(blank=True)
    pretranslation_origin = models.CharField(max_length=16, choices=_choices(ORIGINS), blank=True)
    previous_source = models.TextField(
        blank=True, help_text="The source before it changed, for an outdated segment."
    )
    state = models.CharField(max_length=16, choices=_choices(SEGMENT_STATES), default="new")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=0)

    class Meta:
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

    job = models.ForeignKey(TranslationJob, on_delete=models.CASCADE, related_name="events")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor = models.CharField(max_length=150, blank=True, help_text="User name or command.")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    from_state = models.CharField(max_length=16, blank=True)
    to_state = models.CharField(max_length=16)
    comment = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.from_state or '-'} → {self.to_state}"


class TermConcept(models.Model):
    """A termbase concept (:class:`doingoai.translate.termbase.Concept`)."""

    concept_id = models.CharField(max_length=200, unique=True)
    subject = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True)
    generic = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.concept_id


class TermEntry(models.Model):
    """One term of a concept (:class:`doingoai.translate.termbase.Term`)."""

    concept = models.ForeignKey(TermConcept, on_delete=models.CASCADE, related_name="terms")
    lang = models.CharField(max_length=16)
    text = models.TextField()
    status = models.CharField(
        max_length=16,
        choices=_choices(("preferred", "admitted", "forbidden", "outdated")),
        default="preferred",
    )
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)
    source = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["concept", "position", "id"]

    def __str__(self) -> str:
        return f"{self.lang}: {self.text}"
