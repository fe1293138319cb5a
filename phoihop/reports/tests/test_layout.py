"""Pagination and layout of the generated .docx: the signature block kept with the closing paragraph, one break
before the annex, placeholders for what the drafter must supply, and annex tables whose columns fit their content."""

import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from PIL import ImageFont

from phoihop.reports.document import AnnexTable, SectionContent
from phoihop.reports.formats import render_docx
from phoihop.reports.formats.base import (
    CONTENT_WIDTH,
    LANDSCAPE_CONTENT_WIDTH,
    PLACEHOLDER_CLOSE,
    PLACEHOLDER_OPEN,
    placeholder,
    placeholder_run,
)
from phoihop.reports.tests.test_formats import make_document

#: each cell has 1.9 mm of margin on either side
MARGINS = Mm(3.8)
#: Liberation Serif has the metrics of Times New Roman
SERIF = {False: "LiberationSerif-Regular.ttf", True: "LiberationSerif-Bold.ttf"}


def printed_width(text, *, bold=False, size=12):
    """The width of ``text`` set in 12 pt Times New Roman, measured with the font (Liberation Serif) itself."""
    path = next(Path("/usr/share/fonts").rglob(SERIF[bold]), None)
    if path is None:
        pytest.skip("Liberation Serif is not installed")
    font = ImageFont.truetype(str(path), 1000)
    return Pt(font.getlength(text) / 1000 * size)


def render(doc):
    return Document(io.BytesIO(render_docx(doc)))


def blocks(document):
    """The body's paragraphs and tables in document order."""
    for element in document.element.body:
        if element.tag == qn("w:p"):
            yield Paragraph(element, document._body)
        elif element.tag == qn("w:tbl"):
            yield Table(element, document._body)


def signature_table(document):
    return next(t for t in document.tables if t.rows[0].cells[0].text.startswith("Nơi nhận:"))


def highlighted(document):
    runs = [run for p in document.element.body.iter(qn("w:p")) for run in Paragraph(p, document._body).runs]
    return [run.text for run in runs if run.font.highlight_color == WD_COLOR_INDEX.YELLOW]


# --- The signature block stays with the end of the body


@pytest.mark.parametrize("kind", ["party", "state"])
def test_signature_block_stays_with_the_closing_paragraph(kind):
    document = render(make_document(kind))
    items = list(blocks(document))
    table = signature_table(document)
    position = next(i for i, item in enumerate(items) if isinstance(item, Table) and item._tbl is table._tbl)
    closing = next(i for i, item in enumerate(items) if getattr(item, "text", "") == "Trên đây là báo cáo sơ kết.")
    # The closing paragraph is not split and is kept with what follows, and so is everything up to the table.
    between = items[closing:position]
    assert between and all(isinstance(item, Paragraph) for item in between)
    assert all(p.paragraph_format.keep_with_next for p in between)
    assert items[closing].paragraph_format.keep_together
    # The table's rows cannot split and its paragraphs are kept together and with the next, except the last one
    # of each cell (the table must not be tied to what follows it).
    for row in table.rows:
        assert row._tr.trPr.find(qn("w:cantSplit")).get(qn("w:val")) == "true"
    for cell in table.rows[-1].cells:
        paragraphs = cell.paragraphs
        assert all(p.paragraph_format.keep_together for p in paragraphs)
        assert all(p.paragraph_format.keep_with_next for p in paragraphs[:-1])
        assert not paragraphs[-1].paragraph_format.keep_with_next


# --- One break before the annex


@pytest.mark.parametrize("kind", ["party", "state"])
def test_exactly_one_break_before_the_annex(kind):
    document = render(make_document(kind))
    body = document.element.body
    assert not body.xpath('.//w:br[@w:type="page"]')
    assert not body.xpath(".//w:pageBreakBefore")
    items = list(blocks(document))
    table = signature_table(document)
    start = next(i for i, item in enumerate(items) if isinstance(item, Table) and item._tbl is table._tbl)
    annex = next(i for i, item in enumerate(items) if getattr(item, "text", "") == "PHỤ LỤC")
    between = items[start + 1 : annex]
    breaks = [p for p in between if p._p.pPr is not None and p._p.pPr.find(qn("w:sectPr")) is not None]
    assert len(breaks) == 1 and len(between) == 1  # only the paragraph that ends the first section
    carrier = breaks[0]
    assert carrier.text == ""
    assert carrier.paragraph_format.line_spacing == Pt(1)  # exactly one point: it cannot fill a page
    sections = document.sections
    assert len(sections) == 2
    assert sections[1].start_type == WD_SECTION.NEW_PAGE
    # The page numbers go on over the annex.
    assert sections[0].different_first_page_header_footer and not sections[1].different_first_page_header_footer
    assert sections[1].header.is_linked_to_previous


def test_document_without_annex_has_one_section():
    doc = make_document("party")
    for section in doc.sections:
        section.tables = []
    document = render(doc)
    assert len(document.sections) == 1
    assert not document.element.body.xpath('.//w:br[@w:type="page"]')


# --- Placeholders for what the drafter must supply


@pytest.mark.parametrize("kind", ["party", "state"])
def test_missing_signer_prints_highlighted_placeholders(kind):
    doc = make_document(kind)
    doc.signature.name = ""
    doc.signature.title = "THỦ TRƯỞNG ĐƠN VỊ"  # a default of earlier versions, not anybody's title
    with translation.override("vi"):
        document = render(doc)
    right = signature_table(document).rows[0].cells[1]
    texts = [p.text for p in right.paragraphs if p.text]
    assert "THỦ TRƯỞNG ĐƠN VỊ" not in texts
    title = "[Đồng chí soạn thảo bổ sung: chức vụ người ký]"
    name = "[Đồng chí soạn thảo bổ sung: họ tên người ký]"
    assert texts[-2:] == [title, name]
    assert highlighted(document) == [title, name]
    for paragraph in right.paragraphs:
        if paragraph.text in (title, name):
            assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_complete_signature_has_no_placeholder():
    assert highlighted(render(make_document("state"))) == []


def test_marked_placeholders_in_text_are_highlighted_runs():
    doc = make_document("state")
    with translation.override("vi"):
        doc.sections[0].paragraphs.append(f"Số hộ tự quản: {placeholder('số hộ tự quản')} hộ.")
        document = render(doc)
    paragraph = next(p for p in document.paragraphs if p.text.startswith("Số hộ tự quản"))
    assert paragraph.text == "Số hộ tự quản: [Đồng chí soạn thảo bổ sung: số hộ tự quản] hộ."
    assert PLACEHOLDER_OPEN not in paragraph.text and PLACEHOLDER_CLOSE not in paragraph.text
    assert [r.text for r in paragraph.runs if r.font.highlight_color == WD_COLOR_INDEX.YELLOW] == [
        "[Đồng chí soạn thảo bổ sung: số hộ tự quản]"
    ]
    assert [r.font.highlight_color for r in paragraph.runs if "hộ." in r.text] == [None]


def test_placeholder_run():
    document = Document()
    paragraph = document.add_paragraph("Số: ")
    run = placeholder_run(paragraph, "[Đồng chí soạn thảo bổ sung: số văn bản]")
    assert run.text == "[Đồng chí soạn thảo bổ sung: số văn bản]"
    assert run.font.highlight_color == WD_COLOR_INDEX.YELLOW
    assert paragraph.text == "Số: [Đồng chí soạn thảo bổ sung: số văn bản]"


# --- Annex tables


def annex_doc(*tables):
    doc = make_document("state")
    doc.sections = [SectionContent(key="x", heading="Phần", paragraphs=["Nội dung."], tables=list(tables))]
    return doc


def grid_widths(table):
    return [int(col.get(qn("w:w"))) * 635 for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]  # twips → EMU


def needed(texts, *, bold=False):
    return max(printed_width(text, bold=bold) for text in texts) + MARGINS


ARTICLES = AnnexTable(
    title="Hồ sơ thực hiện từng điều của quy chế",
    headers=["điều", "nội dung", "tuần tra", "kiểm tra mốc", "tuyên truyền", "hội nghị", "giá trị (đồng)", "tổng"],
    rows=[
        [1, "Trách nhiệm phối hợp trong quản lý, bảo vệ biên giới", 12, 30, 4, 1, Decimal("150000000"), 47],
        [2, "Trao đổi thông tin", 0, 0, 0, 0, 0, 0],  # nothing happened: left out
        [3, "Tuyên truyền, vận động quần chúng", 3, 0, 25, 2, Decimal("2500000.5"), 30],
        ["Tổng số", "", 15, 30, 29, 3, Decimal("152500000.5"), 77],
    ],
    numeric_columns=[0, 2, 3, 4, 5, 6, 7],
)


#: too many wide numbers for a portrait page
WIDE = AnnexTable(
    title="Kinh phí theo nguồn",
    headers=["đơn vị", *[f"nguồn {n} (đồng)" for n in range(1, 9)]],
    rows=[["Đồn Biên phòng Tân Thanh", *[Decimal("150000000") * n for n in range(1, 9)]]],
    numeric_columns=list(range(1, 9)),
)


@pytest.mark.parametrize("table", [ARTICLES, WIDE], ids=["portrait", "landscape"])
def test_annex_numeric_columns_fit_their_numbers_and_header_words(table):
    document = render(annex_doc(table))
    grid = document.tables[-1]
    widths = grid_widths(grid)
    rows = [[c.text for c in row.cells] for row in grid.rows]
    header, body = rows[0], rows[1:]
    for index in table.numeric_columns:
        numbers = [row[index] for row in body]
        words = header[index].split()
        assert widths[index] >= needed(numbers), (header[index], numbers)
        assert widths[index] >= needed(words, bold=True), header[index]
        assert all(row.cells[index].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT for row in grid.rows[1:])
    assert widths[0] >= needed(header[0].split(), bold=True)
    # The table takes the width of its page and no more.
    section = document.sections[-1]
    page = section.page_width - section.left_margin - section.right_margin
    assert abs(sum(widths) - page) <= Mm(1)


def test_annex_goes_landscape_when_a_table_does_not_fit_a_portrait_page():
    document = render(annex_doc(WIDE))
    annex = document.sections[-1]
    assert annex.orientation == WD_ORIENT.LANDSCAPE
    assert annex.page_width > annex.page_height
    assert abs(annex.page_width - Mm(297)) <= Mm(0.5)
    assert document.sections[0].orientation == WD_ORIENT.PORTRAIT
    narrow = AnnexTable(title="Ít cột", headers=["Đơn vị", "Số lượt"], rows=[["Xã A", 3]], numeric_columns=[1])
    portrait = render(annex_doc(narrow)).sections[-1]
    assert portrait.orientation == WD_ORIENT.PORTRAIT and portrait.page_width < portrait.page_height
    # In a landscape annex, a table that fits a portrait page keeps the portrait width.
    mixed = render(annex_doc(WIDE, narrow))
    assert mixed.sections[-1].orientation == WD_ORIENT.LANDSCAPE
    wide, small = mixed.tables[-2:]
    assert abs(sum(grid_widths(small)) - CONTENT_WIDTH) <= Mm(1)
    assert abs(sum(grid_widths(wide)) - LANDSCAPE_CONTENT_WIDTH) <= Mm(1)
    # The articles table fits a portrait page.
    assert render(annex_doc(ARTICLES)).sections[-1].orientation == WD_ORIENT.PORTRAIT


def test_annex_headers_are_capitalised_and_empty_rows_left_out():
    document = render(annex_doc(ARTICLES))
    grid = next(t for t in document.tables if t.rows[0].cells[0].text == "Điều")
    rows = [[c.text for c in row.cells] for row in grid.rows]
    assert rows[0] == [
        "Điều",
        "Nội dung",
        "Tuần tra",
        "Kiểm tra mốc",
        "Tuyên truyền",
        "Hội nghị",
        "Giá trị (đồng)",
        "Tổng",
    ]
    assert [row[0] for row in rows[1:]] == ["1", "3", "Tổng số"]  # the all-zero article 2 is left out
    total = grid.rows[-1]
    assert all(run.bold for cell in total.cells for run in cell.paragraphs[0].runs)


def test_annex_keeps_a_zero_total_and_says_when_nothing_is_left():
    zero = AnnexTable(
        title="Không phát sinh",
        headers=["Đơn vị", "Số vụ"],
        rows=[["Xã A", 0], ["Xã B", None], ["Tổng số", 0]],
        numeric_columns=[1],
    )
    nothing = AnnexTable(title="Trống", headers=["Đơn vị", "Số vụ"], rows=[["Xã A", 0]], numeric_columns=[1])
    document = render(annex_doc(zero, nothing))
    first = next(t for t in document.tables if t.rows[0].cells[1].text == "Số vụ")
    assert [[c.text for c in row.cells] for row in first.rows[1:]] == [["Tổng số", "0"]]
    second = [t for t in document.tables if t.rows[0].cells[1].text == "Số vụ"][1]
    assert {c.text for c in second.rows[1].cells} == {"(Không có số liệu)"}


def test_annex_text_columns_wrap_at_words_and_dates_do_not_wrap():
    table = AnnexTable(
        title="Văn bản",
        headers=["Số, ký hiệu", "Trích yếu", "Ngày ký", "Số lượt"],
        rows=[
            ["01-QC/TU-ĐUBĐBP", "Quy chế phối hợp " * 8, datetime.date(2021, 6, 15), 3],
            ["05-QC/TU-ĐUBĐBP", "Quy chế phối hợp", "2016-03-01", 1],
        ],
        numeric_columns=[3],
    )
    document = render(annex_doc(table))
    grid = next(t for t in document.tables if t.rows[0].cells[0].text == "Số, ký hiệu")
    widths = grid_widths(grid)
    assert widths[0] >= needed(["05-QC/TU-ĐUBĐBP"])
    assert widths[2] >= needed(["15/06/2021"])
    assert all(widths[i] >= needed(grid.rows[0].cells[i].text.split(), bold=True) for i in range(4))
    assert [row.cells[2].text for row in grid.rows[1:]] == ["15/06/2021", "01/03/2016"]
    assert widths[1] == max(widths)  # the long text gets the room that is left
    assert document.sections[-1].orientation == WD_ORIENT.PORTRAIT


def test_a_long_code_breaks_at_its_hyphens_rather_than_squeeze_the_text_beside_it():
    """Seven columns in portrait: a number and symbol wider than ``WHOLE_CODE`` may break after "-" or "/", so the
    regulation's name is not printed a word a line."""
    from phoihop.reports.formats.base import WHOLE_CODE, column_widths, text_width

    code = "01-QC/CBĐBPBS-ĐUBS"
    assert text_width(code) > WHOLE_CODE
    name = "Quy chế phối hợp giữa Chi bộ Đồn Biên phòng Ba Sơn và Đảng ủy xã Ba Sơn"
    table = AnnexTable(
        title="Quy chế",
        headers=["Số, ký hiệu", "Tên", "Ngày ký", "Trạng thái", "Số điều", "Có hoạt động", "Chưa có hoạt động"],
        rows=[[code, name, "06/09/2021", "Đang có hiệu lực", 4, 0, 4]],
        numeric_columns=[4, 5, 6],
    )
    widths, landscape = column_widths(table)
    assert not landscape
    assert widths[1] == max(widths)
    assert widths[1] >= text_width("Quy chế phối hợp giữa")  # a few words a line, not one
    assert widths[0] >= text_width("CBĐBPBS-ĐUBS")
