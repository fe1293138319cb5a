"""The official layouts: header blocks, date line, page set-up, fonts, body, signature, annex tables, page numbers;
the .xlsx workbook; the optional PDF."""

import datetime
import io
import re
import shutil
from decimal import Decimal

import openpyxl
import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm

from phoihop.reports.document import AnnexTable, ReportDocument, SectionContent, Signature
from phoihop.reports.formats import (
    PDFUnavailable,
    format_number,
    pdf_available,
    render_docx,
    render_pdf,
    render_xlsx,
    vietnamese_date_line,
)
from phoihop.reports.formats.xlsx import parse_number, sheet_name

MM = Mm(1)
LONG_TITLE = "Kết quả tuần tra, kiểm soát bảo vệ mốc quốc giới và đường biên giới trên địa bàn tỉnh"


def make_document(kind: str) -> ReportDocument:
    party = kind == "party"
    markers = AnnexTable(
        title="Số liệu mốc quốc giới",
        headers=["Đồn Biên phòng", "Số mốc", "Chiều dài (km)", "Lần kiểm tra gần nhất"],
        rows=[
            ["Đồn Biên phòng Tân Thanh", 24, Decimal("3840.5"), datetime.date(2025, 3, 7)],
            ["Đồn Biên phòng Hữu Nghị", 1250, 12.25, None],
        ],
        numeric_columns=[1, 2],
        note="Số liệu đến hết kỳ báo cáo.",
    )
    empty = AnnexTable(title=LONG_TITLE, headers=["Đơn vị", "Số lượt"], rows=[], numeric_columns=[1])
    same_name = AnnexTable(
        title=LONG_TITLE, headers=["Đơn vị", "Số lượt"], rows=[["Xã A", "1.234"]], numeric_columns=[1]
    )
    return ReportDocument(
        kind=kind,
        parent_body="ĐẢNG BỘ TỈNH LẠNG SƠN" if party else "UBND TỈNH LẠNG SƠN",
        issuing_body="TỈNH ỦY" if party else "ỦY BAN NHÂN DÂN",
        number="15-BC/TU" if party else "12/BC-UBND",
        place="Lạng Sơn",
        date=datetime.date(2026, 1, 5),
        doc_type_name="BÁO CÁO",
        title="Sơ kết thực hiện Quy chế phối hợp giữa Tỉnh ủy và Đảng ủy Bộ đội Biên phòng tỉnh",
        introduction=["Thực hiện Quy chế phối hợp, Ban Thường vụ Tỉnh ủy báo cáo kết quả như sau:"],
        sections=[
            SectionContent(
                key="markers",
                heading="Quản lý, bảo vệ mốc quốc giới",
                paragraphs=["Trong kỳ đã kiểm tra 1.274 lượt mốc, tổng chiều dài 3.840,5 km."],
                tables=[markers, empty],
            ),
            SectionContent(
                key="outreach", heading="Tuyên truyền", paragraphs=["Đã tổ chức 12 buổi."], tables=[same_name]
            ),
        ],
        conclusion=["Trên đây là báo cáo sơ kết."],
        signature=Signature(
            on_behalf="T/M BAN THƯỜNG VỤ" if party else "TM. ỦY BAN NHÂN DÂN",
            title="PHÓ BÍ THƯ" if party else "CHỦ TỊCH",
            name="Nguyễn Văn A",
        ),
        recipients=["Ban Bí thư (b/c)", "Đảng ủy Bộ đội Biên phòng tỉnh"],
        archive="" if party else "Lưu: VT, BTG",
        period_text="(Từ ngày 01/01/2025 đến ngày 31/12/2025)",
    )


def open_docx(kind):
    return Document(io.BytesIO(render_docx(make_document(kind))))


def cell_texts(cell):
    return [p.text for p in cell.paragraphs if p.text]


def run_size(paragraph):
    return paragraph.runs[0].font.size.pt


# --- Date line ---


@pytest.mark.parametrize(
    "date, expected",
    [
        (datetime.date(2026, 1, 5), "Lạng Sơn, ngày 05 tháng 01 năm 2026"),
        (datetime.date(2025, 10, 15), "Lạng Sơn, ngày 15 tháng 10 năm 2025"),
        (datetime.date(2025, 2, 28), "Lạng Sơn, ngày 28 tháng 02 năm 2025"),
        (datetime.date(2025, 3, 9), "Lạng Sơn, ngày 09 tháng 3 năm 2025"),
        (datetime.date(2025, 12, 10), "Lạng Sơn, ngày 10 tháng 12 năm 2025"),
    ],
)
def test_date_line_pads_days_below_10_and_months_1_and_2(date, expected):
    assert vietnamese_date_line("Lạng Sơn", date) == expected


def test_date_line_without_place():
    assert vietnamese_date_line("", datetime.date(2026, 1, 5)) == "Ngày 05 tháng 01 năm 2026"


@pytest.mark.parametrize(
    "value, expected",
    [
        (Decimal("3840.5"), "3.840,5"),
        (Decimal("3840.50"), "3.840,5"),
        (1234567, "1.234.567"),
        (12.25, "12,25"),
        (Decimal("1000"), "1.000"),
        (-1500, "-1.500"),
        (Decimal("-0.5"), "-0,5"),
        (0, "0"),
    ],
)
def test_format_number(value, expected):
    assert format_number(value) == expected


# --- Party format ---


def test_party_header():
    document = open_docx("party")
    header = document.tables[0]
    left, right = header.rows[0].cells
    assert cell_texts(left) == ["ĐẢNG BỘ TỈNH LẠNG SƠN", "TỈNH ỦY", "*"]
    assert left.paragraphs[1].runs[0].bold
    assert not left.paragraphs[0].runs[0].bold
    assert cell_texts(right) == ["ĐẢNG CỘNG SẢN VIỆT NAM"]
    party = right.paragraphs[0].runs[0]
    assert party.bold and party.underline
    number, date = header.rows[1].cells
    assert cell_texts(number) == ["Số 15-BC/TU"]
    assert ":" not in number.text
    assert cell_texts(date) == ["Lạng Sơn, ngày 05 tháng 01 năm 2026"]
    assert date.paragraphs[0].runs[0].italic
    # Borderless header table.
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}


def test_party_title_block():
    texts = [p.text for p in open_docx("party").paragraphs]
    start = texts.index("BÁO CÁO")
    assert texts[start + 1].startswith("Sơ kết thực hiện Quy chế phối hợp")
    assert texts[start + 2] == "(Từ ngày 01/01/2025 đến ngày 31/12/2025)"
    assert texts[start + 3] == "-----"


# --- State format ---


def test_state_header():
    document = open_docx("state")
    header = document.tables[0]
    left, right = header.rows[0].cells
    assert cell_texts(left) == ["UBND TỈNH LẠNG SƠN", "ỦY BAN NHÂN DÂN"]
    assert left.paragraphs[1].runs[0].bold
    # The short rule under the issuing body: a paragraph with a bottom border.
    assert left.paragraphs[2]._p.pPr.find(qn("w:pBdr")) is not None
    assert cell_texts(right) == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    national, motto = right.paragraphs
    assert national.runs[0].bold and 12 <= run_size(national) <= 13
    assert motto.runs[0].bold and motto.runs[0].underline and 13 <= run_size(motto) <= 14
    number, date = header.rows[1].cells
    assert cell_texts(number) == ["Số: 12/BC-UBND"]
    assert cell_texts(date) == ["Lạng Sơn, ngày 05 tháng 01 năm 2026"]
    assert date.paragraphs[0].runs[0].italic


def test_unknown_kind():
    doc = make_document("party")
    doc.kind = "nonsense"
    with pytest.raises(ValueError):
        render_docx(doc)


# --- Shared layout ---


@pytest.mark.parametrize("kind", ["party", "state"])
def test_page_and_fonts(kind):
    document = open_docx(kind)
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) <= MM / 2
    assert abs(section.page_height - Mm(297)) <= MM / 2
    assert Mm(20) <= section.top_margin <= Mm(25)
    assert Mm(20) <= section.bottom_margin <= Mm(25)
    assert Mm(30) <= section.left_margin <= Mm(35)
    assert Mm(15) <= section.right_margin <= Mm(20)

    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "Times New Roman"
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:rFonts")).get(qn("w:ascii")) == "Times New Roman"
    # No run names another font.
    for run in document.element.body.iter(qn("w:rFonts")):
        assert set(run.attrib.values()) <= {"Times New Roman"}


@pytest.mark.parametrize("kind", ["party", "state"])
def test_body_and_headings(kind):
    document = open_docx(kind)
    paragraphs = document.paragraphs
    body = next(p for p in paragraphs if p.text.startswith("Trong kỳ đã kiểm tra"))
    assert "3.840,5" in body.text
    fmt = body.paragraph_format
    assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert Mm(10) <= fmt.first_line_indent <= Mm(12.7) + MM / 2
    assert 1.15 <= fmt.line_spacing <= 1.3
    assert fmt.space_after.pt == 6
    assert all(13 <= run.font.size.pt <= 14 for run in body.runs)

    headings = [p for p in paragraphs if re.match(r"^[IVX]+\. ", p.text)]
    assert [h.text for h in headings] == ["I. QUẢN LÝ, BẢO VỆ MỐC QUỐC GIỚI", "II. TUYÊN TRUYỀN"]
    assert all(run.bold for h in headings for run in h.runs)

    title = next(p for p in paragraphs if p.text == "BÁO CÁO")
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    # Tên loại văn bản: 15–16 pt bold in Party documents (36-HD), 13–14 pt bold in state ones (NĐ 30).
    assert title.runs[0].bold and run_size(title) == (15 if kind == "party" else 14)
    period = next(p for p in paragraphs if p.text.startswith("(Từ ngày"))
    assert period.runs[0].italic


@pytest.mark.parametrize("kind", ["party", "state"])
def test_signature_block(kind):
    document = open_docx(kind)
    table = next(t for t in document.tables if "Nơi nhận:" in t.rows[0].cells[0].text)
    left, right = table.rows[0].cells
    lines = cell_texts(left)
    heading = left.paragraphs[0].runs[0]
    if kind == "party":  # 36-HD: "Nơi nhận:" 14 pt underlined, recipients 12 pt ending ",", "- Lưu Văn phòng …."
        assert lines == [
            "Nơi nhận:",
            "- Ban Bí thư (b/c),",
            "- Đảng ủy Bộ đội Biên phòng tỉnh,",
            "- Lưu Văn phòng Tỉnh ủy.",
        ]
        assert heading.underline and not heading.bold and not heading.italic and heading.font.size.pt == 14
        assert {run.font.size.pt for p in left.paragraphs[1:] for run in p.runs} == {12}
    else:  # NĐ 30: "Nơi nhận:" 12 pt bold italic, recipients 11 pt ending ";", "- Lưu: VT, …."
        assert lines == ["Nơi nhận:", "- Ban Bí thư (b/c);", "- Đảng ủy Bộ đội Biên phòng tỉnh;", "- Lưu: VT, BTG."]
        assert heading.bold and heading.italic and not heading.underline and heading.font.size.pt == 12
        assert {run.font.size.pt for p in left.paragraphs[1:] for run in p.runs} == {11}
    signature = cell_texts(right)
    on_behalf = "T/M BAN THƯỜNG VỤ" if kind == "party" else "TM. ỦY BAN NHÂN DÂN"
    title = "PHÓ BÍ THƯ" if kind == "party" else "CHỦ TỊCH"
    assert signature == [on_behalf, title, "Nguyễn Văn A"]
    assert all(p.runs[0].bold for p in right.paragraphs if p.text)
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in right.paragraphs)
    # Empty lines for the signature between the title and the name.
    texts = [p.text for p in right.paragraphs]
    assert texts.index("Nguyễn Văn A") - texts.index(title) >= 4


@pytest.mark.parametrize("kind", ["party", "state"])
def test_annex_tables(kind):
    document = open_docx(kind)
    texts = [p.text for p in document.paragraphs]
    annex = texts.index("PHỤ LỤC")
    number = "15-BC/TU" if kind == "party" else "12/BC-UBND"
    assert texts[annex + 1] == f"(Kèm theo Báo cáo số {number} ngày 05/01/2026)"
    assert "Biểu 1. Số liệu mốc quốc giới" in texts
    grid = next(t for t in document.tables if t.rows[0].cells[0].text == "Đồn Biên phòng")
    assert [c.text for c in grid.rows[0].cells] == [
        "Đồn Biên phòng",
        "Số mốc",
        "Chiều dài (km)",
        "Lần kiểm tra gần nhất",
    ]
    assert all(c.paragraphs[0].runs[0].bold for c in grid.rows[0].cells)
    assert [c.text for c in grid.rows[1].cells] == ["Đồn Biên phòng Tân Thanh", "24", "3.840,5", "07/03/2025"]
    assert [c.text for c in grid.rows[2].cells] == ["Đồn Biên phòng Hữu Nghị", "1.250", "12,25", ""]
    assert grid.rows[1].cells[2].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    borders = grid._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"single"}
    # The header row repeats on each page.
    assert grid.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    # An empty table says so, in one merged row.
    tables = document.tables
    empty = tables[[t._tbl for t in tables].index(grid._tbl) + 1]
    assert [c.text for c in empty.rows[0].cells] == ["Đơn vị", "Số lượt"]
    assert {c.text for c in empty.rows[1].cells} == {"(Không có số liệu)"}
    assert "Số liệu đến hết kỳ báo cáo." in texts  # the table's note


@pytest.mark.parametrize("kind", ["party", "state"])
def test_page_numbers_from_page_two(kind):
    document = open_docx(kind)
    section = document.sections[0]
    assert section.different_first_page_header_footer
    xml = section.header._element.xml
    assert "PAGE" in xml and 'w:fldCharType="begin"' in xml
    assert section.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert "PAGE" not in section.first_page_header._element.xml


def test_document_without_tables_or_parent_body():
    doc = make_document("state")
    doc.parent_body = ""
    for section in doc.sections:
        section.tables = []
    document = Document(io.BytesIO(render_docx(doc)))
    assert cell_texts(document.tables[0].rows[0].cells[0]) == ["ỦY BAN NHÂN DÂN"]
    assert "PHỤ LỤC" not in [p.text for p in document.paragraphs]
    assert len(document.tables) == 2  # header and signature


# --- Workbook ---


def test_xlsx():
    doc = make_document("state")
    workbook = openpyxl.load_workbook(io.BytesIO(render_xlsx(doc)))
    names = workbook.sheetnames
    assert names[0] == "Thông tin"
    assert len(names) == 4
    assert all(len(name) <= 31 for name in names)
    assert len({name.casefold() for name in names}) == 4

    info = workbook["Thông tin"]
    values = {info.cell(row, 1).value: info.cell(row, 2).value for row in range(1, info.max_row + 1)}
    assert values["Số"] == "12/BC-UBND"
    assert values["Ngày"] == datetime.datetime(2026, 1, 5)
    assert values["Trích yếu"] == doc.title

    sheet = workbook[names[1]]
    assert sheet["A1"].value == "Biểu 1. Số liệu mốc quốc giới"
    assert [c.value for c in sheet[3]] == ["Đồn Biên phòng", "Số mốc", "Chiều dài (km)", "Lần kiểm tra gần nhất"]
    assert sheet["A3"].font.bold
    assert sheet["B4"].value == 24 and sheet["B4"].number_format == "#,##0"
    # One number format per column, with the decimals of its most precise value.
    assert sheet["C4"].value == pytest.approx(3840.5) and sheet["C4"].number_format == "#,##0.00"
    assert sheet["C5"].value == pytest.approx(12.25) and sheet["C5"].number_format == "#,##0.00"
    assert sheet["D4"].value == datetime.datetime(2025, 3, 7) and sheet["D4"].number_format == "dd/mm/yyyy"
    assert sheet.column_dimensions["A"].width > 20

    # A numeric column given as printed text becomes a number.
    third = workbook[names[3]]
    assert third["B4"].value == 1234


def test_sheet_names():
    taken = set()
    assert sheet_name("1. Mốc: loại [A]/B?", taken) == "1. Mốc loại A B"
    first = sheet_name("x" * 40, taken)
    second = sheet_name("X" * 40, taken)
    assert len(first) == 31 and len(second) == 31 and first.casefold() != second.casefold()


def test_parse_number():
    assert parse_number("3.840,5") == Decimal("3840.5")
    assert parse_number("1.234") == 1234
    assert parse_number("85,5%") is None
    assert parse_number("Đồn") is None


# --- PDF ---


def test_pdf_available_is_a_bool():
    assert isinstance(pdf_available(), bool)
    assert pdf_available() == bool(shutil.which("soffice") or shutil.which("libreoffice"))


def test_render_pdf_without_libreoffice(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert pdf_available() is False
    with pytest.raises(PDFUnavailable):
        render_pdf(b"")


def test_render_pdf():
    if not pdf_available():
        pytest.skip("LibreOffice is not installed")
    pdf = render_pdf(render_docx(make_document("party")))
    assert pdf.startswith(b"%PDF")
