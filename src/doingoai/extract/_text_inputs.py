"""Reading the documents named on a command line: files, folders, WARC, stdin.

Each input gives one :class:`Document` per document it holds (a WARC file
one per HTTP response). An input that cannot be read gives a Document with
``error`` set, naming the input, and reading goes on with the next one.
"""

from __future__ import annotations

import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from doingoai._files import DOCUMENT_SUFFIXES, document_files, gunzip, is_gzip
from doingoai.errors import CollectError, ConfigError

__all__ = ["Document", "read_inputs"]

# Leading bytes of common binary formats, to name them in the error.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x7fELF", "an executable"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"(\xb5/\xfd", "a zstd archive"),
    (b"RIFF", "a RIFF media file"),
    (b"OggS", "an Ogg media file"),
)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
#: A .gz document may not decompress to more than this (a gzip bomb would
#: otherwise take all the memory): far above the largest real page.
MAX_GUNZIPPED_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Document:
    """One document to extract: its bytes, or why it could not be read."""

    path: str
    data: bytes = b""
    url: str | None = None
    content_type: str | None = None
    error: str | None = None

    @property
    def name(self) -> str:
        """How messages name this document: the path, and the URL inside a WARC file."""
        return f"{self.path} [{self.url}]" if self.url and self.path != self.url else self.path


def _failed(path: str, message: str) -> Document:
    return Document(path, error=f"{path}: {message}")


def _is_warc_name(name: str) -> bool:
    lower = name.lower()
    return lower.endswith((".warc", ".warc.gz", ".arc", ".arc.gz"))


def _binary_kind(data: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if b"\x00" in data[:4096] and not data.startswith(_UTF16_BOMS):
        return "binary data"
    return None


def _read_bytes(path: str, data: bytes) -> Iterator[Document]:
    if not data:
        yield _failed(path, "empty file")
        return
    if is_gzip(data):
        try:
            data = gunzip(data, limit=MAX_GUNZIPPED_BYTES, source=path)
        except CollectError as err:
            yield Document(path, error=str(err))
            return
        if not data.strip():
            yield _failed(path, "empty file (after gunzip)")
            return
    kind = _binary_kind(data)
    if kind is not None:
        yield _failed(path, f"{kind}, not a text document")
        return
    yield Document(path, data)


def _gzip_tail_complete(path: str, offset: int) -> bool:
    """False when the gzip members from ``offset`` to the end stop short.

    warcio reads a WARC cut inside a compressed record as a clean end; this
    checks the last record and whatever follows it.
    """
    with open(path, "rb") as fh:
        if fh.read(2) != b"\x1f\x8b":
            return True
        fh.seek(offset)
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        pending = b""
        while chunk := pending or fh.read(1 << 16):
            pending = b""
            try:
                inflater.decompress(chunk)
            except zlib.error:
                return False
            if inflater.eof:
                pending = inflater.unused_data
                inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
                if not pending and not (pending := fh.read(1 << 16)):
                    return True
        return False


def _read_warc(path: str) -> Iterator[Document]:
    """The documents of a WARC file, read by the collector's WARC reader
    (:func:`doingoai.collect.warc.read_warc`) with the same limits as
    ``doingoai ingest``: a broken record is reported and reading goes on at the
    next one; a record larger than ``FETCH_MAX_BYTES`` is refused unread."""
    from doingoai.collect.document import Failure
    from doingoai.collect.warc import read_warc

    found = failed = 0
    for item in read_warc(path, max_bytes=_max_bytes()):
        if isinstance(item, Failure):
            failed += 1
            yield Document(path, error=str(item))
            continue
        found += 1
        yield Document(
            path, item.data, url=item.url or None, content_type=item.headers.get("content-type")
        )
    if found == 0 and failed == 0:
        yield _failed(path, "no HTML or text response records in this WARC file")
    elif failed == 0 and not _gzip_tail_complete(path, 0):
        yield _failed(path, "truncated WARC file: it ends inside a record")


def _max_bytes() -> int:
    from doingoai.config import get_setting

    raw = get_setting("FETCH_MAX_BYTES")
    try:
        return int(raw)
    except ValueError as err:
        raise ConfigError(
            f"setting DOINGOAI_FETCH_MAX_BYTES must be a number, not {raw!r}"
        ) from err


def _read_file(path: str) -> Iterator[Document]:
    try:
        size = os.path.getsize(path)
        if _is_warc_name(path) and size > 0:
            yield from _read_warc(path)
            return
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as err:
        yield _failed(path, f"cannot read: {err.strerror or err}")
        return
    if data.startswith(b"WARC/") or (is_gzip(data) and _is_warc_payload(data)):
        yield from _read_warc(path)
        return
    yield from _read_bytes(path, data)


def _is_warc_payload(data: bytes) -> bool:
    try:
        head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[:4096], 16)
    except zlib.error:
        return False
    return head.startswith(b"WARC/")


def read_inputs(paths: Iterable[str], *, stdin: BinaryIO | None = None) -> Iterator[Document]:
    """The documents of each input in turn: ``-`` is standard input, a folder is
    searched recursively for the files named in
    :data:`doingoai._files.DOCUMENT_SUFFIXES`."""
    for path in paths:
        if path == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            try:
                data = stream.read()
            except OSError as err:
                yield _failed("-", f"cannot read standard input: {err}")
                continue
            yield from _read_bytes("-", data)
            continue
        target = Path(path)
        if target.is_dir():
            files = list(document_files(target))
            if not files:
                yield _failed(path, "no " + ", ".join(DOCUMENT_SUFFIXES) + " files in this folder")
            for file in files:
                yield from _read_file(str(file))
        elif target.exists():
            yield from _read_file(path)
        else:
            yield _failed(path, "no such file or folder")
