"""Journey: a manager (lãnh đạo) signs in, opens the dashboard, filters a
period and a unit, writes the assessment of the period and downloads the
evaluation report; the DOCX, PDF (pdftotext) and XLSX files, opened with
their own readers, hold the figures the dashboard showed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from docx import Document
from openpyxl import load_workbook
from playwright.sync_api import BrowserContext, Page, expect
from pytest_django.live_server_helper import LiveServer

from doingoai.curation.models import Profile
from doingoai.plans.models import Assessment
from tests.e2e.conftest import Shots
from tests.office.conftest import reseed
from tests.reports.generate import generate

PASSWORD = "Hồ Gươm 1428 Lê Lợi trả gươm"
ASSESSMENT = "Quận Hoàn Kiếm đã chủ động cung cấp tin bài về di sản của phố cổ."
UNIT = "UBND quận Hoàn Kiếm"

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
def manager(live_server: LiveServer) -> User:
    reseed()
    generate()
    user = User.objects.create_user("lanh-dao", password=PASSWORD)
    user.groups.add(Group.objects.get_or_create(name="manager")[0])
    Profile.objects.create(user=user, language="en")
    return user


def _row(rows: list[list[str]], name: str) -> list[str]:
    return next(r for r in rows if r and r[0].strip() == name)


def test_manager_reads_the_period_writes_the_assessment_and_downloads_the_report(
    live_server: LiveServer, page: Page, shot: Shots, manager: User, tmp_path: Path
) -> None:
    page.goto(f"{live_server.url}/office/sign-in/")
    page.get_by_label("User name").fill("lanh-dao")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("navigation").get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dashboard")
    shot("dashboard this year")

    page.get_by_label("Period", exact=True).fill("2015")
    page.get_by_label("Unit", exact=True).select_option(label=UNIT)
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard: 2015")
    chart = page.get_by_role(
        "img", name="Units ranked by articles published, against their targets"
    )
    expect(chart).to_be_visible()
    shot("dashboard 2015 Hoan Kiem")
    cells = page.locator("#table-units tbody tr").first.locator("th, td").all_inner_texts()
    assert cells[0] == UNIT
    published, selected = int(cells[1]), int(cells[2])
    assert published + selected > 0

    page.get_by_role("link", name="The evaluation report of this period").click()
    page.get_by_role("textbox", name="Assessment of the period").fill(ASSESSMENT)
    page.get_by_role("textbox", name="Directions for the next period").fill(
        "Giữ nhịp độ cung cấp tin bài."
    )
    page.get_by_role("button", name="Save the assessment").click()
    expect(page.get_by_text("The assessment of 2015 was saved.")).to_be_visible()
    assert Assessment.objects.get(period="2015").assessment == ASSESSMENT
    shot("report with the assessment")

    files: dict[str, Path] = {}
    for fmt in ("DOCX", "PDF", "XLSX"):
        with page.expect_download() as download:
            page.get_by_role("link", name=f"{fmt} in Vietnamese").click()
        target = tmp_path / download.value.suggested_filename
        download.value.save_as(target)
        files[fmt] = target
    assert files["DOCX"].name == "bao-cao-2015-hoan-kiem.docx"

    doc = Document(str(files["DOCX"]))
    assert ASSESSMENT in "\n".join(p.text for p in doc.paragraphs)
    rows = [[c.text for c in r.cells] for t in doc.tables for r in t.rows]
    unit_row = _row(rows, UNIT)
    # columns: unit, collected, selected, translated, published, withdrawn, corrected
    assert (int(unit_row[2]), int(unit_row[4])) == (selected, published)

    book = load_workbook(files["XLSX"])
    sheet_rows = [[str(c.value or "") for c in r] for r in book["units"].iter_rows()]
    unit_row = _row(sheet_rows, UNIT)
    assert (int(unit_row[2]), int(unit_row[4])) == (selected, published)

    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(files["PDF"]), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert ASSESSMENT in " ".join(text.split())
        # the row of the per-unit table: the unit's name, then one count per stage
        rows = [
            x.split("Kiếm", 1)[1].split()
            for x in text.splitlines()
            if x.strip().startswith(UNIT) and len(x.split("Kiếm", 1)[1].split()) == 6
        ]
        numbers = [int(n) for n in rows[0]]
        assert (numbers[1], numbers[3]) == (selected, published)
    else:  # the PDF is at least a PDF with the assessment's words in it
        assert files["PDF"].read_bytes().startswith(b"%PDF")
