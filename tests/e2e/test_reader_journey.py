"""Journey 1: a reader searches "doi ngoai" without accents, finds the seed
article, opens it and switches to its English version."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from doingoai.demo import seed_english, set_up_demo
from tests.e2e.conftest import Shots

SEED_TITLE = "Thông tin đối ngoại: Đã đáp ứng được yêu cầu hội nhập của Thành phố"


@pytest.fixture
def demo_portal(live_server: LiveServer) -> LiveServer:
    report = set_up_demo(limit=3)
    assert report.english, "the seed's English version was not published"
    return live_server


def test_reader_finds_the_seed_and_reads_it_in_english(
    demo_portal: LiveServer, page: Page, shot: Shots
) -> None:
    english_title = seed_english()["title"][0]
    page.goto(f"{demo_portal.url}/")
    expect(page).to_have_url(re.compile(r"/vi/$"))  # the browser asks for Vietnamese
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    shot("home")

    box = page.get_by_role("searchbox", name="Tìm bài viết").first
    box.fill("doi ngoai")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/vi/search/\?q=doi\+ngoai"))
    result = page.get_by_role("link", name=SEED_TITLE)
    expect(result).to_be_visible()
    shot("search results")

    result.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SEED_TITLE)
    expect(page.locator("article.story")).to_have_attribute("lang", "vi")
    expect(page.locator("article.story header time")).to_have_text("2 tháng 6, 2015")
    shot("article in Vietnamese")

    languages = page.get_by_role("navigation", name="Ngôn ngữ")
    expect(languages.get_by_role("link")).to_have_count(1)  # only the versions that exist
    languages.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/article/\d+/external-information-"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(english_title)
    expect(page.locator("article.story header time")).to_have_text("June 2, 2015")
    expect(page.get_by_text("Also in:")).to_be_visible()
    shot("article in English")
