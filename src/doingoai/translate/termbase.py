"""The termbase: concepts, their terms per language, and term recognition.

A :class:`Concept` is one thing with a name (a ministry, a title, a ward); it
holds :class:`Term` s in several languages. Each term has a status —
``preferred``, ``admitted``, ``forbidden`` or ``outdated`` — and may have a
validity range (``valid_from``, ``valid_to``, either open) during which it is
the right name: Vietnam's 2025 reorganisation of state bodies is expressed
this way (the Ministry of Planning and Investment's names end on 28 February
2025, the Ministry of Agriculture and Environment's begin on 1 March 2025).

:meth:`Termbase.find` recognises terms in a text by leftmost-longest match
over syllables, at word boundaries, on two forms:

* the match form (:func:`doingoai.text.match_form`: NFC, one tone placement,
  case-folded), so "Uỷ ban" finds "Ủy ban";
* the folded form (:func:`doingoai.text.fold`), but only for a name written
  wholly without diacritics in a text that does not mark tones (fewer than
  :data:`TONE_MARKED_SHARE` of its words carry diacritics), so "Uy ban nhan
  dan" finds "Ủy ban nhân dân" while "bán" never finds "Ban", "đang" never
  finds "Đảng", and in accented prose "ở xa Ba Vì" (far from Ba Vì) is not
  "xã Ba Vì" nor the name "Phong" the word "Phòng".

Each hit carries the concept's target-language terms usable on the article's
date. When none is (a body dissolved before the date, mentioned as history),
the hit is marked ``historical`` and carries the last names it had.

Files: :func:`load_termbase` reads TBX (:mod:`doingoai.translate.tbx`), a CSV
glossary, or this module's JSON form (:func:`termbase_to_json`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, cast

from doingoai.errors import InputError
from doingoai.text import fold, match_form

__all__ = [
    "STATUSES",
    "USABLE",
    "Concept",
    "Status",
    "Term",
    "TermHit",
    "Termbase",
    "default_termbase",
    "load_termbase",
    "save_termbase",
    "termbase_from_json",
    "termbase_to_json",
]

Status = Literal["preferred", "admitted", "forbidden", "outdated"]
STATUSES: tuple[Status, ...] = ("preferred", "admitted", "forbidden", "outdated")
#: statuses a translator may use
USABLE: frozenset[str] = frozenset({"preferred", "admitted"})

SEED_PATH = Path(__file__).resolve().parents[1] / "data" / "terms" / "seed.tbx"


@dataclass(frozen=True)
class Term:
    """One name of a concept in one language."""

    lang: str
    text: str
    status: Status = "preferred"
    valid_from: date | None = None
    valid_to: date | None = None
    note: str = ""
    source: str = ""

    def valid_on(self, on: date | None) -> bool:
        """True when ``on`` falls in the validity range (always, when ``on`` is None)."""
        if on is None:
            return True
        if self.valid_from is not None and on < self.valid_from:
            return False
        return not (self.valid_to is not None and on > self.valid_to)

    def usable_on(self, on: date | None) -> bool:
        """Preferred or admitted, and valid on ``on``."""
        return self.status in USABLE and self.valid_on(on)


@dataclass
class Concept:
    """A thing with names. ``generic=True`` marks a generic word of official
    names ("Cục", "Phòng", "Quận"): it is recognised only where written with a
    capital, as part of a name ("Phòng Tư pháp", not "phòng khách"), and its
    translation is guidance that QA does not require."""

    id: str
    subject: str = ""
    note: str = ""
    terms: list[Term] = field(default_factory=list)
    generic: bool = False

    def terms_in(self, lang: str) -> list[Term]:
        return [t for t in self.terms if t.lang == lang]

    def targets(self, lang: str, on: date | None = None) -> tuple[list[Term], bool]:
        """Terms in ``lang`` usable on ``on``, preferred first, and whether they
        are historical (none was valid on ``on``, so the last valid names are given)."""
        usable = [t for t in self.terms if t.lang == lang and t.usable_on(on)]
        if usable:
            return sorted(usable, key=lambda t: t.status != "preferred"), False
        past = [t for t in self.terms if t.lang == lang and t.status in USABLE]
        if not past:
            return [], False
        past.sort(key=lambda t: (t.valid_to or date.max, t.status == "preferred"), reverse=True)
        return past, True


@dataclass(frozen=True)
class TermHit:
    """A term found in a text: ``text[start:end]`` is ``term`` of ``concept``."""

    start: int
    end: int
    text: str
    concept: Concept
    term: Term
    targets: list[Term]
    folded: bool = False
    historical: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "concept": self.concept.id,
            "term": _term_to_dict(self.term),
            "targets": [_term_to_dict(t) for t in self.targets],
            "folded": self.folded,
            "historical": self.historical,
        }


# A token is a run of letters and digits (combining marks included, for text
# that is not NFC); two tokens join into one term only across spaces, hyphens,
# dashes, commas, apostrophes, "&" and "/" — never across a full stop, except
# the one after a short abbreviation ("TP. Hà Nội").
_TOKEN = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")
_GAP = re.compile(r"[\s\-‐‑–—,'’&/]*")


@lru_cache(maxsize=65536)
def _forms(token: str) -> tuple[str, str, bool]:
    """(match form, folded form, written without diacritics)."""
    m = match_form(token)
    f = fold(m)
    return m, f, f == m


_Token = tuple[int, int, str, str, bool, bool, bool]


def tokens(text: str) -> list[_Token]:
    """Per token: (start, end, match form, folded form, written without
    diacritics, joins the next token, starts with a capital)."""
    found = list(_TOKEN.finditer(text))
    out: list[_Token] = []
    for i, m in enumerate(found):
        word = m.group(0)
        mf, fd, plain = _forms(word)
        joins = False
        if i + 1 < len(found):
            gap = text[m.end() : found[i + 1].start()]
            # "TP. Hà Nội": a full stop joins only after a short all-capital abbreviation
            if gap.startswith(".") and word.isupper() and len(word) <= 4:
                gap = gap[1:]
            joins = _GAP.fullmatch(gap) is not None
        out.append((m.start(), m.end(), mf, fd, plain, joins, word[0].isupper()))
    return out


# Vietnamese written with its diacritics marks most syllables (about three in
# four in the VNTC news texts); a text typed without them marks none, or a few
# where a name was pasted in. Below this share, names are also found folded.
TONE_MARKED_SHARE = 0.3


def _marks_tones(toks: list[_Token]) -> bool:
    """True when the text is written with diacritics (a share of its words
    of at least :data:`TONE_MARKED_SHARE` carries them)."""
    words = [t for t in toks if t[3][:1].isalpha()]
    marked = sum(1 for t in words if not t[4])
    return bool(words) and marked >= TONE_MARKED_SHARE * len(words)


@dataclass
class _Entry:
    concept: Concept
    term: Term
    key: tuple[str, ...]


@dataclass
class _Index:
    exact: dict[tuple[str, ...], list[_Entry]] = field(default_factory=dict)
    folded: dict[tuple[str, ...], list[_Entry]] = field(default_factory=dict)
    prefixes: set[tuple[str, ...]] = field(default_factory=set)
    longest: int = 0


class Termbase:
    """Concepts in memory, indexed per language for :meth:`find`."""

    def __init__(self, concepts: Iterable[Concept] = ()) -> None:
        self._concepts: dict[str, Concept] = {}
        self._indexes: dict[str, _Index] = {}
        for concept in concepts:
            self.add(concept)

    def add(self, concept: Concept, *, replace: bool = False) -> None:
        """Add a concept; an id already present is an error unless ``replace``."""
        if concept.id in self._concepts and not replace:
            raise InputError(f"concept id {concept.id!r} appears twice")
        self._concepts[concept.id] = concept
        self._indexes.clear()

    def update(self, other: Termbase) -> tuple[int, int]:
        """Add or replace every concept of ``other``; returns (added, replaced)."""
        added = replaced = 0
        for concept in other:
            if concept.id in self._concepts:
                replaced += 1
            else:
                added += 1
            self.add(concept, replace=True)
        return added, replaced

    def get(self, concept_id: str) -> Concept | None:
        return self._concepts.get(concept_id)

    def __len__(self) -> int:
        return len(self._concepts)

    def __iter__(self) -> Iterator[Concept]:
        return iter(self._concepts.values())

    def __contains__(self, concept_id: object) -> bool:
        return concept_id in self._concepts

    def languages(self) -> set[str]:
        return {t.lang for c in self for t in c.terms}

    def terms(self, lang: str | None = None) -> Iterator[tuple[Concept, Term]]:
        for concept in self:
            for term in concept.terms:
                if lang is None or term.lang == lang:
                    yield concept, term

    def _index(self, lang: str) -> _Index:
        index = self._indexes.get(lang)
        if index is not None:
            return index
        index = _Index()
        for concept, term in self.terms(lang):
            toks = tokens(term.text)
            if not toks:
                continue
            key = tuple(t[2] for t in toks)
            fkey = tuple(t[3] for t in toks)
            if any(e.concept is concept for e in index.exact.get(key, ())):
                continue  # "TP. Hà Nội" and "TP Hà Nội": one written form for matching
            entry = _Entry(concept, term, key)
            index.exact.setdefault(key, []).append(entry)
            index.folded.setdefault(fkey, []).append(entry)
            index.prefixes.update(fkey[:n] for n in range(1, len(fkey) + 1))
            index.longest = max(index.longest, len(key))
        self._indexes[lang] = index
        return index

    def find(
        self,
        text: str,
        *,
        lang: str = "vi",
        on: date | None = None,
        target_lang: str | None = None,
    ) -> list[TermHit]:
        """Terms of language ``lang`` in ``text``, leftmost-longest, in text order.

        Several concepts may share one written term: each gives a hit with the
        same span. ``targets`` are the terms in ``target_lang`` (every other
        language when None) usable on ``on`` (any date when None)."""
        index = self._index(lang)
        toks = tokens(text)
        loose_ok = not _marks_tones(toks)
        hits: list[TermHit] = []
        i = 0
        while i < len(toks):
            best: tuple[int, list[_Entry], bool] | None = None
            fkey: tuple[str, ...] = ()
            for j in range(i, min(len(toks), i + index.longest)):
                if j > i and not toks[j - 1][5]:
                    break
                fkey = (*fkey, toks[j][3])
                if fkey not in index.prefixes:
                    break
                candidates = index.folded.get(fkey)
                if not candidates:
                    continue
                key = tuple(t[2] for t in toks[i : j + 1])
                exact = index.exact.get(key)
                if exact:
                    best = (j, exact, False)
                    continue
                window = toks[i : j + 1]
                # Folded only where the name is typed without diacritics in a
                # text that does not mark tones: in "ở xa Ba Vì" "xa" is far,
                # in "ông Nguyễn Thanh Phong" "Phong" is not "Phòng".
                if not loose_ok or not all(t[4] for t in window):
                    continue
                loose = list(candidates)
                if loose:
                    best = (j, loose, True)
            if best is not None and not toks[i][6]:
                kept = [e for e in best[1] if not e.concept.generic]
                best = (best[0], kept, best[2]) if kept else None
            if best is None:
                i += 1
                continue
            j, entries, folded = best
            start, end = toks[i][0], toks[j][1]
            for entry in entries:
                hits.append(self._hit(text, start, end, entry, lang, on, target_lang, folded))
            i = j + 1
        return hits

    @staticmethod
    def _hit(
        text: str,
        start: int,
        end: int,
        entry: _Entry,
        lang: str,
        on: date | None,
        target_lang: str | None,
        folded: bool,
    ) -> TermHit:
        concept = entry.concept
        langs = (
            [target_lang]
            if target_lang
            else sorted({t.lang for t in concept.terms if t.lang != lang})
        )
        targets: list[Term] = []
        historical = False
        for other in langs:
            found, past = concept.targets(other, on)
            targets.extend(found)
            historical = historical or past
        return TermHit(
            start, end, text[start:end], concept, entry.term, targets, folded, historical
        )


# --- JSON form ---------------------------------------------------------------

_JSON_FORMAT = "doingoai-termbase"


def _term_to_dict(term: Term) -> dict[str, Any]:
    out: dict[str, Any] = {"lang": term.lang, "text": term.text, "status": term.status}
    if term.valid_from:
        out["valid_from"] = term.valid_from.isoformat()
    if term.valid_to:
        out["valid_to"] = term.valid_to.isoformat()
    if term.note:
        out["note"] = term.note
    if term.source:
        out["source"] = term.source
    return out


def termbase_to_json(termbase: Termbase) -> str:
    concepts = []
    for c in termbase:
        item: dict[str, Any] = {"id": c.id}
        if c.subject:
            item["subject"] = c.subject
        if c.note:
            item["note"] = c.note
        if c.generic:
            item["generic"] = True
        item["terms"] = [_term_to_dict(t) for t in c.terms]
        concepts.append(item)
    doc = {"format": _JSON_FORMAT, "version": 1, "concepts": concepts}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def parse_date(value: str, *, where: str) -> date:
    """An ISO date (YYYY-MM-DD) or a clear error naming ``where``."""
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


def parse_status(value: str, *, where: str) -> Status:
    status = value.strip().lower()
    if status not in STATUSES:
        raise InputError(f"{where}: status {value!r} is not one of {', '.join(STATUSES)}")
    return cast(Status, status)


def make_term(
    lang: str,
    text: str,
    *,
    status: str = "preferred",
    valid_from: str | None = None,
    valid_to: str | None = None,
    note: str = "",
    source: str = "",
    where: str,
) -> Term:
    """A checked :class:`Term` from strings, as files give them."""
    if not lang.strip():
        raise InputError(f"{where}: a term has no language")
    if not text.strip():
        raise InputError(f"{where}: a term is empty")
    start = parse_date(valid_from, where=where) if valid_from else None
    end = parse_date(valid_to, where=where) if valid_to else None
    if start and end and end < start:
        raise InputError(f"{where}: valid_to {end} is before valid_from {start}")
    return Term(
        lang.strip(),
        " ".join(text.split()),
        parse_status(status, where=where),
        start,
        end,
        note.strip(),
        source.strip(),
    )


def termbase_from_json(data: str, *, source: str = "<json>") -> Termbase:
    try:
        doc = json.loads(data)
    except json.JSONDecodeError as err:
        raise InputError(f"not valid JSON ({err})", source=source) from err
    if not isinstance(doc, dict) or doc.get("format") != _JSON_FORMAT:
        raise InputError(f'not a doingoai termbase (no "format": "{_JSON_FORMAT}")', source=source)
    termbase = Termbase()
    try:
        for n, item in enumerate(doc.get("concepts", []), 1):
            where = f"{source}: concept {n}"
            concept = Concept(
                str(item["id"]),
                str(item.get("subject", "")),
                str(item.get("note", "")),
                generic=bool(item.get("generic", False)),
            )
            for t in item.get("terms", []):
                concept.terms.append(
                    make_term(
                        str(t["lang"]),
                        str(t["text"]),
                        status=str(t.get("status", "preferred")),
                        valid_from=t.get("valid_from"),
                        valid_to=t.get("valid_to"),
                        note=str(t.get("note", "")),
                        source=str(t.get("source", "")),
                        where=where,
                    )
                )
            if concept.id in termbase:
                raise InputError(f"{where}: concept id {concept.id!r} appears twice")
            termbase.add(concept)
    except (KeyError, TypeError, AttributeError) as err:
        raise InputError(f"malformed termbase JSON ({err!r})", source=source) from err
    return termbase


# --- files -------------------------------------------------------------------


def load_termbase(path: str | Path) -> Termbase:
    """Read a termbase file by its extension: .tbx/.xml, .csv, .json."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in {".tbx", ".xml"}:
        from doingoai.translate.tbx import read_tbx

        return read_tbx(path)
    if suffix == ".csv":
        from doingoai.translate.tbx import read_csv_glossary

        return read_csv_glossary(path)
    if suffix == ".json":
        try:
            data = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise InputError(f"cannot read ({err})", source=str(path)) from err
        return termbase_from_json(data, source=str(path))
    raise InputError("unknown termbase format (expected .tbx, .csv or .json)", source=str(path))


def save_termbase(termbase: Termbase, path: str | Path) -> None:
    """Write a termbase as TBX (.tbx/.xml) or JSON (.json)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in {".tbx", ".xml"}:
        from doingoai.translate.tbx import write_tbx

        write_tbx(termbase, path)
    elif suffix == ".json":
        path.write_text(termbase_to_json(termbase), encoding="utf-8")
    else:
        raise InputError("cannot write this format (expected .tbx or .json)", source=str(path))


def default_termbase() -> Termbase:
    """The termbase shipped with doingoai (Circular 03/2009/TT-BNG names and
    Hà Nội's bodies; see data/terms/SOURCE.md). A fresh copy on each call."""
    return load_termbase(SEED_PATH)
