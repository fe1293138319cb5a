"""Layouts of the official document formats. One module per format; ``render_docx`` picks by ``doc.kind``.

The interface (used by the report engine):

* ``render_docx(doc: ReportDocument) -> bytes`` — the .docx of the report, annex tables included;
* ``render_xlsx(doc: ReportDocument) -> bytes`` — the annex tables as a workbook, one sheet per table;
* ``pdf_available() -> bool`` and ``render_pdf(docx: bytes) -> bytes`` — through LibreOffice when installed.
"""
