"""The whole office in Vietnamese (a vi-VN browser), every screen on the way,
screenshots in test-artifacts/test_office_in_vietnamese_from_inbox_to_portal/:

an editor searches the inbox without accents, narrows it by a person the
articles name, selects the seed under the theme its topic suggests,
publishes the original, sends it to English translation (no machine engine
is set up: the workbench says so) and assigns it; looks at the sources, a
collection run and the submissions. The translator opens the article
(read-only), translates every segment without a page load, saves one with
JavaScript off, and submits with a QA error confirmed; the reviewer sees
it, corrects it and approves; the editor publishes. A unit contributor
submits an item; the administrator then opens every screen of the office
(``office_screens.SCREENS``: plans, reports, units, reference pages, facts,
corrections, notifications, history, the admin…), each in Vietnamese.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from doingoai.curation.models import Unit
from doingoai.enrich.enricher import Enricher
from doingoai.office.models import CollectionRun, Source
from doingoai.store.ingest import ingest
from doingoai.store.models import Article
from doingoai.translation.models import TranslationJob
from tests.e2e.conftest import TIMEOUT_MS, Shots
from tests.e2e.office_screens import screen_objects, screen_paths
from tests.e2e.test_accessibility import PASSWORD, make_people
from tests.office.conftest import reseed
from tests.translation.conftest import SEED_ENGLISH

pytestmark = pytest.mark.slow


def _empty_memory() -> None:
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in ("tm_posting", "tm_entry"):
            if table in tables:
                cursor.execute(f"DELETE FROM {table}")


@pytest.fixture(autouse=True)
def memory_emptied(live_server: LiveServer) -> Iterator[None]:
    """The translation memory's tables are not models: the flush after a
    browser test leaves them. The journey starts with an empty memory (an
    earlier approval would pre-translate the seed) and empties what its own
    approval adds."""
    _empty_memory()
    yield
    _empty_memory()


@pytest.fixture
def world(live_server: LiveServer, shared_data: Path, settings: Any) -> dict[str, Any]:
    settings.PASSWORD_HASHERS = ["tests.office.conftest.QuickArgon2"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    reseed()
    people = make_people()
    pages = shared_data / "extraction" / "vn-news" / "html"
    seed_file = str(shared_data / "seed" / "000_e22b331b8597d28b.txt")
    ingest(
        [seed_file, str(pages / "vnexpress_article.html"), str(pages / "dantri_article.html")],
        enricher=Enricher(entities=True, topics=True),
        workers=1,
    )
    source = Source.objects.create(name="Hà Nội Mới", url="https://hanoimoi.vn/rss")
    run = CollectionRun.objects.create(source=source, requested_by=people["editor"])
    return {"people": people, "seed": Article.objects.get(raw__source=seed_file), "run": run}


def sign_in(page: Page, live_server: LiveServer, name: str) -> None:
    page.goto(f"{live_server.url}/office/sign-in/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.get_by_label("Tên đăng nhập").fill(name)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.locator("form.narrow").get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.locator("form.narrow")).to_be_visible()


def box(page: Page, position: int) -> Any:
    return page.locator(f"#seg-{position} textarea")


def test_office_in_vietnamese_from_inbox_to_portal(
    live_server: LiveServer,
    browser: Browser,
    page: Page,
    shot: Shots,
    world: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DOINGOAI_MT_ENGINE", raising=False)  # no machine engine set up
    seed: Article = world["seed"]
    base = live_server.url

    # -- the editor ---------------------------------------------------------
    page.goto(f"{base}/office/sign-in/")
    shot("sign in")
    sign_in(page, live_server, "bien-tap")
    shot("home")
    page.get_by_role("navigation").get_by_role("link", name="Hộp thư đến").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hộp thư đến")
    shot("inbox")
    page.get_by_label("Tìm bài viết").fill("doi ngoai")
    page.get_by_label("Tìm bài viết").press("Enter")
    results = page.locator("section.results tbody tr")
    expect(results.first).to_contain_text(seed.title)
    shot("inbox search")
    # narrow by a person the article names: the facet counts it
    person = page.locator("aside.facets").get_by_role("link", name="Ngô Văn Quý")
    expect(person).to_be_visible()
    person.click()
    expect(page.locator("aside.facets a.chosen")).to_have_text("Ngô Văn Quý")
    expect(results).to_have_count(1)
    shot("inbox by person")
    page.get_by_role("link", name=seed.title).click()
    # the seed's topic (Chính trị – Xã hội) ticks the theme it suggests
    expect(page.get_by_text("Chính trị – Xã hội").first).to_be_visible()
    expect(page.get_by_role("checkbox", name="Con người")).to_be_checked()
    page.get_by_role("checkbox", name="Đối ngoại").check()
    shot("article")
    page.get_by_role("button", name="Chọn bài").click()
    expect(page.locator(".messages")).to_contain_text("Đã chọn cho thông tin đối ngoại.")
    page.get_by_role("button", name="Xuất bản bản gốc tiếng Việt").click()
    page.locator("form[action$='/translate/'] select").select_option("en")
    page.get_by_role("button", name="Chuyển dịch").click()
    job = TranslationJob.objects.get(article=seed, target_lang="en")
    expect(page.locator("#job-state")).to_be_visible()
    # no engine set up: the workbench says so, and no "[en] …" text waits in the boxes
    expect(page.locator("main .notice").first).to_contain_text("DOINGOAI_MT_ENGINE")
    assert set(job.segments.values_list("target", flat=True)) == {""}
    shot("workbench, no engine")
    page.get_by_role("link", name="Phân công").click()
    page.get_by_label("Người dịch (người được giao)").select_option(label="dich-gia")
    page.get_by_label("Người duyệt").select_option(label="hieu-dinh")
    page.get_by_label("Hạn hoàn thành").fill((timezone.localdate() + timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Lưu phân công").click()
    shot("assigned")
    page.get_by_role("navigation").get_by_role("link", name="Nhiệm vụ dịch").click()
    shot("jobs")
    page.get_by_role("navigation").get_by_role("link", name="Nguồn tin").click()
    shot("sources")
    page.goto(f"{base}/office/runs/{world['run'].pk}/")
    shot("collection run")
    page.get_by_role("navigation").get_by_role("link", name="Bài gửi").click()
    shot("submissions")
    sign_out(page)

    # -- the translator -----------------------------------------------------
    sign_in(page, live_server, "dich-gia")
    page.get_by_role("navigation").get_by_role("link", name="Việc của tôi").click()
    shot("my work")
    page.goto(f"{base}/office/jobs/{job.pk}/")
    expect(page.locator("ol.segments > li.seg")).to_have_count(len(SEED_ENGLISH))
    page.get_by_role("link", name="Bài viết gốc").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(seed.title)
    expect(page.locator("form[action$='/select/']")).to_have_count(0)
    shot("article read-only")
    page.go_back()
    shot("workbench")
    last = len(SEED_ENGLISH) - 1
    for position, text in enumerate(SEED_ENGLISH[:last]):
        typed = text.replace("after 3 years", "after 5 years") if position == 3 else text
        box(page, position).fill(typed)
        box(page, position).press("Control+Enter")
        expect(page.locator(f"#seg-{position} [data-role=state]")).to_have_text(
            "đã dịch", timeout=TIMEOUT_MS
        )
    expect(page.locator("#seg-3 [data-role=marks] .qa-error").first).to_be_visible()
    shot("qa error")
    # the last segment with JavaScript off: the plain form still saves it
    plain = browser.new_context(java_script_enabled=False, locale="vi-VN")
    plain.set_default_timeout(TIMEOUT_MS)
    nojs = plain.new_page()
    try:
        sign_in(nojs, live_server, "dich-gia")
        nojs.goto(f"{base}/office/jobs/{job.pk}/?seg={last}")
        nojs.locator("#id_target").fill(SEED_ENGLISH[last])
        nojs.locator("#segment-form").get_by_role("button", name="Lưu và tiếp tục").click()
        expect(nojs.locator(".messages")).to_contain_text(str(last))
        shot(nojs, "saved without javascript")
    finally:
        plain.close()
    page.reload()
    page.get_by_role("button", name="Gửi duyệt").click()
    assert TranslationJob.objects.get(pk=job.pk).state == "in_translation"
    expect(page.locator(".messages .msg-error")).to_be_visible()
    shot("submit refused")
    page.locator("#confirm-qa").check()
    page.get_by_role("button", name="Gửi duyệt").click()
    expect(page.locator("#job-state")).to_have_attribute("data-state", "in_review")
    shot("submitted")
    sign_out(page)

    # -- the reviewer ------------------------------------------------------
    sign_in(page, live_server, "hieu-dinh")
    page.goto(f"{base}/office/jobs/{job.pk}/")
    confirmed = page.locator("section.qa-confirmed")
    expect(confirmed.locator('a[href="?seg=3#help"]')).to_be_visible()
    shot("review")
    box(page, 3).fill(SEED_ENGLISH[3])
    box(page, 3).press("Control+Enter")
    expect(page.locator("#qa-errors")).to_have_text("0")
    page.get_by_role("button", name="Duyệt").click()
    expect(page.locator("#job-state")).to_have_attribute("data-state", "approved")
    shot("approved")
    sign_out(page)

    # -- the editor publishes ---------------------------------------------
    sign_in(page, live_server, "bien-tap")
    page.goto(f"{base}/office/jobs/{job.pk}/")
    page.get_by_role("button", name="Xuất bản bản tiếng en").click()
    expect(page.locator("#job-state")).to_have_attribute("data-state", "published")
    shot("published")
    sign_out(page)

    # -- a unit contributor and the administrator ---------------------------
    sign_in(page, live_server, "don-vi")
    page.goto(f"{base}/office/submissions/new/")
    shot("new submission")
    sign_out(page)
    sign_in(page, live_server, "quan-tri")
    # every screen of the office (office_screens.SCREENS), in Vietnamese
    ids = screen_objects(
        article=seed,
        job=job,
        run=world["run"],
        unit=Unit.objects.get(slug="so-tttt"),
        editor=world["people"]["editor"],
        administrator=world["people"]["administrator"],
    )
    for name, path in screen_paths(ids):
        response = page.goto(f"{base}{path}")
        assert response is not None and response.status == 200, path
        expect(page.locator("html")).to_have_attribute("lang", "vi")
        expect(page.get_by_role("heading", level=1).first).to_be_visible()
        shot(name)
    english = page.request.get(f"{base}/en/article/{seed.pk}/")
    assert english.ok and SEED_ENGLISH[0] in english.text()
    assert User.objects.filter(username="dich-gia").exists()
