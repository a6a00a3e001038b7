"""URLs of the JSON API; the project includes them under /api/."""

from __future__ import annotations

from doingoai.api.api import api

app_name = api.urls_namespace
urlpatterns = list(api.urls[0])
