"""The search query language, parsed here and never handed raw to a database.

Core module: no Django. Grammar (AND is implied between terms)::

    query   := or
    or      := and ("OR" and)*
    and     := unary (["AND"] unary)*
    unary   := ("-" | "NOT ") primary | primary
    primary := WORDS | '"' WORDS '"' | "(" or ")"

A chunk such as ``COVID-19`` or ``Hà-Nội`` is a phrase of its words; other
punctuation (``*``, ``:``, ``^``, ``{}``) is ignored, so ``title:đối`` searches
for "title" and "đối". Unbalanced quotes or parentheses, an OR or AND with
nothing on one side, a query of exclusions only, or no word at all raise
:class:`~doingoai.errors.QueryError` with a message naming the query.

The parsed tree is rendered to SQLite FTS5 MATCH syntax (:func:`to_fts5`) or a
PostgreSQL tsquery (:func:`to_tsquery`) from its words only, each quoted.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any, Protocol

from doingoai.errors import QueryError
from doingoai.store.search import terms

#: what each refusal of a query says (in English; ``QueryError.code`` and
#: ``QueryError.params`` let a page say it in its reader's language)
MESSAGES: dict[str, str] = {
    "unclosed_quote": 'unbalanced quotation mark: a phrase opened with " is never closed',
    "empty_phrase": "empty phrase: the quotation marks hold no word",
    "unopened_parenthesis": "unbalanced parenthesis: ')' without a matching '('",
    "unclosed_parenthesis": "unbalanced parenthesis: '(' is never closed",
    "empty_parentheses": "empty parentheses: '()' holds nothing to search for",
    "or_operand": "OR needs something to search for on each side",
    "and_operand": "AND needs something to search for on each side",
    "no_word": "the query has no word to search for",
    "exclusion_without_word": "an exclusion (-word or NOT) must be followed by a word",
    "unexpected": "unexpected {kind} where a word was expected",
    "only_exclusions": (
        "a query made only of exclusions (-word) matches nothing: add a word to find"
    ),
    "exclusion_in_or": "an exclusion (-word) cannot be one side of OR",
    "nested_exclusion": "an exclusion cannot contain another exclusion",
    "too_long": "the query is too long ({length} characters, at most {limit})",
    "too_many_words": "the query has too many words ({count}, at most {limit})",
}


class _Fail(Protocol):
    def __call__(self, code: str, **params: Any) -> QueryError: ...


__all__ = [
    "MAX_QUERY_LENGTH",
    "MAX_QUERY_WORDS",
    "And",
    "Node",
    "Not",
    "Or",
    "Query",
    "Term",
    "Word",
    "choose_forms",
    "other_readings",
    "parse",
    "to_fts5",
    "to_tsquery",
]

MAX_QUERY_LENGTH = 1000
MAX_QUERY_WORDS = 64
#: Marks a folded lexeme in a PostgreSQL tsvector (words never contain it).
FOLDED_PREFIX = "~"


@dataclass(frozen=True, slots=True)
class Word:
    index: int  # position among the query's words
    exact: str  # as written: lower case, canonical tone placement
    folded: str


@dataclass(frozen=True, slots=True)
class Term:
    """One word, or a phrase of adjacent words."""

    words: tuple[Word, ...]
    quoted: bool = False


@dataclass(frozen=True, slots=True)
class Not:
    child: Node


@dataclass(frozen=True, slots=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    children: tuple[Node, ...]


Node = Term | Not | And | Or


@dataclass(frozen=True, slots=True)
class Query:
    text: str
    root: Node
    words: tuple[Word, ...] = field(default=())

    @property
    def accented(self) -> bool:
        """True when any word carries a Vietnamese tone or mark."""
        return any(w.exact != w.folded for w in self.words)

    def positive_terms(self) -> list[Term]:
        """The terms a document must (or may, under OR) contain, in query order."""
        found: list[Term] = []

        def walk(node: Node) -> None:
            if isinstance(node, Term):
                found.append(node)
            elif isinstance(node, And | Or):
                for child in node.children:
                    walk(child)

        walk(self.root)
        return found

    def runs(self) -> list[list[Word]]:
        """Runs of positive words that stand next to each other in the query."""
        out: list[list[Word]] = []

        def walk(node: Node) -> None:
            if isinstance(node, Term):
                out.append(list(node.words))
            elif isinstance(node, Or):
                for child in node.children:
                    walk(child)
            elif isinstance(node, And):
                current: list[Word] = []
                for child in node.children:
                    if isinstance(child, Term):
                        current.extend(child.words)
                        continue
                    if current:
                        out.append(current)
                        current = []
                    walk(child)
                if current:
                    out.append(current)

        walk(self.root)
        return out

    def phrased(self) -> Query:
        """The query with each run of adjacent single words read as one phrase.

        Ranking only: the articles that hold "thông tin đối ngoại" with its words
        together come before those that hold the four words apart. A quoted
        phrase or a single word stays as it is.
        """

        def merge(node: Node) -> Node:
            if isinstance(node, Or):
                return Or(tuple(merge(c) for c in node.children))
            if not isinstance(node, And):
                return node
            out: list[Node] = []
            run: list[Word] = []

            def close() -> None:
                if len(run) > 1:
                    out.append(Term(tuple(run)))
                elif run:
                    out.append(Term((run[0],)))
                run.clear()

            for child in node.children:
                if isinstance(child, Term) and not child.quoted and len(child.words) == 1:
                    run.append(child.words[0])
                    continue
                close()
                out.append(merge(child))
            close()
            return out[0] if len(out) == 1 else And(tuple(out))

        return Query(self.text, merge(self.root), self.words)

    def describe(self, form: Callable[[Word], str] | None = None) -> str:
        """The query written back in its canonical form (optionally with other word forms)."""
        pick = form or (lambda w: w.exact)

        def show(node: Node, top: bool = False) -> str:
            if isinstance(node, Term):
                text = " ".join(pick(w) for w in node.words)
                return f'"{text}"' if node.quoted or len(node.words) > 1 else text
            if isinstance(node, Not):
                return "-" + show(node.child)
            if isinstance(node, And):
                inner = " ".join(show(c) for c in node.children)
            else:
                inner = " OR ".join(show(c) for c in node.children)
            return inner if top else f"({inner})"

        return show(self.root, top=True)


# --- lexing and parsing ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str  # "(" ")" AND OR NOT TERM
    words: tuple[str, ...] = ()
    quoted: bool = False


def _lex(text: str, fail: _Fail) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c in "()":
            toks.append(_Tok(c))
            i += 1
        elif c == '"' or c in "“”":
            close = _find_quote(text, i + 1)
            if close < 0:
                raise fail("unclosed_quote")
            found = tuple(terms.words(text[i + 1 : close]))
            if not found:
                raise fail("empty_phrase")
            toks.append(_Tok("TERM", found, quoted=True))
            i = close + 1
        elif c == "-" and i + 1 < n and not text[i + 1].isspace() and text[i + 1] != "-":
            toks.append(_Tok("NOT"))
            i += 1
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in '()"“”':
                j += 1
            chunk = text[i:j]
            i = j
            if chunk in ("AND", "OR", "NOT"):
                toks.append(_Tok(chunk))
                continue
            found = tuple(terms.words(chunk))
            if found:
                toks.append(_Tok("TERM", found))
    return toks


def _find_quote(text: str, start: int) -> int:
    for k in range(start, len(text)):
        if text[k] in '"“”':
            return k
    return -1


class _Parser:
    def __init__(self, toks: list[_Tok], fail: _Fail) -> None:
        self.toks = toks
        self.pos = 0
        self.fail = fail
        self.words: list[Word] = []

    def peek(self) -> str | None:
        return self.toks[self.pos].kind if self.pos < len(self.toks) else None

    def parse(self) -> Node:
        node = self.parse_or()
        if self.peek() == ")":
            raise self.fail("unopened_parenthesis")
        return node

    def parse_or(self) -> Node:
        if self.peek() == "OR":
            raise self.fail("or_operand")
        items = [self.parse_and()]
        while self.peek() == "OR":
            self.pos += 1
            if self.peek() in (None, ")", "OR", "AND"):
                raise self.fail("or_operand")
            items.append(self.parse_and())
        flat: list[Node] = []
        for item in items:
            flat.extend(item.children if isinstance(item, Or) else (item,))
        return flat[0] if len(flat) == 1 else Or(tuple(flat))

    def parse_and(self) -> Node:
        items: list[Node] = []
        while self.peek() not in (None, ")", "OR"):
            if self.peek() == "AND":
                self.pos += 1
                if not items or self.peek() in (None, ")", "OR", "AND"):
                    raise self.fail("and_operand")
                continue
            items.append(self.parse_unary())
        if not items:
            if self.peek() == ")":
                raise self.fail("empty_parentheses")
            raise self.fail("no_word")
        flat: list[Node] = []
        for item in items:
            flat.extend(item.children if isinstance(item, And) else (item,))
        return flat[0] if len(flat) == 1 else And(tuple(flat))

    def parse_unary(self) -> Node:
        if self.peek() == "NOT":
            self.pos += 1
            if self.peek() in (None, ")", "OR", "AND", "NOT"):
                raise self.fail("exclusion_without_word")
            return Not(self.parse_primary())
        return self.parse_primary()

    def parse_primary(self) -> Node:
        kind = self.peek()
        if kind == "(":
            self.pos += 1
            if self.peek() is None:
                raise self.fail("unclosed_parenthesis")
            if self.peek() == ")":
                raise self.fail("empty_parentheses")
            node = self.parse_or()
            if self.peek() != ")":
                raise self.fail("unclosed_parenthesis")
            self.pos += 1
            return node
        if kind == "TERM":
            tok = self.toks[self.pos]
            self.pos += 1
            made = []
            for w in tok.words:
                e = terms.exact(w)
                made.append(Word(len(self.words), e, terms.folded(e)))
                self.words.append(made[-1])
            return Term(tuple(made), quoted=tok.quoted)
        raise self.fail("unexpected", kind=kind)  # pragma: no cover


def _check(node: Node, fail: _Fail) -> None:
    if isinstance(node, Not):
        raise fail("only_exclusions")
    if isinstance(node, Or):
        for child in node.children:
            if isinstance(child, Not):
                raise fail("exclusion_in_or")
            _check(child, fail)
    elif isinstance(node, And):
        if all(isinstance(c, Not) for c in node.children):
            raise fail("only_exclusions")
        for child in node.children:
            if isinstance(child, Not):
                if _contains_not(child.child):
                    raise fail("nested_exclusion")
                _check_inner(child.child, fail)
            else:
                _check(child, fail)


def _check_inner(node: Node, fail: _Fail) -> None:
    if isinstance(node, And | Or):
        for child in node.children:
            _check_inner(child, fail)


def _contains_not(node: Node) -> bool:
    if isinstance(node, Not):
        return True
    if isinstance(node, And | Or):
        return any(_contains_not(c) for c in node.children)
    return False


def parse(text: str) -> Query:
    """Parse a user's query; raise QueryError with a clear message if it cannot be used."""

    def fail(code: str, **params: Any) -> QueryError:
        shown = text if len(text) <= 80 else text[:77] + "..."
        return QueryError(
            MESSAGES[code].format(**params),
            source=f"search query {shown!r}",
            code=code,
            params={"query": shown, **params},
        )

    if len(text) > MAX_QUERY_LENGTH:
        raise fail("too_long", length=len(text), limit=MAX_QUERY_LENGTH)
    toks = _lex(text, fail)
    if not any(t.kind == "TERM" for t in toks):
        raise fail("no_word")
    parser = _Parser(toks, fail)
    root = parser.parse()
    if len(parser.words) > MAX_QUERY_WORDS:
        raise fail("too_many_words", count=len(parser.words), limit=MAX_QUERY_WORDS)
    _check(root, fail)
    return Query(text=text, root=root, words=tuple(parser.words))


# --- choosing accents for an unaccented query --------------------------------------------

Counts = Mapping[str, Mapping[str, int]]


def choose_forms(runs: list[list[Word]], counts: Counts) -> dict[int, str]:
    """The most likely written form of each word of unaccented runs, from corpus counts.

    ``counts`` maps a folded word ("doi") or word pair ("doi ngoai") to the
    written forms seen in the corpus and their document counts. Each run is
    decoded as a whole (Viterbi): pair counts decide where they exist
    ("doi ngoai" → "đối ngoại"), single-word counts elsewhere. A word the
    corpus has never seen keeps its written form.
    """
    chosen: dict[int, str] = {}
    for run in runs:
        for word, form in zip(run, _decode(run, counts), strict=True):
            chosen[word.index] = form
    return chosen


#: Another reading of an unaccented query is offered among the first hits
#: when at least this share of the corpus's documents write it so.
OTHER_READING_SHARE = 0.05
#: How many other readings are offered at most.
OTHER_READINGS = 2


def other_readings(
    runs: list[list[Word]], counts: Counts, chosen: Mapping[int, str]
) -> list[dict[int, str]]:
    """The other likely readings of a one- or two-word unaccented query.

    "thue" is read "thuế", but "thuê" is written in a good share of the
    documents too: a reader who meant it should find it among the first hits.
    Each reading returned maps word index → written form, most frequent first;
    only forms written in at least :data:`OTHER_READING_SHARE` of the
    documents that hold the folded word (or word pair) are returned. A query
    of several runs or of more than two words has none.
    """
    if len(runs) != 1 or not 1 <= len(runs[0]) <= 2:
        return []
    run = runs[0]
    key = " ".join(w.folded for w in run)
    table: Mapping[str, int] = counts.get(key) or {}
    total = sum(table.values())
    mine = " ".join(chosen.get(w.index, w.exact) for w in run)
    out: list[dict[int, str]] = []
    for form in sorted(table, key=lambda f: (-table[f], f)):
        parts = form.split(" ")
        if form == mine or len(parts) != len(run) or table[form] < OTHER_READING_SHARE * total:
            continue
        out.append({w.index: part for w, part in zip(run, parts, strict=True)})
        if len(out) == OTHER_READINGS:
            break
    return out


def _log_share(table: Mapping[str, int] | None, form: str, smoothing: float) -> float:
    if not table:
        return 0.0
    total = sum(table.values())
    return math.log((table.get(form, 0) + smoothing) / (total + smoothing * (len(table) + 1)))


def _log_pair(pair: Mapping[str, int] | None, a: str, b: str, own_a: float, own_b: float) -> float:
    """log P(a b | the pair's folded form), Witten-Bell style: a written pair the
    corpus holds takes its share of the pair's documents; one it never holds
    shares the mass kept for unseen pairs as the two words would alone."""
    if not pair:
        return own_a + own_b
    total, kinds = sum(pair.values()), len(pair)
    seen = pair.get(f"{a} {b}", 0)
    if seen:
        return math.log(seen / (total + kinds))
    return math.log(kinds / (total + kinds)) + own_a + own_b


def _decode(run: list[Word], counts: Counts) -> list[str]:
    """The most likely written forms of a run of unaccented words.

    The run is scored as a chain of word pairs: P(w1 w2) · P(w2 w3) / P(w2) · …,
    each pair's probability read from the pair's own counts (so "cua hang" is
    read "cửa hàng" where the corpus writes it so, even though "của" alone is
    far more frequent), each word's from its own counts.
    """
    cands: list[list[str]] = []
    for i, word in enumerate(run):
        own_table: Mapping[str, int] = counts.get(word.folded) or {}
        options = sorted(own_table, key=lambda f: (-own_table[f], f))[:8]
        for j, k in ((i - 1, 1), (i, 0)):
            if 0 <= j < len(run) - 1:
                pairs: Mapping[str, int] = counts.get(f"{run[j].folded} {run[j + 1].folded}") or {}
                for form in sorted(pairs, key=lambda f: (-pairs[f], f))[:4]:
                    parts = form.split(" ")
                    if len(parts) == 2 and parts[k] not in options:
                        options.append(parts[k])
        cands.append(options or [word.exact])

    def own(i: int, form: str) -> float:
        return _log_share(counts.get(run[i].folded), form, 0.5)

    # best[i][form] = (score of the best path ending in form, previous form)
    best: list[dict[str, tuple[float, str]]] = []
    for i, options in enumerate(cands):
        layer: dict[str, tuple[float, str]] = {}
        for form in options:
            if i == 0:
                layer[form] = (0.0 if len(run) > 1 else own(0, form), "")
                continue
            pair = counts.get(f"{run[i - 1].folded} {run[i].folded}")
            mine = own(i, form)
            layer[form] = max(
                (
                    (
                        prev
                        + _log_pair(pair, p, form, own(i - 1, p), mine)
                        - (own(i - 1, p) if i > 1 else 0.0),
                        p,
                    )
                    for p, (prev, _) in best[i - 1].items()
                ),
                key=lambda sp: (sp[0], sp[1]),
            )
        best.append(layer)
    form = max(best[-1], key=lambda f: (best[-1][f][0], f))
    out = [form]
    for i in range(len(run) - 1, 0, -1):
        form = best[i][form][1]
        out.append(form)
    return out[::-1]


# --- rendering ---------------------------------------------------------------------------

#: How a term is matched: (exact?, tokens).
Resolve = Callable[[Term, bool], tuple[bool, tuple[str, ...]]]


def _render(
    node: Node,
    resolve: Resolve,
    leaf: Callable[[bool, tuple[str, ...]], str],
    ops: tuple[str, str, str],
) -> str:
    and_op, or_op, not_op = ops

    def go(n: Node, positive: bool) -> str:
        if isinstance(n, Term):
            return leaf(*resolve(n, positive))
        if isinstance(n, Or):
            return "(" + or_op.join(go(c, positive) for c in n.children) + ")"
        if isinstance(n, Not):  # pragma: no cover - only inside And, handled below
            raise TypeError("exclusion outside a conjunction")
        pos = [go(c, positive) for c in n.children if not isinstance(c, Not)]
        text = "(" + and_op.join(pos) + ")"
        for c in n.children:
            if isinstance(c, Not):
                text = f"({text}{not_op}{go(c.child, False)})"
        return text

    return go(node, True)


def _fts5_leaf(is_exact: bool, tokens: tuple[str, ...]) -> str:
    cols = "{title body}" if is_exact else "{title_f body_f}"
    phrase = " ".join(tokens).replace('"', '""')
    return f'({cols} : "{phrase}")'


def to_fts5(query: Query, resolve: Resolve) -> str:
    """An FTS5 MATCH expression over the columns title, body (exact) and title_f, body_f."""
    return _render(query.root, resolve, _fts5_leaf, (" AND ", " OR ", " NOT "))


def _lexeme(is_exact: bool, token: str) -> str:
    text = token if is_exact else FOLDED_PREFIX + token
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def _ts_leaf(is_exact: bool, tokens: tuple[str, ...]) -> str:
    return "(" + " <-> ".join(_lexeme(is_exact, t) for t in tokens) + ")"


def to_tsquery(query: Query, resolve: Resolve) -> str:
    """A PostgreSQL tsquery (text to cast with ::tsquery) over exact and ~folded lexemes."""
    return _render(query.root, resolve, _ts_leaf, (" & ", " | ", " & !"))


def pair_lexeme(is_exact: bool, first: str, second: str) -> str:
    """The lexeme of two adjacent tokens in the terms vector ("hà nội", "~ha noi").
    A space never stands inside a token, so a pair is never taken for a word."""
    return (first if is_exact else FOLDED_PREFIX + first) + " " + second


def to_terms_tsquery(query: Query, resolve: Resolve) -> tuple[str, bool]:
    """A tsquery over PostgreSQL's terms vector (its words and the pairs of
    adjacent words, without positions), and whether its matches must be
    checked again against :func:`to_tsquery` on the positional vector.

    A phrase of two words is its pair, which holds exactly when the two words
    stand together: no check is needed. A longer phrase needs all its pairs,
    which narrows the candidates to those almost always holding it, and is
    checked. An exclusion of a longer phrase is left out here (more
    candidates, never fewer) and applied by the check."""
    recheck = False

    def leaf(term: Term, positive: bool) -> str | None:
        nonlocal recheck
        is_exact, tokens = resolve(term, positive)
        if len(tokens) == 1:
            return _lexeme(is_exact, tokens[0])
        if len(tokens) > 2:
            recheck = True
            if not positive:
                return None
        pairs = [pair_lexeme(is_exact, a, b) for a, b in pairwise(tokens)]
        return "(" + " & ".join(_lexeme(True, p) for p in pairs) + ")"

    def go(n: Node, positive: bool) -> str | None:
        if isinstance(n, Term):
            return leaf(n, positive)
        if isinstance(n, Not):  # pragma: no cover - only inside And, handled below
            raise TypeError("exclusion outside a conjunction")
        parts = [go(c, positive) for c in n.children if not isinstance(c, Not)]
        if any(p is None for p in parts):
            return None
        op = " | " if isinstance(n, Or) else " & "
        text = "(" + op.join(p for p in parts if p is not None) + ")"
        for c in n.children:
            if isinstance(c, Not):
                excluded = go(c.child, False)
                if excluded is not None:
                    text = f"({text} & !{excluded})"
        return text

    root = go(query.root, True)
    assert root is not None  # only an excluded phrase of three words or more gives None
    return root, recheck


def iter_words(node: Node) -> Iterator[Word]:
    if isinstance(node, Term):
        yield from node.words
    elif isinstance(node, Not):
        yield from iter_words(node.child)
    else:
        for child in node.children:
            yield from iter_words(child)
