"""Notices in the browser: (1) an editor writes a correction notice on a
published article and submits it, another editor opens the notification and
publishes it, and the correction shows on the Vietnamese and English pages
and in the corrections feed; (2) a clarification's page carries ClaimReview
JSON-LD with the properties the vocabulary requires."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from playwright.sync_api import BrowserContext, Page, expect
from pytest_django.live_server_helper import LiveServer

from doingoai.curation.models import Profile
from doingoai.notices import services
from doingoai.store.models import Article
from tests.e2e.conftest import Shots
from tests.e2e.test_office_journeys import PASSWORD, sign_in, sign_out
from tests.notices.conftest import CLARIFICATION, ENGLISH
from tests.notices.test_portal import _check_required
from tests.office.conftest import reseed
from tests.portal.conftest import make_article, publish, translate

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def quick_hashes(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["tests.office.conftest.QuickArgon2"]


@pytest.fixture(autouse=True)
def english_office(browser_context: BrowserContext, live_server: LiveServer) -> None:
    browser_context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
    )


@pytest.fixture
def editors(live_server: LiveServer) -> list[User]:
    reseed()
    made = []
    for name in ("bien-tap", "bien-tap-2"):
        user = User.objects.create_user(name, password=PASSWORD)
        user.groups.add(Group.objects.get(name="editor"))
        Profile.objects.create(user=user)
        made.append(user)
    return made


@pytest.fixture
def article(editors: list[User]) -> Article:
    found = make_article(
        "Thông tin đối ngoại Hà Nội năm 2015",
        "Sở Thông tin và Truyền thông tổ chức hội nghị về thông tin đối ngoại.",
        ["Hội nghị diễn ra tại Hà Nội với 200 đại biểu."],
    )
    publish(found, editors[0], ["doi-ngoai"])
    translate(found, editors[0], ENGLISH)
    return found


def test_a_correction_shows_on_both_languages_and_in_the_feed(
    live_server: LiveServer, page: Page, shot: Shots, editors: list[User], article: Article
) -> None:
    sign_in(page, live_server, "bien-tap")
    page.goto(f"{live_server.url}/office/articles/{article.pk}/")
    page.get_by_role("link", name="Correction notice").click()
    page.get_by_label("What was wrong (Tiếng Việt)").fill("Bài ghi hội nghị có 200 đại biểu.")
    page.get_by_label("What is right (Tiếng Việt)").fill("Hội nghị có 250 đại biểu.")
    page.get_by_label("What was wrong (English)").fill("The article said 200 delegates.")
    page.get_by_label("What is right (English)").fill("There were 250 delegates.")
    shot("correction-form")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_text("The correction notice is saved as a draft.")).to_be_visible()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Submitted for review.")).to_be_visible()
    sign_out(page)

    sign_in(page, live_server, "bien-tap-2")
    bell = page.locator("#bell")
    expect(bell).to_contain_text("1")
    bell.click()
    shot("notifications")
    page.get_by_role("button", name="Open and mark read").click()
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.get_by_text("Published on the portal.")).to_be_visible()
    expect(page.locator("#notice-state")).to_have_attribute("data-state", "published")

    for lang, right in (("vi", "Hội nghị có 250 đại biểu."), ("en", "There were 250 delegates.")):
        page.goto(f"{live_server.url}/{lang}/article/{article.pk}/")
        expect(page.get_by_role("complementary")).to_contain_text(right)
        shot(f"article-{lang}")
    page.goto(f"{live_server.url}/en/corrections/")
    expect(page.get_by_text("There were 250 delegates.")).to_be_visible()
    feed = page.request.get(f"{live_server.url}/en/corrections/rss.xml")
    assert feed.ok
    items = ET.fromstring(feed.body()).findall("channel/item")
    assert [i.findtext("title") for i in items] == [f"Correction: {ENGLISH[0]}"]
    assert "There were 250 delegates." in (items[0].findtext("description") or "")


def test_a_clarification_page_has_valid_claim_review(
    live_server: LiveServer, page: Page, shot: Shots, editors: list[User]
) -> None:
    item = services.write_clarification(editors[0], **CLARIFICATION)
    services.submit(item, editors[0])
    services.approve(item, editors[1])
    page.goto(f"{live_server.url}/en/clarifications/")
    page.get_by_role("link", name="Hanoi does not ban motorbikes from 2025").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Hanoi does not ban motorbikes from 2025"
    )
    shot("clarification")
    scripts = page.locator('script[type="application/ld+json"]').all_text_contents()
    reviews = [d for d in map(json.loads, scripts) if d.get("@type") == "ClaimReview"]
    assert len(reviews) == 1
    review = reviews[0]
    problems = _check_required(review, "ClaimReview")
    problems += _check_required(review["reviewRating"], "Rating")
    problems += _check_required(review["itemReviewed"], "Claim")
    assert problems == []
    assert review["url"] == page.url
    assert review["reviewRating"]["alternateName"] == "False"
