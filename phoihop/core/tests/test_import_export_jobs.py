import datetime
import io

import openpyxl
import pytest
from django.test import TestCase
from django.urls import reverse

from phoihop.core.models import BackgroundExport
from phoihop.core.testing.views import WorldMixin
from phoihop.orgs.models import Organisation


def xlsx(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["code", "name", "kind", "parent", "valid_from"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "don-vi.xlsx"
    return buffer


class TestOrganisationImport(WorldMixin, TestCase):
    url = "/orgs/organisations/import/"

    def test_one_bad_row_writes_nothing_and_is_named(self):
        self.client.force_login(self.world.a_admin)
        before = Organisation.objects.count()
        rows = [
            ["IMP-1", "Tổ tự quản 1", "test_kind", "T-A", "01/07/2025"],
            ["IMP-2", "", "test_kind", "T-A", "01/07/2025"],
            ["IMP-3", "Tổ tự quản 3", "test_kind", "T-A", "31/02/2025"],
        ]
        response = self.client.post(self.url, {"file": xlsx(rows)}, follow=True)
        self.assertEqual(response.context["job"].status, "invalid")
        errors = response.context["errors"]
        self.assertIn((3, "name"), [(row, field) for row, field, _ in errors])
        self.assertIn(4, [row for row, _, _ in errors])
        self.assertEqual(Organisation.objects.count(), before)

    def test_valid_file_previews_then_imports_all_rows(self):
        self.client.force_login(self.world.a_admin)
        rows = [[f"IMP-{i}", f"Tổ {i}", "test_kind", "T-A", "01/07/2025"] for i in range(1, 4)]
        preview = self.client.post(self.url, {"file": xlsx(rows)}, follow=True)
        self.assertEqual(preview.status_code, 200)
        job = preview.context["job"]
        self.assertEqual(len(preview.context["preview"]), 3)
        self.assertFalse(Organisation.objects.filter(code__startswith="IMP-").exists())
        done = self.client.post(f"{self.url}{job.pk}/", {"confirm": "1"})
        self.assertEqual(done.status_code, 302)
        imported = Organisation.objects.filter(code__startswith="IMP-")
        self.assertEqual(imported.count(), 3)
        self.assertEqual(imported.first().valid_from, datetime.date(2025, 7, 1))
        self.assertTrue(all(o.path.startswith(self.world.a.path) for o in imported))

    def test_rows_outside_scope_are_refused(self):
        self.client.force_login(self.world.a_admin)
        response = self.client.post(self.url, {"file": xlsx([["IMP-9", "Ngoài", "test_kind", "T-B", ""]])}, follow=True)
        self.assertEqual(response.context["job"].status, "invalid")
        self.assertEqual([field for _, field, _ in response.context["errors"]], ["parent"])

    def test_garbage_file_is_a_field_error(self):
        self.client.force_login(self.world.a_admin)
        garbage = io.BytesIO(b"\x00\x01 not a spreadsheet")
        garbage.name = "x.xlsx"
        response = self.client.post(self.url, {"file": garbage}, follow=True)
        self.assertEqual(response.context["job"].status, "invalid")
        [(row, field, message)] = response.context["errors"]
        self.assertEqual((row, field), (None, ""))
        self.assertIn(".xlsx", message)

    def test_csv_with_semicolons_and_bom(self):
        self.client.force_login(self.world.a_admin)
        content = "\ufeffcode;name;kind;parent;valid_from\nCSV-1;Đồn Chi Ma;test_kind;T-A;01/07/2025\n".encode()
        upload = io.BytesIO(content)
        upload.name = "don-vi.csv"
        response = self.client.post(self.url, {"file": upload}, follow=True)
        self.assertEqual(response.context["job"].status, "previewed", response.context.get("errors"))


class TestBackgroundExport(WorldMixin, TestCase):
    def test_job_exports_only_what_the_user_may_see(self):
        self.client.force_login(self.world.a_viewer)
        response = self.client.post(reverse("core:exports"), {"model": "orgs.Organisation", "query": "", "fmt": "xlsx"})
        self.assertEqual(response.status_code, 302)
        export = BackgroundExport.objects.get(user=self.world.a_viewer)
        self.assertEqual(export.status, "done")  # the test settings run jobs immediately
        self.assertEqual(export.row_count, 2)  # post A and its cell, not the province or commune B
        download = self.client.get(reverse("core:export_download", args=[export.pk]))
        self.assertEqual(download.status_code, 200)
        self.client.force_login(self.world.b_admin)
        self.assertEqual(self.client.get(reverse("core:export_download", args=[export.pk])).status_code, 404)


@pytest.mark.django_db
def test_openapi_schema_is_valid(client, django_user_model):
    from openapi_spec_validator import validate

    user = django_user_model.objects.create_user("schema", password="x" * 12)
    client.force_login(user)
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    import json

    spec = json.loads(response.content)
    validate(spec)
    assert "/api/orgs/organisations/" in spec["paths"]
    assert client.get("/api/docs/").status_code == 200


def test_production_settings_pass_check_deploy(monkeypatch):
    import subprocess
    import sys

    env = {
        "DJANGO_SETTINGS_MODULE": "phoihop.settings.production",
        "SECRET_KEY": "test-" + "k" * 60 + "0123456789ABCDEFGHIJ",
        "ALLOWED_HOSTS": "phoihop.example.vn",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


class TestExportedIdsAreNotLocalised(TestCase):
    def test_an_id_above_a_thousand_exports_as_a_plain_integer(self):
        from phoihop.core.importexport import export_resource_for
        from phoihop.orgs.models import OrganisationKind

        OrganisationKind.objects.create(pk=2480, code="k2480", name="Kind 2480")
        dataset = export_resource_for(OrganisationKind)().export(OrganisationKind.objects.filter(pk=2480))
        self.assertEqual(dataset["id"], [2480])
