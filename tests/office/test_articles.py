"""The inbox, the article page with its provenance, corrections, selection,
publication, featuring and sending to translation — each change audited."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from django.test import Client

from doingoai.curation.models import AuditLog, Selection, Theme
from doingoai.store.models import Article, Cluster, Outlet
from doingoai.translation.models import TranslationJob

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client_for: Callable[[str | None], Client]) -> Client:
    return client_for("editor")


def titles(response: Any) -> list[str]:
    return [a.title for a in response.context["page"]]


@pytest.fixture
def corpus(make_article: Callable[..., Article], outlet: Outlet, cluster: Cluster) -> None:
    other = Outlet.objects.create(domain="hanoimoi.vn", name="Hà Nội Mới")
    make_article(
        "Kinh tế Thủ đô tăng trưởng",
        outlet=outlet,
        topic="kinh-te",
        published_at=datetime(2025, 5, 1, 3, tzinfo=UTC),
    )
    make_article(
        "Lễ hội văn hóa phố cổ",
        outlet=other,
        topic="van-hoa",
        published_at=datetime(2025, 6, 10, 3, tzinfo=UTC),
        cluster=cluster,
    )
    make_article(
        "Lễ hội văn hóa phố cổ (bản đăng lại)",
        outlet=outlet,
        topic="van-hoa",
        published_at=datetime(2025, 6, 11, 3, tzinfo=UTC),
        cluster=cluster,
    )
    make_article(
        "Hanoi welcomes investors",
        outlet=other,
        topic="kinh-te",
        language="en",
        published_at=datetime(2025, 7, 1, 3, tzinfo=UTC),
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "",
            [
                "Hanoi welcomes investors",
                "Lễ hội văn hóa phố cổ (bản đăng lại)",
                "Lễ hội văn hóa phố cổ",
                "Kinh tế Thủ đô tăng trưởng",
            ],
        ),
        ("topic=kinh-te", ["Hanoi welcomes investors", "Kinh tế Thủ đô tăng trưởng"]),
        ("language=en", ["Hanoi welcomes investors"]),
        (
            "date_from=2025-06-01&date_to=2025-06-30",
            ["Lễ hội văn hóa phố cổ (bản đăng lại)", "Lễ hội văn hóa phố cổ"],
        ),
        ("duplicates=on", ["Lễ hội văn hóa phố cổ (bản đăng lại)", "Lễ hội văn hóa phố cổ"]),
        (
            "status=new&language=vi&topic=van-hoa",
            ["Lễ hội văn hóa phố cổ (bản đăng lại)", "Lễ hội văn hóa phố cổ"],
        ),
    ],
)
def test_inbox_filters(editor: Client, corpus: None, query: str, expected: list[str]) -> None:
    response = editor.get(f"/office/inbox/?{query}")
    assert response.status_code == 200
    assert titles(response) == expected


def test_inbox_filters_by_outlet_and_cluster(
    editor: Client, corpus: None, outlet: Outlet, cluster: Cluster
) -> None:
    by_outlet = editor.get(f"/office/inbox/?outlet={outlet.pk}")
    assert titles(by_outlet) == [
        "Lễ hội văn hóa phố cổ (bản đăng lại)",
        "Kinh tế Thủ đô tăng trưởng",
    ]
    by_cluster = editor.get(f"/office/inbox/?cluster={cluster.pk}")
    assert len(titles(by_cluster)) == 2


def test_inbox_pages_keep_the_filters(editor: Client, make_article: Callable[..., Article]) -> None:
    for n in range(55):
        make_article(f"Tin số {n}", topic="kinh-te")
    first = editor.get("/office/inbox/?topic=kinh-te")
    assert len(titles(first)) == 50
    html = first.content.decode()
    assert 'href="?topic=kinh-te&amp;page=2"' in html
    second = editor.get("/office/inbox/?topic=kinh-te&page=2")
    assert len(titles(second)) == 5
    assert "Page 2 of 2 (55 in all)" in second.content.decode()


def test_article_page_shows_provenance(
    editor: Client, make_article: Callable[..., Article], cluster: Cluster
) -> None:
    item = make_article(cluster=cluster)
    twin = make_article("Bản trùng lặp", cluster=cluster)
    html = editor.get(f"/office/articles/{item.pk}/").content.decode()
    assert item.raw.sha256 in html
    assert "https://laodongthudo.vn/" in html
    assert "converted from cp1258" in html
    assert f"{item.raw.size} bytes" in html
    assert "related-news box removed" in html
    assert "Bản trùng lặp" in html and f"/office/articles/{twin.pk}/" in html
    assert f"/office/articles/{item.pk}/raw/" in html


def test_original_bytes_download(editor: Client, article: Article) -> None:
    response = editor.get(f"/office/articles/{article.pk}/raw/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == f'attachment; filename="{article.raw.sha256}.bin"'
    assert response.content == article.raw.data


def test_correction_is_saved_and_audited(editor: Client, article: Article) -> None:
    response = editor.post(
        f"/office/articles/{article.pk}/correct/",
        {
            "title": "Thông tin đối ngoại: Đáp ứng yêu cầu hội nhập",
            "lead": article.lead,
            "paragraphs": "Đoạn thứ nhất.\r\n\r\nĐoạn thứ hai.",
            "captions": "",
            "authors": "Minh Anh\nThu Hà",
            "published_at": "2025-06-02 16:00",  # 09:00 UTC, as the form shows it
            "language": "vi",
            "topic": "doi-ngoai",
        },
        follow=True,
    )
    assert "Corrected: Authors, Paragraphs, Title, Topic." in response.content.decode()
    fresh = Article.objects.get(pk=article.pk)
    assert fresh.title == "Thông tin đối ngoại: Đáp ứng yêu cầu hội nhập"
    assert fresh.paragraphs == ["Đoạn thứ nhất.", "Đoạn thứ hai."]
    assert fresh.authors == ["Minh Anh", "Thu Hà"]
    entry = AuditLog.objects.get(action="correct-article")
    assert entry.actor is not None and entry.actor.username == "editor"
    assert entry.data["before"]["title"] == "Hà Nội đẩy mạnh thông tin đối ngoại"


def test_empty_title_is_refused(editor: Client, article: Article) -> None:
    response = editor.post(f"/office/articles/{article.pk}/correct/", {"title": ""}, follow=True)
    # Django's own message, in the site's language
    assert '<li class="msg-error">Title: ' in response.content.decode()
    assert Article.objects.get(pk=article.pk).title == article.title


def test_select_publish_feature_withdraw(editor: Client, article: Article, unit: Any) -> None:
    themes = [Theme.objects.get(slug=s).pk for s in ("doi-ngoai", "van-hoa")]
    base = f"/office/articles/{article.pk}"
    editor.post(f"{base}/select/", {"themes": themes, "unit": unit.pk, "note": "cho bản tin"})
    selection = Selection.objects.get(article=article)
    assert selection.status == "selected" and selection.unit == unit
    editor.post(f"{base}/publish/")
    editor.post(f"{base}/feature/", {"on": "1"})
    selection.refresh_from_db()
    assert selection.status == "published" and selection.featured
    assert selection.published_at is not None
    page = editor.get(f"{base}/").content.decode()
    assert "Stop featuring" in page and "Publish the Vietnamese original" not in page
    editor.post(f"{base}/withdraw/", {"reason": "số liệu cũ"})
    selection.refresh_from_db()
    assert selection.status == "withdrawn"
    assert list(AuditLog.objects.order_by("id").values_list("action", flat=True)) == [
        "select",
        "publish-original",
        "feature",
        "withdraw",
    ]


def test_actions_need_a_selection_first(editor: Client, article: Article) -> None:
    response = editor.post(f"/office/articles/{article.pk}/publish/", follow=True)
    assert "Select the article first." in response.content.decode()
    assert not Selection.objects.exists()


def test_selection_needs_a_theme(editor: Client, article: Article) -> None:
    response = editor.post(f"/office/articles/{article.pk}/select/", {}, follow=True)
    assert '<li class="msg-error">Themes: ' in response.content.decode()


def test_send_to_translation_creates_and_pretranslates_the_job(
    editor: Client, article: Article
) -> None:
    response = editor.post(f"/office/articles/{article.pk}/translate/", {"language": "en"})
    job = TranslationJob.objects.get(article=article, target_lang="en")
    assert response["Location"] == f"/office/jobs/{job.pk}/"
    assert job.state == "pretranslated"
    assert job.segments.exclude(target="").count() == job.segments.count()
    assert AuditLog.objects.filter(action="send-to-translation").count() == 1
    # sending again keeps the job and its work
    editor.post(f"/office/articles/{article.pk}/translate/", {"language": "en"})
    assert TranslationJob.objects.filter(article=article).count() == 1


@pytest.mark.parametrize("language", ["vi", "xx", ""])
def test_send_to_an_unoffered_language_is_refused(
    editor: Client, article: Article, language: str
) -> None:
    response = editor.post(
        f"/office/articles/{article.pk}/translate/", {"language": language}, follow=True
    )
    assert "Choose a target language offered." in response.content.decode()
    assert not TranslationJob.objects.exists()


XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_script_in_every_field_comes_back_escaped(
    client_for: Callable[[str | None], Client], make_article: Callable[..., Article]
) -> None:
    outlet = Outlet.objects.create(domain="xss.example", name=XSS)
    item = make_article(
        XSS,
        lead=XSS,
        paragraphs=[XSS],
        outlet=outlet,
        topic=XSS[:60],
        authors=[XSS],
        captions=[XSS],
        warnings=[XSS],
        url="javascript:alert(1)",
    )
    admin = client_for("administrator")
    admin.post(
        f"/office/articles/{item.pk}/select/",
        {"themes": [Theme.objects.get(slug="kinh-te").pk], "note": XSS},
    )
    job_response = admin.post(f"/office/articles/{item.pk}/translate/", {"language": "en"})
    job_url = job_response["Location"]
    admin.post(f"{job_url}segments/0/", {"target": XSS, "version": 1})
    pages = [
        f"/office/articles/{item.pk}/",
        "/office/inbox/",
        f"/office/inbox/?topic={XSS[:60]}",
        job_url,
        f"{job_url}?seg=0",
        "/office/jobs/",
        "/office/audit/",
    ]
    for url in pages:
        html = admin.get(url).content.decode()
        assert "<script>alert" not in html, url
        assert "<img src=x" not in html, url
        assert 'href="javascript:' not in html, url
    article_html = admin.get(f"/office/articles/{item.pk}/").content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in article_html


def test_no_script_tags_but_the_own_workbench_script(
    client_for: Callable[[str | None], Client], job: TranslationJob
) -> None:
    html = client_for("translator_en").get(f"/office/jobs/{job.pk}/").content.decode()
    assert re.findall(r"<script[^>]*>", html) == [
        '<script src="/static/office/workbench.js" defer>'
    ]
