"""Back-office journeys in the browser: (2) an editor selects a freshly
ingested article, sends it to English translation and assigns the job, which
the translator then finds in "my work"; (3) a translator
completes it with translation-memory and machine help, fixing a QA error the
workbench shows; (4) a reviewer approves, the editor publishes, and the
English page, the English feed and the sitemap show it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect
from pytest_django.live_server_helper import LiveServer

from doingoai.curation import services as curation
from doingoai.curation.models import Profile, Selection, Theme
from doingoai.enrich.enricher import Enricher
from doingoai.store.ingest import ingest
from doingoai.store.models import Article
from doingoai.translate.memory import Entry
from doingoai.translation import services as translation
from doingoai.translation.models import Segment, TranslationJob
from tests.e2e.conftest import Shots
from tests.office.conftest import reseed
from tests.translation.conftest import SEED_ENGLISH

PASSWORD = "Văn Miếu 1070 Quốc Tử Giám"

# each journey drives a browser for about ten seconds
pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def quick_hashes(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["tests.office.conftest.QuickArgon2"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def machine_translation(monkeypatch: pytest.MonkeyPatch) -> None:
    """The dummy engine, named: these journeys show machine suggestions."""
    monkeypatch.setenv("DOINGOAI_MT_ENGINE", "dummy")


@pytest.fixture(autouse=True)
def english_office(browser_context: BrowserContext, live_server: LiveServer) -> None:
    """These journeys read the office in English: the language picked in its
    switcher (a cookie) wins over the browser's Vietnamese."""
    browser_context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
    )


@pytest.fixture
def people(live_server: LiveServer) -> dict[str, User]:
    # the live server's tests empty the tables after each test: bring back
    # what the migrations seeded (role groups, themes, the termbase)
    reseed()
    made = {}
    for name, role, languages in [
        ("bien-tap", "editor", []),
        ("dich-gia", "translator", ["en"]),
        ("hieu-dinh", "reviewer", ["en"]),
    ]:
        user = User.objects.create_user(name, password=PASSWORD)
        user.groups.add(Group.objects.get(name=role))
        Profile.objects.create(user=user, languages=languages)
        made[role] = user
    return made


@pytest.fixture
def seed(live_server: LiveServer, seed_path: Path) -> Article:
    """The seed page, freshly ingested."""
    report = ingest([str(seed_path)], enricher=Enricher(entities=False, topics=False))
    assert report.new == 1
    return Article.objects.get()


@pytest.fixture
def memory(live_server: LiveServer) -> None:
    """What the office translated before: the title and lead exactly, and a
    sentence close to the chair's line."""
    rows = [
        ("Thông tin đối ngoại: Đã đáp ứng được yêu cầu hội nhập của Thành phố", SEED_ENGLISH[0]),
        (
            "Phó Chủ tịch Ủy ban Nhân dân TP.Hà Nội Ngô Văn Quý chủ trì hội thảo.",
            "Vice Chairman of the Hanoi People's Committee Ngô Văn Quý chaired the workshop.",
        ),
    ]
    translation.translation_memory().add(
        [Entry(s, t, "vi", "en", author="thu-vien") for s, t in rows]
    )


def sign_in(page: Page, live_server: LiveServer, name: str) -> None:
    page.goto(f"{live_server.url}/office/sign-in/")
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Back office")


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def test_editor_selects_an_ingested_article_and_sends_it_to_translation(
    live_server: LiveServer, page: Page, shot: Shots, people: dict[str, User], seed: Article
) -> None:
    sign_in(page, live_server, "bien-tap")
    page.get_by_role("navigation").get_by_role("link", name="Inbox").click()
    shot("inbox")
    page.get_by_role("link", name=seed.title).click()
    expect(page.get_by_text(seed.raw.sha256)).to_be_visible()
    page.get_by_label("External relations").check()
    page.get_by_label("Culture").check()
    page.get_by_role("button", name="Select").click()
    expect(page.get_by_text("Selected for external information.")).to_be_visible()
    page.get_by_role("button", name="Publish the Vietnamese original").click()
    expect(page.get_by_text("The Vietnamese original is published.")).to_be_visible()
    shot("selected")
    translations = page.get_by_role("region", name="Translations")
    translations.get_by_label("Language").select_option("en")
    page.get_by_role("button", name="Send to translation").click()
    expect(page.locator(".messages")).to_contain_text("into en. Pre-translated: 7 from mt.")
    shot("workbench")
    job = TranslationJob.objects.get(article=seed, target_lang="en")
    assert job.state == "pretranslated"
    assert page.url.endswith(f"/office/jobs/{job.pk}/")
    selection = Selection.objects.get(article=seed)
    assert selection.status == "published"
    assert sorted(selection.themes.values_list("slug", flat=True)) == ["doi-ngoai", "van-hoa"]

    # the editor gives the job a translator, a reviewer and a due date; the
    # translator finds it in "my work"
    due = (timezone.localdate() + timedelta(days=7)).isoformat()
    page.get_by_role("navigation").get_by_role("link", name="Translation jobs").click()
    page.get_by_role("link", name=f"Assign job {job.pk}").click()
    page.get_by_label("Translator (assignee)").select_option(label="dich-gia")
    page.get_by_label("Reviewer").select_option(label="hieu-dinh")
    page.get_by_label("Due date").fill(due)
    page.get_by_role("button", name="Save the assignment").click()
    expect(page.locator(".messages")).to_contain_text(
        f"Job {job.pk}: assignee dich-gia, reviewer hieu-dinh, due date {due}."
    )
    shot("assigned")
    sign_out(page)
    sign_in(page, live_server, "dich-gia")
    page.get_by_role("navigation").get_by_role("link", name="Translation jobs").click()
    page.get_by_role("navigation", name="Back office").get_by_role("link", name="My work").click()
    to_translate = page.get_by_role("region", name="To translate (1)")
    expect(to_translate.get_by_role("link", name=str(job.pk), exact=True)).to_be_visible()
    expect(to_translate).to_contain_text(due)
    shot("my work")


def _prepared_job(seed: Article, editor: User) -> TranslationJob:
    selection = curation.select_article(seed, editor, [Theme.objects.get(slug="doi-ngoai")])
    curation.publish_original(selection, editor)
    job = translation.create_or_refresh_job(seed, "en", user=editor).job
    translation.pretranslate(job, user=editor)
    return TranslationJob.objects.get(pk=job.pk)


def _box(page: Page, position: int) -> Any:
    return page.locator(f"#seg-{position} textarea")


def _said(page: Page) -> Any:
    return page.locator("#save-status")


def test_translator_completes_the_job_with_memory_and_machine_help(
    live_server: LiveServer,
    page: Page,
    shot: Shots,
    people: dict[str, User],
    seed: Article,
    memory: None,
) -> None:
    job = _prepared_job(seed, people["editor"])
    origins = dict(job.segments.values_list("position", "pretranslation_origin"))
    assert origins[0] == "tm" and origins[2] == "tm-fuzzy" and origins[3] == "mt"

    sign_in(page, live_server, "dich-gia")
    page.get_by_role("navigation").get_by_role("link", name="Translation jobs").click()
    page.get_by_role("link", name=str(job.pk), exact=True).click()
    # every segment is on the page; the first one to translate has the focus
    expect(page.locator("ol.segments > li.seg")).to_have_count(7)
    expect(_box(page, 0)).to_be_focused()
    shot("first segment")
    url = page.url
    # segment 0 comes from the memory exactly: keep it (Ctrl+Enter saves, no page load)
    expect(_box(page, 0)).to_have_value(SEED_ENGLISH[0])
    _box(page, 0).press("Control+Enter")
    expect(_said(page)).to_have_text("Segment 0 saved; QA finds nothing.")
    expect(page.locator("#seg-0 [data-role=state]")).to_have_text("translated")
    expect(_box(page, 1)).to_be_focused()
    # segment 1: machine output, rewritten
    _box(page, 1).fill(SEED_ENGLISH[1])
    _box(page, 1).press("Control+Enter")
    expect(_said(page)).to_have_text("Segment 1 saved; QA finds nothing.")
    # segment 2: its help shows a fuzzy match with the differences marked; take it, then edit it
    expect(_box(page, 2)).to_be_focused()
    expect(page.locator("#help")).to_contain_text("Help for segment 2")
    expect(page.locator("#help .matches del").first).to_be_visible()
    expect(page.locator("#help .matches ins").first).to_be_visible()
    shot("fuzzy match")
    page.locator("#help").get_by_role("button", name="Use this match").first.click()
    expect(_box(page, 2)).to_have_value(
        "Vice Chairman of the Hanoi People's Committee Ngô Văn Quý chaired the workshop."
    )
    _box(page, 2).fill(SEED_ENGLISH[2])
    page.locator("#seg-2").get_by_role("button", name="Save and go on").click()
    # segment 3: a slip in a number; its row and its help show the QA error
    expect(_box(page, 3)).to_be_focused()
    _box(page, 3).fill(SEED_ENGLISH[3].replace("after 3 years", "after 5 years"))
    _box(page, 3).press("Control+Enter")
    expect(_said(page)).to_contain_text("Segment 3 saved; QA found")
    expect(page.locator("#seg-3 [data-role=marks] .qa-error").first).to_be_visible()
    expect(page.locator("#help #qa-list .qa-error").first).to_be_visible()
    expect(_box(page, 3)).to_be_focused()  # an error keeps the translator on the segment
    shot("qa error")
    _box(page, 3).fill(SEED_ENGLISH[3])
    _box(page, 3).press("Control+Enter")
    expect(_said(page)).to_have_text("Segment 3 saved; QA finds nothing.")
    # Alt+Up goes back a segment, Alt+Down forward again
    _box(page, 4).press("Alt+ArrowUp")
    expect(_box(page, 3)).to_be_focused()
    _box(page, 3).press("Alt+ArrowDown")
    for position in (4, 5, 6):
        expect(_box(page, position)).to_be_focused()
        _box(page, position).fill(SEED_ENGLISH[position])
        _box(page, position).press("Control+Enter")
        expect(_said(page)).to_have_text(f"Segment {position} saved; QA finds nothing.")
    assert page.url.split("?")[0] == url.split("?")[0]  # no page was loaded meanwhile
    expect(page.locator("#qa-errors")).to_have_text("0")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator("#job-state")).to_have_text("in review")
    shot("submitted")
    job.refresh_from_db()
    assert job.state == "in_review"
    targets = list(job.segments.order_by("position").values_list("target", flat=True))
    assert targets == SEED_ENGLISH
    assert set(Segment.objects.filter(job=job).values_list("updated_by__username", flat=True)) == {
        "dich-gia"
    }


def test_reviewer_approves_editor_publishes_and_the_portal_shows_it(
    live_server: LiveServer,
    page: Page,
    shot: Shots,
    people: dict[str, User],
    seed: Article,
) -> None:
    job = _prepared_job(seed, people["editor"])
    translator = people["translator"]
    for segment in job.segments.order_by("position"):
        translation.save_segment(segment, SEED_ENGLISH[segment.position], translator)
    translation.submit_for_review(TranslationJob.objects.get(pk=job.pk), user=translator)

    sign_in(page, live_server, "hieu-dinh")
    page.goto(f"{live_server.url}/office/jobs/{job.pk}/")
    expect(page.locator("#job-state")).to_have_text("in review")
    page.get_by_role("button", name="Approve").click()
    expect(page.locator("#job-state")).to_have_text("approved")
    expect(page.get_by_role("button", name="Publish the en version")).to_have_count(0)
    shot("approved")
    sign_out(page)

    sign_in(page, live_server, "bien-tap")
    page.goto(f"{live_server.url}/office/jobs/{job.pk}/")
    page.get_by_role("button", name="Publish the en version").click()
    expect(page.locator("#job-state")).to_have_text("published")
    shot("published")

    english = SEED_ENGLISH[0]
    page.goto(f"{live_server.url}/en/article/{seed.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(english)
    assert page.locator("html").get_attribute("lang") == "en"
    shot("english page")
    feed = page.request.get(f"{live_server.url}/en/rss.xml")
    assert feed.ok and english in feed.text()
    sitemap = page.request.get(f"{live_server.url}/sitemap.xml")
    assert sitemap.ok and f"/en/article/{seed.pk}/" in sitemap.text()
