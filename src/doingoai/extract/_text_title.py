"""A headline and its lead run together on the title line of a text scrape.

Some scrapes (the VNTC corpus among them) lost the line break between the
headline and the lead: "Hà Nội: Hành khách dễ mắc lừa “cò vé” Bắt đầu từ
tháng giáp Tết, trước cửa ga …". Such a line is longer than a headline
(:data:`HEADLINE_WORDS`), and only then is it split, at the first of these
places after the headline's opening words, looked for in this order:

1. the outlet's dateline: "… thủ tướng Chechnya (NLĐO)-Tổng thống …"
   (the dateline is dropped);
2. the end of a sentence or a quotation followed by a capital letter:
   "… lặng trôi... Nhạc sĩ …", "… “cò vé” Bắt đầu …", "… Việt Nam? Khán giả …";
3. a capitalised word that the rest of the text writes in lower case (so a
   common word opening a sentence, not a name), followed by a word in lower
   case, after a word in lower case that closes no clause: "… Không ai phát phì Trước trận
   bán kết, …" (the text says "trước" elsewhere).

The first such place wins (a split at a common word only within the first
15 words); the part after it must read as a lead: at least
:data:`LEAD_MIN_WORDS` words. A long line with no such place is a lead
whose headline the source lost (the corpus kept only the body): the whole
line becomes the lead, and the title is its start up to a clause's end, or
its first words and "…". Nothing of the line is lost. No name or phrase
list: the cues are punctuation, case and the text's own words (so they are
used on Vietnamese text, whose headlines are not written in title case).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["HEADLINE_WORDS", "LEAD_MIN_WORDS", "RunOn", "split_run_on_title"]

#: a title line with more words than this holds more than a headline
HEADLINE_WORDS = 25
#: what follows a split is a lead of at least this many words
LEAD_MIN_WORDS = 8
#: a headline has at least this many words before a split
_HEAD_MIN_WORDS = 3
#: a split at a common word with a capital leaves a headline of at most this many words
_COMMON_WORD_HEAD = 15
#: the title made from a lead without headline: at most this many words, at least
#: this many when cut at a clause's end
_CLIPPED_WORDS = 16
_CLIPPED_MIN_WORDS = 6

_DATELINE = re.compile(r"\s*\((?:[A-ZĐ][\w.&]{1,11})\)\s*[-–—]\s*")
_CLOSING = ("”", '"', "»", "'", ")")
_ENDS = (".", "!", "?", "…")
_CLAUSE_END = (",", ";", ":", "-", "–", "—")
_CLAUSE = re.compile(r"[,;:]\s")


@dataclass(frozen=True, slots=True)
class RunOn:
    """A title line told apart: the headline, the lead, and which cue split it."""

    title: str
    lead: str
    cue: str


def _capitalised(word: str) -> bool:
    letters = word.lstrip("“\"'«(")
    return bool(letters) and letters[0].isupper() and letters[0].isalpha()


def _bare(word: str) -> str:
    return word.strip(".,;:!?…“”\"'()«»")


def _lower(word: str) -> bool:
    return bool(word) and word[0].isalpha() and word[0].islower()


def _ends_sentence(word: str) -> bool:
    bare = word.rstrip("".join(_CLOSING))
    if bare.endswith(_ENDS):
        return True
    # a closing quotation mark after a quoted phrase: "… lừa “cò vé” Bắt …"
    return word.endswith(("”", "»")) and len(word) > 1


def _lead_ok(rest: str) -> bool:
    return len(rest.split()) >= LEAD_MIN_WORDS


def _split_at(words: list[str], i: int, cue: str) -> RunOn | None:
    """Headline = words[:i], lead = words[i:], when both are the right length."""
    if i < _HEAD_MIN_WORDS or i > HEADLINE_WORDS:
        return None
    title, rest = " ".join(words[:i]), " ".join(words[i:])
    return RunOn(title, rest, cue) if _lead_ok(rest) else None


def _clipped(line: str) -> RunOn:
    """A long line with no cue to split it: the whole line is the lead (a lead
    whose headline the source lost), titled by its start up to a clause's end,
    else by its first words and "…"."""
    words = line.split()
    head = " ".join(words[:_CLIPPED_WORDS])
    ends = [m.start() for m in _CLAUSE.finditer(head)]
    for end in reversed(ends):
        if len(head[:end].split()) >= _CLIPPED_MIN_WORDS:
            return RunOn(head[:end].strip(), line, "lead without headline")
    return RunOn(head + " …", line, "lead without headline")


def split_run_on_title(line: str, rest_of_text: Iterable[str] = ()) -> RunOn | None:
    """The headline and the lead of a title ``line`` longer than a headline,
    or None for a line of a headline's length. ``rest_of_text``: the other
    lines of the document, whose words in lower case tell a common word from
    a name."""
    words = line.split()
    if len(words) <= HEADLINE_WORDS:
        return None
    # 1. the outlet's dateline
    for match in _DATELINE.finditer(line):
        head, rest = line[: match.start()].strip(), line[match.end() :].strip()
        if _HEAD_MIN_WORDS <= len(head.split()) <= HEADLINE_WORDS and _lead_ok(rest):
            return RunOn(head, rest, "dateline")
    lower_words = {_bare(w) for text in (*rest_of_text, line) for w in text.split() if _lower(w)}
    for i in range(_HEAD_MIN_WORDS, min(len(words), HEADLINE_WORDS + 1)):
        word, before = words[i], words[i - 1]
        if not _capitalised(word):
            continue
        # 2. the end of a sentence or a quotation, then a capital
        if _ends_sentence(before):
            found = _split_at(words, i, "sentence end")
        # 3. a common word written with a capital, a word in lower case after it
        elif (
            i <= _COMMON_WORD_HEAD
            and i + 1 < len(words)
            and word.isalpha()
            and word.lower() in lower_words
            and _lower(words[i + 1])
            and (_lower(before) or before[:1].isdigit())
            and not before.endswith(_CLAUSE_END)
        ):
            found = _split_at(words, i, "capitalised common word")
        else:
            continue
        if found is not None:
            return found
    return _clipped(line)
