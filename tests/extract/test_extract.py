"""doingoai.extract: the public API, decoding, HTML/text dispatch, batch records."""

from __future__ import annotations

import gzip
import io
import subprocess
import sys
from pathlib import Path

import pytest

import doingoai.extract as ex
from doingoai.errors import DecodeError, NoArticleError
from doingoai.extract import RECORD_KEYS, Extraction, extract, extract_inputs, looks_like_html

PARAGRAPH = (
    "Sáng nay, Ủy ban nhân dân thành phố Hà Nội tổ chức hội nghị tổng kết công tác thông tin "
    "đối ngoại năm nay với sự tham gia của đại diện các sở, ban, ngành và quận, huyện."
)
HTML_PAGE = f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>Hội nghị thông tin đối ngoại | Báo Mẫu</title></head>
<body><nav><a href="/">Trang chủ</a> <a href="/thoi-su">Thời sự</a></nav>
<article><h1>Hội nghị thông tin đối ngoại</h1>
<p>{PARAGRAPH}</p><p>{PARAGRAPH.replace("Sáng nay", "Chiều qua")}</p>
<p>{PARAGRAPH.replace("Sáng nay", "Tối qua")}</p></article>
<footer>© Báo Mẫu</footer></body></html>
"""


def test_public_api() -> None:
    assert sorted(ex.__all__) == sorted(
        [
            "RECORD_KEYS",
            "Article",
            "Extraction",
            "Image",
            "Paragraph",
            "Related",
            "extract",
            "extract_html",
            "extract_inputs",
            "extract_text",
            "looks_like_html",
        ]
    )
    for name in ex.__all__:
        assert getattr(ex, name) is not None


def test_import_is_cheap() -> None:
    """Importing doingoai.extract loads neither the HTML stack nor Django."""
    code = (
        "import sys, doingoai.extract; "
        "print(sorted(m for m in ('selectolax', 'trafilatura', 'htmldate', 'django', "
        "'warcio') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_seed_bytes(seed_path: Path) -> None:
    result = extract(seed_path.read_bytes(), source=str(seed_path))
    assert isinstance(result, Extraction)
    assert result.format == "text"
    assert (result.detected, result.converted_from) == ("utf-8", None)
    assert result.article.title.startswith("Thông tin đối ngoại")
    assert result.article.authors == ["Bảo Duy"]


def test_html_dispatch() -> None:
    result = extract(HTML_PAGE.encode("utf-8"), url="https://bao-mau.vn/hoi-nghi.html")
    assert result.format == "html"
    article = result.article
    assert article.title == "Hội nghị thông tin đối ngoại"
    assert "Chiều qua, Ủy ban nhân dân" in article.text
    assert "Trang chủ" not in article.text


def test_record_keys(seed_path: Path) -> None:
    record = extract(seed_path.read_bytes()).to_dict(path="seed.txt")
    assert tuple(record) == RECORD_KEYS
    assert record["path"] == "seed.txt"
    assert record["encoding"] == {"detected": "utf-8", "converted_from": None}
    assert record["published_at"] is None
    assert len(record["related"]) == 19
    assert set(record["related"][0]) == {"title", "url", "summary"}
    assert record["text"].startswith("Ngày 2.6, Sở Thông tin")


@pytest.mark.parametrize(
    ("text", "content_type", "expected"),
    [
        (HTML_PAGE, None, True),
        ("  \n<html><body><p>x</p></body></html>", None, True),
        ("<p>Một đoạn.</p>\n<p>Đoạn hai.</p>", None, True),
        ("\ufeff<!doctype html><title>x</title>", None, True),
        ("Tiêu đề\n\nĐoạn văn có dấu < và > nhưng không phải HTML.", None, False),
        ("Tiêu đề\n\nĐoạn văn.", "text/html; charset=utf-8", True),
        (HTML_PAGE, "text/plain", False),
        ("Hướng dẫn: dùng thẻ <p> để xuống dòng.", None, False),
    ],
)
def test_looks_like_html(text: str, content_type: str | None, expected: bool) -> None:
    assert looks_like_html(text, content_type) is expected


def test_text_input_is_not_decoded(seed_path: Path) -> None:
    result = extract(seed_path.read_text("utf-8"))
    assert (result.detected, result.converted_from) == ("unicode", None)


def test_declared_charset_is_used() -> None:
    data = "Café au lait\n\nUne tasse de café, s'il vous plaît, avec du lait chaud.\n\nMerci.\n"
    result = extract(data.encode("latin-1"), content_type="text/plain; charset=ISO-8859-1")
    assert result.article.title == "Café au lait"
    assert "tasse de café" in result.article.text
    assert result.format == "text"


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", NoArticleError),
        (b"   \n\n  ", NoArticleError),
        (b"\x00\x01\x02binary\x00" * 20, DecodeError),
        (b"<html><body><nav>menu</nav></body></html>", NoArticleError),
    ],
)
def test_bad_documents(data: bytes, error: type[Exception]) -> None:
    with pytest.raises(error, match="doc-7"):
        extract(data, source="doc-7")


def test_extract_inputs_batch_goes_on(tmp_path: Path, seed_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(HTML_PAGE.encode()))
    records = list(
        extract_inputs(
            [str(tmp_path / "missing.html"), str(seed_path), "-", str(tmp_path)],
            stdin=io.BytesIO(seed_path.read_bytes()),
        )
    )
    assert [r["path"] for r in records] == [
        str(tmp_path / "missing.html"),
        str(seed_path),
        "-",
        str(tmp_path / "empty.txt"),
        str(tmp_path / "page.html.gz"),
    ]
    assert [("error" in r) for r in records] == [True, False, False, True, False]
    assert "missing.html" in records[0]["error"]
    assert "empty.txt" in records[3]["error"]
    assert records[4]["title"] == "Hội nghị thông tin đối ngoại"
    assert records[1]["title"] == records[2]["title"]


def test_url_option_fills_missing_url(seed_path: Path) -> None:
    (record,) = extract_inputs([str(seed_path)], url="https://laodongthudo.vn/x.html")
    assert record["url"] == "https://laodongthudo.vn/x.html"
    assert record["outlet"] == "laodongthudo.vn"


def test_invalid_utf8_is_read_with_a_warning(seed_path: Path) -> None:
    """A stray invalid byte does not lose the document; the record says the encoding
    was guessed."""
    data = seed_path.read_bytes().replace(b"\n\nT", b"\n\n\xff\xfeT", 1)
    (record,) = extract_inputs(["-"], stdin=io.BytesIO(data))
    assert "error" not in record
    assert record["title"].startswith("Thông tin đối ngoại")
    assert "Tại Hội nghị, đại diện Sở TT Hà Nội" in record["text"]
    assert any("encoding guessed" in w or "undecodable" in w for w in record["warnings"])


def test_utf8_html_bytes_are_read_without_a_guess() -> None:
    """Valid UTF-8 HTML is read as such: no "encoding guessed" warning in the record."""
    result = extract(HTML_PAGE.encode("utf-8"))
    assert (result.format, result.detected, result.converted_from) == ("html", "utf-8", None)
    assert result.article.warnings == []
    assert result.article.title == "Hội nghị thông tin đối ngoại"


def test_html_bytes_with_mojibake_are_repaired_and_recorded() -> None:
    # a page whose UTF-8 was read as cp1252 once and saved again as UTF-8
    broken = HTML_PAGE.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8")
    result = extract(broken)
    assert (result.format, result.detected, result.converted_from) == (
        "html",
        "utf-8",
        "mojibake",
    )
    assert result.article.title == "Hội nghị thông tin đối ngoại"
    # "à" is "Ã" + a no-break space once broken: repaired before parsing, not after
    assert "Sáng nay, Ủy ban nhân dân thành phố Hà Nội" in result.article.text
    assert "text converted from mojibake" in result.article.warnings
    record = result.to_dict(path="page.html")
    assert record["encoding"] == {"detected": "utf-8", "converted_from": "mojibake"}


def test_html_bytes_in_a_declared_legacy_charset() -> None:
    page = HTML_PAGE.replace('charset="utf-8"', 'charset="iso-8859-1"')
    page = page.replace("Hội nghị thông tin đối ngoại", "Café de la Paix")
    data = page.encode("latin-1", errors="replace")
    result = extract(data, content_type="text/html; charset=ISO-8859-1")
    assert result.format == "html"
    assert result.article.title == "Café de la Paix"


def test_record_holds_every_field_of_the_article() -> None:
    from dataclasses import fields

    from doingoai.extract.article import Article, Image, Paragraph, Related

    article = Article(
        title="Tiêu đề",
        paragraphs=[Paragraph("Đoạn một."), Paragraph("Tiểu mục", "h")],
        images=[Image("a.jpg", "Ảnh")],
        related=[Related("Tin khác", "https://bao-mau.vn/tin-khac-12345.html")],
    )
    data = article.to_dict()
    assert {f.name for f in fields(Article)} <= set(data)
    assert data["paragraphs"] == ["Đoạn một.", "Tiểu mục"]
    assert data["subheadings"] == ["Tiểu mục"]
    assert data["images"] == [{"src": "a.jpg", "caption": "Ảnh"}]
    assert data["related"][0]["url"] == "https://bao-mau.vn/tin-khac-12345.html"


def test_html_bytes_with_a_byte_order_mark() -> None:
    result = extract(b"\xef\xbb\xbf" + HTML_PAGE.encode("utf-8"))
    assert (result.format, result.detected, result.converted_from) == ("html", "utf-8", None)
    assert result.article.title == "Hội nghị thông tin đối ngoại"
