"""The query language: parsing, rendering for FTS5 and tsquery, reading unaccented queries."""

from __future__ import annotations

import pytest

from doingoai.errors import QueryError
from doingoai.store.search import query as q


@pytest.mark.parametrize(
    ("text", "parsed", "accented"),
    [
        ("doi ngoai", "doi ngoai", False),
        ("Đối Ngoại", "đối ngoại", True),
        ('"thông tin" đối ngoại', '"thông tin" đối ngoại', True),
        ("COVID-19 Hà-Nội", '"covid 19" "hà nội"', True),
        ("a OR b c", "a OR (b c)", False),
        ("(a OR b) c", "(a OR b) c", False),
        ("a AND b -c", "a b -c", False),
        ("a NOT b", "a -b", False),
        ('a -"b c"', 'a -"b c"', False),
        ("hoà thuỷ", "hòa thủy", True),
        ("title:x ^y* NEAR", '"title x" y near', False),
        ("(-a) b", "-a b", False),
        ("a - b", "a b", False),
    ],
)
def test_parse(text: str, parsed: str, accented: bool) -> None:
    query = q.parse(text)
    assert query.describe() == parsed
    assert query.accented is accented


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('"a', "unbalanced quotation mark"),
        ("(a", "unbalanced parenthesis"),
        ("a)", "unbalanced parenthesis"),
        ("a OR", "OR needs"),
        ("-a", "only of exclusions"),
        ("(-a)", "only of exclusions"),
        ("(-a) OR b", "cannot be one side of OR"),
        ("", "no word"),
    ],
)
def test_parse_errors_name_the_query(text: str, message: str) -> None:
    with pytest.raises(QueryError, match=message) as err:
        q.parse(text)
    assert repr(text) in str(err.value)


def _folded(term: q.Term, positive: bool) -> tuple[bool, tuple[str, ...]]:
    return False, tuple(w.folded for w in term.words)


def _exact(term: q.Term, positive: bool) -> tuple[bool, tuple[str, ...]]:
    return True, tuple(w.exact for w in term.words)


@pytest.mark.parametrize(
    ("text", "fts5", "tsquery"),
    [
        (
            "đối ngoại",
            '(({title_f body_f} : "doi") AND ({title_f body_f} : "ngoai"))',
            "(('~doi') & ('~ngoai'))",
        ),
        ('"đối ngoại"', '({title_f body_f} : "doi ngoai")', "('~doi' <-> '~ngoai')"),
        (
            "a OR b -c",
            '(({title_f body_f} : "a") OR ((({title_f body_f} : "b"))'
            ' NOT ({title_f body_f} : "c")))',
            "(('~a') | ((('~b')) & !('~c')))",
        ),
    ],
)
def test_render(text: str, fts5: str, tsquery: str) -> None:
    query = q.parse(text)
    assert q.to_fts5(query, _folded) == fts5
    assert q.to_tsquery(query, _folded) == tsquery


def test_render_exact_uses_exact_columns() -> None:
    query = q.parse("Đảng")
    assert q.to_fts5(query, _exact) == '({title body} : "đảng")'
    assert q.to_tsquery(query, _exact) == "('đảng')"


@pytest.mark.parametrize(
    ("text", "resolve", "terms", "recheck"),
    [
        ("đối ngoại", _folded, "('~doi' & '~ngoai')", False),
        ('"đối ngoại"', _folded, "('~doi ngoai')", False),
        ('"đối ngoại"', _exact, "('đối ngoại')", False),
        # a longer phrase: all its pairs, then the positions
        (
            '"thị trường chứng khoán"',
            _exact,
            "('thị trường' & 'trường chứng' & 'chứng khoán')",
            True,
        ),
        # a pair excluded is exact; a longer phrase excluded is left to the check
        ('giá -"giá vàng"', _exact, "(('giá') & !('giá vàng'))", False),
        ('giá -"giá vàng miếng"', _exact, "('giá')", True),
        ('"a b" OR c', _exact, "(('a b') | 'c')", False),
    ],
)
def test_render_terms(text: str, resolve: q.Resolve, terms: str, recheck: bool) -> None:
    """PostgreSQL's terms query: words, and pairs of adjacent words for phrases."""
    assert q.to_terms_tsquery(q.parse(text), resolve) == (terms, recheck)


COUNTS = {
    "doi": {"đối": 40, "đổi": 35, "đội": 60, "đời": 50},
    "ngoai": {"ngoài": 80, "ngoại": 45},
    "doi ngoai": {"đối ngoại": 30, "đổi ngoại": 6},
    "te": {"tế": 70, "tệ": 8},
    "ngoai te": {"ngoại tệ": 6},
    "ha": {"hà": 90, "hạ": 20},
    "noi": {"nội": 90, "nói": 40},
    "ha noi": {"hà nội": 85},
}


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("doi ngoai", "đối ngoại"),
        ("doi", "đội"),  # alone, the most frequent form
        ("ngoai", "ngoài"),
        ("ngoai te", "ngoại tệ"),  # the pair outweighs "tế", the more frequent word alone
        ("ha noi", "hà nội"),
        ('"ha noi" doi ngoai', '"hà nội" đối ngoại'),
        ("xyz ngoai", "xyz ngoài"),  # an unknown word keeps its form
    ],
)
def test_choose_forms(text: str, reading: str) -> None:
    query = q.parse(text)
    forms = q.choose_forms(query.runs(), COUNTS)
    assert query.describe(lambda w: forms.get(w.index, w.exact)) == reading


def test_phrased_joins_adjacent_words_only() -> None:
    query = q.parse('thong tin doi ngoai -"ha noi" OR bao')
    assert query.phrased().describe() == '("thong tin doi ngoai" -"ha noi") OR bao'
    assert q.parse("ha").phrased().describe() == "ha"
    assert q.parse('"ha noi" doi').phrased().describe() == '"ha noi" doi'
    assert q.parse("ha noi -doi").phrased().describe() == '"ha noi" -doi'


def test_other_readings_share_and_limits() -> None:
    counts = {
        "thue": {"thuế": 60, "thuê": 30, "thuề": 2, "thuệ": 8},
        "doi ngoai": {"đối ngoại": 30, "đổi ngoại": 6},
        "ngoai": {"ngoài": 80, "ngoại": 45},
    }
    one = q.parse("thue")
    chosen = q.choose_forms(one.runs(), counts)
    others = q.other_readings(one.runs(), counts, chosen)
    assert chosen == {0: "thuế"}
    assert others == [{0: "thuê"}, {0: "thuệ"}]  # "thuề" (2 %) is under the share
    two = q.parse("doi ngoai")
    assert q.other_readings(two.runs(), counts, q.choose_forms(two.runs(), counts)) == [
        {0: "đổi", 1: "ngoại"}
    ]
    three = q.parse("doi ngoai thue")
    assert q.other_readings(three.runs(), counts, {}) == []


def test_the_other_readings_best_hit_is_looked_for_in_its_newest_block_only() -> None:
    """A page of 1,000 (the inbox's) still gets the other reading's best hit in
    fifth place (fourth and fifth with two readings), the lookup skips the hits
    on the page, and on PostgreSQL it asks for no more than a block of the
    reading's matches (asking for 1,001 sent it back through the whole index)."""
    from doingoai.store.search.backends import BLOCK, FIRST_REACH, Filters, Row, _Common
    from doingoai.store.search.searcher import _with_other_readings

    page = [Row(i, True, 0.5) for i in range(1000, 0, -1)]
    newest_block = [Row(1000, False, 0.9), Row(999, False, 0.8), Row(5000, False, 0.7)]
    skipped: list[set[int]] = []

    def best(match: str, skip: set[int]) -> Row | None:
        skipped.append(skip)
        return next((r for r in newest_block if r.article_id not in skip), None)

    shown = _with_other_readings(page, ["other"], best)
    assert skipped == [set(range(1, 1001))]
    assert [r.article_id for r in shown[:5]] == [1000, 999, 998, 997, 5000]
    assert len(shown) == 1000 and len({r.article_id for r in shown}) == 1000

    asked: list[tuple[int, int, int | None]] = []

    class Stub(_Common):
        def _rows(self, cursor, match, filters, offset, limit, exact, *, reach=None):  # type: ignore[no-untyped-def]
            asked.append((offset, limit, reach))
            return newest_block[:limit]

    found = Stub().best(None, "other", Filters(), set(range(1, 1001)))  # type: ignore[arg-type]
    assert asked == [(0, BLOCK, FIRST_REACH)]
    assert found is not None and found.article_id == 5000
