"""``doingoai report`` in every format, each file opened with its own reader
(json, csv, openpyxl, python-docx, pdftotext) and its figures compared with
the generator's record; an empty period, an unknown unit and a bad period
get a clear message and no file."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.contrib.auth.models import User
from django.utils import translation
from docx import Document
from openpyxl import load_workbook

from doingoai.cli import cli
from doingoai.curation.models import Unit
from doingoai.plans.models import Plan, Target
from doingoai.plans.services import save_assessment
from doingoai.reports.evaluation import build_report
from doingoai.reports.periods import parse_period
from tests.reports.generate import Truth, generate

pytestmark = pytest.mark.django_db

ASSESSMENT = "Các đơn vị đã chủ động cung cấp thông tin; bản tiếng Anh còn chậm."
DIRECTIONS = "Tăng cường đội ngũ biên dịch tiếng Anh và tiếng Pháp."


@pytest.fixture
def history() -> Truth:
    truth = generate()
    manager = User.objects.create_user("lanhdao", password="x" * 12)
    plan = Plan.objects.create(
        name="Đề án 2013–2015", kind="programme", start=date(2013, 1, 1), end=date(2015, 12, 31)
    )
    Target.objects.create(
        plan=plan, measure="articles", stage="published", language="en", value=Decimal(1000)
    )
    save_assessment("2015", manager, assessment=ASSESSMENT, directions=DIRECTIONS)
    return truth


def _expected_units(truth: Truth, key: str) -> dict[str, Counter[str]]:
    period = parse_period(key)
    out: dict[str, Counter[str]] = {}
    for stage, day, _, _, unit, _ in truth.events:
        if period.start <= day <= period.end and unit is not None:
            out.setdefault(unit, Counter())[stage] += 1
    return out


def _unit_names() -> dict[str, str]:
    return dict(Unit.objects.values_list("name", "slug"))


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["report", *args])
    return result.exit_code, result.output


def test_json_report_holds_the_figures(history: Truth) -> None:
    code, output = _run("--period", "2015", "--format", "json")
    assert code == 0, output
    data = json.loads(output[output.index("{") :])
    expected = _expected_units(history, "2015")
    got = {slug: Counter(stages) for slug, stages in data["figures"]["by_unit"].items() if slug}
    assert got == expected
    assert data["figures"]["targets"][0]["value"] == 1000.0
    assert data["language"] == "vi"


def _units_table(rows: list[list[str]], stages: list[str]) -> dict[str, Counter[str]]:
    names = _unit_names()
    out: dict[str, Counter[str]] = {}
    for row in rows:
        if row and row[0] in names:
            counts = Counter(
                {
                    s: int(v)
                    for s, v in zip(stages, row[1:], strict=False)
                    if str(v) not in ("", "0")
                }
            )
            if counts:
                out[names[row[0]]] = counts
    return out


STAGES = ["collected", "selected", "translated", "published", "withdrawn", "corrected"]


def test_csv_and_xlsx_tables_equal_the_record(history: Truth, tmp_path: Path) -> None:
    expected = _expected_units(history, "2015")
    code, output = _run("--period", "2015", "--format", "csv", "--out", str(tmp_path / "r.csv"))
    assert code == 0, output
    rows = list(csv.reader(io.StringIO((tmp_path / "r.csv").read_text(encoding="utf-8-sig"))))
    assert _units_table(rows, STAGES) == expected

    code, output = _run("--period", "2015", "--format", "xlsx", "--out", str(tmp_path / "r.xlsx"))
    assert code == 0, output
    book = load_workbook(tmp_path / "r.xlsx")
    sheet_rows = [[c.value for c in r] for r in book["units"].iter_rows(min_row=3)]
    assert (
        _units_table([[str(v) if v is not None else "" for v in r] for r in sheet_rows], STAGES)
        == expected
    )


def test_docx_report_has_the_sections_the_tables_and_the_assessment(
    history: Truth, tmp_path: Path
) -> None:
    target = tmp_path / "bao-cao-2015.docx"
    code, output = _run("--period", "2015", "--format", "docx", "--out", str(target))
    assert code == 0, output
    doc = Document(str(target))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert ASSESSMENT in text and DIRECTIONS in text
    with translation.override("vi"):
        report = build_report(parse_period("2015"), qa=False)
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert [f"{n}. {s.title}" for n, s in enumerate(report.sections, 1)] == [
        h for h in headings if h[:1].isdigit()
    ]
    unit_table = next(
        t for t in doc.tables if t.rows[0].cells[0].text == report.sections[2].tables[0].columns[0]
    )
    rows = [[c.text for c in r.cells] for r in unit_table.rows[1:]]
    assert _units_table(rows, STAGES) == _expected_units(history, "2015")


@pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"
)
def test_pdf_report_reads_back_in_vietnamese(history: Truth, tmp_path: Path) -> None:
    target = tmp_path / "bao-cao-2015.pdf"
    code, output = _run("--period", "2015", "--format", "pdf", "--out", str(target))
    assert code == 0, output
    assert target.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert ASSESSMENT in " ".join(text.split())
    assert "Sở Thông tin và Truyền thông" in text
    expected = _expected_units(history, "2015")
    line = next(x for x in text.splitlines() if x.strip().startswith("UBND quận Hoàn Kiếm"))
    numbers = [int(n) for n in line.split("Kiếm", 1)[1].split()]
    assert numbers == [expected.get("hoan-kiem", Counter())[s] for s in STAGES]


def test_english_on_request(history: Truth) -> None:
    code, output = _run("--period", "2015", "--language", "en", "--format", "json")
    assert code == 0, output
    data = json.loads(output[output.index("{") :])
    assert data["language"] == "en"
    assert data["sections"][1]["title"] == "Results by area"


def test_a_quarter_and_a_unit(history: Truth) -> None:
    code, output = _run("--period", "2015-Q2", "--unit", "hoan-kiem", "--format", "json")
    assert code == 0, output
    data = json.loads(output[output.index("{") :])
    expected = _expected_units(history, "2015-Q2").get("hoan-kiem", Counter())
    assert Counter(data["figures"]["by_unit"].get("hoan-kiem", {})) == expected
    assert set(data["figures"]["by_unit"]) <= {"hoan-kiem"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2030"], "Nothing was recorded in 2030"),
        (["--period", "2015", "--unit", "no-such-unit"], "--unit: unknown unit 'no-such-unit'"),
        (["--period", "2015..2013"], "ends before it starts"),
    ],
)
def test_bad_requests_get_a_message_and_no_file(
    history: Truth, tmp_path: Path, args: list[str], message: str
) -> None:
    target = tmp_path / "r.json"
    result = CliRunner().invoke(cli, ["report", *args, "--out", str(target)])
    assert result.exit_code != 0
    assert message in result.output + str(result.exception or "")
    assert not target.exists()
