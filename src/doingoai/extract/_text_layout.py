"""Where the article stands in a whole-page text scrape.

A scrape of a news page keeps every visible line: menus, tickers, dates,
breadcrumbs, the article, related lists and the footer. This module finds the
article from the text's own evidence, never from an outlet's name:

* **sentence shape**: body paragraphs are long lines written as sentences
  (lower-case words, commas, a final stop); menus, headlines and dates are
  short and unfinished;
* **runs**: the body is the run of lines where prose outweighs everything
  else (the best-scoring stretch of the page, each prose line counting for
  its words and each other line against them);
* **repetition**: a line written twice on the page (a related headline, a
  menu shown twice, a caption under a photo and in a gallery) is not prose of
  the article;
* **position**: the title is the headline-shaped line nearest above the
  body, past datelines, bylines and share buttons.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from doingoai.extract._text_cues import (
    is_breadcrumb,
    is_caption,
    is_meta_line,
    is_read_on,
    label_kind,
    parse_byline,
    parse_date_line,
    word_count,
)

__all__ = [
    "Layout",
    "body_share",
    "find_layout",
    "is_prose",
    "line_form",
    "list_lines",
    "opens_like_a_headline",
    "title_shaped",
    "trailing_cards",
]

_TERMINAL = (".", "!", "?", "…", ":", '"', "”", "'", "’", ")", "»")
_WORD = re.compile(r"\w+")
_LOWER_WORD = re.compile(r"(?:^|\s)[^\W\d_A-ZÀ-ỸĐ][\w’'-]*", re.UNICODE)
# How far above the body the title may stand, in lines.
_TITLE_WINDOW = 20
_TITLE_DISTANCE_COST = 0.02
# A line of fewer words ("Trở lại Kinh doanh") says too little to be sure of.
_TITLE_FULL_WORDS = 5
_SHORT_SENTENCE = 4
_LIST_MIN_LINES = 2
# What a line that is not prose weighs against the article at least.
_SHORT_LINE_WEIGHT = 6
_TITLE_MIN_WORDS = 3
_TITLE_MAX_WORDS = 40
# A headline's usual shape, and what a line pays for being off it.
_HEADLINE_MIN_WORDS = 5
_HEADLINE_MAX_WORDS = 25
_SHORT_COST = 0.15
_LONG_COST = 0.2
_SENTENCES_COST = 0.2
_REPEAT_BONUS = 0.1
_DEK_BONUS = 0.2
_MENU_COST = 0.2
_MENU_ITEM_WORDS = 4
_DEK_SHARED_WORDS = 1
_STEM = 5
# A headline may open with a quotation: "…", “…”, „…“ (German), «…», »…«.
_OPENING_QUOTES = "\"“'‘«„‚»›"
# Lines shorter than this (share buttons, counters) do not add to a line's distance.
_COUNTED_WORDS = 3


@dataclass(frozen=True, slots=True)
class Layout:
    """Line indexes (into the list given) of the title and the body's first and last line."""

    title: int | None
    start: int
    end: int  # inclusive
    scores: tuple[float, ...] = ()  # each line's score: its words as prose, against otherwise

    @property
    def weight(self) -> float:
        """The body's score: the sum of its lines' scores."""
        return sum(self.scores[self.start : self.end + 1])

    def best_from(self, start: int) -> tuple[int, float]:
        """The last line and the score of the best stretch that begins at line ``start``."""
        best_end, best, total = start, float("-inf"), 0.0
        for i in range(start, len(self.scores)):
            total += self.scores[i]
            if total > best:
                best_end, best = i, total
        return best_end, best


def line_form(text: str) -> str:
    """How a line is compared with the page's other lines: case and spacing ignored."""
    return " ".join(text.casefold().split())


def _lower_share(text: str) -> float:
    words = text.split()
    if not words:
        return 0.0
    return len(_LOWER_WORD.findall(text)) / len(words)


@lru_cache(maxsize=8192)
def is_prose(text: str) -> bool:
    """A line written as running sentences, not a headline, a label or a date."""
    n = word_count(text)
    if n < _SHORT_SENTENCE:
        return False
    share = _lower_share(text)
    if share < 0.35:
        return False  # Title Case headlines, lists of names
    if n < 8:  # a short finished sentence
        return share >= 0.5 and text.rstrip("”\"')»").endswith((".", "!", "?", "…"))
    if n >= 25:
        return True
    # A paragraph that ends on a link or a handle ("… your slogan.
    # https://t.co/…", "please visit: www.example.com") ends its sentence
    # before it; a headline, even one with commas ("Young people, including
    # Taliban youth, must be heard: UN envoy"), ends none.
    return _TRAILING_LINK.sub("", text.rstrip()).endswith(_TERMINAL)


def _line_score(text: str, repeats: int) -> float:
    n = word_count(text)
    kind = label_kind(text)
    if kind == "widget":
        return -float(_SHORT_LINE_WEIGHT)  # an advertisement's slot, a player's button
    if kind is not None:
        return -30.0
    if repeats > 1 or is_caption(text):
        return -float(max(n, _SHORT_LINE_WEIGHT))
    if is_prose(text):
        return float(n)
    return -float(max(n, _SHORT_LINE_WEIGHT))


def _best_run(scores: Sequence[float]) -> tuple[int, int, float]:
    """The stretch of lines with the highest sum of scores (Kadane)."""
    best = (0, -1, float("-inf"))
    start, total = 0, 0.0
    for i, score in enumerate(scores):
        if total <= 0:
            start, total = i, 0.0
        total += score
        if total > best[2]:
            best = (start, i, total)
    return best


def title_shaped(text: str) -> bool:
    n = word_count(text)
    if not _TITLE_MIN_WORDS <= n <= _TITLE_MAX_WORDS:
        return False
    if label_kind(text) is not None or is_breadcrumb(text) or is_caption(text):
        return False
    if parse_date_line(text, vietnamese=True) is not None:
        return False
    if parse_byline(text) is not None and n <= 4:
        return False
    if text.endswith((".", ":", ",", ";")) and not text.endswith(".."):
        return False
    return opens_like_a_headline(text)


def opens_like_a_headline(text: str) -> bool:
    """Begins with a capital, a digit or an opening quotation mark."""
    return text[:1].isupper() or text[:1].isdigit() or text[:1] in _OPENING_QUOTES


def _tokens(text: str) -> set[str]:
    return {t for t in _WORD.findall(text.casefold()) if len(t) > 1 or t.isdigit()}


def _stems(text: str) -> set[str]:
    """Word starts: "Geflüchtete" and "Geflüchteten", "Stromnetz" and "Strom" meet."""
    return {t[:_STEM] for t in _tokens(text)}


_TRAILING_LINK = re.compile(r"(?:\s+(?:https?://|www\.|pic\.twitter\.com/|@)\S+)+$")
_SENTENCE_INSIDE = re.compile(r"\w{4,}[.!?] +[A-ZÀ-ỸĐ]")


def _menu_item(text: str) -> bool:
    return word_count(text) <= _MENU_ITEM_WORDS and not is_prose(text) and not is_meta_line(text)


def _in_menu(lines: Sequence[str], i: int) -> bool:
    """A short line between two short link-like lines: an item of a menu, not a headline."""
    return (
        0 < i < len(lines) - 1
        and word_count(lines[i]) <= _MENU_ITEM_WORDS + 2
        and _menu_item(lines[i - 1])
        and _menu_item(lines[i + 1])
    )


def _over_its_dek(text: str, below: str) -> bool:
    """``text`` is a headline with its standfirst right below: a longer line on the same topic."""
    n = word_count(text)
    if n < _HEADLINE_MIN_WORDS or word_count(below) <= n or is_meta_line(below):
        return False
    return len(_stems(text) & _stems(below)) >= _DEK_SHARED_WORDS


def body_share(text: str, lines: Sequence[str], start: int, end: int) -> float:
    """The share of ``text``'s words that come back in lines ``start`` to ``end``."""
    words = _stems(text)
    body = _stems(" ".join(lines[start : end + 1]))
    return len(words & body) / max(len(words), _TITLE_FULL_WORDS)


def _shape_cost(text: str) -> float:
    """How far a title-shaped line is from a headline's usual shape."""
    n = word_count(text)
    cost = 0.0
    if n < _HEADLINE_MIN_WORDS:
        cost += _SHORT_COST  # a section name, a menu item, a kicker
    elif n > _HEADLINE_MAX_WORDS:
        cost += _LONG_COST  # a lead written without its final stop
    if _SENTENCE_INSIDE.search(text):
        cost += _SENTENCES_COST  # a caption or a lead of two sentences
    return cost


def _pick_title(lines: Sequence[str], start: int, end: int, counts: Counter[str]) -> int | None:
    """The headline-shaped line above the body whose words the body uses most.

    A headline names what the article is about, so its words come back in the
    body; a menu, a ticker or a section name's do not. Bylines, datelines and
    notices are never the headline, and the share buttons and meta lines
    between a line and the body do not move it away. A line of a headline's
    shape (five to twenty-five words, one sentence) is preferred, and so is a
    line the page writes twice (the headline over the article and in the
    breadcrumb or the share box, or once with its kicker run into it), and a
    headline over its standfirst (when both stand above the body); the
    standfirst itself is not the headline, however many of the body's words it
    names; a short line between short links is a menu item. Among equals, the
    nearest line wins; of two spellings of the same words, the longer (the
    kicker set off by a colon).
    """
    body = _stems(" ".join(lines[start : end + 1]))
    best: tuple[float, int] | None = None
    fallback: int | None = None
    distance = 0
    first = start
    text = lines[start]
    if start < end and title_shaped(text) and word_count(text) <= _HEADLINE_MAX_WORDS:
        first = start + 1  # the body's first line is a headline that reads as a sentence
        body = _stems(" ".join(lines[start + 1 : end + 1]))
    window = range(first - 1, max(-1, first - 1 - _TITLE_WINDOW), -1)
    # the same words twice in the window: the headline, once with its kicker
    # set off by a colon and once run into it ("Die Eisheiligen 2024: Wann…")
    spelled = Counter(_word_form(lines[i]) for i in window)
    for i in window:
        text = lines[i]
        if is_meta_line(text):
            if fallback is None and title_shaped(text):
                fallback = i  # the article's top, when no headline stands over it
            continue
        candidate = title_shaped(text) and (
            not is_prose(text) or word_count(text) <= _HEADLINE_MAX_WORDS
        )
        if candidate:
            words = _stems(text)
            if words:
                share = len(words & body) / max(len(words), _TITLE_FULL_WORDS)
                share -= _TITLE_DISTANCE_COST * distance + _shape_cost(text)
                repeated = counts[line_form(text)] > 1 or spelled[_word_form(text)] > 1
                if repeated and word_count(text) >= 4:
                    share += _REPEAT_BONUS
                if i + 1 < start and _over_its_dek(text, lines[i + 1]):
                    share += _DEK_BONUS
                elif _in_menu(lines, i):
                    share -= _MENU_COST
                if i > 0 and _under_its_headline(lines[i - 1], text):
                    share -= 1.0  # the standfirst under the headline
                if best is None or share > best[0]:
                    best = (share, i)
        if word_count(text) >= _COUNTED_WORDS:
            distance += 1
    if best is None:
        return fallback
    form = _word_form(lines[best[1]])
    # of two spellings of the same words, the one with its punctuation
    return max((i for i in window if _word_form(lines[i]) == form), key=lambda i: len(lines[i]))


def _word_form(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def _under_its_headline(above: str, text: str) -> bool:
    return title_shaped(above) and not is_meta_line(above) and _over_its_dek(above, text)


def find_layout(lines: Sequence[str]) -> Layout:
    """The title and body of a whole-page scrape given as its non-blank lines."""
    forms = [line_form(line) for line in lines]
    counts = Counter(forms)
    scores = [_line_score(line, counts[form]) for line, form in zip(lines, forms, strict=True)]
    start, end, total = _best_run(scores)
    if total <= 0 or end < start:
        return Layout(title=None, start=0, end=len(lines) - 1, scores=tuple(scores))
    # Short lines the run began or ended with are not the body's.
    while start < end and scores[start] < 0:
        start += 1
    while end > start and scores[end] < 0:
        end -= 1
    title = _pick_title(lines, start, end, counts)
    if title == start:
        start += 1
    return Layout(title=title, start=start, end=end, scores=tuple(scores))


def list_lines(lines: Sequence[str], start: int, end: int) -> set[int]:
    """Indexes of lines between ``start`` and ``end`` that stand in a list, not in the text.

    A subheading stands alone between paragraphs; two or more short lines in a
    row (links to other stories, share buttons, a gallery's counters) are a
    list the page set into the article.
    """
    out: set[int] = set()
    run: list[int] = []
    for i in range(start, min(end, len(lines) - 1) + 1):
        text = lines[i]
        if label_kind(text) in ("related", "comments", "footer"):
            # a box's label: the body may end here, or go on under the box; a
            # line just above the label (a byline) does not join the box's lines
            if len(run) >= _LIST_MIN_LINES:
                out.update(run)
            run = []
            continue
        if is_caption(text):
            continue  # a photo line between links ("Photos: …") neither ends nor makes a list
        if not is_prose(text):
            run.append(i)
            continue
        if len(run) >= _LIST_MIN_LINES:
            out.update(run)
        run = []
    if len(run) >= _LIST_MIN_LINES:
        out.update(run)
    return out


# A card of a related story: a headline of its own, a one-paragraph teaser.
_CARD_HEADLINE_WORDS = (6, 25)
_CARD_TEASER_WORDS = 60
_CARDS_MIN = 3


# "2. Tránh tối đa …", "(3) …": an item of the article's own numbered list
_NUMBERED_ITEM = re.compile(r"^\(?\d{1,2}[.)]\s")


def _card_headline(text: str) -> bool:
    low, high = _CARD_HEADLINE_WORDS
    return (
        low <= word_count(text) <= high
        and title_shaped(text)
        and not is_prose(text)
        and not _NUMBERED_ITEM.match(text)
    )


def trailing_cards(lines: Sequence[str], start: int, end: int) -> int:
    """The body's last line once the cards of related stories it ends with are cut off.

    A news page often closes the article with other stories of the same
    topic, each a headline and a teaser of one short paragraph, with perhaps
    a section name, an author or a time beside them ("Giá vàng tăng 500.000
    đồng/lượng mỗi chiều" / "Trong phiên sáng nay (5/3), …"). Three or more
    such cards in a row that run to the body's end are not the article: an
    article's own section goes on for more than one paragraph, or its
    heading is shorter than a headline or numbered ("2. …"). Fewer cards are
    cut when each teaser is followed by a link to read on ("Đọc tiếp",
    "weiterlesen").
    """
    cards = 0
    read_on = True  # every card so far closes with a "read more" link
    first = end + 1
    i = end
    while i > start:
        j = i
        while j > start and _card_filler(lines[j]):
            j -= 1  # an author, a time, a section name under or beside the card
        teaser = j
        if not (is_prose(lines[teaser]) and word_count(lines[teaser]) <= _CARD_TEASER_WORDS):
            break
        h = teaser - 1
        while h > start and _card_filler(lines[h]):
            h -= 1
        if h <= start or not _card_headline(lines[h]):
            break
        k = h - 1
        while k > start and _card_filler(lines[k]):
            k -= 1  # the section name over the card
        read_on = read_on and any(
            is_read_on(lines[x]) for x in range(teaser + 1, min(len(lines), teaser + 3))
        )
        cards += 1
        first = k + 1
        i = k
    if cards < _CARDS_MIN and not (cards and read_on):
        return end
    return first - 1


def _card_filler(text: str) -> bool:
    """A line of a card that is neither its headline nor its teaser."""
    return (word_count(text) < _CARD_HEADLINE_WORDS[0] and not is_prose(text)) or is_meta_line(text)
