"""Importing organisations from Excel: a bad row is reported by its spreadsheet row and nothing is
written; the corrected file is previewed, confirmed and imported."""

import datetime
import io
import re

import openpyxl
import pytest
from playwright.sync_api import expect

from phoihop.orgs.models import Organisation

IMPORT_URL = "/orgs/organisations/import/"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NEW_CODES = ["T-A-N1", "T-A-N2", "T-A-N3"]


def workbook(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["code", "name", "short_name", "kind", "parent", "areas", "valid_from", "valid_to", "address", "phone",
                  "note"])
    for code, name in rows:
        sheet.append([code, name, None, "test_kind", "T-A", None, "01/07/2025", None, None, None, None])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(page, content: bytes, name: str):
    page.set_input_files("input[name=file]", files=[{"name": name, "mimeType": XLSX_MIME, "buffer": content}])
    with page.expect_navigation() as navigation:
        page.get_by_test_id("upload").click()
    return navigation.value


@pytest.mark.e2e
def test_import_reports_the_bad_row_then_imports_the_fixed_file(page, world, login):
    login(page, world.a_admin)
    before = Organisation.all_objects.count()

    page.goto(IMPORT_URL)
    bad = workbook([(NEW_CODES[0], "Tổ công tác Bản Chắt"), (NEW_CODES[1], None), (NEW_CODES[2], "Tổ công tác Nà Phước")])
    response = upload(page, bad, "to-cong-tac.xlsx")
    assert response.status == 400

    errors = page.get_by_test_id("import-errors")
    expect(errors).to_be_visible()
    error_rows = errors.locator("tr").filter(has=page.locator("td"))
    # Exactly one error, on spreadsheet row 3 (row 1 is the header), in the "name" column.
    expect(error_rows).to_have_count(1)
    row_cell = error_rows.first.locator("td").first
    expect(row_cell).to_have_text(re.compile(r"^\s*(Row|Dòng|Hàng)\s+3\s*$"))
    expect(error_rows.first.locator("td").nth(1)).to_have_text("name")
    expect(page.get_by_test_id("import-preview")).to_have_count(0)
    assert Organisation.all_objects.count() == before
    assert not Organisation.all_objects.filter(code__in=NEW_CODES).exists()

    fixed = workbook([(NEW_CODES[0], "Tổ công tác Bản Chắt"), (NEW_CODES[1], "Tổ công tác Tân Thanh"),
                      (NEW_CODES[2], "Tổ công tác Nà Phước")])
    response = upload(page, fixed, "to-cong-tac.xlsx")
    assert response.status == 200
    preview = page.get_by_test_id("import-preview")
    expect(preview).to_be_visible()
    expect(page.get_by_test_id("import-errors")).to_have_count(0)
    for name in ("Tổ công tác Bản Chắt", "Tổ công tác Tân Thanh", "Tổ công tác Nà Phước"):
        expect(preview).to_contain_text(name)
    expect(preview.locator("tbody tr, tr").filter(has=page.locator("td"))).to_have_count(3)
    # The preview is a dry run: still nothing written.
    assert Organisation.all_objects.count() == before

    with page.expect_navigation():
        page.get_by_test_id("confirm-import").click()
    assert page.url.endswith("/orgs/organisations/")
    expect(page.locator(".alert-success")).to_contain_text("3")

    created = Organisation.objects.filter(code__in=NEW_CODES).order_by("code")
    assert [o.code for o in created] == NEW_CODES
    assert Organisation.all_objects.count() == before + 3
    for org in created:
        assert org.parent_id == world.a.pk
        assert org.kind_id == world.kind.pk
        assert org.valid_from == datetime.date(2025, 7, 1)  # dd/mm/yyyy: 1 July, not 7 January
        assert org.created_by_id == world.a_admin.pk
    assert created.get(code="T-A-N2").name == "Tổ công tác Tân Thanh"
