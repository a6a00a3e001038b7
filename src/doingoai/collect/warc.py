"""WARC files (plain or gzipped): the HTML and text responses they archive.

Each ``response`` (or ``resource``) record with a 2xx status and an HTML or
text body becomes a :class:`RawDocument` with the record's target URI, date
and HTTP headers; other records (requests, metadata, images, redirects) are
passed over. A broken record gives a :class:`Failure` for that record and
reading goes on at the next record that can be found; a truncated file gives
a :class:`Failure` naming it. Among broken records: one whose Content-Length
runs into the next record (in an uncompressed file; the next record is read
from where it starts), one whose body is larger than ``max_bytes`` (never read
whole into memory), and a document record whose target URI is not an http(s)
URL (``javascript:``, ``data:``…).

This is the one WARC reader: ``doingoai ingest`` reads WARC files through
:func:`~doingoai.collect.collect`, ``doingoai extract`` through
:mod:`doingoai.extract._text_inputs`, with the same limits.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from warcio.recordloader import ArcWarcRecord

from doingoai.collect.document import KEPT_HEADERS, Failure, RawDocument, sniff_kind

__all__ = ["read_warc"]

_DOCUMENT_KINDS = frozenset({"html", "text"})
_NOT_DOCUMENT_TYPES = ("image/", "audio/", "video/", "font/", "application/pdf", "application/zip")
_GZIP_MEMBER = b"\x1f\x8b\x08"
_WARC_START = (b"WARC/1.0\r\n", b"WARC/1.1\r\n")
_SCAN_CHUNK = 1 << 20


def _warc_date(value: str | None) -> datetime:
    if value:
        try:
            when = datetime.fromisoformat(value.strip())
        except ValueError:
            pass
        else:
            return when if when.tzinfo is not None else when.replace(tzinfo=UTC)
    return datetime.now(UTC)


def _find(fh: IO[bytes], start: int, markers: tuple[bytes, ...]) -> int | None:
    """Offset of the first of ``markers`` at or after ``start``, or None."""
    overlap = max(len(m) for m in markers) - 1
    position = start
    while True:
        fh.seek(position)
        chunk = fh.read(_SCAN_CHUNK)
        if not chunk:
            return None
        hits = [i for i in (chunk.find(m) for m in markers) if i >= 0]
        if hits:
            return position + min(hits)
        if len(chunk) < _SCAN_CHUNK:
            return None
        position += len(chunk) - overlap


def _document(record: ArcWarcRecord, path: str, max_bytes: int) -> RawDocument | Failure | None:
    """The document a record holds, a Failure for a bad one, None to pass it over."""
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    name = f"{path} [{url or 'record without a URI'}]"
    length = (record.rec_headers.get_header("Content-Length") or "").strip()
    if not length.isdigit():  # warcio reads such a record as empty and goes on
        return Failure(name, f"broken WARC record: Content-Length {length!r} is not a number")
    if record.rec_type not in ("response", "resource"):
        return None
    if not _http_url(url):
        shown = url if len(url) <= 80 else url[:77] + "..."
        shown = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in shown)
        return Failure(
            f"{path} [{shown or 'record without a URI'}]",
            "the record's target URI is not an http(s) URL; skipped",
        )
    headers: dict[str, str] = {}
    if record.http_headers is not None and record.rec_type == "response":
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):
            return None
        for key in KEPT_HEADERS:
            value = record.http_headers.get_header(key)
            if value:
                headers[key] = value
    else:
        ctype = record.rec_headers.get_header("Content-Type") or ""
        if ctype:
            headers["content-type"] = ctype
    declared = headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if declared.startswith(_NOT_DOCUMENT_TYPES):
        return None
    data = record.content_stream().read(max_bytes + 1)
    if len(data) > max_bytes:
        return Failure(name, f"record body larger than {max_bytes} bytes; skipped")
    if record.raw_stream.limit:
        return Failure(name, "the record is truncated (the file ends inside it)")
    kind = sniff_kind(data, headers.get("content-type", ""))
    if kind not in _DOCUMENT_KINDS or not data or data.isspace():
        return None
    return RawDocument(
        data=data,
        url=url,
        source=path,
        fetched_at=_warc_date(record.rec_headers.get_header("WARC-Date")),
        headers=headers,
        kind=kind,
    )


def _http_url(url: str) -> bool:
    """An absolute http(s) URL with a host and no control characters or spaces."""
    if not url.isprintable() or any(c.isspace() for c in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def _overrun(fh: IO[bytes], start: int, declared: str) -> int | None:
    """Where the next record starts when the record at ``start`` declares a
    Content-Length that runs into it (None when the record ends where it says).

    Only for uncompressed files: in a compressed one each record is its own
    gzip member, and a length past the member's end reads as a truncated record.
    """
    fh.seek(start)
    head = fh.read(65536)
    blank = head.find(b"\r\n\r\n")
    if blank < 0 or not declared.isdigit():
        return None
    block = start + blank + 4
    end = block + int(declared)
    fh.seek(end)
    after = fh.read(4)
    if after in (b"\r\n\r\n", b"", b"\r\n", b"\r\n\r"):
        return None
    found = _find(fh, block, tuple(b"\r\n" + m for m in _WARC_START))
    if found is None or found >= end:
        return None
    return found + 2


def _describe(err: BaseException) -> str:
    from warcio.exceptions import ArchiveLoadFailed

    if not isinstance(err, ArchiveLoadFailed):
        return "unreadable record"
    text = str(err).split(", first line:", 1)[0]
    text = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return text[:120] or type(err).__name__


def read_warc(path: str | Path, *, max_bytes: int = 20_000_000) -> Iterator[RawDocument | Failure]:
    """The HTML and text documents archived in the WARC file ``path``."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    name = str(path)
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below, generator-wide
    except OSError as err:
        yield Failure(name, f"cannot read the file ({err.strerror or err})")
        return
    with fh, open(path, "rb") as probe:
        size = fh.seek(0, 2)
        fh.seek(0)
        gzipped = fh.read(2) == b"\x1f\x8b"
        if size == 0:
            yield Failure(name, "empty file")
            return
        markers = (_GZIP_MEMBER,) if gzipped else _WARC_START
        base = 0
        while True:
            fh.seek(base)
            iterator = ArchiveIterator(fh)
            position = base
            resume: int | None = None
            try:
                for record in iterator:
                    # the iterator's offset is where this record starts (absolute)
                    position = iterator.offset
                    if record.format != "warc":  # warcio guesses ARC for anything else
                        raise ArchiveLoadFailed("not a WARC record")
                    length = (record.rec_headers.get_header("Content-Length") or "").strip()
                    if not gzipped and (resume := _overrun(probe, position, length)) is not None:
                        url = record.rec_headers.get_header("WARC-Target-URI") or ""
                        yield Failure(
                            f"{name} [{url or 'record without a URI'}]",
                            f"broken WARC record at byte {position}: its Content-Length "
                            f"({length}) runs into the next record; skipped",
                        )
                        break
                    outcome = _document(record, name, max_bytes)
                    if outcome is not None:
                        yield outcome
                end = iterator.offset
            except Exception as err:  # warcio fails in many ways on damaged data
                position = max(position, iterator.offset)
                detail = _describe(err)
                following = _find(fh, position + 1, markers)
                if following is None:
                    yield Failure(
                        name,
                        f"broken or truncated record at byte {position} ({detail}); "
                        "nothing readable after it",
                    )
                    return
                yield Failure(
                    name, f"broken record at byte {position} ({detail}); skipped to the next"
                )
                base = following
                continue
            if resume is not None:
                base = resume
                continue
            if end < size:
                fh.seek(end)
                if fh.read(4096).strip(b"\r\n\x00 "):
                    yield Failure(
                        name,
                        f"truncated WARC file, or unreadable after byte {end} of {size}: "
                        "the rest of the file was skipped",
                    )
            return
