"""The language page: each person picks the language of the office."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from doingoai.office.language import OFFICE_LANGUAGES, store_choice

__all__ = ["choose_language"]

#: a year, in seconds: how long the choice of a signed-out visitor is kept
_COOKIE_AGE = 365 * 24 * 3600


@require_POST
def choose_language(request: HttpRequest) -> HttpResponse:
    """Keep the language picked in the office's header: in the person's
    profile when signed in, and in the language cookie in any case."""
    code = request.POST.get("language", "").strip().lower()
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/office/"
    if code not in OFFICE_LANGUAGES:
        messages.error(
            request,
            _("“%(code)s” is not a language of the office: choose Vietnamese or English.")
            % {"code": code[:20]},
        )
        return redirect(target)
    store_choice(request.user, code)
    translation.activate(code)
    # Translators: said in the language just chosen, naming that language
    # (Vietnamese: "Trang nghiệp vụ đã chuyển sang tiếng Việt.").
    messages.success(request, _("The office now speaks English."))
    response = redirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=_COOKIE_AGE,
        samesite="Lax",
        httponly=True,
    )
    return response
