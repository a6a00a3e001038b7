"""The notices on the portal: a correction on both language versions of its
article and in its JSON-LD, the corrections page and feeds per language, and
a clarification's ClaimReview checked against what the schema.org
vocabulary and the search engines' rich results ask of it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import extruct
from django.test import Client

from doingoai.notices import services
from doingoai.notices.models import Clarification, CorrectionNotice

from .conftest import CLARIFICATION, CORRECTION_TEXTS, World

ATOM = "{http://www.w3.org/2005/Atom}"

#: What schema.org's ClaimReview markup needs (the properties a search
#: engine's fact-check result requires, with the Claim and Rating they
#: refer to), and the types each property takes in the vocabulary.
REQUIRED: dict[str, tuple[str, ...]] = {
    "ClaimReview": (
        "claimReviewed",
        "reviewRating",
        "url",
        "author",
        "itemReviewed",
        "datePublished",
    ),
    "Rating": ("alternateName", "ratingValue", "bestRating", "worstRating"),
    "Claim": ("appearance", "author", "datePublished"),
}
#: property → the types schema.org lets it hold (rangeIncludes), for those above
RANGES: dict[str, tuple[str, ...]] = {
    "reviewRating": ("Rating", "AggregateRating", "EndorsementRating"),
    "itemReviewed": ("Claim", "Thing"),
    "author": ("Organization", "GovernmentOrganization", "Person"),
    "appearance": ("CreativeWork",),
}


def _correction(world: World, article: Any = None, texts: Any = None) -> CorrectionNotice:
    notice = services.write_correction(
        article or world.article, world.editor, texts=texts or CORRECTION_TEXTS
    )
    services.submit(notice, world.editor)
    return services.approve(notice, world.editor2)  # type: ignore[return-value]


def _json_ld(client: Client, path: str) -> tuple[str, list[dict[str, Any]]]:
    response = client.get(path, follow=True)
    assert response.status_code == 200, path
    final = response.redirect_chain[-1][0] if response.redirect_chain else path
    html = response.content.decode()
    return html, extruct.extract(html, base_url="http://testserver" + final, syntaxes=["json-ld"])[
        "json-ld"
    ]


def test_a_correction_shows_on_both_language_versions(world: World, client: Client) -> None:
    notice = _correction(world)
    for lang in ("vi", "en"):
        html, data = _json_ld(client, f"/{lang}/article/{world.article.pk}/")
        assert CORRECTION_TEXTS[lang]["wrong"] in html
        assert CORRECTION_TEXTS[lang]["right"] in html
        assert f'id="correction-{notice.pk}"' in html
        [article] = [d for d in data if d["@type"] == "NewsArticle"]
        [comment] = article["correction"]
        assert comment["@type"] == "CorrectionComment"
        assert CORRECTION_TEXTS[lang]["right"] in comment["text"]
        assert comment["datePublished"].startswith(notice.corrected_at.date().isoformat()[:4])


def test_a_draft_correction_is_not_shown(world: World, client: Client) -> None:
    services.write_correction(world.article, world.editor, texts=CORRECTION_TEXTS)
    html, data = _json_ld(client, f"/vi/article/{world.article.pk}/")
    assert CORRECTION_TEXTS["vi"]["right"] not in html
    assert "correction" not in next(d for d in data if d["@type"] == "NewsArticle")


def test_the_corrections_page_per_language(world: World, client: Client) -> None:
    _correction(world)
    vi = client.get("/vi/dinh-chinh/")
    assert vi.status_code == 200
    page = vi.content.decode()
    assert "Đính chính" in page and CORRECTION_TEXTS["vi"]["right"] in page
    assert world.article.title in page
    en = client.get("/en/corrections/")
    assert en.status_code == 200
    assert "Hanoi external information in 2015" in en.content.decode()
    assert CORRECTION_TEXTS["en"]["right"] in en.content.decode()
    # the other language's word leads to the page's own address
    assert client.get("/vi/corrections/")["Location"] == "/vi/dinh-chinh/"
    assert client.get("/en/dinh-chinh/")["Location"] == "/en/corrections/"
    assert client.get("/xx/corrections/").status_code == 404


def test_a_withdrawn_correction_leaves_the_portal(world: World, client: Client) -> None:
    notice = _correction(world)
    services.withdraw(notice, world.editor2)
    assert CORRECTION_TEXTS["vi"]["right"] not in client.get("/vi/dinh-chinh/").content.decode()
    page = client.get(f"/vi/article/{world.article.pk}/", follow=True).content.decode()
    assert CORRECTION_TEXTS["vi"]["right"] not in page


def test_the_corrections_feeds_are_valid(world: World, client: Client) -> None:
    hostile = {"vi": {"wrong": "<script>alert(1)</script>", "right": "Đúng là 250 & hơn."}}
    notice = _correction(world, world.vi_only, hostile)
    rss = client.get("/vi/dinh-chinh/rss.xml")
    assert rss.status_code == 200 and rss["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(rss.content).find("channel")
    assert channel is not None
    [item] = channel.findall("item")
    assert item.findtext("link", "").endswith(f"#correction-{notice.pk}")
    assert world.vi_only.title in item.findtext("title", "")
    # the text travels escaped: a feed reader shows the characters, never runs them
    assert "<script>" not in rss.content.decode()
    assert "&lt;script&gt;" in item.findtext("description", "")
    atom = client.get("/vi/dinh-chinh/atom.xml")
    feed = ET.fromstring(atom.content)
    assert feed.tag == f"{ATOM}feed"
    for entry in feed.findall(f"{ATOM}entry"):  # RFC 4287: id, title, updated
        assert entry.findtext(f"{ATOM}id") and entry.findtext(f"{ATOM}title")
        assert entry.findtext(f"{ATOM}updated")
    # in English the article is not published: its Vietnamese-only correction is not listed
    english = ET.fromstring(client.get("/en/corrections/rss.xml").content)
    assert english.find("channel/item") is None


def _check_required(node: dict[str, Any], kind: str) -> list[str]:
    problems = [f"{kind}.{p} missing" for p in REQUIRED[kind] if node.get(p) in (None, "", [])]
    for prop in REQUIRED[kind]:
        value = node.get(prop)
        values = value if isinstance(value, list) else [value]
        for v in values:
            if isinstance(v, dict) and prop in RANGES and v.get("@type") not in RANGES[prop]:
                problems.append(f"{kind}.{prop} is a {v.get('@type')}, not one of {RANGES[prop]}")
    return problems


def test_a_clarification_has_valid_claim_review(world: World, client: Client) -> None:
    item = services.write_clarification(world.editor, concerns=[world.vi_only], **CLARIFICATION)
    services.submit(item, world.editor)
    services.approve(item, world.editor2)
    for lang, rating in (("vi", "Sai sự thật"), ("en", "False")):
        html, data = _json_ld(client, f"/{lang}/clarifications/{item.pk}/")
        [review] = [d for d in data if d["@type"] == "ClaimReview"]
        problems = _check_required(review, "ClaimReview")
        problems += _check_required(review["reviewRating"], "Rating")
        problems += _check_required(review["itemReviewed"], "Claim")
        assert problems == []
        assert review["reviewRating"]["alternateName"] == rating
        assert review["claimReviewed"] == CLARIFICATION["texts"][lang]["claim"]
        assert review["itemReviewed"]["appearance"][0]["url"] == CLARIFICATION["claim_url"]
        assert review["url"].startswith(f"http://testserver/{lang}/")
        assert review["inLanguage"] == lang
        assert CLARIFICATION["texts"][lang]["answer"] in html
    assert client.get("/vi/thong-tin-chinh-thuc/").status_code == 200
    listed = client.get("/en/clarifications/").content.decode()
    assert "Hanoi does not ban motorbikes from 2025" in listed


def test_a_clarification_in_one_language_only(world: World, client: Client) -> None:
    only_vi = {**CLARIFICATION, "texts": {"vi": CLARIFICATION["texts"]["vi"]}}
    item = services.write_clarification(world.editor, **only_vi)
    services.submit(item, world.editor)
    services.approve(item, world.editor2)
    assert client.get(f"/en/clarifications/{item.pk}/").status_code == 404
    assert client.get(f"/vi/clarifications/{item.pk}/", follow=True).status_code == 200


def test_hostile_text_is_escaped_on_the_clarification_page(world: World, client: Client) -> None:
    texts = {
        "vi": {
            "title": "Tin sai <img src=x onerror=alert(1)>",
            "answer": "<script>alert('x')</script>\nDòng hai.",
        }
    }
    item = services.write_clarification(world.editor, **{**CLARIFICATION, "texts": texts})
    services.submit(item, world.editor)
    services.approve(item, world.editor2)
    html, data = _json_ld(client, f"/vi/clarifications/{item.pk}/")
    assert "<script>alert" not in html and "<img src=x" not in html
    # shown as text: escaped once (either spelling of the apostrophe's entity)
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html.replace("&#x27;", "&#39;")
    [review] = [d for d in data if d["@type"] == "ClaimReview"]
    assert review["reviewBody"].startswith("<script>alert")  # JSON-LD holds it as text


def test_a_draft_clarification_is_not_public(world: World, client: Client) -> None:
    item = services.write_clarification(world.editor, **CLARIFICATION)
    assert client.get(f"/vi/clarifications/{item.pk}/").status_code == 404
    assert Clarification.objects.count() == 1


def test_a_published_correction_shows_on_cached_pages_at_once(
    world: World, client: Client, settings: Any
) -> None:
    settings.PORTAL_PAGE_CACHE_SECONDS = 600
    before = client.get("/vi/dinh-chinh/").content.decode()
    assert CORRECTION_TEXTS["vi"]["right"] not in before
    _correction(world, world.vi_only, {"vi": CORRECTION_TEXTS["vi"]})
    assert CORRECTION_TEXTS["vi"]["right"] in client.get("/vi/dinh-chinh/").content.decode()


def test_the_sitemap_lists_clarifications_with_their_languages(
    world: World, client: Client
) -> None:
    item = services.write_clarification(world.editor, **CLARIFICATION)
    draft = services.write_clarification(
        world.editor, **{**CLARIFICATION, "claim_url": "https://example.com/khac"}
    )
    services.submit(item, world.editor)
    services.approve(item, world.editor2)
    sitemap = client.get("/sitemap.xml").content.decode()
    vi = f"http://testserver/vi/thong-tin-chinh-thuc/{item.pk}/{item.slug}/"
    en = f"http://testserver/en/clarifications/{item.pk}/{item.slug}/"
    assert f"<loc>{vi}</loc>" in sitemap and f"<loc>{en}</loc>" in sitemap
    assert f'hreflang="en" href="{en}"' in sitemap
    assert f'hreflang="x-default" href="{vi}"' in sitemap
    assert f"clarifications/{draft.pk}/" not in sitemap
    assert f"thong-tin-chinh-thuc/{draft.pk}/" not in sitemap
