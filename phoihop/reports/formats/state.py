"""The state format: Nghị định 30/2020/NĐ-CP on clerical work, Phụ lục I (layout of administrative documents).

Header: left, the parent body (upper case, regular) and the issuing body (upper case, bold) with a short rule
beneath, then "Số: 12/BC-UBND"; right, the national title "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" (12 pt bold) and the
motto "Độc lập - Tự do - Hạnh phúc" (13 pt bold, a rule of its own length beneath), and the place and date line in
italics on the line of the number. The summary line has a short rule beneath. The Vietnamese phrases are the
prescribed wording (see ``base.py``).
"""

from __future__ import annotations

from docx.shared import Mm

from phoihop.reports.formats.base import BODY_SIZE, OfficialFormat

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
CELL_PADDING = Mm(3.8)  # the default left and right cell margins together


class StateFormat(OfficialFormat):
    kind = "state"
    header_widths = (Mm(72), Mm(93))
    signature_widths = (Mm(80), Mm(85))
    body_size = 13  # the bodies' names and the number: 12–13 pt

    def number_label(self) -> str:
        return f"Số: {self.doc.number or '     /BC-…'}"

    def header(self) -> None:
        doc = self.doc
        table = self.two_columns(self.header_widths, rows=2)
        left, right = table.rows[0].cells
        if doc.parent_body:
            self.paragraph(str(doc.parent_body).upper(), container=left, size=self.body_size)
        self.paragraph(str(doc.issuing_body).upper(), container=left, size=self.body_size, bold=True)
        self.rule(Mm(25), container=left, available=self.header_widths[0] - CELL_PADDING, before=2)
        self.paragraph(NATIONAL_TITLE, container=right, size=12, bold=True)
        self.paragraph(MOTTO, container=right, size=13, bold=True, underline=True)

        number, date = table.rows[1].cells
        self.paragraph(self.number_label(), container=number, size=self.body_size, before=6)
        self.paragraph(self.date_line(), container=date, size=BODY_SIZE, italic=True, before=6)
