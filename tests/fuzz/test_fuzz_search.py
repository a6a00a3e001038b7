"""Fuzzing the search query parser: a query is parsed or refused with a clear
message, never an exception of another kind; every word it keeps has an
exact and an accent-folded form."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from doingoai.errors import QueryError
from doingoai.store.search.query import iter_words, parse

SYNTAX = st.sampled_from(['"', "(", ")", " OR ", " AND ", " NOT ", "-", "*", ":", " ", "đ"])
query_text = st.lists(
    st.one_of(SYNTAX, st.text(alphabet="abcdđêôơưhanộiHÀNỘI0123456789", max_size=8)), max_size=12
).map("".join)


@given(st.one_of(query_text, st.text(max_size=60)))
@example('"thông tin đối ngoại')
@example("doi ngoai OR")
@example("((((((((((((((((((((((((((((((x")
@example("-" * 50)
def test_a_query_is_parsed_or_refused_with_a_message(text: str) -> None:
    try:
        query = parse(text)
    except QueryError as err:
        assert str(err).startswith("search query")
    else:
        for word in iter_words(query.root):
            # a word is searched as written and folded ("đối" and "doi")
            assert word.exact.strip() and "đ" not in word.folded
