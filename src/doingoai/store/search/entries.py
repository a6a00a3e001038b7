"""What the search index stores for one article, worked out without the database.

Core module: no Django. An ingest computes an article's :class:`IndexText`
while it prepares the document (in the worker processes, with extraction and
enrichment), so that the single process that stores documents only inserts
what it is handed: the FTS5 columns on SQLite, the positional and terms
vectors' text on PostgreSQL, and the written forms whose document counts the
vocabulary keeps.
The index built this way is the one :func:`doingoai.store.search.index_articles`
builds from a stored article: both go through :func:`index_text`.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from doingoai.store.search import terms
from doingoai.store.search.query import FOLDED_PREFIX

__all__ = ["BUCKETS", "VOCAB_SEPARATOR", "IndexText", "bucket_lexemes", "checksum", "index_text"]

#: between the folded and the written form in a vocabulary key ("doi ngoai\tđối ngoại")
VOCAB_SEPARATOR = "\t"
#: tsvector limits: highest position, positions kept per lexeme
_MAX_POSITION = 16383
_MAX_POSITIONS = 256
#: the most bytes of lexemes the terms vector holds: PostgreSQL refuses a
#: tsvector past 1,048,575; room is left for the id blocks
_TERMS_BYTES = 1_000_000
#: PostgreSQL's terms vector also names the blocks of article ids an article
#: falls in, at three sizes (1,024, 16,384 and 262,144 ids): ``'#a97'`` is
#: ids 99,328 to 100,351. A search for the newest matches asks the GIN index
#: for its words and a few blocks at once, so the index reads only the part
#: of a common word's list that lies in those blocks.
BUCKETS: tuple[tuple[str, int], ...] = (("#c", 18), ("#b", 14), ("#a", 10))


@dataclass(frozen=True, slots=True)
class IndexText:
    """The index entry of one article's title and body, ready to insert."""

    title: str  # exact tokens of the title, separated by spaces
    body: str
    title_folded: str  # the same tokens folded
    body_folded: str
    #: "folded\\tform" of the words and word pairs the vocabulary counts (terms.vocabulary)
    vocabulary: tuple[str, ...]
    #: :func:`checksum` of the title and body it was made from
    source: int
    #: PostgreSQL's tsvector text, when made with the entry (see :attr:`tsvector`);
    #: left out of comparisons, as it follows from the tokens compared above
    vector_text: str | None = field(default=None, compare=False)
    #: PostgreSQL's terms vector text, when made with the entry (see :attr:`terms`)
    terms_text: str | None = field(default=None, compare=False)

    @property
    def tsvector(self) -> str:
        """PostgreSQL's text form: exact lexemes and ~folded twins with positions.
        An entry made for SQLite (``index_text(..., vector=False)``: a third of
        the entry's cost, and SQLite keeps no vector) makes it from its tokens."""
        if self.vector_text is not None:
            return self.vector_text
        return _tsvector(*self._fields())

    @property
    def terms(self) -> str:
        """PostgreSQL's terms vector in its text form, without positions: every
        exact token and its ~folded twin, and every pair of adjacent tokens of
        a field, exact ("hà nội") and folded ("~ha noi"). Searches match on it
        through a GIN index: a phrase of two words is one lexeme there, so it is
        found without reading the positional vector (:attr:`tsvector`), which
        ranks the matches. The article's id blocks are added where it is
        stored (:func:`bucket_lexemes`)."""
        if self.terms_text is not None:
            return self.terms_text
        return _terms(*self._fields())

    def _fields(self) -> tuple[list[str], list[str], list[str], list[str]]:
        """The title's tokens, exact and folded, then the body's."""
        return (
            self.title.split(),
            self.title_folded.split(),
            self.body.split(),
            self.body_folded.split(),
        )

    def matches(self, title: str, body: str) -> bool:
        """True when this entry was made from ``title`` and ``body``."""
        return self.source == checksum(title, body)

    @property
    def tokens(self) -> str:
        """The exact tokens as PostgreSQL keeps them: title, a line break, body."""
        return self.title + "\n" + self.body

    @classmethod
    def from_tokens(
        cls, title: Sequence[str], body: Sequence[str], *, source: int = 0, vector: bool = True
    ) -> IndexText:
        """The entry of already tokenised exact title and body tokens (with
        PostgreSQL's vectors' text unless ``vector`` is False)."""
        folded = terms.folded
        title_f = [folded(t) for t in title]
        body_f = [folded(t) for t in body]
        forms = _forms(title, title_f) | _forms(body, body_f)
        return cls(
            title=" ".join(title),
            body=" ".join(body),
            title_folded=" ".join(title_f),
            body_folded=" ".join(body_f),
            vocabulary=tuple(sorted(forms)),
            source=source,
            vector_text=_tsvector(title, title_f, body, body_f) if vector else None,
            terms_text=_terms(title, title_f, body, body_f) if vector else None,
        )


def checksum(title: str, body: str) -> int:
    """A checksum of an article's title and body (the same in every process)."""
    data = (title + "\x00" + body).encode("utf-8", "surrogatepass")
    return zlib.crc32(data)


def index_text(title: str, body: str, *, vector: bool = True) -> IndexText:
    """The index entry of an article with this title and body; ``vector``
    False leaves the text of PostgreSQL's vectors to be made when asked for (an
    ingest into SQLite, which keeps none)."""
    exact = terms.exact
    return IndexText.from_tokens(
        [exact(w) for w in terms.words(title or "")],
        [exact(w) for w in terms.words(body or "")],
        source=checksum(title or "", body or ""),
        vector=vector,
    )


def bucket_lexemes(article_id: int) -> str:
    """The terms-vector lexemes of the id blocks article ``article_id`` falls in."""
    return " ".join(f"'{name}{article_id >> shift}'" for name, shift in BUCKETS)


def _terms(
    title: Sequence[str], title_f: Sequence[str], body: Sequence[str], body_f: Sequence[str]
) -> str:
    """The terms vector's text: words and pairs of adjacent words, exact and folded.

    Pairs end where the positional vector's positions do (the body begins at
    ``len(title) + 2``): a phrase past the last position was never found there.
    Pairs are also left out, from the end, where they would take the vector
    past the size PostgreSQL allows (:data:`_TERMS_BYTES`): an article of
    thousands of long tokens is still stored, with all its words."""
    prefix = FOLDED_PREFIX
    words: set[str] = set()
    pairs: list[str] = []
    for tokens, flat, start in ((title, title_f, 1), (body, body_f, len(title) + 2)):
        words.update(tokens)
        words.update([prefix + f for f in flat])
        paired = max(0, _MAX_POSITION - start)
        # pairs written as query.pair_lexeme writes them (inlined: a call per pair costs)
        pairs.extend(map(" ".join, pairwise(tokens[:paired])))
        pairs.extend([prefix + a + " " + b for a, b in pairwise(flat[:paired])])
    found = words.union(pairs)
    text = "\n".join(found)  # a token never holds a line break
    if len(text) * 4 > _TERMS_BYTES and len(text.encode("utf-8")) > _TERMS_BYTES:
        found = set(words)
        room = _TERMS_BYTES - sum(len(w.encode("utf-8")) + 1 for w in words)
        for pair in dict.fromkeys(pairs):  # in the article's order, each once
            room -= len(pair.encode("utf-8")) + 1
            if room < 0:
                break
            found.add(pair)
        text = "\n".join(found)
    if "'" in text or "\\" in text:  # nor these (terms.words); quoted all the same
        text = "\n".join(x.replace("\\", "\\\\").replace("'", "''") for x in found)
    return "'" + text.replace("\n", "' '") + "'" if found else ""


def _forms(tokens: Sequence[str], flat: Sequence[str]) -> set[str]:
    """:func:`terms.vocabulary` of one field, as "folded\\tform" keys."""
    n = min(len(tokens), terms.VOCABULARY_WORDS)
    sep = VOCAB_SEPARATOR
    found: set[str] = set()
    add = found.add
    previous = ""  # the written form of the word before, when it was a word without digits
    for i in range(n):
        token = tokens[i]
        if not token.isalpha():
            previous = ""
            continue
        add(flat[i] + sep + token)
        if previous:
            add(flat[i - 1] + " " + flat[i] + sep + previous + " " + token)
        previous = token
    return found


def _tsvector(
    title: Sequence[str], title_f: Sequence[str], body: Sequence[str], body_f: Sequence[str]
) -> str:
    """A tsvector in its text form: every exact token and its ~folded twin, at
    the token's position (title positions weighted A, the body after a gap of one)."""
    positions: dict[str, list[str]] = {}
    get = positions.get
    fields = ((title, title_f, 1, "A"), (body, body_f, len(title) + 2, ""))
    for tokens, flat, start, weight in fields:
        for i, (token, fold) in enumerate(zip(tokens, flat, strict=True), start=start):
            pos = f"{i if i < _MAX_POSITION else _MAX_POSITION}{weight}"
            for lexeme in (token, FOLDED_PREFIX + fold):
                seen = get(lexeme)
                if seen is None:
                    positions[lexeme] = [pos]
                elif len(seen) < _MAX_POSITIONS and seen[-1] != pos:
                    seen.append(pos)
    return " ".join(
        "'" + lex.replace("\\", "\\\\").replace("'", "''") + "':" + ",".join(pos)
        for lex, pos in positions.items()
    )
