"""Figures of the office's own staff, per person and target language, over
the translation jobs approved in a period (definitions in docs/reports.md,
"Staff figures"). They are about the office's work, never about readers,
and are shown to the managers of the people's team only (see
:func:`team_of`); a translator sees their own.

* words: source words of the jobs the person was assigned, as Vietnamese
  readers count them;
* turnaround: the median hours from the job's first start of translation
  to its approval;
* post-edit distance: chrF and TER of the pre-translations against the
  final text, averaged over the jobs weighted by their words;
* QA errors per 1,000 words before review: the errors of the text the
  person first submitted for review (jobs whose history recorded it).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from django.db.models import Max, Min

from doingoai.curation.models import Profile, Unit
from doingoai.curation.roles import ADMINISTRATOR, MANAGER, has_role, roles_of
from doingoai.reports.events import bounds
from doingoai.reports.periods import Period
from doingoai.translation.models import JobEvent, TranslationJob

__all__ = ["StaffRow", "staff_figures", "team_of"]


@dataclass
class StaffRow:
    """One person's work in one target language over a period."""

    person: str
    language: str
    jobs: int
    words: int
    turnaround_hours: float | None
    chrf: float | None
    ter: float | None
    reviewed_jobs: int
    qa_errors_before_review_per_1000_words: float | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def team_of(user: Any) -> set[int] | None:
    """The ids of the people whose figures ``user`` may read: None for all
    (administrators, and managers who belong to no unit: the office's own
    leadership); for a manager of a unit, the members of that unit, of the
    units under it and of the units merged into them; for anyone else,
    themselves only."""
    held = roles_of(user)
    if ADMINISTRATOR in held:
        return None
    if not has_role(user, MANAGER):
        return {user.pk} if getattr(user, "pk", None) else set()
    unit_id = Profile.objects.filter(user=user).values_list("unit_id", flat=True).first()
    if unit_id is None:
        return None
    units = _units_under(unit_id)
    members = set(Profile.objects.filter(unit_id__in=units).values_list("user_id", flat=True))
    return members | {user.pk}


def _units_under(unit_id: int) -> set[int]:
    rows = list(Unit.objects.values_list("pk", "parent_id", "merged_into_id"))
    found = {unit_id}
    grew = True
    while grew:
        grew = False
        for pk, parent, merged in rows:
            if pk not in found and (parent in found or merged in found):
                found.add(pk)
                grew = True
    return found


def _weighted(values: list[tuple[float, int]]) -> float | None:
    total = sum(w for _, w in values)
    return round(sum(v * w for v, w in values) / total, 2) if total else None


def staff_figures(period: Period, people: set[int] | None = None) -> list[StaffRow]:
    """Per assignee and target language, the jobs approved in ``period``
    (only those assigned to ``people`` when given), sorted by person and
    language. Jobs nobody was assigned are left out."""
    from doingoai.reports.figures import review_snapshots
    from doingoai.translation.measures import job_measures

    start, end = bounds(period)
    approved: dict[int, datetime] = dict(
        JobEvent.objects.filter(to_state="approved", at__gte=start, at__lt=end)
        .values("job_id")
        .annotate(last=Max("at"))
        .values_list("job_id", "last")
    )
    jobs = TranslationJob.objects.filter(pk__in=approved, assignee__isnull=False)
    if people is not None:
        jobs = jobs.filter(assignee_id__in=people)
    chosen = list(jobs.select_related("assignee").order_by("pk"))
    ids = [j.pk for j in chosen]
    started: dict[int, datetime] = dict(
        JobEvent.objects.filter(job_id__in=ids, to_state="in_translation")
        .values("job_id")
        .annotate(first=Min("at"))
        .values_list("job_id", "first")
    )
    snapshots = review_snapshots(ids)
    groups: dict[tuple[str, str], dict[str, Any]] = defaultdict(
        lambda: {
            "jobs": 0,
            "words": 0,
            "hours": [],
            "chrf": [],
            "ter": [],
            "reviewed": 0,
            "reviewed_words": 0,
            "errors": 0,
        }
    )
    for job in chosen:
        assert job.assignee is not None
        m = job_measures(job)
        g = groups[(job.assignee.get_username(), job.target_lang)]
        g["jobs"] += 1
        g["words"] += m.words
        if job.pk in started and started[job.pk] <= approved[job.pk]:
            g["hours"].append((approved[job.pk] - started[job.pk]).total_seconds() / 3600)
        if m.chrf is not None:
            g["chrf"].append((m.chrf, m.words))
        if m.ter is not None:
            g["ter"].append((m.ter, m.words))
        if job.pk in snapshots:
            g["reviewed"] += 1
            g["reviewed_words"] += m.words
            g["errors"] += snapshots[job.pk][0]
    return [
        StaffRow(
            person=person,
            language=lang,
            jobs=g["jobs"],
            words=g["words"],
            turnaround_hours=round(statistics.median(g["hours"]), 2) if g["hours"] else None,
            chrf=_weighted(g["chrf"]),
            ter=_weighted(g["ter"]),
            reviewed_jobs=g["reviewed"],
            qa_errors_before_review_per_1000_words=(
                round(g["errors"] * 1000 / g["reviewed_words"], 2) if g["reviewed_words"] else None
            ),
        )
        for (person, lang), g in sorted(groups.items())
    ]
