"""The area list's export: Vietnamese headers, the kind by label, yes/no, real numbers and dates, the parent by code
and by name; the file imports back unchanged."""

import datetime
import io
from decimal import Decimal

import openpyxl
from django.conf import settings
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from phoihop.core.importexport import read_dataset, run_import
from phoihop.core.testing.views import WorldMixin
from phoihop.orgs.models import Area
from phoihop.orgs.resources import AreaResource

LIST = reverse("orgs:area_list")


def rows_of(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    header = [cell.value for cell in sheet[1]]
    return sheet, header, [dict(zip(header, [c.value for c in row], strict=True)) for row in sheet.iter_rows(min_row=2)]


class TestAreaExport(WorldMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.province = Area.objects.create(code=settings.PHOIHOP_PROVINCE_CODE, name="Tỉnh Lạng Sơn", kind="province")
        cls.commune = Area.objects.create(
            code="06196",
            name="Xã Ba Sơn",
            kind="commune",
            parent=cls.province,
            is_border_commune=True,
            border_length_km=Decimal("12.500"),
            valid_from=datetime.date(2025, 7, 1),
            note="Sáp nhập năm 2025",
        )

    def snapshot(self):
        fields = ("code", "name", "kind", "parent_id", "is_border_commune", "border_length_km", "valid_from", "note")
        return {area.code: tuple(getattr(area, f) for f in fields) for area in Area.objects.all()}

    def test_headers_labels_and_values(self):
        self.login(self.world.p_admin)
        sheet, header, rows = rows_of(self.client.get(LIST, {"export": "xlsx"}).content)
        self.assertEqual(sheet.title, "Đơn vị hành chính")
        self.assertEqual(
            header,
            [
                "Mã",
                "Tên",
                "Loại đơn vị hành chính",
                "Mã đơn vị hành chính cấp trên",
                "Đơn vị hành chính cấp trên",
                "Xã biên giới",
                "Chiều dài đường biên giới (km)",
                "Hiệu lực từ",
                "Hiệu lực đến",
                "Ghi chú",
            ],
        )
        commune = next(row for row in rows if row["Mã"] == "06196")
        self.assertEqual(
            (commune["Loại đơn vị hành chính"], commune["Mã đơn vị hành chính cấp trên"]),
            ("Xã", settings.PHOIHOP_PROVINCE_CODE),
        )
        self.assertEqual((commune["Đơn vị hành chính cấp trên"], commune["Xã biên giới"]), ("Tỉnh Lạng Sơn", "Có"))
        self.assertEqual(commune["Chiều dài đường biên giới (km)"], 12.5)  # a number, not the text "12,500"
        self.assertEqual(commune["Hiệu lực từ"], datetime.datetime(2025, 7, 1))  # a real date
        province = next(row for row in rows if row["Mã"] == settings.PHOIHOP_PROVINCE_CODE)
        self.assertEqual((province["Xã biên giới"], province["Hiệu lực từ"]), ("Không", None))

    def test_an_exported_file_imports_back_unchanged(self):
        self.login(self.world.p_admin)
        before = self.snapshot()
        for fmt in ("xlsx", "csv"):
            with self.subTest(fmt):
                content = self.client.get(LIST, {"export": fmt}).content
                dataset = read_dataset(content, f"areas.{fmt}")
                result, errors = run_import(AreaResource(user=self.world.p_admin), dataset, dry_run=False)
                self.assertEqual(errors, [])
                self.assertEqual(result.totals["update"], 2)
                self.assertEqual(self.snapshot(), before)  # 12.500 km stays 12.5, not 12,500 km

    def test_queries_do_not_grow_with_the_rows(self):
        self.login(self.world.p_admin)
        self.client.get(LIST, {"export": "xlsx"})  # warm-up
        with CaptureQueriesContext(connection) as few:
            self.client.get(LIST, {"export": "xlsx"})
        for n in range(8):
            parent = Area.objects.create(code=f"D{n}", name=f"Huyện {n}", kind="district", parent=self.province)
            Area.objects.create(code=f"C{n}", name=f"Xã {n}", kind="commune", parent=parent, is_border_commune=True)
        with CaptureQueriesContext(connection) as many:
            self.client.get(LIST, {"export": "xlsx"})
        self.assertEqual(len(few), len(many), [query["sql"] for query in many.captured_queries])
