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

    def test_poll_refreshes_the_page_once_the_job_is_finished(self):
        response = self.post(upload(workbook([["IMP-1", "Tổ 1", "test_kind", "T-A", ""]])))
        job = response.context["job"]
        poll = self.client.get(f"{URL}{job.pk}/", {"poll": "1"}, HTTP_HX_REQUEST="true")
        self.assertEqual(poll["HX-Refresh"], "true")
