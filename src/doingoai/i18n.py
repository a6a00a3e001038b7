"""Words in a given language with English as the fallback.

Django falls back to the default language (``LANGUAGE_CODE``, Vietnamese)
for a message a catalogue lacks, and for every message of a language without
a catalogue. The portal's readers of French or Korean are better served by
English than by Vietnamese: these helpers give the catalogue's words for
``lang`` when it has them, else the English ones (the msgids).
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext, ngettext, override, pgettext

__all__ = ["gettext_in", "ngettext_in"]


def gettext_in(lang: str, message: str, context: str | None = None) -> str:
    """``message`` (with its ``context``) in ``lang``, else in English."""

    def said(code: str) -> str:
        with override(code):
            return pgettext(context, message) if context else gettext(message)

    found = said(lang)
    if found == message or lang == settings.LANGUAGE_CODE:
        return found
    return message if found == said(settings.LANGUAGE_CODE) else found


def ngettext_in(lang: str, singular: str, plural: str, count: int) -> str:
    """The form of ``singular``/``plural`` for ``count`` in ``lang``, else in English."""

    def said(code: str) -> str:
        with override(code):
            return ngettext(singular, plural, count)

    found = said(lang)
    english = singular if count == 1 else plural
    if found == english or lang == settings.LANGUAGE_CODE:
        return found
    return english if found == said(settings.LANGUAGE_CODE) else found
