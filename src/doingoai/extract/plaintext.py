"""Plain-text scrapes → Article.

A text scrape of a news page keeps what the browser showed, in order: the
headline, the lead, the body with image alt text and captions mixed in,
the byline, then related-news boxes and the footer; a whole-page scrape also
has menus, tickers and breadcrumbs above the headline. This module first
finds where the article stands (:mod:`doingoai.extract._text_layout`: the
stretch where prose outweighs the rest, and the headline above it), then
reads its lines with generic cues only (see
:mod:`doingoai.extract._text_cues`):

* a document that opens with a headline right above its prose (the seed,
  VNTC) keeps its first line as the title; otherwise the title is the
  headline-shaped line above the body whose words the body uses most;
* two or more short lines in a row inside the body are a list set into it
  (related links, share buttons), and so is a box under a related-news label
  when the article goes on just below it; photo lines ("Ảnh minh họa.",
  "… - Ảnh: …", "© …") are captions;
* a line that starts with the folded title (how pages render an image's alt
  text) is followed by a caption, or glued to the headline of a linked story;
* a headline written twice in a row, then a teaser paragraph, is a related
  story; any other line of four words or more that the page writes twice (a
  link shown in two boxes) or more (an embed's notice) leaves the body, and a
  paragraph written twice keeps one copy, unless most of the body's prose is
  written twice;
* a section label ("Tin liên quan", "Nên xem", …) ends the body; a footer
  label ("Phiên bản di động", "©" …) ends the page; a related label, a colon
  and a headline on one line ("Xem thêm: Giá vàng…") is a related story
  wherever it stands;
* a short line of capitalised words alone at the end of the body is the
  byline;
* the first body paragraph is the lead; a Vietnamese title line longer than
  a headline that holds the lead too is split
  (:mod:`doingoai.extract._text_title`).

Dates are taken only from a dateline with a full date: "Ngày 2.6" inside the
lead has no year, so no ``published_at`` is made up from it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from doingoai.errors import NoArticleError
from doingoai.extract._text_cues import (
    dated_headline,
    guess_language,
    is_breadcrumb,
    is_caption,
    is_headline,
    is_meta_line,
    is_read_on,
    is_summary,
    label_kind,
    parse_byline,
    parse_date_line,
    parse_tags,
    related_link,
    same,
    split_trailing_credit,
    strip_slug,
    title_tokens,
    word_count,
)
from doingoai.extract._text_layout import (
    body_share,
    find_layout,
    is_prose,
    line_form,
    list_lines,
    opens_like_a_headline,
    title_shaped,
    trailing_cards,
)
from doingoai.extract._text_title import split_run_on_title
from doingoai.extract.article import Article, Paragraph, Related
from doingoai.text import normalize

__all__ = ["extract_text"]

_LONG_TITLE_WORDS = 40
# body paragraphs whose words tell a common word from a name in a run-on title
_RUN_ON_CONTEXT = 30
_CAPTION_MAX_WORDS = 50
# A first line this close above the body is the headline, whatever lies between.
_TITLE_NEAR_TOP = 8
_NEAR_TOP_SHARE = 0.5
_DATELINE_ABOVE_TITLE = 4
# A byline in capitals may stand this many lines under the body, past short links.
_BYLINE_BELOW = 3
_LINK_WORDS = 6
# A first line with fewer of its words in the body than this ("Zum Inhalt
# springen", "Login", a cookie notice) says nothing of the article.
_UNRELATED_SHARE = 0.2
# ... nor does one of which the body uses fewer than half the words, when the
# headline over the body's prose has at least one word in five more there.
_WEAK_SHARE = 0.5
_CLEARER_SHARE = 0.2
_RELATED_MIN_WORDS = 4
# A box of related links set into the article holds at most this many lines.
_BOX_MAX_LINES = 24
# A paragraph this long after such a box is the article again (a related
# headline is shorter).
_RESUMED_WORDS = 20
_OPEN_END = tuple(".!?…:;\"”')»")


@dataclass(slots=True)
class _Line:
    text: str
    block: int  # index of the run of lines between blank lines


@dataclass(slots=True)
class _Para:
    text: str
    block: int


def _read_lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    block = 0
    blank = True
    for raw in normalize(text.replace("\r\n", "\n").replace("\r", "\n")).split("\n"):
        line = raw.strip()
        if not line:
            if not blank:
                block += 1
            blank = True
            continue
        lines.append(_Line(line, block))
        blank = False
    return lines


def outlet_from_url(url: str | None) -> str:
    """The host of ``url`` without "www.", the best outlet name a text scrape gives."""
    if not url:
        return ""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


class _Reader:
    """One pass over the lines after the title."""

    def __init__(self, lines: list[_Line], title: str, *, vietnamese: bool) -> None:
        self.lines = lines
        self.title = title
        self.tokens = title_tokens(title)
        self.vietnamese = vietnamese
        self.paragraphs: list[_Para] = []
        self.captions: list[str] = []
        self.related: list[Related] = []
        self.tags: list[str] = []
        self.published_at: datetime | None = None
        self.state = "body"  # "body", "tail" (related boxes) or "skip" (comments)
        self.current: Related | None = None  # the related story being filled in the tail
        self.lists: set[int] = set()  # body lines that stand in a list of short lines
        # how often each line is written on the page: the article's prose is written once
        self.copies = Counter(line_form(line.text) for line in lines)
        self.drop_copies = False
        self.authors: list[str] = []  # a byline found under the body, past its links
        self.byline_from: int | None = None  # the first line under the body, cards included
        self.kept: set[str] = set()  # paragraphs written twice, of which one copy is kept

    def read(self, start: int, body_start: int | None = None, body_end: int | None = None) -> None:
        """Read from line ``start``; the body stands between ``body_start`` and ``body_end``.

        Before the body only datelines and tags are taken; after it, a byline
        right under the last paragraph, then everything is the tail.
        """
        i = start
        while i < len(self.lines):
            text = self.lines[i].text
            if body_start is not None and i < body_start and not is_prose(text):
                if self.published_at is None:
                    self.published_at = parse_date_line(text, vietnamese=self.vietnamese)
                i += 1
                continue
            if (
                body_end is not None
                and i > body_end
                and self.state == "body"
                and not (i == body_end + 1 and parse_byline(text))
            ):
                self.state = "tail"
                self.current = None
            if i == self.byline_from and self.state != "skip":
                byline = self._byline_below(i)
                if byline is not None:
                    # "Đọc tiếp" / "NHẬT XUÂN - NGHI VŨ": the byline past a link under the body
                    self.authors = parse_byline(self.lines[byline].text) or []
                    i = byline + 1
                    continue
            kind = label_kind(text)
            if kind == "footer" and body_end is not None and i < body_end:
                # "© Reuters" under a photo, with the article going on below it
                if is_caption(text):
                    self.captions.append(text)
                i += 1
                continue
            if kind == "footer":
                break
            if kind in ("related", "comments") and self._article_resumes(i, body_end):
                i += 1  # a box set into the article: its lines are a list
                continue
            if kind is not None:
                if kind not in ("boilerplate", "widget"):
                    self.state = "tail" if kind == "related" else "skip"
                    self.current = None
                i += 1
                continue
            if self.state == "skip":
                i += 1
                continue
            link = related_link(text)
            if link is not None:  # "Xem thêm: …" set into the article, or under it
                self.related.append(Related(title=link))
                self.current = None
                i += 1
                continue
            rest = strip_slug(text, self.tokens, self.title)
            if rest is not None:
                i = self._slug_line(i, rest)
            elif same(text, self.title):
                i += 1  # the headline repeated
            elif self.state == "tail":
                self._tail_line(i)
                i += 1
            else:
                i = self._body_line(i)

    def _byline_below(self, i: int) -> int | None:
        """The line of a byline within a few short lines from ``i`` (the first line under the
        body), the lines before it links ("Đọc tiếp", "Về trang Chủ đề"), not prose."""
        for j in range(i, min(len(self.lines), i + _BYLINE_BELOW)):
            text = self.lines[j].text
            if j > i and _all_caps_names(text):
                return j
            if is_prose(text) or word_count(text) > _LINK_WORDS or label_kind(text) is not None:
                return None
        return None

    def _article_resumes(self, i: int, body_end: int | None) -> bool:
        """After the label at ``i``, the article's prose comes back within a few lines,
        still in the body: the label opens a box set into the article, not its end.

        The prose is back at a paragraph of ``_RESUMED_WORDS`` words or more, at
        two paragraphs in a row, at a paragraph followed by another box's label
        or at the body's last line; every line of the box before it (headlines,
        an author, a time, even a headline written as a question) is a list
        line.
        """
        if body_end is None or i >= body_end:
            return False
        stop = min(body_end, i + _BOX_MAX_LINES)
        box: list[int] = []
        for j in range(i + 1, stop + 1):
            text = self.lines[j].text
            if is_prose(text) and (
                j == body_end
                or word_count(text) >= _RESUMED_WORDS
                or is_prose(self.lines[j + 1].text)
                or label_kind(self.lines[j + 1].text) is not None
            ):
                self.lists.update(box)
                return True
            box.append(j)
        return False

    def _next_is_copy(self, i: int) -> bool:
        return i + 1 < len(self.lines) and same(self.lines[i + 1].text, self.lines[i].text)

    def _slug_line(self, i: int, rest: str) -> int:
        """Alt text of an image: a caption follows it, or a linked headline is glued to it."""
        if rest:
            if rest.endswith(".") and not rest.endswith(".."):
                self.captions.append(rest)
            else:
                self.related.append(Related(title=rest))
            return i + 1
        if i + 1 < len(self.lines):
            line, nxt = self.lines[i], self.lines[i + 1]
            if (
                nxt.block == line.block
                and word_count(nxt.text) <= _CAPTION_MAX_WORDS
                and label_kind(nxt.text) is None
                and strip_slug(nxt.text, self.tokens, self.title) is None
                and not same(nxt.text, self.title)
            ):
                self.captions.append(nxt.text)
                return i + 2
        return i + 1

    def _tail_line(self, i: int) -> None:
        text = self.lines[i].text
        if is_read_on(text):
            return  # "Đọc tiếp", "Read more »": the link under a teaser
        tags = parse_tags(text)
        if tags is not None and self.current is None:
            # "Từ khóa: …" under the article, before any related story
            self.tags.extend(t for t in tags if t not in self.tags)
            return
        current = self.current
        if current is not None and not current.summary:
            if same(text, current.title):
                return
            if is_summary(text) and not self._next_is_copy(i):
                current.summary = text
                return
        title = dated_headline(text) or text
        if _related_title(title):
            self.current = Related(title=title)
            self.related.append(self.current)

    def _body_line(self, i: int) -> int:
        line = self.lines[i]
        text = line.text
        if is_headline(text) and word_count(text) >= 3 and self._next_is_copy(i):
            item = Related(title=text)
            j = i + 2
            if (
                j < len(self.lines)
                and is_summary(self.lines[j].text)
                and label_kind(self.lines[j].text) is None
                and strip_slug(self.lines[j].text, self.tokens, self.title) is None
                and not self._next_is_copy(j)
            ):
                item.summary = self.lines[j].text
                j += 1
            self.related.append(item)
            return j
        if is_caption(text):
            self.captions.append(text)
            return i + 1
        form = line_form(text)
        copies = self.copies[form]
        if self.drop_copies and copies > 1 and word_count(text) >= _RELATED_MIN_WORDS:
            # a link shown in two boxes, an embed's notice written at every embed; a
            # paragraph written twice by mistake keeps its first copy
            if copies > 2 or not is_prose(text) or form in self.kept:
                return i + 1
            self.kept.add(form)
        if i in self.lists:
            if self.published_at is None:
                self.published_at = parse_date_line(text, vietnamese=self.vietnamese)
            if is_headline(text) and word_count(text) >= _RELATED_MIN_WORDS:
                self.related.append(Related(title=text))
            return i + 1
        headline = dated_headline(text)
        if headline is not None:
            self.related.append(Related(title=headline))
            return i + 1
        if self.published_at is None:
            date = parse_date_line(text, vietnamese=self.vietnamese)
            if date is not None:
                self.published_at = date
                return i + 1
        tags = parse_tags(text)
        if tags is not None:
            self.tags.extend(t for t in tags if t not in self.tags)
            return i + 1
        last = self.paragraphs[-1] if self.paragraphs else None
        if (
            last is not None
            and last.block == line.block
            and not last.text.endswith(_OPEN_END)
            and text[:1].islower()
        ):
            last.text = f"{last.text} {text}"  # a hard-wrapped paragraph
        else:
            self.paragraphs.append(_Para(text, line.block))
        return i + 1


# "Tối đa: 1500 ký tự", "Bạn đang có: 0 sao": a form's field or a counter
_FIELD_VALUE = re.compile(r"^[^:]{1,40}:\s*\S*\d\S*(?:\s+\S+){0,2}$")


def _related_title(text: str) -> bool:
    """A line under the article that can be a related story's headline.

    A headline has four words or more and begins with a capital, a digit or
    a quotation mark: a tag ("vàng miếng SJC"), a section's name ("Nhịp sống
    trẻ"), a form's field ("Tối đa: 1500 ký tự") or a notice ("Tuổi Trẻ
    Online Newsletters") is none.
    """
    return (
        is_headline(text)
        and word_count(text) >= _RELATED_MIN_WORDS
        and opens_like_a_headline(text)
        and _FIELD_VALUE.match(text) is None
        and not is_meta_line(text)
    )


def _copies_are_not_the_article(reader: _Reader, start: int, end: int | None) -> bool:
    """Fewer than half the prose lines of the body are written twice on the page.

    Then the lines of four words or more that the page writes again are read
    as copies (:meth:`_Reader._body_line`): an embed's notice written more than
    twice and a link shown in two boxes leave the body, a paragraph written
    twice keeps one copy. A page that writes most of the article twice (an
    interview whose questions it also lists) keeps every line.
    """
    stop = len(reader.lines) - 1 if end is None else end
    prose = [line_form(line.text) for line in reader.lines[start : stop + 1] if is_prose(line.text)]
    written_twice = sum(1 for form in prose if reader.copies[form] > 1)
    return written_twice * 2 < len(prose)


def _all_caps_names(text: str) -> bool:
    """Names of two words or more written in capitals, as Vietnamese outlets sign an
    article: "NHẬT XUÂN - NGHI VŨ" (not a table's "TT" header)."""
    names = parse_byline(text) or []
    letters = [c for c in text if c.isalpha()]
    return (
        bool(names)
        and all(len(name.split()) >= 2 for name in names)
        and all(c.isupper() for c in letters)
    )


#: An author box closing the article: the name's line, then up to this many
#: paragraphs (of at most _BOX_WORDS words each) that name the author again.
_BOX_PARAGRAPHS = 2
_BOX_WORDS = 60
_NAME_WORDS = re.compile(r"[^\W\d_]+")


def _author_box(paragraphs: list[_Para]) -> list[str] | None:
    """The author of an author box that closes the article, removed from the body.

    A line that is only a person's name (two to four capitalised words, "Cristina
    Laila", "THOMAS BEAUMONT"), then one or two short paragraphs that name them
    again ("Beaumont covers national politics for …", "You can email Cristina
    Laila here"): the box is about the writer, not the story.
    """
    for size in range(1, _BOX_PARAGRAPHS + 1):
        if len(paragraphs) < size + 2:  # the article keeps a paragraph at least
            break
        names = parse_byline(paragraphs[-size - 1].text)
        if not names or len(names) != 1 or not 2 <= word_count(names[0]) <= 4:
            continue
        surname = names[0].split()[-1].casefold()
        box = paragraphs[-size:]
        if all(
            word_count(p.text) <= _BOX_WORDS and surname in _NAME_WORDS.findall(p.text.casefold())
            for p in box
        ):
            del paragraphs[-size - 1 :]
            return names
    return None


def _take_byline(paragraphs: list[_Para]) -> list[str]:
    """Remove the byline (or an author box) from the end of the body and return its names."""
    if not paragraphs:
        return []
    box = _author_box(paragraphs)
    if box is not None:
        return box
    last = paragraphs[-1]
    if len(paragraphs) >= 2 and last.block != paragraphs[-2].block:
        names = parse_byline(last.text)
        if names:
            paragraphs.pop()
            return names
    credit = split_trailing_credit(last.text)
    if credit is not None:
        last.text, name = credit
        return [name]
    return []


def _is_subheading(text: str, following: str) -> bool:
    return (
        word_count(text) <= 15
        and not text.endswith((*_OPEN_END, ","))
        and text[:1].isupper()
        and word_count(following) >= 20
    )


def extract_text(text: str, *, url: str | None = None, source: str | None = None) -> Article:
    """Read a plain-text scrape of a news page into an :class:`Article`.

    ``url`` is recorded as the article's URL (and its host as the outlet);
    ``source`` names the input in error messages. Raises
    :class:`~doingoai.errors.NoArticleError` when there is no body text.
    """
    lines = _read_lines(text)
    start = 0
    while start < len(lines) and (
        label_kind(lines[start].text) is not None or is_breadcrumb(lines[start].text)
    ):
        start += 1
    if start >= len(lines):
        raise NoArticleError("no text in the document", source=source)
    layout = find_layout([line.text for line in lines])
    body_start: int | None = None
    body_end: int | None = None
    first_prose = next(
        (
            i
            for i in range(start + 1, min(len(lines), start + 1 + _TITLE_NEAR_TOP))
            if is_prose(lines[i].text)
        ),
        None,
    )
    if is_prose(lines[start].text):
        first_prose = start  # a text document that opens with its prose
    # A headline of its own right above the page's main prose, further down,
    # outranks a first line that only happens to stand over a sentence or two.
    texts = [line.text for line in lines]
    headline_below = False
    if layout.title is not None and layout.title > start:
        first_share = body_share(lines[start].text, texts, layout.start, layout.end)
        headline_below = first_share < _UNRELATED_SHARE or (
            # not over the headline or prose, and the body speaks of the headline far more
            layout.title > start + 1
            and first_prose is not None
            and first_prose > start + 1
            and first_share < _WEAK_SHARE
            # (an exact fifth more counts: the shares are fractions, rounded as floats)
            and body_share(lines[layout.title].text, texts, layout.start, layout.end)
            > first_share + _CLEARER_SHARE - 1e-9
        )
    if (
        first_prose is not None
        and (first_prose <= start + 1 or title_shaped(lines[start].text))
        and not headline_below
    ):
        # The page begins with its headline and prose follows within a few lines.
        near_end, near_weight = layout.best_from(first_prose)
        if near_weight >= _NEAR_TOP_SHARE * layout.weight:
            body_end = near_end  # everything under the headline is read
        else:  # most of the page's prose stands further down, under its own headline
            body_start, body_end = layout.start, layout.end
            if layout.title is not None and layout.title > start:
                start = layout.title
    elif layout.title is not None and layout.title >= start and layout.end > layout.title:
        start, body_start, body_end = layout.title, layout.start, layout.end
    language = guess_language(
        " ".join(line.text for line in lines[body_start or start : (body_start or start) + 40])
    )
    title = lines[start].text
    reader = _Reader(lines, title, vietnamese=language == "vi")
    if body_end is not None:
        reader.byline_from = body_end + 1
        body_end = trailing_cards(texts, body_start or start + 1, body_end)
        reader.lists = list_lines(texts, start + 1, body_end)
    reader.drop_copies = _copies_are_not_the_article(reader, body_start or start + 1, body_end)
    reader.read(start + 1, body_start, body_end)
    if not reader.paragraphs and reader.lists:
        # an article made of short lines only (a list, a poem): read them as its text
        reader = _Reader(lines, title, vietnamese=language == "vi")
        reader.read(start + 1, body_start, body_end)
    if reader.published_at is None and body_start is not None:
        # the dateline may stand just above the headline
        for line in lines[max(0, start - _DATELINE_ABOVE_TITLE) : start]:
            reader.published_at = parse_date_line(line.text, vietnamese=reader.vietnamese)
            if reader.published_at is not None:
                break
    warnings: list[str] = []
    paragraphs = reader.paragraphs
    # (a document of one line is left to the one-line rule below; the cues are
    # Vietnamese ones: a headline in title case says nothing by its capitals)
    run_on = (
        split_run_on_title(title, (p.text for p in paragraphs[:_RUN_ON_CONTEXT]))
        if paragraphs and reader.vietnamese
        else None
    )
    if run_on is not None:
        # a headline and its lead on one line: the lead opens the body
        paragraphs.insert(0, _Para(run_on.lead, lines[start].block))
        if run_on.cue == "lead without headline":
            warnings.append("no headline: the title line is the lead, the title is its start")
        else:
            warnings.append(
                f"the title line held the lead too: the title is its first "
                f"{word_count(run_on.title)} words"
            )
        title = run_on.title
    if not paragraphs:
        if word_count(title) <= _LONG_TITLE_WORDS:
            raise NoArticleError("only a headline, no article text", source=source)
        # One long line and nothing else: a body without a title line.
        paragraphs = [_Para(title, lines[start].block)]
        title = ""
        warnings.append("no title line: the document is a single paragraph")
    elif word_count(title) > _LONG_TITLE_WORDS:
        warnings.append(
            f"the title line is long ({word_count(title)} words): it may hold the lead too"
        )
    authors = reader.authors or _take_byline(paragraphs)
    lead = paragraphs.pop(0).text if len(paragraphs) >= 2 else ""
    body = [
        Paragraph(
            p.text,
            "h"
            if i + 1 < len(paragraphs) and _is_subheading(p.text, paragraphs[i + 1].text)
            else "p",
        )
        for i, p in enumerate(paragraphs)
    ]
    return Article(
        title=title,
        lead=lead,
        paragraphs=body,
        captions=reader.captions,
        authors=authors,
        published_at=reader.published_at,
        outlet=outlet_from_url(url),
        url=url or "",
        language=language,
        tags=reader.tags,
        related=reader.related,
        warnings=warnings,
    )
