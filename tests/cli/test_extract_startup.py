"""``doingoai extract`` loads only what the documents in hand need.

Start-up is a fixed part of every run of the command: on a folder of a
hundred pages it weighs as much as a tenth of the extraction. So an HTML page
is read without Django, the store, the collectors, the translation stack or
the plain-text rules, and htmldate (about a tenth of a second to import) is
loaded only when a page's markup carries no date of its own.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

PARAGRAPHS = [
    f"{when}, Sở Văn hóa và Thể thao Hà Nội {what} tuần lễ giới thiệu di sản của thủ đô "
    "với bạn bè quốc tế, với các buổi biểu diễn ca trù, múa rối nước và triển lãm ảnh."
    for when, what in (("Chiều qua", "khai mạc"), ("Sáng nay", "tiếp tục"), ("Tối nay", "bế mạc"))
]

#: modules an HTML page never needs
NEVER_FOR_HTML = (
    "django",
    "doingoai.store",
    "doingoai.project",
    "doingoai.collect",
    "doingoai.translate",
    "doingoai.translation",
    "doingoai.reports",
    "doingoai.extract.plaintext",
    "warcio",
    "rich",
    "tabulate",
)
WATCHED = (*NEVER_FOR_HTML, "htmldate", "doingoai.extract.html")


def _page(*, dated: bool) -> bytes:
    date = '<meta property="article:published_time" content="2026-03-14T08:30:00+07:00">'
    body = "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>Tuần lễ di sản Hà Nội</title>{date if dated else ''}</head><body>"
        f"<article><h1>Tuần lễ di sản Hà Nội</h1>{body}</article></body></html>"
    ).encode()


def _loaded_by_command(*paths: Path) -> tuple[list[dict[str, object]], set[str]]:
    """Run ``doingoai extract`` in a fresh interpreter: its records and which
    of :data:`WATCHED` it imported."""
    code = (
        "import atexit, sys\n"
        f"watched = {WATCHED!r}\n"
        "atexit.register(lambda: sys.stderr.write('LOADED=' + ','.join(sorted(w for w in "
        "watched if w in sys.modules)) + '\\n'))\n"
        "from doingoai.cli import main\n"
        f"main(['extract', *{[str(p) for p in paths]!r}])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    loaded = done.stderr.rsplit("LOADED=", 1)[1].strip()
    records = [json.loads(line) for line in done.stdout.splitlines()]
    return records, set(loaded.split(",")) - {""}


def test_a_dated_html_page_loads_neither_django_nor_htmldate(tmp_path: Path) -> None:
    page = tmp_path / "di-san.html.gz"
    page.write_bytes(gzip.compress(_page(dated=True)))
    records, loaded = _loaded_by_command(page)
    assert records[0]["published_at"] == "2026-03-14T08:30:00+07:00"
    assert records[0]["paragraphs"] == PARAGRAPHS
    assert loaded == {"doingoai.extract.html"}


def test_htmldate_is_loaded_for_a_page_without_a_date_only(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_bytes(_page(dated=True))
    (tmp_path / "b.html").write_bytes(_page(dated=False))
    records, loaded = _loaded_by_command(tmp_path / "a.html", tmp_path / "b.html")
    assert [r["title"] for r in records] == ["Tuần lễ di sản Hà Nội"] * 2
    assert loaded == {"doingoai.extract.html", "htmldate"}


def test_a_text_scrape_loads_the_plain_text_rules_only(seed_path: Path) -> None:
    records, loaded = _loaded_by_command(seed_path)
    assert records[0]["authors"] == ["Bảo Duy"]
    assert loaded == {"doingoai.extract.plaintext"}


@pytest.mark.parametrize("name", ["scrapinghub", "fundus", "trafilatura-eval"])
def test_real_pages_need_nothing_beyond_the_html_stack(shared_data: Path, name: str) -> None:
    """The first five pages of each benchmark set, as one run of the command."""
    pages = sorted((shared_data / "extraction" / name).rglob("*.gz"))[:5]
    records, loaded = _loaded_by_command(*pages)
    assert len(records) == 5 and all("error" not in r for r in records)
    assert not loaded & set(NEVER_FOR_HTML), sorted(loaded)
