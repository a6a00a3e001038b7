"""Every portal page through Django's test client, as a reader would check it."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from itertools import pairwise

import pytest
from django.test import Client

from doingoai.curation import services as curation
from doingoai.curation.models import Selection

from .conftest import Portal, make_article, publish

pytestmark = pytest.mark.django_db


def _article_url(client: Client, lang: str, pk: int) -> str:
    response = client.get(f"/{lang}/article/{pk}/")
    assert response.status_code == 301
    return str(response["Location"])


def _json_ld(html: str) -> dict[str, object]:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert found, "no JSON-LD"
    data: dict[str, object] = json.loads(found.group(1))
    return data


@pytest.mark.parametrize(
    ("path", "shows", "hides"),
    [
        (
            "/vi/",
            ["Thông tin đối ngoại Hà Nội năm 2015", "Phát triển du lịch Thủ đô"],
            ["Bài chưa đăng"],
        ),
        ("/en/", ["Hanoi external information in 2015"], ["Phát triển du lịch", "Bài chưa đăng"]),
        ("/vi/theme/du-lich/", ["Phát triển du lịch Thủ đô"], ["Thông tin đối ngoại Hà Nội năm"]),
        ("/en/theme/doi-ngoai/", ["Hanoi external information in 2015"], ["Phát triển du lịch"]),
        ("/vi/archive/", ["tháng 6/2015", "tháng 4/2024"], ["tháng 5/2024"]),
        ("/en/archive/", ["June 2015"], ["April 2024"]),
        ("/vi/archive/2024/04/", ["Phát triển du lịch Thủ đô"], ["năm 2015"]),
        ("/en/archive/2015/06/", ["Hanoi external information in 2015"], []),
    ],
)
def test_pages_show_what_is_published_in_their_language(
    portal: Portal, client: Client, path: str, shows: list[str], hides: list[str]
) -> None:
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    lang = path.split("/")[1]
    assert f'<html lang="{lang}">' in html
    for text in shows:
        assert text in html
    for text in hides:
        assert text not in html


@pytest.mark.parametrize(
    "path",
    [
        "/xx/",
        "/de/",
        "/fr/article/1/",
        "/vi/theme/no-such-theme/",
        "/vi/archive/2024/13/",
        "/xx/rss.xml",
        "/vi/theme/no-such-theme/rss.xml",
    ],
)
def test_unknown_language_theme_or_month_is_404(portal: Portal, client: Client, path: str) -> None:
    assert client.get(path).status_code == 404


def test_missing_unpublished_and_untranslated_articles_are_404(
    portal: Portal, client: Client
) -> None:
    assert client.get("/vi/article/999999/x/").status_code == 404
    assert client.get(f"/vi/article/{portal.unpublished.pk}/").status_code == 404
    assert client.get(f"/en/article/{portal.vi_only.pk}/").status_code == 404
    assert client.get(f"/vi/article/{portal.vi_only.pk}/").status_code == 301


def test_article_page_vietnamese(portal: Portal, client: Client) -> None:
    url = _article_url(client, "vi", portal.both.pk)
    assert url.endswith("/thong-tin-doi-ngoai-ha-noi-nam-2015/")
    html = client.get(url).content.decode()
    assert "<h1>Thông tin đối ngoại Hà Nội năm 2015</h1>" in html
    assert "2 tháng 6, 2015" in html and "02/06/2015" in html
    assert "Bảo Duy" in html and "Lao Động Thủ Đô" in html
    assert 'href="https://laodongthudo.vn/thong-tin-doi-ngoai.html"' in html
    assert '<img src="https://example.org/hoi-nghi.jpg" alt="Toàn cảnh hội nghị."' in html
    assert "<figcaption>Toàn cảnh hội nghị.</figcaption>" in html
    assert f'<link rel="canonical" href="http://testserver{url}">' in html
    assert '<link rel="alternate" hreflang="vi"' in html
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/article/' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Thông tin đối ngoại Hà Nội năm 2015">' in html
    data = _json_ld(html)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Thông tin đối ngoại Hà Nội năm 2015"
    assert data["inLanguage"] == "vi"
    assert str(data["datePublished"]).startswith("2015-06-02")
    assert re.search(
        r'Có bản: <a href="/en/article/\d+/[^"]+" hreflang="en" lang="en">English</a>', html
    )


def test_article_page_english(portal: Portal, client: Client) -> None:
    url = _article_url(client, "en", portal.both.pk)
    assert url.endswith("/hanoi-external-information-in-2015/")
    html = client.get(url).content.decode()
    assert '<article class="story" lang="en">' in html
    assert "<h1>Hanoi external information in 2015</h1>" in html
    assert "June 2, 2015" in html
    assert "An overview of the conference." in html
    assert 'alt="An overview of the conference."' in html
    assert _json_ld(html)["inLanguage"] == "en"
    assert re.search(
        r'Also in: <a href="/vi/article/\d+/[^"]+" hreflang="vi" lang="vi">Tiếng Việt</a>', html
    )


def test_switcher_lists_only_existing_versions(portal: Portal, client: Client) -> None:
    html = client.get(_article_url(client, "vi", portal.vi_only.pk)).content.decode()
    assert 'hreflang="en"' not in html
    assert "Có bản:" not in html
    nav = html[
        html.index('<nav class="langs"') : html.index("</nav>", html.index('<nav class="langs"'))
    ]
    assert "Tiếng Việt" in nav and "English" not in nav


def test_wrong_slug_redirects_to_canonical(portal: Portal, client: Client) -> None:
    response = client.get(f"/vi/article/{portal.both.pk}/some-old-title/")
    assert response.status_code == 301
    assert response["Location"].endswith("/thong-tin-doi-ngoai-ha-noi-nam-2015/")


@pytest.mark.parametrize(
    ("accept", "target"), [("en-US,en;q=0.9", "/en/"), ("fr", "/vi/"), ("", "/vi/")]
)
def test_root_redirects_by_accept_language(
    portal: Portal, client: Client, accept: str, target: str
) -> None:
    response = client.get("/", headers={"Accept-Language": accept} if accept else {})
    assert response.status_code == 302 and response["Location"] == target


@pytest.mark.parametrize(
    ("params", "found", "not_found"),
    [
        ({"q": "doi ngoai"}, ["Thông tin đối ngoại Hà Nội năm 2015"], ["Bài chưa đăng"]),
        ({"q": "đối ngoại"}, ["Thông tin đối ngoại Hà Nội năm 2015"], []),
        ({"q": "du lich"}, ["Phát triển du lịch Thủ đô"], ["năm 2015"]),
        ({"q": "ha noi", "theme": "du-lich"}, ["Phát triển du lịch Thủ đô"], ["năm 2015"]),
        ({"q": "ha noi", "from": "2020-01-01"}, ["Phát triển du lịch Thủ đô"], ["năm 2015"]),
        ({"q": "ha noi", "to": "2016-01-01"}, ["Hà Nội năm 2015"], ["Phát triển du lịch Thủ"]),
        ({"q": "conference", "in": "en"}, ["Hanoi external information in 2015"], []),
        ({"q": "delegates HANOI", "in": "en"}, ["Hanoi external information in 2015"], []),
        ({"q": "tourism", "in": "en"}, [], ["Hanoi external information in 2015"]),
    ],
)
def test_search(
    portal: Portal, client: Client, params: dict[str, str], found: list[str], not_found: list[str]
) -> None:
    response = client.get("/vi/search/", params)
    assert response.status_code == 200
    html = response.content.decode()
    for text in found:
        assert text in html
    for text in not_found:
        assert text not in html.split("<h2>", 1)[-1]


@pytest.mark.parametrize("query", ['"đối ngoại', "(ha noi", "AND", "a OR", "*", '""', "ha noi)"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_search_syntax_gives_friendly_message(
    portal: Portal, client: Client, query: str, lang: str
) -> None:
    response = client.get(f"/{lang}/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="notice" role="status"' in html
    assert "Traceback" not in html


def test_search_bad_date_is_ignored_with_a_message(portal: Portal, client: Client) -> None:
    html = client.get("/en/search/", {"q": "conference", "from": "2.6.2015"}).content.decode()
    assert "A date must be written YYYY-MM-DD" in html
    assert "Hanoi external information in 2015" in html


def test_script_injection_comes_back_escaped(portal: Portal, client: Client) -> None:
    evil = "<script>alert(1)</script>"
    article = make_article(
        f"Tiêu đề {evil}",
        f"Sapo {evil} </script><b>x</b>",
        [f"Đoạn {evil}"],
        captions=[f'Chú thích "{evil}'],
        images=[{"src": 'https://example.org/a.jpg" onerror="alert(1)', "caption": ""}],
        authors=[f"Tác giả {evil}"],
        url='javascript:alert(1)"',
    )
    publish(article, portal.editor, ["van-hoa"])
    for path in (
        client.get(f"/vi/article/{article.pk}/")["Location"],
        "/vi/",
        "/vi/theme/van-hoa/",
        "/vi/search/?q=tieu+de",
        f"/vi/search/?q={evil}",
    ):
        html = client.get(path).content.decode()
        assert "<script>alert(1)" not in html, path
        assert "<b>x</b>" not in html, path
        assert 'onerror="alert(1)' not in html, path
    html = client.get(client.get(f"/vi/article/{article.pk}/")["Location"]).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count("</script>") == 1  # only the JSON-LD element's own end
    assert _json_ld(html)["headline"] == f"Tiêu đề {evil}"


def test_publication_and_withdrawal_show_at_once(portal: Portal, client: Client) -> None:
    assert "Lễ hội văn hóa" not in client.get("/vi/").content.decode()  # fills the cache
    fresh = make_article("Lễ hội văn hóa Hà Nội", "Sapo lễ hội.", ["Đoạn một."])
    publish(fresh, portal.editor, ["van-hoa"])
    assert "Lễ hội văn hóa Hà Nội" in client.get("/vi/").content.decode()
    url = client.get(f"/vi/article/{fresh.pk}/")["Location"]
    assert client.get(url).status_code == 200
    curation.withdraw(Selection.objects.get(article=fresh), portal.editor)
    assert client.get(url).status_code == 404
    assert "Lễ hội văn hóa Hà Nội" not in client.get("/vi/").content.decode()


def test_static_files_served(client: Client) -> None:
    css = client.get("/static/portal/portal.css")
    assert css.status_code == 200
    assert b"Be Vietnam Pro" in b"".join(css.streaming_content)  # type: ignore[attr-defined]
    font = client.get("/static/portal/fonts/be-vietnam-pro-vietnamese-400-normal.woff2")
    assert font.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/vi/",
        "/en/",
        "/vi/theme/doi-ngoai/",
        "/vi/search/?q=ha+noi",
        "/en/archive/",
        "/vi/archive/2015/06/",
    ],
)
def test_headings_in_order_and_images_described(portal: Portal, client: Client, path: str) -> None:
    pages = [client.get(path).content.decode()]
    pages.append(
        client.get(client.get(f"/vi/article/{portal.both.pk}/")["Location"]).content.decode()
    )
    for html in pages:
        levels = [int(n) for n in re.findall(r"<h([1-6])[ >]", html)]
        assert levels[0] == 1 and levels.count(1) == 1
        for before, after in pairwise(levels):
            assert after <= before + 1, levels
        for img in re.findall(r"<img [^>]*>", html):
            assert re.search(r'alt="[^"]+"', img), img


def test_cached_pages_keep_their_host_and_headers(portal: Portal, client: Client) -> None:
    path = client.get(f"/en/article/{portal.both.pk}/")["Location"]
    for _ in range(2):  # rendered, then from the cache
        for host in ("localhost", "127.0.0.1"):
            response = client.get(path, headers={"Host": host})
            assert response.status_code == 200
            assert f'<link rel="canonical" href="http://{host}{path}">' in response.content.decode()
            assert response["X-Frame-Options"] == "DENY"
            assert response["Content-Type"] == "text/html; charset=utf-8"
            assert "Set-Cookie" not in response


def test_date_is_the_local_day(portal: Portal, client: Client) -> None:
    late = make_article(
        "Tin đêm muộn", "Sapo.", ["Đoạn."], when=datetime(2024, 3, 1, 20, 30, tzinfo=UTC)
    )
    publish(late, portal.editor, ["van-hoa"])
    html = client.get(client.get(f"/vi/article/{late.pk}/")["Location"]).content.decode()
    assert "2 tháng 3, 2024" in html  # 03:30 on 2 March in Hà Nội


def test_search_with_accents_offers_the_matches_without_them_apart(
    portal: Portal, client: Client
) -> None:
    autumn = make_article("Lễ hội mùa thu ở phố cổ", "Phố cổ vào mùa thu.", ["Nội dung."])
    buying = make_article("Giá mua thu về tăng", "Giá mua thu về của hợp tác xã tăng.", ["Nội."])
    unpublished = make_article("Mua thu gom phế liệu", "Một bài chưa đăng: mua thu gom.", ["Nội."])
    publish(autumn, portal.editor, ["van-hoa"])
    publish(buying, portal.editor, ["kinh-te"])
    assert unpublished.pk

    html = client.get("/vi/search/", {"q": "mùa thu"}).content.decode()
    results = html.split("<h2>", 1)[-1]
    assert "Lễ hội mùa thu ở phố cổ" in results
    assert "Giá mua thu về tăng" not in results
    # the unpublished article is not counted: one more, not two
    assert "Còn 1 bài chỉ khớp khi bỏ dấu đã gõ." in html
    assert "accents=any" in html

    every = client.get("/vi/search/", {"q": "mùa thu", "accents": "any"}).content.decode()
    listed = every.split("<h2>", 1)[-1]
    assert listed.index("Lễ hội mùa thu ở phố cổ") < listed.index("Giá mua thu về tăng")
    assert "Mua thu gom phế liệu" not in listed
    assert "chỉ khớp khi bỏ dấu" not in every

    english = client.get("/en/search/", {"q": "mùa thu", "in": "vi"}).content.decode()
    assert "1 more article matches only without the accents typed." in english
