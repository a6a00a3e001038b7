"""``doingoai extract``: inputs of every kind, bad input, output formats, no Django."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest
from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from doingoai.cli import cli
from doingoai.extract import RECORD_KEYS

PARAGRAPH = (
    "Sáng nay, Ủy ban nhân dân thành phố Hà Nội tổ chức hội nghị tổng kết công tác thông tin "
    "đối ngoại năm nay với sự tham gia của đại diện các sở, ban, ngành và quận, huyện."
)


def _page(title: str) -> bytes:
    body = "".join(
        f"<p>{PARAGRAPH.replace('Sáng nay', when)}</p>"
        for when in ("Sáng nay", "Chiều qua", "Tối qua")
    )
    return (
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title>'
        f"</head><body><nav><a href='/'>Trang chủ</a></nav><article><h1>{title}</h1>{body}"
        "</article><footer>© Báo Mẫu</footer></body></html>"
    ).encode()


def _write_warc(path: Path, pages: dict[str, bytes], *, gz: bool) -> None:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        for url, body in pages.items():
            writer.write_record(
                writer.create_warc_record(
                    url, "response", payload=BytesIO(body), http_headers=headers
                )
            )
        # a redirect and an image are not documents
        redirect = StatusAndHeaders("301 Moved", [("Location", "/a")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                "https://bao-mau.vn/old", "response", payload=BytesIO(b""), http_headers=redirect
            )
        )
        image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                "https://bao-mau.vn/a.png",
                "response",
                payload=BytesIO(b"\x89PNG\r\n"),
                http_headers=image,
            )
        )


def _run(*args: str, stdin: bytes | None = None) -> tuple[int, list[dict[str, object]]]:
    result = CliRunner().invoke(cli, ["extract", *args], input=stdin)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, [json.loads(line) for line in result.stdout.splitlines()]


def test_seed(seed_path: Path) -> None:
    code, records = _run(str(seed_path))
    assert code == 0
    (record,) = records
    assert tuple(record) == RECORD_KEYS
    assert record["title"] == "Thông tin đối ngoại: Đã đáp ứng được yêu cầu hội nhập của Thành phố"
    assert record["authors"] == ["Bảo Duy"]
    assert record["captions"] == ["Phó Chủ tịch UBND TP Ngô Văn Quý phát biểu tại Hội nghị."]
    assert len(record["related"]) == 19  # type: ignore[arg-type]
    assert record["encoding"] == {"detected": "utf-8", "converted_from": None}


def test_html_gz_warc_stdin_and_folder(tmp_path: Path, seed_path: Path) -> None:
    folder = tmp_path / "pages"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.html").write_bytes(_page("Trang A về đối ngoại"))
    (folder / "sub" / "b.html.gz").write_bytes(gzip.compress(_page("Trang B về đối ngoại")))
    (folder / "sub" / "notes.md").write_text("not searched for")
    (folder / ".hidden.html").write_bytes(_page("ẩn"))
    warc = tmp_path / "crawl.warc.gz"
    _write_warc(
        warc,
        {
            "https://bao-mau.vn/c.html": _page("Trang C về đối ngoại"),
            "https://bao-mau.vn/d.html": _page("Trang D về đối ngoại"),
        },
        gz=True,
    )
    code, records = _run(
        "--url",
        "https://bao-mau.vn/stdin.html",
        str(folder),
        str(warc),
        "-",
        stdin=seed_path.read_bytes(),
    )
    assert code == 0
    got = [(r["path"], r["title"], r["url"]) for r in records]
    assert got == [
        (str(folder / "a.html"), "Trang A về đối ngoại", "https://bao-mau.vn/stdin.html"),
        (
            str(folder / "sub" / "b.html.gz"),
            "Trang B về đối ngoại",
            "https://bao-mau.vn/stdin.html",
        ),
        (str(warc), "Trang C về đối ngoại", "https://bao-mau.vn/c.html"),
        (str(warc), "Trang D về đối ngoại", "https://bao-mau.vn/d.html"),
        (
            "-",
            "Thông tin đối ngoại: Đã đáp ứng được yêu cầu hội nhập của Thành phố",
            "https://bao-mau.vn/stdin.html",
        ),
    ]
    assert all(tuple(r) == RECORD_KEYS for r in records)
    assert all("Chiều qua, Ủy ban nhân dân" in str(r["text"]) for r in records[:4])


def _bad_inputs(tmp_path: Path) -> dict[str, Path]:
    bad = {
        "empty": tmp_path / "empty.html",
        "binary": tmp_path / "picture.html",
        "truncated gzip": tmp_path / "cut.html.gz",
        "broken warc": tmp_path / "broken.warc",
        "truncated warc": tmp_path / "cut.warc.gz",
        "no article": tmp_path / "menu.html",
        "missing": tmp_path / "missing.txt",
    }
    bad["empty"].write_bytes(b"")
    bad["binary"].write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    bad["truncated gzip"].write_bytes(gzip.compress(_page("Bị cắt") * 20)[:200])
    good_warc = tmp_path / "good.warc"
    _write_warc(good_warc, {"https://bao-mau.vn/ok.html": _page("Trang tốt")}, gz=False)
    raw = good_warc.read_bytes()
    bad["broken warc"].write_bytes(
        raw + b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: x\r\n\r\n"
    )
    good_gz = tmp_path / "good.warc.gz"
    _write_warc(good_gz, {"https://bao-mau.vn/ok.html": _page("Trang tốt")}, gz=True)
    bad["truncated warc"].write_bytes(good_gz.read_bytes()[:300])
    bad["no article"].write_bytes(b"<html><body><nav><a href='/'>Trang chu</a></nav></body></html>")
    good_warc.unlink()
    good_gz.unlink()
    return bad


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("empty", "empty file"),
        ("binary", "PNG image, not a text document"),
        ("truncated gzip", "truncated gzip"),
        ("broken warc", "broken WARC record"),
        ("truncated warc", "truncated WARC file"),
        ("no article", "no article"),
        ("missing", "no such file"),
    ],
)
def test_bad_input_gives_error_row_and_batch_goes_on(
    tmp_path: Path, seed_path: Path, case: str, message: str
) -> None:
    path = _bad_inputs(tmp_path)[case]
    code, records = _run(str(path), str(seed_path))
    assert code == 1
    errors = [r for r in records if "error" in r]
    assert errors, records
    for row in errors:
        assert set(row) == {"path", "error"}
        assert row["path"] == str(path)
        assert str(path) in str(row["error"])
    assert message.casefold() in str(errors[-1]["error"]).casefold()
    # the good document after it is still there
    assert records[-1]["path"] == str(seed_path)
    assert records[-1]["authors"] == ["Bảo Duy"]


def test_a_gzip_bomb_is_refused_and_the_batch_goes_on(
    tmp_path: Path, seed_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import zlib

    from doingoai.extract import _text_inputs

    monkeypatch.setattr(_text_inputs, "MAX_GUNZIPPED_BYTES", 1_000_000)
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = b"<p>" + b"a" * 1000 + b"</p>"
    bomb = b"".join(packer.compress(chunk) for _ in range(2000)) + packer.flush()  # 2 MB inside
    assert len(bomb) < 20_000
    path = tmp_path / "bomb.html.gz"
    path.write_bytes(bomb)
    code, records = _run(str(path), str(seed_path))
    assert code == 1
    assert records[0]["path"] == str(path)
    assert "decompresses to more than 1000000 bytes" in str(records[0]["error"])
    assert records[1]["authors"] == ["Bảo Duy"]


@pytest.mark.parametrize("gz", [False, True])
def test_damaged_warc_keeps_the_records_before_the_damage(tmp_path: Path, gz: bool) -> None:
    if gz:  # a compressed WARC cut inside its second page
        path = tmp_path / "cut.warc.gz"
        _write_warc(
            path,
            {
                "https://bao-mau.vn/ok.html": _page("Trang tốt"),
                "https://bao-mau.vn/2.html": _page("Trang hai") * 30,
            },
            gz=True,
        )
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    else:
        path = _bad_inputs(tmp_path)["broken warc"]
    code, records = _run(str(path))
    assert code == 1
    assert [("error" in r) for r in records] == [False, True]
    assert records[0]["url"] == "https://bao-mau.vn/ok.html"
    assert records[0]["title"] == "Trang tốt"
    assert str(path) in str(records[1]["error"])


def test_invalid_utf8_and_empty_stdin(seed_path: Path) -> None:
    data = seed_path.read_bytes().replace("Bảo Duy".encode(), b"B\xe1o Duy")
    code, records = _run("-", stdin=data)
    assert code == 0
    assert records[0]["title"].startswith("Thông tin đối ngoại")  # type: ignore[union-attr]
    assert records[0]["warnings"]
    code, records = _run("-", stdin=b"")
    assert code == 1
    assert records == [{"path": "-", "error": "-: empty file"}]


def test_text_format(seed_path: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["extract", "--format", "text", str(seed_path), str(tmp_path / "missing.txt")]
    )
    assert result.exit_code == 1
    out = result.stdout
    assert out.startswith(f"== {seed_path}\nThông tin đối ngoại: Đã đáp ứng")
    assert "authors: Bảo Duy" in out
    assert "Related:\n  - Công đoàn phải đổi mới để hội nhập" in out
    assert "missing.txt: no such file" in result.stderr


def test_usage_errors() -> None:
    result = CliRunner().invoke(cli, ["extract"])
    assert result.exit_code == 2
    result = CliRunner().invoke(cli, ["extract", "--format", "xml", "x"])
    assert result.exit_code == 2


def _probe(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the command as users run it, reporting which heavy modules got imported."""
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: sys.stderr.write('LOADED=' + ','.join(sorted(m for m in "
        "('django', 'trafilatura', 'selectolax') if m in sys.modules)) + '\\n'))\n"
        "from doingoai.cli import main\n"
        f"main(['extract', *{list(args)!r}])\n"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)


def test_runs_without_django(seed_path: Path) -> None:
    """The command never imports Django (nor, for a text file, the HTML stack)."""
    done = _probe(str(seed_path))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["authors"] == ["Bảo Duy"]
    assert "LOADED=\n" in done.stderr


def test_exit_status_through_the_entry_point(seed_path: Path, tmp_path: Path) -> None:
    done = _probe(str(tmp_path / "missing.html"), str(seed_path))
    assert done.returncode == 1
    assert len(done.stdout.splitlines()) == 2
    assert "1 document failed" in done.stderr
    assert "Traceback" not in done.stderr
    assert "django" not in done.stderr.split("LOADED=")[1]
