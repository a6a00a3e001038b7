"""URLs of the JSON API; the project includes them under /api/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, re_path

from doingoai.api.api import api, json_errors, not_found

app_name = api.urls_namespace
urlpatterns: list[URLPattern | URLResolver] = [
    URLPattern(p.pattern, json_errors(p.callback), p.default_args, p.name)
    if isinstance(p, URLPattern)
    else p
    for p in api.urls[0]
]
# anything else under /api/ answers a JSON 404, not the portal's page
urlpatterns.append(re_path(r"", not_found, name="not-found"))
