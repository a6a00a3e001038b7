"""Translation figures computed a second way: jobs whose segments' origins,
targets and event times the test sets itself, and the figures worked out
from those choices by hand."""

from __future__ import annotations

import contextlib
import hashlib
import statistics
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import User

from doingoai.reports.figures import overdue_jobs, translation_figures
from doingoai.reports.periods import parse_period
from doingoai.store.models import Article, RawDocument
from doingoai.text import count_words
from doingoai.translation import services
from doingoai.translation.models import JobEvent, TranslationJob

pytestmark = pytest.mark.django_db

SENTENCES = [
    ("Năm 2015, Hà Nội có 25 đơn vị tham gia.", "In 2015, 25 units in Hanoi took part."),
    ("Thành phố đón 3 đoàn khách quốc tế.", "The city welcomed 3 international delegations."),
    ("Sở Du lịch giới thiệu 12 điểm đến.", "The Department of Tourism presented 12 destinations."),
]
#: per job: (origin, score) of each pre-translation; which segment the
#: translator left with a QA error (a number dropped); hours in translation, in review
JOBS = [
    ([("tm", 100), ("mt", None), ("tm-fuzzy", 88)], {1}, 3, 1),
    ([("mt", None), ("mt", None), ("", None)], set(), 5, 2),
    ([("tm", 100), ("tm", 100), ("tm-fuzzy", 76)], {0, 2}, 8, 4),
]
BAND = {
    ("tm", 100): "exact",
    ("tm-fuzzy", 88): "85-94",
    ("tm-fuzzy", 76): "75-84",
    ("mt", None): "mt",
}


def _article(n: int) -> Article:
    text = " ".join(s for s, _ in SENTENCES)
    digest = hashlib.sha256(f"{n}{text}".encode()).hexdigest()
    raw = RawDocument.objects.create(
        sha256=digest,
        fetched_at=datetime(2015, 1, 1, tzinfo=UTC),
        size=len(text),
        compressed=RawDocument.compress(text.encode()),
    )
    return Article.objects.create(
        raw=raw,
        title=f"Hà Nội đón khách quốc tế số {n}",
        lead="",
        paragraphs=[text],
        body=text,
        language="vi",
        fingerprint=digest[:16],
    )


def _drop_number(text: str) -> str:
    return " ".join(w for w in text.split() if not any(c.isdigit() for c in w))


@pytest.fixture
def jobs() -> list[TranslationJob]:
    translator = User.objects.create_user("dich-gia")
    made = []
    start = datetime(2015, 3, 2, 9, tzinfo=UTC)
    for n, (origins, broken, in_translation, in_review) in enumerate(JOBS):
        job = services.create_or_refresh_job(_article(n), "en", actor="test").job
        job.assignee = translator
        job.save()
        segments = list(job.segments.order_by("position"))
        assert [s.kind for s in segments] == ["title", "paragraph", "paragraph", "paragraph"]
        job.segments.filter(kind="title").update(
            target=f"Hanoi welcomes international visitors no. {n}",
            pretranslation="",
            pretranslation_origin="",
            state="translated",
        )
        for i, (segment, (origin, score)) in enumerate(zip(segments[1:], origins, strict=True)):
            target = SENTENCES[i][1]
            segment.pretranslation = target if origin else ""
            segment.pretranslation_origin = origin
            segment.match_score = score
            segment.target = _drop_number(target) if i in broken else target
            segment.state = "translated"
            segment.save()
        JobEvent.objects.filter(job=job).delete()
        t0 = start + timedelta(days=n)
        t1 = t0 + timedelta(hours=in_translation)
        t2 = t1 + timedelta(hours=in_review)
        for at, state in [(t0, "in_translation"), (t1, "in_review"), (t2, "approved")]:
            JobEvent.objects.create(job=job, at=at, to_state=state, actor="test")
        TranslationJob.objects.filter(pk=job.pk).update(state="approved")
        made.append(job)
    return made


def test_translation_figures_of_the_jobs_approved_in_the_period(jobs: list) -> None:
    got = translation_figures(parse_period("2015-Q1"))
    assert got.jobs == 3
    title_words = [count_words(f"Hà Nội đón khách quốc tế số {n}") for n in range(3)]
    sentence_words = [count_words(s) for s, _ in SENTENCES]
    total = sum(title_words) + 3 * sum(sentence_words)
    assert got.words == {"en": total}
    assert got.words_by_translator == {"dich-gia": {"en": total}}
    band_words: dict[str, int] = {}
    for origins, *_ in JOBS:
        for (origin, score), words in zip(origins, sentence_words, strict=True):
            band = BAND.get((origin, score), "none")
            band_words[band] = band_words.get(band, 0) + words
    band_words["none"] = band_words.get("none", 0) + sum(title_words)
    for band, words in band_words.items():
        assert got.leverage["en"][band] == round(words / total, 4), band
    assert got.mt_share["en"] == round(band_words["mt"] / total, 4)
    # QA: the segments left with a dropped number, out of all segments
    broken = sum(len(b) for _, b, _, _ in JOBS)
    assert got.qa_error_share["en"] == round(100 * broken / 12, 2)
    # each number dropped is one error: the first sentence has two (2015, 25)
    numbers = [2, 1, 1]
    errors = sum(numbers[i] for _, b, _, _ in JOBS for i in b)
    assert got.qa_errors_per_1000_words["en"] == round(errors * 1000 / total, 2)
    assert got.hours_in_state["in_translation"] == statistics.median([3, 5, 8])
    assert got.hours_in_state["in_review"] == statistics.median([1, 2, 4])


def test_jobs_approved_outside_the_period_are_not_counted(jobs: list) -> None:
    assert translation_figures(parse_period("2015-Q2")).jobs == 0


def test_overdue_jobs(jobs: list) -> None:
    late, done = jobs[0], jobs[1]
    TranslationJob.objects.filter(pk=late.pk).update(
        state="in_translation", due_date=datetime(2015, 3, 10).date()
    )
    TranslationJob.objects.filter(pk=done.pk).update(due_date=datetime(2015, 3, 1).date())
    rows = overdue_jobs(parse_period("2015-Q1"))
    assert [(r["job"], r["days_late"]) for r in rows] == [(late.pk, 21)]
    assert overdue_jobs(parse_period("2015-03")) == [{**rows[0], "days_late": 21}]
    assert overdue_jobs(parse_period("2015-02")) == []


def test_a_job_approved_again_counts_in_the_period_of_its_last_approval(jobs: list) -> None:
    from doingoai.reports import rollups

    first = jobs[0]
    # sent back and approved again in May: its work counts once, in May
    for at, state in [
        (datetime(2015, 5, 4, 9, tzinfo=UTC), "in_translation"),
        (datetime(2015, 5, 5, 9, tzinfo=UTC), "approved"),
    ]:
        JobEvent.objects.create(job=first, at=at, to_state=state, actor="test")
    for raw in (False, True):
        with rollups.raw_tables() if raw else contextlib.nullcontext():
            q1 = translation_figures(parse_period("2015-Q1"), qa=False)
            q2 = translation_figures(parse_period("2015-Q2"), qa=False)
            year = translation_figures(parse_period("2015"), qa=False)
        assert (q1.jobs, q2.jobs, year.jobs) == (2, 1, 3), raw
        assert q1.words["en"] + q2.words["en"] == year.words["en"], raw


def test_the_words_follow_the_job_to_its_new_translator(jobs: list) -> None:
    from doingoai.reports import rollups

    before = translation_figures(parse_period("2015-Q1"), qa=False)
    other = User.objects.create_user("nguoi-dich-moi")
    TranslationJob.objects.filter(pk=jobs[1].pk).update(assignee=other)
    after = translation_figures(parse_period("2015-Q1"), qa=False)
    with rollups.raw_tables():
        raw = translation_figures(parse_period("2015-Q1"), qa=False)
    moved = after.words_by_translator["nguoi-dich-moi"]["en"]
    assert moved > 0
    assert after.words_by_translator["dich-gia"]["en"] == (
        before.words_by_translator["dich-gia"]["en"] - moved
    )
    assert after.words_by_translator == raw.words_by_translator
