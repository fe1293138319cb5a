"""Layouts of the official document formats. One module per format; ``render_docx`` picks by ``doc.kind``.

The interface (used by the report engine):

* ``render_docx(doc: ReportDocument) -> bytes`` — the .docx of the report, annex tables included;
* ``render_xlsx(doc: ReportDocument) -> bytes`` — the annex tables as a workbook, one sheet per table;
* ``pdf_available() -> bool`` and ``render_pdf(docx: bytes) -> bytes`` — through LibreOffice when installed
  (``render_pdf`` raises :class:`PDFUnavailable` when it is not, :class:`PDFConversionError` when it fails);
  ``pdf_fonts(pdf: bytes) -> list[str]`` — the font families the PDF embeds;
* ``vietnamese_date_line(place, date) -> str`` — "Lạng Sơn, ngày 05 tháng 01 năm 2026";
* placeholders for what the drafter must supply before signing (``base.py``): ``placeholder(what)`` marks text handed
  to a format (body paragraphs, table cells), ``placeholder_run(paragraph, text)`` adds a yellow-highlighted run;
  a ``document.Placeholder`` paragraph not yet written is printed highlighted.

Formats: ``party`` (Hướng dẫn 36-HD/VPTW, ``party.py``) and ``state`` (Nghị định 30/2020/NĐ-CP, ``state.py``); the
shared building blocks are in ``base.py``. A newer guidance is a new :class:`~.base.OfficialFormat` subclass added
to :data:`FORMATS` (``register_format``) under its own kind; sections never change.
"""

from __future__ import annotations

from phoihop.reports.formats.base import OfficialFormat, format_number, vietnamese_date, vietnamese_date_line
from phoihop.reports.formats.party import PartyFormat
from phoihop.reports.formats.pdf import PDFConversionError, PDFUnavailable, pdf_available, pdf_fonts, render_pdf
from phoihop.reports.formats.state import StateFormat
from phoihop.reports.formats.xlsx import render_xlsx

FORMATS: dict[str, type[OfficialFormat]] = {}


def register_format(cls: type[OfficialFormat]) -> type[OfficialFormat]:
    FORMATS[cls.kind] = cls
    return cls


register_format(PartyFormat)
register_format(StateFormat)


def render_docx(doc) -> bytes:
    """The official .docx of a :class:`~phoihop.reports.document.ReportDocument`, laid out by ``doc.kind``."""
    try:
        layout = FORMATS[doc.kind]
    except KeyError:
        raise ValueError(f"Unknown document format {doc.kind!r}; known: {', '.join(sorted(FORMATS))}")
    return layout(doc).render()


__all__ = [
    "FORMATS",
    "OfficialFormat",
    "PDFConversionError",
    "PDFUnavailable",
    "format_number",
    "pdf_available",
    "pdf_fonts",
    "register_format",
    "render_docx",
    "render_pdf",
    "render_xlsx",
    "vietnamese_date",
    "vietnamese_date_line",
]
