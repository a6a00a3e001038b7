"""Read endpoints: published articles only, filters, search, versions per
language, themes, outlets, changes since a time, pagination bounds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from doingoai.store.models import Article

pytestmark = pytest.mark.django_db


def _get(client: Client, url: str, **params: Any) -> Any:
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def _titles(page: dict[str, Any]) -> list[str]:
    return [item["title"] for item in page["items"]]


def test_list_shows_published_articles_newest_first(
    api_client: Client, corpus: dict[str, Article]
) -> None:
    page = _get(api_client, "/api/articles")
    assert page["total"] == 3
    assert _titles(page) == [
        "Hà Nội thu hút vốn đầu tư nước ngoài",
        "Phở Hà Nội được vinh danh",
        "Thông tin đối ngoại: Đáp ứng yêu cầu hội nhập của Thành phố",
    ]
    seed = page["items"][2]
    assert seed["languages"] == ["vi", "en"]  # the unpublished French version is not offered
    assert seed["themes"] == ["doi-ngoai"] and seed["featured"] is True
    assert seed["outlet_domain"] == "laodongthudo.vn"
    assert "Tin chưa được chọn" not in str(page)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"theme": "dau-tu"}, ["Hà Nội thu hút vốn đầu tư nước ngoài"]),
        ({"theme": "du-lich"}, ["Phở Hà Nội được vinh danh"]),
        ({"topic": "van-hoa"}, ["Phở Hà Nội được vinh danh"]),
        (
            {"outlet": "laodongthudo.vn"},
            ["Thông tin đối ngoại: Đáp ứng yêu cầu hội nhập của Thành phố"],
        ),
        (
            {"outlet": "www.laodongthudo.vn"},
            ["Thông tin đối ngoại: Đáp ứng yêu cầu hội nhập của Thành phố"],
        ),
        ({"language": "en"}, ["Thông tin đối ngoại: Đáp ứng yêu cầu hội nhập của Thành phố"]),
        ({"language": "fr"}, []),
        ({"since": "2025-01-01"}, ["Hà Nội thu hút vốn đầu tư nước ngoài"]),
        (
            {"since": "2024-12-20T10:00:00+07:00"},
            ["Hà Nội thu hút vốn đầu tư nước ngoài", "Phở Hà Nội được vinh danh"],
        ),
        ({"theme": "no-such-theme"}, []),
        ({"topic": "kinh-te", "theme": "van-hoa"}, []),
    ],
)
def test_filters(
    api_client: Client, corpus: dict[str, Article], params: dict[str, str], expected: list[str]
) -> None:
    page = _get(api_client, "/api/articles", **params)
    assert _titles(page) == expected
    assert page["total"] == len(expected)


@pytest.mark.parametrize(
    ("query", "expected", "reading"),
    [
        ("doi ngoai", ["Thông tin đối ngoại: Đáp ứng yêu cầu hội nhập của Thành phố"], "đối ngoại"),
        ("đối ngoại", ["Thông tin đối ngoại: Đáp ứng yêu cầu hội nhập của Thành phố"], None),
        # folded, "pho" also finds "phố"; the accents the corpus suggests rank first
        (
            "pho",
            [
                "Phở Hà Nội được vinh danh",
                "Thông tin đối ngoại: Đáp ứng yêu cầu hội nhập của Thành phố",
            ],
            "phở",
        ),
        ("Hà Nội", ["Phở Hà Nội được vinh danh", "Hà Nội thu hút vốn đầu tư nước ngoài"], None),
        ("chưa qua biên tập", [], None),  # only in an unpublished article
    ],
)
def test_search(
    api_client: Client,
    corpus: dict[str, Article],
    query: str,
    expected: list[str],
    reading: str | None,
) -> None:
    page = _get(api_client, "/api/articles", q=query)
    if reading == "phở":
        assert _titles(page)[0] == "Phở Hà Nội được vinh danh"
    assert sorted(_titles(page)) == sorted(expected)
    assert page["total"] == len(expected)
    assert page["interpreted_as"] == reading
    assert all(isinstance(item["snippet"], str) for item in page["items"])


def test_search_with_accents_counts_the_rest_apart(
    api_client: Client, corpus: dict[str, Article]
) -> None:
    """ "phố" finds "Thành phố"; the "Phở" article is counted apart, listed with accents=any."""
    page = _get(api_client, "/api/articles", q="phố")
    assert _titles(page) == ["Thông tin đối ngoại: Đáp ứng yêu cầu hội nhập của Thành phố"]
    assert (page["total"], page["without_accents"]) == (1, 1)
    both = _get(api_client, "/api/articles", q="phố", accents="any")
    assert sorted(_titles(both)) == [
        "Phở Hà Nội được vinh danh",
        "Thông tin đối ngoại: Đáp ứng yêu cầu hội nhập của Thành phố",
    ]
    assert (both["total"], both["without_accents"]) == (2, None)
    assert _get(api_client, "/api/articles", q="pho")["without_accents"] is None


def test_search_with_a_filter(api_client: Client, corpus: dict[str, Article]) -> None:
    page = _get(api_client, "/api/articles", q="Hà Nội", theme="kinh-te")
    assert _titles(page) == ["Hà Nội thu hút vốn đầu tư nước ngoài"]


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ('"unclosed', 400, "unbalanced quotation mark"),
        ("NEAR(", 400, "unbalanced parenthesis"),
        ("(((", 400, "no word to search for"),
        ("AND", 400, "no word to search for"),
        ("*", 400, "no word to search for"),
        ("a OR", 400, "OR needs something"),
        ("-đối", 400, "only of exclusions"),
        ("'; DROP TABLE", 200, None),
    ],
)
def test_search_syntax_gets_a_message_never_a_server_error(
    api_client: Client, corpus: dict[str, Article], query: str, status: int, message: str | None
) -> None:
    response = api_client.get("/api/articles", {"q": query})
    assert response.status_code == status
    body = response.json()
    if message:
        assert message in body["error"] and query in body["error"]
    else:
        assert body["items"] == []
    assert Article.objects.count() == 4


def test_article_with_its_versions(api_client: Client, corpus: dict[str, Article]) -> None:
    seed = corpus["seed"]
    article = _get(api_client, f"/api/articles/{seed.pk}")
    assert article["paragraphs"] == ["Phó Chủ tịch UBND TP Ngô Văn Quý chủ trì hội nghị."]
    assert [(v["language"], v["title"]) for v in article["versions"]] == [
        ("en", "External information: Meeting the City's integration needs")
    ]


@pytest.mark.parametrize(
    ("language", "title", "original"),
    [
        ("vi", "Thông tin đối ngoại: Đáp ứng yêu cầu hội nhập của Thành phố", True),
        ("en", "External information: Meeting the City's integration needs", False),
        ("EN", "External information: Meeting the City's integration needs", False),
    ],
)
def test_version_per_language(
    api_client: Client, corpus: dict[str, Article], language: str, title: str, original: bool
) -> None:
    seed = corpus["seed"]
    version = _get(api_client, f"/api/articles/{seed.pk}/versions/{language}")
    assert (version["title"], version["original"]) == (title, original)
    assert version["article"] == seed.pk


def test_versions_share_the_translation_key(api_client: Client, corpus: dict[str, Article]) -> None:
    seed = corpus["seed"]
    vi = _get(api_client, f"/api/articles/{seed.pk}/versions/vi")
    en = _get(api_client, f"/api/articles/{seed.pk}/versions/en")
    assert vi["translation_key"] == en["translation_key"] != ""


@pytest.mark.parametrize(
    "path",
    [
        "/api/articles/{seed}/versions/fr",  # exists, not published
        "/api/articles/{seed}/versions/xx",
        "/api/articles/{seed}/versions/de",
        "/api/articles/{inbox}",  # collected, not published
        "/api/articles/{inbox}/versions/vi",
        "/api/articles/999999",
        "/api/articles/999999/versions/en",
    ],
)
def test_missing_is_a_404_with_a_message(
    api_client: Client, corpus: dict[str, Article], path: str
) -> None:
    url = path.format(seed=corpus["seed"].pk, inbox=corpus["inbox"].pk)
    response = api_client.get(url)
    assert response.status_code == 404
    assert response.json()["error"].startswith(("no published", "article"))


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("/api/articles/abc", "article_id"),
        ("/api/articles?limit=0", "limit"),
        ("/api/articles?limit=101", "limit"),
        ("/api/articles?limit=-1", "limit"),
        ("/api/articles?offset=-5", "offset"),
        ("/api/articles?offset=10001", "offset"),
        ("/api/articles?limit=ten", "limit"),
        ("/api/articles?since=yesterday", "since"),
        ("/api/changes", "since"),
        ("/api/changes?since=2025-13-45", "since"),
    ],
)
def test_bad_parameters_are_named(api_client: Client, db: None, url: str, problem: str) -> None:
    response = api_client.get(url)
    assert response.status_code == 422
    body = response.json()
    assert body["error"].startswith("invalid input")
    assert any(p.startswith(problem) for p in body["problems"]), body


@pytest.mark.parametrize(
    ("limit", "offset", "expected"),
    [
        (1, 0, ["Hà Nội thu hút vốn đầu tư nước ngoài"]),
        (1, 1, ["Phở Hà Nội được vinh danh"]),
        (2, 2, ["Thông tin đối ngoại: Đáp ứng yêu cầu hội nhập của Thành phố"]),
        (100, 3, []),
        (5, 10_000, []),
    ],
)
def test_pagination(
    api_client: Client, corpus: dict[str, Article], limit: int, offset: int, expected: list[str]
) -> None:
    page = _get(api_client, "/api/articles", limit=limit, offset=offset)
    assert _titles(page) == expected
    assert (page["total"], page["limit"], page["offset"]) == (3, limit, offset)


def test_themes(api_client: Client, db: None) -> None:
    themes = _get(api_client, "/api/themes")
    assert [t["slug"] for t in themes][:3] == ["kinh-te", "van-hoa", "lich-su"]
    assert {
        "slug": "doi-ngoai",
        "name_vi": "Đối ngoại",
        "name_en": "External relations",
    }.items() <= next(t for t in themes if t["slug"] == "doi-ngoai").items()


def test_outlets_count_published_articles(api_client: Client, corpus: dict[str, Article]) -> None:
    outlets = _get(api_client, "/api/outlets")
    assert [(o["domain"], o["articles"]) for o in outlets] == [
        ("hanoimoi.vn", 2),
        ("laodongthudo.vn", 1),
    ]


def test_changes_since(api_client: Client, corpus: dict[str, Article]) -> None:
    before = timezone.now() - timedelta(minutes=5)
    changes = _get(api_client, "/api/changes", since=before.isoformat())
    kinds = sorted((c["kind"], c["article"], c["language"], c["change"]) for c in changes["items"])
    seed, pho, fdi = corpus["seed"].pk, corpus["pho"].pk, corpus["fdi"].pk
    assert kinds == sorted(
        [
            ("article", seed, "vi", "published"),
            ("article", pho, "vi", "published"),
            ("article", fdi, "vi", "published"),
            ("version", seed, "en", "updated"),  # published in the past, written now
        ]
    )
    assert changes["total"] == 4


def test_changes_after_an_edit(api_client: Client, corpus: dict[str, Article]) -> None:
    mark = timezone.now()
    pho = corpus["pho"]
    pho.title = "Phở Hà Nội được vinh danh là di sản"
    pho.save()
    changes = _get(api_client, "/api/changes", since=mark.isoformat())
    assert [(c["article"], c["change"]) for c in changes["items"]] == [(pho.pk, "updated")]
    assert datetime.fromisoformat(changes["until"]) >= mark


def test_changes_in_the_future_are_none(api_client: Client, corpus: dict[str, Article]) -> None:
    later = datetime(2100, 1, 1, tzinfo=UTC).isoformat()
    assert _get(api_client, "/api/changes", since=later)["items"] == []


def test_changes_paginate(api_client: Client, corpus: dict[str, Article]) -> None:
    since = (timezone.now() - timedelta(minutes=5)).isoformat()
    first = _get(api_client, "/api/changes", since=since, limit=3)
    rest = _get(api_client, "/api/changes", since=since, limit=3, offset=3)
    assert len(first["items"]) == 3 and len(rest["items"]) == 1
    everything = _get(api_client, "/api/changes", since=since)["items"]
    assert first["items"] + rest["items"] == everything


def test_openapi_document(api_client: Client, db: None) -> None:
    document = _get(api_client, "/api/openapi.json")
    paths = set(document["paths"])
    assert {
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/articles/{article_id}/versions/{language}",
        "/api/themes",
        "/api/outlets",
        "/api/changes",
        "/api/submissions",
        "/api/submissions/{submission_id}",
        "/api/jobs/{job_id}/xliff",
    } <= paths
    assert document["paths"]["/api/submissions"]["post"]["security"]


def test_docs_page_uses_local_files(api_client: Client, db: None) -> None:
    response = api_client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "https://" not in html
