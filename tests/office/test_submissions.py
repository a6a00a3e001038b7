"""A unit contributor submits an item (stored as an article, its text kept
as the raw document) and follows its status; oversized posts are refused."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from doingoai.curation import services as curation
from doingoai.curation.models import AuditLog, Theme
from doingoai.enrich.enricher import Enricher
from doingoai.office import submissions
from doingoai.office.models import Submission
from doingoai.store.models import Article

pytestmark = pytest.mark.django_db

ITEM = {
    "title": "Quận Hoàn Kiếm ra mắt tuyến phố đi bộ mới",
    "lead": "Từ ngày 1.7, quận Hoàn Kiếm mở thêm một tuyến phố đi bộ quanh hồ.",
    "body": "Tuyến phố dài 1,5 km, hoạt động vào tối thứ Sáu, thứ Bảy và Chủ nhật.\r\n\r\n"
    "Quận bố trí 2.350 chỗ để xe cho du khách.",
    "url": "https://hoankiem.hanoi.gov.vn/tin/pho-di-bo",
}


@pytest.fixture(autouse=True)
def light_enricher(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        submissions, "enricher_factory", lambda: Enricher(entities=False, topics=False)
    )


def test_contributor_submits_and_follows_the_item(
    client_for: Callable[[str | None], Client],
) -> None:
    contributor = client_for("contributor")
    response = contributor.post("/office/submissions/new/", ITEM)
    assert response["Location"] == "/office/submissions/"
    article = Article.objects.get()
    assert article.title == ITEM["title"]
    assert article.lead == ITEM["lead"]
    assert article.paragraphs == [
        "Tuyến phố dài 1,5 km, hoạt động vào tối thứ Sáu, thứ Bảy và Chủ nhật.",
        "Quận bố trí 2.350 chỗ để xe cho du khách.",
    ]
    assert article.url == ITEM["url"]
    assert article.raw.source == "submission:so-vhtt"
    assert ITEM["title"] in article.raw.data.decode("utf-8")
    submission = Submission.objects.get()
    assert submission.unit is not None and submission.unit.slug == "so-vhtt"
    assert AuditLog.objects.filter(action="submit").count() == 1

    def status() -> str:
        rows = contributor.get("/office/submissions/").context["rows"]
        return rows[0][1].label

    assert status() == "received"
    selection = curation.select_article(article, None, [Theme.objects.get(slug="du-lich")])
    assert status() == "selected"
    curation.publish_original(selection, None)
    assert status() == "published"
    # the editors see it in their inbox
    assert ITEM["title"] in client_for("editor").get("/office/inbox/").content.decode()


def test_contributors_see_only_their_units_items(
    client_for: Callable[[str | None], Client],
) -> None:
    client_for("contributor").post("/office/submissions/new/", ITEM)
    assert len(client_for("editor").get("/office/submissions/").context["rows"]) == 1
    from django.contrib.auth.models import Group, User

    stranger = User.objects.create(username="other-unit")
    stranger.groups.add(Group.objects.get(name="unit contributor"))
    other = Client()
    other.force_login(stranger)
    assert other.get("/office/submissions/").context["rows"] == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": ""}, "title"),
        ({"body": ""}, "body"),
        ({"url": "javascript:alert(1)"}, "url"),
    ],
)
def test_bad_submissions_are_refused(
    client_for: Callable[[str | None], Client], change: dict[str, str], field: str
) -> None:
    response = client_for("contributor").post("/office/submissions/new/", {**ITEM, **change})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Article.objects.exists()


def test_the_same_item_twice_is_refused_with_a_message(
    client_for: Callable[[str | None], Client],
) -> None:
    contributor = client_for("contributor")
    contributor.post("/office/submissions/new/", ITEM)
    again = contributor.post("/office/submissions/new/", ITEM)
    assert again.status_code == 400
    assert "already submitted" in again.content.decode()
    assert Submission.objects.count() == 1


@pytest.mark.parametrize(
    "url", ["/office/submissions/new/", "/office/sign-in/", "/office/articles/1/correct/"]
)
def test_oversized_posts_are_refused_with_a_clear_message(
    client_for: Callable[[str | None], Client],
    settings,
    url: str,  # type: ignore[no-untyped-def]
) -> None:
    big = "đ" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 2 + 10)
    response = client_for("contributor").post(url, {**ITEM, "body": big})
    assert response.status_code == 413
    text = response.content.decode()
    assert "The data sent is too large" in text
    assert f"at most {settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} are accepted" in text
    assert not Article.objects.exists()
