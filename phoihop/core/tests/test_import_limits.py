"""Import limits, formula cells and unknown columns: refused with a message, nothing written."""

import io
import zipfile

import openpyxl
from django.test import TestCase, override_settings

from phoihop.core.testing.views import WorldMixin
from phoihop.orgs.models import Organisation

URL = "/orgs/organisations/import/"
HEADERS = ["code", "name", "kind", "parent", "valid_from"]


def upload(book, name="don-vi.xlsx"):
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = name
    return buffer


def csv_upload(lines, name="don-vi.csv", encoding="utf-8"):
    buffer = io.BytesIO("\r\n".join(lines).encode(encoding))
    buffer.name = name
    return buffer


def workbook(rows, headers=HEADERS):
    book = openpyxl.Workbook()
    book.active.append(headers)
    for row in rows:
        book.active.append(row)
    return book


class TestImportLimits(WorldMixin, TestCase):
    def post(self, file):
        self.client.force_login(self.world.a_admin)
        return self.client.post(URL, {"file": file}, follow=True)

    def refused(self, response):
        self.assertEqual(response.context["job"].status, "invalid")
        return [tuple(error) for error in response.context["errors"]]

    def test_zip_bomb_is_refused_before_parsing(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/worksheets/sheet1.xml", b"<row/>" * (3 * 1024 * 1024))
        buffer.seek(0)
        buffer.name = "bom.xlsx"
        with override_settings(IMPORT_MAX_UNCOMPRESSED_BYTES=10 * 1024 * 1024):
            errors = self.refused(self.post(buffer))
        self.assertEqual(len(errors), 1)
        self.assertIn("MiB", errors[0][2])

    @override_settings(IMPORT_MAX_ROWS=3)
    def test_over_the_row_limit_is_refused(self):
        rows = [[f"IMP-{i}", f"Tổ {i}", "test_kind", "T-A", ""] for i in range(4)]
        errors = self.refused(self.post(upload(workbook(rows))))
        self.assertIn("3", errors[0][2])
        self.assertFalse(Organisation.objects.filter(code__startswith="IMP-").exists())

    def test_formula_without_value_is_a_row_error(self):
        rows = [["IMP-1", "Tổ 1", "test_kind", "T-A", ""], ["IMP-2", "Tổ 2", "test_kind", "T-A", "=TODAY()"]]
        errors = self.refused(self.post(upload(workbook(rows))))
        self.assertEqual([(row, field) for row, field, _ in errors], [(3, "valid_from")])
        self.assertIn("E3", errors[0][2])
        self.assertFalse(Organisation.objects.filter(code__startswith="IMP-").exists())

    def test_unknown_column_is_named(self):
        rows = [["IMP-1", "Tổ 1", "test_kind", "T-A", "x"]]
        errors = self.refused(self.post(upload(workbook(rows, headers=[*HEADERS[:4], "vaild_from"]))))
        self.assertEqual(len(errors), 1)
        self.assertIn("vaild_from", errors[0][2])
        self.assertIn("valid_from", errors[0][2])
        self.assertFalse(Organisation.objects.filter(code__startswith="IMP-").exists())

    @override_settings(IMPORT_MAX_ROWS=3)
    def test_csv_over_the_row_limit_is_refused(self):
        lines = [",".join(HEADERS)] + [f"IMP-{i},Tổ {i},test_kind,T-A," for i in range(4)]
        errors = self.refused(self.post(csv_upload(lines)))
        self.assertEqual(len(errors), 1)
        self.assertIn("3", errors[0][2])
        self.assertIn("dòng", errors[0][2])
        self.assertFalse(Organisation.objects.filter(code__startswith="IMP-").exists())

    @override_settings(IMPORT_MAX_CELLS=12)
    def test_over_the_cell_limit_is_refused_in_csv_and_xlsx(self):
        rows = [[f"IMP-{i}", f"Tổ {i}", "test_kind", "T-A", ""] for i in range(2)]  # 15 cells with the header
        for file in (upload(workbook(rows)), csv_upload([",".join(HEADERS)] + [",".join(row) for row in rows])):
            errors = self.refused(self.post(file))
            self.assertEqual(len(errors), 1, file.name)
            self.assertIn("12", errors[0][2])
            self.assertIn("ô", errors[0][2])
        self.assertFalse(Organisation.objects.filter(code__startswith="IMP-").exists())

    @override_settings(IMPORT_MAX_BYTES=1024)
    def test_a_file_over_the_size_limit_is_refused_at_the_field(self):
        lines = [",".join(HEADERS)] + [f"IMP-{i},Tổ {i},test_kind,T-A," for i in range(100)]
        response = self.post(csv_upload(lines))
        self.assertEqual(response.status_code, 400)  # the form again, with the message at the field
        self.assertIn("MiB", " ".join(response.context["form"].errors["file"]))
        self.assertFalse(Organisation.objects.filter(code__startswith="IMP-").exists())

    def test_a_csv_not_in_utf8_is_refused(self):
        lines = [",".join(HEADERS), "IMP-1,Tổ Đồng Đăng,test_kind,T-A,"]
        errors = self.refused(self.post(csv_upload(lines, encoding="utf-16")))
        self.assertIn("UTF-8", errors[0][2])

    def test_a_check_that_finds_the_database_busy_says_so_in_vietnamese(self):
        from unittest import mock

        from django.db import OperationalError

        with mock.patch("phoihop.core.importexport.run_import", side_effect=OperationalError("database is locked")):
            response = self.post(upload(workbook([["IMP-1", "Tổ 1", "test_kind", "T-A", ""]])))
        job = response.context["job"]
        self.assertEqual(job.status, "failed")
        self.assertIn("thử lại", job.error)
        self.assertNotIn("locked", job.error)

    def test_poll_refreshes_the_page_once_the_job_is_finished(self):
        response = self.post(upload(workbook([["IMP-1", "Tổ 1", "test_kind", "T-A", ""]])))
        job = response.context["job"]
        poll = self.client.get(f"{URL}{job.pk}/", {"poll": "1"}, HTTP_HX_REQUEST="true")
        self.assertEqual(poll["HX-Refresh"], "true")
