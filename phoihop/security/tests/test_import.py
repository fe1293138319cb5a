"""Cases import from a spreadsheet by codes, and an exported file imports back unchanged."""

import tablib
from django.test import TestCase

from phoihop.core.importexport import read_dataset, run_import
from phoihop.core.testing.views import WorldMixin
from phoihop.movements.tests.factories import make_marker
from phoihop.programs.tests.factories import make_commune, make_village
from phoihop.security.models import Case
from phoihop.security.resources.cases import CaseResource
from phoihop.security.tests.factories import make_case, make_operation

COLUMNS = ["code", "occurred_on", "occurred_time", "category", "role", "unit", "commune", "village", "marker"]
COLUMNS += ["subject_count", "outcome", "outcome_on", "fine_amount", "budget_receipts", "classification"]


class TestCaseImport(WorldMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.commune = make_commune("T20931", "Đồng Đăng")
        cls.village = make_village(cls.commune, "Bản Pò Mã")
        cls.marker = make_marker(cls.world.a, number="979")

    def row(self, **values):
        row = {
            "code": "LS1225.7",
            "occurred_on": "05/12/2025",
            "occurred_time": "22:15",
            "category": "buon-lau",
            "role": "lead",
            "unit": "T-A",
            "commune": "T20931",
            "village": "Bản Pò Mã",
            "marker": "979",
            "subject_count": 3,
            "outcome": "fined",
            "outcome_on": "06/12/2025",
            "fine_amount": 15000000,
            "budget_receipts": 15000000,
            "classification": 0,
        }
        row.update(values)
        return [row[column] for column in COLUMNS]

    def dataset(self, rows):
        return tablib.Dataset(*rows, headers=COLUMNS)

    def test_a_case_imports_by_codes(self):
        _result, errors = run_import(
            CaseResource(user=self.world.a_reporter), self.dataset([self.row()]), dry_run=False
        )
        self.assertEqual(errors, [])
        case = Case.objects.get(code="LS1225.7")
        self.assertEqual(
            (case.unit, case.village, case.marker, case.nature),
            (self.world.a, self.village, self.marker, "administrative"),
        )
        self.assertEqual(case.occurred_time.strftime("%H:%M"), "22:15")

    def test_bad_rows_are_numbered_and_nothing_is_imported(self):
        rows = [self.row(code="A"), self.row(code="B", unit="T-B"), self.row(code="C", outcome="pending")]
        _result, errors = run_import(CaseResource(user=self.world.a_reporter), self.dataset(rows), dry_run=False)
        self.assertEqual(
            {(row, field) for row, field, _message in errors}, {(3, "unit"), (4, "outcome_on")} | {(4, "fine_amount")}
        )
        self.assertFalse(Case.objects.filter(code__in=["A", "B", "C"]).exists())

    def test_an_export_imports_back_unchanged(self):
        operation = make_operation(self.world.a)
        case = make_case(self.world.a, self.commune, operation=operation, marker=self.marker, village=self.village)
        self.client.force_login(self.world.a_reporter)
        response = self.client.get("/security/cases/", {"export": "xlsx"})
        self.assertEqual(response.status_code, 200)
        dataset = read_dataset(response.content, "vu-viec.xlsx")
        before = Case.objects.values().get(pk=case.pk)
        _result, errors = run_import(CaseResource(user=self.world.a_reporter), dataset, dry_run=False)
        self.assertEqual(errors, [])
        after = Case.objects.values().get(pk=case.pk)
        changed = {k for k in before if before[k] != after[k]} - {"updated_at", "version", "updated_by_id"}
        self.assertEqual(changed, set())
