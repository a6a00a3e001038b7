"""Translation memory: exact, context-aware, fuzzy lookup, ranking, isolation, transactions."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from doingoai.errors import InputError
from doingoai.translate import Entry, TranslationMemory, schema_sql

CAPITAL = Entry(
    "Hà Nội là thủ đô của nước Cộng hòa xã hội chủ nghĩa Việt Nam.",
    "Hanoi is the capital of the Socialist Republic of Viet Nam.",
    "vi",
    "en",
)


@pytest.fixture
def tm() -> TranslationMemory:
    memory = TranslationMemory.open(":memory:")
    memory.add([CAPITAL])
    return memory


@pytest.mark.parametrize(
    "query",
    [
        "Hà Nội là thủ đô của nước Cộng hòa xã hội chủ nghĩa Việt Nam.",
        # tokenised text: spaces before punctuation
        "Hà Nội là thủ đô của nước Cộng hòa xã hội chủ nghĩa Việt Nam .",
        # new-style tone placement
        "Hà Nội là thủ đô của nước Cộng hoà xã hội chủ nghĩa Việt Nam.",
        # decomposed (NFD) input with a non-breaking space
        "Ha\u0300 No\u0323\u0302i\u00a0là thủ đô của nước Cộng hòa xã hội chủ nghĩa Việt Nam.",
    ],
)
def test_exact_match_up_to_normalisation(tm: TranslationMemory, query: str) -> None:
    [match] = tm.lookup(query, source_lang="vi", target_lang="en")
    assert match.exact and match.score == 100
    assert match.target == CAPITAL.target
    assert match.diff == [("=", match.diff[0][1])]


def test_case_difference_is_not_exact(tm: TranslationMemory) -> None:
    [match] = tm.lookup(CAPITAL.source.upper(), source_lang="vi", target_lang="en")
    assert not match.exact and match.score == 99


def test_context_aware_exact_ranks_first() -> None:
    tm = TranslationMemory.open(":memory:")
    source = "Bảo tàng mở cửa từ thứ Ba."
    tm.add(
        [
            Entry(source, "The museum opens from Tuesday.", "vi", "en", context="para:museum"),
            Entry(source, "The shop opens from Tuesday.", "vi", "en", context="para:shop"),
        ]
    )
    for context, expected in [
        ("para:shop", "The shop opens from Tuesday."),
        ("para:museum", "The museum opens from Tuesday."),
    ]:
        first, second = tm.lookup(source, source_lang="vi", target_lang="en", context=context)
        assert first.target == expected and first.context_match and first.score == 100
        assert second.exact and not second.context_match
    no_context = tm.lookup(source, source_lang="vi", target_lang="en")
    assert [m.context_match for m in no_context] == [False, False]
    assert all(m.exact for m in no_context)


@pytest.mark.parametrize(
    ("query", "low", "high", "pieces"),
    [
        (
            "Hà Nội là thủ đô của nước Cộng hòa xã hội chủ nghĩa Việt Nam từ năm 1976.",
            80,
            95,
            [("+", " từ năm 1976")],
        ),
        (
            "Hà Nội là trung tâm của nước Cộng hòa xã hội chủ nghĩa Việt Nam.",
            85,
            98,
            [("-", "thủ đô"), ("+", "trung tâm")],
        ),
        (
            "Hà Nội là thủ đô nước Cộng hòa xã hội chủ nghĩa Việt Nam.",
            90,
            98,
            [("-", "của ")],
        ),
    ],
)
def test_fuzzy_match_scores_and_diff(
    tm: TranslationMemory, query: str, low: int, high: int, pieces: list[tuple[str, str]]
) -> None:
    [match] = tm.lookup(query, source_lang="vi", target_lang="en")
    assert low <= match.score <= high
    assert not match.exact and not match.substituted
    assert match.target == CAPITAL.target
    changes = [p for p in match.diff if p[0] != "="]
    assert changes == pieces
    # the "=" and "+" pieces spell the new source, the "=" and "-" pieces the old one
    assert "".join(t for op, t in match.diff if op != "-") == query
    assert "".join(t for op, t in match.diff if op != "+") == CAPITAL.source


@pytest.mark.parametrize(("min_score", "found"), [(95, 0), (75, 1), (50, 1)])
def test_min_score(tm: TranslationMemory, min_score: int, found: int) -> None:
    query = "Hà Nội là thủ đô của nước Cộng hòa xã hội chủ nghĩa Việt Nam từ năm 1976."
    matches = tm.lookup(query, source_lang="vi", target_lang="en", min_score=min_score)
    assert len(matches) == found
    assert all(m.score >= min_score for m in matches)


def test_unrelated_text_finds_nothing(tm: TranslationMemory) -> None:
    query = "Giá vàng hôm nay giảm mạnh trên thị trường thế giới."
    assert tm.lookup(query, source_lang="vi", target_lang="en") == []
    assert tm.lookup("", source_lang="vi", target_lang="en") == []


def test_limit_and_order() -> None:
    tm = TranslationMemory.open(":memory:")
    words = ["đỏ", "xanh", "vàng", "trắng", "đen", "tím", "nâu", "hồng"]
    tm.add(
        Entry(f"Chiếc xe đạp màu {' '.join(words[:n])} đang đỗ ở cổng.", f"bike {n}", "vi", "en")
        for n in range(1, 9)
    )
    query = "Chiếc xe đạp màu đỏ đang đỗ ở cổng."
    matches = tm.lookup(query, source_lang="vi", target_lang="en", limit=3, min_score=50)
    assert [m.target for m in matches] == ["bike 1", "bike 2", "bike 3"]
    scores = [m.score for m in matches]
    assert scores == sorted(scores, reverse=True) and scores[0] == 100
    assert tm.lookup(query, source_lang="vi", target_lang="en", limit=0) == []


def test_ties_prefer_human_then_newer() -> None:
    tm = TranslationMemory.open(":memory:")
    source = "Lễ hội diễn ra trong ba ngày."
    old = datetime(2020, 1, 1, tzinfo=UTC)
    new = datetime(2024, 1, 1, tzinfo=UTC)
    tm.add(
        [
            Entry(source, "MT version.", "vi", "en", origin="mt", created_at=new),
            Entry(source, "Old human version.", "vi", "en", origin="human", created_at=old),
            Entry(source, "New human version.", "vi", "en", origin="human", created_at=new),
        ]
    )
    matches = tm.lookup(source, source_lang="vi", target_lang="en")
    assert [m.target for m in matches] == [
        "New human version.",
        "Old human version.",
        "MT version.",
    ]
    assert [m.origin for m in matches] == ["human", "human", "mt"]


@pytest.mark.parametrize(
    ("source_lang", "target_lang", "found"),
    [("vi", "en", 1), ("vi", "fr", 0), ("en", "vi", 0), ("VI", "EN", 1), ("vi", "en-gb", 0)],
)
def test_language_pair_isolation(
    tm: TranslationMemory, source_lang: str, target_lang: str, found: int
) -> None:
    tm.add([Entry("Hà Nội là thủ đô.", "Hanoi est la capitale.", "vi", "fr")])
    near = "Hà Nội là thủ đô của nước Cộng hòa xã hội chủ nghĩa Việt Nam!"
    matches = tm.lookup(near, source_lang=source_lang, target_lang=target_lang)
    assert len(matches) == found
    assert all(m.target == CAPITAL.target for m in matches)


def test_duplicates_are_stored_once(tm: TranslationMemory) -> None:
    again = Entry(CAPITAL.source + " ", CAPITAL.target, "vi", "en")
    other = Entry(CAPITAL.source, "Hanoi is Viet Nam's capital.", "vi", "en")
    first = tm.lookup(CAPITAL.source, source_lang="vi", target_lang="en")[0].entry_id
    ids = tm.add([again, other, other])
    assert ids[0] == first and ids[1] == ids[2] != first
    assert tm.count() == 2


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (Entry("", "x", "vi", "en"), "entry 2: the source is empty"),
        (Entry("x", "  ", "vi", "en"), "entry 2: the target is empty"),
        (Entry("x", "y", "vi", "en", origin="robot"), "origin 'robot'"),  # type: ignore[arg-type]
        (Entry("x", "y", "vietnamese!", "en"), "source language 'vietnamese!'"),
    ],
)
def test_bad_entry_stores_nothing(bad: Entry, message: str) -> None:
    tm = TranslationMemory.open(":memory:")
    good = Entry("Một câu hợp lệ.", "A valid sentence.", "vi", "en")
    with pytest.raises(InputError, match=message):
        tm.add([good, bad])
    assert tm.count() == 0


def test_file_memory_persists(tmp_path: Path) -> None:
    path = tmp_path / "tm.sqlite3"
    tm = TranslationMemory.open(path)
    tm.add([CAPITAL])
    tm.close()
    again = TranslationMemory.open(path)
    [match] = again.lookup(CAPITAL.source, source_lang="vi", target_lang="en")
    assert match.exact and again.get(match.entry_id).target == CAPITAL.target
    again.close()


def test_joins_the_callers_transaction(tmp_path: Path) -> None:
    """On an application's connection the memory's writes belong to the caller's
    transaction: rolled back with it."""
    conn = sqlite3.connect(tmp_path / "app.sqlite3", isolation_level=None)
    for statement in schema_sql("sqlite"):
        conn.execute(statement)
    tm = TranslationMemory(conn, create=False)
    conn.execute("BEGIN")
    tm.add([CAPITAL])
    assert tm.count() == 1
    conn.execute("ROLLBACK")
    assert tm.count() == 0
    assert tm.lookup(CAPITAL.source, source_lang="vi", target_lang="en") == []
    conn.execute("BEGIN")
    tm.add([CAPITAL])
    conn.execute("COMMIT")
    assert len(tm.lookup(CAPITAL.source, source_lang="vi", target_lang="en")) == 1


def test_small_adds_keep_posting_lists_compact() -> None:
    tm = TranslationMemory.open(":memory:")
    tm.max_chunks = 4
    for n in range(12):
        tm.add([Entry(f"Hội nghị lần thứ {n} đã kết thúc tốt đẹp.", f"Meeting {n}.", "vi", "en")])
    most = tm.connection.execute(
        "SELECT max(c) FROM (SELECT count(*) AS c FROM tm_posting GROUP BY gram)"
    ).fetchone()[0]
    assert most <= 4
    matches = tm.lookup("Hội nghị lần thứ 99 đã kết thúc.", source_lang="vi", target_lang="en")
    assert len(matches) == 5
    assert tm.optimize() > 0
    assert (
        tm.connection.execute(
            "SELECT count(*) FROM (SELECT gram FROM tm_posting GROUP BY gram HAVING count(*) > 1)"
        ).fetchone()[0]
        == 0
    )


def test_match_to_dict_is_json_ready(tm: TranslationMemory) -> None:
    import json

    [match] = tm.lookup(CAPITAL.source, source_lang="vi", target_lang="en")
    data = json.loads(json.dumps(match.to_dict()))
    assert data["score"] == 100 and data["target"] == CAPITAL.target
    assert data["origin"] == "human" and data["diff"][0][0] == "="


def test_unknown_connection_is_a_config_error() -> None:
    from doingoai.errors import ConfigError

    with pytest.raises(ConfigError, match="cannot tell the database"):
        TranslationMemory(object())
    with pytest.raises(ConfigError, match="unsupported database vendor 'oracle'"):
        schema_sql("oracle")
