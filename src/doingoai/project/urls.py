"""URL configuration: the public portal at / (/vi/, /en/…); other apps add
their prefixes above it."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    # the portal's /<lang>/ patterns come last so that other prefixes win
    path("", include("doingoai.portal.urls")),
]
