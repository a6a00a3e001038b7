"""Reference page journey in the browser: an editor uploads a picture, writes
a reference page with the editor's toolbar (a heading, the picture, a fact
cited), hostile markup pasted in the source is removed and said; a second
editor publishes it; it is translated into English through its job; the
reader finds it at /vi/trang/… and /en/pages/… with the fact's value in each
language's way of writing numbers."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from playwright.sync_api import BrowserContext, Page, expect
from pytest_django.live_server_helper import LiveServer

from doingoai.curation.models import Profile
from doingoai.reference import services
from doingoai.reference.demo import demo_picture
from doingoai.reference.models import ReferencePage
from doingoai.translation import services as translation
from doingoai.translation.models import TranslationJob
from tests.e2e.conftest import Shots
from tests.office.conftest import reseed

PASSWORD = "Hoàng thành Thăng Long 1010"

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def quick_hashes(settings: Any, tmp_path: Path) -> None:
    settings.PASSWORD_HASHERS = ["tests.office.conftest.QuickArgon2"]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def english_office(browser_context: BrowserContext, live_server: LiveServer) -> None:
    browser_context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
    )


@pytest.fixture
def people(live_server: LiveServer) -> dict[str, User]:
    reseed()
    made = {}
    for name, role, languages in [
        ("bien-tap", "editor", []),
        ("bien-tap-2", "editor", []),
        ("dich-gia", "translator", ["en"]),
        ("hieu-dinh", "reviewer", ["en"]),
    ]:
        user = User.objects.create_user(name, password=PASSWORD)
        user.groups.add(Group.objects.get(name=role))
        Profile.objects.create(user=user, languages=languages)
        made[name] = user
    fact = services.create_fact(
        made["bien-tap"],
        slug="dien-tich-ha-noi",
        name_vi="Diện tích Hà Nội",
        name_en="Area of Hà Nội",
        unit="km²",
        unit_en="km²",
        decimals=2,
    )
    services.record_value(
        fact,
        made["bien-tap"],
        value="3359.84",
        unit="km²",
        as_of=date(2023, 12, 31),
        source="Tổng cục Thống kê",
    )
    return made


def sign_in(page: Page, live_server: LiveServer, name: str) -> None:
    page.goto(f"{live_server.url}/office/sign-in/")
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Back office")


def test_editor_writes_a_reference_page_that_is_translated_and_published(
    live_server: LiveServer, page: Page, shot: Shots, people: dict[str, User], tmp_path: Path
) -> None:
    sign_in(page, live_server, "bien-tap")
    page.get_by_role("navigation").get_by_role("link", name="Reference pages").click()
    page.get_by_role("link", name="Images").click()
    drawing = tmp_path / "ho-hoan-kiem.png"
    drawing.write_bytes(demo_picture())
    page.get_by_label("Image file").set_input_files(str(drawing))
    page.get_by_label("Alt text (Vietnamese)").fill("Hồ Hoàn Kiếm")
    page.get_by_label("Alt text (English)").fill("Hoan Kiem Lake")
    page.get_by_label("Caption (Vietnamese)").fill("Hồ Hoàn Kiếm")
    page.get_by_label("Credit").fill("Văn phòng")
    page.get_by_label("Licence").fill("CC0 1.0")
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("stored.")).to_be_visible()
    shot("image uploaded")

    page.goto(f"{live_server.url}/office/pages/new/")
    page.get_by_label("Title").fill("Hồ Hoàn Kiếm")
    page.get_by_label("Address (slug)").fill("ho-hoan-kiem")
    page.get_by_label("Kind").select_option("attraction")
    editable = page.get_by_role("textbox", name="Text")
    editable.click()
    page.keyboard.type("Hồ ở trung tâm Hà Nội")
    page.get_by_role("toolbar").get_by_role("button", name="Heading", exact=True).click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.get_by_role("toolbar").get_by_role("button", name="Paragraph", exact=True).click()
    page.keyboard.type("Thành phố rộng ")
    page.get_by_role("toolbar").get_by_role("button", name="Cite a fact").click()
    page.get_by_role("toolbar").get_by_role("button", name="Insert image").click()
    # hostile markup pasted into the HTML source is removed when the page is saved
    page.get_by_role("toolbar").get_by_role("button", name="HTML source").click()
    source = page.locator("textarea#id_text")
    source.fill(source.input_value() + '<p onclick="steal()">Bờ hồ<script>alert(1)</script></p>')
    shot("editor")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Removed from the text for safety")).to_be_visible()
    item = ReferencePage.objects.get(slug="ho-hoan-kiem")
    assert "<h2>" in item.html and "{{fact:dien-tich-ha-noi}}" in item.html
    assert 'data-image="' in item.html and "onclick" not in item.html and "script" not in item.html
    page.get_by_role("button", name="Send for review").click()
    expect(page.get_by_text("Page sent for review.")).to_be_visible()
    expect(page.get_by_role("button", name="Publish")).to_have_count(0)  # not the author
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server, "bien-tap-2")
    page.goto(f"{live_server.url}/office/pages/{item.pk}/")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Page published.")).to_be_visible()
    page.get_by_label("Translate into").select_option("en")
    page.get_by_role("button", name="Send to translation").click()
    expect(page).to_have_url(f"{live_server.url}/office/jobs/{TranslationJob.objects.get().pk}/")
    shot("job")

    # the job's translation, review and publication (the workbench has its own journeys)
    job = TranslationJob.objects.get()
    english = {
        "Hồ Hoàn Kiếm": "Hoan Kiem Lake",
        "Hồ ở trung tâm Hà Nội": "A lake in the centre of Hanoi",
        "Thành phố rộng {{fact:dien-tich-ha-noi}}": "The city covers {{fact:dien-tich-ha-noi}}",
        "Bờ hồ": "The lakeshore",
    }
    translation.assign(job, assignee=people["dich-gia"], reviewer=people["hieu-dinh"])
    for segment in job.segments.order_by("position"):
        translation.save_segment(segment, english[segment.source.strip()], user=people["dich-gia"])
    job.refresh_from_db()
    translation.submit_for_review(job, user=people["dich-gia"])
    translation.approve(job, user=people["hieu-dinh"])
    translation.publish(job, user=people["bien-tap-2"])

    page.goto(f"{live_server.url}/vi/trang/ho-hoan-kiem/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hồ Hoàn Kiếm")
    expect(page.get_by_text("Thành phố rộng 3.359,84 km²")).to_be_visible()
    expect(page.get_by_role("img", name="Hồ Hoàn Kiếm")).to_be_visible()
    shot("vietnamese")
    page.locator("nav.langs").get_by_role("link", name="English").click()
    expect(page).to_have_url(f"{live_server.url}/en/pages/ho-hoan-kiem/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hoan Kiem Lake")
    expect(page.get_by_text("The city covers 3,359.84 km²")).to_be_visible()
    expect(page.get_by_role("img", name="Hoan Kiem Lake")).to_be_visible()
    expect(page.get_by_text("© Văn phòng · CC0 1.0")).to_be_visible()
    shot("english")
