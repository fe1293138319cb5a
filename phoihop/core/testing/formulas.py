"""Formula injection checks shared by the record types' view tests and ``core/tests/test_formula_injection.py``.

``inject_formulas(record)`` writes a formula into every free-text field of a saved record (bypassing validation,
as a hostile import or an old row would); ``formula_problems_xlsx`` / ``formula_problems_csv`` list the cells
of an export that a spreadsheet would evaluate, and ``payload_cells_*`` the cells that carry the payload.
"""

import csv
import io
import re

import openpyxl
from django.db import models

PAYLOAD = '=HYPERLINK("http://x","y")'
SHORT_PAYLOAD = "=1+2"
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
#: a number printed as text ("-5", "-12,5", "-3.840,5") is not a formula
PRINTED_NUMBER = re.compile(r"[+-]?\d[\d .,\u00a0]*\d|[+-]?\d")
SKIP = {"search_text", "path"}


def text_fields(model):
    """The free-text fields of ``model``: CharField/TextField without choices, not internal."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField))
        and not field.choices
        and not field.primary_key
        and field.name not in SKIP
    ]


def inject_formulas(record) -> list[str]:
    """Store a formula in every free-text field of ``record`` (one UPDATE); returns the payloads written."""
    values = {}
    for field in text_fields(type(record)):
        limit = field.max_length or len(PAYLOAD)
        values[field.attname] = PAYLOAD if limit >= len(PAYLOAD) else SHORT_PAYLOAD[:limit]
    if values:
        type(record)._base_manager.filter(pk=record.pk).update(**values)
    return sorted(set(values.values()))


def is_formula_text(value) -> bool:
    return isinstance(value, str) and value[:1] in TRIGGERS and not PRINTED_NUMBER.fullmatch(value)


def formula_problems_xlsx(content: bytes) -> list[str]:
    """Cells of an .xlsx that are formulas or text a spreadsheet would run as one."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    problems = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" or is_formula_text(cell.value):
                    problems.append(f"{sheet.title}!{cell.coordinate}={cell.value!r}")
    return problems


def xlsx_texts(content: bytes) -> list[str]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [
        cell.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]


def csv_cells(content) -> list[str]:
    text = content.decode("utf-8-sig") if isinstance(content, bytes) else content.lstrip("\ufeff")
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def formula_problems_csv(content) -> list[str]:
    return [repr(cell) for cell in csv_cells(content) if is_formula_text(cell)]


def carries_payload(value, payloads) -> bool:
    """A cell that holds a payload at its start, neutralised (behind an apostrophe) or not."""
    return isinstance(value, str) and any(value.removeprefix("'").startswith(payload) for payload in payloads)


def neutralised(values, payloads) -> tuple[list[str], list[str]]:
    """(cells that carry a payload, those among them that don't start with an apostrophe)."""
    carrying = [value for value in values if carries_payload(value, payloads)]
    return carrying, [value for value in carrying if not value.startswith("'")]
