"""The evaluation report as files: JSON (the figures and the sections), CSV
(every table, one after another), XLSX (a sheet per table), DOCX and PDF (the
whole document; the PDF embeds Be Vietnam Pro, see data/fonts/SOURCE.md).
Each writer takes a :class:`~doingoai.reports.evaluation.Report` and
returns bytes."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from importlib import resources
from typing import Any

from doingoai.reports.evaluation import Report

__all__ = ["FORMATS", "write_report"]


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _text(value: Any) -> str:
    value = _cell(value)
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


def to_json(report: Report) -> bytes:
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=2).encode("utf-8")


def to_csv(report: Report) -> bytes:
    """Every table: a row with its title, its header, its rows, an empty row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([report.title])
    writer.writerow([])
    for table in report.tables():
        writer.writerow([table.title])
        writer.writerow(table.columns)
        for row in table.rows:
            writer.writerow([_cell(v) for v in row])
        writer.writerow([])
    # a byte-order mark so that spreadsheet programs read the Vietnamese as UTF-8
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "Report"
    first.append([report.title])
    first["A1"].font = Font(bold=True, size=14)
    if report.unit:
        first.append([report.unit])
    for section in report.sections:
        first.append([])
        first.append([section.title])
        first.cell(row=first.max_row, column=1).font = Font(bold=True)
        for paragraph in section.paragraphs:
            first.append([paragraph])
    used: set[str] = {"Report"}
    for table in report.tables():
        name = table.key[:31]
        while name in used:
            name = name[:29] + f"{len(used):02d}"
        used.add(name)
        sheet = book.create_sheet(name)
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True)
        sheet.append(table.columns)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([_cell(v) for v in row])
        sheet.column_dimensions["A"].width = 40
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_docx(report: Report) -> bytes:
    from docx import Document

    doc = Document()
    doc.core_properties.title = report.title
    doc.core_properties.language = report.language
    doc.add_heading(report.title, level=0)
    if report.unit:
        doc.add_paragraph(report.unit)
    for number, section in enumerate(report.sections, 1):
        doc.add_heading(f"{number}. {section.title}", level=1)
        for paragraph in section.paragraphs:
            doc.add_paragraph(paragraph)
        for table in section.tables:
            if len(section.tables) > 1 or table.title != section.title:
                doc.add_heading(table.title, level=2)
            grid = doc.add_table(rows=1, cols=len(table.columns))
            grid.style = "Table Grid"
            for cell, name in zip(grid.rows[0].cells, table.columns, strict=True):
                cell.text = name
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            for row in table.rows:
                cells = grid.add_row().cells
                for cell, value in zip(cells, row, strict=True):
                    cell.text = _text(value)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _font_path(name: str) -> str:
    return str(resources.files("doingoai") / "data" / "fonts" / name)


def to_pdf(report: Report) -> bytes:
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(report.title)
    pdf.set_lang(report.language)
    pdf.set_creator("doingoai")
    pdf.add_font("BeVietnamPro", "", _font_path("BeVietnamPro-Regular.ttf"))
    pdf.add_font("BeVietnamPro", "B", _font_path("BeVietnamPro-Bold.ttf"))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("BeVietnamPro", "B", 16)
    pdf.multi_cell(0, 9, report.title, new_x="LMARGIN", new_y="NEXT")
    if report.unit:
        pdf.set_font("BeVietnamPro", "", 12)
        pdf.multi_cell(0, 7, report.unit, new_x="LMARGIN", new_y="NEXT")
    for number, section in enumerate(report.sections, 1):
        pdf.ln(4)
        pdf.set_font("BeVietnamPro", "B", 13)
        pdf.multi_cell(0, 8, f"{number}. {section.title}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("BeVietnamPro", "", 10)
        for paragraph in section.paragraphs:
            pdf.multi_cell(0, 6, paragraph, new_x="LMARGIN", new_y="NEXT")
        for table in section.tables:
            if len(section.tables) > 1 or table.title != section.title:
                pdf.set_font("BeVietnamPro", "B", 11)
                pdf.multi_cell(0, 7, table.title, new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("BeVietnamPro", "", 9)
            if not table.rows:
                pdf.multi_cell(0, 6, "—", new_x="LMARGIN", new_y="NEXT")
                continue
            widths = (3, *([1] * (len(table.columns) - 1))) if len(table.columns) > 2 else None
            with pdf.table(
                headings_style=FontFace(emphasis="BOLD"),
                line_height=5,
                text_align="LEFT",
                col_widths=widths,
            ) as grid:
                head = grid.row()
                for name in table.columns:
                    head.cell(name)
                for row in table.rows:
                    line = grid.row()
                    for value in row:
                        line.cell(_text(value))
    return bytes(pdf.output())


FORMATS: dict[str, Callable[[Report], bytes]] = {
    "json": to_json,
    "csv": to_csv,
    "xlsx": to_xlsx,
    "docx": to_docx,
    "pdf": to_pdf,
}


def write_report(report: Report, fmt: str) -> bytes:
    """The report in ``fmt`` (one of :data:`FORMATS`)."""
    try:
        writer = FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}: expected {', '.join(FORMATS)}") from None
    return writer(report)
