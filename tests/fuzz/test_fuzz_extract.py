"""Fuzzing the extractor (HTML and plain text) and the legacy-encoding decoder.

Whatever the input, the answer is an article or one of doingoai's own errors
naming the input, never another exception; what comes out is text in NFC.
"""

from __future__ import annotations

import json
import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from doingoai.errors import DoingoaiError
from doingoai.extract import extract, extract_html, extract_text
from doingoai.text import decode_bytes
from tests.fuzz.strategies import html_fragments, pages, words


def _sound(article: object) -> None:
    record = article.to_dict()  # type: ignore[attr-defined]
    json.dumps(record, ensure_ascii=False)
    for key in ("title", "lead", "text"):
        value = record[key]
        assert isinstance(value, str)
        assert unicodedata.is_normalized("NFC", value), (key, value)


@given(pages())
@example("<html><body>" + "<div>" * 3000 + "chữ" + "</div>" * 3000 + "</body></html>")
@example("<html><body><p>Hà Nội<p><b><i>phố cổ</b></i><table><td>x</html>")
def test_html_pages(page: str) -> None:
    try:
        article = extract_html(page, source="fuzz.html")
    except DoingoaiError as err:
        assert "fuzz.html" in str(err)
    else:
        _sound(article)


@given(html_fragments())
def test_html_fragments(fragment: str) -> None:
    try:
        _sound(extract_html(fragment, source="fuzz.html"))
    except DoingoaiError as err:
        assert "fuzz.html" in str(err)


@given(st.lists(words, max_size=12).map("\n\n".join))
@example("Tiêu đề\n\n" + "Đoạn văn dài về Hà Nội. " * 40 + "\n\nTin liên quan\n\nBài khác")
def test_plain_text(text: str) -> None:
    try:
        _sound(extract_text(text, source="fuzz.txt"))
    except DoingoaiError as err:
        assert "fuzz.txt" in str(err)


@given(st.binary(max_size=3000))
@example(b"\xff\xfe<\x00h\x00t\x00m\x00l\x00>\x00")
@example(b"H\xe0 N\xf4\xf2i, th\xe0nh ph\xf4\xec" + b"\x00\x01")
def test_any_bytes(data: bytes) -> None:
    try:
        result = extract(data, source="fuzz.bin")
    except DoingoaiError as err:
        assert "fuzz.bin" in str(err)
    else:
        _sound(result.article)


LEGACY = ["cp1258", "utf-8", "utf-16", "latin-1"]


@given(words, st.sampled_from(LEGACY))
def test_decoder_reads_back_what_was_encoded(text: str, encoding: str) -> None:
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return  # the encoding cannot carry this text
    decoded = decode_bytes(data, source="fuzz.txt")
    assert unicodedata.is_normalized("NFC", decoded.text)
    if encoding.startswith("utf") and text.strip():
        assert decoded.text.strip() == unicodedata.normalize("NFC", text).strip()


@given(st.binary(max_size=2000))
def test_decoder_on_any_bytes(data: bytes) -> None:
    try:
        decoded = decode_bytes(data, source="fuzz.bin")
    except DoingoaiError as err:
        assert "fuzz.bin" in str(err)
    else:
        assert unicodedata.is_normalized("NFC", decoded.text)
