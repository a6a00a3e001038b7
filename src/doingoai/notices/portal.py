"""The notices on the public portal: the corrections shown on an article's
page in every language it is published in (and in its JSON-LD as
``correction``), the corrections page and its RSS and Atom feeds per
language, and the clarifications with their schema.org ``ClaimReview``.

Addresses follow the portal's pattern of a Vietnamese word for the
originals and an English one for the other languages: ``/vi/dinh-chinh/``
and ``/en/corrections/``, ``/vi/thong-tin-chinh-thuc/…`` and
``/en/clarifications/…``; the other word redirects to the right one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.html import escape
from django.utils.translation import gettext_noop

from doingoai.i18n import gettext_in
from doingoai.notices.models import RATINGS, Clarification, CorrectionNotice
from doingoai.portal import content
from doingoai.portal.dates import format_date
from doingoai.portal.labels import labels

__all__ = [
    "WORDS",
    "CorrectionShown",
    "article_extras",
    "claim_review",
    "clarifications_about",
    "correction_json_ld",
    "corrections_in",
    "corrections_on",
    "portal_urls",
    "words",
]

#: the notices' words on the portal, in English (the catalogues' msgids)
WORDS: dict[str, str] = {
    "corrections": gettext_noop("Corrections"),
    "corrections_intro": gettext_noop(
        "Errors the office corrected in what it published, newest first."
    ),
    "correction": gettext_noop("Correction"),
    "wrong": gettext_noop("What was wrong"),
    "right": gettext_noop("What is right"),
    "corrected": gettext_noop("Corrected"),
    "article": gettext_noop("Corrected article"),
    "clarifications": gettext_noop("Official information"),
    "clarifications_intro": gettext_noop(
        "The office's answers to false claims circulating in public, with their sources."
    ),
    "claim": gettext_noop("The claim"),
    "published_by": gettext_noop("Published by"),
    "claim_link": gettext_noop("Where it was published"),
    "answer": gettext_noop("The facts"),
    "sources": gettext_noop("Sources"),
    "facts": gettext_noop("Figures cited"),
    "as_of": gettext_noop("as of %(date)s"),
    "rating": gettext_noop("Rating"),
    "nothing": gettext_noop("Nothing published here yet."),
}

FEED_SIZE = 30
#: section → (the originals' word, the other languages' word)
SLUGS: dict[str, tuple[str, str]] = {
    "corrections": ("dinh-chinh", "corrections"),
    "clarifications": ("thong-tin-chinh-thuc", "clarifications"),
}


def words(lang: str) -> dict[str, str]:
    return {key: gettext_in(lang, english) for key, english in WORDS.items()}


def _slug(section: str, lang: str) -> str:
    vi_word, other = SLUGS[section]
    return vi_word if lang == content.source_language() else other


def section_path(section: str, lang: str, *, pk: int | None = None, slug: str = "") -> str:
    word = _slug(section, lang)
    if pk is None:
        return f"/{lang}/{word}/"
    return f"/{lang}/{word}/{pk}/{slug}/" if slug else f"/{lang}/{word}/{pk}/"


def _check(lang: str) -> None:
    if lang not in content.portal_languages():
        raise Http404(f"no portal in language {lang!r}")


# --- corrections -----------------------------------------------------------------


@dataclass
class CorrectionShown:
    pk: int
    lang: str
    wrong: str
    right: str
    corrected_at: datetime
    published_at: datetime | None
    article_id: int
    article_title: str
    article_path: str

    @property
    def anchor(self) -> str:
        return f"correction-{self.pk}"

    @property
    def date(self) -> str:
        return format_date(timezone.localtime(self.corrected_at), self.lang)

    @property
    def iso(self) -> str:
        return timezone.localtime(self.corrected_at).isoformat(timespec="seconds")


def _published(lang: str) -> Any:
    return CorrectionNotice.objects.filter(state="published").select_related("article")


def _shown(notice: CorrectionNotice, lang: str, target: tuple[str, str]) -> CorrectionShown | None:
    text = notice.text(lang)
    if not text.get("wrong"):
        return None
    return CorrectionShown(
        pk=notice.pk,
        lang=lang,
        wrong=text["wrong"],
        right=text.get("right", ""),
        corrected_at=notice.corrected_at,
        published_at=notice.published_at,
        article_id=notice.article_id,
        article_title=target[0],
        article_path=target[1],
    )


def _page_target(article_id: int, lang: str) -> tuple[str, str] | None:
    """The title and path in ``lang`` of the reference page whose text is
    article ``article_id``, when it is published in that language."""
    from doingoai.reference.models import ReferencePage
    from doingoai.reference.services import rendered_page
    from doingoai.reference.sitemaps import page_path

    page = ReferencePage.objects.filter(article_id=article_id).first()
    found = rendered_page(page, lang, content.source_language()) if page is not None else None
    return (found.title, page_path(lang, page.slug)) if found is not None and page else None


def _target(article_id: int, lang: str) -> tuple[str, str] | None:
    """The title and path of the article (or reference page) in ``lang``."""
    story = content.story(lang, article_id)
    if story is not None:
        return story.title, story.path
    return _page_target(article_id, lang)


def corrections_on(
    article_id: int, lang: str, target: tuple[str, str] | None = None
) -> list[CorrectionShown]:
    """The published corrections of article (or reference page) ``article_id``
    written in ``lang``, newest first (none when it is not published in it).
    ``target``: the title and path of the page showing them, when the caller
    has it (the article page has its story already)."""
    notices = list(_published(lang).filter(article_id=article_id))
    if not notices:
        return []
    if target is None:
        target = _target(article_id, lang)
    if target is None:
        return []
    return [s for s in (_shown(n, lang, target) for n in notices) if s is not None]


def corrections_in(lang: str, limit: int | None = None) -> list[CorrectionShown]:
    """The published corrections readable in ``lang``, newest first."""
    notices = [n for n in _published(lang).order_by("-published_at", "-id") if n.text(lang)]
    ids = {n.article_id for n in notices}
    targets = {
        s.article_id: (s.title, s.path) for s in content.stories(lang, ids=ids, limit=None)[0]
    }
    found = []
    for notice in notices:
        target = targets.get(notice.article_id) or _page_target(notice.article_id, lang)
        shown = _shown(notice, lang, target) if target is not None else None
        if shown is not None:
            found.append(shown)
        if limit is not None and len(found) >= limit:
            break
    return found


def article_extras(
    article_id: int, lang: str, target: tuple[str, str] | None = None
) -> dict[str, Any]:
    """What the portal's article page adds for its corrections (template
    ``notices/_corrections.html``); ``target`` as for :func:`corrections_on`."""
    return {
        "corrections": corrections_on(article_id, lang, target),
        "nw": words(lang),
        "corrections_path": section_path("corrections", lang),
    }


def correction_json_ld(
    article_id: int, lang: str, shown: list[CorrectionShown] | None = None
) -> list[dict[str, Any]]:
    """The article's ``correction`` property: one CorrectionComment each
    (of ``shown``, the corrections the page lists, when the caller has them)."""
    return [
        {
            "@type": "CorrectionComment",
            "text": f"{c.wrong} → {c.right}",
            "datePublished": c.iso,
        }
        for c in (corrections_on(article_id, lang) if shown is None else shown)
    ]


def _context(request: HttpRequest, lang: str, section: str, **extra: Any) -> dict[str, Any]:
    from doingoai.portal.views import _context as portal_context

    paths = {code: section_path(section, code) for code in content.portal_languages()}
    said = words(lang)
    return portal_context(
        request,
        lang,
        title=extra.pop("title", said[section]),
        paths=extra.pop("paths", paths),
        n=said,
        **extra,
    )


def corrections(request: HttpRequest, lang: str) -> HttpResponse:
    _check(lang)
    wanted = section_path("corrections", lang)
    if request.path != wanted:
        return redirect(wanted, permanent=True)
    said = words(lang)
    ctx = _context(
        request,
        lang,
        "corrections",
        description=said["corrections_intro"],
        found=corrections_in(lang),
        feed_rss=wanted + "rss.xml",
        feed_atom=wanted + "atom.xml",
    )
    return _cacheable(render(request, "notices/corrections.html", ctx))


def _cacheable(response: HttpResponse) -> HttpResponse:
    from doingoai.portal.middleware import CACHEABLE

    setattr(response, CACHEABLE, True)
    return response


class CorrectionsRss(Feed):
    """The corrections readable in one language."""

    feed_type: type[SyndicationFeed] = Rss201rev2Feed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> str:
        _check(kwargs["lang"])
        return str(kwargs["lang"])

    def title(self, lang: str) -> str:
        return f"{labels(lang)['site_name']}: {words(lang)['corrections']}"

    def link(self, lang: str) -> str:
        return section_path("corrections", lang)

    def description(self, lang: str) -> str:
        return words(lang)["corrections_intro"]

    def get_feed(self, obj: str, request: HttpRequest) -> SyndicationFeed:
        with translation.override(obj):
            feed = super().get_feed(obj, request)
        for entry in feed.items:
            if entry.get("unique_id"):
                entry["unique_id"] = request.build_absolute_uri(entry["unique_id"])
        return feed

    def items(self, lang: str) -> list[CorrectionShown]:
        return corrections_in(lang, limit=FEED_SIZE)

    def item_title(self, item: CorrectionShown) -> str:
        return f"{words(item.lang)['correction']}: {item.article_title}"

    def item_description(self, item: CorrectionShown) -> str:
        said = words(item.lang)
        # read as HTML by feed readers: the texts travel escaped
        return escape(f"{said['wrong']}: {item.wrong} — {said['right']}: {item.right}")

    def item_link(self, item: CorrectionShown) -> str:
        return f"{item.article_path}#{item.anchor}"

    def item_guid(self, item: CorrectionShown) -> str:
        return f"{section_path('corrections', item.lang)}#{item.anchor}"

    def item_guid_is_permalink(self, item: CorrectionShown) -> bool:
        return False

    def item_pubdate(self, item: CorrectionShown) -> datetime | None:
        return item.published_at or item.corrected_at

    def item_updateddate(self, item: CorrectionShown) -> datetime | None:
        return item.published_at or item.corrected_at

    def author_name(self, lang: str) -> str:
        return labels(lang)["site_name"]


class CorrectionsAtom(CorrectionsRss):
    feed_type = Atom1Feed

    def subtitle(self, lang: str) -> str:
        return words(lang)["corrections_intro"]


# --- clarifications --------------------------------------------------------------


def _clarifications(lang: str) -> list[Clarification]:
    found = Clarification.objects.filter(state="published").order_by("-published_at", "-id")
    return [c for c in found if c.text(lang)]


def clarifications_about(article_id: int, lang: str) -> list[dict[str, str]]:
    """The published clarifications in ``lang`` that concern article (or
    reference page) ``article_id``: title and path, for a "see also" box.
    The hook the reference pages call."""
    found = Clarification.objects.filter(state="published", concerns__pk=article_id)
    return [
        {"title": c.title(lang), "path": section_path("clarifications", lang, pk=c.pk, slug=c.slug)}
        for c in found.order_by("-published_at", "-id")
        if c.text(lang)
    ]


def rating_name(rating: str, lang: str) -> str:
    """The rating's name in ``lang`` (its English name without a catalogue)."""
    name = RATINGS[rating][1] if rating in RATINGS else rating
    return gettext_in(lang, name, context="claim rating")


def claim_review(
    item: Clarification, lang: str, *, url: str, home: str, site_name: str
) -> dict[str, Any]:
    """The schema.org ClaimReview of ``item`` in ``lang``."""
    text = item.text(lang)
    value = RATINGS[item.rating][0]
    published = item.published_at or timezone.now()
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "@id": url,
        "url": url,
        "name": text.get("title", ""),
        "inLanguage": lang,
        "datePublished": timezone.localtime(published).date().isoformat(),
        "claimReviewed": text.get("claim") or item.claim_text,
        "reviewBody": text.get("answer", ""),
        "itemReviewed": {
            "@type": "Claim",
            "datePublished": item.claim_date.isoformat(),
            "author": {"@type": "Organization", "name": item.claim_outlet},
            "appearance": [
                {
                    "@type": "CreativeWork",
                    "url": item.claim_url,
                    "datePublished": item.claim_date.isoformat(),
                    "publisher": {"@type": "Organization", "name": item.claim_outlet},
                }
            ],
        },
        "author": {"@type": "GovernmentOrganization", "name": site_name, "url": home},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": value,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": rating_name(item.rating, lang),
        },
        "citation": [{"@type": "CreativeWork", "url": s} for s in item.sources],
    }


def cited_facts(item: Clarification, lang: str) -> list[dict[str, str]]:
    """The facts a clarification cites, at their current values, in ``lang``:
    name, value with its unit, the day it is valid for, its source."""
    from doingoai.reference.models import Fact
    from doingoai.reference.services import format_value

    found = []
    facts = Fact.objects.in_bulk(item.fact_ids)
    for fact_id in item.fact_ids:
        fact = facts.get(fact_id)
        current = fact.current() if fact is not None else None
        if fact is None or current is None:
            continue
        day = datetime.combine(current.as_of, datetime.min.time())
        found.append(
            {
                "name": fact.name(lang),
                "value": f"{format_value(current.value, fact.decimals, lang)} {fact.unit_in(lang)}",
                "as_of": words(lang)["as_of"]
                % {"date": format_date(timezone.make_aware(day), lang)},
                "source": current.source,
                "source_url": current.source_url,
            }
        )
    return found


def clarifications(request: HttpRequest, lang: str) -> HttpResponse:
    _check(lang)
    wanted = section_path("clarifications", lang)
    if request.path != wanted:
        return redirect(wanted, permanent=True)
    said = words(lang)
    found = [
        {
            "title": c.title(lang),
            "path": section_path("clarifications", lang, pk=c.pk, slug=c.slug),
            "claim_date": format_date(
                timezone.make_aware(datetime.combine(c.claim_date, datetime.min.time())), lang
            ),
            "rating": rating_name(c.rating, lang),
        }
        for c in _clarifications(lang)
    ]
    ctx = _context(
        request, lang, "clarifications", description=said["clarifications_intro"], found=found
    )
    return _cacheable(render(request, "notices/clarifications.html", ctx))


def clarification(request: HttpRequest, lang: str, pk: int, slug: str = "") -> HttpResponse:
    _check(lang)
    item = Clarification.objects.filter(pk=pk, state="published").first()
    if item is None or not item.text(lang):
        raise Http404(f"no clarification {pk} in {lang!r}")
    wanted = section_path("clarifications", lang, pk=item.pk, slug=item.slug)
    if request.path != wanted:
        return redirect(wanted, permanent=True)
    from doingoai.portal.views import _json_ld

    paths = {
        code: section_path("clarifications", code, pk=item.pk, slug=item.slug)
        for code in item.languages
        if code in content.portal_languages()
    }
    url = request.build_absolute_uri(wanted)
    home = request.build_absolute_uri(reverse("portal:home", kwargs={"lang": lang}))
    text = item.text(lang)
    concerns = []
    for article in item.concerns.all():
        story = content.story(lang, article.pk)
        if story is not None:
            concerns.append({"title": story.title, "path": story.path})
    ctx = _context(
        request,
        lang,
        "clarifications",
        title=text.get("title", ""),
        description=text.get("answer", "")[:200],
        paths=paths,
        item=item,
        text=text,
        rating=rating_name(item.rating, lang),
        claim_date=format_date(
            timezone.make_aware(datetime.combine(item.claim_date, datetime.min.time())), lang
        ),
        concerns=concerns,
        facts=cited_facts(item, lang),
        list_path=section_path("clarifications", lang),
        json_ld=_json_ld(
            claim_review(item, lang, url=url, home=home, site_name=labels(lang)["site_name"])
        ),
        og_type="article",
    )
    return _cacheable(render(request, "notices/clarification.html", ctx))


def portal_urls() -> list[URLPattern]:
    """The portal's addresses of the notices (called by the portal's URLs,
    once its ``lang`` converter is registered)."""
    return [
        path("<lang:lang>/dinh-chinh/", corrections, name="corrections-vi"),
        path("<lang:lang>/corrections/", corrections, name="corrections"),
        path("<lang:lang>/dinh-chinh/rss.xml", CorrectionsRss(), name="corrections-rss-vi"),
        path("<lang:lang>/corrections/rss.xml", CorrectionsRss(), name="corrections-rss"),
        path("<lang:lang>/dinh-chinh/atom.xml", CorrectionsAtom(), name="corrections-atom-vi"),
        path("<lang:lang>/corrections/atom.xml", CorrectionsAtom(), name="corrections-atom"),
        path("<lang:lang>/thong-tin-chinh-thuc/", clarifications, name="clarifications-vi"),
        path("<lang:lang>/clarifications/", clarifications, name="clarifications"),
        path(
            "<lang:lang>/thong-tin-chinh-thuc/<int:pk>/<slug:slug>/",
            clarification,
            name="clarification-vi",
        ),
        path(
            "<lang:lang>/clarifications/<int:pk>/<slug:slug>/", clarification, name="clarification"
        ),
        path("<lang:lang>/clarifications/<int:pk>/", clarification, name="clarification-short"),
    ]
