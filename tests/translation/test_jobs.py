"""The translation workflow on stored articles: jobs, segments, states,
history, QA gating, outdated sources and concurrent edits."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User

from doingoai.errors import InputError, StaleSegment, WorkflowError
from doingoai.store.models import Article
from doingoai.translate.engines import DummyEngine
from doingoai.translation import services
from doingoai.translation.models import JobEvent, Segment, SourceKey, TranslationJob

from .conftest import SEED_ENGLISH

pytestmark = pytest.mark.django_db


def _translate_all(job: TranslationJob, targets: list[str], user: User | None = None) -> None:
    for segment, target in zip(job.segments.order_by("position"), targets, strict=True):
        services.save_segment(segment, target, user)


def test_seed_article_full_workflow(seed_article: Article) -> None:
    translator = User.objects.create(username="lan")
    reviewer = User.objects.create(username="minh")
    refresh = services.create_or_refresh_job(seed_article, "en", actor="test")
    job = refresh.job
    assert refresh.created and job.state == "draft"
    kinds = list(job.segments.values_list("kind", flat=True))
    assert kinds == ["title", "lead", "lead", "paragraph", "paragraph", "paragraph", "caption"]
    assert job.segments.get(position=1).source.startswith("Ngày 2.6, Sở Thông tin")
    assert (
        job.version.translation_key == SourceKey.objects.get(article=seed_article).translation_key
    )

    done = services.pretranslate(job, DummyEngine())
    assert done.filled == {"mt": 7} and done.mt_failure is None
    job.refresh_from_db()
    assert job.state == "pretranslated"
    first = job.segments.get(position=0)
    assert first.target.startswith("[en] ") and first.origin == "mt"

    services.assign(job, assignee=translator, reviewer=reviewer)
    _translate_all(job, SEED_ENGLISH, translator)
    job.refresh_from_db()
    assert job.state == "in_translation"
    assert set(job.segments.values_list("origin", flat=True)) == {"human"}

    services.submit_for_review(job, user=translator)
    services.approve(job, user=reviewer)
    services.publish(job, user=reviewer)
    job.refresh_from_db()
    assert job.state == "published"
    assert job.version.title == SEED_ENGLISH[0]
    assert job.version.lead == f"{SEED_ENGLISH[1]} {SEED_ENGLISH[2]}"
    assert job.version.paragraphs == SEED_ENGLISH[3:6]
    assert job.version.captions == [SEED_ENGLISH[6]]
    assert job.version.published_at is not None and not job.version.outdated

    history = [(e.from_state, e.to_state, e.actor) for e in job.events.all()]
    assert [h[:2] for h in history if h[0] != h[1]] == [
        ("", "draft"),
        ("draft", "pretranslated"),
        ("pretranslated", "in_translation"),
        ("in_translation", "in_review"),
        ("in_review", "approved"),
        ("approved", "published"),
    ]
    assert history[-1][2] == "minh"

    tm = services.translation_memory()
    assert tm.count("vi", "en") == 7
    [match] = tm.lookup(seed_article.title, source_lang="vi", target_lang="en", limit=1)
    assert (match.score, match.target, match.origin) == (100, SEED_ENGLISH[0], "human")
    assert match.author == "lan" and match.article_id == seed_article.pk


def test_one_job_per_article_and_language(make_article: Callable[..., Article]) -> None:
    article = make_article("Hà Nội đón khách.", "Thành phố đón 2.350 khách.")
    first = services.create_or_refresh_job(article, "en")
    again = services.create_or_refresh_job(article, "EN")
    french = services.create_or_refresh_job(article, "fr")
    assert again.job.pk == first.job.pk and not again.created and again.changed == []
    assert french.job.pk != first.job.pk
    assert french.job.version.translation_key == first.job.version.translation_key
    assert TranslationJob.objects.count() == 2


@pytest.mark.parametrize(
    ("lang", "message"),
    [("vi", "already in 'vi'"), ("xx", "not offered"), ("", "not offered")],
)
def test_bad_target_language(make_article: Callable[..., Article], lang: str, message: str) -> None:
    article = make_article("Hà Nội đón khách.")
    with pytest.raises(InputError, match=message):
        services.create_or_refresh_job(article, lang)
    assert not TranslationJob.objects.exists()


def _approved_job(article: Article, targets: list[str]) -> TranslationJob:
    job = services.create_or_refresh_job(article, "en").job
    _translate_all(job, targets)
    services.submit_for_review(job)
    services.approve(job)
    return job


def test_source_change_marks_version_outdated(make_article: Callable[..., Article]) -> None:
    article = make_article(
        "Hà Nội mở phố đi bộ.",
        "Phố đi bộ mở cửa cuối tuần.",
        ["Khách đến rất đông.", "Thành phố đón 2.350 khách.", "Lễ hội kéo dài ba ngày."],
    )
    job = _approved_job(
        article,
        [
            "Hanoi opens a walking street.",
            "The walking street opens at weekends.",
            "Many visitors came.",
            "The city welcomed 2,350 visitors.",
            "The festival lasted three days.",
        ],
    )
    services.publish(job)
    article.paragraphs = [
        "Khách đến rất đông.",
        "Thành phố đón 3.100 khách.",
        "Lễ hội kéo dài ba ngày.",
        "Năm sau lễ hội sẽ kéo dài hơn.",
    ]
    article.save()

    refresh = services.create_or_refresh_job(article, "en")
    job.refresh_from_db()
    assert refresh.outdated and job.version.outdated
    assert (refresh.changed, refresh.added, refresh.removed) == ([3], [5], [])
    assert job.version.changed_segments == [3, 5]
    assert job.state == "in_translation"
    changed = job.segments.get(position=3)
    assert changed.state == "outdated"
    assert changed.previous_source == "Thành phố đón 2.350 khách."
    assert changed.target == "The city welcomed 2,350 visitors."  # kept, to be revised
    assert job.segments.get(position=4).target == "The festival lasted three days."
    assert job.segments.get(position=5).state == "new"
    event = job.events.last()
    assert event is not None and (event.from_state, event.to_state) == (
        "published",
        "in_translation",
    )
    assert event.data["changed"] == [3]

    services.save_segment(changed, "The city welcomed 3,100 visitors.")
    services.save_segment(job.segments.get(position=5), "Next year the festival will last longer.")
    services.submit_for_review(job)
    services.approve(job)
    job.refresh_from_db()
    assert not job.version.outdated and job.version.changed_segments == []
    assert job.version.paragraphs[1] == "The city welcomed 3,100 visitors."


def test_refresh_before_translation_is_not_outdated(make_article: Callable[..., Article]) -> None:
    article = make_article("Hà Nội mở phố đi bộ.", "Phố đi bộ mở cửa cuối tuần.")
    job = services.create_or_refresh_job(article, "en").job
    article.lead = "Phố đi bộ mở cửa cả tuần."
    article.save()
    refresh = services.create_or_refresh_job(article, "en")
    assert refresh.changed == [1] and not refresh.outdated
    assert job.segments.get(position=1).state == "new"


def test_removed_segment_work_kept_in_history(make_article: Callable[..., Article]) -> None:
    article = make_article("Hà Nội mở phố đi bộ.", "Phố đi bộ mở cửa cuối tuần.", ["Khách đông."])
    job = services.create_or_refresh_job(article, "en").job
    services.save_segment(job.segments.get(position=2), "Many visitors.")
    article.paragraphs = []
    article.save()
    refresh = services.create_or_refresh_job(article, "en")
    assert refresh.removed == ["Khách đông."] and job.segments.count() == 2
    event = JobEvent.objects.filter(job=job).last()
    assert event is not None
    assert event.data["removed"] == [{"source": "Khách đông.", "target": "Many visitors."}]


def test_two_people_editing_one_segment(make_article: Callable[..., Article]) -> None:
    article = make_article("Hà Nội mở phố đi bộ.")
    job = services.create_or_refresh_job(article, "en").job
    lan, minh = User.objects.create(username="lan"), User.objects.create(username="minh")
    seen_by_lan = Segment.objects.get(job=job, position=0)
    seen_by_minh = Segment.objects.get(job=job, position=0)

    services.save_segment(seen_by_lan, "Hanoi opens a walking street.", lan)
    with pytest.raises(StaleSegment) as caught:
        services.save_segment(seen_by_minh, "Ha Noi opens a pedestrian street.", minh)
    err = caught.value
    assert err.rejected == "Ha Noi opens a pedestrian street."
    assert err.current == "Hanoi opens a walking street."
    assert "saved by lan" in str(err)
    stored = Segment.objects.get(job=job, position=0)
    assert stored.target == "Hanoi opens a walking street." and stored.version == 1

    # Minh reloads and saves over Lan's text knowingly
    services.save_segment(seen_by_minh, err.rejected, minh, expected_version=err.current_version)
    stored.refresh_from_db()
    assert stored.target == "Ha Noi opens a pedestrian street." and stored.version == 2


@pytest.mark.parametrize(
    ("target", "check"),
    [
        ("The city welcomed 2,530 visitors on June 2.", "numbers"),
        ("The city welcomed 2.350 visitors on June 2.", "numbers"),
        ("The city welcomed 2,350 visitors on February 6.", "dates"),
        ("", "empty"),
    ],
)
def test_qa_error_blocks_approval(
    make_article: Callable[..., Article], target: str, check: str
) -> None:
    article = make_article("Ngày 2.6, thành phố đón 2.350 khách.")
    job = services.create_or_refresh_job(article, "en").job
    segment = job.segments.get()
    services.save_segment(segment, "The city welcomed 2,350 visitors on June 2.")
    services.submit_for_review(job)
    segment.refresh_from_db()
    segment.target = target  # a reviewer's slip, saved behind the submit check
    segment.save()
    with pytest.raises(WorkflowError, match=f"QA found 1 errors: segment 0: {check}"):
        services.approve(job)
    job.refresh_from_db()
    assert job.state == "in_review"
    assert services.translation_memory().count() == 0
    assert job.version.title == ""


@pytest.mark.parametrize(
    ("step", "state", "message"),
    [
        (services.approve, "draft", "only a job in review can be approved"),
        (services.publish, "in_review", "cannot go to published"),
        (services.submit_for_review, "approved", "cannot go to in review"),
        (services.return_to_translator, "in_translation", "cannot go to returned"),
    ],
)
def test_wrong_transitions_refused(
    make_article: Callable[..., Article], step: Callable[..., object], state: str, message: str
) -> None:
    article = make_article("Hà Nội mở phố đi bộ.")
    job = services.create_or_refresh_job(article, "en").job
    services.save_segment(job.segments.get(), "Hanoi opens a walking street.")
    job.state = state
    job.save()
    with pytest.raises(WorkflowError, match=message):
        step(job)
    job.refresh_from_db()
    assert job.state == state


def test_return_to_translator_and_back(make_article: Callable[..., Article]) -> None:
    article = make_article("Hà Nội mở phố đi bộ.")
    job = services.create_or_refresh_job(article, "en").job
    segment = job.segments.get()
    services.save_segment(segment, "Hanoi open walking street.")
    services.submit_for_review(job)
    services.return_to_translator(job, actor="minh", comment="grammar")
    assert job.state == "returned"
    services.save_segment(segment, "Hanoi opens a walking street.")
    job.refresh_from_db()
    assert job.state == "in_translation"
    returned = job.events.get(to_state="returned")
    assert (returned.actor, returned.comment) == ("minh", "grammar")


def test_submit_refused_with_empty_segments(make_article: Callable[..., Article]) -> None:
    article = make_article("Hà Nội mở phố đi bộ.", "Phố đi bộ mở cửa cuối tuần.")
    job = services.create_or_refresh_job(article, "en").job
    services.save_segment(job.segments.get(position=0), "Hanoi opens a walking street.")
    with pytest.raises(WorkflowError, match=r"1 segments have no translation yet \(positions 1\)"):
        services.submit_for_review(job)


def test_approved_job_cannot_be_edited(make_article: Callable[..., Article]) -> None:
    article = make_article("Hà Nội mở phố đi bộ.")
    job = _approved_job(article, ["Hanoi opens a walking street."])
    with pytest.raises(WorkflowError, match="cannot be changed"):
        services.save_segment(job.segments.get(), "Something else.")
    assert job.segments.get().target == "Hanoi opens a walking street."


def test_get_job_names_a_missing_job() -> None:
    with pytest.raises(InputError, match="translation job 999 does not exist"):
        services.get_job(999)


def test_the_translator_cannot_approve_or_review_their_own_job(
    make_article: Callable[..., Article], settings: object
) -> None:
    lan, minh = User.objects.create(username="lan"), User.objects.create(username="minh")
    article = make_article("Hà Nội mở phố đi bộ.")
    job = services.create_or_refresh_job(article, "en").job
    services.assign(job, assignee=lan)
    services.save_segment(job.segments.get(), "Hanoi opens a walking street.", lan)
    with pytest.raises(WorkflowError, match="lan translates it and cannot review it too"):
        services.submit_for_review(job, user=lan, reviewer=lan)
    job.refresh_from_db()
    assert (job.state, job.reviewer_id) == ("in_translation", None)
    services.submit_for_review(job, user=lan)
    with pytest.raises(WorkflowError, match="lan translated it and cannot approve it too"):
        services.approve(job, user=lan)
    job.refresh_from_db()
    assert job.state == "in_review"
    services.approve(job, user=minh)
    assert job.state == "approved"


def test_one_person_may_do_both_when_the_office_allows_it(
    make_article: Callable[..., Article], settings: object
) -> None:
    settings.TRANSLATION_SELF_REVIEW = True  # type: ignore[attr-defined]
    lan = User.objects.create(username="lan")
    job = services.create_or_refresh_job(make_article("Hà Nội mở phố đi bộ."), "en").job
    services.assign(job, assignee=lan)
    services.save_segment(job.segments.get(), "Hanoi opens a walking street.", lan)
    services.submit_for_review(job, user=lan, reviewer=lan)
    services.approve(job, user=lan)
    assert job.state == "approved"
