"""The language of the ``doingoai`` command's messages.

Vietnamese by default, English when the person asks for it:

1. ``DOINGOAI_CLI_LANGUAGE`` (``vi`` or ``en``);
2. else the locale's language (``LC_ALL``, then ``LC_MESSAGES``, then
   ``LANG``, the first one set): ``en_US.UTF-8`` gives English, ``vi_VN``
   Vietnamese;
3. else (no locale, ``C``, ``POSIX`` or another language) Vietnamese.

The words come from the project's compiled catalogues through Python's own
:mod:`gettext`, so a command that needs no database (``doingoai extract``)
does not start Django for them; without compiled catalogues the messages are
in English. Machine-readable output (JSON, JSON Lines) is never translated.
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from doingoai.errors import ConfigError

__all__ = ["LANGUAGES", "_", "cli_language", "ngettext", "number"]

#: the languages the command speaks, its default first
LANGUAGES: tuple[str, ...] = ("vi", "en")
LOCALE = Path(__file__).resolve().parents[1] / "locale"


def cli_language(environ: Mapping[str, str] | None = None) -> str:
    """The command's language (see the module's documentation); a
    ``DOINGOAI_CLI_LANGUAGE`` the command does not speak is refused by name."""
    env = os.environ if environ is None else environ
    chosen = env.get("DOINGOAI_CLI_LANGUAGE", "").strip()
    if chosen:
        code = chosen.lower().replace("_", "-").split("-")[0]
        if code not in LANGUAGES:
            raise ConfigError(
                f"DOINGOAI_CLI_LANGUAGE={chosen!r} is not a language of the command: "
                f"use one of {', '.join(LANGUAGES)}"
            )
        return code
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "").strip()
        if value:
            code = value.split(".")[0].split("@")[0].split("_")[0].lower()
            return code if code in LANGUAGES else LANGUAGES[0]
    return LANGUAGES[0]


@cache
def _catalogue(lang: str) -> _gettext.NullTranslations:
    return _gettext.translation("django", localedir=LOCALE, languages=[lang], fallback=True)


def _current() -> _gettext.NullTranslations:
    try:
        return _catalogue(cli_language())
    except ConfigError:
        return _catalogue(LANGUAGES[0])


def _(message: str) -> str:
    """``message`` in the command's language."""
    return _current().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form for ``count`` of a message, in the command's language."""
    return _current().ngettext(singular, plural, count)


def number(value: int) -> str:
    """``value`` grouped as the command's language writes it: "12.345" or "12,345"."""
    try:
        lang = cli_language()
    except ConfigError:
        lang = LANGUAGES[0]
    grouped = f"{value:,}"
    return grouped.replace(",", ".") if lang == "vi" else grouped
