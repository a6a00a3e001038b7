"""`doingoai search` as a user runs it: text and JSON Lines output, filters,
and a clear message (not a traceback) for a query that cannot be read."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from doingoai.cli import cli, main
from doingoai.store.models import Article, Outlet, RawDocument
from doingoai.store.search import index_articles

pytestmark = pytest.mark.django_db

ROWS = [
    ("vi", "Hà Nội đẩy mạnh thông tin đối ngoại", "Công tác thông tin đối ngoại của thành phố."),
    ("vi", "Đổi ngoại tệ ở phố Hà Trung", "Người dân đổi ngoại tệ trước kỳ nghỉ."),
    ("en", "Hanoi steps up external information", "The city's external information work."),
    ("vi", "Đối ngoại nhân dân", "Sở Ngoại vụ tổ chức hoạt động đối ngoại nhân dân."),
]


@pytest.fixture
def stored() -> dict[str, int]:
    outlet = Outlet.objects.create(domain="hanoimoi.vn", name="Hà Nội Mới")
    ids = {}
    for n, (lang, title, body) in enumerate(ROWS):
        raw = RawDocument.objects.create(
            sha256=f"{n:064x}",
            url=f"https://hanoimoi.vn/bai-{n}.html",
            fetched_at=datetime(2024, 6, 2, tzinfo=UTC),
            size=0,
            compressed=b"",
        )
        art = Article.objects.create(
            raw=raw, url=raw.url, outlet=outlet, title=title, body=body, language=lang,
            published_at=datetime(2024, 6, 2 + n, tzinfo=UTC), fingerprint=f"{n:040x}",
        )  # fmt: skip
        ids[title] = art.pk
    index_articles(Article.objects.all())
    return ids


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["search", *args])
    return result.exit_code, result.stdout + result.stderr


def test_text_output_names_the_count_and_marks_the_words(stored: dict[str, int]) -> None:
    code, out = run("doi ngoai")
    assert code == 0, out
    assert "doi ngoai: 3 found" in out
    lines = out.splitlines()
    first = next(i for i, line in enumerate(lines) if "Hà Nội đẩy mạnh" in line)
    second = next(i for i, line in enumerate(lines) if "Đổi ngoại tệ" in line)
    assert first < second  # "đối ngoại" is what "doi ngoai" most likely means


def test_jsonl_output_with_filters(stored: dict[str, int]) -> None:
    code, out = run("information", "--lang", "en", "--format", "jsonl")
    assert code == 0, out
    hits = [json.loads(line) for line in out.splitlines()]
    assert [h["article_id"] for h in hits] == [stored["Hanoi steps up external information"]]
    assert hits[0]["outlet"] == "Hà Nội Mới" and hits[0]["language"] == "en"
    code, out = run("information", "--lang", "vi", "--format", "jsonl")
    assert (code, out) == (0, "")


@pytest.mark.parametrize("query", ['"đối ngoại', "(đối ngoại", "đối AND"])
def test_a_malformed_query_gets_a_message_not_a_traceback(
    stored: dict[str, int], query: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["search", query])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: search query {query!r}: ")
    assert "Traceback" not in err


def test_text_output_says_how_an_unaccented_query_was_read(stored: dict[str, int]) -> None:
    code, out = run("doi ngoai")
    assert code == 0, out
    assert "read as: đối ngoại" in out


def test_accented_query_counts_the_matches_without_accents_apart(
    stored: dict[str, int],
) -> None:
    code, out = run("đổi ngoại")
    assert code == 0, out
    assert "đổi ngoại: 1 found" in out
    assert "Hà Nội đẩy mạnh" not in out
    assert "2 more without these accents (--accents any lists them)" in out
    code, out = run("đổi ngoại", "--accents", "any")
    assert code == 0, out
    lines = out.splitlines()
    first = next(i for i, line in enumerate(lines) if "Đổi ngoại tệ" in line)
    later = next(i for i, line in enumerate(lines) if "Hà Nội đẩy mạnh" in line)
    assert first < later
    assert "more without these accents" not in out
