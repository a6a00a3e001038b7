"""XLIFF exchange of a job with CAT tools: a job becomes an
:class:`~doingoai.translate.xliff.XliffJob` (memory matches as alternatives,
termbase hits, notes) and a file comes back all or nothing.

Segment ids in the file are the segments' database ids, so a file still fits
its job after the source was refreshed, as long as its segments are the same.
An export is recorded in the job's history with the version of every segment;
an import refuses, whole, a file that would overwrite a segment saved in the
database after that export. A file for another job or document, in another
language pair, with another number of segments, unknown or missing ids or
changed source texts is refused with every reason listed
(:class:`~doingoai.errors.XliffMismatch`); nothing is imported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext_noop, ngettext

from doingoai.errors import InputError, WorkflowError
from doingoai.translation.jobs import (
    EDITABLE,
    article_date,
    get_job,
    record_event,
    save_segment,
)
from doingoai.translation.models import JobEvent, Segment, TranslationJob
from doingoai.translation.tm import termbase, translation_memory

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from doingoai.translate.xliff import XliffJob, XliffUnit

__all__ = [
    "SKIP_REASONS",
    "TARGET_MODES",
    "XliffImport",
    "export_job_xliff",
    "import_job_xliff",
    "job_to_xliff",
]

_UNIT_STATE = {"new": "new", "pretranslated": "new", "outdated": "new", "translated": "translated"}
_FINAL_JOB = {"approved": "final", "published": "final"}

#: What an exported ``<target>`` holds, for the CAT tool that reads it
#: (docs/xliff.md): ``pretranslation``, the segment as stored (the machine's or
#: memory's proposal where nobody translated yet); ``empty``, no target where
#: nobody translated yet, the proposal only among the suggestions (``<alt-trans>``
#: in 1.2, ``<mtc:match>`` in 2.0); ``source``, a copy of the source in every
#: target and every stored text among the suggestions (OmegaT translates the
#: text of ``<target>``).
TARGET_MODES = ("pretranslation", "empty", "source")


#: Why a unit of an imported file was not taken, in the order they are checked.
SKIP_REASONS: dict[str, str] = {
    "empty": gettext_noop("no target"),
    "untranslated": gettext_noop(
        "marked untranslated by the tool and still holding the pre-translation"
    ),
    "copy-of-source": gettext_noop("the target is a copy of the source"),
}


@dataclass
class XliffImport:
    """What :func:`import_job_xliff` did: segments updated, those whose target
    in the file was the same as stored (``unchanged``), and those skipped, by
    reason (:data:`SKIP_REASONS`): untranslated units stay untranslated."""

    job: TranslationJob
    path: str
    updated: int
    unchanged: int
    skipped: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "job": self.job.pk,
            "path": self.path,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": dict(self.skipped),
        }


def _copies_source(target: str, source: str) -> bool:
    """A target that repeats its source word for word, when the source has
    words to translate (a source of figures or signs alone may stay as it is)."""
    return target == source.strip() and any(ch.isalpha() for ch in source)


def _original(job: TranslationJob) -> str:
    return f"article:{job.article_id}"


def _notes(segment: Segment) -> list[str]:
    notes = [f"{segment.kind} {segment.block + 1}, segment {segment.position}"]
    if segment.pretranslation_origin:
        score = f" ({segment.match_score})" if segment.match_score is not None else ""
        notes.append(f"pre-translated from {segment.pretranslation_origin}{score}")
    if segment.state == "outdated":
        notes.append(f"the source changed; it was: {segment.previous_source}")
    return notes


def _suggest(unit: XliffUnit, segment: Segment, untranslated: bool) -> None:
    """Move the stored target of ``segment`` among ``unit``'s suggestions: the
    proposal it came from when nobody translated it, else the job's own
    translation (same source: scored 100)."""
    from doingoai.translate.xliff import Alternative

    text = segment.target
    if not text or any(a.target == text for a in unit.alternatives):
        return
    if untranslated:
        origin = segment.pretranslation_origin or "other"
        score = float(segment.match_score or 0) if origin != "mt" else 0.0
    else:
        origin, score = "other", 100.0
    unit.alternatives.insert(0, Alternative(segment.source, text, score, origin))


def job_to_xliff(
    job: TranslationJob, *, matches: bool = True, targets: str = "pretranslation"
) -> XliffJob:
    """The job as an XliffJob; with ``matches``, each unit carries the memory's
    matches (score ≥ 75, best three) and the machine translation as
    alternatives, and the termbase hits of its source. ``targets`` is one of
    :data:`TARGET_MODES`."""
    from doingoai.translate.xliff import Alternative, TermNote, XliffJob, XliffUnit

    if targets not in TARGET_MODES:
        raise InputError(f"targets {targets!r} is not one of {', '.join(TARGET_MODES)}")

    memory = translation_memory() if matches else None
    terms = termbase() if matches else None
    on = article_date(job.article)
    final = _FINAL_JOB.get(job.state)
    units: list[XliffUnit] = []
    for segment in job.segments.order_by("position"):
        unit = XliffUnit(
            id=str(segment.pk),
            source=segment.source,
            target=segment.target,
            state=final or _UNIT_STATE.get(segment.state, "new"),
            notes=_notes(segment),
            context=segment.context or None,
            kind=segment.kind,
        )
        if memory is not None:
            for match in memory.lookup(
                segment.source,
                source_lang=job.source_lang,
                target_lang=job.target_lang,
                limit=3,
                context=segment.context,
            ):
                unit.alternatives.append(
                    Alternative(match.source, match.target, float(match.score), "tm")
                )
            if segment.pretranslation_origin == "mt" and segment.pretranslation:
                unit.alternatives.append(
                    Alternative(segment.source, segment.pretranslation, 0.0, "mt")
                )
        if terms is not None:
            for hit in terms.find(segment.source, on=on, target_lang=job.target_lang):
                if hit.targets:
                    best = hit.targets[0]
                    unit.terms.append(TermNote(hit.text, best.text, best.status))
        untranslated = unit.state == "new"
        if targets == "source":
            _suggest(unit, segment, untranslated)
            unit.target = segment.source
        elif targets == "empty" and untranslated:
            _suggest(unit, segment, untranslated)
            unit.target = ""
        units.append(unit)
    return XliffJob(str(job.pk), job.source_lang, job.target_lang, _original(job), units)


def export_job_xliff(
    job: TranslationJob,
    path: str | Path,
    version: str = "1.2",
    *,
    user: User | None = None,
    actor: str = "",
    targets: str = "pretranslation",
) -> Path:
    """Write the job as XLIFF ``version`` ("1.2" or "2.0") to ``path`` and
    record the export (with every segment's version) in the job's history.
    ``targets`` (:data:`TARGET_MODES`) says what the targets hold."""
    from doingoai.translate.xliff import VERSIONS, write_xliff

    if version not in VERSIONS:
        raise InputError(f"XLIFF version {version!r} is not one of {', '.join(VERSIONS)}")
    xliff = job_to_xliff(job, targets=targets)
    written = write_xliff(xliff, path, version)
    snapshot = dict(job.segments.values_list("pk", "version"))
    record_event(
        job,
        job.state,
        user=user,
        actor=actor,
        comment=f"exported as XLIFF {version} ({len(xliff.units)} segments)",
        data={"xliff_export": {str(pk): v for pk, v in snapshot.items()}},
    )
    return written


def _last_export(job: TranslationJob) -> dict[str, int]:
    for data in job.events.order_by("-at", "-id").values_list("data", flat=True):
        if isinstance(data, dict) and "xliff_export" in data:
            return {str(k): int(v) for k, v in data["xliff_export"].items()}
    return {}


def import_job_xliff(
    path: str | Path,
    *,
    job: TranslationJob | None = None,
    user: User | None = None,
    actor: str = "",
) -> XliffImport:
    """Take the targets of an XLIFF file back into its job (the one the file
    names, or ``job``), all or nothing. Empty targets in the file are skipped;
    see the module docstring for what is refused."""
    from doingoai.translate.xliff import import_xliff

    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise InputError(f"cannot read the XLIFF file: {err.strerror or err}", source=name) from err
    if job is None:
        named = import_xliff(data, source=name).job_id
        if not named:
            raise InputError("the file names no job: give the job it belongs to", source=name)
        try:
            job = get_job(named)
        except InputError:
            raise InputError(
                f"the file is for job {named!r}, which does not exist", source=name
            ) from None
    found = import_xliff(data, expected=job_to_xliff(job, matches=False), source=name)
    if job.state not in EDITABLE:
        raise WorkflowError(
            f"{name}: job {job.pk} is {job.state.replace('_', ' ')}: nothing imported"
        )
    from doingoai.translate.xliff._model import comparable

    exported = _last_export(job)
    segments = {str(s.pk): s for s in job.segments.all()}
    changes: list[tuple[Segment, str]] = []
    conflicts: list[int] = []
    skipped: dict[str, int] = {}
    unchanged = 0
    for unit in found.units:
        segment = segments[unit.id]
        text = comparable(unit.target).strip()
        reason = None
        if not text:
            reason = "empty"
        elif text == segment.target:
            unchanged += 1
            continue
        elif unit.state == "new" and text == comparable(segment.pretranslation or "").strip():
            # the tool says untranslated and the text is what the machine
            # proposed: nobody took it. (A new text under a state the tool
            # left as it was is a translator's work and is taken.)
            reason = "untranslated"
        elif _copies_source(text, comparable(segment.source)):
            reason = "copy-of-source"
        if reason is not None:
            skipped[reason] = skipped.get(reason, 0) + 1
            continue
        seen = exported.get(unit.id)
        if seen is not None and segment.version != seen and segment.target:
            conflicts.append(segment.position)
        changes.append((segment, text))
    if conflicts:
        listed = ", ".join(str(p) for p in sorted(conflicts)[:10])
        raise WorkflowError(
            f"{name}: segments {listed} of job {job.pk} were saved after this file was "
            "exported; nothing imported (export the job again, or save them by hand)"
        )
    with transaction.atomic():
        for segment, text in changes:
            save_segment(segment, text, user, segment.version, actor=actor)
        job.refresh_from_db()
        JobEvent.objects.create(
            job=job,
            user=user,
            actor=user.get_username() if user else actor,
            from_state=job.state,
            to_state=job.state,
            comment=ngettext(
                "imported XLIFF %(file)s: %(count)d segment updated",
                "imported XLIFF %(file)s: %(count)d segments updated",
                len(changes),
            )
            % {"file": Path(path).name, "count": len(changes)},
        )
    return XliffImport(job, name, len(changes), unchanged, skipped)
