"""Formula injection: no export writes a live formula.

Every record type with view tests runs ``RecordViewTests.test_exports_write_formulas_as_text`` (a formula in each
text field, exported as .xlsx and .csv from the page and from a background job). This module checks that every
registered list is covered that way or here, and feeds a formula to every other writer: the list exports of the
types without view tests, the report annexes, the inspection schedule, the statistics, the completeness table and
the dissemination coverage.
"""

import datetime
import importlib
import io
import pkgutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.test import TestCase
from django.urls import reverse

import phoihop
from phoihop.core.spreadsheets import safe_cell, safe_dataset, workbook_bytes
from phoihop.core.testing import formulas
from phoihop.core.testing.formulas import PAYLOAD
from phoihop.core.testing.views import RecordViewTests, WorldMixin
from phoihop.orgs.models import Organisation, OrganisationKind

#: registered lists whose export is checked in this module rather than by a RecordViewTests subclass
CHECKED_HERE = {"orgs.OrganisationKind", "work.DocumentType", "reports.Report"}
#: the test-only app's record type
TEST_ONLY = {"testapp.SecretNote"}


# --- the function --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [PAYLOAD, "+1+2", "-1+2", "@SUM(A1)", "\tcmd", "\r=1", "=cmd|' /C calc'!A0", "-"])
def test_text_a_spreadsheet_would_run_gets_an_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value",
    [-5, -12.5, Decimal("-3.5"), 0, True, False, None, datetime.date(2025, 1, 2), "Đồn Biên phòng", "", "a=b"],
)
def test_numbers_dates_booleans_and_plain_text_are_unchanged(value):
    assert safe_cell(value) is value


@pytest.mark.parametrize("text", ["-5", "-12,5", "-3.840,5", "+84", "- 1"])
def test_numbers_printed_as_text_are_unchanged(text):
    expected = text if text != "- 1" else "'- 1"
    assert safe_cell(text) == expected


def test_dataset_and_workbook_are_neutralised():
    import tablib

    dataset = tablib.Dataset(headers=["=title", "n"])
    dataset.append([PAYLOAD, -3])
    safe = safe_dataset(dataset)
    assert safe.headers == ["'=title", "n"]
    assert safe[0] == ("'" + PAYLOAD, -3)
    assert formulas.formula_problems_csv(safe.export("csv")) == []
    assert formulas.formula_problems_xlsx(safe.export("xlsx")) == []

    book = openpyxl.Workbook()
    book.active.append([PAYLOAD, -3, "@x"])
    book.create_sheet("Hai")["B2"] = "+1+1"
    assert book.active["A1"].data_type == "f"
    content = workbook_bytes(book)
    assert formulas.formula_problems_xlsx(content) == []
    reread = openpyxl.load_workbook(io.BytesIO(content))
    assert [c.value for c in reread.active[1]] == ["'" + PAYLOAD, -3, "'@x"]
    assert reread["Hai"]["B2"].value == "'+1+1"


# --- coverage of every export --------------------------------------------------------------------------------


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_registered_list_has_its_export_checked():
    from phoihop.core.urls_helpers import REGISTRY

    importlib.import_module(settings.ROOT_URLCONF)
    for module in pkgutil.walk_packages(phoihop.__path__, "phoihop."):
        if ".tests." in module.name and module.name.rsplit(".", 1)[-1].startswith("test_"):
            importlib.import_module(module.name)
    covered = {
        sub.model._meta.label
        for sub in _subclasses(RecordViewTests)
        if sub.model is not None and sub.has_import_export and sub.__name__.startswith("Test")
    }
    missing = sorted(set(REGISTRY) - covered - CHECKED_HERE - TEST_ONLY)
    assert missing == [], f"lists whose export nobody checks for formulas: {missing}"


def test_every_workbook_writer_saves_through_workbook_bytes():
    """A new .xlsx writer must save through ``workbook_bytes`` (which neutralises every cell)."""
    root = Path(phoihop.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "testing" in path.parts or path.name == "spreadsheets.py":
            continue
        source = path.read_text(encoding="utf-8")
        if "Workbook(" in source and "workbook_bytes(" not in source:
            offenders.append(str(path.relative_to(root)))
        if "csv.writer(" in source or "csv.DictWriter(" in source:
            offenders.append(str(path.relative_to(root)))
    assert offenders == []


# --- lists without their own view tests -----------------------------------------------------------------------


class ExportChecks:
    def assert_export_safe(self, url, payloads=(PAYLOAD,)):
        for fmt in ("xlsx", "csv"):
            response = self.client.get(url, {"export": fmt})
            self.assertEqual(response.status_code, 200)
            if fmt == "xlsx":
                self.assertEqual(formulas.formula_problems_xlsx(response.content), [])
                values = formulas.xlsx_texts(response.content)
            else:
                self.assertEqual(formulas.formula_problems_csv(response.content), [])
                values = formulas.csv_cells(response.content)
            carrying, raw = formulas.neutralised(values, payloads)
            self.assertTrue(carrying, f"{url} {fmt}: the payload is not exported")
            self.assertEqual(raw, [])

    def assert_workbook_safe(self, content, payloads=(PAYLOAD,)):
        self.assertEqual(formulas.formula_problems_xlsx(content), [])
        carrying, raw = formulas.neutralised(formulas.xlsx_texts(content), payloads)
        self.assertTrue(carrying, "the payload is not in the workbook")
        self.assertEqual(raw, [])

    def name_organisations(self, *organisations):
        Organisation.objects.filter(pk__in=[o.pk for o in organisations]).update(name=PAYLOAD, short_name=PAYLOAD)


class TestListsCheckedHere(ExportChecks, WorldMixin, TestCase):
    def test_organisation_kinds(self):
        kind = OrganisationKind.objects.create(code="inj", name="Loại")
        payloads = formulas.inject_formulas(kind)
        self.login(self.world.p_admin)
        self.assert_export_safe(reverse(OrganisationKind.url_name("list")), payloads)

    def test_document_types(self):
        from phoihop.work.models import DocumentType
        from phoihop.work.tests.factories import document_type

        kind = document_type()
        payloads = formulas.inject_formulas(kind)
        self.login(self.world.p_admin)
        self.assert_export_safe(reverse(DocumentType.url_name("list")), payloads)

    def test_users(self):
        from phoihop.accounts.models import User

        User.objects.filter(pk=self.world.a_viewer.pk).update(full_name=PAYLOAD, position=PAYLOAD)
        self.login(self.world.superuser if hasattr(self.world, "superuser") else self.world.p_admin)
        self.assert_export_safe(reverse("accounts:user_list"))

    def test_reports(self):
        from phoihop.reports import services
        from phoihop.reports.models import Report, ReportTemplate

        with self.captureOnCommitCallbacks(execute=True):
            report = services.report_request(
                acting_user=self.world.a_reporter,
                organisation=self.world.a,
                template=ReportTemplate.YEARLY,
                reference_date=datetime.date(2025, 5, 1),
            )
        payloads = formulas.inject_formulas(report)
        self.name_organisations(self.world.a)
        self.login(self.world.a_viewer)
        self.assert_export_safe(reverse(Report.url_name("list")), [*payloads, PAYLOAD])


# --- the other writers ---------------------------------------------------------------------------------------


class TestOtherWriters(ExportChecks, WorldMixin, TestCase):
    def test_report_annex_workbook(self):
        from phoihop.reports.formats.xlsx import render_xlsx
        from phoihop.reports.tests.test_formats import make_document

        doc = make_document("state")
        doc.title = PAYLOAD
        doc.number = "-1+1"
        doc.tables[0].rows.append([PAYLOAD, "@x", "-2", None])
        doc.tables[0].headers[0] = "+header"
        content = render_xlsx(doc)
        self.assert_workbook_safe(content, [PAYLOAD, "-1+1", "@x", "+header"])
        sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[1]
        self.assertIn(-2, [cell.value for row in sheet.iter_rows() for cell in row])  # a number stays a number

    def test_inspection_schedule(self):
        from phoihop.border.tests.test_schedule import make_marker

        make_marker(self.world.a, "1117", kind="main")
        self.name_organisations(self.world.a)
        self.login(self.world.a_viewer)
        response = self.client.get(reverse("border:schedule"), {"export": "xlsx"})
        self.assertEqual(response.status_code, 200)
        self.assert_workbook_safe(response.content)

    def test_statistics(self):
        from phoihop.work.tests.factories import make_task

        make_task(self.world, lead=self.world.a)
        self.name_organisations(self.world.a)
        self.login(self.world.a_viewer)
        response = self.client.get(reverse("work:statistics"), {"export": "xlsx"})
        self.assertEqual(response.status_code, 200)
        self.assert_workbook_safe(response.content)

    def test_figure_completeness(self):
        from phoihop.programs.tests.factories import make_indicator, make_programme

        programme = make_programme(self.world.province, participants=[self.world.a])
        make_indicator(programme, code="DT", deadline_days=5)
        self.name_organisations(self.world.a)
        self.login(self.world.p_viewer)
        query = {"programme": programme.pk, "period_type": "month", "date_from": "01/01/2025", "date_to": "31/03/2025"}
        response = self.client.get("/programs/figures/completeness/", {**query, "export": "xlsx"})
        self.assertEqual(response.status_code, 200)
        self.assert_workbook_safe(response.content)

    def test_dissemination_coverage(self):
        from phoihop.work.tests.test_dissemination import make_duty

        make_duty(self.world.a, assigned_by=self.world.province)
        self.name_organisations(self.world.a)
        self.login(self.world.p_viewer)
        response = self.client.get(reverse("work:dissemination_coverage"), {"export": "xlsx"})
        self.assertEqual(response.status_code, 200)
        self.assert_workbook_safe(response.content)
