"""List exports as an official would open them: one sheet named after the list, a bold frozen header with a
filter, real dates shown dd/mm/yyyy, numbers as numbers with one format per column — and a task's lead and
coordinating units."""

import datetime
import io
from decimal import Decimal

import openpyxl
import tablib
from django.test import SimpleTestCase, TestCase

from phoihop.core.spreadsheets import dataset_xlsx, sheet_title
from phoihop.core.testing.views import WorldMixin
from phoihop.work.tests.factories import make_task


class WorkbookTests(SimpleTestCase):
    def test_sheet_header_dates_and_numbers(self):
        data = tablib.Dataset(headers=["Tên", "Ngày ký", "Lúc", "Số", "Diện tích"])
        data.append(["Kế hoạch", "01/07/2025", "05/01/2026 14:30", 3, Decimal("12")])
        data.append(["=HYPERLINK(1)", "", "", 12345, Decimal("3840.5")])
        sheet = openpyxl.load_workbook(io.BytesIO(dataset_xlsx(data, "Nhiệm vụ"))).active
        self.assertEqual(sheet.title, "Nhiệm vụ")
        self.assertTrue(sheet["A1"].font.bold)
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertEqual(sheet["B2"].value, datetime.datetime(2025, 7, 1))  # 1 July, a real date
        self.assertEqual(sheet["B2"].number_format, "DD/MM/YYYY")
        self.assertEqual(sheet["C2"].value, datetime.datetime(2026, 1, 5, 14, 30))
        self.assertEqual(sheet["D3"].value, 12345)
        # one format for the column: 12 is printed like 3.840,5's column
        self.assertEqual({sheet["E2"].number_format, sheet["E3"].number_format}, {"#,##0.0##"})
        self.assertEqual(sheet["A3"].value, "'=HYPERLINK(1)")  # formula injection stays neutralised

    def test_sheet_titles(self):
        self.assertEqual(
            sheet_title("Nhiệm vụ quán triệt văn bản của các tổ chức đảng"), "Nhiệm vụ quán triệt văn bản của"
        )
        self.assertEqual(sheet_title("Mốc [phụ]: a/b"), "Mốc  phụ   a b")
        self.assertLessEqual(len(sheet_title("x" * 50)), 31)


class TaskExportTests(WorldMixin, TestCase):
    def test_the_task_export_names_its_units(self):
        w = self.world
        make_task(w, assigner=w.province, lead=w.a, coordinating=[w.b, w.a1], deadline=datetime.date(2030, 7, 1))
        self.client.force_login(w.p_admin)
        response = self.client.get("/work/tasks/", {"export": "xlsx"})
        self.assertEqual(response.status_code, 200)
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        self.assertNotEqual(sheet.title, "Tablib Dataset")
        headers = [cell.value for cell in sheet[1]]
        row = dict(zip(headers, [cell.value for cell in sheet[2]], strict=True))
        lead = next(h for h in headers if h and h.lower().startswith(("đơn vị chủ trì", "lead unit")))
        coordinating = next(h for h in headers if h and h.lower().startswith(("đơn vị phối hợp", "coordinating")))
        self.assertEqual(row[lead], w.a.name)
        self.assertEqual(set(row[coordinating].split("; ")), {w.b.name, w.a1.name})
        deadline = next(h for h in headers if h and "hạn" in h.lower())
        self.assertIsInstance(row[deadline], datetime.datetime)
