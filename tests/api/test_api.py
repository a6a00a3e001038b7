"""The API as a whole: throttling per client and per token, JSON errors,
JSON escaped against markup."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from doingoai.office.models import Submission

pytestmark = pytest.mark.django_db


def _statuses(client: Client, url: str, n: int, **extra: Any) -> list[int]:
    return [client.get(url, **extra).status_code for _ in range(n)]


def test_anonymous_clients_are_throttled_per_address(settings: Any, api_client: Client) -> None:
    settings.API_RATE_ANONYMOUS = "3/m"
    assert _statuses(api_client, "/api/themes", 4) == [200, 200, 200, 429]
    refused = api_client.get("/api/health")
    assert refused.status_code == 429
    assert refused.json()["error"] == "too many requests: wait and try again"
    assert 0 < int(refused["Retry-After"]) <= 60
    # another address has its own allowance
    assert _statuses(api_client, "/api/themes", 2, REMOTE_ADDR="10.1.2.3") == [200, 200]


def test_forwarded_for_header_does_not_reset_the_allowance(
    settings: Any, api_client: Client
) -> None:
    settings.API_RATE_ANONYMOUS = "2/m"
    statuses = [
        api_client.get("/api/themes", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]


def test_behind_a_trusted_proxy_the_forwarded_address_counts(
    settings: Any, api_client: Client
) -> None:
    settings.API_RATE_ANONYMOUS = "1/m"
    settings.API_NUM_PROXIES = 1
    first = api_client.get("/api/themes", HTTP_X_FORWARDED_FOR="spoofed, 198.51.100.7")
    again = api_client.get("/api/themes", HTTP_X_FORWARDED_FOR="other, 198.51.100.7")
    other = api_client.get("/api/themes", HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert (first.status_code, again.status_code, other.status_code) == (200, 429, 200)


def test_tokens_are_throttled_per_token(
    settings: Any, api_client: Client, contributor_token: str, token_for: Any
) -> None:
    settings.API_RATE_TOKEN = "2/m"
    settings.API_RATE_ANONYMOUS = "2/m"
    other = token_for("unit contributor")
    url = "/api/submissions/1"  # none exists: 404 until throttled
    mine = {"headers": {"Authorization": f"Bearer {contributor_token}"}}
    theirs = {"headers": {"Authorization": f"Bearer {other}"}}
    assert _statuses(api_client, url, 3, **mine) == [404, 404, 429]
    assert _statuses(api_client, url, 2, **theirs) == [404, 404]
    # reads without a token are counted apart from the tokens
    assert _statuses(api_client, "/api/themes", 2) == [200, 200]


def test_throttled_submission_stores_nothing(
    settings: Any, api_client: Client, contributor_token: str
) -> None:
    settings.API_RATE_TOKEN = "1/h"
    settings.API_RATE_ANONYMOUS = "1/h"
    item = {"title": "Tin một", "body": "Nội dung của tin một."}
    headers = {"Authorization": f"Bearer {contributor_token}"}
    statuses = [
        api_client.post(
            "/api/submissions",
            json.dumps({**item, "title": f"Tin {n}"}),
            content_type="application/json",
            headers=headers,
        ).status_code
        for n in range(2)
    ]
    assert statuses == [201, 429]
    assert Submission.objects.count() == 1


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("get", "/api/no-such-endpoint", 404),
        ("delete", "/api/themes", 405),
        ("put", "/api/submissions", 405),
    ],
)
def test_unknown_routes_and_methods(
    api_client: Client, db: None, method: str, url: str, status: int
) -> None:
    response = getattr(api_client, method)(url)
    assert response.status_code == status


def test_errors_are_json_with_a_message(api_client: Client, db: None) -> None:
    response = api_client.get("/api/articles/424242")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"error": "no published article 424242", "problems": []}


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("<b>", "\\u003cb\\u003e"),
        ("A & B", "A \\u0026 B"),
        ("</script><script>", "\\u003c/script\\u003e\\u003cscript\\u003e"),
    ],
)
def test_markup_characters_are_escaped(
    api_client: Client, db: None, text: str, escaped: str
) -> None:
    from doingoai.curation.models import Theme

    Theme.objects.filter(slug="kinh-te").update(name_en=text)
    response = api_client.get("/api/themes")
    raw = response.content.decode()
    assert escaped in raw and text not in raw
    assert next(t for t in response.json() if t["slug"] == "kinh-te")["name_en"] == text
