"""URL configuration: the public portal at / (/vi/, /en/…); other apps add
their prefixes above it."""

from __future__ import annotations

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from doingoai.ops import metrics_view

urlpatterns: list[URLPattern | URLResolver] = [
    path("metrics", metrics_view, name="metrics"),
    path("office/admin/", admin.site.urls),
    path("office/", include("doingoai.office.urls")),
    path("api/", include("doingoai.api.urls")),
    # the portal's /<lang>/ patterns come last so that other prefixes win
    path("", include("doingoai.portal.urls")),
]

# a page not found answers in the language of its address (/en/… in English)
handler404 = "doingoai.portal.discovery.not_found"
