"""Versions of articles, translations and notices: recorded on each change,
compared side by side, reverted at once when unpublished and through a
second person's approval when published, all in the audit log."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from doingoai.curation import services as curation
from doingoai.curation.models import AuditLog
from doingoai.errors import InputError, WorkflowError
from doingoai.notices import services as notices
from doingoai.revisions import services
from doingoai.revisions.models import Notification, RevertRequest
from doingoai.store.models import Article
from tests.notices.conftest import CORRECTION_TEXTS, World


def test_a_corrected_article_keeps_its_versions(world: World) -> None:
    original = world.unpublished.title
    curation.correct_article(world.unpublished, world.editor, title="Bài đã sửa tiêu đề")
    curation.correct_article(world.unpublished, world.editor2, lead="Phần mở đầu mới.")
    found = services.revisions_of(world.unpublished)
    assert [r.number for r in found] == [3, 2, 1]
    assert found[2].note == "as extracted" and found[2].data["title"] == original
    assert found[1].user == world.editor and found[1].changed == ["title"]
    assert found[0].user == world.editor2 and found[0].changed == ["lead"]
    [title] = [d for d in services.diff(found[2].data, found[1].data) if d.changed]
    assert title.name == "title"
    assert [(r.left, r.right, r.tag) for r in title.rows] == [
        (original, "Bài đã sửa tiêu đề", "replace")
    ]


def test_nothing_changed_records_nothing(world: World) -> None:
    first = services.record_revision(world.unpublished, world.editor)
    assert first is not None and first.number == 1
    assert services.record_revision(world.unpublished, world.editor) is None


def test_the_generic_api_takes_given_data(world: World) -> None:
    found = services.record_revision(world.vi_only, world.editor, {"title": "Trang", "body": ["a"]})
    assert found is not None and found.data == {"title": "Trang", "body": ["a"]}
    with pytest.raises(InputError, match="must be a mapping"):
        services.record_revision(world.vi_only, world.editor, ["not", "a", "mapping"])  # type: ignore[arg-type]


def test_an_unpublished_article_is_reverted_at_once(world: World) -> None:
    article = world.unpublished
    original = article.title
    curation.correct_article(article, world.editor, title="Tiêu đề sai")
    first = services.revisions_of(article)[-1]
    done = services.request_revert(article, first, world.editor)
    article.refresh_from_db()
    assert article.title == original
    assert done is not None and not isinstance(done, RevertRequest)
    assert done.note == "revert to version 1"
    assert AuditLog.objects.filter(action="revert", object_id=str(article.pk)).exists()


def test_a_published_article_is_reverted_through_review(world: World) -> None:
    article = world.article
    original = article.title
    curation.correct_article(article, world.editor, title="Tiêu đề sai lệch")
    first = services.revisions_of(article)[-1]
    request = services.request_revert(article, first, world.editor, "sửa nhầm")
    assert isinstance(request, RevertRequest) and request.state == "pending"
    article.refresh_from_db()
    assert article.title == "Tiêu đề sai lệch"  # nothing applied yet
    told = Notification.objects.filter(kind="revert-review")
    assert {n.recipient.username for n in told} == {"bien-tap-2"}
    with pytest.raises(WorkflowError, match="already has a revert waiting"):
        services.request_revert(article, first, world.editor2)
    with pytest.raises(WorkflowError, match="bien-tap asked for this revert and cannot approve"):
        services.approve_revert(request, world.editor)
    services.approve_revert(request, world.editor2)
    article.refresh_from_db()
    assert article.title == original
    request.refresh_from_db()
    assert request.state == "applied" and request.decided_by == world.editor2
    actions = set(
        AuditLog.objects.filter(object_type="store.article", object_id=str(article.pk)).values_list(
            "action", flat=True
        )
    )
    assert {"request-revert", "approve-revert", "correct-article"} <= actions
    assert Notification.objects.filter(kind="revert-applied", recipient=world.editor).exists()
    with pytest.raises(WorkflowError, match="was decided already"):
        services.approve_revert(request, world.editor2)


def test_a_refused_revert_changes_nothing(world: World) -> None:
    notice = notices.write_correction(world.article, world.editor, texts=CORRECTION_TEXTS)
    changed = {**CORRECTION_TEXTS, "en": {"wrong": "Wrong.", "right": "Right."}}
    notices.write_correction(world.article, world.editor, texts=changed, notice=notice)
    notices.submit(notice, world.editor)
    notices.approve(notice, world.editor2)
    first = services.revisions_of(notice)[-1]
    request = services.request_revert(notice, first, world.editor)
    assert isinstance(request, RevertRequest)
    services.refuse_revert(request, world.editor2, "giữ nguyên")
    notice.refresh_from_db()
    assert notice.text("en") == {"wrong": "Wrong.", "right": "Right."}
    assert Notification.objects.filter(kind="revert-refused", recipient=world.editor).exists()


def test_a_published_notice_is_reverted_after_approval(world: World) -> None:
    notice = notices.write_correction(world.article, world.editor, texts=CORRECTION_TEXTS)
    changed = {**CORRECTION_TEXTS, "en": {"wrong": "Wrong.", "right": "Right."}}
    notices.write_correction(world.article, world.editor, texts=changed, notice=notice)
    notices.submit(notice, world.editor)
    notices.approve(notice, world.editor2)
    first = services.revisions_of(notice)[-1]
    request = services.request_revert(notice, first, world.editor2)
    assert isinstance(request, RevertRequest)
    services.approve_revert(request, world.editor)
    notice.refresh_from_db()
    assert notice.text("en") == CORRECTION_TEXTS["en"]
    assert services.revisions_of(notice)[0].note == "revert to version 1"


def test_an_approved_translation_is_a_version(world: World) -> None:
    found = services.revisions_of(world.job.version)
    assert len(found) == 1
    assert found[0].data["title"] == "Hanoi external information in 2015"


def test_a_version_of_another_item_is_refused(world: World) -> None:
    curation.correct_article(world.unpublished, world.editor, title="Khác")
    other = services.revisions_of(world.unpublished)[-1]
    with pytest.raises(InputError, match=r"is not a version of store\.article"):
        services.request_revert(world.vi_only, other, world.editor)


def test_an_unregistered_model_has_no_versions(world: World) -> None:
    with pytest.raises(InputError, match=r"auth\.user has no versions"):
        services.kind_of(User.objects.first())  # type: ignore[arg-type]
    assert Article.objects.count() == 3


def test_a_notices_texts_side_by_side(world: World) -> None:
    notice = notices.write_correction(world.article, world.editor, texts=CORRECTION_TEXTS)
    changed = {**CORRECTION_TEXTS, "en": {**CORRECTION_TEXTS["en"], "right": "There were 250."}}
    notices.write_correction(world.article, world.editor, texts=changed, notice=notice)
    new, old = services.revisions_of(notice)
    [texts] = [d for d in services.diff(old.data, new.data) if d.changed]
    assert [(r.left, r.right) for r in texts.rows if r.tag != "equal"] == [
        ("en · right: The conference had 250 delegates.", "en · right: There were 250.")
    ]


def test_what_the_review_changed_is_a_difference(world: World) -> None:
    from doingoai.translation import services as translation

    job = world.job
    world.article.title = "Thông tin đối ngoại Hà Nội năm 2016"
    world.article.save()
    translation.create_or_refresh_job(world.article, "en", user=world.editor)
    job.refresh_from_db()
    segment = job.segments.get(kind="title")
    translation.save_segment(segment, "Hanoi external information 2016", user=world.translator)
    job.refresh_from_db()
    translation.submit_for_review(job, user=world.translator)
    segment.refresh_from_db()
    translation.save_segment(segment, "Hanoi's external information in 2016", user=world.reviewer)
    job.refresh_from_db()
    translation.approve(job, user=world.reviewer)
    approved, submitted = services.revisions_of(job.version)[:2]
    assert submitted.note == "submitted for review" and submitted.user == world.translator
    assert approved.user == world.reviewer and approved.changed == ["title"]
    [title] = [d for d in services.diff(submitted.data, approved.data) if d.changed]
    assert [(r.left, r.right) for r in title.rows] == [
        ("Hanoi external information 2016", "Hanoi's external information in 2016")
    ]
