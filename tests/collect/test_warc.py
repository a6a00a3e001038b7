"""WARC files written in the test with warcio: documents, broken records, truncation."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from doingoai.collect import Failure, RawDocument, read_warc

PAGES = [
    (
        "https://hanoimoi.example.vn/pho-co-don-khach-1001.html",
        "200 OK",
        "text/html; charset=utf-8",
    ),
    ("https://hanoimoi.example.vn/anh/pho-co.jpg", "200 OK", "image/jpeg"),
    ("https://hanoimoi.example.vn/cu", "301 Moved Permanently", "text/html"),
    ("https://hanoimoi.example.vn/le-hoi-mua-xuan-1002.html", "200 OK", "text/html"),
    ("https://hanoimoi.example.vn/ban-tin.txt", "200 OK", "text/plain; charset=utf-8"),
]


def _body(url: str, ctype: str) -> bytes:
    if ctype.startswith("image/"):
        return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256))
    if ctype.startswith("text/plain"):
        return "Bản tin đối ngoại tuần này.".encode()
    return f"<html><head><title>{url}</title></head><body><p>Hà Nội</p></body></html>".encode()


def write_warc(gz: bool) -> tuple[bytes, list[int]]:
    """A WARC holding a request record and PAGES; returns it and record offsets."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    request = writer.create_warc_record(
        PAGES[0][0],
        "request",
        payload=io.BytesIO(b"GET / HTTP/1.1\r\nHost: hanoimoi.example.vn\r\n\r\n"),
    )
    writer.write_record(request)
    for url, status, ctype in PAGES:
        headers = StatusAndHeaders(
            status,
            [("Content-Type", ctype), ("ETag", '"e1"'), ("Server", "nginx")],
            protocol="HTTP/1.1",
        )
        record = writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(_body(url, ctype)),
            http_headers=headers,
            warc_headers_dict={"WARC-Date": "2026-03-07T01:02:03Z"},
        )
        writer.write_record(record)
    data = buf.getvalue()
    iterator = ArchiveIterator(io.BytesIO(data))
    offsets = []
    for _ in iterator:
        offsets.append(iterator.get_record_offset())
    return data, offsets


def _urls(items: list[RawDocument | Failure]) -> list[str]:
    return [i.url for i in items if isinstance(i, RawDocument)]


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
def test_html_and_text_responses_become_documents(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    path.write_bytes(write_warc(gz)[0])
    items = list(read_warc(path))
    assert not [i for i in items if isinstance(i, Failure)]
    docs = [i for i in items if isinstance(i, RawDocument)]
    assert [d.url for d in docs] == [PAGES[0][0], PAGES[3][0], PAGES[4][0]]
    first = docs[0]
    assert first.data == _body(PAGES[0][0], PAGES[0][2])
    assert first.source == str(path)
    assert first.fetched_at == datetime(2026, 3, 7, 1, 2, 3, tzinfo=UTC)
    assert first.headers == {"content-type": "text/html; charset=utf-8", "etag": '"e1"'}
    assert [d.kind for d in docs] == ["html", "html", "text"]


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
def test_broken_record_is_a_failure_and_reading_goes_on(tmp_path: Path, gz: bool) -> None:
    data, offsets = write_warc(gz)
    broken = bytearray(data)
    start = offsets[1]  # the first response record
    if gz:
        broken[start + 20 : start + 60] = b"\x00" * 40
    else:
        broken[start : start + 8] = b"WARC/9.X"
    path = tmp_path / "broken.warc"
    path.write_bytes(bytes(broken))
    items = list(read_warc(path))
    failures = [i for i in items if isinstance(i, Failure)]
    assert len(failures) == 1
    assert failures[0].source == str(path)
    assert failures[0].reason.startswith(f"broken record at byte {start} ")
    assert _urls(items) == [PAGES[3][0], PAGES[4][0]]


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
@pytest.mark.parametrize("cut", [30, 400])
def test_truncated_warc(tmp_path: Path, gz: bool, cut: int) -> None:
    data, _ = write_warc(gz)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[:-cut])
    items = list(read_warc(path))
    failures = [i for i in items if isinstance(i, Failure)]
    assert len(failures) == 1
    assert "truncated" in failures[0].reason
    assert str(path) in str(failures[0])
    # what was complete is kept
    assert _urls(items)[:2] == [PAGES[0][0], PAGES[3][0]]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"this is not a warc file\n" * 3, "not a WARC record"),
        (b"WARC/1.0\r\nWARC-Type: response\r\n", "broken or truncated record at byte 0"),
    ],
)
def test_not_a_warc(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "x.warc"
    path.write_bytes(content)
    (failure,) = list(read_warc(path))
    assert isinstance(failure, Failure)
    assert reason in failure.reason


def test_record_larger_than_the_cap(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    path.write_bytes(write_warc(False)[0])
    items = list(read_warc(path, max_bytes=20))
    assert all(isinstance(i, Failure) and "larger than 20 bytes" in i.reason for i in items)
    assert len(items) == 3


def test_a_record_with_a_bad_length_at_the_end_is_reported(tmp_path: Path) -> None:
    data, _ = write_warc(False)
    path = tmp_path / "bad-length.warc"
    path.write_bytes(
        data + b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://bao-mau.vn/x\r\n"
        b"Content-Length: x\r\n\r\n"
    )
    items = list(read_warc(path))
    failures = [i for i in items if isinstance(i, Failure)]
    assert [(f.source, f.reason) for f in failures] == [
        (
            f"{path} [https://bao-mau.vn/x]",
            "broken WARC record: Content-Length 'x' is not a number",
        )
    ]
    assert _urls(items) == _urls(list(read_warc_bytes(tmp_path, data)))


def read_warc_bytes(tmp_path: Path, data: bytes) -> list[RawDocument | Failure]:
    path = tmp_path / "good.warc"
    path.write_bytes(data)
    return list(read_warc(path))
