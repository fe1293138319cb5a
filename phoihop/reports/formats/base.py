"""Building blocks shared by the official formats: page set-up, fonts, paragraphs, the title block, the body, the
signature block, the annex tables and the page numbers.

A format (``party.py``, ``state.py``) subclasses :class:`OfficialFormat` and lays out what differs between the
Party guidance (Hướng dẫn 36-HD/VPTW) and the state decree (Nghị định 30/2020/NĐ-CP): mainly the header block and a
few details of the title block. A newer guidance is a new subclass registered under its own kind.

The fixed Vietnamese phrases in the format modules ("Số", "Nơi nhận:", "Lưu", "ngày … tháng … năm …", "PHỤ LỤC" …)
are the wording prescribed by those legal texts and are printed in every report whatever the interface language,
so they are literal constants here and not gettext msgids: a format *is* a Vietnamese legal layout.
"""

from __future__ import annotations

import datetime
import io
import math
from decimal import Decimal

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, Twips

from phoihop.reports.document import AnnexTable, Placeholder, ReportDocument

FONT_NAME = "Times New Roman"
BODY_SIZE = 14  # pt; both texts allow 13–14
TABLE_SIZE = 12  # pt; annex tables
FIRST_LINE_INDENT = Cm(1.27)
LINE_SPACING = 1.2
SPACE_AFTER = Pt(6)

# A4 and the margins (Nghị định 30/2020: top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm; 36-HD alike).
PAGE_WIDTH = Mm(210)
PAGE_HEIGHT = Mm(297)


def _mm_up(mm: float) -> Twips:
    """A length stored in whole twips (as .docx does), rounded up so that it never falls below ``mm``."""
    return Twips(math.ceil(Mm(mm) / Twips(1)))


MARGIN_TOP = _mm_up(20)
MARGIN_BOTTOM = _mm_up(20)
MARGIN_LEFT = _mm_up(30)
MARGIN_RIGHT = _mm_up(15)
CONTENT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # 165 mm

ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
         (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]  # fmt: skip

# Official wording (see the module docstring).
NO_DATA = "(Không có số liệu)"
YES, NO = "Có", "Không"


# --- Text of values


def roman(number: int) -> str:
    out = []
    for value, letters in ROMAN:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def vietnamese_date(date: datetime.date | None) -> str:
    """ "ngày 05 tháng 01 năm 2026": days below 10 and the months January and February take a leading zero
    (Nghị định 30/2020/NĐ-CP, Phụ lục I; Hướng dẫn 36-HD/VPTW likewise); "ngày 15 tháng 10 năm 2025"."""
    if date is None:
        return "ngày     tháng     năm 20…"
    day = f"{date.day:02d}" if date.day < 10 else str(date.day)
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return f"ngày {day} tháng {month} năm {date.year}"


def vietnamese_date_line(place: str, date: datetime.date | None) -> str:
    """The place and date line: "Lạng Sơn, ngày 05 tháng 01 năm 2026"."""
    text = vietnamese_date(date)
    place = str(place or "").strip()
    if place:
        return f"{place}, {text}"
    return text[0].upper() + text[1:]


def format_number(value) -> str:
    """Vietnamese style: "." groups thousands, "," separates decimals (3.840,5). Floats keep at most two
    decimals; decimals keep theirs without trailing zeros."""
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        value = Decimal(str(round(value, 2)))
    if isinstance(value, Decimal):
        if not value.is_finite():
            return str(value)
        if value == value.to_integral_value():
            value = int(value)
        else:
            text = format(value, "f").rstrip("0").rstrip(".")
            whole, _dot, decimals = text.partition(".")
            return f"{_group(int(whole), text.startswith('-'))},{decimals}"
    return _group(int(value), value < 0)


def _group(whole: int, negative: bool) -> str:
    text = f"{abs(whole):,}".replace(",", ".")
    return f"-{text}" if negative else text


def format_date(value) -> str:
    if isinstance(value, datetime.datetime):
        return value.strftime("%H:%M %d/%m/%Y")
    return value.strftime("%d/%m/%Y")


def is_number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def cell_text(value) -> str:
    """The printed text of an annex-table cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if is_number(value):
        return format_number(value)
    if isinstance(value, datetime.date):
        return format_date(value)
    return str(value)


# --- Low-level XML helpers


def set_run_fonts(rpr, name: str = FONT_NAME) -> None:
    """Name the font for every script (ascii, hAnsi, eastAsia, cs) and drop theme fonts that would override it."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


_PBDR_SUCCESSORS = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
_TBLBORDERS_SUCCESSORS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")
_OUTLINE_SUCCESSORS = ("w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def _insert_before(parent, element, successors) -> None:
    """Insert ``element`` into ``parent`` before its first child named in ``successors`` (schema order)."""
    names = {qn(tag) for tag in successors}
    anchor = next((child for child in parent if child.tag in names), None)
    if anchor is None:
        parent.append(element)
    else:
        anchor.addprevious(element)


def _emphasis(run, *, bold=False, italic=False, underline=False) -> None:
    """Set only what is on, so runs inherit the rest from their style."""
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    if underline:
        run.underline = True


def _child(parent, tag: str):
    element = parent.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        parent.append(element)
    return element


def paragraph_border(paragraph, side: str = "bottom", size: int = 6, space: int = 1) -> None:
    """A rule along one side of a paragraph (``size`` in eighths of a point)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        # CT_PPr is a sequence: pBdr goes before shd, tabs, spacing, ind, jc … that python-docx may have written.
        _insert_before(ppr, borders, _PBDR_SUCCESSORS)
    line = OxmlElement(f"w:{side}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size))
    line.set(qn("w:space"), str(space))
    line.set(qn("w:color"), "auto")
    borders.append(line)


def outline_level(paragraph, level: int) -> None:
    """Show a heading in Word's navigation pane without using the (theme-coloured) Heading styles."""
    ppr = paragraph._p.get_or_add_pPr()
    element = OxmlElement("w:outlineLvl")
    element.set(qn("w:val"), str(level))
    _insert_before(ppr, element, _OUTLINE_SUCCESSORS)


def table_borders(table, val: str) -> None:
    """Set every border of a table to ``val`` ("nil" for none, "single" for a grid)."""
    tbl_pr = table._tbl.tblPr
    borders = tbl_pr.find(qn("w:tblBorders"))
    if borders is not None:
        tbl_pr.remove(borders)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{side}")
        line.set(qn("w:val"), val)
        if val != "nil":
            line.set(qn("w:sz"), "4")
            line.set(qn("w:space"), "0")
            line.set(qn("w:color"), "auto")
        borders.append(line)
    _insert_before(tbl_pr, borders, _TBLBORDERS_SUCCESSORS)


def fixed_layout(table, widths) -> None:
    """Fixed column widths (Word reads the cell widths, LibreOffice the grid)."""
    table.autofit = False  # <w:tblLayout w:type="fixed"/>
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width


def repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    _child(tr_pr, "w:tblHeader").set(qn("w:val"), "true")


def cant_split(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    _child(tr_pr, "w:cantSplit").set(qn("w:val"), "true")


def add_field(paragraph, instruction: str, placeholder: str = "2", size: int | None = None) -> None:
    """A complex field (``PAGE`` …) Word and LibreOffice update when they lay the page out."""

    def run(*elements, text=None):
        r = paragraph.add_run(text)
        if size:
            r.font.size = Pt(size)
        for element in elements:
            r._r.append(element)
        return r

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run(separate)
    run(text=placeholder)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run(end)


# --- The format


class OfficialFormat:
    """Lays a :class:`ReportDocument` out as an official document. Subclasses write :meth:`header` and adjust the
    class attributes; everything else is shared."""

    kind = ""
    #: widths of the two columns of the header table and of the signature table
    header_widths = (Mm(75), Mm(90))
    signature_widths = (Mm(75), Mm(90))
    title_size = BODY_SIZE

    def __init__(self, doc: ReportDocument):
        self.doc = doc
        self.document = Document()

    # The whole document.
    def render(self) -> bytes:
        self.setup()
        self.header()
        self.title_block()
        self.body()
        self.signature()
        self.annex()
        self.page_numbers()
        self.properties()
        self.finish()
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()

    # --- Page and styles

    def setup(self) -> None:
        section = self.document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width = PAGE_WIDTH
        section.page_height = PAGE_HEIGHT
        section.top_margin = MARGIN_TOP
        section.bottom_margin = MARGIN_BOTTOM
        section.left_margin = MARGIN_LEFT
        section.right_margin = MARGIN_RIGHT
        section.header_distance = Mm(10)
        section.footer_distance = Mm(10)

        styles = self.document.styles
        # Document defaults: Times New Roman for every script, Vietnamese proofing language.
        defaults = styles.element.find(qn("w:docDefaults"))
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        set_run_fonts(rpr)
        rpr.find(qn("w:sz")).set(qn("w:val"), str(BODY_SIZE * 2))
        rpr.find(qn("w:szCs")).set(qn("w:val"), str(BODY_SIZE * 2))
        lang = rpr.find(qn("w:lang"))
        lang.set(qn("w:val"), "vi-VN")
        lang.set(qn("w:eastAsia"), "vi-VN")

        normal = styles["Normal"]
        normal.font.name = FONT_NAME
        normal.font.size = Pt(BODY_SIZE)
        set_run_fonts(normal.element.get_or_add_rPr())
        normal.paragraph_format.space_before = Pt(0)
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        for name in ("Header", "Footer", "Table Grid"):
            style = styles[name]
            style.font.name = FONT_NAME
            set_run_fonts(style.element.get_or_add_rPr())

    def properties(self) -> None:
        props = self.document.core_properties
        props.title = f"{self.doc.doc_type_name} {self.doc.title}".strip()
        props.subject = str(self.doc.title)
        props.author = str(self.doc.issuing_body)
        props.last_modified_by = str(self.doc.issuing_body)
        props.comments = ""
        props.keywords = str(self.doc.number)
        props.language = "vi-VN"
        now = datetime.datetime.now(datetime.UTC).replace(tzinfo=None, microsecond=0)
        props.created = now
        props.modified = now

    def finish(self) -> None:
        """Every table cell needs a paragraph, even one a block left empty."""
        for tc in self.document.element.body.iter(qn("w:tc")):
            if tc.find(qn("w:p")) is None:
                tc.append(OxmlElement("w:p"))

    # --- Paragraphs

    def paragraph(
        self,
        text: str = "",
        *,
        container=None,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        size: float = BODY_SIZE,
        bold: bool = False,
        italic: bool = False,
        underline: bool = False,
        before: float = 0,
        after: float = 0,
        keep_with_next: bool = False,
    ):
        """A single-spaced paragraph with one run (the header, title and signature blocks)."""
        container = container if container is not None else self.document
        paragraph = container.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.alignment = align
        fmt.space_before = Pt(before)
        fmt.space_after = Pt(after)
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        fmt.keep_with_next = keep_with_next
        if text:
            run = paragraph.add_run(str(text))
            run.font.size = Pt(size)
            _emphasis(run, bold=bold, italic=italic, underline=underline)
        return paragraph

    def rule(self, length, *, container=None, available=None, before: float = 0, after: float = 0):
        """A short centred horizontal rule: an empty one-point paragraph with a bottom border, indented so that the
        line is ``length`` long within ``available``."""
        available = available if available is not None else CONTENT_WIDTH
        paragraph = self.paragraph(container=container, before=before, after=after)
        fmt = paragraph.paragraph_format
        indent = max(int((available - length) / 2), 0)
        fmt.left_indent = indent
        fmt.right_indent = indent
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(1)
        paragraph_border(paragraph, "bottom", size=6, space=0)
        return paragraph

    def body_paragraph(self, text: str, *, bold: bool = False, italic: bool = False, heading_level=None):
        """A justified body paragraph: first-line indent, line spacing ~1.2, 6 pt after, 14 pt."""
        paragraph = self.document.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.first_line_indent = FIRST_LINE_INDENT
        fmt.line_spacing = LINE_SPACING
        fmt.space_before = Pt(0)
        fmt.space_after = SPACE_AFTER
        fmt.widow_control = True
        if heading_level is not None:
            fmt.keep_with_next = True
            outline_level(paragraph, heading_level)
        lines = str(text).split("\n")
        for index, line in enumerate(lines):
            run = paragraph.add_run(line)
            run.font.size = Pt(BODY_SIZE)
            _emphasis(run, bold=bold, italic=italic)
            if index < len(lines) - 1:
                run.add_break(WD_BREAK.LINE)
        return paragraph

    def two_columns(self, widths, rows: int = 1):
        """A borderless two-column table (header and signature blocks)."""
        table = self.document.add_table(rows=rows, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table_borders(table, "nil")
        fixed_layout(table, widths)
        for row in table.rows:
            for cell in row.cells:
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
                # A new cell holds one empty paragraph; blocks add theirs after it, so remove it.
                for paragraph in list(cell.paragraphs):
                    paragraph._p.getparent().remove(paragraph._p)
        return table

    # --- Blocks

    def header(self) -> None:
        raise NotImplementedError

    def date_line(self) -> str:
        return vietnamese_date_line(self.doc.place, self.doc.date)

    def title_separator(self) -> None:
        """What follows the summary line: a short rule by default."""
        self.rule(Mm(40), after=6)

    def title_block(self) -> None:
        doc = self.doc
        self.paragraph(doc.doc_type_name, size=self.title_size, bold=True, before=18, keep_with_next=True)
        if doc.title:
            self.paragraph(doc.title, size=BODY_SIZE, bold=True, keep_with_next=True)
        if doc.period_text:
            self.paragraph(doc.period_text, size=BODY_SIZE, italic=True, keep_with_next=True)
        self.title_separator()
        self.paragraph(after=6)

    def body(self) -> None:
        """The introduction, the parts and headings numbered by level (PHẦN I, I., 1., a)), the closing."""
        doc = self.doc
        for text in doc.introduction:
            self.body_text(text)
        counters = [0, 0, 0, 0]
        for section in doc.sections:
            level = min(max(int(section.level), 0), 3)
            counters[level] += 1
            for deeper in range(level + 1, 4):
                counters[deeper] = 0
            heading = str(section.heading).strip()
            number = counters[level]
            if level == 0:
                text = f"PHẦN {roman(number)}\n{heading.upper()}"
                paragraph = self.body_paragraph(text, bold=True, heading_level=0)
                paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
                paragraph.paragraph_format.first_line_indent = 0
            elif level == 1:
                self.body_paragraph(f"{roman(number)}. {heading.upper()}", bold=True, heading_level=1)
            elif level == 2:
                self.body_paragraph(f"{number}. {heading}", bold=True, heading_level=2)
            else:
                letter = "abcdefghiklmnopqrstuvxy"[(number - 1) % 23]
                self.body_paragraph(f"{letter}) {heading}", bold=True, italic=True, heading_level=3)
            for text in section.paragraphs:
                self.body_text(text)
        for text in doc.conclusion:
            self.body_text(text)

    def body_text(self, text):
        """A body paragraph; a placeholder the drafter has not completed is highlighted in yellow."""
        if isinstance(text, Placeholder) and not text.filled:
            paragraph = self.body_paragraph(str(text), italic=True)
            for run in paragraph.runs:
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW
            return paragraph
        return self.body_paragraph(str(text))

    def on_behalf_text(self) -> str:
        return str(self.doc.signature.on_behalf or "").upper()

    def signature(self) -> None:
        doc = self.doc
        self.paragraph(after=6)
        table = self.two_columns(self.signature_widths)
        cant_split(table.rows[0])
        left, right = table.rows[0].cells
        self.paragraph(
            "Nơi nhận:", container=left, align=WD_ALIGN_PARAGRAPH.LEFT, size=12, bold=True, italic=True, before=6
        )
        for recipient in doc.recipients:
            self.paragraph(
                f"- {str(recipient).rstrip(' ,;.')},", container=left, align=WD_ALIGN_PARAGRAPH.LEFT, size=11
            )
        archive = str(doc.archive or "Lưu: VT").strip().lstrip("- ").rstrip(" ,;.")
        self.paragraph(f"- {archive}.", container=left, align=WD_ALIGN_PARAGRAPH.LEFT, size=11)

        sig = doc.signature
        on_behalf = self.on_behalf_text()
        if on_behalf:
            self.paragraph(on_behalf, container=right, bold=True)
        if sig.title:
            self.paragraph(str(sig.title).upper(), container=right, bold=True)
        for _ in range(4):  # room for the signature and the seal
            self.paragraph(container=right)
        self.paragraph(sig.name, container=right, bold=True, before=12)

    def annex(self) -> None:
        tables = self.doc.tables
        if not tables:
            return
        doc = self.doc
        self.paragraph().add_run().add_break(WD_BREAK.PAGE)
        self.paragraph(doc.annex_title, bold=True, keep_with_next=True)
        reference = f"(Kèm theo {str(doc.doc_type_name).capitalize()} số {doc.number or '…'}"
        if doc.date:
            reference += f" ngày {format_date(doc.date)}"
        self.paragraph(f"{reference})", italic=True, after=12)
        for number, table in enumerate(tables, start=1):
            self.annex_table(number, table)

    def annex_table(self, number: int, table: AnnexTable) -> None:
        self.paragraph(f"Biểu {number}. {table.title}", bold=True, before=12, after=6, keep_with_next=True)
        columns = max(len(table.headers), max((len(row) for row in table.rows), default=0), 1)
        grid = self.document.add_table(rows=1, cols=columns)
        grid.style = self.document.styles["Table Grid"]
        grid.alignment = WD_TABLE_ALIGNMENT.CENTER
        table_borders(grid, "single")
        numeric = set(table.numeric_columns)
        fixed_layout(grid, self.column_widths(table, columns))

        header = grid.rows[0]
        repeat_header(header)
        for index, cell in enumerate(header.cells):
            text = str(table.headers[index]) if index < len(table.headers) else ""
            self._cell(cell, text, WD_ALIGN_PARAGRAPH.CENTER, bold=True)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER

        for values in table.rows:
            row = grid.add_row()
            cant_split(row)
            for index, cell in enumerate(row.cells):
                value = values[index] if index < len(values) else None
                if index in numeric or is_number(value):
                    align = WD_ALIGN_PARAGRAPH.RIGHT
                elif isinstance(value, datetime.date):
                    align = WD_ALIGN_PARAGRAPH.CENTER
                else:
                    align = WD_ALIGN_PARAGRAPH.LEFT
                self._cell(cell, cell_text(value), align)
        if not table.rows:
            row = grid.add_row()
            merged = row.cells[0].merge(row.cells[-1]) if columns > 1 else row.cells[0]
            self._cell(merged, NO_DATA, WD_ALIGN_PARAGRAPH.CENTER, italic=True)
        if table.note:
            self.paragraph(table.note, align=WD_ALIGN_PARAGRAPH.JUSTIFY, size=TABLE_SIZE, italic=True, before=3)

    @staticmethod
    def column_widths(table: AnnexTable, columns: int) -> list[int]:
        """Share the width of the text area between the columns by the length of what they hold."""
        weights = []
        for index in range(columns):
            header = str(table.headers[index]) if index < len(table.headers) else ""
            longest_word = max((len(word) for word in header.split()), default=0)
            content = max((len(cell_text(row[index])) for row in table.rows if index < len(row)), default=0)
            weights.append(min(max(longest_word, min(len(header), 16), content, 4), 40))
        total = sum(weights)
        return [int(CONTENT_WIDTH * weight / total) for weight in weights]

    def _cell(self, cell, text: str, align, *, bold: bool = False, italic: bool = False) -> None:
        paragraph = cell.paragraphs[0]
        fmt = paragraph.paragraph_format
        fmt.alignment = align
        fmt.space_before = Pt(2)
        fmt.space_after = Pt(2)
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        run = paragraph.add_run(text)
        run.font.size = Pt(TABLE_SIZE)
        _emphasis(run, bold=bold, italic=italic)

    def page_numbers(self) -> None:
        """Page numbers centred in the header from page 2: the first page has its own (empty) header."""
        section = self.document.sections[0]
        section.different_first_page_header_footer = True
        header = section.header
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0]
        paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_field(paragraph, "PAGE", size=BODY_SIZE)
        first = section.first_page_header
        first.is_linked_to_previous = False
