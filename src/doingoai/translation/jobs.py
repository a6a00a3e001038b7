"""Jobs, segments and the workflow: create or refresh a job from its article,
save a segment without losing anyone's work, and move a job through its states.

States and the steps between them::

    draft ──pretranslate──▶ pretranslated ──(first save / start)──▶ in_translation
    in_translation ──submit──▶ in_review ──approve (no QA error)──▶ approved ──publish──▶ published
    in_review ──return──▶ returned ──(save / start)──▶ in_translation

A source that changes after translation sends an in-review, approved or
published job back to in_translation; its version is marked outdated with the
changed segments listed. Roles are not checked here (the portal adds them).
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_noop

from doingoai.errors import InputError, StaleSegment, WorkflowError
from doingoai.store.models import Article
from doingoai.translate.memory import Entry
from doingoai.translate.qa import Issue, blocks_approval, check_version
from doingoai.translation.models import (
    JobEvent,
    Segment,
    SourceKey,
    TranslatedVersion,
    TranslationJob,
)
from doingoai.translation.segments import (
    SourceSegment,
    article_segments,
    assemble,
    segments_hash,
)
from doingoai.translation.tm import termbase, translation_memory

if TYPE_CHECKING:
    from django.contrib.auth.models import User

__all__ = [
    "DEFAULT_TARGET_LANGUAGES",
    "EDITABLE",
    "TRANSITIONS",
    "JobRefresh",
    "approve",
    "article_date",
    "assign",
    "create_or_refresh_job",
    "get_article",
    "get_job",
    "publish",
    "qa_job",
    "qa_snapshot",
    "record_event",
    "return_to_translator",
    "save_segment",
    "start_translation",
    "submit_for_review",
    "target_languages",
    "transition",
]

#: target languages offered when settings.TRANSLATION_TARGET_LANGUAGES is not set
DEFAULT_TARGET_LANGUAGES: tuple[str, ...] = ("en", "fr", "zh", "ja", "ko", "ru", "de", "es")
#: states in which segments may be saved
EDITABLE = frozenset({"draft", "pretranslated", "in_translation", "returned", "in_review"})
#: allowed (from, to) steps
TRANSITIONS: frozenset[tuple[str, str]] = frozenset(
    {
        ("draft", "pretranslated"),
        ("draft", "in_translation"),
        ("pretranslated", "in_translation"),
        ("returned", "in_translation"),
        ("in_translation", "in_review"),
        ("in_review", "returned"),
        ("in_review", "approved"),
        ("approved", "published"),
        # the source changed after translation
        ("in_review", "in_translation"),
        ("approved", "in_translation"),
        ("published", "in_translation"),
    }
)
_TM_ORIGIN = {"human": "human", "mt": "mt", "tm": "tm", "tm-fuzzy": "tm"}


def target_languages() -> tuple[str, ...]:
    """The languages articles may be translated into (setting
    ``TRANSLATION_TARGET_LANGUAGES`` of the Django settings, else the default)."""
    langs = getattr(settings, "TRANSLATION_TARGET_LANGUAGES", None) or DEFAULT_TARGET_LANGUAGES
    return tuple(str(code).lower() for code in langs)


def article_date(article: Article) -> date | None:
    """The date the article's terms are judged by (its publication day, local time)."""
    if article.published_at is None:
        return None
    return timezone.localtime(article.published_at).date()


def get_article(article_id: int | str) -> Article:
    """The stored article with id ``article_id``, or an :class:`InputError` naming it."""
    try:
        return Article.objects.get(pk=int(article_id))
    except (Article.DoesNotExist, ValueError):
        raise InputError(f"article {article_id} does not exist") from None


def get_job(job_id: int | str) -> TranslationJob:
    """The job with id ``job_id``, or an :class:`InputError` naming it."""
    try:
        return TranslationJob.objects.select_related("article", "version").get(pk=int(job_id))
    except (TranslationJob.DoesNotExist, ValueError):
        raise InputError(f"translation job {job_id} does not exist") from None


def _actor(user: User | None, actor: str) -> str:
    return user.get_username() if user is not None else actor


def record_event(
    job: TranslationJob,
    to_state: str,
    *,
    user: User | None = None,
    actor: str = "",
    comment: str = "",
    data: dict[str, Any] | None = None,
    from_state: str | None = None,
) -> JobEvent:
    """Add a step to the job's history (the job's state is not changed here)."""
    return JobEvent.objects.create(
        job=job,
        user=user,
        actor=_actor(user, actor),
        from_state=job.state if from_state is None else from_state,
        to_state=to_state,
        comment=comment,
        data=data or {},
    )


def transition(
    job: TranslationJob,
    to_state: str,
    *,
    user: User | None = None,
    actor: str = "",
    comment: str = "",
    data: dict[str, Any] | None = None,
) -> TranslationJob:
    """Move ``job`` to ``to_state`` when :data:`TRANSITIONS` allows it, with an event.
    The named steps below (approve, publish…) add their own checks."""
    if (job.state, to_state) not in TRANSITIONS:
        raise WorkflowError(
            gettext_noop("job %(job)s is %(state)s: it cannot go to %(to_state)s"),
            params={
                "job": job.pk,
                "state": job.state.replace("_", " "),
                "to_state": to_state.replace("_", " "),
            },
        )
    record_event(job, to_state, user=user, actor=actor, comment=comment, data=data)
    job.state = to_state
    job.save(update_fields=["state", "updated_at"])
    return job


# --- jobs ----------------------------------------------------------------------


@dataclass
class JobRefresh:
    """What :func:`create_or_refresh_job` did. Positions are the segments'
    new positions; ``removed`` lists the sources of segments that are gone."""

    job: TranslationJob
    created: bool
    changed: list[int] = field(default_factory=list)
    added: list[int] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def outdated(self) -> bool:
        return self.job.version.outdated

    def as_dict(self) -> dict[str, Any]:
        return {
            "job": self.job.pk,
            "created": self.created,
            "changed": self.changed,
            "added": self.added,
            "removed": self.removed,
            "outdated": self.outdated,
        }


def _new_segment(job: TranslationJob, position: int, seg: SourceSegment) -> Segment:
    return Segment(
        job=job,
        position=position,
        kind=seg.kind,
        block=seg.block,
        source=seg.source,
        source_hash=seg.source_hash,
        context=seg.context,
    )


def create_or_refresh_job(
    article: Article, lang: str, *, user: User | None = None, actor: str = ""
) -> JobRefresh:
    """The job translating ``article`` into ``lang``, created with its
    segments, or brought up to date with the article's current text.

    Unchanged segments keep their work. A changed segment keeps its target
    (to be revised), its old source in ``previous_source`` and the state
    "outdated"; new sentences are added empty; the work on removed ones is
    kept in the event's data. When something changes after translation, the
    version is marked outdated with the changed positions, and a job in review,
    approved or published goes back to in_translation."""
    lang = lang.strip().lower()
    source_lang = (article.language or "vi").lower()
    if lang == source_lang:
        raise InputError(f"article {article.pk} is already in {lang!r}")
    if lang not in target_languages():
        raise InputError(
            f"target language {lang!r} is not offered (one of {', '.join(target_languages())})"
        )
    fresh = article_segments(article)
    if not fresh:
        raise InputError(f"article {article.pk} has no text to translate")
    with transaction.atomic():
        key, _ = SourceKey.objects.get_or_create(
            article=article, defaults={"language": source_lang}
        )
        # The key's row is the lock of the article's jobs: two calls at once
        # for a language that has no job yet would otherwise both create one.
        SourceKey.objects.select_for_update().filter(pk=key.pk).first()
        job = (
            TranslationJob.objects.select_for_update()
            .select_related("version")
            .filter(article=article, target_lang=lang)
            .first()
        )
        if job is None:
            version = TranslatedVersion.objects.create(
                source=key,
                translation_key=key.translation_key,
                language=lang,
                source_hash=segments_hash([s.source_hash for s in fresh]),
            )
            job = TranslationJob.objects.create(
                article=article, version=version, source_lang=source_lang, target_lang=lang
            )
            Segment.objects.bulk_create(_new_segment(job, n, s) for n, s in enumerate(fresh))
            record_event(
                job,
                "draft",
                user=user,
                actor=actor,
                from_state="",
                comment=f"created with {len(fresh)} segments",
            )
            return JobRefresh(job, True, added=list(range(len(fresh))))
        return _refresh(job, fresh, user=user, actor=actor)


def _refresh(
    job: TranslationJob, fresh: list[SourceSegment], *, user: User | None, actor: str
) -> JobRefresh:
    old = list(job.segments.order_by("position"))
    old_keys = [(s.kind, s.source_hash) for s in old]
    new_keys = [(s.kind, s.source_hash) for s in fresh]
    result = JobRefresh(job, False)
    if old_keys == new_keys:
        return result
    translated = job.state in {"approved", "published"} or any(s.target.strip() for s in old)
    # move every kept row out of the way of the unique (job, position) pairs
    job.segments.update(position=F("position") + 1_000_000)
    keep: list[tuple[Segment, SourceSegment, bool]] = []
    drop: list[Segment] = []
    additions: list[tuple[int, SourceSegment]] = []
    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            keep.extend(
                (old[i], fresh[j], False)
                for i, j in zip(range(i1, i2), range(j1, j2), strict=False)
            )
            continue
        pairs = min(i2 - i1, j2 - j1) if op == "replace" else 0
        keep.extend((old[i1 + k], fresh[j1 + k], True) for k in range(pairs))
        drop.extend(old[i1 + pairs : i2])
        additions.extend((j, fresh[j]) for j in range(j1 + pairs, j2))
    position = {id(s): n for n, s in enumerate(fresh)}
    for segment, seg, changed in keep:
        segment.position = position[id(seg)]
        segment.block = seg.block
        segment.context = seg.context
        if changed:
            result.changed.append(segment.position)
            segment.previous_source = segment.source
            segment.source = seg.source
            segment.source_hash = seg.source_hash
            segment.kind = seg.kind
            segment.state = "outdated" if segment.target.strip() else "new"
            segment.version += 1
            segment.updated_at = timezone.now()
        segment.save()
    removed = [{"source": s.source, "target": s.target} for s in drop]
    result.removed = [s.source for s in drop]
    Segment.objects.filter(pk__in=[s.pk for s in drop]).delete()
    Segment.objects.bulk_create(_new_segment(job, n, s) for n, s in additions)
    result.added = [n for n, _ in additions]
    version = job.version
    version.source_hash = segments_hash([s.source_hash for s in fresh])
    if translated:
        version.outdated = True
        version.changed_segments = list(
            job.segments.filter(state__in=["new", "outdated"])
            .order_by("position")
            .values_list("position", flat=True)
        )
    version.save()
    data = {"changed": result.changed, "added": result.added, "removed": removed}
    comment = (
        f"source changed: {len(result.changed)} changed, {len(result.added)} new, "
        f"{len(drop)} removed segments"
    )
    if translated and job.state in {"in_review", "approved", "published"}:
        transition(job, "in_translation", user=user, actor=actor, comment=comment, data=data)
    else:
        record_event(job, job.state, user=user, actor=actor, comment=comment, data=data)
    return result


def assign(
    job: TranslationJob,
    *,
    assignee: User | None = None,
    reviewer: User | None = None,
    due_date: date | None = None,
    user: User | None = None,
    actor: str = "",
) -> TranslationJob:
    """Set the job's assignee, reviewer and due date (those given), in its history."""
    said: list[str] = []
    if assignee is not None:
        job.assignee = assignee
        said.append(f"assignee {assignee.get_username()}")
    if reviewer is not None:
        job.reviewer = reviewer
        said.append(f"reviewer {reviewer.get_username()}")
    if due_date is not None:
        job.due_date = due_date
        said.append(f"due {due_date.isoformat()}")
    job.save()
    record_event(job, job.state, user=user, actor=actor, comment=", ".join(said))
    return job


# --- segments ------------------------------------------------------------------


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def save_segment(
    segment: Segment,
    target: str,
    user: User | None = None,
    expected_version: int | None = None,
    *,
    actor: str = "",
) -> Segment:
    """Save a translator's ``target`` for ``segment``; returns the segment as saved.

    ``expected_version`` is the segment's ``version`` when the translator read
    it (``segment.version`` when not given). If someone saved it in between,
    nothing is written — their newer text stays — and :class:`StaleSegment`
    carries the rejected text and the current one, so no work is lost. The first
    save of a pre-translated or returned job starts its translation."""
    expected = segment.version if expected_version is None else expected_version
    text = unicodedata.normalize("NFC", target).strip()
    same_as_machine = bool(segment.pretranslation) and _same_text(text, segment.pretranslation)
    origin = segment.pretranslation_origin if same_as_machine else "human"
    now = timezone.now()
    with transaction.atomic():
        # the job's row is the lock: a save waits for an approval under way
        job = TranslationJob.objects.select_for_update().get(pk=segment.job_id)
        if job.state not in EDITABLE:
            raise WorkflowError(
                gettext_noop("job %(job)s is %(state)s: its segments cannot be changed"),
                params={"job": job.pk, "state": job.state.replace("_", " ")},
            )
        written = Segment.objects.filter(pk=segment.pk, version=expected).update(
            target=text,
            origin=origin,
            state="translated",
            updated_by=user,
            updated_at=now,
            version=F("version") + 1,
        )
        if not written:
            current = Segment.objects.get(pk=segment.pk)
            who = current.updated_by.get_username() if current.updated_by else "someone"
            raise StaleSegment(
                gettext_noop(
                    "segment %(position)s of job %(job)s was saved by %(who)s at %(when)s "
                    "(version %(version)s, you had %(expected)s): your text was not saved; "
                    "it is returned with this error"
                ),
                params={
                    "position": current.position,
                    "job": job.pk,
                    "who": who,
                    "when": f"{timezone.localtime(current.updated_at):%Y-%m-%d %H:%M:%S}",
                    "version": current.version,
                    "expected": expected,
                },
                rejected=text,
                current=current.target,
                current_version=current.version,
            )
        if job.state in {"draft", "pretranslated", "returned"}:
            transition(job, "in_translation", user=user, actor=actor, comment="first save")
    if Segment.job.is_cached(segment):  # keep the caller's job object current
        segment.job.state, segment.job.updated_at = job.state, job.updated_at
    segment.refresh_from_db()
    return segment


# --- transitions ---------------------------------------------------------------


def start_translation(
    job: TranslationJob, *, user: User | None = None, actor: str = "", comment: str = ""
) -> TranslationJob:
    """draft, pretranslated or returned → in_translation."""
    return transition(job, "in_translation", user=user, actor=actor, comment=comment)


def submit_for_review(
    job: TranslationJob,
    *,
    user: User | None = None,
    actor: str = "",
    reviewer: User | None = None,
    comment: str = "",
) -> TranslationJob:
    """in_translation → in_review; refused while a segment has no target."""
    empty = list(
        job.segments.filter(target="").order_by("position").values_list("position", flat=True)
    )
    if empty:
        raise WorkflowError(
            gettext_noop(
                "job %(job)s: %(count)s segments have no translation yet (positions %(positions)s)"
            ),
            params={"job": job.pk, "count": len(empty), "positions": _positions(empty)},
        )
    if reviewer is not None:
        if not self_review_allowed() and reviewer.pk == job.assignee_id:
            raise WorkflowError(
                gettext_noop(
                    "job %(job)s: %(person)s translates it and cannot review it too "
                    "(a second pair of eyes is the point of the review)"
                ),
                params={"job": job.pk, "person": reviewer.get_username()},
            )
        job.reviewer = reviewer
        job.save(update_fields=["reviewer", "updated_at"])
    return transition(
        job, "in_review", user=user, actor=actor, comment=comment, data={"qa": qa_snapshot(job)}
    )


def qa_snapshot(job: TranslationJob, issues: list[Issue] | None = None) -> dict[str, int]:
    """The QA errors of the job's text as it stands (kept with a submission for
    review and with an approval, so reports compare before and after review):
    how many errors, and in how many segments."""
    found = [i for i in (qa_job(job) if issues is None else issues) if i.severity == "error"]
    return {"errors": len(found), "segments": len({i.segment for i in found})}


def self_review_allowed() -> bool:
    """Whether one person may both translate and review (approve) a job: the
    ``TRANSLATION_SELF_REVIEW`` setting, off by default, for an office with a
    single speaker of a language."""
    return bool(getattr(settings, "TRANSLATION_SELF_REVIEW", False))


def return_to_translator(
    job: TranslationJob, *, user: User | None = None, actor: str = "", comment: str = ""
) -> TranslationJob:
    """in_review → returned, with the reviewer's comment."""
    return transition(job, "returned", user=user, actor=actor, comment=comment)


def _positions(values: Sequence[int], limit: int = 10) -> str:
    shown = ", ".join(str(v) for v in values[:limit])
    return shown + (", …" if len(values) > limit else "")


def qa_job(job: TranslationJob) -> list[Issue]:
    """Every QA issue of the job's segments (``Issue.segment`` is the position),
    judged by the article's date and the stored termbase."""
    rows = list(job.segments.order_by("position").values_list("source", "target"))
    return check_version(
        rows,
        source_lang=job.source_lang,
        target_lang=job.target_lang,
        on=article_date(job.article),
        termbase=termbase(),
    )


def approve(
    job: TranslationJob, *, user: User | None = None, actor: str = "", comment: str = ""
) -> TranslationJob:
    """in_review → approved, when no segment is empty or outdated and QA finds
    no error. Every segment enters the translation memory (origin, article,
    date, author) and the version gets the translated text; all in one transaction."""
    if job.state != "in_review":
        raise WorkflowError(
            gettext_noop("job %(job)s is %(state)s: only a job in review can be approved"),
            params={"job": job.pk, "state": job.state.replace("_", " ")},
        )
    if user is not None and user.pk == job.assignee_id and not self_review_allowed():
        raise WorkflowError(
            gettext_noop(
                "job %(job)s: %(person)s translated it and cannot approve it too "
                "(a second pair of eyes is the point of the review)"
            ),
            params={"job": job.pk, "person": user.get_username()},
        )
    open_rows = list(
        job.segments.filter(state__in=["new", "outdated"])
        .order_by("position")
        .values_list("position", flat=True)
    )
    if open_rows:
        raise WorkflowError(
            gettext_noop(
                "job %(job)s cannot be approved: segments %(positions)s are "
                "untranslated or their source changed"
            ),
            params={"job": job.pk, "positions": _positions(open_rows)},
        )
    errors = [i for i in qa_job(job) if i.severity == "error"]
    if blocks_approval(errors):
        listed = "; ".join(f"segment {i.segment}: {i.check}: {i.message}" for i in errors[:5])
        more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
        raise WorkflowError(
            gettext_noop("job %(job)s cannot be approved: QA found %(count)s errors: %(listed)s"),
            params={"job": job.pk, "count": len(errors), "listed": f"{listed}{more}"},
        )
    now = timezone.now()
    author = _actor(user, actor)
    with transaction.atomic():
        locked = TranslationJob.objects.select_for_update().get(pk=job.pk)
        if locked.state != "in_review":
            raise WorkflowError(
                gettext_noop("job %(job)s changed while it was being checked: try again"),
                params={"job": job.pk},
            )
        segments = list(job.segments.select_related("updated_by").order_by("position"))
        entries = [
            Entry(
                source=s.source,
                target=s.target,
                source_lang=job.source_lang,
                target_lang=job.target_lang,
                origin=_TM_ORIGIN.get(s.origin or "human", "human"),  # type: ignore[arg-type]
                context=s.context,
                article_id=job.article_id,
                created_at=now,
                author=s.updated_by.get_username() if s.updated_by else author,
                note=f"job {job.pk}",
            )
            for s in segments
        ]
        translation_memory().add(entries)
        version = job.version
        text = assemble([(s.kind, s.block, s.target) for s in segments])
        version.title, version.lead = text["title"], text["lead"]
        version.paragraphs, version.captions = text["paragraphs"], text["captions"]
        version.outdated = False
        version.changed_segments = []
        version.approved_at = now
        version.save()
        transition(
            job,
            "approved",
            user=user,
            actor=actor,
            comment=comment,
            data={"tm": len(entries), "qa": qa_snapshot(job, errors)},
        )
    return job


def publish(
    job: TranslationJob, *, user: User | None = None, actor: str = "", comment: str = ""
) -> TranslationJob:
    """approved → published; the version gets its publication time."""
    with transaction.atomic():
        transition(job, "published", user=user, actor=actor, comment=comment)
        job.version.published_at = timezone.now()
        job.version.save(update_fields=["published_at", "updated_at"])
    return job
