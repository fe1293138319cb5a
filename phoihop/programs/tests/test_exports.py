"""Exports of forest plots, resettlements, houses and periodic figures: Vietnamese headers, labels, real dates and
numbers, the names of the related records; each file imports back unchanged."""

import datetime
import io
from decimal import Decimal

import openpyxl
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from phoihop.core.importexport import read_dataset, run_import
from phoihop.core.testing.views import WorldMixin
from phoihop.programs.choices import HouseStatus, VillageKind
from phoihop.programs.models import ForestPlot, House, PeriodicFigure, Resettlement
from phoihop.programs.resources.figures import PeriodicFigureResource
from phoihop.programs.resources.records import ForestPlotResource, HouseResource, ResettlementResource
from phoihop.programs.tests.factories import (
    make_commune,
    make_forest_plot,
    make_house,
    make_programme,
    make_resettlement,
)
from phoihop.programs.tests.test_figures import WorkflowMixin, make_figure
from phoihop.programs.tests.test_records import PlacesMixin


def rows_of(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    header = [cell.value for cell in sheet[1]]
    return sheet, header, [dict(zip(header, [c.value for c in row], strict=True)) for row in sheet.iter_rows(min_row=2)]


def snapshot(model, *fields):
    return {record.pk: tuple(getattr(record, f) for f in fields) for record in model.objects.order_by("pk")}


class ExportMixin:
    def export(self, name, fmt="xlsx", **params):
        response = self.client.get(reverse(f"programs:{name}_list"), {"export": fmt, **params})
        self.assertEqual(response.status_code, 200)
        return response.content

    def imports_back(self, resource_class, name, model, fields):
        """The list's .xlsx and .csv exports re-imported: every row updates its record, which stays as it was."""
        before = snapshot(model, *fields)
        for fmt in ("xlsx", "csv"):
            with self.subTest(fmt):
                dataset = read_dataset(self.export(name, fmt), f"{name}.{fmt}")
                result, errors = run_import(resource_class(user=self.world.a_reporter), dataset, dry_run=False)
                self.assertEqual(errors, [])
                self.assertEqual(result.totals["update"], len(before))
                self.assertEqual(snapshot(model, *fields), before)


class TestPlaceExports(ExportMixin, PlacesMixin, WorldMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.programme = make_programme(cls.world.a, code="DA-661", name="Dự án trồng rừng 661")

    def setUp(self):
        self.login(self.world.a_reporter)

    def test_forest_plots(self):
        make_forest_plot(
            self.world.a,
            self.commune,
            code="LO-1",
            programme=self.programme,
            village=self.village,
            planted_on=datetime.date(2025, 3, 15),
            area_ha=Decimal("3840.50"),
            survival_pct=Decimal("92.5"),
        )
        sheet, header, rows = rows_of(self.export("forestplot"))
        self.assertEqual(sheet.title, "Lô rừng")
        self.assertEqual(
            header[:9],
            [
                "Mã số",
                "Mã lô",
                "Mã chương trình",
                "Chương trình",
                "Mã đơn vị",
                "Đơn vị báo cáo",
                "Mã xã",
                "Tên xã",
                "Thôn, bản",
            ],
        )
        row = rows[0]
        self.assertEqual(
            (row["Mã chương trình"], row["Chương trình"], row["Đơn vị báo cáo"], row["Tên xã"], row["Thôn, bản"]),
            ("DA-661", "Dự án trồng rừng 661", "Đồn Biên phòng Ba Sơn", "Thụy Hùng", "Bản Nà Lạn"),
        )
        self.assertEqual(row["Ngày trồng xong"], datetime.datetime(2025, 3, 15))
        self.assertEqual((row["Năm trồng"], row["Diện tích (ha)"], row["Tỷ lệ cây sống (%)"]), (2025, 3840.5, 92.5))
        fields = ("code", "programme_id", "organisation_id", "commune_id", "village_id", "planted_on", "area_ha")
        self.imports_back(ForestPlotResource, "forestplot", ForestPlot, (*fields, "survival_pct", "species"))

    def test_resettlements_and_houses(self):
        make_resettlement(self.world.a, self.commune, village=self.village, village_kind=VillageKind.NEW)
        _sheet, _header, rows = rows_of(self.export("resettlement"))
        self.assertEqual(
            (rows[0]["Ngày bố trí dân cư"], rows[0]["Loại thôn, bản"], rows[0]["Số hộ"], rows[0]["Số nhân khẩu"]),
            (datetime.datetime(2025, 7, 1), "Thôn, bản mới", 5, 21),
        )
        fields = ("date", "village_kind", "households", "people", "commune_id", "village_id")
        self.imports_back(ResettlementResource, "resettlement", Resettlement, fields)

        make_house(
            self.world.a,
            self.commune,
            status=HouseStatus.HANDED_OVER,
            start_date=datetime.date(2025, 3, 1),
            handover_date=datetime.date(2025, 5, 19),
        )
        _sheet, header, rows = rows_of(self.export("house"))
        self.assertIn("Đơn vị xây dựng", header)
        self.assertEqual(
            (rows[0]["Trạng thái"], rows[0]["Ngày bàn giao"], rows[0]["Tổng kinh phí (đồng)"]),
            ("Đã bàn giao", datetime.datetime(2025, 5, 19), 0),
        )
        fields = ("status", "start_date", "handover_date", "household_size", "commune_id", "total_cost")
        self.imports_back(HouseResource, "house", House, fields)

    def test_queries_do_not_grow_with_the_rows(self):
        make_forest_plot(self.world.a, self.commune, programme=self.programme, village=self.village)
        self.export("forestplot")  # warm-up
        with CaptureQueriesContext(connection) as few:
            self.export("forestplot")
        for n in range(6):
            commune = make_commune(f"T3{n:04d}", f"Xã {n}")
            programme = make_programme(self.world.a)
            make_forest_plot(self.world.a, commune, programme=programme)
        with CaptureQueriesContext(connection) as many:
            self.export("forestplot")
        self.assertEqual(len(few), len(many), [query["sql"] for query in many.captured_queries])


class TestFigureExport(ExportMixin, WorkflowMixin, TestCase):
    def test_headers_values_and_round_trip(self):
        make_figure(self.indicator, self.world.a, period_start=datetime.date(2031, 3, 1), value=Decimal("3840.5"))
        self.login(self.world.a_reporter)
        sheet, header, rows = rows_of(self.export("periodicfigure"))
        self.assertEqual(sheet.title, "Số liệu định kỳ")
        self.assertEqual(
            header,
            [
                "Mã chương trình",
                "Chương trình",
                "Mã chỉ tiêu",
                "Chỉ tiêu",
                "Đơn vị tính",
                "Mã đơn vị",
                "Đơn vị báo cáo",
                "Loại kỳ",
                "Ngày đầu kỳ",
                "Kỳ báo cáo",
                "Số liệu",
                "Trạng thái",
                "Ghi chú",
            ],
        )
        row = rows[0]
        self.assertEqual(
            (row["Mã chỉ tiêu"], row["Chỉ tiêu"], row["Đơn vị tính"], row["Đơn vị báo cáo"]),
            (self.indicator.code, self.indicator.name, "ha", "Đồn Biên phòng Ba Sơn"),
        )
        self.assertEqual((row["Loại kỳ"], row["Kỳ báo cáo"], row["Trạng thái"]), ("Tháng", "Tháng 03/2031", "Dự thảo"))
        self.assertEqual((row["Ngày đầu kỳ"], row["Số liệu"]), (datetime.datetime(2031, 3, 1), 3840.5))
        fields = ("indicator_id", "organisation_id", "period_start", "period_type", "value", "note", "status")
        self.imports_back(PeriodicFigureResource, "periodicfigure", PeriodicFigure, fields)
