"""Correction notices and clarifications: writing, the four-eyes review,
publication, the translations flagged for update, and bad input refused
with a message naming it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from doingoai.curation.models import AuditLog
from doingoai.errors import InputError, WorkflowError
from doingoai.notices import services
from doingoai.notices.models import Clarification, CorrectionNotice
from doingoai.revisions.models import Notification
from doingoai.revisions.services import revisions_of
from doingoai.translation.models import TranslationJob

from .conftest import CLARIFICATION, CORRECTION_TEXTS, World


def _published_correction(world: World) -> CorrectionNotice:
    notice = services.write_correction(world.article, world.editor, texts=CORRECTION_TEXTS)
    services.submit(notice, world.editor)
    return services.approve(notice, world.editor2)  # type: ignore[return-value]


def test_a_correction_needs_a_published_article(world: World) -> None:
    with pytest.raises(InputError, match=f"article {world.unpublished.pk} is not published"):
        services.write_correction(world.unpublished, world.editor, texts=CORRECTION_TEXTS)
    assert not CorrectionNotice.objects.exists()


def test_a_correction_is_written_in_every_language_of_its_article(world: World) -> None:
    notice = services.write_correction(
        world.article, world.editor, texts={"vi": CORRECTION_TEXTS["vi"]}
    )
    with pytest.raises(WorkflowError, match="no text in en"):
        services.submit(notice, world.editor)
    notice.refresh_from_db()
    assert notice.state == "draft"


def test_the_vietnamese_text_is_required(world: World) -> None:
    with pytest.raises(InputError, match="the vi text is required"):
        services.write_correction(world.article, world.editor, texts={"en": CORRECTION_TEXTS["en"]})
    with pytest.raises(InputError, match=r"right \(vi\): this text is required"):
        services.write_correction(
            world.article, world.editor, texts={"vi": {"wrong": "Sai.", "right": " "}}
        )
    with pytest.raises(InputError, match="'xx' is not a language of the portal"):
        services.write_correction(
            world.article, world.editor, texts={**CORRECTION_TEXTS, "xx": {"wrong": "a"}}
        )


def test_the_writer_cannot_publish_their_own_notice(world: World) -> None:
    notice = services.write_correction(world.article, world.editor, texts=CORRECTION_TEXTS)
    services.submit(notice, world.editor)
    with pytest.raises(WorkflowError, match="bien-tap submitted it and cannot publish it too"):
        services.approve(notice, world.editor)
    notice.refresh_from_db()
    assert notice.state == "in_review" and notice.published_at is None


def test_publishing_a_correction_reopens_the_english_job(world: World, settings: Any) -> None:
    settings.NOTIFY_EMAIL = True
    assert world.job.state == "published"
    mail.outbox.clear()
    notice = _published_correction(world)
    assert notice.state == "published" and notice.approved_by == world.editor2
    job = TranslationJob.objects.select_related("version").get(pk=world.job.pk)
    assert job.state == "in_translation"
    assert job.version.outdated
    assert job.version.published_at is not None  # the English page stays up meanwhile
    event = job.events.order_by("-id").first()
    assert event is not None and f"correction notice {notice.pk}" in event.comment
    told = Notification.objects.get(kind="correction-update")
    assert told.recipient == world.translator and told.url == f"/office/jobs/{job.pk}/"
    to_translator = [m for m in mail.outbox if m.to == ["dichgia@example.org"]]
    assert len(to_translator) == 1
    assert "needs an update" in to_translator[0].subject
    actions = list(
        AuditLog.objects.filter(object_type="notices.correctionnotice").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["publish-correction", "submit-correction", "write-correction"]
    assert AuditLog.objects.filter(action="flag-for-update").exists()


def test_only_a_draft_is_edited(world: World) -> None:
    notice = _published_correction(world)
    with pytest.raises(WorkflowError, match="only a draft can be edited"):
        services.write_correction(
            world.article, world.editor, texts=CORRECTION_TEXTS, notice=notice
        )


def test_every_saved_draft_is_a_revision(world: World) -> None:
    notice = services.write_correction(world.article, world.editor, texts=CORRECTION_TEXTS)
    changed = {**CORRECTION_TEXTS, "vi": {"wrong": "Sai số đại biểu.", "right": "250 đại biểu."}}
    services.write_correction(world.article, world.editor2, texts=changed, notice=notice)
    found = revisions_of(notice)
    assert [r.number for r in found] == [2, 1]
    assert found[0].user == world.editor2 and found[0].changed == ["texts"]


def test_returning_a_notice_tells_its_writer(world: World) -> None:
    notice = services.write_correction(world.article, world.editor, texts=CORRECTION_TEXTS)
    services.submit(notice, world.editor)
    reviewers = set(
        Notification.objects.filter(kind="notice-review").values_list(
            "recipient__username", flat=True
        )
    )
    assert reviewers == {"bien-tap-2"}  # the other editor, not the one who submitted it
    services.return_to_writer(notice, world.editor2, "Thiếu nguồn.")
    notice.refresh_from_db()
    assert notice.state == "draft"
    assert Notification.objects.filter(kind="notice-returned", recipient=world.editor).exists()


def test_a_clarification_is_recorded_with_its_sources(world: World) -> None:
    item = services.write_clarification(world.editor, concerns=[world.vi_only], **CLARIFICATION)
    assert item.slug == "ha-noi-khong-cam-xe-may-tu-nam-2025"
    assert item.sources == ["https://hanoi.gov.vn/nghi-quyet-hdnd"]
    assert list(item.concerns.all()) == [world.vi_only]
    services.submit(item, world.editor)
    services.approve(item, world.editor2)
    assert Clarification.objects.get().state == "published"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"claim_url": "javascript:alert(1)"},
            r"claim_url: 'javascript:alert\(1\)' is not a public web address",
        ),
        ({"sources": ["data:text/html,<script>"]}, "sources: .* is not a public web address"),
        ({"sources": []}, "sources: name at least one official document"),
        ({"claim_date": "2999-01-01"}, "claim_date: 2999-01-01 is in the future"),
        ({"claim_date": "2.11.2024"}, "claim_date: '2.11.2024' is not a date"),
        ({"rating": "true-ish"}, "rating: 'true-ish' is not one of"),
        ({"claim_text": ""}, "claim_text: this text is required"),
        ({"claim_outlet": "x" * 300}, "claim_outlet: at most 255 characters"),
    ],
)
def test_a_bad_clarification_is_refused(world: World, change: dict[str, Any], message: str) -> None:
    with pytest.raises(InputError, match=message):
        services.write_clarification(world.editor, **{**CLARIFICATION, **change})
    assert not Clarification.objects.exists()


def test_script_in_a_text_is_kept_as_text(world: World) -> None:
    texts = {"vi": {"wrong": "<script>alert(1)</script> sai\x00", "right": "đúng"}}
    notice = services.write_correction(world.vi_only, world.editor, texts=texts)
    # stored as the words typed (control characters dropped); pages escape it
    assert notice.text("vi")["wrong"] == "<script>alert(1)</script> sai"


def test_withdrawing_takes_a_notice_off(world: World) -> None:
    notice = _published_correction(world)
    services.withdraw(notice, world.editor2, "nhầm bài")
    notice.refresh_from_db()
    assert notice.state == "withdrawn"
    with pytest.raises(WorkflowError, match="it cannot be withdrawn"):
        services.withdraw(notice, world.editor2)
