"""Spreadsheet cells that are safe to open: every .xlsx and .csv the application writes goes through here.

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by Excel or
LibreOffice as a formula (``=HYPERLINK(…)``, ``=cmd|…``): "formula injection" (CSV injection). Such text is
written with a leading apostrophe, the OWASP way, so it shows as the text it is. Numbers, dates and booleans
are left alone — a negative number is a number — and so is text that is only a number as printed
("-5", "-12,5", "-3.840,5").
"""

from __future__ import annotations

import io
import re

import tablib

#: first characters that make a spreadsheet read text as a formula
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PRINTED_NUMBER = re.compile(r"[+-]?\d[\d .,\u00a0]*")


def is_dangerous(value) -> bool:
    """Whether ``value`` is text a spreadsheet would evaluate as a formula."""
    return (
        isinstance(value, str)
        and value[:1] in FORMULA_TRIGGERS
        and not (_PRINTED_NUMBER.fullmatch(value) and value[-1:].isdigit())
    )


def safe_cell(value):
    """The value to write to a cell: dangerous text gets a leading apostrophe; anything else is unchanged."""
    return "'" + value if is_dangerous(value) else value


def safe_dataset(dataset: tablib.Dataset) -> tablib.Dataset:
    """A copy of ``dataset`` (headers and rows) with every cell passed through :func:`safe_cell`."""
    safe = tablib.Dataset(title=dataset.title)
    for row in dataset:
        safe.append([safe_cell(value) for value in row])
    if dataset.headers:
        safe.headers = [safe_cell(header) for header in dataset.headers]
    return safe


def make_safe(workbook) -> None:
    """Neutralise every cell of an openpyxl workbook in place, formulas included (openpyxl stores any text that
    starts with "=" as a formula)."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if is_dangerous(cell.value):
                    cell.value = safe_cell(cell.value)  # "'=…" is text: openpyxl types it "s", not "f"


def workbook_bytes(workbook) -> bytes:
    """The .xlsx content of an openpyxl workbook, neutralised: every writer saves its workbook through this."""
    make_safe(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


#: characters a sheet name may not hold
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_DATE = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")
_DATETIME = re.compile(r"^(\d{2})/(\d{2})/(\d{4}) (\d{2}):(\d{2})$")


def sheet_title(title: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, cut at a word, none of []:*?/\\."""
    text = _SHEET_FORBIDDEN.sub(" ", str(title or "")).strip() or "Sheet"
    if len(text) <= 31:
        return text
    if text[31] == " ":  # the 31 characters end at a word
        return text[:31]
    cut = text[:31].rsplit(" ", 1)[0]
    return cut if len(cut) >= 10 else text[:31]


def _typed(value):
    """A printed date (dd/mm/yyyy, as the exports write them) as a real date; anything else unchanged."""
    import datetime

    if isinstance(value, str):
        match = _DATETIME.match(value)
        if match:
            day, month, year, hour, minute = map(int, match.groups())
            try:
                return datetime.datetime(year, month, day, hour, minute), "DD/MM/YYYY HH:MM"
            except ValueError:
                return value, None
        match = _DATE.match(value)
        if match:
            day, month, year = map(int, match.groups())
            try:
                return datetime.date(year, month, day), "DD/MM/YYYY"
            except ValueError:
                return value, None
    if isinstance(value, bool):
        return value, None
    if isinstance(value, int):
        return value, "#,##0"
    if isinstance(value, float):
        return value, "#,##0.0##"
    from decimal import Decimal

    if isinstance(value, Decimal):
        return value, "#,##0" if value == value.to_integral_value() else "#,##0.0##"
    return value, None


def _csv_cell(value):
    """A number with a decimal comma and no grouping ("3840,5"), as the imports read it whatever the language: a
    decimal point would read "12.500" as twelve thousand five hundred. Anything else unchanged."""
    from decimal import Decimal

    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal) and value.is_finite():
        return format(value, "f").replace(".", ",")
    return value


def dataset_csv(dataset: tablib.Dataset) -> str:
    """The .csv text of an exported list (without the BOM its writer adds): numbers as :func:`_csv_cell` prints
    them."""
    printed = tablib.Dataset(title=dataset.title)
    for row in dataset:
        printed.append([_csv_cell(value) for value in row])
    if dataset.headers:
        printed.headers = list(dataset.headers)
    return printed.export("csv")


def dataset_xlsx(dataset: tablib.Dataset, title: str = "") -> bytes:
    """The .xlsx of an exported list: one sheet named after the list, the header row bold and frozen with a filter,
    dates as real dates shown dd/mm/yyyy, numbers as numbers with one format per column, columns as wide as their
    content (up to a limit) with long text wrapped."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(title or dataset.title)
    headers = list(dataset.headers or [])
    if headers:
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="E8EEF7")
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    widths = [len(str(header)) for header in headers]
    rows = [[_typed(value) for value in row] for row in dataset]
    # one number format per column: decimals when any value of the column has them
    decimal_columns = {
        index for row in rows for index, (_value, number_format) in enumerate(row) if number_format == "#,##0.0##"
    }
    line = sheet.max_row if headers else 0  # counted here: sheet.max_row scans every cell (quadratic on 20.000 rows)
    for row in rows:
        sheet.append([value for value, _format in row])
        line += 1
        for index, (value, number_format) in enumerate(row, start=1):
            cell = sheet.cell(row=line, column=index)
            if number_format == "#,##0" and index - 1 in decimal_columns:
                number_format = "#,##0.0##"
            if number_format:
                cell.number_format = number_format
            text = "" if value is None else str(value)
            if len(widths) < index:
                widths.append(0)
            widths[index - 1] = max(widths[index - 1], min(len(text), 60))
            if len(text) > 60:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(8, min(width + 2, 62))
    if headers:
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(line, 1)}"
    return workbook_bytes(workbook)
