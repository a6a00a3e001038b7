"""Reference pages on the portal: their own addresses per language, hreflang
alternates, sitemap entries and JSON-LD of the page's schema.org type."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from doingoai.reference import services
from doingoai.reference.models import Fact
from tests.reference.test_services import ENGLISH, publish, translate, write_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(editor: User, second_editor: User, population: Fact, make_user: Any) -> Any:
    page = write_page(editor)
    publish(page, editor, second_editor)
    translate(
        page,
        ENGLISH,
        {"translator": make_user("translator_en"), "reviewer": make_user("reviewer_en")},
    )
    return page


def json_ld(html: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert found
    return json.loads(found.group(1))


def test_page_in_both_languages_with_hreflang(published: Any) -> None:
    client = Client()
    vi = client.get("/vi/trang/ha-noi/")
    en = client.get("/en/pages/ha-noi/")
    assert vi.status_code == en.status_code == 200
    vi_html, en_html = vi.content.decode(), en.content.decode()
    assert "<h1>Hà Nội</h1>" in vi_html and "8.435.700 người" in vi_html
    assert "<h1>Hanoi</h1>" in en_html and "8,435,700 people" in en_html
    for html in (vi_html, en_html):
        assert 'hreflang="vi" href="http://testserver/vi/trang/ha-noi/"' in html
        assert 'hreflang="en" href="http://testserver/en/pages/ha-noi/"' in html
        assert 'hreflang="x-default" href="http://testserver/vi/trang/ha-noi/"' in html
    # the other language's word in the address leads to this language's address
    assert client.get("/en/trang/ha-noi/").headers["Location"] == "/en/pages/ha-noi/"


def test_json_ld_type_by_kind(published: Any, editor: User, second_editor: User) -> None:
    data = json_ld(Client().get("/en/pages/ha-noi/").content.decode())
    assert data["@type"] == "AdministrativeArea" and data["inLanguage"] == "en"
    assert data["translationOfWork"]["inLanguage"] == "vi"
    festival = write_page(
        editor,
        slug="le-hoi-chua-huong",
        title="Lễ hội chùa Hương",
        kind="festival",
        text="<p>Lễ hội kéo dài ba tháng.</p>",
        starts_on=date(2026, 2, 21),
        ends_on=date(2026, 5, 16),
    )
    publish(festival, editor, second_editor)
    data = json_ld(Client().get("/vi/trang/le-hoi-chua-huong/").content.decode())
    assert data["@type"] == "Event"
    assert data["startDate"] == "2026-02-21" and data["location"]["@type"] == "Place"
    body = write_page(
        editor,
        slug="so-ngoai-vu",
        title="Sở Ngoại vụ Hà Nội",
        kind="organisation",
        text="<p>Cơ quan đối ngoại của thành phố.</p>",
    )
    publish(body, editor, second_editor)
    data = json_ld(Client().get("/vi/trang/so-ngoai-vu/").content.decode())
    assert data["@type"] == "GovernmentOrganization"


def test_unpublished_and_untranslated_pages_are_not_found(
    editor: User, population: Fact, second_editor: User
) -> None:
    page = write_page(editor)
    assert Client().get("/vi/trang/ha-noi/").status_code == 404
    publish(page, editor, second_editor)
    assert Client().get("/vi/trang/ha-noi/").status_code == 200
    assert Client().get("/en/pages/ha-noi/").status_code == 404


def test_sitemap_lists_the_page_with_its_alternates(published: Any) -> None:
    xml = Client().get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/vi/trang/ha-noi/</loc>" in xml
    assert "<loc>http://testserver/en/pages/ha-noi/</loc>" in xml
    assert 'hreflang="en" href="http://testserver/en/pages/ha-noi/"' in xml


def test_list_of_pages_per_language(published: Any) -> None:
    vi = Client().get("/vi/trang/").content.decode()
    en = Client().get("/en/pages/").content.decode()
    assert 'href="/vi/trang/ha-noi/"' in vi
    assert 'href="/en/pages/ha-noi/"' in en and "Hanoi" in en


def test_an_update_shows_at_once_on_cached_pages(published: Any, editor: User) -> None:
    client = Client()
    assert "8,435,700" in client.get("/en/pages/ha-noi/").content.decode()
    fact = Fact.objects.get(slug="dan-so-ha-noi")
    services.record_value(
        fact, editor, value="8587100", unit="người", as_of=date(2024, 12, 31), source="GSO"
    )
    assert "8,587,100 people" in client.get("/en/pages/ha-noi/").content.decode()


def test_images_are_served_from_the_sites_media(editor: User) -> None:
    from tests.reference.conftest import picture

    image = services.upload_image(
        editor, picture(), name="a.jpg", alt_vi="Hồ", credit="Sở", licence="CC BY 4.0"
    )
    name = image.renditions[0]["name"]
    response = Client().get(f"/media/{name}")
    assert response.status_code == 200 and response["Content-Type"] == "image/webp"
    assert Client().get("/media/reference/images/../../../etc/passwd").status_code == 404


def test_an_article_citing_a_fact_shows_its_value_in_each_language(
    editor: User, population: Fact, make_user: Any
) -> None:
    from doingoai.curation import services as curation
    from tests.reference.test_services import translate

    page = write_page(editor, slug="bai", title="Bài viết")  # an office-written article
    selection = curation.select_article(page.article, editor, ["doi-ngoai"])
    curation.publish_original(selection, editor)
    translate(
        page,
        ENGLISH,
        {"translator": make_user("translator_en"), "reviewer": make_user("reviewer_en")},
    )
    vi = Client().get(f"/vi/article/{page.article.pk}/", follow=True).content.decode()
    en = Client().get(f"/en/article/{page.article.pk}/", follow=True).content.decode()
    assert "Hà Nội có 8.435.700 người vào cuối năm 2023." in vi
    assert "Hanoi had 8,435,700 people at the end of 2023." in en
    assert "{{fact:" not in vi and "{{fact:" not in en
