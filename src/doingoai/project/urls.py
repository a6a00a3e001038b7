"""URL configuration: the public portal at / (/vi/, /en/…); other apps add
their prefixes above it."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path

from doingoai.ops import metrics_view
from doingoai.reference.media import serve_media

urlpatterns: list[URLPattern | URLResolver] = [
    path("metrics", metrics_view, name="metrics"),
    path("office/admin/", admin.site.urls),
    path("office/", include("doingoai.office.urls")),
    path("api/", include("doingoai.api.urls")),
    # the office's uploaded images (MEDIA_ROOT), never hot-linked from elsewhere
    re_path(
        rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>reference/.+)$", serve_media, name="media"
    ),
    # the portal's /<lang>/ patterns come last so that other prefixes win
    path("", include("doingoai.portal.urls")),
]

# a page not found answers in the language of its address (/en/… in English)
handler404 = "doingoai.portal.discovery.not_found"
