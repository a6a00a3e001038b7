"""The page cache, in front of every other middleware but the security one:
a cached portal page is answered without sessions, CSRF, authentication or
URL resolution. Only responses the portal's views mark as cacheable are kept
(see :func:`doingoai.portal.views.cached_page`); the key holds the scheme,
host and path and :func:`doingoai.portal.content.stamp`, so a publication,
withdrawal or correction shows at once."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase

from doingoai.portal.content import portal_languages, stamp

__all__ = ["CACHEABLE", "PageCacheMiddleware"]

#: attribute a view sets on a response that may be kept
CACHEABLE = "portal_cacheable"


class PageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        seconds = settings.PORTAL_PAGE_CACHE_SECONDS
        if (
            seconds <= 0
            or request.method not in ("GET", "HEAD")
            or request.META.get("QUERY_STRING")
        ):
            return self.get_response(request)
        language = request.path.split("/", 2)[1] if request.path.count("/") >= 2 else ""
        if language not in portal_languages():  # not a portal page: /api/, /office/…
            return self.get_response(request)
        url = f"{request.scheme}://{request.get_host()}{request.path}"
        key = f"portal:page:{hashlib.sha256(url.encode()).hexdigest()}:{stamp()}"
        hit = cache.get(key)
        if hit is not None:
            status, headers, body = hit
            cached = HttpResponse(body, status=status)
            for name, value in headers:
                cached[name] = value
            return cached
        response = self.get_response(request)
        if (
            getattr(response, CACHEABLE, False)
            and response.status_code == 200
            and isinstance(response, HttpResponse)
            and not response.cookies
        ):
            cache.set(key, (200, list(response.items()), response.content), seconds)
        return response
