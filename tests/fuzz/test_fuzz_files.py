"""Fuzzing the readers of files from outside: WARC, XLIFF, TMX and TBX.

A damaged file gives documents and failures naming it (WARC) or one clear
error naming it (the exchange formats, read all or nothing), never another
exception; a file written by doingoai reads back as it was written.
"""

from __future__ import annotations

import io
import sqlite3
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from hypothesis import example, given
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from doingoai.collect.document import Failure, RawDocument
from doingoai.collect.warc import read_warc
from doingoai.errors import InputError
from doingoai.extract._text_inputs import read_inputs
from doingoai.translate.memory import Entry, TranslationMemory
from doingoai.translate.tbx import read_tbx
from doingoai.translate.tmx import export_tmx, import_tmx
from doingoai.translate.xliff import XliffJob, XliffUnit, export_xliff, import_xliff
from doingoai.translate.xliff._model import XML_INVALID
from tests.fuzz.strategies import mutations, words

ROOT = Path(__file__).resolve().parents[2]


def _warc(gz: bool) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for n in range(3):
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        body = f"<html><head><title>Tin {n}</title></head><body><p>Hà Nội {n}</p></body></html>"
        writer.write_record(
            writer.create_warc_record(
                f"https://bao-mau.vn/tin-{n}.html",
                "response",
                payload=io.BytesIO(body.encode()),
                http_headers=headers,
            )
        )
    return buf.getvalue()


WARC = _warc(False)
WARC_GZ = _warc(True)


def _read_warc_bytes(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"crawl{suffix}"
        path.write_bytes(data)
        items = list(read_warc(path, max_bytes=100_000))
        for item in items:
            assert isinstance(item, RawDocument | Failure)
            if isinstance(item, Failure):
                assert item.source.startswith(str(path))
            else:  # a document comes with an http(s) URL fit to store and to link to
                parts = urlsplit(item.url)
                assert parts.scheme == "https" and parts.hostname, item.url
                assert item.url.isprintable() and " " not in item.url, item.url
        # the reader of `doingoai extract` gives one row per item, errors naming the file
        docs = list(read_inputs([str(path)]))
        assert all(d.error is None or d.error.startswith(str(path)) for d in docs)


@given(mutations(WARC))
@example(WARC[:-40])
@example(WARC.replace(b"Content-Length: ", b"Content-Length: 9", 1))
@example(
    WARC.replace(b"https://bao-mau.vn/tin-2", b"https://\x00ao-mau.vn/tin-2")
)  # found by fuzzing
def test_damaged_warc(data: bytes) -> None:
    _read_warc_bytes(data, ".warc")


@given(mutations(WARC_GZ))
@example(WARC_GZ[: len(WARC_GZ) // 2])
def test_damaged_compressed_warc(data: bytes) -> None:
    _read_warc_bytes(data, ".warc.gz")


def test_undamaged_warc_reads_every_document() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "crawl.warc"
        path.write_bytes(WARC)
        assert [d.url for d in read_warc(path)] == [
            f"https://bao-mau.vn/tin-{n}.html" for n in range(3)
        ]


xml_text = words.map(lambda t: XML_INVALID.sub("", t))


@st.composite
def jobs(draw: st.DrawFn) -> XliffJob:
    count = draw(st.integers(1, 5))
    units = [
        XliffUnit(
            id=f"s{n}",
            source=draw(xml_text.filter(str.strip)),
            target=draw(xml_text),
            state=draw(st.sampled_from(["new", "translated"])),
        )
        for n in range(count)
    ]
    return XliffJob("12", "vi", "en", "article:12", units)


@given(jobs(), st.sampled_from(["1.2", "2.0"]))
def test_xliff_reads_back_what_it_wrote(job: XliffJob, version: str) -> None:
    back = import_xliff(export_xliff(job, version), source="job.xlf")
    assert [(u.id, u.source, u.target) for u in back.units] == [
        (u.id, u.source, u.target) for u in job.units
    ]


BASE_XLIFF = export_xliff(
    XliffJob(
        "12",
        "vi",
        "en",
        "article:12",
        [XliffUnit("s1", "Hà Nội đón khách.", "Hanoi welcomes visitors.", "translated")],
    ),
    "1.2",
)


@given(mutations(BASE_XLIFF))
@example(BASE_XLIFF.replace(b"<?xml", b'<!DOCTYPE x [<!ENTITY a "aaaa">]><?xml', 1))
def test_damaged_xliff(data: bytes) -> None:
    try:
        job = import_xliff(data, source="job.xlf")
    except InputError as err:
        assert "job.xlf" in str(err)
    else:
        assert all(isinstance(u.source, str) for u in job.units)


def _tmx() -> bytes:
    tm = TranslationMemory(sqlite3.connect(":memory:"))
    tm.add([Entry("Hà Nội đón khách quốc tế.", "Hanoi welcomes visitors.", "vi", "en")])
    out = io.BytesIO()
    export_tmx(tm, out)
    return out.getvalue()


BASE_TMX = _tmx()


@given(mutations(BASE_TMX))
def test_damaged_tmx(data: bytes) -> None:
    tm = TranslationMemory(sqlite3.connect(":memory:"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "memory.tmx"
        path.write_bytes(data)
        try:
            import_tmx(tm, path, source_lang="vi", target_lang="en")
        except InputError as err:
            assert str(path) in str(err)


BASE_TBX = (ROOT / "src" / "doingoai" / "data" / "terms" / "seed.tbx").read_bytes()
SMALL_TBX = BASE_TBX[: BASE_TBX.index(b"</conceptEntry>", 2000) + 15] + b"</body></text></tbx>"


@given(mutations(SMALL_TBX))
def test_damaged_tbx(data: bytes) -> None:
    try:
        read_tbx("terms.tbx", data=data)
    except InputError as err:
        assert "terms.tbx" in str(err)
