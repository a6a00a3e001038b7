"""Feeds and sitemaps checked against their specifications: Atom against a
RELAX NG grammar of RFC 4287 plus the rules a grammar cannot say, RSS 2.0's
required elements, sitemaps against XML Schemas of the protocol (the schemas
are in tests/data/schemas)."""

from __future__ import annotations

from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import Client
from lxml import etree

from .conftest import Portal

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parents[1] / "data" / "schemas"
ATOM = "{http://www.w3.org/2005/Atom}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _absolute(iri: str | None) -> bool:
    parts = urlsplit(iri or "")
    return (parts.scheme in {"http", "https"} and bool(parts.netloc)) or parts.scheme == "tag"


def atom_problems(document: bytes) -> list[str]:
    """What keeps an Atom document from being valid RFC 4287 (empty when it is)."""
    grammar = etree.RelaxNG(etree.parse(str(SCHEMAS / "atom.rng")))
    root = etree.fromstring(document)
    problems = [] if grammar.validate(root) else [str(e) for e in grammar.error_log]
    feed_has_author = root.find(f"{ATOM}author") is not None
    ids = [root.findtext(f"{ATOM}id")]
    for entry in root.iter(f"{ATOM}entry"):
        ids.append(entry.findtext(f"{ATOM}id"))
        if not feed_has_author and entry.find(f"{ATOM}author") is None:
            problems.append(f"entry {entry.findtext(f'{ATOM}id')} has no author")
    problems += [f"id {i!r} is not an absolute IRI" for i in ids if not _absolute(i)]
    if len(set(ids)) != len(ids):
        problems.append("two elements share an id")
    return problems


@pytest.mark.parametrize("path", ["/vi/atom.xml", "/en/atom.xml", "/vi/theme/doi-ngoai/atom.xml"])
def test_atom_feeds_are_valid_rfc_4287(portal: Portal, client: Client, path: str) -> None:
    body = client.get(path).content
    assert atom_problems(body) == []
    root = etree.fromstring(body)
    # the portal is the feed's author; every entry names its own
    assert root.findtext(f"{ATOM}author/{ATOM}name")
    assert root.findtext(f"{ATOM}author/{ATOM}uri", "").startswith("http://testserver/")
    for entry in root.iter(f"{ATOM}entry"):
        assert entry.findtext(f"{ATOM}author/{ATOM}name")


def test_atom_entry_names_its_byline_else_its_outlet(portal: Portal, client: Client) -> None:
    root = etree.fromstring(client.get("/vi/atom.xml").content)
    authors = {
        e.findtext(f"{ATOM}title"): e.findtext(f"{ATOM}author/{ATOM}name")
        for e in root.iter(f"{ATOM}entry")
    }
    assert authors == {
        "Thông tin đối ngoại Hà Nội năm 2015": "Bảo Duy",
        "Phát triển du lịch Thủ đô": "Lao Động Thủ Đô",
    }


def test_atom_check_finds_what_rfc_4287_forbids() -> None:
    broken = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>/vi/</id>'
        b"<updated>2015-06-02T10:00:00+07:00</updated>"
        b"<entry><title>a</title><id>/vi/article/1/</id>"
        b"<updated>2015-06-02 10:00</updated></entry></feed>"
    )
    problems = atom_problems(broken)
    assert any("updated" in p for p in problems)
    assert "entry /vi/article/1/ has no author" in problems
    assert "id '/vi/' is not an absolute IRI" in problems


def test_atom_entry_ids_stay_when_a_title_changes(portal: Portal, client: Client) -> None:
    def ids() -> set[str]:
        root = etree.fromstring(client.get("/vi/atom.xml").content)
        return {e.findtext(f"{ATOM}id") or "" for e in root.iter(f"{ATOM}entry")}

    before = ids()
    portal.vi_only.title = "Du lịch Thủ đô khởi sắc"
    portal.vi_only.save()
    assert ids() == before


@pytest.mark.parametrize("path", ["/vi/rss.xml", "/en/rss.xml", "/vi/theme/du-lich/rss.xml"])
def test_rss_feeds_have_what_rss_2_requires(portal: Portal, client: Client, path: str) -> None:
    root = etree.fromstring(client.get(path).content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel is not None
    for required in ("title", "link", "description"):
        assert channel.findtext(required), required
    assert _absolute(channel.findtext("link"))
    items = channel.findall("item")
    assert items
    for item in items:
        assert item.findtext("title") or item.findtext("description")
        guid = item.find("guid")
        assert guid is not None and guid.text
        if guid.get("isPermaLink", "true") == "true":
            assert _absolute(guid.text)
            found = client.get(guid.text.removeprefix("http://testserver"), follow=True)
            assert found.status_code == 200
        assert parsedate_to_datetime(item.findtext("pubDate") or "").tzinfo is not None


@pytest.mark.parametrize("path", ["/sitemap.xml", "/news-sitemap.xml"])
def test_sitemaps_are_valid(portal: Portal, client: Client, path: str) -> None:
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "sitemap.xsd")))
    document = etree.fromstring(client.get(path).content)
    assert schema.validate(document), schema.error_log


def test_news_sitemap_gives_the_articles_own_publication_date(
    portal: Portal, client: Client
) -> None:
    root = etree.fromstring(client.get("/news-sitemap.xml").content)
    dates = {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{NEWS}news/{NEWS}publication_date")
        for url in root.iter(f"{SITEMAP}url")
    }
    seed = {loc: day for loc, day in dates.items() if f"/article/{portal.both.pk}/" in (loc or "")}
    assert set(seed.values()) == {"2015-06-02T10:00:00+07:00"}, dates
    # the same day the RSS item gives
    rss = etree.fromstring(client.get("/vi/rss.xml").content)
    item = next(i for i in rss.iter("item") if f"/article/{portal.both.pk}/" in i.findtext("link"))
    assert parsedate_to_datetime(item.findtext("pubDate") or "").date().isoformat() == "2015-06-02"
