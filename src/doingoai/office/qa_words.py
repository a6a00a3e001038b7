"""The QA checks' messages in the reader's language.

The checks (:mod:`doingoai.translate.qa`, no Django) write their findings in
English; the workbench reads each finding's shape back here and says it
through the translation catalogues, keeping the quoted texts, numbers and
dates as found. A message of a shape not listed is shown as it is."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.utils.translation import gettext, gettext_noop

__all__ = ["qa_message"]

_Q = r"(?P<{}>(?:'[^']*'|\"[^\"]*\"))"  # a quoted text as the checks write it


def _q(name: str) -> str:
    return _Q.format(name)


def _fixed(words: str) -> Callable[[re.Match[str]], str]:
    return lambda m: gettext(words) % m.groupdict()


#: (shape of the English message, what says it in the active language)
_SHAPES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = tuple(
    (re.compile(shape), say)
    for shape, say in (
        (r"the target is empty", _fixed(gettext_noop("the target is empty"))),
        (
            r"the target is the source, untranslated",
            _fixed(gettext_noop("the target is the source, untranslated")),
        ),
        (
            rf"untranslated Vietnamese in the target: {_q('text')}",
            _fixed(gettext_noop("untranslated Vietnamese in the target: %(text)s")),
        ),
        (
            r"the target is (?P<ratio>[\d.]+) times the length of the source "
            r"\(expected (?P<low>[\d.]+)–(?P<high>[\d.]+)\)",
            _fixed(
                gettext_noop(
                    "the target is %(ratio)s times the length of the source (expected %(low)s–%(high)s)"
                )
            ),
        ),
        (r"double space", _fixed(gettext_noop("double space"))),
        (rf"space before {_q('mark')}", _fixed(gettext_noop("space before %(mark)s"))),
        (rf"unbalanced {_q('mark')}", _fixed(gettext_noop("unbalanced %(mark)s"))),
        (
            rf"the source ends with {_q('source')}, the target with {_q('target')}",
            _fixed(gettext_noop("the source ends with %(source)s, the target with %(target)s")),
        ),
        (
            rf"{_q('text')} is missing from the target",
            _fixed(gettext_noop("%(text)s is missing from the target")),
        ),
        (
            rf"{_q('text')} is not in the source",
            _fixed(gettext_noop("%(text)s is not in the source")),
        ),
        (
            r"</(?P<tag>[\w:-]+)> closes a tag that is not open",
            _fixed(gettext_noop("</%(tag)s> closes a tag that is not open")),
        ),
        (r"<(?P<tag>[\w:-]+)> is never closed", _fixed(gettext_noop("<%(tag)s> is never closed"))),
        (
            rf"{_q('number')} is not in the target \(expected {_q('expected')}\)"
            rf"(?:; if it stands for (?P<article>.+), that is fine)?",
            lambda m: (
                gettext("%(number)s is not in the target (expected %(expected)s)") % m.groupdict()
                + (
                    gettext("; if it stands for %(article)s, that is fine") % m.groupdict()
                    if m["article"]
                    else ""
                )
            ),
        ),
        (
            rf"{_q('number')} is written the Vietnamese way; in English it is ambiguous "
            r"\(thousands take a comma, decimals a point\)",
            _fixed(
                gettext_noop(
                    "%(number)s is written the Vietnamese way; in English it is ambiguous "
                    "(thousands take a comma, decimals a point)"
                )
            ),
        ),
        (
            rf"{_q('number')} is written in another convention; in (?P<language>[^;]+?) it is "
            r"ambiguous \((?P<convention>.+)\)",
            _fixed(
                gettext_noop(
                    "%(number)s is written in another convention; in %(language)s it is "
                    "ambiguous (%(convention)s)"
                )
            ),
        ),
        (
            rf"the date {_q('date')} is not in the target \(expected {_q('expected')}\)",
            _fixed(gettext_noop("the date %(date)s is not in the target (expected %(expected)s)")),
        ),
        (
            rf"the lunar date {_q('date')} is rendered as a calendar date {_q('calendar')}; "
            r"keep it lunar",
            _fixed(
                gettext_noop(
                    "the lunar date %(date)s is rendered as a calendar date %(calendar)s; keep it lunar"
                )
            ),
        ),
        (
            rf"the lunar date {_q('date')} is not rendered as a lunar date in the target",
            _fixed(
                gettext_noop(
                    "the lunar date %(date)s is not rendered as a lunar date in the target"
                )
            ),
        ),
        (
            rf"{_q('term')} should be translated as {_q('target')} \(its name at the time\)",
            _fixed(
                gettext_noop("%(term)s should be translated as %(target)s (its name at the time)")
            ),
        ),
        (
            rf"{_q('term')} should be translated as {_q('target')}",
            _fixed(gettext_noop("%(term)s should be translated as %(target)s")),
        ),
        (
            rf"{_q('used')} is forbidden for {_q('term')}; use {_q('target')}",
            _fixed(gettext_noop("%(used)s is forbidden for %(term)s; use %(target)s")),
        ),
        (
            rf"{_q('used')} is outdated for {_q('term')}; use {_q('target')}",
            _fixed(gettext_noop("%(used)s is outdated for %(term)s; use %(target)s")),
        ),
        (
            rf"{_q('used')} is not valid on (?P<day>[\d-]+) for {_q('term')}; use {_q('target')}",
            _fixed(gettext_noop("%(used)s is not valid on %(day)s for %(term)s; use %(target)s")),
        ),
        (
            rf"{_q('term')} is a forbidden term; use {_q('target')}",
            _fixed(gettext_noop("%(term)s is a forbidden term; use %(target)s")),
        ),
        (
            rf"{_q('term')} is a forbidden term",
            _fixed(gettext_noop("%(term)s is a forbidden term")),
        ),
        (
            rf"the name {_q('name')} has lost its diacritics: write {_q('right')}",
            _fixed(gettext_noop("the name %(name)s has lost its diacritics: write %(right)s")),
        ),
        (
            rf"the name {_q('name')} has lost its diacritics",
            _fixed(gettext_noop("the name %(name)s has lost its diacritics")),
        ),
        (
            rf"the source cites the fact {_q('fact')} \((?P<value>[^)]*)\); the target states "
            r"(?P<said>.+) instead: keep (?P<token>\{\{fact:[a-z0-9-]+\}\})",
            _fixed(
                gettext_noop(
                    "the source cites the fact %(fact)s (%(value)s); the target states "
                    "%(said)s instead: keep %(token)s"
                )
            ),
        ),
        (
            rf"the source cites the fact {_q('fact')} \((?P<value>[^)]*)\); the target has "
            r"neither the citation nor the figure: keep (?P<token>\{\{fact:[a-z0-9-]+\}\})",
            _fixed(
                gettext_noop(
                    "the source cites the fact %(fact)s (%(value)s); the target has neither "
                    "the citation nor the figure: keep %(token)s"
                )
            ),
        ),
    )
)


def qa_message(message: str) -> str:
    """A QA finding in the active language (as it is when its shape is unknown)."""
    for shape, say in _SHAPES:
        found = shape.fullmatch(message)
        if found:
            return say(found)
    return message
