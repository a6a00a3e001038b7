"""The portal's URLs: every page under its language, /vi/…, /en/…"""

from __future__ import annotations

from django.contrib.sitemaps import views as sitemap_views
from django.urls import URLPattern, URLResolver, path, register_converter

from doingoai.notices.portal import portal_urls as notice_urls
from doingoai.portal import discovery, feeds, sitemaps, views
from doingoai.reference import views as reference

app_name = "portal"


class LangConverter:
    """A language code: two letters, optionally -region (the view checks it is offered)."""

    regex = "[a-z]{2}(?:-[a-z]{2,4})?"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(LangConverter, "lang")

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.root, name="root"),
    path("robots.txt", discovery.robots_txt, name="robots"),
    path("favicon.ico", discovery.favicon, name="favicon"),
    path("sitemap.xml", sitemap_views.sitemap, {"sitemaps": sitemaps.SITEMAPS}, name="sitemap"),
    path("news-sitemap.xml", sitemaps.news_sitemap, name="news-sitemap"),
    path("<lang:lang>/", views.home, name="home"),
    path("<lang:lang>/search/", views.search, name="search"),
    path("<lang:lang>/archive/", views.archive, name="archive"),
    path("<lang:lang>/archive/<int:year>/<str:month>/", views.archive_month, name="archive-month"),
    path("<lang:lang>/theme/<slug:slug>/", views.theme, name="theme"),
    path("<lang:lang>/theme/<slug:slug>/rss.xml", feeds.ThemeRssFeed(), name="theme-feed-rss"),
    path("<lang:lang>/theme/<slug:slug>/atom.xml", feeds.ThemeAtomFeed(), name="theme-feed-atom"),
    path("<lang:lang>/article/<int:pk>/", views.article, name="article-short"),
    path("<lang:lang>/article/<int:pk>/<slug:slug>/", views.article, name="article"),
    # the office's reference pages: /vi/trang/… for the originals, /<lang>/pages/… for the others
    path("<lang:lang>/trang/", reference.page_list, name="reference-pages-vi"),
    path("<lang:lang>/trang/<slug:slug>/", reference.page, name="reference-page-vi"),
    path("<lang:lang>/pages/", reference.page_list, name="reference-pages"),
    path("<lang:lang>/pages/<slug:slug>/", reference.page, name="reference-page"),
    path("<lang:lang>/rss.xml", feeds.RssFeed(), name="feed-rss"),
    path("<lang:lang>/atom.xml", feeds.AtomFeed(), name="feed-atom"),
    # corrections and clarifications: /vi/dinh-chinh/, /en/corrections/… (doingoai.notices)
    *notice_urls(),
]
