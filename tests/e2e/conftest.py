"""Browser tests: Debian's chromium driven by Playwright (its Python package;
no browser download) against pytest-django's live server.

A journey is a test module ``tests/e2e/test_<journey>.py``::

    def test_reader_opens_article(live_server, page, shot):
        page.goto(f"{live_server.url}/vi/")
        shot("home")                     # test-artifacts/<test>/01-home.png
        page.get_by_role("link", name="…").click()
        shot("article")                  # test-artifacts/<test>/02-article.png

``live_server`` serves the test database (it implies ``transactional_db``:
data created in the test is visible to the server thread and removed
afterwards; the rows the migrations seed are restored before each test). One chromium runs for all the browser tests; each test gets a
fresh context (cookies, storage) and page, and a last screenshot
``NN-end.png`` is taken when the test ends, passed or failed. Without
/usr/bin/chromium (``make system-packages`` installs it) the tests are skipped.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from tests._ci import in_ci
from tests.pg_server import default_on_postgres

CHROMIUM = Path("/usr/bin/chromium")
# The pass with the default database on PostgreSQL (``make test-postgres``, run
# beside the SQLite pass) keeps its screenshots apart: each test empties its folder.
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
if default_on_postgres():
    ARTIFACTS = ARTIFACTS / "postgres"
# A quiet, self-contained browser: nothing fetched from outside, no first-run UI.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000
_SHOT_ATTEMPTS = 3
_SHOT_PAUSE_MS = 500

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without chromium the browser tests are skipped, saying how to get it
    (under CI=true the run stops instead)."""
    mine = [item for item in items if HERE in item.path.parents]
    if CHROMIUM.exists() or not mine:
        return
    if in_ci():
        raise pytest.UsageError(
            f"{CHROMIUM} is missing: `make system-packages` installs Debian's chromium"
        )
    skip = pytest.mark.skip(
        reason=f"{CHROMIUM} is missing: `make system-packages` installs Debian's chromium"
    )
    for item in mine:
        item.add_marker(skip)


@pytest.fixture(autouse=True)
def _seeded_rows(django_db_serialized_rollback: None) -> None:
    """The live server needs a transactional database, flushed after each test;
    with the rows the migrations seed (themes, role groups, termbase) serialised
    when the test database is made and restored before each browser test."""


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """One headless chromium for every browser test.

    While Playwright runs, its event loop runs in this thread, and Django refuses
    database calls from a thread with a running loop; the tests and the live
    server use the database synchronously, so the check is lifted for as long as
    the browser runs (package scope: the loop stops after the last browser test,
    and browser tests run together, after the other database tests).
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # Starting Playwright switches this thread to another context, where Django's
    # context-local connections would be new ones, without the state the test
    # database set-up gave them (the serialised rows restored after a flush):
    # keep using the same connection objects.
    kept = {alias: connections[alias] for alias in connections}
    playwright = sync_playwright().start()
    for alias, connection in kept.items():
        connections[alias] = connection
    try:
        # Playwright gives every launch a fresh temporary profile directory.
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def browser_context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh context per test: no cookies or storage carried over."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context
    finally:
        context.close()


class Shots:
    """Saves numbered screenshots of a test under test-artifacts/<test name>/."""

    def __init__(self, folder: Path, page: Page) -> None:
        self.folder = folder
        self.page = page
        self.count = 0

    def __call__(self, label: str | Page, page_label: str | None = None) -> Path:
        """``shot("label")`` for the test's page, ``shot(other_page, "label")`` for another."""
        page = self.page
        if isinstance(label, str):
            name = label
        else:
            page, name = label, page_label or "page"
        self.count += 1
        slug = re.sub(r"[^\w.-]+", "-", name).strip("-") or "page"
        path = self.folder / f"{self.count:02d}-{slug}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        for attempt in range(_SHOT_ATTEMPTS):
            try:
                page.screenshot(path=str(path), full_page=True)
                break
            except PlaywrightError as err:
                # chromium on a loaded machine may answer "Unable to capture
                # screenshot" once; a page that is gone fails every attempt
                if "Unable to capture screenshot" not in str(err) or attempt == _SHOT_ATTEMPTS - 1:
                    raise
                page.wait_for_timeout(_SHOT_PAUSE_MS)
        return path


@pytest.fixture
def page(browser_context: BrowserContext, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A page of a fresh context; its last state is saved as ``NN-end.png``."""
    page = browser_context.new_page()
    yield page
    shots = _shots_of(request, page)
    if not page.is_closed():
        try:
            shots("end")
        except Exception as err:  # a crashed page must not hide the test's own result
            print(f"no end screenshot: {err}")


def _shots_of(request: pytest.FixtureRequest, page: Page) -> Shots:
    node = request.node
    existing = node.stash.get(_SHOTS, None)
    if existing is None:
        folder = ARTIFACTS / re.sub(r"[^\w.-]+", "-", node.name).strip("-")
        shutil.rmtree(folder, ignore_errors=True)
        existing = Shots(folder, page)
        node.stash[_SHOTS] = existing
    return existing


_SHOTS = pytest.StashKey[Shots]()


@pytest.fixture
def shot(page: Page, request: pytest.FixtureRequest) -> Shots:
    """Takes a numbered screenshot: ``shot("label")`` or ``shot(page, "label")``."""
    return _shots_of(request, page)
