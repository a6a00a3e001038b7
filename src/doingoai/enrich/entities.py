"""Named entities in Vietnamese text: people (PER), organisations (ORG), places (LOC).

Three taggers, measured on a hand-annotated set (docs/benchmarks.md, "Enrichment"):

- ``"rules"``: capitalised-syllable runs read with word lists
  (:mod:`doingoai.enrich._gazetteer`): an organisation head ("Sở", "Ủy ban",
  "Công ty" …) starts an ORG that runs over the capitalised words of its name
  and the place it belongs to ("Ủy ban Nhân dân TP.Hà Nội"); a surname or a
  title ("ông", "Chủ tịch" …) makes a PER; a place word ("quận", "phố" …) or
  a known place name makes a LOC; an acronym is an ORG.
- ``"underthesea"``: underthesea's CRF tagger as it comes.
- ``"combined"`` (the default): the rules, plus underthesea's entities that
  the rules did not see (foreign names, unlisted places), trimmed of the
  lower-case words and punctuation the CRF tagger lets in and re-typed by
  the word lists.

underthesea is imported on first use (about a second). Without it,
:func:`find_entities` warns once and uses the rules.
"""

from __future__ import annotations

import re
import threading
import warnings
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from typing import Any, Literal

from doingoai.enrich import _gazetteer as gz
from doingoai.errors import ConfigError
from doingoai.text import canonical_tones, fold

__all__ = ["KINDS", "METHODS", "Entity", "find_entities", "underthesea_available"]

KINDS = ("PER", "ORG", "LOC")
Method = Literal["combined", "rules", "underthesea"]
METHODS: tuple[str, ...] = ("combined", "rules", "underthesea")


@dataclass(frozen=True, slots=True)
class Entity:
    """One entity: ``text`` is ``source[start:end]``."""

    text: str
    kind: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- tokens -------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W_]+(?:-[^\W_]+)*|[^\w\s]")


class _Tok:
    """A token and what the rules ask of it, worked out once (the rules look at
    each token many times: about 900 questions per hundred tokens)."""

    __slots__ = ("cap", "end", "folded_case", "lower", "start", "text", "word")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.start = start
        self.end = end
        first = text[0]
        self.word = first.isalnum()
        self.cap = first.isupper()
        self.lower = self.word and first.islower()
        self.folded_case = text.lower()

    @property
    def acronym(self) -> bool:
        letters = [c for c in self.text if c.isalpha()]
        return len(letters) >= 2 and all(c.isupper() for c in letters)


def _tokens(text: str) -> list[_Tok]:
    return [_Tok(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


Phrases = dict[str, list[tuple[str, ...]]]


def _phrases(names: tuple[str, ...]) -> Phrases:
    """Lower-case phrases indexed by their first word, longest first."""
    index: Phrases = {}
    for phrase in sorted({tuple(n.lower().split()) for n in names}, key=len, reverse=True):
        index.setdefault(phrase[0], []).append(phrase)
    return index


_MARKERS = _phrases(gz.PLACE_MARKERS)
_TRIGGERS = _phrases(gz.ORG_TRIGGERS)
_TITLES = _phrases(gz.PERSON_TITLES)
_PLACE_HEADS = _phrases(gz.PLACE_HEADS)
_PLACES = {canonical_tones(p) for p in gz.PLACES}
_PLACE_LEN = max(len(p.split()) for p in gz.PLACES) + 2  # "Bà Rịa - Vũng Tàu"
_SURNAMES = {canonical_tones(s) for s in gz.SURNAMES}
_CONNECTORS = {"và", "-", "–", "&"}


def _match(toks: list[_Tok], i: int, phrases: Phrases) -> int:
    """Length of the longest phrase starting at token ``i`` (lower-case comparison)."""
    if i >= len(toks):
        return 0
    for phrase in phrases.get(toks[i].folded_case, ()):
        n = len(phrase)
        if i + n <= len(toks) and all(toks[i + k].folded_case == phrase[k] for k in range(1, n)):
            return n
    return 0


_SPACE = re.compile(r"\s+")


def _span(text: str, start: int, end: int) -> str:
    """``text[start:end]`` with its whitespace made single spaces (for word-list lookups)."""
    return _SPACE.sub(" ", text[start:end])


def _place_starts() -> dict[str, int]:
    """The first token of each known place name (one tone placement) → the most
    tokens a place name that starts with it has. A span of ``n`` tokens can be a
    place name only if the name has ``n`` tokens and the same first token, so
    most tokens are dismissed by one lookup."""
    starts: dict[str, int] = {}
    for place in _PLACES:
        toks = _tokens(place)
        if toks:
            starts[toks[0].text] = max(starts.get(toks[0].text, 0), len(toks))
    return starts


_PLACE_STARTS = _place_starts()


def _place_at(toks: list[_Tok], i: int, text: str) -> int:
    """Tokens of the longest known place name starting at ``i``."""
    if i >= len(toks) or not toks[i].cap:
        return 0
    longest = _PLACE_STARTS.get(canonical_tones(toks[i].text), 0)
    for n in range(min(_PLACE_LEN, longest, len(toks) - i), 0, -1):
        if canonical_tones(_span(text, toks[i].start, toks[i + n - 1].end)) in _PLACES:
            return n
    return 0


def _cap_run(toks: list[_Tok], i: int) -> int:
    n = 0
    while i + n < len(toks) and toks[i + n].word and toks[i + n].cap:
        n += 1
    return n


def _is_person_run(toks: list[_Tok], i: int, text: str) -> bool:
    run = _cap_run(toks, i)
    return (
        2 <= run <= 4
        and canonical_tones(toks[i].text) in _SURNAMES
        and not _place_at(toks, i, text)
    )


def _known_at(toks: list[_Tok], i: int, text: str, names: frozenset[str]) -> int:
    """Tokens of the longest name of ``names`` starting at ``i``."""
    for n in range(min(5, len(toks) - i), 0, -1):
        if _span(text, toks[i].start, toks[i + n - 1].end) in names:
            return n
    return 0


def _marker_at(toks: list[_Tok], i: int) -> int:
    """A place word (lower case, or the abbreviation TP/TP.) followed by a capitalised word."""
    if i >= len(toks):
        return 0
    if toks[i].text in ("TP", "Tp"):
        n = 2 if i + 1 < len(toks) and toks[i + 1].text == "." else 1
    elif toks[i].lower:
        n = _match(toks, i, _MARKERS)
    else:
        return 0
    return n if n and i + n < len(toks) and toks[i + n].cap and toks[i + n].word else 0


def _name_goes_on(toks: list[_Tok], k: int, *, allow_end: bool) -> bool:
    if k >= len(toks):
        return allow_end
    t = toks[k]
    if t.word and t.cap:
        return True
    if _marker_at(toks, k):
        return True
    if t.text in _CONNECTORS:
        return k + 1 < len(toks) and toks[k + 1].cap and toks[k + 1].word
    return allow_end and not t.word


def _org_name_end(toks: list[_Tok], j: int, text: str) -> int:
    """Where an organisation name that starts at token ``j`` (after its head) ends."""
    k = j
    while k < len(toks):
        t = toks[k]
        place = _place_at(toks, k, text)
        if place:
            return k + place
        marker = _marker_at(toks, k)
        if marker:
            if _is_person_run(toks, k + marker, text):
                return k + 1 if toks[k].text in ("TP", "Tp") else k
            k += marker
            continue
        if t.word and t.cap:
            k += 1
            # lower-case syllables complete a word ("Thông tin", "Cảnh sát điều tra")
            # when the name goes on after them
            lower = 0
            while (
                k + lower < len(toks)
                and toks[k + lower].lower
                and toks[k + lower].text not in _CONNECTORS
                and not _marker_at(toks, k + lower)
            ):
                lower += 1
            if lower == 1 and _name_goes_on(toks, k + 1, allow_end=True):
                k += 1
            elif lower == 2 and _name_goes_on(toks, k + 2, allow_end=False):
                k += 2
            continue
        if (
            t.text in _CONNECTORS
            and k + 1 < len(toks)
            and toks[k + 1].cap
            and toks[k + 1].word
            and not _match(toks, k + 1, _TRIGGERS)
        ):
            k += 1
            continue
        break
    return k


def _rules(text: str, offset: int = 0) -> list[Entity]:
    toks = _tokens(text)
    found: list[tuple[int, int, str]] = []  # token spans
    i = 0
    while i < len(toks):
        t = toks[i]
        if not t.word:
            i += 1
            continue
        # organisation: a capitalised head and a capitalised name after it
        head = _match(toks, i, _TRIGGERS) if t.cap else 0
        if head:
            end = _org_name_end(toks, i + head, text)
            if end > i + head:
                found.append((i, end, "ORG"))
                i = end
                continue
        # person after a title: "ông Nguyễn Văn Nam", "Thị trưởng Anne Hidalgo"
        title = _match(toks, i, _TITLES)
        if title:
            j = i + title
            run = min(_cap_run(toks, j), 4)
            if run and not _match(toks, j, _TRIGGERS) and not toks[j].acronym:
                place = _place_at(toks, j, text)
                if place and run - place >= 2:  # "Đại sứ Hoa Kỳ Marc Knapper"
                    found.append((j, j + place, "LOC"))
                    j += place
                    run -= place
                if place != run:
                    found.append((j, j + run, "PER"))
                    i = j + run
                    continue
        # place after a place word: "quận Ba Đình", "TP.Hà Nội"
        marker = _marker_at(toks, i)
        if marker:
            j = i + marker
            n = _place_at(toks, j, text) or _cap_run(toks, j)
            found.append((j, j + n, "LOC"))
            i = j + n
            continue
        if t.cap:
            head = _match(toks, i, _PLACE_HEADS)
            if head:
                end = _org_name_end(toks, i + head, text)
                if end > i + head:
                    found.append((i, end, "LOC"))
                    i = end
                    continue
            n = _place_at(toks, i, text)
            if n:
                found.append((i, i + n, "LOC"))
                i += n
                continue
            n = _known_at(toks, i, text, gz.ORG_NAMES)
            if n:
                found.append((i, i + n, "ORG"))
                i += n
                continue
            run = _cap_run(toks, i)
            if _is_person_run(toks, i, text):
                found.append((i, i + min(run, 4), "PER"))
                i += min(run, 4)
                continue
            if run == 1 and t.acronym and t.text not in gz.NOT_ORG_ACRONYMS:
                found.append((i, i + 1, "ORG"))
        i += 1
    return [
        Entity(
            text[toks[a].start : toks[b - 1].end],
            kind,
            offset + toks[a].start,
            offset + toks[b - 1].end,
        )
        for a, b, kind in found
    ]


# --- underthesea --------------------------------------------------------------

_ner: Callable[[str], list[tuple[str, ...]]] | None = None
_ner_lock = threading.Lock()
_ner_missing = False


def underthesea_available() -> bool:
    """Whether underthesea can be imported (imports it: about a second the first time)."""
    return _load_underthesea() is not None


def _load_underthesea() -> Callable[[str], list[tuple[str, ...]]] | None:
    global _ner, _ner_missing
    with _ner_lock:
        if _ner is None and not _ner_missing:
            try:
                from underthesea import ner
            except Exception:  # ImportError, or a broken install
                _ner_missing = True
            else:
                _ner = ner
        return _ner


def _char_key(text: str) -> str:
    """One character per character of ``text``: folded, spaces unified (for alignment)."""
    return "".join((fold(c)[:1] or c) if not c.isspace() else " " for c in text)


def _crf(sentence: str, offset: int, ner: Callable[[str], list[tuple[str, ...]]]) -> list[Entity]:
    """underthesea's entities in ``sentence``, located in the original text."""
    key = _char_key(sentence)
    cursor = 0
    spans: list[list[Any]] = []  # [start, end, kind]
    for row in ner(sentence):
        word, tag = row[0], row[-1]
        start = end = -1
        for syllable in word.split():
            at = key.find(_char_key(syllable), cursor)
            if at < 0:
                break
            if start < 0:
                start = at
            end = cursor = at + len(syllable)
        if start < 0 or end < 0:
            continue
        if tag.startswith("B-") or (
            tag.startswith("I-") and (not spans or spans[-1][2] != tag[2:] or spans[-1][3])
        ):
            spans.append([start, end, tag[2:], False])
        elif tag.startswith("I-"):
            spans[-1][1] = end
        elif spans:
            spans[-1][3] = True  # closed by an O
    return [
        Entity(sentence[s:e], kind, offset + s, offset + e)
        for s, e, kind, _ in spans
        if kind in KINDS
    ]


def _clean(entity: Entity, source: str, sentence_start: int) -> list[Entity]:
    """Trim a CRF entity: cut at punctuation, drop leading lower-case words, re-type."""
    out: list[Entity] = []
    toks = _tokens(entity.text)
    pieces: list[list[_Tok]] = [[]]
    for t in toks:
        if t.word or t.text in "-–":
            pieces[-1].append(t)
        else:
            pieces.append([])
    for piece in pieces:
        while piece and (piece[0].lower or not piece[0].word):
            piece.pop(0)
        while piece and not piece[-1].word:
            piece.pop()
        if not piece or not all(t.cap or t.text in "-–" for t in piece):
            continue
        if len(piece) == 1 and (
            piece[0].text in gz.NOT_NAMES or entity.start + piece[0].start == sentence_start
        ):
            continue
        start = entity.start + piece[0].start
        end = entity.start + piece[-1].end
        text = source[start:end]
        kind = entity.kind
        first = canonical_tones(piece[0].text)
        if canonical_tones(_span(text, 0, len(text))) in _PLACES:
            kind = "LOC"
        elif text in gz.ORG_NAMES or _match(piece, 0, _TRIGGERS):
            kind = "ORG"
        elif first in _SURNAMES and 2 <= len(piece) <= 4 and all(t.cap for t in piece):
            kind = "PER"
        out.append(Entity(text, kind, start, end))
    return out


# --- sentences and the public function ----------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"“'(]?[^\W\d_])|\n+")


def _sentences(text: str, limit: int = 600) -> Iterator[tuple[int, str]]:
    """``(offset, sentence)`` pieces of at most about ``limit`` characters."""
    start = 0
    for m in [*_SENTENCE_END.finditer(text), None]:
        end = m.start() if m else len(text)
        while end - start > limit:
            cut = text.rfind(" ", start, start + limit)
            cut = cut if cut > start else start + limit
            yield start, text[start:cut]
            start = cut
        if text[start:end].strip():
            yield start, text[start:end]
        if m:
            start = m.end()


def _overlaps(e: Entity, taken: list[Entity]) -> bool:
    return any(e.start < t.end and t.start < e.end for t in taken)


_warned = False


def find_entities(text: str, *, method: Method = "combined") -> list[Entity]:
    """People, organisations and places in ``text``, in reading order.

    ``method`` is "combined" (rules and underthesea), "rules" or "underthesea".
    """
    global _warned
    if method not in METHODS:
        raise ConfigError(f"unknown entity method {method!r}; use one of {', '.join(METHODS)}")
    ner = _load_underthesea() if method != "rules" else None
    if method != "rules" and ner is None:
        if method == "underthesea":
            raise ConfigError("underthesea is not installed: pip install underthesea")
        if not _warned:
            warnings.warn(
                "underthesea is not installed: named entities come from the rules only "
                "(lower recall on foreign names); pip install underthesea",
                RuntimeWarning,
                stacklevel=2,
            )
            _warned = True
    found: list[Entity] = []
    for offset, sentence in _sentences(text):
        if method == "underthesea" and ner is not None:
            found.extend(_crf(sentence, offset, ner))
            continue
        rules = _rules(sentence, offset)
        if ner is not None:
            extra = [
                piece
                for entity in _crf(sentence, offset, ner)
                for piece in _clean(entity, text, offset)
                if not _overlaps(piece, rules)
            ]
            rules.extend(extra)
        found.extend(sorted(rules, key=lambda e: e.start))
    return found
