"""Plans as XLSX workbooks, for managers who draft them in a spreadsheet.

A workbook has two sheets. ``Plan`` holds one field per row (column A the
field, column B its value): name, period (programme, year or quarter), start,
end, lead unit (a unit's slug) and description. ``Targets`` has a header row
with the columns :data:`COLUMNS` and one target per row below it.

Importing reads values as typed, never formulas: a cell holding a formula is
refused with its address, since its value would be whatever the spreadsheet
program last computed. A workbook with a missing or unknown column, a bad
cell or a target that cannot be stored changes nothing; a plan with the same
name and period as a stored one replaces that plan's targets (the previous
ones stay in the audit log)."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any
from zipfile import BadZipFile

from django.db import transaction

from doingoai.curation.models import Unit
from doingoai.plans.models import Plan
from doingoai.plans.services import (
    PlanError,
    TargetSpec,
    create_plan,
    set_targets,
    update_plan,
)

__all__ = ["COLUMNS", "PLAN_FIELDS", "export_plan", "import_plan"]

COLUMNS: tuple[str, ...] = ("measure", "stage", "unit", "theme", "language", "target", "note")
PLAN_FIELDS: tuple[str, ...] = ("name", "period", "start", "end", "lead unit", "description")


def export_plan(plan: Plan) -> bytes:
    """The plan and its targets as an XLSX workbook that :func:`import_plan` reads back."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Plan"
    values = [
        plan.name,
        plan.kind,
        plan.start,
        plan.end,
        plan.lead_unit.slug if plan.lead_unit else "",
        plan.description,
    ]
    for field, value in zip(PLAN_FIELDS, values, strict=True):
        sheet.append([field, value])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    for row in (3, 4):
        sheet.cell(row=row, column=2).number_format = "yyyy-mm-dd"
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 50
    targets = book.create_sheet("Targets")
    targets.append(list(COLUMNS))
    for cell in targets[1]:
        cell.font = Font(bold=True)
    for t in plan.targets.select_related("unit", "theme"):
        targets.append(
            [
                t.measure,
                t.stage,
                t.unit.slug if t.unit else "",
                t.theme.slug if t.theme else "",
                t.language,
                float(t.value) if t.value == t.value.to_integral_value() else str(t.value),
                t.note,
            ]
        )
    for letter, width in zip("ABCDEFG", (16, 12, 24, 14, 10, 10, 40), strict=True):
        targets.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _date(value: Any, where: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(_text(value))
    except ValueError as err:
        raise PlanError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from err


def _no_formula(cell: Any, sheet: str, source: str) -> None:
    if cell.data_type == "f":
        raise PlanError(
            f"{source}: sheet {sheet!r} cell {cell.coordinate} holds a formula "
            f"({cell.value}); enter its value instead"
        )


def _read(data: bytes, source: str) -> tuple[dict[str, Any], list[TargetSpec]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(io.BytesIO(data), data_only=False, read_only=False)
    except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as err:
        raise PlanError(f"{source}: not an XLSX workbook ({err})") from err
    for name in ("Plan", "Targets"):
        if name not in book.sheetnames:
            raise PlanError(
                f"{source}: no sheet {name!r}; a plan workbook has the sheets 'Plan' and "
                f"'Targets' (found {', '.join(repr(n) for n in book.sheetnames)})"
            )
    fields: dict[str, Any] = {}
    for row in book["Plan"].iter_rows():
        if not row or row[0].value is None:
            continue
        for cell in row[:2]:
            _no_formula(cell, "Plan", source)
        key = _text(row[0].value).lower()
        if key not in PLAN_FIELDS:
            raise PlanError(
                f"{source}: sheet 'Plan' cell {row[0].coordinate}: unknown field {key!r}; "
                f"the fields are {', '.join(PLAN_FIELDS)}"
            )
        fields[key] = row[1].value if len(row) > 1 else None
    for key in ("name", "period", "start", "end"):
        if fields.get(key) in (None, ""):
            raise PlanError(f"{source}: sheet 'Plan' has no {key!r}")
    sheet = book["Targets"]
    rows = list(sheet.iter_rows())
    if not rows:
        raise PlanError(f"{source}: sheet 'Targets' is empty; its first row names the columns")
    header = [_text(c.value).lower() for c in rows[0]]
    while header and not header[-1]:
        header.pop()
    missing = [c for c in COLUMNS if c not in header]
    unknown = [h or "(empty)" for h in header if h not in COLUMNS]
    if missing or unknown:
        parts = []
        if missing:
            parts.append(f"missing column(s) {', '.join(missing)}")
        if unknown:
            parts.append(f"unknown column(s) {', '.join(unknown)}")
        raise PlanError(
            f"{source}: sheet 'Targets': {'; '.join(parts)}; the columns are {', '.join(COLUMNS)}"
        )
    index = {name: header.index(name) for name in COLUMNS}
    specs: list[TargetSpec] = []
    for row in rows[1:]:
        if all(c.value in (None, "") for c in row):
            continue
        for cell in row:
            _no_formula(cell, "Targets", source)

        def get(name: str, row: Any = row) -> Any:
            i = index[name]
            return row[i].value if i < len(row) else None

        specs.append(
            TargetSpec(
                measure=_text(get("measure")),
                stage=_text(get("stage")),
                unit=_text(get("unit")),
                theme=_text(get("theme")),
                language=_text(get("language")),
                value=get("target") if get("target") is not None else "",
                note=_text(get("note")),
                where=f"{source}: sheet 'Targets' row {row[0].row}",
            )
        )
    return fields, specs


def import_plan(data: bytes, actor: Any, *, source: str = "workbook") -> Plan:
    """Create a plan from an XLSX workbook, or replace the targets of the
    stored plan with the same name and period; all or nothing."""
    fields, specs = _read(data, source)
    name = _text(fields["name"])
    kind = _text(fields["period"]).lower()
    start = _date(fields["start"], f"{source}: sheet 'Plan' start")
    end = _date(fields["end"], f"{source}: sheet 'Plan' end")
    lead: Unit | None = None
    if _text(fields.get("lead unit")):
        lead = Unit.objects.filter(slug=_text(fields["lead unit"])).first()
        if lead is None:
            raise PlanError(f"{source}: sheet 'Plan': unknown lead unit {fields['lead unit']!r}")
    description = _text(fields.get("description"))
    with transaction.atomic():
        plan = Plan.objects.filter(name=name, kind=kind, start=start, end=end).first()
        if plan is None:
            plan = create_plan(
                name=name,
                kind=kind,
                start=start,
                end=end,
                lead_unit=lead,
                description=description,
                actor=actor,
            )
        elif plan.lead_unit_id != (lead.pk if lead else None) or plan.description != description:
            update_plan(plan, actor, lead_unit=lead, description=description)
        set_targets(plan, specs, actor)
    return plan
