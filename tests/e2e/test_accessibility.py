"""Every back-office page passes axe-core's accessibility rules with no
serious or critical violation, in the browser, and fits a tablet's width
without scrolling sideways.

axe-core's script comes inside the ``axe-playwright-python`` wheel (a
development dependency): nothing is downloaded while the tests run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group, User
from django.utils import timezone
from playwright.sync_api import Browser, Page
from pytest_django.live_server_helper import LiveServer

from doingoai.curation import services as curation
from doingoai.curation.models import Profile, Theme, Unit
from doingoai.enrich.enricher import Enricher
from doingoai.office.models import CollectionRun, Source
from doingoai.office.submissions import submit_item
from doingoai.store.ingest import ingest
from doingoai.store.models import Article
from doingoai.translation import services as translation
from doingoai.translation.models import TranslationJob
from tests.e2e.conftest import ARTIFACTS, TIMEOUT_MS, Shots
from tests.e2e.office_screens import screen_objects, screen_paths
from tests.office.conftest import reseed

PASSWORD = "Hoàng thành Thăng Long 1010"
#: what fails the check (axe's impacts: minor, moderate, serious, critical)
FAILING = {"serious", "critical"}
LAPTOP = {"width": 1366, "height": 800}
TABLET = {"width": 820, "height": 1180}  # a tablet held upright

pytestmark = pytest.mark.slow


@dataclass
class Office:
    """A small working office: people of every role, collected articles, a
    job, a source with a run, a submission, the seed selected and published."""

    seed: Article
    job: TranslationJob
    run: CollectionRun
    unit: Unit
    #: the ids of the objects the screens show (see office_screens.screen_objects)
    ids: dict[str, int]


def make_people() -> dict[str, User]:
    made: dict[str, User] = {}
    unit = Unit.objects.get_or_create(
        slug="so-tttt", defaults={"name": "Sở Thông tin và Truyền thông Hà Nội"}
    )[0]
    for name, role, languages in [
        ("quan-tri", "administrator", []),
        ("bien-tap", "editor", []),
        ("dich-gia", "translator", ["en"]),
        ("hieu-dinh", "reviewer", ["en"]),
        ("don-vi", "unit contributor", []),
    ]:
        user = User.objects.create_user(name, password=PASSWORD)
        user.groups.add(Group.objects.get(name=role))
        if role == "administrator":
            user.is_staff = True
            user.is_superuser = True
            user.save()
        Profile.objects.create(
            user=user, languages=languages, unit=unit if role == "unit contributor" else None
        )
        made[role] = user
    return made


def build_office(shared_data: Path, people: dict[str, User]) -> Office:
    reseed()
    pages = shared_data / "extraction" / "vn-news" / "html"
    sources = [
        str(shared_data / "seed" / "000_e22b331b8597d28b.txt"),
        *(str(pages / f"{name}_article.html") for name in ("vnexpress", "dantri", "tuoitre")),
    ]
    ingest(sources, enricher=Enricher(entities=True, topics=True), workers=1)
    seed = Article.objects.get(raw__source=sources[0])
    editor = people["editor"]
    unit = Unit.objects.get(slug="so-tttt")
    selection = curation.select_article(
        seed, editor, [Theme.objects.get(slug="doi-ngoai")], unit=unit
    )
    curation.publish_original(selection, editor)
    job = translation.create_or_refresh_job(seed, "en", user=editor).job
    translation.pretranslate(job, user=editor)
    translation.assign(
        job,
        assignee=people["translator"],
        reviewer=people["reviewer"],
        due_date=timezone.localdate() + timedelta(days=5),
        user=editor,
    )
    source = Source.objects.create(name="Hà Nội Mới", url="https://hanoimoi.vn/rss")
    run = CollectionRun.objects.create(source=source, requested_by=editor)
    submit_item(
        people["unit contributor"],
        title="Quận Hoàn Kiếm giới thiệu phố cổ với bạn bè quốc tế",
        lead="Quận tổ chức tuần lễ văn hóa cho khách nước ngoài.",
        body="Tuần lễ có triển lãm ảnh và biểu diễn nghệ thuật truyền thống.",
        unit=unit,
        enricher=Enricher(entities=False, topics=False),
    )
    ids = screen_objects(
        article=seed,
        job=job,
        run=run,
        unit=unit,
        editor=editor,
        administrator=people["administrator"],
    )
    return Office(seed=seed, job=TranslationJob.objects.get(pk=job.pk), run=run, unit=unit, ids=ids)


def office_pages(office: Office) -> list[tuple[str, str]]:
    """(name, path) of every page of the back office, as an administrator sees them."""
    return screen_paths(office.ids)


def sign_in(page: Page, live_server: LiveServer, name: str) -> None:
    page.goto(f"{live_server.url}/office/sign-in/")
    page.locator("#username").fill(name)
    page.locator("#password").fill(PASSWORD)
    page.locator("form.narrow button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/office/")


def serious_violations(page: Page, axe: Axe) -> list[str]:
    """axe-core's serious and critical findings on the page, one line each."""
    results = axe.run(page)
    found = []
    for violation in results.response["violations"]:
        if violation.get("impact") in FAILING:
            targets = [", ".join(map(str, n.get("target", []))) for n in violation["nodes"][:5]]
            found.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']} — {targets}"
            )
    return found


def overflow(page: Page) -> int:
    """How many pixels the page is wider than the window (0: no sideways scrolling)."""
    width = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    return int(width)


@pytest.fixture
def office(
    live_server: LiveServer, shared_data: Path, settings: Any
) -> tuple[Office, dict[str, User]]:
    settings.PASSWORD_HASHERS = ["tests.office.conftest.QuickArgon2"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    reseed()
    people = make_people()
    return build_office(shared_data, people), people


def test_every_office_page_passes_axe_and_fits_the_screen(
    browser: Browser,
    live_server: LiveServer,
    office: tuple[Office, dict[str, User]],
) -> None:
    """Each page is checked at a laptop's size, then, in the same window made
    a tablet's, checked again and measured for sideways scrolling."""
    built, _people = office
    context = browser.new_context(viewport=LAPTOP, locale="vi-VN")  # type: ignore[arg-type]
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    shots = {
        size: Shots(ARTIFACTS / f"accessibility-{size}", page) for size in ("laptop", "tablet")
    }
    axe = Axe()
    problems: dict[str, list[str]] = {}
    wide: dict[str, int] = {}

    def check(name: str) -> None:
        """axe at both sizes; the tablet's overflow; a screenshot of each."""
        page.set_viewport_size(LAPTOP)  # type: ignore[arg-type]
        problems[f"{name} (laptop)"] = serious_violations(page, axe)
        shots["laptop"](name)
        page.set_viewport_size(TABLET)  # type: ignore[arg-type]
        problems[f"{name} (tablet)"] = serious_violations(page, axe)
        wide[name] = overflow(page)
        shots["tablet"](name)

    try:
        # the sign-in page, before anyone is signed in
        page.goto(f"{live_server.url}/office/sign-in/")
        check("sign-in")
        sign_in(page, live_server, "quan-tri")
        for name, path in office_pages(built):
            response = page.goto(f"{live_server.url}{path}")
            assert response is not None and response.status == 200, (name, path)
            check(name)
        # what a translator sees: the job's article read-only, a page refused
        context.clear_cookies()
        sign_in(page, live_server, "dich-gia")
        page.goto(f"{live_server.url}/office/articles/{built.seed.pk}/")
        check("article read-only")
        page.goto(f"{live_server.url}/office/inbox/")
        check("refused")
    finally:
        context.close()
    failing = {name: found for name, found in problems.items() if found}
    assert failing == {}, "\n".join(f"{n}: {f}" for n, found in failing.items() for f in found)
    assert {name: px for name, px in wide.items() if px > 0} == {}
