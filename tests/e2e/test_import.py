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
ALL_COLUMNS = "code name short_name kind parent areas valid_from valid_to address phone note".split()
NEW = {"T-A-N1": "Tổ công tác Bản Chắt", "T-A-N2": "Tổ công tác Tân Thanh", "T-A-N3": "Tổ công tác Nà Phước"}


def workbook(names, columns=("code", "name", "kind", "parent", "valid_from")) -> bytes:
    """A sheet of new organisations under the border post (code T-A); other columns are left empty."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(columns))
    for code, name in names.items():
        values = {"code": code, "name": name, "kind": "test_kind", "parent": "T-A", "valid_from": "01/07/2025"}
        sheet.append([values.get(column) for column in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(page, content: bytes, name: str = "to-cong-tac.xlsx"):
    page.set_input_files("input[name=file]", files=[{"name": name, "mimeType": XLSX_MIME, "buffer": content}])
    with page.expect_navigation() as navigation:
        page.get_by_test_id("upload").click()
    return navigation.value


def preview_then_confirm(page, world, before):
    preview = page.get_by_test_id("import-preview")
    expect(preview).to_be_visible()
    expect(page.get_by_test_id("import-errors")).to_have_count(0)
    for name in NEW.values():
        expect(preview).to_contain_text(name)
    expect(preview.locator("tr").filter(has=page.locator("td"))).to_have_count(3)
    # The preview is a dry run: still nothing written.
    assert Organisation.all_objects.count() == before

    with page.expect_navigation():
        page.get_by_test_id("confirm-import").click()
    assert page.url.endswith("/orgs/organisations/")
    expect(page.locator(".alert-success")).to_contain_text("3")

    created = Organisation.objects.filter(code__in=NEW).order_by("code")
    assert {o.code: o.name for o in created} == NEW
    assert Organisation.all_objects.count() == before + 3
    for org in created:
        assert org.parent_id == world.a.pk
        assert org.kind_id == world.kind.pk
        assert org.valid_from == datetime.date(2025, 7, 1)  # dd/mm/yyyy: 1 July, not 7 January
        assert org.created_by_id == world.a_admin.pk


@pytest.mark.e2e
def test_import_reports_the_bad_row_then_imports_the_fixed_file(page, world, login):
    login(page, world.a_admin)
    before = Organisation.all_objects.count()

    page.goto("/orgs/organisations/")
    with page.expect_navigation():
        page.locator(f"a[href='{IMPORT_URL}']").click()
    bad = workbook({**NEW, "T-A-N2": None})  # the second data row, i.e. spreadsheet row 3, has no name
    response = upload(page, bad)  # checked by a background job, then shown on the import's page
    assert response.status == 200

    errors = page.get_by_test_id("import-errors")
    expect(errors).to_be_visible()
    error_rows = errors.locator("tr").filter(has=page.locator("td"))
    expect(error_rows).to_have_count(1)
    cells = error_rows.first.locator("td")
    expect(cells.nth(0)).to_have_text(re.compile(r"^\s*(Dòng|Row)\s+3\s*$"))
    expect(cells.nth(1)).to_have_text("name")
    expect(page.get_by_test_id("import-preview")).to_have_count(0)
    assert Organisation.all_objects.count() == before
    assert not Organisation.all_objects.filter(code__in=NEW).exists()

    response = upload(page, workbook(NEW))
    assert response.status == 200
    preview_then_confirm(page, world, before)


@pytest.mark.e2e
def test_import_accepts_the_full_template_with_empty_optional_cells(page, world, login):
    """The sheet has every column the import page lists (as an export does), optional ones left empty."""
    login(page, world.a_admin)
    before = Organisation.all_objects.count()
    page.goto(IMPORT_URL)
    response = upload(page, workbook(NEW, columns=ALL_COLUMNS))
    expect(page.get_by_test_id("import-errors")).to_have_count(0, timeout=1000)
    assert response.status == 200
    preview_then_confirm(page, world, before)
