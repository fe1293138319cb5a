"""The content of a report, independent of its layout.

Sections produce blocks; a format (``phoihop/reports/formats/``) lays a :class:`ReportDocument` out as an official
Party or state document. Nothing here knows about python-docx.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy

#: What a signature block needs before the report can go to signing (shown on the report page, and in the .docx as
#: a highlighted placeholder "[Đồng chí soạn thảo bổ sung: …]" instead of the missing line).
SIGNER_NAME = gettext_lazy("the signer's full name")
SIGNER_TITLE = gettext_lazy("the signer's title")
#: A default earlier versions filled in: it names no one's position, so it counts as missing.
NOT_A_TITLE = {"THỦ TRƯỞNG ĐƠN VỊ"}
#: First cells of the rows that total a table (compared case-insensitively), besides ``AnnexTable.total_rows``.
TOTAL_LABELS = {"total", "totals", "tổng", "tổng số", "tổng cộng", "cộng"}


@dataclass
class AnnexTable:
    """A table that goes into the annex of the .docx and into a sheet of the .xlsx workbook."""

    title: str
    headers: list[str]
    rows: list[list]  # cells: str, int, Decimal, float, datetime.date or None
    #: indexes of the columns holding numbers (right-aligned, Vietnamese number format)
    numeric_columns: list[int] = field(default_factory=list)
    note: str = ""
    #: indexes of the rows that are totals (kept even when zero, printed in bold); a row whose first text cell is a
    #: total label ("Tổng số", "Cộng", "Total" …) is a total row too
    total_rows: list[int] = field(default_factory=list)

    def is_total_row(self, index: int) -> bool:
        if index in self.total_rows:
            return True
        label = next((cell for cell in self.rows[index] if isinstance(cell, str) and cell.strip()), "")
        return label.strip().rstrip(":").casefold() in TOTAL_LABELS

    def kept_rows(self) -> list[tuple[list, bool]]:
        """The rows the annex prints, each with whether it is a total row: a row whose figures are all empty or zero
        says nothing and is left out, unless it is a total. The figures are the numeric columns after the first:
        the first column names the row (a unit, an article number). A table without such columns keeps every row."""
        figures = set(self.numeric_columns) - {0}
        kept = []
        for index, row in enumerate(self.rows):
            total = self.is_total_row(index)
            values = [row[i] for i in figures if i < len(row)]
            if figures and not total and all(_is_nothing(value) for value in values):
                continue
            kept.append((row, total))
        return kept


def _is_nothing(value) -> bool:
    """Empty or zero, also as printed text ("0", "0,0", "—")."""
    if value is None:
        return True
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float | Decimal):
        return value == 0
    text = str(value).strip().replace(".", "").replace(",", "").replace("%", "")
    return text in ("", "-", "—", "–") or (text.isdigit() and int(text) == 0)


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


def placeholder_text(what) -> str:
    """The wording of a placeholder: "[Đồng chí soạn thảo bổ sung: họ tên người ký]" (in the current language)."""
    from django.utils.translation import gettext as _

    return _("[To be completed by the drafter: %(what)s]") % {"what": what}


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

    @property
    def has_title(self) -> bool:
        title = str(self.title or "").strip()
        return bool(title) and title.upper() not in NOT_A_TITLE

    @property
    def has_name(self) -> bool:
        return bool(str(self.name or "").strip())

    def missing(self) -> list[str]:
        """What the block still lacks before it can be signed, in the current language ("họ tên người ký" …)."""
        missing = []
        if not self.has_name:
            missing.append(str(SIGNER_NAME))
        if not self.has_title:
            missing.append(str(SIGNER_TITLE))
        return missing


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
    #: the filing line without "- " and the final ".": "Lưu: VT, BTG" (state), "Lưu Văn phòng Tỉnh ủy" (Party); empty:
    #: the format's usual one
    archive: str = ""
    annex_title: str = "PHỤ LỤC"
    period_text: str = ""  # "(Từ ngày 01/01/2025 đến ngày 31/12/2025)"

    @property
    def tables(self) -> list[AnnexTable]:
        return [table for section in self.sections for table in section.tables]

    @property
    def placeholders(self) -> list[Placeholder]:
        """Every placeholder of the body, filled or not, in reading order."""
        return [p for section in self.sections for p in section.placeholders]
