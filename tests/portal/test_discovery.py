"""What crawlers and browsers find besides the pages: robots.txt pointing to
the sitemaps, a favicon, x-default among the hreflang links, absolute RSS
guids, a page not found in the language of its address; and an image caption
is never shown without its image."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest
from django.test import Client

from .conftest import Portal, make_article, publish

pytestmark = pytest.mark.django_db


def test_robots_txt_points_to_the_sitemaps_and_keeps_crawlers_out_of_the_office(
    portal: Portal, client: Client
) -> None:
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/news-sitemap.xml" in lines
    assert "Disallow: /office/" in lines
    # the sitemaps it names answer
    for line in lines:
        if line.startswith("Sitemap: "):
            path = line.removeprefix("Sitemap: http://testserver")
            assert client.get(path).status_code == 200, path


def test_favicon_is_an_icon_and_every_page_links_one(portal: Portal, client: Client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # the ICO header
    html = client.get("/vi/").content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', html)
    assert icon is not None
    svg = b"".join(client.get(icon.group(1)).streaming_content)  # type: ignore[attr-defined]
    assert svg.lstrip().startswith(b"<svg")


def test_hreflang_set_has_x_default_on_the_original(portal: Portal, client: Client) -> None:
    url = client.get(f"/en/article/{portal.both.pk}/", follow=True).redirect_chain[-1][0]
    html = client.get(url).content.decode()
    links = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))
    assert set(links) == {"vi", "en", "x-default"}
    assert links["x-default"] == links["vi"]
    assert links["vi"].startswith("http://testserver/vi/article/")
    home = client.get("/en/").content.decode()
    assert '<link rel="alternate" hreflang="x-default" href="http://testserver/vi/">' in home


def test_rss_guids_are_absolute_permalinks(portal: Portal, client: Client) -> None:
    root = ET.fromstring(client.get("/vi/rss.xml").content)
    guids = root.findall("./channel/item/guid")
    assert guids
    for guid in guids:
        assert guid.text is not None and guid.text.startswith("http://testserver/vi/article/")
        assert guid.get("isPermaLink") == "true"
        assert client.get(guid.text.removeprefix("http://testserver")).status_code in (200, 301)


@pytest.mark.parametrize(
    ("path", "lang", "home"),
    [
        ("/en/article/999999/gone/", "en", "/en/"),
        ("/vi/article/999999/gone/", "vi", "/vi/"),
        ("/en/theme/no-such-theme/", "en", "/en/"),
        ("/xx/", "vi", "/vi/"),
    ],
)
def test_page_not_found_speaks_the_language_of_its_address(
    portal: Portal, client: Client, path: str, lang: str, home: str
) -> None:
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert f'<a href="{home}">' in html
    assert 'rel="canonical"' not in html
    assert response["X-Robots-Tag"] == "noindex"
    if lang == "en":
        assert "<h1>Page not found</h1>" in html
        assert "Go to the home page" in html
    else:  # in Vietnamese, from the catalogue
        assert "Page not found" not in html and "Go to the home page" not in html
        assert re.search(r"<h1>[^<]+</h1>", html)


def test_an_image_caption_is_not_shown_without_its_image(portal: Portal, client: Client) -> None:
    article = make_article(
        "Phố cổ Hà Nội vào thu",
        "Mùa thu về trên phố cổ.",
        ["Những con phố nhỏ đón khách du lịch."],
        when=datetime(2024, 9, 1, 3, 0, tzinfo=UTC),
        captions=["Ảnh: phố Hàng Mã.", "Ảnh: hồ Hoàn Kiếm."],
        images=[{"src": "https://example.org/hang-ma.jpg", "caption": "Ảnh: phố Hàng Mã."}],
    )
    publish(article, portal.editor, ["du-lich"])
    html = client.get(f"/vi/article/{article.pk}/", follow=True).content.decode()
    assert "<figcaption>Ảnh: phố Hàng Mã.</figcaption>" in html
    assert html.count("<figure>") == 1
    assert "Ảnh: hồ Hoàn Kiếm." not in html
