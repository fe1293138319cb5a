"""The content of a report, independent of its layout.

Sections produce blocks; a format (``phoihop/reports/formats/``) lays a :class:`ReportDocument` out as an official
Party or state document. Nothing here knows about python-docx.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass
class AnnexTable:
    """A table that goes into the annex of the .docx and into a sheet of the .xlsx workbook."""

    title: str
    headers: list[str]
    rows: list[list]  # cells: str, int, Decimal, float, datetime.date or None
    #: indexes of the columns holding numbers (right-aligned, Vietnamese number format)
    numeric_columns: list[int] = field(default_factory=list)
    note: str = ""


@dataclass
class Placeholder:
    """A paragraph the system cannot know (an evaluation, a lesson, a proposal): the drafter writes it on the review
    page (``Report.drafts[key]``); until then the document prints the highlighted prompt
    "[Đồng chí soạn thảo bổ sung: …]"."""

    key: str
    prompt: str
    text: str = ""

    @property
    def filled(self) -> bool:
        return bool(self.text.strip())

    def __str__(self) -> str:
        return self.text.strip() if self.filled else placeholder_text(self.prompt)


def placeholder_text(prompt: str) -> str:
    from django.utils.translation import gettext as _

    return "[" + _("To be completed by the drafter: %(what)s") % {"what": prompt} + "]"


@dataclass
class SectionContent:
    """What one section contributes: a heading, paragraphs of prose (strings, or ``Placeholder``s the drafter
    completes) and annex tables. ``level``: 0 a part ("PHẦN I"), 1 a numbered heading ("I."), 2 a sub-heading
    ("1."), 3 a point ("a)"); the format numbers them."""

    key: str
    heading: str
    paragraphs: list
    tables: list[AnnexTable] = field(default_factory=list)
    level: int = 1

    @property
    def placeholders(self) -> list[Placeholder]:
        return [p for p in self.paragraphs if isinstance(p, Placeholder)]


@dataclass
class Signature:
    # Party (36-HD): "T/M BAN THƯỜNG VỤ"; state (NĐ 30): "TM. ỦY BAN NHÂN DÂN"; "" when signing in one's own name
    on_behalf: str
    title: str  # "PHÓ BÍ THƯ" / "CHỦ TỊCH"
    name: str


@dataclass
class ReportDocument:
    """Everything the layout needs. ``kind`` is "party" or "state" and picks the format."""

    kind: str
    parent_body: str  # "ĐẢNG BỘ TỈNH LẠNG SƠN" / "UBND TỈNH LẠNG SƠN"; may be empty
    issuing_body: str  # "TỈNH ỦY" / "BỘ CHỈ HUY BỘ ĐỘI BIÊN PHÒNG"
    number: str  # the full number and symbol: "15-BC/TU" (Party) or "12/BC-BCH" (state), without "Số"
    place: str  # "Lạng Sơn"
    date: datetime.date
    doc_type_name: str  # "BÁO CÁO"
    title: str  # the summary line (trích yếu): "Sơ kết 5 năm thực hiện Quy chế phối hợp …"
    introduction: list[str]
    sections: list[SectionContent]
    conclusion: list[str]
    signature: Signature
    recipients: list[str]  # "Ban Thường vụ Tỉnh ủy (b/c)", …
    archive: str = "Lưu: VT"  # "- Lưu: VT, …" is printed from this
    annex_title: str = "PHỤ LỤC"
    period_text: str = ""  # "(Từ ngày 01/01/2025 đến ngày 31/12/2025)"

    @property
    def tables(self) -> list[AnnexTable]:
        return [table for section in self.sections for table in section.tables]

    @property
    def placeholders(self) -> list[Placeholder]:
        """Every placeholder of the body, filled or not, in reading order."""
        return [p for section in self.sections for p in section.placeholders]
