"""HTML → Article on real pages (read from ../shared/data) and on bad input."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from doingoai.errors import NoArticleError
from doingoai.extract.html import extract_html
from doingoai.text import encode_legacy

VN = timezone(timedelta(hours=7))


def _vn(shared_data: Path, name: str) -> bytes:
    return (shared_data / "extraction" / "vn-news" / "html" / name).read_bytes()


# ------------------------------------------------------------ Vietnamese outlets


@pytest.mark.parametrize(
    ("page", "title", "published", "in_body"),
    [
        (
            "vnexpress_article.html",
            "Cách các nước đối phó cú sốc năng lượng từ Trung Đông",
            datetime(2026, 3, 7, 0, 5, tzinfo=VN),
            "Trung Đông",
        ),
        (
            "dantri_article.html",
            "Giá vàng giảm, vẫn cao hơn thế giới gần 20 triệu đồng/lượng",
            datetime(2026, 3, 7, 8, 7, tzinfo=VN),
            "Giá vàng trong nước tiếp tục giảm",
        ),
        (
            "tuoitre_article.html",
            "Chiến sự đẩy giá hoa nhập khẩu dịp 8-3 tăng mạnh",
            datetime(2026, 3, 7, 8, 1, 53, tzinfo=VN),
            "Xung đột ở khu vực Trung Đông",
        ),
        (
            "nld_article.html",
            # og:title and <title> agree on this wording; the <h1> says "quy định mới về thuế"
            "Những sai sót hộ kinh doanh thường gặp khi thực hiện quy định thuế mới",
            datetime(2026, 3, 7, 8, 6, tzinfo=VN),
            "Chính phủ vừa ban hành Nghị định 68/2026/NĐ-CP",
        ),
    ],
)
def test_vietnamese_outlets(
    shared_data: Path, page: str, title: str, published: datetime, in_body: str
) -> None:
    article = extract_html(_vn(shared_data, page), source=page)
    assert article.title == title
    assert article.published_at is not None
    assert article.published_at.utcoffset() == timedelta(hours=7)
    assert abs(article.published_at - published) < timedelta(minutes=1)
    assert in_body in article.text
    assert article.language == "vi"
    assert article.lead and article.lead in article.text
    assert len(article.paragraphs) >= 4
    assert article.outlet
    assert article.url.startswith("https://")


@pytest.mark.parametrize(
    "page",
    ["vnexpress_article.html", "dantri_article.html", "tuoitre_article.html", "nld_article.html"],
)
def test_vietnamese_outlets_keep_related_news_out_of_the_body(shared_data: Path, page: str) -> None:
    """Headlines of the outlet's section list page never show up in the article body."""
    from selectolax.lexbor import LexborHTMLParser

    article = extract_html(_vn(shared_data, page), source=page)
    list_page = _vn(shared_data, page.replace("_article", "_list")).decode("utf-8", "replace")
    headlines = {" ".join(a.text(deep=True).split()) for a in LexborHTMLParser(list_page).css("a")}
    body = " ".join(article.text.split())
    # the list page shows this article too: its own title and sapo do not count
    own = (article.title, article.lead)
    leaked = [h for h in headlines if len(h) > 40 and h in body and not any(h in o for o in own)]
    assert leaked == []
    for caption in article.captions:
        assert all(caption != p.text for p in article.paragraphs)
    for line in ("Tin liên quan", "Xem thêm", "Đọc thêm", "Tin khác"):
        assert all(not p.text.startswith(line) for p in article.paragraphs)


def test_vnexpress_fundus_page_fields(shared_data: Path) -> None:
    base = shared_data / "extraction" / "fundus" / "vn"
    truth = json.loads((base / "VnExpress.json").read_text(encoding="utf-8"))["V1"]
    html = gzip.decompress((base / "VnExpress_2025_10_22.html.gz").read_bytes())
    article = extract_html(html, url="https://vnexpress.net/x-4954454.html")
    assert article.title == truth["title"]
    assert article.authors == truth["authors"]
    assert article.lead == truth["body"]["summary"][0]
    body = [p for s in truth["body"]["sections"] for p in s["paragraphs"]]
    caption = "Y bác sĩ nội soi cho bệnh nhân. Ảnh: Bệnh viện cung cấp"
    assert [p.text for p in article.paragraphs] == [p for p in body if p != caption]
    assert caption in article.captions
    assert any(img.caption == caption and img.src.startswith("https://") for img in article.images)
    assert article.published_at is not None and article.published_at.utcoffset() == timedelta(
        hours=7
    )


# ------------------------------------------------------------ other languages


@pytest.mark.parametrize(
    ("key", "first_words", "last_words"),
    [
        ("042bb7b5feda", "Gaming used to be so simple.", None),
        ("0d46122928b6", None, None),
    ],
)
def test_scrapinghub_pages_start_where_the_article_starts(
    shared_data: Path, key: str, first_words: str | None, last_words: str | None
) -> None:
    base = shared_data / "extraction" / "scrapinghub"
    truth = json.loads((base / "ground-truth.json").read_text(encoding="utf-8"))
    full = next(k for k in truth if k.startswith(key))
    html = gzip.decompress((base / "html" / f"{full}.html.gz").read_bytes())
    article = extract_html(html, url=truth[full]["url"])
    expected = truth[full]["articleBody"]
    first = first_words or expected.split("\n")[0][:60]
    assert article.text.startswith(first[:40]) or first[:40] in article.text[:400]
    assert article.url.startswith("https://")
    assert article.title


@pytest.mark.parametrize(
    ("page", "title"),
    [
        # the site name after the headline, named nowhere else on the page
        ("it/Tageszeitung_2025_04_16.html.gz", "„Unermüdlicher Einsatz“"),
        ("de/BoersenZeitung_2024_10_23.html.gz", "Steigende US-Zinsen setzen Dax zu"),
        (
            "de/Golem_2024_04_28.html.gz",
            "LTE-Patent: Samsung soll wegen Patentklage Smartphones zerstören",
        ),
        # "Headline * Site * by Author"
        (
            "us/TheGatewayPundit_2026_07_19.html.gz",
            "As Protests Grow Over Dismissal of Defense Minister Fedorov, Zelensky Is Now "
            "Considering Firing Top General Syrsky",
        ),
        # a dash inside the headline is no site separator, and stays as written
        (
            "de/WAZ_2023_06_29.html.gz",
            "Übergewicht & Adipositas: Abnehmspritze kommt - So teuer wird sie",
        ),
        (
            "us/BusinessInsider_2025_04_01.html.gz",
            "A woman who lost 130 pounds shares 7 changes she wasn't expecting — from people "
            "being nicer to her to food tasting different",
        ),
        # the <h1> and <title> carry a kicker the og:title leaves out
        ("de/NTV_2025_12_12.html.gz", "Trump spricht nach Tanker-Stürmung über Bodeneinsätze"),
    ],
)
def test_fundus_titles(shared_data: Path, page: str, title: str) -> None:
    base = shared_data / "extraction" / "fundus"
    country, name = page.split("/")
    info = json.loads((base / country / "meta.info").read_text(encoding="utf-8"))
    html = gzip.decompress((base / page).read_bytes())
    assert extract_html(html, url=info[name]["url"]).title == title


# ------------------------------------------------------------ bad input

ARTICLE = (
    "<html lang='vi'><head><meta charset='{charset}'><title>{title}</title></head><body>"
    "<nav><a href='/'>Trang chủ</a> <a href='/thoi-su'>Thời sự</a></nav>"
    "<article><h1>{title}</h1>{paras}</article>"
    "<footer>Bản quyền thuộc về Báo Hà Nội</footer></body></html>"
)
PARAS = [
    "Thành phố Hà Nội đẩy mạnh công tác thông tin đối ngoại, giới thiệu hình ảnh Thủ đô "
    "văn hiến, văn minh, hiện đại tới bạn bè quốc tế trong năm nay.",
    "Sở Thông tin và Truyền thông tổ chức hội nghị tổng kết công tác, đánh giá kết quả, "
    "chỉ ra hạn chế và đề ra nhiệm vụ cho giai đoạn tiếp theo.",
    "Các đơn vị báo chí của thành phố đã xuất bản hàng nghìn tin, bài bằng tiếng Anh, "
    "tiếng Pháp và tiếng Trung, được độc giả nước ngoài đón nhận.",
]
TITLE = "Hà Nội đẩy mạnh thông tin đối ngoại"


def _page(charset: str = "utf-8", paras: list[str] = PARAS) -> str:
    return ARTICLE.format(charset=charset, title=TITLE, paras="".join(f"<p>{p}</p>" for p in paras))


@pytest.mark.parametrize(
    ("closing", "authors"),
    [
        ("Minh Anh", ["Minh Anh"]),
        ("Hà Thu (tổng hợp)", ["Hà Thu"]),
        ("Lan Hương (theo Reuters)", ["Lan Hương"]),
    ],
)
def test_a_name_closing_the_article_is_its_byline(closing: str, authors: list[str]) -> None:
    # VnExpress closes an article with "Hà Thu (tổng hợp)": the name is the
    # author, "(tổng hợp)" (compiled) her role; neither stays in the body.
    article = extract_html(_page(paras=[*PARAS, closing]))
    assert article.authors == authors
    assert [p.text for p in article.paragraphs][-1] == PARAS[-1]


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><nav><a href='/a'>Trang chủ</a><a href='/b'>Thời sự</a></nav></body></html>",
        "<html><head><title>Đăng nhập</title></head><body><form><input name=u>"
        "<button>Đăng nhập</button></form></body></html>",
        "",
        "<html><body><footer>© 2026 Báo Hà Nội. Bản quyền thuộc về tòa soạn.</footer></body></html>",
    ],
)
def test_page_without_article_raises_naming_the_source(html: str) -> None:
    with pytest.raises(NoArticleError, match=r"page\.html"):
        extract_html(html, source="page.html")


def test_invalid_utf8_is_read_with_a_warning() -> None:
    data = _page().encode("utf-8").replace("tổng kết".encode(), b"t\xff\xfeng k\xc3t")
    article = extract_html(data, source="broken.html")
    assert article.title == TITLE
    assert PARAS[0] in article.text
    assert article.warnings


def test_wrong_charset_declaration_does_not_garble_utf8() -> None:
    data = _page(charset="iso-8859-1").encode("utf-8")
    article = extract_html(data, source="declared-latin1.html")
    assert article.title == TITLE
    assert [p.text for p in article.paragraphs] == PARAS


def test_cp1258_page_declared_utf8_is_decoded() -> None:
    data = encode_legacy(_page(charset="utf-8"), "cp1258")
    article = extract_html(data, source="cp1258.html")
    assert article.title == TITLE
    assert PARAS[1] in article.text
    assert any("encoding" in w for w in article.warnings)


def test_mixed_utf8_and_vni_lines() -> None:
    """A UTF-8 page with one paragraph pasted in VNI (its own line, as pages are written)."""
    html = _page(paras=[*PARAS[:1], "@@LEGACY@@", *PARAS[2:]])
    head, tail = html.split("@@LEGACY@@")
    data = head.encode() + b"\n<p>" + encode_legacy(PARAS[1], "vni") + b"</p>\n" + tail.encode()
    article = extract_html(data, source="mixed.html")
    assert [p.text for p in article.paragraphs] == PARAS
    assert any("vni" in w for w in article.warnings)


@pytest.mark.parametrize(
    ("lead_html", "lead"),
    [
        # blocks side by side without whitespace between them stay apart
        (
            "<div class='sapo'><div>Hà Nội công bố kế hoạch</div><div>thông tin đối ngoại "
            "năm 2026 của thành phố</div></div>",
            "Hà Nội công bố kế hoạch thông tin đối ngoại năm 2026 của thành phố",
        ),
        (
            "<div class='sapo'>Hà Nội công bố kế hoạch<br>thông tin đối ngoại năm 2026 của "
            "thành phố</div>",
            "Hà Nội công bố kế hoạch thông tin đối ngoại năm 2026 của thành phố",
        ),
        # inline elements join as written
        (
            "<p class='sapo'><b>H</b>à Nội công bố kế hoạch <em>thông tin</em> đối ngoại "
            "năm 2026 của thành phố</p>",
            "Hà Nội công bố kế hoạch thông tin đối ngoại năm 2026 của thành phố",
        ),
    ],
)
def test_lead_text_keeps_words_apart(lead_html: str, lead: str) -> None:
    html = _page().replace(f"<h1>{TITLE}</h1>", f"<h1>{TITLE}</h1>{lead_html}")
    article = extract_html(html, source="lead.html")
    assert article.lead == lead
    assert [p.text for p in article.paragraphs] == PARAS


@pytest.mark.parametrize(
    ("block", "kept"),
    [
        # a subheading whose anchor name looks like a navigation class
        ("<h3 class='subheading nav_ket_qua__1'>Kết quả sau một năm</h3>", "Kết quả sau một năm"),
        # "consent" in the text of the article is no cookie banner
        (
            "<p>The principle of Free, Prior and Informed Consent to any activity that affects "
            "their lands was adopted by the assembly.</p>",
            "Informed Consent to any activity",
        ),
        # a link in a sentence, whatever its class says
        (
            "<p>Chi tiết có trong bài <a class='internal-link' href='/a'>Kế hoạch thông tin "
            "đối ngoại</a> đã đăng trên báo.</p>",
            "trong bài Kế hoạch thông tin đối ngoại đã đăng",
        ),
        # text wrapped in a page builder's "widget" boxes
        (
            "<div class='elementor-widget-container'><p>Các chương trình giao lưu văn hóa "
            "được tổ chức tại nhiều nước trong năm.</p></div>",
            "Các chương trình giao lưu văn hóa",
        ),
        # a pull quote written as a sentence closes the article
        (
            "<h4>Thông tin đối ngoại là cầu nối giữa Thủ đô và bạn bè quốc tế.</h4>",
            "Thông tin đối ngoại là cầu nối giữa Thủ đô và bạn bè quốc tế.",
        ),
    ],
)
def test_article_blocks_that_look_like_furniture_are_kept(block: str, kept: str) -> None:
    html = _page(paras=PARAS[:2]).replace("</article>", f"{block}<p>{PARAS[2]}</p></article>")
    if block.startswith("<h4>"):  # at the very end
        html = _page().replace("</article>", f"{block}</article>")
    article = extract_html(html, source="kept.html")
    assert kept in article.text
    assert [p.text for p in article.paragraphs if p.text in PARAS] == PARAS


@pytest.mark.parametrize(
    ("block", "caption"),
    [
        ("<p>Empfohlener redaktioneller Inhalt</p><p>YouTube-Inhalte erlauben</p>", ""),
        ("<p>Kommentarfeed | Kommentare geschlossen | Trackback-URL</p>", ""),
        (
            "<p>Legende: Biden traf sich am Samstagabend mit seinen Sicherheitsberatern.</p>",
            "Legende: Biden traf sich am Samstagabend mit seinen Sicherheitsberatern.",
        ),
    ],
)
def test_embed_placeholders_and_captions_stay_out_of_the_body(block: str, caption: str) -> None:
    html = _page(paras=PARAS[:2]).replace("</article>", f"{block}<p>{PARAS[2]}</p></article>")
    article = extract_html(html, source="embed.html")
    assert [p.text for p in article.paragraphs] == PARAS
    assert article.captions == ([caption] if caption else [])


def test_str_input_and_bytes_input_agree() -> None:
    html = _page()
    assert extract_html(html).to_dict() == extract_html(html.encode("utf-8")).to_dict()


def test_boilerplate_is_not_in_the_body() -> None:
    article = extract_html(_page(), url="https://hanoimoi.vn/bai-1.html")
    assert [p.text for p in article.paragraphs] == PARAS
    assert "Trang chủ" not in article.text and "Bản quyền" not in article.text
    assert article.outlet == "hanoimoi.vn"
    assert article.url == "https://hanoimoi.vn/bai-1.html"


_BIG_PAGE_SCRIPT = """
from doingoai.extract.html import extract_html
para = "<p>" + "Thành phố Hà Nội đẩy mạnh công tác thông tin đối ngoại năm nay. " * 5 + "</p>"
filler = "<div class='item'><a href='/tin/{0}.html'>Tin số {0} trong ngày</a></div>"
chunks = ["<html><head><title>Trang rất lớn</title></head><body><article><h1>Trang rất lớn</h1>"]
chunks += [para] * 5
chunks.append("</article><section>")
size = sum(map(len, chunks))
i = 0
while size < 50_000_000:
    piece = filler.format(i)
    chunks.append(piece)
    size += len(piece)
    i += 1
html = "".join(chunks).encode("utf-8")
del chunks
article = extract_html(html, source="big.html")
assert article.title == "Trang rất lớn", article.title
assert "thông tin đối ngoại" in article.text
assert any("cut" in w for w in article.warnings), article.warnings
# VmHWM is this process's own peak; ru_maxrss would carry over the peak of
# the (large) test process that forked it, across the exec.
with open("/proc/self/status") as fh:
    hwm = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
print(len(html), hwm)
"""


@pytest.mark.slow
def test_fifty_megabyte_page_is_cut_and_extracted_within_memory() -> None:
    out = subprocess.run(
        [sys.executable, "-c", _BIG_PAGE_SCRIPT], capture_output=True, text=True, check=True
    ).stdout.split()
    size, peak_kib = int(out[0]), int(out[1])
    assert size >= 50_000_000
    # the page itself is 50 MB; parsing it whole would need several times that
    assert peak_kib < 450 * 1024
