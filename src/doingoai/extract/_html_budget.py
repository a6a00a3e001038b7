"""How deep a page's elements nest, measured on its text before it is parsed.

Parsing HTML whose elements nest very deeply costs time that grows with the
square of the depth (``<div>`` × 100,000 around one word, a 1.1 MB file, took
half a minute); no article page nests more than a few hundred levels. One
linear pass over the tags counts the depth the way a parser would build it,
roughly: void elements (``<br>``, ``<img>``…), self-closed tags and elements
whose end tag may be left out (``<p>``, ``<li>``, ``<td>``…) do not nest;
comments and the text of ``<script>``, ``<style>`` and their kin are skipped.
The pass stops as soon as the depth passes the limit, so a hostile page is
refused at once, whatever its size.
"""

from __future__ import annotations

import re
from itertools import islice

from doingoai.errors import InputError

__all__ = [
    "MAX_HTML_DEPTH",
    "PageTooDeep",
    "check_depth",
    "nesting_depth",
    "start_tags_at_most",
    "too_deep",
]

#: Deepest element nesting accepted in a page (real article pages stay under 300).
MAX_HTML_DEPTH = 2_000

_TAG = re.compile(r"<(?:!--|(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*>)")
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
        "keygen",
        "basefont",
        "bgsound",
        "frame",
        "command",
        "image",
    ]
)
# end tags that may be left out: the parser closes them, they do not nest
_IMPLIED_END = frozenset(
    [
        "p",
        "li",
        "dt",
        "dd",
        "tr",
        "td",
        "th",
        "option",
        "optgroup",
        "rb",
        "rt",
        "rp",
        "rtc",
        "thead",
        "tbody",
        "tfoot",
        "colgroup",
        "caption",
        "html",
        "head",
        "body",
    ]
)
_RAW_END = {
    name: re.compile(f"</{name}", re.I)
    for name in [
        "script",
        "style",
        "textarea",
        "title",
        "xmp",
        "iframe",
        "noembed",
        "noframes",
        "noscript",
    ]
}


class PageTooDeep(InputError):
    """A page whose elements nest deeper than :data:`MAX_HTML_DEPTH` levels."""


def nesting_depth(html: str, limit: int = MAX_HTML_DEPTH) -> int:
    """The deepest nesting of elements in ``html``, counted up to ``limit + 1``
    (the count stops there: the page is over the limit)."""
    depth = deepest = 0
    pos = 0
    search = _TAG.search
    while True:
        match = search(html, pos)
        if match is None:
            return deepest
        pos = match.end()
        name = match.group(2)
        if name is None:  # a comment
            end = html.find("-->", pos)
            if end < 0:
                return deepest
            pos = end + 3
            continue
        name = name.lower()
        if match.group(1):  # an end tag
            if depth and name not in _IMPLIED_END:
                depth -= 1
            continue
        if name in _RAW_END:
            closing = _RAW_END[name].search(html, pos)
            if closing is None:
                return deepest
            pos = closing.end()
            continue
        if name in _VOID or name in _IMPLIED_END or html[pos - 2] == "/":
            continue
        depth += 1
        if depth > deepest:
            deepest = depth
            if deepest > limit:
                return deepest


_START = re.compile(r"<[A-Za-z]")
_START_BYTES = re.compile(rb"<[A-Za-z]")


def start_tags_at_most(html: str | bytes, limit: int = MAX_HTML_DEPTH) -> int:
    """An upper bound of :func:`nesting_depth`: the ``<`` followed by a letter
    (only a start tag nests, each at its own ``<``), counted up to ``limit + 1``
    (past the limit the exact pass decides; no list of every tag is made).
    Found in C, where the exact pass reads every tag in Python; on the bytes a
    page was decoded from as UTF-8 the count is the same as on its text."""
    if isinstance(html, bytes):
        return sum(1 for _ in islice(_START_BYTES.finditer(html), limit + 1))
    return sum(1 for _ in islice(_START.finditer(html), limit + 1))


def too_deep(html: str, limit: int = MAX_HTML_DEPTH, *, utf8: bytes | None = None) -> bool:
    """Whether the elements of ``html`` nest deeper than ``limit``; ``utf8``, when
    given, is the bytes whose UTF-8 decoding ``html`` is (counted instead).
    Bounds first, cheapest first: the ``<``, then those of start tags."""
    if utf8 is None:
        bounded = html.count("<") <= limit or start_tags_at_most(html, limit) <= limit
    else:
        bounded = utf8.count(b"<") <= limit or start_tags_at_most(utf8, limit) <= limit
    return not bounded and nesting_depth(html, limit) > limit


def check_depth(
    html: str, name: str, limit: int = MAX_HTML_DEPTH, *, utf8: bytes | None = None
) -> None:
    """Refuse (:class:`PageTooDeep`, naming ``name``) a page nested deeper than
    ``limit`` (``utf8``: as for :func:`too_deep`)."""
    if too_deep(html, limit, utf8=utf8):
        raise PageTooDeep(
            f"refused: its elements nest more than {limit:,} levels deep, "
            "beyond any article page (reading it would take too long)",
            source=name,
        )
