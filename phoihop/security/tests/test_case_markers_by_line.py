"""A case names its nearest marker by number, and by border line and number where the number is on several lines
(``border.resources.MarkerWidget``); an export of a case near a Vietnam–Laos marker imports back."""

import tablib
from django.test import TestCase

from phoihop.border.choices import BorderLine
from phoihop.core.importexport import read_dataset, run_import
from phoihop.core.testing.views import WorldMixin
from phoihop.movements.tests.factories import make_marker
from phoihop.programs.tests.factories import make_commune, make_village
from phoihop.security.models import Case
from phoihop.security.resources.cases import CaseResource
from phoihop.security.tests.factories import make_case

COLUMNS = ["code", "occurred_on", "category", "role", "unit", "commune", "village", "marker", "outcome"]


class TestCaseMarkerByLine(WorldMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.commune = make_commune("T20931", "Đồng Đăng")
        cls.village = make_village(cls.commune, "Bản Pò Mã")
        cls.cn_979 = make_marker(cls.world.a, number="979")
        cls.la_979 = make_marker(cls.world.a, number="979", border_line=BorderLine.LA)
        cls.cn_980 = make_marker(cls.world.a, number="980")

    def run(self, *markers):
        rows = [
            [f"LS-{k}", "05/12/2025", "buon-lau", "lead", "T-A", "T20931", "Bản Pò Mã", marker, "pending"]
            for k, marker in enumerate(markers)
        ]
        resource = CaseResource(user=self.world.a_reporter)
        return run_import(resource, tablib.Dataset(*rows, headers=COLUMNS), dry_run=False)[1]

    def test_a_number_on_two_lines_is_a_numbered_error(self):
        errors = self.run("980", "979")
        self.assertEqual(
            errors,
            [
                (
                    3,
                    "marker",
                    "Mốc 979 có trên nhiều tuyến biên giới (Việt Nam – Trung Quốc, Việt Nam – Lào): ghi rõ tuyến, "
                    "ví dụ LA-979.",
                )
            ],
        )
        self.assertFalse(Case.objects.exists())

    def test_the_line_and_number_and_a_number_on_one_line(self):
        self.assertEqual(self.run("LA-979", "CN-979", 980), [])  # 980: a number cell of the spreadsheet
        self.assertEqual(
            list(Case.objects.order_by("code").values_list("marker", flat=True)),
            [self.la_979.pk, self.cn_979.pk, self.cn_980.pk],
        )

    def test_an_export_of_a_case_near_a_vietnam_laos_marker_imports_back(self):
        case = make_case(self.world.a, self.commune, marker=self.la_979, village=self.village)
        self.client.force_login(self.world.a_reporter)
        response = self.client.get("/security/cases/", {"export": "xlsx"})
        dataset = read_dataset(response.content, "vu-viec.xlsx")
        self.assertIn("LA-979", list(dataset.dict[0].values()))  # the marker column, headed in Vietnamese
        Case.objects.filter(pk=case.pk).update(marker=self.cn_980)
        _result, errors = run_import(CaseResource(user=self.world.a_reporter), dataset, dry_run=False)
        self.assertEqual(errors, [])
        case.refresh_from_db()
        self.assertEqual(case.marker, self.la_979)
