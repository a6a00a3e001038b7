"""List pages: article links and next page, on real Vietnamese list pages and
on small made-up ones; list or article classification."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from doingoai.collect import discover_links, looks_like_list_page
from doingoai.collect.listpages import article_url_strength
from doingoai.collect.profiles import SiteProfiles

GENERIC = SiteProfiles()  # no site profile: the generic rules alone

# outlet, the URL the list page was captured from (its canonical link), the
# least number of article links expected (counted by inspection: the items of
# the main list, all of which must be found, plus sidebar stories), and
# article URLs picked by hand from the main list (first, middle, last item).
LIST_PAGES = [
    (
        "vnexpress",
        "https://vnexpress.net/kinh-doanh",
        47,
        [
            "https://vnexpress.net/gia-xang-dau-co-the-duoc-dieu-chinh-som-hon-5047601.html",
            "https://vnexpress.net/nha-dau-tu-ban-thao-co-phieu-dau-khi-5047056.html",
            "https://vnexpress.net/cang-thang-eo-bien-hormuz-co-nguy-co-de-doa-kinh-te-chau-a-5046102.html",
        ],
    ),
    (
        "dantri",
        "https://dantri.com.vn/kinh-doanh.htm",
        43,
        [
            "https://dantri.com.vn/kinh-doanh/luat-xanh-eu-2026-siet-chat-hang-xuat-khau-doi-mat-rao-can-song-con-20260305135210797.htm",
            "https://dantri.com.vn/kinh-doanh/khai-pha-mo-vang-bau-troi-duoi-1000m-trung-quoc-nhat-ban-lam-gi-20251212011519997.htm",
            "https://dantri.com.vn/kinh-doanh/ra-mat-lien-minh-kinh-te-tam-thap-khai-pha-mo-vang-10-ty-usd-20251010193555138.htm",
        ],
    ),
    (
        "tuoitre",
        "https://tuoitre.vn/kinh-doanh.htm",
        10,
        [
            "https://tuoitre.vn/giam-doc-tai-chinh-tap-doan-tien-son-thanh-hoa-dung-nhieu-tai-khoan-thao-tung-chung-khoan-2026030707011493.htm",
            "https://tuoitre.vn/chu-chuoi-highlands-coffee-tiet-lo-thoi-diem-ipo-tai-viet-nam-lieu-sap-co-bom-tan-20260306180131681.htm",
        ],
    ),
    (
        "nld",
        "https://nld.com.vn/kinh-te.htm",
        24,
        [
            "https://nld.com.vn/gia-ca-phe-hom-nay-7-3-tang-tiep-mot-loai-ca-phe-dang-duoc-yeu-thich-vao-vu-196260307081326128.htm",
            "https://nld.com.vn/tour-truc-thang-bat-dau-don-khach-tphcm-se-mo-rong-them-nhieu-bai-dap-196260306145532409.htm",
            "https://nld.com.vn/nguoi-dan-co-nhieu-nha-cho-thue-cach-tinh-va-nop-thue-the-nao-196260306082424098.htm",
        ],
    ),
]


def _expectations(shared_data: Path) -> dict[str, dict[str, object]]:
    root = shared_data / "extraction" / "vn-news"
    entries = json.loads((root / "expectations.json").read_text(encoding="utf-8"))
    return {Path(str(e["list_page"])).name.split("_")[0]: e for e in entries}


def _page(shared_data: Path, name: str) -> str:
    path = shared_data / "extraction" / "vn-news" / "html" / name
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("outlet", "base_url", "at_least", "known"), LIST_PAGES)
def test_vn_news_list_pages(
    shared_data: Path, outlet: str, base_url: str, at_least: int, known: list[str]
) -> None:
    expected = _expectations(shared_data)[outlet]
    listing = discover_links(_page(shared_data, f"{outlet}_list.html"), base_url)
    urls = listing.article_urls
    assert len(urls) >= at_least
    assert len(urls) == len(set(urls))
    for url in [*known, str(expected["url"])]:
        assert url in urls
    host = urlsplit(base_url).hostname
    assert all(urlsplit(u).hostname == host for u in urls)
    assert all("#" not in u and "/video/" not in u and "/tag/" not in u for u in urls)
    assert listing.next_page == expected["list_next_page"]


# The next page each list page gives with the generic rules alone: vnexpress and
# dantri link their page 2; tuoitre and nld load more items from an address
# only their site profiles know (doingoai/data/sites/).
GENERIC_NEXT = {
    "vnexpress": "https://vnexpress.net/kinh-doanh-p2",
    "dantri": "https://dantri.com.vn/kinh-doanh/trang-2.htm",
    "tuoitre": None,
    "nld": None,
}


@pytest.mark.parametrize(("outlet", "base_url", "at_least", "known"), LIST_PAGES)
def test_vn_news_list_pages_generic_rules(
    shared_data: Path, outlet: str, base_url: str, at_least: int, known: list[str]
) -> None:
    html = _page(shared_data, f"{outlet}_list.html")
    generic = discover_links(html, base_url, profiles=GENERIC)
    assert generic.article_urls == discover_links(html, base_url).article_urls
    assert generic.next_page == GENERIC_NEXT[outlet]


def test_no_outlet_is_named_in_the_generic_rules() -> None:
    import doingoai.collect.listpages as listpages

    source = Path(listpages.__file__).read_text(encoding="utf-8")
    hosts = re.findall(r"\b[a-z0-9-]+\.(?:vn|com|net|org)\b", source)
    assert hosts == []


@pytest.mark.parametrize(("outlet", "base_url", "at_least", "known"), LIST_PAGES)
def test_vn_news_classification(
    shared_data: Path, outlet: str, base_url: str, at_least: int, known: list[str]
) -> None:
    expected = _expectations(shared_data)[outlet]
    assert looks_like_list_page(_page(shared_data, f"{outlet}_list.html"), base_url)
    article = _page(shared_data, f"{outlet}_article.html")
    assert not looks_like_list_page(article, str(expected["url"]))
    # still an article when fetched from an address that does not look like one
    assert not looks_like_list_page(article, f"https://{urlsplit(base_url).hostname}/bai-viet")


@pytest.mark.parametrize(
    ("url", "strength"),
    [
        ("https://vnexpress.net/gia-vang-the-gioi-tang-manh-5047621.html", 2),
        ("https://dantri.com.vn/kinh-doanh/gia-vang-giam-20260307080054340.htm", 2),
        ("https://baomoi.example.vn/2026/03/07/ha-noi-don-xuan/", 2),
        ("https://cafef.vn/chung-khoan-tang-diem-manh-trong-phien-188260307.chn", 2),
        ("https://laodongthudo.vn/thong-tin-doi-ngoai-da-dap-ung-yeu-cau-hoi-nhap-12345.html", 2),
        ("https://blog.example.vn/mot-ngay-o-pho-co-ha-noi-mua-thu/", 1),
        ("https://vnexpress.net/kinh-doanh", 0),
        ("https://vnexpress.net/kinh-doanh-p2", 0),
        ("https://dantri.com.vn/kinh-doanh/trang-2.htm", 0),
        ("https://vnexpress.net/topic/ha-noi-26482", 0),
        ("https://dantri.com.vn/video/nguoi-dan-xep-hang-mua-vang-ngay-via-than-tai-187975.htm", 0),
        ("https://dantri.com.vn/event/my-israel-khong-kich-iran-8375.htm", 0),
        ("https://nld.com.vn/tag/gia-vang-hom-nay-1234567.htm", 0),
        ("https://nld.com.vn/tac-gia/nguyen-van-a-ho-chi-minh-123456.htm", 0),
        ("https://nld.com.vn/anh-bia-bai-viet-trong-ngay-123456.jpg", 0),
        ("https://other.example.vn/gia-vang-the-gioi-tang-manh-5047621.html", 0),
        ("mailto:toasoan@vnexpress.net", 0),
    ],
)
def test_article_url_strength(url: str, strength: int) -> None:
    # the site is the URL's own host, except for the off-site case
    site = "vnexpress.net" if "other." in url else (urlsplit(url).hostname or "vnexpress.net")
    assert article_url_strength(url, site) == strength


ITEMS = "".join(
    f'<article class="story"><h3><a href="/{slug}/">{slug}</a></h3><p>Tóm tắt</p></article>'
    for slug in [
        "mot-ngay-o-pho-co-ha-noi-mua-thu",
        "nhung-mon-an-duong-pho-khong-the-bo-qua",
        "di-dau-choi-cuoi-tuan-quanh-thu-do",
        "le-hoi-den-hung-nam-nay-co-gi-moi",
    ]
)
MENU = (
    '<ul class="menu"><li><a href="/du-lich/">Du lịch</a></li>'
    '<li><a href="/am-thuc/">Ẩm thực</a></li>'
    '<li><a href="/dang-ky-nhan-ban-tin-hang-tuan-qua-email/">Bản tin</a></li></ul>'
)


def test_long_slugs_count_when_they_are_items_of_a_list() -> None:
    html = f"<html><body>{MENU}<main>{ITEMS}</main></body></html>"
    urls = discover_links(html, "https://blog.example.vn/").article_urls
    assert urls == [
        "https://blog.example.vn/mot-ngay-o-pho-co-ha-noi-mua-thu/",
        "https://blog.example.vn/nhung-mon-an-duong-pho-khong-the-bo-qua/",
        "https://blog.example.vn/di-dau-choi-cuoi-tuan-quanh-thu-do/",
        "https://blog.example.vn/le-hoi-den-hung-nam-nay-co-gi-moi/",
    ]


def test_excluded_links() -> None:
    html = """<html><body><div class="list">
      <div class="item"><a href="javascript:void(0)">x</a></div>
      <div class="item"><a href="mailto:a@b.vn">mail</a></div>
      <div class="item"><a href="/tac-gia/nguyen-van-a-12345.htm">tác giả</a></div>
      <div class="item"><a href="/tag/ha-noi-mua-thu-dep-lam-123456.htm">tag</a></div>
      <div class="item"><a href="/video/clip-ha-noi-mua-thu-dep-lam-123456.htm">video</a></div>
      <div class="item"><a href="/ha-noi-mua-thu-dep-lam-123456.htm">bài</a></div>
      <div class="item"><a href="/ha-noi-mua-thu-dep-lam-123456.htm#comments">bình luận</a></div>
    </div><footer><a href="/chinh-sach-bao-mat-du-lieu-ca-nhan-20190514.htm">Chính sách</a></footer>
    </body></html>"""
    assert discover_links(html, "https://tin.example.vn/thoi-su").article_urls == [
        "https://tin.example.vn/ha-noi-mua-thu-dep-lam-123456.htm"
    ]


@pytest.mark.parametrize(
    ("pagination", "base_url", "next_page"),
    [
        (
            '<link rel="next" href="/thoi-su/page/3/">',
            "https://tin.example.vn/thoi-su/page/2/",
            "https://tin.example.vn/thoi-su/page/3/",
        ),
        (
            '<div class="pagination"><a href="/thoi-su/trang-1.htm">1</a>'
            '<a href="/thoi-su/trang-2.htm">2</a><a href="/thoi-su/trang-3.htm">3</a></div>',
            "https://tin.example.vn/thoi-su.htm",
            "https://tin.example.vn/thoi-su/trang-2.htm",
        ),
        (
            '<div class="paging"><a href="/thoi-su-p1">1</a><a href="/thoi-su-p3">Sau ›</a>'
            '<a href="/thoi-su-p3">›</a></div>',
            "https://tin.example.vn/thoi-su-p2",
            "https://tin.example.vn/thoi-su-p3",
        ),
        (
            '<div><a href="/the-thao/trang-2.htm">Thể thao</a>'
            '<a href="/thoi-su?page=2">Xem thêm</a></div>',
            "https://tin.example.vn/thoi-su",
            "https://tin.example.vn/thoi-su?page=2",
        ),
        (
            '<nav><a href="javascript:;" class="next">Xem thêm</a></nav>',
            "https://tin.example.vn/thoi-su",
            None,
        ),
        (
            '<input type="hidden" id="hdZoneId" value="1961014">',
            "https://nld.com.vn/thoi-su.htm",
            "https://nld.com.vn/timelinelist/1961014/2.htm",
        ),
        (
            "",
            "https://tuoitre.vn/timeline/11/trang-1.htm",
            "https://tuoitre.vn/timeline/11/trang-2.htm",
        ),
        ("", "https://tin.example.vn/thoi-su", None),
    ],
)
def test_next_page(pagination: str, base_url: str, next_page: str | None) -> None:
    html = f"<html><head></head><body><main>{ITEMS}</main>{pagination}</body></html>"
    if pagination.startswith("<link"):
        html = html.replace("<head></head>", f"<head>{pagination}</head>")
    assert discover_links(html, base_url).next_page == next_page
    if "hdZoneId" in pagination or "/timeline" in base_url:
        # known from a site profile only
        assert discover_links(html, base_url, profiles=GENERIC).next_page is None
    else:
        assert discover_links(html, base_url, profiles=GENERIC).next_page == next_page


@pytest.mark.parametrize(
    ("html", "url", "is_list"),
    [
        (f"<html><body>{MENU}</body></html>", "https://blog.example.vn/", False),
        (
            "<html><body>"
            + "".join(
                f'<h3><a href="/tin-so-{n}-trong-ngay-12345{n}.htm">t</a></h3>' for n in range(8)
            )
            + "</body></html>",
            "https://tin.example.vn/thoi-su",
            True,
        ),
        (
            '<html><head><script type="application/ld+json">{"@type": "NewsArticle"}</script></head><body>'
            + "".join(
                f'<h3><a href="/tin-so-{n}-trong-ngay-12345{n}.htm">t</a></h3>' for n in range(8)
            )
            + "</body></html>",
            "https://tin.example.vn/thoi-su",
            False,
        ),
        (
            "<html><body><div class='content'>"
            + ("<p>" + "Hà Nội đón khách quốc tế. " * 30 + "</p>") * 4
            + "</div>"
            + "".join(
                f'<h3><a href="/tin-so-{n}-trong-ngay-12345{n}.htm">t</a></h3>' for n in range(8)
            )
            + "</body></html>",
            "https://tin.example.vn/bai-viet",
            False,
        ),
    ],
    ids=["menu only", "many article links", "json-ld article", "long body text"],
)
def test_looks_like_list_page(html: str, url: str, is_list: bool) -> None:
    assert looks_like_list_page(html, url) is is_list
