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
