"""Deeply nested HTML is refused before it is parsed, in `extract` and `ingest`.

Parsing ``<div>`` × 100,000 around one word took half a minute; the page is
now refused by a linear count of its nesting. The tests check that the
parser never sees such a page (so no clock is read) and that a page as deep
as real ones still reads.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from doingoai.cli import cli
from doingoai.errors import InputError
from doingoai.extract import extract
from doingoai.extract._html_budget import MAX_HTML_DEPTH, nesting_depth
from doingoai.extract.html import extract_html

PARAGRAPHS = "".join(
    f"<p>Đoạn {n}: Ủy ban nhân dân thành phố Hà Nội tổng kết công tác thông tin đối ngoại "
    "năm nay với đại diện các sở, ban, ngành và quận, huyện trên địa bàn.</p>"
    for n in range(4)
)


def nested(depth: int, tag: str = "div") -> str:
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>Bài</title></head><body>"
        + f"<{tag}>" * depth
        + f"<h1>Bài lồng sâu</h1>{PARAGRAPHS}"
        + f"</{tag}>" * depth
        + "</body></html>"
    )


@pytest.fixture
def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the page reached the HTML parser")

    monkeypatch.setattr("doingoai.extract.html.LexborHTMLParser", refuse)
    monkeypatch.setattr("doingoai.collect.listpages.LexborHTMLParser", refuse)


@pytest.mark.parametrize("depth", [MAX_HTML_DEPTH + 1, 100_000])
@pytest.mark.parametrize("tag", ["div", "b", "table", "span"])
def test_a_page_nested_too_deep_is_refused_unparsed(depth: int, tag: str, no_parsing: None) -> None:
    page = nested(depth, tag)
    with pytest.raises(InputError) as caught:
        extract_html(page, source="long.html")
    assert str(caught.value).startswith("long.html: refused")
    assert "nest more than 2,000 levels" in str(caught.value)
    with pytest.raises(InputError, match=r"long\.html: refused"):
        extract(page.encode(), source="long.html")


def test_as_deep_as_a_real_page_still_reads() -> None:
    article = extract_html(nested(300), source="sau.html")
    assert article.title == "Bài lồng sâu"
    assert "Đoạn 3" in article.text


@pytest.mark.parametrize(
    ("html", "depth"),
    [
        ("<div><p>a<p>b<ul><li>c<li>d</ul></div>", 2),  # p and li close themselves
        ("<div><br><img src=x><hr/><input></div>", 1),  # void elements do not nest
        ("<div><svg><path d='M0'/><g/></svg></div>", 2),  # self-closed tags
        ("<div><!-- <div><div><div> --></div>", 1),  # a comment is not markup
        ("<div><script>var s = '<div><div><div>';</script></div>", 1),  # nor a script's text
        ("<DIV><SCRIPT>x='<b><b>'</SCRIPT><SPAN>y</SPAN></DIV>", 2),
        ("<div><div></div><div><div></div></div></div>", 3),
        ("</div></div><div>", 1),  # stray end tags do not go below zero
    ],
)
def test_depth_is_counted_as_a_parser_nests(html: str, depth: int) -> None:
    assert nesting_depth(html) == depth


def test_every_page_of_the_evaluation_sets_is_under_the_limit(shared_data: Path) -> None:
    import gzip

    pages = sorted((shared_data / "extraction" / "scrapinghub" / "html").glob("*.html.gz"))
    assert len(pages) > 100
    deepest = max(
        nesting_depth(gzip.decompress(p.read_bytes()).decode("utf-8", "replace")) for p in pages
    )
    assert 10 < deepest < MAX_HTML_DEPTH // 10


def test_extract_command_reports_the_page_and_goes_on(tmp_path: Path, no_parsing: None) -> None:
    deep = tmp_path / "a-deep.html"
    deep.write_text(nested(100_000), encoding="utf-8")
    text = tmp_path / "b-text.txt"
    text.write_text(
        "Hà Nội tổng kết công tác thông tin đối ngoại\n\n"
        + PARAGRAPHS.replace("<p>", "\n\n").replace("</p>", ""),
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["extract", str(tmp_path)])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 1
    assert records[0]["path"] == str(deep)
    assert "refused" in records[0]["error"] and "2,000 levels" in records[0]["error"]
    assert "Đoạn 3" in records[1]["text"]


@pytest.mark.django_db
def test_ingest_reports_the_page_and_stores_the_rest(
    tmp_path: Path, no_parsing: None, seed_path: Path
) -> None:
    from doingoai.enrich.enricher import Enricher
    from doingoai.store.ingest import ingest
    from doingoai.store.models import Article, IngestRun

    deep = tmp_path / "deep.html"
    deep.write_text(nested(100_000), encoding="utf-8")
    report = ingest([str(deep), str(seed_path)], enricher=Enricher(entities=False), workers=1)
    assert report.new == 1
    ((source, reason),) = report.failed
    assert source.endswith("deep.html") and "refused" in reason and "2,000 levels" in reason
    assert Article.objects.count() == 1
    assert IngestRun.objects.get().failures[0]["reason"] == reason
