"""One WARC reader, one set of limits, for `doingoai extract` and `doingoai ingest`.

Each case writes a real WARC file with warcio and damages it the way a broken
crawler or archive does; both commands must report the bad record (naming the
file) and read every good one.
"""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from doingoai.cli import cli

PARAGRAPH = (
    "Ủy ban nhân dân thành phố Hà Nội tổng kết công tác thông tin đối ngoại năm nay "
    "với sự tham gia của đại diện các sở, ban, ngành và quận, huyện trên địa bàn."
)


def page(title: str) -> str:
    # the words in another order for every title: the pages are not near duplicates
    words = (PARAGRAPH * 3).split()
    random.Random(title).shuffle(words)
    body = "".join(f"<p>Đoạn {n}. {' '.join(words[n * 30 : n * 30 + 30])}.</p>" for n in range(3))
    return (
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title>'
        f"</head><body><article><h1>{title}</h1>{body}</article></body></html>"
    )


def record(url: str, body: bytes, ctype: str = "text/html; charset=utf-8") -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
    )
    return buf.getvalue()


def gz_record(url: str, body: bytes) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    headers = StatusAndHeaders(
        "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
    )
    writer.write_record(
        writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
    )
    return buf.getvalue()


def url(n: int) -> str:
    return f"https://bao-mau.vn/tin-{n}.html"


def good(n: int) -> bytes:
    return record(url(n), page(f"Tin số {n} về Hà Nội").encode())


def overrun(n: int) -> bytes:
    """A record whose Content-Length claims 300 bytes more than its block holds."""
    data = good(n)
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    for i, line in enumerate(lines):
        if line.lower().startswith(b"content-length:"):
            lines[i] = b"Content-Length: %d" % (int(line.split(b":")[1]) + 300)
    return b"\r\n".join(lines) + b"\r\n\r\n" + rest


CASES = {
    # garbage between two records: what stopped `extract` half-way through a crawl
    "garbage": lambda: good(1) + b"GARBAGE that is no record\r\n\r\n" * 3 + good(2),
    "overrun": lambda: good(1) + overrun(9) + good(2),
    "javascript": lambda: (
        good(1)
        + record("javascript:alert(1)", page("Tin lạ").encode())
        + record("data:text/html,<b>x</b>", page("Tin lạ khác").encode())
        + good(2)
    ),
    # found by fuzzing: a control character in the host (PostgreSQL cannot even store it)
    "control-character": lambda: (
        good(1) + record("https://\x00ao-mau.vn/tin-9.html", page("Tin hỏng").encode()) + good(2)
    ),
    "too-large": lambda: good(1) + record(url(9), page("Tin quá lớn").encode() * 200) + good(2),
    "too-large-gz": lambda: (
        gz_record(url(1), page("Tin số 1 về Hà Nội").encode())
        + gz_record(url(9), page("Tin quá lớn").encode() * 60 + b" " * 3_000_000)
        + gz_record(url(2), page("Tin số 2 về Hà Nội").encode())
    ),
}
REASONS = {
    "garbage": "broken record",
    "overrun": "runs into the next record",
    "javascript": "not an http(s) URL",
    "control-character": "not an http(s) URL",
    "too-large": "larger than 100000 bytes",
    "too-large-gz": "larger than 100000 bytes",
}


@pytest.fixture(autouse=True)
def small_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOINGOAI_FETCH_MAX_BYTES", "100000")


def _write(tmp_path: Path, case: str) -> Path:
    path = tmp_path / ("crawl.warc.gz" if case.endswith("-gz") else "crawl.warc")
    path.write_bytes(CASES[case]())
    return path


@pytest.mark.parametrize("case", list(CASES))
def test_extract_reports_the_bad_record_and_reads_the_rest(tmp_path: Path, case: str) -> None:
    path = _write(tmp_path, case)
    result = CliRunner().invoke(cli, ["extract", str(path)])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["url"] for r in records if "error" not in r] == [url(1), url(2)]
    errors = [r["error"] for r in records if "error" in r]
    assert errors and all(e.startswith(str(path)) for e in errors)
    assert any(REASONS[case] in e for e in errors), errors
    assert result.exit_code == 1


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(CASES))
def test_ingest_reports_the_bad_record_and_stores_the_rest(tmp_path: Path, case: str) -> None:
    from doingoai.enrich.enricher import Enricher
    from doingoai.store.ingest import ingest
    from doingoai.store.models import Article

    path = _write(tmp_path, case)
    report = ingest([str(path)], enricher=Enricher(entities=False), workers=1)
    assert sorted(Article.objects.values_list("url", flat=True)) == [url(1), url(2)]
    assert report.new == 2
    assert report.failed and all(source.startswith(str(path)) for source, _ in report.failed)
    assert any(REASONS[case] in reason for _, reason in report.failed), report.failed
    if case == "javascript":
        assert len(report.failed) == 2  # both records counted, none dropped unseen


def test_utf16_html_is_read_by_both_commands(tmp_path: Path) -> None:
    path = tmp_path / "utf16.warc"
    body = page("Tin UTF-16 về Hà Nội").replace('charset="utf-8"', 'charset="utf-16"')
    path.write_bytes(record(url(5), body.encode("utf-16"), "text/html") + good(2))
    result = CliRunner().invoke(cli, ["extract", str(path)])
    titles = [json.loads(line).get("title") for line in result.stdout.splitlines()]
    assert titles == ["Tin UTF-16 về Hà Nội", "Tin số 2 về Hà Nội"]


@pytest.mark.django_db
def test_utf16_html_is_ingested(tmp_path: Path) -> None:
    from doingoai.enrich.enricher import Enricher
    from doingoai.store.ingest import ingest
    from doingoai.store.models import Article

    path = tmp_path / "utf16.warc"
    body = page("Tin UTF-16 về Hà Nội").replace('charset="utf-8"', 'charset="utf-16"')
    path.write_bytes(record(url(5), body.encode("utf-16"), "text/html"))
    report = ingest([str(path)], enricher=Enricher(entities=False), workers=1)
    assert report.failed == []
    assert Article.objects.get().title == "Tin UTF-16 về Hà Nội"
