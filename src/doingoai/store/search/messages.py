"""A refused search query, said in the reader's language: the parser
(:mod:`doingoai.store.search.query`, no Django) gives each refusal a code and
its details; the pages and the API say it through the translation catalogues."""

from __future__ import annotations

from typing import Any

from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext_noop as _

from doingoai.errors import QueryError
from doingoai.i18n import gettext_in

__all__ = ["SAID", "describe"]

#: the words for each code of :data:`doingoai.store.search.query.MESSAGES`
SAID: dict[str, str] = {
    "unclosed_quote": _('a phrase opened with a quotation mark (") is never closed'),
    "empty_phrase": _("the quotation marks hold no word"),
    "unopened_parenthesis": _("a parenthesis “)” closes nothing that was opened"),
    "unclosed_parenthesis": _("a parenthesis “(” is never closed"),
    "empty_parentheses": _("the parentheses “()” hold nothing to search for"),
    "or_operand": _("OR needs something to search for on each side"),
    "and_operand": _("AND needs something to search for on each side"),
    "no_word": _("the query has no word to search for"),
    "exclusion_without_word": _("an exclusion (-word or NOT) must be followed by a word"),
    "unexpected": _("“%(kind)s” stands where a word was expected"),
    "only_exclusions": _(
        "a query made only of exclusions (-word) matches nothing: add a word to find"
    ),
    "exclusion_in_or": _("an exclusion (-word) cannot be one side of OR"),
    "nested_exclusion": _("an exclusion cannot contain another exclusion"),
    "too_long": _("the query is too long (%(length)s characters, at most %(limit)s)"),
    "too_many_words": _("the query has too many words (%(count)s, at most %(limit)s)"),
}


def describe(err: QueryError, lang: str | None = None) -> str:
    """What is wrong with the query, in ``lang`` (the active language by
    default; English for a language whose catalogue lacks the words)."""
    words = SAID.get(err.code)
    if words is None:
        return str(err)
    params: dict[str, Any] = {
        key: number_format(value, force_grouping=True) if isinstance(value, int) else value
        for key, value in err.params.items()
    }
    return gettext_in(lang or get_language() or "en", words) % params
