"""sitemap.xml with hreflang alternates for the versions that exist, and the news sitemap."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from .conftest import Portal

pytestmark = pytest.mark.django_db

NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
    "n": "http://www.google.com/schemas/sitemap-news/0.9",
}


def _urls(client: Client) -> dict[str, list[tuple[str, str]]]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    out = {}
    for url in root.findall("s:url", NS):
        loc = url.findtext("s:loc", namespaces=NS) or ""
        out[loc] = [
            (link.get("hreflang", ""), link.get("href", "")) for link in url.findall("x:link", NS)
        ]
    return out


def test_article_versions_list_each_other(portal: Portal, client: Client) -> None:
    urls = _urls(client)
    vi = next(u for u in urls if f"/vi/article/{portal.both.pk}/" in u)
    en = next(u for u in urls if f"/en/article/{portal.both.pk}/" in u)
    # x-default: the Vietnamese original, for readers of no listed language
    assert sorted(urls[vi]) == sorted([("vi", vi), ("en", en), ("x-default", vi)])
    assert sorted(urls[en]) == sorted(urls[vi])


def test_article_without_translation_has_only_its_own_language(
    portal: Portal, client: Client
) -> None:
    urls = _urls(client)
    vi_only = [u for u in urls if f"/article/{portal.vi_only.pk}/" in u]
    assert len(vi_only) == 1 and "/vi/" in vi_only[0]
    assert [lang for lang, _ in urls[vi_only[0]]] == ["vi", "x-default"]
    assert not any(f"/article/{portal.unpublished.pk}/" in u for u in urls)


def test_sections_in_every_language(portal: Portal, client: Client) -> None:
    urls = _urls(client)
    for path in ("/vi/", "/en/", "/vi/theme/doi-ngoai/", "/en/archive/"):
        assert f"http://testserver{path}" in urls
    assert ("x-default", "http://testserver/vi/") in urls["http://testserver/en/"]


def test_news_sitemap(portal: Portal, client: Client) -> None:
    response = client.get("/news-sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    titles = {
        (
            n.findtext("n:publication/n:language", namespaces=NS),
            n.findtext("n:title", namespaces=NS),
        )
        for n in root.iter(f"{{{NS['n']}}}news")
    }
    assert ("en", "Hanoi external information in 2015") in titles
    assert ("vi", "Phát triển du lịch Thủ đô") in titles
