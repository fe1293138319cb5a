"""The annex tables as an .xlsx workbook: a first "Thông tin" sheet with the report's number, date and title, then
one sheet per annex table with its title, a bold header row, numbers as numbers and dates as dates.

The labels are the Vietnamese wording of the document itself (see ``base.py``), not interface strings.
"""

from __future__ import annotations

import datetime
import math
import re
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from phoihop.core.spreadsheets import workbook_bytes
from phoihop.reports.document import AnnexTable, ReportDocument
from phoihop.reports.formats.base import FONT_NAME, NO, NO_DATA, YES, is_number

INFO_SHEET = "Thông tin"
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "hh:mm dd/mm/yyyy"
MAX_SHEET_NAME = 31
MIN_WIDTH, MAX_WIDTH = 8, 60

_THIN = Side(style="thin", color="000000")
GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_VI_NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})*(,\d+)?$|^-?\d+(,\d+)?$")


def font(*, bold: bool = False, italic: bool = False, size: float = 12) -> Font:
    return Font(name=FONT_NAME, bold=bold, italic=italic, size=size)


def sheet_name(text: str, taken: set[str]) -> str:
    """A valid, unique sheet name: at most 31 characters, none of []:*?/\\, not starting or ending with "'"."""
    name = _FORBIDDEN.sub(" ", str(text))
    name = re.sub(r"\s+", " ", name).strip().strip("'") or "Sheet"
    name = name[:MAX_SHEET_NAME].rstrip().rstrip("'")
    candidate, counter = name, 2
    while candidate.casefold() in taken:
        suffix = f" ({counter})"
        candidate = name[: MAX_SHEET_NAME - len(suffix)].rstrip() + suffix
        counter += 1
    taken.add(candidate.casefold())
    return candidate


def parse_number(text: str):
    """ "3.840,5" → Decimal("3840.5") for cells of numeric columns given as printed text; None if not a number."""
    text = text.strip()
    if not _VI_NUMBER.match(text):
        return None
    try:
        value = Decimal(text.replace(".", "").replace(",", "."))
    except InvalidOperation:
        return None
    return int(value) if value == value.to_integral_value() and "," not in text else value


def number_format(value) -> str:
    if isinstance(value, int):
        return "#,##0"
    text = format(value, "f") if isinstance(value, Decimal) else repr(value)
    decimals = len(text.partition(".")[2].rstrip("0"))
    return "#,##0." + "0" * min(decimals, 4) if decimals else "#,##0"


def cell_value(value, numeric: bool):
    """The value written to a cell and its number format."""
    if value is None:
        return None, None
    if isinstance(value, bool):
        return (YES if value else NO), None
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value), None
        value = round(value, 2)
        return value, number_format(value)
    if is_number(value):
        return value, number_format(value)
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(value)
        return value, DATETIME_FORMAT
    if isinstance(value, datetime.date):
        return value, DATE_FORMAT
    text = str(value)
    if numeric:
        number = parse_number(text)
        if number is not None:
            return number, number_format(number)
    return text, None


def _width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return 16
    if isinstance(value, datetime.date):
        return 10
    if is_number(value):
        return len(f"{value:,}") + 1
    return max((len(line) for line in str(value).split("\n")), default=0)


def info_sheet(ws, doc: ReportDocument, sheets: list[tuple[str, AnnexTable]]) -> None:
    ws.title = INFO_SHEET
    ws["A1"] = f"{doc.doc_type_name} {doc.title}".strip()
    ws["A1"].font = font(bold=True, size=14)
    ws.merge_cells("A1:C1")
    ws["A1"].alignment = Alignment(wrap_text=True, vertical="center")
    ws.row_dimensions[1].height = 40
    rows = [
        ("Cơ quan ban hành", doc.issuing_body),
        ("Cơ quan cấp trên", doc.parent_body),
        ("Số", doc.number),
        ("Ngày", doc.date),
        ("Địa danh", doc.place),
        ("Loại văn bản", doc.doc_type_name),
        ("Trích yếu", doc.title),
        ("Kỳ báo cáo", doc.period_text),
    ]
    line = 3
    for label, value in rows:
        ws.cell(line, 1, label).font = font(bold=True)
        cell = ws.cell(line, 2, value if isinstance(value, datetime.date) else str(value or ""))
        cell.font = font()
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="left")
        if isinstance(value, datetime.date):
            cell.number_format = DATE_FORMAT
        line += 1
    line += 1
    ws.cell(line, 1, "Các biểu").font = font(bold=True)
    for number, (name, table) in enumerate(sheets, start=1):
        line += 1
        link = ws.cell(line, 1, f"Biểu {number}")
        link.hyperlink = f"#'{name}'!A1"
        link.font = Font(name=FONT_NAME, size=12, underline="single", color="0563C1")
        ws.cell(line, 2, str(table.title)).font = font()
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 80


def table_sheet(ws, number: int, table: AnnexTable) -> None:
    columns = max(len(table.headers), max((len(row) for row in table.rows), default=0), 1)
    numeric = set(table.numeric_columns)
    widths = [MIN_WIDTH] * columns

    title = ws.cell(1, 1, f"Biểu {number}. {table.title}")
    title.font = font(bold=True, size=13)
    title.alignment = Alignment(wrap_text=False, vertical="center")

    header_row = 3
    for index in range(columns):
        text = str(table.headers[index]) if index < len(table.headers) else ""
        cell = ws.cell(header_row, index + 1, text)
        cell.font = font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = GRID
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        # Headers wrap: they widen a column only up to their longest word.
        widths[index] = max(widths[index], min(len(text), 24), *(len(word) for word in text.split() or [""]))

    line = header_row
    for values in table.rows:
        line += 1
        for index in range(columns):
            raw = values[index] if index < len(values) else None
            value, fmt = cell_value(raw, index in numeric)
            cell = ws.cell(line, index + 1, value)
            cell.font = font()
            cell.border = GRID
            if fmt:
                cell.number_format = fmt
            if is_number(value):
                cell.alignment = Alignment(horizontal="right", vertical="top")
            elif isinstance(value, datetime.date):
                cell.alignment = Alignment(horizontal="center", vertical="top")
            else:
                cell.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
            widths[index] = max(widths[index], _width(value))
    if not table.rows:
        line += 1
        ws.cell(line, 1, NO_DATA).font = font(italic=True)
        if columns > 1:
            ws.merge_cells(start_row=line, start_column=1, end_row=line, end_column=columns)
    if table.note:
        line += 2
        ws.cell(line, 1, str(table.note)).font = font(italic=True)

    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = min(max(width + 2, MIN_WIDTH), MAX_WIDTH)
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if columns > 5 else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def render_xlsx(doc: ReportDocument) -> bytes:
    workbook = Workbook()
    taken = {INFO_SHEET.casefold()}
    sheets = [
        (sheet_name(f"{number}. {table.title}", taken), table) for number, table in enumerate(doc.tables, start=1)
    ]
    info_sheet(workbook.active, doc, sheets)
    for number, (name, table) in enumerate(sheets, start=1):
        table_sheet(workbook.create_sheet(name), number, table)
    workbook.properties.title = f"{doc.doc_type_name} {doc.title}".strip()
    workbook.properties.creator = str(doc.issuing_body)
    workbook.properties.language = "vi-VN"
    return workbook_bytes(workbook)
