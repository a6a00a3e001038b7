"""The SQL of each search backend: SQLite FTS5 (default) and PostgreSQL tsvector.

Both index the same tokens (see :mod:`.terms`) and answer a parsed query with
the same two tiers: documents that hold the query's words with the accents
asked for (tier 1), then documents that only match once accents are folded.

SQLite: an FTS5 table ``search_fts(title, body, title_f, body_f)`` whose rowid is
the article id; exact tokens in title/body, folded tokens in title_f/body_f;
ranked by bm25 with titles weighted ten times. The filter fields (language,
outlet, topic, date) are copied into the small table ``search_meta`` so that
filtering does not read the wide article rows.

PostgreSQL: a table ``search_document(article_id, vec, terms, tokens,
...filters)``. ``terms`` holds, without positions, each exact lexeme and its
folded twin (prefixed ``~``), each pair of adjacent lexemes ("hà nội", "~ha
noi") and the blocks of ids the article falls in, under a GIN index: matches
are found there. ``vec`` holds the lexemes at their positions (titles weight
A), read only to rank the rows returned (ts_rank) and to check a phrase of
three words or more. The newest matches are looked for in windows of ids,
each named in the query by its id blocks, so that neither the count nor a
page reads every match of a common word, nor a phrase of common words the
vectors of every article holding both.

Within a tier, matches are taken newest first (highest article id) in blocks
of :data:`BLOCK` and ranked by relevance inside each block: the cost of a page
does not grow with the number of matches. Both count matches exactly up to
:data:`COUNT_EXACT_UP_TO` and estimate larger totals.

Both keep ``search_vocab(folded, form, n)``: document counts of the written
forms of words and word pairs, from which unaccented queries are read.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper

from doingoai.errors import ConfigError
from doingoai.store.search import query as q
from doingoai.store.search.entries import BUCKETS, VOCAB_SEPARATOR, IndexText, bucket_lexemes

__all__ = [
    "Backend",
    "Filters",
    "IndexDoc",
    "PostgresBackend",
    "Row",
    "SqliteBackend",
    "backend_for",
]

_CHUNK = 500
#: PostgreSQL looks for the newest matches first among this many ids
_FIRST_WINDOW = 4096
#: the smallest block of ids the terms vector names (BUCKETS)
_BLOCK_IDS = 1 << BUCKETS[-1][1]


@dataclass(frozen=True, slots=True)
class IndexDoc:
    article_id: int
    text: IndexText  # what is indexed of the title and body
    language: str = ""
    outlet_id: int | None = None
    topic: str = ""
    published_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Filters:
    language: str | None = None
    outlet_ids: tuple[int, ...] | None = None
    topic: str | None = None
    since: datetime | None = None

    def __bool__(self) -> bool:
        return bool(self.language or self.outlet_ids is not None or self.topic or self.since)


@dataclass(frozen=True, slots=True)
class Row:
    article_id: int
    exact: bool
    rank: float  # higher is better, in [0, 1)


@dataclass(frozen=True, slots=True)
class Page:
    rows: list[Row]
    total: int
    exact_total: int | None
    total_exact: bool = True  # False: ``total`` is an estimate (see COUNT_EXACT_UP_TO)


#: Matches are ranked by relevance within blocks of this many, newest first:
#: the work per page stays bounded however many articles match, and pages
#: never overlap.
BLOCK = 300

#: The best hit of another reading of an unaccented query (placed on the first
#: page) is looked for among this many of the newest articles of the index: a
#: reading with no match there is not a likely one now, and on PostgreSQL a
#: rare phrase would otherwise be checked in every older article's vector.
FIRST_REACH = 20_000

#: Search counts matches exactly up to this many (or as far as the page asked
#: for reaches); beyond, the total is estimated from how far back in the index
#: the last counted match lies. Counting every match of a common word would
#: make the cost of a search grow with the corpus.
COUNT_EXACT_UP_TO = 500


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


def _marks(n: int) -> str:
    return ", ".join(["%s"] * n)


def _blocks(offset: int, limit: int) -> tuple[int, int]:
    """(first row, row count) of the whole blocks that hold rows offset..offset+limit."""
    first = offset // BLOCK
    last = (offset + limit - 1) // BLOCK
    return first * BLOCK, (last - first + 1) * BLOCK


def _parts(match: str) -> tuple[str, str, bool]:
    """PostgreSQL's rendered match: (terms tsquery, positional tsquery, check?)."""
    terms, pure, recheck = match.split("\n")
    return terms, pure, recheck == "1"


def _blocks_query(bottom: int, top: int) -> str:
    """The tsquery of the fewest id blocks (BUCKETS) that cover ids
    ``bottom``..``top - 1``: whole blocks of the smallest size at each end,
    the largest blocks that fit between (the ids past either end are left
    out by the statement)."""
    bottom = bottom // _BLOCK_IDS * _BLOCK_IDS
    top = -(-top // _BLOCK_IDS) * _BLOCK_IDS
    names: list[str] = []
    while top > bottom:
        for name, shift in BUCKETS:
            size = 1 << shift
            if top % size == 0 and top - size >= bottom:
                names.append(f"'{name}{(top - size) >> shift}'")
                top -= size
                break
    return "(" + " | ".join(names) + ")"


def _estimate(cap: int, oldest: int, first: int, last: int) -> int:
    """The number of matches when the newest ``cap`` of them reach back to
    article ``oldest`` of an index holding ids ``first``..``last``: the rest of
    the index (older articles) is assumed to match as densely; two significant
    figures, never below ``cap``."""
    share = (last - oldest + 1) / max(1, last - first + 1)
    estimate = round(cap / max(share, 1e-9))
    digits = max(0, len(str(estimate)) - 2)
    return int(max(cap, round(estimate, -digits)))


def _rank_blocks(rows: list[tuple[int, float]], skip: int, limit: int) -> list[tuple[int, float]]:
    """Rows in newest-first order, re-ordered by rank within each block, then paged."""
    ranked: list[tuple[int, float]] = []
    for i in range(0, len(rows), BLOCK):
        ranked.extend(sorted(rows[i : i + BLOCK], key=lambda r: (-r[1], -r[0])))
    return ranked[skip : skip + limit]


class Backend(Protocol):
    name: str

    def insert(self, cursor: CursorWrapper, docs: Sequence[IndexDoc]) -> None: ...

    def stored(self, cursor: CursorWrapper, ids: Sequence[int]) -> list[IndexDoc]: ...

    def delete(self, cursor: CursorWrapper, ids: Sequence[int]) -> None: ...

    def render(self, query: q.Query, resolve: q.Resolve) -> str: ...

    def page(
        self,
        cursor: CursorWrapper,
        match: str,
        tier1: str,
        filters: Filters,
        limit: int,
        offset: int,
    ) -> Page: ...

    def count(self, cursor: CursorWrapper, match: str, filters: Filters) -> tuple[int, bool]: ...

    def best(
        self, cursor: CursorWrapper, match: str, filters: Filters, skip: Collection[int]
    ) -> Row | None:
        """The best match of ``match`` that is not in ``skip`` (not exact), among
        the newest :data:`FIRST_REACH` articles of the index."""
        ...


class _Common:
    connection: BaseDatabaseWrapper

    def _count(
        self, cursor: CursorWrapper, match: str, filters: Filters, cap: int
    ) -> tuple[int, bool]:
        """(number of matches, exact?): exact below ``cap``, else an estimate."""
        raise NotImplementedError

    def _rows(
        self,
        cursor: CursorWrapper,
        match: str,
        filters: Filters,
        offset: int,
        limit: int,
        exact: bool,
        *,
        reach: int | None = None,
    ) -> list[Row]:
        """Rows ``offset``… of the matches, newest blocks first; with ``reach``,
        among the newest ``reach`` article ids of the index only."""
        raise NotImplementedError

    def _rest(
        self,
        cursor: CursorWrapper,
        match: str,
        tier1: str,
        filters: Filters,
        offset: int,
        limit: int,
    ) -> list[Row]:
        """The matches of ``match`` that are not matches of ``tier1``."""
        raise NotImplementedError

    def count(self, cursor: CursorWrapper, match: str, filters: Filters) -> tuple[int, bool]:
        """(matches of ``match``, exact?): counted up to COUNT_EXACT_UP_TO, estimated beyond."""
        return self._count(cursor, match, filters, COUNT_EXACT_UP_TO)

    def best(
        self, cursor: CursorWrapper, match: str, filters: Filters, skip: Collection[int]
    ) -> Row | None:
        """The best of the newest block (ranked), not in ``skip``."""
        # within the newest block (its best are ranked there): a long page
        # (the inbox asks for 1,000) does not send the lookup further back
        limit = min(len(skip) + 1, BLOCK)
        rows = self._rows(cursor, match, filters, 0, limit, False, reach=FIRST_REACH)
        return next((r for r in rows if r.article_id not in skip), None)

    def page(
        self,
        cursor: CursorWrapper,
        match: str,
        tier1: str,
        filters: Filters,
        limit: int,
        offset: int,
    ) -> Page:
        """The exact tier (``tier1``) first, then the rest of ``match``."""
        reach = offset + limit + 1
        total, counted = self._count(cursor, match, filters, max(COUNT_EXACT_UP_TO, reach))
        if total == 0 or offset >= total:
            return Page([], total, None, counted)
        rows = self._rows(cursor, tier1, filters, offset, limit, True)
        if len(rows) == limit:
            return Page(rows, total, None, counted)
        # fewer exact matches than offset + limit: this count is exact
        exact_total, _ = self._count(cursor, tier1, filters, reach)
        rest = self._rest(
            cursor, match, tier1, filters, max(0, offset - exact_total), limit - len(rows)
        )
        if not counted and len(rest) < limit - len(rows):  # the estimate was too high
            total, counted = offset + len(rows) + len(rest), True
        return Page(rows + rest, total, exact_total, counted)

    def _where(self, filters: Filters, alias: str) -> tuple[str, list[Any]]:
        conds: list[str] = []
        params: list[Any] = []
        if filters.language:
            conds.append(f"{alias}.language = %s")
            params.append(filters.language)
        if filters.outlet_ids is not None:
            if not filters.outlet_ids:
                conds.append("1 = 0")
            else:
                conds.append(f"{alias}.outlet_id IN ({_marks(len(filters.outlet_ids))})")
                params.extend(filters.outlet_ids)
        if filters.topic:
            conds.append(f"{alias}.topic = %s")
            params.append(filters.topic)
        if filters.since is not None:
            conds.append(f"{alias}.published_at >= %s")
            params.append(self._when(filters.since))
        return "".join(f" AND {c}" for c in conds), params

    def _when(self, value: datetime | None) -> Any:
        return None if value is None else self.connection.ops.adapt_datetimefield_value(value)


class SqliteBackend(_Common):
    """FTS5 table search_fts (rowid = article id) and search_meta (the filter fields)."""

    name = "sqlite-fts5"
    _WEIGHTS = "10.0, 1.0, 10.0, 1.0"

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.connection = connection

    def insert(self, cursor: CursorWrapper, docs: Sequence[IndexDoc]) -> None:
        cursor.executemany(
            "INSERT INTO search_fts (rowid, title, body, title_f, body_f) "
            "VALUES (%s, %s, %s, %s, %s)",
            [
                (d.article_id, d.text.title, d.text.body, d.text.title_folded, d.text.body_folded)
                for d in docs
            ],
        )
        cursor.executemany(
            "INSERT INTO search_meta (id, language, outlet_id, topic, published_at) "
            "VALUES (%s, %s, %s, %s, %s)",
            [
                (d.article_id, d.language, d.outlet_id, d.topic, self._when(d.published_at))
                for d in docs
            ],
        )

    def stored(self, cursor: CursorWrapper, ids: Sequence[int]) -> list[IndexDoc]:
        out: list[IndexDoc] = []
        for chunk in _chunks(ids):
            cursor.execute(
                f"SELECT rowid, title, body FROM search_fts WHERE rowid IN ({_marks(len(chunk))})",
                list(chunk),
            )
            out.extend(
                IndexDoc(r[0], IndexText.from_tokens(r[1].split(), r[2].split(), vector=False))
                for r in cursor.fetchall()
            )
        return out

    def delete(self, cursor: CursorWrapper, ids: Sequence[int]) -> None:
        for chunk in _chunks(ids):
            marks = _marks(len(chunk))
            cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({marks})", list(chunk))
            cursor.execute(f"DELETE FROM search_meta WHERE id IN ({marks})", list(chunk))

    def render(self, query: q.Query, resolve: q.Resolve) -> str:
        return q.to_fts5(query, resolve)

    def _source(self, filters: Filters) -> tuple[str, list[Any]]:
        where, params = self._where(filters, "m")
        if not filters:
            return "FROM search_fts WHERE search_fts MATCH %s", []
        return (
            "FROM search_fts CROSS JOIN search_meta m ON m.id = search_fts.rowid "
            f"WHERE search_fts MATCH %s{where}",
            params,
        )

    def _count(
        self, cursor: CursorWrapper, match: str, filters: Filters, cap: int
    ) -> tuple[int, bool]:
        """(number of matches, exact?): exact below ``cap``, else an estimate."""
        source, params = self._source(filters)
        cursor.execute(
            "SELECT count(*), min(id) FROM ("
            f"SELECT search_fts.rowid AS id {source} ORDER BY search_fts.rowid DESC LIMIT %s)",
            [match, *params, cap],
        )
        counted, oldest = cursor.fetchone()
        if counted < cap:
            return int(counted), True
        cursor.execute(
            "SELECT (SELECT min(id) FROM search_meta), (SELECT max(id) FROM search_meta)"
        )
        first, last = cursor.fetchone()
        return _estimate(cap, int(oldest), int(first), int(last)), False

    def _rows(
        self,
        cursor: CursorWrapper,
        match: str,
        filters: Filters,
        offset: int,
        limit: int,
        exact: bool,
        *,
        reach: int | None = None,
    ) -> list[Row]:
        source, params = self._source(filters)
        if reach is not None:
            cursor.execute("SELECT max(id) FROM search_meta")
            (last,) = cursor.fetchone()
            source += " AND search_fts.rowid > %s"
            params = [*params, (last or 0) - reach]
        skip, take = _blocks(offset, limit)
        cursor.execute(
            f"SELECT search_fts.rowid, -bm25(search_fts, {self._WEIGHTS}) {source} "
            "ORDER BY search_fts.rowid DESC LIMIT %s OFFSET %s",
            [match, *params, take, skip],
        )
        rows = [(int(i), float(r)) for i, r in cursor.fetchall()]
        return [Row(i, exact, r / (1.0 + r)) for i, r in _rank_blocks(rows, offset - skip, limit)]

    def _rest(
        self,
        cursor: CursorWrapper,
        match: str,
        tier1: str,
        filters: Filters,
        offset: int,
        limit: int,
    ) -> list[Row]:
        return self._rows(cursor, f"({match}) NOT ({tier1})", filters, offset, limit, False)

    def best(
        self, cursor: CursorWrapper, match: str, filters: Filters, skip: Collection[int]
    ) -> Row | None:
        """The newest match that holds ``match`` in its title, else the newest
        match, not in ``skip``.

        FTS5's ``bm25()`` counts the documents holding each phrase across the
        whole index before it ranks a single row (a phrase of common words:
        2–3 ms at 100,000 articles); this lookup runs on every first page of an
        unaccented query with other likely readings, so it ranks by where the
        reading stands instead.
        """
        source, params = self._source(filters)
        cursor.execute("SELECT max(id) FROM search_meta")
        (last,) = cursor.fetchone()
        source += " AND search_fts.rowid > %s"
        params = [*params, (last or 0) - FIRST_REACH]
        ids = sorted(skip)
        if ids:
            source += f" AND search_fts.rowid NOT IN ({_marks(len(ids))})"
            params += ids
        in_title = f"{{title title_f}} : ({match})"
        if " NOT " in match:  # the operator (words are quoted, lower case)
            # the column filter would narrow an exclusion ("-word") to the
            # title too: the whole query must hold as well
            in_title = f"({match}) AND ({in_title})"
        for where, rank in ((in_title, 0.5), (match, 0.0)):
            cursor.execute(
                f"SELECT search_fts.rowid {source} ORDER BY search_fts.rowid DESC LIMIT 1",
                [where, *params],
            )
            row = cursor.fetchone()
            if row is not None:
                return Row(int(row[0]), False, rank)
        return None


class PostgresBackend(_Common):
    """Table search_document: tsvector of exact and ~folded lexemes, and the filter fields."""

    name = "postgresql"

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.connection = connection
        self._ids: tuple[int, int] | None = None  # see _span

    def insert(self, cursor: CursorWrapper, docs: Sequence[IndexDoc]) -> None:
        self._ids = None
        cursor.executemany(
            "INSERT INTO search_document "
            "(article_id, vec, terms, tokens, language, outlet_id, topic, published_at) "
            "VALUES (%s, CAST(%s AS tsvector), CAST(%s AS tsvector), %s, %s, %s, %s, %s)",
            [
                (
                    d.article_id,
                    d.text.tsvector,
                    d.text.terms + " " + bucket_lexemes(d.article_id),
                    d.text.tokens,
                    d.language,
                    d.outlet_id,
                    d.topic,
                    self._when(d.published_at),
                )
                for d in docs
            ],
        )

    def stored(self, cursor: CursorWrapper, ids: Sequence[int]) -> list[IndexDoc]:
        out: list[IndexDoc] = []
        for chunk in _chunks(ids):
            cursor.execute(
                "SELECT article_id, tokens FROM search_document "
                f"WHERE article_id IN ({_marks(len(chunk))})",
                list(chunk),
            )
            for article_id, tokens in cursor.fetchall():
                title, _, body = tokens.partition("\n")
                # PostgreSQL's vectors' text is made only if asked for: what
                # was stored is read for its tokens and vocabulary
                text = IndexText.from_tokens(title.split(), body.split(), vector=False)
                out.append(IndexDoc(int(article_id), text))
        return out

    def delete(self, cursor: CursorWrapper, ids: Sequence[int]) -> None:
        self._ids = None
        for chunk in _chunks(ids):
            cursor.execute(
                f"DELETE FROM search_document WHERE article_id IN ({_marks(len(chunk))})",
                list(chunk),
            )

    def render(self, query: q.Query, resolve: q.Resolve) -> str:
        """Three lines: the tsquery over the terms vector, the tsquery over the
        positional vector (ranking, and the check of longer phrases), and "1"
        when the matches of the first must be checked against the second."""
        terms, recheck = q.to_terms_tsquery(query, resolve)
        return f"{terms}\n{q.to_tsquery(query, resolve)}\n{int(recheck)}"

    def _span(self, cursor: CursorWrapper) -> tuple[int, int]:
        """The smallest and largest article id in the index (two index lookups),
        read once for the statements of one search (a search makes a backend)."""
        if self._ids is None:
            cursor.execute(
                "SELECT (SELECT min(article_id) FROM search_document), "
                "(SELECT max(article_id) FROM search_document)"
            )
            first, last = cursor.fetchone()
            self._ids = (int(first), int(last)) if first is not None else (0, -1)
        return self._ids

    def _newest(
        self,
        cursor: CursorWrapper,
        match: str,
        filters: Filters,
        want: int,
        *,
        rank: bool,
        unless: str | None = None,
        reach: int | None = None,
    ) -> list[tuple[int, float]]:
        """The newest ``want`` matches of ``match`` (and not of ``unless``), newest
        first, with their ts_rank when ``rank``.

        The GIN index cannot give matches in id order: reading them all to sort
        them costs as much as there are matches (hundreds of thousands for a
        common word in a million articles). Instead the ids are looked at in
        windows, newest first, each window named in the query by the id blocks
        it covers (:data:`~doingoai.store.search.entries.BUCKETS`), so that the
        GIN index reads only that part of each word's list. A window is sized
        from the density of matches seen so far, so a common word needs one
        small window and a rare one a few wide ones. The positional vector is
        read only to check a phrase of three words or more and to rank the
        rows returned."""
        terms, pure, recheck = _parts(match)
        where, params = self._where(filters, "d")
        lowest, highest = self._span(cursor)
        if reach is not None:
            lowest = max(lowest, highest + 1 - reach)
        if want <= 0 or highest < lowest:
            return []
        check, check_params = (" AND d.vec @@ CAST(%s AS tsquery)", [pure]) if recheck else ("", [])
        score = "ts_rank(newest.vec, CAST(%s AS tsquery), 1)" if rank else "0"
        extra = ""
        if unless is not None:  # the matches of ``unless`` in the same window, left out
            u_terms, u_pure, u_recheck = _parts(unless)
            extra = (
                " AND d.article_id NOT IN (SELECT u.article_id FROM search_document u "
                "WHERE u.terms @@ CAST(%s AS tsquery)"
                + (" AND u.vec @@ CAST(%s AS tsquery))" if u_recheck else ")")
            )
        found: list[tuple[int, float]] = []
        top = highest + 1
        window = _FIRST_WINDOW
        while True:
            bottom = max(lowest, top - window)
            blocks = _blocks_query(bottom, top)
            extra_params = []
            if unless is not None:
                extra_params = [f"({u_terms}) & {blocks}", *([u_pure] if u_recheck else [])]
            cursor.execute(
                "WITH w AS MATERIALIZED (SELECT d.article_id, d.vec FROM search_document d "
                f"WHERE d.terms @@ CAST(%s AS tsquery){check}{extra}{where}) "
                f"SELECT newest.article_id, {score} FROM ("
                "SELECT w.article_id, w.vec FROM w WHERE w.article_id >= %s AND w.article_id < %s "
                "ORDER BY w.article_id DESC LIMIT %s) newest ORDER BY newest.article_id DESC",
                [
                    f"({terms}) & {blocks}",
                    *check_params,
                    *extra_params,
                    *params,
                    *([pure] if rank else []),
                    bottom,
                    top,
                    want - len(found),
                ],
            )
            found.extend((int(i), float(r)) for i, r in cursor.fetchall())
            if len(found) >= want or bottom <= lowest:
                return found
            seen = highest + 1 - bottom
            # enough for what is still wanted at the density seen so far, with a margin
            density = max(len(found), 1) / seen
            window = max(2 * window, round(1.5 * (want - len(found)) / density))
            top = bottom

    def _count(
        self, cursor: CursorWrapper, match: str, filters: Filters, cap: int
    ) -> tuple[int, bool]:
        """(number of matches, exact?): exact below ``cap``, else an estimate."""
        newest = self._newest(cursor, match, filters, cap, rank=False)
        if len(newest) < cap:
            return len(newest), True
        first, last = self._span(cursor)
        return _estimate(cap, newest[-1][0], first, last), False

    def _rows(
        self,
        cursor: CursorWrapper,
        match: str,
        filters: Filters,
        offset: int,
        limit: int,
        exact: bool,
        unless: str | None = None,
        *,
        reach: int | None = None,
    ) -> list[Row]:
        skip, take = _blocks(offset, limit)
        rows = self._newest(
            cursor, match, filters, skip + take, rank=True, unless=unless, reach=reach
        )
        rows = _rank_blocks(rows[skip:], offset - skip, limit)
        return [Row(i, exact, r / (1.0 + r)) for i, r in rows]

    def _rest(
        self,
        cursor: CursorWrapper,
        match: str,
        tier1: str,
        filters: Filters,
        offset: int,
        limit: int,
    ) -> list[Row]:
        return self._rows(cursor, match, filters, offset, limit, False, unless=tier1)


def vocab_add(cursor: CursorWrapper, counts: Mapping[str, int]) -> None:
    """Add (or, with negative counts, remove) document counts of written forms,
    keyed "folded\tform" (:attr:`IndexText.vocabulary`)."""
    items = sorted(counts.items())
    if 0 in counts.values():
        items = [item for item in items if item[1]]
    if not items:
        return
    if cursor.db.vendor == "postgresql":
        # one statement and one text parameter for all the forms (a batch of
        # articles has tens of thousands): a statement per row cost more than
        # the rest of the index, and arrays of them were quoted one element at
        # a time on the client
        cursor.execute(
            "INSERT INTO search_vocab (folded, form, n) "
            "SELECT split_part(line, E'\\t', 1), split_part(line, E'\\t', 2), "
            "split_part(line, E'\\t', 3)::integer "
            "FROM unnest(string_to_array(%s, E'\\n')) AS line "
            "ON CONFLICT (folded, form) DO UPDATE SET n = search_vocab.n + excluded.n",
            ["\n".join([f"{key}{VOCAB_SEPARATOR}{n}" for key, n in items])],
        )
    else:
        cursor.executemany(
            "INSERT INTO search_vocab (folded, form, n) VALUES (%s, %s, %s) "
            "ON CONFLICT (folded, form) DO UPDATE SET n = search_vocab.n + excluded.n",
            [(*key.split(VOCAB_SEPARATOR), n) for key, n in items],
        )
    if min(counts.values()) < 0:
        gone = [key.split(VOCAB_SEPARATOR) for key, n in items if n < 0]
        cursor.executemany(
            "DELETE FROM search_vocab WHERE folded = %s AND form = %s AND n <= 0", gone
        )


def vocab_lookup(cursor: CursorWrapper, keys: Sequence[str]) -> dict[str, dict[str, int]]:
    """The written forms and counts of folded words and word pairs."""
    out: dict[str, dict[str, int]] = {}
    keys = sorted(set(keys))
    if not keys:
        return out
    cursor.execute(
        f"SELECT folded, form, n FROM search_vocab WHERE folded IN ({_marks(len(keys))})", keys
    )
    for f, form, n in cursor.fetchall():
        if n > 0:
            out.setdefault(f, {})[form] = int(n)
    return out


def backend_for(connection: BaseDatabaseWrapper) -> Backend:
    """The backend matching a database connection's vendor."""
    if connection.vendor == "sqlite":
        return SqliteBackend(connection)
    if connection.vendor == "postgresql":
        return PostgresBackend(connection)
    raise ConfigError(
        f"search supports SQLite and PostgreSQL databases, not {connection.vendor} "
        f"(database alias {connection.alias!r})"
    )
