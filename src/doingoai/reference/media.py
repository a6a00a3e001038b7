"""Serving the office's uploaded images from MEDIA_ROOT: only the reference
images' folder, only the formats the uploads are converted to, cached long
(a rendition's name holds its image's hash, so it never changes)."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponseBase
from django.views.static import serve

__all__ = ["serve_media"]

_TYPES = (".webp", ".jpg", ".png")


def serve_media(request: HttpRequest, path: str) -> HttpResponseBase:
    if not path.startswith("reference/images/") or not path.endswith(_TYPES) or ".." in path:
        raise Http404("no such file")
    response = serve(request, path, document_root=str(settings.MEDIA_ROOT))
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["X-Content-Type-Options"] = "nosniff"
    return response
