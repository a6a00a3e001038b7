"""The extraction warnings stored with an article (written in English by
:mod:`doingoai.extract` and :mod:`doingoai.enrich.prepare`, no Django), said in the reader's language on the
article page. A warning of a shape not listed is shown as it is."""

from __future__ import annotations

import re

from django.utils.translation import gettext, gettext_noop

__all__ = ["extraction_warning"]

_SHAPES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(shape), words)
    for shape, words in (
        (
            r"text converted from (?P<encoding>\S+)",
            gettext_noop("text converted from %(encoding)s"),
        ),
        (
            r"encoding guessed as (?P<encoding>\S+) \(confidence (?P<confidence>[\d.]+)\)",
            gettext_noop("encoding guessed as %(encoding)s (confidence %(confidence)s)"),
        ),
        (
            r"encoding read as (?P<encoding>\S+) \(confidence (?P<confidence>[\d.]+)\)",
            gettext_noop("encoding read as %(encoding)s (confidence %(confidence)s)"),
        ),
        (
            r"the text holds undecodable bytes \(shown as U\+FFFD\)",
            gettext_noop("the text holds undecodable bytes (shown as U+FFFD)"),
        ),
        (
            r"page of (?P<size>[\d,]+) characters cut to the first (?P<limit>[\d,]+) before parsing",
            gettext_noop("page of %(size)s characters cut to the first %(limit)s before parsing"),
        ),
        (
            r"page of (?P<size>[\d,]+) bytes cut to the first (?P<limit>[\d,]+) before parsing",
            gettext_noop("page of %(size)s bytes cut to the first %(limit)s before parsing"),
        ),
        (
            r"body taken from the page's JSON-LD articleBody",
            gettext_noop("body taken from the page's JSON-LD articleBody"),
        ),
        (
            r"no title line: the document is a single paragraph",
            gettext_noop("no title line: the document is a single paragraph"),
        ),
        (
            r"no headline of its own: the title is the start of the body",
            gettext_noop("no headline of its own: the title is the start of the body"),
        ),
        (
            r"the title line is long \((?P<count>\d+) words\): it may hold the lead too",
            gettext_noop("the title line is long (%(count)s words): it may hold the lead too"),
        ),
        (
            r"the title line held the lead too: the title is its first (?P<count>\d+) words",
            gettext_noop(
                "the title line held the lead too: the title is its first %(count)s words"
            ),
        ),
        (
            r"no headline: the title line is the lead, the title is its start",
            gettext_noop("no headline: the title line is the lead, the title is its start"),
        ),
    )
)


def extraction_warning(warning: str) -> str:
    """An extraction warning in the active language (as it is when unknown)."""
    for shape, words in _SHAPES:
        found = shape.fullmatch(warning)
        if found:
            return gettext(words) % found.groupdict()
    return warning
