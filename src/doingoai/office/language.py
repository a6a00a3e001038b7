"""The language each page is served in.

The back office and the admin speak Vietnamese or English
(:data:`OFFICE_LANGUAGES`), chosen in this order:

1. the signed-in person's own choice (``Profile.language``, set on the
   language page of the office);
2. the choice made on that page before signing in (the language cookie);
3. the browser's languages (``Accept-Language``), the first one the office
   speaks;
4. ``LANGUAGE_CODE`` (Vietnamese).

A portal page (``/vi/…``, ``/en/…``, ``/fr/…``) is served in the language of
its URL. The language activated here is the one every template names in
``<html lang>``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest, HttpResponseBase
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header

__all__ = [
    "OFFICE_LANGUAGES",
    "LanguageMiddleware",
    "office_language",
    "store_choice",
    "user_language",
]

#: the languages the office is written in, Vietnamese first
OFFICE_LANGUAGES: tuple[str, ...] = ("vi", "en")


def _office_code(value: str | None) -> str:
    """``value`` as one of :data:`OFFICE_LANGUAGES` ("vi-VN" → "vi"), or ""."""
    if not value:
        return ""
    code = value.strip().lower().replace("_", "-").split("-")[0]
    return code if code in OFFICE_LANGUAGES else ""


def user_language(user: Any) -> str:
    """The language the person chose, or "" when they chose none (or their
    profile has no language yet)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    try:
        profile = user.profile
    except (ObjectDoesNotExist, AttributeError):
        return ""
    return _office_code(getattr(profile, "language", ""))


def office_language(request: HttpRequest) -> str:
    """The office language for this request (see the module's documentation)."""
    chosen = user_language(getattr(request, "user", None))
    if chosen:
        return chosen
    chosen = _office_code(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
    if chosen:
        return chosen
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        chosen = _office_code(code)
        if chosen:
            return chosen
    return _office_code(settings.LANGUAGE_CODE) or OFFICE_LANGUAGES[0]


def store_choice(user: Any, code: str) -> bool:
    """Keep ``code`` as the person's language when their profile can hold it;
    True when it was stored."""
    if not getattr(user, "is_authenticated", False):
        return False
    try:
        profile = user.profile
    except (ObjectDoesNotExist, AttributeError):
        return False
    if not hasattr(profile, "language"):
        return False
    profile.language = code
    profile.save(update_fields=["language"])
    return True


def _portal_language(path: str) -> str:
    first = path.split("/", 2)[1] if path.count("/") >= 2 else ""
    codes = {code for code, _name in settings.LANGUAGES}
    return first if first in codes else ""


class LanguageMiddleware:
    """Activates the language of each request (after authentication)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        portal = _portal_language(request.path_info)
        code = portal or office_language(request)
        translation.activate(code)
        request.LANGUAGE_CODE = code
        try:
            response = self.get_response(request)
        finally:
            translation.deactivate()
        response.headers.setdefault("Content-Language", code)
        if not portal:
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response
