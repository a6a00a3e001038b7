"""The reference pages on the portal: /vi/trang/<slug>/ for the Vietnamese
originals, /<lang>/pages/<slug>/ for their translations, and the list of
pages by kind and theme in each language. Thin views over
:mod:`doingoai.reference.services`; the portal's base template, hreflang
alternates and JSON-LD of the page's schema.org type."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_noop

from doingoai.i18n import gettext_in
from doingoai.notices.portal import article_extras, clarifications_about, correction_json_ld
from doingoai.portal import content
from doingoai.portal.dates import format_date
from doingoai.portal.views import _check_language, _context, _json_ld, _switcher, cached_page
from doingoai.reference.models import KIND_CHOICES, KIND_NAMES, ReferencePage
from doingoai.reference.services import Rendered, published_pages, rendered_page
from doingoai.reference.sitemaps import page_path

__all__ = ["page", "page_list"]


#: the pages' own words (the catalogues translate them; gettext_in says them in the page's language)
WORDS = {
    "about": gettext_noop("About Hà Nội"),
    "empty": gettext_noop("No reference page is published in this language yet."),
    "updated": gettext_noop("Updated"),
    "translated": gettext_noop("Translated from the Vietnamese original"),
}


def _word(lang: str, key: str) -> str:
    return gettext_in(lang, WORDS[key])


def _kind_name(kind: str, lang: str) -> str:
    return gettext_in(lang, KIND_NAMES.get(kind, kind), context="page kind")


def _list_path(lang: str) -> str:
    name = "portal:reference-pages-vi" if lang == "vi" else "portal:reference-pages"
    return reverse(name, kwargs={"lang": lang})


@cached_page
def page_list(request: HttpRequest, lang: str) -> HttpResponse:
    _check_language(lang)
    if request.path != _list_path(lang):
        return redirect(_list_path(lang), permanent=True)
    kind = request.GET.get("kind") or None
    theme = request.GET.get("theme") or None
    found = published_pages(lang, kind=kind, theme=theme)
    groups: dict[str, list[Rendered]] = {}
    for r in found:
        groups.setdefault(r.page.kind, []).append(r)
    sections = [
        {
            "kind": code,
            "name": _kind_name(code, lang),
            "pages": [
                {"title": r.title, "summary": r.summary, "path": page_path(lang, r.page.slug)}
                for r in groups[code]
            ],
        }
        for code, _ in KIND_CHOICES
        if code in groups
    ]
    paths = {code: _list_path(code) for code in content.portal_languages()}
    ctx = _context(
        request,
        lang,
        title=_word(lang, "about"),
        paths=paths,
        sections=sections,
        empty=_word(lang, "empty"),
    )
    return render(request, "reference/page_list.html", ctx)


def _meta(request: HttpRequest, found: Rendered, canonical: str) -> Any:
    page: ReferencePage = found.page
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": page.schema_type,
        "name": found.title,
        "url": canonical,
        "mainEntityOfPage": canonical,
        "inLanguage": found.lang,
    }
    if found.summary:
        data["description"] = found.summary
    hanoi = {
        "@type": "PostalAddress",
        "addressLocality": "Hà Nội",
        "addressCountry": "VN",
    }
    if page.schema_type == "Event":
        if page.starts_on:
            data["startDate"] = page.starts_on.isoformat()
        if page.ends_on:
            data["endDate"] = page.ends_on.isoformat()
        data["location"] = {"@type": "Place", "name": "Hà Nội", "address": hanoi}
        data["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
    elif page.schema_type == "GovernmentOrganization":
        data["address"] = hanoi
        data["areaServed"] = {"@type": "City", "name": "Hà Nội"}
    elif page.schema_type != "WebPage":
        data["address"] = hanoi
        data["containedInPlace"] = {"@type": "City", "name": "Hà Nội"}
    if page.image is not None and page.image.renditions:
        from doingoai.reference.services import image_url

        data["image"] = request.build_absolute_uri(image_url(page.image.largest["name"]))
    if found.updated:
        data["dateModified"] = found.updated.isoformat(timespec="seconds")
    if found.lang != content.source_language():
        data["translationOfWork"] = {
            "@type": "WebPage",
            "inLanguage": content.source_language(),
            "url": request.build_absolute_uri(page_path(content.source_language(), page.slug)),
        }
    # the office's published corrections of the page (doingoai.notices)
    corrections = correction_json_ld(page.article_id, found.lang)
    if corrections:
        data["correction"] = corrections
    return _json_ld(data)


@cached_page
def page(request: HttpRequest, lang: str, slug: str) -> HttpResponse:
    _check_language(lang)
    try:
        item = ReferencePage.objects.select_related("image").get(slug=slug)
    except ReferencePage.DoesNotExist:
        raise Http404(f"no reference page {slug!r}") from None
    found = rendered_page(item, lang, content.source_language())
    if found is None:
        raise Http404(f"no reference page {slug!r} in {lang!r}")
    own = page_path(lang, slug)
    if request.path != own:
        return redirect(own, permanent=True)
    portal = content.portal_languages()
    paths = {code: page_path(code, slug) for code in found.languages if code in portal}
    canonical = request.build_absolute_uri(own)
    image = item.image
    ctx = _context(
        request,
        lang,
        title=found.title,
        description=found.summary,
        paths=paths,
        found=found,
        kind_name=_kind_name(item.kind, lang),
        page_themes=[(t, t.name(lang)) for t in item.themes.all()],
        updated=format_date(found.updated, lang) if found.updated else "",
        updated_iso=found.updated.isoformat(timespec="seconds") if found.updated else "",
        updated_word=_word(lang, "updated"),
        all_pages=_list_path(lang),
        all_pages_word=_word(lang, "about"),
        also_in=[v for v in _switcher(request, lang, paths) if not v["current"]],
        json_ld=_meta(request, found, canonical),
        og_type="article",
        og_image=(
            request.build_absolute_uri(_image_src(image)) if image and image.renditions else ""
        ),
        translated_note=_word(lang, "translated"),
        # its corrections and the clarifications that concern it (doingoai.notices)
        **article_extras(item.article_id, lang),
        clarifications=clarifications_about(item.article_id, lang),
    )
    return render(request, "reference/page.html", ctx)


def _image_src(image: Any) -> str:
    from doingoai.reference.services import image_url

    return image_url(image.largest["name"])
