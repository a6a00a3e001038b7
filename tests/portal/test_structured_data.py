"""The article pages' structured data as a search engine's extractor reads
it (extruct): JSON-LD for article rich results and Open Graph."""

from __future__ import annotations

from typing import Any

import extruct
import pytest
from django.test import Client

from .conftest import Portal

pytestmark = pytest.mark.django_db


def _page(client: Client, path: str) -> tuple[str, dict[str, Any]]:
    response = client.get(path, follow=True)
    assert response.status_code == 200
    url = "http://testserver" + response.redirect_chain[-1][0] if response.redirect_chain else path
    data = extruct.extract(
        response.content.decode(), base_url=url, syntaxes=["json-ld", "opengraph"], uniform=True
    )
    return url, data


def _article(data: dict[str, Any]) -> dict[str, Any]:
    found = [d for d in data["json-ld"] if d.get("@type") == "NewsArticle"]
    assert len(found) == 1, data["json-ld"]
    return found[0]


def test_article_has_what_rich_results_use(portal: Portal, client: Client) -> None:
    url, data = _page(client, f"/vi/article/{portal.both.pk}/")
    article = _article(data)
    assert article["@id"] == article["url"] == url
    assert article["headline"] == "Thông tin đối ngoại Hà Nội năm 2015"
    assert article["datePublished"] == "2015-06-02T10:00:00+07:00"
    assert article["image"] == ["https://example.org/hoi-nghi.jpg"]
    [author] = article["author"]
    assert author["name"] == "Bảo Duy"
    assert author["url"].startswith("http://testserver/vi/search/?q=")
    assert client.get(author["url"].removeprefix("http://testserver")).status_code == 200
    publisher = article["publisher"]
    assert publisher["url"] == "http://testserver/vi/"
    logo = publisher["logo"]
    assert logo["@type"] == "ImageObject" and logo["url"].endswith(".png")
    served = client.get(logo["url"].removeprefix("http://testserver"))
    assert served.status_code == 200
    body = b"".join(served.streaming_content) if served.streaming else served.content
    assert body.startswith(b"\x89PNG\r\n\x1a\n")
    # the original names its English version
    assert [t["inLanguage"] for t in article["workTranslation"]] == ["en"]
    og = data["opengraph"][0]
    assert og["og:image"] == "https://example.org/hoi-nghi.jpg"
    assert og["@type"] == "article"


def test_translation_names_its_original(portal: Portal, client: Client) -> None:
    vi_url, vi_data = _page(client, f"/vi/article/{portal.both.pk}/")
    en_url, en_data = _page(client, f"/en/article/{portal.both.pk}/")
    english = _article(en_data)
    original = english["translationOfWork"]
    assert original["@id"] == original["url"] == vi_url
    assert original["inLanguage"] == "vi"
    assert _article(vi_data)["workTranslation"][0]["@id"] == en_url
    assert english["publisher"]["url"] == "http://testserver/en/"
    assert english["author"][0]["url"].startswith("http://testserver/en/search/?q=")


def test_article_without_byline_or_image(portal: Portal, client: Client) -> None:
    _, data = _page(client, f"/vi/article/{portal.vi_only.pk}/")
    article = _article(data)
    # no byline: the outlet is the author; no picture: no image is claimed
    assert article["author"] == [{"@type": "Organization", "name": "Lao Động Thủ Đô"}]
    assert "image" not in article
    assert "og:image" not in data["opengraph"][0]
    assert "workTranslation" not in article and "translationOfWork" not in article
