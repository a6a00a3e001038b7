"""Figures of the office's own staff, per person and target language, over
the translation jobs whose last approval falls in a period (definitions in docs/reports.md,
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

from django.db.models import Min

from doingoai.curation.models import Profile, Unit
from doingoai.curation.roles import ADMINISTRATOR, MANAGER, has_role, roles_of
from doingoai.reports.events import bounds
from doingoai.reports.periods import Period
from doingoai.translation.models import JobEvent

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
    """Per assignee and target language, the jobs whose last approval falls
    in ``period`` (only those assigned to ``people`` when given), sorted by
    person and language, from the measures kept per job. Jobs nobody was
    assigned are left out."""
    from django.contrib.auth import get_user_model

    from doingoai.reports.models import JobFigures
    from doingoai.reports.rollups import catch_up_jobs

    catch_up_jobs()
    start, end = bounds(period)
    rows = JobFigures.objects.filter(approved__gte=start, approved__lt=end, assignee__isnull=False)
    if people is not None:
        rows = rows.filter(assignee__in=people)
    kept = list(
        rows.order_by("job").values_list(
            "job", "assignee", "language", "words", "chrf", "ter", "qa_before", "approved"
        )
    )
    started: dict[int, datetime] = dict(
        JobEvent.objects.filter(job_id__in=rows.values("job"), to_state="in_translation")
        .values("job_id")
        .annotate(first=Min("at"))
        .values_list("job_id", "first")
    )
    user_model = get_user_model()
    names = dict(
        user_model.objects.filter(pk__in={r[1] for r in kept}).values_list(
            "pk", user_model.USERNAME_FIELD
        )
    )
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
    for job, person, lang, words, chrf, ter, before, approved in kept:
        g = groups[(str(names.get(person, person)), lang)]
        g["jobs"] += 1
        g["words"] += words
        if approved is not None and job in started and started[job] <= approved:
            g["hours"].append((approved - started[job]).total_seconds() / 3600)
        if chrf is not None:
            g["chrf"].append((chrf, words))
        if ter is not None:
            g["ter"].append((ter, words))
        if before is not None:
            g["reviewed"] += 1
            g["reviewed_words"] += words
            g["errors"] += before
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
