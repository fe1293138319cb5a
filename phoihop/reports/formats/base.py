"""Building blocks shared by the official formats: page set-up, fonts, paragraphs, the title block, the body, the
signature block, the annex tables and the page numbers.

A format (``party.py``, ``state.py``) subclasses :class:`OfficialFormat` and lays out what differs between the
Party guidance (Hướng dẫn 36-HD/VPTW) and the state decree (Nghị định 30/2020/NĐ-CP): mainly the header block and a
few details of the title block. A newer guidance is a new subclass registered under its own kind.

The fixed Vietnamese phrases in the format modules ("Số", "Nơi nhận:", "Lưu", "ngày … tháng … năm …", "PHỤ LỤC" …)
are the wording prescribed by those legal texts and are printed in every report whatever the interface language,
so they are literal constants here and not gettext msgids: a format *is* a Vietnamese legal layout. The one
exception are placeholders ("[Đồng chí soạn thảo bổ sung: …]", see :func:`placeholder_run`): notes to the drafter
that must be replaced before signing, not wording of the document, so they are gettext msgids.

Pagination rules (what a reviewer checks on the printed page): the last body paragraph, "Nơi nhận" and the signature
stay on one page (keep-with-next, keep-lines-together, rows that cannot split); the annex starts a section of its own
whose section break is the only break before it, portrait unless a table does not fit the width of a portrait page.
"""

from __future__ import annotations

import datetime
import io
import math
import re
import unicodedata
from decimal import Decimal

from django.utils.text import capfirst
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, Twips
from docx.text.paragraph import Paragraph

from phoihop.reports.document import (
    SIGNER_NAME,
    SIGNER_TITLE,
    AnnexTable,
    Placeholder,
    ReportDocument,
    placeholder_text,
)

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
LANDSCAPE_CONTENT_WIDTH = PAGE_HEIGHT - MARGIN_LEFT - MARGIN_RIGHT  # 252 mm

# Laying out annex tables: each cell has 1.9 mm of margin on either side (the "Table Grid" style), plus some room for
# the rounding of the grid to twips and for a renderer's own rounding.
CELL_MARGINS = Mm(3.8) + Mm(1.2)
LONGEST_WORD = Mm(60)  # a longer "word" (an address, a URL) may break
ONE_LINE = Mm(100)  # text columns are given up to this much room before they wrap
WIDTH_MARGIN = 1.04  # text is measured with this much to spare

# Advance widths of Times New Roman in ems (the Adobe Times metrics, which Times New Roman and Liberation Serif
# share), regular and bold, for measuring what a table cell must hold. Vietnamese letters are measured by their
# base letter (NFD); the horn of ơ and ư adds a little.
_EM_GROUPS = {
    False: {
        0.25: " .,", 0.278: "ijlt:;/", 0.333: "fr-()[]I'", 0.389: "sJ", 0.444: "acez", 0.5: "bdghknopquvxy0123456789",
        0.556: "FPS", 0.611: "ELTZ", 0.667: "BCR", 0.722: "wADGHKNOQUVXY", 0.778: "m", 0.833: "%", 0.889: "M",
        0.944: "W",
    },
    True: {
        0.25: " .,", 0.278: "il/", 0.333: "fjt:;-()[]'", 0.389: "sI", 0.444: "cerz", 0.5: "agovxyJ0123456789",
        0.556: "bdhknpquS", 0.611: "FP", 0.667: "BELTZ", 0.722: "wACDNRUVXY", 0.778: "GHKOQ", 0.833: "m",
        0.944: "M", 1.0: "W%",
    },
}  # fmt: skip
_EM = {bold: {char: em for em, chars in groups.items() for char in chars} for bold, groups in _EM_GROUPS.items()}
_EM_OTHER = 0.6  # any other character
_HORN = "\u031b"

ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
         (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]  # fmt: skip

# Official wording (see the module docstring).
NO_DATA = "(Không có số liệu)"
YES, NO = "Có", "Không"

#: The highlight of a placeholder: text the drafter must supply before the report can be signed.
PLACEHOLDER_HIGHLIGHT = WD_COLOR_INDEX.YELLOW
#: Marks around a placeholder inside text handed to a format (body paragraphs, table cells, header and signature
#: lines): ``f"{PLACEHOLDER_OPEN}[…]{PLACEHOLDER_CLOSE}"``, best written with :func:`placeholder`. The marks are
#: not printed; the text between them is, highlighted (:func:`placeholder_run`).
PLACEHOLDER_OPEN, PLACEHOLDER_CLOSE = "\u27e6", "\u27e7"  # ⟦ ⟧
_PLACEHOLDER = re.compile(f"{re.escape(PLACEHOLDER_OPEN)}(.*?){re.escape(PLACEHOLDER_CLOSE)}", re.DOTALL)


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
    text = str(value)
    if _ISO_DATE.match(text.strip()):  # a date the snapshot stored as text: "2021-06-15" → "15/06/2021"
        day = parse_date_text(text)
        if day is not None:
            return format_date(day)
    return text


# --- Placeholders


def placeholder(what) -> str:
    """A marked placeholder asking the drafter to supply ``what``, for text handed to a format: it prints as
    "[Đồng chí soạn thảo bổ sung: <what>]", highlighted."""
    return f"{PLACEHOLDER_OPEN}{placeholder_text(what)}{PLACEHOLDER_CLOSE}"


def strip_placeholder_marks(text) -> str:
    """The text as printed, for outputs that cannot highlight (the .xlsx)."""
    return str(text).replace(PLACEHOLDER_OPEN, "").replace(PLACEHOLDER_CLOSE, "")


def has_placeholder(text) -> bool:
    return PLACEHOLDER_OPEN in str(text)


def placeholder_run(paragraph, text, *, size: float | None = None, bold: bool = False, italic: bool = False):
    """Add ``text`` to ``paragraph`` as a placeholder: a run highlighted in yellow, so that nobody signs a report
    with it. ``text`` is printed as given (see :func:`placeholder_text` for the usual wording)."""
    run = paragraph.add_run(strip_placeholder_marks(text))
    if size:
        run.font.size = Pt(size)
    _emphasis(run, bold=bold, italic=italic)
    run.font.highlight_color = PLACEHOLDER_HIGHLIGHT
    return run


def add_text(paragraph, text, *, size: float | None = None, bold=False, italic=False, underline=False) -> list:
    """Add ``text`` as runs: plain runs, and a highlighted placeholder run for each marked placeholder."""
    runs = []
    for index, part in enumerate(_PLACEHOLDER.split(str(text))):
        if not part:
            continue
        if index % 2:
            runs.append(placeholder_run(paragraph, part, size=size, bold=bold, italic=italic))
            continue
        run = paragraph.add_run(part)
        if size:
            run.font.size = Pt(size)
        _emphasis(run, bold=bold, italic=italic, underline=underline)
        runs.append(run)
    return runs


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


def keep_table_together(table) -> None:
    """Keep a (short) table on one page: no row splits, no paragraph splits, and every paragraph kept with the next
    one except the last paragraph of each cell of the last row, so that the table is not tied to what follows."""
    rows = table.rows
    for index, row in enumerate(rows):
        cant_split(row)
        last_row = index == len(rows) - 1
        for cell in row.cells:
            paragraphs = cell.paragraphs
            for number, paragraph in enumerate(paragraphs):
                fmt = paragraph.paragraph_format
                fmt.keep_together = True
                fmt.keep_with_next = not (last_row and number == len(paragraphs) - 1)


def table_width(table, width) -> None:
    """The table's preferred width (LibreOffice reads it besides the grid)."""
    tbl_pr = table._tbl.tblPr
    element = tbl_pr.find(qn("w:tblW"))
    if element is None:
        element = OxmlElement("w:tblW")
        tbl_pr.append(element)
    element.set(qn("w:type"), "dxa")
    element.set(qn("w:w"), str(int(width / Twips(1))))


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


# --- Annex tables


def text_width(text: str, *, bold: bool = False, size: float = TABLE_SIZE) -> int:
    """The printed width of ``text`` on one line, in EMU, with a small margin to spare."""
    ems = 0.0
    widths = _EM[bold]
    for char in unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D")):
        if char == _HORN:
            ems += 0.08
        elif not unicodedata.combining(char):
            ems += widths.get(char, _EM_OTHER)
    return int(Pt(ems * size) * WIDTH_MARGIN)


#: where a line may break inside a "word": after a hyphen or a slash followed by a letter (the Unicode line-breaking
#: rules LibreOffice and Word follow), never in a number or a date ("12/2025")
_BREAK_INSIDE = re.compile(r"(?<=[-/])(?=[^\W\d_])")
#: a number and symbol up to this wide stays on one line ("05-QC/TU-ĐUBĐBP"); a longer one may break at its hyphens
#: and slashes ("01-QC/CBĐBPBS-" "ĐUBS") rather than squeeze the text beside it to a word a line
WHOLE_CODE = Mm(42)


def word_width(word: str, *, bold: bool = False) -> int:
    whole = text_width(word, bold=bold)
    if whole <= WHOLE_CODE:
        return whole
    return max(text_width(part, bold=bold) for part in _BREAK_INSIDE.split(word))


def longest_word(texts, *, bold: bool = False) -> int:
    return max((word_width(word, bold=bold) for text in texts for word in str(text).split()), default=0)


def column_count(table: AnnexTable) -> int:
    return max(len(table.headers), max((len(row) for row in table.rows), default=0), 1)


def header_texts(table: AnnexTable) -> list[str]:
    """The column headers as printed: first letter in upper case ("tuần tra" → "Tuần tra"), one per column."""
    headers = [str(header).strip() for header in table.headers]
    headers += [""] * (column_count(table) - len(headers))
    return [capfirst(header) for header in headers]


_DATE_TEXT = re.compile(r"^(\d{2}/\d{2}/\d{4}|\d{4}-\d{2}-\d{2})$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def is_date_text(value) -> bool:
    return isinstance(value, str) and bool(_DATE_TEXT.match(value.strip()))


def parse_date_text(value) -> datetime.date | None:
    """ "07/03/2025" or "2025-03-07" → the date; None for anything else."""
    if not is_date_text(value):
        return None
    text = value.strip()
    try:
        if "/" in text:
            return datetime.datetime.strptime(text, "%d/%m/%Y").date()
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def numeric_columns(table: AnnexTable) -> set[int]:
    """The declared numeric columns and any other column holding only numbers."""
    numeric = set(table.numeric_columns)
    for index in range(column_count(table)):
        values = [row[index] for row in table.rows if index < len(row) and row[index] not in (None, "")]
        if values and all(is_number(value) for value in values):
            numeric.add(index)
    return numeric


def column_widths(table: AnnexTable) -> tuple[list[int], bool]:
    """Column widths that fit the text area, and whether the table needs a landscape page.

    Numbers and dates never wrap: such a column is at least as wide as its longest printed value and as the
    longest word of its header. A text column is at least as wide as its longest word (up to ``LONGEST_WORD``) and
    is given up to one line of ``ONE_LINE`` when there is room. When these minimums do not fit
    a portrait page the table goes on a landscape one; the widths then fill the landscape width. What is left over is
    shared by the text columns (or by every column of an all-numbers table). Widths are measured with the metrics
    of Times New Roman (:func:`text_width`)."""
    columns = column_count(table)
    numeric = numeric_columns(table)
    headers = header_texts(table)
    rows = [row for row, _total in table.kept_rows()]
    minimum, wanted, text_columns = [], [], []
    for index in range(columns):
        header_word = longest_word([headers[index]], bold=True)
        texts = [cell_text(row[index]) for row in rows if index < len(row)]
        widest = max((text_width(text) for text in texts), default=0)
        dates = any(map(is_date_text, texts)) and all(is_date_text(text) or not text for text in texts)
        if index in numeric or dates:
            low = max(widest, header_word) + CELL_MARGINS
            minimum.append(low)
            wanted.append(low)
            continue
        low = max(min(longest_word(texts), LONGEST_WORD), header_word) + CELL_MARGINS
        line = max(min(widest, ONE_LINE), min(text_width(headers[index], bold=True), ONE_LINE / 2))
        minimum.append(low)
        wanted.append(max(low, line + CELL_MARGINS))
        text_columns.append(index)
    landscape = sum(minimum) > CONTENT_WIDTH
    available = LANDSCAPE_CONTENT_WIDTH if landscape else CONTENT_WIDTH
    return [int(width) for width in share(available, minimum, wanted, text_columns)], landscape


def share(available, minimum, wanted, receivers) -> list[float]:
    """Widths summing to ``available``: every column its minimum (all scaled down alike when even these do not fit),
    then towards what it wants, then the rest to ``receivers`` (every column if none) in proportion."""
    total = sum(minimum)
    if total >= available:
        return [width * available / total for width in minimum]
    widths = list(minimum)
    extra = available - total
    growth = [want - low for want, low in zip(wanted, minimum, strict=True)]
    if sum(growth) > 0:
        taken = min(extra, sum(growth))
        widths = [width + taken * grow / sum(growth) for width, grow in zip(widths, growth, strict=True)]
        extra -= taken
    if extra > 0:
        receivers = receivers or list(range(len(widths)))
        weight = sum(widths[index] for index in receivers)
        for index in receivers:
            widths[index] += extra * widths[index] / weight
    return widths


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
            add_text(paragraph, text, size=size, bold=bold, italic=italic, underline=underline)
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
            runs = add_text(paragraph, line, size=BODY_SIZE, bold=bold, italic=italic)
            if index < len(lines) - 1:
                (runs[-1] if runs else paragraph.add_run()).add_break(WD_BREAK.LINE)
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
            return self.body_paragraph(placeholder(text.prompt))
        return self.body_paragraph(str(text))

    def on_behalf_text(self) -> str:
        return str(self.doc.signature.on_behalf or "").upper()

    # The closing ("Nơi nhận" and the filing line): Nghị định 30/2020 — "Nơi nhận:" 12 pt bold italic, the recipients
    # 11 pt, each line ending ";", the last "- Lưu: VT, …." ending "."; the Party format overrides.
    recipients_heading = {"size": 12, "bold": True, "italic": True}
    recipient_size = 11
    recipient_end = ";"

    def default_archive(self) -> str:
        return "Lưu: VT"

    def archive_text(self) -> str:
        """The filing line without its "- " and final ".": the document's, else the format's usual one."""
        archive = str(self.doc.archive or "").strip().lstrip("- ").rstrip(" ,;.")
        return archive or self.default_archive()

    def keep_last_paragraph_with_next(self) -> None:
        """The last paragraph so far (the closing sentence of the body) is not split and stays on the page of what
        follows, so that the signature never stands alone on a page."""
        for element in reversed(self.document.element.body):
            if element.tag == qn("w:sectPr"):
                continue
            if element.tag == qn("w:p"):
                fmt = Paragraph(element, self.document._body).paragraph_format
                fmt.keep_together = True
                fmt.keep_with_next = True
            return

    def signature(self) -> None:
        doc = self.doc
        self.keep_last_paragraph_with_next()
        spacer = self.paragraph(after=6, keep_with_next=True)
        spacer.paragraph_format.keep_together = True
        table = self.two_columns(self.signature_widths)
        left, right = table.rows[0].cells
        self.paragraph("Nơi nhận:", container=left, align=WD_ALIGN_PARAGRAPH.LEFT, before=6, **self.recipients_heading)
        for recipient in doc.recipients:
            text = str(recipient).strip().lstrip("- ").rstrip(" ,;.")
            if text:
                self.paragraph(
                    f"- {text}{self.recipient_end}",
                    container=left,
                    align=WD_ALIGN_PARAGRAPH.LEFT,
                    size=self.recipient_size,
                )
        self.paragraph(
            f"- {self.archive_text()}.", container=left, align=WD_ALIGN_PARAGRAPH.LEFT, size=self.recipient_size
        )

        sig = doc.signature
        on_behalf = self.on_behalf_text()
        if on_behalf:
            self.paragraph(on_behalf, container=right, bold=True)
        if sig.has_title:
            self.paragraph(str(sig.title).upper(), container=right, bold=True)
        else:
            self.placeholder_paragraph(placeholder_text(SIGNER_TITLE), container=right)
        for _line in range(4):  # room for the signature and the seal
            self.paragraph(container=right)
        if sig.has_name:
            self.paragraph(sig.name, container=right, bold=True, before=12)
        else:
            self.placeholder_paragraph(placeholder_text(SIGNER_NAME), container=right, before=12)
        keep_table_together(table)

    def placeholder_paragraph(self, text: str, *, container=None, before: float = 0):
        paragraph = self.paragraph(container=container, before=before)
        placeholder_run(paragraph, text, size=BODY_SIZE, bold=True)
        return paragraph

    # --- Annex

    def annex(self) -> None:
        """The annex: a section of its own (landscape when a table does not fit a portrait page), its title, the
        reference to the report and one "Biểu" per table. The section break is the only break before the annex: a
        page break followed by a section break would leave a blank page."""
        tables = self.doc.tables
        if not tables:
            return
        doc = self.doc
        layouts = [self.annex_layout(table) for table in tables]
        self.new_section(landscape=any(landscape for _widths, landscape in layouts))
        self.paragraph(doc.annex_title, bold=True, keep_with_next=True)
        reference = f"(Kèm theo {str(doc.doc_type_name).capitalize()} số {doc.number or '…'}"
        if doc.date:
            reference += f" ngày {format_date(doc.date)}"
        self.paragraph(f"{reference})", italic=True, after=12)
        for number, (table, (widths, _landscape)) in enumerate(zip(tables, layouts, strict=True), start=1):
            self.annex_table(number, table, widths)

    def new_section(self, *, landscape: bool = False):
        """Start a new section on a new page. The paragraph that closes the previous section is shrunk to a
        one-point line so that it cannot spill onto a page of its own."""
        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        carrier = self.document.paragraphs[-1]
        fmt = carrier.paragraph_format
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(1)
        fmt.keep_with_next = False
        ppr = carrier._p.get_or_add_pPr()
        mark = OxmlElement("w:rPr")
        size = OxmlElement("w:sz")
        size.set(qn("w:val"), "2")
        mark.append(size)
        ppr.find(qn("w:sectPr")).addprevious(mark)
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = (PAGE_HEIGHT, PAGE_WIDTH) if landscape else (PAGE_WIDTH, PAGE_HEIGHT)
        section.different_first_page_header_footer = False  # the page numbers go on over the annex
        return section

    def annex_table(self, number: int, table: AnnexTable, widths=None) -> None:
        self.paragraph(f"Biểu {number}. {table.title}", bold=True, before=12, after=6, keep_with_next=True)
        columns = column_count(table)
        if widths is None:
            widths, _landscape = self.annex_layout(table)
        grid = self.document.add_table(rows=1, cols=columns)
        grid.style = self.document.styles["Table Grid"]
        grid.alignment = WD_TABLE_ALIGNMENT.CENTER
        table_borders(grid, "single")
        numeric = numeric_columns(table)
        fixed_layout(grid, widths)
        table_width(grid, sum(widths))

        header = grid.rows[0]
        repeat_header(header)
        cant_split(header)
        for cell, text in zip(header.cells, header_texts(table), strict=True):
            self._cell(cell, text, WD_ALIGN_PARAGRAPH.CENTER, bold=True)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            cell.paragraphs[0].paragraph_format.keep_with_next = True  # no header row alone at a page foot

        rows = table.kept_rows()
        for values, total in rows:
            row = grid.add_row()
            cant_split(row)
            for index, cell in enumerate(row.cells):
                value = values[index] if index < len(values) else None
                if index in numeric or is_number(value):
                    align = WD_ALIGN_PARAGRAPH.RIGHT
                elif isinstance(value, datetime.date) or is_date_text(value):
                    align = WD_ALIGN_PARAGRAPH.CENTER
                else:
                    align = WD_ALIGN_PARAGRAPH.LEFT
                self._cell(cell, cell_text(value), align, bold=total)
        if not rows:
            row = grid.add_row()
            merged = row.cells[0].merge(row.cells[-1]) if columns > 1 else row.cells[0]
            self._cell(merged, NO_DATA, WD_ALIGN_PARAGRAPH.CENTER, italic=True)
        if table.note:
            self.paragraph(table.note, align=WD_ALIGN_PARAGRAPH.JUSTIFY, size=TABLE_SIZE, italic=True, before=3)

    @staticmethod
    def annex_layout(table: AnnexTable) -> tuple[list[int], bool]:
        """The column widths of an annex table and whether it needs a landscape page (see :func:`column_widths`)."""
        return column_widths(table)

    def _cell(self, cell, text: str, align, *, bold: bool = False, italic: bool = False) -> None:
        paragraph = cell.paragraphs[0]
        fmt = paragraph.paragraph_format
        fmt.alignment = align
        fmt.space_before = Pt(2)
        fmt.space_after = Pt(2)
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        add_text(paragraph, text, size=TABLE_SIZE, bold=bold, italic=italic)

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
