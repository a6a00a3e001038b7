"""The local inputs shared by collect and extract: a folder's documents, gunzip."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from doingoai._files import document_files, gunzip
from doingoai.errors import CollectError

PAGE = "<html><body><p>Hà Nội mở cửa phố đi bộ.</p></body></html>".encode()


def test_a_folders_documents_in_order(tmp_path: Path) -> None:
    names = [
        "z.HTML",
        "a.txt",
        "b/2.htm.gz",
        "b/1.warc",
        "b/c/3.warc.gz",
        "a/4.html.gz",
        ".hidden/5.html",
        "b/.6.html",
        "ghi-chu.md",
        "anh.jpg",
        "bai.html.bak",
    ]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(PAGE)
    found = [p.relative_to(tmp_path).as_posix() for p in document_files(tmp_path)]
    assert found == ["a.txt", "z.HTML", "a/4.html.gz", "b/1.warc", "b/2.htm.gz", "b/c/3.warc.gz"]


def test_empty_folder(tmp_path: Path) -> None:
    assert list(document_files(tmp_path)) == []


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (gzip.compress(PAGE), PAGE),
        (gzip.compress(PAGE[:20]) + gzip.compress(PAGE[20:]), PAGE),  # two members
        (gzip.compress(PAGE) + b"\x00" * 16, PAGE),  # block padding
        (gzip.compress(PAGE * 50_000), PAGE * 50_000),  # larger than any one read
    ],
    ids=["one-member", "two-members", "padded", "large"],
)
def test_gunzip_without_a_limit(data: bytes, expected: bytes) -> None:
    assert gunzip(data, limit=None, source="bai.html.gz") == expected


@pytest.mark.parametrize(
    ("data", "limit", "message"),
    [
        (gzip.compress(PAGE)[:-12], None, "truncated gzip data"),
        (b"\x1f\x8b\x08\x00not deflate at all", None, "corrupt gzip data"),
        (gzip.compress(PAGE) + b"junk", None, "corrupt gzip data"),
        (gzip.compress(b"\x00" * 100_000), 1_000, "decompresses to more than 1000 bytes"),
    ],
    ids=["truncated", "corrupt", "trailing-junk", "over-the-limit"],
)
def test_gunzip_bad_input_names_it(data: bytes, limit: int | None, message: str) -> None:
    with pytest.raises(CollectError, match=message) as caught:
        gunzip(data, limit=limit, source="tin/bai.html.gz")
    assert str(caught.value).startswith("tin/bai.html.gz: ")
