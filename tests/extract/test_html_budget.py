"""The count that spares most pages the exact nesting pass never says less
than that pass, so no page too deep gets through to the parser."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from doingoai.extract._html_budget import (
    MAX_HTML_DEPTH,
    PageTooDeep,
    check_depth,
    nesting_depth,
    start_tags_at_most,
    too_deep,
)
from doingoai.extract.html import extract_html

TRICKY = [
    "<div><!-- <div><div><div> --></div>",
    "<div><script>var s = '<div><div><div>';</script></div>",
    "<DIV><SCRIPT>x='<b><b>'</SCRIPT><SPAN>y</SPAN></DIV>",
    "<div title='a<b'><span>x</span></div>",
    "<!doctype html><div><p>a<p>b<ul><li>c<li>d</ul></div>",
    "<div><div><div>" + "</div>" * 5,
    "a < b and c <d",
    "<<<div>>>",
    "",
]


@pytest.mark.parametrize("html", TRICKY)
def test_the_count_is_never_below_the_depth(html: str) -> None:
    assert start_tags_at_most(html) >= nesting_depth(html)
    assert start_tags_at_most(html.encode()) == start_tags_at_most(html)


def test_the_count_holds_on_every_page_of_the_sets(shared_data: Path) -> None:
    root = shared_data / "extraction"
    pages = sorted((root / "scrapinghub" / "html").glob("*.html.gz"))
    pages += sorted((root / "trafilatura-eval").rglob("*.html*"))[:60]
    assert len(pages) > 200
    spared = 0
    for path in pages:
        raw = path.read_bytes()
        raw = gzip.decompress(raw) if path.suffix == ".gz" else raw
        text = raw.decode("utf-8", "replace")
        bound = start_tags_at_most(text)
        assert bound >= nesting_depth(text, limit=10**9), path.name
        if text == raw.decode("utf-8", "ignore"):
            assert start_tags_at_most(raw) == bound, path.name
        spared += text.count("<") > MAX_HTML_DEPTH and bound <= MAX_HTML_DEPTH
    assert spared > 30  # long pages whose exact pass is skipped


def _deep(depth: int, tag: str = "span") -> str:
    body = "".join(
        f"<p>Đoạn {n}: Ủy ban nhân dân thành phố Hà Nội tổng kết công tác thông tin đối ngoại "
        "năm nay với đại diện các sở, ban, ngành và quận, huyện trên địa bàn.</p>"
        for n in range(4)
    )
    return (
        f"<html><body>{f'<{tag}>' * depth}<h1>Bài lồng sâu</h1>{body}"
        f"{f'</{tag}>' * depth}</body></html>"
    )


@pytest.mark.parametrize("depth", [MAX_HTML_DEPTH + 1, 5_000])
def test_a_deep_page_is_refused_on_its_bytes_as_on_its_text(depth: int) -> None:
    page = _deep(depth)
    assert too_deep(page)
    assert too_deep(page, utf8=page.encode())
    with pytest.raises(PageTooDeep, match=r"deep\.html: refused"):
        check_depth(page, "deep.html", utf8=page.encode())
    with pytest.raises(PageTooDeep, match=r"deep\.html: refused"):
        extract_html(page.encode(), source="deep.html")


def test_many_shallow_tags_still_read() -> None:
    items = "".join(f"<li><a href='/{n}'>mục {n}</a></li>" for n in range(3000))
    page = _deep(10, "div").replace("<h1>", f"<nav><ul>{items}</ul></nav><h1>")
    assert start_tags_at_most(page) > MAX_HTML_DEPTH  # the exact pass runs, and lets it in
    assert not too_deep(page, utf8=page.encode())
    assert extract_html(page.encode(), source="list.html").title == "Bài lồng sâu"


def test_the_count_stops_past_the_limit() -> None:
    page = "<b>x</b>" * 10_000
    assert start_tags_at_most(page) == MAX_HTML_DEPTH + 1
    assert start_tags_at_most(page.encode(), limit=50) == 51
    assert not too_deep(page, utf8=page.encode())  # siblings, not nested
