"""The .xlsx annexes: short unique sheet names with the full title on the first row, real dates, one number format
per column, row heights for wrapped text, and the same rows and headers as the .docx annex."""

import datetime
import io
from decimal import Decimal

import openpyxl

from phoihop.reports.document import AnnexTable, SectionContent
from phoihop.reports.formats import render_xlsx
from phoihop.reports.formats.xlsx import sheet_name
from phoihop.reports.tests.test_formats import LONG_TITLE, make_document

AGREEMENTS = AnnexTable(
    title="Các quy chế phối hợp và các điều có hoạt động trong kỳ",
    headers=["số, ký hiệu", "trích yếu", "ngày ký", "số điều", "tỷ lệ (%)"],
    rows=[
        [
            "01-QC/TU-ĐUBĐBP",
            "Quy chế phối hợp giữa Tỉnh ủy và Đảng ủy Bộ đội Biên phòng tỉnh " * 3,
            "15/06/2021",
            12,
            50,
        ],
        ["05-QC/TU-ĐUBĐBP", "Quy chế phối hợp", "2016-03-01", 9, 33.3],
        ["07-QC/TU-ĐUBĐBP", "Quy chế chưa có hoạt động", datetime.date(2024, 1, 2), 0, 0],  # left out
        ["Tổng số", "", None, 21, Decimal("41.65")],
    ],
    numeric_columns=[3, 4],
)


def workbook_of(*tables):
    doc = make_document("state")
    doc.sections = [SectionContent(key="x", heading="Phần", paragraphs=["Nội dung."], tables=list(tables))]
    return openpyxl.load_workbook(io.BytesIO(render_xlsx(doc)))


def test_sheet_names_are_short_unique_and_cut_at_a_word():
    same = AnnexTable(title=LONG_TITLE, headers=["Đơn vị"], rows=[["Xã A"]])
    workbook = workbook_of(AGREEMENTS, same, same)
    names = workbook.sheetnames
    assert names == [
        "Thông tin",
        "Biểu 1 - Các quy chế phối hợp…",
        "Biểu 2 - Kết quả tuần tra…",
        "Biểu 3 - Kết quả tuần tra…",
    ]
    assert all(len(name) <= 31 for name in names)
    # The full title is the first row of each sheet, across the table.
    first, second = workbook[names[1]], workbook[names[2]]
    assert first["A1"].value == f"Biểu 1. {AGREEMENTS.title}"
    assert second["A1"].value == f"Biểu 2. {LONG_TITLE}"
    assert "A1:E1" in {str(r) for r in first.merged_cells.ranges}
    # The contents sheet links each sheet by its name.
    info = workbook["Thông tin"]
    links = [c.hyperlink.target or c.hyperlink.location for row in info.iter_rows() for c in row if c.hyperlink]
    assert [link.lstrip("#") for link in links] == [f"'{name}'!A1" for name in names[1:]]


def test_sheet_name_without_room_for_a_word():
    taken = set()
    assert sheet_name("Tổng hợp", taken, prefix="Biểu 1 - ") == "Biểu 1 - Tổng hợp"
    assert sheet_name("Tổng hợp", taken, prefix="Biểu 1 - ") == "Biểu 1 - Tổng hợp (2)"
    long = sheet_name("Siêu" * 10, taken, prefix="Biểu 2 - ")
    assert len(long) == 31 and long.startswith("Biểu 2 - Siêu") and long.endswith("…")


def test_dates_are_dates_and_each_numeric_column_has_one_format():
    sheet = workbook_of(AGREEMENTS).worksheets[1]
    header = [c.value for c in sheet[3]]
    assert header == ["Số, ký hiệu", "Trích yếu", "Ngày ký", "Số điều", "Tỷ lệ (%)"]  # capitalised
    rows = list(sheet.iter_rows(min_row=4, max_row=sheet.max_row))
    assert [row[0].value for row in rows] == ["01-QC/TU-ĐUBĐBP", "05-QC/TU-ĐUBĐBP", "Tổng số"]  # zero row left out
    signed = [row[2] for row in rows[:2]]
    assert [c.value for c in signed] == [datetime.datetime(2021, 6, 15), datetime.datetime(2016, 3, 1)]
    assert {c.number_format for c in signed} == {"dd/mm/yyyy"}
    assert {row[3].number_format for row in rows} == {"#,##0"}
    assert [row[4].value for row in rows] == [50, 33.3, 41.65]
    assert {row[4].number_format for row in rows} == {"#,##0.00"}
    assert all(c.font.bold for c in rows[-1])  # the total row


def test_wrapped_text_rows_get_a_height():
    sheet = workbook_of(AGREEMENTS).worksheets[1]
    width = sheet.column_dimensions["B"].width
    text = sheet["B4"].value
    assert sheet["B4"].alignment.wrap_text
    lines = -(-len(text) // int(width))  # at least this many lines
    assert lines >= 3
    assert sheet.row_dimensions[4].height >= lines * 12 * 1.2
    assert sheet.row_dimensions[5].height is None  # one line: Excel's own height
    assert sheet.row_dimensions[3].height >= 12  # the header row wraps too
    assert sheet.row_dimensions[1].height >= 13
