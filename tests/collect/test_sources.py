"""collect(): files, folders, stdin, URL lists, URLs classified by content,
feeds, sitemaps, list pages, resumption; failures never stop the batch."""

from __future__ import annotations

import gzip
import io
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from doingoai.collect import Failure, Fetcher, RawDocument, collect
from tests.collect.conftest import FakeSite, html_page

SITE = "https://thudo.example.vn"
ARTICLES = [f"{SITE}/ha-noi-thong-tin-doi-ngoai-so-{n}-10000{n}.html" for n in range(1, 5)]


def docs(items: list[RawDocument | Failure]) -> list[RawDocument]:
    return [i for i in items if isinstance(i, RawDocument)]


def failures(items: list[RawDocument | Failure]) -> list[Failure]:
    return [i for i in items if isinstance(i, Failure)]


def serve_articles(site: FakeSite, urls: list[str] = ARTICLES) -> None:
    for n, url in enumerate(urls):
        site.routes[url] = httpx.Response(
            200, headers={"content-type": "text/html; charset=utf-8"}, content=html_page(f"Bài {n}")
        )


def rss(urls: list[str]) -> bytes:
    items = "".join(f"<item><title>T</title><link>{u}</link></item>" for u in urls)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{items}</channel></rss>'.encode()


def urlset(urls: list[str], news: bool = False) -> bytes:
    ns = ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' if news else ""
    extra = (
        "<news:news><news:publication_date>2026-03-07</news:publication_date>"
        "<news:title>Tin</news:title></news:news>"
        if news
        else ""
    )
    body = "".join(f"<url><loc>{u}</loc>{extra}</url>" for u in urls)
    return (
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{ns}>{body}</urlset>'.encode()
    )


def index(urls: list[str]) -> bytes:
    body = "".join(f"<sitemap><loc>{u}</loc></sitemap>" for u in urls)
    return f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</sitemapindex>'.encode()


# -- files ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.html", b"", "empty file"),
        ("blank.txt", b"  \n\n ", "empty file"),
        ("anh.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file"),
        ("bai.html.gz", gzip.compress(html_page("Tin") * 50)[:-30], "truncated gzip"),
        ("bai.htm.gz", b"\x1f\x8b\x08\x00not deflate at all", "corrupt gzip"),
        (
            "note.xml",
            b"<?xml version='1.0'?><note>x</note>",
            "neither an RSS/Atom feed nor a sitemap",
        ),
        ("big.html", b"<html>" + b"x" * 2000 + b"</html>", "larger than the 1000-byte limit"),
    ],
)
def test_bad_files_are_failures_naming_them(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    (failure,) = list(collect([str(path)], max_bytes=1000))
    assert isinstance(failure, Failure)
    assert failure.source == str(path)
    assert reason in failure.reason


def test_missing_path(tmp_path: Path) -> None:
    (failure,) = list(collect([str(tmp_path / "khong-co.html")]))
    assert isinstance(failure, Failure)
    assert "no such file or directory" in failure.reason


def test_gzipped_html_is_decompressed(tmp_path: Path) -> None:
    page = html_page("Phố cổ")
    path = tmp_path / "pho-co.html.gz"
    path.write_bytes(gzip.compress(page))
    (doc,) = list(collect([str(path)]))
    assert isinstance(doc, RawDocument)
    assert doc.data == page and doc.kind == "html" and doc.url == "" and doc.source == str(path)


@pytest.mark.parametrize(
    "content",
    [
        "<html><head><meta charset='windows-1258'></head><body>Hà Nam, Đà</body></html>".encode(
            "cp1258"
        ),
        b"<html><head><meta charset='utf-8'></head><body>H\xe0 N\xf4\xa7i \xff\xfe</body></html>",
        "<html><body>Hà Nội</body></html>".encode() + "Đà Nam".encode("cp1258"),
    ],
    ids=["cp1258", "invalid utf-8 under a utf-8 declaration", "mixed encodings"],
)
def test_bytes_are_kept_as_they_are(tmp_path: Path, content: bytes) -> None:
    """Decoding is the next stage's job: collection never alters the bytes."""
    path = tmp_path / "bai.html"
    path.write_bytes(content)
    (doc,) = list(collect([str(path)]))
    assert isinstance(doc, RawDocument)
    assert doc.data == content and doc.kind == "html"


def test_seed_text_scrape_is_a_text_document(seed_path: Path) -> None:
    (doc,) = list(collect([str(seed_path)]))
    assert isinstance(doc, RawDocument)
    assert doc.kind == "text"
    assert doc.data == seed_path.read_bytes()
    assert doc.content_type == "text/plain"


def test_directory_tree(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    files = {
        "a/b/2.htm": html_page("2"),
        "a/1.html": html_page("1"),
        "a/3.html.gz": gzip.compress(html_page("3")),
        "ghi-chu.txt": "Ghi chú về Hà Nội".encode(),
        "z.html": b"",
        "anh.jpg": b"\xff\xd8\xff",
        "style.css": b"body{}",
        ".an.html": html_page("hidden"),
        ".git/x.html": html_page("git"),
    }
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    items = list(collect([str(tmp_path)]))
    assert [Path(i.source).relative_to(tmp_path).as_posix() for i in items] == [
        "ghi-chu.txt",
        "z.html",
        "a/1.html",
        "a/3.html.gz",
        "a/b/2.htm",
    ]
    assert [type(i).__name__ for i in items] == [
        "RawDocument",
        "Failure",
        "RawDocument",
        "RawDocument",
        "RawDocument",
    ]
    assert docs(items)[2].data == html_page("3")


def test_directory_without_documents(tmp_path: Path) -> None:
    (tmp_path / "anh.jpg").write_bytes(b"\xff\xd8\xff")
    (failure,) = list(collect([str(tmp_path)]))
    assert isinstance(failure, Failure) and "no documents" in failure.reason


def test_stdin() -> None:
    page = html_page("Từ stdin")
    (doc,) = list(collect(["-"], stdin=io.BytesIO(page)))
    assert isinstance(doc, RawDocument) and doc.data == page and doc.source == "-"
    (failure,) = list(collect(["-"], stdin=io.BytesIO(b"")))
    assert isinstance(failure, Failure) and failure.source == "-"


def test_url_list_file(
    tmp_path: Path, site: FakeSite, make_fetcher: Callable[..., Fetcher]
) -> None:
    serve_articles(site)
    path = tmp_path / "danh-sach.urls"
    path.write_text(f"# bài cần lấy\n{ARTICLES[0]}\n\nkhông phải url\n{ARTICLES[1]}\n")
    items = list(collect([str(path)], fetcher=make_fetcher()))
    assert [d.url for d in docs(items)] == ARTICLES[:2]
    assert all(d.source == str(path) for d in docs(items))
    (failure,) = failures(items)
    assert failure.source == f"{path}:4" and "not an http(s) URL" in failure.reason


def test_txt_of_urls_is_a_url_list(
    tmp_path: Path, site: FakeSite, make_fetcher: Callable[..., Fetcher]
) -> None:
    serve_articles(site)
    path = tmp_path / "links.txt"
    path.write_text("\n".join(ARTICLES[:3]) + "\n")
    items = list(collect([str(path)], fetcher=make_fetcher()))
    assert [d.url for d in docs(items)] == ARTICLES[:3]


def test_feed_file_and_sitemap_file(
    tmp_path: Path, site: FakeSite, make_fetcher: Callable[..., Fetcher]
) -> None:
    serve_articles(site)
    feed = tmp_path / "tin.rss"
    feed.write_bytes(rss(ARTICLES[:2]))
    sitemap = tmp_path / "sitemap.xml.gz"
    sitemap.write_bytes(gzip.compress(urlset(ARTICLES[1:3])))
    items = list(collect([str(feed), str(sitemap)], fetcher=make_fetcher()))
    assert [(d.url, d.source) for d in docs(items)] == [
        (ARTICLES[0], str(feed)),
        (ARTICLES[1], str(feed)),
        (ARTICLES[2], str(sitemap)),  # ARTICLES[1] is not fetched twice
    ]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        (
            "tin.rss",
            "<html><body>Trang lỗi</body></html>".encode(),
            "not a feed: the file holds html",
        ),
        ("tin.atom", b"Service unavailable", "not a feed: the file holds text"),
        (
            "tin.xml",
            b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>T',
            "broken XML",
        ),
    ],
)
def test_feed_file_that_is_not_a_feed(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    (failure,) = list(collect([str(path)]))
    assert isinstance(failure, Failure)
    assert failure.source == str(path)
    assert reason in failure.reason


# -- URLs ---------------------------------------------------------------------


def test_article_url(site: FakeSite, make_fetcher: Callable[..., Fetcher]) -> None:
    serve_articles(site)
    (doc,) = list(collect([ARTICLES[0]], fetcher=make_fetcher()))
    assert isinstance(doc, RawDocument)
    assert doc.url == doc.source == ARTICLES[0]
    assert doc.kind == "html"


def test_feed_url(site: FakeSite, make_fetcher: Callable[..., Fetcher]) -> None:
    serve_articles(site)
    feed = f"{SITE}/rss/doi-ngoai.rss"
    site.routes[feed] = httpx.Response(
        200, headers={"content-type": "application/rss+xml"}, content=rss(ARTICLES)
    )
    items = list(collect([feed], fetcher=make_fetcher()))
    assert [d.url for d in docs(items)] == ARTICLES
    assert {d.source for d in docs(items)} == {feed}


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body>Maintenance</body></html>",
        b"Service temporarily unavailable",
        b"\x00\x01garbage",
    ],
)
def test_feed_url_that_is_not_xml(
    site: FakeSite, make_fetcher: Callable[..., Fetcher], body: bytes
) -> None:
    feed = f"{SITE}/rss/doi-ngoai.rss"
    site.routes[feed] = httpx.Response(
        200, headers={"content-type": "application/rss+xml"}, content=body
    )
    (failure,) = list(collect([feed], fetcher=make_fetcher()))
    assert isinstance(failure, Failure)
    assert failure.source == feed
    assert "not a feed" in failure.reason


def test_sitemap_index_recursion_with_a_depth_cap(
    site: FakeSite, make_fetcher: Callable[..., Fetcher]
) -> None:
    serve_articles(site)
    site.routes[f"{SITE}/sitemap.xml"] = httpx.Response(
        200, content=index([f"{SITE}/sitemaps/a.xml", f"{SITE}/sitemaps/deeper.xml"])
    )
    site.routes[f"{SITE}/sitemaps/a.xml"] = httpx.Response(200, content=urlset(ARTICLES[:2]))
    site.routes[f"{SITE}/sitemaps/deeper.xml"] = httpx.Response(
        200, content=index([f"{SITE}/sitemaps/b.xml.gz", f"{SITE}/sitemap.xml"])
    )
    site.routes[f"{SITE}/sitemaps/b.xml.gz"] = httpx.Response(
        200,
        headers={"content-type": "application/x-gzip"},
        content=gzip.compress(urlset(ARTICLES[2:])),
    )
    items = list(collect([f"{SITE}/sitemap.xml"], fetcher=make_fetcher()))
    assert [d.url for d in docs(items)] == ARTICLES
    assert failures(items) == []
    # with one level allowed, the nested index is reported, not followed
    site.requests.clear()
    items = list(collect([f"{SITE}/sitemap.xml"], fetcher=make_fetcher(), sitemap_depth=1))
    assert [d.url for d in docs(items)] == ARTICLES[:2]
    assert [f.source for f in failures(items)] == [f"{SITE}/sitemaps/b.xml.gz"]
    assert "deeper than 1 levels" in failures(items)[0].reason


def test_news_sitemap_url(site: FakeSite, make_fetcher: Callable[..., Fetcher]) -> None:
    serve_articles(site)
    site.routes[f"{SITE}/news-sitemap.xml"] = httpx.Response(
        200, content=urlset(ARTICLES[:2], news=True)
    )
    items = list(collect([f"{SITE}/news-sitemap.xml"], fetcher=make_fetcher()))
    assert [d.url for d in docs(items)] == ARTICLES[:2]


def test_xml_bomb_in_a_sitemap(site: FakeSite, make_fetcher: Callable[..., Fetcher]) -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://x.vn/&c;</loc></url></urlset>'
    )
    site.routes[f"{SITE}/sitemap.xml"] = httpx.Response(200, content=bomb)
    (failure,) = list(collect([f"{SITE}/sitemap.xml"], fetcher=make_fetcher()))
    assert isinstance(failure, Failure)
    assert failure.source == f"{SITE}/sitemap.xml"
    assert "declares XML entities" in failure.reason


def test_binary_url_is_not_a_document(site: FakeSite, make_fetcher: Callable[..., Fetcher]) -> None:
    site.routes[f"{SITE}/bao-in.pdf"] = httpx.Response(
        200, headers={"content-type": "application/pdf"}, content=b"%PDF-1.7\n\x00\x01\x02"
    )
    (failure,) = list(collect([f"{SITE}/bao-in.pdf"], fetcher=make_fetcher()))
    assert isinstance(failure, Failure) and "application/pdf" in failure.reason


def test_failures_never_stop_the_batch(
    tmp_path: Path, site: FakeSite, make_fetcher: Callable[..., Fetcher]
) -> None:
    serve_articles(site)
    site.routes[f"{SITE}/loi-500"] = httpx.Response(500)
    site.routes[f"{SITE}/vong"] = httpx.Response(302, headers={"location": f"{SITE}/vong"})
    sources = [
        f"{SITE}/loi-500",
        str(tmp_path / "missing.html"),
        "ftp://thudo.example.vn/x",
        f"{SITE}/vong",
        ARTICLES[0],
    ]
    items = list(collect(sources, fetcher=make_fetcher(retries=1)))
    assert [type(i).__name__ for i in items] == ["Failure"] * 4 + ["RawDocument"]
    reasons = [i.reason for i in failures(items)]
    assert "HTTP 500" in reasons[0]
    assert "no such file" in reasons[1]
    assert "not an http(s) URL" in reasons[2]
    assert "redirects forever" in reasons[3]
    assert [f.source for f in failures(items)] == sources[:4]


# -- list pages -----------------------------------------------------------------

VNEXPRESS = "https://vnexpress.net/kinh-doanh"


def _serve_vnexpress(site: FakeSite, shared_data: Path) -> None:
    page = (shared_data / "extraction" / "vn-news" / "html" / "vnexpress_list.html").read_bytes()
    site.routes[VNEXPRESS] = httpx.Response(
        200, headers={"content-type": "text/html"}, content=page
    )
    site.routes["https://vnexpress.net/robots.txt"] = httpx.Response(404)


def test_list_page_url_fetches_its_articles(
    site: FakeSite, make_fetcher: Callable[..., Fetcher], shared_data: Path
) -> None:
    _serve_vnexpress(site, shared_data)
    items = list(collect([VNEXPRESS], fetcher=make_fetcher()))
    fetched = site.fetched()
    assert fetched[0] == VNEXPRESS
    assert len(fetched) >= 48  # the page and its article links
    assert (
        "https://vnexpress.net/cach-cac-nuoc-doi-pho-cu-soc-nang-luong-tu-trung-dong-5047363.html"
        in fetched
    )
    assert VNEXPRESS not in [d.url for d in docs(items)]  # the list page itself is no document
    # the fake site knows none of the articles: each is a failure naming it
    assert all("HTTP 404" in f.reason and f.source.endswith(".html") for f in failures(items))


def test_list_page_not_followed_when_asked(
    site: FakeSite, make_fetcher: Callable[..., Fetcher], shared_data: Path
) -> None:
    _serve_vnexpress(site, shared_data)
    (doc,) = list(collect([VNEXPRESS], fetcher=make_fetcher(), follow_lists=False))
    assert isinstance(doc, RawDocument) and doc.url == VNEXPRESS


def test_list_pages_follow_next_page(
    site: FakeSite, make_fetcher: Callable[..., Fetcher], shared_data: Path
) -> None:
    _serve_vnexpress(site, shared_data)
    second = html_page(
        "Trang 2",
        "".join(f'<h3><a href="{u}">t</a></h3>' for u in ARTICLES)
        + '<a rel="next" href="/kinh-doanh-p3">Sau</a>',
    )
    site.routes["https://vnexpress.net/kinh-doanh-p2"] = httpx.Response(200, content=second)

    def have_it(url: str) -> bool:  # every article is already stored
        return not url.startswith(VNEXPRESS)

    list(collect([VNEXPRESS], fetcher=make_fetcher(), skip_url=have_it, max_list_pages=2))
    # every article skipped: only the two list pages were fetched, not page 3
    assert site.fetched() == [VNEXPRESS, "https://vnexpress.net/kinh-doanh-p2"]


def test_skip_url_resumes_without_refetching(
    site: FakeSite, make_fetcher: Callable[..., Fetcher]
) -> None:
    serve_articles(site)
    feed = f"{SITE}/rss.xml"
    site.routes[feed] = httpx.Response(200, content=rss(ARTICLES))
    stored: set[str] = set()
    # first run, interrupted after two documents
    for item in collect([feed], fetcher=make_fetcher(), skip_url=stored.__contains__):
        assert isinstance(item, RawDocument)
        stored.add(item.url)
        if len(stored) == 2:
            break
    site.requests.clear()
    rest = list(collect([feed], fetcher=make_fetcher(), skip_url=stored.__contains__))
    assert [d.url for d in docs(rest)] == ARTICLES[2:]
    assert site.fetched() == [feed, *ARTICLES[2:]]
