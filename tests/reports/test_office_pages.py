"""The office's dashboard, report and plan pages: charts with titles and
their numbers in a table, filters, who may read and write what, the
manager's assessment, downloads, and plans edited and imported with clear
messages when something is wrong."""

from __future__ import annotations

import io
import re
from collections import Counter
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from docx import Document
from openpyxl import Workbook

from doingoai.curation.models import AuditLog, Profile, Unit
from doingoai.plans.models import Assessment, Plan
from doingoai.reports.periods import parse_period
from tests.reports.generate import Truth, generate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def truth() -> Truth:
    return generate()


def person(name: str, role: str, unit: str | None = None) -> Client:
    user = User.objects.create_user(name, password="x" * 12)
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    Profile.objects.create(
        user=user, unit=Unit.objects.get(slug=unit) if unit else None, language="en"
    )
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _table(html: str, table_id: str) -> list[list[str]]:
    body = html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([re.sub(r"<[^>]+>", "", c).strip() for c in cells])
    return rows


def _published_by_unit(truth: Truth, key: str) -> Counter[str]:
    period = parse_period(key)
    return Counter(
        e[4]
        for e in truth.events
        if e[0] == "published" and e[4] and period.start <= e[1] <= period.end
    )


def test_the_dashboard_draws_charts_with_their_numbers_beside(truth: Truth) -> None:
    client = person("lanhdao", "manager")
    html = client.get("/office/dashboard/?period=2015").content.decode()
    assert html.count("<svg") == 7
    assert html.count('role="img"') == 7 and "<title id=" in html and "<desc id=" in html
    names = dict(Unit.objects.values_list("name", "slug"))
    rows = _table(html, "table-units")
    got = {names[r[0]]: int(r[1]) for r in rows[1:] if r[0] in names and int(r[1])}
    assert got == dict(_published_by_unit(truth, "2015"))


def test_filters_narrow_the_dashboard(truth: Truth) -> None:
    client = person("lanhdao", "manager")
    html = client.get("/office/dashboard/?period=2015-Q2&unit=hoan-kiem").content.decode()
    rows = _table(html, "table-units")
    expected = _published_by_unit(truth, "2015-Q2")["hoan-kiem"]
    listed = {r[0]: int(r[1]) for r in rows[1:] if len(r) > 1 and r[1].isdigit()}
    assert listed.get("UBND quận Hoàn Kiếm", 0) == expected
    assert set(listed) <= {"UBND quận Hoàn Kiếm"}


def test_a_bad_period_gets_a_message_not_an_error(truth: Truth) -> None:
    client = person("lanhdao", "manager")
    response = client.get("/office/dashboard/?period=2015..2013")
    assert response.status_code == 200
    assert "ends before it starts" in response.content.decode()


def test_a_unit_contributor_sees_only_their_unit(truth: Truth) -> None:
    client = person("quan", "unit contributor", unit="hoan-kiem")
    html = client.get("/office/dashboard/?period=2015&unit=so-tttt").content.decode()
    rows = _table(html, "table-units")
    assert {r[0] for r in rows[1:] if len(r) > 1} <= {"UBND quận Hoàn Kiếm"}
    assert 'value="so-tttt"' not in html


def test_a_translator_may_not_read_reports(truth: Truth) -> None:
    client = person("dich", "translator")
    assert client.get("/office/dashboard/").status_code == 403
    assert client.get("/office/report/").status_code == 403


def test_the_manager_writes_the_assessment_and_downloads_the_report(truth: Truth) -> None:
    client = person("lanhdao", "manager")
    response = client.post(
        "/office/report/?period=2015",
        {
            "assessment": "Kết quả tốt.\n\nCòn chậm ở tiếng Pháp.",
            "directions": "Tuyển thêm người dịch.",
        },
    )
    assert response.status_code == 302
    written = Assessment.objects.get(period="2015", unit=None)
    assert written.directions == "Tuyển thêm người dịch."
    assert AuditLog.objects.filter(action="write-assessment").count() == 1
    page = client.get("/office/report/?period=2015").content.decode()
    assert "Còn chậm ở tiếng Pháp." in page
    docx = client.get("/office/report/docx/?period=2015&language_of_report=vi")
    assert docx["Content-Disposition"] == 'attachment; filename="bao-cao-2015.docx"'
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "Còn chậm ở tiếng Pháp." in text and "Tuyển thêm người dịch." in text


def test_only_a_manager_writes_the_assessment(truth: Truth) -> None:
    client = person("bientap", "editor")
    assert client.get("/office/report/?period=2015").status_code == 200
    response = client.post("/office/report/?period=2015", {"assessment": "x", "directions": "y"})
    assert response.status_code == 403
    assert not Assessment.objects.exists()


def _plan_form(**extra: str) -> dict[str, str]:
    data = {
        "name": "Kế hoạch 2016",
        "kind": "year",
        "start": "2016-01-01",
        "end": "2016-12-31",
        "lead_unit": "",
        "description": "",
        "t-TOTAL_FORMS": "2",
        "t-INITIAL_FORMS": "0",
        "t-MIN_NUM_FORMS": "0",
        "t-MAX_NUM_FORMS": "1000",
        "t-0-measure": "articles",
        "t-0-stage": "published",
        "t-0-unit": "hoan-kiem",
        "t-0-theme": "",
        "t-0-language": "en",
        "t-0-value": "40",
        "t-0-note": "",
        "t-1-measure": "turnaround_days",
        "t-1-stage": "",
        "t-1-unit": "",
        "t-1-theme": "",
        "t-1-language": "en",
        "t-1-value": "10",
        "t-1-note": "",
    }
    data.update(extra)
    return data


def test_a_manager_creates_a_plan_in_the_office(truth: Truth) -> None:
    client = person("lanhdao", "manager")
    response = client.post("/office/plans/new/", _plan_form())
    assert response.status_code == 302
    plan = Plan.objects.get(name="Kế hoạch 2016")
    assert plan.targets.count() == 2
    listing = client.get("/office/plans/").content.decode()
    assert "Kế hoạch 2016" in listing


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"end": "2015-12-31"}, "ends (2015-12-31) before it starts"),
        (
            {"t-1-stage": "published"},
            "target 2: the measure &#x27;turnaround_days&#x27; takes no stage",
        ),
    ],
)
def test_a_wrong_plan_form_is_refused_with_the_message(
    truth: Truth, extra: dict[str, str], message: str
) -> None:
    client = person("lanhdao", "manager")
    response = client.post("/office/plans/new/", _plan_form(**extra), follow=True)
    assert message in response.content.decode()
    assert not Plan.objects.exists()


def test_a_wrong_workbook_is_refused_in_the_office(truth: Truth) -> None:
    client = person("lanhdao", "manager")
    book = Workbook()
    out = io.BytesIO()
    book.save(out)
    upload = io.BytesIO(out.getvalue())
    upload.name = "ke-hoach.xlsx"
    response = client.post("/office/plans/import/", {"workbook": upload}, follow=True)
    assert "ke-hoach.xlsx: no sheet &#x27;Plan&#x27;" in response.content.decode()
    assert not Plan.objects.exists()


def test_an_editor_reads_plans_but_cannot_edit_them(truth: Truth) -> None:
    client = person("bientap", "editor")
    assert client.get("/office/plans/").status_code == 200
    assert client.post("/office/plans/new/", _plan_form()).status_code == 403
    assert not Plan.objects.exists()


@pytest.fixture
def immediate_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_a_long_period_is_made_in_the_background_with_its_progress(
    truth: Truth, immediate_tasks: None, django_capture_on_commit_callbacks: Any
) -> None:
    from doingoai.reports.models import ReportRun

    client = person("lanhdao", "manager")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/office/report/runs/?period=2014..2016",
            {"format": "docx", "language_of_report": "vi"},
        )
    run = ReportRun.objects.get()
    assert response["Location"] == f"/office/report/runs/{run.pk}/"
    assert run.state == "done" and run.percent == 100
    status = client.get(f"/office/report/runs/{run.pk}/").content.decode()
    assert 'value="100"' in status and "bao-cao-2014-2016.docx" in status
    download = client.get(f"/office/report/runs/{run.pk}/file/")
    names = dict(Unit.objects.values_list("name", "slug"))
    doc = Document(io.BytesIO(download.content))
    rows = [[c.text for c in r.cells] for t in doc.tables for r in t.rows]
    got = {names[r[0]]: int(r[4]) for r in rows if r and r[0] in names and len(r) == 7}
    expected = _published_by_unit(truth, "2014..2016")
    assert {k: v for k, v in got.items() if v} == dict(expected)
    assert AuditLog.objects.filter(action="queue-report").count() == 1


def test_a_queued_report_shows_that_it_waits(truth: Truth) -> None:
    from doingoai.reports.background import enqueue_report

    run = enqueue_report("2015", fmt="pdf", language="en", unit=None, user=None)
    client = person("lanhdao", "manager")
    page = client.get(f"/office/report/runs/{run.pk}/").content.decode()
    assert 'http-equiv="refresh"' in page and 'value="0"' in page
    assert client.get(f"/office/report/runs/{run.pk}/file/").status_code == 302
    other = person("quan", "unit contributor", unit="hoan-kiem")
    assert other.get(f"/office/report/runs/{run.pk}/").status_code == 403
