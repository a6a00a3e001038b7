"""The office's pages of notices, item histories and notifications: who may
open them, a correction written and published through the review steps,
hostile text shown as text, a revert asked and approved by another person."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import User
from django.test import Client

from doingoai.curation import services as curation
from doingoai.notices.models import Clarification, CorrectionNotice
from doingoai.revisions import notify
from doingoai.revisions.models import RevertRequest
from doingoai.revisions.services import revisions_of

from .conftest import CLARIFICATION, World

Login = Callable[[User], Client]


def _form(texts: dict[str, dict[str, str]]) -> dict[str, str]:
    return {
        f"{part}_{lang}": value for lang, parts in texts.items() for part, value in parts.items()
    }


def test_only_editors_open_the_notices(world: World, client_of: Login) -> None:
    assert client_of(world.translator).get("/office/notices/").status_code == 403
    assert client_of(world.editor).get("/office/notices/").status_code == 200
    anonymous = Client().get("/office/notices/")
    assert anonymous.status_code == 302 and "/office/sign-in/" in anonymous["Location"]
    refused = client_of(world.translator).post(
        f"/office/notices/corrections/new/?article={world.article.pk}",
        _form({"vi": {"wrong": "a", "right": "b"}}),
    )
    assert refused.status_code == 403
    assert not CorrectionNotice.objects.exists()


def test_a_correction_through_the_office(world: World, client_of: Login) -> None:
    writer, reviewer = client_of(world.editor), client_of(world.editor2)
    hostile = {
        "vi": {"wrong": "<script>alert('vi')</script>", "right": "Có 250 đại biểu."},
        "en": {"wrong": '<img src=x onerror="alert(1)">', "right": "There were 250 delegates."},
    }
    made = writer.post(
        f"/office/notices/corrections/new/?article={world.article.pk}", _form(hostile)
    )
    notice = CorrectionNotice.objects.get()
    assert made["Location"] == f"/office/notices/corrections/{notice.pk}/"
    page = writer.get(made["Location"]).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    writer.post(f"/office/notices/corrections/{notice.pk}/submit/")
    # the writer sees no approval button, and a forged approval is refused
    page = writer.get(f"/office/notices/corrections/{notice.pk}/").content.decode()
    assert "Approve and publish" not in page
    refused = writer.post(f"/office/notices/corrections/{notice.pk}/approve/", follow=True)
    assert "cannot publish it too" in refused.content.decode()
    notice.refresh_from_db()
    assert notice.state == "in_review"
    reviewer.post(f"/office/notices/corrections/{notice.pk}/approve/")
    notice.refresh_from_db()
    assert notice.state == "published"
    article = Client().get(f"/en/article/{world.article.pk}/", follow=True).content.decode()
    assert "There were 250 delegates." in article
    assert '<img src=x onerror="alert(1)">' not in article and "&lt;img src=x" in article


def test_a_bad_clarification_form_says_what_is_wrong(world: World, client_of: Login) -> None:
    client = client_of(world.editor)
    data = {
        "claim_url": "javascript:alert(1)",
        "claim_outlet": "Trang tin",
        "claim_date": "2024-11-02",
        "claim_text": "Tin đồn.",
        "claim_language": "vi",
        "rating": "false",
        "sources": "https://hanoi.gov.vn/van-ban",
        "concerns": "",
        **_form({"vi": {"title": "Tiêu đề", "answer": "Trả lời."}}),
    }
    answer = client.post("/office/notices/clarifications/new/", data, follow=True)
    assert "is not a public web address" in answer.content.decode()
    assert not Clarification.objects.exists()
    answer = client.post(
        "/office/notices/clarifications/new/",
        {**data, "claim_url": CLARIFICATION["claim_url"], "concerns": "12x"},
    )
    assert "12x is not a number." in answer.content.decode()
    done = client.post(
        "/office/notices/clarifications/new/",
        {**data, "claim_url": CLARIFICATION["claim_url"], "concerns": str(world.vi_only.pk)},
    )
    item = Clarification.objects.get()
    assert done["Location"] == f"/office/notices/clarifications/{item.pk}/"
    assert list(item.concerns.all()) == [world.vi_only]


def test_the_history_page_and_a_revert_through_review(world: World, client_of: Login) -> None:
    curation.correct_article(world.article, world.editor, title="<b>Tiêu đề</b> sai")
    history = f"/office/history/store.article/{world.article.pk}/"
    assert client_of(world.translator).get(history).status_code == 403
    writer = client_of(world.editor)
    page = writer.get(history).content.decode()
    assert "&lt;b&gt;Tiêu đề&lt;/b&gt; sai" in page and "Revert to version 1" in page
    writer.post(f"{history}revert/1/", {"reason": "nhầm"})
    request = RevertRequest.objects.get()
    assert request.state == "pending"
    writer.post(f"/office/history/reverts/{request.pk}/approve/")
    request.refresh_from_db()
    assert request.state == "pending"  # the one who asked cannot approve it
    client_of(world.editor2).post(f"/office/history/reverts/{request.pk}/approve/")
    request.refresh_from_db()
    world.article.refresh_from_db()
    assert request.state == "applied"
    assert world.article.title == "Thông tin đối ngoại Hà Nội năm 2015"
    assert revisions_of(world.article)[0].note == "revert to version 1"


def test_the_translated_version_history_for_its_translator(world: World, client_of: Login) -> None:
    path = f"/office/history/translation.translatedversion/{world.job.version.pk}/"
    client = client_of(world.translator)
    page = client.get(path)
    assert page.status_code == 200
    assert "Hanoi external information in 2015" in page.content.decode()
    client.post(f"{path}comment/", {"text": "<script>x()</script> xem lại"})
    shown = client.get(path).content.decode()
    assert "&lt;script&gt;x()&lt;/script&gt; xem lại" in shown
    assert client.get("/office/history/auth.user/1/").status_code == 404


def test_the_bell_and_the_notifications_page(world: World, client_of: Login) -> None:
    notify.mark_read(world.editor2)
    notify.notify(
        [world.editor2], "notice-review", params={"title": "Đính chính"}, url="/office/notices/"
    )
    client = client_of(world.editor2)
    home = client.get("/office/notices/").content.decode()
    assert '<span class="count">1</span>' in home
    listed = client.get("/office/notifications/").content.decode()
    assert "A notice awaits your review: Đính chính" in listed
    note = world.editor2.notifications.get()
    opened = client.post("/office/notifications/read/", {"id": note.pk})
    assert opened["Location"] == "/office/notices/"
    assert '<span class="count">' not in client.get("/office/notices/").content.decode()
    # another person's notification is not theirs to mark
    other = notify.notify([world.editor], "notice-review", params={"title": "x"})[0]
    client.post("/office/notifications/read/", {"id": other.pk})
    other.refresh_from_db()
    assert other.read_at is None
