"""What crawlers and browsers ask a site for besides its pages: /robots.txt
(pointing to the sitemaps), /favicon.ico, and the page not found, in the
language of the address asked for."""

from __future__ import annotations

from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from doingoai.portal import content

__all__ = ["favicon", "not_found", "robots_txt"]

FAVICON = Path(__file__).resolve().parent / "static" / "portal" / "favicon.ico"
# the back office, its admin and the API's write paths are for staff, not crawlers
_DISALLOWED = ("/office/", "/api/")


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Every crawler may read the portal; the sitemaps list its pages."""
    lines = ["User-agent: *"]
    lines += [f"Disallow: {prefix}" for prefix in _DISALLOWED]
    lines += [f"Disallow: /{code}/search/" for code in content.portal_languages()]
    lines.append("")
    for name in ("portal:sitemap", "portal:news-sitemap"):
        lines.append(f"Sitemap: {request.build_absolute_uri(reverse(name))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
@cache_control(max_age=604800, public=True)
def favicon(request: HttpRequest) -> HttpResponse:
    """The site's icon where browsers look for it without a <link>."""
    return HttpResponse(FAVICON.read_bytes(), content_type="image/x-icon")


def _language_of(request: HttpRequest) -> str:
    """The portal language of the address (/en/…), else the reader's
    (Accept-Language), else the originals'."""
    langs = content.portal_languages()
    first = request.path.strip("/").split("/", 1)[0].lower()
    if first in langs:
        return first
    for part in request.headers.get("Accept-Language", "").split(","):
        code = part.split(";")[0].strip().lower().split("-")[0]
        if code in langs:
            return code
    return content.source_language()


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 404 page (Django's ``handler404``), in the language of the
    address, with the portal's header, so the reader can go on from it."""
    from doingoai.portal.views import _context

    lang = _language_of(request)
    paths = {
        code: reverse("portal:home", kwargs={"lang": code}) for code in content.portal_languages()
    }
    with translation.override(lang):
        ctx = _context(request, lang, title=_("Page not found"), paths=paths)
        # nothing here to index: no canonical address, no default version
        ctx.update(home=paths.get(lang, "/"), canonical="", x_default="")
        ctx["missing"] = {
            "title": ctx["title"],
            "explain": _(
                "There is no page at this address: it may have been moved or withdrawn, "
                "or the address was mistyped."
            ),
            "home": _("Go to the home page"),
            "search_label": _("Search the articles"),
            "search": _("Search"),
        }
        response = render(request, "portal/not_found.html", ctx, status=404)
    response["X-Robots-Tag"] = "noindex"
    return response
