"""The demo corpus reads right: every sample article's title is a headline,
not a headline glued to its lead (the VNTC texts lost that line break), and
the lead that followed the headline opens the body."""

from __future__ import annotations

import pytest

from doingoai.demo import demo_documents
from doingoai.enrich.enricher import Enricher
from doingoai.enrich.prepare import Prepared, prepare
from doingoai.extract._text_title import HEADLINE_WORDS

LIGHT = Enricher(topics=False, entities=False, count_words=False)


@pytest.fixture(scope="module")
def demo_articles() -> dict[str, tuple[str, Prepared]]:
    """source → (first line of the shipped text, what the demo stores)."""
    found: dict[str, tuple[str, Prepared]] = {}
    for raw, overrides in demo_documents():
        if not raw.source.startswith("vntc/"):
            continue
        result = prepare(raw, overrides=overrides, enricher=LIGHT)
        assert isinstance(result, Prepared), raw.source
        first = " ".join(raw.data.decode("utf-8").splitlines()[0].split())
        found[raw.source] = (first, result)
    return found


def test_no_demo_title_is_longer_than_a_headline(
    demo_articles: dict[str, tuple[str, Prepared]],
) -> None:
    assert len(demo_articles) == 300
    too_long = {
        source: prepared.article.title
        for source, (_first, prepared) in demo_articles.items()
        if len(prepared.article.title.split()) > HEADLINE_WORDS
    }
    assert too_long == {}


def test_a_glued_lead_opens_the_body(demo_articles: dict[str, tuple[str, Prepared]]) -> None:
    split = 0
    for source, (first, prepared) in demo_articles.items():
        article = prepared.article
        assert article.text.startswith(article.lead), source
        if len(first.split()) > HEADLINE_WORDS:
            split += 1
            assert first.startswith(article.title.removesuffix(" …")), source
            assert first.endswith(article.lead), source  # nothing of the line is lost
    assert split >= 15


@pytest.mark.parametrize(
    ("source", "title", "lead_starts"),
    [
        (
            "vntc/VH_NLD_ (3764)",
            "Nhạc sĩ Bảo Phúc: Có một dòng sông lặng trôi...",
            "Nhạc sĩ Bảo Phúc Một người đàn ông,",
        ),
        (
            "vntc/XH_NLD_ (4520)",
            "Hà Nội: Hành khách dễ mắc lừa “cò vé”",
            "Bắt đầu từ tháng giáp Tết,",
        ),
        (
            "vntc/TG_NLD_ (2823)",
            "Ramzan Kadyrov được đề cử làm thủ tướng Chechnya",
            "Tổng thống CH Chechnya",
        ),
        ("vntc/VH_NLD_ (3885)", "Độc quyền ca sĩ: Hết thời", "Cùng là ca sĩ độc quyền"),
    ],
)
def test_the_headline_and_the_lead_told_apart(
    demo_articles: dict[str, tuple[str, Prepared]], source: str, title: str, lead_starts: str
) -> None:
    article = demo_articles[source][1].article
    assert article.title == title
    assert article.lead.startswith(lead_starts)
