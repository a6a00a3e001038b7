"""Refuse a request whose declared body is larger than the site accepts
(``DATA_UPLOAD_MAX_MEMORY_SIZE``, or ``UPLOAD_MAX_BYTES`` for a form with
files sent to one of the ``UPLOAD_PATHS``) before anything reads it, with a message
that says so (413), instead of a bare "Bad Request"; under ``/api/`` the
message is the API's JSON error."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from doingoai.office.language import office_language

__all__ = ["RequestSizeLimit"]


class RequestSizeLimit:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # the pages that take files (an image, a plan's XLSX) accept a larger form;
        # each upload's own check then names its own limit
        upload = request.path.startswith(tuple(settings.UPLOAD_PATHS)) and request.META.get(
            "CONTENT_TYPE", ""
        ).startswith("multipart/form-data")
        limit = settings.UPLOAD_MAX_BYTES if upload else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit is not None and length > limit:
            # before sessions and sign-in: the browser's language (or the cookie's)
            with translation.override(office_language(request)):
                said = (
                    _(
                        "The file sent is too large: %(length)s bytes, and at most %(limit)s are "
                        "accepted. Send a smaller file."
                    )
                    if upload
                    else _(
                        "The data sent is too large: %(length)s bytes, and at most %(limit)s are "
                        "accepted. Shorten the text or send it in parts."
                    )
                ) % {
                    "length": number_format(length, force_grouping=True),
                    "limit": number_format(limit, force_grouping=True),
                }
            if request.path.startswith("/api/"):  # the API's own error shape (docs/api.md)
                return JsonResponse({"error": said, "problems": []}, status=413)
            return HttpResponse(said, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
