"""The annex tables as an .xlsx workbook: a first "Thông tin" sheet with the report's number, date and title, then
one sheet per annex table ("Biểu 1 - <short title>") with the full title on its first row, a bold header row,
numbers as numbers and dates as dates.

The rows and headers are those of the .docx annex (``AnnexTable.kept_rows``, capitalised headers). A column is typed
from all its values: a column of dates (also dates given as text, "15/06/2021" or "2021-06-15") holds real dates
shown dd/mm/yyyy; a numeric column has one number format, "#,##0" or with as many decimals as its most precise value
("#,##0.0", "#,##0.00"). Wrapped cells get a row height estimated from their text and the column's width.

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
from phoihop.reports.formats.base import (
    FONT_NAME,
    NO,
    NO_DATA,
    YES,
    column_count,
    header_texts,
    is_number,
    numeric_columns,
    parse_date_text,
    strip_placeholder_marks,
)

INFO_SHEET = "Thông tin"
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "hh:mm dd/mm/yyyy"
MAX_SHEET_NAME = 31
MIN_WIDTH, MAX_WIDTH = 8, 60
LINE_FACTOR = 1.3  # a line of text is about 1.3 times its font size high

_THIN = Side(style="thin", color="000000")
GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_VI_NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})*(,\d+)?$|^-?\d+(,\d+)?$")


def font(*, bold: bool = False, italic: bool = False, size: float = 12) -> Font:
    return Font(name=FONT_NAME, bold=bold, italic=italic, size=size)


def sheet_name(text: str, taken: set[str], prefix: str = "") -> str:
    """A valid, unique sheet name of at most 31 characters, none of []:*?/\\, not starting or ending with "'":
    ``prefix`` ("Biểu 1 - ") and as much of ``text`` as fits, cut at a word boundary ("…" marks the cut)."""

    prefix = re.sub(r"\s+", " ", _FORBIDDEN.sub(" ", str(prefix))).lstrip().lstrip("'")
    body = re.sub(r"\s+", " ", _FORBIDDEN.sub(" ", str(text))).strip().strip("'")
    name = fit(prefix, body, MAX_SHEET_NAME) or "Sheet"
    candidate, counter = name, 2
    while candidate.casefold() in taken:
        suffix = f" ({counter})"
        candidate = fit(prefix, body, MAX_SHEET_NAME - len(suffix)) + suffix
        counter += 1
    taken.add(candidate.casefold())
    return candidate


def fit(prefix: str, text: str, limit: int) -> str:
    """``prefix + text`` within ``limit`` characters, ``text`` cut after a whole word and marked "…"."""
    if len(prefix) + len(text) <= limit:
        return (prefix + text).rstrip().rstrip("'")
    room = limit - len(prefix) - 1  # the "…"
    words, kept = text.split(" "), ""
    for word in words:
        candidate = f"{kept} {word}".strip()
        if len(candidate) > room:
            break
        kept = candidate
    if not kept:  # a single long word: cut it
        kept = text[:room]
    kept = kept.rstrip(" ,;.-–").rstrip("'")
    return f"{prefix}{kept}…" if kept else (prefix.rstrip() or text[:limit])


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


def decimals_of(value) -> int:
    if isinstance(value, int):
        return 0
    if isinstance(value, float):
        value = Decimal(repr(round(value, 2)))
    text = format(value, "f")
    return len(text.partition(".")[2].rstrip("0"))


def number_format(value) -> str:
    """The format of one number (see :func:`column_number_format` for a column's)."""
    return column_number_format([value])


def column_number_format(values) -> str:
    """One format for a column of numbers: "#,##0", or as many decimals as its most precise value (at most 4)."""
    decimals = max((decimals_of(value) for value in values if is_number(value)), default=0)
    return "#,##0." + "0" * min(decimals, 4) if decimals else "#,##0"


def cell_value(value, numeric: bool, date_column: bool = False):
    """The value written to a cell and its number format (a numeric column's is set for the whole column)."""
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
    text = strip_placeholder_marks(value)
    if date_column:
        day = parse_date_text(text)
        if day is not None:
            return day, DATE_FORMAT
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


def wrapped_lines(text, width: float) -> int:
    """How many lines ``text`` takes in a wrapping cell ``width`` characters wide (words are not split unless longer
    than a line)."""
    room = max(int(width) - 1, 1)
    lines = 0
    for paragraph in str(text).split("\n"):
        count, used = 1, 0
        for word in paragraph.split():
            if used and used + 1 + len(word) > room:
                count, used = count + 1, 0
            used += (1 if used else 0) + len(word)
            while used > room:  # a word longer than the line
                count, used = count + 1, used - room
        lines += count
    return max(lines, 1)


def row_height(lines: int, size: float = 12) -> float:
    """Points for ``lines`` lines of ``size`` pt text, with a little padding."""
    return round(lines * size * LINE_FACTOR + 3, 1)


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
    columns = column_count(table)
    numeric = numeric_columns(table)
    headers = header_texts(table)
    rows = table.kept_rows()
    dates = date_columns(table, columns)
    widths = [MIN_WIDTH] * columns

    header_row = 3
    for index, text in enumerate(headers):
        cell = ws.cell(header_row, index + 1, text)
        cell.font = font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = GRID
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        # Headers wrap: they widen a column only up to their longest word.
        widths[index] = max(widths[index], min(len(text), 24), *(len(word) for word in text.split() or [""]))

    # Every value first, so that a numeric column gets one number format from all its values.
    values = []
    for raw_row, _total in rows:
        line = []
        for index in range(columns):
            raw = raw_row[index] if index < len(raw_row) else None
            line.append(cell_value(raw, index in numeric, index in dates))
        values.append(line)
    formats = {
        index: column_number_format([line[index][0] for line in values])
        for index in numeric
        if any(is_number(line[index][0]) for line in values)
    }

    line_number = header_row
    for (_raw, total), line in zip(rows, values, strict=True):
        line_number += 1
        for index, (value, fmt) in enumerate(line):
            cell = ws.cell(line_number, index + 1, value)
            cell.font = font(bold=total)
            cell.border = GRID
            if is_number(value) and index in formats:
                fmt = formats[index]
            if fmt:
                cell.number_format = fmt
            if is_number(value):
                cell.alignment = Alignment(horizontal="right", vertical="top")
            elif isinstance(value, datetime.date):
                cell.alignment = Alignment(horizontal="center", vertical="top")
            else:
                cell.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
            widths[index] = max(widths[index], _width(value))
    if not rows:
        line_number += 1
        ws.cell(line_number, 1, NO_DATA).font = font(italic=True)
        if columns > 1:
            ws.merge_cells(start_row=line_number, start_column=1, end_row=line_number, end_column=columns)
    if table.note:
        line_number += 2
        ws.cell(line_number, 1, str(table.note)).font = font(italic=True)

    widths = [min(max(width + 2, MIN_WIDTH), MAX_WIDTH) for width in widths]
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width

    # The full title on the first row, across the table, wrapped.
    title = ws.cell(1, 1, f"Biểu {number}. {strip_placeholder_marks(table.title)}")
    title.font = font(bold=True, size=13)
    title.alignment = Alignment(wrap_text=True, vertical="center")
    if columns > 1:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
    ws.row_dimensions[1].height = row_height(wrapped_lines(title.value, sum(widths) * 0.9), size=13)

    # Row heights: Excel does not grow a row for wrapped text it did not lay out itself.
    ws.row_dimensions[header_row].height = row_height(
        max(wrapped_lines(text, widths[i] * 0.9) for i, text in enumerate(headers))
    )
    for offset, line in enumerate(values, start=header_row + 1):
        lines = max(
            wrapped_lines(value, widths[i]) if isinstance(value, str) else 1 for i, (value, _fmt) in enumerate(line)
        )
        if lines > 1:
            ws.row_dimensions[offset].height = row_height(lines)

    ws.freeze_panes = ws.cell(header_row + 1, 1)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if columns > 5 else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def date_columns(table: AnnexTable, columns: int) -> set[int]:
    """The columns whose values (those given) are all dates or dates as text."""
    found = set()
    for index in range(columns):
        given = [row[index] for row in table.rows if index < len(row) and row[index] not in (None, "")]
        if given and all(
            isinstance(value, datetime.date) or parse_date_text(strip_placeholder_marks(value)) is not None
            for value in given
        ):
            found.add(index)
    return found


def render_xlsx(doc: ReportDocument) -> bytes:
    workbook = Workbook()
    taken = {INFO_SHEET.casefold()}
    sheets = [
        (sheet_name(strip_placeholder_marks(table.title), taken, prefix=f"Biểu {number} - "), table)
        for number, table in enumerate(doc.tables, start=1)
    ]
    info_sheet(workbook.active, doc, sheets)
    for number, (name, table) in enumerate(sheets, start=1):
        table_sheet(workbook.create_sheet(name), number, table)
    workbook.properties.title = f"{doc.doc_type_name} {doc.title}".strip()
    workbook.properties.creator = str(doc.issuing_body)
    workbook.properties.language = "vi-VN"
    return workbook_bytes(workbook)
