"""The portal's lists find their stories by hand-written SQL (no ORM query
building on a page); the ORM's query, which the day and month filters still
use, is the reference: both give the same stories in the same order, pages
and totals, whatever the language, theme, featured flag or id list."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from doingoai.portal import content

from .conftest import Portal, make_article, publish, translate

pytestmark = pytest.mark.django_db


def _more(portal: Portal) -> None:
    start = datetime(2020, 1, 1, 3, 0, tzinfo=UTC)
    slugs = ["doi-ngoai", "du-lich", "kinh-te"]
    for n in range(14):
        # every third story has no date of its own: it is listed by the day it was published
        when = None if n % 3 == 1 else start + timedelta(days=n * 5)
        article = make_article(
            f"Tin danh sách {n}",
            f"Mở đầu của tin danh sách {n}.",
            [f"Nội dung {n}."],
            when=when,
        )
        publish(article, portal.editor, [slugs[n % 3]], featured=n % 4 == 0)
        if n % 2 == 0:
            translate(article, portal.editor, [f"List news {n}", f"Opening {n}.", f"Text {n}."])


@pytest.mark.parametrize("few", [content.FEW_VERSIONS, 0])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_hand_written_lists_match_the_orm(
    portal: Portal, lang: str, few: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # with few versions in a language their ids are listed; with many
    # (here: more than none) each article is asked whether it has one
    monkeypatch.setattr(content, "FEW_VERSIONS", few)
    _more(portal)
    every = content._page_ids_orm(lang, None, None, None, None, None, None, None, 0, True)[0]
    assert len(every) >= 8  # the lists compared below are not empty
    some = [*every[1::2], portal.unpublished.pk]
    cases: list[dict[str, Any]] = [
        {},
        {"theme": "doi-ngoai"},
        {"theme": "du-lich", "featured": False},
        {"featured": True},
        {"theme": "khong-co"},
        {"ids": some},
        {"ids": []},
    ]
    for case in cases:
        theme, featured, ids = case.get("theme"), case.get("featured"), case.get("ids")
        query = content._IdQuery.make(lang, theme, featured, ids)
        for limit, offset, count in [
            (None, 0, True),
            (None, 3, True),
            (3, 0, True),
            (3, 3, True),
            (3, 6, False),
            (4, 40, True),
            (20, 0, False),
        ]:
            expected = content._page_ids_orm(
                lang, theme, featured, None, None, None, ids, limit, offset, count
            )
            assert content._page_ids(query, limit, offset, count) == expected, (
                case,
                limit,
                offset,
                count,
            )


def test_an_undated_story_is_listed_after_the_dated_ones_by_its_publication(
    portal: Portal,
) -> None:
    _more(portal)
    found, total = content.stories("vi", limit=None)
    dated = [s for s in found if s.date is not None]
    undated = [s for s in found if s.date is None]
    assert undated and found == dated + undated
    assert [s.date for s in dated] == sorted((s.date for s in dated), reverse=True)  # type: ignore[type-var]
    assert [s.updated for s in undated] == sorted(  # type: ignore[type-var]
        (s.updated for s in undated), reverse=True
    )
    assert total == len(found)
    # a list's story reads as the article page's story does, text aside
    for listed in found[:5]:
        full = content.story("vi", listed.article_id)
        assert full is not None
        assert (listed.title, listed.lead, listed.date, listed.outlet, listed.authors) == (
            full.title,
            full.lead,
            full.date,
            full.outlet,
            full.authors,
        )
        assert (listed.themes, listed.languages, listed.path) == (
            full.themes,
            full.languages,
            full.path,
        )


def test_a_portal_path_is_what_reverse_gives() -> None:
    from django.urls import get_script_prefix, reverse, set_script_prefix

    cases: list[tuple[str, dict[str, Any]]] = [
        ("home", {}),
        ("archive", {}),
        ("theme", {"slug": "doi-ngoai"}),
        ("article", {"pk": 7, "slug": "thong-tin-doi-ngoai"}),
        ("article", {"pk": 918273645, "slug": "a"}),
        ("archive-month", {"year": 2015, "month": "06"}),
    ]
    before = get_script_prefix()
    try:
        for prefix in ("/", "/cong-thong-tin/"):
            set_script_prefix(prefix)
            for lang in ("vi", "en"):
                for name, values in cases:
                    expected = reverse(f"portal:{name}", kwargs={"lang": lang, **values})
                    assert content.portal_path(name, lang, **values) == expected
                    assert expected.startswith(prefix)
    finally:
        set_script_prefix(before)


def test_an_article_page_shows_its_language_captions_under_the_originals_images(
    portal: Portal,
) -> None:
    vi = content.story("vi", portal.both.pk)
    en = content.story("en", portal.both.pk)
    assert vi is not None and en is not None
    picture = "https://example.org/hoi-nghi.jpg"
    assert vi.figures == [content.Figure(picture, "Toàn cảnh hội nghị.")]
    assert en.figures == [content.Figure(picture, "An overview of the conference.")]
    assert vi.paragraphs == ["Hội nghị diễn ra tại Hà Nội với nhiều đại biểu."]
    assert en.paragraphs == ["The conference took place in Hanoi with many delegates."]
    assert (en.authors, en.outlet, en.featured) == (["Bảo Duy"], "Lao Động Thủ Đô", True)
    assert en.date == vi.date and vi.date is not None and vi.date.year == 2015
    assert en.updated is not None and vi.updated is not None
    # not published: no story in any language
    assert content.story("vi", portal.unpublished.pk) is None
    assert content.story("en", portal.vi_only.pk) is None


def test_archive_months_are_counted_once_per_change(portal: Portal) -> None:
    """The archive's months are counted once and kept while nothing the portal
    shows changes; a publication here, or a change another process made (seen
    through the stamp), counts them again."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from doingoai.curation.models import AuditLog, Selection

    first = content.months("vi")
    assert (2015, 6, 1) in first and (2024, 4, 1) in first
    with CaptureQueriesContext(connection) as asked:
        assert content.months("vi") == first
    assert not [q for q in asked if "GROUP BY" in q["sql"]], "counted again with nothing changed"

    # published in this process: the months change at once
    article = make_article(
        "Tin tháng ba", "Mở đầu.", ["Nội dung."], when=datetime(2024, 3, 9, 3, 0, tzinfo=UTC)
    )
    publish(article, portal.editor, ["du-lich"])
    assert (2024, 3, 1) in content.months("vi")

    # withdrawn by another process (no signal here): seen once its stamp is read again
    Selection.objects.filter(article=article).update(status="withdrawn")
    AuditLog.objects.create(action="withdraw", object_type="selection", object_id=str(article.pk))
    content._memo[:] = [0.0, ""]  # the stamp this process kept for a second
    assert (2024, 3, 1) not in content.months("vi")
    assert content.months("vi") == first
