"""The Party format: Hướng dẫn 36-HD/VPTW (2018) of the Central Party Office on the layout of Party documents.

Header: left, the parent body (regular) and the issuing body (bold), "*" beneath, then "Số 15-BC/TU" (no colon);
right, "ĐẢNG CỘNG SẢN VIỆT NAM" (15 pt bold, underlined) with the place and date line in italics on the line of the
number. The summary line is followed by five hyphens. The Vietnamese phrases are the prescribed wording (see
``base.py``).
"""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from phoihop.reports.formats.base import BODY_SIZE, OfficialFormat

PARTY_NAME = "ĐẢNG CỘNG SẢN VIỆT NAM"


class PartyFormat(OfficialFormat):
    kind = "party"
    header_widths = (Mm(75), Mm(90))
    signature_widths = (Mm(80), Mm(85))

    def number_label(self) -> str:
        return f"Số {self.doc.number or '     -BC/…'}"

    def header(self) -> None:
        doc = self.doc
        table = self.two_columns(self.header_widths, rows=2)
        left, right = table.rows[0].cells
        if doc.parent_body:
            self.paragraph(str(doc.parent_body).upper(), container=left, size=BODY_SIZE)
        self.paragraph(str(doc.issuing_body).upper(), container=left, size=BODY_SIZE, bold=True)
        self.paragraph("*", container=left, size=BODY_SIZE)
        self.paragraph(PARTY_NAME, container=right, size=15, bold=True, underline=True)

        number, date = table.rows[1].cells
        self.paragraph(self.number_label(), container=number, size=BODY_SIZE)
        self.paragraph(self.date_line(), container=date, align=WD_ALIGN_PARAGRAPH.RIGHT, size=BODY_SIZE, italic=True)

    def title_separator(self) -> None:
        self.paragraph("-----", size=BODY_SIZE, after=6)
