"""Pages rendered without the page cache ask the database a bounded number
of questions: the same with a few articles and themes as with many more."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from doingoai.curation.models import Theme
from doingoai.portal.content import clear_page_cache

from .conftest import Portal, make_article, publish, translate

pytestmark = pytest.mark.django_db

#: the most queries any of these pages may take, whatever the data: the
#: English home, its lists and cards, with what a process keeps until the
#: stamp changes (the stamp, the English stories' ids, the featured stories
#: per theme) read again, as each page here is asked with emptied caches
BOUND = 18


def _pages(portal: Portal) -> list[str]:
    both = portal.both.pk
    return [
        "/vi/",
        "/en/",
        "/vi/theme/doi-ngoai/",
        "/en/theme/doi-ngoai/",
        "/vi/archive/",
        "/en/archive/",
        "/vi/archive/2015/06/",
        f"/vi/article/{both}/",
        f"/en/article/{both}/",
        "/vi/rss.xml",
        "/en/atom.xml",
    ]


def _counts(client: Client, portal: Portal) -> dict[str, int]:
    counts = {}
    for path in _pages(portal):
        clear_page_cache()
        url = client.get(path, follow=True).redirect_chain
        final = url[-1][0] if url else path
        clear_page_cache()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(final)
        assert response.status_code == 200, path
        counts[path] = len(queries.captured_queries)
    return counts


def _grow(portal: Portal, articles: int, themes: int) -> None:
    for n in range(themes):
        Theme.objects.create(
            slug=f"chu-de-{n}", name_vi=f"Chủ đề {n}", name_en=f"Theme {n}", position=100 + n
        )
    slugs = ["doi-ngoai", "du-lich", "kinh-te"] + [f"chu-de-{n}" for n in range(themes)]
    start = datetime(2015, 6, 3, 3, 0, tzinfo=UTC)
    for n in range(articles):
        article = make_article(
            f"Tin số {n} về Thủ đô",
            f"Đoạn mở đầu của tin số {n}.",
            [f"Nội dung của tin số {n}."],
            when=start + timedelta(days=n),
            authors=[f"Phóng viên {n}"],
        )
        publish(article, portal.editor, [slugs[n % len(slugs)], "doi-ngoai"], featured=n % 4 == 0)
        if n % 3 == 0:
            translate(
                article,
                portal.editor,
                [f"News {n} about the capital", f"The opening of news {n}.", f"News {n}."],
            )


def test_queries_do_not_grow_with_articles_or_themes(
    portal: Portal, client: Client, settings: Any
) -> None:
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    small = _counts(client, portal)
    _grow(portal, articles=30, themes=6)
    large = _counts(client, portal)
    assert all(large[p] <= small[p] for p in small), (small, large)
    assert max(large.values()) <= BOUND, large


#: (FEW_FEATURED, FEATURED_WINDOW) tried on one grown portal
LOOKUPS = [
    (500, 60),  # every featured story numbered
    (0, 1),  # the newest featured one only: the others found by the second query
    (0, 60),  # the newest featured ones, read along the dates
]


def test_home_sections_looked_for_among_the_newest_are_the_same(
    portal: Portal,
    client: Client,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from doingoai.portal import content

    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    _grow(portal, articles=30, themes=6)

    def sections(lang: str) -> dict[int, list[int]]:
        return {
            t: [s.article_id for s in found] for t, found in content.theme_sections(lang).items()
        }

    everything = {lang: sections(lang) for lang in ("vi", "en")}
    pages = {path: n for path, n in _counts(client, portal).items() if path in ("/vi/", "/en/")}
    # the newest 4 hold few themes' answers: the others are found by the second query
    monkeypatch.setattr(content, "SECTION_WINDOW", 4)
    for few_featured, featured_window in LOOKUPS:
        monkeypatch.setattr(content, "FEW_FEATURED", few_featured)
        monkeypatch.setattr(content, "FEATURED_WINDOW", featured_window)
        lookup = (few_featured, featured_window)
        assert {lang: sections(lang) for lang in ("vi", "en")} == everything, lookup
        assert {p: n for p, n in _counts(client, portal).items() if p in pages} == pages, lookup


def test_home_sections_when_every_theme_has_a_featured_story(
    portal: Portal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a featured story in every theme the newest stories are not read
    at all: each theme's section is still its newest featured stories, as
    the theme's own list (featured stories only) gives them."""
    from doingoai.curation.models import Theme
    from doingoai.portal import content

    _grow(portal, articles=30, themes=6)
    for n, slug in enumerate(Theme.objects.values_list("slug", flat=True)):
        article = make_article(f"Tin nổi bật {n}", f"Mở đầu {n}.", [f"Nội dung {n}."])
        publish(article, portal.editor, [slug], featured=True)
    themes = list(Theme.objects.all())
    # (SECTION_WINDOW, FEW_FEATURED, FEATURED_WINDOW) tried on the same portal
    for windows in [(500, 500, 60), (4, 0, 1), (4, 0, 60), (4, 500, 60)]:
        clear_page_cache()
        for name, value in zip(
            ("SECTION_WINDOW", "FEW_FEATURED", "FEATURED_WINDOW"), windows, strict=True
        ):
            monkeypatch.setattr(content, name, value)
        _sections_are_the_featured_stories(themes, windows)


def _sections_are_the_featured_stories(themes: list[Any], windows: tuple[int, ...]) -> None:
    from doingoai.portal import content

    for lang in ("vi", "en"):
        expected = {}
        for theme in themes:
            found, _ = content.stories(lang, theme=theme.slug, featured=True, limit=3, count=False)
            if found:
                expected[theme.pk] = [s.article_id for s in found]
        got = {t: [s.article_id for s in v] for t, v in content.theme_sections(lang).items()}
        assert {t: v for t, v in got.items() if t in expected} == expected, (lang, windows)
        # a theme with no featured story in this language shows its newest ones
        for theme in themes:
            if theme.pk not in expected and theme.pk in got:
                newest, _ = content.stories(lang, theme=theme.slug, limit=3, count=False)
                assert got[theme.pk] == [s.article_id for s in newest], (lang, theme.slug, windows)
