"""Notifications when a job or an item needs someone: in the office and by
e-mail (Django's locmem backend in tests), only to people with an address,
and none when mail is off; comments between editors."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from doingoai.errors import InputError
from doingoai.revisions import notify
from doingoai.revisions.models import Comment, Notification
from doingoai.translation import services as translation
from doingoai.translation.models import TranslationJob
from tests.notices.conftest import World


def _reopen(world: World) -> TranslationJob:
    """The seed's job, back in translation with its segments to translate again."""
    job = world.job
    world.article.title = "Thông tin đối ngoại Hà Nội năm 2016"
    world.article.save()
    translation.create_or_refresh_job(world.article, "en", user=world.editor)
    job.refresh_from_db()
    return job


def test_the_steps_of_a_job_tell_the_people_they_need(world: World, settings: Any) -> None:
    settings.NOTIFY_EMAIL = True
    Notification.objects.all().delete()
    mail.outbox.clear()
    job = _reopen(world)
    translation.assign(job, assignee=world.translator, reviewer=world.reviewer, user=world.editor)
    assigned = Notification.objects.filter(kind="job-assigned")
    assert {n.recipient.username for n in assigned} == {"dich-gia", "hieu-dinh"}
    segment = job.segments.get(state__in=["new", "outdated"])
    translation.save_segment(segment, "Hanoi external information in 2016", user=world.translator)
    job.refresh_from_db()
    translation.submit_for_review(job, user=world.translator)
    [review] = Notification.objects.filter(kind="job-review")
    assert review.recipient == world.reviewer
    assert review.url == f"/office/jobs/{job.pk}/"
    translation.return_to_translator(job, user=world.reviewer, comment="xem lại")
    assert Notification.objects.get(kind="job-returned").recipient == world.translator
    translation.start_translation(job, user=world.translator)
    translation.submit_for_review(job, user=world.translator)
    translation.approve(job, user=world.reviewer)
    assert Notification.objects.get(kind="job-approved").recipient == world.translator
    addressed = sorted(m.to[0] for m in mail.outbox)
    assert addressed == [
        "dichgia@example.org",  # assigned
        "dichgia@example.org",  # returned
        "dichgia@example.org",  # approved
        "hieudinh@example.org",  # assigned
        "hieudinh@example.org",  # submitted for review
        "hieudinh@example.org",  # submitted again
    ]
    subject = next(m.subject for m in mail.outbox if "returned" in m.subject)
    assert subject == (
        f"Translation job {job.pk} into en was returned to you: Thông tin đối ngoại Hà Nội năm 2016"
    )
    assert f"/office/jobs/{job.pk}/" in mail.outbox[0].body


def test_no_mail_without_an_address_or_with_mail_off(world: World, settings: Any) -> None:
    settings.NOTIFY_EMAIL = True
    mail.outbox.clear()
    made = notify.notify([world.editor2], "notice-review", params={"title": "x"})
    assert len(made) == 1 and not made[0].emailed and mail.outbox == []
    settings.NOTIFY_EMAIL = False
    notify.notify([world.editor], "notice-review", params={"title": "x"})
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=world.editor, kind="notice-review").exists()


def test_the_mail_in_the_readers_language(world: World, settings: Any) -> None:
    settings.NOTIFY_EMAIL = True
    world.editor.profile.language = "vi"
    world.editor.profile.save()
    mail.outbox.clear()
    notify.notify([world.editor], "notice-review", params={"title": "Đính chính số liệu"})
    assert mail.outbox[0].subject == "Một thông báo đang chờ bạn duyệt: Đính chính số liệu"


def test_a_refusing_mail_server_keeps_the_notification(world: World, settings: Any) -> None:
    settings.NOTIFY_EMAIL = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    [note] = notify.notify([world.editor], "notice-review", params={"title": "x"})
    note.refresh_from_db()
    assert not note.emailed and note.email_error
    assert notify.unread_count(world.editor) >= 1


def test_mark_read(world: World) -> None:
    notify.notify([world.editor2], "notice-review", params={"title": "a"})
    notify.notify([world.editor2], "notice-review", params={"title": "b"})
    before = notify.unread_count(world.editor2)
    assert before >= 2
    first = Notification.objects.filter(recipient=world.editor2).first()
    assert first is not None
    assert notify.mark_read(world.editor2, [first.pk]) == 1
    assert notify.unread_count(world.editor2) == before - 1
    assert notify.mark_read(world.editor2) == before - 1
    assert notify.unread_count(world.editor2) == 0


def test_a_comment_tells_the_items_people(world: World) -> None:
    version = world.job.version
    notify.add_comment(version, world.reviewer, "Thuật ngữ “thông tin đối ngoại” dịch thống nhất.")
    told = Notification.objects.filter(kind="comment")
    assert {n.recipient.username for n in told} == {"dich-gia"}  # the translator; not the author
    notify.add_comment(version, world.translator, "Đã sửa.")
    assert Notification.objects.filter(kind="comment", recipient=world.reviewer).exists()
    assert [c.text for c in notify.comments_on(version)] == [
        "Thuật ngữ “thông tin đối ngoại” dịch thống nhất.",
        "Đã sửa.",
    ]


@pytest.mark.parametrize(
    ("said", "message"), [("  ", "needs some text"), ("x" * 5001, "at most 5000")]
)
def test_a_bad_comment_is_refused(world: World, said: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        notify.add_comment(world.article, world.editor, said)
    assert not Comment.objects.exists()
