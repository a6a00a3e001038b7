"""RSS 2.0 and Atom feeds per language and per theme (Django's syndication framework).

Every field is text: titles, authors and categories go in elements that feed
readers read as text, and the lead, which goes where readers expect HTML, is
escaped first, so markup in a stored article never reaches a reader as markup.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.html import escape

from doingoai.curation.models import Theme
from doingoai.portal import content
from doingoai.portal.labels import labels

__all__ = ["AtomFeed", "RssFeed", "ThemeAtomFeed", "ThemeRssFeed"]

FEED_SIZE = 30


class _Target:
    def __init__(self, lang: str, theme: Theme | None) -> None:
        self.lang = lang
        self.theme = theme


class RssFeed(Feed):
    """The latest stories in one language."""

    feed_type: type[SyndicationFeed] = Rss201rev2Feed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> _Target:
        lang = kwargs["lang"]
        if lang not in content.portal_languages():
            raise Http404(f"no portal in language {lang!r}")
        theme = None
        if "slug" in kwargs:
            theme = Theme.objects.filter(slug=kwargs["slug"]).first()
            if theme is None:
                raise Http404(f"no theme {kwargs['slug']!r}")
        return _Target(lang, theme)

    def title(self, obj: _Target) -> str:
        name = labels(obj.lang)["site_name"]
        return f"{name}: {obj.theme.name(obj.lang)}" if obj.theme else name

    def link(self, obj: _Target) -> str:
        if obj.theme:
            return reverse("portal:theme", kwargs={"lang": obj.lang, "slug": obj.theme.slug})
        return reverse("portal:home", kwargs={"lang": obj.lang})

    def description(self, obj: _Target) -> str:
        return labels(obj.lang)["tagline"]

    # the portal itself is the feed's author (Atom requires one for every
    # entry, given by the entry or, for all of them, by the feed)
    def author_name(self, obj: _Target) -> str:
        return labels(obj.lang)["site_name"]

    def author_link(self, obj: _Target) -> str:
        return reverse("portal:home", kwargs={"lang": obj.lang})

    def get_feed(self, obj: _Target, request: HttpRequest) -> SyndicationFeed:
        # the feed's <language> is the active language
        with translation.override(obj.lang):
            feed = super().get_feed(obj, request)
        feed.feed["author_link"] = request.build_absolute_uri(feed.feed["author_link"])
        # a guid (Atom: the entry's id) is the story's permanent, absolute
        # address (links are made absolute by the framework, guids are not)
        for entry in feed.items:
            if entry.get("unique_id"):
                entry["unique_id"] = request.build_absolute_uri(entry["unique_id"])
        return feed

    def items(self, obj: _Target) -> list[content.Story]:
        found, _ = content.stories(
            obj.lang, theme=obj.theme.slug if obj.theme else None, limit=FEED_SIZE, count=False
        )
        return found

    def item_title(self, item: content.Story) -> str:
        return item.title

    def item_description(self, item: content.Story) -> str:
        # RSS <description> and Atom <summary type="html"> are read as HTML:
        # the lead is text, so it travels as escaped HTML (a "<script>" in a
        # lead reaches the reader as those characters, never as markup)
        return escape(item.lead)

    def item_link(self, item: content.Story) -> str:
        return item.path

    def item_guid(self, item: content.Story) -> str:
        # the address without the title's slug: it stays the same when the
        # title is edited (and leads to the story, by a permanent redirect)
        return reverse("portal:article-short", kwargs={"lang": item.lang, "pk": item.article_id})

    def item_guid_is_permalink(self, item: content.Story) -> bool:
        return True

    def item_pubdate(self, item: content.Story) -> datetime | None:
        return item.date

    def item_updateddate(self, item: content.Story) -> datetime | None:
        return item.updated or item.date

    def item_author_name(self, item: content.Story) -> str:
        # the byline, else the outlet that published it, else the portal
        return ", ".join(item.authors) or item.outlet or labels(item.lang)["site_name"]

    def item_categories(self, item: content.Story) -> list[str]:
        return [t.name(item.lang) for t in item.themes]


class AtomFeed(RssFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj: _Target) -> str:
        return labels(obj.lang)["tagline"]


class ThemeRssFeed(RssFeed):
    """The latest stories of one theme in one language."""


class ThemeAtomFeed(AtomFeed):
    pass
