"""The portal's own words in each language, from the project's translation
catalogues (``src/doingoai/locale/<lang>/LC_MESSAGES/django.po``): the same
catalogues as the back office, so a language of ``DOINGOAI_LANGUAGES`` gets
its words by having a catalogue. A word a catalogue lacks, and every word of
a language without a catalogue, is shown in English (the documented
fallback)."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.utils.translation import gettext_noop as _
from django.utils.translation import pgettext_lazy

from doingoai.i18n import gettext_in

__all__ = ["LANGUAGE_NAMES", "WORDS", "labels"]

#: each language named in itself, for the switcher and "also in"
LANGUAGE_NAMES: dict[str, str] = {
    "vi": "Tiếng Việt",
    "en": "English",
    "fr": "Français",
    "zh": "中文",
    "ja": "日本語",
    "ko": "한국어",
    "ru": "Русский",
    "de": "Deutsch",
    "es": "Español",
}

#: key → the words, in English (the catalogues' msgids)
WORDS: dict[str, str] = {
    "site_name": _("Hanoi External Information"),
    "tagline": _("News about the capital for overseas Vietnamese and international readers"),
    "home": _("Home"),
    "themes": _("Themes"),
    "latest": _("Latest"),
    "featured": _("Featured"),
    "search": _("Search"),
    "search_label": _("Search the articles"),
    "search_button": _("Search"),
    "archive": _("Archive"),
    "by": _("By"),
    "source": _("Source"),
    "original": _("Read the original"),
    "also_in": _("Also in"),
    "languages": _("Languages"),
    "no_results": _("No article matches this search."),
    "show_them_too": _("Show them too"),
    "query_problem": _(
        "This search could not be read: %(message)s. "
        "Try plain words, or put a phrase in double quotes."
    ),
    "theme_filter": _("Theme"),
    "all_themes": _("All themes"),
    "date_from": _("From"),
    "date_to": _("To"),
    "language_filter": _("Language"),
    "bad_date": _("A date must be written YYYY-MM-DD; it was ignored."),
    "nothing_yet": _("Nothing published here yet."),
    "feeds": _("Feeds"),
    "skip": _("Skip to the content"),
    "published": _("Published"),
    "more": _("More"),
    "months": _("Months"),
    "previous": _("Previous"),
    "next": _("Next"),
    "menu": _("Sections"),
    "translated_from": _("Translated from Vietnamese by the Hanoi external-information office."),
}

#: the search form's button ("Tìm" beside the heading "Tìm kiếm")
_BUTTON = pgettext_lazy("search button", "Search")

#: words a version in the original's language does not show
_NOT_IN_ORIGINAL = frozenset({"translated_from"})


@cache
def labels(lang: str) -> dict[str, str]:
    """The portal's words in ``lang`` (English for what its catalogue lacks)."""
    words = {key: gettext_in(lang, english) for key, english in WORDS.items()}
    words["search_button"] = gettext_in(lang, "Search", context="search button")
    if settings.LANGUAGES and lang == settings.LANGUAGES[0][0]:
        for key in _NOT_IN_ORIGINAL:
            words[key] = ""
    return words
