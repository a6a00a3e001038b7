"""QA errors per 1,000 words before and after review, computed a second way:
jobs taken through the real workflow (submitted with numbers left out,
corrected by the reviewer or sent back, approved), and the figures worked
out by hand from the numbers the test left out."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import User

from doingoai.reports.figures import translation_figures
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
#: the numbers in each English sentence: leaving a sentence's numbers out is
#: that many QA errors (a number of the source missing from the target)
NUMBERS = [2, 1, 1]


def _article(n: int) -> Article:
    text = " ".join(s for s, _ in SENTENCES)
    digest = hashlib.sha256(f"review {n} {text}".encode()).hexdigest()
    raw = RawDocument.objects.create(
        sha256=digest,
        fetched_at=datetime(2015, 1, 1, tzinfo=UTC),
        size=len(text),
        compressed=RawDocument.compress(text.encode()),
    )
    return Article.objects.create(
        raw=raw,
        title=f"Hà Nội đón khách quốc tế, bài {n}",
        paragraphs=[text],
        body=text,
        language="vi",
        fingerprint=digest[:16],
    )


def _without_numbers(text: str) -> str:
    return " ".join(w for w in text.split() if not any(c.isdigit() for c in w))


def _job(n: int, translator: User, left_out: set[int]) -> TranslationJob:
    """A job translated by ``translator`` with the numbers of the sentences
    ``left_out`` missing, in translation."""
    job = services.create_or_refresh_job(_article(n), "en", actor="test").job
    services.assign(job, assignee=translator, actor="test")
    services.start_translation(job, user=translator)
    segments = list(job.segments.order_by("position"))
    services.save_segment(segments[0], f"Hanoi welcomes international visitors, story {n}")
    for i, segment in enumerate(segments[1:]):
        english = SENTENCES[i][1]
        services.save_segment(segment, _without_numbers(english) if i in left_out else english)
    job.refresh_from_db()
    return job


def _fix(job: TranslationJob, user: User) -> None:
    for i, segment in enumerate(job.segments.order_by("position")[1:]):
        if segment.target != SENTENCES[i][1]:
            services.save_segment(segment, SENTENCES[i][1], user=user)
    job.refresh_from_db()


def _words() -> int:
    return count_words("Hà Nội đón khách quốc tế, bài 0") + sum(
        count_words(s) for s, _ in SENTENCES
    )


def test_errors_before_review_are_the_submitted_text_s_and_after_the_approved(
    settings: object,
) -> None:
    lan = User.objects.create_user("lan")
    minh = User.objects.create_user("minh")
    # 1: submitted with the second sentence's number left out; the reviewer
    # corrects it and approves
    first = _job(1, lan, {1})
    services.submit_for_review(first, user=lan, reviewer=minh)
    _fix(first, minh)
    services.approve(first, user=minh)
    # 2: submitted with the first sentence's two numbers left out, sent back,
    # corrected by the translator, submitted again, approved
    second = _job(2, lan, {0})
    services.submit_for_review(second, user=lan, reviewer=minh)
    services.return_to_translator(second, user=minh, comment="numbers")
    services.start_translation(second, user=lan)
    _fix(second, lan)
    services.submit_for_review(second, user=lan, reviewer=minh)
    services.approve(second, user=minh)
    # 3: submitted without an error
    third = _job(3, lan, set())
    services.submit_for_review(third, user=lan, reviewer=minh)
    services.approve(third, user=minh)

    today = datetime.now(UTC).date()
    got = translation_figures(parse_period(str(today.year)), qa=False)
    assert got.jobs == 3 and got.reviewed_jobs == {"en": 3}
    words = 3 * _words()
    assert got.words == {"en": words}
    before = NUMBERS[1] + NUMBERS[0]  # the second submission of job 2 is not "before review"
    assert got.qa_errors_before_review_per_1000_words == {"en": round(before * 1000 / words, 2)}
    # approval refuses a text with a QA error: what was approved had none
    assert got.qa_errors_after_review_per_1000_words == {"en": 0.0}
    # the recorded history says the same
    submitted = JobEvent.objects.filter(job=second, to_state="in_review").order_by("at", "id")
    assert [e.data["qa"] for e in submitted] == [
        {"errors": 2, "segments": 1},
        {"errors": 0, "segments": 0},
    ]


def test_jobs_without_recorded_review_are_left_out_of_before_and_after() -> None:
    """Jobs approved before the snapshots were recorded (or imported with
    their history) have no before-review figure; errors recorded at approval
    count after review."""
    lan = User.objects.create_user("lan")
    recorded = _job(1, lan, set())
    older = _job(2, lan, {0, 2})
    at = datetime(2015, 5, 4, 9, tzinfo=UTC)
    JobEvent.objects.filter(job__in=[recorded, older]).delete()
    history = [
        (recorded, "in_review", {"qa": {"errors": 5, "segments": 3}}),
        (recorded, "in_review", {"qa": {"errors": 1, "segments": 1}}),
        (recorded, "approved", {"tm": 4, "qa": {"errors": 1, "segments": 1}}),
        (older, "in_review", {}),
        (older, "approved", {"tm": 4}),
    ]
    for job, state, data in history:
        JobEvent.objects.create(job=job, at=at, to_state=state, actor="test", data=data)
    TranslationJob.objects.filter(pk__in=[recorded.pk, older.pk]).update(state="approved")

    got = translation_figures(parse_period("2015-05"), qa=True)
    assert got.jobs == 2 and got.reviewed_jobs == {"en": 1}
    words = _words()
    assert got.qa_errors_before_review_per_1000_words == {"en": round(5 * 1000 / words, 2)}
    assert got.qa_errors_after_review_per_1000_words == {"en": round(1 * 1000 / words, 2)}
    # the text approved as it stands now: job 2 lacks three numbers
    assert got.qa_errors_per_1000_words == {
        "en": round((NUMBERS[0] + NUMBERS[2]) * 1000 / (2 * words), 2)
    }
