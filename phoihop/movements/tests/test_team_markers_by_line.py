"""Self-management teams name their markers by number, and by border line and number where a number is on several
lines (each line numbers its markers from 1): "979", "LA-12" (``border.resources.MarkersWidget``)."""

import io

import openpyxl
import tablib
from django.test import TestCase
from django.urls import reverse

from phoihop.border.choices import BorderLine
from phoihop.core.importexport import read_dataset, run_import
from phoihop.core.testing.views import WorldMixin
from phoihop.movements.models import SelfManagementTeam
from phoihop.movements.resources.teams import SelfManagementTeamResource
from phoihop.movements.tests.factories import build_places, make_marker, make_team

AMBIGUOUS = "Mốc 12 có trên nhiều tuyến biên giới (Việt Nam – Trung Quốc, Việt Nam – Lào): ghi rõ tuyến, ví dụ LA-12."


class TestTeamMarkersByLine(WorldMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.places = build_places()
        cls.cn_12 = make_marker(cls.world.a, number="12")
        cls.la_12 = make_marker(cls.world.a, number="12", border_line=BorderLine.LA)
        cls.cn_979 = make_marker(cls.world.a, number="979")

    def dataset(self, *cells):
        data = tablib.Dataset(headers=["kind", "name", "post", "commune", "village", "purpose", "markers"])
        for k, markers in enumerate(cells):
            data.append(["team", f"Tổ tự quản nhập từ tệp {k}", "T-A", "T20201", "Thôn Khòn Pổ", "both", markers])
        return data

    def run(self, *cells, user=None):
        resource = SelfManagementTeamResource(user=user or self.world.a_reporter)
        return run_import(resource, self.dataset(*cells), dry_run=False)[1]

    def test_a_number_on_two_lines_is_a_numbered_error_naming_the_lines_and_nothing_is_written(self):
        errors = self.run("979", "979, 12")
        self.assertEqual(errors, [(3, "markers", AMBIGUOUS)])
        self.assertFalse(SelfManagementTeam.objects.exists())

    def test_the_line_and_number_name_one_marker(self):
        self.assertEqual(self.run("LA-12, cn-12, 979"), [])
        team = SelfManagementTeam.objects.get()
        self.assertEqual(set(team.markers.all()), {self.la_12, self.cn_12, self.cn_979})

    def test_a_bare_number_is_ambiguous_only_within_the_importers_scope(self):
        make_marker(self.world.b, number="14", border_line=BorderLine.KH)
        own = make_marker(self.world.a, number="14")
        self.assertEqual(self.run("14"), [])  # a_reporter does not see post B's KH-14
        self.assertEqual(list(SelfManagementTeam.objects.get().markers.all()), [own])

    def test_unknown_markers_and_lines_are_errors(self):
        errors = self.run("LA-979", "TH-12")
        self.assertEqual(
            errors,
            [
                (2, "markers", "Không có mốc “LA-979” trong số các mốc đồng chí được phép sử dụng."),
                (3, "markers", "“TH-12”: TH không phải là mã tuyến biên giới. Ghi tuyến bằng CN, LA, KH, ví dụ LA-12."),
            ],
        )

    def test_an_export_names_the_line_off_the_vietnam_china_border_and_imports_back(self):
        team = make_team(self.world.a, self.places, markers=[self.la_12, self.cn_979])
        self.client.force_login(self.world.a_reporter)
        response = self.client.get(reverse("movements:selfmanagementteam_list"), {"export": "xlsx"})
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        column = [cell.value for cell in sheet[1]].index("Số hiệu các mốc tự quản") + 1
        self.assertEqual(sorted(sheet.cell(row=2, column=column).value.split(",")), ["979", "LA-12"])

        team.markers.set([self.cn_979])
        dataset = read_dataset(response.content, "to-tu-quan.xlsx")
        _result, errors = run_import(SelfManagementTeamResource(user=self.world.a_reporter), dataset, dry_run=False)
        self.assertEqual(errors, [])
        self.assertEqual(set(team.markers.all()), {self.la_12, self.cn_979})

    def test_a_vietnam_china_marker_whose_number_is_on_another_line_is_exported_with_its_line(self):
        team = make_team(self.world.a, self.places, markers=[self.cn_12])
        self.client.force_login(self.world.a_reporter)
        response = self.client.get(reverse("movements:selfmanagementteam_list"), {"export": "xlsx"})
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        column = [cell.value for cell in sheet[1]].index("Số hiệu các mốc tự quản") + 1
        self.assertEqual(sheet.cell(row=2, column=column).value, "CN-12")  # a bare "12" would not import back
        dataset = read_dataset(response.content, "to-tu-quan.xlsx")
        _result, errors = run_import(SelfManagementTeamResource(user=self.world.a_reporter), dataset, dry_run=False)
        self.assertEqual(errors, [])
        self.assertEqual(list(team.markers.all()), [self.cn_12])
