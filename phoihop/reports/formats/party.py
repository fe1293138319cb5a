"""The Party format: Hướng dẫn 36-HD/VPTW (2018) of the Central Party Office on the layout of Party documents.

Header: left, the parent body (regular) and the issuing body (bold), "*" beneath, then "Số 15-BC/TU" (no colon);
right, "ĐẢNG CỘNG SẢN VIỆT NAM" (15 pt bold, underlined) with the place and date line in italics on the line of the
number. The type of document ("BÁO CÁO") is 15 pt bold (15–16 pt); the summary line is followed by five hyphens.

Closing: "Nơi nhận:" 14 pt, upright, underlined; the recipients 12 pt, each line ending ","; the filing line is
"- Lưu Văn phòng <committee>." ("- Lưu Văn phòng Tỉnh ủy."). The Vietnamese phrases are the prescribed wording (see
``base.py``).
"""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from phoihop.reports.formats.base import BODY_SIZE, OfficialFormat

PARTY_NAME = "ĐẢNG CỘNG SẢN VIỆT NAM"
#: Party committees, as written in an issuing body's name, and how the filing line names them.
COMMITTEES = ("TỈNH ỦY", "THÀNH ỦY", "HUYỆN ỦY", "QUẬN ỦY", "THỊ ỦY", "ĐẢNG ỦY")


def party_archive(issuing_body: str) -> str:
    """The usual filing line of a Party body: "Lưu Văn phòng Tỉnh ủy" for "TỈNH ỦY LẠNG SƠN", "Lưu Văn phòng Đảng ủy"
    for "ĐẢNG ỦY XÃ TÂN THANH" (the committee named first in the issuing body), "Lưu Chi bộ" for a Party cell."""
    name = " ".join(str(issuing_body or "").upper().split())
    found = [(name.find(committee), committee) for committee in COMMITTEES if committee in name]
    if found:
        committee = min(found)[1]
        return f"Lưu Văn phòng {committee.capitalize()}"
    if name.startswith("CHI BỘ"):
        return "Lưu Chi bộ"
    return "Lưu Văn phòng"


class PartyFormat(OfficialFormat):
    kind = "party"
    header_widths = (Mm(75), Mm(90))
    signature_widths = (Mm(80), Mm(85))
    title_size = 15
    recipients_heading = {"size": BODY_SIZE, "underline": True}
    recipient_size = 12
    recipient_end = ","

    def default_archive(self) -> str:
        return party_archive(self.doc.issuing_body)

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
