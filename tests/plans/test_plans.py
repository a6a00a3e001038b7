"""Plans and targets: created, edited and refused with a clear message when
the period is wrong, plans overlap, a target names a merged or deleted unit;
XLSX export and import, with wrong columns or formulas refused and nothing
stored lost."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from openpyxl import Workbook, load_workbook

from doingoai.curation.models import AuditLog, Unit
from doingoai.curation.services import CurationError
from doingoai.curation.units import delete_unit, merge_units
from doingoai.plans.models import Plan, Target
from doingoai.plans.services import (
    PlanError,
    TargetSpec,
    create_plan,
    delete_plan,
    plan_problems,
    set_targets,
    update_plan,
)
from doingoai.plans.spreadsheet import COLUMNS, export_plan, import_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager() -> User:
    return User.objects.create_user("lanhdao", password="x" * 12)


@pytest.fixture
def units() -> dict[str, Unit]:
    return {
        slug: Unit.objects.create(name=name, slug=slug, kind=kind)
        for slug, name, kind in [
            ("so-tttt", "Sở Thông tin và Truyền thông", "department"),
            ("hoan-kiem", "UBND quận Hoàn Kiếm", "district"),
            ("hanoimoi", "Báo Hà Nội Mới", "press"),
        ]
    }


@pytest.fixture
def programme(manager: User, units: dict[str, Unit]) -> Plan:
    plan = create_plan(
        name="Đề án thông tin đối ngoại 2013–2015",
        kind="programme",
        start=date(2013, 1, 1),
        end=date(2015, 12, 31),
        lead_unit=units["so-tttt"],
        actor=manager,
    )
    set_targets(
        plan,
        [
            TargetSpec("articles", 300, stage="published", language="en"),
            TargetSpec("articles", 120, stage="selected", unit="hoan-kiem"),
            TargetSpec("turnaround_days", 7, language="en"),
            TargetSpec("qa_error_share", 5),
        ],
        manager,
    )
    return plan


def test_a_plan_with_targets_is_stored_and_logged(programme: Plan) -> None:
    assert programme.targets.count() == 4
    selected = programme.targets.get(stage="selected")
    assert selected.unit is not None and selected.unit.slug == "hoan-kiem"
    assert selected.value == Decimal(120)
    actions = list(
        AuditLog.objects.filter(object_type="plans.plan").values_list("action", flat=True)
    )
    assert sorted(actions) == ["create-plan", "set-targets"]


@pytest.mark.parametrize(
    ("kind", "start", "end", "message"),
    [
        ("year", date(2016, 12, 31), date(2016, 1, 1), "ends (2016-01-01) before it starts"),
        ("year", date(2016, 1, 1), date(2016, 6, 30), "1 January to 31 December"),
        ("quarter", date(2016, 2, 1), date(2016, 4, 30), "last day of a quarter"),
        ("programme", date(2016, 1, 1), date(2016, 12, 31), "spans several years"),
        ("decade", date(2016, 1, 1), date(2025, 12, 31), "unknown period 'decade'"),
    ],
)
def test_a_wrong_period_is_refused(
    manager: User, kind: str, start: date, end: date, message: str
) -> None:
    with pytest.raises(PlanError, match=re.escape(message)) as err:
        create_plan(name="Kế hoạch", kind=kind, start=start, end=end, actor=manager)
    assert "'Kế hoạch'" in str(err.value)
    assert not Plan.objects.exists()


def test_overlapping_plans_of_one_kind_and_unit_are_refused(
    programme: Plan, manager: User, units: dict[str, Unit]
) -> None:
    with pytest.raises(PlanError, match="overlaps the plan 'Đề án thông tin đối ngoại 2013–2015'"):
        create_plan(
            name="Đề án 2015–2017",
            kind="programme",
            start=date(2015, 1, 1),
            end=date(2017, 12, 31),
            lead_unit=units["so-tttt"],
            actor=manager,
        )
    # a year plan inside the programme, and another unit's programme, are fine
    year = create_plan(
        name="Kế hoạch 2015",
        kind="year",
        start=date(2015, 1, 1),
        end=date(2015, 12, 31),
        lead_unit=units["so-tttt"],
        actor=manager,
    )
    create_plan(
        name="Đề án của quận",
        kind="programme",
        start=date(2014, 1, 1),
        end=date(2016, 12, 31),
        lead_unit=units["hoan-kiem"],
        actor=manager,
    )
    with pytest.raises(PlanError, match=r"ends .* before it starts"):
        update_plan(year, manager, end=date(2014, 12, 31))
    year.refresh_from_db()
    assert year.end == date(2015, 12, 31)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (TargetSpec("articles", 10), "needs a stage"),
        (TargetSpec("articles", 10, stage="printed"), "needs a stage"),
        (TargetSpec("turnaround_days", 5, stage="published"), "takes no stage"),
        (TargetSpec("articles", "mười", stage="published"), "'mười' is not a number"),
        (TargetSpec("articles", -1, stage="published"), "at least 0"),
        (TargetSpec("qa_error_share", 120), "at most 100"),
        (TargetSpec("readers", 10, unit="no-such-unit"), "unknown unit 'no-such-unit'"),
        (TargetSpec("views", 10), "unknown measure 'views'"),
    ],
)
def test_a_bad_target_changes_nothing(
    programme: Plan, manager: User, spec: TargetSpec, message: str
) -> None:
    with pytest.raises(PlanError, match=message):
        set_targets(programme, [TargetSpec("articles", 5, stage="selected"), spec], manager)
    assert programme.targets.count() == 4


def test_the_same_slice_twice_is_refused(programme: Plan, manager: User) -> None:
    with pytest.raises(PlanError, match="same slice is set twice"):
        set_targets(
            programme,
            [TargetSpec("readers", 5, language="en"), TargetSpec("readers", 9, language="en")],
            manager,
        )
    assert programme.targets.count() == 4


def test_a_target_on_a_merged_unit_is_kept_and_reported(
    programme: Plan, manager: User, units: dict[str, Unit]
) -> None:
    merge_units(units["hoan-kiem"], units["so-tttt"], manager)
    # the target stays where it was set, and the plan says what to do
    target = programme.targets.get(stage="selected")
    assert target.unit == units["hoan-kiem"]
    assert plan_problems(programme) == [
        "target articles selected 120.00: the unit 'hoan-kiem' was merged into 'so-tttt'; "
        "move the target"
    ]
    with pytest.raises(PlanError, match="merged into 'so-tttt'; set the target on 'so-tttt'"):
        set_targets(
            programme, [TargetSpec("articles", 1, stage="selected", unit="hoan-kiem")], manager
        )
    assert programme.targets.count() == 4


def test_a_unit_with_targets_cannot_be_deleted(
    programme: Plan, manager: User, units: dict[str, Unit]
) -> None:
    with pytest.raises(CurationError, match="'hoan-kiem' cannot be deleted: targets"):
        delete_unit(units["hoan-kiem"], manager)
    assert Target.objects.filter(unit__slug="hoan-kiem").count() == 1


def test_deleting_a_plan_keeps_its_targets_in_the_audit_log(programme: Plan, manager: User) -> None:
    pk = programme.pk
    delete_plan(programme, manager)
    entry = AuditLog.objects.get(action="delete-plan", object_id=str(pk))
    assert len(entry.data["targets"]) == 4
    assert not Target.objects.exists()


def test_xlsx_round_trip(programme: Plan, manager: User) -> None:
    data = export_plan(programme)
    book = load_workbook(io.BytesIO(data))
    assert [c.value for c in book["Targets"][1]] == list(COLUMNS)
    assert book["Plan"]["B1"].value == programme.name
    # the manager edits a target and imports the workbook again
    sheet = book["Targets"]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "articles" and row[1].value == "published":
            row[5].value = 350
    out = io.BytesIO()
    book.save(out)
    again = import_plan(out.getvalue(), manager, source="plan.xlsx")
    assert again.pk == programme.pk
    assert programme.targets.get(stage="published").value == Decimal(350)
    assert programme.targets.count() == 4
    before = AuditLog.objects.filter(action="set-targets", object_id=str(programme.pk)).first()
    assert before is not None
    assert {t["value"] for t in before.data["before"]} >= {"300.00"}


def _workbook(header: list[str], rows: list[list[object]]) -> bytes:
    book = Workbook()
    plan = book.active
    assert plan is not None
    plan.title = "Plan"
    for row in [
        ["name", "Kế hoạch 2016"],
        ["period", "year"],
        ["start", "2016-01-01"],
        ["end", "2016-12-31"],
    ]:
        plan.append(row)
    targets = book.create_sheet("Targets")
    targets.append(header)
    for row in rows:
        targets.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_import_creates_a_plan(manager: User, units: dict[str, Unit]) -> None:
    data = _workbook(list(COLUMNS), [["articles", "published", "hanoimoi", "", "en", 40, ""]])
    plan = import_plan(data, manager, source="ke-hoach-2016.xlsx")
    assert plan.kind == "year" and plan.start == date(2016, 1, 1)
    target = plan.targets.get()
    assert target.unit == units["hanoimoi"] and target.value == 40


@pytest.mark.parametrize(
    ("header", "rows", "message"),
    [
        (
            ["measure", "stage", "unit", "theme", "language", "value", "note"],
            [],
            "missing column\\(s\\) target; unknown column\\(s\\) value",
        ),
        (
            list(COLUMNS),
            [["articles", "published", "", "", "en", "=SUM(1,2)", ""]],
            "sheet 'Targets' cell F2 holds a formula \\(=SUM\\(1,2\\)\\)",
        ),
        (
            list(COLUMNS),
            [["articles", "", "", "", "en", 5, ""]],
            "sheet 'Targets' row 2: counting articles needs a stage",
        ),
    ],
)
def test_a_wrong_workbook_is_refused_and_nothing_stored_is_lost(
    programme: Plan, manager: User, header: list[str], rows: list[list[object]], message: str
) -> None:
    with pytest.raises(PlanError, match=message) as err:
        import_plan(_workbook(header, rows), manager, source="ke-hoach-2016.xlsx")
    assert str(err.value).startswith("ke-hoach-2016.xlsx")
    assert list(Plan.objects.all()) == [programme]
    assert programme.targets.count() == 4


def test_a_file_that_is_not_a_workbook_is_refused(manager: User) -> None:
    with pytest.raises(PlanError, match=r"plan\.xlsx: not an XLSX workbook"):
        import_plan(b"measure,stage\n", manager, source="plan.xlsx")
