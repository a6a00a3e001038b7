"""The inbox as an editor uses it: a full-text search box with the portal's
accent-insensitive engine, facet counts (outlet, unit, theme, topic,
language, status and the people, organisations and places the articles
name), select lists for topic and language, and sorts that do what their
labels say. A search or filter that cannot be read gets a message, not an
error page."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from doingoai.curation import services as curation
from doingoai.curation.models import Theme, Unit
from doingoai.store.models import Article, Outlet
from doingoai.store.search import index_articles

pytestmark = pytest.mark.django_db

QUY = {"text": "Ngô Văn Quý", "kind": "PER"}
SO_TTTT = {"text": "Sở Thông tin và Truyền thông", "kind": "ORG"}
HOAN_KIEM = {"text": "Hoàn Kiếm", "kind": "LOC"}


@pytest.fixture
def editor(client_for: Callable[[str | None], Client]) -> Client:
    return client_for("editor")


def titles(response: Any) -> list[str]:
    return [a.title for a in response.context["page"]]


def facet(response: Any, name: str) -> dict[str, int]:
    found = {f.name: f for f in response.context["found"].facets}[name]
    return {v.label: v.count for v in found.values}


@pytest.fixture
def desk(make_article: Callable[..., Article], unit: Unit) -> dict[str, Article]:
    """Five articles: two outlets, one unit, themes, topics, languages,
    entities and one without a date."""
    ldtd = Outlet.objects.create(domain="laodongthudo.vn", name="Lao Động Thủ Đô")
    hnm = Outlet.objects.create(domain="hanoimoi.vn", name="Hà Nội Mới")
    editor = User.objects.create(username="bien-tap-inbox")
    made = {
        "doi-ngoai": make_article(
            "Hà Nội đẩy mạnh thông tin đối ngoại",
            "Sở Thông tin và Truyền thông tổ chức hội nghị thông tin đối ngoại.",
            ["Phó Chủ tịch Ngô Văn Quý chủ trì hội nghị."],
            outlet=ldtd,
            topic="Chinh tri Xa hoi",
            entities=[QUY, SO_TTTT],
            published_at=datetime(2025, 6, 2, 3, tzinfo=UTC),
        ),
        "ngoai-te": make_article(
            "Đổi ngoại tệ ở phố Hà Trung",
            "Người dân đổi ngoại tệ trước kỳ nghỉ.",
            ["Các quầy đổi tiền trên phố Hà Trung, quận Hoàn Kiếm, đông khách."],
            outlet=hnm,
            topic="Kinh doanh",
            entities=[HOAN_KIEM],
            published_at=datetime(2025, 7, 9, 3, tzinfo=UTC),
        ),
        "le-hoi": make_article(
            "Lễ hội văn hóa phố cổ Hoàn Kiếm",
            "Phố cổ mở hội mùa thu.",
            ["Ngô Văn Quý dự khai mạc lễ hội ở Hoàn Kiếm, một dịp thông tin đối ngoại."],
            outlet=hnm,
            topic="Van hoa",
            entities=[QUY, HOAN_KIEM],
            published_at=datetime(2025, 9, 1, 3, tzinfo=UTC),
        ),
        "english": make_article(
            "Hanoi welcomes foreign investors",
            "The city met investors from Korea.",
            ["The meeting took place in Hoàn Kiếm."],
            outlet=ldtd,
            topic="Kinh doanh",
            language="en",
            entities=[HOAN_KIEM],
            published_at=datetime(2024, 12, 1, 3, tzinfo=UTC),
        ),
        "undated": make_article(
            "Bản tin không ghi ngày",
            "Một bản tin cũ không có ngày đăng.",
            ["Nội dung ngắn."],
            outlet=ldtd,
            topic="Doi song",
            published_at=None,
        ),
    }
    index_articles(list(made.values()))
    curation.select_article(
        made["doi-ngoai"], editor, [Theme.objects.get(slug="doi-ngoai")], unit=unit
    )
    published = curation.select_article(
        made["le-hoi"], editor, [Theme.objects.get(slug="van-hoa")], unit=unit
    )
    curation.publish_original(published, editor)
    return made


def test_search_without_accents_finds_the_accented_words_first(
    editor: Client, desk: dict[str, Article]
) -> None:
    response = editor.get("/office/inbox/?q=doi+ngoai")
    assert response.status_code == 200
    found = titles(response)
    # "doi ngoai" reads as "đối ngoại": that article comes before the one
    # about "đổi ngoại tệ", which matches only without accents
    assert found[0] == "Hà Nội đẩy mạnh thông tin đối ngoại"
    assert set(found) == {
        "Hà Nội đẩy mạnh thông tin đối ngoại",
        "Lễ hội văn hóa phố cổ Hoàn Kiếm",
        "Đổi ngoại tệ ở phố Hà Trung",
    }
    assert found[-1] == "Đổi ngoại tệ ở phố Hà Trung"
    assert response.context["found"].sort == "relevance"
    html = response.content.decode()
    assert 'value="doi ngoai"' in html  # the box keeps what was typed


def test_search_combines_with_filters_and_the_facets_count_its_matches(
    editor: Client, desk: dict[str, Article]
) -> None:
    response = editor.get("/office/inbox/?q=hoan+kiem")
    assert set(titles(response)) == {
        "Đổi ngoại tệ ở phố Hà Trung",
        "Lễ hội văn hóa phố cổ Hoàn Kiếm",
        "Hanoi welcomes foreign investors",
    }
    assert facet(response, "outlet") == {"Hà Nội Mới": 2, "Lao Động Thủ Đô": 1}
    assert facet(response, "language") == {
        response.context["found"].facets[4].values[0].label: 2,
        response.context["found"].facets[4].values[1].label: 1,
    }
    narrowed = editor.get("/office/inbox/?q=hoan+kiem&language=vi&status=published")
    assert titles(narrowed) == ["Lễ hội văn hóa phố cổ Hoàn Kiếm"]


def test_facets_count_every_dimension(editor: Client, desk: dict[str, Article]) -> None:
    response = editor.get("/office/inbox/")
    assert len(titles(response)) == 5
    assert facet(response, "outlet") == {"Lao Động Thủ Đô": 3, "Hà Nội Mới": 2}
    assert facet(response, "unit") == {"Sở Văn hóa và Thể thao": 2}
    theme_names = facet(response, "theme")
    assert sorted(theme_names.values()) == [1, 1] and len(theme_names) == 2
    # topics are shown as Vietnamese words with their diacritics
    assert facet(response, "topic") == {
        "Kinh doanh": 2,
        "Chính trị – Xã hội": 1,
        "Văn hóa": 1,
        "Đời sống": 1,
    }
    statuses = facet(response, "status")
    assert sorted(statuses.values()) == [1, 1, 3]
    assert facet(response, "entity-PER") == {"Ngô Văn Quý": 2}
    assert facet(response, "entity-ORG") == {"Sở Thông tin và Truyền thông": 1}
    assert facet(response, "entity-LOC") == {"Hoàn Kiếm": 3}
    html = response.content.decode()
    assert "<td>Chính trị – Xã hội</td>" in html and "<td>Chinh tri Xa hoi</td>" not in html


def test_a_facet_link_narrows_the_list_and_keeps_the_search(
    editor: Client, desk: dict[str, Article]
) -> None:
    response = editor.get("/office/inbox/?q=hoan+kiem")
    people = {f.name: f for f in response.context["found"].facets}["entity-PER"]
    link = people.values[0].href
    assert "q=hoan+kiem" in link and "entity=PER%3ANg" in link
    narrowed = editor.get(f"/office/inbox/{link}")
    assert titles(narrowed) == ["Lễ hội văn hóa phố cổ Hoàn Kiếm"]
    chosen = {f.name: f for f in narrowed.context["found"].facets}["entity-PER"].values[0]
    assert chosen.chosen
    # following a chosen value lets it go again
    again = editor.get(f"/office/inbox/{chosen.href}")
    assert len(titles(again)) == 3


def test_topic_and_language_are_select_lists_of_the_stored_values(
    editor: Client, desk: dict[str, Article]
) -> None:
    html = editor.get("/office/inbox/").content.decode()
    topic = re.search(r'<select name="topic"[^>]*>(.*?)</select>', html, re.S)
    language = re.search(r'<select name="language"[^>]*>(.*?)</select>', html, re.S)
    assert topic is not None and language is not None
    options = dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', topic.group(1)))
    assert options["Chinh tri Xa hoi"] == "Chính trị – Xã hội"
    assert options["Doi song"] == "Đời sống"
    codes = re.findall(r'<option value="([^"]*)"', language.group(1))
    assert codes == ["", "en", "vi"]
    assert '<input type="text" name="topic"' not in html
    only_english = editor.get("/office/inbox/?language=en")
    assert titles(only_english) == ["Hanoi welcomes foreign investors"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (
            "newest",
            [
                "Lễ hội văn hóa phố cổ Hoàn Kiếm",
                "Đổi ngoại tệ ở phố Hà Trung",
                "Hà Nội đẩy mạnh thông tin đối ngoại",
                "Hanoi welcomes foreign investors",
                "Bản tin không ghi ngày",  # no date: last, not first
            ],
        ),
        (
            "oldest",
            [
                "Hanoi welcomes foreign investors",
                "Hà Nội đẩy mạnh thông tin đối ngoại",
                "Đổi ngoại tệ ở phố Hà Trung",
                "Lễ hội văn hóa phố cổ Hoàn Kiếm",
                "Bản tin không ghi ngày",
            ],
        ),
    ],
)
def test_sort_does_what_its_label_says(
    editor: Client, desk: dict[str, Article], sort: str, expected: list[str]
) -> None:
    response = editor.get(f"/office/inbox/?sort={sort}")
    assert titles(response) == expected


def test_sort_by_collection_time(editor: Client, desk: dict[str, Article]) -> None:
    response = editor.get("/office/inbox/?sort=collected")
    # made last, collected last: first in the list
    assert titles(response)[0] == "Bản tin không ghi ngày"
    assert titles(response)[-1] == "Hà Nội đẩy mạnh thông tin đối ngoại"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("q=%22th%C3%B4ng+tin", "This search could not be read"),
        ("date_from=2025-13-45", "Enter a valid date"),
        ("entity=XYZ", "Not a person, organisation or place of the facets."),
        ("topic=Giai+tri", "Select a valid choice"),
    ],
)
def test_what_cannot_be_read_gets_a_message_and_the_page_still_answers(
    editor: Client, desk: dict[str, Article], query: str, message: str
) -> None:
    response = editor.get(f"/office/inbox/?{query}", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    if message.startswith("This search"):
        # the words cannot be read as a search: said on the page, nothing listed
        assert response.status_code == 200
        assert message in html
        assert titles(response) == []
    else:
        # a filter value that cannot be used: a bad request, the field named
        # in a message, and the page still lists every article
        assert response.status_code == 400
        assert message in html
        assert len(titles(response)) == 5


def test_the_inbox_stays_for_editors(client_for: Callable[[str | None], Client]) -> None:
    assert client_for("translator_en").get("/office/inbox/").status_code == 403


@pytest.mark.parametrize(
    ("query", "chosen", "order"),
    [
        ("", "", "Newest publication date first"),
        ("q=hoan+kiem", "", "Best match first (with a search)"),
        ("q=hoan+kiem&sort=oldest", "oldest", "Oldest publication date first"),
    ],
)
def test_the_sort_list_and_the_caption_say_the_order_the_list_is_in(
    editor: Client, desk: dict[str, Article], query: str, chosen: str, order: str
) -> None:
    response = editor.get(f"/office/inbox/?{query}", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    sort = re.search(r'<select name="sort"[^>]*>(.*?)</select>', html, re.S)
    assert sort is not None
    selected = re.findall(r'<option value="([^"]*)" selected>', sort.group(1))
    assert selected == [chosen]
    assert f"<caption>Order: {order}</caption>" in html


def test_a_chosen_theme_still_shows_the_other_themes_of_its_articles(
    editor: Client, desk: dict[str, Article]
) -> None:
    # the published article is filed under two themes: choosing one keeps the other counted
    article = desk["le-hoi"]
    article.selection.themes.add(Theme.objects.get(slug="du-lich"))
    response = editor.get("/office/inbox/?theme=van-hoa")
    assert titles(response) == ["Lễ hội văn hóa phố cổ Hoàn Kiếm"]
    themes = {f.name: f for f in response.context["found"].facets}["theme"]
    assert {v.value: v.count for v in themes.values} == {"van-hoa": 1, "du-lich": 1}
    assert [v.value for v in themes.values if v.chosen] == ["van-hoa"]
    duplicates = editor.get("/office/inbox/?duplicates=on")
    assert titles(duplicates) == []


def test_past_the_window_facets_count_the_latest_matches_and_the_page_says_so(
    editor: Client, desk: dict[str, Article], monkeypatch: pytest.MonkeyPatch
) -> None:
    from doingoai.office import inbox

    monkeypatch.setattr(inbox, "FACET_WINDOW", 2)
    response = editor.get("/office/inbox/", HTTP_ACCEPT_LANGUAGE="en")
    found = response.context["found"]
    assert all(f.sampled for f in found.facets)
    # the two latest collected: "undated" (names nobody) and "english" (Hoàn
    # Kiếm), both of Lao Động Thủ Đô, neither selected
    assert facet(response, "entity-LOC") == {"Hoàn Kiếm": 1}
    assert facet(response, "outlet") == {"Lao Động Thủ Đô": 2}
    assert facet(response, "language") == {"English": 1, "Vietnamese": 1}
    assert facet(response, "status") == {"not selected": 2}
    # the hint names the window the facets were counted over, once
    assert response.content.decode().count("in the latest 2 matches") == 1
    vietnamese = editor.get("/office/inbox/", HTTP_ACCEPT_LANGUAGE="vi")
    assert vietnamese.content.decode().count("trong 2 kết quả mới nhất") == 1
    assert len(titles(response)) == 5 and found.total == 5  # the list itself is whole
    monkeypatch.setattr(inbox, "FACET_WINDOW", 5)
    whole = editor.get("/office/inbox/", HTTP_ACCEPT_LANGUAGE="en")
    assert not whole.context["found"].sampled
    assert "in the latest" not in whole.content.decode()


def test_past_the_exact_count_postgresql_shows_its_estimate_and_the_pages_still_work(
    editor: Client, desk: dict[str, Article], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counted one by one up to COUNT_EXACT; past it PostgreSQL's planner
    estimates (never below what was counted, "about …"), SQLite counts all."""
    from django.db import connection

    from doingoai.office import inbox

    monkeypatch.setattr(inbox, "COUNT_EXACT", 2)
    monkeypatch.setattr("doingoai.office.views.articles.PAGE_SIZE", 2)
    response = editor.get("/office/inbox/", HTTP_ACCEPT_LANGUAGE="en")
    found = response.context["found"]
    heading = re.search(r'<h2 id="results-h">([^<]*)</h2>', response.content.decode())
    assert heading is not None
    if connection.vendor == "postgresql":
        assert not found.total_exact and found.total >= 3
        assert heading.group(1).startswith("about ")
    else:
        assert found.total_exact and found.total == 5
        assert heading.group(1) == "5 articles"
    # the pages list every article once, newest first, the undated one last
    seen: list[str] = []
    for number in range(1, 4):
        seen += titles(editor.get(f"/office/inbox/?page={number}"))
    assert len(seen) == len(set(seen)) == 5
    assert seen[-1] == "Bản tin không ghi ngày"
    narrow = editor.get("/office/inbox/?outlet=" + str(desk["le-hoi"].outlet_id))
    assert narrow.context["found"].total_exact and narrow.context["found"].total == 2


@pytest.mark.parametrize("estimate", [3, 1000])
def test_an_estimate_too_low_or_too_high_hides_no_page(
    editor: Client, desk: dict[str, Article], monkeypatch: pytest.MonkeyPatch, estimate: int
) -> None:
    """The page asked for settles an estimated total: a row after it keeps a
    next page, the last page makes the total exact, a page past the end
    counts every match and shows the last page."""
    from doingoai.office import inbox

    monkeypatch.setattr(inbox, "count", lambda articles: (estimate, False))
    monkeypatch.setattr("doingoai.office.views.articles.PAGE_SIZE", 2)

    def heading(response: Any) -> str:
        found = re.search(r'<h2 id="results-h">([^<]*)</h2>', response.content.decode())
        assert found is not None
        return found.group(1)

    first = editor.get("/office/inbox/", HTTP_ACCEPT_LANGUAGE="en")
    assert heading(first) == f"about {max(estimate, 3):,} articles"
    assert first.context["page"].has_next()
    seen: list[str] = []
    number = 1
    while True:
        page = editor.get(f"/office/inbox/?page={number}", HTTP_ACCEPT_LANGUAGE="en")
        seen += titles(page)
        if not page.context["page"].has_next():
            break
        number += 1
    assert number == 3 and len(seen) == len(set(seen)) == 5
    assert heading(page) == "5 articles"
    beyond = editor.get("/office/inbox/?page=9", HTTP_ACCEPT_LANGUAGE="en")
    assert heading(beyond) == "5 articles"
    assert titles(beyond) == ["Bản tin không ghi ngày"]


def test_a_query_typed_with_accents_offers_the_matches_without_them_apart(
    editor: Client, desk: dict[str, Article]
) -> None:
    response = editor.get("/office/inbox/?q=%C4%91%E1%BB%95i+ngo%E1%BA%A1i&outlet=")  # đổi ngoại
    assert response.status_code == 200
    assert titles(response) == ["Đổi ngoại tệ ở phố Hà Trung"]
    assert response.context["found"].without_accents == 2
    html = response.content.decode()
    assert "2 more articles hold these words only without the accents typed." in html
    link = response.context["found"].all_accents_query
    assert "accents=any" in link and "q=" in link
    every = editor.get(f"/office/inbox/?{link}")
    assert every.status_code == 200
    listed = titles(every)
    assert listed[0] == "Đổi ngoại tệ ở phố Hà Trung"
    assert set(listed) == {
        "Đổi ngoại tệ ở phố Hà Trung",
        "Hà Nội đẩy mạnh thông tin đối ngoại",
        "Lễ hội văn hóa phố cổ Hoàn Kiếm",
    }
    assert "only without the accents typed" not in every.content.decode()
